#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "htmltext.h"
#include "jget.h"
#include "net_mastodon.h"

#define ID_MAX NET_ID_MAX
#define MAX_PAGES 1000

struct mrun {
	struct net *n;
	char uid[ID_MAX], acct[256];
	struct buf text, next;
};

/* Who the token belongs to: one request per run, which also proves the
 * token before any cursor is touched. */
static int whoami(struct mrun *m)
{
	struct net *n = m->n;
	jv v;
	int rc;

	buf_reset(&n->url);
	buf_printf(&n->url, "%s/api/v1/accounts/verify_credentials", n->api);
	rc = net_result(n, http_json(n->h, "GET", buf_cstr(&n->url), NULL, &v));
	if (rc == HTTP_DRY) {
		snprintf(m->uid, sizeof m->uid, "ACCOUNT_ID");
		return HTTP_OK;
	}
	if (rc != HTTP_OK)
		return rc;
	n->users++;
	if (!jget_str(v, "id", m->uid, sizeof m->uid) || !jget_str(v, "acct", m->acct, sizeof m->acct)) {
		jv_free(v);
		sc_warn("mastodon: %s answered without an account id", http_url_shown(n->url.p));
		return net_result(n, HTTP_FAIL);
	}
	jv_free(v);
	return HTTP_OK;
}

/* The rel="next" URL of a Link header, kept only when it points into the
 * API we were given: a link elsewhere would carry the token there. */
static int link_next(struct mrun *m)
{
	struct net *n = m->n;
	struct buf h = BUF_INIT;
	const char *p, *lt, *gt;
	int found = 0;

	buf_reset(&m->next);
	if (!http_header(n->h, "Link", &h)) {
		buf_free(&h);
		return 0;
	}
	for (p = h.p; (lt = strchr(p, '<')) && (gt = strchr(lt, '>')); p = gt + 1) {
		const char *comma = strchr(gt, ',');
		const char *rel = strstr(gt, "rel=\"next\"");
		if (rel && (!comma || rel < comma)) {
			buf_put(&m->next, lt + 1, (size_t)(gt - lt - 1));
			buf_cstr(&m->next);
			found = 1;
			break;
		}
	}
	buf_free(&h);
	if (found && (strncmp(m->next.p, n->api, strlen(n->api)) != 0 ||
		      (m->next.p[strlen(n->api)] != '/' && m->next.p[strlen(n->api)] != '?'))) {
		sc_warn("mastodon: the next page is on another server (%.100s): not followed", m->next.p);
		return -1;
	}
	return found;
}

static void author(struct mrun *m, struct jsonw *w, jv acc)
{
	char id[ID_MAX], acct[256], name[512];
	jv fol = jget(acc, "followers_count");
	const char *nm = jget_str(acc, "display_name", name, sizeof name);

	net_rec_author(w, &m->n->tmp, "mastodon", jget_str(acc, "id", id, sizeof id),
		       jget_str(acc, "acct", acct, sizeof acct) ? acct : "",
		       nm && *nm ? nm : NULL,
		       net_count(fol), -1);
	jv_free(fol);
}

/* Mastodon gives no thread root (only in_reply_to_id): a reply's
 * conversation is the status it answers, as archive import does for a reply
 * whose parent it has not seen; a status that answers nothing starts its
 * own. Finding the root would cost a context request per reply. */
static const char *conversation(const char *id, const char *parent)
{
	return parent && *parent ? parent : id;
}

static const char *status_rec(struct mrun *m, jv s, const char *id, struct sc_time *tm)
{
	struct net *n = m->n;
	char ts[64], vis[16], lang[16], parent[ID_MAX], aid[ID_MAX], url[1024];
	const char *why;
	struct jsonw w;
	jv acc = jget(s, "account"), html = jget(s, "content");

	if (!jget_str(s, "created_at", ts, sizeof ts) || sc_time_parse(ts, strlen(ts), tm, &why) ||
	    jv_get_kind(acc) != JV_KIND_OBJECT || jv_get_kind(html) != JV_KIND_STRING) {
		jv_free(acc);
		jv_free(html);
		return "no created_at, account or content";
	}
	net_rec_begin(n, &w, id, jget_str(s, "visibility", vis, sizeof vis) &&
		      strcmp(vis, "direct") == 0 ? "private" : "public",
		      jget_str(acc, "id", aid, sizeof aid) && strcmp(aid, m->uid) == 0, *tm);
	author(m, &w, acc);
	buf_reset(&m->text);
	html_text(&m->text, jv_string_value(html), (size_t)jv_string_length_bytes(jv_copy(html)));
	jw_str(&w, "text", m->text.p ? m->text.p : "", m->text.len);
	jw_cstr(&w, "lang", jget_str(s, "language", lang, sizeof lang));
	const char *p = jget_str(s, "in_reply_to_id", parent, sizeof parent);
	net_rec_id(&w, &n->tmp, "in_reply_to", "mastodon", p);
	net_rec_to_brand(&w, !p || !*p ? 0 : jget_str(s, "in_reply_to_account_id", aid, sizeof aid)
		? strcmp(aid, m->uid) == 0 : -1);
	jw_cstr(&w, "url", jget_str(s, "url", url, sizeof url));
	jw_cstr(&w, "account", m->acct);
	net_rec_id(&w, &n->tmp, "conversation_id", "mastodon", conversation(id, p));
	jw_end(&w);
	jv_free(acc);
	jv_free(html);
	return NULL;
}

