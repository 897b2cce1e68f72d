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

#include <jv.h>

#include "jparse.h"
#include "routecfg.h"
#include "rules.h"

/* The rules of a routes.json, read by sc-route's own loader. */
static struct rule_set *load_rules(const char *path)
{
	static struct route_cfg cfg; /* its rule texts live as long as the set */
	struct buf err = BUF_INIT;
	struct rule_set *rs;

	if (routecfg_load(&cfg, path, &err) ||
	    !(rs = rules_compile(cfg.src, cfg.nrules, 0, &err))) {
		fprintf(stderr, "jqfloor: %s: %s\n", path, buf_cstr(&err));
		exit(3);
	}
	buf_free(&err);
	return rs;
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
