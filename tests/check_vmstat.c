/*
 * tests/check_vmstat.c - the fragmentation census of mm/vmstat.c: mixed
 * pageblocks (the page_owner count) and the unusable-index arithmetic over
 * summed free areas.
 *
 * A pageblock is mixed when it holds an allocated page whose gfp
 * migratetype differs from the block's type; each block counts once, under
 * its own type, a CMA block under Movable (pagetypeinfo_showmixedcount_print(),
 * mm/page_owner.c).  Expected counts are derived from the allocator's rules
 * (named in each test), never copied from our own output.
 *
 * Most tests boot one node of 16M, per-CPU lists off, watermarks zero:
 *
 *   4096 pages = 8 pageblocks of 512 = 4 order-10 blocks, every pageblock
 *   Movable at boot, and the order-10 Movable list 0, 1024, 2048, 3072 from
 *   head to tail (memblock_free_all() frees with FPI_TO_TAIL).
 *
 *   pageblock  0      1      2      3      4      5      6      7
 *   pfn        0      512    1024   1536   2048   2560   3072   3584
 *
 * Linux counterpart: mm/page_owner.c (pagetypeinfo_showmixedcount_print),
 * mm/vmstat.c (fill_contig_page_info, unusable_free_index).
 */
#include <check.h>

#include "tests/helpers.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/pageblock-flags.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"

/* Nothing reserved, THP "never"; no DMA zone or CMA unless a test asks. */
#define K_BASE	"\"reserved\": \"0\", \"transparent_hugepage\": \"never\""
/* Mobility grouping on, per-CPU lists off, watermarks all zero. */
#define K_EXACT	K_BASE ", \"mobility_grouping\": true, \"pcp\": false," \
		" \"min_free_kbytes\": 0, \"watermark_scale_factor\": 1"

/*
 * Retype the pageblock of pfn with its free pages, as a claim does
 * (steal_suitable_fallback(): move_freepages_block(), then
 * set_pageblock_migratetype()).  Free CMA pages are counted apart.
 */
static void retype_block(struct machine *m, pfn_t pfn, int mt)
{
	struct page *page = pfn_to_page(m, pfn);
	struct zone *zone = page_zone(m, page);
	int moved = move_freepages_block(m, zone, page, mt, NULL);

	set_pageblock_migratetype(m, pfn, mt);
	if (mt == MIGRATE_CMA)
		__mod_zone_page_state(zone, NR_FREE_CMA_PAGES, moved);
	test_check(m);
}

/* The zone's mixed counts are exactly want (unlisted types: 0). */
#define expect_mixed(m, zone, ...) \
	expect_mixed_at((m), (zone), (const unsigned long[MIGRATE_TYPES]){ __VA_ARGS__ }, __LINE__)

static void expect_mixed_at(const struct machine *m, const struct zone *zone,
			    const unsigned long want[MIGRATE_TYPES], int line)
{
	unsigned long got[MIGRATE_TYPES];

	pageblock_mixed_counts(m, zone, got);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		ck_assert_msg(got[mt] == want[mt],
			      "line %d: %s: %lu mixed pageblocks, expected %lu",
			      line, migratetype_names[mt], got[mt], want[mt]);
}

/* An allocation of this order that must return this pfn. */
struct order_pfn {
	unsigned int order;
	pfn_t pfn;
};

/*
 * Unmovable allocations of the listed orders, each checked against its pfn
 * (the first, at pfn 0, takes pageblocks 0-1 over: change_pageblock_range()),
 * then the three other order-10 blocks taken movable.
 */
static void fill_around_pageblock0(struct machine *m, const struct order_pfn *unmovable,
				   size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_UNMOV, unmovable[i].order),
				  unmovable[i].pfn);
	for (int i = 0; i < 3; i++)
		test_alloc_pfn(m, TEST_GFP_MOV, 10);
}

/*
 * An order-0 request of gfp gets pfn in pageblock 0, which then has type
 * mt and is the zone's one mixed pageblock (counted under mt); freeing
 * foreign_pfn, its one foreign page, leaves no mixed pageblock.
 */
static void expect_mixed_until_freed(struct machine *m, gfp_t gfp, pfn_t pfn, int mt,
				     pfn_t foreign_pfn)
{
	struct zone *zone = test_normal0(m);
	unsigned long want[MIGRATE_TYPES] = { 0 };

	want[mt] = 1;
	ck_assert_uint_eq(test_alloc_pfn(m, gfp, 0), pfn);
	ck_assert_int_eq(get_pageblock_migratetype(m, 0), mt);
	expect_mixed_at(m, zone, want, __LINE__);
	test_free_pfn(m, foreign_pfn, 0);
	expect_mixed(m, zone, 0);
}

/* ---- mixed pageblocks ------------------------------------------------ */

