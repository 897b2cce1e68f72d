#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "draft.h"
#include "jsonw.h"
#include "sctime.h"

const char *const draft_status_names[] = {"drafted", "sent", "skipped", "failed"};

/* The fields drafting reads. Each is looked up at most once per record, in
 * place (jval.h): neither a jv of the record nor a key string per lookup
 * (which cost more than the rest of drafting). */
enum fld {
	F_TYPE, F_DIRECTION, F_ID, F_CONV, F_SOURCE, F_ACCOUNT, F_CREATED, F_CHANNEL, F_LANG,
	F_AUTHOR, F_CLASS, F_REPLY, F_ROUTE,
	F_AUTHOR_ID, F_AUTHOR_HANDLE, F_AUTHOR_NAME, F_CLASS_LANG, F_CLASS_INTENT, F_CLASS_TOPIC,
	F_REPLY_MODE, F_REPLY_TEXT, F_QUEUE, F_ASSIGNEE, F_MODE, F_DUE, F_REOPENS, F_CASE, F_ACK,
	F_FOLLOW, F_RESOLVED, F_NEEDS_REPLY, NFLD
};

/* Each field: its key in its parent (-1: the record itself). */
static const struct {
	const char *key;
	int parent;
} fld_def[NFLD] = {
	{"type", -1}, {"direction", -1}, {"id", -1}, {"conversation_id", -1}, {"source", -1},
	{"account", -1}, {"created_at", -1}, {"channel", -1}, {"lang", -1},
	{"author", -1}, {"class", -1}, {"reply", -1}, {"route", -1},
	{"id", F_AUTHOR}, {"handle", F_AUTHOR}, {"name", F_AUTHOR},
	{"lang", F_CLASS}, {"intent", F_CLASS}, {"topic", F_CLASS},
	{"mode", F_REPLY}, {"text", F_REPLY},
	{"queue", F_ROUTE}, {"assignee", F_ROUTE}, {"mode", F_ROUTE}, {"due", F_ROUTE},
	{"reopens", F_ROUTE}, {"case", F_ROUTE}, {"ack", F_ROUTE}, {"follow", F_ROUTE},
	{"resolved", F_ROUTE}, {"needs_reply", F_ROUTE},
};

struct draft_fields {
	struct jval val[NFLD]; /* borrowed from the record; known when its bit is set in got */
	uint64_t got;
};

/* A template's brand words are the same in every reply it makes: their tone
 * is checked once per template and tone, and the answer kept. */
struct voice_memo {
	const struct reply_tpl *t;
	const struct tone *tone;
	int rc;
	char *why;
};

#define VOICE_MEMO_MAX 1024

static struct draft_fields *fields_new(void)
{
	return sc_xcalloc(1, sizeof(struct draft_fields));
}

static void fields_forget(struct draft_fields *c)
{
	c->got = 0;
}

static void fields_free(struct draft_fields *c)
{
	free(c);
}

/* Field f of the record (borrowed, valid until the next record), absent
 * when missing. A parent object is looked up once for all its fields. */
static const struct jval *field(struct drafter *d, enum fld f)
{
	struct draft_fields *c = d->f;

	if (!(c->got & (1ULL << f))) {
		const struct jval *o = fld_def[f].parent < 0 ? &d->rec : field(d, (enum fld)fld_def[f].parent);
		c->val[f] = jval_get(o, fld_def[f].key, strlen(fld_def[f].key));
		c->got |= 1ULL << f;
	}
	return &c->val[f];
}

void drafter_init(struct drafter *d, const struct reply_cfg *cfg)
{
	memset(d, 0, sizeof *d);
	d->cfg = cfg;
	textlen_init(&d->tl);
	d->keep = jv_null();
	d->rec = jval_of_jv(d->keep);
	d->f = fields_new();
	d->unfilled = -1;
}

void drafter_free(struct drafter *d)
{
	textlen_free(&d->tl);
	tone_scratch_free(&d->ts);
	buf_free(&d->tmp);
	buf_free(&d->voice);
	free(d->tm);
	for (int i = 0; i < d->nvm; i++)
		free(d->vm[i].why);
	free(d->vm);
	fields_free(d->f);
	jv_free(d->keep);
}

