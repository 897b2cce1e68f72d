#include "jparse.h"
#include "jval.h"
#include "rules.h"
#include "tap.h"

static char errs[512];

static void on_err(void *ctx, int rule, const char *msg)
{
	(void)ctx;
	snprintf(errs + strlen(errs), sizeof errs - strlen(errs), "[%d %s]", rule, msg);
}

/* The matches for a record as "a,b", "-" for none. */
static const char *eval(struct rule_set *rs, const char *json)
{
	static char out[128];
	int m[16], n;
	jv rec = jv_parse(json);

	errs[0] = '\0';
	n = rules_eval(rs, rec, m, 16, on_err, NULL);
	jv_free(rec);
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d", i ? "," : "", m[i]);
	return n ? out : "-";
}

/* The rules in C share what they read of a record (rulec_memo): seventy
 * objects with the same key fill its 64 slots more than once, and records
 * parsed one after the other into the same document reuse its places. */
static void shared_reads(void)
{
	enum { K = 70 };
	static const int order[3] = {0, 1, 0}, bump[3] = {-1, -1, 5};
	struct rule_src r[K + 1];
	char expr[K][32];
	struct buf err = BUF_INIT, line = BUF_INIT;
	struct jparse jp = JPARSE_INIT;
	struct rule_set *rs;
	const char *want[3] = {"70", "70", "5"};

	for (int k = 0; k < K; k++) {
		snprintf(expr[k], sizeof expr[k], ".o%d.x != %d", k, k);
		r[k] = (struct rule_src){"differs", expr[k], 0};
	}
	r[K] = (struct rule_src){"rest", NULL, 0};
	rs = rules_compile(r, K + 1, 0, &err);
	ok(rs && rules_in_c(rs) == K + 1, "seventy rules in C: %s", err.len ? err.p : "");
	for (int t = 0; rs && t < 3; t++) {
		struct jval d;
		jv v;
		int m[4], n;
		char got[16] = "-";

		/* the members in order, then reversed (each object elsewhere in
		 * the document), then with o5.x changed */
		buf_reset(&line);
		buf_putc(&line, '{');
		for (int i = 0; i < K; i++) {
			int k = order[t] ? K - 1 - i : i;
			buf_printf(&line, "%s\"o%d\":{\"x\":%d}", i ? "," : "", k, k == bump[t] ? k + 1 : k);
		}
		buf_putc(&line, '}');
		jparse_doc(&jp, line.p, line.len, 0, &d, &v);
		n = rules_eval_doc(rs, &d, &v, m, 4, NULL, NULL);
		if (n == 1)
			snprintf(got, sizeof got, "%d", m[0]);
		ok(d.simd, "record %d read in place", t + 1);
		is_str(got, want[t], "record %d: each rule reads its own object's x", t + 1);
		jv_free(v);
	}
	rules_free(rs);
	jparse_free(&jp);
	buf_free(&line);
	buf_free(&err);
}

int main(void)
{
	struct buf err = BUF_INIT, ex = BUF_INIT;
	struct rule_src r[] = {
		{"spam", ".class.intent == \"spam\"", 0},
		{"vip", ".class.vip  # a comment ends at the line's end", 1},
		{"shouty", "(.lang | ascii_downcase) == \"it\"", 0},
		{"nothing", "empty", 0},
		{"several", "(false, true)", 0},
		{"rest", NULL, 0},
	};
	struct rule_set *rs = rules_compile(r, 6, 1, &err);

	ok(rs != NULL, "rules compile: %s", err.len ? err.p : "");
	if (!rs)
		return tap_done();
	is_str(eval(rs, "{\"class\":{\"intent\":\"spam\"},\"lang\":\"it\"}"), "0", "first match stops the search");
	is_str(eval(rs, "{\"class\":{\"vip\":true},\"lang\":\"IT\"}"), "1,2", "a continue match, then the deciding one");
	is_str(eval(rs, "{\"lang\":\"en\"}"), "5", "the default (no condition) matches last");
	is_str(errs, "", "no errors when none happen");
	is_str(eval(rs, "{\"class\":{\"vip\":true}}"), "1,5", "an error in a condition: no match, the search goes on");
	is_str(errs, "[2 explode input must be a string]", "and the error names the rule");
	is_str(eval(rs, "{\"lang\":\"fr\",\"x\":1}"), "5", "a condition's first output decides: (false, true) does not match");
	jv it = jv_parse("{\"lang\":\"it\"}"), fr = jv_parse("{\"lang\":\"fr\"}");
	rules_explain(rs, it, &ex);
	is_str(buf_cstr(&ex), "rule 'spam': no match (false)\n"
	       "rule 'vip' (continue): no match (null)\n"
	       "rule 'shouty': match (true)\n"
	       "rule 'nothing': not tried\n"
	       "rule 'several': not tried\n"
	       "rule 'rest': not tried\n", "explain tells each rule's outcome");
	buf_reset(&ex);
	rules_explain(rs, fr, &ex);
	jv_free(it);
	jv_free(fr);
	ok(strstr(ex.p, "rule 'nothing': no match (no output)") != NULL, "explain: a condition without output");
	rules_free(rs);

	struct rule_src bad[] = {{"ok", "true", 0}, {"broken", ".a ==", 0}, {"undefined", "nosuch(1)", 0}};
	buf_reset(&err);
	ok(rules_compile(bad, 3, 0, &err) == NULL, "a bad rule fails the compile");
	ok(strstr(err.p, "rule 'broken': syntax error") && strstr(err.p, "rule 'undefined': nosuch/1 is not defined") &&
	   !strstr(err.p, "rule 'ok'"), "each bad rule is named, good ones are not");
	struct rule_src open_paren[] = {{"unclosed", "(.a == 1", 0}};
	buf_reset(&err);
	ok(rules_compile(open_paren, 1, 0, &err) == NULL && strstr(err.p, "rule 'unclosed'"),
	   "an unclosed parenthesis is the rule's error");
	/* libjq pitfalls (LIBJQ-NOTES 6, 7): no input to read, no module to import */
	struct rule_src io[] = {{"reads", "[inputs] == []", 1}, {"imports", "import \"x\" as x; true", 1}};
	buf_reset(&err);
	rs = rules_compile(io, 1, 0, &err);
	ok(rs != NULL, "a rule using inputs compiles");
	if (rs) {
		jv e = jv_parse("{}");
		int m[4];
		ok(rules_eval(rs, e, m, 4, NULL, NULL) == 1, "and sees no more input");
		jv_free(e);
		rules_free(rs);
	}
	buf_reset(&err);
	ok(rules_compile(io + 1, 1, 0, &err) == NULL && strstr(err.p, "rule 'imports'"),
	   "an import fails cleanly, without aborting: %s", err.p);
	buf_free(&err);
	buf_free(&ex);
	shared_reads();
	return tap_done();
}
