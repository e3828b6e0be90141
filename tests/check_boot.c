/*
 * tests/check_boot.c - booting the memory manager, against the rules of
 * Linux 6.1 mm/page_alloc.c (free_area_init and friends, memmap_init,
 * memblock_free_all, watermarks, lowmem_reserve, zonelists) and
 * mm/khugepaged.c (set_recommended_min_free_kbytes).
 *
 * Facts the expected values rest on:
 *   - zones are cut at 16M (DMA) and 4G (DMA32); a node spans from its
 *     first to its last present pfn (memblock), so a leading hole is not
 *     part of it; holes inside a zone count in spanned, not in present;
 *   - memmap_init_range() marks a pageblock Movable when it meets the
 *     block's first pfn inside a memory range; a block whose first pfn is
 *     a hole keeps type 0 (Unmovable): the reference kernel's DMA zone,
 *     which starts at pfn 1, shows "1 Unmovable, 7 Movable" blocks;
 *   - memblock_free_all() frees each free range with the largest order
 *     allowed by the start's alignment and the end (at most 10), through
 *     __free_pages_core() -> __free_pages_ok(FPI_TO_TAIL): list tail,
 *     type read from the pageblock, pgfree += 2^order;
 *   - init_per_zone_wmark_min() runs calculate_min_free_kbytes() before any
 *     watermark exists (high = 0 in nr_free_buffer_pages()); khugepaged
 *     starts later (a later initcall) and caps its recommendation at 5% of
 *     nr_free_buffer_pages() computed with the watermarks just set.
 *
 * Linux counterpart: mm/page_alloc.c and mm/mm_init.c (v6.1), mm/memblock.c
 * (__free_pages_memory), mm/khugepaged.c.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tests/helpers.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/pageblock-flags.h"
#include "mm/vmstat.h"
#include "sim/procfs.h"

/* Per-CPU lists off, min_free_kbytes 0: the watermarks stay out of the way. */
#define K_QUIET	"\"pcp\": false, \"min_free_kbytes\": 0, \"watermark_scale_factor\": 10"
/* ... on a machine without DMA zones (the caller adds "reserved"). */
#define K_SMALL	TEST_K_BASE ", " K_QUIET
/* Nothing reserved, ZONE_DMA and ZONE_DMA32 on, grouping on, no CMA. */
#define K_DMA_ZONES "\"reserved\": \"0\", \"dma\": true, \"dma32\": true," \
		    " \"mobility_grouping\": true, \"cma\": false"

static void expect_span(struct zone *z, pfn_t start, unsigned long spanned,
			unsigned long present, unsigned long managed)
{
	ck_assert_msg(z->spanned_pages == spanned, "%s: spanned %lu, expected %lu",
		      z->name, z->spanned_pages, spanned);
	if (spanned)
		ck_assert_msg(z->zone_start_pfn == start, "%s: start %lu, expected %lu",
			      z->name, (unsigned long)z->zone_start_pfn, (unsigned long)start);
	ck_assert_msg(z->present_pages == present, "%s: present %lu, expected %lu",
		      z->name, z->present_pages, present);
	ck_assert_msg(z->managed_pages == managed, "%s: managed %lu, expected %lu",
		      z->name, z->managed_pages, managed);
}

static void expect_nr_free(struct zone *z, const unsigned long want[MAX_ORDER])
{
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		ck_assert_msg(z->free_area[o].nr_free == want[o],
			      "%s: nr_free[%u] = %lu, expected %lu",
			      z->name, o, z->free_area[o].nr_free, want[o]);
}

static void expect_block_counts(struct machine *m, struct zone *z, unsigned long unmovable,
				unsigned long movable)
{
	unsigned long counts[MIGRATE_TYPES];

	pageblock_type_counts(m, z, counts);
	ck_assert_uint_eq(counts[MIGRATE_UNMOVABLE], unmovable);
	ck_assert_uint_eq(counts[MIGRATE_MOVABLE], movable);
	for (int mt = MIGRATE_RECLAIMABLE; mt < MIGRATE_TYPES; mt++)
		ck_assert_uint_eq(counts[mt], 0);
}

/* The zonelist of node nid as a list of node ids; returns the length. */
static int zonelist_nodes(struct machine *m, int nid, int which, int *out, int *zidx)
{
	const struct zoneref *zr = NODE_DATA(m, nid)->node_zonelists[which]._zonerefs;
	int n = 0;

	for (; zr->zone; zr++, n++) {
		out[n] = zr->zone->node;
		zidx[n] = zr->zone_idx;
	}
	return n;
}

/* ======================================================================
 * zone layout: free_area_init, calculate_node_totalpages, reserved memory
 * ====================================================================== */

/*
 * calculate_node_totalpages(): one 8M node, no DMA zones, nothing reserved.
 *
 *   pfn 0 ............................ 2048
 *   [ Normal: spanned 2048, present 2048, managed 2048 ]
 *
 * Expect that, the other zones empty, nr_zones 3 (Normal is index 2), two
 * order-10 blocks free and NR_FREE_PAGES 2048.
 */
