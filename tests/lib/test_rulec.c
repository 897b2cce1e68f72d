/* lib/rulec.c: which jq texts become a C tree, and what the tree answers
 * (the agreement with libjq on a corpus is tests/sc-route/130-rulediff). */
#include "rulec.h"
#include "rules.h"
#include "tap.h"

/* The tree's answer for expr on json: 1, 0, -1 (jq decides), -2 (no tree). */
static int eval(const char *expr, const char *json)
{
	struct rulec *c = rulec_compile(expr);
	jv rec = jv_parse(json);
	int r = c ? rulec_eval(c, rec) : -2;

	jv_free(rec);
	rulec_free(c);
	return r;
}

int main(void)
{
	static const char *in_c[] = {
		".class.intent == \"spam\"", "(.author.followers // 0) >= 10000", "true", NULL,
		"(.text // \"\") | test(\"outage|caída\"; \"i\")", ".a | not", "not", ".", ".and",
		"any(.tags[]; . == \"x\")", ".tags | any(. == 1)", "all", ".lang | IN(\"it\", \"es\")",
		".tags | index(\"x\")", ".n < -0.5", "# why\n.a", ".a.b==1 or .c!=2 and .d<=3",
		"(.class.sentiment // 0) < -0.5",
	};
	static const char *not_c[] = {
		".a[]", ".tags[] == \"x\"", "(.lang | ascii_downcase) == \"it\"", "\"\\(.a)\" == \"x\"",
		".a == 1 == 2", ".a | test(\"(\")", ".a | test(\"x\"; \"q\")", ".a | test(.re)",
		"$ENV.X", ".a + 1 > 2", ".[0]", ".a?", "..", ".a as $x | $x", "if .a then 1 else 2 end",
		"IN()", ".a, .b", ".a // \"x\" |= 1", "\"\\ud83d\"", "1.5.2", "foo::bar",
		".a |", "(.a", "\"unterminated", "\"\\x\"", ".a\r== 1",
	};
	struct rule_src bench[] = {
		{"a", ".class.intent == \"spam\"", 0}, {"b", ".x | ascii_downcase", 0}, {"c", NULL, 0},
	};
	struct buf err = BUF_INIT;
	struct rule_set *rs;
	int m[4];
	jv rec;

	for (size_t i = 0; i < sizeof in_c / sizeof *in_c; i++) {
		struct rulec *c = rulec_compile(in_c[i]);
		ok(c != NULL, "in C: %.*s", in_c[i] ? (int)strcspn(in_c[i], "\n") : 4, in_c[i] ? in_c[i] : "true");
		rulec_free(c);
	}
	for (size_t i = 0; i < sizeof not_c / sizeof *not_c; i++) {
		struct rulec *c = rulec_compile(not_c[i]);
		ok(c == NULL, "left to libjq: %s", not_c[i]);
		rulec_free(c);
	}

	ok(eval(".a.b == 2", "{\"a\":{\"b\":2}}") == 1, "a path");
	ok(eval(".a.b == 2", "{\"a\":{\"b\":\"2\"}}") == 0, "a number is not its string");
	ok(eval(".a.b", "{\"a\":null}") == 0, "a path through null is null");
	ok(eval(".a.b", "{\"a\":\"s\"}") == -1, "a field of a string is jq's error");
	ok(eval(".a.b", "{\"a\":[1]}") == -1, "a field of an array is jq's error");
	ok(eval(".a // .b", "{\"a\":false,\"b\":0}") == 1, "// takes the right when the left is false; 0 is true");
	ok(eval("(.a // 0) < -0.5", "{\"a\":-1}") == 1, "a negative literal");
	ok(eval(".n < \"a\"", "{\"n\":99}") == 1, "numbers sort before strings (jv_cmp)");
	ok(eval(".n == 1", "{\"n\":1.0}") == 1, "1.0 == 1");
	ok(eval(".s == \"\\u00e9\"", "{\"s\":\"é\"}") == 1, "a \\u escape is the character");
	ok(eval(".s | test(\"^É\"; \"i\")", "{\"s\":\"été\"}") == 1, "i: case-insensitive beyond ASCII");
	ok(eval(".s | test(\"a.b\")", "{\"s\":\"a\\nb\"}") == 0, "without s, . stops at a newline");
	ok(eval(".s | test(\"a.b\"; \"p\")", "{\"s\":\"a\\nb\"}") == 1, "p: . takes a newline");
	ok(eval(".s | test(\"a.b\"; \"s\")", "{\"s\":\"a\\nb\"}") == 0, "s is Oniguruma's single line, not dot-all");
	ok(eval(".x | index(\"\")", "{\"x\":\"ab\"}") == -1, "an empty needle is jq's");
	ok(eval(".s | test(\"x\")", "{\"s\":5}") == -1, "test of a number is jq's error");
	ok(eval("any(.t[]; . == \"v\")", "{\"t\":[\"a\",\"v\"]}") == 1, "any over an array");
	ok(eval("any(.t[]; . == \"v\")", "{\"t\":{\"k\":\"v\"}}") == 1, "any over an object's values");
	ok(eval("any(.t[]; . == \"v\")", "{\"t\":null}") == -1, "any over null is jq's error");
	ok(eval("any(.t[]; test(\"v\"))", "{\"t\":[\"v\",5]}") == 1, "any stops at its first true, before an error");
	ok(eval("any(.t[]; test(\"v\"))", "{\"t\":[5,\"v\"]}") == -1, "an error before it is jq's");
	ok(eval(".t | all(. != \"x\")", "{\"t\":[]}") == 1, "all of nothing");
	ok(eval(".t | index(\"v\")", "{\"t\":[\"v\"]}") == 1, "index 0 is true");
	ok(eval(".t | index(\"v\")", "{\"t\":[\"w\"]}") == 0, "no index is null");
	ok(eval(".l | IN(\"it\", \"es\")", "{\"l\":\"es\"}") == 1, "IN");
	ok(eval("null", "{}") == 0 && eval("0", "{}") == 1, "null does not match, 0 does");

	/* rule sets: the C rules first, a rule libjq keeps sends the record to
	 * it; rules_use_c(0) for the differential tool */
	rs = rules_compile(bench, 3, 0, &err);
	ok(rs && rules_in_c(rs) == 2, "two of the three rules in C");
	rec = jv_parse("{\"class\":{\"intent\":\"spam\"}}");
	ok(rules_eval(rs, rec, m, 4, NULL, NULL) == 1 && m[0] == 0, "decided in C");
	jv_free(rec);
	rec = jv_parse("{\"x\":\"A\"}");
	ok(rules_eval(rs, rec, m, 4, NULL, NULL) == 1 && m[0] == 1, "reaching the libjq rule: libjq decides");
	jv_free(rec);
	rules_free(rs);
	rules_use_c(0);
	rs = rules_compile(bench, 3, 0, &err);
	ok(rs && rules_in_c(rs) == 0, "rules_use_c(0): libjq alone");
	rules_free(rs);
	buf_free(&err);
	return tap_done();
}
