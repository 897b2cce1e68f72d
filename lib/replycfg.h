/* sc-reply's configuration (replies.json, sc-reply(1)): per language the
 * templates (keyed "INTENT:TOPIC", "*:TOPIC", "INTENT" or "default"), the
 * off-hours acknowledgement, the public "please DM us" invitation, the tone
 * checks and a time format; the agents' names as customers see them; the
 * queues' time zones and opening hours in words. Loading compiles every
 * template (an unknown {{variable}} stops it, naming the template) and
 * checks every key, so nothing is found wrong once records flow. */
#ifndef SC_REPLYCFG_H
#define SC_REPLYCFG_H
#include <jv.h>

#include "buf.h"
#include "schedule.h"
#include "template.h"
#include "tone.h"

/* The variables a template may use, in this order (replycfg.c names them). */
enum reply_var {
	RV_HANDLE, RV_NAME, RV_FIRST_NAME, RV_AGENT, RV_CASE, RV_DUE_LOCAL, RV_QUEUE,
	RV_QUEUE_HOURS, RV_REOPENS_LOCAL, RV_ACCOUNT, RV_NETWORK, RV_NVARS
};
extern const char *const reply_var_names[RV_NVARS];

struct reply_tpl {
	char *key;            /* "complaint:delivery", "default", "ack" … */
	char *id;             /* "it/complaint:delivery": the ledger's key part */
	struct tpl *t;
};

struct reply_lang {
	char *code;
	struct reply_tpl *tpls;
	int ntpls;
	struct reply_tpl *ack, *invite; /* NULL: none in this language */
	struct tone tone;
	char *time_format;    /* strftime, in the queue's zone; default "%Y-%m-%d %H:%M" */
};

struct reply_queue {
	char *name;
	struct sc_schedule *zone;  /* for the offset of due_local and reopens_local */
	jv hours;             /* a string, or an object language → string */
};

enum { OFF_HOURS_ACK_AND_REPLY, OFF_HOURS_ACK_ONLY };

struct reply_cfg {
	const char *path;
	struct reply_lang *langs;
	int nlangs, default_lang;
	char **agent_ids, **agent_names;
	int nagents;
	struct reply_queue *queues;
	int nqueues;
	struct sc_schedule *zone;  /* "tz": the default zone (UTC) */
	char *case_prefix;    /* "#" */
	int off_hours;
	long limit_x, limit_mastodon, limit_bluesky; /* 0: the network's default */
};

/* Fallback levels, for the record's reply.level. */
enum { LEVEL_EXACT, LEVEL_TOPIC, LEVEL_INTENT, LEVEL_LANGUAGE, LEVEL_GLOBAL };
extern const char *const reply_level_names[];

int replycfg_load(struct reply_cfg *c, const char *path, struct buf *err);
void replycfg_free(struct reply_cfg *c);
/* The language to write in: lang when configured, else the default one. */
const struct reply_lang *replycfg_lang(const struct reply_cfg *c, const char *lang);
/* The template for intent and topic (either may be NULL) in language l,
 * down the chain exact → topic → intent → the language's default → the
 * default language's default; NULL when there is none at all. *level gets
 * the level found, *in the language of the template. */
const struct reply_tpl *replycfg_pick(const struct reply_cfg *c, const struct reply_lang *l,
				      const char *intent, const char *topic, int *level,
				      const struct reply_lang **in);
/* The customer-facing name of an agent (the id itself when not listed);
 * with id NULL (nobody owns the case), the name listed as "*", or NULL. */
const char *replycfg_agent(const struct reply_cfg *c, const char *id);
const struct reply_queue *replycfg_queue(const struct reply_cfg *c, const char *name);

#endif
