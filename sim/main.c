/*
 * sim/main.c - the numasim command line (docs/cli.md is its manual).
 *
 *   numasim run [-c CONFIG] [-p POLICY] [-o OUTDIR] [--seed N] [--check=N]
 *               [--trace-events FILE [--trace-systems LIST]] [--events N]
 *               [--sample-every N] [--quiet] [TRACE]
 *   numasim gen churn [--seed N] [--events N] [-c CONFIG] [-o FILE]
 *   numasim gen memhog [--mb N] [--thp MODE] [--stride N] [--forks N]
 *                      [--bind-node N] [--pid N] [--cpu N] [-o FILE]
 *   numasim --help | --version
 *
 * Exit status: 0 success; 1 the host failed us (an output file could not be
 * written); 2 bad input (usage, config, trace) with one message line on
 * stderr; 3 the simulator found itself wrong (a broken invariant or an
 * MM_BUG_ON).  Whenever the status is not 0, no output file was created or
 * changed: everything is staged (sim/output.c) and committed last.  A run
 * interrupted by a signal removes what it staged and dies of that signal.
 *
 * This is the only place that exits.  mm/ reports through return values and
 * the bug handler installed here.
 *
 * No kernel counterpart.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mm/profile.h"
#include "mm/bug.h"
#include "mm/mm_init.h"
#include "mm/trace_schema.h"
#include "sim/config.h"
#include "sim/engine.h"
#include "sim/gen_cli.h"
#include "sim/output.h"
#include "sim/report.h"
#include "sim/tracefs.h"
#include "sim/verbs.h"
#include "workloads/gen_churn.h"
#include "workloads/gen_memory.h"
#include "workloads/gen_memhog.h"
#include "workloads/input.h"
#include "workloads/trace.h"

#define NUMASIM_VERSION		"0.1"
#define DEFAULT_OUTDIR		"numasim-out"
#define DEFAULT_SEED		1
/* 0: the generator sizes the run (three events per page of memory). */
#define DEFAULT_NR_EVENTS	0ull
/* A timeseries.csv row every this many events (0: no timeseries.csv). */
#define DEFAULT_SAMPLE_EVERY	100000ul
#define DEFAULT_CONFIG_NAME	"<default config>"
#define DEFAULT_TRACE_NAME	"<default workload>"

enum exit_status {
	EXIT_OK = 0,
	EXIT_HOST = 1,		/* output could not be written */
	EXIT_BAD_INPUT = 2,
	EXIT_INTERNAL = 3,
};

/* Options of "run" and "gen" (gen uses config, seed, nr_events, outdir). */
struct cli_opts {
	const char *config;		/* NULL: the embedded default */
	const char *policy;		/* NULL: the config's kernel.profile */
	const char *outdir;
	const char *trace_events;	/* NULL: no tracefs log */
	uint64_t trace_mask;		/* events of --trace-systems; 0: not given */
	const char *trace;		/* NULL: the embedded default workload */
	uint64_t seed;
	uint64_t nr_events;
	unsigned long check_every;
	unsigned long sample_every;	/* 0: no timeseries.csv */
	bool quiet;
};

/*
 * The staged output of the running command, for the bug handler: an
 * MM_BUG_ON deep inside mm/ ends the process, and its staged files must go
 * with it.  The only mutable global of the program, besides the list of
 * staged paths sim/output_signal.c keeps for its signal handler.
 */
static struct output *bug_output;

/* ---- usage ---- */

static const char usage_text[] =
	"usage: numasim run [-c CONFIG.json] [-p POLICY] [-o OUTDIR] [--seed N] [--check=N]\n"
	"                   [--trace-events FILE [--trace-systems LIST]] [--events N]\n"
	"                   [--sample-every N] [--quiet] [TRACE]\n"
	"       numasim gen churn [--seed N] [--events N] [-c CONFIG.json] [-o FILE]\n"
	"       numasim gen memhog [--mb N] [--thp thp|nothp|default] [--stride N] [--forks N]\n"
	"                          [--bind-node N] [--pid N] [--cpu N] [-o FILE]\n"
	"       numasim --help | --version\n";

