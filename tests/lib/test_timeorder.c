/* lib/timeorder.c: records held with their parsed values (sc-route parses
 * a record once), the values kept up to TORDER_JV_BYTES of lines. */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "timeorder.h"

int main(void)
{
	struct torder o;
	char line[64];
	size_t big = TORDER_JV_BYTES / 2 + 1, kept = 0;
	static char pad[TORDER_JV_BYTES / 2 + 2];

	torder_init(&o);
	for (int i = 0; i < 3; i++) {
		int n = snprintf(line, sizeof line, "{\"id\":\"%d\"}", i);
		jv v = jv_parse(line);
		torder_add(&o, 30 - i, "f", (unsigned long)i + 1, line, (size_t)n, v);
	}
	torder_sort(&o);
	ok(o.n == 3 && o.v[0].line == 3 && o.v[2].line == 1, "held records come back oldest first");
	for (size_t i = 0; i < o.n; i++) {
		jv id = jv_object_get(jv_copy(o.v[i].v), jv_string("id"));
		char want[8];
		snprintf(want, sizeof want, "%lu", o.v[i].line - 1);
		ok(jv_get_kind(id) == JV_KIND_STRING && !strcmp(jv_string_value(id), want) &&
		   !memcmp(o.bytes.p + o.v[i].off, "{\"id\":\"", 7),
		   "record %zu keeps its own value beside its line", i);
		jv_free(id);
	}
	torder_reset(&o); /* frees the values: LeakSanitizer would say */
	ok(o.n == 0, "reset forgets what was held");

	/* past TORDER_JV_BYTES of lines a record is held without its value */
	memset(pad, ' ', sizeof pad - 1);
	for (int i = 0; i < 3; i++)
		torder_add(&o, i, "f", (unsigned long)i + 1, pad, big, jv_object());
	for (size_t i = 0; i < o.n; i++)
		kept += jv_is_valid(o.v[i].v);
	ok(kept == 1 && jv_is_valid(o.v[0].v) && !jv_is_valid(o.v[2].v),
	   "values kept for the first %zu bytes of lines only", (size_t)TORDER_JV_BYTES);
	torder_reset(&o);
	torder_add(&o, 0, "f", 1, pad, big, jv_object());
	ok(jv_is_valid(o.v[0].v), "after a reset the budget is whole again");
	torder_free(&o);
	return tap_done();
}
