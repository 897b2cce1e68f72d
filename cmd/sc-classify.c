/* sc-classify: add a "class" object to every record (sc-record(5)).
 *
 *   sc-classify [OPTION]... [FILE]...            classify records
 *   sc-classify train --field F [OPTION]... FILE...   train a model
 *   sc-classify eval --field F [OPTION]... FILE...    score against labels
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "classify.h"
#include "clsconfig.h"
#include "diag.h"
#include "jsonw.h"
#include "opt.h"
#include "readpos.h"
#include "record.h"
#include "rules.h"
#include "sctime.h"

enum {
	O_CONFIG = 'c', O_VERBOSE = 'v', O_MODELS = 0x100, O_MODEL, O_MARKETING, O_VIP,
	O_STRICT, O_FIELD, O_LABEL, O_BITS, O_EPOCHS, O_THRESHOLD, O_RATE, O_NOW, O_STATE,
	O_OUTPUT = 'o',
};

static const struct sc_opt classify_opts[] = {
	{"config", O_CONFIG, "FILE", "configuration (JSON): lexicon, taxonomy, thresholds, rules"},
	{"marketing", O_MARKETING, "HANDLE", "HANDLE is a marketing account (repeatable)"},
	{"vip-followers", O_VIP, "N", "authors with N followers or more are VIP (default 10000)"},
	{"model", O_MODEL, "FILE", "use this model for its field instead of the built-in one"},
	{"models", O_MODELS, "DIR", "built-in models and lexicons from DIR (default: see manual)"},
	{"now", O_NOW, "TIME", "count waiting time from created_at to TIME (RFC 3339, or \"now\")"},
	{"output", O_OUTPUT, "OUT", "append to OUT, each run only FILE's new lines (read position in the state)"},
	{"state", O_STATE, "DIR", "state directory, for -o's read position (default $XDG_STATE_HOME/sc)"},
	{"strict", O_STRICT, NULL, "stop at the first bad record"},
	{"verbose", O_VERBOSE, NULL, "report counts on stderr"},
	{0},
};

static const struct sc_opt train_opts[] = {
	{"field", O_FIELD, "F", "what to learn: sentiment, sentiment_en, complaint, intent, needs_reply, topic, lang"},
	{"label-key", O_LABEL, "KEY", "the label is the record's KEY (default \"label\")"},
	{"bits", O_BITS, "N", "2^N weight rows (default 18)"},
	{"epochs", O_EPOCHS, "N", "passes over the data (default 8)"},
	{"rate", O_RATE, "N", "AdaGrad learning rate in thousandths (default 200, i.e. 0.2)"},
	{"threshold", O_THRESHOLD, "P", "two-class models: probability in percent that decides (default 50)"},
	{"models", O_MODELS, "DIR", "lexicons from DIR (the features depend on them)"},
	{0},
};

static const struct sc_opt eval_opts[] = {
	{"field", O_FIELD, "F", "the class field to score (the fields train --field learns)"},
	{"label-key", O_LABEL, "KEY", "the true label is the record's KEY (default \"label\")"},
	{"config", O_CONFIG, "FILE", "configuration, as for classifying"},
	{"model", O_MODEL, "FILE", "use this model for its field instead of the built-in one"},
	{"models", O_MODELS, "DIR", "built-in models and lexicons from DIR"},
	{"verbose", O_VERBOSE, NULL, "report counts on stderr"},
	{0},
};

static const char classify_epilog[] =
	"Commands:\n"
	"  train   train a model from labelled records: sc-classify train --help\n"
	"  eval    score the classifier against labelled records: sc-classify eval --help\n"
	"Models and lexicons are read from --models DIR, else $SC_MODELS, else\n"
	"../share/sc/models next to the binary, else ../models (the build tree).\n"
	"Without FILE, or when FILE is -, standard input is read.\n"
	"With -o OUT and one FILE, each run reads FILE from where the last one stopped\n"
	"(whole lines only) and appends to OUT, exactly once even across kill -9.\n";

static const struct sc_cmd classify_cmd = {
	"sc-classify", "[OPTION]... [FILE]...",
	"Add a \"class\" object (language, intent, complaint, sentiment, topic, priority,\n"
	"VIP, wrong account, needs a reply, and why) to every inbound record.",
	classify_opts, classify_epilog,
};

static const struct sc_cmd train_cmd = {
	"sc-classify train", "--field F [OPTION]... FILE...",
	"Train a model on labelled records (\"text\" and the label) and write it to\n"
	"standard output.",
	train_opts, NULL,
};

static const struct sc_cmd eval_cmd = {
	"sc-classify eval", "--field F [OPTION]... FILE...",
	"Classify labelled records and print accuracy, per-class precision, recall\n"
	"and F1, macro-F1 and the confusion matrix.",
	eval_opts, NULL,
};

struct setup {
	const char *models, *config, *label_key;
	const char *model[MF_N];
	int nmodel, field;
};

static int dir_ok(const char *d)
{
	char p[PATH_MAX];
	struct stat st;

	snprintf(p, sizeof p, "%s/lexicon/en.txt", d);
	return stat(p, &st) == 0;
}

/* --models, $SC_MODELS, then next to the binary: installed, then built. */
static const char *models_dir(const char *opt, char *buf, size_t n)
{
	char exe[PATH_MAX];
	ssize_t l;

	if (opt)
		return opt;
	if (getenv("SC_MODELS") && *getenv("SC_MODELS"))
		return getenv("SC_MODELS");
	l = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (l > 0) {
		exe[l] = '\0';
		char *d = dirname(exe);
		snprintf(buf, n, "%s/../share/sc/models", d);
		if (dir_ok(buf))
			return buf;
		snprintf(buf, n, "%s/../models", d);
		if (dir_ok(buf))
			return buf;
	}
	return "/usr/local/share/sc/models";
}

