/* Diagnostics and exit codes shared by every sc binary.
 * Messages go to stderr as "sc-NAME: message" or "sc-NAME: FILE:LINE: message";
 * a format ending in ':' gets ": strerror(errno)" appended (as sbase's eprintf). */
#ifndef SC_DIAG_H
#define SC_DIAG_H
#include <stddef.h>

enum {
	SC_EXIT_OK = 0,      /* everything went through */
	SC_EXIT_FAIL = 1,    /* bad records or a runtime failure */
	SC_EXIT_USAGE = 2,   /* bad command line */
	SC_EXIT_CONFIG = 3,  /* bad configuration or rule */
	SC_EXIT_NET = 4,     /* network or API failure */
	SC_EXIT_RATE = 5,    /* stopped by a rate limit, state saved */
};

extern const char *sc_progname;
extern int sc_verbose;

/* Names the program, ignores SIGPIPE (a closed reader shows up as EPIPE on
 * write, which sc_out_* turns into a quiet exit) and SIGXFSZ (a file-size
 * limit shows up as EFBIG on write, reported). */
void sc_init(const char *progname);

void sc_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sc_warn_at(const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
_Noreturn void sc_die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* -v messages: only printed when sc_verbose is set. */
void sc_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *sc_xmalloc(size_t n);
void *sc_xcalloc(size_t n, size_t size);
void *sc_xrealloc(void *p, size_t n);
char *sc_xstrdup(const char *s);
char *sc_xstrndup(const char *s, size_t n);

/* Checks stdout after the last write: flush, then close. A write error is
 * reported and gives SC_EXIT_FAIL; the reader gone away (EPIPE, seen now
 * or by any earlier write) is quiet. */
int sc_close_stdout(void);
/* Called after writes that matter (before committing state) and after a
 * failed write: returns when everything written so far reached the kernel,
 * else reports and exits. The reader gone is a quiet exit 0, unless a
 * program said otherwise with sc_on_stdout_closed. */
void sc_flush_stdout(void);
/* fn is called (then the program exits 0, unless fn exits itself) when
 * stdout's reader goes away before the end (sc_flush_stdout, not
 * sc_close_stdout): for a program whose unread input has effects beyond
 * its output (sc-reply --send), which must say that it stopped early. */
void sc_on_stdout_closed(void (*fn)(void *ctx), void *ctx);

#endif
