#!/usr/bin/env bats
# A case's life (sc-state(5)): waiting → answered → closed after the
# queue's quiet time → reopened; messages that need no reply; answers and
# questions read in any order.
load route_helper

sql() {
	sqlite3 "$ST/sc.db" "$1"
}

# out ID CONVERSATION TIME: the brand's answer in the conversation.
out() {
	rec "$1" "$2" "$3" '.direction = "out" | .author = {id: "x:acme", handle: "AcmeHelp"} | .text = "we are on it"'
}

# cases [OPTION]...: sc-route cases as JSON lines.
cases() {
	run_split sc-route cases --state "$ST" --format json "$@"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
}

setup() {
	setup_route
	cfg_with '.queues.support.close_after = "72h"'
}

@test "question, answer in 10 min, \"ok thanks!\": nothing waits or is overdue; the case closes after the quiet time and reopens" {
	{
		rec x:1 c1 2026-11-24T10:00:00Z '.class.intent = "question"'
		out x:2 c1 2026-11-24T10:10:00Z
		rec x:3 c1 2026-11-24T10:12:00Z '.class.intent = "praise" | .text = "ok thanks!"'
	} >"$IN"
	route_ok --now 2026-11-24T10:12:00Z
	rec_is x:3 '.route.case == 1 and .route.due == null and .route.needs_reply == false
		and .route.assignee == "anna"'
	cases --now 2026-11-25T18:00:00Z
	printf '%s\n' "$output" | jq -e '.case == 1 and .state == "answered" and .overdue == false
		and .waited == null and .due == null and .last_message == "ok thanks!"' >/dev/null
	cases --now 2026-11-25T18:00:00Z --overdue
	[ -z "$output" ]
	[ "$(sql "SELECT open_cases FROM agents WHERE name = 'anna'")" -eq 1 ]

	# 72 h after the answer, not before, a run closes it (by --now here)
	run_split sc-route -c "$CFG" --state "$ST" --now 2026-11-27T10:09:59Z </dev/null
	[ -z "$output" ]
	run_split sc-route -c "$CFG" --state "$ST" --now 2026-11-27T12:00:00Z </dev/null
	[ "$output" = '{"type":"handover","route":{"at":"2026-11-27T12:00:00Z","closed":[1]}}' ]
	[ "$(sql "SELECT status || ' ' || closed_by || ' ' || resolved_at FROM cases")" = \
		"resolved quiet 2026-11-27T10:10:00Z" ]
	[ "$(sql "SELECT open_cases FROM agents WHERE name = 'anna'")" -eq 0 ]
	cases --now 2026-11-27T12:00:00Z
	[ -z "$output" ]

	# a thank-you on the closed case joins it and leaves it closed
	rec x:4 c1 2026-11-28T09:00:00Z '.class.needs_reply = false' >"$IN"
	route_ok
	rec_is x:4 '.route.case == 1 and .route.assignee == null and .route.due == null'
	[ "$(sql "SELECT status FROM cases")" = resolved ]
	# a new question reopens it: the same case, the same owner
	rec x:5 c1 2026-11-30T09:00:00Z '.class.intent = "question"' >"$IN"
	route_ok
	rec_is x:5 '.route.case == 1 and .route.assignee == "anna" and (.route.why | test("reopened: owner anna kept"))'
	cases --now 2026-11-30T09:30:00Z
	printf '%s\n' "$output" | jq -e '.case == 1 and .state == "waiting" and .waited == 1800' >/dev/null
	[ "$(sql "SELECT count(*) FROM cases")" -eq 1 ]
	# and its whole history is there
	run_split sc-route show --state "$ST" 1
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "case 1  waiting" ]]
	[ "$(printf '%s\n' "$output" | grep -c '^  2026-.* (x:[1-5]): ')" -eq 5 ]
	[[ "$output" == *"2026-11-24T10:12:00Z in  - cc1 (x:3): ok thanks!"* ]]
	[[ "$output" == *"2026-11-24T10:10:00Z out   AcmeHelp (x:2): we are on it"* ]]
	[[ "$output" == *"owners:"*"2026-11-24T10:12:00Z anna: routed"* ]]
	run_split sc-route show --state "$ST" c1
	[[ "${lines[0]}" == "case 1  waiting" ]]
	run_split sc-route show --state "$ST" 7
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"no case '7'"* ]]
}

@test "the records' clock closes quiet cases during a run, at the moment their quiet time ended" {
	{
		rec x:1 c1 2026-11-24T10:00:00Z
		out x:2 c1 2026-11-24T10:10:00Z
		rec x:3 c2 2026-11-28T10:00:00Z
	} >"$IN"
	route_ok --now 2026-11-24T10:00:00Z
	# on a line of its own before the record that moved the clock
	[ "$(sed -n 3p <<<"$output")" = '{"type":"handover","route":{"at":"2026-11-28T10:00:00Z","closed":[1]}}' ]
	[ "$(sed -n 4p <<<"$output" | jq -r .id)" = x:3 ]
	[ "$(sql "SELECT status || ' ' || resolved_at FROM cases WHERE id = 1")" = "resolved 2026-11-27T10:10:00Z" ]
	[[ "$stderr" == "" || "$stderr" != *error* ]]
	# without close_after, a case stays open until resolved by hand
	cfg_with 'del(.queues.support.close_after)'
	rm -rf "$ST"
	route_ok --now 2026-11-24T10:00:00Z
	[ "$(sql "SELECT status FROM cases WHERE id = 1")" = open ]
}

