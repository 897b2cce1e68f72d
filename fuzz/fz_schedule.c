/* Opening hours and durations (lib/schedule.c): the input's lines are the
 * hours spec, the zone, a duration, an instant (RFC 3339), then holiday
 * dates. A schedule that is made is asked every question sc-route and
 * sc-report ask. */
#include <string.h>

#include "fuzz.h"
#include "schedule.h"

/* Cuts the next line off *p (which moves past it); NULL at the end. */
static char *next_line(char **p)
{
	char *s = *p, *nl;

	if (!s)
		return NULL;
	if ((nl = strchr(s, '\n'))) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = NULL;
	}
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *p = (char *)fuzz_str(data, size);
	char *hours = next_line(&p), *tz = next_line(&p), *dur = next_line(&p),
	     *when = next_line(&p), *day;
	struct buf err = BUF_INIT;
	struct sc_schedule *s;
	struct sc_time at = {1714557600, 0}; /* 2024-05-01T10:00:00Z */
	int64_t secs = 3600;
	const char *why;

	if (dur)
		sc_duration_parse(dur, &secs, &why);
	if (when)
		sc_time_parse(when, strlen(when), &at, &why);
	if (!hours || !(s = sc_sched_new(hours, tz ? tz : "UTC", &err))) {
		buf_free(&err);
		return 0;
	}
	while ((day = next_line(&p)))
		sc_sched_holiday(s, day, &err);
	sc_sched_is_open(s, at);
	sc_sched_next_open(s, at);
	sc_sched_add_business(s, at, secs < 0 ? 0 : secs);
	sc_sched_business_between(s, at, (struct sc_time){at.sec + (secs % 40000000), 0});
	sc_sched_utc_offset(s, at.sec);
	sc_sched_free(s);
	buf_free(&err);
	return 0;
}
