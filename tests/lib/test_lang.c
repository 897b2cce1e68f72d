/* Language detection and the lexicon files it reads (models/lexicon). */
#include <string.h>

#include "lang.h"
#include "lexicon.h"
#include "tap.h"
#include "tokens.h"

static struct lexicon lex;
static struct toks k;

static const char *detect(const char *s)
{
	tok_run(&k, s, strlen(s));
	return lang_code(lang_detect(&k, &lex));
}

int main(void)
{
	static const char *const files[] = {"en", "it", "es", "fr", "de", "pt", "nl", "xx"};
	struct buf err = BUF_INIT;
	char path[64];
	int loaded = 1;

	lex_init(&lex);
	toks_init(&k);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "models/lexicon/%s.txt", files[i]);
		loaded &= lex_load(&lex, path, (int)lang_from_code(files[i]), &err) == 0;
	}
	ok(loaded, "the lexicon files load: %s", err.len ? buf_cstr(&err) : "no error");

	is_str(detect("my order never arrived and nobody answers"), "en", "English");
	is_str(detect("il mio ordine non è mai arrivato"), "it", "Italian");
	is_str(detect("mi pedido nunca llegó y nadie contesta"), "es", "Spanish");
	is_str(detect("ma commande n'est jamais arrivée"), "fr", "French");
	is_str(detect("meine Bestellung ist nie angekommen"), "de", "German");
	is_str(detect("meu pedido nunca chegou e ninguém responde"), "pt", "Portuguese");
	is_str(detect("mijn bestelling is nooit aangekomen"), "nl", "Dutch");
	is_str(detect("grazie!"), "it", "one word is enough when it is telling");
	is_str(detect("@AcmeHelp @MercatoHelp https://t.co/x #fail gracias"), "es",
	       "mentions, URLs and hashtags do not vote");
	is_str(detect("😡😡😡"), "und", "emoji alone: unknown");
	is_str(detect("@AcmeHelp"), "und", "a mention alone: unknown");
	is_str(detect("注文が届きません"), "ja", "Japanese by kana");
	is_str(detect("我的订单没有到"), "zh", "Chinese by han without kana");
	is_str(detect("주문이 도착하지 않았습니다"), "ko", "Korean");
	is_str(detect("لم يصل طلبي"), "ar", "Arabic");
	is_str(detect("мой заказ не пришёл"), "ru", "Cyrillic");
	is_str(detect("η παραγγελία μου δεν ήρθε"), "el", "Greek");
	is_str(detect("ההזמנה שלי לא הגיעה"), "he", "Hebrew");
	is_str(detect("คำสั่งซื้อของฉันไม่มา"), "th", "Thai");
	is_str(detect("मेरा ऑर्डर नहीं आया"), "hi", "Devanagari");
	is_str(detect("@user ¿dónde está?"), "es", "inverted question mark points to Spanish");
	/* short French and German of the UMSAB val split, once read as it, pt,
	 * und or en; hashtag-only tweets, once und */
	static const struct { const char *text, *want, *why; } fixed[] = {
		{"Face à l’escroquerie éolienne : la géothermie", "fr",
		 "a word starting with é is French, not Italian"},
		{"Patrimoine : Le fromage, espèce menacée", "fr",
		 "è inside a word and -ée are French (Italian writes è only at a word's end)"},
		{"Manifestation contre les éoliennes à Foix", "fr", "French, not Portuguese"},
		{"j'arrive, qu'on attende", "fr", "elisions Italian does not make: j' qu'"},
		{"@user Wissen? Igitt geh weg damit!", "de", "short German: its common words"},
		{"Die sollen lieber was zeichnen, basteln, dichten usw..", "de",
		 "German, though die and was are English words too"},
		{"perché è così", "it", "è at a word's end stays Italian"},
		{"#grazie #servizio", "it", "hashtags alone: their words vote"},
		{"#danke #endlich", "de", "hashtags alone, German"},
		{"#zzqx", "und", "a hashtag no list knows: unknown"},
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		is_str(detect(fixed[i].text), fixed[i].want, "%s", fixed[i].why);
	ok(lang_from_code("xx") == L_UND && lang_from_code("it") == L_IT, "codes round-trip");

	buf_reset(&err);
	ok(lex_entry(&lex, "Meh", "val", "-1.5", L_EN, &err) == 0 &&
	   lex_get(&lex, "meh", 3) && lex_get(&lex, "meh", 3)->val < -1.4f, "entries are lowercased");
	ok(lex_entry(&lex, "x", "nosuch", NULL, 0, &err) < 0 && strstr(buf_cstr(&err), "nosuch"),
	   "an unknown tag is refused with its name");
	buf_reset(&err);
	ok(lex_entry(&lex, "x", "val", "9", 0, &err) < 0, "a valence out of range is refused");
	buf_reset(&err);
	ok(lex_load(&lex, "models/lexicon/none.txt", 0, &err) < 0 && strstr(buf_cstr(&err), "none.txt"),
	   "a missing file is an error naming it");
	ok(lex_get2(&lex, "not", 3, "working", 7) != NULL, "two-word terms are found");
	lex_free(&lex);
	toks_free(&k);
	buf_free(&err);
	return tap_done();
}
