#!/usr/bin/env bats
# sc-reply --send on X against the fake X API: 1,000 routed messages (one in
# five to DM: follow, "please DM us", DM; then resolved: unfollow) through
# faults on a tenth of the requests and SIGKILL between a post and its
# ledger write, re-run until done: exactly one post per message in the fake
# server's log. Two runs at once, a permanent refusal, a rate limit.
load send_helper

setup() {
	send_setup x x_api_v2 SC_X_TOKEN
}

reply() {
	sc-reply -c "$EXAMPLES/replies.json" --send --state "$ST" --api "$FAKE_URL" \
		--network x --account AcmeHelp "$@"
}

@test "1,000 routed messages through faults and kill -9: each posted once, follow before DM, unfollow after resolve" {
	routed 1000 5 >"$BATS_TEST_TMPDIR/in.jsonl"
	routed 1000 5 resolve >"$BATS_TEST_TMPDIR/resolve.jsonl"
	ctl 'chaos?rate=0.1&seed=11&kinds=500,503,500after,503after,hangafter,hang,cut,invalid' >/dev/null
	until_done "$BATS_TEST_TMPDIR/in.jsonl" 400 120
	all_status sent
	echo "# sends: $RUNS runs, $KILLS killed with SIGKILL" >&3
	until_done "$BATS_TEST_TMPDIR/resolve.jsonl" 100 30
	all_status sent
	echo "# resolves: $RUNS runs, $KILLS killed" >&3
	echo "# faults: $(requests 'select(.fault != null)' | wc -l) of $(wc -l <"$FAKE_LOG") requests" >&3
	[ "$(grep -c . "$BATS_TEST_TMPDIR/codes")" -gt 2 ]
	grep -qx 137 "$BATS_TEST_TMPDIR/codes"
	check_posts "$BATS_TEST_TMPDIR/in.jsonl" "$BATS_TEST_TMPDIR/resolve.jsonl"
	echo "# $output" >&3
}

@test "two sc-reply started together on the same state never both send" {
	routed 150 4 >"$BATS_TEST_TMPDIR/in.jsonl"
	reply <"$BATS_TEST_TMPDIR/in.jsonl" >"$BATS_TEST_TMPDIR/a" 2>"$BATS_TEST_TMPDIR/ea" &
	a=$!
	reply <"$BATS_TEST_TMPDIR/in.jsonl" >"$BATS_TEST_TMPDIR/b" 2>"$BATS_TEST_TMPDIR/eb" &
	b=$!
	ra=0 rb=0
	wait "$a" || ra=$?
	wait "$b" || rb=$?
	echo "exit codes $ra $rb"
	cat "$BATS_TEST_TMPDIR/ea" "$BATS_TEST_TMPDIR/eb"
	[ "$ra" -eq 0 ] || [ "$rb" -eq 0 ]
	if [ "$ra" -ne 0 ] || [ "$rb" -ne 0 ]; then
		grep -q "already running" "$BATS_TEST_TMPDIR/ea" "$BATS_TEST_TMPDIR/eb"
	fi
	until_done "$BATS_TEST_TMPDIR/in.jsonl" 1 0
	check_posts "$BATS_TEST_TMPDIR/in.jsonl"
}

@test "a permanent refusal (403 DM, 404 deleted tweet) is recorded and never retried" {
	routed 10 5 >"$BATS_TEST_TMPDIR/in.jsonl"
	ctl 'fault?kind=403&path=^/2/dm_conversations/with/4205/&count=100' >/dev/null
	ctl 'fault?kind=404&path=^/2/tweets$&body=1700000000000000003&count=100' >/dev/null
	run_split reply "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 1 ]
	rec_is x:1700000000000000005 '.reply.status == "failed" and (.reply.error | test("403"))'
	rec_is x:1700000000000000003 '.reply.status == "failed" and (.reply.error | test("404"))'
	rec_is x:1700000000000000004 '.reply.status == "sent"'
	sleep 0.3 # the fake logs a request after its answer
	n=$(wc -l <"$FAKE_LOG")
	run_split reply "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 1 ]
	rec_is x:1700000000000000005 '.reply.status == "failed" and (.reply.error | test("403"))'
	rec_is x:1700000000000000003 '.reply.status == "failed" and (.reply.error | test("404"))'
	[ "$(requests 'select(.method != "GET")' | wc -l)" -eq "$(head -"$n" "$FAKE_LOG" | jq -c 'select(.method != "GET")' | wc -l)" ]
	[ "$(jq -r '.endpoint' "$POSTS" | grep -c tweets)" -eq 9 ]
}

@test "a rate limit past --max-wait: exit 5, nothing lost, the next run finishes" {
	routed 6 0 >"$BATS_TEST_TMPDIR/in.jsonl"
	ctl 'fault?kind=429&path=^/2/tweets$&skip=2&wait=3600' >/dev/null
	run_split reply --max-wait 5 "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 5 ]
	[ "$(grep -c . "$POSTS")" -eq 2 ]
	until_done "$BATS_TEST_TMPDIR/in.jsonl" 1 0
	check_posts "$BATS_TEST_TMPDIR/in.jsonl"
}

@test "--send -o: a run killed between its output and its commit, new records between runs: each record once in OUT, each act posted once" {
	routed 60 4 >"$BATS_TEST_TMPDIR/all.jsonl"
	IN=$BATS_TEST_TMPDIR/in.jsonl OUT=$BATS_TEST_TMPDIR/sent.jsonl
	head -20 "$BATS_TEST_TMPDIR/all.jsonl" >"$IN"
	run_split reply -o "$OUT" "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	tail -n +21 "$BATS_TEST_TMPDIR/all.jsonl" >>"$IN"
	SC_TEST_KILL_AFTER_WRITE=1 run_split reply -o "$OUT" "$IN"
	[ "$status" -eq 137 ]
	[ "$(wc -l <"$OUT")" -eq 60 ] # all sent and written, not committed
	run_split reply -o "$OUT" "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[[ "$stderr" == *"bytes past the last commit"* ]]
	[ "$(jq -r .id "$OUT" | sort | uniq -d)" = "" ]
	[ "$(jq -r .id "$OUT" | sort)" = "$(jq -r .id "$BATS_TEST_TMPDIR/all.jsonl" | sort)" ]
	[ "$(jq -r 'select(.reply.status != "sent") | .id' "$OUT")" = "" ]
	check_posts "$BATS_TEST_TMPDIR/all.jsonl"
}
