#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "send.h"

static const char *const action_names[] = {"reply", "dm", "follow", "unfollow"};

void sender_init(struct sender *s, struct poster *p, struct sc_state *st)
{
	const char *k = getenv("SC_TEST_KILL_AFTER_POST"), *b = getenv("SC_HTTP_BACKOFF_MS");

	memset(s, 0, sizeof *s);
	s->p = p;
	s->st = st;
	s->kill_after = k ? strtol(k, NULL, 10) : 0;
	s->backoff_ms = b ? strtol(b, NULL, 10) : 2000;
	post_res_init(&s->res);
}

void sender_free(struct sender *s)
{
	post_res_free(&s->res);
	sc_ledger_free(&s->row);
	buf_free(&s->msg);
}

/* A poster may leave its buffers without the NUL (buf_put): add it. */
static int terminated(struct post_res *res, int rc)
{
	buf_cstr(&res->remote_id);
	buf_cstr(&res->error);
	return rc;
}

static void res_reset(struct post_res *res)
{
	buf_reset(&res->remote_id);
	buf_reset(&res->error);
	buf_cstr(&res->remote_id);
	buf_cstr(&res->error);
}

static void ledger_failed(struct sender *s)
{
	sc_die(SC_EXIT_FAIL, "%s", sc_state_error(s->st));
}

static void done_act(struct draft_act *a, int status, const char *remote, const char *error)
{
	a->status = status;
	buf_reset(&a->remote_id);
	buf_reset(&a->error);
	buf_reset(&a->sent_at);
	if (remote && *remote)
		buf_puts(&a->remote_id, remote);
	if (error && *error)
		buf_puts(&a->error, error);
	buf_cstr(&a->remote_id);
	buf_cstr(&a->error);
}

/* Sent, at the time the ledger holds for it (row: the act's ledger row). */
static void done_sent(struct draft_act *a, const struct sc_ledger *row)
{
	done_act(a, DS_SENT, row->remote_id.p, NULL);
	buf_puts(&a->sent_at, row->at.p);
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	if (ms > 0)
		nanosleep(&ts, NULL);
}

/* Sent: the test hook may die here, between the network and the ledger. */
static int mark_sent(struct sender *s, struct draft_act *a, int fresh)
{
	if (fresh) {
		s->posted++;
		if (s->kill_after > 0 && s->posted == (unsigned long)s->kill_after)
			raise(SIGKILL);
	}
	if (sc_ledger_outcome(s->st, a->key.p, "sent", s->res.remote_id.p, NULL) ||
	    !sc_ledger_get(s->st, a->key.p, &s->row))
		ledger_failed(s);
	done_sent(a, &s->row);
	return SC_EXIT_OK;
}

/* The outcome of a send that was made (the intent is committed). */
static int outcome(struct sender *s, struct draft_act *a, int rc)
{
	switch (rc) {
	case POST_OK:
		return mark_sent(s, a, 1);
	case POST_PERM:
		if (sc_ledger_outcome(s->st, a->key.p, "failed", NULL, s->res.error.p))
			ledger_failed(s);
		done_act(a, DS_FAILED, NULL, s->res.error.p);
		s->failed++;
		return SC_EXIT_FAIL;
	case POST_RATE:
	case POST_FAIL:
		/* surely not done: a later run starts afresh */
		if (sc_ledger_forget(s->st, a->key.p))
			ledger_failed(s);
		buf_reset(&s->msg);
		buf_printf(&s->msg, "not sent (%s); a later run tries again",
			   s->res.error.len ? s->res.error.p : rc == POST_RATE ? "rate limited" : "network error");
		done_act(a, DS_FAILED, NULL, buf_cstr(&s->msg));
		return s->stopped = rc == POST_RATE ? SC_EXIT_RATE : SC_EXIT_NET;
	default: /* POST_UNKNOWN is resolved by the caller */
		buf_reset(&s->msg);
		buf_printf(&s->msg, "the outcome is unknown (%s): the next run looks it up before "
			   "anything is sent again", s->res.error.len ? s->res.error.p : "no answer");
		done_act(a, DS_FAILED, NULL, buf_cstr(&s->msg));
		return s->stopped = SC_EXIT_NET;
	}
}

/* The intent is committed: send, and if the outcome is unknown, look it up
 * after a backoff before one more try. */
