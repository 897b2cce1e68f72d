/* Conversation reconstruction for imported archives.
 *
 * Archives list a conversation's tweets in any order (the public TWCS file
 * lists a thread newest first, so a reply comes before the tweet it answers).
 * A message is held until the tweet it replies to has been seen, so that its
 * conversation_id (the id of the first tweet of the chain) and, for an
 * inbound message, the brand account it was addressed to are known; messages
 * come out in input order. Memory is bounded by the window: the last W
 * messages are kept for lookups, and a message still waiting when it falls
 * out of the window (or at the end of input) is released with what is known:
 * its conversation is then the oldest ancestor seen, or the id of the missing
 * tweet it answers. */
#ifndef SC_THREAD_H
#define SC_THREAD_H
#include <stddef.h>

#include "buf.h"

#define THREAD_KEY 48 /* longest id or handle threaded: 47 bytes */

struct thread_msg {
	const char *id, *parent;  /* parent: "" or NULL when none */
	const char *author;       /* handle of the author */
	int outbound;             /* written by the brand */
	const char *account;      /* explicit account, or "" */
	const char *text;         /* for the @mentions */
	const char *replies;      /* ids of replies, comma-separated, or NULL */
	const char *payload;      /* bytes given back on release */
	size_t payload_len;
	const char *parent_author; /* handle of the parent's author when the row
				    * names it (v1.1's in_reply_to_screen_name), or NULL */
	const char *keep;         /* bytes kept while the message is in the window, */
	size_t keep_len;          /* given to its replies' emit (the text they answer) */
};

/* Called once per message, in input order: payload as added, the
 * conversation root id and the account (either may be "" when unknown),
 * and whether it answers a message of the brand (1), answers nothing or a
 * customer's message (0), or answers a message not seen (-1; 1 when the
 * row named the parent's author and that is a brand); and the parent's
 * keep bytes, or NULL when the parent is not in the window. */
typedef void (*thread_emit_fn)(void *ctx, const char *payload, size_t len,
			       const char *root, const char *account, int to_brand,
			       const char *parent_keep, size_t parent_keep_len);

struct thread *thread_new(size_t window, thread_emit_fn emit, void *ctx);
/* Declares a handle as a brand account (outbound authors become brands too). */
void thread_brand(struct thread *t, const char *handle);
/* 1 when handle is a brand account (declared, or an author of outbound). */
int thread_is_brand(const struct thread *t, const char *handle);
/* Adds a message. Returns 0, or -1 when its id was seen within the window
 * (a duplicate: nothing is added). */
int thread_add(struct thread *t, const struct thread_msg *m);
/* Releases everything still held (at the end of input). */
void thread_flush(struct thread *t);
/* Messages released before their parent was seen: the conversation could
 * only be guessed. */
unsigned long thread_orphans(const struct thread *t);
void thread_free(struct thread *t);

#endif
