/* The state store: one SQLite database, DIR/sc.db, in the state directory.
 * This file's .c owns the schema, its migrations and every SQL statement;
 * tools call these functions. SQLite gives the transactions, the crash
 * safety and the locking between concurrent cron runs (WAL journal,
 * synchronous=FULL, a busy timeout). A write transaction is never held
 * across a network request: callers begin, change, commit, then talk.
 * The schema is documented in sc-state(5). */
#ifndef SC_STATE_H
#define SC_STATE_H
#include <stdint.h>

#include "buf.h"

struct sc_state;

#define SC_STATE_SCHEMA 9

/* "$XDG_STATE_HOME/sc", else "$HOME/.local/state/sc", into out. */
void sc_state_default_dir(struct buf *out);

/* Opens (creating DIR with mode 0700 and sc.db with mode 0600 if needed)
 * and migrates the schema forward. On failure returns NULL with a message
 * in err: the directory cannot be made, the database is locked by another
 * process beyond the busy timeout, or it was written by a newer sc. */
struct sc_state *sc_state_open(const char *dir, struct buf *err);
/* The same for a reader (sc-route cases): a state that is not there is an
 * error naming DIR, and nothing is created. */
struct sc_state *sc_state_open_existing(const char *dir, struct buf *err);
/* A private copy, in memory, of DIR/sc.db as it is now (an empty state
 * when there is none yet), for runs that show what would happen: every
 * call works on it as on the real state, which is neither written nor
 * created. Closing it throws it away. */
struct sc_state *sc_state_open_copy(const char *dir, struct buf *err);
void sc_state_close(struct sc_state *st);
const char *sc_state_path(const struct sc_state *st);

/* BEGIN IMMEDIATE: takes the write lock now, waiting up to the busy timeout
 * (5 s, or SC_BUSY_TIMEOUT_MS). Returns 0, or -1 when another process holds
 * it (a message is in sc_state_error). */
int sc_state_begin(struct sc_state *st);
int sc_state_commit(struct sc_state *st);
void sc_state_rollback(struct sc_state *st);
const char *sc_state_error(const struct sc_state *st);

/* Cursors: one per (source, account, stream). get returns 1 and the value
 * in out when there is one, 0 when none. set must run in a transaction. */
int sc_cursor_get(struct sc_state *st, const char *source, const char *account,
		  const char *stream, struct buf *out);
void sc_cursor_set(struct sc_state *st, const char *source, const char *account,
		   const char *stream, const char *cursor);

/* Read positions (readpos.c): how far a stage read its input file and
 * how long its output file was at that commit, keyed by stage and the two
 * absolute paths. get returns 1 with the row, 0 when none; set must run
 * in a transaction. */
struct sc_readpos {
	int64_t dev, ino;        /* the input file's identity */
	int64_t offset, line;    /* read up to this byte, this many lines */
	int64_t tail;            /* hash of the bytes just before offset */
	int64_t out_length;
};
int sc_readpos_get(struct sc_state *st, const char *stage, const char *input,
		   const char *output, struct sc_readpos *p);
/* The committed length of output as a stage's output: 1 with it in len,
 * 0 when no stage writes it. */
int sc_readpos_written(struct sc_state *st, const char *output, int64_t *len);
void sc_readpos_set(struct sc_state *st, const char *stage, const char *input,
		    const char *output, const struct sc_readpos *p);

/* Routing (sc-route): cases, their owners, agents' load and the ledger of
 * routed records. Every call below runs inside a transaction taken with
 * sc_state_begin; times are RFC 3339 UTC text. SQL errors end the program
 * (the database is broken or unwritable). */
struct sc_case {
	int64_t id;              /* 0: not found */
	int open;                /* status is 'open' */
	int has_assignee;
	int waiting;             /* a message waits for a reply (waiting_since) */
	struct buf queue, assignee, opened_at, due_at, conversation_id; /* "" when NULL */
	struct buf waiting_since, answered_at, resolved_at, closed_by;
	struct buf covered_until; /* the newest message time an answer covered */
};

