/* The lexicon layer (see sentiment.h). The weights follow the published
 * rule-based approach of VADER (Hutto & Gilbert 2014) in spirit: negation
 * multiplies by -0.74, capitals and elongation raise, "but" shifts weight
 * to what follows; the numbers are ours. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sentiment.h"

#define NEG_SCOPE 3        /* words a negator reaches */
#define NEG_FLIP (-0.74f)
#define CAPS_BOOST 1.5f
#define ELONG_BOOST 1.3f
#define CONTRAST_BEFORE 0.5f
#define CONTRAST_AFTER 1.5f
#define NORM_ALPHA 15.0f
#define CUES (LX_COMPLAINT | LX_REPEAT | LX_THREAT | LX_OUTAGE | LX_HELP | \
	      LX_QUESTION | LX_PRAISE | LX_SPAM | LX_CLOSING)

void senti_init(struct senti *s)
{
	memset(s, 0, sizeof *s);
}

void senti_free(struct senti *s)
{
	free(s->negated);
	memset(s, 0, sizeof *s);
}

/* A term from one language's file counts only in that language (Spanish
 * "mal" is not German "mal"); terms of no language (emoji) always count. */
static int usable(const struct lexent *e, enum lang l)
{
	uint32_t mask = e->langs & ((1u << L_NVOCAB) - 2);

	return !mask || l == L_UND || l >= L_NVOCAB || (mask & 1u << l);
}

static int joinable(const struct toks *k, size_t i)
{
	return i < k->n && (k->t[i].kind == TK_WORD || k->t[i].kind == TK_NUM) &&
	       !(k->t[i].flags & TF_CLAUSE);
}

static const struct lexent *term3(const struct toks *k, const struct lexicon *lex, size_t i)
{
	char key[256];
	size_t n = 0;

	for (size_t j = i; j < i + 3; j++) {
		size_t l = k->t[j].len;
		if (n + l + 1 > sizeof key)
			return NULL;
		if (j > i)
			key[n++] = ' ';
		memcpy(key + n, tok_str(k, j), l);
		n += l;
	}
	return lex_get(lex, key, n);
}

static void add_hit(struct senti *s, size_t tok, uint32_t flags, float val, const struct lexent *e)
{
	int at = s->nhit, j;

	if (at == SENTI_MAXHITS) { /* full: replace the weakest valence hit, if weaker */
		at = -1;
		for (j = 0; j < SENTI_MAXHITS; j++)
			if (at < 0 || fabsf(s->hit[j].val) < fabsf(s->hit[at].val))
				at = j;
		if (fabsf(s->hit[at].val) >= fabsf(val))
			return;
	} else {
		s->nhit++;
	}
	s->hit[at] = (struct senti_hit){(uint32_t)tok, flags, val, e};
}

/* Cues and topics of the longest term starting at token i. */
static void count_terms(struct senti *s, const struct toks *k, const struct lexicon *lex,
			enum lang l, size_t i, const struct lexent *e1)
{
	const struct lexent *c[3] = {NULL, NULL, e1};
	int cued = 0;

	/* longer terms are looked for only after a word that starts one */
	if (e1 && (e1->flags & LX_FIRST2) && joinable(k, i + 1) && k->t[i].kind == TK_WORD)
		c[1] = lex_get2(lex, tok_str(k, i), k->t[i].len, tok_str(k, i + 1), k->t[i + 1].len);
	if (e1 && (e1->flags & LX_FIRST3) && joinable(k, i + 1) && joinable(k, i + 2) &&
	    k->t[i].kind == TK_WORD)
		c[0] = term3(k, lex, i);
	for (int j = 0; j < 3; j++) {
		const struct lexent *e = c[j];
		if (!e || !usable(e, l))
			continue;
		for (uint32_t t = e->topics; t; t &= t - 1)
			s->topic_hits[__builtin_ctz(t)]++;
		if (!(e->flags & CUES) || cued)
			continue;
		cued = 1;
		for (uint32_t f = e->flags & CUES; f; f &= f - 1)
			s->cues[__builtin_ctz(f)]++;
		add_hit(s, i, e->flags & CUES, 0, e);
	}
}

