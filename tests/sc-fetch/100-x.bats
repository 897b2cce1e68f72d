#!/usr/bin/env bats
# sc-fetch x against the fake X API v2 (tests/fake/net_x.py): the requests
# it sends, the records it writes, credentials.
load ../helper
load ../fake/fake

setup() {
	export FAKE_REFRESH=first-refresh-$RANDOM$RANDOM
	fake_setup x x_api_v2
	export SC_X_TOKEN=$FAKE_TOKEN
}

xf() { # sc-fetch x with the fake's URL and the test's state
	sc-fetch x --account AcmeHelp --api "$FAKE_URL" --state "$ST" "$@"
}

@test "x: every field of the record is filled as sc-record(5) says" {
	ctl 'add?stream=mentions&n=4' >/dev/null
	ctl 'add?stream=tweets&n=1' >/dev/null
	ctl 'add?stream=mentions&n=3' >/dev/null
	ctl 'add?stream=dm&n=4' >/dev/null
	run_split xf --dm --outbound
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 12 ]
	# the keys, in the order import.c writes them
	printf '%s\n' "$output" | jq -e -s 'all(keys_unsorted - ["in_reply_to_text"] == ["id","source","channel","direction",
		"created_at","author","text","lang","in_reply_to","in_reply_to_brand","url","account","conversation_id"])' >/dev/null
	printf '%s\n' "$output" | jq -e -s 'all((has("in_reply_to_text") | not) or
		(keys_unsorted | index(["in_reply_to_text"]) == index(["in_reply_to_brand"]) + 1))' >/dev/null
	printf '%s\n' "$output" | jq -e -s 'all(.author | keys_unsorted == ["id","handle","name","followers","verified"])' >/dev/null
	printf '%s\n' "$output" | jq -e -s 'all(.id | test("^x:[0-9]{19}$"))' >/dev/null
	printf '%s\n' "$output" | jq -e -s 'all(.created_at | test("^2026-[0-9-]{5}T[0-9:]{8}Z$"))' >/dev/null
	printf '%s\n' "$output" | jq -e -s 'all(.author.followers | type == "number")' >/dev/null
	printf '%s\n' "$output" | jq -e -s 'all(.account == "AcmeHelp" and .source == "x")' >/dev/null
	# a mention: ids as strings past double precision, text decoded
	rec_is x:1861234567890001000 '.channel == "public" and .direction == "in" and
		.author.id == "x:4201" and .author.handle == "customer_1" and .author.followers == 80 and
		.text == "@AcmeHelp order 1 never arrived & nobody answers <3 #1" and .lang == "it" and
		.in_reply_to == null and .conversation_id == "x:1861234567890001000" and
		.url == "https://x.com/customer_1/status/1861234567890001000"'
	# the brand's reply: out, in_reply_to from referenced_tweets
	rec_is x:1861234567890005000 '.direction == "out" and .author.handle == "AcmeHelp" and
		.in_reply_to == "x:1861234567890004000" and .conversation_id == "x:1861234567890004000"'
	# a customer answering the brand's reply: same conversation
	rec_is x:1861234567890006000 '.in_reply_to == "x:1861234567890005000" and
		.conversation_id == "x:1861234567890004000" and .author.verified == false'
	# in_reply_to_brand: from in_reply_to_user_id, the brand's id or another's
	rec_is x:1861234567890006000 '.in_reply_to_brand == true'
	rec_is x:1861234567890005000 '.in_reply_to_brand == false'
	rec_is x:1861234567890001000 '.in_reply_to_brand == false'
	rec_is x:1861234567890009000 '.in_reply_to_brand == false'
	# direct messages: private, direction from the sender
	rec_is x:1861234567890012000 '.channel == "private" and .direction == "out" and .author.handle == "AcmeHelp"'
	rec_is x:1861234567890009000 '.channel == "private" and .direction == "in" and .lang == null and
		.conversation_id == "x:dm-4204-1352631537364365312"'
}

@test "x: records come out oldest first, across streams" {
	ctl 'add?stream=mentions&n=3' >/dev/null
	ctl 'add?stream=dm&n=2' >/dev/null
	ctl 'add?stream=mentions&n=2' >/dev/null
	run_split xf --dm
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | jq -r .id >"$BATS_TEST_TMPDIR/ids"
	printf 'x:18612345678900%02d000\n' 1 2 3 4 5 6 7 | cmp - "$BATS_TEST_TMPDIR/ids"
}

