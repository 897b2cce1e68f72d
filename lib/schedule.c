#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "schedule.h"

#define DAY 86400
#define WEEK_MIN (7 * 1440)
#define MAXP 16                    /* periods a weekday may have */
#define HORIZON (2 * 366 + 2)      /* days searched ahead for an opening */

/* A zone's UTC offsets as transitions, shared by the schedules using it,
 * found lazily: 1970-2100 is cut into blocks of BLOCK, and a block is
 * probed the first time a time in it is asked about (a run touches the few
 * years its messages span; probing all 130 years cost a run 40 M
 * instructions a zone). */
struct zone {
	char *name;
	int refs;
	size_t n, cap;
	int64_t *at;    /* UTC instant of transition i, sorted; only filled blocks' */
	int32_t *off;   /* offset from at[i] on */
	int32_t *base;  /* per block: the offset at its start */
	unsigned char *filled;
	struct zone *next;
};

#define BLOCK ((int64_t)128 * DAY)
struct period {
	int16_t start, end; /* minutes after the local midnight of the day it starts on */
};

/* The last few answers of next_interval: [a, b) is the first open interval
 * ending after `from`, and so after any t in [from, b). Routing asks the
 * same schedule about the same hours over and over (is it open now, when
 * is this due), and each answer walks days through the zone. */
#define MEMO 4
struct sched_memo {
	struct { int64_t from, a, b; } e[MEMO];
	int n, next;
};

struct sc_schedule {
	struct sched_memo *memo; /* behind the const of the queries, as z's blocks */
	struct zone *z;
	struct period p[7][MAXP];
	int np[7];
	int64_t *hol;   /* holidays as local day numbers, sorted */
	size_t nhol, caphol;
	char *hours;    /* the spec as given, for sc-route check */
};

static struct zone *zones;

static int64_t floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* ---- time zones ------------------------------------------------------ */

static int32_t probe(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm))
		return 0;
	return (int32_t)tm.tm_gmtoff;
}

/* The end of the probed range (2100-01-01) and the number of blocks. */
static int64_t zone_end(void)
{
	static int64_t t1;

	if (!t1)
		t1 = sc_days_from_civil(2100, 1, 1) * DAY;
	return t1;
}

static size_t nblocks(void)
{
	return (size_t)((zone_end() + BLOCK - 1) / BLOCK);
}

/* Times before 1970 take 1970's offset, after 2100 the offset of 2100. */
static size_t block_of(int64_t t)
{
	size_t b = t < 0 ? 0 : (size_t)(t / BLOCK);

	return b < nblocks() ? b : nblocks() - 1;
}

static void zone_insert(struct zone *z, int64_t at, int32_t off)
{
	size_t i = z->n;

	if (z->n == z->cap) {
		z->cap = z->cap ? z->cap * 2 : 16;
		z->at = sc_xrealloc(z->at, z->cap * sizeof *z->at);
		z->off = sc_xrealloc(z->off, z->cap * sizeof *z->off);
	}
	while (i > 0 && z->at[i - 1] > at)
		i--;
	memmove(z->at + i + 1, z->at + i, (z->n - i) * sizeof *z->at);
	memmove(z->off + i + 1, z->off + i, (z->n - i) * sizeof *z->off);
	z->at[i] = at;
	z->off[i] = off;
	z->n++;
}

/* Probes find each change of offset in block b, (start, end]; bisection
 * finds its second. Daily probes up to 2038 (no zone since 1970 changes
 * twice within a day); past that, zones follow their yearly rule (months
 * between changes) and glibc parses that rule on every call, so probes are
 * weekly there. The zone is made the process's TZ meanwhile. */
static void block_fill(struct zone *z, size_t b)
{
	int64_t s = (int64_t)b * BLOCK, e = s + BLOCK, weekly = sc_days_from_civil(2038, 1, 1) * DAY;
	char *old = getenv("TZ") ? sc_xstrdup(getenv("TZ")) : NULL;
	int32_t prev, o;

	if (e > zone_end())
		e = zone_end();
	setenv("TZ", z->name, 1);
	tzset();
	prev = z->base[b] = probe(s);
	for (int64_t t = s, u; t < e; t = u) {
		u = t + (t < weekly ? DAY : 7 * DAY);
		if (u > e)
			u = e;
		if ((o = probe(u)) == prev)
			continue;
		int64_t lo = t, hi = u;
		while (hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;
			if (probe(mid) == prev)
				lo = mid;
			else
				hi = mid;
		}
		zone_insert(z, hi, o);
		prev = o;
	}
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	z->filled[b] = 1;
}

