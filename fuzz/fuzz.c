/* Shared by the fuzz targets: see fuzz.h. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "diag.h"
#include "fuzz.h"

static const char *as_file(int *fd, char *path, size_t cap, const uint8_t *data, size_t size)
{
	if (*fd < 0 && (*fd = memfd_create("fuzz", 0)) < 0)
		abort();
	if (ftruncate(*fd, 0) || pwrite(*fd, data, size, 0) != (ssize_t)size)
		abort();
	snprintf(path, cap, "/proc/self/fd/%d", *fd);
	return path;
}

const char *fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];

	return as_file(&fd, path, sizeof path, data, size);
}


FILE *fuzz_sink(void)
{
	static FILE *f;

	if (!f && !(f = fopen("/dev/null", "w")))
		abort();
	return f;
}

const char *fuzz_str(const uint8_t *data, size_t size)
{
	static char *s;

	free(s);
	s = sc_xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

jv fuzz_json(const uint8_t *data, size_t size)
{
	jv v = jv_parse_sized((const char *)data, (int)size);

	if (jv_is_valid(v))
		return v;
	jv_free(v);
	return jv_invalid();
}

void fuzz_net_open(struct net *n, struct fetch *f, const char *source, const char *account)
{
	struct buf err = BUF_INIT;

	memset(n, 0, sizeof *n);
	n->f = f;
	n->account = account;
	n->outbound = 1;
	if (fetch_open(f, NULL, source, account, NULL, &err))
		abort();
	buf_free(&err);
}

void fuzz_net_close(struct net *n)
{
	fetch_close(n->f);
	buf_free(&n->tmp);
	buf_free(&n->url);
}
