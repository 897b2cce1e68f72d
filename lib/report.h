/* sc-report's arithmetic: pairing customer messages with the brand's
 * replies, and the figures per group. Knows records only through struct
 * rep_msg (the reader fills it), and nothing of output formats.
 *
 * Definitions (sc-report(1) states them for users):
 * - A request starts with a customer's message in a conversation when that
 *   customer has no earlier unanswered message there; later messages of the
 *   same customer join it. It is answered by the first human brand reply
 *   after its start that is addressed to that customer: a reply to one of
 *   the customer's messages in the conversation, or a reply to nothing
 *   known; in a private conversation (a DM, a group DM) a brand message
 *   answers every customer waiting in it. First response time = reply time
 *   - start time.
 * - A reply timestamped before the message it answers counts as time 0.
 * - Automatic acknowledgements (outbound records with "auto": true or
 *   reply.kind == "ack") do not answer; they mark the request acknowledged.
 * - Requests still unanswered at the end are the backlog.
 * - A customer's message that needs no reply (rep_msg.noreply: a thank-you
 *   after the answer) never starts a request; it joins one that is open.
 * - A record sc-reply sent a reply for carries the answer itself (sent_id,
 *   sent_t): it is an outbound message with the id the network gave it, so
 *   the same post fetched later is the same message, counted once (within a
 *   conversation, a message id counts once: the fetched copy wins). So does
 *   its acknowledgement (ack_id): the fetched copy of it stays one.
 * - SLA: a request with a due time (route.due of its first message) is met
 *   when answered by then, missed when answered later or still waiting
 *   past it at report_set_now's time (overdue). */
#ifndef SC_REPORT_H
#define SC_REPORT_H
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum rep_dim {
	RD_ACCOUNT, RD_AGENT, RD_QUEUE, RD_TOPIC, RD_LANG, RD_INTENT, RD_CHANNEL, RD_PRIORITY,
	RD_NSTR, /* the dimensions above come from records; those below from time */
	RD_DAY = RD_NSTR, RD_WEEK, RD_HOUR, RD_WEEKDAY, RD_N
};

const char *rep_dim_name(int d);
int rep_dim_by_name(const char *s, size_t n);

struct rep_str {
	const char *p;
	size_t n;     /* p == NULL: absent */
};

/* What the reader takes from one record. */
struct rep_msg {
	int64_t t;                     /* created_at, seconds */
	int64_t due;                   /* route.due, or REP_NO_TIME */
	int out, autoack, complaint, vip, private, noreply;
	struct rep_str id, conv, author, reply_to;
	struct rep_str key[RD_NSTR];   /* account, agent, queue, topic, lang, intent, channel,
					  priority */
	struct rep_str sent_id;        /* the network's id of the reply sc-reply sent, or absent */
	struct rep_str ack_id;         /* ... of the acknowledgement it sent (its "ack" action) */
	int64_t sent_t;                /* when it was sent (reply.sent_at), or REP_NO_TIME */
};
/* No time: 0 (1970-01-01 is no due or sending time), so a zeroed message has none. */
#define REP_NO_TIME 0

struct report;

/* A message as plain bytes (to pass between threads), and back: the
 * strings of the unpacked one point into p. */
void rep_msg_pack(const struct rep_msg *m, struct buf *out);
void rep_msg_unpack(const char *p, size_t n, struct rep_msg *m);

/* dims: the --by dimensions in order (n of them). */
struct report *report_new(const int *dims, int n);
void report_free(struct report *r);
void report_add(struct report *r, const struct rep_msg *m);

/* Conversations silent for this long (in record time, against the latest
 * record read, and for idle_records records of input: archives group a
 * conversation's records, but not in time order) are closed: paired, and
 * only their figures kept, with the first message of each request still
 * waiting. A later record of a closed conversation continues it: its
 * waiting requests can still be answered. Exact when every record comes
 * within the window of the latest one before it (time order, give or take
 * the window); records further behind are counted in rep_counts.late.
 * Negative: keep every conversation open until report_compute. */
#define REP_WINDOW_DEFAULT (7 * 86400)
#define REP_IDLE_RECORDS 20000
void report_set_window(struct report *r, int64_t seconds, uint64_t idle_records);

struct rep_counts {
	uint64_t closed;      /* conversations closed before the end */
	uint64_t late;        /* records more than the window behind the latest record
			       * before them, in a new or closed conversation (exact
			       * unless that conversation had been closed before) */
	uint32_t open, peak_open;  /* conversations in memory (now, at most) */
	uint32_t peak_waiting;     /* closed ones kept for their waiting requests, at most */
};
void report_counts(const struct report *r, struct rep_counts *out);

/* Partial state: one JSON line per message (the --by dimensions it needs),
 * written as the message is read; report_add_partial reads one back (its
 * time in *t) and returns -1 when the line is not one. */
void report_write_event(const struct report *r, const struct rep_msg *m, struct buf *out);
int report_add_partial(struct report *r, const char *line, size_t n, int64_t *t);

/* Business time: open seconds between two instants for a request of this
 * queue (NULL: none), or NULL for no business time. */
typedef int64_t (*rep_business_fn)(void *ctx, const char *queue, int64_t from, int64_t to);

/* Messages that need no reply start requests all the same (--all-messages). */
void report_set_all_messages(struct report *r, int all);

struct rep_group {
	const char *key[RD_N];         /* values of the --by dimensions ("" if none) */
	uint64_t inbound, outbound, requests, answered, acknowledged;
	uint64_t within[3];            /* answered within 1 h, 3 h, 24 h */
	uint64_t backlog, complaints_unanswered, vip_unanswered;
	int64_t oldest_waiting_since;  /* start of the oldest unanswered request, or INT64_MIN */
	double frt_mean, frt_median, frt_p90;           /* seconds; NaN when none answered */
	double frt_business_median, frt_business_p90, frt_business_mean; /* NaN without hours */
	uint64_t within_business[3];
	uint64_t sla_due, sla_met, overdue;  /* requests with a due time answered or past it;
						of them answered in time; still waiting past it */
	uint64_t private_requests_7d, private_answered_7d; /* private requests begun in the 7
							      days up to now, answered */
	double private_frt_median_7d;  /* seconds; NaN when none answered */
};

/* Set before the first report_add: conversations are closed while reading. */
void report_set_business(struct report *r, rep_business_fn business, void *ctx);

/* The time waiting is measured up to (overdue, the last 7 days): set
 * before report_compute. */
void report_set_now(struct report *r, int64_t now);

/* Closes every conversation still open and fills the groups, sorted by
 * their keys (once, after the last report_add). */
void report_compute(struct report *r, struct rep_group **groups, size_t *ngroups);

/* After report_compute: per local day, inbound messages and requests
 * answered (days sorted), and how many first responses fall in each of
 * REP_NBUCKETS buckets (<=15 min, 1 h, 3 h, 8 h, 24 h, 3 d, more). */
#define REP_NBUCKETS 7
struct rep_day {
	char day[11];
	uint64_t inbound, requests, answered;
};
const struct rep_day *report_days(struct report *r, size_t *n);
const uint64_t *report_frt_buckets(struct report *r);

/* After report_compute: inbound messages, requests, and answered requests
 * by weekday (0 = Monday) and hour of the local time (TZ). */
void report_coverage(struct report *r, uint64_t volume[7][24], uint64_t requests[7][24],
		     uint64_t answered[7][24]);

#endif
