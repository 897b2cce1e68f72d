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
#include "recpool.h"
#include "report.h"
#include "report_out.h"
#include "routecfg.h"
#include "rules.h"
#include "schedule.h"
#include "sctime.h"

enum { O_BY = 'b', O_WHERE = 'w', O_FORMAT = 'f', O_VERBOSE = 'v', O_CONFIG = 'c', O_TZ = 0x100,
       O_NOW, O_COVERAGE, O_PARTIAL, O_MERGE, O_STRICT, O_TITLE, O_HOURS, O_HOLIDAY, O_WINDOW,
       O_THREADS, O_ALL };

static const struct sc_opt opts[] = {
	{"by", O_BY, "LIST", "group by these, comma-separated (default: account)"},
	{"where", O_WHERE, "EXPR", "only records for which the jq EXPR is true"},
	{"format", O_FORMAT, "FMT", "table, json, csv or html (default: table on a terminal, else json)"},
	{"tz", O_TZ, "ZONE", "time zone of day, week, hour, weekday and --hours (default: UTC)"},
	{"config", O_CONFIG, "FILE", "sc-route's routes.json: each queue's hours, zone and holidays"},
	{"hours", O_HOURS, "SPEC", "business hours, e.g. \"Mon-Fri 09:00-21:00\": also time them in open hours"},
	{"holiday", O_HOLIDAY, "DATE", "a closed day (YYYY-MM-DD) for --hours (repeatable)"},
	{"now", O_NOW, "TIME", "waiting times up to TIME (default: the latest record)"},
	{"window", O_WINDOW, "DURATION", "close a conversation silent this long, or 'none' (default: 7d)"},
	{"threads", O_THREADS, "N", "parse on N threads, 0: on the main one (default: CPUs, at most 4)"},
	{"all-messages", O_ALL, NULL, "every customer message is a request, also those needing no reply"},
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
	"LIST: account, agent, queue, topic, lang, intent, channel, priority, day, week, hour,\n"
	"weekday.\n"
	"Without FILE, or when FILE is -, standard input is read.\n",
};

/* The fields are read where simdjson parsed them (lib/jval): no jv is made
 * for a record (issue #24: building it cost more than the parse). */
#define GET(o, lit) jval_get((o), lit, sizeof lit - 1)

/* A string field of o. Its bytes belong to the record, which outlives the use. */
static struct rep_str str_of(struct jval v)
{
	struct rep_str s = {NULL, 0};

	s.p = jval_str(&v, &s.n);
	return s;
}
#define STR(o, lit) str_of(GET((o), lit))

static int is_true(struct jval v)
{
	return v.kind == JV_KIND_TRUE;
}

static int is_str(struct rep_str s, const char *lit)
{
	return s.p && s.n == strlen(lit) && memcmp(s.p, lit, s.n) == 0;
}

/* A time field, or REP_NO_TIME. */
static int64_t time_of(struct rep_str s)
{
	struct sc_time t;
	const char *why;

	return s.p && !sc_time_parse(s.p, s.n, &t, &why) ? t.sec : REP_NO_TIME;
}

/* Whether a customer's message needs a reply: the rule sc-route shares
 * (rec_needs_reply, sc-record(5)); intent's bytes are NUL-terminated. */
static int needs_reply(const struct jval *cls, struct rep_str intent)
{
	return rec_needs_reply("in", GET(cls, "needs_reply").kind, intent.p);
}

/* route.priority, else class.priority, as the group value: priorities are
 * small integers, so their strings are static (no bytes of the record). */
static struct rep_str priority_of(const struct jval *route, const struct jval *cls)
{
	static const char *const digit[10] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
	struct jval v = GET(route, "priority");

	if (v.kind != JV_KIND_NUMBER)
		v = GET(cls, "priority");
	double p = v.kind == JV_KIND_NUMBER ? jval_num(&v) : -1;
	if (p >= 0 && p <= 9 && p == (int)p)
		return (struct rep_str){digit[(int)p], 1};
	return (struct rep_str){NULL, 0};
}

