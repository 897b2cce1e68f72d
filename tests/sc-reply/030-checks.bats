#!/usr/bin/env bats
# sc-reply: what a reply is checked for — template injection, the tone of
# voice, and the length as each network counts it (exact counts).
load reply_helper

setup() { setup_reply; }

# own ID LANG TEXT [EXTRA]: a record whose reply is the agent's own TEXT.
own() {
	rec "$1" "$2" complaint - public "$(jq -nc --arg t "$3" --argjson e "${4:-{\}}" '{reply: {text: $t}} * $e')"
}

rep() { python3 -c "import sys; print(sys.argv[1] * int(sys.argv[2]), end='')" "$1" "$2"; }

@test "a customer's name or handle with template syntax is never rendered again" {
	{ rec 1 it praise - public '{"author":{"name":"{{agent}} {{case}}"}}'
	  rec 2 it complaint - public '{"author":{"name":"{{{{agent}}","handle":"x{{case}}"}}'; } >"$IN"
	run_split sc-reply -c "$CFG" "$IN"
	[ "$status" -eq 0 ]
	reply_is x:1 '.text == "@mario_rossi Ciao {{agent}} {{case}}, grazie. ^Anna"'
	reply_is x:2 '.text == "@x{{case}} Ciao {{{{agent}}, ci dispiace. ^Anna"'
}

@test "an agent's own text is taken literally, not as a template" {
	own 1 it 'Ciao Mario, il caso {{case}} è tuo. ^Anna' >"$IN"
	run_split sc-reply -c "$CFG" "$IN"
	reply_is x:1 '.text == "@mario_rossi Ciao Mario, il caso {{case}} è tuo. ^Anna"'
}

@test "{{{{ in a template is a literal {{" {
	jq '.languages.it.templates.praise = "Ciao, scrivi {{{{case}} per il numero: {{case}} ^{{agent}}"' "$CFG" >"$BATS_TEST_TMPDIR/c.json"
	rec 1 it praise - >"$IN"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/c.json" "$IN"
	reply_is x:1 '.text == "@mario_rossi Ciao, scrivi {{case}} per il numero: #7 ^Anna"'
}

@test "each tone failure: failed, the reason on the record and on stderr as FILE:LINE, exit 1" {
	{ own 1 it 'Ciao Mario, purtroppo no. ^Anna'
	  own 2 it 'Salve Mario, ecco. ^Anna'
	  own 3 it 'Ciao Mario, ecco.'
	  own 4 it 'Ciao Mario! Ecco! ^Anna'
	  own 5 it 'Ciao Mario, ecco SUBITO. ^Anna'
	  own 6 it 'Ciao Mario, ecco. ^Anna'; } >"$IN"
	run_split sc-reply -c "$CFG" "$IN"
	[ "$status" -eq 1 ]
	reply_is x:1 '.status == "failed" and .error == "reply: tone: banned phrase '"'"'purtroppo'"'"'"'
	reply_is x:2 '.status == "failed" and .error == "reply: tone: no greeting: start with '"'"'Ciao'"'"'"'
	reply_is x:3 '.status == "failed" and (.error | startswith("reply: tone: no signature"))'
	reply_is x:4 '.status == "failed" and .error == "reply: tone: 2 exclamation marks, at most 1"'
	reply_is x:5 '.status == "failed" and .error == "reply: tone: ALL-CAPS word '"'"'SUBITO'"'"'"'
	reply_is x:6 '.status == "drafted" and .error == null'
	[[ "$stderr" == *"sc-reply: $IN:1: reply: tone: banned phrase 'purtroppo'"* ]]
	[[ "$stderr" == *"sc-reply: $IN:5: reply: tone: ALL-CAPS word 'SUBITO'"* ]]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 5 ]
}

@test "a customer's name in capitals with '!!' does not fail the template's tone" {
	rec 1 it complaint - public '{"author":{"name":"MARIO!!! ROSSI"}}' >"$IN"
	run_split sc-reply -c "$CFG" "$IN"
	[ "$status" -eq 0 ]
	reply_is x:1 '.status == "drafted" and .text == "@mario_rossi Ciao MARIO!!!, ci dispiace. ^Anna"'
}

@test "a template's tone is checked once and the same answer holds for every record it drafts" {
	jq '.languages.it.templates.praise = "Ciao, grazie MILLE {{author.first_name}} ^{{agent}}"' "$CFG" >"$BATS_TEST_TMPDIR/c.json"
	{ rec 1 it praise -; rec 2 it complaint -; rec 3 it praise -; } >"$IN"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/c.json" "$IN"
	[ "$status" -eq 1 ]
	reply_is x:1 '.status == "failed" and .error == "reply: tone: ALL-CAPS word '"'"'MILLE'"'"'"'
	reply_is x:2 '.status == "drafted" and .error == null'
	reply_is x:3 '.status == "failed" and .error == "reply: tone: ALL-CAPS word '"'"'MILLE'"'"'"'
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 2 ]
}