#define NACT_BUFS 5

static struct buf *act_bufs(struct draft_act *a, int i)
{
	struct buf *b[] = {&a->text, &a->key, &a->remote_id, &a->error, &a->sent_at};
	return b[i];
}

#define NDRAFT_BUFS 10

static struct buf *draft_bufs(struct draft *dr, int i)
{
	struct buf *b[] = {&dr->error, &dr->record_id, &dr->conversation, &dr->in_reply_to,
			   &dr->root, &dr->user_id, &dr->user_handle, &dr->network, &dr->account,
			   &dr->created_at};
	return b[i];
}

void draft_init(struct draft *dr)
{
	memset(dr, 0, sizeof *dr);
}

void draft_free(struct draft *dr)
{
	for (int i = 0; i < dr->cap; i++)
		for (int k = 0; k < NACT_BUFS; k++)
			buf_free(act_bufs(&dr->acts[i], k));
	free(dr->acts);
	for (int k = 0; k < NDRAFT_BUFS; k++)
		buf_free(draft_bufs(dr, k));
}

static void reset(struct draft *dr)
{
	for (int k = 0; k < NDRAFT_BUFS; k++)
		buf_reset(draft_bufs(dr, k));
	dr->pass = dr->held = 0;
	dr->bad = NULL;
	dr->status = DS_DRAFTED;
	dr->mode = NULL;
	dr->tpl_id = dr->level = dr->lang = NULL;
	dr->nacts = 0;
	dr->main = -1;
	dr->case_id = 0;
}

/* A string field of the record, or NULL; valid until the next record. */
static const char *str(struct drafter *d, enum fld f)
{
	size_t n;

	return jval_str(field(d, f), &n);
}

/* "x:123" → "123": the network's own id. */
static void unprefixed(struct buf *b, const char *id)
{
	const char *c = id ? strchr(id, ':') : NULL;

	buf_reset(b);
	if (id)
		buf_puts(b, c ? c + 1 : id);
	buf_cstr(b);
}

/* Due and reopening times repeat (hours of business time): each local
 * time is made once per instant, zone and format, and kept. */
#define TIME_MEMO 64
#define TIME_RFC_MAX 40

struct time_memo {
	const struct sc_schedule *z;
	const char *fmt;
	char rfc[TIME_RFC_MAX];
	size_t rfclen;
	char s[128];        /* "" when the instant does not parse or the format gives nothing */
};

static uint64_t fnv1a(const char *s, size_t n);

/* rfc in zone z, in format fmt, into s ("" when none). */
static void format_local(const struct sc_schedule *z, const char *fmt, const char *rfc, size_t n,
			 char s[128])
{
	struct sc_time t;
	const char *why;
	struct tm tm;
	time_t sec;

	s[0] = '\0';
	if (sc_time_parse(rfc, n, &t, &why))
		return;
	sec = (time_t)(t.sec + sc_sched_utc_offset(z, t.sec));
	gmtime_r(&sec, &tm);
	if (!strftime(s, 128, fmt, &tm))
		s[0] = '\0';
}

/* An RFC 3339 time in the queue's (or the default) zone, in the language's format. */
static void local_time(struct drafter *d, const char *rfc, struct buf *out)
{
	const struct reply_queue *q = replycfg_queue(d->cfg, str(d, F_QUEUE));
	const struct sc_schedule *z = q ? q->zone : d->cfg->zone;
	const char *fmt = d->lang && d->lang->time_format ? d->lang->time_format : "%Y-%m-%d %H:%M";
	size_t n = rfc ? strlen(rfc) : 0;
	struct time_memo *m;
	char s[128];

	if (!rfc)
		return;
	if (n >= TIME_RFC_MAX) {
		format_local(z, fmt, rfc, n, s);
		buf_puts(out, s);
		return;
	}
	if (!d->tm)
		d->tm = sc_xcalloc(TIME_MEMO, sizeof *d->tm);
	m = &d->tm[fnv1a(rfc, n) % TIME_MEMO];
	if (!(m->fmt == fmt && m->z == z && m->rfclen == n && !memcmp(m->rfc, rfc, n))) {
		format_local(z, fmt, rfc, n, m->s);
		m->z = z;
		m->fmt = fmt;
		m->rfclen = n;
		memcpy(m->rfc, rfc, n);
	}
	buf_puts(out, m->s);
}

