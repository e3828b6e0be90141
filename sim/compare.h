/*
 * sim/compare.h - `numasim compare`: replay one workload under several
 * policies (kernel profiles, or config files applied over the base
 * config), one child process per run, a few at a time, then set the
 * runs' metrics side by side (docs/cli.md, "numasim compare").
 *
 * sim/compare.c (part of the program, not the library: it prints usage)
 * parses the command line, prepares the runs (the merged
 * configs, the generated traces) and runs them; sim/compare_report.c
 * reads each run's results.json and writes the tables.  The metrics, and
 * which way each is better, are one table: compare_metrics[].
 *
 * No kernel counterpart.
 */
#ifndef SIM_COMPARE_H
#define SIM_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

#include "sim/config.h"
#include "sim/output.h"

#define COMPARE_MAX_POLICIES	16
#define COMPARE_MAX_SEEDS	64
#define COMPARE_DEFAULT_OUTDIR	"numasim-compare"

/* Which way a metric is better. */
enum compare_better { BETTER_LOWER, BETTER_HIGHER };

/* One compared metric: its name, where results.json has it, its good direction. */
struct compare_metric {
	const char *name;
	const char *path;		/* dotted keys into results.json */
	enum compare_better better;
};

extern const struct compare_metric compare_metrics[];
extern const size_t compare_nr_metrics;

/* One policy: a kernel profile by name, or a config file applied over the base. */
struct compare_policy {
	const char *arg;		/* as given to -p */
	char label[128];		/* its runs' folder name: the profile, or the file's stem */
	bool is_file;
	char *config_json;		/* is_file: the merged config's text */
};

struct compare_opts {
	const char *trace;		/* a trace file or gen:KIND[:ARGS] */
	const char *config;		/* -c; NULL: the embedded default */
	const char *outdir;
	struct compare_policy policies[COMPARE_MAX_POLICIES];
	size_t nr_policies;
	uint64_t seeds[COMPARE_MAX_SEEDS];
	size_t nr_seeds;		/* 0: no --seeds */
	unsigned int jobs;		/* -j; 0: the online CPUs */
	const char *sample_every;	/* --sample-every, passed to each run; NULL: run's default */
	struct sim_config_sets sets;	/* --set, passed to each run */
	bool quiet;
	bool plot;			/* --plot: draw OUTDIR once compared */
};

/* One run's folder below OUTDIR: "LABEL" or "LABEL-seedN". */
void compare_run_name(const struct compare_opts *o, size_t policy, size_t seed, char *buf,
		      size_t len);

/*
 * Read the runs' results.json from the staged OUTDIR stage and write
 * compare.json, compare.csv and compare.md into out; *table gets the
 * side-by-side table for standard output (malloc'ed).  Returns 0, or -1
 * with a message in err (a run's results.json that is not as expected).
 */
int compare_report(const struct compare_opts *o, const char *stage, struct output *out,
		   char **table, char *err, size_t errlen);

/*
 * The number at a dotted path of a results.json (compare_metrics[].path);
 * false if it is absent or null.  Shared with `numasim sweep collect`.
 */
bool compare_json_number(json_t *root, const char *path, double *v);

/* A number as the tables print it: integers whole, the rest to 6 digits. */
void compare_fmt_num(char *buf, size_t len, double v, bool sign);

/* What `numasim --help` and `compare --help` say of it (sim/compare.c). */
extern const char compare_help[];

/* numasim compare ARGS (argv[0] is "compare"): an exit status. */
int cmd_compare(int argc, char **argv);

/*
 * numasim plot [-q] OUTDIR (sim/plot.c; argv[0] is "plot"): the time
 * series of a run's or a compare's output drawn by gnuplot.
 */
extern const char plot_help[];
int cmd_plot(int argc, char **argv);

#endif /* SIM_COMPARE_H */
