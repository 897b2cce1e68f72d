#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "entity.h"
#include "import.h"
#include "jsonw.h"
#include "sctime.h"

static const char *const names[IF_NFIELDS] = {
	[IF_ID] = "id", [IF_HANDLE] = "author.handle", [IF_AUTHOR_ID] = "author.id",
	[IF_NAME] = "author.name", [IF_FOLLOWERS] = "author.followers",
	[IF_VERIFIED] = "author.verified", [IF_INBOUND] = "inbound",
	[IF_DIRECTION] = "direction", [IF_CREATED] = "created_at", [IF_TEXT] = "text",
	[IF_PARENT] = "in_reply_to", [IF_CONV] = "conversation_id",
	[IF_CHANNEL] = "channel", [IF_ACCOUNT] = "account", [IF_LANG] = "lang",
	[IF_URL] = "url", [IF_REPLIES] = "replies", [IF_PARENT_AUTHOR] = "in_reply_to_author",
};

#define L(...) (const char *const[]){__VA_ARGS__, NULL}
static const char *const *const defaults[IF_NFIELDS] = {
	[IF_ID] = L("tweet_id", "id", "id_str"),
	[IF_HANDLE] = L("author_id", "author.handle", "handle", "screen_name", "username"),
	[IF_AUTHOR_ID] = L("author.id", "user_id"),
	[IF_NAME] = L("author_name", "author.name", "name"),
	[IF_FOLLOWERS] = L("followers", "author.followers", "followers_count"),
	[IF_VERIFIED] = L("verified", "author.verified"),
	[IF_INBOUND] = L("inbound"),
	[IF_DIRECTION] = L("direction"),
	[IF_CREATED] = L("created_at", "date", "timestamp"),
	[IF_TEXT] = L("text", "full_text", "body", "message"),
	[IF_PARENT] = L("in_response_to_tweet_id", "in_reply_to", "in_reply_to_status_id_str",
			"in_reply_to_status_id"),
	[IF_CONV] = L("conversation_id"),
	[IF_CHANNEL] = L("channel"),
	[IF_ACCOUNT] = L("account"),
	[IF_LANG] = L("lang", "language"),
	[IF_URL] = L("url"),
	[IF_REPLIES] = L("response_tweet_id"),
	[IF_PARENT_AUTHOR] = L("in_reply_to_author", "in_reply_to_screen_name"),
};
#undef L

int imp_field_by_name(const char *name)
{
	for (int f = 0; f < IF_NFIELDS; f++)
		if (strcmp(names[f], name) == 0)
			return f;
	return -1;
}

const char *imp_field_name(int f)
{
	return names[f];
}

const char *const *imp_defaults(int f)
{
	return defaults[f];
}

int imp_set_map(struct importer *imp, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char field[32];
	int f;

	if (!eq || eq == arg || !eq[1] || (size_t)(eq - arg) >= sizeof field)
		return -1;
	memcpy(field, arg, (size_t)(eq - arg));
	field[eq - arg] = '\0';
	if ((f = imp_field_by_name(field)) < 0)
		return -1;
	imp->map[f] = eq + 1;
	return 0;
}

/* The emitted record: the payload (everything but the two fields that need
 * the conversation), then account and conversation_id. The payload may end
 * with '\0' and an explicit conversation id from the row. */
static void emit(void *ctx, const char *p, size_t len, const char *root, const char *account,
		 int to_brand, const char *ptext, size_t ptext_len)
{
	struct importer *imp = ctx;
	const char *conv = memchr(p, '\0', len);
	struct buf *b = &imp->line;
	struct jsonw w = {b, 1, {0, 0}};

	buf_reset(b);
	buf_put(b, p, conv ? (size_t)(conv - p) : len);
	if (to_brand >= 0)
		jw_bool(&w, "in_reply_to_brand", to_brand);
	if (ptext_len)
		jw_str(&w, "in_reply_to_text", ptext, ptext_len);
	if (*account)
		jw_str(&w, "account", account, strlen(account));
	else
		jw_null(&w, "account");
	jw_key(&w, "conversation_id");
	if (conv && conv[1]) {
		json_str(b, conv + 1, len - (size_t)(conv + 1 - p));
	} else {
		json_prefixed(b, imp->source, root, strlen(root));
	}
	buf_puts(b, "}\n");
	if (fwrite(b->p, 1, b->len, imp->out) != b->len || ferror(imp->out))
		sc_flush_stdout();
}

void imp_init(struct importer *imp, const char *source, size_t window, FILE *out)
{
	memset(imp, 0, sizeof *imp);
	imp->source = source;
	imp->out = out;
	imp->th = thread_new(window, emit, imp);
}

