/* sc-report's records → conversations → figures. Messages are kept per
 * conversation only while the conversation is open; a conversation that has
 * been silent for the window (in record time, and for a number of records
 * of input) is paired (report_pair.c) and only its figures remain:
 * counts, and four bytes per answered request for the exact percentiles. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jv.h>

#include "diag.h"
#include "intern.h"
#include "jsonw.h"
#include "report.h"
#include "report_impl.h"
#include "sctime.h"

#define SWEEP_EVERY 4096
#define NOCONV UINT32_MAX

static const char *const dim_names[RD_N] = {
	"account", "agent", "queue", "topic", "lang", "intent", "channel", "priority",
	"day", "week", "hour", "weekday",
};

const char *rep_dim_name(int d)
{
	return dim_names[d];
}

int rep_dim_by_name(const char *s, size_t n)
{
	for (int d = 0; d < RD_N; d++)
		if (strlen(dim_names[d]) == n && memcmp(dim_names[d], s, n) == 0)
			return d;
	return -1;
}

/* Local time of a quarter hour: the same for every second in it whenever
 * the zone's offset is whole quarters and does not change inside it (all
 * zones today; checked, else computed per second). */
struct lt {
	int64_t block;
	int wd, hour;                  /* 0 = Monday; 0-23 */
	char day[11], week[10], hh[3], wdkey[6];
};
#define LT_CACHE 256

struct acc { /* per group */
	struct rep_group g;
	uint32_t *frt, *bfrt;          /* first response times, seconds */
	size_t nfrt, capfrt, nbfrt, capbfrt;
	struct priv *priv;             /* private requests: the badge needs the last 7 days */
	size_t npriv, cappriv;
};

/* A private request: when it began, its first response time (or NOT_ANSWERED). */
struct priv {
	int64_t t;
	uint32_t frt;
};
#define NOT_ANSWERED UINT32_MAX

/* A conversation silent by count but not yet by time, waiting in the
 * rotation queue for its next look (see sweep). */
struct rot {
	uint32_t i;                   /* the conversation */
	uint32_t gen;                 /* == rotgen[i] while this entry is its current one */
	int64_t tlast;                /* its latest time (unchanged while it waits) */
	uint64_t n;                   /* nseen when it was queued */
};

struct report {
	int dims[RD_N], ndims;
	int used[RD_NSTR];            /* which string dims are kept */
	struct intern *vals;          /* dimension values */
	/* open conversations */
	struct conv *conv;
	uint32_t nconv, capconv, freelist, nlive, peak_live, nwaiting, peak_waiting;
	uint32_t *bucket;
	size_t nbuckets;
	uint32_t head, tail;          /* least and most recently seen */
	struct rot *rot;              /* ring: the rest of the arrival-order list */
	size_t rothead, rotlen, rotcap;
	uint32_t *rotgen, rotseq;     /* per conversation: its queue entry, 0: none (4 bytes:
				       * an entry is gone long before the count wraps) */
	int64_t window, maxseen;      /* window < 0: never close before the end */
	uint64_t nseen, closed, late, idle, sweep_every;
	struct pair_scratch ps;
	rep_business_fn business;
	void *bctx;
	int all_messages;
	int64_t now;
	struct buf sid;               /* the id of a reply known from sc-reply's record */
	/* figures */
	struct intern *gkeys;
	struct acc *acc;
	size_t nacc, capacc;
	struct buf key, tmp;
	struct rep_group *groups;
	uint64_t cov_vol[7][24], cov_req[7][24], cov_ans[7][24];
	struct intern *daykeys;
	struct rep_day *days;
	size_t ndays, capdays;
	uint64_t buckets[REP_NBUCKETS];
	struct lt ltc[LT_CACHE], ltx;
};

static const struct lt *lt_of(struct report *r, int64_t t)
{
	int64_t b = t / 900 - (t % 900 < 0);
	struct lt *c = &r->ltc[(uint64_t)b % LT_CACHE];
	time_t t0 = (time_t)(b * 900), t1 = t0 + 899, tt = (time_t)t;
	struct tm tm, tm1;

	if (c->block == b && c->day[0])
		return c;
	localtime_r(&t0, &tm);
	localtime_r(&t1, &tm1);
	if (tm.tm_gmtoff != tm1.tm_gmtoff || tm.tm_min % 15 || tm.tm_sec) {
		c = &r->ltx;              /* an odd offset: this second only */
		localtime_r(&tt, &tm);
		b = INT64_MIN;
	}
	c->block = b;
	c->wd = (tm.tm_wday + 6) % 7;
	c->hour = tm.tm_hour;
	strftime(c->day, sizeof c->day, "%Y-%m-%d", &tm);
	strftime(c->week, sizeof c->week, "%G-W%V", &tm);
	strftime(c->hh, sizeof c->hh, "%H", &tm);
	strftime(c->wdkey, sizeof c->wdkey, "%u-%a", &tm); /* 1-Mon … 7-Sun */
	return c;
}

