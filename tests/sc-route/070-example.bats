#!/usr/bin/env bats
# sc-route on the bundled example: fetch → route with examples/routes.json.
load route_helper

setup() {
	[ -f "$EXAMPLES/inbox.csv" ] || skip "examples/inbox.csv not present"
	ST=$BATS_TEST_TMPDIR/state
	sc-fetch csv "$EXAMPLES/inbox.csv" | jq -c -s 'sort_by(.created_at)[]' >"$BATS_TEST_TMPDIR/in"
}

@test "every inbound message gets a queue, an owner and a due time" {
	run_split sc-route -c "$EXAMPLES/routes.json" --state "$ST" "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	f=$(out_file)
	[ "$(jq -c 'select(.direction == "in" and .route.mode != "none")' "$f" | wc -l)" -gt 300 ]
	[ "$(jq -c 'select(.direction == "in" and .route.mode != "none" and
		(.route.assignee == null or .route.due == null or .route.queue == null))' "$f" | wc -l)" -eq 0 ]
	# the brand's messages pass through without a route
	[ "$(jq -c 'select(.direction == "out" and has("route"))' "$f" | wc -l)" -eq 0 ]
}

@test "stickiness is visible: follow-ups stay with their owner" {
	run_split sc-route -c "$EXAMPLES/routes.json" --state "$ST" "$BATS_TEST_TMPDIR/in"
	f=$(out_file)
	[ "$(jq -c 'select(.route.why // "" | test("^owner [a-z]+ kept"))' "$f" | wc -l)" -gt 20 ]
	# within a conversation, an owner changes only with a reason given
	jq -r 'select(.route.assignee) | [.conversation_id, .route.assignee, (.route.why // "")] | @tsv' "$f" |
		awk -F'\t' '$1 in owner && owner[$1] != $2 && $3 !~ /off shift|away/ { print "changed without reason: " $0; bad = 1 }
			{ owner[$1] = $2 } END { exit bad }'
}

@test "Italian goes to the Italian queue, Spanish to Madrid's (unless the conversation stays put)" {
	run_split sc-route -c "$EXAMPLES/routes.json" --state "$ST" "$BATS_TEST_TMPDIR/in"
	f=$(out_file)
	[ "$(jq -c 'select(.direction == "in" and .lang == "es" and .route.queue != "support-es"
		and (.route.why // "" | test("kept") | not))' "$f" | wc -l)" -eq 0 ]
	[ "$(jq -c 'select(.direction == "in" and .lang == "it" and .route.queue == "support-it")' "$f" | wc -l)" -gt 100 ]
}
