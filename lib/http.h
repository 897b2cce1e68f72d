/* HTTP for the network sources, over libcurl: one client per run, JSON
 * bodies parsed with libjq.
 *
 * What every request gets, so no network file has to think about it:
 * connect and total timeouts; TLS verification on (never switched off);
 * no redirects (a redirect would carry the token elsewhere); a cap on the
 * body; transient failures (connection errors, timeouts, 5xx, a body cut
 * short or not valid JSON) retried with exponential backoff and jitter, a
 * bounded number of times; 429 honoured by waiting for the reset when the
 * wait is under max_wait, else reported as HTTP_RATE. The token goes in the
 * Authorization header only and is masked wherever a request is printed. */
#ifndef SC_HTTP_H
#define SC_HTTP_H
#include <jv.h>

#include "buf.h"

enum {
	HTTP_OK = 0,
	HTTP_FAIL = -1,  /* network or API failure, reported (exit 4) */
	HTTP_RATE = -2,  /* rate limited past max_wait, reported (exit 5) */
	HTTP_DRY = -3,   /* dry run: the request was printed, not sent */
	HTTP_UNKNOWN = -4, /* http_call: it may or may not have reached the server */
	HTTP_REFUSED = -5, /* http_call: a 4xx answer (status and error given) */
};

struct http {
	void *curl;
	const char *token;          /* bearer token, or NULL */
	const char *reset_header;   /* the network's rate-limit reset header */
	const char *remaining_header;
	long timeout_s, connect_s;  /* total and connect timeouts */
	long max_wait_s;            /* longest 429 wait honoured */
	int attempts;               /* tries per request, transient failures */
	long backoff_ms;            /* first retry delay; doubles each time */
	size_t max_body;
	int dry_run;
	int form;                   /* a POST body is form-encoded, not JSON */
	unsigned long requests;     /* sent, retries included */
	unsigned long retries, waits;
	unsigned seed;
	/* A network whose rate limits come as a refusal with an error body
	 * instead of 429 (Meta's Graph API, error codes 4, 17, 32, 613):
	 * called on any other 4xx answer (h->body holds it); returns the
	 * seconds to wait before the same request may be tried again when it
	 * was a rate limit, -1 for a refusal like any other. NULL: none. */
	long (*limit_wait)(struct http *h, long status);
	struct buf body, headers, auth, msg;
};

/* Defaults: timeouts 30 s / 10 s, max_wait 900 s, 5 attempts, backoff from
 * 1 s (SC_HTTP_BACKOFF_MS overrides it, for tests), body cap 32 MB. */
void http_init(struct http *h);
void http_free(struct http *h);

/* GET url (or POST body as JSON when body is not NULL) and parse the
 * answer into *out (a jv the caller frees) on HTTP_OK. Other results are
 * reported on stderr before returning. */
int http_json(struct http *h, const char *method, const char *url,
	      const char *body, jv *out);

/* A request that may change something on the server (POST, DELETE; a JSON
 * body or none; extra header lines such as "Idempotency-Key: K", NULL-ended),
 * for posting (lib/post_*.c). Unlike http_json it never sends twice what
 * may have reached the server: a timeout or error after the request left,
 * a 5xx, a 2xx answer cut short or not JSON give HTTP_UNKNOWN (the caller
 * looks the change up before trying again). What surely did not leave (the
 * connection refused, the host not found) is retried with backoff; a 429
 * is waited out under max_wait, else HTTP_RATE. A GET through here is
 * retried like http_json's, but its 4xx are handed back too.
 * status gets the HTTP status (0 when none came), err the reason: the API's
 * own error text for a refusal (HTTP_REFUSED, a 4xx). Nothing is printed
 * but -v notes: the caller reports. On HTTP_OK *out is the parsed answer
 * (null when empty), which the caller frees. */
int http_call(struct http *h, const char *method, const char *url, const char *body,
	      const char *const *headers, jv *out, long *status, struct buf *err);

/* The value of a header of the last response (case-insensitive name), into
 * out (NUL-terminated); 1 when present, 0 when not. */
int http_header(struct http *h, const char *name, struct buf *out);

/* Seconds to wait before a reset given as epoch seconds, ISO time, or
 * seconds from now (a small number); -1 when it cannot be read. */
long http_reset_wait(const char *value, long now);

/* Appends s to b with every query parameter escaped (curl_easy_escape). */
void http_escape(struct buf *b, const char *s);

/* url with its user:password@ (an --api URL may carry one) shown as
 * ****@: what every message prints instead of the URL itself. Valid until
 * the next call. */
const char *http_url_shown(const char *url);

#endif
