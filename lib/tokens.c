/* The tokenizer: one pass over the UTF-8 text, no allocation once the
 * buffers have grown (see tokens.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "tokens.h"

#define MAXWORD 120 /* bytes; longer runs (unspaced CJK) are cut */

uint32_t utf8_dec(const unsigned char *s, size_t n, int *len)
{
	uint32_t c = s[0];
	int l, i;

	if (c < 0x80) {
		*len = 1;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		l = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		l = 3;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		l = 4;
		c &= 0x07;
	} else {
		*len = 1;
		return 0xFFFD;
	}
	if ((size_t)l > n)
		goto bad;
	for (i = 1; i < l; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = c << 6 | (s[i] & 0x3F);
	}
	if ((l == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
	    (l == 4 && (c < 0x10000 || c > 0x10FFFF)))
		goto bad;
	*len = l;
	return c;
bad:
	*len = 1;
	return 0xFFFD;
}

int utf8_put(struct buf *b, uint32_t c)
{
	char s[4];
	int n;

	if (c < 0x80) {
		s[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		s[0] = (char)(0xC0 | c >> 6);
		s[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		s[0] = (char)(0xE0 | c >> 12);
		s[1] = (char)(0x80 | (c >> 6 & 0x3F));
		s[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | c >> 18);
		s[1] = (char)(0x80 | (c >> 12 & 0x3F));
		s[2] = (char)(0x80 | (c >> 6 & 0x3F));
		s[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	buf_put(b, s, (size_t)n);
	return n;
}

uint32_t tok_lower(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c >= 0x100 && c <= 0x17F) {
		if (c == 0x178)
			return 0xFF;
		if ((c <= 0x137 || (c >= 0x14A && c <= 0x177)) && !(c & 1))
			return c + 1;
		if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) && (c & 1))
			return c + 1;
		return c;
	}
	if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
		return c + 32;
	if (c == 0x386)
		return 0x3AC;
	if (c >= 0x388 && c <= 0x38A)
		return c + 37;
	if (c == 0x38C)
		return 0x3CC;
	if (c == 0x38E || c == 0x38F)
		return c + 63;
	if (c >= 0x410 && c <= 0x42F)
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	return c;
}

/* Joiners, variation selectors, skin tones, flags' letters, keycaps: parts of
 * an emoji that carry no meaning of their own here. */
static int emoji_part(uint32_t c)
{
	return c == 0xFE0F || c == 0xFE0E || c == 0x200D || c == 0x20E3 ||
	       (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0x1F1E6 && c <= 0x1F1FF) ||
	       (c >= 0xE0020 && c <= 0xE007F);
}

static int is_emoji(uint32_t c)
{
	return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) ||
	       c == 0x2B50 || c == 0x2B55 || c == 0x2B06 || c == 0x2B07 ||
	       (c >= 0x231A && c <= 0x231B) || (c >= 0x23E9 && c <= 0x23FA);
}

/* Letters and digits of any script; punctuation, symbols and spaces are
 * separators. A coarse table, enough for tweets. */
static int is_wordcp(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
	if (c < 0xC0)
		return c == 0xAA || c == 0xB5 || c == 0xBA;
	if (c == 0xD7 || c == 0xF7 || c == 0xFFFD)
		return 0;
	if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x2E00 && c <= 0x2E7F) ||
	    (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE00 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
	    (c >= 0xFF5B && c <= 0xFF65) || (c >= 0x1F000 && c <= 0x1FAFF) ||
	    (c >= 0xE0000 && c <= 0xE007F))
		return 0;
	if (c == 0x060C || c == 0x061B || c == 0x061F || (c >= 0x066A && c <= 0x066D) ||
	    c == 0x0964 || c == 0x0965 || c == 0x037E || c == 0x0387 || c == 0x05BE ||
	    c == 0x05C0 || c == 0x05C3 || c == 0x05F3 || c == 0x05F4)
		return 0;
	return 1;
}

