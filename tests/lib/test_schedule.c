#include <stdlib.h>
#include <unistd.h>

#include "schedule.h"
#include "tap.h"

static struct buf err = BUF_INIT;

static struct sc_time T(const char *s)
{
	struct sc_time t = {0, 0};
	const char *why;

	if (sc_time_parse(s, strlen(s), &t, &why))
		printf("# bad test time %s: %s\n", s, why);
	return t;
}

static const char *F(struct sc_time t)
{
	static char out[4][SC_TIME_MAX];
	static int k;

	if (t.sec == SC_SCHED_NEVER)
		return "never";
	k = (k + 1) % 4;
	sc_time_format(t, out[k]);
	return out[k];
}

static struct sc_schedule *S(const char *hours, const char *tz)
{
	struct sc_schedule *s = sc_sched_new(hours, tz, &err);

	if (!s)
		printf("# schedule '%s' %s: %s\n", hours, tz, err.p);
	return s;
}

/* The message for a bad spec, or "ok". */
static const char *bad(const char *hours, const char *tz)
{
	static char msg[256];
	struct sc_schedule *s = sc_sched_new(hours, tz, &err);

	if (s) {
		sc_sched_free(s);
		return "ok";
	}
	snprintf(msg, sizeof msg, "%s", err.p);
	return msg;
}

static int64_t dur(const char *s)
{
	int64_t v;
	const char *why;

	return sc_duration_parse(s, &v, &why) ? -1 : v;
}

#define H 3600

static void issue_example(void)
{
	struct sc_schedule *s = S("Mon-Fri 09:00-21:00", "Europe/Rome");

	/* Friday 2026-11-27 20:30 in Rome (CET, +01:00) with a 2 h SLA. */
	is_str(F(sc_sched_add_business(s, T("2026-11-27T20:30:00+01:00"), 2 * H)),
	       F(T("2026-11-30T10:30:00+01:00")), "Fri 20:30 + 2h business → Mon 10:30 Rome");
	ok(sc_sched_is_open(s, T("2026-11-27T20:30:00+01:00")), "open Fri 20:30");
	ok(!sc_sched_is_open(s, T("2026-11-27T21:00:00+01:00")), "closed at 21:00 sharp");
	ok(!sc_sched_is_open(s, T("2026-11-28T12:00:00+01:00")), "closed on Saturday");
	is_str(F(sc_sched_next_open(s, T("2026-11-28T12:00:00+01:00"))), F(T("2026-11-30T09:00:00+01:00")),
	       "weekend: reopens Monday 09:00");
	is_str(F(sc_sched_next_open(s, T("2026-11-27T12:00:00+01:00"))), F(T("2026-11-27T12:00:00+01:00")),
	       "next_open of an open instant is itself");
	is_int(sc_sched_business_between(s, T("2026-11-27T20:30:00+01:00"), T("2026-11-30T10:30:00+01:00")),
	       2 * H, "business_between over the weekend is 2 h");
	is_int(sc_sched_business_between(s, T("2026-11-30T10:30:00+01:00"), T("2026-11-27T20:30:00+01:00")),
	       0, "business_between backwards is 0");
	/* An SLA longer than one day's open hours (12 h a day here). */
	is_str(F(sc_sched_add_business(s, T("2026-11-23T10:00:00+01:00"), 30 * H)),
	       F(T("2026-11-25T16:00:00+01:00")), "30 h SLA from Mon 10:00 → Wed 16:00 (11+12+7)");
	is_str(F(sc_sched_add_business(s, T("2026-11-27T19:00:00+01:00"), 2 * H)),
	       F(T("2026-11-27T21:00:00+01:00")), "an SLA ending at closing time is due at closing, not Monday");
	is_str(F(sc_sched_add_business(s, T("2026-11-28T03:00:00+01:00"), 0)),
	       F(T("2026-11-30T09:00:00+01:00")), "a zero SLA while closed is due at reopening");
	sc_sched_free(s);
}

