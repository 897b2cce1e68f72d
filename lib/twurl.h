/* URLs in a text as the networks' own code finds them, for counting each
 * as 23 characters:
 *
 *   X         twitter-text's extractUrlsWithIndices (its JavaScript version,
 *             which X's counter parseTweet uses): with or without
 *             http(s)://, a known top-level domain (lib/tlds.c), paths with
 *             balanced parentheses, t.co slugs, ASCII-only domains when
 *             there is no protocol, labels of at most 63 characters.
 *   Mastodon  twitter-text's Ruby patterns as Mastodon changes them
 *             (config/initializers/twitter_regex.rb: more schemes, wider
 *             path and query characters), a scheme required
 *             (StatusLengthValidator extracts with
 *             extract_url_without_protocol: false); and its mentions
 *             (Account::MENTION_RE), which the validator counts as @user.
 *
 * The patterns are ICU regular expressions compiled on first use; spans
 * are UTF-16 offsets into the text given. */
#ifndef SC_TWURL_H
#define SC_TWURL_H
#include <stdint.h>

enum twurl_kind { TWURL_X, TWURL_MASTODON };

struct twspan {
	int32_t start, end; /* [start, end) in UTF-16 units */
	int32_t keep;       /* Mastodon mentions: units of "@user" kept; -1 for a URL */
};

struct twurl {
	void *re[6]; /* URegularExpression: see twurl.c's enum pat */
	struct twspan *span;
	int n, cap;
	int failed; /* a pattern did not compile: nothing is found (reported once) */
};

void twurl_init(struct twurl *w);
void twurl_free(struct twurl *w);
/* The URLs of u[0, len) (and for Mastodon the mentions) in order, not
 * overlapping, into w->span / w->n: their number, or -1 when ICU fails
 * (a run of text too long to search: see MATCH_LIMIT in twurl.c). */
int twurl_find(struct twurl *w, enum twurl_kind k, const uint16_t *u, int32_t len);

#endif