static void queue_hours(struct drafter *d, struct buf *out)
{
	const struct reply_queue *q = replycfg_queue(d->cfg, str(d, F_QUEUE));
	const char *s = NULL;
	jv h;

	if (!q)
		return;
	if (jv_get_kind(q->hours) == JV_KIND_STRING) {
		buf_puts(out, jv_string_value(q->hours));
		return;
	}
	if (jv_get_kind(q->hours) != JV_KIND_OBJECT || !d->lang)
		return;
	h = jv_object_get(jv_copy(q->hours), jv_string(d->lang->code));
	if (jv_get_kind(h) == JV_KIND_STRING)
		s = jv_string_value(h);
	if (s)
		buf_puts(out, s);
	jv_free(h);
}

/* "%lld" without printf (per record). */
static void put_ll(struct buf *out, long long v)
{
	unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
	char d[24];
	int n = 0;

	do
		d[n++] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		d[n++] = '-';
	while (n)
		buf_putc(out, d[--n]);
}

static void value(void *ctx, int var, struct buf *out)
{
	struct drafter *d = ctx;
	const char *s = NULL;
	const struct jval *n;

	switch (var) {
	case RV_HANDLE: s = str(d, F_AUTHOR_HANDLE); break;
	case RV_NAME:
		s = str(d, F_AUTHOR_NAME);
		if (!s || !*s)
			s = str(d, F_AUTHOR_HANDLE);
		break;
	case RV_FIRST_NAME:
		s = str(d, F_AUTHOR_NAME);
		if (s)
			s += strspn(s, " \t\n"); /* " Mario" is Mario, not nothing */
		if (s && *s) {
			buf_put(out, s, strcspn(s, " \t\n"));
			return;
		}
		s = str(d, F_AUTHOR_HANDLE);
		break;
	case RV_AGENT: s = replycfg_agent(d->cfg, str(d, F_ASSIGNEE)); break;
	case RV_CASE:
		n = field(d, F_CASE);
		if (n->kind == JV_KIND_NUMBER) {
			buf_puts(out, d->cfg->case_prefix);
			put_ll(out, (long long)jval_num(n));
		}
		return;
	case RV_DUE_LOCAL: local_time(d, str(d, F_DUE), out); return;
	case RV_REOPENS_LOCAL: local_time(d, str(d, F_REOPENS), out); return;
	case RV_QUEUE: s = str(d, F_QUEUE); break;
	case RV_QUEUE_HOURS: queue_hours(d, out); return;
	case RV_ACCOUNT: s = str(d, F_ACCOUNT); break;
	case RV_NETWORK: s = d->network ? d->network : str(d, F_SOURCE); break;
	}
	if (s)
		buf_puts(out, s);
}

/* A value the record does not have is not left out of the text ("update
 * you by . Case "): the first one is noted, and the check fails. */
static void fill(void *ctx, int var, struct buf *out)
{
	struct drafter *d = ctx;
	size_t had = out->len;

	value(ctx, var, out);
	if (out->len == had && d->unfilled < 0)
		d->unfilled = var;
}

/* Where variable var's value comes from, for the failed check's reason. */
static void unfilled_why(struct drafter *d, int var, struct buf *out)
{
	static const char *const from[RV_NVARS] = {
		[RV_HANDLE] = "the record has no author.handle",
		[RV_NAME] = "the record has neither author.name nor author.handle",
		[RV_FIRST_NAME] = "the record has neither author.name nor author.handle",
		[RV_AGENT] = "route.assignee is not in \"agents\", and \"agents\" has no \"*\"",
		[RV_CASE] = "the record has no route.case",
		[RV_DUE_LOCAL] = "the record has no route.due (an RFC 3339 time)",
		[RV_REOPENS_LOCAL] = "the record has no route.reopens (an RFC 3339 time)",
		[RV_QUEUE] = "the record has no route.queue",
		[RV_ACCOUNT] = "the record has no account",
		[RV_NETWORK] = "no --network, and the record has no source",
	};
	const char *q = str(d, F_QUEUE);

	if (var == RV_QUEUE_HOURS)
		buf_printf(out, "queue '%s' has no \"hours\" for language '%s' in \"queues\"",
			   q ? q : "(none)", d->lang ? d->lang->code : "?");
	else
		buf_puts(out, from[var]);
}

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* The acts' buffers are kept from record to record: drafting allocates
 * nothing once they have grown. */
