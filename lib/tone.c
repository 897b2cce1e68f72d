#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucasemap.h>
#include <unicode/utf8.h>

#include "cfgjson.h"
#include "diag.h"
#include "tone.h"

/* ASCII folds to its lower case, as ICU's default (not Turkic) folding does;
 * nearly every reply is ASCII. Returns 0 when text is not all ASCII. */
static int fold_ascii(const char *text, size_t n, struct buf *out)
{
	size_t i;

	buf_reset(out);
	buf_grow(out, n + 1);
	for (i = 0; i < n && !((unsigned char)text[i] & 0x80); i++)
		out->p[i] = text[i] >= 'A' && text[i] <= 'Z' ? (char)(text[i] | 0x20) : text[i];
	if (i < n)
		return 0;
	out->len = n;
	buf_cstr(out);
	return 1;
}

int tone_fold(struct tone_scratch *s, const char *text, size_t n, struct buf *out)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t len;

	if (fold_ascii(text, n, out))
		return 0;
	if (!s->casemap && !(s->casemap = ucasemap_open("", 0, &e)))
		return -1;
	buf_reset(out);
	buf_grow(out, n + 16);
	len = ucasemap_utf8FoldCase(s->casemap, out->p, (int32_t)out->cap, text, (int32_t)n, &e);
	if (e == U_BUFFER_OVERFLOW_ERROR) {
		e = U_ZERO_ERROR;
		buf_grow(out, (size_t)len + 1);
		len = ucasemap_utf8FoldCase(s->casemap, out->p, (int32_t)out->cap, text, (int32_t)n, &e);
	}
	if (U_FAILURE(e))
		return -1;
	out->len = (size_t)len;
	buf_cstr(out);
	return 0;
}

void tone_scratch_free(struct tone_scratch *s)
{
	if (s->casemap)
		ucasemap_close(s->casemap);
	buf_free(&s->folded);
	memset(s, 0, sizeof *s);
}

