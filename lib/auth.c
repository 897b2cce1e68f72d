#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"

void auth_wipe(struct buf *b)
{
	if (b->p)
		memset(b->p, 0, b->cap);
	buf_free(b);
}

/* One line of printable ASCII after trimming the final line end. */
static int check(struct buf *out, const char *from, struct buf *err)
{
	while (out->len && (out->p[out->len - 1] == '\n' || out->p[out->len - 1] == '\r'))
		out->len--;
	if (!out->len) {
		buf_printf(err, "%s is empty", from);
		return -1;
	}
	for (size_t i = 0; i < out->len; i++)
		if ((unsigned char)out->p[i] <= ' ' || (unsigned char)out->p[i] >= 0x7f) {
			buf_printf(err, "%s holds more than one line or a character no token has "
				   "(byte %zu): refused", from, i + 1);
			return -1;
		}
	buf_cstr(out);
	return 0;
}

static int from_file(const char *file, struct buf *out, struct buf *err)
{
	struct stat sb;
	char chunk[4096];
	ssize_t n;
	int fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		buf_printf(err, "cannot open token file %s: %s%s", file, strerror(errno),
			   errno == ELOOP ? " (a symbolic link is refused)" : "");
		return -1;
	}
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		buf_printf(err, "token file %s is not a regular file: refused", file);
		close(fd);
		return -1;
	}
	if (sb.st_uid != geteuid()) {
		buf_printf(err, "token file %s belongs to another user: refused", file);
		close(fd);
		return -1;
	}
	if (sb.st_mode & 077) {
		buf_printf(err, "token file %s can be read or changed by others (mode %03o): "
			   "refused; run chmod 600 %s", file, (unsigned)(sb.st_mode & 0777), file);
		close(fd);
		return -1;
	}
	while ((n = read(fd, chunk, sizeof chunk)) > 0 && out->len < 65536)
		buf_put(out, chunk, (size_t)n);
	memset(chunk, 0, sizeof chunk);
	close(fd);
	if (n < 0) {
		buf_printf(err, "cannot read token file %s: %s", file, strerror(errno));
		return -1;
	}
	return check(out, file, err);
}

int auth_secret(const char *env, const char *file, struct buf *out, struct buf *err)
{
	const char *v;

	buf_reset(out);
	buf_reset(err);
	if (file) {
		int rc = from_file(file, out, err);
		buf_cstr(err);
		return rc;
	}
	v = getenv(env);
	if (!v || !*v) {
		buf_printf(err, "no credentials: set %s or give a token file", env);
		return -1;
	}
	buf_puts(out, v);
	return check(out, env, err) ? (buf_cstr(err), -1) : 0;
}
