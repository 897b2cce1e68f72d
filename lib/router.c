#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "jsonw.h"
#include "personal.h"
#include "record.h"
#include "router.h"

#define MAXMATCH 64

/* What the record says, as borrowed strings (valid while the record is). */
struct msg {
	const char *id, *type, *direction, *conv, *source, *account, *customer, *lang;
	const char *intent, *text, *handle, *channel;
	size_t text_len;
	int complaint, vip, followed, class_priority, private;
	int needs_reply;         /* rec_needs_reply */
	const char *reply_status, *reply_remote, *reply_text; /* sc-reply's "reply" */
	struct sc_time reply_at; /* reply.sent_at, else created */
	struct sc_time created;  /* the message's time */
	struct sc_time at;       /* the routing moment: --now, else created */
};

/* The decision being built. */
struct decision {
	int queue, mode, priority;
	int64_t sla;
	int matched[MAXMATCH], nmatched;
	int agent;               /* -1: none */
	int64_t case_id;
};

static const char *const mode_names[] = {"public", "public", "dm", "none"};

void router_init(struct router *r, struct route_cfg *cfg, struct rule_set *rules,
		 struct sc_state *st)
{
	memset(r, 0, sizeof *r);
	r->cfg = cfg;
	r->rules = rules;
	r->st = st;
	r->where_file = "-";
	r->head_time = INT64_MIN;
	r->clock = INT64_MIN;
}

void router_free(struct router *r)
{
	sc_case_free(&r->c);
	sc_case_free(&r->w);
	buf_free(&r->json);
	buf_free(&r->due);
	buf_free(&r->why);
	buf_free(&r->handover);
	buf_free(&r->closedl);
	buf_free(&r->pre);
	buf_free(&r->tmp);
	buf_free(&r->msgid);
	buf_free(&r->explain_out);
}

/* ---- the agents' load, per batch ------------------------------------ */

static void load_one(void *ctx, const char *name, long open, const char *last, int64_t seq)
{
	struct router *r = ctx;
	int a = routecfg_agent(r->cfg, name);

	if (a < 0)
		return;
	r->cfg->agents[a].open = open;
	snprintf(r->cfg->agents[a].last, sizeof r->cfg->agents[a].last, "%s", last ? last : "");
	r->cfg->agents[a].seq = seq > 0 ? (uint64_t)seq : 0;
	if (r->cfg->agents[a].seq > r->seq)
		r->seq = r->cfg->agents[a].seq;
}

void router_batch_begin(struct router *r)
{
	struct route_cfg *c = r->cfg;

	for (int i = 0; i < c->nagents; i++) {
		c->agents[i].open = 0;
		c->agents[i].last[0] = '\0';
		c->agents[i].seq = 0;
		c->agents[i].dirty = 0;
	}
	for (int i = 0; i < c->nqueues; i++) {
		c->queues[i].waiting = sc_queue_waiting(r->st, c->queues[i].name);
		c->queues[i].next_close = INT64_MIN; /* unknown: another run may have answered */
	}
	/* round-robin order: each agent's last assignment's number, kept in
	 * the state, so that it goes on across batches and runs as within one */
	r->seq = 0;
	sc_agent_loads(r->st, load_one, r);
}

void router_batch_end(struct router *r)
{
	for (int i = 0; i < r->cfg->nagents; i++) {
		struct rc_agent *a = &r->cfg->agents[i];
		if (a->dirty)
			sc_agent_save(r->st, a->name, a->open, a->last[0] ? a->last : NULL, (int64_t)a->seq);
		a->dirty = 0;
	}
}

/* ---- agents ---------------------------------------------------------- */

static void time_text(struct sc_time t, char *out)
{
	sc_time_format((struct sc_time){t.sec, 0}, out);
}

/* Why an agent cannot hold a case now, or NULL when it can. */
static const char *unavailable(const struct rc_agent *a, struct sc_time at)
{
	if (a->away)
		return "away";
	if (a->shift && !sc_sched_is_open(a->shift, at))
		return "off shift";
	return NULL;
}

static int speaks(const struct rc_agent *a, const char *lang)
{
	if (!lang || !a->nlangs)
		return 1;
	for (int i = 0; i < a->nlangs; i++)
		if (!strcmp(a->langs[i], lang))
			return 1;
	return 0;
}

static int better(const struct rc_queue *q, const struct rc_agent *a, const struct rc_agent *b)
{
	if (!b)
		return 1;
	if (q->assign == ASSIGN_LEAST_OPEN && a->open != b->open)
		return a->open < b->open;
	return a->seq < b->seq;
}

/* The agent who gets the next case of q: available, under the cap, and
 * speaking lang when someone in the queue does. *nolang is set when only
 * agents without the language were available. */
