#!/usr/bin/env bats
# An --api / --instance URL that carries user:password (a gateway in front
# of the API) is never printed as given: -v notes, --dry-run, errors and
# usage errors show it as ****@host.
load ../helper
load ../fake/fake

setup() {
	export SC_HTTP_BACKOFF_MS=1
}

# fake NETWORK RECORDED: the fake server, and API, its URL with a user:password
fake() {
	fake_setup "$1" "$2"
	export SC_MASTODON_TOKEN=$FAKE_TOKEN SC_X_TOKEN=$FAKE_TOKEN
	API=${FAKE_URL/:\/\//://alice:s3cret-pw@}
}

# no_secret: neither $output nor $stderr holds the password; the URL is masked
no_secret() {
	[[ "$output$stderr" != *s3cret-pw* ]] || { echo "password shown: $output $stderr"; return 1; }
	[[ "$output$stderr" == *"://****@"* ]]
}

@test "-v notes and --dry-run show the URL's user:password as ****" {
	fake x x_api_v2
	ctl 'add?stream=mentions&n=1' >/dev/null
	run_split sc-fetch x --account AcmeHelp --api "$API" --state "$ST" --timeout 2 -v
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c '^{')" -eq 1 ]
	no_secret
	run_split sc-fetch x --account AcmeHelp --api "$API" --state "$ST" --dry-run
	no_secret
}

@test "mastodon --instance with user:password: the account in messages and in the state is the host alone" {
	fake mastodon mastodon
	ctl 'add?stream=mentions&n=1' >/dev/null
	run_split sc-fetch mastodon --instance "$API" --state "$ST" --timeout 2 -v
	no_secret
	# the account (the state's key for its cursors) is the host alone
	[[ "$stderr" == *"sc-fetch: mastodon 127.0.0.1:"*": 2 requests"* ]]
	run_split sc-fetch mastodon --instance "ftp://alice:s3cret-pw@example.org" --state "$ST"
	[ "$status" -eq 2 ]
	no_secret
}

@test "network errors and a refused --api scheme show it as ****" {
	ST=$BATS_TEST_TMPDIR/state
	export SC_X_TOKEN=tok
	run_split sc-fetch x --account AcmeHelp --api "http://alice:s3cret-pw@127.0.0.1:1" --state "$ST" --timeout 1
	[ "$status" -eq 4 ]
	no_secret
	run_split sc-fetch x --account AcmeHelp --api "ftp://alice:s3cret-pw@example.org" --state "$ST"
	[ "$status" -eq 2 ]
	no_secret
	run_split sc-reply -c "$EXAMPLES/replies.json" --send --api "ftp://alice:s3cret-pw@example.org" --state "$ST" </dev/null
	[ "$status" -eq 2 ]
	no_secret
}
