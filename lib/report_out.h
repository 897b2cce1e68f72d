/* sc-report's output: the groups as an aligned table, JSON lines, CSV
 * (libcsv quoting) or one self-contained HTML page with inline SVG charts. */
#ifndef SC_REPORT_OUT_H
#define SC_REPORT_OUT_H
#include <stdio.h>

#include "report.h"

enum { RF_TABLE, RF_JSON, RF_CSV, RF_HTML };

struct report_view {
	const int *dims;
	int ndims;
	const struct rep_group *groups;
	size_t ngroups;
	int business;            /* business-time figures present */
	int64_t now;             /* for waiting times */
	const char *title;       /* for html */
	const char *tz;          /* the zone of days and hours (--tz) */
	uint64_t volume[7][24], requests[7][24], answered[7][24];
	const struct rep_day *days;
	size_t ndays;
	const uint64_t *buckets;
};

void report_print_html(FILE *out, const struct report_view *v);
void report_print_coverage_html(FILE *out, const struct report_view *v);

/* The figures, in the order of the json and csv, for the table and the
 * page: whether m is shown in v, its short heading, its json name, and its
 * value as a person reads it ("69%", "1h05m", "-" for none: never "nan"). */
int report_nfigures(void);
int report_figure_shown(const struct report_view *v, int m);
const char *report_figure_head(int m);
const char *report_figure_name(int m);
const char *report_cell(const struct report_view *v, const struct rep_group *g, int m,
			char *out, size_t cap);

void report_print(FILE *out, int format, const struct report_view *v);
/* The weekday × hour coverage alone (--coverage). */
void report_print_coverage(FILE *out, int format, const struct report_view *v);
/* "1h05m", "3d04h", "45s" */
const char *report_duration(double s, char *out, size_t cap);

#endif
