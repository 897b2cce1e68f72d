#!/usr/bin/env bats
# A reader that went away (`sc-route cases | head -1`): every tool stops
# quietly with exit 0, however its writes met the closed pipe (an fwrite, the
# flush before a read, the last flush). The pipe is closed before the tool
# starts (run_closed), so no test depends on timing; each runs three times.
load hostile_helper

setup() {
	IN=$BATS_TEST_TMPDIR/in.jsonl
	for i in 1 2 3; do good_rec "$i"; printf '\n'; done >"$IN"
	ST=$BATS_TEST_TMPDIR/st
	mini_replies # the records are not routed: a template that needs no route
}

# quiet COMMAND...: three runs against a closed pipe, each exit 0 with
# nothing on stderr.
quiet() {
	for i in 1 2 3; do
		run_closed "$@"
		[ "$status" -eq 0 ] && [ -z "$stderr" ] || { echo "run $i of $*: exit $status: $stderr"; return 1; }
	done
}

@test "closed stdout: every reading tool exits 0 quietly (output smaller than a stdio buffer)" {
	quiet sc-fetch jsonl "$IN"
	quiet sc-classify "$IN"
	quiet sc-classify <"$IN"
	quiet sc-route -c "$EXAMPLES/routes.json" --state "$ST" "$IN"
	quiet sc-reply -c "$MINI_REPLIES" "$IN"
	quiet sc-report --format json "$IN"
}

@test "closed stdout: large outputs (every write fails) exit 0 quietly" {
	quiet sc-fetch csv "$EXAMPLES/inbox.csv"
	quiet sc-fetch jsonl "$EXAMPLES/inbox.jsonl"
	quiet sc-classify "$EXAMPLES/inbox.jsonl"
	sc-fetch jsonl "$EXAMPLES/inbox.jsonl" >"$BATS_TEST_TMPDIR/inbox.jsonl"
	quiet sc-reply -c "$MINI_REPLIES" "$BATS_TEST_TMPDIR/inbox.jsonl"
}

@test "closed stdout: sc-route cases, whose last line overflows the stdio buffer, exits 0 quietly" {
	# one case whose line (a 5,000-character handle) is longer than the
	# buffer: the last write fails and leaves nothing to flush at the end
	good_rec 1 | jq -c '.author.handle = ("a" * 5000)' >"$BATS_TEST_TMPDIR/long.jsonl"
	sc-route -c "$EXAMPLES/routes.json" --state "$ST" --now 2026-11-24T10:00:00Z \
		"$BATS_TEST_TMPDIR/long.jsonl" >/dev/null
	for f in json csv table; do
		quiet sc-route cases --state "$ST" --now 2026-11-24T11:00:00Z --format "$f"
	done
}

@test "a write error that is not a closed pipe still fails with its reason" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr bash -c 'sc-classify "$1" >/dev/full' _ "$IN"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"write error on standard output: No space left on device"* ]]
}
