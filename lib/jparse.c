/* Reused libjq parser for JSON lines (see jparse.h). */
#include <limits.h>

#include "jparse.h"
#include "jsimd.h"
#include "jval.h"

/* libjq counts columns in an int that only a newline resets; lines come
 * without one, so a parser is retired well before the count could wrap. */
#define RETIRE_AFTER (1u << 30)

static void retire(struct jparse *jp)
{
	if (jp->p)
		jv_parser_free(jp->p);
	jp->p = NULL;
	jp->fed = 0;
}

static int blanks(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* Lines simdjson must not see: a BOM, which libjq strips only first. */
static int libjq_only(const char *s, size_t n)
{
	return n > INT_MAX || n == 0 || (unsigned char)s[0] == 0xEF;
}

static jv slow(struct jparse *jp, const char *s, size_t n);

jv jparse_line(struct jparse *jp, const char *s, size_t n)
{
	if (libjq_only(s, n))
		return jv_parse_sized(s, n > INT_MAX ? INT_MAX : (int)n);
	if (!jp->simd)
		jp->simd = jsimd_new();
	jv fast;
	if (jsimd_parse(jp->simd, s, n, &fast))
		return fast;
	return slow(jp, s, n);
}

void jparse_doc(struct jparse *jp, const char *s, size_t n, int padded, struct jval *out, jv *v)
{
	struct jsimd_el e;

	if (!libjq_only(s, n)) {
		if (!jp->simd)
			jp->simd = jsimd_new();
		if (jsimd_doc(jp->simd, s, n, padded, &e)) {
			*out = jval_of_simd(e);
			*v = jv_invalid();
			return;
		}
		*v = slow(jp, s, n);
	} else {
		*v = jv_parse_sized(s, n > INT_MAX ? INT_MAX : (int)n);
	}
	*out = jval_of_jv(*v); /* absent for an error: its kind is invalid */
}

/* libjq's parser, kept across lines while they parse cleanly. */
static jv slow(struct jparse *jp, const char *s, size_t n)
{
	if (jp->p && jp->fed > RETIRE_AFTER)
		retire(jp);
	if (!jp->p)
		jp->p = jv_parser_new(0);
	jp->fed += n;
	/* "partial": the parser waits for more instead of ending, so it stays
	 * usable; a value is returned as soon as its last byte is read. */
	jv_parser_set_buf(jp->p, s, (int)n, 1);
	jv v = jv_parser_next(jp->p);
	int rest = jv_parser_remaining(jp->p);

	if (jv_is_valid(v) && (rest == 0 || blanks(s + n - rest, (size_t)rest))) {
		if (rest) { /* reads the blanks: an empty buffer is what the next line needs */
			jv more = jv_parser_next(jp->p);
			jv_free(more);
		}
		return v;
	}
	/* The parser may hold half a value, or the rest of the line: start over. */
	jv_free(v);
	retire(jp);
	return jv_parse_sized(s, (int)n);
}

void jparse_free(struct jparse *jp)
{
	retire(jp);
	jsimd_free(jp->simd);
	jp->simd = NULL;
}
