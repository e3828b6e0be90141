/*
 * tests/check_compare.c - the comparison metrics (sim/metrics.c) and
 * `numasim compare` (sim/compare.c): each formula on a constructed state,
 * the metrics in timeseries.csv and results.json against the kernel
 * counters they derive from, compare end to end (its tables, the first
 * policy's differences, the same bytes whatever -j, seeds), and every
 * kind of bad input (exit 2, one message, no OUTDIR).  The pictures of
 * `numasim plot` are tested in tests/check_plot.c.
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mm/compaction.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "sim/metrics.h"
#include "tests/helpers.h"

#define MSG_BYTES	8192

/* A 256 MiB one-node machine with THP on: thpchallenge makes compaction work there. */
#define M256		"{ \"machine\": { \"nodes\": [ { \"mem\": \"256M\", \"cpus\": 2 } ] } }"
#define PCP_OFF		"{ \"kernel\": { \"pcp\": false } }"

static char work[64];
static char out[MSG_BYTES], err[MSG_BYTES];

static void setup(void)
{
	test_scratch_dir(work, sizeof(work), "compare");
	test_write_file(test_path_in(work, "m256.json"), M256, strlen(M256));
	test_write_file(test_path_in(work, "pcp-off.json"), PCP_OFF, strlen(PCP_OFF));
	test_sh_at(work, "%s gen thpchallenge -c @/m256.json -o @/t.trace", test_numasim_path());
}

static void teardown(void)
{
	test_remove_dir(work);
}

/* numasim ARGS with "@" standing for the scratch directory. */
#define numasim(...)	test_numasim_at(work, out, sizeof(out), err, sizeof(err), __VA_ARGS__)

static json_t *load_json(const char *rel)
{
	json_error_t e;
	json_t *j = json_load_file(test_path_in(work, rel), 0, &e);

	ck_assert_msg(j, "%s: %s", rel, e.text);
	return j;
}

static json_int_t json_at_int(json_t *root, const char *a, const char *b)
{
	json_t *j = json_object_get(json_object_get(root, a), b);

	ck_assert_msg(json_is_integer(j), "%s.%s not an integer", a, b);
	return json_integer_value(j);
}

/* ---- formulas ---- */

/*
 * Free huge blocks: a free block of order o >= pageblock_order holds
 * 2^(o - pageblock_order) pageblocks, as a 4 MiB buddy block can be split
 * into two 2 MiB THPs (expand() in __rmqueue_smallest()); smaller blocks
 * hold none.
 */
START_TEST(test_free_huge_blocks)
{
	unsigned long nr_free[MAX_ORDER] = { 0 };

	nr_free[0] = 1000;
	nr_free[8] = 7;
	nr_free[9] = 3;
	nr_free[10] = 2;
	ck_assert_uint_eq(metrics_free_huge_blocks(nr_free, 9), 3 + 2 * 2);
	ck_assert_uint_eq(metrics_free_huge_blocks(nr_free, 10), 2);
}
END_TEST

/* A share with no attempt is no share at all, not 0. */
START_TEST(test_rates)
{
	double v = -1;

	ck_assert(!metrics_rate(0, 0, &v));
	ck_assert(metrics_rate(3, 1, &v));
	ck_assert(fabs(v - 0.75) < 1e-12);
	ck_assert(metrics_rate(0, 5, &v) && v == 0);
	ck_assert(!metrics_scanned_per_success(100, 50, 0, &v));
	ck_assert(metrics_scanned_per_success(100, 50, 3, &v));
	ck_assert(fabs(v - 50) < 1e-12);
}
END_TEST

/*
 * The proactive score (fragmentation_score_node(), mm/compaction.c) of a
 * freshly booted node is 0: every free page lies in an order-10 block, so
 * extfrag_for_order(zone, 9) finds none unusable.  With every other page
 * of the node free, no two free pages are buddies: all free memory is in
 * order-0 blocks, extfrag_for_order() gives 100, and the one zone weighs
 * present * 100 / (node present + 1) (fragmentation_score_zone_weighted()),
 * 99 after truncation.
 */
START_TEST(test_fragmentation_score)
{
	struct machine *m = test_boot_node("64M", 1, TEST_K_PLAIN
					     ", \"pcp\": false, \"min_free_kbytes\": 0");
	struct zone *zone = test_normal0(m);

	ck_assert_uint_eq(metrics_fragmentation_score_max(m), 0);
	test_take_all(m, 0);
	for (pfn_t pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn += 2)
		if (page_zone(m, pfn_to_page(m, pfn)) == zone && !PageReserved(pfn_to_page(m, pfn)))
			__free_pages(m, pfn_to_page(m, pfn), 0);
	test_check(m);
	ck_assert_uint_eq(extfrag_for_order(zone, 9), 100);
	ck_assert_uint_eq(fragmentation_score_node(m, NODE_DATA(m, 0)), 99);
	ck_assert_uint_eq(metrics_fragmentation_score_max(m), 99);
	test_release(m);
}
END_TEST

