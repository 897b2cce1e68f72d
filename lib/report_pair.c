/* The pairing of one conversation (the definitions are in report.h and
 * sc-report(1)), in O(n log n): ids and authors are ranked by sorting once,
 * so every lookup after that is an array index, not a scan. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "intern.h"
#include "report_impl.h"

enum { FIELD_ID, FIELD_AUTHOR };

struct sortctx {
	const struct conv *c;
	int field;
	const int64_t *t;
	const uint32_t *rank;
};

/* Strings of c by offset: absent first, then bytewise (code point order). */
static int cmp_str(const struct conv *c, uint32_t a, uint32_t b)
{
	uint32_t na, nb;

	if (a == b)
		return 0;
	if (a == STR_NONE || b == STR_NONE)
		return a == STR_NONE ? -1 : 1;
	const char *sa = conv_str(c, a, &na), *sb = conv_str(c, b, &nb);
	int d = memcmp(sa, sb, na < nb ? na : nb);
	return d ? d : (na > nb) - (na < nb);
}

static uint32_t field(const struct ev *e, int f)
{
	return f == FIELD_ID ? e->id : e->author;
}

static int by_field(const void *a, const void *b, void *ctx)
{
	const struct sortctx *s = ctx;
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	int d = cmp_str(s->c, field(&s->c->ev[i], s->field), field(&s->c->ev[j], s->field));

	return d ? d : (i > j) - (i < j);
}

/* Time (after the clock-skew correction), customer before brand in the same
 * second, then id, then arrival. */
static int by_time(const void *a, const void *b, void *ctx)
{
	const struct sortctx *s = ctx;
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	const struct ev *x = &s->c->ev[i], *y = &s->c->ev[j];

	if (s->t[i] != s->t[j])
		return s->t[i] < s->t[j] ? -1 : 1;
	if ((x->flags & F_OUT) != (y->flags & F_OUT))
		return (x->flags & F_OUT) ? 1 : -1;
	if (s->rank[i] != s->rank[j])
		return s->rank[i] < s->rank[j] ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void grow(struct pair_scratch *ps, size_t n)
{
	if (n <= ps->cap)
		return;
	ps->cap = n < 64 ? 64 : 2 * n;
	ps->idx = sc_xrealloc(ps->idx, ps->cap * sizeof *ps->idx);
	ps->rank = sc_xrealloc(ps->rank, ps->cap * sizeof *ps->rank);
	ps->arank = sc_xrealloc(ps->arank, ps->cap * sizeof *ps->arank);
	ps->rrank = sc_xrealloc(ps->rrank, ps->cap * sizeof *ps->rrank);
	ps->first = sc_xrealloc(ps->first, ps->cap * sizeof *ps->first);
	ps->epi_of = sc_xrealloc(ps->epi_of, (ps->cap + 1) * sizeof *ps->epi_of);
	ps->t = sc_xrealloc(ps->t, ps->cap * sizeof *ps->t);
	ps->maxt = sc_xrealloc(ps->maxt, ps->cap * sizeof *ps->maxt);
}

void rep_pair_free(struct pair_scratch *ps)
{
	free(ps->idx);
	free(ps->rank);
	free(ps->arank);
	free(ps->rrank);
	free(ps->first);
	free(ps->epi_of);
	free(ps->t);
	free(ps->maxt);
	free(ps->open);
}

/* Sorts idx by a string field and gives each message the rank of its
 * string (equal strings, equal ranks); returns the number of ranks. */
static uint32_t rank_by(struct conv *c, struct pair_scratch *ps, int f, uint32_t *rank)
{
	struct sortctx s = {c, f, NULL, NULL};
	uint32_t n = c->n, k = 0;

	for (uint32_t i = 0; i < n; i++)
		ps->idx[i] = i;
	qsort_r(ps->idx, n, sizeof *ps->idx, by_field, &s);
	for (uint32_t p = 0; p < n; p++) {
		if (p && cmp_str(c, field(&c->ev[ps->idx[p]], f), field(&c->ev[ps->idx[p - 1]], f)))
			k++;
		rank[ps->idx[p]] = k;
	}
	return n ? k + 1 : 0;
}

/* The rank of the message whose id is the string at off (idx sorted by id),
 * or STR_NONE when no message of c has that id. */
static uint32_t find_id(const struct conv *c, const struct pair_scratch *ps, uint32_t off)
{
	size_t lo = 0, hi = c->n;

	if (off == STR_NONE)
		return STR_NONE;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cmp_str(c, c->ev[ps->idx[mid]].id, off) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->n && cmp_str(c, c->ev[ps->idx[lo]].id, off) == 0)
		return ps->rank[ps->idx[lo]];
	return STR_NONE;
}