START_TEST(test_boot_one_normal_zone)
{
	struct machine *m = test_boot_node("8M", 1, K_SMALL ", \"reserved\": \"0\"");
	pg_data_t *pgdat = NODE_DATA(m, 0);

	test_check(m);
	ck_assert_uint_eq(m->nr_node_ids, 1);
	ck_assert_uint_eq(pgdat->node_start_pfn, 0);
	ck_assert_uint_eq(pgdat->node_spanned_pages, 2048);
	ck_assert_uint_eq(pgdat->node_present_pages, 2048);
	ck_assert_int_eq(pgdat->nr_zones, 3);
	expect_span(test_zone(m, 0, ZONE_NORMAL), 0, 2048, 2048, 2048);
	expect_span(test_zone(m, 0, ZONE_DMA), 0, 0, 0, 0);
	expect_span(test_zone(m, 0, ZONE_DMA32), 0, 0, 0, 0);
	expect_span(test_zone(m, 0, ZONE_MOVABLE), 0, 0, 0, 0);
	ck_assert_uint_eq(test_zone(m, 0, ZONE_NORMAL)->free_area[10].nr_free, 2);
	ck_assert_uint_eq(zone_free_pages(test_zone(m, 0, ZONE_NORMAL)), 2048);
	test_release(m);
}
END_TEST

/*
 * Reserved boot memory comes from the top of the node and never reaches the
 * buddy; __free_pages_memory() frees the rest with the largest aligned
 * orders that fit.
 *
 *   8M, 1M reserved: free range [0, 1792):
 *   0 (o10, 0 + 1024 <= 1792), 1024 (o10 too long -> o9), 1536 (o8)
 *   [1792, 2048) PG_reserved
 *
 * Expect present 2048, managed 1792, those three blocks (no merges:
 * 1024's o9 buddy 1536 is only o8), NR_FREE_PAGES 1792.
 */
START_TEST(test_boot_reserved_from_top_of_node)
{
	struct machine *m = test_boot_node("8M", 1, K_SMALL ", \"reserved\": \"1M\"");
	struct zone *z = test_zone(m, 0, ZONE_NORMAL);
	static const unsigned long want[MAX_ORDER] = { [8] = 1, [9] = 1, [10] = 1 };

	test_check(m);
	expect_span(z, 0, 2048, 2048, 1792);
	expect_nr_free(z, want);
	test_expect_free_block(m, 0, 10, MIGRATE_MOVABLE);
	test_expect_free_block(m, 1024, 9, MIGRATE_MOVABLE);
	test_expect_free_block(m, 1536, 8, MIGRATE_MOVABLE);
	ck_assert(PageReserved(pfn_to_page(m, 1792)));
	ck_assert(PageReserved(pfn_to_page(m, 2047)));
	ck_assert(!PageReserved(pfn_to_page(m, 0)));
	ck_assert(!PageBuddy(pfn_to_page(m, 1792)));
	ck_assert_uint_eq(zone_free_pages(z), 1792);
	test_release(m);
}
END_TEST

/*
 * A hole inside a zone counts in spanned, not in present; the pageblock
 * whose first pfn falls in the hole is never typed by memmap_init_range()
 * and stays Unmovable, so the free pages behind the hole in that block go
 * to the Unmovable lists.
 *
 *   8M, hole [2M, 3M) = pfns [512, 768):
 *   [0 .. 512) o9 Movable | hole | [768 .. 1024) o8, block 1 Unmovable |
 *   [1024 .. 2048) o10 Movable
 *
 * Expect spanned 2048, present 1792, managed 1792, those blocks, 1 Unmovable
 * and 3 Movable pageblocks, hole pages PG_reserved.
 */
START_TEST(test_boot_hole_inside_zone)
{
	struct machine *m = test_boot_machine(
		"\"nodes\": [{\"mem\": \"8M\", \"cpus\": 1}], \"distance\": [[10]],"
		" \"holes\": [{\"start\": \"2M\", \"size\": \"1M\"}]",
		K_SMALL ", \"reserved\": \"0\"");
	struct zone *z = test_zone(m, 0, ZONE_NORMAL);
	static const unsigned long want[MAX_ORDER] = { [8] = 1, [9] = 1, [10] = 1 };

	test_check(m);
	expect_span(z, 0, 2048, 1792, 1792);
	expect_nr_free(z, want);
	test_expect_free_block(m, 0, 9, MIGRATE_MOVABLE);
	test_expect_free_block(m, 768, 8, MIGRATE_UNMOVABLE);
	test_expect_free_block(m, 1024, 10, MIGRATE_MOVABLE);
	expect_block_counts(m, z, 1, 3);
	ck_assert(PageReserved(pfn_to_page(m, 512)));
	ck_assert(PageReserved(pfn_to_page(m, 767)));
	test_release(m);
}
END_TEST

/*
 * A leading hole is outside the node and the zone (they start at the first
 * present pfn), as for the reference kernel's DMA zone (start_pfn 1,
 * spanned 4095). Block 0 starts in the hole: Unmovable.
 *
 *   16M with DMA, hole [0, 4K): free range [1, 4096):
 *   1 o0, 2 o1, 4 o2, ..., 256 o8   (block 0: Unmovable lists)
 *   512 o9, 1024 / 2048 / 3072 o10   (Movable)
 *
 * Expect DMA start 1, spanned 4095, present 4095, managed 4095; nr_free
 * 1 at orders 0..9 and 3 at order 10; 1 Unmovable + 7 Movable pageblocks.
 */
START_TEST(test_boot_leading_hole_dma_zone)
{
	struct machine *m = test_boot_machine(
		"\"nodes\": [{\"mem\": \"16M\", \"cpus\": 1}], \"distance\": [[10]],"
		" \"holes\": [{\"start\": \"0\", \"size\": \"4K\"}]",
		"\"reserved\": \"0\", \"dma\": true, \"dma32\": false,"
		" \"mobility_grouping\": true, \"cma\": false, " K_QUIET);
	struct zone *z = test_zone(m, 0, ZONE_DMA);
	static const unsigned long want[MAX_ORDER] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3 };

	test_check(m);
	ck_assert_uint_eq(NODE_DATA(m, 0)->node_start_pfn, 1);
	expect_span(z, 1, 4095, 4095, 4095);
	expect_nr_free(z, want);
	for (unsigned int o = 0; o < 9; o++)
		test_expect_free_block(m, (pfn_t)1 << o, o, MIGRATE_UNMOVABLE);
	test_expect_free_block(m, 512, 9, MIGRATE_MOVABLE);
	test_expect_free_block(m, 3072, 10, MIGRATE_MOVABLE);
	expect_block_counts(m, z, 1, 7);
	test_release(m);
}
END_TEST

