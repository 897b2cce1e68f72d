/* CSV archives through libcsv: columns found by header name, fed one
 * physical line at a time so every row knows the line it starts on. Rows
 * split by bare line breaks inside unquoted fields (Excel re-saves, the TWCS
 * sample's tweet 3399) are joined back when the pieces add up to a whole row
 * whose id and time parse; otherwise each piece is reported.
 *
 * libcsv costs about as much as all the rest, so the reading runs on its own
 * thread (handoff.c): it encodes each row, or the report of a bad one, into
 * a batch; the normalising and writing run on the calling thread's side,
 * which alone touches the importer and standard output, in input order. */
#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "handoff.h"
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
	int delim;              /* the header's delimiter */
	struct handoff *ho;
};

/* Batch entries: 'R' line nfields len[nfields] bytes…, or 'B' line len msg. */
static void put_u64(struct buf *b, uint64_t v) { buf_put(b, &v, sizeof v); }
static void put_u32(struct buf *b, uint32_t v) { buf_put(b, &v, sizeof v); }

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
	return r->data.p ? r->data.p + r->off[i] : ""; /* a row of empty fields has no bytes */
}

static const char *delim_name(int d)
{
	return d == ',' ? "a comma" : d == ';' ? "a semicolon" : d == '\t' ? "a tab" : "that character";
}

static int known_name(const struct importer *imp, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '"'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == '\r'))
		n--;
	for (int f = 0; f < IF_NFIELDS; f++) {
		const char *one[] = {imp->map[f], NULL};
		for (const char *const *t = imp->map[f] ? one : imp_defaults(f); *t; t++)
			if (strlen(*t) == n && strncasecmp(*t, s, n) == 0)
				return 1;
	}
	return 0;
}

/* The header's delimiter: of comma, semicolon and tab, the one that splits
 * it (outside quotes) into the most column names sc knows, then into the
 * most fields; a comma when none splits it. An Excel re-save on an Italian,
 * German or French machine writes semicolons, and its texts may hold commas. */
static int detect_delim(const struct importer *imp, const char *line, size_t len)
{
	static const char cands[] = {',', ';', '\t'};
	int best = ',', best_known = -1, best_fields = 0;

	for (size_t k = 0; k < sizeof cands; k++) {
		int known = 0, fields = 1, quoted = 0;
		size_t start = 0;
		for (size_t i = 0; i <= len; i++) {
			if (i < len && line[i] == '"') {
				quoted = !quoted;
			} else if (i == len || (!quoted && line[i] == cands[k])) {
				known += known_name(imp, line + start, i - start);
				fields += i < len;
				start = i + 1;
			}
		}
		if (known > best_known || (known == best_known && fields > best_fields))
			best = cands[k], best_known = known, best_fields = fields;
	}
	return best;
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
	if (r->n == 1 && (c->col[IF_ID] < 0 || c->col[IF_HANDLE] < 0 || c->col[IF_CREATED] < 0)) {
		/* a "no id column" here would send the user after the wrong fix */
		if (imp->delim)
			sc_warn_at(c->file, r->line, "the header line is one column when split at %s: "
				   "is --delimiter the file's?", delim_name(c->delim));
		else
			sc_warn_at(c->file, r->line, "the header line is one column split at a comma, "
				   "a semicolon or a tab: name the delimiter with --delimiter C");
		return -1;
	}
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
	struct buf *b = handoff_buf(c->ho);

	buf_putc(b, 'R');
	put_u64(b, r->line);
	put_u32(b, (uint32_t)r->n);
	for (int i = 0; i < r->n; i++)
		put_u32(b, (uint32_t)r->len[i]);
	buf_put(b, r->data.p, r->data.len);
}

static void bad_msg(struct csvin *c, unsigned long line, const char *msg)
{
	struct buf *b = handoff_buf(c->ho);

	buf_putc(b, 'B');
	put_u64(b, line);
	put_u32(b, (uint32_t)strlen(msg));
	buf_puts(b, msg);
}

static void bad_row(struct csvin *c, const struct row *r, const char *why)
{
	char msg[200];

	if (r->last > r->line)
		snprintf(msg, sizeof msg, "row on lines %lu-%lu %s", r->line, r->last, why);
	else
		snprintf(msg, sizeof msg, "row has %d%s fields, expected %d: %s",
			 r->n, r->over ? "+" : "", c->ncols, why);
	bad_msg(c, r->line, msg);
}

