# Shared by the sc-route tests: a small configuration and records made to
# measure. Agents without shifts are always on, so only the tests about
# shifts depend on the time.
load ../helper

setup_route() {
	ST=$BATS_TEST_TMPDIR/state
	IN=$BATS_TEST_TMPDIR/in
	CFG=$BATS_TEST_TMPDIR/routes.json
	cat >"$CFG" <<'JSON'
{
  "schedules": {"rome": {"hours": "Mon-Fri 09:00-21:00", "tz": "Europe/Rome",
                         "holidays": ["2026-12-25"]}},
  "agents": {
    "anna":  {"languages": ["it", "en"]},
    "marco": {"languages": ["it"]},
    "sam":   {"languages": ["en"], "shift": {"hours": "Mon-Fri 09:00-17:00", "tz": "America/New_York"}},
    "lucia": {"languages": ["es"], "away": true}
  },
  "queues": {
    "support": {"agents": ["anna", "marco"], "schedule": "rome", "sla": "2h"},
    "english": {"agents": ["sam", "anna"], "sla": "4h", "assign": "round-robin"},
    "triage":  {"assign": "none", "sla": "1d"}
  },
  "rules": [
    {"name": "spam", "if": ".class.intent == \"spam\"", "mode": "none"},
    {"name": "vip", "if": ".class.vip == true", "priority": 1, "continue": true},
    {"name": "english", "if": ".lang == \"en\"", "queue": "english"},
    {"name": "italian", "if": ".lang == \"it\"", "queue": "support"}
  ],
  "defaults": {"queue": "triage"}
}
JSON
}

# rec ID CONVERSATION TIME [JQ-ASSIGNMENTS]: one inbound record as a line.
rec() {
	jq -nc --arg id "$1" --arg conv "$2" --arg t "$3" \
		'{id: $id, source: "x", channel: "public", direction: "in", created_at: $t,
		  author: {id: "x:c-\($conv)", handle: "c\($conv)", followers: 10},
		  text: "hello", lang: "it", account: "AcmeHelp", conversation_id: $conv}'" | ${4:-.}"
}

# route_of ID: the route object of that record in $output, compact.
route_of() {
	printf '%s\n' "$output" | jq -c --arg id "$1" 'select(.id == $id) | .route'
}

# route [OPTION]...: sc-route on the records in $IN with the test's state.
route() {
	run_split sc-route -c "$CFG" --state "$ST" "$@" "$IN"
}

# route_ok: the same, and it must succeed.
route_ok() {
	route "$@"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
}

# cfg_with JQ: the test configuration changed by a jq program.
cfg_with() {
	jq "$1" "$CFG" >"$CFG.new" && mv "$CFG.new" "$CFG"
}