static int pick(struct router *r, const struct rc_queue *q, const char *lang, struct sc_time at,
		int *nolang)
{
	const struct rc_agent *best = NULL, *best_l = NULL;
	int bi = -1, bl = -1;

	for (int k = 0; k < q->nagents; k++) {
		const struct rc_agent *a = &r->cfg->agents[q->agents[k]];
		if (unavailable(a, at) || (a->max_open && a->open >= a->max_open))
			continue;
		if (speaks(a, lang) && better(q, a, best_l))
			best_l = a, bl = q->agents[k];
		if (better(q, a, best))
			best = a, bi = q->agents[k];
	}
	if (nolang)
		*nolang = bl < 0 && bi >= 0;
	return bl >= 0 ? bl : bi;
}


/* Nobody of q is on shift and the queue says next-shift: one of the agents
 * with a coming shift (not away, under the cap, speaking lang when someone
 * does), chosen by the queue's policy so that a night's cases are spread
 * as a day's would be; the earliest start only breaks ties. *when: when
 * the chosen agent's shift starts. */
static int pick_next_shift(struct router *r, const struct rc_queue *q, const char *lang,
			   struct sc_time at, struct sc_time *when)
{
	int best = -1, best_l = 0;

	for (int k = 0; k < q->nagents; k++) {
		const struct rc_agent *a = &r->cfg->agents[q->agents[k]], *b;
		struct sc_time t;
		int l;
		if (a->away || (a->max_open && a->open >= a->max_open))
			continue;
		t = a->shift ? sc_sched_next_open(a->shift, at) : at;
		l = speaks(a, lang);
		if (t.sec == SC_SCHED_NEVER)
			continue;
		b = best >= 0 ? &r->cfg->agents[best] : NULL;
		if (!b || l > best_l || (l == best_l && (better(q, a, b) ||
		    (!better(q, b, a) && t.sec < when->sec)))) {
			best = q->agents[k];
			best_l = l;
			*when = t;
		}
	}
	return best;
}

static void give(struct router *r, int64_t case_id, int agent, const char *old,
		 struct sc_time at, const char *why, int update)
{
	char now[SC_TIME_MAX];
	int o = old && *old ? routecfg_agent(r->cfg, old) : -1;

	time_text(at, now);
	if (o >= 0 && o != agent) {
		r->cfg->agents[o].open--;
		r->cfg->agents[o].dirty = 1;
	}
	if (agent >= 0 && agent != o) {
		struct rc_agent *a = &r->cfg->agents[agent];
		a->open++;
		a->seq = ++r->seq;
		memcpy(a->last, now, sizeof a->last);
		a->dirty = 1;
	}
	sc_case_owner(r->st, case_id, agent >= 0 ? r->cfg->agents[agent].name : NULL, now, why, update);
}

static void handover_add(struct router *r, const struct sc_case *c, int agent)
{
	struct jsonw w;

	buf_putc(&r->handover, r->handover.len ? ',' : '[');
	jw_begin(&w, &r->handover);
	jw_str(&w, "conversation_id", c->conversation_id.p, c->conversation_id.len);
	jw_int(&w, "case", c->id);
	jw_cstr(&w, "assignee", r->cfg->agents[agent].name);
	jw_end(&w);
}

/* Cases that waited for an owner go first, oldest first, while the queue
 * has someone available (self: the case being routed, not served here). */
static void serve_waiting(struct router *r, int qi, int64_t self, struct sc_time at)
{
	struct rc_queue *q = &r->cfg->queues[qi];
	int a;

	while (q->waiting && q->assign != ASSIGN_NONE && (a = pick(r, q, NULL, at, NULL)) >= 0) {
		if (!sc_case_oldest_waiting(r->st, q->name, &r->w)) {
			q->waiting = 0;
			break;
		}
		if (r->w.id == self)
			break;
		give(r, r->w.id, a, NULL, at, "oldest waiting case first", 1);
		handover_add(r, &r->w, a);
		r->handed++;
	}
}

/* The cases closed and handed over on the way, as members of w. */
static void lists(struct router *r, struct jsonw *w)
{
	if (r->closedl.len) {
		buf_putc(&r->closedl, ']');
		jw_raw(w, "closed", r->closedl.p, r->closedl.len);
	}
	if (r->handover.len) {
		buf_putc(&r->handover, ']');
		jw_raw(w, "handover", r->handover.p, r->handover.len);
	}
}

/* The agent a is one case lighter: waiting cases of a's queues go first. */
static void free_agent(struct router *r, int a, struct sc_time at)
{
	r->cfg->agents[a].open--;
	r->cfg->agents[a].dirty = 1;
	for (int q = 0; q < r->cfg->nqueues; q++)
		for (int k = 0; k < r->cfg->queues[q].nagents; k++)
			if (r->cfg->queues[q].agents[k] == a)
				serve_waiting(r, q, 0, at);
}

