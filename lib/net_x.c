#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "diag.h"
#include "entity.h"
#include "jget.h"
#include "net_x.h"
#include "state.h"
#include "xoauth.h"
#include "xtweet.h"

#define ID_MAX NET_ID_MAX
#define MAX_PAGES 1000

static const char tweet_query[] =
	"max_results=100"
	"&tweet.fields=created_at,conversation_id,in_reply_to_user_id,referenced_tweets,lang,author_id,note_tweet"
	"&expansions=author_id,referenced_tweets.id&user.fields=username,name,public_metrics,verified";
static const char dm_query[] =
	"max_results=100&event_types=MessageCreate"
	"&dm_event.fields=id,text,event_type,created_at,sender_id,dm_conversation_id,participant_ids"
	"&expansions=sender_id&user.fields=username,name,public_metrics,verified";

struct xrun {
	struct net *n;
	char uid[ID_MAX];
	struct buf text, access;
	jv refs;        /* the page's includes.tweets by id (xtweet_refs) */
};

/* OAuth 2.0 (lib/xoauth.c): a new access token for this run, the rotated
 * refresh token saved in the session store, outside the state directory. */
static int refresh(struct xrun *x)
{
	struct net *n = x->n;
	struct buf err = BUF_INIT;
	int rc = xoauth_refresh(n->h, n->api, n->client_id, n->sessions, n->account,
				n->refresh_file, &x->access, &err);

	if (err.len)
		sc_warn("%s", buf_cstr(&err));
	buf_free(&err);
	if (rc == XOAUTH_CONFIG) {
		n->status = SC_EXIT_CONFIG;
		return HTTP_FAIL;
	}
	if (rc == HTTP_DRY) {
		n->h->token = "dry-run";
		return HTTP_OK;
	}
	if (rc == HTTP_OK)
		n->h->token = buf_cstr(&x->access);
	return net_result(n, rc);
}