/* How much a copy of a message is worth keeping: the one already counted
 * (kept from a closed conversation), then a fetched one over sc-reply's
 * account of it (the network's own time), then the one with more group
 * values (a later stage's record). */
static int worth(const struct ev *e)
{
	int w = (e->flags & F_KEPT ? 64 : 0) + (e->flags & F_SENT ? 0 : 32);

	for (int d = 0; d < RD_NSTR; d++)
		w += e->key[d] != INTERN_NONE;
	return w;
}

/* A message id counts once in a conversation (the same record read twice,
 * sc-reply's record beside sc-fetch's, a sent reply fetched back): of the
 * copies (adjacent in idx, sorted by id then arrival), the worthiest, the
 * first of equals, stays; the others are marked F_DUP. An acknowledgement
 * is one whatever copy says so (sc-fetch cannot tell). */
static void mark_copies(struct conv *c, struct pair_scratch *ps)
{
	for (uint32_t p = 0, q; p < c->n; p = q) {
		uint32_t best = ps->idx[p];
		unsigned autoack = c->ev[best].flags & F_AUTO;
		for (q = p + 1; q < c->n && ps->rank[ps->idx[q]] == ps->rank[best]; q++) {
			autoack |= c->ev[ps->idx[q]].flags & F_AUTO;
			if (worth(&c->ev[ps->idx[q]]) > worth(&c->ev[best]))
				best = ps->idx[q];
		}
		for (uint32_t k = p; k < q; k++) {
			struct ev *e = &c->ev[ps->idx[k]];
			e->flags = (uint16_t)(ps->idx[k] == best ? (e->flags & ~F_DUP) | autoack
							       : e->flags | F_DUP);
		}
	}
}

/* Ranks, the skew-corrected times and the order of the messages. */
static void prepare(struct conv *c, struct pair_scratch *ps)
{
	uint32_t n = c->n, nid;

	nid = rank_by(c, ps, FIELD_ID, ps->rank);
	mark_copies(c, ps);
	for (uint32_t i = 0; i < n; i++)
		ps->rrank[i] = find_id(c, ps, c->ev[i].reply_to);
	for (uint32_t k = 0; k < nid; k++)
		ps->maxt[k] = INT64_MIN;
	for (uint32_t i = 0; i < n; i++)
		if (!(c->ev[i].flags & F_DUP) && c->ev[i].t > ps->maxt[ps->rank[i]])
			ps->maxt[ps->rank[i]] = c->ev[i].t;
	/* A reply stamped before the message it answers is taken as given at
	 * that message's time (clock skew between sources). */
	for (uint32_t i = 0; i < n; i++) {
		ps->t[i] = c->ev[i].t;
		if ((c->ev[i].flags & F_OUT) && ps->rrank[i] != STR_NONE &&
		    ps->maxt[ps->rrank[i]] > ps->t[i])
			ps->t[i] = ps->maxt[ps->rrank[i]];
	}
	for (uint32_t i = 0; i < n; i++)
		c->ev[i].t = ps->t[i];
	uint32_t nauth = rank_by(c, ps, FIELD_AUTHOR, ps->arank);
	for (uint32_t k = 0; k <= nauth; k++)
		ps->epi_of[k] = STR_NONE;
	struct sortctx s = {c, 0, ps->t, ps->rank};
	for (uint32_t i = 0; i < n; i++)
		ps->idx[i] = i;
	qsort_r(ps->idx, n, sizeof *ps->idx, by_time, &s);
	for (uint32_t k = 0; k < nid; k++)
		ps->first[k] = STR_NONE;
	for (uint32_t p = n; p-- > 0;) /* the one message of each id */
		if (!(c->ev[ps->idx[p]].flags & F_DUP))
			ps->first[ps->rank[ps->idx[p]]] = ps->idx[p];
}

