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
#include "sctime.h"

/* qsort, which may not be given a NULL array even with nothing to sort (an
 * empty input leaves the arrays unallocated). */
static void sort(void *p, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n)
		qsort(p, n, size, cmp);
}

static const char *const dim_names[RD_N] = {
	"account", "agent", "queue", "topic", "lang", "intent", "channel",
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

enum { F_OUT = 1, F_AUTO = 2, F_COMPLAINT = 4, F_VIP = 8, F_PRIVATE = 16 };

/* One message, without its text: about 40 bytes. */
struct ev {
	int64_t t;
	uint32_t conv, id, author, reply_to;
	uint32_t key[RD_NSTR];        /* interned values; INTERN_NONE when absent */
	uint8_t flags;
};

struct report {
	int dims[RD_N], ndims;
	int used[RD_NSTR];            /* which string dims are kept */
	struct intern *ids;           /* ids, conversations, authors */
	struct intern *vals;          /* dimension values */
	struct ev *ev;
	size_t n, cap;
	/* computed */
	struct intern *gkeys;
	struct rep_group *groups;
	size_t ngroups;
	uint64_t cov_vol[7][24], cov_req[7][24], cov_ans[7][24];
	struct intern *daykeys;
	struct rep_day *days;
	size_t ndays, capdays;
	uint64_t buckets[REP_NBUCKETS];
};

static const char *time_key(int d, int64_t t, char *out, size_t cap);

static struct rep_day *day_of(struct report *r, int64_t t)
{
	char k[32];
	uint32_t id;

	time_key(RD_DAY, t, k, sizeof k);
	id = intern(r->daykeys, k, strlen(k));

	if (id >= r->ndays) {
		if (id >= r->capdays) {
			r->capdays = r->capdays ? 2 * r->capdays : 64;
			r->days = sc_xrealloc(r->days, r->capdays * sizeof *r->days);
		}
		memset(&r->days[id], 0, sizeof *r->days);
		snprintf(r->days[id].day, sizeof r->days[id].day, "%.10s", k);
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
	r->ids = intern_new();
	r->vals = intern_new();
	return r;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	intern_free(r->ids);
	intern_free(r->vals);
	intern_free(r->gkeys);
	intern_free(r->daykeys);
	free(r->days);
	free(r->ev);
	free(r->groups);
	free(r);
}

static uint32_t id_of(struct report *r, struct rep_str s)
{
	return s.p ? intern(r->ids, s.p, s.n) : INTERN_NONE;
}

void report_add(struct report *r, const struct rep_msg *m)
{
	struct ev *e;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 4096;
		r->ev = sc_xrealloc(r->ev, r->cap * sizeof *r->ev);
	}
	e = &r->ev[r->n++];
	e->t = m->t;
	e->id = id_of(r, m->id);
	e->conv = m->conv.p ? id_of(r, m->conv) : e->id;
	e->author = id_of(r, m->author);
	e->reply_to = id_of(r, m->reply_to);
	for (int d = 0; d < RD_NSTR; d++)
		e->key[d] = r->used[d] && m->key[d].p ? intern(r->vals, m->key[d].p, m->key[d].n)
						      : INTERN_NONE;
	e->flags = (uint8_t)((m->out ? F_OUT : 0) | (m->autoack ? F_AUTO : 0) |
			     (m->complaint ? F_COMPLAINT : 0) | (m->vip ? F_VIP : 0) |
			     (m->private ? F_PRIVATE : 0));
}

/* ---- partial files: one JSON object per event, strings in full ---- */

static void put_s(struct jsonw *w, const char *k, const struct intern *in, uint32_t id)
{
	size_t n;
	const char *s = intern_str(in, id, &n);

	if (s)
		jw_str(w, k, s, n);
}

void report_write_partial(struct report *r, struct buf *out)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct ev *e = &r->ev[i];
		struct jsonw w;

		jw_begin(&w, out);
		jw_int(&w, "t", e->t);
		put_s(&w, "id", r->ids, e->id);
		put_s(&w, "conv", r->ids, e->conv);
		put_s(&w, "author", r->ids, e->author);
		put_s(&w, "reply_to", r->ids, e->reply_to);
		jw_int(&w, "f", e->flags);
		for (int d = 0; d < RD_NSTR; d++)
			put_s(&w, dim_names[d], r->vals, e->key[d]);
		jw_end(&w);
		buf_putc(out, '\n');
	}
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