static const char run_help[] =
	"Replay TRACE (a numasim trace file, '-' for stdin, may be gzip-compressed) on the\n"
	"machine of CONFIG; without TRACE, replay the embedded churn workload.\n"
	"\n"
	"  -c, --config FILE      machine and kernel description (default: 2 nodes x 4 GiB)\n"
	"  -p, --policy NAME      kernel profile (overrides kernel.profile)\n"
	"  -o, --output DIR       output directory (default: " DEFAULT_OUTDIR ")\n"
	"      --seed N           seed of the embedded workload (default: 1)\n"
	"      --events N         events of the embedded workload (default: three per page\n"
	"                         of memory)\n"
	"      --check=N          check every invariant every N events and at the end\n"
	"      --trace-events FILE  write kmem trace events in tracefs text format\n"
	"      --trace-systems LIST  event subsystems for --trace-events, comma-separated\n"
	"                         (default: kmem; also compaction, migrate, vmscan)\n"
	"      --sample-every N   a DIR/timeseries.csv row every N events (default: 100000;\n"
	"                         0: no timeseries.csv)\n"
	"  -q, --quiet            print nothing on success\n"
	"  -h, --help             show this help\n"
	"\n"
	"Writes DIR/results.json, DIR/timeseries.csv and DIR/snapshots/NAME/ for each\n"
	"snapshot event.\n"
	"Exit status: 0 ok, 1 output write error, 2 bad input, 3 internal error.\n";

static const char churn_usage[] =
	"usage: numasim gen churn [--seed N] [--events N] [-c CONFIG.json] [-o FILE]\n";

static const char churn_help[] =
	"Write the embedded churn workload as a trace (to FILE, or stdout), sized for\n"
	"the machine of CONFIG.  'numasim run' without TRACE replays exactly this.\n"
	"\n"
	"      --seed N           seed (default: 1)\n"
	"      --events N         alloc/free events (default: three per page of memory)\n"
	"  -c, --config FILE      machine description (default: 2 nodes x 4 GiB)\n"
	"  -o, --output FILE      output file (default: stdout)\n";

static void print_policies(FILE *f)
{
	for (size_t i = 0; mm_profiles[i]; i++)
		fprintf(f, "%s%s", i ? ", " : "", mm_profiles[i]->name);
}

/* The same list as one string, for a message. */
static void policy_names(char *buf, size_t buflen)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; mm_profiles[i] && len < buflen; i++)
		len += (size_t)snprintf(buf + len, buflen - len, "%s%s", i ? ", " : "",
					mm_profiles[i]->name);
}

/* The longest message line, before escaping. */
#define MESSAGE_MAX	2048

/*
 * Print one message line to stderr.  The message may quote what the user
 * typed (an option, a path, a profile name); every byte that is not
 * printable ASCII is written as "\xNN" so the message stays one plain line
 * on any terminal.  Escaping is idempotent on text already escaped by the
 * readers, since their escapes are printable.
 */
static void print_message_line(const char *msg)
{
	char esc[INPUT_ESCAPED_SIZE(MESSAGE_MAX)];

	fprintf(stderr, "%s\n", input_escape(esc, sizeof(esc), msg));
}

/* A usage error: "numasim: message", the usage lines, status 2. */
__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	char msg[MESSAGE_MAX];
	int len;
	va_list ap;

	len = snprintf(msg, sizeof(msg), "numasim: ");
	va_start(ap, fmt);
	vsnprintf(msg + len, sizeof(msg) - (size_t)len, fmt, ap);
	va_end(ap);
	print_message_line(msg);
	fprintf(stderr, "%sTry 'numasim --help'.\n", usage_text);
	return EXIT_BAD_INPUT;
}

/* Any other failure: the message as it is (it carries its own prefix). */
static int fail(int status, const char *msg)
{
	print_message_line(msg);
	return status;
}

/* ---- option parsing ---- */

enum {
	OPT_SEED = 256,
	OPT_CHECK,
	OPT_TRACE_EVENTS,
	OPT_TRACE_SYSTEMS,
	OPT_EVENTS,
	OPT_SAMPLE_EVERY,
};

