#!/usr/bin/env bats
# sc-fetch mastodon against the fake Mastodon API (tests/fake/net_mastodon.py):
# records, Link pagination, direct messages, HTML, rate limits, credentials.
load ../helper
load ../fake/fake

setup() {
	export FAKE_HANG_SECONDS=2
	fake_setup mastodon mastodon
	export SC_MASTODON_TOKEN=$FAKE_TOKEN SC_HTTP_BACKOFF_MS=5
}

mf() {
	sc-fetch mastodon --instance "$FAKE_URL" --state "$ST" --timeout 1 "$@"
}

count() { printf '%s\n' "$output" | grep -c '^{' || true; }

@test "mastodon: every field of the record is filled as sc-record(5) says" {
	ctl 'add?stream=mentions&n=2' >/dev/null
	ctl 'add?stream=statuses&n=1' >/dev/null
	ctl 'add?stream=mentions&n=1' >/dev/null
	ctl 'add?stream=direct&n=1' >/dev/null
	run_split mf --outbound
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 5 ]
	printf '%s\n' "$output" | jq -e -s 'all(keys_unsorted == ["id","source","channel","direction",
		"created_at","author","text","lang","in_reply_to","in_reply_to_brand","url","account","conversation_id"])' >/dev/null
	printf '%s\n' "$output" | jq -e -s 'all(.author | keys_unsorted == ["id","handle","name","followers","verified"])' >/dev/null
	printf '%s\n' "$output" | jq -e -s 'all(.account == "AcmeHelp" and .source == "mastodon" and
		(.id | test("^mastodon:[0-9]+$")) and (.author.followers | type == "number"))' >/dev/null
	# HTML made plain text: the mention and the link readable, entities decoded
	rec_is mastodon:117020577157694549 '.channel == "public" and .direction == "in" and
		.text == "@AcmeHelp order 1 & co: see https://shop.example/orders/1\n\nthanks'"'"'" and
		.author.handle == "customer_1@example.social" and .author.name == "Customer 1" and
		.author.followers == 80 and .author.verified == null and .lang == "it" and
		.url == "https://mastodon.example/@customer_1/117020577157694549" and
		.conversation_id == "mastodon:117020577157694549" and .in_reply_to == null'
	# the brand's own reply: out, in_reply_to the mention
	rec_is mastodon:117020577157696549 '.direction == "out" and .author.handle == "AcmeHelp" and
		.in_reply_to == "mastodon:117020577157695549" and .conversation_id == "mastodon:117020577157695549"'
	# a direct message is private
	rec_is mastodon:117020577157698549 '.channel == "private" and .direction == "in"'
	printf '%s\n' "$output" | jq -r .created_at | sort -c
}

@test "mastodon: in_reply_to_brand from in_reply_to_account_id, the brand's id or another's" {
	ctl 'add?stream=mentions&n=2' >/dev/null
	ctl 'add?stream=statuses&n=1' >/dev/null
	ctl 'add?stream=mentions&n=3' >/dev/null
	run_split mf --outbound
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 6 ]
	# the 6th status answers the brand's (the 3rd), which answers a customer's (the 2nd)
	printf '%s\n' "$output" | jq -e -s 'map(.in_reply_to_brand) == [false, false, false, false, false, true]' >/dev/null
	printf '%s\n' "$output" | jq -e -s '.[2].direction == "out" and .[2].in_reply_to == .[1].id and .[5].in_reply_to == .[2].id' >/dev/null
}

@test "mastodon: verify_credentials, then mentions only, and the walk stops at the cursor" {
	ctl 'config?page_size=3' >/dev/null
	ctl 'add?stream=mentions&n=7' >/dev/null
	run_split mf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 7 ]
	requests 'select(.path == "/api/v1/notifications") | .query["types[]"]' | sort -u | grep -qx '\["mention"\]'
	[ "$(requests 'select(.path | endswith("verify_credentials"))' | wc -l)" -eq 1 ]
	ctl 'add?stream=mentions&n=4' >/dev/null
	: >"$FAKE_LOG"
	run_split mf
	[ "$(count)" -eq 4 ]
	requests 'select(.path == "/api/v1/notifications") | .query.since_id[0]' | head -1 | grep -qx '"27"'
	# two pages of 3 hold the 4 new ones; the Link pages drop since_id, so
	# the walk stops where it meets the cursor, not at the end of the timeline
	[ "$(requests 'select(.path == "/api/v1/notifications")' | wc -l)" -eq 2 ]
}

@test "mastodon: 429 with an ISO reset: waited out under --max-wait, exit 5 past it" {
	ctl 'add?stream=mentions&n=2' >/dev/null
	ctl 'fault?kind=429&path=notifications&wait=1' >/dev/null
	run_split mf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 2 ]
	ctl 'add?stream=mentions&n=1' >/dev/null
	ctl 'fault?kind=429&path=notifications&wait=3000' >/dev/null
	run_split mf --max-wait 10
	[ "$status" -eq 5 ]
	[ -z "$output" ]
	run_split mf
	[ "$(count)" -eq 1 ]
}

