#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "buf.h"
#include "diag.h"
#include "tlds.h"
#include "twurl.h"

/* The character classes of twitter-text's regexp/ files, in ICU syntax
 * (every punctuation character escaped: ICU reads some as set operators). */
#define SPACES "\\x{09}-\\x{0D}\\x{20}\\x{85}\\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}" \
	"\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}"
#define INVALID "\\x{FFFE}\\x{FEFF}\\x{FFFF}"
#define DIRMARKS "\\x{202A}-\\x{202E}\\x{061C}\\x{200E}\\x{200F}\\x{2066}-\\x{2069}"
#define LATIN "\\x{C0}-\\x{D6}\\x{D8}-\\x{F6}\\x{F8}-\\x{FF}\\x{100}-\\x{24F}\\x{253}\\x{254}" \
	"\\x{256}\\x{257}\\x{259}\\x{25B}\\x{263}\\x{268}\\x{26F}\\x{272}\\x{289}\\x{28B}\\x{2BB}" \
	"\\x{300}-\\x{36F}\\x{1E00}-\\x{1EFF}"
#define CYRILLIC "\\x{400}-\\x{4FF}"
/* JavaScript's punct (no '"', no '`'); Ruby's PUNCTUATION_CHARS has both. */
#define PUNCT_JS "\\!\\'\\#\\%\\&\\(\\)\\*\\+\\,\\\\\\-\\.\\/\\:\\;\\<\\=\\>\\?\\@\\[\\]\\^\\_\\{\\|\\}\\~\\$"
#define PUNCT_RB PUNCT_JS "\\\"\\`"
#define PRECEDING "(?:[^A-Za-z0-9\\@\\x{FF20}\\$\\#\\x{FF03}" INVALID "]|[" DIRMARKS "]|^)"
#define DOMAIN_CHARS_JS "[^" PUNCT_JS SPACES INVALID DIRMARKS "]"
#define DOMAIN_CHARS_RB "[^" DIRMARKS PUNCT_RB "\\x{00}-\\x{1F}\\x{7F}" INVALID SPACES "]"
#define SUBDOMAIN(D) "(?:(?:" D "(?:[\\_\\-]|" D ")*)?" D "\\.)"
#define DOMAIN_NAME(D) "(?:(?:" D "(?:\\-|" D ")*)?" D "\\.)"
#define TLD_END "(?=[^0-9a-zA-Z\\@\\+\\-]|$)"
/* \1 stands for the generic, \2 for the country top-level domains. */
#define TLDS_JS "(?:(?:(?:\1)" TLD_END ")|(?:(?:\2)" TLD_END ")|(?:xn\\-\\-[\\-0-9a-z]+))"
#define TLDS_RB "(?:(?:(?:\1)" TLD_END ")|(?:(?:\2)" TLD_END ")|(?:xn\\-\\-[0-9a-z]+))"
#define BALANCED(G) "\\((?:" G "+|(?:" G "*\\(" G "+\\)" G "*))\\)"

/* twitter-text (JavaScript) */
#define GPATH_JS "[a-z" CYRILLIC "0-9\\!\\*\\'\\;\\:\\=\\+\\,\\.\\$\\/\\%\\#\\[\\]\\-\\x{2013}\\_\\~\\@\\|\\&" LATIN "]"
#define PEND_JS "(?:[\\+\\-a-z" CYRILLIC "0-9\\=\\_\\#\\/" LATIN "]|(?:" BALANCED(GPATH_JS) "))"
#define PATH_JS "(?:(?:" GPATH_JS "*(?:" BALANCED(GPATH_JS) GPATH_JS "*)*" PEND_JS ")|(?:\\@" GPATH_JS "+\\/))"
#define QUERY_JS "[a-z0-9\\!\\?\\*\\'\\@\\(\\)\\;\\:\\&\\=\\+\\$\\/\\%\\#\\[\\]\\-\\_\\.\\,\\~\\|]"
#define QEND_JS "[a-z0-9\\-\\_\\&\\=\\#\\/]"
/* Groups: 1 all, 2 before, 3 URL, 4 protocol, 5 domain, 6 port, 7 path,
 * 8 query (the paths possessive, as in the Java version: nothing after a
 * path could take back what it matched, and long paths stay linear). */
static const char pat_x[] =
	"((" PRECEDING ")((https?\\:\\/\\/)?(" SUBDOMAIN(DOMAIN_CHARS_JS) "*" DOMAIN_NAME(DOMAIN_CHARS_JS)
	TLDS_JS ")(?:\\:([0-9]++))?(\\/" PATH_JS "*+)?(\\?" QUERY_JS "*" QEND_JS ")?))";
