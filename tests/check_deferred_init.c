/*
 * tests/check_deferred_init.c - the pageblock types boot leaves with
 * CONFIG_DEFERRED_STRUCT_PAGE_INIT (kernel.deferred_struct_page_init).
 *
 * The rules (Linux 6.1, mm/page_alloc.c):
 *   - defer_init(): in a node's highest zone, memmap_init_range() counts the
 *     present frames it initialises, from the zone's start, memory range by
 *     memory range; once the count passes PAGES_PER_SECTION (32768 frames,
 *     128 MiB), it stops at the next section-aligned frame, the node's
 *     first_deferred_pfn.  Zones below the node's highest are initialised
 *     whole.
 *   - memmap_init_range() marks MOVABLE each pageblock whose first frame it
 *     initialises; a pageblock at or past first_deferred_pfn is marked only
 *     by deferred_free_range(), when its first frame is among the free
 *     (unreserved) frames deferred init frees.  Otherwise it keeps type 0,
 *     MIGRATE_UNMOVABLE, and the free frames of such a block go to the
 *     Unmovable free lists.
 * Every machine here is 2 MiB pageblocks (pageblock order 9, 512 frames).
 *
 * No kernel counterpart: tests.
 */
#include <check.h>

#include "mm/pageblock-flags.h"
#include "mm/vmstat.h"
#include "tests/helpers.h"

#define MIB_PAGES(mib)	((pfn_t)(mib) * 256)	/* frames in mib MiB of 4 KiB pages */
#define BLOCK_PAGES	512ul

/* Kernel keys: only the given reserved ranges, quiet THP. */
#define K_RANGES(ranges) \
	TEST_K_BASE ", \"reserved\": \"0\", \"transparent_hugepage\": \"never\"," \
	" \"reserved_ranges\": [" ranges "]"

/* Unmovable and Movable pageblocks of zone (nid, zidx), and no others. */
static void expect_blocks(struct machine *m, int nid, int zidx, unsigned long unmovable,
			  unsigned long movable)
{
	unsigned long counts[MIGRATE_TYPES];

	pageblock_type_counts(m, test_zone(m, nid, zidx), counts);
	ck_assert_uint_eq(counts[MIGRATE_UNMOVABLE], unmovable);
	ck_assert_uint_eq(counts[MIGRATE_MOVABLE], movable);
	for (int mt = MIGRATE_RECLAIMABLE; mt < MIGRATE_TYPES; mt++)
		ck_assert_uint_eq(counts[mt], 0);
}

static void expect_type(struct machine *m, unsigned long mib, int mt)
{
	ck_assert_msg(get_pageblock_migratetype(m, MIB_PAGES(mib)) == mt,
		      "pageblock at %lu MiB: type %d, want %d", mib,
		      get_pageblock_migratetype(m, MIB_PAGES(mib)), mt);
}

/*
 * One node of 512 MiB, one zone (Normal) from pfn 0, no holes.
 * defer_init(): the count passes 32768 at pfn 32768, which is section
 * aligned: first_deferred_pfn = 32768 (128 MiB).  Reserved ranges:
 *   [64M, 70M)   below 128M: blocks 32..34 initialised early, Movable;
 *   [300M, 305M) blocks at 300M and 302M wholly reserved, Unmovable; the
 *                block at 304M starts reserved (its free tail [305M, 306M)
 *                is freed unaligned), Unmovable;
 *   [401M, 404M) the block at 400M starts free, Movable; the block at 402M
 *                starts reserved, Unmovable.
 * Expect 4 Unmovable, 252 Movable blocks, and the free MiB at [305M, 306M)
 * on the Unmovable lists: deferred_free_range() frees into the block's type.
 */
START_TEST(test_deferred_blocks_typed_by_their_first_frame)
{
	struct machine *m = test_boot_node("512M", 1, K_RANGES(
		"{\"start\": \"64M\", \"size\": \"6M\"}, {\"start\": \"300M\", \"size\": \"5M\"},"
		" {\"start\": \"401M\", \"size\": \"3M\"}"));
	pfn_t tail = MIB_PAGES(305);

	ck_assert_uint_eq(NODE_DATA(m, 0)->first_deferred_pfn, MIB_PAGES(128));
	expect_blocks(m, 0, ZONE_NORMAL, 4, 252);
	expect_type(m, 64, MIGRATE_MOVABLE);
	expect_type(m, 68, MIGRATE_MOVABLE);
	expect_type(m, 300, MIGRATE_UNMOVABLE);
	expect_type(m, 302, MIGRATE_UNMOVABLE);
	expect_type(m, 304, MIGRATE_UNMOVABLE);
	expect_type(m, 400, MIGRATE_MOVABLE);
	expect_type(m, 402, MIGRATE_UNMOVABLE);
	/* [305M, 306M) = 256 frames at a 256-aligned pfn: one order-8 block. */
	test_expect_free_block(m, tail, 8, MIGRATE_UNMOVABLE);
	test_release(m);
}
END_TEST

/*
 * The same machine and ranges without deferred init: memmap_init_range()
 * marks every pageblock whose first frame is present.  Expect 256 Movable.
 */