@test "mastodon: faults on page 2 of 3 (5xx, cut, invalid, hang): nothing lost, nothing twice" {
	ctl 'config?page_size=4' >/dev/null
	ctl 'add?stream=mentions&n=10' >/dev/null
	ctl 'fault?kind=cut&path=notifications&skip=1&count=5' >/dev/null
	run_split mf
	[ "$status" -eq 4 ]
	[ -z "$output" ]
	ctl 'fault?kind=503&path=notifications&skip=1' >/dev/null
	ctl 'fault?kind=invalid&path=notifications&skip=1' >/dev/null
	ctl 'fault?kind=hang&path=notifications&skip=1' >/dev/null
	ctl 'fault?kind=repeat&path=notifications&skip=1' >/dev/null
	run_split mf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 10 ]
	[ "$(printf '%s\n' "$output" | jq -r .id | sort -u | wc -l)" -eq 10 ]
}

@test "mastodon: a Link to another server is not followed (the token would go there)" {
	ctl 'add?stream=mentions&n=2' >/dev/null
	ctl 'config?link_host=elsewhere.example' >/dev/null
	run_split mf
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"on another server"* ]]
	[ -z "$output" ]
}

@test "mastodon: the token never shows; a wrong one is refused with the API's message" {
	ctl 'add?stream=mentions&n=2' >/dev/null
	run_split mf -v --outbound
	[ "$status" -eq 0 ]
	[[ "$output$stderr" != *"$FAKE_TOKEN"* ]]
	! grep -rqF "$FAKE_TOKEN" "$ST"
	run_split mf --dry-run
	[[ "$output" == *"Authorization: Bearer ****"* ]]
	[[ "$output$stderr" != *"$FAKE_TOKEN"* ]]
	SC_MASTODON_TOKEN=nope run_split mf
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"refused with 401: The access token is invalid"* ]]
	unset SC_MASTODON_TOKEN
	run_split mf
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"SC_MASTODON_TOKEN"* ]]
}

@test "mastodon: 20 cron runs, faults on a third of the requests, -o FILE: every message once" {
	ctl 'config?page_size=3' >/dev/null
	ctl 'chaos?rate=0.33&seed=3' >/dev/null
	F=$BATS_TEST_TMPDIR/inbox.jsonl
	for i in $(seq 1 20); do
		ctl "add?stream=mentions&n=$((i % 3 + 1))" >>"$BATS_TEST_TMPDIR/added"
		ctl "add?stream=statuses&n=$((i % 2))" >>"$BATS_TEST_TMPDIR/added"
		ctl "add?stream=direct&n=$((i % 2))" >>"$BATS_TEST_TMPDIR/added"
		mf --outbound --max-wait 0 -o "$F" 2>>"$BATS_TEST_TMPDIR/err" || true
	done
	echo "# faults: $(requests 'select(.fault != null)' | wc -l) of $(wc -l <"$FAKE_LOG") requests" >&3
	ctl 'chaos?rate=0' >/dev/null
	mf --outbound -o "$F"
	jq -r .id "$F" | sort >"$BATS_TEST_TMPDIR/got"
	jq -r '.added[] | "mastodon:" + .' "$BATS_TEST_TMPDIR/added" | sort | diff - "$BATS_TEST_TMPDIR/got"
}

@test "mastodon: usage: --instance is required and must be a URL" {
	run_split sc-fetch mastodon
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"instance is required"* ]]
	run_split sc-fetch mastodon --instance mastodon.social
	[ "$status" -eq 2 ]
}

@test "mastodon --help lists every option of the man page" {
	run_split sc-fetch mastodon --help
	[ "$status" -eq 0 ]
	for o in --instance --outbound --token-file --output --state --api --since --limit \
		--max-wait --timeout --dry-run --verbose; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
		grep -qF -- "${o//-/\\-}" "$BATS_TEST_DIRNAME/../../man/sc-fetch.1" || { echo "man lacks $o"; false; }
	done
}

@test "mastodon: a recorded server answer (Mastodon 4, types[]=mention) becomes a full record" {
	ctl 'replay?path=/notifications$&file=mastodon/recorded_mastodon_py/test_notifications_mentions_only.json&index=1' >/dev/null
	run_split mf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 1 ]
	rec_is mastodon:117020577157693549 '.channel == "public" and .direction == "in" and
		.created_at == "2026-08-01T13:51:42.823Z" and .author.id == "mastodon:117020565693913441" and
		.author.handle == "admin" and .author.name == null and .author.followers == 1 and
		.author.verified == null and .text == "@mastodonpy_test hello!" and .lang == "en" and
		.in_reply_to == null and .url == "http://localhost:3000/@admin/117020577157693549" and
		.account == "AcmeHelp" and .conversation_id == "mastodon:117020577157693549"'
}
