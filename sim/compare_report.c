/*
 * sim/compare_report.c - the tables of `numasim compare` (sim/compare.h):
 * each metric of compare_metrics[] read from every run's results.json,
 * summarised per policy over its seeds (min, median, max), set against
 * the first policy, and written as compare.json, compare.csv, compare.md
 * and the table printed on standard output.
 *
 * Invariants: rows follow compare_metrics[], columns the policies in
 * command-line order, so the outputs depend on the runs' results alone.
 * A metric a run reports as null (a share with no attempt behind it) is
 * left out of that policy's spread; with no value at all the cells are
 * empty and there is no difference.  The difference is of the medians,
 * and its direction comes from the metric's good direction.
 *
 * No kernel counterpart.
 */
#include "sim/compare.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_FLAGS	(JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))

/*
 * The compared metrics and which way each is better (docs/metrics.md,
 * "Comparing policies", lists the same).
 */
const struct compare_metric compare_metrics[] = {
	{ "free_huge_blocks", "metrics.free_huge_blocks", BETTER_HIGHER },
	{ "unusable_index_pb", "metrics.unusable_index_pb", BETTER_LOWER },
	{ "fragmentation_score_max", "metrics.fragmentation_score_max", BETTER_LOWER },
	{ "mixed_pageblocks", "metrics.mixed_pageblocks", BETTER_LOWER },
	{ "extfrag_events", "stats.extfrag_events", BETTER_LOWER },
	{ "pageblock_steals", "stats.pageblock_steals", BETTER_LOWER },
	{ "type_mismatch", "stats.alloc_type_mismatch", BETTER_LOWER },
	{ "costly_alloc_success", "metrics.high_order_success.costly", BETTER_HIGHER },
	{ "thp_fault_coverage", "metrics.thp_fault.coverage", BETTER_HIGHER },
	{ "compact_stall", "counters.compact_stall", BETTER_LOWER },
	{ "compact_scanned_per_success", "metrics.compaction.scanned_per_success", BETTER_LOWER },
	{ "latency_slow_p99_ns", "metrics.alloc_latency_ns.slow.p99", BETTER_LOWER },
	{ "latency_compact_p99_ns", "metrics.alloc_latency_ns.compact.p99", BETTER_LOWER },
	{ "latency_reclaim_p99_ns", "metrics.alloc_latency_ns.reclaim.p99", BETTER_LOWER },
	{ "pgmigrate_success", "migration.pgmigrate_success", BETTER_LOWER },
	{ "migration_time_ns", "migration.time_ns", BETTER_LOWER },
};
const size_t compare_nr_metrics = sizeof(compare_metrics) / sizeof(compare_metrics[0]);

/* One policy's numbers for one metric. */
struct cell {
	size_t n;			/* runs that had a value */
	double min, median, max;
	double diff, rel_pct;		/* median - the first policy's; in percent of it */
	bool has_diff, has_rel;
	const char *direction;		/* "baseline", "better", "worse", "same", "" */
	bool overlaps;			/* its [min, max] meets the first policy's */
};

