/*
 * tests/check_scenarios.c - end-to-end scenarios: run the numasim binary on
 * a small trace and compare the /proc snapshots it writes, byte for byte,
 * with expected files derived by hand.
 *
 * Each scenario is tests/scenarios/NAME.{json,trace}; the derivation of the
 * expected state is written at the top of the trace.  A snapshot SNAP of
 * scenario NAME is compared with tests/scenarios/EXPECT.{buddyinfo,
 * pagetypeinfo}, where EXPECT is given in the table below ("NAME" for the
 * final snapshot, "NAME-SNAP" for intermediate ones).  The command line is
 *
 *   numasim run -c NAME.json -o DIR NAME.trace --check=1 --quiet
 *
 * so every structure checker also runs after every event.  Tests run from
 * the top of the source tree; NUMASIM names the binary.
 *
 * Linux counterpart: /proc/buddyinfo and /proc/pagetypeinfo (frag_show,
 * pagetypeinfo_show in mm/vmstat.c) after the allocator work the traces
 * describe.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/helpers.h"

#define SCENARIO_DIR	"tests/scenarios"

struct scenario_snap {
	const char *name;	/* NAME.json / NAME.trace */
	const char *snapshot;	/* snapshot name= in the trace */
	const char *expect;	/* expected files' base name */
};

static const struct scenario_snap scenario_snaps[] = {
	/* Boot state: two order-10 Movable blocks, 4 Movable pageblocks. */
	{ "boot_8m", "end", "boot_8m" },
	/* change_pageblock_range(): both pageblocks of the stolen block Unmovable. */
	{ "unmovable_steals_order10", "end", "unmovable_steals_order10" },
	/* __rmqueue_fallback() find_smallest: order-2 buddy moved, block type kept. */
	{ "movable_fallback_no_claim", "end", "movable_fallback_no_claim" },
	/* steal_suitable_fallback(): LRU pages are not "alike", no claim. */
	{ "unmovable_lru_no_claim", "end", "unmovable_lru_no_claim" },
	/* Intermediate state, then everything merged back to the boot state. */
	{ "free_all_merges", "boot", "free_all_merges" },
	{ "free_all_merges", "allocated", "free_all_merges-allocated" },
	{ "free_all_merges", "end", "free_all_merges" },
};

#define NR_SCENARIO_SNAPS ((int)TEST_ARRAY_SIZE(scenario_snaps))

static void compare_file(const char *got_path, const char *want_path)
{
	char *want = test_read_file(want_path);
	char *got = test_read_file(got_path);

	ck_assert_msg(strcmp(got, want) == 0, "%s differs from %s\n--- got:\n%s--- expected:\n%s",
		      got_path, want_path, got, want);
	free(got);
	free(want);
}

/*
 * One snapshot of one scenario.  Expect numasim to exit 0 with the checkers
 * on, and its buddyinfo and pagetypeinfo to equal the hand-derived files
 * (derivations at the top of each .trace).
 */
START_TEST(test_scenario_snapshot)
{
	const struct scenario_snap *s = &scenario_snaps[_i];
	char dir[64], args[1024], err[2048], got[512], want[512];
	int status;

	test_scratch_dir(dir, sizeof(dir), "scenario");
	snprintf(args, sizeof(args), "run -c %s/%s.json -o %s/out %s/%s.trace --check=1 --quiet",
		 SCENARIO_DIR, s->name, dir, SCENARIO_DIR, s->name);
	status = test_run_numasim(args, NULL, 0, err, sizeof(err));
	ck_assert_msg(status == 0, "numasim %s: exit status %d\n%s", args, status, err);

	snprintf(got, sizeof(got), "%s/out/snapshots/%s/buddyinfo", dir, s->snapshot);
	snprintf(want, sizeof(want), "%s/%s.buddyinfo", SCENARIO_DIR, s->expect);
	compare_file(got, want);
	snprintf(got, sizeof(got), "%s/out/snapshots/%s/pagetypeinfo", dir, s->snapshot);
	snprintf(want, sizeof(want), "%s/%s.pagetypeinfo", SCENARIO_DIR, s->expect);
	compare_file(got, want);
	test_remove_dir(dir);
}
END_TEST

/* Collected by the Makefile into the runner (tests/check_main.c). */
Suite *scenario_suite(void);

Suite *scenario_suite(void)
{
	Suite *s = suite_create("scenario");
	TCase *tc = tcase_create("snapshots");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_scenario_snapshot, 0, NR_SCENARIO_SNAPS);
	suite_add_tcase(s, tc);
	return s;
}
