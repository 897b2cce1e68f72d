/* sc-reply: templated, checked replies; posted, exactly once, only with
 * --send (sc-reply(1)).
 *
 *   sc-reply -c replies.json [--send] [--state DIR] [OPTION]... [FILE]...
 *   sc-reply check -c replies.json
 *
 * Each inbound record gets a "reply" object: the text (the agent's own
 * reply.text, else a template down the fallback chain), the mode, the
 * actions (ack, follow, invite, reply, dm, unfollow) with their ledger keys,
 * the length against the network's limit and the status. Without --send
 * nothing leaves the machine and the state is not touched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "diag.h"
#include "draft.h"
#include "opt.h"
#include "readpos.h"
#include "record.h"
#include "replycfg.h"
#include "replycheck.h"
#include "review.h"
#include "sctime.h"
#include "send.h"
#include "state.h"
#include "xoauth.h"

enum {
	O_CONFIG = 'c', O_SEND = 0x100, O_STATE, O_NETWORK, O_ACCOUNT, O_API, O_TOKEN_FILE,
	O_SESSION, O_REFRESH_FILE, O_MAX_WAIT, O_TIMEOUT, O_STRICT, O_REVIEW, O_VERBOSE = 'v',
	O_OUTPUT = 'o',
	O_MINE = 0x200, O_ASSIGNEE, O_QUEUE, O_CASE, O_ROUTES, O_TZ,
};

static const struct sc_opt reply_opts[] = {
	{"config", O_CONFIG, "FILE", "the replies configuration (replies.json; required)"},
	{"send", O_SEND, NULL, "post the replies (default: draft only, nothing leaves the machine)"},
	{"review", O_REVIEW, "FILE", "walk through FILE's drafts on the terminal, one key each (send, edit, DM, skip, resolve)"},
	{"state", O_STATE, "DIR", "state directory, for the ledger and -o's read position (default $XDG_STATE_HOME/sc)"},
	{"output", O_OUTPUT, "OUT", "append to OUT, each run only FILE's new lines (read position in the state)"},
	{"mine", O_MINE, NULL, "--review: only my drafts (SC_AGENT, as sc-route cases --mine), most urgent first"},
	{"assignee", O_ASSIGNEE, "NAME", "--review: only the drafts of the cases NAME owns"},
	{"queue", O_QUEUE, "NAME", "--review: only the drafts of queue NAME's cases"},
	{"case", O_CASE, "N", "--review: only the drafts of case N"},
	{"routes", O_ROUTES, "FILE", "--review: sc-route's configuration (the agent's zone; $USER as an agent)"},
	{"tz", O_TZ, "ZONE", "--review: due times in ZONE (default: the agent's, else TZ, else UTC)"},
	{"network", O_NETWORK, "NAME", "count, check and post as x, mastodon, bluesky, facebook or instagram (default: the record's source)"},
	{"account", O_ACCOUNT, "HANDLE", "the brand account to post from (default: the first record's)"},
	{"api", O_API, "URL", "API base URL (default: the network's own)"},
	{"token-file", O_TOKEN_FILE, "FILE", "read the token (Bluesky: app password) from FILE (mode 600)"},
	{"session", O_SESSION, "FILE", "keep Bluesky's login session and X's rotated tokens in FILE (default ~/.config/sc/sessions.db)"},
	{"refresh-token-file", O_REFRESH_FILE, "FILE", "X: the first OAuth refresh token (with SC_X_CLIENT_ID)"},
	{"max-wait", O_MAX_WAIT, "SECONDS", "wait out a rate limit up to this long (default 900)"},
	{"timeout", O_TIMEOUT, "SECONDS", "give up on one request after this long (default 30), then look it up"},
	{"strict", O_STRICT, NULL, "stop at the first bad input line"},
	{"verbose", O_VERBOSE, NULL, "report counts and requests on stderr"},
	{0},
};

static const struct sc_cmd reply_cmd = {
	"sc-reply", "-c FILE [--send] [OPTION]... [FILE]...\n"
	"  or:  sc-reply -c FILE --review DRAFTS [--mine | --assignee NAME] [--send] [OPTION]...",
	"Add a \"reply\" object to each inbound record: the reply's text from the\n"
	"agent's reply.text or a template, checked for tone and the network's length,\n"
	"and with --send, post it (follow, \"please DM us\" and DM for cases routed to\n"
	"DM; on resolve, unfollow each customer followed who has no other open case\n"
	"routed to DM), exactly once whatever happens (DIR/sc.db's ledger).",
	reply_opts,
	"Without FILE, or when FILE is -, standard input is read. With -o OUT and one\n"
	"FILE, each run reads FILE from where the last one stopped (whole lines only)\n"
	"and appends to OUT, each record once even across kill -9.\n"
	"Tokens: SC_X_TOKEN, SC_MASTODON_TOKEN, SC_BLUESKY_APP_PASSWORD, SC_META_TOKEN or --token-file.\n"
	"X with SC_X_CLIENT_ID set: the access token is refreshed at each run instead, the\n"
	"rotated refresh token kept in the --session file.\n"
	"A template variable the record has no value for fails the check; with --send every\n"
	"action of a record is checked before the first is sent. A record without an id\n"
	"is a bad line, never posted. These, and a reply refused by the network, exit 1.\n"
	"  sc-reply check -c FILE   check FILE and say what it sets up (sc-reply check --help)\n",
};

static const struct sc_opt check_opts[] = {
	{"config", O_CONFIG, "FILE", "the replies configuration to check (replies.json; required)"},
	{0},
};

static const struct sc_cmd check_cmd = {
	"sc-reply check", "-c FILE",
	"Check the configuration as a run would (keys, languages, every template's\n"
	"variables, tone checks, zones) and say what it sets up: the templates per\n"
	"language, the queues' zones and hours; then the templates a language lacks\n"
	"that another has, and the variables some records have no value for (a queue\n"
	"with no hours in a template's language, no \"*\" agent name for cases\n"
	"without an owner). Neither the state nor the network is touched.\n"
	"Exit 0 when the file is valid, 3 when not.",
	check_opts, NULL,
};

/* sc-reply check: loading is the check; the summary is lib/replycheck's. */
static int cmd_check(int argc, char **argv)
{
	const char *config = NULL;
	struct reply_cfg cfg;
	struct buf err = BUF_INIT;
	char *arg;
	int c;

	while ((c = sc_getopt(argc, argv, &check_cmd, &arg)) != -1)
		if (c == O_CONFIG)
			config = arg;
	if (sc_optind < argc)
		sc_usage_error(&check_cmd, "unexpected argument '%s'", argv[sc_optind]);
	if (!config)
		sc_usage_error(&check_cmd, "no configuration given (-c replies.json)");
	if (replycfg_load(&cfg, config, &err))
		sc_die(SC_EXIT_CONFIG, "%s: %s", config, err.p);
	replycheck_print(stdout, &cfg);
	replycfg_free(&cfg);
	buf_free(&err);
	return sc_close_stdout();
}

