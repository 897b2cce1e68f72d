/* The rule engine (lib/rules.c): each input line is one rule, "NAME<TAB>jq"
 * ("+NAME" marks a continue rule); the set is compiled with --explain's
 * second program and tried on the input itself when it parses as JSON,
 * else on a fixed record. */
#include <string.h>

#include "fuzz.h"
#include "rules.h"

#define MAX_RULES 16

static const char rec[] =
	"{\"id\":\"x:1\",\"source\":\"x\",\"channel\":\"public\",\"direction\":\"in\","
	"\"created_at\":\"2024-05-01T10:00:00Z\",\"text\":\"my order is late\","
	"\"author\":{\"id\":\"x:2\",\"handle\":\"ann\",\"followers\":12},"
	"\"class\":{\"intent\":\"complaint\",\"sentiment\":-0.6,\"topics\":[\"delivery\"]}}";

static void on_error(void *ctx, int rule, const char *msg)
{
	(void)ctx;
	(void)rule;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *p = (char *)fuzz_str(data, size), *line;
	struct rule_src src[MAX_RULES];
	struct buf err = BUF_INIT, out = BUF_INIT;
	struct rule_set *rs;
	int n = 0, matched[MAX_RULES];
	jv v = jv_parse_sized((const char *)data, (int)size);

	if (!jv_is_valid(v)) {
		jv_free(v);
		v = jv_parse(rec);
	}
	while (n < MAX_RULES && (line = strsep(&p, "\n"))) {
		char *tab = strchr(line, '\t');
		int cont = line[0] == '+';
		if (tab)
			*tab = '\0';
		src[n++] = (struct rule_src){line + cont, tab ? tab + 1 : NULL, cont};
	}
	if ((rs = rules_compile(src, n, 1, &err))) {
		rules_eval(rs, v, matched, MAX_RULES, on_error, NULL);
		rules_explain(rs, v, &out);
		rules_free(rs);
	}
	jv_free(v);
	buf_free(&err);
	buf_free(&out);
	return 0;
}
