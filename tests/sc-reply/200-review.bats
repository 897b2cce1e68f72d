#!/usr/bin/env bats
# sc-reply --review driven in a real pseudo-terminal (tmux): ten drafts
# routed by sc-route (cases in the state), reviewed with send, edit through
# a scripted $EDITOR, switch to DM, skip and resolve, against the fake X;
# the fake's post log holds exactly the replies chosen, once each. A tone
# failure after an edit, quit and resume, kill -9 and re-run, and the
# refusal without a terminal.
load review_helper

setup() {
	command -v tmux >/dev/null || skip "tmux not installed (scripts/deps)"
	send_setup x x_api_v2 SC_X_TOKEN
	TMUX_N=0
	ROUTES=$BATS_TEST_TMPDIR/routes.json
	cat >"$ROUTES" <<'JSON'
{"agents": {"sam": {"languages": ["en", "it", "es"]}},
 "queues": {"support-en": {"agents": ["sam"], "sla": "1d"}},
 "rules": [{"name": "dm", "if": ".id == \"x:1700000000000000010\"", "queue": "support-en", "mode": "dm"},
           {"name": "all", "if": "true", "queue": "support-en", "mode": "public"}],
 "defaults": {"queue": "support-en"}}
JSON
	# the editor: EDITOR has an argument (split on blanks): the new text
	cat >"$BATS_TEST_TMPDIR/ed.sh" <<'SH'
#!/bin/sh
cat "$1" >"$2"
SH
	chmod +x "$BATS_TEST_TMPDIR/ed.sh"
	export EDITOR="$BATS_TEST_TMPDIR/ed.sh $BATS_TEST_TMPDIR/new.txt" TMPDIR=$BATS_TEST_TMPDIR
	unset VISUAL
	routed 10 0 | jq -c 'del(.route)' >"$BATS_TEST_TMPDIR/msgs.jsonl"
	sc-route -c "$ROUTES" --state "$ST" <"$BATS_TEST_TMPDIR/msgs.jsonl" >"$BATS_TEST_TMPDIR/in.jsonl"
}

# review [OPTION]...: sc-reply --review in a 120x40 tmux pane; the pane
# stays after the end, showing "exit N". A tmux server (socket) each.
review() {
	review_pane 40 "$@"
}

# at N: message N's draft is on the screen, waiting for a key.
at() {
	wait_for "draft [0-9]+ of [0-9]+ .*x:17000000000000000$(printf %02d "$1")" &&
		wait_for 'Send (this reply|these acts) \[y,a,e,d,n,r,v,q,\?\]\? *$'
}

open_cases() {
	sc-route cases --state "$ST" --format json | jq -r .conversation_id | sort | paste -sd' '
}

