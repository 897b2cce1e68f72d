#!/usr/bin/env bats
# sc-route check: the configuration checked and told in words, the state
# never opened; and --explain, a dry run on a copy of the state.
load route_helper

setup() {
	setup_route
	export XDG_STATE_HOME=$BATS_TEST_TMPDIR/xdg # where the default state would be made
}

# Monday 2026-11-23, 07:00 in Rome: before the support queue's 09:00.
MON_EARLY=2026-11-23T06:00:00Z

@test "check says what the configuration sets up, exits 0, and creates no state" {
	run_split sc-route check -c "$CFG" --now "$MON_EARLY"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ "${lines[0]}" == "$CFG: valid: 3 queues, 4 agents, 2 schedules, 4 rules; as of $MON_EARLY" ]]
	[[ "$output" == *"  support
    agents: anna, marco (assign least-open, off hours: wait)
    hours: rome: Mon-Fri 09:00-21:00 (Europe/Rome; next holiday 2026-12-25)
    sla: 2h
    now: closed, opens Mon 2026-11-23 09:00 Europe/Rome (2026-11-23T08:00:00Z); on shift: anna, marco"* ]]
	[[ "$output" == *"  triage
    agents: none (assign none, off hours: wait)
    hours: always
    sla: 1d"* ]]
	[[ "$output" == *"  sam
    shift: agent 'sam': Mon-Fri 09:00-17:00 (America/New_York)
    languages: en
    queues: english
    now: off shift, next shift Mon 2026-11-23 09:00 America/New_York (2026-11-23T14:00:00Z)"* ]]
	[[ "$output" == *"  lucia (away)"*"    now: away"* ]]
	[[ "$output" == *"  2. vip (continue): priority 1
  3. english: queue english"* ]]
	[[ "$output" == *"defaults: queue triage, sla none"* ]]
	[ ! -e "$XDG_STATE_HOME" ]
}

@test "check tells who is on shift and what is open at --now" {
	run_split sc-route check -c "$CFG" --now 2026-11-23T15:00:00Z
	[ "$status" -eq 0 ]
	[[ "$output" == *"  english"*"    now: open; on shift: sam, anna"* ]]
	[[ "$output" == *"  support"*"    now: open; on shift: anna, marco"* ]]
	[[ "$output" == *"  sam"*"    now: on shift"* ]]
}

@test "check warns of what loads but cannot work: an agent in no queue, hours that never open, no default queue" {
	cfg_with '.queues.closed = {"agents": ["anna"], "schedule": {"hours": "Mon 09:00-10:00", "tz": "UTC",
		   "holidays": [range(0; 110) | 7 * 86400 * . + 1795392000 | todate[:10]]}}
		| del(.defaults)'
	run_split sc-route check -c "$CFG" --now "$MON_EARLY"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[[ "$output" == *"warnings:"* ]]
	[[ "$output" == *"  agent 'lucia' is in no queue: no case will go to them"* ]]
	[[ "$output" == *"  queue 'closed': never opens (within two years): no due time"* ]]
	[[ "$output" == *"  no default queue: a record no rule sends to a queue gets none"* ]]
}

@test "check: a configuration error exits 3 with sc-route: FILE: message, nothing on stdout" {
	cfg_with '.queues.support.agents += ["ghost"]'
	run_split sc-route check -c "$CFG"
	[ "$status" -eq 3 ]
	[ -z "$output" ]
	[[ "$stderr" == "sc-route: $CFG: "*"unknown agent 'ghost'"* ]]
	setup_route
	cfg_with '.rules[1].if = ".class.vip =="'
	run_split sc-route check -c "$CFG"
	[ "$status" -eq 3 ]
	[[ "$stderr" == "sc-route: $CFG: "*"vip"* ]]
	[ ! -e "$XDG_STATE_HOME" ]
}

@test "check: usage errors exit 2 (no -c, an argument, --state has no meaning)" {
	run_split sc-route check
	[ "$status" -eq 2 ]
	run_split sc-route check -c "$CFG" extra
	[ "$status" -eq 2 ]
	run_split sc-route check -c "$CFG" --state "$ST"
	[ "$status" -eq 2 ]
	run_split sc-route check --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"The state is never opened"* ]]
}

@test "--explain neither creates nor changes the state; it explains against the state as it is" {
	rec x:1 c1 2026-11-24T10:00:00Z >"$IN"
	run_split sc-route -c "$CFG" --explain "$IN"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"rule 'italian': match"* ]]
	[ ! -e "$XDG_STATE_HOME" ] # the default state was not made
	route_ok --now 2026-11-24T10:00:00Z
	owner=$(route_of x:1 | jq -r .assignee)
	cases_before=$(sc-route cases --state "$ST" --format json | jq -s 'map(.case) | sort')
	# a second message in the same conversation: explained with the owner the state has
	rec x:2 c1 2026-11-24T11:00:00Z >"$IN"
	route_ok --explain
	[ "$(route_of x:2 | jq -r .assignee)" = "$owner" ]
	rec x:3 c9 2026-11-24T11:00:00Z >"$IN"
	route_ok --explain
	[ "$(sc-route cases --state "$ST" --format json | jq -s 'map(.case) | sort')" = "$cases_before" ]
	# so the dry run's records route again for real, not as duplicates
	route_ok
	[ "$(route_of x:3 | jq -r .queue)" = support ]
	[ "$(sc-route cases --state "$ST" --format json | jq -s length)" -eq 2 ]
}

@test "--explain --commit routes for real; --commit alone is a usage error" {
	rec x:1 c1 2026-11-24T10:00:00Z >"$IN"
	route_ok --explain --commit
	[[ "$stderr" == *"rule 'italian': match"* ]]
	[ "$(sc-route cases --state "$ST" --format json | jq -s length)" -eq 1 ]
	route --commit
	[ "$status" -eq 2 ]
}
