#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "diag.h"
#include "http.h"
#include "sctime.h"

#define MAX_429_WAITS 8
#define MAX_DELAY_MS 60000L

void http_init(struct http *h)
{
	const char *b = getenv("SC_HTTP_BACKOFF_MS");

	memset(h, 0, sizeof *h);
	h->timeout_s = 30;
	h->connect_s = 10;
	h->max_wait_s = 900;
	h->attempts = 5;
	h->backoff_ms = b && *b ? strtol(b, NULL, 10) : 1000;
	if (h->backoff_ms < 0 || h->backoff_ms > MAX_DELAY_MS)
		h->backoff_ms = 1000;
	h->max_body = 32u << 20;
	h->seed = (unsigned)time(NULL) ^ ((unsigned)getpid() << 16);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		sc_die(SC_EXIT_FAIL, "cannot initialise libcurl");
	h->curl = curl_easy_init();
	if (!h->curl)
		sc_die(SC_EXIT_FAIL, "cannot initialise libcurl");
}

void http_free(struct http *h)
{
	if (h->curl)
		curl_easy_cleanup(h->curl);
	curl_global_cleanup();
	buf_free(&h->body);
	buf_free(&h->headers);
	buf_free(&h->auth);
	buf_free(&h->msg);
}

void http_escape(struct buf *b, const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0);

	if (!e)
		sc_die(SC_EXIT_FAIL, "out of memory");
	buf_puts(b, e);
	curl_free(e);
}

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct http *h = ctx;

	n *= size;
	if (h->body.len + n > h->max_body)
		return 0; /* curl fails the transfer with CURLE_WRITE_ERROR */
	buf_put(&h->body, p, n);
	return n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct http *h = ctx;

	n *= size;
	if (n >= 5 && memcmp(p, "HTTP/", 5) == 0)
		buf_reset(&h->headers); /* keep only the final response's headers */
	buf_put(&h->headers, p, n);
	return n;
}

/* Failures that another try may cure; a refused certificate, a bad URL or
 * an unsupported protocol will fail the same way again. */
static int transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST: case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT: case CURLE_PARTIAL_FILE: case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR: case CURLE_GOT_NOTHING: case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2: case CURLE_HTTP2_STREAM: case CURLE_BAD_CONTENT_ENCODING:
		return 1;
	default:
		return 0;
	}
}

int http_header(struct http *h, const char *name, struct buf *out)
{
	size_t nl = strlen(name);
	const char *p = h->headers.p, *end = p + h->headers.len;

	while (p && p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > nl && p[nl] == ':' && strncasecmp(p, name, nl) == 0) {
			const char *v = p + nl + 1, *ve = eol;
			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && isspace((unsigned char)ve[-1]))
				ve--;
			buf_reset(out);
			buf_put(out, v, (size_t)(ve - v));
			buf_cstr(out);
			return 1;
		}
		p = eol + 1;
	}
	return 0;
}

