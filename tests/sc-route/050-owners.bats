#!/usr/bin/env bats
# sc-route: one owner per case — sticky, falling back when the owner is off
# shift or away, load kept even, waiting cases served oldest first,
# resolution, reopening, and idempotency by record id.
load route_helper

setup() { setup_route; }

sql() {
	sqlite3 "$ST/sc.db" "$1"
}

@test "a conversation stays with the agent who got it first" {
	{
		rec x:1 c1 2026-11-24T10:00:00Z
		rec x:2 c2 2026-11-24T10:01:00Z
		rec x:3 c1 2026-11-24T10:02:00Z
	} >"$IN"
	route_ok
	rec_is x:1 '.route.assignee == "anna"'
	rec_is x:2 '.route.assignee == "marco"'
	rec_is x:3 '.route.assignee == "anna" and .route.why == "owner anna kept" and .route.case == 1'
	[ "$(sql 'SELECT count(*) FROM case_owners WHERE case_id = 1')" -eq 1 ]
}

@test "least-open keeps the load even" {
	for i in 1 2 3 4 5 6; do rec x:$i c$i 2026-11-24T10:0$i:00Z; done >"$IN"
	route_ok
	[ "$(printf '%s\n' "$output" | jq -r .route.assignee | sort | uniq -c | awk '{print $1}' | sort -u)" = 3 ]
	[ "$(sql "SELECT open_cases FROM agents WHERE name = 'anna'")" -eq 3 ]
}

@test "round-robin takes turns" {
	for i in 1 2 3 4; do rec x:$i c$i 2026-11-24T15:0$i:00Z '.lang = "en"'; done >"$IN"
	route_ok
	[ "$(printf '%s\n' "$output" | jq -r .route.assignee | tr '\n' ' ')" = "sam anna sam anna " ]
}

@test "round-robin takes turns across batches and runs, also when cases go out in the same second" {
	# every batch, and every run, goes on where the last one stopped; the
	# order is not read back from last_assigned_at, which ties here
	for i in 1 2 3 4; do rec x:$i c$i 2026-11-24T15:01:00Z '.lang = "en"'; done >"$IN"
	route_ok --batch 1
	[ "$(printf '%s\n' "$output" | jq -r .route.assignee | tr '\n' ' ')" = "sam anna sam anna " ]
	for i in 5 6 7; do rec x:$i c$i 2026-11-24T15:01:00Z '.lang = "en"'; done >"$IN"
	route_ok
	[ "$(printf '%s\n' "$output" | jq -r .route.assignee | tr '\n' ' ')" = "sam anna sam " ]
	[ "$(sql "SELECT group_concat(name || '=' || assigned_seq) FROM (SELECT * FROM agents ORDER BY name)")" = \
		"anna=6,sam=7" ]
}

@test "an owner off shift does not keep the case: back to the queue, and why" {
	{
		rec x:1 c1 2026-11-24T15:00:00Z '.lang = "en"'   # 10:00 in New York
		rec x:2 c1 2026-11-24T23:30:00Z '.lang = "en"'   # 18:30: sam has gone home
	} >"$IN"
	route_ok
	rec_is x:1 '.route.assignee == "sam"'
	rec_is x:2 '.route.assignee == "anna" and .route.why == "owner sam is off shift: back to the queue"'
	[ "$(sql "SELECT group_concat(assignee) FROM case_owners WHERE case_id = 1")" = "sam,anna" ]
	[ "$(sql "SELECT open_cases FROM agents WHERE name = 'sam'")" -eq 0 ]
}

@test "an owner who is away does not keep the case" {
	rec x:1 c1 2026-11-24T10:00:00Z >"$IN"
	route_ok
	rec_is x:1 '.route.assignee == "anna"'
	cfg_with '.agents.anna.away = true'
	rec x:2 c1 2026-11-24T11:00:00Z >"$IN"
	route_ok
	rec_is x:2 '.route.assignee == "marco" and .route.why == "owner anna is away: back to the queue"'
}

