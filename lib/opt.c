#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "opt.h"

int sc_optind = 1;

static const struct sc_opt std_opts[] = {
	{"help", SC_OPT_HELP, NULL, "show this help and exit"},
	{"version", SC_OPT_VERSION, NULL, "show the version and exit"},
	{0},
};

static size_t count(const struct sc_opt *o)
{
	size_t n = 0;

	while (o && o[n].lng)
		n++;
	return n;
}

static void help_lines(FILE *f, const struct sc_opt *o)
{
	char left[64];

	for (; o && o->lng; o++) {
		int n = o->shrt > 0 && o->shrt < 256
			? snprintf(left, sizeof left, "-%c, --%s", o->shrt, o->lng)
			: snprintf(left, sizeof left, "    --%s", o->lng);
		if (o->arg && n > 0 && (size_t)n < sizeof left)
			snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg);
		fprintf(f, "  %-26s %s\n", left, o->help);
	}
}

void sc_help(FILE *f, const struct sc_cmd *cmd)
{
	fprintf(f, "Usage: %s %s\n%s\n\nOptions:\n", cmd->name, cmd->synopsis,
		cmd->summary);
	help_lines(f, cmd->opts);
	help_lines(f, std_opts);
	if (cmd->epilog)
		fprintf(f, "\n%s", cmd->epilog);
	fprintf(f, "\nExit status: 0 ok, 1 bad records or runtime failure, 2 usage,\n"
		   "3 config or rule error, 4 network or API failure, 5 stopped by a rate limit.\n"
		   "See the manual page for details.\n");
}

void sc_usage_error(const struct sc_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", sc_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nUsage: %s %s\nTry '%s --help' for more information.\n",
		cmd->name, cmd->synopsis, cmd->name);
	exit(SC_EXIT_USAGE);
}

static void add(struct option *lo, size_t *nl, char *so, size_t *ns,
		const struct sc_opt *o)
{
	for (; o && o->lng; o++) {
		lo[*nl] = (struct option){o->lng, o->arg ? required_argument : no_argument,
					  NULL, o->shrt};
		(*nl)++;
		if (o->shrt > 0 && o->shrt < 256) {
			so[(*ns)++] = (char)o->shrt;
			if (o->arg)
				so[(*ns)++] = ':';
		}
	}
}

int sc_getopt(int argc, char **argv, const struct sc_cmd *cmd, char **arg)
{
	/* Built once per command table; sc binaries parse one table at a time. */
	static const struct sc_cmd *built;
	static struct option *lo;
	static char *so;
	int c;

	if (built != cmd) {
		size_t n = count(cmd->opts) + count(std_opts), nl = 0, ns = 0;

		free(lo);
		free(so);
		lo = sc_xcalloc(n + 1, sizeof *lo);
		so = sc_xcalloc(2 * n + 3, 1);
		so[ns++] = ':'; /* report a missing argument as ':' */
		add(lo, &nl, so, &ns, cmd->opts);
		add(lo, &nl, so, &ns, std_opts);
		built = cmd;
		optind = 1;
		opterr = 0;
	}
	c = getopt_long(argc, argv, so, lo, NULL);
	sc_optind = optind;
	*arg = optarg;
	switch (c) {
	case SC_OPT_HELP:
		sc_help(stdout, cmd);
		exit(sc_close_stdout());
	case SC_OPT_VERSION:
		printf("%s %s\n", cmd->name, SC_VERSION);
		exit(sc_close_stdout());
	case ':':
		sc_usage_error(cmd, "option '%s' needs an argument", argv[optind - 1]);
	case '?':
		if (optopt && optopt < 256)
			sc_usage_error(cmd, "unknown option '-%c'", optopt);
		sc_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
	}
	return c;
}

long long sc_opt_num(const struct sc_cmd *cmd, const char *opt, const char *s,
		     long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		sc_usage_error(cmd, "--%s: '%s' is not a number from %lld to %lld",
			       opt, s, min, max);
	return v;
}
