/* Mastodon's status HTML as the plain text a reader sees: paragraphs
 * (<p>) become blank-line-separated, <br> a line break, every other tag is
 * dropped but its text kept (so "@<span>user</span>" reads "@user" and a
 * link reads as its full URL: Mastodon puts the parts it hides in
 * class="invisible" spans, which are text too), and character references
 * are decoded (entity.h). Scripts and styles do not occur in statuses;
 * their text would be kept like any other. */
#ifndef SC_HTMLTEXT_H
#define SC_HTMLTEXT_H
#include <stddef.h>

#include "buf.h"

/* Appends the text of html (n bytes) to out. */
void html_text(struct buf *out, const char *html, size_t n);

#endif