static const char pat_x_ascii[] =
	"(?:(?:[\\-a-z0-9" LATIN "]+)\\.)+" TLDS_JS;
static const char pat_x_tco[] =
	"^https?\\:\\/\\/t\\.co\\/([a-z0-9]+)(?:\\?" QUERY_JS "*" QEND_JS ")?";

/* Mastodon: twitter-text (Ruby) with config/initializers/twitter_regex.rb.
 * Its new path-ending class embeds the balanced parentheses of before the
 * change (the initializer assigns it first). */
#define GPATH_RB "[a-z\\p{sc=Cyrillic}0-9\\!\\*\\'\\;\\:\\=\\+\\,\\.\\$\\/\\%\\#\\[\\]\\p{Pd}\\_\\~\\&\\|\\@" LATIN "]"
#define GPATH_M "[^\\p{White_Space}\\<\\>\\(\\)\\?]"
#define PEND_M "(?:[^\\p{White_Space}\\(\\)\\?\\!\\*\\\"\\'\\x{300C}\\x{300D}\\<\\>\\;\\:\\=\\,\\.\\$\\%\\[\\]\\~\\&\\|\\@]|(?:" \
	BALANCED(GPATH_RB) "))"
#define PATH_M "(?:(?:" GPATH_M "*(?:" BALANCED(GPATH_M) GPATH_M "*)*" PEND_M ")|(?:" GPATH_M "+\\/))"
#define UCHARS "\\x{A0}-\\x{D7FF}\\x{F900}-\\x{FDCF}\\x{FDF0}-\\x{FFEF}\\x{10000}-\\x{1FFFD}" \
	"\\x{20000}-\\x{2FFFD}\\x{30000}-\\x{3FFFD}\\x{40000}-\\x{4FFFD}\\x{50000}-\\x{5FFFD}" \
	"\\x{60000}-\\x{6FFFD}\\x{70000}-\\x{7FFFD}\\x{80000}-\\x{8FFFD}\\x{90000}-\\x{9FFFD}" \
	"\\x{A0000}-\\x{AFFFD}\\x{B0000}-\\x{BFFFD}\\x{C0000}-\\x{CFFFD}\\x{D0000}-\\x{DFFFD}" \
	"\\x{E1000}-\\x{EFFFD}\\x{E000}-\\x{F8FF}\\x{F0000}-\\x{FFFFD}\\x{100000}-\\x{10FFFD}"
#define QUERY_M "[a-z0-9\\!\\?\\*\\'\\(\\)\\;\\:\\&\\=\\+\\$\\/\\%\\#\\[\\]\\-\\_\\.\\,\\~\\|\\@\\^" UCHARS "]"
#define QEND_M "[a-z0-9\\_\\&\\=\\#\\/\\-" UCHARS "]"
static const char pat_m[] =
	"((" PRECEDING ")(((?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)\\:\\/\\/)?(" SUBDOMAIN(DOMAIN_CHARS_RB) "*"
	DOMAIN_NAME(DOMAIN_CHARS_RB) TLDS_RB ")(?:\\:([0-9]++))?(\\/" PATH_M "*+)?(\\?" QUERY_M "*" QEND_M ")?))";
static const char pat_m_tco[] = "^https?\\:\\/\\/t\\.co\\/([a-z0-9]+)";
/* Account::MENTION_RE; [[:word:]] is Ruby's Unicode word class. */
#define WORD "\\p{L}\\p{M}\\p{Nd}\\p{Pc}"
static const char pat_m_mention[] =
	"(?<![\\=\\/" WORD "])\\@(([a-z0-9\\_]+(?:[a-z0-9\\_\\.\\-]+[a-z0-9\\_]+)?)(?:\\@[" WORD "\\.\\-]+[" WORD "]+)?)";

enum pat { P_X, P_X_ASCII, P_X_TCO, P_M, P_M_TCO, P_M_MENTION };
static const char *const pats[] = {pat_x, pat_x_ascii, pat_x_tco, pat_m, pat_m_tco, pat_m_mention};

#define MAX_URL_LENGTH 4096
#define MAX_TCO_SLUG_LENGTH 40
#define MAX_LABEL 63
/* The patterns backtrack as twitter-text's do: a run of thousands of
 * letters before a '.' takes quadratic time (20,000 'é' and ".co": most of
 * a minute). ICU stops a match after this many of its time units (10,000
 * steps each, counted, not timed: the same text always fails); a URL of
 * 4,096 characters takes a few. twurl_find then fails (-1). */
