#!/usr/bin/env bats
# sc-route: the command line — help, version, and every bad argument.
load route_helper

setup() { setup_route; }

@test "--help lists every option, and the man page has each of them" {
	run_split sc-route --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"Exit status"* ]]
	for o in --config --state --now --explain --batch --strict --verbose --help --version; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
		grep -qF -- "${o//-/\\-}" "$BATS_TEST_DIRNAME/../../man/sc-route.1" || { echo "man lacks $o"; false; }
	done
	[ -z "$stderr" ]
}

@test "--version prints the version" {
	run_split sc-route --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^sc-route\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "no configuration is a usage error (exit 2)" {
	run_split sc-route --state "$ST" /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"no configuration given"* ]]
}

@test "bad option values are usage errors" {
	run_split sc-route -c "$CFG" --now yesterday /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--now 'yesterday'"* ]]
	run_split sc-route -c "$CFG" --batch 0 /dev/null
	[ "$status" -eq 2 ]
	run_split sc-route -c "$CFG" --frobnicate /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"unknown option '--frobnicate'"* ]]
}

@test "resolve needs a conversation" {
	run_split sc-route resolve -c "$CFG" --state "$ST"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"no conversation given"* ]]
}

@test "a bad input line is reported with its line number, the rest is routed (exit 1)" {
	{ rec x:1 c1 2026-11-24T10:00:00Z; echo '{"broken'; rec x:2 c2 2026-11-24T10:00:00Z; } >"$BATS_TEST_TMPDIR/in"
	run_split sc-route -c "$CFG" --state "$ST" "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"in:2: invalid JSON"* ]]
	[ "$(printf '%s\n' "$output" | grep -c route)" -eq 2 ]
}

@test "an unwritable state directory is a runtime error (exit 1)" {
	run_split sc-route -c "$CFG" --state /proc/no/such /dev/null
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"cannot create"* ]]
}
