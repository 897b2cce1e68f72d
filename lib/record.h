/* JSON-lines records in and out.
 *
 * In: each line is parsed with libjq; blank lines are skipped; a line that is
 * not a JSON object is reported as "sc-NAME: FILE:LINE: reason", counted, and
 * skipped (with strict set, reading stops there).
 *
 * Out: a stage that adds its own key writes the record's original bytes with
 * ,"key":value spliced in before the closing brace: the fields it did not
 * touch are never re-serialised (LIBJQ-NOTES: the dump costs more than the
 * parse). Ownership: rec->v belongs to the reader and is valid until the
 * next recin_next; take jv_copy to keep it. */
#ifndef SC_RECORD_H
#define SC_RECORD_H
#include <stdio.h>
#include <jv.h>

#include "jparse.h"
#include "jval.h"
#include "lines.h"

struct recin {
	struct lines l;
	struct jparse jp;
	int strict;
	int stopped;          /* strict mode hit a bad line */
	unsigned long bad;    /* malformed lines reported */
	unsigned long n;      /* records returned */
	int lazy;             /* set after recin_open: v is made only by recin_jv */
	jv v;                 /* the current record (an object) */
	struct jval doc;      /* the same, read in place (jval.h) */
	char *line;           /* its bytes, without the line end */
	size_t len;
};

/* A reader that sets lazy reads its records' fields through doc (no jv is
 * made for a line simdjson takes) and asks recin_jv for the jv where jq
 * must run; without lazy, v is made for every record as before. */
void recin_open(struct recin *r, char **files, int nfiles, int strict);
/* The current record as a jv (borrowed, as v): made from doc at the first
 * call for a lazy reader. */
jv recin_jv(struct recin *r);
/* 1: a record in r->v/r->line; 0: end of input (or strict stop). */
int recin_next(struct recin *r);
/* File and line of the current record, for messages. */
#define recin_file(r) ((r)->l.name)
#define recin_line(r) ((r)->l.lineno)
/* Reports a bad record at the current position and counts it. */
void recin_bad(struct recin *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The exit status the input alone calls for: 1 if anything was bad. */
int recin_status(const struct recin *r);
void recin_close(struct recin *r);

/* For other readers of JSON lines (recpool.c): a line of blanks only is
 * skipped; a parse error's message, "invalid JSON: …", without the line
 * libjq quotes in it (err is consumed). */
int rec_blank(const char *s, size_t n);
void rec_parse_error(jv err, char *why, size_t cap);

/* The first of the fields that key a record in the state (routed record,
 * case, customer, ledger: id, conversation_id, author.id, author.handle)
 * that holds a NUL character, or NULL. A C string ends at the NUL:
 * "a\u0000b" and "a\u0000c" would be one id, so such a record is a bad
 * line (REC_NUL_KEY says why, after the name). v is the parsed line (an
 * object); only a line with the escape or a NUL byte in it is looked
 * into. */
const char *rec_nul_key(const struct jval *v, const char *line, size_t len);
#define REC_NUL_KEY "holds a NUL character (\\u0000), which no id can hold"

/* sc-route's lines that are not messages (sc-record(5)): 1 when type (n
 * bytes, not NUL-terminated) is "resolve" or "handover". */
int rec_control_type(const char *type, size_t n);

/* Whether a message asks the brand for a reply (sc-record(5)), the one
 * rule sc-route's case states and sc-report's requests share: direction
 * "in", and then class.needs_reply when it is a boolean; else, when
 * class.intent is a string, an intent other than praise, chatter and spam;
 * else (not classified) yes. needs_reply: the jv_kind of the
 * class.needs_reply member (JV_KIND_INVALID when absent); intent:
 * class.intent when it is a string, else NULL. Members, not the record, so
 * that a caller that has read them (router.c, in one pass) looks nothing
 * up again. */
int rec_needs_reply(const char *direction, int needs_reply, const char *intent);

/* Writes r's record with "key": json (vlen bytes of JSON) added to the end,
 * replacing an existing key of that name, then a newline, to out. */
void rec_splice(FILE *out, const struct recin *r, const char *key,
		const char *json, size_t vlen);
/* Writes one line (already JSON) and its newline to out. */
void rec_write(FILE *out, const char *json, size_t len);

#endif