struct args {
	const char *config, *state, *network, *account, *api, *token_file, *session, *review;
	struct review_opts desk;   /* --mine, --assignee, --queue, --case, --routes, --tz */
	const char *refresh_file, *output;
	int send, strict;
	long long max_wait, timeout;
};

static int parse(int argc, char **argv, struct args *a)
{
	char *arg;
	int c;

	a->max_wait = 900;
	while ((c = sc_getopt(argc, argv, &reply_cmd, &arg)) != -1) {
		switch (c) {
		case O_CONFIG: a->config = arg; break;
		case O_SEND: a->send = 1; break;
		case O_STATE: a->state = arg; break;
		case O_NETWORK: a->network = arg; break;
		case O_ACCOUNT: a->account = arg[0] == '@' ? arg + 1 : arg; break;
		case O_API: a->api = arg; break;
		case O_TOKEN_FILE: a->token_file = arg; break;
		case O_SESSION: a->session = arg; break;
		case O_REFRESH_FILE: a->refresh_file = arg; break;
		case O_MAX_WAIT: a->max_wait = sc_opt_num(&reply_cmd, "max-wait", arg, 0, 86400); break;
		case O_TIMEOUT: a->timeout = sc_opt_num(&reply_cmd, "timeout", arg, 1, 3600); break;
		case O_STRICT: a->strict = 1; break;
		case O_REVIEW: a->review = arg; break;
		case O_OUTPUT: a->output = arg; break;
		case O_MINE: a->desk.mine = 1; break;
		case O_ASSIGNEE: a->desk.assignee = arg; break;
		case O_QUEUE: a->desk.queue = arg; break;
		case O_CASE: a->desk.case_id = sc_opt_num(&reply_cmd, "case", arg + (*arg == '#'), 1, INT64_MAX); break;
		case O_ROUTES: a->desk.routes = arg; break;
		case O_TZ: a->desk.tz = arg; break;
		case O_VERBOSE: sc_verbose = 1; break;
		}
	}
	if (!a->config)
		sc_usage_error(&reply_cmd, "no configuration given (-c replies.json)");
	if (a->network && strcmp(a->network, "x") && strcmp(a->network, "mastodon") &&
	    strcmp(a->network, "bluesky") && strcmp(a->network, "facebook") &&
	    strcmp(a->network, "instagram"))
		sc_usage_error(&reply_cmd, "--network '%s': want x, mastodon, bluesky, facebook or instagram",
			       a->network);
	if (a->api && strncmp(a->api, "https://", 8) && strncmp(a->api, "http://", 7))
		sc_usage_error(&reply_cmd, "--api '%s': want an http:// or https:// URL",
			       http_url_shown(a->api));
	if (a->review && a->output)
		sc_usage_error(&reply_cmd, "--review writes no output file (-o)");
	if (!a->review && (a->desk.mine || a->desk.assignee || a->desk.queue || a->desk.case_id ||
			   a->desk.routes || a->desk.tz))
		sc_usage_error(&reply_cmd, "--mine, --assignee, --queue, --case, --routes and --tz choose what --review shows: give --review DRAFTS");
	if (a->desk.mine && a->desk.assignee)
		sc_usage_error(&reply_cmd, "--mine and --assignee: give one of them");
	if (a->review && sc_optind < argc)
		sc_usage_error(&reply_cmd, "--review reads its own FILE: no other input ('%s')", argv[sc_optind]);
	return sc_optind;
}

