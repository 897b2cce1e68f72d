/* The X archive importer (lib/import_xarchive.c): the input is one file of
 * an export, its kind named on its first line (window.YTD.tweets.part0 =
 * [...]); the brand comes from a fixed account.js beside it, as in an
 * archive's data/ folder (a directory made once per process). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fuzz.h"
#include "import_xarchive.h"

static const char account[] =
	"window.YTD.account.part0 = [ { \"account\" : { \"accountId\" : \"900\", "
	"\"username\" : \"AcmeHelp\", \"accountDisplayName\" : \"Acme Help\" } } ]\n";

static char dir[64], acc[96], file[96];

static void cleanup(void)
{
	unlink(file);
	unlink(acc);
	rmdir(dir);
}

static void put(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, n, f) != n || fclose(f))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct importer imp;
	struct xarchive x = {.imp = &imp};

	if (!dir[0]) {
		snprintf(dir, sizeof dir, "%s", "/tmp/sc-fuzz-xarchive.XXXXXX");
		if (!mkdtemp(dir))
			abort();
		snprintf(acc, sizeof acc, "%s/account.js", dir);
		snprintf(file, sizeof file, "%s/tweets.js", dir);
		put(acc, account, strlen(account));
		atexit(cleanup);
	}
	put(file, data, size);
	imp_init(&imp, "x", 64, fuzz_sink());
	xarchive_file(&x, file);
	imp_finish(&imp);
	imp_free(&imp);
	xarchive_free(&x);
	return 0;
}
