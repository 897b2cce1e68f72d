/* One fetch run's records and cursors: the exactly-once machinery every
 * network source shares.
 *
 * A network file walks a stream's pages newest first (as the APIs return
 * them) and hands each normalised record to fetch_add. Nothing is written
 * while walking: when every walk is over, fetch_commit writes the records
 * of the streams whose walk succeeded, oldest first, flushes them (and
 * fsyncs an output file), and only then moves those streams' cursors in one
 * state transaction. A stream whose walk failed (page 3 of 5, a rate limit)
 * is dropped whole and keeps its cursor: the next run walks it again.
 *
 * With an output file (-o) the file's length is committed in the same
 * transaction, as the cursor "output:PATH" of the source and account. On
 * open, bytes past the committed length (written by a run killed before its
 * commit) are cut off: their cursors did not move, so they are fetched
 * again. So a file gets every record exactly once, kill -9 included;
 * standard output gets them at least once across kill -9 between the write
 * and the commit, exactly once otherwise. */
#ifndef SC_FETCH_H
#define SC_FETCH_H
#include <stdint.h>
#include <stdio.h>
#include <jv.h>

#include "buf.h"
#include "sctime.h"
#include "state.h"

#define FETCH_STREAMS 4

struct fetch_item {
	struct sc_time t;
	int stream;
	unsigned long seq;
	size_t off, len;
};

struct fetch_stream {
	const char *name;
	struct buf old, newest;   /* saved cursor, newest seen in this walk */
	int have_old, ok;
	unsigned long n;
};

struct fetch {
	struct sc_state *st;
	const char *source, *account;
	FILE *out;
	char *okey;               /* "output:/abs/path", NULL on stdout */
	struct buf lines;         /* the records, back to back */
	struct fetch_item *items;
	size_t n, cap;
	jv seen;                  /* ids added in this run */
	struct fetch_stream s[FETCH_STREAMS];
	int ns;
	int have_since;
	struct sc_time since;
	long limit;               /* records per stream, 0: no limit */
	unsigned long written, dups;
	struct buf rec;           /* the record a network file is building */
};

/* path NULL: standard output. Returns 0, or -1 with a message in err. */
int fetch_open(struct fetch *f, struct sc_state *st, const char *source,
	       const char *account, const char *path, struct buf *err);
/* Declares a stream (by a static name) and loads its cursor; returns its
 * index. */
int fetch_stream(struct fetch *f, const char *name);
/* The saved cursor of stream s, or NULL. */
const char *fetch_cursor(struct fetch *f, int s);

enum { FETCH_ADDED, FETCH_DUP, FETCH_OLD, FETCH_FULL };
/* Adds f->rec (one JSON record, no newline) with its id and time to stream
 * s. FETCH_OLD: older than --since, not added (older pages need no walk);
 * FETCH_FULL: the stream has --limit records, not added; FETCH_DUP: an id
 * already added in this run (a page repeating ids), not added. */
int fetch_add(struct fetch *f, int s, const char *id, struct sc_time t);
/* The walk of s succeeded: its cursor becomes newest (NULL: unchanged). */
void fetch_done(struct fetch *f, int s, const char *newest);
/* Writes the records of the streams that succeeded, oldest first, and
 * commits their cursors. Returns 0, or -1 (reported) when the state could
 * not be saved. */
int fetch_commit(struct fetch *f);
void fetch_close(struct fetch *f);

#endif
