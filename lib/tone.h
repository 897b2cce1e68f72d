/* Tone-of-voice checks for one language, from replies.json's "tone":
 * banned words and phrases (case-insensitive, whole words), a required
 * greeting at the start (after leading @mentions), a required signature
 * (the last word starts with one of the markers, as "^AM" or "-Giulia"),
 * at most N exclamation marks, no ALL-CAPS words. Case folding and letter
 * classes are ICU's, so "PURTROPPO" matches "purtroppo" and "ÈCCO" is
 * upper case. */
#ifndef SC_TONE_H
#define SC_TONE_H
#include <stddef.h>
#include <jv.h>

#include "buf.h"

struct tone {
	char **banned, **banned_src; /* folded, and as written (for messages) */
	int nbanned;
	char **greetings, **greetings_src;
	int ngreetings;
	char **signatures;
	int nsignatures;
	int max_exclamations;        /* -1: no limit */
	int no_caps;
	int caps_min;                /* letters for a word to count as ALL-CAPS (default 3) */
	char **caps_ok;              /* words allowed in capitals (SMS, IBAN) */
	int ncaps_ok;
};

/* Scratch for the checks, reused across texts. */
struct tone_scratch {
	void *casemap;
	struct buf folded;
};

/* o: the "tone" object (consumed nothing: borrowed). what names it in
 * messages. Returns 0, or -1 with err set. */
int tone_load(struct tone *t, jv o, const char *what, struct buf *err);
void tone_free(struct tone *t);
void tone_scratch_free(struct tone_scratch *s);
/* 0 when the text passes; else -1 with the first reason in why
 * ("banned phrase 'purtroppo'"). */
int tone_check(const struct tone *t, struct tone_scratch *s, const char *text, size_t n,
	       struct buf *why);
/* Folds s (case-insensitive compare) into out; 0 or -1. */
int tone_fold(struct tone_scratch *s, const char *text, size_t n, struct buf *out);

#endif
