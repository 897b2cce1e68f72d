#!/usr/bin/env bats
# sc-fetch facebook against the fake Graph API (tests/fake/net_meta.py):
# records, field expansion, cursor paging, watermarks, Graph errors (190,
# rate limits with usage headers), 5xx, bodies cut short, credentials.
load ../helper
load ../fake/fake

PAGE=104857600000001

setup() {
	export FAKE_HANG_SECONDS=2
	fake_start meta
	ST=$BATS_TEST_TMPDIR/state
	export SC_META_TOKEN=$FAKE_TOKEN SC_HTTP_BACKOFF_MS=5
}

ff() {
	sc-fetch facebook --page "$PAGE" --api "$FAKE_URL/v21.0" --state "$ST" --timeout 1 "$@"
}

count() { printf '%s\n' "$output" | grep -c '^{' || true; }

@test "facebook: every field of the record is filled as sc-record(5) says" {
	ctl 'add?stream=comments&n=3' >/dev/null
	ctl 'add?stream=replies&n=1' >/dev/null
	ctl 'add?stream=messages&n=4' >/dev/null
	run_split ff
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 8 ]
	printf '%s\n' "$output" | jq -e -s 'all(keys_unsorted == ["id","source","channel","direction",
		"created_at","author","text","lang","in_reply_to","in_reply_to_brand","url","account","conversation_id"])' >/dev/null
	printf '%s\n' "$output" | jq -e -s 'all(.author | keys_unsorted == ["id","handle","name","followers","verified"])' >/dev/null
	printf '%s\n' "$output" | jq -e -s 'all(.source == "facebook" and .account == "'$PAGE'" and
		(.id | startswith("facebook:")) and (.author.id | startswith("facebook:")) and
		(.created_at | test("^20[0-9-]{8}T[0-9:]{8}Z$")))' >/dev/null
	# a customer's comment: public, in, answers the post; the comment starts
	# a conversation of its own (each commenter is a case, not the post)
	rec_is facebook:9000001_7000001 '.channel == "public" and .direction == "in" and
		.author.id == "facebook:610000000000002" and .author.name == "Customer 1" and
		.text == "order 1 never arrived & nobody answers <3" and
		.in_reply_to == "facebook:'$PAGE'_9000001" and .conversation_id == "facebook:9000001_7000001" and
		(.url | startswith("https://www.facebook.com/"))'
	# the Page's reply: out, in_reply_to the comment it answers (parent), in that comment's conversation
	rec_is facebook:9000001_7000004 '.direction == "out" and .author.id == "facebook:'$PAGE'" and
		.in_reply_to == "facebook:9000001_7000003" and .conversation_id == "facebook:9000001_7000003"'
	# two customers' comments on the same post are two conversations
	printf '%s\n' "$output" | jq -e -s '[.[] | select(.channel == "public" and .direction == "in"
		and .in_reply_to == "facebook:'$PAGE'_9000001") | .conversation_id] | length >= 2 and (unique | length) == length' >/dev/null
	# Messenger: private, the thread is the conversation; the Page's message is out
	printf '%s\n' "$output" | jq -e -s '[.[] | select(.channel == "private")] | length == 4 and
		all(.conversation_id | test("^facebook:t_[0-9]+$")) and all(.in_reply_to == null)' >/dev/null
	printf '%s\n' "$output" | jq -e -s '[.[] | select(.channel == "private" and .direction == "out")] | length == 0' >/dev/null
	printf '%s\n' "$output" | jq -r .created_at | sort -c
}

@test "facebook: the Page's own Messenger messages are direction out" {
	# the fake makes the sixth message the Page's answer in an open thread
	ctl 'add?stream=messages&n=6' >/dev/null
	run_split ff
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 6 ]
	printf '%s\n' "$output" | jq -e -s '[.[] | select(.direction == "out")] | length == 1 and
		all(.author.id == "facebook:'$PAGE'" and .author.name == "Acme Help" and .channel == "private")' >/dev/null
}

@test "facebook: asks for the documented fields, Bearer auth, never access_token in a URL" {
	ctl 'add?stream=comments&n=1' >/dev/null
	ctl 'add?stream=messages&n=1' >/dev/null
	run_split ff
	[ "$status" -eq 0 ]
	requests 'select(.path == "/v21.0/'$PAGE'/feed") | .query.fields[0]' | grep -qF 'comments.filter(stream).order(reverse_chronological).limit(50){id,message,from,created_time,parent{id,from},permalink_url}'
	requests 'select(.path == "/v21.0/'$PAGE'/conversations") | .query' >"$BATS_TEST_TMPDIR/q"
	jq -e '.platform == ["messenger"] and (.fields[0] | contains("messages.limit(50){id,message,from,to,created_time}"))' "$BATS_TEST_TMPDIR/q" >/dev/null
	[ "$(requests 'select(.auth != "ok")' | wc -l)" -eq 0 ]
	[ "$(requests 'select(.query.access_token != null)' | wc -l)" -eq 0 ]
}

