/* sc-reply's configuration (replies.json, lib/replycfg.c): templates per
 * language, intent and topic, tone of voice, agents, queues and limits;
 * what loads is asked for a template as sc-reply asks. */
#include "fuzz.h"
#include "replycfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reply_cfg c;
	struct buf err = BUF_INIT;

	if (replycfg_load(&c, fuzz_file(data, size), &err) == 0) {
		const struct reply_lang *l = replycfg_lang(&c, "it"), *in;
		int level;
		if (l)
			replycfg_pick(&c, l, "complaint", "billing", &level, &in);
		replycfg_agent(&c, "anna");
		replycfg_queue(&c, "support-it");
	}
	replycfg_free(&c);
	buf_free(&err);
	return 0;
}
