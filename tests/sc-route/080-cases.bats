#!/usr/bin/env bats
# sc-route cases, assign and resolve: the agent's list of open cases from
# the state store, and the owner history kept when cases change hands.
load route_helper

NOW=2026-11-24T12:02:00Z

sql() {
	sqlite3 "$ST/sc.db" "$1"
}

# Five cases routed at 10:00-10:03Z (Rome open): due 2 h later in the
# support queue, 4 h in english. c5 has c1's due time and a higher priority.
setup() {
	setup_route
	{
		rec x:1 c1 2026-11-24T10:00:00Z
		rec x:2 c2 2026-11-24T10:01:00Z '.class.vip = true'
		rec x:3 c3 2026-11-24T10:02:00Z '.lang = "en" | .class.complaint = true | .channel = "private"'
		rec x:4 c4 2026-11-24T10:03:00Z '.class.intent = "complaint"'
		rec x:5 c5 2026-11-24T10:00:00Z '.class.priority = 1 | .author.handle = "maria_ñ"'
	} >"$IN.all"
	# a run each: a run routes its records in time order, and the case
	# numbers and owners here follow the lines' order
	while IFS= read -r line; do
		printf '%s\n' "$line" >"$IN"
		route_ok
	done <"$IN.all"
}

# cases [OPTION]...: sc-route cases on the test's state at $NOW.
cases() {
	run_split sc-route cases --state "$ST" --now "$NOW" "$@"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
}

# ids: the case numbers of $output (JSON lines), in order, on one line.
ids() {
	printf '%s\n' "$output" | jq -r .case | paste -sd' '
}

@test "cases: JSON lines when piped, most urgent first (priority, then due time)" {
	cases
	[ "$(ids)" = "5 2 1 4 3" ]
	printf '%s\n' "$output" | head -1 | jq -e '.case == 5 and .conversation_id == "c5"
		and .customer == "maria_ñ" and .customer_id == "x:c-c5" and .network == "x"
		and .channel == "public" and .lang == "it" and .priority == 1 and .queue == "support"
		and .assignee == "anna" and .due == "2026-11-24T12:00:00Z" and .waited == 7320
		and .overdue == true and .state == "waiting" and .last_message == "hello"' >/dev/null
	rec_json() { printf '%s\n' "$output" | jq -c "select(.case == $1)"; }
	rec_json 3 | jq -e '.channel == "private" and .complaint == true and .overdue == false
		and .queue == "english"' >/dev/null
}

@test "cases: each filter" {
	cases --assignee marco
	[ "$(ids)" = "2 4" ]
	cases --queue english
	[ "$(ids)" = "3" ]
	cases --overdue
	[ "$(ids)" = "5 2 1" ]
	cases --vip
	[ "$(ids)" = "2" ]
	cases --complaints
	[ "$(ids)" = "4 3" ]
	cases --assignee anna --overdue
	[ "$(ids)" = "5 1" ]
	cases --queue nosuch
	[ -z "$output" ]
}

@test "cases --mine: SC_AGENT, else \$USER when the config has that agent" {
	SC_AGENT=marco cases --mine
	[ "$(ids)" = "2 4" ]
	SC_AGENT= USER=anna cases --mine -c "$CFG"
	[ "$(ids)" = "5 1 3" ]
	SC_AGENT= USER=nobody run_split sc-route cases --state "$ST" --mine -c "$CFG"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"set SC_AGENT"* ]]
	run_split sc-route cases --state "$ST" --mine --assignee anna
	[ "$status" -eq 2 ]
}

@test "cases: the table, with overdue cases marked and due times in the reader's zone" {
	cases --format table --width 200
	[ "${lines[0]}" = "case  state    customer  network  channel  lang  intent     prio  queue    owner  waited  due              late     last message" ]
	[ "${lines[1]}" = "5     waiting  maria_ñ   x        public   it    -          1     support  anna   2h02m   Tue 11-24 12:00  OVERDUE  hello" ]
	[[ "${lines[4]}" == "4     waiting  cc4"*"complaint  3     support  marco  1h59m   Tue 11-24 12:03"* ]]
	[[ "${lines[4]}" != *OVERDUE* ]]
	[ "${#lines[@]}" -eq 6 ]
	TZ=America/New_York cases --format table --width 200
	[[ "${lines[1]}" == *"Tue 11-24 07:00  OVERDUE  hello" ]]
	TZ=America/New_York cases --format table --tz Asia/Tokyo --width 200
	[[ "${lines[1]}" == *"Tue 11-24 21:00  OVERDUE  hello" ]]
}

