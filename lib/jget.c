#include <string.h>

#include "jget.h"

jv jget(jv o, const char *path)
{
	jv v = jv_copy(o);
	const char *p = path;

	while (*p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		if (jv_get_kind(v) != JV_KIND_OBJECT) {
			jv_free(v);
			return jv_null();
		}
		v = jv_object_get(v, jv_string_sized(p, (int)n));
		if (!jv_is_valid(v)) {
			jv_free(v);
			return jv_null();
		}
		p += n + (dot != NULL);
	}
	return v;
}

const char *jget_str(jv o, const char *path, char *out, size_t cap)
{
	jv v = jget(o, path);
	const char *r = NULL;

	if (jv_get_kind(v) == JV_KIND_STRING && cap) {
		size_t n = (size_t)jv_string_length_bytes(jv_copy(v));
		if (n >= cap)
			n = cap - 1;
		memcpy(out, jv_string_value(v), n);
		out[n] = '\0';
		r = out;
	}
	jv_free(v);
	return r;
}

int id_newer(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	while (la > 1 && *a == '0')
		a++, la--;
	while (lb > 1 && *b == '0')
		b++, lb--;
	return la != lb ? la > lb : strcmp(a, b) > 0;
}
