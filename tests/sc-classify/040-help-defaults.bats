#!/usr/bin/env bats
# What --help shows is what the parser takes: every "(default N)" an
# option's help line gives is accepted when given as that option's value.
load ../helper

# defaults SUBCOMMAND...: "--option value" per line, from that --help
defaults() {
	sc-classify "$@" --help | sed -n 's/^ *\(--[a-z-]*\) [A-Z]* .*(default \([0-9.][0-9.]*\).*/\1 \2/p'
}

@test "sc-classify train: each default its --help shows is accepted (--rate, --threshold, --bits, --epochs)" {
	for i in 1 2 3 4; do
		echo "{\"text\":\"great lovely service $i\",\"label\":\"positive\"}"
		echo "{\"text\":\"awful slow broken $i\",\"label\":\"negative\"}"
	done >"$BATS_TEST_TMPDIR/l.jsonl"
	run defaults train
	[ "$(printf '%s\n' "$output" | cut -d' ' -f1 | paste -sd' ')" = "--bits --epochs --rate --threshold" ]
	while read -r opt value; do
		run_split sc-classify train --field sentiment "$opt" "$value" "$BATS_TEST_TMPDIR/l.jsonl"
		[ "$status" -eq 0 ] || { echo "train $opt $value: exit $status: $stderr"; return 1; }
	done <<<"$output"
}

@test "sc-classify: each default its --help shows is accepted" {
	run defaults
	[ -n "$output" ]
	while read -r opt value; do
		run_split bash -c "echo '{\"id\":\"a\",\"text\":\"hi\"}' | sc-classify $opt $value"
		[ "$status" -eq 0 ] || { echo "$opt $value: exit $status: $stderr"; return 1; }
	done <<<"$output"
}