/*
 * Zone boundaries at 16M and 4G: a 64M node with DMA and DMA32.
 *
 *   [0, 4096) DMA | [4096, 16384) DMA32 | Normal empty
 *
 * Expect those spans, nr_zones 2, 4 and 12 free order-10 blocks.
 */
START_TEST(test_boot_dma_and_dma32)
{
	struct machine *m = test_boot_node("64M", 1, K_DMA_ZONES ", " K_QUIET);

	test_check(m);
	expect_span(test_zone(m, 0, ZONE_DMA), 0, 4096, 4096, 4096);
	expect_span(test_zone(m, 0, ZONE_DMA32), 4096, 12288, 12288, 12288);
	expect_span(test_zone(m, 0, ZONE_NORMAL), 0, 0, 0, 0);
	ck_assert_int_eq(NODE_DATA(m, 0)->nr_zones, 2);
	ck_assert_uint_eq(test_zone(m, 0, ZONE_DMA)->free_area[10].nr_free, 4);
	ck_assert_uint_eq(test_zone(m, 0, ZONE_DMA32)->free_area[10].nr_free, 12);
	test_release(m);
}
END_TEST

/*
 * The 4G boundary between DMA32 and Normal, and a second node after the
 * first.
 *
 *   node 0: 4112M with a hole over [0, 4080M): present [1044480, 1052672)
 *     DMA32 [1044480, 1048576) 4096 pages, Normal [1048576, 1052672)
 *   node 1: 16M at [1052672, 1056768), Normal
 *
 * Expect those starts and spans, node 0 starting at 1044480 (its first
 * present pfn), 8 Movable pageblocks in each zone.
 */
START_TEST(test_boot_dma32_normal_at_4g)
{
	struct machine *m = test_boot_machine(TEST_M_ACROSS_4G,
		"\"reserved\": \"0\", \"dma\": false, \"dma32\": true,"
		" \"mobility_grouping\": true, \"cma\": false, " K_QUIET);

	test_check(m);
	ck_assert_uint_eq(NODE_DATA(m, 0)->node_start_pfn, 1044480);
	ck_assert_uint_eq(NODE_DATA(m, 0)->node_present_pages, 8192);
	expect_span(test_zone(m, 0, ZONE_DMA32), 1044480, 4096, 4096, 4096);
	expect_span(test_zone(m, 0, ZONE_NORMAL), 1048576, 4096, 4096, 4096);
	ck_assert_uint_eq(NODE_DATA(m, 1)->node_start_pfn, 1052672);
	expect_span(test_zone(m, 1, ZONE_NORMAL), 1052672, 4096, 4096, 4096);
	expect_span(test_zone(m, 1, ZONE_DMA32), 0, 0, 0, 0);
	expect_block_counts(m, test_zone(m, 0, ZONE_DMA32), 0, 8);
	expect_block_counts(m, test_zone(m, 0, ZONE_NORMAL), 0, 8);
	test_release(m);
}
END_TEST

/*
 * Two 8M nodes sit one after the other; pages know their node; CPUs are
 * numbered node by node.
 *
 * Expect node 1 to start at pfn 2048, page 2048 on node 1, page 2047 on
 * node 0, CPU 1 on node 1.
 */
START_TEST(test_boot_two_nodes)
{
	struct machine *m = test_boot_node_pair("8M", "8M", K_SMALL ", \"reserved\": \"0\"");

	test_check(m);
	ck_assert_uint_eq(m->nr_node_ids, 2);
	ck_assert_uint_eq(NODE_DATA(m, 1)->node_start_pfn, 2048);
	expect_span(test_zone(m, 1, ZONE_NORMAL), 2048, 2048, 2048, 2048);
	ck_assert_int_eq(page_to_nid(pfn_to_page(m, 2048)), 1);
	ck_assert_int_eq(page_to_nid(pfn_to_page(m, 2047)), 0);
	ck_assert_int_eq(cpu_to_node(m, 1), 1);
	ck_assert_int_eq(cpu_to_node(m, 0), 0);
	test_release(m);
}
END_TEST

/* ======================================================================
 * memmap_init, memblock_free_all
 * ====================================================================== */

/*
 * memmap_init_range() marks every pageblock Movable, reserved ones too.
 *
 *   16M, 1M reserved at the top: 8 pageblocks, all Movable.
 *
 * Expect 8 Movable pageblocks and none of any other type.
 */
START_TEST(test_boot_every_pageblock_movable)
{
	struct machine *m = test_boot_node("16M", 1, K_SMALL ", \"reserved\": \"1M\"");
	struct zone *z = test_zone(m, 0, ZONE_NORMAL);

	test_check(m);
	for (pfn_t pfn = 0; pfn < 4096; pfn += 512)
		ck_assert_int_eq(get_pageblock_migratetype(m, pfn), MIGRATE_MOVABLE);
	expect_block_counts(m, z, 0, 8);
	test_release(m);
}
END_TEST

/*
 * memblock_free_all() frees ascending with FPI_TO_TAIL, so each zone's
 * order-10 Movable list is in ascending pfn order and __rmqueue_smallest()
 * (list head) splits the lowest block first.
 *
 * Expect the 16M node's order-10 list to read 0, 1024, 2048, 3072.
 */
