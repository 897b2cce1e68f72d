/* The classifier's decisions (see classify.h). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "classify.h"
#include "diag.h"

static const char *const intent_names[IN_N] = {
	"support", "complaint", "question", "praise", "chatter", "spam",
};
static const char *const mfield_names[MF_N] = {
	"sentiment", "complaint", "intent", "topic", "lang",
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
	senti_init(&c->s);
	feats_init(&c->f);
	c->vip_followers = 10000;
	c->complaint_threshold = -1;
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
	lex_free(&c->lex);
	toks_free(&c->k);
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
	struct buf n = BUF_INIT;
	size_t i = 0, len = strlen(kw);
	int l;

	if (t < 0)
		return -1;
	while (i < len) { /* lowercased as the tokenizer does */
		uint32_t ch = utf8_dec((const unsigned char *)kw + i, len - i, &l);
		utf8_put(&n, tok_lower(ch));
		i += (size_t)l;
	}
	lex_add(&c->lex, n.p ? n.p : "", n.len)->topics |= 1u << t;
	buf_free(&n);
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
	json_str(&r->why, s, (size_t)n < sizeof s ? (size_t)n : sizeof s - 1);
}

void cls_features(struct classifier *c, const char *text, size_t len)
{
	enum lang l;

	tok_run(&c->k, text, len);
	l = lang_detect(&c->k, &c->lex);
	senti_scan(&c->s, &c->k, &c->lex, l);
	feats_build(&c->f, &c->k, &c->s, l);
	c->sent_best = -1;
	if (c->m[MF_SENTIMENT]) {
		/* Stacking: the sentiment model (trained on other data) tells the
		 * complaint and intent models how negative the text sounds. */
		const struct model *m = c->m[MF_SENTIMENT];
		int neg = model_label(m, "negative"), pos = model_label(m, "positive");
		c->sent_best = model_predict(m, &c->f, c->sent_p);
		if (neg >= 0 && pos >= 0) {
			feats_dense(&c->f, "stack-neg", c->sent_p[neg]);
			feats_dense(&c->f, "stack-pos", c->sent_p[pos]);
		}
	}
}
