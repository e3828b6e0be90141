/*
 * sim/main.c - the numasim command line (docs/cli.md is its manual).
 *
 *   numasim run [-c CONFIG] [-p POLICY] [--set KEY=VALUE] [-o OUTDIR] [--seed N] [--check=N]
 *               [--trace-events FILE [--trace-systems LIST]] [--events N] [--explain FILE]
 *               [--sample-every N] [--init-from SNAPDIR] [--follow] [--quiet]
 *               [TRACE | --ftrace FILE]
 *   numasim gen churn [--seed N] [--events N] [-c CONFIG] [-o FILE]
 *   numasim gen memhog [--mb N] [--thp MODE] [--stride N] [--forks N]
 *                      [--bind-node N] [--move-pages-to N] [--migrate-to N]
 *                      [--migrate-from N] [--pid N] [--cpu N] [-o FILE]
 *   numasim gen migration-pingpong [--kind KIND] [--moves N] [--accessors N]
 *                      [--nodes A,B] [--pid N] [--cpu N] [-o FILE]
 *   numasim gen fragmenter [--order N] [--gfp FLAGS] [--fraction F] [--node N]
 *                      [-c CONFIG] [-o FILE]
 *   numasim gen compaction-test [--chunk-size SIZE] [--fraction F]
 *                      [--unevictable-allowed 0|1] [-c CONFIG] [-o FILE]
 *   numasim gen thpchallenge [--size SIZE] [--fragment F] [--fault-size SIZE]
 *                      [-c CONFIG] [-o FILE]
 *   numasim gen stream [--size SIZE] [--mode MODE] [--chunk SIZE] [--file NAME]
 *                      [--rate MIBS] [--pid N] [--cpu N] [-c CONFIG] [-o FILE]
 *   numasim gen kernel-build [--jobs N] [--units N] [--pressure F] [--seed N]
 *                      [-c CONFIG] [-o FILE]
 *   numasim gen mem-on-off [--ratio PERCENT] [--error ERRNO] [--seed N]
 *                      [-c CONFIG] [-o FILE]
 *   numasim diff [--only LIST] [--min-error PCT] [--top N] [--fail-over PCT]
 *                [--json] A B | --delta A.before A.after B.before B.after
 *   numasim import ftrace [-o OUT.trace] [--skip-bad] [--kernel VERSION] FILE
 *   numasim trace stats [--ignore-pid] [--json] [--skip-bad] FILE
 *   numasim trace check [--json] FILE
 *   numasim shell [-c CONFIG] [-p POLICY] [--set KEY=VALUE] [--no-color] [TRACE]
 *   numasim lab [NAME [--seed N] [--answers | --commands | --config | --check FILE]]
 *   numasim --help | --version
 *
 * Exit status: 0 success; 1 the host failed us (an output file could not be
 * written), or diff --fail-over found a difference beyond it; 2 bad input (usage, config, trace) with one message line on
 * stderr; 3 the simulator found itself wrong (a broken invariant or an
 * MM_BUG_ON).  Whenever the status is not 0, no output file was created or
 * changed: everything is staged (sim/output.c) and committed last.  A run
 * interrupted by a signal removes what it staged and dies of that signal.
 *
 * This file parses the command line (gen's kinds: sim/gen_main.c); the commands' work is elsewhere, in
 * functions that return their exit status (a run is sim_run(), sim/run.c),
 * so a test or a fuzz target can call them too.  This is the only place
 * that exits: mm/ reports through return values and the bug handler
 * installed here.
 *
 * No kernel counterpart.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/bug.h"
#include "mm/mm.h"
#include "mm/mm_init.h"
#include "mm/profile.h"
#include "mm/trace_schema.h"
#include "mm/vmstat_counters.h"
#include "sim/compare.h"
#include "sim/diff.h"
#include "sim/engine.h"	/* NR_ELEMS */
#include "sim/gen_cli.h"
#include "sim/gen_main.h"
#include "sim/import_cli.h"
#include "sim/message.h"
#include "sim/output.h"
#include "sim/plot.h"
#include "sim/run.h"
#include "sim/lab.h"
#include "sim/shell.h"
#include "sim/sweep.h"
#include "sim/trace_check.h"

/* ---- usage ---- */

