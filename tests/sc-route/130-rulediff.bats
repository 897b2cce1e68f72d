#!/usr/bin/env bats
# The rules evaluated in C (lib/rulec.c) decide as libjq does: every rule
# of the examples, the tests and the benchmark, and hand-made edge rules,
# on the same records (the test data, the example inbox fetched and
# classified, generated bench traffic classified, hand-made edge records)
# through both paths (the C tree on the record's jv and on simdjson's
# document of the line, as sc-route reads it): the same matches, the same errors with the same
# messages (build/tests/tool_rulediff).
load ../helper

ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

# Every "if" of the project's routes and rules: the example, the bench's 20,
# and each one the tests write (as JSON strings in their configurations).
all_rules() {
	jq -c '.rules[].if' "$EXAMPLES/routes.json" "$ROOT/bench/ref/routes20.json"
	grep -ho '"if": *"\([^"\\]\|\\.\)*"' "$ROOT"/tests/*/*.bats "$ROOT"/tests/sc-route/route_helper.bash |
		sed 's/^"if": *//' | jq -c 'select(type == "string")'
	cat "$TDATA/rulediff-rules.jsonl"
}

setup() {
	R=$BATS_TEST_TMPDIR/rules.jsonl
	all_rules >"$R"
	sc-classify "$EXAMPLES/inbox.jsonl" >"$BATS_TEST_TMPDIR/inbox.jsonl"
	sc-fetch csv "$EXAMPLES/inbox.csv" | sc-classify >"$BATS_TEST_TMPDIR/inbox-csv.jsonl"
	python3 "$ROOT/bench/gen" --rows 1500 --seed 3 --format jsonl | sc-classify >"$BATS_TEST_TMPDIR/bench.jsonl"
	sc-classify "$TDATA/rulediff-records.jsonl" >"$BATS_TEST_TMPDIR/edge-classified.jsonl" || true
}

@test "every rule decides the same in C and in libjq on the corpus" {
	# the edge cases: libjq 1.6 leaks on some of them (its parsers, known
	# to fuzz/lsan.supp; the frames need the slow unwinder under ASan)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0 \
	LSAN_OPTIONS=suppressions=$ROOT/fuzz/lsan.supp:print_suppressions=0 \
		run "$SC_BIN/tests/tool_rulediff" "$R" "$TDATA/rulediff-records.jsonl" "$BATS_TEST_TMPDIR/edge-classified.jsonl"
	printf '%s\n' "$output" | grep -v '^rule ' >&3 || true
	[ "$status" -eq 0 ]
	[[ $output == *", 0 differences" ]]
	run "$SC_BIN/tests/tool_rulediff" "$R" "$BATS_TEST_TMPDIR/inbox.jsonl" "$BATS_TEST_TMPDIR/inbox-csv.jsonl" \
		"$BATS_TEST_TMPDIR/bench.jsonl" $(ls "$TDATA"/*.jsonl | grep -v /rulediff-)
	printf '%s\n' "$output" | grep -v '^rule ' >&3 || true
	[ "$status" -eq 0 ]
	summary=$(printf '%s\n' "$output" | tail -1)
	[[ $summary == *", 0 differences" ]]
	# the records reached the rules, and the C tree decided most of them
	[[ $summary =~ ([0-9]+)\ records ]] && [ "${BASH_REMATCH[1]}" -gt 2400 ]
	# and most were also decided on simdjson's document, as sc-route reads them
	[[ $summary =~ \(([0-9]+)\ read\ in\ place\) ]] && [ "${BASH_REMATCH[1]}" -gt 2400 ]
	[[ $summary =~ ([0-9]+)\ by\ the\ C\ tree ]] && [ "${BASH_REMATCH[1]}" -gt 100000 ]
	[[ $summary =~ ([0-9]+)\ given\ to\ jq ]] && [ "${BASH_REMATCH[1]}" -gt 0 ]
}

@test "the benchmark's 20 rules and the example's are all evaluated in C" {
	jq -c '.rules[].if' "$EXAMPLES/routes.json" "$ROOT/bench/ref/routes20.json" >"$BATS_TEST_TMPDIR/ours.jsonl"
	run "$SC_BIN/tests/tool_rulediff" "$BATS_TEST_TMPDIR/ours.jsonl" "$BATS_TEST_TMPDIR/bench.jsonl"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c '^rule [0-9]* in C: ')" -eq 28 ]
	[[ $output == *"28 rules (28 in C)"* ]]
}

@test "sc-route's matched rules are the ones jq itself finds (bench rules, example inbox)" {
	sc-fetch csv "$EXAMPLES/inbox.csv" | sc-classify >"$BATS_TEST_TMPDIR/in"
	cat "$BATS_TEST_TMPDIR/bench.jsonl" >>"$BATS_TEST_TMPDIR/in"
	run_split sc-route -c "$ROOT/bench/ref/routes20.json" --state "$BATS_TEST_TMPDIR/st" \
		--now 2026-11-23T10:00:00Z "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | jq -c 'select(.route and .direction == "in") | {id, m: (.route.rules // [.route.rule | values])}' \
		>"$BATS_TEST_TMPDIR/got"
	# the same rules as one jq program: each match's name, "continue" ones
	# until the first other match
	prog=$(jq -r '". as $r | [" + ([.rules[] | "(if ($r | (\(.if)\n)) then \(.name | tojson)\(if .continue then "" else ", \"STOP\"" end) else empty end)"] | join(",\n")) + "] | .[:(index(\"STOP\") // length)]"' \
		"$ROOT/bench/ref/routes20.json")
	jq -c "select(.direction == \"in\") | {id, m: ($prog)}" "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/want"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/want")" -gt 1000 ]
	diff <(sort "$BATS_TEST_TMPDIR/want") <(sort "$BATS_TEST_TMPDIR/got")
}