@test "cases: an agent's list shows due times in the agent's zone (its tz, else its shift's)" {
	cfg_with '.agents.marco.tz = "Europe/Rome"'
	TZ=UTC cases -c "$CFG" --assignee marco --format csv
	[ "${lines[1]}" = "2,waiting,cc2,x,public,it,,1,support,marco,2h01m,2026-11-24T13:01:00+01:00,yes,hello" ]
	run_split sc-route assign -c "$CFG" --state "$ST" --now "$NOW" 3 sam
	TZ=UTC cases -c "$CFG" --assignee sam --format csv   # sam's shift is in New York
	[[ "${lines[1]}" == "3,waiting,cc3,"*",2026-11-24T09:02:00-05:00,no,hello" ]]
	TZ=UTC cases -c "$CFG" --queue english --format json
	printf '%s\n' "$output" | jq -e '.due_local == "2026-11-24T14:02:00+00:00"' >/dev/null
	cfg_with '.agents.marco.tz = "Mars/Olympus"'
	run_split sc-route cases --state "$ST" -c "$CFG"
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"agent 'marco': tz"* ]]
	run_split sc-route cases --state "$ST" --tz Mars/Olympus
	[ "$status" -eq 2 ]
}

@test "cases --format csv: a header and quoted fields, as sc-report writes them" {
	rec x:6 c6 2026-11-24T10:04:00Z '.author.handle = "a,\"b\"" | .text = "line 1\nline, 2"' >"$IN"
	route_ok
	cases --format csv --queue support
	[ "${lines[0]}" = "case,state,customer,network,channel,lang,intent,prio,queue,owner,waited,due,late,last message" ]
	[ "${lines[1]}" = "5,waiting,maria_ñ,x,public,it,,1,support,anna,2h02m,2026-11-24T12:00:00+00:00,yes,hello" ]
	[ "${lines[5]}" = '6,waiting,"a,""b""",x,public,it,,3,support,marco,1h58m,2026-11-24T12:04:00+00:00,no,"line 1' ]
	[ "${lines[6]}" = 'line, 2"' ]
}

@test "cases: a table on a terminal, JSON lines in a pipe" {
	run script -qc "env TZ=UTC sc-route cases --state '$ST' --now $NOW" /dev/null
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "case  state    customer"* ]]
	[[ "$output" == *OVERDUE* ]]
	run sh -c "sc-route cases --state '$ST' --now $NOW | head -1"
	[[ "$output" == '{"case":5,'* ]]
}

# chars: the longest line of $output in characters (UTF-8).
chars() {
	printf '%s\n' "$output" | perl -CSD -ne 'chomp; $m = length if length > $m; END { print $m + 0 }'
}

# row N: the table's line of case N in $output.
row() {
	printf '%s\n' "$output" | grep "^$1 "
}

@test "cases: the table fits the width (--width, else the terminal's, else COLUMNS, else 80): the text is cut, no row wraps" {
	long="my order 123 never came, I wrote three times, nobody answers, this is the worst service I have ever had"
	rec x:6 c6 2026-11-24T10:04:00Z ".text = \"$long\"" >"$IN"
	route_ok
	cases --format table --width 100
	[ "${#lines[@]}" -eq 7 ] && [ "$(chars)" -le 100 ]
	[[ "$(row 6)" == "6     waiting  cc6"*"  my order 123 never came"*"…" ]]
	cases --format table --width 100 --queue support
	[[ "${lines[0]}" == *"last message" ]] # the header is cut only when the column is narrower
	COLUMNS=90 cases --format table
	[ "$(chars)" -eq 90 ] && [[ "$(row 6)" == *"…" ]] && [[ "$(row 5)" == *"OVERDUE  hello" ]]
	COLUMNS= cases --format table
	[ "$(chars)" -eq 80 ]
	cases --format table --width 300
	[[ "$(row 6)" == *"  $long" ]] # wide enough: the whole text
	cases --format json --width 40 --queue support
	[ "$(printf '%s\n' "$output" | jq -r 'select(.case == 6) | .last_message')" = "$long" ]
	# on a terminal 70 wide, each row takes one line of the screen
	command -v tmux >/dev/null || skip "tmux not installed (scripts/deps)"
	sock=$BATS_TEST_TMPDIR/tmux.sock
	tmux -S "$sock" new-session -d -x 70 -y 30 \
		"env TZ=UTC sc-route cases --state '$ST' --now $NOW; echo done; sleep 600"
	for _ in $(seq 100); do
		tmux -S "$sock" capture-pane -p | grep -q '^done' && break
		sleep 0.05
	done
	run tmux -S "$sock" capture-pane -p
	tmux -S "$sock" kill-server
	[ "${lines[0]:0:13}" = "case  state  " ] && [ "${lines[7]}" = done ]
	[[ "$(row 6)" == *"…" ]] && [[ "$(row 5)" == *OVERDUE* ]] && [ "$(chars)" -le 70 ]
}

