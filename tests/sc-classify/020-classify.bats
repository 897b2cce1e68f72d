#!/usr/bin/env bats
# sc-classify: the class object on records, field by field.
load ../helper

classify() {
	printf '%s\n' "$@" | sc-classify --marketing Mercato
}

@test "every record gets a class with every field, the rest kept byte for byte" {
	line='{"id":"x:1","text":"hello there","n":1.50,"author":{"followers":3}}'
	run_split classify "$line"
	[ "$status" -eq 0 ]
	[[ "$output" == '{"id":"x:1","text":"hello there","n":1.50,"author":{"followers":3},"class":{'* ]]
	rec_is x:1 '.class | has("lang") and has("intent") and has("complaint") and has("sentiment") and has("sentiment_label") and has("topic") and has("priority") and has("vip") and has("wrong_account") and (.why|type=="array")'
}

@test "a second run replaces the class rather than adding one" {
	run_split bash -c 'echo "{\"id\":\"a\",\"text\":\"ok\"}" | sc-classify | sc-classify'
	[ "$(printf '%s' "$output" | grep -o '"class"' | wc -l)" -eq 1 ]
}

@test "language from the text; the source's own lang is kept" {
	run_split classify '{"id":"1","lang":"en","text":"@MercatoHelp il pacco non è mai arrivato https://t.co/x"}' \
		'{"id":"2","text":"no puedo entrar en mi cuenta"}' '{"id":"3","text":"注文が届きません"}'
	rec_is 1 '.lang == "en" and .class.lang == "it"'
	rec_is 2 '.class.lang == "es"'
	rec_is 3 '.class.lang == "ja"'
}

@test "complaints in three languages, with priority and reasons" {
	run_split classify '{"id":"en","text":"@AcmeHelp internet down AGAIN, third time this week, fix it or I cancel"}' \
		'{"id":"it","text":"internet non funziona da tre giorni, ancora nessuna risposta"}' \
		'{"id":"es","text":"me habéis cobrado dos veces la factura, otra vez"}'
	for id in en it es; do
		rec_is $id '.class.intent == "complaint" and .class.complaint == true and .class.priority <= 2'
	done
	rec_is en '.class.why | any(startswith("priority:repeat")) and any(startswith("priority:threat"))'
	rec_is es '.class.topic == "billing"'
}

@test "sentiment: label and score agree, negation and emoji count" {
	run_split classify '{"id":"p","text":"thank you so much, brilliant service 😍"}' \
		'{"id":"n","text":"this is not good at all 😡"}' '{"id":"i","text":"non funziona niente, pessimo"}'
	rec_is p '.class.sentiment_label == "positive" and .class.sentiment > 0.2 and .class.intent == "praise"'
	rec_is n '.class.sentiment_label == "negative" and .class.sentiment < -0.2'
	rec_is i '.class.sentiment_label == "negative"'
	rec_is p '.class.sentiment >= -1 and .class.sentiment <= 1'
}

@test "support, question and spam are told apart" {
	run_split classify '{"id":"s","text":"how do I change the email address on my account?"}' \
		'{"id":"q","text":"do you ship to Ireland?"}' \
		'{"id":"x","text":"follow me and click here to win a free iPhone, link in bio"}'
	rec_is s '.class.intent == "support" and .class.complaint == false and .class.topic == "account"'
	rec_is q '.class.intent == "question"'
	rec_is x '.class.intent == "spam" and .class.priority == 4'
}

@test "VIP from followers or verified, threshold configurable" {
	run_split classify '{"id":"a","text":"hi","author":{"followers":10000}}' '{"id":"b","text":"hi","author":{"followers":9999,"verified":true}}' \
		'{"id":"c","text":"hi","author":{"followers":9999,"verified":false}}' '{"id":"d","text":"hi","author":null}'
	rec_is a '.class.vip' && rec_is b '.class.vip' && rec_is c '.class.vip | not' && rec_is d '.class.vip | not'
	run_split bash -c 'echo "{\"id\":\"c\",\"text\":\"hi\",\"author\":{\"followers\":600}}" | sc-classify --vip-followers 500'
	rec_is c '.class.vip and (.class.why | index("vip:followers>=500"))'
}

