/* Mastodon: mentions (notifications of type mention, direct messages
 * included) and, with --outbound, the account's own statuses, as sc
 * records. The Mastodon shapes (Notification, Status, Account, Link
 * pagination) stay in net_mastodon.c. */
#ifndef SC_NET_MASTODON_H
#define SC_NET_MASTODON_H
#include "net.h"

int net_mastodon_run(struct net *n);
/* Where an answer's shapes become records: one page of stream s (named
 * stream; notifications: items are Notifications wrapping a Status, else
 * Statuses), parsed and borrowed, read as the account uid (acct: its
 * handle) and added to n->f. cursor: the saved cursor or NULL; newest: the
 * newest id so far ("" at first). Returns 1 when the walk reached the
 * cursor, 0 to go on, -1 when the answer is not a page (reported).
 * net_mastodon_run's walk and fuzz/ go through it. */
int net_mastodon_page(struct net *n, const char *uid, const char *acct, int s,
		      const char *stream, int notifications, jv page, const char *cursor,
		      char newest[NET_ID_MAX]);

#endif
