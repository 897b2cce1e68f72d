/* lib/post_mastodon.c against the fake Mastodon server
 * (tests/fake/net_mastodon.py): statuses with the Idempotency-Key, DMs,
 * follow and unfollow with their relationship look-up, the instance's
 * limit, and what each fault turns into. */
#include <stdlib.h>

#include "fake.h"
#include "post.h"
#include "tap.h"

static struct fake f;

static int act(struct poster *p, enum post_action a, const char *key, const char *text,
	       const char *parent, const char *user, struct post_res *res, int look)
{
	struct post_req r = {a, key, text, parent, NULL, user, "customer_1@example.social", NULL, NULL};

	buf_reset(&res->remote_id);
	return look ? p->lookup(p, &r, res) : p->send(p, &r, res);
}

static void statuses(struct poster *p, struct post_res *res)
{
	const char *text = "@customer_1@example.social sorry & thanks <3, see https://acme.example/o/1";
	char id[64];

	is_int(act(p, POST_REPLY, "k1", text, "117020577157694549", NULL, res, 0), POST_OK, "reply");
	snprintf(id, sizeof id, "%s", res->remote_id.p);
	ok(*id, "the status id (%s)", id);
	is_int(act(p, POST_REPLY, "k1", text, "117020577157694549", NULL, res, 0), POST_OK,
	       "the same key again: Mastodon gives back the first status");
	is_str(res->remote_id.p, id, "same id");
	is_int(fake_count(&f, "posts.jsonl", "\"statuses\"", "\"k1\"", NULL), 1, "posted once");
	is_int(act(p, POST_REPLY, "k9", text, "mastodon:117020577157694549", NULL, res, 1), POST_OK,
	       "looked up in the account's statuses (HTML content, remote mention shown short)");
	is_str(res->remote_id.p, id, "the same status");
	is_int(act(p, POST_REPLY, "k9", "other", "117020577157694549", NULL, res, 1), POST_NOTFOUND,
	       "another text is not found");

	is_int(act(p, POST_DM, "k2", "Your order ships today.", NULL, "109100000000000001", res, 0), POST_OK, "DM");
	is_int(fake_count(&f, "posts.jsonl", "\"direct\"",
			  "@customer_1@example.social Your order ships today.", NULL), 1,
	       "a direct status that leads with the customer's handle");
	is_int(act(p, POST_DM, "k2", "Your order ships today.", NULL, "109100000000000001", res, 1), POST_OK,
	       "the DM is found");
	is_int(act(p, POST_REPLY, "k2", "Your order ships today.", NULL, NULL, res, 1), POST_NOTFOUND,
	       "a public reply of that text is not (the DM is direct)");

	is_int(act(p, POST_FOLLOW, "k3", NULL, NULL, "109100000000000001", res, 1), POST_NOTFOUND,
	       "not followed yet: the look-up says so");
	is_int(act(p, POST_FOLLOW, "k3", NULL, NULL, "109100000000000001", res, 0), POST_OK, "follow");
	is_int(act(p, POST_FOLLOW, "k3", NULL, NULL, "mastodon:109100000000000001", res, 1), POST_OK,
	       "the relationship shows it");
	is_int(act(p, POST_UNFOLLOW, "k4", NULL, NULL, "109100000000000001", res, 1), POST_NOTFOUND,
	       "unfollow not done yet");
	is_int(act(p, POST_UNFOLLOW, "k4", NULL, NULL, "109100000000000001", res, 0), POST_OK, "unfollow");
	is_int(act(p, POST_UNFOLLOW, "k4", NULL, NULL, "109100000000000001", res, 1), POST_OK, "done");
	is_int(fake_count(&f, "posts.jsonl", "\"follow\"", NULL) + fake_count(&f, "posts.jsonl", "\"unfollow\"", NULL),
	       2, "one follow, one unfollow");
	is_int(act(p, POST_DM, "k5", "hi", NULL, "109100000000000001", res, 0) == POST_OK, 1, "a DM");
}

