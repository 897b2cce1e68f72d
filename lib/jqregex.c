/* Oniguruma's onig_new/onig_free, with the patterns libjq compiles kept
 * (see jqregex.h for why). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <oniguruma.h>

#include "diag.h"
#include "jqregex.h"

typedef int new_fn(OnigRegex *, const OnigUChar *, const OnigUChar *, OnigOptionType,
		   OnigEncoding, OnigSyntaxType *, OnigErrorInfo *);
typedef void free_fn(OnigRegex);

struct kept {
	OnigRegex reg;
	pthread_t owner;          /* searches of one pattern never run in two threads */
	OnigOptionType option;
	OnigEncoding enc;
	OnigSyntaxType *syntax;
	uint64_t hash;
	size_t len;
	unsigned char *pattern;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct kept kept[JQREGEX_MAX];
static int nkept, enabled, registered;
static unsigned long n_compiled, n_reused;
static new_fn *real_new;
static free_fn *real_free;

static void find_real(void)
{
	if (real_new)
		return;
	real_new = (new_fn *)dlsym(RTLD_NEXT, "onig_new");
	real_free = (free_fn *)dlsym(RTLD_NEXT, "onig_free");
	if (!real_new || !real_free)
		sc_die(SC_EXIT_FAIL, "cannot find Oniguruma's onig_new: %s", dlerror());
}

static uint64_t hash(const unsigned char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ull;
	return h;
}

static void free_all(void)
{
	pthread_mutex_lock(&mu);
	for (int i = 0; i < nkept; i++) {
		real_free(kept[i].reg);
		free(kept[i].pattern);
	}
	nkept = 0;
	pthread_mutex_unlock(&mu);
}

void jqregex_enable(void)
{
	pthread_mutex_lock(&mu);
	find_real();
	enabled = 1;
	if (!registered++)
		atexit(free_all);
	pthread_mutex_unlock(&mu);
}

void jqregex_counts(unsigned long *compiled, unsigned long *reused)
{
	pthread_mutex_lock(&mu);
	*compiled = n_compiled;
	*reused = n_reused;
	pthread_mutex_unlock(&mu);
}

int onig_new(OnigRegex *reg, const OnigUChar *pattern, const OnigUChar *pattern_end,
	     OnigOptionType option, OnigEncoding enc, OnigSyntaxType *syntax,
	     OnigErrorInfo *einfo)
{
	size_t len = (size_t)(pattern_end - pattern);
	uint64_t h = hash(pattern, len);
	pthread_t self = pthread_self();
	int rc;

	pthread_mutex_lock(&mu);
	find_real();
	if (enabled)
		for (int i = 0; i < nkept; i++) {
			struct kept *k = &kept[i];
			if (k->hash == h && k->len == len && k->option == option && k->enc == enc &&
			    k->syntax == syntax && pthread_equal(k->owner, self) &&
			    memcmp(k->pattern, pattern, len) == 0) {
				*reg = k->reg;
				n_reused++;
				pthread_mutex_unlock(&mu);
				return ONIG_NORMAL;
			}
		}
	pthread_mutex_unlock(&mu);
	/* Compiling takes the time: not under the lock. */
	rc = real_new(reg, pattern, pattern_end, option, enc, syntax, einfo);
	pthread_mutex_lock(&mu);
	n_compiled++;
	if (rc == ONIG_NORMAL && enabled && nkept < JQREGEX_MAX) {
		struct kept *k = &kept[nkept++];
		k->reg = *reg;
		k->owner = self;
		k->option = option;
		k->enc = enc;
		k->syntax = syntax;
		k->hash = h;
		k->len = len;
		k->pattern = sc_xmalloc(len ? len : 1);
		memcpy(k->pattern, pattern, len);
	}
	pthread_mutex_unlock(&mu);
	return rc;
}

void onig_free(OnigRegex reg)
{
	pthread_mutex_lock(&mu);
	find_real();
	for (int i = 0; i < nkept; i++)
		if (kept[i].reg == reg) {
			pthread_mutex_unlock(&mu);
			return; /* kept for the next call: freed at exit */
		}
	pthread_mutex_unlock(&mu);
	real_free(reg);
}
