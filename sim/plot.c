/*
 * sim/plot.c - `numasim plot OUTDIR` and the `--plot` of run and compare:
 * pictures of a run's or a comparison's outputs, drawn by gnuplot
 * (docs/cli.md, "numasim plot").
 *
 * OUTDIR is a run's output (results.json or timeseries.csv) or a
 * compare's (compare.json names the runs, each a run's output titled by
 * its folder).  The kinds of pictures live in files of their own (see
 * sim/plot.h); this file finds the runs, and renders each picture: one
 * gnuplot process is fed the picture's commands twice on its standard
 * input, once for the PNG terminal and once for the SVG one, and each
 * file is written to a hidden name and renamed over the old one when
 * gnuplot succeeded, so a picture is never left half drawn.
 *
 * Without gnuplot on PATH there is nothing to draw with: a note on
 * standard error and exit status 0, so a script that plots whenever it
 * can does not fail where gnuplot is not installed.
 *
 * No kernel counterpart.
 */
#include "sim/plot.h"

#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/compare.h"
#include "sim/gen_main.h"
#include "sim/message.h"

#define PLOT_MAX_RUNS		(COMPARE_MAX_POLICIES * COMPARE_MAX_SEEDS)

const char plot_help[] =
	"Draw OUTDIR's pictures with gnuplot into OUTDIR/plots/NAME.png and NAME.svg:\n"
	"the time series (timeseries.csv), a memory map per snapshot, the fallback\n"
	"heatmap.  OUTDIR is a run's output or a compare's (compare.json: one line\n"
	"per run).  Without gnuplot, say so and draw nothing (exit 0).\n"
	"\n"
	"  -q, --quiet            print nothing on success\n"
	"  -h, --help             show this help\n";

/* ---- the runs ---- */

static int add_run(struct plot *p, const char *title, const char *dir)
{
	char path[PATH_MAX + 32], msg[PATH_MAX + 128];
	struct plot_run *r;

	if (p->nr_runs == PLOT_MAX_RUNS)
		return sim_fail(EXIT_BAD_INPUT, "numasim: plot: too many runs");
	snprintf(path, sizeof(path), "%s/results.json", dir);
	if (access(path, F_OK) != 0) {
		snprintf(path, sizeof(path), "%s/timeseries.csv", dir);
		if (access(path, F_OK) != 0) {
			snprintf(msg, sizeof(msg), "numasim: plot: %s: no run's output in it "
				 "(results.json, timeseries.csv)", dir);
			return sim_fail(EXIT_BAD_INPUT, msg);
		}
	}
	r = &p->runs[p->nr_runs++];
	snprintf(r->title, sizeof(r->title), "%s", title);
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	return EXIT_OK;
}

/* The runs of a compare's OUTDIR: every one compare.json lists. */
static int compare_runs(struct plot *p, const char *json_path)
{
	char msg[PATH_MAX + 256], dir[PATH_MAX];
	json_error_t e;
	json_t *root = json_load_file(json_path, 0, &e), *policy, *run;
	int ret = EXIT_OK;
	size_t i, k;

	if (!root) {
		snprintf(msg, sizeof(msg), "%s:%d: %s", json_path, e.line, e.text);
		return sim_fail(EXIT_BAD_INPUT, msg);
	}
	p->compare = true;
	json_array_foreach(json_object_get(root, "policies"), i, policy)
		json_array_foreach(json_object_get(policy, "runs"), k, run) {
			if (ret != EXIT_OK)
				break;
			if (!json_is_string(run) || strchr(json_string_value(run), '/')) {
				snprintf(msg, sizeof(msg), "%s: policies[%zu].runs[%zu]: not a "
					 "folder name", json_path, i, k);
				ret = sim_fail(EXIT_BAD_INPUT, msg);
				break;
			}
			snprintf(dir, sizeof(dir), "%s/%s", p->outdir, json_string_value(run));
			ret = add_run(p, json_string_value(run), dir);
		}
	json_decref(root);
	if (ret != EXIT_OK || p->nr_runs)
		return ret;
	snprintf(msg, sizeof(msg), "%s: no runs in it", json_path);
	return sim_fail(EXIT_BAD_INPUT, msg);
}

