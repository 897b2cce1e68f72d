/* sc-report --format html: one self-contained page (inline CSS and SVG, no
 * script, nothing fetched) with the volume by day, the weekday × hour
 * heatmap, the first-response distribution and the table of groups. */
#include <math.h>
#include <string.h>

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

static void volume_chart(FILE *out, const struct report_view *v)
{
	const int W = 900, H = 220, L = 40, B = 40;
	uint64_t max = 1;
	size_t n = v->ndays;

	for (size_t i = 0; i < n; i++)
		if (v->days[i].inbound > max)
			max = v->days[i].inbound;
	double bw = n ? (double)(W - L - 10) / (double)n : 0;
	fprintf(out, "<h2>Inbound messages by day</h2>\n<svg class=\"chart\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"inbound messages by day\">\n", W, H, W, H);
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n", L, H - B, W - 5, H - B);
	fprintf(out, "<text x=\"%d\" y=\"14\" class=\"ax\">%llu</text>\n", 2, (unsigned long long)max);
	for (size_t i = 0; i < n; i++) {
		const struct rep_day *d = &v->days[i];
		double h = (double)(H - B - 20) * (double)d->inbound / (double)max;
		double ha = (double)(H - B - 20) * (double)d->answered / (double)max;
		double x = L + bw * (double)i;
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"in\">"
			"<title>%s: %llu inbound, %llu requests, %llu answered</title></rect>\n",
			x + 1, H - B - h, bw > 2 ? bw - 2 : bw, h, d->day,
			(unsigned long long)d->inbound, (unsigned long long)d->requests,
			(unsigned long long)d->answered);
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"ans\"/>\n",
			x + bw / 4, H - B - ha, bw / 2, ha);
		if (n <= 40 || i % (n / 20 + 1) == 0)
			fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"ax\" transform=\"rotate(60 %.1f %d)\">%s</text>\n",
				x + 2, H - B + 12, x + 2, H - B + 12, d->day + 5);
	}
	fprintf(out, "</svg>\n<p class=\"legend\"><span class=\"k in\"></span> inbound messages "
		"<span class=\"k ans\"></span> requests answered (by the day they were made)</p>\n");
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

static void table(FILE *out, const struct report_view *v)
{
	char a[32], b[32], c[32];

	fprintf(out, "<h2>Figures</h2>\n<table>\n<tr>");
	for (int d = 0; d < v->ndims; d++)
		fprintf(out, "<th>%s</th>", rep_dim_name(v->dims[d]));
	fprintf(out, "<th>inbound</th><th>requests</th><th>answered</th><th>median first response</th>"
		"<th>p90</th><th>within 1 h</th><th>within 24 h</th>%s<th>backlog</th>"
		"<th>oldest waiting</th><th>complaints unanswered</th><th>VIP unanswered</th></tr>\n",
		v->business ? "<th>median, business time</th>" : "");
	for (size_t i = 0; i < v->ngroups; i++) {
		const struct rep_group *g = &v->groups[i];
		fprintf(out, "<tr>");
		for (int d = 0; d < v->ndims; d++) {
			fprintf(out, "<td>");
			esc(out, *g->key[v->dims[d]] ? g->key[v->dims[d]] : "-");
			fprintf(out, "</td>");
		}
		double rate = g->requests ? 100.0 * (double)g->answered / (double)g->requests : NAN;
		fprintf(out, "<td>%llu</td><td>%llu</td><td>%.0f%%</td><td>%s</td><td>%s</td>",
			(unsigned long long)g->inbound, (unsigned long long)g->requests, rate,
			report_duration(g->frt_median, a, sizeof a), report_duration(g->frt_p90, b, sizeof b));
		fprintf(out, "<td>%.0f%%</td><td>%.0f%%</td>",
			g->requests ? 100.0 * (double)g->within[0] / (double)g->requests : NAN,
			g->requests ? 100.0 * (double)g->within[2] / (double)g->requests : NAN);
		if (v->business)
			fprintf(out, "<td>%s</td>", report_duration(g->frt_business_median, c, sizeof c));
		fprintf(out, "<td>%llu</td><td>%s</td><td>%llu</td><td>%llu</td></tr>\n",
			(unsigned long long)g->backlog,
			report_duration(g->oldest_waiting_since == INT64_MIN ? NAN
					: (double)(v->now - g->oldest_waiting_since), c, sizeof c),
			(unsigned long long)g->complaints_unanswered, (unsigned long long)g->vip_unanswered);
	}
	fprintf(out, "</table>\n");
}

void report_print_html(FILE *out, const struct report_view *v)
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
	fprintf(out, "</h1>\n");
	volume_chart(out, v);
	heatmap(out, v);
	distribution(out, v);
	table(out, v);
	fprintf(out, "<p class=\"legend\">A request is a customer's first unanswered message "
		"and what they add before the brand answers; first response time runs from it "
		"to the brand's first human reply. See sc-report(1).</p>\n</body>\n</html>\n");
}
