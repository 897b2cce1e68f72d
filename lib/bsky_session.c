#include <stdio.h>
#include <string.h>

#include "bsky_session.h"
#include "diag.h"
#include "jget.h"
#include "jsonw.h"
#include "state.h"

/* Keeps the tokens of a createSession or refreshSession answer (consumed). */
static int keep_session(struct bsky_session *s, jv v, const char *account, struct sc_sessions *ss)
{
	char acc[4096], ref[4096];
	struct buf err = BUF_INIT;
	int rc = HTTP_OK;

	if (!jget_str(v, "accessJwt", acc, sizeof acc) || !jget_str(v, "refreshJwt", ref, sizeof ref) ||
	    !jget_str(v, "did", s->did, sizeof s->did)) {
		sc_warn("bluesky: the session answer lacks accessJwt, refreshJwt or did");
		rc = HTTP_FAIL;
	} else if (sc_session_set(ss, "bluesky", account, acc, ref, &err)) {
		sc_warn("%s", buf_cstr(&err));
		rc = HTTP_FAIL;
	} else {
		buf_reset(&s->access);
		buf_puts(&s->access, acc);
		buf_cstr(&s->access);
	}
	memset(acc, 0, sizeof acc);
	memset(ref, 0, sizeof ref);
	jv_free(v);
	buf_free(&err);
	return rc;
}

static int login(struct bsky_session *s, struct http *h, const char *api, const char *account,
		 const char *secret, struct sc_sessions *ss)
{
	struct buf body = BUF_INIT, url = BUF_INIT;
	struct jsonw w;
	jv v;
	int rc;

	jw_begin(&w, &body);
	jw_cstr(&w, "identifier", account);
	jw_cstr(&w, "password", secret);
	jw_end(&w);
	buf_printf(&url, "%s/xrpc/com.atproto.server.createSession", api);
	h->token = NULL;
	sc_note("bluesky: logging in as %s (createSession)", account);
	rc = http_json(h, "POST", buf_cstr(&url), buf_cstr(&body), &v);
	memset(body.p, 0, body.len);
	buf_free(&body);
	buf_free(&url);
	if (rc == HTTP_DRY) {
		buf_reset(&s->access);
		buf_puts(&s->access, "ACCESS");
		buf_cstr(&s->access);
		snprintf(s->did, sizeof s->did, "did:plc:DRYRUN");
		return HTTP_OK;
	}
	return rc == HTTP_OK ? keep_session(s, v, account, ss) : rc;
}

int bsky_session_open(struct bsky_session *s, struct http *h, const char *api,
		      const char *account, const char *secret, struct sc_sessions *ss)
{
	struct buf url = BUF_INIT;
	jv v;
	int rc;

	if (h->dry_run || !sc_session_get(ss, "bluesky", account, &s->access, &s->refresh))
		return login(s, h, api, account, secret, ss);
	buf_printf(&url, "%s/xrpc/com.atproto.server.refreshSession", api);
	h->token = s->refresh.p;
	rc = http_json(h, "POST", buf_cstr(&url), NULL, &v);
	h->token = NULL;
	buf_free(&url);
	if (rc == HTTP_OK)
		return keep_session(s, v, account, ss);
	if (rc == HTTP_RATE)
		return rc;
	sc_warn("bluesky: the kept session could not be refreshed: logging in again");
	return login(s, h, api, account, secret, ss);
}

void bsky_session_wipe(struct bsky_session *s)
{
	if (s->access.p)
		memset(s->access.p, 0, s->access.cap);
	if (s->refresh.p)
		memset(s->refresh.p, 0, s->refresh.cap);
	buf_free(&s->access);
	buf_free(&s->refresh);
}
