#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "diag.h"
#include "sctime.h"
#include "state.h"

/* Statements prepared once and reused (sc-route runs several a record). */
enum {
	Q_RECORD_GET, Q_RECORD_ROUTE, Q_CASE_FIND, Q_CASE_UPSERT, Q_CASE_OWNER, Q_OWNER_LOG,
	Q_CASE_CUSTOMER, Q_CASE_WAITING, Q_CASE_RESOLVE, Q_AGENT_LOADS,
	Q_AGENT_SAVE, Q_QUEUE_WAITING, Q_CASE_INSERT, Q_CASE_TOUCH, Q_LEDGER_GET, Q_LEDGER_INTENT,
	Q_LEDGER_OUTCOME, Q_LEDGER_FORGET, Q_MSG_PUT, Q_MSG_NEXT_ASK, Q_MSG_LAST_ANSWER, Q_CASE_ANSWER,
	Q_CASE_JOIN, Q_CASE_QUIET, Q_RECORD_PUT, Q_NSTMT
};

struct sc_state {
	sqlite3 *db;
	char *path;
	struct buf err;
	sqlite3_stmt *stmt[Q_NSTMT];
};

/* 5 → 6: sc-reply --review's drafts the agent has dealt with (sent, or
 * "would be sent" in a dry run, or resolved), so that a second review,
 * dry run or not, resumes after them (sc-state(5)). A dry run's rows
 * (dry_run 1) never hide a draft from a review that sends. */
static const char migrate_reviews[] =
	"CREATE TABLE reviews ("
	"  record_id TEXT NOT NULL, dry_run INTEGER NOT NULL,"
	"  outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'resolved')),"
	"  at TEXT NOT NULL, PRIMARY KEY (record_id, dry_run)) WITHOUT ROWID;";

/* Each entry moves the schema from version i to i+1. Append, never edit:
 * a database in the field may stand at any earlier version. */
static const char *const migrations[] = {
	/* 0 → 1 */
	"CREATE TABLE cursors ("
	"  source TEXT NOT NULL, account TEXT NOT NULL, stream TEXT NOT NULL,"
	"  cursor TEXT, updated_at TEXT NOT NULL,"
	"  PRIMARY KEY (source, account, stream));"
	"CREATE TABLE accounts ("
	"  source TEXT NOT NULL, handle TEXT NOT NULL, remote_id TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL, PRIMARY KEY (source, handle));"
	"CREATE TABLE cases ("
	"  id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL UNIQUE,"
	"  source TEXT, account TEXT, customer TEXT, queue TEXT, assignee TEXT,"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),"
	"  priority INTEGER, opened_at TEXT NOT NULL, due_at TEXT,"
	"  first_response_at TEXT, last_inbound_at TEXT, resolved_at TEXT,"
	"  updated_at TEXT NOT NULL);"
	"CREATE INDEX cases_by_assignee ON cases (assignee, status);"
	"CREATE INDEX cases_by_customer ON cases (source, customer, status);"
	"CREATE TABLE case_owners ("
	"  case_id INTEGER NOT NULL REFERENCES cases (id), assignee TEXT,"
	"  at TEXT NOT NULL, why TEXT);"
	"CREATE TABLE agents ("
	"  name TEXT PRIMARY KEY, open_cases INTEGER NOT NULL DEFAULT 0,"
	"  last_assigned_at TEXT);"
	"CREATE TABLE ledger ("
	"  key TEXT PRIMARY KEY, case_id INTEGER, record_id TEXT NOT NULL,"
	"  network TEXT NOT NULL, action TEXT NOT NULL, target TEXT,"
	"  status TEXT NOT NULL CHECK (status IN ('intent', 'sent', 'failed')),"
	"  remote_id TEXT, error TEXT,"
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);",
	/* 1 → 2: sc-route's record ledger (idempotency by record id) and the
	 * index for "the oldest case waiting in a queue". */
	"CREATE TABLE routed ("
	"  record_id TEXT PRIMARY KEY, case_id INTEGER, route TEXT NOT NULL,"
	"  at TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX cases_waiting ON cases (queue, status, assignee, opened_at);",
	/* 2 → 3: what an agent's list of cases shows (sc-route cases), kept
	 * on the case when routing: who the customer is, where and in what
	 * language they wrote, what about, VIP and complaint flags, and since
	 * when they have been waiting for an answer (NULL: answered). No index
	 * for the list: it reads the open cases once, while every index costs
	 * each routed record an update. */
	"ALTER TABLE cases ADD COLUMN handle TEXT;"
	"ALTER TABLE cases ADD COLUMN channel TEXT;"
	"ALTER TABLE cases ADD COLUMN lang TEXT;"
	"ALTER TABLE cases ADD COLUMN intent TEXT;"
	"ALTER TABLE cases ADD COLUMN vip INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE cases ADD COLUMN complaint INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE cases ADD COLUMN waiting_since TEXT;",
	/* 3 → 4: sc-reply's question when a case is resolved, "is this customer
	 * followed, and in another open DM case?", answered by a seek on the
	 * customer instead of a scan of the whole ledger. */
	"CREATE INDEX IF NOT EXISTS ledger_by_target ON ledger (target, network, action);",
	/* 4 → 5: a case's life (sc-state(5)): waiting (waiting_since set), answered
	 * (answered_at, the quiet time's start), closed (status 'resolved', by
	 * hand or after the queue's quiet time: closed_by), reopened. The
	 * conversation's messages, both ways, kept by conversation so that an
	 * answer read before its question still counts, and for sc-route show.
	 * cases_waiting holds only the cases that wait for an owner and need a
	 * reply; cases_quiet the answered ones, in the order they may close. */
	"ALTER TABLE cases ADD COLUMN answered_at TEXT;"
	"ALTER TABLE cases ADD COLUMN closed_by TEXT;"
	"ALTER TABLE cases ADD COLUMN last_text TEXT;"
	"UPDATE cases SET answered_at = coalesce(first_response_at, updated_at)"
	" WHERE waiting_since IS NULL;"
	"UPDATE cases SET closed_by = 'hand' WHERE status = 'resolved';"
	"CREATE TABLE messages ("
	"  record_id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, at TEXT NOT NULL,"
	"  direction TEXT NOT NULL, needs_reply INTEGER NOT NULL, author TEXT, text TEXT)"
	"  WITHOUT ROWID;"
	"CREATE INDEX messages_by_conversation ON messages (conversation_id, direction, at);"
	"DROP INDEX cases_waiting;"
	"CREATE INDEX cases_waiting ON cases (queue, opened_at)"
	" WHERE status = 'open' AND assignee IS NULL AND waiting_since IS NOT NULL;"
	"CREATE INDEX cases_quiet ON cases (queue, answered_at)"
	" WHERE status = 'open' AND waiting_since IS NULL;",
	/* 5 → 6: a stage's read position in the file the stage before wrote
	 * (readpos.c, sc(7) RUNNING UNATTENDED), one row per stage, input and
	 * output file: the input's identity (device, inode, a hash of the bytes
	 * before the offset), how far it was read, and the output's length,
	 * committed together after the output was written. IF NOT EXISTS: a
	 * test takes a current state back to schema 2 and migrates it again. */
	"CREATE TABLE IF NOT EXISTS readpos ("
	"  stage TEXT NOT NULL, input TEXT NOT NULL, output TEXT NOT NULL,"
	"  dev INTEGER NOT NULL, ino INTEGER NOT NULL, offset INTEGER NOT NULL,"
	"  line INTEGER NOT NULL, tail INTEGER NOT NULL, out_length INTEGER NOT NULL,"
	"  updated_at TEXT NOT NULL, PRIMARY KEY (stage, input, output)) WITHOUT ROWID;",
	/* 6 → 7 */
	migrate_reviews,
	/* 7 → 8: what an answer covers. The brand's own message, fetched,
	 * answered everything written before it (its agent saw the thread on
	 * the network); a reply sc-reply sent answered only the message it was
	 * drafted for and those before it, not one written while the agent
	 * typed and fetched after the send. cases.covered_until is the newest
	 * message time an answer covered (a message read late and no newer
	 * is answered already); messages.covers, on sc-reply's own replies,
	 * the time of the message each answered (NULL: its own time). */
	"ALTER TABLE cases ADD COLUMN covered_until TEXT;"
	"UPDATE cases SET covered_until = answered_at;"
	"ALTER TABLE messages ADD COLUMN covers TEXT;",
	/* 8 → 9: one row per record. sc-route wrote every record twice under
	 * the same key, its message (messages) and its route (routed): two
	 * B-trees, the record id and time stored twice, a statement more a
	 * record. A message's row now holds its route (NULL: not routed, like
	 * sc-reply's reply until it is fetched back); a record routed that is
	 * no message of a conversation (a resolve, a record without one) has a
	 * row without conversation_id and direction. routed_at: when it was
	 * routed, NULL when that is at (it differs under --now). routed stays
	 * as a view, for those who read it. */
	"CREATE TABLE messages9 ("
	"  record_id TEXT PRIMARY KEY, conversation_id TEXT, at TEXT NOT NULL,"
	"  direction TEXT, needs_reply INTEGER NOT NULL DEFAULT 0, author TEXT, text TEXT,"
	"  covers TEXT, case_id INTEGER, route TEXT, routed_at TEXT) WITHOUT ROWID;"
	"INSERT INTO messages9 SELECT m.record_id, m.conversation_id, m.at, m.direction,"
	" m.needs_reply, m.author, m.text, m.covers, r.case_id, r.route,"
	" CASE WHEN r.at IS m.at THEN NULL ELSE r.at END"
	" FROM messages m LEFT JOIN routed r ON r.record_id = m.record_id;"
	"INSERT INTO messages9 (record_id, at, case_id, route)"
	" SELECT record_id, at, case_id, route FROM routed r"
	" WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.record_id = r.record_id);"
	"DROP TABLE routed;"
	"DROP TABLE messages;"
	"ALTER TABLE messages9 RENAME TO messages;"
	"CREATE INDEX messages_by_conversation ON messages (conversation_id, direction, at);"
	"CREATE VIEW routed AS SELECT record_id, case_id, route, coalesce(routed_at, at) AS at"
	" FROM messages WHERE route IS NOT NULL;"
	/* and the round-robin's order kept exactly: it was ranked again at
	 * each batch from last_assigned_at, which ties when two cases go out
	 * in the same second (or at --now), so that where batches ended
	 * changed who got the next case. */
	/* no query reads it (the list of an agent's cases filters with
	 * "?1 IS NULL OR assignee = ?1", which no index serves), and every
	 * new case and change of owner wrote it */
	"DROP INDEX IF EXISTS cases_by_assignee;"
	"ALTER TABLE agents ADD COLUMN assigned_seq INTEGER;"
	"UPDATE agents SET assigned_seq = (SELECT count(*) FROM agents b"
	" WHERE coalesce(b.last_assigned_at, '') < coalesce(agents.last_assigned_at, ''));",
};

