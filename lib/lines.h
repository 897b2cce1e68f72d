/* Physical lines from the files named on the command line (or stdin),
 * read with read(2) into one reused buffer so that lines of any length pass
 * and the reader knows when the next read may block: it then flushes stdout
 * first, so "tail -f | sc-… | …" pipelines move record by record. */
#ifndef SC_LINES_H
#define SC_LINES_H
#include <stddef.h>

struct lines {
	char **files;      /* operands; "-" is stdin */
	int nfiles, cur;
	int fd;
	const char *name;  /* current file's name for messages ("-" → "<stdin>") */
	unsigned long lineno;
	char *buf;
	size_t cap, start, end;
	int eof, err;         /* err: files not opened or read, and lines too long */
	unsigned long toolong; /* lines over max, reported and skipped */
	size_t max;           /* the longest line taken (SC_MAX_LINE) */
	int skipping;         /* inside a line over max: dropped up to its '\n' */
	size_t scanned;       /* bytes after start known to hold no '\n' */
	int flush_stdout;  /* fflush(stdout) before a read that may block */
	void (*before_read)(void *ctx); /* called too, if set */
	void *before_read_ctx;
	int bounded;          /* read no more than left bytes from fd (readpos.c) */
	unsigned long long left;
};

/* The longest line a reader takes: SC_MAX_LINE bytes (a number, with K, M
 * or G for binary multiples), by default 16M. A longer line is reported as
 * "FILE:LINE: line longer than N bytes", skipped without being held in
 * memory, and counted in err and toolong: one runaway line (a binary file,
 * /dev/zero) cannot take the machine's memory. */
#define LINES_MAX_DEFAULT ((size_t)16 << 20)
size_t lines_max(void);

/* Readable bytes kept after every line lines_next returns (its line end,
 * the next lines, or spare room): simdjson reads up to 64 bytes past a
 * value's end, so a line is parsed where it lies instead of copied. */
#define LINES_PAD 64

/* files == NULL or nfiles == 0 reads stdin. */
void lines_open(struct lines *l, char **files, int nfiles);
/* Next line without its "\n" (a "\r" before it and a UTF-8 BOM at the start of
 * a file are removed), with LINES_PAD readable bytes after it, the first a
 * NUL. Valid until the next call. Returns 1 on a line,
 * 0 at the end of all input. A file that cannot be opened or read is
 * reported and counted in l->err; the reader goes on with the next file. */
int lines_next(struct lines *l, char **line, size_t *len);
/* 1 when input is left after the lines returned so far (it reads on to
 * know, without flushing stdout): for a program that must say it stopped
 * early. */
int lines_more(struct lines *l);
void lines_close(struct lines *l);

#endif
