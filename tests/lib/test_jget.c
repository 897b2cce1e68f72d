/* lib/jget.c: fields out of API answers, ids compared as numbers. */
#include "jget.h"
#include "tap.h"

int main(void)
{
	jv v = jv_parse("{\"data\":{\"id\":\"1861234567890000001\",\"n\":3},\"meta\":{}}");
	char out[8];

	is_str(jget_str(v, "data.id", out, sizeof out), "1861234", "a string, cut to fit");
	ok(jget_str(v, "data.n", out, sizeof out) == NULL, "a number is not a string");
	ok(jget_str(v, "meta.next_token", out, sizeof out) == NULL, "a missing key");
	ok(jget_str(v, "data.id.x", out, sizeof out) == NULL, "a path through a string");
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
	return tap_done();
}