@test "cases: answered cases show no wait and sort last; resolved cases are gone" {
	rec x:9 c1 2026-11-24T10:30:00Z '.direction = "out" | .author.id = "x:AcmeHelp"' >"$IN"
	route_ok
	cases
	[ "$(ids)" = "5 2 4 3 1" ]
	printf '%s\n' "$output" | jq -c 'select(.case == 1)' | jq -e '.waited == null and .due == null
		and .overdue == false and .state == "answered"' >/dev/null
	run_split sc-route resolve -c "$CFG" --state "$ST" --now "$NOW" c2 '#4' 3
	[ "$status" -eq 0 ]
	rec_is() { :; }
	[ "$(printf '%s\n' "$output" | jq -r '[.conversation_id, .route.resolved, .route.case] | @tsv' | paste -sd' ')" = \
		"$(printf 'c2\ttrue\t2 c4\ttrue\t4 c3\ttrue\t3')" ]
	cases
	[ "$(ids)" = "5 1" ]
	# a case number that does not exist is not a case
	run_split sc-route resolve -c "$CFG" --state "$ST" --now "$NOW" 99
	printf '%s\n' "$output" | jq -e '.route.resolved == false' >/dev/null
}

@test "assign: by case number or conversation id; history kept, loads moved" {
	run_split sc-route assign -c "$CFG" --state "$ST" --now "$NOW" 1 marco
	[ "$status" -eq 0 ]
	[ "$output" = '{"case":1,"conversation_id":"c1","assignee":"marco","previous":"anna"}' ]
	run_split sc-route assign -c "$CFG" --state "$ST" --now "$NOW" c1 anna
	[ "$status" -eq 0 ]
	[ "$(sql "SELECT group_concat(coalesce(assignee, '-') || '|' || why, ';') FROM
		(SELECT * FROM case_owners WHERE case_id = 1 ORDER BY rowid)")" = \
		"anna|routed;marco|assigned by hand;anna|assigned by hand" ]
	[ "$(sql "SELECT at FROM case_owners WHERE case_id = 1 ORDER BY rowid DESC LIMIT 1")" = "$NOW" ]
	run_split sc-route assign -c "$CFG" --state "$ST" --now "$NOW" '#2' anna
	[ "$(sql "SELECT name || '=' || open_cases FROM agents ORDER BY name" | paste -sd' ')" = "anna=4 marco=1" ]
	cases --assignee marco
	[ "$(ids)" = "4" ]
}

@test "assign: errors (unknown agent, no such case, a resolved case, wrong arguments)" {
	run_split sc-route assign -c "$CFG" --state "$ST" 1 nobody
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"unknown agent 'nobody'"* ]]
	run_split sc-route assign -c "$CFG" --state "$ST" c99 anna
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"no case for 'c99'"* ]]
	run_split sc-route resolve -c "$CFG" --state "$ST" c1
	run_split sc-route assign -c "$CFG" --state "$ST" c1 anna
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"case 1 is resolved"* ]]
	run_split sc-route assign -c "$CFG" --state "$ST" c1
	[ "$status" -eq 2 ]
	run_split sc-route assign --state "$ST" c1 anna
	[ "$status" -eq 2 ]
}

@test "cases: bad options are usage errors" {
	run_split sc-route cases --state "$ST" --format xml
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--format: 'xml'"* ]]
	run_split sc-route cases --state "$ST" --now soon
	[ "$status" -eq 2 ]
	run_split sc-route cases --state "$ST" extra
	[ "$status" -eq 2 ]
	run_split sc-route cases --help
	[ "$status" -eq 0 ]
	for o in --assignee --mine --queue --overdue --vip --complaints --tz --format --width --now --state --config; do
		[[ "$output" == *"$o"* ]] || { echo "help lacks $o"; false; }
		grep -qF -- "${o//-/\\-}" "$BATS_TEST_DIRNAME/../../man/sc-route.1" || { echo "man lacks $o"; false; }
	done
}

# to_schema8: the test's state as schema 8 kept it: the routes in a table
# of their own (routed), the messages without them.
to_schema8() {
	sql "CREATE TABLE routed8 (record_id TEXT PRIMARY KEY, case_id INTEGER, route TEXT NOT NULL,
			at TEXT NOT NULL) WITHOUT ROWID;
		INSERT INTO routed8 SELECT record_id, case_id, route, at FROM routed;
		CREATE TABLE messages8 (record_id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL,
			at TEXT NOT NULL, direction TEXT NOT NULL, needs_reply INTEGER NOT NULL, author TEXT,
			text TEXT, covers TEXT) WITHOUT ROWID;
		INSERT INTO messages8 SELECT record_id, conversation_id, at, direction, needs_reply, author,
			text, covers FROM messages WHERE direction IS NOT NULL;
		DROP VIEW routed; DROP TABLE messages;
		ALTER TABLE messages8 RENAME TO messages; ALTER TABLE routed8 RENAME TO routed;
		CREATE INDEX messages_by_conversation ON messages (conversation_id, direction, at);
		ALTER TABLE agents DROP COLUMN assigned_seq;
		PRAGMA user_version = 8;"
}

