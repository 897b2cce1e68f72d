/* The agent's list of open cases (sc-route cases): the state store's open
 * cases as an aligned table, JSON lines or CSV, with how long each
 * customer has waited and the due time in the reader's time zone. */
#ifndef SC_CASELIST_H
#define SC_CASELIST_H
#include <stdio.h>

#include "routecfg.h"
#include "schedule.h"
#include "sctime.h"
#include "state.h"

enum { CL_TABLE, CL_JSON, CL_CSV };

struct caselist {
	int format;
	int width;                       /* the table's: caselist_width */
	struct sc_time now;              /* for "waited" and "overdue" */
	const struct sc_schedule *zone;  /* a 24/7 schedule in the reader's zone */
};

/* Writes the open cases that pass f to out; returns how many. */
size_t caselist_print(FILE *out, struct sc_state *st, const struct sc_case_filter *f,
		      const struct caselist *cl);

/* sc-route show: the case (its card, its conversation both ways in time
 * order, its owner history) to out; 0 when there is no such case. */
int caselist_show(FILE *out, struct sc_state *st, int64_t case_id);

/* "2026-11-24T10:30:00+01:00" (iso) or "Tue 11-24 10:30" into out
 * (SC_TIME_MAX bytes): an instant as wall time in the zone. */
void caselist_local(const struct sc_schedule *zone, int64_t utc, int iso, char *out);

/* The agent at the desk (--mine, for sc-route cases and sc-reply
 * --review alike): SC_AGENT, else the login name ($USER) when cfg (NULL:
 * none) has such an agent; NULL when neither says. */
const char *caselist_me(const struct route_cfg *cfg);

/* The zone due times are shown in: tz (--tz), else the agent's own in cfg
 * (its tz, else its shift's), else TZ, else "UTC". cfg and agent may be
 * NULL. */
const char *caselist_zone(const char *tz, const struct route_cfg *cfg, const char *agent);

/* The table's width in characters: width when > 0 (--width), else the
 * terminal's when standard output is one, else COLUMNS, else 80. */
int caselist_width(int width);

#endif
