/* From the text analysis to the class fields: the models' votes, the
 * lexicon's cues, the author and the account (see classify.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "classify.h"

/* v with dec decimals (0..3), as printf's "%.*f" (a "+" first when plus
 * is set), without printf: it is called several times per record. A value
 * that rounds to zero has no sign. */
static size_t fixed(char *o, double v, int dec, int plus)
{
	static const double scale[] = {1, 10, 100, 1000};
	double a = nearbyint(fabs(v) * scale[dec]);
	long long x = a < 1e15 ? (long long)a : 999999999999999LL;
	char digits[24];
	size_t n = 0, nd = 0;

	if (v < 0 && x)
		o[n++] = '-';
	else if (plus)
		o[n++] = '+';
	do
		digits[nd++] = (char)('0' + x % 10), x /= 10;
	while (x || nd <= (size_t)dec);
	while (nd > (size_t)dec)
		o[n++] = digits[--nd];
	if (dec)
		o[n++] = '.';
	while (nd)
		o[n++] = digits[--nd];
	o[n] = '\0';
	return n;
}

/* The two words that pushed model m most toward class cls. */
static void model_terms(struct classifier *c, const struct model *m, int cls,
			struct cls_result *r, const char *field)
{
	int best[2] = {-1, -1};
	float bv[2] = {0, 0};

	for (size_t i = 0; i < c->f.n; i++) {
		float w, other = 0, d;
		float row[MODEL_MAXK];
		if (c->f.src[i] < 0 || (c->k.t[c->f.src[i]].len < 3 && c->k.t[c->f.src[i]].kind == TK_WORD))
			continue; /* "is", "no": true but no help to a reader */
		cls_weights(c, m, c->f.h[i], row);
		w = row[cls];
		for (int k = 0; k < m->k; k++)
			other += row[k];
		other = (other - w) / (float)(m->k - 1);
		d = (w - other) * c->f.v[i];
		if (d > bv[0] && c->f.src[i] != best[0]) {
			bv[1] = bv[0], best[1] = best[0];
			bv[0] = d, best[0] = c->f.src[i];
		} else if (d > bv[1] && c->f.src[i] != best[0]) {
			bv[1] = d, best[1] = c->f.src[i];
		}
	}
	for (int j = 0; j < 2; j++)
		if (best[j] >= 0 && bv[j] > 0.05f)
			cls_why_word(r, field, c->s.negated[best[j]], tok_str(&c->k, (size_t)best[j]),
				     c->k.t[best[j]].len);
}

/* "lexicon:[not ]TERM +V.V" */
static void why_valence(struct cls_result *r, int negated, const char *term, float val)
{
	char s[160];
	size_t n = strlen(term);

	if (n > sizeof s - 16)
		n = sizeof s - 16;
	memcpy(s, term, n);
	s[n++] = ' ';
	n += fixed(s + n, val, 1, 1);
	cls_why_word(r, "lexicon", negated, s, n);
}

static void sentiment(struct classifier *c, struct cls_result *r)
{
	const struct model *m = c->m[c->sent];
	float p[MODEL_MAXK];
	int neg, pos, best;

	if (m && (neg = model_label(m, "negative")) >= 0 && (pos = model_label(m, "positive")) >= 0) {
		best = c->best[c->sent];
		memcpy(p, c->prob[c->sent], sizeof p);
		r->sentiment = p[pos] - p[neg];
		r->sentlabel = best == neg ? SE_NEGATIVE : best == pos ? SE_POSITIVE : SE_NEUTRAL;
		model_terms(c, m, best, r, "sentiment");
	} else {
		r->sentiment = c->s.score;
		r->sentlabel = r->sentiment <= -0.2f ? SE_NEGATIVE : r->sentiment >= 0.2f ? SE_POSITIVE : SE_NEUTRAL;
	}
	for (int i = 0; i < c->s.nhit; i++) {
		const struct senti_hit *h = &c->s.hit[i];
		if (h->flags == LX_VAL && fabsf(h->val) >= 1.5f)
			why_valence(r, c->s.negated[h->tok], lex_term(&c->lex, h->e), h->val);
	}
}

/* Without an intent model, the cues decide, in this order. */
static enum intent intent_by_cues(const struct classifier *c, const struct cls_result *r)
{
	const unsigned *q = c->s.cues;