long http_reset_wait(const char *v, long now)
{
	struct sc_time t;
	const char *why;
	char *end;
	long long n;

	if (!v || !*v)
		return -1;
	n = strtoll(v, &end, 10);
	if (isdigit((unsigned char)*v) && !*end) {
		if (n > 1000000000LL)
			n -= now; /* epoch seconds (X, Bluesky) */
		return n < 0 ? 0 : (long)(n > 86400 * 7 ? 86400 * 7 : n);
	}
	if (sc_time_parse(v, strlen(v), &t, &why))
		return -1; /* ISO time (Mastodon) */
	return t.sec < now ? 0 : (long)(t.sec - now > 86400 * 7 ? 86400 * 7 : t.sec - now);
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Prints what would be sent, the token masked and any body withheld (a
 * login body holds a password). */
const char *http_url_shown(const char *url)
{
	static struct buf b;
	const char *host = strstr(url, "://"), *end, *at = NULL;

	if (!host)
		return url;
	host += 3;
	end = host + strcspn(host, "/?#");
	for (const char *p = host; p < end; p++) /* the last '@': a password may hold one */
		if (*p == '@')
			at = p;
	if (!at)
		return url;
	buf_reset(&b);
	buf_put(&b, url, (size_t)(host - url));
	buf_puts(&b, "****");
	buf_puts(&b, at);
	return buf_cstr(&b);
}

static int dry(struct http *h, const char *method, const char *url, const char *body)
{
	printf("%s %s\n", method, http_url_shown(url));
	if (h->token)
		printf("Authorization: Bearer ****\n");
	if (body)
		printf("Content-Type: %s\n(body of %zu bytes not shown)\n",
		       h->form ? "application/x-www-form-urlencoded" : "application/json", strlen(body));
	printf("\n");
	return HTTP_DRY;
}

static void setup(struct http *h, const char *method, const char *url, const char *body,
		  const char *const *extra, struct curl_slist **hdrs)
{
	CURL *c = h->curl;

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (getenv("CURL_CA_BUNDLE") && *getenv("CURL_CA_BUNDLE")) /* other trust, still verified */
		curl_easy_setopt(c, CURLOPT_CAINFO, getenv("CURL_CA_BUNDLE"));
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, h->timeout_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->connect_s);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "sc-fetch/" SC_VERSION);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, h);
	*hdrs = curl_slist_append(NULL, "Accept: application/json");
	if (h->token) {
		buf_reset(&h->auth);
		buf_printf(&h->auth, "Authorization: Bearer %s", h->token);
		*hdrs = curl_slist_append(*hdrs, buf_cstr(&h->auth));
	}
	if (body) {
		*hdrs = curl_slist_append(*hdrs, h->form ? "Content-Type: application/x-www-form-urlencoded"
						       : "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	}
	for (; extra && *extra; extra++)
		*hdrs = curl_slist_append(*hdrs, *extra);
	if (strcmp(method, "GET") != 0 && (!body || strcmp(method, "POST") != 0))
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, *hdrs);
}

/* What the API said about a refused request: its error text, short. */
static void api_error(struct http *h, struct buf *out)
{
	static const char *const keys[] = {"detail", "error_description", "message", "error", "title"};
	jv v = jv_parse_sized(h->body.p ? h->body.p : "", (int)h->body.len);

	buf_reset(out);
	if (jv_get_kind(v) == JV_KIND_OBJECT) {
		jv m = jv_object_get(jv_copy(v), jv_string("error"));
		if (jv_get_kind(m) == JV_KIND_OBJECT) { /* {"error":{"message":…}} (Graph API) */
			jv s = jv_object_get(m, jv_string("message"));
			if (jv_get_kind(s) == JV_KIND_STRING)
				buf_printf(out, "%.200s", jv_string_value(s));
			jv_free(s);
		} else {
			jv_free(m);
		}
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			jv s = jv_object_get(jv_copy(v), jv_string(keys[i]));
			if (jv_get_kind(s) == JV_KIND_STRING && !out->len)
				buf_printf(out, "%.200s", jv_string_value(s));
			jv_free(s);
		}
	}
	jv_free(v);
	if (!out->len)
		for (size_t i = 0; i < h->body.len && i < 200; i++)
			buf_putc(out, isprint((unsigned char)h->body.p[i]) ? h->body.p[i] : ' ');
	buf_cstr(out);
}

static void note_quota(struct http *h, const char *method, const char *url, long status)
{
	struct buf v = BUF_INIT;

	if (!sc_verbose)
		return;
	if (h->remaining_header && http_header(h, h->remaining_header, &v))
		sc_note("%s %s: %ld, %s requests left in this window", method, http_url_shown(url), status, v.p);
	else
		sc_note("%s %s: %ld", method, http_url_shown(url), status);
	buf_free(&v);
}

/* A rate limit: wait when the end is near enough; 1 to try again. */
static int wait_out(struct http *h, const char *url, long wait)
{
	if (wait > h->max_wait_s || h->waits >= MAX_429_WAITS) {
		sc_warn("%s: rate limited for %ld s more (over --max-wait %ld s): "
			"stopping, nothing after the last saved cursor is lost", http_url_shown(url), wait, h->max_wait_s);
		return 0;
	}
	sc_warn("%s: rate limited; waiting %ld s for the reset", http_url_shown(url), wait);
	h->waits++;
	sleep_ms(wait * 1000 + 1000);
	return 1;
}

