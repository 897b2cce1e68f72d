/* Posting to Mastodon: replies and DMs are statuses (POST /api/v1/statuses
 * with in_reply_to_id; a DM is visibility "direct", which reaches only the
 * accounts it mentions, so the customer's @handle leads it), sent with the
 * ledger's key as the Idempotency-Key header: Mastodon keeps the key for an
 * hour and answers a repeat with the status it made, so a retry after an
 * unknown outcome cannot post twice within that hour. Follow and unfollow
 * are POST /api/v1/accounts/:id/follow and /unfollow.
 *
 * Look-ups: a status among the account's own recent statuses (GET
 * /api/v1/accounts/:id/statuses, direct ones included for their author) by
 * in_reply_to_id and text; follow and unfollow by the relationship (GET
 * /api/v1/accounts/relationships). The limit is the instance's
 * configuration.statuses.max_characters (GET /api/v2/instance), 500 when
 * it cannot be read. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htmltext.h"
#include "jget.h"
#include "jsonw.h"
#include "post_net.h"
#include "state.h"

#define ID_MAX 64
#define LOOKUP_PAGES 3
#define DEFAULT_LIMIT 500

struct mpost {
	struct poster p;
	struct http h;
	struct sc_state *st;
	const char *api, *account;
	char me[ID_MAX];
	long limit;
	struct buf url, body, err, text, key, sent;
};

static int call(struct mpost *m, const char *method, const char *body, const char *const *hdrs,
		const char *what, jv *out, struct post_res *res)
{
	long status;
	int rc = http_call(&m->h, method, buf_cstr(&m->url), body, hdrs, out, &status, &m->err);

	m->p.requests = m->h.requests;
	return post_result(rc, status, &m->err, what, res);
}

/* The account's own id (look-ups need it): kept in the state once known. */
static int whoami(struct mpost *m, struct post_res *res)
{
	struct buf id = BUF_INIT;
	jv v;
	int rc;

	if (*m->me)
		return POST_OK;
	if (m->st && sc_account_get(m->st, "mastodon", m->account, &id) && id.len && id.len < ID_MAX) {
		snprintf(m->me, sizeof m->me, "%s", id.p);
		buf_free(&id);
		return POST_OK;
	}
	buf_free(&id);
	buf_reset(&m->url);
	buf_printf(&m->url, "%s/api/v1/accounts/verify_credentials", m->api);
	if ((rc = call(m, "GET", NULL, NULL, "mastodon: whose token", &v, res)) != POST_OK)
		return rc == POST_PERM ? POST_FAIL : rc;
	if (!jget_str(v, "id", m->me, sizeof m->me)) {
		buf_reset(&res->error);
		buf_printf(&res->error, "mastodon: %s answered without an account id", m->url.p);
		rc = POST_FAIL;
	} else if (m->st && sc_account_set(m->st, "mastodon", m->account, m->me)) {
		buf_printf(&res->error, "mastodon: %s", sc_state_error(m->st));
	}
	jv_free(v);
	return rc;
}

/* The text as posted: a DM leads with the customer's @handle, which is
 * what makes Mastodon deliver it, unless the text mentions them already. */
static const char *status_text(struct mpost *m, const struct post_req *r)
{
	buf_reset(&m->sent);
	if (r->action == POST_DM && r->user_handle && *r->user_handle) {
		const char *h = r->user_handle[0] == '@' ? r->user_handle + 1 : r->user_handle;
		buf_printf(&m->sent, "@%s", h);
		if (!strstr(r->text, m->sent.p))
			buf_puts(&m->sent, " ");
		else
			buf_reset(&m->sent);
	}
	buf_puts(&m->sent, r->text);
	return buf_cstr(&m->sent);
}

/* "Idempotency-Key: KEY", when the key is one printable line. */
static const char *const *key_header(struct mpost *m, const char *key, const char **hdrs)
{
	hdrs[0] = hdrs[1] = NULL;
	if (!key || !*key || strlen(key) > 200)
		return hdrs;
	for (const char *k = key; *k; k++)
		if (!isprint((unsigned char)*k))
			return hdrs;
	buf_reset(&m->key);
	buf_printf(&m->key, "Idempotency-Key: %s", key);
	hdrs[0] = m->key.p;
	return hdrs;
}