/* The name must be a tz database file: glibc silently takes an unknown TZ
 * as UTC, so the file is looked for first (and its magic checked). */
static int zone_exists(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[512], magic[4];
	FILE *f;
	int ok;

	if (!strcmp(name, "UTC"))
		return 1;
	if (!*name || name[0] == '/' || strstr(name, "..") || strlen(name) > 200)
		return 0;
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	if (!(f = fopen(path, "rb")))
		return 0;
	ok = fread(magic, 1, 4, f) == 4 && !memcmp(magic, "TZif", 4);
	fclose(f);
	return ok;
}

static struct zone *zone_get(const char *name)
{
	struct zone *z;

	for (z = zones; z; z = z->next)
		if (!strcmp(z->name, name)) {
			z->refs++;
			return z;
		}
	if (!zone_exists(name))
		return NULL;
	z = sc_xcalloc(1, sizeof *z);
	z->name = sc_xstrdup(name);
	z->refs = 1;
	z->base = sc_xcalloc(nblocks(), sizeof *z->base);
	z->filled = sc_xcalloc(nblocks(), 1);
	z->next = zones;
	zones = z;
	return z;
}

static void zone_put(struct zone *z)
{
	if (--z->refs)
		return;
	for (struct zone **pp = &zones; *pp; pp = &(*pp)->next)
		if (*pp == z) {
			*pp = z->next;
			break;
		}
	free(z->name);
	free(z->at);
	free(z->off);
	free(z->base);
	free(z->filled);
	free(z);
}