static void load(struct classifier *c, struct clsrules *cr, struct rule_set **ru, const struct setup *s)
{
	char dbuf[PATH_MAX];
	const char *dir = models_dir(s->models, dbuf, sizeof dbuf);
	struct buf err = BUF_INIT;

	if (cls_load_dir(c, dir, &err))
		sc_die(SC_EXIT_CONFIG, "models: %s", buf_cstr(&err));
	for (int i = 0; i < s->nmodel; i++)
		if (cls_load_model(c, s->model[i], &err))
			sc_die(SC_EXIT_CONFIG, "%s", buf_cstr(&err));
	if (s->config && clsconf_load(c, cr, s->config, &err))
		sc_die(SC_EXIT_CONFIG, "%s", buf_cstr(&err));
	if (cr && cr->n) {
		/* every rule is tried ("continue"): each one that holds sets its fields */
		cr->src = sc_xcalloc((size_t)cr->n, sizeof *cr->src);
		for (int i = 0; i < cr->n; i++)
			cr->src[i] = (struct rule_src){cr->name[i], cr->expr[i], 1};
		*ru = rules_compile(cr->src, cr->n, 0, &err);
	}
	if (cr && cr->n && !*ru) {
		/* every bad rule, by name, before any input is read */
		for (char *line = strtok((char *)buf_cstr(&err), "\n"); line; line = strtok(NULL, "\n"))
			sc_warn("%s: %s", s->config, line);
		exit(SC_EXIT_CONFIG);
	}
	sc_note("models from %s", dir);
	buf_free(&err);
}

/* The few record fields the classifier needs, read in place (lib/jval: no
 * jv is made for a record unless a rule of the config runs jq on it). */
struct keys {
	jv class; /* rules only */
	int have_now;
	struct sc_time now;
};

#define GET(o, lit) jval_get((o), lit, sizeof lit - 1)

/* true 1, false 0, else -1 */
static int tristate(struct jval v)
{
	return v.kind == JV_KIND_TRUE ? 1 : v.kind == JV_KIND_FALSE ? 0 : -1;
}

static void msg_of(const struct keys *k, const struct jval *rec, struct msg *m)
{
	struct jval t = GET(rec, "text"), a = GET(rec, "author"), acc = GET(rec, "account");
	struct sc_time t0;
	const char *why;
	size_t n;

	m->waited = -1;
	if (k->have_now) { /* only asked for: it costs a lookup and a parse */
		struct jval ca = GET(rec, "created_at");
		const char *s = jval_str(&ca, &n);
		if (s && sc_time_parse(s, strlen(s), &t0, &why) == 0 && t0.sec <= k->now.sec)
			m->waited = (double)(k->now.sec - t0.sec);
	}

	/* the record owns the strings: valid while it lives */
	m->text = jval_str(&t, &m->len);
	if (!m->text)
		m->len = 0;
	m->account = jval_str(&acc, &n);
	m->followers = -1;
	m->verified = -1;
	m->to_brand = tristate(GET(rec, "in_reply_to_brand"));
	{
		struct jval rt = GET(rec, "in_reply_to_text");
		m->reply_text = jval_str(&rt, &m->reply_len);
		if (!m->reply_text)
			m->reply_len = 0;
	}
	if (a.kind == JV_KIND_OBJECT) {
		struct jval f = GET(&a, "followers");
		if (f.kind == JV_KIND_NUMBER)
			m->followers = jval_num(&f);
		m->verified = tristate(GET(&a, "verified"));
	}
}

