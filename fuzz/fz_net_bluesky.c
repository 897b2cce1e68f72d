/* Bluesky answers (lib/net_bluesky.c through net_bluesky_page): any bytes
 * parsed as a listNotifications answer, without and with a saved cursor,
 * then the same answer again as the next page of the walk. */
#include "fuzz.h"
#include "net_bluesky.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	jv page = fuzz_json(data, size);

	for (int i = 0; jv_is_valid(page) && i < 2; i++) {
		struct buf cursor_new = BUF_INIT;
		struct fetch f;
		struct net n;
		const char *cursor = i ? "2024-05-01T10:00:00.000Z at://did:plc:x/app.bsky.feed.post/1"
				       : NULL;
		int s;

		fuzz_net_open(&n, &f, "bluesky", "acme.bsky.social");
		s = fetch_stream(&f, "notifications");
		if (net_bluesky_page(&n, "did:plc:acme", s, page, cursor, &cursor_new) == 0)
			net_bluesky_page(&n, "did:plc:acme", s, page, cursor, &cursor_new);
		fuzz_net_close(&n);
		buf_free(&cursor_new);
	}
	jv_free(page);
	return 0;
}
