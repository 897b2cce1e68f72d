#!/usr/bin/env bats
# sc-classify: the command line — help, version, bad arguments, config errors.
load ../helper

@test "--help lists every option, and the man page documents each" {
	for sub in "" train eval; do
		run_split sc-classify $sub --help
		[ "$status" -eq 0 ]
		[[ "$output" == *"Exit status"* ]]
		for o in $(printf '%s\n' "$output" | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
			grep -qF -- "${o//-/\\-}" "$BATS_TEST_DIRNAME/../../man/sc-classify.1" || { echo "man lacks $o"; false; }
		done
	done
}

@test "--version prints the version" {
	run_split sc-classify --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^sc-classify\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "an unknown option is a usage error" {
	run_split sc-classify --frobnicate
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"unknown option '--frobnicate'"* ]]
}

@test "--vip-followers must be a number" {
	run_split sc-classify --vip-followers lots </dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--vip-followers"* ]]
}

@test "train and eval need --field, and a known one" {
	run_split sc-classify train /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--field is required"* ]]
	run_split sc-classify eval --field colour /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"'colour'"* ]]
}

@test "a bad rule is reported by name before any input is read (exit 3)" {
	cat >"$BATS_TEST_TMPDIR/c.json" <<-'EOF2'
	{"rules": [{"name": "fine", "if": ".class.vip", "set": {"priority": 1}},
	           {"name": "escalate-vip", "if": ".class.vip and", "set": {"priority": 1}},
	           {"name": "typo", "if": "nosuch(1)", "set": {}}]}
	EOF2
	# stdin is a terminal-like pipe that never ends: it must not be read
	run_split timeout 5 sc-classify -c "$BATS_TEST_TMPDIR/c.json" < <(sleep 10)
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"rule 'escalate-vip': "* ]]
	[[ "$stderr" == *"rule 'typo': "* ]]
	[[ "$stderr" != *"rule 'fine'"* ]]
	[ -z "$output" ]
}

@test "config errors name the file and the key (exit 3)" {
	echo '{"vip_followers": "many"}' >"$BATS_TEST_TMPDIR/c.json"
	run_split sc-classify -c "$BATS_TEST_TMPDIR/c.json" </dev/null
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"c.json: \"vip_followers\" must be a number"* ]]
	echo '{"colour": 1}' >"$BATS_TEST_TMPDIR/c.json"
	run_split sc-classify -c "$BATS_TEST_TMPDIR/c.json" </dev/null
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"unknown key \"colour\""* ]]
	echo '{not json' >"$BATS_TEST_TMPDIR/c.json"
	run_split sc-classify -c "$BATS_TEST_TMPDIR/c.json" </dev/null
	[ "$status" -eq 3 ]
	run_split sc-classify -c "$BATS_TEST_TMPDIR/none.json" </dev/null
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"none.json"* ]]
}

@test "a missing models directory is a config error naming it" {
	run_split sc-classify --models "$BATS_TEST_TMPDIR/nowhere" </dev/null
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"nowhere/lexicon/en.txt"* ]]
}

@test "a --model that is not a model is a config error" {
	echo hello >"$BATS_TEST_TMPDIR/m"
	run_split sc-classify --model "$BATS_TEST_TMPDIR/m" </dev/null
	[ "$status" -eq 3 ]
}
