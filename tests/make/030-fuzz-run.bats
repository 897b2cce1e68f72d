#!/usr/bin/env bats
# fuzz/run's summary counts what libFuzzer left in BUILD/crash: crashes,
# leaks, timeouts and out-of-memory inputs as crashes, slow units apart
# (a slow input is no crash). Stand-in targets write those files as
# libFuzzer does (-artifact_prefix + kind + hash), so nothing is fuzzed.
load ../helper

ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

# fake_target NAME EXIT KIND...: BUILD/fuzz/NAME leaves one KIND-hash file each
fake_target() {
	local name=$1 rc=$2
	shift 2
	mkdir -p "$B/fuzz"
	{
		echo '#!/bin/sh'
		echo 'for a in "$@"; do case $a in -artifact_prefix=*) p=${a#-artifact_prefix=} ;; esac; done'
		for k in "$@"; do echo "echo x > \"\${p}$k-0123abcd\""; done
		echo 'echo "stat::number_of_executed_units: 42"'
		echo 'echo "Done 42 runs in 1 second(s)"'
		echo "exit $rc"
	} >"$B/fuzz/$name"
	chmod +x "$B/fuzz/$name"
}

setup() {
	B=$BATS_TEST_TMPDIR/build
}

@test "fuzz/run: slow units are counted apart, not as crashes" {
	fake_target fz_slow 0 slow-unit
	run "$ROOT/fuzz/run" "$B" 1 fz_slow
	[ "$status" -eq 0 ]
	[ "$output" = "fz_slow: exit 0, 1 s, 42 executions, crashes: 0, slow units: 1" ]
}

@test "fuzz/run: crashes, leaks, timeouts and oom inputs are crashes; the run fails" {
	fake_target fz_bad 1 crash leak timeout oom slow-unit
	run "$ROOT/fuzz/run" "$B" 1 fz_bad
	[ "$status" -eq 1 ]
	[ "$output" = "fz_bad: exit 1, 1 s, 42 executions, crashes: 4, slow units: 1" ]
	grep -qx "fz_bad: exit 1, 1 s, 42 executions, crashes: 4, slow units: 1" "$B/fuzz.log"
}