struct draft_act *draft_add(struct draft *dr, enum post_action action, const char *name)
{
	struct draft_act *a;

	if (dr->nacts == dr->cap) {
		int cap = dr->cap ? 2 * dr->cap : 4;
		dr->acts = sc_xrealloc(dr->acts, (size_t)cap * sizeof *dr->acts);
		memset(dr->acts + dr->cap, 0, (size_t)(cap - dr->cap) * sizeof *dr->acts);
		dr->cap = cap;
	}
	a = &dr->acts[dr->nacts++];
	for (int k = 0; k < NACT_BUFS; k++)
		buf_reset(act_bufs(a, k));
	buf_cstr(&a->remote_id);
	buf_cstr(&a->error);
	a->tpl_id = NULL;
	a->length = a->limit = 0;
	a->status = DS_DRAFTED;
	a->action = action;
	a->name = name;
	buf_puts(&a->key, dr->conversation.p); /* "%s/%s", without printf per record */
	buf_putc(&a->key, '/');
	buf_puts(&a->key, name);
	buf_cstr(&a->key); /* the ledger reads it as a C string */
	return a;
}

void draft_keep(struct draft *dr, const int *keep)
{
	int j = 0, main = -1;

	for (int i = 0; i < dr->nacts; i++) {
		if (!keep[i])
			continue;
		if (i != j) { /* a swap: each act's buffers stay owned once */
			struct draft_act t = dr->acts[j];
			dr->acts[j] = dr->acts[i];
			dr->acts[i] = t;
		}
		if (i == dr->main)
			main = j;
		j++;
	}
	dr->nacts = j;
	dr->main = main;
	if (main < 0)
		dr->held = 0;
}

void draft_key_to(struct draft_act *a, const char *user, size_t n)
{
	buf_puts(&a->key, "/to:");
	buf_put(&a->key, user, n);
	buf_cstr(&a->key);
}

/* The main reply's key and the follow's also name the customer ("/to:ID",
 * last): one reply or follow per conversation would leave a second
 * customer writing in the same thread unanswered, or DMed without being
 * followed (send.c still honours the keys written before, without it).
 * The ack and the invitation stay once per conversation. */
static void key_customer(const struct draft *dr, struct draft_act *a)
{
	if (dr->user_id.len)
		draft_key_to(a, dr->user_id.p, dr->user_id.len);
}

/* The act's key ends with what makes it this reply: the template, or a
 * hash of the agent's own text. */
static void key_text(struct draft_act *a)
{
	if (a->tpl_id) {
		buf_puts(&a->key, "/tpl:");
		buf_puts(&a->key, a->tpl_id);
	}
	else
		buf_printf(&a->key, "/text:%016llx", (unsigned long long)fnv1a(a->text.p, a->text.len));
	buf_cstr(&a->key);
}

static int starts_with_handle(const char *s, size_t n, const char *h)
{
	size_t m = strlen(h);

	return n > m && s[0] == '@' && !strncasecmp(s + 1, h, m) &&
	       (n == m + 1 || s[m + 1] == ' ' || s[m + 1] == '\n' || s[m + 1] == ',');
}

/* Public replies on X and Mastodon start with @handle; DMs never do. */
static void fix_mention(struct drafter *d, struct draft *dr, struct draft_act *a, enum textlen_kind k)
{
	const char *h = dr->user_handle.p;
	size_t lead = strspn(a->text.p, " \n");

	if (!h || !*h)
		return;
	if (a->action == POST_DM && starts_with_handle(a->text.p + lead, a->text.len - lead, h)) {
		size_t cut = lead + 1 + strlen(h);
		cut += strspn(a->text.p + cut, " ,\n");
		memmove(a->text.p, a->text.p + cut, a->text.len - cut);
		a->text.len -= cut;
	} else if (a->action == POST_REPLY && (k == TL_X || k == TL_MASTODON) &&
		   !starts_with_handle(a->text.p + lead, a->text.len - lead, h)) {
		buf_reset(&d->tmp);
		buf_putc(&d->tmp, '@');
		buf_puts(&d->tmp, h);
		buf_putc(&d->tmp, ' ');
		buf_put(&d->tmp, a->text.p + lead, a->text.len - lead);
		buf_reset(&a->text);
		buf_put(&a->text, d->tmp.p, d->tmp.len);
	}
	buf_cstr(&a->text);
}

