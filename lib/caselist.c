#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "caselist.h"
#include "diag.h"
#include "jsonw.h"
#include "report_out.h"
#include "table.h"

static const char *const head[] = {"case", "state", "customer", "network", "channel", "lang",
				   "intent", "prio", "queue", "owner", "waited", "due", "late",
				   "last message"};
enum { NCOLS = sizeof head / sizeof head[0] };
/* Left out of a narrow table in this order: what the agent needs least to
 * choose the next case (channel, network, language, queue, intent, then
 * the owner and the wait, which the due time and OVERDUE stand for). */
static const int narrow_drop[] = {4, 3, 5, 8, 6, 9, 10};

struct run {
	FILE *out;
	const struct caselist *cl;
	struct table t;
	struct buf line, text;
	size_t n;
};

void caselist_local(const struct sc_schedule *zone, int64_t utc, int iso, char *out)
{
	static const char *const wd[7] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
	int32_t off = sc_sched_utc_offset(zone, utc);
	int64_t t = utc + off, days = t >= 0 ? t / 86400 : (t - 86399) / 86400, s = t - days * 86400;
	int64_t y;
	unsigned m, d;

	sc_civil_from_days(days, &y, &m, &d);
	if (iso)
		snprintf(out, SC_TIME_MAX, "%04lld-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", (long long)y, m, d,
			 (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60), off < 0 ? '-' : '+',
			 (int)((off < 0 ? -off : off) / 3600), (int)((off < 0 ? -off : off) / 60 % 60));
	else
		snprintf(out, SC_TIME_MAX, "%s %02u-%02u %02d:%02d", wd[((days % 7) + 7) % 7], m, d,
			 (int)(s / 3600), (int)(s / 60 % 60));
}

/* Seconds since 1970 of a stored time, or -1 when there is none. */
static int64_t stored(const char *s)
{
	struct sc_time t;
	const char *why;

	return s && !sc_time_parse(s, strlen(s), &t, &why) ? t.sec : -1;
}

/* A case's place in its life (sc-state(5)). */
static const char *state_of(const struct sc_case_row *c)
{
	return !c->open ? "closed" : c->waiting_since ? "waiting" : "answered";
}

/* A text on one line, cut at max characters (UTF-8) with "…": a table
 * cell. */
static void one_line(const char *s, size_t max, struct buf *out)
{
	size_t chars = 0;

	buf_reset(out);
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch & 0xc0) != 0x80 && chars++ == max) {
			buf_puts(out, "…");
			break;
		}
		buf_putc(out, ch < 0x20 ? ' ' : (char)ch);
	}
	buf_cstr(out);
}

static void one_json(struct run *u, const struct sc_case_row *c, int64_t waited,
		     const char *due_local, int late)
{
	struct jsonw w;

	buf_reset(&u->line);
	jw_begin(&w, &u->line);
	jw_int(&w, "case", c->id);
	jw_cstr(&w, "conversation_id", c->conversation_id);
	jw_cstr(&w, "customer", c->handle ? c->handle : c->customer);
	jw_cstr(&w, "customer_id", c->customer);
	jw_cstr(&w, "network", c->source);
	jw_cstr(&w, "account", c->account);
	jw_cstr(&w, "channel", c->channel);
	jw_cstr(&w, "lang", c->lang);
	jw_cstr(&w, "intent", c->intent);
	jw_int(&w, "priority", c->priority);
	jw_bool(&w, "vip", c->vip);
	jw_bool(&w, "complaint", c->complaint);
	jw_cstr(&w, "queue", c->queue);
	jw_cstr(&w, "assignee", c->assignee);
	jw_cstr(&w, "state", state_of(c));
	jw_cstr(&w, "waiting_since", c->waiting_since);
	if (waited >= 0)
		jw_int(&w, "waited", waited);
	else
		jw_null(&w, "waited");
	jw_cstr(&w, "due", c->due_at);
	jw_cstr(&w, "due_local", due_local);
	jw_bool(&w, "overdue", late);
	jw_cstr(&w, "last_message", c->last_text);
	jw_end(&w);
	buf_putc(&u->line, '\n');
	if (fwrite(u->line.p, 1, u->line.len, u->out) != u->line.len)
		sc_flush_stdout(); /* a closed pipe ends the listing now */
}

static void one(void *ctx, const struct sc_case_row *c)
{
	struct run *u = ctx;
	const struct caselist *cl = u->cl;
	int64_t due = stored(c->due_at), since = stored(c->waiting_since);
	int64_t waited = since < 0 ? -1 : cl->now.sec > since ? cl->now.sec - since : 0;
	int late = due >= 0 && due < cl->now.sec;
	char id[24], prio[8], wait[32], local[SC_TIME_MAX] = "";

	if (due >= 0)
		caselist_local(cl->zone, due, cl->format != CL_TABLE, local);
	u->n++;
	if (cl->format == CL_JSON) {
		one_json(u, c, waited, due >= 0 ? local : NULL, late);
		return;
	}
	snprintf(id, sizeof id, "%lld", (long long)c->id);
	snprintf(prio, sizeof prio, "%d", c->priority);
	if (waited >= 0)
		report_duration((double)waited, wait, sizeof wait);
	else
		wait[0] = '\0';
	if (cl->format == CL_TABLE)
		one_line(c->last_text, (size_t)(cl->width > 0 ? cl->width : 80), &u->text);
	const char *row[NCOLS] = {
		id, state_of(c), c->handle ? c->handle : c->customer, c->source, c->channel, c->lang,
		c->intent, prio, c->queue, c->assignee, wait, local,
		late ? (cl->format == CL_TABLE ? "OVERDUE" : "yes") : (cl->format == CL_TABLE ? "" : "no"),
		cl->format == CL_TABLE ? u->text.p : c->last_text,
	};
	table_add(&u->t, row);
}

