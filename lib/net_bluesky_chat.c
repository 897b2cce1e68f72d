/* Bluesky's direct messages (sc-fetch bluesky --dm): the account's chat
 * conversations through the PDS, which passes chat.bsky.* requests on to
 * the chat service (the atproto-proxy header).
 *
 * chat.bsky.convo.listConvos lists the conversations most recently active
 * first, each with its rev (the rev of its last event); getMessages lists
 * one conversation's messages newest first. Revs are TIDs from one clock
 * for all of an account's conversations (getLog pages every conversation
 * by them), so the stream's cursor is one rev: the newest of the messages
 * an earlier run wrote. A walk reads the conversations down to the first
 * one with nothing newer, and in each the messages down to the first one
 * already fetched. */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "jget.h"
#include "net_bluesky.h"

#define REV_MAX 64
#define ID_MAX 128
#define MESSAGE_VIEW "chat.bsky.convo.defs#messageView"
#define GROUP_CONVO "chat.bsky.convo.defs#groupConvo"

struct chat {
	struct net *n;
	const char *did;      /* the brand's */
	int s;
	const char *cursor;   /* the newest rev an earlier run listed, or NULL */
	char newest[REV_MAX]; /* the newest rev this walk listed */
	int full;
};

/* Revs are TIDs: base32-sortable, so a later one sorts after (and a
 * longer one is later). */
static int rev_after(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return la != lb ? la > lb : strcmp(a, b) > 0;
}

/* The member of the conversation with that DID (a profileViewBasic), or
 * null. */
static jv member(jv members, const char *did)
{
	jv found = jv_null();
	char d[256];

	if (jv_get_kind(members) != JV_KIND_ARRAY)
		return found;
	jv_array_foreach(members, i, m) {
		if (jv_get_kind(found) == JV_KIND_NULL && jget_str(m, "did", d, sizeof d) &&
		    strcmp(d, did) == 0)
			found = jv_copy(m);
		jv_free(m);
	}
	return found;
}

/* One message as a record in n->f->rec; NULL or why it cannot be. */
static const char *msg_rec(struct chat *c, jv m, jv members, const char *convo, const char *id,
			   struct sc_time *tm)
{
	struct net *n = c->n;
	char sender[256], ts[64], handle[256], name[512], parent[ID_MAX];
	jv text = jget(m, "text"), who, vs;
	const char *why;
	struct jsonw w;

	if (!jget_str(m, "sentAt", ts, sizeof ts) || sc_time_parse(ts, strlen(ts), tm, &why) ||
	    !jget_str(m, "sender.did", sender, sizeof sender) || jv_get_kind(text) != JV_KIND_STRING) {
		jv_free(text);
		return "no sentAt, sender or text";
	}
	who = member(members, sender);
	vs = jget(who, "verification.verifiedStatus");
	net_rec_begin(n, &w, id, "private", strcmp(sender, c->did) == 0, *tm);
	net_rec_author(&w, &n->tmp, "bluesky", sender,
		       jget_str(who, "handle", handle, sizeof handle) ? handle : sender,
		       jget_str(who, "displayName", name, sizeof name) && *name ? name : NULL, -1,
		       jv_get_kind(vs) == JV_KIND_STRING ? strcmp(jv_string_value(vs), "valid") == 0 : -1);
	jw_str(&w, "text", jv_string_value(text), (size_t)jv_string_length_bytes(jv_copy(text)));
	jw_null(&w, "lang");
	net_rec_id(&w, &n->tmp, "in_reply_to", "bluesky", jget_str(m, "replyTo.id", parent, sizeof parent));
	net_rec_to_brand(&w, 0); /* a DM answers no post of the brand's */
	buf_reset(&n->tmp);
	buf_puts(&n->tmp, "https://bsky.app/messages/");
	buf_puts(&n->tmp, convo);
	jw_str(&w, "url", n->tmp.p, n->tmp.len);
	jw_cstr(&w, "account", n->account);
	/* the id getConvoForMembers gives sc-reply for its DMs: the brand's
	 * answer and the customer's next message join this conversation */
	net_rec_id(&w, &n->tmp, "conversation_id", "bluesky", convo);
	jw_end(&w);
	jv_free(vs);
	jv_free(who);
	jv_free(text);
	return NULL;
}

