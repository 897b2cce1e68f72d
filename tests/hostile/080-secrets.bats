#!/usr/bin/env bats
# Secrets: every tool run with -v (and --dry-run where it exists) while a
# sentinel token is in the environment and in token files; the sentinel is
# then looked for in every standard output and error, every file of the
# state directory and the session database. Rules that try to read it
# (env, $ENV) see an empty environment.
load ../helper
load ../fake/fake

setup() {
	export FAKE_HANG_SECONDS=2 SC_HTTP_BACKOFF_MS=5
	export FAKE_REFRESH=first-refresh-$RANDOM$RANDOM-SENTINEL
	ST=$BATS_TEST_TMPDIR/state
	SESS=$BATS_TEST_TMPDIR/config/sessions.db
	OUT=$BATS_TEST_TMPDIR/out
	mkdir -p "$OUT"
	n=0
}

teardown() {
	fake_stop
	[ -z "${PIDS:-}" ] || for p in $PIDS; do FAKE_PID=$p; fake_stop; done
}

# tool ARGS...: runs one command, its stdout and stderr kept apart in $OUT.
tool() {
	n=$((n + 1))
	"$@" >"$OUT/$n.out" 2>"$OUT/$n.err" || true
	echo "$*" >"$OUT/$n.cmd"
}

# token_file NAME VALUE: an owner-only token file.
token_file() {
	printf '%s\n' "$2" >"$BATS_TEST_TMPDIR/$1"
	chmod 600 "$BATS_TEST_TMPDIR/$1"
	echo "$BATS_TEST_TMPDIR/$1"
}

# start NETWORK: a fake server of its own; sets URL_<NETWORK>.
start() {
	BATS_TEST_TMPDIR=$BATS_TEST_TMPDIR/$1 fake_start "$1"
	eval "URL_$1=\$FAKE_URL"
	ctl 'add?stream=mentions&n=2' >/dev/null 2>&1 || true
	ctl 'add?stream=mention&n=2' >/dev/null 2>&1 || true
	PIDS="$PIDS $FAKE_PID"
	FAKE_PID=
}

