/*
 * tests/check_sweep.c - `numasim sweep` (sim/sweep*.c): the grid's
 * expansion (how many runs, in which order, under which names, the same
 * bytes twice), a local run collected into one table whose rows are what
 * `numasim run` gives for the same options, the same table from GNU
 * parallel running jobs.txt, the Slurm script (its syntax, its --array
 * against the jobs, a task run by hand), and every kind of bad input
 * (exit 2, one FILE:LINE message, no DIR).
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/helpers.h"

#define MSG_BYTES	8192
#define CLI_DATA	"tests/data/cli/"

static char work[64];
static char out[MSG_BYTES], err[MSG_BYTES];

/* The tiny grid: 2 profiles x 2 knob values on a 17-line trace, 64 MiB machine. */
#define TINY_GRID \
	"{\n" \
	"  \"config\": \"small.json\",\n" \
	"  \"workloads\": [\"good.trace\"],\n" \
	"  \"profiles\": [\"linux-6.1\", \"no-grouping\"],\n" \
	"  \"knobs\": {\"kernel.policy.steal_order\": [4, 9]},\n" \
	"  \"sample_every\": 4\n" \
	"}\n"

static void setup(void)
{
	test_scratch_dir(work, sizeof(work), "sweep");
	test_sh_at(work, "cp " CLI_DATA "small.json " CLI_DATA "good.trace @/");
	test_write_file(test_path_in(work, "tiny.json"), TINY_GRID, strlen(TINY_GRID));
}

static void teardown(void)
{
	test_remove_dir(work);
}

#define numasim(...)	test_numasim_at(work, out, sizeof(out), err, sizeof(err), __VA_ARGS__)

static json_t *load_json(const char *rel)
{
	return test_load_json(test_path_in(work, rel));
}

static void write_grid(const char *rel, const char *text)
{
	test_write_file(test_path_in(work, rel), text, strlen(text));
}

static bool have(const char *program)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", program);
	return system(cmd) == 0;
}

/* ---- expansion ---- */

/*
 * 1 trace x 2 profiles x (2 x 3) knob values, and 1 generator taking
 * --seed x 2 profiles x 6 x 2 seeds: 12 + 24 runs; in the order
 * workloads, profiles, knobs (the last named varying fastest), seeds;
 * each named by its index; a seed only where the generator takes one.
 */
#define EXPAND_GRID \
	"{\"config\": \"small.json\",\n" \
	" \"workloads\": [\"good.trace\", {\"gen\": \"churn\", \"args\": [\"--events\", \"500\"]}],\n" \
	" \"profiles\": [\"linux-6.1\", \"contiguitas\"],\n" \
	" \"knobs\": {\"kernel.pcp\": [true, false],\n" \
	"            \"kernel.policy.steal_order\": [0, 4, 9]},\n" \
	" \"seeds\": [7, 3]}\n"

