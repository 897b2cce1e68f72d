#!/usr/bin/env bats
# sc-fetch jsonl recognises X's own shapes without flags, line by line.
#
# The data (tests/data/x-shapes/, written by its make-data.py) is one
# conversation with @AcmeHelp in each shape, field for field as found:
# - x-v1.1.jsonl: Twitter API v1.1 tweet objects as the REST and streaming
#   endpoints give them: the user object and the fields of the v1.1 users of
#   ../shared/data/external/x_api_v2/recorded_tweepy/v1_1_testsendanddeletedirectmessage.json
#   (verify_credentials, whose "status" is a v1.1 tweet), ids both as JSON
#   numbers (id) and strings (id_str); tweets 1 and 4 in compatibility mode
#   (text cut at 140 characters with "… https://t.co/…", truncated true, the
#   whole in extended_tweet.full_text), the others as tweet_mode=extended
#   (full_text, display_text_range), as gwu-libraries/TweetSets'
#   tests/tweets.py holds real ones; the retweet carries retweeted_status,
#   the quote is_quote_status, quoted_status_id_str and quoted_status.
# - twarc2-pages.jsonl: what `twarc2 search` writes: one X API v2 answer per
#   line (data newest first, includes.users and includes.tweets from the
#   expansions author_id, in_reply_to_user_id, referenced_tweets.id,
#   meta with next_token) plus twarc's "__twarc" {url, version,
#   retrieved_at}; tweet and user fields as in
#   ../shared/data/external/x_api_v2/pytwitter_testdata and docs_examples
#   (public_metrics, edit_history_tweet_ids, referenced_tweets, a post over
#   280 characters with its whole text in note_tweet.text).
# - twarc2-flat.jsonl: those pages through `twarc2 flatten`, made as
#   DocNow/twarc's twarc/expansions.py flatten() makes it: one post a line,
#   "author" and "in_reply_to_user" expanded beside author_id and
#   in_reply_to_user_id, referenced_tweets merged with the included posts,
#   mentions with their users, the page's __twarc in each.
load ../helper

X=$TDATA/x-shapes

# each shape's records, by id: the retweet (…4) is left out, the rest is
# the same conversation whatever the shape
check_conversation() {
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "x:1861000000000000005 x:1861000000000000003 x:1861000000000000002 x:1861000000000000001 " ]
	rec_is x:1861000000000000001 '
	  .source == "x" and .direction == "in" and .created_at == "2026-11-24T09:12:03Z"
	  and .author == {"id":"x:1001","handle":"mario_rossi","name":"Mario Rossi","followers":15300,"verified":false}
	  and .text == "@AcmeHelp ordine 4471 mai arrivato: il tracking dice \"consegnato\" da tre giorni ma qui non c'"'"'è niente. Ho già scritto due volte alla chat & nessuno risponde. Cosa devo fare?"
	  and .in_reply_to == null and .conversation_id == "x:1861000000000000001" and .account == "AcmeHelp"
	  and .url == "https://x.com/mario_rossi/status/1861000000000000001" and .lang == "it"'
	rec_is x:1861000000000000002 '
	  .direction == "out" and .account == "AcmeHelp"
	  and .author == {"id":"x:99001","handle":"AcmeHelp","name":"Acme Help","followers":90000,"verified":true}
	  and .in_reply_to == "x:1861000000000000001" and .in_reply_to_brand == false
	  and .conversation_id == "x:1861000000000000001" and (.text | endswith("corriere. ^Anna"))'
	rec_is x:1861000000000000003 '
	  .direction == "in" and .in_reply_to == "x:1861000000000000002" and .in_reply_to_brand == true
	  and .conversation_id == "x:1861000000000000001" and .account == "AcmeHelp"
	  and .text == "@AcmeHelp fatto, vi ho scritto in DM. Grazie!" and .author.followers == 15300'
	# the quote: a message of its own, its whole text (over 280 characters)
	rec_is x:1861000000000000005 '
	  .author == {"id":"x:1003","handle":"luca_v","name":"Luca","followers":7,"verified":false}
	  and .in_reply_to == null and .conversation_id == "x:1861000000000000005"
	  and (.text | endswith("Qualcuno può controllare davvero?")) and (.text | length) > 280'
	# never a cut text
	[ "$(printf '%s\n' "$output" | jq -s 'map(select(.text | test("…|https://t.co"))) | length')" -eq 0 ]
}

# shape_ok FILE: FILE imports to that conversation, the retweet counted
shape_ok() {
	run_split sc-fetch jsonl --brand AcmeHelp -v "$1"
	[ "$status" -eq 0 ]
	check_conversation
	[[ "$stderr" == *"4 rows, 0 bad, 0 duplicates, 0 replies to tweets not in the input, 1 retweets left out"* ]]
}

@test "Twitter v1.1 tweets: ids from id_str (the numeric id is not read), the full text, reply links, authors, followers; the retweet left out" {
	shape_ok "$X/x-v1.1.jsonl"
}

