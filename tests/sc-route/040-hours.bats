#!/usr/bin/env bats
# sc-route: due times counted in the queue's open hours (Mon-Fri 09-21
# Europe/Rome, 2 h SLA), out-of-hours acknowledgements, shifts across DST.
load route_helper

setup() { setup_route; }


@test "Friday 20:30 with a 2 h SLA is due Monday 10:30 Rome time" {
	rec x:1 c1 2026-11-27T19:30:00Z >"$IN"
	route_ok
	rec_is x:1 '.route.due == "2026-11-30T09:30:00Z" and (.route | has("ack") | not)'
}

@test "on Saturday the queue is closed: acknowledge, say when it reopens" {
	rec x:1 c1 2026-11-28T10:00:00Z >"$IN"
	route_ok
	rec_is x:1 '.route.ack == true and .route.reopens == "2026-11-30T08:00:00Z"'
	rec_is x:1 '.route.why == "queue support closed until 2026-11-30T08:00:00Z"'
	rec_is x:1 '.route.due == "2026-11-30T10:00:00Z"'
}

@test "a holiday is skipped (Christmas, a Friday)" {
	{ rec x:1 c1 2026-12-24T19:30:00Z; rec x:2 c2 2026-12-25T10:00:00Z; } >"$IN"
	route_ok
	rec_is x:1 '.route.due == "2026-12-28T09:30:00Z"'
	rec_is x:2 '.route.ack == true and .route.reopens == "2026-12-28T08:00:00Z"'
}

@test "deadlines across the clock changes in Rome (29 March, 25 October 2026)" {
	{ rec x:1 c1 2026-03-27T19:30:00Z; rec x:2 c2 2026-10-23T18:30:00Z; } >"$IN"
	route_ok
	rec_is x:1 '.route.due == "2026-03-30T08:30:00Z"'   # 10:30 CEST
	rec_is x:2 '.route.due == "2026-10-26T09:30:00Z"'   # 10:30 CET
}

@test "a queue without a schedule counts calendar time" {
	rec x:1 c1 2026-11-28T10:00:00Z '.lang = "en"' >"$IN"
	route_ok
	rec_is x:1 '.route.queue == "english" and .route.due == "2026-11-28T14:00:00Z" and (.route | has("ack") | not)'
}

@test "--now judges hours and shifts then; the due time still counts from the message" {
	rec x:1 c1 2026-11-24T10:00:00Z >"$IN"
	route_ok --now 2026-11-28T10:00:00Z
	rec_is x:1 '.route.ack == true and .route.due == "2026-11-24T12:00:00Z"'
}

@test "an agent's shift in New York follows its clock change (8 March 2026)" {
	{
		rec x:1 c1 2026-03-09T13:30:00Z '.lang = "en"'   # 09:30 EDT: sam is on
		rec x:2 c2 2026-03-09T12:30:00Z '.lang = "en"'   # 08:30 EDT: sam is not
	} >"$IN"
	route_ok
	rec_is x:1 '.route.assignee == "sam"'
	rec_is x:2 '.route.assignee == "anna"'
}

@test "holidays from an iCalendar file, named relative to the configuration" {
	cp "$TDATA/holidays.ics" "$BATS_TEST_TMPDIR/"
	cfg_with '.schedules.rome = {"hours": "Mon-Fri 09:00-21:00", "tz": "Europe/Rome", "holidays_file": "holidays.ics"}'
	rec x:1 c1 2026-12-24T19:30:00Z >"$IN"   # Thu 20:30; 25 and 26 December are in the file
	route_ok
	rec_is x:1 '.route.due == "2026-12-28T09:30:00Z"'
	cfg_with '.schedules.rome.holidays_file = "nosuch.ics"'
	route
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"schedule 'rome': holidays file $BATS_TEST_TMPDIR/nosuch.ics: cannot read it"* ]]
}
