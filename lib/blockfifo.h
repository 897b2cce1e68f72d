/* A FIFO of byte blocks: blocks are taken at one end and given back, oldest
 * first, at the other, in one circular buffer that grows by doubling. A
 * block is named by its absolute offset, which never changes (growing copies
 * the live bytes to where the same offsets fall in the larger buffer), and is
 * always contiguous (a block that would cross the end of the buffer starts
 * at its beginning instead). Nothing is moved when blocks are given back, so
 * a window of rows that enter and leave in order costs no copy, and no
 * allocation once the buffer has grown to the window's size. */
#ifndef SC_BLOCKFIFO_H
#define SC_BLOCKFIFO_H
#include <stddef.h>
#include <stdint.h>

struct blockfifo {
	char *p;
	uint64_t cap;        /* a power of two, or 0 */
	uint64_t head, tail; /* next free offset; start of the oldest live byte */
};

#define BLOCKFIFO_INIT {0, 0, 0, 0}

/* A new block of n bytes at the head: its offset. */
uint64_t bf_alloc(struct blockfifo *f, size_t n);
/* The bytes of the block at offset off (valid until the next bf_alloc). */
static inline char *bf_at(const struct blockfifo *f, uint64_t off)
{
	return f->p + (off & (f->cap - 1));
}
/* Gives back every block that ends at or before offset end. */
static inline void bf_release(struct blockfifo *f, uint64_t end)
{
	if (end > f->tail)
		f->tail = end;
}
void bf_free(struct blockfifo *f);

#endif
