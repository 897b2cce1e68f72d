# What the sc-reply --send tests share: a fake network, routed messages made
# by routed.py, sc-reply run again and again (killed with SIGKILL between a
# post and its ledger write, SC_TEST_KILL_AFTER_POST) until every message is
# done, and the fake's post log checked by check_posts.py.
load ../helper
load ../fake/fake

HERE=$BATS_TEST_DIRNAME

# send_setup NETWORK RECORDED-DIR TOKEN-VARIABLE
send_setup() {
	export FAKE_HANG_SECONDS=0.3 SC_HTTP_BACKOFF_MS=1
	fake_setup "$1" "$2"
	export "$3=$FAKE_TOKEN"
	NET=$1
	POSTS=$FAKE_DIR/posts.jsonl
}

# routed N DM_EVERY [resolve] > FILE
routed() {
	python3 "$HERE/routed.py" "$NET" "$@"
}

check_posts() { # ROUTED [RESOLVE]
	run python3 "$HERE/check_posts.py" "$NET" "$1" "$POSTS" ${2:+"$2"}
	echo "$output"
	[ "$status" -eq 0 ]
}

# until_done FILE MAX-RUNS KILL-SPAN [sc-reply option]...: runs sc-reply on
# FILE until a run ends with 0, each run killed after a random 1..KILL-SPAN
# posts (KILL-SPAN 0: never killed, for a run that must finish); RUNS and
# KILLS say how it went. Fails past MAX-RUNS runs.
until_done() {
	local file=$1 max=$2 span=$3 rc
	shift 3
	RUNS=0 KILLS=0
	while :; do
		RUNS=$((RUNS + 1))
		rc=0
		local kill=
		[ "$span" -gt 0 ] && kill=$((RANDOM % span + 1))
		SC_TEST_KILL_AFTER_POST=$kill reply "$@" <"$file" \
			>"$BATS_TEST_TMPDIR/out.jsonl" 2>>"$BATS_TEST_TMPDIR/err" || rc=$?
		echo "$rc" >>"$BATS_TEST_TMPDIR/codes"
		[ "$rc" -eq 137 ] && KILLS=$((KILLS + 1))
		[ "$rc" -eq 0 ] && return 0
		if [ "$RUNS" -ge "$max" ]; then
			echo "not done after $RUNS runs; exit codes: $(tr '\n' ' ' <"$BATS_TEST_TMPDIR/codes")"
			tail -5 "$BATS_TEST_TMPDIR/err"
			return 1
		fi
	done
}

# every record of the last run's output has reply.status STATUS
all_status() {
	local n
	n=$(jq -c --arg s "$1" 'select(.reply.status != $s) | .id' "$BATS_TEST_TMPDIR/out.jsonl" | wc -l)
	[ "$n" -eq 0 ] || { jq -c 'select(.reply.status != "'"$1"'") | .reply' "$BATS_TEST_TMPDIR/out.jsonl" | head -3; return 1; }
}
