/* CSV archives through libcsv: columns found by header name, fed one
 * physical line at a time so every row knows the line it starts on. Rows
 * split by bare line breaks inside unquoted fields (Excel re-saves, the TWCS
 * sample's tweet 3399) are joined back when the pieces add up to a whole row
 * whose id and time parse; otherwise each piece is reported. */
#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "import.h"
#include "lines.h"
#include "sctime.h"

#define MAXCOLS 256
#define MAXPIECES 32 /* physical lines one broken row may span */

struct row {
	struct buf data;
	size_t off[MAXCOLS], len[MAXCOLS];
	int n, over;
	unsigned long line, last;
};

struct csvin {
	struct importer *imp;
	const char *file;
	unsigned long lineno;
	int in_row;             /* a row has started and not ended */
	struct row cur, part;   /* part: a row too short, waiting for its pieces */
	int has_part, pieces;
	int ncols;              /* header width; 0 until the header is read */
	int col[IF_NFIELDS];    /* column of each field, -1 if none */
	int fatal;
};

static void add_field(struct row *r, const char *s, size_t n)
{
	if (r->n == MAXCOLS) {
		r->over = 1;
		return;
	}
	r->off[r->n] = r->data.len;
	r->len[r->n] = n;
	buf_put(&r->data, s, n);
	r->n++;
}

static void cb_field(void *s, size_t n, void *ctx)
{
	struct csvin *c = ctx;

	if (!c->in_row) {
		c->cur.line = c->lineno;
		c->in_row = 1;
	}
	add_field(&c->cur, s ? s : "", s ? n : 0);
}

static const char *field_str(const struct row *r, int i, size_t *n)
{
	*n = r->len[i];
	return r->data.p + r->off[i];
}

static int header(struct csvin *c, const struct row *r)
{
	struct importer *imp = c->imp;

	c->ncols = r->n;
	for (int f = 0; f < IF_NFIELDS; f++) {
		const char *one[] = {imp->map[f], NULL};
		const char *const *tries = imp->map[f] ? one : imp_defaults(f);

		c->col[f] = -1;
		for (; *tries && c->col[f] < 0; tries++)
			for (int i = 0; i < r->n; i++) {
				size_t n;
				const char *s = field_str(r, i, &n);
				if (n == strlen(*tries) && strncasecmp(s, *tries, n) == 0) {
					c->col[f] = i;
					break;
				}
			}
		if (c->col[f] < 0 && imp->map[f]) {
			sc_warn_at(c->file, r->line, "no column '%s' for --map %s=%s",
				   imp->map[f], imp_field_name(f), imp->map[f]);
			return -1;
		}
	}
	static const int required[] = {IF_ID, IF_HANDLE, IF_CREATED};
	for (size_t k = 0; k < sizeof required / sizeof *required; k++) {
		int f = required[k];
		if (c->col[f] < 0) {
			sc_warn_at(c->file, r->line, "no %s column (tried '%s'): name it with --map %s=COLUMN",
				   imp_field_name(f), imp_defaults(f)[0], imp_field_name(f));
			return -1;
		}
	}
	return 0;
}

/* A row whose id and time parse: the test for "these pieces make a row". */
static int plausible(const struct csvin *c, const struct row *r)
{
	struct sc_time t;
	const char *why, *s;
	size_t n;

	if (r->n != c->ncols || r->over)
		return 0;
	s = field_str(r, c->col[IF_ID], &n);
	if (n == 0 || memchr(s, ' ', n) || memchr(s, '\n', n))
		return 0;
	s = field_str(r, c->col[IF_CREATED], &n);
	return sc_time_parse(s, n, &t, &why) == 0;
}

static void emit_row(struct csvin *c, const struct row *r)
{
	struct imp_val v[IF_NFIELDS];

	for (int f = 0; f < IF_NFIELDS; f++) {
		if (c->col[f] < 0)
			v[f] = (struct imp_val){NULL, 0};
		else
			v[f].p = field_str(r, c->col[f], &v[f].n);
	}
	imp_row(c->imp, v, c->file, r->line);
}

static void bad_row(struct csvin *c, const struct row *r, const char *why)
{
	struct importer *imp = c->imp;

	if (r->last > r->line)
		sc_warn_at(c->file, r->line, "row on lines %lu-%lu %s", r->line, r->last, why);
	else
		sc_warn_at(c->file, r->line, "row has %d%s fields, expected %d: %s",
			   r->n, r->over ? "+" : "", c->ncols, why);
	imp->rows++;
	imp->bad++;
	if (imp->strict)
		imp->stopped = 1;
}