/* The value at a dotted path of results.json; false if absent or null. */
bool compare_json_number(json_t *root, const char *path, double *v)
{
	char key[64];
	json_t *j = root;

	for (const char *p = path; j && *p;) {
		size_t len = strcspn(p, ".");

		snprintf(key, sizeof(key), "%.*s", (int)len, p);
		j = json_object_get(j, key);
		p += len + (p[len] == '.');
	}
	if (!json_is_number(j))
		return false;
	*v = json_number_value(j);
	return true;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* min, median (the mean of the middle two for an even count), max of v[0..n). */
static void spread(double *v, size_t n, struct cell *c)
{
	c->n = n;
	if (!n)
		return;
	qsort(v, n, sizeof(*v), cmp_double);
	c->min = v[0];
	c->max = v[n - 1];
	c->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The difference of c to the first policy's cell base, and its direction. */
static void against(struct cell *c, const struct cell *base, enum compare_better better,
		    bool is_base)
{
	c->direction = "";
	if (!c->n || !base->n)
		return;
	c->has_diff = true;
	c->diff = c->median - base->median;
	c->has_rel = base->median != 0;
	c->rel_pct = c->has_rel ? c->diff * 100 / fabs(base->median) : 0;
	c->overlaps = c->min <= base->max && base->min <= c->max;
	if (is_base)
		c->direction = "baseline";
	else if (c->diff == 0)
		c->direction = "same";
	else
		c->direction = (c->diff > 0) == (better == BETTER_HIGHER) ? "better" : "worse";
}

/* ---- reading the runs ---- */

struct table {
	size_t nr_policies;
	struct cell *cells;		/* [metric][policy] */
};

static struct cell *cell_at(const struct table *t, size_t metric, size_t policy)
{
	return &t->cells[metric * t->nr_policies + policy];
}

static json_t *load_results(const char *stage, const char *run, char *err, size_t errlen)
{
	char path[PATH_MAX];
	json_error_t e;
	json_t *j;

	snprintf(path, sizeof(path), "%s/%s/results.json", stage, run);
	j = json_load_file(path, 0, &e);
	if (!j)
		snprintf(err, errlen, "numasim: compare: %s/results.json: %s", run, e.text);
	return j;
}

/* Every run's value of every metric, summarised per policy. */
static int read_runs(const struct compare_opts *o, const char *stage, struct table *t,
		     char *err, size_t errlen)
{
	size_t nr_slots = o->nr_seeds ? o->nr_seeds : 1;
	double *v = calloc(compare_nr_metrics * nr_slots, sizeof(*v));
	size_t *n = calloc(compare_nr_metrics, sizeof(*n));
	int ret = 0;

	for (size_t p = 0; v && n && !ret && p < o->nr_policies; p++) {
		memset(n, 0, compare_nr_metrics * sizeof(*n));
		for (size_t s = 0; !ret && s < nr_slots; s++) {
			char run[256];
			json_t *root;

			compare_run_name(o, p, s, run, sizeof(run));
			root = load_results(stage, run, err, errlen);
			if (!root) {
				ret = -1;
				break;
			}
			for (size_t m = 0; m < compare_nr_metrics; m++)
				if (compare_json_number(root, compare_metrics[m].path,
						     &v[m * nr_slots + n[m]]))
					n[m]++;
			json_decref(root);
		}
		for (size_t m = 0; !ret && m < compare_nr_metrics; m++)
			spread(&v[m * nr_slots], n[m], cell_at(t, m, p));
	}
	if (!v || !n) {
		snprintf(err, errlen, "numasim: out of memory");
		ret = -1;
	}
	free(v);
	free(n);
	for (size_t m = 0; !ret && m < compare_nr_metrics; m++)
		for (size_t p = 0; p < o->nr_policies; p++)
			against(cell_at(t, m, p), cell_at(t, m, 0), compare_metrics[m].better, !p);
	return ret;
}

/* ---- the tables ---- */

static const char *better_name(enum compare_better b)
{
	return b == BETTER_HIGHER ? "higher" : "lower";
}

/* A number as the tables print it: integers whole, the rest to 6 digits. */
void compare_fmt_num(char *buf, size_t len, double v, bool sign)
{
	if (v == 0)
		snprintf(buf, len, "0");
	else if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, len, sign ? "%+.0f" : "%.0f", v);
	else
		snprintf(buf, len, sign ? "%+.6g" : "%.6g", v);
}

/* A table cell's text, cut at the cell's size on purpose (long labels). */
__attribute__((format(printf, 3, 4)))
static void cell_text(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* A policy's value: the median, and with several seeds its range. */
static void fmt_value(char *buf, size_t len, const struct cell *c, bool seeds)
{
	char med[32], lo[32], hi[32];

	if (!c->n) {
		snprintf(buf, len, "-");
		return;
	}
	compare_fmt_num(med, sizeof(med), c->median, false);
	compare_fmt_num(lo, sizeof(lo), c->min, false);
	compare_fmt_num(hi, sizeof(hi), c->max, false);
	if (seeds)
		cell_text(buf, len, "%s [%s..%s]", med, lo, hi);
	else
		snprintf(buf, len, "%s", med);
}

/* Its difference to the first policy: "+7 (+5.7%) better". */
static void fmt_diff(char *buf, size_t len, const struct cell *c, bool seeds)
{
	char d[32], rel[32] = "";

	if (!c->has_diff) {
		snprintf(buf, len, "-");
		return;
	}
	compare_fmt_num(d, sizeof(d), c->diff, true);
	if (c->has_rel)
		snprintf(rel, sizeof(rel), " (%+.1f%%)", c->rel_pct);
	snprintf(buf, len, "%s%s %s%s", d, rel, c->direction,
		 seeds && c->overlaps && c->diff != 0 ? " (spreads overlap)" : "");
}

#define CELL_LEN	96

/* The side-by-side grid: a header row, then a row per metric. */
struct grid {
	size_t rows, cols;
	char (*text)[CELL_LEN];
};

static char *grid_at(struct grid *g, size_t row, size_t col)
{
	return g->text[row * g->cols + col];
}

static int grid_fill(const struct compare_opts *o, const struct table *t, struct grid *g)
{
	bool seeds = o->nr_seeds > 1;

	g->rows = compare_nr_metrics + 1;
	g->cols = 2 * o->nr_policies + 1;
	g->text = calloc(g->rows * g->cols, sizeof(*g->text));
	if (!g->text)
		return -1;
	snprintf(grid_at(g, 0, 0), CELL_LEN, "metric");
	snprintf(grid_at(g, 0, 1), CELL_LEN, "better");
	for (size_t p = 0; p < o->nr_policies; p++) {
		size_t col = p ? 2 * p + 1 : 2;

		snprintf(grid_at(g, 0, col), CELL_LEN, "%s", o->policies[p].label);
		if (p)
			cell_text(grid_at(g, 0, col + 1), CELL_LEN, "vs %s", o->policies[0].label);
	}
	for (size_t m = 0; m < compare_nr_metrics; m++) {
		snprintf(grid_at(g, m + 1, 0), CELL_LEN, "%s", compare_metrics[m].name);
		snprintf(grid_at(g, m + 1, 1), CELL_LEN, "%s", better_name(compare_metrics[m].better));
		for (size_t p = 0; p < o->nr_policies; p++) {
			size_t col = p ? 2 * p + 1 : 2;

			fmt_value(grid_at(g, m + 1, col), CELL_LEN, cell_at(t, m, p), seeds);
			if (p)
				fmt_diff(grid_at(g, m + 1, col + 1), CELL_LEN, cell_at(t, m, p), seeds);
		}
	}
	return 0;
}

/* The grid in aligned columns (markdown: as a pipe table). */
static void grid_print(FILE *f, struct grid *g, bool markdown)
{
	size_t width[2 * COMPARE_MAX_POLICIES + 1] = { 0 };

	for (size_t r = 0; r < g->rows; r++)
		for (size_t c = 0; c < g->cols; c++)
			if (strlen(grid_at(g, r, c)) > width[c])
				width[c] = strlen(grid_at(g, r, c));
	for (size_t r = 0; r < g->rows; r++) {
		for (size_t c = 0; c < g->cols; c++)
			fprintf(f, markdown ? "| %-*s " : c ? "  %-*s" : "%-*s",
				markdown || c + 1 < g->cols ? (int)width[c] : 0, grid_at(g, r, c));
		fputs(markdown ? "|\n" : "\n", f);
		for (size_t c = 0; markdown && !r && c < g->cols; c++)
			fprintf(f, "|%.*s%s", (int)width[c] + 2,
				"--------------------------------------------------------------"
				"--------------------------------------", c + 1 == g->cols ? "|\n" : "");
	}
}

static json_t *json_opt(bool present, double v)
{
	return present ? json_real(v) : json_null();
}

static json_t *cell_json(const char *label, const struct cell *c)
{
	return json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:b}", "policy", label,
			 "runs_with_value", (json_int_t)c->n, "min", json_opt(c->n, c->min),
			 "median", json_opt(c->n, c->median), "max", json_opt(c->n, c->max),
			 "diff", json_opt(c->has_diff, c->diff),
			 "relative_pct", json_opt(c->has_rel, c->rel_pct),
			 "direction", c->direction, "spreads_overlap", c->overlaps);
}