static void keys_init(struct keys *k)
{
	k->class = jv_string("class");
	k->have_now = 0;
}

static void keys_free(struct keys *k)
{
	jv_free(k->class);
}

/* The brand's own messages (direction "out") are not what a customer
 * asks: they pass through as they are, as in sc-route. So do sc-route's
 * lines that are not messages (a resolve, a hand-over: sc-record(5)); they
 * have no direction, so messages pay no second lookup. */
static int passes(const struct jval *rec)
{
	struct jval d = GET(rec, "direction");
	size_t n;
	const char *s = jval_str(&d, &n);

	if (d.kind == JV_KIND_INVALID) {
		struct jval t = GET(rec, "type");
		s = jval_str(&t, &n);
		return s && rec_control_type(s, n);
	}
	return s && strcmp(s, "out") == 0;
}

/* Rules see the record with its class; the "set" of each rule that holds
 * is merged into the class (cold path: only records a rule matched). */
/* A rule that fails at run time does not hold; said by name, a few times. */
static unsigned long rule_failures;

static void rule_error(void *ctx, int rule, const char *msg)
{
	const struct clsrules *cr = ctx;

	if (rule_failures++ < 20)
		sc_warn("rule %s: %s", cr->name[rule], msg);
}

static void apply_rules(struct rule_set *ru, const struct clsrules *cr, struct recin *in,
			const struct keys *k, jv cls, struct buf *out)
{
	jv why, rec;
	int match[64], n, had = jv_object_has(jv_copy(recin_jv(in)), jv_copy(k->class));

	/* The record is ours alone (refcount 1): "class" is set in place and
	 * taken out again after, instead of copying the whole object. A record
	 * that already has a class (a second run) is copied, so that rec_splice
	 * still sees and replaces it. */
	if (had) {
		rec = jv_object_set(jv_copy(in->v), jv_copy(k->class), jv_copy(cls));
	} else {
		rec = jv_object_set(in->v, jv_copy(k->class), jv_copy(cls));
		in->v = jv_invalid();
	}
	n = rules_eval(ru, rec, match, 64, rule_error, (void *)cr);
	if (had)
		jv_free(rec);
	else
		in->v = jv_object_delete(rec, jv_copy(k->class));
	if (!n) {
		jv_free(cls);
		return;
	}
	why = jv_object_get(jv_copy(cls), jv_string("why"));
	for (int i = 0; i < n; i++) {
		cls = jv_object_merge(cls, jv_copy(cr->set[match[i]]));
		why = jv_array_append(why, jv_string_fmt("rule:%s", cr->name[match[i]]));
	}
	cls = jv_object_set(cls, jv_string("why"), why);
	cls = jv_dump_string(cls, 0);
	buf_reset(out);
	buf_puts(out, jv_string_value(cls));
	jv_free(cls);
}

