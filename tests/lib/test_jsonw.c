#include <jv.h>

#include "buf.h"
#include "jsonw.h"
#include "tap.h"

static const char *esc(struct buf *b, const char *s, size_t n)
{
	buf_reset(b);
	json_str(b, s, n);
	return buf_cstr(b);
}

/* Whatever json_str writes must parse back, with libjq, to the input
 * (invalid UTF-8 aside, which both turn into U+FFFD). */
static int roundtrip(struct buf *b, const char *s, size_t n)
{
	esc(b, s, n);
	jv v = jv_parse_sized(b->p, (int)b->len);
	int ok_ = jv_get_kind(v) == JV_KIND_STRING &&
		  (size_t)jv_string_length_bytes(jv_copy(v)) == n &&
		  memcmp(jv_string_value(v), s, n) == 0;
	jv_free(v);
	return ok_;
}

int main(void)
{
	struct buf b = BUF_INIT;
	struct jsonw w;

	is_str(esc(&b, "plain", 5), "\"plain\"", "plain ASCII is copied");
	is_str(esc(&b, "a\"b\\c", 5), "\"a\\\"b\\\\c\"", "quote and backslash escaped");
	is_str(esc(&b, "l1\nl2\r\t", 7), "\"l1\\nl2\\r\\t\"", "newline, CR, tab escaped");
	is_str(esc(&b, "\x01\x1f\x7f", 3), "\"\\u0001\\u001f\\u007f\"", "control characters as \\u");
	is_str(esc(&b, "a\0b", 3), "\"a\\u0000b\"", "NUL inside a string is kept, escaped");
	is_str(esc(&b, "è ✓ 😀", strlen("è ✓ 😀")), "\"è ✓ 😀\"", "valid UTF-8 copied as is");
	is_str(esc(&b, "a\xff" "b", 3), "\"a\xef\xbf\xbd" "b\"", "invalid byte becomes U+FFFD");
	is_str(esc(&b, "\xc3", 1), "\"\xef\xbf\xbd\"", "truncated sequence becomes U+FFFD");
	is_str(esc(&b, "\xc0\xaf", 2), "\"\xef\xbf\xbd\xef\xbf\xbd\"", "overlong encoding refused");
	is_str(esc(&b, "\xed\xa0\x80", 3), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"", "surrogate refused");
	static const char mixed[] = "mixed \"quotes\" \\ and\nlines è 😀 \x02 \x7f";
	ok(roundtrip(&b, mixed, sizeof mixed - 1), "libjq parses back what was written");

	buf_reset(&b);
	jw_begin(&w, &b);
	jw_cstr(&w, "id", "x:1");
	jw_obj(&w, "author");
	jw_int(&w, "followers", 15300);
	jw_bool(&w, "verified", 0);
	jw_null(&w, "name");
	jw_end(&w);
	jw_num(&w, "score", -0.25);
	jw_num(&w, "big", 1e300);
	jw_cstr(&w, "none", NULL);
	jw_jv(&w, "arr", jv_parse("[1,\"a\"]"));
	jw_end(&w);
	is_str(buf_cstr(&b),
	       "{\"id\":\"x:1\",\"author\":{\"followers\":15300,\"verified\":false,\"name\":null},"
	       "\"score\":-0.25,\"big\":1.0000000000000001e+300,\"none\":null,\"arr\":[1,\"a\"]}",
	       "object writer places commas and nesting");

	buf_reset(&b);
	jw_begin(&w, &b);
	jw_end(&w);
	is_str(buf_cstr(&b), "{}", "empty object");

	buf_reset(&b);
	buf_printf(&b, "%d-%s", 42, "x");
	for (int i = 0; i < 1000; i++)
		buf_puts(&b, "0123456789");
	is_int(b.len, 4 + 10000, "buffer grows past its first allocation");
	buf_free(&b);
	return tap_done();
}
