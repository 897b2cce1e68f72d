#include <stdlib.h>
#include <string.h>

#include <jq.h>

#include "diag.h"
#include "jqprog.h"

struct jqprog {
	jq_state *jq;
};

static void collect(void *ctx, jv msg)
{
	struct buf *err = ctx;

	if (jv_get_kind(msg) == JV_KIND_STRING) {
		const char *s = jv_string_value(msg);
		if (strncmp(s, "jq: error: ", 11) == 0)
			s += 11;
		if (err->len)
			buf_puts(err, "; ");
		buf_put(err, s, strcspn(s, "\n")); /* the program text follows: skip it */
		buf_cstr(err);
	}
	jv_free(msg);
}

static jv no_input(jq_state *jq, void *ctx)
{
	(void)jq;
	(void)ctx;
	return jv_invalid();
}

struct jqprog *jqprog_compile(const char *program, struct buf *err)
{
	struct jqprog *p = sc_xcalloc(1, sizeof *p);

	if (!(p->jq = jq_init()))
		sc_die(SC_EXIT_FAIL, "out of memory");
	buf_reset(err);
	jq_set_error_cb(p->jq, collect, err);
	jq_set_attr(p->jq, jv_string("JQ_ORIGIN"), jv_string("."));
	jq_set_attr(p->jq, jv_string("PROGRAM_ORIGIN"), jv_string("."));
	jq_set_attr(p->jq, jv_string("JQ_LIBRARY_PATH"), jv_array());
	jq_set_input_cb(p->jq, no_input, NULL);
	if (!jq_compile(p->jq, program)) {
		if (!err->len)
			buf_puts(err, "does not compile");
		buf_cstr(err);
		jqprog_free(p);
		return NULL;
	}
	return p;
}

void jqprog_free(struct jqprog *p)
{
	if (!p)
		return;
	jq_teardown(&p->jq);
	free(p);
}

int jqprog_test(struct jqprog *p, jv v, struct buf *err)
{
	jv r;
	int res;

	jq_start(p->jq, jv_copy(v), 0);
	r = jq_next(p->jq);
	if (jv_is_valid(r)) {
		jv_kind k = jv_get_kind(r);
		res = k != JV_KIND_FALSE && k != JV_KIND_NULL;
	} else if (jv_invalid_has_msg(jv_copy(r))) {
		jv msg = jv_invalid_get_msg(jv_copy(r));
		buf_reset(err);
		if (jv_get_kind(msg) == JV_KIND_STRING) {
			buf_puts(err, jv_string_value(msg));
		} else {
			jv s = jv_dump_string(jv_copy(msg), 0);
			buf_puts(err, jv_string_value(s));
			jv_free(s);
		}
		buf_cstr(err);
		jv_free(msg);
		res = -1;
	} else {
		res = jq_halted(p->jq) ? -1 : 0; /* no output: false */
		if (res < 0) {
			buf_reset(err);
			buf_puts(err, "the program called halt");
			buf_cstr(err);
		}
	}
	jv_free(r);
	return res;
}
