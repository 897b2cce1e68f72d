# Shared by the --review tests (200, 210): the screen of the tmux pane the
# review runs in ($TMUX_SOCK), waiting for text on it, typing keys, and what
# the fake X got.
load send_helper

# review_pane HEIGHT [OPTION]...: sc-reply --review in a 120xHEIGHT tmux
# pane; the pane stays after the end, showing "exit N". A tmux server
# (socket) each.
review_pane() {
	local h=$1
	shift
	[ -z "${TMUX_SOCK:-}" ] || tmux -S "$TMUX_SOCK" kill-server 2>/dev/null || true
	TMUX_N=$((TMUX_N + 1))
	TMUX_SOCK=$BATS_TEST_TMPDIR/tmux.$TMUX_N.sock
	tmux -S "$TMUX_SOCK" new-session -d -x 120 -y "$h" \
		"sc-reply -c '$EXAMPLES/replies.json' --state '$ST' --api '$FAKE_URL' --network x \
		 --account AcmeHelp --review '$BATS_TEST_TMPDIR/in.jsonl' $* 2>'$BATS_TEST_TMPDIR/review.err';
		 echo \"exit \$?\"; sleep 600"
}

screen() {
	tmux -S "$TMUX_SOCK" capture-pane -p -J
}

# wait_for REGEX: polls the screen (at most 200 tries, 0.05 s apart).
wait_for() {
	for _ in $(seq 200); do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.05
	done
	echo "not on the screen: $1"
	screen
	cat "$BATS_TEST_TMPDIR/review.err"
	return 1
}

# on_screen TEXT: TEXT is on the screen now.
on_screen() {
	screen | grep -qF -- "$1" || { echo "not on the screen: $1"; screen; return 1; }
}

keys() {
	tmux -S "$TMUX_SOCK" send-keys -l -- "$1"
}

teardown() {
	for s in "$BATS_TEST_TMPDIR"/tmux.*.sock; do
		[ -S "$s" ] && tmux -S "$s" kill-server 2>/dev/null
	done
	fake_stop
}

# tweets_to N: how many public replies the fake got to message N.
tweets_to() {
	jq -c --arg p "$((1700000000000000000 + $1))" 'select(.endpoint == "tweets" and .in_reply_to == $p)' "$POSTS" | wc -l
}

dms_to() {
	jq -c --arg u "$((4200 + $1))" 'select(.endpoint == "dm" and .user == $u)' "$POSTS" | wc -l
}