@test "facebook: cursor paging through posts, comments, conversations and messages" {
	ctl 'config?page_size=2' >/dev/null
	ctl 'add?stream=comments&n=11' >/dev/null
	ctl 'add?stream=messages&n=11' >/dev/null
	run_split ff
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 22 ]
	[ "$(printf '%s\n' "$output" | jq -r .id | sort -u | wc -l)" -eq 22 ]
	# the after cursors were followed on every edge, never the next URL as given
	requests 'select(.query.after != null) | .path' | tr -d '"' | sort -u >"$BATS_TEST_TMPDIR/paths"
	grep -q '/feed$' "$BATS_TEST_TMPDIR/paths"
	grep -q '/comments$' "$BATS_TEST_TMPDIR/paths"
	grep -q '/conversations$' "$BATS_TEST_TMPDIR/paths"
	grep -q '/messages$' "$BATS_TEST_TMPDIR/paths"
	[ "$(requests 'select(.query.access_token != null)' | wc -l)" -eq 0 ]
	# the next run: nothing again; then only what is new
	run_split ff
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 0 ]
	ctl 'add?stream=comments&n=3' >/dev/null
	ctl 'add?stream=messages&n=2' >/dev/null
	run_split ff
	[ "$(count)" -eq 5 ]
}

@test "facebook: a comment that shows up late (behind the watermark, in the overlap) comes once" {
	ctl 'add?stream=comments&n=3' >/dev/null
	run_split ff
	[ "$(count)" -eq 3 ]
	ctl 'add?stream=late&n=1' >/dev/null
	run_split ff
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 1 ]
	[[ "$output" == *"late comment"* ]]
	run_split ff
	[ "$(count)" -eq 0 ]
}

@test "facebook: comments at the same second as the watermark are neither lost nor repeated" {
	ctl 'add?stream=comments&n=2' >/dev/null
	run_split ff
	[ "$(count)" -eq 2 ]
	ctl 'add?stream=comments&n=2&same=1' >/dev/null
	run_split ff
	[ "$(count)" -eq 2 ]
	run_split ff
	[ "$(count)" -eq 0 ]
}

@test "facebook: 120 comments at the watermark's second: each once, every id kept in the state" {
	# the ids near the watermark have no cap (issue 27: Bluesky's had one)
	ctl 'add?stream=comments&n=2' >/dev/null
	run_split ff
	[ "$(count)" -eq 2 ]
	ctl 'add?stream=comments&n=120&same=1' >/dev/null
	run_split ff
	[ "$(count)" -eq 120 ]
	run_split ff
	[ "$(count)" -eq 0 ]
	[ "$(sqlite3 "$ST/sc.db" "SELECT cursor FROM cursors WHERE stream = 'comments'" |
		jq '.ids | length')" -eq 122 ]
}

@test "facebook: an expired token (error 190) stops the run: exit 4, a message to act on, no token" {
	ctl 'add?stream=comments&n=2' >/dev/null
	ctl 'config?expire=1' >/dev/null
	run_split ff
	[ "$status" -eq 4 ]
	[ -z "$output" ]
	[[ "$stderr" == *"Error validating access token: Session has expired"* ]]
	[[ "$stderr" == *"error 190/463"* ]]
	[[ "$stderr" == *"SC_META_TOKEN"* ]]
	[[ "$stderr" != *"$FAKE_TOKEN"* ]]
	# the messages stream is not tried with a token known to be dead
	[ "$(wc -l <"$FAKE_LOG")" -eq 1 ]
}

@test "facebook: a wrong token is refused (190): exit 4" {
	SC_META_TOKEN=wrong-token run_split ff
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"Invalid OAuth access token"* ]]
	[[ "$stderr" == *"error 190"* ]]
}

@test "facebook: rate limits (4, 17, 32, 613) near their end are waited out; usage shown with -v" {
	ctl 'add?stream=comments&n=2' >/dev/null
	ctl 'add?stream=messages&n=2' >/dev/null
	ctl 'fault?kind=429&path=/feed$&wait=1' >/dev/null
	ctl 'fault?kind=429&path=/conversations$&wait=1' >/dev/null
	run_split ff -v
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 4 ]
	[ "$(printf '%s\n' "$stderr" | grep -c 'Graph API rate limit (error ')" -eq 2 ]
	[[ "$stderr" == *"usage app: call_count 100%"* ]]
	[[ "$stderr" == *"rate limited; waiting 0 s"* ]]
	[[ "$stderr" == *"business $PAGE (pages): call_count"* ]]
	[[ "$stderr$output" != *"$FAKE_TOKEN"* ]]
}

@test "facebook: a rate limit past --max-wait: exit 5, nothing written, the state kept" {
	ctl 'add?stream=comments&n=2' >/dev/null
	run_split ff
	[ "$(count)" -eq 2 ]
	ctl 'add?stream=comments&n=2' >/dev/null
	ctl 'add?stream=messages&n=1' >/dev/null
	ctl 'fault?kind=429&path=/feed$&wait=7200' >/dev/null
	: >"$FAKE_LOG"
	run_split ff --max-wait 60
	[ "$status" -eq 5 ]
	[ -z "$output" ]
	[[ "$stderr" == *"rate limited for 7200 s more (over --max-wait 60 s)"* ]]
	# the limit holds for the whole app: the messages are left for later too
	[ "$(requests 'select(.path | endswith("/conversations"))' | wc -l)" -eq 0 ]
	run_split ff
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 3 ]
}

