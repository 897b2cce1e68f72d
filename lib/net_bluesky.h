/* Bluesky (AT Protocol): the notifications that are messages to the
 * account (mention, reply, quote), as sc records with the post's AT-URI as
 * id. The session (access and refresh JWTs) is kept in the session store
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

#endif