static json_t *compare_json(const struct compare_opts *o, const struct table *t)
{
	json_t *seeds = json_array(), *policies = json_array(), *metrics = json_array();

	for (size_t s = 0; s < o->nr_seeds; s++)
		json_array_append_new(seeds, json_integer((json_int_t)o->seeds[s]));
	for (size_t p = 0; p < o->nr_policies; p++) {
		json_t *runs = json_array();

		for (size_t s = 0; s < (o->nr_seeds ? o->nr_seeds : 1); s++) {
			char run[256];

			compare_run_name(o, p, s, run, sizeof(run));
			json_array_append_new(runs, json_string(run));
		}
		json_array_append_new(policies, json_pack("{s:s, s:s, s:s, s:o}", "label",
			o->policies[p].label, "kind", o->policies[p].is_file ? "config" : "profile",
			"policy", o->policies[p].arg, "runs", runs));
	}
	for (size_t m = 0; m < compare_nr_metrics; m++) {
		json_t *cells = json_array();

		for (size_t p = 0; p < o->nr_policies; p++)
			json_array_append_new(cells, cell_json(o->policies[p].label, cell_at(t, m, p)));
		json_array_append_new(metrics, json_pack("{s:s, s:s, s:s, s:o}", "name",
			compare_metrics[m].name, "source", compare_metrics[m].path, "better",
			better_name(compare_metrics[m].better), "policies", cells));
	}
	return json_pack("{s:s, s:o, s:o, s:s, s:o, s:o}", "trace", o->trace,
			 "config", o->config ? json_string(o->config) : json_null(),
			 "seeds", seeds, "baseline", o->policies[0].label,
			 "policies", policies, "metrics", metrics);
}

