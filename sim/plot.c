/*
 * sim/plot.c - `numasim plot OUTDIR`: pictures of a run's or a
 * comparison's time series, drawn by gnuplot (docs/cli.md, "numasim plot").
 *
 * OUTDIR is a run's output (its timeseries.csv is one series) or a
 * compare's (compare.json names the runs; each run is one series, titled
 * by its folder).  Each picture is one gnuplot script fed to `gnuplot` on
 * its standard input; the columns are found by name in each
 * timeseries.csv's header, so a file without a column (an older run's)
 * simply lacks that line.  Pictures go to OUTDIR/plots/NAME.png, each
 * written to a hidden file and renamed over the old one when gnuplot
 * succeeded.
 *
 * Without gnuplot on PATH there is nothing to draw with: a note on
 * standard error and exit status 0, so a script that plots whenever it
 * can does not fail where gnuplot is not installed.
 *
 * No kernel counterpart.
 */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/compare.h"
#include "sim/gen_main.h"
#include "sim/message.h"

#define PLOT_MAX_SERIES		(COMPARE_MAX_POLICIES * COMPARE_MAX_SEEDS)
#define PLOT_MAX_COLUMNS	128
#define PLOT_WIDTH		800
#define PLOT_HEIGHT		500

const char plot_help[] =
	"Draw OUTDIR's time series with gnuplot into OUTDIR/plots/*.png: OUTDIR is a\n"
	"run's output (timeseries.csv) or a compare's (compare.json: one line per run).\n"
	"Without gnuplot, say so and draw nothing (exit 0).\n"
	"\n"
	"  -q, --quiet            print nothing on success\n"
	"  -h, --help             show this help\n";

/* One series: a run's timeseries.csv and the names of its columns. */
struct series {
	char title[256];
	char csv[PATH_MAX];
	char *columns[PLOT_MAX_COLUMNS];
	size_t nr_columns;
	char *header;
};

struct plot {
	const char *outdir;
	struct series *series;
	size_t nr_series;
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

static struct series *add_series(struct plot *p, const char *title, const char *dir)
{
	struct series *s;

