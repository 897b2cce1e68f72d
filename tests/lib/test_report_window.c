/* report.c's window: conversations closed while reading give the figures
 * of keeping everything (out-of-order input within the window, a
 * conversation that goes on after it was closed, requests still waiting when
 * it was closed); report_pair.c on conversations too big for a scan. */
#include <stdio.h>
#include <stdlib.h>

#include "report.h"
#include "tap.h"

struct m {
	int64_t t;
	int out, flags;       /* flags: 1 auto, 2 complaint, 4 private */
	const char *id, *conv, *author, *reply_to, *account, *agent;
};

static struct rep_str S(const char *s)
{
	return (struct rep_str){s, s ? strlen(s) : 0};
}

static void add(struct report *r, const struct m *x)
{
	struct rep_msg m = {0};

	m.t = x->t, m.out = x->out, m.autoack = x->flags & 1, m.complaint = !!(x->flags & 2);
	m.private = !!(x->flags & 4);
	m.id = S(x->id), m.conv = S(x->conv), m.author = S(x->author), m.reply_to = S(x->reply_to);
	m.key[RD_ACCOUNT] = S(x->account);
	m.key[RD_AGENT] = S(x->agent);
	report_add(r, &m);
}

/* Every figure of every group, as text to compare. */
static char *figures(struct report *r)
{
	struct rep_group *g;
	size_t n;
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	report_compute(r, &g, &n);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s/%s/%s in=%llu out=%llu req=%llu ans=%llu ack=%llu w=%llu,%llu,%llu "
			   "back=%llu cu=%llu oldest=%lld mean=%.17g med=%.17g p90=%.17g\n",
			g[i].key[RD_ACCOUNT], g[i].key[RD_AGENT], g[i].key[RD_DAY],
			(unsigned long long)g[i].inbound, (unsigned long long)g[i].outbound,
			(unsigned long long)g[i].requests, (unsigned long long)g[i].answered,
			(unsigned long long)g[i].acknowledged, (unsigned long long)g[i].within[0],
			(unsigned long long)g[i].within[1], (unsigned long long)g[i].within[2],
			(unsigned long long)g[i].backlog,
			(unsigned long long)g[i].complaints_unanswered,
			(long long)g[i].oldest_waiting_since, g[i].frt_mean, g[i].frt_median,
			g[i].frt_p90);
	size_t nd;
	const struct rep_day *d = report_days(r, &nd);
	for (size_t i = 0; i < nd; i++)
		fprintf(f, "%s %llu %llu %llu\n", d[i].day, (unsigned long long)d[i].inbound,
			(unsigned long long)d[i].requests, (unsigned long long)d[i].answered);
	fclose(f);
	return s;
}

static const int dims[] = {RD_ACCOUNT, RD_AGENT, RD_DAY};

/* The figures with a window of w seconds (closing after one idle record)
 * and without any; *closed: conversations closed while reading. */
static int same(const struct m *ms, size_t n, int64_t w, struct rep_counts *rc)
{
	struct report *a = report_new(dims, 3), *b = report_new(dims, 3);

	report_set_window(a, w, 1);
	report_set_window(b, -1, 0);
	for (size_t i = 0; i < n; i++) {
		add(a, &ms[i]);
		add(b, &ms[i]);
	}
	report_counts(a, rc);
	char *fa = figures(a), *fb = figures(b);
	int eq = strcmp(fa, fb) == 0;
	if (!eq)
		printf("# window:\n%s# none:\n%s", fa, fb);
	free(fa);
	free(fb);
	report_free(a);
	report_free(b);
	return eq;
}

#define H 3600
#define D 86400

