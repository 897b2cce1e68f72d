/* bench/csvfloor - what libcsv alone costs per row, the floor under
 * `sc-fetch csv` (whose CSV parsing is libcsv's):
 *
 *     csvfloor < archive.csv
 *
 * Parses the input in 64 KB reads with csv_parse and callbacks that only
 * count fields and rows, with the options sc-fetch uses (none). Prints the
 * counts on stderr; nothing on stdout. Built and run by bench/run against
 * the same input as sc-fetch. */
#include <stdio.h>
#include <stdlib.h>

#include <csv.h>

struct counts {
	long fields, rows;
};

static void on_field(void *s, size_t len, void *ctx)
{
	(void)s;
	(void)len;
	((struct counts *)ctx)->fields++;
}

static void on_row(int c, void *ctx)
{
	(void)c;
	((struct counts *)ctx)->rows++;
}

int main(void)
{
	static char block[1 << 16];
	struct csv_parser p;
	struct counts n = {0, 0};
	size_t len;

	if (csv_init(&p, 0)) {
		fputs("csvfloor: out of memory\n", stderr);
		return 1;
	}
	while ((len = fread(block, 1, sizeof block, stdin)) > 0)
		if (csv_parse(&p, block, len, on_field, on_row, &n) != len) {
			fprintf(stderr, "csvfloor: %s\n", csv_strerror(csv_error(&p)));
			return 1;
		}
	csv_fini(&p, on_field, on_row, &n);
	csv_free(&p);
	fprintf(stderr, "csvfloor: %ld rows, %ld fields\n", n.rows, n.fields);
	return ferror(stdin) ? 1 : 0;
}
