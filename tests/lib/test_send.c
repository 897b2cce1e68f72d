/* The exactly-once protocol of lib/send.c against an in-memory poster that
 * answers what each test scripts, and a real state store. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "diag.h"
#include "send.h"
#include "tap.h"

/* Scripted answers: sends[] for successive sends, looks[] for look-ups. */
struct fake {
	int sends[8], nsends, looks[8], nlooks;
	int sent_calls, look_calls;
	char log[512];      /* actions sent, in order */
};

static int fake_send(struct poster *p, const struct post_req *r, struct post_res *res)
{
	struct fake *f = p->ctx;
	int rc = f->sent_calls < f->nsends ? f->sends[f->sent_calls] : POST_OK;
	static const char *const names[] = {"reply", "dm", "follow", "unfollow"};

	f->sent_calls++;
	if (!r->last_inbound || strcmp(r->last_inbound, "2026-11-24T10:00:00Z"))
		return POST_PERM; /* the customer's message's time must reach the poster */
	if (rc == POST_OK || rc == POST_UNKNOWN) /* UNKNOWN: it may have happened */
		snprintf(f->log + strlen(f->log), sizeof f->log - strlen(f->log), "%s%s:%s",
			 *f->log ? " " : "", names[r->action], r->action == POST_REPLY ? r->in_reply_to : r->user_id);
	if (rc == POST_OK)
		buf_printf(&res->remote_id, "r%d", f->sent_calls);
	else
		buf_printf(&res->error, "scripted %d", rc);
	buf_cstr(&res->remote_id);
	return rc;
}

static int fake_lookup(struct poster *p, const struct post_req *r, struct post_res *res)
{
	struct fake *f = p->ctx;
	int rc = f->look_calls < f->nlooks ? f->looks[f->look_calls] : POST_NOTFOUND;

	(void)r;
	f->look_calls++;
	if (rc == POST_OK)
		buf_puts(&res->remote_id, "found");
	else if (rc < 0)
		buf_puts(&res->error, "lookup failed");
	buf_cstr(&res->remote_id);
	return rc;
}

static struct fake F;
static struct poster P = {"x", &F, fake_send, fake_lookup, NULL, NULL, 0};
static struct sc_state *st;
static struct draft D;

static void script(const int *sends, int ns, const int *looks, int nl)
{
	memset(&F, 0, sizeof F);
	if (ns)
		memcpy(F.sends, sends, (size_t)ns * sizeof *sends);
	F.nsends = ns;
	if (nl)
		memcpy(F.looks, looks, (size_t)nl * sizeof *looks);
	F.nlooks = nl;
}

static void act(const char *name, enum post_action action, const char *key)
{
	struct draft_act *a = draft_add(&D, action, name);

	buf_reset(&a->key);
	buf_puts(&a->key, key);
	buf_cstr(&a->key);
	buf_reset(&a->text);
	buf_puts(&a->text, action == POST_FOLLOW || action == POST_UNFOLLOW ? "" : "@mario hello");
	buf_cstr(&a->text);
	a->status = DS_DRAFTED;
	buf_reset(&a->remote_id);
	buf_reset(&a->error);
	buf_cstr(&a->error);
	buf_cstr(&a->remote_id);
}

static void set(struct buf *b, const char *s)
{
	buf_reset(b);
	buf_puts(b, s);
	buf_cstr(b);
}

/* A public reply (or with dm, follow + invitation + DM) for conversation conv. */
static void draft(const char *conv, const char *mode)
{
	char k[128];

	D.nacts = 0;
	D.pass = D.held = 0;
	D.status = DS_DRAFTED;
	D.mode = mode;
	set(&D.error, "");
	set(&D.conversation, conv);
	set(&D.record_id, conv);
	set(&D.network, "x");
	set(&D.in_reply_to, strchr(conv, ':') + 1);
	set(&D.user_id, "42");
	set(&D.created_at, "2026-11-24T10:00:00Z");
	if (!strcmp(mode, "resolve")) {
		snprintf(k, sizeof k, "%s/unfollow", conv);
		act("unfollow", POST_UNFOLLOW, k);
		D.main = -1;
		return;
	}
	if (!strcmp(mode, "dm")) {
		snprintf(k, sizeof k, "%s/follow", conv);
		act("follow", POST_FOLLOW, k);
		snprintf(k, sizeof k, "%s/invite", conv);
		act("invite", POST_REPLY, k);
	}
	snprintf(k, sizeof k, "%s/%s/tpl:en/default", conv, strcmp(mode, "dm") ? "reply" : "dm");
	act(strcmp(mode, "dm") ? "reply" : "dm", strcmp(mode, "dm") ? POST_REPLY : POST_DM, k);
	D.main = D.nacts - 1;
}

