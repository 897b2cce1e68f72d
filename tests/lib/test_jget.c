/* lib/jget.c: fields out of API answers, ids compared as numbers, a
 * configuration file's one JSON value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jget.h"
#include "tap.h"

/* The message of jget_file(path) over a file holding text, or "" when the
 * file parsed; kind gets the value's kind. */
static const char *load(const char *text, jv_kind *kind)
{
	static char path[64], msg[256];
	FILE *f;
	jv v, m;

	snprintf(path, sizeof path, "/tmp/sc-test-jget-%d.json", (int)getpid());
	if (!(f = fopen(path, "w")))
		return "cannot write";
	fputs(text, f);
	fclose(f);
	v = jget_file(path);
	unlink(path);
	*kind = jv_get_kind(v);
	msg[0] = '\0';
	if (!jv_is_valid(v)) {
		m = jv_invalid_get_msg(v);
		snprintf(msg, sizeof msg, "%s", jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m) : "(no message)");
		jv_free(m);
	} else {
		jv_free(v);
	}
	return msg;
}

int main(void)
{
	jv v = jv_parse("{\"data\":{\"id\":\"1861234567890000001\",\"n\":3},\"meta\":{}}");
	char out[8];

	is_str(jget_str(v, "data.id", out, sizeof out), "1861234", "a string, cut to fit");
	ok(jget_str(v, "data.n", out, sizeof out) == NULL, "a number is not a string");
	ok(jget_str(v, "meta.next_token", out, sizeof out) == NULL, "a missing key");
	ok(jget_str(v, "data.id.x", out, sizeof out) == NULL, "a path through a string");
	jv z = jv_parse("{\"id\":\"12\\u00003\",\"uri\":\"at://a\\u0000\"}");
	ok(jget_str(z, "id", out, sizeof out) == NULL, "an id holding a NUL is refused, not cut to 12");
	ok(jget_str(z, "uri", out, sizeof out) == NULL, "a NUL at the end too");
	jv_free(z);
	jv n = jget(v, "data.n");
	is_int(jv_number_value(n), 3, "jget returns the value");
	jv_free(n);
	ok(jv_get_kind(v) == JV_KIND_OBJECT, "jget does not consume its object");
	jv_free(v);

	ok(id_newer("1861234567890000010", "1861234567890000009"), "larger id of the same length");
	ok(id_newer("100", "99"), "a longer id is larger");
	ok(!id_newer("99", "100"), "a shorter id is smaller");
	ok(!id_newer("5", "5"), "equal ids");
	ok(id_newer("0100", "99"), "leading zeros do not count");

	jv_kind k;
	is_str(load("{\"a\": [1, 2]}\n", &k), "", "a file of one object parses");
	ok(k == JV_KIND_OBJECT, "into an object");
	is_str(load("{} {}", &k), "want one JSON object: the file holds more than one value",
	       "two values: refused, without the file's text");
	is_str(load(" \n", &k), "want one JSON object: the file holds none", "an empty file: refused");
	ok(strstr(load("{\"a\":", &k), "Unfinished JSON term") != NULL, "a cut file: refused");
	/* jv_load_file aborted on this (an assertion in jv_parser_set_buf) */
	ok(*load("{\n  \"praiset_language\": \"en\",\n  \"tz\": \"Europe/Rome\",\n  \"x\": \"lucip", &k) != 0,
	   "a file cut inside a string is refused, not an abort");
	jv v2 = jget_file("/no/such/file.json");
	jv m2 = jv_invalid_get_msg(v2);
	ok(jv_get_kind(m2) == JV_KIND_STRING && strstr(jv_string_value(m2), "Could not open /no/such/file.json"),
	   "a missing file says so");
	jv_free(m2);
	return tap_done();
}