	if (q[11] && !q[4])
		return IN_SPAM;
	if (q[8] || q[5])
		return IN_SUPPORT;
	if (q[9] || c->s.quest)
		return IN_QUESTION;
	if (q[10] || r->sentlabel == SE_POSITIVE)
		return IN_PRAISE;
	return IN_CHATTER;
}

/* Promotion under the brand's posts (crypto signals, giveaways, "I made
 * $3,200 with this bot") reads like a complaint to a model trained on care
 * traffic: money, numbers, "turn into". Spam words and a link, from someone
 * not answering the brand, outvote a complaint the model is unsure of;
 * above SPAM_MAX_PCOMPLAINT (chosen by scripts/cv-pipeline on the training
 * data) the complaint model is trusted: "my order never arrived, see URL". */
#define SPAM_MAX_PCOMPLAINT 0.50f

static int spam_by_cues(const struct classifier *c, const struct cls_result *r)
{
	return c->to_brand <= 0 && c->s.cues[__builtin_ctz(LX_SPAM)] && (c->thread & FT_LINK) &&
	       r->pcomplaint < SPAM_MAX_PCOMPLAINT;
}

static void intent(struct classifier *c, struct cls_result *r)
{
	const struct model *mc = c->m[MF_COMPLAINT], *mi = c->m[MF_INTENT];
	float p[MODEL_MAXK];
	int yes;

	if (mc && (yes = model_label(mc, "true")) >= 0) {
		double th = c->complaint_threshold >= 0 ? c->complaint_threshold : mc->threshold;
		memcpy(p, c->prob[MF_COMPLAINT], sizeof p);
		r->pcomplaint = p[yes];
		r->complaint = p[yes] >= th;
	} else {
		r->pcomplaint = c->s.cues[4] && r->sentlabel == SE_NEGATIVE ? 0.8f : 0.2f;
		r->complaint = r->pcomplaint >= 0.5f;
	}
	if (spam_by_cues(c, r)) {
		r->complaint = 0;
		r->intent = IN_SPAM;
		cls_why(r, "intent:spam cues and a link");
	} else if (r->complaint) { /* the complaint model alone decides complaints */
		r->intent = IN_COMPLAINT;
		char p2[32] = "p=";
		cls_why_word(r, "complaint", 0, p2, 2 + fixed(p2 + 2, r->pcomplaint, 2, 0));
		if (mc)
			model_terms(c, mc, 1, r, "complaint");
	} else if (mi) {
		int b = c->best[MF_INTENT], in;

		memcpy(p, c->prob[MF_INTENT], sizeof p);
		if (intent_from_name(mi->labels[b]) == IN_COMPLAINT) { /* the next best */
			p[b] = -1;
			for (int j = 0; j < mi->k; j++)
				if (p[j] > p[b])
					b = j;
		}
		in = intent_from_name(mi->labels[b]);
		if (in == IN_SPAM && c->to_brand > 0) { /* the next best again */
			p[b] = -1;
			for (int j = 0; j < mi->k; j++)
				if (p[j] > p[b] && intent_from_name(mi->labels[j]) != IN_COMPLAINT)
					b = j;
			in = intent_from_name(mi->labels[b]);
			cls_why(r, "intent:not spam, answers the brand");
		}
		r->intent = in >= 0 ? (enum intent)in : IN_CHATTER;
		model_terms(c, mi, b, r, "intent");
	} else {
		r->intent = intent_by_cues(c, r);
		if (r->intent == IN_SPAM && c->to_brand > 0) {
			r->intent = IN_SUPPORT;
			cls_why(r, "intent:not spam, answers the brand");
		}
	}
}

/* Should an agent answer or act on it: the needs_reply model (text and
 * place in the thread), else what the intent asks for. Spam never does. */
