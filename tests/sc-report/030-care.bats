#!/usr/bin/env bats
# sc-report counts what a care team counts (issue 21): requests are messages
# that need a reply, sc-reply's sent replies are answers (once), SLA against
# route.due, business time from the routes file, Facebook's badge.
load ../helper

# rec ID DIR TIME [JSON members...]: one record of conversation x:1, account A
rec() {
	local id=$1 dir=$2 t=$3
	shift 3
	local extra=""
	for m in "$@"; do extra="$extra,$m"; done
	printf '{"id":"%s","direction":"%s","channel":"public","created_at":"%s","conversation_id":"x:1","author":{"id":"%s"},"account":"A"%s}\n' \
		"$id" "$dir" "$t" "$([ "$dir" = in ] && echo x:c || echo x:A)" "$extra"
}

@test "question, answer in 10 min, 'ok thanks!' (needs no reply): 100 % answered, backlog 0; --all-messages counts the thanks" {
	F="$BATS_TEST_TMPDIR/t.jsonl"
	{
		rec x:1 in 2026-11-03T09:00:00Z '"class":{"intent":"question"}'
		rec x:2 out 2026-11-03T09:10:00Z '"in_reply_to":"x:1"'
		rec x:3 in 2026-11-03T09:12:00Z '"in_reply_to":"x:2"' '"class":{"intent":"praise"}'
	} >"$F"
	run_split sc-report --format json "$F"
	[ "$status" -eq 0 ]
	jq -e '.inbound == 2 and .requests == 1 and .answered == 1 and .response_rate == 1
	       and .backlog == 0 and .first_response_median_s == 600' <<<"$output"
	# sc-classify's needs_reply decides over the intent, both ways
	sed -i 's/"intent":"praise"/"intent":"praise","needs_reply":true/' "$F"
	run_split sc-report --format json "$F"
	jq -e '.requests == 2 and .backlog == 1' <<<"$output"
	sed -i 's/"intent":"praise","needs_reply":true/"intent":"question","needs_reply":false/' "$F"
	run_split sc-report --format json "$F"
	jq -e '.requests == 1 and .backlog == 0' <<<"$output"
	run_split sc-report --all-messages --format json "$F"
	jq -e '.requests == 2 and .answered == 1 and .backlog == 1' <<<"$output"
	# the same through --partial and --merge
	sc-report --partial "$F" >"$BATS_TEST_TMPDIR/p"
	run_split sc-report --merge --format json "$BATS_TEST_TMPDIR/p"
	jq -e '.requests == 1 and .backlog == 0' <<<"$output"
	run_split sc-report --merge --all-messages --format json "$BATS_TEST_TMPDIR/p"
	jq -e '.requests == 2 and .backlog == 1' <<<"$output"
}

@test "--by intent: the brand's replies count with the intent they answer, no '-' row" {
	F="$BATS_TEST_TMPDIR/t.jsonl"
	{
		rec x:1 in 2026-11-03T09:00:00Z '"class":{"intent":"question"}'
		rec x:2 out 2026-11-03T09:10:00Z '"in_reply_to":"x:1"'
	} >"$F"
	run_split sc-report --format json --by intent "$F"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	jq -e '.intent == "question" and .inbound == 1 and .outbound == 1' <<<"$output"
}