struct walk {
	int s;
	const char *stream;
	int notifications;  /* items are Notifications (id) wrapping a status */
};

/* One page, newest first; returns 1 when the walk reached the cursor. */
static int page_items(struct mrun *m, const struct walk *k, jv page, const char *cursor,
		      char *newest)
{
	struct net *n = m->n;
	int stop = 0;

	jv_array_foreach(page, i, item) {
		char id[ID_MAX], sid[ID_MAX];
		jv s = k->notifications ? jget(item, "status") : jv_copy(item);
		struct sc_time tm;
		const char *why;

		n->items++;
		if (!jget_str(item, "id", id, sizeof id) || !jget_str(s, "id", sid, sizeof sid)) {
			net_bad(n, k->stream, NULL, "no id");
		} else if (cursor && !id_newer(id, cursor)) {
			stop = 1; /* Link pages do not keep since_id: the walk ends here */
		} else if ((why = status_rec(m, s, sid, &tm))) {
			net_bad(n, k->stream, sid, why);
		} else {
			if (!*newest || id_newer(id, newest))
				snprintf(newest, ID_MAX, "%s", id);
			int r = fetch_add(n->f, k->s, sid, tm);
			if (r == FETCH_OLD)
				stop = 1;
			else if (r == FETCH_FULL) {
				sc_warn("mastodon %s: --limit %ld reached: older messages of this window "
					"were not fetched", k->stream, n->f->limit);
				stop = 1;
			}
		}
		jv_free(s);
		jv_free(item);
	}
	return stop;
}

/* One answer (borrowed): 1 when the walk reached the cursor, 0 to go on,
 * -1 when it is not a page (reported). */
static int page_answer(struct mrun *m, const struct walk *k, jv v, int page, const char *cursor,
		       char *newest)
{
	if (jv_get_kind(v) != JV_KIND_ARRAY) {
		sc_warn("mastodon %s: page %d is not a list: the API answered something else",
			k->stream, page);
		return -1;
	}
	return page_items(m, k, v, cursor, newest);
}

int net_mastodon_page(struct net *n, const char *uid, const char *acct, int s,
		      const char *stream, int notifications, jv page, const char *cursor,
		      char newest[NET_ID_MAX])
{
	struct mrun m = {n, "", "", BUF_INIT, BUF_INIT};
	struct walk k = {s, stream, notifications};
	int rc;

	snprintf(m.uid, sizeof m.uid, "%s", uid);
	snprintf(m.acct, sizeof m.acct, "%s", acct);
	rc = page_answer(&m, &k, page, 1, cursor, newest);
	buf_free(&m.text);
	return rc;
}

static void first_url(struct mrun *m, const struct walk *k, const char *cursor)
{
	struct net *n = m->n;

	buf_reset(&n->url);
	if (k->notifications)
		buf_printf(&n->url, "%s/api/v1/notifications?types%%5B%%5D=mention&limit=40", n->api);
	else
		buf_printf(&n->url, "%s/api/v1/accounts/%s/statuses?limit=40&exclude_reblogs=true",
			   n->api, m->uid);
	if (cursor)
		buf_printf(&n->url, "&since_id=%s", cursor);
	buf_cstr(&n->url);
}

static int walk(struct mrun *m, const struct walk *k)
{
	struct net *n = m->n;
	const char *cursor = fetch_cursor(n->f, k->s);
	char newest[ID_MAX] = "";

	first_url(m, k, cursor);
	for (int page = 1; page <= MAX_PAGES; page++) {
		jv v;
		int rc = net_result(n, http_json(n->h, "GET", n->url.p, NULL, &v)), more;

		if (rc != HTTP_OK)
			return rc;
		int stop = page_answer(m, k, v, page, cursor, newest);
		jv_free(v);
		if (stop < 0)
			return net_result(n, HTTP_FAIL);
		if ((more = link_next(m)) < 0)
			return net_result(n, HTTP_FAIL);
		if (stop || !more)
			break;
		if (strcmp(m->next.p, n->url.p) == 0) {
			sc_warn("mastodon %s: page %d links to itself", k->stream, page);
			return net_result(n, HTTP_FAIL);
		}
		buf_reset(&n->url);
		buf_puts(&n->url, m->next.p);
		buf_cstr(&n->url);
	}
	fetch_done(n->f, k->s, newest[0] ? newest : NULL);
	return HTTP_OK;
}

int net_mastodon_run(struct net *n)
{
	struct mrun m = {n, "", "", BUF_INIT, BUF_INIT};
	struct walk walks[2] = {{0, "mentions", 1}, {0, "statuses", 0}};

	if (whoami(&m) == HTTP_OK) {
		for (int i = 0; i < (n->outbound ? 2 : 1); i++) {
			walks[i].s = fetch_stream(n->f, walks[i].stream);
			if (walk(&m, &walks[i]) == HTTP_RATE)
				break;
		}
	}
	if (!n->h->dry_run && fetch_commit(n->f) && n->status == SC_EXIT_OK)
		n->status = SC_EXIT_FAIL;
	net_summary(n, "notifications and statuses");
	buf_free(&m.text);
	buf_free(&m.next);
	return n->status;
}
