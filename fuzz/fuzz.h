/* What every fuzz target shares: the input as a file the library can open
 * by name (an anonymous memory file, so no disk is touched per input), and
 * a sink for the records the code under test writes.
 *
 * Each fz_*.c defines LLVMFuzzerTestOneInput. Built with clang and
 * -fsanitize=fuzzer it is a libFuzzer target (`make fuzz`); linked with
 * replay.c it replays saved inputs (fuzz/regress/) in `make check`. */
#ifndef SC_FUZZ_H
#define SC_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a readable file: returns its path ("/proc/self/fd/N"),
 * valid until the next call. */
const char *fuzz_file(const uint8_t *data, size_t size);
/* Where output goes: /dev/null, opened once. */
FILE *fuzz_sink(void);
/* The input as a NUL-terminated string (a copy; NULs inside end it). */
const char *fuzz_str(const uint8_t *data, size_t size);

/* The input parsed as one JSON value; jv_invalid() when it is not. */
jv fuzz_json(const uint8_t *data, size_t size);
/* A network source's context over a run with no state (nothing is ever
 * committed or written): n->f is f, opened for source and account. */
void fuzz_net_open(struct net *n, struct fetch *f, const char *source, const char *account);
void fuzz_net_close(struct net *n);

#endif