static void lunch_break(void)
{
	struct sc_schedule *s = S("Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-14:00", "UTC");

	ok(sc_sched_is_open(s, T("2026-11-24T12:59:59Z")), "open just before lunch");
	ok(!sc_sched_is_open(s, T("2026-11-24T13:30:00Z")), "closed at lunch");
	is_str(F(sc_sched_next_open(s, T("2026-11-24T13:30:00Z"))), "2026-11-24T14:00:00Z",
	       "reopens after lunch");
	is_str(F(sc_sched_add_business(s, T("2026-11-24T12:30:00Z"), H)), "2026-11-24T14:30:00Z",
	       "1 h from 12:30 skips the lunch hour");
	is_int(sc_sched_business_between(s, T("2026-11-24T00:00:00Z"), T("2026-11-25T00:00:00Z")),
	       8 * H, "a weekday holds 8 open hours");
	is_str(F(sc_sched_add_business(s, T("2026-11-27T17:00:00Z"), 2 * H)), "2026-11-28T11:00:00Z",
	       "Friday 17:00 + 2h → Saturday 11:00");
	is_int(sc_sched_business_between(s, T("2026-11-23T00:00:00Z"), T("2026-11-30T00:00:00Z")),
	       44 * H, "a week: 5 × 8 h + 4 h on Saturday");
	sc_sched_free(s);
}

static void midnight(void)
{
	struct sc_schedule *s = S("Fri 22:00-02:00", "UTC");

	ok(!sc_sched_is_open(s, T("2026-11-27T21:59:59Z")), "closed before Friday 22:00");
	ok(sc_sched_is_open(s, T("2026-11-27T23:00:00Z")), "open Friday 23:00");
	ok(sc_sched_is_open(s, T("2026-11-28T01:59:59Z")), "still open Saturday 01:59 (Friday's period)");
	ok(!sc_sched_is_open(s, T("2026-11-28T02:00:00Z")), "closed Saturday 02:00");
	is_str(F(sc_sched_next_open(s, T("2026-11-28T03:00:00Z"))), "2026-12-04T22:00:00Z",
	       "reopens next Friday");
	is_str(F(sc_sched_add_business(s, T("2026-11-27T23:00:00Z"), 2 * H)), "2026-11-28T01:00:00Z",
	       "2 h from Friday 23:00 → Saturday 01:00");
	is_str(F(sc_sched_add_business(s, T("2026-11-27T23:00:00Z"), 4 * H)), "2026-12-04T23:00:00Z",
	       "4 h from Friday 23:00 → next Friday 23:00");
	sc_sched_free(s);

	s = S("Mon-Fri 18:00-09:00", "UTC");
	ok(s != NULL, "18:00-09:00 is a night shift (runs past midnight)");
	ok(s && sc_sched_is_open(s, T("2026-11-24T03:00:00Z")), "night shift open at 03:00 Tuesday");
	ok(s && !sc_sched_is_open(s, T("2026-11-23T03:00:00Z")), "closed 03:00 Monday (Sunday has no shift)");
	ok(s && sc_sched_is_open(s, T("2026-11-28T08:59:00Z")), "Friday's shift runs into Saturday morning");
	sc_sched_free(s);

	s = S("Sun 22:00-02:00; Mon 02:00-04:00", "UTC");
	is_int(s ? sc_sched_business_between(s, T("2026-11-29T00:00:00Z"), T("2026-11-30T12:00:00Z")) : -1,
	       6 * H, "Sunday's span meets Monday's period without a gap");
	sc_sched_free(s);
}

