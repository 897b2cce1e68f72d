/* Reply templates (lib/template.c) and the networks' length counts
 * (lib/textlen.c): the input's first line is a template, the rest the value
 * every variable is filled with (a customer's name or text, which must come
 * out as it is and never be read as template syntax). The rendered text is
 * counted as X, Mastodon and Bluesky count it. */
#include <string.h>

#include "fuzz.h"
#include "template.h"
#include "textlen.h"

static const char *const names[] = {"author.handle", "agent", "case", "due_local", "queue.hours"};

static void fill(void *ctx, int var, struct buf *out)
{
	(void)var;
	buf_puts(out, ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = fuzz_str(data, size), *nl = strchr(s, '\n');
	const char *value = nl ? nl + 1 : "";
	size_t n = nl ? (size_t)(nl - s) : strlen(s);
	struct buf err = BUF_INIT, out = BUF_INIT;
	struct textlen tl;
	struct tpl *t = tpl_compile(s, n, names, 5, &err);

	textlen_init(&tl);
	if (t) {
		tpl_render(t, fill, (void *)value, &out);
		for (int k = TL_X; k <= TL_GRAPHEMES; k++)
			textlen_count(&tl, (enum textlen_kind)k, out.p ? out.p : "", out.len);
		tpl_free(t);
	}
	textlen_count(&tl, TL_X, value, strlen(value));
	textlen_free(&tl);
	buf_free(&out);
	buf_free(&err);
	return 0;
}
