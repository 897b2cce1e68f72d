#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jv.h>

#include "diag.h"
#include "jget.h"
#include "routecfg.h"

static int bad(struct buf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct buf *err, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	buf_reset(err);
	buf_puts(err, msg);
	buf_cstr(err);
	return -1;
}

static jv get(jv o, const char *k)
{
	if (jv_get_kind(o) != JV_KIND_OBJECT)
		return jv_invalid();
	return jv_object_get(jv_copy(o), jv_string(k));
}

/* Typos in keys are reported, not ignored. */
static int check_keys(jv o, const char *const *allowed, const char *what, struct buf *err)
{
	jv keys;
	int rc = 0;

	if (jv_get_kind(o) != JV_KIND_OBJECT)
		return bad(err, "%s: want an object", what);
	keys = jv_keys(jv_copy(o));
	jv_array_foreach(keys, i, k) {
		const char *const *a = allowed;
		while (*a && strcmp(*a, jv_string_value(k)))
			a++;
		if (!*a && rc == 0)
			rc = bad(err, "%s: unknown key '%s'", what, jv_string_value(k));
		jv_free(k);
	}
	jv_free(keys);
	return rc;
}

/* A string member: 1 and a copy in *out, 0 when absent, -1 when not a string. */
static int get_str(jv o, const char *k, char **out, const char *what, struct buf *err)
{
	jv v = get(o, k);
	int rc = 0;

	if (jv_is_valid(v) && jv_get_kind(v) == JV_KIND_STRING) {
		*out = sc_xstrdup(jv_string_value(v));
		rc = 1;
	} else if (jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL) {
		rc = bad(err, "%s: '%s' must be a string", what, k);
	}
	jv_free(v);
	return rc;
}

static int get_duration(jv o, const char *k, int64_t *out, const char *what, struct buf *err)
{
	char *s = NULL;
	const char *why;
	int rc = get_str(o, k, &s, what, err);

	if (rc == 1 && sc_duration_parse(s, out, &why))
		rc = bad(err, "%s: %s '%s': %s", what, k, s, why);
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
		bad(err, "%s: %s", what, e.p);
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

	if (check_keys(o, keys, what, err) || get_str(o, "hours", &hours, what, err) < 0 ||
	    get_str(o, "tz", &tz, what, err) < 0 || get_str(o, "holidays_file", &file, what, err) < 0)
		goto out;
	if (!(s = sc_sched_new(hours ? hours : "", tz ? tz : "UTC", &e))) {
		bad(err, "%s: %s", what, e.p);
		goto out;
	}
	hol = get(o, "holidays");
	if (jv_is_valid(hol) && jv_get_kind(hol) == JV_KIND_ARRAY) {
		jv_array_foreach(hol, i, d) {
			if (s && (jv_get_kind(d) != JV_KIND_STRING ||
				  sc_sched_holiday(s, jv_string_value(d), &e))) {
				bad(err, "%s: %s", what, jv_get_kind(d) == JV_KIND_STRING ? e.p
					   : "holidays must be dates as strings");
				sc_sched_free(s);
				s = NULL;
			}
			jv_free(d);
		}
	} else if (jv_is_valid(hol) && jv_get_kind(hol) != JV_KIND_NULL) {
		bad(err, "%s: holidays must be an array of dates", what);
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
		return bad(err, "%s: unknown schedule '%s'", what, jv_string_value(v));
	}
	/* inline: kept in the list under the owner's name so it is freed once */
	if (!(*out = make_schedule(v, c->path, what, err)))
		return -1;
	c->scheds = sc_xrealloc(c->scheds, (size_t)(c->nscheds + 1) * sizeof *c->scheds);
	c->scheds[c->nscheds++] = (struct rc_sched){sc_xstrdup(what), *out};
	return 0;
}

