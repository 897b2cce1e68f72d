/* Posting to Bluesky (AT Protocol): a reply is an app.bsky.feed.post record
 * made with com.atproto.repo.createRecord, with reply.parent and reply.root
 * as {uri, cid} strong refs (the parent's cid and its own root come from
 * app.bsky.feed.getPosts; a parent the AppView no longer has was deleted:
 * a permanent refusal). Its record key is a TID derived from the ledger's
 * key, the same on every try, so a post can never be made twice: a second
 * create of that key is refused by the PDS, and the look-up is one
 * com.atproto.repo.getRecord. A create that fails any other way than
 * "surely not sent" is checked with getRecord at once: refused because the
 * first try made it, it is done.
 *
 * Follow is an app.bsky.graph.follow record whose key is derived from the
 * customer's DID, so unfollow (deleteRecord, which succeeds whether or not
 * the record is there) knows which record to delete, and both are looked up
 * with getRecord.
 *
 * A DM goes through Bluesky's chat service, which the PDS proxies (the
 * atproto-proxy header): chat.bsky.convo.getConvoForMembers gives the
 * conversation with the customer (refused for good when they take no
 * messages from the brand), chat.bsky.convo.sendMessage sends; it has no
 * idempotency key, so a DM whose outcome is unknown is looked up among the
 * conversation's last messages (getMessages) by sender and text. Limit of a
 * reply: 300 graphemes.
 *
 * The session is bsky_session.c's, opened at the first request. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsky_session.h"
#include "jget.h"
#include "jsonw.h"
#include "post_net.h"
#include "sctime.h"

#define URI_MAX 512
#define CID_MAX 128
#define POST_NSID "app.bsky.feed.post"
#define FOLLOW_NSID "app.bsky.graph.follow"

struct bpost {
	struct poster p;
	struct http h;
	const char *api, *account, *secret;
	struct sc_sessions *sessions;
	struct bsky_session s;
	int open;
	struct buf url, body, err;
};

/* A TID (13 characters, base32-sortable: 53 bits of microseconds since
 * 1970, 10 bits of clock id, the top bit 0) derived from s: FNV-1a gives
 * the bits, the time falls within 2023-2026 so that it looks like a TID
 * of its time. The same s always gives the same key. */
void post_bluesky_tid(const char *s, char out[14])
{
	static const char b32[] = "234567abcdefghijklmnopqrstuvwxyz";
	const uint64_t from = 1672531200ULL * 1000000ULL, span = 3ULL * 365 * 86400 * 1000000ULL;
	uint64_t h = 1469598103934665603ULL, v;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	v = ((from + (h >> 10) % span) << 10) | (h & 1023);
	v &= ~(1ULL << 63);
	for (int i = 0; i < 13; i++)
		out[i] = b32[(v >> (60 - 5 * i)) & 31];
	out[13] = '\0';
}

static int call_with(struct bpost *b, const char *method, const char *body, const char *const *hdrs,
		     const char *what, jv *out, struct post_res *res)
{
	long status;
	int rc;

	b->h.token = b->s.access.p;
	rc = http_call(&b->h, method, buf_cstr(&b->url), body, hdrs, out, &status, &b->err);
	b->p.requests = b->h.requests;
	return post_result(rc, status, &b->err, what, res);
}

static int call(struct bpost *b, const char *method, const char *body, const char *what,
		jv *out, struct post_res *res)
{
	return call_with(b, method, body, NULL, what, out, res);
}

/* The chat service, through the PDS. */
static int chat(struct bpost *b, const char *method, const char *body, const char *what,
		jv *out, struct post_res *res)
{
	static const char *const proxy[] = {BSKY_CHAT_PROXY, NULL};

	return call_with(b, method, body, proxy, what, out, res);
}

static int session(struct bpost *b, struct post_res *res)
{
	int rc;

	if (b->open)
		return POST_OK;
	rc = bsky_session_open(&b->s, &b->h, b->api, b->account, b->secret, b->sessions);
	b->p.requests = b->h.requests;
	if (rc == HTTP_OK) {
		b->open = 1;
		return POST_OK;
	}
	buf_reset(&res->error);
	buf_printf(&res->error, "bluesky: no session for %s%s", b->account,
		   rc == HTTP_RATE ? " (rate limited)" : "");
	return rc == HTTP_RATE ? POST_RATE : POST_FAIL;
}

/* getRecord of the brand's collection/rkey: POST_OK with its uri, or
 * POST_NOTFOUND. */
