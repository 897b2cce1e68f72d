#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "template.h"

/* A compiled template: the literal text with the escapes undone, and the
 * variables as (offset in that text, variable index) pairs. */
struct part {
	size_t at;
	int var;
};

struct tpl {
	char *src;
	struct buf lit;
	struct part *parts;
	int nparts;
};

static int lookup(const char *s, size_t n, const char *const *names, int nnames)
{
	for (int i = 0; i < nnames; i++)
		if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0)
			return i;
	return -1;
}

/* A variable's name between "{{" at i and its "}}"; returns the index
 * after "}}", or 0 with err set. */
static size_t variable(struct tpl *t, const char *s, size_t n, size_t i,
		       const char *const *names, int nnames, struct buf *err)
{
	const char *close = NULL;
	size_t a = i + 2, b;
	int v;

	for (size_t k = a; k + 1 < n; k++)
		if (s[k] == '}' && s[k + 1] == '}') {
			close = s + k;
			break;
		}
	if (!close) {
		buf_printf(err, "'{{' at offset %zu is not closed by '}}'", i);
		return 0;
	}
	b = (size_t)(close - s);
	while (a < b && s[a] == ' ')
		a++;
	while (b > a && s[b - 1] == ' ')
		b--;
	if (a == b) {
		buf_printf(err, "empty '{{}}' at offset %zu", i);
		return 0;
	}
	if ((v = lookup(s + a, b - a, names, nnames)) < 0) {
		buf_printf(err, "unknown variable '%.*s' at offset %zu", (int)(b - a), s + a, i);
		return 0;
	}
	t->parts = sc_xrealloc(t->parts, (size_t)(t->nparts + 1) * sizeof *t->parts);
	t->parts[t->nparts++] = (struct part){t->lit.len, v};
	return (size_t)(close - s) + 2;
}

struct tpl *tpl_compile(const char *s, size_t n, const char *const *names, int nnames,
			struct buf *err)
{
	struct tpl *t = sc_xcalloc(1, sizeof *t);
	size_t i = 0;

	t->src = sc_xstrndup(s, n);
	while (i < n) {
		if (s[i] != '{' || i + 1 >= n || s[i + 1] != '{') {
			buf_putc(&t->lit, s[i++]);
		} else if (i + 3 < n && s[i + 2] == '{' && s[i + 3] == '{') {
			buf_put(&t->lit, "{{", 2);
			i += 4;
		} else if (!(i = variable(t, s, n, i, names, nnames, err))) {
			tpl_free(t);
			return NULL;
		}
	}
	buf_cstr(&t->lit);
	return t;
}

void tpl_free(struct tpl *t)
{
	if (!t)
		return;
	free(t->src);
	buf_free(&t->lit);
	free(t->parts);
	free(t);
}

void tpl_render(const struct tpl *t, void (*fill)(void *ctx, int var, struct buf *out),
		void *ctx, struct buf *out)
{
	size_t at = 0;

	for (int i = 0; i < t->nparts; i++) {
		buf_put(out, t->lit.p + at, t->parts[i].at - at);
		fill(ctx, t->parts[i].var, out);
		at = t->parts[i].at;
	}
	buf_put(out, t->lit.p + at, t->lit.len - at);
}

int tpl_uses(const struct tpl *t, int var)
{
	for (int i = 0; i < t->nparts; i++)
		if (t->parts[i].var == var)
			return 1;
	return 0;
}

const char *tpl_source(const struct tpl *t)
{
	return t->src;
}
