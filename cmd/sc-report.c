/* sc-report: the figures that tell a care team how it is doing.
 *
 *   sc-report [OPTION]... [FILE]...            records in, figures out
 *   sc-report --partial [OPTION]... [FILE]...  records in, a mergeable part out
 *   sc-report --merge [OPTION]... PART...      parts in, the same figures out
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "opt.h"
#include "record.h"
#include "report.h"
#include "report_out.h"
#include "rules.h"
#include "schedule.h"
#include "sctime.h"

enum { O_BY = 'b', O_WHERE = 'w', O_FORMAT = 'f', O_VERBOSE = 'v', O_TZ = 0x100, O_NOW,
       O_COVERAGE, O_PARTIAL, O_MERGE, O_STRICT, O_TITLE, O_HOURS, O_HOLIDAY, O_WINDOW };

static const struct sc_opt opts[] = {
	{"by", O_BY, "LIST", "group by these, comma-separated (default: account)"},
	{"where", O_WHERE, "EXPR", "only records for which the jq EXPR is true"},
	{"format", O_FORMAT, "FMT", "table, json, csv or html (default: table on a terminal, else json)"},
	{"tz", O_TZ, "ZONE", "time zone of day, week, hour, weekday and --hours (default: UTC)"},
	{"hours", O_HOURS, "SPEC", "business hours, e.g. \"Mon-Fri 09:00-21:00\": also time them in open hours"},
	{"holiday", O_HOLIDAY, "DATE", "a closed day (YYYY-MM-DD) for --hours (repeatable)"},
	{"now", O_NOW, "TIME", "waiting times up to TIME (default: the latest record)"},
	{"window", O_WINDOW, "DURATION", "close a conversation silent this long, or 'none' (default: 7d)"},
	{"coverage", O_COVERAGE, NULL, "show inbound volume and answers by weekday and hour"},
	{"partial", O_PARTIAL, NULL, "write a partial result for --merge instead of figures"},
	{"merge", O_MERGE, NULL, "read partial results, not records"},
	{"title", O_TITLE, "TEXT", "title of the html page"},
	{"strict", O_STRICT, NULL, "stop at the first bad record"},
	{"verbose", O_VERBOSE, NULL, "report counts on stderr"},
	{0},
};

static const struct sc_cmd cmd = {
	"sc-report", "[OPTION]... [FILE]...",
	"Response rates, first-response times, volume and backlog from sc records.",
	opts,
	"LIST: account, agent, queue, topic, lang, intent, channel, day, week, hour, weekday.\n"
	"Without FILE, or when FILE is -, standard input is read.\n",
};

/* Object keys, made once: a lookup then costs a reference count, not an
 * allocation (this loop runs per record). */
enum { K_CREATED, K_DIRECTION, K_ID, K_CONV, K_REPLY_TO, K_AUTHOR, K_AUTHOR_ID, K_HANDLE,
       K_AUTO, K_REPLY, K_KIND, K_CLASS, K_INTENT, K_COMPLAINT, K_VIP, K_VERIFIED,
       K_FOLLOWERS, K_ACCOUNT, K_AGENT, K_ROUTE, K_ASSIGNEE, K_QUEUE, K_TOPIC, K_LANG,
       K_CHANNEL, K_N };
static const char *const key_names[K_N] = {
	"created_at", "direction", "id", "conversation_id", "in_reply_to", "author", "id", "handle",
	"auto", "reply", "kind", "class", "intent", "complaint", "vip", "verified",
	"followers", "account", "agent", "route", "assignee", "queue", "topic", "lang",
	"channel",
};
static jv keys[K_N];

/* rec[a] or rec[a][b] (b < 0: none), a new reference. */
static jv at(jv rec, int a, int b)
{
	jv v = jv_object_get(jv_copy(rec), jv_copy(keys[a]));

	if (b < 0)
		return v;
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		jv_free(v);
		return jv_null();
	}
	return jv_object_get(v, jv_copy(keys[b]));
}

