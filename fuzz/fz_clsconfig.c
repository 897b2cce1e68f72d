/* sc-classify's configuration (lib/clsconfig.c): any bytes as its JSON
 * file, loaded into a classifier without models. */
#include "clsconfig.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct classifier c;
	struct clsrules r = {0};
	struct buf err = BUF_INIT;

	cls_init(&c);
	clsconf_load(&c, &r, fuzz_file(data, size), &err);
	clsrules_free(&r);
	cls_free(&c);
	buf_free(&err);
	return 0;
}
