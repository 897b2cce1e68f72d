#!/usr/bin/env bats
# A full disk (a file-size limit, ulimit -f: the write fails with EFBIG as
# on a full disk) and a read-only state directory, for sc-fetch -o and
# sc-route: a clear error, exit status 1, nothing half-written (the -o file
# ends with its last committed line, the state is its last commit).
load ../helper
load ../fake/fake

setup() {
	export FAKE_HANG_SECONDS=2 SC_HTTP_BACKOFF_MS=5
	F=$BATS_TEST_TMPDIR/inbox.jsonl
}

teardown() {
	fake_stop
	[ -z "${RO:-}" ] || { chmod -R u+w "$RO"; rm -rf "$RO"; }
}

# limited KB CMD...: CMD run with files limited to KB kilobytes.
limited() {
	run_split bash -c 'ulimit -f "$1"; shift; exec "$@"' _ "$@"
}

# as_other CMD...: CMD run where the state's mode bits count: as nobody
# when we are root (root writes anywhere), else as ourselves.
as_other() {
	if [ "$(id -u)" -eq 0 ]; then
		run_split setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
	else
		run_split "$@"
	fi
}

# ro_base: a directory the other user owns (RO), removed in teardown.
ro_base() {
	RO=$(mktemp -d /tmp/sc-hostile-ro.XXXXXX)
	chmod 755 "$RO"
	[ "$(id -u)" -ne 0 ] || chown nobody "$RO"
}

xf() {
	"$SC_BIN/sc-fetch" x --account AcmeHelp --api "$FAKE_URL" --state "$ST" --timeout 1 --dm "$@"
}

@test "sc-fetch -o: the file hits a size limit: reported, cut back to the last commit, cursors kept" {
	fake_setup x x_api_v2
	export SC_X_TOKEN=$FAKE_TOKEN
	# 100 KB of earlier lines, so that the limit falls in this run's write
	for i in $(seq 1 400); do good_line "$i"; done >"$F"
	ctl 'add?stream=mentions&n=3' >"$BATS_TEST_TMPDIR/added"
	xf -o "$F"
	size=$(stat -c %s "$F")
	ctl 'add?stream=mentions&n=60' >>"$BATS_TEST_TMPDIR/added"
	limited $((size / 1024 + 4)) "$SC_BIN/sc-fetch" x --account AcmeHelp --api "$FAKE_URL" \
		--state "$ST" --timeout 1 --dm -o "$F"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "sc-fetch: cannot write $F: File too large (cut back to $size bytes; cursors not moved)"* ]]
	[ "$(stat -c %s "$F")" -eq "$size" ]
	[ "$(sqlite3 "$ST/sc.db" 'PRAGMA integrity_check')" = ok ]
	xf -o "$F"
	tail -n +401 "$F" | jq -r .id | sort >"$BATS_TEST_TMPDIR/got"
	[ -z "$(uniq -d "$BATS_TEST_TMPDIR/got")" ]
	jq -r '.added[] | "x:" + .' "$BATS_TEST_TMPDIR/added" | sort | diff - "$BATS_TEST_TMPDIR/got"
}

good_line() {
	printf '{"id":"csv:%s","text":"%0200d"}\n' "$1" 0
}

@test "sc-route: the state hits a size limit: reported; what went out is what was committed" {
	sc-fetch csv "$EXAMPLES/inbox.csv" >"$BATS_TEST_TMPDIR/in.jsonl" 2>/dev/null
	ST=$BATS_TEST_TMPDIR/st
	limited 200 sc-route -c "$EXAMPLES/routes.json" --state "$ST" --batch 50 "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "sc-route: state $ST/sc.db: COMMIT: disk I/O error (a write fell short: disk full, or a file-size limit?)" ]]
	# the records' lines (a case closed by the records' clock has a line of its own)
	printf '%s\n' "$output" | grep -v '^{"type":"handover"' >"$BATS_TEST_TMPDIR/part"
	n=$(wc -l <"$BATS_TEST_TMPDIR/part")
	[ "$n" -gt 0 ] && [ "$n" -lt 660 ]
	[ "$(sqlite3 "$ST/sc.db" 'PRAGMA integrity_check')" = ok ]
	[ "$(sqlite3 "$ST/sc.db" 'SELECT count(*) FROM routed')" -eq "$n" ]
	# the run again without the limit: the routes that went out stand, the rest
	# follow (after a hand-over line when cases wait and, by the clock, someone
	# is on shift: sc-route's first step, which depends on the hour)
	run_split sc-route -c "$EXAMPLES/routes.json" --state "$ST" "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -v '^{"type":"handover"' >"$BATS_TEST_TMPDIR/all"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/all")" -eq 660 ]
	head -n "$n" "$BATS_TEST_TMPDIR/all" | cmp - "$BATS_TEST_TMPDIR/part"
}

@test "sc-route: a read-only state directory is reported before any output" {
	ro_base
	sc-fetch csv "$EXAMPLES/inbox.csv" >"$RO/in.jsonl" 2>/dev/null
	as_other "$SC_BIN/sc-route" -c "$EXAMPLES/routes.json" --state "$RO/st" "$RO/in.jsonl"
	[ "$status" -eq 0 ]
	cp "$RO/st/sc.db" "$BATS_TEST_TMPDIR/before.db"
	chmod -R a-w "$RO/st"
	as_other "$SC_BIN/sc-route" -c "$EXAMPLES/routes.json" --state "$RO/st" "$RO/in.jsonl"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == "sc-route: state $RO/st/sc.db: "*"readonly database"* ]]
	cmp "$RO/st/sc.db" "$BATS_TEST_TMPDIR/before.db"
}

@test "sc-fetch -o: a read-only state directory is reported; the file is left as it was" {
	fake_setup x x_api_v2
	export SC_X_TOKEN=$FAKE_TOKEN
	ro_base
	ST=$RO/st F=$RO/inbox.jsonl
	ctl 'add?stream=mentions&n=3' >/dev/null
	as_other "$SC_BIN/sc-fetch" x --account AcmeHelp --api "$FAKE_URL" --state "$ST" -o "$F"
	[ "$status" -eq 0 ]
	size=$(stat -c %s "$F")
	ctl 'add?stream=mentions&n=3' >/dev/null
	chmod -R a-w "$ST"
	as_other "$SC_BIN/sc-fetch" x --account AcmeHelp --api "$FAKE_URL" --state "$ST" -o "$F"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == "sc-fetch: "*"$ST"* ]]
	[ "$(stat -c %s "$F")" -eq "$size" ]
}