static int cmd_classify(int argc, char **argv)
{
	struct setup s = {0};
	struct classifier c;
	struct clsrules cr = {0};
	struct rule_set *ru = NULL;
	struct recin in;
	struct readpos rp;
	struct cls_result r = {0};
	struct buf out = BUF_INIT;
	struct keys k;
	struct msg m;
	struct jsonw w;
	char *arg;
	const char *now = NULL, *output = NULL, *state = NULL;
	unsigned long nout = 0;
	int opt, strict = 0, status;

	cls_init(&c);
	while ((opt = sc_getopt(argc, argv, &classify_cmd, &arg)) != -1) {
		switch (opt) {
		case O_CONFIG: s.config = arg; break;
		case O_MODELS: s.models = arg; break;
		case O_MODEL:
			if (s.nmodel == MF_N)
				sc_usage_error(&classify_cmd, "too many --model options");
			s.model[s.nmodel++] = arg;
			break;
		case O_MARKETING: cls_add_marketing(&c, arg); break;
		case O_VIP: c.vip_followers = (double)sc_opt_num(&classify_cmd, "vip-followers", arg, 0, 1000000000000LL); break;
		case O_STRICT: strict = 1; break;
		case O_VERBOSE: sc_verbose = 1; break;
		case O_NOW: now = arg; break;
		case O_OUTPUT: output = arg; break;
		case O_STATE: state = arg; break;
		}
	}
	if (state && !output)
		sc_usage_error(&classify_cmd, "--state keeps -o's read position: it goes with -o");
	keys_init(&k);
	if (now) {
		const char *why;
		k.have_now = 1;
		if (strcmp(now, "now") == 0)
			k.now.sec = (int64_t)time(NULL);
		else if (sc_time_parse(now, strlen(now), &k.now, &why))
			sc_usage_error(&classify_cmd, "--now: '%s': %s", now, why);
	}
	load(&c, &cr, &ru, &s);
	if (output)
		readpos_start(&rp, &classify_cmd, NULL, state, "classify", argv + sc_optind,
			      argc - sc_optind, output, &in, strict);
	else
		recin_open(&in, argv + sc_optind, argc - sc_optind, strict);
	in.lazy = 1;
	while (recin_next(&in)) {
		if (passes(&in.doc)) {
			rec_write(stdout, in.line, in.len);
			nout++;
			continue;
		}
		msg_of(&k, &in.doc, &m);
		cls_run(&c, &m, &r);
		buf_reset(&out);
		jw_begin(&w, &out);
		cls_write(&w, &c, &r);
		jw_end(&w);
		if (cr.n)
			apply_rules(ru, &cr, &in, &k, cls_jv(&c, &r), &out);
		rec_splice(stdout, &in, "class", out.p, out.len);
	}
	sc_note("%lu records (%lu outbound or not messages, passed through), %lu bad", in.n, nout,
		in.bad);
	status = recin_status(&in);
	if (rule_failures) { /* the records went out, but not as the rules meant */
		sc_warn("rules failed %lu time%s (treated as no match)", rule_failures,
			rule_failures == 1 ? "" : "s");
		status = status ? status : SC_EXIT_FAIL;
	}
	if (output) {
		if (readpos_finish(&rp))
			status = SC_EXIT_FAIL;
		readpos_close(&rp);
	}
	recin_close(&in);
	keys_free(&k);
	buf_free(&out);
	buf_free(&r.why);
	buf_free(&r.whyraw);
	rules_free(ru);
	clsrules_free(&cr);
	cls_free(&c);
	opt = sc_close_stdout();
	return status ? status : opt;
}

/* A label as text: strings as they are, true/false, numbers as %g; for the
 * complaint field 1/0/yes/no too become true/false. */
static int label_of(jv rec, const char *key, int field, char *out, size_t n)
{
	jv v = jv_object_get(jv_copy(rec), jv_string(key));
	int ok = 1;

	switch (jv_get_kind(v)) {
	case JV_KIND_STRING: snprintf(out, n, "%s", jv_string_value(v)); break;
	case JV_KIND_TRUE: snprintf(out, n, "true"); break;
	case JV_KIND_FALSE: snprintf(out, n, "false"); break;
	case JV_KIND_NUMBER: snprintf(out, n, "%g", jv_number_value(v)); break;
	case JV_KIND_NULL: snprintf(out, n, "null"); break;
	default: ok = 0;
	}
	jv_free(v);
	if (ok && (field == MF_COMPLAINT || field == MF_NEEDS))
		snprintf(out, n, "%s", strcmp(out, "1") == 0 || strcmp(out, "true") == 0 ||
				       strcmp(out, "yes") == 0 ? "true" : "false");
	return ok;
}

struct labels {
	char name[MODEL_MAXK * 2][MODEL_MAXLABEL];
	int n;
};

static int label_index(struct labels *l, const char *s)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->name[i], s) == 0)
			return i;
	if (l->n == MODEL_MAXK * 2)
		return -1;
	snprintf(l->name[l->n], MODEL_MAXLABEL, "%s", s);
	return l->n++;
}

static int field_arg(const struct sc_cmd *cmd, const char *arg)
{
	int f = mfield_from_name(arg);

	if (f < 0)
		sc_usage_error(cmd, "--field: '%s' is not sentiment, sentiment_en, complaint, intent, needs_reply, topic or lang", arg);
	return f;
}

