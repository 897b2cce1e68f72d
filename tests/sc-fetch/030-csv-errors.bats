#!/usr/bin/env bats
# sc-fetch csv with bad input: every good row out, every bad one reported
# as FILE:LINE: reason, the exit status says so; --strict stops.
load ../helper

@test "malformed rows mixed in: good rows out, bad ones reported with line numbers, exit 1" {
	run_split sc-fetch csv "$TDATA/mixed-bad.csv"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "csv:1 csv:2 csv:7 csv:9 " ]
	f="$TDATA/mixed-bad.csv"
	[[ "$stderr" == *"$f:4: tweet 3: created_at 'Tue Nov 33 09:00:00 +0000 2026'"* ]]
	[[ "$stderr" == *"$f:5: tweet 4: inbound 'Maybe' is not True or False"* ]]
	[[ "$stderr" == *"$f:6: no id"* ]]
	[[ "$stderr" == *"$f:7: row has 8 fields, expected 7"* ]]
	[[ "$stderr" == *"$f:10: id '1.2E+17' is a number in floating-point form that lost digits"* ]]
	[[ "$stderr" == *"$f:12: tweet 2: duplicate id"* ]]
	[[ "$stderr" == *"6 bad rows skipped"* ]]
}

@test "a quoted multi-line text keeps its line break and quotes" {
	run_split sc-fetch csv "$TDATA/mixed-bad.csv"
	rec_is csv:7 '.text == "@AcmeHelp a quoted\nmulti-line \"text\""'
}

@test "a quote left open is reported with its lines; the good rows it would swallow come out" {
	local f=$BATS_TEST_TMPDIR/q.csv
	{
		printf 'tweet_id,author_id,inbound,created_at,text\n'
		printf '1,ann,True,Tue Oct 31 22:10:47 +0000 2017,"the quote opens\n'
		printf '2,bob,True,Tue Oct 31 22:10:48 +0000 2017,a good row\n'
		printf '3,cy,True,Tue Oct 31 22:10:49 +0000 2017,"a text on\n'
		printf 'two lines, 4,dee,True,Tue Oct 31 22:10:50 +0000 2017 inside it"\n'
		printf '5,eve,True,Tue Oct 31 22:10:51 +0000 2017,"open again\n'
		printf 'and on\n'
		printf '6,fay,True,Tue Oct 31 22:10:52 +0000 2017,the last good row\n'
	} >"$f"
	run_split sc-fetch csv "$f"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "csv:2 csv:3 csv:6 " ]
	rec_is csv:3 '.text == "a text on\ntwo lines, 4,dee,True,Tue Oct 31 22:10:50 +0000 2017 inside it"'
	[[ "$stderr" == *"$f:2: row on line 2: a quote is not closed (line 3 reads as a row of its own): skipped"* ]]
	[[ "$stderr" == *"$f:6: row on lines 6-7: a quote is not closed (line 8 reads as a row of its own)"* ]]
	[ "$(grep -c "^sc-fetch: $f:" <<<"$stderr")" -eq 2 ]
}

@test "--strict stops at the first bad row" {
	run_split sc-fetch csv --strict "$TDATA/mixed-bad.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *":4: tweet 3"* ]]
	[[ "$stderr" != *":5:"* ]]
	# rows before the bad one still come out (they were good)
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "csv:1 csv:2 " ]
}

@test "a file without the needed columns says which and how to map it" {
	printf 'a,b\n1,2\n' >"$BATS_TEST_TMPDIR/x.csv"
	run_split sc-fetch csv "$BATS_TEST_TMPDIR/x.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"x.csv:1: no id column (tried 'tweet_id'): name it with --map id=COLUMN"* ]]
}

@test "--map names other columns; a missing mapped column is reported" {
	printf 'msg,who,when,body,to\nm1,anna,2026-11-03T10:00:00+01:00,@Acme hi,\nm2,Acme,2026-11-03T10:05:00Z,@anna hello,m1\n' >"$BATS_TEST_TMPDIR/x.csv"
	run_split sc-fetch csv --source x --brand Acme --map id=msg --map author.handle=who \
		--map created_at=when --map text=body --map in_reply_to=to "$BATS_TEST_TMPDIR/x.csv"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | jq -s -e '
	  .[0].id=="x:m1" and .[0].created_at=="2026-11-03T09:00:00Z" and .[0].direction=="in"
	  and .[0].account=="Acme" and .[1].in_reply_to=="x:m1" and .[1].conversation_id=="x:m1"' >/dev/null
	run_split sc-fetch csv --map id=nope "$BATS_TEST_TMPDIR/x.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"x.csv:1: no column 'nope' for --map id=nope"* ]]
}

@test "an empty file and a missing file are errors, other files still read" {
	: >"$BATS_TEST_TMPDIR/empty.csv"
	run_split sc-fetch csv "$BATS_TEST_TMPDIR/empty.csv" "$TDATA/mixed-bad.csv" /nonexistent.csv
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"empty.csv:1: no header line"* ]]
	[[ "$stderr" == *"/nonexistent.csv: No such file or directory"* ]]
	rec_is csv:9 '.author.handle == "hal"'
}

@test "a row broken across lines that cannot be joined is reported, the next row kept" {
	printf 'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n1,anna,True,Tue Nov 03 09:00:00 +0000 2026,@Acme cut\n2,bob,True,Tue Nov 03 09:01:00 +0000 2026,@Acme whole,,\n' >"$BATS_TEST_TMPDIR/b.csv"
	run_split sc-fetch csv "$BATS_TEST_TMPDIR/b.csv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"b.csv:2: row has 5 fields, expected 7"* ]]
	[ "$(printf '%s\n' "$output" | jq -r .id)" = "csv:2" ]
}

@test "reads standard input when no file or - is named" {
	run_split sc-fetch csv <"$TDATA/mixed-bad.csv"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 4 ]
	run_split sc-fetch csv - <"$TDATA/mixed-bad.csv"
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 4 ]
}
