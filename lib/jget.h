/* Reading fields out of parsed API answers (libjq jv values) without the
 * ownership bookkeeping at every call: jget borrows its object (it is not
 * consumed) and returns a value the caller frees. */
#ifndef SC_JGET_H
#define SC_JGET_H
#include <jv.h>

/* o.k1.k2… for a dotted path; jv_null() when a step is missing or not an
 * object. o is not consumed. */
jv jget(jv o, const char *path);
/* The string at path, copied into out (cap bytes, NUL-terminated, cut to
 * fit); returns out, or NULL when there is no string there. */
const char *jget_str(jv o, const char *path, char *out, size_t cap);
/* 1 when a is a larger decimal id than b (both digit strings). */
int id_newer(const char *a, const char *b);

#endif
