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

static void cell(struct buf *b, const char *s, int w)
{
	int n;

	if (!*s)
		s = "-";
	n = width(s);
	if (n > w)
		n = w;
	buf_put(b, s, prefix(s, n));
	buf_printf(b, "%*s", w - n + 2, "");
}

/* One line of cells; an empty last cell prints nothing, and no line ends
 * in blanks. */
static void line(FILE *out, struct buf *b, const char *const *cells, const int *w, int nc)
{
	buf_reset(b);
	for (int c = 0; c < nc; c++)
		if (c < nc - 1 || *cells[c])
			cell(b, cells[c], w[c]);
	while (b->len && b->p[b->len - 1] == ' ')
		b->len--;
	buf_putc(b, '\n');
	fwrite(b->p, 1, b->len, out);
}

void table_print(FILE *out, const struct table *t)
{
	int w[64] = {0}, nc = t->ncols < 64 ? t->ncols : 64;
	struct buf b = BUF_INIT;

	for (int c = 0; c < nc; c++) {
		w[c] = width(t->head[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			const char *s = t->cells[r * (size_t)t->ncols + (size_t)c];
			int x = *s ? width(s) : 1;
			if (x > w[c])
				w[c] = x > MAXW ? MAXW : x;
		}
	}
	line(out, &b, t->head, w, nc);
	for (size_t r = 0; r < t->nrows; r++)
		line(out, &b, (const char *const *)&t->cells[r * (size_t)t->ncols], w, nc);
	buf_free(&b);
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