@test "x: asks with since_id, 100 per page, the fields and expansions the record needs" {
	ctl 'add?stream=mentions&n=2' >/dev/null
	run_split xf
	[ "$status" -eq 0 ]
	requests 'select(.path | endswith("/mentions")) | .query' >"$BATS_TEST_TMPDIR/q"
	jq -e '.max_results == ["100"] and .expansions == ["author_id,referenced_tweets.id"] and
		(.["tweet.fields"][0] | split(",") | contains(["created_at","conversation_id",
		"in_reply_to_user_id","referenced_tweets","lang","author_id"])) and
		(.["user.fields"][0] | split(",") | contains(["username","name","public_metrics","verified"]))' \
		"$BATS_TEST_TMPDIR/q" >/dev/null
	ctl 'add?stream=mentions&n=1' >/dev/null
	run_split xf
	[ "$output" = "$(printf '%s' "$output" | head -1)" ]
	requests 'select(.path | endswith("/mentions")) | .query.since_id[0]' | tail -1 | grep -qx '"1861234567890002000"'
}

@test "x: the post a mention answers comes as in_reply_to_text (includes.tweets), capped at 280 characters" {
	ctl 'add?stream=mentions&n=1' >/dev/null
	ctl 'add?stream=tweets&n=1' >/dev/null
	ctl 'add?stream=mentions&n=1' >/dev/null
	ctl 'add?stream=long_mention&n=1' >/dev/null
	ctl 'add?stream=tweets&n=1' >/dev/null
	ctl 'add?stream=reply_gone&n=1' >/dev/null
	run_split xf --outbound
	[ "$status" -eq 0 ]
	requests 'select(.path | endswith("/mentions")) | .query.expansions[0]' | grep -qx '"author_id,referenced_tweets.id"'
	# the customer's answer (3, fake's every third mention) to the brand's post (2), entities decoded
	rec_is x:1861234567890003000 '.in_reply_to == "x:1861234567890002000" and .in_reply_to_brand and
		.in_reply_to_text == "@customer_1 sorry, we are on it (2)"'
	# the brand's answer to the long post: its whole text (note_tweet), cut to 280 characters
	rec_is x:1861234567890005000 '.in_reply_to == "x:1861234567890004000" and
		(.in_reply_to_text | length) == 280 and (.in_reply_to_text | startswith("@AcmeHelp order 4: the parcel")) and
		(.in_reply_to_text | contains("\u2026") | not)'
	# a first message has none; nor has an answer to a post X no longer gives
	rec_is x:1861234567890001000 'has("in_reply_to_text") | not'
	rec_is x:1861234567890006000 '.in_reply_to_brand and (has("in_reply_to_text") | not)'
}

@test "x: a post over 280 characters comes whole (note_tweet); retweets are left out and counted" {
	ctl 'add?stream=mentions&n=1' >/dev/null
	ctl 'add?stream=long_mention&n=1' >/dev/null
	ctl 'add?stream=retweet&n=1' >/dev/null
	ctl 'add?stream=mentions&n=1' >/dev/null
	run_split xf -v
	[ "$status" -eq 0 ]
	# the fake answers note_tweet only when tweet.fields asks for it, as X does
	requests 'select(.path | endswith("/mentions")) | .query["tweet.fields"][0]' | grep -q note_tweet
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 3 ]
	rec_is x:1861234567890002000 '(.text | length) > 400 and (.text | endswith("please call me back (2)")) and
		(.text | contains("\u2026") | not)'
	printf '%s\n' "$output" | jq -e -s 'all(.text | startswith("RT @") | not)' >/dev/null
	[[ "$stderr" == *", 1 reposts left out, 0 bad"* ]]
	# the next run asks from the newest post kept and brings nothing again
	run_split xf
	[ "$status" -eq 0 ] && [ -z "$output" ]
}

@test "x: the handle is resolved once and kept in the state" {
	run_split xf
	[ "$status" -eq 0 ]
	run_split xf
	[ "$status" -eq 0 ]
	[ "$(requests 'select(.path | startswith("/2/users/by/username/"))' | wc -l)" -eq 1 ]
}

@test "x: DMs are read with the dm_event fields and sender expansion" {
	ctl 'add?stream=dm&n=2' >/dev/null
	run_split xf --dm
	[ "$status" -eq 0 ]
	requests 'select(.path == "/2/dm_events") | .query' >"$BATS_TEST_TMPDIR/q"
	jq -e '.expansions == ["sender_id"] and (.["dm_event.fields"][0] | split(",") |
		contains(["id","text","event_type","created_at","sender_id","dm_conversation_id","participant_ids"]))' \
		"$BATS_TEST_TMPDIR/q" >/dev/null
}

