/*
 * sim/run.c - one "numasim run" as a function (sim/run.h): boot the
 * machine, open the trace (or start the embedded workload's generator),
 * stage the outputs, replay, write results.json and commit.
 *
 * Invariants: everything a run takes lives in one struct run_state and is
 * released by run_release() whatever the status; a status other than 0
 * leaves no output created or changed (sim/output.c stages everything and
 * commits last); nothing here exits.  The one global is the staged output
 * of the run in progress, for the bug handler: an MM_BUG_ON deep inside
 * mm/ does not return, and the run's staged files must go with it.
 *
 * No kernel counterpart.
 */
#include "sim/run.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mm/check.h"
#include "mm/mm_init.h"
#include "mm/profile.h"
#include "mm/trace_schema.h"
#include "sim/config.h"
#include "sim/engine.h"
#include "sim/explain.h"
#include "sim/import.h"
#include "sim/init_from.h"
#include "sim/message.h"
#include "sim/output.h"
#include "sim/progress.h"
#include "sim/report.h"
#include "sim/tracefs.h"
#include "sim/verbs.h"
#include "workloads/gen_churn.h"
#include "workloads/line_reader.h"
#include "workloads/trace.h"

#define DEFAULT_SEED		1
/* 0: the generator sizes the run (three events per page of memory). */
#define DEFAULT_NR_EVENTS	0ull
/* A timeseries.csv row every this many events (0: no timeseries.csv). */
#define DEFAULT_SAMPLE_EVERY	100000ul
#define DEFAULT_CONFIG_NAME	SIM_DEFAULT_CONFIG_NAME
#define DEFAULT_TRACE_NAME	"<default workload>"

/* The inputs: the config, the trace and the snapshot files --init-from reads. */
_Static_assert(2 + INIT_FROM_MAX_FILES <= OUTPUT_MAX_INPUTS, "room for every input");

/* The staged output of the run in progress (see the top of the file). */
static struct output *bug_output;

void run_opts_default(struct run_opts *o)
{
	*o = (struct run_opts){ .outdir = RUN_DEFAULT_OUTDIR, .seed = DEFAULT_SEED,
				.nr_events = DEFAULT_NR_EVENTS,
				.sample_every = DEFAULT_SAMPLE_EVERY };
}

void sim_run_abort_outputs(void)
{
	output_abort(bug_output);
	bug_output = NULL;
}

/* ---- booting the machine ---- */

int sim_boot_machine(const char *config, const char *policy,
		     const struct sim_config_sets *sets, struct machine *m)
{
	return sim_boot_machine_from(config, DEFAULT_CONFIG_NAME, sim_default_config_json, policy,
				     sets, m);
}

int sim_boot_machine_from(const char *config, const char *default_name, const char *default_json,
			  const char *policy, const struct sim_config_sets *sets,
			  struct machine *m)
{
	const char *name = config ? config : default_name;
	struct mm_boot_params p;
	char err[1024], msg[1100];
	int ret = config ? sim_config_load(config, sets, &p, err, sizeof(err)) :
		  sim_config_load_text(default_name, default_json, sets, &p, err, sizeof(err));

	if (ret)
		return sim_fail(EXIT_BAD_INPUT, err);
	if (policy) {
		if (!mm_profile_find(policy)) {
			snprintf(msg, sizeof(msg), "numasim: unknown policy '%s'", policy);
			return sim_fail(EXIT_BAD_INPUT, msg);
		}
		p.profile = policy;
	}
	if (machine_boot(m, &p, err, sizeof(err)) != 0) {
		snprintf(msg, sizeof(msg), "%s: machine: %s", name, err);
		return sim_fail(EXIT_BAD_INPUT, msg);
	}
	return EXIT_OK;
}

/* The churn parameters for machine m: sized from its managed memory. */
int sim_churn_params(const struct machine *m, uint64_t seed, uint64_t nr_events,
		     struct gen_churn_params *gp)
{
	uint64_t managed_pages = 0;
	char msg[256];
	const char *bad;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; m->node_data[nid] && z < MAX_NR_ZONES; z++)
			managed_pages += m->node_data[nid]->node_zones[z].managed_pages;
	gen_churn_default_params(gp, managed_pages, m->nr_node_ids, m->nr_cpus);
	gp->seed = seed;
	if (nr_events)
		gp->nr_events = nr_events;
	bad = gen_churn_check(gp);
	if (bad) {
		snprintf(msg, sizeof(msg), "numasim: churn workload: %s", bad);
		return sim_fail(EXIT_BAD_INPUT, msg);
	}
	return EXIT_OK;
}

/* ---- the run ---- */

