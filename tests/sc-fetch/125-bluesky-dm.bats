#!/usr/bin/env bats
# sc-fetch bluesky --dm (chat.bsky.convo through the chat proxy) and
# --outbound (app.bsky.feed.getAuthorFeed) against the fake PDS
# (tests/fake/net_bluesky.py): the records, exactly once across cron runs
# through faults, and the conversation sc-reply's DMs go to.
load bluesky

BRAND=did:plc:acmehelp4abcdefghijklmn

@test "bluesky --dm: chat messages as private records in both directions, one conversation per convo" {
	ctl 'add?stream=dm&n=2' >"$BATS_TEST_TMPDIR/in"
	ctl 'add?stream=dmout&n=1' >"$BATS_TEST_TMPDIR/out"
	ctl 'add?stream=dmdel&n=1' >/dev/null
	run_split bf --dm
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 3 ] # the deleted message is no message
	printf '%s\n' "$output" | jq -e -s 'all(keys_unsorted == ["id","source","channel","direction",
		"created_at","author","text","lang","in_reply_to","in_reply_to_brand","url","account","conversation_id"])' >/dev/null
	in1=$(jq -r '.added[0]' "$BATS_TEST_TMPDIR/in")
	out1=$(jq -r '.added[0]' "$BATS_TEST_TMPDIR/out")
	rec_is "bluesky:$in1" '.channel == "private" and .direction == "in" and
		.created_at == "2026-11-22T09:00:07Z" and
		.author.id == "bluesky:did:plc:customer10000000000000000" and
		.author.handle == "customer1.bsky.social" and .author.name == "Customer 1" and
		.text == "hi, order 1 never arrived" and .lang == null and .in_reply_to == null and
		.account == "acme.bsky.social" and (.conversation_id | test("^bluesky:[2-7a-z]{13}$")) and
		.url == "https://bsky.app/messages/" + (.conversation_id | ltrimstr("bluesky:"))'
	# the brand's answer went to the conversation that waited longest: the first
	conv=$(printf '%s\n' "$output" | jq -r --arg id "bluesky:$in1" 'select(.id == $id) | .conversation_id')
	rec_is "bluesky:$out1" '.direction == "out" and .author.id == "bluesky:'$BRAND'" and
		.author.handle == "acme.bsky.social" and .conversation_id == "'"$conv"'"'
	[ "$(printf '%s\n' "$output" | jq -r .conversation_id | sort -u | wc -l)" -eq 2 ]
	# sc-fetch(1)'s example DM has the fields, and the kinds, of a real one
	sed -n '/^A DM looks like this:/,/^\.EE/p' "$BATS_TEST_DIRNAME/../../man/sc-fetch.1" |
		sed '1,3d;$d' | sed 's/\\-/-/g' | jq -c '[paths(type != "object") as $p | [$p, (getpath($p) | type)]]' \
		>"$BATS_TEST_TMPDIR/man"
	printf '%s\n' "$output" | head -1 | jq -c '[paths(type != "object") as $p | [$p, (getpath($p) | type)]]' |
		diff - "$BATS_TEST_TMPDIR/man"
	# every chat request went through the chat proxy (the fake answers none without it)
	[ "$(requests 'select(.path | startswith("/xrpc/chat.")) | .status' | sort -u)" = 200 ]
	requests 'select(.path | endswith("listConvos"))' | grep -q .
	n=$(requests 'select(.path | endswith("getMessages"))' | wc -l)
	run_split bf --dm
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# nothing new: one listConvos, no conversation read again
	sleep 0.3 # the fake logs a request after its answer
	[ "$(requests 'select(.path | endswith("getMessages"))' | wc -l)" -eq "$n" ]
}

@test "bluesky --dm: messages that come while a run reads are the next run's, in every conversation" {
	ctl 'add?stream=dm&n=2' >/dev/null # customers 1 and 2, a conversation each
	bf --dm >"$BATS_TEST_TMPDIR/all"
	ctl 'add?stream=post&n=3' >/dev/null # (k 3 to 5: customer 1 writes next)
	ctl 'add?stream=dm&n=1' >/dev/null # customer 1 again: only that conversation is newer
	# while the run reads customer 1's conversation, customer 2 writes, then
	# customer 1: the later message must not carry the cursor past the earlier
	ctl 'fault?kind=arrive&path=getMessages' >/dev/null
	bf --dm >>"$BATS_TEST_TMPDIR/all"
	bf --dm >>"$BATS_TEST_TMPDIR/all"
	[ "$(jq -r .id "$BATS_TEST_TMPDIR/all" | sort -u | wc -l)" -eq 5 ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/all")" -eq 5 ]
	[ "$(jq -r 'select(.text == "are you there?") | .author.handle' "$BATS_TEST_TMPDIR/all" | sort | tr '\n' ' ')" = \
		"customer1.bsky.social customer2.bsky.social " ]
}

