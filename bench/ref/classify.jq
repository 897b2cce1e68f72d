# bench/ref/classify.jq - a keyword classifier in jq, the comparable of
# sc-classify for the benchmark: language from the record, intent,
# complaint, a word-count sentiment, a topic and VIP from followers, added
# as one "class" object.  Not a model; the point is jq's cost of doing a
# comparable amount of per-record work.
def words: ascii_downcase | [scan("[a-zàèéìòù]+")];
def hits($ws; $list): [$ws[] | select(. as $w | $list | index([$w]))] | length;
(.text // "" | words) as $w
| hits($w; ["not","never","still","again","worst","broken","refund","waiting","angry","terrible","disappointed","ancora","mai","rimborso","vergogna","todavía","nunca","reembolso","pésimo"]) as $neg
| hits($w; ["thanks","thank","great","love","perfect","awesome","grazie","ottimo","gracias","genial","obrigado"]) as $pos
| .class = {
    lang: .lang,
    intent: (if $neg > 0 then "complaint" elif $pos > 0 then "praise"
             elif (.text // "" | test("\\?")) then "question" else "support" end),
    complaint: ($neg > 0),
    sentiment: (($pos - $neg) / (($w | length) + 1)),
    topic: (if hits($w; ["bill","invoice","charged","refund","payment","fattura","factura"]) > 0 then "billing"
            elif hits($w; ["delivery","order","parcel","package","ordine","pedido","spedizione"]) > 0 then "shipping"
            elif hits($w; ["router","wifi","app","login","password","error","internet"]) > 0 then "technical"
            else "other" end),
    vip: ((.author.followers // 0) >= 10000)
  }