#define MATCH_LIMIT 300

void twurl_init(struct twurl *w)
{
	memset(w, 0, sizeof *w);
}

void twurl_free(struct twurl *w)
{
	for (size_t i = 0; i < sizeof w->re / sizeof *w->re; i++)
		if (w->re[i])
			uregex_close(w->re[i]);
	free(w->span);
	memset(w, 0, sizeof *w);
}

/* Pattern p, compiled on first use (the top-level domains make a long
 * pattern: built once per struct twurl). */
static URegularExpression *re(struct twurl *w, enum pat p)
{
	struct buf b = BUF_INIT;
	UErrorCode e = U_ZERO_ERROR;
	UParseError pe;
	UChar *u;
	int32_t n = 0;

	if (w->re[p] || w->failed)
		return w->re[p];
	for (const char *c = pats[p]; *c; c++)
		if (*c == 1 || *c == 2)
			buf_puts(&b, *c == 1 ? tlds_generic : tlds_country);
		else
			buf_putc(&b, *c);
	u = sc_xmalloc((b.len + 1) * sizeof *u);
	u_strFromUTF8(u, (int32_t)b.len + 1, &n, b.p, (int32_t)b.len, &e);
	if (U_SUCCESS(e))
		w->re[p] = uregex_open(u, n, UREGEX_CASE_INSENSITIVE, &pe, &e);
	if (U_SUCCESS(e)) /* see MATCH_LIMIT */
		uregex_setTimeLimit(w->re[p], MATCH_LIMIT, &e);
	if (U_FAILURE(e)) {
		sc_warn("URL pattern %d does not compile (ICU: %s at offset %d): URLs count by their characters",
			(int)p, u_errorName(e), pe.offset);
		w->failed = 1;
		w->re[p] = NULL;
	}
	free(u);
	buf_free(&b);
	return w->re[p];
}

static void add(struct twurl *w, int32_t start, int32_t end, int32_t keep)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 8;
		w->span = sc_xrealloc(w->span, (size_t)w->cap * sizeof *w->span);
	}
	w->span[w->n++] = (struct twspan){start, end, keep};
}

/* The length of a label's Punycode (RFC 3492) with its "xn--", as
 * punycode.js's toASCII gives it; labels over 63 code points are too long
 * whatever they encode to, so only those are encoded. */
static int32_t puny_length(const uint16_t *u, int32_t len)
{
	UChar32 cp[MAX_LABEL + 1], c;
	int32_t n = 0, i = 0, out = 0, h, b;
	unsigned long delta = 0, bias = 72, m, cur = 128;
	int ascii = 1;

	while (i < len) {
		U16_NEXT(u, i, len, c);
		if (n > MAX_LABEL)
			return MAX_LABEL + 1;
		cp[n++] = c;
		ascii &= c < 128;
	}
	if (ascii)
		return n;
	for (i = 0; i < n; i++)
		out += cp[i] < 128;
	h = b = out;
	if (b)
		out++;
	while (h < n) {
		m = 0x110000;
		for (i = 0; i < n; i++)
			if ((unsigned long)cp[i] >= cur && (unsigned long)cp[i] < m)
				m = (unsigned long)cp[i];
		delta += (m - cur) * (unsigned long)(h + 1);
		cur = m;
		for (i = 0; i < n; i++) {
			if ((unsigned long)cp[i] < cur)
				delta++;
			if ((unsigned long)cp[i] != cur)
				continue;
			unsigned long q = delta, k, t;
			for (k = 36;; k += 36) {
				t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
				if (q < t)
					break;
				out++;
				q = (q - t) / (36 - t);
			}
			out++;
			/* adapt */
			delta = h == b ? delta / 700 : delta / 2;
			delta += delta / (unsigned long)(h + 1);
			for (k = 0; delta > 455; k += 36)
				delta /= 35;
			bias = k + 36 * delta / (delta + 38);
			delta = 0;
			h++;
		}
		delta++;
		cur++;
	}
	return out + 4;
}

/* twitter-text's idna.toAscii succeeds: every label 1-63 characters once
 * Punycode-encoded, and a domain starting "xn--" holds an ASCII domain. */
