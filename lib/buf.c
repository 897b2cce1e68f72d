#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "diag.h"

void buf_grow(struct buf *b, size_t extra)
{
	size_t cap = b->cap ? b->cap : 256;

	if (extra > ((size_t)-1 >> 1) - b->len)
		sc_die(SC_EXIT_FAIL, "buffer size overflow");
	while (cap - b->len < extra)
		cap *= 2;
	b->p = sc_xrealloc(b->p, cap);
	b->cap = cap;
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(room ? b->p + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0)
			sc_die(SC_EXIT_FAIL, "formatting failed");
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		buf_grow(b, (size_t)n + 1);
	}
}

const char *buf_cstr(struct buf *b)
{
	buf_putc(b, '\0');
	b->len--;
	return b->p;
}
