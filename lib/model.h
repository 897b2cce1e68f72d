/* Linear models over hashed features: multinomial logistic regression,
 * trained with AdaGrad (classes weighted to balance), stored as text:
 *
 *     sc-model 1
 *     field sentiment
 *     labels negative neutral positive
 *     bits 18
 *     threshold 0.5
 *     row BUCKET W1 ... WK          (one per bucket with a weight)
 *
 * "threshold" applies to two-class models: the second label wins when its
 * probability reaches it (lower favours recall). */
#ifndef SC_MODEL_H
#define SC_MODEL_H
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "feats.h"

#define MODEL_MAXK 16
#define MODEL_MAXLABEL 32

struct model {
	char field[MODEL_MAXLABEL];
	int k;
	char labels[MODEL_MAXK][MODEL_MAXLABEL];
	unsigned bits;
	float threshold;
	float *w;          /* (1 << bits) rows of k weights */
};

/* Training examples: the features of each, appended one after the other. */
struct trainset {
	uint64_t *h;
	float *v;
	size_t n, cap;
	size_t *start;     /* example i: [start[i], start[i+1]) */
	int *y;
	size_t nex, excap;
};

int model_load(struct model *m, const char *path, struct buf *err);
void model_save(const struct model *m, FILE *out);
void model_free(struct model *m);
/* An empty model for labels[0..k-1] with 2^bits buckets. */
void model_new(struct model *m, const char *field, char labels[][MODEL_MAXLABEL], int k, unsigned bits);
int model_label(const struct model *m, const char *name); /* -1 when absent */
/* Class probabilities into p[m->k]; returns the winning class. */
int model_predict(const struct model *m, const struct feats *f, float *p);
/* Adds the scores of features f[from..] to z[0..k-1]. */
void model_logits(const struct model *m, const struct feats *f, size_t from, float *z);
/* Scores z into probabilities, in place; returns the winning class (for
 * two classes, the second when it reaches the threshold). */
int model_softmax(const struct model *m, float *z);
/* Weight of class c for feature hash h. */
static inline float model_weight(const struct model *m, uint64_t h, int c)
{
	return m->w[(h & ((1ull << m->bits) - 1)) * (unsigned)m->k + (unsigned)c];
}

void ts_add(struct trainset *ts, const struct feats *f, int y);
void ts_free(struct trainset *ts);
void model_train(struct model *m, const struct trainset *ts, int epochs, float rate,
		 float l2, uint64_t seed);

#endif
