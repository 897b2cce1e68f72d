/* A run's records held and given back in time order (sc-route): archives
 * list a thread's newest message first and threads newest first, and the
 * cases a run leaves (their numbers, owners, what closed when) must not
 * depend on that. The records' bytes are copied into one growing buffer
 * (no allocation a record once it has grown) up to TORDER_MAX_BYTES; the
 * caller routes what is held when it is full, at the end of the input, or
 * before a read that could wait. */
#ifndef SC_TIMEORDER_H
#define SC_TIMEORDER_H
#include <stddef.h>
#include <stdint.h>

#include <jv.h>

#include "buf.h"

#define TORDER_MAX_BYTES ((size_t)64 << 20)
/* sc-route reads its records in place (simdjson's document) and keeps no
 * parsed value for them: a held record is parsed again when routed. Only
 * a line simdjson leaves to libjq (invalid UTF-8 and the like) comes with
 * the jv libjq made of it, kept for the first 8 MiB of lines held: a jv
 * takes about 7 times its line, and keeping them all could take the
 * resident size of a large file from about a hundred to several hundred
 * MB. Past that, such a line is parsed again too. */
#define TORDER_JV_BYTES ((size_t)8 << 20)

struct torder_rec {
	int64_t t;           /* seconds; ties keep the input order */
	size_t seq, off, len;
	const char *file;    /* for messages: the reader's name, lives for the run */
	unsigned long line;
	jv v;                /* the record as parsed when read, or invalid: parse again */
};

struct torder {
	struct buf bytes;    /* each line followed by one writable byte (jparse) */
	struct torder_rec *v;
	size_t n, cap, seq;
	size_t jv_bytes;     /* the lines of the records whose value is kept */
	int64_t last;        /* the time given to a record without one */
};

void torder_init(struct torder *o);
/* Holds line s (n bytes) and its parsed value v (taken; kept within
 * TORDER_JV_BYTES) with its time t (INT64_MIN: none, it stays after the
 * records read before it). */
void torder_add(struct torder *o, int64_t t, const char *file, unsigned long line,
		const char *s, size_t n, jv v);
int torder_full(const struct torder *o);
/* Sorts what is held; o->v[i] then names the i-th record, its bytes at
 * o->bytes.p + off. */
void torder_sort(struct torder *o);
/* Forgets what is held (the values freed). */
void torder_reset(struct torder *o);
void torder_free(struct torder *o);

#endif
