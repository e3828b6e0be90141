/*
 * tests/check_page_alloc.c - the buddy allocator against the rules of
 * Linux 6.1 mm/page_alloc.c.
 *
 * Every expected value below is derived by hand from the kernel's rules
 * (the function is named in each test), never copied from our own output.
 * Most tests boot a small one-node machine with per-CPU lists off, so the
 * zone free lists are seen directly, and watermarks at zero, so that they do
 * not get in the way:
 *
 *   16M node = 4096 pages = 8 pageblocks (512 pages) = 4 order-10 blocks.
 *   Boot frees them with FPI_TO_TAIL, so the order-10 Movable list is
 *   0, 1024, 2048, 3072 from head to tail (memblock_free_all()).
 *
 * Shapes are built by allocating every page at order 0 (test_take_all(): pfns
 * come out in ascending order, see test_rmqueue_smallest_ascending_pfns) and
 * then freeing chosen ranges page by page, ascending; a range of 2^k pages
 * whose neighbours stay allocated merges into one order-k block.
 * Pageblock types are set on blocks that hold no free page yet.
 *
 * Linux counterpart: mm/page_alloc.c (v6.1): __free_one_page,
 * buddy_merge_likely, expand, __rmqueue_smallest, fallbacks[],
 * can_steal_fallback, find_suitable_fallback, __rmqueue_fallback,
 * steal_suitable_fallback, move_freepages_block, change_pageblock_range,
 * rmqueue_buddy.  Watermarks, the highatomic reserve and zonelists are in
 * tests/check_zones.c.
 */
#include <check.h>

#include "tests/helpers.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/vmscan.h"
#include "mm/pageblock-flags.h"
#include "mm/trace_events.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"

/* ---- machines -------------------------------------------------------- */

/* Per-CPU lists off, watermarks all zero: min_free_kbytes 0, scale factor 1. */
#define K_WMARK0	"\"pcp\": false, \"min_free_kbytes\": 0, \"watermark_scale_factor\": 1"
#define K_EXACT		TEST_K_PLAIN ", " K_WMARK0
/* min 0, low/high = managed * 10 / 10000 apart: 16M gives low 4, high 8. */
#define K_BOOST		TEST_K_PLAIN ", \"pcp\": false, \"min_free_kbytes\": 0," \
			" \"watermark_scale_factor\": 10"

static unsigned long nr_on_type(struct machine *m, struct zone *zone, int mt)
{
	unsigned long n = 0;

	for (unsigned int o = 0; o < MAX_ORDER; o++)
		n += test_nr_on_list(m, zone, o, mt);
	return n;
}

/* ---- event log --------------------------------------------------------- */

#define EXTFRAG_ONLY	MM_EV_BIT(MM_EV_mm_page_alloc_extfrag)

/* ---- one fallback from a table ---------------------------------------- */

/*
 * A fallback on the 16M node, told by its numbers.  The steps, in order:
 * test_take_all(); the pageblock of each .free range is given that range's
 * .block_mt (every block is Movable after boot, so only other types are
 * set); the ranges are freed; .lru pages are marked LRU; one order-0
 * request of .gfp.  Expect the request to get .pfn, the pageblock of the
 * extfrag event's pfn (the stolen block) to have type .block_mt afterwards,
 * each .left entry to head a free block of that order on that type's list,
 * and exactly the one extfrag event .extfrag (alloc order 0).
 * .free ends at the first empty range, .left at the first entry at pfn 0
 * (pfn 0 stays allocated: no range may start there).
 */
struct fallback_case {
	struct { pfn_t pfn; unsigned long nr_pages; int block_mt; } free[4];
	struct { pfn_t pfn; unsigned long nr_pages; } lru;
	gfp_t gfp;
	pfn_t pfn;
	int block_mt;
	struct { pfn_t pfn; unsigned int order; int mt; } left[8];
	struct {
		pfn_t pfn;
		int fallback_order, alloc_mt, fallback_mt;
		bool fragmenting, change_ownership;
	} extfrag;
};

static void run_fallback_case(const struct fallback_case *c)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct test_ev_log log;
	size_t nr_free = 0;

	for (; nr_free < TEST_ARRAY_SIZE(c->free) && c->free[nr_free].nr_pages; nr_free++)
		ck_assert_uint_ne(c->free[nr_free].pfn, 0);
	test_take_all(m, 0);
	for (size_t i = 0; i < nr_free; i++)
		if (get_pageblock_migratetype(m, c->free[i].pfn) != c->free[i].block_mt)
			set_pageblock_migratetype(m, c->free[i].pfn, c->free[i].block_mt);
	for (size_t i = 0; i < nr_free; i++)
		test_free_range(m, c->free[i].pfn, c->free[i].nr_pages);
	test_set_lru(m, c->lru.pfn, c->lru.nr_pages);
	test_ev_attach(m, &log, EXTFRAG_ONLY);
	ck_assert_uint_eq(test_alloc_pfn(m, c->gfp, 0), c->pfn);
	ck_assert_int_eq(get_pageblock_migratetype(m, c->extfrag.pfn), c->block_mt);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(c->left) && c->left[i].pfn; i++)
		test_expect_free_block(m, c->left[i].pfn, c->left[i].order, c->left[i].mt);
	test_expect_extfrag(&log, c->extfrag.pfn, 0, c->extfrag.fallback_order, c->extfrag.alloc_mt,
		       c->extfrag.fallback_mt, c->extfrag.fragmenting, c->extfrag.change_ownership);
	test_release(m);
}

/* Define test name as run_fallback_case() of the fallback_case given. */
#define FALLBACK_TEST(name, ...)						\
	START_TEST(name)							\
	{									\
		static const struct fallback_case c = { __VA_ARGS__ };		\
										\
		run_fallback_case(&c);						\
	}									\
	END_TEST

/* ======================================================================
 * __find_buddy_pfn, __free_one_page, buddy_merge_likely
 * ====================================================================== */

/*
 * __find_buddy_pfn(): the buddy of P at order k is P ^ (1 << k) and the
 * merged block starts at P & buddy.
 *
 *   0x1000 o0 <-> 0x1001      0x1008 o3 <-> 0x1000 -> merged at 0x1000
 *
 * Expect exactly those numbers; no machine needed.
 */
