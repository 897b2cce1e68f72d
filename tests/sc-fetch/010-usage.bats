#!/usr/bin/env bats
# sc-fetch: the command line itself — help, version, and every bad argument.
load ../helper

@test "no command is a usage error (exit 2) with a hint" {
	run_split sc-fetch
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"no command given"* ]]
	[[ "$stderr" == *"Try 'sc-fetch --help'"* ]]
	[ -z "$output" ]
}

@test "--help lists the commands on stdout and exits 0" {
	run_split sc-fetch --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"csv"*"jsonl"*"x-archive"* ]]
	[[ "$output" == *"Exit status"* ]]
	[ -z "$stderr" ]
}

@test "csv --help lists every option of the man page" {
	run_split sc-fetch csv --help
	[ "$status" -eq 0 ]
	for o in --map --source --brand --window --strict --verbose --help --version; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
		grep -qF -- "${o//-/\\-}" "$BATS_TEST_DIRNAME/../../man/sc-fetch.1" || { echo "man lacks $o"; false; }
	done
}

@test "--version prints the version" {
	run_split sc-fetch --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^sc-fetch\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	run_split sc-fetch csv --version
	[[ "$output" =~ ^sc-fetch\ csv\ [0-9] ]]
}

@test "an unknown command is a usage error" {
	run_split sc-fetch frobnicate
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"unknown command 'frobnicate'"* ]]
}

@test "an unknown option is a usage error" {
	run_split sc-fetch csv --frobnicate x.csv
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"unknown option '--frobnicate'"* ]]
	run_split sc-fetch csv -Z
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"unknown option '-Z'"* ]]
}

@test "an option without its argument is a usage error" {
	run_split sc-fetch csv --map
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"needs an argument"* ]]
}

@test "--map needs FIELD=NAME with a known field" {
	run_split sc-fetch csv --map nosuch=col /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--map 'nosuch=col'"* ]]
	run_split sc-fetch csv --map text /dev/null
	[ "$status" -eq 2 ]
}

@test "--window must be a number in range" {
	run_split sc-fetch csv --window 12abc /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--window: '12abc' is not a number"* ]]
	run_split sc-fetch csv --window 3 /dev/null
	[ "$status" -eq 2 ]
}

@test "--source must be a word without a colon" {
	run_split sc-fetch csv --source 'a:b' /dev/null
	[ "$status" -eq 2 ]
}
