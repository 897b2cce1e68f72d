#!/usr/bin/env bats
# make install puts the example configurations, the crontab and the systemd
# units under DOCDIR/examples; the crontab works as cron runs it (cron's
# own environment, the installed binaries, the fake X server); the units
# pass systemd-analyze verify.
load ../helper
load ../fake/fake

ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

setup() {
	D=$BATS_TEST_TMPDIR/dest
	EX=$D/opt/sc/share/doc/sc/examples
	run make -s -C "$ROOT" O="${SC_BUILD:-build}" install DESTDIR="$D" PREFIX=/opt/sc
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "make install puts the examples under PREFIX/share/doc/sc/examples, with PREFIX in their paths; uninstall removes them" {
	for f in routes.json replies.json holidays-it.ics inbox.csv cron/crontab systemd/sc.service systemd/sc.timer; do
		[ -f "$EX/$f" ] || { echo "missing $f"; false; }
	done
	grep -qx 'PATH=/opt/sc/bin:/usr/bin:/bin' "$EX/cron/crontab"
	! grep -q /usr/local/ "$EX/cron/crontab" "$EX/systemd/sc.service"
	# the installed configurations are valid where they are (the holidays file beside them)
	"$D/opt/sc/bin/sc-route" check -c "$EX/routes.json" >/dev/null
	"$D/opt/sc/bin/sc-reply" check -c "$EX/replies.json" >/dev/null
	run make -s -C "$ROOT" O="${SC_BUILD:-build}" uninstall DESTDIR="$D" PREFIX=/opt/sc
	[ "$status" -eq 0 ]
	[ -z "$(find "$D" -type f)" ]
	[ ! -e "$D/opt/sc/share/doc/sc" ]
}

@test "the systemd units pass systemd-analyze verify" {
	command -v systemd-analyze >/dev/null || skip "systemd-analyze is not installed here"
	# the ExecStart binaries must exist where the units say
	sed "s|/opt/sc/|$D/opt/sc/|g" "$EX/systemd/sc.service" >"$BATS_TEST_TMPDIR/sc.service"
	cp "$EX/systemd/sc.timer" "$BATS_TEST_TMPDIR/"
	MANPATH=$D/opt/sc/share/man run systemd-analyze verify "$BATS_TEST_TMPDIR/sc.service" "$BATS_TEST_TMPDIR/sc.timer"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ -z "$output" ] || { echo "$output"; false; }
}

# cron_line: the installed crontab's job as cron would run it: cron's
# environment (HOME, LOGNAME, SHELL and PATH from the crontab), the job's
# command with sc-fetch pointed at the fake server (the only change).
cron_line() {
	local path cmd
	path=$(sed -n 's/^PATH=//p' "$EX/cron/crontab" | sed "s|/opt/sc/|$D/opt/sc/|g")
	cmd=$(grep -E '^[*0-9]' "$EX/cron/crontab" | cut -d' ' -f6- |
		sed "s|sc-fetch x |sc-fetch x --api $FAKE_URL |")
	env -i HOME="$H" LOGNAME=sc SHELL=/bin/bash PATH="$path" /bin/bash -c "$cmd"
}

@test "the installed crontab's job runs under cron's environment: fetch, classify, route, draft; again without doubling; never two at once" {
	need_recorded x_api_v2
	fake_start x
	H=$BATS_TEST_TMPDIR/home
	mkdir -p "$H/sc"
	cp "$EX/routes.json" "$EX/replies.json" "$EX/holidays-it.ics" "$H/sc/"
	(umask 077; printf '%s\n' "$FAKE_TOKEN" >"$H/sc/x.token")
	ctl 'add?stream=mentions&n=4' >/dev/null
	ctl 'add?stream=dm&n=2' >/dev/null
	run cron_line
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(wc -l <"$H/sc/inbox.jsonl")" -eq 6 ]
	[ -f "$H/.local/state/sc/sc.db" ]
	jq -e -s 'map(select(.id)) | length == 6 and all(.class.intent and .route.queue)' "$H/sc/routed.jsonl" >/dev/null
	jq -e -s 'map(select(.id and .direction == "in")) | length == 6 and all(.reply.status == "drafted" or .reply.status == "failed")' "$H/sc/drafts.jsonl" >/dev/null
	routes1=$(jq -c 'select(.id) | [.id, .route.case, .route.assignee]' "$H/sc/routed.jsonl")
	# new mentions arrive; the next run fetches only them and routes the old ones as before
	ctl 'add?stream=mentions&n=3' >/dev/null
	run cron_line
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(wc -l <"$H/sc/inbox.jsonl")" -eq 9 ]
	[ "$(jq -r .id "$H/sc/inbox.jsonl" | sort | uniq -d)" = "" ]
	[ "$(jq -c 'select(.id) | [.id, .route.case, .route.assignee]' "$H/sc/routed.jsonl" | head -6)" = "$routes1" ]
	[ "$(jq -s 'map(select(.id)) | length' "$H/sc/drafts.jsonl")" -eq 9 ]
	[ "$(jq -r 'select(.id) | .id' "$H/sc/drafts.jsonl" | sort | uniq -d)" = "" ]
	# a run while another holds the lock does nothing
	ctl 'add?stream=mentions&n=1' >/dev/null
	exec 9<"$H/sc"
	flock -n 9
	run cron_line
	exec 9<&-
	[ "$status" -ne 0 ]
	[ "$(wc -l <"$H/sc/inbox.jsonl")" -eq 9 ]
	[ "$(wc -l <"$H/sc/classified.jsonl")" -eq 9 ]
}

@test "README's cron section is the example crontab's settings and job, word for word" {
	want=$(grep -E '^(SHELL|PATH)=|^[*0-9]' "$ROOT/examples/cron/crontab")
	got=$(sed -n '/^## From cron/,/^## /p' "$ROOT/README.md" | sed -n 's/^    \(SHELL=\|PATH=\|\*\/\)/\1/p')
	[ "$got" = "$want" ] || { diff <(echo "$want") <(echo "$got"); false; }
}
