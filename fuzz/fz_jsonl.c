/* The JSON-lines importer (lib/import_jsonl.c, lib/import.c): any bytes as JSON lines of an
 * export. */
#include "fuzz.h"
#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct importer imp;

	imp_init(&imp, "jsonl", 64, fuzz_sink());
	import_jsonl(&imp, fuzz_file(data, size));
	imp_finish(&imp);
	imp_free(&imp);
	return 0;
}
