/* Posting to a network (sc-reply): one small interface that each network
 * implements in its own file (post_x.c, post_mastodon.c, post_bluesky.c,
 * post_meta.c), so that the exactly-once protocol around it (the ledger in
 * the state store: intent before the request, outcome after, a look-up
 * before anything whose outcome is unknown is sent again) is written once,
 * in lib/send.c, and knows nothing of any network's API.
 *
 * A poster never retries a request that may have reached the network (a
 * timeout after the body was sent, a 5xx, an answer cut short): it returns
 * POST_UNKNOWN and the caller looks the post up before trying again. Only
 * what surely did not happen (the connection was refused, a 429 before
 * anything was done) is retried inside, with the same backoff and 429
 * handling as lib/http.c. Ids here are the network's own, without the
 * "x:" / "mastodon:" prefix records carry. */
#ifndef SC_POST_H
#define SC_POST_H
#include "buf.h"

struct sc_sessions;
struct sc_state;

enum post_action {
	POST_REPLY,     /* public reply (X tweet, Mastodon status, Bluesky post, Meta comment) */
	POST_DM,        /* private message (X DM, Mastodon direct status, Meta message) */
	POST_FOLLOW,
	POST_UNFOLLOW,
};

/* Results of send and lookup. */
enum {
	POST_OK = 0,        /* done (send) or found (lookup); remote_id is set */
	POST_NOTFOUND = 1,  /* lookup: surely not posted */
	POST_PERM = -1,     /* refused for good (403 may not DM, 404 deleted, outside
			     * Meta's 24-hour window): recorded, never retried */
	POST_UNKNOWN = -2,  /* may or may not have happened: look up before retrying */
	POST_FAIL = -3,     /* surely not done (network down, 401, 5xx before send):
			     * safe to try again on a later run; exit 4 */
	POST_RATE = -4,     /* rate limited past max_wait: stop, state saved; exit 5 */
};

struct post_req {
	enum post_action action;
	const char *key;          /* the ledger's idempotency key; sent as the
				   * Idempotency-Key header where the API has one
				   * (Mastodon), or used as Bluesky's record key seed */
	const char *text;         /* REPLY, DM */
	const char *in_reply_to;  /* REPLY: id of the message answered (X tweet id,
				   * Mastodon status id, Bluesky at:// uri, Meta comment id);
				   * DM on Meta: a comment id makes it a private reply to
				   * that comment (recipient.comment_id); a message id or
				   * NULL, a message to user_id (recipient.id) */
	const char *root;         /* REPLY on Bluesky: the thread root's uri; NULL elsewhere */
	const char *user_id;      /* DM, FOLLOW, UNFOLLOW: the customer's id on the network */
	const char *user_handle;  /* the customer's handle (leading @mention, Mastodon direct) */
	const char *conversation; /* DM: the network's conversation id when known */
	const char *last_inbound; /* DM on Meta: the customer's last message time
				   * (RFC 3339), for the 24-hour window (for a private
				   * reply, the comment's time: 7 days); NULL elsewhere */
};

struct post_res {
	struct buf remote_id;     /* id of what was created (NUL-terminated) */
	struct buf error;         /* the reason of a failure, for the record and the
				   * ledger; never a credential */
};

struct post_opts {
	const char *network;      /* x, mastodon, bluesky, facebook, instagram */
	const char *api;          /* base URL; NULL: the network's public one */
	const char *account;      /* the brand's handle (or Meta page / IG user id) */
	const char *token;        /* credential, already read through lib/auth.h */
	const char *secret;       /* app password (Bluesky login), or NULL */
	struct sc_sessions *sessions; /* where a login's session (Bluesky) or X's
				       * rotated refresh token is kept */
	struct sc_state *state;   /* where the brand's own remote id is kept once
				   * resolved (sc_account_get/set), or NULL */
	long max_wait_s;          /* longest 429 wait honoured */
	long timeout_s;           /* one request's limit; 0: lib/http.c's default (30 s) */
	int verbose;
	const char *client_id;    /* X: OAuth 2.0 refresh with this client id,
				   * instead of token; NULL: none */
	const char *refresh_file; /* X: the first refresh token */
};

struct poster {
	const char *network;
	void *ctx;
	/* Does one action. remote_id is set on POST_OK. */
	int (*send)(struct poster *p, const struct post_req *r, struct post_res *res);
	/* Was this action (same in_reply_to or user, same text or key) already
	 * done? Searches the account's recent posts or messages. POST_OK with
	 * remote_id when found, POST_NOTFOUND when surely not, < 0 when the
	 * network could not say (then nothing is sent). */
	int (*lookup)(struct poster *p, const struct post_req *r, struct post_res *res);
	/* The text limit for a reply in this network's own count (lib/textlen.h):
	 * X 280 weighted, Mastodon the instance's max_characters (500 when not
	 * known), Bluesky 300 graphemes. */
	long (*limit)(struct poster *p);
	void (*close)(struct poster *p);
	unsigned long requests;   /* sent, retries included, for -v */
};

/* Could r ever be sent on network, whatever the network answers then? What
 * a poster can tell without a request (an empty text, a user id that is
 * not the network's, a reply to nothing, Meta's messaging windows): 0, or
 * -1 with the reason appended to why. sc-reply asks it of every act of a
 * record before it sends the first, so a case is never left half done; each
 * poster's send asks it again. A network without a poster passes. */
int post_check(const char *network, const struct post_req *r, struct buf *why);
/* Opens the poster of o->network, or NULL with the reason in err. */
struct poster *post_open(const struct post_opts *o, struct buf *err);
void post_res_init(struct post_res *res);
void post_res_free(struct post_res *res);

#endif
