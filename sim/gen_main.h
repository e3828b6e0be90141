/*
 * sim/gen_main.h - `numasim gen`: its kinds and their glue (sim/gen_main.c),
 * and the two helpers of sim/main.c that the glue shares with the other
 * commands.  Both files make the numasim program and stay out of the
 * library: only the program prints usage and exits.
 *
 * No kernel counterpart.
 */
#ifndef SIM_GEN_MAIN_H
#define SIM_GEN_MAIN_H

#include <getopt.h>
#include <stddef.h>

#include "sim/run.h"

/* The long options of run (and of gen's own: --seed, --events) that have no letter. */
enum {
	OPT_SEED = 256,
	OPT_CHECK,
	OPT_TRACE_EVENTS,
	OPT_TRACE_SYSTEMS,
	OPT_EVENTS,
	OPT_SAMPLE_EVERY,
	OPT_INIT_FROM,
	OPT_FOLLOW,
	OPT_FTRACE,
	OPT_SET,
	OPT_PLOT,
	OPT_NO_COLOR,
	OPT_EXPLAIN,
};

/*
 * The workload kinds of gen.  A kind with options of its own (run_args)
 * is dispatched on its name, which must come first; the others take gen's
 * options (run_gen: -o names the output file, run_opts.outdir), which may
 * also come before their name.
 */
struct gen_kind {
	const char *name;
	const char *usage;		/* its synopsis, as gen --help prints it */
	const char *help;		/* what it writes, and its options */
	int (*run_gen)(const struct run_opts *o);
	int (*run_args)(int argc, char **argv);	/* argv[0] is the kind's name */
};

#define GEN_NR_KINDS	9
extern const struct gen_kind gen_kinds[GEN_NR_KINDS];

/* gen KIND [OPTIONS] (argv[0] is "gen"): an exit status. */
int cmd_gen(int argc, char **argv);

/* sim/main.c: "numasim: message" and the usage lines on stderr; returns 2. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* sim/main.c: run's and gen's options over argv into o: 0, -1 for --help, or a status. */
int parse_options(int argc, char **argv, const char *shortopts,
		  const struct option *longopts, struct run_opts *o);

#endif /* SIM_GEN_MAIN_H */
