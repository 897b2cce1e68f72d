/* report.c: the pairing rules of sc-report(1), one case each. */
#include <math.h>
#include <stdlib.h>

#include "report.h"
#include "tap.h"

static struct report *rep;

static struct rep_str S(const char *s)
{
	return (struct rep_str){s, s ? strlen(s) : 0};
}

/* msg(t, out, id, conv, author, reply_to, account) */
static void msg(int64_t t, int out, const char *id, const char *conv, const char *author,
		const char *reply_to, const char *account, int flags)
{
	struct rep_msg m = {0};

	m.t = t, m.out = out, m.autoack = flags & 1, m.complaint = !!(flags & 2), m.vip = !!(flags & 4);
	m.id = S(id), m.conv = S(conv), m.author = S(author), m.reply_to = S(reply_to);
	m.key[RD_ACCOUNT] = S(account);
	report_add(rep, &m);
}

static const struct rep_group *compute(size_t *n)
{
	struct rep_group *g;

	report_compute(rep, &g, n);
	return g;
}

int main(void)
{
	int dims[] = {RD_ACCOUNT};
	const struct rep_group *g;
	size_t n;

	/* two messages before the answer: one request, timed from the first */
	rep = report_new(dims, 1);
	msg(1000, 0, "a1", "c", "anna", NULL, "Acme", 0);
	msg(1600, 0, "a2", "c", "anna", "a1", "Acme", 0);
	msg(4600, 1, "r1", "c", "brand", "a2", "Acme", 0);
	g = compute(&n);
	is_int(n, 1, "one group");
	is_int(g[0].inbound, 2, "two inbound messages");
	is_int(g[0].requests, 1, "make one request");
	is_int(g[0].answered, 1, "answered");
	ok(g[0].frt_median == 3600, "timed from the first message: %g", g[0].frt_median);
	is_int(g[0].within[0], 1, "within 1 h (inclusive)");
	report_free(rep);

	/* a reply to another customer does not answer; an ack does not either */
	rep = report_new(dims, 1);
	msg(0, 0, "a1", "c", "anna", NULL, "Acme", 2 | 4);
	msg(10, 0, "b1", "c", "bob", "a1", "Acme", 0);
	msg(20, 1, "ack", "c", "brand", "a1", "Acme", 1);
	msg(30, 1, "r1", "c", "brand", "b1", "Acme", 0);
	g = compute(&n);
	is_int(g[0].requests, 2, "two customers, two requests");
	is_int(g[0].answered, 1, "only bob's is answered");
	is_int(g[0].acknowledged, 1, "anna's was acknowledged");
	is_int(g[0].backlog, 1, "anna's waits");
	is_int(g[0].complaints_unanswered, 1, "an unanswered complaint");
	is_int(g[0].vip_unanswered, 1, "from a VIP");
	is_int(g[0].oldest_waiting_since, 0, "waiting since her message");
	report_free(rep);

	/* a DM reply to nothing known answers the waiting customer; a reply
	 * stamped before its question counts as 0; a later message opens anew */
	rep = report_new(dims, 1);
	msg(100, 0, "d1", "dm", "carl", NULL, "Acme", 0);
	msg(160, 1, "d2", "dm", "brand", NULL, "Acme", 0);
	msg(500, 0, "d3", "dm", "carl", NULL, "Acme", 0);
	msg(400, 1, "d4", "dm", "brand", "d3", "Acme", 0);
	g = compute(&n);
	is_int(g[0].requests, 2, "two requests in the DM");
	is_int(g[0].answered, 2, "both answered");
	ok(g[0].frt_median == 30 && g[0].frt_p90 == 60, "60 s and the skewed 0 s: median %g, p90 %g",
	   g[0].frt_median, g[0].frt_p90);
	report_free(rep);

	/* groups come sorted by key; a request belongs to its first message's group */
	rep = report_new(dims, 1);
	msg(0, 0, "x1", "k1", "u", NULL, "Zeta", 0);
	msg(0, 0, "y1", "k2", "v", NULL, "Alpha", 0);
	msg(50, 1, "y2", "k2", "brand", "y1", "Alpha", 0);
	g = compute(&n);
	is_int(n, 2, "two groups");
	is_str(g[0].key[RD_ACCOUNT], "Alpha", "sorted: Alpha first");
	is_str(g[1].key[RD_ACCOUNT], "Zeta", "then Zeta");
	ok(isnan(g[1].frt_median), "no answer: no median");
	report_free(rep);
	/* a message that needs no reply starts no request, but joins an open one */
	rep = report_new(dims, 1);
	{
		struct rep_msg m = {0};
		m.t = 0, m.id = S("x:1"), m.conv = S("c"), m.author = S("anna"), m.noreply = 1;
		m.key[RD_ACCOUNT] = S("Acme");
		report_add(rep, &m);               /* "thanks for the great service" */
		m.t = 10, m.id = S("x:2"), m.noreply = 0;
		report_add(rep, &m);               /* a question */
		m.t = 20, m.id = S("x:3"), m.noreply = 1, m.complaint = 1;
		report_add(rep, &m);               /* "please!!", needing no reply of its own */
		report_add(rep, &m);               /* the same record read twice */
	}
	g = compute(&n);
	ok(g[0].inbound == 3 && g[0].requests == 1 && g[0].backlog == 1 &&
	   g[0].complaints_unanswered == 1, "one request: the thanks alone is none, the later "
	   "message joins it (its flags too), the copy counts once");
	report_free(rep);

	/* sc-reply's sent record answers; the fetched post is the same message */
	for (int fetched = 0; fetched < 3; fetched++) {
		rep = report_new(dims, 1);
		report_set_all_messages(rep, 1);
		struct rep_msg m = {0};
		m.t = 1000, m.id = S("x:1"), m.conv = S("c"), m.author = S("anna");
		m.key[RD_ACCOUNT] = S("Acme");
		if (fetched == 2)
			msg(1290, 1, "x:99", "c", "brand", "x:1", "Acme", 0); /* before */
		m.sent_id = S("99"), m.sent_t = 1300;
		report_add(rep, &m);
		if (fetched == 1)
			msg(1290, 1, "x:99", "c", "brand", "x:1", "Acme", 0);
		g = compute(&n);
		ok(g[0].outbound == 1 && g[0].answered == 1 &&
		   g[0].frt_median == (fetched ? 290 : 300),
		   "a sent reply answers once, timed by the fetched copy when there is one (%d: %g)",
		   fetched, g[0].frt_median);
		report_free(rep);
	}

	/* the partial round trip gives the same figures */
	struct buf b = BUF_INIT;
	rep = report_new(dims, 1);
	struct rep_msg pm[3] = {{0}};
	pm[0].t = 0, pm[0].id = S("x1"), pm[0].conv = S("k1"), pm[0].author = S("u");
	pm[1].t = 0, pm[1].id = S("y1"), pm[1].conv = S("k2"), pm[1].author = S("v");
	pm[2].t = 50, pm[2].out = 1, pm[2].id = S("y2"), pm[2].conv = S("k2"), pm[2].author = S("brand");
	pm[2].reply_to = S("y1");
	pm[0].key[RD_ACCOUNT] = S("Zeta"), pm[1].key[RD_ACCOUNT] = pm[2].key[RD_ACCOUNT] = S("Alpha");
	pm[0].due = 50, pm[0].sent_id = S("77"), pm[0].sent_t = 45; /* answered in time */
	pm[1].due = 30;                                             /* answered late */
	for (int i = 0; i < 3; i++)
		report_write_event(rep, &pm[i], &b);
	struct report *r2 = report_new(dims, 1);
	int64_t t;
	int bad = 0;
	for (char *s = b.p, *e; s < b.p + b.len; s = e + 1) {
		e = memchr(s, '\n', (size_t)(b.p + b.len - s));
		bad += report_add_partial(r2, s, (size_t)(e - s), &t) != 0;
	}
	is_int(bad, 0, "every partial line reads back");
	struct rep_group *g2;
	size_t n2;
	report_compute(r2, &g2, &n2);
	ok(n2 == 2 && g2[0].answered == 1 && g2[0].frt_median == 50, "same figures after the round trip");
	ok(g2[0].sla_due == 1 && g2[0].sla_met == 0 && g2[1].answered == 1 && g2[1].outbound == 1 &&
	   g2[1].frt_median == 45 && g2[1].sla_due == 1 && g2[1].sla_met == 1,
	   "due times and sc-reply's sent replies survive the round trip");
	ok(report_add_partial(r2, "{\"x\":1}", 7, &t) == -1, "a line that is no event is refused");
	report_free(r2);
	report_free(rep);
	buf_free(&b);
	return tap_done();
}
