/* lib/post_meta.c against the fake Graph API (tests/fake/net_meta.py):
 * comment replies, private replies, Messenger and Instagram messages, the
 * 24-hour and 7-day windows, look-ups, and what each fault turns into. */
#include <stdlib.h>

#include "fake.h"
#include "post.h"
#include "sctime.h"
#include "tap.h"

#define PAGE "104857600000001"
#define IG "17841400000000001"

static struct fake f;
static struct post_opts o;
static char recent[SC_TIME_MAX], old2d[SC_TIME_MAX], old8d[SC_TIME_MAX];

static int act(struct poster *p, enum post_action a, const char *text, const char *parent,
	       const char *user, const char *last, struct post_res *res)
{
	struct post_req r = {a, "key-1", text, parent, NULL, user, NULL, NULL, last};

	buf_reset(&res->remote_id);
	return p->send(p, &r, res);
}

static int look(struct poster *p, enum post_action a, const char *text, const char *parent,
		const char *user, struct post_res *res)
{
	struct post_req r = {a, "key-1", text, parent, NULL, user, NULL, NULL, NULL};

	buf_reset(&res->remote_id);
	return p->lookup(p, &r, res);
}

static int requests(void)
{
	return fake_count(&f, "requests.jsonl", "\"method\"", NULL);
}

static void ago(char *out, long s)
{
	sc_time_format((struct sc_time){(int64_t)time(NULL) - s, 0}, out);
}

static void facebook(struct poster *p, struct post_res *res)
{
	const char *text = "Sorry & thanks <3, we are on it: https://acme.example/o/1";
	char id[256];
	int n;

	is_int(act(p, POST_REPLY, text, "facebook:9000001_7000001", NULL, NULL, res), POST_OK,
	       "a public reply to a comment");
	ok(res->remote_id.len > 5, "its id (%s)", res->remote_id.p);
	is_int(fake_count(&f, "posts.jsonl", "/9000001_7000001/comments", NULL), 1,
	       "POST /COMMENT/comments reached the fake");
	snprintf(id, sizeof id, "%s", res->remote_id.p);
	is_int(look(p, POST_REPLY, text, "9000001_7000001", NULL, res), POST_OK, "the reply is found");
	is_str(res->remote_id.p, id, "with its id");
	is_int(look(p, POST_REPLY, "another text", "9000001_7000001", NULL, res), POST_NOTFOUND,
	       "another text is not found");
	is_int(look(p, POST_REPLY, text, "9000001_7000002", NULL, res), POST_NOTFOUND,
	       "nor the text under another comment");

	is_int(act(p, POST_DM, "Write us your order number", "9000001_7000002", NULL, recent, res),
	       POST_OK, "a private reply to a comment");
	is_int(fake_count(&f, "posts.jsonl", "\"comment_id\": \"9000001_7000002\"", NULL), 1,
	       "sent with recipient.comment_id");
	is_int(look(p, POST_DM, "Write us your order number", "9000001_7000002", NULL, res), POST_OK,
	       "found among the latest conversations");

	is_int(act(p, POST_DM, "Your order ships today.", NULL, "facebook:610000000000005", recent, res),
	       POST_OK, "a Messenger message");
	ok(res->remote_id.len > 2 && res->remote_id.p[0] == 'm', "its message_id (%s)", res->remote_id.p);
	is_int(fake_count(&f, "posts.jsonl", "\"id\": \"610000000000005\"", "\"messaging_type\": \"RESPONSE\"",
			  NULL), 1, "recipient.id and messaging_type RESPONSE");
	is_int(look(p, POST_DM, "Your order ships today.", NULL, "610000000000005", res), POST_OK,
	       "found in the customer's conversation");
	is_int(look(p, POST_DM, "Your order ships today.", NULL, "610000000000001", res), POST_NOTFOUND,
	       "not in another customer's");

	n = requests();
	is_int(act(p, POST_DM, "Too late?", NULL, "610000000000001", old2d, res), POST_PERM,
	       "the customer's last message two days ago: not sent");
	ok(strstr(res->error.p, "24-hour") != NULL, "the reason says why: %s", res->error.p);
	is_int(requests(), n, "and no request was made");
	is_int(act(p, POST_DM, "Too late for a private reply", "9000001_7000003", NULL, old8d, res),
	       POST_PERM, "a private reply to an 8-day-old comment: not sent");
	ok(strstr(res->error.p, "7 days") != NULL, "the reason: %s", res->error.p);
	is_int(requests(), n, "no request");
	is_int(act(p, POST_DM, "No time given", NULL, "610000000000002", NULL, res), POST_PERM,
	       "no time given, the API says the window is closed: permanent");
	ok(strstr(res->error.p, "outside of allowed window") && strstr(res->error.p, "10/2018278"),
	   "with the API's reason and codes: %s", res->error.p);

	is_int(act(p, POST_FOLLOW, NULL, NULL, "610000000000001", NULL, res), POST_PERM, "no follow on Facebook");
	is_int(act(p, POST_REPLY, "", "9000001_7000001", NULL, NULL, res), POST_PERM, "an empty text");
	is_int(act(p, POST_REPLY, "hello", "9999999_1", NULL, NULL, res), POST_PERM,
	       "a reply to a comment that does not exist: permanent");
	is_int(p->limit(p), 2000, "limit 2000 (Messenger's)");
}

