#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "jget.h"
#include "net_meta.h"

#define ID_MAX 256
#define MAX_PAGES 1000
/* Seconds re-read behind a stream's watermark: the Graph API gives times
 * to the second and an item can become visible a little after a newer one
 * was read. The ids seen in that span are kept with the watermark, so what
 * is read twice is dropped, not written twice. */
#define OVERLAP 300
/* Posts and media are scanned back to this long before the watermark: a
 * comment on an older post is not read (see sc-fetch(1)). The first run
 * without --since reads this far back from now. */
#define LOOKBACK (30L * 86400)

static const char fb_comment_fields[] = "id,message,from,created_time,parent{id,from},permalink_url";
#define IG_COMMENT "id,text,timestamp,username,from{id,username},parent_id"
/* Instagram comments come with the first page of their replies. */
static const char ig_comment_fields[] = IG_COMMENT ",replies.limit(50){" IG_COMMENT "}";
static const char message_fields[] = "id,message,from,to,created_time";

/* One stream's watermark: the newest time read, and the ids read within
 * OVERLAP of it (id → epoch seconds). Saved as the stream's cursor, JSON. */
struct mark {
	int s;
	const char *name;
	long long t0, floor;   /* saved watermark; items older than floor are not new */
	jv ids0;               /* saved ids near t0 */
	long long t1;          /* the new watermark */
	jv ids1;               /* ids near it */
};

struct mrun {
	struct net *n;
	int ig;
	const char *source;
	const char *conv_node;  /* where conversations are listed */
	int fatal;              /* 190 or a rate limit: no more requests */
	int full;               /* --limit reached in this stream */
	struct buf text;
};

struct edge_ctx {
	const char *parent;     /* post or media id, or conversation id */
	const char *url;        /* conversation link */
};

/* What an item's function returns: go on, stop this edge (the rest is
 * older than the watermark), or an HTTP_* failure (< 0). */
enum { EACH_GO = 0, EACH_STOP = 1 };
typedef int (*each_fn)(struct mrun *m, struct mark *k, jv item, const struct edge_ctx *c);

static long long now_s(void)
{
	return (long long)time(NULL);
}

static int item_time(jv o, const char *key, long long *t)
{
	char ts[64];
	struct sc_time tm;
	const char *why;

	if (!jget_str(o, key, ts, sizeof ts) || sc_time_parse(ts, strlen(ts), &tm, &why))
		return -1;
	*t = (long long)tm.sec;
	return 0;
}

static void mark_load(struct mrun *m, struct mark *k)
{
	struct fetch *f = m->n->f;
	const char *cur = fetch_cursor(f, k->s);
	jv v = cur ? jv_parse(cur) : jv_invalid();
	jv t = jget(v, "t");

	k->ids0 = jv_object();
	k->ids1 = jv_object();
	if (jv_get_kind(t) == JV_KIND_NUMBER) {
		jv ids = jget(v, "ids");
		k->t0 = (long long)jv_number_value(t);
		k->floor = k->t0 - OVERLAP;
		if (jv_get_kind(ids) == JV_KIND_OBJECT) {
			jv_free(k->ids0);
			k->ids0 = ids;
		} else {
			jv_free(ids);
		}
	} else {
		if (cur)
			sc_warn("%s %s: the saved watermark does not read (%.60s): starting afresh",
				m->source, k->name, cur);
		k->t0 = 0;
		k->floor = f->have_since ? (long long)f->since.sec : now_s() - LOOKBACK;
	}
	if (f->have_since && (long long)f->since.sec > k->floor)
		k->floor = (long long)f->since.sec;
	k->t1 = k->t0;
	jv_free(t);
	jv_free(v);
}

/* An item at time t: 1 when it is new (to be written), 0 when it was read
 * by an earlier run. */
static int mark_take(struct mark *k, const char *id, long long t)
{
	if (t < k->floor || jv_object_has(jv_copy(k->ids0), jv_string(id)))
		return 0;
	if (t > k->t1)
		k->t1 = t;
	k->ids1 = jv_object_set(k->ids1, jv_string(id), jv_number((double)t));
	return 1;
}

/* The new watermark as the stream's cursor: the ids (old and new) within
 * OVERLAP of the newest time. */
