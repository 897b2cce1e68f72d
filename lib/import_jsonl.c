/* JSON-lines archives: each line an object; each record field is looked up
 * by key (a dotted path such as "user.screen_name" reaches into objects),
 * from --map or the default names, then normalised as CSV rows are. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "import.h"
#include "jget.h"
#include "record.h"
#include "xtweet.h"

static const char *const format_names[JF_NFORMATS] = {
	[JF_AUTO] = "auto", [JF_GENERIC] = "generic", [JF_V11] = "v1.1", [JF_V2] = "v2",
	[JF_TWARC2] = "twarc2", [JF_FLAT] = "flat",
};

int jsonl_format_by_name(const char *name)
{
	for (int f = JF_GENERIC; f < JF_NFORMATS; f++)
		if (strcmp(format_names[f], name) == 0)
			return f;
	return -1;
}

const char *jsonl_format_name(int f)
{
	return format_names[f];
}

/* Looks up a dotted path; returns the value (owned) or jv_invalid(). */
static jv lookup(jv obj, const char *path)
{
	jv v = jv_copy(obj);
	const char *s = path;

	while (*s) {
		size_t n = strcspn(s, ".");
		if (jv_get_kind(v) != JV_KIND_OBJECT) {
			jv_free(v);
			return jv_invalid();
		}
		jv key = jv_string_sized(s, (int)n);
		if (!jv_object_has(jv_copy(v), jv_copy(key))) {
			jv_free(key);
			jv_free(v);
			return jv_invalid();
		}
		v = jv_object_get(v, key);
		s += n + (s[n] == '.');
	}
	return v;
}

struct slot {
	jv v;
	char num[32];
};

/* Turns a JSON value into the string the normaliser reads; returns a
 * reason when it cannot. */
static const char *value(struct slot *sl, int f, struct imp_val *out)
{
	jv v = sl->v;

	switch (jv_get_kind(v)) {
	case JV_KIND_STRING:
		out->p = jv_string_value(v);
		out->n = (size_t)jv_string_length_bytes(jv_copy(v));
		return NULL;
	case JV_KIND_NULL:
		out->p = "", out->n = 0;
		return NULL;
	case JV_KIND_TRUE:
	case JV_KIND_FALSE:
		out->p = jv_get_kind(v) == JV_KIND_TRUE ? "true" : "false";
		out->n = strlen(out->p);
		return NULL;
	case JV_KIND_NUMBER: {
		double d = jv_number_value(v);
		int id = f == IF_ID || f == IF_PARENT || f == IF_CONV || f == IF_AUTHOR_ID;
		/* from 2^53 on a double no longer holds every whole number: the
		 * id 2^53+1 arrives as 2^53, so 2^53 itself may be a rounded one
		 * (another row's id, a reply's parent): refuse rather than guess */
		if (id && (d != floor(d) || fabs(d) >= 9007199254740992.0))
			return "is a JSON number that cannot hold the id exactly: write ids as strings";
		if (d == floor(d) && fabs(d) < 1e18)
			snprintf(sl->num, sizeof sl->num, "%.0f", d);
		else
			snprintf(sl->num, sizeof sl->num, "%.17g", d);
		out->p = sl->num, out->n = strlen(sl->num);
		return NULL;
	}
	default:
		return "is an object or array, not a value";
	}
}

#define L(...) (const char *const[]){__VA_ARGS__, NULL}
/* Twitter API v1.1 tweet objects (the REST statuses endpoints, the streaming API, tweet
 * archives of the last decade): the whole text of an extended tweet is in
 * extended_tweet.full_text (compatibility mode, whose text is cut at 140
 * characters) or full_text (tweet_mode=extended), never the cut text. */
static const char *const *const v11_paths[IF_NFIELDS] = {
	[IF_ID] = L("id_str"),
	[IF_HANDLE] = L("user.screen_name"),
	[IF_AUTHOR_ID] = L("user.id_str"),
	[IF_NAME] = L("user.name"),
	[IF_FOLLOWERS] = L("user.followers_count"),
	[IF_VERIFIED] = L("user.verified"),
	[IF_CREATED] = L("created_at"),
	[IF_TEXT] = L("extended_tweet.full_text", "full_text", "text"),
	[IF_PARENT] = L("in_reply_to_status_id_str"),
	[IF_PARENT_AUTHOR] = L("in_reply_to_screen_name"),
	[IF_LANG] = L("lang"),
};
#undef L