int report_add_partial(struct report *r, const char *line, size_t n, int64_t *t_out)
{
	jv o = jv_parse_sized(line, (int)n), keep = jv_array();
	struct rep_msg m = {0};
	int rc = -1;

	if (jv_get_kind(o) != JV_KIND_OBJECT)
		goto out;
	jv t = jv_object_get(jv_copy(o), jv_string("t"));
	jv f = jv_object_get(jv_copy(o), jv_string("f"));
	/* a part file is input too: a time or flags no int can hold is a bad line */
	if (jv_get_kind(t) == JV_KIND_NUMBER && jv_get_kind(f) == JV_KIND_NUMBER &&
	    fabs(jv_number_value(t)) < 1e18 && jv_number_value(f) >= 0 && jv_number_value(f) < 1 << 16) {
		int flags = (int)jv_number_value(f);
		m.t = (int64_t)jv_number_value(t);
		m.out = flags & F_OUT, m.autoack = !!(flags & F_AUTO);
		m.complaint = !!(flags & F_COMPLAINT), m.vip = !!(flags & F_VIP);
		m.private = !!(flags & F_PRIVATE);
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

/* ---- pairing ---- */

static int by_conv_time(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->conv != y->conv)
		return x->conv < y->conv ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if ((x->flags & F_OUT) != (y->flags & F_OUT)) /* same second: question first */
		return (x->flags & F_OUT) ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

struct episode {
	size_t first;              /* index of the request's first message */
	uint32_t author;
	uint8_t flags;             /* complaint/vip seen in any of its messages */
	int acked;
};

struct acc { /* per group, while computing */
	struct rep_group g;
	int64_t *frt, *bfrt;
	size_t nfrt, capfrt, nbfrt, capbfrt;
};

struct ctx {
	struct report *r;
	struct episode *open;          /* a conversation's open requests */
	size_t capopen;
	struct acc *acc;
	size_t nacc, capacc;
	rep_business_fn business;
	void *bctx;
	struct buf key;
};

static const char *time_key(int d, int64_t t, char *out, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm); /* sc-report sets TZ from --tz before reading */
	switch (d) {
	case RD_DAY: strftime(out, cap, "%Y-%m-%d", &tm); break;
	case RD_WEEK: strftime(out, cap, "%G-W%V", &tm); break;
	case RD_HOUR: strftime(out, cap, "%H", &tm); break;
	default: strftime(out, cap, "%u-%a", &tm); break; /* 1-Mon … 7-Sun */
	}
	return out;
}

/* The group of a message (or of a request, through its first message). */
static struct acc *group_of(struct ctx *c, const struct ev *e, uint32_t agent)
{
	struct report *r = c->r;
	char tk[32];
	uint32_t gid;

	buf_reset(&c->key);
	for (int i = 0; i < r->ndims; i++) {
		int d = r->dims[i];
		uint32_t v = d == RD_AGENT && agent != INTERN_NONE ? agent : d < RD_NSTR ? e->key[d] : 0;
		const char *s = d < RD_NSTR ? intern_str(r->vals, v, NULL)
					    : time_key(d, e->t, tk, sizeof tk);
		buf_puts(&c->key, s ? s : "");
		buf_putc(&c->key, '\x1f');
	}
	gid = intern(r->gkeys, c->key.p ? c->key.p : "", c->key.len);
	if (gid >= c->nacc) {
		if (gid >= c->capacc) {
			c->capacc = c->capacc ? 2 * c->capacc : 64;
			c->acc = sc_xrealloc(c->acc, c->capacc * sizeof *c->acc);
		}
		memset(&c->acc[gid], 0, sizeof c->acc[gid]);
		c->acc[gid].g.oldest_waiting_since = INT64_MAX;
		c->nacc = gid + 1;
	}
	return &c->acc[gid];
}

static void push(int64_t **v, size_t *n, size_t *cap, int64_t x)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*v = sc_xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = x;
}

