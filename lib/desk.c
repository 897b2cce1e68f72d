#include <stdlib.h>
#include <string.h>

#include "desk.h"
#include "diag.h"

struct listed {
	char *conv;
	size_t rank;
	int waiting;
};

struct collect {
	struct listed *l;
	size_t n;
};

static void collect(void *ctx, const struct sc_case_row *r)
{
	struct collect *c = ctx;

	c->l = sc_xrealloc(c->l, (c->n + 1) * sizeof *c->l);
	c->l[c->n] = (struct listed){sc_xstrdup(r->conversation_id), c->n, r->waiting_since != NULL};
	c->n++;
}

static int by_conv(const void *a, const void *b)
{
	return strcmp(((const struct listed *)a)->conv, ((const struct listed *)b)->conv);
}

struct place {
	size_t rank, i;
};

static int by_place(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

size_t desk_order(struct sc_state *st, const struct sc_case_filter *f, int filtered,
		  const char *const *convs, const char *const *ats, size_t n, size_t *order,
		  struct desk_counts *k)
{
	struct collect c = {NULL, 0};
	struct place *p = sc_xmalloc((n ? n : 1) * sizeof *p);
	struct sc_case sc = {0};
	struct buf answer = BUF_INIT;
	size_t m = 0;

	memset(k, 0, sizeof *k);
	sc_cases_list(st, f, collect, &c);
	if (c.n)
		qsort(c.l, c.n, sizeof *c.l, by_conv);
	for (size_t i = 0; i < n; i++) {
		struct listed key = {(char *)convs[i], 0, 0}, *hit;
		hit = convs[i] && c.n ? bsearch(&key, c.l, c.n, sizeof *c.l, by_conv) : NULL;
		if (hit && hit->waiting && !(ats[i] && sc_last_answer(st, convs[i], ats[i], &answer))) {
			p[m++] = (struct place){hit->rank, i};
		} else if (hit) { /* the case, or this message of a waiting case, was answered */
			k->answered++;
		} else if (convs[i] && sc_case_find(st, convs[i], &sc)) {
			if (!sc.open)
				k->closed++;
			else
				k->others++;
		} else {
			k->nocase++;
			if (!filtered)
				p[m++] = (struct place){(size_t)-1, i};
		}
	}
	qsort(p, m, sizeof *p, by_place);
	for (size_t j = 0; j < m; j++)
		order[j] = p[j].i;
	for (size_t j = 0; j < c.n; j++)
		free(c.l[j].conv);
	free(c.l);
	free(p);
	sc_case_free(&sc);
	buf_free(&answer);
	return m;
}

struct viewing {
	struct desk_view *v;
	const char *record_id;
	int stop;                  /* the record itself was met: later turns are not before it */
	size_t seen;               /* turns read before the record */
};

static void put(struct buf *b, const char *s)
{
	buf_reset(b);
	buf_puts(b, s ? s : "");
	buf_cstr(b);
}

static void card(void *ctx, const struct sc_case_row *r)
{
	struct desk_view *v = ((struct viewing *)ctx)->v;

	v->id = r->id;
	v->priority = r->priority;
	v->state = !r->open ? "closed" : r->waiting_since ? "waiting" : "answered";
	put(&v->assignee, r->assignee);
	put(&v->queue, r->queue);
	put(&v->due_at, r->due_at);
}

/* The last DESK_TURNS turns, kept in a ring and put in order at the end. */
static void message(void *ctx, const char *at, const char *direction, int needs_reply,
		    const char *author, const char *text, const char *record_id)
{
	struct viewing *w = ctx;
	struct desk_turn *t;

	(void)needs_reply;
	if (w->stop || (w->record_id && !strcmp(record_id, w->record_id))) {
		w->stop = 1;
		return;
	}
	t = &w->v->turns[w->seen++ % DESK_TURNS];
	put(&t->at, at);
	put(&t->direction, direction);
	put(&t->author, author);
	put(&t->text, text);
}

static void owner(void *ctx, const char *at, const char *assignee, const char *why)
{
	(void)ctx, (void)at, (void)assignee, (void)why;
}

int desk_view(struct sc_state *st, const char *conv, const char *record_id, struct desk_view *v)
{
	struct viewing w = {v, record_id, 0, 0};
	struct sc_case_history h = {&w, card, message, owner};
	struct sc_case c = {0};
	struct desk_turn ring[DESK_TURNS];
	int found;

	v->id = 0;
	v->nturns = 0;
	v->earlier = 0;
	found = conv && sc_case_find(st, conv, &c) && sc_case_show(st, c.id, &h);
	sc_case_free(&c);
	if (!found)
		return 0;
	/* the ring's oldest turn first */
	v->nturns = w.seen < DESK_TURNS ? (int)w.seen : DESK_TURNS;
	v->earlier = w.seen - (size_t)v->nturns;
	memcpy(ring, v->turns, sizeof ring);
	for (int i = 0; i < v->nturns; i++)
		v->turns[i] = ring[(w.seen - (size_t)v->nturns + (size_t)i) % DESK_TURNS];
	return 1;
}

void desk_view_free(struct desk_view *v)
{
	for (int i = 0; i < DESK_TURNS; i++) {
		buf_free(&v->turns[i].at);
		buf_free(&v->turns[i].direction);
		buf_free(&v->turns[i].author);
		buf_free(&v->turns[i].text);
	}
	buf_free(&v->assignee);
	buf_free(&v->queue);
	buf_free(&v->due_at);
}
