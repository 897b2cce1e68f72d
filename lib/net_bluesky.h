/* Bluesky (AT Protocol): the notifications that are messages to the
 * account (mention, reply, quote), as sc records with the post's AT-URI as
 * id; with --outbound the account's own posts (its author feed), with --dm
 * its chat messages (net_bluesky_chat.c). The session (access and refresh JWTs) is kept in the session store
 * (state.h, outside the state directory) and refreshed on every run:
 * createSession, which Bluesky limits hard, is only used when there is no
 * session or it can no longer be refreshed (bsky_session.c, shared with the
 * poster). The Bluesky shapes stay in net_bluesky.c. */
#ifndef SC_NET_BLUESKY_H
#define SC_NET_BLUESKY_H
#include "net.h"

int net_bluesky_run(struct net *n);
/* Where an answer's shapes become records: one listNotifications answer
 * (parsed, borrowed) of stream s, read as the account did, added to n->f.
 * cursor: the saved cursor or NULL; cursor_new: the cursor this walk
 * builds, kept across pages. Returns 1 when the walk reached what was
 * fetched before, 0 to go on, -1 when the answer is not a page (reported).
 * net_bluesky_run's walk and fuzz/ go through it. */
int net_bluesky_page(struct net *n, const char *did, int s, jv page, const char *cursor,
		     struct buf *cursor_new);
/* What net_bluesky.c and net_bluesky_chat.c share: a walk of an XRPC
 * list's pages (GET n->url as url(ctx) builds it, plus the answer's
 * cursor), chat: through the chat service proxy. Each page's list under
 * key goes to take(ctx, list): 1 when no older page is needed, 0 to go
 * on, -1 when it failed (reported). HTTP_OK, or the failure (reported,
 * folded into n->status). */
int net_bluesky_pages(struct net *n, int chat, const char *key, void (*url)(void *),
		      int (*take)(void *, jv), void *ctx);
/* The chat messages of the account did into stream s (net_bluesky_chat.c),
 * the session's token in n->h already; returns n->status. */
int net_bluesky_dm(struct net *n, const char *did, int s);

#endif
