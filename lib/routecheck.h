/* sc-route check: what a loaded routes.json says, in words a person can
 * confirm before a run (queues, agents and their shifts, when each queue
 * next opens, the rules in order), and what looks wrong though it loads
 * (an agent in no queue, hours that never open, no default queue). The state is not involved. */
#ifndef SC_ROUTECHECK_H
#define SC_ROUTECHECK_H
#include <stdio.h>

#include "routecfg.h"
#include "sctime.h"

/* Writes the summary as of now to f; returns the number of warnings
 * written (they are part of the summary, not errors). */
int routecheck_print(FILE *f, const struct route_cfg *c, struct sc_time now);

#endif