struct sc_case_in {
	const char *conversation_id, *source, *account, *customer, *queue;
	const char *assignee;    /* NULL: waiting in the queue */
	int priority;
	const char *at;          /* the inbound message's time */
	const char *due_at;      /* NULL: no SLA */
	/* shown by sc-route cases; NULL keeps what the case has */
	const char *handle, *channel, *lang, *intent;
	int vip, complaint;      /* once set, kept until the case is resolved */
	const char *text;        /* the message's text (the case's last message) */
};

/* A message of a conversation, either way (sc-route show; answers read
 * before their question). */
struct sc_message {
	const char *record_id, *conversation_id, *at, *direction, *author, *text;
	const char *covers;      /* sc-reply's reply: the time of the message it answered */
	int needs_reply;
};

void sc_case_free(struct sc_case *c);
/* What the state knows of a record id: SC_RECORD_NEW nothing,
 * SC_RECORD_KNOWN its message but no route (sc-reply's reply, before it
 * is fetched back), SC_RECORD_ROUTED its route, the JSON in route. */
enum { SC_RECORD_NEW, SC_RECORD_KNOWN, SC_RECORD_ROUTED };
int sc_record_get(struct sc_state *st, const char *record_id, struct buf *route);
/* Records that m->record_id was routed at routed_at, to case_id (0: none),
 * with this route; known is what sc_record_get said of it. A new record
 * is kept with m's message (m->conversation_id NULL: no message, only
 * the route); a known one keeps its message. */
void sc_record_put(struct sc_state *st, const struct sc_message *m, int known, int64_t case_id,
		   const char *route, size_t len, const char *routed_at);
int sc_case_find(struct sc_state *st, const char *conversation_id, struct sc_case *c);
/* Opens the case (or reopens a resolved one, or updates an open one, whose
 * earlier due time is kept). Returns its id; due_at gets the case's due time.
 * known: the case as sc_case_find read it in this transaction (id 0: none),
 * which saves a statement its work; NULL when not read. */
int64_t sc_case_upsert(struct sc_state *st, const struct sc_case_in *in,
		       const struct sc_case *known, struct buf *due_at);
/* Records an owner (NULL: back to the queue) in case_owners with why; with
 * update, also sets it on the case. */
void sc_case_owner(struct sc_state *st, int64_t case_id, const char *assignee,
		   const char *at, const char *why, int update);
/* The customer's most recent open, owned case with a message since `since`. */
int sc_case_of_customer(struct sc_state *st, const char *source, const char *customer,
			const char *since, struct sc_case *c);
/* The queue's oldest open case without an owner. */
int sc_case_oldest_waiting(struct sc_state *st, const char *queue, struct sc_case *c);
/* 1 if a case of the queue waits for an owner. */
int sc_queue_waiting(struct sc_state *st, const char *queue);
/* Resolves an open case: 1 with the case as it was in c, 0 when there is
 * no open case for that conversation. */
int sc_case_resolve(struct sc_state *st, const char *conversation_id, const char *at,
		    struct sc_case *c);
/* A case by its conversation id, else (all digits, or "#" and digits) by
 * its number. 1 when found. */
int sc_case_find_ref(struct sc_state *st, const char *ref, struct sc_case *c);

/* An open case as sc-route cases lists it; strings borrowed for the
 * callback's duration, NULL when unknown. */
struct sc_case_row {
	int64_t id;
	const char *conversation_id, *source, *account, *customer, *handle, *channel;
	const char *lang, *intent, *queue, *assignee, *opened_at, *due_at;
	const char *waiting_since, *last_inbound_at;
	const char *last_text, *answered_at, *closed_at, *closed_by;
	int priority, vip, complaint, open;
};

/* Which open cases to list; NULL or 0 for "any". */
struct sc_case_filter {
	const char *assignee, *queue;
	const char *due_before;  /* overdue: due_at earlier than this time */
	int vip, complaint;
	int64_t case_id;         /* 0: any */
};

/* fn(ctx, row) for the open cases that pass f, most urgent first: those
 * waiting for a reply before the answered ones, each by priority, then
 * due time (none last), then age. Needs no transaction. */