@test "resolving: a resolve record, sc-route resolve, and a reopened case" {
	{
		rec x:1 c1 2026-11-24T10:00:00Z
		echo '{"id":"r:1","type":"resolve","conversation_id":"c1","created_at":"2026-11-24T11:00:00Z"}'
		rec x:2 c1 2026-11-24T12:00:00Z
	} >"$IN"
	route_ok
	rec_is r:1 '.route.resolved == true and .route.assignee == "anna" and .route.case == 1'
	rec_is x:2 '.route.assignee == "anna" and .route.why == "reopened: owner anna kept"'
	run_split sc-route resolve -c "$CFG" --state "$ST" --now 2026-11-24T13:00:00Z c1 nosuch
	[ "$status" -eq 1 ] # nosuch has no open case
	[ "$(sed -n 1p <<<"$output")" = '{"type":"resolve","conversation_id":"c1","route":{"resolved":true,"conversation_id":"c1","case":1,"assignee":"anna"}}' ]
	[[ "$(sed -n 2p <<<"$output")" == *'"resolved":false'*'no open case'* ]]
	[ "$(sql "SELECT status || ' ' || resolved_at FROM cases")" = "resolved 2026-11-24T13:00:00Z" ]
	[ "$(sql "SELECT open_cases FROM agents WHERE name = 'anna'")" -eq 0 ]
}

@test "under caps a case waits; when an agent frees up the oldest waiting case goes first" {
	cfg_with '.agents.anna.max_open = 1 | .agents.marco.max_open = 1'
	{
		rec x:1 c1 2026-11-24T10:00:00Z
		rec x:2 c2 2026-11-24T10:01:00Z
		rec x:3 c3 2026-11-24T10:02:00Z
		rec x:4 c4 2026-11-24T10:03:00Z
		echo '{"id":"r:1","type":"resolve","conversation_id":"c2","created_at":"2026-11-24T10:30:00Z"}'
		echo '{"id":"r:2","type":"resolve","conversation_id":"c1","created_at":"2026-11-24T10:40:00Z"}'
	} >"$IN"
	route_ok
	rec_is x:3 '.route.assignee == null and (.route.why | test("waits")) and .route.due != null'
	rec_is x:4 '.route.assignee == null'
	rec_is r:1 '.route.handover == [{"conversation_id": "c3", "case": 3, "assignee": "marco"}]'
	rec_is r:2 '.route.handover == [{"conversation_id": "c4", "case": 4, "assignee": "anna"}]'
	[ "$(sql "SELECT assignee FROM cases WHERE conversation_id = 'c3'")" = marco ]
}

@test "off hours: cases wait in the queue (nobody off shift gets one), then are spread by the queue's policy" {
	cfg_with '.agents.anna.shift = {"hours": "Mon-Fri 09:00-21:00", "tz": "Europe/Rome"}
		| .agents.marco.shift = {"hours": "Mon-Fri 13:00-21:00", "tz": "Europe/Rome"}'
	{
		rec x:1 c1 2026-11-24T02:00:00Z
		rec x:2 c2 2026-11-24T02:01:00Z
		rec x:3 c3 2026-11-24T02:02:00Z
		rec x:4 c4 2026-11-24T02:03:00Z
		rec x:5 c5 2026-11-24T12:30:00Z
	} >"$IN"
	route_ok
	for i in 1 2 3 4; do
		rec_is x:$i '.route.assignee == null and .route.ack == true and .route.reopens == "2026-11-24T08:00:00Z"
			and (.route.why | startswith("no agent of queue support available: the case waits for one"))'
	done
	# at 13:30 Rome both are on shift: the four waiting cases go first, oldest
	# first, least-open (ties: whoever was given a case longest ago)
	rec_is x:5 '[.route.handover[] | .assignee] == ["anna", "marco", "anna", "marco"]
		and [.route.handover[] | .conversation_id] == ["c1", "c2", "c3", "c4"]'
	rec_is x:5 '.route.assignee == "anna"'
	[ "$(sql "SELECT count(*) FROM cases WHERE assignee IS NULL")" -eq 0 ]
	[ "$(sql "SELECT why FROM case_owners WHERE case_id = 2 ORDER BY rowid DESC LIMIT 1")" = "oldest waiting case first" ]
}

