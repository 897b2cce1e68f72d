#include <unicode/ucasemap.h>
#include <unicode/uchar.h>

#include "tone.h"
#include "tap.h"

static struct tone T;
static struct tone_scratch S;

static const char *C(const char *text)
{
	static struct buf why;

	buf_reset(&why);
	if (tone_check(&T, &S, text, strlen(text), &why) == 0)
		return "ok";
	return buf_cstr(&why);
}

static void load(const char *json)
{
	struct buf err = BUF_INIT;
	jv o = jv_parse(json);

	tone_free(&T);
	if (tone_load(&T, o, "tone", &err))
		printf("# load failed: %s\n", err.p);
	jv_free(o);
	buf_free(&err);
}

static const char *E(const char *json)
{
	static struct buf err;
	struct tone t;
	jv o = jv_parse(json);

	buf_reset(&err);
	if (tone_load(&t, o, "languages.it.tone", &err) == 0)
		buf_puts(&err, "ok");
	tone_free(&t);
	jv_free(o);
	return buf_cstr(&err);
}

/* ASCII is folded and classified without ICU: it must agree with ICU. */
static void ascii_as_icu(void)
{
	UErrorCode e = U_ZERO_ERROR;
	UCaseMap *cm = ucasemap_open("", 0, &e);
	char all[128], icu[256];
	struct buf f = BUF_INIT;
	int32_t n;
	int bad = 0;

	for (int c = 1; c < 128; c++)
		all[c - 1] = (char)c;
	n = ucasemap_utf8FoldCase(cm, icu, (int32_t)sizeof icu, all, 127, &e);
	tone_fold(&S, all, 127, &f);
	is_int(f.len == (size_t)n && !memcmp(f.p, icu, f.len), 1, "ASCII folds as ICU folds it");
	for (int c = 1; c < 128; c++) {
		char up[4] = {(char)c, (char)c, (char)c, 0};
		int want = u_isupper(c) != 0, caps = strcmp(C(up), "ok") != 0;
		if (caps != want && bad++ < 3)
			printf("# '%s' upper %d\n", up, want);
	}
	is_int(bad, 0, "ASCII upper and lower case as ICU's");
	buf_free(&f);
	ucasemap_close(cm);
}

int main(void)
{
	load("{\"banned\":[\"purtroppo\",\"non è colpa nostra\",\"ÉCHEC\"],\"greeting\":[\"Ciao\",\"Buongiorno\"],"
	     "\"signature\":[\"^\",\"-\"],\"max_exclamations\":1,\"no_caps\":true,\"caps_ok\":[\"SMS\"]}");
	is_str(C("@mario Ciao Mario, ti aiutiamo subito. ^AM"), "ok", "a good reply passes");
	is_str(C("@mario Buongiorno! Ti aiutiamo. -Giulia"), "ok", "one exclamation mark is allowed");
	is_str(C("Ciao, PURTROPPO il pacco è in ritardo. ^AM"), "banned phrase 'purtroppo'",
	       "banned word, whatever its case");
	is_str(C("Ciao, Non È Colpa Nostra. ^AM"), "banned phrase 'non è colpa nostra'",
	       "banned phrase with an accented capital");
	is_str(C("Ciao, échec total. ^AM"), "banned phrase 'ÉCHEC'", "banned word written in capitals matches lower case");
	is_str(C("Ciao, purtroppissimo. ^AM"), "ok", "banned words match whole words only");
	is_str(C("@mario Salve, ti aiutiamo. ^AM"), "no greeting: start with 'Ciao' or another of the tone's greetings",
	       "missing greeting");
	is_str(C("@mario ciao, ti aiutiamo. ^AM"), "ok", "greeting case-insensitive, after the mention");
	is_str(C("Ciao, ti aiutiamo."), "no signature: end with a word starting '^' or another of the tone's signatures",
	       "missing signature");
	is_str(C("Ciao, ti aiutiamo. ^"), "no signature: end with a word starting '^' or another of the tone's signatures",
	       "a bare marker is no signature");
	is_str(C("Ciao!! Subito! ^AM"), "3 exclamation marks, at most 1", "too many exclamation marks");
	is_str(C("Ciao, ti scriviamo SUBITO. ^AM"), "ALL-CAPS word 'SUBITO'", "ALL-CAPS word");
	is_str(C("Ciao, ÈCCO. ^AM"), "ALL-CAPS word 'ÈCCO'", "ALL-CAPS word with an accented capital");
	is_str(C("Ciao, ti mandiamo un SMS. ^AM"), "ok", "caps_ok words pass");
	is_str(C("Ciao @ACME_HELP #FAIL, ok TV. ^AM"), "ok", "mentions, hashtags and 2-letter words are not shouting");
	load("{}");
	is_str(C("WHATEVER!!!"), "ok", "an empty tone checks nothing");
	is_str(E("{\"banned\":\"x\"}"), "ok", "a single string is a list of one");
	is_str(E("{\"baned\":[]}"), "languages.it.tone: unknown key 'baned'", "a typo in a key");
	is_str(E("{\"max_exclamations\":-1}"), "languages.it.tone: 'max_exclamations' must be a whole number >= 0",
	       "a negative limit");
	is_str(E("{\"banned\":[1]}"), "languages.it.tone: 'banned' must list non-empty strings", "a number in a list");
	is_str(E("{\"no_caps\":\"yes\"}"), "languages.it.tone: 'no_caps' must be true or false", "no_caps not a boolean");
	load("{\"no_caps\":true}");
	ascii_as_icu();
	tone_free(&T);
	tone_scratch_free(&S);
	return tap_done();
}