START_TEST(test_find_buddy_pfn_arithmetic)
{
	ck_assert_uint_eq(__find_buddy_pfn(0x1000, 0), 0x1001);
	ck_assert_uint_eq(__find_buddy_pfn(0x1001, 0), 0x1000);
	ck_assert_uint_eq(__find_buddy_pfn(0x1008, 3), 0x1000);
	ck_assert_uint_eq(__find_buddy_pfn(0x1000, 3), 0x1008);
	ck_assert_uint_eq(__find_buddy_pfn(0x1400, 10), 0x1000);
	ck_assert_uint_eq(0x1008 & __find_buddy_pfn(0x1008, 3), 0x1000);
	ck_assert_uint_eq(0x1001 & __find_buddy_pfn(0x1001, 0), 0x1000);
}
END_TEST

/*
 * __free_one_page(): freeing 0x800 while its buddy 0x801 is free gives one
 * order-1 block at 0x800 (its order-1 buddy 0x802 is in use, so it stops).
 *
 *   0x800 0x801 0x802
 *   [use] [free] [use]   free 0x800 ->   [  o1 free ] [use]
 *
 * Expect nr_free[0] = 0, nr_free[1] = 1, the block at 0x800 on Movable.
 */
START_TEST(test_free_one_page_merges_pair)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	test_free_range(m, 0x801, 1);
	test_expect_free_block(m, 0x801, 0, MIGRATE_MOVABLE);
	test_free_range(m, 0x800, 1);
	test_expect_free_block(m, 0x800, 1, MIGRATE_MOVABLE);
	ck_assert_uint_eq(z->free_area[0].nr_free, 0);
	ck_assert_uint_eq(z->free_area[1].nr_free, 1);
	ck_assert_uint_eq(zone_free_pages(z), 2);
	test_release(m);
}
END_TEST

/*
 * __free_one_page(): merging goes on through every free same-order buddy,
 * but never past order 10 (6.1 merges while order < MAX_ORDER - 1).
 *
 *   [0 ............ 1023][1024 ......... 2047]  both freed page by page
 *   -> two order-10 blocks, no order-11 block.
 *
 * Expect after freeing [1024, 2048): nr_free[10] = 1 at 1024; after freeing
 * [0, 1024) too: nr_free[10] = 2, every lower order empty.
 */
START_TEST(test_free_one_page_merges_up_to_order10)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	test_free_range(m, 1024, 1024);
	test_expect_free_block(m, 1024, 10, MIGRATE_MOVABLE);
	ck_assert_uint_eq(z->free_area[10].nr_free, 1);
	test_free_range(m, 0, 1024);
	test_expect_free_block(m, 0, 10, MIGRATE_MOVABLE);
	test_expect_free_block(m, 1024, 10, MIGRATE_MOVABLE);
	ck_assert_uint_eq(z->free_area[10].nr_free, 2);
	for (unsigned int o = 0; o < 10; o++)
		ck_assert_uint_eq(z->free_area[o].nr_free, 0);
	ck_assert_uint_eq(zone_free_pages(z), 2048);
	test_release(m);
}
END_TEST

/*
 * __free_one_page(): at order >= pageblock_order the merge is refused only
 * when the types differ and one of them cannot merge (ISOLATE, CMA,
 * HIGHATOMIC); Unmovable and Movable pageblocks do merge.
 *
 *   block 2 [1024,1536) Unmovable   block 3 [1536,2048) Movable
 *   free block 2: o9 on Unmovable;  free block 3 (last page has type Movable)
 *   -> o9 + o9 merge into o10 at 1024, queued on the freeing type: Movable.
 *
 * Expect one order-10 block at 1024 on the Movable list, no Unmovable free
 * page left, and block 2 still typed Unmovable.
 */
START_TEST(test_free_one_page_merges_unmovable_with_movable_block)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	set_pageblock_migratetype(m, 1024, MIGRATE_UNMOVABLE);
	test_free_range(m, 1024, 512);
	test_expect_free_block(m, 1024, 9, MIGRATE_UNMOVABLE);
	test_free_range(m, 1536, 512);
	test_expect_free_block(m, 1024, 10, MIGRATE_MOVABLE);
	ck_assert_uint_eq(nr_on_type(m, z, MIGRATE_UNMOVABLE), 0);
	ck_assert_int_eq(get_pageblock_migratetype(m, 1024), MIGRATE_UNMOVABLE);
	test_release(m);
}
END_TEST

/*
 * __free_one_page(): a HighAtomic pageblock never merges with a Movable one
 * at order 9 (HIGHATOMIC is not a mergeable type).
 *
 *   block 2 HighAtomic: o9 at 1024    block 3 Movable: o9 at 1536
 *
 * Expect two order-9 blocks on their own lists, no order-10 block, and both
 * counted free (HighAtomic pages are in NR_FREE_PAGES).
 */
START_TEST(test_free_one_page_keeps_highatomic_block_apart)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	set_pageblock_migratetype(m, 1024, MIGRATE_HIGHATOMIC);
	z->nr_reserved_highatomic = 512;
	test_free_range(m, 1024, 512);
	test_free_range(m, 1536, 512);
	test_expect_free_block(m, 1024, 9, MIGRATE_HIGHATOMIC);
	test_expect_free_block(m, 1536, 9, MIGRATE_MOVABLE);
	ck_assert_uint_eq(z->free_area[9].nr_free, 2);
	ck_assert_uint_eq(z->free_area[10].nr_free, 0);
	ck_assert_uint_eq(zone_free_pages(z), 1024);
	test_release(m);
}
END_TEST

/*
 * __free_one_page() / __free_pages_ok(): pages freed into an ISOLATE
 * pageblock go on the Isolate list, are not added to NR_FREE_PAGES, and the
 * block does not merge with its Movable buddy block.
 *
 *   block 3 Movable: o9 at 1536 (counted)   block 2 Isolate: o9 at 1024
 *
 * Expect NR_FREE_PAGES = 512 before and after freeing block 2, and two
 * order-9 blocks.
 */
START_TEST(test_free_one_page_isolate_uncounted_unmerged)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	test_free_range(m, 1536, 512);
	ck_assert_uint_eq(zone_free_pages(z), 512);
	set_pageblock_migratetype(m, 1024, MIGRATE_ISOLATE);
	z->nr_isolate_pageblock = 1;
	test_check(m);
	test_free_range(m, 1024, 512);
	test_expect_free_block(m, 1024, 9, MIGRATE_ISOLATE);
	test_expect_free_block(m, 1536, 9, MIGRATE_MOVABLE);
	ck_assert_uint_eq(zone_free_pages(z), 512);
	ck_assert_uint_eq(z->free_area[9].nr_free, 2);
	test_release(m);
}
END_TEST

