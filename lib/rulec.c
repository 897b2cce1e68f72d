/* A jq subset parsed into a tree and evaluated in C (see rulec.h). The
 * tokenizer and the precedences follow jq 1.6's lexer.l and parser.y:
 * "|" lowest, then "//", "or", "and", the comparisons (not chained);
 * anything the parser does not know ends the compile, and libjq keeps the
 * rule. */
#include <stdlib.h>
#include <string.h>

#include <oniguruma.h>

#include "diag.h"
#include "rulec.h"

enum tok {
	T_EOF, T_DOT, T_FIELD, T_STR, T_NUM, T_IDENT, T_LP, T_RP, T_LB, T_RB, T_SEMI, T_COMMA,
	T_PIPE, T_ALT, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_MINUS, T_AND, T_OR, T_BAD
};

enum node_type {
	N_DOT, N_LIT, N_FIELD, N_ITER, N_PIPE, N_ALT, N_OR, N_AND, N_CMP, N_NOT, N_TEST,
	N_ANY, N_ALL, N_IN, N_INDEX
};

struct node {
	enum node_type type;
	enum tok op;        /* N_CMP */
	int a, b;           /* children (N_FIELD, N_ITER: a; N_ANY, N_ALL: a the generator) */
	int gen;            /* N_ITER: the generator of an any/all (the only place allowed) */
	jv lit;             /* N_LIT, N_INDEX: the value; N_FIELD: the key; N_IN: array of values */
	OnigRegex re;       /* N_TEST */
	const char *key;    /* N_FIELD: the key's bytes (lit's), their length and hash */
	size_t klen;
	unsigned kh;
};

struct rulec {
	struct node *n;
	int nn, cap, root;
};

struct parser {
	struct rulec *c;
	const char *s;
	enum tok t;
	const char *ts;     /* the token's text (T_FIELD, T_IDENT) */
	size_t tlen;
	jv tv;              /* T_STR, T_NUM: the value */
	int bad;
};

