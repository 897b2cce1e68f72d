# Shared by the sc-reply tests: a small configuration and records made to
# measure (rec ID LANG INTENT TOPIC [MODE] [EXTRA-JSON]).
load ../helper

setup_reply() {
	ST=$BATS_TEST_TMPDIR/state
	IN=$BATS_TEST_TMPDIR/in
	CFG=$BATS_TEST_TMPDIR/replies.json
	cat >"$CFG" <<'JSON'
{
  "default_language": "en",
  "agents": {"anna": "Anna", "*": "Acme"},
  "queues": {"support": {"tz": "Europe/Rome", "hours": {"it": "lun-ven 9-21", "en": "Mon-Fri 9am-9pm"}}},
  "languages": {
    "it": {"time_format": "%d/%m alle %H:%M",
           "templates": {"complaint:delivery": "Ciao {{author.first_name}}, controlliamo la spedizione. Caso {{case}} ^{{agent}}",
                         "*:billing": "Ciao {{author.first_name}}, verifichiamo l'addebito entro il {{due_local}}. ^{{agent}}",
                         "complaint": "Ciao {{author.first_name}}, ci dispiace. ^{{agent}}",
                         "default": "Ciao {{author.name}}, grazie. ^{{agent}}"},
           "ack": "Ciao, siamo chiusi ({{queue.hours}}), riapriamo il {{reopens_local}}. ^{{agent}}",
           "dm_invite": "Ciao, ti abbiamo scritto in privato. ^{{agent}}",
           "tone": {"banned": ["purtroppo"], "greeting": ["Ciao"], "signature": "^",
                    "max_exclamations": 1, "no_caps": true}},
    "en": {"templates": {"default": "Hi {{author.first_name}}, thanks for writing. ^{{agent}}"},
           "tone": {"greeting": ["Hi", "Hello"], "signature": "^"}},
    "es": {"templates": {"question": "Hola {{author.first_name}}, te respondemos pronto. ^{{agent}}"}}
  }
}
JSON
}

# rec ID LANG INTENT TOPIC [MODE] [EXTRA]: an inbound X message routed to
# support (case 7, owner anna); EXTRA is merged into the record (jq).
rec() {
	local topic=null mode=${5:-public}
	[ "$4" = - ] || topic="\"$4\""
	jq -nc --arg id "$1" --arg lang "$2" --arg intent "$3" --argjson topic "$topic" \
		--arg mode "$mode" --argjson extra "${6:-{\}}" '{
		id: ("x:" + $id), source: "x", channel: "public", direction: "in",
		created_at: "2026-11-24T10:00:00Z", account: "AcmeHelp",
		author: {id: "x:42", handle: "mario_rossi", name: "Mario Rossi"},
		text: "@AcmeHelp help", lang: $lang, conversation_id: ("x:" + $id),
		class: {lang: $lang, intent: $intent, topic: $topic},
		route: {queue: "support", assignee: "anna", mode: $mode, priority: 2,
		        due: "2026-11-24T12:00:00Z", rule: "r", case: 7}} * $extra'
}

# reply_of ID FILTER: the reply of that record passes FILTER.
reply_is() {
	rec_is "$1" ".reply | $2"
}
