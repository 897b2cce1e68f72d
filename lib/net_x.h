/* X API v2: mentions, the brand's own posts and direct messages of one
 * account, as sc records. The X shapes (tweets, includes.users, dm_events,
 * meta.next_token) stay in net_x.c. */
#ifndef SC_NET_X_H
#define SC_NET_X_H
#include "net.h"

/* Resolves the handle (once: the id is kept in the state), walks each
 * stream asked for and commits. Returns the exit status. */
int net_x_run(struct net *n);
/* Where an answer's shapes become records: one page of stream s (named
 * stream; dm: the dm_events stream), parsed and borrowed, read as the
 * account with user id uid and added to n->f. cursor: the stream's saved
 * cursor or NULL; newest: the newest id seen so far ("" at first). Returns
 * 1 when no older page is needed, 0 to go on, -1 when the answer is not a
 * page (reported). net_x_run's walk and fuzz/ go through it. */
int net_x_page(struct net *n, const char *uid, int s, const char *stream, int dm, jv page,
	       const char *cursor, char newest[NET_ID_MAX]);

#endif