static const char usage_text[] =
	"usage: numasim run [-c CONFIG.json] [-p POLICY] [--set KEY=VALUE...] [-o OUTDIR]\n"
	"                   [--seed N] [--check=N]\n"
	"                   [--trace-events FILE [--trace-systems LIST]] [--events N]\n"
	"                   [--explain FILE] [--sample-every N] [--init-from SNAPDIR]\n"
	"                   [--follow] [--plot] [--quiet] [TRACE | --ftrace FILE]\n"
	"       numasim gen churn [--seed N] [--events N] [-c CONFIG.json] [-o FILE]\n"
	"       numasim gen memhog [--mb N] [--thp thp|nothp|default] [--stride N] [--forks N]\n"
	"                          [--bind-node N] [--move-pages-to N] [--migrate-to N]\n"
	"                          [--migrate-from N] [--pid N] [--cpu N] [-o FILE]\n"
	"       numasim gen migration-pingpong [--kind private|shared|thp] [--moves N]\n"
	"                          [--accessors N] [--nodes A,B] [--pid N] [--cpu N] [-o FILE]\n"
	"       numasim gen fragmenter [--order N] [--gfp FLAGS] [--fraction F] [--node N]\n"
	"                          [-c CONFIG.json] [-o FILE]\n"
	"       numasim gen compaction-test [--chunk-size SIZE] [--fraction F]\n"
	"                          [--unevictable-allowed 0|1] [-c CONFIG.json] [-o FILE]\n"
	"       numasim gen thpchallenge [--size SIZE] [--fragment F] [--fault-size SIZE]\n"
	"                          [-c CONFIG.json] [-o FILE]\n"
	"       numasim gen stream [--size SIZE] [--mode read|write|both] [--chunk SIZE]\n"
	"                          [--file NAME] [--rate MIBS] [--pid N] [--cpu N]\n"
	"                          [-c CONFIG.json] [-o FILE]\n"
	"       numasim gen kernel-build [--jobs N] [--units N] [--pressure F] [--seed N]\n"
	"                          [-c CONFIG.json] [-o FILE]\n"
	"       numasim gen mem-on-off [--ratio PERCENT] [--error ERRNO] [--seed N]\n"
	"                          [-c CONFIG.json] [-o FILE]\n"
	"       numasim diff [--only LIST] [--min-error PCT] [--top N] [--fail-over PCT] [--json]\n"
	"                    A B | --delta A.before A.after B.before B.after\n"
	"       numasim import ftrace [-o OUT.trace] [--skip-bad] [--kernel VERSION] FILE\n"
	"       numasim trace stats [--ignore-pid] [--json] [--skip-bad] FILE\n"
	"       numasim trace check [--json] FILE\n"
	"       numasim compare TRACE -p POLICY [-p POLICY...] [-c CONFIG.json] [--seeds LIST]\n"
	"                       [--set KEY=VALUE...] [-j N] [--sample-every N] [-o OUTDIR]\n"
	"                       [--plot] [-q]\n"
	"       numasim plot [-q] OUTDIR\n"
	"       numasim sweep GRID.json [-o DIR] [-j N] [--emit parallel|slurm|none] [--force] [-q]\n"
	"       numasim sweep collect [-q] DIR\n"
	"       numasim shell [-c CONFIG.json] [-p POLICY] [--set KEY=VALUE...] [--no-color]\n"
	"                     [TRACE]\n"
	"       numasim lab [NAME [--seed N] [--answers | --commands | --config | --check FILE]]\n"
	"       numasim --help | --version\n";

