/* Checks shared by the configuration loaders (see cfgjson.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cfgjson.h"
#include "diag.h"

int cfg_bad(struct buf *err, const char *fmt, ...)
{
	va_list ap;
	char msg[768];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	buf_reset(err);
	buf_puts(err, msg);
	buf_cstr(err);
	return -1;
}

jv cfg_get(jv o, const char *k)
{
	if (jv_get_kind(o) != JV_KIND_OBJECT)
		return jv_invalid();
	return jv_object_get(jv_copy(o), jv_string(k));
}

int cfg_keys(jv o, const char *const *allowed, const char *what, struct buf *err)
{
	jv keys;
	int rc = 0;

	if (jv_get_kind(o) != JV_KIND_OBJECT)
		return cfg_bad(err, "%s: want an object", what);
	keys = jv_keys(jv_copy(o));
	jv_array_foreach(keys, i, k) {
		const char *const *a = allowed;
		while (*a && strcmp(*a, jv_string_value(k)))
			a++;
		if (!*a && rc == 0)
			rc = cfg_bad(err, "%s: unknown key '%s'", what, jv_string_value(k));
		jv_free(k);
	}
	jv_free(keys);
	return rc;
}

int cfg_str(jv o, const char *k, char **out, const char *what, struct buf *err)
{
	jv v = cfg_get(o, k);
	int rc = 0;

	if (jv_get_kind(v) == JV_KIND_STRING) {
		*out = sc_xstrdup(jv_string_value(v));
		rc = 1;
	} else if (jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL) {
		rc = cfg_bad(err, "%s: '%s' must be a string", what, k);
	}
	jv_free(v);
	return rc;
}

int cfg_each(jv root, const char *key, int required, const char *want, cfg_entry_fn *fn,
	     void *ctx, struct buf *err)
{
	jv m = cfg_get(root, key), keys;
	int rc = 0, n;

	if (!jv_is_valid(m) || jv_get_kind(m) == JV_KIND_NULL) {
		jv_free(m);
		return required ? cfg_bad(err, "%s", want) : 0;
	}
	if (jv_get_kind(m) != JV_KIND_OBJECT) {
		jv_free(m);
		return cfg_bad(err, "%s", want);
	}
	keys = jv_keys(jv_copy(m));
	n = jv_array_length(jv_copy(keys));
	jv_array_foreach(keys, i, k) {
		if (!rc) {
			jv v = cfg_get(m, jv_string_value(k));
			rc = fn(ctx, i, n, jv_string_value(k), v, err);
			jv_free(v);
		}
		jv_free(k);
	}
	jv_free(keys);
	jv_free(m);
	return rc;
}

struct sc_schedule *cfg_zone(jv tz, const char *what, struct buf *err)
{
	struct buf e = BUF_INIT;
	struct sc_schedule *s;

	if (jv_is_valid(tz) && jv_get_kind(tz) != JV_KIND_STRING && jv_get_kind(tz) != JV_KIND_NULL) {
		cfg_bad(err, "%s: 'tz' must be a zone name such as \"Europe/Rome\"", what);
		return NULL;
	}
	s = sc_sched_new("24/7", jv_get_kind(tz) == JV_KIND_STRING ? jv_string_value(tz) : "UTC", &e);
	if (!s)
		cfg_bad(err, "%s: %s", what, e.p);
	buf_free(&e);
	return s;
}