START_TEST(test_boot_free_list_ascending)
{
	struct machine *m = test_boot_node("16M", 1, K_SMALL ", \"reserved\": \"0\"");
	struct zone *z = test_zone(m, 0, ZONE_NORMAL);

	test_check(m);
	test_expect_list(m, &z->free_area[10].free_list[MIGRATE_MOVABLE], 0, 1024, 2048, 3072);
	test_release(m);
}
END_TEST

/*
 * __free_pages_core() -> __free_pages_ok() counts pgfree += 2^order for
 * every boot free, and nothing was allocated.
 *
 *   16M, 1M reserved: 3840 pages freed.
 *
 * Expect pgfree 3840, pgalloc_normal 0.
 */
START_TEST(test_boot_pgfree_counts_boot_frees)
{
	struct machine *m = test_boot_node("16M", 1, K_SMALL ", \"reserved\": \"1M\"");

	test_check(m);
	ck_assert_uint_eq(m->vm_events[PGFREE], 3840);
	ck_assert_uint_eq(m->vm_events[PGALLOC_NORMAL], 0);
	test_release(m);
}
END_TEST

/* ======================================================================
 * calculate_min_free_kbytes, set_recommended_min_free_kbytes,
 * __setup_per_zone_wmarks
 * ====================================================================== */

/* Per-CPU lists off, nothing reserved, no DMA zones, THP mode mode. */
#define K_THP(mode)	TEST_K_BASE ", \"pcp\": false, \"reserved\": \"0\"," \
			" \"transparent_hugepage\": \"" mode "\""

/*
 * Boot one node of mem with kernel_keys and expect the min_free_kbytes the
 * boot arrived at and node 0's Normal watermarks min/low/high.  Returns
 * the machine for the caller's own checks (the caller releases it).
 */
static struct machine *boot_expect_min_free(const char *mem, const char *kernel_keys,
					    int min_free_kbytes, unsigned long min,
					    unsigned long low, unsigned long high)
{
	struct machine *m = test_boot_node(mem, 1, kernel_keys);

	test_check(m);
	ck_assert_int_eq(m->vm.min_free_kbytes, min_free_kbytes);
	test_expect_wmarks(test_zone(m, 0, ZONE_NORMAL), min, low, high);
	return m;
}

/*
 * calculate_min_free_kbytes(): int_sqrt(lowmem_kbytes * 16), clamped to
 * [128, 262144]; lowmem from nr_free_buffer_pages() (watermarks still 0).
 *
 *   8M: 2048 pages = 8192 kB -> sqrt(131072) = 362 -> 362;
 *       pages_min 90, gap max(22, 2) = 22: 90 / 112 / 134
 *   2M with 1536K reserved: 128 pages = 512 kB -> sqrt(8192) = 90 -> 128;
 *       pages_min 32, gap max(8, 0) = 8: 32 / 40 / 48
 *
 * Expect those values for both machines.
 */
START_TEST(test_min_free_kbytes_formula_small)
{
	struct machine *m = boot_expect_min_free("8M", K_THP("never"), 362, 90, 112, 134);

	test_release(m);
	m = boot_expect_min_free("2M", TEST_K_BASE ", \"pcp\": false, \"reserved\": \"1536K\","
				 " \"transparent_hugepage\": \"never\"", 128, 32, 40, 48);
	ck_assert_uint_eq(test_zone(m, 0, ZONE_NORMAL)->managed_pages, 128);
	test_release(m);
}
END_TEST

/*
 * calculate_min_free_kbytes() + __setup_per_zone_wmarks(), item 18: one
 * Normal zone of 1048576 pages (4G): sqrt(4194304 * 16) = 8192 kB;
 * pages_min 2048, gap = max(512, 1048576 * 10 / 10000 = 1048) = 1048:
 * min 2048, low 3096, high 4144.
 *
 * Expect min_free_kbytes 8192 and 2048 / 3096 / 4144.
 */
START_TEST(test_min_free_kbytes_formula_4g)
{
	test_release(boot_expect_min_free("4G", K_THP("never"), 8192, 2048, 3096, 4144));
}
END_TEST

/*
 * set_recommended_min_free_kbytes(), item 18: with THP "always" khugepaged
 * asks for pageblock_nr_pages * nr_zones * (2 + 3 * 3) = 512 * 1 * 11 =
 * 5632 pages = 22528 kB (5% cap: (1048576 - 4144) / 20 = 52221, not
 * reached), above 8192, so it wins: pages_min 5632, gap max(1408, 1048) =
 * 1408: min 5632, low 7040, high 8448.
 *
 * Expect min_free_kbytes 22528 and 5632 / 7040 / 8448.
 */
START_TEST(test_khugepaged_raises_min_free_kbytes)
{
	struct machine *m = boot_expect_min_free("4G", K_THP("always"), 22528, 5632, 7040, 8448);

	ck_assert(m->thp_enabled);
	test_release(m);
}
END_TEST

/*
 * set_recommended_min_free_kbytes(): the recommendation is capped at
 * nr_free_buffer_pages() / 20, computed with the watermarks of the plain
 * value (khugepaged starts after init_per_zone_wmark_min()). "madvise"
 * counts as enabled.
 *
 *   8M: plain 362 kB -> high 134; cap (2048 - 134) / 20 = 95 pages =
 *   380 kB > 362 -> 380; pages_min 95, gap max(23, 2) = 23: 95 / 118 / 141.
 *
 * Expect min_free_kbytes 380 and 95 / 118 / 141.
 */
START_TEST(test_khugepaged_capped_at_5pct_of_lowmem)
{
	test_release(boot_expect_min_free("8M", K_THP("madvise"), 380, 95, 118, 141));
}
END_TEST