static void free_list(char **l, int n)
{
	for (int i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void tone_free(struct tone *t)
{
	free_list(t->banned, t->nbanned);
	free_list(t->banned_src, t->nbanned);
	free_list(t->greetings, t->ngreetings);
	free_list(t->greetings_src, t->ngreetings);
	free_list(t->signatures, t->nsignatures);
	free_list(t->caps_ok, t->ncaps_ok);
	memset(t, 0, sizeof *t);
}

/* A list of strings (or one string) at o.k; folded copies too when fold. */
static int strings(jv o, const char *k, char ***out, char ***folded, int *n,
		   struct tone_scratch *s, const char *what, struct buf *err)
{
	jv v = jv_object_get(jv_copy(o), jv_string(k));
	int rc = 0;

	if (jv_get_kind(v) == JV_KIND_STRING)
		v = jv_array_append(jv_array(), v);
	if (jv_get_kind(v) == JV_KIND_ARRAY) {
		int len = jv_array_length(jv_copy(v));
		*out = sc_xcalloc((size_t)len + 1, sizeof **out);
		if (folded)
			*folded = sc_xcalloc((size_t)len + 1, sizeof **folded);
		jv_array_foreach(v, i, x) {
			if (jv_get_kind(x) != JV_KIND_STRING || !*jv_string_value(x)) {
				if (!rc)
					buf_printf(err, "%s: '%s' must list non-empty strings", what, k);
				rc = -1;
			} else {
				(*out)[*n] = sc_xstrdup(jv_string_value(x));
				if (folded) {
					tone_fold(s, (*out)[*n], strlen((*out)[*n]), &s->folded);
					(*folded)[*n] = sc_xstrdup(buf_cstr(&s->folded));
				}
				(*n)++;
			}
			jv_free(x);
		}
	} else if (jv_get_kind(v) != JV_KIND_NULL && jv_is_valid(v)) {
		buf_printf(err, "%s: '%s' must be a string or a list of strings", what, k);
		rc = -1;
	}
	jv_free(v);
	return rc;
}

static int number(jv o, const char *k, int *out, int min, const char *what, struct buf *err)
{
	jv v = jv_object_get(jv_copy(o), jv_string(k));
	int rc = 0;

	if (jv_get_kind(v) == JV_KIND_NUMBER && jv_number_value(v) >= min &&
	    jv_number_value(v) < 10000 && jv_number_value(v) == (int)jv_number_value(v))
		*out = (int)jv_number_value(v);
	else if (jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL)
		rc = -1, buf_printf(err, "%s: '%s' must be a whole number >= %d", what, k, min);
	jv_free(v);
	return rc;
}

int tone_load(struct tone *t, jv o, const char *what, struct buf *err)
{
	static const char *const keys[] = {"banned", "greeting", "signature", "max_exclamations",
					   "no_caps", "caps_min", "caps_ok", NULL};
	struct tone_scratch s = {0};
	jv caps;
	int rc = 0;

	memset(t, 0, sizeof *t);
	t->max_exclamations = -1;
	t->caps_min = 3;
	if (cfg_keys(o, keys, what, err))
		return -1;
	caps = jv_object_get(jv_copy(o), jv_string("no_caps"));
	if (jv_get_kind(caps) == JV_KIND_TRUE)
		t->no_caps = 1;
	else if (jv_get_kind(caps) != JV_KIND_FALSE && jv_get_kind(caps) != JV_KIND_INVALID && !rc)
		rc = -1, buf_printf(err, "%s: 'no_caps' must be true or false", what);
	jv_free(caps);
	if (rc || strings(o, "banned", &t->banned_src, &t->banned, &t->nbanned, &s, what, err) ||
	    strings(o, "greeting", &t->greetings_src, &t->greetings, &t->ngreetings, &s, what, err) ||
	    strings(o, "signature", &t->signatures, NULL, &t->nsignatures, &s, what, err) ||
	    strings(o, "caps_ok", &t->caps_ok, NULL, &t->ncaps_ok, &s, what, err) ||
	    number(o, "max_exclamations", &t->max_exclamations, 0, what, err) ||
	    number(o, "caps_min", &t->caps_min, 2, what, err))
		rc = -1;
	tone_scratch_free(&s);
	return rc;
}

/* Is the byte before p (in s) or at p a letter or digit? Non-ASCII bytes
 * count as letters: "perché" does not end at "perch". */
static int wordish(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
	       c == '_';
}

static const char *find_word(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);

	for (const char *p = hay; (p = memmem(p, n - (size_t)(p - hay), needle, m)); p++) {
		int left = p == hay || !wordish((unsigned char)p[-1]) || !wordish((unsigned char)needle[0]);
		int right = (size_t)(p - hay) + m == n || !wordish((unsigned char)p[m]) ||
			    !wordish((unsigned char)needle[m - 1]);
		if (left && right)
			return p;
	}
	return NULL;
}

/* The text after leading @mentions and spaces. */
static size_t after_mentions(const char *s, size_t n)
{
	size_t i = 0;

	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\n'))
			i++;
		if (i >= n || s[i] != '@')
			return i;
		while (i < n && s[i] != ' ' && s[i] != '\n')
			i++;
	}
}

static int greeting_ok(const struct tone *t, const char *folded, size_t n)
{
	size_t i = after_mentions(folded, n);

	for (int k = 0; k < t->ngreetings; k++)
		if (!strncmp(folded + i, t->greetings[k], strlen(t->greetings[k])))
			return 1;
	return 0;
}

static int signature_ok(const struct tone *t, const char *s, size_t n)
{
	size_t e = n, b;

	while (e && (s[e - 1] == ' ' || s[e - 1] == '\n'))
		e--;
	for (b = e; b && s[b - 1] != ' ' && s[b - 1] != '\n'; b--)
		;
	for (int k = 0; k < t->nsignatures; k++) {
		size_t m = strlen(t->signatures[k]);
		if (e - b > m && !strncmp(s + b, t->signatures[k], m))
			return 1;
	}
	return 0;
}

