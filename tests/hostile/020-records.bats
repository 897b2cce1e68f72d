#!/usr/bin/env bats
# A hostile JSON-lines file through every stage that reads records
# (sc-classify, sc-route, sc-report, sc-reply): each bad line is reported as
# "sc-NAME: FILE:LINE: reason", the exit status is 1, and every good line
# still goes through: the output equals the output for the good lines alone.
load hostile_helper

# The file, line by line; GOOD_* name the lines each tool must keep.
setup() {
	H=$BATS_TEST_TMPDIR/hostile.jsonl
	{
		printf '\357\273\277'; good_rec 1; printf '\n'                  # 1 BOM first
		good_rec 2 $'bad \377\376 UTF-8'; printf '\n'                   # 2 invalid UTF-8
		good_rec 3; printf '\r\n'                                       # 3 CRLF
		python3 -c 'print("{\"id\":\"x:4\",\"a\":" + "[" * 5000 + "]" * 5000 + "}")' # 4 too deep
		printf '{"id":5,"source":"x","direction":"in","created_at":"2026-11-24T10:05:00Z","text":"number id"}\n' # 5
		printf '{"id":1750000000000007919,"direction":"in","created_at":"2026-11-24T10:06:00Z","text":"huge"}\n' # 6
		printf '{"id":"x:0","class":{"intent":"old"},"id":"x:7","class":{"intent":"older"},"source":"x","channel":"public","direction":"in","created_at":"2026-11-24T10:07:00Z","author":{"id":"x:c7","handle":"c7"},"text":"duplicate keys","account":"AcmeHelp","conversation_id":"x:7"}\n' # 7
		printf '{"id":"x:8","source":null,"channel":5,"direction":"sideways","created_at":12345,"author":"bob","text":["a"],"lang":5,"in_reply_to":5,"url":{},"account":[],"conversation_id":{}}\n' # 8 every field mistyped
		printf '{"id":"x:9","direction":"in","created_at":"9999-99-99T99:99:99Z","text":"t"}\n'    # 9
		printf '{"id":"x:10","direction":"in","created_at":"+275760-09-13T00:00:00Z","text":"t"}\n' # 10
		good_rec 11 'NUL'; printf '\n'
		printf '{"id":"x:12"}\0\n'                                      # 12 NUL outside strings
		printf '[1,2]\n"x"\n{"id":"x:15"}{"id":"x:16"}\n'              # 13-15
		printf '\n \t\n'                                                # 16-17 blank: skipped
		good_rec 18; printf '\n'
		printf '{}\n'                                                   # 19 empty object
		printf '{"id":"x:20","text":"cut'                              # 20 truncated last line
	} >"$H"
	# line 11: a raw NUL inside the text, which libjq 1.6 accepts
	python3 - "$H" <<'PY'
import sys
p = sys.argv[1]; b = open(p, 'rb').read().split(b'\n')
b[10] = b[10].replace(b'"NUL"', b'"N\x00L"'); open(p, 'wb').write(b'\n'.join(b))
PY
	CFG=$EXAMPLES/routes.json
}

# only FILE LINE...: those lines of FILE, to compare with.
only() {
	local f=$1
	shift
	for l in "$@"; do sed -n "${l}p" "$f"; done
}

