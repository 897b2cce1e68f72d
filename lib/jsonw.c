#include <math.h>
#include <stdio.h>

#include "jsonw.h"

/* 1 for bytes that are copied as they are. */
static const unsigned char plain[256] = {
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
	R16(0), R16(0),                                   /* 0x00-0x1f */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0x20-0x2f: '"' */
	R16(1), R16(1),                                   /* 0x30-0x4f */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,   /* 0x50-0x5f: '\\' */
	R16(1),                                           /* 0x60-0x6f */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,   /* 0x70-0x7f: DEL escaped */
	R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0),
#undef R16
};

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	unsigned cp;

	if (c < 0xc2)
		return 0;
	else if (c < 0xe0)
		len = 2, cp = c & 0x1f;
	else if (c < 0xf0)
		len = 3, cp = c & 0x0f;
	else if (c < 0xf5)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

void json_str_body(struct buf *b, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run;

	if (b->cap - b->len < n + 2)
		buf_grow(b, n + 2);
	while (i < n) {
		run = i;
		/* eight bytes at a time while none needs a look: no control byte,
		 * quote, backslash, DEL or non-ASCII byte (most of any text) */
		for (; run + 8 <= n; run += 8) {
			uint64_t x;
			memcpy(&x, s + run, 8);
			const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
			uint64_t ctl = (x - ones * 0x20) & ~x;           /* bytes < 0x20 */
			uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\'), del = x ^ (ones * 0x7f);
			uint64_t special = ((q - ones) & ~q) | ((bs - ones) & ~bs) | ((del - ones) & ~del);
			if ((ctl | special | x) & high)
				break;
		}
		for (; run < n && plain[s[run]]; run++)
			;
		buf_put(b, s + i, run - i);
		if ((i = run) >= n)
			break;
		unsigned c = s[i];
		if (c >= 0x80) {
			size_t l = utf8_len(s + i, n - i);
			if (l) {
				buf_put(b, s + i, l);
				i += l;
			} else {
				buf_put(b, "\xef\xbf\xbd", 3);
				i++;
			}
			continue;
		}
		i++;
		switch (c) {
		case '"': buf_put(b, "\\\"", 2); break;
		case '\\': buf_put(b, "\\\\", 2); break;
		case '\n': buf_put(b, "\\n", 2); break;
		case '\r': buf_put(b, "\\r", 2); break;
		case '\t': buf_put(b, "\\t", 2); break;
		default: {
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_put(b, u, 6);
		}
		}
	}
}

size_t utf8_prefix(const char *s, size_t n, size_t chars)
{
	size_t i = 0;

	/* a code point starts at every byte that is not a continuation byte */
	for (; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars-- == 0)
			break;
	return i;
}

void json_str(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '"');
	json_str_body(b, s, n);
	buf_putc(b, '"');
}

void json_prefixed(struct buf *b, const char *prefix, const char *id, size_t n)
{
	buf_putc(b, '"');
	buf_puts(b, prefix);
	buf_putc(b, ':');
	json_str_body(b, id, n);
	buf_putc(b, '"');
}

/* Decimal digits of v, without printf: this is on the per-record path. */
static void put_int(struct buf *b, int64_t v)
{
	char d[24];
	int n = 0;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		d[n++] = (char)('0' + u % 10);
	while ((u /= 10) && n < 22);
	if (v < 0)
		d[n++] = '-';
	while (n)
		buf_putc(b, d[--n]);
}

static void sep(struct jsonw *w, const char *key)
{
	if (!w->first[w->depth])
		buf_putc(w->b, ',');
	w->first[w->depth] = 0;
	if (key) { /* keys are the program's own names: nothing to escape */
		size_t n = strlen(key);
		struct buf *b = w->b;
		if (b->cap - b->len < n + 3)
			buf_grow(b, n + 3);
		b->p[b->len] = '"';
		memcpy(b->p + b->len + 1, key, n);
		b->p[b->len + n + 1] = '"';
		b->p[b->len + n + 2] = ':';
		b->len += n + 3;
	}
}

void jw_begin(struct jsonw *w, struct buf *b)
{
	w->b = b;
	w->depth = 0;
	w->first[0] = 1;
	buf_putc(b, '{');
}

void jw_obj(struct jsonw *w, const char *key)
{
	sep(w, key);
	buf_putc(w->b, '{');
	if (w->depth < 15)
		w->depth++;
	w->first[w->depth] = 1;
}

void jw_end(struct jsonw *w)
{
	buf_putc(w->b, '}');
	if (w->depth > 0)
		w->depth--;
}

void jw_key(struct jsonw *w, const char *key)
{
	sep(w, key);
}

void jw_str(struct jsonw *w, const char *key, const char *s, size_t n)
{
	sep(w, key);
	json_str(w->b, s, n);
}

void jw_cstr(struct jsonw *w, const char *key, const char *s)
{
	if (s)
		jw_str(w, key, s, strlen(s));
	else
		jw_null(w, key);
}

void jw_int(struct jsonw *w, const char *key, int64_t v)
{
	sep(w, key);
	put_int(w->b, v);
}

void jw_num(struct jsonw *w, const char *key, double v)
{
	sep(w, key);
	if (!isfinite(v))
		buf_puts(w->b, "null");
	else if (v == (double)(int64_t)v && fabs(v) < 1e15)
		buf_printf(w->b, "%lld", (long long)v);
	else
		buf_printf(w->b, "%.17g", v);
}

void jw_bool(struct jsonw *w, const char *key, int v)
{
	sep(w, key);
	buf_puts(w->b, v ? "true" : "false");
}

void jw_null(struct jsonw *w, const char *key)
{
	sep(w, key);
	buf_puts(w->b, "null");
}

void jw_raw(struct jsonw *w, const char *key, const char *json, size_t n)
{
	sep(w, key);
	buf_put(w->b, json, n);
}

void jw_jv(struct jsonw *w, const char *key, jv v)
{
	jv s = jv_dump_string(v, 0);

	sep(w, key);
	buf_puts(w->b, jv_string_value(s));
	jv_free(s);
}
