/* Command-line options declared once, in a table that yields both the
 * getopt_long parser and the --help text (as git's parse-options and curl's
 * tool do), so the two cannot drift apart. */
#ifndef SC_OPT_H
#define SC_OPT_H
#include <stdio.h>

struct sc_opt {
	const char *lng;      /* long name without "--" */
	int shrt;             /* short letter, or a value > 255 for long-only */
	const char *arg;      /* argument name, or NULL for a flag */
	const char *help;     /* one line */
};

struct sc_cmd {
	const char *name;     /* "sc-fetch csv" */
	const char *synopsis; /* "[OPTION]... [FILE]..." */
	const char *summary;  /* one line: what it does */
	const struct sc_opt *opts; /* ends with {0}; -h/--help and --version are added */
	const char *epilog;   /* extra text after the options, or NULL */
};

#define SC_OPT_HELP    'h'
#define SC_OPT_VERSION 0x1001

/* Parses the next option like getopt_long. -h/--help prints the help to
 * stdout and exits 0; --version prints the version and exits 0; an unknown
 * option or a missing argument prints a short usage to stderr and exits 2.
 * Returns the option's shrt value, or -1 at the first operand (argv is
 * permuted as GNU getopt does); *arg receives the argument. */
int sc_getopt(int argc, char **argv, const struct sc_cmd *cmd, char **arg);
/* Index of the first operand after sc_getopt returned -1. */
extern int sc_optind;

void sc_help(FILE *f, const struct sc_cmd *cmd);
_Noreturn void sc_usage_error(const struct sc_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Strict number parsing for option values: the whole string must be a
 * number in [min, max]; otherwise a usage error naming the option. */
long long sc_opt_num(const struct sc_cmd *cmd, const char *opt, const char *s,
		     long long min, long long max);

#endif