/* The queue q may close a case answered at `answered` (RFC 3339). */
static void may_close(struct router *r, const struct buf *queue, const struct buf *answered)
{
	int q = queue->len ? routecfg_queue(r->cfg, queue->p) : -1;
	struct sc_time t;
	const char *why;

	if (q < 0 || r->cfg->queues[q].close_after < 0 ||
	    sc_time_parse(answered->p, answered->len, &t, &why))
		return;
	if (t.sec + r->cfg->queues[q].close_after < r->cfg->queues[q].next_close)
		r->cfg->queues[q].next_close = t.sec + r->cfg->queues[q].close_after;
}

/* Closes every answered case whose quiet time ended by clock, each at the
 * moment it ended (answered_at + close_after), not at the clock: the same
 * whether the clock got there by one record or many. */
static void close_quiet(struct router *r, int64_t clock)
{
	for (int qi = 0; qi < r->cfg->nqueues; qi++) {
		struct rc_queue *q = &r->cfg->queues[qi];
		while (q->close_after >= 0 && clock >= q->next_close) {
			struct sc_time t = {0, 0};
			const char *why;
			char at[SC_TIME_MAX];
			int a;
			if (!sc_case_quiet_oldest(r->st, q->name, &r->w)) {
				q->next_close = INT64_MAX;
				break;
			}
			if (sc_time_parse(r->w.answered_at.p, r->w.answered_at.len, &t, &why))
				t.sec = 0; /* no answer time: nothing to wait for */
			t = (struct sc_time){t.sec + q->close_after, 0};
			if (t.sec > clock) {
				q->next_close = t.sec;
				break;
			}
			time_text(t, at);
			sc_case_close(r->st, r->w.id, at, "quiet");
			buf_putc(&r->closedl, r->closedl.len ? ',' : '[');
			buf_printf(&r->closedl, "%lld", (long long)r->w.id);
			r->closed++;
			if (r->w.has_assignee && (a = routecfg_agent(r->cfg, r->w.assignee.p)) >= 0)
				free_agent(r, a, t);
		}
	}
}

/* {"at":…,"closed":[…],"handover":[…]} into out, when something was
 * closed or handed over (the lists are used up). */
static void lists_json(struct router *r, struct sc_time at, struct buf *out)
{
	struct jsonw w;
	char now[SC_TIME_MAX];

	buf_reset(out);
	if (!r->closedl.len && !r->handover.len)
		return;
	time_text(at, now);
	jw_begin(&w, out);
	jw_cstr(&w, "at", now);
	lists(r, &w);
	jw_end(&w);
	buf_reset(&r->closedl);
	buf_reset(&r->handover);
}

void router_serve_all(struct router *r, struct sc_time at)
{
	buf_reset(&r->handover);
	buf_reset(&r->closedl);
	close_quiet(r, at.sec);
	for (int q = 0; q < r->cfg->nqueues; q++)
		serve_waiting(r, q, 0, at);
	lists_json(r, at, &r->json);
}

/* ---- reading the record ---------------------------------------------- */

/* The members of o named in keys, read in place (jval.h), borrowed: valid
 * while the record is. An absent member is invalid. One walk over the
 * object for all of them: a lookup each walked it once per key. */
static const char *str_of(const struct jval *v)
{
	size_t n;

	return jval_str(v, &n);
}

static int truth_of(const struct jval *v)
{
	return v->kind == JV_KIND_TRUE;
}

enum { F_ID, F_TYPE, F_DIRECTION, F_CONV, F_SOURCE, F_ACCOUNT, F_AUTHOR, F_CHANNEL, F_CLASS,
       F_LANG, F_TEXT, F_CREATED, F_REPLY, F_N };
static const char *const rec_keys[F_N] = {"id", "type", "direction", "conversation_id", "source",
	"account", "author", "channel", "class", "lang", "text", "created_at", "reply"};

enum { A_ID, A_HANDLE, A_FOLLOWED, A_N };
static const char *const author_keys[A_N] = {"id", "handle", "followed"};
enum { C_LANG, C_INTENT, C_COMPLAINT, C_VIP, C_PRIORITY, C_NEEDS_REPLY, C_N };
static const char *const class_keys[C_N] = {"lang", "intent", "complaint", "vip", "priority",
	"needs_reply"};
enum { R_STATUS, R_REMOTE, R_TEXT, R_SENT_AT, R_N };
static const char *const reply_keys[R_N] = {"status", "remote_id", "text", "sent_at"};

