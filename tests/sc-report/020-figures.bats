#!/usr/bin/env bats
# sc-report's figures: checked against an independent computation on the
# real archive, partial/merge, formats, filters and bad input.
load ../helper

setup() {
	need_shared
	R="$BATS_TEST_TMPDIR/twcs.jsonl"
	sc-fetch csv "$DATA/twcs-sample.csv" >"$R"
}

@test "per-brand requests, answers, response rate and median equal an independent computation" {
	run_split sc-report --format json "$R"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/c.jsonl"
	python3 "$BATS_TEST_DIRNAME/../../bench/report-check.py" "$R" >"$BATS_TEST_TMPDIR/py.jsonl"
	python3 - "$BATS_TEST_TMPDIR/py.jsonl" "$BATS_TEST_TMPDIR/c.jsonl" <<'PY'
import json, sys
a = {json.loads(l)['account']: json.loads(l) for l in open(sys.argv[1])}
b = {json.loads(l)['account']: json.loads(l) for l in open(sys.argv[2])}
assert len(a) > 100, len(a)
for k, x in a.items():
    y = b[k]
    for f in ('requests', 'answered', 'first_response_median_s'):
        assert x[f] == y[f], (k, f, x, y)
    assert x['response_rate'] is None or abs(x['response_rate'] - y['response_rate']) < 1e-4, (k, x, y)
assert all(y['requests'] == 0 for k, y in b.items() if k not in a)
PY
}

@test "json: one object per group, keys first, durations in seconds" {
	run_split sc-report --format json --by account,channel "$R"
	rec_line=$(printf '%s\n' "$output" | jq -c 'select(.account == "AppleSupport" and .channel == "public")')
	[ -n "$rec_line" ]
	jq -e '(keys_unsorted[0:2] == ["account","channel"]) and (.first_response_median_s | type) == "number"
	       and .requests >= .answered and (.response_rate <= 1)' <<<"$rec_line" >/dev/null
}

@test "--partial over 4 parts and --merge give byte-identical output to one run" {
	split -n l/4 "$R" "$BATS_TEST_TMPDIR/p_"
	for p in "$BATS_TEST_TMPDIR"/p_a?; do sc-report --partial "$p" >"$p.part"; done
	for f in json csv table; do
		run_split sc-report --format $f --by account,day "$R"
		one=$output
		run_split sc-report --format $f --by account,day --merge "$BATS_TEST_TMPDIR"/p_a?.part
		[ "$status" -eq 0 ]
		[ "$output" = "$one" ]
	done
}

@test "csv has a header and one row per group" {
	run_split sc-report --format csv "$R"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == account,inbound,outbound,requests,answered,response_rate,* ]]
	n=$(sc-report --format json "$R" | wc -l)
	[ "${#lines[@]}" -eq $((n + 1)) ]
}

@test "--where filters with jq; --by day uses --tz" {
	run_split sc-report --format json --where '.account == "AskPlayStation"' "$R"
	[ "$(printf '%s\n' "$output" | jq -r .account | sort -u)" = "AskPlayStation" ]
	run_split sc-report --format json --by day --tz America/New_York "$R"
	printf '%s\n' "$output" | jq -e -s 'map(.day) | index("2017-10-31") != null' >/dev/null
}

@test "--coverage: a weekday x hour table, 168 cells in json" {
	run_split sc-report --coverage --format json "$R"
	[ "${#lines[@]}" -eq 168 ]
	[ "$(printf '%s\n' "$output" | jq -s 'map(.inbound) | add')" -eq 2778 ]
}

@test "html: one self-contained page with the four charts and the table" {
	run_split sc-report --format html --title 'TWCS <sample>' "$R"
	[ "$status" -eq 0 ]
	[[ "$output" == "<!DOCTYPE html>"* ]]
	[[ "$output" == *"TWCS &lt;sample&gt;"* ]]
	[ "$(grep -c '<svg' <<<"$output")" -eq 4 ]
	[[ "$output" == *"<table>"* ]]
	! grep -qi '<script\|https\?://' <<<"$output"
}