@test "ten drafts: send, edit, switch to DM, skip, resolve; the fake got exactly the replies chosen, once each" {
	before=$(open_cases)
	[ "$(echo "$before" | wc -w)" -eq 10 ]
	[ "$(sqlite3 "$ST/sc.db" "SELECT open_cases FROM agents WHERE name = 'sam'")" -eq 10 ]
	echo "Hi Customer, we have found order 2 and it ships today. ^Sam" >"$BATS_TEST_TMPDIR/new.txt"
	review --send
	at 1 && keys y
	# message 2 is in Spanish: an English greeting fails the tone after the
	# edit, y refuses, a second edit fixes it
	at 2 && keys e && wait_for "order 2 and it ships today" &&
		wait_for "NOT SENDABLE: reply: tone: no greeting: start with 'Hola'" && keys y &&
		wait_for "not sendable \\(reply: tone"
	echo "Hola Customer, hemos encontrado el pedido 2. ^Sam" >"$BATS_TEST_TMPDIR/new.txt"
	keys e && wait_for "hemos encontrado" && ! screen | grep -q "NOT SENDABLE" && keys y
	at 3 && keys d && wait_for "draft: dm" && keys y
	at 4 && keys n
	at 5 && keys r
	at 6 && keys y
	at 7 && keys '?' && wait_for "d - switch between a public reply and a DM" && keys n
	at 8 && keys y
	at 9 && keys d && wait_for "draft: dm" && keys d && wait_for "draft: public" && keys y
	at 10 && keys y
	wait_for "exit 0"
	on_screen "7 sent, 1 edited, 2 skipped, 1 resolved, 0 dealt with before"
	sleep 0.3 # the fake logs a post after its answer
	for n in 1 2 6 8 9; do [ "$(tweets_to $n)" -eq 1 ] && [ "$(dms_to $n)" -eq 0 ]; done
	for n in 4 5 7; do [ "$(tweets_to $n)" -eq 0 ] && [ "$(dms_to $n)" -eq 0 ]; done
	[ "$(dms_to 3)" -eq 1 ] && [ "$(tweets_to 3)" -eq 1 ] # the "please DM us" then the DM
	[ "$(dms_to 10)" -eq 1 ] && [ "$(tweets_to 10)" -eq 1 ] # routed to DM: follow first
	[ "$(jq -c 'select(.endpoint == "follow")' "$POSTS" | wc -l)" -eq 1 ]
	jq -r 'select(.in_reply_to == "1700000000000000002") | .text' "$POSTS" |
		grep -qx '@customer_2 Hola Customer, hemos encontrado el pedido 2. ^Sam'
	[ "$(jq -c 'select(.endpoint == "tweets" or .endpoint == "dm")' "$POSTS" | wc -l)" -eq 9 ]
	after=$(open_cases)
	[ "$(echo "$after" | wc -w)" -eq 9 ]
	! echo "$after" | grep -qw x:1700000000000000005
	[ "$(sqlite3 "$ST/sc.db" "SELECT open_cases FROM agents WHERE name = 'sam'")" -eq 9 ]
	# a second review: everything sent is passed over, the rest is asked again
	review --send
	at 4 && keys q
	wait_for "exit 0"
	on_screen "quit: 0 sent, 0 edited, 0 skipped, 0 resolved, 8 dealt with before; 2 left: run again to resume"
	[ "$(jq -c 'select(.endpoint == "tweets" or .endpoint == "dm")' "$POSTS" | wc -l)" -eq 9 ]
}

@test "kill -9 between a post and its ledger write, then a second review: nothing sent twice" {
	export SC_TEST_KILL_AFTER_POST=2
	review --send
	at 1 && keys y
	at 2 && keys y
	wait_for "exit 137"
	unset SC_TEST_KILL_AFTER_POST
	sleep 0.3 # the fake logs a post after its answer
	[ "$(tweets_to 2)" -eq 1 ]
	review --send
	at 2 && wait_for "an earlier run stopped while sending this reply" && keys y
	at 3 && keys q
	wait_for "exit 0"
	on_screen "quit: 1 sent, 0 edited, 0 skipped, 0 resolved, 1 dealt with before"
	sleep 0.3
	[ "$(tweets_to 1)" -eq 1 ] && [ "$(tweets_to 2)" -eq 1 ] && [ "$(tweets_to 3)" -eq 0 ]
}

@test "quit in the middle, Ctrl-C in the middle: what was not sent stays unsent, the next review resumes" {
	review --send
	at 1 && keys y
	at 2 && keys n
	at 3 && keys q
	wait_for "exit 0"
	on_screen "quit: 1 sent, 0 edited, 1 skipped, 0 resolved, 0 dealt with before; 9 left: run again to resume"
	review --send
	at 2 && keys y
	at 3 && tmux -S "$TMUX_SOCK" send-keys C-c
	wait_for "exit 130"
	grep -q "interrupted: nothing more sent; run again to resume" "$BATS_TEST_TMPDIR/review.err"
	review --send
	at 3 && keys q
	wait_for "exit 0"
	on_screen "2 dealt with before"
	sleep 0.3
	[ "$(tweets_to 1)" -eq 1 ] && [ "$(tweets_to 2)" -eq 1 ] && [ "$(tweets_to 3)" -eq 0 ]
	[ "$(jq -c 'select(.endpoint == "tweets" or .endpoint == "dm")' "$POSTS" | wc -l)" -eq 2 ]
}

@test "without --send: y only says it would send; nothing posted, nothing in the ledger" {
	review
	at 1 && on_screen "(dry-run: nothing is sent)" && keys y
	at 2 && keys r
	at 3 && keys q
	wait_for "exit 0"
	on_screen "quit: 1 would be sent (dry-run), 0 edited, 0 skipped, 1 resolved"
	[ ! -s "$POSTS" ] || [ "$(grep -c . "$POSTS")" -eq 0 ]
	[ "$(sqlite3 "$ST/sc.db" 'SELECT count(*) FROM ledger')" -eq 0 ]
	[ "$(open_cases | wc -w)" -eq 10 ]
}

