/* A growable byte buffer: the one place sc grows memory for bytes.
 * Buffers are reused across records (buf_reset keeps the allocation), so the
 * per-record path allocates only when a record is longer than any before it. */
#ifndef SC_BUF_H
#define SC_BUF_H
#include <stddef.h>
#include <string.h>

struct buf {
	char *p;
	size_t len, cap;
};

#define BUF_INIT {0, 0, 0}

void buf_grow(struct buf *b, size_t extra);
void buf_free(struct buf *b);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Returns the contents NUL-terminated (the NUL is not counted in len). */
const char *buf_cstr(struct buf *b);

static inline void buf_reset(struct buf *b) { b->len = 0; }

static inline void buf_put(struct buf *b, const void *s, size_t n)
{
	if (b->cap - b->len < n)
		buf_grow(b, n);
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
}

static inline void buf_putc(struct buf *b, char c)
{
	if (b->len == b->cap)
		buf_grow(b, 1);
	b->p[b->len++] = c;
}

static inline void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

#endif