static void holidays(void)
{
	struct sc_schedule *s = S("Mon-Fri 09:00-21:00", "Europe/Rome");

	ok(sc_sched_holiday(s, "2026-12-25", &err) == 0, "holiday added");
	ok(sc_sched_holiday(s, "2026-12-25", &err) == 0, "the same holiday twice is fine");
	ok(!sc_sched_is_open(s, T("2026-12-25T12:00:00+01:00")), "closed on Christmas (a Friday)");
	ok(sc_sched_is_open(s, T("2026-12-24T12:00:00+01:00")), "open the day before");
	is_str(F(sc_sched_add_business(s, T("2026-12-24T20:00:00+01:00"), 2 * H)),
	       F(T("2026-12-28T10:00:00+01:00")), "Thu 20:00 + 2h skips the holiday and the weekend");
	buf_reset(&err);
	ok(sc_sched_holiday(s, "2026-02-30", &err) == -1 && strstr(err.p, "'2026-02-30' is not a date"),
	   "an impossible holiday is refused: %s", err.p);
	buf_reset(&err);
	ok(sc_sched_holiday(s, "25/12/2026", &err) == -1, "a holiday in another format is refused");
	/* a query's answer is kept (the schedule's memo): a holiday added
	 * after it changes the answer all the same */
	ok(sc_sched_is_open(s, T("2027-01-06T12:00:00+01:00")), "open on 6 January");
	ok(sc_sched_holiday(s, "2027-01-06", &err) == 0, "a second holiday");
	ok(!sc_sched_is_open(s, T("2027-01-06T12:00:00+01:00")), "and closed on it once it is one");
	/* sc-route check's "next holiday": the local date counts, not UTC's */
	is_int(sc_sched_next_holiday(s, T("2026-12-24T23:30:00Z")), sc_days_from_civil(2026, 12, 25),
	       "00:30 in Rome on the 25th: the holiday is today");
	is_int(sc_sched_next_holiday(s, T("2026-12-25T23:30:00Z")), sc_days_from_civil(2027, 1, 6),
	       "the 26th in Rome: the next one");
	is_int(sc_sched_next_holiday(s, T("2027-01-07T00:00:00Z")), -1, "none left");
	is_str(sc_sched_hours(s), "Mon-Fri 09:00-21:00", "the hours as given");
	sc_sched_free(s);

	/* Every Monday for three years a holiday: the schedule never opens. */
	s = S("Mon 09:00-10:00", "UTC");
	for (int64_t d = sc_days_from_civil(2026, 11, 23); d < sc_days_from_civil(2029, 12, 31); d += 7) {
		int64_t y;
		unsigned m, dd;
		char date[16];
		sc_civil_from_days(d, &y, &m, &dd);
		snprintf(date, sizeof date, "%04d-%02u-%02u", (int)y, m, dd);
		sc_sched_holiday(s, date, &err);
	}
	is_str(F(sc_sched_next_open(s, T("2026-11-22T00:00:00Z"))), "never", "no opening within the horizon");
	is_str(F(sc_sched_add_business(s, T("2026-11-22T00:00:00Z"), H)), "never", "no deadline either");
	sc_sched_free(s);
}

static void ics(void)
{
	struct sc_schedule *s = S("Mon-Fri 09:00-21:00", "Europe/Rome");
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "tests/data/holidays.ics"); /* tests/run works from the top */
	buf_reset(&err);
	ok(sc_sched_holidays_ics(s, path, &err) == 0, "iCalendar holidays load: %s", err.len ? err.p : "");
	ok(!sc_sched_is_open(s, T("2026-12-25T12:00:00+01:00")), "ics: Christmas (DTSTART) is a holiday");
	ok(sc_sched_is_open(s, T("2026-12-28T12:00:00+01:00")), "ics: DTEND is exclusive (Mon 28 open)");
	ok(!sc_sched_is_open(s, T("2027-01-01T12:00:00+01:00")), "ics: a yearly RRULE repeats (1 Jan 2027)");
	ok(!sc_sched_is_open(s, T("2029-01-01T12:00:00+01:00")), "ics: and in 2029");
	ok(sc_sched_is_open(s, T("2026-12-08T12:00:00+01:00")), "ics: an event with a time of day is not a holiday");
	sc_sched_free(s);

	s = S("24/7", "UTC");
	buf_reset(&err);
	ok(sc_sched_holidays_ics(s, "/no/such.ics", &err) == -1 && strstr(err.p, "cannot read"),
	   "a missing file is reported");
	snprintf(path, sizeof path, "%s/sc-test-%d.ics", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	if ((f = fopen(path, "w"))) {
		fputs("this is not a calendar\n", f);
		fclose(f);
	}
	buf_reset(&err);
	ok(sc_sched_holidays_ics(s, path, &err) == -1 && strstr(err.p, "not an iCalendar file"),
	   "a file that is not iCalendar is reported: %s", err.p);
	remove(path);
	sc_sched_free(s);
}