START_TEST(test_expand_order)
{
	static const char *const workloads[] = { "good", "churn" };
	static const char *const profiles[] = { "linux-6.1", "contiguitas" };
	static const int steal[] = { 0, 4, 9 }, seeds[] = { 7, 3 };
	json_t *grid, *runs;
	size_t i = 0;
	char *a, *b, name[64];

	write_grid("expand.json", EXPAND_GRID);
	ck_assert_int_eq(numasim("sweep @/expand.json -o @/e1 --emit parallel -q"), 0);
	ck_assert_str_eq(out, "");
	grid = load_json("e1/grid.json");
	runs = json_object_get(grid, "runs");
	ck_assert_uint_eq(json_array_size(runs), 36);
	for (size_t w = 0; w < 2; w++)
		for (size_t p = 0; p < 2; p++)
			for (size_t pcp = 0; pcp < 2; pcp++)
				for (size_t st = 0; st < 3; st++)
					for (size_t s = 0; s < (w ? 2u : 1u); s++, i++) {
						json_t *r = json_array_get(runs, i);
						json_t *k = json_object_get(r, "knobs");

						ck_assert_str_eq(json_string_value(json_object_get(r, "workload")), workloads[w]);
						ck_assert_str_eq(json_string_value(json_object_get(r, "profile")), profiles[p]);
						ck_assert(json_is_true(json_object_get(k, "kernel.pcp")) == !pcp);
						ck_assert_int_eq(json_integer_value(json_object_get(k, "kernel.policy.steal_order")), steal[st]);
						if (w)
							ck_assert_int_eq(json_integer_value(json_object_get(r, "seed")), seeds[s]);
						else
							ck_assert(json_is_null(json_object_get(r, "seed")));
						snprintf(name, sizeof(name), "%04zu-", i);
						ck_assert(!strncmp(json_string_value(json_object_get(r, "run")), name, 5));
					}
	json_decref(grid);
	a = test_read_file(test_path_in(work, "e1/jobs.txt"));
	ck_assert_uint_eq(test_count_lines(a, "/"), 36);
	free(a);
	/* the same grid, elsewhere: the same bytes */
	ck_assert_int_eq(numasim("sweep @/expand.json -o @/e2 --emit slurm -q"), 0);
	for (size_t f = 0; f < 4; f++) {
		static const char *const files[] = {
			"grid.json", "jobs.txt", "sweep.slurm", "runs/0035-churn-contiguitas-pcp=false-steal_order=9-s3/cmd",
		};
		char p1[128], p2[128];

		snprintf(p1, sizeof(p1), "e1/%s", files[f]);
		snprintf(p2, sizeof(p2), "e2/%s", files[f]);
		a = test_read_file(test_path_in(work, p1));
		b = test_read_file(test_path_in(work, p2));
		ck_assert_msg(a && b && !strcmp(a, b), "%s differs", files[f]);
		free(a);
		free(b);
	}
	ck_assert_int_eq(access(test_path_in(work, "e1/runs/0000-good-linux-6.1-pcp=true-steal_order=0/cmd"),
				F_OK), 0);
	ck_assert_int_ne(access(test_path_in(work, "e1/runs/0000-good-linux-6.1-pcp=true-steal_order=0/"
					   "results.json"), F_OK), 0);
}
END_TEST

/* ---- running ---- */

/* The metrics of a run's results.json: what collect's row must hold. */
static json_t *run_part(const char *dir, const char *part)
{
	char rel[256];
	json_t *root, *v;

	snprintf(rel, sizeof(rel), "%s/results.json", dir);
	root = load_json(rel);
	v = json_incref(json_object_get(root, part));
	json_decref(root);
	return v;
}

/* collect's sweep.csv of DIR, run by run: "run,status,workload,profile,steal_order,..." */
static char *table(const char *dir)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "%s/sweep.csv", dir);
	return test_read_file(test_path_in(work, rel));
}

/* The tiny grid run here (-j 2) and collected: DIR collected gives the same table. */
static void expect_local_table(const char *dir)
{
	char *local, *other;

	ck_assert_int_eq(numasim("sweep @/tiny.json -o @/local -j 2 -q"), 0);
	ck_assert_int_eq(numasim("sweep collect -q @/%s", dir), 0);
	local = table("local");
	other = table(dir);
	ck_assert_str_eq(local, other);
	free(local);
	free(other);
}

/*
 * Each run is `numasim run` with its profile and --set: its counters and
 * metrics are those of that run made by hand.  Collect gives one row a
 * run, its parameters, status ok, and free_huge_blocks from its
 * results.json.
 */
