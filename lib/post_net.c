/* The pieces every network poster needs the same way: the HTTP client's
 * setup, results mapped onto post.h's, and texts compared as networks show
 * them back (for look-ups). */
#include <ctype.h>
#include <string.h>

#include "post_net.h"

void post_http_init(struct http *h, const struct post_opts *o, const char *reset_header,
		    const char *remaining_header)
{
	http_init(h);
	h->token = o->token;
	h->reset_header = reset_header;
	h->remaining_header = remaining_header;
	if (o->max_wait_s >= 0)
		h->max_wait_s = o->max_wait_s;
	if (o->timeout_s > 0) {
		h->timeout_s = o->timeout_s;
		h->connect_s = o->timeout_s < 10 ? o->timeout_s : 10;
	}
}

int post_result(int rc, long status, const struct buf *err, const char *what,
		struct post_res *res)
{
	const char *e = err->len ? err->p : "no answer";

	buf_reset(&res->error);
	buf_cstr(&res->error); /* "" on success too, never the last call's text */
	switch (rc) {
	case HTTP_OK:
		return POST_OK;
	case HTTP_RATE:
		buf_printf(&res->error, "%s: rate limited past --max-wait", what);
		return POST_RATE;
	case HTTP_UNKNOWN:
		buf_printf(&res->error, "%s: %s (it may have been posted)", what, e);
		return POST_UNKNOWN;
	case HTTP_REFUSED:
		buf_printf(&res->error, "%s: refused with %ld: %s", what, status, e);
		return status == 401 ? POST_FAIL : POST_PERM;
	case HTTP_DRY:
		buf_printf(&res->error, "%s: dry run, not sent", what);
		return POST_FAIL;
	default:
		buf_printf(&res->error, "%s: %s", what, e);
		return POST_FAIL;
	}
}

static int url_at(const char *s)
{
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static const char *skip_url(const char *s)
{
	while (*s && !isspace((unsigned char)*s))
		s++;
	return s;
}

static const char *skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* The user part of a mention ("@name" of "@name@host"): its length. */
static size_t user_part(const char *s)
{
	size_t n = 1;

	while (s[n] && s[n] != '@' && !isspace((unsigned char)s[n]))
		n++;
	return n;
}

int post_text_same(const char *a, const char *b)
{
	a = skip_space(a);
	b = skip_space(b);
	while (*a && *b) {
		size_t na, nb;

		if (url_at(a) && url_at(b)) {
			a = skip_url(a);
			b = skip_url(b);
		} else if (*a == '@' && *b == '@' && (na = user_part(a)) == (nb = user_part(b)) &&
			   strncmp(a, b, na) == 0) {
			a = skip_url(a); /* Mastodon shows a remote @user@host as @user */
			b = skip_url(b);
		} else if (isspace((unsigned char)*a) && isspace((unsigned char)*b)) {
			a = skip_space(a);
			b = skip_space(b);
		} else if (*a++ != *b++) {
			return 0;
		}
	}
	return !*skip_space(a) && !*skip_space(b);
}

const char *post_bare_id(const char *id, const char *source)
{
	size_t n = strlen(source);

	if (id && strncmp(id, source, n) == 0 && id[n] == ':')
		return id + n + 1;
	return id;
}

void post_res_id(struct post_res *res, const char *id)
{
	buf_reset(&res->remote_id);
	buf_puts(&res->remote_id, id);
	buf_cstr(&res->remote_id);
}
