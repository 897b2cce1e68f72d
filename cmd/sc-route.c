/* sc-route: who answers, how, and by when (sc-route(1)).
 *
 *   sc-route -c routes.json [--state DIR] [--now TIME] [--explain] [FILE]...
 *   sc-route resolve -c routes.json [--state DIR] [--now TIME] CONVERSATION...
 *
 * Reads records, adds a "route" object (queue, assignee, mode, priority,
 * due, rule, why…) and keeps cases and owners in the state store. State
 * changes are made in transactions of up to --batch records; a batch ends
 * before any read that could wait (a pipe with nothing buffered), and its
 * output is written only after the commit, so the write lock is never held
 * across a slow reader or writer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "diag.h"
#include "opt.h"
#include "jsonw.h"
#include "record.h"
#include "router.h"

enum { O_CONFIG = 'c', O_STATE = 0x100, O_NOW, O_EXPLAIN, O_BATCH, O_STRICT, O_VERBOSE = 'v' };

static const struct sc_opt route_opts[] = {
	{"config", O_CONFIG, "FILE", "the routing configuration (routes.json; required)"},
	{"state", O_STATE, "DIR", "state directory (default $XDG_STATE_HOME/sc)"},
	{"now", O_NOW, "TIME", "route as of TIME (RFC 3339) instead of each message's time"},
	{"explain", O_EXPLAIN, NULL, "tell on stderr, per record, which rules were tried and why"},
	{"batch", O_BATCH, "N", "records per state transaction when reading files (default 1000)"},
	{"strict", O_STRICT, NULL, "stop at the first bad input line"},
	{"verbose", O_VERBOSE, NULL, "report counts on stderr"},
	{0},
};

static const struct sc_cmd route_cmd = {
	"sc-route", "-c FILE [OPTION]... [FILE]...",
	"Add a \"route\" object to each record: queue, assignee, mode (public, dm\n"
	"or none), priority, due time in the queue's open hours, and the rule that\n"
	"decided. Cases keep one owner until resolved (state in DIR/sc.db).",
	route_opts,
	"Without FILE, or when FILE is -, standard input is read.\n"
	"A record {\"type\":\"resolve\",\"conversation_id\":ID} resolves a case;\n"
	"so does 'sc-route resolve -c FILE ID...'.\n",
};

static const struct sc_cmd resolve_cmd = {
	"sc-route resolve", "-c FILE [OPTION]... CONVERSATION...",
	"Resolve the cases of the given conversations: their owners are free, and\n"
	"cases waiting in their queues go to them, oldest first. One JSON line per\n"
	"conversation on standard output.",
	route_opts, NULL,
};

struct setup {
	const char *config, *state;
	struct sc_time now;
	int has_now, explain, strict;
	long long batch;
};

static int parse_opts(int argc, char **argv, const struct sc_cmd *cmd, struct setup *s)
{
	char *arg;
	const char *why;
	int c;

	memset(s, 0, sizeof *s);
	s->batch = 1000;
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
		case O_BATCH: s->batch = sc_opt_num(cmd, "batch", arg, 1, 1000000); break;
		case O_STRICT: s->strict = 1; break;
		case O_VERBOSE: sc_verbose = 1; break;
		}
	}
	if (!s->config)
		sc_usage_error(cmd, "no configuration given (-c routes.json)");
	return sc_optind;
}

struct world {
	struct route_cfg cfg;
	struct rule_set *rules;
	struct sc_state *st;
	struct router r;
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
	if (!(w->st = sc_state_open(buf_cstr(&dir), &err)))
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

static void commit(struct world *w)
{
	router_batch_end(&w->r);
	if (sc_state_commit(w->st))
		sc_die(SC_EXIT_FAIL, "%s", sc_state_error(w->st));
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

static void pending_write(struct pending *o)
{
	if (fflush(o->f))
		sc_die(SC_EXIT_FAIL, "out of memory");
	if (o->n && fwrite(o->p, 1, o->n, stdout) != o->n)
		sc_flush_stdout();
	fclose(o->f);
	free(o->p);
	pending_open(o);
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

static void explain(const struct recin *in, struct router *r)
{
	const char *s = r->explain_out.p, *e;
	const char *id = NULL;
	jv v = jv_object_get(jv_copy(in->v), jv_string("id"));

	if (jv_get_kind(v) == JV_KIND_STRING)
		id = jv_string_value(v);
	for (; s && s < r->explain_out.p + r->explain_out.len; s = e + 1) {
		e = memchr(s, '\n', (size_t)(r->explain_out.p + r->explain_out.len - s));
		if (!e)
			e = r->explain_out.p + r->explain_out.len;
		fprintf(stderr, "%s: explain %s:%lu %s: %.*s\n", sc_progname, recin_file(in),
			recin_line(in), id ? id : "(no id)", (int)(e - s), s);
	}
	jv_free(v);
}

static int cmd_route(int argc, char **argv)
{
	struct setup s;
	struct world w;
	struct recin in;
	struct pending out;
	int first = parse_opts(argc, argv, &route_cmd, &s), intx = 0, status;
	long long n = 0;

	open_world(&w, &s);
	recin_open(&in, argv + first, argc - first, s.strict);
	pending_open(&out);
	while (recin_next(&in)) {
		const char *why = router_refuse(&w.r, in.v);
		if (why) {
			recin_bad(&in, "%s", why);
			continue;
		}
		if (!intx++)
			begin(&w);
		w.r.where_file = recin_file(&in);
		w.r.where_line = recin_line(&in);
		if (router_record(&w.r, in.v) == ROUTE_SPLICE)
			rec_splice(out.f, &in, "route", w.r.json.p, w.r.json.len);
		else
			rec_write(out.f, in.line, in.len);
		if (s.explain)
			explain(&in, &w.r);
		if (++n >= s.batch || may_wait(&in.l)) {
			commit(&w);
			pending_write(&out);
			intx = n = 0;
		}
	}
	if (intx)
		commit(&w);
	pending_write(&out);
	fclose(out.f);
	free(out.p);
	sc_note("%lu routed, %lu outbound, %lu resolved, %lu duplicates, %lu without an owner",
		w.r.routed, w.r.outbound, w.r.resolved, w.r.duplicates, w.r.waiting);
	status = recin_status(&in);
	recin_close(&in);
	close_world(&w);
	n = sc_close_stdout();
	return status ? status : (int)n;
}

static int cmd_resolve(int argc, char **argv)
{
	struct setup s;
	struct world w;
	struct buf line = BUF_INIT;
	int first = parse_opts(argc, argv, &resolve_cmd, &s);

	if (first >= argc)
		sc_usage_error(&resolve_cmd, "no conversation given");
	if (!s.has_now) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		s.now = (struct sc_time){ts.tv_sec, 0};
	}
	open_world(&w, &s);
	begin(&w);
	for (int i = first; i < argc; i++) {
		struct jsonw jw;
		router_resolve(&w.r, argv[i], s.now);
		jw_begin(&jw, &line);
		jw_cstr(&jw, "type", "resolve");
		jw_cstr(&jw, "conversation_id", argv[i]);
		jw_raw(&jw, "route", w.r.json.p, w.r.json.len);
		jw_end(&jw);
		buf_putc(&line, '\n');
	}
	commit(&w); /* then the output: the lock is not held while writing */
	if (line.len && fwrite(line.p, 1, line.len, stdout) != line.len)
		sc_flush_stdout();
	buf_free(&line);
	close_world(&w);
	return sc_close_stdout();
}

int main(int argc, char **argv)
{
	sc_init("sc-route");
	if (argc > 1 && !strcmp(argv[1], "resolve"))
		return cmd_resolve(argc - 1, argv + 1);
	return cmd_route(argc, argv);
}
