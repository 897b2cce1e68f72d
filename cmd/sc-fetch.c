/* sc-fetch: bring messages in as sc records (sc-record(5)).
 *
 *   sc-fetch csv   [OPTION]... [FILE]...   archives in CSV (the TWCS layout or --map)
 *   sc-fetch jsonl [OPTION]... [FILE]...   archives in JSON lines
 *   sc-fetch x-archive [OPTION]... DIR|FILE...   an X "Download your archive" export
 *   sc-fetch x --account HANDLE [--dm] [--outbound] [OPTION]...   X API v2
 *   sc-fetch mastodon --instance URL [OPTION]...                  Mastodon
 *   sc-fetch bluesky --handle HANDLE [--dm] [--outbound] [OPTION]... Bluesky
 *   sc-fetch facebook --page PAGE_ID [OPTION]...                  Graph API
 *   sc-fetch instagram --account IG_USER_ID [--page PAGE_ID] [OPTION]...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth.h"
#include "diag.h"
#include "fetch.h"
#include "import.h"
#include "import_xarchive.h"
#include "net_bluesky.h"
#include "net_mastodon.h"
#include "net_meta.h"
#include "net_x.h"
#include "opt.h"
#include "state.h"
#include "xoauth.h"

enum {
	O_MAP = 'm', O_SOURCE = 0x100, O_BRAND, O_WINDOW, O_STRICT, O_DELIM, O_FORMAT,
	O_VERBOSE = 'v'
};

#define IMPORT_COMMON_OPTS \
	{"map", O_MAP, "FIELD=NAME", "take record FIELD from column/key NAME (repeatable)"}, \
	{"source", O_SOURCE, "NAME", "source name and id prefix (default: the command)"}, \
	{"brand", O_BRAND, "HANDLE", "HANDLE is a brand account (repeatable)"}, \
	{"window", O_WINDOW, "N", "hold at most N rows for threading (default 50000)"}, \
	{"strict", O_STRICT, NULL, "stop at the first bad row"}, \
	{"verbose", O_VERBOSE, NULL, "report counts on stderr"}

static const struct sc_opt csv_opts[] = {
	{"delimiter", O_DELIM, "C", "fields are split at C: , ; or \\t (default: from the header)"},
	IMPORT_COMMON_OPTS,
	{0},
};

static const struct sc_opt jsonl_opts[] = {
	{"format", O_FORMAT, "NAME", "read every line as NAME: generic, v1.1, v2, twarc2, flat"},
	IMPORT_COMMON_OPTS,
	{0},
};

static const char import_epilog[] =
	"FIELD is one of: id, author.handle, author.id, author.name, author.followers,\n"
	"author.verified, inbound, direction, created_at, text, in_reply_to,\n"
	"conversation_id, channel, account, lang, url, replies (ids of replies,\n"
	"comma-separated, used to find the brand an inbound message was for),\n"
	"in_reply_to_author (the handle of the author of the message answered).\n"
	"Without FILE, or when FILE is -, standard input is read.\n";

static const struct sc_cmd csv_cmd = {
	"sc-fetch csv", "[OPTION]... [FILE]...",
	"Import CSV archives (the \"Customer Support on Twitter\" layout, or any\n"
	"other through --map) as sc records on standard output. The delimiter\n"
	"(comma, semicolon or tab) is the one that splits the header line into\n"
	"the most known column names.",
	csv_opts, import_epilog,
};

static const struct sc_cmd jsonl_cmd = {
	"sc-fetch jsonl", "[OPTION]... [FILE]...",
	"Import JSON-lines archives as sc records on standard output. Each line's\n"
	"shape is recognised: X API v1.1 tweets (id_str, user), X API v2 answers\n"
	"and twarc2 pages (data, includes), twarc2 flattened tweets (author);\n"
	"any other object is read by key (generic, --map). Retweets are left out.",
	jsonl_opts, import_epilog,
};

static const struct sc_opt xarchive_opts[] = {
	{"window", O_WINDOW, "N", "hold at most N tweets for threading (default 50000)"},
	{"strict", O_STRICT, NULL, "stop at the first bad element"},
	{"verbose", O_VERBOSE, NULL, "report counts on stderr"},
	{0},
};

static const struct sc_cmd xarchive_cmd = {
	"sc-fetch x-archive", "[OPTION]... DIR|FILE...",
	"Import an X archive export (the data/ folder of \"Download your archive\", or\n"
	"its tweets.js, direct-messages.js, direct-messages-group.js files) as sc records.",
	xarchive_opts,
	"The brand is the archive's owner, from account.js: its tweets are outbound;\n"
	"in direct messages the sender decides the direction.\n",
};

static const struct sc_cmd top_cmd = {
	"sc-fetch", "COMMAND [OPTION]... [ARG]...",
	"Bring messages in as sc records (JSON lines) on standard output.",
	(const struct sc_opt[]){{0}},
	"Commands:\n"
	"  csv       import CSV archives (\"Customer Support on Twitter\" layout, --map)\n"
	"  jsonl     import JSON-lines archives\n"
	"  x-archive import an X \"Download your archive\" export\n"
	"  x         fetch mentions, the brand's posts and DMs from the X API v2\n"
	"  mastodon  fetch mentions (direct ones too) and own statuses from Mastodon\n"
	"  bluesky   fetch mentions, replies, quotes, chat messages and own posts from Bluesky\n"
	"  facebook  fetch a Page's post comments and Messenger messages (Graph API)\n"
	"  instagram fetch an Instagram account's media comments and messages\n"
	"Run 'sc-fetch COMMAND --help' for a command's options.\n",
};

static int cmd_import(int argc, char **argv, const struct sc_cmd *cmd,
		      int (*import)(struct importer *, const char *))
{
	struct importer imp;
	const char *source = strchr(cmd->name, ' ') + 1;
	const char *maps[64], *brands[64];
	int nmaps = 0, nbrands = 0, strict = 0, status, failed = 0, delim = 0, format = JF_AUTO;
	long long window = 50000;
	char *arg;
	int c;

	while ((c = sc_getopt(argc, argv, cmd, &arg)) != -1) {
		switch (c) {
		case O_MAP:
			if (nmaps == 64)
				sc_usage_error(cmd, "too many --map options");
			maps[nmaps++] = arg;
			break;
		case O_SOURCE:
			if (!*arg || strpbrk(arg, ": \t"))
				sc_usage_error(cmd, "--source: '%s' must be a word without ':'", arg);
			source = arg;
			break;
		case O_BRAND:
			if (nbrands == 64)
				sc_usage_error(cmd, "too many --brand options");
			brands[nbrands++] = arg[0] == '@' ? arg + 1 : arg;
			break;
		case O_WINDOW:
			window = sc_opt_num(cmd, "window", arg, 16, 100000000);
			break;
		case O_STRICT:
			strict = 1;
			break;
		case O_DELIM:
			if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
				arg = "\t";
			if (strlen(arg) != 1 || *arg == '"' || *arg == '\n' || *arg == '\r')
				sc_usage_error(cmd, "--delimiter '%s': want one character (\\t or tab for "
					       "a tab), not a quote or a line break", arg);
			delim = (unsigned char)*arg;
			break;
		case O_FORMAT:
			if ((format = jsonl_format_by_name(arg)) < 0)
				sc_usage_error(cmd, "--format '%s': want generic, v1.1, v2, twarc2 or flat",
					       arg);
			break;
		case O_VERBOSE:
			sc_verbose = 1;
			break;
		}
	}
	/* 64 KiB writes, not 4 KiB (glibc ignores the size without a buffer) */
	static char outbuf[1 << 16];
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	imp_init(&imp, source, (size_t)window, stdout);
	imp.strict = strict;
	imp.delim = delim;
	imp.format = format;
	imp.source_named = source != strchr(cmd->name, ' ') + 1;
	for (int i = 0; i < nmaps; i++)
		if (imp_set_map(&imp, maps[i]))
			sc_usage_error(cmd, "--map '%s': want FIELD=NAME with a FIELD from --help", maps[i]);
	for (int i = 0; i < nbrands; i++)
		thread_brand(imp.th, brands[i]);

	if (sc_optind >= argc) {
		failed |= import(&imp, "-") != 0;
	} else {
		for (int i = sc_optind; i < argc && !imp.stopped; i++)
			failed |= import(&imp, argv[i]) != 0;
	}
	status = imp_finish(&imp);
	sc_note("%lu rows, %lu bad, %lu duplicates, %lu replies to tweets not in the input, "
		"%lu retweets left out", imp.rows, imp.bad, imp.dups, thread_orphans(imp.th),
		imp.retweets);
	if (imp.bad && !sc_verbose)
		sc_warn("%lu bad row%s skipped", imp.bad, imp.bad == 1 ? "" : "s");
	imp_free(&imp);
	if (failed && status == SC_EXIT_OK)
		status = SC_EXIT_FAIL;
	c = sc_close_stdout();
	return status ? status : c;
}