static int send_status(struct mpost *m, const struct post_req *r, struct post_res *res)
{
	const char *parent = post_bare_id(r->in_reply_to, "mastodon"), *hdrs[2];
	const char *what = r->action == POST_DM ? "mastodon: DM" : "mastodon: reply";
	char id[ID_MAX];
	struct jsonw w;
	jv v;
	int rc;

	buf_reset(&m->body);
	jw_begin(&w, &m->body);
	jw_cstr(&w, "status", status_text(m, r));
	if (parent && *parent)
		jw_cstr(&w, "in_reply_to_id", parent);
	if (r->action == POST_DM)
		jw_cstr(&w, "visibility", "direct");
	jw_end(&w);
	buf_reset(&m->url);
	buf_printf(&m->url, "%s/api/v1/statuses", m->api);
	rc = call(m, "POST", buf_cstr(&m->body), key_header(m, r->key, hdrs), what, &v, res);
	if (rc != POST_OK)
		return rc;
	buf_reset(&res->remote_id);
	if (jget_str(v, "id", id, sizeof id) && *id) {
		buf_puts(&res->remote_id, id);
	} else {
		buf_printf(&res->error, "%s: the answer has no id", what);
		rc = POST_UNKNOWN;
	}
	buf_cstr(&res->remote_id);
	jv_free(v);
	return rc;
}

static int send_follow(struct mpost *m, const struct post_req *r, struct post_res *res)
{
	const char *target = post_bare_id(r->user_id, "mastodon");
	int follow = r->action == POST_FOLLOW, rc;
	jv v;

	buf_reset(&m->url);
	buf_printf(&m->url, "%s/api/v1/accounts/", m->api);
	http_escape(&m->url, target);
	buf_puts(&m->url, follow ? "/follow" : "/unfollow");
	rc = call(m, "POST", "{}", NULL, follow ? "mastodon: follow" : "mastodon: unfollow", &v, res);
	if (rc != POST_OK)
		return rc;
	jv_free(v);
	post_res_id(res, target);
	return POST_OK;
}

int post_mastodon_check(const struct post_req *r, struct buf *why)
{
	const char *parent = post_bare_id(r->in_reply_to, "mastodon");

	if ((r->action == POST_REPLY || r->action == POST_DM) && (!r->text || !*r->text))
		buf_printf(why, "mastodon: nothing to send (empty text)");
	else if (r->action == POST_REPLY && !(parent && *parent)) /* else a status of its own */
		buf_printf(why, "mastodon: a reply needs the status it answers");
	else if (r->action == POST_DM && (!r->user_handle || !*r->user_handle))
		buf_printf(why, "mastodon: a DM needs the customer's handle to mention");
	else if ((r->action == POST_FOLLOW || r->action == POST_UNFOLLOW) &&
		 (!r->user_id || !*post_bare_id(r->user_id, "mastodon")))
		buf_printf(why, "mastodon: no user id to follow or unfollow");
	else
		return 0;
	return -1;
}

static int m_send(struct poster *p, const struct post_req *r, struct post_res *res)
{
	buf_reset(&res->error);
	if (post_mastodon_check(r, &res->error)) {
		buf_cstr(&res->error);
		return POST_PERM;
	}
	buf_cstr(&res->error);
	if (r->action == POST_REPLY || r->action == POST_DM)
		return send_status(p->ctx, r, res);
	return send_follow(p->ctx, r, res);
}

/* Is this status of the account's the one asked for? */
static int is_status(struct mpost *m, jv s, const struct post_req *r, const char *text)
{
	const char *parent = post_bare_id(r->in_reply_to, "mastodon");
	char got[ID_MAX], vis[16];
	jv html = jget(s, "content");
	int same = 0;

	if (parent && *parent && (!jget_str(s, "in_reply_to_id", got, sizeof got) || strcmp(got, parent)))
		same = -1;
	if (r->action == POST_DM && (!jget_str(s, "visibility", vis, sizeof vis) || strcmp(vis, "direct")))
		same = -1;
	if (!same && jv_get_kind(html) == JV_KIND_STRING) {
		buf_reset(&m->text);
		html_text(&m->text, jv_string_value(html), (size_t)jv_string_length_bytes(jv_copy(html)));
		same = post_text_same(buf_cstr(&m->text), text);
	}
	jv_free(html);
	return same > 0;
}

