/*
 * sim/import_cli.c - parsing the options of `numasim import ftrace` and
 * `numasim trace stats` (import_cli.h).
 *
 * Invariants: no output, no exit: every problem is a message in err.
 * No kernel counterpart.
 */
#include "sim/import_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

const char import_ftrace_usage[] =
	"usage: numasim import ftrace [-o OUT.trace] [--skip-bad] [--kernel VERSION] FILE\n";

const char import_ftrace_help[] =
	"Convert the page allocator's events of a kernel trace (the tracefs 'trace' file\n"
	"or 'trace-cmd report' text, plain or gzip, '-' for stdin) into a numasim trace:\n"
	"mm_page_alloc -> alloc ... pfn=, mm_page_free -> free (split and free of the\n"
	"pieces for part of a block; free pfn= order= for a frame allocated before the\n"
	"trace began), mm_page_alloc_extfrag -> extfrag.  Other events are counted.\n"
	"\n"
	"  -o, --output FILE      output file (default: stdout)\n"
	"      --skip-bad         count malformed lines instead of stopping at the first\n"
	"      --kernel VERSION   the traced kernel, for its migratetype numbers and free\n"
	"                         events (2.6.24 to 6.12; default: 6.1)\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 ok, 1 output write error, 2 bad input (FILE:LINE: message).\n";

const char trace_stats_usage[] =
	"usage: numasim trace stats [--ignore-pid] [--json] [--skip-bad] FILE\n";

const char trace_stats_help[] =
	"Sum the page allocator's events of a kernel trace (tracefs or trace-cmd text,\n"
	"plain or gzip, '-' for stdin) per process, as the kernel's\n"
	"trace-pagealloc-postprocess.pl does, with totals, events per name and the time\n"
	"span.\n"
	"\n"
	"      --ignore-pid       one row per process name, not per TASK-PID\n"
	"      --json             print JSON instead of the table\n"
	"      --skip-bad         count malformed lines instead of stopping at the first\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 ok, 1 output write error, 2 bad input (FILE:LINE: message).\n";

enum { OPT_SKIP_BAD = 256, OPT_KERNEL, OPT_IGNORE_PID, OPT_JSON };

static const struct option import_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "skip-bad", no_argument, NULL, OPT_SKIP_BAD },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const struct option stats_options[] = {
	{ "ignore-pid", no_argument, NULL, OPT_IGNORE_PID },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "skip-bad", no_argument, NULL, OPT_SKIP_BAD },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The one FILE after the options. */
static enum gen_cli_status one_input(int argc, char **argv, const char *cmd, const char **input,
				     char *err, size_t errlen)
{
	if (optind >= argc) {
		snprintf(err, errlen, "%s: missing the trace FILE ('-' for stdin)", cmd);
		return GEN_CLI_USAGE;
	}
	if (argc - optind > 1) {
		snprintf(err, errlen, "%s: unexpected argument '%s'", cmd, argv[optind + 1]);
		return GEN_CLI_USAGE;
	}
	*input = argv[optind];
	return GEN_CLI_OK;
}

enum gen_cli_status import_ftrace_parse_args(int argc, char **argv, struct import_opts *o,
					     char *err, size_t errlen)
{
	int c;

	memset(o, 0, sizeof(*o));
	ftrace_kernel_parse("6.1", &o->kernel, err, errlen);
	optind = 0;	/* glibc: start afresh for this argv */
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":o:h", import_options)) != -1) {
		switch (c) {
		case 'h':
			return GEN_CLI_HELP;
		case 'o':
			if (!optarg[0]) {
				snprintf(err, errlen, "option '-o' needs a non-empty path");
				return GEN_CLI_USAGE;
			}
			o->output = optarg;
			break;
		case OPT_SKIP_BAD:
			o->skip_bad = true;
			break;
		case OPT_KERNEL:
			if (ftrace_kernel_parse(optarg, &o->kernel, err, errlen))
				return GEN_CLI_USAGE;
			break;
		default:
			cli_bad_option(c, argv, err, errlen);
			return GEN_CLI_USAGE;
		}
	}
	return one_input(argc, argv, "import ftrace", &o->input, err, errlen);
}

enum gen_cli_status trace_stats_parse_args(int argc, char **argv, struct trace_stats_opts *o,
					   char *err, size_t errlen)
{
	int c;

	memset(o, 0, sizeof(*o));
	optind = 0;
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":h", stats_options)) != -1) {
		switch (c) {
		case 'h':
			return GEN_CLI_HELP;
		case OPT_IGNORE_PID:
			o->ignore_pid = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_SKIP_BAD:
			o->skip_bad = true;
			break;
		default:
			cli_bad_option(c, argv, err, errlen);
			return GEN_CLI_USAGE;
		}
	}
	return one_input(argc, argv, "trace stats", &o->input, err, errlen);
}

enum gen_cli_status import_ftrace_cli(int argc, char **argv, int *status, char *err,
				      size_t errlen)
{
	struct import_opts o;
	enum gen_cli_status st = import_ftrace_parse_args(argc, argv, &o, err, errlen);

	if (st == GEN_CLI_OK)
		*status = sim_import_ftrace(&o);
	return st;
}

enum gen_cli_status trace_stats_cli(int argc, char **argv, int *status, char *err,
				    size_t errlen)
{
	struct trace_stats_opts o;
	enum gen_cli_status st = trace_stats_parse_args(argc, argv, &o, err, errlen);

	if (st == GEN_CLI_OK)
		*status = sim_trace_stats(&o);
	return st;
}
