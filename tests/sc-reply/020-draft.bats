#!/usr/bin/env bats
# sc-reply: drafting — the fallback chain, the agent's own text, modes and
# actions, variables, the leading @mention.
load reply_helper

setup() { setup_reply; }

draft() {
	run_split sc-reply -c "$CFG" "$IN"
	[ "$status" -eq 0 ] || { echo "exit $status: $stderr"; return 1; }
}

@test "each level of the fallback chain: exact, topic, intent, language, global" {
	{ rec 1 it complaint delivery; rec 2 it question billing; rec 3 it complaint returns
	  rec 4 it praise -; rec 5 es praise -; rec 6 es question -; rec 7 fr complaint delivery; } >"$IN"
	draft
	reply_is x:1 '.template == "it/complaint:delivery" and .level == "exact"'
	reply_is x:2 '.template == "it/*:billing" and .level == "topic"'
	reply_is x:3 '.template == "it/complaint" and .level == "intent"'
	reply_is x:4 '.template == "it/default" and .level == "language" and .lang == "it"'
	reply_is x:5 '.template == "en/default" and .level == "global"'
	reply_is x:6 '.template == "es/question" and .level == "intent" and .lang == "es"'
	reply_is x:7 '.template == "en/default" and .level == "language" and .lang == "en"'
}

@test "the variables: first name, case, agent's name, due time in the queue's zone" {
	{ rec 1 it complaint delivery; rec 2 it question billing; rec 3 it praise - public \
		'{"route":{"assignee":null}}'; } >"$IN"
	draft
	reply_is x:1 '.text == "@mario_rossi Ciao Mario, controlliamo la spedizione. Caso #7 ^Anna"'
	reply_is x:2 '.text == "@mario_rossi Ciao Mario, verifichiamo l'"'"'addebito entro il 24/11 alle 13:00. ^Anna"'
	reply_is x:3 '.text == "@mario_rossi Ciao Mario Rossi, grazie. ^Acme"'
}

@test "the agent's own reply.text takes precedence over the templates, and is checked" {
	{ rec 1 it complaint delivery public '{"reply":{"text":"Ciao Mario, ti scrivo io. ^Anna"}}'
	  rec 2 it complaint delivery public '{"reply":{"text":"Ciao Mario, purtroppo no. ^Anna"}}'; } >"$IN"
	run_split sc-reply -c "$CFG" "$IN"
	[ "$status" -eq 1 ]
	reply_is x:1 '.text == "@mario_rossi Ciao Mario, ti scrivo io. ^Anna" and .template == null and .level == "agent"'
	reply_is x:1 '.actions[0].key | startswith("x:1/reply/text:")'
	reply_is x:2 '.status == "failed" and .error == "reply: tone: banned phrase '"'"'purtroppo'"'"'"'
	[[ "$stderr" == *"in:2: reply: tone: banned phrase 'purtroppo'"* ]]
}

@test "the brand's own messages pass through byte for byte; mode none is skipped" {
	{ echo '{"id":"x:9","direction":"out","text":"@m hi",  "x" : 1}'; rec 2 it spam - none; } >"$IN"
	draft
	[ "$(printf '%s\n' "$output" | head -1)" = '{"id":"x:9","direction":"out","text":"@m hi",  "x" : 1}' ]
	reply_is x:2 '.status == "skipped" and .mode == "none" and .text == null'
}

@test "sc-route's hand-over lines pass through byte for byte, with no draft" {
	h='{"type":"handover","route":{"at":"2026-11-30T08:05:00Z","handover":[{"conversation_id":"x:1","case":1,"assignee":"anna"}]}}'
	{ echo "$h"; rec 2 it support; } >"$IN"
	draft
	[ "${lines[0]}" = "$h" ]
	[ "${#lines[@]}" -eq 2 ]
	reply_is x:2 '.status == "drafted"'
}

@test "public replies on X and Mastodon start with @handle, once; Bluesky's do not" {
	jq '.languages.it.templates.praise = "@mario_rossi Ciao, grazie. ^{{agent}}"' "$CFG" >"$BATS_TEST_TMPDIR/c.json"
	{ rec 1 it praise -; rec 2 it complaint -; rec 3 it complaint - public '{"source":"mastodon","author":{"handle":"mario@mastodon.social"}}'
	  rec 4 it complaint - public '{"source":"bluesky","author":{"handle":"mario.bsky.social"}}'; } >"$IN"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/c.json" "$IN"
	[ "$status" -eq 0 ]
	reply_is x:1 '.text == "@mario_rossi Ciao, grazie. ^Anna"'
	reply_is x:2 '.text == "@mario_rossi Ciao Mario, ci dispiace. ^Anna"'
	reply_is x:3 '.text == "@mario@mastodon.social Ciao Mario, ci dispiace. ^Anna" and .limit == 500'
	reply_is x:4 '.text == "Ciao Mario, ci dispiace. ^Anna" and .limit == 300'
}

@test "a case routed to DM: follow, then the public invitation, then the DM (no @mention), each with its key" {
	rec 1 it complaint delivery dm '{"route":{"follow":true}}' >"$IN"
	draft
	reply_is x:1 '.mode == "dm" and .status == "drafted"'
	reply_is x:1 '[.actions[].action] == ["follow", "invite", "dm"]'
	reply_is x:1 '[.actions[].key] == ["x:1/follow/to:42", "x:1/invite", "x:1/dm/tpl:it/complaint:delivery/to:42"]'
	reply_is x:1 '.actions[1].text == "@mario_rossi Ciao, ti abbiamo scritto in privato. ^Anna"'
	reply_is x:1 '.text == "Ciao Mario, controlliamo la spedizione. Caso #7 ^Anna" and .limit == 10000'
}