#define NMIGRATIONS (int)(sizeof migrations / sizeof migrations[0])
_Static_assert(NMIGRATIONS == SC_STATE_SCHEMA, "schema version and migrations agree");

/* SQLite counts every allocation under a global mutex for
 * sqlite3_memory_used(), which sc never reads: 2 % of sc-route's
 * instructions, and 4.5 % of all of them when the mutex calls are
 * counted (callgrind, 20k bench records). Must run before SQLite starts;
 * once it has, sqlite3_config refuses and nothing changes. */
static void no_memstatus(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static void sqlite_setup(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, no_memstatus);
}

/* $VAR/LEAF when VAR is an absolute path, else $HOME/DEFAULT/LEAF (XDG). */
static void xdg_path(struct buf *out, const char *var, const char *dflt, const char *leaf)
{
	const char *x = getenv(var), *home = getenv("HOME");

	buf_reset(out);
	if (x && *x == '/')
		buf_printf(out, "%s/%s", x, leaf);
	else
		buf_printf(out, "%s/%s/%s", home && *home ? home : ".", dflt, leaf);
}

void sc_state_default_dir(struct buf *out)
{
	xdg_path(out, "XDG_STATE_HOME", ".local/state", "sc");
}

/* mkdir -p, the last component with mode 0700. */
static int make_dir(const char *dir, struct buf *err)
{
	char *p = sc_xstrdup(dir);

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST) {
			buf_printf(err, "cannot create %s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	if (mkdir(dir, 0700) && errno != EEXIST) {
		buf_printf(err, "cannot create state directory %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

static void set_err(struct sc_state *st, const char *what)
{
	int code = sqlite3_extended_errcode(st->db);

	buf_reset(&st->err);
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		buf_printf(&st->err, "state %s is busy: another sc process is using it; "
			   "try again when it has finished", st->path);
	else
		buf_printf(&st->err, "state %s: %s: %s", st->path, what,
			   sqlite3_errmsg(st->db));
	/* "disk I/O error" alone does not say disk full, file too large or
	 * read-only: the system's errno does, when SQLite kept one (a short
	 * write keeps none). */
	if ((code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_FULL ||
	    (code & 0xff) == SQLITE_CANTOPEN || (code & 0xff) == SQLITE_READONLY) {
		int e = sqlite3_system_errno(st->db);
		if (e)
			buf_printf(&st->err, " (%s)", strerror(e));
		else if (code == SQLITE_IOERR_WRITE || (code & 0xff) == SQLITE_FULL)
			buf_printf(&st->err, " (a write fell short: disk full, or a file-size limit?)");
	}
}

/* SQL errors other than "busy" mean a broken or unwritable database: there
 * is nothing sensible to go on with. */
static void fail(struct sc_state *st, const char *what)
{
	set_err(st, what);
	sc_die(SC_EXIT_FAIL, "%s", st->err.p);
}

static int exec(struct sc_state *st, const char *sql)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	set_err(st, sql);
	return -1;
}

static int busy_ms(void)
{
	const char *s = getenv("SC_BUSY_TIMEOUT_MS");
	long v = s ? strtol(s, NULL, 10) : 5000;

	return v >= 0 && v < 3600000 ? (int)v : 5000;
}

/* Sleeps 5-40 ms, a different time in each process (ties between two
 * processes started together are broken by it). */
static void lock_pause(void)
{
	static unsigned seed;
	struct timespec ts;
	long ms;

	if (!seed)
		seed = (unsigned)getpid() * 2654435761u ^ (unsigned)time(NULL);
	seed = seed * 1103515245u + 12345u;
	ms = 5 + (long)(seed >> 16) % 36;
	ts.tv_sec = 0;
	ts.tv_nsec = ms * 1000000L;
	nanosleep(&ts, NULL);
}

static int user_version(struct sc_state *st)
{
	sqlite3_stmt *q;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return v;
}

static int migrate(struct sc_state *st)
{
	int v = user_version(st);

	/* Most opens find the schema current: no write lock needed for that. */
	if (v == SC_STATE_SCHEMA)
		return 0;
	if (sc_state_begin(st))
		return -1;
	v = user_version(st); /* again, under the lock: another process may have migrated */
	if (v > SC_STATE_SCHEMA) {
		sc_state_rollback(st);
		buf_reset(&st->err);
		buf_printf(&st->err, "state %s has schema %d, newer than this sc knows (%d): "
			   "use a newer sc", st->path, v, SC_STATE_SCHEMA);
		return -1;
	}
	for (; v >= 0 && v < SC_STATE_SCHEMA; v++) {
		char pragma[64];

		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if (exec(st, migrations[v]) || exec(st, pragma)) {
			sc_state_rollback(st);
			return -1;
		}
	}
	return sc_state_commit(st);
}

/* The state holds customers' messages and cases: as private as the
 * session file. A directory others can write (they could swap the
 * database) or a database others can read is refused, saying how to mend
 * it, rather than changed behind the owner's back. */
static int state_private(const char *dir, const char *db, struct buf *err)
{
	struct stat sb;

	if (stat(dir, &sb) == 0 && (sb.st_mode & 022)) {
		buf_printf(err, "state directory %s has mode %03o: group or others can write to it; "
			   "refused (run chmod go-w %s)", dir, (unsigned)(sb.st_mode & 0777), dir);
		return -1;
	}
	if (stat(db, &sb))
		return 0; /* a new state: made owner-only below */
	if (!S_ISREG(sb.st_mode) || sb.st_uid != geteuid() || (sb.st_mode & 077)) {
		buf_printf(err, "state %s has mode %03o%s: it must be a file of yours that only you "
			   "can read; refused (run chmod 600 %s)", db, (unsigned)(sb.st_mode & 0777),
			   sb.st_uid != geteuid() ? " and another owner" : "", db);
		return -1;
	}
	return 0;
}

struct sc_state *sc_state_open(const char *dir, struct buf *err)
{
	struct sc_state *st;
	struct buf path = BUF_INIT;
	mode_t old;
	int rc;

	sqlite_setup();
	if (make_dir(dir, err))
		return NULL;
	buf_printf(&path, "%s/sc.db", dir);
	if (state_private(dir, buf_cstr(&path), err)) {
		buf_free(&path);
		return NULL;
	}
	st = sc_xcalloc(1, sizeof *st);
	st->path = sc_xstrdup(buf_cstr(&path));
	buf_free(&path);
	old = umask(077); /* the database, its -wal and -shm: owner only */
	rc = sqlite3_open_v2(st->path, &st->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		buf_printf(err, "cannot open state %s: %s", st->path,
			   st->db ? sqlite3_errmsg(st->db) : "out of memory");
		sc_state_close(st);
		return NULL;
	}
	sqlite3_busy_timeout(st->db, busy_ms());
	/* Turning a new database to WAL takes a lock SQLite does not wait for
	 * (no busy handler): two tools opening a new state at the same instant
	 * saw "busy". Such a failure is tried again, for the busy timeout. */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		rc = exec(st, "PRAGMA journal_mode = WAL") || exec(st, "PRAGMA synchronous = FULL") ||
		     exec(st, "PRAGMA foreign_keys = ON") || exec(st, "PRAGMA cache_size = -32768") ||
		     migrate(st);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!rc || (sqlite3_errcode(st->db) & 0xff) != SQLITE_BUSY ||
		    (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >= busy_ms())
			break;
		lock_pause();
	}
	if (rc) {
		buf_puts(err, st->err.p);
		buf_cstr(err);
		sc_state_close(st);
		return NULL;
	}
	return st;
}

struct sc_state *sc_state_open_existing(const char *dir, struct buf *err)
{
	struct buf path = BUF_INIT;
	struct stat sb;
	int rc;

	buf_printf(&path, "%s/sc.db", dir);
	if ((rc = stat(buf_cstr(&path), &sb)))
		buf_printf(err, "no state in %s: %s (nothing was routed with this --state?)",
			   dir, strerror(errno));
	buf_free(&path);
	return rc ? NULL : sc_state_open(dir, err);
}

/* Copies the database at st->path, if there is one, into st's memory
 * database through SQLite's backup API: one read transaction on the real
 * one, opened read-only. */
static int copy_in(struct sc_state *st)
{
	sqlite3 *src = NULL;
	sqlite3_backup *b;
	struct stat sb;
	int rc;

	if (stat(st->path, &sb) != 0)
		return 0; /* no state yet: the copy starts empty */
	rc = sqlite3_open_v2(st->path, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(src, busy_ms());
		if ((b = sqlite3_backup_init(st->db, "main", src, "main"))) {
			rc = sqlite3_backup_step(b, -1); /* WAL: a writer does not block this read */
			sqlite3_backup_finish(b);
			rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		} else
			rc = sqlite3_errcode(st->db);
	}
	if (rc != SQLITE_OK)
		buf_printf(&st->err, "cannot read state %s: %s", st->path,
			   src ? sqlite3_errmsg(src) : "out of memory");
	sqlite3_close(src);
	return rc == SQLITE_OK ? 0 : -1;
}

struct sc_state *sc_state_open_copy(const char *dir, struct buf *err)
{
	struct sc_state *st = sc_xcalloc(1, sizeof *st);
	struct buf path = BUF_INIT;

	sqlite_setup();
	buf_printf(&path, "%s/sc.db", dir);
	st->path = sc_xstrdup(buf_cstr(&path));
	buf_free(&path);
	if (sqlite3_open_v2(":memory:", &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK)
		buf_printf(&st->err, "cannot open a copy of state %s: %s", st->path,
			   st->db ? sqlite3_errmsg(st->db) : "out of memory");
	else if (!copy_in(st) && !exec(st, "PRAGMA foreign_keys = ON") && !migrate(st))
		return st;
	buf_puts(err, buf_cstr(&st->err));
	buf_cstr(err);
	sc_state_close(st);
	return NULL;
}

void sc_state_close(struct sc_state *st)
{
	if (!st)
		return;
	for (int i = 0; i < Q_NSTMT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st->path);
	buf_free(&st->err);
	free(st);
}

const char *sc_state_path(const struct sc_state *st)
{
	return st->path;
}

const char *sc_state_error(const struct sc_state *st)
{
	return st->err.len ? st->err.p : "";
}

int sc_state_begin(struct sc_state *st)
{
	return exec(st, "BEGIN IMMEDIATE");
}

int sc_state_commit(struct sc_state *st)
{
	if (exec(st, "COMMIT") == 0)
		return 0;
	sc_state_rollback(st);
	return -1;
}

void sc_state_rollback(struct sc_state *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static sqlite3_stmt *prepare(struct sc_state *st, const char *sql)
{
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		fail(st, sql);
	return q;
}

static void now_text(char *out)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	sc_time_format((struct sc_time){ts.tv_sec, 0}, out);
}

int sc_cursor_get(struct sc_state *st, const char *source, const char *account,
		  const char *stream, struct buf *out)
{
	sqlite3_stmt *q = prepare(st, "SELECT cursor FROM cursors WHERE source = ?1 "
				      "AND account = ?2 AND stream = ?3");
	int found = 0, rc;

	sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, account, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, stream, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
		buf_reset(out);
		buf_put(out, sqlite3_column_text(q, 0), (size_t)sqlite3_column_bytes(q, 0));
		buf_cstr(out);
		found = 1;
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_finalize(q);
		fail(st, "reading a cursor");
	}
	sqlite3_finalize(q);
	return found;
}

void sc_cursor_set(struct sc_state *st, const char *source, const char *account,
		   const char *stream, const char *cursor)
{
	sqlite3_stmt *q = prepare(st, "INSERT INTO cursors (source, account, stream, cursor, updated_at) "
				      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (source, account, stream) "
				      "DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at");
	char now[SC_TIME_MAX];

	now_text(now);
	sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, account, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, stream, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, cursor, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, now, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE) {
		sqlite3_finalize(q);
		fail(st, "writing a cursor");
	}
	sqlite3_finalize(q);
}

/* ---- routing: cases, owners, agents, the record ledger (sc-route) ---- */

int sc_readpos_get(struct sc_state *st, const char *stage, const char *input,
		   const char *output, struct sc_readpos *p)
{
	sqlite3_stmt *q = prepare(st, "SELECT dev, ino, offset, line, tail, out_length FROM readpos "
				      "WHERE stage = ?1 AND input = ?2 AND output = ?3");
	int rc;

	sqlite3_bind_text(q, 1, stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, input, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, output, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		p->dev = sqlite3_column_int64(q, 0);
		p->ino = sqlite3_column_int64(q, 1);
		p->offset = sqlite3_column_int64(q, 2);
		p->line = sqlite3_column_int64(q, 3);
		p->tail = sqlite3_column_int64(q, 4);
		p->out_length = sqlite3_column_int64(q, 5);
	} else if (rc != SQLITE_DONE) {
		sqlite3_finalize(q);
		fail(st, "reading a read position");
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW;
}

int sc_readpos_written(struct sc_state *st, const char *output, int64_t *len)
{
	sqlite3_stmt *q = prepare(st, "SELECT max(out_length) FROM readpos WHERE output = ?1");
	int rc, found = 0;

	sqlite3_bind_text(q, 1, output, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
		*len = sqlite3_column_int64(q, 0);
		found = 1;
	} else if (rc != SQLITE_ROW) {
		sqlite3_finalize(q);
		fail(st, "reading a read position");
	}
	sqlite3_finalize(q);
	return found;
}

void sc_readpos_set(struct sc_state *st, const char *stage, const char *input,
		    const char *output, const struct sc_readpos *p)
{
	sqlite3_stmt *q = prepare(st, "INSERT OR REPLACE INTO readpos (stage, input, output, dev, ino, "
				      "offset, line, tail, out_length, updated_at) "
				      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	char now[SC_TIME_MAX];

	now_text(now);
	sqlite3_bind_text(q, 1, stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, input, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, output, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, p->dev);
	sqlite3_bind_int64(q, 5, p->ino);
	sqlite3_bind_int64(q, 6, p->offset);
	sqlite3_bind_int64(q, 7, p->line);
	sqlite3_bind_int64(q, 8, p->tail);
	sqlite3_bind_int64(q, 9, p->out_length);
	sqlite3_bind_text(q, 10, now, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE) {
		sqlite3_finalize(q);
		fail(st, "writing a read position");
	}
	sqlite3_finalize(q);
}

static sqlite3_stmt *stmt(struct sc_state *st, int k, const char *sql)
{
	if (!st->stmt[k] && sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
					       &st->stmt[k], NULL) != SQLITE_OK)
		fail(st, sql);
	return st->stmt[k];
}

static int step(struct sc_state *st, sqlite3_stmt *q, const char *what)
{
	int rc = sqlite3_step(q);

	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(q);
		fail(st, what);
	}
	return rc;
}

static void done(sqlite3_stmt *q)
{
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
}

static void bind(sqlite3_stmt *q, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

/* Column i into b (NUL-terminated); returns 0 when it is NULL. */
static int column(sqlite3_stmt *q, int i, struct buf *b)
{
	buf_reset(b);
	if (sqlite3_column_type(q, i) != SQLITE_NULL)
		buf_put(b, sqlite3_column_text(q, i), (size_t)sqlite3_column_bytes(q, i));
	buf_cstr(b);
	return sqlite3_column_type(q, i) != SQLITE_NULL;
}

void sc_case_free(struct sc_case *c)
{
	buf_free(&c->queue);
	buf_free(&c->assignee);
	buf_free(&c->opened_at);
	buf_free(&c->due_at);
	buf_free(&c->conversation_id);
	buf_free(&c->waiting_since);
	buf_free(&c->answered_at);
	buf_free(&c->resolved_at);
	buf_free(&c->closed_by);
	buf_free(&c->covered_until);
}

#define CASE_COLS "id, status = 'open', queue, assignee, opened_at, due_at, conversation_id," \
	" waiting_since, answered_at, resolved_at, closed_by, covered_until"

static int read_case(struct sc_state *st, sqlite3_stmt *q, struct sc_case *c, const char *what)
{
	int found = step(st, q, what) == SQLITE_ROW;

	c->id = 0;
	c->open = 0;
	if (found) {
		c->id = sqlite3_column_int64(q, 0);
		c->open = sqlite3_column_int(q, 1);
		column(q, 2, &c->queue);
		c->has_assignee = column(q, 3, &c->assignee);
		column(q, 4, &c->opened_at);
		column(q, 5, &c->due_at);
		column(q, 6, &c->conversation_id);
		c->waiting = column(q, 7, &c->waiting_since);
		column(q, 8, &c->answered_at);
		column(q, 9, &c->resolved_at);
		column(q, 10, &c->closed_by);
		column(q, 11, &c->covered_until);
	}
	done(q);
	return found;
}

/* A message's columns, record_id to covers, as ?1 to ?8. */
static void bind_message(sqlite3_stmt *q, const struct sc_message *m)
{
	bind(q, 1, m->record_id);
	bind(q, 2, m->conversation_id);
	bind(q, 3, m->at);
	bind(q, 4, m->direction);
	sqlite3_bind_int(q, 5, m->needs_reply);
	bind(q, 6, m->author);
	bind(q, 7, m->text);
	bind(q, 8, m->covers);
}

int sc_record_get(struct sc_state *st, const char *record_id, struct buf *route)
{
	sqlite3_stmt *q = stmt(st, Q_RECORD_GET, "SELECT route FROM messages WHERE record_id = ?1");
	int found = SC_RECORD_NEW;

	bind(q, 1, record_id);
	if (step(st, q, "reading the routed ledger") == SQLITE_ROW)
		found = column(q, 0, route) ? SC_RECORD_ROUTED : SC_RECORD_KNOWN;
	done(q);
	return found;
}

void sc_record_put(struct sc_state *st, const struct sc_message *m, int known, int64_t case_id,
		   const char *route, size_t len, const char *routed_at)
{
	sqlite3_stmt *q;

	if (known == SC_RECORD_KNOWN) {
		/* the message sc-reply kept when it sent it, fetched back: it
		 * keeps what it said, and now its route */
		q = stmt(st, Q_RECORD_ROUTE, "UPDATE messages SET case_id = ?9, route = ?10,"
			 " routed_at = nullif(?11, at) WHERE record_id = ?1");
		bind(q, 1, m->record_id);
	} else {
		q = stmt(st, Q_RECORD_PUT, "INSERT INTO messages (record_id, conversation_id, at,"
			 " direction, needs_reply, author, text, covers, case_id, route, routed_at)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, nullif(?11, ?3))");
		bind_message(q, m);
	}
	if (case_id)
		sqlite3_bind_int64(q, 9, case_id);
	sqlite3_bind_text(q, 10, route, (int)len, SQLITE_STATIC);
	bind(q, 11, routed_at);
	step(st, q, "writing the routed ledger");
	done(q);
}

int sc_case_find(struct sc_state *st, const char *conversation_id, struct sc_case *c)
{
	sqlite3_stmt *q = stmt(st, Q_CASE_FIND, "SELECT " CASE_COLS " FROM cases WHERE conversation_id = ?1");

	bind(q, 1, conversation_id);
	return read_case(st, q, c, "reading a case");
}

/* NULL and "" alike: a case's column read back as "" when NULL. */
static int same(const char *a, const struct buf *b)
{
	return !strcmp(a ? a : "", b->len ? b->p : "");
}

static void bind_case(sqlite3_stmt *q, const struct sc_case_in *in)
{
	bind(q, 1, in->conversation_id);
	bind(q, 2, in->source);
	bind(q, 3, in->account);
	bind(q, 4, in->customer);
	bind(q, 5, in->queue);
	bind(q, 6, in->assignee);
	sqlite3_bind_int(q, 7, in->priority);
	bind(q, 8, in->at);
	bind(q, 9, in->due_at);
	bind(q, 10, in->handle);
	bind(q, 11, in->channel);
	bind(q, 12, in->lang);
	bind(q, 13, in->intent);
	sqlite3_bind_int(q, 14, in->vip);
	sqlite3_bind_int(q, 15, in->complaint);
	bind(q, 17, in->text);
}

#define CASE_INSERT \
	"INSERT INTO cases (conversation_id, source, account, customer, queue, assignee," \
	" priority, opened_at, due_at, last_inbound_at, updated_at, waiting_since," \
	" handle, channel, lang, intent, vip, complaint, last_text)" \
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?8, ?8, ?10, ?11, ?12, ?13, ?14, ?15, ?17)"

/* The two common cases, each one statement without an index to update
 * but the one it must: a new conversation (an insert), and a follow-up
 * that stays with its queue and owner (no indexed column changes). */
static int64_t case_fast(struct sc_state *st, const struct sc_case_in *in,
			 const struct sc_case *known, struct buf *due_at)
{
	sqlite3_stmt *q;

	if (!known->id) {
		q = stmt(st, Q_CASE_INSERT, CASE_INSERT);
		bind_case(q, in);
		step(st, q, "writing a case");
		done(q);
		buf_reset(due_at);
		if (in->due_at)
			buf_puts(due_at, in->due_at);
		buf_cstr(due_at);
		return sqlite3_last_insert_rowid(st->db);
	}
	/* a message read late (older than the case's newest) does not become
	 * its last one, and waits from its own time when that is earlier */
	q = stmt(st, Q_CASE_TOUCH, "UPDATE cases SET"
		" priority = CASE WHEN waiting_since IS NULL THEN ?7 ELSE min(priority, ?7) END,"
		" due_at = CASE WHEN due_at IS NULL OR ?9 < due_at THEN ?9 ELSE due_at END,"
		" last_text = CASE WHEN ?8 >= coalesce(last_inbound_at, '') THEN coalesce(?17, last_text) ELSE last_text END,"
		" last_inbound_at = max(coalesce(last_inbound_at, ''), ?8), updated_at = ?8,"
		" waiting_since = CASE WHEN waiting_since IS NULL OR ?8 < waiting_since THEN ?8"
		"  ELSE waiting_since END,"
		" handle = coalesce(?10, handle), channel = coalesce(?11, channel),"
		" lang = coalesce(?12, lang), intent = coalesce(?13, intent),"
		" vip = max(vip, ?14), complaint = max(complaint, ?15) WHERE id = ?16");
	bind_case(q, in);
	sqlite3_bind_int64(q, 16, known->id);
	step(st, q, "writing a case");
	done(q);
	buf_reset(due_at);
	buf_puts(due_at, known->due_at.len && (!in->due_at || strcmp(known->due_at.p, in->due_at) < 0)
			 ? known->due_at.p : in->due_at ? in->due_at : "");
	buf_cstr(due_at);
	return known->id;
}

int64_t sc_case_upsert(struct sc_state *st, const struct sc_case_in *in,
		       const struct sc_case *known, struct buf *due_at)
{
	sqlite3_stmt *q;
	int64_t id;

	if (known && (!known->id || (known->open && same(in->queue, &known->queue) &&
				     same(in->assignee, &known->assignee))))
		return case_fast(st, in, known, due_at);
	q = stmt(st, Q_CASE_UPSERT, CASE_INSERT
		" ON CONFLICT (conversation_id) DO UPDATE SET"
		"  opened_at = CASE WHEN status = 'resolved' THEN excluded.opened_at ELSE opened_at END,"
		"  first_response_at = CASE WHEN status = 'resolved' THEN NULL ELSE first_response_at END,"
		"  status = 'open', resolved_at = NULL, closed_by = NULL, queue = excluded.queue,"
		"  assignee = excluded.assignee,"
		"  priority = CASE WHEN status = 'resolved' OR waiting_since IS NULL THEN excluded.priority"
		"   ELSE min(priority, excluded.priority) END,"
		"  due_at = CASE WHEN status = 'resolved' OR due_at IS NULL OR excluded.due_at < due_at"
		"   THEN excluded.due_at ELSE due_at END,"
		"  last_text = CASE WHEN excluded.last_inbound_at >= coalesce(last_inbound_at, '')"
		"   THEN coalesce(excluded.last_text, last_text) ELSE last_text END,"
		"  last_inbound_at = max(coalesce(last_inbound_at, ''), excluded.last_inbound_at),"
		"  updated_at = excluded.updated_at,"
		"  waiting_since = CASE WHEN status = 'resolved' OR waiting_since IS NULL"
		"   OR excluded.waiting_since < waiting_since THEN excluded.waiting_since"
		"   ELSE waiting_since END,"
		"  handle = coalesce(excluded.handle, handle), channel = coalesce(excluded.channel, channel),"
		"  lang = coalesce(excluded.lang, lang), intent = coalesce(excluded.intent, intent),"
		"  vip = CASE WHEN status = 'resolved' THEN excluded.vip ELSE max(vip, excluded.vip) END,"
		"  complaint = CASE WHEN status = 'resolved' THEN excluded.complaint"
		"   ELSE max(complaint, excluded.complaint) END"
		" RETURNING id, due_at");
	bind_case(q, in);
	step(st, q, "writing a case");
	id = sqlite3_column_int64(q, 0);
	column(q, 1, due_at);
	done(q);
	return id;
}

void sc_case_owner(struct sc_state *st, int64_t case_id, const char *assignee,
		   const char *at, const char *why, int update)
{
	sqlite3_stmt *q;

	if (update) {
		q = stmt(st, Q_CASE_OWNER, "UPDATE cases SET assignee = ?2, updated_at = ?3 WHERE id = ?1");
		sqlite3_bind_int64(q, 1, case_id);
		bind(q, 2, assignee);
		bind(q, 3, at);
		step(st, q, "changing a case's owner");
		done(q);
	}
	q = stmt(st, Q_OWNER_LOG, "INSERT INTO case_owners (case_id, assignee, at, why) VALUES (?1, ?2, ?3, ?4)");
	sqlite3_bind_int64(q, 1, case_id);
	bind(q, 2, assignee);
	bind(q, 3, at);
	bind(q, 4, why);
	step(st, q, "recording a case's owner");
	done(q);
}

int sc_case_of_customer(struct sc_state *st, const char *source, const char *customer,
			const char *since, struct sc_case *c)
{
	/* max() picks the row (SQLite's bare columns): ORDER BY … LIMIT 1
	 * would build a sorter for every new case. Without a row the
	 * aggregate still gives one, of NULLs: id 0. */
	sqlite3_stmt *q = stmt(st, Q_CASE_CUSTOMER, "SELECT " CASE_COLS ", max(last_inbound_at)"
		" FROM cases WHERE source = ?1 AND customer = ?2 AND status = 'open'"
		" AND assignee IS NOT NULL AND last_inbound_at >= ?3");

	bind(q, 1, source);
	bind(q, 2, customer);
	bind(q, 3, since);
	return read_case(st, q, c, "reading a customer's cases") && c->id;
}

int sc_case_oldest_waiting(struct sc_state *st, const char *queue, struct sc_case *c)
{
	sqlite3_stmt *q = stmt(st, Q_CASE_WAITING, "SELECT " CASE_COLS " FROM cases"
		" WHERE queue = ?1 AND status = 'open' AND assignee IS NULL AND waiting_since IS NOT NULL"
		" ORDER BY opened_at, id LIMIT 1");

	bind(q, 1, queue);
	return read_case(st, q, c, "reading waiting cases");
}

int sc_queue_waiting(struct sc_state *st, const char *queue)
{
	/* a seek on cases_waiting: counting the waiting cases instead cost a
	 * scan of all of them at every transaction, 86% of sc-route's time
	 * once a few hundred thousand cases waited */
	sqlite3_stmt *q = stmt(st, Q_QUEUE_WAITING, "SELECT 1 FROM cases"
		" WHERE queue = ?1 AND status = 'open' AND assignee IS NULL AND waiting_since IS NOT NULL"
		" LIMIT 1");
	int any;

	bind(q, 1, queue);
	any = step(st, q, "looking for waiting cases") == SQLITE_ROW;
	done(q);
	return any;
}

int sc_case_resolve(struct sc_state *st, const char *conversation_id, const char *at,
		    struct sc_case *c)
{
	if (!sc_case_find(st, conversation_id, c) || !c->open)
		return 0;
	sc_case_close(st, c->id, at, "hand");
	return 1;
}

void sc_case_close(struct sc_state *st, int64_t case_id, const char *at, const char *by)
{
	sqlite3_stmt *q = stmt(st, Q_CASE_RESOLVE, "UPDATE cases SET status = 'resolved', resolved_at = ?2,"
		 " due_at = NULL, updated_at = ?2, closed_by = ?3 WHERE id = ?1");

	sqlite3_bind_int64(q, 1, case_id);
	bind(q, 2, at);
	bind(q, 3, by);
	step(st, q, "closing a case");
	done(q);
}

int sc_case_find_ref(struct sc_state *st, const char *ref, struct sc_case *c)
{
	const char *n = ref + (*ref == '#');
	sqlite3_stmt *q;

	if (sc_case_find(st, ref, c))
		return 1;
	if (!*n || strspn(n, "0123456789") != strlen(n) || strlen(n) > 18)
		return 0;
	q = prepare(st, "SELECT " CASE_COLS " FROM cases WHERE id = ?1");
	sqlite3_bind_int64(q, 1, strtoll(n, NULL, 10));
	int found = read_case(st, q, c, "reading a case");
	sqlite3_finalize(q);
	return found;
}

static const char *text_col(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

#define CASE_ROW_COLS "id, conversation_id, source, account, customer, handle, channel, lang," \
	" intent, queue, assignee, opened_at, due_at, waiting_since, last_inbound_at, priority, vip," \
	" complaint, last_text, answered_at, resolved_at, closed_by, status = 'open'"

static void case_row(sqlite3_stmt *q, struct sc_case_row *r)
{
	*r = (struct sc_case_row){
		sqlite3_column_int64(q, 0), text_col(q, 1), text_col(q, 2), text_col(q, 3),
		text_col(q, 4), text_col(q, 5), text_col(q, 6), text_col(q, 7), text_col(q, 8),
		text_col(q, 9), text_col(q, 10), text_col(q, 11), text_col(q, 12),
		text_col(q, 13), text_col(q, 14), text_col(q, 18), text_col(q, 19), text_col(q, 20),
		text_col(q, 21), sqlite3_column_int(q, 15), sqlite3_column_int(q, 16),
		sqlite3_column_int(q, 17), sqlite3_column_int(q, 22),
	};
}

void sc_cases_list(struct sc_state *st, const struct sc_case_filter *f,
		   void (*fn)(void *, const struct sc_case_row *), void *ctx)
{
	/* what waits for a reply first, by priority, then due time: a
	 * thank-you (priority 4) never above a complaint (2), whatever their
	 * due times; the answered cases, which wait for nothing, last */
	sqlite3_stmt *q = prepare(st, "SELECT " CASE_ROW_COLS " FROM cases"
		" WHERE status = 'open' AND (?1 IS NULL OR assignee = ?1) AND (?2 IS NULL OR queue = ?2)"
		" AND (?3 IS NULL OR due_at < ?3) AND (?4 = 0 OR vip) AND (?5 = 0 OR complaint)"
		" AND (?6 = 0 OR id = ?6)"
		" ORDER BY waiting_since IS NULL, priority, due_at IS NULL, due_at, opened_at, id");
	struct sc_case_row r;

	bind(q, 1, f->assignee);
	bind(q, 2, f->queue);
	bind(q, 3, f->due_before);
	sqlite3_bind_int(q, 4, f->vip);
	sqlite3_bind_int(q, 5, f->complaint);
	sqlite3_bind_int64(q, 6, f->case_id);
	while (step(st, q, "listing cases") == SQLITE_ROW) {
		case_row(q, &r);
		fn(ctx, &r);
	}
	sqlite3_finalize(q);
}

int sc_case_show(struct sc_state *st, int64_t case_id, struct sc_case_history *h)
{
	sqlite3_stmt *q = prepare(st, "SELECT " CASE_ROW_COLS " FROM cases WHERE id = ?1");
	struct sc_case_row r;
	int found;

	sqlite3_bind_int64(q, 1, case_id);
	if ((found = step(st, q, "reading a case") == SQLITE_ROW)) {
		case_row(q, &r);
		h->card(h->ctx, &r);
	}
	sqlite3_finalize(q);
	if (!found)
		return 0;
	q = prepare(st, "SELECT m.at, m.direction, m.needs_reply, m.author, m.text, m.record_id"
		" FROM messages m JOIN cases c ON m.conversation_id = c.conversation_id"
		" WHERE c.id = ?1 ORDER BY m.at, m.record_id");
	sqlite3_bind_int64(q, 1, case_id);
	while (step(st, q, "reading a conversation") == SQLITE_ROW)
		h->message(h->ctx, text_col(q, 0), text_col(q, 1), sqlite3_column_int(q, 2),
			   text_col(q, 3), text_col(q, 4), text_col(q, 5));
	sqlite3_finalize(q);
	q = prepare(st, "SELECT at, assignee, why FROM case_owners WHERE case_id = ?1 ORDER BY rowid");
	sqlite3_bind_int64(q, 1, case_id);
	while (step(st, q, "reading a case's owners") == SQLITE_ROW)
		h->owner(h->ctx, text_col(q, 0), text_col(q, 1), text_col(q, 2));
	sqlite3_finalize(q);
	return 1;
}

int sc_message_put(struct sc_state *st, const struct sc_message *m)
{
	sqlite3_stmt *q = stmt(st, Q_MSG_PUT, "INSERT OR IGNORE INTO messages (record_id,"
		" conversation_id, at, direction, needs_reply, author, text, covers)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");

	bind_message(q, m);
	step(st, q, "writing a message");
	done(q);
	return sqlite3_changes(st->db) > 0;
}

int sc_last_answer(struct sc_state *st, const char *conversation_id, const char *since,
		   struct buf *at)
{
	sqlite3_stmt *q = stmt(st, Q_MSG_LAST_ANSWER, "SELECT max(at) FROM messages"
		" WHERE conversation_id = ?1 AND direction = 'out' AND coalesce(covers, at) >= ?2");
	int found;

	bind(q, 1, conversation_id);
	bind(q, 2, since);
	step(st, q, "reading a conversation's answers");
	found = column(q, 0, at);
	done(q);
	return found;
}

int sc_case_answered(struct sc_state *st, const char *conversation_id, const char *at,
		     const char *covered, struct sc_case *c)
{
	sqlite3_stmt *q;
	struct buf next = BUF_INIT;
	int still = 0;

	if (!sc_case_find(st, conversation_id, c))
		return 0;
	if (c->waiting && strcmp(c->waiting_since.p, covered) <= 0) {
		/* an answer read late can predate a later question, and a reply
		 * answers no question newer than the one it was drafted for:
		 * that one waits */
		q = stmt(st, Q_MSG_NEXT_ASK, "SELECT min(at) FROM messages WHERE conversation_id = ?1"
			 " AND direction = 'in' AND needs_reply AND at > ?2");
		bind(q, 1, conversation_id);
		bind(q, 2, covered);
		step(st, q, "reading a conversation's questions");
		still = column(q, 0, &next);
		done(q);
	} else {
		still = c->waiting;
		buf_puts(&next, c->waiting_since.p);
	}
	q = stmt(st, Q_CASE_ANSWER, "UPDATE cases SET"
		" first_response_at = CASE WHEN ?2 >= opened_at AND (first_response_at IS NULL"
		"  OR ?2 < first_response_at) THEN ?2 ELSE first_response_at END,"
		" answered_at = max(coalesce(answered_at, ''), ?2),"
		" covered_until = max(coalesce(covered_until, ''), ?4),"
		" waiting_since = ?3, due_at = CASE WHEN ?3 IS NULL THEN NULL ELSE due_at END,"
		" updated_at = ?2 WHERE id = ?1");
	sqlite3_bind_int64(q, 1, c->id);
	bind(q, 2, at);
	bind(q, 3, still ? buf_cstr(&next) : NULL);
	bind(q, 4, covered);
	step(st, q, "recording an answer");
	done(q);
	buf_free(&next);
	c->waiting = still;
	if (!c->answered_at.len || strcmp(c->answered_at.p, at) < 0) {
		buf_reset(&c->answered_at);
		buf_puts(&c->answered_at, at);
		buf_cstr(&c->answered_at);
	}
	if (!c->covered_until.len || strcmp(c->covered_until.p, covered) < 0) {
		buf_reset(&c->covered_until);
		buf_puts(&c->covered_until, covered);
		buf_cstr(&c->covered_until);
	}
	return 1;
}

int sc_case_answered_now(struct sc_state *st, const char *conversation_id, const char *at,
			 const struct sc_message *m)
{
	struct sc_case c = {0};

	if (sc_state_begin(st))
		return -1;
	if (m)
		sc_message_put(st, m);
	sc_case_answered(st, conversation_id, at, m && m->covers ? m->covers : at, &c);
	sc_case_free(&c);
	return sc_state_commit(st);
}

void sc_case_join(struct sc_state *st, int64_t case_id, const char *at, const char *text)
{
	sqlite3_stmt *q = stmt(st, Q_CASE_JOIN, "UPDATE cases SET"
		" last_text = CASE WHEN ?2 >= coalesce(last_inbound_at, '') THEN coalesce(?3, last_text)"
		"  ELSE last_text END,"
		" last_inbound_at = max(coalesce(last_inbound_at, ''), ?2), updated_at = ?2 WHERE id = ?1");

	sqlite3_bind_int64(q, 1, case_id);
	bind(q, 2, at);
	bind(q, 3, text);
	step(st, q, "adding a message to a case");
	done(q);
}

int sc_case_quiet_oldest(struct sc_state *st, const char *queue, struct sc_case *c)
{
	sqlite3_stmt *q = stmt(st, Q_CASE_QUIET, "SELECT " CASE_COLS " FROM cases"
		" WHERE queue = ?1 AND status = 'open' AND waiting_since IS NULL"
		" ORDER BY answered_at, id LIMIT 1");

	bind(q, 1, queue);
	return read_case(st, q, c, "reading answered cases");
}

void sc_agent_loads(struct sc_state *st,
		    void (*fn)(void *, const char *name, long open, const char *last, int64_t seq),
		    void *ctx)
{
	/* open_cases is kept with every change of owner, in the same
	 * transaction: counting the cases here would read them all per batch */
	sqlite3_stmt *q = stmt(st, Q_AGENT_LOADS, "SELECT name, open_cases, last_assigned_at,"
			       " coalesce(assigned_seq, 0) FROM agents");

	while (step(st, q, "reading agents' load") == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(q, 0), (long)sqlite3_column_int64(q, 1),
		   (const char *)sqlite3_column_text(q, 2), sqlite3_column_int64(q, 3));
	done(q);
}

void sc_agent_save(struct sc_state *st, const char *name, long open, const char *last, int64_t seq)
{
	sqlite3_stmt *q = stmt(st, Q_AGENT_SAVE, "INSERT INTO agents (name, open_cases, last_assigned_at,"
		" assigned_seq) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE SET"
		" open_cases = excluded.open_cases,"
		" last_assigned_at = coalesce(excluded.last_assigned_at, last_assigned_at),"
		" assigned_seq = coalesce(excluded.assigned_seq, assigned_seq)");

	bind(q, 1, name);
	sqlite3_bind_int64(q, 2, open);
	bind(q, 3, last);
	if (seq >= 0)
		sqlite3_bind_int64(q, 4, seq);
	step(st, q, "writing an agent's load");
	done(q);
}

int sc_account_get(struct sc_state *st, const char *source, const char *handle,
		   struct buf *out)
{
	sqlite3_stmt *q = prepare(st, "SELECT remote_id FROM accounts WHERE source = ?1 "
				      "AND handle = ?2");
	int found = 0, rc;

	sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, handle, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		buf_reset(out);
		buf_put(out, sqlite3_column_text(q, 0), (size_t)sqlite3_column_bytes(q, 0));
		buf_cstr(out);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		sqlite3_finalize(q);
		fail(st, "reading an account");
	}
	sqlite3_finalize(q);
	return found;
}

int sc_account_set(struct sc_state *st, const char *source, const char *handle,
		   const char *remote_id)
{
	sqlite3_stmt *q;
	char now[SC_TIME_MAX];

	if (sc_state_begin(st))
		return -1;
	q = prepare(st, "INSERT INTO accounts (source, handle, remote_id, updated_at) "
			"VALUES (?1, ?2, ?3, ?4) ON CONFLICT (source, handle) "
			"DO UPDATE SET remote_id = excluded.remote_id, updated_at = excluded.updated_at");
	now_text(now);
	sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, handle, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, remote_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, now, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE) {
		sqlite3_finalize(q);
		fail(st, "writing an account");
	}
	sqlite3_finalize(q);
	return sc_state_commit(st);
}