/* Everything one run holds, released in one place. */
struct run_state {
	struct run_opts opts;
	struct machine m;
	bool booted;
	struct init_from_report init_from;	/* with --init-from */
	bool init_from_done;
	struct trace_reader *reader;
	struct line_reader *ftrace;	/* --ftrace: the kernel trace instead */
	pid_t generator;		/* the embedded workload's generator, if running */
	struct output *out;
	struct report_run report;	/* snapshot summaries, timeseries.csv */
	FILE *trace_events_file;	/* owned by out */
	struct explain_log explain;	/* --explain: written to its staged file */
	bool explaining;
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
	explain_log_release(&rs->explain);
	tracefs_discard(rs->tracefs);
	report_run_release(&rs->report);
	output_abort(rs->out);
	bug_output = NULL;
	if (rs->reader)
		trace_reader_close(rs->reader);
	line_reader_close(rs->ftrace);
	run_reap_generator(rs, false);
	init_from_release(&rs->init_from);
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
		return sim_fail(EXIT_HOST, "numasim: cannot create a pipe for the default workload");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return sim_fail(EXIT_HOST, "numasim: cannot start the default workload generator");
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
	return rs->reader ? EXIT_OK : sim_fail(EXIT_HOST, rs->err);
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
		return sim_fail(EXIT_INTERNAL, "numasim: the default workload generator failed");
	return EXIT_OK;
}

/* TRACE, or the embedded churn workload generated for this machine. */
static int run_open_trace(struct run_state *rs)
{
	struct gen_churn_params gp;
	int ret;

	if (rs->opts.trace && rs->opts.ftrace) {
		rs->ftrace = line_reader_open(rs->opts.trace, rs->err, sizeof(rs->err));
		return rs->ftrace ? EXIT_OK : sim_fail(EXIT_BAD_INPUT, rs->err);
	}
	if (rs->opts.trace) {
		rs->reader = trace_reader_open(rs->opts.trace, rs->err, sizeof(rs->err));
		return rs->reader ? EXIT_OK : sim_fail(EXIT_BAD_INPUT, rs->err);
	}
	ret = sim_churn_params(&rs->m, rs->opts.seed, rs->opts.nr_events, &gp);
	if (ret)
		return ret;
	return run_spawn_generator(rs, &gp);
}

/* --explain FILE: staged like the trace-events file, the narration attached. */
static int run_open_explain(struct run_state *rs)
{
	FILE *f = output_stage_file(rs->out, rs->opts.explain, rs->err, sizeof(rs->err));

	if (!f)
		return sim_fail(EXIT_BAD_INPUT, rs->err);
	explain_log_init(&rs->explain, f, 0);
	explain_log_attach(&rs->explain, &rs->m);
	rs->explaining = true;
	return EXIT_OK;
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
	for (size_t i = 0; i < rs->init_from.nr_files; i++)
		spec.inputs[2 + i] = rs->init_from.paths[i];
	rs->out = output_begin(&spec, rs->err, sizeof(rs->err));
	if (!rs->out)
		return sim_fail(EXIT_BAD_INPUT, rs->err);
	bug_output = rs->out;
	report_run_init(&rs->report, rs->out);
	if (rs->opts.sample_every &&
	    report_timeseries_open(&rs->report, &rs->m, rs->err, sizeof(rs->err)) != 0)
		return sim_fail(EXIT_BAD_INPUT, rs->err);
	if (rs->opts.explain && run_open_explain(rs) != EXIT_OK)
		return EXIT_BAD_INPUT;
	if (!rs->opts.trace_events)
		return EXIT_OK;
	rs->trace_events_file = output_stage_file(rs->out, rs->opts.trace_events, rs->err,
						  sizeof(rs->err));
	if (!rs->trace_events_file)
		return sim_fail(EXIT_BAD_INPUT, rs->err);
	rs->tracefs = tracefs_attach(&rs->m, &rs->m.clock_ns,
				     rs->opts.trace_mask ? rs->opts.trace_mask :
				     mm_event_subsys_mask(MM_SYS_kmem), rs->err, sizeof(rs->err));
	return rs->tracefs ? EXIT_OK : sim_fail(EXIT_HOST, rs->err);
}

/*
 * --ftrace: the kernel trace's events go from the importer to the engine
 * as records, with the import's defaults (the kernel 6.1; a bad line
 * stops the run).
 */
static int run_import_replay(struct run_state *rs)
{
	struct import_opts io = { .input = rs->opts.trace };
	int ret;

	ftrace_kernel_parse("6.1", &io.kernel, rs->err, sizeof(rs->err));
	ret = import_replay(&io, rs->ftrace, &rs->engine, rs->opts.quiet ? NULL : stderr,
			    rs->err, sizeof(rs->err));
	return ret == EXIT_OK ? EXIT_OK : sim_fail(ret, rs->err);
}

/*
 * engine_replay() for --explain: one record at a time, its line written
 * to the narration before what it makes the kernel decide.
 */
static enum engine_status run_replay_explained(struct run_state *rs)
{
	struct trace_record rec;
	enum engine_status st;
	char err[sizeof(rs->engine.msg)];
	int n;

