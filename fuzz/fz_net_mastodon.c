/* Mastodon answers (lib/net_mastodon.c through net_mastodon_page): any
 * bytes parsed as a page of notifications and of statuses, without and
 * with a saved cursor. */
#include "fuzz.h"
#include "net_mastodon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const streams[] = {"mentions", "statuses"};
	jv page = fuzz_json(data, size);

	for (int i = 0; jv_is_valid(page) && i < 4; i++) {
		struct fetch f;
		struct net n;
		char newest[NET_ID_MAX] = "";

		fuzz_net_open(&n, &f, "mastodon", "acme@example.social");
		net_mastodon_page(&n, "1", n.account, fetch_stream(&f, streams[i % 2]),
				  streams[i % 2], i % 2 == 0, page, i < 2 ? NULL : "109000000000000000",
				  newest);
		fuzz_net_close(&n);
	}
	jv_free(page);
	return 0;
}