void sc_ledger_free(struct sc_ledger *row)
{
	buf_free(&row->status);
	buf_free(&row->remote_id);
	buf_free(&row->target);
	buf_free(&row->error);
	buf_free(&row->at);
}

#define LEDGER_COLS "status, remote_id, target, error, updated_at"

/* A row of LEDGER_COLS, at the statement's current step. */
static void ledger_row(sqlite3_stmt *q, struct sc_ledger *row)
{
	column(q, 0, &row->status);
	column(q, 1, &row->remote_id);
	column(q, 2, &row->target);
	column(q, 3, &row->error);
	column(q, 4, &row->at);
}

int sc_ledger_get(struct sc_state *st, const char *key, struct sc_ledger *row)
{
	sqlite3_stmt *q = stmt(st, Q_LEDGER_GET, "SELECT " LEDGER_COLS " FROM ledger"
			       " WHERE key = ?1");
	int found;

	bind(q, 1, key);
	if ((found = step(st, q, "reading the ledger") == SQLITE_ROW))
		ledger_row(q, row);
	done(q);
	return found;
}

int sc_review_get(struct sc_state *st, const char *record_id, int dry_run, struct buf *outcome)
{
	sqlite3_stmt *q = prepare(st, "SELECT outcome FROM reviews WHERE record_id = ?1 AND dry_run = ?2");
	int found;

	bind(q, 1, record_id);
	sqlite3_bind_int(q, 2, dry_run != 0);
	if ((found = step(st, q, "reading the reviews") == SQLITE_ROW))
		column(q, 0, outcome);
	sqlite3_finalize(q);
	return found;
}

