/* User rules: jq conditions over a record, all compiled into ONE jq program
 * once at start-up (compiling costs ~16 ms per program in libjq 1.6, see
 * ../shared/LIBJQ-NOTES.md), run once per record. The program emits the
 * indices of the rules whose condition holds, in rule order; a rule whose
 * condition fails at run time is reported against its name and counts as
 * not matching. */
#ifndef SC_RULES_H
#define SC_RULES_H
#include <jv.h>

#include "buf.h"

struct jq_state;

struct rules {
	struct jq_state *jq;
	int n;
	char **name;
	unsigned long *errors; /* run-time errors per rule */
};

/* Compiles conditions expr[0..n-1]. On a compile error, every bad rule is
 * described in err ("rule NAME: message", one a line) and -1 returned. */
int rules_compile(struct rules *r, char *const *name, char *const *expr, int n, struct buf *err);
/* Runs the program on input (consumed); writes matching indices into
 * match (at most max) and returns how many. Run-time errors are reported
 * through sc_warn with the rule's name (the first few of each rule). */
int rules_eval(struct rules *r, jv input, int *match, int max);
void rules_free(struct rules *r);

#endif