static enum script script_of(uint32_t c)
{
	if (c < 0x250 || (c >= 0x1E00 && c <= 0x1EFF))
		return SC_LATIN;
	if ((c >= 0x370 && c <= 0x3FF) || (c >= 0x1F00 && c <= 0x1FFF))
		return SC_GREEK;
	if (c >= 0x400 && c <= 0x52F)
		return SC_CYRILLIC;
	if (c >= 0x590 && c <= 0x5FF)
		return SC_HEBREW;
	if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) ||
	    (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
		return SC_ARABIC;
	if (c >= 0x900 && c <= 0x97F)
		return SC_DEVANAGARI;
	if (c >= 0xE00 && c <= 0xE7F)
		return SC_THAI;
	if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F))
		return SC_HANGUL;
	if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9F))
		return SC_KANA;
	if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF))
		return SC_HAN;
	return SC_OTHER;
}

static unsigned accent_of(uint32_t c)
{
	switch (c) {
	case 0xF1: return TA_ENYE;
	case 0xDF: return TA_ESZETT;
	case 0xE4: case 0xF6: case 0xFC: return TA_UMLAUT;
	case 0xE3: case 0xF5: return TA_ATILDE;
	case 0xE7: return TA_CCEDIL;
	case 0xE0: case 0xE8: case 0xEC: case 0xF2: case 0xF9: return TA_GRAVE;
	case 0xE2: case 0xEA: case 0xEE: case 0xF4: case 0xFB: return TA_CIRC;
	case 0x153: return TA_OE;
	}
	return 0;
}

void toks_init(struct toks *k)
{
	memset(k, 0, sizeof *k);
}

void toks_free(struct toks *k)
{
	buf_free(&k->norm);
	free(k->t);
	free(k->lx);
	memset(k, 0, sizeof *k);
}

static struct token *tok_push(struct toks *k, enum tok_kind kind, uint8_t flags)
{
	struct token *t;

	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 64;
		k->t = sc_xrealloc(k->t, k->cap * sizeof *k->t);
	}
	t = &k->t[k->n++];
	t->off = (uint32_t)k->norm.len;
	t->len = 0;
	t->kind = (uint8_t)kind;
	t->flags = flags;
	t->rep = 0;
	return t;
}

static void tok_end(struct toks *k, struct token *t)
{
	t->len = (uint16_t)(k->norm.len - t->off);
	buf_putc(&k->norm, '\0');
}

static void tok_text(struct toks *k, enum tok_kind kind, uint8_t flags, const char *s, size_t n)
{
	struct token *t = tok_push(k, kind, flags);

	buf_put(&k->norm, s, n);
	tok_end(k, t);
}

static const char *const emoticons[] = { /* longest first where one starts another */
	">:(", ">:-(", ":'(", ":'-(", ":-))", ":-((", ":))", ":((", ":-)", ":-(", ":-D",
	":-P", ":-p", ":-/", ":-|", ";-)", "^_^", "-_-", "</3", ":)", ":(", ":D", ":P",
	":p", ":/", ":|", ";)", ":o", ":O", ":*", "=)", "=(", "<3", "^^", "xD", "XD", ":3",
	"=D", "T_T", "D:", NULL,
};

/* An emoticon at s (standing alone: followed by a space, the end, or
 * punctuation), or 0. */
static size_t emoticon_at(const char *s, size_t n)
{
	if (!strchr(":;=<^-xXTD>", s[0]) || !s[0]) /* the characters they start with */
		return 0;
	for (const char *const *e = emoticons; *e; e++) {
		size_t l = strlen(*e);
		if ((*e)[0] != s[0])
			continue;
		if (l <= n && memcmp(s, *e, l) == 0 &&
		    (l == n || !is_wordcp((unsigned char)s[l]) || s[l] == 'D'))
			return l;
	}
	return 0;
}

static size_t url_at(const char *s, size_t n)
{
	size_t i = 0;

	if ((s[0] | 32) != 'h' && (s[0] | 32) != 'w')
		return 0;
	if (n >= 8 && strncasecmp(s, "https://", 8) == 0)
		i = 8;
	else if (n >= 7 && strncasecmp(s, "http://", 7) == 0)
		i = 7;
	else if (n >= 5 && strncasecmp(s, "www.", 4) == 0 && is_wordcp((unsigned char)s[4]))
		i = 4;
	else
		return 0;
	while (i < n && (unsigned char)s[i] > ' ')
		i++;
	return i;
}

