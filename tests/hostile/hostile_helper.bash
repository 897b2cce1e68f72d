# Shared by the hostile-input tests: files made at test time (nothing big is
# committed) and the checks every tool must pass on them.
load ../helper

# good_rec N [TEXT]: one whole sc record (sc-record(5)), no line end.
good_rec() {
	printf '{"id":"x:%s","source":"x","channel":"public","direction":"in","created_at":"2026-11-24T10:%02d:00Z","author":{"id":"x:c%s","handle":"c%s","name":null,"followers":10,"verified":false},"text":"%s","lang":"en","in_reply_to":null,"url":null,"account":"AcmeHelp","conversation_id":"x:%s"}' \
		"$1" $(($1 % 60)) "$1" "$1" "${2:-my order $1 is late}" "$1"
}

# errors_at TOOL FILE LINE...: stderr ($stderr) has "TOOL: FILE:LINE: reason"
# for each line given, and no other such line.
errors_at() {
	local tool=$1 file=$2 l got want
	shift 2
	got=$(grep -o "^$tool: $file:[0-9]*: ." <<<"$stderr" | sed "s|^$tool: $file:||; s|: .\$||" | sort -n | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort -n | tr '\n' ' ')
	[ "$got" = "$want" ] || { echo "errors at lines: $got, expected: $want"; echo "$stderr"; return 1; }
}

# mini_replies: a replies.json whose one template needs nothing of sc-route
# (records not routed get a reply that passes every check), in $MINI_REPLIES.
mini_replies() {
	MINI_REPLIES=$BATS_TEST_TMPDIR/replies.json
	printf '%s\n' '{"default_language": "en", "agents": {"*": "Acme"},' \
		'"languages": {"en": {"templates": {"default": "Hi, thanks for writing. ^{{agent}}"}}}}' >"$MINI_REPLIES"
}
