#!/usr/bin/env bats
# make install / uninstall honour PREFIX and DESTDIR; every binary has its
# man page and every man page is well-formed.
load ../helper

ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

@test "make install puts binaries and man pages under DESTDIR/PREFIX; uninstall removes them" {
	d="$BATS_TEST_TMPDIR/dest"
	run make -s -C "$ROOT" O="${SC_BUILD:-build}" install DESTDIR="$d" PREFIX=/opt/sc
	[ "$status" -eq 0 ]
	for b in "$ROOT"/cmd/sc-*.c; do
		n=$(basename "$b" .c)
		[ -x "$d/opt/sc/bin/$n" ]
		[ -f "$d/opt/sc/share/man/man1/$n.1" ]
	done
	[ -f "$d/opt/sc/share/man/man5/sc-record.5" ]
	[ -f "$d/opt/sc/share/man/man7/sc.7" ]
	run make -s -C "$ROOT" O="${SC_BUILD:-build}" uninstall DESTDIR="$d" PREFIX=/opt/sc
	[ "$status" -eq 0 ]
	[ -z "$(find "$d" -type f)" ]
}

@test "every man page renders without warnings" {
	for m in "$ROOT"/man/*.[157]; do
		run bash -c "man --warnings -l '$m' 2>&1 >/dev/null"
		[ -z "$output" ] || { echo "$m: $output"; false; }
	done
}
