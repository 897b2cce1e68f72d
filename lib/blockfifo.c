#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "blockfifo.h"
#include "diag.h"

/* Where a block of n bytes would start on a buffer of cap bytes. */
static uint64_t place(uint64_t head, uint64_t cap, size_t n)
{
	uint64_t in = head & (cap - 1);

	return in + n > cap ? head + (cap - in) : head;
}

/* A window of 50,000 rows holds tens of megabytes, each 4 KiB page of which
 * costs a page fault when first written (a fifth of sc-fetch csv's time on a
 * virtual machine); in 2 MiB pages those faults all but go. */
static void huge_pages(char *p, uint64_t n)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1), end = (uintptr_t)p + n;

	if (end > a + huge)
		madvise((void *)a, (end - a) & ~(huge - 1), MADV_HUGEPAGE);
#else
	(void)p, (void)n;
#endif
}

/* The buffer in its own mapping, grown by mremap: the pages written stay
 * where they are, neither copied nor faulted in again (realloc copies a block
 * that malloc keeps in a thread's heap, as sc-fetch csv's reading thread's). */
static char *resize(char *p, uint64_t old, uint64_t cap)
{
#ifdef MREMAP_MAYMOVE
	void *q = old ? mremap(p, old, cap, MREMAP_MAYMOVE) : MAP_FAILED;

	if (q == MAP_FAILED) { /* a new mapping (valgrind refuses to grow one) */
		q = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (q == MAP_FAILED)
			sc_die(SC_EXIT_FAIL, "out of memory (%llu bytes):", (unsigned long long)cap);
		if (old) {
			memcpy(q, p, old);
			munmap(p, old);
		}
	}
	huge_pages(q, cap);
	return q;
#else
	(void)old;
	return sc_xrealloc(p, cap);
#endif
}

/* Live blocks keep their offsets: the new size is a multiple of the old, so a
 * block that crossed no multiple of the old size crosses none of the new.
 * realloc keeps the bytes where they were (large blocks are remapped, not
 * copied); what now falls in the new part of the buffer moves there. */
static void grow(struct blockfifo *f, size_t n)
{
	uint64_t cap = f->cap ? f->cap : 4096, old = f->cap;

	while (place(f->head, cap, n) + n - f->tail > cap)
		cap *= 2;
	f->p = resize(f->p, old, cap);
	f->cap = cap;
	for (uint64_t a = f->tail; a < f->head;) {
		uint64_t from = a & (old - 1), to = a & (cap - 1), k = f->head - a;
		if (k > old - from)
			k = old - from;
		if (to != from)
			memcpy(f->p + to, f->p + from, k);
		a += k;
	}
}

uint64_t bf_alloc(struct blockfifo *f, size_t n)
{
	uint64_t off;

	if (f->tail == f->head) /* nothing live: start afresh at the beginning */
		f->tail = f->head = (f->head + f->cap - 1) & ~(f->cap - 1);
	if (!f->cap || place(f->head, f->cap, n) + n - f->tail > f->cap)
		grow(f, n);
	off = place(f->head, f->cap, n);
	f->head = off + n;
	return off;
}

void bf_free(struct blockfifo *f)
{
#ifdef MREMAP_MAYMOVE
	if (f->cap)
		munmap(f->p, f->cap);
#else
	free(f->p);
#endif
	*f = (struct blockfifo)BLOCKFIFO_INIT;
}
