/* An X "Download your archive" export: JavaScript files that assign one
 * JSON array each ("window.YTD.tweets.part0 = [ … ]"). The assignment is
 * skipped and the array read with libjq's streaming parser, element by
 * element, so a file of any size never sits in memory whole. Each tweet or
 * direct message goes through import.c like an archive row. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jv.h>

#include "diag.h"
#include "import_xarchive.h"
#include "jscrub.h"
#include "sctime.h"

#define CHUNK 65536

typedef void (*elem_fn)(struct xarchive *x, jv elem, const char *file, unsigned long idx);

/* libjq 1.6's streaming parser asserts, and so aborts, on some broken
 * input: {"":false,"", (a key without its ':' after a member; found by
 * fz_xarchive). A broken archive file must be reported, not end the run, so
 * the abort is caught while the parser works on a chunk and jumped out of.
 * The parser is then in no known state: it is set aside, never used or
 * freed again (kept reachable, so leak checkers do not count it). The
 * element being built is ours and whole up to the last event: freed. */
static sigjmp_buf parser_abort;
static jv_parser **abandoned;
static size_t nabandoned;

static void on_abort(int sig)
{
	(void)sig;
	siglongjmp(parser_abort, 1);
}

static void abandon(jv_parser *p)
{
	abandoned = sc_xrealloc(abandoned, (nabandoned + 1) * sizeof *abandoned);
	abandoned[nabandoned++] = p;
}

static void bad(struct xarchive *x, const char *file, unsigned long idx, const char *what);

/* One whole element, which ends at offset end of the text given to the
 * parser: to fn, or reported when the scrubber mended bytes in it. */
static void element(struct xarchive *x, struct jscrub *j, unsigned long long end, jv e,
		    const char *path, elem_fn fn, unsigned long idx)
{
	const char *why = jscrub_take(j, end);
	char msg[96];

	if (!why) {
		fn(x, e, path, idx);
		return;
	}
	snprintf(msg, sizeof msg, "%s: skipped", why);
	bad(x, path, idx, msg);
	jv_free(e);
}

/* Feeds one chunk (at offset base of the parser's text, mended by j) to p
 * and hands each whole element on. Returns 0, 1 when the import was
 * stopped (--strict), -1 when libjq aborted. */
static int parse_chunk(struct xarchive *x, jv_parser *p, const char *s, int n, const char *path,
		       elem_fn fn, unsigned long *idx, jv *elem, struct jscrub *j,
		       unsigned long long base)
{
	struct sigaction sa = {.sa_handler = on_abort}, old;
	volatile int rc = 0; /* set after sigsetjmp */

	sigemptyset(&sa.sa_mask);
	sigaction(SIGABRT, &sa, &old);
	if (sigsetjmp(parser_abort, 1)) {
		sigaction(SIGABRT, &old, NULL);
		return -1;
	}
	jv_parser_set_buf(p, s, n, 1);
	jv ev;
	while (jv_is_valid(ev = jv_parser_next(p))) {
		jv path_ = jv_array_get(jv_copy(ev), 0);
		int depth = jv_array_length(jv_copy(path_));
		int leaf = jv_array_length(jv_copy(ev)) == 2;
		unsigned long long end = base + (unsigned long long)(n - jv_parser_remaining(p));
		if (leaf && depth == 1) { /* a whole element that is a scalar or empty */
			element(x, j, end, jv_array_get(jv_copy(ev), 1), path, fn, (*idx)++);
		} else if (leaf) {
			*elem = jv_setpath(*elem, jv_array_slice(jv_copy(path_), 1, depth),
					   jv_array_get(jv_copy(ev), 1));
		} else if (depth == 2) { /* the element closed */
			element(x, j, end, *elem, path, fn, (*idx)++);
			*elem = jv_null();
		}
		jv_free(path_);
		jv_free(ev);
		if (x->imp->stopped) {
			rc = 1;
			ev = jv_invalid();
			break;
		}
	}
	/* An error ends the loop with the chunk not read to its end: the file
	 * is broken there (feeding the parser more would abort in libjq). */
	if (!rc && (jv_invalid_has_msg(jv_copy(ev)) || jv_parser_remaining(p)))
		rc = -1;
	jv_free(ev);
	sigaction(SIGABRT, &old, NULL);
	return rc;
}

/* Reads the archive file at path, calling fn for every element of its
 * array. name receives the part of "window.YTD.<name>.partN". Returns 0, or
 * -1 when the file is not an archive file or is cut short (reported). */