static void dst_rome(void)
{
	struct sc_schedule *s = S("Mon-Fri 09:00-21:00", "Europe/Rome");

	/* 2026-03-29: 02:00 CET → 03:00 CEST; 2026-10-25: 03:00 CEST → 02:00 CET. */
	is_int(sc_sched_utc_offset(s, T("2026-03-29T00:59:59Z").sec), 3600, "Rome +01:00 before spring");
	is_int(sc_sched_utc_offset(s, T("2026-03-29T01:00:00Z").sec), 7200, "Rome +02:00 from 01:00Z");
	is_int(sc_sched_utc_offset(s, T("2026-10-25T00:59:59Z").sec), 7200, "Rome +02:00 before autumn");
	is_int(sc_sched_utc_offset(s, T("2026-10-25T01:00:00Z").sec), 3600, "Rome +01:00 from 01:00Z");
	is_str(F(sc_sched_add_business(s, T("2026-03-27T20:30:00+01:00"), 2 * H)), "2026-03-30T08:30:00Z",
	       "Fri 20:30 CET + 2h → Mon 10:30 CEST (08:30Z)");
	is_str(F(sc_sched_add_business(s, T("2026-10-23T20:30:00+02:00"), 2 * H)), "2026-10-26T09:30:00Z",
	       "Fri 20:30 CEST + 2h → Mon 10:30 CET (09:30Z)");
	is_str(F(sc_sched_next_open(s, T("2026-03-28T12:00:00Z"))), "2026-03-30T07:00:00Z",
	       "opening on Monday after spring forward is 09:00 CEST");
	sc_sched_free(s);

	s = S("Sun 00:00-24:00", "Europe/Rome");
	is_int(sc_sched_business_between(s, T("2026-03-28T00:00:00Z"), T("2026-03-31T00:00:00Z")), 23 * H,
	       "the spring-forward Sunday has 23 hours");
	is_int(sc_sched_business_between(s, T("2026-10-24T00:00:00Z"), T("2026-10-27T00:00:00Z")), 25 * H,
	       "the fall-back Sunday has 25 hours");
	sc_sched_free(s);

	s = S("Sun 02:30-04:00", "Europe/Rome");
	is_str(F(sc_sched_next_open(s, T("2026-03-28T12:00:00Z"))), "2026-03-29T01:00:00Z",
	       "a period starting in the skipped hour opens when the clocks jump (03:00 CEST)");
	is_int(sc_sched_business_between(s, T("2026-03-28T00:00:00Z"), T("2026-03-30T00:00:00Z")), H,
	       "and lasts from 03:00 to 04:00 CEST");
	sc_sched_free(s);

	s = S("Sun 02:30-05:00", "Europe/Rome");
	is_str(F(sc_sched_next_open(s, T("2026-10-24T12:00:00Z"))), "2026-10-25T00:30:00Z",
	       "a repeated wall time means its first occurrence (02:30 CEST)");
	is_int(sc_sched_business_between(s, T("2026-10-24T00:00:00Z"), T("2026-10-26T00:00:00Z")),
	       3 * H + 1800, "02:30 CEST to 05:00 CET is 3.5 h");
	sc_sched_free(s);
}