/*
 * set_recommended_min_free_kbytes(), item 53: populated zones up to
 * gfp_zone(GFP_USER) = Normal count, ZONE_MOVABLE does not.
 *
 *   node 0: 2G, DMA [0, 4096) + DMA32 [4096, 524288)
 *   node 1: 3G, DMA32 [524288, 1048576) + Normal + Movable (movablecore
 *   512M: required_kernelcore = 1310720 - 131072, spread over the nodes,
 *   only pfns >= 4G usable for Movable -> Movable [1179648, 1310720))
 *   4 zones -> 512 * 4 * 11 = 22528 pages = 90112 kB (cap 58766, not
 *   reached; the plain value is sqrt(1179648 * 4 * 16) = 8688).
 *   DMA: 22528 * 4096 / 1310720 = 70, gap max(17, 4) = 17: 70 / 87 / 104.
 *
 * Expect those spans, min_free_kbytes 90112 and DMA 70 / 87 / 104.
 */
START_TEST(test_khugepaged_ignores_zone_movable)
{
	struct machine *m = test_boot_node_pair("2G", "3G", K_DMA_ZONES ", \"pcp\": false,"
						" \"movablecore\": \"512M\","
						" \"transparent_hugepage\": \"always\"");

	test_check(m);
	expect_span(test_zone(m, 1, ZONE_NORMAL), 1048576, 131072, 131072, 131072);
	expect_span(test_zone(m, 1, ZONE_MOVABLE), 1179648, 131072, 131072, 131072);
	expect_span(test_zone(m, 0, ZONE_MOVABLE), 0, 0, 0, 0);
	ck_assert_int_eq(m->vm.min_free_kbytes, 90112);
	test_expect_wmarks(test_zone(m, 0, ZONE_DMA), 70, 87, 104);
	test_release(m);
}
END_TEST

/*
 * calculate_min_free_kbytes(): nr_free_buffer_pages() only counts zones up
 * to Normal, but __setup_per_zone_wmarks() spreads pages_min over every
 * non-highmem zone, Movable included.
 *
 *   64M, movablecore=32M: Normal [0, 8192), Movable [8192, 16384)
 *   lowmem 8192 pages = 32768 kB -> sqrt(524288) = 724 kB;
 *   pages_min 181: each zone 181 * 8192 / 16384 = 90, gap max(22, 8) = 22.
 *
 * Expect min_free_kbytes 724 and 90 / 112 / 134 in both zones.
 */
START_TEST(test_min_free_kbytes_excludes_zone_movable)
{
	struct machine *m = boot_expect_min_free("64M", K_THP("never") ", \"movablecore\": \"32M\"",
						 724, 90, 112, 134);

	expect_span(test_zone(m, 0, ZONE_MOVABLE), 8192, 8192, 8192, 8192);
	test_expect_wmarks(test_zone(m, 0, ZONE_MOVABLE), 90, 112, 134);
	test_release(m);
}
END_TEST

/*
 * __setup_per_zone_wmarks(): pages_min is shared in proportion to managed
 * pages; the gap is max(min / 4, managed * scale / 10000).
 *
 *   64M, DMA 4096 + DMA32 12288, min_free_kbytes 1024 -> pages_min 256:
 *   DMA 256 * 4096 / 16384 = 64, gap max(16, 4) = 16: 64 / 80 / 96
 *   DMA32 192, gap max(48, 12) = 48: 192 / 240 / 288
 *
 * Expect exactly those watermarks.
 */
START_TEST(test_watermarks_shared_by_managed_pages)
{
	struct machine *m = test_boot_node("64M", 1, K_DMA_ZONES ", \"pcp\": false,"
					   " \"min_free_kbytes\": 1024,"
					   " \"watermark_scale_factor\": 10,"
					   " \"transparent_hugepage\": \"never\"");

	test_check(m);
	ck_assert_int_eq(m->vm.min_free_kbytes, 1024);
	test_expect_wmarks(test_zone(m, 0, ZONE_DMA), 64, 80, 96);
	test_expect_wmarks(test_zone(m, 0, ZONE_DMA32), 192, 240, 288);
	test_release(m);
}
END_TEST

/*
 * __setup_per_zone_wmarks(): a large watermark_scale_factor dominates the
 * gap, and a new setup clears any watermark boost.
 *
 *   256M (65536 pages), min_free_kbytes 128 -> min 32; scale 100:
 *   gap max(8, 655) = 655: 32 / 687 / 1342.
 *
 * Expect 32 / 687 / 1342, and the boost back to 0 after setup.
 */
START_TEST(test_watermarks_scale_factor_and_boost_reset)
{
	struct machine *m = test_boot_node("256M", 1, K_THP("never") ", \"min_free_kbytes\": 128,"
					   " \"watermark_scale_factor\": 100");
	struct zone *z = test_zone(m, 0, ZONE_NORMAL);

	test_check(m);
	test_expect_wmarks(z, 32, 687, 1342);
	z->watermark_boost = 512;
	ck_assert_uint_eq(high_wmark_pages(z), 1342 + 512);
	setup_per_zone_wmarks(m);
	test_check(m);
	ck_assert_uint_eq(z->watermark_boost, 0);
	test_expect_wmarks(z, 32, 687, 1342);
	test_release(m);
}
END_TEST

/* ======================================================================
 * setup_per_zone_lowmem_reserve
 * ====================================================================== */

