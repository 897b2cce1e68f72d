#!/usr/bin/env bats
# sc-fetch instagram against the fake Graph API (tests/fake/net_meta.py):
# media comments with their replies, Instagram conversations through the
# account or the linked Page, paging, errors.
load ../helper
load ../fake/fake

IG=17841400000000001
PAGE=104857600000001

setup() {
	fake_start meta
	ST=$BATS_TEST_TMPDIR/state
	export SC_META_TOKEN=$FAKE_TOKEN SC_HTTP_BACKOFF_MS=5
}

igf() {
	sc-fetch instagram --account "$IG" --api "$FAKE_URL/v21.0" --state "$ST" --timeout 1 "$@"
}

count() { printf '%s\n' "$output" | grep -c '^{' || true; }

@test "instagram: comments, replies and messages as sc records" {
	ctl 'add?stream=ig_comments&n=3' >/dev/null
	ctl 'add?stream=ig_replies&n=1' >/dev/null
	ctl 'add?stream=ig_messages&n=8' >/dev/null
	run_split igf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 12 ]
	printf '%s\n' "$output" | jq -e -s 'all(keys_unsorted == ["id","source","channel","direction",
		"created_at","author","text","lang","in_reply_to","in_reply_to_brand","url","account","conversation_id"]) and
		all(.source == "instagram" and .account == "'$IG'" and (.id | startswith("instagram:")))' >/dev/null
	rec_is instagram:18000000000000001 '.channel == "public" and .direction == "in" and
		.author.handle == "customer_1" and .author.id == "instagram:17841499000000002" and
		.text == "order 1 never arrived & nobody answers <3" and
		.in_reply_to == "instagram:17900000000000001" and .conversation_id == "instagram:18000000000000001"'
	# a reply (from the embedded replies) answers its comment, in that comment's conversation
	rec_is instagram:18000000000000004 '.in_reply_to == "instagram:18000000000000003" and
		.conversation_id == "instagram:18000000000000003"'
	printf '%s\n' "$output" | jq -e -s '[.[] | select(.channel == "private")] | length == 8 and
		([.[] | select(.direction == "out")] | length == 1 and all(.author.id == "instagram:'$IG'"))' >/dev/null
	requests 'select(.path == "/v21.0/'$IG'/media") | .query.fields[0]' | grep -qF 'comments.limit(50){id,text,timestamp,username,from{id,username},parent_id,replies.limit(50){'
	requests 'select(.path == "/v21.0/'$IG'/conversations") | .query.platform[0]' | grep -qx '"instagram"'
	printf '%s\n' "$output" | jq -r .created_at | sort -c
}

@test "instagram: --page reads the messages through the linked Facebook Page" {
	ctl 'add?stream=ig_messages&n=2' >/dev/null
	run_split igf --page "$PAGE"
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 2 ]
	[ "$(requests 'select(.path == "/v21.0/'$PAGE'/conversations")' | wc -l)" -eq 1 ]
	[ "$(requests 'select(.path == "/v21.0/'$IG'/conversations")' | wc -l)" -eq 0 ]
}

@test "instagram: paging through media and comments; the next run brings only what is new" {
	ctl 'config?page_size=2' >/dev/null
	ctl 'add?stream=ig_comments&n=9' >/dev/null
	ctl 'add?stream=ig_messages&n=11' >/dev/null
	run_split igf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 20 ]
	requests 'select(.query.after != null) | .path' | tr -d '"' | sort -u >"$BATS_TEST_TMPDIR/paths"
	grep -q '/media$' "$BATS_TEST_TMPDIR/paths"
	grep -q '/comments$' "$BATS_TEST_TMPDIR/paths"
	[ "$(requests 'select(.query.access_token != null)' | wc -l)" -eq 0 ]
	run_split igf
	[ "$(count)" -eq 0 ]
	ctl 'add?stream=ig_comments&n=2' >/dev/null
	ctl 'add?stream=ig_replies&n=1' >/dev/null
	run_split igf
	[ "$(count)" -eq 3 ]
}

@test "instagram: an expired token is exit 4 with the 190 message; a rate limit past --max-wait exit 5" {
	ctl 'add?stream=ig_comments&n=1' >/dev/null
	ctl 'fault?kind=429&path=/media$&wait=3600' >/dev/null
	run_split igf --max-wait 10
	[ "$status" -eq 5 ]
	[ -z "$output" ]
	run_split igf
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 1 ]
	ctl 'config?expire=1' >/dev/null
	run_split igf
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"instagram: the access token was refused (Graph API error 190/463)"* ]]
	[[ "$stderr" != *"$FAKE_TOKEN"* ]]
}

@test "instagram: usage errors; --help lists every option of the man page" {
	run_split sc-fetch instagram
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"account is required"* ]]
	run_split sc-fetch instagram --account 1 --page x1
	[ "$status" -eq 2 ]
	run_split sc-fetch instagram --help
	[ "$status" -eq 0 ]
	for o in --account --page --token-file --output --state --api --since --limit --max-wait --timeout --dry-run --verbose; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
		grep -qF -- "${o//-/\\-}" "$BATS_TEST_DIRNAME/../../man/sc-fetch.1" || { echo "man lacks $o"; false; }
	done
	grep -q '^\.SS instagram' "$BATS_TEST_DIRNAME/../../man/sc-fetch.1"
}