@test "wrong account: help asked of a marketing account" {
	run_split classify '{"id":"w","account":"Mercato","text":"my order never arrived, where is it?"}' \
		'{"id":"r","account":"MercatoHelp","text":"my order never arrived, where is it?"}' \
		'{"id":"p","account":"Mercato","text":"love the new collection"}'
	rec_is w '.class.wrong_account'
	rec_is r '.class.wrong_account | not'
	rec_is p '.class.wrong_account | not'
}

@test "a config adds lexicon terms, topics, and rules that set fields" {
	cat >"$BATS_TEST_TMPDIR/c.json" <<-'EOF2'
	{"marketing": ["Brand"],
	 "lexicon": {"en": [["zorp", "val", -3]]},
	 "taxonomy": [{"topic": "loyalty", "keywords": {"en": ["points"], "it": ["punti"]}},
	              {"topic": "press", "if": ".author.handle == \"reporter\""}],
	 "rules": [{"name": "vip-first", "if": ".class.vip and .class.complaint", "set": {"priority": 1, "queue": "vip"}}]}
	EOF2
	run_split bash -c "printf '%s\n' '{\"id\":\"z\",\"text\":\"zorp\"}' '{\"id\":\"l\",\"text\":\"where are my points\"}' \
		'{\"id\":\"h\",\"text\":\"hello\",\"author\":{\"handle\":\"reporter\"}}' \
		'{\"id\":\"v\",\"text\":\"my order never arrived, useless\",\"author\":{\"followers\":50000}}' \
		'{\"id\":\"m\",\"account\":\"brand\",\"text\":\"my order never arrived, help\"}' | sc-classify -c $BATS_TEST_TMPDIR/c.json"
	[ "$status" -eq 0 ]
	rec_is z '.class.sentiment_label == "negative"'
	rec_is l '.class.topic == "loyalty"'
	rec_is h '.class.topic == "press" and (.class.why | index("rule:topic:press"))'
	rec_is v '.class.priority == 1 and .class.queue == "vip" and (.class.why | index("rule:vip-first"))'
	rec_is m '.class.wrong_account'
}

@test "rules see the new class, not an old one; a record's other fields stay as they were" {
	echo '{"rules":[{"name":"old","if":".class.old == true","set":{"x":1}},
	                {"name":"neg","if":".class.sentiment < 0 and .n == 1.50","set":{"y":2}}]}' >"$BATS_TEST_TMPDIR/c.json"
	run_split bash -c "printf '%s\n' '{\"id\":\"a\",\"n\":1.50,\"text\":\"terrible, useless, awful\",\"class\":{\"old\":true}}' \
		'{\"id\":\"b\",\"n\":1.50,\"text\":\"terrible, useless, awful\"}' | sc-classify -c $BATS_TEST_TMPDIR/c.json"
	[ "$status" -eq 0 ]
	rec_is a '(.class | has("old") or has("x") | not) and .class.y == 2'
	rec_is b '(.class | has("x") | not) and .class.y == 2'
	[[ "$(printf '%s\n' "$output" | sed -n 2p)" == '{"id":"b","n":1.50,"text":"terrible, useless, awful","class":{'* ]]
	[ "$(printf '%s\n' "$output" | sed -n 1p | grep -o '"class"' | wc -l)" -eq 1 ]
}

@test "a rule that fails at run time is reported by name; records still flow" {
	echo '{"rules":[{"name":"bad-regex","if":".text | test(\"(\")","set":{"x":1}}]}' >"$BATS_TEST_TMPDIR/c.json"
	run_split bash -c "printf '%s\n' '{\"id\":\"a\",\"text\":\"x\"}' | sc-classify -c $BATS_TEST_TMPDIR/c.json"
	[ "$status" -eq 1 ] # records flow, the run says a rule failed
	[[ "$stderr" == *"rule bad-regex:"* ]]
	rec_is a '.class.x == null'
}

