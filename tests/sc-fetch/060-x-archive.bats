#!/usr/bin/env bats
# sc-fetch x-archive: a brand's own X archive export as records.
load ../helper

A=$DATA/external/twitter_archive/andreruffert

@test "the real tweets.js: 1,986 records, ids equal id_str, replies linked, outbound" {
	need_shared
	run_split sc-fetch x-archive -v "$A"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"1986 tweets, 0 direct messages"* ]]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/out.jsonl"
	python3 - "$A/tweets.js" "$BATS_TEST_TMPDIR/out.jsonl" <<'PY'
import json, sys
src = open(sys.argv[1], encoding='utf-8').read()
tweets = [t['tweet'] for t in json.loads(src[src.index('['):])]
recs = [json.loads(l) for l in open(sys.argv[2])]
assert len(recs) == 1986 == len(tweets)
assert sorted(r['id'] for r in recs) == sorted('x:' + t['id_str'] for t in tweets)
by = {'x:' + t['id_str']: t for t in tweets}
for r in recs:
    t = by[r['id']]
    p = t.get('in_reply_to_status_id_str')
    assert r['in_reply_to'] == ('x:' + p if p else None), r['id']
    assert r['direction'] == 'out' and r['channel'] == 'public' and r['account'] == 'andreruffert'
    assert r['author']['id'] == 'x:112769581'
    assert '&amp;' not in r['text']
PY
}

@test "a reply to one of the archive's own tweets shares its conversation" {
	need_shared
	run_split sc-fetch x-archive "$A/tweets.js"
	[ "$status" -eq 0 ]
	# account.js is found beside tweets.js
	printf '%s\n' "$output" | jq -s -e '
	  (map({(.id): .}) | add) as $by
	  | map(select(.in_reply_to != null and $by[.in_reply_to] != null))
	  | length > 0 and all(.conversation_id == $by[.in_reply_to].conversation_id)' >/dev/null
}

@test "DMs: directions from the sender, brand messages linked to the customer message before" {
	run_split sc-fetch x-archive -v "$TDATA/xarchive"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"3 tweets, 8 direct messages, 1 deleted tweets skipped, 0 bad"* ]]
	rec_is x:1700000000000000004 '.direction == "out" and .channel == "private" and .in_reply_to == "x:1700000000000000003"
	  and .conversation_id == "x:900-4001" and .author.handle == "AcmeHelp"'
	rec_is x:1700000000000000001 '.direction == "in" and .author.id == "x:4001" and .account == "AcmeHelp"
	  and .created_at == "2026-11-03T09:00:00Z"'
	rec_is x:1700000000000000005 '.text == "Grazie, risolto! <3"'
	# the group's join event is no message
	[ "$(printf '%s\n' "$output" | jq -r 'select(.conversation_id == "x:1690000000000000000") | .id' | wc -l)" -eq 3 ]
}

@test "DM response times reach sc-report" {
	run_split bash -c "sc-fetch x-archive '$TDATA/xarchive' | sc-report --format json --by channel"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | jq -s -e '.[0].channel == "private" and .[0].requests == 5 and .[0].answered == 3
	  and .[0].first_response_median_s == 3300' >/dev/null
}

@test "not an archive file, a cut-short array, a tweet without fields: reported, the rest imported" {
	d="$BATS_TEST_TMPDIR/data"
	mkdir -p "$d"
	cp "$TDATA/xarchive/account.js" "$d/"
	printf 'hello\n' >"$d/tweets-part1.js"
	printf 'not read\n' >"$d/tweets.js.bak" # only *.js files of the archive are read
	head -c 700 "$TDATA/xarchive/tweets.js" >"$d/tweets.js"
	printf '%s\n' 'window.YTD.tweets.part0 = [' '{"tweet":{"id_str":"5","created_at":"Tue Nov 03 12:00:00 +0000 2026","full_text":"ok"}},' \
		'{"tweet":{"id_str":"6"}}' ']' >"$d/tweets-part2.js"
	run_split sc-fetch x-archive "$d"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"tweets-part1.js:1: not an X archive file"* ]]
	[[ "$stderr" == *"tweets.js: element 1: the file is cut short or broken"* ]]
	[[ "$stderr" == *"tweets-part2.js: element 1: tweet without id_str, created_at or full_text"* ]]
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "x:5 x:1700000000000000102 " ]
}

