/* lib/jscrub.c: JSON text mended where libjq 1.6 would stop inside a
 * string, a byte for a byte, each mend recorded at its offset; escapes cut
 * by a chunk's end are held back whole; libjq then parses the result. */
#include <stdio.h>
#include <string.h>

#include <jv.h>

#include "jscrub.h"
#include "tap.h"

/* Mends text in one chunk; checks the result, that libjq parses it, and the
 * first reason. */
static void one(const char *in, const char *want, const char *why)
{
	struct jscrub j = JSCRUB_INIT;
	char s[256];
	size_t n = strlen(in);

	memcpy(s, in, n + 1);
	is_int(jscrub(&j, s, n, 1), n, "all of %s done", want);
	ok(strcmp(s, want) == 0, "mended: %s (got %s)", want, s);
	jv v = jv_parse(s);
	ok(jv_is_valid(v), "libjq parses %s", want);
	jv_free(v);
	const char *got = jscrub_take(&j, n);
	is_str(got ? got : "(none)", why ? why : "(none)", "reason for %s", want);
	jscrub_free(&j);
}

int main(void)
{
	one("[\"a\\ud83db\"]", "[\"a\\ufffdb\"]", "a lone surrogate \\ud83d");
	one("[\"a\\ud83d\\u0041\"]", "[\"a\\ufffd\\u0041\"]", "a lone surrogate \\ud83d");
	one("[\"\\ud83d\\ude00 \\ude00\"]", "[\"\\ud83d\\ude00 \\ude00\"]", NULL); /* libjq takes both */
	one("[\"a\x01" "b\tc\"]", "[\"a b c\"]", "a raw control byte 0x01 in a string");
	one("[\"a\\xb\"]", "[\"a\\\\b\"]", "an invalid escape \\x78");
	one("[\"\\u12g4\"]", "[\"\\\\12g4\"]", "an invalid \\u escape");
	one("[1,\x02 2]", "[1,  2]", "a raw control byte 0x02");
	/* what libjq takes stays: escaped quote and backslash, \u0000, 0x1f, a tab between values */
	one("[\"\\\\\",\t\"\\\"\\u0000\x1f\"]", "[\"\\\\\",\t\"\\\"\\u0000\x1f\"]", NULL);

	/* a surrogate pair cut by the chunk's end is held back, then whole */
	struct jscrub j = JSCRUB_INIT;
	char a[] = "[\"xy\\ud83d\\ude", b[32];
	size_t done = jscrub(&j, a, strlen(a), 0);
	is_int(done, 4, "held back from the backslash");
	snprintf(b, sizeof b, "%s00\"]", a + done);
	is_int(jscrub(&j, b, strlen(b), 1), strlen(b), "then done whole");
	ok(jscrub_take(&j, 100) == NULL, "a pair is no mend");
	/* offsets run across chunks: each element takes its own mends */
	char c[] = "\"\x01\"", d[] = " \"ok\" \"\\ud800\"";
	jscrub(&j, c, strlen(c), 0);
	jscrub(&j, d, strlen(d), 1);
	ok(jscrub_take(&j, 4) == NULL, "nothing before the chunk's first mend");
	is_str(jscrub_take(&j, 20), "a raw control byte 0x01 in a string", "the first element's mend");
	ok(jscrub_take(&j, 23) == NULL, "the second element has none");
	is_str(jscrub_take(&j, 31), "a lone surrogate \\ud800", "the third element's");
	jscrub_free(&j);
	return tap_done();
}