static const struct option run_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "policy", required_argument, NULL, 'p' },
	{ "output", required_argument, NULL, 'o' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "check", required_argument, NULL, OPT_CHECK },
	{ "trace-events", required_argument, NULL, OPT_TRACE_EVENTS },
	{ "trace-systems", required_argument, NULL, OPT_TRACE_SYSTEMS },
	{ "events", required_argument, NULL, OPT_EVENTS },
	{ "sample-every", required_argument, NULL, OPT_SAMPLE_EVERY },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const struct option gen_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "events", required_argument, NULL, OPT_EVENTS },
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

/* --trace-systems LIST: the events of the comma-separated subsystems. */
static int parse_trace_systems(const char *list, uint64_t *mask)
{
	char known[128] = "";

	for (const char *p = list;; p++) {
		size_t len = strcspn(p, ",");
		int sys = tp_subsys_by_name(p, len);

		if (sys < 0)
			break;
		*mask |= mm_event_subsys_mask((enum mm_trace_subsys)sys);
		p += len;
		if (!*p)
			return 0;
	}
	for (int sys = 0; sys < MM_SYS_NR; sys++)
		snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s", sys ? ", " : "",
			 tp_subsys_name((enum mm_trace_subsys)sys));
	return usage_error("bad --trace-systems '%s' (known: %s)", list, known);
}

static int bad_option(int c, char **argv)
{
	char msg[256];

	cli_bad_option(c, argv, msg, sizeof(msg));
	return usage_error("%s", msg);
}

/* One option of run/gen; returns 0, -1 for --help, or an exit status. */
static int handle_option(int c, struct cli_opts *o, char **argv)
{
	uint64_t v;

	switch (c) {
	case 'c': o->config = optarg; return 0;
	case 'p': o->policy = optarg; return 0;
	case 'o':
		if (!optarg[0])
			return usage_error("option '-o' needs a non-empty path");
		o->outdir = optarg;
		return 0;
	case 'q': o->quiet = true; return 0;
	case 'h': return -1;
	case OPT_TRACE_EVENTS: o->trace_events = optarg; return 0;
	case OPT_TRACE_SYSTEMS: return parse_trace_systems(optarg, &o->trace_mask);
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

/* cli_getopt over argv (argv[0] is the command); -1 for --help. */
static int parse_options(int argc, char **argv, const char *shortopts,
			 const struct option *longopts, struct cli_opts *o)
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

/* ---- booting the machine ---- */

/* Load CONFIG (or the default), apply -p, boot.  Returns an exit status. */
static int boot_machine(const struct cli_opts *o, struct machine *m)
{
	const char *name = o->config ? o->config : DEFAULT_CONFIG_NAME;
	struct mm_boot_params p;
	char err[1024], msg[1100];

	if (o->config ? sim_config_load_file(o->config, &p, err, sizeof(err)) :
	    sim_config_load_string(name, sim_default_config_json, &p, err, sizeof(err)))
		return fail(EXIT_BAD_INPUT, err);
	if (o->policy) {
		if (!mm_profile_find(o->policy)) {
			char known[256];

			policy_names(known, sizeof(known));
			return usage_error("unknown policy '%s' (known: %s)", o->policy, known);
		}
		p.profile = o->policy;
	}
	if (machine_boot(m, &p, err, sizeof(err)) != 0) {
		snprintf(msg, sizeof(msg), "%s: machine: %s", name, err);
		return fail(EXIT_BAD_INPUT, msg);
	}
	return EXIT_OK;
}

/* The churn parameters for machine m: sized from its managed memory. */
static int churn_params(const struct cli_opts *o, const struct machine *m,
			struct gen_churn_params *gp)
{
	uint64_t managed_pages = 0;
	char msg[256];
	const char *bad;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; m->node_data[nid] && z < MAX_NR_ZONES; z++)
			managed_pages += m->node_data[nid]->node_zones[z].managed_pages;
	gen_churn_default_params(gp, managed_pages, m->nr_node_ids, m->nr_cpus);
	gp->seed = o->seed;
	if (o->nr_events)
		gp->nr_events = o->nr_events;
	bad = gen_churn_check(gp);
	if (bad) {
		snprintf(msg, sizeof(msg), "numasim: churn workload: %s", bad);
		return fail(EXIT_BAD_INPUT, msg);
	}
	return EXIT_OK;
}

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
	output_abort(bug_output);
	bug_output = NULL;
	exit(EXIT_INTERNAL);
}