void sc_cases_list(struct sc_state *st, const struct sc_case_filter *f,
		   void (*fn)(void *, const struct sc_case_row *), void *ctx);

/* A case whole (sc-route show): card once, then message for each message
 * of its conversation in time order, then owner for each change of owner.
 * Strings borrowed for the call. 0 when there is no such case. */
struct sc_case_history {
	void *ctx;
	void (*card)(void *, const struct sc_case_row *);
	void (*message)(void *, const char *at, const char *direction, int needs_reply,
			const char *author, const char *text, const char *record_id);
	void (*owner)(void *, const char *at, const char *assignee, const char *why);
};
int sc_case_show(struct sc_state *st, int64_t case_id, struct sc_case_history *h);

/* Keeps a message (once per record id): 1 when it is new, 0 when the
 * state had it already (sc-reply's reply, fetched back). */
int sc_message_put(struct sc_state *st, const struct sc_message *m);
/* The time of the brand's newest message in the conversation that answers
 * a message of time since (one at or after it, or sc-reply's reply to it
 * or to a later one): 1 with it in at, 0 when none. */
int sc_last_answer(struct sc_state *st, const char *conversation_id, const char *since,
		   struct buf *at);
/* The brand answered at `at` the messages up to `covered` (at itself for
 * the brand's own message; for sc-reply's reply, the time of the message
 * it was drafted for): the case (in c, as it is now) stops waiting unless
 * a question came after `covered` (one read late, or written while the
 * agent typed), answered_at is the newest answer, first_response_at the
 * first, covered_until the newest covered. 0 when there is no case for
 * the conversation. */
int sc_case_answered(struct sc_state *st, const char *conversation_id, const char *at,
		     const char *covered, struct sc_case *c);
/* The same in a transaction of its own (sc-reply, after a reply is sent),
 * keeping the reply as the message m when not NULL, which covers up to
 * m->covers (at when NULL). 0, or -1 with sc_state_error set when the
 * database stays busy. */
int sc_case_answered_now(struct sc_state *st, const char *conversation_id, const char *at,
			 const struct sc_message *m);
/* A message that needs no reply joins the case: shown as its last
 * message when it is the newest, nothing else changes. */
void sc_case_join(struct sc_state *st, int64_t case_id, const char *at, const char *text);
/* The queue's open case answered the longest ago (nothing waiting). */
int sc_case_quiet_oldest(struct sc_state *st, const char *queue, struct sc_case *c);
/* Closes an open case at `at`; by: "hand" (resolve) or "quiet". */
void sc_case_close(struct sc_state *st, int64_t case_id, const char *at, const char *by);
/* fn(ctx, name, open cases, last assigned or NULL, seq) for every known
 * agent; seq orders the agents' last assignments (round-robin), 0 for one
 * never assigned. */
void sc_agent_loads(struct sc_state *st,
		    void (*fn)(void *, const char *name, long open, const char *last, int64_t seq),
		    void *ctx);
/* seq < 0: the agent's seq stays as it is. */
void sc_agent_save(struct sc_state *st, const char *name, long open, const char *last, int64_t seq);
/* Remote ids of accounts (an X handle's numeric id, a Mastodon account id),
 * resolved once and kept. get returns 1 with the id in out, 0 when none;
 * set opens and commits its own transaction. */
int sc_account_get(struct sc_state *st, const char *source, const char *handle,
		   struct buf *out);
int sc_account_set(struct sc_state *st, const char *source, const char *handle,
		   const char *remote_id);

/* sc-reply --review's drafts dealt with, per record id and kind of run
 * (dry_run: 1 for a run that sends nothing): outcome "sent" (or would be)
 * or "resolved". get: 1 with the outcome, 0 when the draft was not dealt
 * with in such a run. put commits on its own: 0, or -1 with
 * sc_state_error set when the database stays busy. */
int sc_review_get(struct sc_state *st, const char *record_id, int dry_run, struct buf *outcome);
int sc_review_put(struct sc_state *st, const char *record_id, int dry_run, const char *outcome,
		  const char *at);