@test "a failing invitation fails the whole DM case: nothing of it would be sent" {
	jq '.languages.it.dm_invite = "Ti scriviamo in privato. ^{{agent}}"' "$CFG" >"$BATS_TEST_TMPDIR/c.json"
	rec 1 it complaint - dm >"$IN"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/c.json" "$IN"
	[ "$status" -eq 1 ]
	reply_is x:1 '.status == "failed" and (.error | startswith("invite: tone: no greeting"))'
}

@test "X: 280 weighted characters pass, 281 fail, reported with both counts and never cut" {
	{ own 1 es "@mario_rossi $(rep a 267)"; own 2 es "@mario_rossi $(rep a 268)"; } >"$IN"
	run_split sc-reply -c "$CFG" "$IN"
	[ "$status" -eq 1 ]
	reply_is x:1 '.status == "drafted" and .length == 280 and .limit == 280'
	reply_is x:2 '.status == "failed" and .length == 281 and .error == "reply: too long for x: 281 characters, at most 280"'
	reply_is x:2 '(.text | length) == 281'
	[[ "$stderr" == *"in:2: reply: too long for x: 281 characters, at most 280"* ]]
}

@test "X: CJK and emoji count two, a link 23" {
	{ own 1 es "@mario_rossi $(rep 語 133)"; own 2 es "@mario_rossi $(rep 語 134)"
	  own 3 es "@mario_rossi $(rep 😀 133)"; own 4 es "@mario_rossi $(rep 👨‍👩‍👧 134)"
	  own 5 es "@mario_rossi $(rep a 240) https://example.com/$(rep x 200)"; } >"$IN"
	run_split sc-reply -c "$CFG" "$IN"
	[ "$status" -eq 1 ]
	reply_is x:1 '.status == "drafted" and .length == 279'
	reply_is x:2 '.status == "failed" and .length == 281'
	reply_is x:3 '.status == "drafted" and .length == 279'
	reply_is x:4 '.status == "failed" and .length == 281'
	reply_is x:5 '.status == "drafted" and .length == 277'
}

@test "Mastodon: 500 graphemes, @user@domain counts as @user" {
	m='{"source":"mastodon","author":{"handle":"mario_rossi@mastodon.social"}}'
	{ own 1 es "$(rep a 487)" "$m"; own 2 es "$(rep a 488)" "$m"; own 3 es "$(rep 👨‍👩‍👧 487)" "$m"; } >"$IN"
	run_split sc-reply -c "$CFG" "$IN"
	[ "$status" -eq 1 ]
	reply_is x:1 '.status == "drafted" and .length == 500 and (.text | startswith("@mario_rossi@mastodon.social "))'
	reply_is x:2 '.status == "failed" and .error == "reply: too long for mastodon: 501 characters, at most 500"'
	reply_is x:3 '.status == "drafted" and .length == 500'
}

@test "Bluesky: 300 graphemes (a ZWJ family is one, e + combining accent is one) and 3000 bytes" {
	b='{"source":"bluesky","author":{"handle":"mario.bsky.social"}}'
	{ own 1 es "$(rep é 300)" "$b"; own 2 es "$(rep 👨‍👩‍👧 301)" "$b"; own 3 es "$(rep $'e\xcc\x81' 301)" "$b"
	  own 4 es "$(rep 👨‍👩‍👧 166)" "$b"; own 5 es "$(rep 👨‍👩‍👧 167)" "$b"; } >"$IN"
	run_split sc-reply -c "$CFG" "$IN"
	[ "$status" -eq 1 ]
	reply_is x:1 '.status == "drafted" and .length == 300 and .limit == 300'
	reply_is x:2 '.status == "failed" and .error == "reply: too long for bluesky: 301 characters, at most 300"'
	reply_is x:3 '.status == "failed" and .length == 301'
	# a family is 18 bytes: 166 are 2988, 167 are 3006 (and 300 graphemes would be 5400)
	reply_is x:4 '.status == "drafted" and .length == 166'
	reply_is x:5 '.status == "failed" and .error == "reply: too long for bluesky: 3006 bytes of UTF-8, at most 3000"'
}

