#!/usr/bin/env bats
# The shipped models against the figures they were shipped with
# (models/figures.tsv), on the held-out parts of the labelled data in
# ../shared that no model was trained on (scripts/prepare-labeled).
load ../helper

ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

setup() {
	need_shared
	[ -f "$DATA/labeled/twcs-intent.jsonl" ] || skip "no labelled TWCS tweets"
	[ -d "$DATA/external/labeled/semeval2013_2016_en" ] || skip "no SemEval 2013-2016 data"
}

@test "no shipped model scores more than 0.02 below its figure on the held-out data" {
	run_split env SC_LABELED="$DATA/external/labeled" SC_FIGURES="$ROOT/models/figures.tsv" \
		"$ROOT/scripts/train-models" --eval "$SC_BIN"
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"needs_reply accuracy, TWCS held-out"* ]]
	! [[ "$output" == *REGRESSED* ]]
}

@test "a figure the models no longer reach fails the check, by name" {
	sed 's/^\(intent accuracy, TWCS held-out\t\).*/\10.99/' "$ROOT/models/figures.tsv" >"$BATS_TEST_TMPDIR/f.tsv"
	run_split env SC_LABELED="$DATA/external/labeled" SC_FIGURES="$BATS_TEST_TMPDIR/f.tsv" \
		"$ROOT/scripts/train-models" --eval "$SC_BIN"
	[ "$status" -eq 1 ]
	[[ "$output" == *"intent accuracy, TWCS held-out"*"REGRESSED: shipped 0.9900"* ]]
}
