/* jsimd.cc against libjq: the differential test of the fast parser.
 *
 * For every line of the project's corpora (tests/data, examples, fuzz seeds
 * and regressions, the hostile lines of tests/hostile/020 below, bench/gen
 * records, $SC_SHARED's labeled lines and recorded API answers whole) and
 * for hand-made edge cases: when simdjson takes a line, its jv must be
 * jv_equal to jv_parse_sized's and dump to the same text (key order, -0,
 * rounding); when it does not, jparse_line must still give jv_parse_sized's
 * value or message. The in-place reader (jparse_doc, jval.h) on the same
 * lines: every value of a line it reads from simdjson's document (strings'
 * bytes, numbers' bits, array lengths and elements, each member by its key,
 * the last of duplicates) is libjq's, and the jv it makes of the document
 * is libjq's; a line it leaves to libjq reads libjq's value or error. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jparse.h"
#include "jsimd.h"
#include "jval.h"
#include "lines.h"
#include "tap.h"

static struct jparse jp = JPARSE_INIT;
static struct jsimd *js;

/* A parse result as text: the dump of a value, or "!" and the message. */
static char *text(jv v)
{
	jv s = jv_is_valid(v) ? jv_dump_string(jv_copy(v), 0) : jv_invalid_get_msg(jv_copy(v));
	const char *p = jv_get_kind(s) == JV_KIND_STRING ? jv_string_value(s) : "?";
	size_t n = strlen(p);
	char *t = malloc(n + 2);

	t[0] = jv_is_valid(v) ? '=' : '!';
	memcpy(t + 1, p, n + 1);
	jv_free(s);
	return t;
}

struct tally {
	unsigned long lines, simd, bad, inplace;
};

/* Whether g reads as w, all the way down. */
static int reads(jv w, const struct jval *g)
{
	int k = jv_get_kind(w), same = 1;

	if (g->kind != k)
		return 0;
	switch (k) {
	case JV_KIND_STRING: {
		size_t n;
		const char *s = jval_str(g, &n);
		return s && n == (size_t)jv_string_length_bytes(jv_copy(w)) &&
		       !memcmp(s, jv_string_value(w), n) && s[n] == 0;
	}
	case JV_KIND_NUMBER: {
		double a = jval_num(g), b = jv_number_value(w);
		return !memcmp(&a, &b, sizeof a);
	}
	case JV_KIND_ARRAY: {
		size_t n = jval_len(g);
		if (n != (size_t)jv_array_length(jv_copy(w)) || jval_at(g, n).kind != JV_KIND_INVALID)
			return 0;
		for (size_t i = 0; i < n && same; i++) {
			jv e = jv_array_get(jv_copy(w), (int)i);
			struct jval ge = jval_at(g, i);
			same = reads(e, &ge);
			jv_free(e);
		}
		return same;
	}
	case JV_KIND_OBJECT:
		jv_object_foreach(w, key, val) {
			struct jval gv = jval_get(g, jv_string_value(key),
						  (size_t)jv_string_length_bytes(jv_copy(key)));
			same &= reads(val, &gv);
			jv_free(key);
			jv_free(val);
		}
		return same && jval_get(g, "\x01none", 5).kind == JV_KIND_INVALID;
	}
	return 1;
}

/* s through jparse_doc (in place, the line padded as lines.c pads it):
 * whether it reads as libjq's want (its text wt); *inplace when simdjson's
 * document was read. */
static int check_inplace(const char *s, size_t n, jv want, const char *wt, int *inplace)
{
	char *pad = malloc(n + LINES_PAD);
	struct jval d;
	jv v;
	int same;

	memcpy(pad, s, n);
	memset(pad + n, 'x', LINES_PAD); /* whatever follows: the next line */
	jparse_doc(&jp, pad, n, 1, &d, &v);
	*inplace = d.simd;
	if (!jv_is_valid(want)) {
		char *gt = text(v);
		same = !d.simd && d.kind == JV_KIND_INVALID && !strcmp(gt, wt);
		free(gt);
	} else {
		jv made = jval_jv(&d);
		char *mt = text(made);
		/* jv_equal only for simdjson's: libjq's nan equals nothing */
		same = reads(want, &d) && (!d.simd || jv_equal(jv_copy(want), jv_copy(made))) &&
		       !strcmp(mt, wt);
		jv_free(made);
		free(mt);
	}
	jv_free(v);
	free(pad);
	return same;
}

