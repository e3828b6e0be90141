/*
 * tests/check_page_isolation.c - page isolation (mm/page_isolation.c)
 * against 6.1's rules: has_unmovable_pages() refusing a pageblock,
 * set_migratetype_isolate() taking the free pages off the counters,
 * isolate_single_pageblock() splitting a free block at the range's
 * boundary, unset_migratetype_isolate() merging them back,
 * test_pages_isolated() with and without MEMORY_OFFLINE.
 *
 * One 16 MiB node (4096 frames, 8 pageblocks of 512 frames), nothing
 * reserved, per-CPU lists off: boot leaves four free order-10 blocks
 * (each two pageblocks), Movable.  The checkers run after every step
 * (pageblock_check() counts the isolated pageblocks against
 * nr_isolate_pageblock, buddy_check() NR_FREE_PAGES against the lists
 * outside MIGRATE_ISOLATE).
 */
#include <check.h>
#include <errno.h>

#include "mm/internal.h"
#include "mm/memory-failure.h"
#include "mm/page_isolation.h"
#include "mm/raw_alloc.h"
#include "tests/helpers.h"

#define K_ISOL	TEST_K_BASE ", \"reserved\": \"0\", \"pcp\": false, \"transparent_hugepage\": \"never\""

static struct machine *boot(void)
{
	return test_boot_node("16M", 1, K_ISOL);
}

/* The first frame of the zone's pageblock number i. */
static pfn_t block_pfn(struct machine *m, unsigned int i)
{
	return test_normal0(m)->zone_start_pfn + (pfn_t)i * pageblock_nr_pages(m);
}

/*
 * has_unmovable_pages(), set_migratetype_isolate(): a pageblock holding
 * an in-use page that is neither LRU nor movable (a GFP_KERNEL page)
 * refuses; so does a range that reaches it, and the blocks the range
 * isolated before the refusal are given back (start_isolate_page_range()).
 */
START_TEST(test_unmovable_page_refuses)
{
	struct machine *m = boot();
	struct zone *z = test_normal0(m);
	pfn_t pfn = test_alloc_pfn(m, TEST_GFP_UNMOV, 0);
	pfn_t pb = pageblock_start_pfn(m, pfn), range_start;
	int type = get_pageblock_migratetype(m, pb);
	unsigned long free_before = zone_free_pages(z);

	ck_assert_ptr_eq(has_unmovable_pages(m, pb, pb + pageblock_nr_pages(m), MIGRATE_MOVABLE, 0),
			 pfn_to_page(m, pfn));
	ck_assert_int_eq(start_isolate_page_range(m, pb, pb + pageblock_nr_pages(m),
						  MIGRATE_MOVABLE, REPORT_FAILURE, GFP_KERNEL), -EBUSY);
	ck_assert_uint_eq(m->stats.isolate_unmovable_reported, 1);
	ck_assert_int_eq(z->nr_isolate_pageblock, 0);
	ck_assert_int_eq(get_pageblock_migratetype(m, pb), type);
	test_check(m);
	/* A range of three pageblocks whose middle one is the refusing one. */
	range_start = pb >= block_pfn(m, 1) ? pb - pageblock_nr_pages(m) : pb;
	ck_assert_int_eq(start_isolate_page_range(m, range_start,
						  range_start + 3 * pageblock_nr_pages(m),
						  MIGRATE_MOVABLE, 0, GFP_KERNEL), -EBUSY);
	ck_assert_int_eq(z->nr_isolate_pageblock, 0);
	ck_assert_uint_eq(zone_free_pages(z), free_before);
	test_check(m);
	/*
	 * isolate_single_pageblock() checks a partial pageblock at the
	 * range's ends whole: the range need not reach the page.
	 */
	if (pfn > pb)
		ck_assert_int_eq(start_isolate_page_range(m, pb, pfn, MIGRATE_MOVABLE, 0,
							  GFP_KERNEL), -EBUSY);
	else
		ck_assert_int_eq(start_isolate_page_range(m, pfn + 1, pb + pageblock_nr_pages(m),
							  MIGRATE_MOVABLE, 0, GFP_KERNEL), -EBUSY);
	ck_assert_int_eq(z->nr_isolate_pageblock, 0);
	test_free_pfn(m, pfn, 0);
	test_release(m);
}
END_TEST