/*
 * Boot, then one page of each type.  The unmovable request falls back to
 * the order-10 block at 0 and, that block being at least a pageblock,
 * takes pageblocks 0-1 over whole (steal_suitable_fallback(),
 * change_pageblock_range()); the movable one comes off the Movable list
 * (pfn 1024); the reclaimable one falls back to the largest foreign free
 * block, the order-10 Movable one at 2048 (__rmqueue_fallback() searches
 * from the top order down), and takes pageblocks 4-5 over.  Every page
 * sits in a block of its own type.  Expect no mixed pageblock, before and
 * after.
 */
START_TEST(test_mixed_none_when_types_match)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *zone = test_normal0(m);

	expect_mixed(m, zone, 0);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_UNMOV, 0), 0);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 0), 1024);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_RECL, 0), 2048);
	ck_assert_int_eq(get_pageblock_migratetype(m, 0), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 2048), MIGRATE_RECLAIMABLE);
	expect_mixed(m, zone, 0);
	test_release(m);
}
END_TEST

/*
 * Every page allocated movable and on the LRU, then pfns 0-15 freed (one
 * order-4 block in pageblock 0).  An unmovable request has only that
 * block to fall back to; move_freepages_block() finds 16 free and 496
 * movable pages, so free + alike = 16 + (512 - 16 - 496) < 256 and the
 * block stays Movable (steal_suitable_fallback()): the page at pfn 0 is
 * an unmovable page in a Movable block.  Expect Movable 1; once that page
 * is freed, 0.
 */
START_TEST(test_mixed_unmovable_fallback_without_claim)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);

	test_take_all(m, 0);
	test_free_range(m, 0, 16);
	test_set_lru(m, 16, 4096 - 16);
	test_check(m);
	expect_mixed(m, test_normal0(m), 0);
	expect_mixed_until_freed(m, TEST_GFP_UNMOV, 0, MIGRATE_MOVABLE, 0);
	test_release(m);
}
END_TEST

/*
 * Pageblock 0 left with 255 free pages on the Unmovable lists: unmovable
 * pages at 0 (claiming pageblocks 0-1), 512 (order 9) and 256 (order 8),
 * and the three other order-10 blocks taken movable.  A reclaimable
 * request falls back to Unmovable first (fallbacks[]); the block holds
 * 255 free pages and, its type not being Movable, no "alike" ones: 255 <
 * 256, no claim (steal_suitable_fallback()).  The page at pfn 1 is a
 * reclaimable page in an Unmovable block.  Expect Unmovable 1; after the
 * free, 0.
 */
START_TEST(test_mixed_reclaimable_fallback_without_claim)
{
	static const struct order_pfn unmovable[] = { { 0, 0 }, { 9, 512 }, { 8, 256 } };
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *zone = test_normal0(m);

	fill_around_pageblock0(m, unmovable, TEST_ARRAY_SIZE(unmovable));
	ck_assert_uint_eq(zone_free_pages(zone), 255);
	expect_mixed(m, zone, 0);
	expect_mixed_until_freed(m, TEST_GFP_RECL, 1, MIGRATE_UNMOVABLE, 1);
	test_release(m);
}
END_TEST

/*
 * The other way to mix a block: a claim that retypes it around older
 * pages.  Unmovable pages at 0 and 512 (order 9), the other order-10
 * blocks taken movable; pageblock 0 has 511 free pages.  A movable request
 * falls back to its order-8 block, may steal it (order 8 >= pageblock_order
 * / 2, can_steal_fallback()) and claims it: 511 free >= 256.  Pageblock 0
 * is now Movable and still holds the unmovable page at 0; pageblock 1 is
 * Unmovable and full of its own kind.  Expect Movable 1; once pfn 0 is
 * freed, 0.
 */
START_TEST(test_mixed_claim_around_older_page)
{
	static const struct order_pfn unmovable[] = { { 0, 0 }, { 9, 512 } };
	struct machine *m = test_boot_node("16M", 1, K_EXACT);

	fill_around_pageblock0(m, unmovable, TEST_ARRAY_SIZE(unmovable));
	expect_mixed_until_freed(m, TEST_GFP_MOV, 1, MIGRATE_MOVABLE, 0);
	test_release(m);
}
END_TEST

/*
 * Three movable pages at 0, 1, 2 and an order-9 movable block at 512, then
 * pageblock 0 retyped Unmovable and pageblock 1 Reclaimable.  The walk
 * stops at a block's first foreign page, so three foreign pages count once;
 * the order-9 allocation (one owner record, at its head) counts once.
 * Expect Unmovable 1 and Reclaimable 1; Unmovable stays 1 while any of
 * the three pages is allocated, then drops to 0.
 */
