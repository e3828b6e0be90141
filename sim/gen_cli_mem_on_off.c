/*
 * sim/gen_cli_mem_on_off.c - parsing the options of `numasim gen
 * mem-on-off` (gen_cli.h).
 *
 * The memory blocks come from the booted machine (sim/gen_main.c).
 *
 * Invariants: no output, no exit: every problem is a message in err.
 * No kernel counterpart.
 */
#include "sim/gen_cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char gen_mem_on_off_usage[] =
	"usage: numasim gen mem-on-off [--ratio PERCENT] [--error ERRNO] [--seed N]\n"
	"                              [-c CONFIG.json] [-o FILE]\n";

const char gen_mem_on_off_help[] =
	"Write the kernel's memory hotplug selftest (selftests/memory-hotplug/\n"
	"mem-on-off-test.sh) as a trace: online every offline memory block, offline a\n"
	"random PERCENT of the blocks and online them again; then, with the memory\n"
	"notifier error injector, offline some, fail to online them while\n"
	"MEM_GOING_ONLINE answers ERRNO, online them, and fail to offline some while\n"
	"MEM_GOING_OFFLINE answers ERRNO.  results.json's memory_hotplug counts what\n"
	"the kernel refused.\n"
	"\n"
	"      --ratio PERCENT    share of the blocks, 0 to 100 (default: 2, the script's -r)\n"
	"      --error ERRNO      the injected error, -4095 to -1 (default: -12, -ENOMEM,\n"
	"                         the script's -e)\n"
	"      --seed N           seed of the random picks (default: 1)\n"
	"  -c, --config FILE      the machine whose memory blocks the trace names\n"
	"                         (default: the embedded 2 nodes x 4 GiB)\n"
	"  -o, --output FILE      output file (default: stdout)\n";

enum { OPT_RATIO = 256, OPT_ERROR, OPT_MSEED };

static const struct option mem_on_off_options[] = {
	{ "ratio", required_argument, NULL, OPT_RATIO },
	{ "error", required_argument, NULL, OPT_ERROR },
	{ "seed", required_argument, NULL, OPT_MSEED },
	{ "config", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The script's check: -4095 <= errno < 0. */
static int parse_error(const char *text, int32_t *out, char *err, size_t errlen)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < -4095 || v >= 0) {
		snprintf(err, errlen, "bad --error '%s': error code must be -4095 <= errno < 0",
			 text);
		return -1;
	}
	*out = (int32_t)v;
	return 0;
}

static int mem_on_off_option(int c, char **argv, struct gen_mem_on_off_cli *cli, char *err,
			     size_t errlen)
{
	uint64_t v;

	switch (c) {
	case 'o': cli->output = optarg; return 0;
	case 'c': cli->config = optarg; return 0;
	case OPT_RATIO:
		if (cli_parse_number("--ratio", optarg, 0, 100, &v, err, errlen))
			return -1;
		cli->params.ratio = (uint32_t)v;
		return 0;
	case OPT_ERROR:
		return parse_error(optarg, &cli->params.error, err, errlen);
	case OPT_MSEED:
		return cli_parse_number("--seed", optarg, 0, UINT64_MAX, &cli->params.seed, err,
					errlen);
	default:
		cli_bad_option(c, argv, err, errlen);
		return -1;
	}
}

enum gen_cli_status gen_mem_on_off_parse_args(int argc, char **argv,
					      struct gen_mem_on_off_cli *cli, char *err,
					      size_t errlen)
{
	int c;

	memset(cli, 0, sizeof(*cli));
	gen_mem_on_off_default_params(&cli->params);
	optind = 0;	/* glibc: start afresh for this argv */
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":c:o:h", mem_on_off_options)) != -1) {
		if (c == 'h')
			return GEN_CLI_HELP;
		if (mem_on_off_option(c, argv, cli, err, errlen))
			return GEN_CLI_USAGE;
	}
	if (optind < argc) {
		snprintf(err, errlen, "gen mem-on-off: unexpected argument '%s'", argv[optind]);
		return GEN_CLI_USAGE;
	}
	return GEN_CLI_OK;
}