	if (p->nr_series == PLOT_MAX_SERIES)
		return NULL;
	s = &p->series[p->nr_series++];
	snprintf(s->title, sizeof(s->title), "%s", title);
	snprintf(s->csv, sizeof(s->csv), "%s/timeseries.csv", dir);
	return read_header(s) ? s : NULL;
}

/* The series of a compare's OUTDIR: every run compare.json lists. */
static int compare_series(struct plot *p, const char *json_path)
{
	char msg[PATH_MAX + 256], dir[PATH_MAX];
	json_error_t e;
	json_t *root = json_load_file(json_path, 0, &e), *policy, *run;
	size_t i, k;

	if (!root) {
		snprintf(msg, sizeof(msg), "%s:%d: %s", json_path, e.line, e.text);
		return sim_fail(EXIT_BAD_INPUT, msg);
	}
	json_array_foreach(json_object_get(root, "policies"), i, policy)
		json_array_foreach(json_object_get(policy, "runs"), k, run) {
			snprintf(dir, sizeof(dir), "%s/%s", p->outdir, json_string_value(run));
			if (!json_is_string(run) || !add_series(p, json_string_value(run), dir)) {
				json_decref(root);
				return EXIT_BAD_INPUT;
			}
		}
	json_decref(root);
	if (p->nr_series)
		return EXIT_OK;
	snprintf(msg, sizeof(msg), "%s: no runs in it", json_path);
	return sim_fail(EXIT_BAD_INPUT, msg);
}

/* Which series OUTDIR holds: a compare's runs, or the run itself. */
static int find_series(struct plot *p)
{
	char path[PATH_MAX], msg[PATH_MAX + 128];
	const char *base = strrchr(p->outdir, '/');

	snprintf(path, sizeof(path), "%s/compare.json", p->outdir);
	if (access(path, F_OK) == 0)
		return compare_series(p, path);
	snprintf(path, sizeof(path), "%s/timeseries.csv", p->outdir);
	if (access(path, F_OK) == 0)
		return add_series(p, base && base[1] ? base + 1 : p->outdir, p->outdir) ?
		       EXIT_OK : EXIT_BAD_INPUT;
	snprintf(msg, sizeof(msg), "numasim: plot: %s: neither a run's output (timeseries.csv) "
		 "nor a compare's (compare.json)", p->outdir);
	return sim_fail(EXIT_BAD_INPUT, msg);
}

/* ---- the pictures ---- */

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

/* A string in gnuplot's single quotes (a quote is doubled). */
static void quoted(FILE *f, const char *text)
{
	fputc('\'', f);
	for (const char *c = text; *c; c++)
		fputs(*c == '\'' ? "''" : (char[]){ *c, 0 }, f);
	fputc('\'', f);
}

/* One plot clause: FILE using 1:EXPR with lines title TITLE. */
static void clause(FILE *f, const struct series *s, bool *first, const char *expr,
		   const char *title)
{
	fputs(*first ? "plot " : ", \\\n     ", f);
	*first = false;
	quoted(f, s->csv);
	fprintf(f, " using 1:%s skip 1 with linespoints lw 2 pt 7 ps 0.4 title ", expr);
	quoted(f, title);
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

/* ---- drawing ---- */

/* Is there a gnuplot on PATH? */
static bool have_gnuplot(void)
{
	const char *path = getenv("PATH");
	char dir[PATH_MAX];

	for (const char *p = path ? path : ""; *p;) {
		size_t len = strcspn(p, ":");

		snprintf(dir, sizeof(dir), "%.*s/gnuplot", (int)len, len ? p : ".");
		if (access(dir, X_OK) == 0)
			return true;
		p += len + (p[len] == ':');
	}
	return false;
}

/* The script of picture pic into output; false if no series has its columns. */
static bool write_script(FILE *f, const struct plot *p, const struct picture *pic,
			 const char *output)
{
	bool first = true;

	fprintf(f, "set terminal pngcairo size %d,%d noenhanced\nset output ", PLOT_WIDTH,
		PLOT_HEIGHT);
	quoted(f, output);
	fputs("\nset datafile separator ','\nset grid\nset key outside right top\nset title ", f);
	quoted(f, pic->title);
	fputs("\nset xlabel 'events'\nset ylabel ", f);
	quoted(f, pic->ylabel);
	fputc('\n', f);
	current = pic;
	for (size_t i = 0; i < p->nr_series; i++)
		pic->lines(f, &p->series[i], &first);
	fputc('\n', f);
	return !first;
}

/* Copy what gnuplot said (its warnings, its error) to standard error. */
static void relay(FILE *said)
{
	char buf[4096];
	size_t len;

	rewind(said);
	while ((len = fread(buf, 1, sizeof(buf), said)) > 0)
		fwrite(buf, 1, len, stderr);
}

/*
 * Run gnuplot on the script text; its exit status.  What it says goes to
 * standard error only when it fails: its warnings about a series of one
 * row (an empty x range) are noise.
 */
static int gnuplot(const char *script, size_t len)
{
	FILE *said = tmpfile();
	int fds[2], status = 0;
	pid_t pid;

	if (!said || pipe(fds) != 0) {
		if (said)
			fclose(said);
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		if (dup2(fds[0], STDIN_FILENO) < 0 || dup2(fileno(said), STDERR_FILENO) < 0)
			_exit(127);
		execlp("gnuplot", "gnuplot", (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	if (pid > 0 && write(fds[1], script, len) != (ssize_t)len)
		kill(pid, SIGTERM);
	close(fds[1]);
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	status = pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (status != 0)
		relay(said);
	fclose(said);
	return status;
}

/* Draw pic into OUTDIR/plots/NAME.png; 1 if drawn, 0 if nothing to draw, -1 on failure. */
static int draw(const struct plot *p, const struct picture *pic)
{
	char tmp[PATH_MAX], final[PATH_MAX], *script = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&script, &len);
	bool any;
	int ret;

	if (!f)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s/plots/.%s.png.numasim-tmp", p->outdir, pic->name);
	snprintf(final, sizeof(final), "%s/plots/%s.png", p->outdir, pic->name);
	any = write_script(f, p, pic, tmp);
	fclose(f);
	ret = any ? gnuplot(script, len) : 0;
	free(script);
	if (!any)
		return 0;
	if (ret == 0 && rename(tmp, final) == 0)
		return 1;
	unlink(tmp);
	return -1;
}

static int draw_all(const struct plot *p, bool quiet)
{
	char path[PATH_MAX], msg[PATH_MAX + 128];
	size_t drawn = 0;

	snprintf(path, sizeof(path), "%s/plots", p->outdir);
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		snprintf(msg, sizeof(msg), "numasim: %s: %s", path, strerror(errno));
		return sim_fail(EXIT_HOST, msg);
	}
	for (size_t i = 0; i < sizeof(pictures) / sizeof(pictures[0]); i++) {
		int ret = draw(p, &pictures[i]);

		if (ret < 0) {
			snprintf(msg, sizeof(msg), "numasim: plot: gnuplot failed to draw %s/%s.png",
				 path, pictures[i].name);
			return sim_fail(EXIT_HOST, msg);
		}
		drawn += (size_t)ret;
	}
	if (!quiet)
		printf("wrote %zu pictures into %s/\n", drawn, path);
	return EXIT_OK;
}

static int plot_series(struct plot *p, const char *const *runs, size_t nr, bool quiet);

int cmd_plot(int argc, char **argv)
{
	struct plot p = { 0 };
	bool quiet = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: numasim plot [-q] OUTDIR\n\n%s", plot_help);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
			quiet = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error("unknown option '%s'", argv[i]);
		} else if (p.outdir) {
			return usage_error("plot: too many arguments ('%s')", argv[i]);
		} else {
			p.outdir = argv[i];
		}
	}
	if (!p.outdir)
		return usage_error("plot: missing OUTDIR (a run's or a compare's output)");
	return plot_series(&p, NULL, 0, quiet);
}

/* Draw runs[] (folders below p->outdir) or, with none, what find_series() finds. */
static int plot_series(struct plot *p, const char *const *runs, size_t nr, bool quiet)
{
	char dir[PATH_MAX];
	int ret = EXIT_OK;

	p->series = calloc(PLOT_MAX_SERIES, sizeof(*p->series));
	if (!p->series)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	for (size_t i = 0; i < nr && ret == EXIT_OK; i++) {
		const char *title = strrchr(runs[i], '/');

		snprintf(dir, sizeof(dir), "%s/%s", p->outdir, runs[i]);
		if (!add_series(p, title ? title + 1 : runs[i], dir))
			ret = EXIT_BAD_INPUT;
	}
	if (!nr)
		ret = find_series(p);
	if (ret == EXIT_OK && !have_gnuplot())
		fprintf(stderr, "numasim: plot: gnuplot is not installed (Debian: gnuplot-nox); "
			"no pictures drawn\n");
	else if (ret == EXIT_OK)
		ret = draw_all(p, quiet);
	for (size_t i = 0; i < p->nr_series; i++)
		free(p->series[i].header);
	free(p->series);
	return ret;
}

int plot_runs(const char *outdir, const char *const *runs, size_t nr, bool quiet)
{
	struct plot p = { .outdir = outdir };

	return nr ? plot_series(&p, runs, nr, quiet) : EXIT_OK;
}