@test "bad records are reported by line and skipped, exit 1" {
	printf '%s\n' '{"id":"x:1","direction":"in","created_at":"2026-11-03T09:00:00Z","conversation_id":"x:1","author":{"id":"x:a"},"account":"A"}' \
		'not json' '{"id":"x:2","direction":"sideways","created_at":"2026-11-03T09:00:00Z"}' \
		'{"id":"x:3","direction":"out","created_at":"soon"}' \
		'{"id":"x:4","direction":"out","created_at":"2026-11-03T09:30:00Z","conversation_id":"x:1","in_reply_to":"x:1","author":{"id":"x:b"},"account":"A"}' >"$BATS_TEST_TMPDIR/m.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/m.jsonl"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"m.jsonl:2: invalid JSON"* ]]
	[[ "$stderr" == *"m.jsonl:3: x:2: direction is not in or out"* ]]
	[[ "$stderr" == *"m.jsonl:4: x:3: no usable created_at"* ]]
	printf '%s\n' "$output" | jq -e 'select(.account=="A") | .answered == 1 and .first_response_median_s == 1800' >/dev/null
}

@test "the bundled example: response rate per account" {
	run_split bash -c "sc-fetch csv '$EXAMPLES/inbox.csv' | sc-report --format json"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | jq -s 'map(.account) | sort')" = '[
  "Acme",
  "AcmeHelp"
]' ]
}

@test "--hours: first responses also in business time, with holidays; bad hours are usage errors" {
	# Fri 20:30 Rome, answered Mon 09:30: 14h in calendar time, 1h of a Mon-Fri 09-21 week
	printf '%s\n' '{"id":"x:1","direction":"in","created_at":"2026-11-06T19:30:00Z","conversation_id":"x:1","author":{"id":"x:a"},"account":"A"}' \
		'{"id":"x:2","direction":"out","created_at":"2026-11-09T08:30:00Z","conversation_id":"x:1","in_reply_to":"x:1","author":{"id":"x:b"},"account":"A"}' >"$BATS_TEST_TMPDIR/b.jsonl"
	run_split sc-report --format json --tz Europe/Rome --hours 'Mon-Fri 09:00-21:00' "$BATS_TEST_TMPDIR/b.jsonl"
	[ "$status" -eq 0 ]
	jq -e '.first_response_median_s == 219600 and .business_first_response_median_s == 3600
	       and .business_share_answered_within_1h == 1' <<<"$output" >/dev/null
	run_split sc-report --format json --tz Europe/Rome --hours 'Mon-Fri 09:00-21:00' --holiday 2026-11-09 "$BATS_TEST_TMPDIR/b.jsonl"
	jq -e '.business_first_response_median_s == 1800' <<<"$output" >/dev/null
	run_split sc-report --format json "$BATS_TEST_TMPDIR/b.jsonl"
	jq -e 'has("business_first_response_median_s") | not' <<<"$output" >/dev/null
	run_split sc-report --hours 'Mon-Fri 25:00-26:00' "$BATS_TEST_TMPDIR/b.jsonl"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--hours: '25:00' is not a time of day"* ]]
	run_split sc-report --holiday 2026-11-09 "$BATS_TEST_TMPDIR/b.jsonl"
	[ "$status" -eq 2 ]
}

@test "--where that fails on a record: reported with file and line, the record left out, exit 1" {
	run_split sc-report --format json --where '.text | test("(")' "$R"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"twcs.jsonl:1: --where:"* ]]
	[ "$(grep -c -- '--where:' <<<"$stderr")" -eq 10 ] # the first few only
	[ -z "$output" ] # every record failed the test: none is counted
}