static void csv_num(FILE *f, bool present, double v)
{
	char buf[32] = "";

	if (present)
		compare_fmt_num(buf, sizeof(buf), v, false);
	fprintf(f, ",%s", buf);
}

static void write_csv(FILE *f, const struct compare_opts *o, const struct table *t)
{
	fputs("metric,better,policy,runs_with_value,min,median,max,diff,relative_pct,"
	      "direction\n", f);
	for (size_t m = 0; m < compare_nr_metrics; m++)
		for (size_t p = 0; p < o->nr_policies; p++) {
			const struct cell *c = cell_at(t, m, p);

			fprintf(f, "%s,%s,%s,%zu", compare_metrics[m].name,
				better_name(compare_metrics[m].better), o->policies[p].label, c->n);
			csv_num(f, c->n, c->min);
			csv_num(f, c->n, c->median);
			csv_num(f, c->n, c->max);
			csv_num(f, c->has_diff, c->diff);
			if (c->has_rel)
				fprintf(f, ",%.2f", c->rel_pct);
			else
				fputc(',', f);
			fprintf(f, ",%s\n", c->direction);
		}
}

static void write_md(FILE *f, const struct compare_opts *o, struct grid *g)
{
	fprintf(f, "# numasim compare\n\nTrace `%s`", o->trace);
	if (o->config)
		fprintf(f, ", config `%s`", o->config);
	if (o->nr_seeds)
		fprintf(f, ", seeds %llu..%llu (%zu; cells: median [min..max])",
			(unsigned long long)o->seeds[0],
			(unsigned long long)o->seeds[o->nr_seeds - 1], o->nr_seeds);
	fprintf(f, "; differences are medians against `%s`.\n\n", o->policies[0].label);
	grid_print(f, g, true);
}

/* One staged file of the comparison, written by fn. */
static int write_file(struct output *out, const char *name, void (*fn)(FILE *, void *),
		      void *ctx, char *err, size_t errlen)
{
	FILE *f = output_create(out, name, err, errlen);

	if (!f)
		return -1;
	fn(f, ctx);
	return output_fclose(f, name, err, errlen);
}

struct write_ctx {
	const struct compare_opts *o;
	const struct table *t;
	struct grid *g;
	json_t *json;
};

static void json_fn(FILE *f, void *ctx)
{
	json_dumpf(((struct write_ctx *)ctx)->json, f, JSON_FLAGS);
	fputc('\n', f);
}

static void csv_fn(FILE *f, void *ctx)
{
	write_csv(f, ((struct write_ctx *)ctx)->o, ((struct write_ctx *)ctx)->t);
}

static void md_fn(FILE *f, void *ctx)
{
	write_md(f, ((struct write_ctx *)ctx)->o, ((struct write_ctx *)ctx)->g);
}

/* The table for standard output, as a string. */
static char *grid_text(struct grid *g)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	grid_print(f, g, false);
	fclose(f);
	return buf;
}

int compare_report(const struct compare_opts *o, const char *stage, struct output *out,
		   char **table, char *err, size_t errlen)
{
	struct table t = { .nr_policies = o->nr_policies };
	struct grid g = { 0 };
	struct write_ctx ctx = { o, &t, &g, NULL };
	int ret = -1;

	t.cells = calloc(compare_nr_metrics * o->nr_policies, sizeof(*t.cells));
	if (!t.cells || read_runs(o, stage, &t, err, errlen) || grid_fill(o, &t, &g))
		goto out;
	ctx.json = compare_json(o, &t);
	if (write_file(out, "compare.json", json_fn, &ctx, err, errlen) == 0 &&
	    write_file(out, "compare.csv", csv_fn, &ctx, err, errlen) == 0 &&
	    write_file(out, "compare.md", md_fn, &ctx, err, errlen) == 0)
		ret = (*table = grid_text(&g)) ? 0 : -1;
out:
	if (ret && !err[0])
		snprintf(err, errlen, "numasim: out of memory");
	json_decref(ctx.json);
	free(g.text);
	free(t.cells);
	return ret;
}
