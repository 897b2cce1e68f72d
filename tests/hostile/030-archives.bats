#!/usr/bin/env bats
# Hostile archives through sc-fetch csv, jsonl and x-archive: each bad row is
# reported as "sc-fetch: FILE:LINE: reason" (an X archive element as "FILE:
# element N: reason"), the exit status is 1, and every good row comes out.
load hostile_helper

@test "csv: BOM, CRLF, invalid UTF-8, NUL, bad dates, bad flags, no id, huge id, cut quote" {
	local f=$BATS_TEST_TMPDIR/h.csv
	{
		printf '\357\273\277tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\r\n'
		printf '1,ann,True,Tue Oct 31 22:10:47 +0000 2017,hello,,\r\n'
		printf '2,bob,True,Tue Oct 31 22:10:48 +0000 2017,bad \377 utf,,\r\n'
		printf '3,cid,True,not a date,x,,\r\n'
		printf '4,dan,True,Tue Oct 31 22:10:49 +0000 9999,x,,\r\n'
		printf '5,eve,maybe,Tue Oct 31 22:10:50 +0000 2017,x,,\r\n'
		printf ',fay,True,Tue Oct 31 22:10:50 +0000 2017,no id,,\r\n'
		printf '17500000000000079191234,gus,True,Tue Oct 31 22:10:51 +0000 2017,huge id,,\r\n'
		printf '8,hal,True,Tue Oct 31 22:10:52 +0000 2017,nul\0here,,\r\n'
		printf '9,ida,True,Tue Oct 31 22:10:53 +0000 2017,"unterminated'
	} >"$f"
	run_split sc-fetch csv "$f"
	[ "$status" -eq 1 ]
	errors_at sc-fetch "$f" 4 5 6 7 10
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "csv:1 csv:2 csv:17500000000000079191234 csv:8 " ]
	rec_is csv:8 '.text == "nul\u0000here"'
	rec_is csv:2 '.text == "bad \ufffd utf"'
}

@test "csv: a 10 MB text field goes through; an empty file is an error naming it" {
	local f=$BATS_TEST_TMPDIR/big.csv
	{
		printf 'tweet_id,author_id,inbound,created_at,text\n'
		printf '1,ann,True,Tue Oct 31 22:10:47 +0000 2017,"'; head -c 10000000 /dev/zero | tr '\0' a; printf '"\n'
		printf '2,bob,True,Tue Oct 31 22:10:48 +0000 2017,short\n'
	} >"$f"
	run_split sc-fetch csv "$f"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | jq -r '.text | length' | tr '\n' ' ')" = "10000000 5 " ]
	: >"$BATS_TEST_TMPDIR/empty.csv"
	run_split sc-fetch csv "$BATS_TEST_TMPDIR/empty.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "sc-fetch: $BATS_TEST_TMPDIR/empty.csv"* ]]
}

@test "jsonl: number ids, ids too big for a double, mistyped fields, bad dates, duplicate keys, cut line" {
	local f=$BATS_TEST_TMPDIR/h.jsonl
	{
		printf '\357\273\277{"tweet_id":"1","author_id":"ann","inbound":true,"created_at":"2024-05-01T10:00:00Z","text":"hi"}\r\n'
		printf '{"tweet_id":2,"author_id":"bob","inbound":true,"created_at":"2024-05-01T10:00:01Z","text":"num id"}\n'
		printf '{"tweet_id":1750000000000007919,"author_id":"bob","inbound":true,"created_at":"2024-05-01T10:00:01Z","text":"huge"}\n'
		printf '{"tweet_id":"4","author_id":["x"],"inbound":"yes","created_at":5,"text":{"a":1},"followers":"many"}\n'
		printf '{"tweet_id":"5","author_id":"c","inbound":true,"created_at":"2024-13-45T10:00:00Z","text":"bad date"}\n'
		printf '{"tweet_id":"6","tweet_id":"7","author_id":"d","inbound":true,"created_at":"2024-05-01T10:00:02Z","text":"dup"}\n'
		python3 -c 'print("[" * 5000 + "]" * 5000)'
		printf '[]\n'
		printf '{"tweet_id":"9","text":"cut'
	} >"$f"
	run_split sc-fetch jsonl "$f"
	[ "$status" -eq 1 ]
	errors_at sc-fetch "$f" 3 4 5 7 8 9
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "jsonl:1 jsonl:2 jsonl:7 " ]
	[[ "$stderr" == *"h.jsonl:3: id is a JSON number that cannot hold the id exactly"* ]]
}