int sc_review_put(struct sc_state *st, const char *record_id, int dry_run, const char *outcome,
		  const char *at)
{
	sqlite3_stmt *q;

	if (sc_state_begin(st))
		return -1;
	q = prepare(st, "INSERT OR REPLACE INTO reviews (record_id, dry_run, outcome, at)"
		    " VALUES (?1, ?2, ?3, ?4)");
	bind(q, 1, record_id);
	sqlite3_bind_int(q, 2, dry_run != 0);
	bind(q, 3, outcome);
	bind(q, 4, at);
	step(st, q, "keeping a review");
	sqlite3_finalize(q);
	return sc_state_commit(st);
}

int sc_ledger_main_of(struct sc_state *st, const char *record_id, const char *conversation,
		      struct sc_ledger *row)
{
	/* the key is CONVERSATION/reply/... or CONVERSATION/dm/...: the ack
	 * and the invitation (CONVERSATION/ack, /invite) are not the reply */
	sqlite3_stmt *q = prepare(st, "SELECT " LEDGER_COLS " FROM ledger"
				  " WHERE record_id = ?1 AND (substr(key, 1, length(?2) + 7) = ?2 || '/reply/'"
				  " OR substr(key, 1, length(?2) + 4) = ?2 || '/dm/')"
				  " ORDER BY status = 'sent' DESC, status = 'intent' DESC LIMIT 1");
	int found;

