/* Posting to Facebook Pages and Instagram through the Graph API:
 *   - a public reply to a comment: POST /COMMENT_ID/comments (Facebook) or
 *     POST /IG_COMMENT_ID/replies (Instagram), {"message": TEXT};
 *   - a private reply to a comment (a DM whose in_reply_to is a comment id:
 *     digits, with an '_' on Facebook; message ids, m_... on Messenger and
 *     base64 on Instagram, never are):
 *     POST /ACCOUNT/messages {"recipient": {"comment_id"}, "message":
 *     {"text"}}, allowed once and within 7 days of the comment;
 *   - a message in a conversation: POST /ACCOUNT/messages {"recipient":
 *     {"id": USER}, "messaging_type": "RESPONSE", "message": {"text"}},
 *     only within 24 hours of the customer's last message (Meta's standard
 *     messaging window). Outside either window nothing is sent: POST_PERM,
 *     with the reason.
 * ACCOUNT is the Page id (facebook) or the Instagram user id (instagram).
 * Follow and unfollow do not exist on these networks (POST_PERM).
 *
 * Look-ups: a reply among the comment's replies (GET /COMMENT_ID/comments or
 * /replies) by the account and its text; a message among the recent
 * messages of the customer's conversation (GET /ACCOUNT/conversations?
 * user_id=USER), or for a private reply of the latest conversations, by
 * the account and its text.
 *
 * Graph API refusals: error 190 (the token) is POST_FAIL, to fix and run
 * again; the rate-limit codes are waited out or POST_RATE (net_meta.c's
 * hook); any other refusal (10/2018278 outside the window, 100/33 a
 * deleted comment, 551 a user who takes no messages) is POST_PERM. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jget.h"
#include "jsonw.h"
#include "net_meta.h"
#include "post_net.h"
#include "sctime.h"

#define ID_MAX 256
#define WINDOW_DM (24L * 3600)        /* the standard messaging window */
#define WINDOW_PRIVATE (7L * 86400)   /* private replies to a comment */
/* Facebook comments take 8,000 characters and Messenger texts 2,000;
 * Instagram comments 2,200 and its messages 1,000: the limit is the
 * message's, the smaller, so one template fits both actions. */
#define LIMIT_FB 2000
#define LIMIT_IG 1000

struct mpost {
	struct poster p;
	struct http h;
	int ig;
	const char *net, *api, *account;
	struct buf url, body, err;
};

static int call(struct mpost *m, const char *method, const char *body, const char *what,
		jv *out, struct post_res *res)
{
	long status, code, sub;
	int rc = http_call(&m->h, method, buf_cstr(&m->url), body, NULL, out, &status, &m->err);

	m->p.requests = m->h.requests;
	rc = post_result(rc, status, &m->err, what, res);
	if (rc == POST_PERM) {
		meta_error(&m->h, &code, &sub);
		if (code == 190) { /* the token, not the message: fix it, send later */
			buf_printf(&res->error, " (Graph API error 190: get a new Page access token)");
			rc = POST_FAIL;
		} else if (code) {
			buf_printf(&res->error, " (Graph API error %ld%s%.0ld)", code, sub ? "/" : "", sub);
		}
	}
	return rc;
}

/* Is the customer's last message (RFC 3339) within window seconds of now?
 * 1 yes, 0 no; an unreadable time is left to the API to judge (1). */
static int within(const char *last, long window)
{
	struct sc_time t;
	const char *why;

	if (!last || sc_time_parse(last, strlen(last), &t, &why))
		return 1;
	return (long long)time(NULL) - (long long)t.sec <= window;
}

static int created(jv v, const char *key, const char *what, struct post_res *res)
{
	char id[ID_MAX];
	int rc = POST_OK;

	post_res_id(res, "");
	if (jget_str(v, key, id, sizeof id) && *id) {
		post_res_id(res, id);
	} else {
		buf_reset(&res->error);
		buf_printf(&res->error, "%s: the answer has no %s", what, key);
		rc = POST_UNKNOWN;
	}
	jv_free(v);
	return rc;
}

static int send_reply(struct mpost *m, const struct post_req *r, struct post_res *res)
{
	const char *c = post_bare_id(r->in_reply_to, m->net);
	struct jsonw w;
	jv v;
	int rc;

	buf_reset(&m->body);
	jw_begin(&w, &m->body);
	jw_cstr(&w, "message", r->text);
	jw_end(&w);
	buf_reset(&m->url);
	buf_printf(&m->url, "%s/", m->api);
	http_escape(&m->url, c);
	buf_puts(&m->url, m->ig ? "/replies" : "/comments");
	if ((rc = call(m, "POST", buf_cstr(&m->body), m->ig ? "instagram: reply" : "facebook: reply",
		       &v, res)) != POST_OK)
		return rc;
	return created(v, "id", m->ig ? "instagram: reply" : "facebook: reply", res);
}

