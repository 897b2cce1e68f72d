#!/usr/bin/env bats
# Wrong configurations and rules: each one is refused before any input is
# read, with "sc-NAME: FILE: what is wrong", exit status 3, nothing on
# standard output and no state written.
load hostile_helper

# refused TOOL-ARGS... -- CONFIG FRAGMENT: the config text is refused with
# a message containing FRAGMENT.
refused() {
	local args=() c=$BATS_TEST_TMPDIR/c.json
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	printf '%s' "$2" >"$c"
	run_split "${args[@]}" "$c" <<<'{"id":"x:1","text":"hi","created_at":"2026-11-24T10:00:00Z"}'
	[ "$status" -eq 3 ] && [ -z "$output" ] || { echo "[$2]: exit $status, out: $output"; return 1; }
	[[ "$stderr" == "${args[0]}: $c: "*"$3"* ]] || { echo "[$2]: $stderr"; return 1; }
}

# route_hours HOURS FRAGMENT: a schedule with those hours is refused.
route_hours() {
	refused sc-route --state "$BATS_TEST_TMPDIR/st" -c -- \
		"{\"schedules\":{\"s\":{\"hours\":\"$1\",\"tz\":\"UTC\"}},\"queues\":{\"q\":{\"assign\":\"none\",\"schedule\":\"s\"}}}" "$2"
}

@test "sc-route: schedules with impossible ranges" {
	route_hours 'Mon 9-18; Mon 17-19' 'overlaps another period'
	route_hours 'Sun 22:00-02:00; Mon 01:00-03:00' 'overlaps another period'
	route_hours 'Mon-Fri 18:00-12:00; Tue 10:00-11:00' 'overlaps another period'
	route_hours 'Mon 09:00-09:00' 'is empty'
	route_hours 'Mon 24:00-01:00' 'starts at 24:00'
	route_hours 'Mon 25:00-26:00' 'is not a time of day'
	route_hours 'Mon 09:60-10:00' 'is not a time of day'
	route_hours 'Mon 99999999999999999999-3' 'expected a time of day'
	route_hours 'Mon -5-3' 'expected a time of day'
	route_hours 'Xyz 9-18' 'unknown day'
	route_hours ';;' 'no opening hours given'
	route_hours 'Mon' 'expected a space and hours'
	[ ! -e "$BATS_TEST_TMPDIR/st/sc.db" ]
}

@test "sc-route: wrong types, values and shapes" {
	local r=(sc-route --state "$BATS_TEST_TMPDIR/st" -c --)
	refused "${r[@]}" '' 'want one JSON object'
	refused "${r[@]}" '[]' 'want an object'
	refused "${r[@]}" '{"queues":[]}' 'want an object with at least one queue'
	refused "${r[@]}" '{"queues":{"a":{"assign":"none","sla":5}}}' "'sla' must be a string"
	refused "${r[@]}" '{"queues":{"a":{"assign":"none","sla":"-5h"}}}' 'not a duration'
	refused "${r[@]}" '{"queues":{"a":{"assign":"none","sla":"99999999999999999999h"}}}' 'duration too long'
	refused "${r[@]}" '{"schedules":{"s":{"hours":"24/7","tz":"../../etc/passwd"}},"queues":{"q":{"assign":"none","schedule":"s"}}}' 'unknown time zone'
	refused "${r[@]}" '{"schedules":{"s":{"hours":"24/7","tz":"UTC","holidays":["2024-02-30"]}},"queues":{"q":{"assign":"none","schedule":"s"}}}' 'is not a date'
	refused "${r[@]}" '{"agents":{"a":{"max_open":-1}},"queues":{"q":{"agents":["a"]}}}' 'max_open must be'
	# numbers no integer can hold (a double to long cast would be undefined)
	refused "${r[@]}" '{"agents":{"a":{"max_open":1e300}},"queues":{"q":{"agents":["a"]}}}' 'max_open must be'
	refused "${r[@]}" '{"queues":{"q":{"assign":"none"}},"sticky":{"customer_days":1e300}}' 'customer_days must be'
	refused "${r[@]}" '{"queues":{"q":{"assign":"none"}},"rules":[{"name":"x","if":".a |||","queue":"q"}]}' "rule 'x'"
	[ ! -e "$BATS_TEST_TMPDIR/st/sc.db" ]
}

@test "sc-classify: wrong types, values, rules and shapes" {
	local r=(sc-classify --config --)
	refused "${r[@]}" '' 'want one JSON object: the file holds none'
	refused "${r[@]}" '{"a":1}{"b":2}' 'want one JSON object: the file holds more than one value'
	refused "${r[@]}" '[]' 'want a JSON object'
	refused "${r[@]}" '{"nosuch":1}' 'unknown key "nosuch"'
	refused "${r[@]}" '{"vip_followers":"x"}' '"vip_followers" must be a number'
	refused "${r[@]}" '{"vip_followers":1e400}' '"vip_followers" must be a number'
	refused "${r[@]}" '{"complaint_threshold":2}' '"complaint_threshold" must be a number in [0, 1]'
	refused "${r[@]}" '{"wait_hours":-1}' '"wait_hours" must be a number'
	refused "${r[@]}" '{"marketing":[5]}' '"marketing"[0] must be a string'
	refused "${r[@]}" '{"lexicon":{"en":[["a","nosuchtag",1]]}}' "unknown tag 'nosuchtag'"
	refused "${r[@]}" '{"taxonomy":[{"topic":5}]}' '"taxonomy"[0]'
	refused "${r[@]}" '{"taxonomy":[{"topic":"a","if":".a |||"}]}' "rule 'topic:a'"
	refused "${r[@]}" '{"rules":[{"name":"x","if":".","set":5}]}' 'want "if" (a jq expression) and "set"'
	refused "${r[@]}" '{"rules":[{"name":"x","if":"include \"m\"; .","set":{}}]}' "rule 'x'"
}

@test "sc-report: a --where that does not compile, or imports, is refused (exit 3) before reading" {
	for w in '.a |||' 'include "m"; .' 'import "m" as m; .'; do
		run_split sc-report --where "$w" <<<'{"id":"x:1"}'
		[ "$status" -eq 3 ] && [ -z "$output" ] || { echo "[$w] $status $stderr"; return 1; }
		[[ "$stderr" == "sc-report: "* ]]
	done
}

@test "sc-report --merge: a part line whose numbers no integer can hold is a bad line, not undefined behaviour" {
	printf '%s\n' '{"id":"x:1","t":1e300,"f":1}' '{"id":"x:2","t":1,"f":1e300}' >"$BATS_TEST_TMPDIR/p1"
	run_split sc-report --merge "$BATS_TEST_TMPDIR/p1"
	[ "$status" -eq 1 ]
	[ "$(grep -c "^sc-report: $BATS_TEST_TMPDIR/p1:[12]: not a line of a partial result" <<<"$stderr")" -eq 2 ]
}
