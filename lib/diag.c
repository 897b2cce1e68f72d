#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"

const char *sc_progname = "sc";
int sc_verbose;

void sc_init(const char *progname)
{
	sc_progname = progname;
	signal(SIGPIPE, SIG_IGN);
	/* A file-size limit (ulimit -f) then fails the write with EFBIG, which
	 * is reported like a full disk, instead of killing the process. */
	signal(SIGXFSZ, SIG_IGN);
}

static void vwarn(const char *file, unsigned long line, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fflush(stdout);
	fprintf(stderr, "%s: ", sc_progname);
	if (file)
		fprintf(stderr, "%s:%lu: ", file, line);
	vfprintf(stderr, fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void sc_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(NULL, 0, fmt, ap);
	va_end(ap);
}

void sc_warn_at(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(file, line, fmt, ap);
	va_end(ap);
}

void sc_note(const char *fmt, ...)
{
	va_list ap;

	if (!sc_verbose)
		return;
	va_start(ap, fmt);
	vwarn(NULL, 0, fmt, ap);
	va_end(ap);
}

void sc_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(NULL, 0, fmt, ap);
	va_end(ap);
	exit(code);
}

void *sc_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		sc_die(SC_EXIT_FAIL, "out of memory");
	return p;
}

void *sc_xmalloc(size_t n)
{
	return sc_xrealloc(NULL, n);
}

void *sc_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		sc_die(SC_EXIT_FAIL, "out of memory");
	return p;
}

char *sc_xstrndup(const char *s, size_t n)
{
	char *p = sc_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *sc_xstrdup(const char *s)
{
	return sc_xstrndup(s, strlen(s));
}

static void (*stopped_early)(void *ctx);
static void *stopped_early_ctx;

void sc_on_stdout_closed(void (*fn)(void *ctx), void *ctx)
{
	stopped_early = fn;
	stopped_early_ctx = ctx;
}

/* Whether the reader of stdout went away. A failed stdio write leaves only
 * the stream's error flag: the errno it failed with is long gone when the
 * flag is seen (any fwrite or the flush before a read may have failed, and
 * later calls changed errno), so the pipe itself is asked: a pipe or socket
 * whose reading end is closed polls as POLLERR. */
static int reader_gone(int err)
{
	struct pollfd p = {STDOUT_FILENO, POLLOUT, 0};

	if (err == EPIPE)
		return 1;
	return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

/* err: the errno of the call that failed, or 0 when an earlier one did. */
static int out_failed(int err, int at_end)
{
	if (reader_gone(err)) {
		if (!at_end && stopped_early)
			stopped_early(stopped_early_ctx);
		exit(SC_EXIT_OK);
	}
	errno = err;
	if (err)
		sc_warn("write error on standard output:");
	else
		sc_warn("write error on standard output");
	return SC_EXIT_FAIL;
}

/* Called right after a write that failed (errno is then that write's) or
 * to push out what was written. */
void sc_flush_stdout(void)
{
	int err = ferror(stdout) ? errno : 0;

	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout))
		exit(out_failed(errno ? errno : err, 0));
}

int sc_close_stdout(void)
{
	/* a write that failed earlier left no errno behind */
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout))
		return out_failed(errno, 1);
	if (fclose(stdout) == EOF)
		return out_failed(errno, 1);
	return SC_EXIT_OK;
}