static int cmd_xarchive(int argc, char **argv)
{
	struct importer imp;
	struct xarchive x = {.imp = &imp};
	long long window = 50000;
	int strict = 0, failed = 0, status, c;
	char *arg;

	while ((c = sc_getopt(argc, argv, &xarchive_cmd, &arg)) != -1) {
		switch (c) {
		case O_WINDOW:
			window = sc_opt_num(&xarchive_cmd, "window", arg, 16, 100000000);
			break;
		case O_STRICT: strict = 1; break;
		case O_VERBOSE: sc_verbose = 1; break;
		}
	}
	if (sc_optind >= argc)
		sc_usage_error(&xarchive_cmd, "name the archive's data/ folder or its files");
	imp_init(&imp, "x", (size_t)window, stdout);
	imp.strict = strict;
	for (int i = sc_optind; i < argc && !imp.stopped; i++) {
		struct stat sb;
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			failed |= xarchive_dir(&x, argv[i]) != 0;
		else
			failed |= xarchive_file(&x, argv[i]) != 0;
	}
	status = imp_finish(&imp);
	sc_note("%lu tweets, %lu direct messages, %lu deleted tweets skipped, %lu bad, "
		"%lu replies to tweets not in the archive", x.tweets, x.dms, x.deleted, imp.bad,
		thread_orphans(imp.th));
	if (imp.bad && !sc_verbose)
		sc_warn("%lu bad element%s skipped", imp.bad, imp.bad == 1 ? "" : "s");
	imp_free(&imp);
	xarchive_free(&x);
	if (failed && status == SC_EXIT_OK)
		status = SC_EXIT_FAIL;
	c = sc_close_stdout();
	return status ? status : c;
}

