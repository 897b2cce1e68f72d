#include "sctime.h"
#include "tap.h"

static const char *fmt(const char *in)
{
	static char out[SC_TIME_MAX];
	struct sc_time t;
	const char *why;

	if (sc_time_parse(in, strlen(in), &t, &why))
		return why;
	sc_time_format(t, out);
	return out;
}

int main(void)
{
	is_str(fmt("2026-11-24T09:12:03Z"), "2026-11-24T09:12:03Z", "RFC 3339 UTC");
	is_str(fmt("2026-11-24T10:12:03+01:00"), "2026-11-24T09:12:03Z", "offset +01:00");
	is_str(fmt("2026-11-24T04:12:03-0500"), "2026-11-24T09:12:03Z", "offset -0500 without colon");
	is_str(fmt("2026-11-24 09:12:03.250Z"), "2026-11-24T09:12:03.250Z", "space for T, milliseconds kept");
	is_str(fmt("2022-11-03T08:50:26.000Z"), "2022-11-03T08:50:26Z", "zero fraction dropped");
	is_str(fmt("2026-01-01T00:30:00+01:00"), "2025-12-31T23:30:00Z", "offset crosses the year");
	is_str(fmt("2024-02-29T12:00:00Z"), "2024-02-29T12:00:00Z", "leap day");
	is_str(fmt("2016-12-31T23:59:60Z"), "2016-12-31T23:59:59Z", "leap second held at :59");
	is_str(fmt("Tue Oct 31 22:10:47 +0000 2017"), "2017-10-31T22:10:47Z", "archive form");
	is_str(fmt("Thu Nov 03 08:50:26 +0100 2022"), "2022-11-03T07:50:26Z", "archive form with offset");
	is_str(fmt("1509487847"), "2017-10-31T22:10:47Z", "epoch seconds");
	is_str(fmt("1509487847.5"), "2017-10-31T22:10:47.500Z", "epoch with fraction");
	is_str(fmt("0"), "1970-01-01T00:00:00Z", "epoch zero");

	is_str(fmt("2023-02-29T00:00:00Z"), "no such date", "Feb 29 in a common year refused");
	is_str(fmt("2026-13-01T00:00:00Z"), "no such date", "month 13 refused");
	is_str(fmt("2026-11-24T24:00:00Z"), "no such time of day", "hour 24 refused");
	is_str(fmt("2026-11-24T09:12:03"), "not an RFC 3339 time (want 2026-11-24T09:12:03Z)",
	       "a time without offset is refused (it would be a guess)");
	is_str(fmt("0999-01-01T00:00:00Z"), "year out of range (1000-9999)", "year 999 refused");
	is_str(fmt("Wed Oct 31 22:10:47 +0000 2017"), "weekday does not match the date",
	       "wrong weekday refused");
	is_str(fmt("Tue Oct 31 22:10:47 +0000 17"),
	       "not a time of the form 'Tue Oct 31 22:10:47 +0000 2017'", "two-digit year refused");
	is_str(fmt(""), "empty time", "empty refused");
	is_str(fmt("99999999999999999999"), "epoch seconds out of range", "huge epoch refused");
	is_str(fmt("12ab"), "not a time", "trailing junk refused");

	struct sc_time t = {-1, 0};
	char out[SC_TIME_MAX];
	sc_time_format(t, out);
	is_str(out, "1969-12-31T23:59:59Z", "negative epoch formats");

	int64_t y;
	unsigned m, d;
	int bad = 0;
	for (int64_t day = -800000; day < 3000000; day += 97) {
		sc_civil_from_days(day, &y, &m, &d);
		bad += sc_days_from_civil(y, m, d) != day;
	}
	is_int(bad, 0, "civil date conversion round-trips over 10,000 years");
	return tap_done();
}
