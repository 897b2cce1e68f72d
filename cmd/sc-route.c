/* sc-route: who answers, how, and by when (sc-route(1)).
 *
 *   sc-route -c routes.json [--state DIR] [--now TIME] [--explain] [FILE]...
 *   sc-route resolve -c routes.json [--state DIR] [--now TIME] ID...
 *   sc-route assign -c routes.json [--state DIR] [--now TIME] ID AGENT
 *   sc-route cases [-c routes.json] [--state DIR] [--mine | --assignee NAME] [FILTER]...
 *   sc-route show [--state DIR] CASE
 *   sc-route check -c routes.json [--now TIME]
 *
 * Reads records, adds a "route" object (queue, assignee, mode, priority,
 * due, rule, why…) and keeps cases and owners in the state store. The
 * records read are routed in time order (lib/timeorder.c), so the cases
 * are the same whatever order an archive lists them in. State
 * changes are made in transactions of up to --batch records; a batch ends
 * before any read that could wait (a pipe with nothing buffered), and its
 * output is written only after the commit, so the write lock is never held
 * across a slow reader or writer. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "caselist.h"
#include "diag.h"
#include "opt.h"
#include "jsonw.h"
#include "readpos.h"
#include "record.h"
#include "routecheck.h"
#include "router.h"
#include "timeorder.h"

enum { O_CONFIG = 'c', O_STATE = 0x100, O_NOW, O_EXPLAIN, O_COMMIT, O_BATCH, O_STRICT, O_VERBOSE = 'v',
       O_OUTPUT = 'o' };

static const struct sc_opt route_opts[] = {
	{"config", O_CONFIG, "FILE", "the routing configuration (routes.json; required)"},
	{"state", O_STATE, "DIR", "state directory (default $XDG_STATE_HOME/sc)"},
	{"now", O_NOW, "TIME", "route as of TIME (RFC 3339) instead of each message's time"},
	{"explain", O_EXPLAIN, NULL, "tell on stderr, per record, which rules were tried and why; a dry run on a copy of the state"},
	{"commit", O_COMMIT, NULL, "with --explain: keep the run's changes in the state (a real run)"},
	{"batch", O_BATCH, "N", "records per state transaction when reading files (default 10000)"},
	{"output", O_OUTPUT, "OUT", "append to OUT, each run only FILE's new lines (read position in the state)"},
	{"strict", O_STRICT, NULL, "stop at the first bad input line"},
	{"verbose", O_VERBOSE, NULL, "report counts on stderr"},
	{0},
};

static const struct sc_cmd route_cmd = {
	"sc-route", "-c FILE [OPTION]... [FILE]...",
	"Add a \"route\" object to each record: queue, assignee, mode (public, dm\n"
	"or none), priority, due time in the queue's open hours, and the rule that\n"
	"decided. Cases keep one owner until resolved, or closed after their queue's\n"
	"close_after of quiet once answered (state in DIR/sc.db).",
	route_opts,
	"Each run first hands the cases waiting in the queues to the agents who\n"
	"can take them now (--now, else the clock), even with no input, on a\n"
	"line {\"type\":\"handover\",\"route\":{\"at\":T,\"handover\":[...]}}.\n"
	"Without FILE, or when FILE is -, standard input is read. Records are\n"
	"routed, and written, in time order (created_at) within what a run holds\n"
	"(up to 64 MiB, or what a pipe has sent so far).\n"
	"A record {\"type\":\"resolve\",\"conversation_id\":ID} resolves a case;\n"
	"so does 'sc-route resolve -c FILE ID...'. Also:\n"
	"  sc-route assign -c FILE ID AGENT   give a case to an agent by hand\n"
	"  sc-route cases [OPTION]...         list open cases (sc-route cases --help)\n"
	"  sc-route show [--state DIR] CASE   a case's conversation and owners\n"
	"  sc-route check -c FILE [--now T]   check FILE and say what it sets up; no state\n",
};

static const struct sc_cmd resolve_cmd = {
	"sc-route resolve", "-c FILE [OPTION]... ID...",
	"Resolve cases, each given by its conversation id or its case number (12\n"
	"or #12): their owners are free, and cases waiting in their queues go to\n"
	"them, oldest first. One JSON line per case on standard output, after a\n"
	"handover line when waiting cases went to agents now on shift.",
	route_opts, NULL,
};

static const struct sc_cmd assign_cmd = {
	"sc-route assign", "-c FILE [OPTION]... ID AGENT",
	"Give the open case ID (a conversation id or a case number) to AGENT by\n"
	"hand; the owner history keeps \"assigned by hand\". One JSON line out.",
	route_opts, NULL,
};

enum { O_TZ = 0x200, O_ASSIGNEE, O_MINE, O_QUEUE, O_OVERDUE, O_VIP, O_COMPLAINTS, O_FORMAT, O_WIDTH };

static const struct sc_opt cases_opts[] = {
	{"config", O_CONFIG, "FILE", "the routing configuration (agents' time zones, --mine)"},
	{"state", O_STATE, "DIR", "state directory (default $XDG_STATE_HOME/sc)"},
	{"assignee", O_ASSIGNEE, "NAME", "only the cases NAME owns"},
	{"mine", O_MINE, NULL, "only my cases: the agent named by SC_AGENT (else $USER, if an agent)"},
	{"queue", O_QUEUE, "NAME", "only the cases of queue NAME"},
	{"overdue", O_OVERDUE, NULL, "only the cases past their due time"},
	{"vip", O_VIP, NULL, "only the cases of VIP customers"},
	{"complaints", O_COMPLAINTS, NULL, "only the cases with a complaint"},
	{"now", O_NOW, "TIME", "the time to measure waits and lateness against (RFC 3339)"},
	{"tz", O_TZ, "ZONE", "show due times in ZONE (default: the agent's, else TZ, else UTC)"},
	{"format", O_FORMAT, "FMT", "table, json or csv (default: table on a terminal, else json)"},
	{"width", O_WIDTH, "N", "the table in N columns (default: the terminal's, else COLUMNS, else 80)"},
	{0},
};

static const struct sc_cmd cases_cmd = {
	"sc-route cases", "[OPTION]...",
	"List the open cases, most urgent first: those waiting for a reply before\n"
	"the answered ones, each by priority, then due time: case, state (waiting\n"
	"or answered), customer, network, channel, language, intent, priority,\n"
	"queue, owner, how long the customer has waited, the due time in the\n"
	"reader's zone, OVERDUE when it has passed, and the customer's last message\n"
	"(cut to fit the width: a row is never wrapped).",
	cases_opts,
	"Filters combine (all must hold). --mine needs SC_AGENT, or a config\n"
	"naming $USER as an agent.\n",
};

static const struct sc_opt check_opts[] = {
	{"config", O_CONFIG, "FILE", "the routing configuration to check (routes.json; required)"},
	{"now", O_NOW, "TIME", "say what is open and who is on shift at TIME (RFC 3339; default: now)"},
	{0},
};

static const struct sc_cmd check_cmd = {
	"sc-route check", "-c FILE [--now TIME]",
	"Check the configuration as a run would (keys, names, hours, zones, the\n"
	"rules' jq) and say what it sets up: the queues with their agents, hours,\n"
	"SLA and when each next opens; the agents with their shifts and languages;\n"
	"the rules in order; then warnings for what loads but cannot work (an agent\n"
	"in no queue, hours that never open, no default queue).\n"
	"The state is never opened. Exit 0 when the file is valid, 3 when not.",
	check_opts, NULL,
};

struct setup {
	const char *config, *state, *output;
	struct sc_time now;
	int has_now, explain, commit, strict;
	long long batch;
};

static int parse_opts(int argc, char **argv, const struct sc_cmd *cmd, struct setup *s)
{
	char *arg;
	const char *why;
	int c;

	memset(s, 0, sizeof *s);
	s->batch = 10000; /* a commit rewrites every page the batch touched, twice
			    * (WAL, checkpoint): 10,000 halve the writes of 1,000 */
	while ((c = sc_getopt(argc, argv, cmd, &arg)) != -1) {
		switch (c) {
		case O_CONFIG: s->config = arg; break;
		case O_STATE: s->state = arg; break;
		case O_NOW:
			if (sc_time_parse(arg, strlen(arg), &s->now, &why))
				sc_usage_error(cmd, "--now '%s': %s", arg, why);
			s->has_now = 1;
			break;
		case O_EXPLAIN: s->explain = 1; break;
		case O_COMMIT: s->commit = 1; break;
		case O_BATCH: s->batch = sc_opt_num(cmd, "batch", arg, 1, 1000000); break;
		case O_STRICT: s->strict = 1; break;
		case O_VERBOSE: sc_verbose = 1; break;
		case O_OUTPUT: s->output = arg; break;
		}
	}
	if (!s->config)
		sc_usage_error(cmd, "no configuration given (-c routes.json)");
	if (s->commit && !s->explain)
		sc_usage_error(cmd, "--commit goes with --explain (a run without it commits anyway)");
	if (s->output && s->explain && !s->commit)
		sc_usage_error(cmd, "-o keeps a read position: --explain alone changes no state (add --commit)");
	return sc_optind;
}