/* Apostrophes inside a word: English contractions stay whole ("don't",
 * "it's"); elsewhere the article is split off ("l'app" → "l'" "app"). */
static int keeps_apostrophe(const char *w, size_t wl, const unsigned char *s, size_t n)
{
	size_t l = 0;

	while (l < n && l < 3 && ((s[l] | 32) >= 'a' && (s[l] | 32) <= 'z'))
		l++;
	if (l < n && is_wordcp(s[l]))
		return 0;
	if (l == 1 && (s[0] | 32) == 't')
		return wl > 0 && w[wl - 1] == 'n';
	if (l == 1 && ((s[0] | 32) == 's' || (s[0] | 32) == 'd' || (s[0] | 32) == 'm'))
		return 1;
	if (l == 2)
		return strncasecmp((const char *)s, "re", 2) == 0 || strncasecmp((const char *)s, "ve", 2) == 0 ||
		       strncasecmp((const char *)s, "ll", 2) == 0;
	return 0;
}

/* A word from s: lowercased, letters repeated more than twice squeezed to
 * two ("sooo" → "soo"). Returns the bytes consumed. */
static size_t word_at(struct toks *k, const unsigned char *s, size_t n, uint8_t flags)
{
	struct token *t = tok_push(k, TK_WORD, flags);
	uint32_t prev = 0, prev2 = 0;
	unsigned letters = 0, upper = 0, digits = 0;
	size_t i = 0;
	int l;

	while (i < n && k->norm.len - t->off < MAXWORD) {
		uint32_t c = s[i] < 0x80 ? (l = 1, s[i]) : utf8_dec(s + i, n - i, &l), lc;
		if ((c == '\'' || c == 0x2019) && i + l < n && letters &&
		    is_wordcp(s[i + l]) && s[i + l] < 0x80) {
			size_t wl = k->norm.len - t->off;
			buf_putc(&k->norm, '\'');
			i += (size_t)l;
			if (!keeps_apostrophe(k->norm.p + t->off, wl, s + i, n - i))
				break;
			continue;
		}
		if (!is_wordcp(c))
			break;
		i += (size_t)l;
		lc = tok_lower(c);
		if (c >= '0' && c <= '9') {
			digits++;
		} else if (c < 0x80) { /* most text: Latin, no accent */
			letters++;
			k->script[SC_LATIN]++;
			upper += lc != c;
		} else {
			enum script sc = script_of(c);
			letters++;
			k->script[sc]++;
			if (lc != c)
				upper++;
			k->accent_mask |= accent_of(lc);
		}
		if (lc == prev && lc == prev2 && !(c >= '0' && c <= '9')) {
			t->flags |= TF_ELONG;
			continue;
		}
		prev2 = prev;
		prev = lc;
		if (lc < 0x80)
			buf_putc(&k->norm, (char)lc);
		else
			utf8_put(&k->norm, lc);
	}
	k->letters += letters;
	k->upper += upper;
	if (letters >= 2 && upper == letters)
		t->flags |= TF_CAPS;
	if (!letters)
		t->kind = TK_NUM;
	else if (digits)
		t->flags |= TF_MIXED;
	tok_end(k, t);
	return i;
}

/* A #hashtag: the tag's word, lowercased, letters not counted for scripts
 * (a tag is often in another language than the text). */
static size_t hashtag_at(struct toks *k, const unsigned char *s, size_t n, uint8_t flags)
{
	struct token *t = tok_push(k, TK_HASHTAG, flags);
	size_t i = 1;
	int l;

	while (i < n && k->norm.len - t->off < MAXWORD) {
		uint32_t c = utf8_dec(s + i, n - i, &l);
		if (!is_wordcp(c))
			break;
		utf8_put(&k->norm, tok_lower(c));
		i += (size_t)l;
	}
	tok_end(k, t);
	return i;
}

