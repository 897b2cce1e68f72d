/* Rows of text cells written as an aligned table for a person, or as CSV
 * (libcsv quoting, the way sc-report writes it). Cold-path output: cells
 * are copied. */
#ifndef SC_TABLE_H
#define SC_TABLE_H
#include <stddef.h>
#include <stdio.h>

struct table {
	int ncols;
	const char *const *head;
	char **cells;            /* nrows × ncols, owned */
	size_t nrows, cap;
};

void table_init(struct table *t, const char *const *head, int ncols);
/* Copies ncols cells; NULL or "" prints as "-" in the aligned table
 * (nothing in its last column) and as an empty field in CSV. */
void table_add(struct table *t, const char *const *row);
/* Columns padded to their widest cell (counted in characters, not bytes;
 * at most 32, longer cells cut at a character boundary), two spaces apart. */
void table_print(FILE *out, const struct table *t);
/* The same in at most width characters a line, a row never wrapped: the
 * last column takes what the others leave (its cells cut with "…", not
 * held to 32); while that is less than TABLE_MIN_LAST, the columns in
 * drop (ndrop indexes, the least needed first) are left out; a line still
 * too wide is cut at width. */
enum { TABLE_MIN_LAST = 20 };
void table_print_fit(FILE *out, const struct table *t, int width, const int *drop, int ndrop);
/* A header line, then one line per row. */
void table_csv(FILE *out, const struct table *t);
void table_free(struct table *t);

/* One CSV field, preceded by a comma unless first: quoted by libcsv when it
 * holds a comma, a quote or a line end, plain otherwise. */
void csv_field(FILE *out, const char *s, int first);

#endif
