/* sc-reply check: what a loaded replies.json says, in words a person can
 * confirm before a run: the languages and their templates, the templates
 * one language has and another lacks (its records fall back down the
 * chain), and the variables some records have no value for (a queue with no
 * hours in the template's language, no "*" agent name for cases without
 * an owner). No state, no network. */
#ifndef SC_REPLYCHECK_H
#define SC_REPLYCHECK_H
#include <stdio.h>

#include "replycfg.h"

/* Writes the summary to f; returns the number of warnings in it. */
int replycheck_print(FILE *f, const struct reply_cfg *c);

#endif
