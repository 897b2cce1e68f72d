/* Replays saved inputs through one fuzz target without libFuzzer: built
 * with gcc (and under ASan in check-asan), it runs every input in fuzz/regress/TARGET/
 * in `make check`, so every crash the fuzzer found stays fixed. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *data = NULL;
		size_t size = 0, cap = 0, n;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		do {
			if (size == cap && !(data = realloc(data, cap = cap ? 2 * cap : 4096)))
				abort();
			size += n = fread(data + size, 1, cap - size, f);
		} while (n);
		fclose(f);
		LLVMFuzzerTestOneInput(data, size);
		free(data);
		printf("ok %d - %s\n", i, argv[i]);
	}
	return 0;
}
