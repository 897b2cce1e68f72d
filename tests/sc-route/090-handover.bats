#!/usr/bin/env bats
# sc-route: a run hands the cases that waited in their queues to the agents
# who came on shift, first thing, even with no message to route (a cron run
# with empty input), oldest first, never twice, never past an agent's cap.
load route_helper

FRI_NIGHT=2026-11-27T21:00:00Z   # Friday 22:00 in Rome: the support queue is closed
MON_0905=2026-11-30T08:05:00Z    # Monday 09:05 in Rome: open, anna and marco on shift
MON_0855=2026-11-30T07:55:00Z    # Monday 08:55 in Rome: not yet

sql() {
	sqlite3 "$ST/sc.db" "$1"
}

# Anna and Marco work the support queue's hours; Marco is away unless a
# test says otherwise, so who gets what is plain.
setup() {
	setup_route
	cfg_with '.agents.anna.shift = "rome" | .agents.marco.shift = "rome" | .agents.marco.away = true'
}

# serve TIME: a run with empty input at TIME.
serve() {
	run_split sc-route -c "$CFG" --state "$ST" --now "$1" </dev/null
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
}

@test "a case written on Friday night waits; an empty run on Monday 09:05 hands it over" {
	rec x:1 c1 "$FRI_NIGHT" >"$IN"
	route_ok
	rec_is x:1 '.route.assignee == null and .route.ack == true and (.route.why | test("waits"))'

	serve "$MON_0905"
	[ "$output" = '{"type":"handover","route":{"at":"2026-11-30T08:05:00Z","handover":[{"conversation_id":"c1","case":1,"assignee":"anna"}]}}' ]
	[ "$(sql "SELECT assignee FROM cases WHERE conversation_id = 'c1'")" = anna ]
	[ "$(sql "SELECT open_cases FROM agents WHERE name = 'anna'")" -eq 1 ]
	[ "$(sql "SELECT why FROM case_owners WHERE case_id = 1 ORDER BY rowid DESC LIMIT 1")" = "oldest waiting case first" ]
	run_split sc-route cases --state "$ST" --now "$MON_0905" --format json
	[ "$status" -eq 0 ]
	[ "$(jq -r 'select(.conversation_id == "c1") | .assignee' <<<"$output")" = anna ]
}

@test "before the shift starts an empty run hands nothing over and writes nothing" {
	rec x:1 c1 "$FRI_NIGHT" >"$IN"
	route_ok
	serve "$MON_0855"
	[ -z "$output" ]
	[ "$(sql "SELECT count(*) FROM cases WHERE assignee IS NULL")" -eq 1 ]
	[ "$(sql "SELECT count(*) FROM case_owners WHERE case_id = 1")" -eq 1 ]
}

@test "the empty run twice: the case is handed over once" {
	rec x:1 c1 "$FRI_NIGHT" >"$IN"
	route_ok
	serve "$MON_0905"
	[[ "$output" == *'"handover":[{"conversation_id":"c1"'* ]]
	first=$output
	serve "$MON_0905"
	[ -z "$output" ]
	serve 2026-11-30T09:00:00Z
	[ -z "$output" ]
	[ "$(sql "SELECT count(*) FROM case_owners WHERE case_id = 1 AND assignee IS NOT NULL")" -eq 1 ]
	[ "$(sql "SELECT open_cases FROM agents WHERE name = 'anna'")" -eq 1 ]
	# the handover line read again (sc-route's output routed again) passes through
	printf '%s\n' "$first" >"$IN"
	route_ok --now "$MON_0905"
	[ "$output" = "$(cat "$IN")" ]
	[ "$(sql "SELECT count(*) FROM case_owners")" -eq 2 ]
}

@test "two waiting cases go oldest first (by their time, not the order they were routed in)" {
	cfg_with '.agents.anna.max_open = 1'
	# two runs: one run would route them in time order
	rec x:2 c2 2026-11-27T21:30:00Z >"$IN"
	route_ok
	rec x:1 c1 "$FRI_NIGHT" >"$IN"
	route_ok --now "$FRI_NIGHT" # a run starts by handing over: not by today's clock
	serve "$MON_0905"
	[ "$(jq -c '.route.handover' <<<"$output")" = '[{"conversation_id":"c1","case":2,"assignee":"anna"}]' ]
	[ "$(sql "SELECT conversation_id FROM cases WHERE assignee IS NULL")" = c2 ]

	# with Marco back, both are served in one run, oldest first, least-open
	rm -rf "$ST"
	cfg_with '.agents.marco.away = false | del(.agents.anna.max_open)'
	{ rec x:2 c2 2026-11-27T21:30:00Z; rec x:1 c1 "$FRI_NIGHT"; } >"$IN"
	route_ok
	serve "$MON_0905"
	[ "$(jq -c '[.route.handover[] | [.conversation_id, .assignee]]' <<<"$output")" = '[["c1","anna"],["c2","marco"]]' ]
}

