/* Reading the JSON configuration files (routes.json, replies.json and the
 * tone blocks in it) with messages a user can act on: "WHAT: what is wrong".
 * The checks every loader makes the same way live here: a member of an
 * object, keys that are typos, a string member, an optional object of named
 * entries, a zone name. */
#ifndef SC_CFGJSON_H
#define SC_CFGJSON_H
#include <jv.h>

#include "buf.h"
#include "schedule.h"

/* Sets err to the message (replacing what was there); returns -1. */
int cfg_bad(struct buf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* o[k], or invalid when o is not an object or has no k. */
jv cfg_get(jv o, const char *k);
/* o must be an object whose keys are all in allowed (NULL-ended): a typo
 * is reported ("WHAT: unknown key 'K'"), not ignored. */
int cfg_keys(jv o, const char *const *allowed, const char *what, struct buf *err);
/* A string member: 1 and a copy in *out, 0 when absent or null, -1 when
 * not a string. */
int cfg_str(jv o, const char *k, char **out, const char *what, struct buf *err);

/* fn's part of cfg_each: entry i of n, named name (value borrowed). */
typedef int cfg_entry_fn(void *ctx, int i, int n, const char *name, jv value, struct buf *err);
/* The entries of the object root[key], in key order, each given to fn until
 * one fails. Absent or null: nothing, 0 (or, when required, the error
 * want). Not an object: the error want. */
int cfg_each(jv root, const char *key, int required, const char *want, cfg_entry_fn *fn,
	     void *ctx, struct buf *err);

/* A zone (an IANA name, checked against the system's tz database) as an
 * always-open schedule; absent or null is UTC. NULL with the error. */
struct sc_schedule *cfg_zone(jv tz, const char *what, struct buf *err);

#endif
