/* Logistic regression over hashed features (see model.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model.h"

void model_new(struct model *m, const char *field, char labels[][MODEL_MAXLABEL], int k, unsigned bits)
{
	memset(m, 0, sizeof *m);
	snprintf(m->field, sizeof m->field, "%s", field);
	m->k = k;
	for (int i = 0; i < k; i++)
		memcpy(m->labels[i], labels[i], MODEL_MAXLABEL);
	m->bits = bits;
	m->threshold = 0.5f;
	m->w = sc_xcalloc((size_t)k << bits, sizeof *m->w);
}

void model_free(struct model *m)
{
	free(m->w);
	memset(m, 0, sizeof *m);
}

int model_label(const struct model *m, const char *name)
{
	for (int i = 0; i < m->k; i++)
		if (strcmp(m->labels[i], name) == 0)
			return i;
	return -1;
}

void model_logits(const struct model *m, const struct feats *f, size_t from, float *z)
{
	uint64_t mask = (1ull << m->bits) - 1;
	int k = m->k;

	for (size_t i = from; i < f->n; i++) {
		const float *row = m->w + (f->h[i] & mask) * (unsigned)k;
		for (int c = 0; c < k; c++)
			z[c] += f->v[i] * row[c];
	}
}

int model_softmax(const struct model *m, float *z)
{
	float max = -INFINITY, sum = 0;
	int best = 0, k = m->k;

	for (int c = 0; c < k; c++)
		if (z[c] > max)
			max = z[c], best = c;
	for (int c = 0; c < k; c++)
		sum += z[c] = expf(z[c] - max);
	for (int c = 0; c < k; c++)
		z[c] /= sum;
	if (k == 2)
		best = z[1] >= m->threshold;
	return best;
}

int model_predict(const struct model *m, const struct feats *f, float *p)
{
	for (int c = 0; c < m->k; c++)
		p[c] = 0;
	model_logits(m, f, 0, p);
	return model_softmax(m, p);
}

void model_save(const struct model *m, FILE *out)
{
	size_t rows = (size_t)1 << m->bits;

	fprintf(out, "sc-model 1\nfield %s\nlabels", m->field);
	for (int c = 0; c < m->k; c++)
		fprintf(out, " %s", m->labels[c]);
	fprintf(out, "\nbits %u\nthreshold %.3f\n", m->bits, m->threshold);
	for (size_t r = 0; r < rows; r++) {
		const float *w = m->w + r * (unsigned)m->k;
		int keep = 0;
		for (int c = 0; c < m->k; c++)
			keep |= fabsf(w[c]) >= 5e-4f;
		if (!keep)
			continue;
		fprintf(out, "row %zu", r);
		for (int c = 0; c < m->k; c++)
			fprintf(out, " %.4g", w[c]);
		fputc('\n', out);
	}
}

static int header(struct model *m, char *line, struct buf *err)
{
	char *key = strtok(line, " "), *val;

	if (!key)
		return 0;
	if (strcmp(key, "field") == 0 && (val = strtok(NULL, " ")))
		snprintf(m->field, sizeof m->field, "%s", val);
	else if (strcmp(key, "labels") == 0)
		while ((val = strtok(NULL, " ")) && m->k < MODEL_MAXK)
			snprintf(m->labels[m->k++], MODEL_MAXLABEL, "%s", val);
	else if (strcmp(key, "bits") == 0 && (val = strtok(NULL, " ")))
		m->bits = (unsigned)atoi(val);
	else if (strcmp(key, "threshold") == 0 && (val = strtok(NULL, " ")))
		m->threshold = strtof(val, NULL);
	else if (strcmp(key, "sc-model") != 0) {
		buf_printf(err, "unknown header '%s'", key);
		return -1;
	}
	return 0;
}

/* A weight as model_save writes it ("%.4g": -0.01234, 1.5e-05): read
 * exactly with integer digits and one division by a power of ten, since
 * strtof costs most of the start-up over a million of them. Anything else
 * goes to strtof. */
static float weight_at(char *p, char **end)
{
	static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
				     1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
				     1e20, 1e21, 1e22};
	char *s = p;
	uint64_t mant = 0;
	int neg = 0, digits = 0, scale = 0, ex = 0, eneg = 0;

	while (*s == ' ')
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		mant = mant * 10 + (uint64_t)(*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits++, scale++)
			mant = mant * 10 + (uint64_t)(*s - '0');
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			eneg = *s++ == '-';
		if (!(*s >= '0' && *s <= '9'))
			return strtof(p, end);
		for (; *s >= '0' && *s <= '9' && ex < 1000; s++)
			ex = ex * 10 + (*s - '0');
	}
	ex = (eneg ? -ex : ex) - scale;
	if (!digits || digits > 18 || ex < -22 || ex > 22 || (*s && *s != ' '))
		return strtof(p, end);
	*end = s;
	double v = ex < 0 ? (double)mant / p10[-ex] : (double)mant * p10[ex];
	return (float)(neg ? -v : v);
}

static int row(struct model *m, char *line, struct buf *err)
{
	char *p = line + 4, *end = p;
	unsigned long r = 0;

	while (*end >= '0' && *end <= '9' && r < (1ul << 27))
		r = r * 10 + (unsigned long)(*end++ - '0');
	if (end == p || r >= (1ul << m->bits)) {
		buf_printf(err, "bad row number");
		return -1;
	}
	for (int c = 0; c < m->k; c++) {
		p = end;
		m->w[r * (unsigned)m->k + (unsigned)c] = weight_at(p, &end);
		if (end == p) {
			buf_printf(err, "row %lu: want %d weights", r, m->k);
			return -1;
		}
	}
	return 0;
}

