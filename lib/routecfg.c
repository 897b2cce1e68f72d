#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jv.h>

#include "cfgjson.h"
#include "diag.h"
#include "jget.h"
#include "routecfg.h"

static int get_duration(jv o, const char *k, int64_t *out, const char *what, struct buf *err)
{
	char *s = NULL;
	const char *why;
	int rc = cfg_str(o, k, &s, what, err);

	if (rc == 1 && sc_duration_parse(s, out, &why))
		rc = cfg_bad(err, "%s: %s '%s': %s", what, k, s, why);
	free(s);
	return rc;
}

/* A holidays file named relative to the configuration file's directory. */
static int holidays_file(struct sc_schedule *s, const char *cfg, const char *file,
			 const char *what, struct buf *err)
{
	struct buf path = BUF_INIT, e = BUF_INIT;
	const char *slash = strrchr(cfg, '/');
	int rc;

	if (file[0] != '/' && slash)
		buf_put(&path, cfg, (size_t)(slash - cfg + 1));
	buf_puts(&path, file);
	rc = sc_sched_holidays_ics(s, buf_cstr(&path), &e);
	if (rc)
		cfg_bad(err, "%s: %s", what, e.p);
	buf_free(&path);
	buf_free(&e);
	return rc;
}

static struct sc_schedule *make_schedule(jv o, const char *cfg, const char *what, struct buf *err)
{
	static const char *const keys[] = {"hours", "tz", "holidays", "holidays_file", NULL};
	char *hours = NULL, *tz = NULL, *file = NULL;
	struct sc_schedule *s = NULL;
	struct buf e = BUF_INIT;
	jv hol;

	if (cfg_keys(o, keys, what, err) || cfg_str(o, "hours", &hours, what, err) < 0 ||
	    cfg_str(o, "tz", &tz, what, err) < 0 || cfg_str(o, "holidays_file", &file, what, err) < 0)
		goto out;
	if (!(s = sc_sched_new(hours ? hours : "", tz ? tz : "UTC", &e))) {
		cfg_bad(err, "%s: %s", what, e.p);
		goto out;
	}
	hol = cfg_get(o, "holidays");
	if (jv_is_valid(hol) && jv_get_kind(hol) == JV_KIND_ARRAY) {
		jv_array_foreach(hol, i, d) {
			if (s && (jv_get_kind(d) != JV_KIND_STRING ||
				  sc_sched_holiday(s, jv_string_value(d), &e))) {
				cfg_bad(err, "%s: %s", what, jv_get_kind(d) == JV_KIND_STRING ? e.p
					   : "holidays must be dates as strings");
				sc_sched_free(s);
				s = NULL;
			}
			jv_free(d);
		}
	} else if (jv_is_valid(hol) && jv_get_kind(hol) != JV_KIND_NULL) {
		cfg_bad(err, "%s: holidays must be an array of dates", what);
		sc_sched_free(s);
		s = NULL;
	}
	jv_free(hol);
	if (s && file && holidays_file(s, cfg, file, what, err)) {
		sc_sched_free(s);
		s = NULL;
	}
out:
	free(hours);
	free(tz);
	free(file);
	buf_free(&e);
	return s;
}

/* A schedule given by name (from "schedules") or inline. Owned by the
 * caller when inline: *owned tells. */
static int schedule_ref(struct route_cfg *c, jv v, struct sc_schedule **out, const char *what,
			struct buf *err)
{
	if (jv_get_kind(v) == JV_KIND_STRING) {
		for (int i = 0; i < c->nscheds; i++)
			if (!strcmp(c->scheds[i].name, jv_string_value(v))) {
				*out = c->scheds[i].s;
				return 0;
			}
		if (!strcmp(jv_string_value(v), "none")) { /* sc-route(1): always on, always open */
			*out = NULL;
			return 0;
		}
		return cfg_bad(err, "%s: unknown schedule '%s'", what, jv_string_value(v));
	}
	/* inline: kept in the list under the owner's name so it is freed once */
	if (!(*out = make_schedule(v, c->path, what, err)))
		return -1;
	c->scheds = sc_xrealloc(c->scheds, (size_t)(c->nscheds + 1) * sizeof *c->scheds);
	c->scheds[c->nscheds++] = (struct rc_sched){sc_xstrdup(what), *out};
	return 0;
}

