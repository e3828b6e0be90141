/*
 * sim/gen_cli_fragmenter.c - parsing the options of `numasim gen
 * fragmenter` (gen_cli.h).
 *
 * The fraction is read into millionths (cli_parse_fraction()).  What
 * needs the booted machine (the free memory, whether --node exists) is
 * checked by sim/gen_main.c after the boot.
 *
 * Invariants: no output, no exit: every problem is a message in err.
 * No kernel counterpart.
 */
#include "sim/gen_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "mm/gfp.h"
#include "mm/mmzone.h"

const char gen_fragmenter_usage[] =
	"usage: numasim gen fragmenter [--order N] [--gfp FLAGS] [--fraction F] [--node N]\n"
	"                              [-c CONFIG.json] [-o FILE]\n";

const char gen_fragmenter_help[] =
	"Write a trace that fragments memory on purpose: allocate blocks of one order\n"
	"until a fraction of the machine's free memory is used, free every other block,\n"
	"then take a snapshot 'fragmented'.  Each freed block's buddy stays allocated,\n"
	"so the freed memory cannot merge above that order.\n"
	"\n"
	"      --order N          the blocks' order, 0..10 (default: 0)\n"
	"      --gfp FLAGS        their gfp flags (default: GFP_KERNEL)\n"
	"      --fraction F       the share of free memory to allocate, a decimal above 0\n"
	"                         and at most 1, up to 6 digits after the point\n"
	"                         (default: 0.5)\n"
	"      --node N           node= of every allocation (default: none, the CPU's node)\n"
	"  -c, --config FILE      the machine whose free memory after boot sizes the trace\n"
	"                         (default: the embedded 2 nodes x 4 GiB)\n"
	"  -o, --output FILE      output file (default: stdout)\n";

enum { OPT_ORDER = 256, OPT_GFP, OPT_FRACTION, OPT_NODE };

static const struct option fragmenter_options[] = {
	{ "order", required_argument, NULL, OPT_ORDER },
	{ "gfp", required_argument, NULL, OPT_GFP },
	{ "fraction", required_argument, NULL, OPT_FRACTION },
	{ "node", required_argument, NULL, OPT_NODE },
	{ "config", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int check_gfp(const char *text, char *err, size_t errlen)
{
	size_t bad = 0;
	gfp_t gfp;

	if (text[0] && !strpbrk(text, " \t#") && !gfp_parse(text, strlen(text), &gfp, &bad))
		return 0;
	snprintf(err, errlen, "bad --gfp '%s': gfp flag names joined by '|' (GFP_KERNEL, "
		 "GFP_HIGHUSER_MOVABLE|__GFP_COMP, ...)", text);
	return -1;
}

static int fragmenter_option(int c, char **argv, struct gen_fragmenter_cli *cli, char *err,
			     size_t errlen)
{
	uint64_t v;

	switch (c) {
	case 'o': cli->output = optarg; return 0;
	case 'c': cli->config = optarg; return 0;
	case OPT_GFP:
		cli->params.gfp = optarg;
		return check_gfp(optarg, err, errlen);
	case OPT_ORDER:
		if (cli_parse_number("--order", optarg, 0, MAX_ORDER - 1, &v, err, errlen))
			return -1;
		cli->params.order = (unsigned int)v;
		return 0;
	case OPT_NODE:
		if (cli_parse_number("--node", optarg, 0, MAX_NUMNODES - 1, &v, err, errlen))
			return -1;
		cli->params.has_node = true;
		cli->params.node = (unsigned int)v;
		return 0;
	case OPT_FRACTION:
		return cli_parse_fraction("--fraction", optarg, &cli->params.fraction_ppm, err,
					  errlen);
	default:
		cli_bad_option(c, argv, err, errlen);
		return -1;
	}
}

enum gen_cli_status gen_fragmenter_parse_args(int argc, char **argv,
					      struct gen_fragmenter_cli *cli, char *err,
					      size_t errlen)
{
	int c;

	memset(cli, 0, sizeof(*cli));
	cli->params.gfp = "GFP_KERNEL";
	cli->params.fraction_ppm = GEN_FRAGMENTER_PPM / 2;
	optind = 0;	/* glibc: start afresh for this argv */
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":c:o:h", fragmenter_options)) != -1) {
		if (c == 'h')
			return GEN_CLI_HELP;
		if (fragmenter_option(c, argv, cli, err, errlen))
			return GEN_CLI_USAGE;
	}
	if (optind < argc) {
		snprintf(err, errlen, "gen fragmenter: unexpected argument '%s'", argv[optind]);
		return GEN_CLI_USAGE;
	}
	return GEN_CLI_OK;
}
