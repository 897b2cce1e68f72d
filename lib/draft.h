/* sc-reply's drafting of one record: what to do (the actions in the order
 * they must happen), the text of each (the agent's own reply.text, else a
 * template down the fallback chain), the leading @mention right for the
 * network, the tone and length checks, and each action's idempotency key
 * for the ledger. Nothing here talks to a network or the state. */
#ifndef SC_DRAFT_H
#define SC_DRAFT_H
#include <stdint.h>
#include <jv.h>

#include "buf.h"
#include "jval.h"
#include "post.h"
#include "replycfg.h"
#include "textlen.h"
#include "tone.h"

enum draft_status { DS_DRAFTED, DS_SENT, DS_SKIPPED, DS_FAILED };
extern const char *const draft_status_names[];

struct draft_act {
	enum post_action action;
	const char *name;          /* ack, follow, invite, reply, dm, unfollow */
	struct buf text, key;      /* text: "" for follow and unfollow */
	const char *tpl_id;        /* NULL: the agent's own text, or none */
	long length, limit;
	int status;                /* enum draft_status */
	struct buf remote_id, error;
	struct buf sent_at;        /* sent: when the ledger recorded it (RFC 3339) */
};

struct draft {
	int pass;                  /* 1: not for sc-reply (outbound): the record goes out untouched */
	const char *bad;           /* not a record sc-reply can take (no id): why; it is a bad
				    * input line, never drafted nor sent */
	int status;
	const char *mode;          /* public, dm, none, resolve */
	struct buf error;
	const char *tpl_id, *level, *lang;
	struct draft_act *acts;    /* grown as needed (a resolve unfollows each customer followed) */
	int nacts, cap, main;      /* main: the act whose text is reply.text (-1: none) */
	int held;                  /* off_hours ack-only: the reply waits for the queue */
	/* what the posters need, ids without the source prefix */
	struct buf record_id, conversation, in_reply_to, root, user_id, user_handle, network, account;
	struct buf created_at;      /* the customer's message's time (Meta's 24-hour window) */
	int64_t case_id;
};

struct drafter {
	const struct reply_cfg *cfg;
	const char *network;       /* --network: count and check as this network */
	long limit;                /* the poster's limit for replies (0: the default) */
	struct textlen tl;
	struct tone_scratch ts;
	/* the record being drafted, for the template variables (read in
	 * place: jval.h), and draft.c's cache of its fields (each looked up
	 * once per record); keep holds draft_record's jv while it is read */
	struct jval rec;
	jv keep;
	struct draft_fields *f;
	struct voice_memo *vm;     /* draft.c's tone answers per template */
	int nvm;
	struct time_memo *tm;      /* draft.c's local times, by instant, zone and format */
	const struct reply_lang *lang;
	int unfilled;              /* the first template variable left without a value, or -1 */
	struct buf tmp, voice;
};

void drafter_init(struct drafter *d, const struct reply_cfg *cfg);
void drafter_free(struct drafter *d);
void draft_init(struct draft *dr);
void draft_free(struct draft *dr);
/* Drafts rec (borrowed). Afterwards dr->pass, or dr->status drafted,
 * skipped or failed (a check failed: dr->error says which). */
void draft_record(struct drafter *d, jv rec, struct draft *dr);
/* The same for a record read in place (recin.doc), which must stay valid
 * until the draft is written: no jv is made for it. */
void draft_record_in(struct drafter *d, const struct jval *rec, struct draft *dr);
/* A new act at the end of dr's actions, keyed CONVERSATION/name (the
 * pointer holds until the next one is added). */
struct draft_act *draft_add(struct draft *dr, enum post_action action, const char *name);
/* Only the acts i with keep[i] (nonzero) stay, in their order: the agent
 * chose them (sc-reply --review's a); main is -1 when the reply is not
 * among them. */
void draft_keep(struct draft *dr, const int *keep);
/* Appends "/to:USER" to a's key: the customer the act is for. */
void draft_key_to(struct draft_act *a, const char *user, size_t n);
/* The poster's request for act a of dr (pointing into dr). */
void draft_req(const struct draft *dr, const struct draft_act *a, struct post_req *r);
/* The "reply" object for the record, into out. */
void draft_json(const struct draft *dr, struct buf *out);

#endif
