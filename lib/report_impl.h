/* What report.c (conversations, windows, figures) and report_pair.c (the
 * pairing of one conversation) share; nothing outside lib/report*.c uses it. */
#ifndef SC_REPORT_IMPL_H
#define SC_REPORT_IMPL_H
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "report.h"

/* The first eight are written in partial results (their "f"): never renumber them. */
enum { F_OUT = 1, F_AUTO = 2, F_COMPLAINT = 4, F_VIP = 8, F_PRIVATE = 16,
       F_KEPT = 32,   /* the first message of a request still waiting, kept
			 when its conversation was closed: already counted */
       F_ACKED = 64,  /* ... and that request had been acknowledged */
       F_NOREPLY = 128,  /* a customer's message that needs no reply */
       F_SENT = 256,     /* a reply known from sc-reply's record, not fetched */
       F_UNTIMED = 512,  /* ... without reply.sent_at: answers, but has no time */
       F_DUP = 1024 };   /* another copy of a message id of its conversation:
			    passed over by the pairing */
#define F_PARTIAL (F_OUT | F_AUTO | F_COMPLAINT | F_VIP | F_PRIVATE | F_NOREPLY)
#define STR_NONE UINT32_MAX

/* One message of an open conversation, without its text. Its strings live
 * in the conversation's own bytes (struct conv.strs), so they go when the
 * conversation is closed. */
struct ev {
	int64_t t;
	int64_t due;                   /* route.due, or REP_NO_TIME */
	uint32_t id, reply_to, author; /* offsets in conv.strs, or STR_NONE */
	uint32_t key[RD_NSTR];         /* interned dimension values; INTERN_NONE when absent */
	uint32_t seq;                  /* arrival order within the conversation */
	uint16_t flags;
};

struct conv {
	struct buf strs;               /* [u32 length][bytes][NUL] each; its own id first */
	struct ev *ev;
	uint32_t n, cap;
	int64_t tlast;                 /* the latest created_at in it */
	uint64_t seen;                 /* arrival number of its latest record */
	uint64_t hash;
	uint32_t hnext;                /* hash chain; also the free list */
	uint32_t prev, next;           /* the arrival-order list (least recent first) */
	uint8_t state;                 /* CONV_FREE, CONV_OPEN (in the list), CONV_WAITING */
};
enum { CONV_FREE, CONV_OPEN, CONV_WAITING };

/* A string of a conversation: its bytes and length. */
static inline const char *conv_str(const struct conv *c, uint32_t off, uint32_t *len)
{
	uint32_t n;

	memcpy(&n, c->strs.p + off, sizeof n);
	*len = n;
	return c->strs.p + off + sizeof n;
}

/* Working arrays of the pairing, reused from one conversation to the next. */
struct pair_scratch {
	uint32_t *idx, *rank, *arank, *rrank, *first, *epi_of;
	int64_t *t, *maxt;
	struct episode *open;
	size_t cap, capopen;
};

struct episode {
	const struct ev *first;    /* the request's first message */
	uint32_t author;           /* author rank */
	uint64_t ackall;           /* acknowledgements to all seen when it opened */
	uint16_t flags;            /* complaint/vip seen in any of its messages */
	uint8_t acked;
};

/* report.c, called by the pairing */
/* via: for a brand message, the message it answers, whose group values
 * stand in for those it lacks (a reply has no intent of its own); or NULL. */
void rep_count_message(struct report *r, const struct ev *e, const struct ev *via);
void rep_close_request(struct report *r, const struct episode *ep, int acked,
		       const struct ev *reply);

/* report_pair.c: pairs the messages of c (in any order) and hands every
 * message and request to the functions above. O(n log n) in c->n. With
 * keep_waiting, the requests still unanswered at the end are left in
 * ps->open (their acked set) and their number returned, instead of being
 * handed over as backlog. */
size_t rep_pair(struct report *r, struct pair_scratch *ps, struct conv *c, int keep_waiting);
void rep_pair_free(struct pair_scratch *ps);

#endif
