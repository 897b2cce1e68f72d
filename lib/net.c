#include <string.h>

#include "diag.h"
#include "net.h"

int net_result(struct net *n, int rc)
{
	if (rc == HTTP_RATE)
		n->status = SC_EXIT_RATE;
	else if (rc == HTTP_FAIL && n->status != SC_EXIT_RATE)
		n->status = SC_EXIT_NET;
	return rc;
}

void net_bad(struct net *n, const char *stream, const char *id, const char *why)
{
	sc_warn("%s %s: item %s: %s: skipped", n->f->source, stream, id ? id : "(no id)", why);
	n->bad++;
	if (n->status == SC_EXIT_OK)
		n->status = SC_EXIT_FAIL;
}

long long net_count(jv v)
{
	double d = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : -1;

	return d >= 0 && d <= 1e15 ? (long long)d : -1;
}

void net_rec_id(struct jsonw *w, struct buf *tmp, const char *key, const char *source,
		const char *id)
{
	if (!id || !*id) {
		jw_null(w, key);
		return;
	}
	buf_reset(tmp);
	buf_printf(tmp, "%s:%s", source, id);
	jw_str(w, key, tmp->p, tmp->len);
}

void net_rec_begin(struct net *n, struct jsonw *w, const char *id, const char *channel,
		   int outbound, struct sc_time t)
{
	char ts[SC_TIME_MAX];

	buf_reset(&n->f->rec);
	jw_begin(w, &n->f->rec);
	net_rec_id(w, &n->tmp, "id", n->f->source, id);
	jw_cstr(w, "source", n->f->source);
	jw_cstr(w, "channel", channel);
	jw_cstr(w, "direction", outbound ? "out" : "in");
	sc_time_format(t, ts);
	jw_cstr(w, "created_at", ts);
}

void net_rec_author(struct jsonw *w, struct buf *tmp, const char *source, const char *id,
		    const char *handle, const char *name, long long followers, int verified)
{
	jw_obj(w, "author");
	net_rec_id(w, tmp, "id", source, id);
	jw_cstr(w, "handle", handle);
	jw_cstr(w, "name", name);
	if (followers >= 0)
		jw_int(w, "followers", followers);
	else
		jw_null(w, "followers");
	if (verified >= 0)
		jw_bool(w, "verified", verified);
	else
		jw_null(w, "verified");
	jw_end(w);
}

void net_summary(struct net *n, const char *what)
{
	sc_note("%s %s: %lu requests (%lu retried, %lu rate-limit waits), %lu %s and %lu users "
		"read, %lu records written, %lu repeated ids dropped, %lu reposts left out, %lu bad",
		n->f->source, n->account, n->h->requests, n->h->retries, n->h->waits, n->items,
		what, n->users, n->f->written, n->f->dups, n->reposts, n->bad);
}

void net_rec_to_brand(struct jsonw *w, int to_brand)
{
	if (to_brand >= 0)
		jw_bool(w, "in_reply_to_brand", to_brand);
}