struct world {
	struct route_cfg cfg;
	struct rule_set *rules;
	struct sc_state *st;
	struct router r;
	struct readpos *rp;      /* -o: the output's length (and, done, the
				  * input's position) commit with each batch */
	int done;
};

/* Everything that can be wrong with the configuration is found here,
 * before any input is read. */
static void open_world(struct world *w, const struct setup *s)
{
	struct buf err = BUF_INIT, dir = BUF_INIT;

	if (routecfg_load(&w->cfg, s->config, &err))
		sc_die(SC_EXIT_CONFIG, "%s: %s", s->config, err.p);
	w->rules = NULL;
	if (w->cfg.nrules && !(w->rules = rules_compile(w->cfg.src, w->cfg.nrules, s->explain, &err)))
		sc_die(SC_EXIT_CONFIG, "%s: %s", s->config, err.p);
	if (s->state)
		buf_puts(&dir, s->state);
	else
		sc_state_default_dir(&dir);
	/* --explain is for looking: it routes against a copy of the state, so
	 * owners, stickiness and waiting cases are explained as they are, and
	 * the real state stays as it was unless --commit asks otherwise. */
	w->st = s->explain && !s->commit ? sc_state_open_copy(buf_cstr(&dir), &err)
					  : sc_state_open(buf_cstr(&dir), &err);
	if (!w->st)
		sc_die(SC_EXIT_FAIL, "%s", err.p);
	router_init(&w->r, &w->cfg, w->rules, w->st);
	w->r.now = s->now;
	w->r.has_now = s->has_now;
	w->r.explain = s->explain;
	buf_free(&err);
	buf_free(&dir);
}