struct scan_state {
	int neg_left, intens_left, after_contrast;
	float intens;
	int shouting; /* the whole text is in capitals: caps say nothing */
};

static float valence(struct senti *s, const struct toks *k, size_t i, const struct lexent *e,
		     struct scan_state *st)
{
	float v = e->val;

	if (st->intens_left > 0)
		v *= 1 + st->intens;
	if ((k->t[i].flags & TF_CAPS) && !st->shouting)
		v *= CAPS_BOOST;
	if (k->t[i].flags & TF_ELONG)
		v *= ELONG_BOOST;
	if (s->negated[i])
		v *= NEG_FLIP;
	if (st->after_contrast)
		v *= CONTRAST_AFTER;
	return v;
}

static void scan_token(struct senti *s, const struct toks *k, const struct lexicon *lex,
		       enum lang l, size_t i, struct scan_state *st)
{
	const struct token *t = &k->t[i];
	const struct lexent *e = tok_lex(k, lex, i);

	if (t->flags & TF_CLAUSE)
		st->neg_left = st->intens_left = 0;
	s->negated[i] = st->neg_left > 0;
	if (st->neg_left > 0)
		st->neg_left--;
	if (st->intens_left > 0)
		st->intens_left--;
	s->caps_words += (t->flags & TF_CAPS) != 0;
	s->elongated += (t->flags & TF_ELONG) != 0;
	count_terms(s, k, lex, l, i, e);
	if (!e || !usable(e, l))
		return;
	if (e->flags & LX_VAL) {
		float v = valence(s, k, i, e, st);
		if (v > 0)
			s->pos += v;
		else
			s->neg += v;
		add_hit(s, i, LX_VAL, v, e);
	}
	if (e->flags & LX_NEGATOR) {
		st->neg_left = NEG_SCOPE;
		s->negations++;
	}
	if (e->flags & LX_INTENS) {
		st->intens = e->intens;
		st->intens_left = 2;
	}
	if (e->flags & LX_CONTRAST) {
		s->pos *= CONTRAST_BEFORE;
		s->neg *= CONTRAST_BEFORE;
		st->after_contrast = 1;
	}
}

void senti_scan(struct senti *s, const struct toks *k, const struct lexicon *lex, enum lang l)
{
	struct scan_state st = {0};
	float sum;

	if (s->cap < k->n + 1) {
		s->cap = k->n + 64;
		s->negated = sc_xrealloc(s->negated, s->cap);
	}
	s->pos = s->neg = s->score = 0;
	memset(s->cues, 0, sizeof s->cues);
	memset(s->topic_hits, 0, sizeof s->topic_hits);
	s->excl = s->quest = s->caps_words = s->elongated = s->negations = 0;
	s->nhit = 0;
	st.shouting = k->letters >= 8 && k->upper * 10 >= k->letters * 8;
	for (size_t i = 0; i < k->n; i++) {
		const struct token *t = &k->t[i];
		if (t->kind == TK_EXCL || t->kind == TK_QUEST) {
			s->negated[i] = 0;
			if (t->kind == TK_EXCL)
				s->excl += t->rep;
			else
				s->quest += t->rep;
			continue;
		}
		if (t->kind == TK_URL || t->kind == TK_MENTION) {
			s->negated[i] = 0;
			continue;
		}
		scan_token(s, k, lex, l, i, &st);
	}
	/* "!!!" amplifies whichever way the text already leans. */
	if (s->excl) {
		float amp = 0.3f * (float)(s->excl > 4 ? 4 : s->excl);
		if (s->pos > -s->neg)
			s->pos += amp;
		else if (s->neg < 0)
			s->neg -= amp;
	}
	sum = s->pos + s->neg;
	s->score = sum / sqrtf(sum * sum + NORM_ALPHA);
}
