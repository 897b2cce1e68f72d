/* lib/state.c's session store: owner-only, kept apart, replaced whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "state.h"
#include "tap.h"

static char dir[] = "/tmp/sc-test-sessions-XXXXXX";

int main(void)
{
	struct buf err = BUF_INIT, a = BUF_INIT, r = BUF_INIT, path = BUF_INIT;
	struct sc_sessions *ss;
	struct stat sb;

	if (!mkdtemp(dir))
		return 1;
	buf_printf(&path, "%s/conf/sc/sessions.db", dir);
	ss = sc_sessions_open(buf_cstr(&path), &err);
	ok(ss != NULL, "created with its directories");
	ok(stat(path.p, &sb) == 0 && (sb.st_mode & 0777) == 0600, "mode 600");
	ok(sc_session_get(ss, "bluesky", "a.test", &a, &r) == 0, "no session yet");
	ok(sc_session_set(ss, "bluesky", "a.test", "acc1", "ref1", &err) == 0, "saved");
	ok(sc_session_set(ss, "bluesky", "a.test", "acc2", "ref2", &err) == 0, "replaced");
	ok(sc_session_get(ss, "bluesky", "a.test", &a, &r) == 1, "found");
	is_str(a.p, "acc2", "the new access token");
	is_str(r.p, "ref2", "the new refresh token with it");
	ok(sc_session_get(ss, "bluesky", "b.test", &a, &r) == 0, "per account");
	ok(sc_session_set(ss, "bluesky", "a.test", NULL, NULL, &err) == 0 &&
	   sc_session_get(ss, "bluesky", "a.test", &a, &r) == 0, "forgotten");
	sc_sessions_close(ss);

	chmod(path.p, 0644);
	buf_reset(&err);
	ok(sc_sessions_open(path.p, &err) == NULL && strstr(err.p, "mode 600"), "group-readable: refused");

	buf_reset(&path);
	buf_printf(&path, "rm -rf %s", dir);
	if (system(path.p))
		return 1;
	buf_free(&err);
	buf_free(&a);
	buf_free(&r);
	buf_free(&path);
	return tap_done();
}