static long limit_of(struct drafter *d, enum textlen_kind k, enum post_action action)
{
	const struct reply_cfg *c = d->cfg;
	long l = k == TL_X ? c->limit_x : k == TL_MASTODON ? c->limit_mastodon :
		 k == TL_BLUESKY ? c->limit_bluesky : 0;

	if (action == POST_DM && k == TL_X)
		return 10000; /* X direct messages */
	if (action == POST_DM && k == TL_BLUESKY)
		return 1000;  /* Bluesky chat messages */
	if (d->limit > 0 && !l)
		l = d->limit;
	return l ? l : textlen_default_limit(k);
}

/* The brand's words of a template: every value masked as "x", so a
 * customer's name in capitals or with "!!" does not fail the tone. */
static void mask(void *ctx, int var, struct buf *out)
{
	(void)ctx;
	(void)var;
	buf_putc(out, 'x');
}

/* The tone of a's text (t NULL: the agent's own) or of t's brand words:
 * 0, or -1 with the reason in d->tmp. */
static int tone_of(struct drafter *d, const struct tone *tone, const struct reply_tpl *t,
		   const struct draft_act *a)
{
	struct voice_memo *m;
	int rc;

	if (!t)
		return tone_check(tone, &d->ts, a->text.p, a->text.len, &d->tmp);
	for (int i = 0; i < d->nvm; i++)
		if (d->vm[i].t == t && d->vm[i].tone == tone) {
			buf_puts(&d->tmp, d->vm[i].why);
			return d->vm[i].rc;
		}
	buf_reset(&d->voice);
	tpl_render(t->t, mask, NULL, &d->voice);
	rc = tone_check(tone, &d->ts, d->voice.p, d->voice.len, &d->tmp);
	if (d->nvm < VOICE_MEMO_MAX) {
		d->vm = sc_xrealloc(d->vm, (size_t)(d->nvm + 1) * sizeof *d->vm);
		m = &d->vm[d->nvm++];
		m->t = t;
		m->tone = tone;
		m->rc = rc;
		m->why = sc_xstrndup(d->tmp.p ? d->tmp.p : "", d->tmp.len);
	}
	return rc;
}

/* Mention, length, tone (of t's brand words, of the whole text when t is
 * NULL): 0, or -1 with dr->error set (the text is never cut). */
static int check(struct drafter *d, struct draft *dr, struct draft_act *a, const struct tone *tone,
		 const struct reply_tpl *t)
{
	enum textlen_kind k = textlen_kind(dr->network.p);
	long bytes;

	fix_mention(d, dr, a, k);
	a->length = textlen_count(&d->tl, k, a->text.p, a->text.len);
	a->limit = limit_of(d, k, a->action);
	if (!a->text.len) {
		buf_printf(&dr->error, "%s: the text is empty", a->name);
		return -1;
	}
	if (a->length < 0) {
		buf_printf(&dr->error, "%s: its length for %s cannot be counted (a word of thousands of "
			   "characters is too long to search for links)", a->name, dr->network.p);
		return -1;
	}
	if (a->limit && a->length > a->limit) {
		buf_printf(&dr->error, "%s: too long for %s: %ld characters, at most %ld", a->name,
			   dr->network.p, a->length, a->limit);
		return -1;
	}
	bytes = textlen_byte_limit(k, a->action == POST_DM);
	if (bytes && (long)a->text.len > bytes) {
		buf_printf(&dr->error, "%s: too long for %s: %zu bytes of UTF-8, at most %ld", a->name,
			   dr->network.p, a->text.len, bytes);
		return -1;
	}
	if (d->tl.bad) {
		buf_printf(&dr->error, "%s: %s refuses the character U+%04lX in a text", a->name,
			   dr->network.p, (unsigned long)d->tl.bad);
		return -1;
	}
	buf_reset(&d->tmp);
	if (tone && tone_of(d, tone, t, a)) {
		buf_printf(&dr->error, "%s: tone: %.*s", a->name, (int)d->tmp.len, d->tmp.p);
		return -1;
	}
	return 0;
}

