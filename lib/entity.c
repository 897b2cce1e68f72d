#include <stdlib.h>
#include <string.h>

#include "entity.h"

static const struct { const char *name; const char *text; } named[] = {
	{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
	{"nbsp", "\xc2\xa0"}, {"hellip", "\xe2\x80\xa6"}, {"mdash", "\xe2\x80\x94"},
	{"ndash", "\xe2\x80\x93"}, {"rsquo", "\xe2\x80\x99"}, {"lsquo", "\xe2\x80\x98"},
	{"rdquo", "\xe2\x80\x9d"}, {"ldquo", "\xe2\x80\x9c"},
};

static void put_utf8(struct buf *b, unsigned long cp)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_putc(b, (char)(0xc0 | cp >> 6));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_putc(b, (char)(0xe0 | cp >> 12));
		buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		buf_putc(b, (char)(0xf0 | cp >> 18));
		buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
		buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* Decodes the reference at s ('&' … ';'); returns its length, or 0. */
static size_t reference(struct buf *b, const char *s, size_t n)
{
	const char *semi = memchr(s, ';', n < 12 ? n : 12);
	size_t len;

	if (!semi)
		return 0;
	len = (size_t)(semi - s) + 1;
	if (s[1] == '#') {
		char *end;
		int hex = s[2] == 'x' || s[2] == 'X';
		const char *d = s + 2 + hex;
		if (d == semi)
			return 0;
		unsigned long cp = strtoul(d, &end, hex ? 16 : 10);
		if (end != semi)
			return 0;
		put_utf8(b, cp);
		return len;
	}
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (strlen(named[i].name) == len - 2 && memcmp(s + 1, named[i].name, len - 2) == 0) {
			buf_puts(b, named[i].text);
			return len;
		}
	return 0;
}

void entity_decode(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t run = amp ? (size_t)(amp - (s + i)) : n - i, used;

		buf_put(out, s + i, run);
		i += run;
		if (i >= n)
			break;
		used = reference(out, s + i, n - i);
		if (used) {
			i += used;
		} else {
			buf_putc(out, '&');
			i++;
		}
	}
}