static int load_schedules(struct route_cfg *c, jv root, struct buf *err)
{
	jv m = get(root, "schedules"), keys;
	char what[160];
	int rc = 0;

	if (!jv_is_valid(m) || jv_get_kind(m) == JV_KIND_NULL) {
		jv_free(m);
		return 0;
	}
	if (jv_get_kind(m) != JV_KIND_OBJECT) {
		jv_free(m);
		return bad(err, "schedules: want an object of named schedules");
	}
	keys = jv_keys(jv_copy(m));
	jv_array_foreach(keys, i, k) {
		if (!rc) {
			jv s = get(m, jv_string_value(k));
			struct sc_schedule *sch;
			snprintf(what, sizeof what, "schedule '%s'", jv_string_value(k));
			if ((sch = make_schedule(s, c->path, what, err))) {
				c->scheds = sc_xrealloc(c->scheds, (size_t)(c->nscheds + 1) * sizeof *c->scheds);
				c->scheds[c->nscheds++] = (struct rc_sched){sc_xstrdup(jv_string_value(k)), sch};
			} else {
				rc = -1;
			}
			jv_free(s);
		}
		jv_free(k);
	}
	jv_free(keys);
	jv_free(m);
	return rc;
}

static int load_agent(struct route_cfg *c, struct rc_agent *a, jv o, struct buf *err)
{
	static const char *const keys[] = {"shift", "languages", "max_open", "away", "tz", NULL};
	char what[160];
	jv v;
	int rc = 0;

	snprintf(what, sizeof what, "agent '%s'", a->name);
	if (check_keys(o, keys, what, err))
		return -1;
	v = get(o, "shift");
	if (jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL)
		rc = schedule_ref(c, v, &a->shift, what, err);
	jv_free(v);
	v = get(o, "languages");
	if (!rc && jv_is_valid(v) && jv_get_kind(v) == JV_KIND_ARRAY) {
		a->langs = sc_xcalloc((size_t)jv_array_length(jv_copy(v)) + 1, sizeof *a->langs);
		jv_array_foreach(v, i, l) {
			if (jv_get_kind(l) == JV_KIND_STRING)
				a->langs[a->nlangs++] = sc_xstrdup(jv_string_value(l));
			else if (!rc)
				rc = bad(err, "%s: languages must be strings such as \"it\"", what);
			jv_free(l);
		}
	} else if (!rc && jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL) {
		rc = bad(err, "%s: languages must be an array", what);
	}
	jv_free(v);
	v = get(o, "max_open");
	if (!rc && jv_is_valid(v) && jv_get_kind(v) == JV_KIND_NUMBER && jv_number_value(v) >= 1 &&
	    jv_number_value(v) <= 1e6)
		a->max_open = (long)jv_number_value(v);
	else if (!rc && jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL)
		rc = bad(err, "%s: max_open must be a number of cases (1 to 1000000)", what);
	jv_free(v);
	v = get(o, "away");
	a->away = jv_is_valid(v) && jv_get_kind(v) == JV_KIND_TRUE;
	jv_free(v);
	v = get(o, "tz");
	if (!rc && jv_get_kind(v) == JV_KIND_STRING) {
		struct buf why = BUF_INIT;
		struct sc_schedule *probe = sc_sched_new("24/7", jv_string_value(v), &why);
		if (probe)
			a->tz = sc_xstrdup(jv_string_value(v));
		else
			rc = bad(err, "%s: tz: %s", what, buf_cstr(&why));
		sc_sched_free(probe);
		buf_free(&why);
	} else if (!rc && jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL) {
		rc = bad(err, "%s: tz must be a zone name such as \"Europe/Rome\"", what);
	}
	jv_free(v);
	return rc;
}

static int load_agents(struct route_cfg *c, jv root, struct buf *err)
{
	jv m = get(root, "agents"), keys;
	int rc = 0;

	if (!jv_is_valid(m) || jv_get_kind(m) == JV_KIND_NULL) {
		jv_free(m);
		return 0;
	}
	if (jv_get_kind(m) != JV_KIND_OBJECT) {
		jv_free(m);
		return bad(err, "agents: want an object of agents by name");
	}
	keys = jv_keys(jv_copy(m));
	c->agents = sc_xcalloc((size_t)jv_array_length(jv_copy(keys)) + 1, sizeof *c->agents);
	jv_array_foreach(keys, i, k) {
		if (!rc) {
			jv o = get(m, jv_string_value(k));
			struct rc_agent *a = &c->agents[c->nagents++];
			a->name = sc_xstrdup(jv_string_value(k));
			rc = load_agent(c, a, o, err);
			jv_free(o);
		}
		jv_free(k);
	}
	jv_free(keys);
	jv_free(m);
	return rc;
}

