/* Exactly once: a drafted record's actions carried out through a poster
 * (lib/post.h), each under its idempotency key in the state's ledger.
 *
 *   key 'sent'      → nothing is sent; the ledger's remote id is reported
 *   key 'failed'    → nothing is sent; the recorded error is reported
 *   key 'intent'    → an earlier run died or could not tell: look the post
 *                     up first; found → 'sent'; surely not → send; the
 *                     network cannot say → leave it, stop (exit 4)
 *   key unknown     → commit 'intent', send (no transaction open), commit
 *                     the outcome
 *
 * POST_UNKNOWN keeps the intent and looks up after a backoff before any
 * second try; POST_PERM is recorded as 'failed' and never retried;
 * POST_FAIL and POST_RATE surely did nothing: the intent is forgotten and
 * the run stops sending (exit 4 or 5), a later run tries again. Actions of
 * one record run in order (follow, invitation, DM) and stop at the first
 * that does not succeed. The caller holds the run lock of the network and
 * account, so no other sc-reply sends from it meanwhile. */
#ifndef SC_SEND_H
#define SC_SEND_H
#include "draft.h"
#include "post.h"
#include "state.h"

struct sender {
	struct poster *p;
	struct sc_state *st;
	long kill_after;           /* SC_TEST_KILL_AFTER_POST: SIGKILL after the Nth send, before the ledger */
	long backoff_ms;           /* before the look-up that follows POST_UNKNOWN */
	unsigned long posted, already, failed, unfollowed;
	int stopped;               /* SC_EXIT_NET or SC_EXIT_RATE: nothing more is sent this run */
	struct post_res res;
	struct sc_ledger row;
	struct buf msg;
};

void sender_init(struct sender *s, struct poster *p, struct sc_state *st);
void sender_free(struct sender *s);
/* Carries out dr's actions (statuses, remote ids and errors are set on the
 * actions and on dr). Returns SC_EXIT_OK, SC_EXIT_FAIL (an action was
 * refused for good), SC_EXIT_NET or SC_EXIT_RATE. */
int send_draft(struct sender *s, struct draft *dr);

#endif
