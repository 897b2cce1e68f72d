#!/usr/bin/env bats
# sc-reply --send on Bluesky against the fake PDS: replies to the fake's own
# posts (strong refs from getPosts) and, one in five, follow, "please DM us"
# and a DM through the chat service, then resolved (unfollow), through
# faults and SIGKILL between a post and its ledger write, re-run until
# done: one post per message, its record key derived from the ledger's key.
# Refusals (a post gone, a customer who takes no DMs) are not retried.
load send_helper

setup() {
	send_setup bluesky bluesky SC_BLUESKY_APP_PASSWORD
}

reply() {
	sc-reply -c "$EXAMPLES/replies.json" --send --state "$ST" --api "$FAKE_URL" \
		--network bluesky --account acme.bsky.social --session "$BATS_TEST_TMPDIR/sessions.db" "$@"
}

@test "100 routed messages through faults and kill -9: each posted once, follow before DM, unfollow after resolve" {
	ctl 'add?stream=mention&n=100' >/dev/null
	routed 100 5 >"$BATS_TEST_TMPDIR/in.jsonl"
	routed 100 5 resolve >"$BATS_TEST_TMPDIR/resolve.jsonl"
	ctl 'chaos?rate=0.1&seed=3&kinds=500,503,500after,503after,hangafter,hang,cut,invalid' >/dev/null
	until_done "$BATS_TEST_TMPDIR/in.jsonl" 100 20
	all_status sent
	until_done "$BATS_TEST_TMPDIR/resolve.jsonl" 100 10
	all_status sent
	grep -qx 137 "$BATS_TEST_TMPDIR/codes"
	echo "# $(grep -c . "$BATS_TEST_TMPDIR/codes") runs, $(grep -cx 137 "$BATS_TEST_TMPDIR/codes") killed; faults: $(requests 'select(.fault != null)' | wc -l) of $(wc -l <"$FAKE_LOG") requests" >&3
	check_posts "$BATS_TEST_TMPDIR/in.jsonl" "$BATS_TEST_TMPDIR/resolve.jsonl"
	echo "# $output" >&3
	# the parent's cid went with each reply
	[ "$(jq -r 'select(.endpoint == "post" and (.parent_cid | not)) | .id' "$POSTS" | wc -l)" -eq 0 ]
}

@test "a reply to a post that is gone, and a DM to a customer who takes none, are refused for good" {
	ctl 'add?stream=mention&n=4' >/dev/null
	routed 4 4 >"$BATS_TEST_TMPDIR/in.jsonl"
	ctl 'fault?kind=404&path=getPosts&skip=1&count=1' >/dev/null
	ctl 'fault?kind=403&path=getConvoForMembers&count=10' >/dev/null
	run_split reply "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 1 ]
	rec_is "$(sed -n 2p "$BATS_TEST_TMPDIR/in.jsonl" | jq -r .id)" '.reply.status == "failed" and (.reply.error | test("gone"))'
	rec_is "$(sed -n 4p "$BATS_TEST_TMPDIR/in.jsonl" | jq -r .id)" \
		'.reply.status == "failed" and (.reply.actions[-1].error | test("disabled"))'
	[ "$(grep -c '3l0000000000[13]xx' "$POSTS")" -eq 2 ]
	[ "$(grep -c '3l0000000000[2]xx' "$POSTS")" -eq 0 ]
	sleep 0.3 # the fake logs a request after its answer
	n=$(requests 'select(.method == "POST" and (.path | test("Session") | not))' | wc -l)
	run_split reply "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 1 ]
	sleep 0.3
	[ "$(requests 'select(.method == "POST" and (.path | test("Session") | not))' | wc -l)" -eq "$n" ]
}