/*
 * __free_one_page(): below pageblock_order the buddy's list type does not
 * matter: a free o2 block parked on the Unmovable list (as a fallback leaves
 * it) still merges with its freed Movable buddy.
 *
 *   1024 o2 (on Unmovable list) + free 1028..1031 -> o3 at 1024, Movable list
 *
 * Expect an order-3 block at 1024 on the Movable list and nothing Unmovable.
 */
START_TEST(test_free_one_page_ignores_list_type_below_pageblock)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	test_free_range(m, 1024, 4);
	move_to_free_list(m, pfn_to_page(m, 1024), z, 2, MIGRATE_UNMOVABLE);
	test_check(m);
	test_expect_free_block(m, 1024, 2, MIGRATE_UNMOVABLE);
	test_free_range(m, 1028, 4);
	test_expect_free_block(m, 1024, 3, MIGRATE_MOVABLE);
	ck_assert_uint_eq(nr_on_type(m, z, MIGRATE_UNMOVABLE), 0);
	test_release(m);
}
END_TEST

/*
 * buddy_merge_likely(): a block that ends at order < 9 goes to the list
 * tail when the buddy of its order+1 block is free at order+1 (a merge is
 * likely soon), to the head otherwise.
 *
 *   o3 free at 0;  free 32..35 -> o2 at 32 (o3 buddy 40 used)  -> head
 *   free 8..11 -> o2 at 8: its o3 block is 8&12 = 8, whose buddy 0 is a
 *                free o3 block                                 -> tail
 *   free 64..67 -> o2 at 64 (o3 buddy 72 used)                  -> head
 *
 * Expect the order-2 Movable list to read 64, 32, 8 from head to tail.
 */
START_TEST(test_buddy_merge_likely_tail_insert)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	test_free_range(m, 0, 8);
	test_expect_free_block(m, 0, 3, MIGRATE_MOVABLE);
	test_free_range(m, 32, 4);
	test_free_range(m, 8, 4);
	test_free_range(m, 64, 4);
	test_expect_list(m, &z->free_area[2].free_list[MIGRATE_MOVABLE], 64, 32, 8);
	test_release(m);
}
END_TEST

/*
 * __free_one_page() hands buddy_merge_likely() the pfn of the buddy that
 * stopped the merging (find_buddy_page_pfn() sets it whether or not that
 * buddy is free), so the block looked at one order up is the one the
 * final block would form with that buddy.
 *
 *   o3 free at 0;  free 32..35 -> o2 at 32 (its o3 block 32 has buddy 40,
 *   used)                                                       -> head
 *   free 12..15 -> o2 at 12, stopped by its buddy 8 (used): its o3 block
 *   is 8 & 12 = 8, whose buddy 0 is a free o3 block              -> tail
 *
 * Expect the order-2 Movable list to read 32, 12 from head to tail.
 */
START_TEST(test_buddy_merge_likely_uses_stopping_buddy)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	test_free_range(m, 0, 8);
	test_free_range(m, 32, 4);
	test_free_range(m, 12, 4);
	test_expect_free_block(m, 12, 2, MIGRATE_MOVABLE);
	test_expect_list(m, &z->free_area[2].free_list[MIGRATE_MOVABLE], 32, 12);
	test_release(m);
}
END_TEST

/*
 * buddy_merge_likely(): returns false from order MAX_ORDER - 2 = 9 up, so
 * an order-9 block goes to the head even when its order-10 buddy is free.
 *
 *   o9 at 0, o9 at 1024 (each head), o10 at 3072;
 *   free [2048, 2560) -> o9 at 2048; its o10 buddy 3072 is free, but
 *   order 9 never goes to the tail.
 *
 * Expect the order-9 Movable list to read 2048, 1024, 0.
 */
START_TEST(test_buddy_merge_likely_never_at_order9)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	test_free_range(m, 0, 512);
	test_free_range(m, 1024, 512);
	test_free_range(m, 3072, 1024);
	test_expect_free_block(m, 3072, 10, MIGRATE_MOVABLE);
	test_free_range(m, 2048, 512);
	test_expect_list(m, &z->free_area[9].free_list[MIGRATE_MOVABLE], 2048, 1024, 0);
	test_release(m);
}
END_TEST

/* ======================================================================
 * __rmqueue_smallest, expand, rmqueue_buddy
 * ====================================================================== */

/*
 * expand(): the caller keeps the lowest part; each upper half goes back at
 * the next lower order.
 *
 *   o3 at 64: [64 | 65 | 66 67 | 68 69 70 71]
 *   order-0 allocation -> 64; 68 (o2), 66 (o1), 65 (o0) stay free, Movable.
 *
 * Expect pfn 64 and exactly those three blocks.
 */
START_TEST(test_expand_keeps_lowest_part)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	test_free_range(m, 64, 8);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 0), 64);
	test_expect_free_block(m, 68, 2, MIGRATE_MOVABLE);
	test_expect_free_block(m, 66, 1, MIGRATE_MOVABLE);
	test_expect_free_block(m, 65, 0, MIGRATE_MOVABLE);
	ck_assert_uint_eq(z->free_area[3].nr_free, 0);
	ck_assert_uint_eq(zone_free_pages(z), 7);
	test_release(m);
}
END_TEST

/*
 * __rmqueue_smallest(): the request's own lists are searched upwards from
 * the requested order, so a free order-1 block is split before an order-5.
 *
 *   o1 at 200, o5 at 256 -> order-0 allocation gets 200; 201 stays (o0).
 *
 * Expect pfn 200, the o5 block untouched.
 */
START_TEST(test_rmqueue_smallest_prefers_smallest_order)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);

	test_take_all(m, 0);
	test_free_range(m, 200, 2);
	test_free_range(m, 256, 32);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 0), 200);
	test_expect_free_block(m, 201, 0, MIGRATE_MOVABLE);
	test_expect_free_block(m, 256, 5, MIGRATE_MOVABLE);
	test_release(m);
}
END_TEST

/*
 * __rmqueue_smallest() takes the list head; __free_one_page() puts a block
 * whose merge is unlikely at the head, so the last freed block is reused.
 *
 *   free 64..71 (o3, head), then 128..135 (o3, head): list 128, 64
 *
 * Expect an order-3 allocation to return 128.
 */
START_TEST(test_rmqueue_smallest_takes_list_head)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);

	test_take_all(m, 0);
	test_free_range(m, 64, 8);
	test_free_range(m, 128, 8);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 3), 128);
	test_expect_free_block(m, 64, 3, MIGRATE_MOVABLE);
	test_release(m);
}
END_TEST

/*
 * __rmqueue_smallest() + expand() on a fresh machine: splitting the lowest
 * order-10 block hands out pages in ascending pfn order, and the next block
 * taken is the head of the order-10 list (1024, freed second at boot).
 *
 * Expect 1100 order-0 allocations to return pfns 0, 1, ..., 1099.
 */
