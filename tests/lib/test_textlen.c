#include <unicode/uchar.h>

#include "textlen.h"
#include "tap.h"

static struct textlen T;

/* Texts below U+0300 skip the break iterator and NFC: the counts must be
 * the break iterator's. Random texts from pieces that matter to the rules
 * (CR LF, URLs, remote mentions, trailing punctuation, ©, NBSP, NEL, soft
 * hyphen, controls). */
static void fast_path_agrees(int ascii)
{
	static const char *const piece[] = {
		"a", "Z", "0", "_", " ", "\r", "\n", "\r\n", "@", ".", ":", "/", "-", "!", ",", ")",
		"https://", "http://", "@mario@", "acme.it", "\xc3\xa9", "\xc2\xa9", "\xc2\xae",
		"\xc2\xa1", "\xca\xbc", "\xc2\xad", "\x01", "\x1c", "\xc2\x85", "\xc2\xa0",
		"\xcb\xbf", "\t"};
	const int npiece = ascii ? 20 : (int)(sizeof piece / sizeof *piece); /* the first 20: ASCII */
	unsigned long seed = 1;
	int bad = 0;
	char s[256];

	for (int round = 0; round < 3000; round++) {
		size_t n = 0;
		int parts = (int)(seed >> 33) % 24;
		for (int i = 0; i < parts; i++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			const char *p = piece[(seed >> 33) % (unsigned long)npiece];
			memcpy(s + n, p, strlen(p));
			n += strlen(p);
		}
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		for (int k = TL_X; k <= TL_GRAPHEMES; k++) {
			long fast, icu;
			T.icu_only = 0;
			fast = textlen_count(&T, (enum textlen_kind)k, s, n);
			T.icu_only = 1;
			icu = textlen_count(&T, (enum textlen_kind)k, s, n);
			if (fast != icu && bad++ < 5)
				printf("# kind %d '%.*s': fast %ld, ICU %ld\n", k, (int)n, s, fast, icu);
		}
	}
	T.icu_only = 0;
	is_int(bad, 0, ascii ? "ASCII texts: the fast path counts as the break iterator"
			     : "texts below U+0300: the fast path counts as the break iterator");
}

static long L(enum textlen_kind k, const char *s)
{
	return textlen_count(&T, k, s, strlen(s));
}