START_TEST(test_local_run_collect)
{
	static const char *const rows[] = {
		"0000-good-linux-6.1-steal_order=4,ok,good,linux-6.1,4,",
		"0001-good-linux-6.1-steal_order=9,ok,good,linux-6.1,9,",
		"0002-good-no-grouping-steal_order=4,ok,good,no-grouping,4,",
		"0003-good-no-grouping-steal_order=9,ok,good,no-grouping,9,",
	};
	char *csv, *line, *save = NULL;
	json_t *swept, *direct, *sweep;
	size_t i = 0;

	ck_assert_int_eq(numasim("sweep @/tiny.json -o @/local -j 2"), 0);
	ck_assert_ptr_nonnull(strstr(out, "4 runs: 4 ok, 0 failed, 0 unfinished"));
	ck_assert_int_eq(numasim("run -q -o @/direct -c @/small.json -p no-grouping "
				 "--sample-every 4 --set kernel.policy.steal_order=9 @/good.trace"), 0);
	for (size_t k = 0; k < 2; k++) {
		const char *part = k ? "metrics" : "counters";

		swept = run_part("local/runs/0003-good-no-grouping-steal_order=9", part);
		direct = run_part("direct", part);
		ck_assert_msg(json_equal(swept, direct), "%s differ", part);
		json_decref(swept);
		json_decref(direct);
	}
	csv = table("local");
	ck_assert(!strncmp(csv, "run,status,workload,profile,kernel.policy.steal_order,"
			   "free_huge_blocks,", 70));
	sweep = load_json("local/sweep.json");
	for (line = strtok_r(strchr(csv, '\n') + 1, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), i++) {
		json_t *row = json_array_get(json_object_get(sweep, "runs"), i);
		char rel[128], want[32];

		ck_assert_uint_lt(i, 4);
		ck_assert_msg(!strncmp(line, rows[i], strlen(rows[i])), "row %zu: %s", i, line);
		snprintf(rel, sizeof(rel), "local/runs/%.*s", (int)strcspn(line, ","), line);
		swept = run_part(rel, "metrics");
		snprintf(want, sizeof(want), "%lld,", (long long)json_integer_value(
			json_object_get(swept, "free_huge_blocks")));
		ck_assert_msg(!strncmp(line + strlen(rows[i]), want, strlen(want)), "%s", line);
		ck_assert(json_equal(json_object_get(json_object_get(row, "metrics"),
						     "free_huge_blocks"),
				     json_object_get(swept, "free_huge_blocks")));
		json_decref(swept);
	}
	ck_assert_uint_eq(i, 4);
	json_decref(sweep);
	free(csv);
	/* With gnuplot, each run's own pictures: names carry the run's folder. */
	for (i = 0; i < 4 && system("command -v gnuplot >/dev/null 2>&1") == 0; i++) {
		char rel[160];

		snprintf(rel, sizeof(rel), "local/plots/fallback-heatmap-%.*s.png",
			 (int)strcspn(rows[i], ","), rows[i]);
		ck_assert_msg(access(test_path_in(work, rel), F_OK) == 0, "no %s", rel);
	}
}
END_TEST

/* jobs.txt run by GNU parallel in DIR, then collected: the table of the local run. */
START_TEST(test_parallel_jobs)
{
	if (!have("parallel")) {
		fprintf(stderr, "check_sweep: GNU parallel is not installed (Debian: parallel); "
			"test_parallel_jobs skipped\n");
		return;
	}
	ck_assert_int_eq(numasim("sweep @/tiny.json -o @/par --emit parallel -q"), 0);
	test_sh_at(work, "cd @/par && parallel --will-cite --jobs 2 < jobs.txt");
	expect_local_table("par");
}
END_TEST

/*
 * sweep.slurm: valid bash, an array of one task per line of jobs.txt,
 * and task K (SLURM_ARRAY_TASK_ID=K, from any folder) runs line K+1 and
 * only it; a task past the last line or no task number is an error.
 */
START_TEST(test_slurm_script)
{
	char *script, *csv;

	ck_assert_int_eq(numasim("sweep @/tiny.json -o @/sl --emit slurm -q"), 0);
	test_sh_at(work, "bash -n @/sl/sweep.slurm");
	script = test_read_file(test_path_in(work, "sl/sweep.slurm"));
	ck_assert_ptr_nonnull(strstr(script, "\n#SBATCH --array=0-3\n"));
	free(script);
	test_sh_at(work, "test $(wc -l < @/sl/jobs.txt) = 4");
	test_sh_at(work, "cd / && SLURM_ARRAY_TASK_ID=2 bash @/sl/sweep.slurm");
	ck_assert_int_eq(numasim("sweep collect -q @/sl"), 0);
	csv = table("sl");
	ck_assert_ptr_nonnull(strstr(csv, "\n0000-good-linux-6.1-steal_order=4,unfinished,"));
	ck_assert_ptr_nonnull(strstr(csv, "\n0001-good-linux-6.1-steal_order=9,unfinished,"));
	ck_assert_ptr_nonnull(strstr(csv, "\n0002-good-no-grouping-steal_order=4,ok,"));
	ck_assert_ptr_nonnull(strstr(csv, "\n0003-good-no-grouping-steal_order=9,unfinished,"));
	free(csv);
	snprintf(out, sizeof(out), "SLURM_ARRAY_TASK_ID=4 bash %s/sl/sweep.slurm", work);
	ck_assert_int_eq(test_run(out, NULL, 0, err, sizeof(err)), 2);
	ck_assert_ptr_nonnull(strstr(err, "no line 5 in jobs.txt"));
	snprintf(out, sizeof(out), "env -u SLURM_ARRAY_TASK_ID bash %s/sl/sweep.slurm", work);
	ck_assert_int_eq(test_run(out, NULL, 0, err, sizeof(err)), 2);
}
END_TEST