static void faults(struct poster *p, struct post_res *res)
{
	int before = fake_count(&f, "posts.jsonl", "/comments", NULL);

	fake_ctl(&f, "fault?kind=500after&path=/comments$");
	is_int(act(p, POST_REPLY, "after a 500", "9000001_7000003", NULL, NULL, res), POST_UNKNOWN,
	       "a 500 after the reply was made: unknown, not retried");
	is_int(fake_count(&f, "posts.jsonl", "/comments", NULL), before + 1, "posted once");
	is_int(look(p, POST_REPLY, "after a 500", "9000001_7000003", NULL, res), POST_OK, "and found");

	fake_ctl(&f, "fault?kind=503&path=/comments$");
	is_int(act(p, POST_REPLY, "a 503", "9000001_7000003", NULL, NULL, res), POST_UNKNOWN,
	       "a 503 before: unknown too");
	is_int(look(p, POST_REPLY, "a 503", "9000001_7000003", NULL, res), POST_NOTFOUND, "not posted");
	is_int(act(p, POST_REPLY, "a 503", "9000001_7000003", NULL, NULL, res), POST_OK, "sent the next time");

	fake_ctl(&f, "fault?kind=cut&path=/messages$");
	is_int(act(p, POST_DM, "cut short", NULL, "610000000000005", recent, res), POST_UNKNOWN,
	       "an answer cut short: unknown");
	is_int(look(p, POST_DM, "cut short", NULL, "610000000000005", res), POST_OK, "found");

	before = fake_count(&f, "posts.jsonl", "/messages", NULL);
	fake_ctl(&f, "fault?kind=429&path=/messages$&wait=0");
	is_int(act(p, POST_DM, "after a limit", NULL, "610000000000005", recent, res), POST_OK,
	       "a Graph rate limit (code 4/17/32/613) with access back at once: waited, then sent");
	is_int(fake_count(&f, "posts.jsonl", "/messages", NULL), before + 1, "once");

	fake_ctl(&f, "fault?kind=500&path=/comments$&count=2");
	is_int(look(p, POST_REPLY, "a 503", "9000001_7000003", NULL, res), POST_OK,
	       "a look-up (GET) is retried through 5xx");
}