static void mark_done(struct mrun *m, struct mark *k)
{
	jv ids = jv_object(), all = jv_copy(k->ids0), out;
	jv_object_foreach(k->ids1, key, val) all = jv_object_set(all, key, val);
	jv_object_foreach(all, key, val) {
		if (jv_get_kind(val) == JV_KIND_NUMBER && (long long)jv_number_value(val) >= k->t1 - OVERLAP)
			ids = jv_object_set(ids, key, val);
		else {
			jv_free(key);
			jv_free(val);
		}
	}
	jv_free(all);
	out = jv_object_set(jv_object_set(jv_object(), jv_string("t"), jv_number((double)k->t1)),
			    jv_string("ids"), ids);
	out = jv_dump_string(out, 0);
	if (k->t1 > 0)
		fetch_done(m->n->f, k->s, jv_string_value(out));
	else
		fetch_done(m->n->f, k->s, NULL);
	jv_free(out);
}

static void mark_free(struct mark *k)
{
	jv_free(k->ids0);
	jv_free(k->ids1);
}

/* ---- Graph API errors and usage --------------------------------------- */

void meta_error(struct http *h, long *code, long *subcode)
{
	jv v = jv_parse_sized(h->body.p ? h->body.p : "", (int)h->body.len);
	jv c = jget(v, "error.code"), s = jget(v, "error.error_subcode");

	*code = jv_get_kind(c) == JV_KIND_NUMBER ? (long)jv_number_value(c) : 0;
	*subcode = jv_get_kind(s) == JV_KIND_NUMBER ? (long)jv_number_value(s) : 0;
	jv_free(c);
	jv_free(s);
	jv_free(v);
}

static int rate_code(long code)
{
	return code == 4 || code == 17 || code == 32 || code == 613 || (code >= 80000 && code <= 80014);
}

/* The longest estimated_time_to_regain_access (minutes) of the business
 * use case header, {"ID":[{"type":…,"call_count":…,…}]}; -1 when absent. */
static long regain_minutes(struct http *h)
{
	struct buf v = BUF_INIT;
	long most = -1;

	if (http_header(h, "x-business-use-case-usage", &v)) {
		jv u = jv_parse(v.p);
		if (jv_get_kind(u) == JV_KIND_OBJECT) {
			jv_object_foreach(u, key, arr) {
				if (jv_get_kind(arr) == JV_KIND_ARRAY) {
					jv_array_foreach(arr, i, e) {
						jv t = jget(e, "estimated_time_to_regain_access");
						if (jv_get_kind(t) == JV_KIND_NUMBER && jv_number_value(t) > most)
							most = (long)jv_number_value(t);
						jv_free(t);
						jv_free(e);
					}
				}
				jv_free(key);
				jv_free(arr);
			}
		}
		jv_free(u);
	}
	buf_free(&v);
	return most;
}

/* "call_count 28%, total_cputime 25%, total_time 25%" from one usage object. */
static void usage_line(struct buf *out, jv o)
{
	static const char *const keys[] = {"call_count", "total_cputime", "total_time"};

	for (size_t i = 0; i < 3; i++) {
		jv x = jget(o, keys[i]);
		if (jv_get_kind(x) == JV_KIND_NUMBER)
			buf_printf(out, "%s%s %g%%", i ? ", " : "", keys[i], jv_number_value(x));
		jv_free(x);
	}
}

static void usage_text(struct http *h, struct buf *out)
{
	struct buf v = BUF_INIT;

	if (http_header(h, "x-app-usage", &v)) {
		jv u = jv_parse(v.p);
		buf_puts(out, "app: ");
		usage_line(out, u);
		jv_free(u);
	}
	if (http_header(h, "x-business-use-case-usage", &v)) {
		jv u = jv_parse(v.p);
		if (jv_get_kind(u) == JV_KIND_OBJECT) {
			jv_object_foreach(u, key, arr) {
				if (jv_get_kind(arr) == JV_KIND_ARRAY) {
					jv_array_foreach(arr, i, e) {
						char type[64];
						jv t = jget(e, "estimated_time_to_regain_access");
						buf_printf(out, "%s%s %s (%s): ", out->len ? "; " : "", "business",
							   jv_string_value(key),
							   jget_str(e, "type", type, sizeof type) ? type : "?");
						usage_line(out, e);
						if (jv_get_kind(t) == JV_KIND_NUMBER && jv_number_value(t) > 0)
							buf_printf(out, ", access back in %g min", jv_number_value(t));
						jv_free(t);
						jv_free(e);
					}
				}
				jv_free(key);
				jv_free(arr);
			}
		}
		jv_free(u);
	}
	buf_cstr(out);
	buf_free(&v);
}