static int caps_allowed(const struct tone *t, const char *w, size_t n)
{
	for (int k = 0; k < t->ncaps_ok; k++)
		if (strlen(t->caps_ok[k]) == n && !memcmp(t->caps_ok[k], w, n))
			return 1;
	return 0;
}

/* u_isalpha, u_isupper, u_islower: ASCII without a call into ICU. */
static int is_alpha(UChar32 c)
{
	return c < 0x80 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : u_isalpha(c) != 0;
}

static int is_upper(UChar32 c)
{
	return c < 0x80 ? c >= 'A' && c <= 'Z' : u_isupper(c) != 0;
}

static int is_lower(UChar32 c)
{
	return c < 0x80 ? c >= 'a' && c <= 'z' : u_islower(c) != 0;
}

/* An ALL-CAPS run of letters (at least caps_min) in s[b, e): start, length. */
static int caps_run(const struct tone *t, const char *s, int32_t b, int32_t e, size_t *ws, size_t *wn)
{
	int32_t i = b;

	while (i < e) {
		int32_t start = i, end = i, upper = 0, lower = 0;
		UChar32 c;

		for (int32_t j = i; j < e; end = j) {
			U8_NEXT(s, j, e, c);
			if (!is_alpha(c))
				break;
			upper += is_upper(c);
			lower += is_lower(c);
		}
		if (end == start) { /* not a letter: step over it */
			U8_NEXT(s, i, e, c);
			continue;
		}
		i = end;
		if (!lower && upper >= t->caps_min && !caps_allowed(t, s + start, (size_t)(end - start))) {
			*ws = (size_t)start;
			*wn = (size_t)(end - start);
			return 1;
		}
	}
	return 0;
}

/* The first ALL-CAPS word outside @mentions, #hashtags and links. */
static int caps_word(const struct tone *t, const char *s, size_t n, size_t *ws, size_t *wn)
{
	size_t i = 0;

	while (i < n) {
		size_t e;
		while (i < n && (s[i] == ' ' || s[i] == '\n'))
			i++;
		for (e = i; e < n && s[e] != ' ' && s[e] != '\n'; e++)
			;
		if (e > i && s[i] != '@' && s[i] != '#' && !memmem(s + i, e - i, "://", 3) &&
		    caps_run(t, s, (int32_t)i, (int32_t)e, ws, wn))
			return 1;
		i = e;
	}
	return 0;
}

static size_t count_char(const char *s, size_t n, char c)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

int tone_check(const struct tone *t, struct tone_scratch *s, const char *text, size_t n,
	       struct buf *why)
{
	size_t ws, wn, excl;

	if (tone_fold(s, text, n, &s->folded)) {
		buf_puts(why, "the text cannot be case-folded");
		return -1;
	}
	for (int k = 0; k < t->nbanned; k++)
		if (find_word(s->folded.p, s->folded.len, t->banned[k])) {
			buf_printf(why, "banned phrase '%s'", t->banned_src[k]);
			return -1;
		}
	if (t->ngreetings && !greeting_ok(t, s->folded.p, s->folded.len)) {
		buf_printf(why, "no greeting: start with '%s'%s", t->greetings_src[0],
			   t->ngreetings > 1 ? " or another of the tone's greetings" : "");
		return -1;
	}
	if (t->nsignatures && !signature_ok(t, text, n)) {
		buf_printf(why, "no signature: end with a word starting '%s'%s", t->signatures[0],
			   t->nsignatures > 1 ? " or another of the tone's signatures" : "");
		return -1;
	}
	if (t->max_exclamations >= 0 && (excl = count_char(text, n, '!')) > (size_t)t->max_exclamations) {
		buf_printf(why, "%zu exclamation marks, at most %d", excl, t->max_exclamations);
		return -1;
	}
	if (t->no_caps && caps_word(t, text, n, &ws, &wn)) {
		buf_printf(why, "ALL-CAPS word '%.*s'", (int)wn, text + ws);
		return -1;
	}
	return 0;
}
