#!/usr/bin/env bats
# The documented unattended chain (examples/cron/crontab's job, sc(7)
# RUNNING UNATTENDED: each stage reads the file the one before appends to
# from its read position), with the unattended send step sc(7) describes,
# run 15 times cron-style against the fake X server, new mentions arriving
# between runs, one stage killed with SIGKILL in 5 of the runs (a seeded
# stage; a seeded delay, or between its output's write and its commit).
# After every run the state passes PRAGMA integrity_check; after a last run
# every mention is in each stage's output file exactly once (lines counted
# per id) and was answered exactly once (the fake's post log).
load ../helper
load ../fake/fake

RUNS=15

setup() {
	export FAKE_HANG_SECONDS=2 SC_HTTP_BACKOFF_MS=5
	# sc-reply marks a case answered at the wall clock's time of the send: the
	# network's clock must not lag it, or every later mention of an answered
	# thread would be older than the answer (answered already, sc-route(1))
	export FAKE_BASE_TIME=$(date +%s)
	need_recorded x_api_v2
	fake_start x
	H=$BATS_TEST_TMPDIR/home
	W=$H/sc
	mkdir -p "$W" "$BATS_TEST_TMPDIR/wrap"
	cp "$EXAMPLES/routes.json" "$EXAMPLES/replies.json" "$EXAMPLES/holidays-it.ics" "$W/"
	(umask 077; printf '%s\n' "$FAKE_TOKEN" >"$W/x.token")
	DB=$H/.local/state/sc/sc.db
}

# The crontab's job, sc-fetch and sc-reply pointed at the fake server, and
# the send step appended (what sc(7) gives for a team that sends unseen).
job() {
	local line
	line=$(grep -E '^[*0-9]' "$EXAMPLES/cron/crontab" | cut -d' ' -f6- |
		sed "s|sc-fetch x |sc-fetch x --api $FAKE_URL --timeout 1 |; s|'\$||")
	printf '%s' "$line; sc-reply -c replies.json --send --api $FAKE_URL --token-file x.token --account AcmeHelp -o sent.jsonl routed.jsonl'"
}

