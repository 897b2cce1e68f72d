#!/usr/bin/env bats
# sc-reply: the command line — help, version, every bad argument, bad
# input lines and configuration errors.
load reply_helper

setup() { setup_reply; }

@test "--help lists every option, and the man page has each of them" {
	run_split sc-reply --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"Exit status"* ]]
	for o in --config --send --state --network --account --api --token-file --session \
		--max-wait --timeout --strict --verbose --help --version; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
		grep -qF -- "${o//-/\\-}" "$BATS_TEST_DIRNAME/../../man/sc-reply.1" || { echo "man lacks $o"; false; }
	done
	[ -z "$stderr" ]
}

@test "--version prints the version" {
	run_split sc-reply --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^sc-reply\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "no configuration is a usage error (exit 2)" {
	run_split sc-reply /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"no configuration given"* ]]
}

@test "bad option values are usage errors (exit 2)" {
	run_split sc-reply -c "$CFG" --network myspace /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--network 'myspace'"* ]]
	run_split sc-reply -c "$CFG" --api ftp://x /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--api 'ftp://x'"* ]]
	run_split sc-reply -c "$CFG" --max-wait -1 /dev/null
	[ "$status" -eq 2 ]
	run_split sc-reply -c "$CFG" --frobnicate /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"unknown option '--frobnicate'"* ]]
}

@test "an unknown template variable is a configuration error naming file and template (exit 3)" {
	jq '.languages.it.templates.complaint = "Ciao {{autor.name}}"' "$CFG" >"$BATS_TEST_TMPDIR/bad.json"
	rec 1 it complaint - >"$IN"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/bad.json" "$IN"
	[ "$status" -eq 3 ]
	[[ "$stderr" == "sc-reply: $BATS_TEST_TMPDIR/bad.json: template it/complaint: unknown variable 'autor.name' at offset 5" ]]
	[ -z "$output" ]
}

@test "other configuration errors (exit 3): unreadable, bad JSON, typo in a key, unclosed braces" {
	run_split sc-reply -c "$BATS_TEST_TMPDIR/none.json" /dev/null
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"none.json"* ]]
	echo '{"languages": ' >"$BATS_TEST_TMPDIR/bad.json"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/bad.json" /dev/null
	[ "$status" -eq 3 ]
	jq '.languages.it.tonne = {}' "$CFG" >"$BATS_TEST_TMPDIR/bad.json"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/bad.json" /dev/null
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"languages.it: unknown key 'tonne'"* ]]
	jq '.languages.it.ack = "{{agent"' "$CFG" >"$BATS_TEST_TMPDIR/bad.json"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/bad.json" /dev/null
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"template it/ack: '{{' at offset 0 is not closed by '}}'"* ]]
}

@test "a bad input line is reported with its line number, the rest gets replies (exit 1)" {
	{ rec 1 it complaint -; echo '{"broken'; echo '[1,2]'; rec 2 en praise -; } >"$IN"
	run_split sc-reply -c "$CFG" "$IN"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"in:2: "* ]]
	[[ "$stderr" == *"in:3: "* ]]
	[ "$(printf '%s\n' "$output" | grep -c '"reply"')" -eq 2 ]
}

@test "--strict stops at the first bad line (exit 1)" {
	{ rec 1 it complaint -; echo '{"broken'; rec 2 en praise -; } >"$IN"
	run_split sc-reply -c "$CFG" --strict "$IN"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | grep -c '"reply"')" -eq 1 ]
}

@test "without --send the state is not touched, and standard input is read" {
	rec 1 it complaint - >"$IN"
	run_split bash -c 'sc-reply -c "$1" --state "$2" <"$3"' - "$CFG" "$ST" "$IN"
	[ "$status" -eq 0 ]
	[ ! -e "$ST" ]
	reply_is x:1 '.status == "drafted"'
}

@test "--send when posting to the network is not available is a configuration error (exit 3)" {
	rec 1 it complaint - public '{"source":"myspace"}' >"$IN"
	SC_MYSPACE_TOKEN=t SC_META_TOKEN=t run_split sc-reply -c "$CFG" --send --state "$ST" "$IN"
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"posting to myspace is not supported"* ]]
}

@test "--send without a token is a configuration error (exit 3), nothing is written to the state" {
	rec 1 it complaint - >"$IN"
	env -u SC_X_TOKEN sc-reply -c "$CFG" --send --state "$ST" "$IN" >/dev/null 2>"$BATS_TEST_TMPDIR/err" || rc=$?
	[ "${rc:-0}" -eq 3 ]
	grep -q "SC_X_TOKEN" "$BATS_TEST_TMPDIR/err"
}