START_TEST(test_rmqueue_smallest_ascending_pfns)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);

	for (pfn_t want = 0; want < 1100; want++) {
		struct page *page = alloc_pages_node(m, 0, TEST_GFP_MOV, 0);

		ck_assert_ptr_nonnull(page);
		ck_assert_uint_eq(page_to_pfn(m, page), want);
	}
	test_check(m);
	test_release(m);
}
END_TEST

/*
 * rmqueue_buddy() / __free_pages_ok(): an order-4 allocation (not a pcp
 * order) counts 16 in pgalloc_normal but one in numa_hit and numa_local
 * (zone_statistics() accounts per allocation); NR_FREE_PAGES drops by 16.
 * Freeing it counts 16 in pgfree.
 *
 * Expect those deltas exactly.
 */
START_TEST(test_rmqueue_buddy_counters)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);
	unsigned long alloc0 = m->vm_events[PGALLOC_NORMAL];
	unsigned long free0 = m->vm_events[PGFREE];
	unsigned long hit0 = z->vm_numa_event[NUMA_HIT];
	unsigned long local0 = z->vm_numa_event[NUMA_LOCAL];
	struct page *page;

	page = alloc_pages_node(m, 0, TEST_GFP_MOV, 4);
	ck_assert_ptr_nonnull(page);
	test_check(m);
	ck_assert_uint_eq(m->vm_events[PGALLOC_NORMAL] - alloc0, 16);
	ck_assert_uint_eq(z->vm_numa_event[NUMA_HIT] - hit0, 1);
	ck_assert_uint_eq(z->vm_numa_event[NUMA_LOCAL] - local0, 1);
	ck_assert_uint_eq(zone_free_pages(z), 4096 - 16);
	ck_assert_int_eq(page_count(page), 1);
	__free_pages(m, page, 4);
	test_check(m);
	ck_assert_uint_eq(m->vm_events[PGFREE] - free0, 16);
	ck_assert_uint_eq(zone_free_pages(z), 4096);
	test_release(m);
}
END_TEST

/* ======================================================================
 * fallbacks[], can_steal_fallback, find_suitable_fallback
 * ====================================================================== */

/*
 * test_take_all(), pageblocks 1 and 2 retyped mt1 and mt2 (a HighAtomic
 * one counted in nr_reserved_highatomic, as reserve_highatomic_pageblock()
 * does), then order-2 free blocks at 512, 1024 and 1536 (pageblock 3 stays
 * Movable).  Returns the zone's order-2 free area.
 */
static struct free_area *order2_in_blocks_1_to_3(struct machine *m, int mt1, int mt2)
{
	const int mt[2] = { mt1, mt2 };
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	for (int i = 0; i < 2; i++) {
		set_pageblock_migratetype(m, 512 * (pfn_t)(i + 1), mt[i]);
		if (mt[i] == MIGRATE_HIGHATOMIC)
			z->nr_reserved_highatomic += pageblock_nr_pages(m);
	}
	for (pfn_t pfn = 512; pfn < 2048; pfn += 512)
		test_free_range(m, pfn, 4);
	return &z->free_area[2];
}

/*
 * find_suitable_fallback() with fallbacks[] and can_steal_fallback():
 *
 *   order-2 lists: Unmovable 512, Reclaimable 1024, Movable 1536
 *   UNMOVABLE   -> Reclaimable, can_steal (non-movable always may)
 *   RECLAIMABLE -> Unmovable,   can_steal
 *   MOVABLE     -> Reclaimable, can_steal false (order 2 < 9/2);
 *                  with only_stealable: -1
 *   MOVABLE asked as order 4 -> Reclaimable, can_steal (4 >= 4)
 *   an empty area (order 5) -> -1
 *
 * Expect exactly those answers.
 */
START_TEST(test_find_suitable_fallback_table)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);
	struct free_area *area = order2_in_blocks_1_to_3(m, MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE);
	bool steal;

	steal = false;
	ck_assert_int_eq(find_suitable_fallback(m, area, 2, MIGRATE_UNMOVABLE, false, &steal),
			 MIGRATE_RECLAIMABLE);
	ck_assert(steal);
	steal = false;
	ck_assert_int_eq(find_suitable_fallback(m, area, 2, MIGRATE_RECLAIMABLE, false, &steal),
			 MIGRATE_UNMOVABLE);
	ck_assert(steal);
	steal = true;
	ck_assert_int_eq(find_suitable_fallback(m, area, 2, MIGRATE_MOVABLE, false, &steal),
			 MIGRATE_RECLAIMABLE);
	ck_assert(!steal);
	ck_assert_int_eq(find_suitable_fallback(m, area, 2, MIGRATE_MOVABLE, true, &steal), -1);
	steal = false;
	ck_assert_int_eq(find_suitable_fallback(m, area, 4, MIGRATE_MOVABLE, false, &steal),
			 MIGRATE_RECLAIMABLE);
	ck_assert(steal);
	ck_assert_int_eq(find_suitable_fallback(m, &z->free_area[5], 5, MIGRATE_UNMOVABLE,
						false, &steal), -1);
	test_release(m);
}
END_TEST

/*
 * fallbacks[]: each type's second choice, and HIGHATOMIC / ISOLATE lists
 * are never a fallback source even when they hold the only free blocks.
 *
 *   order-2: Unmovable 512 (block 1), HighAtomic 1024 (block 2),
 *            Movable 1536 (block 3); Reclaimable empty
 *   UNMOVABLE -> Movable; MOVABLE -> Unmovable; RECLAIMABLE -> Unmovable
 *   then block 1 isolated (as set_migratetype_isolate() does: type, count,
 *   free pages moved to the Isolate list, NR_FREE_PAGES lowered) and block 3
 *   reserved (as reserve_highatomic_pageblock() does): every type -> -1
 *   although nr_free[2] = 3.
 *
 * Expect exactly those answers.
 */
