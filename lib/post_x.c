/* Posting to X (API v2): replies (POST /2/tweets with
 * reply.in_reply_to_tweet_id), DMs (POST /2/dm_conversations/with/:id/
 * messages), follow (POST /2/users/:id/following) and unfollow (DELETE
 * /2/users/:id/following/:target). The brand's own user id, which follow
 * and the look-ups need, is resolved once (GET /2/users/by/username/:name)
 * and kept in the state, as sc-fetch keeps it.
 *
 * Look-ups: a reply is searched among the account's recent posts (GET
 * /2/users/:id/tweets, 100 a page, a few pages) by the post it answers and
 * its text; a DM among the conversation's events (GET /2/dm_conversations/
 * with/:id/dm_events) by sender and text. Follow and unfollow are
 * idempotent on X (following someone followed answers following: true), so
 * their look-up says "not found" and the caller sends them again: X has no
 * cheap "do I follow this user" request.
 *
 * With a client id (SC_X_CLIENT_ID), the access token is not given: it is
 * bought with the refresh token before the run's first request
 * (lib/xoauth.c), as sc-fetch x does, and the rotated refresh token is kept
 * in the session store. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "entity.h"
#include "jget.h"
#include "jsonw.h"
#include "post_net.h"
#include "state.h"
#include "xoauth.h"

#define ID_MAX 64
#define LOOKUP_PAGES 3

struct xpost {
	struct poster p;
	struct http h;
	struct sc_state *st;
	const char *api, *account;
	const char *client_id, *refresh_file; /* OAuth 2.0 refresh, or NULL */
	struct sc_sessions *sessions;
	int authorized;
	char uid[ID_MAX];
	struct buf url, body, err, text, access;
};