/* A string field. Its bytes belong to rec, which outlives the use. */
static struct rep_str str_at(jv rec, int a, int b)
{
	jv v = at(rec, a, b);
	struct rep_str s = {NULL, 0};

	if (jv_get_kind(v) == JV_KIND_STRING) {
		s.p = jv_string_value(v);
		s.n = (size_t)jv_string_length_bytes(jv_copy(v));
	}
	jv_free(v);
	return s;
}

static int is_true(jv rec, int a, int b)
{
	jv v = at(rec, a, b);
	int t = jv_get_kind(v) == JV_KIND_TRUE;

	jv_free(v);
	return t;
}

static double number_at(jv rec, int a, int b)
{
	jv v = at(rec, a, b);
	double x = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : -1;

	jv_free(v);
	return x;
}

/* One record into the report (or, with part, into the partial result);
 * returns -1 (reported) when it cannot be used. */
static int add_record(struct report *rep, struct recin *in, int64_t *latest, struct buf *part)
{
	jv rec = in->v;
	struct rep_msg m = {0};
	struct sc_time t;
	const char *why;
	int rc = -1;

	struct rep_str ts = str_at(rec, K_CREATED, -1);
	struct rep_str dir = str_at(rec, K_DIRECTION, -1);
	m.id = str_at(rec, K_ID, -1);
	if (!m.id.p)
		recin_bad(in, "no id");
	else if (!ts.p || sc_time_parse(ts.p, ts.n, &t, &why))
		recin_bad(in, "%.*s: no usable created_at", (int)m.id.n, m.id.p);
	else if (!dir.p || (dir.n != 2 && dir.n != 3))
		recin_bad(in, "%.*s: direction is not in or out", (int)m.id.n, m.id.p);
	else {
		m.t = t.sec;
		m.out = dir.n == 3;
		m.conv = str_at(rec, K_CONV, -1);
		m.reply_to = str_at(rec, K_REPLY_TO, -1);
		m.author = str_at(rec, K_AUTHOR, K_AUTHOR_ID);
		if (!m.author.p)
			m.author = str_at(rec, K_AUTHOR, K_HANDLE);
		m.autoack = is_true(rec, K_AUTO, -1);
		struct rep_str kind = str_at(rec, K_REPLY, K_KIND);
		if (kind.p && kind.n == 3 && memcmp(kind.p, "ack", 3) == 0)
			m.autoack = 1;
		struct rep_str intent = str_at(rec, K_CLASS, K_INTENT);
		m.complaint = is_true(rec, K_CLASS, K_COMPLAINT) ||
			      (intent.p && intent.n == 9 && memcmp(intent.p, "complaint", 9) == 0);
		m.vip = is_true(rec, K_CLASS, K_VIP) || is_true(rec, K_AUTHOR, K_VERIFIED) ||
			number_at(rec, K_AUTHOR, K_FOLLOWERS) >= 10000;
		m.key[RD_ACCOUNT] = str_at(rec, K_ACCOUNT, -1);
		m.key[RD_AGENT] = m.out ? str_at(rec, K_REPLY, K_AGENT) : str_at(rec, K_ROUTE, K_ASSIGNEE);
		m.key[RD_QUEUE] = str_at(rec, K_ROUTE, K_QUEUE);
		m.key[RD_TOPIC] = str_at(rec, K_CLASS, K_TOPIC);
		m.key[RD_LANG] = str_at(rec, K_CLASS, K_LANG);
		if (!m.key[RD_LANG].p)
			m.key[RD_LANG] = str_at(rec, K_LANG, -1);
		m.key[RD_INTENT] = intent;
		m.key[RD_CHANNEL] = str_at(rec, K_CHANNEL, -1);
		m.private = m.key[RD_CHANNEL].n == 7 && memcmp(m.key[RD_CHANNEL].p, "private", 7) == 0;
		if (part)
			report_write_event(rep, &m, part);
		else
			report_add(rep, &m);
		if (m.t > *latest)
			*latest = m.t;
		rc = 0;
	}
	return rc;
}