static const char run_help[] =
	"Replay TRACE (a numasim trace file, '-' for stdin, may be gzip-compressed) on the\n"
	"machine of CONFIG; without TRACE, replay the embedded churn workload.\n"
	"\n"
	"  -c, --config FILE      machine and kernel description (default: 2 nodes x 4 GiB)\n"
	"  -p, --policy NAME      kernel profile (overrides kernel.profile; an unknown\n"
	"                         NAME lists them)\n"
	"      --set KEY=VALUE    override one config key, e.g. --set kernel.pcp=false\n"
	"                         or --set kernel.policy.claim_threshold_pages=384\n"
	"                         (VALUE is JSON, or else a string; repeatable)\n"
	"  -o, --output DIR       output directory (default: " RUN_DEFAULT_OUTDIR ")\n"
	"      --seed N           seed of the embedded workload (default: 1)\n"
	"      --events N         events of the embedded workload (default: three per page\n"
	"                         of memory)\n"
	"      --check=N          check every invariant every N events and at the end\n"
	"      --trace-events FILE  write kmem trace events in tracefs text format\n"
	"      --trace-systems LIST  event subsystems for --trace-events, comma-separated\n"
	"                         (default: kmem; also compaction, migrate, vmscan)\n"
	"      --explain FILE     write the narration of the run to FILE ('-': standard\n"
	"                         output): each record's line, then under it each decision\n"
	"                         the kernel took for it, with its numbers and the kernel\n"
	"                         function behind it (large: several lines per event)\n"
	"      --sample-every N   a DIR/timeseries.csv row every N events (default: 100000;\n"
	"                         0: no timeseries.csv)\n"
	"      --init-from SNAPDIR  start from the state a snapshot folder records: the\n"
	"                         kernel's zoneinfo and pagetypeinfo (and buddyinfo),\n"
	"                         or numasim's DIR/snapshots/NAME\n"
	"      --follow           place each alloc pfn=P at P, as the traced kernel did\n"
	"                         (default: numasim's allocator chooses; pfn= is compared)\n"
	"      --ftrace           TRACE is a kernel trace (tracefs or trace-cmd text),\n"
	"                         imported as it is read (as by 'import ftrace')\n"
	"      --plot             then draw DIR's pictures as 'numasim plot DIR' does\n"
	"  -q, --quiet            print nothing on success\n"
	"  -h, --help             show this help\n"
	"\n"
	"Writes DIR/results.json, DIR/timeseries.csv and DIR/snapshots/NAME/ for each\n"
	"snapshot event.\n"
	"Exit status: 0 ok, 1 output write error, 2 bad input, 3 internal error.\n";

static const char diff_help[] =
	"Compare two snapshot folders item by item: numasim's OUTDIR/snapshots/NAME/ or\n"
	"the kernel's /proc and /sys files copied into a folder (buddyinfo, pagetypeinfo,\n"
	"zoneinfo, meminfo, vmstat, extfrag_index, unusable_index, nodeN.meminfo,\n"
	"nodeN.vmstat, nodeN.numastat, slabinfo).  Each item: A's value, B's, B-A and\n"
	"(B-A)/A, largest relative error first.\n"
	"\n"
	"      --delta            compare the changes A.after-A.before and B.after-B.before\n"
	"      --only LIST        sections, comma-separated: vmstat, meminfo, numastat,\n"
	"                         buddyinfo, pagetypeinfo, zoneinfo, extfrag_index,\n"
	"                         unusable_index, slabinfo (default: all)\n"
	"      --min-error PCT    show only items whose relative error is above PCT percent\n"
	"                         (0: the items that differ)\n"
	"      --top N            show at most N compared items\n"
	"      --fail-over PCT    exit 1 if an item's relative error is above PCT percent\n"
	"                         or an item is missing on a side\n"
	"      --json             print JSON instead of the table\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 compared (even when items differ), 1 --fail-over exceeded or\n"
	"output write error, 2 bad input.\n";

static const char *profile_name(int index)
{
	return mm_profiles[index]->name;
}

/* "linux-6.1, ...": the kernel profiles -p takes, for help and messages. */
static const char *policy_names(char *buf, size_t len)
{
	int nr = 0;

	while (mm_profiles[nr])
		nr++;
	return cli_known_names(buf, len, nr, profile_name);
}

/* A usage error: "numasim: message", the usage lines, status 2 (sim/gen_main.h). */
int usage_error(const char *fmt, ...)
{
	char msg[MESSAGE_MAX];
	int len;
	va_list ap;

	len = snprintf(msg, sizeof(msg), "numasim: ");
	va_start(ap, fmt);
	vsnprintf(msg + len, sizeof(msg) - (size_t)len, fmt, ap);
	va_end(ap);
	sim_message_line(msg);
	fprintf(stderr, "%sTry 'numasim --help'.\n", usage_text);
	return EXIT_BAD_INPUT;
}

/* ---- option parsing ---- */