START_TEST(test_no_deferred_init_every_block_movable)
{
	struct machine *m = test_boot_node("512M", 1, K_RANGES(
		"{\"start\": \"300M\", \"size\": \"5M\"}, {\"start\": \"401M\", \"size\": \"3M\"}")
		", \"deferred_struct_page_init\": false");

	ck_assert_uint_eq(NODE_DATA(m, 0)->first_deferred_pfn, PFN_NONE);
	expect_blocks(m, 0, ZONE_NORMAL, 0, 256);
	test_release(m);
}
END_TEST

/*
 * Holes are not counted: defer_init() runs per memory range.  512 MiB with
 * a hole [16M, 80M): 4096 present frames below the hole, then from pfn
 * 20480 the count passes 32768 at 20480 + 28672 = 49152, and the next
 * section boundary is 65536 (256 MiB).  A reserved block at [200M, 202M)
 * is below it: Movable (counting the hole would defer from 128 MiB).
 * A reserved block at [300M, 302M) is past it: Unmovable.  The block at
 * 16M starts in the hole: Unmovable, as without deferral.
 */
START_TEST(test_deferred_count_skips_holes)
{
	struct machine *m = test_boot_machine(
		"\"nodes\": [{\"mem\": \"512M\", \"cpus\": 1}], \"distance\": [[10]],"
		" \"holes\": [{\"start\": \"16M\", \"size\": \"64M\"}]",
		K_RANGES("{\"start\": \"200M\", \"size\": \"2M\"}, {\"start\": \"300M\", \"size\": \"2M\"}"));

	ck_assert_uint_eq(NODE_DATA(m, 0)->first_deferred_pfn, MIB_PAGES(256));
	expect_type(m, 200, MIGRATE_MOVABLE);
	expect_type(m, 300, MIGRATE_UNMOVABLE);
	expect_type(m, 16, MIGRATE_UNMOVABLE);
	test_release(m);
}
END_TEST

/*
 * Only the node's highest zone defers (defer_init(): a zone ending below
 * the node's end is always initialised).  One node of 5 GiB with DMA32
 * and Normal: DMA32 is [0, 4G) (no DMA zone), Normal [4G, 5G).  A reserved
 * block high in DMA32 [3000M, 3002M) stays Movable; Normal defers from
 * 4G + 128M (its count starts at its own start), so a reserved block at
 * [4G + 512M, 4G + 514M) is Unmovable.
 */
START_TEST(test_only_highest_zone_defers)
{
	struct machine *m = test_boot_machine(
		"\"nodes\": [{\"mem\": \"5G\", \"cpus\": 1}], \"distance\": [[10]]",
		"\"dma\": false, \"dma32\": true, \"mobility_grouping\": true, \"cma\": false,"
		" \"reserved\": \"0\", \"transparent_hugepage\": \"never\", \"reserved_ranges\": ["
		"{\"start\": \"3000M\", \"size\": \"2M\"}, {\"start\": \"4608M\", \"size\": \"2M\"}]");

	ck_assert_uint_eq(NODE_DATA(m, 0)->first_deferred_pfn, MIB_PAGES(4096 + 128));
	expect_type(m, 3000, MIGRATE_MOVABLE);
	expect_type(m, 4608, MIGRATE_UNMOVABLE);
	expect_blocks(m, 0, ZONE_DMA32, 0, 4096 / 2);
	expect_blocks(m, 0, ZONE_NORMAL, 1, 511);
	test_release(m);
}
END_TEST

/*
 * The reference machine (configs/oracle-2node.json).  Node 0 is [0, 2G),
 * its highest zone DMA32 from 16M: first_deferred_pfn = 65536 (256M); the
 * reservation [0x7df92000, 0x80000000) covers the blocks from 0x7e000000
 * to 2G wholly: 16 blocks, Unmovable (the block at 0x7de00000 starts free).
 * Node 1's highest zone, Normal [4G, 5G), defers from 4G + 128M; the
 * reservation [0x13dccf000, 0x140000000) covers [0x13de00000, 5G) wholly:
 * 17 blocks.  Its DMA32 part's reservation [0xb93a7000, ...) is in a lower
 * zone: all Movable.  These are the recorded boot's pagetypeinfo counts
 * less the blocks boot-time allocations took (which the recorded counts of
 * Reclaimable blocks show are there).
 */
START_TEST(test_reference_machine_deferred_blocks)
{
	struct mm_boot_params p;
	struct machine *m;

	test_load_config_file("configs/oracle-2node.json", &p);
	m = test_boot_params(&p);
	ck_assert_uint_eq(NODE_DATA(m, 0)->first_deferred_pfn, 65536);
	ck_assert_uint_eq(NODE_DATA(m, 1)->first_deferred_pfn, 1048576 + 32768);
	expect_blocks(m, 0, ZONE_DMA32, 16, 1000);
	expect_blocks(m, 1, ZONE_DMA32, 0, 512);
	expect_blocks(m, 1, ZONE_NORMAL, 17, 495);
	test_release(m);
}
END_TEST

Suite *deferred_init_suite(void);

Suite *deferred_init_suite(void)
{
	Suite *s = suite_create("deferred_init");
	TCase *tc = tcase_create("deferred_init");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_deferred_blocks_typed_by_their_first_frame);
	tcase_add_test(tc, test_no_deferred_init_every_block_movable);
	tcase_add_test(tc, test_deferred_count_skips_holes);
	tcase_add_test(tc, test_only_highest_zone_defers);
	tcase_add_test(tc, test_reference_machine_deferred_blocks);
	suite_add_tcase(s, tc);
	return s;
}
