# Bats helpers for the fake API servers (tests/fake/fake.py): start one on
# a free 127.0.0.1 port, wait until it answers, talk to its /_ctl/ paths,
# and stop it in teardown, every step bounded in time.

FAKE_DIR_SRC=$(cd "$BATS_TEST_DIRNAME/../fake" && pwd)
export FAKE_TOKEN="tok-$RANDOM$RANDOM-SECRET-9f8e7d"

need_recorded() {
	[ -d "$DATA/external/$1" ] || skip "../shared/data/external/$1 not present"
}

# fake_start NETWORK: starts the server; sets FAKE_URL, FAKE_PID, FAKE_LOG.
fake_start() {
	FAKE_DIR=$BATS_TEST_TMPDIR/fake
	mkdir -p "$FAKE_DIR"
	rm -f "$FAKE_DIR/port"
	SC_SHARED=$SHARED python3 "$FAKE_DIR_SRC/fake.py" "$1" "$FAKE_DIR" \
		>"$FAKE_DIR/server.out" 2>&1 &
	FAKE_PID=$!
	for _ in $(seq 100); do
		[ -s "$FAKE_DIR/port" ] && break
		kill -0 "$FAKE_PID" 2>/dev/null || { cat "$FAKE_DIR/server.out"; return 1; }
		sleep 0.1
	done
	[ -s "$FAKE_DIR/port" ] || { echo "fake server did not start"; return 1; }
	FAKE_URL=http${FAKE_TLS_CERT:+s}://127.0.0.1:$(cat "$FAKE_DIR/port")
	FAKE_LOG=$FAKE_DIR/requests.jsonl
	ctl ping >/dev/null
}

# fake_stop: in teardown; waits at most 5 s for the server to go.
fake_stop() {
	[ -n "${FAKE_PID:-}" ] || return 0
	kill "$FAKE_PID" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$FAKE_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$FAKE_PID" 2>/dev/null
	wait "$FAKE_PID" 2>/dev/null
	FAKE_PID=
	return 0
}

# fake_setup NETWORK RECORDED-DIR: the usual setup of a test file: the
# recorded data present, a server started, a fresh state directory.
fake_setup() {
	need_recorded "$2"
	fake_start "$1"
	ST=$BATS_TEST_TMPDIR/state
}

teardown() {
	fake_stop
}

# ctl PATH?QUERY: one order to the server.
ctl() {
	curl -sS --noproxy '*' --max-time 10 ${FAKE_TLS_CERT:+--cacert "$FAKE_TLS_CERT"} "$FAKE_URL/_ctl/$1"
}

# requests JQ-FILTER: the requests the server received, filtered.
requests() {
	jq -c "$1" "$FAKE_LOG"
}

# x_refresh_setup: X through OAuth 2.0 refresh (SC_X_CLIENT_ID) instead of
# a token: the fake's first refresh token ($FAKE_REFRESH, exported before
# fake_setup) in the file $REFRESH (mode 600), the session file $SESS.
x_refresh_setup() {
	unset SC_X_TOKEN
	export SC_X_CLIENT_ID=fake-client
	SESS=$BATS_TEST_TMPDIR/config/sessions.db
	REFRESH=$BATS_TEST_TMPDIR/refresh
	printf '%s\n' "$FAKE_REFRESH" >"$REFRESH"
	chmod 600 "$REFRESH"
}
