/* Meta's Graph API answers (lib/net_meta.c through net_meta_page): any
 * bytes parsed as the first page of a Facebook feed, Facebook
 * conversations, Instagram media and Instagram conversations. Later pages
 * go to an HTTP client in dry-run mode: printed, never sent. */
#include "fuzz.h"
#include "http.h"
#include "net_meta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http h;
	static int ready;
	jv page = fuzz_json(data, size);

	if (!ready) {
		http_init(&h);
		h.dry_run = 1;
		ready = 1;
	}
	for (int i = 0; jv_is_valid(page) && i < 4; i++) {
		struct fetch f;
		struct net n;

		fuzz_net_open(&n, &f, i < 2 ? "facebook" : "instagram", "100");
		n.h = &h;
		n.api = "https://graph.facebook.com/v21.0";
		f.have_since = 1; /* every time counts: the seeds' times are fixed */
		f.since.sec = 0;
		net_meta_page(&n, i >= 2, i % 2, jv_copy(page));
		fuzz_net_close(&n);
	}
	jv_free(page);
	return 0;
}
