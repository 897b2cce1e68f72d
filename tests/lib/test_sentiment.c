/* The lexicon layer: valence, negation, intensity, contrast, cues. */
#include <string.h>

#include "lang.h"
#include "lexicon.h"
#include "sentiment.h"
#include "tap.h"
#include "tokens.h"

static struct lexicon lex;
static struct toks k;
static struct senti s;

static float score(const char *t, enum lang l)
{
	tok_run(&k, t, strlen(t));
	senti_scan(&s, &k, &lex, l);
	return s.score;
}

int main(void)
{
	static const char *const files[] = {"en", "it", "es", "fr", "de", "pt", "nl", "xx"};
	struct buf err = BUF_INIT;
	char path[64];

	lex_init(&lex);
	toks_init(&k);
	senti_init(&s);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "models/lexicon/%s.txt", files[i]);
		lex_load(&lex, path, (int)lang_from_code(files[i]), &err);
	}
	ok(!err.len, "lexicons load");

	ok(score("this is good", L_EN) > 0.2f, "a positive word");
	ok(score("this is not good", L_EN) < 0, "negation flips: not good");
	ok(score("non funziona", L_IT) < 0, "negation flips in Italian: non funziona");
	ok(score("no funciona", L_ES) < 0, "and in Spanish: no funciona");
	ok(score("not good. great", L_EN) > 0, "negation stops at the clause end");
	ok(k.n == 3 && s.negated[1] && !s.negated[2], "negated words marked for the features");
	ok(score("very good", L_EN) > score("good", L_EN), "intensifier raises");
	ok(score("slightly good", L_EN) < score("good", L_EN), "a dampener lowers");
	ok(score("this is GOOD ok", L_EN) > score("this is good ok", L_EN), "capitals raise");
	ok(score("THIS IS GOOD OK", L_EN) == score("this is good ok", L_EN),
	   "a text all in capitals is not emphasis");
	ok(score("gooood", L_EN) > score("good", L_EN), "elongation raises");
	ok(score("good!!!", L_EN) > score("good", L_EN), "exclamation marks amplify");
	ok(score("bad!!!", L_EN) < score("bad", L_EN), "in either direction");
	ok(score("😡", L_UND) < 0 && score("😍", L_UND) > 0, "emoji carry valence");
	ok(score(":(", L_EN) < 0 && score(":D", L_EN) > 0, "emoticons too");
	ok(score("the food was good but the service was terrible", L_EN) < 0,
	   "after 'but' weighs more");
	ok(score("il cibo era buono ma il servizio pessimo", L_IT) < 0, "'ma' in Italian");
	ok(score("la comida buena pero el servicio pésimo", L_ES) < 0, "'pero' in Spanish");
	ok(score("kkkkkkk", L_PT) > 0 && score("kkkk", L_PT) > 0,
	   "a lexicon term with a letter repeated is squeezed as texts are (kkkk)");
	ok(score("jajaja", L_ES) > 0 && score("bosta", L_PT) < 0, "laughter and insults in es and pt");
	ok(score("male", L_EN) == 0 && score("male", L_IT) < 0,
	   "a word counts only in its own language");
	score("my internet is not working again, third time, I will cancel", L_EN);
	ok(s.cues[__builtin_ctz(LX_COMPLAINT)] > 0, "complaint cue: not working");
	ok(s.cues[__builtin_ctz(LX_REPEAT)] > 0, "repeat cue: third time / again");
	ok(s.cues[__builtin_ctz(LX_THREAT)] > 0, "threat cue: cancel");
	score("ancora senza internet, per la terza volta", L_IT);
	ok(s.cues[__builtin_ctz(LX_REPEAT)] > 0, "three-word terms: per la terza volta");
	ok(s.nhit > 0 && s.nhit <= SENTI_MAXHITS, "hits kept for why");
	ok(score("", L_UND) == 0, "empty text is neutral");
	lex_free(&lex);
	toks_free(&k);
	senti_free(&s);
	buf_free(&err);
	return tap_done();
}
