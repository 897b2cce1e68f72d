#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "record.h"

void recin_open(struct recin *r, char **files, int nfiles, int strict)
{
	memset(r, 0, sizeof *r);
	lines_open(&r->l, files, nfiles);
	r->strict = strict;
	r->v = jv_invalid();
}

void recin_bad(struct recin *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sc_warn_at(recin_file(r), recin_line(r), "%s", msg);
	r->bad++;
	if (r->strict)
		r->stopped = 1;
}

/* libjq's messages quote the whole line ("… (while parsing '…')"): cut that. */
void rec_parse_error(jv err, char *why, size_t cap)
{
	jv msg = jv_invalid_get_msg(err);
	const char *s = jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg)
							   : "invalid JSON";
	const char *cut = strstr(s, " (while parsing");
	int n = cut ? (int)(cut - s) : (int)strlen(s);

	snprintf(why, cap, "invalid JSON: %.*s", n > 200 ? 200 : n, s);
	jv_free(msg);
}

static void parse_error(struct recin *r, jv err)
{
	char why[256];

	rec_parse_error(err, why, sizeof why);
	recin_bad(r, "%s", why);
}

int rec_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

int rec_control_type(const char *type, size_t n)
{
	return (n == 7 && !memcmp(type, "resolve", 7)) || (n == 8 && !memcmp(type, "handover", 8));
}

int rec_needs_reply(const char *direction, int needs_reply, const char *intent)
{
	static const char *const no_reply[] = {"praise", "chatter", "spam"};

	if (!direction || strcmp(direction, "in"))
		return 0;
	if (needs_reply == JV_KIND_TRUE || needs_reply == JV_KIND_FALSE)
		return needs_reply == JV_KIND_TRUE;
	for (size_t i = 0; intent && i < sizeof no_reply / sizeof *no_reply; i++)
		if (!strcmp(intent, no_reply[i]))
			return 0;
	return 1;
}

const char *rec_nul_key(const struct jval *v, const char *line, size_t len)
{
	static const struct {
		const char *name, *key, *sub;
	} keys[] = {
		{"id", "id", NULL}, {"conversation_id", "conversation_id", NULL},
		{"author.id", "author", "id"}, {"author.handle", "author", "handle"},
	};

	if (!memmem(line, len, "\\u0000", 6) && !memchr(line, '\0', len))
		return NULL; /* libjq takes a raw NUL inside a string too */
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		struct jval f = jval_get(v, keys[i].key, strlen(keys[i].key));
		if (keys[i].sub)
			f = jval_get(&f, keys[i].sub, strlen(keys[i].sub));
		size_t n;
		const char *p = jval_str(&f, &n);
		if (p && memchr(p, '\0', n))
			return keys[i].name;
	}
	return NULL;
}

int recin_next(struct recin *r)
{
	const char *key;

	jv_free(r->v);
	r->v = jv_invalid();
	r->doc = jval_of_jv(r->v);
	while (!r->stopped && lines_next(&r->l, &r->line, &r->len)) {
		if (r->l.toolong && r->strict) { /* reported by the line reader */
			r->stopped = 1;
			break;
		}
		if (rec_blank(r->line, r->len))
			continue;
		jv v;
		if (r->lazy) {
			jparse_doc(&r->jp, r->line, r->len, 1, &r->doc, &v);
		} else {
			v = jparse_line(&r->jp, r->line, r->len);
			r->doc = jval_of_jv(v);
		}
		if (!jv_is_valid(v) && !r->doc.simd) {
			parse_error(r, v);
			continue;
		}
		if (r->doc.kind != JV_KIND_OBJECT) {
			recin_bad(r, "not a JSON object but %s", jv_kind_name(r->doc.kind));
			jv_free(v);
			continue;
		}
		if ((key = rec_nul_key(&r->doc, r->line, r->len))) {
			recin_bad(r, "%s " REC_NUL_KEY, key);
			jv_free(v);
			continue;
		}
		r->v = v;
		r->n++;
		return 1;
	}
	r->doc = jval_of_jv(r->v);
	return 0;
}

jv recin_jv(struct recin *r)
{
	if (!jv_is_valid(r->v) && r->doc.simd)
		r->v = jval_jv(&r->doc);
	return r->v;
}

int recin_status(const struct recin *r)
{
	return r->bad || r->l.err ? SC_EXIT_FAIL : SC_EXIT_OK;
}

void recin_close(struct recin *r)
{
	jv_free(r->v);
	r->v = jv_invalid();
	jparse_free(&r->jp);
	lines_close(&r->l);
}

static void put(FILE *out, const char *s, size_t n)
{
	if (fwrite(s, 1, n, out) != n || ferror(out))
		sc_flush_stdout();
}

void rec_write(FILE *out, const char *json, size_t len)
{
	put(out, json, len);
	put(out, "\n", 1);
}

/* The rare case: the key is there already (a stage run twice). Rebuild. */
static void replace(FILE *out, const struct recin *r, const char *key,
		    const char *json, size_t vlen)
{
	jv val = jv_parse_sized(json, (int)vlen);
	jv base = jv_is_valid(r->v) ? jv_copy(r->v) : jval_jv(&r->doc);
	jv rec = jv_object_set(base, jv_string(key), val);
	jv s = jv_dump_string(rec, 0);

	rec_write(out, jv_string_value(s), (size_t)jv_string_length_bytes(jv_copy(s)));
	jv_free(s);
}

void rec_splice(FILE *out, const struct recin *r, const char *key,
		const char *json, size_t vlen)
{
	const char *s = r->line;
	size_t n = r->len, k;

	int has;
	if (r->doc.simd) {
		has = jval_get(&r->doc, key, strlen(key)).kind != JV_KIND_INVALID;
	} else { /* also a recin made by hand (sc-route's held records): only v */
		/* The key as a jv, made once per key name: not an allocation a record. */
		static jv key_jv;
		static const char *key_name;
		if (key_name != key && (key_name == NULL || strcmp(key_name, key) != 0)) {
			if (key_name)
				jv_free(key_jv);
			key_jv = jv_string(key);
			key_name = key;
		}
		has = jv_object_has(jv_copy(r->v), jv_copy(key_jv));
	}
	if (has) {
		replace(out, r, key, json, vlen);
		return;
	}
	while (n && s[n - 1] != '}') /* trailing blanks: the line parsed as an object */
		n--;
	k = n - 1;
	while (k && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\n' || s[k - 1] == '\r'))
		k--;
	put(out, s, k);
	if (s[k - 1] != '{')
		put(out, ",", 1);
	put(out, "\"", 1);
	put(out, key, strlen(key));
	put(out, "\":", 2);
	put(out, json, vlen);
	put(out, "}\n", 2);
}
