#!/usr/bin/env bats
# sc-route on the bundled example: fetch → route with examples/routes.json.
load route_helper

setup() {
	[ -f "$EXAMPLES/inbox.csv" ] || skip "examples/inbox.csv not present"
	ST=$BATS_TEST_TMPDIR/state
	sc-fetch csv "$EXAMPLES/inbox.csv" | jq -c -s 'sort_by(.created_at)[]' >"$BATS_TEST_TMPDIR/in"
}

@test "every inbound message gets a queue and a due time, and an owner on arrival or when its queue's agents come on shift" {
	run_split sc-route -c "$EXAMPLES/routes.json" --state "$ST" "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	f=$(out_file)
	[ "$(jq -c 'select(.direction == "in" and .route.mode != "none")' "$f" | wc -l)" -gt 300 ]
	[ "$(jq -c 'select(.direction == "in" and .route.mode != "none" and
		(.route.due == null or .route.queue == null))' "$f" | wc -l)" -eq 0 ]
	# the brand's messages pass through without a route
	[ "$(jq -c 'select(.direction == "out" and has("route"))' "$f" | wc -l)" -eq 0 ]
	# off hours cases wait (nobody off shift is given one) ...
	[ "$(jq -c 'select(.route.assignee == null and .route.mode != "none" and .direction == "in")' "$f" | wc -l)" -gt 20 ]
	[ "$(jq -c 'select(.route.why // "" | test("shift starts"))' "$f" | wc -l)" -eq 0 ]
	# ... and get an owner later (a handover, or their next message), except
	# those still waiting at the end (written in the example's last weekend)
	# and those the brand answered and closed after the quiet time before
	# anyone was on shift
	jq -s -r '[.[] | select(.route) | (.route.handover // [] | .[] | .conversation_id),
		(select(.route.assignee) | .conversation_id)] as $owned
		| .[] | select(.direction == "in" and .route.mode != "none" and .route.assignee == null)
		| .conversation_id | select(. as $c | $owned | index($c) | not)' "$f" | sort -u >"$BATS_TEST_TMPDIR/never"
	sqlite3 "$ST/sc.db" "SELECT conversation_id FROM cases WHERE assignee IS NULL
		AND (status = 'open' OR closed_by = 'quiet')
		AND queue IS NOT NULL AND queue != 'marketing' ORDER BY 1" >"$BATS_TEST_TMPDIR/waiting"
	[ -z "$(comm -23 "$BATS_TEST_TMPDIR/never" "$BATS_TEST_TMPDIR/waiting")" ]
	[ "$(sqlite3 "$ST/sc.db" "SELECT count(*) FROM cases WHERE status = 'open' AND assignee IS NULL
		AND queue != 'marketing' AND waiting_since IS NOT NULL
		AND last_inbound_at < '2026-11-20T17:00:00Z'")" -eq 0 ]
}

@test "stickiness is visible: follow-ups stay with their owner" {
	run_split sc-route -c "$EXAMPLES/routes.json" --state "$ST" "$BATS_TEST_TMPDIR/in"
	f=$(out_file)
	[ "$(jq -c 'select(.route.why // "" | test("^owner [a-z]+ kept"))' "$f" | wc -l)" -gt 20 ]
	# within a conversation, an owner changes only with a reason given (a
	# case back in its queue, "-", gets its next owner by a handover or its
	# next message)
	jq -r 'select((.route.mode // "none") != "none") | [.conversation_id, .route.assignee // "-", (.route.why // "")],
		(.route.handover // [] | .[] | [.conversation_id, .assignee, "handover"]) | @tsv' "$f" |
		awk -F'\t' '$1 in owner && owner[$1] != "-" && $2 != "-" && owner[$1] != $2 && $3 !~ /off shift|away|handover/ { print "changed without reason: " $0; bad = 1 }
			{ owner[$1] = $2 } END { exit bad }'
}

@test "Italian goes to the Italian queue, Spanish to Madrid's (unless the conversation stays put)" {
	run_split sc-route -c "$EXAMPLES/routes.json" --state "$ST" "$BATS_TEST_TMPDIR/in"
	f=$(out_file)
	[ "$(jq -c 'select(.direction == "in" and .lang == "es" and .route.queue != "support-es"
		and (.route.why // "" | test("kept") | not))' "$f" | wc -l)" -eq 0 ]
	[ "$(jq -c 'select(.direction == "in" and .lang == "it" and .route.queue == "support-it")' "$f" | wc -l)" -gt 100 ]
}
