#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "entity.h"
#include "htmltext.h"

/* The tag name at s (after '<' and an optional '/'), lower-cased into name. */
static void tag_name(const char *s, const char *end, char *name, size_t cap)
{
	size_t i = 0;

	if (s < end && *s == '/')
		s++;
	while (s < end && i + 1 < cap && isalnum((unsigned char)*s))
		name[i++] = (char)tolower((unsigned char)*s++);
	name[i] = '\0';
}

static void trim_end(struct buf *b, size_t from)
{
	while (b->len > from && (b->p[b->len - 1] == ' ' || b->p[b->len - 1] == '\n'))
		b->len--;
}

void html_text(struct buf *out, const char *html, size_t n)
{
	const char *p = html, *end = html + n;
	size_t start = out->len;

	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p)), *gt;
		char name[16];

		if (!lt)
			lt = end;
		entity_decode(out, p, (size_t)(lt - p));
		if (lt == end)
			break;
		gt = memchr(lt, '>', (size_t)(end - lt));
		if (!gt) { /* a '<' that opens no tag is text */
			entity_decode(out, lt, (size_t)(end - lt));
			break;
		}
		tag_name(lt + 1, gt, name, sizeof name);
		if (strcmp(name, "br") == 0) {
			buf_putc(out, '\n');
		} else if (strcmp(name, "p") == 0 && lt[1] != '/' && out->len > start) {
			trim_end(out, start);
			buf_puts(out, "\n\n");
		}
		p = gt + 1;
	}
	trim_end(out, start);
}
