/* Language detection: the script of the letters first (ja, zh, ko, ar, ru,
 * el, he, th, hi), then, for Latin text, the vocabulary of the lexicon files
 * (function words and common customer-service words, each file tagged with
 * its language) and the letters that only some languages use (ñ, ß, ã, ...).
 * URLs, @mentions, #hashtags and emoji are never counted. */
#ifndef SC_LANG_H
#define SC_LANG_H

struct toks;
struct lexicon;

enum lang {
	L_UND, L_EN, L_IT, L_ES, L_FR, L_DE, L_PT, L_NL,
	L_JA, L_ZH, L_KO, L_AR, L_RU, L_EL, L_HE, L_TH, L_HI, L_NLANGS
};
#define L_NVOCAB 8 /* L_UND..L_NL: the languages told by vocabulary */

const char *lang_code(enum lang l); /* "en"; "und" when unknown */
enum lang lang_from_code(const char *s); /* L_UND when not one of ours */

/* The language of a tokenised text; lex supplies the vocabulary. */
enum lang lang_detect(const struct toks *k, const struct lexicon *lex);

#endif