@test "--window: conversations closed while reading give the figures of --window none" {
	# 120,000 generated records in time order over six weeks: with a 2-day
	# window the conversations older than that are closed while reading after
	# the first 20,000 records, some go on after
	# (DMs between the same two people), some still wait
	G="$BATS_TEST_TMPDIR/gen.jsonl"
	python3 "$BATS_TEST_DIRNAME/../../bench/gen" --rows 120000 --format jsonl -o "$G"
	run_split sc-report --format json --by account,day --window none "$G"
	[ "$status" -eq 0 ]
	all=$output
	run_split sc-report -v --format json --by account,day --window 2d "$G"
	[ "$status" -eq 0 ]
	[ "$output" = "$all" ]
	[[ "$stderr" =~ conversations:\ ([0-9]+)\ closed\ while\ reading.*\ ([0-9]+)\ closed\ ones\ kept ]]
	[ "${BASH_REMATCH[1]}" -gt 20000 ]
	[ "${BASH_REMATCH[2]}" -gt 1000 ]
	[[ "$stderr" == *" 0 records more than --window behind the latest"* ]]
	# the same through four parts merged in order
	split -n l/4 "$G" "$BATS_TEST_TMPDIR/g_"
	for p in "$BATS_TEST_TMPDIR"/g_a?; do sc-report --partial "$p" >"$p.part"; done
	run_split sc-report --format json --by account,day --window 2d --merge "$BATS_TEST_TMPDIR"/g_a?.part
	[ "$output" = "$all" ]
}

@test "--threads: the same figures and the same reports of bad lines on 0 (the main thread), 1 and 3 parser threads" {
	{ head -n 2000 "$R"; echo 'not json'; echo '{"id":"x:9","direction":"up","created_at":"2026-11-03T09:00:00Z"}'; tail -n +2001 "$R"; } >"$BATS_TEST_TMPDIR/t.jsonl"
	run_split sc-report --threads 0 --format json --by account,day "$BATS_TEST_TMPDIR/t.jsonl"
	[ "$status" -eq 1 ]
	one=$output err=$stderr
	[[ "$err" == *"t.jsonl:2001: invalid JSON"* && "$err" == *"t.jsonl:2002: x:9: direction is not in or out"* ]]
	for t in 1 3; do
		run_split sc-report --threads $t --format json --by account,day "$BATS_TEST_TMPDIR/t.jsonl"
		[ "$status" -eq 1 ]
		[ "$output" = "$one" ]
		[ "$stderr" = "$err" ]
	done
	run_split sc-report --threads 3 --strict --format json "$BATS_TEST_TMPDIR/t.jsonl"
	[ "$status" -eq 1 ]
	[ "$(grep -c 't.jsonl:' <<<"$stderr")" -eq 1 ] # stops at the first
	run_split sc-report --threads -1 /dev/null
	[ "$status" -eq 2 ]
}

@test "sc-route's resolve and hand-over lines are not messages: passed over, not bad, on every thread count" {
	run_split sc-report --format json "$R"
	[ "$status" -eq 0 ]
	want=$output
	{
		echo '{"type":"handover","route":{"at":"2017-10-31T22:00:00Z","handover":[{"conversation_id":"csv:1","case":1,"assignee":"anna"}]}}'
		head -n 100 "$R"
		echo '{"type":"resolve","conversation_id":"csv:1","route":{"resolved":true}}'
		tail -n +101 "$R"
	} >"$BATS_TEST_TMPDIR/mixed.jsonl"
	for t in 0 1 3; do
		run_split sc-report --threads "$t" --format json "$BATS_TEST_TMPDIR/mixed.jsonl"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "$want" ]
	done
	# any other line without an id is still bad
	echo '{"type":"other"}' >>"$BATS_TEST_TMPDIR/mixed.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/mixed.jsonl"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"mixed.jsonl:$(wc -l <"$R" | awk '{print $1 + 3}'): no id"* ]]
}
