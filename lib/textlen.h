/* The length of a text as each network counts it against its limit, so a
 * reply that is too long is caught before it is sent:
 *
 *   X         twitter-text's parseTweet with the v3 configuration: the text
 *             in NFC, each URL 23 (found as twitter-text finds them, with
 *             or without a scheme: lib/twurl.c), each emoji sequence 2,
 *             every other code point 1 in U+0000-U+10FF, U+2000-U+200D,
 *             U+2010-U+201F, U+2032-U+2037 and 2 elsewhere (CJK counts
 *             double); U+FFFE, U+FEFF and U+FFFF make the text invalid.
 *   Mastodon  grapheme clusters, as the server's StatusLengthValidator
 *             counts them: each URL with a scheme as 23, each mention
 *             @user@domain as @user (lib/twurl.c).
 *   Bluesky   grapheme clusters of the text as it is (URLs in full); a post
 *             also holds at most 3,000 bytes of UTF-8.
 *
 * Grapheme clusters, NFC, emoji properties and the URL patterns come from
 * ICU. */
#ifndef SC_TEXTLEN_H
#define SC_TEXTLEN_H
#include <stddef.h>
#include <stdint.h>

#include "twurl.h"

enum textlen_kind { TL_X, TL_MASTODON, TL_BLUESKY, TL_GRAPHEMES };

#define TL_URL_LENGTH 23

/* Scratch space reused across texts (no allocation once grown). */
struct textlen {
	uint16_t *u, *nfc, *m; /* the text, its NFC, Mastodon's rewritten text */
	int32_t ucap, ncap, mcap;
	struct twurl w;
	void *bi;  /* ICU character break iterator */
	int icu_only; /* tests: no fast path (every text through NFC, the link patterns
		       * and the break iterator) */
	int32_t bad;  /* X: the first character the last text counted may not hold
		       * (U+FFFE, U+FEFF, U+FFFF), 0 when none */
};

void textlen_init(struct textlen *t);
void textlen_free(struct textlen *t);
/* The kind for a network name (x, mastodon, bluesky; anything else counts
 * graphemes). */
enum textlen_kind textlen_kind(const char *network);
/* A network's default limit: X 280, Mastodon 500, Bluesky 300, 0 (none)
 * for others. */
long textlen_default_limit(enum textlen_kind k);
/* The length of s (n bytes of UTF-8; invalid bytes count as U+FFFD), -1
 * when ICU fails; sets t->bad. */
long textlen_count(struct textlen *t, enum textlen_kind k, const char *s, size_t n);
/* The most bytes of UTF-8 a text may hold besides its length: on Bluesky
 * 3,000 for a post (app.bsky.feed.post's maxLength), 10,000 for a chat
 * message (dm: chat.bsky.convo.defs#messageInput); 0 (none) elsewhere. */
long textlen_byte_limit(enum textlen_kind k, int dm);

#endif