	while ((n = trace_reader_next(rs->reader, &rec, err, sizeof(err))) > 0) {
		explain_log_record(&rs->explain, &rec);
		st = engine_replay_records(&rs->engine, &rec, 1);
		if (st != ENGINE_OK)
			return st;
	}
	if (n < 0) {
		snprintf(rs->engine.msg, sizeof(rs->engine.msg), "%s", err);
		return ENGINE_BAD_INPUT;
	}
	return engine_replay_end(&rs->engine);
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
		.follow = rs->opts.follow,
		.follow_log = stderr,
	};
	struct progress progress;
	enum engine_status st;

	if (rs->ftrace)
		progress_start_lines(&progress, STDERR_FILENO, "replay", rs->ftrace);
	else
		progress_start(&progress, STDERR_FILENO, rs->reader);
	eo.progress = &progress;
	st = engine_init(&rs->engine, &rs->m, &eo);
	rs->engine_ready = true;
	if (st == ENGINE_OK && rs->ftrace) {
		int ret = run_import_replay(rs);

		progress_finish(&progress);
		return ret;
	}
	if (st == ENGINE_OK)
		st = rs->explaining ? run_replay_explained(rs) : engine_replay(&rs->engine, rs->reader);
	progress_finish(&progress);
	if (st == ENGINE_OK)
		return EXIT_OK;
	return sim_fail(st == ENGINE_BAD_INPUT ? EXIT_BAD_INPUT :
		    st == ENGINE_OUTPUT ? EXIT_HOST : EXIT_INTERNAL, rs->engine.msg);
}

static void run_fill_info(const struct run_state *rs, struct report_info *ri)
{
	ri->version = NUMASIM_VERSION;
	ri->profile = rs->m.profile ? rs->m.profile->name : "";
	ri->seed = rs->opts.seed;
	ri->sets = &rs->opts.sets;
	ri->nr_events = rs->engine.nr_events;
	ri->snapshot_names = snapshot_names(&rs->engine, &ri->nr_snapshots);
	ri->snapshot_summary = rs->report.snaps;
	ri->nr_snapshot_summary = rs->report.nr_snaps;
	ri->init_from = rs->init_from_done ? &rs->init_from : NULL;
	ri->numa_calls = numa_calls(&rs->engine, &ri->nr_numa_calls);
	ri->follow = rs->opts.follow;
	ri->traced = page_traced_counts(&rs->engine);
	ri->oom_skipped_events = oom_skipped_events(&rs->engine);
}

/* Write results.json and the trace events, then move everything into place. */
static int run_finish(struct run_state *rs, const struct report_info *ri)
{
	struct tracefs *t = rs->tracefs;

	if (report_write_results(rs->out, &rs->m, ri, rs->err, sizeof(rs->err)) != 0)
		return sim_fail(EXIT_HOST, rs->err);
	rs->tracefs = NULL;
	if (t && tracefs_finish(t, rs->trace_events_file, rs->err, sizeof(rs->err)) != 0)
		return sim_fail(EXIT_HOST, rs->err);
	bug_output = NULL;
	if (output_commit(rs->out, rs->err, sizeof(rs->err)) != 0) {
		rs->out = NULL;
		return sim_fail(EXIT_HOST, rs->err);
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
	if (rs->opts.explain)
		fprintf(f, ", %s", rs->opts.explain);
	fprintf(f, "\n");
}

/*
 * --init-from: the booted machine takes the snapshot's state; with --check
 * the checkers look at it before the first event.
 */
static int run_init_from(struct run_state *rs)
{
	char msg[1024], full[1400];
	int ret = init_from_apply(rs->opts.init_from,
				  rs->opts.config ? rs->opts.config : DEFAULT_CONFIG_NAME,
				  &rs->m, &rs->init_from);

	if (ret != EXIT_OK)
		return ret;
	rs->init_from_done = true;
	if (rs->opts.check_every && machine_check(&rs->m, msg, sizeof(msg))) {
		snprintf(full, sizeof(full), "numasim: invariant broken after --init-from %s: %s",
			 rs->opts.init_from, msg);
		return sim_fail(EXIT_INTERNAL, full);
	}
	return EXIT_OK;
}

static int run_steps(struct run_state *rs)
{
	struct report_info ri;
	int ret;

	if ((ret = sim_boot_machine(rs->opts.config, rs->opts.policy, &rs->opts.sets, &rs->m)) != EXIT_OK)
		return ret;
	rs->booted = true;
	if (rs->opts.init_from && (ret = run_init_from(rs)) != EXIT_OK)
		return ret;
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
		FILE *f = run_summary_stream(&rs->opts);

		report_print_summary(f, &rs->m, &ri);
		run_print_written(f, rs, &ri);
	}
	return EXIT_OK;
}

/* With --trace-events - or --explain -, standard output carries that output alone. */
FILE *run_summary_stream(const struct run_opts *o)
{
	if ((o->trace_events && !strcmp(o->trace_events, "-")) ||
	    (o->explain && !strcmp(o->explain, "-")))
		return stderr;
	return stdout;
}

int sim_run(const struct run_opts *o)
{
	struct run_state *rs = calloc(1, sizeof(*rs));	/* struct machine is large */
	int ret;

	if (!rs)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	rs->opts = *o;
	ret = run_steps(rs);
	run_release(rs);
	free(rs);
	return ret;
}