/*
 * sweep.slurm submitted to a real Slurm (tests/sweep-slurm.sh starts a
 * controller and a node daemon here for it): the array runs every job,
 * and the collected table is the local run's.  Skipped where Slurm is not
 * installed or its daemons cannot start (not root).
 */
START_TEST(test_slurm_sbatch)
{
	int ret;

	ck_assert_int_eq(numasim("sweep @/tiny.json -o @/sb --emit slurm -q"), 0);
	snprintf(out, sizeof(out), "bash tests/sweep-slurm.sh %s/sb", work);
	ret = test_run(out, NULL, 0, err, sizeof(err));
	if (ret == 77) {
		fprintf(stderr, "check_sweep: test_slurm_sbatch skipped: %s", err);
		return;
	}
	ck_assert_msg(ret == 0, "sbatch: %d: %s", ret, err);
	expect_local_table("sb");
}
END_TEST

/* A run that fails is marked failed with its message; the others still run. */
START_TEST(test_failed_run)
{
	json_t *sweep, *row;

	write_grid("fail.json", "{\"config\": \"small.json\",\n"
		   " \"workloads\": [{\"gen\": \"churn\", \"args\": [\"--events\", \"0x\"]},\n"
		   "               \"good.trace\"],\n"
		   " \"profiles\": [\"linux-6.1\"]}\n");
	ck_assert_int_eq(numasim("sweep -q @/fail.json -o @/f"), 2);
	ck_assert_ptr_nonnull(strstr(err, "--events"));
	sweep = load_json("f/sweep.json");
	row = json_array_get(json_object_get(sweep, "runs"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(row, "status")), "failed");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(row, "error")), "--events"));
	row = json_array_get(json_object_get(sweep, "runs"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(row, "status")), "ok");
	json_decref(sweep);
}
END_TEST

/* --force over an older sweep: its runs' results go, so none is taken for this one's. */
START_TEST(test_force)
{
	ck_assert_int_eq(numasim("sweep -q @/tiny.json -o @/fo"), 0);
	ck_assert_int_eq(numasim("sweep -q @/tiny.json -o @/fo --emit slurm"), 2);
	ck_assert_ptr_nonnull(strstr(err, "not empty"));
	ck_assert_int_eq(access(test_path_in(work, "fo/runs/0000-good-linux-6.1-steal_order=4/"
					   "results.json"), F_OK), 0);
	ck_assert_int_eq(numasim("sweep -q @/tiny.json -o @/fo --emit slurm --force"), 0);
	ck_assert_int_ne(access(test_path_in(work, "fo/runs/0000-good-linux-6.1-steal_order=4/"
					   "results.json"), F_OK), 0);
	ck_assert_int_ne(access(test_path_in(work, "fo/sweep.csv"), F_OK), 0);
	ck_assert_int_eq(access(test_path_in(work, "fo/runs/0000-good-linux-6.1-steal_order=4/"
					   "cmd"), F_OK), 0);
}
END_TEST

/* ---- bad input ---- */