static void close_world(struct world *w)
{
	for (int i = 0; i < w->cfg.nrules; i++)
		if (w->cfg.rules[i].errors)
			sc_warn("rule '%s' failed on %lu record%s (treated as no match)", w->cfg.src[i].name,
				w->cfg.rules[i].errors, w->cfg.rules[i].errors == 1 ? "" : "s");
	router_free(&w->r);
	rules_free(w->rules);
	sc_state_close(w->st);
	routecfg_free(&w->cfg);
}

static void begin(struct world *w)
{
	if (sc_state_begin(w->st))
		sc_die(SC_EXIT_FAIL, "%s", sc_state_error(w->st));
	router_batch_begin(&w->r);
}

/* Ends the batch: 0, or -1 with the state's error reported. The caller
 * then closes what is open and exits 1 (an exit with the jq programs still
 * alive would also show their stacks as leaks under LeakSanitizer). */
static int commit_batch(struct world *w)
{
	router_batch_end(&w->r);
	if (w->rp)
		readpos_save(w->rp, w->done);
	if (!sc_state_commit(w->st))
		return 0;
	sc_warn("%s", sc_state_error(w->st));
	return -1;
}

/* The same for a one-transaction command (resolve, assign, the hand-over
 * before the input): a failed commit closes everything, then exits 1. */
