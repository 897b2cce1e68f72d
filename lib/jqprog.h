/* A user's jq expression, compiled once and run per record, with the
 * pitfalls of libjq 1.6 handled in one place (../shared/LIBJQ-NOTES.md):
 * compile errors collected through a callback, no module search path (an
 * import fails cleanly instead of aborting), no `input`, halt reported. */
#ifndef SC_JQPROG_H
#define SC_JQPROG_H
#include <jv.h>

#include "buf.h"

struct jqprog;

/* Compiles program; on failure returns NULL with libjq's messages in err. */
struct jqprog *jqprog_compile(const char *program, struct buf *err);
void jqprog_free(struct jqprog *p);

/* Runs the program on v (borrowed): 1 when its first output is neither
 * false nor null, 0 otherwise, -1 on a run-time error (message in err). */
int jqprog_test(struct jqprog *p, jv v, struct buf *err);

#endif