static int one_schedule(void *ctx, int i, int n, const char *name, jv o, struct buf *err)
{
	struct route_cfg *c = ctx;
	struct sc_schedule *sch;
	char what[160];

	(void)i, (void)n;
	snprintf(what, sizeof what, "schedule '%s'", name);
	if (!(sch = make_schedule(o, c->path, what, err)))
		return -1;
	c->scheds = sc_xrealloc(c->scheds, (size_t)(c->nscheds + 1) * sizeof *c->scheds);
	c->scheds[c->nscheds++] = (struct rc_sched){sc_xstrdup(name), sch};
	return 0;
}

static int load_schedules(struct route_cfg *c, jv root, struct buf *err)
{
	return cfg_each(root, "schedules", 0, "schedules: want an object of named schedules",
			one_schedule, c, err);
}

static int load_agent(struct route_cfg *c, struct rc_agent *a, jv o, struct buf *err)
{
	static const char *const keys[] = {"shift", "languages", "max_open", "away", "tz", NULL};
	char what[160];
	jv v;
	int rc = 0;

	snprintf(what, sizeof what, "agent '%s'", a->name);
	if (cfg_keys(o, keys, what, err))
		return -1;
	v = cfg_get(o, "shift");
	if (jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL)
		rc = schedule_ref(c, v, &a->shift, what, err);
	jv_free(v);
	v = cfg_get(o, "languages");
	if (!rc && jv_is_valid(v) && jv_get_kind(v) == JV_KIND_ARRAY) {
		a->langs = sc_xcalloc((size_t)jv_array_length(jv_copy(v)) + 1, sizeof *a->langs);
		jv_array_foreach(v, i, l) {
			if (jv_get_kind(l) == JV_KIND_STRING)
				a->langs[a->nlangs++] = sc_xstrdup(jv_string_value(l));
			else if (!rc)
				rc = cfg_bad(err, "%s: languages must be strings such as \"it\"", what);
			jv_free(l);
		}
	} else if (!rc && jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL) {
		rc = cfg_bad(err, "%s: languages must be an array", what);
	}
	jv_free(v);
	v = cfg_get(o, "max_open");
	if (!rc && jv_is_valid(v) && jv_get_kind(v) == JV_KIND_NUMBER && jv_number_value(v) >= 1 &&
	    jv_number_value(v) <= 1e6)
		a->max_open = (long)jv_number_value(v);
	else if (!rc && jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL)
		rc = cfg_bad(err, "%s: max_open must be a number of cases (1 to 1000000)", what);
	jv_free(v);
	v = cfg_get(o, "away");
	a->away = jv_is_valid(v) && jv_get_kind(v) == JV_KIND_TRUE;
	jv_free(v);
	v = cfg_get(o, "tz");
	if (!rc && jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL) {
		char tzwhat[176];
		snprintf(tzwhat, sizeof tzwhat, "%s: tz", what);
		struct sc_schedule *probe = cfg_zone(v, tzwhat, err); /* the name is checked */
		if (probe)
			a->tz = sc_xstrdup(jv_string_value(v));
		else
			rc = -1;
		sc_sched_free(probe);
	}
	jv_free(v);
	return rc;
}

static int one_agent(void *ctx, int i, int n, const char *name, jv o, struct buf *err)
{
	struct route_cfg *c = ctx;
	struct rc_agent *a;

	if (i == 0)
		c->agents = sc_xcalloc((size_t)n + 1, sizeof *c->agents);
	a = &c->agents[c->nagents++];
	a->name = sc_xstrdup(name);
	return load_agent(c, a, o, err);
}

static int load_agents(struct route_cfg *c, jv root, struct buf *err)
{
	return cfg_each(root, "agents", 0, "agents: want an object of agents by name", one_agent, c,
			err);
}