static struct rep_day *day_of(struct report *r, const struct lt *lt)
{
	uint32_t id = intern(r->daykeys, lt->day, strlen(lt->day));

	if (id >= r->ndays) {
		if (id >= r->capdays) {
			r->capdays = r->capdays ? 2 * r->capdays : 64;
			r->days = sc_xrealloc(r->days, r->capdays * sizeof *r->days);
		}
		memset(&r->days[id], 0, sizeof *r->days);
		memcpy(r->days[id].day, lt->day, sizeof r->days[id].day);
		r->ndays = id + 1;
	}
	return &r->days[id];
}

struct report *report_new(const int *dims, int n)
{
	struct report *r = sc_xcalloc(1, sizeof *r);

	r->ndims = n;
	for (int i = 0; i < n; i++) {
		r->dims[i] = dims[i];
		if (dims[i] < RD_NSTR)
			r->used[dims[i]] = 1;
	}
	r->used[RD_AGENT] = 1; /* an answer's agent stands in for a missing owner */
	r->vals = intern_new();
	r->gkeys = intern_new();
	r->daykeys = intern_new();
	r->nbuckets = 1024;
	r->bucket = sc_xcalloc(r->nbuckets, sizeof *r->bucket);
	memset(r->bucket, 0xff, r->nbuckets * sizeof *r->bucket);
	r->freelist = r->head = r->tail = NOCONV;
	report_set_window(r, REP_WINDOW_DEFAULT, REP_IDLE_RECORDS);
	r->maxseen = INT64_MIN;
	r->now = INT64_MAX;
	for (int i = 0; i < LT_CACHE; i++)
		r->ltc[i].block = INT64_MIN;
	return r;
}

void report_set_window(struct report *r, int64_t seconds, uint64_t idle_records)
{
	r->window = seconds;
	r->idle = idle_records;
	r->sweep_every = idle_records && idle_records < SWEEP_EVERY ? idle_records : SWEEP_EVERY;
}

void report_set_business(struct report *r, rep_business_fn business, void *ctx)
{
	r->business = business;
	r->bctx = ctx;
	r->used[RD_QUEUE] = 1; /* the queue's hours */
}

void report_set_all_messages(struct report *r, int all)
{
	r->all_messages = all;
}

void report_set_now(struct report *r, int64_t now)
{
	r->now = now;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	for (uint32_t i = 0; i < r->nconv; i++) {
		buf_free(&r->conv[i].strs);
		free(r->conv[i].ev);
	}
	free(r->conv);
	free(r->rot);
	free(r->rotgen);
	free(r->bucket);
	rep_pair_free(&r->ps);
	for (size_t g = 0; g < r->nacc; g++) {
		free(r->acc[g].frt);
		free(r->acc[g].bfrt);
		free(r->acc[g].priv);
	}
	free(r->acc);
	buf_free(&r->key);
	buf_free(&r->tmp);
	buf_free(&r->sid);
	intern_free(r->vals);
	intern_free(r->gkeys);
	intern_free(r->daykeys);
	free(r->days);
	free(r->groups);
	free(r);
}

/* ---- open conversations: a hash table by id, and a list by arrival ---- */

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static uint32_t put_str_buf(struct buf *b, struct rep_str s)
{
	uint32_t off = (uint32_t)b->len, n = (uint32_t)s.n;

	if (!s.p)
		return STR_NONE;
	buf_put(b, (const char *)&n, sizeof n);
	buf_put(b, s.p, s.n);
	buf_putc(b, '\0');
	return off;
}

static uint32_t put_str(struct conv *c, struct rep_str s)
{
	return put_str_buf(&c->strs, s);
}

static void unlink_lru(struct report *r, uint32_t i)
{
	struct conv *c = &r->conv[i];

	if (c->prev != NOCONV)
		r->conv[c->prev].next = c->next;
	else
		r->head = c->next;
	if (c->next != NOCONV)
		r->conv[c->next].prev = c->prev;
	else
		r->tail = c->prev;
}

static void append_lru(struct report *r, uint32_t i)
{
	struct conv *c = &r->conv[i];

	c->prev = r->tail;
	c->next = NOCONV;
	if (r->tail != NOCONV)
		r->conv[r->tail].next = i;
	else
		r->head = i;
	r->tail = i;
}

/* The arrival-order list is the linked list (conversations that got a
 * record, in arrival order) followed, at their places, by the rotation
 * queue: conversations silent by count but not by time that a sweep put
 * back at the end of the list. Such a conversation is looked at again each
 * time the sweeps reach its place; keeping those places in a ring of small
 * entries (rather than relinking the conversations themselves) makes each
 * look a sequential read instead of cache misses in the conversation
 * table, in the same order. An entry of a conversation that got a record
 * since is stale (its gen no longer matches) and skipped. */