static int render(struct drafter *d, struct draft *dr, struct draft_act *a,
		  const struct reply_tpl *t, const struct reply_lang *l, int once)
{
	const struct reply_lang *keep = d->lang;

	d->lang = l;
	a->tpl_id = t->id;
	d->unfilled = -1;
	tpl_render(t->t, fill, d, &a->text);
	buf_cstr(&a->text);
	if (!once) /* an ack or invitation goes once per case, whatever its text */
		key_text(a);
	if (d->unfilled >= 0) {
		buf_printf(&dr->error, "%s: {{%s}} has no value: ", a->name, reply_var_names[d->unfilled]);
		unfilled_why(d, d->unfilled, &dr->error);
		d->lang = keep;
		return -1;
	}
	d->lang = keep;
	return check(d, dr, a, &l->tone, t);
}

/* The ack or invite template of language l, else the default language's. */
static int special(struct drafter *d, struct draft *dr, struct draft_act *a, int ack)
{
	const struct reply_lang *l = d->lang;
	const struct reply_tpl *t = ack ? l->ack : l->invite;

	if (!t && d->cfg->default_lang >= 0) {
		l = &d->cfg->langs[d->cfg->default_lang];
		t = ack ? l->ack : l->invite;
	}
	if (!t) {
		buf_printf(&dr->error, "no '%s' template in languages.%s or the default language",
			   ack ? "ack" : "dm_invite", d->lang->code);
		return -1;
	}
	return render(d, dr, a, t, l, 1);
}

static void ids(struct drafter *d, struct draft *dr)
{
	const char *conv = str(d, F_CONV), *id = str(d, F_ID);
	const char *net = d->network ? d->network : str(d, F_SOURCE);
	const struct jval *c;

	buf_puts(&dr->record_id, id ? id : "");
	buf_puts(&dr->conversation, conv ? conv : id ? id : "");
	unprefixed(&dr->in_reply_to, id);
	unprefixed(&dr->root, conv);
	unprefixed(&dr->user_id, str(d, F_AUTHOR_ID));
	buf_puts(&dr->user_handle, str(d, F_AUTHOR_HANDLE) ? str(d, F_AUTHOR_HANDLE) : "");
	buf_puts(&dr->network, net ? net : "");
	buf_puts(&dr->account, str(d, F_ACCOUNT) ? str(d, F_ACCOUNT) : "");
	buf_puts(&dr->created_at, str(d, F_CREATED) ? str(d, F_CREATED) : "");
	for (int k = 0; k < NDRAFT_BUFS; k++)
		buf_cstr(draft_bufs(dr, k));
	c = field(d, F_CASE);
	dr->case_id = c->kind == JV_KIND_NUMBER ? (int64_t)jval_num(c) : 0;
}

static const char *mode_of(struct drafter *d)
{
	const char *m = str(d, F_REPLY_MODE), *ch;

	if (m && (!strcmp(m, "public") || !strcmp(m, "dm")))
		return m;
	m = str(d, F_MODE);
	if (m && (!strcmp(m, "public") || !strcmp(m, "dm") || !strcmp(m, "none")))
		return m;
	ch = str(d, F_CHANNEL);
	return ch && !strcmp(ch, "private") ? "dm" : "public";
}

static void skip(struct draft *dr, const char *mode, const char *why)
{
	dr->mode = mode;
	dr->status = DS_SKIPPED;
	buf_puts(&dr->error, why);
	buf_cstr(&dr->error);
}

