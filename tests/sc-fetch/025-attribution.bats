#!/usr/bin/env bats
# The brand account an inbound tweet is attributed to, in the order
# sc-fetch(1) gives and lib/thread.c follows: reply chain, @mention of a
# known brand, the brand that answered, the first @mention.
load ../helper

@test "an @mention of a known brand wins over the brand that answered; sc-fetch(1) gives that order" {
	local f=$BATS_TEST_TMPDIR/a.csv
	{
		echo 'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id'
		echo '1,Acme,False,Tue Oct 31 22:00:00 +0000 2017,new shoes are out,,'
		echo '2,AcmeHelp,False,Tue Oct 31 22:01:00 +0000 2017,@zed hello,,'
		echo '10,cust,True,Tue Oct 31 22:10:00 +0000 2017,@Acme my order is late,11,'
		echo '11,AcmeHelp,False,Tue Oct 31 22:20:00 +0000 2017,@cust sorry please DM us,,10'
		echo '12,cust,True,Tue Oct 31 22:30:00 +0000 2017,@cust thanks,,11'
	} >"$f"
	run_split sc-fetch csv "$f"
	[ "$status" -eq 0 ]
	rec_is csv:10 '.account == "Acme"'     # mentioned, though AcmeHelp answered
	rec_is csv:12 '.account == "AcmeHelp"' # up the reply chain first
	# the manual states the same order
	order=$(tr '\n' ' ' <"$BATS_TEST_DIRNAME/../../man/sc-fetch.1" |
		grep -o 'found in this order:.*the first @mention' | sed 's/\\-//g; s/\.BR [^ ]* //g')
	[[ "$order" == *"reply chain, an @mention of a known brand"*"a brand tweet that answered it, the first @mention"* ]]
}
