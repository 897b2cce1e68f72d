#!/usr/bin/env bats
# sc-reply check: the configuration checked and told in words; templates
# missing per language and variables some records have no value for; no state.
load reply_helper

setup() {
	setup_reply
	export XDG_STATE_HOME=$BATS_TEST_TMPDIR/xdg # where the default state would be made
}

# cfg_with JQ: the test configuration changed by a jq program.
cfg_with() {
	jq "$1" "$CFG" >"$CFG.new" && mv "$CFG.new" "$CFG"
}

@test "check says what the configuration sets up, exits 0, and creates no state" {
	run_split sc-reply check -c "$CFG"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "$CFG: valid: 3 languages, 6 templates, 2 agent names, 1 queue" ]
	[[ "$output" == *"  en (default): 1 template: default
    ack: none; dm_invite: none; time format: %Y-%m-%d %H:%M"* ]]
	[[ "$output" == *"  it: 4 templates: *:billing, complaint, complaint:delivery, default
    ack: yes; dm_invite: yes; time format: %d/%m alle %H:%M"* ]]
	[[ "$output" == *"  support: Europe/Rome; hours in it en"* ]]
	[ ! -e "$XDG_STATE_HOME" ]
}

@test "check lists, per language, the templates another language has and it lacks" {
	run_split sc-reply check -c "$CFG"
	[ "$status" -eq 0 ]
	[[ "$output" == *"templates missing per language"* ]]
	grep -qxF '  en: question, *:billing, complaint, complaint:delivery, ack, dm_invite' <<<"$output"
	grep -qxF '  es: default, *:billing, complaint, complaint:delivery, ack, dm_invite' <<<"$output"
	grep -qxF '  it: question' <<<"$output"
}

@test "check names the variables some records have no value for: queue.hours in a language without hours, agent without a \"*\" name" {
	cfg_with '.languages.es.ack = "Hola, cerrados ({{queue.hours}}). ^{{agent}}" | del(.agents["*"])
		| .queues.night = {"tz": "UTC"}'
	run_split sc-reply check -c "$CFG"
	[ "$status" -eq 0 ]
	[[ "$output" == *"variables some records have no value for:"* ]]
	[[ "$output" == *"  {{queue.hours}} in es (es/ack): queue 'support' has no hours in 'es'"* ]]
	[[ "$output" == *"  {{queue.hours}} in es (es/ack): queue 'night' has no hours in 'es'"* ]]
	[[ "$output" == *"  {{queue.hours}} in it (it/ack): queue 'night' has no hours in 'it'"* ]]
	[[ "$output" != *"in it (it/ack): queue 'support'"* ]]
	[[ "$output" == *"  {{agent}} ("*"it/ack"*"): no \"*\" name under \"agents\" for cases without an owner"* ]]
}

@test "check: nothing to warn of, no warning section" {
	cfg_with '.languages = {"en": .languages.en} | .languages.en.ack = "Hi ({{queue.hours}})"
		| .languages.en.dm_invite = "Hi, see DM"'
	run_split sc-reply check -c "$CFG"
	[ "$status" -eq 0 ]
	[[ "$output" != *"missing"* ]]
	[[ "$output" != *"no value for"* ]]
}

@test "check: a configuration error exits 3 with sc-reply: FILE: message" {
	cfg_with '.languages.it.templates.default = "Ciao {{agnt}}"'
	run_split sc-reply check -c "$CFG"
	[ "$status" -eq 3 ]
	[ -z "$output" ]
	[[ "$stderr" == "sc-reply: $CFG: template it/default: unknown variable 'agnt'"* ]]
	[ ! -e "$XDG_STATE_HOME" ]
}

@test "check: usage errors exit 2 (no -c, an argument, a run's option)" {
	run_split sc-reply check
	[ "$status" -eq 2 ]
	run_split sc-reply check -c "$CFG" "$IN"
	[ "$status" -eq 2 ]
	run_split sc-reply check -c "$CFG" --send
	[ "$status" -eq 2 ]
	run_split sc-reply check --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"Neither the state nor the network is touched"* ]]
}