static int stream_file(struct xarchive *x, const char *path, char *name, size_t cap, elem_fn fn)
{
	char *buf = sc_xmalloc(CHUNK);
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1, started = 0;
	jv_parser *p = jv_parser_new(JV_PARSE_STREAMING);
	jv elem = jv_null();
	unsigned long idx = 0;
	struct jscrub j = JSCRUB_INIT;
	size_t carry = 0;
	ssize_t n;

	name[0] = '\0';
	if (fd < 0) {
		sc_warn("%s:", path);
		goto out;
	}
	for (;;) {
		n = read(fd, buf + carry, CHUNK - carry);
		if (n < 0 && errno == EINTR)
			continue;
		int eof = n <= 0;
		size_t have = carry + (n > 0 ? (size_t)n : 0), len, done;
		char *s = buf;
		if (eof && !carry)
			break;
		if (!started) {
			/* "window.YTD.<name>.part0 = [" : everything before '[' is the
			 * assignment; a UTF-8 BOM before it is passed over */
			const char *pre = "window.YTD.";
			if (have >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
				s += 3;
			char *eq = memchr(s, '=', have - (size_t)(s - buf));
			if (have - (size_t)(s - buf) < strlen(pre) || memcmp(s, pre, strlen(pre)) != 0 || !eq) {
				sc_warn_at(path, 1, "not an X archive file (it does not start with window.YTD.…)");
				goto out;
			}
			size_t nl = strcspn(s + strlen(pre), ". =");
			snprintf(name, cap, "%.*s", (int)nl, s + strlen(pre));
			s = eq + 1;
			started = 1;
		}
		len = have - (size_t)(s - buf);
		done = jscrub(&j, s, len, eof);
		int r = parse_chunk(x, p, s, (int)done, path, fn, &idx, &elem, &j, j.off - done);
		if (r > 0)
			goto out;
		if (r < 0) {
			sc_warn("%s: element %lu: the file is broken where libjq's streaming parser "
				"gives up (the rest of the file is not read)", path, idx);
			abandon(p);
			p = NULL;
			x->imp->bad++;
			goto out;
		}
		carry = len - done; /* an escape cut by the chunk's end: read again whole */
		memmove(buf, s + done, carry);
		if (eof)
			break;
	}
	jv_parser_set_buf(p, "", 0, 0);
	jv last = jv_parser_next(p);
	if (jv_is_valid(last)) { /* an event after the end: the array did not end right */
		jv_free(last);
		last = jv_invalid_with_msg(jv_string("the array does not end where it should"));
	}
	if (jv_invalid_has_msg(jv_copy(last))) {
		jv msg = jv_invalid_get_msg(last);
		sc_warn("%s: element %lu: the file is cut short or broken: %s", path, idx,
			jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "invalid JSON");
		jv_free(msg);
		x->imp->bad++;
		goto out;
	}
	jv_free(last);
	if (!started) {
		sc_warn_at(path, 1, "not an X archive file (empty)");
		goto out;
	}
	rc = 0;
out:
	jv_free(elem);
	jscrub_free(&j);
	if (p)
		jv_parser_free(p);
	if (fd >= 0)
		close(fd);
	free(buf);
	return rc;
}

/* o's member k (o borrowed, the result owned); null when o is not an
 * object (an archive is input: any element can be any JSON). */
static jv member(jv o, const char *k)
{
	return jv_get_kind(o) == JV_KIND_OBJECT ? jv_object_get(jv_copy(o), jv_string(k)) : jv_null();
}

/* A string at a path of object keys, or NULL; the bytes belong to o. */
static const char *str(jv o, const char *a, const char *b, size_t *n)
{
	jv v = member(o, a);
	const char *s = NULL;

	if (b) {
		jv in = member(v, b);
		jv_free(v);
		v = in;
	}
	if (jv_get_kind(v) == JV_KIND_STRING) {
		s = jv_string_value(v);
		if (n)
			*n = (size_t)jv_string_length_bytes(jv_copy(v));
	}
	jv_free(v); /* o still holds the string */
	return s;
}

static struct imp_val val(const char *s)
{
	return (struct imp_val){s, s ? strlen(s) : 0};
}

/* A string of the archive with its length: a NUL (\u0000) in it reaches
 * import.c, which refuses it, instead of cutting the value there. */
static struct imp_val sval(jv o, const char *a, const char *b)
{
	struct imp_val v = {NULL, 0};

	v.p = str(o, a, b, &v.n);
	return v;
}

static int has_nul(struct imp_val v)
{
	return v.p && memchr(v.p, '\0', v.n);
}

static void bad(struct xarchive *x, const char *file, unsigned long idx, const char *what)
{
	sc_warn("%s: element %lu: %s", file, idx, what);
	x->imp->rows++;
	x->imp->bad++;
	if (x->imp->strict)
		x->imp->stopped = 1;
}

static void account_elem(struct xarchive *x, jv e, const char *file, unsigned long idx)
{
	struct imp_val id = sval(e, "account", "accountId"), handle = sval(e, "account", "username");
	const char *name = str(e, "account", "accountDisplayName", NULL);

	if (!id.p || !handle.p) {
		bad(x, file, idx, "account without accountId or username");
	} else if (has_nul(id) || has_nul(handle)) {
		bad(x, file, idx, "account whose accountId or username holds a NUL character (\\u0000)");
	} else if (!x->brand_id) {
		x->brand_id = sc_xstrdup(id.p);
		x->handle = sc_xstrdup(handle.p);
		x->name = name ? sc_xstrdup(name) : NULL;
	}
	jv_free(e);
}

static void tweet_elem(struct xarchive *x, jv e, const char *file, unsigned long idx)
{
	struct imp_val v[IF_NFIELDS] = {{0}};
	char url[256];
	const char *id = str(e, "tweet", "id_str", NULL);

	if (!id || !str(e, "tweet", "created_at", NULL) || !str(e, "tweet", "full_text", NULL)) {
		bad(x, file, idx, "tweet without id_str, created_at or full_text");
		jv_free(e);
		return;
	}
	snprintf(url, sizeof url, "https://x.com/%s/status/%s", x->handle, id);
	v[IF_ID] = sval(e, "tweet", "id_str");
	v[IF_CREATED] = sval(e, "tweet", "created_at");
	v[IF_TEXT] = sval(e, "tweet", "full_text");
	v[IF_PARENT] = sval(e, "tweet", "in_reply_to_status_id_str");
	v[IF_LANG] = sval(e, "tweet", "lang");
	v[IF_HANDLE] = val(x->handle);
	v[IF_AUTHOR_ID] = val(x->brand_id);
	v[IF_NAME] = val(x->name);
	v[IF_ACCOUNT] = val(x->handle);
	v[IF_DIRECTION] = val("out");
	v[IF_CHANNEL] = val("public");
	v[IF_URL] = val(url);
	imp_row(x->imp, v, file, idx + 1);
	x->tweets++;
	jv_free(e);
}

static int by_time(const void *a, const void *b)
{
	const jv *x = a, *y = b;
	size_t n;
	const char *s = str(*x, "messageCreate", "createdAt", &n), *t = str(*y, "messageCreate", "createdAt", &n);

	return strcmp(s ? s : "", t ? t : "");
}

/* One conversation: its messages come newest first; each brand message is
 * linked to the customer message it follows, so DM response times can be
 * measured. */
static void dm_elem(struct xarchive *x, jv e, const char *file, unsigned long idx)
{
	jv conv = member(e, "dmConversation");
	const char *cid = str(conv, "conversationId", NULL, NULL);
	jv msgs = member(conv, "messages");
	char last_in[64] = "";

	if (!cid || jv_get_kind(msgs) != JV_KIND_ARRAY) {
		bad(x, file, idx, "conversation without conversationId or messages");
		goto out;
	}
	int n = jv_array_length(jv_copy(msgs));
	jv *m = sc_xcalloc((size_t)n + 1, sizeof *m);
	int k = 0;
	for (int i = 0; i < n; i++) {
		jv one = jv_array_get(jv_copy(msgs), i);
		if (str(one, "messageCreate", "createdAt", NULL))
			m[k++] = one; /* joins, leaves and renames are no messages */
		else
			jv_free(one);
	}
	qsort(m, (size_t)k, sizeof *m, by_time);
	for (int i = 0; i < k; i++) {
		struct imp_val v[IF_NFIELDS] = {{0}};
		struct imp_val id = sval(m[i], "messageCreate", "id");
		struct imp_val sender = sval(m[i], "messageCreate", "senderId");
		if (!id.p || !sender.p) {
			bad(x, file, idx, "direct message without id or senderId");
			continue;
		}
		int out = strcmp(sender.p, x->brand_id) == 0 && !has_nul(sender);
		v[IF_ID] = id;
		v[IF_CREATED] = sval(m[i], "messageCreate", "createdAt");
		v[IF_TEXT] = sval(m[i], "messageCreate", "text");
		if (!v[IF_TEXT].p)
			v[IF_TEXT] = val("");
		v[IF_HANDLE] = out ? val(x->handle) : sender;
		v[IF_AUTHOR_ID] = sender;
		v[IF_NAME] = val(out ? x->name : NULL);
		v[IF_ACCOUNT] = val(x->handle);
		v[IF_DIRECTION] = val(out ? "out" : "in");
		v[IF_CHANNEL] = val("private");
		v[IF_CONV] = sval(conv, "conversationId", NULL);
		v[IF_PARENT] = val(out && *last_in ? last_in : NULL);
		if (!out && !has_nul(id)) /* an id refused is no message to answer */
			snprintf(last_in, sizeof last_in, "%s", id.p);
		imp_row(x->imp, v, file, idx + 1);
		x->dms++;
	}
	for (int i = 0; i < k; i++)
		jv_free(m[i]);
	free(m);
out:
	jv_free(msgs);
	jv_free(conv);
	jv_free(e);
}

static void count_elem(struct xarchive *x, jv e, const char *file, unsigned long idx)
{
	(void)file;
	(void)idx;
	x->deleted++;
	jv_free(e);
}

static void ignore_elem(struct xarchive *x, jv e, const char *file, unsigned long idx)
{
	(void)x;
	(void)file;
	(void)idx;
	jv_free(e);
}

/* Which files of the archive are read, by their window.YTD name. */
static elem_fn by_name(const char *name)
{
	if (strcmp(name, "tweets") == 0 || strcmp(name, "tweet") == 0)
		return tweet_elem;
	if (strcmp(name, "direct_messages") == 0 || strcmp(name, "direct_messages_group") == 0)
		return dm_elem;
	if (strcmp(name, "deleted_tweets") == 0)
		return count_elem;
	if (strcmp(name, "account") == 0)
		return account_elem;
	return NULL;
}

static int file_kind(const char *path)
{
	const char *b = strrchr(path, '/');

	b = b ? b + 1 : path;
	if (strncmp(b, "account", 7) == 0)
		return 0;
	if (strncmp(b, "tweets", 6) == 0 || strncmp(b, "direct-messages", 15) == 0 ||
	    strncmp(b, "deleted-tweets", 14) == 0)
		return 1;
	return -1;
}

int xarchive_file(struct xarchive *x, const char *path)
{
	char name[64];
	int first = !x->brand_id;

	/* the brand comes first: from account.js beside the file */
	if (first && file_kind(path) != 0) {
		char dir[4096];
		const char *slash = strrchr(path, '/');
		snprintf(dir, sizeof dir, "%.*s/account.js", slash ? (int)(slash - path) : 1,
			 slash ? path : ".");
		if (access(dir, R_OK) == 0)
			stream_file(x, dir, name, sizeof name, account_elem);
		if (!x->brand_id) {
			sc_warn("%s: no account.js beside it: the brand's id and handle are needed "
				"(give the archive's data/ folder, or account.js first)", path);
			return -1;
		}
	}
	/* The file's kind is its window.YTD name, on its first line. */
	FILE *f = fopen(path, "r");
	char head[128] = "";
	if (!f) {
		sc_warn("%s:", path);
		return -1;
	}
	if (!fgets(head, sizeof head, f))
		head[0] = '\0';
	fclose(f);
	const char *pre = "window.YTD.", *h = head + (memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0);
	elem_fn fn = ignore_elem;
	if (strncmp(h, pre, strlen(pre)) == 0) {
		size_t len = strcspn(h + strlen(pre), ". =");
		snprintf(name, sizeof name, "%.*s", (int)len, h + strlen(pre));
		fn = by_name(name) ? by_name(name) : ignore_elem;
	}
	return stream_file(x, path, name, sizeof name, fn);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int xarchive_dir(struct xarchive *x, const char *dir)
{
	DIR *d = opendir(dir);
	char *names[1024], path[4096];
	int n = 0, rc = 0;
	struct dirent *de;

	if (!d) {
		sc_warn("%s:", dir);
		return -1;
	}
	while ((de = readdir(d)) && n < 1024) {
		size_t len = strlen(de->d_name);
		if (file_kind(de->d_name) >= 0 && len > 3 && strcmp(de->d_name + len - 3, ".js") == 0)
			names[n++] = sc_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof *names, cmp_str); /* account.js first */
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (!x->imp->stopped && xarchive_file(x, path))
			rc = -1;
		free(names[i]);
	}
	if (!n) {
		sc_warn("%s: no archive files (tweets.js, direct-messages.js, account.js) in it", dir);
		rc = -1;
	}
	return rc;
}

void xarchive_free(struct xarchive *x)
{
	free(x->brand_id);
	free(x->handle);
	free(x->name);
}
