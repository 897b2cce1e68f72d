#include <string.h>

#include "tap.h"
#include "tokens.h"

/* The tokens of s joined by '|', kinds as prefixes: @ # U E : ! ? N. */
static const char *show(struct toks *k, struct buf *b, const char *s)
{
	static const char kinds[] = "wNU@#E:!?";

	tok_run(k, s, strlen(s));
	buf_reset(b);
	for (size_t i = 0; i < k->n; i++) {
		if (i)
			buf_putc(b, '|');
		if (k->t[i].kind != TK_WORD)
			buf_putc(b, kinds[k->t[i].kind]);
		buf_put(b, tok_str(k, i), k->t[i].len);
		if (k->t[i].flags & TF_CAPS)
			buf_puts(b, "^");
		if (k->t[i].flags & TF_ELONG)
			buf_puts(b, "~");
		if (k->t[i].flags & TF_MIXED)
			buf_puts(b, "%");
		if (k->t[i].rep > 1)
			buf_printf(b, "x%u", k->t[i].rep);
	}
	return buf_cstr(b);
}

int main(void)
{
	struct toks k;
	struct buf b = BUF_INIT;

	toks_init(&k);
	is_str(show(&k, &b, "Hello World"), "hello|world", "words are lowercased");
	is_str(show(&k, &b, "ÀÉÎÕÜ ÇÑ ŁŚŻ ΑΒΓ ПРИВЕТ"), "àéîõü^|çñ^|łśż^|αβγ^|привет^",
	       "accented Latin, Latin Extended-A, Greek and Cyrillic capitals lowered");
	is_str(show(&k, &b, "@AcmeHelp see https://t.co/xYz?a=1 and www.acme.com"),
	       "@<user>|see|U<url>|and|U<url>", "mentions and URLs become placeholders");
	is_str(show(&k, &b, "#FAIL #ServizioClienti"), "#fail|#servizioclienti", "hashtags keep their word");
	is_str(show(&k, &b, "sooooo gooood"), "soo~|good~", "elongation squeezed to two letters and flagged");
	is_str(show(&k, &b, "it is BROKEN"), "it|is|broken^", "capitals flagged on words of two letters or more");
	is_str(show(&k, &b, "I am"), "i|am", "a single capital letter is not shouting");
	is_str(show(&k, &b, "why?!?! no!!!"), "why|??x4|no|!!x3", "runs of ! and ? counted");
	is_str(show(&k, &b, "great :) sad :-( <3 xD"), "great|::)|sad|::-(|:<3|:xd", "emoticons");
	is_str(show(&k, &b, "ok 👍🏽 ❤️ 😡😡"), "ok|E👍|E❤|E😡|E😡",
	       "emoji split, skin tones and variation selectors dropped");
	is_str(show(&k, &b, "don't can't it's"), "don't|can't|it's", "English contractions stay whole");
	is_str(show(&k, &b, "l'app dell'ordine c’est"), "l'|app|dell'|ordine|c'|est",
	       "Romance elisions split after the apostrophe (also ’)");
	is_str(show(&k, &b, "order 12345 ok"), "order|N12345|ok", "numbers");
	is_str(show(&k, &b, "Ba016 from SW1A 1AA, PS4"), "ba016%|from|sw1a^%|1aa^%|ps4^%",
	       "words of letters and digits flagged as codes (booking, postcode, model)");
	is_str(show(&k, &b, "a\xff" "b"), "a|b", "invalid UTF-8 separates words");
	ok(show(&k, &b, "") && k.n == 0, "empty text: no tokens");
	show(&k, &b, "non funziona. ma perché");
	ok(k.n == 4 && (k.t[0].flags & TF_CLAUSE) && !(k.t[1].flags & TF_CLAUSE) &&
	   (k.t[2].flags & TF_CLAUSE), "clause starts marked after . , ; and at the start");
	show(&k, &b, "日本語のテキスト");
	ok(k.script[SC_KANA] > 0 && k.script[SC_HAN] > 0, "scripts counted: kana and han");
	show(&k, &b, "¿dónde está?");
	ok(k.accent_mask & TA_INVQ, "inverted question mark noticed");
	is_str(show(&k, &b, "Ünïcödé"), "ünïcödé", "mixed accents lowered");
	ok(tok_lower(0x178) == 0xFF && tok_lower(0x130) == 0x130 + 1 && tok_lower(0x141) == 0x142,
	   "Latin Extended-A case pairs");
	toks_free(&k);
	buf_free(&b);
	return tap_done();
}
