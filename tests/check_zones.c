/*
 * tests/check_zones.c - which zone an allocation may use, and how much of
 * it: watermark boosting, __zone_watermark_ok(), the highatomic reserve,
 * gfp_zone()/gfp_migratetype(), zonelists, __GFP_THISNODE and
 * ALLOC_NOFRAGMENT, against the rules of Linux 6.1 mm/page_alloc.c.
 *
 * Every expected value is derived by hand from the kernel's rules (the
 * function is named in each test).  The machines are those of
 * tests/check_page_alloc.c: a 16M node (4096 pages, 8 pageblocks) with
 * per-CPU lists off and zero watermarks unless a test says otherwise.
 *
 * Linux counterpart: mm/page_alloc.c (v6.1): boost_watermark,
 * __zone_watermark_ok, reserve_highatomic_pageblock, alloc_flags_nofragment,
 * get_page_from_freelist; include/linux/gfp.h: gfp_zone, gfp_migratetype.
 */
#include <check.h>

#include "tests/helpers.h"
#include "mm/profile.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/vmscan.h"
#include "mm/pageblock-flags.h"
#include "mm/trace_events.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"

/* Per-CPU lists off, watermarks all zero: min_free_kbytes 0, scale factor 1. */
#define K_WMARK0	"\"pcp\": false, \"min_free_kbytes\": 0, \"watermark_scale_factor\": 1"
#define K_EXACT		TEST_K_PLAIN ", " K_WMARK0

#define EXTFRAG_ONLY	MM_EV_BIT(MM_EV_mm_page_alloc_extfrag)

/* ======================================================================
 * boost_watermark
 * ====================================================================== */

/*
 * boost_watermark(): each fragmenting fallback adds pageblock_nr_pages to
 * the boost, capped at max(512, high * 15000 / 10000).
 *
 *   64M node (16384 pages), blocks 0-15 Unmovable with every even pfn of
 *   [0, 8192) free (4096 order-0 blocks; the list head is 8190, the last
 *   freed). Watermarks re-set: min_free_kbytes 3200 -> min 800,
 *   gap max(200, 16) = 200 -> low 1000, high 1200; cap 1800.
 *   Five movable order-0 allocations each fall back at order 0 (single
 *   page, no claim) and pass the low mark (4096 - k > 1000 + boost):
 *   boost 512, 1024, 1536, 1800, 1800.
 *
 * Expect those boosts and pfns 8190, 8188, 8186, 8184, 8182.
 */
START_TEST(test_boost_watermark_caps_at_one_and_a_half_high)
{
	static const unsigned long boost[5] = { 512, 1024, 1536, 1800, 1800 };
	struct machine *m = test_boot_node("64M", 1, K_EXACT);
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	for (pfn_t pfn = 0; pfn < 8192; pfn += 512)
		set_pageblock_migratetype(m, pfn, MIGRATE_UNMOVABLE);
	for (pfn_t pfn = 0; pfn < 8192; pfn += 2)
		__free_pages(m, pfn_to_page(m, pfn), 0);
	test_check(m);
	m->vm.min_free_kbytes = 3200;
	m->vm.watermark_scale_factor = 10;
	setup_per_zone_wmarks(m);
	test_check(m);
	ck_assert_uint_eq(z->_watermark[WMARK_MIN], 800);
	ck_assert_uint_eq(z->_watermark[WMARK_LOW], 1000);
	ck_assert_uint_eq(z->_watermark[WMARK_HIGH], 1200);
	for (int i = 0; i < 5; i++) {
		ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 0), 8190 - 2 * (pfn_t)i);
		ck_assert_uint_eq(z->watermark_boost, boost[i]);
	}
	test_release(m);
}
END_TEST

/*
 * boost_watermark(): no boost in a zone with fewer than 4 pageblocks.
 *
 *   node 0: 6M = 1536 pages = 3 pageblocks (node 1 is 16M, so the machine
 *   keeps mobility grouping); block 1 Unmovable o2 at 512, block 2
 *   Unmovable o3 at 1024; watermarks re-set to wsf 10.
 *   Movable order 0 on node 0 -> fragmenting fallback (o2 at 512).
 *
 * Expect pfn 512, watermark_boost 0, no kswapd wake-up on node 0.
 */
