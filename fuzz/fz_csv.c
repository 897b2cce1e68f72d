/* The CSV importer (lib/import_csv.c, lib/import.c): any bytes as an
 * archive CSV. */
#include "fuzz.h"
#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct importer imp;

	imp_init(&imp, "csv", 64, fuzz_sink());
	import_csv(&imp, fuzz_file(data, size));
	imp_finish(&imp);
	imp_free(&imp);
	return 0;
}
