#!/usr/bin/env bats
# sc-classify train and eval: models from labelled records, and their scores.
load ../helper

labelled() {
	for i in 1 2 3 4 5 6 7 8; do
		echo "{\"text\":\"great lovely service $i\",\"label\":\"praise\"}"
		echo "{\"text\":\"where is my order $i, still waiting\",\"label\":\"complaint\"}"
		echo "{\"text\":\"do you sell gift cards $i?\",\"label\":\"question\"}"
	done
}

@test "train writes a model that --model then uses" {
	labelled >"$BATS_TEST_TMPDIR/l.jsonl"
	run_split sc-classify train --field intent --bits 12 "$BATS_TEST_TMPDIR/l.jsonl"
	[ "$status" -eq 0 ]
	[[ "$output" == "sc-model 1"* ]]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/m"
	grep -q '^labels complaint praise question$' "$BATS_TEST_TMPDIR/m"
	run_split bash -c "echo '{\"id\":\"a\",\"text\":\"where is my parcel, still waiting\"}' | sc-classify --model $BATS_TEST_TMPDIR/m"
	[ "$status" -eq 0 ]
}

@test "training is deterministic" {
	labelled >"$BATS_TEST_TMPDIR/l.jsonl"
	a=$(sc-classify train --field intent --bits 12 "$BATS_TEST_TMPDIR/l.jsonl" | md5sum)
	b=$(sc-classify train --field intent --bits 12 "$BATS_TEST_TMPDIR/l.jsonl" | md5sum)
	[ "$a" = "$b" ]
}

@test "train refuses records without text or label, and a single label" {
	printf '%s\n' '{"text":"a","label":"x"}' '{"label":"y"}' '{"text":"b","label":"x"}' >"$BATS_TEST_TMPDIR/l.jsonl"
	run_split sc-classify train --field intent "$BATS_TEST_TMPDIR/l.jsonl"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *":2: want a \"text\" string"* ]]
	[[ "$stderr" == *"need two labels or more"* ]]
}

@test "eval prints accuracy, per-class scores, macro-F1 and a confusion matrix" {
	printf '%s\n' '{"text":"I love it, thank you","label":"positive"}' \
		'{"text":"this is terrible, worst service ever","label":"negative"}' \
		'{"text":"the shop opens at nine","label":"neutral"}' >"$BATS_TEST_TMPDIR/s.jsonl"
	run_split sc-classify eval --field sentiment "$BATS_TEST_TMPDIR/s.jsonl"
	[ "$status" -eq 0 ]
	[[ "$output" == *"records 3"* ]]
	[[ "$output" == *"accuracy "* ]]
	[[ "$output" == *"precision"*"recall"*"f1"* ]]
	[[ "$output" == *"macro-F1 "* ]]
	[[ "$output" == *"confusion"* ]]
	printf '%s\n' "$output" | grep -qE '^positive +1\.0000 +1\.0000'
}

@test "eval reads the label from --label-key; complaint labels 1/0 count as true/false" {
	printf '%s\n' '{"text":"my order never arrived and nobody answers","gold":1}' \
		'{"text":"thanks, lovely day","gold":0}' >"$BATS_TEST_TMPDIR/c.jsonl"
	run_split sc-classify eval --field complaint --label-key gold "$BATS_TEST_TMPDIR/c.jsonl"
	[ "$status" -eq 0 ]
	[[ "$output" == *"accuracy 1.0000"* ]]
	run_split sc-classify eval --field complaint "$BATS_TEST_TMPDIR/c.jsonl"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"no \"label\" label"* ]]
}

@test "the built-in sentiment model beats chance on the UMSAB Italian val split" {
	need_shared
	d=$DATA/external/labeled/umsab_sentiment/italian
	[ -f "$d/val_text.txt" ] || skip "no UMSAB data"
	paste "$d/val_text.txt" "$d/val_labels.txt" | jq -R -c 'split("\t") | {text: .[0], label: ({"0":"negative","1":"neutral","2":"positive"}[.[1]])}' >"$BATS_TEST_TMPDIR/it.jsonl"
	run_split sc-classify eval --field sentiment "$BATS_TEST_TMPDIR/it.jsonl"
	[ "$status" -eq 0 ]
	f1=$(printf '%s\n' "$output" | awk '/^macro-F1/{print $2}')
	awk -v f="$f1" 'BEGIN{exit !(f > 0.5)}'
}
