/* cfgjson.c: the checks the configuration loaders share. */
#include <stdlib.h>
#include <string.h>

#include "cfgjson.h"
#include "tap.h"

struct seen {
	char names[128];
	int n, stop_at;
};

static int entry(void *ctx, int i, int n, const char *name, jv v, struct buf *err)
{
	struct seen *s = ctx;

	snprintf(s->names + strlen(s->names), sizeof s->names - strlen(s->names), "%s%d/%d:%s=%d",
		 i ? "," : "", i, n, name, (int)jv_number_value(v));
	s->n = n;
	if (i == s->stop_at)
		return cfg_bad(err, "entry %s refused", name);
	return 0;
}

static const char *each(const char *json, int required, struct buf *err, int stop_at, int *rc)
{
	static struct seen s;
	jv root = jv_parse(json);

	memset(&s, 0, sizeof s);
	s.stop_at = stop_at;
	buf_reset(err);
	*rc = cfg_each(root, "agents", required, "agents: want an object", entry, &s, err);
	jv_free(root);
	return s.names;
}

int main(void)
{
	struct buf err = BUF_INIT;
	static const char *const allowed[] = {"a", "b", NULL};
	int rc;

	jv o = jv_parse("{\"a\":1,\"b\":\"x\",\"c\":null}");
	ok(cfg_keys(o, allowed, "thing", &err) == -1, "a key not allowed is refused");
	is_str(buf_cstr(&err), "thing: unknown key 'c'", "and named");
	jv ok_o = jv_parse("{\"a\":1}");
	ok(cfg_keys(ok_o, allowed, "thing", &err) == 0, "allowed keys pass");
	jv arr = jv_parse("[1]");
	ok(cfg_keys(arr, allowed, "thing", &err) == -1, "not an object is refused");
	is_str(buf_cstr(&err), "thing: want an object", "with a message");

	char *s = NULL;
	ok(cfg_str(o, "b", &s, "thing", &err) == 1 && s && !strcmp(s, "x"), "a string member is copied");
	free(s);
	s = NULL;
	ok(cfg_str(o, "c", &s, "thing", &err) == 0 && !s, "null is absent");
	ok(cfg_str(o, "zz", &s, "thing", &err) == 0 && !s, "missing is absent");
	ok(cfg_str(o, "a", &s, "thing", &err) == -1 && !s, "a number is refused");
	is_str(buf_cstr(&err), "thing: 'a' must be a string", "with the key named");
	jv miss = cfg_get(arr, "a");
	ok(!jv_is_valid(miss), "cfg_get of a non-object is invalid");
	jv_free(miss);

	is_str(each("{\"agents\":{\"b\":2,\"a\":1}}", 0, &err, -1, &rc), "0/2:a=1,1/2:b=2",
	       "entries in key order, with their count");
	ok(rc == 0, "all taken");
	is_str(each("{}", 0, &err, -1, &rc), "", "absent: nothing");
	ok(rc == 0, "and no error when optional");
	each("{\"agents\":null}", 1, &err, -1, &rc);
	ok(rc == -1 && !strcmp(buf_cstr(&err), "agents: want an object"), "null when required: the error");
	each("{\"agents\":[1]}", 0, &err, -1, &rc);
	ok(rc == -1 && !strcmp(buf_cstr(&err), "agents: want an object"), "not an object: the error");
	is_str(each("{\"agents\":{\"a\":1,\"b\":2,\"c\":3}}", 0, &err, 1, &rc), "0/3:a=1,1/3:b=2",
	       "an entry that fails stops the walk");
	ok(rc == -1 && !strcmp(buf_cstr(&err), "entry b refused"), "and its error is kept");

	jv tz = jv_string("Europe/Rome");
	struct sc_schedule *z = cfg_zone(tz, "queue q", &err);
	ok(z != NULL, "a real zone");
	sc_sched_free(z);
	jv_free(tz);
	z = cfg_zone(jv_null(), "queue q", &err);
	ok(z != NULL, "null: UTC");
	sc_sched_free(z);
	tz = jv_string("Mars/Olympus");
	z = cfg_zone(tz, "queue q", &err);
	ok(z == NULL && !strncmp(buf_cstr(&err), "queue q: ", 9), "an unknown zone is refused: %s", buf_cstr(&err));
	jv_free(tz);
	tz = jv_number(3);
	z = cfg_zone(tz, "queue q", &err);
	is_str(z ? "" : buf_cstr(&err), "queue q: 'tz' must be a zone name such as \"Europe/Rome\"", "a number is refused");
	jv_free(tz);

	jv_free(o);
	jv_free(ok_o);
	jv_free(arr);
	buf_free(&err);
	return tap_done();
}
