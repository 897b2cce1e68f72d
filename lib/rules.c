#include <stdlib.h>
#include <string.h>

#include <jq.h>

#include "diag.h"
#include "jqregex.h"
#include "jsonw.h"
#include "rulec.h"
#include "rules.h"

struct rule_set {
	const struct rule_src *r;
	int n;
	jq_state *fast;     /* if/elif chain: no try, stops at the first match; made
			     * when first needed (below) */
	int fast_tried;     /* compiling it was tried */
	jq_state *jq;       /* the same decision, each condition under try */
	jq_state *ex;       /* the explain program, or NULL */
	struct rulec **c;   /* each rule in C (rulec.c), NULL for those libjq keeps */
	int nc;             /* how many are in C */
	struct rulec_memo memo; /* the members they read of the record */
};

static int use_c = 1;

void rules_use_c(int on)
{
	use_c = on;
}

int rules_in_c(const struct rule_set *rs)
{
	return rs->nc;
}

struct compile_err {
	struct buf *msg;
	int any;
};

/* libjq reports a compile error as "jq: error: WHAT at <top-level>, line N:\nPROGRAM"
 * then "jq: N compile error(s)": keep WHAT. */
static void on_compile_error(void *data, jv msg)
{
	struct compile_err *ce = data;
	const char *s, *end;

	if (jv_get_kind(msg) == JV_KIND_STRING) {
		s = jv_string_value(msg);
		if (!strncmp(s, "jq: error: ", 11)) {
			s += 11;
			end = strstr(s, " at <top-level>");
			if (!end)
				end = s + strcspn(s, "\n");
			if (ce->any++)
				buf_puts(ce->msg, "; ");
			buf_put(ce->msg, s, (size_t)(end - s));
		}
	}
	jv_free(msg);
}

static jv no_input(jq_state *jq, void *data)
{
	(void)jq;
	(void)data;
	return jv_invalid();
}

/* Rules see an empty environment: env and $ENV would hand a rule (and its
 * error messages, --explain, a "set") the tokens in the environment
 * (LIBJQ-NOTES 9). No newline, so jq's line numbers stay the rule's. */
static const char no_env[] = "{} as $ENV | def env: $ENV; ";

/* A jq state that allows no modules and no input (LIBJQ-NOTES 6, 7). */
static jq_state *compile(const char *body, struct buf *errmsg)
{
	struct compile_err ce = {errmsg, 0};
	jq_state *jq = jq_init();
	struct buf program = BUF_INIT;
	int ok;

	if (!jq)
		sc_die(SC_EXIT_FAIL, "cannot start libjq");
	jqregex_enable(); /* rules that test() a regex would compile it per record */
	jq_set_error_cb(jq, on_compile_error, &ce);
	jq_set_attr(jq, jv_string("JQ_ORIGIN"), jv_string("."));
	jq_set_attr(jq, jv_string("PROGRAM_ORIGIN"), jv_string("."));
	jq_set_attr(jq, jv_string("JQ_LIBRARY_PATH"), jv_array());
	jq_set_input_cb(jq, no_input, NULL);
	buf_puts(&program, no_env);
	buf_puts(&program, body);
	ok = jq_compile(jq, buf_cstr(&program));
	buf_free(&program);
	if (!ok) {
		if (!ce.any)
			buf_puts(errmsg, "does not compile");
		jq_teardown(&jq);
		return NULL;
	}
	jq_set_error_cb(jq, NULL, NULL);
	return jq;
}

/* Each condition as a function; newlines keep a "# comment" in a rule
 * from swallowing the rest of the program. */
static void defs(struct buf *p, const struct rule_src *r, int n)
{
	for (int i = 0; i < n; i++)
		buf_printf(p, "def _sc_r%d:\n(%s\n);\n", i, r[i].expr ? r[i].expr : "true");
}