/* 429: the reset from the network's header or Retry-After. */
static int rate_limited(struct http *h, const char *url)
{
	struct buf v = BUF_INIT;
	long now = (long)time(NULL), wait = -1;

	if (h->reset_header && http_header(h, h->reset_header, &v))
		wait = http_reset_wait(v.p, now);
	if (wait < 0 && http_header(h, "Retry-After", &v))
		wait = http_reset_wait(v.p, now);
	buf_free(&v);
	if (wait < 0)
		wait = 60; /* no reset given: a minute, as the networks' windows go */
	return wait_out(h, url, wait);
}

static long delay_ms(struct http *h, int attempt)
{
	long d = h->backoff_ms;

	for (int i = 1; i < attempt && d < MAX_DELAY_MS; i++)
		d *= 2;
	if (d > MAX_DELAY_MS)
		d = MAX_DELAY_MS;
	return d + (d ? (long)(rand_r(&h->seed) % (unsigned)(d / 2 + 1)) : 0);
}

int http_json(struct http *h, const char *method, const char *url, const char *body, jv *out)
{
	struct curl_slist *hdrs = NULL;

	if (h->dry_run)
		return dry(h, method, url, body);
	for (int attempt = 1;; attempt++) {
		long status = 0;
		CURLcode rc;

		buf_reset(&h->body);
		buf_reset(&h->headers);
		buf_reset(&h->msg);
		setup(h, method, url, body, NULL, &hdrs);
		h->requests++;
		rc = curl_easy_perform(h->curl);
		curl_slist_free_all(hdrs);
		if (rc == CURLE_WRITE_ERROR && h->body.len + CURL_MAX_WRITE_SIZE > h->max_body) {
			sc_warn("%s %s: answer larger than %zu bytes: refused", method, http_url_shown(url), h->max_body);
			return HTTP_FAIL;
		}
		if (rc != CURLE_OK && !transient(rc)) {
			sc_warn("%s %s: %s", method, http_url_shown(url), curl_easy_strerror(rc));
			return HTTP_FAIL;
		} else if (rc != CURLE_OK) {
			buf_printf(&h->msg, "%s", curl_easy_strerror(rc));
		} else {
			curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
			note_quota(h, method, url, status);
			if (status == 429) {
				if (rate_limited(h, url)) {
					attempt--;
					continue;
				}
				return HTTP_RATE;
			}
			if (status >= 200 && status < 300) {
				jv v = jv_parse_sized(h->body.p ? h->body.p : "", (int)h->body.len);
				if (jv_is_valid(v)) {
					*out = v;
					return HTTP_OK;
				}
				jv_free(v);
				buf_printf(&h->msg, "answer %ld is not valid JSON (%zu bytes, cut short?)",
					   status, h->body.len);
			} else if (status >= 500) {
				buf_printf(&h->msg, "server error %ld", status);
			} else {
				struct buf e = BUF_INIT;
				long wait = h->limit_wait ? h->limit_wait(h, status) : -1;
				if (wait >= 0) {
					if (wait_out(h, url, wait)) {
						attempt--;
						continue;
					}
					return HTTP_RATE;
				}
				api_error(h, &e);
				sc_warn("%s %s: refused with %ld: %s", method, http_url_shown(url), status, e.p);
				buf_free(&e);
				return HTTP_FAIL;
			}
		}
		if (attempt >= h->attempts) {
			sc_warn("%s %s: %s; giving up after %d attempts", method, http_url_shown(url),
				buf_cstr(&h->msg), attempt);
			return HTTP_FAIL;
		}
		long d = delay_ms(h, attempt);
		sc_note("%s %s: %s; retrying in %ld ms", method, http_url_shown(url), buf_cstr(&h->msg), d);
		h->retries++;
		sleep_ms(d);
	}
}

/* What http_call prints in a dry run: the extra headers too (an
 * Idempotency-Key is no secret), the body's size only. */
static int dry_call(struct http *h, const char *method, const char *url, const char *body,
		    const char *const *extra)
{
	printf("%s %s\n", method, http_url_shown(url));
	if (h->token)
		printf("Authorization: Bearer ****\n");
	for (; extra && *extra; extra++)
		printf("%s\n", *extra);
	if (body)
		printf("Content-Type: application/json\n(body of %zu bytes not shown)\n", strlen(body));
	printf("\n");
	return HTTP_DRY;
}

