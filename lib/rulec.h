/* A rule's jq condition evaluated in C, for the shapes routing rules take:
 * field paths (.a.b), literals, //, == != < > <= >=, and, or, not,
 * test("re") / test("re"; "flags") with constant arguments, any/all over
 * .[] or PATH[], IN(literals...), index(literal). The jq text is parsed
 * once into a small tree; a text outside that subset is not compiled
 * (rules.c then leaves the rule to libjq).
 *
 * The tree gives jq 1.6's answer or none: every operation is done by
 * libjq's own functions (jv_equal, jv_cmp, Oniguruma with libjq's options),
 * and wherever jq would raise an error (.a of a string, test on a number,
 * .[] of null...) the evaluation gives up, so that libjq decides the
 * record and reports the error as it always has. */
#ifndef SC_RULEC_H
#define SC_RULEC_H
#include <jv.h>

#include "jval.h"

struct rulec;

/* NULL when expr is outside the subset (or does not parse: libjq says
 * why). NULL expr is "true". */
struct rulec *rulec_compile(const char *expr);
void rulec_free(struct rulec *c);

enum { RULEC_ASK_JQ = -1, RULEC_NO = 0, RULEC_MATCH = 1 };

/* Whether rec (borrowed) matches: its value is neither false nor null;
 * RULEC_ASK_JQ when jq would raise an error on it. Allocates nothing once
 * compiled. */
int rulec_eval(const struct rulec *c, jv rec);
/* The same on the record read in place (jval.h: from simdjson's document,
 * without a jv being built for it, or from a jv): one evaluator for both,
 * allocating nothing. */
int rulec_eval_doc(const struct rulec *c, const struct jval *rec);

/* The members of simdjson's objects found while evaluating rules on one
 * record, shared by the rules of a set: rulec_memo_next before each
 * record (a zeroed memo is empty), then rulec_eval_memo for each rule. */
#define RULEC_MEMO_SLOTS 64
struct rulec_memo_slot {
	unsigned gen;
	const void *doc;
	size_t at;
	const char *key;
	size_t klen;
	struct jval v;
};
struct rulec_memo {
	unsigned gen;
	struct rulec_memo_slot slot[RULEC_MEMO_SLOTS];
};
void rulec_memo_next(struct rulec_memo *memo);
int rulec_eval_memo(const struct rulec *c, const struct jval *rec, struct rulec_memo *memo);

#endif
