#!/usr/bin/env bats
# sc-route: configuration errors are found before any input is read (exit 3),
# and name what is wrong.
load route_helper

setup() { setup_route; }

config_error() { # expected message part
	rec x:1 c1 2026-11-24T10:00:00Z >"$BATS_TEST_TMPDIR/in"
	run_split sc-route -c "$CFG" --state "$ST" "$BATS_TEST_TMPDIR/in"
	echo "$stderr"
	[ "$status" -eq 3 ]
	[ -z "$output" ]
	[[ "$stderr" == *"$1"* ]]
}

@test "a rule that does not compile is named (jq's message kept)" {
	cfg_with '.rules[2].if = ".lang == "'
	config_error "rule 'english': syntax error"
}

@test "two bad rules are both named" {
	cfg_with '.rules[0].if = "nosuchfunction(1)" | .rules[3].if = "]"'
	config_error "rule 'spam': nosuchfunction/1 is not defined"
	[[ "$stderr" == *"rule 'italian':"* ]]
}

@test "a rule that imports a module is refused, not a crash" {
	cfg_with '.rules[0].if = "import \"x\" as x; true"'
	config_error "rule 'spam':"
}

@test "a rule naming an unknown queue" {
	cfg_with '.rules[2].queue = "englsh"'
	config_error "rule 'english': unknown queue 'englsh'"
}

@test "unknown keys are reported (a typo would be ignored otherwise)" {
	cfg_with '.rules[2].queu = "english"'
	config_error "rule 'english': unknown key 'queu'"
	setup_route
	cfg_with '.queus = {}'
	config_error "the configuration: unknown key 'queus'"
}

@test "bad hours name the schedule and what is wrong" {
	cfg_with '.schedules.rome.hours = "Mon-Fri 09:00-25:00"'
	config_error "schedule 'rome': '25:00' is not a time of day"
	setup_route
	cfg_with '.schedules.rome.hours = "Mon-Fry 09:00-18:00"'
	config_error "schedule 'rome': unknown day 'Fry'"
}

@test "an unknown time zone" {
	cfg_with '.schedules.rome.tz = "Europe/Roma"'
	config_error "schedule 'rome': unknown time zone 'Europe/Roma'"
}

@test "a bad holiday" {
	cfg_with '.schedules.rome.holidays = ["2026-02-30"]'
	config_error "holiday '2026-02-30' is not a date"
}

@test "a bad SLA" {
	cfg_with '.queues.support.sla = "2 hours"'
	config_error "queue 'support': sla '2 hours'"
}

@test "a queue with an unknown agent, or without agents" {
	cfg_with '.queues.support.agents = ["anna", "mario"]'
	config_error "queue 'support': unknown agent 'mario'"
	setup_route
	cfg_with '.queues.support.agents = []'
	config_error "queue 'support': no agents"
}

@test "duplicate rule names, bad mode, bad priority, bad assign" {
	cfg_with '.rules[1].name = "spam"'
	config_error "rule 'spam': the name is used twice"
	setup_route
	cfg_with '.rules[1].mode = "email"'
	config_error "mode 'email': want public, dm or none"
	setup_route
	cfg_with '.rules[1].priority = 7'
	config_error "priority must be 1 (most urgent) to 4"
	setup_route
	cfg_with '.queues.english.assign = "random"'
	config_error "assign 'random'"
}

@test "a file that is not JSON, or missing" {
	echo '{"rules": [' >"$CFG"
	config_error "routes.json:"
	run_split sc-route -c /no/such.json --state "$ST" /dev/null
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"/no/such.json"* ]]
}