START_TEST(test_find_suitable_fallback_second_choice_and_never_reserved)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);
	struct free_area *area = order2_in_blocks_1_to_3(m, MIGRATE_UNMOVABLE, MIGRATE_HIGHATOMIC);
	bool steal;
	int moved;

	ck_assert_int_eq(find_suitable_fallback(m, area, 2, MIGRATE_UNMOVABLE, false, &steal),
			 MIGRATE_MOVABLE);
	ck_assert_int_eq(find_suitable_fallback(m, area, 2, MIGRATE_MOVABLE, false, &steal),
			 MIGRATE_UNMOVABLE);
	ck_assert_int_eq(find_suitable_fallback(m, area, 2, MIGRATE_RECLAIMABLE, false, &steal),
			 MIGRATE_UNMOVABLE);

	set_pageblock_migratetype(m, 512, MIGRATE_ISOLATE);
	z->nr_isolate_pageblock = 1;
	moved = move_freepages_block(m, z, pfn_to_page(m, 512), MIGRATE_ISOLATE, NULL);
	ck_assert_int_eq(moved, 4);
	__mod_zone_page_state(z, NR_FREE_PAGES, -moved);
	set_pageblock_migratetype(m, 1536, MIGRATE_HIGHATOMIC);
	z->nr_reserved_highatomic += 512;
	ck_assert_int_eq(move_freepages_block(m, z, pfn_to_page(m, 1536), MIGRATE_HIGHATOMIC,
					      NULL), 4);
	test_check(m);
	ck_assert_uint_eq(area->nr_free, 3);
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		ck_assert_int_eq(find_suitable_fallback(m, area, 2, mt, false, &steal), -1);
	test_release(m);
}
END_TEST

/*
 * fallbacks[]: UNMOVABLE tries Reclaimable before Movable.
 *
 *   block 1 Reclaimable: o4 at 512     block 2 Movable: o4 at 1024
 *   GFP_KERNEL order 0 -> steals from 512 (16 free, alike 0: no claim),
 *   the 16 pages move to Unmovable lists, the allocation gets 512.
 *
 * Expect pfn 512, block 1 still Reclaimable, the Movable o4 untouched, the
 * rest of 512 on Unmovable lists; extfrag: fallback_order 4, fallback type
 * Reclaimable (2), fragmenting 1, change_ownership 0.
 */
FALLBACK_TEST(test_fallback_unmovable_tries_reclaimable_first,
	.free = { { 512, 16, MIGRATE_RECLAIMABLE }, { 1024, 16, MIGRATE_MOVABLE } },
	.gfp = TEST_GFP_UNMOV, .pfn = 512, .block_mt = MIGRATE_RECLAIMABLE,
	.left = { { 1024, 4, MIGRATE_MOVABLE }, { 520, 3, MIGRATE_UNMOVABLE },
	          { 516, 2, MIGRATE_UNMOVABLE }, { 514, 1, MIGRATE_UNMOVABLE },
	          { 513, 0, MIGRATE_UNMOVABLE } },
	.extfrag = { 512, 4, MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, true, false })

/*
 * fallbacks[]: MOVABLE tries Reclaimable before Unmovable.
 *
 *   block 1 Unmovable: o4 at 512     block 2 Reclaimable: o4 at 1024
 *   Movable order 0 -> order 4 >= 9/2 may steal; Reclaimable comes first:
 *   1024 (16 free, 0 LRU pages: no claim).
 *
 * Expect pfn 1024, block 2 still Reclaimable, 512 untouched on Unmovable.
 */
FALLBACK_TEST(test_fallback_movable_tries_reclaimable_first,
	.free = { { 512, 16, MIGRATE_UNMOVABLE }, { 1024, 16, MIGRATE_RECLAIMABLE } },
	.gfp = TEST_GFP_MOV, .pfn = 1024, .block_mt = MIGRATE_RECLAIMABLE,
	.left = { { 512, 4, MIGRATE_UNMOVABLE }, { 1032, 3, MIGRATE_MOVABLE } },
	.extfrag = { 1024, 4, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE, true, false })

/*
 * fallbacks[]: RECLAIMABLE tries Unmovable before Movable.
 *
 *   block 1 Unmovable: o4 at 512     block 2 Movable: o4 at 1024
 *   GFP_KERNEL|__GFP_RECLAIMABLE order 0 -> 512 (16 free, alike 0: no claim).
 *
 * Expect pfn 512, block 1 still Unmovable, 1024 untouched on Movable.
 */
FALLBACK_TEST(test_fallback_reclaimable_tries_unmovable_first,
	.free = { { 512, 16, MIGRATE_UNMOVABLE }, { 1024, 16, MIGRATE_MOVABLE } },
	.gfp = TEST_GFP_RECL, .pfn = 512, .block_mt = MIGRATE_UNMOVABLE,
	.left = { { 1024, 4, MIGRATE_MOVABLE }, { 520, 3, MIGRATE_RECLAIMABLE } },
	.extfrag = { 512, 4, MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, true, false })

/*
 * __rmqueue() / rmqueue_buddy(): HighAtomic free pages are reachable only by
 * order > 0 requests with ALLOC_HARDER (GFP_ATOMIC in the slow path); they
 * are never a fallback source.
 *
 *   block 2 HighAtomic: o9 at 1024, nothing else free
 *   movable order 0 without reclaim flags -> NULL
 *   GFP_ATOMIC order 0 (ALLOC_HARDER, but order 0 skips the reserve) -> NULL
 *   GFP_ATOMIC order 1 -> __rmqueue_smallest(HIGHATOMIC) -> 1024
 *
 * Expect NULL, NULL, then pfn 1024 with 1026 (o1) still HighAtomic.
 */
START_TEST(test_highatomic_is_not_a_fallback_source)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);

	test_take_all(m, 0);
	set_pageblock_migratetype(m, 1024, MIGRATE_HIGHATOMIC);
	test_free_range(m, 1024, 512);
	ck_assert_ptr_null(alloc_pages_node(m, 0, __GFP_HIGHMEM | __GFP_MOVABLE, 0));
	test_check(m);
	ck_assert_ptr_null(alloc_pages_node(m, 0, GFP_ATOMIC, 0));
	test_check(m);
	ck_assert_uint_eq(test_alloc_pfn(m, GFP_ATOMIC, 1), 1024);
	test_expect_free_block(m, 1026, 1, MIGRATE_HIGHATOMIC);
	test_release(m);
}
END_TEST

/* ======================================================================
 * __rmqueue_fallback, steal_suitable_fallback, change_pageblock_range,
 * move_freepages_block
 * ====================================================================== */

/*
 * __rmqueue_fallback(): the search for a foreign block runs from order 10
 * down, so the largest Movable block is taken first.
 *
 *   block 2: o3 at 1024     block 4: o6 at 2048
 *   GFP_KERNEL order 0 -> o6 at 2048 (top-down), whole block: free 64,
 *   used non-LRU 448 count as alike (512 - 64 - 0) -> 512 >= 256: claimed.
 *   Then the Unmovable o6 is split: 2048 returned.
 *
 * Expect pfn 2048, block 4 Unmovable, 1024 still o3 Movable, the split
 * remainders 2080 (o5) ... 2049 (o0) on Unmovable; extfrag fallback_order
 * 6, fragmenting 1, change_ownership 1.
 */