static int get_record(struct bpost *b, const char *coll, const char *rkey, struct post_res *res)
{
	struct post_res r2;
	char uri[URI_MAX];
	int rc;
	jv v;

	post_res_init(&r2);
	buf_reset(&b->url);
	buf_printf(&b->url, "%s/xrpc/com.atproto.repo.getRecord?repo=", b->api);
	http_escape(&b->url, b->s.did);
	buf_printf(&b->url, "&collection=%s&rkey=%s", coll, rkey);
	rc = call(b, "GET", NULL, "bluesky: getRecord", &v, &r2);
	if (rc == POST_OK) {
		if (jget_str(v, "uri", uri, sizeof uri))
			post_res_id(res, uri);
		jv_free(v);
	} else if (rc == POST_PERM && (strstr(buf_cstr(&b->err), "RecordNotFound") ||
				       strstr(b->err.p, "Could not locate record"))) {
		rc = POST_NOTFOUND;
	} else {
		buf_reset(&res->error);
		buf_puts(&res->error, buf_cstr(&r2.error));
		buf_cstr(&res->error);
		rc = rc == POST_PERM ? POST_FAIL : rc;
	}
	post_res_free(&r2);
	return rc;
}

/* createRecord; a failure that may hide an earlier success is settled by
 * getRecord of the same key. */
static int create(struct bpost *b, const char *coll, const char *rkey, const char *what,
		  struct post_res *res)
{
	char uri[URI_MAX];
	jv v;
	int rc;

	buf_reset(&b->url);
	buf_printf(&b->url, "%s/xrpc/com.atproto.repo.createRecord", b->api);
	rc = call(b, "POST", buf_cstr(&b->body), what, &v, res);
	if (rc == POST_OK) {
		if (jget_str(v, "uri", uri, sizeof uri))
			post_res_id(res, uri);
		else
			rc = POST_UNKNOWN;
		jv_free(v);
		return rc;
	}
	if (rc == POST_UNKNOWN || rc == POST_PERM) {
		int found = get_record(b, coll, rkey, res);
		if (found == POST_OK)
			return POST_OK; /* made by this try or an earlier one */
	}
	return rc;
}

/* The parent's strong ref, and the root's (the parent's own root, or the
 * parent). */
static int refs(struct bpost *b, const char *parent, struct jsonw *w, struct post_res *res)
{
	char cid[CID_MAX], root[URI_MAX], rcid[CID_MAX];
	jv v, post = jv_null();
	int rc;

	buf_reset(&b->url);
	buf_printf(&b->url, "%s/xrpc/app.bsky.feed.getPosts?uris=", b->api);
	http_escape(&b->url, parent);
	if ((rc = call(b, "GET", NULL, "bluesky: the post answered", &v, res)) != POST_OK)
		return rc == POST_PERM ? POST_FAIL : rc;
	jv posts = jget(v, "posts");
	if (jv_get_kind(posts) == JV_KIND_ARRAY && jv_array_length(jv_copy(posts)) > 0)
		post = jv_array_get(jv_copy(posts), 0);
	jv_free(posts);
	jv_free(v);
	if (!jget_str(post, "cid", cid, sizeof cid)) {
		jv_free(post);
		buf_reset(&res->error);
		buf_printf(&res->error, "bluesky: the post answered (%s) is gone (deleted?)", parent);
		return POST_PERM;
	}
	if (!jget_str(post, "record.reply.root.uri", root, sizeof root) ||
	    !jget_str(post, "record.reply.root.cid", rcid, sizeof rcid)) {
		snprintf(root, sizeof root, "%s", parent);
		snprintf(rcid, sizeof rcid, "%s", cid);
	}
	jv_free(post);
	jw_obj(w, "reply");
	jw_obj(w, "root");
	jw_cstr(w, "uri", root);
	jw_cstr(w, "cid", rcid);
	jw_end(w);
	jw_obj(w, "parent");
	jw_cstr(w, "uri", parent);
	jw_cstr(w, "cid", cid);
	jw_end(w);
	jw_end(w);
	return POST_OK;
}

static void record_begin(struct bpost *b, struct jsonw *w, const char *coll, const char *rkey)
{
	char now[SC_TIME_MAX];

	sc_time_format((struct sc_time){(int64_t)time(NULL), 0}, now);
	buf_reset(&b->body);
	jw_begin(w, &b->body);
	jw_cstr(w, "repo", b->s.did);
	jw_cstr(w, "collection", coll);
	jw_cstr(w, "rkey", rkey);
	jw_obj(w, "record");
	jw_cstr(w, "$type", coll);
	jw_cstr(w, "createdAt", now);
}