static void limits_and_token(struct post_res *res)
{
	struct post_opts q = o;
	struct buf err = BUF_INIT;
	struct poster *p;

	q.max_wait_s = 60;
	p = post_open(&q, &err);
	fake_ctl(&f, "fault?kind=429&path=/comments$&wait=3600");
	is_int(act(p, POST_REPLY, "limited", "9000001_7000001", NULL, NULL, res), POST_RATE,
	       "a rate limit for an hour, past max_wait: rate limited");
	is_int(fake_count(&f, "posts.jsonl", "limited", NULL), 0, "not posted");
	p->close(p);

	q.max_wait_s = 900;
	q.token = "wrong-token";
	p = post_open(&q, &err);
	is_int(act(p, POST_REPLY, "bad token", "9000001_7000001", NULL, NULL, res), POST_FAIL,
	       "error 190: a failure to fix, not a refusal of the message");
	ok(strstr(res->error.p, "190") && !strstr(res->error.p, "wrong-token"),
	   "the reason, not the token: %s", res->error.p);
	p->close(p);

	q.token = FAKE_TOKEN;
	q.account = "me";
	ok(!post_open(&q, &err), "an account that is not a numeric id: no poster");
	ok(strstr(buf_cstr(&err), "numeric") != NULL, "and why: %s", err.p);
	buf_free(&err);
}

static void instagram(struct post_res *res)
{
	struct post_opts q = o;
	struct buf err = BUF_INIT;
	struct poster *p;

	q.network = "instagram";
	q.account = IG;
	p = post_open(&q, &err);
	ok(p != NULL, "post_open instagram");
	is_int(act(p, POST_REPLY, "Thanks, we will check", "instagram:18000000000000005", NULL, NULL, res),
	       POST_OK, "a reply to an Instagram comment");
	is_int(fake_count(&f, "posts.jsonl", "/18000000000000005/replies", NULL), 1, "POST /IG_COMMENT/replies");
	is_int(look(p, POST_REPLY, "Thanks, we will check", "18000000000000005", NULL, res), POST_OK,
	       "found among the comment's replies");
	is_int(act(p, POST_DM, "Hello from Acme", NULL, "17841499000000005", recent, res), POST_OK,
	       "an Instagram message");
	is_int(fake_count(&f, "posts.jsonl", "/" IG "/messages", NULL), 1, "POST /IG_USER/messages");
	is_int(look(p, POST_DM, "Hello from Acme", NULL, "17841499000000005", res), POST_OK, "found");
	is_int(p->limit(p), 1000, "limit 1000 (Instagram messages)");
	p->close(p);
	buf_free(&err);
}

int main(void)
{
	struct buf err = BUF_INIT;
	struct post_res res;
	struct poster *p;

	setenv("SC_HTTP_BACKOFF_MS", "10", 1);
	if (fake_start(&f, "meta")) {
		ok(0, "fake server");
		return tap_done();
	}
	ago(recent, 600);
	ago(old2d, 2 * 86400);
	ago(old8d, 8 * 86400);
	/* comments 9000001_7000001..3, Messenger users 610000000000005 and
	 * ...001 (ids 4, 5), a customer whose last message is two days old
	 * (...002), Instagram comments 18000000000000004..5 and a thread with
	 * 17841499000000005 (k = 9) */
	fake_ctl(&f, "add?stream=comments&n=3");
	fake_ctl(&f, "add?stream=messages&n=2");
	fake_ctl(&f, "add?stream=old_messages&n=1");
	fake_ctl(&f, "add?stream=ig_comments&n=2");
	fake_ctl(&f, "add?stream=ig_messages&n=1");
	o = (struct post_opts){"facebook", f.url, PAGE, FAKE_TOKEN, NULL, NULL, NULL, 900, 2, 0};
	post_res_init(&res);
	p = post_open(&o, &err);
	ok(p != NULL, "post_open facebook");
	facebook(p, &res);
	faults(p, &res);
	p->close(p);
	limits_and_token(&res);
	instagram(&res);
	ok(fake_count(&f, "requests.jsonl", FAKE_TOKEN, NULL) == 0, "the token is in no URL the fake saw");
	post_res_free(&res);
	buf_free(&err);
	fake_stop(&f);
	return tap_done();
}
