/* lib/http.c pieces that need no server: reading rate-limit resets. */
#include "http.h"
#include "tap.h"

int main(void)
{
	long now = 1795338000; /* 2026-11-22T09:00:00Z */

	is_int(http_reset_wait("1795338060", now), 60, "X: epoch seconds");
	is_int(http_reset_wait("1795337000", now), 0, "a reset in the past: no wait");
	is_int(http_reset_wait("30", now), 30, "seconds from now");
	is_int(http_reset_wait("2026-11-22T09:05:00.000Z", now), 300, "Mastodon: ISO time");
	is_int(http_reset_wait("2026-11-22T10:05:00+01:00", now), 300, "ISO time with an offset");
	is_int(http_reset_wait("9999999999", now), 86400 * 7, "a far reset is capped at a week");
	is_int(http_reset_wait("soon", now), -1, "not a time");
	is_int(http_reset_wait("", now), -1, "empty");
	is_int(http_reset_wait(NULL, now), -1, "absent");
	return tap_done();
}
