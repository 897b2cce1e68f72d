# Shared set-up for the bats tests: the binaries under test and the real
# data in ../shared (read from there, never copied into the project).
SC_BIN=${SC_BIN:-$(cd "$BATS_TEST_DIRNAME/../../build" && pwd)}
SHARED=${SC_SHARED:-$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)/shared}
DATA=$SHARED/data
TDATA=$(cd "$BATS_TEST_DIRNAME/../data" && pwd)
EXAMPLES=$(cd "$BATS_TEST_DIRNAME/../../examples" && pwd)
PATH=$SC_BIN:$PATH
export LC_ALL=C.UTF-8

bats_require_minimum_version 1.5.0

# run a command with stdout and stderr kept apart: $output is stdout,
# $stderr is stderr, $status the exit code.
run_split() {
	run --separate-stderr "$@"
}

need_shared() {
	[ -f "$DATA/twcs-sample.csv" ] || skip "../shared/data not present"
}

# rec_is ID FILTER: the record of $output with that id exists and FILTER is
# true for it. (jq 1.6's -e looks only at the last input, so select first.)
rec_is() {
	printf '%s\n' "$output" | jq -c --arg id "$1" 'select(.id == $id)' >"$BATS_TEST_TMPDIR/rec"
	[ -s "$BATS_TEST_TMPDIR/rec" ] || { echo "no record $1"; return 1; }
	jq -e "$2" "$BATS_TEST_TMPDIR/rec" >/dev/null || { echo "$1 fails $2:"; cat "$BATS_TEST_TMPDIR/rec"; return 1; }
}

# out_file: $output saved to a file, for checks written in Python.
out_file() {
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/out.jsonl"
	echo "$BATS_TEST_TMPDIR/out.jsonl"
}

# run_closed COMMAND...: runs COMMAND with its stdout a pipe whose reading
# end is already closed (every write fails with EPIPE, no timing involved);
# $status and $stderr as run_split gives them.
run_closed() {
	run --separate-stderr python3 -c '
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
sys.exit(subprocess.run(sys.argv[1:], stdout=w).returncode)' "$@"
}
