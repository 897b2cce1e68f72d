/* jparse.c: a reused parser gives exactly what jv_parse_sized gives, line
 * after line, whatever came before. */
#include <stdlib.h>
#include <string.h>

#include "jparse.h"
#include "tap.h"

/* jv_parse_sized's answer and jparse_line's, as text ("!" + message for an
 * error), must be the same. */
static void same(struct jparse *jp, const char *line, size_t n, const char *what)
{
	jv want = jv_parse_sized(line, (int)n), got = jparse_line(jp, line, n);
	jv ws = jv_is_valid(want) ? jv_dump_string(jv_copy(want), 0)
				  : jv_invalid_get_msg(jv_copy(want));
	jv gs = jv_is_valid(got) ? jv_dump_string(jv_copy(got), 0)
				 : jv_invalid_get_msg(jv_copy(got));
	char w[600], g[600];

	snprintf(w, sizeof w, "%s%s", jv_is_valid(want) ? "" : "!",
		 jv_get_kind(ws) == JV_KIND_STRING ? jv_string_value(ws) : "?");
	snprintf(g, sizeof g, "%s%s", jv_is_valid(got) ? "" : "!",
		 jv_get_kind(gs) == JV_KIND_STRING ? jv_string_value(gs) : "?");
	is_str(g, w, "%s", what);
	jv_free(ws);
	jv_free(gs);
	jv_free(want);
	jv_free(got);
}

int main(void)
{
	static const char *const lines[] = {
		"{\"id\":\"x:1\",\"n\":12.5,\"t\":\"caf\\u00e9 ok\"}",
		"{\"id\":\"x:2\",\"a\":[1,2,{\"b\":null}],\"e\":1e400}",
		"{\"id\":\"x:3\"}   \r",          /* blanks after the value */
		"{\"id\":\"x:4\"",                /* cut short */
		"{\"id\":\"x:5\",\"ok\":true}",   /* after a half value */
		"{\"a\":1} {\"b\":2}",            /* two values */
		"{\"id\":\"x:6\"}",
		"{\"a\":1} x",                    /* junk after the value */
		"{\"id\":\"x:7\"}",
		"42",                             /* a number ends only at the end */
		"{\"id\":\"x:8\"}",
		"\"just a string\"",
		"[1,2",
		"true",
		"{\"a\":tru}",                    /* a syntax error mid-line */
		"{\"id\":\"x:9\",\"deep\":[[[[[[[[[[1]]]]]]]]]]}",
		"\xEF\xBB\xBF{\"bom\":1}",        /* a BOM on a later line */
		"{\"bad utf8\":\"\xff\xfe\"}",
		"{\"a\":1,\"a\":2}",              /* duplicate keys: the last wins */
		"{\"id\":\"x:10\",\"num\":-0.000123e-7}",
		"nul\0l",
		"{\"id\":\"x:11\"}",
	};
	struct jparse jp = JPARSE_INIT;
	char what[64];

	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		size_t n = strlen(lines[i]);
		if (i == 20)
			n = 5; /* "nul\0l": a NUL inside the line */
		snprintf(what, sizeof what, "line %zu as jv_parse_sized", i + 1);
		same(&jp, lines[i], n, what);
	}
	/* The same lines again, in reverse, on the parser left by the first pass. */
	for (size_t i = sizeof lines / sizeof *lines; i-- > 0;) {
		size_t n = i == 20 ? 5 : strlen(lines[i]);
		snprintf(what, sizeof what, "line %zu again, in reverse", i + 1);
		same(&jp, lines[i], n, what);
	}
	/* Many good lines on one libjq parser: it is kept, not replaced.
	 * Invalid UTF-8 is refused by simdjson and mended by libjq: such lines
	 * take the libjq path. */
	jv_parser *kept;
	struct jsimd *simd;
	jv v = jparse_line(&jp, "{\"k\":\"\xff\"}", 9);
	jv_free(v);
	kept = jp.p;
	simd = jp.simd;
	ok(kept != NULL, "a line simdjson refuses is parsed by libjq");
	int all = 1;
	for (int i = 0; i < 1000; i++) {
		char l[64];
		int n = snprintf(l, sizeof l, i % 2 ? "{\"i\":%d,\"s\":\"%d\xff\"}" : "{\"i\":%d,\"s\":\"%d\"}", i, i);
		v = jparse_line(&jp, l, (size_t)n);
		all &= jv_get_kind(v) == JV_KIND_OBJECT &&
		       (int)jv_number_value(jv_object_get(jv_copy(v), jv_string("i"))) == i;
		jv_free(v);
	}
	ok(all, "1,000 lines parse on the reused parser");
	ok(jp.p == kept, "the libjq parser was kept across good lines");
	ok(simd != NULL && jp.simd == simd, "so was simdjson's, between them");
	jparse_free(&jp);
	ok(jp.p == NULL && jp.simd == NULL, "jparse_free lets the parsers go");
	return tap_done();
}
