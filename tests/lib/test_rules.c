/* The jq rule layer: one program for all rules, errors by rule name. */
#include <string.h>

#include "rules.h"
#include "tap.h"

int main(void)
{
	char *names[] = {"vip", "complaint", "lang", "env"};
	char *exprs[] = {".author.followers > 1000", ".class.complaint", ".lang == \"it\"", "$ENV | type == \"object\""};
	char *bad_names[] = {"fine", "broken", "also-broken"};
	char *bad_exprs[] = {".a", ".a ==", "nosuchfn(1)"};
	char *rt_names[] = {"regex", "after"};
	char *rt_exprs[] = {".text | test(\"(\")", "true"};
	char *io_names[] = {"input", "import"};
	char *io_exprs[] = {"[inputs] | length == 0", "true"};
	struct rules r;
	struct buf err = BUF_INIT;
	int match[8], n;

	ok(rules_compile(&r, names, exprs, 4, &err) == 0, "four rules compile into one program");
	n = rules_eval(&r, jv_parse("{\"author\":{\"followers\":5000},\"class\":{\"complaint\":true},\"lang\":\"en\"}"),
		       match, 8);
	ok(n == 3 && match[0] == 0 && match[1] == 1 && match[2] == 3, "matching rules in rule order");
	n = rules_eval(&r, jv_parse("{\"lang\":\"it\"}"), match, 8);
	ok(n == 2 && match[0] == 2, "a rule on a missing field simply does not hold");
	rules_free(&r);

	ok(rules_compile(&r, bad_names, bad_exprs, 3, &err) < 0, "a bad rule fails the compile");
	ok(strstr(buf_cstr(&err), "rule broken:") && strstr(buf_cstr(&err), "rule also-broken:") &&
	   !strstr(buf_cstr(&err), "rule fine:"), "every bad rule is named, and only those: %s", buf_cstr(&err));
	ok(r.jq == NULL, "nothing is left behind");

	buf_reset(&err);
	ok(rules_compile(&r, rt_names, rt_exprs, 2, &err) == 0, "a run-time error compiles");
	n = rules_eval(&r, jv_parse("{\"text\":\"x\"}"), match, 8);
	ok(n == 1 && match[0] == 1 && r.errors[0] == 1, "a run-time error counts against its rule; the others still run");
	rules_free(&r);

	ok(rules_compile(&r, io_names, io_exprs, 2, &err) == 0, "inputs compiles");
	n = rules_eval(&r, jv_parse("{}"), match, 8);
	ok(n == 2, "inputs sees no more input (the input callback is set)");
	rules_free(&r);
	char *imp[] = {"import \"x\" as x; true"};
	buf_reset(&err);
	ok(rules_compile(&r, io_names + 1, imp, 1, &err) < 0, "an import in a rule fails cleanly, without aborting");
	buf_free(&err);
	return tap_done();
}
