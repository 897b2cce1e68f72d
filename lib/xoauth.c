/* X's OAuth 2.0 refresh (see xoauth.h). */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "jget.h"
#include "xoauth.h"

const char *xoauth_client_id(const char *network)
{
	const char *id = getenv("SC_X_CLIENT_ID");

	return !strcmp(network, "x") && id && *id ? id : NULL;
}

/* The refresh token of the last run, else the first one from the file. */
static int refresh_token(struct sc_sessions *ss, const char *account, const char *file,
			 struct buf *ref, struct buf *err)
{
	struct buf access = BUF_INIT;
	int found = ss && sc_session_get(ss, "x", account, &access, ref);

	auth_wipe(&access);
	if (found)
		return 0;
	if (!file) {
		buf_printf(err, "x: SC_X_CLIENT_ID is set but there is no refresh token: give the "
			   "first one with --refresh-token-file");
		return -1;
	}
	return auth_secret(NULL, file, ref, err);
}

int xoauth_ready(struct sc_sessions *ss, const char *account, const char *refresh_file,
		 struct buf *err)
{
	struct buf ref = BUF_INIT;
	int rc = refresh_token(ss, account, refresh_file, &ref, err);

	auth_wipe(&ref);
	return rc == 0;
}

int xoauth_refresh(struct http *h, const char *api, const char *client_id,
		   struct sc_sessions *ss, const char *account, const char *refresh_file,
		   struct buf *access, struct buf *err)
{
	struct buf ref = BUF_INIT, body = BUF_INIT, url = BUF_INIT;
	char acc[4096], nref[4096];
	const char *token = h->token;
	int rc, form = h->form;
	jv v;

	if (refresh_token(ss, account, refresh_file, &ref, err)) {
		auth_wipe(&ref);
		return XOAUTH_CONFIG;
	}
	buf_puts(&body, "grant_type=refresh_token&refresh_token=");
	http_escape(&body, buf_cstr(&ref));
	buf_puts(&body, "&client_id=");
	http_escape(&body, client_id);
	buf_printf(&url, "%s/2/oauth2/token", api);
	h->token = NULL; /* the client id and refresh token are the credentials */
	h->form = 1;
	rc = http_json(h, "POST", buf_cstr(&url), buf_cstr(&body), &v);
	h->token = token;
	h->form = form;
	auth_wipe(&ref);
	auth_wipe(&body);
	if (rc != HTTP_OK) {
		buf_free(&url);
		return rc;
	}
	if (!jget_str(v, "access_token", acc, sizeof acc) ||
	    !jget_str(v, "refresh_token", nref, sizeof nref)) {
		buf_printf(err, "x: %s answered without access_token and refresh_token", url.p);
		rc = HTTP_FAIL;
	} else if (ss && sc_session_set(ss, "x", account, acc, nref, err)) {
		rc = HTTP_FAIL;
	} else {
		buf_reset(access);
		buf_puts(access, acc);
		buf_cstr(access);
	}
	memset(acc, 0, sizeof acc);
	memset(nref, 0, sizeof nref);
	jv_free(v);
	buf_free(&url);
	return rc;
}
