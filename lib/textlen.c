#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "diag.h"
#include "textlen.h"

void textlen_init(struct textlen *t)
{
	memset(t, 0, sizeof *t);
	twurl_init(&t->w);
}

void textlen_free(struct textlen *t)
{
	free(t->u);
	free(t->nfc);
	free(t->m);
	twurl_free(&t->w);
	if (t->bi)
		ubrk_close(t->bi);
	memset(t, 0, sizeof *t);
}

enum textlen_kind textlen_kind(const char *network)
{
	if (network && !strcmp(network, "x"))
		return TL_X;
	if (network && !strcmp(network, "mastodon"))
		return TL_MASTODON;
	if (network && !strcmp(network, "bluesky"))
		return TL_BLUESKY;
	return TL_GRAPHEMES;
}

long textlen_default_limit(enum textlen_kind k)
{
	switch (k) {
	case TL_X: return 280;
	case TL_MASTODON: return 500;
	case TL_BLUESKY: return 300;
	default: return 0;
	}
}

static void grow(uint16_t **p, int32_t *cap, int32_t need)
{
	if (need <= *cap)
		return;
	*cap = need + need / 2 + 64;
	*p = sc_xrealloc(*p, (size_t)*cap * sizeof **p);
}

/* UTF-8 → UTF-16 in t->u; invalid bytes become U+FFFD. *ascii: 1 when
 * every byte was ASCII. */
static int32_t to_utf16(struct textlen *t, const char *s, size_t n, int *ascii)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t len = 0;

	if (n > INT32_MAX / 2)
		n = INT32_MAX / 2;
	grow(&t->u, &t->ucap, (int32_t)n + 1); /* UTF-16 never has more units than UTF-8 bytes */
	for (len = 0; (size_t)len + 8 <= n; len += 8) { /* ASCII: one unit a byte, 8 at a time */
		uint64_t x;
		memcpy(&x, s + len, 8);
		if (x & 0x8080808080808080u)
			break;
		for (int j = 0; j < 8; j++)
			t->u[len + j] = (unsigned char)s[len + j];
	}
	for (; (size_t)len < n && !((unsigned char)s[len] & 0x80); len++)
		t->u[len] = (unsigned char)s[len];
	if ((*ascii = (size_t)len == n))
		return len;
	len = 0;
	u_strFromUTF8WithSub((UChar *)t->u, t->ucap, &len, s, (int32_t)n, 0xFFFD, NULL, &e);
	return U_SUCCESS(e) ? len : 0;
}

/* NFC of t->u into t->nfc (twitter-text counts the normalised text). */
static int32_t to_nfc(struct textlen *t, int32_t len)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&e);
	int32_t out;

	if (U_FAILURE(e))
		return -1;
	grow(&t->nfc, &t->ncap, len * 3 + 1);
	out = unorm2_normalize(nfc, (UChar *)t->u, len, (UChar *)t->nfc, t->ncap, &e);
	return U_SUCCESS(e) ? out : -1;
}

/* X's weight of one code point outside an emoji (scale 100). */
static long x_weight(UChar32 c)
{
	if (c <= 4351 || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223) ||
	    (c >= 8242 && c <= 8247))
		return 100;
	return 200;
}

/* The end of the emoji sequence starting at i (twemoji-parser's, which
 * X's counter uses: a pictograph or flag with its variation selector, skin
 * tone, keycap, tags and ZWJ-joined pictographs), i when none starts there.
 * Whatever else follows in the grapheme (combining marks) weighs as text. */
static int32_t emoji_end(const uint16_t *u, int32_t len, int32_t i)
{
	UChar32 c, d;
	int32_t j = i, k;

	U16_NEXT(u, j, len, c);
	if (c < 128) { /* a keycap: [0-9#*] U+FE0F? U+20E3 */
		if (!((c >= '0' && c <= '9') || c == '#' || c == '*'))
			return i;
		if (j < len && u[j] == 0xFE0F)
			j++;
		return j < len && u[j] == 0x20E3 ? j + 1 : i;
	}
	if (c >= 0x1F1E6 && c <= 0x1F1FF) { /* a flag: two regional indicators */
		k = j;
		if (k < len) {
			U16_NEXT(u, k, len, d);
			if (d >= 0x1F1E6 && d <= 0x1F1FF)
				return k;
		}
		return j;
	}
	if (!u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) &&
	    !u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION) &&
	    !(u_hasBinaryProperty(c, UCHAR_EMOJI) && j < len && u[j] == 0xFE0F))
		return i;
	for (;;) {
		if (j < len && u[j] == 0xFE0F)
			j++;
		k = j;
		if (k < len) {
			U16_NEXT(u, k, len, d);
			if (u_hasBinaryProperty(d, UCHAR_EMOJI_MODIFIER) || d == 0x20E3 ||
			    (d >= 0xE0020 && d <= 0xE007F)) {
				j = k;
				continue;
			}
		}
		if (j + 1 < len && u[j] == 0x200D) {
			k = j + 1;
			U16_NEXT(u, k, len, d);
			if (u_hasBinaryProperty(d, UCHAR_EXTENDED_PICTOGRAPHIC) ||
			    u_hasBinaryProperty(d, UCHAR_EMOJI_PRESENTATION)) {
				j = k;
				continue;
			}
		}
		return j;
	}
}

/* Below U+0300 there is no combining mark, prepend, Hangul or regional
 * indicator and no character NFC changes or composes: every code point is
 * its own grapheme except CR LF, and the text is already NFC. Such texts
 * (nearly every reply) skip ICU's break iterator and normaliser. */