enum {
	O_ACCOUNT = 0x200, O_DM, O_OUTBOUND, O_TOKEN_FILE, O_API, O_STATE, O_SINCE, O_LIMIT,
	O_MAX_WAIT, O_TIMEOUT, O_DRY_RUN, O_INSTANCE, O_HANDLE, O_SESSION, O_REFRESH_FILE,
	O_PAGE, O_IG_PAGE, O_OUTPUT = 'o',
};

#define NET_COMMON_OPTS \
	{"output", O_OUTPUT, "FILE", "append to FILE, exactly once even across kill -9"}, \
	{"state", O_STATE, "DIR", "state directory (default $XDG_STATE_HOME/sc)"}, \
	{"api", O_API, "URL", "API base URL (default: the network's own)"}, \
	{"since", O_SINCE, "TIME", "nothing older than TIME (RFC 3339 or epoch)"}, \
	{"limit", O_LIMIT, "N", "at most N records per stream in this run"}, \
	{"max-wait", O_MAX_WAIT, "SECONDS", "wait out a rate limit up to this long (default 900)"}, \
	{"timeout", O_TIMEOUT, "SECONDS", "give up on one request after this long (default 30)"}, \
	{"dry-run", O_DRY_RUN, NULL, "print the requests (token masked), send nothing"}, \
	{"verbose", O_VERBOSE, NULL, "report requests, quota left and what the run cost"}

