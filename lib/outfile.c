#include <errno.h>
#include <fcntl.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "outfile.h"

int outfile_open(const char *path, char **real, struct buf *err)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);

	if (fd < 0) {
		buf_printf(err, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (!(*real = realpath(path, NULL))) {
		buf_printf(err, "cannot resolve %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int outfile_settle(int fd, const char *path, int have, long long committed, const char *redo,
		   long long *len, struct buf *err)
{
	struct stat sb;

	if (fstat(fd, &sb)) {
		buf_printf(err, "cannot stat %s: %s", path, strerror(errno));
		return -1;
	}
	*len = (long long)sb.st_size; /* first run into this file: keep what it has */
	if (!have)
		return 0;
	if (*len > committed) {
		sc_warn("%s: %lld bytes past the last commit (a run stopped before it saved its "
			"position): cut off, %s", path, *len - committed, redo);
		if (ftruncate(fd, (off_t)committed)) {
			buf_printf(err, "cannot cut %s back to %lld bytes: %s", path, committed,
				   strerror(errno));
			return -1;
		}
		*len = committed;
	} else if (*len < committed)
		sc_warn("%s is shorter than when last written (rotated or cut?): appending from its end",
			path);
	return 0;
}

void outfile_sync(FILE *f, const char *path, off_t start, const char *what)
{
	int err, fd = fileno(f);

	if (!fflush(f) && !fsync(fd))
		return;
	err = errno;
	__fpurge(f); /* nothing left for exit() to flush */
	if (ftruncate(fd, start))
		sc_die(SC_EXIT_FAIL, "cannot write %s: %s; nor cut it back to %lld bytes: %s "
		       "(cut on the next run; %s not moved)", path, strerror(err),
		       (long long)start, strerror(errno), what);
	sc_die(SC_EXIT_FAIL, "cannot write %s: %s (cut back to %lld bytes; %s not moved)",
	       path, strerror(err), (long long)start, what);
}
