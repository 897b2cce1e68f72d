#include <stdio.h>
#include <string.h>

#include "jget.h"
#include "net.h"
#include "xtweet.h"

/* An includes list (includes.users, includes.tweets) as id → object. */
static jv by_id(jv page, const char *path, unsigned long *count)
{
	jv list = jget(page, path), map = jv_object();

	if (jv_get_kind(list) == JV_KIND_ARRAY) {
		jv_array_foreach(list, i, u) {
			char id[XT_ID];
			if (jget_str(u, "id", id, sizeof id)) {
				map = jv_object_set(map, jv_string(id), jv_copy(u));
				if (count)
					(*count)++;
			}
			jv_free(u);
		}
	}
	jv_free(list);
	return map;
}

jv xtweet_users(jv page, unsigned long *count)
{
	return by_id(page, "includes.users", count);
}

jv xtweet_refs(jv page)
{
	return by_id(page, "includes.tweets", NULL);
}

jv xtweet_text(jv t)
{
	/* a post over 280 characters comes with its start in text and the
	 * whole of it in note_tweet.text */
	jv note = jget(t, "note_tweet.text");

	if (jv_get_kind(note) == JV_KIND_STRING)
		return note;
	jv_free(note);
	return jget(t, "text");
}

void xtweet_user(jv users, const char *id, struct xuser *u)
{
	jv o = jv_get_kind(users) == JV_KIND_OBJECT && jv_object_has(jv_copy(users), jv_string(id))
		? jv_object_get(jv_copy(users), jv_string(id)) : jv_null();
	jv fol = jget(o, "public_metrics.followers_count"), ver = jget(o, "verified");

	if (!jget_str(o, "username", u->handle, sizeof u->handle))
		u->handle[0] = '\0';
	if (!jget_str(o, "name", u->name, sizeof u->name))
		u->name[0] = '\0';
	u->followers = net_count(fol);
	u->verified = jv_get_kind(ver) == JV_KIND_TRUE ? 1 : jv_get_kind(ver) == JV_KIND_FALSE ? 0 : -1;
	jv_free(fol);
	jv_free(ver);
	jv_free(o);
}

/* referenced_tweets: the post replied to, and the one reposted. */
static void refs(jv t, struct xtweet *x)
{
	jv r = jget(t, "referenced_tweets");

	if (jv_get_kind(r) == JV_KIND_ARRAY) {
		jv_array_foreach(r, i, ref) {
			char type[32], id[XT_ID];
			if (jget_str(ref, "type", type, sizeof type) && jget_str(ref, "id", id, sizeof id)) {
				if (!x->parent[0] && strcmp(type, "replied_to") == 0)
					snprintf(x->parent, sizeof x->parent, "%s", id);
				else if (!x->retweeted[0] && strcmp(type, "retweeted") == 0)
					snprintf(x->retweeted, sizeof x->retweeted, "%s", id);
			}
			jv_free(ref);
		}
	}
	jv_free(r);
}

const char *xtweet_read(jv t, jv users, struct xtweet *x)
{
	memset(x, 0, sizeof *x);
	x->text = xtweet_text(t);
	x->author.followers = -1;
	x->author.verified = -1;
	if (!jget_str(t, "id", x->id, sizeof x->id))
		return "no id";
	if (!jget_str(t, "created_at", x->created, sizeof x->created))
		return "no created_at (tweet.fields ignored?)";
	if (!jget_str(t, "author_id", x->author_id, sizeof x->author_id))
		return "no author_id";
	xtweet_user(users, x->author_id, &x->author);
	if (!jget_str(t, "lang", x->lang, sizeof x->lang))
		x->lang[0] = '\0';
	refs(t, x);
	if (!jget_str(t, "in_reply_to_user_id", x->parent_uid, sizeof x->parent_uid))
		x->parent_uid[0] = '\0';
	if (!jget_str(t, "conversation_id", x->conv, sizeof x->conv))
		x->conv[0] = '\0';
	return NULL;
}

void xtweet_free(struct xtweet *x)
{
	jv_free(x->text);
	x->text = jv_null();
}
