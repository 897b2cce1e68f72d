#!/usr/bin/env bats
# sc-fetch bluesky against the fake PDS/AppView (tests/fake/net_bluesky.py):
# records, the session kept and refreshed outside the state, cursors.
load bluesky

U=at://did:plc:customer
P=app.bsky.feed.post

@test "bluesky: every field of the record is filled as sc-record(5) says" {
	ctl 'add?stream=mention&n=2' >/dev/null
	ctl 'add?stream=like&n=1' >/dev/null
	ctl 'add?stream=reply&n=1' >/dev/null
	ctl 'add?stream=reply&n=1' >/dev/null
	run_split bf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 4 ]
	printf '%s\n' "$output" | jq -e -s 'all(keys_unsorted == ["id","source","channel","direction",
		"created_at","author","text","lang","in_reply_to","in_reply_to_brand","url","account","conversation_id"])' >/dev/null
	printf '%s\n' "$output" | jq -e -s 'all(.author | keys_unsorted == ["id","handle","name","followers","verified"])' >/dev/null
	rec_is "bluesky:${U}10000000000000000/$P/3l00000000001xx" '.source == "bluesky" and
		.channel == "public" and .direction == "in" and .created_at == "2026-11-22T09:00:07Z" and
		.author.id == "bluesky:did:plc:customer10000000000000000" and
		.author.handle == "customer1.bsky.social" and .author.name == "Customer 1" and
		.author.followers == null and .text == "@acme.bsky.social order 1 never arrived" and
		.lang == "it" and .in_reply_to == null and .account == "acme.bsky.social" and
		.url == "https://bsky.app/profile/customer1.bsky.social/post/3l00000000001xx" and
		.conversation_id == .id'
	# a reply: parent as in_reply_to, root as conversation_id
	rec_is "bluesky:${U}00000000000000000/$P/3l00000000005xx" '
		.in_reply_to == "bluesky:'"${U}"'40000000000000000/'"$P"'/3l00000000004xx" and
		.conversation_id == "bluesky:'"${U}"'20000000000000000/'"$P"'/3l00000000002xx" and
		.author.name == "Customer 0"'
	# a like is not a message
	! printf '%s\n' "$output" | grep -q 3l00000000003xx
	requests 'select(.path | endswith("listNotifications")) | .query.reasons' | head -1 |
		grep -qx '\["mention","reply","quote"\]'
}

@test "bluesky: in_reply_to_brand is true for a reply whose parent post is the brand's own" {
	ctl 'add?stream=mention&n=1' >/dev/null
	ctl 'add?stream=reply&n=1' >/dev/null
	ctl 'add?stream=reply_brand&n=1' >/dev/null
	run_split bf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 3 ]
	printf '%s\n' "$output" | jq -e -s 'map(.in_reply_to_brand) == [false, false, true]' >/dev/null
	printf '%s\n' "$output" | jq -e -s '.[2].in_reply_to | test("^bluesky:at://did:plc:acmehelp")' >/dev/null
}

@test "bluesky: one createSession, then refreshSession on each run; the session stays out of the state" {
	ctl 'add?stream=mention&n=1' >/dev/null
	for i in 1 2 3; do
		run_split bf
		[ "$status" -eq 0 ]
	done
	[ "$(requests 'select(.path | endswith("createSession"))' | wc -l)" -eq 1 ]
	[ "$(requests 'select(.path | endswith("refreshSession"))' | wc -l)" -eq 2 ]
	[ "$(stat -c %a "$SESS")" = 600 ]
	! grep -rqa 'fake-access\|fake-refresh' "$ST"
	grep -qa 'fake-refresh-3' "$SESS"
	[[ "$output$stderr" != *"fake-"* ]]
}

@test "bluesky: a session that cannot be refreshed means one new login" {
	ctl 'add?stream=mention&n=1' >/dev/null
	run_split bf
	ctl 'config?expire=1' >/dev/null
	ctl 'add?stream=mention&n=1' >/dev/null
	run_split bf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 1 ]
	[[ "$stderr" == *"logging in again"* ]]
	[ "$(requests 'select(.path | endswith("createSession"))' | wc -l)" -eq 2 ]
}

@test "bluesky: a wrong app password is refused; the password never shows" {
	SC_BLUESKY_APP_PASSWORD=wrong-password run_split bf -v
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"Invalid identifier or password"* ]]
	[[ "$output$stderr" != *"wrong-password"* ]]
	rm -f "$SESS"
	run_split bf --dry-run -v
	[ "$status" -eq 0 ]
	[[ "$output" == *"POST $FAKE_URL/xrpc/com.atproto.server.createSession"* ]]
	[[ "$output" == *"not shown"* ]]
	[[ "$output$stderr" != *"$FAKE_TOKEN"* ]]
	[ ! -e "$SESS" ]
}

