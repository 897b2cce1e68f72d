/* The lexicon layer: one pass over the tokens that scores sentiment the way
 * a reader does (valence of words and emoji, turned by negation, raised by
 * intensifiers, capitals, elongation and "!!!", weighed toward what follows
 * a "but"), marks which words are negated (for the models' features), and
 * counts the customer-service cues (complaint, help, repeat, threat, ...)
 * and taxonomy keywords, each as one- to three-word terms. */
#ifndef SC_SENTIMENT_H
#define SC_SENTIMENT_H
#include <stddef.h>
#include <stdint.h>

#include "lang.h"
#include "lexicon.h"
#include "tokens.h"

#define SENTI_MAXHITS 8
#define SENTI_MAXTOPICS 32

struct senti_hit {
	uint32_t tok;      /* first token of the term */
	uint32_t flags;    /* the LX_* that counted */
	float val;         /* adjusted valence (0 for cues) */
	const struct lexent *e;
};

struct senti {
	float pos, neg;    /* sums of adjusted valence (neg <= 0) */
	float score;       /* normalised to [-1, 1] */
	unsigned cues[LX_NTAGS]; /* terms found per tag */
	unsigned topic_hits[SENTI_MAXTOPICS];
	unsigned excl, quest, caps_words, elongated, negations;
	uint8_t *negated;  /* per token: inside a negation's scope */
	size_t cap;
	struct senti_hit hit[SENTI_MAXHITS]; /* the strongest terms, for "why" */
	int nhit;
};

void senti_init(struct senti *s);
void senti_free(struct senti *s);
/* Scans k (already tokenised, language l) against lex. */
void senti_scan(struct senti *s, const struct toks *k, const struct lexicon *lex, enum lang l);

#endif
