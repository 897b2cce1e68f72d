/* Lexicons: readable word lists (models/lexicon/LANG.txt, and additions
 * from a config file) loaded into one hash table that the language
 * detector, the sentiment layer, the cue detectors and the topic taxonomy
 * all read. A term is one lowercased word or two separated by one space.
 *
 * File format, one entry a line, '#' starts a comment:
 *     TERM<TAB>TAG[<TAB>VALUE]
 * TAG is one of
 *     val        sentiment valence, VALUE in [-4, 4]
 *     negator    flips the valence of the next words ("not", "non", "no")
 *     intens     intensifier, VALUE the boost (0.3 = +30 %); negative dampens
 *     contrast   "but": what follows weighs more than what came before
 *     complaint  a word that reports a failure or dissatisfaction
 *     repeat     the customer says it again ("third time", "ancora")
 *     threat     leaving or going public ("cancel", "lawyer")
 *     outage     service down ("outage", "down")
 *     help       asks for help ("help", "aiuto", "ayuda")
 *     question   pre-sale or general question ("how much")
 *     praise     thanks and praise
 *     spam       promotional wording
 *     closing    ends an exchange ("all sorted", "got it", "that worked")
 *     stop       a common word of the file's language (for detection)
 * A file's language is its name (en.txt); "xx.txt" has none (emoji). */
#ifndef SC_LEXICON_H
#define SC_LEXICON_H
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "tokens.h"

enum {
	LX_VAL = 1 << 0, LX_NEGATOR = 1 << 1, LX_INTENS = 1 << 2, LX_CONTRAST = 1 << 3,
	LX_COMPLAINT = 1 << 4, LX_REPEAT = 1 << 5, LX_THREAT = 1 << 6, LX_OUTAGE = 1 << 7,
	LX_HELP = 1 << 8, LX_QUESTION = 1 << 9, LX_PRAISE = 1 << 10, LX_SPAM = 1 << 11,
	LX_STOP = 1 << 12, LX_CLOSING = 1 << 13,
	LX_FIRST2 = 1 << 14, /* first word of a two-word term */
	LX_FIRST3 = 1 << 15, /* first word of a three-word term */
};
#define LX_NTAGS 14

struct lexent {
	uint32_t key;      /* offset of the NUL-terminated term in the pool */
	uint32_t flags;    /* LX_* */
	uint64_t hash;
	float val;         /* valence, when LX_VAL */
	float intens;      /* boost, when LX_INTENS */
	uint32_t langs;    /* bit per enum lang: the files the term came from */
	uint32_t topics;   /* bit per taxonomy topic whose keyword it is */
};

struct lexicon {
	struct lexent *e;
	size_t cap, n;     /* cap is a power of two; n entries in use */
	struct buf pool;
	uint32_t lang_terms[32]; /* stop words per language (for detection weights) */
};

void lex_init(struct lexicon *x);
void lex_free(struct lexicon *x);
/* The tag's bit from its name, or 0. */
uint32_t lex_tag(const char *name);
const char *lex_tag_name(uint32_t bit);
/* Adds (or merges into) an entry for an already normalised term. */
struct lexent *lex_add(struct lexicon *x, const char *term, size_t n);
/* Adds a term as a person wrote it: lowercased as the tokenizer does, and
 * its first word marked so that texts look for longer terms only there. */
struct lexent *lex_add_term(struct lexicon *x, const char *term);
/* Adds one TERM TAG [VALUE] entry; on error, a reason in err and -1. */
int lex_entry(struct lexicon *x, const char *term, const char *tag, const char *value,
	      int lang, struct buf *err);
/* Loads one file; lang is an enum lang value (0 for none). On a bad line,
 * returns -1 with "FILE:LINE: reason" in err. A missing file is -1 too. */
int lex_load(struct lexicon *x, const char *path, int lang, struct buf *err);
const struct lexent *lex_get(const struct lexicon *x, const char *s, size_t n);
/* The two-word term "a b", or NULL. */
const struct lexent *lex_get2(const struct lexicon *x, const char *a, size_t an,
			      const char *b, size_t bn);
/* Looks up every token of k once (into k->lx); URLs, mentions and runs of
 * marks get NULL. */
void lex_annotate(const struct lexicon *x, struct toks *k);
/* Token i's entry: from the annotation when there is one. */
static inline const struct lexent *tok_lex(const struct toks *k, const struct lexicon *x, size_t i)
{
	return k->lx_valid ? k->lx[i] : lex_get(x, tok_str(k, i), k->t[i].len);
}
static inline const char *lex_term(const struct lexicon *x, const struct lexent *e)
{
	return x->pool.p + e->key;
}

#endif