FALLBACK_TEST(test_rmqueue_fallback_takes_largest_first,
	.free = { { 1024, 8, MIGRATE_MOVABLE }, { 2048, 64, MIGRATE_MOVABLE } },
	.gfp = TEST_GFP_UNMOV, .pfn = 2048, .block_mt = MIGRATE_UNMOVABLE,
	.left = { { 1024, 3, MIGRATE_MOVABLE }, { 2080, 5, MIGRATE_UNMOVABLE },
	          { 2064, 4, MIGRATE_UNMOVABLE }, { 2056, 3, MIGRATE_UNMOVABLE },
	          { 2052, 2, MIGRATE_UNMOVABLE }, { 2050, 1, MIGRATE_UNMOVABLE },
	          { 2049, 0, MIGRATE_UNMOVABLE } },
	.extfrag = { 2048, 6, MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, true, true })

/*
 * steal_suitable_fallback() -> change_pageblock_range(): an Unmovable
 * request served from a Movable order-10 block retypes both pageblocks;
 * no watermark boost at or above pageblock_order.
 *
 *   fresh: o10 Movable 0, 1024, 2048, 3072
 *   GFP_KERNEL order 0 -> 0; blocks 0 and 1 Unmovable; 512 (o9), 256 (o8),
 *   ..., 1 (o0) on Unmovable lists; 1024, 2048, 3072 still Movable.
 *
 * Expect that, watermark_boost 0, no kswapd wake-up, and extfrag
 * fallback_order 10, fragmenting 0, change_ownership 1.
 */
START_TEST(test_change_pageblock_range_order10)
{
	struct machine *m = test_boot_node("16M", 1, K_BOOST);
	struct zone *z = test_normal0(m);
	struct test_ev_log log;

	test_ev_attach(m, &log, EXTFRAG_ONLY);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_UNMOV, 0), 0);
	ck_assert_int_eq(get_pageblock_migratetype(m, 0), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 512), MIGRATE_UNMOVABLE);
	for (pfn_t pfn = 1024; pfn < 4096; pfn += 512)
		ck_assert_int_eq(get_pageblock_migratetype(m, pfn), MIGRATE_MOVABLE);
	for (unsigned int o = 0; o < 10; o++)
		test_expect_free_block(m, (pfn_t)1 << o, o, MIGRATE_UNMOVABLE);
	ck_assert_uint_eq(test_nr_on_list(m, z, 10, MIGRATE_MOVABLE), 3);
	ck_assert_uint_eq(z->watermark_boost, 0);
	ck_assert(!kswapd_woken(NODE_DATA(m, 0)));
	test_expect_extfrag(&log, 0, 0, 10, MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, false, true);
	test_release(m);
}
END_TEST

/*
 * __rmqueue_fallback() "find_smallest" (item 11 of the spec): a Movable
 * request whose foreign blocks are all below order 4 cannot steal, so it
 * takes the smallest one, moves only that buddy, and leaves the block type.
 * steal_suitable_fallback() boosts the watermark first (order < 9):
 * boost = min(0 + 512, max(512, high 8 * 15000 / 10000 = 12)) = 512, and
 * rmqueue() then wakes kswapd.
 *
 *   block 1 Unmovable: o2 at 512    block 2 Unmovable: o3 at 1024
 *   (watermarks re-set to min 0, low 4, high 8; 12 pages free)
 *   Movable order 0 -> top-down finds o3 (no steal) -> smallest: o2 at 512
 *   -> moved to Movable, split: 512 returned, 514 (o1), 513 (o0) Movable.
 *
 * Expect that, block 1 still Unmovable, 1024 still Unmovable o3, boost 512,
 * ZONE_BOOSTED_WATERMARK cleared by rmqueue(), node 0's kswapd pending;
 * extfrag fallback_order 2, fragmenting 1, change_ownership 0.
 */
START_TEST(test_rmqueue_fallback_movable_smallest_no_claim)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);
	struct test_ev_log log;

	test_take_all(m, 0);
	set_pageblock_migratetype(m, 512, MIGRATE_UNMOVABLE);
	set_pageblock_migratetype(m, 1024, MIGRATE_UNMOVABLE);
	test_free_range(m, 512, 4);
	test_free_range(m, 1024, 8);
	m->vm.watermark_scale_factor = 10;
	setup_per_zone_wmarks(m);
	test_check(m);
	ck_assert_uint_eq(z->_watermark[WMARK_LOW], 4);
	ck_assert_uint_eq(z->_watermark[WMARK_HIGH], 8);
	test_ev_attach(m, &log, EXTFRAG_ONLY);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 0), 512);
	ck_assert_int_eq(get_pageblock_migratetype(m, 512), MIGRATE_UNMOVABLE);
	test_expect_free_block(m, 514, 1, MIGRATE_MOVABLE);
	test_expect_free_block(m, 513, 0, MIGRATE_MOVABLE);
	test_expect_free_block(m, 1024, 3, MIGRATE_UNMOVABLE);
	ck_assert_uint_eq(z->watermark_boost, 512);
	ck_assert(!(z->flags & (1ul << ZONE_BOOSTED_WATERMARK)));
	ck_assert(kswapd_woken(NODE_DATA(m, 0)));
	test_expect_extfrag(&log, 512, 0, 2, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, true, false);
	test_release(m);
}
END_TEST

/*
 * steal_suitable_fallback(): a Movable request finding an order-8 foreign
 * buddy may steal the whole block (8 >= 4); 256 free + 0 alike >= 256
 * claims it.
 *
 *   block 1 Unmovable: o8 at 512 -> Movable order 0 -> block 1 Movable,
 *   512 returned, 640 (o7) ... 513 (o0) on Movable.
 *
 * Expect that and extfrag fallback_order 8, change_ownership 1.
 */
FALLBACK_TEST(test_steal_movable_order8_claims_block,
	.free = { { 512, 256, MIGRATE_UNMOVABLE } },
	.gfp = TEST_GFP_MOV, .pfn = 512, .block_mt = MIGRATE_MOVABLE,
	.left = { { 640, 7, MIGRATE_MOVABLE }, { 513, 0, MIGRATE_MOVABLE } },
	.extfrag = { 512, 8, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, true, true })