/*
 * setup_per_zone_lowmem_reserve(), item 57: zone i keeps, for a request
 * whose highest zone is j > i, the managed pages of zones i+1..j divided by
 * ratio[i] (DMA 256, DMA32 256, Normal 32). A machine like the reference
 * one, 34004992 bytes (8302 pages) reserved at the top of each node:
 *
 *   node 0: DMA 4096, DMA32 520192 - 8302 = 511890
 *     DMA: (0, 511890/256 = 1999, 1999, 1999, 1999)
 *   node 1: DMA32 524288, Normal 262144 - 8302 = 253842
 *     DMA32: (0, 0, 253842/256 = 991, 991, 991)
 *
 * Expect those arrays, zeros elsewhere, and /proc/zoneinfo's
 * "protection: (0, 1999, 1999, 1999, 1999)" line of the reference kernel.
 */
START_TEST(test_lowmem_reserve_reference_machine)
{
	static const long dma0[MAX_NR_ZONES] = { 0, 1999, 1999, 1999, 1999 };
	static const long dma32_1[MAX_NR_ZONES] = { 0, 0, 991, 991, 991 };
	struct machine *m = test_boot_node_pair("2G", "3G",
		"\"reserved\": \"34004992\", \"dma\": true, \"dma32\": true,"
		" \"mobility_grouping\": true, \"cma\": false, \"pcp\": false,"
		" \"transparent_hugepage\": \"never\"");
	char *text;

	test_check(m);
	ck_assert_uint_eq(test_zone(m, 0, ZONE_DMA32)->managed_pages, 511890);
	ck_assert_uint_eq(test_zone(m, 1, ZONE_NORMAL)->managed_pages, 253842);
	for (int j = 0; j < MAX_NR_ZONES; j++) {
		ck_assert_int_eq(test_zone(m, 0, ZONE_DMA)->lowmem_reserve[j], dma0[j]);
		ck_assert_int_eq(test_zone(m, 0, ZONE_DMA32)->lowmem_reserve[j], 0);
		ck_assert_int_eq(test_zone(m, 1, ZONE_DMA32)->lowmem_reserve[j], dma32_1[j]);
		ck_assert_int_eq(test_zone(m, 1, ZONE_NORMAL)->lowmem_reserve[j], 0);
	}
	text = test_render(procfs_zoneinfo, m);
	ck_assert_ptr_nonnull(strstr(text, "        protection: (0, 1999, 1999, 1999, 1999)\n"));
	ck_assert_ptr_nonnull(strstr(text, "        protection: (0, 0, 991, 991, 991)\n"));
	free(text);
	test_release(m);
}
END_TEST

/* ======================================================================
 * find_zone_movable_pfns_for_nodes
 * ====================================================================== */

/*
 * kernelcore=16M on a 64M node: 4096 pages stay in Normal, the rest is
 * ZONE_MOVABLE (already 1024-aligned).
 *
 * Expect Normal [0, 4096), Movable [4096, 16384) with 4 and 12 free
 * order-10 blocks.
 */
START_TEST(test_zone_movable_kernelcore)
{
	struct machine *m = test_boot_node("64M", 1, K_SMALL ", \"reserved\": \"0\","
				      " \"kernelcore\": \"16M\"");

	test_check(m);
	expect_span(test_zone(m, 0, ZONE_NORMAL), 0, 4096, 4096, 4096);
	expect_span(test_zone(m, 0, ZONE_MOVABLE), 4096, 12288, 12288, 12288);
	ck_assert_uint_eq(test_zone(m, 0, ZONE_NORMAL)->free_area[10].nr_free, 4);
	ck_assert_uint_eq(test_zone(m, 0, ZONE_MOVABLE)->free_area[10].nr_free, 12);
	ck_assert_int_eq(NODE_DATA(m, 0)->nr_zones, ZONE_MOVABLE + 1);
	test_release(m);
}
END_TEST

/*
 * find_zone_movable_pfns_for_nodes() rounds the start of ZONE_MOVABLE up to
 * MAX_ORDER_NR_PAGES (1024).
 *
 *   kernelcore=5M = 1280 pages -> Movable starts at 2048
 *   movablecore=5M: 1280 rounded up to 2048 movable pages ->
 *   kernelcore = 16384 - 2048 = 14336 -> Movable [14336, 16384)
 *
 * Expect exactly those spans.
 */
START_TEST(test_zone_movable_rounded_to_max_order)
{
	struct machine *m = test_boot_node("64M", 1, K_SMALL ", \"reserved\": \"0\","
				      " \"kernelcore\": \"5M\"");

	test_check(m);
	expect_span(test_zone(m, 0, ZONE_NORMAL), 0, 2048, 2048, 2048);
	expect_span(test_zone(m, 0, ZONE_MOVABLE), 2048, 14336, 14336, 14336);
	test_release(m);

	m = test_boot_node("64M", 1, K_SMALL ", \"reserved\": \"0\", \"movablecore\": \"5M\"");
	test_check(m);
	expect_span(test_zone(m, 0, ZONE_NORMAL), 0, 14336, 14336, 14336);
	expect_span(test_zone(m, 0, ZONE_MOVABLE), 14336, 2048, 2048, 2048);
	test_release(m);
}
END_TEST

/*
 * find_zone_movable_pfns_for_nodes() spreads kernelcore evenly over the
 * nodes with memory, and no ZONE_MOVABLE exists when kernelcore covers
 * everything.
 *
 *   2 x 32M, kernelcore=16M: 2048 kernel pages per node:
 *   node 0 Normal [0, 2048), Movable [2048, 8192);
 *   node 1 Normal [8192, 10240), Movable [10240, 16384)
 *   1 x 64M, kernelcore=64M: Normal 16384, no Movable
 *
 * Expect exactly those spans.
 */
