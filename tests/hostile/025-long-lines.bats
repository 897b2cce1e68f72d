#!/usr/bin/env bats
# The cap on a line's length (SC_MAX_LINE, default 16M), in the one line
# reader every tool and importer reads through: a longer line is reported
# as "TOOL: FILE:LINE: line longer than N bytes", skipped without being held
# in memory, the lines around it kept, and the exit status is 1.
load hostile_helper

setup() {
	F=$BATS_TEST_TMPDIR/long.jsonl
	{
		good_rec 1; printf '\n'
		printf '{"id":"x:2","text":"'; head -c 3000000 /dev/zero | tr '\0' a; printf '"}\n'
		good_rec 3; printf '\n'
		head -c 2000000 /dev/zero | tr '\0' b # the last line, without a line end
	} >"$F"
}

@test "SC_MAX_LINE=1M: lines over it reported with their numbers and skipped, in every reader" {
	export SC_MAX_LINE=1M
	mini_replies # the records are not routed: a template that needs no route
	for tool in sc-classify "sc-route -c $EXAMPLES/routes.json --state $BATS_TEST_TMPDIR/st" \
		"sc-reply -c $MINI_REPLIES" "sc-fetch jsonl" "sc-report --format json"; do
		run_split $tool "$F"
		[ "$status" -eq 1 ] || { echo "$tool: exit $status"; return 1; }
		errors_at "${tool%% *}" "$F" 2 4
		[[ "$stderr" == *"$F:2: line longer than 1048576 bytes: skipped"* ]]
		case $tool in
		sc-report*) [ "$(jq -c '[.inbound, .requests]' <<<"$output")" = "[2,2]" ] ;;
		sc-fetch*) [ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "jsonl:x:1 jsonl:x:3 " ] ;;
		*) [ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "x:1 x:3 " ] ;;
		esac
	done
	# --strict stops at the long line
	run_split sc-classify --strict "$F"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "x:1 " ]
}

@test "SC_MAX_LINE: a CSV row over the cap is reported and skipped, the others imported" {
	local f=$BATS_TEST_TMPDIR/long.csv
	{
		printf 'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n'
		printf '1,ann,True,Tue Oct 31 22:10:47 +0000 2017,hello,,\n'
		printf '2,bob,True,Tue Oct 31 22:10:48 +0000 2017,'; head -c 2000000 /dev/zero | tr '\0' a; printf ',,\n'
		printf '3,cid,True,Tue Oct 31 22:10:49 +0000 2017,bye,,\n'
	} >"$f"
	SC_MAX_LINE=1M run_split sc-fetch csv "$f"
	[ "$status" -eq 1 ]
	errors_at sc-fetch "$f" 3
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "csv:1 csv:3 " ]
}

@test "the default cap: a 20 MB line is skipped in bounded memory; a bad SC_MAX_LINE is a usage error" {
	{
		good_rec 1; printf '\n'
		printf '{"id":"x:2","text":"'; head -c 20000000 /dev/zero | tr '\0' a; printf '"}\n'
		good_rec 3; printf '\n'
	} >"$F"
	run_split /usr/bin/time -f 'maxrss %M' sc-classify "$F"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"$F:2: line longer than 16777216 bytes: skipped"* ]]
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "x:1 x:3 " ]
	kb=$(sed -n 's/^maxrss //p' <<<"$stderr")
	echo "# sc-classify on a 20 MB line: max RSS $kb KB" >&3
	[ "$kb" -lt 150000 ]
	SC_MAX_LINE=lots run_split sc-classify "$F"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"SC_MAX_LINE 'lots': want a number of bytes"* ]]
}
