#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "replycfg.h"
#include "tap.h"

static char path[256];

static const char *L(const char *json, struct reply_cfg *c)
{
	static struct buf err;
	FILE *f = fopen(path, "w");

	fputs(json, f);
	fclose(f);
	buf_reset(&err);
	if (replycfg_load(c, path, &err) == 0)
		return "ok";
	return buf_cstr(&err);
}

static const char *E(const char *json)
{
	struct reply_cfg c;
	const char *r = L(json, &c);
	replycfg_free(&c);
	return r;
}

static const char *P(struct reply_cfg *c, const char *lang, const char *intent, const char *topic)
{
	static char out[128];
	const struct reply_lang *in;
	int level;
	const struct reply_tpl *t = replycfg_pick(c, replycfg_lang(c, lang), intent, topic, &level, &in);

	if (!t)
		return "none";
	snprintf(out, sizeof out, "%s %s", t->id, reply_level_names[level]);
	return out;
}

int main(void)
{
	struct reply_cfg c;

	snprintf(path, sizeof path, "%s/replycfg-%d.json", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (int)getpid());
	is_str(L("{\"default_language\":\"en\",\"agents\":{\"anna\":\"Anna B.\",\"*\":\"Acme\"},"
		 "\"queues\":{\"support-it\":{\"tz\":\"Europe/Rome\",\"hours\":{\"it\":\"lun-ven 8-20\"}}},"
		 "\"languages\":{"
		 "\"it\":{\"templates\":{\"complaint:delivery\":\"a\",\"*:billing\":\"b\",\"complaint\":\"c\","
		 "\"default\":\"d\"},\"ack\":\"Siamo chiusi\",\"tone\":{\"max_exclamations\":1}},"
		 "\"es\":{\"templates\":{\"question\":\"q\"}},"
		 "\"en\":{\"templates\":{\"default\":\"Hi {{author.first_name}}\"}}}}", &c), "ok",
	       "a configuration loads");
	is_str(P(&c, "it", "complaint", "delivery"), "it/complaint:delivery exact", "exact intent and topic");
	is_str(P(&c, "it", "question", "billing"), "it/*:billing topic", "topic");
	is_str(P(&c, "it", "complaint", "returns"), "it/complaint intent", "intent");
	is_str(P(&c, "it", "praise", NULL), "it/default language", "the language's default");
	is_str(P(&c, "es", "praise", NULL), "en/default global", "the global default");
	is_str(P(&c, "es", "question", "billing"), "es/question intent", "es intent");
	is_str(P(&c, "fr", "complaint", NULL), "en/default language", "an unknown language writes in the default one");
	is_str(replycfg_agent(&c, "anna"), "Anna B.", "agent's name");
	is_str(replycfg_agent(&c, "marco"), "marco", "an agent without a name is its id");
	is_str(replycfg_agent(&c, NULL), "Acme", "nobody owns the case: the name listed as *");
	ok(replycfg_queue(&c, "support-it") && !replycfg_queue(&c, "x"), "queues by name");
	ok(replycfg_lang(&c, "it")->ack && !replycfg_lang(&c, "en")->ack, "ack per language");
	is_int(replycfg_lang(&c, "it")->tone.max_exclamations, 1, "tone per language");
	replycfg_free(&c);

	is_str(E("{\"languages\":{\"it\":{\"templates\":{\"default\":\"Ciao {{agnt}}\"}}}}"),
	       "template it/default: unknown variable 'agnt' at offset 5", "an unknown variable names the template");
	is_str(E("{\"languages\":{\"it\":{\"ack\":\"{{agent\"}}}"),
	       "template it/ack: '{{' at offset 0 is not closed by '}}'", "unclosed braces in the ack");
	is_str(E("{\"languages\":{\"it\":{\"templates\":{\"Complaint\":\"x\"}}}}"),
	       "languages.it.templates: 'Complaint' is not INTENT:TOPIC, *:TOPIC, INTENT or default", "bad template key");
	is_str(E("{\"languages\":{\"it\":{}, \"en\":{}}}"),
	       "'default_language' is required with more than one language", "two languages need a default");
	is_str(E("{\"languages\":{\"it\":{}},\"default_language\":\"en\"}"),
	       "default_language 'en' is not in 'languages'", "default language not configured");
	is_str(E("{\"languages\":{\"it\":{\"tone\":{\"banned\":[2]}}}}"),
	       "languages.it.tone: 'banned' must list non-empty strings", "tone errors carry the language");
	is_str(E("{\"languages\":{\"it\":{}},\"queues\":{\"q\":{\"tz\":\"Mars/Olympus\"}}}"),
	       "queues.q: unknown time zone 'Mars/Olympus' (want an IANA name such as Europe/Rome or UTC)", "unknown zone");
	is_str(E("{\"languages\":{\"it\":{}},\"templates\":{}}"),
	       "the configuration: unknown key 'templates'", "a typo at the top");
	is_str(E("{\"languages\":{\"it\":{}},\"off_hours\":\"never\"}"),
	       "'off_hours' must be \"ack-and-reply\" or \"ack-only\"", "off_hours");
	is_str(E("{\"languages\":{\"it\":{}},\"limits\":{\"x\":0}}"), "limits.x: want a number of characters", "limits");
	is_str(E("{}"), "'languages' is required: an object of languages (\"it\": {...})", "no languages");
	is_str(E("{\"languages\":{\"it\":{}}} {}"), "want one JSON object: the file holds more than one value",
	       "two objects");
	remove(path);
	return tap_done();
}
