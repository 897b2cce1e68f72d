#!/usr/bin/env bats
# sc-report counts what a care team counts (issue 21): requests are messages
# that need a reply, sc-reply's sent replies are answers (once), SLA against
# route.due, business time from the routes file, Facebook's badge.
load ../helper

# rec ID DIR TIME [JSON members...]: one record of conversation x:1, account A
rec() {
	local id=$1 dir=$2 t=$3
	shift 3
	local extra=""
	for m in "$@"; do extra="$extra,$m"; done
	printf '{"id":"%s","direction":"%s","channel":"public","created_at":"%s","conversation_id":"x:1","author":{"id":"%s"},"account":"A"%s}\n' \
		"$id" "$dir" "$t" "$([ "$dir" = in ] && echo x:c || echo x:A)" "$extra"
}

@test "question, answer in 10 min, 'ok thanks!' (needs no reply): 100 % answered, backlog 0; --all-messages counts the thanks" {
	F="$BATS_TEST_TMPDIR/t.jsonl"
	{
		rec x:1 in 2026-11-03T09:00:00Z '"class":{"intent":"question"}'
		rec x:2 out 2026-11-03T09:10:00Z '"in_reply_to":"x:1"'
		rec x:3 in 2026-11-03T09:12:00Z '"in_reply_to":"x:2"' '"class":{"intent":"praise"}'
	} >"$F"
	run_split sc-report --format json "$F"
	[ "$status" -eq 0 ]
	jq -e '.inbound == 2 and .requests == 1 and .answered == 1 and .response_rate == 1
	       and .backlog == 0 and .first_response_median_s == 600' <<<"$output"
	# sc-classify's needs_reply decides over the intent, both ways
	sed -i 's/"intent":"praise"/"intent":"praise","needs_reply":true/' "$F"
	run_split sc-report --format json "$F"
	jq -e '.requests == 2 and .backlog == 1' <<<"$output"
	sed -i 's/"intent":"praise","needs_reply":true/"intent":"question","needs_reply":false/' "$F"
	run_split sc-report --format json "$F"
	jq -e '.requests == 1 and .backlog == 0' <<<"$output"
	run_split sc-report --all-messages --format json "$F"
	jq -e '.requests == 2 and .answered == 1 and .backlog == 1' <<<"$output"
	# the same through --partial and --merge
	sc-report --partial "$F" >"$BATS_TEST_TMPDIR/p"
	run_split sc-report --merge --format json "$BATS_TEST_TMPDIR/p"
	jq -e '.requests == 1 and .backlog == 0' <<<"$output"
	run_split sc-report --merge --all-messages --format json "$BATS_TEST_TMPDIR/p"
	jq -e '.requests == 2 and .backlog == 1' <<<"$output"
}

@test "--by intent: the brand's replies count with the intent they answer, no '-' row" {
	F="$BATS_TEST_TMPDIR/t.jsonl"
	{
		rec x:1 in 2026-11-03T09:00:00Z '"class":{"intent":"question"}'
		rec x:2 out 2026-11-03T09:10:00Z '"in_reply_to":"x:1"'
	} >"$F"
	run_split sc-report --format json --by intent "$F"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	jq -e '.intent == "question" and .inbound == 1 and .outbound == 1' <<<"$output"
}

@test "sc-reply's sent record is the answer, counted once when sc-fetch brings the post back" {
	Q=$(rec x:1 in 2026-11-03T09:00:00Z '"class":{"intent":"question"}')
	S=$(rec x:1 in 2026-11-03T09:00:00Z '"class":{"intent":"question"}' \
		'"reply":{"mode":"public","status":"sent","text":"Hi","remote_id":"99","sent_at":"2026-11-03T09:05:00Z"}')
	B=$(rec x:99 out 2026-11-03T09:05:02Z '"in_reply_to":"x:1"')
	# sc-fetch's record, then sc-reply's (the same message) with its answer
	printf '%s\n%s\n' "$Q" "$S" >"$BATS_TEST_TMPDIR/a.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/a.jsonl"
	[ "$status" -eq 0 ]
	jq -e '.inbound == 1 and .outbound == 1 and .requests == 1 and .answered == 1
	       and .backlog == 0 and .first_response_median_s == 300' <<<"$output"
	# the reply fetched later: the same message (x:99), its own time counts
	printf '%s\n' "$Q" "$S" "$B" >"$BATS_TEST_TMPDIR/b.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/b.jsonl"
	jq -e '.inbound == 1 and .outbound == 1 and .answered == 1 and .first_response_median_s == 302' <<<"$output"
	printf '%s\n' "$B" "$S" "$Q" >"$BATS_TEST_TMPDIR/c.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/c.jsonl"
	jq -e '.inbound == 1 and .outbound == 1 and .answered == 1 and .first_response_median_s == 302' <<<"$output"
	# parts merged give the same
	sc-report --partial "$BATS_TEST_TMPDIR/a.jsonl" >"$BATS_TEST_TMPDIR/p1"
	printf '%s\n' "$B" | sc-report --partial >"$BATS_TEST_TMPDIR/p2"
	run_split sc-report --merge --format json "$BATS_TEST_TMPDIR/p1" "$BATS_TEST_TMPDIR/p2"
	jq -e '.outbound == 1 and .answered == 1 and .first_response_median_s == 302' <<<"$output"
	# without reply.sent_at: answered, with no time of its own
	printf '%s\n' "${S/,\"sent_at\":\"2026-11-03T09:05:00Z\"/}" >"$BATS_TEST_TMPDIR/d.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/d.jsonl"
	jq -e '.answered == 1 and .backlog == 0 and .first_response_median_s == null' <<<"$output"
	# a drafted (not sent) reply answers nothing
	printf '%s\n' "${S/\"sent\"/\"drafted\"}" >"$BATS_TEST_TMPDIR/e.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/e.jsonl"
	jq -e '.answered == 0 and .backlog == 1 and .outbound == 0' <<<"$output"
}
