/* A Bluesky login session, shared by the reader (net_bluesky.c) and the
 * poster (post_bluesky.c): the access and refresh JWTs kept in the session
 * store (state.h, outside the state directory) and refreshed on every use;
 * createSession, which Bluesky limits hard (a few dozen per 5 minutes, then
 * a day's block), only when there is no session or it can no longer be
 * refreshed. The refresh token rotates, and the new pair is saved at once. */
#ifndef SC_BSKY_SESSION_H
#define SC_BSKY_SESSION_H
#include "buf.h"
#include "http.h"

/* The header that has the PDS pass a request on to Bluesky's chat service
 * (chat.bsky.*): the reader's and the poster's. */
#define BSKY_CHAT_PROXY "atproto-proxy: did:web:api.bsky.chat#bsky_chat"

struct sc_sessions;

struct bsky_session {
	char did[256];             /* the account's DID */
	struct buf access, refresh;
};

#define BSKY_SESSION_INIT {"", BUF_INIT, BUF_INIT}

/* Opens the session of account (secret: its app password, for a login).
 * HTTP_OK with access and did set; HTTP_FAIL or HTTP_RATE, reported on
 * stderr. In a dry run the login request is printed and placeholders set.
 * Leaves h->token NULL. */
int bsky_session_open(struct bsky_session *s, struct http *h, const char *api,
		      const char *account, const char *secret, struct sc_sessions *ss);
/* Wipes the tokens and frees the buffers. */
void bsky_session_wipe(struct bsky_session *s);

#endif