	bind(q, 1, record_id);
	bind(q, 2, conversation);
	if ((found = step(st, q, "reading the ledger") == SQLITE_ROW))
		ledger_row(q, row);
	sqlite3_finalize(q);
	return found;
}

/* Per customer of the conversation: does the brand's follow stand (the
 * last follow or unfollow sent to them is a follow), and which other open
 * case of theirs had a follow or a DM (the ledger's rows: a case routed
 * to DM). Keys of the conversation are the range CONV/ .. CONV0 ('0' is
 * the byte after '/'), a seek on the primary key. */
void sc_ledger_dm_customers(struct sc_state *st, const char *network, const char *conversation,
			    void (*fn)(void *, const char *user, int followed, int64_t other_case),
			    void *ctx)
{
	sqlite3_stmt *q = prepare(st, "SELECT l.target,"
		" (SELECT f.action FROM ledger f WHERE f.target = l.target AND f.network = ?1"
		"   AND f.action IN ('follow', 'unfollow') AND f.status = 'sent'"
		"   ORDER BY f.rowid DESC LIMIT 1) = 'follow',"
		" (SELECT c.id FROM ledger o JOIN cases c ON c.id = o.case_id"
		"   WHERE o.target = l.target AND o.network = ?1 AND o.action IN ('follow', 'dm')"
		"   AND c.status = 'open' AND c.conversation_id != ?2 ORDER BY c.id LIMIT 1)"
		" FROM ledger l WHERE l.key >= ?2 || '/' AND l.key < ?2 || '0' AND l.network = ?1"
		" AND l.action IN ('follow', 'dm') AND l.status = 'sent' AND l.target IS NOT NULL"
		" GROUP BY l.target ORDER BY min(l.rowid)");

	bind(q, 1, network);
	bind(q, 2, conversation);
	while (step(st, q, "reading the ledger") == SQLITE_ROW)
		fn(ctx, text_col(q, 0), sqlite3_column_int(q, 1), sqlite3_column_int64(q, 2));
	sqlite3_finalize(q);
}

