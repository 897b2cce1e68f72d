#!/usr/bin/env bats
# sc-report: the command line — help, version, every bad argument.
load ../helper

@test "--help on stdout, exit 0, every option also in the man page" {
	run_split sc-report --help
	[ "$status" -eq 0 ]
	for o in --by --where --format --tz --config --all-messages --hours --holiday --now --window --threads --coverage --partial --merge --title --strict --verbose --help --version; do
		[[ "$output" == *"$o"* ]] || { echo "help lacks $o"; false; }
		grep -qF -- "${o//-/\\-}" "$BATS_TEST_DIRNAME/../../man/sc-report.1" || { echo "man lacks $o"; false; }
	done
}

@test "--version" {
	run_split sc-report --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^sc-report\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "bad --by, --format, --tz, --now are usage errors (exit 2)" {
	run_split sc-report --by account,nosuch /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--by: unknown dimension 'nosuch'"* ]]
	run_split sc-report --by account,account /dev/null
	[ "$status" -eq 2 ]
	run_split sc-report --format pdf /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"'pdf' is not table, json, csv or html"* ]]
	run_split sc-report --tz Mars/Olympus /dev/null
	[ "$status" -eq 2 ]
	run_split sc-report --now yesterday /dev/null
	[ "$status" -eq 2 ]
	run_split sc-report --window soon /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--window: 'soon'"* ]]
}

@test "a --where that does not compile is a rule error (exit 3) before reading" {
	run_split sc-report --where '.a ==' /nonexistent
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"--where:"*"syntax error"* ]]
}
