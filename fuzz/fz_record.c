/* The record reader (lib/record.c): any bytes as JSON lines, with every
 * record spliced as sc-classify and sc-route write them. */
#include "fuzz.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *files[] = {(char *)fuzz_file(data, size)};
	struct recin r;

	for (int strict = 0; strict <= 1; strict++) {
		recin_open(&r, files, 1, strict);
		while (recin_next(&r))
			rec_splice(fuzz_sink(), &r, "class", "{\"a\":1}", 7);
		recin_status(&r);
		recin_close(&r);
	}
	return 0;
}