static int digits(const char *s)
{
	if (!s || !*s || strlen(s) >= ID_MAX)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* One request; its answer in *out on POST_OK. */
static int call(struct xpost *x, const char *method, const char *body, const char *what,
		jv *out, struct post_res *res)
{
	long status;
	int rc = http_call(&x->h, method, buf_cstr(&x->url), body, NULL, out, &status, &x->err);

	x->p.requests = x->h.requests;
	return post_result(rc, status, &x->err, what, res);
}

/* With a client id, the run's access token, bought once before the first
 * request. */
static int authorize(struct xpost *x, struct post_res *res)
{
	int rc;

	if (!x->client_id || x->authorized)
		return POST_OK;
	buf_reset(&x->err);
	rc = xoauth_refresh(&x->h, x->api, x->client_id, x->sessions, x->account,
			    x->refresh_file, &x->access, &x->err);
	x->p.requests = x->h.requests;
	if (rc == HTTP_OK) {
		x->h.token = buf_cstr(&x->access);
		x->authorized = 1;
		return POST_OK;
	}
	buf_reset(&res->error);
	buf_printf(&res->error, "x: no access token for @%s%s%s", x->account,
		   rc == HTTP_RATE ? " (rate limited)" : "", x->err.len ? ": " : "");
	buf_puts(&res->error, buf_cstr(&x->err));
	buf_cstr(&res->error);
	return rc == HTTP_RATE ? POST_RATE : POST_FAIL;
}

/* The brand's numeric id: from the state, else asked once and kept. */
static int resolve(struct xpost *x, struct post_res *res)
{
	struct buf id = BUF_INIT;
	jv v;
	int rc;

	if (*x->uid)
		return POST_OK;
	if (x->st && sc_account_get(x->st, "x", x->account, &id) && digits(id.p)) {
		snprintf(x->uid, sizeof x->uid, "%s", id.p);
		buf_free(&id);
		return POST_OK;
	}
	buf_free(&id);
	buf_reset(&x->url);
	buf_printf(&x->url, "%s/2/users/by/username/", x->api);
	http_escape(&x->url, x->account);
	if ((rc = call(x, "GET", NULL, "x: the account's user id", &v, res)) != POST_OK)
		return rc == POST_PERM ? POST_FAIL : rc;
	if (!jget_str(v, "data.id", x->uid, sizeof x->uid) || !digits(x->uid)) {
		x->uid[0] = '\0';
		buf_reset(&res->error);
		buf_printf(&res->error, "x: no user id for @%s (does the account exist?)", x->account);
		rc = POST_FAIL;
	} else if (x->st && sc_account_set(x->st, "x", x->account, x->uid)) {
		buf_printf(&res->error, "x: %s", sc_state_error(x->st)); /* kept next time, then */
	}
	jv_free(v);
	return rc;
}

/* The created object's id at path, or POST_UNKNOWN when a 2xx answer has
 * none: something was made, the look-up will find it. */
static int created(jv v, const char *path, const char *what, struct post_res *res)
{
	char id[ID_MAX];
	int rc = POST_OK;

	buf_reset(&res->remote_id);
	if (jget_str(v, path, id, sizeof id) && *id) {
		buf_puts(&res->remote_id, id);
	} else {
		buf_reset(&res->error);
		buf_printf(&res->error, "%s: the answer has no %s", what, path);
		rc = POST_UNKNOWN;
	}
	buf_cstr(&res->remote_id);
	jv_free(v);
	return rc;
}

static int send_reply(struct xpost *x, const struct post_req *r, struct post_res *res)
{
	const char *parent = post_bare_id(r->in_reply_to, "x");
	struct jsonw w;
	jv v;
	int rc;

	buf_reset(&x->body);
	jw_begin(&w, &x->body);
	jw_cstr(&w, "text", r->text);
	if (parent) {
		jw_obj(&w, "reply");
		jw_cstr(&w, "in_reply_to_tweet_id", parent);
		jw_end(&w);
	}
	jw_end(&w);
	buf_reset(&x->url);
	buf_printf(&x->url, "%s/2/tweets", x->api);
	if ((rc = call(x, "POST", buf_cstr(&x->body), "x: reply", &v, res)) != POST_OK)
		return rc;
	return created(v, "data.id", "x: reply", res);
}

static int send_dm(struct xpost *x, const struct post_req *r, struct post_res *res)
{
	struct jsonw w;
	jv v;
	int rc;

	buf_reset(&x->body);
	jw_begin(&w, &x->body);
	jw_cstr(&w, "text", r->text);
	jw_end(&w);
	buf_reset(&x->url);
	buf_printf(&x->url, "%s/2/dm_conversations/with/", x->api);
	http_escape(&x->url, post_bare_id(r->user_id, "x"));
	buf_puts(&x->url, "/messages");
	if ((rc = call(x, "POST", buf_cstr(&x->body), "x: DM", &v, res)) != POST_OK)
		return rc;
	return created(v, "data.dm_event_id", "x: DM", res);
}

static int send_follow(struct xpost *x, const struct post_req *r, struct post_res *res)
{
	const char *target = post_bare_id(r->user_id, "x");
	int follow = r->action == POST_FOLLOW, rc;
	struct jsonw w;
	jv v;

	if ((rc = resolve(x, res)) != POST_OK)
		return rc;
	buf_reset(&x->url);
	buf_printf(&x->url, "%s/2/users/%s/following", x->api, x->uid);
	buf_reset(&x->body);
	if (follow) {
		jw_begin(&w, &x->body);
		jw_cstr(&w, "target_user_id", target);
		jw_end(&w);
	} else {
		buf_puts(&x->url, "/");
		http_escape(&x->url, target);
	}
	rc = call(x, follow ? "POST" : "DELETE", follow ? buf_cstr(&x->body) : NULL,
		  follow ? "x: follow" : "x: unfollow", &v, res);
	if (rc != POST_OK)
		return rc;
	jv_free(v);
	post_res_id(res, target);
	return POST_OK;
}

/* A reply without the tweet it answers would be a tweet of its own. */
int post_x_check(const struct post_req *r, struct buf *why)
{
	if ((r->action == POST_REPLY || r->action == POST_DM) && (!r->text || !*r->text)) {
		buf_printf(why, "x: nothing to send (empty text)");
		return -1;
	}
	if (r->action == POST_REPLY && !digits(post_bare_id(r->in_reply_to, "x"))) {
		buf_printf(why, "x: '%s' is not an X post id to reply to",
			   r->in_reply_to ? r->in_reply_to : "");
		return -1;
	}
	if (r->action != POST_REPLY && !digits(post_bare_id(r->user_id, "x"))) {
		buf_printf(why, "x: the user id '%s' is not an X user id", r->user_id ? r->user_id : "");
		return -1;
	}
	return 0;
}

static int x_send(struct poster *p, const struct post_req *r, struct post_res *res)
{
	struct xpost *x = p->ctx;
	int rc;

	buf_reset(&res->error);
	if (post_x_check(r, &res->error)) {
		buf_cstr(&res->error);
		return POST_PERM;
	}
	buf_cstr(&res->error);
	if ((rc = authorize(x, res)) != POST_OK)
		return rc;
	switch (r->action) {
	case POST_REPLY:
		return send_reply(x, r, res);
	case POST_DM:
		return send_dm(x, r, res);
	default:
		return send_follow(x, r, res);
	}
}

/* Is this post of the account's the reply asked for? */
static int is_reply(struct xpost *x, jv t, const char *parent, const char *text)
{
	jv refs = jget(t, "referenced_tweets"), s = jget(t, "text");
	int answers = !parent, same = 0;

	if (jv_get_kind(refs) == JV_KIND_ARRAY) {
		jv_array_foreach(refs, i, ref) {
			char type[32], id[ID_MAX];
			if (parent && jget_str(ref, "type", type, sizeof type) &&
			    !strcmp(type, "replied_to") && jget_str(ref, "id", id, sizeof id) &&
			    !strcmp(id, parent))
				answers = 1;
			jv_free(ref);
		}
	}
	if (answers && jv_get_kind(s) == JV_KIND_STRING) {
		buf_reset(&x->text);
		entity_decode(&x->text, jv_string_value(s), (size_t)jv_string_length_bytes(jv_copy(s)));
		same = post_text_same(buf_cstr(&x->text), text);
	}
	jv_free(refs);
	jv_free(s);
	return same;
}

/* Is this DM event the one asked for: sent by the account, same text? */
static int is_dm(struct xpost *x, jv e, const char *parent, const char *text)
{
	char sender[ID_MAX];
	jv s = jget(e, "text");
	int same = 0;

	(void)parent;
	if (jget_str(e, "sender_id", sender, sizeof sender) && !strcmp(sender, x->uid) &&
	    jv_get_kind(s) == JV_KIND_STRING) {
		buf_reset(&x->text);
		entity_decode(&x->text, jv_string_value(s), (size_t)jv_string_length_bytes(jv_copy(s)));
		same = post_text_same(buf_cstr(&x->text), text);
	}
	jv_free(s);
	return same;
}

/* Walks a few pages of url_base (newest first) for an item that match()
 * accepts. */
static int search(struct xpost *x, const char *base, const char *what, const char *parent,
		  const char *text, int (*match)(struct xpost *, jv, const char *, const char *),
		  struct post_res *res)
{
	char token[256] = "";

	for (int page = 0; page < LOOKUP_PAGES; page++) {
		jv v, data;
		int rc, found = 0;

		buf_reset(&x->url);
		buf_puts(&x->url, base);
		if (*token) {
			buf_puts(&x->url, "&pagination_token=");
			http_escape(&x->url, token);
		}
		if ((rc = call(x, "GET", NULL, what, &v, res)) != POST_OK)
			return rc == POST_PERM ? POST_FAIL : rc; /* the network could not say */
		data = jget(v, "data");
		if (jv_get_kind(data) == JV_KIND_ARRAY) {
			jv_array_foreach(data, i, item) {
				char id[ID_MAX];
				if (!found && match(x, item, parent, text) && jget_str(item, "id", id, sizeof id)) {
					post_res_id(res, id);
					found = 1;
				}
				jv_free(item);
			}
		}
		jv_free(data);
		if (!found && !jget_str(v, "meta.next_token", token, sizeof token))
			token[0] = '\0';
		jv_free(v);
		if (found)
			return POST_OK;
		if (!*token)
			break;
	}
	return POST_NOTFOUND;
}

static int x_lookup(struct poster *p, const struct post_req *r, struct post_res *res)
{
	struct xpost *x = p->ctx;
	struct buf base = BUF_INIT;
	int rc;

	buf_reset(&res->error);
	buf_cstr(&res->error);
	if (r->action == POST_FOLLOW || r->action == POST_UNFOLLOW)
		return POST_NOTFOUND; /* idempotent on X: sending again is harmless */
	if ((rc = authorize(x, res)) != POST_OK || (rc = resolve(x, res)) != POST_OK)
		return rc;
	if (r->action == POST_REPLY) {
		buf_printf(&base, "%s/2/users/%s/tweets?max_results=100"
			   "&tweet.fields=referenced_tweets,created_at", x->api, x->uid);
		rc = search(x, buf_cstr(&base), "x: looking up the reply",
			    post_bare_id(r->in_reply_to, "x"), r->text ? r->text : "", is_reply, res);
	} else {
		buf_printf(&base, "%s/2/dm_conversations/with/", x->api);
		http_escape(&base, post_bare_id(r->user_id, "x"));
		buf_puts(&base, "/dm_events?max_results=100&event_types=MessageCreate"
			 "&dm_event.fields=id,text,sender_id,created_at");
		rc = search(x, buf_cstr(&base), "x: looking up the DM", NULL,
			    r->text ? r->text : "", is_dm, res);
	}
	buf_free(&base);
	return rc;
}

static long x_limit(struct poster *p)
{
	(void)p;
	return 280;
}

static void x_close(struct poster *p)
{
	struct xpost *x = p->ctx;

	http_free(&x->h);
	buf_free(&x->url);
	buf_free(&x->body);
	buf_free(&x->err);
	buf_free(&x->text);
	auth_wipe(&x->access);
	free(x);
}

struct poster *post_x_open(const struct post_opts *o, struct buf *err)
{
	struct xpost *x;

	if (!o->account || !*o->account) {
		buf_printf(err, "x: no account to post as");
		return NULL;
	}
	if (o->client_id) {
		if (!xoauth_ready(o->sessions, o->account, o->refresh_file, err))
			return NULL;
	} else if (!o->token || !*o->token) {
		buf_printf(err, "x: no token to post with (SC_X_TOKEN, a token file, or "
			   "SC_X_CLIENT_ID with a refresh token)");
		return NULL;
	}
	x = calloc(1, sizeof *x);
	if (!x) {
		buf_printf(err, "out of memory");
		return NULL;
	}
	x->p = (struct poster){"x", x, x_send, x_lookup, x_limit, x_close, 0};
	x->api = o->api && *o->api ? o->api : "https://api.x.com";
	x->account = o->account;
	x->st = o->state;
	x->client_id = o->client_id;
	x->refresh_file = o->refresh_file;
	x->sessions = o->sessions;
	post_http_init(&x->h, o, "x-rate-limit-reset", "x-rate-limit-remaining");
	return &x->p;
}
