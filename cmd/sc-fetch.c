/* sc-fetch: bring messages in as sc records (sc-record(5)).
 *
 *   sc-fetch csv   [OPTION]... [FILE]...   archives in CSV (the TWCS layout or --map)
 *   sc-fetch jsonl [OPTION]... [FILE]...   archives in JSON lines
 *   sc-fetch x-archive [OPTION]... DIR|FILE...   an X "Download your archive" export
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "import.h"
#include "import_xarchive.h"
#include "opt.h"

enum { O_MAP = 'm', O_SOURCE = 0x100, O_BRAND, O_WINDOW, O_STRICT, O_VERBOSE = 'v' };

static const struct sc_opt import_opts[] = {
	{"map", O_MAP, "FIELD=NAME", "take record FIELD from column/key NAME (repeatable)"},
	{"source", O_SOURCE, "NAME", "source name and id prefix (default: the command)"},
	{"brand", O_BRAND, "HANDLE", "HANDLE is a brand account (repeatable)"},
	{"window", O_WINDOW, "N", "hold at most N rows for threading (default 50000)"},
	{"strict", O_STRICT, NULL, "stop at the first bad row"},
	{"verbose", O_VERBOSE, NULL, "report counts on stderr"},
	{0},
};

static const char import_epilog[] =
	"FIELD is one of: id, author.handle, author.id, author.name, author.followers,\n"
	"author.verified, inbound, direction, created_at, text, in_reply_to,\n"
	"conversation_id, channel, account, lang, url, replies (ids of replies,\n"
	"comma-separated, used to find the brand an inbound message was for).\n"
	"Without FILE, or when FILE is -, standard input is read.\n";

static const struct sc_cmd csv_cmd = {
	"sc-fetch csv", "[OPTION]... [FILE]...",
	"Import CSV archives (the \"Customer Support on Twitter\" layout, or any\n"
	"other through --map) as sc records on standard output.",
	import_opts, import_epilog,
};

static const struct sc_cmd jsonl_cmd = {
	"sc-fetch jsonl", "[OPTION]... [FILE]...",
	"Import JSON-lines archives as sc records on standard output.",
	import_opts, import_epilog,
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
	"  csv     import CSV archives (\"Customer Support on Twitter\" layout, --map)\n"
	"  jsonl   import JSON-lines archives\n"
	"  x-archive  import an X \"Download your archive\" export\n"
	"Run 'sc-fetch COMMAND --help' for a command's options.\n",
};

static int cmd_import(int argc, char **argv, const struct sc_cmd *cmd,
		      int (*import)(struct importer *, const char *))
{
	struct importer imp;
	const char *source = strchr(cmd->name, ' ') + 1;
	const char *maps[64], *brands[64];
	int nmaps = 0, nbrands = 0, strict = 0, status, failed = 0;
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
		case O_VERBOSE:
			sc_verbose = 1;
			break;
		}
	}
	imp_init(&imp, source, (size_t)window, stdout);
	imp.strict = strict;
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
	sc_note("%lu rows, %lu bad, %lu duplicates, %lu replies to tweets not in the input",
		imp.rows, imp.bad, imp.dups, thread_orphans(imp.th));
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
	if (sub[0] == '-') {
		char *arg;
		sc_getopt(argc, argv, &top_cmd, &arg); /* --help, --version, or a usage error */
		sc_usage_error(&top_cmd, "no command given");
	}
	sc_usage_error(&top_cmd, "unknown command '%s'", sub);
}