static void dst_new_york(void)
{
	struct sc_schedule *s = S("Mon-Fri 09:00-17:00", "America/New_York");

	/* 2026-03-08 02:00 EST → 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT → 01:00 EST (06:00Z). */
	is_int(sc_sched_utc_offset(s, T("2026-03-08T06:59:59Z").sec), -5 * H, "New York -05:00 before spring");
	is_int(sc_sched_utc_offset(s, T("2026-03-08T07:00:00Z").sec), -4 * H, "New York -04:00 from 07:00Z");
	is_int(sc_sched_utc_offset(s, T("2026-11-01T06:00:00Z").sec), -5 * H, "New York -05:00 from 06:00Z");
	is_str(F(sc_sched_add_business(s, T("2026-03-06T16:00:00-05:00"), 2 * H)), "2026-03-09T14:00:00Z",
	       "Fri 16:00 EST + 2h → Mon 10:00 EDT (14:00Z)");
	is_str(F(sc_sched_add_business(s, T("2026-10-30T16:00:00-04:00"), 2 * H)), "2026-11-02T15:00:00Z",
	       "Fri 16:00 EDT + 2h → Mon 10:00 EST (15:00Z)");
	ok(sc_sched_is_open(s, T("2026-03-09T13:30:00Z")), "open Mon 09:30 EDT (13:30Z)");
	ok(!sc_sched_is_open(s, T("2026-03-09T12:30:00Z")),
	   "closed Mon 08:30 EDT (12:30Z), which would be 07:30 EST");
	sc_sched_free(s);

	s = S("Sun 00:00-24:00", "America/New_York");
	is_int(sc_sched_business_between(s, T("2026-03-07T00:00:00Z"), T("2026-03-10T00:00:00Z")), 23 * H,
	       "New York's spring-forward Sunday has 23 hours");
	is_int(sc_sched_business_between(s, T("2026-10-31T00:00:00Z"), T("2026-11-03T00:00:00Z")), 25 * H,
	       "New York's fall-back Sunday has 25 hours");
	sc_sched_free(s);

	s = S("Sun 02:00-03:00", "America/New_York");
	is_str(F(sc_sched_next_open(s, T("2026-03-08T00:00:00Z"))), "2026-03-15T06:00:00Z",
	       "an hour that does not exist is no opening: the next is a week later");
	sc_sched_free(s);
}

static void always(void)
{
	struct sc_schedule *s = S("24/7", "Europe/Rome");

	ok(sc_sched_is_open(s, T("2026-03-29T01:30:00Z")), "24/7 is open during the clock change");
	is_str(F(sc_sched_add_business(s, T("2026-03-29T00:30:00Z"), 2 * H)), "2026-03-29T02:30:00Z",
	       "24/7: the deadline is 2 real hours later across spring forward");
	is_int(sc_sched_business_between(s, T("2026-10-24T12:00:00Z"), T("2026-10-26T12:00:00Z")), 48 * H,
	       "24/7: business time is elapsed time across fall back");
	is_str(F(sc_sched_add_business(s, T("2026-11-24T10:00:00Z"), 3 * 86400)), "2026-11-27T10:00:00Z",
	       "24/7: 3 days is 3 days");
	sc_sched_free(s);
}

/* add_business and business_between agree everywhere. */
static void consistency(void)
{
	struct sc_schedule *s = S("Mon-Fri 08:00-13:00,14:00-20:00; Sat 09:00-13:00; Sun 22:00-01:00",
				  "Europe/Rome");
	int bad = 0;

	sc_sched_holiday(s, "2026-12-08", &err);
	srand(7);
	for (int i = 0; i < 3000; i++) {
		struct sc_time a = {T("2026-01-01T00:00:00Z").sec + (int64_t)(rand() % 365) * 86400 + rand() % 86400, 0};
		int64_t n = rand() % (40 * H);
		struct sc_time b = sc_sched_add_business(s, a, n);
		bad += sc_sched_business_between(s, a, b) != n;
		bad += n > 0 && !sc_sched_is_open(s, (struct sc_time){b.sec - 1, 0});
	}
	is_int(bad, 0, "business_between(a, add_business(a, n)) == n for 3000 random points");
	sc_sched_free(s);
}