/* One statement in its own transaction: committed before the caller goes
 * on to talk to the network. */
static int ledger_write(struct sc_state *st, sqlite3_stmt *q)
{
	if (sc_state_begin(st)) {
		done(q);
		return -1;
	}
	step(st, q, "writing the ledger");
	done(q);
	return sc_state_commit(st);
}

int sc_ledger_intent(struct sc_state *st, const struct sc_ledger_in *in)
{
	sqlite3_stmt *q = stmt(st, Q_LEDGER_INTENT, "INSERT INTO ledger (key, case_id, record_id,"
			       " network, action, target, status, created_at, updated_at)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'intent', ?7, ?7)"
			       " ON CONFLICT (key) DO NOTHING");
	char now[SC_TIME_MAX];

	now_text(now);
	bind(q, 1, in->key);
	if (in->case_id)
		sqlite3_bind_int64(q, 2, in->case_id);
	bind(q, 3, in->record_id);
	bind(q, 4, in->network);
	bind(q, 5, in->action);
	bind(q, 6, in->target);
	bind(q, 7, now);
	return ledger_write(st, q);
}

int sc_ledger_outcome(struct sc_state *st, const char *key, const char *status,
		      const char *remote_id, const char *error)
{
	sqlite3_stmt *q = stmt(st, Q_LEDGER_OUTCOME, "UPDATE ledger SET status = ?2, remote_id = ?3,"
			       " error = ?4, updated_at = ?5 WHERE key = ?1");
	char now[SC_TIME_MAX];

	now_text(now);
	bind(q, 1, key);
	bind(q, 2, status);
	bind(q, 3, remote_id);
	bind(q, 4, error);
	bind(q, 5, now);
	return ledger_write(st, q);
}