START_TEST(test_boost_watermark_skips_small_zone)
{
	struct machine *m = test_boot_node_pair("6M", "16M", K_EXACT);
	struct zone *z = test_normal0(m);
	struct page *page;

	test_take_all(m, 0);
	set_pageblock_migratetype(m, 512, MIGRATE_UNMOVABLE);
	set_pageblock_migratetype(m, 1024, MIGRATE_UNMOVABLE);
	test_free_range(m, 512, 4);
	test_free_range(m, 1024, 8);
	m->vm.watermark_scale_factor = 10;
	setup_per_zone_wmarks(m);
	test_check(m);
	page = alloc_pages_node(m, 0, TEST_GFP_MOV | __GFP_THISNODE, 0);
	ck_assert_ptr_nonnull(page);
	test_check(m);
	ck_assert_uint_eq(page_to_pfn(m, page), 512);
	ck_assert_uint_eq(z->watermark_boost, 0);
	ck_assert(!kswapd_woken(NODE_DATA(m, 0)));
	test_release(m);
}
END_TEST

/*
 * boost_watermark(): watermark_boost_factor 0 turns boosting off.
 *
 *   the test_rmqueue_fallback_movable_smallest_no_claim layout with
 *   "watermark_boost_factor": 0.
 *
 * Expect pfn 512, boost 0, no kswapd wake-up.
 */
START_TEST(test_boost_watermark_factor_zero)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT ", \"watermark_boost_factor\": 0");
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	set_pageblock_migratetype(m, 512, MIGRATE_UNMOVABLE);
	set_pageblock_migratetype(m, 1024, MIGRATE_UNMOVABLE);
	test_free_range(m, 512, 4);
	test_free_range(m, 1024, 8);
	m->vm.watermark_scale_factor = 10;
	setup_per_zone_wmarks(m);
	test_check(m);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 0), 512);
	ck_assert_uint_eq(z->watermark_boost, 0);
	ck_assert(!kswapd_woken(NODE_DATA(m, 0)));
	test_release(m);
}
END_TEST

/* ======================================================================
 * __zone_watermark_ok
 * ====================================================================== */

/*
 * __zone_watermark_ok(), order 0: pass iff free - reserves > mark +
 * lowmem_reserve[highest_zoneidx]; the free lists are not looked at.
 *
 *   fresh 16M (o10 blocks free); mark 100.
 *   free 101 -> ok, 100 -> fail; lowmem_reserve[Movable] = 30 with
 *   highest_zoneidx Movable: 131 -> ok, 130 -> fail.
 *
 * Expect each call to give the answer listed.
 */
START_TEST(test_zone_watermark_ok_order0)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);

	ck_assert(__zone_watermark_ok(m, z, 0, 100, ZONE_NORMAL, 0, 101));
	ck_assert(!__zone_watermark_ok(m, z, 0, 100, ZONE_NORMAL, 0, 100));
	z->lowmem_reserve[ZONE_MOVABLE] = 30;
	ck_assert(__zone_watermark_ok(m, z, 0, 100, ZONE_MOVABLE, 0, 131));
	ck_assert(!__zone_watermark_ok(m, z, 0, 100, ZONE_MOVABLE, 0, 130));
	ck_assert(__zone_watermark_ok(m, z, 0, 100, ZONE_NORMAL, 0, 101));
	z->lowmem_reserve[ZONE_MOVABLE] = 0;
	test_check(m);
	test_release(m);
}
END_TEST

/*
 * __zone_watermark_ok(), order 3 (item 19): free - 7 - highatomic reserve
 * must exceed the mark; ALLOC_HARDER/ALLOC_OOM skip the reserve; ALLOC_HIGH
 * halves the mark, ALLOC_HARDER then takes a quarter off, ALLOC_OOM a half.
 *
 *   mark 100: free 108 -> 101 > 100 ok; 107 -> fail
 *   reserve 512: 620 ok, 619 fail
 *   HARDER: mark 75, no reserve: 83 ok, 82 fail
 *   (reserve 0) HIGH: mark 50: order 0 free 51 ok, 50 fail
 *   HIGH|HARDER: 50 - 12 = 38: 39 ok, 38 fail
 *   OOM: 100 - 50 = 50: 51 ok, 50 fail
 *
 * Expect each call to give the answer listed.
 */
