#include "template.h"
#include "tap.h"

static const char *const names[] = {"author.handle", "agent", "case"};

/* The values a hostile customer could choose: template syntax in them. */
static void fill(void *ctx, int var, struct buf *out)
{
	static const char *const vals[] = {"mario_{{agent}}", "Anna", "#12"};
	(void)ctx;
	buf_puts(out, vals[var]);
}

static const char *R(const char *src)
{
	static struct buf out, err;
	struct tpl *t;

	buf_reset(&out);
	buf_reset(&err);
	if (!(t = tpl_compile(src, strlen(src), names, 3, &err)))
		return buf_cstr(&err);
	tpl_render(t, fill, NULL, &out);
	tpl_free(t);
	return buf_cstr(&out);
}

int main(void)
{
	is_str(R("Ciao @{{author.handle}}, sono {{agent}}."), "Ciao @mario_{{agent}}, sono Anna.",
	       "variables filled; the value's own {{agent}} is not rendered again");
	is_str(R("{{ agent }}/{{case}}"), "Anna/#12", "spaces inside the braces");
	is_str(R("no variables at all"), "no variables at all", "plain text");
	is_str(R(""), "", "empty template");
	is_str(R("literal {{{{agent}} and }} and {"), "literal {{agent}} and }} and {",
	       "{{{{ is a literal {{; }} and { alone are text");
	is_str(R("{{agnt}}"), "unknown variable 'agnt' at offset 0", "unknown variable");
	is_str(R("hi {{agent"), "'{{' at offset 3 is not closed by '}}'", "unclosed");
	is_str(R("hi {{  }}"), "empty '{{}}' at offset 3", "empty variable");
	is_str(R("{{agent}}{{agent}}{{case}}"), "AnnaAnna#12", "adjacent variables");
	is_str(R("è {{agent}} 😀"), "è Anna 😀", "UTF-8 around variables");

	struct buf err = BUF_INIT;
	struct tpl *t = tpl_compile("x {{case}}", 10, names, 3, &err);
	ok(tpl_uses(t, 2) && !tpl_uses(t, 1), "tpl_uses tells which variables a template has");
	is_str(tpl_source(t), "x {{case}}", "the source is kept");
	tpl_free(t);
	buf_free(&err);
	return tap_done();
}