static void close_episode(struct ctx *c, const struct episode *ep, const struct ev *reply)
{
	struct report *r = c->r;
	const struct ev *first = &r->ev[ep->first];
	uint32_t agent = first->key[RD_AGENT] != INTERN_NONE ? first->key[RD_AGENT]
		       : reply ? reply->key[RD_AGENT] : INTERN_NONE;
	struct acc *a = group_of(c, first, agent);

	time_t tt = (time_t)first->t;
	struct tm tm;
	localtime_r(&tt, &tm);
	int wd = (tm.tm_wday + 6) % 7, hr = tm.tm_hour;

	r->cov_req[wd][hr]++;
	day_of(r, first->t)->requests++;
	a->g.requests++;
	a->g.acknowledged += ep->acked;
	if (!reply) {
		a->g.backlog++;
		a->g.complaints_unanswered += !!(ep->flags & F_COMPLAINT);
		a->g.vip_unanswered += !!(ep->flags & F_VIP);
		if (first->t < a->g.oldest_waiting_since)
			a->g.oldest_waiting_since = first->t;
		return;
	}
	int64_t d = reply->t > first->t ? reply->t - first->t : 0;
	a->g.answered++;
	push(&a->frt, &a->nfrt, &a->capfrt, d);
	a->g.within[0] += d <= 3600;
	a->g.within[1] += d <= 3 * 3600;
	a->g.within[2] += d <= 24 * 3600;
	if (c->business) {
		int64_t b = reply->t > first->t ? c->business(c->bctx, first->t, reply->t) : 0;
		push(&a->bfrt, &a->nbfrt, &a->capbfrt, b);
		a->g.within_business[0] += b <= 3600;
		a->g.within_business[1] += b <= 3 * 3600;
		a->g.within_business[2] += b <= 24 * 3600;
	}
	r->cov_ans[wd][hr]++;
	day_of(r, first->t)->answered++;
	static const int64_t limit[REP_NBUCKETS - 1] = {900, 3600, 3 * 3600, 8 * 3600, 86400, 3 * 86400};
	int k = 0;
	while (k < REP_NBUCKETS - 1 && d > limit[k])
		k++;
	r->buckets[k]++;
}

/* One conversation: events s[0..n) sorted by time. */
static void pair(struct ctx *c, struct ev *s, size_t n)
{
	struct report *r = c->r;
	size_t nopen = 0;

	/* A reply stamped before the message it answers is taken as given at
	 * that message's time (clock skew between sources). */
	int moved = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(s[i].flags & F_OUT) || s[i].reply_to == INTERN_NONE)
			continue;
		for (size_t j = i + 1; j < n; j++)
			if (s[j].id == s[i].reply_to && s[j].t > s[i].t) {
				s[i].t = s[j].t;
				moved = 1;
			}
	}
	if (moved)
		sort(s, n, sizeof *s, by_conv_time);

	for (size_t i = 0; i < n; i++) {
		struct ev *e = &s[i];
		size_t idx = (size_t)(e - r->ev);

		struct acc *a = group_of(c, e, INTERN_NONE);
		a->g.inbound += !(e->flags & F_OUT);
		a->g.outbound += !!(e->flags & F_OUT);
		if (!(e->flags & F_OUT)) {
			time_t tt = (time_t)e->t;
			struct tm tm;
			localtime_r(&tt, &tm);
			r->cov_vol[(tm.tm_wday + 6) % 7][tm.tm_hour]++;
			day_of(r, e->t)->inbound++;
			size_t k;
			for (k = 0; k < nopen && c->open[k].author != e->author; k++)
				;
			if (k < nopen) {
				c->open[k].flags |= e->flags;
				continue;
			}
			if (nopen == c->capopen) {
				c->capopen = c->capopen ? 2 * c->capopen : 16;
				c->open = sc_xrealloc(c->open, c->capopen * sizeof *c->open);
			}
			c->open[nopen++] = (struct episode){idx, e->author, e->flags, 0};
			continue;
		}
		/* a brand message: to whom? (in a private conversation, to all in it) */
		uint32_t to = INTERN_NONE;
		if (e->reply_to != INTERN_NONE && !(e->flags & F_PRIVATE))
			for (size_t j = 0; j < n; j++)
				if (s[j].id == e->reply_to) {
					to = (s[j].flags & F_OUT) ? INTERN_NONE : s[j].author;
					break;
				}
		for (size_t k = 0; k < nopen;) {
			if (to != INTERN_NONE && c->open[k].author != to) {
				k++;
				continue;
			}
			if (e->flags & F_AUTO) {
				c->open[k++].acked = 1;
				continue;
			}
			close_episode(c, &c->open[k], e);
			c->open[k] = c->open[--nopen];
		}
	}
	for (size_t k = 0; k < nopen; k++)
		close_episode(c, &c->open[k], NULL);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* median: the middle value, or the mean of the two middle ones;
 * p90: nearest rank, the smallest value with at least 90 % at or below it */
