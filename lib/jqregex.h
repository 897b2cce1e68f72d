/* Compiled regular expressions kept across libjq calls.
 *
 * libjq 1.6 compiles the pattern of test/match/capture/sub/gsub/splits on
 * every call and frees it after (LIBJQ-NOTES 5: about 7.5 µs a call), so a
 * rule such as `.text | test("outage|down"; "i")` paid a compile for every
 * record. libjq reaches Oniguruma through the dynamic linker, and a
 * definition in the executable comes first: this file defines onig_new and
 * onig_free, hands a pattern compiled before back to the thread that
 * compiled it, and keeps it when libjq frees it. Up to JQREGEX_MAX patterns
 * are kept (a rule that builds patterns from the data gets plain compiles
 * once the table is full); all are freed at exit. */
#ifndef SC_JQREGEX_H
#define SC_JQREGEX_H

#define JQREGEX_MAX 64

/* Turns the cache on (it is off until called: a binary that never runs
 * user jq code keeps plain Oniguruma behaviour). */
void jqregex_enable(void);
/* For tests: compiles done by Oniguruma, and compiles saved. */
void jqregex_counts(unsigned long *compiled, unsigned long *reused);

#endif
