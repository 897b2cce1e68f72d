/* sc-report --format html: one self-contained page (inline CSS and SVG, no
 * script, nothing fetched) with the volume by day, the weekday × hour
 * heatmap, the first-response distribution and the table of groups. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report_out.h"

static void esc(FILE *out, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out);
		}
}

/* Days as a count from 1970-01-01 and back (the proleptic Gregorian
 * calendar, the zone's own days): the chart walks every day of the span. */
static int64_t day_number(const char *ymd)
{
	int y, m, d;
	struct tm tm = {0};

	if (sscanf(ymd, "%d-%d-%d", &y, &m, &d) != 3)
		return 0;
	tm.tm_year = y - 1900, tm.tm_mon = m - 1, tm.tm_mday = d;
	return (int64_t)timegm(&tm) / 86400;
}

static void day_name(int64_t n, char out[11])
{
	time_t t = (time_t)(n * 86400);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Every day from the first to the last, empty ones too (a gap is news);
 * labels with the year when the span crosses one. */
static void volume_chart(FILE *out, const struct report_view *v)
{
	const int W = 900, H = 220, L = 40, B = 40;
	static const struct rep_day none;
	uint64_t max = 1;
	int64_t d0 = v->ndays ? day_number(v->days[0].day) : 0;
	int64_t n = v->ndays ? day_number(v->days[v->ndays - 1].day) - d0 + 1 : 0;
	int years = v->ndays && memcmp(v->days[0].day, v->days[v->ndays - 1].day, 4) != 0;

	for (size_t i = 0; i < v->ndays; i++)
		if (v->days[i].inbound > max)
			max = v->days[i].inbound;
	double bw = n ? (double)(W - L - 10) / (double)n : 0;
	fprintf(out, "<h2>Inbound messages by day</h2>\n<svg class=\"chart\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"inbound messages by day\">\n", W, H, W, H);
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n", L, H - B, W - 5, H - B);
	fprintf(out, "<text x=\"%d\" y=\"14\" class=\"ax\">%llu</text>\n", 2, (unsigned long long)max);
	for (int64_t i = 0, k = 0; i < n; i++) {
		char name[11];
		day_name(d0 + i, name);
		const struct rep_day *d = (size_t)k < v->ndays && strcmp(v->days[k].day, name) == 0
					? &v->days[k++] : &none;
		double h = (double)(H - B - 20) * (double)d->inbound / (double)max;
		double ha = (double)(H - B - 20) * (double)d->answered / (double)max;
		double x = L + bw * (double)i;
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"in\">"
			"<title>%s: %llu inbound, %llu requests, %llu answered</title></rect>\n",
			x + 1, H - B - h, bw > 2 ? bw - 2 : bw, h, name,
			(unsigned long long)d->inbound, (unsigned long long)d->requests,
			(unsigned long long)d->answered);
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"ans\"/>\n",
			x + bw / 4, H - B - ha, bw / 2, ha);
		if (n <= 40 || i % (n / 20 + 1) == 0)
			fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"ax\" transform=\"rotate(60 %.1f %d)\">%s</text>\n",
				x + 2, H - B + 12, x + 2, H - B + 12, years ? name : name + 5);
	}
	fprintf(out, "</svg>\n<p class=\"legend\"><span class=\"k in\"></span> inbound messages "
		"<span class=\"k ans\"></span> requests answered (by the day they were made)</p>\n");
}

