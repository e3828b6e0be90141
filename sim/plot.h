/*
 * sim/plot.h - `numasim plot` and `--plot`: pictures of a run's or a
 * compare's output drawn by gnuplot, each as OUTDIR/plots/NAME.png and
 * NAME.svg (docs/cli.md, "numasim plot").  sim/plot.c finds the runs and
 * renders; each kind of picture has a file of its own: sim/plot_series.c
 * (the time series), sim/plot_map.c (the physical memory map of each
 * snapshot), sim/plot_heatmap.c (the fallback matrix).
 *
 * No kernel counterpart.
 */
#ifndef SIM_PLOT_H
#define SIM_PLOT_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

/* The pictures' default size in pixels (PNG) and points (SVG). */
#define PLOT_WIDTH		800
#define PLOT_HEIGHT		500

/* One run whose outputs are drawn: a run's OUTDIR, or a folder of a compare's. */
struct plot_run {
	char title[256];	/* the folder's name */
	char dir[PATH_MAX];
};

struct plot {
	const char *outdir;
	struct plot_run *runs;
	size_t nr_runs;
	bool compare;		/* OUTDIR is a compare's: picture names carry the run's */
	const char *png_terminal;	/* "pngcairo", or "png" where cairo is missing */
	size_t drawn;		/* pictures drawn so far (each in both formats) */
};

/*
 * Draw OUTDIR's pictures (a run's or a compare's output) as `numasim plot
 * OUTDIR` does: an exit status, 0 with a note on standard error when
 * gnuplot is not installed.  Unless quiet, the line saying how many
 * pictures were drawn goes to say.
 */
int plot_outdir(const char *outdir, bool quiet, FILE *say);

/*
 * The same pictures of the runs in the folders runs[0..nr) below outdir
 * (each titled by its folder's name), into outdir/plots/: an exit status.
 * At most COMPARE_MAX_POLICIES x COMPARE_MAX_SEEDS runs.
 */
int plot_runs(const char *outdir, const char *const *runs, size_t nr, bool quiet);

/*
 * Render the gnuplot commands body (everything after the terminal and
 * output) into OUTDIR/plots/NAME.png and NAME.svg of width x height:
 * each written to a hidden file and renamed once gnuplot succeeded.
 * Returns 0, or an exit status with the message printed.
 */
int plot_render(struct plot *p, const char *name, int width, int height, const char *body,
		size_t len);

/* text in gnuplot's single quotes (a quote doubled). */
void plot_quoted(FILE *f, const char *text);

/*
 * Run r's results.json, or NULL: *ret is EXIT_OK when the run has none
 * (nothing to draw from), an exit status (message printed) when it
 * cannot be read.
 */
struct json_t;
struct json_t *plot_run_results(const struct plot_run *r, int *ret);

/* Each kind of picture, for every run p holds: 0 or an exit status (message printed). */
int plot_series_draw(struct plot *p);
int plot_maps_draw(struct plot *p);
int plot_heatmaps_draw(struct plot *p);

/* The picture name for run r: base alone for a run's OUTDIR, "base-RUN" for a compare's. */
void plot_run_name(const struct plot *p, const struct plot_run *r, const char *base, char *buf,
		   size_t len);

#endif /* SIM_PLOT_H */