static int valid_domain(struct twurl *w, const uint16_t *u, int32_t len)
{
	int32_t s = 0;

	if (len >= 4 && u[0] == 'x' && u[1] == 'n' && u[2] == '-' && u[3] == '-') {
		UErrorCode e = U_ZERO_ERROR;
		URegularExpression *a = re(w, P_X_ASCII);
		if (!a)
			return 0;
		uregex_setText(a, (const UChar *)u, len, &e);
		if (!uregex_find(a, 0, &e) || U_FAILURE(e))
			return 0;
	}
	for (int32_t i = 0; i <= len; i++)
		if (i == len || u[i] == '.') {
			int32_t l = puny_length(u + s, i - s);
			if (l < 1 || l > MAX_LABEL)
				return 0;
			s = i + 1;
		}
	return 1;
}

/* A t.co URL keeps its slug (and query) only: the end of u's t.co URL, 0
 * when u is none, -1 when its slug is too long to be one. */
static int32_t tco_end(struct twurl *w, enum pat p, const uint16_t *u, int32_t len)
{
	UErrorCode e = U_ZERO_ERROR;
	URegularExpression *t = re(w, p);
	int32_t end;

	if (!t)
		return 0;
	uregex_setText(t, (const UChar *)u, len, &e);
	if (!uregex_lookingAt(t, 0, &e) || U_FAILURE(e))
		return 0;
	if (uregex_end(t, 1, &e) - uregex_start(t, 1, &e) > MAX_TCO_SLUG_LENGTH)
		return -1;
	end = uregex_end(t, 0, &e);
	return U_SUCCESS(e) ? end : 0;
}

/* JavaScript's extractUrlsWithIndices, without a protocol: the ASCII-only
 * domains inside the domain d (the last one taking the path). */
static int ascii_domains(struct twurl *w, const uint16_t *u, int32_t d, int32_t dend, int32_t end,
			 int path)
{
	UErrorCode e = U_ZERO_ERROR;
	URegularExpression *a = re(w, P_X_ASCII);
	int found = 0;

	if (!a)
		return 0;
	uregex_setText(a, (const UChar *)(u + d), dend - d, &e);
	while (U_SUCCESS(e) && uregex_findNext(a, &e)) {
		add(w, d + uregex_start(a, 0, &e), d + uregex_end(a, 0, &e), -1);
		found = 1;
	}
	if (found && path)
		w->span[w->n - 1].end = end;
	return found;
}

/* URLs and mentions hold no ASCII white space (nor U+0085), so the
 * patterns run only on the runs between, and only on those that may hold
 * one: matching from every position of a text costs far more than the
 * runs with a '.' before a letter (X), "://" (Mastodon) or an at sign. */
static int sep(uint16_t c)
{
	return (c >= 9 && c <= 13) || c == ' ' || c == 0x85;
}

static int candidate(enum pat p, const uint16_t *u, int32_t s, int32_t e)
{
	int ats = 0, scheme = 0;

	for (int32_t i = s; i < e; i++) {
		if (p == P_X && u[i] == '.' && i + 1 < e && (u[i + 1] >= 128 || isalnum(u[i + 1])))
			return 1;
		ats += u[i] == '@' || u[i] == 0xFF20;
		scheme |= u[i] == ':' && i + 2 < e && u[i + 1] == '/' && u[i + 2] == '/';
	}
	/* A mention alone in its run ("@mario") is rewritten as itself: only
	 * "@user@host", or one overlapping a URL, changes Mastodon's count. */
	return p == P_M ? scheme : p == P_M_MENTION && ats && (ats > 1 || scheme);
}

/* The next run of u from *pos holding a candidate for p, with the white
 * space before it (the pattern's preceding character) and seen through its
 * bounds (lookarounds, ^ and $ as in the whole text): 1, or 0 when none.
 * The text is given to r at the first run found (*given 0 before it). */
static int next_run(URegularExpression *r, enum pat p, const uint16_t *u, int32_t len, int32_t *pos,
		    int *given, UErrorCode *e)
{
	while (*pos < len) {
		int32_t s = *pos, end;
		while (s < len && sep(u[s]))
			s++;
		for (end = s; end < len && !sep(u[end]); end++)
			;
		*pos = end;
		if (s < end && candidate(p, u, s, end)) {
			if (!*given)
				uregex_setText(r, (const UChar *)u, len, e);
			*given = 1;
			uregex_setRegion(r, s > 0 ? s - 1 : 0, end, e);
			uregex_useTransparentBounds(r, 1, e);
			uregex_useAnchoringBounds(r, 0, e);
			return U_SUCCESS(*e);
		}
	}
	return 0;
}

