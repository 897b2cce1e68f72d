#!/usr/bin/env bats
# sc-fetch jsonl: JSON-lines archives, mapped by key (dotted paths reach
# into objects), normalised like the CSV archives.
load ../helper

MAP=(--source x --brand AcmeHelp --map author.handle=user.screen_name --map author.name=user.name
     --map author.followers=user.followers_count --map author.verified=user.verified)

@test "a mapped export: good lines out, bad lines reported by number, exit 1" {
	run_split sc-fetch jsonl "${MAP[@]}" "$TDATA/export.jsonl"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "x:1861234567890123456 x:1861234567890123999 x:9 " ]
	f="$TDATA/export.jsonl"
	[[ "$stderr" == *"$f:4: id is a JSON number that cannot hold the id exactly"* ]]
	[[ "$stderr" == *"$f:5: tweet 7: created_at 'yesterday'"* ]]
	[[ "$stderr" == *"$f:6: invalid JSON"* ]]
	[[ "$stderr" == *"$f:7: text is an object or array"* ]]
	[[ "$stderr" != *":3:"* ]] # the blank line is not an error
}

@test "fields are normalised: ids as strings, UTC times, nested author, entities" {
	run_split sc-fetch jsonl "${MAP[@]}" "$TDATA/export.jsonl"
	rec_is x:1861234567890123456 '
	  .created_at == "2026-11-24T09:12:03Z" and .direction == "in" and .lang == "it"
	  and .author == {"id":"x:mario_rossi","handle":"mario_rossi","name":"Mario","followers":15300,"verified":false}
	  and (.text | contains("è la terza volta")) and .account == "AcmeHelp"
	  and .conversation_id == "x:1861234567890123456"'
	rec_is x:1861234567890123999 '
	  .in_reply_to == "x:1861234567890123456" and .conversation_id == "x:1861234567890123456"
	  and .author.verified == true and .account == "AcmeHelp"'
	rec_is x:9 '.created_at == "2025-11-24T16:00:00Z" and .author.followers == 12 and .in_reply_to == null'
}

@test "numeric ids from 2^53 on are refused (a double holds 2^53+1 as 2^53); below, and as strings, they pass" {
	local f=$BATS_TEST_TMPDIR/big.jsonl
	{
		printf '{"tweet_id":9007199254740992,"author_id":"ann","inbound":true,"created_at":"2024-05-01T10:00:00Z","text":"first"}\n'
		printf '{"tweet_id":9007199254740993,"author_id":"bob","inbound":true,"created_at":"2024-05-01T10:00:01Z","text":"second"}\n'
		printf '{"tweet_id":"5","author_id":"cy","inbound":true,"created_at":"2024-05-01T10:00:02Z","text":"re","in_reply_to":9007199254740993}\n'
		printf '{"tweet_id":9007199254740991,"author_id":"dee","inbound":true,"created_at":"2024-05-01T10:00:03Z","text":"max safe"}\n'
		printf '{"tweet_id":"9007199254740993","author_id":"eve","inbound":true,"created_at":"2024-05-01T10:00:04Z","text":"string"}\n'
		printf '{"tweet_id":"6","author_id":"fay","inbound":true,"created_at":"2024-05-01T10:00:05Z","text":"re","in_reply_to":"9007199254740993"}\n'
	} >"$f"
	run_split sc-fetch jsonl "$f"
	[ "$status" -eq 1 ]
	for n in 1 2; do
		[[ "$stderr" == *"$f:$n: id is a JSON number that cannot hold the id exactly"* ]]
	done
	[[ "$stderr" == *"$f:3: in_reply_to is a JSON number that cannot hold the id exactly"* ]]
	[ "$(grep -c "$f:" <<<"$stderr")" -eq 3 ]
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "jsonl:9007199254740991 jsonl:9007199254740993 jsonl:6 " ]
	rec_is jsonl:6 '.in_reply_to == "jsonl:9007199254740993" and .conversation_id == "jsonl:9007199254740993"'
}