/* The groups of --by side by side: requests and those answered. */
static void groups_chart(FILE *out, const struct report_view *v)
{
	const int W = 900, L = 220, RH = 18;
	uint64_t max = 1;
	int H = (int)v->ngroups * RH + 10;

	for (size_t i = 0; i < v->ngroups; i++)
		if (v->groups[i].requests > max)
			max = v->groups[i].requests;
	fprintf(out, "<h2>Requests and answers by ");
	for (int d = 0; d < v->ndims; d++)
		fprintf(out, "%s%s", d ? ", " : "", rep_dim_name(v->dims[d]));
	fprintf(out, "</h2>\n<svg class=\"chart\" width=\"%d\" height=\"%d\" role=\"img\" "
		"aria-label=\"requests and answers by group\">\n", W, H);
	for (size_t i = 0; i < v->ngroups; i++) {
		const struct rep_group *g = &v->groups[i];
		double wr = (double)(W - L - 60) * (double)g->requests / (double)max;
		double wa = (double)(W - L - 60) * (double)g->answered / (double)max;
		int y = (int)i * RH + 4;
		fprintf(out, "<text x=\"2\" y=\"%d\" class=\"ax\">", y + 12);
		for (int d = 0; d < v->ndims; d++) {
			const char *k = g->key[v->dims[d]];
			fprintf(out, "%s", d ? " / " : "");
			esc(out, *k ? k : "-");
		}
		fprintf(out, "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"in\"/>"
			"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"ans\"/>"
			"<text x=\"%.1f\" y=\"%d\" class=\"ax\">%llu / %llu</text>\n",
			L, y, wr, RH - 4, L, y + 4, wa, RH - 12, L + wr + 4, y + 12,
			(unsigned long long)g->answered, (unsigned long long)g->requests);
	}
	fprintf(out, "</svg>\n<p class=\"legend\"><span class=\"k in\"></span> requests "
		"<span class=\"k ans\"></span> answered</p>\n");
}

static void heatmap(FILE *out, const struct report_view *v)
{
	static const char *const wd[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	const int C = 30, L = 40, T = 20;
	uint64_t max = 1;

	for (int d = 0; d < 7; d++)
		for (int h = 0; h < 24; h++)
			if (v->volume[d][h] > max)
				max = v->volume[d][h];
	fprintf(out, "<h2>When customers write: weekday &times; hour</h2>\n<svg class=\"chart\" width=\"%d\" "
		"height=\"%d\" role=\"img\" aria-label=\"heatmap of inbound messages\">\n",
		L + 24 * C + 10, T + 7 * C + 10);
	for (int h = 0; h < 24; h++)
		fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"ax\">%02d</text>\n", L + h * C + 8, T - 6, h);
	for (int d = 0; d < 7; d++) {
		fprintf(out, "<text x=\"2\" y=\"%d\" class=\"ax\">%s</text>\n", T + d * C + 19, wd[d]);
		for (int h = 0; h < 24; h++) {
			double a = (double)v->volume[d][h] / (double)max;
			uint64_t req = v->requests[d][h], ans = v->answered[d][h];
			fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
				"fill=\"rgba(200,60,40,%.3f)\" stroke=\"#ddd\"><title>%s %02d:00: %llu inbound, "
				"%llu of %llu requests answered</title></rect>\n",
				L + h * C, T + d * C, C, C, 0.05 + 0.95 * a, wd[d], h,
				(unsigned long long)v->volume[d][h], (unsigned long long)ans,
				(unsigned long long)req);
			if (v->volume[d][h])
				fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"cell\">%llu</text>\n",
					L + h * C + 4, T + d * C + 19, (unsigned long long)v->volume[d][h]);
		}
	}
	fprintf(out, "</svg>\n");
}

static void distribution(FILE *out, const struct report_view *v)
{
	static const char *const label[REP_NBUCKETS] = {"&le;15m", "&le;1h", "&le;3h", "&le;8h",
							"&le;24h", "&le;3d", "&gt;3d"};
	const int W = 560, H = 200, B = 30, BW = 70;
	uint64_t max = 1, total = 0;

	for (int k = 0; k < REP_NBUCKETS; k++) {
		total += v->buckets[k];
		if (v->buckets[k] > max)
			max = v->buckets[k];
	}
	fprintf(out, "<h2>First response time</h2>\n<svg class=\"chart\" width=\"%d\" height=\"%d\" "
		"role=\"img\" aria-label=\"first response time distribution\">\n", W, H);
	for (int k = 0; k < REP_NBUCKETS; k++) {
		double h = (double)(H - B - 20) * (double)v->buckets[k] / (double)max;
		fprintf(out, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" class=\"frt\"/>\n",
			10 + k * (BW + 8), H - B - h, BW, h);
		fprintf(out, "<text x=\"%d\" y=\"%.1f\" class=\"ax\">%llu (%.0f%%)</text>\n", 12 + k * (BW + 8),
			H - B - h - 4, (unsigned long long)v->buckets[k],
			total ? 100.0 * (double)v->buckets[k] / (double)total : 0.0);
		fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"ax\">%s</text>\n", 20 + k * (BW + 8), H - 10, label[k]);
	}
	fprintf(out, "</svg>\n");
}