static const struct option run_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "policy", required_argument, NULL, 'p' },
	{ "output", required_argument, NULL, 'o' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "check", required_argument, NULL, OPT_CHECK },
	{ "trace-events", required_argument, NULL, OPT_TRACE_EVENTS },
	{ "trace-systems", required_argument, NULL, OPT_TRACE_SYSTEMS },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "events", required_argument, NULL, OPT_EVENTS },
	{ "sample-every", required_argument, NULL, OPT_SAMPLE_EVERY },
	{ "init-from", required_argument, NULL, OPT_INIT_FROM },
	{ "follow", no_argument, NULL, OPT_FOLLOW },
	{ "ftrace", no_argument, NULL, OPT_FTRACE },
	{ "set", required_argument, NULL, OPT_SET },
	{ "plot", no_argument, NULL, OPT_PLOT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The number of option name: min..max (sim/gen_cli.c's rules). */
static int parse_number(const char *name, const char *text, uint64_t min, uint64_t max,
			uint64_t *out)
{
	char msg[256];

	if (cli_parse_number(name, text, min, max, out, msg, sizeof(msg)))
		return usage_error("%s", msg);
	return 0;
}

static const char *subsys_name(int sys)
{
	return tp_subsys_name((enum mm_trace_subsys)sys);
}

/* --trace-systems LIST: the events of the comma-separated subsystems. */
static int parse_trace_systems(const char *list, uint64_t *mask)
{
	char known[128];
	uint64_t systems;

	if (cli_parse_name_list(list, tp_subsys_by_name, &systems))
		return usage_error("bad --trace-systems '%s' (known: %s)", list,
				   cli_known_names(known, sizeof(known), MM_SYS_NR, subsys_name));
	for (int sys = 0; sys < MM_SYS_NR; sys++)
		if (systems & ((uint64_t)1 << sys))
			*mask |= mm_event_subsys_mask((enum mm_trace_subsys)sys);
	return 0;
}

/* -p NAME: a profile of mm_profiles[]. */
static int parse_policy(const char *name, const char **policy)
{
	char known[256];

	if (!mm_profile_find(name))
		return usage_error("unknown policy '%s' (known: %s)", name,
				   policy_names(known, sizeof(known)));
	*policy = name;
	return 0;
}

/* --set KEY=VALUE: its form now, its key and value when the config loads. */
static int parse_set(const char *arg, struct sim_config_sets *sets)
{
	char msg[512];

	if (sim_config_sets_add(sets, arg, msg, sizeof(msg)))
		return usage_error("%s", msg);
	return 0;
}

static int bad_option(int c, char **argv)
{
	char msg[256];

	cli_bad_option(c, argv, msg, sizeof(msg));
	return usage_error("%s", msg);
}

/* One option of run/gen; returns 0, -1 for --help, or an exit status. */
static int handle_option(int c, struct run_opts *o, char **argv)
{
	uint64_t v;

	switch (c) {
	case 'c': o->config = optarg; return 0;
	case 'p': return parse_policy(optarg, &o->policy);
	case 'o':
		if (!optarg[0])
			return usage_error("option '-o' needs a non-empty path");
		o->outdir = optarg;
		return 0;
	case 'q': o->quiet = true; return 0;
	case 'h': return -1;
	case OPT_TRACE_EVENTS: o->trace_events = optarg; return 0;
	case OPT_EXPLAIN: o->explain = optarg; return 0;
	case OPT_INIT_FROM: o->init_from = optarg; return 0;
	case OPT_FOLLOW: o->follow = true; return 0;
	case OPT_FTRACE: o->ftrace = true; return 0;
	case OPT_PLOT: o->plot = true; return 0;
	case OPT_TRACE_SYSTEMS: return parse_trace_systems(optarg, &o->trace_mask);
	case OPT_SET: return parse_set(optarg, &o->sets);
	case OPT_SEED:
		return parse_number("--seed", optarg, 0, INT64_MAX, &o->seed);
	case OPT_EVENTS:
		return parse_number("--events", optarg, 1, UINT32_MAX, &o->nr_events);
	case OPT_CHECK:
		if (parse_number("--check", optarg, 1, UINT32_MAX, &v))
			return EXIT_BAD_INPUT;
		o->check_every = (unsigned long)v;
		return 0;
	case OPT_SAMPLE_EVERY:
		if (parse_number("--sample-every", optarg, 0, UINT32_MAX, &v))
			return EXIT_BAD_INPUT;
		o->sample_every = (unsigned long)v;
		return 0;
	default:
		return bad_option(c, argv);
	}
}

/* cli_getopt over argv (argv[0] is the command); -1 for --help (sim/gen_main.h). */
int parse_options(int argc, char **argv, const char *shortopts,
		  const struct option *longopts, struct run_opts *o)
{
	int c, ret;

	optind = 0;	/* glibc: start afresh for the subcommand's argv */
	opterr = 0;
	while ((c = cli_getopt(argc, argv, shortopts, longopts)) != -1) {
		ret = handle_option(c, o, argv);
		if (ret)
			return ret;
	}
	return 0;
}

static const char shell_help[] =
	"An interactive prompt over a small machine (default: 1 node x 16 MiB, 2 CPUs):\n"
	"trace verbs as commands, 'show' views of its memory, and with TRACE, 'step',\n"
	"'until' and 'continue' through it.  'help' at the prompt lists the commands.\n"
	"Reads standard input: with readline on a terminal, plainly (no prompt) otherwise.\n"
	"\n"
	"  -c, --config FILE      machine and kernel description\n"
	"  -p, --policy NAME      kernel profile (overrides kernel.profile)\n"
	"      --set KEY=VALUE    override one config key (repeatable)\n"
	"      --no-color         plain characters in 'show map' even on a terminal\n"
	"  -h, --help             show this help\n"
	"\n"
	"A failed command prints 'shell:LINE: message' on stderr and the shell goes on.\n"
	"Exit status: 0; 2 the machine does not boot, or input is not a terminal and a\n"
	"command failed; 3 internal error.\n";

/* ---- the bug handler ---- */

static void numasim_bug(const char *file, int line, const char *cond,
			const struct machine *m, const struct page *page)
{
	fprintf(stderr, "numasim: BUG at %s:%d: %s\n", file, line, cond);
	if (page && m)
		fprintf(stderr, "numasim: page pfn=0x%llx flags=0x%08x refcount=%d mapcount=%d private=0x%x\n",
			(unsigned long long)page_to_pfn(m, page), page->flags, page->_refcount,
			page->_mapcount + 1, page->private);
	else if (page)
		fprintf(stderr, "numasim: page flags=0x%08x refcount=%d mapcount=%d private=0x%x\n",
			page->flags, page->_refcount, page->_mapcount + 1, page->private);
	sim_run_abort_outputs();
	exit(EXIT_INTERNAL);
}

/* ---- run ---- */

static int cmd_run(int argc, char **argv)
{
	struct run_opts o;
	int ret;

	run_opts_default(&o);
	ret = parse_options(argc, argv, ":c:p:o:qh", run_options, &o);
	if (ret < 0) {
		printf("%snumasim run: %s", usage_text, run_help);
		return EXIT_OK;
	}
	if (ret)
		return ret;
	if (argc - optind > 1)
		return usage_error("run: too many arguments ('%s')", argv[optind + 1]);
	if (o.trace_mask && !o.trace_events)
		return usage_error("--trace-systems needs --trace-events");
	if (o.explain && o.trace_events && !strcmp(o.explain, "-") && !strcmp(o.trace_events, "-"))
		return usage_error("run: --explain - and --trace-events - cannot both take standard output");
	if (!strcmp(o.outdir, "-"))
		return usage_error("run: -o names a directory; '-' (standard output) cannot hold one");
	o.trace = optind < argc ? argv[optind] : NULL;
	if (o.ftrace && !o.trace)
		return usage_error("run: --ftrace needs the kernel trace FILE ('-' for stdin)");
	ret = sim_run(&o);
	if (ret != EXIT_OK || !o.plot)
		return ret;
	/* The summary's stream: standard error when the events took standard output. */
	return plot_outdir(o.outdir, o.quiet, run_summary_stream(&o));
}

/* ---- diff ---- */

enum {
	OPT_DELTA = 512,
	OPT_ONLY,
	OPT_MIN_ERROR,
	OPT_TOP,
	OPT_FAIL_OVER,
	OPT_JSON,
};

static const struct option diff_options[] = {
	{ "delta", no_argument, NULL, OPT_DELTA },
	{ "only", required_argument, NULL, OPT_ONLY },
	{ "min-error", required_argument, NULL, OPT_MIN_ERROR },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "fail-over", required_argument, NULL, OPT_FAIL_OVER },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* A percentage option's value. */
static int parse_percent(const char *name, const char *text, double *pct)
{
	if (diff_parse_percent(text, pct))
		return usage_error("bad %s '%s': not a percentage (a number such as 5 or 0.5)",
				   name, text);
	return 0;
}

/* One option of diff; returns 0, -1 for --help, or an exit status. */
static int diff_option(int c, struct diff_opts *o, char **argv)
{
	char msg[512];

	switch (c) {
	case 'h': return -1;
	case OPT_DELTA: o->delta = true; return 0;
	case OPT_JSON: o->json = true; return 0;
	case OPT_ONLY:
		if (diff_parse_sections(optarg, &o->sections, msg, sizeof(msg)))
			return usage_error("%s", msg);
		return 0;
	case OPT_MIN_ERROR:
		o->min_error_set = true;
		return parse_percent("--min-error", optarg, &o->min_error_pct);
	case OPT_TOP:
		return parse_number("--top", optarg, 1, UINT32_MAX, &o->top);
	case OPT_FAIL_OVER:
		o->fail_over = optarg;
		return parse_percent("--fail-over", optarg, &o->fail_over_pct);
	default:
		return bad_option(c, argv);
	}
}

/* diff [OPTIONS] A B, or --delta with four folders (argv[0] is "diff"). */
static int cmd_diff(int argc, char **argv)
{
	struct diff_opts o;
	int c, ret, nr;

	diff_opts_default(&o);
	optind = 0;	/* glibc: start afresh for the subcommand's argv */
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":h", diff_options)) != -1) {
		ret = diff_option(c, &o, argv);
		if (ret < 0) {
			printf("%snumasim diff: %s", usage_text, diff_help);
			return EXIT_OK;
		}
		if (ret)
			return ret;
	}
	nr = argc - optind;
	if (nr != (o.delta ? DIFF_MAX_DIRS : 2))
		return usage_error(o.delta ? "diff --delta: expected 4 folders (A.before A.after "
				   "B.before B.after), got %d" : "diff: expected 2 folders (A B), got %d",
				   nr);
	for (int k = 0; k < nr; k++)
		o.dirs[k] = argv[optind + k];
	return sim_diff(&o);
}

