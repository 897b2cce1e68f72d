/* Features of a text for the trained models: hashed words (marked when a
 * negation reaches them), word pairs, character n-grams inside words, and a
 * few dense ones from the lexicon layer (valence sums, cues, "!!!", caps,
 * language). Each is a 64-bit hash and a value; a model keeps the bits it
 * was trained with. One struct feats is reused for every record. */
#ifndef SC_FEATS_H
#define SC_FEATS_H
#include <stddef.h>
#include <stdint.h>

#include "lang.h"
#include "sentiment.h"
#include "tokens.h"

struct feats {
	uint64_t *h;
	float *v;
	int32_t *src;     /* the token a word feature came from, else -1 */
	size_t n, cap;
};

void feats_init(struct feats *f);
void feats_free(struct feats *f);
/* Adds a named feature of value v (nothing when v is 0). */
void feats_dense(struct feats *f, const char *name, float v);
void feats_build(struct feats *f, const struct toks *k, const struct senti *s, enum lang l);
/* What the care decisions read besides the words: whether the text
 * carries data (a number, a code) or only closes the exchange ("thanks,
 * all sorted"), and its place in the thread: when it answers the brand
 * (to_brand > 0), the same crossed with that, its shortness and a "?".
 * FT_LINK (a URL in the text) is no feature, only for the spam rule. */
enum { FT_DATA = 1, FT_CLOSING = 2, FT_LINK = 4 }; /* what feats_thread found, for the reasons */
int feats_thread(struct feats *f, const struct toks *k, const struct senti *s, const char *text,
		 size_t len, int to_brand);
/* The brand's turn the message answers (in_reply_to_text, n bytes, when
 * to_brand): its words, apart from the message's own, and what it did
 * (asked something, gave a link) crossed with the answer (short, data,
 * closing, a question back). pk is scratch for its tokens. Returns FP_*. */
enum { FP_QUEST = 1, FP_LINK = 2, FP_ASKED = 4 }; /* FP_ASKED: a "?" in a turn addressed to someone */
int feats_parent(struct feats *f, struct toks *pk, const struct toks *k, const struct senti *s,
		 int thread, const char *ptext, size_t n);

#endif
