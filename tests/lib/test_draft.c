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
	"\"author\":{\"handle\":\"b\",\"name\":\"B\"},\"class\":{\"lang\":\"it\",\"intent\":\"complaint\"},"
	"\"route\":{\"queue\":\"q\",\"mode\":\"dm\",\"case\":1,\"ack\":true}}",
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
		jv rec = jv_parse(records[i]);
		draft_record(&d, rec, &dr);
		is_int(dr.status, DS_DRAFTED, i ? "second record drafted" : "first record drafted");
		is_int(dr.nacts, i ? 3 : 4, i ? "ack, invite, dm" : "ack, follow, invite, dm");
		is_int(c_strings(&dr), 1, "keys and texts end where their lengths say");
		jv_free(rec);
	}
	is_str(dr.acts[1].key.p, "x:2/invite", "the invite's key: once per case");
	is_str(dr.acts[2].text.p, "Ciao B #1  ^A", "a missing due time renders as nothing");
	draft_free(&dr);
	drafter_free(&d);
	replycfg_free(&cfg);
	buf_free(&err);
	return tap_done();
}