@test "an agent at max_open gets none; resolving one of her cases hands it over" {
	cfg_with '.agents.anna.max_open = 1'
	{ rec x:0 c0 2026-11-27T15:00:00Z; rec x:1 c1 "$FRI_NIGHT"; } >"$IN"
	route_ok
	rec_is x:0 '.route.assignee == "anna"'
	rec_is x:1 '.route.assignee == null'
	serve "$MON_0905"
	[ -z "$output" ]
	[ "$(sql "SELECT count(*) FROM cases WHERE assignee IS NULL")" -eq 1 ]

	run_split sc-route resolve -c "$CFG" --state "$ST" --now 2026-11-30T08:10:00Z c0
	[ "$status" -eq 0 ]
	[ "$output" = '{"type":"resolve","conversation_id":"c0","route":{"resolved":true,"conversation_id":"c0","case":1,"assignee":"anna","handover":[{"conversation_id":"c1","case":2,"assignee":"anna"}]}}' ]
	[ "$(sql "SELECT assignee FROM cases WHERE conversation_id = 'c1'")" = anna ]
}

@test "a run whose messages are for other queues hands over first, on a line of its own" {
	rec x:1 c1 "$FRI_NIGHT" >"$IN"
	route_ok
	rec x:2 c2 "$MON_0905" '.lang = "en"' >"$IN"
	route_ok --now "$MON_0905" -v
	[ "$(sed -n 1p <<<"$output" | jq -c '[.type, .route.handover[0].conversation_id]')" = '["handover","c1"]' ]
	[ "$(sed -n 2p <<<"$output" | jq -r '.id + " " + .route.queue')" = "x:2 english" ]
	[[ "$stderr" == *"1 routed, 0 outbound, 0 answered, 0 resolved, 0 closed after quiet time, 0 duplicates, 0 without an owner, 1 handed over"* ]]
}

@test "resolve also hands over first what waits in other queues" {
	cfg_with '.queues.english.agents = ["anna"]'
	{ rec x:1 c1 "$FRI_NIGHT"; rec x:3 c3 2026-11-30T08:00:00Z '.lang = "en"'; } >"$IN"
	route_ok
	run_split sc-route resolve -c "$CFG" --state "$ST" --now "$MON_0905" c3
	[ "$status" -eq 0 ]
	[ "$(sed -n 1p <<<"$output")" = '{"type":"handover","route":{"at":"2026-11-30T08:05:00Z","handover":[{"conversation_id":"c1","case":1,"assignee":"anna"}]}}' ]
	[ "$(sed -n 2p <<<"$output" | jq -c '[.type, .route.resolved]')" = '["resolve",true]' ]
}

@test "a waiting case moved to another queue by the customer's next message is handed over there" {
	# Friday 23:00Z: support closed, Sam (New York) and Anna (Rome) off shift.
	# c1 writes in Italian (support), then in English (english queue): it
	# waits in the english queue, and on Monday 09:05 Anna, on shift, gets
	# it before c2, which is new, in the same run
	{
		rec x:1 c1 2026-11-27T23:00:00Z
		rec x:2 c1 2026-11-27T23:10:00Z '.lang = "en"'
		rec x:3 c2 "$MON_0905" '.lang = "en"'
	} >"$IN"
	route_ok
	rec_is x:2 '.route.queue == "english" and .route.assignee == null'
	[ "$(route_of x:3 | jq -c '[.assignee, [.handover[] | .conversation_id]]')" = '["anna",["c1"]]' ]
	[ "$(sql "SELECT count(*) FROM cases WHERE assignee IS NULL")" -eq 0 ]
}

@test "customers who write again while their case waits: every waiting case is still handed over" {
	# c1 and c2 write twice on Friday night; c4 writes on Monday 09:05 in the
	# same run: c1, c2 and c3 go first, oldest first, then c4 (all to anna)
	{
		rec x:1 c1 "$FRI_NIGHT"
		rec x:2 c2 2026-11-27T21:10:00Z
		rec x:3 c1 2026-11-27T21:20:00Z
		rec x:4 c2 2026-11-27T21:30:00Z
		rec x:5 c3 2026-11-27T21:40:00Z
		rec x:6 c4 "$MON_0905"
	} >"$IN"
	route_ok
	[ "$(route_of x:6 | jq -c '[.assignee, [.handover[] | .conversation_id]]')" = '["anna",["c1","c2","c3"]]' ]
	[ "$(sql "SELECT count(*) FROM cases WHERE assignee IS NULL")" -eq 0 ]
}
