#!/usr/bin/env bats
# sc-fetch and its standard output: a reader that leaves early, a full disk.
load ../helper

big() { # a CSV of $1 rows
	python3 -c '
import sys
print("tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id")
for i in range(1, int(sys.argv[1]) + 1):
    print(f"{i},c{i},True,Tue Nov 03 09:00:00 +0000 2026,@AcmeHelp message {i} " + "x" * 200 + ",,")
' "$1"
}

@test "a reader that goes away early (head) ends sc-fetch quietly" {
	big 200000 >"$BATS_TEST_TMPDIR/big.csv"
	run bash -c "set -o pipefail; '$SC_BIN/sc-fetch' csv '$BATS_TEST_TMPDIR/big.csv' 2>'$BATS_TEST_TMPDIR/err' | head -1 >/dev/null"
	[ "$status" -eq 0 ]
	[ ! -s "$BATS_TEST_TMPDIR/err" ]
}

@test "a write error on standard output is reported, exit 1" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr bash -c "'$SC_BIN/sc-fetch' csv '$TDATA/mixed-bad.csv' >/dev/full"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"write error on standard output: No space left on device"* ]]
}

@test "output order is input order, ids unique, over a large input" {
	big 120000 >"$BATS_TEST_TMPDIR/big.csv"
	run_split sc-fetch csv --window 1000 "$BATS_TEST_TMPDIR/big.csv"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | jq -r '.id[4:]' >"$BATS_TEST_TMPDIR/ids"
	seq 1 120000 | cmp - "$BATS_TEST_TMPDIR/ids"
}
