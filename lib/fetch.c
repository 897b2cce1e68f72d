#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fetch.h"
#include "outfile.h"

/* The committed length of the output file against its real one, under the
 * state's write lock (a run of another account appending to the same file
 * holds it from its write to its commit): a longer file ends with records
 * of a run that died before its commit. */
static int reconcile(struct fetch *f, int fd, const char *path, struct buf *err)
{
	struct buf v = BUF_INIT;
	long long len;
	char num[32];
	int have;

	if (sc_state_begin(f->st)) {
		buf_puts(err, sc_state_error(f->st));
		return -1;
	}
	have = sc_cursor_get(f->st, OUTFILE_SOURCE, OUTFILE_ACCOUNT, f->okey, &v);
	if (outfile_settle(fd, path, have, have ? strtoll(v.p, NULL, 10) : 0,
			   "they are fetched again", &len, err)) {
		buf_free(&v);
		sc_state_rollback(f->st);
		return -1;
	}
	snprintf(num, sizeof num, "%lld", len);
	sc_cursor_set(f->st, OUTFILE_SOURCE, OUTFILE_ACCOUNT, f->okey, num);
	buf_free(&v);
	if (sc_state_commit(f->st)) {
		buf_puts(err, sc_state_error(f->st));
		return -1;
	}
	return 0;
}

static int open_file(struct fetch *f, const char *path, struct buf *err)
{
	int fd = outfile_open(path, &f->okey, err);

	if (fd < 0)
		return -1;
	if (reconcile(f, fd, path, err) || !(f->out = fdopen(fd, "a"))) {
		if (!err->len)
			buf_printf(err, "cannot open %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return 0;
}

int fetch_open(struct fetch *f, struct sc_state *st, const char *source,
	       const char *account, const char *path, struct buf *err)
{
	memset(f, 0, sizeof *f);
	f->st = st;
	f->source = source;
	f->account = account;
	f->seen = jv_object();
	f->out = stdout;
	if (path && open_file(f, path, err)) {
		f->out = NULL;
		buf_cstr(err);
		return -1;
	}
	return 0;
}

int fetch_stream(struct fetch *f, const char *name)
{
	struct fetch_stream *s = &f->s[f->ns];

	if (f->ns == FETCH_STREAMS)
		sc_die(SC_EXIT_FAIL, "too many streams");
	s->name = name;
	s->have_old = f->st && sc_cursor_get(f->st, f->source, f->account, name, &s->old);
	return f->ns++;
}

const char *fetch_cursor(struct fetch *f, int s)
{
	return f->s[s].have_old ? f->s[s].old.p : NULL;
}

static int before(struct sc_time a, struct sc_time b)
{
	return a.sec < b.sec || (a.sec == b.sec && a.nsec < b.nsec);
}

int fetch_add(struct fetch *f, int s, const char *id, struct sc_time t)
{
	struct fetch_item *it;
	jv key = jv_string(id);

	if (f->have_since && before(t, f->since)) {
		jv_free(key);
		return FETCH_OLD;
	}
	if (f->limit && f->s[s].n >= (unsigned long)f->limit) {
		jv_free(key);
		return FETCH_FULL;
	}
	if (jv_object_has(jv_copy(f->seen), jv_copy(key))) {
		jv_free(key);
		f->dups++;
		return FETCH_DUP;
	}
	f->seen = jv_object_set(f->seen, key, jv_true());
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 256;
		f->items = sc_xrealloc(f->items, f->cap * sizeof *f->items);
	}
	it = &f->items[f->n];
	it->t = t;
	it->stream = s;
	it->seq = f->n++;
	it->off = f->lines.len;
	it->len = f->rec.len;
	buf_put(&f->lines, f->rec.p, f->rec.len);
	f->s[s].n++;
	return FETCH_ADDED;
}

void fetch_done(struct fetch *f, int s, const char *newest)
{
	f->s[s].ok = 1;
	if (newest) {
		buf_reset(&f->s[s].newest);
		buf_puts(&f->s[s].newest, newest);
		buf_cstr(&f->s[s].newest);
	}
}

/* Oldest first; within one second the API's order (newest first) reversed. */
static int cmp_items(const void *pa, const void *pb)
{
	const struct fetch_item *a = pa, *b = pb;

	if (before(a->t, b->t))
		return -1;
	if (before(b->t, a->t))
		return 1;
	if (a->stream != b->stream)
		return a->stream - b->stream;
	return a->seq < b->seq ? 1 : -1;
}

static void write_out(struct fetch *f)
{
	struct stat sb;
	off_t start = 0;

	if (f->out != stdout) {
		if (fstat(fileno(f->out), &sb))
			sc_die(SC_EXIT_FAIL, "cannot stat %s: %s", f->okey, strerror(errno));
		start = sb.st_size;
	}
	for (size_t i = 0; i < f->n; i++) {
		struct fetch_item *it = &f->items[i];
		if (!f->s[it->stream].ok)
			continue;
		fwrite(f->lines.p + it->off, 1, it->len, f->out);
		putc('\n', f->out);
		f->written++;
	}
	if (f->out == stdout) {
		sc_flush_stdout();
		return;
	}
	/* a file that cannot take the records (disk full, file-size limit) is
	 * cut back to where this run began writing: it ends with the last
	 * committed whole line, and the cursors stay where they were */
	outfile_sync(f->out, f->okey, start, "cursors");
}

/* An output file is written under the state's write lock, so that runs of
 * other accounts appending to the same file take turns between write and
 * commit; standard output is written first (a slow reader must not hold
 * the lock). */
int fetch_commit(struct fetch *f)
{
	char num[32];

	if (f->n)
		qsort(f->items, f->n, sizeof *f->items, cmp_items);
	if (f->okey && sc_state_begin(f->st))
		goto fail;
	write_out(f);
	/* Fault injection for the tests: die as kill -9 would, between the
	 * write and the commit, the one instant exactly-once has to survive. */
	if (getenv("SC_TEST_KILL_AFTER_WRITE") && f->written)
		raise(SIGKILL);
	if (!f->okey && sc_state_begin(f->st))
		goto fail;
	for (int i = 0; i < f->ns; i++)
		if (f->s[i].ok && f->s[i].newest.len)
			sc_cursor_set(f->st, f->source, f->account, f->s[i].name, f->s[i].newest.p);
	if (f->okey) {
		struct stat sb;
		if (fstat(fileno(f->out), &sb))
			sc_die(SC_EXIT_FAIL, "cannot stat %s: %s", f->okey, strerror(errno));
		snprintf(num, sizeof num, "%lld", (long long)sb.st_size);
		sc_cursor_set(f->st, OUTFILE_SOURCE, OUTFILE_ACCOUNT, f->okey, num);
	}
	if (sc_state_commit(f->st))
		goto fail;
	return 0;
fail:
	sc_warn("%s; %s", sc_state_error(f->st), f->okey && !f->written
		? "nothing was written; the next run fetches it all again"
		: "the records written will come again on the next run");
	return -1;
}

void fetch_close(struct fetch *f)
{
	if (f->out && f->out != stdout)
		fclose(f->out);
	for (int i = 0; i < f->ns; i++) {
		buf_free(&f->s[i].old);
		buf_free(&f->s[i].newest);
	}
	jv_free(f->seen);
	free(f->items);
	free(f->okey);
	buf_free(&f->lines);
	buf_free(&f->rec);
}