static const struct sc_opt x_opts[] = {
	{"account", O_ACCOUNT, "HANDLE", "the brand's X handle (required)"},
	{"dm", O_DM, NULL, "also fetch direct messages"},
	{"outbound", O_OUTBOUND, NULL, "also fetch the brand's own posts (direction out)"},
	{"token-file", O_TOKEN_FILE, "FILE", "read the bearer token from FILE (mode 600)"},
	{"refresh-token-file", O_REFRESH_FILE, "FILE", "the first OAuth refresh token (with SC_X_CLIENT_ID)"},
	{"session", O_SESSION, "FILE", "keep rotated tokens in FILE (default ~/.config/sc/sessions.db)"},
	NET_COMMON_OPTS,
	{0},
};

static const struct sc_opt mastodon_opts[] = {
	{"instance", O_INSTANCE, "URL", "the Mastodon server, https://host (required)"},
	{"outbound", O_OUTBOUND, NULL, "also fetch the account's own statuses (direction out)"},
	{"token-file", O_TOKEN_FILE, "FILE", "read the access token from FILE (mode 600)"},
	NET_COMMON_OPTS,
	{0},
};

static const struct sc_opt bluesky_opts[] = {
	{"handle", O_HANDLE, "HANDLE", "the brand's Bluesky handle (required)"},
	{"dm", O_DM, NULL, "also fetch the account's chat messages (direct messages)"},
	{"outbound", O_OUTBOUND, NULL, "also fetch the account's own posts and replies (direction out)"},
	{"token-file", O_TOKEN_FILE, "FILE", "read the app password from FILE (mode 600)"},
	{"session", O_SESSION, "FILE", "keep the login session in FILE (default ~/.config/sc/sessions.db)"},
	NET_COMMON_OPTS,
	{0},
};

static const struct sc_opt facebook_opts[] = {
	{"page", O_PAGE, "PAGE_ID", "the Facebook Page's numeric id (required)"},
	{"token-file", O_TOKEN_FILE, "FILE", "read the Page access token from FILE (mode 600)"},
	NET_COMMON_OPTS,
	{0},
};

static const struct sc_opt instagram_opts[] = {
	{"account", O_ACCOUNT, "IG_USER_ID", "the Instagram professional account's id (required)"},
	{"page", O_IG_PAGE, "PAGE_ID", "read messages through this linked Facebook Page"},
	{"token-file", O_TOKEN_FILE, "FILE", "read the Page access token from FILE (mode 600)"},
	NET_COMMON_OPTS,
	{0},
};

struct net_cmd {
	struct sc_cmd cmd;
	const char *source, *token_env, *api, *reset_header, *remaining_header;
	int (*run)(struct net *n);
	int login;  /* the secret is a password for a session, not a token */
};

static const struct net_cmd x_net = {
	{"sc-fetch x", "--account HANDLE [--dm] [--outbound] [OPTION]...",
	 "Fetch new mentions of an X account (and with --dm its direct messages,\n"
	 "with --outbound its own posts) from the X API v2 as sc records.",
	 x_opts,
	 "The token (OAuth 2.0 user context) comes from SC_X_TOKEN or --token-file;\n"
	 "with SC_X_CLIENT_ID set, it is refreshed on each run instead, the rotated\n"
	 "refresh token kept in the --session file.\n"
	 "Each message comes out once: the cursors move only after the records are\n"
	 "written (see sc-fetch(1) for -o and kill -9).\n"},
	"x", "SC_X_TOKEN", "https://api.x.com", "x-rate-limit-reset", "x-rate-limit-remaining",
	net_x_run,
};

static const struct net_cmd mastodon_net = {
	{"sc-fetch mastodon", "--instance URL [--outbound] [OPTION]...",
	 "Fetch new mentions (direct messages included) of the account a token\n"
	 "belongs to on a Mastodon server, and with --outbound its own statuses.",
	 mastodon_opts,
	 "The access token comes from SC_MASTODON_TOKEN or --token-file. The state\n"
	 "keeps one set of cursors per server host.\n"},
	"mastodon", "SC_MASTODON_TOKEN", NULL, "X-RateLimit-Reset", "X-RateLimit-Remaining",
	net_mastodon_run,
};

