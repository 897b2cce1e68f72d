#!/usr/bin/env bats
# The whole loop on Facebook against the fake Graph API
# (tests/fake/net_meta.py): sc-fetch facebook → sc-classify → sc-route →
# sc-reply --send, then sc-fetch again brings the Page's answers back
# (direction out) and sc-report times them.
load ../helper
load ../fake/fake

PAGE=104857600000001

setup() {
	fake_start meta
	ST=$BATS_TEST_TMPDIR/state
	W=$BATS_TEST_TMPDIR
	export SC_META_TOKEN=$FAKE_TOKEN SC_HTTP_BACKOFF_MS=5
}

fetch() {
	sc-fetch facebook --page "$PAGE" --api "$FAKE_URL/v21.0" --state "$ST" --timeout 2
}

reply() {
	sc-reply -c "$EXAMPLES/replies.json" --send --state "$ST" --api "$FAKE_URL/v21.0" "$@"
}

@test "facebook round trip: fetch, classify, route, reply --send; the answers come back as direction out" {
	ctl 'add?stream=comments&n=1' >/dev/null
	ctl 'add?stream=messages&n=2' >/dev/null
	ctl 'add?stream=old_messages&n=1' >/dev/null
	fetch >"$W/in.jsonl"
	[ "$(wc -l <"$W/in.jsonl")" -eq 4 ]
	sc-classify "$W/in.jsonl" >"$W/classified.jsonl"
	sc-route -c "$EXAMPLES/routes.json" --state "$ST" "$W/classified.jsonl" >"$W/routed.jsonl"
	run_split reply "$W/routed.jsonl"
	# one reply refused (outside the 24-hour window): exit 1, the record says why
	[ "$status" -eq 1 ]
	printf '%s\n' "$output" >"$W/replied.jsonl"
	[ "$(jq -s '[.[] | select(.reply)] | length' "$W/replied.jsonl")" -eq 4 ]
	# the customer whose last message is two days old: not sent, and why
	jq -e -s '[.[] | select(.reply.status == "failed")] | length == 1 and .[0].channel == "private" and
		.[0].author.id == "facebook:610000000000005" and
		(.[0].reply.error | test("outside the 24-hour messaging window"))' "$W/replied.jsonl" >/dev/null
	# (sc-reply gives the poster the customer's last message time: refused
	# before any request, nothing posted to that customer)
	! grep -q '610000000000005' "$FAKE_DIR/posts.jsonl"
	# the Messenger messages in the window: sent as RESPONSE to the customer's id
	jq -e -s '[.[] | select(.channel == "private" and .reply.status == "sent")] | length == 2 and
		all(.reply.remote_id | startswith("m_"))' "$W/replied.jsonl" >/dev/null
	grep -q '"recipient": {"id": "610000000000003"}, "messaging_type": "RESPONSE"' "$FAKE_DIR/posts.jsonl"
	# the comment: answered in public under it and privately (recipient.comment_id)
	jq -e -s '[.[] | select(.channel == "public")][0].reply.status == "sent"' "$W/replied.jsonl" >/dev/null
	grep -q '"endpoint": "/9000001_7000001/comments"' "$FAKE_DIR/posts.jsonl"
	grep -q '"recipient": {"comment_id": "9000001_7000001"}' "$FAKE_DIR/posts.jsonl"
	[[ "$output$stderr" != *"$FAKE_TOKEN"* ]]

	# exactly once: the same records again send nothing more
	posted=$(wc -l <"$FAKE_DIR/posts.jsonl")
	run_split reply "$W/routed.jsonl"
	[ "$(wc -l <"$FAKE_DIR/posts.jsonl")" -eq "$posted" ]

	# the next fetch brings the Page's answers, direction out, linked to what they answer
	fetch >"$W/next.jsonl"
	[ "$(jq -s '[.[] | select(.direction == "out")] | length' "$W/next.jsonl")" -eq "$posted" ]
	jq -e -s '[.[] | select(.channel == "public" and .direction == "out")] |
		all(.in_reply_to == "facebook:9000001_7000001" and .author.id == "facebook:'$PAGE'")' "$W/next.jsonl" >/dev/null
	# and sc-report measures the response times of the Messenger threads
	cat "$W/in.jsonl" "$W/next.jsonl" | sc-report --by channel -f json >"$W/report.json"
	jq -e '[.. | objects | select(has("answered"))] | length > 0' "$W/report.json" >/dev/null
}

@test "two customers commenting on the same post are two cases, each answered under their own comment" {
	ctl 'add?stream=comments&n=2' >/dev/null
	fetch >"$W/in.jsonl"
	[ "$(jq -s '[.[].conversation_id] | unique | length' "$W/in.jsonl")" -eq 2 ]
	sc-classify "$W/in.jsonl" >"$W/classified.jsonl"
	sc-route -c "$EXAMPLES/routes.json" --state "$ST" "$W/classified.jsonl" >"$W/routed.jsonl"
	[ "$(jq -s '[.[].route.case] | unique | length' "$W/routed.jsonl")" -eq 2 ]
	run_split reply "$W/routed.jsonl"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	jq -e -s 'length == 2 and all(.reply.status == "sent")' <<<"$output" >/dev/null
	grep -q '"endpoint": "/9000001_7000001/comments"' "$FAKE_DIR/posts.jsonl"
	grep -q '"endpoint": "/9000001_7000002/comments"' "$FAKE_DIR/posts.jsonl"
}