/* The ledger of sc-reply's actions (sc-reply(1): exactly once): one row
 * per idempotency key, 'intent' committed before the request, 'sent' with
 * the remote id or 'failed' with the error after it. Each call below
 * commits on its own (the request is made between two of them, never
 * inside a transaction); they return 0, or -1 with sc_state_error set when
 * the database stays busy. */
struct sc_ledger {
	struct buf status, remote_id, target, error; /* NUL-terminated, "" when NULL */
	struct buf at;             /* updated_at: when the outcome was recorded */
};
struct sc_ledger_in {
	const char *key, *record_id, *network, *action, *target;
	int64_t case_id;         /* 0: none */
};
void sc_ledger_free(struct sc_ledger *row);
/* 1 with the row, 0 when the key is unknown. */
int sc_ledger_get(struct sc_state *st, const char *key, struct sc_ledger *row);
/* The record's main reply (its reply or dm action, whatever its text: an
 * agent's edit changes the key) as the ledger has it: 1 with the row, the
 * 'sent' one first, then an 'intent'; 0 when none. */
int sc_ledger_main_of(struct sc_state *st, const char *record_id, const char *conversation,
		      struct sc_ledger *row);
/* For a resolved conversation: fn(ctx, user, followed, other_case) for each
 * customer the ledger holds a sent follow or DM to under CONVERSATION/,
 * first written first. followed: the brand's follow of them stands (the
 * last follow or unfollow sent to them, in any conversation, is a
 * follow); other_case: another open case (sc-route's cases) in which they
 * were followed or sent a DM, 0 when none. */
void sc_ledger_dm_customers(struct sc_state *st, const char *network, const char *conversation,
			    void (*fn)(void *, const char *user, int followed, int64_t other_case),
			    void *ctx);
/* Records the intent (a new key only: an existing row is left as it is). */
int sc_ledger_intent(struct sc_state *st, const struct sc_ledger_in *in);
/* The outcome: status "sent" (remote_id) or "failed" (error). */
int sc_ledger_outcome(struct sc_state *st, const char *key, const char *status,
		      const char *remote_id, const char *error);
/* Forgets an intent that surely was not carried out (refused before
 * anything was done), so a later run starts afresh. */
int sc_ledger_forget(struct sc_state *st, const char *key);

/* One run per (source, account) at a time: a small SQLite database per
 * account, DIR/run-SOURCE-ACCOUNT.db, opened in exclusive locking mode and
 * written once, so SQLite holds its lock until sc_run_unlock or the
 * process's end (kill -9 included: the kernel drops the lock). A second run
 * gets NULL at once, with "already running" in err. */
struct sc_run_lock;
struct sc_run_lock *sc_run_lock(const char *dir, const char *source, const char *account,
				struct buf *err);
void sc_run_unlock(struct sc_run_lock *l);

/* Sessions of networks that log in (Bluesky): the access and refresh
 * tokens, which are credentials and so never go in the state directory.
 * They live in their own SQLite database at a path the user chooses (by
 * default $XDG_CONFIG_HOME/sc/sessions.db), created owner-only and refused
 * when group or others can read it, like a token file. SQLite makes the
 * replacement of a rotated refresh token atomic: the old pair or the new
 * one, never half of each. */
struct sc_sessions;
/* "$XDG_CONFIG_HOME/sc/sessions.db", else "$HOME/.config/sc/sessions.db". */
void sc_sessions_default_path(struct buf *out);
struct sc_sessions *sc_sessions_open(const char *path, struct buf *err);
void sc_sessions_close(struct sc_sessions *ss);
/* 1 with both tokens (NUL-terminated), 0 when there is no session. */
int sc_session_get(struct sc_sessions *ss, const char *source, const char *account,
		   struct buf *access, struct buf *refresh);
/* Saves (or with access NULL, forgets) a session; 0 or -1 with err set. */
int sc_session_set(struct sc_sessions *ss, const char *source, const char *account,
		   const char *access, const char *refresh, struct buf *err);

#endif