/* One line through both paths; returns whether simdjson took it, -1 when
 * a path disagrees with libjq (said in a diagnostic). */
static int check(const char *s, size_t n, const char *where, struct tally *t)
{
	jv want = jv_parse_sized(s, (int)n), fast = jv_invalid(), got;
	int took = jsimd_parse(js, s, n, &fast), same = 1;
	char *wt = text(want), *ft = NULL, *gt;

	if (took) {
		ft = text(fast);
		same = jv_is_valid(want) && jv_equal(jv_copy(want), jv_copy(fast)) && !strcmp(wt, ft);
	}
	got = jparse_line(&jp, s, n);
	gt = text(got);
	same &= !strcmp(wt, gt);
	int inplace, read_same = check_inplace(s, n, want, wt, &inplace);
	if (!read_same && t->bad < 5)
		printf("# %s: read in place (%s) not as libjq\n", where, inplace ? "simdjson" : "libjq");
	same &= read_same && (!inplace || took); /* the lines jsimd_parse takes, or fewer */
	t->inplace += inplace;
	t->lines++;
	t->simd += took;
	if (!same && t->bad++ < 5)
		printf("# %s: %s\n#   libjq:    %.300s\n#   simdjson: %.300s\n#   jparse:   %.300s\n",
		       where, took ? "taken by simdjson" : "left to libjq", wt, ft ? ft : "-", gt);
	free(wt);
	free(ft);
	free(gt);
	jv_free(want);
	jv_free(fast);
	jv_free(got);
	return same ? took : -1;
}

static void check_lines(const char *buf, size_t len, const char *name, struct tally *t)
{
	char where[600];
	unsigned long no = 0;

	for (const char *p = buf; p < buf + len;) {
		const char *e = memchr(p, '\n', (size_t)(buf + len - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(buf + len - p);
		const char *next = e ? e + 1 : buf + len;
		no++;
		if (n && p[n - 1] == '\r') /* lines.c hands lines over without their CR */
			n--;
		int blank = 1;
		for (size_t i = 0; i < n; i++)
			blank &= p[i] == ' ' || p[i] == '\t';
		if (!blank) { /* record.c skips those: libjq would call them errors */
			snprintf(where, sizeof where, "%s:%lu", name, no);
			check(p, n, where, t);
		}
		p = next;
	}
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 65536 > cap)
			b = realloc(b, cap = 2 * cap + 65536);
		r = fread(b + n, 1, 65536, f);
		n += r;
	} while (r > 0);
	fclose(f);
	*len = n;
	return b;
}

/* Every line of every file in dir (and its subdirectories), or each file
 * whole. */
static void walk(const char *dir, int whole, struct tally *t)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1024];

	if (!d)
		return;
	while ((e = readdir(d))) {
		/* libjq 1.6 itself leaks on these (fuzz/lsan.supp): under
		 * LeakSanitizer the test would fail on libjq's parse, not ours;
		 * tests/hostile/010 replays them with the suppressions. */
		if (e->d_name[0] == '.' || !strncmp(e->d_name, "leak-", 5))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		size_t len;
		char *b;
		DIR *sub = opendir(path);
		if (sub) {
			closedir(sub);
			walk(path, whole, t);
			continue;
		}
		const char *dot = strrchr(e->d_name, '.');
		if (whole && (!dot || strcmp(dot, ".json")))
			continue;
		if (!whole && dot && (!strcmp(dot, ".csv") || !strcmp(dot, ".ics") || !strcmp(dot, ".md") ||
				      !strcmp(dot, ".txt") || !strcmp(dot, ".model")))
			continue;
		if (!(b = slurp(path, &len)))
			continue;
		if (whole) {
			if (len < (8u << 20))
				check(b, len, path, t);
		} else {
			check_lines(b, len, path, t);
		}
		free(b);
	}
	closedir(d);
}

static void corpus(const char *what, const char *dir, int whole, unsigned long min_simd)
{
	struct tally t = {0, 0, 0, 0};

	walk(dir, whole, &t);
	ok(t.bad == 0 && t.lines > 0 && t.simd >= min_simd && t.inplace >= min_simd,
	   "%s: %lu %s, %lu taken by simdjson (%lu read in place), every one as libjq parses it",
	   what, t.lines, whole ? "files" : "lines", t.simd, t.inplace);
}

