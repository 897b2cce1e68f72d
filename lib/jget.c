#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "jget.h"

#define JGET_FILE_MAX (64 << 20)

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
		const char *s = jv_string_value(v);
		size_t n = (size_t)jv_string_length_bytes(jv_copy(v));
		/* a string holding a NUL (\u0000) is no C string: cut at the NUL
		 * it would be another value (two ids made one), so it is refused */
		if (!memchr(s, '\0', n)) {
			if (n >= cap)
				n = cap - 1;
			memcpy(out, s, n);
			out[n] = '\0';
			r = out;
		}
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

jv jget_file(const char *path)
{
	FILE *f = fopen(path, "r");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	jv v;

	if (!f)
		return jv_invalid_with_msg(jv_string_fmt("Could not open %s: %s", path, strerror(errno)));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= JGET_FILE_MAX)
		buf_put(&b, chunk, n);
	if (ferror(f))
		v = jv_invalid_with_msg(jv_string_fmt("Could not read %s: %s", path, strerror(errno)));
	else if (b.len > JGET_FILE_MAX)
		v = jv_invalid_with_msg(jv_string_fmt("%s is over %d MB: not a configuration",
						      path, JGET_FILE_MAX >> 20));
	else
		v = jv_parse_sized(b.p ? b.p : "", (int)b.len);
	if (!jv_is_valid(v)) {
		/* jv_parse_sized appends " (while parsing '<the whole text>')":
		 * the reason is enough, the file may be long. */
		jv msg = jv_invalid_get_msg(v);
		const char *m = jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "";
		const char *cut = strstr(m, " (while parsing '");
		int len = cut ? (int)(cut - m) : (int)strlen(m);

		if (!len || !strncmp(m, "Expected JSON value", (size_t)len))
			v = jv_invalid_with_msg(jv_string("want one JSON object: the file holds none"));
		else if (!strncmp(m, "Unexpected extra JSON values", (size_t)len))
			v = jv_invalid_with_msg(jv_string("want one JSON object: the file holds more than one value"));
		else
			v = jv_invalid_with_msg(jv_string_sized(m, len));
		jv_free(msg);
	}
	fclose(f);
	buf_free(&b);
	return v;
}