void imp_free(struct importer *imp)
{
	thread_free(imp->th);
	buf_free(&imp->tmp);
	buf_free(&imp->text);
	buf_free(&imp->payload);
	buf_free(&imp->line);
	buf_free(&imp->conv);
}

static void bad(struct importer *imp, const char *file, unsigned long line,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void bad(struct importer *imp, const char *file, unsigned long line,
		const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sc_warn_at(file, line, "%s", msg);
	imp->bad++;
	if (imp->strict)
		imp->stopped = 1;
}

static struct imp_val trim(struct imp_val v)
{
	while (v.n && isspace((unsigned char)v.p[0]))
		v.p++, v.n--;
	while (v.n && isspace((unsigned char)v.p[v.n - 1]))
		v.n--;
	return v;
}

static int is(struct imp_val v, const char *s)
{
	return v.n == strlen(s) && strncasecmp(v.p, s, v.n) == 0;
}

/* An id as archives write it: "3402", "3402.0" (pandas floats), or any
 * string without blanks; a float that lost digits ("1.2E+17") is refused.
 * The source prefix is dropped if the value carries it already. */
static const char *norm_id(struct importer *imp, struct imp_val v, char *out,
			   size_t cap, const char **why)
{
	size_t pl = strlen(imp->source), i, digits = 0;

	v = trim(v);
	if (v.n > pl && v.p[pl] == ':' && memcmp(v.p, imp->source, pl) == 0)
		v.p += pl + 1, v.n -= pl + 1;
	for (i = 0; i < v.n && isdigit((unsigned char)v.p[i]); i++)
		digits++;
	if (digits && digits < v.n && v.p[digits] == '.') {
		for (i = digits + 1; i < v.n && v.p[i] == '0'; i++)
			;
		if (i == v.n)
			v.n = digits; /* "3402.0" → "3402" */
	}
	if (digits && digits < v.n && (v.p[digits] == '.' || v.p[digits] == 'e' ||
				       v.p[digits] == 'E')) {
		*why = "is a number in floating-point form that lost digits";
		return NULL;
	}
	if (memchr(v.p, '\0', v.n)) {
		*why = "holds a NUL character (\\u0000)";
		return NULL;
	}
	for (i = 0; i < v.n; i++)
		if (isspace((unsigned char)v.p[i])) {
			*why = "contains blanks";
			return NULL;
		}
	if (v.n + 1 > cap) {
		*why = "is too long";
		return NULL;
	}
	memcpy(out, v.p, v.n);
	out[v.n] = '\0';
	return out;
}

/* 1 true, 0 false, -1 unknown (empty), -2 not a boolean */
static int boolean(struct imp_val v)
{
	v = trim(v);
	if (!v.p || !v.n)
		return -1;
	if (is(v, "true") || is(v, "1") || is(v, "yes") || is(v, "t"))
		return 1;
	if (is(v, "false") || is(v, "0") || is(v, "no") || is(v, "f"))
		return 0;
	return -2;
}

#define ID_MAX 256

void imp_row(struct importer *imp, const struct imp_val in[IF_NFIELDS],
	     const char *file, unsigned long line)
{
	char id[ID_MAX], parent[ID_MAX], handle[ID_MAX], account[ID_MAX], ts[SC_TIME_MAX];
	struct imp_val v[IF_NFIELDS];
	struct sc_time t;
	const char *why;
	int outbound, private = 0, verified;
	long long followers = -1;

	imp->rows++;
	for (int f = 0; f < IF_NFIELDS; f++)
		v[f] = in[f].p ? trim(in[f]) : in[f];
	if (!v[IF_ID].p || !v[IF_ID].n)
		return bad(imp, file, line, "no id (column or key '%s')",
			   imp->map[IF_ID] ? imp->map[IF_ID] : defaults[IF_ID][0]);
	if (!norm_id(imp, v[IF_ID], id, sizeof id, &why))
		return bad(imp, file, line, "id '%.*s' %s", (int)(v[IF_ID].n > 40 ? 40 : v[IF_ID].n),
			   v[IF_ID].p, why);
	parent[0] = '\0';
	if (v[IF_PARENT].p && v[IF_PARENT].n && !norm_id(imp, v[IF_PARENT], parent, sizeof parent, &why))
		return bad(imp, file, line, "in_reply_to '%.*s' %s",
			   (int)(v[IF_PARENT].n > 40 ? 40 : v[IF_PARENT].n), v[IF_PARENT].p, why);
	if (!v[IF_CREATED].p)
		return bad(imp, file, line, "tweet %s: no created_at", id);
	if (sc_time_parse(v[IF_CREATED].p, v[IF_CREATED].n, &t, &why))
		return bad(imp, file, line, "tweet %s: created_at '%.*s': %s", id,
			   (int)(v[IF_CREATED].n > 40 ? 40 : v[IF_CREATED].n), v[IF_CREATED].p, why);
	if (!v[IF_HANDLE].p || !v[IF_HANDLE].n || v[IF_HANDLE].n >= sizeof handle)
		return bad(imp, file, line, "tweet %s: no author", id);
	/* names that become keys: cut at a NUL, two authors (or accounts)
	 * would be one */
	for (int f = 0; f < IF_NFIELDS; f++)
		if ((f == IF_HANDLE || f == IF_AUTHOR_ID || f == IF_ACCOUNT) && v[f].p &&
		    memchr(v[f].p, '\0', v[f].n))
			return bad(imp, file, line, "tweet %s: %s holds a NUL character (\\u0000)", id,
				   names[f]);
	memcpy(handle, v[IF_HANDLE].p[0] == '@' ? v[IF_HANDLE].p + 1 : v[IF_HANDLE].p,
	       v[IF_HANDLE].n - (v[IF_HANDLE].p[0] == '@'));
	handle[v[IF_HANDLE].n - (v[IF_HANDLE].p[0] == '@')] = '\0';
	account[0] = '\0';
	if (v[IF_ACCOUNT].p && v[IF_ACCOUNT].n < sizeof account) {
		size_t at = v[IF_ACCOUNT].n && v[IF_ACCOUNT].p[0] == '@';
		memcpy(account, v[IF_ACCOUNT].p + at, v[IF_ACCOUNT].n - at);
		account[v[IF_ACCOUNT].n - at] = '\0';
	}

	/* direction: "direction" (in/out), else "inbound" (True/False), else
	 * the author being the account */
	if (v[IF_DIRECTION].p && v[IF_DIRECTION].n) {
		if (is(v[IF_DIRECTION], "in") || is(v[IF_DIRECTION], "inbound"))
			outbound = 0;
		else if (is(v[IF_DIRECTION], "out") || is(v[IF_DIRECTION], "outbound"))
			outbound = 1;
		else
			return bad(imp, file, line, "tweet %s: direction '%.*s' is not in or out", id,
				   (int)(v[IF_DIRECTION].n > 20 ? 20 : v[IF_DIRECTION].n), v[IF_DIRECTION].p);
	} else if (v[IF_INBOUND].p && v[IF_INBOUND].n) {
		int b = boolean(v[IF_INBOUND]);
		if (b < 0)
			return bad(imp, file, line, "tweet %s: inbound '%.*s' is not True or False", id,
				   (int)(v[IF_INBOUND].n > 20 ? 20 : v[IF_INBOUND].n), v[IF_INBOUND].p);
		outbound = !b;
	} else { /* no direction given: the brand's own accounts write outbound */
		outbound = *account ? strcasecmp(account, handle) == 0
				    : thread_is_brand(imp->th, handle);
	}
	if (v[IF_CHANNEL].p && v[IF_CHANNEL].n) {
		if (is(v[IF_CHANNEL], "private") || is(v[IF_CHANNEL], "dm") || is(v[IF_CHANNEL], "direct"))
			private = 1;
		else if (!is(v[IF_CHANNEL], "public"))
			return bad(imp, file, line, "tweet %s: channel '%.*s' is not public or private", id,
				   (int)(v[IF_CHANNEL].n > 20 ? 20 : v[IF_CHANNEL].n), v[IF_CHANNEL].p);
	}
	if (v[IF_FOLLOWERS].p && v[IF_FOLLOWERS].n) {
		char num[32], *end;
		size_t n = v[IF_FOLLOWERS].n < sizeof num ? v[IF_FOLLOWERS].n : sizeof num - 1;
		memcpy(num, v[IF_FOLLOWERS].p, n);
		num[n] = '\0';
		double d = strtod(num, &end);
		if (*end || d < 0 || d > 1e12 || d != (double)(long long)d)
			return bad(imp, file, line, "tweet %s: followers '%s' is not a count", id, num);
		followers = (long long)d;
	}
	verified = v[IF_VERIFIED].p ? boolean(v[IF_VERIFIED]) : -1;
	if (verified == -2)
		return bad(imp, file, line, "tweet %s: verified '%.*s' is not true or false", id,
			   (int)(v[IF_VERIFIED].n > 20 ? 20 : v[IF_VERIFIED].n), v[IF_VERIFIED].p);

	/* the record, up to the fields the conversation decides */
	struct buf *b = &imp->payload;
	struct jsonw w;
	buf_reset(b);
	jw_begin(&w, b);
	jw_key(&w, "id");
	json_prefixed(b, imp->source, id, strlen(id));
	jw_cstr(&w, "source", imp->source);
	jw_cstr(&w, "channel", private ? "private" : "public");
	jw_cstr(&w, "direction", outbound ? "out" : "in");
	sc_time_format(t, ts);
	jw_cstr(&w, "created_at", ts);
	jw_obj(&w, "author");
	jw_key(&w, "id");
	if (v[IF_AUTHOR_ID].p && v[IF_AUTHOR_ID].n) {
		struct imp_val a = v[IF_AUTHOR_ID];
		size_t pl = strlen(imp->source);
		if (a.n > pl && a.p[pl] == ':' && memcmp(a.p, imp->source, pl) == 0)
			a.p += pl + 1, a.n -= pl + 1;
		json_prefixed(b, imp->source, a.p, a.n);
	} else {
		json_prefixed(b, imp->source, handle, strlen(handle));
	}
	jw_cstr(&w, "handle", handle);
	if (v[IF_NAME].p && v[IF_NAME].n)
		jw_str(&w, "name", v[IF_NAME].p, v[IF_NAME].n);
	else
		jw_null(&w, "name");
	if (followers >= 0)
		jw_int(&w, "followers", followers);
	else
		jw_null(&w, "followers");
	if (verified >= 0)
		jw_bool(&w, "verified", verified);
	else
		jw_null(&w, "verified");
	jw_end(&w);
	buf_reset(&imp->text);
	if (v[IF_TEXT].p)
		entity_decode(&imp->text, in[IF_TEXT].p, in[IF_TEXT].n);
	jw_str(&w, "text", imp->text.p ? imp->text.p : "", imp->text.len);
	if (v[IF_LANG].p && v[IF_LANG].n)
		jw_str(&w, "lang", v[IF_LANG].p, v[IF_LANG].n);
	else
		jw_null(&w, "lang");
	jw_key(&w, "in_reply_to");
	if (parent[0]) {
		json_prefixed(b, imp->source, parent, strlen(parent));
	} else {
		buf_puts(b, "null");
	}
	if (v[IF_URL].p && v[IF_URL].n)
		jw_str(&w, "url", v[IF_URL].p, v[IF_URL].n);
	else
		jw_null(&w, "url");
	if (v[IF_CONV].p && v[IF_CONV].n) {
		char conv[ID_MAX];
		if (!norm_id(imp, v[IF_CONV], conv, sizeof conv, &why))
			return bad(imp, file, line, "tweet %s: conversation_id %s", id, why);
		buf_putc(b, '\0');
		buf_printf(b, "%s:%s", imp->source, conv);
	}

	buf_cstr(&imp->text); /* text must be NUL-terminated for the mentions */
	char replies[512];
	size_t rn = v[IF_REPLIES].p ? v[IF_REPLIES].n : 0;
	if (rn >= sizeof replies)
		rn = 0;
	memcpy(replies, rn ? v[IF_REPLIES].p : "", rn);
	replies[rn] = '\0';
	char pauthor[ID_MAX] = "";
	if (v[IF_PARENT_AUTHOR].p && v[IF_PARENT_AUTHOR].n < sizeof pauthor &&
	    !memchr(v[IF_PARENT_AUTHOR].p, '\0', v[IF_PARENT_AUTHOR].n)) {
		size_t at = v[IF_PARENT_AUTHOR].n && v[IF_PARENT_AUTHOR].p[0] == '@';
		memcpy(pauthor, v[IF_PARENT_AUTHOR].p + at, v[IF_PARENT_AUTHOR].n - at);
		pauthor[v[IF_PARENT_AUTHOR].n - at] = '\0';
	}
	struct thread_msg m = {
		.id = id, .parent = parent, .author = handle, .outbound = outbound,
		.parent_author = pauthor,
		.account = account, .text = imp->text.p ? imp->text.p : "", .replies = replies,
		.payload = b->p, .payload_len = b->len,
		/* for the replies' in_reply_to_text */
		.keep = imp->text.p, .keep_len = utf8_prefix(imp->text.p, imp->text.len, SC_REPLY_TEXT_MAX),
	};
	if (thread_add(imp->th, &m)) {
		imp->dups++;
		bad(imp, file, line, "tweet %s: duplicate id, already imported", id);
	}
}

int imp_finish(struct importer *imp)
{
	thread_flush(imp->th);
	return imp->bad ? SC_EXIT_FAIL : SC_EXIT_OK;
}