int model_load(struct model *m, const char *path, struct buf *err)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	unsigned long lineno = 0;
	size_t before;

	memset(m, 0, sizeof *m);
	m->threshold = 0.5f;
	if (!f) {
		buf_printf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		before = err->len;
		if (strncmp(line, "row ", 4) != 0) {
			if (m->w) {
				buf_printf(err, "header after the rows");
				goto bad;
			}
			if (header(m, line, err))
				goto bad;
			continue;
		}
		if (!m->w) {
			if (m->k < 2 || m->bits < 4 || m->bits > 26 || !m->field[0]) {
				buf_printf(err, "want field, two labels or more, bits 4..26 before the rows");
				goto bad;
			}
			m->w = sc_xcalloc((size_t)m->k << m->bits, sizeof *m->w);
		}
		if (row(m, line, err))
			goto bad;
	}
	fclose(f);
	if (!m->w) {
		buf_printf(err, "%s: not an sc model (no rows)", path);
		return -1;
	}
	return 0;
bad: {
		struct buf msg = BUF_INIT;
		buf_printf(&msg, "%s:%lu: %.*s", path, lineno, (int)(err->len - before), err->p + before);
		err->len = before;
		buf_put(err, msg.p, msg.len);
		buf_free(&msg);
	}
	fclose(f);
	model_free(m);
	return -1;
}

void ts_add(struct trainset *ts, const struct feats *f, int y)
{
	if (ts->n + f->n > ts->cap) {
		ts->cap = (ts->n + f->n) * 2;
		ts->h = sc_xrealloc(ts->h, ts->cap * sizeof *ts->h);
		ts->v = sc_xrealloc(ts->v, ts->cap * sizeof *ts->v);
	}
	if (ts->nex + 2 > ts->excap) {
		ts->excap = ts->excap ? ts->excap * 2 : 1024;
		ts->start = sc_xrealloc(ts->start, ts->excap * sizeof *ts->start);
		ts->y = sc_xrealloc(ts->y, ts->excap * sizeof *ts->y);
	}
	if (ts->nex == 0)
		ts->start[0] = 0;
	memcpy(ts->h + ts->n, f->h, f->n * sizeof *f->h);
	memcpy(ts->v + ts->n, f->v, f->n * sizeof *f->v);
	ts->n += f->n;
	ts->y[ts->nex++] = y;
	ts->start[ts->nex] = ts->n;
}

void ts_free(struct trainset *ts)
{
	free(ts->h);
	free(ts->v);
	free(ts->start);
	free(ts->y);
	memset(ts, 0, sizeof *ts);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* One AdaGrad step on example i with class weight cw. */
static void step(struct model *m, float *g2, const struct trainset *ts, size_t i, float cw,
		 float rate, float l2)
{
	uint64_t mask = (1ull << m->bits) - 1;
	unsigned k = (unsigned)m->k;
	float p[MODEL_MAXK] = {0}, max = -INFINITY, sum = 0;

	for (size_t j = ts->start[i]; j < ts->start[i + 1]; j++) {
		const float *row = m->w + (ts->h[j] & mask) * k;
		for (unsigned c = 0; c < k; c++)
			p[c] += ts->v[j] * row[c];
	}
	for (unsigned c = 0; c < k; c++)
		max = p[c] > max ? p[c] : max;
	for (unsigned c = 0; c < k; c++)
		sum += p[c] = expf(p[c] - max);
	for (unsigned c = 0; c < k; c++)
		p[c] = cw * (p[c] / sum - ((int)c == ts->y[i]));
	for (size_t j = ts->start[i]; j < ts->start[i + 1]; j++) {
		size_t r = (ts->h[j] & mask) * k;
		for (unsigned c = 0; c < k; c++) {
			float g = p[c] * ts->v[j] + l2 * m->w[r + c];
			g2[r + c] += g * g;
			m->w[r + c] -= rate * g / sqrtf(g2[r + c] + 1e-8f);
		}
	}
}

void model_train(struct model *m, const struct trainset *ts, int epochs, float rate,
		 float l2, uint64_t seed)
{
	size_t *order = sc_xmalloc((ts->nex + 1) * sizeof *order);
	float *g2 = sc_xcalloc((size_t)m->k << m->bits, sizeof *g2);
	float cw[MODEL_MAXK];
	size_t count[MODEL_MAXK] = {0};
	uint64_t s = seed ? seed : 88172645463325252ull;

	for (size_t i = 0; i < ts->nex; i++)
		count[ts->y[i]]++;
	for (int c = 0; c < m->k; c++) /* balanced: every class weighs the same */
		cw[c] = count[c] ? (float)ts->nex / ((float)m->k * (float)count[c]) : 0;
	for (size_t i = 0; i < ts->nex; i++)
		order[i] = i;
	size_t nw = (size_t)m->k << m->bits;
	float *avg = sc_xcalloc(nw, sizeof *avg);

	/* The final weights are the average of each epoch's: steadier than the
	 * last epoch's alone on small data sets. */
	for (int e = 0; e < epochs; e++) {
		for (size_t i = ts->nex; i > 1; i--) {
			size_t j = (size_t)(xorshift(&s) % i), t = order[i - 1];
			order[i - 1] = order[j];
			order[j] = t;
		}
		for (size_t i = 0; i < ts->nex; i++)
			step(m, g2, ts, order[i], cw[ts->y[order[i]]], rate, l2);
		for (size_t j = 0; j < nw; j++)
			avg[j] += m->w[j];
	}
	for (size_t j = 0; j < nw; j++)
		m->w[j] = avg[j] / (float)epochs;
	free(avg);
	free(g2);
	free(order);
}