/* ---- import ftrace, trace stats, trace check ---- */

/* One kind of a command that takes a FILE: its name, help, and parse-and-run. */
struct command_kind {
	const char *kind;
	const char *usage, *help;
	enum gen_cli_status (*run)(int argc, char **argv, int *status, char *err, size_t errlen);
};

/* A command of a few kinds (import ftrace; trace stats, trace check). */
struct kinded_command {
	const struct command_kind *kinds;
	size_t nr_kinds;
};

static const char *kinded_names(const struct kinded_command *k, char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < k->nr_kinds && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? ", " : "", k->kinds[i].kind);
	return buf;
}

static void kinded_print_help(const struct kinded_command *k, const struct command_kind *named)
{
	for (size_t i = 0; i < k->nr_kinds; i++)
		if (!named || named == &k->kinds[i])
			printf("%s%s\n%s", i && !named ? "\n" : "", k->kinds[i].usage,
			       k->kinds[i].help);
}

/* COMMAND KIND [OPTIONS] FILE (argv[0] is the command's name). */
static int cmd_kinded(int argc, char **argv, const struct kinded_command *k)
{
	const struct command_kind *kind = NULL;
	char err[512], known[128];
	int status = EXIT_OK;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		kinded_print_help(k, NULL);
		return EXIT_OK;
	}
	if (argc < 2 || argv[1][0] == '-')
		return usage_error("%s: missing the kind (known: %s)", argv[0],
				   kinded_names(k, known, sizeof(known)));
	for (size_t i = 0; i < k->nr_kinds && !kind; i++)
		if (!strcmp(argv[1], k->kinds[i].kind))
			kind = &k->kinds[i];
	if (!kind)
		return usage_error("%s: unknown kind '%s' (known: %s)", argv[0], argv[1],
				   kinded_names(k, known, sizeof(known)));
	switch (kind->run(argc - 1, argv + 1, &status, err, sizeof(err))) {
	case GEN_CLI_HELP:
		kinded_print_help(k, kind);
		return EXIT_OK;
	case GEN_CLI_USAGE:
		return usage_error("%s", err);
	default:
		return status;
	}
}

