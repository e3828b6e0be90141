/*
 * sim/plot_series.c - the time series pictures of `numasim plot`
 * (docs/cli.md): one picture per quantity, a line per run (per node, per
 * order where the quantity has several), read from each run's
 * timeseries.csv.
 *
 * The columns are found by name in each file's header, so a file without
 * a column (an older run's) simply lacks that line, and a picture no run
 * has the columns of is not drawn.  A run without timeseries.csv
 * (--sample-every 0) has no line.
 *
 * No kernel counterpart.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/message.h"
#include "sim/plot.h"

#define PLOT_MAX_COLUMNS	128

/* One series: a run's timeseries.csv and the names of its columns. */
struct series {
	char title[256];
	char csv[PATH_MAX + 32];
	char *columns[PLOT_MAX_COLUMNS];
	size_t nr_columns;
	char *header;
};

/* The 1-based gnuplot column of name in s, or 0. */
static size_t column(const struct series *s, const char *name)
{
	for (size_t i = 0; i < s->nr_columns; i++)
		if (!strcmp(s->columns[i], name))
			return i + 1;
	return 0;
}

/* Read the header of s->csv; false (with a message printed) if it cannot be read. */
static bool read_header(struct series *s)
{
	char line[8192], msg[PATH_MAX + 64], *save = NULL;
	FILE *f = fopen(s->csv, "r");

	if (!f || !fgets(line, sizeof(line), f)) {
		snprintf(msg, sizeof(msg), "%s: cannot read: %s", s->csv,
			 f ? "empty" : strerror(errno));
		if (f)
			fclose(f);
		sim_fail(EXIT_BAD_INPUT, msg);
		return false;
	}
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	s->header = strdup(line);
	for (char *c = s->header ? strtok_r(s->header, ",", &save) : NULL;
	     c && s->nr_columns < PLOT_MAX_COLUMNS; c = strtok_r(NULL, ",", &save))
		s->columns[s->nr_columns++] = c;
	return s->header != NULL;
}

/*
 * A picture: its file name, title and y label, and how one series draws
 * into it (its plot clauses, comma-separated, "" when it lacks the
 * columns).
 */
struct picture {
	const char *name, *title, *ylabel;
	void (*lines)(FILE *f, const struct series *s, bool *first);
	const char *column;		/* for the one-column pictures */
};

/* One plot clause: FILE using 1:EXPR with lines title TITLE. */
static void clause(FILE *f, const struct series *s, bool *first, const char *expr,
		   const char *title)
{
	fputs(*first ? "plot " : ", \\\n     ", f);
	*first = false;
	plot_quoted(f, s->csv);
	fprintf(f, " using 1:%s skip 1 with linespoints lw 2 pt 7 ps 0.4 title ", expr);
	plot_quoted(f, title);
}

static const struct picture *current;

static void one_column(FILE *f, const struct series *s, bool *first)
{
	char expr[32];
	size_t c = column(s, current->column);

	if (!c)
		return;
	snprintf(expr, sizeof(expr), "%zu", c);
	clause(f, s, first, expr, s->title);
}

/* Every node's score: a line per node (titled by the node when there are several). */
static void node_scores(FILE *f, const struct series *s, bool *first)
{
	static const char prefix[] = "fragmentation_score_node";
	char expr[32], title[300];
	size_t nodes = 0;

	for (size_t i = 0; i < s->nr_columns; i++)
		nodes += !strncmp(s->columns[i], prefix, strlen(prefix));
	for (size_t i = 0; i < s->nr_columns; i++) {
		if (strncmp(s->columns[i], prefix, strlen(prefix)))
			continue;
		snprintf(expr, sizeof(expr), "%zu", i + 1);
		snprintf(title, sizeof(title), nodes > 1 ? "%s node %s" : "%s", s->title,
			 s->columns[i] + strlen(prefix));
		clause(f, s, first, expr, title);
	}
}

/* The value of the 1-based column c in the last row of s (0 if none). */
static double last_value(const struct series *s, size_t c)
{
	char line[8192], last[8192] = "", *save = NULL, *field;
	FILE *f = fopen(s->csv, "r");

	while (f && fgets(line, sizeof(line), f))
		memcpy(last, line, sizeof(last));
	if (f)
		fclose(f);
	field = strtok_r(last, ",", &save);
	for (size_t i = 1; field && i < c; i++)
		field = strtok_r(NULL, ",", &save);
	return field ? strtod(field, NULL) : 0;
}

/*
 * THP fault coverage so far: alloc / (alloc + fallback), undefined before
 * the first THP fault; a run without any has no line (gnuplot refuses a
 * plot whose points are all undefined).
 */