struct edge {
	const char *what, *s;
	size_t n;       /* 0: strlen */
	int simd;       /* simdjson takes it: 1, leaves it to libjq: 0, either: -1 */
	const char *want; /* libjq's dump ("=...") or message ("!..."), or NULL */
};

static void edge(const struct edge *e)
{
	struct tally t = {0, 0, 0, 0};
	size_t n = e->n ? e->n : strlen(e->s);
	int took = check(e->s, n, e->what, &t);

	ok(took >= 0, "%s: as libjq", e->what);
	if (e->simd >= 0)
		ok(took == e->simd, "%s: %s", e->what, e->simd ? "taken by simdjson" : "left to libjq");
	if (e->want) {
		jv v = jparse_line(&jp, e->s, n);
		char *got = text(v);
		is_str(got, e->want, "%s: the value", e->what);
		free(got);
		jv_free(v);
	}
}

static char *nested(int depth, char **buf)
{
	char *s = malloc(2 * (size_t)depth + 1);

	for (int i = 0; i < depth; i++) {
		s[i] = '[';
		s[2 * depth - 1 - i] = ']';
	}
	s[2 * depth] = 0;
	return *buf = s;
}

/* {"t":"xxx…"} of n bytes. */
static char *long_line(size_t n, char **buf)
{
	char *s = malloc(n + 1);

	memset(s, 'x', n);
	memcpy(s, "{\"t\":\"", 6);
	memcpy(s + n - 2, "\"}", 2);
	s[n] = 0;
	return *buf = s;
}