static int send_reply(struct bpost *b, const struct post_req *r, struct post_res *res)
{
	const char *parent = post_bare_id(r->in_reply_to, "bluesky");
	char rkey[14];
	struct jsonw w;
	int rc;

	post_bluesky_tid(r->key ? r->key : r->text, rkey);
	record_begin(b, &w, POST_NSID, rkey);
	jw_cstr(&w, "text", r->text);
	if (parent && *parent && (rc = refs(b, parent, &w, res)) != POST_OK)
		return rc;
	jw_end(&w);
	jw_end(&w);
	return create(b, POST_NSID, rkey, "bluesky: reply", res);
}

/* The conversation with the customer: its id into convo. */
static int convo_of(struct bpost *b, const struct post_req *r, char *convo, size_t cap,
		    struct post_res *res)
{
	jv v;
	int rc;

	buf_reset(&b->url);
	buf_printf(&b->url, "%s/xrpc/chat.bsky.convo.getConvoForMembers?members=", b->api);
	http_escape(&b->url, post_bare_id(r->user_id, "bluesky"));
	if ((rc = chat(b, "GET", NULL, "bluesky: the DM conversation", &v, res)) != POST_OK)
		return rc;
	if (!jget_str(v, "convo.id", convo, cap)) {
		buf_printf(&res->error, "bluesky: getConvoForMembers answered without convo.id");
		rc = POST_FAIL;
	}
	jv_free(v);
	return rc;
}

static int send_dm(struct bpost *b, const struct post_req *r, struct post_res *res)
{
	char convo[256], id[256];
	struct jsonw w;
	jv v;
	int rc;

	if ((rc = convo_of(b, r, convo, sizeof convo, res)) != POST_OK)
		return rc;
	buf_reset(&b->body);
	jw_begin(&w, &b->body);
	jw_cstr(&w, "convoId", convo);
	jw_obj(&w, "message");
	jw_cstr(&w, "text", r->text);
	jw_end(&w);
	jw_end(&w);
	buf_reset(&b->url);
	buf_printf(&b->url, "%s/xrpc/chat.bsky.convo.sendMessage", b->api);
	if ((rc = chat(b, "POST", buf_cstr(&b->body), "bluesky: DM", &v, res)) != POST_OK)
		return rc;
	if (jget_str(v, "id", id, sizeof id)) {
		post_res_id(res, id);
	} else {
		buf_printf(&res->error, "bluesky: DM: the answer has no id");
		rc = POST_UNKNOWN;
	}
	jv_free(v);
	return rc;
}

/* Was the DM sent: the brand's message of that text among the last ones? */
static int lookup_dm(struct bpost *b, const struct post_req *r, struct post_res *res)
{
	char convo[256], id[256], sender[256];
	jv v, list;
	int rc;

	if ((rc = convo_of(b, r, convo, sizeof convo, res)) != POST_OK)
		return rc == POST_PERM ? POST_NOTFOUND : rc; /* no conversation: nothing sent */
	buf_reset(&b->url);
	buf_printf(&b->url, "%s/xrpc/chat.bsky.convo.getMessages?limit=100&convoId=", b->api);
	http_escape(&b->url, convo);
	if ((rc = chat(b, "GET", NULL, "bluesky: looking up the DM", &v, res)) != POST_OK)
		return rc == POST_PERM ? POST_FAIL : rc;
	rc = POST_NOTFOUND;
	list = jget(v, "messages");
	if (jv_get_kind(list) == JV_KIND_ARRAY) {
		jv_array_foreach(list, i, m) {
			jv t = jget(m, "text");
			if (rc == POST_NOTFOUND && jget_str(m, "sender.did", sender, sizeof sender) &&
			    !strcmp(sender, b->s.did) && jv_get_kind(t) == JV_KIND_STRING &&
			    post_text_same(jv_string_value(t), r->text) && jget_str(m, "id", id, sizeof id)) {
				post_res_id(res, id);
				rc = POST_OK;
			}
			jv_free(t);
			jv_free(m);
		}
	}
	jv_free(list);
	jv_free(v);
	return rc;
}

static void follow_key(const struct post_req *r, char rkey[14])
{
	char seed[URI_MAX];

	snprintf(seed, sizeof seed, "follow %s", post_bare_id(r->user_id, "bluesky"));
	post_bluesky_tid(seed, rkey);
}