static void rot_push(struct report *r, uint32_t i, int64_t tlast)
{
	if (r->rotlen == r->rotcap) {
		size_t cap = r->rotcap ? 2 * r->rotcap : 1024;
		struct rot *q = sc_xmalloc(cap * sizeof *q);
		for (size_t k = 0; k < r->rotlen; k++)
			q[k] = r->rot[(r->rothead + k) & (r->rotcap - 1)];
		free(r->rot);
		r->rot = q;
		r->rotcap = cap;
		r->rothead = 0;
	}
	if (++r->rotseq == 0)
		r->rotseq = 1;
	r->rotgen[i] = r->rotseq;
	r->rot[(r->rothead + r->rotlen++) & (r->rotcap - 1)] =
		(struct rot){.i = i, .gen = r->rotseq, .tlast = tlast, .n = r->nseen};
}

/* The first live entry of the queue (stale ones dropped), or NULL. */
static const struct rot *rot_front(struct report *r)
{
	while (r->rotlen) {
		const struct rot *e = &r->rot[r->rothead];
		if (r->rotgen[e->i] == e->gen)
			return e;
		r->rothead = (r->rothead + 1) & (r->rotcap - 1);
		r->rotlen--;
	}
	return NULL;
}

static void rot_pop(struct report *r)
{
	r->rothead = (r->rothead + 1) & (r->rotcap - 1);
	r->rotlen--;
}

/* Takes an open conversation out of the arrival-order list. */
static void lru_remove(struct report *r, uint32_t i)
{
	if (r->rotgen[i])
		r->rotgen[i] = 0; /* its queue entry goes stale */
	else
		unlink_lru(r, i);
}

static void rehash(struct report *r)
{
	free(r->bucket);
	r->nbuckets *= 2;
	r->bucket = sc_xcalloc(r->nbuckets, sizeof *r->bucket);
	memset(r->bucket, 0xff, r->nbuckets * sizeof *r->bucket);
	for (uint32_t i = 0; i < r->nconv; i++) {
		if (r->conv[i].state == CONV_FREE)
			continue;
		size_t b = r->conv[i].hash & (r->nbuckets - 1);
		r->conv[i].hnext = r->bucket[b];
		r->bucket[b] = i;
	}
}

static uint32_t new_conv(struct report *r, struct rep_str id, uint64_t h)
{
	uint32_t i;

	if (r->freelist != NOCONV) {
		i = r->freelist;
		r->freelist = r->conv[i].hnext;
	} else {
		if (r->nconv == r->capconv) {
			r->capconv = r->capconv ? 2 * r->capconv : 1024;
			r->conv = sc_xrealloc(r->conv, r->capconv * sizeof *r->conv);
			r->rotgen = sc_xrealloc(r->rotgen, r->capconv * sizeof *r->rotgen);
		}
		i = r->nconv++;
		memset(&r->conv[i], 0, sizeof r->conv[i]);
	}
	struct conv *c = &r->conv[i];
	r->rotgen[i] = 0;
	if (!c->strs.cap) { /* room for a short conversation (buf.c starts at 256) */
		c->strs.p = sc_xmalloc(128);
		c->strs.cap = 128;
	}
	c->hash = h;
	c->state = CONV_OPEN;
	put_str(c, id);
	size_t b = h & (r->nbuckets - 1);
	c->hnext = r->bucket[b];
	r->bucket[b] = i;
	append_lru(r, i);
	if (++r->nlive > r->peak_live)
		r->peak_live = r->nlive;
	if (r->nlive > r->nbuckets)
		rehash(r);
	return i;
}

static uint32_t find_conv(struct report *r, struct rep_str id, uint64_t h)
{
	for (uint32_t i = r->bucket[h & (r->nbuckets - 1)]; i != NOCONV; i = r->conv[i].hnext) {
		uint32_t n;
		const char *s = conv_str(&r->conv[i], 0, &n);
		if (r->conv[i].hash == h && n == id.n && memcmp(s, id.p, n) == 0)
			return i;
	}
	return NOCONV;
}

static void release(struct report *r, uint32_t i)
{
	struct conv *c = &r->conv[i];
	uint32_t *p = &r->bucket[c->hash & (r->nbuckets - 1)];

	while (*p != i)
		p = &r->conv[*p].hnext;
	*p = c->hnext;
	buf_reset(&c->strs);
	c->n = 0;
	if (c->cap > 256) { /* a long thread's room is not kept for small ones */
		free(c->ev);
		c->ev = NULL;
		c->cap = 0;
		buf_free(&c->strs);
	}
	c->state = CONV_FREE;
	c->hnext = r->freelist;
	r->freelist = i;
	r->nlive--;
}

/* Keeps of a closed conversation only the first message of each request
 * still waiting (its flags and acknowledgement folded in), in memory of
 * their own size, so that a later answer or message still pairs with it. */