/* ---- run ---- */

/* Everything one run holds, released in one place. */
struct run_state {
	struct cli_opts opts;
	struct machine m;
	bool booted;
	struct trace_reader *reader;
	pid_t generator;		/* the embedded workload's generator, if running */
	struct output *out;
	struct report_run report;	/* snapshot summaries, timeseries.csv */
	FILE *trace_events_file;	/* owned by out */
	struct tracefs *tracefs;
	struct engine engine;
	bool engine_ready;
	char err[1024];
};

static int run_reap_generator(struct run_state *rs, bool replay_done);

static void run_release(struct run_state *rs)
{
	if (rs->engine_ready)
		engine_release(&rs->engine);
	tracefs_discard(rs->tracefs);
	report_run_release(&rs->report);
	output_abort(rs->out);
	bug_output = NULL;
	if (rs->reader)
		trace_reader_close(rs->reader);
	run_reap_generator(rs, false);
	if (rs->booted)
		machine_release(&rs->m);
}

/*
 * The embedded workload is generated by a child process into a pipe, so
 * the run streams it (a default run is several hundred MB of text) and
 * generation overlaps replay on a second core.  The child's output depends
 * only on the parameters, so the run stays deterministic.
 */
static int run_spawn_generator(struct run_state *rs, const struct gen_churn_params *gp)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds) != 0)
		return fail(EXIT_HOST, "numasim: cannot create a pipe for the default workload");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return fail(EXIT_HOST, "numasim: cannot start the default workload generator");
	}
	if (pid == 0) {
		FILE *f;

		close(fds[0]);
		f = fdopen(fds[1], "w");
		_exit(f && gen_churn_write(f, gp) == 0 && fclose(f) == 0 ? 0 : 1);
	}
	close(fds[1]);
	rs->generator = pid;
	rs->reader = trace_reader_open_fd(DEFAULT_TRACE_NAME, fds[0], rs->err, sizeof(rs->err));
	return rs->reader ? EXIT_OK : fail(EXIT_HOST, rs->err);
}