/* Every figure of the json and csv, as the terminal table shows them. */
static void table(FILE *out, const struct report_view *v)
{
	char c[32];

	fprintf(out, "<h2>Figures</h2>\n<table>\n<tr>");
	for (int d = 0; d < v->ndims; d++)
		fprintf(out, "<th>%s</th>", rep_dim_name(v->dims[d]));
	for (int m = 0; m < report_nfigures(); m++)
		if (report_figure_shown(v, m))
			fprintf(out, "<th title=\"%s\">%s</th>", report_figure_name(m), report_figure_head(m));
	fprintf(out, "</tr>\n");
	for (size_t i = 0; i < v->ngroups; i++) {
		const struct rep_group *g = &v->groups[i];
		fprintf(out, "<tr>");
		for (int d = 0; d < v->ndims; d++) {
			fprintf(out, "<td>");
			esc(out, *g->key[v->dims[d]] ? g->key[v->dims[d]] : "-");
			fprintf(out, "</td>");
		}
		for (int m = 0; m < report_nfigures(); m++)
			if (report_figure_shown(v, m)) {
				fprintf(out, "<td>");
				esc(out, report_cell(v, g, m, c, sizeof c));
				fprintf(out, "</td>");
			}
		fprintf(out, "</tr>\n");
	}
	fprintf(out, "</table>\n");
}

static void head(FILE *out, const struct report_view *v)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	esc(out, v->title);
	fprintf(out, "</title>\n<style>\n"
		"body{font-family:sans-serif;margin:2em;color:#222}\n"
		"h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em}\n"
		"table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}\n"
		"th{background:#f3f3f3}td:first-child{text-align:left}\n"
		".ax{font-size:11px;fill:#555}.cell{font-size:10px;fill:#222}\n"
		".in{fill:#9ab7d8}.ans{fill:#2b6cb0}.frt{fill:#5a9e6f}\n"
		".k{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}\n"
		"span.in{background:#9ab7d8}span.ans{background:#2b6cb0}\n"
		"</style>\n</head>\n<body>\n<h1>");
	esc(out, v->title);
	fprintf(out, "</h1>\n<p class=\"period\">");
	if (v->ndays)
		fprintf(out, "From %s to %s", v->days[0].day, v->days[v->ndays - 1].day);
	else
		fprintf(out, "No messages");
	fprintf(out, "; days and hours in time zone ");
	esc(out, v->tz ? v->tz : "UTC");
	fprintf(out, ".</p>\n");
}

/* --coverage --format html: the heatmap and the share answered per cell. */
void report_print_coverage_html(FILE *out, const struct report_view *v)
{
	static const char *const wd[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

	head(out, v);
	heatmap(out, v);
	fprintf(out, "<h2>Share of requests answered, by when they were made</h2>\n<table>\n<tr><th></th>");
	for (int h = 0; h < 24; h++)
		fprintf(out, "<th>%02d</th>", h);
	fprintf(out, "</tr>\n");
	for (int d = 0; d < 7; d++) {
		fprintf(out, "<tr><td>%s</td>", wd[d]);
		for (int h = 0; h < 24; h++) {
			uint64_t req = v->requests[d][h];
			if (req)
				fprintf(out, "<td>%.0f%%</td>", 100.0 * (double)v->answered[d][h] / (double)req);
			else
				fprintf(out, "<td>-</td>");
		}
		fprintf(out, "</tr>\n");
	}
	fprintf(out, "</table>\n</body>\n</html>\n");
}

void report_print_html(FILE *out, const struct report_view *v)
{
	head(out, v);
	volume_chart(out, v);
	groups_chart(out, v);
	heatmap(out, v);
	distribution(out, v);
	table(out, v);
	fprintf(out, "<p class=\"legend\">A request is a customer's first unanswered message "
		"that needs a reply and what they add before the brand answers; first response time "
		"runs from it to the brand's first human reply. See sc-report(1).</p>\n</body>\n</html>\n");
}
