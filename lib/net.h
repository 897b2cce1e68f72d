/* What the network sources (net_x.c, net_mastodon.c, net_bluesky.c) share:
 * the run's context and the bits of record writing that are the same for
 * every network. Each network's API shapes stay in its own file. */
#ifndef SC_NET_H
#define SC_NET_H
#include <jv.h>

#include "buf.h"
#include "fetch.h"
#include "http.h"
#include "jsonw.h"

/* The longest id a network's answer may give (more is refused). */
#define NET_ID_MAX 64

struct net {
	struct fetch *f;
	struct http *h;
	const char *api;          /* base URL, without a trailing '/' */
	const char *account;      /* the brand's handle (Meta: Page or Instagram user id) */
	const char *page;         /* instagram: the Facebook Page its messages go through */
	int dm, outbound;
	const char *secret;       /* app password (Bluesky login), or NULL */
	struct sc_sessions *sessions; /* where a login's session is kept */
	const char *client_id;    /* X OAuth 2.0 refresh: the app's client id */
	const char *refresh_file; /* X: the first refresh token */
	unsigned long items, users, bad; /* resources read; records refused */
	unsigned long reposts;    /* reposts left out (X retweets) */
	int status;               /* worst exit status so far */
	struct buf url, tmp;
};

/* Folds an http_json result into n->status: 4 for a failure, 5 for a rate
 * limit (which wins). Returns rc. */
int net_result(struct net *n, int rc);
/* Reports a bad item of an answer (kept out, counted, exit 1). */
void net_bad(struct net *n, const char *stream, const char *id, const char *why);

/* Record fields every network writes the same way. */
void net_rec_begin(struct net *n, struct jsonw *w, const char *id, const char *channel,
		   int outbound, struct sc_time t);
/* A count from an answer (followers): the number when it is one a count
 * can be (0 to 10^15, whole or not), else -1 (written as null). A JSON
 * number is a double: 1.5e19 does not fit a long long. */
long long net_count(jv v);
/* "author":{id,handle,name,followers,verified}; followers < 0 and
 * verified < 0 write null. */
void net_rec_author(struct jsonw *w, struct buf *tmp, const char *source, const char *id,
		    const char *handle, const char *name, long long followers, int verified);
/* "key": "source:id", or null when id is NULL or empty. */
void net_rec_id(struct jsonw *w, struct buf *tmp, const char *key, const char *source,
		const char *id);

/* "in_reply_to_brand": 1 true (the message answers one of the brand
 * account's own), 0 false (it answers nothing or someone else), -1 unknown
 * (nothing written). */
void net_rec_to_brand(struct jsonw *w, int to_brand);

/* The summary -v prints: requests, retries and what was read. */
void net_summary(struct net *n, const char *what);

#endif
