#include "entity.h"
#include "tap.h"

static const char *dec(const char *s)
{
	static struct buf b;

	buf_reset(&b);
	entity_decode(&b, s, strlen(s));
	return buf_cstr(&b);
}

int main(void)
{
	is_str(dec("Settings &gt; General &amp; more &lt;3"), "Settings > General & more <3",
	       "the three entities X escapes");
	is_str(dec("&quot;hi&quot; &#39;x&#39; &apos;"), "\"hi\" 'x' '", "quotes");
	is_str(dec("&#233;t&#xE9; &#128512;"), "été 😀", "numeric references, decimal and hex");
	is_str(dec("AT&T & co &amp"), "AT&T & co &amp", "bare ampersands and unterminated ones kept");
	is_str(dec("&bogus; &#xZZ; &#;"), "&bogus; &#xZZ; &#;", "unknown references kept as written");
	is_str(dec("&#0; &#xD800;"), "\xef\xbf\xbd \xef\xbf\xbd", "NUL and surrogates become U+FFFD");
	is_str(dec("&amp;amp;"), "&amp;", "decoded once, not twice");
	is_str(dec(""), "", "empty");
	return tap_done();
}
