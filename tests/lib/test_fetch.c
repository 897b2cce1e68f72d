/* lib/fetch.c: records held until the walks are over, written oldest
 * first, cursors and the output length committed together; the run lock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fetch.h"
#include "tap.h"

static char dir[] = "/tmp/sc-test-fetch-XXXXXX";
static char out[300];

static void add(struct fetch *f, int s, const char *id, int64_t sec, int want)
{
	buf_reset(&f->rec);
	buf_printf(&f->rec, "{\"id\":\"%s\"}", id);
	is_int(fetch_add(f, s, id, (struct sc_time){sec, 0}), want, "add %s", id);
}

static const char *file_text(void)
{
	static char text[4096];
	FILE *fp = fopen(out, "r");
	size_t n = fp ? fread(text, 1, sizeof text - 1, fp) : 0;

	text[n] = '\0';
	if (fp)
		fclose(fp);
	return text;
}

static const char *cur(struct sc_state *st, const char *stream, struct buf *b)
{
	return sc_cursor_get(st, "x", "A", stream, b) ? b->p : "(none)";
}

int main(void)
{
	struct buf err = BUF_INIT, b = BUF_INIT;
	struct sc_state *st;
	struct fetch f;
	int m, d;

	if (!mkdtemp(dir))
		return 1;
	snprintf(out, sizeof out, "%s/inbox.jsonl", dir);
	st = sc_state_open(dir, &err);
	ok(st != NULL, "state opens");

	ok(fetch_open(&f, st, "x", "A", out, &err) == 0, "open an output file");
	m = fetch_stream(&f, "mentions");
	d = fetch_stream(&f, "dm");
	add(&f, m, "x:30", 300, FETCH_ADDED);
	add(&f, m, "x:10", 100, FETCH_ADDED);
	add(&f, d, "x:20", 200, FETCH_ADDED);
	add(&f, m, "x:10", 100, FETCH_DUP);
	fetch_done(&f, m, "30");
	fetch_done(&f, d, "20");
	ok(fetch_commit(&f) == 0, "commit");
	fetch_close(&f);
	is_str(file_text(), "{\"id\":\"x:10\"}\n{\"id\":\"x:20\"}\n{\"id\":\"x:30\"}\n",
	       "written oldest first, across streams, once");
	is_str(cur(st, "mentions", &b), "30", "mentions cursor saved");
	is_str(cur(st, "dm", &b), "20", "dm cursor saved");

	/* a stream whose walk failed writes nothing and keeps its cursor */
	fetch_open(&f, st, "x", "A", out, &err);
	m = fetch_stream(&f, "mentions");
	d = fetch_stream(&f, "dm");
	is_str(fetch_cursor(&f, m), "30", "the cursor is loaded");
	add(&f, m, "x:40", 400, FETCH_ADDED);
	add(&f, d, "x:50", 500, FETCH_ADDED);
	fetch_done(&f, m, "40");
	fetch_commit(&f);
	fetch_close(&f);
	ok(strstr(file_text(), "x:40") && !strstr(file_text(), "x:50"), "only the stream that succeeded");
	is_str(cur(st, "dm", &b), "20", "the failed stream's cursor stays");

	/* bytes past the committed length are cut at the next open */
	FILE *fp = fopen(out, "a");
	fputs("{\"id\":\"x:50\"}\n{\"id\":", fp);
	fclose(fp);
	fetch_open(&f, st, "x", "A", out, &err);
	fetch_close(&f);
	ok(!strstr(file_text(), "x:50"), "uncommitted lines cut off");

	/* two accounts appending to one file, one after the other: neither
	 * takes the other's records for uncommitted ones */
	fetch_open(&f, st, "mastodon", "B", out, &err);
	m = fetch_stream(&f, "mentions");
	add(&f, m, "mastodon:7", 700, FETCH_ADDED);
	fetch_done(&f, m, "7");
	fetch_commit(&f);
	fetch_close(&f);
	buf_reset(&err);
	fetch_open(&f, st, "x", "A", out, &err);
	fetch_close(&f);
	ok(strstr(file_text(), "mastodon:7") != NULL && !err.len,
	   "another account's committed records are kept");

	/* --since and --limit */
	fetch_open(&f, st, "x", "A", NULL, &err);
	f.have_since = 1;
	f.since = (struct sc_time){250, 0};
	f.limit = 2;
	m = fetch_stream(&f, "mentions");
	add(&f, m, "x:90", 900, FETCH_ADDED);
	add(&f, m, "x:80", 800, FETCH_ADDED);
	add(&f, m, "x:70", 700, FETCH_FULL);
	add(&f, m, "x:1", 100, FETCH_OLD);
	fetch_close(&f);

	/* the run lock: a second holder is refused at once, then gets it */
	struct sc_run_lock *l = sc_run_lock(dir, "x", "A/b c", &err);
	ok(l != NULL, "the lock is taken");
	pid_t pid = fork();
	if (pid == 0) {
		struct buf e = BUF_INIT;
		_exit(sc_run_lock(dir, "x", "A/b c", &e) == NULL && strstr(e.p, "already running") ? 0 : 1);
	}
	int ws;
	waitpid(pid, &ws, 0);
	ok(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "a second process is refused");
	struct sc_run_lock *l2 = sc_run_lock(dir, "x", "B", &err);
	ok(l2 != NULL, "another account is free");
	sc_run_unlock(l2);
	sc_run_unlock(l);
	pid = fork();
	if (pid == 0) {
		struct buf e = BUF_INIT;
		struct sc_run_lock *c = sc_run_lock(dir, "x", "A/b c", &e);
		int got = c != NULL;
		sc_run_unlock(c); /* nothing left for valgrind to call lost */
		buf_free(&e);
		_exit(got ? 0 : 1);
	}
	waitpid(pid, &ws, 0);
	ok(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "free again once unlocked");

	sc_state_close(st);
	buf_free(&err);
	buf_free(&b);
	snprintf(out, sizeof out, "rm -rf %s", dir);
	if (system(out))
		return 1;
	return tap_done();
}