static int cmd_import(int argc, char **argv)
{
	static const struct command_kind kinds[] = {
		{ "ftrace", import_ftrace_usage, import_ftrace_help, import_ftrace_cli },
	};
	static const struct kinded_command import = { kinds, NR_ELEMS(kinds) };

	return cmd_kinded(argc, argv, &import);
}

static int cmd_trace(int argc, char **argv)
{
	static const struct command_kind kinds[] = {
		{ "stats", trace_stats_usage, trace_stats_help, trace_stats_cli },
		{ "check", trace_check_usage, trace_check_help, trace_check_cli },
	};
	static const struct kinded_command trace = { kinds, NR_ELEMS(kinds) };

	return cmd_kinded(argc, argv, &trace);
}

/* ---- shell ---- */

static int shell_option(int c, struct shell_opts *o, char **argv)
{
	switch (c) {
	case 'c': o->config = optarg; return 0;
	case 'p': return parse_policy(optarg, &o->policy);
	case OPT_SET: return parse_set(optarg, &o->sets);
	case OPT_NO_COLOR: o->no_color = true; return 0;
	case 'h': return -1;
	default: return bad_option(c, argv);
	}
}

static int cmd_shell(int argc, char **argv)
{
	static const struct option shell_options[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "policy", required_argument, NULL, 'p' },
		{ "set", required_argument, NULL, OPT_SET },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct shell_opts o = { 0 };
	int c, ret;

	optind = 0;
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":c:p:h", shell_options)) != -1)
		if ((ret = shell_option(c, &o, argv)) != 0) {
			if (ret > 0)
				return ret;
			printf("%snumasim shell: %s", usage_text, shell_help);
			return EXIT_OK;
		}
	if (argc - optind > 1)
		return usage_error("shell: too many arguments ('%s')", argv[optind + 1]);
	o.trace = optind < argc ? argv[optind] : NULL;
	return sim_shell(&o);
}

