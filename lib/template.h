/* Reply templates: text with {{variable}} holes, compiled once when the
 * configuration is loaded and rendered per record into a reused buffer.
 *
 *   "Ciao {{author.first_name}}, ti risponde {{agent}} (caso {{case}})"
 *
 * A variable is a name from the caller's list (spaces inside the braces
 * are allowed: {{ agent }}); an unknown name, an unclosed "{{" or an empty
 * one is an error at compile time, so a typo in replies.json stops the run
 * before any record is read. "{{{{" writes a literal "{{" (and "}}" outside
 * a variable is literal text). Values are copied into the output as they
 * are and never scanned again: a customer whose name or text contains
 * "{{agent}}" gets those characters, not the agent's name. */
#ifndef SC_TEMPLATE_H
#define SC_TEMPLATE_H
#include <stddef.h>

#include "buf.h"

struct tpl;

/* names[0..nnames-1] are the variables the caller can fill. Returns NULL
 * with the reason in err ("unknown variable 'agnt' at offset 12"). */
struct tpl *tpl_compile(const char *src, size_t n, const char *const *names, int nnames,
			struct buf *err);
void tpl_free(struct tpl *t);
/* Appends the rendered text to out; fill(ctx, i, out) appends the value of
 * names[i]. */
void tpl_render(const struct tpl *t, void (*fill)(void *ctx, int var, struct buf *out),
		void *ctx, struct buf *out);
/* 1 when the template uses variable i. */
int tpl_uses(const struct tpl *t, int var);
/* The template's source text. */
const char *tpl_source(const struct tpl *t);

#endif