START_TEST(test_mixed_block_counted_once)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *zone = test_normal0(m);

	for (pfn_t pfn = 0; pfn < 3; pfn++)
		ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 0), pfn);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 9), 512);
	retype_block(m, 0, MIGRATE_UNMOVABLE);
	retype_block(m, 512, MIGRATE_RECLAIMABLE);
	expect_mixed(m, zone, [MIGRATE_UNMOVABLE] = 1, [MIGRATE_RECLAIMABLE] = 1);
	test_free_pfn(m, 0, 0);
	test_free_pfn(m, 2, 0);
	expect_mixed(m, zone, [MIGRATE_UNMOVABLE] = 1, [MIGRATE_RECLAIMABLE] = 1);
	test_free_pfn(m, 1, 0);
	test_free_pfn(m, 512, 9);
	expect_mixed(m, zone, 0);
	test_release(m);
}
END_TEST

/*
 * A movable page in a CMA pageblock.  gfp_migratetype() never yields
 * MIGRATE_CMA, so every allocation in a CMA block differs from the block's
 * type, and the kernel counts such a block under Movable
 * (is_migrate_cma() in pagetypeinfo_showmixedcount_print()).  Expect
 * Movable 1 and CMA 0; after the free, 0.
 */
START_TEST(test_mixed_cma_counts_as_movable)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT ", \"cma\": true");
	struct zone *zone = test_normal0(m);

	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 0), 0);
	retype_block(m, 0, MIGRATE_CMA);
	expect_mixed(m, zone, [MIGRATE_MOVABLE] = 1);
	test_free_pfn(m, 0, 0);
	expect_mixed(m, zone, 0);
	test_release(m);
}
END_TEST

/*
 * Per-CPU lists on.  A movable page comes through the pcp list, from
 * pageblock 0 (rmqueue_bulk() refills from the head of the Movable list),
 * which is then retyped Unmovable: Unmovable 1.  Freed, the page goes to
 * the pcp list (free_unref_page(): the list is far below its high mark),
 * not to the buddy, so it is neither PageBuddy nor owned: the kernel
 * resets page_owner when a page is freed.  Expect 0 then.
 */
START_TEST(test_mixed_pcp_pages_have_no_owner)
{
	struct machine *m = test_boot_node("16M", 1, K_BASE ", \"mobility_grouping\": true,"
					   " \"pcp\": true, \"min_free_kbytes\": 0");
	struct zone *zone = test_normal0(m);
	pfn_t pfn = test_alloc_pfn(m, TEST_GFP_MOV, 0);
	int pcp_count = zone->per_cpu_pageset[0].count;

	ck_assert_uint_lt(pfn, 512);
	retype_block(m, 0, MIGRATE_UNMOVABLE);
	expect_mixed(m, zone, [MIGRATE_UNMOVABLE] = 1);
	test_free_pfn(m, pfn, 0);
	ck_assert_int_eq(zone->per_cpu_pageset[0].count, pcp_count + 1);
	ck_assert(!PageBuddy(pfn_to_page(m, pfn)));
	expect_mixed(m, zone, 0);
	test_release(m);
}
END_TEST

/*
 * Two zones: 32M with ZONE_DMA gives DMA [0, 4096) and Normal [4096,
 * 8192).  A movable page lands in Normal (the zonelist starts at the
 * highest zone), a __GFP_DMA movable page in DMA; their blocks are retyped
 * Unmovable and Reclaimable.  The walk covers only the zone's own span.
 * Expect Normal: Unmovable 1; DMA: Reclaimable 1.
 */
START_TEST(test_mixed_counted_per_zone)
{
	struct machine *m = test_boot_node("32M", 1, K_EXACT ", \"dma\": true");
	struct zone *dma = test_zone(m, 0, ZONE_DMA), *normal = test_normal0(m);
	pfn_t normal_pfn = test_alloc_pfn(m, TEST_GFP_MOV, 0);
	pfn_t dma_pfn = test_alloc_pfn(m, GFP_KERNEL | __GFP_DMA | __GFP_MOVABLE, 0);

	ck_assert(zone_spans_pfn(normal, normal_pfn));
	ck_assert(zone_spans_pfn(dma, dma_pfn));
	retype_block(m, normal_pfn, MIGRATE_UNMOVABLE);
	retype_block(m, dma_pfn, MIGRATE_RECLAIMABLE);
	expect_mixed(m, normal, [MIGRATE_UNMOVABLE] = 1);
	expect_mixed(m, dma, [MIGRATE_RECLAIMABLE] = 1);
	test_release(m);
}
END_TEST

/*
 * Mobility grouping off.  gfp_migratetype() then answers Unmovable for
 * every mask, at allocation and when page_owner reads the recorded mask
 * back.  A movable request falls back to the order-10 block at 0 and
 * retypes pageblocks 0-1 as Unmovable (set_pageblock_migratetype() turns
 * every type into Unmovable).  Expect no mixed pageblock: the page counts
 * as Unmovable, like its block.
 */