static int queue_agents(struct route_cfg *c, struct rc_queue *q, jv list, const char *what,
			struct buf *err)
{
	if (jv_get_kind(list) != JV_KIND_ARRAY)
		return bad(err, "%s: agents must be an array of agent names", what);
	q->agents = sc_xcalloc((size_t)jv_array_length(jv_copy(list)) + 1, sizeof *q->agents);
	jv_array_foreach(list, i, n) {
		int a = jv_get_kind(n) == JV_KIND_STRING ? routecfg_agent(c, jv_string_value(n)) : -1;
		if (a < 0) {
			if (jv_get_kind(n) == JV_KIND_STRING)
				bad(err, "%s: unknown agent '%s' (not in \"agents\")", what, jv_string_value(n));
			else
				bad(err, "%s: agents must be names", what);
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
					   "off_hours", NULL};
	char what[160], *assign = NULL, *team = NULL, *off = NULL;
	jv v;
	int rc;

	snprintf(what, sizeof what, "queue '%s'", q->name);
	q->sla = -1;
	q->assign = ASSIGN_LEAST_OPEN;
	if (check_keys(o, keys, what, err) || get_duration(o, "sla", &q->sla, what, err) < 0 ||
	    get_str(o, "assign", &assign, what, err) < 0 || get_str(o, "team", &team, what, err) < 0 ||
	    get_str(o, "off_hours", &off, what, err) < 0) {
		free(assign);
		free(team);
		return -1;
	}
	rc = 0;
	q->off_hours = OFF_HOURS_WAIT;
	if (off && !strcmp(off, "next-shift"))
		q->off_hours = OFF_HOURS_NEXT_SHIFT;
	else if (off && strcmp(off, "wait"))
		rc = bad(err, "%s: off_hours '%s': want next-shift or wait", what, off);
	free(off);
	if (assign) {
		if (!strcmp(assign, "round-robin"))
			q->assign = ASSIGN_ROUND_ROBIN;
		else if (!strcmp(assign, "least-open"))
			q->assign = ASSIGN_LEAST_OPEN;
		else if (!strcmp(assign, "none"))
			q->assign = ASSIGN_NONE;
		else
			rc = bad(err, "%s: assign '%s': want round-robin, least-open or none", what, assign);
	}
	v = team ? get(teams, team) : get(o, "agents");
	if (!rc && team && !jv_is_valid(v))
		rc = bad(err, "%s: unknown team '%s' (not in \"teams\")", what, team);
	else if (!rc && jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL)
		rc = queue_agents(c, q, v, what, err);
	jv_free(v);
	v = get(o, "schedule");
	if (!rc && jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL)
		rc = schedule_ref(c, v, &q->sched, what, err);
	jv_free(v);
	if (!rc && q->assign != ASSIGN_NONE && !q->nagents)
		rc = bad(err, "%s: no agents (give \"agents\" or \"team\", or \"assign\": \"none\")", what);
	free(assign);
	free(team);
	return rc;
}

static int load_queues(struct route_cfg *c, jv root, struct buf *err)
{
	jv m = get(root, "queues"), teams = get(root, "teams"), keys;
	int rc = 0;

	if (jv_get_kind(m) != JV_KIND_OBJECT || jv_object_length(jv_copy(m)) == 0) {
		jv_free(m);
		jv_free(teams);
		return bad(err, "queues: want an object with at least one queue");
	}
	keys = jv_keys(jv_copy(m));
	c->queues = sc_xcalloc((size_t)jv_array_length(jv_copy(keys)), sizeof *c->queues);
	jv_array_foreach(keys, i, k) {
		if (!rc) {
			jv o = get(m, jv_string_value(k));
			struct rc_queue *q = &c->queues[c->nqueues++];
			q->name = sc_xstrdup(jv_string_value(k));
			rc = load_queue(c, q, o, teams, err);
			jv_free(o);
		}
		jv_free(k);
	}
	jv_free(keys);
	jv_free(m);
	jv_free(teams);
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
	if (jv_get_kind(o) != JV_KIND_OBJECT || get_str(o, "name", &name, what, err) < 0)
		return jv_get_kind(o) != JV_KIND_OBJECT ? bad(err, "%s: want an object", what) : -1;
	if (!name)
		return bad(err, "%s: has no \"name\"", what);
	s->name = name;
	snprintf(what, sizeof what, "rule '%s'", name);
	if (check_keys(o, keys, what, err))
		return -1;
	for (int j = 0; j < i; j++)
		if (!strcmp(c->src[j].name, name))
			return bad(err, "%s: the name is used twice", what);
	if (get_str(o, "if", &expr, what, err) < 0 || get_str(o, "queue", &queue, what, err) < 0 ||
	    get_str(o, "mode", &mode, what, err) < 0 || get_duration(o, "sla", &r->sla, what, err) < 0)
		rc = -1;
	else
		rc = 0;
	s->expr = expr;
	if (!rc && queue && (r->queue = routecfg_queue(c, queue)) < 0)
		rc = bad(err, "%s: unknown queue '%s' (not in \"queues\")", what, queue);
	if (!rc && mode) {
		r->mode = !strcmp(mode, "public") ? MODE_PUBLIC : !strcmp(mode, "dm") ? MODE_DM
			: !strcmp(mode, "none") ? MODE_NONE : MODE_UNSET;
		if (r->mode == MODE_UNSET)
			rc = bad(err, "%s: mode '%s': want public, dm or none", what, mode);
	}
	v = get(o, "priority");
	if (!rc && jv_is_valid(v) && jv_get_kind(v) == JV_KIND_NUMBER &&
	    jv_number_value(v) >= 1 && jv_number_value(v) <= 4 &&
	    jv_number_value(v) == (int)jv_number_value(v))
		r->priority = (int)jv_number_value(v);
	else if (!rc && jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL)
		rc = bad(err, "%s: priority must be 1 (most urgent) to 4", what);
	jv_free(v);
	v = get(o, "continue");
	s->cont = jv_is_valid(v) && jv_get_kind(v) == JV_KIND_TRUE;
	jv_free(v);
	free(queue);
	free(mode);
	return rc;
}

static int load_rules(struct route_cfg *c, jv root, struct buf *err)
{
	jv a = get(root, "rules");
	int rc = 0;

	if (jv_is_valid(a) && jv_get_kind(a) != JV_KIND_ARRAY && jv_get_kind(a) != JV_KIND_NULL) {
		jv_free(a);
		return bad(err, "rules: want an array");
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
	jv d = get(root, "defaults"), s = get(root, "sticky"), v;
	char *queue = NULL;
	int rc = 0;

	if (jv_is_valid(d) && (check_keys(d, keys, "defaults", err) ||
			       get_str(d, "queue", &queue, "defaults", err) < 0 ||
			       get_duration(d, "sla", &c->default_sla, "defaults", err) < 0))
		rc = -1;
	if (!rc && queue && (c->default_queue = routecfg_queue(c, queue)) < 0)
		rc = bad(err, "defaults: unknown queue '%s'", queue);
	if (!rc && jv_is_valid(s) && check_keys(s, skeys, "sticky", err))
		rc = -1;
	v = get(s, "customer_days");
	if (!rc && jv_is_valid(v) && jv_get_kind(v) == JV_KIND_NUMBER && jv_number_value(v) >= 0 &&
	    jv_number_value(v) <= 36500)
		c->customer_days = (int64_t)jv_number_value(v);
	else if (!rc && jv_is_valid(v))
		rc = bad(err, "sticky: customer_days must be a number of days (0 to 36500)");
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
		bad(err, "%s", jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "cannot read");
		jv_free(msg);
		return -1;
	}
	root = all; /* its keys' check refuses what is not an object */
	rc = check_keys(root, keys, "the configuration", err) || load_schedules(c, root, err) ||
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
