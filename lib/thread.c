#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "thread.h"

struct entry {
	uint64_t row;                /* 1-based; 0 = empty slot */
	char id[THREAD_KEY], parent[THREAD_KEY], root[THREAD_KEY];
	char author[THREAD_KEY], account[THREAD_KEY], mentions[64];
	char reply_brand[THREAD_KEY]; /* a brand that answered this message */
	char parent_author[THREAD_KEY]; /* as the row named it, "" when not */
	unsigned char outbound, resolved, emitted, orphan;
	uint64_t payload;            /* absolute offset into the payload FIFO */
	size_t payload_len;
	uint64_t keep;               /* absolute offset into the kept FIFO */
	size_t keep_len;
};

struct thread {
	struct entry *ring;          /* the last `window` messages */
	size_t window;
	uint64_t rows, head;         /* rows added; next row to emit */
	uint32_t *map;               /* open addressing: ring index + 1, 0 empty */
	size_t mapcap;
	char (*brands)[THREAD_KEY];
	size_t nbrands, brandcap;
	uint32_t bslots[512];        /* brands by case-folded hash: index + 1 */
	struct buf fifo;             /* payloads of messages not yet emitted */
	uint64_t fifo_base;          /* absolute offset of fifo.p[0] */
	struct buf kept;             /* keep bytes of the messages in the window */
	uint64_t kept_base;          /* absolute offset of kept.p[0] */
	unsigned long orphans;
	thread_emit_fn emit;
	void *ctx;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void copy_key(char *dst, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= THREAD_KEY)
		n = 0; /* too long to thread: treated as unknown */
	memcpy(dst, src, n);
	dst[n] = '\0';
}

struct thread *thread_new(size_t window, thread_emit_fn emit, void *ctx)
{
	struct thread *t = sc_xcalloc(1, sizeof *t);

	t->window = window < 16 ? 16 : window;
	t->ring = sc_xcalloc(t->window, sizeof *t->ring);
	for (t->mapcap = 32; t->mapcap < 2 * t->window; t->mapcap *= 2)
		;
	t->map = sc_xcalloc(t->mapcap, sizeof *t->map);
	t->emit = emit;
	t->ctx = ctx;
	return t;
}

void thread_free(struct thread *t)
{
	if (!t)
		return;
	free(t->ring);
	free(t->map);
	free(t->brands);
	buf_free(&t->fifo);
	buf_free(&t->kept);
	free(t);
}

/* Slot in the map where id is, or the empty slot where it would go. */
static size_t slot(const struct thread *t, const char *id)
{
	size_t mask = t->mapcap - 1, i = (size_t)hash(id) & mask;

	while (t->map[i] && strcmp(t->ring[t->map[i] - 1].id, id) != 0)
		i = (i + 1) & mask;
	return i;
}

static struct entry *find(const struct thread *t, const char *id)
{
	size_t i;

	if (!*id)
		return NULL;
	i = slot(t, id);
	return t->map[i] ? &t->ring[t->map[i] - 1] : NULL;
}

/* Linear probing deletion with backward shift (no tombstones). */
static void unmap(struct thread *t, const char *id)
{
	size_t mask = t->mapcap - 1, i = slot(t, id), j = i;

	if (!t->map[i])
		return;
	for (;;) {
		t->map[i] = 0;
		for (;;) {
			j = (j + 1) & mask;
			if (!t->map[j])
				return;
			size_t k = (size_t)hash(t->ring[t->map[j] - 1].id) & mask;
			if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
				continue;
			break;
		}
		t->map[i] = t->map[j];
		i = j;
	}
}

static uint64_t fold_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 1099511628211u;
	return h;
}

/* The brand's own spelling of handle h (handles ignore case), or NULL.
 * Looked up for every mention: hashed, not scanned. */
static const char *brand(const struct thread *t, const char *h)
{
	size_t mask = sizeof t->bslots / sizeof *t->bslots - 1, i = (size_t)fold_hash(h) & mask;

	if (t->nbrands > mask / 2) { /* more brands than the table holds well */
		for (size_t k = 0; k < t->nbrands; k++)
			if (strcasecmp(t->brands[k], h) == 0)
				return t->brands[k];
		return NULL;
	}
	for (; t->bslots[i]; i = (i + 1) & mask)
		if (strcasecmp(t->brands[t->bslots[i] - 1], h) == 0)
			return t->brands[t->bslots[i] - 1];
	return NULL;
}