size_t caselist_print(FILE *out, struct sc_state *st, const struct sc_case_filter *f,
		      const struct caselist *cl)
{
	struct run u = {out, cl, {0}, BUF_INIT, BUF_INIT, 0};

	table_init(&u.t, head, NCOLS);
	sc_cases_list(st, f, one, &u);
	if (cl->format == CL_TABLE)
		table_print_fit(out, &u.t, cl->width > 0 ? cl->width : 80, narrow_drop,
				(int)(sizeof narrow_drop / sizeof *narrow_drop));
	else if (cl->format == CL_CSV)
		table_csv(out, &u.t);
	table_free(&u.t);
	buf_free(&u.line);
	buf_free(&u.text);
	return u.n;
}

struct show {
	FILE *out;
	int owners;      /* the owners' heading is written */
};

static void show_card(void *ctx, const struct sc_case_row *c)
{
	FILE *out = ((struct show *)ctx)->out;

	fprintf(out, "case %lld  %s", (long long)c->id, state_of(c));
	if (!c->open)
		fprintf(out, " (%s %s)", c->closed_by && !strcmp(c->closed_by, "quiet")
			? "closed after the quiet time" : "resolved", c->closed_at ? c->closed_at : "?");
	fprintf(out, "\nconversation %s on %s %s, account %s\n", c->conversation_id,
		c->source ? c->source : "-", c->channel ? c->channel : "-", c->account ? c->account : "-");
	fprintf(out, "customer %s%s%s, lang %s, intent %s, priority %d%s%s\n",
		c->handle ? c->handle : c->customer ? c->customer : "-", c->handle && c->customer ? " " : "",
		c->handle && c->customer ? c->customer : "", c->lang ? c->lang : "-",
		c->intent ? c->intent : "-", c->priority, c->vip ? ", VIP" : "",
		c->complaint ? ", complaint" : "");
	fprintf(out, "queue %s, owner %s\nopened %s, waiting since %s, due %s, answered %s\n",
		c->queue ? c->queue : "-", c->assignee ? c->assignee : "-", c->opened_at,
		c->waiting_since ? c->waiting_since : "-", c->due_at ? c->due_at : "-",
		c->answered_at ? c->answered_at : "-");
	fputs("\nconversation:\n", out);
}

static void show_message(void *ctx, const char *at, const char *direction, int needs_reply,
			 const char *author, const char *text, const char *record_id)
{
	FILE *out = ((struct show *)ctx)->out;

	fprintf(out, "  %s %-3s %s %s (%s): %s\n", at, direction,
		direction[0] == 'i' && !needs_reply ? "-" : " ", author ? author : "?", record_id,
		text ? text : "");
}

static void show_owner(void *ctx, const char *at, const char *assignee, const char *why)
{
	struct show *sh = ctx;
	FILE *out = sh->out;

	if (!sh->owners++)
		fputs("\nowners:\n", out);
	fprintf(out, "  %s %s: %s\n", at, assignee ? assignee : "(queue)", why ? why : "");
}

int caselist_show(FILE *out, struct sc_state *st, int64_t case_id)
{
	struct show sh = {out, 0};
	struct sc_case_history h = {&sh, show_card, show_message, show_owner};

	return sc_case_show(st, case_id, &h);
}

const char *caselist_me(const struct route_cfg *cfg)
{
	const char *a = getenv("SC_AGENT"), *u = getenv("USER");

	if (a && *a)
		return a;
	if (cfg && u && *u && routecfg_agent(cfg, u) >= 0)
		return u;
	return NULL;
}

const char *caselist_zone(const char *tz, const struct route_cfg *cfg, const char *agent)
{
	const char *env = getenv("TZ");
	int a = cfg && agent ? routecfg_agent(cfg, agent) : -1;

	if (tz)
		return tz;
	if (a >= 0 && cfg->agents[a].tz)
		return cfg->agents[a].tz;
	if (a >= 0 && cfg->agents[a].shift)
		return sc_sched_tz(cfg->agents[a].shift);
	if (env && *env)
		return *env == ':' ? env + 1 : env;
	return "UTC";
}

int caselist_width(int width)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	long n;

	if (width > 0)
		return width;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	n = c ? strtol(c, NULL, 10) : 0;
	return n > 0 && n < 100000 ? (int)n : 80;
}
