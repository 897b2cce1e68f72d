/* For tests/sc-reply/040-length-conformance.bats: reads texts separated by
 * NUL bytes on stdin and writes one line each:
 *   X-LENGTH BAD MASTODON-LENGTH BLUESKY-LENGTH<TAB>URL<TAB>URL...
 * BAD is the code point X refuses (0 for none); the URLs are the ones X
 * finds in the text as given (twitter-text's extractUrls). */
#include <stdio.h>
#include <stdlib.h>

#include <unicode/ustring.h>

#include "buf.h"
#include "textlen.h"
#include "twurl.h"

int main(void)
{
	struct textlen t;
	struct twurl w;
	struct buf b = BUF_INIT;
	UChar *u = NULL;
	char *out = NULL;
	int c;

	textlen_init(&t);
	twurl_init(&w);
	for (;;) {
		buf_reset(&b);
		while ((c = getchar()) != EOF && c)
			buf_putc(&b, (char)c);
		if (c == EOF && !b.len)
			break;
		long x = textlen_count(&t, TL_X, b.p ? b.p : "", b.len);
		long bad = t.bad;
		long m = textlen_count(&t, TL_MASTODON, b.p ? b.p : "", b.len);
		long bs = textlen_count(&t, TL_BLUESKY, b.p ? b.p : "", b.len);
		UErrorCode e = U_ZERO_ERROR;
		int32_t len = 0;
		u = realloc(u, (b.len + 1) * sizeof *u);
		u_strFromUTF8WithSub(u, (int32_t)b.len + 1, &len, b.p ? b.p : "", (int32_t)b.len, 0xFFFD,
				     NULL, &e);
		printf("%ld %ld %ld %ld", x, bad, m, bs);
		int n = U_SUCCESS(e) ? twurl_find(&w, TWURL_X, (const uint16_t *)u, len) : -1;
		for (int i = 0; i < n; i++) {
			int32_t olen = 0;
			e = U_ZERO_ERROR;
			out = realloc(out, (size_t)(w.span[i].end - w.span[i].start) * 3 + 1);
			u_strToUTF8(out, (w.span[i].end - w.span[i].start) * 3 + 1, &olen, u + w.span[i].start,
				    w.span[i].end - w.span[i].start, &e);
			printf("\t%.*s", (int)olen, out);
		}
		printf(n < 0 ? "\t(ICU failed)\n" : "\n");
		if (c == EOF)
			break;
	}
	free(u);
	free(out);
	buf_free(&b);
	twurl_free(&w);
	textlen_free(&t);
	return fflush(stdout) ? 1 : 0;
}
