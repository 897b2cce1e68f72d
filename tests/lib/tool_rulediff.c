/* tool_rulediff RULES RECORDS...: every rule of RULES (JSON lines, one jq
 * text as a JSON string each) decided on every record of RECORDS (JSON
 * lines; a line that does not parse is skipped) by libjq alone and by the
 * C evaluator (lib/rulec.c) through rules_eval, each rule alone and all
 * of them as one first-match set, on the record's jv and on the record
 * read in place from simdjson's document (rules_eval_doc, as sc-route
 * reads it). Prints each disagreement and a summary; exit 1 on any
 * disagreement, 2 on a usage or file error.
 *
 *   rule N in C|jq: TEXT          for every rule
 *   DIFF rule N FILE:LINE: jq=… c=…        (c-doc=…: on simdjson's document)
 *   N rules (K in C), M records (S read in place), D decisions, C by the C tree, F given to jq, X differences */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jparse.h"
#include "rulec.h"
#include "rules.h"

static struct buf errs;

static void on_err(void *ctx, int rule, const char *msg)
{
	(void)ctx;
	buf_printf(&errs, "[%d error: %s]", rule, msg);
}

static const char *answer(const int *m, int n, struct buf *out);

/* rules_eval's answer as text: the matches, then the errors reported. */
static const char *decide(struct rule_set *rs, jv rec, struct buf *out)
{
	int m[256], n;

	buf_reset(&errs);
	buf_reset(out);
	n = rules_eval(rs, rec, m, 256, on_err, NULL);
	return answer(m, n, out);
}

/* The same on the record read in place (no jv given: made where jq runs). */
static const char *decide_doc(struct rule_set *rs, const struct jval *doc, struct buf *out)
{
	int m[256], n;
	jv v = jv_invalid();

	buf_reset(&errs);
	buf_reset(out);
	n = rules_eval_doc(rs, doc, &v, m, 256, on_err, NULL);
	jv_free(v);
	return answer(m, n, out);
}

static const char *answer(const int *m, int n, struct buf *out)
{
	for (int i = 0; i < n; i++)
		buf_printf(out, "%s%d", i ? "," : "", m[i]);
	if (!n)
		buf_puts(out, "-");
	buf_put(out, errs.p, errs.len);
	return buf_cstr(out);
}

