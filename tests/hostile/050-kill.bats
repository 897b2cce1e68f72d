#!/usr/bin/env bats
# Crash consistency: sc-fetch x, mastodon and bluesky killed with SIGKILL at
# random moments (a seeded delay, a fixed number of runs) against the fake
# servers, writing with -o FILE. After every kill the state database passes
# PRAGMA integrity_check and the committed part of the file is whole lines;
# after the last, complete run the file holds every message exactly once.
load ../helper
load ../fake/fake

RUNS=30

setup() {
	export FAKE_HANG_SECONDS=2 SC_HTTP_BACKOFF_MS=5
	SESS=$BATS_TEST_TMPDIR/config/sessions.db
	F=$BATS_TEST_TMPDIR/inbox.jsonl
}

# committed: the length of F the state has committed (sc-state(5)), or 0.
committed() {
	sqlite3 "$ST/sc.db" "SELECT cursor FROM cursors WHERE source = 'output'" 2>/dev/null || echo 0
}

# check_after_kill RUN: the state is sound and F's committed part whole.
check_after_kill() {
	local n
	[ "$(sqlite3 "$ST/sc.db" 'PRAGMA integrity_check')" = ok ] || { echo "run $1: integrity_check fails"; return 1; }
	n=$(committed)
	[ "${n:-0}" -eq 0 ] && return 0
	[ "$(head -c "$n" "$F" | tail -c 1 | od -An -c | tr -d ' ')" = '\n' ] ||
		{ echo "run $1: committed part ($n bytes) ends inside a line"; return 1; }
	head -c "$n" "$F" | jq -c . >/dev/null || { echo "run $1: committed part does not parse"; return 1; }
}

# kill_runs PREFIX ARRIVE CMD...: RUNS runs of CMD -o F, new messages from
# ARRIVE before each. The first and every fifth run completes (the first
# gives T, how long a run takes here); the others are sent SIGKILL after a
# seeded random delay in [0, T/2]. Then a last run, and the file against what
# arrived.
kill_runs() {
	local prefix=$1 arrive=$2 i pid rc t0 d t=0 killed=0
	shift 2
	RANDOM=9
	: >"$BATS_TEST_TMPDIR/added"
	for i in $(seq 1 $RUNS); do
		$arrive "$i" >>"$BATS_TEST_TMPDIR/added"
		t0=$(date +%s%N)
		"$@" -o "$F" 2>>"$BATS_TEST_TMPDIR/err" &
		pid=$!
		if [ "$i" -gt 1 ] && [ $((i % 5)) -ne 0 ]; then
			d=$(($((RANDOM * 32768 + RANDOM)) % (t / 2 + 1)))
			sleep "$(printf '%d.%03d' $((d / 1000)) $((d % 1000)))"
			kill -9 "$pid" 2>/dev/null || true
		fi
		rc=0
		wait "$pid" 2>/dev/null || rc=$?
		[ "$i" -eq 1 ] && t=$((($(date +%s%N) - t0) / 1000000 + 1))
		[ "$rc" -eq 137 ] && killed=$((killed + 1))
		check_after_kill "$i"
	done
	echo "# $prefix a run takes ~$t ms; $killed of $RUNS runs killed," \
		"$(grep -c 'past the last commit' "$BATS_TEST_TMPDIR/err") between write and commit" >&3
	run_split "$@" -o "$F"
	[ "$status" -eq 0 ] || { echo "last run: $status $stderr"; return 1; }
	[ "$(tail -c 1 "$F" | od -An -c | tr -d ' ')" = '\n' ]
	jq -r .id "$F" | sort >"$BATS_TEST_TMPDIR/got"
	[ -z "$(uniq -d "$BATS_TEST_TMPDIR/got")" ] || { echo "twice:"; uniq -d "$BATS_TEST_TMPDIR/got"; return 1; }
	jq -r --arg p "$prefix" '.added[] | $p + .' "$BATS_TEST_TMPDIR/added" | sort |
		diff - "$BATS_TEST_TMPDIR/got"
	# how many runs the kill reached first depends on the machine's load:
	# only that some did is required
	[ "$killed" -gt 0 ]
}

x_arrive() {
	ctl "add?stream=mentions&n=$(($1 % 4 + 1))"
	ctl "add?stream=tweets&n=$(($1 % 2))"
	ctl "add?stream=dm&n=$(($1 % 3))"
}

@test "x: $RUNS runs killed at random moments: no duplicate, no gap, state sound" {
	fake_setup x x_api_v2
	export SC_X_TOKEN=$FAKE_TOKEN
	ctl 'config?page_size=2' >/dev/null
	kill_runs x: x_arrive "$SC_BIN/sc-fetch" x --account AcmeHelp --api "$FAKE_URL" \
		--state "$ST" --timeout 1 --dm --outbound
}

mastodon_arrive() {
	ctl "add?stream=mentions&n=$(($1 % 3 + 1))"
	ctl "add?stream=direct&n=$(($1 % 2))"
}

@test "mastodon: $RUNS runs killed at random moments: no duplicate, no gap, state sound" {
	fake_setup mastodon mastodon
	export SC_MASTODON_TOKEN=$FAKE_TOKEN
	ctl 'config?page_size=2' >/dev/null
	kill_runs mastodon: mastodon_arrive "$SC_BIN/sc-fetch" mastodon --instance "$FAKE_URL" \
		--state "$ST" --timeout 1
}

bluesky_arrive() {
	ctl "add?stream=mention&n=$(($1 % 3 + 1))"
	ctl "add?stream=reply&n=$(($1 % 2))"
	ctl "add?stream=like&n=1" >/dev/null
}

@test "bluesky: $RUNS runs killed at random moments: no duplicate, no gap, state sound" {
	fake_setup bluesky bluesky
	export SC_BLUESKY_APP_PASSWORD=$FAKE_TOKEN
	ctl 'config?page_size=2' >/dev/null
	kill_runs bluesky: bluesky_arrive "$SC_BIN/sc-fetch" bluesky --handle acme.bsky.social \
		--api "$FAKE_URL" --state "$ST" --session "$SESS" --timeout 1
}
