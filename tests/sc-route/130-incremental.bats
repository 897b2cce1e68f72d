#!/usr/bin/env bats
# sc-route -o OUT FILE: each run routes only FILE's new whole lines,
# appended to OUT; a record routed once is written once, kill -9 included
# (its route and OUT's length commit together, batch by batch).
load ../readpos_helper

prep() {
	sc-fetch jsonl "$EXAMPLES/inbox.jsonl" | sc-classify
}

stage() {
	sc-route -c "$EXAMPLES/routes.json" --state "$ST" --now 2026-11-23T08:00:00Z $BATCH -o "$OUT" "$IN"
}

stage_stdin() {
	sc-route -c "$EXAMPLES/routes.json" --state "$ST" -o "$OUT" - <"$IN"
}

setup() {
	rp_setup
}

@test "-o: a second run adds only the new lines; a run with nothing new writes nothing" {
	rp_second_run_adds_only_new_lines
}

@test "-o: killed between its write and its commit: the output is cut and made again once" {
	rp_kill_between_write_and_commit
}

@test "-o --batch 7: killed after some batches committed, what they routed is not written again" {
	BATCH="--batch 7"
	stage_ok
	tail -n +101 "$ALL" >>"$IN"
	committed=$(stat -c %s "$OUT")
	# the third commit that writes dies before committing: two batches
	# (their routes and OUT's length) are kept
	SC_TEST_KILL_AFTER_WRITE=3 run_split stage
	[ "$status" -eq 137 ]
	[ "$(sqlite3 "$ST/sc.db" "SELECT out_length FROM readpos")" -gt "$committed" ]
	stage_ok
	[[ "$stderr" == *"bytes past the last commit"* ]]
	ids_once 160
}

@test "-o: what sc-classify -o wrote but did not commit (killed) is read only once committed" {
	sc-fetch jsonl "$EXAMPLES/inbox.jsonl" | head -160 >"$BATS_TEST_TMPDIR/raw"
	head -100 "$BATS_TEST_TMPDIR/raw" >"$BATS_TEST_TMPDIR/inbox"
	classify() {
		sc-classify --state "$ST" -o "$IN" "$BATS_TEST_TMPDIR/inbox"
	}
	rm "$IN"
	classify
	stage_ok
	ids_once 100
	tail -n +101 "$BATS_TEST_TMPDIR/raw" >>"$BATS_TEST_TMPDIR/inbox"
	SC_TEST_KILL_AFTER_WRITE=1 run classify
	[ "$status" -eq 137 ]
	[ "$(wc -l <"$IN")" -eq 160 ] # written, not committed: sc-classify may cut it
	stage_ok
	ids_once 100
	classify 2>/dev/null
	stage_ok
	ids_once 160
}

@test "-o: a last line without its newline waits; a rotated or rewritten input is said and read from its start" {
	rp_input_cases
}

@test "-o wants one input file, not standard input, and a run that keeps its state" {
	rp_stdin_refused
	run_split sc-route -c "$EXAMPLES/routes.json" --state "$ST" --explain -o "$OUT" "$IN"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--explain alone changes no state (add --commit)"* ]]
}