/*
 * An allocation the free lists serve at once never enters
 * __alloc_pages_slowpath(): it counts under the fast path, and the path
 * of the allocation in progress is reset for the next one.
 */
START_TEST(test_alloc_path_fast)
{
	struct machine *m = test_boot_node("64M", 1, TEST_K_PLAIN);
	struct page *page = alloc_pages_node(m, 0, GFP_KERNEL, 0);

	ck_assert_ptr_nonnull(page);
	ck_assert_uint_eq(m->stats.alloc_path_latency[ALLOC_PATH_FAST].count, 1);
	for (int path = ALLOC_PATH_SLOW; path < NR_ALLOC_PATHS; path++)
		ck_assert_uint_eq(m->stats.alloc_path_latency[path].count, 0);
	ck_assert_int_eq(m->stats.alloc_path, ALLOC_PATH_FAST);
	__free_pages(m, page, 0);
	test_release(m);
}
END_TEST

/* ---- the metrics in a run's outputs ---- */

/* The last line of text (without its newline), split at commas into fields. */
static size_t last_row(char *text, char **fields, size_t max)
{
	char *line, *save = NULL;
	size_t n = 0;

	text[strlen(text) - 1] = '\0';
	line = strrchr(text, '\n') + 1;
	for (char *f = strtok_r(line, ",", &save); f && n < max; f = strtok_r(NULL, ",", &save))
		fields[n++] = f;
	return n;
}

/*
 * thpchallenge on the 256 MiB machine: the metric columns follow the
 * historic ones, with one score per node, and the last row's counters are
 * the run's final vmstat counters.  results.json's metrics follow the
 * formulas from those counters: THP coverage is thp_fault_alloc over the
 * THP faults (do_huge_pmd_anonymous_page() counts each as an alloc or a
 * fallback); the effort is compact_migrate_scanned + compact_free_scanned
 * per compact_success; each compact_success handed its page to an
 * allocation (__alloc_pages_direct_compact()), which therefore counts
 * under the direct compaction path or, if it reclaimed first, reclaim.
 */
START_TEST(test_run_metrics)
{
	char *ts, *fields[64];
	json_t *r, *metrics, *c;
	json_int_t alloc, fallback, success;
	size_t n;

	ck_assert_int_eq(numasim("run -q -c @/m256.json --sample-every 50 -o @/r @/t.trace"), 0);
	ts = test_read_file(test_path_in(work, "r/timeseries.csv"));
	ck_assert_ptr_nonnull(strstr(ts, ",unusable_index_pb," METRICS_TIMESERIES_COLUMNS
				     ",fragmentation_score_node0\n"));
	n = last_row(ts, fields, 64);
	ck_assert_uint_eq(n, 25 + 11 + 1);
	r = load_json("r/results.json");
	metrics = json_object_get(r, "metrics");
	alloc = json_at_int(r, "counters", "thp_fault_alloc");
	fallback = json_at_int(r, "counters", "thp_fault_fallback");
	success = json_at_int(r, "counters", "compact_success");
	ck_assert_int_gt(alloc, 0);
	ck_assert_int_gt(success, 0);
	ck_assert_int_eq(strtoll(fields[27], NULL, 10), alloc);
	ck_assert_int_eq(strtoll(fields[28], NULL, 10), fallback);
	ck_assert_int_eq(strtoll(fields[33], NULL, 10), success);
	c = json_object_get(json_object_get(metrics, "thp_fault"), "coverage");
	ck_assert(fabs(json_real_value(c) - (double)alloc / (double)(alloc + fallback)) < 1e-5);
	c = json_object_get(json_object_get(metrics, "compaction"), "scanned_per_success");
	ck_assert(fabs(json_real_value(c) -
		       (double)(json_at_int(r, "counters", "compact_migrate_scanned") +
				json_at_int(r, "counters", "compact_free_scanned")) / (double)success)
		  < 1e-3 * json_real_value(c));
	c = json_object_get(metrics, "alloc_latency_ns");
	ck_assert_int_ge(json_at_int(c, "compact", "count") + json_at_int(c, "reclaim", "count"),
			 success);
	ck_assert_int_gt(json_at_int(c, "compact", "p50"), 0);
	ck_assert_int_eq(json_array_size(json_object_get(metrics, "fragmentation_score")), 1);
	json_decref(r);
	free(ts);
}
END_TEST