/* Did any byte of the request leave? When none did, the server cannot
 * have acted on it, whatever the method. */
static int sent_nothing(struct http *h)
{
	long n = 0;

	return curl_easy_getinfo(h->curl, CURLINFO_REQUEST_SIZE, &n) == CURLE_OK && n == 0;
}

/* One try of http_call: returns a result, or 1 to try again. */
static int call_once(struct http *h, const char *method, const char *url, int safe,
		     CURLcode rc, long *status, struct buf *err)
{
	if (rc != CURLE_OK) {
		buf_printf(err, "%s", curl_easy_strerror(rc));
		if (!safe && !sent_nothing(h))
			return HTTP_UNKNOWN; /* the server may have it: never sent twice */
		return transient(rc) ? 1 : HTTP_FAIL;
	}
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, status);
	note_quota(h, method, url, *status);
	if (*status == 429)
		return rate_limited(h, url) ? 2 : HTTP_RATE;
	if (*status >= 200 && *status < 300)
		return HTTP_OK;
	api_error(h, err);
	if (*status >= 500 || *status == 408) {
		struct buf e = BUF_INIT;
		buf_printf(&e, "server error %ld: %s", *status, err->p);
		buf_reset(err);
		buf_put(err, e.p, e.len);
		buf_cstr(err);
		buf_free(&e);
		return safe ? 1 : HTTP_UNKNOWN; /* a 5xx may come after the change was made */
	}
	if (h->limit_wait) { /* a rate limit given as a refusal: nothing was done */
		long wait = h->limit_wait(h, *status);
		if (wait >= 0)
			return wait_out(h, url, wait) ? 2 : HTTP_RATE;
	}
	return HTTP_REFUSED;
}

/* The 2xx answer parsed; an empty one is null. */
static int call_answer(struct http *h, int safe, jv *out, struct buf *err)
{
	jv v;

	if (!h->body.len) {
		*out = jv_null();
		return HTTP_OK;
	}
	v = jv_parse_sized(h->body.p, (int)h->body.len);
	if (jv_is_valid(v)) {
		*out = v;
		return HTTP_OK;
	}
	jv_free(v);
	buf_printf(err, "the answer is not valid JSON (%zu bytes, cut short?)", h->body.len);
	return safe ? 1 : HTTP_UNKNOWN;
}

int http_call(struct http *h, const char *method, const char *url, const char *body,
	      const char *const *headers, jv *out, long *status, struct buf *err)
{
	int safe = strcmp(method, "GET") == 0;
	struct curl_slist *hdrs = NULL;

	*status = 0;
	buf_reset(err);
	buf_cstr(err);
	if (h->dry_run)
		return dry_call(h, method, url, body, headers);
	for (int attempt = 1;; attempt++) {
		CURLcode rc;
		int r;

		buf_reset(&h->body);
		buf_reset(&h->headers);
		buf_reset(err);
		*status = 0;
		setup(h, method, url, body, headers, &hdrs);
		/* libcurl sends a request again by itself when a reused connection
		 * closes with no answer (it takes it for a stale keep-alive); a
		 * server that closed after acting on a post would get it twice */
		if (!safe)
			curl_easy_setopt(h->curl, CURLOPT_FRESH_CONNECT, 1L);
		h->requests++;
		rc = curl_easy_perform(h->curl);
		curl_slist_free_all(hdrs);
		r = call_once(h, method, url, safe, rc, status, err);
		if (r == HTTP_OK)
			r = call_answer(h, safe, out, err);
		if (r == 2) {
			attempt--; /* a 429 waited out: not a failed attempt */
			continue;
		}
		if (r != 1)
			return r;
		if (attempt >= h->attempts) {
			buf_printf(err, "; giving up after %d attempts", attempt);
			buf_cstr(err);
			return HTTP_FAIL;
		}
		long d = delay_ms(h, attempt);
		sc_note("%s %s: %s; retrying in %ld ms", method, http_url_shown(url), buf_cstr(err), d);
		h->retries++;
		sleep_ms(d);
	}
}
