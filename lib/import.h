/* Archive import: rows of named values (from CSV columns or JSON keys)
 * normalised into sc records (sc-record(5)), with conversations rebuilt by
 * thread.c. The CSV and JSON-lines readers only find the values; the rules
 * for ids, times, directions and accounts live here, once. */
#ifndef SC_IMPORT_H
#define SC_IMPORT_H
#include <stdio.h>

#include "buf.h"
#include "thread.h"

enum imp_field {
	IF_ID, IF_HANDLE, IF_AUTHOR_ID, IF_NAME, IF_FOLLOWERS, IF_VERIFIED,
	IF_INBOUND, IF_DIRECTION, IF_CREATED, IF_TEXT, IF_PARENT, IF_CONV,
	IF_CHANNEL, IF_ACCOUNT, IF_LANG, IF_URL, IF_REPLIES, IF_PARENT_AUTHOR, IF_NFIELDS
};

/* A value found in a row: p == NULL when the row has no such column/key. */
struct imp_val {
	const char *p;
	size_t n;
};

struct importer {
	const char *source;              /* id prefix: "csv", "x", … */
	int source_named;                /* --source gave it (jsonl: X shapes keep it) */
	/* Where each field comes from: the --map name, else NULL (defaults). */
	const char *map[IF_NFIELDS];
	int strict, stopped;
	int delim;                       /* csv: --delimiter, 0 to detect it from the header */
	int format;                      /* jsonl: enum jsonl_format, JF_AUTO to recognise */
	unsigned long rows, bad, dups, retweets;
	FILE *out;
	struct thread *th;
	struct buf tmp, text, payload; /* building a row */
	struct buf line, conv;          /* writing a record */
};

/* The JSON-lines shapes import_jsonl recognises (--format NAME). */
enum jsonl_format { JF_AUTO, JF_GENERIC, JF_V11, JF_V2, JF_TWARC2, JF_FLAT, JF_NFORMATS };
/* --format NAME → enum, or -1; and back. */
int jsonl_format_by_name(const char *name);
const char *jsonl_format_name(int f);

/* Record field name (as in --map FIELD=…) → enum, or -1. */
int imp_field_by_name(const char *name);
const char *imp_field_name(int f);
/* Column/key names tried, in order, when a field is not mapped. */
const char *const *imp_defaults(int f);
/* Parses one "FIELD=NAME" --map argument; returns 0 or -1 (unknown field). */
int imp_set_map(struct importer *imp, const char *arg);

void imp_init(struct importer *imp, const char *source, size_t window, FILE *out);
/* Normalises one row and hands it on; a bad row is reported at file:line
 * and counted (with strict set, imp->stopped is raised). */
void imp_row(struct importer *imp, const struct imp_val v[IF_NFIELDS],
	     const char *file, unsigned long line);
/* Writes what is still held; returns the exit status the rows call for. */
int imp_finish(struct importer *imp);
void imp_free(struct importer *imp);

/* Readers: feed every row of the named file ("-": stdin) to imp_row.
 * Return 0, or -1 when the file could not be read (already reported). */
int import_csv(struct importer *imp, const char *path);
int import_jsonl(struct importer *imp, const char *path);

#endif