static int send_follow(struct bpost *b, const struct post_req *r, struct post_res *res)
{
	char rkey[14];
	struct jsonw w;
	jv v;
	int rc;

	follow_key(r, rkey);
	if (r->action == POST_FOLLOW) {
		record_begin(b, &w, FOLLOW_NSID, rkey);
		jw_cstr(&w, "subject", post_bare_id(r->user_id, "bluesky"));
		jw_end(&w);
		jw_end(&w);
		return create(b, FOLLOW_NSID, rkey, "bluesky: follow", res);
	}
	buf_reset(&b->body);
	jw_begin(&w, &b->body);
	jw_cstr(&w, "repo", b->s.did);
	jw_cstr(&w, "collection", FOLLOW_NSID);
	jw_cstr(&w, "rkey", rkey);
	jw_end(&w);
	buf_reset(&b->url);
	buf_printf(&b->url, "%s/xrpc/com.atproto.repo.deleteRecord", b->api);
	if ((rc = call(b, "POST", buf_cstr(&b->body), "bluesky: unfollow", &v, res)) != POST_OK)
		return rc;
	jv_free(v);
	post_res_id(res, post_bare_id(r->user_id, "bluesky"));
	return POST_OK;
}

int post_bluesky_check(const struct post_req *r, struct buf *why)
{
	const char *parent = post_bare_id(r->in_reply_to, "bluesky");

	if ((r->action == POST_REPLY || r->action == POST_DM) && (!r->text || !*r->text))
		buf_printf(why, "bluesky: nothing to send (empty text)");
	else if (r->action == POST_REPLY && (!parent || strncmp(parent, "at://", 5)))
		buf_printf(why, "bluesky: '%s' is not a post's at:// URI to reply to", parent ? parent : "");
	else if (r->action != POST_REPLY && (!r->user_id || strncmp(post_bare_id(r->user_id, "bluesky"), "did:", 4)))
		buf_printf(why, "bluesky: '%s' is not a DID", r->user_id ? r->user_id : "");
	else
		return 0;
	return -1;
}

static int b_send(struct poster *p, const struct post_req *r, struct post_res *res)
{
	struct bpost *b = p->ctx;
	int rc;

	buf_reset(&res->error);
	if (post_bluesky_check(r, &res->error)) {
		buf_cstr(&res->error);
		return POST_PERM;
	}
	buf_cstr(&res->error);
	if ((rc = session(b, res)) != POST_OK)
		return rc;
	if (r->action == POST_DM)
		return send_dm(b, r, res);
	return r->action == POST_REPLY ? send_reply(b, r, res) : send_follow(b, r, res);
}

static int b_lookup(struct poster *p, const struct post_req *r, struct post_res *res)
{
	struct bpost *b = p->ctx;
	char rkey[14];
	int rc;

	buf_reset(&res->error);
	buf_cstr(&res->error);
	if ((rc = session(b, res)) != POST_OK)
		return rc;
	if (r->action == POST_DM)
		return r->text && r->user_id ? lookup_dm(b, r, res) : POST_NOTFOUND;
	if (r->action == POST_REPLY) {
		post_bluesky_tid(r->key ? r->key : r->text, rkey);
		return get_record(b, POST_NSID, rkey, res);
	}
	follow_key(r, rkey);
	rc = get_record(b, FOLLOW_NSID, rkey, res);
	if (r->action == POST_UNFOLLOW && (rc == POST_OK || rc == POST_NOTFOUND)) {
		rc = rc == POST_OK ? POST_NOTFOUND : POST_OK; /* gone: the unfollow is done */
		if (rc == POST_OK)
			post_res_id(res, post_bare_id(r->user_id, "bluesky"));
	}
	return rc;
}

static long b_limit(struct poster *p)
{
	(void)p;
	return 300;
}

static void b_close(struct poster *p)
{
	struct bpost *b = p->ctx;

	b->h.token = NULL;
	http_free(&b->h);
	bsky_session_wipe(&b->s);
	buf_free(&b->url);
	buf_free(&b->body);
	buf_free(&b->err);
	free(b);
}

struct poster *post_bluesky_open(const struct post_opts *o, struct buf *err)
{
	struct bpost *b;

	if (!o->account || !*o->account) {
		buf_printf(err, "bluesky: no handle to post as");
		return NULL;
	}
	if (!o->sessions) {
		buf_printf(err, "bluesky: no session store to keep the login in");
		return NULL;
	}
	if (!(b = calloc(1, sizeof *b))) {
		buf_printf(err, "out of memory");
		return NULL;
	}
	b->p = (struct poster){"bluesky", b, b_send, b_lookup, b_limit, b_close, 0};
	b->api = o->api && *o->api ? o->api : "https://bsky.social";
	b->account = o->account;
	b->secret = o->secret ? o->secret : o->token;
	b->sessions = o->sessions;
	b->s = (struct bsky_session)BSKY_SESSION_INIT;
	post_http_init(&b->h, o, "ratelimit-reset", "ratelimit-remaining");
	b->h.token = NULL;
	return &b->p;
}