static void keep_waiting(struct report *r, struct conv *c, size_t n)
{
	struct buf strs = r->tmp;
	struct ev *ev = sc_xcalloc(n, sizeof *ev);
	uint32_t len;
	const char *id = conv_str(c, 0, &len);

	buf_reset(&strs);
	put_str_buf(&strs, (struct rep_str){id, len});
	for (size_t k = 0; k < n; k++) {
		const struct episode *ep = &r->ps.open[k];
		const char *s;
		ev[k] = *ep->first;
		ev[k].seq = (uint32_t)k;
		ev[k].flags = (uint16_t)(ep->flags | F_KEPT | (ep->acked ? F_ACKED : 0));
		ev[k].reply_to = STR_NONE;
		s = ep->first->id == STR_NONE ? NULL : conv_str(c, ep->first->id, &len);
		ev[k].id = put_str_buf(&strs, (struct rep_str){s, len});
		s = ep->first->author == STR_NONE ? NULL : conv_str(c, ep->first->author, &len);
		ev[k].author = put_str_buf(&strs, (struct rep_str){s, len});
	}
	r->tmp = strs;                       /* the scratch, grown */
	buf_free(&c->strs);                  /* this copy, exactly its size */
	c->strs.p = sc_xmalloc(strs.len);
	memcpy(c->strs.p, strs.p, strs.len);
	c->strs.len = c->strs.cap = strs.len;
	free(c->ev);
	c->ev = ev;
	c->n = c->cap = (uint32_t)n;
	c->state = CONV_WAITING;
	if (++r->nwaiting > r->peak_waiting)
		r->peak_waiting = r->nwaiting;
}

/* Pairs a conversation, adds its figures, and forgets its messages: all of
 * them at the end (keep = 0), all but its waiting requests while reading. */
static void close_conv(struct report *r, uint32_t i, int keep)
{
	struct conv *c = &r->conv[i];
	size_t waiting;

	if (c->state == CONV_OPEN)
		lru_remove(r, i);
	else
		r->nwaiting--;
	waiting = rep_pair(r, &r->ps, c, keep);
	r->closed += keep;
	if (waiting)
		keep_waiting(r, c, waiting);
	else
		release(r, i);
}

/* Closes the conversations silent for the window and REP_IDLE_RECORDS
 * records, least recently seen first; one that is silent by count but not
 * in time (input out of time order) goes to the back of the list (the
 * rotation queue). The list is walked in its order: a conversation of the
 * linked list that got its record at or before a queue entry was queued
 * comes first. */
static void sweep(struct report *r)
{
	uint32_t budget = r->nlive;

	while (budget) {
		const struct rot *e = rot_front(r);
		uint32_t i = r->head;
		if (i != NOCONV && (!e || r->conv[i].seen <= e->n)) {
			struct conv *c = &r->conv[i];
			if (c->seen + r->idle > r->nseen)
				break;
			budget--;
			if (r->maxseen - c->tlast > r->window) {
				close_conv(r, i, 1);
			} else {
				unlink_lru(r, i);
				rot_push(r, i, c->tlast);
			}
		} else if (e) {
			struct rot x = *e;
			budget--;
			rot_pop(r);
			if (r->maxseen - x.tlast > r->window)
				close_conv(r, x.i, 1);
			else
				rot_push(r, x.i, x.tlast);
		} else {
			break;
		}
	}
}

static unsigned msg_flags(const struct rep_msg *m)
{
	return (m->out ? F_OUT : 0) | (m->autoack ? F_AUTO : 0) | (m->complaint ? F_COMPLAINT : 0) |
	       (m->vip ? F_VIP : 0) | (m->private ? F_PRIVATE : 0) | (m->noreply ? F_NOREPLY : 0);
}

/* One message into its conversation; keys are the record's. */
static void put_ev(struct report *r, struct conv *c, const struct rep_msg *m, int64_t t,
		   struct rep_str id, struct rep_str author, struct rep_str reply_to,
		   unsigned flags, int64_t due)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 2;
		c->ev = sc_xrealloc(c->ev, c->cap * sizeof *c->ev);
	}
	struct ev *e = &c->ev[c->n];
	e->t = t;
	e->due = due;
	e->seq = c->n++;
	e->id = put_str(c, id);
	e->author = put_str(c, author);
	e->reply_to = put_str(c, reply_to);
	for (int d = 0; d < RD_NSTR; d++)
		e->key[d] = r->used[d] && m->key[d].p ? intern(r->vals, m->key[d].p, m->key[d].n)
						      : INTERN_NONE;
	e->flags = (uint16_t)flags;
	if (t > c->tlast || c->n == 1)
		c->tlast = t;
	if (t > r->maxseen)
		r->maxseen = t;
}

/* A post sc-reply sent for m, as the brand's message in m's conversation:
 * its id is the network's (m's id's "source:" prefix + the remote id, as
 * sc-fetch writes it), so the post fetched later is recognised as the same;
 * without reply.sent_at (acknowledgements have none) it is placed at m's
 * time, and a reply answers m at an unknown time. */
