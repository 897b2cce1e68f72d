/* A record's values read in place: from simdjson's document of the line
 * (jsimd.h) when simdjson took it, else from the jv libjq made of it, with
 * one interface, so that a stage reads the fields it needs without a jv
 * being built for the record (issue #24). Values are borrowed: valid while
 * the record is (struct recin: until the next recin_next). A struct jval
 * of all zero bytes is "absent" (kind JV_KIND_INVALID). Not thread-safe
 * with the jv it borrows (one reader per thread, as jv). */
#ifndef SC_JVAL_H
#define SC_JVAL_H
#include <stddef.h>
#include <jv.h>

#include "jsimd.h"

struct jval {
	int kind;          /* jv_kind; JV_KIND_INVALID: absent */
	int simd;          /* e holds it; else v (borrowed) */
	struct jsimd_el e;
	jv v;
};

/* v, borrowed: the caller keeps it alive while the struct jval is used. */
struct jval jval_of_jv(jv v);
struct jval jval_of_simd(struct jsimd_el e);
/* Member key (n bytes) of o; absent when o is no object or has none. */
struct jval jval_get(const struct jval *o, const char *key, size_t n);
/* The members of o named in keys (n, at most JVAL_MEMBERS_MAX), as
 * jval_get gives each, found in one walk over simdjson's object. */
#define JVAL_MEMBERS_MAX 32
void jval_members(const struct jval *o, const char *const *keys, int n, struct jval *out);
/* o.a.b… for a dotted path, as jget reads it. */
struct jval jval_path(const struct jval *o, const char *path);
/* A string's bytes (NUL-terminated; n counts a \u0000 inside), or NULL. */
const char *jval_str(const struct jval *v, size_t *n);
/* A number's value (0 when v is no number). */
double jval_num(const struct jval *v);
/* An array's length (0 when v is no array) and its element i. */
size_t jval_len(const struct jval *a);
struct jval jval_at(const struct jval *a, size_t i);
/* The jv libjq makes of it (the caller's; jv_invalid() when absent). */
jv jval_jv(const struct jval *v);

static inline int jval_is(const struct jval *v, int kind) { return v->kind == kind; }

#endif
