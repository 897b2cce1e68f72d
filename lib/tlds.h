/* The top-level domains twitter-text recognises in URLs, each list as one
 * regex alternation shaped as a trie ("c(?:at|o(?:m|op)?)..."), generated
 * into tlds.c by scripts/gen-tlds from twitter-text's conformance/tlds.yml. */
#ifndef SC_TLDS_H
#define SC_TLDS_H

extern const char tlds_generic[];
extern const char tlds_country[];

#endif
