#!/usr/bin/env bats
# make models rebuilds the shipped models from ../shared byte for byte
# (scripts/train-models --out into a scratch directory, compared with
# models/): a lexicon or feature change that alters what a model learns
# without retraining it leaves a shipped file nobody can rebuild.
load ../helper

ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

setup() {
	need_shared
	[ -d "$DATA/external/labeled/semeval2013_2016_en" ] || skip "no SemEval 2013-2016 data"
}

@test "every shipped model rebuilds byte for byte" {
	run_split env SC_LABELED="$DATA/external/labeled" \
		"$ROOT/scripts/train-models" --out "$BATS_TEST_TMPDIR/m" "$SC_BIN"
	[ "$status" -eq 0 ]
	for n in sentiment sentiment_en complaint intent needs_reply; do
		cmp "$BATS_TEST_TMPDIR/m/$n.model" "$ROOT/models/$n.model"
	done
	[ "$(cd "$BATS_TEST_TMPDIR/m" && echo *.model)" = "$(cd "$ROOT/models" && echo *.model)" ]
}

@test "only the models named are trained" {
	run_split env SC_LABELED="$DATA/external/labeled" \
		"$ROOT/scripts/train-models" --out "$BATS_TEST_TMPDIR/m" "$SC_BIN" sentiment sentiment_en
	[ "$status" -eq 0 ]
	[ "$(cd "$BATS_TEST_TMPDIR/m" && echo *.model)" = "sentiment.model sentiment_en.model" ]
}
