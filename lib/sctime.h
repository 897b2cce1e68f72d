/* Times: parsed from the forms sources use, printed as RFC 3339 UTC.
 * Pure arithmetic on the proleptic Gregorian calendar: no TZ, no locale. */
#ifndef SC_TIME_H
#define SC_TIME_H
#include <stddef.h>
#include <stdint.h>

struct sc_time {
	int64_t sec;   /* seconds since 1970-01-01T00:00:00Z */
	int32_t nsec;  /* 0..999999999 */
};

/* Accepts RFC 3339 ("2026-11-24T09:12:03Z", "…T10:12:03.250+01:00", a space
 * for 'T', "+0100" offsets), the X archive form "Tue Oct 31 22:10:47 +0000
 * 2017", and epoch seconds ("1509487847", "1509487847.5"). Years 1000-9999.
 * Returns 0, or -1 with *why set to a short reason. */
int sc_time_parse(const char *s, size_t n, struct sc_time *t, const char **why);

/* Writes "YYYY-MM-DDTHH:MM:SSZ" (with ".mmm" when the milliseconds are not
 * zero) into out, which must hold SC_TIME_MAX bytes; returns the length. */
#define SC_TIME_MAX 32
size_t sc_time_format(struct sc_time t, char *out);

/* Days since the epoch for a civil date, and back (Howard Hinnant's
 * algorithms); exposed for the schedule code. */
int64_t sc_days_from_civil(int64_t y, unsigned m, unsigned d);
void sc_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

#endif
