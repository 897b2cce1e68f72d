#include <stdint.h>
#include <stdlib.h>

#include "diag.h"
#include "timeorder.h"

void torder_init(struct torder *o)
{
	*o = (struct torder){BUF_INIT, NULL, 0, 0, 0, 0, INT64_MIN};
}

void torder_add(struct torder *o, int64_t t, const char *file, unsigned long line,
		const char *s, size_t n, jv v)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 1024;
		o->v = sc_xrealloc(o->v, o->cap * sizeof *o->v);
	}
	if (t == INT64_MIN)
		t = o->last;
	o->last = t;
	if (o->jv_bytes + n <= TORDER_JV_BYTES) {
		o->jv_bytes += n;
	} else {
		jv_free(v);
		v = jv_invalid();
	}
	o->v[o->n++] = (struct torder_rec){t, o->seq++, o->bytes.len, n, file, line, v};
	buf_put(&o->bytes, s, n);
	buf_putc(&o->bytes, '\n');
}

int torder_full(const struct torder *o)
{
	return o->bytes.len >= TORDER_MAX_BYTES;
}

static int earlier(const void *a, const void *b)
{
	const struct torder_rec *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void torder_sort(struct torder *o)
{
	if (o->n)
		qsort(o->v, o->n, sizeof *o->v, earlier);
}

void torder_reset(struct torder *o)
{
	for (size_t i = 0; i < o->n; i++)
		jv_free(o->v[i].v);
	o->n = 0;
	o->jv_bytes = 0;
	buf_reset(&o->bytes);
}

void torder_free(struct torder *o)
{
	torder_reset(o);
	free(o->v);
	buf_free(&o->bytes);
	torder_init(o);
}
