/* Feature extraction (see features.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "feats.h"
#include "lexicon.h"
#include "personal.h"

/* Seeds keep the kinds of feature apart in the hash space. */
enum { F_WORD = 1, F_NEGWORD, F_TAG, F_BIGRAM, F_CHAR, F_DENSE, F_PARENT };

#define CHAR_MIN 3
#define CHAR_MAX 5
/* Below a word's weight: 0.3 scored best of 0.2-0.8 in 5-fold cross-
 * validation inside the training splits (complaint F1 +0.01, sentiment
 * about the same); the held-out val splits were not used to choose it. */
#define CHAR_WEIGHT 0.3f

void feats_init(struct feats *f)
{
	memset(f, 0, sizeof *f);
}

void feats_free(struct feats *f)
{
	free(f->h);
	free(f->v);
	free(f->src);
	memset(f, 0, sizeof *f);
}

static void add(struct feats *f, uint64_t h, float v, int32_t src)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 256;
		f->h = sc_xrealloc(f->h, f->cap * sizeof *f->h);
		f->v = sc_xrealloc(f->v, f->cap * sizeof *f->v);
		f->src = sc_xrealloc(f->src, f->cap * sizeof *f->src);
	}
	f->h[f->n] = h;
	f->v[f->n] = v;
	f->src[f->n] = src;
	f->n++;
}

void feats_dense(struct feats *f, const char *name, float v)
{
	if (v != 0)
		add(f, txt_hash(F_DENSE, name, strlen(name)), v, -1);
}

static void reserve(struct feats *f, size_t more)
{
	if (f->n + more > f->cap) {
		f->cap = f->cap * 2 > f->n + more ? f->cap * 2 : f->n + more + 256;
		f->h = sc_xrealloc(f->h, f->cap * sizeof *f->h);
		f->v = sc_xrealloc(f->v, f->cap * sizeof *f->v);
		f->src = sc_xrealloc(f->src, f->cap * sizeof *f->src);
	}
}

/* Byte n-grams of "^word$" (UTF-8 sequences may be cut: harmless for
 * hashing, and much cheaper than decoding), hashed in one pass per start:
 * the 3-, 4- and 5-gram from a position share their first bytes' work, and
 * the word is not copied. */
static void chars(struct feats *f, const char *w, size_t n)
{
	size_t len = n + 2;

	if (n < 2 || n > 128)
		return;
	reserve(f, (CHAR_MAX - CHAR_MIN + 1) * len);
	for (size_t i = 0; i + CHAR_MIN <= len; i++) {
		uint64_t h = F_CHAR ^ 0x9E3779B97F4A7C15ull;
		for (size_t g = 1; g <= CHAR_MAX && i + g <= len; g++) {
			size_t j = i + g - 1;
			unsigned char c = j == 0 ? '^' : j == len - 1 ? '$' : (unsigned char)w[j - 1];
			h = (h ^ c) * 0x100000001B3ull;
			if (g >= CHAR_MIN) {
				uint64_t x = h ^ (g * 0xff51afd7ed558ccdull);
				x ^= x >> 33;
				x *= 0xC4CEB9FE1A85EC53ull;
				x ^= x >> 29;
				f->h[f->n] = x;
				f->v[f->n] = CHAR_WEIGHT;
				f->src[f->n++] = -1;
			}
		}
	}
}

static int wordlike(int kind)
{
	return kind == TK_WORD || kind == TK_HASHTAG || kind == TK_EMOJI || kind == TK_EMOTICON ||
	       kind == TK_NUM;
}

static size_t nwords(const struct toks *k)
{
	size_t n = 0;

	for (size_t i = 0; i < k->n; i++)
		n += wordlike(k->t[i].kind);
	return n;
}

static void words(struct feats *f, const struct toks *k, const struct senti *s)
{
	int32_t prev = -1;

	for (size_t i = 0; i < k->n; i++) {
		const struct token *t = &k->t[i];
		const char *w = tok_str(k, i);
		if (!wordlike(t->kind)) {
			prev = -1;
			if (t->kind == TK_URL || t->kind == TK_MENTION)
				add(f, txt_hash(F_WORD, w, t->len), 1, -1);
			continue;
		}
		if (t->kind == TK_NUM) {
			add(f, txt_hash(F_WORD, "<num>", 5), 1, -1);
			prev = -1;
			continue;
		}
		add(f, txt_hash(s->negated[i] ? F_NEGWORD : F_WORD, w, t->len), 1, (int32_t)i);
		if (t->kind == TK_HASHTAG)
			add(f, txt_hash(F_TAG, w, t->len), 1, (int32_t)i);
		if (t->kind == TK_WORD)
			chars(f, w, t->len);
		if (prev >= 0 && !(t->flags & TF_CLAUSE)) {
			uint64_t h = txt_hash(F_BIGRAM, tok_str(k, (size_t)prev), k->t[prev].len);
			add(f, txt_hash(h, w, t->len), 1, -1);
		}
		prev = (int32_t)i;
	}
}