static int send_committed(struct sender *s, const struct draft *dr, struct draft_act *a)
{
	struct post_req r;
	int rc;

	draft_req(dr, a, &r);
	for (int attempt = 0;; attempt++) {
		res_reset(&s->res);
		rc = terminated(&s->res, s->p->send(s->p, &r, &s->res));
		if (rc != POST_UNKNOWN || attempt == 1)
			return outcome(s, a, rc);
		sc_note("%s: outcome unknown (%s); looking it up", a->key.p, s->res.error.p);
		sleep_ms(s->backoff_ms);
		res_reset(&s->res);
		rc = terminated(&s->res, s->p->lookup(s->p, &r, &s->res));
		if (rc == POST_OK)
			return mark_sent(s, a, 0);
		if (rc != POST_NOTFOUND)
			return outcome(s, a, POST_UNKNOWN);
	}
}

/* An intent left by an earlier run: was it done? */
static int resume(struct sender *s, const struct draft *dr, struct draft_act *a)
{
	struct post_req r;
	int rc;

	draft_req(dr, a, &r);
	res_reset(&s->res);
	rc = terminated(&s->res, s->p->lookup(s->p, &r, &s->res));
	if (rc == POST_OK)
		return mark_sent(s, a, 0);
	if (rc == POST_NOTFOUND)
		return send_committed(s, dr, a);
	buf_reset(&s->msg);
	buf_printf(&s->msg, "an earlier run may have sent this (intent in the ledger) and the look-up "
		   "failed (%s): nothing sent", s->res.error.len ? s->res.error.p : "no answer");
	done_act(a, DS_FAILED, NULL, buf_cstr(&s->msg));
	return s->stopped = SC_EXIT_NET;
}

static const char *target_of(const struct draft *dr, const struct draft_act *a)
{
	return a->action == POST_REPLY ? dr->in_reply_to.p : dr->user_id.p;
}

/* A reply's and a follow's key name the customer (".../to:ID", draft.c);
 * ledgers written before that have the key without it. When only that
 * older key is there, it is the act's key: what it recorded (sent, failed,
 * an intent to look up) holds, so nothing posted before is posted again.
 * An older key whose target is a customer (follow, unfollow, DM) stands
 * only for that customer: another one in the thread is followed and
 * written to in their own right. */
static int ledger_find(struct sender *s, const struct draft *dr, struct draft_act *a)
{
	char *to;

	if (sc_ledger_get(s->st, a->key.p, &s->row))
		return 1;
	if (!(to = strrchr(a->key.p, '/')) || strncmp(to, "/to:", 4))
		return 0; /* the customer is the last segment (no network's user id has a '/') */
	*to = '\0';
	if (sc_ledger_get(s->st, a->key.p, &s->row) &&
	    (a->action == POST_REPLY || !strcmp(s->row.target.p, target_of(dr, a)))) {
		a->key.len = (size_t)(to - a->key.p);
		return 1;
	}
	*to = '/';
	return 0;
}

static int send_act(struct sender *s, struct draft *dr, struct draft_act *a)
{
	struct sc_ledger_in in = {a->key.p, dr->record_id.len ? dr->record_id.p : dr->conversation.p,
				  dr->network.p, action_names[a->action], target_of(dr, a), dr->case_id};

	if (ledger_find(s, dr, a)) {
		if (!strcmp(s->row.status.p, "sent")) {
			s->already++;
			done_sent(a, &s->row);
			return SC_EXIT_OK;
		}
		if (!strcmp(s->row.status.p, "failed")) {
			done_act(a, DS_FAILED, NULL, s->row.error.p);
			return SC_EXIT_FAIL;
		}
		return resume(s, dr, a);
	}
	if (sc_ledger_intent(s->st, &in))
		ledger_failed(s);
	return send_committed(s, dr, a);
}

/* The customers of a resolved conversation, as the ledger has them:
 * "USER\0" each in users, with followed and another open DM case. */
struct dm_customers {
	struct buf users;
	int n;
	int *followed;
	int64_t *other;
};

static void dm_customer(void *ctx, const char *user, int followed, int64_t other)
{
	struct dm_customers *c = ctx;

	buf_put(&c->users, user, strlen(user) + 1);
	c->followed = sc_xrealloc(c->followed, (size_t)(c->n + 1) * sizeof *c->followed);
	c->other = sc_xrealloc(c->other, (size_t)(c->n + 1) * sizeof *c->other);
	c->followed[c->n] = followed;
	c->other[c->n++] = other;
}

/* Unfollows customer user for the resolved case, once: unless the follow
 * does not stand (nobody to unfollow: 0 acts) or another open case of
 * theirs was routed to DM (skipped, and that case's resolve unfollows). */
