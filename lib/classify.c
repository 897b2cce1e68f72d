/* The classifier's decisions (see classify.h). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "classify.h"
#include "diag.h"

static const char *const intent_names[IN_N] = {
	"support", "complaint", "question", "praise", "chatter", "spam",
};
static const char *const mfield_names[MF_N] = {
	"sentiment", "sentiment_en", "complaint", "intent", "needs_reply", "topic", "lang",
};
const char *const sentiment_names[3] = {"negative", "neutral", "positive"};

const char *intent_name(enum intent i) { return intent_names[i]; }
const char *mfield_name(enum mfield f) { return mfield_names[f]; }

int intent_from_name(const char *s)
{
	for (int i = 0; i < IN_N; i++)
		if (strcmp(s, intent_names[i]) == 0)
			return i;
	return -1;
}

int mfield_from_name(const char *s)
{
	for (int i = 0; i < MF_N; i++)
		if (strcmp(s, mfield_names[i]) == 0)
			return i;
	return -1;
}

void cls_init(struct classifier *c)
{
	memset(c, 0, sizeof *c);
	lex_init(&c->lex);
	toks_init(&c->k);
	toks_init(&c->pk);
	senti_init(&c->s);
	feats_init(&c->f);
	c->vip_followers = 10000;
	c->complaint_threshold = -1;
	c->wait_hours = 4;
}

void cls_free(struct classifier *c)
{
	for (int i = 0; i < MF_N; i++)
		if (c->m[i]) {
			model_free(c->m[i]);
			free(c->m[i]);
		}
	for (int i = 0; i < c->ntopics; i++)
		free(c->topic[i]);
	for (int i = 0; i < c->nmarketing; i++)
		free(c->marketing[i]);
	free(c->joint);
	lex_free(&c->lex);
	toks_free(&c->k);
	toks_free(&c->pk);
	senti_free(&c->s);
	feats_free(&c->f);
}

int cls_add_topic(struct classifier *c, const char *name)
{
	for (int i = 0; i < c->ntopics; i++)
		if (strcmp(c->topic[i], name) == 0)
			return i;
	if (c->ntopics == CLS_MAXTOPICS)
		return -1;
	c->topic[c->ntopics] = sc_xstrdup(name);
	return c->ntopics++;
}

void cls_clear_topics(struct classifier *c)
{
	for (size_t i = 0; i < c->lex.cap; i++)
		c->lex.e[i].topics = 0;
	for (int i = 0; i < c->ntopics; i++)
		free(c->topic[i]);
	c->ntopics = 0;
}

void cls_add_marketing(struct classifier *c, const char *h)
{
	if (*h == '@')
		h++;
	if (c->nmarketing < CLS_MAXMARKETING)
		c->marketing[c->nmarketing++] = sc_xstrdup(h);
}

int cls_load_model(struct classifier *c, const char *path, struct buf *err)
{
	struct model *m = sc_xmalloc(sizeof *m);
	int f;

	if (model_load(m, path, err)) {
		free(m);
		return -1;
	}
	f = mfield_from_name(m->field);
	if (f < 0) {
		buf_printf(err, "%s: field '%s' is not one sc-classify uses", path, m->field);
		model_free(m);
		free(m);
		return -1;
	}
	if (c->m[f]) {
		model_free(c->m[f]);
		free(c->m[f]);
	}
	c->m[f] = m;
	return 0;
}

/* models/taxonomy.txt: TOPIC<TAB>keyword lines (any language). */
static int load_taxonomy(struct classifier *c, const char *path, struct buf *err)
{
	FILE *f = fopen(path, "r");
	char line[512];
	unsigned long lineno = 0;

	if (!f)
		return errno == ENOENT ? 0 : (buf_printf(err, "%s: %s", path, strerror(errno)), -1);
	while (fgets(line, sizeof line, f)) {
		char *topic, *kw;
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		topic = strtok(line, "\t");
		kw = strtok(NULL, "\t");
		if (!topic || !kw || cls_topic_keyword(c, topic, kw)) {
			buf_printf(err, "%s:%lu: want TOPIC<TAB>KEYWORD (at most %d topics)", path,
				   lineno, CLS_MAXTOPICS);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

int cls_topic_keyword(struct classifier *c, const char *topic, const char *kw)
{
	int t = cls_add_topic(c, topic);

	if (t < 0)
		return -1;
	lex_add_term(&c->lex, kw)->topics |= 1u << t;
	return 0;
}

int cls_load_dir(struct classifier *c, const char *dir, struct buf *err)
{
	static const char *const lex_langs[] = {"en", "it", "es", "fr", "de", "pt", "nl", "xx"};
	char path[4096];
	struct stat st;

	for (size_t i = 0; i < sizeof lex_langs / sizeof lex_langs[0]; i++) {
		snprintf(path, sizeof path, "%s/lexicon/%s.txt", dir, lex_langs[i]);
		if (lex_load(&c->lex, path, (int)lang_from_code(lex_langs[i]), err))
			return -1;
	}
	snprintf(path, sizeof path, "%s/taxonomy.txt", dir);
	if (load_taxonomy(c, path, err))
		return -1;
	for (int f = 0; f < MF_N; f++) {
		snprintf(path, sizeof path, "%s/%s.model", dir, mfield_names[f]);
		if (stat(path, &st) == 0 && cls_load_model(c, path, err))
			return -1;
	}
	return 0;
}

void cls_why(struct cls_result *r, const char *fmt, ...)
{
	char s[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s, sizeof s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (r->nwhy++)
		buf_putc(&r->why, ',');
	n = (size_t)n < sizeof s ? n : (int)sizeof s - 1;
	json_str(&r->why, s, (size_t)n);
	buf_put(&r->whyraw, s, (size_t)n);
	buf_putc(&r->whyraw, '\0');
}

void cls_why_word(struct cls_result *r, const char *field, int negated, const char *w, size_t n)
{
	if (r->nwhy++)
		buf_putc(&r->why, ',');
	buf_putc(&r->why, '"');
	buf_puts(&r->why, field);
	buf_puts(&r->why, negated ? ":not " : ":");
	json_str_body(&r->why, w, n);
	buf_putc(&r->why, '"');
	buf_puts(&r->whyraw, field);
	buf_puts(&r->whyraw, negated ? ":not " : ":");
	buf_put(&r->whyraw, w, n);
	buf_putc(&r->whyraw, '\0');
}

#define JOINT_W 16 /* the usual row width: sentiment 3 + complaint 2 + intent 6, padded */

/* bfloat16: the top half of a float, rounded. Weights need no more
 * precision, and the table halves, so more of it stays in cache. */
static uint16_t to_bf16(float f)
{
	uint32_t u;

	memcpy(&u, &f, sizeof u);
	u += 0x7FFF + ((u >> 16) & 1);
	return (uint16_t)(u >> 16);
}

static inline float from_bf16(uint16_t h)
{
	uint32_t u = (uint32_t)h << 16;
	float f;

	memcpy(&f, &u, sizeof f);
	return f;
}

/* The table is read at random: on huge pages, its few megabytes need a
 * handful of TLB entries instead of thousands. */
static uint16_t *joint_alloc(size_t n)
{
	void *p = NULL;

	if (posix_memalign(&p, 2u << 20, n))
		sc_die(SC_EXIT_FAIL, "out of memory");
	madvise(p, n, MADV_HUGEPAGE); /* advice only: fine if refused */
	memset(p, 0, n);
	return p;
}

/* Interleaves the rows of the models that have the sentiment model's hash
 * size (or the first loaded one's). */
static void prepare(struct classifier *c)
{
	size_t rows;
	int f0 = -1;

	c->prepared = 1;
	for (int f = 0; f < MF_N && f0 < 0; f++)
		if (c->m[f])
			f0 = f;
	if (f0 < 0)
		return;
	c->joint_bits = c->m[f0]->bits;
	c->joint_k = 0;
	for (int f = 0; f < MF_N; f++) {
		c->joint_off[f] = -1;
		if (c->m[f] && c->m[f]->bits == c->joint_bits) {
			c->joint_off[f] = c->joint_k;
			c->joint_k += c->m[f]->k;
		}
	}
	rows = (size_t)1 << c->joint_bits;
	for (c->joint_stride = 1; c->joint_stride < c->joint_k; c->joint_stride *= 2)
		;
	if (c->joint_stride > 4 && c->joint_stride < JOINT_W)
		c->joint_stride = JOINT_W;
	c->joint = joint_alloc(rows * (size_t)c->joint_stride * sizeof *c->joint);
	for (size_t r = 0; r < rows; r++)
		for (int f = 0; f < MF_N; f++)
			for (int j = 0; c->joint_off[f] >= 0 && j < c->m[f]->k; j++)
				c->joint[r * (size_t)c->joint_stride + (size_t)(c->joint_off[f] + j)] =
					to_bf16(c->m[f]->w[r * (size_t)c->m[f]->k + (size_t)j]);
}

void cls_weights(const struct classifier *c, const struct model *m, uint64_t h, float *w)
{
	for (int f = 0; f < MF_N; f++)
		if (c->m[f] == m && c->joint && c->joint_off[f] >= 0) { /* in cache: just read */
			const uint16_t *row = c->joint + (h & ((1ull << c->joint_bits) - 1)) *
							 (size_t)c->joint_stride + c->joint_off[f];
			for (int j = 0; j < m->k; j++)
				w[j] = from_bf16(row[j]);
			return;
		}
	memcpy(w, m->w + (h & ((1ull << m->bits) - 1)) * (size_t)m->k, (size_t)m->k * sizeof *w);
}

static void joint_logits(const struct classifier *c, float *z)
{
	uint64_t mask = (1ull << c->joint_bits) - 1;
	size_t stride = (size_t)c->joint_stride;
	int k = c->joint_k;

	for (int j = 0; j < k; j++)
		z[j] = 0;
	/* The rows are scattered over megabytes: ask for them ahead, so that
	 * the cache misses overlap instead of queueing one after another. */
	for (size_t i = 0; i < c->f.n && i < 8; i++)
		__builtin_prefetch(c->joint + (c->f.h[i] & mask) * stride);
#ifdef __SSE2__
	if (stride == JOINT_W) { /* four bfloat16 → float conversions at once */
		const __m128i zero = _mm_setzero_si128();
		__m128 a0 = _mm_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
		float acc[JOINT_W];
		for (size_t i = 0; i < c->f.n; i++) {
			const __m128i *row = (const __m128i *)(c->joint + (c->f.h[i] & mask) * JOINT_W);
			__m128 v = _mm_set1_ps(c->f.v[i]);
			__m128i lo = _mm_load_si128(row), hi = _mm_load_si128(row + 1);
			if (i + 8 < c->f.n)
				__builtin_prefetch(c->joint + (c->f.h[i + 8] & mask) * JOINT_W);
			/* a bfloat16 is the high half of a float: put zeros below it */
			a0 = _mm_add_ps(a0, _mm_mul_ps(v, _mm_castsi128_ps(_mm_unpacklo_epi16(zero, lo))));
			a1 = _mm_add_ps(a1, _mm_mul_ps(v, _mm_castsi128_ps(_mm_unpackhi_epi16(zero, lo))));
			a2 = _mm_add_ps(a2, _mm_mul_ps(v, _mm_castsi128_ps(_mm_unpacklo_epi16(zero, hi))));
			a3 = _mm_add_ps(a3, _mm_mul_ps(v, _mm_castsi128_ps(_mm_unpackhi_epi16(zero, hi))));
		}
		_mm_storeu_ps(acc, a0);
		_mm_storeu_ps(acc + 4, a1);
		_mm_storeu_ps(acc + 8, a2);
		_mm_storeu_ps(acc + 12, a3);
		memcpy(z, acc, (size_t)k * sizeof *z);
		return;
	}
#endif
	if (stride == JOINT_W) { /* fixed width: the sums stay in registers */
		float acc[JOINT_W] = {0};
		for (size_t i = 0; i < c->f.n; i++) {
			const uint16_t *row = c->joint + (c->f.h[i] & mask) * JOINT_W;
			float v = c->f.v[i];
			if (i + 8 < c->f.n)
				__builtin_prefetch(c->joint + (c->f.h[i + 8] & mask) * JOINT_W);
			for (int j = 0; j < JOINT_W; j++)
				acc[j] += v * from_bf16(row[j]);
		}
		memcpy(z, acc, (size_t)k * sizeof *z);
		return;
	}
	for (size_t i = 0; i < c->f.n; i++) {
		const uint16_t *row = c->joint + (c->f.h[i] & mask) * stride;
		float v = c->f.v[i];
		if (i + 8 < c->f.n)
			__builtin_prefetch(c->joint + (c->f.h[i + 8] & mask) * stride);
		for (int j = 0; j < k; j++)
			z[j] += v * from_bf16(row[j]);
	}
}

/* Runs every loaded model on c->f into c->prob and c->best. The sentiment
 * model goes first: the others also read its output (stacking: a model
 * trained on other data tells them how negative the text sounds). */
static void predict_all(struct classifier *c, const char *text, size_t len, const char *ptext,
			size_t plen)
{
	float z[MF_N * MODEL_MAXK];
	int sf = c->m[MF_SENT_EN] && c->lang == L_EN ? MF_SENT_EN : MF_SENTIMENT;
	const struct model *ms = c->m[sf];
	size_t base = c->ntext = c->f.n;

	c->sent = sf;

	if (!c->prepared)
		prepare(c);
	if (c->joint)
		joint_logits(c, z);
	for (int f = 0; f < MF_N; f++) {
		if (!c->m[f])
			continue;
		if (c->joint_off[f] >= 0) {
			memcpy(c->prob[f], z + c->joint_off[f], (size_t)c->m[f]->k * sizeof(float));
		} else {
			memset(c->prob[f], 0, sizeof c->prob[f]);
			model_logits(c->m[f], &c->f, 0, c->prob[f]);
		}
	}
	if (ms) {
		int neg = model_label(ms, "negative"), pos = model_label(ms, "positive");
		c->best[sf] = model_softmax(ms, c->prob[sf]);
		if (neg >= 0 && pos >= 0) {
			feats_dense(&c->f, "stack-neg", c->prob[sf][neg]);
			feats_dense(&c->f, "stack-pos", c->prob[sf][pos]);
		}
	}
	/* the place in the thread, after the text's features: the sentiment
	 * model, trained on tweets without threads, never sees it */
	c->thread = feats_thread(&c->f, &c->k, &c->s, text, len, c->to_brand);
	c->parent = c->to_brand > 0 && ptext && plen ?
		feats_parent(&c->f, &c->pk, &c->k, &c->s, c->thread, ptext, plen) : 0;
	for (int f = 0; f < MF_N; f++)
		if (c->m[f] && f != MF_SENTIMENT && f != MF_SENT_EN) {
			model_logits(c->m[f], &c->f, base, c->prob[f]);
			c->best[f] = model_softmax(c->m[f], c->prob[f]);
		}
}

void cls_features(struct classifier *c, const char *text, size_t len, int to_brand,
		  const char *ptext, size_t plen)
{
	enum lang l;

	c->to_brand = to_brand;
	tok_run(&c->k, text, len);
	lex_annotate(&c->lex, &c->k);
	l = c->lang = lang_detect(&c->k, &c->lex);
	senti_scan(&c->s, &c->k, &c->lex, l);
	feats_build(&c->f, &c->k, &c->s, l);
	predict_all(c, text, len, ptext, plen);
}