/* glibc takes any TZ and silently falls back to UTC: check the zone file. */
static int known_zone(const char *z)
{
	char path[512];

	if (strcmp(z, "UTC") == 0)
		return 1;
	if (!*z || z[0] == '/' || strstr(z, ".."))
		return 0;
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", z);
	return access(path, R_OK) == 0;
}

static int64_t business(void *ctx, int64_t from, int64_t to)
{
	return sc_sched_business_between(ctx, (struct sc_time){from, 0}, (struct sc_time){to, 0});
}

/* A --where error: the record counts as left out, the first few are said. */
struct where_err {
	struct recin *in;
	unsigned long n;
};

static void where_error(void *ctx, int rule, const char *msg)
{
	struct where_err *we = ctx;

	(void)rule;
	if (we->n++ < 10)
		sc_warn_at(recin_file(we->in), recin_line(we->in), "--where: %s", msg);
}

static int parse_by(const char *list, int *dims)
{
	int n = 0;

	for (const char *s = list; *s;) {
		size_t len = strcspn(s, ",");
		int d = rep_dim_by_name(s, len);
		if (d < 0 || n == RD_N)
			sc_usage_error(&cmd, "--by: unknown dimension '%.*s'", (int)len, s);
		for (int i = 0; i < n; i++)
			if (dims[i] == d)
				sc_usage_error(&cmd, "--by: '%.*s' given twice", (int)len, s);
		dims[n++] = d;
		s += len + (s[len] == ',');
	}
	if (!n)
		sc_usage_error(&cmd, "--by: no dimension given");
	return n;
}