static void stats(int64_t *v, size_t n, double *mean, double *median, double *p90)
{
	double sum = 0;

	if (!n) {
		*mean = *median = *p90 = NAN;
		return;
	}
	sort(v, n, sizeof *v, cmp_i64);
	for (size_t i = 0; i < n; i++)
		sum += (double)v[i];
	*mean = sum / (double)n;
	*median = n % 2 ? (double)v[n / 2] : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2;
	size_t rank = (size_t)ceil(0.9 * (double)n);
	*p90 = (double)v[rank ? rank - 1 : 0];
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

void report_compute(struct report *r, rep_business_fn business, void *bctx,
		    struct rep_group **groups, size_t *ngroups)
{
	struct ctx c = {.r = r, .business = business, .bctx = bctx};

	intern_free(r->gkeys);
	r->gkeys = intern_new();
	intern_free(r->daykeys);
	r->daykeys = intern_new();
	r->ndays = 0;
	memset(r->buckets, 0, sizeof r->buckets);
	memset(r->cov_vol, 0, sizeof r->cov_vol);
	memset(r->cov_req, 0, sizeof r->cov_req);
	memset(r->cov_ans, 0, sizeof r->cov_ans);
	sort(r->ev, r->n, sizeof *r->ev, by_conv_time);
	for (size_t i = 0, j; i < r->n; i = j) {
		for (j = i + 1; j < r->n && r->ev[j].conv == r->ev[i].conv; j++)
			;
		pair(&c, r->ev + i, j - i);
	}
	free(r->groups);
	r->groups = sc_xcalloc(c.nacc, sizeof *r->groups);
	for (size_t g = 0; g < c.nacc; g++) {
		struct acc *a = &c.acc[g];
		const char *k = intern_str(r->gkeys, (uint32_t)g, NULL);

		for (int i = 0; i < RD_N; i++)
			a->g.key[i] = "";
		for (int i = 0; i < r->ndims; i++) { /* the key is "v1\x1fv2\x1f…" */
			a->g.key[r->dims[i]] = k;
			k += strcspn(k, "\x1f") + 1;
		}
		if (a->g.oldest_waiting_since == INT64_MAX)
			a->g.oldest_waiting_since = INT64_MIN;
		stats(a->frt, a->nfrt, &a->g.frt_mean, &a->g.frt_median, &a->g.frt_p90);
		stats(a->bfrt, a->nbfrt, &a->g.frt_business_mean, &a->g.frt_business_median,
		      &a->g.frt_business_p90);
		r->groups[g] = a->g;
		free(a->frt);
		free(a->bfrt);
	}
	/* the group keys point into gkeys, "v1\x1fv2": cut them into strings */
	for (size_t g = 0; g < c.nacc; g++)
		for (int i = 0; i < r->ndims; i++) {
			char *s = (char *)r->groups[g].key[r->dims[i]];
			s[strcspn(s, "\x1f")] = '\0';
		}
	sort_r = r;
	sort(r->groups, c.nacc, sizeof *r->groups, by_key);
	free(c.acc);
	free(c.open);
	buf_free(&c.key);
	*groups = r->groups;
	*ngroups = c.nacc;
}

static int by_day(const void *a, const void *b)
{
	return strcmp(((const struct rep_day *)a)->day, ((const struct rep_day *)b)->day);
}

const struct rep_day *report_days(struct report *r, size_t *n)
{
	sort(r->days, r->ndays, sizeof *r->days, by_day);
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