static void commit(struct world *w)
{
	if (!commit_batch(w))
		return;
	close_world(w);
	exit(SC_EXIT_FAIL);
}

static struct sc_time wall_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (struct sc_time){ts.tv_sec, 0};
}

/* What router_serve_all, or the records' clock, closed and handed over,
 * as a line of its own (no record carries it):
 * {"type":"handover","route":{"at":…,"closed":[…],"handover":[…]}}. */
static void handover_line(const struct buf *route, struct buf *line)
{
	struct jsonw jw;

	if (!route->len)
		return;
	jw_begin(&jw, line);
	jw_cstr(&jw, "type", "handover");
	jw_raw(&jw, "route", route->p, route->len);
	jw_end(&jw);
	buf_putc(line, '\n');
}

static void put_line(const struct buf *line)
{
	if (line->len && fwrite(line->p, 1, line->len, stdout) != line->len)
		sc_flush_stdout();
}

/* A run first gives out the cases waiting in the queues, as of --now or
 * the clock, in a transaction of its own committed (and its line written)
 * before any input is read: a cron run with no new message still starts
 * the morning's work. */
static void hand_over_first(struct world *w, const struct setup *s)
{
	struct buf line = BUF_INIT;

	begin(w);
	router_serve_all(&w->r, s->has_now ? s->now : wall_clock());
	handover_line(&w->r.json, &line);
	if (w->rp) /* -o: the line's length commits with the hand-over */
		put_line(&line);
	commit(w);
	if (!w->rp)
		put_line(&line);
	buf_free(&line);
}

/* The output of a batch, held until its transaction is committed. */
struct pending {
	FILE *f;
	char *p;
	size_t n;
};

static void pending_open(struct pending *o)
{
	if (!(o->f = open_memstream(&o->p, &o->n)))
		sc_die(SC_EXIT_FAIL, "out of memory");
}

/* The stream is rewound, not made again: a new one per batch grew its
 * buffer from nothing each time (a batch is about a megabyte), and the
 * reallocations and fresh pages cost a tenth of sc-route's time. After a
 * rewind, the size a flush gives is the new position (glibc, POSIX 2008). */
static void pending_write(struct pending *o)
{
	if (fflush(o->f))
		sc_die(SC_EXIT_FAIL, "out of memory");
	if (o->n && fwrite(o->p, 1, o->n, stdout) != o->n)
		sc_flush_stdout();
	if (fseeko(o->f, 0, SEEK_SET))
		sc_die(SC_EXIT_FAIL, "cannot rewind the batch's output: %s", strerror(errno));
}

/* Could the next read wait? Only on a pipe or terminal with no whole line
 * buffered: then the batch ends first. */
static int may_wait(const struct lines *l)
{
	static int fd = -2, regular;
	static const char *name;
	struct stat sb;

	if (l->fd < 0)
		return 0;
	if (l->fd != fd || l->name != name) { /* a new file: ask once */
		fd = l->fd;
		name = l->name;
		regular = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
	}
	return !regular && !memchr(l->buf + l->start, '\n', l->end - l->start);
}