static void needs_reply(struct classifier *c, struct cls_result *r)
{
	const struct model *mn = c->m[MF_NEEDS];
	int yes;

	if (mn && (yes = model_label(mn, "true")) >= 0) {
		float p = c->prob[MF_NEEDS][yes];
		char p2[32] = "p=";
		r->needs_reply = c->best[MF_NEEDS] == yes && r->intent != IN_SPAM;
		cls_why_word(r, "needs_reply", 0, p2, 2 + fixed(p2 + 2, p, 2, 0));
		if (c->to_brand > 0)
			cls_why(r, "thread:answers the brand");
		/* a number, code or address sent to the agent is what the agent
		 * asked for: the case goes on with it, however few its words */
		if ((c->thread & FT_DATA) && !(c->thread & FT_CLOSING) && !r->needs_reply && r->intent != IN_SPAM) {
			r->needs_reply = 1;
			cls_why(r, "needs_reply:data for the agent");
		}
		/* the agent asked this customer something ("which flight were
		 * you on?"): the answer ("from Sydney") is the case's next step,
		 * however little the model makes of its few words; not a
		 * "thanks" or praise that closes it. In scripts/cv-pipeline
		 * inside the training part it changes no answer of the 310
		 * tweets (asked without "@handle" first, a post's "trick or
		 * treat?" to its audience, it would have made "Treat!" a case) */
		if ((c->parent & FP_ASKED) && !(c->thread & FT_CLOSING) && !r->needs_reply &&
		    r->intent != IN_SPAM && r->intent != IN_PRAISE) {
			r->needs_reply = 1;
			cls_why(r, "needs_reply:answers the agent's question");
		}
		/* a complaint waits for an agent, whatever the model says of a
		 * reply: 170 of the 174 complaints in the training part of the
		 * labelled care traffic needed one, and a complaint nobody answers
		 * costs more than a look at one that needed none. Not a "that
		 * worked, thanks" closing the exchange. */
		if (r->complaint && !r->needs_reply && !(c->thread & FT_CLOSING) && r->intent != IN_SPAM) {
			r->needs_reply = 1;
			cls_why(r, "needs_reply:complaint");
		}
		/* a question or a request for help waits for an agent too: in
		 * the labelled care traffic 84 of 87 did (22 of 22 questions),
		 * and the model left "come si collega l'AcmeWatch 2 al
		 * telefono? Grazie..." with no case. Not a closing thanks. */
		if ((r->intent == IN_SUPPORT || r->intent == IN_QUESTION) && !r->needs_reply &&
		    !(c->thread & FT_CLOSING)) {
			r->needs_reply = 1;
			cls_why(r, "needs_reply:intent %s", intent_name(r->intent));
		}
		/* no words of its own: the intent's and complaint's already say
		 * what the text asks, and looking them up costs every record */
		if (r->intent == IN_SPAM)
			cls_why(r, "no_reply:spam");
	} else {
		r->needs_reply = r->complaint || r->intent == IN_SUPPORT || r->intent == IN_QUESTION;
		cls_why(r, "%s:intent %s", r->needs_reply ? "needs_reply" : "no_reply",
			intent_name(r->intent));
	}
}

static void topic(struct classifier *c, struct cls_result *r)
{
	unsigned best = 0;

	r->topic = -1;
	for (int t = 0; t < c->ntopics; t++)
		if (c->s.topic_hits[t] > best)
			best = c->s.topic_hits[t], r->topic = t;
	if (r->topic >= 0)
		cls_why_word(r, "topic", 0, c->topic[r->topic], strlen(c->topic[r->topic]));
}

static int is_marketing(const struct classifier *c, const char *account)
{
	if (!account)
		return 0;
	if (*account == '@')
		account++;
	for (int i = 0; i < c->nmarketing; i++)
		if (strcasecmp(c->marketing[i], account) == 0)
			return 1;
	return 0;
}

static const char *const cue_why[] = {
	[5] = "repeat", [6] = "threat", [7] = "outage",
};

/* 1 most urgent .. 4: complaints first, raised by what makes them worse. */
static void priority(struct classifier *c, const struct msg *m, struct cls_result *r)
{
	int p = 4, needs_answer = r->complaint || r->intent == IN_SUPPORT;

	if (r->complaint)
		p = r->sentiment <= -0.5f ? 2 : 3;
	else if (r->intent == IN_SUPPORT || r->intent == IN_QUESTION)
		p = 3;
	if (needs_answer) {
		for (int t = 5; t <= 7; t++)
			if (c->s.cues[t]) {
				p--;
				cls_why(r, "priority:%s", cue_why[t]);
			}
		if (r->vip) {
			p--;
			cls_why(r, "priority:vip");
		}
		if (m->waited >= 0 && m->waited >= c->wait_hours * 3600) {
			p--;
			cls_why(r, "priority:waited %.0fh", m->waited / 3600);
		}
	}
	r->priority = p < 1 ? 1 : p;
}

