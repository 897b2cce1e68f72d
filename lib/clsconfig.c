/* The configuration file (see clsconfig.h). Cold path: jv is fine here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clsconfig.h"
#include "diag.h"
#include "jget.h"

static void add_rule(struct clsrules *r, const char *name, const char *expr, jv set)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->name = sc_xrealloc(r->name, (size_t)r->cap * sizeof *r->name);
		r->expr = sc_xrealloc(r->expr, (size_t)r->cap * sizeof *r->expr);
		r->set = sc_xrealloc(r->set, (size_t)r->cap * sizeof *r->set);
	}
	r->name[r->n] = sc_xstrdup(name);
	r->expr[r->n] = sc_xstrdup(expr);
	r->set[r->n] = set;
	r->n++;
}

void clsrules_free(struct clsrules *r)
{
	for (int i = 0; i < r->n; i++) {
		free(r->name[i]);
		free(r->expr[i]);
		jv_free(r->set[i]);
	}
	free(r->name);
	free(r->expr);
	free(r->set);
	free(r->src);
	memset(r, 0, sizeof *r);
}

static int is(jv v, jv_kind k)
{
	return jv_get_kind(v) == k;
}

static int number(jv v, const char *key, double min, double max, double *out, struct buf *err)
{
	if (!is(v, JV_KIND_NUMBER) || jv_number_value(v) < min || jv_number_value(v) > max) {
		buf_printf(err, "\"%s\" must be a number in [%g, %g]", key, min, max);
		return -1;
	}
	*out = jv_number_value(v);
	return 0;
}

static int marketing(struct classifier *c, jv v, struct buf *err)
{
	int bad = !is(v, JV_KIND_ARRAY);

	if (bad)
		buf_printf(err, "\"marketing\" must be an array of handles");
	else
		jv_array_foreach(v, i, h) {
			if (!bad && !is(h, JV_KIND_STRING)) {
				buf_printf(err, "\"marketing\"[%d] must be a string", i);
				bad = 1;
			} else if (!bad) {
				cls_add_marketing(c, jv_string_value(h));
			}
			jv_free(h);
		}
	jv_free(v);
	return bad ? -1 : 0;
}

/* "lexicon": {"en": [["term", "tag", value], ...], ...} */
static int lexicon(struct classifier *c, jv v, struct buf *err)
{
	if (!is(v, JV_KIND_OBJECT)) {
		buf_printf(err, "\"lexicon\" must be an object of languages");
		return -1;
	}
	jv_object_foreach(v, lang, list) {
		int l = (int)lang_from_code(jv_string_value(lang)), bad = !is(list, JV_KIND_ARRAY);
		if (!bad) {
			jv_array_foreach(list, i, e) {
				/* an entry that is not an array has no items: nulls, refused below */
				int arr = is(e, JV_KIND_ARRAY);
				jv t = arr ? jv_array_get(jv_copy(e), 0) : jv_null();
				jv g = arr ? jv_array_get(jv_copy(e), 1) : jv_null();
				jv val = arr ? jv_array_get(jv_copy(e), 2) : jv_null();
				char num[64] = "";
				if (is(val, JV_KIND_NUMBER))
					snprintf(num, sizeof num, "%g", jv_number_value(val));
				if (!bad && (!is(t, JV_KIND_STRING) || !is(g, JV_KIND_STRING) ||
					     lex_entry(&c->lex, jv_string_value(t), jv_string_value(g),
						       num[0] ? num : NULL, l, err))) {
					buf_printf(err, "%s\"lexicon\".%s[%d]: want [TERM, TAG, VALUE]",
						   err->len ? " in " : "", jv_string_value(lang), i);
					bad = 1;
				}
				jv_free(t), jv_free(g), jv_free(val), jv_free(e);
			}
		}
		jv_free(lang);
		jv_free(list);
		if (bad) {
			jv_free(v);
			return -1;
		}
	}
	jv_free(v);
	return 0;
}

