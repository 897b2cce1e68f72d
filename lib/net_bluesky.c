#include <stdio.h>
#include <string.h>

#include "bsky_session.h"
#include "diag.h"
#include "jget.h"
#include "net_bluesky.h"
#include "state.h"

#define URI_MAX 512
#define MAX_PAGES 1000

struct brun {
	struct net *n;
	struct bsky_session s;
	struct buf text, cursor_new;
};

static void own_walk(struct brun *b, int s);

static const char *post_rec(struct brun *b, jv nt, const char *uri, struct sc_time *tm)
{
	struct net *n = b->n;
	char ts[64], did[256], handle[256], name[512], lang[16], parent[URI_MAX], root[URI_MAX];
	const char *why, *rkey = strrchr(uri, '/');
	jv rec = jget(nt, "record"), au = jget(nt, "author"), text = jget(nt, "record.text"),
	   vs = jget(nt, "author.verification.verifiedStatus"), langs = jget(nt, "record.langs");
	struct jsonw w;

	if ((!jget_str(rec, "createdAt", ts, sizeof ts) && !jget_str(nt, "indexedAt", ts, sizeof ts)) ||
	    sc_time_parse(ts, strlen(ts), tm, &why) || !jget_str(au, "did", did, sizeof did) ||
	    !jget_str(au, "handle", handle, sizeof handle) || jv_get_kind(text) != JV_KIND_STRING) {
		why = "no time, author or text";
	} else {
		why = NULL;
		net_rec_begin(n, &w, uri, "public", strcmp(did, b->s.did) == 0, *tm);
		net_rec_author(&w, &n->tmp, "bluesky", did, handle,
			       jget_str(au, "displayName", name, sizeof name) && *name ? name : NULL, -1,
			       jv_get_kind(vs) == JV_KIND_STRING
			       ? strcmp(jv_string_value(vs), "valid") == 0 : -1);
		jw_str(&w, "text", jv_string_value(text), (size_t)jv_string_length_bytes(jv_copy(text)));
		jv l0 = jv_get_kind(langs) == JV_KIND_ARRAY ? jv_array_get(jv_copy(langs), 0) : jv_null();
		snprintf(lang, sizeof lang, "%s", jv_get_kind(l0) == JV_KIND_STRING ? jv_string_value(l0) : "");
		jv_free(l0);
		jw_cstr(&w, "lang", *lang ? lang : NULL);
		const char *par = jget_str(rec, "reply.parent.uri", parent, sizeof parent);
		net_rec_id(&w, &n->tmp, "in_reply_to", "bluesky", par);
		/* the parent's author is the DID its at:// URI names */
		net_rec_to_brand(&w, !par || !*par ? 0 : strncmp(par, "at://", 5) == 0 &&
				 strncmp(par + 5, b->s.did, strlen(b->s.did)) == 0 &&
				 par[5 + strlen(b->s.did)] == '/');
		buf_reset(&n->tmp);
		buf_printf(&n->tmp, "https://bsky.app/profile/%s/post/%s", handle, rkey ? rkey + 1 : "");
		jw_str(&w, "url", n->tmp.p, n->tmp.len);
		jw_cstr(&w, "account", n->account);
		net_rec_id(&w, &n->tmp, "conversation_id", "bluesky",
			   jget_str(rec, "reply.root.uri", root, sizeof root) ? root : uri);
		jw_end(&w);
	}
	jv_free(rec);
	jv_free(au);
	jv_free(text);
	jv_free(vs);
	jv_free(langs);
	return why;
}

/* The cursor is "INDEXEDAT URI...": the newest indexedAt seen and every
 * URI that carries it. Ties are legal (the AppView pages by (sortAt, cid)
 * because a burst can share one instant), so the list is kept whole,
 * however long: a URI left out would be fetched again on the next run.
 * It is read once into a set, so a long list costs no rescans. */
struct bcur {
	char at[64];
	jv uris;                /* object: URI → true; null without a cursor */
};

static void cur_load(struct bcur *c, const char *cursor)
{
	size_t n = cursor ? strcspn(cursor, " ") : 0;

	c->uris = jv_null();
	c->at[0] = '\0';
	if (!n || n >= sizeof c->at)
		return;
	memcpy(c->at, cursor, n);
	c->at[n] = '\0';
	c->uris = jv_object();
	for (const char *p = cursor + n; *p;) {
		size_t len;
		p += strspn(p, " ");
		len = strcspn(p, " ");
		if (len)
			c->uris = jv_object_set(c->uris, jv_string_sized(p, (int)len), jv_true());
		p += len;
	}
}