@test "sc-reply's sent record is the answer, counted once when sc-fetch brings the post back" {
	Q=$(rec x:1 in 2026-11-03T09:00:00Z '"class":{"intent":"question"}')
	S=$(rec x:1 in 2026-11-03T09:00:00Z '"class":{"intent":"question"}' \
		'"reply":{"mode":"public","status":"sent","text":"Hi","remote_id":"99","sent_at":"2026-11-03T09:05:00Z"}')
	B=$(rec x:99 out 2026-11-03T09:05:02Z '"in_reply_to":"x:1"')
	# sc-fetch's record, then sc-reply's (the same message) with its answer
	printf '%s\n%s\n' "$Q" "$S" >"$BATS_TEST_TMPDIR/a.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/a.jsonl"
	[ "$status" -eq 0 ]
	jq -e '.inbound == 1 and .outbound == 1 and .requests == 1 and .answered == 1
	       and .backlog == 0 and .first_response_median_s == 300' <<<"$output"
	# the reply fetched later: the same message (x:99), its own time counts
	printf '%s\n' "$Q" "$S" "$B" >"$BATS_TEST_TMPDIR/b.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/b.jsonl"
	jq -e '.inbound == 1 and .outbound == 1 and .answered == 1 and .first_response_median_s == 302' <<<"$output"
	printf '%s\n' "$B" "$S" "$Q" >"$BATS_TEST_TMPDIR/c.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/c.jsonl"
	jq -e '.inbound == 1 and .outbound == 1 and .answered == 1 and .first_response_median_s == 302' <<<"$output"
	# parts merged give the same
	sc-report --partial "$BATS_TEST_TMPDIR/a.jsonl" >"$BATS_TEST_TMPDIR/p1"
	printf '%s\n' "$B" | sc-report --partial >"$BATS_TEST_TMPDIR/p2"
	run_split sc-report --merge --format json "$BATS_TEST_TMPDIR/p1" "$BATS_TEST_TMPDIR/p2"
	jq -e '.outbound == 1 and .answered == 1 and .first_response_median_s == 302' <<<"$output"
	# without reply.sent_at: answered, with no time of its own
	printf '%s\n' "${S/,\"sent_at\":\"2026-11-03T09:05:00Z\"/}" >"$BATS_TEST_TMPDIR/d.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/d.jsonl"
	jq -e '.answered == 1 and .backlog == 0 and .first_response_median_s == null' <<<"$output"
	# a drafted (not sent) reply answers nothing
	printf '%s\n' "${S/\"sent\"/\"drafted\"}" >"$BATS_TEST_TMPDIR/e.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/e.jsonl"
	jq -e '.answered == 0 and .backlog == 1 and .outbound == 0' <<<"$output"
}

@test "sc-reply's out-of-hours acknowledgement, fetched back, stays an acknowledgement, not the answer" {
	ACKS='"actions":[{"action":"ack","key":"k1","status":"sent","remote_id":"98"},{"action":"reply","key":"k2","status":"%s"}]'
	# the reply held (ack-only): only the acknowledgement went out
	H=$(rec x:1 in 2026-11-03T09:00:00Z "\"reply\":{\"mode\":\"public\",\"status\":\"drafted\",\"held\":true,\"remote_id\":null,$(printf "$ACKS" drafted)}")
	A=$(rec x:98 out 2026-11-03T09:01:00Z '"in_reply_to":"x:1"')
	printf '%s\n' "$A" "$H" >"$BATS_TEST_TMPDIR/h.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/h.jsonl"
	[ "$status" -eq 0 ]
	jq -e '.outbound == 1 and .answered == 0 and .backlog == 1 and .acknowledged == 1' <<<"$output"
	# later the reply: it answers, timed from its own post, not the acknowledgement's
	S=$(rec x:1 in 2026-11-03T09:00:00Z "\"reply\":{\"mode\":\"public\",\"status\":\"sent\",\"remote_id\":\"99\",\"sent_at\":\"2026-11-03T10:00:00Z\",$(printf "$ACKS" sent)}")
	printf '%s\n' "$A" "$H" "$S" >"$BATS_TEST_TMPDIR/s.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/s.jsonl"
	jq -e '.inbound == 1 and .outbound == 2 and .answered == 1 and .acknowledged == 1
	       and .first_response_median_s == 3600' <<<"$output"
	sc-report --partial "$BATS_TEST_TMPDIR/s.jsonl" >"$BATS_TEST_TMPDIR/p"
	[ "$(sc-report --merge --format json "$BATS_TEST_TMPDIR/p")" = "$output" ]
}

