#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "buf.h"
#include "diag.h"
#include "table.h"

#define MAXW 32

void table_init(struct table *t, const char *const *head, int ncols)
{
	memset(t, 0, sizeof *t);
	t->head = head;
	t->ncols = ncols;
}

void table_add(struct table *t, const char *const *row)
{
	size_t n = (size_t)t->ncols;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->cells = sc_xrealloc(t->cells, t->cap * n * sizeof *t->cells);
	}
	for (size_t i = 0; i < n; i++)
		t->cells[t->nrows * n + i] = sc_xstrdup(row[i] ? row[i] : "");
	t->nrows++;
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

/* Characters in s (UTF-8: continuation bytes do not count). */
static int width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

/* Bytes of s holding its first w characters. */
static size_t prefix(const char *s, int w)
{
	size_t i = 0;

	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && w-- == 0)
			break;
	return i;
}

/* A cell in w characters; mark: a cut shown with "…". */
static void cell(struct buf *b, const char *s, int w, int mark)
{
	int n;

	if (!*s)
		s = "-";
	n = width(s);
	if (n > w && mark && w > 0) {
		buf_put(b, s, prefix(s, w - 1));
		buf_puts(b, "…");
		buf_puts(b, "  ");
		return;
	}
	if (n > w)
		n = w;
	buf_put(b, s, prefix(s, n));
	buf_printf(b, "%*s", w - n + 2, "");
}

/* One line of the shown cells, at most max characters (0: no limit); an
 * empty last cell prints nothing, and no line ends in blanks. */
static void line(FILE *out, struct buf *b, const char *const *cells, const int *w, int nc, int max)
{
	int last = nc - 1;

	while (last > 0 && w[last] < 0)
		last--;
	buf_reset(b);
	for (int c = 0; c <= last; c++)
		if (w[c] >= 0 && (c < last || *cells[c]))
			cell(b, cells[c], w[c], max && c == last);
	buf_cstr(b);
	if (max && width(b->p) > max)
		b->len = prefix(b->p, max);
	while (b->len && b->p[b->len - 1] == ' ')
		b->len--;
	buf_putc(b, '\n');
	fwrite(b->p, 1, b->len, out);
}

/* The room the columns before the last take (hidden ones: w < 0). */
static int used(const int *w, int nc)
{
	int u = 0;

	for (int c = 0; c < nc - 1; c++)
		u += w[c] >= 0 ? w[c] + 2 : 0;
	return u;
}

void table_print_fit(FILE *out, const struct table *t, int max, const int *drop, int ndrop)
{
	int w[64] = {0}, nc = t->ncols < 64 ? t->ncols : 64;
	struct buf b = BUF_INIT;

	for (int c = 0; c < nc; c++) {
		int cap = max && c == nc - 1 ? max : MAXW;
		w[c] = width(t->head[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			const char *s = t->cells[r * (size_t)t->ncols + (size_t)c];
			int x = *s ? width(s) : 1;
			if (x > w[c])
				w[c] = x > cap ? cap : x;
		}
	}
	for (int i = 0; max && nc && i < ndrop && used(w, nc) + TABLE_MIN_LAST > max; i++)
		if (drop[i] >= 0 && drop[i] < nc - 1)
			w[drop[i]] = -1;
	if (max && nc && w[nc - 1] > max - used(w, nc))
		w[nc - 1] = max - used(w, nc) > 0 ? max - used(w, nc) : 0;
	line(out, &b, t->head, w, nc, max);
	for (size_t r = 0; r < t->nrows; r++)
		line(out, &b, (const char *const *)&t->cells[r * (size_t)t->ncols], w, nc, max);
	buf_free(&b);
}

void table_print(FILE *out, const struct table *t)
{
	table_print_fit(out, t, 0, NULL, 0);
}

void csv_field(FILE *out, const char *s, int first)
{
	if (!first)
		fputc(',', out);
	if (strpbrk(s, ",\"\r\n"))
		csv_fwrite(out, s, strlen(s));
	else
		fputs(s, out);
}

void table_csv(FILE *out, const struct table *t)
{
	for (int c = 0; c < t->ncols; c++)
		csv_field(out, t->head[c], !c);
	fputc('\n', out);
	for (size_t r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols; c++)
			csv_field(out, t->cells[r * (size_t)t->ncols + (size_t)c], !c);
		fputc('\n', out);
	}
}