static int lookup_status(struct mpost *m, const struct post_req *r, struct post_res *res)
{
	const char *text = status_text(m, r);
	char max_id[ID_MAX] = "";
	struct buf want = BUF_INIT;
	int rc = POST_NOTFOUND;

	buf_puts(&want, text); /* status_text's buffer is reused below */
	for (int page = 0; page < LOOKUP_PAGES && rc == POST_NOTFOUND; page++) {
		int n = 0;
		jv v;

		buf_reset(&m->url);
		buf_printf(&m->url, "%s/api/v1/accounts/%s/statuses?limit=40", m->api, m->me);
		if (*max_id)
			buf_printf(&m->url, "&max_id=%s", max_id);
		if ((rc = call(m, "GET", NULL, NULL, "mastodon: looking up the status", &v, res)) != POST_OK) {
			rc = rc == POST_PERM ? POST_FAIL : rc;
			break;
		}
		rc = POST_NOTFOUND;
		if (jv_get_kind(v) == JV_KIND_ARRAY) {
			jv_array_foreach(v, i, s) {
				char id[ID_MAX];
				if (jget_str(s, "id", id, sizeof id)) {
					n++;
					snprintf(max_id, sizeof max_id, "%s", id);
					if (rc == POST_NOTFOUND && is_status(m, s, r, buf_cstr(&want))) {
						post_res_id(res, id);
						rc = POST_OK;
					}
				}
				jv_free(s);
			}
		}
		jv_free(v);
		if (!n)
			break;
	}
	buf_free(&want);
	return rc;
}

static int lookup_follow(struct mpost *m, const struct post_req *r, struct post_res *res)
{
	const char *target = post_bare_id(r->user_id, "mastodon");
	jv v, following;
	int rc;

	buf_reset(&m->url);
	buf_printf(&m->url, "%s/api/v1/accounts/relationships?id[]=", m->api);
	http_escape(&m->url, target ? target : "");
	if ((rc = call(m, "GET", NULL, NULL, "mastodon: the relationship", &v, res)) != POST_OK)
		return rc == POST_PERM ? POST_FAIL : rc;
	jv rel = jv_get_kind(v) == JV_KIND_ARRAY && jv_array_length(jv_copy(v)) > 0
		? jv_array_get(jv_copy(v), 0) : jv_null();
	following = jget(rel, "following");
	jv_free(rel);
	jv_free(v);
	if (jv_get_kind(following) != JV_KIND_TRUE && jv_get_kind(following) != JV_KIND_FALSE) {
		jv_free(following);
		buf_printf(&res->error, "mastodon: no relationship with %s in the answer", target);
		return POST_FAIL;
	}
	rc = (jv_get_kind(following) == JV_KIND_TRUE) == (r->action == POST_FOLLOW) ? POST_OK : POST_NOTFOUND;
	jv_free(following);
	if (rc == POST_OK) {
		post_res_id(res, target);
	}
	return rc;
}

static int m_lookup(struct poster *p, const struct post_req *r, struct post_res *res)
{
	struct mpost *m = p->ctx;
	int rc;

	buf_reset(&res->error);
	buf_cstr(&res->error);
	if (r->action == POST_FOLLOW || r->action == POST_UNFOLLOW)
		return lookup_follow(m, r, res);
	if (!r->text)
		return POST_NOTFOUND;
	if ((rc = whoami(m, res)) != POST_OK)
		return rc;
	return lookup_status(m, r, res);
}

static long m_limit(struct poster *p)
{
	struct mpost *m = p->ctx;
	struct post_res res;
	jv v, max;

	if (m->limit)
		return m->limit;
	m->limit = DEFAULT_LIMIT;
	post_res_init(&res);
	buf_reset(&m->url);
	buf_printf(&m->url, "%s/api/v2/instance", m->api);
	if (call(m, "GET", NULL, NULL, "mastodon: the instance", &v, &res) == POST_OK) {
		max = jget(v, "configuration.statuses.max_characters");
		if (jv_get_kind(max) == JV_KIND_NUMBER && jv_number_value(max) >= 1)
			m->limit = (long)jv_number_value(max);
		jv_free(max);
		jv_free(v);
	}
	post_res_free(&res);
	return m->limit;
}

static void m_close(struct poster *p)
{
	struct mpost *m = p->ctx;

	http_free(&m->h);
	buf_free(&m->url);
	buf_free(&m->body);
	buf_free(&m->err);
	buf_free(&m->text);
	buf_free(&m->key);
	buf_free(&m->sent);
	free(m);
}

struct poster *post_mastodon_open(const struct post_opts *o, struct buf *err)
{
	struct mpost *m;

	if (!o->api || !*o->api) {
		buf_printf(err, "mastodon: no instance URL to post to");
		return NULL;
	}
	if (!o->token || !*o->token) {
		buf_printf(err, "mastodon: no token to post with (SC_MASTODON_TOKEN or a token file)");
		return NULL;
	}
	if (!(m = calloc(1, sizeof *m))) {
		buf_printf(err, "out of memory");
		return NULL;
	}
	m->p = (struct poster){"mastodon", m, m_send, m_lookup, m_limit, m_close, 0};
	m->api = o->api;
	m->account = o->account && *o->account ? o->account : o->api;
	m->st = o->state;
	post_http_init(&m->h, o, "x-ratelimit-reset", "x-ratelimit-remaining");
	return &m->p;
}
