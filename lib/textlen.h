/* The length of a text as each network counts it against its limit, so a
 * reply that is too long is caught before it is sent:
 *
 *   X         twitter-text's v3 configuration: the text in NFC, each code
 *             point weighing 100 in U+0000-U+10FF, U+2000-U+200D,
 *             U+2010-U+201F, U+2032-U+2037 and 200 elsewhere (CJK counts
 *             double), an emoji sequence (ZWJ families, flags, keycaps,
 *             skin tones) 200 as a whole, a URL 23 characters; scale 100.
 *   Mastodon  grapheme clusters, as the server's StatusLengthValidator
 *             counts them, with each URL as 23 and @user@domain as @user.
 *   Bluesky   grapheme clusters of the text as it is (URLs in full).
 *
 * Grapheme clusters, NFC and emoji properties come from ICU. URLs are
 * http:// and https:// links up to the next space, trailing punctuation
 * excluded (twitter-text also finds bare domains such as "acme.it": those
 * count here by their characters, which can only overestimate). */
#ifndef SC_TEXTLEN_H
#define SC_TEXTLEN_H
#include <stddef.h>
#include <stdint.h>

enum textlen_kind { TL_X, TL_MASTODON, TL_BLUESKY, TL_GRAPHEMES };

#define TL_URL_LENGTH 23

/* Scratch space reused across texts (no allocation once grown). */
struct textlen {
	uint16_t *u, *nfc;
	int32_t ucap, ncap;
	void *bi;  /* ICU character break iterator */
	int icu_only; /* tests: no fast path, every text through the break iterator */
};

void textlen_init(struct textlen *t);
void textlen_free(struct textlen *t);
/* The kind for a network name (x, mastodon, bluesky; anything else counts
 * graphemes). */
enum textlen_kind textlen_kind(const char *network);
/* A network's default limit: X 280, Mastodon 500, Bluesky 300, 0 (none)
 * for others. */
long textlen_default_limit(enum textlen_kind k);
/* The length of s (n bytes of UTF-8; invalid bytes count as U+FFFD). */
long textlen_count(struct textlen *t, enum textlen_kind k, const char *s, size_t n);

#endif
