#!/usr/bin/env bats
# sc-reply -o OUT FILE: each run drafts only FILE's new whole lines (the
# records sc-route appended), appended to OUT once each, kill -9 included.
# (--send -o: tests/hostile/090-unattended.)
load ../readpos_helper

prep() {
	sc-fetch jsonl "$EXAMPLES/inbox.jsonl" | sc-classify |
		sc-route -c "$EXAMPLES/routes.json" --state "$BATS_TEST_TMPDIR/route-state" | jq -c 'select(.id)'
}

stage() {
	sc-reply -c "$EXAMPLES/replies.json" --state "$ST" -o "$OUT" "$IN"
}

stage_stdin() {
	sc-reply -c "$EXAMPLES/replies.json" --state "$ST" -o "$OUT" <"$IN"
}

setup() {
	rp_setup
}

@test "-o: a second run adds only the new lines; a run with nothing new writes nothing" {
	rp_second_run_adds_only_new_lines
	# drafting depends on the record alone: two runs make what one makes
	sc-reply -c "$EXAMPLES/replies.json" "$ALL" 2>/dev/null | cmp - "$OUT"
}

@test "-o: killed between its write and its commit: the output is cut and made again once" {
	rp_kill_between_write_and_commit
}

@test "-o: a last line without its newline waits; a rotated or rewritten input is said and read from its start" {
	rp_input_cases
}

@test "-o wants one input file, not standard input, and no --review" {
	rp_stdin_refused
	run_split sc-reply -c "$EXAMPLES/replies.json" --review "$IN" -o "$OUT"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--review writes no output file (-o)"* ]]
}