int main(void)
{
	char *d256, *d257, *d10k, *longest, *toolong;
	char many[512];
	int m = 0;

	js = jsimd_new();
	ok(js != NULL, "a simdjson parser");
	for (int i = 0; i < 20; i++)
		m += snprintf(many + m, sizeof many - (size_t)m, "%s\"k%d\":%d", i ? "," : "{", i, i);
	snprintf(many + m, sizeof many - (size_t)m, ",\"k3\":\"again\",\"k0\":[]}");

	const struct edge edges[] = {
		{"duplicate keys", "{\"a\":1,\"b\":2,\"a\":3}", 0, 1, "={\"a\":3,\"b\":2}"},
		{"duplicate keys after a rehash", many, 0, 1, NULL},
		{"2^53+1", "{\"id\":9007199254740993}", 0, 1, "={\"id\":9007199254740992}"},
		{"an id no double holds", "{\"id\":1750000000000007919}", 0, 1, "={\"id\":1750000000000008000}"},
		{"2^64-1", "[18446744073709551615]", 0, 1, NULL},
		{"2^64", "[18446744073709551616]", 0, -1, "=[18446744073709552000]"},
		{"30 digits", "[123456789012345678901234567890]", 0, -1, NULL},
		{"-2^63", "[-9223372036854775808]", 0, 1, NULL},
		{"-2^63-1", "[-9223372036854775809]", 0, -1, NULL},
		{"-0 beside a 0", "{\"a\":-0,\"b\":0}", 0, 0, "={\"a\":-0,\"b\":0}"},
		{"-0 alone", "[ -0 ]", 0, 0, "=[-0]"},
		{"-0.0 beside a 0", "[-0.0,0]", 0, 1, "=[-0,0]"},
		{"-0e5", "-0e5", 0, 1, "=-0"},
		{"a 0 and a date", "{\"n\":0,\"t\":\"2026-01-02T03:04:05Z\"}", 0, 1, NULL},
		{"1e400", "{\"n\":1e400}", 0, 0, "={\"n\":1.7976931348623157e+308}"},
		{"-1e400", "[-1e400]", 0, 0, NULL},
		{"1e-400", "[1e-400,-1e-400]", 0, -1, "=[0,-0]"},
		{"the largest double", "[1.7976931348623157e308]", 0, 1, NULL},
		{"just above it", "[1.7976931348623159e308]", 0, -1, NULL},
		{"the smallest subnormal", "[5e-324,4.9e-324,2.4703282292062328e-324,2.4703282292062327e-324]", 0, -1, NULL},
		{"number forms", "[1E5,1e+5,0.1e1,-1.5e-10,0.30000000000000004,123456789.123456789e-5,1.0]", 0, 1, NULL},
		{"256 nested arrays", nested(256, &d256), 0, 1, NULL},
		{"257 nested arrays", nested(257, &d257), 0, 0, NULL},
		{"10,000 nested arrays", nested(10000, &d10k), 0, 0, NULL},
		{"the longest line simdjson takes", long_line(JSIMD_MAX_LINE, &longest), 0, 1, NULL},
		{"one byte longer: libjq's", long_line(JSIMD_MAX_LINE + 1, &toolong), 0, 0, NULL},
		{"invalid UTF-8", "{\"t\":\"bad \xff\xfe UTF-8\"}", 0, 0, "={\"t\":\"bad \xef\xbf\xbd\xef\xbf\xbd UTF-8\"}"},
		{"an overlong '/'", "{\"t\":\"\xc0\xaf\"}", 0, 0, NULL},
		{"an overlong 3-byte '/'", "{\"t\":\"\xe0\x80\xaf\"}", 0, 0, NULL},
		{"a surrogate in UTF-8", "{\"t\":\"\xed\xa0\x80\"}", 0, 0, NULL},
		{"beyond U+10FFFF", "{\"t\":\"\xf4\x90\x80\x80\"}", 0, 0, NULL},
		{"a lone high surrogate", "{\"t\":\"\\ud800\"}", 0, 0, NULL},
		{"a lone low surrogate", "{\"t\":\"\\udc00x\"}", 0, 0, NULL},
		{"a surrogate pair", "{\"t\":\"\\ud83d\\ude00 \xf0\x9f\x98\x80\"}", 0, 1, NULL},
		{"U+FFFF", "[\"\\uffff\xef\xbf\xbf\"]", 0, 1, NULL},
		{"\\u0000 in a value and a key", "{\"a\\u0000b\":\"x\\u0000y\"}", 0, 1, "={\"a\\u0000b\":\"x\\u0000y\"}"},
		{"a raw NUL in a string", "{\"t\":\"N\0L\"}", 12, 0, NULL},
		{"a raw tab in a string", "{\"t\":\"a\tb\"}", 0, 0, NULL},
		{"a BOM", "\xef\xbb\xbf{\"a\":1}", 0, -1, "={\"a\":1}"},
		{"trailing garbage", "{\"a\":1} x", 0, 0, NULL},
		{"two objects", "{\"a\":1}{\"b\":2}", 0, 0, NULL},
		{"a trailing comma", "{\"a\":1},", 0, 0, NULL},
		{"a comma inside", "{\"a\":1,}", 0, 0, NULL},
		{"cut short", "{\"a\":\"cut", 0, 0, NULL},
		{"blanks around", " \t{\"a\" : [ 1 , 2 ] } \t", 0, 1, "={\"a\":[1,2]}"},
		{"an array", "[1,\"two\",{\"3\":null}]", 0, 1, NULL},
		{"a string", "\"just a string\"", 0, 1, NULL},
		{"a number", "42", 0, 1, "=42"},
		{"true", "true", 0, 1, NULL},
		{"null", "null", 0, 1, NULL},
		{"nan", "{\"n\":nan}", 0, 0, NULL},
		{"leading zeros", "[01]", 0, 0, NULL},
		{"an empty key", "{\"\":{}}", 0, 1, NULL},
		{"escapes", "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"]", 0, 1, NULL},
	};
	for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
		edge(&edges[i]);
	free(d256);
	free(d257);
	free(d10k);
	free(longest);
	free(toolong);

	/* Numbers: random doubles at full precision and random digit strings,
	 * which simdjson and libjq's strtod must round the same way. */
	struct tally t = {0, 0, 0, 0};
	char num[64];
	srand(24);
	for (int i = 0; i < 20000; i++) {
		unsigned long long bits = 0;
		double d;
		for (int k = 0; k < 4; k++)
			bits = bits << 16 ^ (unsigned long long)(rand() & 0xffff);
		memcpy(&d, &bits, sizeof d);
		int n = d != d || d - d != 0 ? snprintf(num, sizeof num, "%d", rand())
					     : snprintf(num, sizeof num, "%.*g", 1 + rand() % 17, d);
		check(num, (size_t)n, num, &t);
		n = snprintf(num, sizeof num, "%s%d%05d%05d%s%d", rand() % 2 ? "-" : "", rand() % 100000,
			     rand() % 100000, rand() % 100000, rand() % 2 ? "e" : "e-", rand() % 330);
		check(num, (size_t)n, num, &t);
	}
	ok(t.bad == 0 && t.simd > 30000, "%lu numbers, %lu taken by simdjson, each as libjq rounds it",
	   t.lines, t.simd);

	/* The hostile lines of tests/hostile/020-records.bats. */
	static const char hostile[] =
		"{\"id\":5,\"source\":\"x\",\"direction\":\"in\",\"created_at\":\"2026-11-24T10:05:00Z\",\"text\":\"number id\"}\n"
		"{\"id\":1750000000000007919,\"direction\":\"in\",\"created_at\":\"2026-11-24T10:06:00Z\",\"text\":\"huge\"}\n"
		"{\"id\":\"x:0\",\"class\":{\"intent\":\"old\"},\"id\":\"x:7\",\"class\":{\"intent\":\"older\"},\"source\":\"x\","
		"\"channel\":\"public\",\"direction\":\"in\",\"created_at\":\"2026-11-24T10:07:00Z\",\"author\":{\"id\":\"x:c7\","
		"\"handle\":\"c7\"},\"text\":\"duplicate keys\",\"account\":\"AcmeHelp\",\"conversation_id\":\"x:7\"}\n"
		"{\"id\":\"x:8\",\"source\":null,\"channel\":5,\"direction\":\"sideways\",\"created_at\":12345,\"author\":\"bob\","
		"\"text\":[\"a\"],\"lang\":5,\"in_reply_to\":5,\"url\":{},\"account\":[],\"conversation_id\":{}}\n"
		"{\"id\":\"x:9\",\"direction\":\"in\",\"created_at\":\"9999-99-99T99:99:99Z\",\"text\":\"t\"}\n"
		"{\"id\":\"x:10\",\"direction\":\"in\",\"created_at\":\"+275760-09-13T00:00:00Z\",\"text\":\"t\"}\n"
		"{\"id\":\"x:11\",\"text\":\"N\0L\"}\n"
		"{\"id\":\"x:12\"}\0\n"
		"[1,2]\n\"x\"\n{\"id\":\"x:15\"}{\"id\":\"x:16\"}\n{}\n{\"id\":\"x:20\",\"text\":\"cut";
	struct tally h = {0, 0, 0, 0};
	check_lines(hostile, sizeof hostile - 1, "hostile", &h);
	ok(h.bad == 0 && h.simd >= 8 && h.inplace >= 8,
	   "tests/hostile/020's lines: %lu taken by simdjson (%lu read in place) of %lu, all as libjq",
	   h.simd, h.inplace, h.lines);

	corpus("tests/data", "tests/data", 0, 1);
	corpus("examples", "examples", 0, 1);
	corpus("fuzz/seeds", "fuzz/seeds", 0, 1);
	corpus("fuzz/regress", "fuzz/regress", 0, 0);

	/* bench/gen's records (the benchmarks' input), made here. */
	struct tally b = {0, 0, 0, 0};
	FILE *p = popen("python3 bench/gen --rows 3000 --seed 24 --format jsonl", "r");
	char line[1 << 16];
	while (p && fgets(line, sizeof line, p)) {
		size_t n = strlen(line);
		if (n && line[n - 1] == '\n')
			line[--n] = 0;
		check(line, n, "bench/gen", &b);
	}
	ok(p && pclose(p) == 0 && b.bad == 0 && b.lines == 3000 && b.simd == 3000 && b.inplace == 3000,
	   "bench/gen: %lu records, %lu taken by simdjson, %lu read in place, all as libjq", b.lines,
	   b.simd, b.inplace);

	const char *shared = getenv("SC_SHARED");
	if (shared) {
		char dir[1024];
		snprintf(dir, sizeof dir, "%s/data/labeled", shared);
		corpus("$SC_SHARED/data/labeled", dir, 0, 1);
		snprintf(dir, sizeof dir, "%s/data/external", shared);
		corpus("$SC_SHARED/data/external (API answers, whole)", dir, 1, 1);
	}
	jsimd_free(js);
	jparse_free(&jp);
	return tap_done();
}