void meta_usage_note(struct http *h, const char *who)
{
	struct buf u = BUF_INIT;

	if (!sc_verbose)
		return;
	usage_text(h, &u);
	if (u.len)
		sc_note("%s: usage %s", who, u.p);
	buf_free(&u);
}

long meta_limit_wait(struct http *h, long status)
{
	long code, sub, min;
	struct buf u = BUF_INIT;

	(void)status;
	meta_error(h, &code, &sub);
	if (!rate_code(code))
		return -1;
	usage_text(h, &u);
	sc_warn("Graph API rate limit (error %ld%s%.0ld)%s%s", code, sub ? "/" : "", sub,
		u.len ? "; usage " : "", u.len ? u.p : "");
	buf_free(&u);
	min = regain_minutes(h);
	return min < 0 ? 60 : min * 60; /* no estimate: a minute, as for 429s */
}

/* After a failed request: an expired or revoked token stops the run with
 * a message saying what to do (the token itself is never printed). */
static int failed(struct mrun *m, int rc)
{
	long code, sub;

	if (rc == HTTP_RATE) {
		m->fatal = 1;
		return rc;
	}
	meta_error(m->n->h, &code, &sub);
	if (code == 190) {
		sc_warn("%s: the access token was refused (Graph API error 190%s%.0ld): it has "
			"expired or was revoked; get a new Page access token and give it in "
			"SC_META_TOKEN or --token-file", m->source, sub ? "/" : "", sub);
		m->fatal = 1;
	}
	return rc;
}

static int get(struct mrun *m, const char *url, jv *out)
{
	struct net *n = m->n;
	int rc = net_result(n, http_json(n->h, "GET", url, NULL, out));

	if (rc == HTTP_OK && jv_get_kind(*out) != JV_KIND_OBJECT) {
		jv_free(*out);
		sc_warn("%s: %s: the answer is not an object", m->source, http_url_shown(url));
		return net_result(n, HTTP_FAIL);
	}
	if (rc == HTTP_OK)
		meta_usage_note(n->h, m->source);
	else if (rc != HTTP_DRY)
		return failed(m, rc);
	return rc;
}

/* ---- records -------------------------------------------------------- */

static void author(struct mrun *m, struct jsonw *w, jv from)
{
	char id[ID_MAX], name[512], user[256];
	const char *nm = jget_str(from, "name", name, sizeof name);
	const char *un = jget_str(from, "username", user, sizeof user);
	const char *aid = jget_str(from, "id", id, sizeof id);

	net_rec_author(w, &m->n->tmp, m->source, aid, un ? un : nm ? nm : aid ? aid : "",
		       nm, -1, -1);
}

static void text(struct mrun *m, struct jsonw *w, jv o, const char *key)
{
	jv t = jget(o, key);

	buf_reset(&m->text);
	if (jv_get_kind(t) == JV_KIND_STRING)
		buf_put(&m->text, jv_string_value(t), (size_t)jv_string_length_bytes(jv_copy(t)));
	jw_str(w, "text", m->text.p ? m->text.p : "", m->text.len);
	jv_free(t);
}

/* Adds the record built in fetch.rec. */
static int add(struct mrun *m, struct mark *k, const char *id, long long t)
{
	if (fetch_add(m->n->f, k->s, id, (struct sc_time){t, 0}) == FETCH_FULL) {
		sc_warn("%s %s: --limit %ld reached: older messages of this window were not fetched",
			m->source, k->name, m->n->f->limit);
		m->full = 1;
	}
	return EACH_GO;
}

/* A comment (Facebook) or a comment or reply (Instagram); 1 when it is
 * older than the watermark (the edge lists newest first). */
/* parent_from: the author of the comment an Instagram reply answers (its
 * replies come embedded in it), else NULL. */
