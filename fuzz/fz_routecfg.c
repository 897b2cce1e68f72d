/* sc-route's configuration (lib/routecfg.c): any bytes as routes.json. */
#include "fuzz.h"
#include "routecfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct route_cfg c;
	struct buf err = BUF_INIT;

	if (routecfg_load(&c, fuzz_file(data, size), &err) == 0)
		routecfg_free(&c);
	buf_free(&err);
	return 0;
}
