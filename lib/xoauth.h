/* X's OAuth 2.0 refresh, for sc-fetch x and sc-reply --send with
 * SC_X_CLIENT_ID: the refresh token of the last run (kept in the session
 * store), else the first one the user gave in a file, buys a new access
 * token and a new refresh token. X rotates them (the old refresh token is
 * spent), so the new pair replaces the old in the session store at once, in
 * one SQLite transaction. Tokens never appear in messages. */
#ifndef SC_XOAUTH_H
#define SC_XOAUTH_H
#include "buf.h"
#include "http.h"
#include "state.h"

enum { XOAUTH_CONFIG = -10 }; /* no refresh token anywhere: a configuration error */

/* SC_X_CLIENT_ID when network is "x" and it is set and not empty: the
 * access token then comes from a refresh, not from SC_X_TOKEN; else NULL. */
const char *xoauth_client_id(const char *network);

/* 1 when a refresh token is at hand (in ss or in refresh_file), else 0
 * with the reason in err: what to check before any network request. */
int xoauth_ready(struct sc_sessions *ss, const char *account, const char *refresh_file,
		 struct buf *err);

/* POST api/2/oauth2/token through h. HTTP_OK with the access token in
 * access (the caller points h->token at it); HTTP_DRY on a dry run;
 * XOAUTH_CONFIG with err set; HTTP_FAIL (err set when the answer lacked
 * the tokens or could not be saved; http_json reported the rest) or
 * HTTP_RATE. */
int xoauth_refresh(struct http *h, const char *api, const char *client_id,
		   struct sc_sessions *ss, const char *account, const char *refresh_file,
		   struct buf *access, struct buf *err);

#endif