@test "colours on a colour terminal, none with NO_COLOR" {
	review
	at 1
	tmux -S "$TMUX_SOCK" capture-pane -p -e | grep -q $'\033\\['
	export NO_COLOR=1
	review
	at 1
	! tmux -S "$TMUX_SOCK" capture-pane -p -e | grep -q $'\033\\['
}

@test "a message's control characters are not sent to the terminal" {
	jq -c 'if .id == "x:1700000000000000001" then .text = "hi \u001b]0;owned\u0007 there" else . end' \
		"$BATS_TEST_TMPDIR/in.jsonl" >"$BATS_TEST_TMPDIR/in2" && mv "$BATS_TEST_TMPDIR/in2" "$BATS_TEST_TMPDIR/in.jsonl"
	export NO_COLOR=1
	review
	at 1 && on_screen "hi ?]0;owned? there"
}

@test "no terminal: refused with exit 2 and a message" {
	run_split sc-reply -c "$EXAMPLES/replies.json" --review "$BATS_TEST_TMPDIR/in.jsonl" </dev/null
	[ "$status" -eq 2 ]
	[[ $stderr == *"--review needs a terminal on standard input and output"* ]]
	[ -z "$output" ]
	run_split sc-reply -c "$EXAMPLES/replies.json" --review "$BATS_TEST_TMPDIR/in.jsonl" other.jsonl
	[ "$status" -eq 2 ]
	[[ $stderr == *"--review reads its own FILE"* ]]
}

@test "sc-reply's own output reviewed: the same ledger key as --send, the thread shown, resolved cases passed over" {
	# message 3 sent by sc-reply --send beforehand; case 4 resolved by sc-route
	sc-reply -c "$EXAMPLES/replies.json" --network x "$BATS_TEST_TMPDIR/in.jsonl" >"$BATS_TEST_TMPDIR/drafts.jsonl"
	jq -c 'select(.id == "x:1700000000000000003")' "$BATS_TEST_TMPDIR/in.jsonl" |
		sc-reply -c "$EXAMPLES/replies.json" --send --state "$ST" --api "$FAKE_URL" --network x --account AcmeHelp >/dev/null
	sc-route resolve -c "$ROUTES" --state "$ST" x:1700000000000000004 >/dev/null
	cp "$BATS_TEST_TMPDIR/in.jsonl" "$BATS_TEST_TMPDIR/routed.jsonl"
	# the brand's earlier answer in conversation 2, before it in the file
	jq -c 'if .id == "x:1700000000000000002" then
		({id: "x:99", source: "x", direction: "out", conversation_id: .conversation_id,
		  created_at: "2026-11-24T08:00:00Z", author: {handle: "AcmeHelp"},
		  text: "@customer_2 we are on it"}, .) else . end' \
		"$BATS_TEST_TMPDIR/drafts.jsonl" >"$BATS_TEST_TMPDIR/in.jsonl"
	review --send
	at 1 && keys y
	at 2 && on_screen "brand: @AcmeHelp on x" && on_screen "  @customer_2 we are on it" && keys n
	at 5 && keys q
	wait_for "exit 0"
	on_screen "quit: 1 sent, 0 edited, 1 skipped, 0 resolved, 1 dealt with before"
	# --send on the routed message 1 finds the review's reply in the ledger
	run_split sc-reply -c "$EXAMPLES/replies.json" --send --state "$ST" --api "$FAKE_URL" --network x \
		--account AcmeHelp -v "$BATS_TEST_TMPDIR/routed.jsonl"
	rec_is x:1700000000000000001 '.reply.status == "sent"'
	[[ $stderr == *" 2 already in the ledger"* ]]
	sleep 0.3
	[ "$(tweets_to 1)" -eq 1 ] && [ "$(tweets_to 3)" -eq 1 ]
}

@test "a private message stays a DM: d refuses to switch it to public" {
	jq -c 'if .id == "x:1700000000000000001" then .channel = "private" | .route.mode = "dm" else . end' \
		"$BATS_TEST_TMPDIR/in.jsonl" >"$BATS_TEST_TMPDIR/in2" && mv "$BATS_TEST_TMPDIR/in2" "$BATS_TEST_TMPDIR/in.jsonl"
	review
	at 1 && on_screen "draft: dm" && keys d
	wait_for "a private message is answered in private: it stays a DM" && on_screen "draft: dm"
	keys q
	wait_for "exit 0"
}