static void put_sent(struct report *r, struct conv *c, const struct rep_msg *m,
		     struct rep_str remote, int64_t t, unsigned flags)
{
	const char *colon = memchr(m->id.p, ':', m->id.n);

	buf_reset(&r->sid);
	if (colon)
		buf_put(&r->sid, m->id.p, (size_t)(colon - m->id.p) + 1);
	buf_put(&r->sid, remote.p, remote.n);
	put_ev(r, c, m, t == REP_NO_TIME ? m->t : t, (struct rep_str){r->sid.p, r->sid.len},
	       m->key[RD_ACCOUNT], m->id,
	       flags | F_OUT | F_SENT | (t == REP_NO_TIME ? F_UNTIMED : 0) |
	       (m->private ? F_PRIVATE : 0), REP_NO_TIME);
}

void report_add(struct report *r, const struct rep_msg *m)
{
	struct rep_str cid = m->conv.p ? m->conv : m->id;
	uint64_t h = hash(cid.p, cid.n);
	uint32_t i = find_conv(r, cid, h);

	r->nseen++;
	if (i == NOCONV) {
		if (r->window >= 0 && r->maxseen != INT64_MIN && r->maxseen - m->t > r->window)
			r->late++;
		i = new_conv(r, cid, h);
	} else if (r->conv[i].state == CONV_OPEN) {
		lru_remove(r, i);
		append_lru(r, i);
	} else { /* a message after its conversation was closed with requests waiting */
		if (r->window >= 0 && r->maxseen - m->t > r->window)
			r->late++;
		r->conv[i].state = CONV_OPEN;
		r->nwaiting--;
		append_lru(r, i);
	}
	struct conv *c = &r->conv[i];
	unsigned f = msg_flags(m);
	if (r->all_messages)
		f &= ~(unsigned)F_NOREPLY;
	put_ev(r, c, m, m->t, m->id, m->author, m->reply_to, f, m->due);
	if (m->ack_id.p && !m->out)
		put_sent(r, c, m, m->ack_id, REP_NO_TIME, F_AUTO);
	if (m->sent_id.p && !m->out)
		put_sent(r, c, m, m->sent_id, m->sent_t, 0);
	c->seen = r->nseen;
	if (r->window >= 0 && r->nseen % r->sweep_every == 0)
		sweep(r);
}

void report_counts(const struct report *r, struct rep_counts *out)
{
	out->closed = r->closed;
	out->late = r->late;
	out->open = r->nlive;
	out->peak_waiting = r->peak_waiting;
	out->peak_open = r->peak_live;
}

/* ---- a message as bytes: t, due, sent_t, flags, then each string as length + bytes ---- */

static void flags_to_msg(unsigned f, struct rep_msg *m)
{
	m->out = !!(f & F_OUT), m->autoack = !!(f & F_AUTO), m->complaint = !!(f & F_COMPLAINT);
	m->vip = !!(f & F_VIP), m->private = !!(f & F_PRIVATE), m->noreply = !!(f & F_NOREPLY);
}

static struct rep_str *msg_str(struct rep_msg *m, int i)
{
	switch (i) {
	case 0: return &m->id;
	case 1: return &m->conv;
	case 2: return &m->author;
	case 3: return &m->reply_to;
	case 4: return &m->sent_id;
	case 5: return &m->ack_id;
	default: return &m->key[i - 6];
	}
}
#define MSG_NSTR (6 + RD_NSTR)

void rep_msg_pack(const struct rep_msg *m, struct buf *out)
{
	unsigned char f = (unsigned char)msg_flags(m);

	buf_put(out, &m->t, sizeof m->t);
	buf_put(out, &m->due, sizeof m->due);
	buf_put(out, &m->sent_t, sizeof m->sent_t);
	buf_put(out, &f, 1);
	for (int i = 0; i < MSG_NSTR; i++) {
		const struct rep_str *s = msg_str((struct rep_msg *)m, i);
		int32_t n = s->p ? (int32_t)s->n : -1;
		buf_put(out, &n, sizeof n);
		if (s->p)
			buf_put(out, s->p, s->n);
	}
}

void rep_msg_unpack(const char *p, size_t n, struct rep_msg *m)
{
	unsigned char f;
	size_t i = 3 * sizeof m->t + 1;

	(void)n;
	memcpy(&m->t, p, sizeof m->t);
	memcpy(&m->due, p + sizeof m->t, sizeof m->due);
	memcpy(&m->sent_t, p + 2 * sizeof m->t, sizeof m->sent_t);
	f = (unsigned char)p[3 * sizeof m->t];
	flags_to_msg(f, m);
	for (int k = 0; k < MSG_NSTR; k++) {
		int32_t len;
		memcpy(&len, p + i, sizeof len);
		i += sizeof len;
		struct rep_str *s = msg_str(m, k);
		s->p = len < 0 ? NULL : p + i;
		s->n = len < 0 ? 0 : (size_t)len;
		i += len < 0 ? 0 : (size_t)len;
	}
}