@test "bad lines are reported with their line number, skipped, and exit 1" {
	run_split bash -c "printf '%s\n' '{\"id\":\"a\",\"text\":\"ok\"}' 'not json' '{\"id\":\"b\",\"text\":\"ok\"}' | sc-classify"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *":2:"* ]]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 2 ]
	run_split bash -c "printf '%s\n' '{\"id\":\"a\",\"text\":\"ok\"}' 'not json' '{\"id\":\"b\",\"text\":\"ok\"}' | sc-classify --strict"
	[ "$status" -eq 1 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ]
}

@test "records without text, or with odd types, still get a class" {
	run_split classify '{"id":"a"}' '{"id":"b","text":null,"author":"x"}' '{"id":"c","text":42,"author":{"followers":"many"}}'
	[ "$status" -eq 0 ]
	rec_is a '.class.lang == "und" and .class.intent == "chatter"'
	rec_is c '.class.vip == false'
}

@test "the sample archive passes through sc-fetch and sc-classify" {
	need_shared
	run_split bash -c "sc-fetch csv '$DATA/twcs-sample.csv' 2>/dev/null | sc-classify"
	[ "$status" -eq 0 ]
	f=$(out_file)
	[ "$(wc -l <"$f")" -gt 4900 ]
	jq -e -s 'map(select(.class.complaint)) | length > 300' "$f" >/dev/null
	jq -e -s 'map(.class.lang) | unique | length > 3' "$f" >/dev/null
}

@test "--now: a long wait raises a complaint's priority; wait_hours sets how long" {
	rec='{"id":"w","text":"I was charged twice for my order","created_at":"2026-11-24T01:00:00Z"}'
	run_split bash -c "echo '$rec' | sc-classify"
	rec_is w '.class.priority == 3'
	run_split bash -c "echo '$rec' | sc-classify --now 2026-11-24T09:00:00Z"
	rec_is w '.class.priority == 2 and (.class.why | index("priority:waited 8h"))'
	echo '{"wait_hours": 12}' >"$BATS_TEST_TMPDIR/c.json"
	run_split bash -c "echo '$rec' | sc-classify --now 2026-11-24T09:00:00Z -c $BATS_TEST_TMPDIR/c.json"
	rec_is w '.class.priority == 3'
	run_split sc-classify --now yesterday </dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--now: 'yesterday'"* ]]
}

@test "the brand's own messages (direction out) pass through byte for byte, without a class" {
	out='{"id":"o","direction":"out","text":"@mario  we are sorry, DM us :(" , "n":1.50}'
	run_split classify '{"id":"i","direction":"in","text":"still broken, third time"}' "$out" \
		'{"id":"x","direction":"sideways","text":"hello"}'
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | sed -n 2p)" = "$out" ]
	rec_is i '.class.complaint == true'
	rec_is o 'has("class") | not'
	rec_is x 'has("class")'
	run_split bash -c "printf '%s\n' '$out' | sc-classify -v >/dev/null"
	[[ "$stderr" == *"1 records (1 outbound or not messages, passed through), 0 bad"* ]]
}

@test "sc-route's resolve and hand-over lines pass through byte for byte; a record with neither direction nor such a type is classified" {
	h='{"type":"handover","route":{"at":"2026-11-30T08:05:00Z","handover":[{"conversation_id":"x:1","case":1,"assignee":"anna"}]}}'
	r='{"type":"resolve","conversation_id":"x:1"}'
	run_split classify "$h" "$r" '{"id":"y","type":"other","text":"hello"}'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$h" ]
	[ "${lines[1]}" = "$r" ]
	rec_is y 'has("class")'
}