/* ---- compare ---- */

static void expect_same(const char *a, const char *b)
{
	char *x = test_read_file(test_path_in(work, a)), *y = test_read_file(test_path_in(work, b));

	ck_assert_msg(!strcmp(x, y), "%s and %s differ", a, b);
	free(x);
	free(y);
}

/*
 * Two policies, the profile linux-6.1 and a config file turning per-CPU
 * lists off over the base config: every output is there, the merged
 * config keeps the base's machine, the first policy's differences are 0
 * (its direction "baseline"), and -j 1 and -j 2 write the same bytes; a
 * compare into its own earlier output replaces its files (output.h:
 * staging merged into an existing OUTDIR) and leaves others alone.
 */
START_TEST(test_compare_two_policies)
{
	static const char *const files[] = {
		"compare.json", "compare.csv", "compare.md", "linux-6.1/results.json",
		"linux-6.1/timeseries.csv", "pcp-off/results.json", "pcp-off/config.json",
	};
	char *csv, *cfg, rel[2][64];
	json_t *j;

	ck_assert_int_eq(numasim("compare @/t.trace -c @/m256.json -p linux-6.1 -p @/pcp-off.json "
				 "-j 1 -o @/a"), 0);
	ck_assert_ptr_nonnull(strstr(out, "metric "));
	ck_assert_ptr_nonnull(strstr(out, "vs linux-6.1"));
	ck_assert_int_eq(numasim("compare @/t.trace -c @/m256.json -p linux-6.1 -p @/pcp-off.json "
				 "-j 2 -q -o @/b"), 0);
	ck_assert_str_eq(out, "");
	for (size_t i = 0; i < TEST_ARRAY_SIZE(files); i++) {
		snprintf(rel[0], sizeof(rel[0]), "a/%s", files[i]);
		snprintf(rel[1], sizeof(rel[1]), "b/%s", files[i]);
		expect_same(rel[0], rel[1]);
	}
	cfg = test_read_file(test_path_in(work, "a/pcp-off/config.json"));
	ck_assert_ptr_nonnull(strstr(cfg, "\"pcp\": false"));
	ck_assert_ptr_nonnull(strstr(cfg, "\"256M\""));
	csv = test_read_file(test_path_in(work, "a/compare.csv"));
	ck_assert_ptr_nonnull(strstr(csv, "\nthp_fault_coverage,higher,linux-6.1,1,"));
	for (char *l = strstr(csv, ",linux-6.1,"); l; l = strstr(l + 1, ",linux-6.1,")) {
		char *eol = strchr(l, '\n');

		*eol = '\0';
		ck_assert_msg(strstr(l, ",0,") && !strcmp(eol - 9, ",baseline"), "row '%s'", l);
		*eol = '\n';
	}
	j = load_json("a/compare.json");
	ck_assert_int_eq(json_array_size(json_object_get(j, "policies")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(j, "baseline")), "linux-6.1");
	json_decref(j);
	ck_assert_int_ne(access(test_path_in(work, "a/.traces"), F_OK), 0);
	ck_assert_int_ne(access(test_path_in(work, "a/.logs"), F_OK), 0);
	/* Again into the existing b: the same bytes, and a file not its own stays. */
	test_sh_at(work, "echo mine > @/b/notes.txt");
	ck_assert_int_eq(numasim("compare @/t.trace -c @/m256.json -p linux-6.1 -p @/pcp-off.json "
				 "-q -o @/b"), 0);
	expect_same("a/compare.json", "b/compare.json");
	expect_same("a/pcp-off/results.json", "b/pcp-off/results.json");
	ck_assert_int_eq(access(test_path_in(work, "b/notes.txt"), F_OK), 0);
	free(cfg);
	free(csv);
}
END_TEST

/*
 * --seeds with a generated workload: one trace per seed (gen churn
 * --seed N), a run folder per policy and seed, each run recording its
 * seed, and the cells show median [min..max].
 */
START_TEST(test_compare_seeds)
{
	char *md;
	json_t *j;

	ck_assert_int_eq(numasim("compare gen:churn:--events=3000 -c @/m256.json -p linux-6.1 "
				 "-p @/pcp-off.json --seeds 1..3 -q -o @/s"), 0);
	for (int seed = 1; seed <= 3; seed++) {
		char rel[64];

		snprintf(rel, sizeof(rel), "s/pcp-off-seed%d/results.json", seed);
		j = load_json(rel);
		ck_assert_int_eq(json_at_int(j, "numasim", "seed"), seed);
		json_decref(j);
	}
	md = test_read_file(test_path_in(work, "s/compare.md"));
	ck_assert_ptr_nonnull(strstr(md, "seeds 1..3 (3; cells: median [min..max])"));
	ck_assert_ptr_nonnull(strstr(md, ".."));
	j = load_json("s/compare.json");
	ck_assert_int_eq(json_array_size(json_object_get(j, "seeds")), 3);
	json_decref(j);
	ck_assert_int_ne(access(test_path_in(work, "s/.traces"), F_OK), 0);
	free(md);
}
END_TEST

