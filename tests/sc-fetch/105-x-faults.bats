#!/usr/bin/env bats
# sc-fetch x through rate limits and faults: 429, 5xx, a hang, a body cut
# short, invalid JSON, empty and repeating pages, a failure in mid-walk,
# and a second run while one is going.
load ../helper
load ../fake/fake

setup() {
	fake_setup x x_api_v2
	export SC_X_TOKEN=$FAKE_TOKEN SC_HTTP_BACKOFF_MS=5
}

xf() {
	sc-fetch x --account AcmeHelp --api "$FAKE_URL" --state "$ST" --timeout 1 "$@"
}

count() { printf '%s\n' "$output" | grep -c '^{' || true; }

@test "429 with a reset under --max-wait: waited out, then everything comes" {
	ctl 'add?stream=mentions&n=3' >/dev/null
	ctl 'fault?kind=429&path=mentions&wait=1' >/dev/null
	run_split xf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 3 ]
	[[ "$stderr" == *"rate limited; waiting"* ]]
	[ "$(requests 'select(.fault == "429")' | wc -l)" -eq 1 ]
}

@test "429 with a reset past --max-wait: exit 5, nothing written, state intact" {
	ctl 'add?stream=mentions&n=3' >/dev/null
	run_split xf
	[ "$(count)" -eq 3 ]
	ctl 'add?stream=mentions&n=2' >/dev/null
	ctl 'fault?kind=429&path=mentions&wait=3600' >/dev/null
	run_split xf --max-wait 60
	[ "$status" -eq 5 ]
	[ -z "$output" ]
	[[ "$stderr" == *"over --max-wait 60 s"* ]]
	run_split xf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 2 ]
	rec_is x:1861234567890004000 true
	rec_is x:1861234567890005000 true
}

@test "500 and 503 are retried with backoff" {
	ctl 'add?stream=mentions&n=2' >/dev/null
	ctl 'fault?kind=500&path=mentions' >/dev/null
	ctl 'fault?kind=503&path=mentions' >/dev/null
	run_split xf -v
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 2 ]
	[[ "$stderr" == *"server error 500; retrying"* ]]
	[[ "$stderr" == *"server error 503; retrying"* ]]
}

@test "retries are bounded: a server that keeps failing gives exit 4 and no output" {
	ctl 'add?stream=mentions&n=2' >/dev/null
	ctl 'fault?kind=503&path=mentions&count=50' >/dev/null
	run_split xf
	[ "$status" -eq 4 ]
	[ -z "$output" ]
	[[ "$stderr" == *"giving up after 5 attempts"* ]]
	[ "$(requests 'select(.path | endswith("/mentions"))' | wc -l)" -eq 5 ]
}

@test "a request that hangs past --timeout is retried" {
	ctl 'add?stream=mentions&n=2' >/dev/null
	ctl 'fault?kind=hang&path=mentions' >/dev/null
	run_split xf -v
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 2 ]
	[[ "$stderr" == *"Timeout was reached; retrying"* ]]
}

@test "a body cut in the middle is an error, never an empty page" {
	ctl 'add?stream=mentions&n=4' >/dev/null
	ctl 'fault?kind=cut&path=mentions&count=5' >/dev/null
	run_split xf
	[ "$status" -eq 4 ]
	[ -z "$output" ]
	run_split xf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 4 ]
}

@test "a 200 whose body is not valid JSON is an error, then retried" {
	ctl 'add?stream=mentions&n=4' >/dev/null
	ctl 'fault?kind=invalid&path=mentions&count=5' >/dev/null
	run_split xf
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"not valid JSON"* ]]
	[ -z "$output" ]
	ctl 'fault?kind=invalid&path=mentions' >/dev/null
	run_split xf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 4 ]
}

@test "an empty page that points on, and a page repeating ids: each message once" {
	ctl 'config?page_size=10' >/dev/null
	ctl 'add?stream=mentions&n=35' >/dev/null
	ctl 'fault?kind=empty&path=mentions&skip=1' >/dev/null
	ctl 'fault?kind=repeat&path=mentions&skip=1' >/dev/null
	run_split xf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 35 ]
	[ "$(printf '%s\n' "$output" | jq -r .id | sort -u | wc -l)" -eq 35 ]
}

@test "a failure on page 3 of 5: nothing written, the next run gets all, once" {
	ctl 'config?page_size=10' >/dev/null
	ctl 'add?stream=mentions&n=50' >/dev/null
	ctl 'fault?kind=500&path=mentions&skip=2&count=5' >/dev/null
	run_split xf
	[ "$status" -eq 4 ]
	[ -z "$output" ]
	run_split xf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 50 ]
	printf '%s\n' "$output" | jq -r .id >"$BATS_TEST_TMPDIR/ids"
	sort -u "$BATS_TEST_TMPDIR/ids" | cmp - "$BATS_TEST_TMPDIR/ids"
	run_split xf
	[ -z "$output" ]
}

@test "one failing stream keeps its cursor; the others move on" {
	ctl 'add?stream=mentions&n=2' >/dev/null
	ctl 'add?stream=dm&n=2' >/dev/null
	ctl 'fault?kind=500&path=dm_events&count=5' >/dev/null
	run_split xf --dm
	[ "$status" -eq 4 ]
	[ "$(count)" -eq 2 ]
	run_split xf --dm
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 2 ]
	printf '%s\n' "$output" | jq -e -s 'all(.channel == "private")' >/dev/null
}

@test "a second run for the same account exits at once while one is going" {
	ctl 'add?stream=mentions&n=1' >/dev/null
	ctl 'fault?kind=hang&path=mentions' >/dev/null
	xf --timeout 3 >"$BATS_TEST_TMPDIR/first" 2>&1 &
	first=$!
	for _ in $(seq 100); do
		grep -q by/username "$FAKE_LOG" && break
		sleep 0.05
	done
	run_split xf
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"another sc-fetch is already running for x account AcmeHelp"* ]]
	wait "$first"
	grep -q '"x:1861234567890001000"' "$BATS_TEST_TMPDIR/first"
}
