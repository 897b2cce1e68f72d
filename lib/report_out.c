#include <math.h>
#include <string.h>

#include "diag.h"
#include "jsonw.h"
#include "report_out.h"
#include "table.h"

/* Every figure, named as JSON and CSV show it. */
enum {
	M_INBOUND, M_OUTBOUND, M_REQUESTS, M_ANSWERED, M_RATE, M_MEDIAN, M_MEAN, M_P90,
	M_W1, M_W3, M_W24, M_BMEDIAN, M_BMEAN, M_BP90, M_BW1, M_BW3, M_BW24,
	M_BACKLOG, M_OLDEST, M_COMPLAINTS, M_VIP, M_ACKED, M_BADGE,
	M_SLA_REQ, M_SLA_MET, M_SLA, M_OVERDUE, M_PRIV7, M_PRIVRATE, M_PRIVMED, M_VERY, M_N
};

static const char *const mname[M_N] = {
	"inbound", "outbound", "requests", "answered", "response_rate",
	"first_response_median_s", "first_response_mean_s", "first_response_p90_s",
	"share_answered_within_1h", "share_answered_within_3h", "share_answered_within_24h",
	"business_first_response_median_s", "business_first_response_mean_s",
	"business_first_response_p90_s", "business_share_answered_within_1h",
	"business_share_answered_within_3h", "business_share_answered_within_24h",
	"backlog", "oldest_waiting_s", "complaints_unanswered", "vip_unanswered",
	"acknowledged", "typically_replies",
	"sla_requests", "sla_met", "sla_compliance", "overdue", "private_requests_7d",
	"private_response_rate_7d", "private_first_response_median_7d_s", "very_responsive",
};

/* How each figure reads in the table and on the page. */
enum { KIND_COUNT, KIND_SHARE, KIND_DURATION, KIND_TEXT, KIND_BOOL };
static const struct { const char *head; int kind; } mshow[M_N] = {
	{"in", KIND_COUNT}, {"out", KIND_COUNT}, {"req", KIND_COUNT}, {"ans", KIND_COUNT},
	{"answered", KIND_SHARE}, {"median", KIND_DURATION}, {"mean", KIND_DURATION},
	{"p90", KIND_DURATION}, {"<=1h", KIND_SHARE}, {"<=3h", KIND_SHARE}, {"<=24h", KIND_SHARE},
	{"b.median", KIND_DURATION}, {"b.mean", KIND_DURATION}, {"b.p90", KIND_DURATION},
	{"b.<=1h", KIND_SHARE}, {"b.<=3h", KIND_SHARE}, {"b.<=24h", KIND_SHARE},
	{"backlog", KIND_COUNT}, {"oldest", KIND_DURATION}, {"compl.", KIND_COUNT},
	{"vip", KIND_COUNT}, {"acked", KIND_COUNT}, {"replies", KIND_TEXT},
	{"sla.req", KIND_COUNT}, {"sla.met", KIND_COUNT}, {"sla", KIND_SHARE},
	{"overdue", KIND_COUNT}, {"dm.7d", KIND_COUNT}, {"dm.ans", KIND_SHARE},
	{"dm.median", KIND_DURATION}, {"v.resp.", KIND_BOOL},
};

static int is_business(int m)
{
	return m >= M_BMEDIAN && m <= M_BW24;
}

/* Facebook's "very responsive": private messages of the last 7 days,
 * >= 90 % answered with a median first response <= 15 min; NaN: none. */
static double very_responsive(const struct rep_group *g)
{
	if (!g->private_requests_7d)
		return NAN;
	return (double)g->private_answered_7d >= 0.9 * (double)g->private_requests_7d &&
	       g->private_frt_median_7d <= 15 * 60;
}

/* The networks' badge, from the median first response. */
static const char *badge(const struct rep_group *g)
{
	double m = g->frt_median;

	if (isnan(m))
		return NULL;
	return m <= 15 * 60 ? "within minutes" : m <= 3600 ? "within an hour"
	     : m <= 3 * 3600 ? "within a few hours" : m <= 86400 ? "within a day"
	     : "in more than a day";
}

static double share(uint64_t k, uint64_t n)
{
	return n ? (double)k / (double)n : NAN;
}