static const struct net_cmd bluesky_net = {
	{"sc-fetch bluesky", "--handle HANDLE [--dm] [--outbound] [OPTION]...",
	 "Fetch new mentions, replies and quotes of a Bluesky account (and with --dm\n"
	 "its chat messages, with --outbound its own posts) as sc records.",
	 bluesky_opts,
	 "The app password comes from SC_BLUESKY_APP_PASSWORD or --token-file. The\n"
	 "session it opens is kept in the --session file (never in the state\n"
	 "directory) and refreshed on each run, so the password is used to log in\n"
	 "only when there is no session to refresh.\n"},
	"bluesky", "SC_BLUESKY_APP_PASSWORD", "https://bsky.social", "ratelimit-reset",
	"ratelimit-remaining", net_bluesky_run, 1,
};

#define META_API "https://graph.facebook.com/v21.0"

static const struct net_cmd facebook_net = {
	{"sc-fetch facebook", "--page PAGE_ID [OPTION]...",
	 "Fetch new comments on a Facebook Page's posts and its Messenger messages\n"
	 "from the Graph API as sc records (the Page's own: direction out).",
	 facebook_opts,
	 "The Page access token comes from SC_META_TOKEN or --token-file. Each stream\n"
	 "keeps a time watermark: a run reads 300 s behind it again and drops the ids\n"
	 "it has already written. Error 190 (token expired) exits 4; the rate limits\n"
	 "(errors 4, 17, 32, 613, 80000-80014) are waited out under --max-wait, else\n"
	 "exit 5 with the state saved.\n"},
	"facebook", "SC_META_TOKEN", META_API, NULL, NULL, net_facebook_run,
};

static const struct net_cmd instagram_net = {
	{"sc-fetch instagram", "--account IG_USER_ID [--page PAGE_ID] [OPTION]...",
	 "Fetch new comments (and replies) on an Instagram professional account's\n"
	 "media and its Instagram messages from the Graph API as sc records.",
	 instagram_opts,
	 "The token comes from SC_META_TOKEN or --token-file. Messages are listed\n"
	 "through --page (the linked Facebook Page) when given, else through the\n"
	 "Instagram account.\n"},
	"instagram", "SC_META_TOKEN", META_API, NULL, NULL, net_instagram_run,
};

struct net_args {
	const char *account, *token_file, *api, *output, *state, *instance, *session, *refresh_file;
	const char *page;
	char host[256];
	int dm, outbound, dry_run;
	long long limit, max_wait, timeout;
	int have_since;
	struct sc_time since;
};

/* The server's host names the account in the state (one token per host);
 * a user:password@ before it is no part of it (nor of the state). */
static void instance_host(const struct sc_cmd *cmd, struct net_args *a)
{
	const char *h = strstr(a->instance, "://"), *at;
	size_t n;

	if (!h || (strncmp(a->instance, "https://", 8) && strncmp(a->instance, "http://", 7)))
		sc_usage_error(cmd, "--instance '%s': want https://host", http_url_shown(a->instance));
	h += 3;
	n = strcspn(h, "/?#");
	while ((at = memchr(h, '@', n)))
		n -= (size_t)(at + 1 - h), h = at + 1;
	if (!n || n >= sizeof a->host)
		sc_usage_error(cmd, "--instance '%s': no host", http_url_shown(a->instance));
	memcpy(a->host, h, n);
	a->host[n] = '\0';
	a->account = a->host;
	if (!a->api)
		a->api = a->instance;
}

