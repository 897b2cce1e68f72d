#!/usr/bin/env bats
# sc-reply --send against the fake X API (tests/fake/net_x.py), the protocol case by case: what reaches
# the "network" (the fake's posts.jsonl), exactly once across re-runs,
# unknown outcomes, refusals, kill -9 between the post and the ledger, and
# two runs at once.
load x_send_helper

setup() { setup_x_send; }

# public replies to n messages, ids 1861234567890000001…
msgs() {
	for i in $(seq "$1"); do rec "186123456789000000$i" it complaint -; done
}

@test "public replies are posted once each; a second run posts nothing and reports the same ids" {
	msgs 3 >"$IN"
	run_split send "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(posts)" = "tweets tweets tweets" ]
	jq -e -s '[.[].in_reply_to] == ["1861234567890000001", "1861234567890000002", "1861234567890000003"]' "$POSTS"
	jq -e -s 'all(.text | startswith("@mario_rossi Ciao Mario, ci dispiace."))' "$POSTS"
	reply_is x:1861234567890000001 '.status == "sent" and (.remote_id | length > 0)'
	first=$(printf '%s\n' "$output" | jq -r '.reply.remote_id' | paste -sd' ' -)
	run_split send "$IN"
	[ "$status" -eq 0 ]
	[ "$(posts)" = "tweets tweets tweets" ]
	[ "$(printf '%s\n' "$output" | jq -r '.reply.remote_id' | paste -sd' ' -)" = "$first" ]
	[ "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM ledger WHERE status = \x27sent\x27").fetchone()[0])' "$ST/sc.db")" -eq 3 ]
}

@test "a sent reply says when: reply.sent_at is the ledger's time of the send, the same on a second run" {
	msgs 2 >"$IN"
	run_split send "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	printf '%s\n' "$output" | jq -e -s 'all(.reply.sent_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$"))'
	printf '%s\n' "$output" | jq -e -s 'all(.reply.actions[] | select(.status == "sent") | .sent_at | type == "string")'
	at=$(printf '%s\n' "$output" | jq -r '.reply.sent_at' | paste -sd' ' -)
	[ "$at" = "$(sqlite3 "$ST/sc.db" "SELECT updated_at FROM ledger WHERE status = 'sent' ORDER BY record_id" | paste -sd' ' -)" ]
	run_split send "$IN"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | jq -r '.reply.sent_at' | paste -sd' ' -)" = "$at" ]
	# a draft (no --send) says nothing of a send
	run_split sc-reply -c "$CFG" --state "$ST" "$IN"
	printf '%s\n' "$output" | jq -e -s 'all(.reply | has("sent_at") | not)'
}

@test "a DM case: follow, public invitation, DM, in that order; resolve unfollows once" {
	rec 1861234567890000001 it complaint delivery dm '{"route":{"follow":true}}' >"$IN"
	run_split send "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(posts)" = "follow tweets dm" ]
	jq -e -s '.[0].user == "42" and .[2].user == "42" and (.[2].text | startswith("Ciao Mario"))' "$POSTS"
	reply_is x:1861234567890000001 '.status == "sent" and ([.actions[].status] | all(. == "sent"))'
	echo '{"type":"resolve","conversation_id":"x:1861234567890000001","route":{"resolved":true,"case":7}}' >"$BATS_TEST_TMPDIR/r"
	run_split send --account AcmeHelp "$BATS_TEST_TMPDIR/r"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(posts)" = "follow tweets dm unfollow" ]
	jq -e -s '.[3].user == "42"' "$POSTS"
	run_split send --account AcmeHelp "$BATS_TEST_TMPDIR/r"
	[ "$(posts)" = "follow tweets dm unfollow" ]
	printf '%s\n' "$output" | jq -e '.reply.status == "sent"'
}

@test "kill -9 between a post and the ledger: the next run looks it up and posts nothing twice" {
	msgs 4 >"$IN"
	SC_TEST_KILL_AFTER_POST=2 send "$IN" >/dev/null 2>&1 || rc=$?
	[ "${rc:-0}" -eq 137 ]
	[ "$(posts)" = "tweets tweets" ]
	run_split send "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(posts)" = "tweets tweets tweets tweets" ]
	jq -e -s '[.[].in_reply_to] | unique | length == 4' "$POSTS"
	[ "$(printf '%s\n' "$output" | jq -r 'select(.reply.status == "sent") | .id' | wc -l)" -eq 4 ]
}

@test "an answer lost after the post was made (500 after): looked up, found, not posted again" {
	msgs 1 >"$IN"
	ctl 'fault?kind=500after&path=/2/tweets$' >/dev/null
	run_split send "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(posts)" = "tweets" ]
	reply_is x:1861234567890000001 '.status == "sent"'
}

@test "a refusal for good (403 on the DM) is failed, recorded, and never tried again" {
	rec 1861234567890000001 it complaint - dm '{"channel":"private"}' >"$IN"
	ctl 'fault?kind=403&path=dm_conversations' >/dev/null
	run_split send "$IN"
	[ "$status" -eq 1 ]
	reply_is x:1861234567890000001 '.status == "failed" and (.error | test("not permitted"))'
	[[ "$stderr" == *"in:1: dm: "* ]]
	run_split send "$IN"
	[ "$status" -eq 1 ]
	[ "$(posts)" = "" ]
	[ "$(grep -c dm_conversations "$FAKE_LOG")" -eq 1 ]
}

