#!/usr/bin/env bats
# sc-fetch csv: the delimiter found from the header line (comma, semicolon,
# tab), --delimiter to name it; a header that splits into one column says
# which delimiters were tried.
load ../helper

# resave IN OUT DELIM: IN (a comma CSV) written again the way a spreadsheet
# saves it with another delimiter: a UTF-8 byte-order mark, CRLF row ends,
# fields quoted only when they hold the delimiter, a quote or a line break
# (a line break inside a text stays a bare LF, as Excel writes it).
resave() {
	python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
src, dst, d = sys.argv[1], sys.argv[2], sys.argv[3]
rows = list(csv.reader(open(src, newline='', encoding='utf-8')))
with open(dst, 'w', newline='', encoding='utf-8-sig') as f:
    csv.writer(f, delimiter=d, lineterminator='\r\n', quoting=csv.QUOTE_MINIMAL).writerows(rows)
PY
}

# pipe_csv FILE: a file split at '|', which sc-fetch does not guess
pipe_csv() {
	printf 'tweet_id|author_id|inbound|created_at|text\n1|ann|True|Tue Oct 31 22:10:47 +0000 2017|a, b; c\n' >"$1"
}

@test "a semicolon CSV as Excel re-saves it (BOM, CRLF, ';' and line breaks inside quoted texts) gives the comma file's records" {
	local f=$BATS_TEST_TMPDIR/inbox-it.csv
	resave "$EXAMPLES/inbox.csv" "$f" ';'
	# the re-save really has what makes it hard: quoted texts holding ';' and line breaks
	[ "$(head -c3 "$f" | od -An -tx1 | tr -d ' ')" = efbbbf ]
	grep -q $'\r$' "$f"
	python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],newline="",encoding="utf-8-sig"),delimiter=";")); f=[x for row in r for x in row]; assert any(";" in x for x in f) and any("\n" in x for x in f)' "$f"
	run_split sc-fetch csv "$EXAMPLES/inbox.csv"
	[ "$status" -eq 0 ]
	local want=$output
	[ "$(printf '%s\n' "$want" | wc -l)" -eq 660 ]
	run_split sc-fetch csv "$f"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "$want" ]
}

@test "a tab-separated file gives the same records; --delimiter tab and '\\t' name it" {
	local f=$BATS_TEST_TMPDIR/inbox.tsv
	resave "$EXAMPLES/inbox.csv" "$f" $'\t'
	run_split sc-fetch csv "$EXAMPLES/inbox.csv"
	local want=$output
	run_split sc-fetch csv "$f"
	[ "$status" -eq 0 ]
	[ "$output" = "$want" ]
	run_split sc-fetch csv --delimiter tab "$f"
	[ "$output" = "$want" ]
	run_split sc-fetch csv --delimiter '\t' "$f"
	[ "$output" = "$want" ]
}

@test "--delimiter overrides what the header suggests" {
	local f=$BATS_TEST_TMPDIR/pipe.csv
	pipe_csv "$f"
	run_split sc-fetch csv --delimiter '|' "$f"
	[ "$status" -eq 0 ]
	rec_is csv:1 '.author.handle == "ann" and .text == "a, b; c"'
	# a comma file read at ';' is one column: the message says so
	run_split sc-fetch csv --delimiter ';' "$EXAMPLES/inbox.csv"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == *"$EXAMPLES/inbox.csv:1: the header line is one column when split at a semicolon: is --delimiter the file's?"* ]]
}

@test "a header that is one column at a comma, a semicolon and a tab: the delimiters tried, and --delimiter suggested" {
	local f=$BATS_TEST_TMPDIR/pipe.csv
	pipe_csv "$f"
	run_split sc-fetch csv "$f"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == *"$f:1: the header line is one column split at a comma, a semicolon or a tab: name the delimiter with --delimiter C"* ]]
	[[ "$stderr" != *"no id column"* ]]
}

@test "the delimiter is the one giving known column names, not the most fields: a semicolon header with more commas than semicolons" {
	local f=$BATS_TEST_TMPDIR/names.csv
	# at a comma: 6 fields, none known; at ';': 5 fields, all 5 known
	printf 'tweet_id;author_id;inbound;created_at;"a,b,c,d,e,f"\r\n1;ann;True;Tue Oct 31 22:10:47 +0000 2017;"x, y, z, w"\r\n' >"$f"
	run_split sc-fetch csv --map 'text=a,b,c,d,e,f' "$f"
	[ "$status" -eq 0 ]
	rec_is csv:1 '.text == "x, y, z, w" and .author.handle == "ann"'
}

@test "--delimiter refuses what cannot be one" {
	run_split sc-fetch csv --delimiter ';;' /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--delimiter ';;': want one character"* ]]
	run_split sc-fetch csv --delimiter '"' /dev/null
	[ "$status" -eq 2 ]
}
