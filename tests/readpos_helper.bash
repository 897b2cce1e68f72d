# Shared by each stage's -o tests (sc-classify, sc-route, sc-reply): the
# stage reads a file the stage before appends to, keeps its read position
# in the state and appends to its own output, each record exactly once.
# A test file sets prep (the stage's whole input, made from the example
# inbox, on stdout) and stage (the stage with -o "$OUT" "$IN" and the
# test's state), then calls these.
load ../helper

rp_setup() {
	ST=$BATS_TEST_TMPDIR/state
	IN=$BATS_TEST_TMPDIR/in.jsonl
	OUT=$BATS_TEST_TMPDIR/out.jsonl
	ALL=$BATS_TEST_TMPDIR/all.jsonl
	prep | head -160 >"$ALL"
	[ "$(wc -l <"$ALL")" -eq 160 ]
	head -100 "$ALL" >"$IN"
}

# stage_ok: the stage ran (exit 1 is a record it reported, as without -o).
stage_ok() {
	run_split stage
	[ "$status" -le 1 ] || { echo "exit $status: $stderr"; false; }
}

# ids_once N: OUT holds each id of ALL's first N lines exactly once, and
# no other.
ids_once() {
	head -"$1" "$ALL" | jq -r .id | sort >"$BATS_TEST_TMPDIR/want"
	jq -r 'select(.id) | .id' "$OUT" | sort >"$BATS_TEST_TMPDIR/got"
	diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

rp_second_run_adds_only_new_lines() {
	stage_ok
	ids_once 100
	tail -n +101 "$ALL" >>"$IN"
	stage_ok
	ids_once 160
	jq -c 'select(.id)' "$OUT" >"$BATS_TEST_TMPDIR/before"
	stage_ok # nothing new: no record written (sc-route may say what it handed over)
	jq -c 'select(.id)' "$OUT" | cmp - "$BATS_TEST_TMPDIR/before"
	[ "$(sqlite3 "$ST/sc.db" "SELECT offset FROM readpos")" -eq "$(stat -c %s "$IN")" ]
}

rp_kill_between_write_and_commit() {
	stage_ok
	local committed
	committed=$(stat -c %s "$OUT")
	tail -n +101 "$ALL" >>"$IN"
	SC_TEST_KILL_AFTER_WRITE=1 run_split stage
	[ "$status" -eq 137 ]
	[ "$(stat -c %s "$OUT")" -gt "$committed" ] # written, not committed
	stage_ok
	[[ "$stderr" == *"bytes past the last commit"*"cut off, they are made again"* ]]
	ids_once 160
}

rp_partial_last_line_waits() {
	head -100 "$ALL" >"$IN"
	sed -n 101p "$ALL" | head -c 40 | tr -d '\n' >>"$IN"
	stage_ok
	[[ "$stderr" != *"invalid JSON"* ]]
	ids_once 100
	sed -n 101p "$ALL" | tail -c +41 >>"$IN"
	stage_ok
	[[ "$stderr" != *"invalid JSON"* ]]
	ids_once 101
}

rp_rotated_input_read_from_start() {
	stage_ok
	mv "$IN" "$IN.1"
	tail -n +101 "$ALL" >"$IN" # a new file: another inode
	stage_ok
	[[ "$stderr" == *"in.jsonl is another file than the one read last time (rotated or replaced?): read from its start"* ]]
	ids_once 160
}

rp_rewritten_input_read_from_start() {
	stage_ok
	# the same inode, written again from its start with other lines (as
	# long or longer: only the bytes before the position tell)
	tail -n +101 "$ALL" >"$BATS_TEST_TMPDIR/rest"
	cat "$BATS_TEST_TMPDIR/rest" "$BATS_TEST_TMPDIR/rest" "$BATS_TEST_TMPDIR/rest" >"$IN"
	[ "$(stat -c %s "$IN")" -ge "$(sqlite3 "$ST/sc.db" "SELECT offset FROM readpos")" ]
	stage_ok
	[[ "$stderr" == *"in.jsonl was rewritten before the position read last time: read from its start"* ]]
}

# A fresh start: no state, no output, the first 100 lines as input.
rp_reset() {
	rm -rf "$ST" "$OUT" "$IN.1"
	head -100 "$ALL" >"$IN"
}

rp_input_cases() {
	rp_partial_last_line_waits
	rp_reset
	rp_rotated_input_read_from_start
	rp_reset
	rp_rewritten_input_read_from_start
}

rp_stdin_refused() {
	run_split stage_stdin
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"keeps its place in one input FILE"* ]]
}
