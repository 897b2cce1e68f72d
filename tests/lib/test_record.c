/* lines.c and record.c: physical lines and JSON records in, splice out. */
#include <stdlib.h>
#include <unistd.h>

#include "diag.h"
#include "buf.h"
#include "jget.h"
#include "record.h"
#include "tap.h"

static char tmpl[64];

static const char *write_tmp(const char *data, size_t n)
{
	snprintf(tmpl, sizeof tmpl, "/tmp/sc-test-record-XXXXXX");
	int fd = mkstemp(tmpl);
	if (fd < 0 || write(fd, data, n) != (ssize_t)n)
		exit(1);
	close(fd);
	return tmpl;
}

/* Runs rec_splice for every record of data into a string (out: 0 or 1). */
static const char *spliced_by(const char *data, const char *key, const char *val,
			      unsigned long *bad, int lazy, int out_no)
{
	static char outs[2][4096];
	char *out = outs[out_no];
	char *files[] = {(char *)write_tmp(data, strlen(data))};
	FILE *f = fmemopen(out, sizeof outs[0], "w");
	struct recin r;

	recin_open(&r, files, 1, 0);
	r.lazy = lazy;
	while (recin_next(&r))
		rec_splice(f, &r, key, val, strlen(val));
	*bad = r.bad;
	recin_close(&r);
	fclose(f);
	unlink(files[0]);
	return out;
}

static const char *spliced(const char *data, const char *key, const char *val, unsigned long *bad)
{
	return spliced_by(data, key, val, bad, 0, 0);
}

/* A lazy reader (fields in place, the jv made on demand) against the eager
 * one on the same lines: the same records, values, bad lines and splices. */
static void lazy_reader(void)
{
	static const char data[] =
		"{\"id\":\"1\",\"class\":{\"a\":1},\"t\":\"x\"}\n"
		"{\"id\":\"2\",\"t\":\"bad \xff UTF-8\"}\n"
		"{\"id\":\"3\",\"n\":-0,\"z\":0}\n"
		"[1]\n"
		"{\"id\":\"a\\u0000b\"}\n"
		"{\"id\":\"6\",\"x\":1,\"x\":{\"y\":[true,null,2.5]}}\n"
		"\xef\xbb\xbf{\"id\":\"7\"}\n"
		"{\"id\":\"8\"} \n";
	unsigned long bad_eager, bad_lazy;
	const char *eager = spliced_by(data, "class", "{\"b\":2}", &bad_eager, 0, 0);
	const char *lazy = spliced_by(data, "class", "{\"b\":2}", &bad_lazy, 1, 1);

	is_str(lazy, eager, "lazy reader: the same splices");
	ok(bad_lazy == 2 && bad_eager == 2, "lazy reader: the same bad lines (%lu, %lu)", bad_lazy, bad_eager);

	char *files[] = {(char *)write_tmp(data, sizeof data - 1)};
	struct recin a, b;
	int same = 1, simd = 0, n = 0;
	recin_open(&a, files, 1, 0);
	recin_open(&b, files, 1, 0);
	b.lazy = 1;
	while (recin_next(&a)) {
		same &= recin_next(&b) && a.doc.kind == JV_KIND_OBJECT && b.doc.kind == JV_KIND_OBJECT;
		simd += b.doc.simd;
		struct jval x = jval_path(&b.doc, "x.y"), id = jval_get(&b.doc, "id", 2);
		jv want = jget(a.v, "x.y");
		size_t idn;
		same &= x.kind == (int)(jv_get_kind(want) == JV_KIND_NULL ? JV_KIND_INVALID : jv_get_kind(want));
		same &= jval_str(&id, &idn) && jv_equal(jget(a.v, "id"), jv_string_sized(jval_str(&id, &idn), (int)idn));
		same &= jv_equal(jv_copy(a.v), jv_copy(recin_jv(&b)));
		/* several members in one walk: what jval_get gives each, the
		 * last of a repeated key (record 6's "x"), absent ones absent */
		static const char *const keys[] = {"id", "x", "t", "nope", "n"};
		struct jval mb[5], ma[5];
		jval_members(&b.doc, keys, 5, mb);
		jval_members(&a.doc, keys, 5, ma);
		for (int i = 0; i < 5; i++) {
			struct jval g = jval_get(&b.doc, keys[i], strlen(keys[i]));
			same &= mb[i].kind == g.kind && ma[i].kind == g.kind;
			if (g.kind != JV_KIND_INVALID) {
				jv x1 = jval_jv(&mb[i]), x2 = jval_jv(&g), x3 = jval_jv(&ma[i]);
				same &= jv_equal(jv_copy(x1), x2) && jv_equal(x1, x3);
			}
		}
		jv_free(want);
		n++;
	}
	same &= !recin_next(&b);
	ok(same && n == 6 && simd == 3,
	   "lazy reader: %d records, %d read in place, values, members and jv as the eager reader's", n, simd);
	recin_close(&a);
	recin_close(&b);
	unlink(files[0]);
}

