# bench/ref/classify.jq - a keyword classifier in jq, the comparable of
# sc-classify for the benchmark: language from the record, intent,
# complaint, a keyword sentiment, a topic and VIP from followers, added as
# one "class" object.  Not a model; the point is jq's cost of doing a
# comparable amount of per-record work (one regular expression per
# question, as a jq user would write it).
(.text // "" | ascii_downcase) as $t
| ($t | test("\\b(not|never|still|again|worst|broken|refund|waiting|angry|terrible|disappointed|ancora|mai|rimborso|vergogna|todavía|nunca|reembolso|pésimo)\\b")) as $neg
| ($t | test("\\b(thanks|thank|great|love|perfect|awesome|grazie|ottimo|gracias|genial|obrigado)\\b")) as $pos
| .class = {
    lang: .lang,
    intent: (if $neg then "complaint" elif $pos then "praise"
             elif ($t | test("\\?")) then "question" else "support" end),
    complaint: $neg,
    sentiment: ((if $pos then 1 else 0 end) - (if $neg then 1 else 0 end)),
    topic: (if $t | test("\\b(bill|invoice|charged|refund|payment|fattura|factura)\\b") then "billing"
            elif $t | test("\\b(delivery|order|parcel|package|ordine|pedido|spedizione)\\b") then "shipping"
            elif $t | test("\\b(router|wifi|app|login|password|error|internet)\\b") then "technical"
            else "other" end),
    vip: ((.author.followers // 0) >= 10000)
  }
