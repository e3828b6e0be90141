/*
 * tests/check_pfn_map.c - the importer's map of live blocks by first frame
 * (sim/pfn_map.c).
 *
 * Its home slots keep neighbouring frames together, so neighbouring frames
 * and frames a table's size apart share runs of slots.  These tests put,
 * find and remove such sets against a plain array of what should be there:
 * every block put is found until removed, never after.  No kernel rule is
 * involved: this is the importer's bookkeeping.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "sim/pfn_map.h"

#define NR_PFNS	4096

/* Expect the map to hold exactly the pfns whose live[] is set. */
static void assert_holds(const struct pfn_map *map, const uint64_t *pfns, const bool *live,
			 size_t nr)
{
	size_t nr_live = 0;

	for (size_t i = 0; i < nr; i++) {
		struct pfn_block *b = pfn_map_find(map, pfns[i]);

		if (!live[i]) {
			ck_assert_ptr_null(b);
			continue;
		}
		nr_live++;
		ck_assert_ptr_nonnull(b);
		ck_assert_uint_eq(b->pfn, pfns[i]);
		ck_assert_uint_eq(b->id, i + 1);
	}
	ck_assert_uint_eq(map->nr, nr_live);
}

/*
 * Runs of neighbouring frames, in groups 1024 and 65536 frames apart (the
 * same home slots at several table sizes), put while the table grows, then
 * removed in an order that leaves holes inside runs: every removal must
 * move the blocks behind it so that each is still found.
 */
START_TEST(test_runs_and_aliases)
{
	static uint64_t pfns[NR_PFNS];
	static bool live[NR_PFNS];
	struct pfn_map map;

	ck_assert_int_eq(pfn_map_init(&map), 0);
	for (size_t i = 0; i < NR_PFNS; i++) {
		struct pfn_block b = { 0, i + 1, -1, 0 };

		pfns[i] = (i % 64) + (i / 64 % 8) * 1024 + (i / 512) * 65536;
		b.pfn = pfns[i];
		ck_assert_int_eq(pfn_map_put(&map, &b), 0);
		live[i] = true;
	}
	assert_holds(&map, pfns, live, NR_PFNS);
	srand(1);
	for (size_t step = 0; step < NR_PFNS / 2; step++) {
		size_t i = (size_t)rand() % NR_PFNS;

		if (!live[i])
			continue;
		pfn_map_remove(&map, pfn_map_find(&map, pfns[i]));
		live[i] = false;
		if (step % 256 == 0)
			assert_holds(&map, pfns, live, NR_PFNS);
	}
	assert_holds(&map, pfns, live, NR_PFNS);
	pfn_map_release(&map);
}
END_TEST

/* Expect a block to cover the frames of its order above it, not those past its end. */
START_TEST(test_covering)
{
	struct pfn_map map;
	struct pfn_block thp = { 0x200, 7, -1, 9 }, small = { 0x400, 8, -1, 0 };

	ck_assert_int_eq(pfn_map_init(&map), 0);
	ck_assert_int_eq(pfn_map_put(&map, &thp), 0);
	ck_assert_int_eq(pfn_map_put(&map, &small), 0);
	ck_assert_ptr_eq(pfn_map_find_covering(&map, 0x3ff, 0, 10), pfn_map_find(&map, 0x200));
	ck_assert_ptr_eq(pfn_map_find_covering(&map, 0x213, 0, 10), pfn_map_find(&map, 0x200));
	ck_assert_ptr_null(pfn_map_find_covering(&map, 0x401, 0, 10));
	ck_assert_ptr_null(pfn_map_find_covering(&map, 0x1ff, 0, 10));
	pfn_map_release(&map);
}
END_TEST

Suite *pfn_map_suite(void);

Suite *pfn_map_suite(void)
{
	Suite *s = suite_create("pfn_map");
	TCase *tc = tcase_create("map");

	tcase_add_test(tc, test_runs_and_aliases);
	tcase_add_test(tc, test_covering);
	suite_add_tcase(s, tc);
	return s;
}