@test "facebook: 500, a body cut short and invalid JSON are retried" {
	ctl 'add?stream=comments&n=2' >/dev/null
	ctl 'fault?kind=500&path=/feed$' >/dev/null
	ctl 'fault?kind=cut&path=/feed$' >/dev/null
	ctl 'fault?kind=invalid&path=/conversations$' >/dev/null
	run_split ff -v
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 2 ]
	[[ "$stderr" == *"server error 500; retrying"* ]]
	[[ "$stderr" == *"not valid JSON"* ]]
}

@test "facebook: a failure on page 2 of 3 drops the stream whole; the next run brings it once" {
	ctl 'config?page_size=2' >/dev/null
	ctl 'add?stream=messages&n=6' >/dev/null
	ctl 'add?stream=comments&n=2' >/dev/null
	ctl 'fault?kind=503&path=/conversations$&skip=1&count=5' >/dev/null
	run_split ff
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"giving up after 5 attempts"* ]]
	# the comments stream succeeded and is written; the messages are not
	[ "$(count)" -eq 2 ]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/all"
	run_split ff
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 6 ]
	printf '%s\n' "$output" >>"$BATS_TEST_TMPDIR/all"
	[ "$(jq -r .id "$BATS_TEST_TMPDIR/all" | sort -u | wc -l)" -eq 8 ]
}

@test "facebook: empty and repeating pages neither lose nor repeat" {
	ctl 'config?page_size=2' >/dev/null
	ctl 'add?stream=comments&n=7' >/dev/null
	ctl 'fault?kind=empty&path=/comments$' >/dev/null
	ctl 'fault?kind=repeat&path=/comments$' >/dev/null
	run_split ff
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 7 ]
	[ "$(printf '%s\n' "$output" | jq -r .id | sort -u | wc -l)" -eq 7 ]
}

@test "facebook: --dry-run prints the requests with the token masked and sends nothing" {
	run_split ff --dry-run
	[ "$status" -eq 0 ]
	[[ "$output" == *"GET $FAKE_URL/v21.0/$PAGE/feed?fields="* ]]
	[[ "$output" == *"/conversations?platform=messenger&"* ]]
	[[ "$output" == *"Authorization: Bearer ****"* ]]
	[[ "$output" != *"$FAKE_TOKEN"* ]]
	[ "$(wc -l <"$FAKE_LOG")" -eq 0 ]
}

@test "facebook: the token is never in stdout, stderr (-v) or the state" {
	ctl 'config?page_size=1' >/dev/null
	ctl 'add?stream=comments&n=3' >/dev/null
	ctl 'add?stream=messages&n=3' >/dev/null
	ctl 'fault?kind=500&path=/feed$' >/dev/null
	run_split ff -v
	[ "$status" -eq 0 ]
	[[ "$output$stderr" != *"$FAKE_TOKEN"* ]]
	! grep -rqF "$FAKE_TOKEN" "$ST"
}

@test "facebook: --token-file (owner only); no token at all is exit 3" {
	unset SC_META_TOKEN
	run_split ff
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"SC_META_TOKEN"* ]]
	printf '%s\n' "$FAKE_TOKEN" >"$BATS_TEST_TMPDIR/tok"
	chmod 644 "$BATS_TEST_TMPDIR/tok"
	run_split ff --token-file "$BATS_TEST_TMPDIR/tok"
	[ "$status" -eq 3 ]
	chmod 600 "$BATS_TEST_TMPDIR/tok"
	ctl 'add?stream=comments&n=1' >/dev/null
	run_split ff --token-file "$BATS_TEST_TMPDIR/tok"
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 1 ]
}

@test "facebook: --limit caps a stream and says so; --since drops older messages" {
	ctl 'add?stream=comments&n=5' >/dev/null
	run_split ff --limit 2
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 2 ]
	[[ "$stderr" == *"--limit 2 reached"* ]]
	run_split sc-fetch facebook --page "$PAGE" --api "$FAKE_URL/v21.0" --state "$BATS_TEST_TMPDIR/st2" \
		--since "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)"
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 0 ]
}

@test "facebook: usage errors: no page, a page id that is not a number, a bad --api" {
	run_split sc-fetch facebook
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"page is required"* ]]
	run_split sc-fetch facebook --page ../me
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"want the numeric id"* ]]
	run_split sc-fetch facebook --page 1 --api ftp://x
	[ "$status" -eq 2 ]
}

@test "facebook --help lists every option of the man page" {
	run_split sc-fetch facebook --help
	[ "$status" -eq 0 ]
	for o in --page --token-file --output --state --api --since --limit --max-wait --timeout --dry-run --verbose; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
		grep -qF -- "${o//-/\\-}" "$BATS_TEST_DIRNAME/../../man/sc-fetch.1" || { echo "man lacks $o"; false; }
	done
	grep -q '^\.SS facebook' "$BATS_TEST_DIRNAME/../../man/sc-fetch.1"
}
