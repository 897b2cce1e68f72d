#!/usr/bin/env bats
# sc-route: two processes on the same state at once never give one case two
# owners (transactions under the state's write lock).
load route_helper

setup() { setup_route; }

@test "two sc-route processes at once: one owner per case, the same in both outputs" {
	# On a loaded machine SQLite's busy backoff can leave one process waiting
	# past the default 5 s while the other commits batch after batch; this
	# test is about owners, not about that timeout (tested in test_state).
	export SC_BUSY_TIMEOUT_MS=60000
	for p in a b; do
		for i in $(seq 1 400); do
			rec "$p:$i" "c$((i % 100))" "2026-11-24T10:$(printf %02d $((i % 60))):00Z"
		done >"$BATS_TEST_TMPDIR/$p.in"
	done
	sc-route -c "$CFG" --state "$ST" --batch 7 "$BATS_TEST_TMPDIR/a.in" >"$BATS_TEST_TMPDIR/a.out" 2>"$BATS_TEST_TMPDIR/a.err" &
	pa=$!
	sc-route -c "$CFG" --state "$ST" --batch 7 "$BATS_TEST_TMPDIR/b.in" >"$BATS_TEST_TMPDIR/b.out" 2>"$BATS_TEST_TMPDIR/b.err" &
	pb=$!
	sa=0 sb=0
	wait "$pa" || sa=$?
	wait "$pb" || sb=$?
	cat "$BATS_TEST_TMPDIR/a.err" "$BATS_TEST_TMPDIR/b.err"
	[ "$sa" -eq 0 ] && [ "$sb" -eq 0 ]
	[ "$(sqlite3 "$ST/sc.db" 'SELECT count(*) FROM cases')" -eq 100 ]
	[ "$(sqlite3 "$ST/sc.db" 'SELECT count(*) FROM case_owners')" -eq 100 ]
	# every conversation has one assignee across both outputs
	n=$(cat "$BATS_TEST_TMPDIR/a.out" "$BATS_TEST_TMPDIR/b.out" |
		jq -r '[.conversation_id, .route.assignee] | @tsv' | sort -u | cut -f1 | uniq -d | wc -l)
	[ "$n" -eq 0 ]
	[ "$(cat "$BATS_TEST_TMPDIR/a.out" "$BATS_TEST_TMPDIR/b.out" | grep -c '"assignee":null')" -eq 0 ]
	# and the load is what the cases say
	[ "$(sqlite3 "$ST/sc.db" "SELECT sum(open_cases) FROM agents")" -eq 100 ]
}
