/* Opening hours: weekly periods in one IANA time zone, minus holidays.
 * One schedule answers "open now?", "when do we reopen?", "what is the
 * deadline after N seconds of open time?" and "how much open time lies
 * between two instants?" (SLA deadlines in sc-route, business-time response
 * times in sc-report).
 *
 * Spec syntax (sc-route(1)):
 *   "24/7"
 *   "Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-14:00"
 *   "Mon,Wed-Fri 9-18"          days as ranges or lists, hours as H, HH or HH:MM
 *   "Fri 22:00-02:00"           an end before the start runs past midnight;
 *                               the period belongs to the day it starts on
 *   "Mon-Fri 09:00-24:00"       24:00 ends a period at midnight
 * Periods must not overlap anywhere in the week.
 *
 * Time zones come from the system tz database: the zone's UTC offsets are
 * read once when the schedule is made (by probing the C library's
 * localtime_r under that TZ, which is restored afterwards) and kept as a
 * table of transitions for 1970-2099 (later instants keep the
 * offset in force at the end of 2099), so no lookup touches the environment
 * or the C library again. Wall times that do not exist (the hour skipped
 * when clocks go forward) open or close at the moment the clocks change;
 * wall times that happen twice (clocks go back) mean the first one.
 * Holidays are local dates: a holiday closes the periods that start on it.
 * Resolution is one second. Not thread-safe: making a schedule sets TZ,
 * and the queries keep their last answers in it (one thread per schedule). */
#ifndef SC_SCHEDULE_H
#define SC_SCHEDULE_H
#include <stdint.h>

#include "buf.h"
#include "sctime.h"

struct sc_schedule;

/* The answer of next_open/add_business when the schedule never opens again
 * (every day ahead within two years is a holiday). */
#define SC_SCHED_NEVER INT64_MAX

/* Makes a schedule from hours and a zone name ("Europe/Rome", "UTC").
 * On a bad spec or an unknown zone returns NULL with a message in err
 * naming what is wrong. */
struct sc_schedule *sc_sched_new(const char *hours, const char *tz, struct buf *err);
void sc_sched_free(struct sc_schedule *s);

/* Adds a holiday given as "YYYY-MM-DD". Returns 0, or -1 with a message. */
int sc_sched_holiday(struct sc_schedule *s, const char *date, struct buf *err);

/* Adds the all-day events of an iCalendar file as holidays (libical;
 * schedule_ics.c). Returns 0, or -1 with a message naming the file. */
int sc_sched_holidays_ics(struct sc_schedule *s, const char *path, struct buf *err);

const char *sc_sched_tz(const struct sc_schedule *s);
/* The hours spec the schedule was made from. */
const char *sc_sched_hours(const struct sc_schedule *s);
/* The first holiday on or after at's local date, as days since the epoch
 * (sc_civil_from_days); -1 when none is listed. */
int64_t sc_sched_next_holiday(const struct sc_schedule *s, struct sc_time at);

int sc_sched_is_open(const struct sc_schedule *s, struct sc_time at);
/* at itself when open, else the moment the schedule opens next
 * (sec == SC_SCHED_NEVER when it never does). */
struct sc_time sc_sched_next_open(const struct sc_schedule *s, struct sc_time at);
/* The instant by which `seconds` of open time have passed since at: an SLA
 * deadline. With seconds == 0 that is next_open(at). */
struct sc_time sc_sched_add_business(const struct sc_schedule *s, struct sc_time at,
				     int64_t seconds);
/* Open seconds in [a, b); 0 when b <= a. */
int64_t sc_sched_business_between(const struct sc_schedule *s, struct sc_time a,
				  struct sc_time b);
/* The UTC offset (seconds east) in force at an instant, from the table. */
int32_t sc_sched_utc_offset(const struct sc_schedule *s, int64_t utc);

/* Durations: "2h", "30m", "1d" (24 h), "1h30m", "90s", "1w" (7 d); a bare
 * number is seconds. Returns 0, or -1 with *why set. */
int sc_duration_parse(const char *s, int64_t *seconds, const char **why);

#endif