static int cmp_label(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int cmd_train(int argc, char **argv)
{
	struct setup s = {.label_key = "label", .field = -1};
	struct classifier c;
	struct trainset ts = {0};
	struct labels l = {0}, sorted;
	struct recin in;
	struct model m;
	long long bits = 18, epochs = 8;
	double threshold = 0.5, rate = 0.2;
	int remap[MODEL_MAXK * 2], opt, status;
	char *arg, lab[MODEL_MAXLABEL];

	while ((opt = sc_getopt(argc, argv, &train_cmd, &arg)) != -1) {
		switch (opt) {
		case O_FIELD: s.field = field_arg(&train_cmd, arg); break;
		case O_LABEL: s.label_key = arg; break;
		case O_BITS: bits = sc_opt_num(&train_cmd, "bits", arg, 8, 24); break;
		case O_EPOCHS: epochs = sc_opt_num(&train_cmd, "epochs", arg, 1, 1000); break;
		case O_THRESHOLD: threshold = (double)sc_opt_num(&train_cmd, "threshold", arg, 1, 99) / 100; break;
		case O_RATE: rate = (double)sc_opt_num(&train_cmd, "rate", arg, 1, 10000) / 1000; break;
		case O_MODELS: s.models = arg; break;
		}
	}
	if (s.field < 0)
		sc_usage_error(&train_cmd, "--field is required");
	if (sc_optind >= argc)
		sc_usage_error(&train_cmd, "no training FILE given");
	cls_init(&c);
	load(&c, NULL, NULL, &s);
	/* a model never learns from an older self; a sentiment model never
	 * from the other one's output either */
	for (int f = 0; f < MF_N; f++)
		if (c.m[f] && (f == s.field || (f <= MF_SENT_EN && s.field <= MF_SENT_EN))) {
			model_free(c.m[f]);
			free(c.m[f]);
			c.m[f] = NULL;
		}
	recin_open(&in, argv + sc_optind, argc - sc_optind, 0);
	while (recin_next(&in)) {
		jv t = jv_object_get(jv_copy(in.v), jv_string("text"));
		int y;
		if (jv_get_kind(t) != JV_KIND_STRING || !label_of(in.v, s.label_key, s.field, lab, sizeof lab)) {
			recin_bad(&in, "want a \"text\" string and a \"%s\" label", s.label_key);
			jv_free(t);
			continue;
		}
		if ((y = label_index(&l, lab)) < 0 || l.n > MODEL_MAXK)
			sc_die(SC_EXIT_FAIL, "more than %d labels", MODEL_MAXK);
		jv tb = jv_object_get(jv_copy(in.v), jv_string("in_reply_to_brand"));
		jv rt = jv_object_get(jv_copy(in.v), jv_string("in_reply_to_text"));
		int krt = jv_get_kind(rt) == JV_KIND_STRING;
		cls_features(&c, jv_string_value(t), (size_t)jv_string_length_bytes(jv_copy(t)),
			     jv_get_kind(tb) == JV_KIND_TRUE ? 1 : jv_get_kind(tb) == JV_KIND_FALSE ? 0 : -1,
			     krt ? jv_string_value(rt) : NULL, krt ? (size_t)jv_string_length_bytes(jv_copy(rt)) : 0);
		jv_free(tb);
		jv_free(rt);
		if (s.field <= MF_SENT_EN) /* as it predicts: from the text's features alone */
			c.f.n = c.ntext;
		ts_add(&ts, &c.f, y);
		jv_free(t);
	}
	status = recin_status(&in);
	recin_close(&in);
	if (l.n < 2)
		sc_die(SC_EXIT_FAIL, "need two labels or more, found %d", l.n);
	sorted = l; /* labels in a fixed order, whatever the input order */
	qsort(sorted.name, (size_t)sorted.n, sizeof sorted.name[0], cmp_label);
	for (int i = 0; i < l.n; i++)
		remap[i] = label_index(&sorted, l.name[i]);
	for (size_t i = 0; i < ts.nex; i++)
		ts.y[i] = remap[ts.y[i]];
	model_new(&m, mfield_name(s.field), sorted.name, sorted.n, (unsigned)bits);
	m.threshold = (float)threshold;
	model_train(&m, &ts, (int)epochs, (float)rate, 1e-6f, 0);
	model_save(&m, stdout);
	sc_note("%zu examples, %d labels", ts.nex, l.n);
	model_free(&m);
	ts_free(&ts);
	cls_free(&c);
	opt = sc_close_stdout();
	return status ? status : opt;
}

static const char *predicted(const struct classifier *c, const struct cls_result *r, int field)
{
	switch (field) {
	case MF_SENTIMENT:
	case MF_SENT_EN: return sentiment_names[r->sentlabel];
	case MF_COMPLAINT: return r->complaint ? "true" : "false";
	case MF_INTENT: return intent_name(r->intent);
	case MF_NEEDS: return r->needs_reply ? "true" : "false";
	case MF_TOPIC: return r->topic >= 0 ? c->topic[r->topic] : "null";
	default: return lang_code(r->lang);
	}
}

static void report(const struct labels *l, unsigned long cm[][MODEL_MAXK * 2], unsigned long total)
{
	unsigned long right = 0;
	double f1sum = 0;
	int nf = 0;

	for (int i = 0; i < l->n; i++)
		right += cm[i][i];
	printf("records %lu\naccuracy %.4f\n\n%-14s %9s %9s %9s %8s\n", total,
	       total ? (double)right / (double)total : 0, "class", "precision", "recall", "f1", "support");
	for (int i = 0; i < l->n; i++) {
		unsigned long tp = cm[i][i], gold = 0, pred = 0;
		for (int j = 0; j < l->n; j++)
			gold += cm[i][j], pred += cm[j][i];
		double p = pred ? (double)tp / (double)pred : 0, r = gold ? (double)tp / (double)gold : 0;
		double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
		if (gold) /* macro-F1 over the classes that are in the labels */
			f1sum += f, nf++;
		printf("%-14s %9.4f %9.4f %9.4f %8lu\n", l->name[i], p, r, f, gold);
	}
	printf("\nmacro-F1 %.4f\n\nconfusion (rows: label, columns: predicted)\n%-14s", nf ? f1sum / nf : 0, "");
	for (int j = 0; j < l->n; j++)
		printf(" %10.10s", l->name[j]);
	for (int i = 0; i < l->n; i++) {
		printf("\n%-14s", l->name[i]);
		for (int j = 0; j < l->n; j++)
			printf(" %10lu", cm[i][j]);
	}
	printf("\n");
}

static int cmd_eval(int argc, char **argv)
{
	struct setup s = {.label_key = "label", .field = -1};
	static unsigned long cm[MODEL_MAXK * 2][MODEL_MAXK * 2];
	struct classifier c;
	struct clsrules cr = {0};
	struct rule_set *ru = NULL;
	struct cls_result r = {0};
	struct labels l = {0};
	struct keys k;
	struct recin in;
	struct msg m;
	unsigned long total = 0;
	char *arg, lab[MODEL_MAXLABEL];
	int opt, status;

	cls_init(&c);
	while ((opt = sc_getopt(argc, argv, &eval_cmd, &arg)) != -1) {
		switch (opt) {
		case O_FIELD: s.field = field_arg(&eval_cmd, arg); break;
		case O_LABEL: s.label_key = arg; break;
		case O_CONFIG: s.config = arg; break;
		case O_MODELS: s.models = arg; break;
		case O_MODEL:
			if (s.nmodel == MF_N)
				sc_usage_error(&eval_cmd, "too many --model options");
			s.model[s.nmodel++] = arg;
			break;
		case O_VERBOSE: sc_verbose = 1; break;
		}
	}
	if (s.field < 0)
		sc_usage_error(&eval_cmd, "--field is required");
	load(&c, &cr, &ru, &s);
	keys_init(&k);
	recin_open(&in, argv + sc_optind, argc - sc_optind, 0);
	while (recin_next(&in)) {
		int g, p;
		if (!label_of(in.v, s.label_key, s.field, lab, sizeof lab)) {
			recin_bad(&in, "no \"%s\" label", s.label_key);
			continue;
		}
		msg_of(&k, &in.doc, &m);
		cls_run(&c, &m, &r);
		g = label_index(&l, lab);
		p = label_index(&l, predicted(&c, &r, s.field));
		if (g < 0 || p < 0)
			sc_die(SC_EXIT_FAIL, "more than %d labels", MODEL_MAXK * 2);
		cm[g][p]++;
		total++;
	}
	report(&l, cm, total);
	status = recin_status(&in);
	recin_close(&in);
	keys_free(&k);
	buf_free(&r.why);
	buf_free(&r.whyraw);
	rules_free(ru);
	clsrules_free(&cr);
	cls_free(&c);
	opt = sc_close_stdout();
	return status ? status : opt;
}

int main(int argc, char **argv)
{
	sc_init("sc-classify");
	if (argc > 1 && strcmp(argv[1], "train") == 0)
		return cmd_train(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "eval") == 0)
		return cmd_eval(argc - 1, argv + 1);
	return cmd_classify(argc, argv);
}