/* The value of figure m: a number (NaN: none), or a string in *s. */
static double value(const struct report_view *v, const struct rep_group *g, int m,
		    const char **s)
{
	*s = NULL;
	switch (m) {
	case M_INBOUND: return (double)g->inbound;
	case M_OUTBOUND: return (double)g->outbound;
	case M_REQUESTS: return (double)g->requests;
	case M_ANSWERED: return (double)g->answered;
	case M_RATE: return share(g->answered, g->requests);
	case M_MEDIAN: return g->frt_median;
	case M_MEAN: return g->frt_mean;
	case M_P90: return g->frt_p90;
	case M_W1: return share(g->within[0], g->requests);
	case M_W3: return share(g->within[1], g->requests);
	case M_W24: return share(g->within[2], g->requests);
	case M_BMEDIAN: return g->frt_business_median;
	case M_BMEAN: return g->frt_business_mean;
	case M_BP90: return g->frt_business_p90;
	case M_BW1: return share(g->within_business[0], g->requests);
	case M_BW3: return share(g->within_business[1], g->requests);
	case M_BW24: return share(g->within_business[2], g->requests);
	case M_BACKLOG: return (double)g->backlog;
	case M_OLDEST:
		return g->oldest_waiting_since == INT64_MIN ? NAN
		     : (double)(v->now - g->oldest_waiting_since);
	case M_COMPLAINTS: return (double)g->complaints_unanswered;
	case M_VIP: return (double)g->vip_unanswered;
	case M_ACKED: return (double)g->acknowledged;
	case M_SLA_REQ: return (double)g->sla_due;
	case M_SLA_MET: return (double)g->sla_met;
	case M_SLA: return share(g->sla_met, g->sla_due);
	case M_OVERDUE: return (double)g->overdue;
	case M_PRIV7: return (double)g->private_requests_7d;
	case M_PRIVRATE: return share(g->private_answered_7d, g->private_requests_7d);
	case M_PRIVMED: return g->private_frt_median_7d;
	case M_VERY: return very_responsive(g);
	default: *s = badge(g); return NAN;
	}
}

/* Numbers print the same everywhere: integers plainly, fractions to 4 places. */
static void num(struct buf *b, double x)
{
	if (isnan(x))
		buf_puts(b, "null");
	else if (x == floor(x) && fabs(x) < 1e15)
		buf_printf(b, "%.0f", x);
	else
		buf_printf(b, "%.4f", x);
}

static void print_json(FILE *out, const struct report_view *v)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < v->ngroups; i++) {
		const struct rep_group *g = &v->groups[i];
		struct jsonw w;

		buf_reset(&b);
		jw_begin(&w, &b);
		for (int d = 0; d < v->ndims; d++)
			jw_cstr(&w, rep_dim_name(v->dims[d]), g->key[v->dims[d]]);
		for (int m = 0; m < M_N; m++) {
			const char *s;
			double x = value(v, g, m, &s);
			if (is_business(m) && !v->business)
				continue;
			jw_key(&w, mname[m]);
			if (s)
				json_str(&b, s, strlen(s));
			else if (mshow[m].kind == KIND_BOOL && !isnan(x))
				buf_puts(&b, x ? "true" : "false");
			else
				num(&b, x);
		}
		jw_end(&w);
		buf_putc(&b, '\n');
		fwrite(b.p, 1, b.len, out);
	}
	buf_free(&b);
}

static void print_csv(FILE *out, const struct report_view *v)
{
	struct buf b = BUF_INIT;
	int first = 1;

	for (int d = 0; d < v->ndims; d++, first = 0)
		csv_field(out, rep_dim_name(v->dims[d]), first);
	for (int m = 0; m < M_N; m++, first = 0)
		if (!is_business(m) || v->business)
			csv_field(out, mname[m], first);
	fputc('\n', out);
	for (size_t i = 0; i < v->ngroups; i++) {
		const struct rep_group *g = &v->groups[i];
		first = 1;
		for (int d = 0; d < v->ndims; d++, first = 0)
			csv_field(out, g->key[v->dims[d]], first);
		for (int m = 0; m < M_N; m++, first = 0) {
			const char *s;
			double x = value(v, g, m, &s);
			if (is_business(m) && !v->business)
				continue;
			buf_reset(&b);
			if (s)
				buf_puts(&b, s);
			else if (mshow[m].kind == KIND_BOOL && !isnan(x))
				buf_puts(&b, x ? "true" : "false");
			else if (!isnan(x))
				num(&b, x);
			csv_field(out, buf_cstr(&b), first);
		}
		fputc('\n', out);
	}
	buf_free(&b);
}

const char *report_duration(double s, char *out, size_t cap)
{
	long long x = (long long)llround(s);

	if (isnan(s))
		snprintf(out, cap, "-");
	else if (x < 60)
		snprintf(out, cap, "%llds", x);
	else if (x < 3600)
		snprintf(out, cap, "%lldm%02llds", x / 60, x % 60);
	else if (x < 86400)
		snprintf(out, cap, "%lldh%02lldm", x / 3600, x / 60 % 60);
	else
		snprintf(out, cap, "%lldd%02lldh", x / 86400, x / 3600 % 24);
	return out;
}

