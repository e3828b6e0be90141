/*
 * sim/gen_cli_thpchallenge.c - parsing the options of `numasim gen
 * thpchallenge` (gen_cli.h).
 *
 * A size left out is taken from the booted machine's free memory by
 * sim/gen_main.c, which also checks the region against it.
 *
 * Invariants: no output, no exit: every problem is a message in err.
 * No kernel counterpart.
 */
#include "sim/gen_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

const char gen_thpchallenge_usage[] =
	"usage: numasim gen thpchallenge [--size SIZE] [--fragment F] [--fault-size SIZE]\n"
	"                                [-c CONFIG.json] [-o FILE]\n";

const char gen_thpchallenge_help[] =
	"Write mmtests' thpchallenge, simplified, as a trace: fault in a MADV_HUGEPAGE\n"
	"region, give back the end of each 2M range of it so that memory is fragmented\n"
	"at order 9, then fault a second MADV_HUGEPAGE region one 2M range at a time.\n"
	"\n"
	"      --size SIZE        the fragmenting region, a multiple of 2M (K, M, G\n"
	"                         suffixes; default: 90% of free memory)\n"
	"      --fragment F       the share of each 2M range given back, a decimal above 0\n"
	"                         and below 1, up to 6 digits after the point (default: 0.5)\n"
	"      --fault-size SIZE  the region of the THP faults, a multiple of 2M (default:\n"
	"                         25% of free memory)\n"
	"  -c, --config FILE      the machine whose free memory after boot sizes the trace\n"
	"                         (default: the embedded 2 nodes x 4 GiB)\n"
	"  -o, --output FILE      output file (default: stdout)\n";

enum { OPT_SIZE = 256, OPT_FRAGMENT, OPT_FAULT_SIZE };

static const struct option thpchallenge_options[] = {
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "fragment", required_argument, NULL, OPT_FRAGMENT },
	{ "fault-size", required_argument, NULL, OPT_FAULT_SIZE },
	{ "config", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* A region's size: 2M to 32T, in whole 2M ranges. */
static int parse_region(const char *name, const char *text, uint64_t *bytes, char *err,
			size_t errlen)
{
	const uint64_t range = 2ull << 20;

	if (cli_parse_size(name, text, range, GEN_THPCHALLENGE_MAX_BYTES, bytes, err, errlen))
		return -1;
	if (*bytes % range == 0)
		return 0;
	snprintf(err, errlen, "bad %s '%s': not a multiple of 2M", name, text);
	return -1;
}

static int thpchallenge_option(int c, char **argv, struct gen_thpchallenge_cli *cli,
			       char *err, size_t errlen)
{
	switch (c) {
	case 'o': cli->output = optarg; return 0;
	case 'c': cli->config = optarg; return 0;
	case OPT_SIZE:
		return parse_region("--size", optarg, &cli->params.size_bytes, err, errlen);
	case OPT_FAULT_SIZE:
		return parse_region("--fault-size", optarg, &cli->params.fault_bytes, err, errlen);
	case OPT_FRAGMENT:
		if (cli_parse_fraction("--fragment", optarg, &cli->params.fragment_ppm, err,
				       errlen))
			return -1;
		if (gen_thpchallenge_punch_pages(&cli->params) &&
		    cli->params.fragment_ppm < CLI_PPM)
			return 0;
		snprintf(err, errlen, "bad --fragment '%s': gives back %s page of a 2M range "
			 "(at least 0.001954, below 1)", optarg,
			 cli->params.fragment_ppm < CLI_PPM ? "not one" : "every");
		return -1;
	default:
		cli_bad_option(c, argv, err, errlen);
		return -1;
	}
}

enum gen_cli_status gen_thpchallenge_parse_args(int argc, char **argv,
						struct gen_thpchallenge_cli *cli, char *err,
						size_t errlen)
{
	int c;

	memset(cli, 0, sizeof(*cli));
	gen_thpchallenge_default_params(&cli->params);
	optind = 0;	/* glibc: start afresh for this argv */
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":c:o:h", thpchallenge_options)) != -1) {
		if (c == 'h')
			return GEN_CLI_HELP;
		if (thpchallenge_option(c, argv, cli, err, errlen))
			return GEN_CLI_USAGE;
	}
	if (optind < argc) {
		snprintf(err, errlen, "gen thpchallenge: unexpected argument '%s'", argv[optind]);
		return GEN_CLI_USAGE;
	}
	return GEN_CLI_OK;
}