@test "ids, authors and accounts holding a NUL (\u0000) are bad lines, never cut to another's" {
	local f=$BATS_TEST_TMPDIR/nul.jsonl
	{
		printf '%s\n' '{"tweet_id":"7\u0000a","author_id":"ann","inbound":true,"created_at":"2024-05-01T10:00:00Z","text":"a"}'
		printf '%s\n' '{"tweet_id":"8","author_id":"bob\u0000x","inbound":true,"created_at":"2024-05-01T10:00:01Z","text":"b"}'
		printf '%s\n' '{"tweet_id":"9","author_id":"bob","user_id":"u\u00001","inbound":true,"created_at":"2024-05-01T10:00:02Z","text":"c"}'
		printf '%s\n' '{"tweet_id":"10","author_id":"bob","account":"Acme\u0000Help","inbound":true,"created_at":"2024-05-01T10:00:03Z","text":"d"}'
		printf '%s\n' '{"tweet_id":"11","author_id":"bob","inbound":true,"created_at":"2024-05-01T10:00:04Z","text":"e","in_reply_to":"7\u0000b"}'
		printf '%s\n' '{"tweet_id":"12","author_id":"bob","inbound":true,"created_at":"2024-05-01T10:00:05Z","text":"f","conversation_id":"7\u0000"}'
		printf '%s\n' '{"id":"jsonl:13\u0000","author_id":"bob","inbound":true,"created_at":"2024-05-01T10:00:06Z","text":"g"}'
		printf '%s\n' '{"tweet_id":"14","author_id":"bob","inbound":true,"created_at":"2024-05-01T10:00:07Z","text":"h\u0000 in a text is kept"}'
	} >"$f"
	run_split sc-fetch jsonl "$f"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | jq -r .id)" = "jsonl:14" ]
	[[ "$stderr" == *"$f:1: id '7' holds a NUL character (\\u0000)"* ]]
	[[ "$stderr" == *"$f:2: tweet 8: author.handle holds a NUL character"* ]]
	[[ "$stderr" == *"$f:3: tweet 9: author.id holds a NUL character"* ]]
	[[ "$stderr" == *"$f:4: tweet 10: account holds a NUL character"* ]]
	[[ "$stderr" == *"$f:5: in_reply_to '7' holds a NUL character"* ]]
	[[ "$stderr" == *"$f:6: conversation_id holds a NUL character"* ]]
	[[ "$stderr" == *"$f:7: id holds a NUL character"* ]]
	[ "$(grep -c "^sc-fetch: $f:" <<<"$stderr")" -eq 7 ]
}

@test "--strict stops at the first bad line" {
	run_split sc-fetch jsonl --strict "${MAP[@]}" "$TDATA/export.jsonl"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 2 ]
	[[ "$stderr" == *":4:"* ]]
	[[ "$stderr" != *":5:"* ]]
}

@test "sc records read back as themselves (same source)" {
	run_split sc-fetch csv "$TDATA/mixed-bad.csv"
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/a.jsonl"
	run_split sc-fetch jsonl --source csv "$BATS_TEST_TMPDIR/a.jsonl"
	[ "$status" -eq 0 ]
	diff <(printf '%s\n' "$output") "$BATS_TEST_TMPDIR/a.jsonl"
}

@test "the bundled example imports the same from CSV and from JSON lines" {
	run_split sc-fetch csv "$EXAMPLES/inbox.csv"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/csv.jsonl"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/csv.jsonl")" -eq 660 ]
	run_split sc-fetch jsonl --source csv "$EXAMPLES/inbox.jsonl"
	[ "$status" -eq 0 ]
	diff <(printf '%s\n' "$output") "$BATS_TEST_TMPDIR/csv.jsonl"
	# support requests written to the marketing account stay with it
	[ "$(printf '%s\n' "$output" | jq -c 'select(.account == "Acme" and .direction == "in")' | wc -l)" -eq 90 ]
}