static void bad_specs(void)
{
	is_str(bad("Mon-Fri 25:00-26:00", "UTC"), "'25:00' is not a time of day (00:00-24:00)", "25:00 refused");
	is_str(bad("Mon-Fri 09:60-10:00", "UTC"), "'09:60' is not a time of day (00:00-24:00)", "minute 60 refused");
	is_str(bad("Mox 09:00-18:00", "UTC"), "unknown day 'Mox' (want Mon, Tue, Wed, Thu, Fri, Sat or Sun)",
	       "unknown day refused");
	is_str(bad("Mon-Fri 09:00-09:00", "UTC"), "'09:00-09:00' is empty", "empty range refused");
	is_str(bad("Mon 24:00-02:00", "UTC"), "'24:00-02:00' starts at 24:00 (write 00:00 on the next day)",
	       "start at 24:00 refused");
	is_str(bad("Mon 09:00-13:00,12:00-14:00", "UTC"),
	       "Mon 12:00-14:00 overlaps another period (at Mon 12:00)", "overlapping periods refused");
	is_str(bad("Mon 18:00-09:00; Tue 08:00-10:00", "UTC"),
	       "Tue 08:00-10:00 overlaps another period (at Tue 08:00)", "overlap with a night shift refused");
	is_str(bad("Mon-Fri", "UTC"), "expected a space and hours after the days at ''", "days without hours refused");
	is_str(bad("", "UTC"), "no opening hours given (write \"24/7\" or e.g. \"Mon-Fri 09:00-18:00\")",
	       "empty spec refused");
	is_str(bad("Mon-Fri 09:00", "UTC"), "expected '-' and an end time after '09:00'", "missing end refused");
	is_str(bad("Mon-Fri 09:00-18:00 Sat", "UTC"),
	       "unexpected 'Sat' (periods are separated by ',', day groups by ';')", "missing ';' refused");
	is_str(bad("24/7 Mon", "UTC"), "unexpected 'Mon' after 24/7", "junk after 24/7 refused");
	is_str(bad("Mon-Fri 09-18", "Mars/Olympus"),
	       "unknown time zone 'Mars/Olympus' (want an IANA name such as Europe/Rome or UTC)",
	       "unknown time zone refused");
	is_str(bad("Mon-Fri 09-18", "../../etc/passwd"), "unknown time zone '../../etc/passwd' "
	       "(want an IANA name such as Europe/Rome or UTC)", "a path is not a zone");
	is_str(bad("Mon-Fri 9-18", "Europe/Madrid"), "ok", "hours without minutes accepted");
	is_str(bad("Mon,Wed-Fri 9-18; Sat 10:00-14:00", "America/New_York"), "ok", "day lists accepted");
	is_str(bad("Fri-Mon 10:00-12:00", "UTC"), "ok", "a day range over the weekend accepted");
	is_str(bad("monday 00:00-24:00", "UTC"), "ok", "full day names, whole days accepted");
}

static void durations(void)
{
	is_int(dur("2h"), 7200, "2h");
	is_int(dur("30m"), 1800, "30m");
	is_int(dur("1d"), 86400, "1d");
	is_int(dur("1h30m"), 5400, "1h30m");
	is_int(dur("90s"), 90, "90s");
	is_int(dur("90"), 90, "bare number is seconds");
	is_int(dur("1w"), 7 * 86400, "1w");
	is_int(dur(""), -1, "empty refused");
	is_int(dur("2x"), -1, "unknown unit refused");
	is_int(dur("h"), -1, "unit without number refused");
	is_int(dur("-1h"), -1, "negative refused");
	is_int(dur("1h30"), -1, "trailing number without unit refused");
	is_int(dur("99999999999999h"), -1, "overflow refused");
}

int main(void)
{
	issue_example();
	lunch_break();
	midnight();
	holidays();
	ics();
	dst_rome();
	dst_new_york();
	always();
	consistency();
	bad_specs();
	durations();
	buf_free(&err);
	return tap_done();
}
