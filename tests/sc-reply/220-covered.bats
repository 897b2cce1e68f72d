#!/usr/bin/env bats
# What a reply sent by sc-reply answers: the message it was drafted for and
# those before it. A customer's message written while the agent typed, and
# fetched after the send, is older than the reply but was never seen: its
# case waits again, and the reply itself, fetched back from the network,
# does not answer it (sc-state(5) covered_until, messages.covers).
load send_helper

CONV=x:1700000000000000001

setup() {
	send_setup x x_api_v2 SC_X_TOKEN
	ST=$BATS_TEST_TMPDIR/state
	ROUTES=$BATS_TEST_TMPDIR/routes.json
	cat >"$ROUTES" <<'JSON'
{"agents": {"anna": {"languages": ["en"]}},
 "queues": {"a": {"agents": ["anna"], "sla": "1d"}},
 "rules": [{"name": "all", "if": "true", "queue": "a"}],
 "defaults": {"queue": "a"}}
JSON
	# the customer's question ten minutes ago, the send now, and the
	# customer's second message of five minutes ago, fetched after it
	T1=$(date -u -d '-10 min' +%Y-%m-%dT%H:%M:%SZ)
	T2=$(date -u -d '-5 min' +%Y-%m-%dT%H:%M:%SZ)
}

msg() { # ID CREATED TEXT: the customer's message in the conversation
	jq -cn --arg id "x:$1" --arg t "$2" --arg text "$3" --arg c "$CONV" '{id: $id, source: "x",
		channel: "public", direction: "in", created_at: $t, author: {id: "x:4201", handle: "customer_1"},
		text: $text, account: "AcmeHelp", conversation_id: $c, in_reply_to: null, lang: "en",
		class: {lang: "en", intent: "question", complaint: false, priority: 2, needs_reply: true}}'
}

route() {
	sc-route -c "$ROUTES" --state "$ST"
}

waiting_since() {
	sqlite3 "$ST/sc.db" "SELECT coalesce(waiting_since, 'answered') FROM cases WHERE conversation_id = '$CONV'"
}

# the first message routed, drafted and sent: the case is answered
send_first() {
	msg 1700000000000000001 "$T1" "@AcmeHelp where is my order?" | route |
		sc-reply -c "$EXAMPLES/replies.json" --network x >"$BATS_TEST_TMPDIR/drafts.jsonl"
	sc-reply -c "$EXAMPLES/replies.json" --send --api "$FAKE_URL" --state "$ST" --network x \
		--account AcmeHelp <"$BATS_TEST_TMPDIR/drafts.jsonl" >"$BATS_TEST_TMPDIR/sent.jsonl"
	jq -e -s 'length == 1 and .[0].reply.status == "sent"' "$BATS_TEST_TMPDIR/sent.jsonl" >/dev/null
	[ "$(waiting_since)" = answered ]
	REMOTE=$(jq -r 'select(.endpoint == "tweets") | .id' "$POSTS")
	[ -n "$REMOTE" ]
}

@test "a message written before the send but fetched after it waits: the reply never saw it" {
	send_first
	msg 1700000000000000002 "$T2" "@AcmeHelp also, can I change the address?" | route >"$BATS_TEST_TMPDIR/r2"
	jq -e '.route.case == 1 and .route.due != null' "$BATS_TEST_TMPDIR/r2" >/dev/null ||
		{ cat "$BATS_TEST_TMPDIR/r2"; false; }
	[ "$(waiting_since)" = "$T2" ]
	run sc-route cases --state "$ST" --width 200
	[[ "$output" == *"also, can I change"* ]] || { echo "$output"; false; }
}

@test "the reply fetched back from the network answers no more than it did when sent" {
	send_first
	{
		msg 1700000000000000002 "$T2" "@AcmeHelp also, can I change the address?"
		# the brand's reply as sc-fetch x brings it back, with the network's time
		jq -cn --arg id "x:$REMOTE" --arg c "$CONV" --arg t "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '{id: $id,
			source: "x", channel: "public", direction: "out", created_at: $t,
			author: {id: "x:1", handle: "AcmeHelp"}, text: "@customer_1 on its way",
			account: "AcmeHelp", conversation_id: $c, in_reply_to: "x:1700000000000000001"}'
	} | route >/dev/null
	[ "$(waiting_since)" = "$T2" ]
	# kept once: sc-reply's copy, which answers the first message only
	[ "$(sqlite3 "$ST/sc.db" "SELECT count(*), min(covers) FROM messages WHERE direction = 'out'")" = "1|$T1" ]
	# that row now also says the record was routed (sc-state(5) messages.route),
	# and keeps what sc-reply sent
	[ "$(sqlite3 "$ST/sc.db" "SELECT count(*) FROM routed WHERE record_id = 'x:$REMOTE'")" = 1 ]
	[ "$(sqlite3 "$ST/sc.db" "SELECT text != '@customer_1 on its way' FROM messages
		WHERE record_id = 'x:$REMOTE'")" = 1 ]
}

@test "the brand's own message, fetched, still answers what was written before it" {
	send_first
	{
		msg 1700000000000000002 "$T2" "@AcmeHelp also, can I change the address?"
		jq -cn --arg c "$CONV" --arg t "$(date -u -d '-1 min' +%Y-%m-%dT%H:%M:%SZ)" '{id: "x:1700000000000000099",
			source: "x", channel: "public", direction: "out", created_at: $t,
			author: {id: "x:1", handle: "AcmeHelp"}, text: "@customer_1 yes, DM us the new one",
			account: "AcmeHelp", conversation_id: $c, in_reply_to: "x:1700000000000000002"}'
	} | route >/dev/null
	[ "$(waiting_since)" = answered ]
}
