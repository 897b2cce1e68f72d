#!/usr/bin/env bats
# sc-reply --review as the agent's desk, in a real terminal (tmux): anna has
# six cases of mixed priority (two already answered, one spam), marco one,
# and one waits in a queue nobody works. --mine reviews exactly anna's
# three waiting cases, most urgent first, as sc-route cases --mine lists
# them; every act sending performs is on the screen with its text; a asks
# act by act; v shows the whole conversation; q says how many are left and
# the next review, dry run or not, resumes there.
load review_helper

id_of() { echo "x:$((1700000000000000000 + $1))"; }

setup() {
	command -v tmux >/dev/null || skip "tmux not installed (scripts/deps)"
	send_setup x x_api_v2 SC_X_TOKEN
	TMUX_N=0
	ROUTES=$BATS_TEST_TMPDIR/routes.json
	cat >"$ROUTES" <<JSON
{"agents": {"anna": {"languages": ["en", "it", "es"], "tz": "Europe/Rome"},
            "marco": {"languages": ["en", "it", "es"]}},
 "queues": {"a": {"agents": ["anna"], "sla": "1d"}, "m": {"agents": ["marco"], "sla": "1d"},
            "nobody": {"assign": "none", "sla": "1d"}},
 "rules": [{"name": "marco", "if": ".id == \"$(id_of 7)\"", "queue": "m"},
           {"name": "nobody", "if": ".id == \"$(id_of 8)\"", "queue": "nobody"},
           {"name": "dm", "if": ".id == \"$(id_of 2)\"", "queue": "a", "mode": "dm"},
           {"name": "all", "if": "true", "queue": "a"}],
 "defaults": {"queue": "a"}}
JSON
	# 1 priority 3, 2 priority 1 to DM, 3 priority 2 after an earlier
	# question the brand answered, 4 and 5 answered later, 6 spam, 7 marco's,
	# 8 in a queue nobody works
	routed 8 0 | jq -c 'del(.route) |
		if .id == "'"$(id_of 1)"'" then .class.priority = 3 | .class.intent = "question" | .class.complaint = false
		elif .id == "'"$(id_of 3)"'" then .class.intent = "question" | .class.complaint = false
		elif .id == "'"$(id_of 2)"'" or .id == "'"$(id_of 5)"'" or .id == "'"$(id_of 7)"'" then .class.priority = 1
		elif .id == "'"$(id_of 6)"'" then .class.intent = "spam" | .class.complaint = false | .class.priority = 4
		else . end' >"$BATS_TEST_TMPDIR/msgs.jsonl"
	{
		jq -c --arg c "$(id_of 3)" '{id: "x:9001", source: "x", channel: "public", direction: "in",
			created_at: "2026-11-24T08:00:00Z", author: {id: "x:4203", handle: "customer_3"},
			text: "@AcmeHelp where is my parcel", account: "AcmeHelp", conversation_id: $c, lang: "en",
			class: {lang: "en", intent: "question", priority: 2}}' <<<'{}'
		jq -c --arg c "$(id_of 3)" '{id: "x:9002", source: "x", channel: "public", direction: "out",
			created_at: "2026-11-24T08:30:00Z", author: {id: "x:1", handle: "AcmeHelp"},
			text: "@customer_3 it left the warehouse today", account: "AcmeHelp", conversation_id: $c}' <<<'{}'
		cat "$BATS_TEST_TMPDIR/msgs.jsonl"
		for k in 4 5; do
			jq -c --arg c "$(id_of $k)" --arg id "x:900$k" '{id: $id, source: "x", channel: "public",
				direction: "out", created_at: "2026-11-24T10:00:00Z", author: {id: "x:1", handle: "AcmeHelp"},
				text: "@customer done", account: "AcmeHelp", conversation_id: $c, in_reply_to: $c}' <<<'{}'
		done
	} >"$BATS_TEST_TMPDIR/all.jsonl"
	sc-route -c "$ROUTES" --state "$ST" --now 2026-11-24T10:30:00Z <"$BATS_TEST_TMPDIR/all.jsonl" |
		sc-reply -c "$EXAMPLES/replies.json" --network x >"$BATS_TEST_TMPDIR/in.jsonl"
	export SC_AGENT=anna TZ=UTC NO_COLOR=1
}

# review [OPTION]...: sc-reply --review in a 120x50 tmux pane, as in 200.
review() {
	review_pane 50 "$@"
}

# at POS OF N: message N's draft is on the screen as draft POS of OF.
at() {
	wait_for "draft $1 of $2  $(id_of "$3")" && wait_for '\[y,a,e,d,n,r,v,q,\?\]\? *$'
}

@test "--mine: anna's three waiting cases, most urgent first (as sc-route cases --mine), the rest counted" {
	order=$(sc-route cases -c "$ROUTES" --state "$ST" --mine --format json | jq -r 'select(.state == "waiting") | .conversation_id' | paste -sd' ')
	[ "$order" = "$(id_of 2) $(id_of 3) $(id_of 1)" ]
	review --mine
	at 1 3 2
	on_screen "3 to review for anna, most urgent first; left out: 3 whose case is answered, 2 not this agent's; 1 with no case in the state (spam, or not routed): left out"
	keys n
	at 2 3 3 && keys n
	at 3 3 1 && keys n
	wait_for "exit 0"
	on_screen "0 would be sent (dry-run), 0 edited, 3 skipped, 0 resolved, 0 dealt with before (in a dry run); 3 left: run again to resume"
	# --assignee names the agent the same way; --case and --queue choose too
	review --assignee marco
	at 1 1 7 && keys q
	wait_for "exit 0"
	c4=$(sqlite3 "$ST/sc.db" "SELECT id FROM cases WHERE conversation_id = '$(id_of 4)'")
	review --case "$c4"
	wait_for "nothing to review: 0 to review of case $c4, most urgent first; left out: 1 whose case is answered, 7 not of the case; 1 with no case in the state"
	review --queue nobody
	at 1 1 8 && keys q
	wait_for "exit 0"
}