/* Which runs OUTDIR holds: a compare's, or the run itself. */
static int find_runs(struct plot *p)
{
	char path[PATH_MAX + 32], msg[PATH_MAX + 160];
	const char *base = strrchr(p->outdir, '/');
	struct stat st;

	snprintf(path, sizeof(path), "%s/compare.json", p->outdir);
	if (access(path, F_OK) == 0)
		return compare_runs(p, path);
	snprintf(path, sizeof(path), "%s/results.json", p->outdir);
	if (access(path, F_OK) != 0)
		snprintf(path, sizeof(path), "%s/timeseries.csv", p->outdir);
	if (access(path, F_OK) == 0)
		return add_run(p, base && base[1] ? base + 1 : p->outdir, p->outdir);
	if (stat(p->outdir, &st) != 0)
		snprintf(msg, sizeof(msg), "numasim: plot: %s: %s", p->outdir, strerror(errno));
	else
		snprintf(msg, sizeof(msg), "numasim: plot: %s: neither a run's output "
			 "(results.json, timeseries.csv) nor a compare's (compare.json)", p->outdir);
	return sim_fail(EXIT_BAD_INPUT, msg);
}

void plot_run_name(const struct plot *p, const struct plot_run *r, const char *base, char *buf,
		   size_t len)
{
	if (p->compare)
		snprintf(buf, len, "%s-%s", base, r->title);
	else
		snprintf(buf, len, "%s", base);
}

struct json_t *plot_run_results(const struct plot_run *r, int *ret)
{
	char path[PATH_MAX + 32], msg[2 * PATH_MAX];
	json_error_t e;
	json_t *root;

	*ret = EXIT_OK;
	snprintf(path, sizeof(path), "%s/results.json", r->dir);
	if (access(path, F_OK) != 0)
		return NULL;
	root = json_load_file(path, 0, &e);
	if (root && json_is_object(root))
		return root;
	if (root)
		snprintf(msg, sizeof(msg), "%s: not a run's results (no object)", path);
	else
		snprintf(msg, sizeof(msg), "%s:%d: %s", path, e.line, e.text);
	json_decref(root);
	*ret = sim_fail(EXIT_BAD_INPUT, msg);
	return NULL;
}

/* ---- gnuplot ---- */

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
 * standard error only when it fails (and unless quiet): its warnings
 * about a series of one row (an empty x range) are noise.
 */
static int gnuplot(const char *script, size_t len, bool quiet)
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
	if (status != 0 && !quiet)
		relay(said);
	fclose(said);
	return status;
}

void plot_quoted(FILE *f, const char *text)
{
	fputc('\'', f);
	for (const char *c = text; *c; c++)
		fputs(*c == '\'' ? "''" : (char[]){ *c, 0 }, f);
	fputc('\'', f);
}

/* The PNG terminal this gnuplot has: pngcairo (antialiased), else libgd's png. */
static const char *png_terminal(void)
{
	static const char probe[] = "set terminal pngcairo\n";

	return gnuplot(probe, sizeof(probe) - 1, true) == 0 ? "pngcairo" : "png";
}

/* One format's terminal and hidden output, then the body. */
static void script_format(FILE *f, const char *terminal, int width, int height,
			  const char *tmp, const char *body, size_t len)
{
	fprintf(f, "reset\nset terminal %s size %d,%d noenhanced\nset output ", terminal, width,
		height);
	plot_quoted(f, tmp);
	fputc('\n', f);
	fwrite(body, 1, len, f);
	fputs("unset output\n", f);
}

