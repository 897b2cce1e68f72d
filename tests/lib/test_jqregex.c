/* jqregex.c: libjq's regex compiles are kept, and the results stay right. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <oniguruma.h>

#include "jqregex.h"
#include "rules.h"
#include "tap.h"

static OnigRegex compile(const char *pat, OnigOptionType opt)
{
	OnigRegex reg = NULL;
	OnigErrorInfo ei;
	const OnigUChar *p = (const OnigUChar *)pat;

	if (onig_new(&reg, p, p + strlen(pat), opt, ONIG_ENCODING_UTF8, ONIG_SYNTAX_PERL_NG, &ei) != ONIG_NORMAL)
		return NULL;
	return reg;
}

static int found(OnigRegex reg, const char *s)
{
	const OnigUChar *p = (const OnigUChar *)s, *e = p + strlen(s);
	OnigRegion *rg = onig_region_new();
	int r = onig_search(reg, p, e, p, e, rg, ONIG_OPTION_NONE);

	onig_region_free(rg, 1);
	return r >= 0;
}

static unsigned long compiled(void)
{
	unsigned long c, r;
	jqregex_counts(&c, &r);
	return c;
}

static void *other_thread(void *arg)
{
	OnigRegex *out = arg;
	*out = compile("down|outage", ONIG_OPTION_IGNORECASE);
	onig_free(*out);
	return NULL;
}

/* Matches of rules over n records, as a count per rule index. */
static void run_rules(struct rule_set *rs, int n, int *hits)
{
	char json[128];
	for (int i = 0; i < n; i++) {
		int m[4], k;
		snprintf(json, sizeof json, "{\"text\":\"%s %d\",\"p\":\"^x%d$\"}",
			 i % 3 == 0 ? "Service DOWN again" : i % 3 == 1 ? "my lawyer" : "thanks", i, i % 100);
		jv rec = jv_parse(json);
		k = rules_eval(rs, rec, m, 4, NULL, NULL);
		jv_free(rec);
		for (int j = 0; j < k; j++)
			hits[m[j]]++;
	}
}

int main(void)
{
	unsigned long c0 = compiled();
	OnigRegex a = compile("down|outage", ONIG_OPTION_IGNORECASE);
	onig_free(a);
	OnigRegex b = compile("down|outage", ONIG_OPTION_IGNORECASE);
	ok(compiled() - c0 == 2, "before jqregex_enable every onig_new compiles");
	onig_free(b);

	jqregex_enable();
	c0 = compiled();
	a = compile("down|outage", ONIG_OPTION_IGNORECASE);
	onig_free(a); /* kept */
	b = compile("down|outage", ONIG_OPTION_IGNORECASE);
	ok(a == b && compiled() - c0 == 1, "the same pattern again: the kept compile is handed back");
	ok(found(b, "the site is DOWN") && !found(b, "all good"), "and it still searches right after onig_free");
	onig_free(b);
	OnigRegex c = compile("down|outage", ONIG_OPTION_NONE);
	ok(c != a && compiled() - c0 == 2, "other options: a compile of its own");
	ok(!found(c, "DOWN") && found(c, "down"), "and its own behaviour (case-sensitive)");
	onig_free(c);
	OnigRegex d = compile("down|outag", ONIG_OPTION_IGNORECASE);
	ok(d != a && compiled() - c0 == 3, "another pattern of another length: a compile of its own");
	onig_free(d);
	ok(compile("(", ONIG_OPTION_NONE) == NULL, "a bad pattern still fails");

	pthread_t t;
	OnigRegex theirs = NULL;
	pthread_create(&t, NULL, other_thread, &theirs);
	pthread_join(t, NULL);
	ok(theirs && theirs != a, "another thread gets its own compile, never one in use here");

	/* Through libjq: 3,000 records, two regex rules and one built from the
	 * data (more patterns than are kept). */
	struct buf err = BUF_INIT;
	struct rule_src r[] = {
		{"legal", ".text | test(\"lawyer|avvocato\"; \"i\")", 0},
		{"outage", ".text | test(\"outage|down\"; \"i\")", 0},
		{"dynamic", ".p as $p | (\"x\" + (.text | split(\" \") | last)) | test($p)", 0},
		{"rest", NULL, 0},
	};
	struct rule_set *rs = rules_compile(r, 4, 0, &err);
	ok(rs != NULL, "rules compile");
	if (!rs)
		return tap_done();
	int hits[4] = {0};
	c0 = compiled();
	run_rules(rs, 3000, hits);
	is_int(hits[0], 1000, "the legal rule matched every 'my lawyer' record");
	is_int(hits[1], 1000, "the outage rule matched every 'DOWN' record, case-insensitively");
	is_int(hits[2], 33, "the pattern made from each record matched where it should (i < 100)");
	is_int(hits[3], 967, "the rest fell through");
	unsigned long n = compiled() - c0;
	/* 2 kept rule patterns, then 100 patterns made from the data over
	 * 1,000 records: some kept, the rest compiled each time */
	ok(n > 100 && n < 1000, "kept patterns are not compiled again, the others are (%lu compiles)", n);
	rules_free(rs);
	buf_free(&err);
	return tap_done();
}