/* The comment a DM answers privately, or NULL when it answers a message
 * (sc-reply gives the record answered in both cases). */
static const char *comment_of(const char *net, const struct post_req *r)
{
	const char *c = post_bare_id(r->in_reply_to, net);

	return c && *c && strspn(c, "0123456789_") == strlen(c) ? c : NULL;
}

static int send_dm(struct mpost *m, const struct post_req *r, struct post_res *res)
{
	const char *comment = comment_of(m->net, r);
	const char *user = post_bare_id(r->user_id, m->net);
	struct jsonw w;
	jv v;
	int rc;

	buf_reset(&m->body);
	jw_begin(&w, &m->body);
	jw_obj(&w, "recipient");
	if (comment && *comment)
		jw_cstr(&w, "comment_id", comment);
	else
		jw_cstr(&w, "id", user);
	jw_end(&w);
	if (!(comment && *comment))
		jw_cstr(&w, "messaging_type", "RESPONSE");
	jw_obj(&w, "message");
	jw_cstr(&w, "text", r->text);
	jw_end(&w);
	jw_end(&w);
	buf_reset(&m->url);
	buf_printf(&m->url, "%s/%s/messages", m->api, m->account);
	if ((rc = call(m, "POST", buf_cstr(&m->body), m->ig ? "instagram: message" : "facebook: message",
		       &v, res)) != POST_OK)
		return rc;
	return created(v, "message_id", m->ig ? "instagram: message" : "facebook: message", res);
}

/* Meta's windows are checked here too: outside them the Graph API refuses
 * the message, and the comment's public reply must not go without it. */
static int meta_check(const char *net, const struct post_req *r, struct buf *why)
{
	const char *c = post_bare_id(r->in_reply_to, net), *comment = comment_of(net, r);
	const char *user = post_bare_id(r->user_id, net);

	if (r->action == POST_FOLLOW || r->action == POST_UNFOLLOW)
		buf_printf(why, "%s: there is no follow or unfollow on %s", net, net);
	else if (!r->text || !*r->text)
		buf_printf(why, "%s: nothing to send (empty text)", net);
	else if (r->action == POST_REPLY && !(c && *c))
		buf_printf(why, "%s: a reply needs the comment it answers", net);
	else if (r->action == POST_DM && comment && !within(r->last_inbound, WINDOW_PRIVATE))
		buf_printf(why, "%s: not sent: the comment (%s) is more than 7 days old, past "
			   "the time Meta allows a private reply", net, r->last_inbound);
	else if (r->action == POST_DM && !comment && !within(r->last_inbound, WINDOW_DM))
		buf_printf(why, "%s: not sent: outside the 24-hour messaging window (the "
			   "customer's last message was at %s)", net, r->last_inbound);
	else if (r->action == POST_DM && !comment && !(user && *user))
		buf_printf(why, "%s: a message needs the customer's id or the comment", net);
	else
		return 0;
	return -1;
}

int post_facebook_check(const struct post_req *r, struct buf *why)
{
	return meta_check("facebook", r, why);
}

int post_instagram_check(const struct post_req *r, struct buf *why)
{
	return meta_check("instagram", r, why);
}

static int meta_send(struct poster *p, const struct post_req *r, struct post_res *res)
{
	struct mpost *m = p->ctx;

	buf_reset(&res->error);
	if (meta_check(m->net, r, &res->error)) {
		buf_cstr(&res->error);
		return POST_PERM;
	}
	buf_cstr(&res->error);
	return r->action == POST_REPLY ? send_reply(m, r, res) : send_dm(m, r, res);
}

/* An item written by the account with this text: its id into res. */
static int match(struct mpost *m, jv item, const char *text, struct post_res *res)
{
	char from[ID_MAX], id[ID_MAX];
	jv t = jget(item, m->ig ? "text" : "message");
	int found = 0;

	if (jv_get_kind(t) != JV_KIND_STRING)
		t = (jv_free(t), jget(item, "message")); /* messages: "message" on both */
	if (jget_str(item, "from.id", from, sizeof from) && strcmp(from, m->account) == 0 &&
	    jv_get_kind(t) == JV_KIND_STRING && post_text_same(jv_string_value(t), text) &&
	    jget_str(item, "id", id, sizeof id)) {
		post_res_id(res, id);
		found = 1;
	}
	jv_free(t);
	return found;
}

static int find_in(struct mpost *m, jv list, const char *text, struct post_res *res)
{
	int found = 0;

	if (jv_get_kind(list) == JV_KIND_ARRAY) {
		jv_array_foreach(list, i, item) {
			if (!found)
				found = match(m, item, text, res);
			jv_free(item);
		}
	}
	jv_free(list);
	return found;
}

