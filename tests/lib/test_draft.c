#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "draft.h"
#include "tap.h"

/* The posters and the ledger read the draft's strings as C strings: each
 * must end where its length says, whatever the record before it left in
 * the buffer (a longer key, a longer text). */
static int c_strings(const struct draft *dr)
{
	int ok = 1;

	for (int i = 0; i < dr->nacts; i++) {
		const struct draft_act *a = &dr->acts[i];
		ok &= a->key.p && strlen(a->key.p) == a->key.len;
		ok &= !a->text.len || strlen(a->text.p) == a->text.len;
	}
	ok &= strlen(dr->conversation.p) == dr->conversation.len;
	ok &= strlen(dr->user_handle.p) == dr->user_handle.len;
	return ok;
}

static const char *const records[] = {
	"{\"id\":\"x:100000000000000000001\",\"conversation_id\":\"x:100000000000000000001\","
	"\"source\":\"x\",\"channel\":\"public\",\"direction\":\"in\",\"account\":\"Acme\","
	"\"author\":{\"id\":\"x:1\",\"handle\":\"a_very_long_handle_indeed\",\"name\":\"Maria Rossi\"},"
	"\"class\":{\"lang\":\"it\",\"intent\":\"complaint\"},"
	"\"route\":{\"queue\":\"q\",\"mode\":\"dm\",\"case\":12345,\"ack\":true,\"follow\":true,"
	"\"due\":\"2026-11-24T12:00:00Z\",\"reopens\":\"2026-11-24T08:00:00Z\"}}",
	"{\"id\":\"x:2\",\"source\":\"x\",\"channel\":\"public\",\"direction\":\"in\","
	"\"author\":{\"id\":\"x:2\",\"handle\":\"b\",\"name\":\"B\"},\"class\":{\"lang\":\"it\",\"intent\":\"complaint\"},"
	"\"route\":{\"queue\":\"q\",\"mode\":\"dm\",\"case\":1,\"ack\":true,"
	"\"due\":\"2026-11-24T12:00:00Z\",\"reopens\":\"2026-11-24T08:00:00Z\"}}",
	/* no route.due: "{{due_local}}" would read "entro il ." */
	"{\"id\":\"x:3\",\"source\":\"x\",\"channel\":\"public\",\"direction\":\"in\","
	"\"author\":{\"id\":\"x:3\",\"handle\":\"c\",\"name\":\"C\"},\"class\":{\"lang\":\"it\",\"intent\":\"complaint\"},"
	"\"route\":{\"queue\":\"q\",\"mode\":\"public\",\"case\":1}}",
	/* a DM to someone who is no X user: drafted all the same (--send refuses it) */
	"{\"id\":\"x:4\",\"source\":\"x\",\"channel\":\"public\",\"direction\":\"in\","
	"\"author\":{\"id\":\"x:dav1de_m\",\"handle\":\"d\",\"name\":\"D\"},\"class\":{\"lang\":\"it\"},"
	"\"route\":{\"queue\":\"q\",\"mode\":\"dm\",\"case\":4,\"ack\":true,\"follow\":true,"
	"\"due\":\"2026-11-24T12:00:00Z\",\"reopens\":\"2026-11-24T08:00:00Z\"}}",
	/* no id: a bad line, not a reply to nothing */
	"{\"source\":\"x\",\"channel\":\"public\",\"direction\":\"in\","
	"\"author\":{\"id\":\"x:5\",\"handle\":\"e\"},\"class\":{\"lang\":\"it\"},"
	"\"route\":{\"queue\":\"q\",\"mode\":\"public\",\"case\":5,"
	"\"due\":\"2026-11-24T12:00:00Z\"}}",
};

int main(void)
{
	static const char cfg_json[] =
		"{\"queues\":{\"q\":{\"tz\":\"Europe/Rome\",\"hours\":\"9-18\"}},"
		"\"languages\":{\"it\":{\"templates\":{\"default\":\"Ciao {{author.first_name}} {{case}} {{due_local}} ^A\"},"
		"\"ack\":\"Ciao, chiusi ({{queue.hours}}) fino al {{reopens_local}} ^A\","
		"\"dm_invite\":\"Ciao, ti scriviamo in privato ^A\"}}}";
	char path[256];
	struct buf err = BUF_INIT;
	struct reply_cfg cfg;
	struct drafter d;
	struct draft dr;
	FILE *f;
	jv rec;

	snprintf(path, sizeof path, "%s/draft-%d.json", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (int)getpid());
	f = fopen(path, "w");
	fputs(cfg_json, f);
	fclose(f);
	if (replycfg_load(&cfg, path, &err))
		printf("# %s\n", err.p);
	remove(path);
	drafter_init(&d, &cfg);
	draft_init(&dr);
	for (int i = 0; i < 2; i++) {
		rec = jv_parse(records[i]);
		draft_record(&d, rec, &dr);
		is_int(dr.status, DS_DRAFTED, i ? "second record drafted" : "first record drafted");
		is_int(dr.nacts, i ? 3 : 4, i ? "ack, invite, dm" : "ack, follow, invite, dm");
		is_int(c_strings(&dr), 1, "keys and texts end where their lengths say");
		if (!i)
			is_str(dr.acts[1].key.p, "x:100000000000000000001/follow/to:1",
			       "the follow's key names the customer");
		jv_free(rec);
	}
	is_str(dr.acts[1].key.p, "x:2/invite", "the invite's key: once per case");
	is_str(dr.acts[2].key.p, "x:2/dm/tpl:it/default/to:2", "the DM's key names the customer");

	rec = jv_parse(records[2]);
	draft_record(&d, rec, &dr);
	jv_free(rec);
	is_int(dr.status, DS_FAILED, "a variable without a value: not sendable");
	is_str(dr.error.p, "reply: {{due_local}} has no value: the record has no route.due (an RFC 3339 time)",
	       "the reason names the variable and the field");

	rec = jv_parse(records[3]);
	draft_record(&d, rec, &dr);
	jv_free(rec);
	is_int(dr.status, DS_DRAFTED, "a user id that is not X's: drafted (a dry run counts archives as X)");

	rec = jv_parse(records[4]);
	draft_record(&d, rec, &dr);
	jv_free(rec);
	ok(dr.bad && strstr(dr.bad, "no id") && dr.status == DS_FAILED && !dr.pass,
	   "no id: a bad record, never drafted");
	draft_free(&dr);
	drafter_free(&d);
	replycfg_free(&cfg);
	buf_free(&err);
	return tap_done();
}