/* One page of a conversation's messages (those up to rev upto); 1 when no
 * older page is needed. */
static int messages(struct chat *c, jv list, jv members, const char *convo, const char *upto)
{
	struct net *n = c->n;
	int stop = 0;

	jv_array_foreach(list, i, m) {
		char id[ID_MAX], rev[REV_MAX], type[64];
		struct sc_time tm;
		const char *why;

		n->items++;
		if (stop) {
			; /* older than what stopped the walk */
		} else if (!jget_str(m, "id", id, sizeof id) || !jget_str(m, "rev", rev, sizeof rev)) {
			net_bad(n, "dm", NULL, "no id or rev");
		} else if (c->cursor && !rev_after(rev, c->cursor)) {
			stop = 1; /* fetched by an earlier run, and all below it */
		} else if (rev_after(rev, upto)) {
			; /* sent after the listing: the next run's */
		} else if (!jget_str(m, "$type", type, sizeof type) || strcmp(type, MESSAGE_VIEW) != 0) {
			; /* a deleted message, a system message: no text to answer */
		} else if ((why = msg_rec(c, m, members, convo, id, &tm))) {
			net_bad(n, "dm", id, why);
		} else {
			int r = fetch_add(n->f, c->s, id, tm);
			stop = r == FETCH_OLD || r == FETCH_FULL;
			if (r == FETCH_FULL && !c->full++)
				sc_warn("bluesky dm: --limit %ld reached: older messages of this window "
					"were not fetched", n->f->limit);
		}
		jv_free(m);
	}
	return stop;
}

struct convo {
	struct chat *c;
	const char *id, *rev;
	jv members;
};

static void messages_url(void *ctx)
{
	struct convo *cv = ctx;
	struct net *n = cv->c->n;

	buf_reset(&n->url);
	buf_printf(&n->url, "%s/xrpc/chat.bsky.convo.getMessages?limit=100&convoId=", n->api);
	http_escape(&n->url, cv->id);
}

static int take_messages(void *ctx, jv list)
{
	struct convo *cv = ctx;

	return messages(cv->c, list, cv->members, cv->id, cv->rev);
}

/* One conversation of listConvos: 1 when the older ones hold nothing new,
 * 0 to go on, -1 when reading it failed. */
static int conversation(struct chat *c, jv cv)
{
	char id[ID_MAX], rev[REV_MAX], kind[64];
	struct convo k = {c, id, rev, jv_null()};
	int rc;

	if (!jget_str(cv, "id", id, sizeof id) || !jget_str(cv, "rev", rev, sizeof rev)) {
		net_bad(c->n, "dm", NULL, "a conversation without id or rev");
		return 0;
	}
	if (c->cursor && !rev_after(rev, c->cursor))
		return 1; /* listed most recently active first: the rest is older */
	if (!*c->newest || rev_after(rev, c->newest))
		snprintf(c->newest, sizeof c->newest, "%s", rev);
	if (jget_str(cv, "kind.$type", kind, sizeof kind) && strcmp(kind, GROUP_CONVO) == 0)
		return 0; /* a group chat is not a customer writing to the brand */
	k.members = jget(cv, "members");
	rc = net_bluesky_pages(c->n, 1, "messages", messages_url, take_messages, &k);
	jv_free(k.members);
	return rc == HTTP_OK ? 0 : -1;
}

static void convos_url(void *ctx)
{
	struct chat *c = ctx;

	buf_reset(&c->n->url);
	buf_printf(&c->n->url, "%s/xrpc/chat.bsky.convo.listConvos?limit=100", c->n->api);
}

static int take_convos(void *ctx, jv list)
{
	struct chat *c = ctx;
	int stop = 0;

	jv_array_foreach(list, i, cv) {
		if (!stop && !c->full)
			stop = conversation(c, cv);
		jv_free(cv);
	}
	return stop ? stop : c->full;
}

int net_bluesky_dm(struct net *n, const char *did, int s)
{
	struct chat c = {n, did, s, fetch_cursor(n->f, s), "", 0};

	if (net_bluesky_pages(n, 1, "convos", convos_url, take_convos, &c) != HTTP_OK)
		return n->status;
	fetch_done(n->f, s, c.newest[0] ? c.newest : NULL);
	return n->status;
}