static void explain(const char *file, unsigned long line, const struct jval *rec, struct router *r)
{
	const char *s = r->explain_out.p, *e;
	struct jval v = jval_get(rec, "id", 2);
	size_t n;
	const char *id = jval_str(&v, &n);

	for (; s && s < r->explain_out.p + r->explain_out.len; s = e + 1) {
		e = memchr(s, '\n', (size_t)(r->explain_out.p + r->explain_out.len - s));
		if (!e)
			e = r->explain_out.p + r->explain_out.len;
		fprintf(stderr, "%s: explain %s:%lu %s: %.*s\n", sc_progname, file, line,
			id ? id : "(no id)", (int)(e - s), s);
	}
}

/* A run's routing: the records held, the batch's output. */
struct run {
	struct world w;
	struct setup s;
	struct torder held;
	struct jparse jp;
	struct pending out;
	struct buf line;
	int failed;
};

/* Routes what is held, oldest first, in transactions of --batch records,
 * each batch's output written after its commit. 0, or -1 when a commit
 * failed (that batch's output is not written: it was not saved). */
static int route_held(struct run *u)
{
	struct torder *o = &u->held;
	long long n = 0;

	torder_sort(o);
	for (size_t i = 0; i < o->n; i++) {
		const struct torder_rec *t = &o->v[i];
		/* a recin as rec_splice reads it: the line, read in place by
		 * simdjson again (cheaper than keeping its document), or the
		 * value libjq made of a line simdjson does not take */
		struct recin in = {.line = o->bytes.p + t->off, .len = t->len, .v = jv_copy(t->v)};
		if (jv_is_valid(in.v))
			in.doc = jval_of_jv(in.v);
		else /* it parsed once, it parses */
			jparse_doc(&u->jp, in.line, in.len, 0, &in.doc, &in.v);
		if (!n)
			begin(&u->w);
		u->w.r.where_file = t->file;
		u->w.r.where_line = t->line;
		unsigned long dups = u->w.r.duplicates;
		int how = router_record(&u->w.r, &in.doc, &in.v);
		/* -o: a record routed before is in OUT already (its route
		 * committed with OUT's length): read again after a kill, it
		 * is not written twice */
		int again = u->w.rp && u->w.r.duplicates != dups;
		if (!again && u->w.r.pre.len) {
			buf_reset(&u->line);
			handover_line(&u->w.r.pre, &u->line);
			rec_write(u->out.f, u->line.p, u->line.len - 1);
		}
		if (!again && how == ROUTE_SPLICE)
			rec_splice(u->out.f, &in, "route", u->w.r.json.p, u->w.r.json.len);
		else if (!again)
			rec_write(u->out.f, in.line, in.len);
		if (u->s.explain)
			explain(t->file, t->line, &in.doc, &u->w.r);
		jv_free(in.v);
		if (++n >= u->s.batch || i + 1 == o->n) {
			u->w.done = i + 1 == o->n; /* -o: all held records routed */
			if (u->w.rp) /* written before the commit that keeps its length */
				pending_write(&u->out);
			if (commit_batch(&u->w)) {
				torder_reset(o);
				return -1;
			}
			if (!u->w.rp)
				pending_write(&u->out);
			n = 0;
		}
	}
	torder_reset(o);
	return 0;
}

