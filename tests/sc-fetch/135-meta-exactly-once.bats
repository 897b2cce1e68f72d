#!/usr/bin/env bats
# Exactly once for Facebook and Instagram, as for X (130-exactly-once.bats):
# 20 cron-style runs, messages arriving between runs, faults on a third of
# the requests (5xx, rate limits, hangs, bodies cut short, invalid JSON,
# empty and repeating pages), runs killed between write and commit.
load ../helper
load ../fake/fake

PAGE=104857600000001
IG=17841400000000001

setup() {
	export FAKE_HANG_SECONDS=2 FAKE_META_REGAIN_MIN=1
	fake_start meta
	ST=$BATS_TEST_TMPDIR/state
	export SC_META_TOKEN=$FAKE_TOKEN SC_HTTP_BACKOFF_MS=5
}

ff() {
	sc-fetch facebook --page "$PAGE" --api "$FAKE_URL/v21.0" --state "$ST" --timeout 1 --max-wait 0 "$@"
}

igf() {
	sc-fetch instagram --account "$IG" --api "$FAKE_URL/v21.0" --state "$ST" --timeout 1 --max-wait 0 "$@"
}

arrive_fb() { # $1: run number
	ctl "add?stream=comments&n=$(($1 % 4 + 2))" >>"$BATS_TEST_TMPDIR/added"
	ctl "add?stream=replies&n=$(($1 % 2))" >>"$BATS_TEST_TMPDIR/added"
	ctl "add?stream=messages&n=$(($1 % 3 + 1))" >>"$BATS_TEST_TMPDIR/added"
	[ $(($1 % 5)) -ne 0 ] || ctl "add?stream=late&n=1" >>"$BATS_TEST_TMPDIR/added"
}

arrive_ig() {
	ctl "add?stream=ig_comments&n=$(($1 % 4 + 1))" >>"$BATS_TEST_TMPDIR/added"
	ctl "add?stream=ig_replies&n=$(($1 % 2))" >>"$BATS_TEST_TMPDIR/added"
	ctl "add?stream=ig_messages&n=$(($1 % 3 + 1))" >>"$BATS_TEST_TMPDIR/added"
}

added_ids() { # $1: the source prefix
	jq -r '.added[] | "'"$1"':" + .' "$BATS_TEST_TMPDIR/added" | sort
}

in_order() {
	jq -e -s '[.[].created_at] as $t | $t == ($t | sort)' "$1" >/dev/null
}

twenty_runs() { # $1: fetch function, $2: arrive function, $3: prefix
	ctl 'config?page_size=3' >/dev/null
	ctl 'chaos?rate=0.33&seed=11' >/dev/null
	: >"$BATS_TEST_TMPDIR/all"
	codes=
	for i in $(seq 1 20); do
		"$2" "$i"
		"$1" >"$BATS_TEST_TMPDIR/run$i" 2>>"$BATS_TEST_TMPDIR/err" && rc=0 || rc=$?
		codes="$codes $rc"
		[ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] || [ "$rc" -eq 5 ] || { echo "run $i: exit $rc"; false; }
		in_order "$BATS_TEST_TMPDIR/run$i" || { echo "run $i out of order"; false; }
		cat "$BATS_TEST_TMPDIR/run$i" >>"$BATS_TEST_TMPDIR/all"
	done
	ctl 'chaos?rate=0' >/dev/null
	"$1" >>"$BATS_TEST_TMPDIR/all"
	echo "# $3 exit codes:$codes" >&3
	echo "# $3 faults: $(requests 'select(.fault != null)' | wc -l) of $(wc -l <"$FAKE_LOG") requests" >&3
	[ "$(requests 'select(.fault != null)' | wc -l)" -gt 10 ]
	[[ "$codes" == *5* ]] # some runs stopped on a rate limit
	jq -r .id "$BATS_TEST_TMPDIR/all" | sort >"$BATS_TEST_TMPDIR/got"
	added_ids "$3" | diff - "$BATS_TEST_TMPDIR/got"
	! grep -qF "$FAKE_TOKEN" "$BATS_TEST_TMPDIR/err" "$BATS_TEST_TMPDIR/all"
}

@test "facebook: 20 cron runs, faults on a third of the requests: every comment and message once" {
	twenty_runs ff arrive_fb facebook
}

@test "instagram: 20 cron runs, faults on a third of the requests: every comment and message once" {
	twenty_runs igf arrive_ig instagram
}

@test "facebook -o FILE: exactly once across kill -9 between the write and the commit" {
	F=$BATS_TEST_TMPDIR/inbox.jsonl
	ctl 'config?page_size=3' >/dev/null
	for i in $(seq 1 8); do
		arrive_fb "$i"
		if [ $((i % 3)) -eq 1 ]; then
			run env SC_TEST_KILL_AFTER_WRITE=1 "$SC_BIN/sc-fetch" facebook --page "$PAGE" \
				--api "$FAKE_URL/v21.0" --state "$ST" -o "$F"
			[ "$status" -eq 137 ] || { echo "run $i: exit $status, not killed"; false; }
		else
			run_split ff -o "$F"
			[ "$status" -eq 0 ]
			[ -z "$output" ]
		fi
	done
	ff -o "$F"
	jq -r .id "$F" | sort >"$BATS_TEST_TMPDIR/got"
	added_ids facebook | diff - "$BATS_TEST_TMPDIR/got"
}