START_TEST(test_bad_grids)
{
	static const char *const bad[][2] = {
		{ "{\"workloads\": [\"good.trace\"],\n \"profiles\": [\"linux-6.1\"],\n",
		  "@/bad.json:3: " },
		{ "[1]", "@/bad.json:1: expected a JSON object" },
		{ "{\"workloads\": [\"good.trace\"],\n \"profiles\": [\"linux-6.1\"],\n \"knob\": {}}",
		  "@/bad.json:3: unknown key \"knob\"" },
		{ "{\"workloads\": [],\n \"profiles\": [\"linux-6.1\"]}",
		  "@/bad.json:1: \"workloads\": an empty list" },
		{ "{\"workloads\": [\"good.trace\"],\n \"profiles\": []}",
		  "@/bad.json:2: \"profiles\": an empty list" },
		{ "{\"workloads\": [\"good.trace\"]}", "@/bad.json:1: missing \"profiles\"" },
		{ "{\"workloads\": [\"good.trace\"],\n \"profiles\": [\"linux-6.1\",\n  \"linux-9\"]}",
		  "@/bad.json:3: unknown profile 'linux-9' (known: linux-6.1, " },
		{ "{\"workloads\": [\"good.trace\"], \"profiles\": [\"linux-6.1\"],\n"
		  " \"knobs\": {\"kernel.policy.steal_order\": [4,\n  12]}}",
		  "@/bad.json:3: kernel.policy.steal_order=12: " },
		{ "{\"workloads\": [\"good.trace\"], \"profiles\": [\"linux-6.1\"],\n"
		  " \"knobs\": {\n  \"kernel.no_such_knob\": [1]}}",
		  "@/bad.json:3: kernel.no_such_knob=1: " },
		{ "{\"workloads\": [\"good.trace\"], \"profiles\": [\"linux-6.1\"],\n"
		  " \"knobs\": {\"kernel.pcp\": []}}",
		  "@/bad.json:2: knob \"kernel.pcp\": expected a non-empty list" },
		{ "{\"workloads\": [\"good.trace\"], \"profiles\": [\"linux-6.1\"],\n"
		  " \"knobs\": {\"kernel.pcp\": [true, true]}}",
		  "@/bad.json:2: knob \"kernel.pcp\": a value twice" },
		{ "{\"workloads\": [\"nothing.trace\"], \"profiles\": [\"linux-6.1\"]}",
		  "@/bad.json:1: workload 'nothing.trace': cannot open" },
		{ "{\"workloads\": [{\"gen\": \"nope\"}], \"profiles\": [\"linux-6.1\"]}",
		  "@/bad.json:1: workload: unknown generator 'nope'" },
		{ "{\"workloads\": [\"good.trace\"], \"profiles\": [\"linux-6.1\"],\n \"seeds\": [1]}",
		  "@/bad.json:2: \"seeds\": no workload takes a seed" },
		{ "{\"workloads\": [\"good.trace\", \"good.trace\"], \"profiles\": [\"linux-6.1\"]}",
		  "@/bad.json:1: two workloads named 'good'" },
		{ "{\"workloads\": [\"good.trace\"], \"profiles\": [\"linux-6.1\"],\n"
		  " \"sample_every\": \"x\"}", "@/bad.json:2: \"sample_every\": expected an integer" },
	};
	char want[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_grid("bad.json", bad[i][0]);
		ck_assert_int_eq(numasim("sweep @/bad.json -o @/never"), 2);
		test_expand_at(want, sizeof(want), bad[i][1], work);
		ck_assert_msg(!strncmp(err, want, strlen(want)), "%s: %s", bad[i][0], err);
		ck_assert_msg(!strchr(err, '\n') || !strchr(err, '\n')[1], "one line: %s", err);
		ck_assert_int_ne(access(test_path_in(work, "never"), F_OK), 0);
	}
}
END_TEST

START_TEST(test_bad_usage)
{
	static const char *const bad[][2] = {
		{ "@/tiny.json -j 0", "numasim: bad -j '0'" },
		{ "@/tiny.json --emit pbs", "numasim: sweep: --emit 'pbs'" },
		{ "", "numasim: sweep: missing GRID.json" },
		{ "@/tiny.json @/tiny.json", "numasim: sweep: too many arguments" },
	};
	char args[256], want[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		test_expand_at(args, sizeof(args), bad[i][0], work);
		ck_assert_int_eq(numasim("sweep %s -o @/never", args), 2);
		test_expand_at(want, sizeof(want), bad[i][1], work);
		ck_assert_msg(!strncmp(err, want, strlen(want)), "%s: %s", args, err);
		ck_assert_int_ne(access(test_path_in(work, "never"), F_OK), 0);
	}
	write_grid("afile", "x");
	ck_assert_int_eq(numasim("sweep @/tiny.json -o @/afile"), 2);
	test_expand_at(want, sizeof(want), "numasim: @/afile: exists and is not a directory", work);
	ck_assert_str_eq(err, strcat(want, "\n"));
	ck_assert_int_eq(numasim("sweep collect @"), 2);
	ck_assert_ptr_nonnull(strstr(err, "no grid.json in it"));
	ck_assert_int_eq(numasim("sweep collect"), 2);
}
END_TEST

Suite *sweep_suite(void);

Suite *sweep_suite(void)
{
	Suite *s = suite_create("sweep");
	TCase *tc = tcase_create("cli");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_expand_order);
	tcase_add_test(tc, test_local_run_collect);
	tcase_add_test(tc, test_parallel_jobs);
	tcase_add_test(tc, test_slurm_script);
	tcase_add_test(tc, test_slurm_sbatch);
	tcase_add_test(tc, test_failed_run);
	tcase_add_test(tc, test_force);
	tcase_add_test(tc, test_bad_grids);
	tcase_add_test(tc, test_bad_usage);
	suite_add_tcase(s, tc);
	return s;
}
