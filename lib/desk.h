/* The agent's desk seen from sc-reply --review: which drafts to review and
 * in what order, from the state store. The order is sc-route cases' own
 * (sc_cases_list: waiting before answered, priority, due time, age), so the
 * review walks the agent's cases as their list shows them; a draft whose
 * case no longer waits (answered, closed) is left out and counted. Also a
 * case's card and the last turns of its conversation for the screen. */
#ifndef SC_DESK_H
#define SC_DESK_H
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "state.h"

struct desk_counts {
	size_t answered;     /* the case is open but answered */
	size_t closed;       /* the case is closed (resolved, or after the quiet time) */
	size_t others;       /* another agent's or queue's, or another case (the filter) */
	size_t nocase;       /* no case in the state (spam, not routed): reviewed last
			      * when nothing filters, else left out */
};

/* The drafts to review, as indexes into convs and ats (n conversation ids
 * and message times, NULL for none) in order[] (n places); returns how
 * many. Drafts of the same case keep their order; a message of a waiting
 * case that the brand answered after it (an earlier question) counts as
 * answered. filtered: f chooses (--mine, --assignee, --case, --queue), and
 * a draft with no case is left out instead of coming last. */
size_t desk_order(struct sc_state *st, const struct sc_case_filter *f, int filtered,
		  const char *const *convs, const char *const *ats, size_t n, size_t *order,
		  struct desk_counts *k);

enum { DESK_TURNS = 4 };

struct desk_turn {
	struct buf at, direction, author, text;
};

/* A case as the review's screen shows it. */
struct desk_view {
	int64_t id;                /* 0: no case for the conversation */
	int priority;
	const char *state;         /* waiting, answered, closed */
	struct buf assignee, queue, due_at;   /* "" when none */
	struct desk_turn turns[DESK_TURNS];   /* the last turns before the record, oldest first */
	int nturns;
	size_t earlier;            /* turns before those, not shown */
};

/* Reads the case of conversation conv into v: the card and the last
 * DESK_TURNS messages before record_id (all of them when the state does
 * not hold record_id). 0 when there is no case. */
int desk_view(struct sc_state *st, const char *conv, const char *record_id, struct desk_view *v);
void desk_view_free(struct desk_view *v);

#endif