static void net_parse(int argc, char **argv, const struct sc_cmd *cmd, struct net_args *a)
{
	const char *why;
	char *arg;
	int c;

	a->max_wait = 900;
	a->timeout = 30;
	while ((c = sc_getopt(argc, argv, cmd, &arg)) != -1) {
		switch (c) {
		case O_ACCOUNT: a->account = arg[0] == '@' ? arg + 1 : arg; break;
		case O_DM: a->dm = 1; break;
		case O_OUTBOUND: a->outbound = 1; break;
		case O_TOKEN_FILE: a->token_file = arg; break;
		case O_API: a->api = arg; break;
		case O_OUTPUT: a->output = arg; break;
		case O_STATE: a->state = arg; break;
		case O_LIMIT: a->limit = sc_opt_num(cmd, "limit", arg, 1, 1000000000); break;
		case O_MAX_WAIT: a->max_wait = sc_opt_num(cmd, "max-wait", arg, 0, 86400); break;
		case O_TIMEOUT: a->timeout = sc_opt_num(cmd, "timeout", arg, 1, 3600); break;
		case O_DRY_RUN: a->dry_run = 1; break;
		case O_INSTANCE: a->instance = arg; break;
		case O_HANDLE: a->account = arg[0] == '@' ? arg + 1 : arg; break;
		case O_SESSION: a->session = arg; break;
		case O_REFRESH_FILE: a->refresh_file = arg; break;
		case O_PAGE: a->account = arg; break;
		case O_IG_PAGE: a->page = arg; break;
		case O_VERBOSE: sc_verbose = 1; break;
		case O_SINCE:
			if (sc_time_parse(arg, strlen(arg), &a->since, &why))
				sc_usage_error(cmd, "--since '%s': %s", arg, why);
			a->have_since = 1;
			break;
		}
	}
	if (sc_optind < argc)
		sc_usage_error(cmd, "unexpected argument '%s'", argv[sc_optind]);
	if (a->instance)
		instance_host(cmd, a);
	if (!a->account || !*a->account)
		sc_usage_error(cmd, "the %s is required", cmd->opts[0].lng);
	if (strcmp(cmd->opts[0].lng, "page") == 0 || strcmp(cmd->name, "sc-fetch instagram") == 0) {
		if (strspn(a->account, "0123456789") != strlen(a->account))
			sc_usage_error(cmd, "--%s '%s': want the numeric id", cmd->opts[0].lng, a->account);
		if (a->page && (!*a->page || strspn(a->page, "0123456789") != strlen(a->page)))
			sc_usage_error(cmd, "--page '%s': want the numeric id", a->page);
	}
	if (a->api && strncmp(a->api, "https://", 8) && strncmp(a->api, "http://", 7))
		sc_usage_error(cmd, "--api '%s': want an http:// or https:// URL",
			       http_url_shown(a->api));
}

/* The session store: never inside the state directory, which holds no
 * credentials. */
static struct sc_sessions *open_sessions(const struct sc_cmd *cmd, const char *path,
					 const char *state_dir)
{
	struct buf p = BUF_INIT, err = BUF_INIT;
	struct sc_sessions *ss;
	char *rs, *rd;

	if (path)
		buf_puts(&p, path);
	else
		sc_sessions_default_path(&p);
	rd = realpath(state_dir, NULL);
	if (!(ss = sc_sessions_open(buf_cstr(&p), &err)))
		sc_die(SC_EXIT_CONFIG, "%s", err.p);
	rs = realpath(p.p, NULL);
	if (rs && rd && strncmp(rs, rd, strlen(rd)) == 0 && rs[strlen(rd)] == '/') {
		sc_sessions_close(ss);
		sc_usage_error(cmd, "--session %s is inside the state directory %s, which must hold "
			       "no credentials", p.p, rd);
	}
	free(rs);
	free(rd);
	buf_free(&p);
	buf_free(&err);
	return ss;
}

