/* An X API v2 post (a tweet object and its author from includes.users),
 * read one way for every reader of that shape: net_x.c's walk of the live
 * API, and sc-fetch jsonl's v2 answers, twarc2 pages and twarc2 flattened
 * tweets (import_jsonl.c). */
#ifndef SC_XTWEET_H
#define SC_XTWEET_H
#include <jv.h>

#define XT_ID 64

struct xuser {
	char handle[128], name[512]; /* "" when the user is not known */
	long long followers;         /* -1 unknown */
	int verified;                /* -1 unknown */
};

struct xtweet {
	char id[XT_ID], author_id[XT_ID], created[64], lang[16];
	char parent[XT_ID];     /* the post it replies to, "" for none */
	char parent_uid[XT_ID]; /* in_reply_to_user_id, "" when not given */
	char conv[XT_ID];       /* conversation_id, "" when not given */
	char retweeted[XT_ID];  /* a repost: the id of the post reposted */
	struct xuser author;
	jv text;                /* owned: the whole text (note_tweet.text of a long post) */
};

/* includes.users of an answer (borrowed) as an object: id → user. count,
 * when not NULL, is raised by the users found. */
jv xtweet_users(jv page, unsigned long *count);
/* The user with that id in users (borrowed), or an unknown one. */
void xtweet_user(jv users, const char *id, struct xuser *u);
/* includes.tweets of an answer (borrowed), the posts its posts refer to
 * (expansions=referenced_tweets.id), as an object: id → post. */
jv xtweet_refs(jv page);
/* Post t's (borrowed) whole text: note_tweet.text of a long post, else
 * text; whatever jget finds (a string, or null when there is none). */
jv xtweet_text(jv t);
/* Reads post t (borrowed) with its author from users; returns NULL, or why
 * it cannot be a record. Either way x->text is set: free with xtweet_free. */
const char *xtweet_read(jv t, jv users, struct xtweet *x);
void xtweet_free(struct xtweet *x);

#endif