/* Emits [i] for a "continue" match, [i, error] for an error, and ends
 * with the number i of the match that stops the search (-1: none). Each
 * condition is collected into an array ([1] match, [0] no match, [error],
 * [] no output) before the next step: jq 1.6's try also catches errors
 * raised after it when backtracking, so no break/label crosses a try. */
static void decision(struct buf *p, const struct rule_src *r, int n)
{
	defs(p, r, n);
	for (int i = 0; i < n; i++)
		buf_printf(p, "def _sc_m%d: [try (first(_sc_r%d) | if . then 1 else 0 end) catch tostring];\n",
			   i, i);
	for (int i = 0; i < n; i++) {
		buf_printf(p, "(_sc_m%d as $m | ($m | select(.[0] | type == \"string\") | [%d, .[0]]), ", i, i);
		if (r[i].cont)
			buf_printf(p, "($m | select(. == [1]) | [%d]), (\n", i);
		else
			buf_printf(p, "if $m == [1] then %d else (\n", i);
	}
	buf_puts(p, "-1");
	for (int i = n - 1; i >= 0; i--)
		buf_puts(p, r[i].cont ? "))" : ") end)");
	buf_putc(p, '\n');
}

/* The fast decision: "if R0 then 0 else (if R1 …) end", a "continue" rule
 * as "(if Ri then [i] else empty end), (…)". A condition that raises an
 * error or gives no output leaves the chain without a number: the record is
 * then decided again by the careful program. */
static void fast_decision(struct buf *p, const struct rule_src *r, int n)
{
	/* conditions inline: a call per rule costs more than the test itself */
	for (int i = 0; i < n; i++) {
		const char *e = r[i].expr ? r[i].expr : "true";
		if (r[i].cont)
			buf_printf(p, "(if (%s\n) then [%d] else empty end), (\n", e, i);
		else
			buf_printf(p, "if (%s\n) then %d else (\n", e, i);
	}
	buf_puts(p, "-1");
	for (int i = n - 1; i >= 0; i--)
		buf_puts(p, r[i].cont ? ")" : ") end");
	buf_putc(p, '\n');
}

static void explain_program(struct buf *p, const struct rule_src *r, int n)
{
	defs(p, r, n);
	buf_puts(p, "[\n");
	for (int i = 0; i < n; i++)
		buf_printf(p, "%s((try (first(_sc_r%d) | {v: .}) catch {e: tostring}) // {none: true})\n",
			   i ? "," : "", i);
	buf_puts(p, "]\n");
}

/* Finds which rules do not compile on their own, for the message. */
static void blame(const struct rule_src *r, int n, struct buf *err)
{
	struct buf p = BUF_INIT, m = BUF_INIT;
	int found = 0;

	for (int i = 0; i < n; i++) {
		jq_state *jq;
		buf_reset(&p);
		buf_reset(&m);
		buf_printf(&p, "(%s\n)", r[i].expr ? r[i].expr : "true");
		if ((jq = compile(buf_cstr(&p), &m))) {
			jq_teardown(&jq);
			continue;
		}
		buf_printf(err, "%srule '%s': %s", found++ ? "\n" : "", r[i].name, buf_cstr(&m));
	}
	if (!found)
		buf_puts(err, "the rules do not compile together (a rule closes its own parentheses?)");
	buf_cstr(err);
	buf_free(&p);
	buf_free(&m);
}

struct rule_set *rules_compile(const struct rule_src *rules, int n, int explain, struct buf *err)
{
	struct rule_set *rs = sc_xcalloc(1, sizeof *rs);
	struct buf p = BUF_INIT, m = BUF_INIT;

	rs->r = rules;
	rs->n = n;
	decision(&p, rules, n);
	rs->jq = compile(buf_cstr(&p), &m);
	if (rs->jq && explain) {
		buf_reset(&p);
		explain_program(&p, rules, n);
		rs->ex = compile(buf_cstr(&p), &m);
	}
	buf_free(&p);
	buf_free(&m);
	if (!rs->jq || (explain && !rs->ex)) {
		blame(rules, n, err);
		rules_free(rs);
		return NULL;
	}
	rs->c = sc_xcalloc((size_t)n + 1, sizeof *rs->c);
	for (int i = 0; i < n && use_c; i++)
		rs->nc += (rs->c[i] = rulec_compile(rules[i].expr)) != NULL;
	return rs;
}