START_TEST(test_mixed_grouping_disabled_all_unmovable)
{
	struct machine *m = test_boot_node("16M", 1, K_BASE ", \"mobility_grouping\": false,"
					   " \"pcp\": false, \"min_free_kbytes\": 0");
	struct zone *zone = test_normal0(m);

	ck_assert(m->page_group_by_mobility_disabled);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 0), 0);
	ck_assert_int_eq(get_pageblock_migratetype(m, 0), MIGRATE_UNMOVABLE);
	expect_mixed(m, zone, 0);
	test_release(m);
}
END_TEST

/* ---- the unusable index over summed free areas ---------------------- */

/*
 * fill_contig_page_info() and unusable_free_index() on a census of
 * 4 order-0, 2 order-1 and 1 order-9 free blocks: 520 free pages, 7
 * blocks; at order 9 one suitable block, so (520 - 512) * 1000 / 520 = 15
 * (integer division); at order 0 everything is usable (0); at order 10
 * nothing is (1000); no free memory at all counts as unusable (1000).
 */
START_TEST(test_unusable_index_from_counts)
{
	const unsigned long nr_free[MAX_ORDER] = { [0] = 4, [1] = 2, [9] = 1 };
	const unsigned long none[MAX_ORDER] = { 0 };
	struct contig_page_info info;

	fill_contig_info_from_counts(nr_free, 9, &info);
	ck_assert_uint_eq(info.free_pages, 520);
	ck_assert_uint_eq(info.free_blocks_total, 7);
	ck_assert_uint_eq(info.free_blocks_suitable, 1);
	ck_assert_int_eq(__unusable_free_index(9, &info), 15);
	fill_contig_info_from_counts(nr_free, 0, &info);
	ck_assert_uint_eq(info.free_blocks_suitable, 520);
	ck_assert_int_eq(__unusable_free_index(0, &info), 0);
	fill_contig_info_from_counts(nr_free, 10, &info);
	ck_assert_int_eq(__unusable_free_index(10, &info), 1000);
	fill_contig_info_from_counts(none, 9, &info);
	ck_assert_int_eq(__unusable_free_index(9, &info), 1000);
}
END_TEST

/*
 * The same census taken from a zone's free_area gives the zone's own
 * numbers (the machine-wide sums reuse the kernel's arithmetic).  A 16M
 * zone after an order-0 movable allocation: 1 block each of orders 0..9
 * and 3 of order 10.  Expect fill_contig_page_info() and
 * unusable_free_index() to agree with the census at every order.
 */
START_TEST(test_contig_info_zone_matches_counts)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *zone = test_normal0(m);
	unsigned long nr_free[MAX_ORDER];
	struct contig_page_info a, b;

	test_alloc_pfn(m, TEST_GFP_MOV, 0);
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		nr_free[order] = zone->free_area[order].nr_free;
	ck_assert_uint_eq(nr_free[0], 1);
	ck_assert_uint_eq(nr_free[10], 3);
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		fill_contig_page_info(zone, order, &a);
		fill_contig_info_from_counts(nr_free, order, &b);
		ck_assert_uint_eq(a.free_pages, b.free_pages);
		ck_assert_uint_eq(a.free_blocks_total, b.free_blocks_total);
		ck_assert_uint_eq(a.free_blocks_suitable, b.free_blocks_suitable);
		ck_assert_int_eq(unusable_free_index(zone, order),
				 __unusable_free_index(order, &b));
	}
	test_release(m);
}
END_TEST

Suite *vmstat_suite(void);	/* collected into the runner by the Makefile */
Suite *vmstat_suite(void)
{
	Suite *s = suite_create("vmstat");
	TCase *tc = tcase_create("mixed_pageblocks");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_mixed_none_when_types_match);
	tcase_add_test(tc, test_mixed_unmovable_fallback_without_claim);
	tcase_add_test(tc, test_mixed_reclaimable_fallback_without_claim);
	tcase_add_test(tc, test_mixed_claim_around_older_page);
	tcase_add_test(tc, test_mixed_block_counted_once);
	tcase_add_test(tc, test_mixed_cma_counts_as_movable);
	tcase_add_test(tc, test_mixed_pcp_pages_have_no_owner);
	tcase_add_test(tc, test_mixed_counted_per_zone);
	tcase_add_test(tc, test_mixed_grouping_disabled_all_unmovable);
	suite_add_tcase(s, tc);

	tc = tcase_create("unusable_index");
	tcase_add_test(tc, test_unusable_index_from_counts);
	tcase_add_test(tc, test_contig_info_zone_matches_counts);
	suite_add_tcase(s, tc);
	return s;
}
