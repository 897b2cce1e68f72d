#!/usr/bin/env bats
# The cases a run leaves do not depend on the order of its records:
# sc-fetch csv writes an archive's order (threads newest first, an answer
# before its question), and routed as it comes or sorted by time the
# example and the TWCS sample give the same cases.
load route_helper

# same_cases CSV: fetched, classified, routed in file order and in time
# order with examples/routes.json; the two `sc-route cases --format csv`
# must be identical, and no agent sits at max_open with answered cases only.
same_cases() {
	local d=$BATS_TEST_TMPDIR
	sc-fetch csv "$1" | sc-classify >"$d/file.jsonl"
	jq -c -s 'sort_by(.created_at)[]' "$d/file.jsonl" >"$d/time.jsonl"
	! cmp -s "$d/file.jsonl" "$d/time.jsonl" # the orders differ
	for o in file time; do
		run_split sc-route -c "$EXAMPLES/routes.json" --state "$d/st-$o" "$d/$o.jsonl"
		[ "$status" -eq 0 ] || { echo "$stderr"; false; }
		TZ=UTC sc-route cases --state "$d/st-$o" --now "$2" --format csv >"$d/cases-$o.csv"
	done
	diff "$d/cases-file.csv" "$d/cases-time.csv"
	[ "$(wc -l <"$d/cases-file.csv")" -gt 20 ]
	# answered cases closed after the quiet time: nobody full of them
	jq -r '.agents | to_entries[] | select(.value.max_open) | "\(.key) \(.value.max_open)"' \
		"$EXAMPLES/routes.json" | while read -r a max; do
		n=$(sqlite3 "$d/st-file/sc.db" "SELECT count(*) FROM cases WHERE status = 'open' AND assignee = '$a'")
		w=$(sqlite3 "$d/st-file/sc.db" "SELECT count(*) FROM cases WHERE status = 'open' AND assignee = '$a'
			AND waiting_since IS NOT NULL")
		[ "$n" -lt "$max" ] || [ "$w" -gt 0 ] || { echo "$a at max_open $max with answered cases only"; false; }
	done
}

@test "examples/inbox.csv: file order and time order give the same cases" {
	[ -f "$EXAMPLES/inbox.csv" ] || skip "examples/inbox.csv not present"
	same_cases "$EXAMPLES/inbox.csv" 2026-10-26T00:00:00Z
	# and what was answered counts as answered, in either order
	[ "$(sqlite3 "$BATS_TEST_TMPDIR/st-file/sc.db" "SELECT count(*) FROM cases
		WHERE answered_at IS NOT NULL")" -gt 100 ]
}

@test "the TWCS sample: file order and time order give the same cases" {
	need_shared
	same_cases "$DATA/twcs-sample.csv" 2017-10-01T00:00:00Z
}

@test "records held past the 8 MiB whose parsed values are kept are parsed again and routed the same" {
	[ -f "$EXAMPLES/inbox.csv" ] || skip "examples/inbox.csv not present"
	local d=$BATS_TEST_TMPDIR
	sc-fetch csv "$EXAMPLES/inbox.csv" | sc-classify >"$d/small.jsonl"
	# the same records, newest first, each padded to about 20 KB: 12 MB held
	jq -c --arg pad "$(head -c 20000 /dev/zero | tr '\0' x)" -s 'sort_by(.created_at) | reverse[] | .pad = $pad' \
		"$d/small.jsonl" >"$d/big.jsonl"
	[ "$(wc -c <"$d/big.jsonl")" -gt $((9 << 20)) ]
	for f in small big; do
		run_split sc-route -c "$EXAMPLES/routes.json" --state "$d/st-$f" --now 2026-10-26T00:00:00Z "$d/$f.jsonl"
		[ "$status" -eq 0 ] || { echo "$stderr"; false; }
		printf '%s\n' "$output" | jq -c 'select(.id) | {id, route}' >"$d/routes-$f"
	done
	[ "$(wc -l <"$d/routes-big")" -eq "$(wc -l <"$d/small.jsonl")" ]
	[ "$(jq -c 'select(.route)' "$d/routes-big" | wc -l)" -gt 300 ]
	diff "$d/routes-small" "$d/routes-big"
}