void rules_free(struct rule_set *rs)
{
	if (!rs)
		return;
	if (rs->jq)
		jq_teardown(&rs->jq);
	if (rs->fast)
		jq_teardown(&rs->fast);
	if (rs->ex)
		jq_teardown(&rs->ex);
	for (int i = 0; rs->c && i < rs->n; i++)
		rulec_free(rs->c[i]);
	free(rs->c);
	free(rs);
}

static int add(int *matched, int n, int max, int i)
{
	for (int k = 0; k < n; k++)
		if (matched[k] == i)
			return n;
	if (n < max)
		matched[n++] = i;
	return n;
}

/* The fast program: 1 when it reached a decision, 0 when the careful one
 * must decide: an error, a condition without output, or a condition with
 * several outputs (seen as more outputs after the decision), whose first
 * output alone counts. */
static int eval_fast(struct rule_set *rs, jv rec, int *matched, int max, int *n)
{
	int decided = 0;
	jv r;

	*n = 0;
	/* Compiled on the first record libjq decides: each jq_compile of
	 * jq 1.6 compiles its whole builtin library again (216 million
	 * instructions for bench/ref/routes20.json's, callgrind), and
	 * when every rule is in C no record may need it.
	 * The careful program, compiled at start, already found the rules
	 * valid; should this one not compile, the careful one decides. */
	if (!rs->fast && !rs->fast_tried) {
		struct buf p = BUF_INIT, m = BUF_INIT;
		rs->fast_tried = 1;
		fast_decision(&p, rs->r, rs->n);
		rs->fast = compile(buf_cstr(&p), &m);
		buf_free(&p);
		buf_free(&m);
	}
	if (!rs->fast)
		return 0;
	jq_start(rs->fast, jv_copy(rec), 0);
	while (jv_is_valid(r = jq_next(rs->fast))) {
		jv_kind k = jv_get_kind(r);
		if (decided) {
			jv_free(r);
			return 0;
		}
		if (k == JV_KIND_NUMBER) {
			int i = (int)jv_number_value(r);
			if (i >= 0)
				*n = add(matched, *n, max, i);
			decided = 1;
		} else if (k == JV_KIND_ARRAY) {
			jv i = jv_array_get(jv_copy(r), 0);
			*n = add(matched, *n, max, (int)jv_number_value(i));
			jv_free(i);
		}
		jv_free(r);
	}
	decided = decided && !jv_invalid_has_msg(jv_copy(r));
	jv_free(r);
	return decided;
}

/* The rules in C, in order, as the careful program decides: the number of
 * matches, or -1 when a rule is libjq's (not in C, or raising an error on
 * this record, whose message is jq's to give). */
static int eval_c(struct rule_set *rs, const struct jval *rec, int *matched, int max)
{
	int n = 0;

	rulec_memo_next(&rs->memo);
	for (int i = 0; i < rs->n; i++) {
		int r = rs->c[i] ? rulec_eval_memo(rs->c[i], rec, &rs->memo) : RULEC_ASK_JQ;
		if (r == RULEC_ASK_JQ)
			return -1;
		if (r == RULEC_MATCH) {
			n = add(matched, n, max, i);
			if (!rs->r[i].cont)
				break;
		}
	}
	return n;
}

static int rules_eval_jq(struct rule_set *rs, jv rec, int *matched, int max,
			 void (*on_error)(void *ctx, int rule, const char *msg), void *ctx);

int rules_eval_doc(struct rule_set *rs, const struct jval *doc, jv *rec, int *matched, int max,
		   void (*on_error)(void *ctx, int rule, const char *msg), void *ctx)
{
	int n;

	if (rs->nc && (n = eval_c(rs, doc, matched, max)) >= 0)
		return n;
	if (!jv_is_valid(*rec))
		*rec = jval_jv(doc);
	return rules_eval_jq(rs, *rec, matched, max, on_error, ctx);
}

