/* Holidays from an iCalendar file (RFC 5545), parsed by libical: every
 * all-day event (DTSTART;VALUE=DATE) is a holiday, for each day up to its
 * DTEND, and again for each repetition of its RRULE (up to 2099). Events
 * with a time of day are not holidays and are skipped. */
#include <stdio.h>
#include <stdlib.h>

#include <libical/ical.h>

#include "schedule.h"

#define MAX_REPEATS 2000

static int add_days(struct sc_schedule *s, struct icaltimetype start, int ndays, struct buf *err)
{
	for (int i = 0; i < ndays; i++) {
		struct icaltimetype d = start;
		char date[16];

		icaltime_adjust(&d, i, 0, 0, 0);
		snprintf(date, sizeof date, "%04d-%02d-%02d", d.year, d.month, d.day);
		if (sc_sched_holiday(s, date, err))
			return -1;
	}
	return 0;
}

/* Days an all-day event covers: DTEND is exclusive; none means one day. */
static int event_days(icalcomponent *ev, struct icaltimetype start)
{
	struct icaltimetype end = icalcomponent_get_dtend(ev);
	int n = 0;

	if (icaltime_is_null_time(end) || !end.is_date)
		return 1;
	for (struct icaltimetype d = start; icaltime_compare_date_only(d, end) < 0 && n < 366; n++)
		icaltime_adjust(&d, 1, 0, 0, 0);
	return n ? n : 1;
}

static int add_event(struct sc_schedule *s, icalcomponent *ev, struct buf *err, int *found)
{
	struct icaltimetype start = icalcomponent_get_dtstart(ev);
	icalproperty *rrule;
	int ndays, rc = 0;

	if (icaltime_is_null_time(start) || !start.is_date)
		return 0;
	ndays = event_days(ev, start);
	(*found)++;
	rrule = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
	if (!rrule)
		return add_days(s, start, ndays, err);
	icalrecur_iterator *it = icalrecur_iterator_new(icalproperty_get_rrule(rrule), start);
	if (!it)
		return add_days(s, start, ndays, err);
	for (int k = 0; rc == 0 && k < MAX_REPEATS; k++) {
		struct icaltimetype d = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(d) || d.year > 2099)
			break;
		rc = add_days(s, d, ndays, err);
	}
	icalrecur_iterator_free(it);
	return rc;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	buf_cstr(&b);
	return b.p;
}

int sc_sched_holidays_ics(struct sc_schedule *s, const char *path, struct buf *err)
{
	char *text = slurp(path);
	icalcomponent *root, *ev;
	int found = 0, rc = 0;

	if (!text) {
		buf_printf(err, "holidays file %s: cannot read it", path);
		buf_cstr(err);
		return -1;
	}
	root = icalparser_parse_string(text);
	free(text);
	if (!root || icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT) {
		buf_printf(err, "holidays file %s: not an iCalendar file (want BEGIN:VCALENDAR)", path);
		buf_cstr(err);
		if (root)
			icalcomponent_free(root);
		return -1;
	}
	for (ev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); ev && rc == 0;
	     ev = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT))
		rc = add_event(s, ev, err, &found);
	icalcomponent_free(root);
	if (rc == 0 && !found) {
		buf_printf(err, "holidays file %s: no all-day events (DTSTART;VALUE=DATE) in it", path);
		buf_cstr(err);
		rc = -1;
	}
	return rc;
}
