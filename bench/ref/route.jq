# bench/ref/route.jq - the 20 rules of routes20.json as one jq program, the
# comparable of sc-route for the benchmark: first matching rule wins (rules
# with "continue" only raise the priority), no schedule, no state.
# Made from routes20.json; keep them in step.
if .direction != "in" then . else
. as $r |
  .route = (
    if ($r | .class.intent == "spam") then {rule: "spam", queue: "support-en", mode: "none", priority: 3}
    elif ($r | (.class.vip == true or (.author.followers // 0) >= 10000) and (.class.complaint == true or .class.intent == "complaint")) then {rule: "vip-complaints", queue: "escalation", mode: "dm", priority: 1}
    elif ($r | (.text // "") | test("lawyer|avvocato|abogado|lawsuit"; "i")) then {rule: "legal-threat", queue: "escalation", mode: "public", priority: 1}
    elif ($r | (.author.verified == true) and (.author.followers // 0) >= 50000) then {rule: "press", queue: "escalation", mode: "public", priority: 1}
    elif ($r | (.text // "") | test("outage|down|disservizio|caída"; "i")) then {rule: "outage", queue: "support-en", mode: "public", priority: 2}
    elif ($r | .class.topic == "billing" and (.class.lang // .lang) == "it" and .class.complaint == true) then {rule: "refunds-it", queue: "billing", mode: "public", priority: 2}
    elif ($r | .class.topic == "shipping" and (.class.lang // .lang) == "es") then {rule: "shipping-es", queue: "support-es", mode: "public", priority: 3}
    elif ($r | .class.topic == "shipping" and (.class.lang // .lang) == "it") then {rule: "shipping-it", queue: "support-it", mode: "public", priority: 3}
    elif ($r | .channel == "private") then {rule: "dm-private", queue: "support-en", mode: "dm", priority: 3}
    elif ($r | (.class.sentiment // 0) < -0.5) then {rule: "negative", queue: "support-en", mode: "public", priority: 2}
    elif ($r | (.class.lang // .lang) == "fr") then {rule: "french", queue: "support-en", mode: "public", priority: 3}
    elif ($r | (.class.lang // .lang) == "de") then {rule: "german", queue: "support-en", mode: "public", priority: 3}
    elif ($r | (.class.lang // .lang) == "pt") then {rule: "portuguese", queue: "support-es", mode: "public", priority: 3}
    elif ($r | .source == "mastodon" and (.class.lang // .lang) == "en") then {rule: "mastodon", queue: "support-en", mode: "public", priority: 3}
    elif ($r | .class.wrong_account == true or (.account == "Acme" and (.class.intent // "support") == "support")) then {rule: "wrong-account", queue: "support-en", mode: "public", priority: 2}
    elif ($r | .class.topic == "billing") then {rule: "billing", queue: "billing", mode: "public", priority: 3}
    elif ($r | .account == "Acme" and (.class.intent == "praise" or .class.intent == "chatter")) then {rule: "marketing-chatter", queue: "marketing", mode: "public", priority: 4}
    elif ($r | (.class.lang // .lang) == "it") then {rule: "italian", queue: "support-it", mode: "public", priority: 3}
    elif ($r | (.class.lang // .lang) == "es") then {rule: "spanish", queue: "support-es", mode: "public", priority: 3}
    elif ($r | true) then {rule: "english", queue: "support-en", mode: "public", priority: 3}
    else {rule: null, queue: "support-en", mode: "public", priority: 3} end)
end
