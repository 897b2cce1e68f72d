/* One JSON value per line: simdjson first (jsimd.h), libjq for any line
 * simdjson does not take, with one libjq parser kept across lines.
 *
 * jv_parse_sized makes and frees a parser for every call, and with it the
 * number-conversion scratch memory (dtoa) and the token buffer: about a fifth
 * of the cost of parsing a 500-byte record (bench/ records, measured). Here a
 * parser is reused while lines parse cleanly into one value; anything else
 * (an error, a second value, a value cut short, a scalar still open at the
 * line's end) is parsed again by jv_parse_sized, so results and messages are
 * exactly libjq's, and the parser is replaced. */
#ifndef SC_JPARSE_H
#define SC_JPARSE_H
#include <stddef.h>
#include <jv.h>

struct jsimd;
struct jval;

struct jparse {
	jv_parser *p;
	size_t fed;        /* bytes given to p: its column count is an int */
	struct jsimd *simd; /* made at the first line */
};

#define JPARSE_INIT {NULL, 0, NULL}

/* The value of s[0..n): what jv_parse_sized(s, n) returns. */
jv jparse_line(struct jparse *jp, const char *s, size_t n);
/* The same value to be read in place (jval.h): when simdjson takes the
 * line, *out reads its document and *v is jv_invalid() (no jv is made);
 * else *v is jparse_line's result (a value, which *out then reads, or
 * libjq's error, *out absent). padded: s has LINES_PAD readable bytes after
 * n (lines.h), so simdjson parses it where it is. */
void jparse_doc(struct jparse *jp, const char *s, size_t n, int padded, struct jval *out, jv *v);
void jparse_free(struct jparse *jp);

#endif