START_TEST(test_zone_movable_spread_over_nodes)
{
	struct machine *m = test_boot_node_pair("32M", "32M", K_SMALL ", \"reserved\": \"0\","
						" \"kernelcore\": \"16M\"");

	test_check(m);
	expect_span(test_zone(m, 0, ZONE_NORMAL), 0, 2048, 2048, 2048);
	expect_span(test_zone(m, 0, ZONE_MOVABLE), 2048, 6144, 6144, 6144);
	expect_span(test_zone(m, 1, ZONE_NORMAL), 8192, 2048, 2048, 2048);
	expect_span(test_zone(m, 1, ZONE_MOVABLE), 10240, 6144, 6144, 6144);
	test_release(m);

	m = test_boot_node("64M", 1, K_SMALL ", \"reserved\": \"0\", \"kernelcore\": \"64M\"");
	test_check(m);
	expect_span(test_zone(m, 0, ZONE_NORMAL), 0, 16384, 16384, 16384);
	expect_span(test_zone(m, 0, ZONE_MOVABLE), 0, 0, 0, 0);
	test_release(m);
}
END_TEST

/* ======================================================================
 * build_all_zonelists: find_next_best_node, build_zonerefs_node
 * ====================================================================== */

/* Four 8M nodes with the SLIT rows d0..d3; machine keys for test_boot_machine(). */
#define FOUR_NODES(d0, d1, d2, d3) \
	"\"nodes\": [{\"mem\": \"8M\", \"cpus\": 1}, {\"mem\": \"8M\", \"cpus\": 1}," \
	" {\"mem\": \"8M\", \"cpus\": 1}, {\"mem\": \"8M\", \"cpus\": 1}]," \
	" \"distance\": [" d0 ", " d1 ", " d2 ", " d3 "]"

/*
 * Boot the four nodes of machine_keys (FOUR_NODES()) and expect node nid's
 * fallback zonelist to visit the nodes want[nid][0..3], and its no-fallback
 * zonelist to hold nid alone.
 */
static void expect_node_orders(const char *machine_keys, const int want[4][4])
{
	struct machine *m = test_boot_machine(machine_keys, K_SMALL ", \"reserved\": \"0\"");
	int nodes[MAX_ZONES_PER_ZONELIST], zidx[MAX_ZONES_PER_ZONELIST];

	test_check(m);
	for (int nid = 0; nid < 4; nid++) {
		ck_assert_int_eq(zonelist_nodes(m, nid, ZONELIST_FALLBACK, nodes, zidx), 4);
		for (int i = 0; i < 4; i++)
			ck_assert_msg(nodes[i] == want[nid][i],
				      "node %d zonelist[%d] = node %d, expected %d",
				      nid, i, nodes[i], want[nid][i]);
		ck_assert_int_eq(zonelist_nodes(m, nid, ZONELIST_NOFALLBACK, nodes, zidx), 1);
		ck_assert_int_eq(nodes[0], nid);
	}
	test_release(m);
}

/*
 * find_next_best_node(): the local node first, then by SLIT distance; a
 * node below the local one gets +1 ("prefer the next node").
 *
 *        0   1   2   3
 *   0   10  20  30  25      node 0: 0, 1 (20), 3 (25), 2 (30)
 *   1   20  10  25  30      node 1: 1, 0 (20+1), 2 (25), 3 (30)
 *   2   30  25  10  20      node 2: 2, 3 (20), 1 (25+1), 0 (30+1)
 *   3   25  30  20  10      node 3: 3, 2 (20+1), 0 (25+1), 1 (30+1)
 *
 * Expect those fallback orders; the no-fallback list holds the local node.
 */
START_TEST(test_zonelist_order_by_distance)
{
	static const int want[4][4] = { { 0, 1, 3, 2 }, { 1, 0, 2, 3 },
					{ 2, 3, 1, 0 }, { 3, 2, 0, 1 } };

	expect_node_orders(FOUR_NODES("[10, 20, 30, 25]", "[20, 10, 25, 30]",
				      "[30, 25, 10, 20]", "[25, 30, 20, 10]"), want);
}
END_TEST

/*
 * find_next_best_node() ties: val = (distance + (n < local) + 1 for a node
 * with CPUs) * MAX_NUMNODES + node_load[n]; build_zonelists() adds 1 to
 * node_load of the first node of each new distance group, and node_load
 * carries over from one node's build to the next (it is reset once per
 * build_all_zonelists()).
 *
 *        0   1   2   3
 *   0   10  20  20  30   node 0: 0, 1 (tie with 2, lower id), 2, 3
 *                        load[1] = 1, load[3] = 1
 *   1   20  10  30  20   node 1: 0 costs 20+1, 3 costs 20: 1, 3, 0, 2
 *                        load[3] = 2, load[2] = 1
 *   2   20  30  10  20   node 2: 0 costs 20+1, 3 costs 20 (+load 2): 3;
 *                        2, 3, 0, 1; load[3] = 3, load[1] = 2
 *   3   30  20  20  10   node 3: 1 and 2 cost 20+1, loads 2 and 1: 2 first;
 *                        3, 2, 1, 0
 *
 * Expect those fallback orders.
 */
START_TEST(test_zonelist_order_ties_and_node_load)
{
	static const int want[4][4] = { { 0, 1, 2, 3 }, { 1, 3, 0, 2 },
					{ 2, 3, 0, 1 }, { 3, 2, 1, 0 } };

	expect_node_orders(FOUR_NODES("[10, 20, 20, 30]", "[20, 10, 30, 20]",
				      "[20, 30, 10, 20]", "[30, 20, 20, 10]"), want);
}
END_TEST

/*
 * build_zonerefs_node(): within a node, populated zones from the highest
 * index down.
 *
 *   64M with DMA and DMA32: zonelist DMA32, DMA (both lists).
 *
 * Expect DMA32 before DMA in both zonelists.
 */