static int comment_rec(struct mrun *m, struct mark *k, jv c, const char *post, const char *parent,
		       const char *parent_from)
{
	struct net *n = m->n;
	char id[ID_MAX], from[ID_MAX], par[ID_MAX], pfrom[ID_MAX], url[1024];
	long long t;
	struct jsonw w;
	jv fr = jget(c, "from");

	n->items++;
	if (!jget_str(c, "id", id, sizeof id)) {
		net_bad(n, k->name, NULL, "no id");
	} else if (item_time(c, m->ig ? "timestamp" : "created_time", &t)) {
		net_bad(n, k->name, id, m->ig ? "no timestamp" : "no created_time");
	} else if (t < k->floor) {
		jv_free(fr);
		return EACH_STOP;
	} else if (mark_take(k, id, t)) {
		net_rec_begin(n, &w, id, "public",
			      jget_str(fr, "id", from, sizeof from) && strcmp(from, n->account) == 0,
			      (struct sc_time){t, 0});
		if (jv_get_kind(fr) != JV_KIND_OBJECT && m->ig) { /* from needs a permission: username */
			char un[256];
			jv_free(fr);
			fr = jv_object_set(jv_object(), jv_string("username"),
					   jv_string(jget_str(c, "username", un, sizeof un) ? un : ""));
		}
		author(m, &w, fr);
		text(m, &w, c, m->ig ? "text" : "message");
		jw_null(&w, "lang");
		if (!parent)
			parent = jget_str(c, m->ig ? "parent_id" : "parent.id", par, sizeof par);
		net_rec_id(&w, &n->tmp, "in_reply_to", m->source, parent ? parent : post);
		/* a comment on the post answers no one's message; a reply answers
		 * its parent comment's author */
		if (!parent_from && parent && !m->ig)
			parent_from = jget_str(c, "parent.from.id", pfrom, sizeof pfrom);
		net_rec_to_brand(&w, !parent ? 0 : parent_from ? strcmp(parent_from, n->account) == 0 : -1);
		jw_cstr(&w, "url", jget_str(c, "permalink_url", url, sizeof url));
		jw_cstr(&w, "account", n->account);
		/* the comment's thread, not the post: a post's commenters are each
		 * a case of their own, with their own owner and replies */
		net_rec_id(&w, &n->tmp, "conversation_id", m->source, parent ? parent : id);
		jw_end(&w);
		jv_free(fr);
		return add(m, k, id, t);
	}
	jv_free(fr);
	return EACH_GO;
}

static int message_rec(struct mrun *m, struct mark *k, jv msg, const struct edge_ctx *c)
{
	struct net *n = m->n;
	char id[ID_MAX], from[ID_MAX];
	long long t;
	struct jsonw w;
	jv fr;

	n->items++;
	if (!jget_str(msg, "id", id, sizeof id)) {
		net_bad(n, k->name, NULL, "no id");
		return 0;
	}
	if (item_time(msg, "created_time", &t)) {
		net_bad(n, k->name, id, "no created_time");
		return 0;
	}
	if (t < k->floor)
		return EACH_STOP;
	if (!mark_take(k, id, t))
		return EACH_GO;
	fr = jget(msg, "from");
	net_rec_begin(n, &w, id, "private",
		      jget_str(fr, "id", from, sizeof from) && strcmp(from, n->account) == 0,
		      (struct sc_time){t, 0});
	author(m, &w, fr);
	text(m, &w, msg, "message");
	jw_null(&w, "lang");
	jw_null(&w, "in_reply_to");
	net_rec_to_brand(&w, 0); /* a DM answers no one message */
	if (c->url && !m->ig) {
		buf_reset(&n->tmp);
		buf_printf(&n->tmp, "https://www.facebook.com%s", c->url);
		jw_str(&w, "url", n->tmp.p, n->tmp.len);
	} else {
		jw_null(&w, "url");
	}
	jw_cstr(&w, "account", n->account);
	net_rec_id(&w, &n->tmp, "conversation_id", m->source, c->parent);
	jw_end(&w);
	jv_free(fr);
	return add(m, k, id, t);
}

/* ---- walking edges ---------------------------------------------------- */

/* An edge's pages ({data, paging}), newest first: page is the first one
 * (embedded in its parent by field expansion, consumed), more the URL that
 * gives the next ones with &after=CURSOR. paging.next says whether there
 * is a next page; its URL is never followed as given, because the Graph
 * API writes the access token into it. */