int plot_render(struct plot *p, const char *name, int width, int height, const char *body,
		size_t len)
{
	static const char *const ext[] = { "png", "svg" };
	char tmp[2][PATH_MAX + 64], final[PATH_MAX + 64], msg[3 * PATH_MAX], *script = NULL;
	size_t script_len = 0;
	FILE *f = open_memstream(&script, &script_len);
	int ret;

	if (!f)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	for (int i = 0; i < 2; i++) {
		snprintf(tmp[i], sizeof(tmp[i]), "%s/plots/.%s.%s.numasim-tmp", p->outdir, name,
			 ext[i]);
		script_format(f, i ? "svg" : p->png_terminal, width, height, tmp[i], body, len);
	}
	fclose(f);
	ret = gnuplot(script, script_len, false);
	free(script);
	for (int i = 0; i < 2; i++) {
		snprintf(final, sizeof(final), "%s/plots/%s.%s", p->outdir, name, ext[i]);
		if (ret == 0 && rename(tmp[i], final) == 0)
			continue;
		ret = ret ? ret : -1;
		unlink(tmp[i]);
	}
	if (ret == 0) {
		p->drawn++;
		return EXIT_OK;
	}
	snprintf(msg, sizeof(msg), "numasim: plot: gnuplot failed to draw %s/plots/%s.png and .svg",
		 p->outdir, name);
	return sim_fail(EXIT_HOST, msg);
}

/* ---- the command ---- */

static int draw_all(struct plot *p, bool quiet, FILE *say)
{
	char path[PATH_MAX + 16], msg[PATH_MAX + 128];
	int ret;

	snprintf(path, sizeof(path), "%s/plots", p->outdir);
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		snprintf(msg, sizeof(msg), "numasim: %s: %s", path, strerror(errno));
		return sim_fail(EXIT_HOST, msg);
	}
	p->png_terminal = png_terminal();
	ret = plot_series_draw(p);
	if (ret == EXIT_OK)
		ret = plot_maps_draw(p);
	if (ret == EXIT_OK)
		ret = plot_heatmaps_draw(p);
	if (ret == EXIT_OK && !quiet)
		fprintf(say, "wrote %zu pictures (PNG and SVG) into %s/\n", p->drawn, path);
	return ret;
}

/*
 * Draw the runs[] (folders below outdir, each titled by its last part)
 * or, with none, the runs outdir holds (a run's or a compare's output).
 */
static int plot_some(const char *outdir, const char *const *runs, size_t nr, bool quiet,
		     FILE *say)
{
	struct plot p = { .outdir = outdir, .compare = nr > 0 };	/* a name per run */
	char dir[PATH_MAX];
	int ret = EXIT_OK;

	p.runs = calloc(PLOT_MAX_RUNS, sizeof(*p.runs));
	if (!p.runs)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	for (size_t i = 0; i < nr && ret == EXIT_OK; i++) {
		const char *title = strrchr(runs[i], '/');

		snprintf(dir, sizeof(dir), "%s/%s", outdir, runs[i]);
		ret = add_run(&p, title ? title + 1 : runs[i], dir);
	}
	if (!nr)
		ret = find_runs(&p);
	if (ret == EXIT_OK && !have_gnuplot())
		fprintf(stderr, "numasim: plot: gnuplot is not installed (Debian: gnuplot-nox); "
			"no pictures drawn\n");
	else if (ret == EXIT_OK)
		ret = draw_all(&p, quiet, say);
	free(p.runs);
	return ret;
}

int plot_outdir(const char *outdir, bool quiet, FILE *say)
{
	return plot_some(outdir, NULL, 0, quiet, say);
}

int cmd_plot(int argc, char **argv)
{
	const char *outdir = NULL;
	bool quiet = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: numasim plot [-q] OUTDIR\n\n%s", plot_help);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
			quiet = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error("unknown option '%s'", argv[i]);
		} else if (outdir) {
			return usage_error("plot: too many arguments ('%s')", argv[i]);
		} else {
			outdir = argv[i];
		}
	}
	if (!outdir)
		return usage_error("plot: missing OUTDIR (a run's or a compare's output)");
	return plot_outdir(outdir, quiet, stdout);
}

int plot_runs(const char *outdir, const char *const *runs, size_t nr, bool quiet)
{
	return nr ? plot_some(outdir, runs, nr, quiet, stdout) : EXIT_OK;
}