START_TEST(test_zonelist_zones_high_to_low)
{
	struct machine *m = test_boot_node("64M", 1, K_DMA_ZONES ", " K_QUIET);
	int nodes[MAX_ZONES_PER_ZONELIST], zidx[MAX_ZONES_PER_ZONELIST];

	test_check(m);
	ck_assert_int_eq(zonelist_nodes(m, 0, ZONELIST_FALLBACK, nodes, zidx), 2);
	ck_assert_int_eq(zidx[0], ZONE_DMA32);
	ck_assert_int_eq(zidx[1], ZONE_DMA);
	ck_assert_int_eq(zonelist_nodes(m, 0, ZONELIST_NOFALLBACK, nodes, zidx), 2);
	ck_assert_int_eq(zidx[0], ZONE_DMA32);
	ck_assert_int_eq(zidx[1], ZONE_DMA);
	test_release(m);
}
END_TEST

/* No "mobility_grouping" key: the kernel decides. */
#define K_AUTO_GROUPING	"\"reserved\": \"0\", \"dma\": false, \"dma32\": false," \
			" \"cma\": false, " K_QUIET

/*
 * build_all_zonelists(): mobility grouping is turned off when the pages
 * above the high watermarks are fewer than pageblock_nr_pages *
 * MIGRATE_TYPES = 512 * 5 = 2560 (no CMA). The config leaves the choice to
 * the kernel here (no "mobility_grouping" key).
 *
 *   8M: 2048 pages < 2560 -> off;  16M: 4096 - 8 >= 2560 -> on
 *
 * Expect grouping off for 8M and on for 16M.
 */
START_TEST(test_mobility_grouping_off_on_tiny_machine)
{
	struct machine *m = test_boot_node("8M", 1, K_AUTO_GROUPING);

	ck_assert(m->page_group_by_mobility_disabled);
	test_release(m);
	m = test_boot_node("16M", 1, K_AUTO_GROUPING);
	ck_assert(!m->page_group_by_mobility_disabled);
	test_release(m);
}
END_TEST

/*
 * The kernel decides at its first build_all_zonelists(), from the managed
 * pages free_area_init() estimated: the frames later given to CMA are in
 * that estimate.  With CMA, MIGRATE_TYPES is 6: the bar is 512 * 6 = 3072.
 *
 *   24M with a 12M area: 6144 pages >= 3072 -> on, though only about
 *   3000 pages reach the buddy lists before the area is activated.
 *   8M with a 4M area: 2048 < 3072 -> off.
 */
START_TEST(test_mobility_grouping_counts_cma)
{
	struct machine *m = test_boot_node("24M", 1, "\"reserved\": \"0\", \"dma\": false, "
					   "\"dma32\": false, \"cma\": true, \"cma_size\": \"12M\", "
					   K_QUIET);

	ck_assert(!m->page_group_by_mobility_disabled);
	test_release(m);
	m = test_boot_node("8M", 1, "\"reserved\": \"0\", \"dma\": false, \"dma32\": false, "
			   "\"cma\": true, \"cma_size\": \"4M\", " K_QUIET);
	ck_assert(m->page_group_by_mobility_disabled);
	test_release(m);
}
END_TEST

/* Collected by the Makefile into the runner (tests/check_main.c). */
Suite *boot_suite(void);

Suite *boot_suite(void)
{
	Suite *s = suite_create("boot");
	TCase *tc;

	tc = tcase_create("zones");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_boot_one_normal_zone);
	tcase_add_test(tc, test_boot_reserved_from_top_of_node);
	tcase_add_test(tc, test_boot_hole_inside_zone);
	tcase_add_test(tc, test_boot_leading_hole_dma_zone);
	tcase_add_test(tc, test_boot_dma_and_dma32);
	tcase_add_test(tc, test_boot_dma32_normal_at_4g);
	tcase_add_test(tc, test_boot_two_nodes);
	suite_add_tcase(s, tc);

	tc = tcase_create("memmap_free");
	tcase_add_test(tc, test_boot_every_pageblock_movable);
	tcase_add_test(tc, test_boot_free_list_ascending);
	tcase_add_test(tc, test_boot_pgfree_counts_boot_frees);
	suite_add_tcase(s, tc);

	tc = tcase_create("watermarks");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_min_free_kbytes_formula_small);
	tcase_add_test(tc, test_min_free_kbytes_formula_4g);
	tcase_add_test(tc, test_khugepaged_raises_min_free_kbytes);
	tcase_add_test(tc, test_khugepaged_capped_at_5pct_of_lowmem);
	tcase_add_test(tc, test_khugepaged_ignores_zone_movable);
	tcase_add_test(tc, test_min_free_kbytes_excludes_zone_movable);
	tcase_add_test(tc, test_watermarks_shared_by_managed_pages);
	tcase_add_test(tc, test_watermarks_scale_factor_and_boost_reset);
	tcase_add_test(tc, test_lowmem_reserve_reference_machine);
	suite_add_tcase(s, tc);

	tc = tcase_create("zone_movable");
	tcase_add_test(tc, test_zone_movable_kernelcore);
	tcase_add_test(tc, test_zone_movable_rounded_to_max_order);
	tcase_add_test(tc, test_zone_movable_spread_over_nodes);
	suite_add_tcase(s, tc);

	tc = tcase_create("zonelists");
	tcase_add_test(tc, test_zonelist_order_by_distance);
	tcase_add_test(tc, test_zonelist_order_ties_and_node_load);
	tcase_add_test(tc, test_zonelist_zones_high_to_low);
	tcase_add_test(tc, test_mobility_grouping_off_on_tiny_machine);
	tcase_add_test(tc, test_mobility_grouping_counts_cma);
	suite_add_tcase(s, tc);
	return s;
}