static int edge(struct mrun *m, struct mark *k, jv page, const char *more, each_fn each,
		const struct edge_ctx *c)
{
	struct buf url = BUF_INIT;
	int rc = HTTP_OK, stop = 0;

	for (int p = 1; p <= MAX_PAGES; p++) {
		jv data = jget(page, "data"), next = jget(page, "paging.next");
		char after[1024];

		if (jv_get_kind(data) != JV_KIND_ARRAY) {
			sc_warn("%s %s: %s: page %d has no \"data\" list: the API answered something else",
				m->source, k->name, c->parent ? c->parent : more, p);
			rc = net_result(m->n, HTTP_FAIL);
			jv_free(data);
			jv_free(next);
			break;
		}
		jv_array_foreach(data, i, item) {
			if (!stop && rc == HTTP_OK && !m->full) {
				int r = each(m, k, item, c);
				if (r < 0)
					rc = r;
				else if (r == EACH_STOP)
					stop = 1;
			}
			jv_free(item);
		}
		jv_free(data);
		if (rc != HTTP_OK || stop || m->full || jv_get_kind(next) != JV_KIND_STRING) {
			jv_free(next);
			break;
		}
		jv_free(next);
		if (!jget_str(page, "paging.cursors.after", after, sizeof after)) {
			sc_warn("%s %s: page %d says there is a next page but gives no "
				"paging.cursors.after to ask for it", m->source, k->name, p);
			rc = net_result(m->n, HTTP_FAIL);
			break;
		}
		jv_free(page);
		page = jv_null();
		buf_reset(&url);
		buf_printf(&url, "%s&after=", more);
		http_escape(&url, after);
		if ((rc = get(m, buf_cstr(&url), &page)) != HTTP_OK) {
			page = jv_null();
			break;
		}
	}
	jv_free(page);
	buf_free(&url);
	return rc;
}

/* The fields parameter, escaped (braces and commas in a URL). */
static void fields(struct buf *b, const char *f)
{
	buf_puts(b, "fields=");
	http_escape(b, f);
}

/* Embedded replies of an Instagram comment (their first page). */
static void ig_replies(struct mrun *m, struct mark *k, jv c, const char *media, const char *cid)
{
	jv reps = jget(c, "replies.data");
	char from[ID_MAX];
	const char *pf = jget_str(c, "from.id", from, sizeof from);

	if (jv_get_kind(reps) == JV_KIND_ARRAY) {
		jv_array_foreach(reps, i, r) {
			comment_rec(m, k, r, media, cid, pf);
			jv_free(r);
		}
	}
	jv_free(reps);
}

static int comment_each(struct mrun *m, struct mark *k, jv c, const struct edge_ctx *x)
{
	char cid[ID_MAX];

	if (m->ig && jget_str(c, "id", cid, sizeof cid))
		ig_replies(m, k, c, x->parent, cid);
	return comment_rec(m, k, c, x->parent, NULL, NULL);
}

/* A post (Facebook) or media (Instagram) and its comments. */
static int post_each(struct mrun *m, struct mark *k, jv post, const struct edge_ctx *x)
{
	struct net *n = m->n;
	struct buf more = BUF_INIT;
	struct edge_ctx c = {NULL, NULL};
	char id[ID_MAX];
	long long created, updated;
	jv comments;
	int rc;

	(void)x;
	if (!jget_str(post, "id", id, sizeof id) ||
	    item_time(post, m->ig ? "timestamp" : "created_time", &created)) {
		net_bad(n, k->name, NULL, "a post without id or time");
		return 0;
	}
	if (created < k->floor - LOOKBACK)
		return EACH_STOP; /* older posts are not scanned */
	if (m->ig || item_time(post, "updated_time", &updated))
		updated = now_s();
	if (updated < k->floor)
		return 0; /* no comment since the watermark */
	comments = jget(post, "comments");
	if (jv_get_kind(comments) != JV_KIND_OBJECT) {
		jv_free(comments);
		return 0;
	}
	c.parent = id;
	buf_printf(&more, "%s/", n->api);
	http_escape(&more, id); /* the API's id, kept to one path segment */
	buf_puts(&more, "/comments?");
	fields(&more, m->ig ? ig_comment_fields : fb_comment_fields);
	buf_puts(&more, m->ig ? "&limit=50" : "&filter=stream&order=reverse_chronological&limit=100");
	rc = edge(m, k, comments, buf_cstr(&more), comment_each, &c);
	buf_free(&more);
	return rc == HTTP_OK ? 0 : rc;
}

static int message_each(struct mrun *m, struct mark *k, jv msg, const struct edge_ctx *c)
{
	return message_rec(m, k, msg, c);
}