/* What posting needs, opened at the first record to send (its network and
 * account, unless --network and --account say). */
struct out {
	const struct args *a;
	struct buf dir, secret, err, network, account;
	struct sc_run_lock *lock;
	struct sc_state *st;
	struct sc_sessions *ss;
	struct poster *p;
	struct sender s;
	int open;
};

static const char *token_env(const char *network)
{
	return !strcmp(network, "x") ? "SC_X_TOKEN" : !strcmp(network, "mastodon") ? "SC_MASTODON_TOKEN" :
	       !strcmp(network, "bluesky") ? "SC_BLUESKY_APP_PASSWORD" : "SC_META_TOKEN";
}

/* One sender per network and account: "reply-x", not sc-fetch's lock. */
static void lock_open(struct out *o, const char *network, const char *account)
{
	struct buf name = BUF_INIT;

	buf_printf(&name, "reply-%s", network);
	o->lock = sc_run_lock(buf_cstr(&o->dir), buf_cstr(&name), account, &o->err);
	buf_free(&name);
}

static void open_out(struct out *o, struct drafter *d, const char *network, const char *account)
{
	const struct args *a = o->a;
	struct post_opts po = {0};
	int login = !strcmp(network, "bluesky");
	const char *client = xoauth_client_id(network); /* X: the token comes from a refresh */

	buf_puts(&o->network, network);
	buf_puts(&o->account, account);
	buf_cstr(&o->network);
	buf_cstr(&o->account);
	if (a->state)
		buf_puts(&o->dir, a->state);
	else
		sc_state_default_dir(&o->dir);
	if (!client && auth_secret(token_env(network), a->token_file, &o->secret, &o->err))
		sc_die(SC_EXIT_CONFIG, "%s", o->err.p);
	lock_open(o, network, account);
	if (!o->lock)
		sc_die(SC_EXIT_FAIL, "%s", o->err.p);
	if (!(o->st = sc_state_open(o->dir.p, &o->err)))
		sc_die(SC_EXIT_FAIL, "%s", o->err.p);
	if (login || client) {
		struct buf path = BUF_INIT;
		if (a->session)
			buf_puts(&path, a->session);
		else
			sc_sessions_default_path(&path);
		if (!(o->ss = sc_sessions_open(buf_cstr(&path), &o->err)))
			sc_die(SC_EXIT_CONFIG, "%s", o->err.p);
		buf_free(&path);
	}
	po.network = network;
	po.api = a->api;
	po.account = account;
	po.token = login ? NULL : o->secret.p;
	po.secret = login ? o->secret.p : NULL;
	po.sessions = o->ss;
	po.client_id = client;
	po.refresh_file = a->refresh_file;
	po.state = o->st;
	po.max_wait_s = (long)a->max_wait;
	po.timeout_s = (long)a->timeout;
	po.verbose = sc_verbose;
	if (!(o->p = post_open(&po, &o->err)))
		sc_die(SC_EXIT_CONFIG, "--send: %s", o->err.p);
	if (o->p->limit)
		d->limit = o->p->limit(o->p);
	sender_init(&o->s, o->p, o->st);
	o->open = 1;
}