/* An item of an earlier run: older than the cursor's instant, or one of
 * the URIs seen at it. */
static int seen(const struct bcur *c, const char *at, const char *uri)
{
	int cmp;

	if (jv_get_kind(c->uris) != JV_KIND_OBJECT)
		return 0;
	cmp = strcmp(at, c->at);
	return cmp < 0 || (cmp == 0 && jv_object_has(jv_copy(c->uris), jv_string(uri)));
}

static void advance(struct brun *b, const char *at, const char *uri)
{
	struct buf *c = &b->cursor_new;
	size_t n = c->len ? strcspn(c->p, " ") : 0;
	int cmp = n ? strncmp(at, c->p, n) : 1;

	if (cmp == 0 && at[n])
		cmp = 1;
	if (cmp < 0)
		return; /* older than what we have */
	if (cmp > 0) {
		buf_reset(c);
		buf_puts(c, at);
	}
	buf_printf(c, " %s", uri);
	buf_cstr(c);
}

/* New notifications at the very instant of the old cursor: the old URIs of
 * that instant stay listed, or the next run would take them for new. */
static void keep_same_instant(struct brun *b, const struct bcur *old)
{
	struct buf *c = &b->cursor_new;
	size_t n = strlen(old->at);

	if (jv_get_kind(old->uris) != JV_KIND_OBJECT || !c->len || strcspn(c->p, " ") != n ||
	    strncmp(c->p, old->at, n) != 0)
		return;
	/* the macro evaluates its object again at each step: a jv_copy there
	 * would add a reference each time, and the set would never be freed */
	jv_object_foreach(old->uris, uri, t) {
		buf_printf(c, " %s", jv_string_value(uri));
		jv_free(uri);
		jv_free(t);
	}
	buf_cstr(c);
}

static int wanted(jv nt)
{
	char reason[32];

	return jget_str(nt, "reason", reason, sizeof reason) &&
	       (!strcmp(reason, "mention") || !strcmp(reason, "reply") || !strcmp(reason, "quote"));
}

/* One page; returns 1 when the walk reached what was fetched before. */
static int page_items(struct brun *b, int s, jv list, const struct bcur *cursor)
{
	struct net *n = b->n;
	int stop = 0;

	jv_array_foreach(list, i, nt) {
		char uri[URI_MAX], at[64];
		struct sc_time tm;
		const char *why;

		n->items++;
		if (!jget_str(nt, "uri", uri, sizeof uri) || !jget_str(nt, "indexedAt", at, sizeof at)) {
			net_bad(n, "notifications", NULL, "no uri or indexedAt");
		} else if (seen(cursor, at, uri)) {
			stop |= strcmp(at, cursor->at) < 0;
		} else if (!wanted(nt)) {
			; /* likes, follows, reposts are not messages */
		} else if ((why = post_rec(b, nt, uri, &tm))) {
			net_bad(n, "notifications", uri, why);
		} else {
			int r = fetch_add(n->f, s, uri, tm);
			if (r != FETCH_DUP) /* a page repeating one: listed once */
				advance(b, at, uri);
			if (r == FETCH_OLD || r == FETCH_FULL)
				stop = 1;
			if (r == FETCH_FULL)
				sc_warn("bluesky: --limit %ld reached: older messages of this window were "
					"not fetched", n->f->limit);
		}
		jv_free(nt);
	}
	return stop;
}

/* One answer (borrowed): 1 when the walk reached what was fetched before,
 * 0 to go on, -1 when it is not a page (reported). */
static int page_answer(struct brun *b, int s, jv v, int page, const struct bcur *cursor)
{
	jv list = jget(v, "notifications");
	int stop;

	if (jv_get_kind(list) != JV_KIND_ARRAY) {
		jv_free(list);
		sc_warn("bluesky: page %d has no notifications list", page);
		return -1;
	}
	stop = page_items(b, s, list, cursor);
	jv_free(list);
	return stop;
}

int net_bluesky_page(struct net *n, const char *did, int s, jv page, const char *cursor,
		     struct buf *cursor_new)
{
	struct brun b = {n, BSKY_SESSION_INIT, BUF_INIT, BUF_INIT};
	struct bcur c;
	int rc;

