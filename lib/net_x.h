/* X API v2: mentions, the brand's own posts and direct messages of one
 * account, as sc records. The X shapes (tweets, includes.users, dm_events,
 * meta.next_token) stay in net_x.c. */
#ifndef SC_NET_X_H
#define SC_NET_X_H
#include "net.h"

/* Resolves the handle (once: the id is kept in the state), walks each
 * stream asked for and commits. Returns the exit status. */
int net_x_run(struct net *n);

#endif
