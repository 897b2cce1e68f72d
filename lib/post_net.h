/* What the network posters (post_x.c, post_mastodon.c, post_bluesky.c)
 * share, and their constructors for post.c's table. Not for sc-reply:
 * it knows only post.h. */
#ifndef SC_POST_NET_H
#define SC_POST_NET_H
#include "http.h"
#include "post.h"

struct poster *post_x_open(const struct post_opts *o, struct buf *err);
struct poster *post_mastodon_open(const struct post_opts *o, struct buf *err);
struct poster *post_bluesky_open(const struct post_opts *o, struct buf *err);
struct poster *post_facebook_open(const struct post_opts *o, struct buf *err);
struct poster *post_instagram_open(const struct post_opts *o, struct buf *err);

/* Each network's post_check (post.h). */
int post_x_check(const struct post_req *r, struct buf *why);
int post_mastodon_check(const struct post_req *r, struct buf *why);
int post_bluesky_check(const struct post_req *r, struct buf *why);
int post_facebook_check(const struct post_req *r, struct buf *why);
int post_instagram_check(const struct post_req *r, struct buf *why);

/* Bluesky's record key for s: a valid TID, the same for the same s. */
void post_bluesky_tid(const char *s, char out[14]);

/* An http client set up from the options: token, timeouts, max_wait, the
 * network's rate-limit headers. */
void post_http_init(struct http *h, const struct post_opts *o, const char *reset_header,
		    const char *remaining_header);

/* An http_call result as a POST_ result, the reason in res->error as
 * "WHAT: reason": 2xx POST_OK; a 401 POST_FAIL (the token: fix it and run
 * again); any other 4xx POST_PERM (403 may not DM, 404 deleted, 400 a
 * request the network will never take); HTTP_UNKNOWN POST_UNKNOWN;
 * HTTP_RATE POST_RATE; what surely did not reach the network POST_FAIL. */
int post_result(int rc, long status, const struct buf *err, const char *what,
		struct post_res *res);

/* Are these the same text as a network shows it back? Runs of white space
 * compare equal, a URL matches any URL (X writes t.co links in their
 * place, Mastodon may shorten their display), and a mention matches on its
 * user part (Mastodon shows @user@host as @user). */
int post_text_same(const char *shown, const char *sent);

/* Sets res->remote_id to id. */
void post_res_id(struct post_res *res, const char *id);

/* An id without the "source:" prefix records carry ("x:123" → "123"); ids
 * given bare are returned as they are. */
const char *post_bare_id(const char *id, const char *source);

#endif