static int unfollow_one(struct sender *s, struct draft *dr, const char *user, int followed,
			int64_t other)
{
	struct draft_act *a;

	buf_reset(&dr->user_id);
	buf_puts(&dr->user_id, user);
	buf_cstr(&dr->user_id);
	a = draft_add(dr, POST_UNFOLLOW, "unfollow");
	draft_key_to(a, user, strlen(user));
	if (ledger_find(s, dr, a))
		return send_act(s, dr, a); /* done (or begun) before: what the ledger says */
	if (!followed) {
		dr->nacts--;
		return SC_EXIT_OK;
	}
	if (other) {
		buf_reset(&s->msg);
		buf_printf(&s->msg, "not unfollowed: %s has another open case routed to DM (case %lld)",
			   user, (long long)other);
		done_act(a, DS_SKIPPED, NULL, buf_cstr(&s->msg));
		return SC_EXIT_OK;
	}
	return send_act(s, dr, a);
}

/* Resolve: unfollow each customer the case followed, once, but none who
 * still has another open case routed to DM (the follow lets them write). */
static int unfollow(struct sender *s, struct draft *dr)
{
	struct dm_customers c = {BUF_INIT, 0, NULL, NULL};
	const char *user;
	int rc = SC_EXIT_OK, sent = 0;

	sc_ledger_dm_customers(s->st, dr->network.p, dr->conversation.p, dm_customer, &c);
	dr->nacts = 0;
	user = c.users.p;
	for (int i = 0; i < c.n && rc == SC_EXIT_OK; i++, user += strlen(user) + 1) {
		rc = unfollow_one(s, dr, user, c.followed[i], c.other[i]);
		if (dr->nacts && dr->acts[dr->nacts - 1].status == DS_SENT)
			sent++;
	}
	s->unfollowed += (unsigned long)sent;
	if (!dr->nacts) {
		draft_add(dr, POST_UNFOLLOW, "unfollow");
		done_act(&dr->acts[0], DS_SKIPPED, NULL, "the case was not followed: nothing to unfollow");
	}
	if (!sent && rc == SC_EXIT_OK && dr->acts[0].status == DS_SKIPPED) {
		dr->status = DS_SKIPPED;
		buf_puts(&dr->error, dr->acts[0].error.p);
		buf_cstr(&dr->error);
	}
	buf_free(&c.users);
	free(c.followed);
	free(c.other);
	return rc;
}

/* Every act as the network would take it, before the first is sent: a DM
 * that can never go (a user id that is not the network's) must not leave
 * the ack and the "please DM us" posted before it. Drafting cannot tell:
 * a dry run counts archives' records as another network's. */
static int sendable(struct sender *s, struct draft *dr)
{
	struct post_req r;

	for (int i = 0; i < dr->nacts; i++) {
		struct draft_act *a = &dr->acts[i];
		draft_req(dr, a, &r);
		buf_reset(&s->msg);
		if (post_check(s->p->network, &r, &s->msg)) {
			done_act(a, DS_FAILED, NULL, buf_cstr(&s->msg));
			buf_printf(&dr->error, "%s: %s (nothing of this case was sent)", a->name, a->error.p);
			s->failed++;
			return SC_EXIT_FAIL;
		}
	}
	return SC_EXIT_OK;
}

static int worse(int a, int b)
{
	return b > a ? b : a;
}

int send_draft(struct sender *s, struct draft *dr)
{
	int rc = SC_EXIT_OK;

	if (dr->pass || dr->status != DS_DRAFTED)
		return SC_EXIT_OK;
	if (s->stopped) {
		buf_printf(&dr->error, "not sent: this run stopped sending after %s",
			   s->stopped == SC_EXIT_RATE ? "a rate limit" : "a network error");
		buf_cstr(&dr->error);
		return SC_EXIT_OK;
	}
	if (!strcmp(dr->mode, "resolve")) {
		rc = unfollow(s, dr);
	} else {
		rc = sendable(s, dr);
		for (int i = 0; i < dr->nacts && rc == SC_EXIT_OK; i++) {
			if (dr->held && i == dr->main)
				continue; /* off-hours, ack-only: the reply waits for the queue */
			rc = worse(rc, send_act(s, dr, &dr->acts[i]));
		}
	}
	for (int i = 0; i < dr->nacts && !dr->error.len; i++) /* the first failure says why */
		if (dr->acts[i].status == DS_FAILED)
			buf_printf(&dr->error, "%s: %s", dr->acts[i].name, dr->acts[i].error.p);
	if (dr->status == DS_SKIPPED)
		return rc;
	dr->status = DS_SENT;
	for (int i = 0; i < dr->nacts; i++)
		if (dr->acts[i].status == DS_FAILED || (dr->acts[i].status == DS_DRAFTED && !(dr->held && i == dr->main)))
			dr->status = DS_FAILED;
	if (dr->held && dr->status == DS_SENT)
		dr->status = DS_DRAFTED;
	buf_cstr(&dr->error);
	return rc;
}
