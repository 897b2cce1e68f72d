#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "intern.h"

struct intern {
	struct buf bytes;       /* every string, NUL-terminated */
	size_t *off;            /* string i starts at bytes.p + off[i] */
	uint32_t *len;
	uint32_t n, cap;
	uint32_t *slots;        /* open addressing: id + 1, 0 empty */
	size_t nslots;
};

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

struct intern *intern_new(void)
{
	struct intern *in = sc_xcalloc(1, sizeof *in);

	in->nslots = 1024;
	in->slots = sc_xcalloc(in->nslots, sizeof *in->slots);
	return in;
}

void intern_free(struct intern *in)
{
	if (!in)
		return;
	buf_free(&in->bytes);
	free(in->off);
	free(in->len);
	free(in->slots);
	free(in);
}

static size_t find_slot(const struct intern *in, const char *s, size_t n, uint64_t h)
{
	size_t mask = in->nslots - 1, i = (size_t)h & mask;

	while (in->slots[i]) {
		uint32_t id = in->slots[i] - 1;
		if (in->len[id] == n && memcmp(in->bytes.p + in->off[id], s, n) == 0)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

static void grow(struct intern *in)
{
	size_t old = in->nslots;
	uint32_t *slots = in->slots;

	in->nslots *= 2;
	in->slots = sc_xcalloc(in->nslots, sizeof *in->slots);
	for (size_t i = 0; i < old; i++) {
		if (!slots[i])
			continue;
		uint32_t id = slots[i] - 1;
		const char *s = in->bytes.p + in->off[id];
		in->slots[find_slot(in, s, in->len[id], hash(s, in->len[id]))] = slots[i];
	}
	free(slots);
}

uint32_t intern_find(const struct intern *in, const char *s, size_t n)
{
	size_t i = find_slot(in, s, n, hash(s, n));

	return in->slots[i] ? in->slots[i] - 1 : INTERN_NONE;
}

uint32_t intern(struct intern *in, const char *s, size_t n)
{
	uint64_t h = hash(s, n);
	size_t i = find_slot(in, s, n, h);

	if (in->slots[i])
		return in->slots[i] - 1;
	if (in->n == in->cap) {
		in->cap = in->cap ? 2 * in->cap : 1024;
		in->off = sc_xrealloc(in->off, in->cap * sizeof *in->off);
		in->len = sc_xrealloc(in->len, in->cap * sizeof *in->len);
	}
	in->off[in->n] = in->bytes.len;
	in->len[in->n] = (uint32_t)n;
	buf_put(&in->bytes, s, n);
	buf_putc(&in->bytes, '\0');
	in->slots[i] = in->n + 1;
	if (++in->n * 2 > in->nslots)
		grow(in);
	return in->n - 1;
}

const char *intern_str(const struct intern *in, uint32_t id, size_t *n)
{
	if (id == INTERN_NONE || id >= in->n) {
		if (n)
			*n = 0;
		return NULL;
	}
	if (n)
		*n = in->len[id];
	return in->bytes.p + in->off[id];
}

uint32_t intern_count(const struct intern *in)
{
	return in->n;
}