@test "a second sc-reply on the same state and account exits at once; the first posts" {
	msgs 1 >"$IN"
	ctl 'fault?kind=hang&path=/2/tweets$' >/dev/null
	send --timeout 3 "$IN" >"$BATS_TEST_TMPDIR/first" 2>&1 &
	first=$!
	for _ in $(seq 100); do # the first holds the lock, and waits on the hanging post
		[ -e "$ST/run-reply-x-AcmeHelp.db" ] && [ -e "$ST/sc.db" ] && break
		sleep 0.05
	done
	run_split send "$IN"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"another sc-reply is already running"* ]]
	wait "$first"
	[ "$(posts)" = "tweets" ]
}

@test "with SC_X_CLIENT_ID: the token is refreshed once a run, posts carry it, the rotated refresh token is kept outside the state" {
	x_refresh_setup
	msgs 2 >"$IN"
	run_split send --refresh-token-file "$REFRESH" --session "$SESS" "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(posts)" = "tweets tweets" ]
	# the first refresh token is spent: the next run must take the rotated one
	rec 1861234567890000009 it complaint - >"$IN"
	run_split send --refresh-token-file "$REFRESH" --session "$SESS" "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(posts)" = "tweets tweets tweets" ]
	[ "$(requests 'select(.path == "/2/oauth2/token")' | wc -l)" -eq 2 ]
	[ "$(requests 'select(.auth != "ok")' | wc -l)" -eq 0 ]
	[ "$(stat -c %a "$SESS")" = 600 ]
	grep -qa 'fake-x-refresh-2' "$SESS"
	! grep -rqa 'fake-x-' "$ST"
	[[ "$output$stderr" != *"fake-x-"* && "$output$stderr" != *"$FAKE_REFRESH"* ]]
}

@test "SC_X_CLIENT_ID without any refresh token: exit 3 before any request, nothing posted" {
	unset SC_X_TOKEN
	export SC_X_CLIENT_ID=fake-client
	msgs 1 >"$IN"
	run_split send --session "$BATS_TEST_TMPDIR/s.db" "$IN"
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"--refresh-token-file"* ]]
	[ "$(posts)" = "" ]
	[ "$(requests 'true' | wc -l)" -eq 0 ]
}

@test "a refresh token the network refuses: exit 4, nothing posted, and the next run with a good one posts once" {
	x_refresh_setup
	printf 'not-the-token\n' >"$REFRESH"
	msgs 1 >"$IN"
	run_split send --refresh-token-file "$REFRESH" --session "$SESS" "$IN"
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"no access token for @AcmeHelp"* ]]
	[[ "$stderr" != *"not-the-token"* ]]
	[ "$(posts)" = "" ]
	printf '%s\n' "$FAKE_REFRESH" >"$REFRESH"
	run_split send --refresh-token-file "$REFRESH" --session "$SESS" "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(posts)" = "tweets" ]
}

@test "two customers in one thread with the same template: each gets a reply to their own post" {
	# 0002 is Lucia's tweet in Mario's thread (conversation 0001)
	{
		msgs 1
		rec 1861234567890000002 it complaint - public \
			'{"conversation_id":"x:1861234567890000001","author":{"id":"x:43","handle":"lucia_b","name":"Lucia Bianchi"}}'
	} >"$IN"
	run_split send "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(posts)" = "tweets tweets" ]
	jq -e -s '[.[].in_reply_to] == ["1861234567890000001", "1861234567890000002"]' "$POSTS"
	printf '%s\n' "$output" | jq -e -s '(map(.reply.remote_id) | unique | length) == 2 and
		map(.reply.actions[0].key) == ["x:1861234567890000001/reply/tpl:it/complaint/to:42",
		                              "x:1861234567890000001/reply/tpl:it/complaint/to:43"]' >/dev/null
	# the same customer writing again in the thread gets no second copy of the same reply
	rec 1861234567890000003 it complaint - public '{"conversation_id":"x:1861234567890000001"}' >"$IN"
	run_split send "$IN"
	[ "$status" -eq 0 ]
	[ "$(posts)" = "tweets tweets" ]
}

@test "a ledger written before replies named the customer: what it recorded holds, nothing is posted twice" {
	msgs 1 >"$IN"
	old_keys_hold /to:42 '' tweets # the key without /to:ID
	printf '%s\n' "$output" | jq -e '.reply.status == "sent" and
		.reply.actions[0].key == "x:1861234567890000001/reply/tpl:it/complaint"' >/dev/null
	# an intent left by the old release is looked up under its own key, not sent again
	sqlite3 "$ST/sc.db" "UPDATE ledger SET status = 'intent', remote_id = NULL"
	run_split send "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(posts)" = "tweets" ]
	[ "$(sqlite3 "$ST/sc.db" "SELECT status FROM ledger")" = sent ]
}
