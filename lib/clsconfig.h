/* sc-classify's configuration file (JSON, parsed by libjq): thresholds,
 * marketing accounts, lexicon additions, the topic taxonomy and rules.
 * See sc-classify(1), CONFIGURATION. */
#ifndef SC_CLSCONFIG_H
#define SC_CLSCONFIG_H
#include <jv.h>

#include "buf.h"
#include "classify.h"
#include "rules.h"

/* Rules in the order they apply: topic conditions first, then the rules. */
struct clsrules {
	int n, cap;
	char **name, **expr;
	jv *set;           /* object merged into "class" when the rule holds */
	struct rule_src *src; /* the conditions for rules.c: every one is tried */
};

/* Reads path into c and r. On error: a message naming the key (and rule)
 * in err, -1. */
int clsconf_load(struct classifier *c, struct clsrules *r, const char *path, struct buf *err);
void clsrules_free(struct clsrules *r);

#endif
