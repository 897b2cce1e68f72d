#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lines.h"
#include "record.h"
#include "recpool.h"

size_t recpool_batch_lines = 512;

/* A ring of batches: the calling thread fills them in order, workers claim
 * them in order, the calling thread takes their results in order. */
#define NSLOT 16
enum { S_FREE, S_FILLED, S_BUSY, S_DONE };

struct slot {
	struct buf in;        /* [u64 line][u32 len][bytes] per line */
	struct buf out;       /* [u8 kind][u64 line][u32 len][bytes] per line */
	const char *name;     /* the file of every line in it */
	atomic_int state;
};
enum { K_RECORD, K_BAD };

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct slot slot[NSLOT];
	uint64_t filled, claimed, taken;
	int eof;
	atomic_int stop;
	const struct recpool_fns *fns;
};

static void put_head(struct buf *b, int kind, uint64_t line, uint32_t len)
{
	unsigned char k = (unsigned char)kind;

	buf_put(b, &k, 1);
	buf_put(b, &line, sizeof line);
	buf_put(b, &len, sizeof len);
}

static void bad(struct buf *out, uint64_t line, const char *msg)
{
	put_head(out, K_BAD, line, (uint32_t)strlen(msg));
	buf_put(out, msg, strlen(msg));
}

static void one_line(struct pool *p, void *wctx, struct jparse *jp, struct buf *out,
		     uint64_t line, const char *s, uint32_t n)
{
	struct jval doc;
	jv v;
	char why[512];

	jparse_doc(jp, s, n, 1, &doc, &v); /* read_all pads the batch */
	if (!jv_is_valid(v) && !doc.simd) {
		rec_parse_error(v, why, sizeof why);
		bad(out, line, why);
		return;
	}
	if (doc.kind != JV_KIND_OBJECT) {
		snprintf(why, sizeof why, "not a JSON object but %s", jv_kind_name(doc.kind));
		bad(out, line, why);
		jv_free(v);
		return;
	}
	const char *key = rec_nul_key(&doc, s, n);
	if (key) {
		snprintf(why, sizeof why, "%s " REC_NUL_KEY, key);
		bad(out, line, why);
		jv_free(v);
		return;
	}
	size_t at = out->len;
	put_head(out, K_RECORD, line, 0);
	int rc = p->fns->extract(wctx, &doc, out, why, sizeof why);
	if (rc) {
		out->len = at;
		if (rc < 0)
			bad(out, line, why);
	} else {
		uint32_t len = (uint32_t)(out->len - at - 1 - sizeof line - sizeof len);
		memcpy(out->p + at + 1 + sizeof line, &len, sizeof len);
	}
	jv_free(v);
}

static void work_batch(struct pool *p, void *wctx, struct jparse *jp, struct slot *s)
{
	buf_reset(&s->out);
	for (size_t i = 0; i < s->in.len && !atomic_load(&p->stop);) {
		uint64_t line;
		uint32_t n;
		memcpy(&line, s->in.p + i, sizeof line);
		memcpy(&n, s->in.p + i + sizeof line, sizeof n);
		i += sizeof line + sizeof n;
		one_line(p, wctx, jp, &s->out, line, s->in.p + i, n);
		i += n;
	}
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	void *wctx = p->fns->worker_init ? p->fns->worker_init(p->fns->ctx) : p->fns->ctx;
	struct jparse jp = JPARSE_INIT;    /* libjq state: one per thread */

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->claimed == p->filled && !p->eof)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->claimed == p->filled)
			break;
		struct slot *s = &p->slot[p->claimed++ % NSLOT];
		s->state = S_BUSY;
		pthread_mutex_unlock(&p->mu);
		work_batch(p, wctx, &jp, s);
		pthread_mutex_lock(&p->mu);
		s->state = S_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	jparse_free(&jp);
	if (p->fns->worker_free)
		p->fns->worker_free(wctx);
	return NULL;
}

/* Takes the results of the oldest batch (waiting for it). */
static void take_one(struct pool *p, int strict, struct recpool_result *res)
{
	struct slot *s = &p->slot[p->taken % NSLOT];

	pthread_mutex_lock(&p->mu);
	while (s->state != S_DONE)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
	for (size_t i = 0; i < s->out.len && !atomic_load(&p->stop);) {
		unsigned char kind = (unsigned char)s->out.p[i];
		uint64_t line;
		uint32_t n;
		memcpy(&line, s->out.p + i + 1, sizeof line);
		memcpy(&n, s->out.p + i + 1 + sizeof line, sizeof n);
		i += 1 + sizeof line + sizeof n;
		if (kind == K_RECORD) {
			p->fns->take(p->fns->ctx, s->out.p + i, n);
			res->n++;
		} else {
			sc_warn_at(s->name, (unsigned long)line, "%.*s", (int)n, s->out.p + i);
			res->bad++;
			if (strict)
				atomic_store(&p->stop, 1);
		}
		i += n;
	}
	pthread_mutex_lock(&p->mu);
	s->state = S_FREE;
	p->taken++;
	pthread_mutex_unlock(&p->mu);
}

static void submit(struct pool *p, struct slot *s)
{
	if (s->in.cap - s->in.len < LINES_PAD) /* simdjson reads past the last line */
		buf_grow(&s->in, LINES_PAD);
	pthread_mutex_lock(&p->mu);
	s->state = S_FILLED;
	p->filled++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
}

/* Fills batches from the lines and hands them out, taking results whenever
 * the ring is full. */
static void read_all(struct pool *p, struct lines *l, int strict, struct recpool_result *res)
{
	struct slot *s = NULL;
	size_t nlines = 0;
	char *line;
	size_t len;

	while (!atomic_load(&p->stop) && lines_next(l, &line, &len)) {
		if (strict && l->toolong) /* reported by the line reader */
			break;
		if (rec_blank(line, len))
			continue;
		if (s && (nlines == recpool_batch_lines || s->name != l->name)) {
			submit(p, s);
			s = NULL;
		}
		if (!s) {
			while (p->filled - p->taken == NSLOT)
				take_one(p, strict, res);
			s = &p->slot[p->filled % NSLOT];
			buf_reset(&s->in);
			s->name = l->name;
			nlines = 0;
		}
		uint64_t no = l->lineno;
		uint32_t n = (uint32_t)len;
		buf_put(&s->in, &no, sizeof no);
		buf_put(&s->in, &n, sizeof n);
		buf_put(&s->in, line, len);
		nlines++;
		while (p->taken < p->filled && p->slot[p->taken % NSLOT].state == S_DONE)
			take_one(p, strict, res);
	}
	if (s)
		submit(p, s);
}

void recpool_run(char **files, int nfiles, int strict, int nthreads,
		 const struct recpool_fns *fns, struct recpool_result *res)
{
	struct pool *p = sc_xcalloc(1, sizeof *p);
	pthread_t th[64];
	struct lines l;

	memset(res, 0, sizeof *res);
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > 64)
		nthreads = 64;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	p->fns = fns;
	for (int i = 0; i < nthreads; i++)
		if (pthread_create(&th[i], NULL, worker, p))
			sc_die(SC_EXIT_FAIL, "cannot start a thread:");
	lines_open(&l, files, nfiles);
	read_all(p, &l, strict, res);
	pthread_mutex_lock(&p->mu);
	p->eof = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	while (p->taken < p->filled)
		take_one(p, strict, res);
	for (int i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	res->err = l.err;
	lines_close(&l);
	for (int i = 0; i < NSLOT; i++) {
		buf_free(&p->slot[i].in);
		buf_free(&p->slot[i].out);
	}
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
