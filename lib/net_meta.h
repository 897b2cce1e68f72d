/* Meta's Graph API, polled: a Facebook Page's post comments and Messenger
 * conversations, an Instagram professional account's media comments and
 * Instagram conversations, as sc records. The Graph API shapes (edges with
 * data/paging, field expansion, error objects, usage headers) stay in
 * net_meta.c. */
#ifndef SC_NET_META_H
#define SC_NET_META_H
#include "net.h"

/* n->account is the Page id (facebook) or the Instagram user id
 * (instagram); n->page, for instagram, the Facebook Page its messages are
 * read through (NULL: through the Instagram account itself). */
int net_facebook_run(struct net *n);
int net_instagram_run(struct net *n);
/* One stream read from a first page already in hand (consumed): page is a
 * feed or media page (messages 0) or a conversations page (messages 1),
 * as Graph's field expansion gives them; later pages are asked of n->h.
 * What the fuzz target (fuzz/fz_net_meta.c) drives. */
int net_meta_page(struct net *n, int ig, int messages, jv page);

/* The rate-limit hook of struct http for the Graph API (error codes 4, 17,
 * 32, 613 and the business use case codes 80000-80014): the seconds to
 * wait, from x-business-use-case-usage's estimated_time_to_regain_access,
 * or -1 when the refusal is not a rate limit. Shared with post_meta.c. */
long meta_limit_wait(struct http *h, long status);
/* error.code and error.error_subcode of the last answer (0 when absent). */
void meta_error(struct http *h, long *code, long *subcode);
/* With -v: the x-app-usage and x-business-use-case-usage headers of the
 * last answer, as a note. */
void meta_usage_note(struct http *h, const char *who);

#endif