/* Index of the last transition at or before t, or -1. */
static long last_le(const struct zone *z, int64_t t)
{
	size_t lo = 0, hi = z->n;

	if (!z->n || t < z->at[0])
		return -1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->at[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return (long)lo;
}

static int32_t off_at(struct zone *z, int64_t t)
{
	size_t b = block_of(t);
	long i;

	if (!z->filled[b])
		block_fill(z, b);
	i = last_le(z, t);
	return i >= 0 && z->at[i] >= (int64_t)b * BLOCK ? z->off[i] : z->base[b];
}

/* Local wall time (seconds since the local epoch) to UTC: in a gap, the
 * moment the clocks jump; in an overlap, the first occurrence. */
static int64_t to_utc(struct zone *z, int64_t local)
{
	int32_t oa = off_at(z, local - DAY), ob = off_at(z, local + DAY);
	int64_t ta = local - oa, tb = local - ob;
	int va, vb;

	if (oa == ob)
		return ta;
	va = off_at(z, ta) == oa;
	vb = off_at(z, tb) == ob;
	if (va && vb)
		return ta < tb ? ta : tb;
	if (va)
		return ta;
	if (vb)
		return tb;
	/* A gap: the clocks jumped at the last transition up to ta (off_at
	 * filled the blocks of ta and tb, which hold any in between). */
	long i = last_le(z, ta);
	return i >= 0 && z->at[i] > tb ? z->at[i] : ta;
}

int32_t sc_sched_utc_offset(const struct sc_schedule *s, int64_t utc)
{
	return off_at(s->z, utc);
}

const char *sc_sched_tz(const struct sc_schedule *s)
{
	return s->z->name;
}

const char *sc_sched_hours(const struct sc_schedule *s)
{
	return s->hours;
}

int64_t sc_sched_next_holiday(const struct sc_schedule *s, struct sc_time at)
{
	int64_t today = floordiv(at.sec + off_at(s->z, at.sec), DAY);

	for (size_t i = 0; i < s->nhol; i++)
		if (s->hol[i] >= today)
			return s->hol[i];
	return -1;
}

/* ---- parsing --------------------------------------------------------- */

static const char *const day_names[7][2] = {
	{"mon", "monday"}, {"tue", "tuesday"}, {"wed", "wednesday"}, {"thu", "thursday"},
	{"fri", "friday"}, {"sat", "saturday"}, {"sun", "sunday"},
};
static const char *const day_abbr[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

static void skip_ws(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

static int parse_day(const char **p, struct buf *err)
{
	const char *s = *p;
	size_t n = 0;

	while (isalpha((unsigned char)s[n]))
		n++;
	for (int d = 0; d < 7; d++)
		for (int k = 0; k < 2; k++)
			if (strlen(day_names[d][k]) == n && !strncasecmp(s, day_names[d][k], n)) {
				*p = s + n;
				return d;
			}
	if (n)
		buf_printf(err, "unknown day '%.*s' (want Mon, Tue, Wed, Thu, Fri, Sat or Sun)", (int)n, s);
	else
		buf_printf(err, "expected a day (Mon-Sun) at '%.20s'", s);
	return -1;
}

/* "Mon-Fri", "Sat,Sun", "Mon,Wed-Fri" into a set of weekdays. */
static int parse_days(const char **p, int days[7], struct buf *err)
{
	for (;;) {
		int a = parse_day(p, err), b;
		if (a < 0)
			return -1;
		b = a;
		if (**p == '-') {
			(*p)++;
			if ((b = parse_day(p, err)) < 0)
				return -1;
		}
		for (int d = a;; d = (d + 1) % 7) { /* Fri-Mon wraps over the weekend */
			days[d] = 1;
			if (d == b)
				break;
		}
		if (**p != ',')
			return 0;
		(*p)++;
	}
}

/* "9", "09", "09:30", "24:00" into minutes. */
static int parse_clock(const char **p, int *min, struct buf *err)
{
	const char *s = *p;
	int h = 0, m = 0, nd = 0;

	while (isdigit((unsigned char)**p) && nd < 3)
		h = h * 10 + (*(*p)++ - '0'), nd++;
	if (!nd || nd > 2) {
		buf_printf(err, "expected a time of day (HH:MM) at '%.20s'", s);
		return -1;
	}
	if (**p == ':') {
		(*p)++;
		if (!isdigit((unsigned char)(*p)[0]) || !isdigit((unsigned char)(*p)[1])) {
			buf_printf(err, "expected minutes (HH:MM) at '%.20s'", s);
			return -1;
		}
		m = ((*p)[0] - '0') * 10 + (*p)[1] - '0';
		*p += 2;
	}
	if (h > 24 || m > 59 || (h == 24 && m)) {
		buf_printf(err, "'%.*s' is not a time of day (00:00-24:00)", (int)(*p - s), s);
		return -1;
	}
	*min = h * 60 + m;
	return 0;
}

static int add_period(struct sc_schedule *s, unsigned char *week, int d, int a, int b,
		      struct buf *err)
{
	if (s->np[d] == MAXP) {
		buf_printf(err, "more than %d periods on %s", MAXP, day_abbr[d]);
		return -1;
	}
	for (int m = a; m < b; m++) {
		int i = (d * 1440 + m) % WEEK_MIN;
		if (week[i]) {
			buf_printf(err, "%s %02d:%02d-%02d:%02d overlaps another period (at %s %02d:%02d)",
				   day_abbr[d], a / 60, a % 60, b / 60 % 24, b % 60,
				   day_abbr[i / 1440], i % 1440 / 60, i % 60);
			return -1;
		}
		week[i] = 1;
	}
	s->p[d][s->np[d]++] = (struct period){(int16_t)a, (int16_t)b};
	return 0;
}

/* "09:00-13:00,14:00-18:00" for the given days. */
static int parse_ranges(struct sc_schedule *s, unsigned char *week, const char **p,
			const int days[7], struct buf *err)
{
	for (;;) {
		const char *r = *p;
		int a, b;

		if (parse_clock(p, &a, err))
			return -1;
		if (**p != '-') {
			buf_printf(err, "expected '-' and an end time after '%.*s'", (int)(*p - r), r);
			return -1;
		}
		(*p)++;
		if (parse_clock(p, &b, err))
			return -1;
		if (a == 1440) {
			buf_printf(err, "'%.*s' starts at 24:00 (write 00:00 on the next day)", (int)(*p - r), r);
			return -1;
		}
		if (a == b) {
			buf_printf(err, "'%.*s' is empty", (int)(*p - r), r);
			return -1;
		}
		if (b < a) /* runs past midnight: "22:00-02:00" */
			b += 1440;
		for (int d = 0; d < 7; d++)
			if (days[d] && add_period(s, week, d, a, b, err))
				return -1;
		if (**p != ',')
			return 0;
		(*p)++;
	}
}

static int cmp_period(const void *a, const void *b)
{
	return ((const struct period *)a)->start - ((const struct period *)b)->start;
}

static int parse_spec(struct sc_schedule *s, const char *spec, struct buf *err)
{
	unsigned char week[WEEK_MIN] = {0};
	const char *p = spec;
	int any = 0;

	skip_ws(&p);
	if (!strncmp(p, "24/7", 4)) {
		p += 4;
		skip_ws(&p);
		if (*p) {
			buf_printf(err, "unexpected '%.20s' after 24/7", p);
			return -1;
		}
		for (int d = 0; d < 7; d++)
			s->p[d][s->np[d]++] = (struct period){0, 1440};
		return 0;
	}
	while (*p) {
		int days[7] = {0};

		skip_ws(&p);
		if (*p == ';') {
			p++;
			continue;
		}
		if (!*p)
			break;
		if (parse_days(&p, days, err))
			return -1;
		if (*p != ' ' && *p != '\t') {
			buf_printf(err, "expected a space and hours after the days at '%.20s'", p);
			return -1;
		}
		skip_ws(&p);
		if (!*p || *p == ';') {
			buf_printf(err, "days without hours before '%.20s'", p);
			return -1;
		}
		if (parse_ranges(s, week, &p, days, err))
			return -1;
		skip_ws(&p);
		if (*p && *p != ';') {
			buf_printf(err, "unexpected '%.20s' (periods are separated by ',', day groups by ';')", p);
			return -1;
		}
		any = 1;
	}
	if (!any) {
		buf_puts(err, "no opening hours given (write \"24/7\" or e.g. \"Mon-Fri 09:00-18:00\")");
		return -1;
	}
	for (int d = 0; d < 7; d++)
		qsort(s->p[d], (size_t)s->np[d], sizeof s->p[d][0], cmp_period);
	return 0;
}

struct sc_schedule *sc_sched_new(const char *hours, const char *tz, struct buf *err)
{
	struct sc_schedule *s = sc_xcalloc(1, sizeof *s);

	buf_reset(err);
	if (parse_spec(s, hours ? hours : "", err)) {
		buf_cstr(err);
		free(s);
		return NULL;
	}
	if (!tz || !(s->z = zone_get(tz))) {
		buf_printf(err, "unknown time zone '%s' (want an IANA name such as Europe/Rome or UTC)",
			   tz ? tz : "");
		free(s);
		return NULL;
	}
	s->memo = sc_xcalloc(1, sizeof *s->memo);
	s->hours = sc_xstrdup(hours ? hours : "");
	return s;
}

void sc_sched_free(struct sc_schedule *s)
{
	if (!s)
		return;
	zone_put(s->z);
	free(s->memo);
	free(s->hours);
	free(s->hol);
	free(s);
}

int sc_sched_holiday(struct sc_schedule *s, const char *date, struct buf *err)
{
	struct sc_time t;
	const char *why;
	char full[32];
	size_t i;
	int64_t d;

	/* sc_time_parse checks the calendar; a date is its midnight UTC. */
	if (strlen(date) != 10 ||
	    snprintf(full, sizeof full, "%sT00:00:00Z", date) >= (int)sizeof full ||
	    sc_time_parse(full, strlen(full), &t, &why)) {
		buf_printf(err, "holiday '%s' is not a date (want YYYY-MM-DD)", date);
		buf_cstr(err);
		return -1;
	}
	d = floordiv(t.sec, DAY);
	for (i = 0; i < s->nhol && s->hol[i] < d; i++)
		;
	if (i < s->nhol && s->hol[i] == d)
		return 0;
	if (s->nhol == s->caphol) {
		s->caphol = s->caphol ? s->caphol * 2 : 16;
		s->hol = sc_xrealloc(s->hol, s->caphol * sizeof *s->hol);
	}
	memmove(s->hol + i + 1, s->hol + i, (s->nhol - i) * sizeof *s->hol);
	s->hol[i] = d;
	s->nhol++;
	s->memo->n = 0; /* the open hours changed */
	return 0;
}

/* ---- queries --------------------------------------------------------- */

static int is_holiday(const struct sc_schedule *s, int64_t day)
{
	size_t lo = 0, hi = s->nhol;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->hol[mid] == day)
			return 1;
		if (s->hol[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The first open interval [*a, *b) that ends after t. Days are walked in
 * local time from the day before t's (a period may run past midnight). */
static int walk_interval(const struct sc_schedule *s, int64_t t, int64_t *a, int64_t *b)
{
	int64_t d0 = floordiv(t + off_at(s->z, t), DAY) - 1;

	for (int64_t d = d0; d < d0 + HORIZON; d++) {
		int w = (int)((d % 7 + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
		if (!s->np[w] || is_holiday(s, d))
			continue;
		for (int i = 0; i < s->np[w]; i++) {
			int64_t pa = to_utc(s->z, d * DAY + s->p[w][i].start * 60);
			int64_t pb = to_utc(s->z, d * DAY + s->p[w][i].end * 60);
			if (pb <= t || pb <= pa)
				continue;
			*a = pa;
			*b = pb;
			return 0;
		}
	}
	return -1;
}

/* walk_interval's answer, from the memo when a recent one holds for t. */
static int next_interval(const struct sc_schedule *s, int64_t t, int64_t *a, int64_t *b)
{
	struct sched_memo *m = s->memo;

	for (int k = 0; k < m->n; k++)
		if (m->e[k].from <= t && t < m->e[k].b) {
			*a = m->e[k].a;
			*b = m->e[k].b;
			return 0;
		}
	if (walk_interval(s, t, a, b))
		return -1;
	m->e[m->next].from = t;
	m->e[m->next].a = *a;
	m->e[m->next].b = *b;
	m->next = (m->next + 1) % MEMO;
	if (m->n < MEMO)
		m->n++;
	return 0;
}

int sc_sched_is_open(const struct sc_schedule *s, struct sc_time at)
{
	int64_t a, b;

	return next_interval(s, at.sec, &a, &b) == 0 && a <= at.sec;
}

struct sc_time sc_sched_next_open(const struct sc_schedule *s, struct sc_time at)
{
	int64_t a, b;

	if (next_interval(s, at.sec, &a, &b))
		return (struct sc_time){SC_SCHED_NEVER, 0};
	return a <= at.sec ? at : (struct sc_time){a, 0};
}

struct sc_time sc_sched_add_business(const struct sc_schedule *s, struct sc_time at,
				     int64_t seconds)
{
	int64_t t = at.sec, a, b;

	for (;;) {
		if (next_interval(s, t, &a, &b))
			return (struct sc_time){SC_SCHED_NEVER, 0};
		if (a > t)
			t = a;
		if (seconds <= b - t)
			return (struct sc_time){t + seconds, 0};
		seconds -= b - t;
		t = b;
	}
}

int64_t sc_sched_business_between(const struct sc_schedule *s, struct sc_time from,
				  struct sc_time to)
{
	int64_t t = from.sec, sum = 0, a, b;

	while (t < to.sec && next_interval(s, t, &a, &b) == 0 && a < to.sec) {
		if (a < t)
			a = t;
		sum += (b < to.sec ? b : to.sec) - a;
		t = b;
	}
	return sum;
}

/* ---- durations ------------------------------------------------------- */

int sc_duration_parse(const char *s, int64_t *seconds, const char **why)
{
	int64_t total = 0;
	const char *p = s;

	if (!s || !*s) {
		*why = "empty duration";
		return -1;
	}
	while (*p) {
		int64_t n = 0, unit;
		int nd = 0;

		while (isdigit((unsigned char)*p)) {
			if (n > 100000000) {
				*why = "duration too long";
				return -1;
			}
			n = n * 10 + (*p++ - '0');
			nd++;
		}
		if (!nd) {
			*why = "not a duration (want e.g. 2h, 30m, 1h30m, 1d, 90s)";
			return -1;
		}
		switch (*p) {
		case 'w': unit = 7 * DAY; break;
		case 'd': unit = DAY; break;
		case 'h': unit = 3600; break;
		case 'm': unit = 60; break;
		case 's': unit = 1; break;
		case '\0':
			if (p == s + nd) { /* a bare number: seconds */
				unit = 1;
				p--;
				break;
			}
			/* fall through */
		default:
			*why = "unknown unit in duration (want w, d, h, m or s)";
			return -1;
		}
		p++;
		total += n * unit;
		if (total > (int64_t)1000 * 366 * DAY) {
			*why = "duration too long";
			return -1;
		}
	}
	*seconds = total;
	return 0;
}
