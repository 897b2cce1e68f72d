/* JSON text mended, chunk by chunk, where libjq 1.6's parser would stop
 * for good inside a string: a raw control byte (0x01-0x1e; 0x00 and 0x1f
 * it takes), an invalid escape, a \uD800-\uDBFF escape without its low
 * half; and a control byte between values. Each mend keeps the text's
 * length (a byte for a byte: a space, "\\", "\ufffd") and is recorded at its
 * offset, so a streaming reader can tell which element held it and report
 * that element instead of losing the rest of the file. It finds where
 * strings begin and end and nothing else: the parsing stays libjq's. */
#ifndef SC_JSCRUB_H
#define SC_JSCRUB_H
#include <stddef.h>

struct jscrub_fix {
	unsigned long long off;   /* of the mended bytes, from the first byte given */
	char why[48];
};

struct jscrub {
	int in_str;
	unsigned long long off;   /* bytes done so far */
	struct jscrub_fix *fix;   /* mends not taken yet, oldest first */
	size_t first, n, cap;
};

#define JSCRUB_INIT {0, 0, NULL, 0, 0, 0}

/* Mends s[0..n) in place; returns how many bytes are done. The rest (an
 * escape cut by the end of the chunk) must be given again at the start of
 * the next call; with eof set, every byte is done. */
size_t jscrub(struct jscrub *j, char *s, size_t n, int eof);
/* The reason of the first mend before offset end, or NULL (valid until
 * the next jscrub); every mend before end is taken. */
const char *jscrub_take(struct jscrub *j, unsigned long long end);
void jscrub_free(struct jscrub *j);

#endif