static int lookup_reply(struct mpost *m, const struct post_req *r, struct post_res *res)
{
	const char *c = post_bare_id(r->in_reply_to, m->net);
	jv v;
	int rc;

	if (!c || !*c)
		return POST_NOTFOUND;
	buf_reset(&m->url);
	buf_printf(&m->url, "%s/", m->api);
	http_escape(&m->url, c);
	buf_puts(&m->url, m->ig ? "/replies?fields=id%2Ctext%2Cfrom%2Ctimestamp&limit=100"
		 : "/comments?fields=id%2Cmessage%2Cfrom%2Ccreated_time&filter=stream"
		   "&order=reverse_chronological&limit=100");
	if ((rc = call(m, "GET", NULL, "looking up the reply", &v, res)) != POST_OK)
		return rc == POST_PERM ? POST_FAIL : rc;
	rc = find_in(m, jget(v, "data"), r->text, res) ? POST_OK : POST_NOTFOUND;
	jv_free(v);
	return rc;
}

/* The customer's conversation (or the latest ones, for a private reply,
 * whose recipient id is not known) with their recent messages. */
static int lookup_dm(struct mpost *m, const struct post_req *r, struct post_res *res)
{
	const char *user = post_bare_id(r->user_id, m->net);
	const char *comment = comment_of(m->net, r);
	int found = 0, rc;
	jv v, convs;

	buf_reset(&m->url);
	buf_printf(&m->url, "%s/%s/conversations?platform=%s", m->api, m->account,
		   m->ig ? "instagram" : "messenger");
	if (user && *user && !(comment && *comment)) {
		buf_puts(&m->url, "&user_id=");
		http_escape(&m->url, user);
	}
	buf_puts(&m->url, "&fields=id%2Cmessages.limit%2825%29%7Bid%2Cmessage%2Cfrom%2Ccreated_time%7D"
		 "&limit=25");
	if ((rc = call(m, "GET", NULL, "looking up the message", &v, res)) != POST_OK)
		return rc == POST_PERM ? POST_FAIL : rc;
	convs = jget(v, "data");
	if (jv_get_kind(convs) == JV_KIND_ARRAY) {
		jv_array_foreach(convs, i, c) {
			if (!found)
				found = find_in(m, jget(c, "messages.data"), r->text, res);
			jv_free(c);
		}
	}
	jv_free(convs);
	jv_free(v);
	return found ? POST_OK : POST_NOTFOUND;
}

static int meta_lookup(struct poster *p, const struct post_req *r, struct post_res *res)
{
	struct mpost *m = p->ctx;

	buf_reset(&res->error);
	buf_cstr(&res->error);
	if (r->action == POST_FOLLOW || r->action == POST_UNFOLLOW || !r->text)
		return POST_NOTFOUND;
	return r->action == POST_REPLY ? lookup_reply(m, r, res) : lookup_dm(m, r, res);
}

static long meta_limit(struct poster *p)
{
	return ((struct mpost *)p->ctx)->ig ? LIMIT_IG : LIMIT_FB;
}

static void meta_close(struct poster *p)
{
	struct mpost *m = p->ctx;

	http_free(&m->h);
	buf_free(&m->url);
	buf_free(&m->body);
	buf_free(&m->err);
	free(m);
}

static struct poster *meta_open(const struct post_opts *o, struct buf *err, int ig)
{
	const char *net = ig ? "instagram" : "facebook";
	struct mpost *m;

	if (!o->token || !*o->token) {
		buf_printf(err, "%s: no token to post with (SC_META_TOKEN or a token file)", net);
		return NULL;
	}
	if (!o->account || !*o->account || strspn(o->account, "0123456789") != strlen(o->account)) {
		buf_printf(err, "%s: the account to post as must be the numeric %s id", net,
			   ig ? "Instagram user" : "Page");
		return NULL;
	}
	if (!(m = calloc(1, sizeof *m))) {
		buf_printf(err, "out of memory");
		return NULL;
	}
	m->p = (struct poster){net, m, meta_send, meta_lookup, meta_limit, meta_close, 0};
	m->ig = ig;
	m->net = net;
	m->api = o->api && *o->api ? o->api : "https://graph.facebook.com/v21.0";
	m->account = o->account;
	post_http_init(&m->h, o, NULL, NULL);
	m->h.limit_wait = meta_limit_wait;
	return &m->p;
}

struct poster *post_facebook_open(const struct post_opts *o, struct buf *err)
{
	return meta_open(o, err, 0);
}

struct poster *post_instagram_open(const struct post_opts *o, struct buf *err)
{
	return meta_open(o, err, 1);
}
