/* The jq rule layer (see rules.h). */
#include <jq.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "rules.h"

static void collect_error(void *data, jv msg)
{
	struct buf *b = data;
	const char *s;

	if (jv_get_kind(msg) != JV_KIND_STRING) /* usually a string; can be any value */
		msg = jv_dump_string(msg, 0);
	s = jv_string_value(msg);
	if (!strstr(s, "compile error")) { /* the count that follows each error */
		if (b->len)
			buf_puts(b, "; ");
		for (; *s; s++)
			buf_putc(b, *s == '\n' ? ' ' : *s);
	}
	jv_free(msg);
}

static jv no_input(jq_state *jq, void *data)
{
	(void)jq, (void)data;
	return jv_invalid();
}

/* A state that cannot import modules (LIBJQ-NOTES 6) nor read more input
 * (7), with compile errors collected into errs. */
static jq_state *new_state(struct buf *errs)
{
	jq_state *jq = jq_init();

	if (!jq)
		sc_die(SC_EXIT_FAIL, "cannot start libjq");
	jq_set_error_cb(jq, collect_error, errs);
	jq_set_attr(jq, jv_string("JQ_ORIGIN"), jv_string("."));
	jq_set_attr(jq, jv_string("PROGRAM_ORIGIN"), jv_string("."));
	jq_set_attr(jq, jv_string("JQ_LIBRARY_PATH"), jv_array());
	jq_set_input_cb(jq, no_input, NULL);
	return jq;
}

/* On failure, compiles each rule alone to say which ones are wrong. */
static void blame(char *const *name, char *const *expr, int n, struct buf *err)
{
	for (int i = 0; i < n; i++) {
		struct buf e = BUF_INIT;
		jq_state *jq = new_state(&e);
		if (!jq_compile(jq, expr[i]))
			buf_printf(err, "rule %s: %s\n", name[i], e.len ? buf_cstr(&e) : "does not compile");
		jq_teardown(&jq);
		buf_free(&e);
	}
	if (!err->len)
		buf_puts(err, "the rules do not compile together\n");
}

int rules_compile(struct rules *r, char *const *name, char *const *expr, int n, struct buf *err)
{
	struct buf prog = BUF_INIT, errs = BUF_INIT;

	memset(r, 0, sizeof *r);
	buf_putc(&prog, '.');
	for (int i = 0; i < n; i++) /* each condition in its own parentheses and try */
		buf_printf(&prog, "%s(try (if (%s\n) then %d else empty end) catch {\"rule\": %d, \"error\": .})",
			   i ? ", " : " | ", expr[i], i, i);
	r->jq = new_state(&errs);
	if (!jq_compile(r->jq, buf_cstr(&prog))) {
		blame(name, expr, n, err);
		jq_teardown(&r->jq);
		buf_free(&prog);
		buf_free(&errs);
		return -1;
	}
	buf_free(&prog);
	buf_free(&errs);
	r->n = n;
	r->name = sc_xcalloc((size_t)n + 1, sizeof *r->name);
	r->errors = sc_xcalloc((size_t)n + 1, sizeof *r->errors);
	for (int i = 0; i < n; i++)
		r->name[i] = sc_xstrdup(name[i]);
	return 0;
}

static void runtime_error(struct rules *r, jv v)
{
	jv idx = jv_object_get(jv_copy(v), jv_string("rule"));
	int i = jv_get_kind(idx) == JV_KIND_NUMBER ? (int)jv_number_value(idx) : -1;
	jv msg = jv_object_get(v, jv_string("error"));

	jv_free(idx);
	if (i >= 0 && i < r->n && r->errors[i]++ < 3) {
		msg = jv_get_kind(msg) == JV_KIND_STRING ? msg : jv_dump_string(msg, 0);
		sc_warn("rule %s: %s", r->name[i], jv_string_value(msg));
	}
	jv_free(msg);
}

int rules_eval(struct rules *r, jv input, int *match, int max)
{
	int n = 0;
	jv v;

	if (!r->jq) {
		jv_free(input);
		return 0;
	}
	jq_start(r->jq, input, 0);
	while (jv_is_valid(v = jq_next(r->jq))) {
		if (jv_get_kind(v) == JV_KIND_NUMBER && n < max)
			match[n++] = (int)jv_number_value(v);
		else if (jv_get_kind(v) == JV_KIND_OBJECT)
			runtime_error(r, jv_copy(v));
		jv_free(v);
	}
	if (jv_invalid_has_msg(jv_copy(v))) {
		jv msg = jv_invalid_get_msg(v);
		msg = jv_get_kind(msg) == JV_KIND_STRING ? msg : jv_dump_string(msg, 0);
		sc_warn("rules: %s", jv_string_value(msg));
		jv_free(msg);
	} else {
		jv_free(v);
	}
	return n;
}

void rules_free(struct rules *r)
{
	if (r->jq)
		jq_teardown(&r->jq);
	for (int i = 0; i < r->n; i++)
		free(r->name[i]);
	free(r->name);
	free(r->errors);
	memset(r, 0, sizeof *r);
}