# same_as_good TOOL ARGS... -- LINE...: the tool's output on $H equals its
# output on the good lines alone; exit 1 and the errors for the rest.
same_as_good() {
	local args=() lines=() bad=() l
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	lines=("$@")
	only "$H" "${lines[@]}" >"$BATS_TEST_TMPDIR/good.jsonl"
	local rc=0 t=$BATS_TEST_TMPDIR
	"${args[@]}" "$t/good.jsonl" >"$t/want" 2>"$t/want.err" || rc=$?
	[ "$rc" -eq 0 ] || { echo "good lines: exit $rc:"; cat "$t/want.err"; return 1; }
	[ -n "$SECOND_STATE" ] && args=("${args[@]/$FIRST_STATE/$SECOND_STATE}")
	# outputs stay in files: line 11 holds a NUL, which $output would drop
	"${args[@]}" "$H" >"$t/got" 2>"$t/got.err" || rc=$?
	[ "$rc" -eq 1 ] || { echo "exit $rc"; cat "$t/got.err"; return 1; }
	stderr=$(cat "$t/got.err")
	for l in $(seq 1 20); do
		case " ${lines[*]} 16 17 " in *" $l "*) ;; *) bad+=("$l") ;; esac
	done
	errors_at "${args[0]}" "$H" "${bad[@]}"
	cmp "$t/got" "$t/want"
	[ "$(wc -l <"$t/want")" -eq ${#lines[@]} ] || [ "${args[0]}" = sc-report ]
}

@test "sc-classify: every record that parses gets a class, odd types included; the rest reported by line" {
	same_as_good sc-classify -- 1 2 3 5 6 7 8 9 10 11 18 19
}

@test "sc-route: records without a string id or a usable created_at are reported, not routed" {
	FIRST_STATE=$BATS_TEST_TMPDIR/st1 SECOND_STATE=$BATS_TEST_TMPDIR/st2 \
		same_as_good sc-route -c "$CFG" --state "$BATS_TEST_TMPDIR/st1" -- 1 2 3 7 11 18
}

@test "sc-report: the figures of the hostile file are those of its good lines" {
	same_as_good sc-report --format json -- 1 2 3 7 11 18
	# the main thread's reader (fields read in place, as the parser threads')
	same_as_good sc-report --threads 0 --format json -- 1 2 3 7 11 18
}

@test "sc-reply: every record with a string id gets a draft, odd types included; the rest reported by line" {
	echo '{"default_language":"en","languages":{"en":{"templates":{"default":"Thanks for writing, we are on it."}}}}' \
		>"$BATS_TEST_TMPDIR/replies.json"
	same_as_good sc-reply -c "$BATS_TEST_TMPDIR/replies.json" -- 1 2 3 7 8 9 10 11 18
}

@test "duplicate keys: the last one wins, and the spliced key appears once" {
	run_split sc-classify "$H"
	printf '%s\n' "$output" | grep -a '"duplicate keys"' >"$BATS_TEST_TMPDIR/dup"
	[ "$(grep -o '"class":' "$BATS_TEST_TMPDIR/dup" | wc -l)" -eq 1 ]
	[ "$(jq -r .id "$BATS_TEST_TMPDIR/dup")" = x:7 ]
}

@test "invalid UTF-8: the line is kept byte for byte, and reads as U+FFFD" {
	sc-classify "$H" 2>/dev/null >"$BATS_TEST_TMPDIR/out" || true
	grep -a '"x:2"' "$BATS_TEST_TMPDIR/out" >"$BATS_TEST_TMPDIR/l2"
	grep -aq $'bad \377\376 UTF-8' "$BATS_TEST_TMPDIR/l2"
	[ "$(jq -r .text "$BATS_TEST_TMPDIR/l2")" = $'bad \uFFFD\uFFFD UTF-8' ]
	jq -e '.class.intent | type == "string"' "$BATS_TEST_TMPDIR/l2" >/dev/null
}

@test "an empty file: no output, no error, exit 0, for every stage" {
	: >"$BATS_TEST_TMPDIR/empty.jsonl"
	for cmd in "sc-classify" "sc-route -c $CFG --state $BATS_TEST_TMPDIR/st" "sc-report --format json"; do
		run_split $cmd "$BATS_TEST_TMPDIR/empty.jsonl"
		[ "$status" -eq 0 ] && [ -z "$stderr" ] || { echo "$cmd: $status $stderr"; return 1; }
		[ "$cmd" = "sc-report --format json" ] || [ -z "$output" ]
	done
}

@test "a 10 MB record goes through, a 10 MB bad line is reported, lines around kept" {
	local f=$BATS_TEST_TMPDIR/big.jsonl
	{
		good_rec 1; printf '\n'
		good_rec 2 "$(head -c 10000000 /dev/zero | tr '\0' a)"; printf '\n'
		printf '{"id":"x:3","text":"'; head -c 10000000 /dev/zero | tr '\0' b; printf '\n'
		good_rec 4; printf '\n'
	} >"$f"
	for tool in sc-classify "sc-route -c $CFG --state $BATS_TEST_TMPDIR/st" sc-report; do
		run_split $tool "$f"
		[ "$status" -eq 1 ]
		errors_at "${tool%% *}" "$f" 3
		[ "${tool%% *}" = sc-report ] || [ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "x:1 x:2 x:4 " ]
	done
	# the error message does not quote 10 MB back
	[ "${#stderr}" -lt 1000 ]
}

@test "ids holding a NUL: a bad line in every stage, never cut into another record's case or key" {
	local f=$BATS_TEST_TMPDIR/nul.jsonl t=$BATS_TEST_TMPDIR
	{
		for c in a b c; do # three ids that a C string would cut to one, x:1
			good_rec 1 | sed "s/\"x:1\"/\"x:1\\\\u0000$c\"/g"; printf '\n'
		done
		good_rec 4 | sed 's/"x:c4"/"x:c\\u00004"/'; printf '\n'  # author.id
		good_rec 5 | sed 's/"c5"/"c5\\u0000x"/'; printf '\n'      # author.handle
		good_rec 6; printf '\n'
		good_rec 7 'a text may hold \u0000'; printf '\n'
	} >"$f"
	run_split sc-route -c "$CFG" --state "$t/st" "$f"
	[ "$status" -eq 1 ]
	errors_at sc-route "$f" 1 2 3 4 5
	[[ "$stderr" == *"$f:2: id holds a NUL character (\\u0000), which no id can hold"* ]]
	[[ "$stderr" == *"$f:4: author.id holds a NUL character"* ]]
	[[ "$stderr" == *"$f:5: author.handle holds a NUL character"* ]]
	[ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "x:6 x:7 " ]
	[ "$(sqlite3 "$t/st/sc.db" 'SELECT count(*) FROM cases')" -eq 2 ]
	mini_replies # the records are not routed: a template that needs no route
	sc-reply -c "$MINI_REPLIES" --network x "$f" >"$t/replies" 2>"$t/reply.err" && rc=0 || rc=$?
	[ "$rc" -eq 1 ]
	stderr=$(cat "$t/reply.err")
	errors_at sc-reply "$f" 1 2 3 4 5
	for tool in "sc-classify" "sc-report --threads 0" "sc-report --threads 2"; do
		run_split $tool "$f"
		[ "$status" -eq 1 ]
		errors_at "${tool%% *}" "$f" 1 2 3 4 5
	done
}
