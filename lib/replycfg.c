#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cfgjson.h"
#include "diag.h"
#include "jget.h"
#include "replycfg.h"

const char *const reply_var_names[RV_NVARS] = {
	"author.handle", "author.name", "author.first_name", "agent", "case", "due_local",
	"queue", "queue.hours", "reopens_local", "account", "network",
};

const char *const reply_level_names[] = {"exact", "topic", "intent", "language", "global"};

/* Compiles text (consumed) as template lang/key. */
static int compile(struct reply_tpl *rt, const char *lang, const char *key, jv text,
		   struct buf *err)
{
	struct buf e = BUF_INIT;
	int rc = 0;

	rt->key = sc_xstrdup(key);
	rt->id = sc_xstrdup(lang);
	rt->id = sc_xrealloc(rt->id, strlen(lang) + strlen(key) + 2);
	strcat(strcat(rt->id, "/"), key);
	if (jv_get_kind(text) != JV_KIND_STRING)
		rc = cfg_bad(err, "template %s: want a string", rt->id);
	else if (!(rt->t = tpl_compile(jv_string_value(text), (size_t)jv_string_length_bytes(jv_copy(text)),
				       reply_var_names, RV_NVARS, &e)))
		rc = cfg_bad(err, "template %s: %s", rt->id, e.p);
	buf_free(&e);
	jv_free(text);
	return rc;
}

