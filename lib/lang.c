/* Language detection (see lang.h). */
#include <string.h>

#include "lang.h"
#include "lexicon.h"
#include "tokens.h"

static const char *const codes[L_NLANGS] = {
	"und", "en", "it", "es", "fr", "de", "pt", "nl",
	"ja", "zh", "ko", "ar", "ru", "el", "he", "th", "hi",
};

const char *lang_code(enum lang l)
{
	return (unsigned)l < L_NLANGS ? codes[l] : "und";
}

enum lang lang_from_code(const char *s)
{
	for (int i = 1; i < L_NLANGS; i++)
		if (strcmp(s, codes[i]) == 0)
			return (enum lang)i;
	return L_UND;
}

/* A script other than Latin decides when it holds most of the letters. */
static enum lang by_script(const struct toks *k)
{
	static const struct { enum script s; enum lang l; } map[] = {
		{SC_HANGUL, L_KO}, {SC_ARABIC, L_AR}, {SC_CYRILLIC, L_RU}, {SC_GREEK, L_EL},
		{SC_HEBREW, L_HE}, {SC_THAI, L_TH}, {SC_DEVANAGARI, L_HI},
	};
	unsigned cjk = k->script[SC_HAN] + k->script[SC_KANA];

	if (cjk * 2 > k->letters || (cjk && cjk >= k->script[SC_LATIN]))
		return k->script[SC_KANA] ? L_JA : L_ZH;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (k->script[map[i].s] * 2 > k->letters)
			return map[i].l;
	return L_UND;
}

/* Endings typical of one language, a weak vote for words no list knows. */
#define E(s, l) {s, sizeof s - 1, l}
static const struct { const char *end; size_t len; enum lang l; } endings[] = {
	E("zione", L_IT), E("zioni", L_IT), E("mente", L_IT), E("ción", L_ES), E("ciones", L_ES),
	E("ção", L_PT), E("ções", L_PT), E("ing", L_EN), E("ly", L_EN), E("tion", L_EN),
	E("ung", L_DE), E("keit", L_DE), E("heit", L_DE), E("lich", L_DE), E("sch", L_DE),
	E("eux", L_FR), E("ement", L_FR), E("aux", L_FR), E("ijk", L_NL), E("tje", L_NL),
	E("heid", L_NL), E("cht", L_NL), E("gli", L_IT), E("ndo", L_ES), E("inho", L_PT),
	E("inha", L_PT), E("ão", L_PT), E("eur", L_FR),
};

static void vote_word(const struct lexent *e, const char *w, size_t n, float *score)
{
	uint32_t mask = e ? e->langs & ((1u << L_NVOCAB) - 2) : 0;

	if (mask) {
		float wgt = (e->flags & LX_STOP ? 1.0f : 0.6f) / (float)__builtin_popcount(mask);
		for (int l = 1; l < L_NVOCAB; l++)
			if (mask & 1u << l)
				score[l] += wgt;
		return;
	}
	if (n < 5)
		return;
	for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
		size_t el = endings[i].len;
		if (n > el + 2 && w[n - 1] == endings[i].end[el - 1] &&
		    memcmp(w + n - el, endings[i].end, el) == 0) {
			score[endings[i].l] += 0.3f;
			return;
		}
	}
}

static void vote_letters(unsigned a, float *score)
{
	if (a & TA_ENYE) score[L_ES] += 1.5f;
	if (a & TA_INVQ) score[L_ES] += 2;
	if (a & TA_ESZETT) score[L_DE] += 2;
	if (a & TA_UMLAUT) score[L_DE] += 1.5f;
	if (a & TA_ATILDE) score[L_PT] += 2;
	if (a & TA_OE) score[L_FR] += 2;
	if (a & TA_CCEDIL) score[L_FR] += 0.6f, score[L_PT] += 0.6f;
	if (a & TA_GRAVE) score[L_IT] += 0.8f, score[L_FR] += 0.4f;
	if (a & TA_CIRC) score[L_FR] += 0.8f, score[L_PT] += 0.3f;
}

/* Spellings only French has among the languages told apart here, strong
 * enough to decide a short text: an elided pronoun or article that Italian
 * does not elide ("d'", "j'", "qu'", "n'", "s'"), a word that starts with
 * "é" ("écologie", "état"), a feminine participle ("menacée"), and "è"
 * inside a word ("problème": Italian writes it only at a word's end). */
static void vote_french(const char *w, size_t n, float *score)
{
	if (w[n - 1] == '\'') { /* the tokenizer splits an elision off: "d'" */
		if ((n == 2 && strchr("djnsm", w[0])) || (n == 3 && w[0] == 'q' && w[1] == 'u'))
			score[L_FR] += 1;
		return;
	}
	if (n < 3 || !memchr(w, 0xc3, n)) /* most words: no accent at all */
		return;
	if (memcmp(w, "\xc3\xa9", 2) == 0) /* é... */
		score[L_FR] += 1;
	else if ((n > 4 && memcmp(w + n - 3, "\xc3\xa9" "e", 3) == 0) ||
		 (n > 5 && memcmp(w + n - 4, "\xc3\xa9" "es", 4) == 0))
		score[L_FR] += 1;
	else if (n > 3 && memmem(w, n - 2, "\xc3\xa8", 2)) /* è, not at the end */
		score[L_FR] += 1;
}

enum lang lang_detect(const struct toks *k, const struct lexicon *lex)
{
	float score[L_NVOCAB] = {0};
	enum lang best = L_UND;
	enum lang l = by_script(k);
	int voted = 0, tags = 0;

	for (size_t i = 0; i < k->n && !k->letters; i++)
		tags |= k->t[i].kind == TK_HASHTAG;
	if (l != L_UND || (!k->letters && !tags))
		return l;
	for (size_t i = 0; i < k->n; i++)
		if (k->t[i].kind == TK_WORD) {
			vote_word(tok_lex(k, lex, i), tok_str(k, i), k->t[i].len, score);
			vote_french(tok_str(k, i), k->t[i].len, score);
			voted = 1;
		}
	/* a tweet of hashtags only: their words vote ("#grazie #servizio") */
	for (size_t i = 0; !voted && i < k->n; i++)
		if (k->t[i].kind == TK_HASHTAG) {
			vote_word(tok_lex(k, lex, i), tok_str(k, i), k->t[i].len, score);
			vote_french(tok_str(k, i), k->t[i].len, score);
		}
	vote_letters(k->accent_mask, score);
	for (int j = 1; j < L_NVOCAB; j++)
		if (score[j] > score[best] + 1e-6f)
			best = (enum lang)j;
	return best;
}