static void open_request(struct pair_scratch *ps, size_t *nopen, const struct ev *e,
			 uint32_t a, uint64_t ackall)
{
	if (*nopen == ps->capopen) {
		ps->capopen = ps->capopen ? 2 * ps->capopen : 16;
		ps->open = sc_xrealloc(ps->open, ps->capopen * sizeof *ps->open);
	}
	ps->open[*nopen] = (struct episode){e, a, ackall, e->flags, !!(e->flags & F_ACKED)};
	ps->epi_of[a] = (uint32_t)(*nopen)++;
}

static void close_request(struct report *r, struct pair_scratch *ps, size_t *nopen, size_t k,
			  uint64_t ackall, const struct ev *reply)
{
	struct episode *ep = &ps->open[k];

	rep_close_request(r, ep, ep->acked || ackall > ep->ackall, reply);
	ps->epi_of[ep->author] = STR_NONE;
	if (k != --*nopen) {
		*ep = ps->open[*nopen];
		ps->epi_of[ep->author] = (uint32_t)k;
	}
}

/* To whom a brand message speaks: an author rank, or STR_NONE for every
 * waiting customer (a DM, a reply to nothing known or to the brand). */
static uint32_t addressee(const struct conv *c, const struct pair_scratch *ps, uint32_t i)
{
	const struct ev *e = &c->ev[i];

	if (ps->rrank[i] == STR_NONE || (e->flags & F_PRIVATE))
		return STR_NONE;
	uint32_t j = ps->first[ps->rrank[i]];
	if ((c->ev[j].flags & F_OUT) || c->ev[j].author == STR_NONE)
		return STR_NONE;
	return ps->arank[j];
}

/* The customer's message a brand message answers, for the group values it
 * lacks: the one it replies to, else the first of the requests it answers. */
static const struct ev *answered_by(const struct conv *c, const struct pair_scratch *ps,
				    uint32_t i, uint32_t to, size_t nopen)
{
	if (ps->rrank[i] != STR_NONE) {
		const struct ev *j = &c->ev[ps->first[ps->rrank[i]]];
		if (!(j->flags & F_OUT))
			return j;
	}
	if (to != STR_NONE)
		return ps->epi_of[to] != STR_NONE ? ps->open[ps->epi_of[to]].first : NULL;
	return nopen ? ps->open[0].first : NULL;
}

size_t rep_pair(struct report *r, struct pair_scratch *ps, struct conv *c, int keep_waiting)
{
	size_t nopen = 0;
	uint64_t ackall = 0;   /* acknowledgements addressed to everyone so far */

	grow(ps, c->n);
	prepare(c, ps);
	for (uint32_t p = 0; p < c->n; p++) {
		uint32_t i = ps->idx[p];
		const struct ev *e = &c->ev[i];

		if (e->flags & F_DUP)
			continue;
		if (!(e->flags & F_OUT)) {
			uint32_t a = ps->arank[i], k = ps->epi_of[a];
			if (!(e->flags & F_KEPT))
				rep_count_message(r, e, NULL);
			if (k != STR_NONE)
				ps->open[k].flags |= e->flags & ~F_NOREPLY;
			else if (!(e->flags & F_NOREPLY))
				open_request(ps, &nopen, e, a, ackall);
			continue;
		}
		uint32_t to = addressee(c, ps, i);
		if (!(e->flags & F_KEPT))
			rep_count_message(r, e, answered_by(c, ps, i, to, nopen));
		if (to != STR_NONE) {
			uint32_t k = ps->epi_of[to];
			if (k == STR_NONE)
				continue;
			if (e->flags & F_AUTO)
				ps->open[k].acked = 1;
			else
				close_request(r, ps, &nopen, k, ackall, e);
		} else if (e->flags & F_AUTO) {
			ackall++;
		} else {
			while (nopen)
				close_request(r, ps, &nopen, nopen - 1, ackall, e);
		}
	}
	if (keep_waiting) {
		for (size_t k = 0; k < nopen; k++)
			ps->open[k].acked = ps->open[k].acked || ackall > ps->open[k].ackall;
		return nopen;
	}
	while (nopen)
		close_request(r, ps, &nopen, nopen - 1, ackall, NULL);
	return 0;
}
