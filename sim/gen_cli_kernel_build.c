/*
 * sim/gen_cli_kernel_build.c - parsing the options of `numasim gen
 * kernel-build` (gen_cli.h).
 *
 * The machine's memory and CPUs, which size the build and default the
 * jobs, come from the booted config, in sim/gen_main.c.
 *
 * Invariants: no output, no exit: every problem is a message in err.
 * No kernel counterpart.
 */
#include "sim/gen_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

const char gen_kernel_build_usage[] =
	"usage: numasim gen kernel-build [--jobs N] [--units N] [--pressure F] [--seed N]\n"
	"                                [-c CONFIG.json] [-o FILE]\n";

const char gen_kernel_build_help[] =
	"Write `make -jJOBS` of a source tree as a trace: compilers JOBS at a time, each\n"
	"reading its source and shared headers through the page cache, growing an\n"
	"anonymous heap, taking kernel objects (dentries, inodes, files, VMAs, kmalloc),\n"
	"writing its object file and exiting; then a link step.\n"
	"\n"
	"      --jobs N           compilers at once (default: 2 x the machine's CPUs)\n"
	"      --units N          compile units (default: sized by --pressure)\n"
	"      --pressure F       the memory the build touches, page cache and heaps, as\n"
	"                         a multiple of RAM: above 0, at most 64 (default: 1.5)\n"
	"      --seed N           seed of the sizes (default: 1)\n"
	"  -c, --config FILE      the machine whose memory and CPUs size the build\n"
	"                         (default: the embedded 2 nodes x 4 GiB)\n"
	"  -o, --output FILE      output file (default: stdout)\n";

enum { OPT_JOBS = 256, OPT_UNITS, OPT_PRESSURE, OPT_SEED };

static const struct option kernel_build_options[] = {
	{ "jobs", required_argument, NULL, OPT_JOBS },
	{ "units", required_argument, NULL, OPT_UNITS },
	{ "pressure", required_argument, NULL, OPT_PRESSURE },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "config", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int kernel_build_option(int c, char **argv, struct gen_kernel_build_cli *cli,
			       char *err, size_t errlen)
{
	struct gen_kernel_build_params *p = &cli->params;
	uint64_t v;

	switch (c) {
	case 'o': cli->output = optarg; return 0;
	case 'c': cli->config = optarg; return 0;
	case OPT_SEED:
		return cli_parse_number("--seed", optarg, 0, INT64_MAX, &p->seed, err, errlen);
	case OPT_PRESSURE:
		return cli_parse_multiple("--pressure", optarg, GEN_KBUILD_MAX_PRESSURE,
					  &p->pressure_ppm, err, errlen);
	case OPT_JOBS:
		if (cli_parse_number("--jobs", optarg, 1, GEN_KBUILD_MAX_JOBS, &v, err, errlen))
			return -1;
		p->jobs = (unsigned int)v;
		return 0;
	case OPT_UNITS:
		if (cli_parse_number("--units", optarg, 1, GEN_KBUILD_MAX_UNITS, &v, err,
				     errlen))
			return -1;
		p->units = (unsigned int)v;
		return 0;
	default:
		cli_bad_option(c, argv, err, errlen);
		return -1;
	}
}

enum gen_cli_status gen_kernel_build_parse_args(int argc, char **argv,
						struct gen_kernel_build_cli *cli, char *err,
						size_t errlen)
{
	int c;

	memset(cli, 0, sizeof(*cli));
	gen_kernel_build_default_params(&cli->params);
	optind = 0;	/* glibc: start afresh for this argv */
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":c:o:h", kernel_build_options)) != -1) {
		if (c == 'h')
			return GEN_CLI_HELP;
		if (kernel_build_option(c, argv, cli, err, errlen))
			return GEN_CLI_USAGE;
	}
	if (optind < argc) {
		snprintf(err, errlen, "gen kernel-build: unexpected argument '%s'", argv[optind]);
		return GEN_CLI_USAGE;
	}
	return GEN_CLI_OK;
}
