#!/usr/bin/env bats
# Exactly once, over many cron-style runs: messages arriving between runs,
# faults on about a third of the requests, runs killed (kill -9) between
# writing their records and saving their cursors.
load ../helper
load ../fake/fake

setup() {
	export FAKE_HANG_SECONDS=2
	fake_setup x x_api_v2
	export SC_X_TOKEN=$FAKE_TOKEN SC_HTTP_BACKOFF_MS=5
}

xf() {
	sc-fetch x --account AcmeHelp --api "$FAKE_URL" --state "$ST" --timeout 1 --max-wait 0 \
		--dm --outbound "$@"
}

arrive() { # $1: run number; a few messages in each stream
	ctl "add?stream=mentions&n=$(($1 % 4 + 2))" >>"$BATS_TEST_TMPDIR/added"
	ctl "add?stream=tweets&n=$(($1 % 2))" >>"$BATS_TEST_TMPDIR/added"
	ctl "add?stream=dm&n=$(($1 % 3))" >>"$BATS_TEST_TMPDIR/added"
}

added_ids() {
	jq -r '.added[] | "x:" + .' "$BATS_TEST_TMPDIR/added" | sort
}

# in_order FILE: the records of one run are oldest first
in_order() {
	jq -e -s '[.[].created_at] as $t | $t == ($t | sort)' "$1" >/dev/null
}

@test "20 cron runs, faults on a third of the requests: every message once, in order per run" {
	ctl 'config?page_size=5' >/dev/null
	ctl 'chaos?rate=0.33&seed=7' >/dev/null
	: >"$BATS_TEST_TMPDIR/all"
	codes=
	for i in $(seq 1 20); do
		arrive "$i"
		xf >"$BATS_TEST_TMPDIR/run$i" 2>>"$BATS_TEST_TMPDIR/err" && rc=0 || rc=$?
		codes="$codes $rc"
		[ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] || [ "$rc" -eq 5 ] || { echo "run $i: exit $rc"; false; }
		in_order "$BATS_TEST_TMPDIR/run$i" || { echo "run $i out of order"; false; }
		cat "$BATS_TEST_TMPDIR/run$i" >>"$BATS_TEST_TMPDIR/all"
	done
	ctl 'chaos?rate=0' >/dev/null
	xf >>"$BATS_TEST_TMPDIR/all"
	echo "# exit codes:$codes" >&3
	echo "# faults: $(requests 'select(.fault != null)' | wc -l) of $(wc -l <"$FAKE_LOG") requests" >&3
	[ "$(requests 'select(.fault != null)' | wc -l)" -gt 10 ]
	jq -r .id "$BATS_TEST_TMPDIR/all" | sort >"$BATS_TEST_TMPDIR/got"
	added_ids | diff - "$BATS_TEST_TMPDIR/got"
}

@test "-o FILE: exactly once across kill -9 between the write and the commit" {
	F=$BATS_TEST_TMPDIR/inbox.jsonl
	ctl 'config?page_size=5' >/dev/null
	for i in $(seq 1 8); do
		arrive "$i"
		if [ $((i % 3)) -eq 1 ]; then
			run env SC_TEST_KILL_AFTER_WRITE=1 "$SC_BIN/sc-fetch" x --account AcmeHelp \
				--api "$FAKE_URL" --state "$ST" --dm --outbound -o "$F"
			[ "$status" -eq 137 ] || { echo "run $i: exit $status, not killed"; false; }
		else
			run_split xf -o "$F"
			[ "$status" -eq 0 ]
			[ -z "$output" ]
		fi
	done
	xf -o "$F"
	jq -r .id "$F" | sort >"$BATS_TEST_TMPDIR/got"
	added_ids | diff - "$BATS_TEST_TMPDIR/got"
}

@test "stdout: kill -9 between the write and the commit repeats, never skips" {
	arrive 1
	run env SC_TEST_KILL_AFTER_WRITE=1 "$SC_BIN/sc-fetch" x --account AcmeHelp \
		--api "$FAKE_URL" --state "$ST" --dm --outbound
	[ "$status" -eq 137 ]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/all"
	arrive 2
	xf >>"$BATS_TEST_TMPDIR/all"
	jq -r .id "$BATS_TEST_TMPDIR/all" | sort -u >"$BATS_TEST_TMPDIR/got"
	added_ids | diff - "$BATS_TEST_TMPDIR/got"
}

@test "-o FILE: a half-written line past the last commit is cut off and fetched again" {
	F=$BATS_TEST_TMPDIR/inbox.jsonl
	arrive 1
	xf -o "$F"
	arrive 2
	printf '{"id":"x:186123456789' >>"$F"
	run_split xf -o "$F"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"bytes past the last commit"* ]]
	jq -r .id "$F" | sort >"$BATS_TEST_TMPDIR/got"
	added_ids | diff - "$BATS_TEST_TMPDIR/got"
}

@test "-o FILE: a file rotated away is started afresh, nothing lost" {
	F=$BATS_TEST_TMPDIR/inbox.jsonl
	arrive 1
	xf -o "$F"
	mv "$F" "$F.1"
	arrive 2
	run_split xf -o "$F"
	[ "$status" -eq 0 ]
	cat "$F.1" "$F" | jq -r .id | sort >"$BATS_TEST_TMPDIR/got"
	added_ids | diff - "$BATS_TEST_TMPDIR/got"
}