@test "X counts as twitter-text: a bare domain is a link, emoji then marks, U+FFFE refused, a.a.a... uncountable" {
	jq '.languages.es.templates.question = "Hola {{author.first_name}}, mira acme.it/help ^{{agent}}"' "$CFG" >"$BATS_TEST_TMPDIR/c.json"
	{ own 1 es "@mario_rossi $(rep a 243) acme.it/help"; own 2 es "@mario_rossi $(rep a 244) acme.it/help"
	  own 3 es "@mario_rossi 😀$(rep $'\xcc\x81' 266)"; own 4 es "@mario_rossi ok "$'\xef\xbf\xbe'
	  own 5 es "@mario_rossi sees http://example.com$(rep だ 120)"
	  rec 6 es question -; own 7 es "@mario_rossi $(rep a. 3000)"; } >"$IN"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/c.json" "$IN"
	[ "$status" -eq 1 ]
	reply_is x:1 '.status == "drafted" and .length == 280'
	reply_is x:2 '.status == "failed" and .length == 281'
	reply_is x:3 '.status == "failed" and .length == 281'
	reply_is x:4 '.status == "failed" and .error == "reply: x refuses the character U+FFFE in a text"'
	reply_is x:5 '.status == "failed" and .length == 281'
	reply_is x:6 '.status == "drafted" and .text == "@mario_rossi Hola Mario, mira acme.it/help ^Anna" and .length == 59'
	reply_is x:7 '.status == "failed" and (.error | startswith("reply: its length for x cannot be counted"))'
}

@test "Mastodon counts as its validator: links need a scheme and end before CJK, @user@host is @user" {
	m='{"source":"mastodon","author":{"handle":"mario_rossi@mastodon.social"}}'
	p="@mario_rossi@mastodon.social"
	{ own 1 es "$p @alice@localhost $(rep a 480)" "$m"; own 2 es "$p #https://example.com $(rep a 466)" "$m"
	  own 3 es "$p https://example.com語語 $(rep a 461)" "$m"
	  own 4 es "$p https://en.wikipedia.org/wiki/Foo_(bar) $(rep a 463)" "$m"
	  own 5 es "$p acme.it/help $(rep a 475)" "$m"; } >"$IN"
	run_split sc-reply -c "$CFG" "$IN"
	[ "$status" -eq 1 ]
	reply_is x:1 '.status == "drafted" and .length == 500'
	reply_is x:2 '.status == "drafted" and .length == 500'
	reply_is x:3 '.status == "drafted" and .length == 500'
	reply_is x:4 '.status == "drafted" and .length == 500'
	reply_is x:5 '.status == "failed" and .length == 501'
}

@test "limits in the configuration replace a network's default" {
	jq '.limits = {"mastodon": 50}' "$CFG" >"$BATS_TEST_TMPDIR/c.json"
	own 1 es "$(rep a 60)" '{"source":"mastodon"}' >"$IN"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/c.json" "$IN"
	[ "$status" -eq 1 ]
	reply_is x:1 '.limit == 50 and .length == 73'
}

@test "a template variable without a value fails the check, naming it and where it comes from" {
	jq '.queues.support.hours = {"en": "Mon-Fri 9am-9pm"}' "$CFG" >"$BATS_TEST_TMPDIR/c.json"
	{ rec 1 it complaint - public '{"route":{"ack":true,"reopens":"2026-11-25T08:00:00Z"}}'
	  rec 2 it complaint billing public '{"route":{"due":null}}'
	  rec 3 it complaint delivery public '{"route":{"case":"7"}}'
	  rec 4 it complaint - public '{"author":{"name":"  Lucia Bianchi"}}'; } >"$IN"
	run_split sc-reply -c "$BATS_TEST_TMPDIR/c.json" "$IN"
	[ "$status" -eq 1 ]
	reply_is x:1 '.status == "failed" and .error == "ack: {{queue.hours}} has no value: queue '\''support'\'' has no \"hours\" for language '\''it'\'' in \"queues\""'
	reply_is x:2 '.status == "failed" and .error == "reply: {{due_local}} has no value: the record has no route.due (an RFC 3339 time)"'
	reply_is x:3 '.status == "failed" and .error == "reply: {{case}} has no value: the record has no route.case"'
	reply_is x:4 '.status == "drafted" and .text == "@mario_rossi Ciao Lucia, ci dispiace. ^Anna"' # the first word, past blanks
	[[ "$stderr" == *"in:1: ack: {{queue.hours}} has no value"* ]]
}

@test "the example replies.json gives every queue of the example routes.json its hours in each language" {
	for q in $(jq -r '.queues | keys[]' "$EXAMPLES/routes.json"); do
		for l in it en es; do
			rec 1 "$l" complaint - public '{"route":{"queue":"'"$q"'","ack":true,"reopens":"2026-11-25T08:00:00Z"}}'
		done
	done >"$IN"
	run_split sc-reply -c "$EXAMPLES/replies.json" --network x "$IN"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	# the marketing queue's ack read "(orari: )" without them
	printf '%s\n' "$output" | jq -e -s 'length == 18 and all(.reply.status == "drafted" and
		(.reply.actions[0] | .action == "ack" and (.text | test("\\(\\)|: \\)") | not)))' >/dev/null
}
