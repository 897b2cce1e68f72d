#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "outfile.h"
#include "readpos.h"

/* The bytes before the position that must still be there: a file
 * rewritten from its start (an editor's save, a copy over it) keeps its
 * inode and may grow past the position, but rarely with these bytes. */
#define TAIL 64

/* FNV-1a over the TAIL bytes before off (fewer at the start). */
static int64_t tail_hash(int fd, long long off)
{
	unsigned char b[TAIL];
	long long from = off > TAIL ? off - TAIL : 0;
	ssize_t n = pread(fd, b, (size_t)(off - from), (off_t)from);
	uint64_t h = 14695981039346656037ull;

	for (ssize_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return (int64_t)h;
}

/* Where the last complete line before size ends (off when none). */
static long long lines_end(int fd, long long off, long long size)
{
	char b[4096];

	while (size > off) {
		long long from = size - (long long)sizeof b > off ? size - (long long)sizeof b : off;
		ssize_t n = pread(fd, b, (size_t)(size - from), (off_t)from);
		if (n <= 0)
			return off;
		char *nl = memrchr(b, '\n', (size_t)n);
		if (nl)
			return from + (nl - b) + 1;
		size = from;
	}
	return off;
}

/* The input's length as the stage before committed it (sc-fetch -o, or
 * another stage's -o, in the same state): bytes past it may be cut off by
 * that stage's next run, so they are not read yet. size when unknown. */
static long long committed_length(struct readpos *p, long long size)
{
	struct buf v = BUF_INIT;
	int64_t n;

	if (!sc_readpos_written(p->st, p->in, &n))
		n = sc_cursor_get(p->st, OUTFILE_SOURCE, OUTFILE_ACCOUNT, p->in, &v)
			? strtoll(v.p, NULL, 10) : size;
	buf_free(&v);
	return n < size ? n : size;
}

/* Where the saved position can be trusted: the same file, not shorter,
 * the same bytes before it. Else the file is read from its start. */
static void check_input(struct readpos *p, const struct stat *sb, const char *input)
{
	const char *why = NULL;

	if (p->at.dev != (int64_t)sb->st_dev || p->at.ino != (int64_t)sb->st_ino)
		why = "is another file than the one read last time (rotated or replaced?)";
	else if ((long long)sb->st_size < p->at.offset)
		why = "is shorter than the position read last time (cut or rewritten?)";
	else if (tail_hash(p->infd, p->at.offset) != p->at.tail)
		why = "was rewritten before the position read last time";
	if (!why)
		return;
	sc_warn("%s %s: read from its start", input, why);
	p->at.offset = 0;
	p->at.line = 0;
}

static int open_files(struct readpos *p, const char *input, const char *output, int *outfd,
		      struct buf *err)
{
	if ((p->infd = open(input, O_RDONLY | O_CLOEXEC)) < 0) {
		buf_printf(err, "cannot open %s: %s", input, strerror(errno));
		return -1;
	}
	if (!(p->in = realpath(input, NULL))) {
		buf_printf(err, "cannot resolve %s: %s", input, strerror(errno));
		return -1;
	}
	if ((*outfd = outfile_open(output, &p->out, err)) < 0)
		return -1;
	if (!strcmp(p->in, p->out)) {
		buf_printf(err, "%s is both the input and the output", output);
		return -1;
	}
	return 0;
}

int readpos_open(struct readpos *p, struct sc_state *st, const char *stage, const char *input,
		 const char *output, struct recin *r, int strict, struct buf *err)
{
	struct stat sb;
	long long len;
	int outfd = -1, have;

	memset(p, 0, sizeof *p);
	p->st = st;
	p->stage = stage;
	p->r = r;
	p->infd = -1;
	if (open_files(p, input, output, &outfd, err))
		goto fail;
	/* the write lock, as sc-fetch takes it: a run that appends to the same
	 * output holds it from its write to its commit */
	if (sc_state_begin(st)) {
		buf_puts(err, sc_state_error(st));
		goto fail;
	}
	have = sc_readpos_get(st, stage, p->in, p->out, &p->at);
	if (outfile_settle(outfd, output, have, p->at.out_length, "they are made again", &len, err) ||
	    fstat(p->infd, &sb)) {
		if (!err->len)
			buf_printf(err, "cannot stat %s: %s", input, strerror(errno));
		sc_state_rollback(st);
		goto fail;
	}
	if (have)
		check_input(p, &sb, input);
	p->at.dev = (int64_t)sb.st_dev;
	p->at.ino = (int64_t)sb.st_ino;
	p->at.out_length = len;
	p->end = lines_end(p->infd, p->at.offset, committed_length(p, (long long)sb.st_size));
	sc_state_rollback(st); /* nothing written: the cut needs no record */
	/* the reader is set up as for standard input, then given the file:
	 * its own descriptor, at the position, bounded by the last newline */
	recin_open(r, NULL, 0, strict);
	if ((r->l.fd = dup(p->infd)) < 0 || lseek(r->l.fd, (off_t)p->at.offset, SEEK_SET) < 0) {
		buf_printf(err, "cannot read %s: %s", input, strerror(errno));
		goto fail;
	}
	r->l.name = input;
	r->l.lineno = (unsigned long)p->at.line;
	r->l.bounded = 1;
	r->l.left = (unsigned long long)(p->end - p->at.offset);
	if (outfd != STDOUT_FILENO && (fflush(stdout) || dup2(outfd, STDOUT_FILENO) < 0)) {
		buf_printf(err, "cannot write to %s: %s", output, strerror(errno));
		goto fail;
	}
	if (outfd != STDOUT_FILENO) /* else opened as fd 1: stdout was closed */
		close(outfd);
	return 0;
fail:
	if (outfd >= 0)
		close(outfd);
	return -1;
}

/* The input read so far: up to the lines the reader has returned (the
 * bytes it holds past them are not read yet); all of it once closed. */
static long long position(const struct readpos *p)
{
	const struct lines *l = &p->r->l;
	off_t at;

	if (l->fd < 0 || (at = lseek(l->fd, 0, SEEK_CUR)) < 0)
		return p->end;
	return (long long)at - (long long)(l->end - l->start);
}

void readpos_save(struct readpos *p, int done)
{
	struct stat sb;
	long long before = p->at.out_length;

	outfile_sync(stdout, p->out, (off_t)before, "read position");
	if (fstat(STDOUT_FILENO, &sb))
		sc_die(SC_EXIT_FAIL, "cannot stat %s: %s", p->out, strerror(errno));
	p->at.out_length = (long long)sb.st_size;
	if (done) {
		p->at.offset = position(p);
		p->at.line = (int64_t)p->r->l.lineno;
		p->at.tail = tail_hash(p->infd, p->at.offset);
	}
	/* Fault injection for the tests: die as kill -9 would, between the
	 * write and the commit, the one instant exactly-once has to survive;
	 * a number N: at the Nth commit that wrote something. */
	const char *kill = getenv("SC_TEST_KILL_AFTER_WRITE");
	static long writes;
	if (kill && p->at.out_length > before && ++writes >= (atol(kill) > 0 ? atol(kill) : 1))
		raise(SIGKILL);
	sc_readpos_set(p->st, p->stage, p->in, p->out, &p->at);
}

void readpos_start(struct readpos *p, const struct sc_cmd *cmd, struct sc_state *st,
		   const char *dir, const char *stage, char **files, int nfiles,
		   const char *output, struct recin *r, int strict)
{
	struct buf err = BUF_INIT, d = BUF_INIT;
	int own = !st;

	if (nfiles != 1 || !strcmp(files[0], "-"))
		sc_usage_error(cmd, "-o %s keeps its place in one input FILE: give one file, "
			       "not standard input", output);
	if (own) {
		if (dir)
			buf_puts(&d, dir);
		else
			sc_state_default_dir(&d);
		if (!(st = sc_state_open(buf_cstr(&d), &err)))
			sc_die(SC_EXIT_FAIL, "%s", err.p);
	}
	if (readpos_open(p, st, stage, files[0], output, r, strict, &err))
		sc_die(SC_EXIT_FAIL, "%s", buf_cstr(&err));
	p->own = own;
	buf_free(&err);
	buf_free(&d);
}

int readpos_finish(struct readpos *p)
{
	if (!sc_state_begin(p->st)) {
		readpos_save(p, 1);
		if (!sc_state_commit(p->st))
			return 0;
	}
	sc_warn("%s; %s is cut back and %s read again on the next run", sc_state_error(p->st),
		p->out, p->in);
	return -1;
}

void readpos_close(struct readpos *p)
{
	if (p->own)
		sc_state_close(p->st);
	if (p->infd >= 0)
		close(p->infd);
	free(p->in);
	free(p->out);
}