@test "x: the token is sent, and never shows in stdout, stderr (-v), or the state" {
	ctl 'add?stream=mentions&n=3' >/dev/null
	ctl 'fault?kind=500&path=mentions' >/dev/null
	SC_HTTP_BACKOFF_MS=1 run_split xf -v --dm
	[ "$status" -eq 0 ]
	[ "$(requests 'select(.auth != "ok")' | wc -l)" -eq 0 ]
	[[ "$output$stderr" != *"$FAKE_TOKEN"* ]]
	[[ "$stderr" == *"requests left"* ]]
	! grep -rqF "$FAKE_TOKEN" "$ST"
	run_split xf --dry-run -v
	[[ "$output$stderr" != *"$FAKE_TOKEN"* ]]
}

@test "x: --dry-run prints the requests with the token masked and sends nothing" {
	run_split xf --dry-run --dm
	[ "$status" -eq 0 ]
	[[ "$output" == *"GET $FAKE_URL/2/users/by/username/AcmeHelp"* ]]
	[[ "$output" == *"Authorization: Bearer ****"* ]]
	[[ "$output" == *"/2/dm_events?"* ]]
	[ "$(wc -l <"$FAKE_LOG")" -eq 0 ]
}

@test "x: --token-file is read when only its owner can read it" {
	unset SC_X_TOKEN
	printf '%s\n' "$FAKE_TOKEN" >"$BATS_TEST_TMPDIR/tok"
	chmod 600 "$BATS_TEST_TMPDIR/tok"
	ctl 'add?stream=mentions&n=1' >/dev/null
	run_split xf --token-file "$BATS_TEST_TMPDIR/tok"
	[ "$status" -eq 0 ]
	[ -n "$output" ]
}

@test "x: a token file others can read is refused (exit 3), nothing sent" {
	printf '%s\n' "$FAKE_TOKEN" >"$BATS_TEST_TMPDIR/tok"
	chmod 644 "$BATS_TEST_TMPDIR/tok"
	run_split xf --token-file "$BATS_TEST_TMPDIR/tok"
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"can be read or changed by others (mode 644)"* ]]
	[[ "$stderr" != *"$FAKE_TOKEN"* ]]
	chmod 620 "$BATS_TEST_TMPDIR/tok"
	run_split xf --token-file "$BATS_TEST_TMPDIR/tok"
	[ "$status" -eq 3 ]
	[ "$(wc -l <"$FAKE_LOG")" -eq 0 ]
}

@test "x: a tampered token file (symlink, two lines, binary) is refused" {
	printf '%s\n' "$FAKE_TOKEN" >"$BATS_TEST_TMPDIR/real"
	chmod 600 "$BATS_TEST_TMPDIR/real"
	ln -s "$BATS_TEST_TMPDIR/real" "$BATS_TEST_TMPDIR/link"
	run_split xf --token-file "$BATS_TEST_TMPDIR/link"
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"symbolic link"* ]]
	printf '%s\nX-Injected: 1\n' "$FAKE_TOKEN" >"$BATS_TEST_TMPDIR/two"
	chmod 600 "$BATS_TEST_TMPDIR/two"
	run_split xf --token-file "$BATS_TEST_TMPDIR/two"
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"more than one line"* ]]
	[[ "$stderr" != *"$FAKE_TOKEN"* ]]
	: >"$BATS_TEST_TMPDIR/empty"
	chmod 600 "$BATS_TEST_TMPDIR/empty"
	run_split xf --token-file "$BATS_TEST_TMPDIR/empty"
	[ "$status" -eq 3 ]
	[ "$(wc -l <"$FAKE_LOG")" -eq 0 ]
}

@test "x: no token at all is a configuration error (exit 3)" {
	unset SC_X_TOKEN
	run_split xf
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"set SC_X_TOKEN"* ]]
}

@test "x: a wrong token is refused by the API: exit 4 with its message" {
	SC_X_TOKEN=wrong run_split xf
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"refused with 401: Unauthorized"* ]]
	[ -z "$output" ]
}

@test "x: an unknown account is reported, exit 4" {
	run_split sc-fetch x --account NoSuchBrand --api "$FAKE_URL" --state "$ST"
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"no user id for @NoSuchBrand"* ]]
}

@test "x: --since asks for start_time on a first run and drops older messages" {
	ctl 'add?stream=mentions&n=3' >/dev/null
	run_split xf --since 2026-11-22T09:00:14Z
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 2 ]
	requests 'select(.path | endswith("/mentions")) | .query.start_time[0]' | grep -qx '"2026-11-22T09:00:14Z"'
}

@test "x: --limit caps a backfill and says older messages were left" {
	ctl 'add?stream=mentions&n=5' >/dev/null
	run_split xf --limit 2
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 2 ]
	[[ "$stderr" == *"--limit 2 reached"* ]]
	rec_is x:1861234567890005000 'true'
}