static void read_msg(struct router *r, const struct jval *f, struct msg *m)
{
	struct jval a[A_N], c[C_N], y[R_N];
	const char *created, *why;

	jval_members(&f[F_AUTHOR], author_keys, A_N, a);
	jval_members(&f[F_CLASS], class_keys, C_N, c);
	jval_members(&f[F_REPLY], reply_keys, R_N, y);
	memset(m, 0, sizeof *m);
	m->id = str_of(&f[F_ID]);
	m->type = str_of(&f[F_TYPE]);
	m->direction = str_of(&f[F_DIRECTION]);
	m->conv = str_of(&f[F_CONV]);
	if (!m->conv)
		m->conv = m->id;
	m->source = str_of(&f[F_SOURCE]);
	m->account = str_of(&f[F_ACCOUNT]);
	m->handle = str_of(&a[A_HANDLE]);
	m->customer = str_of(&a[A_ID]) ? str_of(&a[A_ID]) : m->handle;
	m->followed = truth_of(&a[A_FOLLOWED]);
	m->channel = str_of(&f[F_CHANNEL]);
	m->private = m->channel && !strcmp(m->channel, "private");
	m->lang = str_of(&c[C_LANG]) ? str_of(&c[C_LANG]) : str_of(&f[F_LANG]);
	m->intent = str_of(&c[C_INTENT]);
	m->complaint = truth_of(&c[C_COMPLAINT]) || (m->intent && !strcmp(m->intent, "complaint"));
	m->vip = truth_of(&c[C_VIP]);
	m->needs_reply = rec_needs_reply(m->direction, c[C_NEEDS_REPLY].kind, m->intent);
	m->reply_status = str_of(&y[R_STATUS]);
	m->reply_remote = str_of(&y[R_REMOTE]);
	m->reply_text = str_of(&y[R_TEXT]);
	if (c[C_PRIORITY].kind == JV_KIND_NUMBER && jval_num(&c[C_PRIORITY]) >= 1 &&
	    jval_num(&c[C_PRIORITY]) <= 4)
		m->class_priority = (int)jval_num(&c[C_PRIORITY]);
	m->text = jval_str(&f[F_TEXT], &m->text_len);
	created = str_of(&f[F_CREATED]);
	if (created && sc_time_parse(created, strlen(created), &m->created, &why) == 0) {
		m->created.nsec = 0;
	} else {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		m->created = r->has_now ? r->now : (struct sc_time){ts.tv_sec, 0};
	}
	m->at = r->has_now ? r->now : m->created;
	m->reply_at = m->created;
	if ((created = str_of(&y[R_SENT_AT])) && !sc_time_parse(created, strlen(created), &m->reply_at, &why))
		m->reply_at.nsec = 0;
	else
		m->reply_at = m->created;
}

/* ---- deciding --------------------------------------------------------- */

static void rule_error(void *ctx, int rule, const char *msg)
{
	struct router *r = ctx;
	struct rc_rule *ru = &r->cfg->rules[rule];

	if (ru->errors++ == 0)
		sc_warn_at(r->where_file, r->where_line, "rule '%s': %.200s (it does not match; "
			   "reported once)", ru->src->name, msg);
}

