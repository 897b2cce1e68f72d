/* JSON lines parsed by simdjson (DOM, full validation) into the jv libjq's
 * parser would make: the fast path of jparse.c.
 *
 * libjq 1.6 spends about 150 instructions a byte parsing; simdjson checks
 * the whole line (structure, UTF-8, escapes, numbers) in a few, and the jv
 * is then built with the same calls libjq's parser makes, in the same
 * order: objects by jv_object_set in document order (a duplicate key keeps
 * its first place and takes the last value, as in libjq), numbers as
 * doubles (integers beyond 2^53 round as libjq rounds them), strings with
 * their \u0000 kept. Whatever simdjson refuses (invalid UTF-8, which libjq
 * would mend into U+FFFD, lone surrogates, nan, 1e400, leading zeros, a
 * BOM, nesting deeper than libjq allows, ...) is left to libjq, so its
 * values and messages stay libjq's. One parser and one padded copy of the
 * line per struct jsimd, grown to the longest line: nothing is allocated a
 * line once warm but the jv itself. Not thread-safe: one per thread. */
#ifndef SC_JSIMD_H
#define SC_JSIMD_H
#include <stddef.h>
#include <jv.h>

#ifdef __cplusplus
extern "C" {
#endif

struct jsimd;

/* NULL when out of memory (then every line goes to libjq). */
struct jsimd *jsimd_new(void);
void jsimd_free(struct jsimd *js);
/* 1: *out is what jv_parse_sized(s, n) returns (a valid value, the
 * caller's); 0: simdjson did not take the line (nothing in *out): parse it
 * with libjq. */
int jsimd_parse(struct jsimd *js, const char *s, size_t n, jv *out);
/* libjq 1.6's nesting limit (jv_parse.c MAX_PARSING_DEPTH): a deeper value
 * is its error, never simdjson's value. */
#define JSIMD_MAX_DEPTH 256
/* Longer lines go to libjq: simdjson's parser keeps about 14 bytes of
 * tables per byte of the longest line it has parsed (a 16 MB line would
 * keep over 200 MB); records are a few kilobytes at most. */
#define JSIMD_MAX_LINE (256u << 10)

/* The values of a line read in place, without a jv: what a stage that reads
 * a few fields needs (issue #24: building the whole jv of a record cost
 * more than simdjson's parse). A struct jsimd_el is one value of the line
 * jsimd_doc parsed last (simdjson's dom::element, two words), valid until
 * that struct jsimd parses another line. */
struct jsimd_el {
	const void *doc;
	size_t at;
};

/* 1: s[0..n) is a value libjq reads exactly as simdjson does (the same
 * lines jsimd_parse takes), *root is it; 0: leave the line to libjq.
 * padded: s has SIMDJSON_PADDING (LINES_PAD) readable bytes after n, so it
 * is parsed where it is instead of copied. */
int jsimd_doc(struct jsimd *js, const char *s, size_t n, int padded, struct jsimd_el *root);
/* Its jv_kind (numbers are JV_KIND_NUMBER, true and false their kinds). */
int jsimd_kind(struct jsimd_el e);
/* The member k (kn bytes) of object o, the last one when a key is repeated
 * (libjq keeps the last value); 0 when there is none. */
int jsimd_get(struct jsimd_el o, const char *k, size_t kn, struct jsimd_el *out);
/* The members named in keys (n of them, NUL-terminated names) in one walk
 * over o: found[i] says whether keys[i] is there, out[i] is its value (the
 * last one when repeated). jsimd_get's answers, for a reader of several. */
void jsimd_members(struct jsimd_el o, const char *const *keys, int n, struct jsimd_el *out, int *found);
/* A string's bytes (NUL-terminated after *n; a \u0000 inside is kept). */
const char *jsimd_str(struct jsimd_el e, size_t *n);
/* A number as libjq holds it: the nearest double. */
double jsimd_num(struct jsimd_el e);
/* An array's length and its element i (0 when i is past the end). */
size_t jsimd_len(struct jsimd_el a);
int jsimd_at(struct jsimd_el a, size_t i, struct jsimd_el *out);
/* The jv libjq's parser makes of the value (the caller's). */
jv jsimd_jv(struct jsimd_el e);

#ifdef __cplusplus
}
#endif
#endif
