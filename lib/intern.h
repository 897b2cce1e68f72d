/* Interned strings: each distinct string gets a small number, so tables of
 * millions of events hold four bytes per key instead of a copy. */
#ifndef SC_INTERN_H
#define SC_INTERN_H
#include <stddef.h>
#include <stdint.h>

#define INTERN_NONE UINT32_MAX

struct intern;

struct intern *intern_new(void);
void intern_free(struct intern *in);
/* The number of s (n bytes), adding it when new. */
uint32_t intern(struct intern *in, const char *s, size_t n);
/* The number of s if it is known, else INTERN_NONE. */
uint32_t intern_find(const struct intern *in, const char *s, size_t n);
/* The string of a number (NUL-terminated) and its length. */
const char *intern_str(const struct intern *in, uint32_t id, size_t *n);
uint32_t intern_count(const struct intern *in);

#endif