static void why(struct router *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void why(struct router *r, const char *fmt, ...)
{
	char s[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof s, fmt, ap);
	va_end(ap);
	if (r->why.len)
		buf_puts(&r->why, "; ");
	buf_puts(&r->why, s);
}

static void apply_rules(struct router *r, const struct jval *doc, jv *rec, const struct msg *m,
			struct decision *d)
{
	d->queue = -1;
	d->mode = MODE_UNSET;
	d->priority = 0;
	d->sla = -1;
	d->nmatched = r->cfg->nrules ? rules_eval_doc(r->rules, doc, rec, d->matched, MAXMATCH, rule_error, r) : 0;
	for (int i = 0; i < d->nmatched; i++) {
		const struct rc_rule *ru = &r->cfg->rules[d->matched[i]];
		if (ru->queue >= 0)
			d->queue = ru->queue;
		if (ru->mode)
			d->mode = ru->mode;
		if (ru->priority)
			d->priority = ru->priority;
		if (ru->sla >= 0)
			d->sla = ru->sla;
	}
	if (!d->mode) {
		const char *pd = NULL;
		if (m->intent && !strcmp(m->intent, "spam"))
			d->mode = MODE_NONE;
		else if (m->complaint)
			d->mode = MODE_DM;
		else if (m->text && (pd = personal_data(m->text, m->text_len))) {
			d->mode = MODE_DM;
			why(r, "personal data (%s): answer in private", pd);
		} else
			d->mode = MODE_PUBLIC;
	}
	if (m->private && d->mode == MODE_PUBLIC)
		d->mode = MODE_DM; /* a private message is never answered in public */
	if (d->queue < 0 && d->mode != MODE_NONE && r->cfg->default_queue >= 0) {
		d->queue = r->cfg->default_queue;
		why(r, d->nmatched ? "no rule chose a queue: default queue" : "no rule matched: default queue");
	}
	if (!d->priority)
		d->priority = m->class_priority ? m->class_priority : 3;
	if (d->sla < 0 && d->queue >= 0)
		d->sla = r->cfg->queues[d->queue].sla;
	if (d->sla < 0)
		d->sla = r->cfg->default_sla;
}

/* The case's owner: kept while available, else the queue decides. */
static void choose_owner(struct router *r, const struct msg *m, struct decision *d, int found)
{
	struct sc_case *c = &r->c;
	int keep = -1, nolang = 0;
	const char *prev = found && c->has_assignee ? c->assignee.p : NULL;

	if (!prev && found && c->open && c->waiting) {
		/* waiting for an owner already */
	} else if (!found && r->cfg->customer_days > 0 && m->customer && m->source) {
		char since[SC_TIME_MAX];
		time_text((struct sc_time){m->at.sec - r->cfg->customer_days * 86400, 0}, since);
		if (sc_case_of_customer(r->st, m->source, m->customer, since, &r->w)) {
			int a = routecfg_agent(r->cfg, r->w.assignee.p);
			if (a >= 0 && !unavailable(&r->cfg->agents[a], m->at)) {
				d->agent = a;
				why(r, "same customer as case %lld: owner %s kept", (long long)r->w.id, r->w.assignee.p);
				return;
			}
		}
	}
	if (prev) {
		keep = routecfg_agent(r->cfg, prev);
		const char *u = keep < 0 ? "no longer an agent" : unavailable(&r->cfg->agents[keep], m->at);
		if (!u) {
			d->agent = keep;
			int q = routecfg_queue(r->cfg, c->queue.p);
			if (c->open && q >= 0)
				d->queue = q; /* the conversation stays where it is */
			why(r, c->open ? "owner %s kept" : "reopened: owner %s kept", prev);
			return;
		}
		why(r, "%sowner %s is %s: back to the queue", c->open ? "" : "reopened: ", prev, u);
	}
	if (d->queue < 0 || r->cfg->queues[d->queue].assign == ASSIGN_NONE)
		return;
	serve_waiting(r, d->queue, found && c->open ? c->id : 0, m->at);
	d->agent = pick(r, &r->cfg->queues[d->queue], m->lang, m->at, &nolang);
	if (d->agent < 0 && r->cfg->queues[d->queue].off_hours == OFF_HOURS_NEXT_SHIFT) {
		struct sc_time when = {0, 0};
		char s[SC_TIME_MAX];
		d->agent = pick_next_shift(r, &r->cfg->queues[d->queue], m->lang, m->at, &when);
		if (d->agent >= 0) {
			time_text(when, s);
			why(r, "nobody of queue %s on shift: %s, whose shift starts %s",
			    r->cfg->queues[d->queue].name, r->cfg->agents[d->agent].name, s);
			return;
		}
	}
	if (d->agent < 0)
		why(r, "no agent of queue %s available: the case waits for one", r->cfg->queues[d->queue].name);
	else if (nolang)
		why(r, "no available agent speaks '%s'", m->lang);
}

static void write_route(struct router *r, const struct msg *m, const struct decision *d,
			const char *due)
{
	const struct rc_queue *q = d->queue >= 0 ? &r->cfg->queues[d->queue] : NULL;
	struct jsonw w;

	buf_reset(&r->json);
	jw_begin(&w, &r->json);
	jw_cstr(&w, "queue", q ? q->name : NULL);
	jw_cstr(&w, "assignee", d->agent >= 0 ? r->cfg->agents[d->agent].name : NULL);
	jw_cstr(&w, "mode", mode_names[d->mode]);
	jw_int(&w, "priority", d->priority);
	jw_cstr(&w, "due", due);
	jw_cstr(&w, "rule", d->nmatched ? r->cfg->src[d->matched[d->nmatched - 1]].name : NULL);
	if (d->nmatched > 1) {
		jw_key(&w, "rules");
		for (int i = 0; i < d->nmatched; i++) {
			buf_putc(&r->json, i ? ',' : '[');
			json_str(&r->json, r->cfg->src[d->matched[i]].name, strlen(r->cfg->src[d->matched[i]].name));
		}
		buf_putc(&r->json, ']');
	}
	if (d->case_id)
		jw_int(&w, "case", d->case_id);
	if (d->mode != MODE_NONE && q && q->sched && !sc_sched_is_open(q->sched, m->at)) {
		struct sc_time t = sc_sched_next_open(q->sched, m->at);
		char s[SC_TIME_MAX];
		jw_bool(&w, "ack", 1);
		if (t.sec != SC_SCHED_NEVER) {
			time_text(t, s);
			jw_cstr(&w, "reopens", s);
			why(r, "queue %s closed until %s", q->name, s);
		} else {
			why(r, "queue %s closed, with no opening ahead", q->name);
		}
	}
	if (d->mode == MODE_DM && m->source && !strcmp(m->source, "x") && !m->followed)
		jw_bool(&w, "follow", 1);
	if (!m->needs_reply)
		jw_bool(&w, "needs_reply", 0);
	if (r->why.len)
		jw_str(&w, "why", r->why.p, r->why.len);
	lists(r, &w);
	jw_end(&w);
}

/* The due time of a message in the queue's open hours. */
static const char *due_text(const struct route_cfg *cfg, const struct msg *m,
			    const struct decision *d, char *out)
{
	const struct rc_queue *q = d->queue >= 0 ? &cfg->queues[d->queue] : NULL;
	struct sc_time t;

	if (d->sla < 0)
		return NULL;
	t = q && q->sched ? sc_sched_add_business(q->sched, m->created, d->sla)
			  : (struct sc_time){m->created.sec + d->sla, 0};
	if (t.sec == SC_SCHED_NEVER)
		return NULL;
	time_text(t, out);
	return out;
}

/* Was this message answered already (or the case closed by hand after
 * it)? Then a message read late, which needed a reply, had it. An answer
 * covers what its writer could see (covered_until, sc_case_answered): not
 * a message written while sc-reply's agent typed and fetched after. */
static const char *answered_after(const struct sc_case *c, const char *at)
{
	if (c->covered_until.len && strcmp(c->covered_until.p, at) >= 0)
		return "answered already";
	if (!c->open && !strcmp(c->closed_by.p, "hand") && strcmp(c->resolved_at.p, at) >= 0)
		return "resolved already";
	return NULL;
}

/* A message that asks for nothing (or was answered already) joins its
 * case, if there is one: shown, never waiting, due or overdue. */
static void join(struct router *r, const struct msg *m, struct decision *d, int found,
		 const char *at, const char *why_not)
{
	if (found) {
		sc_case_join(r->st, r->c.id, at, m->text);
		d->case_id = r->c.id;
		if (r->c.open && r->c.has_assignee)
			d->agent = routecfg_agent(r->cfg, r->c.assignee.p);
	}
	if (why_not)
		why(r, "%s: nothing waits", why_not);
	write_route(r, m, d, NULL);
}

static void route_inbound(struct router *r, const struct jval *doc, jv *rec, const struct msg *m)
{
	struct decision d = {.agent = -1};
	char due[SC_TIME_MAX], at[SC_TIME_MAX];
	const char *duep, *late = NULL;
	int found;

	apply_rules(r, doc, rec, m, &d);
	if (d.mode == MODE_NONE || !m->conv) {
		write_route(r, m, &d, NULL);
		return;
	}
	found = sc_case_find(r->st, m->conv, &r->c);
	time_text(m->created, at);
	if (!m->needs_reply || (found && (late = answered_after(&r->c, at)))) {
		join(r, m, &d, found, at, m->needs_reply ? late : NULL);
		return;
	}
	choose_owner(r, m, &d, found);
	duep = due_text(r->cfg, m, &d, due);
	struct sc_case_in in = {
		m->conv, m->source, m->account, m->customer,
		d.queue >= 0 ? r->cfg->queues[d.queue].name : NULL,
		d.agent >= 0 ? r->cfg->agents[d.agent].name : NULL,
		d.priority, at, duep, m->handle, m->channel, m->lang, m->intent, m->vip, m->complaint,
		m->text,
	};
	d.case_id = r->case_id = sc_case_upsert(r->st, &in, &r->c, &r->due);
	{
		const char *prev = found && r->c.has_assignee ? r->c.assignee.p : NULL;
		int was = prev ? routecfg_agent(r->cfg, prev) : -1;
		if (!found || !r->c.open || d.agent != was || (prev && d.agent < 0))
			give(r, d.case_id, d.agent, r->c.open ? prev : NULL, m->at,
			     r->why.len ? buf_cstr(&r->why) : "routed", 0);
		if (d.agent < 0 && d.queue >= 0)
			r->cfg->queues[d.queue].waiting = 1;
	}
	if (d.agent < 0)
		r->waiting++;
	/* the brand's answer, read before this question (archives list a
	 * thread's newest message first), still answers it */
	if (!found && sc_last_answer(r->st, m->conv, at, &r->tmp) &&
	    sc_case_answered(r->st, m->conv, r->tmp.p, at, &r->w))
		may_close(r, &r->w.queue, &r->w.answered_at);
	write_route(r, m, &d, r->due.len ? r->due.p : NULL);
}

static void explain_decision(struct router *r, const struct msg *m)
{
	(void)m;
	buf_puts(&r->explain_out, "route: ");
	buf_put(&r->explain_out, r->json.p, r->json.len);
	buf_putc(&r->explain_out, '\n');
}

const char *router_refuse(struct router *r, const struct jval *rec)
{
	static const char *const keys[] = {"type", "created_at", "id"};
	struct jval v[3];
	size_t tn, cn;
	const char *type, *created, *why;
	struct sc_time t;
	int bad_time;

	jval_members(rec, keys, 3, v); /* one walk over the record */
	type = jval_str(&v[0], &tn);
	created = jval_str(&v[1], &cn);
	bad_time = !created || sc_time_parse(created, cn, &t, &why);
	r->head_time = bad_time ? INT64_MIN : t.sec;
	if (type && rec_control_type(type, tn))
		return NULL;
	if (v[2].kind != JV_KIND_STRING)
		return "no id, or an id that is not a string (sc-record(5)): not routed";
	if (!r->has_now && bad_time)
		return "no created_at, or one that is not an RFC 3339 time: not routed";
	return NULL;
}

int64_t router_time(const struct router *r)
{
	return r->head_time;
}

/* The conversation's messages, both ways, for sc-route show and for the
 * answers read before their question, in m->at. 0 when the message has
 * no conversation or no id. */
static int message_of(const struct msg *m, const char *id, const char *direction,
		      const char *text, struct sc_time t, const char *covers, char *at,
		      struct sc_message *msg)
{
	int out = direction[0] == 'o';

	if (!m->conv || !id)
		return 0;
	time_text(t, at);
	*msg = (struct sc_message){.record_id = id, .conversation_id = m->conv, .at = at,
		.direction = direction, .author = out ? m->account : m->handle, .text = text,
		.covers = covers, .needs_reply = !out && m->needs_reply};
	return 1;
}

/* Keeps a message other than the record's own (sc-reply's reply, under
 * the id the network gave it). 0 when the state had it already: sc-reply
 * kept its reply when it sent it, and that reply, fetched back, answers
 * nothing more (answered, below). */
static int keep_message(const struct router *r, const struct msg *m, const char *id,
			const char *direction, const char *text, struct sc_time t,
			const char *covers)
{
	char at[SC_TIME_MAX];
	struct sc_message msg;

	if (!message_of(m, id, direction, text, t, covers, at, &msg))
		return 1;
	return sc_message_put(r->st, &msg);
}

/* The brand answered the conversation at t the messages up to `covered`
 * (its own message: t; sc-reply's sent reply: the message it answered):
 * the case stops waiting and may close. */
static void answered(struct router *r, const struct msg *m, struct sc_time t, struct sc_time covered)
{
	char at[SC_TIME_MAX], cov[SC_TIME_MAX];

	time_text(t, at);
	time_text(covered, cov);
	if (m->conv && sc_case_answered(r->st, m->conv, at, cov, &r->w)) {
		r->answered++;
		if (r->w.open)
			may_close(r, &r->w.queue, &r->w.answered_at);
	}
}

/* sc-reply's record of a reply it sent (reply.status "sent"): the answer,
 * kept under the id the network gave it (what sc-fetch will call it), at
 * reply.sent_at, else (a record without it) the message's own time. */
static void reply_sent(struct router *r, const struct msg *m)
{
	char cov[SC_TIME_MAX];

	buf_reset(&r->msgid);
	if (m->reply_remote)
		buf_printf(&r->msgid, "%s:%s", m->source ? m->source : "reply", m->reply_remote);
	time_text(m->created, cov);
	if (keep_message(r, m, m->reply_remote ? buf_cstr(&r->msgid) : NULL, "out", m->reply_text,
			 m->reply_at, cov))
		answered(r, m, m->reply_at, m->created);
}

int router_record(struct router *r, const struct jval *doc, jv *rec)
{
	struct msg m;
	struct jval f[F_N];
	const char *id, *direction = NULL;
	int known = SC_RECORD_NEW;

	jval_members(doc, rec_keys, F_N, f);
	id = str_of(&f[F_ID]);

	buf_reset(&r->why);
	buf_reset(&r->handover);
	buf_reset(&r->closedl);
	buf_reset(&r->json);
	buf_reset(&r->pre);
	buf_reset(&r->explain_out);
	if (str_of(&f[F_TYPE]) && !strcmp(str_of(&f[F_TYPE]), "handover"))
		return ROUTE_PASS; /* an earlier run's report: done already */
	read_msg(r, f, &m);
	r->case_id = 0;
	if (id && (known = sc_record_get(r->st, id, &r->json)) == SC_RECORD_ROUTED) {
		r->duplicates++;
		if (r->explain)
			buf_puts(&r->explain_out, "already routed (same id): the same route again, nothing changed\n");
	} else if (m.type && !strcmp(m.type, "resolve")) {
		unsigned long before = r->resolved;
		router_resolve(r, m.conv ? m.conv : "", m.at);
		if (r->resolved != before)
			r->case_id = r->c.id;
	} else {
		if (m.created.sec > r->clock) {
			/* what closed by the records' clock, and what that freed,
			 * goes on a line of its own before the record */
			r->clock = m.created.sec;
			close_quiet(r, r->clock);
			lists_json(r, (struct sc_time){r->clock, 0}, &r->pre);
		}
		/* the record's own message is kept with its route, below; the
		 * state holding it already (sc-reply's reply fetched back)
		 * means it answered already */
		if (m.direction && !strcmp(m.direction, "out")) {
			direction = "out";
			if (known == SC_RECORD_NEW)
				answered(r, &m, m.created, m.created);
			r->outbound++;
			if (r->explain)
				buf_puts(&r->explain_out, "the brand's own message: not routed; its case is answered\n");
		} else {
			direction = "in";
			if (r->explain) {
				if (!jv_is_valid(*rec))
					*rec = jval_jv(doc);
				rules_explain(r->rules, *rec, &r->explain_out);
			}
			route_inbound(r, doc, rec, &m);
			r->routed++;
			if (r->explain)
				explain_decision(r, &m);
		}
	}
	if (known != SC_RECORD_ROUTED && m.id) {
		char at[SC_TIME_MAX], routed_at[SC_TIME_MAX];
		struct sc_message msg = {.record_id = m.id, .at = routed_at};

		time_text(m.at, routed_at);
		if (direction)
			message_of(&m, m.id, direction, m.text, m.created, NULL, at, &msg);
		sc_record_put(r->st, &msg, known, r->case_id, r->json.p ? r->json.p : "", r->json.len,
			      routed_at);
	}
	if (m.reply_status && !strcmp(m.reply_status, "sent"))
		reply_sent(r, &m);
	return r->json.len ? ROUTE_SPLICE : ROUTE_PASS;
}

void router_resolve(struct router *r, const char *conv, struct sc_time at)
{
	char now[SC_TIME_MAX];
	struct jsonw w;
	int resolved, a = -1;

	time_text(at, now);
	buf_reset(&r->handover);
	resolved = sc_case_resolve(r->st, conv, now, &r->c);
	if (resolved && r->c.has_assignee && (a = routecfg_agent(r->cfg, r->c.assignee.p)) >= 0)
		free_agent(r, a, at);
	if (resolved)
		r->resolved++;
	buf_reset(&r->json);
	jw_begin(&w, &r->json);
	jw_bool(&w, "resolved", resolved);
	jw_str(&w, "conversation_id", conv, strlen(conv));
	if (resolved) {
		jw_int(&w, "case", r->c.id);
		jw_cstr(&w, "assignee", r->c.has_assignee ? r->c.assignee.p : NULL);
	} else {
		jw_cstr(&w, "why", "no open case for this conversation");
	}
	if (r->handover.len) {
		buf_putc(&r->handover, ']');
		jw_raw(&w, "handover", r->handover.p, r->handover.len);
	}
	jw_end(&w);
}

void router_resolve_ref(struct router *r, const char *ref, struct sc_time at)
{
	buf_reset(&r->tmp);
	if (sc_case_find_ref(r->st, ref, &r->c))
		buf_put(&r->tmp, r->c.conversation_id.p, r->c.conversation_id.len);
	else
		buf_puts(&r->tmp, ref);
	router_resolve(r, buf_cstr(&r->tmp), at);
}

int router_assign(struct router *r, const char *ref, int agent, struct sc_time at)
{
	struct sc_case *c = &r->c;
	const char *prev;
	struct jsonw w;

	buf_reset(&r->why);
	if (!sc_case_find_ref(r->st, ref, c) || !c->open) {
		if (c->id)
			why(r, "case %lld is resolved", (long long)c->id);
		else
			why(r, "no case for '%s' (give a conversation id or a case number)", ref);
		return -1;
	}
	prev = c->has_assignee ? c->assignee.p : NULL;
	if (!prev || strcmp(prev, r->cfg->agents[agent].name))
		give(r, c->id, agent, prev, at, "assigned by hand", 1);
	buf_reset(&r->json);
	jw_begin(&w, &r->json);
	jw_int(&w, "case", c->id);
	jw_str(&w, "conversation_id", c->conversation_id.p, c->conversation_id.len);
	jw_cstr(&w, "assignee", r->cfg->agents[agent].name);
	jw_cstr(&w, "previous", prev);
	jw_end(&w);
	return 0;
}