static int simple(const uint16_t *u, int32_t len)
{
	uint16_t any = 0;

	for (int32_t i = 0; i < len; i++)
		any |= u[i] >= 0x300 ? 0x8000 : 0;
	return !any;
}

static long crlfs(const uint16_t *u, int32_t len)
{
	long n = 0;

	for (int32_t i = 0; i + 1 < len; i++)
		n += u[i] == '\r' && u[i + 1] == '\n';
	return n;
}

/* The grapheme clusters of u. */
static long graphemes(struct textlen *t, const uint16_t *u, int32_t len)
{
	UErrorCode e = U_ZERO_ERROR;
	long n = 0;

	if (!t->icu_only && simple(u, len))
		return len - crlfs(u, len);
	if (!t->bi && !(t->bi = ubrk_open(UBRK_CHARACTER, "", NULL, 0, &e)))
		return -1;
	ubrk_setText(t->bi, (const UChar *)u, len, &e);
	if (U_FAILURE(e))
		return -1;
	for (int32_t pos = ubrk_first(t->bi); pos != UBRK_DONE && pos < len; pos = ubrk_next(t->bi))
		n++;
	return n;
}

/* An ASCII text can hold a URL only where a '.' comes before a letter or
 * digit (the top-level domain): most replies have none and need no regex. */
static int x_url_candidate(const uint16_t *u, int32_t len)
{
	for (int32_t i = 0; i + 1 < len; i++)
		if (u[i] == '.' && u[i + 1] < 128 && isalnum(u[i + 1]))
			return 1;
	return 0;
}

/* twitter-text's parseTweet (v3): the NFC text, each URL 23, each emoji
 * sequence 2, every other code point by its range; U+FFFE, U+FEFF and
 * U+FFFF noted in t->bad. */
static long count_x(struct textlen *t, int32_t len, int ascii)
{
	const uint16_t *u = t->u;
	long w = 0;
	int n, i = 0;

	if (ascii && !t->icu_only && !x_url_candidate(u, len))
		return len; /* every ASCII character weighs one */
	if (!ascii && (t->icu_only || !simple(u, len))) {
		if ((len = to_nfc(t, len)) < 0)
			return -1;
		u = t->nfc;
	}
	if ((n = twurl_find(&t->w, TWURL_X, u, len)) < 0)
		return -1;
	for (int32_t pos = 0, end; pos < len;) {
		UChar32 c;
		while (i < n && t->w.span[i].start < pos)
			i++; /* inside an emoji sequence */
		if (i < n && t->w.span[i].start == pos) {
			w += TL_URL_LENGTH * 100;
			pos = t->w.span[i++].end;
		} else if (u[pos] >= 128 || u[pos] <= '9') {
			if ((end = emoji_end(u, len, pos)) > pos) {
				w += 200;
				pos = end;
				continue;
			}
			U16_NEXT(u, pos, len, c);
			if ((c == 0xFFFE || c == 0xFEFF || c == 0xFFFF) && !t->bad)
				t->bad = c;
			w += x_weight(c);
		} else {
			w += 100;
			pos++;
		}
	}
	return w / 100;
}

/* Mastodon's StatusLengthValidator: the graphemes of the text with each URL
 * rewritten as 23 characters and each mention as its "@user". */
static long count_mastodon(struct textlen *t, int32_t len, int ascii)
{
	const uint16_t *u = t->u;
	int32_t m = 0, pos = 0;
	int n;

	if (ascii && !t->icu_only) { /* as twurl.c's candidate(), for the whole text */
		int ats = 0, scheme = 0;
		for (int32_t i = 0; i < len; i++) {
			ats += u[i] == '@';
			scheme |= u[i] == ':' && i + 2 < len && u[i + 1] == '/' && u[i + 2] == '/';
		}
		if (!scheme && ats < 2)
			return len - crlfs(u, len);
	}
	if ((n = twurl_find(&t->w, TWURL_MASTODON, u, len)) <= 0)
		return n < 0 ? -1 : graphemes(t, u, len);
	grow(&t->m, &t->mcap, len + TL_URL_LENGTH * n + 1);
	for (int i = 0; i < n; i++) {
		const struct twspan *sp = &t->w.span[i];
		memcpy(t->m + m, u + pos, (size_t)(sp->start - pos) * sizeof *u);
		m += sp->start - pos;
		if (sp->keep < 0) {
			for (int j = 0; j < TL_URL_LENGTH; j++)
				t->m[m++] = 'x';
		} else {
			memcpy(t->m + m, u + sp->start, (size_t)sp->keep * sizeof *u);
			m += sp->keep;
		}
		pos = sp->end;
	}
	memcpy(t->m + m, u + pos, (size_t)(len - pos) * sizeof *u);
	m += len - pos;
	return graphemes(t, t->m, m);
}

long textlen_count(struct textlen *t, enum textlen_kind k, const char *s, size_t n)
{
	int ascii;
	int32_t len = to_utf16(t, s, n, &ascii);

	t->bad = 0;
	if (k == TL_X)
		return count_x(t, len, ascii);
	if (k == TL_MASTODON)
		return count_mastodon(t, len, ascii);
	if (ascii && !t->icu_only) /* one grapheme a character but CR LF */
		return len - crlfs(t->u, len);
	return graphemes(t, t->u, len);
}

long textlen_byte_limit(enum textlen_kind k, int dm)
{
	if (k != TL_BLUESKY)
		return 0;
	return dm ? 10000 : 3000;
}