static void window_cases(void)
{
	struct rep_counts rc;

	/* out of order by up to an hour, a 2 h window: c1 closes while c2 and
	 * c3 are read, and nothing changes */
	const struct m shuffled[] = {
		{10 * H, 0, 0, "a1", "c1", "anna", NULL, "Acme", NULL},
		{9 * H, 0, 0, "b1", "c2", "bob", NULL, "Acme", NULL},
		{10 * H + 600, 1, 0, "r1", "c1", "brand", "a1", "Acme", "kc"},
		{9 * H + 1200, 1, 0, "r2", "c2", "brand", "b1", "Acme", "kc"},
		{13 * H, 0, 0, "x1", "c3", "carl", NULL, "Acme", NULL},
		{12 * H + 1800, 0, 2, "y1", "c4", "dora", NULL, "Beta", NULL},
		{15 * H, 1, 0, "x2", "c3", "brand", "x1", "Acme", "gl"},
		{20 * H, 0, 0, "z1", "c5", "emil", NULL, "Acme", NULL},
	};
	ok(same(shuffled, sizeof shuffled / sizeof *shuffled, 2 * H, &rc),
	   "out-of-order input within the window: the same figures");
	ok(rc.closed >= 3, "conversations were closed while reading (%llu)",
	   (unsigned long long)rc.closed);
	is_int(rc.late, 0, "no record came late");

	/* c1 answered, silent for days (closed), then anna writes again in it
	 * and a reply to her first message answers the new request; a waiting
	 * request of bob's is kept, and answered days later; carl's waiting
	 * request was acknowledged before its conversation closed */
	const struct m reopened[] = {
		{0, 0, 0, "a1", "c1", "anna", NULL, "Acme", NULL},
		{600, 1, 0, "r1", "c1", "brand", "a1", "Acme", "kc"},
		{100, 0, 2, "b1", "c2", "bob", NULL, "Acme", NULL},
		{200, 0, 0, "k1", "c3", "carl", NULL, "Acme", NULL},
		{300, 1, 1, "k2", "c3", "bot", "k1", "Acme", NULL},
		{3 * D, 0, 0, "f1", "c9", "fred", NULL, "Acme", NULL},
		{3 * D + 60, 1, 0, "f2", "c9", "brand", "f1", "Acme", "kc"},
		{5 * D, 0, 0, "a2", "c1", "anna", NULL, "Acme", NULL},
		{5 * D, 0, 4, "b2", "c2", "bob", NULL, "Acme", NULL},
		{5 * D + 30, 0, 0, "g1", "c1", "gina", NULL, "Acme", NULL},
		{5 * D + 900, 1, 0, "r2", "c1", "brand", "a2", "Acme", "gl"},
		{6 * D, 1, 0, "r3", "c2", "brand", "b2", "Acme", "gl"},
		{9 * D, 0, 0, "h1", "c8", "hugo", NULL, "Acme", NULL},
		{9 * D + 5, 1, 0, "k3", "c3", "brand", "k1", "Acme", "gl"},
	};
	ok(same(reopened, sizeof reopened / sizeof *reopened, D, &rc),
	   "conversations going on after they were closed, waiting requests answered later, "
	   "an acknowledgement kept: the same figures");
	ok(rc.closed >= 4 && rc.peak_waiting >= 2,
	   "closed while reading (%llu), waiting requests kept (%u)",
	   (unsigned long long)rc.closed, rc.peak_waiting);

	/* a record older than the window after the latest: counted as late */
	struct report *r = report_new(dims, 3);
	report_set_window(r, H, 1);
	add(r, &(struct m){10 * H, 0, 0, "a1", "c1", "anna", NULL, "Acme", NULL});
	add(r, &(struct m){2 * H, 0, 0, "b1", "c2", "bob", NULL, "Acme", NULL});
	add(r, &(struct m){10 * H, 0, 0, "a2", "c1", "anna", NULL, "Acme", NULL});
	report_counts(r, &rc);
	is_int(rc.late, 1, "a record two hours older than the latest, window 1 h: late");
	report_free(r);
}

/* One public thread with many customers: replies to each customer answer
 * that customer only; duplicates of a message id count once for lookups. */
static void big_thread(void)
{
	enum { N = 20000 };
	struct report *r = report_new(dims, 1);
	static char ids[2 * N][16], authors[N][16];

	for (int i = 0; i < N; i++) {
		snprintf(ids[i], sizeof ids[i], "q%d", i);
		snprintf(authors[i], sizeof authors[i], "u%d", i);
		add(r, &(struct m){i, 0, 0, ids[i], "thread", authors[i], NULL, "Acme", NULL});
	}
	for (int i = 0; i < N; i += 2) { /* every second customer answered, 100 s later */
		snprintf(ids[N + i], sizeof ids[N + i], "r%d", i);
		add(r, &(struct m){i + 100, 1, 0, ids[N + i], "thread", "brand", ids[i], "Acme",
				   NULL});
	}
	struct rep_group *g;
	size_t n;
	report_compute(r, &g, &n);
	is_int(g[0].requests, N, "a thread of %d customers: %d requests", N, N);
	is_int(g[0].answered, N / 2, "the addressed half answered");
	ok(g[0].frt_median == 100 && g[0].frt_p90 == 100, "each 100 s after its question");
	report_free(r);
}

/* Many conversations in time order, silent for a few records but not for
 * the window (each sweep puts them back in the rotation queue, again and
 * again), some going on after that (their queue entries go stale), some
 * silent longer than the window (closed from the queue): the figures of
 * keeping everything. */
static void rotation(void)
{
	enum { NC = 300, NM = 6000 };
	static struct m ms[NM];
	static char ids[NM][16], convs[NC][16], authors[NC][16];
	uint64_t x = 42;
	int64_t t = 0;
	struct rep_counts rc;

	for (int c = 0; c < NC; c++) {
		snprintf(convs[c], sizeof convs[c], "c%d", c);
		snprintf(authors[c], sizeof authors[c], "u%d", c);
	}
	for (int i = 0; i < NM; i++) {
		x = x * 6364136223846793005u + 1442695040888963407u;
		int c = (int)((x >> 33) % NC), out = (x >> 20) % 3 == 0;
		t += (int64_t)((x >> 40) % 120); /* a window of 2 h: 120 records or more */
		snprintf(ids[i], sizeof ids[i], "m%d", i);
		ms[i] = (struct m){t, out, (x >> 12) % 7 == 0, ids[i], convs[c],
				   out ? "brand" : authors[c], i && out ? ids[i - 1] : NULL,
				   c % 2 ? "Acme" : "Beta", out ? "kc" : NULL};
	}
	ok(same(ms, NM, 2 * H, &rc), "conversations queued and looked at again many times: "
	   "the same figures");
	ok(rc.closed >= NC / 2, "closed from the queue while reading (%llu)",
	   (unsigned long long)rc.closed);
}

int main(void)
{
	window_cases();
	big_thread();
	rotation();
	return tap_done();
}
