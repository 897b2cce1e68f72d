#!/usr/bin/env bats
# The length of a text as X counts it, against X's own reference: the
# conformance files of twitter-text in ../shared/data/external/twitter_text
# (read there at test time, never copied). Every weighted-length case of the
# v3 configuration and every URL case must agree.
load ../helper

TT=$DATA/external/twitter_text

need_tt() {
	[ -f "$TT/validate.yml" ] || skip "../shared/data/external/twitter_text not present"
}

@test "twitter-text conformance: every v3 weighted length and every URL case agrees" {
	need_tt
	run python3 "$BATS_TEST_DIRNAME/../lib/textlen-conformance.py" "$SC_BIN/tests/tool_textlen" "$TT"
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"validate.yml WeightedTweetsWithDiscountedEmojiCounterTest: 22 of 22 cases agree"* ]]
	[[ "$output" == *"extract.yml urls: 91 of 91 cases agree"* ]]
	[[ "$output" != *"not ok"* ]]
}

@test "lib/tlds.c is what scripts/gen-tlds makes of twitter-text's tlds.yml" {
	need_tt
	run "$BATS_TEST_DIRNAME/../../scripts/gen-tlds" "$TT/tlds.yml"
	[ "$status" -eq 0 ]
	diff <(printf '%s\n' "$output") "$BATS_TEST_DIRNAME/../../lib/tlds.c"
}