static const char *pct(double x, char *out, size_t cap)
{
	if (isnan(x))
		snprintf(out, cap, "-");
	else
		snprintf(out, cap, "%.0f%%", 100 * x);
	return out;
}

int report_nfigures(void)
{
	return M_N;
}

int report_figure_shown(const struct report_view *v, int m)
{
	return m >= 0 && m < M_N && (!is_business(m) || v->business);
}

const char *report_figure_head(int m)
{
	return mshow[m].head;
}

const char *report_figure_name(int m)
{
	return mname[m];
}

/* Figure m of g as a person reads it: "12", "69%", "1h05m", "yes"; "-"
 * where there is nothing to measure. */
const char *report_cell(const struct report_view *v, const struct rep_group *g, int m,
			char *out, size_t cap)
{
	const char *s;
	double x = value(v, g, m, &s);

	switch (mshow[m].kind) {
	case KIND_COUNT: snprintf(out, cap, "%.0f", x); return out;
	case KIND_SHARE: return pct(x, out, cap);
	case KIND_DURATION: return report_duration(x, out, cap);
	case KIND_BOOL: snprintf(out, cap, "%s", isnan(x) ? "-" : x ? "yes" : "no"); return out;
	default: snprintf(out, cap, "%s", s ? s : "-"); return out;
	}
}

/* Every figure of the json and csv, in the same order, as a person reads it. */
static void print_table(FILE *out, const struct report_view *v)
{
	int w[RD_N] = {0};
	char c[32];

	for (int d = 0; d < v->ndims; d++) {
		w[d] = (int)strlen(rep_dim_name(v->dims[d]));
		for (size_t i = 0; i < v->ngroups; i++) {
			int l = (int)strlen(v->groups[i].key[v->dims[d]]);
			if (l > w[d])
				w[d] = l > 40 ? 40 : l;
		}
	}
	for (int d = 0; d < v->ndims; d++)
		fprintf(out, "%-*s  ", w[d], rep_dim_name(v->dims[d]));
	for (int m = 0; m < M_N; m++)
		if (report_figure_shown(v, m))
			fprintf(out, m == M_BADGE ? " %-18s" : "%10s", mshow[m].head);
	fputc('\n', out);
	for (size_t i = 0; i < v->ngroups; i++) {
		const struct rep_group *g = &v->groups[i];

		for (int d = 0; d < v->ndims; d++)
			fprintf(out, "%-*.*s  ", w[d], w[d], *g->key[v->dims[d]] ? g->key[v->dims[d]] : "-");
		for (int m = 0; m < M_N; m++)
			if (report_figure_shown(v, m))
				fprintf(out, m == M_BADGE ? " %-18s" : "%10s", report_cell(v, g, m, c, sizeof c));
		fputc('\n', out);
	}
}

void report_print(FILE *out, int format, const struct report_view *v)
{
	switch (format) {
	case RF_JSON: print_json(out, v); break;
	case RF_CSV: print_csv(out, v); break;
	case RF_HTML: report_print_html(out, v); break;
	default: print_table(out, v); break;
	}
}

static const char *const wdays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

void report_print_coverage(FILE *out, int format, const struct report_view *v)
{
	if (format == RF_HTML) {
		report_print_coverage_html(out, v);
		return;
	}
	if (format == RF_JSON || format == RF_CSV) {
		if (format == RF_CSV)
			fprintf(out, "weekday,hour,inbound,requests,answered\n");
		for (int d = 0; d < 7; d++)
			for (int h = 0; h < 24; h++)
				fprintf(out, format == RF_CSV ? "%s,%02d,%llu,%llu,%llu\n"
					: "{\"weekday\":\"%s\",\"hour\":%d,\"inbound\":%llu,"
					  "\"requests\":%llu,\"answered\":%llu}\n",
					wdays[d], h, (unsigned long long)v->volume[d][h],
					(unsigned long long)v->requests[d][h],
					(unsigned long long)v->answered[d][h]);
		return;
	}
	for (int pass = 0; pass < 2; pass++) {
		fprintf(out, pass ? "\nshare of requests answered, by when they were made\n    "
				  : "inbound messages by weekday and hour\n    ");
		for (int h = 0; h < 24; h++)
			fprintf(out, "%5d", h);
		fputc('\n', out);
		for (int d = 0; d < 7; d++) {
			fprintf(out, "%s ", wdays[d]);
			for (int h = 0; h < 24; h++) {
				uint64_t req = v->requests[d][h];
				if (!pass)
					fprintf(out, "%5llu", (unsigned long long)v->volume[d][h]);
				else if (!req)
					fprintf(out, "%5s", "-");
				else
					fprintf(out, "%4.0f%%", 100.0 * (double)v->answered[d][h] / (double)req);
			}
			fputc('\n', out);
		}
	}
}