int main(void)
{
	struct lines l;
	char *line;
	size_t len;
	unsigned long bad;

	/* lines: BOM, CRLF, no final newline, long lines */
	{
		struct buf big = BUF_INIT;
		buf_puts(&big, "\xef\xbb\xbf" "first\r\nsecond\n\n");
		for (int i = 0; i < 300000; i++)
			buf_putc(&big, 'x');
		buf_puts(&big, "\nlast");
		char *files[] = {(char *)write_tmp(big.p, big.len)};
		lines_open(&l, files, 1);
		ok(lines_next(&l, &line, &len) && len == 5 && memcmp(line, "first", 5) == 0,
		   "BOM and CR removed from the first line");
		ok(lines_next(&l, &line, &len) && len == 6 && l.lineno == 2, "second line, numbered 2");
		ok(lines_next(&l, &line, &len) && len == 0, "empty line returned as such");
		ok(lines_next(&l, &line, &len) && len == 300000 && line[len] == '\0',
		   "a 300 KB line comes whole");
		ok(lines_next(&l, &line, &len) && len == 4 && l.lineno == 5, "last line without newline");
		ok(!lines_next(&l, &line, &len), "then the end");
		lines_close(&l);
		unlink(files[0]);
		buf_free(&big);
	}
	{
		char *files[] = {"/nonexistent/file", (char *)write_tmp("a\n", 2)};
		FILE *saved = stderr;
		stderr = fopen("/dev/null", "w");
		lines_open(&l, files, 2);
		ok(lines_next(&l, &line, &len) && strcmp(l.name, files[1]) == 0,
		   "a missing file is skipped, the next one read");
		ok(l.err == 1, "and counted as an error");
		fclose(stderr);
		stderr = saved;
		lines_close(&l);
		unlink(files[1]);
	}

	/* records and splicing */
	is_str(spliced("{\"id\":\"x:1\",\"n\":1}\n", "class", "{\"a\":1}", &bad),
	       "{\"id\":\"x:1\",\"n\":1,\"class\":{\"a\":1}}\n", "key spliced before the brace");
	is_str(spliced("{\"id\":\"x:1\",\"big\":1750000000000007919}\n", "k", "2", &bad),
	       "{\"id\":\"x:1\",\"big\":1750000000000007919,\"k\":2}\n",
	       "untouched fields keep their bytes (no double rounding)");
	is_str(spliced("  {\"a\": 1 }  \r\n", "k", "true", &bad), "  {\"a\": 1,\"k\":true}\n",
	       "blanks around the object and CRLF handled");
	is_str(spliced("{}\n", "k", "1", &bad), "{\"k\":1}\n", "empty object gets no comma");
	is_str(spliced("{\"k\":0,\"a\":1}\n", "k", "[1]", &bad), "{\"k\":[1],\"a\":1}\n",
	       "an existing key is replaced, not duplicated");

	FILE *saved = stderr;
	char errs[2048] = "";
	stderr = fmemopen(errs, sizeof errs, "w");
	sc_progname = "sc-test";
	const char *out = spliced("{\"a\":1}\n\nnot json\n[1,2]\n{\"b\":2\n{\"c\":3}\n", "k", "0", &bad);
	fclose(stderr);
	stderr = saved;
	is_str(out, "{\"a\":1,\"k\":0}\n{\"c\":3,\"k\":0}\n", "good lines pass, bad ones are skipped");
	is_int(bad, 3, "three bad lines counted (blank line is not bad)");
	ok(strstr(errs, ":3: invalid JSON") != NULL, "line 3 reported with its number");
	ok(strstr(errs, ":4: not a JSON object but array") != NULL, "an array is reported");
	ok(strstr(errs, ":5: invalid JSON") != NULL, "an unfinished object is reported");
	ok(strstr(errs, "while parsing") == NULL, "libjq's quote of the line is cut");

	{
		static const char text[] = "{\"a\":1}\nbad\n{\"c\":3}\n";
		char *files[] = {(char *)write_tmp(text, sizeof text - 1)};
		struct recin r;
		stderr = fopen("/dev/null", "w");
		recin_open(&r, files, 1, 1);
		int n = 0;
		while (recin_next(&r))
			n++;
		fclose(stderr);
		stderr = saved;
		is_int(n, 1, "strict mode stops at the first bad line");
		ok(r.stopped && recin_status(&r) == 1, "and says so");
		recin_close(&r);
		unlink(files[0]);
	}
	/* sc-route's lines that are not messages, by their "type" */
	ok(rec_control_type("resolve", 7) && rec_control_type("handover", 8), "resolve and handover");
	ok(!rec_control_type("resolved", 8) && !rec_control_type("resolve", 6) &&
	   !rec_control_type("message", 7) && !rec_control_type("", 0), "nothing else, no prefix");
	/* which messages ask for a reply: needs_reply, else the intent, else yes */
	ok(rec_needs_reply("in", JV_KIND_INVALID, NULL), "an unclassified inbound message needs a reply");
	ok(rec_needs_reply("in", JV_KIND_INVALID, "question") && rec_needs_reply("in", JV_KIND_NULL, "complaint"),
	   "so does a question or a complaint");
	ok(!rec_needs_reply("in", JV_KIND_INVALID, "praise") && !rec_needs_reply("in", JV_KIND_INVALID, "chatter") &&
	   !rec_needs_reply("in", JV_KIND_INVALID, "spam"), "praise, chatter and spam do not");
	ok(rec_needs_reply("in", JV_KIND_TRUE, "praise") && !rec_needs_reply("in", JV_KIND_FALSE, "question"),
	   "class.needs_reply, a boolean, decides over the intent");
	ok(!rec_needs_reply("out", JV_KIND_TRUE, NULL) && !rec_needs_reply(NULL, JV_KIND_INVALID, NULL),
	   "the brand's own messages, or without a direction, never");
	/* keys of the state holding a NUL: named; a NUL elsewhere is no matter */
	static const struct {
		const char *line, *want;
	} nul[] = {
		{"{\"id\":\"x:1\\u0000a\"}", "id"},
		{"{\"id\":\"x:1\",\"conversation_id\":\"\\u0000\"}", "conversation_id"},
		{"{\"id\":\"x:1\",\"author\":{\"id\":\"x:\\u0000\"}}", "author.id"},
		{"{\"author\":{\"id\":\"x:2\",\"handle\":\"a\\u0000\"}}", "author.handle"},
		{"{\"id\":\"x:1\",\"text\":\"\\u0000\",\"author\":\"\\u0000\"}", NULL},
		{"{\"id\":\"x:1\\\\u0000\"}", NULL}, /* an escaped backslash, then u0000 */
	};
	for (size_t i = 0; i < sizeof nul / sizeof nul[0]; i++) {
		jv v = jv_parse(nul[i].line);
		struct jval d = jval_of_jv(v);
		const char *got = rec_nul_key(&d, nul[i].line, strlen(nul[i].line));
		is_str(got ? got : "(none)", nul[i].want ? nul[i].want : "(none)", "NUL key of %s", nul[i].line);
		jv_free(v);
		/* the same read in place from simdjson's document */
		struct jparse jp = JPARSE_INIT;
		jparse_doc(&jp, nul[i].line, strlen(nul[i].line), 0, &d, &v);
		got = rec_nul_key(&d, nul[i].line, strlen(nul[i].line));
		is_str(got ? got : "(none)", nul[i].want ? nul[i].want : "(none)", "NUL key of %s, in place (%s)",
		       nul[i].line, d.simd ? "simdjson" : "libjq");
		jv_free(v);
		jparse_free(&jp);
	}
	lazy_reader();
	return tap_done();
}
