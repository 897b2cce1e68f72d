/* The routing decision for one record: rules → queue, mode, priority, SLA;
 * the case and its one owner (sticky, with fall-back when the owner is off
 * shift or away, waiting cases served oldest first, load kept even); the
 * due time in the queue's open hours. The state calls run inside the
 * caller's transaction: router_batch_begin after sc_state_begin reloads the
 * agents' load (another process may have changed it), router_batch_end
 * writes it back before the commit. */
#ifndef SC_ROUTER_H
#define SC_ROUTER_H
#include <stdio.h>
#include <jv.h>

#include "buf.h"
#include "routecfg.h"
#include "jval.h"
#include "rules.h"
#include "sctime.h"
#include "state.h"

struct router {
	struct route_cfg *cfg;
	struct rule_set *rules;
	struct sc_state *st;
	struct sc_time now;          /* --now */
	int has_now;
	int explain;                 /* write the explanation to explain_out */
	struct buf explain_out;
	uint64_t seq;
	/* the records' clock: the newest message time routed, by which
	 * answered cases close after their queue's quiet time */
	int64_t clock;
	/* counts for the summary */
	unsigned long routed, outbound, resolved, duplicates, waiting, handed, closed, answered;
	int64_t case_id;            /* the case the last record opened, joined or resolved (0: none) */
	/* scratch reused across records */
	struct sc_case c, w;
	struct buf json, due, why, handover, closedl, tmp, msgid;
	/* after router_record: {"at":…,"closed":[…],"handover":[…]} when
	 * cases closed by the records' clock before this record (and waiting
	 * ones went to the owners that freed), for a line before it; else empty */
	struct buf pre;
	int64_t head_time;           /* the time router_refuse read */
	const char *where_file;      /* for messages about the current record */
	unsigned long where_line;
};

void router_init(struct router *r, struct route_cfg *cfg, struct rule_set *rules,
		 struct sc_state *st);
void router_free(struct router *r);
void router_batch_begin(struct router *r);
void router_batch_end(struct router *r);

enum { ROUTE_SPLICE, ROUTE_PASS };

/* Decides for the record doc, read in place (jval.h: simdjson's document
 * of the line, or its jv). *rec is its jv when the caller has one, else
 * invalid: it is made from doc only where libjq must run (a rule outside
 * lib/rulec.c's shapes, --explain), and then the caller frees it.
 * ROUTE_SPLICE: r->json holds the "route" object to splice into the
 * record; ROUTE_PASS: the record goes out as it came (a brand's own
 * message). */
int router_record(struct router *r, const struct jval *doc, jv *rec);
/* Why rec cannot be routed, or NULL: a message (not a resolve) without a
 * string id (sc-record(5); the ledger and the cases are keyed by it), or,
 * without --now, without a created_at that parses (the routing moment). */
const char *router_refuse(struct router *r, const struct jval *rec);

/* Closes the answered cases whose queue's quiet time (close_after) has
 * passed by `at`, then hands the cases waiting in every queue, oldest
 * first and by each queue's policy, to the agents who can take one at `at`
 * (on shift, not away, under their cap): what a run does first, so a case
 * that waited through the night is given out when the shift starts,
 * whether or not a message comes. r->json gets
 * {"at":…,"closed":[…],"handover":[…]}, or stays empty when nothing
 * was closed or handed over. */
void router_serve_all(struct router *r, struct sc_time at);

/* The time router_refuse's record will be routed by (its created_at),
 * for sc-route's time order; INT64_MIN when it has none (a resolve line). */
int64_t router_time(const struct router *r);

/* Resolves a conversation's case (sc-route resolve, or a resolve record):
 * r->json gets {"resolved":…,"case":…,"assignee":…,"handover":[…]}. */
void router_resolve(struct router *r, const char *conversation_id, struct sc_time at);

/* The same for sc-route resolve, where ID is a conversation id or a case
 * number ("12" or "#12"). */
void router_resolve_ref(struct router *r, const char *ref, struct sc_time at);

/* Gives the open case ref (conversation id or case number) to agent by
 * hand, with "assigned by hand" in its owner history. 0 with
 * r->json = {"case","conversation_id","assignee","previous"}; -1 with the
 * reason in r->why when there is no such open case. */
int router_assign(struct router *r, const char *ref, int agent, struct sc_time at);

#endif
