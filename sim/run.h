/*
 * sim/run.h - one "numasim run": boot the machine, replay a trace, write
 * the outputs, as a function a harness can call.
 *
 * sim_run() does what the command does (docs/cli.md) and returns its exit
 * status (sim/message.h) instead of exiting: the command line (sim/main.c)
 * only parses options into a struct run_opts, and a test or a fuzz target
 * can run the same steps as often as it likes in one process.  Every run
 * releases everything it took, whatever its status.
 *
 * One thing a run cannot return from is an MM_BUG_ON: mm/bug.h's handler
 * does not return.  The handler belongs to the caller (sim/main.c's prints
 * and exits with status 3; a fuzz target's aborts); it should call
 * sim_run_abort_outputs() first, so the run's staged files go with it.
 *
 * No kernel counterpart.
 */
#ifndef SIM_RUN_H
#define SIM_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/config.h"

struct machine;
struct gen_churn_params;

#define NUMASIM_VERSION		"0.1"
#define RUN_DEFAULT_OUTDIR	"numasim-out"

/* What one run is asked to do: the options of "numasim run". */
struct run_opts {
	const char *config;		/* NULL: the embedded default */
	const char *policy;		/* NULL: the config's kernel.profile */
	struct sim_config_sets sets;	/* --set, merged over the config */
	const char *outdir;
	const char *trace_events;	/* NULL: no tracefs log */
	const char *explain;		/* --explain FILE: the narration; NULL: none */
	uint64_t trace_mask;		/* events of --trace-systems; 0: kmem */
	const char *trace;		/* NULL: the embedded default workload */
	const char *init_from;		/* NULL: start from the fresh boot */
	uint64_t seed;			/* of the embedded workload */
	uint64_t nr_events;		/* of the embedded workload; 0: sized by it */
	unsigned long check_every;	/* 0: no checks during the run */
	unsigned long sample_every;	/* 0: no timeseries.csv */
	bool follow;			/* --follow: place traced allocations at their pfn */
	bool ftrace;			/* --ftrace: trace is a kernel trace, imported as read */
	bool quiet;			/* no summary on stdout */
	bool plot;			/* --plot: the caller draws OUTDIR after the run */
};

/* The defaults of "numasim run" without options. */
void run_opts_default(struct run_opts *o);

/*
 * Run o: boot, replay, write results.json, timeseries.csv, the snapshots
 * and the trace events, print the summary (unless o->quiet).  Returns the
 * exit status; a status other than 0 has printed one message line and
 * left no output created or changed.
 */
int sim_run(const struct run_opts *o);

/* Where the run's summary goes: standard error when an output took standard output. */
FILE *run_summary_stream(const struct run_opts *o);

/* Remove the staged outputs of the run in progress, if any (for a bug handler). */
void sim_run_abort_outputs(void);

/*
 * Load config (NULL: the embedded default), apply policy (NULL: the
 * config's) and boot m.  Returns an exit status (with its message printed).
 */
int sim_boot_machine(const char *config, const char *policy,
		     const struct sim_config_sets *sets, struct machine *m);

/* The same with another embedded default (default_json, called default_name). */
int sim_boot_machine_from(const char *config, const char *default_name, const char *default_json,
			  const char *policy, const struct sim_config_sets *sets,
			  struct machine *m);

/* The embedded churn workload's parameters for the booted machine m. */
int sim_churn_params(const struct machine *m, uint64_t seed, uint64_t nr_events,
		     struct gen_churn_params *gp);

#endif /* SIM_RUN_H */
