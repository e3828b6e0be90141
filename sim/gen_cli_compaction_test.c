/*
 * sim/gen_cli_compaction_test.c - parsing the options of `numasim gen
 * compaction-test` (gen_cli.h).
 *
 * What needs the booted machine (MemFree, the hugetlb pool's size, whether
 * the chunks fit) is checked by sim/gen_main.c after the boot.
 *
 * Invariants: no output, no exit: every problem is a message in err.
 * No kernel counterpart.
 */
#include "sim/gen_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "hw/types.h"	/* PAGE_SIZE */

const char gen_compaction_test_usage[] =
	"usage: numasim gen compaction-test [--chunk-size SIZE] [--fraction F]\n"
	"                                   [--unevictable-allowed 0|1] [-c CONFIG.json]\n"
	"                                   [-o FILE]\n";

const char gen_compaction_test_help[] =
	"Write the kernel's compaction selftest (selftests/vm/compaction_test.c) as a\n"
	"trace: map, lock and write chunks until a fraction of the machine's free memory\n"
	"is locked, unmap every other chunk, then ask vm.nr_hugepages for huge pages\n"
	"worth half of that fraction; snapshot 'hugepages' shows what the pool got.\n"
	"\n"
	"      --chunk-size SIZE  one mapping, a multiple of 4K (K, M, G suffixes;\n"
	"                         default: 100M, the selftest's)\n"
	"      --fraction F       the share of free memory to lock, a decimal above 0 and\n"
	"                         at most 1, up to 6 digits after the point (default: 0.8)\n"
	"      --unevictable-allowed 0|1\n"
	"                         vm.compact_unevictable_allowed to write before the pool\n"
	"                         request: may compaction move mlocked pages (default: 1,\n"
	"                         the kernel's default and the selftest's condition)\n"
	"  -c, --config FILE      the machine whose free memory after boot sizes the trace\n"
	"                         (default: the embedded 2 nodes x 4 GiB)\n"
	"  -o, --output FILE      output file (default: stdout)\n";

enum { OPT_CHUNK_SIZE = 256, OPT_FRACTION, OPT_UNEVICTABLE_ALLOWED };

static const struct option compaction_test_options[] = {
	{ "chunk-size", required_argument, NULL, OPT_CHUNK_SIZE },
	{ "fraction", required_argument, NULL, OPT_FRACTION },
	{ "unevictable-allowed", required_argument, NULL, OPT_UNEVICTABLE_ALLOWED },
	{ "config", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int compaction_test_option(int c, char **argv, struct gen_compaction_test_cli *cli,
				  char *err, size_t errlen)
{
	uint64_t v;

	switch (c) {
	case 'o': cli->output = optarg; return 0;
	case 'c': cli->config = optarg; return 0;
	case OPT_CHUNK_SIZE:
		if (cli_parse_size("--chunk-size", optarg, 1, UINT64_MAX,
				   &cli->params.chunk_bytes, err, errlen))
			return -1;
		if (cli->params.chunk_bytes % PAGE_SIZE == 0)
			return 0;
		snprintf(err, errlen, "bad --chunk-size '%s': not a multiple of 4K", optarg);
		return -1;
	case OPT_FRACTION:
		return cli_parse_fraction("--fraction", optarg, &cli->params.fraction_ppm, err,
					  errlen);
	case OPT_UNEVICTABLE_ALLOWED:
		if (cli_parse_number("--unevictable-allowed", optarg, 0, 1, &v, err, errlen))
			return -1;
		cli->params.unevictable_allowed = (uint32_t)v;
		return 0;
	default:
		cli_bad_option(c, argv, err, errlen);
		return -1;
	}
}

enum gen_cli_status gen_compaction_test_parse_args(int argc, char **argv,
						   struct gen_compaction_test_cli *cli,
						   char *err, size_t errlen)
{
	int c;

	memset(cli, 0, sizeof(*cli));
	gen_compaction_test_default_params(&cli->params);
	optind = 0;	/* glibc: start afresh for this argv */
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":c:o:h", compaction_test_options)) != -1) {
		if (c == 'h')
			return GEN_CLI_HELP;
		if (compaction_test_option(c, argv, cli, err, errlen))
			return GEN_CLI_USAGE;
	}
	if (optind < argc) {
		snprintf(err, errlen, "gen compaction-test: unexpected argument '%s'",
			 argv[optind]);
		return GEN_CLI_USAGE;
	}
	return GEN_CLI_OK;
}
