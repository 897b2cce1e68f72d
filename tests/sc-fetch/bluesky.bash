# What the sc-fetch bluesky tests share (120, 125): the fake PDS started,
# the app password in the environment, bf running sc-fetch bluesky on it.
load ../helper
load ../fake/fake

setup() {
	export FAKE_HANG_SECONDS=2
	fake_setup bluesky bluesky
	export SC_BLUESKY_APP_PASSWORD=$FAKE_TOKEN SC_HTTP_BACKOFF_MS=5
	SESS=$BATS_TEST_TMPDIR/config/sessions.db
}

bf() {
	sc-fetch bluesky --handle acme.bsky.social --api "$FAKE_URL" --state "$ST" \
		--session "$SESS" --timeout 1 "$@"
}

# count: the records in $output
count() { printf '%s\n' "$output" | grep -c '^{' || true; }
