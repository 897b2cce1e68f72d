#!/usr/bin/env bats
# sc-reply --send on Mastodon against the fake server: routed messages (one
# in four to DM: follow, "please DM us", a direct status; then resolved:
# unfollow) through faults and SIGKILL between a post and its ledger write,
# re-run until done: one status per message. The Idempotency-Key is sent
# with every status; a permanent refusal is recorded and not retried.
load send_helper

setup() {
	send_setup mastodon mastodon SC_MASTODON_TOKEN
}

reply() {
	sc-reply -c "$EXAMPLES/replies.json" --send --state "$ST" --api "$FAKE_URL" \
		--network mastodon --account AcmeHelp "$@"
}

@test "200 routed messages through faults and kill -9: each posted once, follow before DM, unfollow after resolve" {
	routed 200 4 >"$BATS_TEST_TMPDIR/in.jsonl"
	routed 200 4 resolve >"$BATS_TEST_TMPDIR/resolve.jsonl"
	ctl 'chaos?rate=0.1&seed=5&kinds=500,503,500after,503after,hangafter,hang,cut,invalid' >/dev/null
	until_done "$BATS_TEST_TMPDIR/in.jsonl" 200 40
	all_status sent
	until_done "$BATS_TEST_TMPDIR/resolve.jsonl" 100 10
	all_status sent
	grep -qx 137 "$BATS_TEST_TMPDIR/codes"
	echo "# $(grep -c . "$BATS_TEST_TMPDIR/codes") runs, $(grep -cx 137 "$BATS_TEST_TMPDIR/codes") killed; faults: $(requests 'select(.fault != null)' | wc -l) of $(wc -l <"$FAKE_LOG") requests" >&3
	check_posts "$BATS_TEST_TMPDIR/in.jsonl" "$BATS_TEST_TMPDIR/resolve.jsonl"
	echo "# $output" >&3
	# every status went with the ledger's key as its Idempotency-Key
	[ "$(jq -r 'select(.endpoint == "statuses" and (.key | not)) | .id' "$POSTS" | wc -l)" -eq 0 ]
}

@test "a status refused (404: the status answered was deleted) is recorded and not retried" {
	routed 4 0 >"$BATS_TEST_TMPDIR/in.jsonl"
	ctl 'fault?kind=404&path=^/api/v1/statuses$&body=117020577157695549&count=100' >/dev/null
	run_split reply "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 1 ]
	rec_is mastodon:117020577157695549 '.reply.status == "failed" and (.reply.error | test("404.*Record not found"))'
	rec_is mastodon:117020577157694549 '.reply.status == "sent"'
	sleep 0.3 # the fake logs a request after its answer
	n=$(requests 'select(.method == "POST")' | wc -l)
	run_split reply "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 1 ]
	sleep 0.3
	rec_is mastodon:117020577157695549 '.reply.status == "failed"'
	[ "$(requests 'select(.method == "POST")' | wc -l)" -eq "$n" ]
	[ "$(grep -c . "$POSTS")" -eq 3 ]
}

@test "a reply sent marks its case answered in the state at once, kept under the id sc-fetch will give it" {
	routed 2 0 >"$BATS_TEST_TMPDIR/in.jsonl"
	# the cases as sc-route keeps them (its own route replaces routed.py's)
	sc-route -c "$EXAMPLES/routes.json" --state "$ST" --now 2026-11-24T10:00:00Z \
		"$BATS_TEST_TMPDIR/in.jsonl" >"$BATS_TEST_TMPDIR/routed.jsonl"
	run_split sc-route cases --state "$ST" --now 2026-11-24T11:00:00Z
	[ "$(printf '%s\n' "$output" | jq -c 'select(.waited == null)' | wc -l)" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	run_split reply "$BATS_TEST_TMPDIR/routed.jsonl"
	[ "$status" -eq 0 ]
	rec_is mastodon:117020577157695549 '.reply.status == "sent"'
	remote=$(printf '%s\n' "$output" | jq -r 'select(.id == "mastodon:117020577157695549") | .reply.remote_id')
	run_split sc-route cases --state "$ST" --now 2026-11-24T11:00:00Z
	[ "$(printf '%s\n' "$output" | jq -c 'select(.waited != null or .state != "answered")' | wc -l)" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[ "$(sqlite3 "$ST/sc.db" "SELECT conversation_id FROM messages WHERE direction = 'out'
		AND record_id = 'mastodon:$remote'")" = mastodon:117020577157695549 ]
	# a second run (already in the ledger) posts nothing and changes no answer time
	before=$(sqlite3 "$ST/sc.db" "SELECT group_concat(answered_at) FROM cases")
	run_split reply "$BATS_TEST_TMPDIR/routed.jsonl"
	[ "$(sqlite3 "$ST/sc.db" "SELECT group_concat(answered_at) FROM cases")" = "$before" ]
}
