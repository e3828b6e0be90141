/*
 * sim/sweep.h - `numasim sweep`: a grid of parameters (workloads, kernel
 * profiles, config knobs, seeds) expanded into independent runs, each a
 * shell command in a folder of its own, run here a few at a time or
 * handed to GNU parallel or a Slurm job array, then gathered into one
 * table (docs/cli.md, "numasim sweep").
 *
 * One concept per file:
 *   sim/sweep.c          the command line (sweep GRID, sweep collect DIR)
 *   sim/sweep_grid.c     GRID.json read, checked and expanded into runs
 *   sim/sweep_emit.c     each run's command, and DIR's files: grid.json,
 *                        jobs.txt, sweep.slurm, runs/NAME/cmd
 *   sim/sweep_local.c    jobs.txt's commands run here (sim/jobs.c's pool)
 *   sim/sweep_collect.c  the finished runs' metrics into sweep.csv and
 *                        sweep.json, and their pictures
 *
 * Invariants: the runs are in the grid's order (workloads, then
 * profiles, then the knobs in the order the grid names them, the last
 * varying fastest, then seeds) and their names depend on the grid alone,
 * so one grid gives byte-identical grid.json, jobs.txt and sweep.slurm.
 * Every input is checked before DIR is touched.
 *
 * No kernel counterpart.
 */
#ifndef SIM_SWEEP_H
#define SIM_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "sim/config.h"
#include "sim/gen_main.h"

#define SWEEP_MAX_KNOBS		SIM_MAX_SETS
#define SWEEP_MAX_RUNS		100000
#define SWEEP_NAME_LEN		160
#define SWEEP_RUNS_DIR		"runs"
#define SWEEP_TRACE_FILE	"workload.trace"	/* a generated workload, in its run's folder */
#define SWEEP_STDERR_FILE	"stderr"		/* a run's standard error, in its folder */

/* A workload: a trace file, or a generator `numasim gen KIND ARGS...`. */
struct sweep_workload {
	char name[64];			/* in run names and the table */
	char *trace;			/* a trace file's absolute path; NULL for a generator */
	const struct gen_kind *gen;
	const char **args;		/* the generator's arguments (strings of the grid) */
	size_t nr_args;
	bool takes_seed, takes_config;	/* from the kind's synopsis */
};

/* A knob: a config key and its values, each as a --set argument. */
struct sweep_knob {
	const char *key;
	json_t *values;			/* the grid's array */
	char **sets;			/* "KEY=VALUE" for each value */
	size_t nr;
};

struct sweep_grid {
	const char *path;		/* GRID.json as given */
	char *text;			/* its text, for line numbers */
	json_t *root;
	char *config;			/* the base config's absolute path; NULL: the embedded one */
	struct sweep_workload *workloads;
	size_t nr_workloads;
	const char **profiles;
	size_t nr_profiles;
	struct sweep_knob knobs[SWEEP_MAX_KNOBS];
	size_t nr_knobs;
	uint64_t *seeds;
	size_t nr_seeds;
	bool has_sample_every;
	uint64_t sample_every;
};

/* One run of the grid. */
struct sweep_run {
	char name[SWEEP_NAME_LEN];	/* its folder below DIR/runs/: "0003-t-linux-6.1-..." */
	size_t workload, profile;
	size_t knob_value[SWEEP_MAX_KNOBS];	/* the index of each knob's value */
	bool has_seed;
	uint64_t seed;
	char *line;			/* its shell command, run in DIR (sweep_emit.c) */
};

/* Read and check GRID.json into g: an exit status ("FILE:LINE: message" printed). */
int sweep_grid_load(const char *path, struct sweep_grid *g);

/* The runs of g in their order, malloc'ed: an exit status. */
int sweep_grid_expand(const struct sweep_grid *g, struct sweep_run **runs, size_t *nr);

void sweep_grid_free(struct sweep_grid *g, struct sweep_run *runs, size_t nr);

/*
 * Build each run's command (numasim by its absolute path self) and write
 * DIR: grid.json, jobs.txt, sweep.slurm and runs/NAME/cmd, all staged and
 * moved into place together.  An existing DIR must be empty unless force.
 * An exit status.
 */
int sweep_emit(const struct sweep_grid *g, struct sweep_run *runs, size_t nr, const char *dir,
	       const char *self, bool force);

/* Run every run's command in DIR, at most jobs at once: an exit status. */
int sweep_run_local(const char *dir, const struct sweep_run *runs, size_t nr, unsigned int jobs);

/* `sweep collect DIR`: sweep.csv, sweep.json and the pictures; an exit status. */
int sweep_collect(const char *dir, bool quiet);

extern const char sweep_help[];
int cmd_sweep(int argc, char **argv);

#endif /* SIM_SWEEP_H */