/* The consumer: decodes a batch and hands each row to the importer. */
static void consume(void *ctx, const char *p, size_t len)
{
	struct csvin *c = ctx;
	struct importer *imp = c->imp;
	const char *end = p + len;

	while (p < end && !imp->stopped) {
		char tag = *p++;
		uint64_t line;
		uint32_t n;

		memcpy(&line, p, sizeof line);
		memcpy(&n, p + sizeof line, sizeof n);
		p += sizeof line + sizeof n;
		if (tag == 'B') {
			sc_warn_at(c->file, (unsigned long)line, "%.*s", (int)n, p);
			p += n;
			imp->rows++;
			imp->bad++;
			if (imp->strict)
				imp->stopped = 1;
			continue;
		}
		struct imp_val v[IF_NFIELDS], fields[MAXCOLS];
		const char *data = p + (size_t)n * sizeof n;
		for (uint32_t i = 0; i < n; i++) {
			uint32_t l;
			memcpy(&l, p + i * sizeof l, sizeof l);
			fields[i] = (struct imp_val){data, l};
			data += l;
		}
		p = data;
		for (int f = 0; f < IF_NFIELDS; f++)
			v[f] = c->col[f] < 0 ? (struct imp_val){NULL, 0} : fields[c->col[f]];
		imp_row(imp, v, c->file, (unsigned long)line);
	}
	if (imp->stopped)
		handoff_stop(c->ho);
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
	if (c->fatal)
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

/* A quoted field left open swallows the lines after it, good rows
 * included, as one long text. Once a line has ended inside quotes, the
 * next line is read on its own by a second parser: if it is a whole row
 * whose id and time parse, the quote was never closed. */
struct probe {
	struct row r;
	int rows;
};

static void probe_field(void *s, size_t n, void *ctx)
{
	struct probe *pr = ctx;

	if (!pr->rows)
		add_field(&pr->r, s ? s : "", s ? n : 0);
}

static void probe_row(int ch, void *ctx)
{
	(void)ch;
	((struct probe *)ctx)->rows++;
}

/* line: len bytes and the '\n' after them. */
static int whole_row(const struct csvin *c, struct probe *pr, const char *line, size_t len)
{
	struct csv_parser q;
	int whole;

	if (csv_init(&q, 0))
		sc_die(SC_EXIT_FAIL, "out of memory");
	csv_set_delim(&q, (unsigned char)c->delim);
	buf_reset(&pr->r.data);
	pr->r.n = pr->r.over = pr->rows = 0;
	csv_parse(&q, line, len + 1, probe_field, probe_row, pr);
	whole = pr->rows == 1 && !q.quoted && plausible(c, &pr->r);
	csv_free(&q);
	return whole;
}

/* libcsv grows a field's buffer by its block size, 128 bytes by default:
 * a 10 MB text was 80,000 reallocations, each copying what came before
 * (minutes under ASan, whose realloc always moves). */
static void parser_init(struct csv_parser *p)
{
	if (csv_init(p, 0))
		sc_die(SC_EXIT_FAIL, "out of memory");
	csv_set_blk_size(p, 1 << 20);
}

/* The row that began on line start is dropped with its open quote; the
 * parser starts afresh on the line that reads as a row. */
static void unclosed(struct csvin *c, struct csv_parser *p, unsigned long start)
{
	char msg[200], lines[64];

	if (start + 1 < c->lineno)
		snprintf(lines, sizeof lines, "lines %lu-%lu", start, c->lineno - 1);
	else
		snprintf(lines, sizeof lines, "line %lu", start);
	snprintf(msg, sizeof msg, "row on %s: a quote is not closed (line %lu reads as a row of "
		 "its own): skipped", lines, c->lineno);
	bad_msg(c, start, msg);
	csv_free(p);
	parser_init(p);
	csv_set_delim(p, (unsigned char)c->delim);
	c->in_row = 0;
	buf_reset(&c->cur.data);
	c->cur.n = c->cur.over = 0;
}

int import_csv(struct importer *imp, const char *path)
{
	struct csvin c = {.imp = imp, .delim = ','};
	struct csv_parser p;
	struct probe pr = {{BUF_INIT}, 0};
	unsigned long start = 0;
	struct lines l;
	char *files[] = {(char *)path};
	char *line;
	size_t len;

	parser_init(&p);
	/* libcsv's default drops blanks around unquoted fields; a space function
	 * to keep them costs a call per byte, and import.c trims them anyway. */
	lines_open(&l, files, 1);
	c.file = l.name;
	c.ho = handoff_new(consume, &c);
	/* Hand over what was read before each read(2): batches of about 64 KB,
	 * and nothing waits in the reader when the input pauses (tail -f). */
	l.flush_stdout = 0;
	l.before_read = (void (*)(void *))handoff_send;
	l.before_read_ctx = c.ho;
	while (!c.fatal && !handoff_stopped(c.ho) && lines_next(&l, &line, &len)) {
		c.lineno = l.lineno;
		c.file = l.name;
		line[len] = '\n'; /* lines_next leaves the byte after the line writable */
		if (!c.ncols && !c.in_row && !p.quoted && len) {
			c.delim = imp->delim ? imp->delim : detect_delim(imp, line, len);
			csv_set_delim(&p, (unsigned char)c.delim);
		}
		/* p.quoted: the last line ended inside a quoted field */
		if (p.quoted && c.ncols && whole_row(&c, &pr, line, len))
			unclosed(&c, &p, start);
		if (!p.quoted)
			start = c.lineno;
		if (csv_parse(&p, line, len + 1, cb_field, cb_row, &c) != len + 1)
			sc_die(SC_EXIT_FAIL, "%s:%lu: %s", c.file, c.lineno,
			       csv_strerror(csv_error(&p)));
	}
	if (!handoff_stopped(c.ho)) {
		csv_fini(&p, cb_field, cb_row, &c);
		if (c.has_part && !c.fatal)
			drop_part(&c, "ends the file");
	}
	handoff_finish(c.ho);
	if (!c.ncols && !c.fatal && !l.err) {
		sc_warn_at(c.file, 1, "no header line: an empty file?");
		c.fatal = 1;
	}
	csv_free(&p);
	lines_close(&l);
	buf_free(&c.cur.data);
	buf_free(&c.part.data);
	buf_free(&pr.r.data);
	return c.fatal || l.err ? -1 : 0;
}
