/* The lexicon hash table (open addressing, linear probing) and its loader. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lexicon.h"
#include "tokens.h"

#define LEX_SEED 0x5C1E71C0ull

static const char *const tag_names[LX_NTAGS] = {
	"val", "negator", "intens", "contrast", "complaint", "repeat", "threat",
	"outage", "help", "question", "praise", "spam", "stop",
	"closing",
};

uint32_t lex_tag(const char *name)
{
	for (int i = 0; i < LX_NTAGS; i++)
		if (strcmp(name, tag_names[i]) == 0)
			return 1u << i;
	return 0;
}

const char *lex_tag_name(uint32_t bit)
{
	for (int i = 0; i < LX_NTAGS; i++)
		if (bit == 1u << i)
			return tag_names[i];
	return "?";
}

void lex_init(struct lexicon *x)
{
	memset(x, 0, sizeof *x);
	x->cap = 1024;
	x->e = sc_xcalloc(x->cap, sizeof *x->e);
	buf_putc(&x->pool, '\0'); /* offset 0 marks an empty slot */
}

void lex_free(struct lexicon *x)
{
	free(x->e);
	buf_free(&x->pool);
	memset(x, 0, sizeof *x);
}

static struct lexent *slot(const struct lexicon *x, uint64_t h, const char *s, size_t n)
{
	size_t i = (size_t)h & (x->cap - 1);

	for (;; i = (i + 1) & (x->cap - 1)) {
		struct lexent *e = &x->e[i];
		if (!e->key)
			return e;
		if (e->hash == h && strncmp(x->pool.p + e->key, s, n) == 0 &&
		    x->pool.p[e->key + n] == '\0')
			return e;
	}
}

static void grow(struct lexicon *x)
{
	struct lexent *old = x->e;
	size_t oldcap = x->cap;

	x->cap *= 2;
	x->e = sc_xcalloc(x->cap, sizeof *x->e);
	for (size_t i = 0; i < oldcap; i++) {
		if (!old[i].key)
			continue;
		size_t j = (size_t)old[i].hash & (x->cap - 1);
		while (x->e[j].key)
			j = (j + 1) & (x->cap - 1);
		x->e[j] = old[i];
	}
	free(old);
}

struct lexent *lex_add(struct lexicon *x, const char *term, size_t n)
{
	uint64_t h = txt_hash(LEX_SEED, term, n);
	struct lexent *e;

	if ((x->n + 1) * 2 > x->cap)
		grow(x);
	e = slot(x, h, term, n);
	if (!e->key) {
		e->key = (uint32_t)x->pool.len;
		e->hash = h;
		buf_put(&x->pool, term, n);
		buf_putc(&x->pool, '\0');
		x->n++;
	}
	return e;
}

const struct lexent *lex_get(const struct lexicon *x, const char *s, size_t n)
{
	const struct lexent *e = slot(x, txt_hash(LEX_SEED, s, n), s, n);

	return e->key ? e : NULL;
}

void lex_annotate(const struct lexicon *x, struct toks *k)
{
	if (k->lxcap < k->n + 1) {
		k->lxcap = k->n + 64;
		k->lx = sc_xrealloc(k->lx, k->lxcap * sizeof *k->lx);
	}
	for (size_t i = 0; i < k->n; i++) {
		int kind = k->t[i].kind;
		k->lx[i] = kind == TK_URL || kind == TK_MENTION || kind == TK_EXCL || kind == TK_QUEST
				   ? NULL : lex_get(x, tok_str(k, i), k->t[i].len);
	}
	k->lx_valid = 1;
}

const struct lexent *lex_get2(const struct lexicon *x, const char *a, size_t an,
			      const char *b, size_t bn)
{
	char k[256];

	if (an + bn + 1 > sizeof k)
		return NULL;
	memcpy(k, a, an);
	k[an] = ' ';
	memcpy(k + an + 1, b, bn);
	return lex_get(x, k, an + bn + 1);
}

/* Terms in files are lowercased and squeezed the way the tokenizer does
 * it, so that "Grazie" in a file matches "grazie" in a text. */
static void norm_term(struct buf *out, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;
	uint32_t prev = 0, prev2 = 0;
	int l;

	buf_reset(out);
	while (i < n) {
		uint32_t c = utf8_dec(u + i, n - i, &l), lc = c == 0x2019 ? '\'' : tok_lower(c);
		i += (size_t)l;
		/* a letter a third time in a row: the tokenizer drops it ("kkkk" → "kk") */
		if (lc == prev && lc == prev2 && !(c >= '0' && c <= '9') && c != ' ')
			continue;
		prev2 = prev;
		prev = lc;
		utf8_put(out, lc);
	}
}

struct lexent *lex_add_term(struct lexicon *x, const char *term)
{
	struct buf t = BUF_INIT;
	struct lexent *e;
	const char *sp;
	int words = 1;

	norm_term(&t, term);
	buf_cstr(&t);
	for (sp = t.p; (sp = strchr(sp, ' ')); sp++)
		words++;
	if (words > 1) { /* mark the first word first: lex_add may move entries */
		size_t first = strcspn(t.p, " ");
		lex_add(x, t.p, first)->flags |= words == 2 ? LX_FIRST2 : LX_FIRST3;
	}
	e = lex_add(x, t.p, t.len);
	buf_free(&t);
	return e;
}

int lex_entry(struct lexicon *x, const char *term, const char *tag, const char *value,
	      int lang, struct buf *err)
{
	uint32_t bit = lex_tag(tag);
	struct lexent *e;
	double v = 0;
	char *end;

	if (!bit) {
		buf_printf(err, "unknown tag '%s'", tag);
		return -1;
	}
	if (bit == LX_VAL || bit == LX_INTENS) {
		errno = 0;
		v = value ? strtod(value, &end) : 0;
		if (!value || errno || *end || v < -4 || v > 4) {
			buf_printf(err, "'%s' needs a number in [-4, 4]", tag);
			return -1;
		}
	}
	e = lex_add_term(x, term);
	e->flags |= bit;
	if (bit == LX_VAL)
		e->val = (float)v;
	if (bit == LX_INTENS)
		e->intens = (float)v;
	if (lang > 0 && lang < 32) {
		if (bit == LX_STOP && !(e->langs & 1u << lang))
			x->lang_terms[lang]++;
		e->langs |= 1u << lang;
	}
	return 0;
}

int lex_load(struct lexicon *x, const char *path, int lang, struct buf *err)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	unsigned long lineno = 0;

	if (!f) {
		buf_printf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *term, *tag, *value;
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		term = strtok(line, "\t");
		tag = strtok(NULL, "\t");
		value = strtok(NULL, "\t");
		if (!term || !tag) {
			buf_printf(err, "%s:%lu: want TERM<TAB>TAG[<TAB>VALUE]", path, lineno);
			fclose(f);
			return -1;
		}
		size_t before = err->len;
		if (lex_entry(x, term, tag, value, lang, err)) {
			struct buf msg = BUF_INIT;
			buf_printf(&msg, "%s:%lu: %.*s", path, lineno, (int)(err->len - before), err->p + before);
			err->len = before;
			buf_put(err, msg.p, msg.len);
			buf_free(&msg);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}
