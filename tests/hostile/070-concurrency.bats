#!/usr/bin/env bats
# Two instances on the same state started together (beyond tests/sc-fetch's
# "second run while one is going" and tests/sc-route's two inputs at once):
# the same account twice, two networks appending to one -o file, and two
# sc-route processes routing the same records.
load ../helper
load ../fake/fake

PAIRS=15

setup() {
	export FAKE_HANG_SECONDS=2 SC_HTTP_BACKOFF_MS=5
	F=$BATS_TEST_TMPDIR/inbox.jsonl
}

teardown() {
	fake_stop
	[ -z "${M_PID:-}" ] || { FAKE_PID=$M_PID; fake_stop; }
}

@test "sc-fetch x, same account, two runs started together $PAIRS times: one proceeds, the other says so; each message once" {
	fake_setup x x_api_v2
	export SC_X_TOKEN=$FAKE_TOKEN
	ctl 'config?page_size=2' >/dev/null
	: >"$BATS_TEST_TMPDIR/added"
	refused=0
	for i in $(seq 1 $PAIRS); do
		ctl "add?stream=mentions&n=$((i % 3 + 1))" >>"$BATS_TEST_TMPDIR/added"
		for k in 1 2; do
			"$SC_BIN/sc-fetch" x --account AcmeHelp --api "$FAKE_URL" --state "$ST" -o "$F" \
				>"$BATS_TEST_TMPDIR/out$k" 2>"$BATS_TEST_TMPDIR/err$k" &
			eval "p$k=$!"
		done
		s1=0 s2=0
		wait "$p1" || s1=$?
		wait "$p2" || s2=$?
		for k in 1 2; do
			eval "s=\$s$k"
			if [ "$s" -eq 1 ]; then
				grep -q 'another sc-fetch is already running for x account AcmeHelp\|is busy: another sc process' "$BATS_TEST_TMPDIR/err$k" ||
					{ echo "pair $i: exit 1 without the message:"; cat "$BATS_TEST_TMPDIR/err$k"; return 1; }
				refused=$((refused + 1))
			elif [ "$s" -ne 0 ]; then
				echo "pair $i, run $k: exit $s"; cat "$BATS_TEST_TMPDIR/err$k"; return 1
			fi
			[ ! -s "$BATS_TEST_TMPDIR/out$k" ]
		done
		# one of the two always proceeds (both were once refused: each kept
		# the shared lock of its first read of the run lock)
		[ "$s1" -eq 0 ] || [ "$s2" -eq 0 ] || { echo "pair $i: neither proceeded"; cat "$BATS_TEST_TMPDIR/err1" "$BATS_TEST_TMPDIR/err2"; return 1; }
		[ "$(sqlite3 "$ST/sc.db" 'PRAGMA integrity_check')" = ok ]
	done
	echo "# $refused of $PAIRS second runs refused (the rest started after the first ended)" >&3
	"$SC_BIN/sc-fetch" x --account AcmeHelp --api "$FAKE_URL" --state "$ST" -o "$F"
	jq -r .id "$F" | sort >"$BATS_TEST_TMPDIR/got"
	[ -z "$(uniq -d "$BATS_TEST_TMPDIR/got")" ]
	jq -r '.added[] | "x:" + .' "$BATS_TEST_TMPDIR/added" | sort | diff - "$BATS_TEST_TMPDIR/got"
}

