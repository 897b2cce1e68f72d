#!/usr/bin/env bats
# The state (customers' messages, cases, the ledger) is kept as private as
# the session file: a state directory that group or others can write, or a
# database that they can read, is refused with the chmod that mends it,
# by every tool that opens it; a new state is made owner-only.
load hostile_helper

setup() {
	ST=$BATS_TEST_TMPDIR/st
	IN=$BATS_TEST_TMPDIR/in.jsonl
	good_rec 1 >"$IN"; printf '\n' >>"$IN"
}

route() {
	run_split sc-route -c "$EXAMPLES/routes.json" --state "$ST" "$IN"
}

@test "a new state is owner-only: directory 700, database 600" {
	route
	[ "$status" -eq 0 ]
	[ "$(stat -c %a "$ST")" = 700 ]
	[ "$(stat -c %a "$ST/sc.db")" = 600 ]
}

@test "a state directory others can write (777) is refused by sc-route, its cases and resolve" {
	route
	chmod 777 "$ST"
	route
	[ "$status" -eq 1 ] && [ -z "$output" ]
	[[ "$stderr" == *"state directory $ST has mode 777: group or others can write to it; refused (run chmod go-w $ST)"* ]]
	run_split sc-route cases --state "$ST"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"has mode 777"* ]]
	run_split sc-route resolve -c "$EXAMPLES/routes.json" --state "$ST" x:1
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"has mode 777"* ]]
	chmod 755 "$ST" # readable is the owner's choice; writable by others is not
	route
	[ "$status" -eq 0 ]
}

@test "a database others can read (644) is refused, with the chmod that mends it" {
	route
	chmod 644 "$ST/sc.db"
	route
	[ "$status" -eq 1 ] && [ -z "$output" ]
	[[ "$stderr" == *"state $ST/sc.db has mode 644: it must be a file of yours that only you can read; refused (run chmod 600 $ST/sc.db)"* ]]
	chmod 600 "$ST/sc.db"
	route
	[ "$status" -eq 0 ]
}