/* "default", "INTENT", "INTENT:TOPIC" or "*:TOPIC", words of [a-z0-9_-]. */
static int good_key(const char *k)
{
	const char *colon = strchr(k, ':');
	size_t n = strlen(k);

	if (!n || strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789_-:*") != n)
		return 0;
	if (!colon)
		return !strchr(k, '*');
	return colon > k && colon[1] && !strchr(colon + 1, ':') && !strchr(colon + 1, '*') &&
	       (colon - k == 1 || !memchr(k, '*', (size_t)(colon - k))) && strcmp(k, "*:") != 0;
}

static int load_templates(struct reply_lang *l, jv t, struct buf *err)
{
	jv keys;
	int rc = 0;

	if (jv_get_kind(t) != JV_KIND_OBJECT)
		return cfg_bad(err, "languages.%s.templates: want an object", l->code);
	keys = jv_keys(jv_copy(t));
	l->tpls = sc_xcalloc((size_t)jv_array_length(jv_copy(keys)) + 1, sizeof *l->tpls);
	jv_array_foreach(keys, i, k) {
		const char *key = jv_string_value(k);
		if (!rc && !good_key(key))
			rc = cfg_bad(err, "languages.%s.templates: '%s' is not INTENT:TOPIC, *:TOPIC, INTENT "
				 "or default", l->code, key);
		if (!rc)
			rc = compile(&l->tpls[l->ntpls++], l->code, key, cfg_get(t, key), err);
		jv_free(k);
	}
	jv_free(keys);
	return rc;
}

static int load_special(struct reply_lang *l, jv o, const char *k, struct reply_tpl **out,
			struct buf *err)
{
	jv v = cfg_get(o, k);
	int rc = 0;

	if (jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL) {
		*out = sc_xcalloc(1, sizeof **out);
		rc = compile(*out, l->code, k, jv_copy(v), err);
	}
	jv_free(v);
	return rc;
}

static int load_lang(struct reply_lang *l, const char *code, jv o, struct buf *err)
{
	static const char *const keys[] = {"templates", "ack", "dm_invite", "tone", "time_format", NULL};
	char what[96];
	jv v;
	int rc;

	l->code = sc_xstrdup(code);
	snprintf(what, sizeof what, "languages.%s", code);
	if (cfg_keys(o, keys, what, err))
		return -1;
	v = cfg_get(o, "templates");
	rc = jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL ? load_templates(l, v, err) : 0;
	jv_free(v);
	if (rc || load_special(l, o, "ack", &l->ack, err) ||
	    load_special(l, o, "dm_invite", &l->invite, err))
		return -1;
	v = cfg_get(o, "tone");
	snprintf(what, sizeof what, "languages.%s.tone", code);
	if (!jv_is_valid(v) || jv_get_kind(v) == JV_KIND_NULL) {
		jv_free(v);
		v = jv_object(); /* no tone: nothing checked */
	}
	rc = tone_load(&l->tone, v, what, err);
	jv_free(v);
	v = cfg_get(o, "time_format");
	if (jv_get_kind(v) == JV_KIND_STRING)
		l->time_format = sc_xstrdup(jv_string_value(v));
	else if (jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL && !rc)
		rc = cfg_bad(err, "%s: 'time_format' must be a string", what);
	jv_free(v);
	return rc;
}

static int one_lang(void *ctx, int i, int n, const char *code, jv o, struct buf *err)
{
	struct reply_cfg *c = ctx;

	if (i == 0)
		c->langs = sc_xcalloc((size_t)n + 1, sizeof *c->langs);
	return load_lang(&c->langs[c->nlangs++], code, o, err);
}

static int load_langs(struct reply_cfg *c, jv root, struct buf *err)
{
	return cfg_each(root, "languages", 1,
			"'languages' is required: an object of languages (\"it\": {...})", one_lang, c, err);
}

static int load_default_lang(struct reply_cfg *c, jv root, struct buf *err)
{
	jv v = cfg_get(root, "default_language");
	int rc = 0;

	c->default_lang = -1;
	if (jv_get_kind(v) == JV_KIND_STRING) {
		for (int i = 0; i < c->nlangs; i++)
			if (!strcmp(c->langs[i].code, jv_string_value(v)))
				c->default_lang = i;
		if (c->default_lang < 0)
			rc = cfg_bad(err, "default_language '%s' is not in 'languages'", jv_string_value(v));
	} else if (jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL) {
		rc = cfg_bad(err, "'default_language' must be a string");
	} else if (c->nlangs == 1) {
		c->default_lang = 0;
	} else {
		rc = cfg_bad(err, "'default_language' is required with more than one language");
	}
	jv_free(v);
	return rc;
}

static int one_agent(void *ctx, int i, int n, const char *id, jv name, struct buf *err)
{
	struct reply_cfg *c = ctx;

	if (i == 0) {
		c->agent_ids = sc_xcalloc((size_t)n + 1, sizeof *c->agent_ids);
		c->agent_names = sc_xcalloc((size_t)n + 1, sizeof *c->agent_names);
	}
	if (jv_get_kind(name) != JV_KIND_STRING)
		return cfg_bad(err, "agents.%s: want the agent's name as a string", id);
	c->agent_ids[c->nagents] = sc_xstrdup(id);
	c->agent_names[c->nagents++] = sc_xstrdup(jv_string_value(name));
	return 0;
}

static int load_agents(struct reply_cfg *c, jv root, struct buf *err)
{
	return cfg_each(root, "agents", 0, "'agents' must map agent ids to the names customers see",
			one_agent, c, err);
}


static int load_queue(struct reply_queue *q, const char *name, jv o, struct buf *err)
{
	static const char *const keys[] = {"tz", "hours", NULL};
	char what[128];
	jv tz;

	q->name = sc_xstrdup(name);
	q->hours = jv_null();
	snprintf(what, sizeof what, "queues.%s", name);
	if (cfg_keys(o, keys, what, err))
		return -1;
	tz = cfg_get(o, "tz");
	q->zone = cfg_zone(tz, what, err);
	jv_free(tz);
	if (!q->zone)
		return -1;
	jv_free(q->hours);
	q->hours = cfg_get(o, "hours");
	if (!jv_is_valid(q->hours)) {
		q->hours = jv_null();
	} else if (jv_get_kind(q->hours) == JV_KIND_OBJECT) {
		int ok = 1;
		jv_object_foreach(q->hours, k, v) { /* borrows q->hours */
			ok &= jv_get_kind(v) == JV_KIND_STRING;
			jv_free(k);
			jv_free(v);
		}
		if (!ok)
			return cfg_bad(err, "%s: 'hours' must map languages to strings", what);
	} else if (jv_get_kind(q->hours) != JV_KIND_STRING && jv_get_kind(q->hours) != JV_KIND_NULL) {
		return cfg_bad(err, "%s: 'hours' must be a string or an object of languages", what);
	}
	return 0;
}

static int one_queue(void *ctx, int i, int n, const char *name, jv o, struct buf *err)
{
	struct reply_cfg *c = ctx;

	if (i == 0)
		c->queues = sc_xcalloc((size_t)n + 1, sizeof *c->queues);
	return load_queue(&c->queues[c->nqueues++], name, o, err);
}

static int load_queues(struct reply_cfg *c, jv root, struct buf *err)
{
	return cfg_each(root, "queues", 0, "'queues' must be an object of queues", one_queue, c, err);
}

static int load_limits(struct reply_cfg *c, jv root, struct buf *err)
{
	static const char *const keys[] = {"x", "mastodon", "bluesky", NULL};
	long *slot[] = {&c->limit_x, &c->limit_mastodon, &c->limit_bluesky};
	jv l = cfg_get(root, "limits");
	int rc = 0;

	if (jv_is_valid(l) && jv_get_kind(l) != JV_KIND_NULL) {
		rc = cfg_keys(l, keys, "limits", err);
		for (int i = 0; !rc && keys[i]; i++) {
			jv v = cfg_get(l, keys[i]);
			if (jv_get_kind(v) == JV_KIND_NUMBER && jv_number_value(v) >= 1 &&
			    jv_number_value(v) <= 100000)
				*slot[i] = (long)jv_number_value(v);
			else if (jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL)
				rc = cfg_bad(err, "limits.%s: want a number of characters", keys[i]);
			jv_free(v);
		}
	}
	jv_free(l);
	return rc;
}

static int load_misc(struct reply_cfg *c, jv root, struct buf *err)
{
	jv v = cfg_get(root, "case_prefix"), tz;
	int rc = 0;

	c->case_prefix = sc_xstrdup(jv_get_kind(v) == JV_KIND_STRING ? jv_string_value(v) : "#");
	if (jv_is_valid(v) && jv_get_kind(v) != JV_KIND_STRING && jv_get_kind(v) != JV_KIND_NULL)
		rc = cfg_bad(err, "'case_prefix' must be a string");
	jv_free(v);
	v = cfg_get(root, "off_hours");
	if (jv_get_kind(v) == JV_KIND_STRING && !strcmp(jv_string_value(v), "ack-only"))
		c->off_hours = OFF_HOURS_ACK_ONLY;
	else if (jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL &&
		 !(jv_get_kind(v) == JV_KIND_STRING && !strcmp(jv_string_value(v), "ack-and-reply")) && !rc)
		rc = cfg_bad(err, "'off_hours' must be \"ack-and-reply\" or \"ack-only\"");
	jv_free(v);
	tz = cfg_get(root, "tz");
	if (!rc && !(c->zone = cfg_zone(tz, "the configuration", err)))
		rc = -1;
	jv_free(tz);
	return rc;
}

int replycfg_load(struct reply_cfg *c, const char *path, struct buf *err)
{
	static const char *const keys[] = {"languages", "default_language", "agents", "queues",
					   "tz", "case_prefix", "off_hours", "limits", NULL};
	jv all = jget_file(path), root;
	int rc;

	memset(c, 0, sizeof *c);
	c->path = path;
	c->default_lang = -1;
	if (!jv_is_valid(all)) {
		jv msg = jv_invalid_get_msg(all);
		cfg_bad(err, "%s", jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "cannot read");
		jv_free(msg);
		return -1;
	}
	root = all; /* its keys' check refuses what is not an object */
	rc = cfg_keys(root, keys, "the configuration", err) || load_langs(c, root, err) ||
	     load_default_lang(c, root, err) || load_agents(c, root, err) ||
	     load_queues(c, root, err) || load_limits(c, root, err) || load_misc(c, root, err) ? -1 : 0;
	jv_free(root);
	return rc;
}

static void free_tpl(struct reply_tpl *t)
{
	if (!t)
		return;
	free(t->key);
	free(t->id);
	tpl_free(t->t);
}

void replycfg_free(struct reply_cfg *c)
{
	for (int i = 0; i < c->nlangs; i++) {
		struct reply_lang *l = &c->langs[i];
		for (int k = 0; k < l->ntpls; k++)
			free_tpl(&l->tpls[k]);
		free(l->tpls);
		free_tpl(l->ack);
		free(l->ack);
		free_tpl(l->invite);
		free(l->invite);
		tone_free(&l->tone);
		free(l->time_format);
		free(l->code);
	}
	free(c->langs);
	for (int i = 0; i < c->nagents; i++) {
		free(c->agent_ids[i]);
		free(c->agent_names[i]);
	}
	free(c->agent_ids);
	free(c->agent_names);
	for (int i = 0; i < c->nqueues; i++) {
		free(c->queues[i].name);
		sc_sched_free(c->queues[i].zone);
		jv_free(c->queues[i].hours);
	}
	free(c->queues);
	sc_sched_free(c->zone);
	free(c->case_prefix);
	memset(c, 0, sizeof *c);
}

const struct reply_lang *replycfg_lang(const struct reply_cfg *c, const char *lang)
{
	for (int i = 0; lang && i < c->nlangs; i++)
		if (!strcmp(c->langs[i].code, lang))
			return &c->langs[i];
	return c->default_lang >= 0 ? &c->langs[c->default_lang] : NULL;
}

/* Appends s to key (cap bytes, *n used), cut to keep a NUL. */
static void put_cut(char *key, size_t cap, size_t *n, const char *s)
{
	size_t m = strlen(s);

	if (m > cap - 1 - *n)
		m = cap - 1 - *n;
	memcpy(key + *n, s, m);
	*n += m;
	key[*n] = '\0';
}

static const struct reply_tpl *find(const struct reply_lang *l, const char *a, const char *b)
{
	char key[256];
	size_t n = 0;

	if (!a || (b && !*b))
		return NULL;
	/* a or "a:b", cut at 255 bytes as snprintf would: printf was most of a pick */
	put_cut(key, sizeof key, &n, a);
	if (b) {
		put_cut(key, sizeof key, &n, ":");
		put_cut(key, sizeof key, &n, b);
	}
	for (int i = 0; i < l->ntpls; i++)
		if (!strcmp(l->tpls[i].key, key))
			return &l->tpls[i];
	return NULL;
}

const struct reply_tpl *replycfg_pick(const struct reply_cfg *c, const struct reply_lang *l,
				      const char *intent, const char *topic, int *level,
				      const struct reply_lang **in)
{
	const struct reply_tpl *t;

	*in = l;
	if (l && intent && topic && (t = find(l, intent, topic)))
		return *level = LEVEL_EXACT, t;
	if (l && topic && (t = find(l, "*", topic)))
		return *level = LEVEL_TOPIC, t;
	if (l && (t = find(l, intent, NULL)))
		return *level = LEVEL_INTENT, t;
	if (l && (t = find(l, "default", NULL)))
		return *level = LEVEL_LANGUAGE, t;
	if (c->default_lang >= 0 && (*in = &c->langs[c->default_lang]) != l &&
	    (t = find(*in, "default", NULL)))
		return *level = LEVEL_GLOBAL, t;
	return NULL;
}

const char *replycfg_agent(const struct reply_cfg *c, const char *id)
{
	const char *want = id ? id : "*"; /* "*": the name signed when nobody owns the case */

	for (int i = 0; i < c->nagents; i++)
		if (!strcmp(c->agent_ids[i], want))
			return c->agent_names[i];
	return id;
}

const struct reply_queue *replycfg_queue(const struct reply_cfg *c, const char *name)
{
	for (int i = 0; name && i < c->nqueues; i++)
		if (!strcmp(c->queues[i].name, name))
			return &c->queues[i];
	return NULL;
}
