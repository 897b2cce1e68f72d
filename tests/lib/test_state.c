#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "state.h"
#include "tap.h"

static char dir[256];

static struct sc_state *open_state(struct buf *err)
{
	buf_reset(err);
	return sc_state_open(dir, err);
}

static int sql_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	int v = -1;

	sqlite3_open(path, &db);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

static const char *cursor(struct sc_state *st, struct buf *b)
{
	return sc_cursor_get(st, "x", "AcmeHelp", "mentions", b) ? b->p : "(none)";
}

/* A race: two children started at the same instant, each running fn(arg)
 * once the parent closes go[1]; their exit statuses are fn's. */
struct racer {
	int go[2], rp[2], done[2];
	const char *dir;
	char acct[32];
};

static void race(struct racer *r, int (*fn)(struct racer *), pid_t kids[2])
{
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			char g;
			close(r->go[1]);
			if (read(r->go[0], &g, 1) != 0) /* released when the parent closes go */
				_exit(1);
			_exit(fn(r));
		}
	}
	close(r->go[0]);
	close(r->go[1]);
}

/* Takes the run lock, says whether it got it, holds it until told. */
static int take_lock(struct racer *r)
{
	struct buf e = BUF_INIT;
	char g;

	close(r->done[1]);
	struct sc_run_lock *l = sc_run_lock(r->dir, "reply-x", r->acct, &e);
	if (write(r->rp[1], l ? "1" : "0", 1) != 1 || read(r->done[0], &g, 1) != 0)
		return 1;
	sc_run_unlock(l);
	return 0;
}

static int open_new(struct racer *r)
{
	struct buf e = BUF_INIT;
	struct sc_state *s2 = sc_state_open(r->dir, &e);

	if (!s2)
		fprintf(stderr, "# %s\n", e.p);
	sc_state_close(s2);
	return s2 == NULL;
}