static int has(jv o, const char *key, jv_kind kind)
{
	jv v = jv_object_has(jv_copy(o), jv_string(key)) ? jv_object_get(jv_copy(o), jv_string(key))
							   : jv_invalid();
	int yes = jv_get_kind(v) == kind;

	jv_free(v);
	return yes;
}

/* The shape of one line: a page of the X API v2 (data and includes; twarc2
 * adds __twarc), a v1.1 tweet (id_str and user), a v2 post on its own
 * (twarc2 flatten: author expanded beside author_id), else anything. */
static int shape(jv o)
{
	if (has(o, "data", JV_KIND_ARRAY) || has(o, "data", JV_KIND_OBJECT))
		return has(o, "__twarc", JV_KIND_OBJECT) ? JF_TWARC2 : JF_V2;
	if (has(o, "id_str", JV_KIND_STRING) && has(o, "user", JV_KIND_OBJECT))
		return JF_V11;
	if (has(o, "id", JV_KIND_STRING) && has(o, "author_id", JV_KIND_STRING) &&
	    (has(o, "author", JV_KIND_OBJECT) || has(o, "edit_history_tweet_ids", JV_KIND_ARRAY) ||
	     has(o, "conversation_id", JV_KIND_STRING)))
		return JF_FLAT;
	return JF_GENERIC;
}

/* The fields of a line read by key (generic, v1.1); NULL, or why one
 * cannot be read (*bad: that field). The slots' values are the caller's to
 * free. */
static const char *by_key(struct importer *imp, jv o, const char *const *const *paths,
			  struct slot sl[IF_NFIELDS], struct imp_val v[IF_NFIELDS], int *bad)
{
	const char *why = NULL;

	for (int f = 0; f < IF_NFIELDS; f++) {
		const char *one[] = {imp->map[f], NULL};
		const char *const *tries = imp->map[f] ? one : paths ? paths[f] : imp_defaults(f);

		sl[f].v = jv_invalid();
		v[f] = (struct imp_val){NULL, 0};
		for (; tries && *tries && !jv_is_valid(sl[f].v); tries++)
			sl[f].v = lookup(o, *tries);
		if (jv_is_valid(sl[f].v) && !why && (why = value(&sl[f], f, &v[f])))
			*bad = f;
	}
	return why;
}

/* The post's address as sc-fetch x writes it. */
static void post_url(struct importer *imp, struct imp_val v[IF_NFIELDS])
{
	buf_reset(&imp->tmp);
	buf_printf(&imp->tmp, "https://x.com/%.*s/status/%.*s",
		   v[IF_HANDLE].p && v[IF_HANDLE].n ? (int)v[IF_HANDLE].n : 5,
		   v[IF_HANDLE].p && v[IF_HANDLE].n ? v[IF_HANDLE].p : "i/web",
		   (int)v[IF_ID].n, v[IF_ID].p);
	v[IF_URL] = (struct imp_val){imp->tmp.p, imp->tmp.len};
}

static struct imp_val str(const char *s)
{
	return *s ? (struct imp_val){s, strlen(s)} : (struct imp_val){NULL, 0};
}

/* One v2 post (borrowed) with its authors in users, as the live API's are
 * read (xtweet.c): a repost is counted and left out. */
static void v2_post(struct importer *imp, struct recin *r, jv t, jv users)
{
	struct imp_val v[IF_NFIELDS] = {{NULL, 0}};
	struct xtweet xt;
	struct xuser parent;
	char followers[32];
	const char *why = xtweet_read(t, users, &xt);

	if (why) {
		imp->rows++;
		recin_bad(r, "X API v2 post%s%s: %s", xt.id[0] ? " " : "", xt.id, why);
	} else if (xt.retweeted[0]) {
		imp->retweets++;
	} else {
		v[IF_ID] = str(xt.id);
		v[IF_AUTHOR_ID] = str(xt.author_id);
		v[IF_HANDLE] = str(xt.author.handle[0] ? xt.author.handle : xt.author_id);
		v[IF_NAME] = str(xt.author.name);
		if (xt.author.followers >= 0) {
			snprintf(followers, sizeof followers, "%lld", xt.author.followers);
			v[IF_FOLLOWERS] = str(followers);
		}
		if (xt.author.verified >= 0)
			v[IF_VERIFIED] = str(xt.author.verified ? "true" : "false");
		v[IF_CREATED] = str(xt.created);
		if (jv_get_kind(xt.text) == JV_KIND_STRING)
			v[IF_TEXT] = (struct imp_val){jv_string_value(xt.text),
						      (size_t)jv_string_length_bytes(jv_copy(xt.text))};
		v[IF_PARENT] = str(xt.parent);
		if (xt.parent[0] && xt.parent_uid[0]) {
			xtweet_user(users, xt.parent_uid, &parent);
			v[IF_PARENT_AUTHOR] = str(parent.handle);
		}
		v[IF_CONV] = str(xt.conv);
		v[IF_LANG] = str(xt.lang);
		post_url(imp, v);
		imp_row(imp, v, recin_file(r), recin_line(r));
	}
	xtweet_free(&xt);
}

