/* lib/post_x.c against the fake X server (tests/fake/net_x.py): each
 * action, its look-up, and what each fault turns into. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "fake.h"
#include "post.h"
#include "state.h"
#include "tap.h"

static struct fake f;
static struct post_opts o;

static int act(struct poster *p, enum post_action a, const char *text, const char *parent,
	       const char *user, struct post_res *res)
{
	struct post_req r = {a, "key-1", text, parent, NULL, user, "customer_1", NULL, NULL};

	buf_reset(&res->remote_id);
	return p->send(p, &r, res);
}

static int look(struct poster *p, enum post_action a, const char *text, const char *parent,
		const char *user, struct post_res *res)
{
	struct post_req r = {a, "key-1", text, parent, NULL, user, "customer_1", NULL, NULL};

	buf_reset(&res->remote_id);
	return p->lookup(p, &r, res);
}

static void actions(struct poster *p, struct post_res *res)
{
	const char *text = "@customer_1 sorry & thanks <3 see https://acme.example/o/1";

	is_int(act(p, POST_REPLY, text, "1861234567890001000", NULL, res), POST_OK, "reply sent");
	ok(res->remote_id.len > 10, "reply: the new post's id (%s)", res->remote_id.p);
	is_int(fake_count(&f, "posts.jsonl", "\"tweets\"", "1861234567890001000", NULL), 1,
	       "the fake has the reply, answering the tweet asked");
	char id[64];
	snprintf(id, sizeof id, "%s", res->remote_id.p);
	is_int(look(p, POST_REPLY, text, "x:1861234567890001000", NULL, res), POST_OK,
	       "the reply is found (X shows & and < escaped; prefixed ids taken)");
	is_str(res->remote_id.p, id, "the look-up gives the reply's id");
	is_int(look(p, POST_REPLY, "another text", "1861234567890001000", NULL, res), POST_NOTFOUND,
	       "another text to the same tweet is not found");
	is_int(look(p, POST_REPLY, text, "1700000000000000009", NULL, res), POST_NOTFOUND,
	       "the same text to another tweet is not found");

	is_int(act(p, POST_DM, "Your order 1234 ships today.", NULL, "4201", res), POST_OK, "DM sent");
	ok(res->remote_id.len > 10, "DM: the event's id");
	snprintf(id, sizeof id, "%s", res->remote_id.p);
	is_int(look(p, POST_DM, "Your order 1234 ships today.", NULL, "4201", res), POST_OK, "the DM is found");
	is_str(res->remote_id.p, id, "the look-up gives the DM event's id");
	is_int(look(p, POST_DM, "Your order 1234 ships today.", NULL, "4202", res), POST_NOTFOUND,
	       "not in another user's conversation");

	is_int(act(p, POST_FOLLOW, NULL, NULL, "4201", res), POST_OK, "follow");
	is_str(res->remote_id.p, "4201", "follow: the user's id");
	is_int(act(p, POST_UNFOLLOW, NULL, NULL, "x:4201", res), POST_OK, "unfollow");
	is_int(fake_count(&f, "posts.jsonl", "\"follow\"", "4201", NULL), 1, "one follow reached X");
	is_int(fake_count(&f, "posts.jsonl", "\"unfollow\"", "4201", NULL), 1, "one unfollow reached X");
	is_int(look(p, POST_FOLLOW, NULL, NULL, "4201", res), POST_NOTFOUND,
	       "follow is idempotent: its look-up says send again");
	is_int(act(p, POST_FOLLOW, NULL, NULL, "mario", res), POST_PERM, "a user id that is no X id");
	is_int(act(p, POST_REPLY, "", "1861234567890001000", NULL, res), POST_PERM, "an empty text");
	is_int(p->limit(p), 280, "limit 280");
}

static void faults(struct poster *p, struct post_res *res)
{
	int before = fake_count(&f, "posts.jsonl", "\"tweets\"", NULL);

	fake_ctl(&f, "fault?kind=500after&path=^/2/tweets$");
	is_int(act(p, POST_REPLY, "after a 500", "1700000000000000002", NULL, res), POST_UNKNOWN,
	       "a 500 after the post was made: unknown, not retried");
	is_int(fake_count(&f, "posts.jsonl", "\"tweets\"", NULL), before + 1, "posted once");
	is_int(look(p, POST_REPLY, "after a 500", "1700000000000000002", NULL, res), POST_OK,
	       "and the look-up finds it");

	fake_ctl(&f, "fault?kind=503&path=^/2/tweets$");
	is_int(act(p, POST_REPLY, "a 503", "1700000000000000003", NULL, res), POST_UNKNOWN,
	       "a 503 (before): unknown too, the client cannot tell");
	is_int(look(p, POST_REPLY, "a 503", "1700000000000000003", NULL, res), POST_NOTFOUND,
	       "the look-up says it was not posted");
	is_int(act(p, POST_REPLY, "a 503", "1700000000000000003", NULL, res), POST_OK, "sent on the next try");

	fake_ctl(&f, "fault?kind=hangafter&path=^/2/tweets$");
	is_int(act(p, POST_REPLY, "no answer", "1700000000000000004", NULL, res), POST_UNKNOWN,
	       "a timeout after the post was made: unknown");
	ok(strstr(res->error.p, "may have been posted") != NULL, "the reason says so: %s", res->error.p);
	is_int(look(p, POST_REPLY, "no answer", "1700000000000000004", NULL, res), POST_OK, "found");

	fake_ctl(&f, "fault?kind=cut&path=^/2/dm_conversations/");
	is_int(act(p, POST_DM, "cut short", NULL, "4203", res), POST_UNKNOWN, "an answer cut short: unknown");
	fake_ctl(&f, "fault?kind=invalid&path=^/2/dm_conversations/");
	is_int(act(p, POST_DM, "not json", NULL, "4203", res), POST_UNKNOWN, "an answer that is not JSON: unknown");
	is_int(fake_count(&f, "posts.jsonl", "\"dm\"", "4203", NULL), 2, "both DMs were made");
	is_int(look(p, POST_DM, "cut short", NULL, "4203", res), POST_OK, "found");

	before = fake_count(&f, "posts.jsonl", "\"tweets\"", NULL);
	fake_ctl(&f, "fault?kind=429&path=^/2/tweets$&wait=0");
	is_int(act(p, POST_REPLY, "after a 429", "1700000000000000005", NULL, res), POST_OK,
	       "a 429 with a near reset: waited, then sent");
	is_int(fake_count(&f, "posts.jsonl", "\"tweets\"", NULL), before + 1, "once");

	fake_ctl(&f, "fault?kind=403&path=^/2/dm_conversations/with/4204/");
	is_int(act(p, POST_DM, "hello", NULL, "4204", res), POST_PERM, "403 to a user who takes no DM: permanent");
	ok(strstr(res->error.p, "403") && strstr(res->error.p, "not permitted"), "with X's reason: %s",
	   res->error.p);
	fake_ctl(&f, "fault?kind=404&path=^/2/tweets$&body=1700000000000000006");
	is_int(act(p, POST_REPLY, "to a deleted tweet", "1700000000000000006", NULL, res), POST_PERM,
	       "404, the tweet answered is gone: permanent");
	fake_ctl(&f, "fault?kind=403&path=^/2/tweets$&body=1700000000000000007");
	is_int(act(p, POST_REPLY, "to a hidden tweet", "1700000000000000007", NULL, res), POST_PERM,
	       "403 deleted or not visible (what X answers): permanent");
	is_int(fake_count(&f, "posts.jsonl", "1700000000000000006", NULL) +
	       fake_count(&f, "posts.jsonl", "1700000000000000007", NULL), 0, "nothing posted");

	fake_ctl(&f, "fault?kind=500&path=/tweets&count=2");
	is_int(look(p, POST_REPLY, "after a 429", "1700000000000000005", NULL, res), POST_OK,
	       "a look-up (GET) is retried through 5xx");
}

static void rate_and_auth(struct post_res *res)
{
	struct post_opts q = o;
	struct buf err = BUF_INIT;
	struct poster *p;

	q.max_wait_s = 0;
	p = post_open(&q, &err);
	fake_ctl(&f, "fault?kind=429&path=^/2/tweets$&wait=30");
	is_int(act(p, POST_REPLY, "limited", "1700000000000000008", NULL, res), POST_RATE,
	       "a 429 past max_wait: rate limited");
	is_int(fake_count(&f, "posts.jsonl", "limited", NULL), 0, "not posted");
	p->close(p);

	q.max_wait_s = 900;
	q.token = "wrong";
	p = post_open(&q, &err);
	is_int(act(p, POST_REPLY, "bad token", "1700000000000000008", NULL, res), POST_FAIL,
	       "401: a failure to fix, not a permanent refusal of the message");
	ok(strstr(res->error.p, "401") && !strstr(res->error.p, "wrong"), "the reason, not the token: %s",
	   res->error.p);
	p->close(p);

	q.token = FAKE_TOKEN;
	q.api = "http://127.0.0.1:9"; /* discard: nothing listens */
	p = post_open(&q, &err);
	is_int(act(p, POST_REPLY, "refused", "1700000000000000008", NULL, res), POST_FAIL,
	       "connection refused: surely not sent (retried, then a failure)");
	ok(p->requests >= 2, "retried (%lu requests)", p->requests);
	p->close(p);

	q.network = "myspace";
	ok(!post_open(&q, &err), "an unknown network: no poster");
	ok(strstr(buf_cstr(&err), "not supported") != NULL, "and why: %s", err.p);
	buf_reset(&err);
	q.network = "x";
	q.token = NULL;
	ok(!post_open(&q, &err), "no token: no poster");
	ok(strstr(buf_cstr(&err), "no token") != NULL, "and why: %s", err.p);
	buf_free(&err);
}

