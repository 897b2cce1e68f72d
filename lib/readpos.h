/* A stage reading the file the stage before appends to, each run from
 * where the last one stopped (sc(7), RUNNING UNATTENDED).
 *
 * readpos_open reads the stage's position in the input from the state,
 * checks that the input is still the file read last time (same device
 * and inode, not shorter than the position, the same bytes just before
 * it: else it says so and reads the file from its start), cuts the output
 * file back to its committed length (a killed run's partial output: made
 * again from the same input) and makes it standard output. The reader
 * then gets the complete lines between the position and the input's end
 * as it was at open: a last line without its newline waits for the next
 * run. readpos_save, in the caller's transaction, flushes and fsyncs the
 * output and sets the output's length and, with done, the position after
 * the lines read; the caller's commit makes both hold, or neither. */
#ifndef SC_READPOS_H
#define SC_READPOS_H
#include "opt.h"
#include "record.h"
#include "state.h"

struct readpos {
	struct sc_state *st;
	const char *stage;
	char *in, *out;          /* absolute paths: the state's keys */
	int infd;                /* the input, for its identity and tail */
	struct recin *r;
	struct sc_readpos at;    /* committed (after open: where reading starts) */
	long long end;           /* the complete lines end here in this run */
	int own;                 /* st was opened by readpos_start */
};

/* stage: "classify", "route", "reply" or "send". Opens input (for r, as
 * recin_open would) and output. 0, or -1 with a message in err. */
int readpos_open(struct readpos *p, struct sc_state *st, const char *stage, const char *input,
		 const char *output, struct recin *r, int strict, struct buf *err);
/* Inside the caller's transaction: output flushed and fsynced (a failed
 * write cuts it back to its last commit and ends the program), then its
 * length and, with done, the input read so far set in the state. */
void readpos_save(struct readpos *p, int done);
void readpos_close(struct readpos *p);

/* A stage's -o OUT: one input FILE (not standard input, which has no
 * position) or a usage error; st NULL: the state in dir (NULL: the
 * default) is opened for the position alone. Ends the program when the
 * state or a file cannot be opened. */
void readpos_start(struct readpos *p, const struct sc_cmd *cmd, struct sc_state *st,
		   const char *dir, const char *stage, char **files, int nfiles,
		   const char *output, struct recin *r, int strict);
/* At the end of the input: begin, readpos_save(done), commit. 0, or -1
 * reported (the output is cut on the next run, the input read again). */
int readpos_finish(struct readpos *p);

#endif