# routed ID CONV TIME QUEUE PRIORITY DUE: a routed customer message
routed() {
	printf '{"id":"%s","direction":"in","channel":"public","created_at":"%s","conversation_id":"%s","author":{"id":"x:c%s"},"account":"A","route":{"queue":"%s","priority":%s,"due":"%s"}}\n' \
		"$1" "$3" "$2" "$2" "$4" "$5" "$6"
}
# answer ID CONV TIME REPLY_TO
answer() {
	printf '{"id":"%s","direction":"out","channel":"public","created_at":"%s","conversation_id":"%s","in_reply_to":"%s","author":{"id":"x:A"},"account":"A"}\n' "$1" "$3" "$2" "$4"
}

@test "SLA against route.due: met, missed, overdue now, not yet due; per queue and priority" {
	F="$BATS_TEST_TMPDIR/s.jsonl"
	{
		routed x:1 x:1 2026-11-03T09:00:00Z it 2 2026-11-03T09:30:00Z # answered in time
		answer x:2 x:1 2026-11-03T09:10:00Z x:1
		routed x:3 x:3 2026-11-03T09:00:00Z it 2 2026-11-03T10:00:00Z # answered late
		answer x:4 x:3 2026-11-03T11:00:00Z x:3
		routed x:5 x:5 2026-11-03T09:00:00Z it 3 2026-11-03T10:00:00Z # waiting past due
		routed x:6 x:6 2026-11-03T11:30:00Z en 3 2026-11-03T13:00:00Z # waiting, not yet due
	} >"$F"
	run_split sc-report --format json --now 2026-11-03T12:00:00Z "$F"
	[ "$status" -eq 0 ]
	jq -e '.requests == 4 and .sla_requests == 3 and .sla_met == 1 and .overdue == 1
	       and (.sla_compliance * 3 | round) == 1' <<<"$output"
	run_split sc-report --format json --by queue,priority --now 2026-11-03T12:00:00Z "$F"
	[ "${#lines[@]}" -eq 3 ]
	printf '%s\n' "$output" | jq -e -s 'map({(.queue + "/" + .priority): [.sla_requests, .sla_met, .overdue]}) | add
	       == {"it/2": [2, 1, 0], "it/3": [1, 0, 1], "en/3": [0, 0, 0]}'
	# later, the waiting one is overdue too
	run_split sc-report --format json --now 2026-11-03T14:00:00Z "$F"
	jq -e '.sla_requests == 4 and .overdue == 2' <<<"$output"
	# csv, the table and html carry the figures; partial + merge gives the same bytes
	run_split sc-report --format csv --now 2026-11-03T12:00:00Z "$F"
	[[ "${lines[0]}" == *",sla_requests,sla_met,sla_compliance,overdue,"* ]]
	[[ "${lines[1]}" == *",3,1,0.3333,1,"* ]]
	run_split sc-report --format html --now 2026-11-03T12:00:00Z "$F"
	[[ "$output" == *'<th title="sla_compliance">sla</th>'* && "$output" == *"<td>33%</td>"* ]]
	split -l 3 "$F" "$BATS_TEST_TMPDIR/sp_"
	for p in "$BATS_TEST_TMPDIR"/sp_a?; do sc-report --partial --by queue,priority "$p" >"$p.part"; done
	for f in json csv table html; do
		one=$(sc-report --format $f --by queue,priority --now 2026-11-03T12:00:00Z "$F")
		two=$(sc-report --format $f --by queue,priority --now 2026-11-03T12:00:00Z --merge "$BATS_TEST_TMPDIR"/sp_a?.part)
		[ "$one" = "$two" ]
	done
}

