#include <string.h>
#include <time.h>

#include "buf.h"
#include "routecheck.h"

static const char *const assign_names[] = {"none", "round-robin", "least-open"};
static const char *const mode_names[] = {"", "public", "dm", "none"};

static void duration(int64_t s, struct buf *out)
{
	static const struct { int64_t n; char u; } units[] = {
		{604800, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'},
	};

	if (!s) {
		buf_puts(out, "0s");
		return;
	}
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (s >= units[i].n) {
			buf_printf(out, "%lld%c", (long long)(s / units[i].n), units[i].u);
			s %= units[i].n;
		}
}

/* "Mon 2026-12-07 08:00 Europe/Rome (2026-12-07T07:00:00Z)". */
static void when(const struct sc_schedule *s, struct sc_time t, struct buf *out)
{
	time_t local = (time_t)(t.sec + sc_sched_utc_offset(s, t.sec));
	char day[40], utc[SC_TIME_MAX];
	struct tm tm;

	gmtime_r(&local, &tm);
	strftime(day, sizeof day, "%a %Y-%m-%d %H:%M", &tm);
	sc_time_format((struct sc_time){t.sec, 0}, utc);
	buf_printf(out, "%s %s (%s)", day, sc_sched_tz(s), utc);
}

/* The name a schedule has in the file: its "schedules" key, or where it
 * was written inline ("queue 'x'"). */
static const char *sched_name(const struct route_cfg *c, const struct sc_schedule *s)
{
	for (int i = 0; i < c->nscheds; i++)
		if (c->scheds[i].s == s)
			return c->scheds[i].name;
	return "?";
}

static void schedule(const struct route_cfg *c, const struct sc_schedule *s, struct sc_time now,
		     struct buf *out)
{
	int64_t y, h;
	unsigned m, d;

	if (!s) {
		buf_puts(out, "always");
		return;
	}
	buf_printf(out, "%s: %s (%s", sched_name(c, s), sc_sched_hours(s), sc_sched_tz(s));
	if ((h = sc_sched_next_holiday(s, now)) >= 0) {
		sc_civil_from_days(h, &y, &m, &d);
		buf_printf(out, "; next holiday %04lld-%02u-%02u", (long long)y, m, d);
	}
	buf_putc(out, ')');
}

/* "open now", or when it opens next, or that it never does. */
static int opening(const struct sc_schedule *s, struct sc_time now, const char *open,
		   const char *opens, struct buf *out)
{
	struct sc_time t;

	if (!s || sc_sched_is_open(s, now)) {
		buf_puts(out, open);
		return 0;
	}
	t = sc_sched_next_open(s, now);
	if (t.sec == SC_SCHED_NEVER) {
		buf_puts(out, "never opens (within two years)");
		return 1;
	}
	buf_printf(out, "%s ", opens);
	when(s, t, out);
	return 0;
}

static int on_shift(const struct rc_agent *a, struct sc_time now)
{
	return !a->away && (!a->shift || sc_sched_is_open(a->shift, now));
}

static void queue_line(const struct route_cfg *c, const struct rc_queue *q, struct sc_time now,
		       struct buf *b)
{
	int n = 0;

	buf_printf(b, "  %s\n    agents:", q->name);
	for (int i = 0; i < q->nagents; i++)
		buf_printf(b, "%s %s", i ? "," : "", c->agents[q->agents[i]].name);
	if (!q->nagents)
		buf_puts(b, " none");
	buf_printf(b, " (assign %s, %s)\n    hours: ", assign_names[q->assign],
		   q->off_hours == OFF_HOURS_WAIT ? "off hours: wait" : "off hours: next shift");
	schedule(c, q->sched, now, b);
	buf_puts(b, "\n    sla: ");
	if (q->sla >= 0)
		duration(q->sla, b);
	else if (c->default_sla >= 0) {
		duration(c->default_sla, b);
		buf_puts(b, " (the default)");
	} else
		buf_puts(b, "none");
	buf_puts(b, "\n    now: ");
	opening(q->sched, now, "open", "closed, opens", b);
	buf_puts(b, "; on shift:");
	for (int i = 0; i < q->nagents; i++)
		if (on_shift(&c->agents[q->agents[i]], now))
			buf_printf(b, "%s %s", n++ ? "," : "", c->agents[q->agents[i]].name);
	if (!n)
		buf_puts(b, " nobody");
	buf_putc(b, '\n');
}

static void agent_line(const struct route_cfg *c, int ai, struct sc_time now, struct buf *b)
{
	const struct rc_agent *a = &c->agents[ai];
	int n = 0;

	buf_printf(b, "  %s%s\n    shift: ", a->name, a->away ? " (away)" : "");
	schedule(c, a->shift, now, b);
	buf_puts(b, "\n    languages:");
	for (int i = 0; i < a->nlangs; i++)
		buf_printf(b, "%s %s", i ? "," : "", a->langs[i]);
	if (!a->nlangs)
		buf_puts(b, " any");
	if (a->max_open)
		buf_printf(b, "; at most %ld open cases", a->max_open);
	buf_puts(b, "\n    queues:");
	for (int q = 0; q < c->nqueues; q++)
		for (int i = 0; i < c->queues[q].nagents; i++)
			if (c->queues[q].agents[i] == ai)
				buf_printf(b, "%s %s", n++ ? "," : "", c->queues[q].name);
	if (!n)
		buf_puts(b, " none");
	buf_puts(b, "\n    now: ");
	if (a->away)
		buf_puts(b, "away");
	else
		opening(a->shift, now, "on shift", "off shift, next shift", b);
	buf_putc(b, '\n');
}

static void rule_line(const struct route_cfg *c, int i, struct buf *b)
{
	const struct rc_rule *r = &c->rules[i];

	buf_printf(b, "  %d. %s%s:", i + 1, r->src->name, r->src->cont ? " (continue)" : "");
	if (r->queue >= 0)
		buf_printf(b, " queue %s", c->queues[r->queue].name);
	if (r->mode != MODE_UNSET)
		buf_printf(b, " mode %s", mode_names[r->mode]);
	if (r->priority)
		buf_printf(b, " priority %d", r->priority);
	if (r->sla >= 0) {
		buf_puts(b, " sla ");
		duration(r->sla, b);
	}
	buf_putc(b, '\n');
}

/* What loads but cannot work as meant. */
static int warnings(const struct route_cfg *c, struct sc_time now, struct buf *b)
{
	int n = 0;

	for (int a = 0; a < c->nagents; a++) {
		int in = 0;
		for (int q = 0; q < c->nqueues && !in; q++)
			for (int i = 0; i < c->queues[q].nagents; i++)
				in |= c->queues[q].agents[i] == a;
		if (!in && ++n)
			buf_printf(b, "  agent '%s' is in no queue: no case will go to them\n",
				   c->agents[a].name);
		if (c->agents[a].shift && sc_sched_next_open(c->agents[a].shift, now).sec == SC_SCHED_NEVER &&
		    ++n)
			buf_printf(b, "  agent '%s': the shift never starts (within two years)\n",
				   c->agents[a].name);
	}
	for (int q = 0; q < c->nqueues; q++) {
		const struct rc_queue *x = &c->queues[q];
		if (x->sched && sc_sched_next_open(x->sched, now).sec == SC_SCHED_NEVER && ++n)
			buf_printf(b, "  queue '%s': never opens (within two years): no due time\n", x->name);
	}
	if (c->default_queue < 0 && ++n)
		buf_puts(b, "  no default queue: a record no rule sends to a queue gets none\n");
	return n;
}

int routecheck_print(FILE *f, const struct route_cfg *c, struct sc_time now)
{
	struct buf b = BUF_INIT, w = BUF_INIT;
	char at[SC_TIME_MAX];
	int nw;

	sc_time_format((struct sc_time){now.sec, 0}, at);
	buf_printf(&b, "%s: valid: %d queue%s, %d agent%s, %d schedule%s, %d rule%s; as of %s\n",
		   c->path, c->nqueues, c->nqueues == 1 ? "" : "s", c->nagents,
		   c->nagents == 1 ? "" : "s", c->nscheds, c->nscheds == 1 ? "" : "s", c->nrules,
		   c->nrules == 1 ? "" : "s", at);
	buf_puts(&b, "\nqueues:\n");
	for (int q = 0; q < c->nqueues; q++)
		queue_line(c, &c->queues[q], now, &b);
	buf_puts(&b, "\nagents:\n");
	for (int a = 0; a < c->nagents; a++)
		agent_line(c, a, now, &b);
	buf_puts(&b, "\nrules (in order; the first match decides, after any \"continue\" ones):\n");
	for (int i = 0; i < c->nrules; i++)
		rule_line(c, i, &b);
	buf_printf(&b, "\ndefaults: queue %s, sla ",
		   c->default_queue >= 0 ? c->queues[c->default_queue].name : "none");
	if (c->default_sla >= 0)
		duration(c->default_sla, &b);
	else
		buf_puts(&b, "none");
	if (c->customer_days)
		buf_printf(&b, "; a customer keeps their owner for %lld days",
			   (long long)c->customer_days);
	buf_putc(&b, '\n');
	nw = warnings(c, now, &w);
	if (nw)
		buf_printf(&b, "\nwarnings:\n%.*s", (int)w.len, w.p);
	fwrite(b.p, 1, b.len, f);
	buf_free(&b);
	buf_free(&w);
	return nw;
}