static int find_urls(struct twurl *w, enum twurl_kind k, const uint16_t *u, int32_t len)
{
	UErrorCode e = U_ZERO_ERROR;
	enum pat p = k == TWURL_X ? P_X : P_M;
	URegularExpression *r = re(w, p);
	int32_t pos = 0;
	int given = 0;

	if (!r)
		return 0;
	while (next_run(r, p, u, len, &pos, &given, &e))
		while (U_SUCCESS(e) && uregex_findNext(r, &e)) {
			int32_t b = uregex_start(r, 2, &e), be = uregex_end(r, 2, &e);
			int32_t s = uregex_start(r, 3, &e), end = uregex_end(r, 3, &e);
			int32_t proto = uregex_start(r, 4, &e) >= 0 ? uregex_end(r, 4, &e) - s : 0;
			int32_t d = uregex_start(r, 5, &e), dend = uregex_end(r, 5, &e);
			int path = uregex_start(r, 7, &e) >= 0, tco;

			if (U_FAILURE(e))
				break;
			if (!valid_domain(w, u + d, dend - d) ||
			    (proto ? 0 : (int32_t)strlen("https://")) + end - s > MAX_URL_LENGTH)
				continue;
			if (!proto) {
				/* Mastodon counts URLs with a scheme only; X skips a
				 * domain right after - _ . or / */
				if (k == TWURL_MASTODON || (be > b && strchr("-_./", u[be - 1] < 128 ? u[be - 1] : 'a')))
					continue;
				ascii_domains(w, u, d, dend, end, path);
				continue;
			}
			tco = tco_end(w, k == TWURL_X ? P_X_TCO : P_M_TCO, u + s, end - s);
			if (tco < 0)
				continue;
			add(w, s, tco ? s + tco : end, -1);
		}
	return U_SUCCESS(e) ? 0 : -1;
}

/* twitter-text's latin_accents */
static int latin_accent(UChar32 c)
{
	static const UChar32 r[][2] = {
		{0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0x24F}, {0x253, 0x254}, {0x256, 0x257},
		{0x259, 0x259}, {0x25B, 0x25B}, {0x263, 0x263}, {0x268, 0x268}, {0x26F, 0x26F},
		{0x272, 0x272}, {0x289, 0x289}, {0x28B, 0x28B}, {0x2BB, 0x2BB}, {0x300, 0x36F},
		{0x1E00, 0x1EFF}};

	for (size_t i = 0; i < sizeof r / sizeof *r; i++)
		if (c >= r[i][0] && c <= r[i][1])
			return 1;
	return 0;
}

/* Mastodon's Extractor.extract_mentions_or_lists_with_indices: "@user" or
 * "@user@domain", not followed by an at sign, a Latin accent or "://". */
static int find_mentions(struct twurl *w, const uint16_t *u, int32_t len)
{
	UErrorCode e = U_ZERO_ERROR;
	URegularExpression *r = re(w, P_M_MENTION);
	int32_t pos = 0;
	int given = 0;

	if (!r)
		return 0;
	while (next_run(r, P_M_MENTION, u, len, &pos, &given, &e))
		while (U_SUCCESS(e) && uregex_findNext(r, &e)) {
			int32_t s = uregex_start(r, 0, &e), end = uregex_end(r, 0, &e);
			int32_t user = uregex_end(r, 2, &e) - s;
			UChar32 c;

			if (U_FAILURE(e))
				break;
			if (end < len) {
				int32_t i = end;
				U16_NEXT(u, i, len, c);
				if (c == '@' || c == 0xFF20 || latin_accent(c) ||
				    (c == ':' && end + 2 < len && u[end + 1] == '/' && u[end + 2] == '/'))
					continue;
			}
			add(w, s, end, user);
		}
	return U_SUCCESS(e) ? 0 : -1;
}

static int by_start(const void *a, const void *b)
{
	const struct twspan *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

int twurl_find(struct twurl *w, enum twurl_kind k, const uint16_t *u, int32_t len)
{
	int urls;

	w->n = 0;
	if (find_urls(w, k, u, len) < 0)
		return -1;
	if (k == TWURL_MASTODON) {
		urls = w->n;
		if (find_mentions(w, u, len) < 0)
			return -1;
		if (w->n > urls) { /* Extractor.remove_overlapping_entities */
			int out = 0;
			qsort(w->span, (size_t)w->n, sizeof *w->span, by_start);
			for (int i = 0; i < w->n; i++)
				if (!out || w->span[i].start >= w->span[out - 1].end)
					w->span[out++] = w->span[i];
			w->n = out;
		}
	}
	return w->n;
}