static int cmd_route(int argc, char **argv)
{
	struct run u = {.jp = JPARSE_INIT};
	struct recin in;
	struct readpos rp;
	int first = parse_opts(argc, argv, &route_cmd, &u.s), status;
	struct router *r = &u.w.r;

	open_world(&u.w, &u.s);
	if (u.s.output) {
		readpos_start(&rp, &route_cmd, u.w.st, NULL, "route", argv + first, argc - first,
			      u.s.output, &in, u.s.strict);
		u.w.rp = &rp;
	} else
		recin_open(&in, argv + first, argc - first, u.s.strict);
	hand_over_first(&u.w, &u.s);
	pending_open(&u.out);
	torder_init(&u.held);
	in.lazy = 1; /* fields read in place: a jv only where jq must run */
	while (!u.failed && recin_next(&in)) {
		const char *why = router_refuse(r, &in.doc);
		if (why) {
			recin_bad(&in, "%s", why);
			continue;
		}
		torder_add(&u.held, router_time(r), recin_file(&in), recin_line(&in), in.line, in.len,
			   jv_copy(in.v));
		if (torder_full(&u.held) || may_wait(&in.l))
			u.failed = route_held(&u);
	}
	if (!u.failed)
		u.failed = route_held(&u);
	if (!u.failed && u.w.rp) /* the lines read after the last record held */
		u.failed = readpos_finish(u.w.rp);
	torder_free(&u.held);
	jparse_free(&u.jp);
	buf_free(&u.line);
	fclose(u.out.f);
	free(u.out.p);
	sc_note("%lu routed, %lu outbound, %lu answered, %lu resolved, %lu closed after quiet time, "
		"%lu duplicates, %lu without an owner, %lu handed over", r->routed, r->outbound,
		r->answered, r->resolved, r->closed, r->duplicates, r->waiting, r->handed);
	status = u.failed ? SC_EXIT_FAIL : recin_status(&in);
	for (int i = 0; i < u.w.cfg.nrules && !status; i++)
		if (u.w.cfg.rules[i].errors) /* said by close_world: not a clean run */
			status = SC_EXIT_FAIL;
	if (u.w.rp)
		readpos_close(u.w.rp);
	recin_close(&in);
	close_world(&u.w);
	first = sc_close_stdout();
	return status ? status : first;
}

static int cmd_resolve(int argc, char **argv)
{
	struct setup s;
	struct world w = {0};
	struct buf line = BUF_INIT;
	int first = parse_opts(argc, argv, &resolve_cmd, &s), status = SC_EXIT_OK;

	if (first >= argc)
		sc_usage_error(&resolve_cmd, "no conversation given");
	if (!s.has_now)
		s.now = wall_clock();
	open_world(&w, &s);
	begin(&w);
	router_serve_all(&w.r, s.now);
	handover_line(&w.r.json, &line);
	for (int i = first; i < argc; i++) {
		struct jsonw jw;
		unsigned long before = w.r.resolved;
		router_resolve_ref(&w.r, argv[i], s.now);
		if (w.r.resolved == before) { /* its line says so too: resolved false */
			sc_warn("%s: no open case (give a conversation id or a case number)", argv[i]);
			status = SC_EXIT_FAIL;
		}
		jw_begin(&jw, &line);
		jw_cstr(&jw, "type", "resolve");
		jw_cstr(&jw, "conversation_id", w.r.tmp.p);
		jw_raw(&jw, "route", w.r.json.p, w.r.json.len);
		jw_end(&jw);
		buf_putc(&line, '\n');
	}
	commit(&w); /* then the output: the lock is not held while writing */
	if (line.len && fwrite(line.p, 1, line.len, stdout) != line.len)
		sc_flush_stdout();
	buf_free(&line);
	close_world(&w);
	first = sc_close_stdout();
	return status ? status : first;
}

static int cmd_assign(int argc, char **argv)
{
	struct setup s;
	struct world w = {0};
	int first = parse_opts(argc, argv, &assign_cmd, &s), agent, rc;

	if (argc - first != 2)
		sc_usage_error(&assign_cmd, "want a case and an agent (sc-route assign -c FILE ID AGENT)");
	if (!s.has_now)
		s.now = wall_clock();
	open_world(&w, &s);
	if ((agent = routecfg_agent(&w.cfg, argv[first + 1])) < 0) {
		close_world(&w);
		sc_usage_error(&assign_cmd, "unknown agent '%s' (not in %s)", argv[first + 1], s.config);
	}
	begin(&w);
	rc = router_assign(&w.r, argv[first], agent, s.now);
	commit(&w);
	if (rc)
		sc_warn("%s", buf_cstr(&w.r.why));
	else
		printf("%.*s\n", (int)w.r.json.len, w.r.json.p);
	close_world(&w);
	rc = rc ? SC_EXIT_FAIL : 0;
	return sc_close_stdout() ? SC_EXIT_FAIL : rc;
}

