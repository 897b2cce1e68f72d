/* Logistic regression: learns a separable toy problem, saves and loads
 * back the same predictions, refuses broken files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "tap.h"

static void example(struct feats *f, int y, int i)
{
	f->n = 0;
	feats_dense(f, y ? "yes-word" : "no-word", 1);
	feats_dense(f, i % 2 ? "noise-a" : "noise-b", 1);
}

int main(void)
{
	char labels[2][MODEL_MAXLABEL] = {"false", "true"};
	struct trainset ts = {0};
	struct feats f;
	struct model m, back;
	struct buf err = BUF_INIT;
	char path[] = "/tmp/sc-test-model-XXXXXX";
	float p[MODEL_MAXK], q[MODEL_MAXK];
	int fd = mkstemp(path), right = 0;
	FILE *out;

	feats_init(&f);
	for (int i = 0; i < 200; i++) {
		example(&f, i % 3 == 0, i);
		ts_add(&ts, &f, i % 3 == 0);
	}
	ok(ts.nex == 200 && ts.start[200] == ts.n, "training set holds 200 examples");
	model_new(&m, "complaint", labels, 2, 12);
	model_train(&m, &ts, 4, 0.2f, 1e-6f, 0);
	for (int i = 0; i < 30; i++) {
		example(&f, i % 2, i);
		right += model_predict(&m, &f, p) == i % 2;
	}
	is_int(right, 30, "a separable problem is learnt");
	ok(model_label(&m, "true") == 1 && model_label(&m, "maybe") == -1, "labels by name");

	out = fdopen(fd, "w");
	model_save(&m, out);
	fclose(out);
	ok(model_load(&back, path, &err) == 0, "the saved model loads: %s", buf_cstr(&err));
	example(&f, 1, 0);
	model_predict(&m, &f, p);
	model_predict(&back, &f, q);
	ok(back.k == 2 && back.bits == 12 && strcmp(back.field, "complaint") == 0 &&
	   p[1] - q[1] < 1e-3f && q[1] - p[1] < 1e-3f, "and predicts what it did before saving");
	m.threshold = 0.99f;
	example(&f, 0, 0);
	ok(model_predict(&m, &f, p) == 0, "a two-class threshold decides");
	model_free(&back);

	out = fopen(path, "w");
	fputs("sc-model 1\nfield x\nlabels a b\nbits 8\nrow 3 1.0\n", out);
	fclose(out);
	buf_reset(&err);
	ok(model_load(&back, path, &err) < 0 && strstr(buf_cstr(&err), ":5: row 3: want 2 weights"),
	   "a short row is an error with its line: %s", buf_cstr(&err));
	out = fopen(path, "w");
	fputs("hello\n", out);
	fclose(out);
	buf_reset(&err);
	ok(model_load(&back, path, &err) < 0, "not a model: refused");
	buf_reset(&err);
	ok(model_load(&back, "/nonexistent/m", &err) < 0 && strstr(buf_cstr(&err), "/nonexistent/m"),
	   "a missing file names the file");
	unlink(path);
	model_free(&m);
	ts_free(&ts);
	feats_free(&f);
	buf_free(&err);
	return tap_done();
}