int sc_ledger_forget(struct sc_state *st, const char *key)
{
	sqlite3_stmt *q = stmt(st, Q_LEDGER_FORGET, "DELETE FROM ledger WHERE key = ?1 AND status = 'intent'");

	bind(q, 1, key);
	return ledger_write(st, q);
}

struct sc_run_lock {
	sqlite3 *db;
};

/* File-name-safe account: letters, digits, '_', '.', '-' kept, the rest as
 * %XX, so two handles never share a lock. */
static void lock_name(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '-' || (c == '.' && b->len && b->p[b->len - 1] != '-'))
			buf_putc(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

enum { LOCK_TRIES = 10 };


struct sc_run_lock *sc_run_lock(const char *dir, const char *source, const char *account,
				struct buf *err)
{
	struct sc_run_lock *l = sc_xcalloc(1, sizeof *l);
	struct buf path = BUF_INIT;
	mode_t old;
	int rc;

	sqlite_setup();
	if (make_dir(dir, err)) {
		free(l);
		return NULL;
	}
	buf_printf(&path, "%s/run-", dir);
	lock_name(&path, source);
	buf_putc(&path, '-');
	lock_name(&path, account);
	buf_puts(&path, ".db");
	/* Two runs started at the same instant can both read the lock database
	 * first: each then keeps its shared lock (exclusive locking mode never
	 * gives one back) and neither gets the write, so both would stop. The
	 * loser of such a tie closes, waits a random few milliseconds and tries
	 * again; against a run that really holds the lock every try fails. */
	for (int tries = 0;; tries++) {
		old = umask(077);
		rc = sqlite3_open_v2(buf_cstr(&path), &l->db,
				     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
		umask(old);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(l->db, "PRAGMA locking_mode = EXCLUSIVE;"
					  "CREATE TABLE IF NOT EXISTS run (pid INTEGER, started_at TEXT);"
					  "BEGIN EXCLUSIVE; DELETE FROM run;"
					  "INSERT INTO run VALUES (0, datetime('now')); COMMIT;",
					  NULL, NULL, NULL);
		if (rc == SQLITE_OK || tries == LOCK_TRIES ||
		    (sqlite3_errcode(l->db) & 0xff) != SQLITE_BUSY)
			break;
		sqlite3_close(l->db);
		l->db = NULL;
		lock_pause();
	}
	if (rc != SQLITE_OK) {
		int busy = (sqlite3_errcode(l->db) & 0xff) == SQLITE_BUSY;
		if (busy)
			buf_printf(err, "another %s is already running for %s account %s "
				   "(lock %s); this run stops", sc_progname, source, account, path.p);
		else
			buf_printf(err, "cannot take the run lock %s: %s", path.p,
				   l->db ? sqlite3_errmsg(l->db) : "out of memory");
		buf_free(&path);
		sc_run_unlock(l);
		return NULL;
	}
	buf_free(&path);
	return l;
}

void sc_run_unlock(struct sc_run_lock *l)
{
	if (!l)
		return;
	sqlite3_close(l->db);
	free(l);
}

struct sc_sessions {
	sqlite3 *db;
};

void sc_sessions_default_path(struct buf *out)
{
	xdg_path(out, "XDG_CONFIG_HOME", ".config", "sc/sessions.db");
}

/* The session file must stay as private as a token file. */
static int sessions_private(const char *path, struct buf *err)
{
	struct stat sb;

	if (lstat(path, &sb))
		return errno == ENOENT ? 0 : (buf_printf(err, "cannot stat %s: %s", path,
							  strerror(errno)), -1);
	if (!S_ISREG(sb.st_mode) || sb.st_uid != geteuid() || (sb.st_mode & 077)) {
		buf_printf(err, "session file %s is not a regular file of yours with mode 600: "
			   "refused", path);
		return -1;
	}
	return 0;
}

struct sc_sessions *sc_sessions_open(const char *path, struct buf *err)
{
	struct sc_sessions *ss;
	char *dir = sc_xstrdup(path), *slash = strrchr(dir, '/');
	mode_t old;
	int rc;

	sqlite_setup();
	if (slash && slash != dir) {
		*slash = '\0';
		if (make_dir(dir, err)) {
			free(dir);
			return NULL;
		}
	}
	free(dir);
	if (sessions_private(path, err))
		return NULL;
	ss = sc_xcalloc(1, sizeof *ss);
	old = umask(077);
	rc = sqlite3_open_v2(path, &ss->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			     SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(ss->db, busy_ms());
		rc = sqlite3_exec(ss->db, "PRAGMA synchronous = FULL;"
				  "CREATE TABLE IF NOT EXISTS sessions ("
				  "  source TEXT NOT NULL, account TEXT NOT NULL,"
				  "  access TEXT NOT NULL, refresh TEXT NOT NULL, updated_at TEXT NOT NULL,"
				  "  PRIMARY KEY (source, account))", NULL, NULL, NULL);
	}
	umask(old);
	if (rc != SQLITE_OK) {
		buf_printf(err, "cannot open session file %s: %s", path,
			   ss->db ? sqlite3_errmsg(ss->db) : "out of memory");
		sc_sessions_close(ss);
		return NULL;
	}
	return ss;
}

void sc_sessions_close(struct sc_sessions *ss)
{
	if (!ss)
		return;
	sqlite3_close(ss->db);
	free(ss);
}

static void put_col(sqlite3_stmt *q, int col, struct buf *out)
{
	buf_reset(out);
	buf_put(out, sqlite3_column_text(q, col), (size_t)sqlite3_column_bytes(q, col));
	buf_cstr(out);
}

int sc_session_get(struct sc_sessions *ss, const char *source, const char *account,
		   struct buf *access, struct buf *refresh)
{
	sqlite3_stmt *q;
	int found = 0;

	if (sqlite3_prepare_v2(ss->db, "SELECT access, refresh FROM sessions WHERE source = ?1 "
			       "AND account = ?2", -1, &q, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, account, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		put_col(q, 0, access);
		put_col(q, 1, refresh);
		found = 1;
	}
	sqlite3_finalize(q);
	return found;
}

int sc_session_set(struct sc_sessions *ss, const char *source, const char *account,
		   const char *access, const char *refresh, struct buf *err)
{
	sqlite3_stmt *q;
	char now[SC_TIME_MAX];
	int rc;

	rc = sqlite3_prepare_v2(ss->db, access
				? "INSERT INTO sessions (source, account, access, refresh, updated_at) "
				  "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (source, account) DO UPDATE SET "
				  "access = excluded.access, refresh = excluded.refresh, "
				  "updated_at = excluded.updated_at"
				: "DELETE FROM sessions WHERE source = ?1 AND account = ?2", -1, &q, NULL);
	if (rc == SQLITE_OK) {
		now_text(now);
		sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, account, -1, SQLITE_STATIC);
		if (access) {
			sqlite3_bind_text(q, 3, access, -1, SQLITE_STATIC);
			sqlite3_bind_text(q, 4, refresh, -1, SQLITE_STATIC);
			sqlite3_bind_text(q, 5, now, -1, SQLITE_STATIC);
		}
		rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_finalize(q);
	}
	if (rc != SQLITE_OK) {
		buf_printf(err, "cannot save the session: %s", sqlite3_errmsg(ss->db));
		return -1;
	}
	return 0;
}