static void close_out(struct out *o)
{
	if (o->open) {
		sc_note("%lu posted, %lu already in the ledger, %lu refused, %lu unfollowed, %lu requests",
			o->s.posted, o->s.already, o->s.failed, o->s.unfollowed, o->p->requests);
		sender_free(&o->s);
		o->p->close(o->p);
	}
	sc_sessions_close(o->ss);
	sc_state_close(o->st);
	sc_run_unlock(o->lock);
	auth_wipe(&o->secret);
	buf_free(&o->dir);
	buf_free(&o->err);
	buf_free(&o->network);
	buf_free(&o->account);
}

static void skip_other(struct draft *dr, const struct out *o)
{
	dr->status = DS_SKIPPED;
	buf_reset(&dr->error);
	buf_printf(&dr->error, "not this run's account: this run posts as %s on %s; run sc-reply "
		   "again for %s on %s", o->account.p, o->network.p,
		   dr->account.len ? dr->account.p : "?", dr->network.p);
	buf_cstr(&dr->error);
}

/* A reply posted now answers its case at once (sc-state(5)): the desk
 * stops showing it waiting before sc-fetch brings the reply back, under
 * the id it will have then (NETWORK:REMOTE-ID), so it is kept once. It
 * answers the message it was drafted for and those before it, not one
 * written while the agent typed and fetched later: that one still waits. */
static void answered(struct out *o, const struct draft *dr)
{
	const struct draft_act *m = &dr->acts[dr->main];
	struct buf id = BUF_INIT;
	char now[SC_TIME_MAX], covers[SC_TIME_MAX];
	struct timespec ts;
	struct sc_time t;
	const char *why;

	clock_gettime(CLOCK_REALTIME, &ts);
	sc_time_format((struct sc_time){ts.tv_sec, 0}, now);
	/* a record without a readable time was routed at sc-route's clock,
	 * which was before the send: now is the best bound there is */
	if (dr->created_at.len && !sc_time_parse(dr->created_at.p, dr->created_at.len, &t, &why))
		sc_time_format((struct sc_time){t.sec, 0}, covers);
	else
		memcpy(covers, now, sizeof now);
	buf_printf(&id, "%s:%s", dr->network.p, m->remote_id.p);
	struct sc_message msg = {.record_id = id.p, .conversation_id = dr->conversation.p, .at = now,
		.direction = "out", .author = o->account.p, .text = m->text.p, .covers = covers};
	if (sc_case_answered_now(o->st, dr->conversation.p, now, &msg))
		sc_warn("%s: the reply was sent, but its case could not be marked answered: %s",
			dr->record_id.p, sc_state_error(o->st));
	buf_free(&id);
}

/* Sends dr through the run's poster, opened at the first record. */
static int send_one(struct out *o, struct drafter *d, struct draft *dr)
{
	const char *account = o->a->account ? o->a->account : dr->account.p;

	if (dr->pass || dr->status != DS_DRAFTED)
		return SC_EXIT_OK;
	if (!o->open) {
		if (!dr->network.len || !account || !*account) {
			dr->status = DS_SKIPPED;
			buf_puts(&dr->error, "no network or account to post from: give --network and --account");
			buf_cstr(&dr->error);
			return SC_EXIT_OK;
		}
		open_out(o, d, dr->network.p, account);
	}
	if (strcmp(dr->network.p, o->network.p) ||
	    (strcmp(dr->mode, "resolve") && dr->account.len && !o->a->account &&
	     strcmp(dr->account.p, o->account.p))) {
		skip_other(dr, o);
		return SC_EXIT_OK;
	}
	unsigned long posted = o->s.posted;
	int rc = send_draft(&o->s, dr);
	if (o->s.posted > posted && dr->status == DS_SENT && dr->main >= 0 && strcmp(dr->mode, "resolve"))
		answered(o, dr);
	return rc;
}