static int digits(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static int resolve(struct xrun *x)
{
	struct net *n = x->n;
	struct buf id = BUF_INIT;
	jv v;
	int rc;

	if (n->f->st && sc_account_get(n->f->st, "x", n->account, &id) && digits(id.p)) {
		snprintf(x->uid, sizeof x->uid, "%s", id.p);
		buf_free(&id);
		return HTTP_OK;
	}
	buf_free(&id);
	buf_reset(&n->url);
	buf_printf(&n->url, "%s/2/users/by/username/", n->api);
	http_escape(&n->url, n->account);
	rc = net_result(n, http_json(n->h, "GET", buf_cstr(&n->url), NULL, &v));
	if (rc == HTTP_DRY) {
		snprintf(x->uid, sizeof x->uid, "USER_ID");
		return HTTP_OK;
	}
	if (rc != HTTP_OK)
		return rc;
	n->users++;
	if (!jget_str(v, "data.id", x->uid, sizeof x->uid) || !digits(x->uid)) {
		jv_free(v);
		sc_warn("x: no user id for @%s in the answer of %s (does the account exist?)",
			n->account, n->url.p);
		return net_result(n, HTTP_FAIL);
	}
	jv_free(v);
	if (sc_account_set(n->f->st, "x", n->account, x->uid))
		sc_warn("%s", sc_state_error(n->f->st));
	return HTTP_OK;
}

static void author(struct xrun *x, struct jsonw *w, jv users, const char *aid)
{
	struct xuser u;

	xtweet_user(users, aid, &u);
	net_rec_author(w, &x->n->tmp, "x", aid, u.handle[0] ? u.handle : aid,
		       u.name[0] ? u.name : NULL, u.followers, u.verified);
}

static void text_field(struct xrun *x, struct jsonw *w, jv t)
{
	buf_reset(&x->text);
	if (jv_get_kind(t) == JV_KIND_STRING)
		entity_decode(&x->text, jv_string_value(t),
			      (size_t)jv_string_length_bytes(jv_copy(t)));
	jw_str(w, "text", x->text.p ? x->text.p : "", x->text.len);
}

/* "in_reply_to_text": the start of the post replied to, when X included
 * it (a post deleted or not visible is not). */
static void parent_text(struct xrun *x, struct jsonw *w, const char *par)
{
	jv p, t;

	if (jv_get_kind(x->refs) != JV_KIND_OBJECT || !jv_object_has(jv_copy(x->refs), jv_string(par)))
		return;
	p = jv_object_get(jv_copy(x->refs), jv_string(par));
	t = xtweet_text(p);
	buf_reset(&x->text);
	if (jv_get_kind(t) == JV_KIND_STRING)
		entity_decode(&x->text, jv_string_value(t), (size_t)jv_string_length_bytes(jv_copy(t)));
	if (x->text.len)
		jw_str(w, "in_reply_to_text", x->text.p,
		       utf8_prefix(x->text.p, x->text.len, SC_REPLY_TEXT_MAX));
	jv_free(t);
	jv_free(p);
}

/* One post as a record in n->f->rec; NULL or the reason it cannot be. */
static const char *tweet_rec(struct xrun *x, jv t, jv users, const char *id, struct sc_time *tm)
{
	struct net *n = x->n;
	struct xtweet xt;
	const char *why = xtweet_read(t, users, &xt), *tw;
	const char *par = xt.parent[0] ? xt.parent : NULL;
	struct jsonw w;

	if (!why && sc_time_parse(xt.created, strlen(xt.created), tm, &tw))
		why = "created_at does not parse";
	if (why) {
		xtweet_free(&xt);
		return why;
	}
	net_rec_begin(n, &w, id, "public", strcmp(xt.author_id, x->uid) == 0, *tm);
	net_rec_author(&w, &n->tmp, "x", xt.author_id,
		       xt.author.handle[0] ? xt.author.handle : xt.author_id,
		       xt.author.name[0] ? xt.author.name : NULL, xt.author.followers,
		       xt.author.verified);
	text_field(x, &w, xt.text);
	jw_cstr(&w, "lang", xt.lang[0] ? xt.lang : NULL);
	net_rec_id(&w, &n->tmp, "in_reply_to", "x", par);
	net_rec_to_brand(&w, !par ? 0 : xt.parent_uid[0] ? strcmp(xt.parent_uid, x->uid) == 0 : -1);
	if (par)
		parent_text(x, &w, par);
	buf_reset(&n->tmp);
	buf_printf(&n->tmp, "https://x.com/%s/status/%s",
		   xt.author.handle[0] ? xt.author.handle : "i/web", id);
	jw_str(&w, "url", n->tmp.p, n->tmp.len);
	jw_cstr(&w, "account", n->account);
	net_rec_id(&w, &n->tmp, "conversation_id", "x", xt.conv[0] ? xt.conv : id);
	jw_end(&w);
	xtweet_free(&xt);
	return NULL;
}

static const char *dm_rec(struct xrun *x, jv e, jv users, const char *id, struct sc_time *tm)
{
	struct net *n = x->n;
	char sid[ID_MAX], ts[64], conv[128];
	const char *why;
	struct jsonw w;

	if (!jget_str(e, "created_at", ts, sizeof ts))
		return "no created_at (dm_event.fields ignored?)";
	if (sc_time_parse(ts, strlen(ts), tm, &why))
		return "created_at does not parse";
	if (!jget_str(e, "sender_id", sid, sizeof sid))
		return "no sender_id";
	if (!jget_str(e, "dm_conversation_id", conv, sizeof conv))
		return "no dm_conversation_id";
	net_rec_begin(n, &w, id, "private", strcmp(sid, x->uid) == 0, *tm);
	author(x, &w, users, sid);
	jv t = jget(e, "text");
	text_field(x, &w, t);
	jv_free(t);
	jw_null(&w, "lang");
	jw_null(&w, "in_reply_to");
	net_rec_to_brand(&w, 0); /* a DM answers no one message */
	buf_reset(&n->tmp);
	buf_printf(&n->tmp, "https://x.com/messages/%s", conv);
	jw_str(&w, "url", n->tmp.p, n->tmp.len);
	jw_cstr(&w, "account", n->account);
	buf_reset(&n->tmp);
	buf_printf(&n->tmp, "dm-%s", conv);
	net_rec_id(&w, &x->text, "conversation_id", "x", n->tmp.p);
	jw_end(&w);
	return NULL;
}

struct walk {
	int s;
	const char *stream, *path, *query;
	int dm;
};

static void page_url(struct xrun *x, const struct walk *k, const char *cursor, const char *token)
{
	struct net *n = x->n;
	char ts[SC_TIME_MAX];

	buf_reset(&n->url);
	if (k->dm)
		buf_printf(&n->url, "%s/2/dm_events?%s", n->api, k->query);
	else
		buf_printf(&n->url, "%s/2/users/%s/%s?%s", n->api, x->uid, k->path, k->query);
	if (cursor && !k->dm)
		buf_printf(&n->url, "&since_id=%s", cursor);
	else if (n->f->have_since && !k->dm) {
		sc_time_format((struct sc_time){n->f->since.sec, 0}, ts);
		buf_printf(&n->url, "&start_time=%s", ts);
	}
	if (token && *token) {
		buf_puts(&n->url, "&pagination_token=");
		http_escape(&n->url, token);
	}
	buf_cstr(&n->url);
}

/* A post of the brand's own that mentions it, while --outbound reads the
 * brand's posts anyway. */
static int own_in_mentions(struct xrun *x, const struct walk *k, jv t)
{
	char aid[ID_MAX];

	return x->n->outbound && !k->dm && strcmp(k->stream, "mentions") == 0 &&
	       jget_str(t, "author_id", aid, sizeof aid) && strcmp(aid, x->uid) == 0;
}

/* A repost passes a post on: nobody asks the brand anything in it (its
 * text is "RT @someone: " and the start of the post, which the mentions
 * bring on their own when they name the brand). */
static int retweet(const struct walk *k, jv t)
{
	jv r = k->dm ? jv_null() : jget(t, "referenced_tweets");
	int yes = 0;

	if (jv_get_kind(r) == JV_KIND_ARRAY)
		jv_array_foreach(r, i, ref) {
			char type[16];
			yes |= jget_str(ref, "type", type, sizeof type) && strcmp(type, "retweeted") == 0;
			jv_free(ref);
		}
	jv_free(r);
	return yes;
}

/* One page's items into the run; returns 1 when no older page is needed. */
static int page_items(struct xrun *x, const struct walk *k, jv page, const char *cursor,
		      char *newest)
{
	struct net *n = x->n;
	jv data = jget(page, "data"), users = xtweet_users(page, &n->users);
	int stop = 0, full = 0;

	x->refs = k->dm ? jv_null() : xtweet_refs(page);

	jv_array_foreach(data, i, t) {
		char id[ID_MAX], kind[32];
		struct sc_time tm;
		const char *why;

		n->items++;
		if (!jget_str(t, "id", id, sizeof id) || !digits(id)) {
			net_bad(n, k->stream, NULL, "no numeric id");
		} else if (k->dm && jget_str(t, "event_type", kind, sizeof kind) &&
			   strcmp(kind, "MessageCreate") != 0) {
			; /* joins and leaves are not messages */
		} else if (cursor && !id_newer(id, cursor)) {
			stop |= k->dm; /* dm_events has no since_id: the walk ends here */
		} else if (own_in_mentions(x, k, t)) {
			; /* the tweets stream brings it: once, not in two streams' runs */
		} else if (retweet(k, t)) {
			n->reposts++;
		} else if ((why = (k->dm ? dm_rec : tweet_rec)(x, t, users, id, &tm))) {
			net_bad(n, k->stream, id, why);
		} else {
			if (!*newest || id_newer(id, newest))
				snprintf(newest, ID_MAX, "%s", id);
			switch (fetch_add(n->f, k->s, id, tm)) {
			case FETCH_OLD:
				stop |= k->dm;
				break;
			case FETCH_FULL:
				stop = full = 1;
				sc_warn("x %s: --limit %ld reached: older messages of this window were "
					"not fetched", k->stream, n->f->limit);
				break;
			}
		}
		jv_free(t);
		if (full)
			break;
	}
	jv_free(data);
	jv_free(users);
	jv_free(x->refs);
	x->refs = jv_null();
	return stop;
}

/* One answer (borrowed) checked and its items taken: 1 when no older page
 * is needed, 0 to go on, -1 when it is not a page (reported). */
static int page_answer(struct xrun *x, const struct walk *k, jv v, int page, const char *cursor,
		       char *newest)
{
	jv data;
	int stop;

	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		sc_warn("x %s: page %d is %s, not an object: the API answered something else",
			k->stream, page, jv_kind_name(jv_get_kind(v)));
		return -1;
	}
	data = jget(v, "data");
	if (jv_get_kind(data) != JV_KIND_ARRAY && jv_get_kind(data) != JV_KIND_NULL) {
		jv_free(data);
		sc_warn("x %s: page %d: \"data\" is not a list: the API answered "
			"something else", k->stream, page);
		return -1;
	}
	if (jv_get_kind(data) == JV_KIND_NULL) {
		jv_free(data);
		data = jv_array();
	}
	v = jv_object_set(jv_copy(v), jv_string("data"), data);
	stop = page_items(x, k, v, cursor, newest);
	jv_free(v);
	return stop;
}