START_TEST(test_zone_watermark_ok_order3_and_flags)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);
	const int nz = ZONE_NORMAL;

	ck_assert(__zone_watermark_ok(m, z, 3, 100, nz, 0, 108));
	ck_assert(!__zone_watermark_ok(m, z, 3, 100, nz, 0, 107));
	z->nr_reserved_highatomic = 512;
	ck_assert(__zone_watermark_ok(m, z, 3, 100, nz, 0, 620));
	ck_assert(!__zone_watermark_ok(m, z, 3, 100, nz, 0, 619));
	ck_assert(__zone_watermark_ok(m, z, 3, 100, nz, ALLOC_HARDER, 83));
	ck_assert(!__zone_watermark_ok(m, z, 3, 100, nz, ALLOC_HARDER, 82));
	z->nr_reserved_highatomic = 0;
	ck_assert(__zone_watermark_ok(m, z, 0, 100, nz, ALLOC_HIGH, 51));
	ck_assert(!__zone_watermark_ok(m, z, 0, 100, nz, ALLOC_HIGH, 50));
	ck_assert(__zone_watermark_ok(m, z, 0, 100, nz, ALLOC_HIGH | ALLOC_HARDER, 39));
	ck_assert(!__zone_watermark_ok(m, z, 0, 100, nz, ALLOC_HIGH | ALLOC_HARDER, 38));
	ck_assert(__zone_watermark_ok(m, z, 0, 100, nz, ALLOC_OOM, 51));
	ck_assert(!__zone_watermark_ok(m, z, 0, 100, nz, ALLOC_OOM, 50));
	test_check(m);
	test_release(m);
}
END_TEST

/*
 * __zone_watermark_ok(), order > 0: besides the count, some list of order
 * >= the request must be non-empty among Unmovable/Movable/Reclaimable, or
 * HighAtomic with ALLOC_HARDER; Isolate never counts.
 *
 *   only o2 at 0 (Movable) free: order 2 ok, order 3 fail (mark 0, plenty)
 *   + o3 at 1024 on HighAtomic: order 3 fail; with ALLOC_HARDER ok
 *   block 2 isolated, its o3 on the Isolate list: order 3 + HARDER fail
 *
 * Expect each call to give the answer listed.
 */
START_TEST(test_zone_watermark_ok_needs_a_big_enough_block)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);
	const int nz = ZONE_NORMAL;

	test_take_all(m, 0);
	test_free_range(m, 0, 4);
	ck_assert(__zone_watermark_ok(m, z, 2, 0, nz, 0, 1000));
	ck_assert(!__zone_watermark_ok(m, z, 3, 0, nz, 0, 1000));
	set_pageblock_migratetype(m, 1024, MIGRATE_HIGHATOMIC);
	test_free_range(m, 1024, 8);
	ck_assert(!__zone_watermark_ok(m, z, 3, 0, nz, 0, 1000));
	ck_assert(__zone_watermark_ok(m, z, 3, 0, nz, ALLOC_HARDER, 1000));
	/* Isolate block 2 the way set_migratetype_isolate() does. */
	set_pageblock_migratetype(m, 1024, MIGRATE_ISOLATE);
	z->nr_isolate_pageblock = 1;
	ck_assert_int_eq(move_freepages_block(m, z, pfn_to_page(m, 1024), MIGRATE_ISOLATE,
					      NULL), 8);
	__mod_zone_page_state(z, NR_FREE_PAGES, -8);
	test_check(m);
	ck_assert(!__zone_watermark_ok(m, z, 3, 0, nz, ALLOC_HARDER, 1000));
	test_release(m);
}
END_TEST

/* ======================================================================
 * reserve_highatomic_pageblock
 * ====================================================================== */