int thread_is_brand(const struct thread *t, const char *handle)
{
	return brand(t, handle) != NULL;
}

void thread_brand(struct thread *t, const char *handle)
{
	if (!*handle || strlen(handle) >= THREAD_KEY || brand(t, handle))
		return;
	if (t->nbrands == t->brandcap) {
		t->brandcap = t->brandcap ? 2 * t->brandcap : 16;
		t->brands = sc_xrealloc(t->brands, t->brandcap * sizeof *t->brands);
	}
	copy_key(t->brands[t->nbrands], handle);
	size_t mask = sizeof t->bslots / sizeof *t->bslots - 1, i = (size_t)fold_hash(handle) & mask;
	if (t->nbrands < mask / 2) {
		while (t->bslots[i])
			i = (i + 1) & mask;
		t->bslots[i] = (uint32_t)t->nbrands + 1;
	}
	t->nbrands++;
}

/* The @mentions of a text, in order ("@a hi @b" → "a b"), as many as fit.
 * An '@' inside a word (an e-mail address) is not a mention. */
static void mentions(char *out, size_t cap, const char *text)
{
	size_t n = 0;

	for (const char *s = text; s && (s = strchr(s, '@'));) {
		const char *h = ++s;
		if (h - 1 > text && (isalnum((unsigned char)h[-2]) || h[-2] == '_'))
			continue;
		while (*s == '_' || isalnum((unsigned char)*s))
			s++;
		if (s > h && n + (size_t)(s - h) + 2 <= cap) {
			if (n)
				out[n++] = ' ';
			memcpy(out + n, h, (size_t)(s - h));
			n += (size_t)(s - h);
		}
	}
	out[n] = '\0';
}

/* Walks up the chain; with force, a missing parent ends it. Returns 1 when e
 * is resolved. Iterative, and bounded by the window against cycles. */
static int resolve(struct thread *t, struct entry *e, int force)
{
	struct entry *chain[64];
	size_t n = 0, steps = 0;
	struct entry *cur = e;
	const char *root = NULL;

	while (!cur->resolved) {
		struct entry *p = find(t, cur->parent);

		if (!*cur->parent) {
			root = cur->id;
			break;
		}
		if (!p || p == cur || ++steps > t->window) {
			if (!force)
				return 0;
			root = cur->parent;
			e->orphan = !p;
			break;
		}
		if (n < sizeof chain / sizeof *chain)
			chain[n++] = cur;
		cur = p;
	}
	if (!root)
		root = cur->root;
	/* copy first: root may point into cur, which we overwrite below */
	char r[THREAD_KEY];
	copy_key(r, root);
	if (!cur->resolved || cur == e) {
		copy_key(cur->root, r);
		cur->resolved = 1;
	}
	for (size_t i = 0; i < n; i++) {
		copy_key(chain[i]->root, r);
		chain[i]->resolved = 1;
	}
	if (!e->resolved) {
		copy_key(e->root, r);
		e->resolved = 1;
	}
	return 1;
}

static const char *account_of(struct thread *t, struct entry *e)
{
	static char first[THREAD_KEY];
	const char *pb;
	size_t steps = 0;

	if (e->outbound || *e->account)
		return e->account;
	/* the nearest brand tweet up the chain */
	for (struct entry *p = find(t, e->parent); p && steps++ < t->window;
	     p = find(t, p->parent)) {
		if (p->outbound)
			return p->account;
	}
	/* the parent not seen, but the row says a brand wrote it */
	if (!find(t, e->parent) && (pb = brand(t, e->parent_author)))
		return pb;
	/* an @mention of a known brand: the account it was written to, even
	 * when another one answered (a support request sent to the marketing
	 * account stays with the marketing account) */
	first[0] = '\0';
	for (const char *s = e->mentions; *s;) {
		char h[THREAD_KEY];
		size_t n = strcspn(s, " ");
		if (n < sizeof h) {
			memcpy(h, s, n);
			h[n] = '\0';
			const char *b = brand(t, h);
			if (b)
				return b;
			if (!first[0])
				strcpy(first, h);
		}
		s += n + (s[n] == ' ');
	}
	/* else a brand that answered it, else the first @mention */
	if (*e->reply_brand)
		return e->reply_brand;
	return first;
}

