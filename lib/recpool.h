/* JSON-lines records parsed on worker threads, results taken in input
 * order on the calling thread. libjq's parse (LIBJQ-NOTES: ~5 µs a record)
 * is most of a reader's time; each worker has its own parses and its own jv
 * values, and hands the caller plain bytes, never a jv.
 *
 * The calling thread reads the lines (lines.c: BOM, CRLF, any length) and
 * cuts them into batches at line ends; a worker parses each line of a batch
 * (simdjson, libjq for the lines it leaves) and calls extract on every
 * object, read in place (no jv made for it), which writes what the caller
 * needs into out. The calling thread then calls take for each record, and
 * reports bad lines ("sc-NAME: FILE:LINE: reason", the same words as
 * record.c), in input order; with strict, nothing after the first bad line
 * is taken. */
#ifndef SC_RECPOOL_H
#define SC_RECPOOL_H
#include <stddef.h>
#include <jv.h>

#include "buf.h"
#include "jval.h"

struct recpool_fns {
	/* On a worker: per-worker state (e.g. its own jv keys), made and freed
	 * on that worker. May be NULL. */
	void *(*worker_init)(void *ctx);
	void (*worker_free)(void *wctx);
	/* On a worker: rec (an object, read in place: jval.h) into out; or -1 with a reason
	 * (NUL-terminated, at most cap bytes) in why, to be reported; or 1:
	 * a line that is not for this reader (nothing taken, nothing said). */
	int (*extract)(void *wctx, const struct jval *rec, struct buf *out, char *why, size_t cap);
	/* On the calling thread, in input order. */
	void (*take)(void *ctx, const char *p, size_t n);
	void *ctx;
};

struct recpool_result {
	unsigned long n;     /* records taken */
	unsigned long bad;   /* lines reported */
	int err;             /* a file could not be read (reported) */
};

/* Reads files (NULL/0: stdin) with nthreads workers (at least 1). */
void recpool_run(char **files, int nfiles, int strict, int nthreads,
		 const struct recpool_fns *fns, struct recpool_result *res);

/* Lines per batch; a test may lower it to cut batches anywhere. */
extern size_t recpool_batch_lines;

#endif
