/* Two threads, one producer and one consumer, passing batches of bytes.
 * The producer fills one batch while the consumer works on the other, so a
 * reader that parses (libcsv) and a writer that normalises run on two cores.
 * Only the consumer touches program state and standard output; the producer
 * only encodes what it read into the batch. */
#ifndef SC_HANDOFF_H
#define SC_HANDOFF_H
#include "buf.h"

typedef void (*handoff_fn)(void *ctx, const char *p, size_t n);

struct handoff;

/* Starts the consumer thread, which calls consume on every batch in order
 * and flushes stdout whenever it has nothing left to do. */
struct handoff *handoff_new(handoff_fn consume, void *ctx);
/* The batch the producer fills. */
struct buf *handoff_buf(struct handoff *h);
/* Hands the current batch over (waits while the consumer is a batch behind). */
void handoff_send(struct handoff *h);
/* Consumer side: asks the producer to stop reading (e.g. --strict). */
void handoff_stop(struct handoff *h);
int handoff_stopped(struct handoff *h);
/* Sends what is left, waits until the consumer has done everything, frees. */
void handoff_finish(struct handoff *h);

#endif