static int queue_agents(struct route_cfg *c, struct rc_queue *q, jv list, const char *what,
			struct buf *err)
{
	if (jv_get_kind(list) != JV_KIND_ARRAY)
		return cfg_bad(err, "%s: agents must be an array of agent names", what);
	q->agents = sc_xcalloc((size_t)jv_array_length(jv_copy(list)) + 1, sizeof *q->agents);
	jv_array_foreach(list, i, n) {
		int a = jv_get_kind(n) == JV_KIND_STRING ? routecfg_agent(c, jv_string_value(n)) : -1;
		if (a < 0) {
			if (jv_get_kind(n) == JV_KIND_STRING)
				cfg_bad(err, "%s: unknown agent '%s' (not in \"agents\")", what, jv_string_value(n));
			else
				cfg_bad(err, "%s: agents must be names", what);
			jv_free(n);
			return -1;
		}
		q->agents[q->nagents++] = a;
		jv_free(n);
	}
	return 0;
}

static int load_queue(struct route_cfg *c, struct rc_queue *q, jv o, jv teams, struct buf *err)
{
	static const char *const keys[] = {"agents", "team", "schedule", "sla", "assign",
					   "off_hours", "close_after", NULL};
	char what[160], *assign = NULL, *team = NULL, *off = NULL;
	jv v;
	int rc;

	snprintf(what, sizeof what, "queue '%s'", q->name);
	q->sla = -1;
	q->close_after = -1;
	q->assign = ASSIGN_LEAST_OPEN;
	if (cfg_keys(o, keys, what, err) || get_duration(o, "sla", &q->sla, what, err) < 0 ||
	    get_duration(o, "close_after", &q->close_after, what, err) < 0 ||
	    cfg_str(o, "assign", &assign, what, err) < 0 || cfg_str(o, "team", &team, what, err) < 0 ||
	    cfg_str(o, "off_hours", &off, what, err) < 0) {
		free(assign);
		free(team);
		return -1;
	}
	rc = 0;
	q->off_hours = OFF_HOURS_WAIT;
	if (off && !strcmp(off, "next-shift"))
		q->off_hours = OFF_HOURS_NEXT_SHIFT;
	else if (off && strcmp(off, "wait"))
		rc = cfg_bad(err, "%s: off_hours '%s': want next-shift or wait", what, off);
	free(off);
	if (assign) {
		if (!strcmp(assign, "round-robin"))
			q->assign = ASSIGN_ROUND_ROBIN;
		else if (!strcmp(assign, "least-open"))
			q->assign = ASSIGN_LEAST_OPEN;
		else if (!strcmp(assign, "none"))
			q->assign = ASSIGN_NONE;
		else
			rc = cfg_bad(err, "%s: assign '%s': want round-robin, least-open or none", what, assign);
	}
	v = team ? cfg_get(teams, team) : cfg_get(o, "agents");
	if (!rc && team && !jv_is_valid(v))
		rc = cfg_bad(err, "%s: unknown team '%s' (not in \"teams\")", what, team);
	else if (!rc && jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL)
		rc = queue_agents(c, q, v, what, err);
	jv_free(v);
	v = cfg_get(o, "schedule");
	if (!rc && jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL)
		rc = schedule_ref(c, v, &q->sched, what, err);
	jv_free(v);
	if (!rc && q->assign != ASSIGN_NONE && !q->nagents)
		rc = cfg_bad(err, "%s: no agents (give \"agents\" or \"team\", or \"assign\": \"none\")", what);
	free(assign);
	free(team);
	return rc;
}

struct queues_ctx {
	struct route_cfg *c;
	jv teams;
};

static int one_queue(void *ctx, int i, int n, const char *name, jv o, struct buf *err)
{
	struct queues_ctx *qc = ctx;
	struct route_cfg *c = qc->c;
	struct rc_queue *q;

	if (i == 0)
		c->queues = sc_xcalloc((size_t)n, sizeof *c->queues);
	q = &c->queues[c->nqueues++];
	q->name = sc_xstrdup(name);
	return load_queue(c, q, o, qc->teams, err);
}

