#!/usr/bin/env bats
# sc-reply --send against the fake X API: a case is posted whole or not at
# all (every act checked before the first is sent), a record without an id
# or with a template variable left empty is never posted, and follows and
# unfollows are per customer: a second customer in a thread is followed in
# their own right, and resolving a case unfollows no one who still has
# another open case routed to DM.
load x_send_helper

setup() { setup_x_send; }

users() { # the users followed, unfollowed or written to by DM, in order
	[ -f "$POSTS" ] || { echo; return; }
	jq -r 'select(.user) | .endpoint + ":" + .user' "$POSTS" | paste -sd' ' -
}

# a customer of conversation x:1861234567890000001 other than Mario (x:42)
lucia() {
	rec 1861234567890000002 it complaint - dm \
		'{"conversation_id":"x:1861234567890000001","author":{"id":"x:43","handle":"lucia_b","name":"Lucia Bianchi"},"route":{"follow":true}}'
}

resolve() { # resolve CONVERSATION
	echo '{"type":"resolve","conversation_id":"'"$1"'","route":{"resolved":true}}' >"$BATS_TEST_TMPDIR/r"
	run_split send --account AcmeHelp "$BATS_TEST_TMPDIR/r"
}

case_row() { # case_row ID CONVERSATION open|resolved: sc-route's case, as its state holds it
	sqlite3 "$ST/sc.db" "INSERT OR REPLACE INTO cases (id, conversation_id, source, customer, status,
		opened_at, updated_at) VALUES ($1, '$2', 'x', 'x:42', '$3', '2026-11-24T10:00:00Z', '2026-11-24T10:00:00Z')"
}

@test "records without an id are bad lines, never posts; the good record is answered" {
	{
		rec 1861234567890000001 it complaint - | jq -c 'del(.id)'
		rec 1861234567890000002 it complaint - | jq -c '.id = 42'
		rec 1861234567890000003 it complaint -
	} >"$IN"
	run_split send "$IN"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"in:1: no id, or an id that is not a string"* ]]
	[[ "$stderr" == *"in:2: no id, or an id that is not a string"* ]]
	[ "$(posts)" = "tweets" ]
	jq -e -s 'length == 1 and .[0].in_reply_to == "1861234567890000003"' "$POSTS" >/dev/null
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ]
	rec_is x:1861234567890000003 '.reply.status == "sent"'
	# and again: still nothing posted for them, nothing reported sent
	run_split send "$IN"
	[ "$status" -eq 1 ]
	[ "$(posts)" = "tweets" ]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.reply.status == "sent") | .id')" = x:1861234567890000003 ]
}

@test "a record without a route: the empty variables fail the check, nothing is posted" {
	rec 1861234567890000001 it complaint delivery | jq -c 'del(.route)' >"$IN"
	run_split send "$IN"
	[ "$status" -eq 1 ]
	[ "$(posts)" = "" ]
	reply_is x:1861234567890000001 '.status == "failed" and (.error | test("\\{\\{case\\}\\} has no value: the record has no route.case"))'
	[[ "$stderr" == *"in:1: reply: {{case}} has no value"* ]]
}

@test "a DM case whose customer is no X user: nothing of the case is posted, not the ack nor the invitation" {
	rec 1861234567890000001 it complaint - dm \
		'{"author":{"id":"x:dav1de_m","handle":"dav1de_m"},"route":{"ack":true,"reopens":"2026-11-25T08:00:00Z"}}' >"$IN"
	run_split send "$IN"
	[ "$status" -eq 1 ]
	[ "$(posts)" = "" ]
	reply_is x:1861234567890000001 '.status == "failed" and
		(.error | test("dm: x: the user id .dav1de_m. is not an X user id \\(nothing of this case was sent\\)")) and
		[.actions[].status] == ["drafted", "drafted", "failed"]'
	[ "$(requests 'true' | wc -l)" -eq 0 ]
}

@test "two customers in one thread routed to DM: each is followed before their own DM" {
	{ rec 1861234567890000001 it complaint - dm '{"route":{"follow":true}}'; lucia; } >"$IN"
	run_split send "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(posts)" = "follow tweets dm follow dm" ]
	[ "$(users)" = "follow:42 dm:42 follow:43 dm:43" ]
	rec_is x:1861234567890000002 '[.reply.actions[] | select(.action == "follow") | .key, .remote_id] ==
		["x:1861234567890000001/follow/to:43", "43"]'
}

@test "resolve unfollows each customer the case followed, but not one with another open DM case; that case's resolve does" {
	{
		rec 1861234567890000001 it complaint - dm '{"route":{"follow":true}}'
		lucia
		# Mario again in a thread of his own, a second case: followed already, so no follow
		rec 1861234567890000005 it complaint - dm '{"route":{"case":8}}'
	} >"$IN"
	run_split send "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(users)" = "follow:42 dm:42 follow:43 dm:43 dm:42" ]
	case_row 7 x:1861234567890000001 resolved
	case_row 8 x:1861234567890000005 open
	resolve x:1861234567890000001
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(users)" = "follow:42 dm:42 follow:43 dm:43 dm:42 unfollow:43" ]
	printf '%s\n' "$output" | jq -e '.reply.status == "sent" and
		[.reply.actions[] | [.key, .status]] == [["x:1861234567890000001/unfollow/to:42", "skipped"],
		                                       ["x:1861234567890000001/unfollow/to:43", "sent"]] and
		(.reply.actions[0].error | test("another open case routed to DM \\(case 8\\)"))' >/dev/null
	resolve x:1861234567890000001
	[ "$(users)" = "follow:42 dm:42 follow:43 dm:43 dm:42 unfollow:43" ]
	# case 8 resolved: its resolve unfollows Mario, whom case 7 followed
	case_row 8 x:1861234567890000005 resolved
	resolve x:1861234567890000005
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(users)" = "follow:42 dm:42 follow:43 dm:43 dm:42 unfollow:43 unfollow:42" ]
	printf '%s\n' "$output" | jq -e '.reply.status == "sent" and
		[.reply.actions[].key] == ["x:1861234567890000005/unfollow/to:42"]' >/dev/null
	resolve x:1861234567890000005
	[ "$(users)" = "follow:42 dm:42 follow:43 dm:43 dm:42 unfollow:43 unfollow:42" ]
}

@test "a ledger written before follows named the customer: its follow stands for that customer only" {
	rec 1861234567890000001 it complaint - dm '{"route":{"follow":true}}' >"$IN"
	old_keys_hold /follow/to:42 /follow 'follow tweets dm' # no /to:ID on the follow
	# Lucia in the same thread is followed all the same
	lucia >"$IN"
	run_split send "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(users)" = "follow:42 dm:42 follow:43 dm:43" ]
	# and the resolve unfollows both, the old follow's customer too
	resolve x:1861234567890000001
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(users)" = "follow:42 dm:42 follow:43 dm:43 unfollow:42 unfollow:43" ]
}