struct cases_setup {
	const char *config, *state, *tz, *agent;
	int mine, format, has_now, width;
	struct sc_time now;
	struct sc_case_filter f;
};

static void parse_cases(int argc, char **argv, struct cases_setup *s)
{
	char *arg;
	const char *why;
	int c;

	memset(s, 0, sizeof *s);
	s->format = -1;
	while ((c = sc_getopt(argc, argv, &cases_cmd, &arg)) != -1) {
		switch (c) {
		case O_CONFIG: s->config = arg; break;
		case O_STATE: s->state = arg; break;
		case O_ASSIGNEE: s->agent = arg; break;
		case O_MINE: s->mine = 1; break;
		case O_QUEUE: s->f.queue = arg; break;
		case O_OVERDUE: s->f.due_before = ""; break; /* set to now below */
		case O_VIP: s->f.vip = 1; break;
		case O_COMPLAINTS: s->f.complaint = 1; break;
		case O_TZ: s->tz = arg; break;
		case O_WIDTH: s->width = (int)sc_opt_num(&cases_cmd, "width", arg, 20, 10000); break;
		case O_NOW:
			if (sc_time_parse(arg, strlen(arg), &s->now, &why))
				sc_usage_error(&cases_cmd, "--now '%s': %s", arg, why);
			s->has_now = 1;
			break;
		case O_FORMAT:
			s->format = !strcmp(arg, "table") ? CL_TABLE : !strcmp(arg, "json") ? CL_JSON
				  : !strcmp(arg, "csv") ? CL_CSV : -2;
			if (s->format == -2)
				sc_usage_error(&cases_cmd, "--format: '%s' is not table, json or csv", arg);
			break;
		}
	}
	if (sc_optind < argc)
		sc_usage_error(&cases_cmd, "unexpected argument '%s'", argv[sc_optind]);
	if (s->mine && s->agent)
		sc_usage_error(&cases_cmd, "--mine and --assignee: give one of them");
	if (s->format < 0)
		s->format = isatty(1) ? CL_TABLE : CL_JSON;
	if (!s->has_now)
		s->now = wall_clock();
}

/* --mine: SC_AGENT, else the login name when the configuration has such
 * an agent. */
static const char *my_name(const struct route_cfg *cfg)
{
	const char *me = caselist_me(cfg);

	if (!me)
		sc_usage_error(&cases_cmd, "--mine: who are you? set SC_AGENT to your agent name%s",
			       cfg ? "" : " (or give -c with an agent named as $USER)");
	return me;
}

static int cmd_cases(int argc, char **argv)
{
	struct cases_setup s;
	struct route_cfg cfg = {0};
	struct buf err = BUF_INIT, dir = BUF_INIT;
	struct sc_schedule *zone;
	struct sc_state *st;
	char now[SC_TIME_MAX];

	parse_cases(argc, argv, &s);
	if (s.config && routecfg_load(&cfg, s.config, &err))
		sc_die(SC_EXIT_CONFIG, "%s: %s", s.config, err.p);
	s.f.assignee = s.mine ? my_name(s.config ? &cfg : NULL) : s.agent;
	if (s.config && s.f.assignee && routecfg_agent(&cfg, s.f.assignee) < 0)
		sc_usage_error(&cases_cmd, "%s '%s' is no agent of %s: nothing to list",
			       s.mine ? "--mine: SC_AGENT" : "--assignee", s.f.assignee, s.config);
	if (!(zone = sc_sched_new("24/7", caselist_zone(s.tz, s.config ? &cfg : NULL, s.f.assignee), &err)))
		sc_usage_error(&cases_cmd, "time zone: %s", err.p);
	sc_time_format((struct sc_time){s.now.sec, 0}, now);
	if (s.f.due_before)
		s.f.due_before = now;
	if (s.state)
		buf_puts(&dir, s.state);
	else
		sc_state_default_dir(&dir);
	if (!(st = sc_state_open_existing(buf_cstr(&dir), &err)))
		sc_die(SC_EXIT_FAIL, "%s", err.p);
	struct caselist cl = {s.format, caselist_width(s.width), s.now, zone};
	size_t n = caselist_print(stdout, st, &s.f, &cl);
	sc_note("%zu open case%s", n, n == 1 ? "" : "s");
	sc_state_close(st);
	sc_sched_free(zone);
	if (s.config)
		routecfg_free(&cfg);
	buf_free(&err);
	buf_free(&dir);
	return sc_close_stdout();
}

