#include <stdio.h>
#include <string.h>

#include "sctime.h"

int64_t sc_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void sc_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int64_t y, unsigned m)
{
	static const unsigned char dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 ? 28 + leap : dim[m - 1];
}

/* Reads exactly w digits at *p. */
static int digits(const char **p, const char *end, int w, int *v)
{
	int x = 0;

	if (end - *p < w)
		return -1;
	for (int i = 0; i < w; i++) {
		unsigned c = (unsigned char)(*p)[i] - '0';
		if (c > 9)
			return -1;
		x = x * 10 + (int)c;
	}
	*p += w;
	*v = x;
	return 0;
}

static int expect(const char **p, const char *end, char c)
{
	if (*p >= end || **p != c)
		return -1;
	(*p)++;
	return 0;
}

static int make(int64_t y, int mo, int d, int h, int mi, int s, int off,
		struct sc_time *t, const char **why)
{
	if (y < 1000 || y > 9999) {
		*why = "year out of range (1000-9999)";
		return -1;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, (unsigned)mo)) {
		*why = "no such date";
		return -1;
	}
	if (h > 23 || mi > 59 || s > 60) {
		*why = "no such time of day";
		return -1;
	}
	if (s == 60) /* a leap second is counted as the last second of its minute */
		s = 59;
	t->sec = sc_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
		 h * 3600 + mi * 60 + s - off;
	return 0;
}

/* "+01:00", "+0100", "Z" */
static int offset(const char **p, const char *end, int *off)
{
	int sign, h, m;

	if (*p < end && (**p == 'Z' || **p == 'z')) {
		(*p)++;
		*off = 0;
		return 0;
	}
	if (*p >= end || (**p != '+' && **p != '-'))
		return -1;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (digits(p, end, 2, &h))
		return -1;
	if (*p < end && **p == ':')
		(*p)++;
	if (digits(p, end, 2, &m) || h > 23 || m > 59)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return 0;
}

static int fraction(const char **p, const char *end, int32_t *ns)
{
	int32_t v = 0, scale = 100000000;

	if (*p >= end || **p != '.')
		return 0;
	(*p)++;
	if (*p >= end || (unsigned)(**p - '0') > 9)
		return -1;
	for (; *p < end && (unsigned)(**p - '0') <= 9; (*p)++) {
		v += (**p - '0') * scale;
		scale /= 10;
	}
	*ns = v;
	return 0;
}

static int rfc3339(const char *p, const char *end, struct sc_time *t, const char **why)
{
	int y, mo, d, h, mi, s, off;

	t->nsec = 0;
	if (digits(&p, end, 4, &y) || expect(&p, end, '-') || digits(&p, end, 2, &mo) ||
	    expect(&p, end, '-') || digits(&p, end, 2, &d) || p >= end ||
	    (*p != 'T' && *p != 't' && *p != ' ') || (p++, digits(&p, end, 2, &h)) ||
	    expect(&p, end, ':') || digits(&p, end, 2, &mi) || expect(&p, end, ':') ||
	    digits(&p, end, 2, &s) || fraction(&p, end, &t->nsec) ||
	    offset(&p, end, &off) || p != end) {
		*why = "not an RFC 3339 time (want 2026-11-24T09:12:03Z)";
		return -1;
	}
	return make(y, mo, d, h, mi, s, off, t, why);
}

static int lookup(const char *p, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (memcmp(p, names[i], 3) == 0)
			return i;
	return -1;
}

/* "Tue Oct 31 22:10:47 +0000 2017" */
static int archive(const char *p, const char *end, struct sc_time *t, const char **why)
{
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int y, mo, d, h, mi, s, off, w;

	t->nsec = 0;
	if (end - p != 30 || (w = lookup(p, wd, 7)) < 0 || p[3] != ' ' ||
	    (mo = lookup(p + 4, mn, 12)) < 0 || p[7] != ' ') {
		*why = "not a time of the form 'Tue Oct 31 22:10:47 +0000 2017'";
		return -1;
	}
	p += 8;
	if (digits(&p, end, 2, &d) || expect(&p, end, ' ') || digits(&p, end, 2, &h) ||
	    expect(&p, end, ':') || digits(&p, end, 2, &mi) || expect(&p, end, ':') ||
	    digits(&p, end, 2, &s) || expect(&p, end, ' ') || offset(&p, end, &off) ||
	    expect(&p, end, ' ') || digits(&p, end, 4, &y) || p != end) {
		*why = "not a time of the form 'Tue Oct 31 22:10:47 +0000 2017'";
		return -1;
	}
	if (make(y, mo + 1, d, h, mi, s, off, t, why))
		return -1;
	/* The weekday is redundant; a wrong one means a mangled field. */
	int64_t days = sc_days_from_civil(y, (unsigned)mo + 1, (unsigned)d);
	if ((int)(((days % 7) + 11) % 7) != w) {
		*why = "weekday does not match the date";
		return -1;
	}
	return 0;
}

static int epoch(const char *p, const char *end, struct sc_time *t, const char **why)
{
	int64_t v = 0;
	const char *start = p;

	for (; p < end && (unsigned)(*p - '0') <= 9; p++) {
		if (v > (INT64_C(253402300799) - 9) / 10) {
			*why = "epoch seconds out of range";
			return -1;
		}
		v = v * 10 + (*p - '0');
	}
	t->nsec = 0;
	if (p == start || fraction(&p, end, &t->nsec) || p != end) {
		*why = "not a time";
		return -1;
	}
	t->sec = v;
	return 0;
}

int sc_time_parse(const char *s, size_t n, struct sc_time *t, const char **why)
{
	const char *end = s + n;

	*why = "empty time";
	if (n == 0)
		return -1;
	if (n >= 10 && s[4] == '-')
		return rfc3339(s, end, t, why);
	if ((unsigned)(s[0] - '0') <= 9)
		return epoch(s, end, t, why);
	return archive(s, end, t, why);
}

size_t sc_time_format(struct sc_time t, char *out)
{
	int64_t days = t.sec >= 0 ? t.sec / 86400 : (t.sec - 86399) / 86400;
	int64_t rem = t.sec - days * 86400, y;
	unsigned m, d;
	int n;

	sc_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) /* not on the per-record path: formats sources can hold */
		return (size_t)snprintf(out, SC_TIME_MAX, "%lld-%02u-%02uT%02d:%02d:%02dZ",
					(long long)y, m, d, (int)(rem / 3600),
					(int)(rem / 60 % 60), (int)(rem % 60));
	/* by hand: printf here was a fifth of an import's time */
	unsigned v[] = {(unsigned)y / 100, (unsigned)y % 100, m, d, (unsigned)(rem / 3600),
			(unsigned)(rem / 60 % 60), (unsigned)(rem % 60)};
	static const char sepc[] = "\0-- ::";
	n = 0;
	for (int i = 0; i < 7; i++) {
		if (i >= 2)
			out[n++] = i == 4 ? 'T' : sepc[i - 1];
		out[n++] = (char)('0' + v[i] / 10);
		out[n++] = (char)('0' + v[i] % 10);
	}
	if (t.nsec / 1000000) {
		unsigned ms = (unsigned)(t.nsec / 1000000);
		out[n++] = '.';
		out[n++] = (char)('0' + ms / 100);
		out[n++] = (char)('0' + ms / 10 % 10);
		out[n++] = (char)('0' + ms % 10);
	}
	out[n++] = 'Z';
	out[n] = '\0';
	return (size_t)n;
}