int main(int argc, char **argv)
{
	int dims[RD_N], ndims = 1, format = -1, coverage = 0, partial = 0, merge = 0, strict = 0;
	const char *where = NULL, *title = "sc-report", *hours = NULL, *holidays[64];
	int nholidays = 0;
	struct sc_schedule *sched = NULL;
	int64_t now = INT64_MIN, latest = INT64_MIN, window = REP_WINDOW_DEFAULT;
	struct rule_set *wp = NULL;
	struct rule_src where_rule = {"where", NULL, 0};
	struct buf err = BUF_INIT;
	struct recin in;
	char *arg;
	int c;

	sc_init("sc-report");
	for (int k = 0; k < K_N; k++)
		keys[k] = jv_string(key_names[k]);
	dims[0] = RD_ACCOUNT;
	while ((c = sc_getopt(argc, argv, &cmd, &arg)) != -1) {
		switch (c) {
		case O_BY: ndims = parse_by(arg, dims); break;
		case O_WHERE: where = arg; break;
		case O_FORMAT:
			format = !strcmp(arg, "table") ? RF_TABLE : !strcmp(arg, "json") ? RF_JSON
			       : !strcmp(arg, "csv") ? RF_CSV : !strcmp(arg, "html") ? RF_HTML : -2;
			if (format == -2)
				sc_usage_error(&cmd, "--format: '%s' is not table, json, csv or html", arg);
			break;
		case O_TZ:
			if (!known_zone(arg))
				sc_usage_error(&cmd, "--tz: unknown time zone '%s'", arg);
			setenv("TZ", arg, 1);
			break;
		case O_NOW: {
			struct sc_time t;
			const char *why;
			if (sc_time_parse(arg, strlen(arg), &t, &why))
				sc_usage_error(&cmd, "--now: '%s': %s", arg, why);
			now = t.sec;
			break;
		}
		case O_HOURS: hours = arg; break;
		case O_WINDOW: {
			const char *why;
			if (strcmp(arg, "none") == 0)
				window = -1;
			else if (sc_duration_parse(arg, &window, &why))
				sc_usage_error(&cmd, "--window: '%s': %s", arg, why);
			break;
		}
		case O_HOLIDAY:
			if (nholidays == 64)
				sc_usage_error(&cmd, "too many --holiday options");
			holidays[nholidays++] = arg;
			break;
		case O_COVERAGE: coverage = 1; break;
		case O_PARTIAL: partial = 1; break;
		case O_MERGE: merge = 1; break;
		case O_TITLE: title = arg; break;
		case O_STRICT: strict = 1; break;
		case O_VERBOSE: sc_verbose = 1; break;
		}
	}
	if (!getenv("TZ"))
		setenv("TZ", "UTC", 1);
	tzset();
	if (format < 0)
		format = isatty(1) ? RF_TABLE : RF_JSON;
	if (where) { /* one rule of the shared rule engine (lib/rules) */
		where_rule.expr = where;
		if (!(wp = rules_compile(&where_rule, 1, 0, &err)))
			sc_die(SC_EXIT_CONFIG, "--where: %s", err.p);
	}
	if (nholidays && !hours)
		sc_usage_error(&cmd, "--holiday needs --hours");
	if (hours) {
		if (!(sched = sc_sched_new(hours, getenv("TZ"), &err)))
			sc_usage_error(&cmd, "--hours: %s", err.p);
		for (int i = 0; i < nholidays; i++)
			if (sc_sched_holiday(sched, holidays[i], &err))
				sc_usage_error(&cmd, "--holiday: %s", err.p);
	}

	struct report *rep = report_new(dims, ndims);
	struct buf part = BUF_INIT;
	unsigned long skipped = 0;
	report_set_window(rep, window, REP_IDLE_RECORDS);
	if (sched)
		report_set_business(rep, business, sched);
	struct where_err we = {&in, 0};
	int progress = isatty(2);
	recin_open(&in, argv + sc_optind, argc - sc_optind, strict);
	while (recin_next(&in)) {
		if (merge) {
			int64_t t;
			if (report_add_partial(rep, in.line, in.len, &t)) {
				recin_bad(&in, "not a line of a partial result (sc-report --partial)");
				continue;
			}
			if (t > latest)
				latest = t;
			if (partial) { /* parts of parts */
				buf_put(&part, in.line, in.len);
				buf_putc(&part, '\n');
			}
		} else if (wp) {
			int m;
			if (rules_eval(wp, in.v, &m, 1, where_error, &we) == 0) {
				skipped++;
				continue;
			}
		}
		if (!merge)
			add_record(rep, &in, &latest, partial ? &part : NULL);
		if (part.len >= 65536) { /* a part streams: nothing is kept */
			fwrite(part.p, 1, part.len, stdout);
			buf_reset(&part);
		}
		if (progress && in.n % 100000 == 0)
			fprintf(stderr, "\rsc-report: %lu records", in.n);
	}
	if (progress && in.n >= 100000)
		fprintf(stderr, "\r\033[K");
	sc_note("%lu records, %lu bad, %lu left out by --where", in.n, in.bad, skipped);

	if (partial) {
		fwrite(part.p, 1, part.len, stdout);
	} else {
		struct report_view v = {.dims = dims, .ndims = ndims, .title = title};
		struct rep_group *groups;
		size_t ngroups;

		struct rep_counts rc;
		report_compute(rep, &groups, &ngroups);
		report_counts(rep, &rc);
		sc_note("conversations: %llu closed while reading, at most %lu in memory at once "
			"(at most %lu closed ones kept for a waiting request); %llu records came "
			"later than --window", (unsigned long long)rc.closed,
			(unsigned long)rc.peak_open, (unsigned long)rc.peak_waiting,
			(unsigned long long)rc.late);
		v.business = sched != NULL;
		v.groups = groups;
		v.ngroups = ngroups;
		v.now = now != INT64_MIN ? now : latest;
		report_coverage(rep, v.volume, v.requests, v.answered);
		v.days = report_days(rep, &v.ndays);
		v.buckets = report_frt_buckets(rep);
		if (coverage)
			report_print_coverage(stdout, format, &v);
		else
			report_print(stdout, format, &v);
	}
	report_free(rep);
	buf_free(&part);
	sc_sched_free(sched);
	rules_free(wp);
	buf_free(&err);
	c = recin_status(&in);
	recin_close(&in);
	if (we.n)
		c = SC_EXIT_FAIL;
	for (int k = 0; k < K_N; k++)
		jv_free(keys[k]);
	int oc = sc_close_stdout();
	return c ? c : oc;
}