/* SC_X_CLIENT_ID's way (lib/xoauth.c): no token, a refresh token in a file
 * the first time, the rotated one from the session store after. */
static void oauth(struct post_res *res)
{
	struct post_opts q = o;
	struct buf err = BUF_INIT, path = BUF_INIT, acc = BUF_INIT, ref = BUF_INIT;
	struct sc_sessions *ss;
	struct poster *p;
	FILE *fp;

	buf_printf(&path, "%s/sessions.db", f.dir);
	ss = sc_sessions_open(buf_cstr(&path), &err);
	ok(ss != NULL, "session store");
	q.token = NULL;
	q.client_id = "fake-client";
	q.sessions = ss;
	ok(!post_open(&q, &err), "a client id without any refresh token: no poster");
	ok(strstr(buf_cstr(&err), "--refresh-token-file") != NULL, "and what to give: %s", err.p);
	is_int(fake_count(&f, "requests.jsonl", "/2/oauth2/token", NULL), 0, "nothing asked");

	buf_reset(&path);
	buf_printf(&path, "%s/refresh", f.dir);
	fp = fopen(buf_cstr(&path), "w");
	fputs("c-first-refresh\n", fp);
	fclose(fp);
	chmod(path.p, 0600);
	q.refresh_file = path.p;
	buf_reset(&err);
	p = post_open(&q, &err);
	ok(p != NULL, "post_open with a client id and a refresh token file");
	is_int(act(p, POST_REPLY, "refreshed", "1700000000000000011", NULL, res), POST_OK,
	       "posted with the refreshed token");
	is_int(act(p, POST_REPLY, "refreshed again", "1700000000000000012", NULL, res), POST_OK,
	       "and again");
	p->close(p);
	is_int(fake_count(&f, "requests.jsonl", "/2/oauth2/token", NULL), 1, "one refresh a poster");
	ok(sc_session_get(ss, "x", "AcmeHelp", &acc, &ref) && !strncmp(ref.p, "fake-x-refresh-1", 16),
	   "the rotated refresh token is in the session store");

	/* the file's token is spent now: the session store's is used */
	p = post_open(&q, &err);
	is_int(act(p, POST_REPLY, "second run", "1700000000000000013", NULL, res), POST_OK,
	       "a second poster refreshes with the stored token");
	p->close(p);
	is_int(fake_count(&f, "requests.jsonl", "/2/oauth2/token", NULL), 2, "two refreshes");
	is_int(fake_count(&f, "posts.jsonl", "refreshed", NULL) + fake_count(&f, "posts.jsonl", "second run", NULL),
	       3, "three posts");

	/* a refresh token X refuses: nothing is sent, the failure is not the message's */
	sc_session_set(ss, "x", "AcmeHelp", NULL, NULL, &err);
	p = post_open(&q, &err);
	is_int(act(p, POST_REPLY, "refused token", "1700000000000000014", NULL, res), POST_FAIL,
	       "a spent refresh token: a failure to fix");
	ok(strstr(res->error.p, "no access token for @AcmeHelp") && !strstr(res->error.p, "c-first"),
	   "the reason, not the token: %s", res->error.p);
	p->close(p);
	is_int(fake_count(&f, "posts.jsonl", "refused token", NULL), 0, "not posted");

	sc_sessions_close(ss);
	unlink(path.p);
	buf_reset(&path);
	buf_printf(&path, "%s/sessions.db", f.dir);
	unlink(path.p);
	auth_wipe(&acc);
	auth_wipe(&ref);
	buf_free(&path);
	buf_free(&err);
}