/*
 * steal_suitable_fallback(): for a Movable request the "alike" pages are the
 * LRU/movable used pages that move_freepages_block() counted.
 *
 *   block 1 Unmovable: o4 free at 512 (16), 240 LRU pages at [768, 1008)
 *   16 + 240 = 256 >= 256 -> block 1 becomes Movable.
 *
 * Expect pfn 512 and block 1 Movable (change_ownership 1).
 */
FALLBACK_TEST(test_steal_movable_lru_pages_are_alike,
	.free = { { 512, 16, MIGRATE_UNMOVABLE } },
	.lru = { 768, 240 }, .gfp = TEST_GFP_MOV, .pfn = 512, .block_mt = MIGRATE_MOVABLE,
	.extfrag = { 512, 4, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, true, true })

/*
 * steal_suitable_fallback(): one page short of half a block: 16 free + 239
 * LRU = 255 < 256, so the free pages move to Movable lists but the block
 * stays Unmovable.
 *
 * Expect pfn 512, block 1 Unmovable, 520 (o3) on the Movable list,
 * change_ownership 0.
 */
FALLBACK_TEST(test_steal_movable_lru_pages_below_half,
	.free = { { 512, 16, MIGRATE_UNMOVABLE } },
	.lru = { 768, 239 }, .gfp = TEST_GFP_MOV, .pfn = 512, .block_mt = MIGRATE_UNMOVABLE,
	.left = { { 520, 3, MIGRATE_MOVABLE } },
	.extfrag = { 512, 4, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, true, false })

/*
 * steal_suitable_fallback() half-block rule (item 14a): Unmovable falling
 * back into a Movable block with 100 free and 200 LRU pages:
 * alike = 512 - (100 + 200) = 212, and 100 + 212 = 312 >= 256 claims it.
 *
 *   block 2 [1024,1536): free o6 1024, o5 1088, o2 1120 (= 100 pages),
 *   LRU [1200, 1400); top-down finds o6 first; after the move the smallest
 *   Unmovable block, o2 at 1120, is split.
 *
 * Expect pfn 1120, block 2 Unmovable, 1024 (o6), 1088 (o5), 1122 (o1),
 * 1121 (o0) on Unmovable; extfrag fallback_order 6, change_ownership 1.
 */
FALLBACK_TEST(test_steal_unmovable_claims_with_alike_pages,
	.free = { { 1024, 64, MIGRATE_MOVABLE }, { 1088, 32, MIGRATE_MOVABLE },
	          { 1120, 4, MIGRATE_MOVABLE } },
	.lru = { 1200, 200 }, .gfp = TEST_GFP_UNMOV, .pfn = 1120, .block_mt = MIGRATE_UNMOVABLE,
	.left = { { 1024, 6, MIGRATE_UNMOVABLE }, { 1088, 5, MIGRATE_UNMOVABLE },
	          { 1122, 1, MIGRATE_UNMOVABLE }, { 1121, 0, MIGRATE_UNMOVABLE } },
	.extfrag = { 1024, 6, MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, true, true })

/*
 * steal_suitable_fallback() half-block rule (item 14b): 50 free and 300 LRU:
 * alike = 512 - 350 = 162, 50 + 162 = 212 < 256: the type stays Movable,
 * but 6.1 still moves the free pages to the Unmovable lists.
 *
 *   block 2: free o5 1024, o4 1056, o1 1072 (= 50); LRU [1200, 1500)
 *   -> smallest Unmovable after the move: o1 at 1072.
 *
 * Expect pfn 1072, block 2 Movable, 1024 (o5), 1056 (o4), 1073 (o0) on
 * Unmovable lists; extfrag fallback_order 5, change_ownership 0.
 */
FALLBACK_TEST(test_steal_unmovable_below_half_keeps_type,
	.free = { { 1024, 32, MIGRATE_MOVABLE }, { 1056, 16, MIGRATE_MOVABLE },
	          { 1072, 2, MIGRATE_MOVABLE } },
	.lru = { 1200, 300 }, .gfp = TEST_GFP_UNMOV, .pfn = 1072, .block_mt = MIGRATE_MOVABLE,
	.left = { { 1024, 5, MIGRATE_UNMOVABLE }, { 1056, 4, MIGRATE_UNMOVABLE },
	          { 1073, 0, MIGRATE_UNMOVABLE } },
	.extfrag = { 1024, 5, MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, true, false })

/*
 * steal_suitable_fallback() (item 15): Reclaimable falling back into an
 * Unmovable block: alike = 0 (neither type is Movable), so the free pages
 * alone decide. 300 free >= 256 -> claimed, whatever the 100 LRU pages.
 *
 *   block 2 Unmovable: o8 1024, o5 1280, o3 1312, o2 1320 (= 300);
 *   LRU [1400, 1500). Smallest Reclaimable after the move: o2 at 1320.
 *
 * Expect pfn 1320, block 2 Reclaimable, 1322 (o1) and 1321 (o0) on
 * Reclaimable; extfrag fallback_order 8, change_ownership 1.
 */
FALLBACK_TEST(test_steal_reclaimable_from_unmovable_claims_at_half,
	.free = { { 1024, 256, MIGRATE_UNMOVABLE }, { 1280, 32, MIGRATE_UNMOVABLE },
	          { 1312, 8, MIGRATE_UNMOVABLE }, { 1320, 4, MIGRATE_UNMOVABLE } },
	.lru = { 1400, 100 }, .gfp = TEST_GFP_RECL, .pfn = 1320, .block_mt = MIGRATE_RECLAIMABLE,
	.left = { { 1024, 8, MIGRATE_RECLAIMABLE }, { 1322, 1, MIGRATE_RECLAIMABLE },
	          { 1321, 0, MIGRATE_RECLAIMABLE } },
	.extfrag = { 1024, 8, MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, true, true })

/*
 * steal_suitable_fallback() (item 15): with 200 free pages and 250 LRU
 * pages the Unmovable block is not claimed by a Reclaimable request
 * (200 + 0 < 256; LRU pages are not "alike" here).
 *
 *   block 4 Unmovable: o7 2048, o6 2176, o3 2240 (= 200); LRU [2300, 2550)
 *   -> the free pages move to Reclaimable lists; smallest: o3 at 2240.
 *
 * Expect pfn 2240, block 4 Unmovable, 2048 (o7) and 2244 (o2) on
 * Reclaimable lists; extfrag fallback_order 7, change_ownership 0.
 */
FALLBACK_TEST(test_steal_reclaimable_from_unmovable_below_half,
	.free = { { 2048, 128, MIGRATE_UNMOVABLE }, { 2176, 64, MIGRATE_UNMOVABLE },
	          { 2240, 8, MIGRATE_UNMOVABLE } },
	.lru = { 2300, 250 }, .gfp = TEST_GFP_RECL, .pfn = 2240, .block_mt = MIGRATE_UNMOVABLE,
	.left = { { 2048, 7, MIGRATE_RECLAIMABLE }, { 2244, 2, MIGRATE_RECLAIMABLE } },
	.extfrag = { 2048, 7, MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, true, false })

