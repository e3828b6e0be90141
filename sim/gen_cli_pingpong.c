/*
 * sim/gen_cli_pingpong.c - parsing the options of `numasim gen
 * migration-pingpong` (gen_cli.h): the selftest's case, how many moves,
 * how many accessors, the two nodes, the task's pid and CPU, the output
 * file.  Each value is checked here so the message names the option the
 * user typed; gen_pingpong_check() judges the whole set.
 *
 * Invariants: no output, no exit: every problem is a message in err.
 * No kernel counterpart.
 */
#include "sim/gen_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

const char gen_pingpong_usage[] =
	"usage: numasim gen migration-pingpong [--kind private|shared|thp] [--moves N]\n"
	"                                      [--accessors N] [--nodes A,B] [--pid N]\n"
	"                                      [--cpu N] [-o FILE]\n";

const char gen_pingpong_help[] =
	"Write the page migration selftest (selftests/vm/migration.c) as a trace: a page,\n"
	"or a THP, moved back and forth between two nodes with move_pages() while\n"
	"accessors read it; the selftest passes when no move fails.\n"
	"\n"
	"      --kind KIND        private (private_anon), shared (shared_anon) or thp\n"
	"                         (private_anon_thp); default: private\n"
	"      --moves N          move_pages() calls, 1..10000000 (default: 100)\n"
	"      --accessors N      reads of the page after each move, 0..255; in the shared\n"
	"                         case each by its own forked process (default: 1)\n"
	"      --nodes A,B        the page starts on A and first moves to B (default: 0,1)\n"
	"      --pid N            the migrating task's pid (default: 1000)\n"
	"      --cpu N            its CPU (default: 0)\n"
	"  -o, --output FILE      output file (default: stdout)\n";

enum {
	OPT_KIND = 256,
	OPT_MOVES,
	OPT_ACCESSORS,
	OPT_NODES,
	OPT_PID,
	OPT_CPU,
};

static const struct option pingpong_options[] = {
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "moves", required_argument, NULL, OPT_MOVES },
	{ "accessors", required_argument, NULL, OPT_ACCESSORS },
	{ "nodes", required_argument, NULL, OPT_NODES },
	{ "pid", required_argument, NULL, OPT_PID },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* "A,B": two node numbers 0..63. */
static int parse_nodes(const char *text, struct gen_pingpong_params *p, char *err, size_t errlen)
{
	char first[24];
	const char *comma = strchr(text, ',');
	uint64_t a, b;

	if (!comma || (size_t)(comma - text) >= sizeof(first)) {
		snprintf(err, errlen, "bad --nodes '%s': two nodes, A,B", text);
		return -1;
	}
	memcpy(first, text, (size_t)(comma - text));
	first[comma - text] = '\0';
	if (cli_parse_number("--nodes", first, 0, GEN_PINGPONG_MAX_NODE, &a, err, errlen) ||
	    cli_parse_number("--nodes", comma + 1, 0, GEN_PINGPONG_MAX_NODE, &b, err, errlen))
		return -1;
	p->node1 = (int)a;
	p->node2 = (int)b;
	return 0;
}

static int pingpong_option(int c, char **argv, struct gen_pingpong_cli *cli, char *err,
			   size_t errlen)
{
	struct gen_pingpong_params *p = &cli->params;
	uint64_t v;

	switch (c) {
	case 'o':
		cli->output = optarg;
		return 0;
	case OPT_KIND:
		if (!gen_pingpong_parse_kind(optarg, &p->kind))
			return 0;
		snprintf(err, errlen, "bad --kind '%s' (private, shared or thp)", optarg);
		return -1;
	case OPT_NODES:
		return parse_nodes(optarg, p, err, errlen);
	case OPT_MOVES:
		if (cli_parse_number("--moves", optarg, 1, GEN_PINGPONG_MAX_MOVES, &v, err, errlen))
			return -1;
		p->moves = (unsigned int)v;
		return 0;
	case OPT_ACCESSORS:
		if (cli_parse_number("--accessors", optarg, 0, GEN_PINGPONG_MAX_ACCESSORS, &v, err,
				     errlen))
			return -1;
		p->accessors = (unsigned int)v;
		return 0;
	case OPT_PID:
		if (cli_parse_number("--pid", optarg, 1, GEN_PINGPONG_MAX_PID, &v, err, errlen))
			return -1;
		p->pid = (unsigned int)v;
		return 0;
	case OPT_CPU:
		if (cli_parse_number("--cpu", optarg, 0, 4095, &v, err, errlen))
			return -1;
		p->cpu = (unsigned int)v;
		return 0;
	default:
		cli_bad_option(c, argv, err, errlen);
		return -1;
	}
}

enum gen_cli_status gen_pingpong_parse_args(int argc, char **argv, struct gen_pingpong_cli *cli,
					    char *err, size_t errlen)
{
	const char *bad;
	int c;

	memset(cli, 0, sizeof(*cli));
	gen_pingpong_default_params(&cli->params);
	optind = 0;	/* glibc: start afresh for this argv */
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":o:h", pingpong_options)) != -1) {
		if (c == 'h')
			return GEN_CLI_HELP;
		if (pingpong_option(c, argv, cli, err, errlen))
			return GEN_CLI_USAGE;
	}
	if (optind < argc) {
		snprintf(err, errlen, "gen migration-pingpong: unexpected argument '%s'",
			 argv[optind]);
		return GEN_CLI_USAGE;
	}
	bad = gen_pingpong_check(&cli->params);
	if (bad) {
		snprintf(err, errlen, "gen migration-pingpong: %s", bad);
		return GEN_CLI_USAGE;
	}
	return GEN_CLI_OK;
}