/*
 * isolate_single_pageblock() + split_free_page(): isolating the upper
 * pageblock of a free order-10 block splits it at the boundary, the upper
 * half onto the ISOLATE list and out of NR_FREE_PAGES
 * (set_migratetype_isolate()), the lower half stays Movable and counted.
 * unset_migratetype_isolate() gives the half back through
 * __isolate_free_page() + __putback_isolated_page(): it merges into the
 * order-10 block again, and NR_FREE_PAGES is what it was.
 */
START_TEST(test_isolated_free_pages_leave_the_counters)
{
	struct machine *m = boot();
	struct zone *z = test_normal0(m);
	pfn_t lo = block_pfn(m, 0), hi = block_pfn(m, 1);
	unsigned long pb = pageblock_nr_pages(m), free_before = zone_free_pages(z);
	pfn_t fin;

	test_expect_free_block(m, lo, MAX_ORDER - 1, MIGRATE_MOVABLE);
	ck_assert_int_eq(start_isolate_page_range(m, hi, hi + pb, MIGRATE_MOVABLE, 0, GFP_KERNEL), 0);
	test_check(m);
	ck_assert_int_eq(z->nr_isolate_pageblock, 1);
	ck_assert_int_eq(get_pageblock_migratetype(m, hi), MIGRATE_ISOLATE);
	test_expect_free_block(m, lo, m->pageblock_order, MIGRATE_MOVABLE);
	test_expect_free_block(m, hi, m->pageblock_order, MIGRATE_ISOLATE);
	ck_assert_uint_eq(zone_free_pages(z), free_before - pb);
	/* test_pages_isolated(): the isolated block passes, a range reaching the other fails. */
	ck_assert_int_eq(test_pages_isolated(m, hi, hi + pb, 0, &fin), 0);
	ck_assert_uint_eq(fin, hi + pb);
	ck_assert_int_eq(test_pages_isolated(m, lo, hi + pb, 0, &fin), -EBUSY);
	ck_assert_uint_eq(fin, lo);
	undo_isolate_page_range(m, hi, hi + pb, MIGRATE_MOVABLE);
	test_check(m);
	ck_assert_int_eq(z->nr_isolate_pageblock, 0);
	ck_assert_int_eq(get_pageblock_migratetype(m, hi), MIGRATE_MOVABLE);
	test_expect_free_block(m, lo, MAX_ORDER - 1, MIGRATE_MOVABLE);
	ck_assert_uint_eq(zone_free_pages(z), free_before);
	test_release(m);
}
END_TEST

/*
 * has_unmovable_pages() and test_pages_isolated() with MEMORY_OFFLINE: a
 * poisoned page (soft offline of a free page: held with a reference)
 * refuses an isolation for allocation, but not one for offlining, and
 * only offlining's test counts it as isolated.
 */
