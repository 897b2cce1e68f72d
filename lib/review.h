/* sc-reply --review: drafted replies walked through one by one on a
 * terminal, the way `git add -p` walks through hunks: the customer's message
 * and its thread, the classification, the route and the draft, then one key
 * to send, edit in $EDITOR, switch public reply and DM, skip, resolve the
 * case or quit. Drafting and the checks are lib/draft's; sending is the
 * caller's (the same path as --send, so the ledger keeps every reply to
 * once); a case is resolved in the state store. */
#ifndef SC_REVIEW_H
#define SC_REVIEW_H
#include "draft.h"

struct review_opts {
	const char *file;          /* the drafts: routed records or sc-reply's output */
	const char *state_dir;     /* NULL: the default state directory */
	int send;                  /* 0: dry-run, "send" only says it would */
	struct drafter *d;
	/* Sends dr the way --send does (the run lock, the poster, the
	 * ledger); returns an exit status (SC_EXIT_OK, _FAIL, _NET, _RATE). */
	int (*send_fn)(void *ctx, struct draft *dr);
	void *ctx;
};

/* Runs the review. Refuses (SC_EXIT_USAGE, with a message) unless standard
 * input and output are terminals. Returns the exit status: 0, 1 (a reply
 * refused or a bad input line), 4 or 5 (sending stopped), 130 (SIGINT). */
int review_run(const struct review_opts *o);

#endif
