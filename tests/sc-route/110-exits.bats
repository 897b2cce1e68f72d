#!/usr/bin/env bats
# Commands that did nothing must not say they succeeded: resolving a case
# that is not there, listing the cases of someone who is no agent, reading
# a state that does not exist (and not creating it), rules that failed.
load route_helper

setup() {
	setup_route
	{ rec x:1 c1 2026-11-24T10:00:00Z; rec x:2 c2 2026-11-24T10:01:00Z; } >"$IN"
	route_ok --now 2026-11-24T10:05:00Z
}

@test "resolve: an id with no open case is exit 1, named on stderr; the others are still resolved" {
	run_split sc-route resolve -c "$CFG" --state "$ST" --now 2026-11-24T11:00:00Z 99999
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"99999: no open case"* ]]
	printf '%s\n' "$output" | jq -e 'select(.type == "resolve") | .route.resolved == false' >/dev/null
	run_split sc-route resolve -c "$CFG" --state "$ST" --now 2026-11-24T11:00:00Z c1 nope
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.type == "resolve") | "\(.conversation_id)=\(.route.resolved)"' | paste -sd' ')" = "c1=true nope=false" ]
	run_split sc-route resolve -c "$CFG" --state "$ST" --now 2026-11-24T11:00:00Z c2
	[ "$status" -eq 0 ] && [ -z "$stderr" ]
}

@test "cases --mine / --assignee with no such agent in the config: a usage error, not an empty list" {
	SC_AGENT=nobody run_split sc-route cases -c "$CFG" --state "$ST" --mine
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--mine: SC_AGENT 'nobody' is no agent of $CFG"* ]]
	run_split sc-route cases -c "$CFG" --state "$ST" --assignee anan
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--assignee 'anan' is no agent of $CFG"* ]]
	SC_AGENT=anna run_split sc-route cases -c "$CFG" --state "$ST" --mine --format json
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c .)" -ge 1 ]
}

@test "cases --state on a directory with no state: exit 1, and nothing is created" {
	run_split sc-route cases --state "$BATS_TEST_TMPDIR/typo-dir"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"no state in $BATS_TEST_TMPDIR/typo-dir"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/typo-dir" ]
	mkdir "$BATS_TEST_TMPDIR/empty"
	run_split sc-route cases --state "$BATS_TEST_TMPDIR/empty"
	[ "$status" -eq 1 ]
	[ -z "$(ls -A "$BATS_TEST_TMPDIR/empty")" ]
}

@test "a rule that fails on every record: the records go out, the run exits 1" {
	cfg_with '.rules = [{"name": "broken", "if": ".text | test(\"(\")", "queue": "english"}] + .rules'
	{ rec x:3 c3 2026-11-24T10:00:00Z; rec x:4 c4 2026-11-24T10:00:00Z; } >"$IN"
	route
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"rule 'broken' failed on 2 records"* ]]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.route) | .id' | paste -sd' ')" = "x:3 x:4" ]
}

@test "sc-classify: a rule that fails at run time makes the exit status 1" {
	echo '{"rules":[{"name":"bad-regex","if":".text | test(\"(\")","set":{"x":1}}]}' >"$BATS_TEST_TMPDIR/c.json"
	printf '%s\n' '{"id":"a","text":"x"}' '{"id":"b","text":"y"}' >"$BATS_TEST_TMPDIR/two.jsonl"
	run_split sc-classify -c "$BATS_TEST_TMPDIR/c.json" "$BATS_TEST_TMPDIR/two.jsonl"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"rules failed 2 times (treated as no match)"* ]]
	[ "$(printf '%s\n' "$output" | grep -c .)" -eq 2 ]
}

@test "a record without an id, or without a time, is refused with its line: the others routed, exit 1" {
	{
		rec x:3 c3 2026-11-24T10:02:00Z
		rec x:4 c4 2026-11-24T10:03:00Z 'del(.id)'
		rec x:5 c5 2026-11-24T10:04:00Z '.id = 5'
		rec x:6 c6 yesterday
		rec x:7 c7 2026-11-24T10:06:00Z 'del(.created_at)'
		rec x:8 c8 2026-11-24T10:07:00Z
	} >"$IN"
	route
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"in:2: no id, or an id that is not a string (sc-record(5)): not routed"* ]]
	[[ "$stderr" == *"in:3: no id, or an id that is not a string"* ]]
	[[ "$stderr" == *"in:4: no created_at, or one that is not an RFC 3339 time: not routed"* ]]
	[[ "$stderr" == *"in:5: no created_at"* ]]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.route) | .id' | paste -sd' ')" = "x:3 x:8" ]
	# a resolve needs neither, and --now stands for a missing time
	printf '%s\n' '{"type":"resolve","conversation_id":"c3"}' >"$IN"
	route_ok --now 2026-11-24T11:00:00Z
	rec x:9 c9 yesterday >"$IN"
	route_ok --now 2026-11-24T11:00:00Z
	[ "$(route_of x:9 | jq -r .case)" != null ]
}
