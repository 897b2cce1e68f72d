/* sc-route's configuration file (routes.json, sc-route(1)): schedules,
 * agents and their shifts, teams, queues and their assignment policies,
 * and the ordered rules. Loading checks everything a user can get wrong
 * (unknown keys, names that refer to nothing, bad hours, bad durations) and
 * says where; the rules' jq is compiled by rules.c. */
#ifndef SC_ROUTECFG_H
#define SC_ROUTECFG_H
#include <stdint.h>

#include "buf.h"
#include "rules.h"
#include "schedule.h"
#include "sctime.h"

enum { ASSIGN_NONE, ASSIGN_ROUND_ROBIN, ASSIGN_LEAST_OPEN };
enum { MODE_UNSET, MODE_PUBLIC, MODE_DM, MODE_NONE };
/* When nobody of a queue is on shift: let the case wait in the queue, to
 * be served oldest first by the queue's policy when agents come on shift
 * (the default: an agent off shift is given no new case), or give it now
 * to one of the agents with a coming shift, chosen by the queue's policy. */
enum { OFF_HOURS_NEXT_SHIFT, OFF_HOURS_WAIT };

struct rc_agent {
	char *name;
	struct sc_schedule *shift;  /* NULL: always on */
	char **langs;
	int nlangs;
	long max_open;              /* 0: no cap */
	int away;
	char *tz;                   /* the agent's own zone, for sc-route cases; NULL: the shift's */
	/* load, read from the state at each batch and kept up to date */
	long open;
	uint64_t seq;               /* order of the last assignment (round-robin) */
	char last[SC_TIME_MAX];
	int dirty, known;
};

struct rc_queue {
	char *name;
	int *agents;                /* indices into agents */
	int nagents;
	struct sc_schedule *sched;  /* NULL: always open */
	int64_t sla;                /* seconds, -1: none */
	int64_t close_after;        /* an answered case closes after this many
	                               quiet seconds; -1: only by hand */
	int64_t next_close;         /* the router's: no case of the queue closes
	                               before this time (INT64_MAX: none) */
	int assign;
	int off_hours;
	int waiting;                /* a case may wait for an owner: set per
	                               batch, cleared when none is found */
};

struct rc_rule {
	struct rule_src *src;       /* name, if, continue */
	int queue;                  /* -1: not set */
	int mode;
	int priority;               /* 0: not set */
	int64_t sla;                /* -1: not set */
	unsigned long errors;       /* records on which the condition failed */
};

struct rc_sched {
	char *name;
	struct sc_schedule *s;
};

struct route_cfg {
	const char *path;
	struct rc_sched *scheds;
	int nscheds;
	struct rc_agent *agents;
	int nagents;
	struct rc_queue *queues;
	int nqueues;
	struct rc_rule *rules;
	struct rule_src *src;
	int nrules;
	int default_queue;          /* -1: none */
	int64_t default_sla;        /* -1: none */
	int64_t customer_days;      /* same customer sticks to its owner; 0: off */
};

/* Loads and checks the file. On error returns -1 with the message in err
 * ("queue 'billing': unknown agent 'ana'"), nothing left to free. */
int routecfg_load(struct route_cfg *c, const char *path, struct buf *err);
void routecfg_free(struct route_cfg *c);
int routecfg_queue(const struct route_cfg *c, const char *name);
int routecfg_agent(const struct route_cfg *c, const char *name);

#endif
