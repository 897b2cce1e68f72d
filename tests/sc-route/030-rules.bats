#!/usr/bin/env bats
# sc-route: rules decide queue, mode and priority; defaults fill the rest.
load route_helper

setup() { setup_route; }


@test "the first matching rule decides and is named" {
	rec x:1 c1 2026-11-24T10:00:00Z >"$IN"
	route
	[ "$status" -eq 0 ]
	rec_is x:1 '.route.queue == "support" and .route.rule == "italian" and (.route | has("rules") | not)'
	rec_is x:1 '.route.priority == 3 and .route.mode == "public" and (.route.case | type) == "number"'
}

@test "a continue rule adds what it sets and the search goes on" {
	rec x:1 c1 2026-11-24T10:00:00Z '.class = {vip: true}' >"$IN"
	route
	rec_is x:1 '.route.rule == "italian" and .route.rules == ["vip", "italian"] and .route.priority == 1'
}

@test "spam gets mode none: no queue, no owner, no due time, no case" {
	rec x:1 c1 2026-11-24T10:00:00Z '.class = {intent: "spam"}' >"$IN"
	route
	rec_is x:1 '.route == {queue: null, assignee: null, mode: "none", priority: 3, due: null, rule: "spam",
		needs_reply: false}'
	[ "$(sqlite3 "$ST/sc.db" 'SELECT count(*) FROM cases')" -eq 0 ]
}

@test "no rule matched: the default queue, and why says so" {
	rec x:1 c1 2026-11-24T10:00:00Z '.lang = "fr"' >"$IN"
	route
	rec_is x:1 '.route.queue == "triage" and .route.rule == null and .route.assignee == null'
	rec_is x:1 '.route.why == "no rule matched: default queue"'
	rec_is x:1 '.route.due == "2026-11-25T10:00:00Z"'
}

@test "default modes: complaints and personal data go to DM, questions public, DMs stay private" {
	{
		rec x:1 c1 2026-11-24T10:00:00Z '.class = {intent: "complaint"}'
		rec x:2 c2 2026-11-24T10:00:00Z '.class = {intent: "support", complaint: true}'
		rec x:3 c3 2026-11-24T10:00:00Z '.text = "ordine 1234 mai arrivato"'
		rec x:4 c4 2026-11-24T10:00:00Z '.text = "scrivetemi a mario.rossi@example.it"'
		rec x:5 c5 2026-11-24T10:00:00Z '.class = {intent: "question"} | .text = "aprite domenica?"'
		rec x:6 c6 2026-11-24T10:00:00Z '.channel = "private"'
	} >"$IN"
	route
	rec_is x:1 '.route.mode == "dm"'
	rec_is x:2 '.route.mode == "dm"'
	rec_is x:3 '.route.mode == "dm" and (.route.why | test("personal data \\(order number\\)"))'
	rec_is x:4 '.route.mode == "dm" and (.route.why | test("email"))'
	rec_is x:5 '.route.mode == "public"'
	rec_is x:6 '.route.mode == "dm"'
}

@test "a rule's mode wins over the defaults" {
	jq '.rules[3].mode = "public"' "$CFG" >"$CFG.new" && mv "$CFG.new" "$CFG"
	rec x:1 c1 2026-11-24T10:00:00Z '.class = {intent: "complaint"}' >"$IN"
	route
	rec_is x:1 '.route.mode == "public"'
}

@test "DM on X to a customer the brand does not follow: follow first" {
	{
		rec x:1 c1 2026-11-24T10:00:00Z '.class = {complaint: true}'
		rec x:2 c2 2026-11-24T10:00:00Z '.class = {complaint: true} | .author.followed = true'
		rec x:3 c3 2026-11-24T10:00:00Z '.class = {complaint: true} | .source = "mastodon"'
		rec x:4 c4 2026-11-24T10:00:00Z
	} >"$IN"
	route
	rec_is x:1 '.route.follow == true'
	rec_is x:2 '.route | has("follow") | not'
	rec_is x:3 '.route | has("follow") | not'
	rec_is x:4 '.route | has("follow") | not'
}

@test "priority comes from the rule, else sc-classify, else 3" {
	{
		rec x:1 c1 2026-11-24T10:00:00Z '.class = {priority: 2}'
		rec x:2 c2 2026-11-24T10:00:00Z '.class = {priority: 2, vip: true}'
	} >"$IN"
	route
	rec_is x:1 '.route.priority == 2'
	rec_is x:2 '.route.priority == 1'
}

@test "works without sc-classify's class" {
	rec x:1 c1 2026-11-24T10:00:00Z 'del(.class)' >"$IN"
	route
	rec_is x:1 '.route.queue == "support" and .route.assignee != null'
}

@test "a rule failing on a record does not match; reported once with the line, counted at the end" {
	jq '.rules = [{"name": "shouty", "if": "(.lang | ascii_downcase) == \"it\"", "queue": "english"}] + .rules' \
		"$CFG" >"$CFG.new" && mv "$CFG.new" "$CFG"
	{
		rec x:1 c1 2026-11-24T10:00:00Z 'del(.lang)'
		rec x:2 c2 2026-11-24T10:00:00Z 'del(.lang)'
		rec x:3 c3 2026-11-24T10:00:00Z
	} >"$IN"
	route
	[ "$status" -eq 1 ] # a failing rule: not a clean run
	[ "$(grep -c "in:1: rule 'shouty'" <<<"$stderr")" -eq 1 ]
	[[ "$stderr" == *"rule 'shouty' failed on 2 records"* ]]
	rec_is x:1 '.route.queue == "triage"'
	rec_is x:3 '.route.queue == "english" and .route.rule == "shouty"'
}

@test "--explain tells on stderr which rules were tried and why; stdout is unchanged" {
	{ rec x:1 c1 2026-11-24T10:00:00Z; rec x:2 c2 2026-11-24T15:00:00Z '.lang = "en"'; } >"$BATS_TEST_TMPDIR/two"
	run_split sc-route -c "$CFG" --state "$ST.plain" "$BATS_TEST_TMPDIR/two"
	plain=$output
	run_split sc-route -c "$CFG" --state "$ST" --explain "$BATS_TEST_TMPDIR/two"
	[ "$status" -eq 0 ]
	[ "$output" = "$plain" ]
	[[ "$stderr" == *"explain "*"two:1 x:1: rule 'spam': no match (false)"* ]]
	[[ "$stderr" == *"two:1 x:1: rule 'vip' (continue): no match (false)"* ]]
	[[ "$stderr" == *"two:1 x:1: rule 'italian': match (true)"* ]]
	[[ "$stderr" == *"two:2 x:2: rule 'english': match (true)"* ]]
	[[ "$stderr" == *"two:2 x:2: rule 'italian': not tried"* ]]
	[[ "$stderr" == *"two:2 x:2: route: {\"queue\":\"english\""* ]]
}