static int load_queues(struct route_cfg *c, jv root, struct buf *err)
{
	static const char want[] = "queues: want an object with at least one queue";
	struct queues_ctx qc = {c, cfg_get(root, "teams")};
	int rc = cfg_each(root, "queues", 1, want, one_queue, &qc, err);

	jv_free(qc.teams);
	if (!rc && c->nqueues == 0)
		rc = cfg_bad(err, want);
	return rc;
}

static int load_rule(struct route_cfg *c, int i, jv o, struct buf *err)
{
	static const char *const keys[] = {"name", "if", "queue", "mode", "priority", "sla",
					   "continue", NULL};
	struct rc_rule *r = &c->rules[i];
	struct rule_src *s = &c->src[i];
	char what[160], *queue = NULL, *mode = NULL, *name = NULL, *expr = NULL;
	jv v;
	int rc;

	snprintf(what, sizeof what, "rule %d", i + 1);
	r->src = s;
	r->queue = -1;
	r->sla = -1;
	if (jv_get_kind(o) != JV_KIND_OBJECT || cfg_str(o, "name", &name, what, err) < 0)
		return jv_get_kind(o) != JV_KIND_OBJECT ? cfg_bad(err, "%s: want an object", what) : -1;
	if (!name)
		return cfg_bad(err, "%s: has no \"name\"", what);
	s->name = name;
	snprintf(what, sizeof what, "rule '%s'", name);
	if (cfg_keys(o, keys, what, err))
		return -1;
	for (int j = 0; j < i; j++)
		if (!strcmp(c->src[j].name, name))
			return cfg_bad(err, "%s: the name is used twice", what);
	if (cfg_str(o, "if", &expr, what, err) < 0 || cfg_str(o, "queue", &queue, what, err) < 0 ||
	    cfg_str(o, "mode", &mode, what, err) < 0 || get_duration(o, "sla", &r->sla, what, err) < 0)
		rc = -1;
	else
		rc = 0;
	s->expr = expr;
	if (!rc && queue && (r->queue = routecfg_queue(c, queue)) < 0)
		rc = cfg_bad(err, "%s: unknown queue '%s' (not in \"queues\")", what, queue);
	if (!rc && mode) {
		r->mode = !strcmp(mode, "public") ? MODE_PUBLIC : !strcmp(mode, "dm") ? MODE_DM
			: !strcmp(mode, "none") ? MODE_NONE : MODE_UNSET;
		if (r->mode == MODE_UNSET)
			rc = cfg_bad(err, "%s: mode '%s': want public, dm or none", what, mode);
	}
	v = cfg_get(o, "priority");
	if (!rc && jv_is_valid(v) && jv_get_kind(v) == JV_KIND_NUMBER &&
	    jv_number_value(v) >= 1 && jv_number_value(v) <= 4 &&
	    jv_number_value(v) == (int)jv_number_value(v))
		r->priority = (int)jv_number_value(v);
	else if (!rc && jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL)
		rc = cfg_bad(err, "%s: priority must be 1 (most urgent) to 4", what);
	jv_free(v);
	v = cfg_get(o, "continue");
	s->cont = jv_is_valid(v) && jv_get_kind(v) == JV_KIND_TRUE;
	jv_free(v);
	free(queue);
	free(mode);
	return rc;
}

static int load_rules(struct route_cfg *c, jv root, struct buf *err)
{
	jv a = cfg_get(root, "rules");
	int rc = 0;

	if (jv_is_valid(a) && jv_get_kind(a) != JV_KIND_ARRAY && jv_get_kind(a) != JV_KIND_NULL) {
		jv_free(a);
		return cfg_bad(err, "rules: want an array");
	}
	if (jv_get_kind(a) == JV_KIND_ARRAY) {
		int n = jv_array_length(jv_copy(a));
		c->rules = sc_xcalloc((size_t)n + 1, sizeof *c->rules);
		c->src = sc_xcalloc((size_t)n + 1, sizeof *c->src);
		jv_array_foreach(a, i, o) {
			if (!rc) {
				c->nrules++;
				rc = load_rule(c, i, o, err);
			}
			jv_free(o);
		}
	}
	jv_free(a);
	return rc;
}