/* Reap the generator; a failure of its own means a truncated workload. */
static int run_reap_generator(struct run_state *rs, bool replay_done)
{
	int status;

	if (rs->generator <= 0)
		return EXIT_OK;
	if (!replay_done)
		kill(rs->generator, SIGTERM);
	while (waitpid(rs->generator, &status, 0) < 0 && errno == EINTR)
		;
	rs->generator = 0;
	if (replay_done && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		return fail(EXIT_INTERNAL, "numasim: the default workload generator failed");
	return EXIT_OK;
}

/* TRACE, or the embedded churn workload generated for this machine. */
static int run_open_trace(struct run_state *rs)
{
	struct gen_churn_params gp;
	int ret;

	if (rs->opts.trace) {
		rs->reader = trace_reader_open(rs->opts.trace, rs->err, sizeof(rs->err));
		return rs->reader ? EXIT_OK : fail(EXIT_BAD_INPUT, rs->err);
	}
	ret = churn_params(&rs->opts, &rs->m, &gp);
	if (ret)
		return ret;
	return run_spawn_generator(rs, &gp);
}

/*
 * Check every output against the inputs and each other, stage OUTDIR (with
 * timeseries.csv, and the trace-events file) and attach the tracefs sink.
 */
static int run_open_output(struct run_state *rs)
{
	struct output_spec spec;

	report_output_spec(&spec, rs->opts.outdir, rs->opts.sample_every != 0);
	spec.inputs[0] = rs->opts.config;
	spec.inputs[1] = rs->opts.trace;
	rs->out = output_begin(&spec, rs->err, sizeof(rs->err));
	if (!rs->out)
		return fail(EXIT_BAD_INPUT, rs->err);
	bug_output = rs->out;
	report_run_init(&rs->report, rs->out);
	if (rs->opts.sample_every &&
	    report_timeseries_open(&rs->report, rs->err, sizeof(rs->err)) != 0)
		return fail(EXIT_BAD_INPUT, rs->err);
	if (!rs->opts.trace_events)
		return EXIT_OK;
	rs->trace_events_file = output_stage_file(rs->out, rs->opts.trace_events, rs->err,
						  sizeof(rs->err));
	if (!rs->trace_events_file)
		return fail(EXIT_BAD_INPUT, rs->err);
	rs->tracefs = tracefs_attach(&rs->m, &rs->m.clock_ns,
				     rs->opts.trace_mask ? rs->opts.trace_mask :
				     mm_event_subsys_mask(MM_SYS_kmem), rs->err, sizeof(rs->err));
	return rs->tracefs ? EXIT_OK : fail(EXIT_HOST, rs->err);
}

static int run_replay(struct run_state *rs)
{
	struct engine_opts eo = {
		.check_every = rs->opts.check_every,
		.snapshot = report_snapshot,
		.snapshot_ctx = &rs->report,
		.sample_every = rs->opts.sample_every,
		.sample = report_sample,
		.sample_ctx = &rs->report,
	};
	enum engine_status st;

	st = engine_init(&rs->engine, &rs->m, &eo);
	rs->engine_ready = true;
	if (st == ENGINE_OK)
		st = engine_replay(&rs->engine, rs->reader);
	if (st == ENGINE_OK)
		return EXIT_OK;
	return fail(st == ENGINE_BAD_INPUT ? EXIT_BAD_INPUT :
		    st == ENGINE_OUTPUT ? EXIT_HOST : EXIT_INTERNAL, rs->engine.msg);
}

static void run_fill_info(const struct run_state *rs, struct report_info *ri)
{
	ri->version = NUMASIM_VERSION;
	ri->profile = rs->m.profile ? rs->m.profile->name : "";
	ri->seed = rs->opts.seed;
	ri->nr_events = rs->engine.nr_events;
	ri->snapshot_names = snapshot_names(&rs->engine, &ri->nr_snapshots);
	ri->snapshot_summary = rs->report.snaps;
	ri->nr_snapshot_summary = rs->report.nr_snaps;
}

/* Write results.json and the trace events, then move everything into place. */
static int run_finish(struct run_state *rs, const struct report_info *ri)
{
	struct tracefs *t = rs->tracefs;

	if (report_write_results(rs->out, &rs->m, ri, rs->err, sizeof(rs->err)) != 0)
		return fail(EXIT_HOST, rs->err);
	rs->tracefs = NULL;
	if (t && tracefs_finish(t, rs->trace_events_file, rs->err, sizeof(rs->err)) != 0)
		return fail(EXIT_HOST, rs->err);
	bug_output = NULL;
	if (output_commit(rs->out, rs->err, sizeof(rs->err)) != 0) {
		rs->out = NULL;
		return fail(EXIT_HOST, rs->err);
	}
	rs->out = NULL;
	return EXIT_OK;
}

static void run_print_written(FILE *f, const struct run_state *rs, const struct report_info *ri)
{
	fprintf(f, "\nwrote %s/results.json", rs->opts.outdir);
	if (rs->opts.sample_every)
		fprintf(f, ", %s/" REPORT_TIMESERIES_FILE, rs->opts.outdir);
	if (ri->nr_snapshots)
		fprintf(f, ", %s/snapshots/ (%zu)", rs->opts.outdir, ri->nr_snapshots);
	if (rs->opts.trace_events)
		fprintf(f, ", %s", rs->opts.trace_events);
	fprintf(f, "\n");
}

static int run_steps(struct run_state *rs)
{
	struct report_info ri;
	int ret;

	if ((ret = boot_machine(&rs->opts, &rs->m)) != EXIT_OK)
		return ret;
	rs->booted = true;
	if ((ret = run_open_trace(rs)) != EXIT_OK)
		return ret;
	if ((ret = run_open_output(rs)) != EXIT_OK)
		return ret;
	if ((ret = run_replay(rs)) != EXIT_OK)
		return ret;
	if ((ret = run_reap_generator(rs, true)) != EXIT_OK)
		return ret;
	run_fill_info(rs, &ri);
	if ((ret = run_finish(rs, &ri)) != EXIT_OK)
		return ret;
	if (!rs->opts.quiet) {
		/* With --trace-events -, standard output carries the events alone. */
		FILE *f = rs->opts.trace_events && !strcmp(rs->opts.trace_events, "-") ?
			  stderr : stdout;

		report_print_summary(f, &rs->m, &ri);
		run_print_written(f, rs, &ri);
	}
	return EXIT_OK;
}

static int cmd_run(int argc, char **argv)
{
	struct run_state *rs = calloc(1, sizeof(*rs));	/* struct machine is large */
	int ret;

	if (!rs)
		return fail(EXIT_HOST, "numasim: out of memory");
	rs->opts = (struct cli_opts){ .outdir = DEFAULT_OUTDIR, .seed = DEFAULT_SEED,
				      .nr_events = DEFAULT_NR_EVENTS,
				      .sample_every = DEFAULT_SAMPLE_EVERY };
	ret = parse_options(argc, argv, ":c:p:o:qh", run_options, &rs->opts);
	if (ret < 0) {
		printf("%snumasim run: %s", usage_text, run_help);
		ret = EXIT_OK;
	} else if (ret == 0 && argc - optind > 1) {
		ret = usage_error("run: too many arguments ('%s')", argv[optind + 1]);
	} else if (ret == 0 && rs->opts.trace_mask && !rs->opts.trace_events) {
		ret = usage_error("--trace-systems needs --trace-events");
	} else if (ret == 0 && !strcmp(rs->opts.outdir, "-")) {
		ret = usage_error("run: -o names a directory; '-' (standard output) cannot hold one");
	} else if (ret == 0) {
		rs->opts.trace = optind < argc ? argv[optind] : NULL;
		ret = run_steps(rs);
		run_release(rs);
	}
	free(rs);
	return ret;
}

/* ---- gen ---- */

/*
 * Write a generator's trace to path (sim/output.h: a file is staged and
 * replaced when complete) or stdout (NULL or "-"); input is the file the
 * generator read, which path may not be.
 */
static int gen_write(const char *path, const char *input, gen_write_fn write_trace,
		     const void *params)
{
	struct output_spec spec = { .inputs = { input } };
	struct output *out;
	char err[1024];
	FILE *f;

	if (!path)
		path = "-";
	out = output_begin(&spec, err, sizeof(err));
	f = out ? output_stage_file(out, path, err, sizeof(err)) : NULL;
	if (!f) {
		output_abort(out);
		return fail(EXIT_BAD_INPUT, err);
	}
	if (write_trace(f, params) != 0) {
		output_abort(out);
		snprintf(err, sizeof(err), "numasim: %s: write error",
			 strcmp(path, "-") ? path : "standard output");
		return fail(EXIT_HOST, err);
	}
	return output_commit(out, err, sizeof(err)) ? fail(EXIT_HOST, err) : EXIT_OK;
}

/* gen churn: boot the machine only to size the workload, then write it. */
static int gen_churn(const struct cli_opts *o)
{
	struct machine *m = calloc(1, sizeof(*m));
	struct gen_churn_params gp;
	int ret;

	if (!m)
		return fail(EXIT_HOST, "numasim: out of memory");
	ret = boot_machine(o, m);
	if (ret == EXIT_OK) {
		ret = churn_params(o, m, &gp);
		if (ret == EXIT_OK)
			ret = gen_write(o->outdir, o->config, gen_churn_writer, &gp);
		machine_release(m);
	}
	free(m);
	return ret;
}

/* gen memhog (argv[0] is "memhog"): its own options, no machine needed. */
static int gen_memhog(int argc, char **argv)
{
	struct gen_memhog_cli cli;
	char err[512];

	switch (gen_memhog_parse_args(argc, argv, &cli, err, sizeof(err))) {
	case GEN_CLI_HELP:
		printf("%s\n%s", gen_memhog_usage, gen_memhog_help);
		return EXIT_OK;
	case GEN_CLI_USAGE:
		return usage_error("%s", err);
	default:
		return gen_write(cli.output, NULL, gen_memhog_writer, &cli.params);
	}
}

/*
 * The workload kinds of gen.  A kind with options of its own (run_args)
 * is dispatched on its name, which must come first; the others take gen's
 * options (run_opts: -o names the output file, cli_opts.outdir), which may
 * also come before their name.
 */
struct gen_kind {
	const char *name;
	const char *usage;		/* its synopsis, as gen --help prints it */
	const char *help;		/* what it writes, and its options */
	int (*run_opts)(const struct cli_opts *o);
	int (*run_args)(int argc, char **argv);	/* argv[0] is the kind's name */
};

static const struct gen_kind gen_kinds[] = {
	{ "churn", churn_usage, churn_help, .run_opts = gen_churn },
	{ "memhog", gen_memhog_usage, gen_memhog_help, .run_args = gen_memhog },
};

static const struct gen_kind *gen_find_kind(const char *name)
{
	for (size_t i = 0; i < NR_ELEMS(gen_kinds); i++)
		if (!strcmp(gen_kinds[i].name, name))
			return &gen_kinds[i];
	return NULL;
}

/* "churn, memhog": the kinds, for the messages that list them. */
static const char *gen_kind_names(char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NR_ELEMS(gen_kinds) && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", gen_kinds[i].name);

		used += n > 0 ? (size_t)n : 0;
	}
	return buf;
}