@test "bluesky --outbound: the brand's posts and replies, direction out; its reposts are not its posts" {
	ctl 'add?stream=mention&n=1' >/dev/null
	ctl 'add?stream=post&n=2' >"$BATS_TEST_TMPDIR/posts"
	ctl 'add?stream=repost&n=1' >/dev/null
	run_split bf --outbound
	[ "$status" -eq 0 ]
	[ "$(count)" -eq 3 ]
	P=at://$BRAND/app.bsky.feed.post
	rec_is "bluesky:$P/3l00000000002bb" '.channel == "public" and .direction == "out" and
		.author.id == "bluesky:'$BRAND'" and .text == "We are on it, order 2" and .lang == "en" and
		.in_reply_to == null and .conversation_id == .id and
		.url == "https://bsky.app/profile/acme.bsky.social/post/3l00000000002bb"'
	rec_is "bluesky:$P/3l00000000003bb" '
		.in_reply_to == "bluesky:at://did:plc:customer10000000000000000/app.bsky.feed.post/3l00000000001xx" and
		.conversation_id == .in_reply_to'
	requests 'select(.path | endswith("getAuthorFeed")) | .query' | head -1 |
		jq -e '.actor == ["'$BRAND'"] and .filter == ["posts_with_replies"]' >/dev/null
	run_split bf --outbound
	[ -z "$output" ]
}

# The faults of the other networks' tests, each at a known run (without
# chaos, so its exit status is known), and chaos on a fifth of the requests
# of the other runs: every DM (both ways), brand post, mention and reply
# once.
CHAOS='chaos?rate=0.2&seed=11&kinds=500,502,503,cut,invalid,hang,429' 
@test "bluesky --dm --outbound: 20 cron runs through 429, 502, an expired session and chaos: every message once" {
	ctl 'config?page_size=3' >/dev/null
	ctl 'add?stream=mention&n=2' >>"$BATS_TEST_TMPDIR/added"
	: >"$BATS_TEST_TMPDIR/all"
	codes=
	for i in $(seq 1 20); do
		ctl "add?stream=dm&n=$((i % 3 + 1))" >>"$BATS_TEST_TMPDIR/added"
		ctl "add?stream=dmout&n=$((i % 2))" >>"$BATS_TEST_TMPDIR/added"
		ctl "add?stream=post&n=$((i % 3))" >>"$BATS_TEST_TMPDIR/added"
		ctl "add?stream=reply&n=1" >>"$BATS_TEST_TMPDIR/added"
		ctl "add?stream=repost&n=$((i % 4 == 0))" >/dev/null
		ctl "add?stream=dmdel&n=$((i % 5 == 0))" >/dev/null
		ctl "$CHAOS" >/dev/null
		case $i in
		4) ctl 'fault?kind=429&path=listConvos&wait=600' >/dev/null ;;
		8) ctl 'fault?kind=502&path=getMessages&count=5' >/dev/null ;;
		11) ctl 'fault?kind=429&path=getAuthorFeed&wait=600' >/dev/null ;;
		14) ctl 'config?page_size=3&expire=1' >/dev/null ;;
		esac
		case $i in 4 | 8 | 11 | 14) ctl 'chaos?rate=0' >/dev/null ;; esac
		bf --dm --outbound --max-wait 0 >"$BATS_TEST_TMPDIR/run$i" 2>"$BATS_TEST_TMPDIR/err$i" &&
			rc=0 || rc=$?
		codes="$codes $rc"
		[ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] || [ "$rc" -eq 5 ] || { echo "run $i: exit $rc"; false; }
		case $i in
		4 | 11) [ "$rc" -eq 5 ] && grep -q 'rate limited for' "$BATS_TEST_TMPDIR/err$i" ||
			{ echo "run $i: the 429 gave exit $rc"; false; } ;;
		8) [ "$rc" -eq 4 ] && grep -q 'server error 502' "$BATS_TEST_TMPDIR/err$i" ||
			{ echo "run $i: 502 five times gave exit $rc"; false; } ;;
		14) [ "$rc" -eq 0 ] && grep -q 'logging in again' "$BATS_TEST_TMPDIR/err$i" ||
			{ echo "run $i: the expired session gave exit $rc"; false; } ;;
		esac
		cat "$BATS_TEST_TMPDIR/run$i" >>"$BATS_TEST_TMPDIR/all"
	done
	ctl 'chaos?rate=0' >/dev/null
	bf --dm --outbound >>"$BATS_TEST_TMPDIR/all"
	echo "# exit codes:$codes" >&3
	echo "# faults: $(requests 'select(.fault != null)' | wc -l) of $(wc -l <"$FAKE_LOG") requests" >&3
	jq -r .id "$BATS_TEST_TMPDIR/all" | sort >"$BATS_TEST_TMPDIR/got"
	jq -r '.added[] | "bluesky:" + .' "$BATS_TEST_TMPDIR/added" | sort | diff - "$BATS_TEST_TMPDIR/got"
	# both directions of DMs and the brand's posts were among them
	[ "$(jq -c 'select(.channel == "private" and .direction == "out")' "$BATS_TEST_TMPDIR/all" | wc -l)" -ge 10 ]
	[ "$(jq -c 'select(.channel == "public" and .direction == "out")' "$BATS_TEST_TMPDIR/all" | wc -l)" -ge 15 ]
}