/* sc-reply's account of what it sent for this record (sc-reply(1)): the
 * reply, and the acknowledgement (its "ack" action, also sent when the
 * reply is held) that sc-fetch will bring back as a plain outbound post. */
static void sent_reply(const struct jval *reply, struct rep_msg *m)
{
	if (m->out || reply->kind != JV_KIND_OBJECT)
		return;
	if (is_str(STR(reply, "status"), "sent")) {
		m->sent_id = STR(reply, "remote_id");
		m->sent_t = time_of(STR(reply, "sent_at"));
	}
	struct jval acts = GET(reply, "actions");
	size_t n = jval_len(&acts);
	for (size_t i = 0; i < n; i++) {
		struct jval act = jval_at(&acts, i);
		if (is_str(STR(&act, "action"), "ack") && is_str(STR(&act, "status"), "sent"))
			m->ack_id = STR(&act, "remote_id");
	}
}

/* The fields below the top level, from the objects fetched once. */
static void nested(const struct jval *rec, struct rep_msg *m)
{
	struct jval author = GET(rec, "author"), cls = GET(rec, "class");
	struct jval reply = GET(rec, "reply"), route = GET(rec, "route");
	struct jval followers = GET(&author, "followers");

	m->author = STR(&author, "id");
	if (!m->author.p)
		m->author = STR(&author, "handle");
	m->autoack = is_true(GET(rec, "auto")) || is_str(STR(&reply, "kind"), "ack");
	m->key[RD_INTENT] = STR(&cls, "intent");
	m->complaint = is_true(GET(&cls, "complaint")) || is_str(m->key[RD_INTENT], "complaint");
	m->vip = is_true(GET(&cls, "vip")) || is_true(GET(&author, "verified")) ||
		 (followers.kind == JV_KIND_NUMBER && jval_num(&followers) >= 10000);
	m->key[RD_AGENT] = m->out ? STR(&reply, "agent") : STR(&route, "assignee");
	m->key[RD_QUEUE] = STR(&route, "queue");
	m->key[RD_TOPIC] = STR(&cls, "topic");
	m->key[RD_LANG] = STR(&cls, "lang");
	m->key[RD_PRIORITY] = priority_of(&route, &cls);
	m->due = time_of(STR(&route, "due"));
	m->noreply = !m->out && !needs_reply(&cls, m->key[RD_INTENT]);
	sent_reply(&reply, m);
}

/* What the report takes from one record (its strings borrowed from rec), or
 * -1 with the reason in why, or 1 for sc-route's lines that are not
 * messages (a resolve, a hand-over: sc-record(5)). Touches nothing shared:
 * parser threads call it. */
static int extract(const struct jval *rec, struct rep_msg *m, char *why, size_t cap)
{
	struct sc_time t;
	const char *tw;

	memset(m, 0, sizeof *m); /* REP_NO_TIME is 0: no due time, no reply sent */
	struct rep_str ts = STR(rec, "created_at");
	struct rep_str dir = STR(rec, "direction");
	m->id = STR(rec, "id");
	if (!m->id.p) { /* those lines have no id: messages pay no lookup of "type" */
		struct rep_str type = STR(rec, "type");
		if (type.p && rec_control_type(type.p, type.n))
			return 1;
		return snprintf(why, cap, "no id"), -1;
	}
	if (!ts.p || sc_time_parse(ts.p, ts.n, &t, &tw))
		return snprintf(why, cap, "%.*s: no usable created_at", (int)m->id.n, m->id.p), -1;
	if (!is_str(dir, "in") && !is_str(dir, "out"))
		return snprintf(why, cap, "%.*s: direction is not in or out", (int)m->id.n, m->id.p), -1;
	m->t = t.sec;
	m->out = dir.n == 3;
	m->conv = STR(rec, "conversation_id");
	m->reply_to = STR(rec, "in_reply_to");
	m->key[RD_ACCOUNT] = STR(rec, "account");
	m->key[RD_CHANNEL] = STR(rec, "channel");
	m->private = is_str(m->key[RD_CHANNEL], "private");
	nested(rec, m);
	if (!m->key[RD_LANG].p)
		m->key[RD_LANG] = STR(rec, "lang");
	return 0;
}

