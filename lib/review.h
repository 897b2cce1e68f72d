/* sc-reply --review: drafted replies walked through one by one on a
 * terminal, the way `git add -p` walks through hunks: the agent's drafts
 * whose cases still wait, most urgent first (lib/desk.c), each with the
 * conversation's last turns, the classification, the case and every act
 * sending performs, then one key to send them all or act by act, edit in
 * $EDITOR, switch public reply and DM, skip, resolve the case, see the whole
 * conversation or quit. What was dealt with is kept in the state, so a
 * second review resumes, dry run or not. Drafting and the checks are lib/draft's; sending is the
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
	/* the desk: only these drafts, in the order sc-route cases lists
	 * their cases (all of them, file order, without a state) */
	int mine;                  /* the agent named by SC_AGENT (or $USER, an agent of routes) */
	const char *assignee;      /* or this agent's */
	const char *queue;         /* only this queue's */
	long long case_id;         /* only this case's (0: any) */
	const char *routes;        /* sc-route's configuration: the agent's zone, $USER (NULL: none) */
	const char *tz;            /* due times in this zone (NULL: the agent's, else TZ, else UTC) */
};

/* Runs the review. Refuses (SC_EXIT_USAGE, with a message) unless standard
 * input and output are terminals. Returns the exit status: 0, 1 (a reply
 * refused or a bad input line), 4 or 5 (sending stopped), 130 (SIGINT). */
int review_run(const struct review_opts *o);

#endif
