/*
 * tests/check_in_use.c - the memory the running system holds when the
 * trace begins (kernel.in_use): order-0 pages of one mobility, from one
 * node, on one CPU, taken through the allocator at the end of boot.
 *
 * The rules (Linux 6.1, mm/page_alloc.c):
 *   - every pageblock is Movable after boot, so the first unmovable or
 *     reclaimable page falls back (__rmqueue_fallback()): it takes the
 *     largest Movable block from the head of its list, an order-10 block of
 *     two pageblocks here, and, the block being at least a pageblock, claims
 *     it whole for the requested type (steal_suitable_fallback() ->
 *     change_pageblock_range()); the next pages are split from it
 *     (__rmqueue_smallest()) until it is used up;
 *   - movable pages come from the Movable lists and change no block;
 *   - __GFP_THISNODE keeps an allocation on its node (ZONELIST_NOFALLBACK);
 *   - with per-CPU lists, an empty list is refilled with pcp->batch pages
 *     (rmqueue_bulk()), so what the last refill took beyond the count stays
 *     on the CPU's list.
 * The machines: nodes of 64 MiB (16384 frames, 32 pageblocks, 16 order-10
 * blocks), one CPU each, one Normal zone, nothing reserved, THP off.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/pageblock-flags.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"
#include "tests/helpers.h"

#define NODE_PAGES	16384ul
#define K_NO_PCP	TEST_K_PLAIN ", \"pcp\": false"

static unsigned long blocks_of(struct machine *m, int nid, int mt)
{
	unsigned long counts[MIGRATE_TYPES];

	pageblock_type_counts(m, test_zone(m, nid, ZONE_NORMAL), counts);
	return counts[mt];
}

/* Free pages on zone's buddy lists of type mt, every order. */
static unsigned long free_pages_of(struct machine *m, struct zone *z, int mt)
{
	unsigned long nr_pages = 0;

	for (unsigned int order = 0; order < MAX_ORDER; order++)
		nr_pages += test_nr_on_list(m, z, order, mt) << order;
	return nr_pages;
}

/*
 * 8 MiB unmovable = 2048 pages = two order-10 blocks: the first fallback
 * claims [0, 1024) (pageblocks 0 and 1), the second [1024, 2048) (the new
 * head of the Movable order-10 list): 4 Unmovable pageblocks, 28 Movable,
 * no unmovable page left free.
 */
START_TEST(test_unmovable_steals_whole_blocks)
{
	struct machine *m = test_boot_node("64M", 1, K_NO_PCP ", \"in_use\": ["
					   "{\"node\": 0, \"kind\": \"unmovable\", \"size\": \"8M\"}]");
	struct zone *z = test_zone(m, 0, ZONE_NORMAL);

	ck_assert_uint_eq(zone_free_pages(z), NODE_PAGES - 2048);
	ck_assert_uint_eq(blocks_of(m, 0, MIGRATE_UNMOVABLE), 4);
	ck_assert_uint_eq(blocks_of(m, 0, MIGRATE_MOVABLE), 28);
	for (pfn_t pfn = 0; pfn < 2048; pfn += 512)
		ck_assert_int_eq(get_pageblock_migratetype(m, pfn), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 2048), MIGRATE_MOVABLE);
	ck_assert_uint_eq(free_pages_of(m, z, MIGRATE_UNMOVABLE), 0);
	test_release(m);
}
END_TEST

/*
 * Reclaimable memory steals for its own type the same way; movable memory
 * takes its pages from the Movable lists and changes no block.  2 MiB
 * reclaimable (512 pages, half of one stolen order-10 block) then 4 MiB
 * movable (1024 pages): 2 Reclaimable pageblocks, 512 reclaimable pages
 * still free, 30 Movable pageblocks, 1536 pages in use.
 */
START_TEST(test_reclaimable_steals_movable_does_not)
{
	struct machine *m = test_boot_node("64M", 1, K_NO_PCP ", \"in_use\": ["
					   "{\"node\": 0, \"kind\": \"reclaimable\", \"size\": \"2M\"},"
					   " {\"node\": 0, \"kind\": \"movable\", \"size\": \"4M\"}]");
	struct zone *z = test_zone(m, 0, ZONE_NORMAL);

	ck_assert_uint_eq(zone_free_pages(z), NODE_PAGES - 1536);
	ck_assert_uint_eq(blocks_of(m, 0, MIGRATE_RECLAIMABLE), 2);
	ck_assert_uint_eq(blocks_of(m, 0, MIGRATE_MOVABLE), 30);
	ck_assert_uint_eq(free_pages_of(m, z, MIGRATE_RECLAIMABLE), 512);
	test_release(m);
}
END_TEST

/*
 * Node 1's 100 unmovable pages come from node 1 only, on node 1's CPU (the
 * default: its first CPU, 1).  Node 1's zone has batch 3 (zone_batchsize():
 * 16384 / 1024 = 16, / 4 = 4, rounddown_pow_of_two(4 + 2) - 1 = 3), so 34
 * refills take 102 pages from the buddy lists and 2 stay on CPU 1's list.
 */
START_TEST(test_node_and_cpu)
{
	struct machine *m = test_boot_node_pair("64M", "64M", TEST_K_PLAIN ", \"in_use\": ["
						"{\"node\": 1, \"kind\": \"unmovable\", \"size\": \"400K\"}]");
	struct zone *z1 = test_zone(m, 1, ZONE_NORMAL);

	ck_assert_int_eq(z1->per_cpu_pageset[1].batch, 3);
	ck_assert_uint_eq(zone_free_pages(test_zone(m, 0, ZONE_NORMAL)), NODE_PAGES);
	ck_assert_uint_eq(zone_free_pages(z1), NODE_PAGES - 102);
	ck_assert_int_eq(z1->per_cpu_pageset[1].count, 2);
	ck_assert_int_eq(z1->per_cpu_pageset[0].count, 0);
	test_release(m);
}
END_TEST

/* More than the node holds: boot fails and names the entry. */
START_TEST(test_more_than_the_node_holds)
{
	struct machine *m = calloc(1, sizeof(*m));
	struct mm_boot_params p;
	char err[256] = "";

	test_load_config("{\"machine\": {\"nodes\": [{\"mem\": \"64M\", \"cpus\": 1}]},"
			 " \"kernel\": {" TEST_K_PLAIN ", \"in_use\": [{\"node\": 0,"
			 " \"kind\": \"movable\", \"size\": \"1M\"}, {\"node\": 0,"
			 " \"kind\": \"movable\", \"size\": \"80M\"}]}}", &p);
	ck_assert_int_eq(machine_boot(m, &p, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "kernel.in_use[1]: node 0 ran out after"), "%s", err);
	free(m);
}
END_TEST

Suite *in_use_suite(void);

Suite *in_use_suite(void)
{
	Suite *s = suite_create("in_use");
	TCase *tc = tcase_create("in_use");

	tcase_add_test(tc, test_unmovable_steals_whole_blocks);
	tcase_add_test(tc, test_reclaimable_steals_movable_does_not);
	tcase_add_test(tc, test_node_and_cpu);
	tcase_add_test(tc, test_more_than_the_node_holds);
	suite_add_tcase(s, tc);
	return s;
}
