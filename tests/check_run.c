/*
 * tests/check_run.c - a whole "numasim run" called as a function
 * (sim_run(), sim/run.h), the way a test or a fuzz target calls it.
 *
 * The contract of sim/run.h: a run returns its exit status instead of
 * exiting, releases all it took, and carries nothing into the next run in
 * the same process; a refused run leaves no output behind and does not
 * spoil the run after it.  The command line's own tests (check_cli*.c) run
 * the binary; these call the library.
 *
 * No kernel counterpart: the harness side of the simulator.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "mm/trace_events.h"
#include "sim/message.h"
#include "sim/run.h"
#include "tests/helpers.h"

#define SMALL_JSON	"tests/data/cli/small.json"
#define GOOD		"tests/data/cli/good.trace"

static char dir[64];

static void run_setup(void)
{
	test_scratch_dir(dir, sizeof(dir), "run");
}

static void run_teardown(void)
{
	test_remove_dir(dir);
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* A quiet run of trace on small.json into dir/outdir, with every output on. */
static void small_opts(struct run_opts *o, const char *trace, const char *outdir,
		       const char *events)
{
	run_opts_default(o);
	o->config = SMALL_JSON;
	o->trace = trace;
	o->outdir = strdup(test_path_in(dir, outdir));
	o->trace_events = strdup(test_path_in(dir, events));
	for (int sys = 0; sys < MM_SYS_NR; sys++)
		o->trace_mask |= mm_event_subsys_mask((enum mm_trace_subsys)sys);
	o->check_every = 1;
	o->sample_every = 1;
	o->quiet = true;
}

static void free_opts(struct run_opts *o)
{
	free((char *)o->outdir);
	free((char *)o->trace_events);
}

/* Assert that the files a and b (paths in dir) hold the same bytes. */
static void expect_same_file(const char *a, const char *b)
{
	char *fa = test_read_file(test_path_in(dir, a));
	char *fb = test_read_file(test_path_in(dir, b));

	ck_assert_msg(fa[0] != '\0', "%s is empty", a);
	ck_assert_msg(!strcmp(fa, fb), "%s and %s differ", a, b);
	free(fa);
	free(fb);
}

/*
 * Two runs of the same trace in one process write the same bytes: no
 * state (machine, event sinks, output staging, the bug handler's output)
 * outlives a run.  Every checker runs after every event.
 */
START_TEST(test_run_twice_same_outputs)
{
	struct run_opts a, b;

	small_opts(&a, GOOD, "out1", "events1");
	small_opts(&b, GOOD, "out2", "events2");
	ck_assert_int_eq(sim_run(&a), EXIT_OK);
	ck_assert_int_eq(sim_run(&b), EXIT_OK);
	expect_same_file("out1/results.json", "out2/results.json");
	expect_same_file("out1/timeseries.csv", "out2/timeseries.csv");
	expect_same_file("out1/snapshots/end/buddyinfo", "out2/snapshots/end/buddyinfo");
	expect_same_file("events1", "events2");
	free_opts(&a);
	free_opts(&b);
}
END_TEST

/*
 * A refused run returns 2 with no output created (not the directory, not
 * the events file), and the next run in the process succeeds.
 */
START_TEST(test_refused_run_leaves_nothing)
{
	static const char bad[] = "numasim-trace v1\nalloc id=a order=0 gfp=GFP_KERNEL\n"
				  "frobnicate now\n";
	struct run_opts o;

	test_write_file(test_path_in(dir, "bad.trace"), bad, sizeof(bad) - 1);
	small_opts(&o, strdup(test_path_in(dir, "bad.trace")), "out", "events");
	ck_assert_int_eq(sim_run(&o), EXIT_BAD_INPUT);
	ck_assert(!exists(o.outdir));
	ck_assert(!exists(o.trace_events));
	free((char *)o.trace);
	o.trace = GOOD;
	ck_assert_int_eq(sim_run(&o), EXIT_OK);
	ck_assert(exists(test_path_in(dir, "out/results.json")));
	free_opts(&o);
}
END_TEST

/* A profile that does not exist is refused before the machine boots. */
START_TEST(test_unknown_policy)
{
	struct run_opts o;

	small_opts(&o, GOOD, "out", "events");
	o.policy = "linux-0.01";
	ck_assert_int_eq(sim_run(&o), EXIT_BAD_INPUT);
	ck_assert(!exists(o.outdir));
	free_opts(&o);
}
END_TEST

/*
 * Without a trace the run replays the embedded workload from a generator
 * process; the run reaps it before it returns, so the caller is left with
 * no child.
 */
START_TEST(test_embedded_workload_reaped)
{
	struct run_opts o;

	small_opts(&o, NULL, "out", "events");
	o.nr_events = 3000;
	o.check_every = 500;
	ck_assert_int_eq(sim_run(&o), EXIT_OK);
	ck_assert(exists(test_path_in(dir, "out/results.json")));
	errno = 0;
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
	free_opts(&o);
}
END_TEST

Suite *run_suite(void);

Suite *run_suite(void)
{
	Suite *s = suite_create("run");
	TCase *tc = tcase_create("run");

	tcase_add_checked_fixture(tc, run_setup, run_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_run_twice_same_outputs);
	tcase_add_test(tc, test_refused_run_leaves_nothing);
	tcase_add_test(tc, test_unknown_policy);
	tcase_add_test(tc, test_embedded_workload_reaped);
	suite_add_tcase(s, tc);
	return s;
}