/* ---- partial files: one JSON object per message, strings in full ---- */

static void put_s(struct jsonw *w, const char *k, struct rep_str s)
{
	if (s.p)
		jw_str(w, k, s.p, s.n);
}

void report_write_event(const struct report *r, const struct rep_msg *m, struct buf *out)
{
	struct jsonw w;
	int flags = (int)(msg_flags(m) & F_PARTIAL);

	jw_begin(&w, out);
	jw_int(&w, "t", m->t);
	put_s(&w, "id", m->id);
	put_s(&w, "conv", m->conv.p ? m->conv : m->id);
	put_s(&w, "author", m->author);
	put_s(&w, "reply_to", m->reply_to);
	jw_int(&w, "f", flags);
	if (m->due != REP_NO_TIME)
		jw_int(&w, "due", m->due);
	if (m->sent_id.p && !m->out) {
		put_s(&w, "sent", m->sent_id);
		if (m->sent_t != REP_NO_TIME)
			jw_int(&w, "sent_t", m->sent_t);
	}
	if (m->ack_id.p && !m->out)
		put_s(&w, "ack", m->ack_id);
	for (int d = 0; d < RD_NSTR; d++)
		if (r->used[d])
			put_s(&w, dim_names[d], m->key[d]);
	jw_end(&w);
	buf_putc(out, '\n');
}

static struct rep_str get_s(jv o, const char *k, jv *keep)
{
	jv v = jv_object_get(jv_copy(o), jv_string(k));

	if (jv_get_kind(v) != JV_KIND_STRING) {
		jv_free(v);
		return (struct rep_str){NULL, 0};
	}
	*keep = jv_array_append(*keep, jv_copy(v));
	struct rep_str s = {jv_string_value(v), (size_t)jv_string_length_bytes(jv_copy(v))};
	jv_free(v); /* the copy in keep holds the bytes */
	return s;
}

/* A time of a partial line, or REP_NO_TIME (absent, or out of range). */
static int64_t get_time(jv o, const char *k)
{
	jv v = jv_object_get(jv_copy(o), jv_string(k));
	int64_t t = REP_NO_TIME;

	if (jv_get_kind(v) == JV_KIND_NUMBER && fabs(jv_number_value(v)) <= 253402300799.0)
		t = (int64_t)jv_number_value(v);
	jv_free(v);
	return t;
}

int report_add_partial(struct report *r, const char *line, size_t n, int64_t *t_out)
{
	jv o = jv_parse_sized(line, (int)n), keep = jv_array();
	struct rep_msg m = {0};
	int rc = -1;

	if (jv_get_kind(o) != JV_KIND_OBJECT)
		goto out;
	jv t = jv_object_get(jv_copy(o), jv_string("t"));
	jv f = jv_object_get(jv_copy(o), jv_string("f"));
	/* Numbers out of range would be undefined casts: such a line is bad. */
	if (jv_get_kind(t) == JV_KIND_NUMBER && jv_get_kind(f) == JV_KIND_NUMBER &&
	    fabs(jv_number_value(t)) <= 253402300799.0 && /* 9999-12-31 */
	    jv_number_value(f) >= 0 && jv_number_value(f) <= 255) {
		m.t = (int64_t)jv_number_value(t);
		flags_to_msg((unsigned)jv_number_value(f), &m);
		m.due = get_time(o, "due");
		m.sent_t = get_time(o, "sent_t");
		m.sent_id = get_s(o, "sent", &keep);
		m.ack_id = get_s(o, "ack", &keep);
		m.id = get_s(o, "id", &keep);
		m.conv = get_s(o, "conv", &keep);
		m.author = get_s(o, "author", &keep);
		m.reply_to = get_s(o, "reply_to", &keep);
		for (int d = 0; d < RD_NSTR; d++)
			m.key[d] = get_s(o, dim_names[d], &keep);
		if (m.id.p) {
			report_add(r, &m);
			*t_out = m.t;
			rc = 0;
		}
	}
	jv_free(t);
	jv_free(f);
out:
	jv_free(o);
	jv_free(keep);
	return rc;
}

/* ---- figures ---- */

/* The group of a message (or of a request, through its first message);
 * the values e lacks are via's, when given. */
