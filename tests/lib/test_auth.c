/* lib/auth.c: secrets from the environment or an owner-only file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "tap.h"

static char dir[] = "/tmp/sc-test-auth-XXXXXX";

static const char *put(const char *name, const char *text, int mode)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	chmod(path, (mode_t)mode);
	return path;
}

int main(void)
{
	struct buf s = BUF_INIT, err = BUF_INIT;
	char link[300];

	if (!mkdtemp(dir))
		return 1;
	setenv("SC_TEST_TOKEN", "abc123", 1);
	ok(auth_secret("SC_TEST_TOKEN", NULL, &s, &err) == 0 && strcmp(s.p, "abc123") == 0,
	   "from the environment");
	unsetenv("SC_TEST_TOKEN");
	ok(auth_secret("SC_TEST_TOKEN", NULL, &s, &err) == -1 && strstr(err.p, "set SC_TEST_TOKEN"),
	   "no variable: the message names it");
	setenv("SC_TEST_TOKEN", "abc\r\nX-Evil: 1", 1);
	ok(auth_secret("SC_TEST_TOKEN", NULL, &s, &err) == -1, "a header smuggled in the variable");

	ok(auth_secret("X", put("t600", "tok-600\n", 0600), &s, &err) == 0 &&
	   strcmp(s.p, "tok-600") == 0, "mode 600 file, line end trimmed");
	ok(auth_secret("X", put("t400", "tok-400\r\n", 0400), &s, &err) == 0 &&
	   strcmp(s.p, "tok-400") == 0, "mode 400 file, CRLF trimmed");
	ok(auth_secret("X", put("t640", "tok-640\n", 0640), &s, &err) == -1 &&
	   strstr(err.p, "mode 640") && !strstr(err.p, "tok-640"), "group-readable: refused, secret not shown");
	ok(auth_secret("X", put("t606", "tok\n", 0606), &s, &err) == -1, "world-readable: refused");
	ok(auth_secret("X", put("t602", "tok\n", 0602), &s, &err) == -1, "world-writable: refused");
	ok(auth_secret("X", put("two", "tok\nmore\n", 0600), &s, &err) == -1 &&
	   strstr(err.p, "more than one line"), "two lines: refused");
	ok(auth_secret("X", put("empty", "", 0600), &s, &err) == -1 && strstr(err.p, "empty"),
	   "empty: refused");
	ok(auth_secret("X", put("nul", "tok\001x", 0600), &s, &err) == -1, "a control byte: refused");
	snprintf(link, sizeof link, "%s/link", dir);
	symlink(put("t600", "tok\n", 0600), link);
	ok(auth_secret("X", link, &s, &err) == -1 && strstr(err.p, "symbolic link"),
	   "a symbolic link: refused");
	ok(auth_secret("X", dir, &s, &err) == -1, "a directory: refused");
	snprintf(link, sizeof link, "%s/none", dir);
	ok(auth_secret("X", link, &s, &err) == -1 && strstr(err.p, "cannot open"), "missing file");
	auth_wipe(&s);
	buf_free(&err);
	snprintf(link, sizeof link, "rm -rf %s", dir);
	if (system(link))
		return 1;
	return tap_done();
}