int main(void)
{
	textlen_init(&T);
	is_int(L(TL_X, "hello"), 5, "X: ASCII counts one each");
	is_int(L(TL_X, ""), 0, "X: empty");
	is_int(L(TL_X, "こんにちは"), 10, "X: CJK counts two each");
	is_int(L(TL_MASTODON, "こんにちは"), 5, "Mastodon: CJK one each");
	is_int(L(TL_BLUESKY, "こんにちは"), 5, "Bluesky: CJK one each");
	is_int(L(TL_X, "Ciao 😀!"), 8, "X: an emoji counts two");
	is_int(L(TL_X, "👨‍👩‍👧"), 2, "X: a ZWJ family is one emoji, two");
	is_int(L(TL_BLUESKY, "👨‍👩‍👧"), 1, "Bluesky: a ZWJ family is one grapheme");
	is_int(L(TL_MASTODON, "👨‍👩‍👧"), 1, "Mastodon: a ZWJ family is one grapheme");
	is_int(L(TL_X, "🇮🇹"), 2, "X: a flag is one emoji");
	is_int(L(TL_BLUESKY, "🇮🇹🇪🇸"), 2, "Bluesky: two flags, two graphemes");
	is_int(L(TL_X, "👍🏽"), 2, "X: an emoji with a skin tone");
	is_int(L(TL_X, "1️⃣"), 2, "X: a keycap is an emoji");
	is_int(L(TL_X, "1#"), 2, "X: a digit and '#' alone are text");
	is_int(L(TL_X, "❤️"), 2, "X: a heart with VS16");
	is_int(L(TL_X, "e\xcc\x81"), 1, "X: e + combining acute is é after NFC");
	is_int(L(TL_BLUESKY, "e\xcc\x81"), 1, "Bluesky: e + combining acute is one grapheme");
	is_int(L(TL_MASTODON, "a\xcc\x88\xcc\xa3"), 1, "Mastodon: two combining marks, one grapheme");
	is_int(L(TL_X, "a\xcc\x88\xcc\xa3"), 3, "X: a + U+0308 + U+0323 is U+1EA1 (weight 2) + U+0308 after NFC");
	is_int(L(TL_X, "€5 … ‘ok’"), 11, "X: € and … weigh two, curly quotes one");
	is_int(L(TL_X, "नमस्ते"), 6, "X: Devanagari code points weigh one each");
	is_int(L(TL_BLUESKY, "नमस्ते"), 3, "Bluesky: Devanagari graphemes (ICU keeps the conjunct स्ते whole)");
	const char *url = "see https://example.com/a/very/long/path/that/goes/on?x=1.";
	is_int(L(TL_X, url), 28, "X: a URL counts 23, the full stop after it one");
	is_int(L(TL_MASTODON, url), 28, "Mastodon: a URL counts 23");
	is_int(L(TL_BLUESKY, url), (long)strlen(url), "Bluesky: a URL counts in full");
	is_int(L(TL_X, "http://a.co"), 23, "X: a short URL counts 23 too");
	is_int(L(TL_X, "http://a.b"), 10, "X: no URL without a known top-level domain");
	is_int(L(TL_X, "xhttp://a.co"), 12, "X: not a URL inside a word");
	is_int(L(TL_X, "https:// x"), 10, "X: a scheme alone is not a URL");
	is_int(L(TL_MASTODON, "@mario@mastodon.social ciao"), 11, "Mastodon: @user@domain counts @user");
	is_int(L(TL_X, "@mario@mastodon.social ciao"), 27, "X: a remote mention counts in full");
	is_int(L(TL_MASTODON, "write to a@b please"), 19, "Mastodon: not a mention inside a word");
	/* issue 27: what the networks' own code counts */
	is_int(L(TL_X, "Help: acme.it/help"), 29, "X: a bare domain with a path is a URL, 23");
	is_int(L(TL_X, "see acme.it."), 28, "X: a bare domain is a URL, the full stop after it one");
	is_int(L(TL_X, "v1.2 or e.g. or file.txt"), 24, "X: no URL without a known top-level domain");
	is_int(L(TL_X, "http://example.com\xe3\x81\xa0\xe3\x82\x88\xe3\x81\xad"), 29,
	       "X: the URL ends before CJK, which counts two each");
	is_int(L(TL_X, "https://example.com\xe2\x80\x8f ok"), 28, "X: a direction mark after a URL is not in it");
	is_int(L(TL_X, "https://en.wikipedia.org/wiki/Foo_(bar) ok"), 26, "X: balanced parentheses are in the URL");
	is_int(L(TL_X, "https://t.co/abcdefghij!"), 24, "X: a t.co URL");
	is_int(L(TL_X, "Ciao \xf0\x9f\x87\xae\xf0\x9f\x87\xb9 a.co"), 31, "X: a flag, then a bare domain");
	char marks[4 + 600 * 2 + 1] = "\xf0\x9f\x98\x80";
	for (int i = 0; i < 600; i++)
		strcat(marks, "\xcc\x81");
	is_int(L(TL_X, marks), 602, "X: an emoji counts 2, combining marks after it 1 each");
	is_int(L(TL_BLUESKY, marks), 1, "Bluesky: an emoji and its combining marks are one grapheme");
	is_int(L(TL_X, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7\xcc\x81"), 3,
	       "X: a ZWJ family then a combining mark: 2 + 1");
	L(TL_X, "ok");
	is_int(T.bad, 0, "X: an ordinary text has no refused character");
	L(TL_X, "ok \xef\xbf\xbe");
	is_int(T.bad, 0xFFFE, "X: U+FFFE makes a text invalid");
	L(TL_X, "ok \xef\xbf\xbf");
	is_int(T.bad, 0xFFFF, "X: U+FFFF makes a text invalid");
	is_int(L(TL_MASTODON, "https://example.com\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"), 26,
	       "Mastodon: the URL ends before CJK");
	is_int(L(TL_MASTODON, "#https://example.com"), 20, "Mastodon: no URL after '#'");
	is_int(L(TL_MASTODON, "@alice@localhost hi"), 9, "Mastodon: @user@host without a dot counts @user");
	is_int(L(TL_MASTODON, "https://en.wikipedia.org/wiki/Foo_(bar)"), 23,
	       "Mastodon: balanced parentheses are in the URL");
	is_int(L(TL_MASTODON, "acme.it/help ok"), 15, "Mastodon: no URL without a scheme");
	is_int(L(TL_MASTODON, "gemini://example.com/x ok"), 26, "Mastodon: its other schemes");
	is_int(L(TL_MASTODON, "@mario@mastodon.social@x"), 24, "Mastodon: no mention before another '@'");
	static char longword[20000 * 2 + 4];
	for (int i = 0; i < 20000; i++)
		memcpy(longword + 2 * i, "\xc3\xa9", 2);
	strcpy(longword + 40000, ".co");
	is_int(L(TL_X, longword), 20003, "X: a domain label over 63 characters is no link");
	static char dots[3000 * 2 + 1];
	for (int i = 0; i < 3000; i++)
		memcpy(dots + 2 * i, "a.", 2);
	is_int(L(TL_X, dots), -1, "X: a word too long to search for links (a.a.a...) fails, in bounded time");
	is_int(L(TL_BLUESKY, dots), 6000, "Bluesky: the same word counts");
	is_int(textlen_byte_limit(TL_BLUESKY, 0), 3000, "Bluesky: a post holds 3000 bytes");
	is_int(textlen_byte_limit(TL_BLUESKY, 1), 10000, "Bluesky: a chat message 10000");
	is_int(textlen_byte_limit(TL_X, 0), 0, "X: no byte limit");
	is_int(L(TL_X, "\xff\xfe"), 4, "X: invalid bytes count as U+FFFD, which weighs two");
	char cjk[140 * 3 + 1] = "";
	for (int i = 0; i < 140; i++)
		strcat(cjk, "語");
	is_int(L(TL_X, cjk), 280, "X: 140 CJK characters fill the 280 limit");
	is_int(textlen_kind("x"), TL_X, "kind x");
	is_int(textlen_kind("facebook"), TL_GRAPHEMES, "other networks count graphemes");
	is_int(textlen_default_limit(TL_MASTODON), 500, "Mastodon's default limit");
	is_int(textlen_default_limit(TL_BLUESKY), 300, "Bluesky's limit");
	is_int(L(TL_X, "\xc2\xa9 ok"), 5, "X: (c) is a pictograph, two");
	is_int(L(TL_BLUESKY, "a\r\nb"), 3, "Bluesky: CR LF is one grapheme");
	is_int(L(TL_X, "a\r\nb"), 4, "X: CR LF weighs its two code points");
	fast_path_agrees(1);
	fast_path_agrees(0);
	int emoji = 0;
	for (UChar32 c = 0; c < 0x300; c++)
		emoji += u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION) != 0;
	is_int(emoji, 0, "no Emoji_Presentation below U+0300 (x_cluster's shortcut)");
	textlen_free(&T);
	return tap_done();
}