/* ---- main ---- */

/*
 * The commands: their name, what runs them (argv[0] is the name) and the
 * help --help prints for them, "numasim NAME: HELP", or for each of their
 * kinds, "numasim NAME KIND: HELP".
 */
static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;			/* NULL: the kinds have it */
	const struct gen_kind *kinds;
	size_t nr_kinds;
} commands[] = {
	{ "run", cmd_run, .help = run_help },
	{ "gen", cmd_gen, .kinds = gen_kinds, .nr_kinds = GEN_NR_KINDS },
	{ "diff", cmd_diff, .help = diff_help },
	{ "compare", cmd_compare, .help = compare_help },
	{ "plot", cmd_plot, .help = plot_help },
	{ "sweep", cmd_sweep, .help = sweep_help },
	{ "import", cmd_import, .help = import_ftrace_help },
	{ "trace", cmd_trace, .help = NULL },
	{ "shell", cmd_shell, .help = shell_help },
	{ "lab", cmd_lab, .help = lab_help },
	/* help only (run NULL): the kinds of trace, whose options differ */
	{ "trace stats", NULL, .help = trace_stats_help },
	{ "trace check", NULL, .help = trace_check_help },
};

static void print_help(void)
{
	char known[256];

	printf("numasim %s - a simulator of the Linux NUMA memory manager\n\n%s\n",
	       NUMASIM_VERSION, usage_text);
	for (size_t i = 0; i < NR_ELEMS(commands); i++) {
		const struct command *c = &commands[i];

		if (c->help)
			printf("numasim %s: %s\n", c->name, c->help);
		for (size_t k = 0; k < c->nr_kinds; k++)
			printf("numasim %s %s: %s\n", c->name, c->kinds[k].name, c->kinds[k].help);
	}
	printf("Profiles (-p): %s\n", policy_names(known, sizeof(known)));
}

int main(int argc, char **argv)
{
	static const struct option main_options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	mm_set_bug_handler(numasim_bug);
	opterr = 0;
	while ((c = cli_getopt(argc, argv, "+:hV", main_options)) != -1) {
		if (c != 'h' && c != 'V')
			return bad_option(c, argv);
		if (optind < argc)
			return usage_error("%s takes no arguments ('%s')",
					   c == 'h' ? "--help" : "--version", argv[optind]);
		if (c == 'h')
			print_help();
		else
			printf("numasim %s (profile %s)\n", NUMASIM_VERSION,
			       mm_profile_default()->name);
		return EXIT_OK;
	}
	if (optind >= argc)
		return usage_error("missing command");
	for (size_t i = 0; i < NR_ELEMS(commands); i++)
		if (commands[i].run && !strcmp(argv[optind], commands[i].name))
			return commands[i].run(argc - optind, argv + optind);
	return usage_error("unknown command '%s'", argv[optind]);
}