/* The main text: the agent's own, else the template down the chain. */
static int main_text(struct drafter *d, struct draft *dr, struct draft_act *a)
{
	const char *own = str(d, F_REPLY_TEXT);
	const struct reply_lang *in;
	const struct reply_tpl *t;
	int level;

	dr->main = (int)(a - dr->acts);
	if (own && *own) {
		buf_puts(&a->text, own);
		buf_cstr(&a->text);
		key_text(a);
		dr->level = "agent";
		return check(d, dr, a, &d->lang->tone, NULL);
	}
	t = replycfg_pick(d->cfg, d->lang, str(d, F_CLASS_INTENT), str(d, F_CLASS_TOPIC), &level, &in);
	if (!t) {
		buf_printf(&dr->error, "no template for language %s, intent %s, topic %s, and no default",
			   d->lang->code, str(d, F_CLASS_INTENT) ? str(d, F_CLASS_INTENT) : "none",
			   str(d, F_CLASS_TOPIC) ? str(d, F_CLASS_TOPIC) : "none");
		return -1;
	}
	dr->tpl_id = t->id;
	dr->level = reply_level_names[level];
	return render(d, dr, a, t, in, 0);
}

static int truth(struct drafter *d, enum fld f)
{
	return field(d, f)->kind == JV_KIND_TRUE;
}

/* A resolved case: unfollow, if the case was followed (the ledger knows). */
static void draft_resolve(struct drafter *d, struct draft *dr)
{
	const char *conv = str(d, F_CONV), *c;

	dr->mode = "resolve";
	if (!conv || !truth(d, F_RESOLVED)) {
		skip(dr, "resolve", "no open case was resolved");
		return;
	}
	buf_puts(&dr->conversation, conv);
	c = strchr(conv, ':');
	if (d->network)
		buf_puts(&dr->network, d->network);
	else if (c)
		buf_put(&dr->network, conv, (size_t)(c - conv));
	buf_cstr(&dr->network);
	buf_cstr(&dr->conversation);
	draft_add(dr, POST_UNFOLLOW, "unfollow"); /* --send makes one a customer followed */
}

void draft_req(const struct draft *dr, const struct draft_act *a, struct post_req *r)
{
	memset(r, 0, sizeof *r);
	r->action = a->action;
	r->key = a->key.p;
	r->text = a->text.len ? a->text.p : NULL;
	r->in_reply_to = dr->in_reply_to.len ? dr->in_reply_to.p : NULL;
	r->root = dr->root.len ? dr->root.p : NULL;
	r->user_id = dr->user_id.len ? dr->user_id.p : NULL;
	r->user_handle = dr->user_handle.len ? dr->user_handle.p : NULL;
	r->conversation = dr->root.len ? dr->root.p : NULL;
	r->last_inbound = dr->created_at.len ? dr->created_at.p : NULL;
}

static void draft_acts(struct drafter *d, struct draft *dr)
{
	const char *ch = str(d, F_CHANNEL);
	int private = ch && !strcmp(ch, "private"), dm = !strcmp(dr->mode, "dm"), rc = 0;
	struct draft_act *a;

	if (truth(d, F_ACK)) {
		a = draft_add(dr, private ? POST_DM : POST_REPLY, "ack");
		rc = special(d, dr, a, 1);
		dr->held = d->cfg->off_hours == OFF_HOURS_ACK_ONLY;
	}
	if (!rc && dm && !private) {
		if (truth(d, F_FOLLOW))
			key_customer(dr, draft_add(dr, POST_FOLLOW, "follow"));
		rc = special(d, dr, draft_add(dr, POST_REPLY, "invite"), 0);
	}
	if (!rc) {
		a = draft_add(dr, dm ? POST_DM : POST_REPLY, dm ? "dm" : "reply");
		rc = main_text(d, dr, a);
		key_customer(dr, a);
	}
	if (rc) {
		dr->status = DS_FAILED;
		buf_cstr(&dr->error);
	}
}

void draft_record(struct drafter *d, jv rec, struct draft *dr)
{
	jv_free(d->keep);
	d->keep = jv_copy(rec);
	struct jval v = jval_of_jv(d->keep);
	draft_record_in(d, &v, dr);
}

