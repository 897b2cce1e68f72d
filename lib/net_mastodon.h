/* Mastodon: mentions (notifications of type mention, direct messages
 * included) and, with --outbound, the account's own statuses, as sc
 * records. The Mastodon shapes (Notification, Status, Account, Link
 * pagination) stay in net_mastodon.c. */
#ifndef SC_NET_MASTODON_H
#define SC_NET_MASTODON_H
#include "net.h"

int net_mastodon_run(struct net *n);

#endif
