/* The fake API servers (tests/fake/fake.py) for C tests: started on a free
 * 127.0.0.1 port in a fresh directory, given orders on /_ctl/ paths, its
 * post log (posts.jsonl) counted, stopped at the end. Tests run from the
 * top of the tree (tests/run cds there); SC_SHARED names ../shared. */
#ifndef SC_TEST_FAKE_H
#define SC_TEST_FAKE_H
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#define FAKE_TOKEN "tok-c-test-SECRET-1f2e"

struct fake {
	pid_t pid;
	char dir[256], url[64], path[512];
};

static const char *fake_file(struct fake *f, const char *name)
{
	snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
	return f->path;
}

static void fake_nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* 0 when the server answers, -1 (with a message) when it does not. */
static int fake_start(struct fake *f, const char *network)
{
	const char *tmp = getenv("TMPDIR");
	FILE *fp;
	int port = 0;

	snprintf(f->dir, sizeof f->dir, "%s/sc-fake-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	setenv("FAKE_TOKEN", FAKE_TOKEN, 1);
	setenv("FAKE_HANG_SECONDS", "3", 0);
	if ((f->pid = fork()) == 0) {
		if (!freopen(fake_file(f, "server.out"), "w", stdout) || !freopen(f->path, "a", stderr))
			_exit(127);
		execlp("python3", "python3", "tests/fake/fake.py", network, f->dir, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200 && !port; i++) {
		fake_nap(50);
		if ((fp = fopen(fake_file(f, "port"), "r"))) {
			if (fscanf(fp, "%d", &port) != 1)
				port = 0;
			fclose(fp);
		}
	}
	if (!port) {
		printf("# the fake %s server did not start (see %s)\n", network, fake_file(f, "server.out"));
		return -1;
	}
	snprintf(f->url, sizeof f->url, "http://127.0.0.1:%d", port);
	return 0;
}

static size_t fake_sink(char *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

/* One order, as "fault?kind=500&path=/2/tweets"; 0 when it was taken. */
static int fake_ctl(struct fake *f, const char *order)
{
	char url[1024];
	CURL *c = curl_easy_init();
	long status = 0;

	snprintf(url, sizeof url, "%s/_ctl/%s", f->url, order);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, fake_sink);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	return status == 200 ? 0 : -1;
}

/* Lines of the server's NAME log (posts.jsonl, requests.jsonl) that hold
 * every one of the NULL-ended strings. */
static int fake_count(struct fake *f, const char *name, ...)
{
	char line[8192];
	int n = 0;
	FILE *fp = fopen(fake_file(f, name), "r");

	if (!fp)
		return -1;
	while (fgets(line, sizeof line, fp)) {
		va_list ap;
		const char *s;
		int all = 1;
		va_start(ap, name);
		while ((s = va_arg(ap, const char *)))
			all &= strstr(line, s) != NULL;
		va_end(ap);
		n += all;
	}
	fclose(fp);
	return n;
}

static void fake_stop(struct fake *f)
{
	static const char *const files[] = {"port", "requests.jsonl", "posts.jsonl", "server.out"};

	if (f->pid > 0) {
		kill(f->pid, SIGTERM);
		waitpid(f->pid, NULL, 0);
		f->pid = 0;
	}
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		unlink(fake_file(f, files[i]));
	rmdir(f->dir);
}

#endif
