#!/usr/bin/env bats
# bench/run (make bench) on a tiny input: every sc row runs and checks its
# line count, ratios and the issue's targets are computed from the rows of
# the same run, the memory table compares the two sizes, and nothing is
# written to the committed bench/results.* or the bench/out cache.
load ../helper

ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

setup_file() {
	[ -x /usr/bin/time ] || return 0
	local B=$BATS_FILE_TMPDIR cflags="" before
	# the floor programs link the sc library of the binaries measured
	nm "$SC_BIN/libsc.a" 2>/dev/null | grep -q __asan_ && cflags='-fsanitize=address,undefined'
	before=$(stat -c %Y "$ROOT/bench/results.json")
	BENCH_ROWS="300 3000" BENCH_XARCHIVE_MB="" BENCH_RUNS=1 BENCH_OUT="$B/out" \
		BENCH_RESULTS="$B/results" BENCH_CFLAGS="$cflags" SC_BIN="$SC_BIN" \
		"$ROOT/bench/run" </dev/null >"$B/stdout" 2>"$B/stderr"
	echo $? >"$B/status"
	[ "$(stat -c %Y "$ROOT/bench/results.json")" = "$before" ] && echo same >"$B/committed"
	return 0
}

setup() {
	[ -x /usr/bin/time ] || skip "GNU time (Debian package time) is not installed"
	B=$BATS_FILE_TMPDIR
	J=$B/results.json
}

# bench_row SIZE NAME FILTER: the row of that size and name exists and FILTER holds
bench_row() {
	jq -e --argjson n "$1" --arg name "$2" \
		"[.sizes[] | select(.rows == \$n) | .results[] | select(.name == \$name)] | length == 1 and (.[0] | $3)" "$J" >/dev/null ||
		{ echo "row $1 '$2' fails $3"; jq -c --argjson n "$1" --arg name "$2" '.sizes[] | select(.rows == $n) | .results[] | select(.name == $name)' "$J"; false; }
}

@test "the run ends well, writes where it is told, and leaves the committed results alone" {
	[ "$(cat "$B/status")" -eq 0 ] || { cat "$B/stderr"; false; }
	[ -s "$B/results.md" ] && [ -s "$J" ]
	[ -f "$B/committed" ]
	[ -d "$B/out/input" ]
	[[ "$(cat "$B/stderr")" == *"wrote $B/results.md and $B/results.json"* ]]
}

@test "every sc stage is timed at both sizes and wrote one line per record" {
	for n in 300 3000; do
		bench_row "$n" "sc-fetch csv" '.status == "ok" and .check == "ok"'
		bench_row "$n" "sc-classify" '.status == "ok" and .check == "ok"'
		bench_row "$n" "sc-route (20 rules)" '.status == "ok" and .check == "ok"'
		bench_row "$n" "sc-reply (drafts)" '.status == "ok" and .check == "ok"'
		bench_row "$n" "sc-report" '.status == "ok" and .wall_s != null and .rss_mb > 0'
		bench_row "$n" "jq -c . (classified)" '.status == "ok" and .check == "ok"'
		bench_row "$n" "jq -c . (routed)" '.status == "ok" and .check == "ok"'
		bench_row "$n" "libcsv parse alone (floor)" '.status == "ok"'
		bench_row "$n" "libjq parse alone (floor)" '.status == "ok"'
		bench_row "$n" "pipeline fetch|classify|route|reply|report" '.status == "ok"'
	done
}

@test "a ratio is the reference's wall time over the row's, for each reference named" {
	bench_row 3000 "sc-route (20 rules)" '.ratios | map(.ref) | index("jq -c . (classified)") != null'
	jq -e '[.sizes[] | select(.rows == 3000) | .results[]] as $r
		| ($r | map(select(.name == "sc-reply (drafts)"))[0]) as $s
		| ($r | map(select(.name == "jq -c . (routed)"))[0]) as $j
		| ($s.ratios | map(select(.ref == "jq -c . (routed)"))[0].ratio) as $got
		| $s.wall_s > 0 and (($got - $j.wall_s / $s.wall_s) | fabs) < 1e-9' "$J" >/dev/null
}

@test "the targets are checked at each size against the run's own rows" {
	jq -e '[.targets[] | select(.rows == 3000)] | length == 12' "$J" >/dev/null
	# the issue's CPU-time rows: sc-reply's is jq's CPU seconds over its own
	jq -e '[.sizes[] | select(.rows == 3000) | .results[]] as $r
		| ($r | map(select(.name == "sc-reply (drafts)"))[0]) as $s
		| ($r | map(select(.name == "jq -c . (routed)"))[0]) as $j
		| [.targets[] | select(.rows == 3000 and (.target | startswith("CPU time: sc-reply")))] as $t
		| ($t | length) == 1 and $s.cpu_s > 0
		  and (($t[0].measured - $j.cpu_s / $s.cpu_s) | fabs) < 1e-9
		  and ($t[0].met == ($t[0].measured >= 4))' "$J" >/dev/null
	# sc-classify's rate target: its records per CPU second, met or not by 120,000
	jq -e '[.sizes[] | select(.rows == 3000) | .results[] | select(.name == "sc-classify")][0] as $c
		| [.targets[] | select(.rows == 3000 and (.target | startswith("sc-classify ≥ 120")))] | length == 1
		  and (.[0].measured == $c.records / $c.cpu_s) and (.[0].met == (.[0].measured >= 120000))' "$J" >/dev/null
	# sc-route against jq -c . on the classified file: the same ratio as its row's
	jq -e '[.sizes[] | select(.rows == 3000) | .results[] | select(.name == "sc-route (20 rules)")][0] as $r
		| [.targets[] | select(.rows == 3000 and (.target | startswith("sc-route ≥ 2×")))][0]
		| .measured == ($r.ratios | map(select(.ref == "jq -c . (classified)"))[0].ratio)
		  and .floor == "libjq parse + 20 rules (floor)" and .best != null' "$J" >/dev/null
	grep -q '^## Targets' "$B/results.md"
	grep -q '^| `make bench` within 15 minutes | – | [0-9]* min [0-9]* s | yes |' "$B/results.md"
	grep -q '^The whole run took [0-9]* min [0-9]* s, inputs generated included.$' "$B/results.md"
}

@test "the memory table holds each sc command on the smaller and the larger input" {
	jq -e '.memory | map(select(.command == "sc-classify"))[0]
		| .small_records == 300 and .large_records == 3000 and .small_rss_mb > 0
		  and .growth == .large_rss_mb / .small_rss_mb' "$J" >/dev/null
	jq -e '.memory | all(.command | startswith("sc-") or startswith("pipeline"))' "$J" >/dev/null
	grep -q '^## Memory: peak RSS on the smallest and the largest input' "$B/results.md"
}

@test "the scale-out rows give the single process's output byte for byte" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	bench_row 3000 "sc-classify, parallel --pipe -j$(nproc)" '.note | test("output identical to one process")'
	bench_row 3000 "sc-report, 4 parts --partial + --merge" '.note | test("output identical to one process")'
}