@test "a private message gets a DM only; a DM template starting with @handle loses it" {
	jq '.languages.it.templates.complaint = "@mario_rossi Ciao, ci dispiace. ^{{agent}}"' "$CFG" >"$BATS_TEST_TMPDIR/c.json"
	rec 1 it complaint - dm '{"channel":"private"}' >"$IN"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/c.json" "$IN"
	[ "$status" -eq 0 ]
	reply_is x:1 '[.actions[].action] == ["dm"] and .text == "Ciao, ci dispiace. ^Anna"'
}

@test "reply.mode from an agent switches public and DM" {
	rec 1 it complaint - public '{"reply":{"mode":"dm"}}' >"$IN"
	draft
	reply_is x:1 '.mode == "dm" and ([.actions[].action] == ["invite", "dm"])'
}

@test "off hours: the ack comes first, once per case, with the queue's hours and reopening time" {
	rec 1 it complaint - public '{"route":{"ack":true,"reopens":"2026-11-25T08:00:00Z"}}' >"$IN"
	draft
	reply_is x:1 '[.actions[].action] == ["ack", "reply"] and .actions[0].key == "x:1/ack"'
	reply_is x:1 '.actions[0].text == "@mario_rossi Ciao, siamo chiusi (lun-ven 9-21), riapriamo il 25/11 alle 09:00. ^Anna"'
	reply_is x:1 '.held == null'
	jq '.off_hours = "ack-only"' "$CFG" >"$BATS_TEST_TMPDIR/c.json"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/c.json" "$IN"
	reply_is x:1 '.held == true and .status == "drafted"'
}

@test "a resolve record from sc-route: an unfollow drafted; an unresolved one skipped" {
	{ echo '{"type":"resolve","conversation_id":"x:1","route":{"resolved":true,"conversation_id":"x:1","case":7,"assignee":"anna"}}'
	  echo '{"type":"resolve","conversation_id":"x:2","route":{"resolved":false,"conversation_id":"x:2","why":"no open case"}}'; } >"$IN"
	draft
	printf '%s\n' "$output" | head -1 | jq -e '.reply | .mode == "resolve" and .status == "drafted" and .actions[0].key == "x:1/unfollow"'
	printf '%s\n' "$output" | tail -1 | jq -e '.reply | .status == "skipped"'
}

@test "--network counts as that network whatever the source (csv archives)" {
	rec 1 it complaint - public '{"source":"csv","id":"csv:1","conversation_id":"csv:1"}' >"$IN"
	run_split sc-reply -c "$CFG" "$IN"
	rec_is csv:1 '.reply.limit == null'
	run_split sc-reply -c "$CFG" --network x "$IN"
	rec_is csv:1 '.reply.limit == 280 and .reply.length == 43'
}

@test "the bundled example: drafts in Italian, English and Spanish, nothing failed" {
	[ -f "$EXAMPLES/replies.json" ]
	sc-fetch csv "$EXAMPLES/inbox.csv" | sc-classify --marketing Acme | jq -c -s 'sort_by(.created_at)[]' |
		sc-route -c "$EXAMPLES/routes.json" --state "$ST" >"$IN"
	run_split sc-reply -c "$EXAMPLES/replies.json" --network x "$IN"
	[ "$status" -eq 0 ]
	for l in it en es; do
		[ "$(printf '%s\n' "$output" | jq -r --arg l "$l" 'select(.reply.lang == $l and .reply.status == "drafted") | .id' | wc -l)" -gt 10 ]
	done
	[ "$(printf '%s\n' "$output" | jq -r 'select(.reply.status == "failed") | .id' | wc -l)" -eq 0 ]
}

@test "case numbers of any size and sign; one instant in two zones gives each queue its own local time" {
	jq '.queues["support-ny"] = {"tz": "America/New_York"}' "$CFG" >"$BATS_TEST_TMPDIR/c.json"
	{ rec 1 it complaint delivery public '{"route":{"case":0}}'
	  rec 2 it complaint delivery public '{"route":{"case":-3}}'
	  rec 3 it complaint delivery public '{"route":{"case":1234567890123}}'
	  rec 4 it complaint billing
	  rec 5 it complaint billing public '{"route":{"queue":"support-ny"}}'
	  rec 6 it complaint billing; } >"$IN"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/c.json" "$IN"
	[ "$status" -eq 0 ]
	reply_is x:1 '.text | endswith("Caso #0 ^Anna")'
	reply_is x:2 '.text | endswith("Caso #-3 ^Anna")'
	reply_is x:3 '.text | endswith("Caso #1234567890123 ^Anna")'
	reply_is x:4 '.text | contains("entro il 24/11 alle 13:00.")'
	reply_is x:5 '.text | contains("entro il 24/11 alle 07:00.")'
	reply_is x:6 '.text | contains("entro il 24/11 alle 13:00.")'
}

@test "a message sc-route says needs no reply (a thanks after the answer) is skipped, saying why; the agent's own text still goes" {
	{ rec 1 en praise - public '{"route": {"needs_reply": false, "due": null}}'
	  rec 2 en praise - public '{"route": {"needs_reply": false, "due": null}, "reply": {"text": "Hi Mario, glad it worked out. ^Anna"}}'
	  rec 3 en complaint - public '{"route": {"needs_reply": true}}'; } >"$IN"
	draft
	reply_is x:1 '.status == "skipped" and .text == null and (.error | test("needs no reply"))'
	reply_is x:2 '.status == "drafted" and .template == null and (.text | startswith("@mario_rossi Hi Mario"))'
	reply_is x:3 '.status == "drafted"'
	[ -z "$stderr" ]
}