/* An answer of the X API v2 (a twarc2 page): every post of data, with its
 * author from includes.users. */
static void v2_page(struct importer *imp, struct recin *r, jv page)
{
	jv data = jget(page, "data"), users = xtweet_users(page, NULL);

	if (jv_get_kind(data) == JV_KIND_OBJECT) /* a look-up of one post */
		data = jv_array_append(jv_array(), data);
	if (jv_get_kind(data) != JV_KIND_ARRAY) {
		imp->rows++;
		recin_bad(r, "not an X API v2 answer: no \"data\" list of posts");
	} else {
		jv_array_foreach(data, i, t) {
			if (!imp->stopped)
				v2_post(imp, r, t, users);
			jv_free(t);
		}
	}
	jv_free(data);
	jv_free(users);
}

/* A twarc2 flattened post: its author (and the user it answers) expanded
 * in it instead of in includes.users. */
static void flat_post(struct importer *imp, struct recin *r, jv t)
{
	jv users = jv_object();
	static const char *const who[] = {"author", "in_reply_to_user"};

	for (size_t k = 0; k < sizeof who / sizeof *who; k++) {
		jv u = jget(t, who[k]);
		char id[XT_ID];
		if (jget_str(u, "id", id, sizeof id))
			users = jv_object_set(users, jv_string(id), u);
		else
			jv_free(u);
	}
	v2_post(imp, r, t, users);
	jv_free(users);
}

/* One line read by key: generic (--map, default names) or v1.1. */
static void keyed(struct importer *imp, struct recin *r, int fmt)
{
	struct slot sl[IF_NFIELDS];
	struct imp_val v[IF_NFIELDS];
	int bad = 0;
	const char *why;

	if (fmt == JF_V11 && !has(r->v, "id_str", JV_KIND_STRING) && !imp->map[IF_ID]) {
		imp->rows++;
		recin_bad(r, "not a Twitter v1.1 tweet: no \"id_str\"");
		return;
	}
	if ((why = by_key(imp, r->v, fmt == JF_V11 ? v11_paths : NULL, sl, v, &bad))) {
		imp->rows++;
		recin_bad(r, "%s %s", imp_field_name(bad), why);
	} else if (fmt == JF_V11 && has(r->v, "retweeted_status", JV_KIND_OBJECT)) {
		imp->retweets++;
	} else {
		if (fmt == JF_V11 && !v[IF_URL].p && v[IF_ID].p)
			post_url(imp, v);
		imp_row(imp, v, recin_file(r), recin_line(r));
	}
	for (int f = 0; f < IF_NFIELDS; f++)
		jv_free(sl[f].v);
}

int import_jsonl(struct importer *imp, const char *path)
{
	struct recin r;
	char *files[] = {(char *)path};

	recin_open(&r, files, 1, imp->strict);
	while (!imp->stopped && recin_next(&r)) {
		int fmt = imp->format == JF_AUTO ? shape(r.v) : imp->format;

		/* X's posts keep X's ids (x:…, as sc-fetch x writes them) unless
		 * --source says otherwise; the first record decides for all */
		if (!imp->source_named && !imp->rows && !imp->retweets && fmt != JF_GENERIC)
			imp->source = "x";
		switch (fmt) {
		case JF_V2:
		case JF_TWARC2:
			v2_page(imp, &r, r.v);
			break;
		case JF_FLAT:
			flat_post(imp, &r, r.v);
			break;
		default:
			keyed(imp, &r, fmt);
		}
		if (r.stopped)
			imp->stopped = 1;
	}
	imp->bad += r.bad;
	if (r.stopped)
		imp->stopped = 1;
	recin_close(&r);
	return r.l.err ? -1 : 0;
}