@test "ids holding a NUL (\u0000) are reported, not cut: two tweets never become one" {
	d="$BATS_TEST_TMPDIR/data"
	mkdir -p "$d"
	cp "$TDATA/xarchive/account.js" "$d/"
	printf '%s\n' 'window.YTD.tweets.part0 = [' \
		'{"tweet":{"id_str":"1\u00002","created_at":"Tue Nov 03 12:00:00 +0000 2026","full_text":"a"}},' \
		'{"tweet":{"id_str":"1\u00003","created_at":"Tue Nov 03 12:00:01 +0000 2026","full_text":"b"}},' \
		'{"tweet":{"id_str":"1","created_at":"Tue Nov 03 12:00:02 +0000 2026","full_text":"c"}},' \
		'{"tweet":{"id_str":"4","created_at":"Tue Nov 03 12:00:03 +0000 2026","full_text":"d","in_reply_to_status_id_str":"1\u00009"}}' \
		']' >"$d/tweets.js"
	printf '%s\n' 'window.YTD.direct_messages.part0 = [' \
		'{"dmConversation":{"conversationId":"77-900","messages":[' \
		'{"messageCreate":{"id":"21","senderId":"77\u0000x","createdAt":"2026-11-03T12:00:00.000Z","text":"hi"}},' \
		'{"messageCreate":{"id":"22","senderId":"77","createdAt":"2026-11-03T12:00:01.000Z","text":"hello"}}]}},' \
		'{"dmConversation":{"conversationId":"78-900\u0000","messages":[' \
		'{"messageCreate":{"id":"23","senderId":"78","createdAt":"2026-11-03T12:00:02.000Z","text":"yo"}}]}}' \
		']' >"$d/direct-messages.js"
	run_split sc-fetch x-archive "$d"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | jq -r .id | sort | tr '\n' ' ')" = "x:1 x:22 " ]
	[ "$(grep -c 'holds a NUL character' <<<"$stderr")" -eq 5 ]
	[[ "$stderr" == *"tweets.js:1: id '1' holds a NUL character"* ]]
	[[ "$stderr" == *"tweets.js:4: in_reply_to '1' holds a NUL character"* ]]
	[[ "$stderr" == *"direct-messages.js:1: tweet 21: author.handle holds a NUL character"* ]]
	[[ "$stderr" == *"direct-messages.js:2: tweet 23: conversation_id holds a NUL character"* ]]
	[[ "$stderr" != *"duplicate id"* ]]
}

@test "a lone surrogate, a raw control byte, a bad escape: that element reported and skipped, the file read on; a BOM is passed over" {
	d="$BATS_TEST_TMPDIR/data"
	mkdir -p "$d"
	cp "$TDATA/xarchive/account.js" "$d/"
	tw() { printf '{"tweet":{"id_str":"%s","created_at":"Wed May 01 10:%02d:%02d +0000 2024","full_text":"%s"}}' "$1" $(($1 / 60 % 60)) $(($1 % 60)) "$2"; }
	local tw_head='{"tweet":{"id_str":"501","created_at":"Wed May 01 10:08:21 +0000 2024","full_text":"'
	{
		printf '\357\273\277window.YTD.tweets.part0 = [\n'
		tw 1 'ok'; printf ',\n'
		tw 2 'lone \ud83d surrogate'; printf ',\n'
		tw 3 $'raw \001 byte'; printf ',\n'
		tw 4 'a pair \ud83d\ude00 and a low half alone \ude00 libjq takes'; printf ',\n'
		tw 5 'bad \q escape'; printf ',\n'
		for i in $(seq 6 500); do tw "$i" "filler $i"; printf ',\n'; done
	} >"$d/tweets.js"
	# a surrogate pair cut by the end of the first 64 KB read: held back, read whole
	local pad=$((65536 - 3 - $(stat -c %s "$d/tweets.js") - ${#tw_head}))
	[ "$pad" -gt 0 ]
	{
		tw 501 "$(head -c "$pad" /dev/zero | tr '\0' p)\ud83d\ude00 cut"; printf ',\n'
		tw 502 'a tab	inside'; printf ',\n'
		tw 503 'the last'; printf '\n]\n'
	} >>"$d/tweets.js"
	[ "$(head -c 65539 "$d/tweets.js" | tail -c 6)" = '\ud83d' ]
	run_split sc-fetch x-archive "$d"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 499 ]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.id | test("^x:([1-5]|50[123])$")) | .id' | sort | tr '\n' ' ')" = "x:1 x:4 x:501 x:503 " ]
	rec_is x:501 '.text | endswith("p😀 cut")'
	[[ "$stderr" == *"tweets.js: element 1: a lone surrogate \\ud83d: skipped"* ]]
	[[ "$stderr" == *"tweets.js: element 2: a raw control byte 0x01 in a string: skipped"* ]]
	[[ "$stderr" == *"tweets.js: element 4: an invalid escape"*": skipped"* ]]
	[[ "$stderr" == *"tweets.js: element 501: a raw control byte 0x09 in a string: skipped"* ]]
	[ "$(grep -c "^sc-fetch: $d/tweets.js" <<<"$stderr")" -eq 4 ]
	rec_is x:4 '.text == "a pair 😀 and a low half alone \ufffd libjq takes"'
}

@test "a lone tweets.js without account.js is refused with the reason" {
	cp "$TDATA/xarchive/tweets.js" "$BATS_TEST_TMPDIR/"
	run_split sc-fetch x-archive "$BATS_TEST_TMPDIR/tweets.js"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"no account.js beside it"* ]]
	run_split sc-fetch x-archive
	[ "$status" -eq 2 ]
}
