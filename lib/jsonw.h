/* Writing JSON built from known fields: one small string escaper and an
 * object writer on top of it. Parsing is always libjq's; this only writes,
 * because jv_dump costs more than the parse (../shared/LIBJQ-NOTES.md). */
#ifndef SC_JSONW_H
#define SC_JSONW_H
#include <stdint.h>
#include <jv.h>

#include "buf.h"

/* Appends s (n bytes) as a quoted JSON string. Control characters, '"' and
 * '\\' are escaped; invalid UTF-8 becomes U+FFFD, as libjq's parser does, so
 * what we write always parses to what a reader expects. */
void json_str(struct buf *b, const char *s, size_t n);
/* The same without the quotes, to build one string from pieces. */
void json_str_body(struct buf *b, const char *s, size_t n);
/* A string "prefix:id" (an sc id): prefix is copied as is, id escaped. */
void json_prefixed(struct buf *b, const char *prefix, const char *id, size_t n);

/* in_reply_to_text (sc-record(5)) keeps the start of the message answered:
 * this many characters (code points) at most, a post's worth on X. */
#define SC_REPLY_TEXT_MAX 280
/* How many bytes of s (n bytes of UTF-8) its first chars code points take. */
size_t utf8_prefix(const char *s, size_t n, size_t chars);

/* An object writer that keeps track of commas, up to 16 levels deep.
 * Keys are written as given: they must be the program's own names, never
 * data (they are not escaped). */
struct jsonw {
	struct buf *b;
	int depth;
	unsigned char first[16];
};

void jw_begin(struct jsonw *w, struct buf *b); /* writes "{" */
void jw_end(struct jsonw *w);                  /* writes "}" */
void jw_obj(struct jsonw *w, const char *key); /* "key":{ ... closed by jw_end */
void jw_key(struct jsonw *w, const char *key); /* "key": (value written by caller) */
void jw_str(struct jsonw *w, const char *key, const char *s, size_t n);
void jw_cstr(struct jsonw *w, const char *key, const char *s); /* NULL → null */
void jw_int(struct jsonw *w, const char *key, int64_t v);
void jw_num(struct jsonw *w, const char *key, double v);
void jw_bool(struct jsonw *w, const char *key, int v);
void jw_null(struct jsonw *w, const char *key);
void jw_raw(struct jsonw *w, const char *key, const char *json, size_t n);
/* Any jv value (consumed), through jv_dump_string: for the rare, cold path. */
void jw_jv(struct jsonw *w, const char *key, jv v);

#endif