@test "the screen: the conversation's last turns, the case with its due time in the agent's zone, every act with its text" {
	review --mine --routes "$ROUTES"
	at 1 3 2
	# routed to DM on X: follow, the public "we've DMed you", the DM
	on_screen "draft: dm, template"
	on_screen "1. follow @customer_2 (so that they can write to the brand in private)"
	on_screen "2. invite"
	on_screen "3. dm"
	[ "$(screen | grep -cE '^   [0-9]+ of [0-9]+ characters on x')" -eq 2 ]
	on_screen "waiting, priority 1, queue a, owner anna, due Wed 11-25 10:00 Europe/Rome"
	keys n
	at 2 3 3
	on_screen "conversation: the last 2 turns"
	on_screen "@customer_3, 2026-11-24T08:00:00Z"
	on_screen "brand: @AcmeHelp, 2026-11-24T08:30:00Z"
	on_screen "  @customer_3 it left the warehouse today"
	on_screen "1. reply"
	keys v
	wait_for "any key: back to the draft"
	on_screen "conversation:"
	on_screen "owners:"
	on_screen "$(id_of 3)"
	keys x
	at 2 3 3 && keys q
	wait_for "exit 0"
	on_screen "; 3 left: run again to resume"
}

@test "a case nobody owns: the screen says the draft signs as the brand" {
	review --queue nobody
	at 1 1 8
	on_screen "owner none (waiting in the queue)"
	on_screen "nobody owns this case: {{agent}} signs as the brand (\"*\" in agents: "
	keys q
	wait_for "exit 0"
}

@test "a: act by act, only the acts chosen are sent" {
	review --mine --send
	at 1 3 2 && keys a
	wait_for "act 1 of 3, follow: send it \[y,n,q\]\? *$" && keys y
	wait_for "act 2 of 3, invite: send it" && keys n
	wait_for "act 3 of 3, dm: send it" && keys y
	at 2 3 3 && keys a
	wait_for "act 1 of 1, reply: send it" && keys n
	wait_for "act by act: no act chosen, nothing sent"
	keys q
	wait_for "exit 0"
	on_screen "quit: 1 sent, 0 edited, 0 skipped, 0 resolved, 0 dealt with before; 2 left: run again to resume"
	sleep 0.3 # the fake logs a post after its answer
	[ "$(jq -c 'select(.endpoint == "follow")' "$POSTS" | wc -l)" -eq 1 ]
	[ "$(dms_to 2)" -eq 1 ] && [ "$(tweets_to 2)" -eq 0 ]
	[ "$(tweets_to 3)" -eq 0 ]
}

@test "dry run and --send resume alike after q: the next review starts at the draft after the last one dealt with" {
	review --mine
	at 1 3 2 && keys y
	at 2 3 3 && keys q
	wait_for "exit 0"
	on_screen "quit: 1 would be sent (dry-run), 0 edited, 0 skipped, 0 resolved, 0 dealt with before (in a dry run); 2 left: run again to resume"
	review --mine
	at 1 2 3
	on_screen "2 to review for anna, most urgent first; 1 dealt with before"
	keys r
	at 2 2 1 && keys q
	wait_for "exit 0"
	on_screen "quit: 0 would be sent (dry-run), 0 edited, 0 skipped, 1 resolved, 1 dealt with before (in a dry run); 1 left"
	[ "$(sqlite3 "$ST/sc.db" 'SELECT count(*) FROM ledger')" -eq 0 ]
	# a dry run's choices never hide a draft from a review that sends
	review --mine --send
	at 1 3 2 && keys y
	at 2 3 3 && keys q
	wait_for "exit 0"
	review --mine --send
	at 1 2 3 && keys q
	wait_for "exit 0"
	on_screen "quit: 0 sent, 0 edited, 0 skipped, 0 resolved, 1 dealt with before; 2 left: run again to resume"
	sleep 0.3
	[ "$(dms_to 2)" -eq 1 ]
}

@test "desk options: usage errors" {
	unset SC_AGENT
	run_split sc-reply -c "$EXAMPLES/replies.json" --mine "$BATS_TEST_TMPDIR/in.jsonl"
	[ "$status" -eq 2 ] && [[ $stderr == *"give --review DRAFTS"* ]]
	run_split sc-reply -c "$EXAMPLES/replies.json" --review x --mine --assignee anna
	[ "$status" -eq 2 ] && [[ $stderr == *"--mine and --assignee"* ]]
	run_split sc-reply -c "$EXAMPLES/replies.json" --review x --case nine
	[ "$status" -eq 2 ]
	review --mine
	wait_for "exit 2"
	grep -q -- "--mine: who are you? set SC_AGENT" "$BATS_TEST_TMPDIR/review.err"
	SC_AGENT=nobody review --mine --routes "$ROUTES"
	wait_for "exit 2"
	grep -q -- "'nobody' is no agent of" "$BATS_TEST_TMPDIR/review.err"
	run_split sc-reply --help
	for o in --mine --assignee --queue --case --routes --tz; do
		[[ "$output" == *"$o"* ]] || { echo "help lacks $o"; false; }
		grep -qF -- "${o//-/\\-}" "$BATS_TEST_DIRNAME/../../man/sc-reply.1" || { echo "man lacks $o"; false; }
	done
}