static void faults(struct poster *p, struct post_res *res)
{
	fake_ctl(&f, "fault?kind=500after&path=^/api/v1/statuses$");
	is_int(act(p, POST_REPLY, "k6", "after a 500", "117020577157695549", NULL, res, 0), POST_UNKNOWN,
	       "a 500 after the status was made: unknown");
	is_int(act(p, POST_REPLY, "k6", "after a 500", "117020577157695549", NULL, res, 0), POST_OK,
	       "sent again with the same key: the first status, nothing new");
	is_int(fake_count(&f, "posts.jsonl", "\"k6\"", NULL), 1, "posted once");
	fake_ctl(&f, "fault?kind=hangafter&path=^/api/v1/statuses$");
	is_int(act(p, POST_REPLY, "k7", "no answer", "117020577157695549", NULL, res, 0), POST_UNKNOWN,
	       "a timeout: unknown");
	is_int(act(p, POST_REPLY, "k7", "no answer", "117020577157695549", NULL, res, 1), POST_OK, "found");
	fake_ctl(&f, "fault?kind=cut&path=^/api/v1/statuses$");
	is_int(act(p, POST_REPLY, "k8", "cut", "117020577157695549", NULL, res, 0), POST_UNKNOWN, "cut short: unknown");
	fake_ctl(&f, "fault?kind=404&path=^/api/v1/statuses$");
	is_int(act(p, POST_REPLY, "k10", "to a deleted status", "1", NULL, res, 0), POST_PERM,
	       "404, the status answered is gone: permanent");
	ok(strstr(res->error.p, "Record not found") != NULL, "Mastodon's reason: %s", res->error.p);
	fake_ctl(&f, "fault?kind=403&path=/follow$");
	is_int(act(p, POST_FOLLOW, "k11", NULL, NULL, "109100000000000002", res, 0), POST_PERM, "403: permanent");
	fake_ctl(&f, "fault?kind=429&path=^/api/v1/statuses$&wait=0");
	is_int(act(p, POST_REPLY, "k12", "after a 429", "117020577157695549", NULL, res, 0), POST_OK,
	       "a 429 waited out");
	is_int(fake_count(&f, "posts.jsonl", "\"k12\"", NULL), 1, "once");
	is_int(act(p, POST_REPLY, "k13", "", NULL, NULL, res, 0), POST_PERM, "an empty text");
	is_int(act(p, POST_REPLY, "k14", "a reply to nothing", NULL, NULL, res, 0), POST_PERM,
	       "a reply without the status it answers: refused (it would be a status of its own)");
	is_int(fake_count(&f, "posts.jsonl", "\"k14\"", NULL), 0, "nothing posted");
}

int main(void)
{
	struct buf err = BUF_INIT;
	struct post_res res;
	struct post_opts o;
	struct poster *p;

	setenv("SC_HTTP_BACKOFF_MS", "10", 1);
	if (fake_start(&f, "mastodon")) {
		ok(0, "fake server");
		return tap_done();
	}
	o = (struct post_opts){"mastodon", f.url, "AcmeHelp", FAKE_TOKEN, NULL, NULL, NULL, 900, 1, 0};
	post_res_init(&res);
	p = post_open(&o, &err);
	ok(p != NULL, "post_open mastodon");
	is_int(p->limit(p), 500, "the instance's limit");
	statuses(p, &res);
	faults(p, &res);
	p->close(p);
	fake_ctl(&f, "config?max_characters=5000");
	p = post_open(&o, &err);
	is_int(p->limit(p), 5000, "an instance with a larger limit");
	p->close(p);
	o.api = "http://127.0.0.1:9";
	o.timeout_s = 1;
	p = post_open(&o, &err);
	is_int(p->limit(p), 500, "500 when the instance cannot say");
	p->close(p);
	o.api = NULL;
	ok(!post_open(&o, &err), "no instance: no poster");
	ok(strstr(buf_cstr(&err), "instance") != NULL, "and why: %s", err.p);
	post_res_free(&res);
	buf_free(&err);
	fake_stop(&f);
	return tap_done();
}
