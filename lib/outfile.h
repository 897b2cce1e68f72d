/* An output file that a run appends to and whose length the run commits
 * in the state with what it read (sc-fetch's cursors, a stage's read
 * position): bytes past the committed length were written by a run killed
 * before its commit, so they are cut off and made again; a write that
 * fails cuts the file back to where the run began. */
#ifndef SC_OUTFILE_H
#define SC_OUTFILE_H
#include <stdio.h>
#include <sys/types.h>

#include "buf.h"

/* sc-fetch keeps its output file's committed length as a cursor of its
 * own: source OUTFILE_SOURCE, account OUTFILE_ACCOUNT, stream the file's
 * absolute path (one per file, shared by every account appending to it). */
#define OUTFILE_SOURCE "output"
#define OUTFILE_ACCOUNT "*"

/* Opens path to append (creating it), its absolute path in *real (the
 * state's key, to free). Returns the descriptor, or -1 with err set. */
int outfile_open(const char *path, char **real, struct buf *err);
/* Brings the file to its committed length (have: one was committed) and
 * sets *len to the length the run appends from; redo ends the warning
 * about cut bytes ("they are fetched again"). 0, or -1 with err set. */
int outfile_settle(int fd, const char *path, int have, long long committed, const char *redo,
		   long long *len, struct buf *err);
/* fflush and fsync f; on failure the file is cut back to start and the
 * program ends with a message naming path (what: what did not move). */
void outfile_sync(FILE *f, const char *path, off_t start, const char *what);

#endif