static int conv_each(struct mrun *m, struct mark *k, jv conv, const struct edge_ctx *x)
{
	struct net *n = m->n;
	struct buf more = BUF_INIT;
	char id[ID_MAX], link[512];
	struct edge_ctx c;
	long long updated;
	jv msgs;
	int rc;

	(void)x;
	if (!jget_str(conv, "id", id, sizeof id) || item_time(conv, "updated_time", &updated)) {
		net_bad(n, k->name, NULL, "a conversation without id or updated_time");
		return 0;
	}
	if (updated < k->floor)
		return EACH_STOP; /* listed by updated_time, newest first */
	msgs = jget(conv, "messages");
	if (jv_get_kind(msgs) != JV_KIND_OBJECT) {
		jv_free(msgs);
		return 0;
	}
	c.parent = id;
	c.url = jget_str(conv, "link", link, sizeof link);
	buf_printf(&more, "%s/", n->api);
	http_escape(&more, id);
	buf_puts(&more, "/messages?");
	fields(&more, message_fields);
	buf_puts(&more, "&limit=100");
	rc = edge(m, k, msgs, buf_cstr(&more), message_each, &c);
	buf_free(&more);
	return rc == HTTP_OK ? 0 : rc;
}

/* A stream from its first page (consumed): edge() over it, the
 * watermark moved when everything was read. */
static int stream(struct mrun *m, struct mark *k, jv page, const char *url, each_fn each)
{
	struct edge_ctx c = {NULL, NULL};
	int rc = edge(m, k, page, url, each, &c);

	if (rc == HTTP_OK)
		mark_done(m, k);
	return rc;
}

/* One stream: the first page of the top edge, then the rest. */
static int walk(struct mrun *m, struct mark *k, const char *url, each_fn each)
{
	jv page;
	int rc;

	mark_load(m, k);
	rc = get(m, url, &page);
	if (rc == HTTP_OK)
		rc = stream(m, k, page, url, each);
	mark_free(k);
	return rc;
}

int net_meta_page(struct net *n, int ig, int messages, jv page)
{
	struct mrun m = {n, ig, ig ? "instagram" : "facebook", n->account, 0, 0, BUF_INIT};
	struct mark k = {0};
	int rc;

	k.name = messages ? "messages" : "comments";
	k.s = fetch_stream(n->f, k.name);
	mark_load(&m, &k);
	rc = stream(&m, &k, page, "", messages ? conv_each : post_each);
	mark_free(&k);
	buf_free(&m.text);
	return rc;
}

static void feed_url(struct mrun *m, struct buf *u)
{
	struct net *n = m->n;

	buf_reset(u);
	if (m->ig) {
		buf_printf(u, "%s/%s/media?", n->api, n->account);
		buf_puts(u, "fields=");
		http_escape(u, "id,timestamp,permalink,comments.limit(50){");
		http_escape(u, ig_comment_fields);
		http_escape(u, "}");
	} else {
		buf_printf(u, "%s/%s/feed?", n->api, n->account);
		buf_puts(u, "fields=");
		http_escape(u, "id,created_time,updated_time,permalink_url,comments.filter(stream)"
			    ".order(reverse_chronological).limit(50){");
		http_escape(u, fb_comment_fields);
		http_escape(u, "}");
	}
	buf_puts(u, "&limit=25");
	buf_cstr(u);
}

static void conv_url(struct mrun *m, struct buf *u)
{
	struct net *n = m->n;

	buf_reset(u);
	buf_printf(u, "%s/%s/conversations?platform=%s&", n->api, m->conv_node,
		   m->ig ? "instagram" : "messenger");
	buf_puts(u, "fields=");
	http_escape(u, "id,updated_time,link,messages.limit(50){");
	http_escape(u, message_fields);
	http_escape(u, "}");
	buf_puts(u, "&limit=25");
	buf_cstr(u);
}

static int run(struct net *n, int ig)
{
	struct mrun m = {n, ig, ig ? "instagram" : "facebook", NULL, 0, 0, BUF_INIT};
	struct mark ks[2] = {{0}, {0}};
	struct buf url = BUF_INIT;

	m.conv_node = ig && n->page ? n->page : n->account;
	n->h->limit_wait = meta_limit_wait;
	ks[0].name = "comments";
	ks[1].name = "messages";
	for (int i = 0; i < 2 && !m.fatal; i++) {
		m.full = 0;
		ks[i].s = fetch_stream(n->f, ks[i].name);
		if (i == 0)
			feed_url(&m, &url);
		else
			conv_url(&m, &url);
		walk(&m, &ks[i], url.p, i == 0 ? post_each : conv_each);
	}
	if (!n->h->dry_run && fetch_commit(n->f) && n->status == SC_EXIT_OK)
		n->status = SC_EXIT_FAIL;
	net_summary(n, ig ? "comments and messages" : "comments and messages");
	buf_free(&url);
	buf_free(&m.text);
	return n->status;
}

int net_facebook_run(struct net *n)
{
	return run(n, 0);
}

int net_instagram_run(struct net *n)
{
	return run(n, 1);
}
