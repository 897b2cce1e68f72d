/* sc-fetch: bring messages in as sc records (sc-record(5)).
 *
 *   sc-fetch csv   [OPTION]... [FILE]...   archives in CSV (the TWCS layout or --map)
 *   sc-fetch jsonl [OPTION]... [FILE]...   archives in JSON lines
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "import.h"
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

static const struct sc_cmd top_cmd = {
	"sc-fetch", "COMMAND [OPTION]... [ARG]...",
	"Bring messages in as sc records (JSON lines) on standard output.",
	(const struct sc_opt[]){{0}},
	"Commands:\n"
	"  csv     import CSV archives (\"Customer Support on Twitter\" layout, --map)\n"
	"  jsonl   import JSON-lines archives\n"
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
	if (sub[0] == '-') {
		char *arg;
		sc_getopt(argc, argv, &top_cmd, &arg); /* --help, --version, or a usage error */
		sc_usage_error(&top_cmd, "no command given");
	}
	sc_usage_error(&top_cmd, "unknown command '%s'", sub);
}