int rules_eval(struct rule_set *rs, jv rec, int *matched, int max,
	       void (*on_error)(void *ctx, int rule, const char *msg), void *ctx)
{
	struct jval doc = jval_of_jv(rec);

	return rules_eval_doc(rs, &doc, &rec, matched, max, on_error, ctx);
}

/* libjq decides: the fast program, else the careful one (errors). */
static int rules_eval_jq(struct rule_set *rs, jv rec, int *matched, int max,
			 void (*on_error)(void *ctx, int rule, const char *msg), void *ctx)
{
	int n = 0;
	jv r;

	if (eval_fast(rs, rec, matched, max, &n))
		return n;
	n = 0;
	jq_start(rs->jq, jv_copy(rec), 0);
	while (jv_is_valid(r = jq_next(rs->jq))) {
		if (jv_get_kind(r) == JV_KIND_NUMBER) {
			int i = (int)jv_number_value(r);
			if (i >= 0)
				n = add(matched, n, max, i);
		} else if (jv_get_kind(r) == JV_KIND_ARRAY) {
			int len = jv_array_length(jv_copy(r));
			jv i = jv_array_get(jv_copy(r), 0);
			int k = (int)jv_number_value(i);
			jv_free(i);
			if (len == 1) {
				n = add(matched, n, max, k);
			} else if (len == 2 && on_error) {
				jv msg = jv_array_get(jv_copy(r), 1);
				on_error(ctx, k, jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "error");
				jv_free(msg);
			}
		}
		jv_free(r);
	}
	jv_free(r);
	return n;
}

static void explain_one(struct buf *out, const struct rule_src *r, jv res)
{
	jv v = jv_object_get(jv_copy(res), jv_string("v"));
	jv e = jv_object_get(jv_copy(res), jv_string("e"));

	buf_printf(out, "rule '%s'%s: ", r->name, r->cont ? " (continue)" : "");
	if (jv_is_valid(e) && jv_get_kind(e) == JV_KIND_STRING) {
		buf_printf(out, "error: %s, no match\n", jv_string_value(e));
	} else if (!jv_is_valid(v) || jv_get_kind(v) == JV_KIND_NULL) {
		buf_printf(out, "no match (%s)\n", jv_is_valid(v) ? "null" : "no output");
	} else if (jv_get_kind(v) == JV_KIND_FALSE) {
		buf_puts(out, "no match (false)\n");
	} else {
		jv s = jv_dump_string(jv_copy(v), 0);
		buf_printf(out, "match (%.60s)\n", jv_string_value(s));
		jv_free(s);
	}
	jv_free(v);
	jv_free(e);
}

void rules_explain(struct rule_set *rs, jv rec, struct buf *out)
{
	jv all, r;
	int i = 0;

	if (!rs->ex)
		return;
	jq_start(rs->ex, jv_copy(rec), 0);
	all = jq_next(rs->ex);
	while (jv_is_valid(r = jq_next(rs->ex)))
		jv_free(r);
	jv_free(r);
	if (jv_get_kind(all) != JV_KIND_ARRAY) {
		buf_puts(out, "rules could not be evaluated\n");
		jv_free(all);
		return;
	}
	for (; i < rs->n; i++) {
		jv res = jv_array_get(jv_copy(all), i);
		jv v = jv_object_get(jv_copy(res), jv_string("v"));
		int hit = jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL && jv_get_kind(v) != JV_KIND_FALSE;
		explain_one(out, &rs->r[i], res);
		jv_free(v);
		jv_free(res);
		if (hit && !rs->r[i].cont) {
			i++;
			break;
		}
	}
	for (; i < rs->n; i++)
		buf_printf(out, "rule '%s': not tried\n", rs->r[i].name);
	jv_free(all);
}
