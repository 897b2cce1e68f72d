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
 * fit); returns out, or NULL when there is no string there or it holds a
 * NUL character (a C string would end at it). */
const char *jget_str(jv o, const char *path, char *out, size_t cap);
/* The one JSON value of a configuration file (which holds one object),
 * parsed whole with jv_parse_sized, or jv_invalid_with_msg(reason): "want
 * one JSON object: ..." for an empty file or several values, else libjq's
 * message without the file's text. Used instead of libjq 1.6's
 * jv_load_file, which aborts (an assertion in jv_parser_set_buf) on some
 * malformed files that fuzzing found. */
jv jget_file(const char *path);
/* 1 when a is a larger decimal id than b (both digit strings). */
int id_newer(const char *a, const char *b);

#endif
