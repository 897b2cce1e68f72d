/* bench/jqfloor - what libjq alone costs per record, the floor under every
 * sc stage that parses records (all of them, since parsing is libjq's):
 *
 *     jqfloor < records.jsonl              parse each line, free it
 *     jqfloor ROUTES.json < records.jsonl  and evaluate ROUTES.json's rules
 *                                          as sc-route does (one jq program,
 *                                          first match; lib/rules.c)
 *
 * Lines are parsed by lib/jparse.c, as the tools do. Prints the count of
 * records (and of rule matches) on stderr; nothing on stdout. Built and run
 * by bench/run against the same inputs as the tools. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jv.h>

#include "jget.h"
#include "jparse.h"
#include "rules.h"

static struct rule_set *load_rules(const char *path)
{
	jv cfg = jget_file(path), rules;
	struct rule_src *r;
	struct buf err = BUF_INIT;
	struct rule_set *rs;
	int n;

	if (jv_get_kind(cfg) != JV_KIND_OBJECT) {
		fprintf(stderr, "jqfloor: %s: not a configuration\n", path);
		exit(2);
	}
	rules = jv_object_get(cfg, jv_string("rules"));
	n = jv_array_length(jv_copy(rules));
	r = calloc((size_t)n, sizeof *r);
	for (int i = 0; i < n; i++) {
		jv o = jv_array_get(jv_copy(rules), i);
		jv name = jv_object_get(jv_copy(o), jv_string("name"));
		jv e = jv_object_get(jv_copy(o), jv_string("if"));
		jv c = jv_object_get(o, jv_string("continue"));
		r[i].name = strdup(jv_string_value(name));
		r[i].expr = jv_get_kind(e) == JV_KIND_STRING ? strdup(jv_string_value(e)) : NULL;
		r[i].cont = jv_get_kind(c) == JV_KIND_TRUE;
		jv_free(name);
		jv_free(e);
		jv_free(c);
	}
	jv_free(rules);
	if (!(rs = rules_compile(r, n, 0, &err))) {
		fprintf(stderr, "jqfloor: %s: %s\n", path, err.p);
		exit(3);
	}
	return rs; /* r stays with rs until exit */
}

int main(int argc, char **argv)
{
	struct rule_set *rs = argc > 1 ? load_rules(argv[1]) : NULL;
	struct jparse jp = JPARSE_INIT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long n = 0, matches = 0;

	while ((len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			len--;
		jv v = jparse_line(&jp, line, (size_t)len);
		if (rs && jv_get_kind(v) == JV_KIND_OBJECT) {
			int m[64];
			matches += rules_eval(rs, v, m, 64, NULL, NULL) > 0;
		}
		jv_free(v);
		n++;
	}
	fprintf(stderr, "jqfloor: %ld records%s", n, rs ? "" : "\n");
	if (rs)
		fprintf(stderr, ", %ld matched a rule\n", matches);
	jparse_free(&jp);
	free(line);
	if (rs)
		rules_free(rs);
	return 0;
}