int main(void)
{
	struct buf err = BUF_INIT, b = BUF_INIT, path = BUF_INIT;
	struct sc_state *st;
	struct stat sb;
	int pfd[2];
	char c;

	snprintf(dir, sizeof dir, "%s/sc-test-state-%d/a/b", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (int)getpid());
	st = open_state(&err);
	ok(st != NULL, "opens, creating the directory and its parents");
	if (!st) {
		printf("# %s\n", err.p);
		return tap_done();
	}
	buf_printf(&path, "%s/sc.db", dir);
	ok(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700, "state directory is 0700");
	ok(stat(path.p, &sb) == 0 && (sb.st_mode & 0777) == 0600, "database file is 0600");
	is_int(sql_int(path.p, "PRAGMA user_version"), SC_STATE_SCHEMA, "schema version recorded");
	is_int(sql_int(path.p, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
				"('cursors','accounts','cases','case_owners','agents','ledger')"), 6,
	       "tables for cursors, accounts, cases, owners, agents, ledger");
	is_str(sc_state_path(st), path.p, "path is DIR/sc.db");

	is_str(cursor(st, &b), "(none)", "no cursor at first");
	ok(sc_state_begin(st) == 0, "begin");
	sc_cursor_set(st, "x", "AcmeHelp", "mentions", "1861234567890");
	ok(sc_state_commit(st) == 0, "commit");
	is_str(cursor(st, &b), "1861234567890", "cursor read back");
	sc_state_begin(st);
	sc_cursor_set(st, "x", "AcmeHelp", "mentions", "999");
	sc_state_rollback(st);
	is_str(cursor(st, &b), "1861234567890", "rolled back change is not kept");
	sc_state_close(st);
	st = open_state(&err);
	is_str(cursor(st, &b), "1861234567890", "cursor survives reopening");

	/* A stage's read position (schema 6): none at first, then the row as set,
	 * one per stage, input and output. */
	struct sc_readpos rp = {0}, rp2 = {0};
	ok(sc_state_begin(st) == 0 && !sc_readpos_get(st, "route", "/i", "/o", &rp),
	   "no read position at first");
	rp = (struct sc_readpos){.dev = 2049, .ino = 77, .offset = 4096, .line = 12,
				 .tail = -1234567890123LL, .out_length = 8192};
	sc_readpos_set(st, "route", "/i", "/o", &rp);
	ok(sc_state_commit(st) == 0, "read position committed");
	ok(sc_readpos_get(st, "route", "/i", "/o", &rp2) && rp2.dev == 2049 && rp2.ino == 77 &&
	   rp2.offset == 4096 && rp2.line == 12 && rp2.tail == -1234567890123LL &&
	   rp2.out_length == 8192, "read position read back whole");
	ok(!sc_readpos_get(st, "reply", "/i", "/o", &rp2) &&
	   !sc_readpos_get(st, "route", "/i", "/other", &rp2), "one per stage, input and output");

	/* What an answer covers (schema 8): sc-reply's reply, sent at 10:20 to
	 * the message of 10:00, does not answer one written at 10:10; the
	 * brand's own message, at 10:30, answers everything before it. */
	struct sc_message in1 = {.record_id = "x:1", .conversation_id = "x:1",
		.at = "2026-12-07T10:00:00Z", .direction = "in", .needs_reply = 1};
	struct sc_message sent = {.record_id = "x:9", .conversation_id = "x:1",
		.at = "2026-12-07T10:20:00Z", .direction = "out", .covers = "2026-12-07T10:00:00Z"};
	struct sc_message own = {.record_id = "x:10", .conversation_id = "x:1",
		.at = "2026-12-07T10:30:00Z", .direction = "out"};
	ok(sc_state_begin(st) == 0 && sc_message_put(st, &in1) == 1 && sc_message_put(st, &sent) == 1,
	   "new messages are kept");
	ok(sc_message_put(st, &sent) == 0, "a message kept already (the reply fetched back) says so");
	ok(sc_last_answer(st, "x:1", "2026-12-07T10:00:00Z", &b) && !strcmp(b.p, "2026-12-07T10:20:00Z"),
	   "sc-reply's reply answers the message it was drafted for");
	ok(!sc_last_answer(st, "x:1", "2026-12-07T10:10:00Z", &b),
	   "but not one written while the agent typed");
	sc_message_put(st, &own);
	ok(sc_last_answer(st, "x:1", "2026-12-07T10:10:00Z", &b) && !strcmp(b.p, "2026-12-07T10:30:00Z"),
	   "the brand's own later message answers it");
	ok(sc_state_commit(st) == 0, "messages committed");

	/* A second process holding the write lock: we wait, then give up clearly. */
	setenv("SC_BUSY_TIMEOUT_MS", "200", 1);
	if (pipe(pfd))
		return 1;
	sc_state_close(st); /* no SQLite connection may cross a fork */
	pid_t pid = fork();
	if (pid == 0) {
		struct buf e = BUF_INIT;
		struct sc_state *s2 = sc_state_open(dir, &e);
		if (!s2 || sc_state_begin(s2))
			_exit(1);
		if (write(pfd[1], "x", 1) != 1)
			_exit(1);
		sleep(2);
		sc_state_commit(s2);
		_exit(0);
	}
	if (read(pfd[0], &c, 1) != 1)
		return 1;
	st = open_state(&err);
	ok(st != NULL, "opening while another process writes works (readers are not blocked)");
	if (st) {
		ok(sc_state_begin(st) == -1, "begin fails while another process holds the write lock");
		ok(strstr(sc_state_error(st), "busy: another sc process") != NULL,
		   "the message says another process holds it: %s", sc_state_error(st));
	}
	waitpid(pid, NULL, 0);
	ok(st && sc_state_begin(st) == 0, "begin succeeds once the other process is done");
	if (st)
		sc_state_commit(st);

	/* A writer killed in the middle of a transaction leaves the last commit. */
	sc_state_close(st);
	pid = fork();
	if (pid == 0) {
		struct buf e = BUF_INIT;
		struct sc_state *s2 = sc_state_open(dir, &e);
		if (!s2 || sc_state_begin(s2))
			_exit(1);
		sc_cursor_set(s2, "x", "AcmeHelp", "mentions", "half-written");
		for (int i = 0; i < 2000; i++) {
			char k[32];
			snprintf(k, sizeof k, "s%d", i);
			sc_cursor_set(s2, "x", k, "mentions", "padding to spill pages to the WAL");
		}
		raise(SIGKILL);
		_exit(2);
	}
	int ws;
	waitpid(pid, &ws, 0);
	ok(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL, "writer was killed by SIGKILL");
	st = open_state(&err);
	ok(st != NULL, "reopens after the kill");
	if (st)
		is_str(cursor(st, &b), "1861234567890", "the killed transaction left nothing behind");
	is_int(sql_int(path.p, "SELECT count(*) FROM cursors"), 1, "no partial rows");
	sqlite3 *db;
	sqlite3_stmt *q;
	const char *res = "?";
	sqlite3_open(path.p, &db);
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		res = (const char *)sqlite3_column_text(q, 0);
	is_str(res, "ok", "integrity check passes");
	sqlite3_finalize(q);

	/* Two runs started at the same instant: exactly one takes the run lock
	 * (it once happened that both read the lock database first, kept their
	 * shared locks, and both stopped as "already running"). */
	int rounds_ok = 0;
	for (int round = 0; round < 30; round++) {
		struct racer r = {.dir = dir};
		pid_t kids[2];
		char got[2] = {0, 0};

		snprintf(r.acct, sizeof r.acct, "race%d", round);
		if (pipe(r.go) || pipe(r.rp) || pipe(r.done))
			return 1;
		race(&r, take_lock, kids);
		int n = (int)read(r.rp[0], &got[0], 1) + (int)read(r.rp[0], &got[1], 1);
		close(r.done[1]);
		for (int k = 0; k < 2; k++)
			waitpid(kids[k], NULL, 0);
		close(r.done[0]);
		close(r.rp[0]);
		close(r.rp[1]);
		if (n == 2 && (got[0] == '1') + (got[1] == '1') == 1)
			rounds_ok++;
		else
			printf("# round %d: results %c %c\n", round, got[0], got[1]);
	}
	is_int(rounds_ok, 30, "two runs started together: exactly one takes the run lock, 30 times in 30");

	/* Two tools opening a new state directory at the same instant: both
	 * open it (one once found it "busy" while the other made it). */
	int opens_ok = 0;
	for (int round = 0; round < 30; round++) {
		char d[300];
		struct racer r = {.dir = d};
		pid_t kids[2];
		int both = 0;

		snprintf(d, sizeof d, "%s/new%d", dir, round);
		if (pipe(r.go))
			return 1;
		race(&r, open_new, kids);
		for (int k = 0; k < 2; k++) {
			int ws2;
			waitpid(kids[k], &ws2, 0);
			both += WIFEXITED(ws2) && WEXITSTATUS(ws2) == 0;
		}
		opens_ok += both == 2;
	}
	is_int(opens_ok, 30, "two tools opening a new state together: both open it, 30 times in 30");

	/* A database from a newer sc is refused, not downgraded. */
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	sc_state_close(st);
	st = open_state(&err);
	ok(st == NULL && strstr(err.p, "newer than this sc knows"), "newer schema refused: %s", err.p);

	buf_reset(&err);
	ok(sc_state_open("/proc/no/such/dir", &err) == NULL && strstr(err.p, "cannot create"),
	   "an impossible directory is reported: %s", err.p);

	setenv("XDG_STATE_HOME", "/var/x", 1);
	sc_state_default_dir(&b);
	is_str(buf_cstr(&b), "/var/x/sc", "default dir under XDG_STATE_HOME");
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "/home/anna", 1);
	sc_state_default_dir(&b);
	is_str(buf_cstr(&b), "/home/anna/.local/state/sc", "default dir under HOME");

	buf_free(&err);
	buf_free(&b);
	buf_free(&path);
	return tap_done();
}