@test "sc-fetch x and mastodon appending to one -o file at once, $PAIRS times: whole lines, each message once" {
	fake_setup x x_api_v2
	X_URL=$FAKE_URL X_PID=$FAKE_PID
	BATS_TEST_TMPDIR=$BATS_TEST_TMPDIR/m fake_start mastodon
	M_URL=$FAKE_URL M_PID=$FAKE_PID FAKE_PID=$X_PID
	export SC_X_TOKEN=$FAKE_TOKEN SC_MASTODON_TOKEN=$FAKE_TOKEN
	: >"$BATS_TEST_TMPDIR/added"
	for i in $(seq 1 $PAIRS); do
		FAKE_URL=$X_URL ctl "add?stream=mentions&n=$((i % 3 + 1))" | jq -c '{added: [.added[] | "x:" + .]}' >>"$BATS_TEST_TMPDIR/added"
		FAKE_URL=$M_URL ctl "add?stream=mentions&n=$((i % 2 + 1))" | jq -c '{added: [.added[] | "mastodon:" + .]}' >>"$BATS_TEST_TMPDIR/added"
		"$SC_BIN/sc-fetch" x --account AcmeHelp --api "$X_URL" --state "$ST" -o "$F" 2>>"$BATS_TEST_TMPDIR/err" &
		px=$!
		"$SC_BIN/sc-fetch" mastodon --instance "$M_URL" --state "$ST" -o "$F" 2>>"$BATS_TEST_TMPDIR/err" &
		pm=$!
		sx=0 sm=0
		wait "$px" || sx=$?
		wait "$pm" || sm=$?
		[ "$sx" -eq 0 ] && [ "$sm" -eq 0 ] || { echo "pair $i: exit $sx $sm"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
	done
	jq -c . "$F" >/dev/null
	jq -r .id "$F" | sort >"$BATS_TEST_TMPDIR/got"
	[ -z "$(uniq -d "$BATS_TEST_TMPDIR/got")" ]
	jq -r '.added[]' "$BATS_TEST_TMPDIR/added" | sort | diff - "$BATS_TEST_TMPDIR/got"
	[ "$(sqlite3 "$ST/sc.db" 'PRAGMA integrity_check')" = ok ]
}

@test "two sc-route processes routing the same records at once: one route per record, the same in both outputs (or one says the state is busy)" {
	export SC_BUSY_TIMEOUT_MS=60000
	ST=$BATS_TEST_TMPDIR/st
	sc-fetch csv "$EXAMPLES/inbox.csv" 2>/dev/null | jq -c 'select(.direction == "in")' >"$BATS_TEST_TMPDIR/in"
	n=$(wc -l <"$BATS_TEST_TMPDIR/in")
	for k in 1 2; do
		sc-route -c "$EXAMPLES/routes.json" --state "$ST" --batch 5 "$BATS_TEST_TMPDIR/in" \
			>"$BATS_TEST_TMPDIR/out$k" 2>"$BATS_TEST_TMPDIR/err$k" &
		eval "p$k=$!"
	done
	s1=0 s2=0
	wait "$p1" || s1=$?
	wait "$p2" || s2=$?
	cat "$BATS_TEST_TMPDIR/err1" "$BATS_TEST_TMPDIR/err2"
	# on a new state one of the two may find it busy and say so (exit 1): the other proceeds
	for k in 1 2; do
		eval "s=\$s$k"
		[ "$s" -eq 0 ] && continue
		[ "$s" -eq 1 ] && grep -q 'is busy: another sc process is using it' "$BATS_TEST_TMPDIR/err$k"
		cp "$BATS_TEST_TMPDIR/out$((3 - k))" "$BATS_TEST_TMPDIR/out$k"
	done
	[ "$s1" -eq 0 ] || [ "$s2" -eq 0 ]
	# a run that starts after the other has routed some records may hand the
	# cases waiting then to agents on shift (the clock's time: it depends on
	# the hour), on a {"type":"handover"} line of its own: only that run has it
	for k in 1 2; do
		jq -c 'select(.type != "handover")' "$BATS_TEST_TMPDIR/out$k" >"$BATS_TEST_TMPDIR/rec$k"
		[ "$(wc -l <"$BATS_TEST_TMPDIR/rec$k")" -eq "$n" ]
	done
	# the ledger has each record once, and both outputs agree on every route
	[ "$(sqlite3 "$ST/sc.db" 'SELECT count(*) FROM routed')" -eq "$n" ]
	diff <(jq -c '[.id, .route]' "$BATS_TEST_TMPDIR/rec1" | sort) <(jq -c '[.id, .route]' "$BATS_TEST_TMPDIR/rec2" | sort)
	[ "$(sqlite3 "$ST/sc.db" 'PRAGMA integrity_check')" = ok ]
}