static struct acc *group_of(struct report *r, const struct ev *e, const struct ev *via,
			    uint32_t agent)
{
	const struct lt *lt = NULL;
	uint32_t gid;

	buf_reset(&r->key);
	for (int i = 0; i < r->ndims; i++) {
		int d = r->dims[i];
		const char *s;
		if (d < RD_NSTR) {
			uint32_t v = d == RD_AGENT && agent != INTERN_NONE ? agent : e->key[d];
			if (v == INTERN_NONE && via)
				v = via->key[d];
			s = intern_str(r->vals, v, NULL);
		} else {
			lt = lt ? lt : lt_of(r, e->t);
			s = d == RD_DAY ? lt->day : d == RD_WEEK ? lt->week : d == RD_HOUR ? lt->hh
										: lt->wdkey;
		}
		buf_puts(&r->key, s ? s : "");
		buf_putc(&r->key, '\x1f');
	}
	gid = intern(r->gkeys, r->key.p ? r->key.p : "", r->key.len);
	if (gid >= r->nacc) {
		if (gid >= r->capacc) {
			r->capacc = r->capacc ? 2 * r->capacc : 64;
			r->acc = sc_xrealloc(r->acc, r->capacc * sizeof *r->acc);
		}
		memset(&r->acc[gid], 0, sizeof r->acc[gid]);
		r->acc[gid].g.oldest_waiting_since = INT64_MAX;
		r->nacc = gid + 1;
	}
	return &r->acc[gid];
}

static void push(uint32_t **v, size_t *n, size_t *cap, int64_t x)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*v = sc_xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = x > UINT32_MAX ? UINT32_MAX : (uint32_t)x; /* 136 years */
}

void rep_count_message(struct report *r, const struct ev *e, const struct ev *via)
{
	struct acc *a = group_of(r, e, via, INTERN_NONE);

	const struct lt *lt = lt_of(r, e->t);
	if (e->flags & F_OUT) {
		a->g.outbound++;
		day_of(r, lt); /* the report's span is every message's */
		return;
	}
	a->g.inbound++;
	r->cov_vol[lt->wd][lt->hour]++;
	day_of(r, lt)->inbound++;
}

static void add_answer(struct report *r, struct acc *a, const struct ev *first,
		       const struct ev *reply)
{
	static const int64_t limit[REP_NBUCKETS - 1] = {900, 3600, 3 * 3600, 8 * 3600, 86400,
							3 * 86400};
	int64_t d = reply->t > first->t ? reply->t - first->t : 0;
	int k = 0;

	a->g.answered++;
	if (reply->flags & F_UNTIMED)
		return; /* answered, but when is not known */
	if (first->due != REP_NO_TIME) {
		a->g.sla_due++;
		a->g.sla_met += reply->t <= first->due;
	}
	push(&a->frt, &a->nfrt, &a->capfrt, d);
	a->g.within[0] += d <= 3600;
	a->g.within[1] += d <= 3 * 3600;
	a->g.within[2] += d <= 24 * 3600;
	if (r->business) {
		const char *q = first->key[RD_QUEUE] == INTERN_NONE ? NULL
			      : intern_str(r->vals, first->key[RD_QUEUE], NULL);
		int64_t b = reply->t > first->t ? r->business(r->bctx, q, first->t, reply->t) : 0;
		push(&a->bfrt, &a->nbfrt, &a->capbfrt, b);
		a->g.within_business[0] += b <= 3600;
		a->g.within_business[1] += b <= 3 * 3600;
		a->g.within_business[2] += b <= 24 * 3600;
	}
	while (k < REP_NBUCKETS - 1 && d > limit[k])
		k++;
	r->buckets[k]++;
}