@test "x: usage errors: no account, a bad --api, a bad --since" {
	run_split sc-fetch x
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"account is required"* ]]
	run_split sc-fetch x --account A --api ftp://x
	[ "$status" -eq 2 ]
	run_split sc-fetch x --account A --since yesterday
	[ "$status" -eq 2 ]
	run_split sc-fetch x --account A --max-wait -1
	[ "$status" -eq 2 ]
}

@test "x --help lists every option of the man page" {
	run_split sc-fetch x --help
	[ "$status" -eq 0 ]
	for o in --account --dm --outbound --token-file --refresh-token-file --session --output --state --api --since --limit \
		--max-wait --timeout --dry-run --verbose; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
		grep -qF -- "${o//-/\\-}" "$BATS_TEST_DIRNAME/../../man/sc-fetch.1" || { echo "man lacks $o"; false; }
	done
}

@test "x: the documentation's mentions answer (expansions=author_id) becomes a full record" {
	ctl 'replay?path=/mentions$&file=x_api_v2/docs_examples/x_api_posts_timelines_quickstart_user_mention_quickstart__L85-116.json' >/dev/null
	run_split xf
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ]
	rec_is x:1301573587187331074 '.source == "x" and .channel == "public" and .direction == "in" and
		.created_at == "2024-01-15T10:30:00Z" and .author.id == "x:1234567890" and
		.author.handle == "developer" and .author.name == "Dev Person" and .author.followers == null and
		.author.verified == false and .text == "Hey @XDevelopers, love the new API!" and .lang == null and
		.in_reply_to == null and .url == "https://x.com/developer/status/1301573587187331074" and
		.account == "AcmeHelp" and .conversation_id == "x:1301573587187331074"'
	# meta.next_token is followed
	requests 'select(.path | endswith("/mentions")) | .query.pagination_token[0]' | grep -qx '"t3buvdr5pujq9g7bggsnf3ep2ha28"'
}

@test "x: a recorded answer without the fields asked for: each post reported, exit 1" {
	ctl 'replay?path=/mentions$&file=x_api_v2/recorded_tweepy/test_client_get_users_mentions.json&index=0' >/dev/null
	run_split xf
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == *"item 1578516295611748353: no created_at (tweet.fields ignored?): skipped"* ]]
	[ "$(printf '%s\n' "$stderr" | grep -c 'no created_at')" -eq 10 ]
}

@test "x: with SC_X_CLIENT_ID the token is refreshed each run; the rotated refresh token is kept outside the state" {
	x_refresh_setup
	ctl 'add?stream=mentions&n=1' >/dev/null
	run_split xf --refresh-token-file "$REFRESH" --session "$SESS"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ]
	# the first refresh token is spent now: the next run must use the rotated one
	ctl 'add?stream=mentions&n=1' >/dev/null
	run_split xf --refresh-token-file "$REFRESH" --session "$SESS" -v
	[ "$status" -eq 0 ]
	rec_is x:1861234567890002000 true
	[ "$(requests 'select(.path == "/2/oauth2/token")' | wc -l)" -eq 2 ]
	[ "$(requests 'select(.auth != "ok")' | wc -l)" -eq 0 ]
	[ "$(stat -c %a "$SESS")" = 600 ]
	! grep -rqa 'fake-x-' "$ST"
	grep -qa 'fake-x-refresh-2' "$SESS"
	[[ "$output$stderr" != *"fake-x-"* ]]
	[[ "$output$stderr" != *"$FAKE_REFRESH"* ]]
}

@test "x: SC_X_CLIENT_ID without any refresh token is a configuration error (exit 3)" {
	unset SC_X_TOKEN
	export SC_X_CLIENT_ID=fake-client
	run_split xf --session "$BATS_TEST_TMPDIR/s.db"
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"--refresh-token-file"* ]]
}

@test "x: a brand post that mentions the brand comes once with --outbound, over runs" {
	ctl 'add?stream=own_mention&n=1' >/dev/null
	ctl 'add?stream=mentions&n=1' >/dev/null
	# the tweets stream fails in the first run, the mentions stream does not
	ctl 'fault?kind=500&path=/tweets$&count=5' >/dev/null
	SC_HTTP_BACKOFF_MS=1 run_split xf --outbound
	[ "$status" -eq 4 ]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/all"
	ctl 'add?stream=mentions&n=1' >/dev/null
	run_split xf --outbound
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >>"$BATS_TEST_TMPDIR/all"
	run_split xf --outbound
	printf '%s\n' "$output" >>"$BATS_TEST_TMPDIR/all"
	[ "$(jq -r .id "$BATS_TEST_TMPDIR/all" | grep -c '^x:1861234567890001000$')" -eq 1 ]
	grep -q 1861234567890003000 "$BATS_TEST_TMPDIR/all"
	run_split xf
	[ -z "$output" ]
}