static const struct sc_opt show_opts[] = {
	{"state", O_STATE, "DIR", "state directory (default $XDG_STATE_HOME/sc)"},
	{0},
};

static const struct sc_cmd show_cmd = {
	"sc-route show", "[--state DIR] CASE",
	"Print a case (a case number, 12 or #12, or a conversation id): its state,\n"
	"customer, queue and owner, then its conversation, both ways, in time order\n"
	"(\"-\" marks a message that needs no reply), then its owner history.",
	show_opts, NULL,
};

static int cmd_show(int argc, char **argv)
{
	struct buf err = BUF_INIT, dir = BUF_INIT;
	struct sc_state *st;
	struct sc_case c = {0};
	const char *state = NULL;
	char *arg;
	int o, found;

	while ((o = sc_getopt(argc, argv, &show_cmd, &arg)) != -1)
		if (o == O_STATE)
			state = arg;
	if (argc - sc_optind != 1)
		sc_usage_error(&show_cmd, "want one case (a case number or a conversation id)");
	if (state)
		buf_puts(&dir, state);
	else
		sc_state_default_dir(&dir);
	if (!(st = sc_state_open_existing(buf_cstr(&dir), &err)))
		sc_die(SC_EXIT_FAIL, "%s", err.p);
	found = sc_case_find_ref(st, argv[sc_optind], &c) && caselist_show(stdout, st, c.id);
	if (!found)
		sc_warn("no case '%s' in %s (give a case number or a conversation id)", argv[sc_optind],
			sc_state_path(st));
	sc_case_free(&c);
	sc_state_close(st);
	buf_free(&err);
	buf_free(&dir);
	o = sc_close_stdout();
	return !found ? SC_EXIT_FAIL : o;
}

static int cmd_check(int argc, char **argv)
{
	struct setup s;
	struct route_cfg cfg;
	struct rule_set *rules = NULL;
	struct buf err = BUF_INIT;
	int first = parse_opts(argc, argv, &check_cmd, &s);

	if (first < argc)
		sc_usage_error(&check_cmd, "unexpected argument '%s'", argv[first]);
	if (routecfg_load(&cfg, s.config, &err))
		sc_die(SC_EXIT_CONFIG, "%s: %s", s.config, err.p);
	if (cfg.nrules && !(rules = rules_compile(cfg.src, cfg.nrules, 0, &err)))
		sc_die(SC_EXIT_CONFIG, "%s: %s", s.config, err.p);
	routecheck_print(stdout, &cfg, s.has_now ? s.now : wall_clock());
	rules_free(rules);
	routecfg_free(&cfg);
	buf_free(&err);
	return sc_close_stdout();
}

int main(int argc, char **argv)
{
	sc_init("sc-route");
	if (argc > 1 && !strcmp(argv[1], "resolve"))
		return cmd_resolve(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "assign"))
		return cmd_assign(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "cases"))
		return cmd_cases(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "show"))
		return cmd_show(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	return cmd_route(argc, argv);
}
