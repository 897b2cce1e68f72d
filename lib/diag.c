#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int out_failed(void)
{
	if (errno == EPIPE)
		exit(SC_EXIT_OK);
	if (errno)
		sc_warn("write error on standard output:");
	else
		sc_warn("write error on standard output");
	return SC_EXIT_FAIL;
}

void sc_flush_stdout(void)
{
	/* errno is only the write's own when the failing call is this one */
	if (!ferror(stdout))
		errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout))
		exit(out_failed());
}

int sc_close_stdout(void)
{
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout))
		return out_failed();
	if (fclose(stdout) == EOF)
		return out_failed();
	return SC_EXIT_OK;
}
