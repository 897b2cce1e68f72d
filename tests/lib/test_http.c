/* lib/http.c: reading rate-limit resets (no server), and http_call, the
 * request for posting, against the fake X server: what it retries and
 * what it never sends twice. */
#include <stdlib.h>

#include "fake.h"
#include "http.h"
#include "tap.h"

static int call(struct http *h, struct fake *f, const char *method, const char *path,
		const char *body, long *status, struct buf *err, jv *out)
{
	char url[256];

	snprintf(url, sizeof url, "%s%s", f->url, path);
	*out = jv_invalid();
	return http_call(h, method, url, body, NULL, out, status, err);
}

static void calls(void)
{
	struct fake f;
	struct http h;
	struct buf err = BUF_INIT;
	const char *tweet = "{\"text\":\"hello\",\"reply\":{\"in_reply_to_tweet_id\":\"1700000000000000001\"}}";
	long status;
	jv v;

	if (fake_start(&f, "x")) {
		ok(0, "fake server");
		return;
	}
	http_init(&h);
	h.token = FAKE_TOKEN;
	h.reset_header = "x-rate-limit-reset";
	h.timeout_s = 1;
	h.backoff_ms = 10;
	is_int(call(&h, &f, "POST", "/2/tweets", tweet, &status, &err, &v), HTTP_OK, "POST: 201 is ok");
	is_int(status, 201, "the status is given");
	ok(jv_get_kind(v) == JV_KIND_OBJECT, "the answer parsed");
	jv_free(v);

	fake_ctl(&f, "fault?kind=hangafter&path=^/2/tweets$");
	h.timeout_s = 10; /* the server closes first (FAKE_HANG_SECONDS) */
	is_int(call(&h, &f, "POST", "/2/tweets", tweet, &status, &err, &v), HTTP_UNKNOWN,
	       "POST: the server acts, then closes without an answer: unknown");
	h.timeout_s = 1;
	is_int(fake_count(&f, "posts.jsonl", "\"tweets\"", NULL), 2,
	       "and it was not sent again on a fresh connection (libcurl retries a reused one by itself)");
	unsigned long before = h.requests;
	fake_ctl(&f, "fault?kind=500after&path=^/2/tweets$");
	is_int(call(&h, &f, "POST", "/2/tweets", tweet, &status, &err, &v), HTTP_UNKNOWN,
	       "POST: a 5xx is unknown");
	is_int(status, 500, "with its status");
	ok(strstr(buf_cstr(&err), "500") != NULL, "and the reason: %s", err.p);
	fake_ctl(&f, "fault?kind=hang&path=^/2/tweets$");
	is_int(call(&h, &f, "POST", "/2/tweets", tweet, &status, &err, &v), HTTP_UNKNOWN,
	       "POST: a timeout once the request left is unknown");
	fake_ctl(&f, "fault?kind=cut&path=^/2/tweets$");
	is_int(call(&h, &f, "POST", "/2/tweets", tweet, &status, &err, &v), HTTP_UNKNOWN,
	       "POST: an answer cut short is unknown");
	is_int(h.requests - before, 3, "none of them was sent twice");
	is_int(fake_count(&f, "posts.jsonl", "\"tweets\"", NULL), 4,
	       "the first, the ones answered 500 or nothing, and the one cut short were posted");

	fake_ctl(&f, "fault?kind=403&path=^/2/dm_conversations/");
	is_int(call(&h, &f, "POST", "/2/dm_conversations/with/4201/messages", "{\"text\":\"x\"}",
		    &status, &err, &v), HTTP_REFUSED, "POST: a 4xx is refused");
	is_int(status, 403, "403");
	ok(strstr(buf_cstr(&err), "not permitted") != NULL, "the API's own reason: %s", err.p);

	before = h.requests;
	fake_ctl(&f, "fault?kind=429&path=^/2/users/1352631537364365312/following&wait=0");
	is_int(call(&h, &f, "DELETE", "/2/users/1352631537364365312/following/4201", NULL, &status, &err, &v),
	       HTTP_OK, "DELETE, after a 429 waited out");
	jv_free(v);
	is_int(h.requests - before, 2, "a 429 is retried (nothing was done)");
	is_int(fake_count(&f, "posts.jsonl", "unfollow", NULL), 1, "done once");

	fake_ctl(&f, "fault?kind=503&path=^/2/users/by/&count=2");
	is_int(call(&h, &f, "GET", "/2/users/by/username/AcmeHelp", NULL, &status, &err, &v), HTTP_OK,
	       "GET: 5xx retried");
	jv_free(v);
	is_int(call(&h, &f, "GET", "/2/nothing/here", NULL, &status, &err, &v), HTTP_REFUSED,
	       "GET: a 404 handed back, not reported");
	is_int(status, 404, "404");

	h.dry_run = 1;
	is_int(call(&h, &f, "POST", "/2/tweets", tweet, &status, &err, &v), HTTP_DRY, "dry run: not sent");
	h.dry_run = 0;
	http_free(&h);
	fake_stop(&f);

	http_init(&h);
	h.backoff_ms = 10;
	h.attempts = 3;
	snprintf(f.url, sizeof f.url, "http://127.0.0.1:9");
	is_int(call(&h, &f, "POST", "/2/tweets", tweet, &status, &err, &v), HTTP_FAIL,
	       "POST: connection refused is surely not sent: a failure");
	is_int(h.requests, 3, "retried up to the attempts");
	http_free(&h);
	buf_free(&err);
}

int main(void)
{
	long now = 1795338000; /* 2026-11-22T09:00:00Z */

	is_int(http_reset_wait("1795338060", now), 60, "X: epoch seconds");
	is_int(http_reset_wait("1795337000", now), 0, "a reset in the past: no wait");
	is_int(http_reset_wait("30", now), 30, "seconds from now");
	is_int(http_reset_wait("2026-11-22T09:05:00.000Z", now), 300, "Mastodon: ISO time");
	is_int(http_reset_wait("2026-11-22T10:05:00+01:00", now), 300, "ISO time with an offset");
	is_int(http_reset_wait("9999999999", now), 86400 * 7, "a far reset is capped at a week");
	is_int(http_reset_wait("soon", now), -1, "not a time");
	is_int(http_reset_wait("", now), -1, "empty");
	is_int(http_reset_wait(NULL, now), -1, "absent");
	calls();
	return tap_done();
}
