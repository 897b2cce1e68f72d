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
}

void textlen_free(struct textlen *t)
{
	free(t->u);
	free(t->nfc);
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

static int ascii_prefix(const uint16_t *u, int32_t len, int32_t i, const char *p)
{
	for (; *p; p++, i++)
		if (i >= len || (u[i] | 0x20) != (uint16_t)*p)
			return 0;
	return 1;
}

static int word_char(UChar32 c)
{
	return u_isalnum(c) || c == '_';
}

/* The end of a URL starting at i, or 0 when none starts there. */
static int32_t url_end(const uint16_t *u, int32_t len, int32_t i)
{
	int32_t j;

	if ((u[i] | 0x20) != 'h')
		return 0;
	if (ascii_prefix(u, len, i, "https://"))
		j = i + 8;
	else if (ascii_prefix(u, len, i, "http://"))
		j = i + 7;
	else
		return 0;
	if (i > 0 && word_char(u[i - 1]))
		return 0;
	if (j >= len || u_isspace(u[j]))
		return 0;
	while (j < len && !u_isspace(u[j]))
		j++;
	while (j > i && strchr(".,;:!?'\")]}", u[j - 1] < 128 ? (char)u[j - 1] : 'a') &&
	       u[j - 1] < 128)
		j--;
	return j;
}

/* Mastodon: "@user@domain" counts as "@user". Returns the end of the
 * "@domain" part to skip when a remote mention starts at i, else 0; *user_end
 * gets the end of "@user". */
static int32_t remote_mention(const uint16_t *u, int32_t len, int32_t i, int32_t *user_end)
{
	int32_t j = i + 1, k, dots = 0;

	if (u[i] != '@' || (i > 0 && word_char(u[i - 1])))
		return 0;
	while (j < len && u[j] < 128 && word_char(u[j]))
		j++;
	if (j == i + 1 || j >= len || u[j] != '@')
		return 0;
	for (k = j + 1; k < len && u[k] < 128 && (word_char(u[k]) || u[k] == '.' || u[k] == '-'); k++)
		dots += u[k] == '.';
	while (k > j + 1 && u[k - 1] == '.') {
		k--;
		dots--;
	}
	if (!dots)
		return 0;
	*user_end = j;
	return k;
}

/* X's weight of one code point outside an emoji (scale 100). */
static long x_weight(UChar32 c)
{
	if (c <= 4351 || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223) ||
	    (c >= 8242 && c <= 8247))
		return 100;
	return 200;
}

/* An emoji presentation: a pictograph, a flag, a keycap, a skin tone or a
 * ZWJ sequence; a digit or '#' alone is text. */
static int is_emoji(const uint16_t *u, int32_t s, int32_t e)
{
	UChar32 first, c;
	int32_t i = s;

	U16_NEXT(u, i, e, first);
	if (first >= 128 && u_hasBinaryProperty(first, UCHAR_EXTENDED_PICTOGRAPHIC))
		return 1;
	for (i = s; i < e;) {
		U16_NEXT(u, i, e, c);
		if (u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION) ||
		    ((c == 0xFE0F || c == 0x20E3) && u_hasBinaryProperty(first, UCHAR_EMOJI)))
			return 1;
	}
	return 0;
}

static long x_cluster(const uint16_t *u, int32_t s, int32_t e)
{
	long w = 0;
	UChar32 c;

	if (e == s + 1 && u[s] < 0x300) /* no Emoji_Presentation below U+0300: © and ® only */
		return u[s] >= 128 && u_hasBinaryProperty(u[s], UCHAR_EXTENDED_PICTOGRAPHIC) ? 200 : 100;
	if (is_emoji(u, s, e))
		return 200;
	for (int32_t i = s; i < e;) {
		U16_NEXT(u, i, e, c);
		w += x_weight(c);
	}
	return w;
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

/* The grapheme boundary after offset i of a simple text (ubrk_following). */
static int32_t simple_following(const uint16_t *u, int32_t len, int32_t i)
{
	return i + 1 < len && u[i] == '\r' && u[i + 1] == '\n' ? i + 2 : i + 1;
}

/* The boundary after i: the break iterator's, or the simple text's. */
static int32_t following(struct textlen *t, const uint16_t *u, int32_t len, int32_t i, int fast)
{
	int32_t next;

	if (fast)
		return simple_following(u, len, i);
	next = ubrk_following(t->bi, i);
	return next == UBRK_DONE ? len : next;
}

/* An ASCII text (a simple one): each character is one, X's weight too (so
 * CR LF is 2 on X, one grapheme elsewhere); URLs and remote mentions as in
 * textlen_count's loop, looked for only where they can start. */
static long count_ascii(const uint16_t *u, int32_t len, enum textlen_kind k)
{
	int32_t pos = 0, end, user_end;
	long w = 0;

	while (pos < len) {
		uint16_t c = u[pos];
		if ((c | 0x20) != 'h' && c != '@' && c != '\r') { /* most characters: one */
			w++;
			pos++;
			continue;
		}
		if ((c | 0x20) == 'h' && (k == TL_X || k == TL_MASTODON) && (end = url_end(u, len, pos))) {
			w += TL_URL_LENGTH;
			pos = simple_following(u, len, end - 1);
		} else if (c == '@' && k == TL_MASTODON && (end = remote_mention(u, len, pos, &user_end))) {
			w += user_end - pos;
			pos = simple_following(u, len, end - 1);
		} else if (c == '\r' && pos + 1 < len && u[pos + 1] == '\n') {
			w += k == TL_X ? 2 : 1;
			pos += 2;
		} else {
			w++;
			pos++;
		}
	}
	return w;
}

long textlen_count(struct textlen *t, enum textlen_kind k, const char *s, size_t n)
{
	UErrorCode e = U_ZERO_ERROR;
	int ascii, fast;
	int32_t len = to_utf16(t, s, n, &ascii), pos, next;
	const uint16_t *u = t->u;
	long w = 0, unit = k == TL_X ? 100 : 1;

	if (ascii && !t->icu_only)
		return count_ascii(u, len, k);
	fast = !t->icu_only && simple(u, len);

	if (k == TL_X && !fast) {
		if ((len = to_nfc(t, len)) < 0)
			return -1;
		u = t->nfc;
	}
	if (!fast) {
		if (!t->bi && !(t->bi = ubrk_open(UBRK_CHARACTER, "", NULL, 0, &e)))
			return -1;
		ubrk_setText(t->bi, (const UChar *)u, len, &e);
		if (U_FAILURE(e))
			return -1;
	}
	for (pos = fast ? 0 : ubrk_first(t->bi); pos != UBRK_DONE && pos < len; pos = next) {
		int32_t end, user_end;

		if ((k == TL_X || k == TL_MASTODON) && (end = url_end(u, len, pos))) {
			w += TL_URL_LENGTH * unit;
			next = following(t, u, len, end - 1, fast);
			continue;
		}
		if (k == TL_MASTODON && (end = remote_mention(u, len, pos, &user_end))) {
			w += user_end - pos; /* ASCII: one unit, one grapheme */
			next = following(t, u, len, end - 1, fast);
			continue;
		}
		next = fast ? simple_following(u, len, pos) : ubrk_next(t->bi);
		if (next == UBRK_DONE)
			next = len;
		if (k != TL_X)
			w++;
		else if (next == pos + 1 && u[pos] < 128)
			w += 100; /* x_cluster's answer for ASCII */
		else
			w += x_cluster(u, pos, next);
	}
	return w / unit;
}