START_TEST(test_memory_offline_skips_poisoned_pages)
{
	struct machine *m = boot();
	struct zone *z = test_normal0(m);
	pfn_t pb = block_pfn(m, 2), bad = pb + 7, fin;
	unsigned long nr = pageblock_nr_pages(m);

	ck_assert_int_eq(soft_offline_page(m, bad, 0), 0);
	ck_assert(PageHWPoison(pfn_to_page(m, bad)));
	test_check(m);
	ck_assert_int_eq(start_isolate_page_range(m, pb, pb + nr, MIGRATE_MOVABLE, 0, GFP_KERNEL),
			 -EBUSY);
	ck_assert_int_eq(z->nr_isolate_pageblock, 0);
	ck_assert_int_eq(start_isolate_page_range(m, pb, pb + nr, MIGRATE_MOVABLE, MEMORY_OFFLINE,
						  GFP_KERNEL), 0);
	test_check(m);
	ck_assert_int_eq(test_pages_isolated(m, pb, pb + nr, 0, &fin), -EBUSY);
	ck_assert_uint_eq(fin, bad);
	ck_assert_int_eq(test_pages_isolated(m, pb, pb + nr, MEMORY_OFFLINE, &fin), 0);
	ck_assert_uint_eq(fin, pb + nr);
	/* An isolated pageblock cannot be isolated twice (set_migratetype_isolate()). */
	ck_assert_int_eq(start_isolate_page_range(m, pb, pb + nr, MIGRATE_MOVABLE, MEMORY_OFFLINE,
						  GFP_KERNEL), -EBUSY);
	ck_assert_int_eq(z->nr_isolate_pageblock, 1);
	undo_isolate_page_range(m, pb, pb + nr, MIGRATE_MOVABLE);
	ck_assert_int_eq(z->nr_isolate_pageblock, 0);
	test_release(m);
}
END_TEST

/*
 * isolate_single_pageblock(): a movable compound page of two pageblocks
 * (pageblock_order 8 here, the page of order 9) crossing the range's
 * start is migrated away first (its lower pageblock isolated meanwhile),
 * then the free block it left is split at the boundary: the lower half
 * Movable and counted, the upper half isolated.  Undoing merges them.
 */
START_TEST(test_straddling_compound_page_migrates)
{
	struct machine *m = test_boot_node("16M", 1, K_ISOL ", \"pageblock_order\": 8");
	struct zone *z = test_normal0(m);
	unsigned long nr = pageblock_nr_pages(m), free_before;
	unsigned long migrated = m->vm_events[PGMIGRATE_SUCCESS];
	raw_handle_t h;
	pfn_t p, q;

	ck_assert_int_eq(raw_alloc(m, 0, TEST_GFP_MOV | __GFP_COMP, m->pageblock_order + 1, &h), 0);
	p = page_to_pfn(m, raw_alloc_page(m, h));
	test_check(m);
	free_before = zone_free_pages(z);
	ck_assert_int_eq(start_isolate_page_range(m, p + nr, p + 2 * nr, MIGRATE_MOVABLE, 0,
						  GFP_KERNEL), 0);
	test_check(m);
	q = page_to_pfn(m, raw_alloc_page(m, h));
	ck_assert(q + 2 * nr <= p || q >= p + 2 * nr);
	ck_assert_uint_eq(m->vm_events[PGMIGRATE_SUCCESS] - migrated, 2 * nr);
	test_expect_free_block(m, p, m->pageblock_order, MIGRATE_MOVABLE);
	test_expect_free_block(m, p + nr, m->pageblock_order, MIGRATE_ISOLATE);
	ck_assert_int_eq(z->nr_isolate_pageblock, 1);
	/* The destination took two pageblocks; of the source only the lower half counts. */
	ck_assert_uint_eq(zone_free_pages(z), free_before - 2 * nr + nr);
	undo_isolate_page_range(m, p + nr, p + 2 * nr, MIGRATE_MOVABLE);
	test_check(m);
	test_expect_free_block(m, p, m->pageblock_order + 1, MIGRATE_MOVABLE);
	ck_assert_uint_eq(zone_free_pages(z), free_before - 2 * nr + 2 * nr);
	raw_free(m, h);
	test_release(m);
}
END_TEST

Suite *page_isolation_suite(void);

Suite *page_isolation_suite(void)
{
	Suite *s = suite_create("page_isolation");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_unmovable_page_refuses);
	tcase_add_test(tc, test_isolated_free_pages_leave_the_counters);
	tcase_add_test(tc, test_memory_offline_skips_poisoned_pages);
	tcase_add_test(tc, test_straddling_compound_page_migrates);
	suite_add_tcase(s, tc);
	return s;
}
