#!/usr/bin/env bats
# Spam: a message that does not answer the brand, with promotional cues
# (the lexicon's spam terms) and a link, is spam unless the complaint model
# is sure of a complaint; spam never needs a reply (issue #26).
load ../helper

msg() { # ID TEXT [IN_REPLY_TO_BRAND]
	jq -n -c --arg id "$1" --arg t "$2" --argjson b "${3:-null}" \
		'{id: $id, direction: "in", text: $t} + (if $b == null then {} else {in_reply_to_brand: $b} end)'
}

BTC='@Acme 🚀 Turn $100 into $5,000 in 24h with BTC! DM me now 💰 https://t.co/kcfwG3L55Z'
BOT='@AcmeHelp I made $3,200 this week with this crypto bot, ask me how 👇 https://t.co/x1Yz9AbCd'
PHONE='Win a FREE iPhone!!! click here http://bit.ly/x'

@test "crypto and giveaway promotions with a link are spam, need no reply, and say why" {
	{ msg btc "$BTC"; msg bot "$BOT"; msg phone "$PHONE"; } >"$BATS_TEST_TMPDIR/in"
	run_split sc-classify --marketing Acme "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	for id in btc bot phone; do
		rec_is $id '.class.intent == "spam" and .class.complaint == false and .class.needs_reply == false
			and .class.priority == 4 and .class.wrong_account == false'
	done
	rec_is btc '.class.why | index("intent:spam cues and a link")'
	rec_is bot '.class.why | index("intent:spam cues and a link")'
}

@test "the same words answering the brand are not spam" {
	{ msg btc "$BTC" true; msg bot "$BOT" true; msg phone "$PHONE" true; } >"$BATS_TEST_TMPDIR/in"
	run_split sc-classify "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	for id in btc bot phone; do
		rec_is $id '.class.intent != "spam" and (.class.why | index("intent:spam cues and a link") | not)'
	done
}

@test "a real complaint with a link stays a complaint, and promo words alone make no spam" {
	{ msg order "@AcmeHelp my order 123 never arrived, see https://acme.example/orders/123"
	  msg sure "@AcmeHelp your promo code never worked and my order never arrived, a refund please https://t.co/x"
	  msg promo "@AcmeHelp the promo code from your newsletter does not work at checkout"; } >"$BATS_TEST_TMPDIR/in"
	run_split sc-classify "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	rec_is order '.class.intent == "complaint" and .class.complaint and .class.needs_reply'
	# spam words and a link, but the complaint model is sure: a complaint
	rec_is sure '.class.intent == "complaint" and .class.complaint and .class.needs_reply'
	rec_is promo '.class.intent != "spam" and .class.complaint'
}
