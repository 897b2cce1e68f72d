/* Tokens of a message text, for the text analysis (language, sentiment,
 * models): UTF-8 in, lowercased tokens out, with what the case and spelling
 * said kept as flags (ALL CAPS, elongation "sooo"), URLs, @mentions,
 * #hashtags, emoji, emoticons and runs of ! and ? told apart from words.
 *
 * One struct toks is reused for every record: tok_run resets it and grows
 * its buffers only when a text is longer than any before. */
#ifndef SC_TOKENS_H
#define SC_TOKENS_H
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum tok_kind {
	TK_WORD,     /* letters (and digits inside), lowercased */
	TK_NUM,      /* digits only */
	TK_URL,      /* text "<url>" */
	TK_MENTION,  /* text "<user>" */
	TK_HASHTAG,  /* text is the tag without '#', lowercased */
	TK_EMOJI,    /* one emoji, modifiers and joiners dropped */
	TK_EMOTICON, /* ":)", ":-(", "<3", ... as written */
	TK_EXCL,     /* a run of '!' (count in rep) */
	TK_QUEST,    /* a run of '?' (and "?!" mixes) */
};

enum {
	TF_CAPS = 1,   /* written in capitals, two letters or more: "BROKEN" */
	TF_ELONG = 2,  /* a letter repeated three times or more: "sooo" */
	TF_CLAUSE = 4, /* first token after a clause break (. , ; : ! ?) */
	TF_MIXED = 8,  /* a word of letters and digits: "ba016", "sw1a" (codes) */
};

/* Scripts counted over word letters, for language detection. */
enum script {
	SC_LATIN, SC_CYRILLIC, SC_GREEK, SC_ARABIC, SC_HEBREW, SC_THAI,
	SC_DEVANAGARI, SC_HANGUL, SC_KANA, SC_HAN, SC_OTHER, SC_NSCRIPTS
};

struct token {
	uint32_t off;      /* into toks.norm */
	uint16_t len;
	uint8_t kind;
	uint8_t flags;
	uint16_t rep;      /* run length for TK_EXCL/TK_QUEST */
};

struct lexent;

struct toks {
	struct buf norm;   /* normalised texts of all tokens, NUL after each */
	struct token *t;
	size_t n, cap;
	/* Each token's lexicon entry (or NULL), looked up once per text by
	 * lex_annotate, so that detection and sentiment do not look again;
	 * lx_valid is cleared by tok_run. */
	const struct lexent **lx;
	size_t lxcap;
	int lx_valid;
	unsigned script[SC_NSCRIPTS];
	unsigned letters, upper; /* letters in words, and how many were capitals */
	unsigned accent_mask;    /* TA_* bits: telling characters seen */
};

/* Characters that point to one language (ñ, ß, ã, ...), for lang.c. */
enum {
	TA_ENYE = 1, TA_ESZETT = 2, TA_UMLAUT = 4, TA_ATILDE = 8, TA_CCEDIL = 16,
	TA_GRAVE = 32, TA_CIRC = 64, TA_OE = 128, TA_INVQ = 256,
};

void toks_init(struct toks *k);
void toks_free(struct toks *k);
/* Tokenises s (n bytes of UTF-8; invalid bytes are treated as separators). */
void tok_run(struct toks *k, const char *s, size_t n);
static inline const char *tok_str(const struct toks *k, size_t i)
{
	return k->norm.p + k->t[i].off;
}

/* The hash used for lexicon keys and model features (64-bit, seeded). */
static inline uint64_t txt_hash(uint64_t seed, const char *s, size_t n)
{
	uint64_t h = seed ^ 0x9E3779B97F4A7C15ull ^ (n * 0xff51afd7ed558ccdull);

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 29;
	return h;
}

/* Lowercases one code point (ASCII, Latin-1, Latin Extended-A, Greek,
 * Cyrillic); others are returned unchanged. */
uint32_t tok_lower(uint32_t c);
/* Decodes one UTF-8 sequence at s (n > 0 bytes left); *len gets its length.
 * Returns 0xFFFD for an invalid sequence (length 1). */
uint32_t utf8_dec(const unsigned char *s, size_t n, int *len);
/* Appends c as UTF-8; returns the number of bytes. */
int utf8_put(struct buf *b, uint32_t c);

#endif