static int keywords(struct classifier *c, const char *topic, jv kw, struct buf *err)
{
	int bad = 0;

	if (is(kw, JV_KIND_OBJECT)) { /* per language: all count in any language */
		jv_object_foreach(kw, lang, list) {
			bad = bad || keywords(c, topic, list, err);
			jv_free(lang);
		}
		jv_free(kw);
		return bad ? -1 : 0;
	}
	if (!is(kw, JV_KIND_ARRAY))
		bad = 1;
	else
		jv_array_foreach(kw, i, w) {
			(void)i;
			bad = bad || !is(w, JV_KIND_STRING) || cls_topic_keyword(c, topic, jv_string_value(w));
			jv_free(w);
		}
	jv_free(kw);
	if (bad)
		buf_printf(err, "topic %s: \"keywords\" must be a list of strings (or an object of lists)", topic);
	return bad ? -1 : 0;
}

static int taxonomy(struct classifier *c, struct clsrules *r, jv v, struct buf *err)
{
	if (!is(v, JV_KIND_ARRAY)) {
		jv_free(v);
		buf_printf(err, "\"taxonomy\" must be an array of {\"topic\", \"keywords\", \"if\"}");
		return -1;
	}
	jv_array_foreach(v, i, t) {
		jv name = jv_object_get(jv_copy(t), jv_string("topic"));
		jv kw = jv_object_get(jv_copy(t), jv_string("keywords"));
		jv cond = jv_object_get(jv_copy(t), jv_string("if"));
		int bad = !is(name, JV_KIND_STRING) || cls_add_topic(c, jv_string_value(name)) < 0;
		if (bad)
			buf_printf(err, "\"taxonomy\"[%d]: want a \"topic\" name (at most %d topics)", i, CLS_MAXTOPICS);
		if (!bad && is(kw, JV_KIND_INVALID) == 0 && !is(kw, JV_KIND_NULL))
			bad = keywords(c, jv_string_value(name), jv_copy(kw), err);
		if (!bad && is(cond, JV_KIND_STRING)) {
			struct buf rn = BUF_INIT, ex = BUF_INIT;
			buf_printf(&rn, "topic:%s", jv_string_value(name));
			buf_printf(&ex, ".class.topic == null and (%s\n)", jv_string_value(cond));
			add_rule(r, buf_cstr(&rn), buf_cstr(&ex),
				 jv_object_set(jv_object(), jv_string("topic"), jv_copy(name)));
			buf_free(&rn);
			buf_free(&ex);
		}
		jv_free(name), jv_free(kw), jv_free(cond), jv_free(t);
		if (bad) {
			jv_free(v);
			return -1;
		}
	}
	jv_free(v);
	return 0;
}

static int rules(struct clsrules *r, jv v, struct buf *err)
{
	int bad = !is(v, JV_KIND_ARRAY);

	if (bad)
		buf_printf(err, "\"rules\" must be an array of {\"name\", \"if\", \"set\"}");
	else
		jv_array_foreach(v, i, ru) {
			jv name = jv_object_get(jv_copy(ru), jv_string("name"));
			jv cond = jv_object_get(jv_copy(ru), jv_string("if"));
			jv set = jv_object_get(jv_copy(ru), jv_string("set"));
			char def[32];
			snprintf(def, sizeof def, "#%d", i + 1);
			if (!bad && (!is(cond, JV_KIND_STRING) || !is(set, JV_KIND_OBJECT))) {
				buf_printf(err, "rule %s: want \"if\" (a jq expression) and \"set\" (an object)",
					   is(name, JV_KIND_STRING) ? jv_string_value(name) : def);
				bad = 1;
			} else if (!bad) {
				add_rule(r, is(name, JV_KIND_STRING) ? jv_string_value(name) : def,
					 jv_string_value(cond), jv_copy(set));
			}
			jv_free(name), jv_free(cond), jv_free(set), jv_free(ru);
		}
	jv_free(v);
	return bad ? -1 : 0;
}

