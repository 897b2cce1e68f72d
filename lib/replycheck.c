#include <string.h>

#include "buf.h"
#include "replycheck.h"

static const struct reply_tpl *find(const struct reply_lang *l, const char *key)
{
	for (int i = 0; i < l->ntpls; i++)
		if (!strcmp(l->tpls[i].key, key))
			return &l->tpls[i];
	return NULL;
}

/* Every template of language l, the specials included, in calls to fn. */
static void each_tpl(const struct reply_lang *l, void (*fn)(void *, const struct reply_tpl *),
		     void *ctx)
{
	for (int i = 0; i < l->ntpls; i++)
		fn(ctx, &l->tpls[i]);
	if (l->ack)
		fn(ctx, l->ack);
	if (l->invite)
		fn(ctx, l->invite);
}

static void lang_line(const struct reply_cfg *c, int li, struct buf *b)
{
	const struct reply_lang *l = &c->langs[li];

	buf_printf(b, "  %s%s: %d template%s:", l->code, li == c->default_lang ? " (default)" : "",
		   l->ntpls, l->ntpls == 1 ? "" : "s");
	for (int i = 0; i < l->ntpls; i++)
		buf_printf(b, "%s %s", i ? "," : "", l->tpls[i].key);
	buf_printf(b, "\n    ack: %s; dm_invite: %s; time format: %s\n", l->ack ? "yes" : "none",
		   l->invite ? "yes" : "none", l->time_format ? l->time_format : "%Y-%m-%d %H:%M");
}

/* For each language, the keys another language has and it lacks. */
static int missing(const struct reply_cfg *c, struct buf *b)
{
	int n = 0;

	for (int li = 0; li < c->nlangs; li++) {
		const struct reply_lang *l = &c->langs[li];
		size_t mark = b->len;
		int here = 0, named_default = 0;
		buf_printf(b, "  %s:", l->code);
		for (int o = 0; o < c->nlangs; o++)
			for (int i = 0; i < c->langs[o].ntpls; i++) {
				const char *k = c->langs[o].tpls[i].key;
				int seen = find(l, k) != NULL;
				for (int p = 0; p < o && !seen; p++)
					seen = find(&c->langs[p], k) != NULL; /* named once */
				if (!seen) {
					buf_printf(b, "%s %s", here++ ? "," : "", k);
					named_default |= !strcmp(k, "default");
				}
			}
		if (!l->ack)
			buf_printf(b, "%s ack", here++ ? "," : "");
		if (!l->invite)
			buf_printf(b, "%s dm_invite", here++ ? "," : "");
		if (!find(l, "default") && !named_default)
			buf_printf(b, "%s default", here++ ? "," : "");
		if (here) {
			buf_putc(b, '\n');
			n++;
		} else
			b->len = mark;
	}
	return n;
}

struct uses {
	int var, n;
	struct buf *b;
};

static void note_use(void *ctx, const struct reply_tpl *t)
{
	struct uses *u = ctx;

	if (tpl_uses(t->t, u->var))
		buf_printf(u->b, "%s%s", u->n++ ? ", " : "", t->id);
}

/* The templates of language l (all languages when l is NULL) using var,
 * listed into b; how many. */
static int users(const struct reply_cfg *c, const struct reply_lang *l, int var, struct buf *b)
{
	struct uses u = {var, 0, b};

	for (int i = 0; i < c->nlangs; i++)
		if (!l || l == &c->langs[i])
			each_tpl(&c->langs[i], note_use, &u);
	return u.n;
}

/* Does a record of queue q written in lang get {{queue.hours}} filled? */
static int has_hours(const struct reply_queue *q, const char *lang)
{
	jv h;
	int yes;

	if (jv_get_kind(q->hours) != JV_KIND_OBJECT)
		return jv_get_kind(q->hours) == JV_KIND_STRING;
	h = jv_object_get(jv_copy(q->hours), jv_string(lang));
	yes = jv_get_kind(h) == JV_KIND_STRING;
	jv_free(h);
	return yes;
}

static int empty_vars(const struct reply_cfg *c, struct buf *b)
{
	struct buf who = BUF_INIT;
	int n = 0;

	for (int li = 0; li < c->nlangs; li++) {
		const struct reply_lang *l = &c->langs[li];
		buf_reset(&who);
		if (!users(c, l, RV_QUEUE_HOURS, &who))
			continue;
		for (int q = 0; q < c->nqueues; q++)
			if (!has_hours(&c->queues[q], l->code) && ++n)
				buf_printf(b, "  {{queue.hours}} in %s (%.*s): queue '%s' has no hours in '%s'\n",
					   l->code, (int)who.len, who.p, c->queues[q].name, l->code);
	}
	buf_reset(&who);
	if (!replycfg_agent(c, NULL) && users(c, NULL, RV_AGENT, &who) && ++n)
		buf_printf(b, "  {{agent}} (%.*s): no \"*\" name under \"agents\" for cases without an "
			   "owner\n", (int)who.len, who.p);
	buf_free(&who);
	return n;
}

int replycheck_print(FILE *f, const struct reply_cfg *c)
{
	struct buf b = BUF_INIT, w = BUF_INIT;
	int ntpl = 0, nm, nv;

	for (int i = 0; i < c->nlangs; i++)
		ntpl += c->langs[i].ntpls;
	buf_printf(&b, "%s: valid: %d language%s, %d template%s, %d agent name%s, %d queue%s\n",
		   c->path, c->nlangs, c->nlangs == 1 ? "" : "s", ntpl, ntpl == 1 ? "" : "s",
		   c->nagents, c->nagents == 1 ? "" : "s", c->nqueues, c->nqueues == 1 ? "" : "s");
	buf_puts(&b, "\nlanguages:\n");
	for (int i = 0; i < c->nlangs; i++)
		lang_line(c, i, &b);
	buf_puts(&b, "\nqueues:\n");
	for (int q = 0; q < c->nqueues; q++) {
		const struct reply_queue *x = &c->queues[q];
		buf_printf(&b, "  %s: %s", x->name, sc_sched_tz(x->zone ? x->zone : c->zone));
		if (jv_get_kind(x->hours) == JV_KIND_STRING)
			buf_printf(&b, "; hours: %s", jv_string_value(x->hours));
		else if (jv_get_kind(x->hours) == JV_KIND_OBJECT) {
			buf_puts(&b, "; hours in");
			jv_object_foreach(x->hours, k, v) {
				buf_printf(&b, " %s", jv_string_value(k));
				jv_free(k);
				jv_free(v);
			}
		}
		buf_putc(&b, '\n');
	}
	nm = missing(c, &w);
	if (nm)
		buf_printf(&b, "\ntemplates missing per language (such a record gets the next one down "
			   "the chain: topic, intent, the language's default, then %s's; ack and "
			   "dm_invite: %s's):\n%.*s", c->langs[c->default_lang].code,
			   c->langs[c->default_lang].code, (int)w.len, w.p);
	buf_reset(&w);
	nv = empty_vars(c, &w);
	if (nv)
		buf_printf(&b, "\nvariables some records have no value for:\n%.*s",
			   (int)w.len, w.p);
	fwrite(b.p, 1, b.len, f);
	buf_free(&b);
	buf_free(&w);
	return nm + nv;
}
