# bench/ref/classify.jq - a keyword classifier in jq, the comparable of
# sc-classify for the benchmark: language from the record, intent,
# complaint, a keyword sentiment, a topic and VIP from followers, added as
# one "class" object.  Not a model; the point is jq's cost of doing a
# comparable amount of per-record work (one regular expression per
# question, as a jq user would write it).  Case is ignored by each test's
# "i" flag: jq 1.6's ascii_downcase is written in jq and costs more than
# all the tests together (../shared/LIBJQ-NOTES.md: ~150 µs a call).
(.text // "") as $t
| ($t | test("\\b(not|never|still|again|worst|broken|refund|waiting|angry|terrible|disappointed|ancora|mai|rimborso|vergogna|todavía|nunca|reembolso|pésimo)\\b"; "i")) as $neg
| ($t | test("\\b(thanks|thank|great|love|perfect|awesome|grazie|ottimo|gracias|genial|obrigado)\\b"; "i")) as $pos
| .class = {
    lang: .lang,
    intent: (if $neg then "complaint" elif $pos then "praise"
             elif ($t | test("\\?"; "i")) then "question" else "support" end),
    complaint: $neg,
    sentiment: ((if $pos then 1 else 0 end) - (if $neg then 1 else 0 end)),
    topic: (if $t | test("\\b(bill|invoice|charged|refund|payment|fattura|factura)\\b"; "i") then "billing"
            elif $t | test("\\b(delivery|order|parcel|package|ordine|pedido|spedizione)\\b"; "i") then "shipping"
            elif $t | test("\\b(router|wifi|app|login|password|error|internet)\\b"; "i") then "technical"
            else "other" end),
    vip: ((.author.followers // 0) >= 10000)
  }
