#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "personal.h"

static int word(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* name@domain.tld: something before the '@' (a mention has nothing), a dot
 * in the domain and two letters after it. */
static int email_at(const char *s, size_t n, size_t i)
{
	size_t j, dot = 0;

	if (i == 0 || !(isalnum((unsigned char)s[i - 1]) || strchr("._+-", s[i - 1])))
		return 0;
	for (j = i + 1; j < n && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '.'); j++)
		if (s[j] == '.')
			dot = j;
	return dot > i + 1 && j - dot > 2 && isalpha((unsigned char)s[dot + 1]) &&
	       isalpha((unsigned char)s[dot + 2]);
}

/* Digits with single separators ("+39 333 123 4567", "(212) 555-0100"),
 * 9 to 15 of them, not glued to a word or a URL path. */
static size_t phone_at(const char *s, size_t n, size_t i)
{
	size_t digits = 0, j = i;

	if (i > 0 && (word((unsigned char)s[i - 1]) || s[i - 1] == '/' || s[i - 1] == '=' ||
		      s[i - 1] == '.' || s[i - 1] == ':'))
		return 0;
	if (s[j] == '+' || s[j] == '(')
		j++;
	while (j < n) {
		if (isdigit((unsigned char)s[j])) {
			digits++;
			j++;
		} else if (strchr(" -./()", s[j]) && j + 1 < n && isdigit((unsigned char)s[j + 1]) && digits) {
			j++;
		} else if (s[j] == ')' && digits) {
			j++;
		} else {
			break;
		}
	}
	if (j < n && word((unsigned char)s[j]))
		return 0;
	return digits >= 9 && digits <= 15;
}

static size_t digit_run(const char *s, size_t n, size_t i)
{
	size_t j = i;

	while (j < n && isdigit((unsigned char)s[j]))
		j++;
	return j - i;
}

static const char *const order_words[] = {
	"order", "ordine", "pedido", "commande", "bestellung", "ticket", "pratica",
	"tracking", "spedizione", "envío", "numero", "number", "nº", NULL,
};

#define ORDER_FIRST "opcbtsen" /* the first letters of order_words */

/* "#12345" (5+ digits), or an order word followed within a few bytes by 4+ digits. */
static int order_at(const char *s, size_t n, size_t i)
{
	if (s[i] == '#')
		return digit_run(s, n, i + 1) >= 5; /* "#2026" is a year */
	if (i > 0 && word((unsigned char)s[i - 1]))
		return 0;
	/* most words start with none of the order words' first letters: the
	 * comparisons below would cost every word of every message 13 calls */
	if (!s[i] || !strchr(ORDER_FIRST, tolower((unsigned char)s[i])))
		return 0;
	for (const char *const *w = order_words; *w; w++) {
		size_t l = strlen(*w);
		if (i + l > n || strncasecmp(s + i, *w, l))
			continue;
		for (size_t j = i + l; j < n && j < i + l + 12; j++) {
			if (isdigit((unsigned char)s[j]))
				return digit_run(s, n, j) >= 4;
		}
	}
	return 0;
}

int personal_email(const char *s, size_t n)
{
	for (const char *p = s; (p = memchr(p, '@', n - (size_t)(p - s))); p++)
		if (email_at(s, n, (size_t)(p - s)))
			return 1;
	return 0;
}

const char *personal_data(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '@' && email_at(s, n, i))
			return "email";
		if ((isdigit(c) || c == '+' || c == '(') && phone_at(s, n, i))
			return "phone";
		if ((c == '#' || isalpha(c) || c >= 0x80) && order_at(s, n, i))
			return "order number";
	}
	return NULL;
}