static void drop_part(struct csvin *c, const char *why)
{
	bad_row(c, &c->part, why);
	c->has_part = 0;
}

/* Joins row r onto the waiting piece, either as the continuation of its
 * last field (the break was inside it) or as further fields. */
static void join(struct csvin *c, const struct row *r, int merge)
{
	struct row *p = &c->part;
	size_t n;
	int i = 0;

	if (merge && r->n) {
		const char *s = field_str(r, 0, &n);
		buf_putc(&p->data, '\n');
		buf_put(&p->data, s, n);
		p->len[p->n - 1] += n + 1;
		i = 1;
	}
	for (; i < r->n; i++) {
		const char *s = field_str(r, i, &n);
		add_field(p, s, n);
	}
	p->last = r->last;
}

static void swap_rows(struct row *a, struct row *b)
{
	struct row t = *a;
	*a = *b;
	*b = t;
}

static void piece(struct csvin *c, struct row *r)
{
	struct row *p = &c->part;

	if (r->n == 0) { /* an empty line inside the broken field */
		buf_putc(&p->data, '\n');
		p->len[p->n - 1]++;
		return;
	}
	if (plausible(c, r)) { /* a whole row: the piece before it was lost */
		drop_part(c, "and what follows it starts a new row");
		emit_row(c, r);
		return;
	}
	if (p->n + r->n == c->ncols) {
		size_t before = p->data.len;
		int n = p->n;
		join(c, r, 0);
		if (plausible(c, p)) {
			c->has_part = 0;
			emit_row(c, p);
			return;
		}
		p->data.len = before, p->n = n; /* undo; try as a continuation */
	}
	join(c, r, 1);
	if (p->n == c->ncols) {
		c->has_part = 0;
		if (plausible(c, p))
			emit_row(c, p);
		else
			bad_row(c, p, "could not be joined into a row");
	} else if (p->n > c->ncols || ++c->pieces > MAXPIECES) {
		drop_part(c, "could not be joined into a row");
	}
}

static void cb_row(int ch, void *ctx)
{
	struct csvin *c = ctx;
	struct row *r = &c->cur;

	(void)ch;
	if (!c->in_row) /* a line with nothing on it */
		r->line = c->lineno, r->n = 0;
	r->last = c->lineno;
	c->in_row = 0;
	if (c->fatal || c->imp->stopped)
		goto done;
	if (!c->ncols) {
		if (r->n && header(c, r))
			c->fatal = 1;
	} else if (c->has_part) {
		piece(c, r);
	} else if (r->n == c->ncols && !r->over) {
		emit_row(c, r);
	} else if (r->n > 0 && r->n < c->ncols) {
		swap_rows(&c->part, r);
		c->has_part = 1;
		c->pieces = 0;
	} else if (r->n) {
		bad_row(c, r, "skipped");
	}
done:
	buf_reset(&r->data);
	r->n = r->over = 0;
}

static int no_space(unsigned char ch)
{
	(void)ch;
	return 0; /* keep blanks around unquoted fields: they are part of the text */
}

int import_csv(struct importer *imp, const char *path)
{
	struct csvin c = {.imp = imp};
	struct csv_parser p;
	struct lines l;
	char *files[] = {(char *)path};
	char *line;
	size_t len;

	if (csv_init(&p, 0))
		sc_die(SC_EXIT_FAIL, "out of memory");
	csv_set_space_func(&p, no_space);
	lines_open(&l, files, 1);
	c.file = l.name;
	while (!c.fatal && !imp->stopped && lines_next(&l, &line, &len)) {
		c.lineno = l.lineno;
		c.file = l.name;
		line[len] = '\n'; /* lines_next leaves the byte after the line writable */
		if (csv_parse(&p, line, len + 1, cb_field, cb_row, &c) != len + 1)
			sc_die(SC_EXIT_FAIL, "%s:%lu: %s", c.file, c.lineno,
			       csv_strerror(csv_error(&p)));
	}
	csv_fini(&p, cb_field, cb_row, &c);
	if (c.has_part && !c.fatal)
		drop_part(&c, "ends the file");
	if (!c.ncols && !c.fatal && !l.err) {
		sc_warn_at(c.file, 1, "no header line: an empty file?");
		c.fatal = 1;
	}
	csv_free(&p);
	lines_close(&l);
	buf_free(&c.cur.data);
	buf_free(&c.part.data);
	return c.fatal || l.err ? -1 : 0;
}
