#!/usr/bin/env bats
# sc-fetch csv on the real "Customer Support on Twitter" archive and its
# real variants in ../shared/data (read in place, never copied).
load ../helper

setup() {
	need_shared
}

@test "the TWCS sample imports: every well-formed row, exit 0" {
	run_split sc-fetch csv -v "$DATA/twcs-sample.csv"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 5000 ]
	[[ "$stderr" == *"5000 rows, 0 bad, 0 duplicates"* ]]
	# every id of the file is there once
	python3 - "$DATA/twcs-sample.csv" "$(out_file)" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
want = {'csv:' + r['tweet_id'] for r in rows if r['created_at']}
got = [json.loads(l)['id'] for l in open(sys.argv[2])]
assert len(got) == len(set(got)), "duplicates"
assert want == set(got), sorted(want ^ set(got))[:10]
PY
}

@test "ids are strings prefixed by source, float ids normalised" {
	run_split sc-fetch csv "$DATA/twcs-sample.csv"
	! printf '%s\n' "$output" | grep -q '"csv:[0-9]*\.0"'
	rec_is csv:3400 '.in_reply_to == "csv:3402" and (.id|type) == "string"'
}

@test "in_reply_to_brand: true when the tweet answered is the brand's, absent when it was never seen" {
	run_split sc-fetch csv "$DATA/twcs-sample.csv"
	rec_is csv:2 '.direction == "in" and .in_reply_to_brand == true'     # answers sprintcare's 1
	rec_is csv:1 '.direction == "out" and .in_reply_to_brand == false'   # the brand answering 3
	rec_is csv:8 '.in_reply_to == null and .in_reply_to_brand == false'  # the first of its thread
	python3 - "$DATA/twcs-sample.csv" "$(out_file)" <<'PY'
import csv, json, sys
rows = {r['tweet_id']: r for r in csv.DictReader(open(sys.argv[1], newline='')) if r['created_at']}
bad = 0
for l in open(sys.argv[2]):
    o = json.loads(l)
    p = o['in_reply_to'] and rows.get(o['in_reply_to'][4:])
    want = False if not o['in_reply_to'] else None if not p else p['inbound'] == 'False'
    bad += o.get('in_reply_to_brand') != want
assert bad == 0, bad
PY
}

@test "every reply is linked to the tweet it answers, as the archive says" {
	run_split sc-fetch csv "$DATA/twcs-sample.csv"
	python3 - "$DATA/twcs-sample.csv" "$(out_file)" <<'PY'
import csv, json, sys
rows = {r['tweet_id']: r for r in csv.DictReader(open(sys.argv[1], newline='')) if r['created_at']}
recs = {}
for l in open(sys.argv[2]):
    o = json.loads(l); recs[o['id']] = o
bad = 0
for i, r in rows.items():
    p = r['in_response_to_tweet_id']
    want = 'csv:' + p.split('.')[0] if p else None
    bad += recs['csv:' + i]['in_reply_to'] != want
assert bad == 0, bad
# brand replies answer a tweet that is in the file (a few point outside it)
out = [o for o in recs.values() if o['direction'] == 'out']
linked = sum(1 for o in out if o['in_reply_to'] in recs)
assert len(out) == 2222 and linked >= 2190, (len(out), linked)
PY
}

@test "conversation_id is the first tweet of the chain; accounts are the brand" {
	run_split sc-fetch csv "$DATA/twcs-sample.csv"
	printf '%s\n' "$output" | jq -s -e '
	  (map(select(.id|IN("csv:1","csv:2","csv:3","csv:4","csv:5","csv:6","csv:8")))
	   | length == 7 and all(.conversation_id == "csv:8" and .account == "sprintcare"))
	  and (map(select(.direction=="out")) | all(.account == .author.handle))
	  and (map(select(.direction=="in" and .account != null)) | length > 2700)' >/dev/null
}

@test "times are RFC 3339 UTC; directions from inbound" {
	# 2,777 inbound rows parse whole; tweet 3399, recovered, is the 2,778th
	run_split sc-fetch csv "$DATA/twcs-sample.csv"
	printf '%s\n' "$output" | jq -s -e '
	  all(.created_at | test("^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"))
	  and (map(select(.direction=="in")) | length) == 2778
	  and (map(select(.direction=="out")) | length) == 2222
	  and (.[0].created_at == "2017-10-31T22:10:47Z")' >/dev/null
}

@test "the row broken by bare line ends (tweet 3399) is recovered and linked" {
	run_split sc-fetch csv "$DATA/twcs-sample.csv"
	rec_is csv:3399 '.author.handle=="116510" and .account=="AskPayPal" and .in_reply_to==null'
	rec_is csv:3398 '.in_reply_to=="csv:3399"'
}

@test "HTML entities in texts are decoded" {
	run_split sc-fetch csv "$DATA/twcs-sample.csv"
	! printf '%s\n' "$output" | jq -r .text | grep -q '&gt;\|&amp;'
	printf '%s\n' "$output" | jq -r .text | grep -q 'Settings > General'
}

@test "the Kaggle sample.csv imports whole (CRLF, True/False, integer ids)" {
	run_split sc-fetch csv "$DATA/external/twcs/kaggle_sample.csv"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 93 ]
	rec_is csv:119237 '.direction == "in"'
}

@test "the random 5000-row sample imports whole (threads mostly broken)" {
	run_split sc-fetch csv -v "$DATA/external/twcs/twcs_random5000_divya-gh.csv"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 5000 ]
	[[ "$stderr" == *"replies to tweets not in the input"* ]]
}

@test "Excel re-saves (BOM, CRLF, TRUE/FALSE) import whole, all outbound" {
	for f in AppleSupport_outbound_Sophie-X31 SpotifyCares_outbound_Sophie-X31; do
		run_split sc-fetch csv "$DATA/external/twcs/brand_subsets/$f.csv"
		[ "$status" -eq 0 ]
		want=$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1],newline=""))))-1)' "$DATA/external/twcs/brand_subsets/$f.csv")
		[ "$(printf '%s\n' "$output" | wc -l)" -eq "$want" ]
		printf '%s\n' "$output" | jq -s -e 'all(.direction=="out") and all(.id|startswith("csv:"))' >/dev/null
	done
}

@test "extra index columns and rows split by bare line ends: every record recovered" {
	f="$DATA/external/twcs/brand_subsets/SpotifyCares_inbound_support_requests_stepanaromanov.csv"
	run_split sc-fetch csv --brand SpotifyCares "$f"
	[ "$status" -eq 0 ]
	# 15,090 whole rows + 6 rows in pieces = every record of the file
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 15096 ]
	# columns: "", index, tweet_id, …: the id is tweet_id, found by name
	rec_is csv:289165 '(.text | contains("Microsoft Lumia 950XL\nWindows 10 Mobile")) and .in_reply_to=="csv:289171"'
	printf '%s\n' "$output" | jq -s -e 'all(.direction=="in") and all(.account=="SpotifyCares")' >/dev/null
}
