/* X archive exports ("Download your archive"): tweets.js (and its parts),
 * direct-messages.js, direct-messages-group.js, account.js for the brand,
 * deleted-tweets.js (counted, skipped). */
#ifndef SC_IMPORT_XARCHIVE_H
#define SC_IMPORT_XARCHIVE_H
#include "import.h"

struct xarchive {
	struct importer *imp;
	char *brand_id, *handle, *name;  /* from account.js */
	unsigned long tweets, dms, deleted;
};

/* The archive's data/ folder, or one of its files; return 0 or -1. */
int xarchive_dir(struct xarchive *x, const char *dir);
int xarchive_file(struct xarchive *x, const char *path);
void xarchive_free(struct xarchive *x);

#endif
