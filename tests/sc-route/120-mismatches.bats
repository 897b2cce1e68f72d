#!/usr/bin/env bats
# What sc-route(1) and sc-state(5) say holds: shift and schedule "none"
# (always on, always open) are taken; the routed ledger names each
# record's case.
load route_helper

setup() {
	setup_route
}

sql() {
	sqlite3 "$ST/sc.db" "$1"
}

@test "shift \"none\" and schedule \"none\": accepted, always on and always open" {
	cfg_with '.agents.sam.shift = "none" | .queues.support.schedule = "none"'
	# a Sunday at 03:00 in Rome and New York's night: off every shift and hours
	{
		rec x:1 c1 2026-11-29T02:00:00Z '.lang = "en"'
		rec x:2 c2 2026-11-29T02:00:00Z
	} >"$IN"
	route_ok
	rec_is x:1 '.route.assignee == "sam" and (.route.ack // false) == false'
	rec_is x:2 '.route.queue == "support" and .route.assignee == "anna" and (.route.ack // false) == false'
	rec_is x:2 '.route.due == "2026-11-29T04:00:00Z"'
}

@test "routed.case_id: the case each record opened, joined or resolved (NULL for the brand's own)" {
	{
		rec x:1 c1 2026-11-24T10:00:00Z
		rec x:2 c2 2026-11-24T10:01:00Z
		rec x:3 c1 2026-11-24T10:02:00Z
		rec x:4 c1 2026-11-24T10:03:00Z '.direction = "out" | .author.id = "x:AcmeHelp"'
		echo '{"id":"r:1","type":"resolve","conversation_id":"c2"}'
	} >"$IN"
	route_ok
	[ "$(printf '%s\n' "$output" | jq -r 'select(.id) | "\(.id)=\(.route.case // "-")"' | paste -sd' ')" = \
		"x:1=1 x:2=2 x:3=1 x:4=- r:1=2" ]
	[ "$(sql "SELECT record_id || '=' || coalesce(case_id, '-') FROM routed ORDER BY at, record_id" | paste -sd' ')" = \
		"x:1=1 x:2=2 x:3=1 x:4=- r:1=2" ]
}
