/* lib/post_bluesky.c against the fake PDS (tests/fake/net_bluesky.py):
 * replies with their strong refs, the derived record key that makes a
 * second create impossible, getRecord look-ups, follow and unfollow, DMs
 * through the chat service, and the session kept in the session store. */
#include <ctype.h>
#include <stdlib.h>

#include "fake.h"
#include "post.h"
#include "post_net.h"
#include "state.h"
#include "tap.h"

#define U1 "at://did:plc:customer10000000000000000/app.bsky.feed.post/3l00000000001xx"
#define U2 "at://did:plc:customer20000000000000000/app.bsky.feed.post/3l00000000002xx"
#define CUST "did:plc:customer30000000000000000"

static struct fake f;

static int act(struct poster *p, enum post_action a, const char *key, const char *text,
	       const char *parent, const char *user, struct post_res *res, int look)
{
	struct post_req r = {a, key, text, parent, NULL, user, "customer1.bsky.social", NULL, NULL};

	buf_reset(&res->remote_id);
	return look ? p->lookup(p, &r, res) : p->send(p, &r, res);
}

static void tids(void)
{
	char a[14], b[14], c[14];
	int valid = 1;

	post_bluesky_tid("case-12:tmpl-ack", a);
	post_bluesky_tid("case-12:tmpl-ack", b);
	post_bluesky_tid("case-12:tmpl-reply", c);
	is_str(a, b, "the same key gives the same record key");
	ok(strcmp(a, c) != 0, "another key another (%s, %s)", a, c);
	for (int i = 0; i < 13; i++)
		valid &= strchr("234567abcdefghijklmnopqrstuvwxyz", a[i]) && a[i];
	ok(valid && strlen(a) == 13 && strchr("234567abcdefghij", a[0]), "a valid TID: %s", a);
}

static void replies(struct poster *p, struct post_res *res)
{
	char uri[512];

	is_int(act(p, POST_REPLY, "k1", "@customer2 sorry, on it", U2, NULL, res, 0), POST_OK, "reply");
	snprintf(uri, sizeof uri, "%s", res->remote_id.p);
	ok(strncmp(uri, "at://did:plc:acmehelp", 21) == 0, "the new post's uri: %s", uri);
	is_int(fake_count(&f, "posts.jsonl", "\"in_reply_to\": \"" U2 "\"", "\"root\": \"" U1 "\"",
			  "\"parent_cid\": \"bafyreib0000000000000000000000000000000000000002\"",
			  "\"root_cid\": \"bafyreib0000000000000000000000000000000000000001\"", NULL), 1,
	       "parent and root as strong refs (the parent's root from getPosts)");
	is_int(act(p, POST_REPLY, "k1", "@customer2 sorry, on it", "bluesky:" U2, NULL, res, 0), POST_OK,
	       "sent again: the PDS refuses the key, getRecord shows it made");
	is_str(res->remote_id.p, uri, "the same post");
	is_int(fake_count(&f, "posts.jsonl", "\"post\"", NULL), 1, "one post only");
	is_int(act(p, POST_REPLY, "k1", "@customer2 sorry, on it", U2, NULL, res, 1), POST_OK, "looked up");
	is_str(res->remote_id.p, uri, "by its record key");
	is_int(act(p, POST_REPLY, "k2", "@customer2 sorry, on it", U2, NULL, res, 1), POST_NOTFOUND,
	       "another key: not found");
	is_int(act(p, POST_REPLY, "k3", "@customer1 hello", U1, NULL, res, 0), POST_OK, "a reply to a root");
	is_int(fake_count(&f, "posts.jsonl", "\"in_reply_to\": \"" U1 "\"", "\"root\": \"" U1 "\"", NULL), 1,
	       "which is its own root");
}

static void faults(struct poster *p, struct post_res *res)
{
	fake_ctl(&f, "fault?kind=500after&path=createRecord");
	is_int(act(p, POST_REPLY, "k4", "after a 500", U1, NULL, res, 0), POST_OK,
	       "a 500 after the post was made: getRecord at once finds it");
	fake_ctl(&f, "fault?kind=hangafter&path=createRecord");
	is_int(act(p, POST_REPLY, "k5", "no answer", U1, NULL, res, 0), POST_OK, "a timeout: found too");
	fake_ctl(&f, "fault?kind=503&path=createRecord");
	is_int(act(p, POST_REPLY, "k6", "a 503", U1, NULL, res, 0), POST_UNKNOWN,
	       "a 503 before: not there, unknown to the caller");
	is_int(act(p, POST_REPLY, "k6", "a 503", U1, NULL, res, 1), POST_NOTFOUND, "the look-up: not posted");
	is_int(act(p, POST_REPLY, "k6", "a 503", U1, NULL, res, 0), POST_OK, "sent");
	is_int(fake_count(&f, "posts.jsonl", "\"k4\"", NULL) + fake_count(&f, "posts.jsonl", "after a 500", NULL) +
	       fake_count(&f, "posts.jsonl", "no answer", NULL) + fake_count(&f, "posts.jsonl", "a 503", NULL), 3,
	       "each once");
	fake_ctl(&f, "fault?kind=404&path=getPosts");
	is_int(act(p, POST_REPLY, "k7", "too late", U2, NULL, res, 0), POST_PERM,
	       "the post answered is gone: permanent");
	ok(strstr(res->error.p, "gone") != NULL, "why: %s", res->error.p);
	fake_ctl(&f, "fault?kind=429&path=createRecord&wait=0");
	is_int(act(p, POST_REPLY, "k8", "after a 429", U1, NULL, res, 0), POST_OK, "a 429 waited out");
}