/* Emits held messages in order while they are resolved; the first nforce
 * of them are released whatever is known. */
static void emit_head(struct thread *t, uint64_t nforce)
{
	while (t->head < t->rows) {
		struct entry *e = &t->ring[t->head % t->window];

		if (!resolve(t, e, nforce > 0))
			return;
		if (nforce)
			nforce--;
		if (e->orphan)
			t->orphans++;
		const struct entry *p = *e->parent ? find(t, e->parent) : NULL;
		t->emit(t->ctx, t->fifo.p + (e->payload - t->fifo_base), e->payload_len,
			e->root, account_of(t, e), !*e->parent ? 0 : p ? p->outbound
			: brand(t, e->parent_author) ? 1 : -1,
			!p ? NULL : p->keep_len ? t->kept.p + (p->keep - t->kept_base) : "",
			p ? p->keep_len : 0);
		e->emitted = 1;
		t->head++;
		uint64_t used = e->payload + e->payload_len - t->fifo_base;
		if (t->head == t->rows) {
			t->fifo_base += t->fifo.len;
			buf_reset(&t->fifo);
		} else if (used > t->fifo.len / 2 && used > 65536) {
			memmove(t->fifo.p, t->fifo.p + used, t->fifo.len - used);
			t->fifo.len -= used;
			t->fifo_base += used;
		}
	}
}

int thread_add(struct thread *t, const struct thread_msg *m)
{
	char id[THREAD_KEY];
	struct entry *e;

	copy_key(id, m->id);
	if (*id && find(t, id))
		return -1;
	e = &t->ring[t->rows % t->window];
	if (e->row) {
		/* the slot's message leaves the window: release it if still held */
		if (!e->emitted)
			emit_head(t, 1);
		if (*e->id)
			unmap(t, e->id);
		/* the oldest message leaves: its kept bytes and all before are dead */
		uint64_t dead = e->keep + e->keep_len - t->kept_base;
		if (dead > t->kept.len / 2 && dead > 65536) {
			memmove(t->kept.p, t->kept.p + dead, t->kept.len - dead);
			t->kept.len -= dead;
			t->kept_base += dead;
		}
	}
	memset(e, 0, offsetof(struct entry, payload));
	e->row = t->rows + 1;
	copy_key(e->id, id);
	copy_key(e->parent, m->parent);
	copy_key(e->author, m->author);
	copy_key(e->parent_author, m->parent_author ? m->parent_author : "");
	e->outbound = (unsigned char)!!m->outbound;
	copy_key(e->account, m->outbound ? m->author : m->account);
	mentions(e->mentions, sizeof e->mentions, m->text);
	if (m->outbound) {
		struct entry *p = find(t, e->parent);
		thread_brand(t, m->author);
		if (p && !p->outbound && !*p->reply_brand)
			copy_key(p->reply_brand, m->author);
	}
	/* replies listed before they are seen (archives that list them) */
	for (const char *r = m->replies; r && *r;) {
		char key[THREAD_KEY];
		size_t n = strcspn(r, ", ");
		if (n && n < sizeof key) {
			memcpy(key, r, n);
			key[n] = '\0';
			char *dot = strchr(key, '.'); /* "3402.0" */
			if (dot)
				*dot = '\0';
			struct entry *c = find(t, key);
			if (c && c->outbound && !*e->reply_brand)
				copy_key(e->reply_brand, c->author);
		}
		r += n;
		r += strspn(r, ", ");
	}
	e->payload = t->fifo_base + t->fifo.len;
	e->payload_len = m->payload_len;
	buf_put(&t->fifo, m->payload, m->payload_len);
	e->keep = t->kept_base + t->kept.len;
	e->keep_len = m->keep ? m->keep_len : 0;
	buf_put(&t->kept, m->keep, e->keep_len);
	if (*e->id)
		t->map[slot(t, e->id)] = (uint32_t)(t->rows % t->window) + 1;
	t->rows++;
	emit_head(t, 0);
	return 0;
}

void thread_flush(struct thread *t)
{
	emit_head(t, UINT64_MAX);
}

unsigned long thread_orphans(const struct thread *t)
{
	return t->orphans;
}