static int load_defaults(struct route_cfg *c, jv root, struct buf *err)
{
	static const char *const keys[] = {"queue", "sla", NULL};
	static const char *const skeys[] = {"customer_days", NULL};
	jv d = cfg_get(root, "defaults"), s = cfg_get(root, "sticky"), v;
	char *queue = NULL;
	int rc = 0;

	if (jv_is_valid(d) && (cfg_keys(d, keys, "defaults", err) ||
			       cfg_str(d, "queue", &queue, "defaults", err) < 0 ||
			       get_duration(d, "sla", &c->default_sla, "defaults", err) < 0))
		rc = -1;
	if (!rc && queue && (c->default_queue = routecfg_queue(c, queue)) < 0)
		rc = cfg_bad(err, "defaults: unknown queue '%s'", queue);
	if (!rc && jv_is_valid(s) && cfg_keys(s, skeys, "sticky", err))
		rc = -1;
	v = cfg_get(s, "customer_days");
	if (!rc && jv_is_valid(v) && jv_get_kind(v) == JV_KIND_NUMBER && jv_number_value(v) >= 0 &&
	    jv_number_value(v) <= 36500)
		c->customer_days = (int64_t)jv_number_value(v);
	else if (!rc && jv_is_valid(v))
		rc = cfg_bad(err, "sticky: customer_days must be a number of days (0 to 36500)");
	jv_free(v);
	jv_free(d);
	jv_free(s);
	free(queue);
	return rc;
}

int routecfg_load(struct route_cfg *c, const char *path, struct buf *err)
{
	static const char *const keys[] = {"schedules", "agents", "teams", "queues", "rules",
					   "defaults", "sticky", NULL};
	jv all = jget_file(path), root;
	int rc;

	memset(c, 0, sizeof *c);
	c->path = path;
	c->default_queue = -1;
	c->default_sla = -1;
	if (!jv_is_valid(all)) {
		jv msg = jv_invalid_get_msg(all);
		cfg_bad(err, "%s", jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "cannot read");
		jv_free(msg);
		return -1;
	}
	root = all; /* its keys' check refuses what is not an object */
	rc = cfg_keys(root, keys, "the configuration", err) || load_schedules(c, root, err) ||
	     load_agents(c, root, err) || load_queues(c, root, err) || load_rules(c, root, err) ||
	     load_defaults(c, root, err) ? -1 : 0;
	jv_free(root);
	if (rc)
		routecfg_free(c); /* what was loaded before the error */
	return rc;
}

void routecfg_free(struct route_cfg *c)
{
	for (int i = 0; i < c->nscheds; i++) {
		free(c->scheds[i].name);
		sc_sched_free(c->scheds[i].s);
	}
	for (int i = 0; i < c->nagents; i++) {
		free(c->agents[i].name);
		free(c->agents[i].tz);
		for (int j = 0; j < c->agents[i].nlangs; j++)
			free(c->agents[i].langs[j]);
		free(c->agents[i].langs);
	}
	for (int i = 0; i < c->nqueues; i++) {
		free(c->queues[i].name);
		free(c->queues[i].agents);
	}
	for (int i = 0; i < c->nrules; i++) {
		free((char *)c->src[i].name);
		free((char *)c->src[i].expr);
	}
	free(c->scheds);
	free(c->agents);
	free(c->queues);
	free(c->rules);
	free(c->src);
	memset(c, 0, sizeof *c);
}

int routecfg_queue(const struct route_cfg *c, const char *name)
{
	for (int i = 0; i < c->nqueues; i++)
		if (!strcmp(c->queues[i].name, name))
			return i;
	return -1;
}

int routecfg_agent(const struct route_cfg *c, const char *name)
{
	for (int i = 0; i < c->nagents; i++)
		if (!strcmp(c->agents[i].name, name))
			return i;
	return -1;
}