void cls_run(struct classifier *c, const struct msg *m, struct cls_result *r)
{
	buf_reset(&r->why);
	buf_reset(&r->whyraw);
	r->nwhy = 0;
	cls_features(c, m->text ? m->text : "", m->text ? m->len : 0, m->to_brand, m->reply_text,
		     m->reply_len);
	r->lang = c->lang;
	if (c->m[MF_LANG]) {
		r->lang = lang_from_code(c->m[MF_LANG]->labels[c->best[MF_LANG]]);
	}
	sentiment(c, r);
	intent(c, r);
	needs_reply(c, r);
	topic(c, r);
	if (c->m[MF_TOPIC]) {
		r->topic = cls_add_topic(c, c->m[MF_TOPIC]->labels[c->best[MF_TOPIC]]);
	}
	r->vip = m->verified > 0 || (m->followers >= 0 && m->followers >= c->vip_followers);
	if (r->vip)
		cls_why(r, m->verified > 0 ? "vip:verified" : "vip:followers>=%.0f", c->vip_followers);
	r->wrong_account = (r->complaint || r->intent == IN_SUPPORT) && is_marketing(c, m->account);
	if (r->wrong_account)
		cls_why(r, "wrong_account:%s is marketing", m->account);
	priority(c, m, r);
}

jv cls_jv(const struct classifier *c, const struct cls_result *r)
{
	/* the keys, made once, in cls_write's order */
	static const char *const names[] = {"lang", "intent", "complaint", "sentiment",
		"sentiment_label", "topic", "priority", "vip", "wrong_account", "needs_reply", "why"};
	static jv key[11];
	jv o = jv_object(), why = jv_array();
	char num[32];

	if (jv_get_kind(key[0]) != JV_KIND_STRING)
		for (int i = 0; i < 11; i++)
			key[i] = jv_string(names[i]);
	fixed(num, r->sentiment, 3, 0); /* the value the written text gives */
	o = jv_object_set(o, jv_copy(key[0]), jv_string(lang_code(r->lang)));
	o = jv_object_set(o, jv_copy(key[1]), jv_string(intent_name(r->intent)));
	o = jv_object_set(o, jv_copy(key[2]), jv_bool(r->complaint));
	o = jv_object_set(o, jv_copy(key[3]), jv_number(strtod(num, NULL)));
	o = jv_object_set(o, jv_copy(key[4]), jv_string(sentiment_names[r->sentlabel]));
	o = jv_object_set(o, jv_copy(key[5]), r->topic >= 0 ? jv_string(c->topic[r->topic]) : jv_null());
	o = jv_object_set(o, jv_copy(key[6]), jv_number(r->priority));
	o = jv_object_set(o, jv_copy(key[7]), jv_bool(r->vip));
	o = jv_object_set(o, jv_copy(key[8]), jv_bool(r->wrong_account));
	o = jv_object_set(o, jv_copy(key[9]), jv_bool(r->needs_reply));
	for (size_t i = 0; i < r->whyraw.len; i += strlen(r->whyraw.p + i) + 1)
		why = jv_array_append(why, jv_string(r->whyraw.p + i));
	return jv_object_set(o, jv_copy(key[10]), why);
}

void cls_write(struct jsonw *w, const struct classifier *c, const struct cls_result *r)
{
	jw_cstr(w, "lang", lang_code(r->lang));
	jw_cstr(w, "intent", intent_name(r->intent));
	jw_bool(w, "complaint", r->complaint);
	char num[32];
	jw_raw(w, "sentiment", num, fixed(num, r->sentiment, 3, 0));
	jw_cstr(w, "sentiment_label", sentiment_names[r->sentlabel]);
	jw_cstr(w, "topic", r->topic >= 0 ? c->topic[r->topic] : NULL);
	jw_int(w, "priority", r->priority);
	jw_bool(w, "vip", r->vip);
	jw_bool(w, "wrong_account", r->wrong_account);
	jw_bool(w, "needs_reply", r->needs_reply);
	jw_key(w, "why");
	buf_putc(w->b, '[');
	buf_put(w->b, r->why.p, r->why.len);
	buf_putc(w->b, ']');
}