int net_x_page(struct net *n, const char *uid, int s, const char *stream, int dm, jv page,
	       const char *cursor, char newest[NET_ID_MAX])
{
	struct xrun x = {n, "", BUF_INIT, BUF_INIT, jv_null()};
	struct walk k = {s, stream, NULL, NULL, dm};
	int rc;

	snprintf(x.uid, sizeof x.uid, "%s", uid);
	rc = page_answer(&x, &k, page, 1, cursor, newest);
	buf_free(&x.text);
	return rc;
}

static int walk(struct xrun *x, const struct walk *k)
{
	struct net *n = x->n;
	const char *cursor = fetch_cursor(n->f, k->s);
	char newest[ID_MAX] = "", token[256] = "", next[256];

	for (int page = 1; page <= MAX_PAGES; page++) {
		jv v;
		int rc, stop;

		page_url(x, k, cursor, token);
		rc = net_result(n, http_json(n->h, "GET", n->url.p, NULL, &v));
		if (rc != HTTP_OK)
			return rc;
		if ((stop = page_answer(x, k, v, page, cursor, newest)) < 0) {
			jv_free(v);
			return net_result(n, HTTP_FAIL);
		}
		if (!jget_str(v, "meta.next_token", next, sizeof next))
			next[0] = '\0';
		jv_free(v);
		if (stop || !next[0])
			break;
		if (strcmp(next, token) == 0) {
			sc_warn("x %s: page %d gives the same next_token again", k->stream, page);
			return net_result(n, HTTP_FAIL);
		}
		snprintf(token, sizeof token, "%s", next);
	}
	fetch_done(n->f, k->s, newest[0] ? newest : NULL);
	return HTTP_OK;
}

int net_x_run(struct net *n)
{
	struct xrun x = {n, "", BUF_INIT, BUF_INIT, jv_null()};
	struct walk walks[3];
	int nw = 0;

	walks[nw++] = (struct walk){0, "mentions", "mentions", tweet_query, 0};
	if (n->outbound)
		walks[nw++] = (struct walk){0, "tweets", "tweets", tweet_query, 0};
	if (n->dm)
		walks[nw++] = (struct walk){0, "dm", NULL, dm_query, 1};
	if ((!n->client_id || refresh(&x) == HTTP_OK) && resolve(&x) == HTTP_OK) {
		for (int i = 0; i < nw; i++) {
			walks[i].s = fetch_stream(n->f, walks[i].stream);
			if (walk(&x, &walks[i]) == HTTP_RATE)
				break; /* the account is limited: leave the rest for later */
		}
	}
	if (!n->h->dry_run && fetch_commit(n->f) && n->status == SC_EXIT_OK)
		n->status = SC_EXIT_FAIL;
	net_summary(n, "posts and DM events");
	buf_free(&x.text);
	auth_wipe(&x.access);
	return n->status;
}
