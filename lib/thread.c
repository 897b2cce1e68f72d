#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "blockfifo.h"
#include "diag.h"
#include "intern.h"
#include "thread.h"

/* A message in the window. Its strings live in t->keys, in one block:
 * the root (THREAD_KEY bytes, written when resolved), then id, parent,
 * account, mentions and the parent's author, each NUL-terminated; the block
 * is given back when the message leaves the window, the payload once it is
 * emitted. The parent found is kept (its ring index and row), so a chain is
 * walked without hashing; a link whose row no longer matches is looked up
 * again, as the parent may have left the window. */
struct entry {
	uint64_t row;                /* 1-based; 0 = empty slot */
	uint64_t keys;               /* offset of the strings' block */
	uint64_t payload;            /* offset of the payload */
	uint64_t prow;               /* the parent's row when linked, else 0 */
	size_t payload_len;
	uint64_t kept;               /* offset of the kept bytes (thread_msg.keep) */
	size_t kept_len;
	uint32_t hash, phash;        /* of id and parent */
	uint32_t pidx;               /* the parent's ring index when linked */
	uint32_t reply_brand;        /* a brand that answered this message, interned */
	uint16_t o_parent, o_account, o_mentions, o_pauthor, klen;
	unsigned char outbound, resolved, emitted, orphan;
};

struct mslot {
	uint32_t idx;                /* ring index + 1, 0 empty */
	uint32_t hash;               /* of the id: probing reads no entry */
};

struct thread {
	struct entry *ring;          /* the last `window` messages */
	size_t window;
	uint64_t rows, head;         /* rows added; next row to emit */
	struct mslot *map;           /* open addressing on the ids */
	size_t mapcap;
	char (*brands)[THREAD_KEY];
	size_t nbrands, brandcap;
	uint32_t bslots[512];        /* brands by case-folded hash: index + 1 */
	struct blockfifo keys;       /* strings of messages in the window */
	struct blockfifo payloads;   /* payloads of messages not yet emitted */
	struct blockfifo kept;       /* keep bytes of the messages in the window */
	struct intern *spell;        /* brand handles as outbound rows spell them */
	/* The head could not be resolved: until the head moves on, only a
	 * message whose id is stall_id can change that ("" when none can). */
	uint64_t stall_head;
	uint32_t stall_hash;
	char stall_id[THREAD_KEY];
	char first[THREAD_KEY];      /* account_of's first @mention */
	unsigned long orphans;
	thread_emit_fn emit;
	void *ctx;
};

static uint32_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (uint32_t)(h ^ h >> 32);
}

static const char *key(const struct thread *t, const struct entry *e, uint16_t off)
{
	return bf_at(&t->keys, e->keys) + off;
}

#define ROOT(t, e) (bf_at(&(t)->keys, (e)->keys))
#define ID(t, e) key(t, e, THREAD_KEY)
#define PARENT(t, e) key(t, e, (e)->o_parent)
#define ACCOUNT(t, e) key(t, e, (e)->o_account)

static void copy_key(char *dst, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= THREAD_KEY)
		n = 0; /* too long to thread: treated as unknown */
	if (n)
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
	t->spell = intern_new();
	t->stall_head = UINT64_MAX;
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
	bf_free(&t->keys);
	bf_free(&t->payloads);
	bf_free(&t->kept);
	intern_free(t->spell);
	free(t);
}

static struct entry *find(const struct thread *t, const char *id, uint32_t h)
{
	size_t mask = t->mapcap - 1;

	if (!*id)
		return NULL;
	for (size_t i = h & mask; t->map[i].idx; i = (i + 1) & mask)
		if (t->map[i].hash == h && strcmp(ID(t, &t->ring[t->map[i].idx - 1]), id) == 0)
			return &t->ring[t->map[i].idx - 1];
	return NULL;
}

/* An id known not to be mapped goes into the first free slot. */
static void map_put(struct thread *t, uint32_t idx, uint32_t h)
{
	size_t mask = t->mapcap - 1, i = h & mask;

	while (t->map[i].idx)
		i = (i + 1) & mask;
	t->map[i] = (struct mslot){idx + 1, h};
}

/* Linear probing deletion with backward shift (no tombstones). */
static void unmap(struct thread *t, uint32_t idx, uint32_t h)
{
	size_t mask = t->mapcap - 1, i = h & mask, j;

	while (t->map[i].idx && t->map[i].idx != idx + 1)
		i = (i + 1) & mask;
	if (!t->map[i].idx)
		return;
	for (j = i;;) {
		t->map[i].idx = 0;
		for (;;) {
			j = (j + 1) & mask;
			if (!t->map[j].idx)
				return;
			size_t k = t->map[j].hash & mask;
			if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
				continue;
			break;
		}
		t->map[i] = t->map[j];
		i = j;
	}
}