/*
 * reserve_highatomic_pageblock() (item 20): after an order > 0 allocation
 * that needed ALLOC_HARDER (GFP_ATOMIC in the slow path), the pageblock it
 * came from becomes HighAtomic if it is a mergeable type and the reserve is
 * below managed / 100 + 512 = 40 + 512 = 552 pages.
 *
 *   16M; allocate pfns 0..395 (free 3700), then min_free_kbytes 12000:
 *   min 3000, low 3750. GFP_ATOMIC fails the fast path (3699 <= 3750) and
 *   passes the slow one (mark 3000 -> 1500 (HIGH) -> 1125 (HARDER)).
 *   1) order 1: no Unmovable page, fallback top-down takes o10 1024
 *      (blocks 2, 3 -> Unmovable), returns 1024; block 2 -> HighAtomic,
 *      its free pages 1026 (o1) ... 1280 (o8) move to HighAtomic lists,
 *      1536 (o9, block 3) stays Unmovable.  Reserve 512.
 *   2) order 1: from the HighAtomic list -> 1026; block already reserved.
 *   3) order 9: HighAtomic has nothing >= 9; Unmovable o9 1536 -> returned;
 *      block 3 Unmovable -> HighAtomic, reserve 1024.
 *   4) order 9: 1024 >= 552, no more reserving: 2048 (o10 stolen, blocks
 *      4, 5 Unmovable) stays Unmovable.
 *
 * Expect those pfns, reserve sizes and pageblock types, step by step.
 */
START_TEST(test_reserve_highatomic_pageblock)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *z = test_normal0(m);

	for (int i = 0; i < 396; i++)
		ck_assert_ptr_nonnull(alloc_pages_node(m, 0, TEST_GFP_MOV, 0));
	test_check(m);
	ck_assert_uint_eq(zone_free_pages(z), 3700);
	m->vm.min_free_kbytes = 12000;
	setup_per_zone_wmarks(m);
	test_check(m);
	ck_assert_uint_eq(z->_watermark[WMARK_MIN], 3000);
	ck_assert_uint_eq(z->_watermark[WMARK_LOW], 3750);

	ck_assert_uint_eq(test_alloc_pfn(m, GFP_ATOMIC, 1), 1024);
	ck_assert_uint_eq(z->nr_reserved_highatomic, 512);
	ck_assert_int_eq(get_pageblock_migratetype(m, 1024), MIGRATE_HIGHATOMIC);
	ck_assert_int_eq(get_pageblock_migratetype(m, 1536), MIGRATE_UNMOVABLE);
	test_expect_free_block(m, 1026, 1, MIGRATE_HIGHATOMIC);
	test_expect_free_block(m, 1280, 8, MIGRATE_HIGHATOMIC);
	test_expect_free_block(m, 1536, 9, MIGRATE_UNMOVABLE);

	ck_assert_uint_eq(test_alloc_pfn(m, GFP_ATOMIC, 1), 1026);
	ck_assert_uint_eq(z->nr_reserved_highatomic, 512);

	ck_assert_uint_eq(test_alloc_pfn(m, GFP_ATOMIC, 9), 1536);
	ck_assert_uint_eq(z->nr_reserved_highatomic, 1024);
	ck_assert_int_eq(get_pageblock_migratetype(m, 1536), MIGRATE_HIGHATOMIC);

	ck_assert_uint_eq(test_alloc_pfn(m, GFP_ATOMIC, 9), 2048);
	ck_assert_uint_eq(z->nr_reserved_highatomic, 1024);
	ck_assert_int_eq(get_pageblock_migratetype(m, 2048), MIGRATE_UNMOVABLE);
	test_release(m);
}
END_TEST

/* ======================================================================
 * gfp_zone, gfp_migratetype, zonelists, __GFP_THISNODE, ALLOC_NOFRAGMENT
 * ====================================================================== */

/*
 * gfp_migratetype() = (gfp & 0x18) >> 3 and gfp_zone() (GFP_ZONE_TABLE of
 * x86_64: no HIGHMEM, so __GFP_HIGHMEM alone means Normal; HIGHMEM|MOVABLE
 * means Movable; DMA with DMA32 or HIGHMEM is a bad combination).
 *
 * Expect exactly those values.
 */
