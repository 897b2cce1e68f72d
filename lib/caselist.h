/* The agent's list of open cases (sc-route cases): the state store's open
 * cases as an aligned table, JSON lines or CSV, with how long each
 * customer has waited and the due time in the reader's time zone. */
#ifndef SC_CASELIST_H
#define SC_CASELIST_H
#include <stdio.h>

#include "schedule.h"
#include "sctime.h"
#include "state.h"

enum { CL_TABLE, CL_JSON, CL_CSV };

struct caselist {
	int format;
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

#endif
