/*
 * sim/sweep.c - the command line of `numasim sweep` (sim/sweep.h):
 *
 *   numasim sweep GRID.json [-o DIR] [-j N] [--emit parallel|slurm|none]
 *                 [--force] [-q]
 *   numasim sweep collect [-q] DIR
 *
 * The first reads and checks the grid, writes DIR (sim/sweep_emit.c),
 * then, unless --emit names another runner, runs every run here
 * (sim/sweep_local.c) and collects them (sim/sweep_collect.c).
 *
 * No kernel counterpart.
 */
#include "sim/sweep.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/gen_cli.h"
#include "sim/jobs.h"
#include "sim/message.h"

#define SWEEP_DEFAULT_OUTDIR	"numasim-sweep"

const char sweep_help[] =
	"Expand GRID.json (workloads x profiles x knob values x seeds) into independent\n"
	"runs, write DIR/grid.json, DIR/jobs.txt (a command a line, run in DIR),\n"
	"DIR/sweep.slurm (a Slurm job array) and DIR/runs/NNNN-NAME/cmd; then run them\n"
	"here and collect them.  'sweep collect DIR' gathers the finished runs into\n"
	"DIR/sweep.csv and DIR/sweep.json (and DIR/plots/ with gnuplot).\n"
	"\n"
	"  -o, --output DIR       output directory (default: " SWEEP_DEFAULT_OUTDIR ")\n"
	"  -j, --jobs N           runs at a time (default: the online CPUs)\n"
	"      --emit RUNNER      parallel or slurm: only write DIR, for GNU parallel or\n"
	"                         Slurm to run; none (default): run here\n"
	"      --force            write into a DIR that is not empty (an older sweep's\n"
	"                         files and runs/ are replaced)\n"
	"  -q, --quiet            print nothing on success\n"
	"  -h, --help             show this help\n";

static const char sweep_usage[] =
	"usage: numasim sweep GRID.json [-o DIR] [-j N] [--emit parallel|slurm|none]\n"
	"                     [--force] [-q]\n"
	"       numasim sweep collect [-q] DIR\n";

enum { OPT_EMIT = 700, OPT_FORCE };

struct sweep_opts {
	const char *grid, *dir, *emit;
	unsigned int jobs;
	bool force, quiet;
};

static int sweep_option(int c, struct sweep_opts *o, char **argv)
{
	char msg[256];
	uint64_t v;

	switch (c) {
	case 'o':
		if (!optarg[0] || !strcmp(optarg, "-"))
			return usage_error("sweep: -o names a directory");
		o->dir = optarg;
		return 0;
	case 'j':
		if (cli_parse_number("-j", optarg, 1, 4096, &v, msg, sizeof(msg)))
			return usage_error("%s", msg);
		o->jobs = (unsigned int)v;
		return 0;
	case OPT_EMIT:
		if (strcmp(optarg, "parallel") && strcmp(optarg, "slurm") && strcmp(optarg, "none"))
			return usage_error("sweep: --emit '%s': parallel, slurm or none", optarg);
		o->emit = optarg;
		return 0;
	case OPT_FORCE: o->force = true; return 0;
	case 'q': o->quiet = true; return 0;
	case 'h': return -1;
	default:
		cli_bad_option(c, argv, msg, sizeof(msg));
		return usage_error("%s", msg);
	}
}

static int parse_sweep(int argc, char **argv, struct sweep_opts *o)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "emit", required_argument, NULL, OPT_EMIT },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	memset(o, 0, sizeof(*o));
	o->dir = SWEEP_DEFAULT_OUTDIR;
	o->emit = "none";
	optind = 0;
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":o:j:qh", options)) != -1)
		if ((ret = sweep_option(c, o, argv)) != 0)
			return ret;
	if (optind >= argc)
		return usage_error("sweep: missing GRID.json");
	if (argc - optind > 1)
		return usage_error("sweep: too many arguments ('%s')", argv[optind + 1]);
	o->grid = argv[optind];
	if (!o->jobs)
		o->jobs = jobs_online_cpus();
	return 0;
}

/* What to do next, after --emit parallel|slurm. */
static void print_next(const struct sweep_opts *o, size_t nr)
{
	printf("wrote %s/grid.json, jobs.txt, sweep.slurm and %zu run folders in %s/"
	       SWEEP_RUNS_DIR "/\n", o->dir, nr, o->dir);
	if (!strcmp(o->emit, "parallel"))
		printf("run them:     cd %s && parallel --jobs N < jobs.txt\n", o->dir);
	else
		printf("run them:     cd %s && sbatch sweep.slurm\n", o->dir);
	printf("then collect: numasim sweep collect %s\n", o->dir);
}

static int sweep_grid(const struct sweep_opts *o)
{
	const char *self = jobs_self_path();
	struct sweep_grid g;
	struct sweep_run *runs = NULL;
	size_t nr = 0;
	int ret, run_ret;

	if (!self)
		return EXIT_HOST;
	ret = sweep_grid_load(o->grid, &g);
	if (ret == EXIT_OK)
		ret = sweep_grid_expand(&g, &runs, &nr);
	if (ret == EXIT_OK)
		ret = sweep_emit(&g, runs, nr, o->dir, self, o->force);
	if (ret == EXIT_OK && strcmp(o->emit, "none")) {
		if (!o->quiet)
			print_next(o, nr);
	} else if (ret == EXIT_OK) {
		run_ret = sweep_run_local(o->dir, runs, nr, o->jobs);
		ret = sweep_collect(o->dir, o->quiet);
		ret = run_ret != EXIT_OK ? run_ret : ret;
	}
	sweep_grid_free(&g, runs, nr);
	return ret;
}

static int sweep_collect_cli(int argc, char **argv)
{
	const char *dir = NULL;
	bool quiet = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("%s\n%s", sweep_usage, sweep_help);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
			quiet = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error("unknown option '%s'", argv[i]);
		} else if (dir) {
			return usage_error("sweep collect: too many arguments ('%s')", argv[i]);
		} else {
			dir = argv[i];
		}
	}
	if (!dir)
		return usage_error("sweep collect: missing DIR (a sweep's output)");
	return sweep_collect(dir, quiet);
}

int cmd_sweep(int argc, char **argv)
{
	struct sweep_opts o;
	int ret;

	if (argc > 1 && !strcmp(argv[1], "collect"))
		return sweep_collect_cli(argc - 1, argv + 1);
	ret = parse_sweep(argc, argv, &o);
	if (ret < 0) {
		printf("%s\n%s", sweep_usage, sweep_help);
		return EXIT_OK;
	}
	return ret ? ret : sweep_grid(&o);
}