	snprintf(b.s.did, sizeof b.s.did, "%s", did);
	b.cursor_new = *cursor_new;
	cur_load(&c, cursor);
	rc = page_answer(&b, s, page, 1, &c);
	*cursor_new = b.cursor_new;
	jv_free(c.uris);
	buf_free(&b.text);
	return rc;
}

static int walk_pages(struct brun *b, int s, const struct bcur *cursor)
{
	struct net *n = b->n;
	char next[512] = "", prev[512] = "";

	n->h->token = b->s.access.p;
	for (int page = 1; page <= MAX_PAGES; page++) {
		jv v;
		int rc, stop;

		buf_reset(&n->url);
		buf_printf(&n->url, "%s/xrpc/app.bsky.notification.listNotifications?limit=50"
			   "&reasons=mention&reasons=reply&reasons=quote", n->api);
		if (*next) {
			buf_puts(&n->url, "&cursor=");
			http_escape(&n->url, next);
		}
		rc = net_result(n, http_json(n->h, "GET", buf_cstr(&n->url), NULL, &v));
		if (rc != HTTP_OK)
			return rc;
		if ((stop = page_answer(b, s, v, page, cursor)) < 0) {
			jv_free(v);
			return net_result(n, HTTP_FAIL);
		}
		snprintf(prev, sizeof prev, "%s", next);
		if (!jget_str(v, "cursor", next, sizeof next))
			next[0] = '\0';
		jv_free(v);
		if (stop || !next[0])
			break;
		if (strcmp(next, prev) == 0) {
			sc_warn("bluesky: page %d gives the same cursor again", page);
			return net_result(n, HTTP_FAIL);
		}
	}
	return HTTP_OK;
}

static void walk(struct brun *b, int s)
{
	struct bcur cursor;

	cur_load(&cursor, fetch_cursor(b->n->f, s));
	if (walk_pages(b, s, &cursor) == HTTP_OK) {
		keep_same_instant(b, &cursor);
		fetch_done(b->n->f, s, b->cursor_new.len ? b->cursor_new.p : NULL);
	}
	jv_free(cursor.uris);
}

int net_bluesky_run(struct net *n)
{
	struct brun b = {n, BSKY_SESSION_INIT, BUF_INIT, BUF_INIT};

	if (net_result(n, bsky_session_open(&b.s, n->h, n->api, n->account, n->secret,
					    n->sessions)) == HTTP_OK) {
		walk(&b, fetch_stream(n->f, "notifications"));
		/* after a rate limit the account is limited: the rest waits */
		if (n->outbound && n->status != SC_EXIT_RATE)
			own_walk(&b, fetch_stream(n->f, "posts"));
		if (n->dm && n->status != SC_EXIT_RATE)
			net_bluesky_dm(n, b.s.did, fetch_stream(n->f, "dm"));
	}
	n->h->token = NULL;
	if (!n->h->dry_run && fetch_commit(n->f) && n->status == SC_EXIT_OK)
		n->status = SC_EXIT_FAIL;
	net_summary(n, n->dm || n->outbound ? "notifications, feed items and chat messages"
					    : "notifications");
	bsky_session_wipe(&b.s);
	buf_free(&b.text);
	buf_free(&b.cursor_new);
	return n->status;
}

/* The brand's own posts and replies in its author feed: an item with a
 * reason (the brand reposted someone, a pinned post) is not a post it
 * wrote then. Returns 1 when the walk reached what was fetched before. */
static int own_items(struct brun *b, int s, jv feed, const struct bcur *cursor)
{
	struct net *n = b->n;
	int stop = 0;

	jv_array_foreach(feed, i, it) {
		jv p = jget(it, "post"), reason = jget(it, "reason");
		char uri[URI_MAX], at[64], did[256];
		struct sc_time tm;
		const char *why;

		n->items++;
		if (jv_get_kind(reason) != JV_KIND_NULL) {
			; /* a repost or a pin */
		} else if (!jget_str(p, "uri", uri, sizeof uri) || !jget_str(p, "indexedAt", at, sizeof at)) {
			net_bad(n, "posts", NULL, "no uri or indexedAt");
		} else if (seen(cursor, at, uri)) {
			stop |= strcmp(at, cursor->at) < 0;
		} else if (!jget_str(p, "author.did", did, sizeof did) || strcmp(did, b->s.did) != 0) {
			; /* not the brand's */
		} else if ((why = post_rec(b, p, uri, &tm))) {
			net_bad(n, "posts", uri, why);
		} else {
			int r = fetch_add(n->f, s, uri, tm);
			if (r != FETCH_DUP) /* a page repeating one: listed once */
				advance(b, at, uri);
			stop |= r == FETCH_OLD || r == FETCH_FULL;
			if (r == FETCH_FULL)
				sc_warn("bluesky posts: --limit %ld reached: older posts of this window "
					"were not fetched", n->f->limit);
		}
		jv_free(reason);
		jv_free(p);
		jv_free(it);
	}
	return stop;
}