static size_t mention_at(const unsigned char *s, size_t n)
{
	size_t i = 1;

	while (i < n && s[i] < 0x80 && is_wordcp(s[i]))
		i++;
	return i;
}

static size_t marks_at(struct toks *k, const unsigned char *s, size_t n, uint8_t flags)
{
	size_t i = 0;
	unsigned rep = 0, q = 0;
	struct token *t;

	for (;;) {
		if (i < n && (s[i] == '!' || s[i] == '?')) {
			q |= s[i] == '?';
			i++;
		} else if (i + 2 < n && s[i] == 0xEF && s[i + 1] == 0xBC && (s[i + 2] == 0x81 || s[i + 2] == 0x9F)) {
			q |= s[i + 2] == 0x9F; /* fullwidth ！ ？ */
			i += 3;
		} else {
			break;
		}
		rep++;
	}
	t = tok_push(k, q ? TK_QUEST : TK_EXCL, flags);
	buf_putc(&k->norm, q ? '?' : '!');
	t->rep = (uint16_t)(rep > 65535 ? 65535 : rep);
	tok_end(k, t);
	return i;
}

static int is_marks(const unsigned char *s, size_t n)
{
	return s[0] == '!' || s[0] == '?' ||
	       (n >= 3 && s[0] == 0xEF && s[1] == 0xBC && (s[2] == 0x81 || s[2] == 0x9F));
}

/* One token (or separator) at s; returns the bytes consumed. *clause is set
 * when the separator ends a clause. */
static size_t tok_one(struct toks *k, const unsigned char *s, size_t n, uint8_t fl, int *clause)
{
	size_t m;
	uint32_t c;
	int l;

	if (s[0] == '@' && n > 1 && s[1] < 0x80 && is_wordcp(s[1])) {
		tok_text(k, TK_MENTION, fl, "<user>", 6);
		return mention_at(s, n);
	}
	if (s[0] == '#' && n > 1 && is_wordcp(utf8_dec(s + 1, n - 1, &l)))
		return hashtag_at(k, s, n, fl);
	if ((m = url_at((const char *)s, n))) {
		tok_text(k, TK_URL, fl, "<url>", 5);
		return m;
	}
	if ((m = emoticon_at((const char *)s, n))) {
		struct token *t = tok_push(k, TK_EMOTICON, fl);
		for (size_t j = 0; j < m; j++) /* as lexicon terms are: ":D" is ":d" */
			buf_putc(&k->norm, (char)tok_lower(s[j]));
		tok_end(k, t);
		return m;
	}
	if (is_marks(s, n)) {
		*clause = 1;
		return marks_at(k, s, n, fl);
	}
	c = utf8_dec(s, n, &l);
	if (is_wordcp(c))
		return word_at(k, s, n, fl);
	if (is_emoji(c) && !emoji_part(c)) {
		tok_text(k, TK_EMOJI, fl, (const char *)s, (size_t)l);
		return (size_t)l;
	}
	if (c == 0xBF || c == 0xA1)
		k->accent_mask |= TA_INVQ;
	if (!emoji_part(c) && c != '\'' && c != '"' && c != '(' && c != ')' && c != '*' && c != '-')
		*clause = c == '.' || c == ',' || c == ';' || c == ':' || c == '\n' ||
			  c == 0x3002 || c == 0x3001 || c == 0xBF || c == 0xA1 || *clause;
	return (size_t)l;
}

void tok_run(struct toks *k, const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	int clause = 1;

	buf_reset(&k->norm);
	k->n = 0;
	k->lx_valid = 0;
	memset(k->script, 0, sizeof k->script);
	k->letters = k->upper = k->accent_mask = 0;
	while (i < n) {
		size_t before = k->n;
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
			i++;
			continue;
		}
		i += tok_one(k, s + i, n - i, clause ? TF_CLAUSE : 0, &clause);
		if (k->n > before && k->t[k->n - 1].kind != TK_EXCL && k->t[k->n - 1].kind != TK_QUEST)
			clause = 0;
	}
}