# wrap STAGE DELAY_MS: the next run's STAGE (a binary, "sc-reply" drafting
# or "sc-reply --send") gets SIGKILL DELAY_MS after it starts, if it is
# still running, or with DELAY_MS "commit" kills itself between its
# output's write and its commit (SC_TEST_KILL_AFTER_WRITE), if it wrote
# anything; the kill is noted in $BATS_TEST_TMPDIR/kills.
wrap() {
	if [ "$2" = commit ]; then
		wrap_commit "$1"
		return
	fi
	local name=${1%% *} send=0
	[ "$1" = "sc-reply --send" ] && send=1
	rm -f "$BATS_TEST_TMPDIR"/wrap/*
	cat >"$BATS_TEST_TMPDIR/wrap/$name" <<SH
#!/bin/bash
real=$SC_BIN/$name
case " \$* " in *" --send "*) s=1 ;; *) s=0 ;; esac
if [ "\$s" = $send ]; then
	me=\$\$
	( sleep $(printf '%d.%03d' $(($2 / 1000)) $(($2 % 1000)))
	  [ "\$(readlink /proc/\$me/exe)" = "\$real" ] && kill -9 \$me && echo "$1" >>"$BATS_TEST_TMPDIR/kills" ) &
fi
exec "\$real" "\$@"
SH
	chmod +x "$BATS_TEST_TMPDIR/wrap/$name"
}

wrap_commit() {
	local name=${1%% *} send=0
	[ "$1" = "sc-reply --send" ] && send=1
	rm -f "$BATS_TEST_TMPDIR"/wrap/*
	cat >"$BATS_TEST_TMPDIR/wrap/$name" <<SH
#!/bin/bash
case " \$* " in *" --send "*) s=1 ;; *) s=0 ;; esac
[ "\$s" = $send ] || exec "$SC_BIN/$name" "\$@"
SC_TEST_KILL_AFTER_WRITE=1 "$SC_BIN/$name" "\$@"
rc=\$?
[ \$rc = 137 ] && echo "$1 (after its write)" >>"$BATS_TEST_TMPDIR/kills"
exit \$rc
SH
	chmod +x "$BATS_TEST_TMPDIR/wrap/$name"
}

cron_run() {
	env -i HOME="$H" LOGNAME=sc SHELL=/bin/bash PATH="$BATS_TEST_TMPDIR/wrap:$SC_BIN:/usr/bin:/bin" \
		/bin/bash -c "cd \"\$HOME/sc\" && $(job | sed 's/^cd "$HOME\/sc" && //')" \
		>>"$BATS_TEST_TMPDIR/out" 2>&1
}

@test "the unattended chain, 15 runs, SIGKILL at a random stage in 5: every mention answered exactly once" {
	local stages=(sc-fetch sc-classify sc-route sc-reply "sc-reply --send") i j k t
	RANDOM=25
	for i in 4 3 2 1; do # a seeded shuffle: each stage is killed once, in a random order
		j=$((RANDOM % (i + 1)))
		t=${stages[i]}; stages[i]=${stages[j]}; stages[j]=$t
	done
	: >"$BATS_TEST_TMPDIR/kills"
	for i in $(seq 1 $RUNS); do
		ctl "add?stream=mentions&n=$((i % 3 + 1))" | jq -r '.added[]' >>"$BATS_TEST_TMPDIR/added"
		rm -f "$BATS_TEST_TMPDIR"/wrap/*
		if [ $((i % 3)) -eq 2 ]; then # runs 2, 5, 8, 11, 14
			k=${stages[i / 3]}
			if [ $((i % 2)) -eq 1 ]; then # runs 5 and 11
				wrap "$k" commit
				echo "# run $i: $k gets SIGKILL between its write and its commit" >&3
			else
				wrap "$k" $((RANDOM % 60))
				echo "# run $i: $k gets SIGKILL" >&3
			fi
		fi
		cron_run || true
		[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || { echo "run $i: integrity_check fails"; false; }
	done
	rm -f "$BATS_TEST_TMPDIR"/wrap/*
	cron_run || { cat "$BATS_TEST_TMPDIR/out"; false; }
	echo "# $(wc -l <"$BATS_TEST_TMPDIR/kills") of 5 kills reached a running stage: $(tr '\n' ',' <"$BATS_TEST_TMPDIR/kills")" >&3
	[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ]
	sort -u "$BATS_TEST_TMPDIR/added" | sed 's/^/x:/' >"$BATS_TEST_TMPDIR/want"
	# fetched, classified, routed, drafted and sent: each mention once in
	# each stage's file (its lines counted per id)
	for f in inbox classified routed drafts sent; do
		jq -r 'select(.direction == "in") | .id' "$W/$f.jsonl" | sort >"$BATS_TEST_TMPDIR/got"
		diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got" || { echo "$f.jsonl"; false; }
	done
	[ "$(jq -r 'select(.direction == "in" and .class.intent and .route.queue) | .id' "$W/routed.jsonl" | sort)" = "$(cat "$BATS_TEST_TMPDIR/want")" ]
	[ "$(jq -r 'select(.direction == "in" and .reply.status) | .id' "$W/drafts.jsonl" | sort)" = "$(cat "$BATS_TEST_TMPDIR/want")" ]
	# answered exactly once: every reply sent, each of its actions (ack, follow, invitation,
	# reply, DM; keyed in the ledger) posted once, nothing posted twice
	python3 - "$W/sent.jsonl" "$FAKE_DIR/posts.jsonl" <<'PY'
import collections, json, sys
sent = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
posts = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
bad = []
keys = {}
for r in sent:
    if r.get("direction") != "in":
        continue
    if r["reply"]["status"] != "sent" and r["route"]["mode"] != "none":
        bad.append("%s: reply %s: %s" % (r["id"], r["reply"]["status"], r["reply"].get("error")))
    for a in r["reply"].get("actions") or []:
        keys[a["key"]] = a["action"]
endpoint = {"ack": "tweets", "invite": "tweets", "reply": "tweets", "dm": "dm", "follow": "follow"}
want = collections.Counter(endpoint[a] for a in keys.values())
got = collections.Counter(p["endpoint"] for p in posts)
follows = got.pop("follow", 0) - want.pop("follow", 0)
if got != want:
    bad.append("posts %s, want one per ledger key: %s" % (dict(got), dict(want)))
if follows < 0:  # X may be sent a follow again (idempotent there), never fewer
    bad.append("%d follows missing" % -follows)
same = collections.Counter(json.dumps({k: v for k, v in p.items() if k not in ("id", "time")}, sort_keys=True)
                           for p in posts if p["endpoint"] != "follow")
bad += ["posted %d times: %s" % (c, p) for p, c in same.items() if c > 1]
print("\n".join(bad[:20]))
print("# %d mentions answered: %s" % (sum(1 for r in sent if r.get("direction") == "in"), dict(got)))
sys.exit(1 if bad else 0)
PY
	[ "$(jq -r 'select(.direction == "in") | .id' "$W/sent.jsonl" | sort)" = "$(cat "$BATS_TEST_TMPDIR/want")" ]
}