int main(void)
{
	struct buf err = BUF_INIT, dir = BUF_INIT;
	struct post_res res;
	struct poster *p;
	struct sc_state *st;

	setenv("SC_HTTP_BACKOFF_MS", "10", 1);
	setenv("FAKE_REFRESH", "c-first-refresh", 1);
	if (fake_start(&f, "x")) {
		ok(0, "fake server");
		return tap_done();
	}
	buf_printf(&dir, "%s/st", f.dir);
	st = sc_state_open(buf_cstr(&dir), &err);
	o = (struct post_opts){"x", f.url, "AcmeHelp", FAKE_TOKEN, NULL, NULL, st, 900, 1, 0};
	post_res_init(&res);
	p = post_open(&o, &err);
	ok(p != NULL, "post_open x");
	actions(p, &res);
	faults(p, &res);
	p->close(p);
	p = post_open(&o, &err);
	is_int(act(p, POST_FOLLOW, NULL, NULL, "4205", &res), POST_OK, "a second poster follows");
	p->close(p);
	is_int(fake_count(&f, "requests.jsonl", "/2/users/by/username/AcmeHelp", NULL), 1,
	       "the brand's id was asked once, then read from the state");
	rate_and_auth(&res);
	oauth(&res);
	post_res_free(&res);
	sc_state_close(st);
	buf_printf(&dir, "/sc.db");
	unlink(buf_cstr(&dir));
	buf_puts(&dir, "-wal");
	unlink(buf_cstr(&dir));
	dir.len -= 4;
	buf_puts(&dir, "-shm");
	unlink(buf_cstr(&dir));
	dir.len -= 10;
	rmdir(buf_cstr(&dir));
	buf_free(&dir);
	buf_free(&err);
	fake_stop(&f);
	return tap_done();
}