@test "sc-reply's DM to a fetched DM lands in its conversation; the answer joins it; sc-report times the DM" {
	ctl 'add?stream=dm&n=1' >/dev/null
	bf --dm >"$BATS_TEST_TMPDIR/all"
	# routed to DM as sc-route would
	jq -c '. + {class: {lang: "en", intent: "complaint", complaint: true, topic: "delivery",
		priority: 2, vip: false}, route: {queue: "support-en", assignee: "sam", mode: "dm",
		priority: 2, due: "2026-11-25T12:00:00Z", rule: "test", case: 1}}' \
		"$BATS_TEST_TMPDIR/all" >"$BATS_TEST_TMPDIR/routed"
	run_split sc-reply -c "$EXAMPLES/replies.json" --send --state "$ST" --api "$FAKE_URL" \
		--network bluesky --account acme.bsky.social --session "$SESS" "$BATS_TEST_TMPDIR/routed"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | jq -e '.reply.status == "sent"' >/dev/null
	sent=$(printf '%s\n' "$output" | jq -r '.reply.actions[-1].remote_id')
	ctl 'add?stream=dmreply&n=1' >"$BATS_TEST_TMPDIR/answer"
	bf --dm >>"$BATS_TEST_TMPDIR/all"
	conv=$(jq -r 'select(.direction == "in") | .conversation_id' "$BATS_TEST_TMPDIR/all" | sort -u)
	[ "$(printf '%s\n' "$conv" | wc -l)" -eq 1 ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/all")" -eq 3 ]
	# the DM sc-reply sent comes back as the brand's, under the id sc-reply was given
	jq -e -s --arg id "bluesky:$sent" --arg c "$conv" 'map(select(.id == $id)) |
		length == 1 and .[0].direction == "out" and .[0].conversation_id == $c' "$BATS_TEST_TMPDIR/all"
	jq -e -s --arg id "bluesky:$(jq -r '.added[0]' "$BATS_TEST_TMPDIR/answer")" --arg c "$conv" \
		'map(select(.id == $id)) | length == 1 and .[0].direction == "in" and .[0].conversation_id == $c' \
		"$BATS_TEST_TMPDIR/all"
	# first response: the customer's first DM to the brand's DM
	want=$(jq -s '(map(select(.direction == "out"))[0].created_at | fromdate) -
		(map(select(.direction == "in"))[0].created_at | fromdate)' "$BATS_TEST_TMPDIR/all")
	run_split sc-report --by channel --format json "$BATS_TEST_TMPDIR/all"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | jq -e --argjson w "$want" 'select(.channel == "private") |
		.inbound == 2 and .outbound == 1 and .requests == 2 and .answered == 1 and
		.first_response_median_s == $w and $w > 0' >/dev/null
}
