#!/usr/bin/env bats
# sc-reply --send with its reader gone (`sc-reply --send | head`): the run
# stops, and when records were left unsent it says so and exits 1 instead
# of passing for a full run; with nothing left it is a quiet exit 0. The
# pipe is closed before sc-reply starts (run_closed): no timing.
load send_helper

setup() {
	send_setup x x_api_v2 SC_X_TOKEN
}

reply() {
	sc-reply -c "$EXAMPLES/replies.json" --send --state "$ST" --api "$FAKE_URL" \
		--network x --account AcmeHelp "$@"
}

# the same with its stdout closed (run_closed runs programs, not functions)
reply_closed() {
	run_closed "$SC_BIN/sc-reply" -c "$EXAMPLES/replies.json" --send --state "$ST" \
		--api "$FAKE_URL" --network x --account AcmeHelp "$@"
}

@test "--send into a closed pipe with records left: exit 1, the line it stopped at named" {
	routed 200 0 >"$BATS_TEST_TMPDIR/in.jsonl"
	reply_closed "$BATS_TEST_TMPDIR/in.jsonl"
	echo "$stderr"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"in.jsonl:"*": standard output was closed: stopped after this record; the records after it were not sent"* ]]
	line=$(sed -n 's/.*in\.jsonl:\([0-9]*\): standard output was closed.*/\1/p' <<<"$stderr")
	sent=$(grep -c . "$POSTS")
	# every record up to the one named was posted, none after it
	[ "$sent" -eq "$line" ] && [ "$sent" -lt 200 ]
	# the next run (a reader this time) sends the rest, each once
	until_done "$BATS_TEST_TMPDIR/in.jsonl" 1 0
	check_posts "$BATS_TEST_TMPDIR/in.jsonl"
}

@test "--send into a closed pipe with every record read: all sent, exit 0, nothing said" {
	routed 2 0 >"$BATS_TEST_TMPDIR/in.jsonl"
	reply_closed "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 0 ] && [ -z "$stderr" ] || { echo "$status $stderr"; false; }
	[ "$(grep -c . "$POSTS")" -eq 2 ]
}