/* gen's --help: the help of the kind named among args, else of every kind. */
static void gen_print_help(int argc, char **argv)
{
	const struct gen_kind *named = NULL;

	for (int a = 1; a < argc && !named; a++)
		named = gen_find_kind(argv[a]);
	for (size_t i = 0; i < NR_ELEMS(gen_kinds); i++)
		if (!named || named == &gen_kinds[i])
			printf("%s%s\n%s", i && !named ? "\n" : "", gen_kinds[i].usage,
			       gen_kinds[i].help);
}

/* gen KIND [OPTIONS] (argv[0] is "gen"). */
static int cmd_gen(int argc, char **argv)
{
	struct cli_opts o = { .seed = DEFAULT_SEED, .nr_events = DEFAULT_NR_EVENTS };
	const struct gen_kind *kind = argc > 1 ? gen_find_kind(argv[1]) : NULL;
	char known[128];
	int ret;

	if (kind && kind->run_args)
		return kind->run_args(argc - 1, argv + 1);
	ret = parse_options(argc, argv, ":c:o:h", gen_options, &o);
	if (ret < 0) {
		gen_print_help(argc, argv);
		return EXIT_OK;
	}
	if (ret)
		return ret;
	if (optind >= argc)
		return usage_error("gen: missing the workload kind (known: %s)",
				   gen_kind_names(known, sizeof(known)));
	kind = gen_find_kind(argv[optind]);
	if (!kind)
		return usage_error("gen: unknown workload '%s' (known: %s)", argv[optind],
				   gen_kind_names(known, sizeof(known)));
	if (kind->run_args)
		return usage_error("gen: %s takes its options after its name "
				   "(numasim gen %s [OPTIONS])", kind->name, kind->name);
	if (argc - optind > 1)
		return usage_error("gen: too many arguments ('%s')", argv[optind + 1]);
	return kind->run_opts(&o);
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
	{ "gen", cmd_gen, .kinds = gen_kinds, .nr_kinds = NR_ELEMS(gen_kinds) },
};

static void print_help(void)
{
	printf("numasim %s - a simulator of the Linux NUMA memory manager\n\n%s\n",
	       NUMASIM_VERSION, usage_text);
	for (size_t i = 0; i < NR_ELEMS(commands); i++) {
		const struct command *c = &commands[i];

		if (c->help)
			printf("numasim %s: %s\n", c->name, c->help);
		for (size_t k = 0; k < c->nr_kinds; k++)
			printf("numasim %s %s: %s\n", c->name, c->kinds[k].name, c->kinds[k].help);
	}
	printf("Profiles (-p): ");
	print_policies(stdout);
	printf("\n");
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
		if (!strcmp(argv[optind], commands[i].name))
			return commands[i].run(argc - optind, argv + optind);
	return usage_error("unknown command '%s'", argv[optind]);
}