@test "a message that needs no reply opens no case and is never due; class.needs_reply decides over the intent" {
	{
		rec x:1 c1 2026-11-24T10:00:00Z '.class.intent = "praise"'
		rec x:2 c2 2026-11-24T10:00:00Z '.class = {intent: "question", needs_reply: false}'
		rec x:3 c3 2026-11-24T10:00:00Z '.class = {intent: "praise", needs_reply: true}'
	} >"$IN"
	route_ok
	rec_is x:1 '.route.due == null and .route.case == null and .route.needs_reply == false'
	rec_is x:2 '.route.due == null and .route.case == null'
	rec_is x:3 '.route.due != null and .route.case == 1 and has("needs_reply") == false'
	[ "$(sql "SELECT conversation_id FROM cases")" = c3 ]
}

@test "an answer read before its question (another run) still answers it; one read after a later question does not" {
	out x:2 c1 2026-11-24T10:10:00Z >"$IN"
	route_ok
	rec x:1 c1 2026-11-24T10:00:00Z >"$IN"
	route_ok
	cases --now 2026-11-24T18:00:00Z
	printf '%s\n' "$output" | jq -e '.state == "answered" and .due == null' >/dev/null
	# two questions, the answer between them read last: the second waits
	{ rec x:11 c2 2026-11-24T10:00:00Z; rec x:13 c2 2026-11-24T10:20:00Z; } >"$IN"
	route_ok
	out x:12 c2 2026-11-24T10:10:00Z >"$IN"
	route_ok
	[ "$(sql "SELECT waiting_since FROM cases WHERE conversation_id = 'c2'")" = 2026-11-24T10:20:00Z ]
	# a question older than the answer, read after it: answered already
	rec x:10 c2 2026-11-24T09:00:00Z >"$IN"
	route_ok
	rec_is x:10 '.route.due == null and (.route.why | test("answered already"))'
	[ "$(sql "SELECT waiting_since FROM cases WHERE conversation_id = 'c2'")" = 2026-11-24T10:20:00Z ]
}

@test "sc-reply's record of a sent reply answers its case" {
	rec x:1 c1 2026-11-24T10:00:00Z >"$IN"
	route_ok
	rec x:1 c1 2026-11-24T10:00:00Z '.reply = {status: "sent", remote_id: "99", text: "done"}' >"$IN"
	route_ok
	[ "$(sql "SELECT (waiting_since IS NULL) || ' ' || answered_at FROM cases")" = "1 2026-11-24T10:00:00Z" ]
	[ "$(sql "SELECT direction || ' ' || text FROM messages WHERE record_id = 'x:99'")" = "out done" ]
	# at reply.sent_at when sc-reply says
	rec x:2 c2 2026-11-24T10:00:00Z >"$IN"
	route_ok
	rec x:2 c2 2026-11-24T10:00:00Z '.reply = {status: "sent", remote_id: "98", sent_at: "2026-11-24T10:07:00Z"}' >"$IN"
	route_ok
	[ "$(sql "SELECT answered_at FROM cases WHERE conversation_id = 'c2'")" = 2026-11-24T10:07:00Z ]
	# a draft, not sent, does not
	rec x:5 c5 2026-11-24T10:00:00Z '.reply = {status: "drafted"}' >"$IN"
	route_ok
	[ "$(sql "SELECT waiting_since FROM cases WHERE conversation_id = 'c5'")" = 2026-11-24T10:00:00Z ]
}

@test "cases: a priority-4 thank-you case never sits above a priority-2 complaint, whatever their due times" {
	{
		rec x:1 c1 2026-11-24T10:00:00Z '.class = {intent: "praise", priority: 4, needs_reply: true}'
		rec x:2 c2 2026-11-24T11:00:00Z '.class = {intent: "complaint", priority: 2}'
		rec x:3 c3 2026-11-24T10:30:00Z '.class = {intent: "question", priority: 2}'
	} >"$IN"
	route_ok
	cases --now 2026-11-24T12:00:00Z
	[ "$(printf '%s\n' "$output" | jq -r .conversation_id | paste -sd' ')" = "c3 c2 c1" ]
	# a thank-you after a complaint does not lower the complaint's priority
	rec x:4 c2 2026-11-24T11:05:00Z '.class = {intent: "praise", priority: 4}' >"$IN"
	route_ok
	cases --now 2026-11-24T12:00:00Z
	[ "$(printf '%s\n' "$output" | jq -r 'select(.conversation_id == "c2") | .priority')" -eq 2 ]
}