/* The dense features' hashes, computed once (names are fixed). */
enum { D_LEXPOS, D_LEXNEG, D_LEXSCORE, D_NEG, D_EXCL, D_QUEST, D_CAPS, D_ELONG, D_BIAS,
       D_DATA, D_CLOSING, D_TB, D_TB_DATA, D_TB_SHORT, D_TB_QUEST, D_TB_CLOSING,
       D_P, D_P_QUEST, D_P_LINK, D_PQ_SHORT, D_PQ_DATA, D_PQ_CLOSING, D_PL_CLOSING, D_PL_QUEST,
       D_CUE0, D_N = D_CUE0 + 8 };
static uint64_t dense_h[D_N], lang_h[L_NLANGS];

static void dense_hashes(void)
{
	static const char *const names[D_CUE0] = {
		"lex+", "lex-", "lexscore", "neg", "excl", "quest", "caps", "elong", "bias",
		"data", "closing", "thread-brand", "tb-data", "tb-short", "tb-quest", "tb-closing",
		"p", "p-quest", "p-link", "pq-short", "pq-data", "pq-closing", "pl-closing", "pl-quest",
	};
	for (int i = 0; i < D_CUE0; i++)
		dense_h[i] = txt_hash(F_DENSE, names[i], strlen(names[i]));
	for (int t = 0; t < 8; t++) { /* "cue" + a letter per tag, LX_COMPLAINT.. */
		char name[5] = {'c', 'u', 'e', (char)('a' + 4 + t), 0};
		dense_h[D_CUE0 + t] = txt_hash(F_DENSE, name, 4);
	}
	for (int l = 0; l < L_NLANGS; l++)
		lang_h[l] = txt_hash(F_DENSE, lang_code((enum lang)l), strlen(lang_code((enum lang)l)));
}

static void dense_at(struct feats *f, int d, float v)
{
	if (v != 0)
		add(f, dense_h[d], v, -1);
}

/* Data a customer gives when asked: a run of three digits or more
 * ("9125-3400", "40213377"), a code of letters and digits ("Ba016",
 * "SW1A 1AA"), "#12345", an e-mail address as the archives blank it
 * ("__email__"). A phone number is runs of digits already. */
static int data_like(const struct toks *k)
{
	for (size_t i = 0; i < k->n; i++) {
		const struct token *t = &k->t[i];
		if ((t->kind == TK_NUM && t->len >= 3) || (t->kind == TK_WORD && (t->flags & TF_MIXED)) ||
		    (t->kind == TK_HASHTAG && t->len >= 5 && tok_str(k, i)[0] >= '0' && tok_str(k, i)[0] <= '9') ||
		    (t->kind == TK_WORD && t->len == 9 && memcmp(tok_str(k, i), "__email__", 9) == 0))
			return 1;
	}
	return 0;
}

static int linked(const struct toks *k)
{
	for (size_t i = 0; i < k->n; i++)
		if (k->t[i].kind == TK_URL)
			return 1;
	return 0;
}

/* Thanks or "all sorted" that asks nothing more: no question, no
 * complaint or help cue, no negation ("thanks, but it still doesn't work"). */
static int closing_only(const struct senti *s)
{
	return (s->cues[__builtin_ctz(LX_CLOSING)] || s->cues[__builtin_ctz(LX_PRAISE)]) && !s->quest &&
	       !s->negations && !s->cues[__builtin_ctz(LX_COMPLAINT)] && !s->cues[__builtin_ctz(LX_HELP)];
}

