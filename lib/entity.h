/* HTML character references in tweet texts (X escapes &, < and > as &amp;
 * &lt; &gt;; archives and Mastodon add numeric ones). Only references are
 * decoded: markup is not touched. */
#ifndef SC_ENTITY_H
#define SC_ENTITY_H
#include "buf.h"

/* Appends s (n bytes) to out with references decoded. Unknown or malformed
 * references are copied as they are. */
void entity_decode(struct buf *out, const char *s, size_t n);

#endif