static int is_id0(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static int is_id(int ch)
{
	return is_id0(ch) || (ch >= '0' && ch <= '9');
}

static int is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

/* One run of escapes, as jq's lexer hands it to the JSON parser:
 * (\\[^u(]|\\u[a-zA-Z0-9]{0,4})+ */
static size_t escape_run(const char *s)
{
	size_t i = 0;

	while (s[i] == '\\' && s[i + 1] && s[i + 1] != '(') {
		if (s[i + 1] != 'u') {
			i += 2;
			continue;
		}
		i += 2;
		for (int k = 0; k < 4 && (is_digit(s[i]) || ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z')); k++)
			i++;
	}
	return i;
}

/* A string literal from its opening quote: jq's QQSTRING rules, each run
 * of escapes through libjq's JSON parser, the text between as
 * jv_string_sized; an interpolation or an escape jq refuses: not ours. */
static const char *string_lit(const char *s, jv *out)
{
	jv v = jv_string("");

	for (s++; *s != '"'; ) {
		size_t n = escape_run(s);
		jv part;
		if (!*s || (s[0] == '\\' && !n)) { /* the end, "\(" or a lone "\" */
			jv_free(v);
			return NULL;
		}
		if (n) {
			jv q = jv_string_fmt("\"%.*s\"", (int)n, s);
			part = jv_parse_sized(jv_string_value(q), jv_string_length_bytes(jv_copy(q)));
			jv_free(q);
			if (jv_get_kind(part) != JV_KIND_STRING) {
				jv_free(part);
				jv_free(v);
				return NULL;
			}
		} else {
			n = strcspn(s, "\\\"");
			part = jv_string_sized(s, (int)n);
		}
		v = jv_string_concat(v, part);
		s += n;
	}
	*out = v;
	return s + 1;
}

static void next(struct parser *p)
{
	const char *s = p->s;

	jv_free(p->tv); /* a literal not taken */
	p->tv = jv_null();
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (*s != '#')
			break;
		s += strcspn(s, "\n");
	}
	p->ts = s;
	p->tlen = 1;
	switch (*s) {
	case '\0': p->t = T_EOF; p->tlen = 0; break;
	case '(': p->t = T_LP; break;
	case ')': p->t = T_RP; break;
	case '[': p->t = T_LB; break;
	case ']': p->t = T_RB; break;
	case ';': p->t = T_SEMI; break;
	case ',': p->t = T_COMMA; break;
	case '-': p->t = s[1] == '=' ? T_BAD : T_MINUS; break;
	case '|': p->t = s[1] == '=' ? T_BAD : T_PIPE; break;
	case '/':
		p->t = s[1] == '/' && s[2] != '=' ? T_ALT : T_BAD;
		p->tlen = 2;
		break;
	case '=': p->t = s[1] == '=' ? T_EQ : T_BAD; p->tlen = 2; break;
	case '!': p->t = s[1] == '=' ? T_NE : T_BAD; p->tlen = 2; break;
	case '<':
	case '>':
		p->tlen = s[1] == '=' ? 2 : 1;
		p->t = *s == '<' ? (p->tlen == 2 ? T_LE : T_LT) : (p->tlen == 2 ? T_GE : T_GT);
		break;
	case '"': {
		const char *e = string_lit(s, &p->tv);
		p->t = e ? T_STR : T_BAD;
		p->tlen = e ? (size_t)(e - s) : 1;
		break;
	}
	case '.':
		if (is_id0((unsigned char)s[1])) {
			p->t = T_FIELD;
			p->ts = s + 1;
			for (p->tlen = 1; is_id((unsigned char)s[p->tlen]); p->tlen++)
				;
			p->s = s + p->tlen;
			p->tlen--;
			return;
		}
		p->t = s[1] == '.' || is_digit((unsigned char)s[1]) ? T_BAD : T_DOT;
		break;
	default:
		if (is_digit((unsigned char)*s)) {
			size_t n = 0;
			char num[64];
			while (is_digit((unsigned char)s[n]))
				n++;
			if (s[n] == '.')
				for (n++; is_digit((unsigned char)s[n]); n++)
					;
			if ((s[n] | 32) == 'e') {
				size_t e = n + 1 + (s[n + 1] == '+' || s[n + 1] == '-');
				if (is_digit((unsigned char)s[e]))
					for (n = e; is_digit((unsigned char)s[n]); n++)
						;
			}
			p->tlen = n;
			if (n >= sizeof num || is_id((unsigned char)s[n]) || s[n] == '.') {
				p->t = T_BAD;
				break;
			}
			memcpy(num, s, n);
			num[n] = '\0';
			p->tv = jv_number(strtod(num, NULL));
			p->t = T_NUM;
		} else if (is_id0((unsigned char)*s)) {
			size_t n = 1;
			while (is_id((unsigned char)s[n]))
				n++;
			p->tlen = n;
			p->t = s[n] == ':' ? T_BAD : T_IDENT;
			if (n == 3 && !memcmp(s, "and", 3))
				p->t = T_AND;
			else if (n == 2 && !memcmp(s, "or", 2))
				p->t = T_OR;
		} else {
			p->t = T_BAD;
		}
	}
	p->s = s + p->tlen;
}

static int is_word(const struct parser *p, const char *w)
{
	return p->t == T_IDENT && p->tlen == strlen(w) && !memcmp(p->ts, w, p->tlen);
}

static int node(struct parser *p, enum node_type type, int a, int b)
{
	struct rulec *c = p->c;

	if (c->nn == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->n = sc_xrealloc(c->n, (size_t)c->cap * sizeof *c->n);
	}
	c->n[c->nn] = (struct node){type, T_EOF, a, b, 0, jv_null(), NULL};
	return c->nn++;
}

static int fail(struct parser *p)
{
	p->bad = 1;
	return 0;
}

static int expect(struct parser *p, enum tok t)
{
	if (p->t != t)
		return fail(p);
	next(p);
	return 1;
}

static int pipe_expr(struct parser *p);

/* A literal: string, number, -number, true, false, null (jq's IDENT
 * rule makes those three constants). 0 when the token is none. */
static int literal(struct parser *p, jv *v)
{
	if (p->t == T_STR || p->t == T_NUM) {
		*v = p->tv;
		p->tv = jv_null();
	} else if (p->t == T_MINUS) {
		next(p);
		if (p->t != T_NUM)
			return fail(p);
		*v = jv_number(-jv_number_value(p->tv));
	} else if (is_word(p, "true")) {
		*v = jv_true();
	} else if (is_word(p, "false")) {
		*v = jv_false();
	} else if (is_word(p, "null")) {
		*v = jv_null();
	} else {
		return 0;
	}
	next(p);
	return 1;
}

/* jq 1.6's _match_impl: ONIG_OPTION_CAPTURE_GROUP, the modifiers, UTF-8,
 * Perl_NG syntax. A pattern or modifier jq would refuse at run time
 * leaves the rule to jq (its error, its message). */
static int regex(struct parser *p, int n, jv re, jv flags)
{
	OnigOptionType opt = ONIG_OPTION_CAPTURE_GROUP;
	OnigErrorInfo einfo;
	const char *f = jv_get_kind(flags) == JV_KIND_STRING ? jv_string_value(flags) : "";
	int rc;

	for (; *f; f++) {
		switch (*f) {
		case 'g': break;
		case 'i': opt |= ONIG_OPTION_IGNORECASE; break;
		case 'x': opt |= ONIG_OPTION_EXTEND; break;
		case 'm': opt |= ONIG_OPTION_MULTILINE; break;
		case 's': opt |= ONIG_OPTION_SINGLELINE; break;
		case 'p': opt |= ONIG_OPTION_MULTILINE | ONIG_OPTION_SINGLELINE; break;
		case 'l': opt |= ONIG_OPTION_FIND_LONGEST; break;
		case 'n': opt |= ONIG_OPTION_FIND_NOT_EMPTY; break;
		default: return fail(p);
		}
	}
	if (jv_get_kind(flags) == JV_KIND_STRING && jv_string_length_bytes(jv_copy(flags)) != (int)strlen(jv_string_value(flags)))
		return fail(p); /* a NUL in the modifiers: jq's explode sees it, strlen does not */
	rc = onig_new(&p->c->n[n].re, (const OnigUChar *)jv_string_value(re),
		      (const OnigUChar *)jv_string_value(re) + jv_string_length_bytes(jv_copy(re)),
		      opt, ONIG_ENCODING_UTF8, ONIG_SYNTAX_PERL_NG, &einfo);
	if (rc != ONIG_NORMAL) {
		p->c->n[n].re = NULL;
		return fail(p);
	}
	return 1;
}

/* test(STRING) or test(STRING; STRING) */
static int test_call(struct parser *p)
{
	jv re = jv_null(), flags = jv_null();
	int n = node(p, N_TEST, -1, -1);

	next(p);
	if (expect(p, T_LP) && literal(p, &re) && jv_get_kind(re) == JV_KIND_STRING &&
	    (p->t == T_RP || (expect(p, T_SEMI) && literal(p, &flags) && jv_get_kind(flags) == JV_KIND_STRING)) &&
	    expect(p, T_RP))
		regex(p, n, re, flags);
	else
		fail(p);
	jv_free(re);
	jv_free(flags);
	return n;
}

/* any, any(COND), any(GEN[]; COND); the same for all. */
static int quantifier(struct parser *p, enum node_type type)
{
	int gen, cond;

	next(p);
	if (p->t != T_LP) {
		gen = node(p, N_ITER, node(p, N_DOT, -1, -1), -1);
		cond = node(p, N_DOT, -1, -1);
	} else {
		next(p);
		cond = pipe_expr(p);
		if (p->t == T_SEMI) {
			next(p);
			gen = cond;
			cond = pipe_expr(p);
		} else {
			gen = node(p, N_ITER, node(p, N_DOT, -1, -1), -1);
		}
		expect(p, T_RP);
	}
	if (p->bad || p->c->n[gen].type != N_ITER)
		return fail(p);
	p->c->n[gen].gen = 1;
	return node(p, type, gen, cond);
}

static int term(struct parser *p)
{
	jv v;
	int n;

	if (p->bad)
		return 0;
	if (literal(p, &v)) {
		n = node(p, N_LIT, -1, -1);
		p->c->n[n].lit = v;
		return n;
	}
	if (p->bad)
		return 0;
	switch (p->t) {
	case T_DOT:
		next(p);
		return node(p, N_DOT, -1, -1);
	case T_FIELD:
		return node(p, N_DOT, -1, -1); /* the postfix loop takes the field */
	case T_LP:
		next(p);
		n = pipe_expr(p);
		expect(p, T_RP);
		return n;
	case T_IDENT:
		if (is_word(p, "not")) {
			next(p);
			return node(p, N_NOT, -1, -1);
		}
		if (is_word(p, "test"))
			return test_call(p);
		if (is_word(p, "any"))
			return quantifier(p, N_ANY);
		if (is_word(p, "all"))
			return quantifier(p, N_ALL);
		if (is_word(p, "index")) {
			next(p);
			n = node(p, N_INDEX, -1, -1);
			if (!expect(p, T_LP) || !literal(p, &p->c->n[n].lit) || !expect(p, T_RP))
				return fail(p);
			return n;
		}
		if (is_word(p, "IN")) {
			jv all = jv_array();
			next(p);
			expect(p, T_LP);
			while (!p->bad && literal(p, &v)) {
				all = jv_array_append(all, v);
				if (p->t != T_COMMA)
					break;
				next(p);
			}
			n = node(p, N_IN, -1, -1);
			p->c->n[n].lit = all;
			if (!expect(p, T_RP) || jv_array_length(jv_copy(all)) == 0)
				return fail(p);
			return n;
		}
		return fail(p);
	default:
		return fail(p);
	}
}

/* A term with its .field and [] suffixes. */
static int postfix(struct parser *p)
{
	int n = term(p);

	while (!p->bad) {
		if (p->t == T_FIELD) {
			n = node(p, N_FIELD, n, -1);
			p->c->n[n].lit = jv_string_sized(p->ts, (int)p->tlen);
			next(p);
		} else if (p->t == T_LB) {
			next(p);
			if (!expect(p, T_RB))
				return 0;
			n = node(p, N_ITER, n, -1);
		} else {
			break;
		}
	}
	return n;
}

static int is_cmp(enum tok t)
{
	return t == T_EQ || t == T_NE || t == T_LT || t == T_LE || t == T_GT || t == T_GE;
}

static int compare(struct parser *p)
{
	int a = postfix(p), n;
	enum tok op = p->t;

	if (p->bad || !is_cmp(op))
		return a;
	next(p);
	n = node(p, N_CMP, a, postfix(p));
	p->c->n[n].op = op;
	if (is_cmp(p->t)) /* non-associative in jq: a syntax error */
		return fail(p);
	return n;
}

/* The binary operators from the loosest: "|", "//", "or", "and". jq
 * makes "|" and "//" right-associative; on single values, grouping
 * either way gives the same value. */
static const struct {
	enum tok t;
	enum node_type type;
} levels[] = {{T_PIPE, N_PIPE}, {T_ALT, N_ALT}, {T_OR, N_OR}, {T_AND, N_AND}};

static int binary(struct parser *p, size_t level)
{
	int n;

	if (level == sizeof levels / sizeof *levels)
		return compare(p);
	n = binary(p, level + 1);
	while (!p->bad && p->t == levels[level].t) {
		next(p);
		n = node(p, levels[level].type, n, binary(p, level + 1));
	}
	return n;
}

static int pipe_expr(struct parser *p)
{
	return binary(p, 0);
}

struct rulec *rulec_compile(const char *expr)
{
	struct rulec *c = sc_xcalloc(1, sizeof *c);
	struct parser p = {c, expr ? expr : "true", T_EOF, NULL, 0, jv_null(), 0};

	next(&p);
	c->root = pipe_expr(&p);
	if (p.t != T_EOF)
		p.bad = 1;
	for (int i = 0; i < c->nn && !p.bad; i++)
		if (c->n[i].type == N_ITER && !c->n[i].gen)
			p.bad = 1; /* several outputs: "the first one counts" is jq's to say */
	jv_free(p.tv);
	if (p.bad) {
		rulec_free(c);
		return NULL;
	}
	for (int i = 0; i < c->nn; i++) {
		struct node *n = &c->n[i];
		if (n->type != N_FIELD)
			continue;
		n->key = jv_string_value(n->lit);
		n->klen = (size_t)jv_string_length_bytes(jv_copy(n->lit));
		n->kh = 2166136261u; /* FNV-1a */
		for (size_t k = 0; k < n->klen; k++)
			n->kh = (n->kh ^ (unsigned char)n->key[k]) * 16777619u;
	}
	return c;
}

void rulec_free(struct rulec *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->nn; i++) {
		jv_free(c->n[i].lit);
		if (c->n[i].re)
			onig_free(c->n[i].re);
	}
	free(c->n);
	free(c);
}
/* ---- evaluation -------------------------------------------------------
 * On struct jval (jval.h): the record read in place from simdjson's
 * document, or a jv, with one evaluator. Every value is borrowed (the
 * record, the tree's literals, or a scalar that owns nothing), so nothing
 * is allocated or freed; only arrays and objects compared as wholes are
 * made into jv, to be compared by libjq itself. */

static struct jval scalar(jv v)
{
	return jval_of_jv(v); /* null, true, false, a number: nothing to free */
}

static int truthy(const struct jval *v)
{
	return v->kind != JV_KIND_NULL && v->kind != JV_KIND_FALSE;
}

/* jq 1.6's jv_cmp: kinds first (in jv_kind's order), then numbers as
 * doubles, strings by memcmp then length; arrays and objects by libjq. */
static int cmp(const struct jval *a, const struct jval *b)
{
	if (a->kind != b->kind)
		return a->kind - b->kind;
	switch (a->kind) {
	case JV_KIND_NUMBER: {
		double x = jval_num(a), y = jval_num(b);
		return x < y ? -1 : x == y ? 0 : 1;
	}
	case JV_KIND_STRING: {
		size_t na, nb;
		const char *sa = jval_str(a, &na), *sb = jval_str(b, &nb);
		int r = memcmp(sa, sb, na < nb ? na : nb);
		return r ? r : (na > nb) - (na < nb);
	}
	case JV_KIND_ARRAY:
	case JV_KIND_OBJECT:
		return jv_cmp(jval_jv(a), jval_jv(b));
	default:
		return 0;
	}
}

/* jq 1.6's jv_equal: the same kind, then numbers by ==, the rest by cmp. */
static int equal(const struct jval *a, const struct jval *b)
{
	if (a->kind != b->kind)
		return 0;
	if (a->kind == JV_KIND_NUMBER)
		return jval_num(a) == jval_num(b);
	return cmp(a, b) == 0;
}

/* .KEY of o by the tree's key (no key string made per record). simdjson
 * finds a key by walking the object to its end (the last of a repeated
 * key wins), and twenty rules read the same few fields again and again:
 * the memo, when there is one, keeps each member found in this record. */
static struct jval member(const struct jval *o, const struct node *n, struct rulec_memo *memo)
{
	struct jval r;

	if (o->simd) {
		struct jsimd_el e;
		struct rulec_memo_slot *s = NULL;
		if (memo) {
			s = &memo->slot[(n->kh ^ (unsigned)o->e.at * 2654435761u) % RULEC_MEMO_SLOTS];
			if (s->gen == memo->gen && s->doc == o->e.doc && s->at == o->e.at &&
			    s->klen == n->klen && !memcmp(s->key, n->key, n->klen))
				return s->v;
		}
		r = jsimd_get(o->e, n->key, n->klen, &e) ? jval_of_simd(e) : scalar(jv_null());
		if (s)
			*s = (struct rulec_memo_slot){memo->gen, o->e.doc, o->e.at, n->key, n->klen, r};
		return r;
	}
	jv m = jv_object_get(jv_copy(o->v), jv_copy(n->lit));
	r = jv_is_valid(m) ? jval_of_jv(m) : scalar(jv_null());
	jv_free(m); /* o holds it */
	return r;
}

/* Element k of the tree's literal array, borrowed from it. */
static struct jval lit_at(jv arr, int k)
{
	jv e = jv_array_get(jv_copy(arr), k);
	struct jval r = jval_of_jv(e);

	jv_free(e); /* arr holds it */
	return r;
}

static int ev(const struct rulec *c, int i, const struct jval *in, struct jval *out,
	      struct rulec_memo *memo);

/* One element of an any/all: 0 with *found set when it decides. */
static int element(const struct rulec *c, const struct node *n, const struct jval *e, int *found,
		   struct rulec_memo *memo)
{
	struct jval r;
	int rc = ev(c, n->b, e, &r, memo);

	if (!rc)
		*found = truthy(&r) == (n->type == N_ANY);
	return rc;
}

/* any/all: jq 1.6 stops at the first element that decides (its foreach
 * breaks there), so a later element's error is never seen; an error
 * before it is jq's. simdjson's objects are not walked here: jq decides
 * those (no routing rule of ours iterates an object). */
static int quantify(const struct rulec *c, const struct node *n, const struct jval *in, struct jval *out,
		    struct rulec_memo *memo)
{
	int found = 0, rc = 0;
	struct jval coll;

	if (ev(c, c->n[n->a].a, in, &coll, memo))
		return -1;
	if (coll.kind == JV_KIND_ARRAY) {
		size_t len = jval_len(&coll);
		for (size_t k = 0; k < len && !found && !rc; k++) {
			struct jval e = jval_at(&coll, k);
			rc = element(c, n, &e, &found, memo);
		}
	} else if (coll.kind == JV_KIND_OBJECT && !coll.simd) {
		jv o = coll.v;
		for (int k = jv_object_iter(o); jv_object_iter_valid(o, k) && !found && !rc;
		     k = jv_object_iter_next(o, k)) {
			jv v = jv_object_iter_value(o, k);
			struct jval e = jval_of_jv(v);
			jv_free(v); /* o holds it */
			rc = element(c, n, &e, &found, memo);
		}
	} else {
		rc = -1; /* "Cannot iterate over …", or simdjson's object */
	}
	*out = scalar(jv_bool(n->type == N_ANY ? found : !found));
	return rc;
}

/* index(LIT) as jq 1.6's indices then .[0]: the first equal element of an
 * array (jv_array_indexes), the first byte offset in a string (its
 * _strindices counts bytes), null for null; anything else is jq's. */
static int index_of(const struct node *n, const struct jval *in, struct jval *out)
{
	int lk = jv_get_kind(n->lit);
	struct jval lit = jval_of_jv(n->lit);

	*out = scalar(jv_null());
	if (in->kind == JV_KIND_NULL)
		return lk == JV_KIND_STRING || lk == JV_KIND_NUMBER ? 0 : -1;
	if (in->kind == JV_KIND_ARRAY && lk != JV_KIND_ARRAY) {
		size_t len = jval_len(in);
		for (size_t k = 0; k < len; k++) {
			struct jval e = jval_at(in, k);
			if (equal(&e, &lit)) {
				*out = scalar(jv_number((double)k));
				break;
			}
		}
		return 0;
	}
	if (in->kind == JV_KIND_STRING && lk == JV_KIND_STRING && jv_string_length_bytes(jv_copy(n->lit)) > 0) {
		size_t sn;
		const char *s = jval_str(in, &sn), *f;
		f = memmem(s, sn, jv_string_value(n->lit), (size_t)jv_string_length_bytes(jv_copy(n->lit)));
		if (f)
			*out = scalar(jv_number((double)(f - s)));
		return 0;
	}
	return -1;
}

static int compare_values(enum tok op, const struct jval *a, const struct jval *b)
{
	int r;

	if (op == T_EQ || op == T_NE)
		return equal(a, b) == (op == T_EQ);
	r = cmp(a, b);
	switch (op) {
	case T_LT: return r < 0;
	case T_LE: return r <= 0;
	case T_GT: return r > 0;
	default: return r >= 0;
	}
}

/* Node i on in: 0 with *out (borrowed), or -1 where jq raises an error or
 * the answer is left to it. */
static int ev(const struct rulec *c, int i, const struct jval *in, struct jval *out,
	      struct rulec_memo *memo)
{
	const struct node *n = &c->n[i];
	struct jval a, b;
	int rc;

	switch (n->type) {
	case N_DOT:
		*out = *in;
		return 0;
	case N_LIT:
		*out = jval_of_jv(n->lit);
		return 0;
	case N_FIELD:
		if (ev(c, n->a, in, &a, memo))
			return -1;
		if (a.kind == JV_KIND_NULL) {
			*out = a;
			return 0;
		}
		if (a.kind != JV_KIND_OBJECT)
			return -1; /* "Cannot index T with …" */
		*out = member(&a, n, memo);
		return 0;
	case N_ITER:
		return -1; /* only as any/all's generator */
	case N_PIPE:
		if (ev(c, n->a, in, &a, memo))
			return -1;
		return ev(c, n->b, &a, out, memo);
	case N_ALT: /* an error on the left is not caught by // in jq 1.6 */
		if (ev(c, n->a, in, &a, memo))
			return -1;
		if (truthy(&a)) {
			*out = a;
			return 0;
		}
		return ev(c, n->b, in, out, memo);
	case N_OR:
	case N_AND:
		if (ev(c, n->a, in, &a, memo))
			return -1;
		rc = truthy(&a);
		if (rc == (n->type == N_OR)) {
			*out = scalar(jv_bool(rc));
			return 0;
		}
		if (ev(c, n->b, in, &b, memo))
			return -1;
		*out = scalar(jv_bool(truthy(&b)));
		return 0;
	case N_CMP:
		if (ev(c, n->a, in, &a, memo) || ev(c, n->b, in, &b, memo))
			return -1;
		*out = scalar(jv_bool(compare_values(n->op, &a, &b)));
		return 0;
	case N_NOT:
		*out = scalar(jv_bool(!truthy(in)));
		return 0;
	case N_TEST: {
		size_t sn;
		const OnigUChar *s = (const OnigUChar *)jval_str(in, &sn);
		if (!s)
			return -1; /* "… cannot be matched, as it is not a string" */
		rc = onig_search(n->re, s, s + sn, s, s + sn, NULL, ONIG_OPTION_NONE);
		if (rc < 0 && rc != ONIG_MISMATCH)
			return -1; /* "Regex failure: …" */
		*out = scalar(jv_bool(rc >= 0));
		return 0;
	}
	case N_ANY:
	case N_ALL:
		return quantify(c, n, in, out, memo);
	case N_IN: {
		int len = jv_array_length(jv_copy(n->lit)), found = 0;
		for (int k = 0; k < len && !found; k++) {
			struct jval e = lit_at(n->lit, k);
			found = equal(in, &e);
		}
		*out = scalar(jv_bool(found));
		return 0;
	}
	case N_INDEX:
		return index_of(n, in, out);
	}
	return -1;
}

int rulec_eval_memo(const struct rulec *c, const struct jval *rec, struct rulec_memo *memo)
{
	struct jval v;

	if (ev(c, c->root, rec, &v, memo))
		return RULEC_ASK_JQ;
	return truthy(&v) ? RULEC_MATCH : RULEC_NO;
}

int rulec_eval_doc(const struct rulec *c, const struct jval *rec)
{
	return rulec_eval_memo(c, rec, NULL);
}

int rulec_eval(const struct rulec *c, jv rec)
{
	struct jval doc = jval_of_jv(rec);

	return rulec_eval_doc(c, &doc);
}

void rulec_memo_next(struct rulec_memo *memo)
{
	if (++memo->gen == 0) { /* wrapped: no slot may look current */
		memset(memo->slot, 0, sizeof memo->slot);
		memo->gen = 1;
	}
}