/*
 * move_freepages_block(): moves every free buddy of the pageblock around
 * the given page to the target type's lists (at the tail), returns the
 * number of free pages moved, counts used LRU pages in *num_movable, and
 * leaves the pageblock type and NR_FREE_PAGES alone.
 *
 *   block 1 [512,1024): free o4 512, o3 600, o1 700; LRU [800, 850)
 *   block 2 Unmovable: o4 1024 already on the Unmovable o4 list
 *   move_freepages_block(page 530 -> Unmovable)
 *
 * Expect 26 moved, num_movable 50, the o4 Unmovable list 1024 then 512,
 * block 1 still Movable, NR_FREE_PAGES still 42.
 */
START_TEST(test_move_freepages_block_moves_and_counts)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);
	int movable = -1;

	test_take_all(m, 0);
	test_free_range(m, 512, 16);
	test_free_range(m, 600, 8);
	test_free_range(m, 700, 2);
	test_set_lru(m, 800, 50);
	set_pageblock_migratetype(m, 1024, MIGRATE_UNMOVABLE);
	test_free_range(m, 1024, 16);
	ck_assert_int_eq(move_freepages_block(m, z, pfn_to_page(m, 530), MIGRATE_UNMOVABLE,
					      &movable), 26);
	test_check(m);
	ck_assert_int_eq(movable, 50);
	test_expect_list(m, &z->free_area[4].free_list[MIGRATE_UNMOVABLE], 1024, 512);
	test_expect_free_block(m, 600, 3, MIGRATE_UNMOVABLE);
	test_expect_free_block(m, 700, 1, MIGRATE_UNMOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 512), MIGRATE_MOVABLE);
	ck_assert_uint_eq(zone_free_pages(z), 42);
	test_release(m);
}
END_TEST

/*
 * gfp_migratetype() with page_group_by_mobility_disabled: every request is
 * Unmovable, and can_steal_fallback() lets it take any block.
 *
 *   fresh 16M, grouping off: movable order 0 -> served as Unmovable from the
 *   o10 at 0: both pageblocks retyped Unmovable.
 *
 * Expect pfn 0, blocks 0 and 1 Unmovable, extfrag alloc type 0.
 */
START_TEST(test_mobility_disabled_requests_are_unmovable)
{
	struct machine *m = test_boot_node("16M", 1,
		"\"reserved\": \"0\", \"dma\": false, \"dma32\": false,"
		" \"mobility_grouping\": false, \"transparent_hugepage\": \"never\","
		" \"cma\": false, " K_WMARK0);
	struct test_ev_log log;

	ck_assert(m->page_group_by_mobility_disabled);
	test_ev_attach(m, &log, EXTFRAG_ONLY);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 0), 0);
	ck_assert_int_eq(get_pageblock_migratetype(m, 0), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 512), MIGRATE_UNMOVABLE);
	ck_assert_uint_eq(log.n, 1);
	ck_assert_int_eq(log.ev[0].mm_page_alloc_extfrag.alloc_migratetype, MIGRATE_UNMOVABLE);
	test_release(m);
}
END_TEST

Suite *page_alloc_suite(void);

Suite *page_alloc_suite(void)
{
	Suite *s = suite_create("page_alloc");
	TCase *tc;

	tc = tcase_create("free_one_page");
	tcase_add_test(tc, test_find_buddy_pfn_arithmetic);
	tcase_add_test(tc, test_free_one_page_merges_pair);
	tcase_add_test(tc, test_free_one_page_merges_up_to_order10);
	tcase_add_test(tc, test_free_one_page_merges_unmovable_with_movable_block);
	tcase_add_test(tc, test_free_one_page_keeps_highatomic_block_apart);
	tcase_add_test(tc, test_free_one_page_isolate_uncounted_unmerged);
	tcase_add_test(tc, test_free_one_page_ignores_list_type_below_pageblock);
	tcase_add_test(tc, test_buddy_merge_likely_tail_insert);
	tcase_add_test(tc, test_buddy_merge_likely_uses_stopping_buddy);
	tcase_add_test(tc, test_buddy_merge_likely_never_at_order9);
	suite_add_tcase(s, tc);

	tc = tcase_create("rmqueue_smallest");
	tcase_add_test(tc, test_expand_keeps_lowest_part);
	tcase_add_test(tc, test_rmqueue_smallest_prefers_smallest_order);
	tcase_add_test(tc, test_rmqueue_smallest_takes_list_head);
	tcase_add_test(tc, test_rmqueue_smallest_ascending_pfns);
	tcase_add_test(tc, test_rmqueue_buddy_counters);
	suite_add_tcase(s, tc);

	tc = tcase_create("fallbacks");
	tcase_add_test(tc, test_find_suitable_fallback_table);
	tcase_add_test(tc, test_find_suitable_fallback_second_choice_and_never_reserved);
	tcase_add_test(tc, test_fallback_unmovable_tries_reclaimable_first);
	tcase_add_test(tc, test_fallback_movable_tries_reclaimable_first);
	tcase_add_test(tc, test_fallback_reclaimable_tries_unmovable_first);
	tcase_add_test(tc, test_highatomic_is_not_a_fallback_source);
	suite_add_tcase(s, tc);

	tc = tcase_create("steal");
	tcase_add_test(tc, test_rmqueue_fallback_takes_largest_first);
	tcase_add_test(tc, test_change_pageblock_range_order10);
	tcase_add_test(tc, test_rmqueue_fallback_movable_smallest_no_claim);
	tcase_add_test(tc, test_steal_movable_order8_claims_block);
	tcase_add_test(tc, test_steal_movable_lru_pages_are_alike);
	tcase_add_test(tc, test_steal_movable_lru_pages_below_half);
	tcase_add_test(tc, test_steal_unmovable_claims_with_alike_pages);
	tcase_add_test(tc, test_steal_unmovable_below_half_keeps_type);
	tcase_add_test(tc, test_steal_reclaimable_from_unmovable_claims_at_half);
	tcase_add_test(tc, test_steal_reclaimable_from_unmovable_below_half);
	tcase_add_test(tc, test_move_freepages_block_moves_and_counts);
	tcase_add_test(tc, test_mobility_disabled_requests_are_unmovable);
	suite_add_tcase(s, tc);

	return s;
}
