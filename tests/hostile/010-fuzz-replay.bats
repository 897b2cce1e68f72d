#!/usr/bin/env bats
# Every input the fuzzers found a crash or leak with (fuzz/regress/TARGET/)
# and the project's own seeds (fuzz/seeds/TARGET/) replayed through the same
# fuzz target, built without libFuzzer (fuzz/replay.c): plain in `make
# check`, under ASan+UBSan in check-asan. A crash fixed in lib/ stays fixed.
load ../helper

# replay TARGET: runs every saved input of TARGET; fails on a crash, a
# sanitizer report or a leak.
replay() {
	local t=$1 files=() f
	for f in "$BATS_TEST_DIRNAME"/../../fuzz/regress/fz_"$t"/* "$BATS_TEST_DIRNAME"/../../fuzz/seeds/fz_"$t"/*; do
		[ -f "$f" ] && files+=("$f")
	done
	[ ${#files[@]} -gt 0 ] || skip "no saved inputs for fz_$t"
	# libjq 1.6's parser leaks on some bad input (fuzz/lsan.supp): only
	# that leak is let through, and its frame needs the slow unwinder.
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0 \
	LSAN_OPTIONS=suppressions=$BATS_TEST_DIRNAME/../../fuzz/lsan.supp:print_suppressions=0 \
		run_split "$SC_BIN/fuzz/replay-$t" "${files[@]}"
	[ "$status" -eq 0 ] || { echo "$stderr" | tail -40; return 1; }
	[ "$(grep -c '^ok ' <<<"$output")" -eq ${#files[@]} ]
}

@test "fuzz replay: record reader" { replay record; }
@test "fuzz replay: CSV importer" { replay csv; }
@test "fuzz replay: JSON-lines importer" { replay jsonl; }
@test "fuzz replay: X archive importer" { replay xarchive; }
@test "fuzz replay: X answers" { replay net_x; }
@test "fuzz replay: Mastodon answers" { replay net_mastodon; }
@test "fuzz replay: Bluesky answers" { replay net_bluesky; }
@test "fuzz replay: Meta Graph answers (Facebook, Instagram)" { replay net_meta; }
@test "fuzz replay: schedules and durations" { replay schedule; }
@test "fuzz replay: routes.json" { replay routecfg; }
@test "fuzz replay: sc-classify config" { replay clsconfig; }
@test "fuzz replay: rules" { replay rules; }
@test "fuzz replay: reply templates and length counts" { replay template; }
@test "fuzz replay: replies.json" { replay replycfg; }
