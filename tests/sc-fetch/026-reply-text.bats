#!/usr/bin/env bats
# in_reply_to_text (sc-record(5)): the start of the message a record
# answers, from the archive's own rows, in whatever order they come.
load ../helper

@test "csv: each reply carries the text it answers, newest first (TWCS order) and in time order" {
	local f=$BATS_TEST_TMPDIR/a.csv
	{
		echo 'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id'
		echo '12,cust,True,Tue Oct 31 22:30:00 +0000 2017,@AcmeHelp Ba016 from Sydney.,,11.0'
		echo '11,AcmeHelp,False,Tue Oct 31 22:20:00 +0000 2017,"@cust Sorry &amp; which flight was it? ^JB",12,10.0'
		echo '10,cust,True,Tue Oct 31 22:10:00 +0000 2017,@AcmeHelp my bag is lost,11,'
	} >"$f"
	run_split sc-fetch csv "$f"
	[ "$status" -eq 0 ]
	rec_is csv:12 '.in_reply_to_brand and .in_reply_to_text == "@cust Sorry & which flight was it? ^JB"'
	rec_is csv:11 '.in_reply_to_text == "@AcmeHelp my bag is lost"'
	rec_is csv:10 'has("in_reply_to_text") | not'
	# in time order the parent was written out before its reply came
	{ head -1 "$f"; tail -n +2 "$f" | tac; } >"$BATS_TEST_TMPDIR/b.csv"
	run_split sc-fetch csv "$BATS_TEST_TMPDIR/b.csv"
	[ "$status" -eq 0 ]
	rec_is csv:12 '.in_reply_to_text == "@cust Sorry & which flight was it? ^JB"'
	rec_is csv:11 '.in_reply_to_text == "@AcmeHelp my bag is lost"'
	# right after in_reply_to_brand, as sc-record(5) lists it
	printf '%s\n' "$output" | jq -e -s '.[1] | keys_unsorted | index(["in_reply_to_text"]) == index(["in_reply_to_brand"]) + 1' >/dev/null
}

@test "jsonl: a long parent is cut to 280 characters; a parent out of the window or never seen gives none" {
	local f=$BATS_TEST_TMPDIR/a.jsonl long
	long=$(printf 'é%.0s' $(seq 1 300))
	{
		printf '{"id":"1","author":{"handle":"cust"},"direction":"in","created_at":"2026-11-24T09:00:00Z","text":"%s"}\n' "$long"
		printf '{"id":"2","author":{"handle":"AcmeHelp"},"direction":"out","created_at":"2026-11-24T09:01:00Z","text":"@cust ok","in_reply_to":"1"}\n'
		printf '{"id":"3","author":{"handle":"cust"},"direction":"in","created_at":"2026-11-24T09:02:00Z","text":"@AcmeHelp hi","in_reply_to":"99"}\n'
		for i in $(seq 4 40); do
			printf '{"id":"%d","author":{"handle":"u%d"},"direction":"in","created_at":"2026-11-24T09:03:00Z","text":"@AcmeHelp filler %d"}\n' "$i" "$i" "$i"
		done
		printf '{"id":"41","author":{"handle":"cust"},"direction":"in","created_at":"2026-11-24T09:04:00Z","text":"@AcmeHelp again","in_reply_to":"2"}\n'
	} >"$f"
	run_split sc-fetch jsonl "$f"
	[ "$status" -eq 0 ]
	rec_is jsonl:2 '(.in_reply_to_text | length) == 280 and (.in_reply_to_text | test("^é+$"))'
	rec_is jsonl:41 '.in_reply_to_text == "@cust ok"'
	rec_is jsonl:3 'has("in_reply_to_text") | not'
	# with a window of 16 rows, id 2 has left it when 41 comes
	run_split sc-fetch jsonl --window 16 "$f"
	[ "$status" -eq 0 ]
	rec_is jsonl:41 'has("in_reply_to_text") | not'
	rec_is jsonl:2 '(.in_reply_to_text | length) == 280'
}
