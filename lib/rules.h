/* An ordered list of named jq conditions, compiled once into ONE jq
 * program whose evaluation stops at the first match (libjq compiles its
 * builtins again for every program: ../shared/LIBJQ-NOTES.md). A rule
 * marked "continue" does not stop the search: its match is reported and
 * the next rules are tried.
 *
 * A condition matches when its first output is neither false nor null.
 * A condition that raises an error does not match; the error is counted
 * against the rule and the search goes on. Conditions see an empty
 * environment (env and $ENV are {}): no rule can read a token. */
#ifndef SC_RULES_H
#define SC_RULES_H
#include <jv.h>

#include "buf.h"
#include "jval.h"

struct rule_src {
	const char *name;
	const char *expr;  /* jq; NULL means "true" */
	int cont;          /* "continue": true */
};

struct rule_set;

/* Compiles the rules (the array must outlive the set). With explain, a
 * second program that evaluates every rule is compiled too. On a compile
 * error returns NULL with one line per faulty rule in err:
 * "rule 'NAME': syntax error, …". */
struct rule_set *rules_compile(const struct rule_src *rules, int n, int explain,
			       struct buf *err);
void rules_free(struct rule_set *rs);

/* Evaluates rec (borrowed). Writes the indices of the matching rules, in
 * order, to matched (the "continue" ones, then the one that stopped the
 * search, if any) and returns how many; at most max. A rule that raised an
 * error on this record is reported through on_error (message borrowed). */
int rules_eval(struct rule_set *rs, jv rec, int *matched, int max,
	       void (*on_error)(void *ctx, int rule, const char *msg), void *ctx);
/* The same on the record read in place (jval.h): the rules in C read doc;
 * only when libjq must decide is *rec made from it (when *rec is not a
 * valid jv already; the caller frees it). */
int rules_eval_doc(struct rule_set *rs, const struct jval *doc, jv *rec, int *matched, int max,
		   void (*on_error)(void *ctx, int rule, const char *msg), void *ctx);

/* For --explain: one line per rule tried, in order, until the search stops:
 * "rule 'NAME': match" / "no match (false)" / "error: …", then the rules
 * not tried. Appended to out. */
void rules_explain(struct rule_set *rs, jv rec, struct buf *out);

/* The rules whose jq text is of the shapes lib/rulec.c knows are
 * evaluated in C, to the same decisions; a record on which one of them
 * would raise an error, or that reaches a rule libjq keeps, is decided by
 * libjq as before. rules_use_c(0) makes the sets compiled afterwards use
 * libjq alone (the differential tests); rules_in_c says how many rules of
 * a set are in C. --explain is libjq's either way. */
void rules_use_c(int on);
int rules_in_c(const struct rule_set *rs);

#endif
