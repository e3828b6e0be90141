/*
 * tests/check_profile.c - the kernel profiles and the allocator's knobs.
 *
 * no-grouping: 6.1 with page_group_by_mobility_disabled forced on, checked
 * against the rules 6.1 applies under that switch (gfp_migratetype(),
 * set_pageblock_migratetype(), can_steal_fallback(),
 * steal_suitable_fallback()).  The kernel.policy knobs: each changes the
 * decision it names, derived from the 6.1 function that makes it.
 */
#include <check.h>
#include <string.h>

#include "tests/helpers.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/pageblock-flags.h"
#include "mm/profile.h"

/* Nothing reserved, THP "never", per-CPU lists off, watermarks all zero. */
#define K_EXACT	"\"reserved\": \"0\", \"transparent_hugepage\": \"never\", \"pcp\": false," \
		" \"min_free_kbytes\": 0, \"watermark_scale_factor\": 1"

/* Every profile of the registry is found by its name; no-grouping is one. */
START_TEST(test_registry_lists_no_grouping)
{
	bool seen = false;

	for (size_t i = 0; mm_profiles[i]; i++) {
		ck_assert_ptr_eq(mm_profile_find(mm_profiles[i]->name), mm_profiles[i]);
		seen |= strcmp(mm_profiles[i]->name, "no-grouping") == 0;
	}
	ck_assert(seen);
	ck_assert_ptr_eq(mm_profile_default(), &mm_profile_linux_6_1);
}
END_TEST

/*
 * Under 6.1's linux-6.1 profile a 16M machine (8 pageblocks, more than one
 * per type) groups by mobility: build_all_zonelists_init() leaves
 * page_group_by_mobility_disabled clear.  no-grouping sets it on the same
 * machine.
 */
START_TEST(test_no_grouping_sets_the_switch)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);

	ck_assert(!m->page_group_by_mobility_disabled);
	test_release(m);
	m = test_boot_node("16M", 1, K_EXACT ", \"profile\": \"no-grouping\"");
	ck_assert(m->page_group_by_mobility_disabled);
	ck_assert_str_eq(m->profile->name, "no-grouping");
	test_release(m);
}
END_TEST

/*
 * gfp_migratetype() answers Unmovable for every mask while the switch is
 * set, so mm_page_alloc reports Unmovable for Movable, Reclaimable and
 * Unmovable requests alike.  Memmap init marked every block Movable before
 * the switch was decided, so the first request falls back to a Movable
 * block; with the switch set can_steal_fallback() lets it steal and
 * steal_suitable_fallback() claims the block whatever its free count, and
 * set_pageblock_migratetype() writes Unmovable.  The two later requests
 * are served from that block's free pages, now on the Unmovable list.
 * Expect: three mm_page_alloc events of type Unmovable, the three pages in
 * one Unmovable block, one fallback, Unmovable from Movable, that changed
 * ownership.
 */
START_TEST(test_no_grouping_types_every_request_unmovable)
{
	static const gfp_t gfps[] = { TEST_GFP_MOV, TEST_GFP_RECL, TEST_GFP_UNMOV };
	struct machine *m = test_boot_node("16M", 1, K_EXACT ", \"profile\": \"no-grouping\"");
	struct test_ev_log log;
	pfn_t pfn[3];

	test_ev_attach(m, &log, MM_EV_BIT(MM_EV_mm_page_alloc));
	for (int i = 0; i < 3; i++) {
		pfn[i] = test_alloc_pfn(m, gfps[i], 0);
		ck_assert_uint_eq(log.ev[i].id, MM_EV_mm_page_alloc);
		ck_assert_int_eq(log.ev[i].mm_page_alloc.migratetype, MIGRATE_UNMOVABLE);
		ck_assert_int_eq(get_pageblock_migratetype(m, pfn[i]), MIGRATE_UNMOVABLE);
	}
	ck_assert_uint_eq(pfn[0] >> m->pageblock_order, pfn[2] >> m->pageblock_order);
	ck_assert_uint_eq(m->stats.extfrag_events, 1);
	ck_assert_uint_eq(m->stats.extfrag_change_ownership, 1);
	ck_assert_uint_eq(m->stats.extfrag_by_type[MIGRATE_UNMOVABLE][MIGRATE_MOVABLE], 1);
	test_release(m);
}
END_TEST

/* Types of all the pageblocks of node 0's Normal zone, counted. */
static void count_block_types(struct machine *m, unsigned long *nr)
{
	struct zone *zone = test_normal0(m);
	pfn_t end = zone->zone_start_pfn + zone->spanned_pages;

	memset(nr, 0, sizeof(*nr) * MIGRATE_TYPES);
	for (pfn_t pfn = zone->zone_start_pfn; pfn < end; pfn += pageblock_nr_pages(m))
		nr[get_pageblock_migratetype(m, pfn)]++;
}

/*
 * Fallbacks under the switch are claims of blocks still Movable from boot:
 * once claimed, set_pageblock_migratetype() can only write Unmovable, so
 * no block returns to Movable and no fallback repeats on it.  Interleave
 * Movable, Reclaimable and Unmovable requests until memory is full, free
 * every other page, and allocate again.  Expect every fallback to have
 * changed ownership, to be Unmovable from Movable, and no more than the
 * blocks there are; no block left Movable once all were taken; and no
 * fallback for a Movable or Reclaimable request (their type is Unmovable).
 */
START_TEST(test_no_grouping_fallbacks_only_claim_boot_blocks)
{
	static const gfp_t gfps[] = { TEST_GFP_MOV, TEST_GFP_RECL, TEST_GFP_UNMOV };
	struct machine *m = test_boot_node("16M", 1, K_EXACT ", \"profile\": \"no-grouping\"");
	unsigned long nr_blocks = test_normal0(m)->spanned_pages / pageblock_nr_pages(m);
	unsigned long nr[MIGRATE_TYPES];
	struct page *page;
	int i = 0;

	while ((page = alloc_pages_node(m, 0, gfps[i % 3], 0))) {
		if (i++ % 2)
			__free_pages(m, page, 0);
	}
	for (i = 0; alloc_pages_node(m, 0, gfps[i % 3], 0); i++)
		;
	test_check(m);
	count_block_types(m, nr);
	ck_assert_uint_eq(nr[MIGRATE_MOVABLE], 0);
	ck_assert_uint_eq(nr[MIGRATE_RECLAIMABLE], 0);
	ck_assert_uint_gt(m->stats.extfrag_events, 0);
	ck_assert_uint_le(m->stats.extfrag_events, nr_blocks);
	ck_assert_uint_eq(m->stats.extfrag_change_ownership, m->stats.extfrag_events);
	ck_assert_uint_eq(m->stats.extfrag_by_type[MIGRATE_UNMOVABLE][MIGRATE_MOVABLE],
			  m->stats.extfrag_events);
	test_release(m);
}
END_TEST

/* Collected by the Makefile into the runner (tests/check_main.c). */
Suite *profile_suite(void);

Suite *profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("no_grouping");

	tcase_add_test(tc, test_registry_lists_no_grouping);
	tcase_add_test(tc, test_no_grouping_sets_the_switch);
	tcase_add_test(tc, test_no_grouping_types_every_request_unmovable);
	tcase_add_test(tc, test_no_grouping_fallbacks_only_claim_boot_blocks);
	suite_add_tcase(s, tc);
	return s;
}
