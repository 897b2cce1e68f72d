#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "lines.h"

#define CHUNK 65536

static int open_next(struct lines *l)
{
	while (l->cur < l->nfiles || (l->nfiles == 0 && l->cur == 0)) {
		const char *f = l->nfiles ? l->files[l->cur] : "-";

		l->cur++;
		l->lineno = 0;
		l->eof = 0;
		if (strcmp(f, "-") == 0) {
			l->fd = 0;
			l->name = "<stdin>";
			return 1;
		}
		l->name = f;
		l->fd = open(f, O_RDONLY | O_CLOEXEC);
		if (l->fd >= 0)
			return 1;
		sc_warn("%s:", f);
		l->err++;
	}
	return 0;
}

size_t lines_max(void)
{
	static size_t max;
	const char *s = getenv("SC_MAX_LINE");
	char *end;
	unsigned long long v;
	int shift = 0;

	if (max)
		return max;
	if (!s || !*s)
		return max = LINES_MAX_DEFAULT;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end == 'K' || *end == 'k')
		shift = 10, end++;
	else if (*end == 'M' || *end == 'm')
		shift = 20, end++;
	else if (*end == 'G' || *end == 'g')
		shift = 30, end++;
	/* libjq parses a line's length as an int: 1G is far below it */
	if (errno || end == s || *end || !isdigit((unsigned char)*s) || v == 0 || v > (1ULL << 30) >> shift)
		sc_die(SC_EXIT_USAGE, "SC_MAX_LINE '%s': want a number of bytes from 1 to 1G "
		       "(such as 16M)", s);
	return max = (size_t)(v << shift);
}

void lines_open(struct lines *l, char **files, int nfiles)
{
	memset(l, 0, sizeof *l);
	l->files = files;
	l->nfiles = files ? nfiles : 0;
	l->fd = -1;
	l->cap = CHUNK;
	l->buf = sc_xmalloc(l->cap);
	l->flush_stdout = 1;
	l->max = lines_max();
	if (!open_next(l))
		l->eof = 1, l->fd = -1;
}

/* Makes room and reads more; returns bytes read, 0 at end of file. */
static ssize_t fill(struct lines *l)
{
	ssize_t n;

	if (l->start > 0) {
		memmove(l->buf, l->buf + l->start, l->end - l->start);
		l->end -= l->start;
		l->start = 0;
	}
	if (l->cap - l->end < CHUNK / 2) {
		l->cap *= 2;
		l->buf = sc_xrealloc(l->buf, l->cap);
	}
	if (l->flush_stdout && fflush(stdout))
		sc_flush_stdout(); /* the reader gone, or a write error: said once, here */
	if (l->before_read)
		l->before_read(l->before_read_ctx);
	size_t want = l->cap - l->end - LINES_PAD; /* the last line's padding */
	if (l->bounded && want > l->left)
		want = (size_t)l->left;
	if (!want)
		return 0;
	do
		n = read(l->fd, l->buf + l->end, want);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		sc_warn("%s:", l->name);
		l->err++;
		return 0;
	}
	l->end += (size_t)n;
	l->left -= l->bounded ? (unsigned long long)n : 0;
	return n;
}

static void too_long(struct lines *l)
{
	sc_warn_at(l->name, l->lineno, "line longer than %zu bytes: skipped (SC_MAX_LINE sets "
		   "the limit)", l->max);
	l->toolong++;
	l->err++;
}

int lines_next(struct lines *l, char **line, size_t *len)
{
	for (;;) {
		char *s = l->buf + l->start, *nl = NULL;
		size_t avail = l->end - l->start;

		if (avail > l->scanned)
			nl = memchr(s + l->scanned, '\n', avail - l->scanned);
		l->scanned = 0; /* the line ends or start moves below, except before fill */
		if (l->skipping) { /* the rest of a line too long, dropped as it comes */
			l->start = nl ? (size_t)(nl - l->buf) + 1 : l->end;
			if (nl || l->eof)
				l->skipping = 0;
			if (nl)
				continue;
		} else if (!nl && avail > l->max) {
			l->lineno++;
			too_long(l);
			l->start = l->end;
			l->skipping = !l->eof;
		} else if (nl || (l->eof && avail)) {
			size_t n = nl ? (size_t)(nl - s) : avail;

			l->start += nl ? n + 1 : n;
			if (n > l->max) {
				l->lineno++;
				too_long(l);
				continue;
			}
			if (l->lineno++ == 0 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
				s += 3, n -= 3;
			if (n && s[n - 1] == '\r')
				n--;
			s[n] = '\0'; /* the '\n' or the padding fill keeps */
			*line = s;
			*len = n;
			return 1;
		}
		if (l->eof) {
			if (l->fd > 0)
				close(l->fd);
			l->fd = -1;
			l->start = l->end = 0;
			if (!open_next(l))
				return 0;
			continue;
		}
		/* a long line is searched once, not again after each read */
		l->scanned = l->end - l->start;
		if (fill(l) == 0)
			l->eof = 1;
	}
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

int lines_more(struct lines *l)
{
	l->flush_stdout = 0;
	l->before_read = NULL;
	for (;;) {
		if (!blank(l->buf + l->start, l->end - l->start))
			return 1;
		l->start = l->end = l->scanned = 0;
		if (l->fd < 0 || l->eof || fill(l) == 0)
			return l->cur < l->nfiles;
	}
}

void lines_close(struct lines *l)
{
	if (l->fd > 0)
		close(l->fd);
	free(l->buf);
	l->buf = NULL;
}
