#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "jscrub.h"

static void mend(struct jscrub *j, size_t at, const char *fmt, unsigned v)
{
	struct jscrub_fix *f;

	if (j->first + j->n == j->cap) {
		if (j->first) { /* the taken ones make room */
			memmove(j->fix, j->fix + j->first, j->n * sizeof *j->fix);
			j->first = 0;
		} else {
			j->cap = j->cap ? 2 * j->cap : 16;
			j->fix = sc_xrealloc(j->fix, j->cap * sizeof *j->fix);
		}
	}
	f = &j->fix[j->first + j->n++];
	f->off = j->off + at;
	snprintf(f->why, sizeof f->why, fmt, v);
}

/* 4 hex digits at s, or -1. */
static long hex4(const char *s)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		int c = (unsigned char)s[i], d = c >= '0' && c <= '9' ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* The escape at s[0] == '\\' inside a string, with left bytes from s on:
 * how many bytes it takes once mended, or 0 when more bytes are needed. */
static size_t escape(struct jscrub *j, char *s, size_t at, size_t left, int eof)
{
	long u, lo;

	if (left < 2)
		return eof ? 1 : 0;
	if (s[1] && strchr("\"\\/bfnrt", s[1]))
		return 2;
	if (s[1] != 'u') {
		mend(j, at, "an invalid escape \\x%02x", (unsigned char)s[1]);
		s[1] = '\\';
		return 2;
	}
	if (left < 6)
		return eof ? left : 0;
	if ((u = hex4(s + 2)) < 0) {
		mend(j, at, "an invalid \\u escape", 0);
		s[1] = '\\';
		return 2;
	}
	if (u < 0xD800 || u > 0xDBFF)
		return 6; /* a low half alone libjq takes (as U+FFFD) */
	if (left < 12 && !eof)
		return 0;
	lo = left >= 12 && s[6] == '\\' && s[7] == 'u' ? hex4(s + 8) : -1;
	if (lo >= 0xDC00 && lo <= 0xDFFF)
		return 12;
	mend(j, at, "a lone surrogate \\u%04x", (unsigned)u);
	memcpy(s + 2, "fffd", 4);
	return 6;
}

size_t jscrub(struct jscrub *j, char *s, size_t n, int eof)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (!j->in_str) {
			if (c == '"') {
				j->in_str = 1;
			} else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
				mend(j, i, "a raw control byte 0x%02x", c);
				s[i] = ' ';
			}
			i++;
		} else if (c == '"') {
			j->in_str = 0;
			i++;
		} else if (c == '\\') {
			size_t k = escape(j, s + i, i, n - i, eof);
			if (!k)
				break;
			i += k;
		} else {
			if (c >= 0x01 && c < 0x1f) {
				mend(j, i, "a raw control byte 0x%02x in a string", c);
				s[i] = ' ';
			}
			i++;
		}
	}
	j->off += i;
	return i;
}

const char *jscrub_take(struct jscrub *j, unsigned long long end)
{
	const char *why = NULL;

	while (j->n && j->fix[j->first].off < end) {
		if (!why)
			why = j->fix[j->first].why;
		j->first++;
		j->n--;
	}
	if (!j->n)
		j->first = 0; /* why stays readable: only a mend writes there */
	return why;
}

void jscrub_free(struct jscrub *j)
{
	free(j->fix);
	*j = (struct jscrub)JSCRUB_INIT;
}
