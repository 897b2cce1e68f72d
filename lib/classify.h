/* The classifier: text analysis (tokens, language, lexicon layer, trained
 * models) and the decisions made from it and from the record's author and
 * account (intent, complaint, sentiment, topic, priority, VIP, wrong
 * account), with the reasons. Knows nothing of JSON parsing, the network or
 * the state store: the caller hands it the few fields it needs. */
#ifndef SC_CLASSIFY_H
#define SC_CLASSIFY_H
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "feats.h"
#include "jsonw.h"
#include "lang.h"
#include "lexicon.h"
#include "model.h"
#include "sentiment.h"
#include "tokens.h"

enum intent { IN_SUPPORT, IN_COMPLAINT, IN_QUESTION, IN_PRAISE, IN_CHATTER, IN_SPAM, IN_N };
enum { SE_NEGATIVE, SE_NEUTRAL, SE_POSITIVE };
/* MF_SENT_EN: an English sentiment model, used instead of MF_SENTIMENT for
 * texts detected as English (the English data is 25 times the others':
 * one model for all would learn English at the others' expense). */
enum mfield { MF_SENTIMENT, MF_SENT_EN, MF_COMPLAINT, MF_INTENT, MF_NEEDS, MF_TOPIC, MF_LANG, MF_N };

#define CLS_MAXTOPICS 32
#define CLS_MAXMARKETING 64

struct classifier {
	struct lexicon lex;
	struct model *m[MF_N];          /* NULL: not loaded */
	char *topic[CLS_MAXTOPICS];     /* taxonomy names, in order */
	int ntopics;
	double vip_followers;
	double complaint_threshold;     /* < 0: the model's own */
	double wait_hours;              /* a wait this long raises priority */
	char *marketing[CLS_MAXMARKETING];
	int nmarketing;
	/* scratch, reused per record */
	struct toks k;
	struct senti s;
	struct feats f;
	size_t ntext;                   /* f's first features: the text's, all the sentiment models read */
	enum lang lang;                 /* the detector's, for the current text */
	int to_brand;                   /* the current message answers the brand: 1, 0, -1 unknown */
	int thread;                     /* FT_* of the current message (feats_thread) */
	int parent;                     /* FP_* of the brand's turn it answers (feats_parent) */
	struct toks pk;                 /* that turn's tokens */
	/* every loaded model's output for the current text */
	float prob[MF_N][MODEL_MAXK];
	int best[MF_N];
	int sent;                       /* the sentiment field used for the current text */
	/* The models that share a hash size, their rows side by side, so that
	 * one memory access per feature serves them all (cls_features). */
	uint16_t *joint;                /* bfloat16 weights, rows of joint_stride */
	unsigned joint_bits;
	int joint_k, joint_stride, joint_off[MF_N], prepared;
};

/* What the caller knows of the record besides its text. */
struct msg {
	const char *text;
	size_t len;
	double followers;   /* < 0: unknown */
	int verified;       /* -1 unknown */
	const char *account;
	double waited;      /* seconds the customer has waited, < 0 unknown */
	int to_brand;       /* in_reply_to_brand: 1 true, 0 false, -1 unknown */
	const char *reply_text; /* in_reply_to_text, or NULL */
	size_t reply_len;
};

struct cls_result {
	enum lang lang;
	enum intent intent;
	int complaint;
	float pcomplaint;
	int needs_reply;
	float sentiment;
	int sentlabel;
	int topic;           /* index into topic[], -1 none */
	int priority;
	int vip, wrong_account;
	struct buf why;      /* JSON array members, comma-separated */
	struct buf whyraw;   /* the same texts unescaped, NUL after each (for cls_jv) */
	int nwhy;
};

const char *intent_name(enum intent i);
int intent_from_name(const char *s);     /* -1 if unknown */
const char *mfield_name(enum mfield f);
int mfield_from_name(const char *s);     /* -1 if unknown */
extern const char *const sentiment_names[3];

void cls_init(struct classifier *c);
void cls_free(struct classifier *c);
/* Loads the lexicon files (lexicon/LANG.txt) and the built-in models from dir (missing
 * model files are allowed: the lexicon layer decides alone). */
int cls_load_dir(struct classifier *c, const char *dir, struct buf *err);
/* Uses the model in path for its field, replacing the built-in one. */
int cls_load_model(struct classifier *c, const char *path, struct buf *err);
int cls_add_topic(struct classifier *c, const char *name);
/* Adds a keyword (one to three words) of a topic, creating the topic. */
int cls_topic_keyword(struct classifier *c, const char *topic, const char *kw);
/* Forgets the taxonomy (names and keywords). */
void cls_clear_topics(struct classifier *c);
void cls_add_marketing(struct classifier *c, const char *handle);

/* Classifies one message into r (r->why is reset and reused). */
void cls_run(struct classifier *c, const struct msg *m, struct cls_result *r);
/* Only the analysis, for training: features of a text (and of its place in
 * the thread: to_brand and the text it answers, ptext or NULL, as in
 * struct msg) into c->f. */
void cls_features(struct classifier *c, const char *text, size_t len, int to_brand,
		  const char *ptext, size_t plen);
/* Model m's weights (one per class) for feature hash h into w[m->k]. */
void cls_weights(const struct classifier *c, const struct model *m, uint64_t h, float *w);
/* Adds a reason ("why") entry. */
void cls_why(struct cls_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for "FIELD:[not ]WORD", without printf (several per record). */
void cls_why_word(struct cls_result *r, const char *field, int negated, const char *w, size_t n);
/* The class object as a jv, equal to what cls_write writes, for the rules:
 * built directly, which costs a fraction of parsing the written text. */
jv cls_jv(const struct classifier *c, const struct cls_result *r);
/* The class object's members (no braces) into w. */
void cls_write(struct jsonw *w, const struct classifier *c, const struct cls_result *r);

#endif