static int read_rules(const char *path, struct rule_src **r)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int n = 0;

	if (!f) {
		perror(path);
		exit(2);
	}
	while (getline(&line, &cap, f) > 0) {
		jv s = jv_parse(line);
		if (jv_get_kind(s) != JV_KIND_STRING) {
			fprintf(stderr, "%s: rule %d: not a JSON string\n", path, n + 1);
			exit(2);
		}
		*r = realloc(*r, (size_t)(n + 1) * sizeof **r);
		(*r)[n].name = strdup("r");
		(*r)[n].expr = strdup(jv_string_value(s));
		(*r)[n].cont = n % 3 == 1; /* the whole set: some "continue" rules too */
		n++;
		jv_free(s);
	}
	free(line);
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	struct rule_src *r = NULL;
	struct rule_set **jqs, **cs, *all_jq, *all_c;
	struct buf a = BUF_INIT, b = BUF_INIT, err = BUF_INIT;
	struct rulec **tree;
	unsigned long records = 0, in_place = 0, decisions = 0, by_c = 0, to_jq = 0, diffs = 0;
	struct jparse jp = JPARSE_INIT;
	int n, inc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: tool_rulediff RULES.jsonl RECORDS.jsonl...\n");
		return 2;
	}
	n = read_rules(argv[1], &r);
	jqs = calloc((size_t)n, sizeof *jqs);
	cs = calloc((size_t)n, sizeof *cs);
	tree = calloc((size_t)n, sizeof *tree);
	for (int i = 0; i < n; i++) {
		/* each rule alone (a set keeps its rule_src: r[i] outlives it) */
		rules_use_c(0);
		jqs[i] = rules_compile(&r[i], 1, 0, &err);
		rules_use_c(1);
		cs[i] = jqs[i] ? rules_compile(&r[i], 1, 0, &err) : NULL;
		tree[i] = cs[i] && rules_in_c(cs[i]) ? rulec_compile(r[i].expr) : NULL;
		inc += tree[i] != NULL;
		jv text = jv_dump_string(jv_string(r[i].expr), 0); /* on one line */
		printf("rule %d %s: %s\n", i + 1, !jqs[i] ? "does not compile" : tree[i] ? "in C" : "jq",
		       jv_string_value(text));
		jv_free(text);
	}
	/* the set: the rules libjq compiles, in order */
	struct rule_src *ok = calloc((size_t)n + 1, sizeof *ok);
	int nok = 0;
	for (int i = 0; i < n; i++)
		if (jqs[i])
			ok[nok++] = r[i];
	rules_use_c(0);
	all_jq = rules_compile(ok, nok, 0, &err);
	rules_use_c(1);
	all_c = rules_compile(ok, nok, 0, &err);
	for (int f = 2; f < argc; f++) {
		FILE *in = fopen(argv[f], "r");
		char *line = NULL;
		size_t cap = 0;
		unsigned long ln = 0;
		ssize_t len;
		if (!in) {
			perror(argv[f]);
			return 2;
		}
		while ((len = getline(&line, &cap, in)) > 0) {
			jv rec = jv_parse_sized(line, (int)len), dv;
			struct jval doc;
			ln++;
			if (!jv_is_valid(rec)) {
				jv_free(rec);
				continue;
			}
			records++;
			jparse_doc(&jp, line, (size_t)len, 0, &doc, &dv);
			in_place += doc.simd;
			for (int i = 0; i < n; i++) {
				if (!jqs[i])
					continue;
				decisions++;
				if (tree[i])
					rulec_eval(tree[i], rec) == RULEC_ASK_JQ ? to_jq++ : by_c++;
				if (strcmp(decide(jqs[i], rec, &a), decide(cs[i], rec, &b))) {
					diffs++;
					printf("DIFF rule %d %s:%lu: jq=%s c=%s\n", i + 1, argv[f], ln, a.p, b.p);
				}
				if (doc.simd && strcmp(a.p, decide_doc(cs[i], &doc, &b))) {
					diffs++;
					printf("DIFF rule %d %s:%lu: jq=%s c-doc=%s\n", i + 1, argv[f], ln, a.p, b.p);
				}
			}
			if (all_jq && all_c && strcmp(decide(all_jq, rec, &a), decide(all_c, rec, &b))) {
				diffs++;
				printf("DIFF all rules %s:%lu: jq=%s c=%s\n", argv[f], ln, a.p, b.p);
			}
			if (all_jq && all_c && doc.simd && strcmp(a.p, decide_doc(all_c, &doc, &b))) {
				diffs++;
				printf("DIFF all rules %s:%lu: jq=%s c-doc=%s\n", argv[f], ln, a.p, b.p);
			}
			jv_free(dv);
			jv_free(rec);
		}
		free(line);
		fclose(in);
	}
	printf("%d rules (%d in C), %lu records (%lu read in place), %lu decisions, %lu by the C tree, "
	       "%lu given to jq, %lu differences\n", n, inc, records, in_place, decisions, by_c, to_jq, diffs);
	jparse_free(&jp);
	for (int i = 0; i < n; i++) {
		rules_free(jqs[i]);
		rules_free(cs[i]);
		rulec_free(tree[i]);
		free((char *)r[i].name);
		free((char *)r[i].expr);
	}
	rules_free(all_jq);
	rules_free(all_c);
	free(ok);
	free(jqs);
	free(cs);
	free(tree);
	free(r);
	buf_free(&a);
	buf_free(&b);
	buf_free(&err);
	buf_free(&errs);
	return diffs ? 1 : 0;
}
