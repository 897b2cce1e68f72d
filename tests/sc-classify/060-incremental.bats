#!/usr/bin/env bats
# sc-classify -o OUT --state DIR FILE: each run classifies only FILE's new
# whole lines, appended to OUT exactly once, kill -9 included.
load ../readpos_helper

prep() {
	sc-fetch jsonl "$EXAMPLES/inbox.jsonl"
}

stage() {
	sc-classify --state "$ST" -o "$OUT" "$IN"
}

stage_stdin() {
	sc-classify --state "$ST" -o "$OUT" <"$IN"
}

setup() {
	rp_setup
}

@test "-o: a second run adds only the new lines; a run with nothing new writes nothing" {
	rp_second_run_adds_only_new_lines
	# what two runs made is what one run over the whole input makes
	sc-classify "$ALL" | cmp - "$OUT"
}

@test "-o: killed between its write and its commit: the output is cut and made again once" {
	rp_kill_between_write_and_commit
	sc-classify "$ALL" | cmp - "$OUT"
}

@test "-o: a last line without its newline waits; a rotated or rewritten input is said and read from its start" {
	rp_input_cases
}

@test "-o wants one input file, not standard input; --state goes with -o" {
	rp_stdin_refused
	run_split sc-classify --state "$ST" "$IN"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--state keeps -o's read position: it goes with -o"* ]]
}