@test "no tool lets a token out: stdout, stderr, state directory, session file" {
	for d in x_api_v2 mastodon bluesky; do need_recorded "$d"; done
	start x; start mastodon; start bluesky
	export SC_X_TOKEN=$FAKE_TOKEN SC_MASTODON_TOKEN=$FAKE_TOKEN SC_BLUESKY_APP_PASSWORD=$FAKE_TOKEN
	tf=$(token_file token "$FAKE_TOKEN")
	rf=$(token_file refresh "$FAKE_REFRESH")
	for extra in -v "--dry-run -v"; do
		tool sc-fetch x --account AcmeHelp --api "$URL_x" --state "$ST" --dm --outbound $extra
		tool sc-fetch mastodon --instance "$URL_mastodon" --state "$ST" --outbound $extra
		tool sc-fetch bluesky --handle acme.bsky.social --api "$URL_bluesky" --state "$ST" --session "$SESS" $extra
	done
	# the same from token files, with the environment empty of tokens
	FAKE_URL=$URL_x ctl 'add?stream=mentions&n=2' >/dev/null
	tool env -u SC_X_TOKEN sc-fetch x --account AcmeHelp --api "$URL_x" --state "$ST" --token-file "$tf" -v -o "$OUT/inbox.jsonl"
	tool env -u SC_MASTODON_TOKEN sc-fetch mastodon --instance "$URL_mastodon" --state "$ST" --token-file "$tf" -v
	tool env -u SC_BLUESKY_APP_PASSWORD sc-fetch bluesky --handle acme.bsky.social --api "$URL_bluesky" \
		--state "$ST" --session "$BATS_TEST_TMPDIR/config/other.db" --token-file "$tf" -v
	# X's OAuth refresh: the first refresh token from a file, rotated into the session file
	tool env -u SC_X_TOKEN SC_X_CLIENT_ID=fake-client sc-fetch x --account AcmeHelp --api "$URL_x" \
		--state "$ST" --refresh-token-file "$rf" --session "$SESS" -v
	tool env -u SC_X_TOKEN SC_X_CLIENT_ID=fake-client sc-fetch x --account AcmeHelp --api "$URL_x" \
		--state "$ST" --refresh-token-file "$rf" --session "$SESS" --dry-run -v
	# the archive importers and the later stages, with the tokens in the environment
	tool sc-fetch csv -v "$EXAMPLES/inbox.csv"
	R=$OUT/$n.out
	tool sc-fetch jsonl -v "$TDATA/export.jsonl"
	tool sc-fetch x-archive -v "$TDATA/xarchive"
	# rules that try to read the environment, in every stage that has rules
	printf '%s\n' '{"rules": [{"name": "leak", "if": "error(env | tostring)", "set": {"x": 1}},' \
		'{"name": "leak2", "if": "$ENV.SC_X_TOKEN != null", "set": {"leaked": true}}]}' >"$BATS_TEST_TMPDIR/cls.json"
	tool sc-classify -v --config "$BATS_TEST_TMPDIR/cls.json" "$R"
	! grep -q '"leaked":true' "$OUT/$n.out"
	jq '.rules = [{"name": "leak", "if": "error($ENV | tostring)", "queue": "support-en"}] + .rules' \
		"$EXAMPLES/routes.json" >"$BATS_TEST_TMPDIR/routes.json"
	tool sc-route -v --explain -c "$BATS_TEST_TMPDIR/routes.json" --state "$ST" "$R"
	routed=$BATS_TEST_TMPDIR/routed.jsonl
	sc-route -c "$EXAMPLES/routes.json" --state "$ST" "$R" >"$routed" 2>/dev/null
	# sc-reply: drafts, then posts to the fake X (token from the
	# environment, then from a file)
	tool sc-reply -v -c "$EXAMPLES/replies.json" --network x "$routed"
	jq -c 'select(.direction == "in" and .route.mode == "public")' "$routed" | head -n 6 >"$BATS_TEST_TMPDIR/few.jsonl"
	tool sc-reply -v --send -c "$EXAMPLES/replies.json" --network x --account AcmeHelp --api "$URL_x" \
		--state "$ST" --timeout 5 "$BATS_TEST_TMPDIR/few.jsonl"
	grep -q '"status":"sent"' "$OUT/$n.out" || { cat "$OUT/$n.err"; return 1; }
	tool env -u SC_X_TOKEN sc-reply -v --send -c "$EXAMPLES/replies.json" --network x --account AcmeHelp \
		--api "$URL_x" --state "$ST" --timeout 5 --token-file "$tf" "$routed"
	tool sc-report -v --where 'error(env | tostring)' "$R"
	tool sc-report -v --where '$ENV.SC_X_TOKEN == null' --format json "$R"
	grep -q '"requests"' "$OUT/$n.out"
	# the runs did run: records came, the session file holds sessions
	[ "$(cat "$OUT"/*.out | grep -c '"id":"x:')" -gt 0 ]
	[ "$(cat "$OUT"/*.out | grep -c '"id":"mastodon:')" -gt 0 ]
	[ "$(cat "$OUT"/*.out | grep -c '"id":"bluesky:')" -gt 0 ]
	[ -s "$SESS" ] && [ -s "$OUT/inbox.jsonl" ] || { head -c 600 "$OUT"/*.err; return 1; }
	# and the sentinels are nowhere
	for s in "$FAKE_TOKEN" "$FAKE_REFRESH" SECRET-9f8e7d; do
		if grep -rla -- "$s" "$OUT" "$ST" "$BATS_TEST_TMPDIR/config"; then
			for f in $(grep -rla -- "$s" "$OUT"); do echo "in $f (${f%.*}.cmd: $(cat "${f%.*}.cmd"))"; done
			return 1
		fi
	done
	echo "# $n runs, $(ls "$ST" | wc -l) state files, $(ls "$BATS_TEST_TMPDIR/config" | wc -l) session files searched" >&3
}