static void dms(struct poster *p, struct post_res *res)
{
	char id[64];

	is_int(act(p, POST_DM, "k20", "Your order ships today.", NULL, NULL, res, 1), POST_NOTFOUND,
	       "a DM not sent: not found");
	is_int(act(p, POST_DM, "k20", "Your order ships today.", NULL, CUST, res, 0), POST_OK,
	       "a DM through the chat service");
	snprintf(id, sizeof id, "%s", res->remote_id.p);
	is_int(fake_count(&f, "posts.jsonl", "\"dm\"", CUST, "ships today", NULL), 1, "it reached the customer");
	is_int(act(p, POST_DM, "k20", "Your order ships today.", NULL, "bluesky:" CUST, res, 1), POST_OK,
	       "and is found among the conversation's messages");
	is_str(res->remote_id.p, id, "the same message");
	is_int(act(p, POST_DM, "k21", "Another text.", NULL, CUST, res, 1), POST_NOTFOUND, "another text is not");
	fake_ctl(&f, "fault?kind=500after&path=sendMessage");
	is_int(act(p, POST_DM, "k22", "After a 500.", NULL, CUST, res, 0), POST_UNKNOWN,
	       "sendMessage answered 500 after sending: unknown (no idempotency key)");
	is_int(act(p, POST_DM, "k22", "After a 500.", NULL, CUST, res, 1), POST_OK, "the look-up finds it");
	fake_ctl(&f, "fault?kind=403&path=getConvoForMembers");
	is_int(act(p, POST_DM, "k23", "Hello.", NULL, "did:plc:customer40000000000000000", res, 0), POST_PERM,
	       "a customer who takes no messages: permanent");
	ok(strstr(res->error.p, "MessagesDisabled") || strstr(res->error.p, "disabled"), "why: %s", res->error.p);
	is_int(act(p, POST_DM, "k24", "Hello.", NULL, "mario", res, 0), POST_PERM, "not a DID");
}

static void follows(struct poster *p, struct post_res *res)
{
	is_int(act(p, POST_FOLLOW, "k10", NULL, NULL, CUST, res, 1), POST_NOTFOUND, "not followed");
	is_int(act(p, POST_FOLLOW, "k10", NULL, NULL, CUST, res, 0), POST_OK, "follow");
	is_int(act(p, POST_FOLLOW, "k10", NULL, NULL, "bluesky:" CUST, res, 1), POST_OK, "followed");
	is_int(act(p, POST_UNFOLLOW, "k11", NULL, NULL, CUST, res, 1), POST_NOTFOUND, "not unfollowed yet");
	is_int(act(p, POST_UNFOLLOW, "k11", NULL, NULL, CUST, res, 0), POST_OK, "unfollow");
	is_int(act(p, POST_UNFOLLOW, "k11", NULL, NULL, CUST, res, 0), POST_OK, "again: still fine");
	is_int(act(p, POST_UNFOLLOW, "k11", NULL, NULL, CUST, res, 1), POST_OK, "unfollowed");
	is_int(fake_count(&f, "posts.jsonl", "\"follow\"", CUST, NULL), 1, "one follow record");
	is_int(fake_count(&f, "posts.jsonl", "\"unfollow\"", NULL), 1, "deleted once");
	is_int(act(p, POST_FOLLOW, "k12", NULL, NULL, "mario", res, 0), POST_PERM, "not a DID");
}

int main(void)
{
	struct buf err = BUF_INIT, path = BUF_INIT;
	struct sc_sessions *ss;
	struct post_res res;
	struct post_opts o;
	struct poster *p;

	setenv("SC_HTTP_BACKOFF_MS", "10", 1);
	tids();
	if (fake_start(&f, "bluesky")) {
		ok(0, "fake server");
		return tap_done();
	}
	fake_ctl(&f, "add?stream=mention&n=1");
	fake_ctl(&f, "add?stream=reply&n=1");
	buf_printf(&path, "%s/sessions.db", f.dir);
	ss = sc_sessions_open(buf_cstr(&path), &err);
	ok(ss != NULL, "session store");
	o = (struct post_opts){"bluesky", f.url, "acme.bsky.social", NULL, FAKE_TOKEN, ss, NULL, 900, 1, 0};
	post_res_init(&res);
	p = post_open(&o, &err);
	ok(p != NULL, "post_open bluesky");
	is_int(p->limit(p), 300, "300");
	replies(p, &res);
	faults(p, &res);
	follows(p, &res);
	dms(p, &res);
	p->close(p);
	p = post_open(&o, &err);
	is_int(act(p, POST_REPLY, "k1", "@customer2 sorry, on it", U2, NULL, &res, 1), POST_OK,
	       "a second poster, with the kept session");
	p->close(p);
	is_int(fake_count(&f, "requests.jsonl", "createSession", NULL), 1, "one login, then refreshes");
	o.sessions = NULL;
	ok(!post_open(&o, &err), "no session store: no poster");
	post_res_free(&res);
	sc_sessions_close(ss);
	unlink(buf_cstr(&path));
	buf_free(&path);
	buf_free(&err);
	fake_stop(&f);
	return tap_done();
}