static int cmd_net(int argc, char **argv, const struct net_cmd *nc)
{
	struct net_args a = {0};
	struct buf dir = BUF_INIT, err = BUF_INIT, secret = BUF_INIT, api = BUF_INIT;
	struct sc_state *st = NULL;
	struct sc_run_lock *lock = NULL;
	struct http h;
	struct fetch f;
	struct net n = {0};
	int status;

	net_parse(argc, argv, &nc->cmd, &a);
	n.client_id = xoauth_client_id(nc->source); /* X: the token comes from a refresh */
	n.refresh_file = a.refresh_file;
	if (!n.client_id && auth_secret(nc->token_env, a.token_file, &secret, &err))
		sc_die(SC_EXIT_CONFIG, "%s", err.p);
	buf_puts(&api, a.api ? a.api : nc->api);
	while (api.len && api.p[api.len - 1] == '/')
		api.len--;
	if (a.state)
		buf_puts(&dir, a.state);
	else
		sc_state_default_dir(&dir);
	if (!a.dry_run && !(lock = sc_run_lock(buf_cstr(&dir), nc->source, a.account, &err)))
		sc_die(SC_EXIT_FAIL, "%s", err.p);
	if (!(st = sc_state_open(buf_cstr(&dir), &err)))
		sc_die(SC_EXIT_FAIL, "%s", err.p);
	if (fetch_open(&f, a.dry_run ? NULL : st, nc->source, a.account,
		       a.dry_run ? NULL : a.output, &err))
		sc_die(SC_EXIT_FAIL, "%s", err.p);
	f.st = st;
	f.limit = (long)a.limit;
	f.have_since = a.have_since;
	f.since = a.since;
	if ((nc->login || n.client_id) && !a.dry_run)
		n.sessions = open_sessions(&nc->cmd, a.session, buf_cstr(&dir));
	http_init(&h);
	h.token = nc->login ? NULL : secret.p;
	n.secret = nc->login ? secret.p : NULL;
	h.reset_header = nc->reset_header;
	h.remaining_header = nc->remaining_header;
	h.max_wait_s = (long)a.max_wait;
	h.timeout_s = (long)a.timeout;
	h.connect_s = a.timeout < 10 ? (long)a.timeout : 10;
	h.dry_run = a.dry_run;
	n.f = &f;
	n.h = &h;
	n.api = buf_cstr(&api);
	n.account = a.account;
	n.page = a.page;
	n.dm = a.dm;
	n.outbound = a.outbound;
	status = nc->run(&n);
	http_free(&h);
	sc_sessions_close(n.sessions);
	fetch_close(&f);
	sc_state_close(st);
	sc_run_unlock(lock);
	auth_wipe(&secret);
	buf_free(&dir);
	buf_free(&err);
	buf_free(&api);
	buf_free(&n.url);
	buf_free(&n.tmp);
	int c = sc_close_stdout();
	return status ? status : c;
}

int main(int argc, char **argv)
{
	const char *sub;

	sc_init("sc-fetch");
	if (argc < 2)
		sc_usage_error(&top_cmd, "no command given");
	sub = argv[1];
	if (strcmp(sub, "csv") == 0)
		return cmd_import(argc - 1, argv + 1, &csv_cmd, import_csv);
	if (strcmp(sub, "jsonl") == 0)
		return cmd_import(argc - 1, argv + 1, &jsonl_cmd, import_jsonl);
	if (strcmp(sub, "x-archive") == 0)
		return cmd_xarchive(argc - 1, argv + 1);
	if (strcmp(sub, "x") == 0)
		return cmd_net(argc - 1, argv + 1, &x_net);
	if (strcmp(sub, "mastodon") == 0)
		return cmd_net(argc - 1, argv + 1, &mastodon_net);
	if (strcmp(sub, "bluesky") == 0)
		return cmd_net(argc - 1, argv + 1, &bluesky_net);
	if (strcmp(sub, "facebook") == 0)
		return cmd_net(argc - 1, argv + 1, &facebook_net);
	if (strcmp(sub, "instagram") == 0)
		return cmd_net(argc - 1, argv + 1, &instagram_net);
	if (sub[0] == '-') {
		char *arg;
		sc_getopt(argc, argv, &top_cmd, &arg); /* --help, --version, or a usage error */
		sc_usage_error(&top_cmd, "no command given");
	}
	sc_usage_error(&top_cmd, "unknown command '%s'", sub);
}