void draft_record_in(struct drafter *d, const struct jval *rec, struct draft *dr)
{
	const char *type, *dir;

	reset(dr);
	fields_forget(d->f);
	d->rec = *rec;
	type = str(d, F_TYPE);
	dir = str(d, F_DIRECTION);
	if (type && !strcmp(type, "resolve")) {
		draft_resolve(d, dr);
		return;
	}
	/* the brand's own messages, and sc-route's hand-over lines (sc-record(5)) */
	if ((dir && !strcmp(dir, "out")) || (type && !strcmp(type, "handover"))) {
		dr->pass = 1;
		return;
	}
	if (!str(d, F_ID)) { /* a reply to nothing would be a post of its own */
		dr->bad = "no id, or an id that is not a string (sc-record(5)): no reply";
		dr->status = DS_FAILED;
		buf_puts(&dr->error, dr->bad);
		buf_cstr(&dr->error);
		return;
	}
	ids(d, dr);
	dr->mode = mode_of(d);
	if (!strcmp(dr->mode, "none")) {
		skip(dr, "none", "routed with mode none: no reply");
		return;
	}
	/* sc-route's case model: a thanks, praise or chatter joins its case but
	 * asks for nothing (sc-record(5)); an agent's own text still goes */
	if (field(d, F_NEEDS_REPLY)->kind == JV_KIND_FALSE && !str(d, F_REPLY_TEXT)) {
		skip(dr, dr->mode, "needs no reply (route.needs_reply is false)");
		return;
	}
	d->lang = replycfg_lang(d->cfg, str(d, F_CLASS_LANG) ? str(d, F_CLASS_LANG) : str(d, F_LANG));
	dr->lang = d->lang->code;
	draft_acts(d, dr);
}

static void act_json(struct jsonw *w, const struct draft *dr, const struct draft_act *a, int i)
{
	jw_begin(w, w->b);
	jw_cstr(w, "action", a->name);
	jw_str(w, "key", a->key.p, a->key.len);
	jw_cstr(w, "status", draft_status_names[a->status]);
	if (a->text.len && i != dr->main)
		jw_str(w, "text", a->text.p, a->text.len);
	if (a->text.len) {
		jw_int(w, "length", a->length);
		if (a->limit)
			jw_int(w, "limit", a->limit);
		else
			jw_null(w, "limit"); /* a network without a known limit */
	}
	if (a->remote_id.len)
		jw_str(w, "remote_id", a->remote_id.p, a->remote_id.len);
	if (a->sent_at.len)
		jw_str(w, "sent_at", a->sent_at.p, a->sent_at.len);
	if (a->error.len)
		jw_str(w, "error", a->error.p, a->error.len);
	jw_end(w);
}

void draft_json(const struct draft *dr, struct buf *out)
{
	const struct draft_act *m = dr->main >= 0 ? &dr->acts[dr->main] : NULL;
	struct jsonw w;

	buf_reset(out);
	jw_begin(&w, out);
	jw_cstr(&w, "mode", dr->mode);
	jw_cstr(&w, "status", draft_status_names[dr->status]);
	if (m && m->text.len)
		jw_str(&w, "text", m->text.p, m->text.len);
	else
		jw_null(&w, "text");
	jw_cstr(&w, "template", dr->tpl_id);
	if (dr->level)
		jw_cstr(&w, "level", dr->level);
	if (dr->lang)
		jw_cstr(&w, "lang", dr->lang);
	if (m && m->text.len) {
		jw_int(&w, "length", m->length);
		if (m->limit)
			jw_int(&w, "limit", m->limit);
		else
			jw_null(&w, "limit");
	}
	if (m && m->remote_id.len)
		jw_str(&w, "remote_id", m->remote_id.p, m->remote_id.len);
	else
		jw_null(&w, "remote_id");
	if (m && m->sent_at.len) /* sc-report times the answer by it */
		jw_str(&w, "sent_at", m->sent_at.p, m->sent_at.len);
	if (dr->error.len)
		jw_str(&w, "error", dr->error.p, dr->error.len);
	else
		jw_null(&w, "error");
	if (dr->held)
		jw_bool(&w, "held", 1);
	if (dr->nacts) {
		jw_key(&w, "actions");
		buf_putc(out, '[');
		for (int i = 0; i < dr->nacts; i++) {
			struct jsonw aw = {0};
			if (i)
				buf_putc(out, ',');
			aw.b = out;
			act_json(&aw, dr, &dr->acts[i], i);
		}
		buf_putc(out, ']');
	}
	jw_end(&w);
}