@test "a state of schema 8 (routes in a table of their own) is migrated: every route and message kept, nothing routed twice" {
	# a brand's answer, a resolve (a record without a conversation's
	# message), and a record routed under --now (at another time than its own)
	{
		rec x:6 c1 2026-11-24T10:30:00Z '.direction = "out" | .text = "we are on it"'
		printf '%s\n' '{"id":"x:8","type":"resolve","conversation_id":"c3","created_at":"2026-11-24T10:50:00Z"}'
	} >"$IN"
	route_ok
	rec x:9 c2 2026-11-24T11:00:00Z >"$IN"
	route_ok --now 2026-11-24T11:30:00Z
	routes="SELECT record_id, coalesce(case_id, '-'), route, at FROM routed ORDER BY record_id"
	msgs="SELECT record_id, conversation_id, at, direction, needs_reply, author, text FROM messages
		WHERE direction IS NOT NULL ORDER BY record_id"
	before=$(sql "$routes"; echo; sql "$msgs")
	[ "$(sql "SELECT count(*) FROM routed")" -eq 8 ]
	[ "$(sql "SELECT at FROM routed WHERE record_id = 'x:9'")" = 2026-11-24T11:30:00Z ]
	to_schema8
	[ "$(sql "SELECT count(*) FROM routed")" -eq 8 ] # the old layout, as a table
	[ "$(sql "SELECT count(*) FROM messages")" -eq 7 ]
	cases
	[ "$(sql "PRAGMA user_version")" -eq 9 ]
	[ "$(sql "SELECT type FROM sqlite_schema WHERE name = 'routed'")" = view ]
	[ "$(sql "SELECT count(*) FROM sqlite_schema WHERE name = 'cases_by_assignee'")" -eq 0 ]
	[ "$(sql "$routes"; echo; sql "$msgs")" = "$before" ]
	# a message and its route: one row; the resolve: a row without message
	[ "$(sql "SELECT count(*) FROM messages")" -eq 8 ]
	[ "$(sql "SELECT routed_at FROM messages WHERE record_id = 'x:9'")" = 2026-11-24T11:30:00Z ]
	[ "$(sql "SELECT coalesce(routed_at, 'same') FROM messages WHERE record_id = 'x:1'")" = same ]
	[ "$(sql "SELECT record_id FROM messages WHERE conversation_id IS NULL")" = x:8 ]
	# the round-robin's order, from the last assignment times (anna's,
	# 10:00, is older than marco's, 10:03)
	[ "$(sql "SELECT group_concat(name || '=' || assigned_seq) FROM (SELECT * FROM agents ORDER BY name)")" = \
		"anna=0,marco=1" ]
	# every record again: the same routes given back, nothing new in the state
	cat "$IN.all" "$IN" >"$IN.again"
	mv "$IN.again" "$IN"
	route_ok
	[ "$(route_of x:2)" = "$(sql "SELECT route FROM routed WHERE record_id = 'x:2'")" ]
	[ "$(route_of x:9)" = "$(sql "SELECT route FROM routed WHERE record_id = 'x:9'")" ]
	[ "$(sql "$routes"; echo; sql "$msgs")" = "$before" ]
}

@test "a state written before the cases columns (schema 2) is migrated, its cases listed" {
	to_schema8
	sql "DROP TABLE messages; DROP INDEX cases_quiet; DROP INDEX cases_waiting;
		CREATE INDEX cases_waiting ON cases (queue, status, assignee, opened_at);
		ALTER TABLE cases DROP COLUMN answered_at; ALTER TABLE cases DROP COLUMN closed_by;
		ALTER TABLE cases DROP COLUMN last_text; ALTER TABLE cases DROP COLUMN handle; ALTER TABLE cases DROP COLUMN channel;
		ALTER TABLE cases DROP COLUMN lang; ALTER TABLE cases DROP COLUMN intent;
		ALTER TABLE cases DROP COLUMN vip; ALTER TABLE cases DROP COLUMN complaint;
		ALTER TABLE cases DROP COLUMN waiting_since; ALTER TABLE cases DROP COLUMN covered_until;
		DROP TABLE IF EXISTS reviews; PRAGMA user_version = 2;"
	cases --assignee marco
	[ "$(ids)" = "2 4" ]
	printf '%s\n' "$output" | head -1 | jq -e '.customer == "x:c-c2" and .vip == false and .waited == null' >/dev/null
	[ "$(sql "PRAGMA user_version")" -ge 3 ] # and on to the newest
	rec x:7 c2 2026-11-24T12:00:00Z '.class.vip = true' >"$IN"
	route_ok
	cases --vip
	[ "$(ids)" = "2" ]
}