@test "x-archive: elements of any JSON type are reported, not a crash; good tweets and DMs kept" {
	local d=$BATS_TEST_TMPDIR/xa
	mkdir "$d"
	cp "$TDATA/xarchive/account.js" "$d/"
	{
		printf 'window.YTD.tweets.part0 = [\n'
		printf '{"tweet":{"id_str":"1","created_at":"Wed May 01 10:00:00 +0000 2024","full_text":"ok"}},\n'
		printf '{"tweet":{"id_str":2,"created_at":"Wed May 01 10:00:00 +0000 2024","full_text":"num"}},\n'
		printf '{"tweet":{"id_str":"3","created_at":"bad","full_text":"bad date"}},\n'
		printf '{"tweet":"str"},\n5,\nnull,\n[[[]]],\n'
		printf '{"tweet":{"id_str":"8","created_at":"Wed May 01 10:00:02 +0000 2024","full_text":"bad \377 utf"}},\n'
		printf '{"tweet":{"id_str":"9","created_at":"Wed May 01 10:00:03 +0000 2024","full_text":"cut'
	} >"$d/tweets.js"
	printf 'window.YTD.direct_messages.part0 = [\n5,\n{"dmConversation":"x"},\n{"dmConversation":{"conversationId":"1-900","messages":[5,{"messageCreate":"x"},{"messageCreate":{"id":"11","senderId":"1","createdAt":"2024-05-01T10:00:00.000Z","text":"hi"}}]}}\n]\n' >"$d/direct-messages.js"
	run_split sc-fetch x-archive "$d"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | jq -r .id | sort | tr '\n' ' ')" = "x:1 x:11 x:8 " ]
	[ "$(grep -c "^sc-fetch: $d/tweets.js: element [0-9]*: tweet without" <<<"$stderr")" -eq 5 ]
	[ "$(grep -c "^sc-fetch: $d/direct-messages.js: element [0-9]*: conversation without" <<<"$stderr")" -eq 2 ]
	grep -q "^sc-fetch: $d/tweets.js: element [0-9]*: the file is cut short" <<<"$stderr"
	grep -q "^sc-fetch: $d/tweets.js:3: tweet 3: created_at 'bad'" <<<"$stderr"
}

@test "x-archive: a file on which libjq's streaming parser aborts is reported; the other files are read" {
	local d=$BATS_TEST_TMPDIR/xb
	mkdir "$d"
	cp "$TDATA/xarchive/account.js" "$d/"
	# a key without its ':' after a member: libjq 1.6 asserts in stream_token
	printf 'window.YTD.tweets.part0 = [\n{"tweet":{"id_str":"1","created_at":"Wed May 01 10:00:00 +0000 2024","full_text":"ok"}},\n{"tweet":{"a":false,"b",\n' >"$d/tweets.js"
	printf 'window.YTD.tweets.part1 = [\n{"tweet":{"id_str":"2","created_at":"Wed May 01 10:00:01 +0000 2024","full_text":"next file"}}\n]\n' >"$d/tweets-part1.js"
	run_split sc-fetch x-archive "$d"
	[ "$status" -eq 1 ]
	grep -q "^sc-fetch: $d/tweets.js: element 1: the file is broken where libjq's streaming parser gives up" <<<"$stderr"
	[ "$(printf '%s\n' "$output" | jq -r .id | sort | tr '\n' ' ')" = "x:1 x:2 " ]
}
