/*
 * sim/gen_cli_stream.c - parsing the options of `numasim gen stream`
 * (gen_cli.h).
 *
 * A size left out is three times the booted machine's memory, and the
 * CPU is checked against that machine, by sim/gen_main.c.
 *
 * Invariants: no output, no exit: every problem is a message in err.
 * No kernel counterpart.
 */
#include "sim/gen_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "workloads/gen_memory.h"

const char gen_stream_usage[] =
	"usage: numasim gen stream [--size SIZE] [--mode read|write|both] [--chunk SIZE]\n"
	"                          [--file NAME] [--rate MIBS] [--pid N] [--cpu N]\n"
	"                          [-c CONFIG.json] [-o FILE]\n";

const char gen_stream_help[] =
	"Write a page cache stream as a trace: one task writes a file sequentially in\n"
	"chunks and fsyncs it, or reads it, or both (write, then read back).\n"
	"\n"
	"      --size SIZE        the file (K, M, G, T suffixes; default: 3 x the\n"
	"                         machine's memory)\n"
	"      --mode MODE        read, write or both (default: write)\n"
	"      --chunk SIZE       bytes of each read or write call (default: 1M)\n"
	"      --file NAME        the file's name (default: stream)\n"
	"      --rate MIBS        stamp the calls for a stream of MIBS MiB/s (default:\n"
	"                         untimed)\n"
	"      --pid N            the task's pid (default: 1000)\n"
	"      --cpu N            the CPU it runs on (default: 0)\n"
	"  -c, --config FILE      the machine whose memory sizes the stream (default: the\n"
	"                         embedded 2 nodes x 4 GiB)\n"
	"  -o, --output FILE      output file (default: stdout)\n";

enum { OPT_SIZE = 256, OPT_MODE, OPT_CHUNK, OPT_FILE, OPT_RATE, OPT_PID, OPT_CPU };

static const struct option stream_options[] = {
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "chunk", required_argument, NULL, OPT_CHUNK },
	{ "file", required_argument, NULL, OPT_FILE },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "pid", required_argument, NULL, OPT_PID },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "config", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_mode(const char *text, enum gen_stream_mode *mode, char *err, size_t errlen)
{
	int i = gen_name_index(gen_stream_mode_names, GEN_STREAM_NR_MODES, text);

	if (i < 0) {
		snprintf(err, errlen, "bad --mode '%s' (read, write or both)", text);
		return -1;
	}
	*mode = (enum gen_stream_mode)i;
	return 0;
}

static int parse_file(const char *text, const char **file, char *err, size_t errlen)
{
	if (!gen_stream_name_ok(text)) {
		snprintf(err, errlen, "bad --file '%.64s': 1 to 64 of A-Z a-z 0-9 _ . / -, "
			 "not starting with '.'", text);
		return -1;
	}
	*file = text;
	return 0;
}

static int stream_number(int c, struct gen_stream_params *p, char *err, size_t errlen)
{
	uint64_t v;

	switch (c) {
	case OPT_RATE:
		return cli_parse_number("--rate", optarg, 1, GEN_STREAM_MAX_RATE, &p->rate_mib_s,
					err, errlen);
	case OPT_PID:
		if (cli_parse_number("--pid", optarg, 1, INT32_MAX, &v, err, errlen))
			return -1;
		p->pid = (unsigned int)v;
		return 0;
	default:	/* OPT_CPU: the machine's CPUs are checked once it is booted */
		if (cli_parse_number("--cpu", optarg, 0, GEN_STREAM_MAX_CPU, &v, err, errlen))
			return -1;
		p->cpu = (unsigned int)v;
		return 0;
	}
}

static int stream_option(int c, char **argv, struct gen_stream_cli *cli, char *err,
			 size_t errlen)
{
	struct gen_stream_params *p = &cli->params;

	switch (c) {
	case 'o': cli->output = optarg; return 0;
	case 'c': cli->config = optarg; return 0;
	case OPT_SIZE:
		return cli_parse_size("--size", optarg, 1, GEN_STREAM_MAX_BYTES, &p->size_bytes,
				      err, errlen);
	case OPT_CHUNK:
		return cli_parse_size("--chunk", optarg, 1, GEN_STREAM_MAX_CHUNK, &p->chunk_bytes,
				      err, errlen);
	case OPT_MODE: return parse_mode(optarg, &p->mode, err, errlen);
	case OPT_FILE: return parse_file(optarg, &p->file, err, errlen);
	case OPT_RATE: case OPT_PID: case OPT_CPU:
		return stream_number(c, p, err, errlen);
	default:
		cli_bad_option(c, argv, err, errlen);
		return -1;
	}
}

enum gen_cli_status gen_stream_parse_args(int argc, char **argv, struct gen_stream_cli *cli,
					  char *err, size_t errlen)
{
	int c;

	memset(cli, 0, sizeof(*cli));
	gen_stream_default_params(&cli->params);
	optind = 0;	/* glibc: start afresh for this argv */
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":c:o:h", stream_options)) != -1) {
		if (c == 'h')
			return GEN_CLI_HELP;
		if (stream_option(c, argv, cli, err, errlen))
			return GEN_CLI_USAGE;
	}
	if (optind < argc) {
		snprintf(err, errlen, "gen stream: unexpected argument '%s'", argv[optind]);
		return GEN_CLI_USAGE;
	}
	return GEN_CLI_OK;
}
