/* X API v2 answers (lib/net_x.c through net_x_page): any bytes parsed as
 * the answer of the mentions, tweets and dm_events streams, without and
 * with a saved cursor. */
#include "fuzz.h"
#include "net_x.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const streams[] = {"mentions", "tweets", "dm"};
	jv page = fuzz_json(data, size);

	for (int i = 0; jv_is_valid(page) && i < 6; i++) {
		struct fetch f;
		struct net n;
		char newest[NET_ID_MAX] = "";

		fuzz_net_open(&n, &f, "x", "AcmeHelp");
		net_x_page(&n, "900", fetch_stream(&f, streams[i % 3]), streams[i % 3], i % 3 == 2,
			   page, i < 3 ? NULL : "1500000000000000000", newest);
		fuzz_net_close(&n);
	}
	jv_free(page);
	return 0;
}