static const char *ledger(const char *key)
{
	static struct sc_ledger row;
	static char out[256];

	if (!sc_ledger_get(st, key, &row))
		return "none";
	snprintf(out, sizeof out, "%s %s %s", row.status.p, row.remote_id.p, row.error.p);
	return out;
}

static int run(void)
{
	struct sender s;
	int rc;

	sender_init(&s, &P, st);
	s.backoff_ms = 0;
	rc = send_draft(&s, &D);
	sender_free(&s);
	return rc;
}

int main(void)
{
	char dir[] = "/tmp/sc-test-send-XXXXXX";
	struct buf err = BUF_INIT;
	struct sc_ledger_in in = {"x:9/reply/tpl:en/default", "x:9", "x", "reply", "9", 0};

	if (!mkdtemp(dir) || !(st = sc_state_open(dir, &err)))
		return printf("not ok 1 - state: %s\n", err.p), 1;
	draft_init(&D);
	setenv("SC_HTTP_BACKOFF_MS", "0", 1);

	script(NULL, 0, NULL, 0);
	draft("x:1", "public");
	is_int(run(), SC_EXIT_OK, "OK: exit 0");
	is_int(D.status, DS_SENT, "OK: the record is sent");
	is_str(D.acts[0].remote_id.p, "r1", "OK: the remote id");
	is_str(ledger("x:1/reply/tpl:en/default"), "sent r1 ", "OK: the ledger says sent");
	script(NULL, 0, NULL, 0);
	draft("x:1", "public");
	run();
	ok(D.status == DS_SENT && F.sent_calls == 0 && F.look_calls == 0,
	   "a key already sent: nothing sent, not even looked up");
	is_str(D.acts[0].remote_id.p, "r1", "a key already sent: the ledger's remote id");

	script((int[]){POST_UNKNOWN}, 1, (int[]){POST_OK}, 1);
	draft("x:2", "public");
	is_int(run(), SC_EXIT_OK, "UNKNOWN then found: exit 0");
	ok(D.status == DS_SENT && F.sent_calls == 1 && F.look_calls == 1, "UNKNOWN then found: one send, one look-up");
	is_str(ledger("x:2/reply/tpl:en/default"), "sent found ", "UNKNOWN then found: the found id");

	script((int[]){POST_UNKNOWN, POST_OK}, 2, (int[]){POST_NOTFOUND}, 1);
	draft("x:3", "public");
	run();
	ok(D.status == DS_SENT && F.sent_calls == 2, "UNKNOWN then not found: sent again, once");
	is_str(ledger("x:3/reply/tpl:en/default"), "sent r2 ", "UNKNOWN then not found: the second send's id");

	script((int[]){POST_UNKNOWN}, 1, (int[]){POST_FAIL}, 1);
	draft("x:4", "public");
	is_int(run(), SC_EXIT_NET, "UNKNOWN and the look-up fails: exit 4");
	is_int(D.status, DS_FAILED, "UNKNOWN and the look-up fails: failed this run");
	is_str(ledger("x:4/reply/tpl:en/default"), "intent  ", "UNKNOWN and the look-up fails: the intent stays");
	script(NULL, 0, (int[]){POST_OK}, 1);
	draft("x:4", "public");
	run();
	ok(D.status == DS_SENT && F.sent_calls == 0 && F.look_calls == 1,
	   "the next run looks the intent up, finds it, sends nothing");

	script((int[]){POST_PERM}, 1, NULL, 0);
	draft("x:5", "public");
	is_int(run(), SC_EXIT_FAIL, "PERM: exit 1");
	is_str(ledger("x:5/reply/tpl:en/default"), "failed  scripted -1", "PERM: failed with the error");
	script(NULL, 0, NULL, 0);
	draft("x:5", "public");
	run();
	ok(D.status == DS_FAILED && F.sent_calls == 0, "PERM: never tried again");
	is_str(D.acts[0].error.p, "scripted -1", "PERM: the recorded error is reported");

	script((int[]){POST_FAIL}, 1, NULL, 0);
	draft("x:6", "public");
	is_int(run(), SC_EXIT_NET, "FAIL: exit 4");
	is_str(ledger("x:6/reply/tpl:en/default"), "none", "FAIL: surely not sent, the intent is forgotten");
	script((int[]){POST_RATE}, 1, NULL, 0);
	draft("x:7", "public");
	is_int(run(), SC_EXIT_RATE, "RATE: exit 5");
	is_str(ledger("x:7/reply/tpl:en/default"), "none", "RATE: the intent is forgotten");
	script(NULL, 0, NULL, 0);
	draft("x:7", "public");
	run();
	ok(D.status == DS_SENT && F.sent_calls == 1, "after FAIL or RATE a later run sends");

	/* a run that died between the request and the outcome: its intent is left */
	sc_ledger_intent(st, &in);
	script(NULL, 0, (int[]){POST_NOTFOUND}, 1);
	draft("x:9", "public");
	run();
	ok(D.status == DS_SENT && F.look_calls == 1 && F.sent_calls == 1, "crash, not found: looked up, then sent");
	in.key = "x:10/reply/tpl:en/default";
	sc_ledger_intent(st, &in);
	script(NULL, 0, (int[]){POST_OK}, 1);
	draft("x:10", "public");
	run();
	ok(D.status == DS_SENT && F.sent_calls == 0, "crash, found: marked sent, nothing sent");
	is_str(ledger("x:10/reply/tpl:en/default"), "sent found ", "crash, found: the found id kept");

	script(NULL, 0, NULL, 0);
	draft("x:20", "dm");
	run();
	is_str(F.log, "follow:42 reply:20 dm:42", "DM: follow, then the public invitation, then the DM");
	is_int(D.status, DS_SENT, "DM: all sent");
	script((int[]){POST_PERM}, 1, NULL, 0);
	draft("x:21", "dm");
	run();
	ok(D.status == DS_FAILED && F.sent_calls == 1 && D.acts[1].status == DS_DRAFTED,
	   "DM: a refused follow stops the invitation and the DM");
	is_str(D.error.p, "follow: scripted -1", "DM: the error names the action");

	script(NULL, 0, NULL, 0);
	draft("x:22", "dm");
	set(&D.user_id, "dav1de_m");
	is_int(run(), SC_EXIT_FAIL, "DM to a user id that is not X's: exit 1");
	ok(D.status == DS_FAILED && F.sent_calls == 0 && F.look_calls == 0 &&
	   strstr(D.error.p, "follow: x: the user id 'dav1de_m' is not an X user id (nothing of this case was sent)"),
	   "checked before the first act: nothing of the case sent (%s)", D.error.p);
	is_str(ledger("x:22/follow"), "none", "nor an intent in the ledger");

	script(NULL, 0, NULL, 0);
	draft("x:20", "resolve");
	run();
	is_str(F.log, "unfollow:42", "resolve: unfollows the followed customer");
	script(NULL, 0, NULL, 0);
	draft("x:20", "resolve");
	run();
	ok(F.sent_calls == 0 && D.status == DS_SENT, "resolve again: unfollowed once only");
	draft("x:1", "resolve");
	run();
	ok(D.status == DS_SKIPPED && F.sent_calls == 0, "resolve of a case never followed: skipped");
	script(NULL, 0, NULL, 0);
	draft("x:24", "dm");
	run();
	script((int[]){POST_FAIL}, 1, NULL, 0);
	draft("x:24", "resolve");
	is_int(run(), SC_EXIT_NET, "resolve, the unfollow fails: exit 4");
	ok(D.status == DS_FAILED && strstr(D.error.p, "unfollow: not sent (scripted -3)"),
	   "resolve, the unfollow fails: the record says why (%s)", D.error.p);

	script((int[]){POST_FAIL}, 1, NULL, 0);
	{
		struct sender s;
		sender_init(&s, &P, st);
		draft("x:30", "public");
		send_draft(&s, &D);
		draft("x:31", "public");
		is_int(send_draft(&s, &D), SC_EXIT_OK, "after a network failure the run sends nothing more");
		ok(D.status == DS_DRAFTED && F.sent_calls == 1 && strstr(D.error.p, "stopped sending"),
		   "the next record stays drafted, with why");
		sender_free(&s);
	}

	draft_free(&D);
	sc_state_close(st);
	buf_free(&err);
	{
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd)) {}
	}
	return tap_done();
}