/* A GET of n->url, through the chat proxy or not. http_json sends no
 * extra header, http_call does, and its failures are reported here. */
static int get(struct net *n, int chat, jv *out)
{
	static const char *const proxy[] = {BSKY_CHAT_PROXY, NULL};
	struct buf err = BUF_INIT;
	long status;
	int rc;

	if (!chat)
		return net_result(n, http_json(n->h, "GET", buf_cstr(&n->url), NULL, out));
	rc = http_call(n->h, "GET", buf_cstr(&n->url), NULL, proxy, out, &status, &err);
	if (rc == HTTP_REFUSED)
		sc_warn("GET %s: refused with %ld: %s", n->url.p, status, buf_cstr(&err));
	else if (rc == HTTP_FAIL || rc == HTTP_UNKNOWN)
		sc_warn("GET %s: %s", n->url.p, buf_cstr(&err));
	buf_free(&err);
	return net_result(n, rc == HTTP_REFUSED || rc == HTTP_UNKNOWN ? HTTP_FAIL : rc);
}

int net_bluesky_pages(struct net *n, int chat, const char *key, void (*url)(void *),
		      int (*take)(void *, jv), void *ctx)
{
	char next[512] = "", prev[512] = "";

	for (int page = 1; page <= MAX_PAGES; page++) {
		jv v, list;
		int rc, stop;

		url(ctx);
		if (*next) {
			buf_puts(&n->url, "&cursor=");
			http_escape(&n->url, next);
		}
		if ((rc = get(n, chat, &v)) != HTTP_OK)
			return rc;
		if (jv_get_kind(list = jget(v, key)) != JV_KIND_ARRAY) {
			sc_warn("bluesky: page %d of %s has no %s list", page, n->url.p, key);
			jv_free(list);
			jv_free(v);
			return net_result(n, HTTP_FAIL);
		}
		stop = take(ctx, list);
		jv_free(list);
		snprintf(prev, sizeof prev, "%s", next);
		if (!jget_str(v, "cursor", next, sizeof next))
			next[0] = '\0';
		jv_free(v);
		if (stop < 0)
			return n->status == SC_EXIT_RATE ? HTTP_RATE : HTTP_FAIL;
		if (stop || !next[0])
			return HTTP_OK;
		if (strcmp(next, prev) == 0) {
			sc_warn("bluesky: page %d of %s gives the same cursor again", page, n->url.p);
			return net_result(n, HTTP_FAIL);
		}
	}
	return HTTP_OK;
}

struct own {
	struct brun *b;
	int s;
	struct bcur cursor;
};

static void own_url(void *ctx)
{
	struct own *o = ctx;
	struct net *n = o->b->n;

	buf_reset(&n->url);
	buf_printf(&n->url, "%s/xrpc/app.bsky.feed.getAuthorFeed?limit=100"
		   "&filter=posts_with_replies&actor=", n->api);
	http_escape(&n->url, o->b->s.did);
}

static int own_take(void *ctx, jv feed)
{
	struct own *o = ctx;

	return own_items(o->b, o->s, feed, &o->cursor);
}

/* app.bsky.feed.getAuthorFeed (newest first), with the notifications'
 * kind of cursor: the newest indexedAt and the URIs of that instant. */
static void own_walk(struct brun *b, int s)
{
	struct own o = {b, s};

	cur_load(&o.cursor, fetch_cursor(b->n->f, s));
	buf_reset(&b->cursor_new);
	if (net_bluesky_pages(b->n, 0, "feed", own_url, own_take, &o) == HTTP_OK) {
		keep_same_instant(b, &o.cursor);
		fetch_done(b->n->f, s, b->cursor_new.len ? b->cursor_new.p : NULL);
	}
	jv_free(o.cursor.uris);
}
