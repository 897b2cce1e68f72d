#include "personal.h"
#include "tap.h"

static const char *P(const char *s)
{
	const char *r = personal_data(s, strlen(s));
	return r ? r : "none";
}

int main(void)
{
	is_str(P("@AcmeHelp scrivetemi a mario.rossi@example.it"), "email", "an e-mail address");
	is_str(P("@AcmeHelp @mario_rossi thanks!"), "none", "mentions are not e-mail addresses");
	is_str(P("chiamatemi al +39 333 123 4567"), "phone", "an Italian mobile with spaces");
	is_str(P("call me (212) 555-0100 please"), "phone", "a US number with parentheses");
	is_str(P("ordine 1234 mai arrivato"), "order number", "ordine 1234");
	is_str(P("my order #A-778812 is late"), "order number", "order word then digits");
	is_str(P("pedido nº 99812 no llega"), "order number", "Spanish order number");
	is_str(P("see #12345"), "order number", "#12345");
	is_str(P("https://x.com/mario/status/1861234567890"), "none", "a status URL is not a phone");
	is_str(P("it costs 1299 euros, 3 times"), "none", "prices and small numbers are not personal");
	is_str(P("#fail #2026"), "none", "a short hashtag number is not an order");
	is_str(P("reordered 12345"), "none", "a word that merely contains 'order'");
	is_str(P("123456789012345678"), "none", "18 digits are not a phone number");
	is_str(P(""), "none", "empty text");
	ok(personal_email("@AcmeHelp mario.rossi@example.it", 32), "personal_email: an address after a mention");
	ok(!personal_email("@AcmeHelp @mario thanks", 23), "personal_email: mentions are not addresses");
	ok(!personal_email("@AcmeHelp me@x", 14), "personal_email: no domain, no address");
	ok(!personal_email("", 0), "personal_email: empty text");
	return tap_done();
}