@test "-c routes.json: first responses in each queue's open hours, iCalendar holidays included" {
	cp "$TDATA/holidays.ics" "$BATS_TEST_TMPDIR/"
	cat >"$BATS_TEST_TMPDIR/routes.json" <<'JSON'
{
  "schedules": {"rome": {"hours": "Mon-Fri 09:00-18:00", "tz": "Europe/Rome", "holidays_file": "holidays.ics"}},
  "queues": {"it": {"schedule": "rome", "sla": "2h", "assign": "none"},
             "always": {"sla": "4h", "assign": "none"}},
  "rules": [{"name": "all", "if": "true", "queue": "it"}],
  "defaults": {"queue": "it"}
}
JSON
	F="$BATS_TEST_TMPDIR/b.jsonl"
	{
		# Thu 24 Dec 17:30 Rome, answered Mon 28 Dec 09:30: 30 min on Thursday,
		# Christmas and St Stephen's day closed (the .ics), 30 min on Monday
		routed x:1 x:1 2026-12-24T16:30:00Z it 2 2026-12-28T09:30:00Z
		answer x:2 x:1 2026-12-28T08:30:00Z x:1
		# a queue without hours is always open
		routed x:3 x:3 2026-12-24T16:30:00Z always 3 2026-12-24T20:30:00Z
		answer x:4 x:3 2026-12-24T17:30:00Z x:3
		# routed to no queue: the file's default queue
		printf '%s\n' '{"id":"x:5","direction":"in","channel":"public","created_at":"2026-12-24T16:30:00Z","conversation_id":"x:5","author":{"id":"x:e"},"account":"A"}'
		answer x:6 x:5 2026-12-28T08:30:00Z x:5
	} >"$F"
	run_split sc-report -c "$BATS_TEST_TMPDIR/routes.json" --by queue --format json "$F"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | jq -e -s 'map({(.queue): [.first_response_median_s, .business_first_response_median_s]}) | add
	       == {"it": [316800, 3600], "always": [3600, 3600], "": [316800, 3600]}'
	run_split sc-report --config "$BATS_TEST_TMPDIR/routes.json" --format table "$F"
	[[ "${lines[0]}" == *"b.median"* ]]
	echo '{"queues": {"x": {"schedule": "nope"}}}' >"$BATS_TEST_TMPDIR/bad.json"
	run_split sc-report -c "$BATS_TEST_TMPDIR/bad.json" "$F"
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"bad.json"* ]]
	[ -z "$output" ]
}

# dm ID TIME [ANSWER_TIME]: a private request, answered at ANSWER_TIME
dm() {
	printf '{"id":"x:%s","direction":"in","channel":"private","created_at":"%s","conversation_id":"x:%s","author":{"id":"x:c%s"},"account":"A"}\n' "$1" "$2" "$1" "$1"
	[ -z "${3:-}" ] || printf '{"id":"x:%s.r","direction":"out","channel":"private","created_at":"%s","conversation_id":"x:%s","author":{"id":"x:A"},"account":"A"}\n' "$1" "$3" "$1"
}