int feats_thread(struct feats *f, const struct toks *k, const struct senti *s, const char *text,
		 size_t len, int to_brand)
{
	size_t words;
	int data = data_like(k), closing = closing_only(s), link = linked(k) ? FT_LINK : 0;

	if (!dense_h[D_BIAS])
		dense_hashes();
	dense_at(f, D_DATA, data);
	dense_at(f, D_CLOSING, closing);
	if (to_brand <= 0)
		return (closing ? FT_CLOSING : 0) | link;
	words = nwords(k);
	dense_at(f, D_TB, 1);
	/* the agent asked for it: the address or number is the request's
	 * next step, however short the message. Not with a link or promotional
	 * words: a bot's "win 1000€ here 👉 URL" under the brand's post. */
	data = (data || personal_email(text, len)) && !link && !s->cues[__builtin_ctz(LX_SPAM)];
	dense_at(f, D_TB_DATA, data);
	if (words <= 4)
		dense_at(f, D_TB_SHORT, 1);
	if (s->quest)
		dense_at(f, D_TB_QUEST, 1);
	dense_at(f, D_TB_CLOSING, closing);
	return (data ? FT_DATA : 0) | (closing ? FT_CLOSING : 0) | link;
}

/* The brand's words weigh half the message's: 0.5 scored best of 0, 0.25,
 * 0.5, 1 and 2 in scripts/cv-pipeline inside the training part (needs_reply
 * 0.8645 -> 0.8774, intent 0.6968 -> 0.6935, complaint F1 0.8134 -> 0.8089
 * against no brand turn at all); the held-out part was not used. */
#define PARENT_WEIGHT 0.5f

int feats_parent(struct feats *f, struct toks *pk, const struct toks *k, const struct senti *s,
		 int thread, const char *ptext, size_t n)
{
	size_t first = f->n, words = nwords(k);
	int quest = 0, link = 0;
	float scale;

	tok_run(pk, ptext, n);
	for (size_t i = 0; i < pk->n; i++) {
		const struct token *t = &pk->t[i];
		quest |= t->kind == TK_QUEST;
		link |= t->kind == TK_URL;
		if (wordlike(t->kind) && t->kind != TK_NUM)
			add(f, txt_hash(F_PARENT, tok_str(pk, i), t->len), 1, -1);
	}
	/* as the message's own words: a long turn does not outvote a short one */
	scale = f->n > first ? PARENT_WEIGHT / sqrtf((float)(f->n - first)) : 0;
	for (size_t i = first; i < f->n; i++)
		f->v[i] *= scale;
	dense_at(f, D_P, 1);
	dense_at(f, D_P_QUEST, quest);
	dense_at(f, D_P_LINK, link);
	if (quest) { /* "which flight?" → "Ba016 from Sydney." */
		dense_at(f, D_PQ_SHORT, words <= 4);
		dense_at(f, D_PQ_DATA, !!(thread & FT_DATA));
		dense_at(f, D_PQ_CLOSING, !!(thread & FT_CLOSING));
	}
	if (link) { /* a fix given: "thanks, that worked" or "still broken?" */
		dense_at(f, D_PL_CLOSING, !!(thread & FT_CLOSING));
		dense_at(f, D_PL_QUEST, s->quest ? 1 : 0);
	}
	/* the agent asked this customer (a reply starts "@handle"), not the
	 * audience of a post ("trick or treat? Let us know below") */
	return (quest ? FP_QUEST : 0) | (link ? FP_LINK : 0) |
	       (quest && pk->n && pk->t[0].kind == TK_MENTION ? FP_ASKED : 0);
}

void feats_build(struct feats *f, const struct toks *k, const struct senti *s, enum lang l)
{
	float scale;

	if (!dense_h[D_BIAS])
		dense_hashes();
	f->n = 0;
	words(f, k, s);
	/* Long texts should not outvote short ones by sheer number. */
	scale = f->n ? 1.0f / sqrtf((float)f->n) * 4 : 1;
	for (size_t i = 0; i < f->n; i++)
		f->v[i] *= scale;
	dense_at(f, D_LEXPOS, s->pos / 4);
	dense_at(f, D_LEXNEG, s->neg / 4);
	dense_at(f, D_LEXSCORE, s->score);
	dense_at(f, D_NEG, s->negations ? 1 : 0);
	dense_at(f, D_EXCL, s->excl ? 1 : 0);
	dense_at(f, D_QUEST, s->quest ? 1 : 0);
	dense_at(f, D_CAPS, s->caps_words ? 1 : 0);
	dense_at(f, D_ELONG, s->elongated ? 1 : 0);
	for (int t = 0; t < 8; t++) /* the cue tags, LX_COMPLAINT..LX_SPAM */
		if (s->cues[4 + t])
			dense_at(f, D_CUE0 + t, s->cues[4 + t] > 2 ? 1.5f : (float)s->cues[4 + t] * 0.75f);
	add(f, lang_h[(unsigned)l < L_NLANGS ? l : 0], 1, -1);
	dense_at(f, D_BIAS, 1);
}