/* Where the messages go: the report, or the partial result (streamed). */
struct sink {
	struct report *rep;
	int partial;
	struct buf part;
	int64_t latest;
	int progress;
	unsigned long n;
};

static void sink_add(struct sink *k, const struct rep_msg *m)
{
	if (k->partial) {
		report_write_event(k->rep, m, &k->part);
		if (k->part.len >= 65536) {
			fwrite(k->part.p, 1, k->part.len, stdout);
			buf_reset(&k->part);
		}
	} else {
		report_add(k->rep, m);
	}
	if (m->t > k->latest)
		k->latest = m->t;
	if (k->progress && ++k->n % 100000 == 0)
		fprintf(stderr, "\rsc-report: %lu records", k->n);
}

/* The parser threads' side (lib/recpool). */
static int worker_extract(void *wctx, const struct jval *rec, struct buf *out, char *why, size_t cap)
{
	struct rep_msg m;
	int rc = extract(rec, &m, why, cap);

	(void)wctx;
	if (rc == 0)
		rep_msg_pack(&m, out);
	return rc;
}

static void take(void *ctx, const char *p, size_t n)
{
	struct rep_msg m;

	rep_msg_unpack(p, n, &m);
	sink_add(ctx, &m);
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

/* Open hours: the request's queue's in the routes file (its default queue
 * for a request routed to none; a queue without hours is always open), else
 * --hours. */
struct hours {
	struct route_cfg *cfg;
	struct sc_schedule *spec;
};

static int64_t business(void *ctx, const char *queue, int64_t from, int64_t to)
{
	struct hours *h = ctx;
	const struct sc_schedule *s = h->spec;

	if (h->cfg) {
		int q = queue ? routecfg_queue(h->cfg, queue) : h->cfg->default_queue;
		if (q >= 0)
			s = h->cfg->queues[q].sched;
		if (q >= 0 && !s)
			return to - from;
	}
	if (!s)
		return to - from;
	return sc_sched_business_between(s, (struct sc_time){from, 0}, (struct sc_time){to, 0});
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

/* One line on the main thread: a record (through --where), or with merge
 * a line of a partial result. */
static void read_one(struct sink *k, struct recin *in, int merge, struct rule_set *wp,
		     struct where_err *we, unsigned long *skipped)
{
	struct rep_msg m;
	char why[512];
	int64_t t;
	int match;

	if (merge) {
		if (report_add_partial(k->rep, in->line, in->len, &t)) {
			recin_bad(in, "not a line of a partial result (sc-report --partial)");
			return;
		}
		if (t > k->latest)
			k->latest = t;
		if (k->partial) { /* parts of parts */
			buf_put(&k->part, in->line, in->len);
			buf_putc(&k->part, '\n');
		}
		return;
	}
	if (wp && rules_eval(wp, recin_jv(in), &match, 1, where_error, we) == 0) {
		(*skipped)++;
		return;
	}
	int rc = extract(&in->doc, &m, why, sizeof why);
	if (rc < 0)
		recin_bad(in, "%s", why);
	else if (rc == 0)
		sink_add(k, &m);
}

/* One parser thread per CPU, at most 4 (the main thread takes what they
 * extract, which is a fraction of a parse). */
static int default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
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
	int all_messages = 0;
	const char *where = NULL, *title = "sc-report", *hours = NULL, *holidays[64], *config = NULL;
	struct route_cfg cfg;
	int nholidays = 0;
	struct sc_schedule *sched = NULL;
	int64_t now = INT64_MIN, latest, window = REP_WINDOW_DEFAULT;
	int threads = default_threads(), status;
	struct rule_set *wp = NULL;
	struct rule_src where_rule = {"where", NULL, 0};
	struct buf err = BUF_INIT;
	struct recin in;
	char *arg;
	int c;

	sc_init("sc-report");
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
		case O_CONFIG: config = arg; break;
		case O_ALL: all_messages = 1; break;
		case O_THREADS: {
			char *end;
			long n = strtol(arg, &end, 10);
			if (*end || end == arg || n < 0 || n > 64)
				sc_usage_error(&cmd, "--threads: '%s' is not a number from 0 to 64", arg);
			threads = (int)n;
			break;
		}
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

	if (config && routecfg_load(&cfg, config, &err))
		sc_die(SC_EXIT_CONFIG, "%s: %s", config, err.p);
	struct hours bh = {config ? &cfg : NULL, sched};

	struct report *rep = report_new(dims, ndims);
	struct sink k = {.rep = rep, .partial = partial, .latest = INT64_MIN, .progress = isatty(2)};
	report_set_window(rep, window, REP_IDLE_RECORDS);
	if (sched || config)
		report_set_business(rep, business, &bh);
	report_set_all_messages(rep, all_messages);
	unsigned long nrec, nbad, skipped = 0;
	if (merge || wp || threads == 0) {
		struct where_err we = {&in, 0};
		recin_open(&in, argv + sc_optind, argc - sc_optind, strict);
		in.lazy = !merge;
		while (recin_next(&in))
			read_one(&k, &in, merge, wp, &we, &skipped);
		nrec = in.n, nbad = in.bad;
		status = recin_status(&in);
		if (we.n)
			status = SC_EXIT_FAIL;
		recin_close(&in);
	} else {
		struct recpool_fns fns = {NULL, NULL, worker_extract, take, &k};
		struct recpool_result res;
		recpool_run(argv + sc_optind, argc - sc_optind, strict, threads, &fns, &res);
		nrec = res.n, nbad = res.bad;
		status = res.bad || res.err ? SC_EXIT_FAIL : SC_EXIT_OK;
	}
	latest = k.latest;
	if (k.progress && nrec >= 100000)
		fprintf(stderr, "\r\033[K");
	sc_note("%lu records, %lu bad, %lu left out by --where", nrec, nbad, skipped);

	if (partial) {
		fwrite(k.part.p, 1, k.part.len, stdout);
	} else {
		struct report_view v = {.dims = dims, .ndims = ndims, .title = title};
		struct rep_group *groups;
		size_t ngroups;

		struct rep_counts rc;
		v.now = now != INT64_MIN ? now : latest;
		report_set_now(rep, v.now);
		report_compute(rep, &groups, &ngroups);
		report_counts(rep, &rc);
		sc_note("conversations: %llu closed while reading, at most %lu in memory at once "
			"(at most %lu closed ones kept for a waiting request); %llu records more "
			"than --window behind the latest", (unsigned long long)rc.closed,
			(unsigned long)rc.peak_open, (unsigned long)rc.peak_waiting,
			(unsigned long long)rc.late);
		v.business = sched || config;
		v.groups = groups;
		v.ngroups = ngroups;
		v.tz = getenv("TZ");
		report_coverage(rep, v.volume, v.requests, v.answered);
		v.days = report_days(rep, &v.ndays);
		v.buckets = report_frt_buckets(rep);
		if (coverage)
			report_print_coverage(stdout, format, &v);
		else
			report_print(stdout, format, &v);
	}
	report_free(rep);
	buf_free(&k.part);
	sc_sched_free(sched);
	if (config)
		routecfg_free(&cfg);
	rules_free(wp);
	buf_free(&err);
	int oc = sc_close_stdout();
	return status ? status : oc;
}
