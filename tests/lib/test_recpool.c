/* recpool.c: records parsed on worker threads come back whole, once each,
 * in input order, wherever the batches are cut; bad lines are reported in
 * order and counted; strict stops at the first. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "recpool.h"
#include "tap.h"

/* The extract: the record's "n" as text, a refusal when it has none, and
 * nothing for {"skip":...}. */
static int extract(void *wctx, const struct jval *rec, struct buf *out, char *why, size_t cap)
{
	struct jval n = jval_get(rec, "n", 1);
	int rc = 0;

	(void)wctx;
	if (jval_get(rec, "skip", 4).kind != JV_KIND_INVALID) {
		rc = 1;
	} else if (n.kind != JV_KIND_NUMBER) {
		snprintf(why, cap, "no n");
		rc = -1;
	} else {
		buf_printf(out, "%d", (int)jval_num(&n));
	}
	return rc;
}

static void take(void *ctx, const char *p, size_t n)
{
	struct buf *got = ctx;

	buf_put(got, p, n);
	buf_putc(got, ',');
}

static char dir[] = "/tmp/sc-test-recpool-XXXXXX", path[2][64];

static void write_file(int i, int from, int to, int bad_at)
{
	FILE *f;

	snprintf(path[i], sizeof path[i], "%s/%d.jsonl", dir, i);
	f = fopen(path[i], "w");
	for (int n = from; n < to; n++) {
		if (n == bad_at)
			fputs("{\"x\":\n", f);
		if (n % 7 == 3)
			fputs("  \r\n", f); /* blank: skipped */
		fprintf(f, "{\"n\":%d,\"text\":\"%*s\"}\r\n", n, n % 50, "");
	}
	fclose(f);
}

static const char *run(int files, int threads, size_t batch, int strict, struct recpool_result *res)
{
	static struct buf got;
	struct recpool_fns fns = {NULL, NULL, extract, take, &got};
	char *argv[2] = {path[0], path[1]};

	buf_reset(&got);
	recpool_batch_lines = batch;
	recpool_run(argv, files, strict, threads, &fns, res);
	return buf_cstr(&got);
}

int main(void)
{
	struct buf want = BUF_INIT;
	struct recpool_result res;
	int same = 1;

	if (!mkdtemp(dir))
		return 1;
	write_file(0, 0, 1000, -1);
	write_file(1, 1000, 1500, -1);
	for (int n = 0; n < 1500; n++)
		buf_printf(&want, "%d,", n);
	/* batches of 1, 2, 3, 64 lines and the default, on 1 to 4 workers */
	size_t batches[] = {1, 2, 3, 64, 512};
	for (int t = 1; t <= 4; t++)
		for (size_t b = 0; b < sizeof batches / sizeof *batches; b++) {
			const char *got = run(2, t, batches[b], 0, &res);
			if (strcmp(got, buf_cstr(&want)) || res.n != 1500 || res.bad) {
				same = 0;
				printf("# %d threads, batches of %zu: %lu records, %lu bad\n", t,
				       batches[b], res.n, res.bad);
			}
		}
	ok(same, "1,500 records over two files: all, once, in order, however cut and shared");

	/* a bad line in the middle of the second file */
	write_file(1, 1000, 1500, 1200);
	fflush(stdout);
	const char *got = run(2, 2, 3, 0, &res);
	ok(res.n == 1500 && res.bad == 1 && strcmp(got, buf_cstr(&want)) == 0,
	   "a bad line is counted and skipped, the rest taken (%lu, %lu)", res.n, res.bad);
	got = run(2, 2, 3, 1, &res);
	ok(res.bad == 1 && res.n == 1200, "strict: nothing after the bad line is taken (%lu)", res.n);

	/* a record the extract refuses */
	FILE *f = fopen(path[1], "w");
	fputs("{\"n\":1}\n{\"m\":2}\n{\"skip\":1}\n[3]\n{\"n\":4}\n", f);
	fclose(f);
	got = run(1, 3, 1, 0, &res);
	ok(res.bad == 0 && res.n == 1000, "the first file alone");
	char *argv1[1] = {path[1]};
	struct buf g = BUF_INIT;
	struct recpool_fns fns = {NULL, NULL, extract, take, &g};
	recpool_run(argv1, 1, 0, 2, &fns, &res);
	is_str(buf_cstr(&g), "1,4,", "refused, passed-over and non-object lines left out");
	is_int(res.bad, 2, "the refused and the non-object reported, the passed-over not");
	is_int(res.n, 2, "and only the records taken counted");

	/* a file that cannot be read */
	char *argv2[1] = {"/nonexistent/recpool.jsonl"};
	recpool_run(argv2, 1, 0, 2, &fns, &res);
	ok(res.err && res.n == 0, "an unreadable file is an error");
	unlink(path[0]);
	unlink(path[1]);
	rmdir(dir);
	buf_free(&want);
	buf_free(&g);
	return tap_done();
}