START_TEST(test_gfp_migratetype_and_zone)
{
	ck_assert_int_eq(gfp_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(gfp_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);
	ck_assert_int_eq(gfp_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
	ck_assert_int_eq(gfp_migratetype(GFP_TRANSHUGE), MIGRATE_MOVABLE);
	ck_assert_int_eq(gfp_migratetype(GFP_ATOMIC), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	ck_assert_int_eq(gfp_zone(GFP_HIGHUSER), ZONE_NORMAL);
	ck_assert_int_eq(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	ck_assert_int_eq(gfp_zone(__GFP_MOVABLE), ZONE_NORMAL);
	ck_assert_int_eq(gfp_zone(GFP_DMA), ZONE_DMA);
	ck_assert_int_eq(gfp_zone(GFP_DMA32), ZONE_DMA32);
	ck_assert_int_eq(gfp_zone(__GFP_DMA | __GFP_MOVABLE), ZONE_DMA);
	ck_assert_int_eq(gfp_zone(__GFP_DMA32 | __GFP_MOVABLE), ZONE_DMA32);
	ck_assert_int_eq(gfp_zone(__GFP_DMA | __GFP_DMA32), -1);
	ck_assert_int_eq(gfp_zone(__GFP_DMA | __GFP_HIGHMEM), -1);
}
END_TEST

/*
 * __GFP_THISNODE selects ZONELIST_NOFALLBACK: with node 0 exhausted the
 * allocation fails instead of going to node 1; without it the zonelist goes
 * on to node 1, and zone_statistics() records a miss: numa_miss and
 * numa_other on node 1's zone, numa_foreign on node 0's.
 *
 *   2 x 16M; node 0 fully allocated.
 *   GFP_NOWAIT|__GFP_THISNODE on node 0 -> NULL
 *   GFP_NOWAIT on node 0 -> node 1: Unmovable steals node 1's first o10
 *   block (pfn 4096) -> 4096.
 *
 * Expect NULL, then pfn 4096 on node 1, and the counters above
 * (node 0 also shows the 4096 local hits of the fill).
 */
START_TEST(test_gfp_thisnode_stays_on_node)
{
	struct machine *m = test_boot_node_pair("16M", "16M", K_EXACT);
	struct zone *z0 = test_zone(m, 0, ZONE_NORMAL), *z1 = test_zone(m, 1, ZONE_NORMAL);
	struct page *page;

	test_take_all(m, 0);
	ck_assert_ptr_null(alloc_pages_node(m, 0, GFP_NOWAIT | __GFP_THISNODE, 0));
	test_check(m);
	page = alloc_pages_node(m, 0, GFP_NOWAIT, 0);
	ck_assert_ptr_nonnull(page);
	test_check(m);
	ck_assert_int_eq(page_to_nid(page), 1);
	ck_assert_uint_eq(page_to_pfn(m, page), 4096);
	ck_assert_uint_eq(z1->vm_numa_event[NUMA_MISS], 1);
	ck_assert_uint_eq(z1->vm_numa_event[NUMA_OTHER], 1);
	ck_assert_uint_eq(z1->vm_numa_event[NUMA_HIT], 0);
	ck_assert_uint_eq(z0->vm_numa_event[NUMA_FOREIGN], 1);
	ck_assert_uint_eq(z0->vm_numa_event[NUMA_HIT], 4096);
	ck_assert_uint_eq(z0->vm_numa_event[NUMA_LOCAL], 4096);
	test_release(m);
}
END_TEST

/*
 * gfp_zone() + the zonelist walk: ZONE_MOVABLE serves only requests whose
 * gfp_zone() is Movable (__GFP_MOVABLE with __GFP_HIGHMEM).
 *
 *   64M, kernelcore=16M: Normal [0, 4096), Movable [4096, 16384).
 *   GFP_HIGHUSER_MOVABLE -> starts at Movable: pfn 4096.
 *   4096 GFP_KERNEL allocations all land in Normal; the next GFP_NOWAIT
 *   fails although Movable still has 12287 free pages.
 *
 * Expect pfn 4096 in Movable, 4096 Normal pages, then NULL.
 */
START_TEST(test_zone_movable_only_for_movable_requests)
{
	struct machine *m = test_boot_node("64M", 1, K_EXACT ", \"kernelcore\": \"16M\"");
	struct page *page;

	ck_assert_uint_eq(test_zone(m, 0, ZONE_MOVABLE)->zone_start_pfn, 4096);
	page = alloc_pages_node(m, 0, TEST_GFP_MOV, 0);
	ck_assert_ptr_nonnull(page);
	ck_assert_int_eq(page_zonenum(page), ZONE_MOVABLE);
	ck_assert_uint_eq(page_to_pfn(m, page), 4096);
	for (int i = 0; i < 4096; i++) {
		page = alloc_pages_node(m, 0, GFP_KERNEL, 0);
		ck_assert_ptr_nonnull(page);
		ck_assert_int_eq(page_zonenum(page), ZONE_NORMAL);
	}
	test_check(m);
	ck_assert_ptr_null(alloc_pages_node(m, 0, GFP_NOWAIT, 0));
	test_check(m);
	ck_assert_uint_eq(zone_free_pages(test_zone(m, 0, ZONE_MOVABLE)), 12287);
	test_release(m);
}
END_TEST

/*
 * A machine for ALLOC_NOFRAGMENT: node 0 spans 4G+16M with a hole over
 * [0, 4080M), so it has a small DMA32 zone [1044480, 1048576) and a Normal
 * zone [1048576, 1052672); node 1 is 16M of Normal at [1052672, 1056768).
 * Node 0's Normal is fully allocated except an Unmovable o2 at 1048576.
 */
static struct machine *boot_nofragment_machine(void)
{
	struct machine *m = test_boot_machine(TEST_M_ACROSS_4G,
		"\"reserved\": \"0\", \"dma\": false, \"dma32\": true,"
		" \"mobility_grouping\": true, \"transparent_hugepage\": \"never\","
		" \"cma\": false, " K_WMARK0);
	struct zone *normal = test_zone(m, 0, ZONE_NORMAL);

	ck_assert_uint_eq(normal->zone_start_pfn, 1048576);
	ck_assert_uint_eq(test_zone(m, 0, ZONE_DMA32)->present_pages, 4096);
	for (int i = 0; i < 4096; i++) {
		struct page *page = alloc_pages_node(m, 0, TEST_GFP_MOV | __GFP_THISNODE, 0);

		ck_assert_ptr_nonnull(page);
		ck_assert_int_eq(page_zonenum(page), ZONE_NORMAL);
	}
	ck_assert_uint_eq(zone_free_pages(normal), 0);
	set_pageblock_migratetype(m, 1048576, MIGRATE_UNMOVABLE);
	test_free_range(m, 1048576, 4);
	return m;
}

/*
 * alloc_flags_nofragment() / __rmqueue_fallback(): the preferred zone is
 * Normal and the node has a populated DMA32, so the first pass may only
 * fall back at pageblock order; the small Unmovable block in Normal is left
 * alone and the next local zone, DMA32, serves the request.
 *
 * Expect the page from node 0's DMA32 (its first o10 block, pfn 1044480),
 * no extfrag event, 1048576 still a free Unmovable o2.
 */
START_TEST(test_alloc_nofragment_prefers_other_local_zone)
{
	struct machine *m = boot_nofragment_machine();
	struct test_ev_log log;
	struct page *page;

	test_ev_attach(m, &log, EXTFRAG_ONLY);
	page = alloc_pages_node(m, 0, TEST_GFP_MOV, 0);
	ck_assert_ptr_nonnull(page);
	test_check(m);
	ck_assert_int_eq(page_to_nid(page), 0);
	ck_assert_int_eq(page_zonenum(page), ZONE_DMA32);
	ck_assert_uint_eq(page_to_pfn(m, page), 1044480);
	ck_assert_uint_eq(log.n, 0);
	test_expect_free_block(m, 1048576, 2, MIGRATE_UNMOVABLE);
	test_release(m);
}
END_TEST

/*
 * get_page_from_freelist(): when the walk under ALLOC_NOFRAGMENT reaches a
 * remote node it drops the flag and starts again: locality beats
 * fragmentation avoidance.
 *
 *   node 0's DMA32 drained down to its reserve: for a request whose highest
 *   zone is Movable, DMA32 keeps lowmem_reserve[Movable] = Normal managed
 *   4096 / 256 = 16 pages, so 4080 __GFP_THISNODE allocations come from
 *   DMA32 (Normal refusing to fragment) and leave 16 that this request
 *   cannot use; it then steals the o2 at 1048576 on node 0 rather than
 *   using node 1.
 *
 * Expect pfn 1048576 on node 0, 1048578 (o1) and 1048577 (o0) Movable,
 * block still Unmovable; extfrag fallback_order 2, change_ownership 0.
 */
START_TEST(test_alloc_nofragment_dropped_for_remote_node)
{
	struct machine *m = boot_nofragment_machine();
	struct zone *dma32 = test_zone(m, 0, ZONE_DMA32);
	struct test_ev_log log;
	struct page *page;

	ck_assert_int_eq(dma32->lowmem_reserve[ZONE_MOVABLE], 16);
	for (int i = 0; i < 4080; i++) {
		page = alloc_pages_node(m, 0, TEST_GFP_MOV | __GFP_THISNODE, 0);
		ck_assert_ptr_nonnull(page);
		ck_assert_int_eq(page_zonenum(page), ZONE_DMA32);
	}
	test_check(m);
	ck_assert_uint_eq(zone_free_pages(dma32), 16);
	test_ev_attach(m, &log, EXTFRAG_ONLY);
	page = alloc_pages_node(m, 0, TEST_GFP_MOV, 0);
	ck_assert_ptr_nonnull(page);
	test_check(m);
	ck_assert_int_eq(page_to_nid(page), 0);
	ck_assert_uint_eq(page_to_pfn(m, page), 1048576);
	test_expect_free_block(m, 1048578, 1, MIGRATE_MOVABLE);
	test_expect_free_block(m, 1048577, 0, MIGRATE_MOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 1048576), MIGRATE_UNMOVABLE);
	test_expect_extfrag(&log, 1048576, 0, 2, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, true, false);
	test_release(m);
}
END_TEST

/*
 * __rmqueue_fallback(): ALLOC_NOFRAGMENT raises the search floor to
 * pageblock_order only for requests below it ("order < pageblock_order &&
 * alloc_flags & ALLOC_NOFRAGMENT").  An order-10 request keeps its own
 * order as the floor, so order-9 foreign blocks are never candidates:
 * retyping them could not serve it.  With 6.1's table every pcp type is a
 * fallback of Unmovable, so any free o10 both passes the watermark check
 * and serves the request; a profile whose Unmovable row leaves out Movable
 * shows the floor: an o10 Movable block passes __zone_watermark_ok() but
 * is no candidate.
 *
 *   profile: Unmovable falls back to Reclaimable only.
 *   node 0's DMA32 drained to its 16-page reserve; Normal fully allocated
 *   except an o10 Movable block at 1050624 and an o9 at 1049600 whose
 *   pageblock is Reclaimable.
 *   GFP_KERNEL|__GFP_THISNODE order 10: Normal (NOFRAGMENT) searches order
 *   10 only and finds no Reclaimable block, DMA32 is below its watermark,
 *   the retry without NOFRAGMENT finds none either: the request fails.
 *
 * Expect NULL, pageblock 1049600 still Reclaimable with its o9 on the
 * Reclaimable list, 1050624 still a Movable o10, and no extfrag event.
 */
START_TEST(test_alloc_nofragment_order10_keeps_order9_blocks)
{
	struct machine *m = boot_nofragment_machine();
	struct test_ev_log log;

	m->alloc_knobs.fallbacks[MIGRATE_UNMOVABLE][0] = MIGRATE_RECLAIMABLE;
	m->alloc_knobs.fallbacks[MIGRATE_UNMOVABLE][1] = MIGRATE_TYPES;
	for (int i = 0; i < 4080; i++)
		ck_assert_ptr_nonnull(alloc_pages_node(m, 0, TEST_GFP_MOV | __GFP_THISNODE, 0));
	set_pageblock_migratetype(m, 1049600, MIGRATE_RECLAIMABLE);
	test_free_range(m, 1049600, 512);
	test_free_range(m, 1050624, 1024);
	test_expect_free_block(m, 1049600, 9, MIGRATE_RECLAIMABLE);
	test_expect_free_block(m, 1050624, 10, MIGRATE_MOVABLE);
	test_ev_attach(m, &log, EXTFRAG_ONLY);
	ck_assert_ptr_null(alloc_pages_node(m, 0, GFP_KERNEL | __GFP_THISNODE, 10));
	test_check(m);
	ck_assert_int_eq(get_pageblock_migratetype(m, 1049600), MIGRATE_RECLAIMABLE);
	test_expect_free_block(m, 1049600, 9, MIGRATE_RECLAIMABLE);
	test_expect_free_block(m, 1050624, 10, MIGRATE_MOVABLE);
	ck_assert_uint_eq(log.n, 0);
	test_release(m);
}
END_TEST

/*
 * build_zonerefs_node(): a node's zonelist lists its populated zones,
 * managed pages or not.  Node 0 spans 4G+16M with a hole over [0, 4080M)
 * (16M of DMA32 below 4G, 16M of Normal above), and its 16M boot
 * reservation is taken from the top: Normal is present but has no managed
 * page.  Expect node 0's fallback zonelist to start with its Normal zone,
 * then DMA32, then node 1's Normal; and a request of node 0 to be served
 * from DMA32 (Normal fails its watermark with nothing free).
 */
START_TEST(test_zonelist_lists_populated_unmanaged_zone)
{
	struct machine *m = test_boot_machine(
		"\"nodes\": [{\"mem\": \"4112M\", \"cpus\": 1, \"reserved\": \"16M\"},"
		" {\"mem\": \"16M\", \"cpus\": 1, \"reserved\": \"0\"}],"
		" \"distance\": [[10, 20], [20, 10]],"
		" \"holes\": [{\"start\": \"0\", \"size\": \"4080M\"}]",
		"\"dma\": false, \"dma32\": true, \"mobility_grouping\": true,"
		" \"transparent_hugepage\": \"never\", \"cma\": false, " K_WMARK0);
	const struct zoneref *z = NODE_DATA(m, 0)->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	struct page *page;

	ck_assert_uint_eq(test_zone(m, 0, ZONE_NORMAL)->present_pages, 4096);
	ck_assert_uint_eq(test_zone(m, 0, ZONE_NORMAL)->managed_pages, 0);
	ck_assert_ptr_eq(z[0].zone, test_zone(m, 0, ZONE_NORMAL));
	ck_assert_ptr_eq(z[1].zone, test_zone(m, 0, ZONE_DMA32));
	ck_assert_ptr_eq(z[2].zone, test_zone(m, 1, ZONE_NORMAL));
	ck_assert_ptr_null(z[3].zone);
	page = alloc_pages_node(m, 0, TEST_GFP_UNMOV, 0);
	ck_assert_ptr_nonnull(page);
	ck_assert_int_eq(page_zonenum(page), ZONE_DMA32);
	ck_assert_int_eq(page_to_nid(page), 0);
	test_release(m);
}
END_TEST

/* Collected by the Makefile into the runner (tests/check_main.c). */

Suite *zones_suite(void);

Suite *zones_suite(void)
{
	Suite *s = suite_create("zones");
	TCase *tc;

	tc = tcase_create("boost_watermark");
	tcase_add_test(tc, test_boost_watermark_caps_at_one_and_a_half_high);
	tcase_add_test(tc, test_boost_watermark_skips_small_zone);
	tcase_add_test(tc, test_boost_watermark_factor_zero);
	suite_add_tcase(s, tc);

	tc = tcase_create("watermark_ok");
	tcase_add_test(tc, test_zone_watermark_ok_order0);
	tcase_add_test(tc, test_zone_watermark_ok_order3_and_flags);
	tcase_add_test(tc, test_zone_watermark_ok_needs_a_big_enough_block);
	suite_add_tcase(s, tc);

	tc = tcase_create("highatomic");
	tcase_add_test(tc, test_reserve_highatomic_pageblock);
	suite_add_tcase(s, tc);

	tc = tcase_create("zonelist");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_gfp_migratetype_and_zone);
	tcase_add_test(tc, test_gfp_thisnode_stays_on_node);
	tcase_add_test(tc, test_zone_movable_only_for_movable_requests);
	tcase_add_test(tc, test_alloc_nofragment_prefers_other_local_zone);
	tcase_add_test(tc, test_alloc_nofragment_dropped_for_remote_node);
	tcase_add_test(tc, test_alloc_nofragment_order10_keeps_order9_blocks);
	tcase_add_test(tc, test_zonelist_lists_populated_unmanaged_zone);
	suite_add_tcase(s, tc);
	return s;
}
