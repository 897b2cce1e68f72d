#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blockfifo.h"
#include "tap.h"

/* Block i's bytes: its length and a pattern from i, so any block moved to
 * the wrong place or overwritten shows. */
static size_t len_of(unsigned i) { return (i * 37u) % 301u; }
static char byte_of(unsigned i, size_t k) { return (char)(i * 7u + k); }

static int intact(const struct blockfifo *f, uint64_t off, unsigned i)
{
	const char *p = bf_at(f, off);

	for (size_t k = 0; k < len_of(i); k++)
		if (p[k] != byte_of(i, k))
			return 0;
	return 1;
}

int main(void)
{
	struct blockfifo f = BLOCKFIFO_INIT;
	enum { N = 20000, LIVE = 500 };
	static uint64_t off[N];
	int bad = 0, order = 1, contiguous = 1;
	uint64_t maxcap = 0;

	/* A window: LIVE blocks live at a time, the oldest given back first. */
	for (unsigned i = 0; i < N; i++) {
		if (i >= LIVE) {
			unsigned j = i - LIVE;
			bad += !intact(&f, off[j], j);
			bf_release(&f, off[j] + len_of(j));
		}
		off[i] = bf_alloc(&f, len_of(i));
		order &= i == 0 || off[i] >= off[i - 1] + len_of(i - 1);
		contiguous &= (off[i] & (f.cap - 1)) + len_of(i) <= f.cap;
		for (size_t k = 0; k < len_of(i); k++)
			bf_at(&f, off[i])[k] = byte_of(i, k);
		if (f.cap > maxcap)
			maxcap = f.cap;
	}
	for (unsigned j = N - LIVE; j < N; j++)
		bad += !intact(&f, off[j], j);
	is_int(bad, 0, "every live block keeps its bytes and its offset through the buffer's growth");
	ok(order, "offsets grow in the order blocks are taken");
	ok(contiguous, "no block crosses the end of the buffer");
	ok(maxcap <= 4 * LIVE * 300, "the buffer is sized by the live blocks, not by all blocks "
	   "ever taken: %llu bytes", (unsigned long long)maxcap);

	/* Growing while the live blocks wrap around the end of the buffer. */
	struct blockfifo g = BLOCKFIFO_INIT;
	uint64_t a = bf_alloc(&g, 3000), b, c;
	memset(bf_at(&g, a), 'a', 3000);
	bf_release(&g, a + 3000);
	b = bf_alloc(&g, 1000); /* the buffer now holds only b */
	memset(bf_at(&g, b), 'b', 1000);
	c = bf_alloc(&g, 3500); /* no room after b: wraps, then grows */
	memset(bf_at(&g, c), 'c', 3500);
	uint64_t d = bf_alloc(&g, 10000);
	memset(bf_at(&g, d), 'd', 10000);
	ok(memchr(bf_at(&g, b), 'a', 1000) == NULL && bf_at(&g, b)[0] == 'b' && bf_at(&g, b)[999] == 'b'
	   && bf_at(&g, c)[0] == 'c' && bf_at(&g, c)[3499] == 'c' && bf_at(&g, d)[9999] == 'd',
	   "blocks taken before two growths read back whole");

	/* Emptied, the buffer starts again at its beginning (the bytes a
	 * window that keeps up uses stay in the cache). */
	bf_release(&g, d + 10000);
	uint64_t e = bf_alloc(&g, 10);
	ok(bf_at(&g, e) == g.p, "a new block in an empty buffer starts at its beginning");
	bf_free(&f);
	bf_free(&g);
	return tap_done();
}
