/* Credentials: from an environment variable or from a file only its owner
 * can read. A file that is a symlink, not a regular file, owned by someone
 * else, or readable or writable by group or others is refused, as OpenSSH
 * refuses such a key: someone else may have read or replaced it. The secret
 * is checked to be one printable line, so it cannot smuggle a header in. */
#ifndef SC_AUTH_H
#define SC_AUTH_H
#include "buf.h"

/* From file when it is not NULL, else from the variable env. Returns 0 with
 * the secret in out, or -1 with the reason in err (never the secret). */
int auth_secret(const char *env, const char *file, struct buf *out, struct buf *err);

/* Overwrites the secret before the buffer is freed. */
void auth_wipe(struct buf *b);

#endif
