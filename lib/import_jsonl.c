/* JSON-lines archives: each line an object; each record field is looked up
 * by key (a dotted path such as "user.screen_name" reaches into objects),
 * from --map or the default names, then normalised as CSV rows are. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "import.h"
#include "record.h"

static const char *const format_names[JF_NFORMATS] = {
	[JF_AUTO] = "auto", [JF_GENERIC] = "generic", [JF_V11] = "v1.1", [JF_V2] = "v2",
	[JF_TWARC2] = "twarc2", [JF_FLAT] = "flat",
};

int jsonl_format_by_name(const char *name)
{
	for (int f = JF_GENERIC; f < JF_NFORMATS; f++)
		if (strcmp(format_names[f], name) == 0)
			return f;
	return -1;
}

const char *jsonl_format_name(int f)
{
	return format_names[f];
}

/* Looks up a dotted path; returns the value (owned) or jv_invalid(). */
static jv lookup(jv obj, const char *path)
{
	jv v = jv_copy(obj);
	const char *s = path;

	while (*s) {
		size_t n = strcspn(s, ".");
		if (jv_get_kind(v) != JV_KIND_OBJECT) {
			jv_free(v);
			return jv_invalid();
		}
		jv key = jv_string_sized(s, (int)n);
		if (!jv_object_has(jv_copy(v), jv_copy(key))) {
			jv_free(key);
			jv_free(v);
			return jv_invalid();
		}
		v = jv_object_get(v, key);
		s += n + (s[n] == '.');
	}
	return v;
}

struct slot {
	jv v;
	char num[32];
};

/* Turns a JSON value into the string the normaliser reads; returns a
 * reason when it cannot. */
static const char *value(struct slot *sl, int f, struct imp_val *out)
{
	jv v = sl->v;

	switch (jv_get_kind(v)) {
	case JV_KIND_STRING:
		out->p = jv_string_value(v);
		out->n = (size_t)jv_string_length_bytes(jv_copy(v));
		return NULL;
	case JV_KIND_NULL:
		out->p = "", out->n = 0;
		return NULL;
	case JV_KIND_TRUE:
	case JV_KIND_FALSE:
		out->p = jv_get_kind(v) == JV_KIND_TRUE ? "true" : "false";
		out->n = strlen(out->p);
		return NULL;
	case JV_KIND_NUMBER: {
		double d = jv_number_value(v);
		int id = f == IF_ID || f == IF_PARENT || f == IF_CONV || f == IF_AUTHOR_ID;
		/* from 2^53 on a double no longer holds every whole number: the
		 * id 2^53+1 arrives as 2^53, so 2^53 itself may be a rounded one
		 * (another row's id, a reply's parent): refuse rather than guess */
		if (id && (d != floor(d) || fabs(d) >= 9007199254740992.0))
			return "is a JSON number that cannot hold the id exactly: write ids as strings";
		if (d == floor(d) && fabs(d) < 1e18)
			snprintf(sl->num, sizeof sl->num, "%.0f", d);
		else
			snprintf(sl->num, sizeof sl->num, "%.17g", d);
		out->p = sl->num, out->n = strlen(sl->num);
		return NULL;
	}
	default:
		return "is an object or array, not a value";
	}
}

int import_jsonl(struct importer *imp, const char *path)
{
	struct recin r;
	char *files[] = {(char *)path};
	struct slot sl[IF_NFIELDS];

	recin_open(&r, files, 1, imp->strict);
	while (!imp->stopped && recin_next(&r)) {
		struct imp_val v[IF_NFIELDS];
		const char *why = NULL;
		int f;

		for (f = 0; f < IF_NFIELDS; f++) {
			const char *one[] = {imp->map[f], NULL};
			const char *const *tries = imp->map[f] ? one : imp_defaults(f);

			sl[f].v = jv_invalid();
			v[f] = (struct imp_val){NULL, 0};
			for (; *tries && !jv_is_valid(sl[f].v); tries++)
				sl[f].v = lookup(r.v, *tries);
			if (jv_is_valid(sl[f].v) && !why && (why = value(&sl[f], f, &v[f])))
				break;
		}
		if (why) {
			imp->rows++;
			recin_bad(&r, "%s %s", imp_field_name(f), why);
			f++;
		} else {
			imp_row(imp, v, recin_file(&r), recin_line(&r));
		}
		while (f-- > 0)
			jv_free(sl[f].v);
	}
	imp->bad += r.bad;
	if (r.stopped)
		imp->stopped = 1;
	recin_close(&r);
	return r.l.err ? -1 : 0;
}