@test "bluesky: a session file others can read, or one in the state directory, is refused" {
	mkdir -p "$(dirname "$SESS")"
	: >"$SESS"
	chmod 644 "$SESS"
	run_split bf
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"mode 600"* ]]
	run_split sc-fetch bluesky --handle acme.bsky.social --api "$FAKE_URL" --state "$ST" \
		--session "$ST/sessions.db"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"inside the state directory"* ]]
}

@test "bluesky: notifications of the same instant across runs: none twice, none lost" {
	ctl 'add?stream=mention&n=2' >/dev/null
	run_split bf
	[ "$(count)" -eq 2 ]
	ctl 'add?stream=mention&n=2&same=1' >/dev/null
	run_split bf
	[ "$(count)" -eq 2 ]
	rec_is "bluesky:${U}30000000000000000/$P/3l00000000003xx" true
	rec_is "bluesky:${U}40000000000000000/$P/3l00000000004xx" true
	run_split bf
	[ -z "$output" ]
}

@test "bluesky: a burst of 60, then 120 more, at one instant: each once, however many share it" {
	# ties are legal (the AppView pages by (sortAt, cid)); the cursor once
	# kept about 55 URIs of an instant and fetched the rest again
	ctl 'add?stream=mention&n=1' >/dev/null
	ctl 'add?stream=mention&n=59&same=1' >/dev/null
	run_split bf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 60 ]
	run_split bf
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	ctl 'add?stream=mention&n=120&same=1' >/dev/null
	for run in 1 2 3; do
		run_split bf
		[ "$status" -eq 0 ]
		printf '%s\n' "$output" >>"$BATS_TEST_TMPDIR/all"
	done
	[ "$(grep -c '^{' "$BATS_TEST_TMPDIR/all")" -eq 120 ]
	[ -z "$(jq -r .id "$BATS_TEST_TMPDIR/all" | sort | uniq -d)" ]
	# the state keeps the whole instant: 180 URIs after it
	[ "$(sqlite3 "$ST/sc.db" "SELECT cursor FROM cursors WHERE stream = 'notifications'" |
		tr ' ' '\n' | grep -c '^at://')" -eq 180 ]
}

@test "bluesky: 429 with ratelimit-reset: waited out, or exit 5 past --max-wait" {
	ctl 'add?stream=mention&n=2' >/dev/null
	ctl 'fault?kind=429&path=listNotifications&wait=1' >/dev/null
	run_split bf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 2 ]
	ctl 'add?stream=mention&n=1' >/dev/null
	ctl 'fault?kind=429&path=listNotifications&wait=5000' >/dev/null
	run_split bf --max-wait 5
	[ "$status" -eq 5 ]
	[ -z "$output" ]
	run_split bf
	[ "$(count)" -eq 1 ]
}

@test "bluesky: 20 cron runs, faults on a third of the requests: every message once" {
	ctl 'config?page_size=3' >/dev/null
	ctl 'chaos?rate=0.33&seed=5' >/dev/null
	: >"$BATS_TEST_TMPDIR/all"
	for i in $(seq 1 20); do
		ctl "add?stream=mention&n=$((i % 3 + 1))" >>"$BATS_TEST_TMPDIR/added"
		ctl "add?stream=reply&n=$((i % 2))" >>"$BATS_TEST_TMPDIR/added"
		ctl "add?stream=like&n=1" >/dev/null
		bf --max-wait 0 >>"$BATS_TEST_TMPDIR/all" 2>>"$BATS_TEST_TMPDIR/err" || true
	done
	echo "# faults: $(requests 'select(.fault != null)' | wc -l) of $(wc -l <"$FAKE_LOG") requests" >&3
	ctl 'chaos?rate=0' >/dev/null
	bf >>"$BATS_TEST_TMPDIR/all"
	jq -r .id "$BATS_TEST_TMPDIR/all" | sort >"$BATS_TEST_TMPDIR/got"
	jq -r '.added[] | "bluesky:" + .' "$BATS_TEST_TMPDIR/added" | sort | diff - "$BATS_TEST_TMPDIR/got"
}

@test "bluesky --help lists every option of the man page" {
	run_split sc-fetch bluesky --help
	[ "$status" -eq 0 ]
	for o in --handle --dm --outbound --token-file --session --output --state --api --since --limit \
		--max-wait --timeout --dry-run --verbose; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
		grep -qF -- "${o//-/\\-}" "$BATS_TEST_DIRNAME/../../man/sc-fetch.1" || { echo "man lacks $o"; false; }
	done
}