struct review_ctx {
	struct out *o;
	struct drafter *d;
};

static int review_send(void *ctx, struct draft *dr)
{
	struct review_ctx *c = ctx;

	return send_one(c->o, c->d, dr);
}

/* --review: the walk is lib/review's; sending goes through send_one. */
static int review(struct args *a, struct drafter *d, struct out *o)
{
	struct review_ctx c = {o, d};
	struct review_opts ro = a->desk;

	ro.file = a->review;
	ro.state_dir = a->state;
	ro.send = a->send;
	ro.d = d;
	ro.send_fn = review_send;
	ro.ctx = &c;
	return review_run(&ro);
}

/* --send with stdout's reader gone: the run stops, and the records not
 * read yet were not sent; that is not a success. */
static void stopped_early(void *ctx)
{
	struct recin *in = ctx;

	if (!lines_more(&in->l))
		return; /* nothing was left: every record went through */
	sc_warn_at(recin_file(in), recin_line(in), "standard output was closed: stopped after "
		   "this record; the records after it were not sent (run sc-reply again on them)");
	exit(SC_EXIT_FAIL);
}

int main(int argc, char **argv)
{
	struct args a = {0};
	struct reply_cfg cfg;
	struct drafter d;
	struct draft dr;
	struct recin in;
	struct readpos rp;
	struct out o = {0};
	struct buf json = BUF_INIT, err = BUF_INIT;
	unsigned long n[4] = {0};
	int first, status = 0;

	sc_init("sc-reply");
	if (argc > 1 && !strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	first = parse(argc, argv, &a);
	if (replycfg_load(&cfg, a.config, &err))
		sc_die(SC_EXIT_CONFIG, "%s: %s", a.config, err.p);
	o.a = &a;
	drafter_init(&d, &cfg);
	d.network = a.network;
	draft_init(&dr);
	if (a.review) {
		status = review(&a, &d, &o);
		close_out(&o);
		draft_free(&dr);
		drafter_free(&d);
		replycfg_free(&cfg);
		return status;
	}
	if (a.output)
		readpos_start(&rp, &reply_cmd, NULL, a.state, a.send ? "send" : "reply", argv + first,
			      argc - first, a.output, &in, a.strict);
	else
		recin_open(&in, argv + first, argc - first, a.strict);
	in.lazy = 1; /* drafting reads its fields in place: no jv per record */
	if (a.send)
		sc_on_stdout_closed(stopped_early, &in);
	while (recin_next(&in)) {
		draft_record_in(&d, &in.doc, &dr);
		if (dr.bad) {
			recin_bad(&in, "%s", dr.bad);
			continue;
		}
		if (a.send) {
			int rc = send_one(&o, &d, &dr);
			status = rc > status ? rc : status;
		}
		if (dr.pass) {
			rec_write(stdout, in.line, in.len);
			continue;
		}
		n[dr.status]++;
		if (dr.status == DS_FAILED) {
			sc_warn_at(recin_file(&in), recin_line(&in), "%s", dr.error.p);
			status = status ? status : SC_EXIT_FAIL;
		}
		draft_json(&dr, &json);
		rec_splice(stdout, &in, "reply", json.p, json.len);
	}
	sc_note("%lu drafted, %lu sent, %lu skipped, %lu failed", n[DS_DRAFTED], n[DS_SENT],
		n[DS_SKIPPED], n[DS_FAILED]);
	if (recin_status(&in) && !status)
		status = recin_status(&in);
	if (a.output) {
		if (readpos_finish(&rp))
			status = SC_EXIT_FAIL;
		readpos_close(&rp);
	}
	recin_close(&in);
	close_out(&o);
	draft_free(&dr);
	drafter_free(&d);
	replycfg_free(&cfg);
	buf_free(&json);
	buf_free(&err);
	first = sc_close_stdout();
	return status ? status : first;
}
