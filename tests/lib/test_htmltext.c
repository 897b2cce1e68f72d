/* lib/htmltext.c: Mastodon status HTML as plain text. */
#include <string.h>

#include "htmltext.h"
#include "tap.h"

static const char *text(const char *html)
{
	static struct buf b;

	buf_reset(&b);
	html_text(&b, html, strlen(html));
	return buf_cstr(&b);
}

int main(void)
{
	is_str(text("<p>hello</p>"), "hello", "one paragraph");
	is_str(text("<p>one</p><p>two</p>"), "one\n\ntwo", "paragraphs");
	is_str(text("<p>a<br>b<br />c</p>"), "a\nb\nc", "line breaks");
	is_str(text("<p><span class=\"h-card\" translate=\"no\"><a href=\"http://localhost:3000/@mastodonpy_test\" "
		    "class=\"u-url mention\">@<span>mastodonpy_test</span></a></span> hello!</p>"),
	       "@mastodonpy_test hello!", "a mention reads as @user (recorded status)");
	is_str(text("<p>see <a href=\"https://example.com/a/b\" rel=\"nofollow noopener\" target=\"_blank\">"
		    "<span class=\"invisible\">https://</span><span class=\"ellipsis\">example.com/a</span>"
		    "<span class=\"invisible\">/b</span></a></p>"),
	       "see https://example.com/a/b", "a shortened link reads in full");
	is_str(text("<p>Tom &amp; Jerry &lt;3 &#39;ok&#39; &quot;x&quot;</p>"),
	       "Tom & Jerry <3 'ok' \"x\"", "character references decoded");
	is_str(text("plain 1 < 2"), "plain 1 < 2", "a lone '<' stays text");
	is_str(text(""), "", "empty");
	is_str(text("<p>tail</p>\n"), "tail", "trailing blanks trimmed");
	return tap_done();
}