static void prefetch_slot(const struct thread *t, uint32_t h)
{
	__builtin_prefetch(&t->map[h & (t->mapcap - 1)]);
}

/* The message e answers, if in the window: what find(parent) gives, through
 * the link while it holds. */
static struct entry *parent_of(const struct thread *t, struct entry *e)
{
	struct entry *p;

	if (e->prow && t->ring[e->pidx].row == e->prow)
		return &t->ring[e->pidx];
	if ((p = find(t, PARENT(t, e), e->phash))) {
		e->pidx = (uint32_t)(p - t->ring);
		e->prow = p->row;
	}
	return p;
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
 * is resolved. Iterative, and bounded by the window against cycles. A head
 * that stays unresolved notes what it waits for (see thread_add). */
static int resolve(struct thread *t, struct entry *e, int force)
{
	struct entry *chain[64];
	size_t n = 0, steps = 0;
	struct entry *cur = e;
	const char *root = NULL;

	while (!cur->resolved) {
		struct entry *p = parent_of(t, cur);

		if (!*PARENT(t, cur)) {
			root = ID(t, cur);
			break;
		}
		if (!p || p == cur || ++steps > t->window) {
			if (!force) {
				/* only the missing parent's arrival can change this */
				copy_key(t->stall_id, p ? "" : PARENT(t, cur));
				t->stall_hash = cur->phash;
				t->stall_head = t->head;
				return 0;
			}
			root = PARENT(t, cur);
			e->orphan = !p;
			break;
		}
		if (n < sizeof chain / sizeof *chain)
			chain[n++] = cur;
		cur = p;
	}
	if (!root)
		root = ROOT(t, cur);
	/* copy first: root may point into cur, which we overwrite below */
	char r[THREAD_KEY];
	copy_key(r, root);
	if (!cur->resolved || cur == e) {
		copy_key(ROOT(t, cur), r);
		cur->resolved = 1;
	}
	for (size_t i = 0; i < n; i++) {
		copy_key(ROOT(t, chain[i]), r);
		chain[i]->resolved = 1;
	}
	if (!e->resolved) {
		copy_key(ROOT(t, e), r);
		e->resolved = 1;
	}
	return 1;
}

static const char *account_of(struct thread *t, struct entry *e)
{
	struct entry *p;
	const char *pb;
	size_t steps = 0;

	if (e->outbound || *ACCOUNT(t, e))
		return ACCOUNT(t, e);
	/* the nearest brand tweet up the chain */
	for (p = parent_of(t, e); p && steps++ < t->window; p = parent_of(t, p)) {
		if (p->outbound)
			return ACCOUNT(t, p);
	}
	/* the parent not seen, but the row says a brand wrote it */
	if (!parent_of(t, e) && (pb = brand(t, key(t, e, e->o_pauthor))))
		return pb;
	/* an @mention of a known brand: the account it was written to, even
	 * when another one answered (a support request sent to the marketing
	 * account stays with the marketing account) */
	t->first[0] = '\0';
	for (const char *s = key(t, e, e->o_mentions); *s;) {
		char h[THREAD_KEY];
		size_t n = strcspn(s, " ");
		if (n < sizeof h) {
			memcpy(h, s, n);
			h[n] = '\0';
			const char *b = brand(t, h);
			if (b)
				return b;
			if (!t->first[0])
				strcpy(t->first, h);
		}
		s += n + (s[n] == ' ');
	}
	/* else a brand that answered it, else the first @mention */
	if (e->reply_brand != INTERN_NONE)
		return intern_str(t->spell, e->reply_brand, NULL);
	return t->first;
}

/* Emits held messages in order while they are resolved; the first nforce
 * of them are released whatever is known. */
static void emit_head(struct thread *t, uint64_t nforce)
{
	while (t->head < t->rows) {
		struct entry *e = &t->ring[t->head % t->window];

		if (t->head + 8 < t->rows) /* released in runs: the parents' slots ahead */
			prefetch_slot(t, t->ring[(t->head + 8) % t->window].phash);
		if (!resolve(t, e, nforce > 0))
			return;
		if (nforce)
			nforce--;
		if (e->orphan)
			t->orphans++;
		const struct entry *p = *PARENT(t, e) ? parent_of(t, e) : NULL;
		t->emit(t->ctx, bf_at(&t->payloads, e->payload), e->payload_len, ROOT(t, e),
			account_of(t, e), !*PARENT(t, e) ? 0 : p ? p->outbound
			: brand(t, key(t, e, e->o_pauthor)) ? 1 : -1,
			!p ? NULL : p->kept_len ? bf_at(&t->kept, p->kept) : "", p ? p->kept_len : 0);
		e->emitted = 1;
		bf_release(&t->payloads, e->payload + e->payload_len);
		t->head++;
	}
}

/* The brand's handle as an outbound row spelled it, to answer for e. */
static void set_reply_brand(struct thread *t, struct entry *e, const char *handle)
{
	if (*handle && e->reply_brand == INTERN_NONE)
		e->reply_brand = intern(t->spell, handle, strlen(handle));
}

/* Sets, for an inbound e, the brand that answered it among the replies its
 * row lists (archives that list them) and that were seen before it. */
static void listed_replies(struct thread *t, struct entry *e, const char *r)
{
	while (r && *r && e->reply_brand == INTERN_NONE) {
		char k[THREAD_KEY];
		size_t n = strcspn(r, ", ");
		if (n && n < sizeof k) {
			memcpy(k, r, n);
			k[n] = '\0';
			char *dot = strchr(k, '.'); /* "3402.0" */
			if (dot)
				*dot = '\0';
			struct entry *c = find(t, k, hash(k));
			if (c && c->outbound)
				set_reply_brand(t, e, ACCOUNT(t, c));
		}
		r += n;
		r += strspn(r, ", ");
	}
}

/* Appends s (cut to "" when cap bytes or more) to the block at b, n bytes
 * used; returns its offset. */
static uint16_t put_key(char *b, size_t *n, const char *s, size_t cap)
{
	size_t at = *n, l = s ? strlen(s) : 0;

	if (l >= cap)
		l = 0;
	if (l)
		memcpy(b + at, s, l);
	b[at + l] = '\0';
	*n = at + l + 1;
	return (uint16_t)at;
}

int thread_add(struct thread *t, const struct thread_msg *m)
{
	char id[THREAD_KEY], ment[64], blk[THREAD_KEY * 5 + sizeof ment];
	uint16_t o_parent, o_account, o_mentions, o_pauthor;
	uint32_t idx = (uint32_t)(t->rows % t->window), h, ph;
	struct entry *e = &t->ring[idx], *p;
	size_t n = THREAD_KEY;

	/* the map slots this row reads, asked for before the work that does not
	 * need them: they are rarely in the cache (a third of the time) */
	copy_key(id, m->id);
	h = hash(id);
	prefetch_slot(t, h);
	if (e->row)
		prefetch_slot(t, e->hash);
	put_key(blk, &n, id, THREAD_KEY);
	o_parent = put_key(blk, &n, m->parent, THREAD_KEY);
	ph = hash(blk + o_parent);
	prefetch_slot(t, ph);
	o_account = put_key(blk, &n, m->outbound ? m->author : m->account, THREAD_KEY);
	mentions(ment, sizeof ment, m->text);
	o_mentions = put_key(blk, &n, ment, sizeof ment);
	o_pauthor = put_key(blk, &n, m->parent_author, THREAD_KEY);

	if (*id && find(t, id, h))
		return -1;
	if (e->row) {
		/* the slot's message leaves the window: release it if still held */
		if (!e->emitted)
			emit_head(t, 1);
		if (*ID(t, e))
			unmap(t, idx, e->hash);
		bf_release(&t->keys, e->keys + e->klen);
		bf_release(&t->kept, e->kept + e->kept_len);
	}
	memset(e, 0, sizeof *e);
	e->row = t->rows + 1;
	e->hash = h;
	e->phash = ph;
	e->reply_brand = INTERN_NONE;
	e->o_parent = o_parent;
	e->o_account = o_account;
	e->o_mentions = o_mentions;
	e->o_pauthor = o_pauthor;
	e->klen = (uint16_t)n;
	e->keys = bf_alloc(&t->keys, n);
	memcpy(bf_at(&t->keys, e->keys), blk, n);
	e->outbound = (unsigned char)!!m->outbound;
	if (m->outbound) {
		thread_brand(t, m->author);
		if ((p = parent_of(t, e)) && !p->outbound)
			set_reply_brand(t, p, blk + e->o_account);
	} else if (!blk[e->o_account]) {
		listed_replies(t, e, m->replies);
	}
	e->payload = bf_alloc(&t->payloads, m->payload_len);
	e->payload_len = m->payload_len;
	memcpy(bf_at(&t->payloads, e->payload), m->payload, m->payload_len);
	if (m->keep && m->keep_len) {
		e->kept_len = m->keep_len;
		e->kept = bf_alloc(&t->kept, m->keep_len);
		memcpy(bf_at(&t->kept, e->kept), m->keep, m->keep_len);
	}
	if (*id)
		map_put(t, idx, h);
	t->rows++;
	/* a head still waiting for a parent that is not this message stays so */
	if (t->stall_head != t->head || (*id && h == t->stall_hash && strcmp(id, t->stall_id) == 0))
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