static int apply(struct classifier *c, struct clsrules *r, const char *key, jv v, struct buf *err)
{
	double d;

	if (strcmp(key, "vip_followers") == 0) {
		int rc = number(v, key, 0, 1e12, &d, err);
		c->vip_followers = d;
		jv_free(v);
		return rc;
	}
	if (strcmp(key, "wait_hours") == 0) {
		int rc = number(v, key, 0, 1e6, &c->wait_hours, err);
		jv_free(v);
		return rc;
	}
	if (strcmp(key, "complaint_threshold") == 0) {
		int rc = number(v, key, 0, 1, &c->complaint_threshold, err);
		jv_free(v);
		return rc;
	}
	if (strcmp(key, "marketing") == 0) {
		int rc = marketing(c, jv_copy(v), err);
		jv_free(v);
		return rc;
	}
	if (strcmp(key, "lexicon") == 0)
		return lexicon(c, v, err);
	if (strcmp(key, "taxonomy_replace") == 0) {
		int t = jv_get_kind(v) == JV_KIND_TRUE, f = jv_get_kind(v) == JV_KIND_FALSE;
		jv_free(v);
		if (t)
			cls_clear_topics(c);
		if (!t && !f)
			buf_printf(err, "\"taxonomy_replace\" must be true or false");
		return t || f ? 0 : -1;
	}
	if (strcmp(key, "taxonomy") == 0)
		return taxonomy(c, r, v, err);
	if (strcmp(key, "rules") == 0)
		return rules(r, v, err);
	jv_free(v);
	buf_printf(err, "unknown key \"%s\"", key);
	return -1;
}

static jv read_json(const char *path, struct buf *err)
{
	jv v = jget_file(path);

	if (!jv_is_valid(v)) {
		jv msg = jv_invalid_get_msg(v);
		buf_printf(err, "%s: %s", path, is(msg, JV_KIND_STRING) ? jv_string_value(msg) : "not JSON");
		jv_free(msg);
		return jv_invalid();
	}
	if (!is(v, JV_KIND_OBJECT)) {
		jv_free(v);
		buf_printf(err, "%s: want a JSON object", path);
		return jv_invalid();
	}
	return v;
}

/* Keys are applied in this order, whatever their order in the file, so
 * that "taxonomy_replace" comes before "taxonomy" and topic conditions
 * before rules. */
static const char *const key_order[] = {
	"vip_followers", "complaint_threshold", "wait_hours", "marketing", "lexicon",
	"taxonomy_replace", "taxonomy", "rules", NULL,
};

static int known(const char *key)
{
	for (int i = 0; key_order[i]; i++)
		if (strcmp(key, key_order[i]) == 0)
			return 1;
	return 0;
}

int clsconf_load(struct classifier *c, struct clsrules *r, const char *path, struct buf *err)
{
	jv v = read_json(path, err);
	int bad = 0;

	if (!jv_is_valid(v))
		return -1;
	jv_object_foreach(v, key, val) {
		if (!bad && !known(jv_string_value(key))) {
			buf_printf(err, "unknown key \"%s\"", jv_string_value(key));
			bad = 1;
		}
		jv_free(key);
		jv_free(val);
	}
	for (int i = 0; !bad && key_order[i]; i++) {
		jv val = jv_object_get(jv_copy(v), jv_string(key_order[i]));
		if (!jv_is_valid(val)) {
			jv_free(val);
			continue;
		}
		bad = apply(c, r, key_order[i], val, err) != 0;
	}
	jv_free(v);
	if (bad) {
		struct buf m = BUF_INIT;
		buf_printf(&m, "%s: %s", path, buf_cstr(err));
		buf_reset(err);
		buf_put(err, m.p, m.len);
		buf_free(&m);
	}
	return bad ? -1 : 0;
}