@test "twarc2 pages (one X API v2 answer a line): every post of data with its author from includes.users" {
	shape_ok "$X/twarc2-pages.jsonl"
}

@test "twarc2 flattened posts: author expanded in each" {
	shape_ok "$X/twarc2-flat.jsonl"
}

@test "the three shapes of one conversation give the same records, byte for byte" {
	run_split sc-fetch jsonl --brand AcmeHelp "$X/x-v1.1.jsonl"
	local want=$output
	run_split sc-fetch jsonl --brand AcmeHelp "$X/twarc2-pages.jsonl"
	[ "$output" = "$want" ]
	run_split sc-fetch jsonl --brand AcmeHelp "$X/twarc2-flat.jsonl"
	[ "$output" = "$want" ]
}

@test "--source keeps its name for X shapes; without it they are x:, other shapes jsonl:" {
	run_split sc-fetch jsonl --source arch --brand AcmeHelp "$X/x-v1.1.jsonl"
	[ "$status" -eq 0 ]
	rec_is arch:1861000000000000003 '.in_reply_to == "arch:1861000000000000002" and .conversation_id == "arch:1861000000000000001"'
	printf '{"tweet_id":"1","author_id":"ann","inbound":true,"created_at":"2024-05-01T10:00:00Z","text":"a"}\n' >"$BATS_TEST_TMPDIR/g.jsonl"
	run_split sc-fetch jsonl "$BATS_TEST_TMPDIR/g.jsonl"
	[ "$(printf '%s\n' "$output" | jq -r .id)" = "jsonl:1" ]
}

@test "--format forces a shape: generic reads a v1.1 line by the default keys; a line not of the forced shape is reported with its number" {
	run_split sc-fetch jsonl --format generic "$X/x-v1.1.jsonl"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"$X/x-v1.1.jsonl:1: id is a JSON number that cannot hold the id exactly"* ]]
	run_split sc-fetch jsonl --format v1.1 "$X/twarc2-pages.jsonl"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == *"$X/twarc2-pages.jsonl:1: not a Twitter v1.1 tweet: no \"id_str\""* ]]
	[[ "$stderr" == *"$X/twarc2-pages.jsonl:2: not a Twitter v1.1 tweet: no \"id_str\""* ]]
	run_split sc-fetch jsonl --format twarc2 "$X/twarc2-flat.jsonl"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"$X/twarc2-flat.jsonl:5: not an X API v2 answer: no \"data\" list of posts"* ]]
	# a v2 post on its own, with no author expanded, read as one with --format flat
	printf '{"id":"77","text":"@AcmeHelp hi","author_id":"1001","created_at":"2026-11-24T09:00:00.000Z"}\n' >"$BATS_TEST_TMPDIR/bare.jsonl"
	run_split sc-fetch jsonl --format flat "$BATS_TEST_TMPDIR/bare.jsonl"
	[ "$status" -eq 0 ]
	rec_is x:77 '.author.id == "x:1001" and .url == "https://x.com/1001/status/77"'
	run_split sc-fetch jsonl --format v3 "$BATS_TEST_TMPDIR/bare.jsonl"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--format 'v3': want generic, v1.1, v2, twarc2 or flat"* ]]
}

@test "mixed in one file: a line of no known shape and a post without its author are reported with their line numbers, the rest comes out" {
	local f=$BATS_TEST_TMPDIR/mixed.jsonl
	{
		sed -n 3p "$X/x-v1.1.jsonl"
		printf '{"kind":"something else","n":1}\n'
		sed -n 2p "$X/twarc2-pages.jsonl" | jq -c '.data[0] |= del(.author_id)'
		sed -n 2p "$X/twarc2-flat.jsonl"
	} >"$f"
	run_split sc-fetch jsonl --brand AcmeHelp "$f"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"$f:2: no id (column or key 'tweet_id')"* ]]
	[[ "$stderr" == *"$f:3: X API v2 post 1861000000000000002: no author_id"* ]]
	[ "$(grep -c "^sc-fetch: $f:" <<<"$stderr")" -eq 2 ]
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "x:1861000000000000003 x:1861000000000000001 " ]
}

@test "a reply to a brand post not in the input answers the brand, from the author the line names (v1.1 in_reply_to_screen_name, v2 in_reply_to_user_id's user)" {
	local f=$BATS_TEST_TMPDIR/one.jsonl
	for src in "x-v1.1.jsonl 3" "twarc2-pages.jsonl 1" "twarc2-flat.jsonl 3"; do
		set -- $src
		sed -n "$2p" "$X/$1" >"$f"
		run_split sc-fetch jsonl --brand AcmeHelp "$f"
		[ "$status" -eq 0 ]
		rec_is x:1861000000000000003 '.in_reply_to == "x:1861000000000000002" and .in_reply_to_brand == true and .account == "AcmeHelp"'
		# not said to be a brand: unknown, as for any reply whose parent is not in the input
		run_split sc-fetch jsonl "$f"
		rec_is x:1861000000000000003 'has("in_reply_to_brand") | not'
	done
}