@test "Facebook's badge: private messages of the last 7 days, >= 90 % answered, median <= 15 min" {
	F="$BATS_TEST_TMPDIR/d.jsonl"
	{
		for i in 1 2 3 4 5 6 7 8 9; do dm $i "2026-11-0${i}T10:00:00Z" "2026-11-0${i}T10:0${i}:00Z"; done
		dm 10 2026-11-09T11:00:00Z                      # waiting
		dm 11 2026-10-20T10:00:00Z                      # older than 7 days, waiting
	} >"$F"
	# 3-9 Nov 12:00: requests 3..10, 7 answered of 8 (87.5 %) in 3..9 min
	run_split sc-report --format json --now 2026-11-09T12:00:00Z "$F"
	[ "$status" -eq 0 ]
	jq -e '.private_requests_7d == 8 and .private_response_rate_7d == 0.875
	       and .private_first_response_median_7d_s == 360 and .very_responsive == false' <<<"$output"
	# 10 Nov 11:00: requests 4..10 (the one of 3 Nov is 7 days old), 6 of 7: still below 90 %
	run_split sc-report --format json --now 2026-11-10T11:00:00Z "$F"
	jq -e '.private_requests_7d == 7 and .very_responsive == false' <<<"$output"
	# answer the waiting one in 5 min: 8 of 8, median 5m30s
	dm 10 2026-11-09T11:00:00Z 2026-11-09T11:05:00Z | tail -1 >>"$F"
	run_split sc-report --format json --now 2026-11-09T12:00:00Z "$F"
	jq -e '.private_response_rate_7d == 1 and .private_first_response_median_7d_s == 330
	       and .very_responsive == true' <<<"$output"
	run_split sc-report --format csv --now 2026-11-09T12:00:00Z "$F"
	[[ "${lines[1]}" == *",8,1,330,true" ]]
	# every one answered, but in 20 minutes: not very responsive
	sed -i -E 's/"(2026-11-0[0-9])T10:0[0-9]:00Z","conversation_id":"x:([0-9])","author":\{"id":"x:A"/"\1T10:20:00Z","conversation_id":"x:\2","author":{"id":"x:A"/; s/T11:05:00Z/T11:20:00Z/' "$F"
	run_split sc-report --format json --now 2026-11-09T12:00:00Z "$F"
	jq -e '.private_response_rate_7d == 1 and .private_first_response_median_7d_s == 1200
	       and .very_responsive == false' <<<"$output"
	# no private messages: no badge either way
	{ rec x:1 in 2026-11-03T09:00:00Z; answer x:2 x:1 2026-11-03T09:10:00Z x:1; } >"$BATS_TEST_TMPDIR/p.jsonl"
	run_split sc-report --format json "$BATS_TEST_TMPDIR/p.jsonl"
	jq -e '.answered == 1 and .private_requests_7d == 0 and .very_responsive == null' <<<"$output"
}

@test "html: the period and the zone, every day of the span with its year, no nan, a chart of the --by groups; --coverage is html" {
	F="$BATS_TEST_TMPDIR/h.jsonl"
	{
		rec x:1 in 2026-12-30T09:00:00Z
		# nothing on 31 December; a message on 1 January nobody answers
		printf '%s\n' '{"id":"x:7","direction":"in","channel":"public","created_at":"2027-01-01T09:00:00Z","conversation_id":"x:7","author":{"id":"x:z"},"account":"B"}'
		rec x:2 out 2027-01-02T09:00:00Z '"in_reply_to":"x:1"'
		# a brand's own post, answering nobody: account C has no request
		printf '%s\n' '{"id":"x:8","direction":"out","channel":"public","created_at":"2026-12-30T10:00:00Z","conversation_id":"x:8","author":{"id":"x:C"},"account":"C"}'
	} >"$F"
	run_split sc-report --format html --tz Europe/Rome --by account "$F"
	[ "$status" -eq 0 ]
	[[ "$output" == *"From 2026-12-30 to 2027-01-02; days and hours in time zone Europe/Rome."* ]]
	[[ "$output" == *"<title>2026-12-31: 0 inbound"* ]]
	[[ "$output" == *">2026-12-30</text>"* && "$output" == *">2027-01-02</text>"* ]]
	[ "$(grep -ciE '(^|[^a-z])-?nan([^a-z]|$)' <<<"$output")" -eq 0 ] # "unanswered" is no nan
	[[ "$output" == *"<h2>Requests and answers by account</h2>"* ]]
	[[ "$output" == *'>A</text>'* && "$output" == *'>B</text>'* ]]
	# within one year: the days without it
	rec x:1 in 2026-11-03T09:00:00Z | sc-report --format html >"$BATS_TEST_TMPDIR/one.html"
	grep -q '>11-03</text>' "$BATS_TEST_TMPDIR/one.html"
	run_split sc-report --coverage --format html --tz Europe/Rome "$F"
	[ "$status" -eq 0 ]
	[[ "$output" == "<!DOCTYPE html>"* && "$output" == *"</html>" ]]
	[ "$(grep -c '<svg' <<<"$output")" -eq 1 ]
	[[ "$output" == *"time zone Europe/Rome"* ]]
}
