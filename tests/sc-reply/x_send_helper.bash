# What the sc-reply --send tests against the fake X API (tests/fake/net_x.py)
# share: the fake started, sc-reply sending to it, and what reached the
# "network" (the fake's posts.jsonl).
load reply_helper
load ../fake/fake

setup_x_send() {
	setup_reply
	export FAKE_REFRESH=first-refresh-$RANDOM$RANDOM # the fake's first OAuth refresh token
	fake_setup x x_api_v2
	export SC_X_TOKEN=$FAKE_TOKEN SC_HTTP_BACKOFF_MS=10
	POSTS=$FAKE_DIR/posts.jsonl
}

send() {
	sc-reply -c "$CFG" --send --api "$FAKE_URL" --state "$ST" --timeout 5 "$@"
}

posts() { # the endpoints posted to, in order, one line
	[ -f "$POSTS" ] || { echo; return; }
	jq -r '.endpoint' "$POSTS" | paste -sd' ' -
}

# old_keys_hold FROM TO POSTS: IN is sent (POSTS posted), its ledger keys
# rewritten as the previous release wrote them (FROM replaced by TO), and
# sent again: what the old keys recorded holds, nothing more is posted.
old_keys_hold() {
	run_split send "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(posts)" = "$3" ]
	sqlite3 "$ST/sc.db" "UPDATE ledger SET key = replace(key, '$1', '$2')"
	[ "$(sqlite3 "$ST/sc.db" "SELECT count(*) FROM ledger WHERE instr(key, '$1') > 0")" -eq 0 ]
	run_split send "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(posts)" = "$3" ]
}