@test "off hours with \"off_hours\": \"next-shift\": given at once, spread over the coming shifts by the queue's policy" {
	cfg_with '.agents.anna.shift = {"hours": "Mon-Fri 09:00-13:00", "tz": "Europe/Rome"}
		| .agents.marco.shift = {"hours": "Mon-Fri 13:00-21:00", "tz": "Europe/Rome"}
		| .queues.support.off_hours = "next-shift"'
	{
		rec x:1 c1 2026-11-24T05:00:00Z
		rec x:2 c2 2026-11-24T05:01:00Z
		rec x:3 c3 2026-11-24T05:02:00Z
	} >"$IN"
	route_ok
	rec_is x:1 '.route.assignee == "anna" and .route.ack == true'
	rec_is x:1 '.route.why == "nobody of queue support on shift: anna, whose shift starts 2026-11-24T08:00:00Z; queue support closed until 2026-11-24T08:00:00Z"'
	rec_is x:2 '.route.assignee == "marco" and (.route.why | startswith("nobody of queue support on shift: marco, whose shift starts 2026-11-24T12:00:00Z"))'
	rec_is x:3 '.route.assignee == "anna"'

	rm -rf "$ST"
	cfg_with '.queues.support.off_hours = "never"'
	route
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"off_hours 'never': want next-shift or wait"* ]]
}

@test "the same customer within N days goes to the same owner" {
	cfg_with '.sticky = {"customer_days": 7}'
	{
		rec x:1 c1 2026-11-24T10:00:00Z '.author.id = "x:mario"'
		rec x:2 c2 2026-11-24T10:01:00Z
		rec x:3 c3 2026-11-25T10:00:00Z '.author.id = "x:mario"'
	} >"$IN"
	route_ok
	rec_is x:1 '.route.assignee == "anna"'
	rec_is x:3 '.route.assignee == "anna" and .route.why == "same customer as case 1: owner anna kept"'
}

@test "the brand's own messages pass through unchanged and mark the case answered" {
	{
		rec x:1 c1 2026-11-24T10:00:00Z
		rec x:2 c1 2026-11-24T10:30:00Z '.direction = "out" | .author.id = "x:AcmeHelp"'
		rec x:3 c1 2026-11-24T11:00:00Z
	} >"$IN"
	route_ok
	[ "$(sed -n 2p <<<"$output")" = "$(sed -n 2p "$IN")" ]
	rec_is x:1 '.route.due == "2026-11-24T12:00:00Z"'
	rec_is x:3 '.route.due == "2026-11-24T13:00:00Z"'
	[ "$(sql 'SELECT first_response_at FROM cases')" = 2026-11-24T10:30:00Z ]
}

@test "a record seen twice changes nothing the second time" {
	{ rec x:1 c1 2026-11-24T10:00:00Z; rec x:2 c2 2026-11-24T10:01:00Z; rec x:1 c1 2026-11-24T10:00:00Z; } >"$IN"
	route_ok
	# in time order: the copy of x:1 comes out beside it
	[ "$(sed -n 1p <<<"$output")" = "$(sed -n 2p <<<"$output")" ]
	first=$output
	before=$(sql 'SELECT count(*) FROM case_owners; SELECT open_cases FROM agents ORDER BY name; SELECT count(*) FROM routed')
	route_ok
	[ "$output" = "$first" ]
	[ "$(sql 'SELECT count(*) FROM case_owners; SELECT open_cases FROM agents ORDER BY name; SELECT count(*) FROM routed')" = "$before" ]
}