static void thp_coverage(FILE *f, const struct series *s, bool *first)
{
	size_t a = column(s, "thp_fault_alloc"), b = column(s, "thp_fault_fallback");
	char expr[160];

	if (!a || !b || last_value(s, a) + last_value(s, b) == 0)
		return;
	snprintf(expr, sizeof(expr), "(($%zu + $%zu) > 0 ? $%zu / ($%zu + $%zu) : 1/0)", a, b, a,
		 a, b);
	clause(f, s, first, expr, s->title);
}

/* Pages both compaction scanners examined so far. */
static void compact_scans(FILE *f, const struct series *s, bool *first)
{
	size_t a = column(s, "compact_migrate_scanned"), b = column(s, "compact_free_scanned");
	char expr[48];

	if (!a || !b)
		return;
	snprintf(expr, sizeof(expr), "($%zu + $%zu)", a, b);
	clause(f, s, first, expr, s->title);
}

/* Free pages in blocks of each order (blocks x 2^order): a line per order, per series. */
static void free_by_order(FILE *f, const struct series *s, bool *first)
{
	char name[32], expr[48], title[300];

	for (unsigned int order = 0; order < 11; order++) {
		size_t c;

		snprintf(name, sizeof(name), "free_blocks_o%u", order);
		c = column(s, name);
		if (!c)
			continue;
		snprintf(expr, sizeof(expr), "($%zu * %u)", c, 1u << order);
		snprintf(title, sizeof(title), "%s order %u", s->title, order);
		clause(f, s, first, expr, title);
	}
}

static const struct picture pictures[] = {
	{ "free_huge_blocks", "Free huge blocks (pageblock order)", "pageblocks", one_column,
	  "free_huge_blocks" },
	{ "unusable_index", "Unusable free space index at pageblock order", "index",
	  one_column, "unusable_index_pb" },
	{ "fragmentation_score", "Proactive fragmentation score", "score (0..100)",
	  node_scores, NULL },
	{ "mixed_pageblocks", "Mixed pageblocks", "pageblocks", one_column, "mixed_pageblocks" },
	{ "thp_coverage", "THP fault coverage so far", "thp_fault_alloc / THP faults",
	  thp_coverage, NULL },
	{ "compaction_scanned", "Pages scanned by compaction so far", "pages", compact_scans,
	  NULL },
	{ "free_pages_by_order", "Free pages by order", "pages", free_by_order, NULL },
};

/*
 * The gnuplot commands of picture pic over the n series; false if no
 * series has its columns.
 */
static bool write_body(FILE *f, const struct series *series, size_t n, const struct picture *pic)
{
	bool first = true;

	fputs("set datafile separator ','\nset grid\nset key outside right top\nset title ", f);
	plot_quoted(f, pic->title);
	fputs("\nset xlabel 'events'\nset ylabel ", f);
	plot_quoted(f, pic->ylabel);
	fputc('\n', f);
	current = pic;
	for (size_t i = 0; i < n; i++)
		pic->lines(f, &series[i], &first);
	fputc('\n', f);
	return !first;
}

/* Draw pic over the n series, if any has its columns: 0 or an exit status. */
static int draw(struct plot *p, const struct series *series, size_t n,
		const struct picture *pic)
{
	char *body = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&body, &len);
	bool any;
	int ret;

	if (!f)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	any = write_body(f, series, n, pic);
	fclose(f);
	ret = any ? plot_render(p, pic->name, PLOT_WIDTH, PLOT_HEIGHT, body, len) : EXIT_OK;
	free(body);
	return ret;
}

int plot_series_draw(struct plot *p)
{
	struct series *series = calloc(p->nr_runs ? p->nr_runs : 1, sizeof(*series));
	size_t n = 0;
	int ret = EXIT_OK;

	if (!series)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	for (size_t i = 0; i < p->nr_runs && ret == EXIT_OK; i++) {
		struct series *s = &series[n];

		snprintf(s->title, sizeof(s->title), "%s", p->runs[i].title);
		snprintf(s->csv, sizeof(s->csv), "%s/timeseries.csv", p->runs[i].dir);
		if (access(s->csv, F_OK) != 0)
			continue;
		n++;
		if (!read_header(s))
			ret = EXIT_BAD_INPUT;
	}
	for (size_t i = 0; i < sizeof(pictures) / sizeof(pictures[0]) && ret == EXIT_OK && n; i++)
		ret = draw(p, series, n, &pictures[i]);
	for (size_t i = 0; i < n; i++)
		free(series[i].header);
	free(series);
	return ret;
}