void rep_close_request(struct report *r, const struct episode *ep, int acked,
		       const struct ev *reply)
{
	const struct ev *first = ep->first;
	uint32_t agent = first->key[RD_AGENT] != INTERN_NONE ? first->key[RD_AGENT]
		       : reply ? reply->key[RD_AGENT] : INTERN_NONE;
	struct acc *a = group_of(r, first, NULL, agent);
	const struct lt *lt = lt_of(r, first->t);
	int wd = lt->wd, hr = lt->hour;
	struct rep_day *day = day_of(r, lt);

	r->cov_req[wd][hr]++;
	day->requests++;
	a->g.requests++;
	a->g.acknowledged += !!acked;
	if (first->flags & F_PRIVATE && !(reply && reply->flags & F_UNTIMED)) {
		if (a->npriv == a->cappriv) {
			a->cappriv = a->cappriv ? 2 * a->cappriv : 16;
			a->priv = sc_xrealloc(a->priv, a->cappriv * sizeof *a->priv);
		}
		int64_t d = reply ? (reply->t > first->t ? reply->t - first->t : 0) : 0;
		a->priv[a->npriv++] = (struct priv){first->t, !reply ? NOT_ANSWERED
							: d >= NOT_ANSWERED ? NOT_ANSWERED - 1
							: (uint32_t)d};
	}
	if (!reply) {
		if (first->due != REP_NO_TIME && first->due < r->now) {
			a->g.sla_due++;
			a->g.overdue++;
		}
		a->g.backlog++;
		a->g.complaints_unanswered += !!(ep->flags & F_COMPLAINT);
		a->g.vip_unanswered += !!(ep->flags & F_VIP);
		if (first->t < a->g.oldest_waiting_since)
			a->g.oldest_waiting_since = first->t;
		return;
	}
	add_answer(r, a, first, reply);
	r->cov_ans[wd][hr]++;
	day->answered++;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* median: the middle value, or the mean of the two middle ones;
 * p90: nearest rank, the smallest value with at least 90 % at or below it */
static void stats(uint32_t *v, size_t n, double *mean, double *median, double *p90)
{
	double sum = 0;

	if (!n) {
		*mean = *median = *p90 = NAN;
		return;
	}
	qsort(v, n, sizeof *v, cmp_u32);
	for (size_t i = 0; i < n; i++)
		sum += (double)v[i];
	*mean = sum / (double)n;
	*median = n % 2 ? (double)v[n / 2] : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2;
	size_t rank = (size_t)ceil(0.9 * (double)n);
	*p90 = (double)v[rank ? rank - 1 : 0];
}

/* The private requests begun in the 7 days up to now: how many, answered,
 * their median first response (Facebook's "very responsive" badge). */
static void last_week(struct report *r, struct acc *a, struct rep_group *out)
{
	uint32_t *v = sc_xmalloc((a->npriv ? a->npriv : 1) * sizeof *v);
	size_t n = 0;
	double mean, p90;

	for (size_t k = 0; k < a->npriv; k++) {
		struct priv p = a->priv[k];
		if (p.t > r->now || r->now - p.t >= 7 * 86400)
			continue;
		out->private_requests_7d++;
		if (p.frt != NOT_ANSWERED)
			v[n++] = p.frt;
	}
	out->private_answered_7d = n;
	stats(v, n, &mean, &out->private_frt_median_7d, &p90);
	free(v);
}

static struct report *sort_r;
static int by_key(const void *a, const void *b)
{
	const struct rep_group *x = a, *y = b;

	for (int i = 0; i < sort_r->ndims; i++) {
		int c = strcmp(x->key[sort_r->dims[i]], y->key[sort_r->dims[i]]);
		if (c)
			return c;
	}
	return 0;
}

void report_compute(struct report *r, struct rep_group **groups, size_t *ngroups)
{
	if (r->now == INT64_MAX)
		r->now = r->maxseen;
	for (uint32_t i = 0; i < r->nconv; i++)
		if (r->conv[i].state != CONV_FREE)
			close_conv(r, i, 0);
	free(r->groups);
	r->groups = sc_xcalloc(r->nacc ? r->nacc : 1, sizeof *r->groups);
	for (size_t g = 0; g < r->nacc; g++) {
		struct acc *a = &r->acc[g];
		const char *k = intern_str(r->gkeys, (uint32_t)g, NULL);
		struct rep_group *out = &r->groups[g];

		*out = a->g;
		for (int i = 0; i < RD_N; i++)
			out->key[i] = "";
		for (int i = 0; i < r->ndims; i++) { /* the key is "v1\x1fv2\x1f…" */
			out->key[r->dims[i]] = k;
			k += strcspn(k, "\x1f") + 1;
		}
		if (out->oldest_waiting_since == INT64_MAX)
			out->oldest_waiting_since = INT64_MIN;
		stats(a->frt, a->nfrt, &out->frt_mean, &out->frt_median, &out->frt_p90);
		stats(a->bfrt, a->nbfrt, &out->frt_business_mean, &out->frt_business_median,
		      &out->frt_business_p90);
		last_week(r, a, out);
	}
	/* the group keys point into gkeys, "v1\x1fv2": cut them into strings */
	for (size_t g = 0; g < r->nacc; g++)
		for (int i = 0; i < r->ndims; i++) {
			char *s = (char *)r->groups[g].key[r->dims[i]];
			s[strcspn(s, "\x1f")] = '\0';
		}
	sort_r = r;
	if (r->nacc) /* qsort may not be given NULL, even with nothing to sort */
		qsort(r->groups, r->nacc, sizeof *r->groups, by_key);
	*groups = r->groups;
	*ngroups = r->nacc;
}

static int by_day(const void *a, const void *b)
{
	return strcmp(((const struct rep_day *)a)->day, ((const struct rep_day *)b)->day);
}

const struct rep_day *report_days(struct report *r, size_t *n)
{
	if (r->ndays)
		qsort(r->days, r->ndays, sizeof *r->days, by_day);
	*n = r->ndays;
	return r->days;
}

const uint64_t *report_frt_buckets(struct report *r)
{
	return r->buckets;
}

void report_coverage(struct report *r, uint64_t volume[7][24], uint64_t requests[7][24],
		     uint64_t answered[7][24])
{
	memcpy(volume, r->cov_vol, sizeof r->cov_vol);
	memcpy(requests, r->cov_req, sizeof r->cov_req);
	memcpy(answered, r->cov_ans, sizeof r->cov_ans);
}