/* Bad input: exit 2, the message first on stderr, no OUTDIR and no staging left. */
static const char *const bad_inputs[][2] = {
	{ "@/t.trace -p nope", "numasim: unknown policy 'nope' (known: linux-6.1" },
	{ "@/t.trace", "numasim: compare: no policy" },
	{ "-p linux-6.1", "numasim: compare: missing TRACE" },
	{ "@/t.trace -p linux-6.1 -p linux-6.1", "numasim: compare: two policies named 'linux-6.1'" },
	{ "@/t.trace -p linux-6.1 --seeds 1..3", "numasim: compare: --seeds needs a generated" },
	{ "gen:churn -p linux-6.1 --seeds 3..1", "numasim: bad --seeds '3..1'" },
	{ "gen:churn -p linux-6.1 --seeds 1,x", "numasim: bad --seeds '1,x'" },
	{ "@/t.trace -p linux-6.1 -j 0", "numasim: bad -j '0'" },
	{ "@/t.trace -p linux-6.1 --bogus", "numasim: unknown option '--bogus'" },
	{ "- -p linux-6.1", "numasim: compare: TRACE is replayed once per run" },
	{ "@/missing.trace -p linux-6.1", "@/missing.trace: cannot open: No such file" },
	{ "@/bad.trace -p linux-6.1 -p @/pcp-off.json", "@/bad.trace:1: missing header" },
	{ "@/t.trace -p @/syntax.json", "@/syntax.json:3: " },
	{ "@/t.trace -p @/value.json", "@/value.json: kernel.pcp: expected true or false" },
	{ "@/t.trace -p @/nofile.json", "@/nofile.json: cannot read: " },
	{ "gen:nokind -p linux-6.1", "numasim: gen: unknown workload 'nokind'" },
	{ "@/t.trace -p linux-6.1 --set kernel.pcp", "numasim: --set 'kernel.pcp': expected" },
	{ "@/t.trace -p linux-6.1 --set kernel.nope=1",
	  "<default config> (with --set): kernel.nope: unknown key" },
	{ "@/t.trace -p @/pcp-off.json --set kernel.pcp=3",
	  "<default config> (with --set): kernel.pcp: expected true or false" },
};

START_TEST(test_compare_bad_input)
{
	char want[512], *ls;

	test_sh_at(work, "printf 'bogus\\n' > @/bad.trace; printf '{\\n \"kernel\":\\n}\\n' > "
		   "@/syntax.json; echo '{\"kernel\": {\"pcp\": 3}}' > @/value.json");
	for (size_t i = 0; i < TEST_ARRAY_SIZE(bad_inputs); i++) {
		ck_assert_int_eq(numasim("compare %s -o @/out", bad_inputs[i][0]), 2);
		test_expand_at(want, sizeof(want), bad_inputs[i][1], work);
		ck_assert_msg(!strncmp(err, want, strlen(want)), "%s: %s", bad_inputs[i][0], err);
		ck_assert_msg(access(test_path_in(work, "out"), F_OK) != 0, "%s: out written",
			      bad_inputs[i][0]);
	}
	test_sh_at(work, "ls -a @ > @/ls.txt");
	ls = test_read_file(test_path_in(work, "ls.txt"));
	ck_assert_msg(!strstr(ls, "numasim-"), "staging left: %s", ls);
	free(ls);
}
END_TEST

Suite *compare_suite(void);

Suite *compare_suite(void)
{
	Suite *s = suite_create("compare");
	TCase *tc = tcase_create("metrics");

	tcase_add_test(tc, test_free_huge_blocks);
	tcase_add_test(tc, test_rates);
	tcase_add_test(tc, test_fragmentation_score);
	tcase_add_test(tc, test_alloc_path_fast);
	suite_add_tcase(s, tc);
	tc = tcase_create("cli");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_run_metrics);
	tcase_add_test(tc, test_compare_two_policies);
	tcase_add_test(tc, test_compare_seeds);
	tcase_add_test(tc, test_compare_bad_input);
	suite_add_tcase(s, tc);
	return s;
}
