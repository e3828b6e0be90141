/*
 * tests/check_pcp.c - per-CPU page lists against the rules of Linux 6.1
 * mm/page_alloc.c.
 *
 * Sizing comes from zone_batchsize() and zone_highsize(), recomputed by
 * zone_pcp_update() whenever the watermarks change; the behaviour from
 * rmqueue_pcplist()/rmqueue_bulk() (refill), free_unref_page_commit(),
 * nr_pcp_high(), nr_pcp_free() and free_pcppages_bulk() (drain). Every
 * expected value is derived by hand in the test's comment.
 *
 * The default machine is one 256M node: 65536 pages, min_free_kbytes 4096:
 *   min 1024, gap max(256, 65) = 256, low 1280, high 1536;
 *   batch: min(65536 >> 10, 256) / 4 = 16, rounddown_pow_of_two(16 + 8) - 1
 *   = 15; pcp high = low 1280 / 1 CPU = 1280 (>= 4 * 15).
 * pindex = order * 3 + migratetype for orders 0..3; the THP list is 12.
 *
 * Linux counterpart: mm/page_alloc.c (v6.1) per-CPU page lists.
 */
#include <check.h>

#include "tests/helpers.h"
#include "hw/machine.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/pageblock-flags.h"
#include "mm/trace_events.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"

#define PCP_KEYS	TEST_K_PLAIN ", \"pcp\": true, \"min_free_kbytes\": 4096," \
			" \"watermark_scale_factor\": 10"

#define PINDEX(order, mt)	((order) * MIGRATE_PCPTYPES + (mt))
#define PINDEX_THP		NR_LOWORDER_PCP_LISTS

static struct per_cpu_pages *pcp_of(struct machine *m, int cpu)
{
	return &test_normal0(m)->per_cpu_pageset[cpu];
}

/*
 * An allocation of order on the current CPU returns pfn (test_alloc_pfn())
 * and leaves count pages on CPU 0's per-CPU lists.
 */
static void expect_pcp_alloc(struct machine *m, gfp_t gfp, unsigned int order, pfn_t pfn,
			     int count)
{
	ck_assert_uint_eq(test_alloc_pfn(m, gfp, order), pfn);
	ck_assert_int_eq(pcp_of(m, 0)->count, count);
}

/* ---- event log --------------------------------------------------------- */

#define DRAIN_ONLY	MM_EV_BIT(MM_EV_mm_page_pcpu_drain)
#define LOCKED_ONLY	MM_EV_BIT(MM_EV_mm_page_alloc_zone_locked)

/* ======================================================================
 * zone_batchsize, zone_highsize, zone_pcp_update
 * ====================================================================== */

/*
 * zone_batchsize() / zone_highsize() on the reference kernel's node-0 DMA32
 * zone (item 49): managed 511890 (a 2G node that is all DMA32, 524288 pages,
 * with 12398 pages = 50782208 bytes reserved at the top),
 * min_free_kbytes 46216 -> pages_min 11554 = min (one zone);
 * gap = max(11554 / 4 = 2888, 511890 * 10 / 10000 = 511) = 2888:
 * low 14442, high 17330 (the recorded zoneinfo values).
 * batch = min(511890 >> 10 = 499, 256) / 4 = 64 -> rounddown_pow_of_two(96)
 * - 1 = 63; pcp high = low / 1 CPU = 14442.
 *
 * Expect exactly those numbers in the zone and in CPU 0's pageset.
 */
START_TEST(test_pcp_sizing_reference_dma32)
{
	struct machine *m = test_boot_node("2048M", 1,
		"\"reserved\": \"50782208\", \"dma\": false, \"dma32\": true,"
		" \"mobility_grouping\": true, \"transparent_hugepage\": \"never\","
		" \"cma\": false, \"pcp\": true, \"min_free_kbytes\": 46216,"
		" \"watermark_scale_factor\": 10");
	struct zone *z = test_zone(m, 0, ZONE_DMA32);

	test_check(m);
	ck_assert_uint_eq(z->managed_pages, 511890);
	test_expect_wmarks(z, 11554, 14442, 17330);
	ck_assert_int_eq(z->pageset_batch, 63);
	ck_assert_int_eq(z->pageset_high, 14442);
	ck_assert_int_eq(z->per_cpu_pageset[0].batch, 63);
	ck_assert_int_eq(z->per_cpu_pageset[0].high, 14442);
	ck_assert_int_eq(z->per_cpu_pageset[0].count, 0);
	test_release(m);
}
END_TEST

/*
 * zone_batchsize() / zone_highsize() on the reference kernel's DMA zone
 * (item 49): managed 3840 (16M of DMA, 1M reserved at the top),
 * min_free_kbytes 344 -> min 86, gap max(21, 3) = 21: low 107, high 128.
 * batch = (3840 >> 10 = 3) / 4 = 0 -> 1 -> rounddown_pow_of_two(1) - 1 = 0
 * -> max(1, 0) = 1; pcp high = 107 (>= 4 * 1).
 *
 * Expect exactly those numbers (the recorded zoneinfo values).
 */
START_TEST(test_pcp_sizing_reference_dma)
{
	struct machine *m = test_boot_node("16M", 1,
		"\"reserved\": \"1M\", \"dma\": true, \"dma32\": false,"
		" \"mobility_grouping\": true, \"transparent_hugepage\": \"never\","
		" \"cma\": false, \"pcp\": true, \"min_free_kbytes\": 344,"
		" \"watermark_scale_factor\": 10");
	struct zone *z = test_zone(m, 0, ZONE_DMA);

	test_check(m);
	ck_assert_uint_eq(z->managed_pages, 3840);
	test_expect_wmarks(z, 86, 107, 128);
	ck_assert_int_eq(z->per_cpu_pageset[0].batch, 1);
	ck_assert_int_eq(z->per_cpu_pageset[0].high, 107);
	test_release(m);
}
END_TEST

/*
 * zone_highsize(): the low watermark is split over the CPUs of the zone's
 * node; a node without CPUs splits over all online CPUs.
 *
 *   3 nodes x 32M (8192 pages), CPUs 1, 2, 0; min_free_kbytes 0, scale
 *   factor 100: low = 8192 * 100 / 10000 = 81.
 *   batch = (8192 >> 10) / 4 = 2 -> rounddown_pow_of_two(3) - 1 = 1.
 *   node 0: 81 / 1 = 81; node 1: 81 / 2 = 40; node 2: 81 / 3 = 27.
 *
 * Expect those highs on every CPU's pageset of each zone, batch 1.
 */
START_TEST(test_zone_highsize_splits_over_node_cpus)
{
	static const int want[3] = { 81, 40, 27 };
	struct mm_boot_params p;
	struct machine *m;

	/* The config wants a CPU on every node; the hardware need not. */
	test_load_config(
		"{\"machine\": {\"nodes\": [{\"mem\": \"32M\", \"cpus\": 1},"
		" {\"mem\": \"32M\", \"cpus\": 2}, {\"mem\": \"32M\", \"cpus\": 1}],"
		" \"distance\": [[10, 20, 20], [20, 10, 20], [20, 20, 10]]},"
		" \"kernel\": {" TEST_K_PLAIN ", \"pcp\": true, \"min_free_kbytes\": 0,"
		" \"watermark_scale_factor\": 100}}", &p);
	p.hw.node[2].nr_cpus = 0;
	hw_machine_assign_cpus(&p.hw);
	m = test_boot_params(&p);
	test_check(m);
	ck_assert_uint_eq(m->nr_cpus, 3);
	for (int nid = 0; nid < 3; nid++) {
		struct zone *z = test_zone(m, nid, ZONE_NORMAL);

		ck_assert_uint_eq(z->_watermark[WMARK_LOW], 81);
		for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
			ck_assert_int_eq(z->per_cpu_pageset[cpu].high, want[nid]);
			ck_assert_int_eq(z->per_cpu_pageset[cpu].batch, 1);
		}
	}
	test_release(m);
}
END_TEST

/*
 * zone_highsize(): high is at least 4 * batch.
 *
 *   256M, 2 CPUs, min_free_kbytes 0, scale factor 10: low = 65;
 *   65 / 2 = 32 < 4 * 15 = 60 -> high 60.
 *
 * Expect batch 15 and high 60 on both CPUs.
 */
START_TEST(test_zone_highsize_at_least_four_batches)
{
	struct machine *m = test_boot_node("256M", 2, TEST_K_PLAIN ", \"pcp\": true,"
					   " \"min_free_kbytes\": 0,"
					   " \"watermark_scale_factor\": 10");
	struct zone *z = test_normal0(m);

	test_check(m);
	ck_assert_uint_eq(z->_watermark[WMARK_LOW], 65);
	for (int cpu = 0; cpu < 2; cpu++) {
		ck_assert_int_eq(z->per_cpu_pageset[cpu].batch, 15);
		ck_assert_int_eq(z->per_cpu_pageset[cpu].high, 60);
	}
	test_release(m);
}
END_TEST

/*
 * zone_highsize() with percpu_pagelist_high_fraction: the base becomes
 * managed / fraction instead of the low watermark.
 *
 *   256M, 2 CPUs, min_free_kbytes 4096: high = 1280 / 2 = 640;
 *   fraction 8: 65536 / 8 = 8192, / 2 CPUs = 4096.
 *
 * Expect 640 before and 4096 after, batch 15.
 */
START_TEST(test_zone_highsize_high_fraction)
{
	struct machine *m = test_boot_node("256M", 2, PCP_KEYS);
	struct zone *z = test_normal0(m);

	ck_assert_int_eq(z->per_cpu_pageset[0].high, 640);
	ck_assert_int_eq(z->per_cpu_pageset[1].high, 640);
	m->vm.percpu_pagelist_high_fraction = 8;
	zone_pcp_update_all(m);
	test_check(m);
	ck_assert_int_eq(z->per_cpu_pageset[0].high, 4096);
	ck_assert_int_eq(z->per_cpu_pageset[1].high, 4096);
	ck_assert_int_eq(z->per_cpu_pageset[0].batch, 15);
	test_release(m);
}
END_TEST

/*
 * setup_per_zone_wmarks() ends with zone_pcp_update(): pcp high follows
 * the low watermark.
 *
 *   256M, 1 CPU: min_free_kbytes 4096 -> high 1280; 8192 -> pages_min
 *   2048, gap max(512, 65) = 512, low 2560 -> high 2560.
 *
 * Expect pcp high 1280, then 2560.
 */
START_TEST(test_pcp_high_follows_watermarks)
{
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);

	ck_assert_int_eq(pcp_of(m, 0)->high, 1280);
	ck_assert_int_eq(pcp_of(m, 0)->batch, 15);
	m->vm.min_free_kbytes = 8192;
	setup_per_zone_wmarks(m);
	test_check(m);
	ck_assert_uint_eq(test_normal0(m)->_watermark[WMARK_LOW], 2560);
	ck_assert_int_eq(pcp_of(m, 0)->high, 2560);
	test_release(m);
}
END_TEST

/* ======================================================================
 * rmqueue_pcplist, rmqueue_bulk
 * ====================================================================== */

/*
 * rmqueue_bulk() (item 50): an empty order-0 list is refilled with batch =
 * 15 pages, each __rmqueue()d under one lock hold and appended at the tail;
 * carved from one block they come in ascending pfn order. The allocation
 * takes the head. Pages on the pcp list are no longer in NR_FREE_PAGES.
 *
 *   fresh: o10 at 0 split -> 0, 1, ..., 14; pcp Movable o0 list 1..14.
 *
 * Expect pfn 0, count 14, the list 1..14 from head to tail, NR_FREE_PAGES
 * 65536 - 15 = 65521, 15 mm_page_alloc_zone_locked events with
 * percpu_refill=1, order 0, migratetype 1, pfns 0..14.
 */
START_TEST(test_rmqueue_bulk_refills_batch_ascending)
{
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);
	struct per_cpu_pages *pcp = pcp_of(m, 0);
	struct test_ev_log log;

	ck_assert_int_eq(pcp->count, 0);
	test_ev_attach(m, &log, LOCKED_ONLY);
	expect_pcp_alloc(m, GFP_HIGHUSER_MOVABLE, 0, 0, 14);
	test_expect_list(m, &pcp->lists[PINDEX(0, MIGRATE_MOVABLE)],
			 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), 65521);
	ck_assert_uint_eq(log.n, 15);
	for (unsigned int i = 0; i < 15; i++) {
		const struct mm_ev_mm_page_alloc_zone_locked *ev =
			&log.ev[i].mm_page_alloc_zone_locked;

		ck_assert_int_eq(log.ev[i].id, MM_EV_mm_page_alloc_zone_locked);
		ck_assert_uint_eq(ev->pfn, i);
		ck_assert_uint_eq(ev->order, 0);
		ck_assert_int_eq(ev->migratetype, MIGRATE_MOVABLE);
		ck_assert(ev->percpu_refill);
	}
	expect_pcp_alloc(m, GFP_HIGHUSER_MOVABLE, 0, 1, 13);
	test_release(m);
}
END_TEST

/*
 * rmqueue_pcplist(): the refill is batch >> order blocks, at least 2
 * (item 50); orders 4..8 and 10 bypass the pcp.
 *
 *   fresh 256M, batch 15:
 *   order 3: max(15 >> 3, 2) = 2 blocks: 0, 8 -> returns 0, count 8
 *   order 1: max(7, 2) = 7: 16, 18, ..., 28 (from o4 16, o3 24) -> 16;
 *            count 8 + 12 = 20
 *   order 2: max(3, 2) = 3: 32, 36, 40 (from o5 32) -> 32; count 28
 *   order 4: straight from the buddy: o4 48 -> 48 (percpu_refill=0);
 *            count unchanged
 *   NR_FREE_PAGES = 65536 - 16 - 14 - 12 - 16 = 65478.
 *
 * Expect those pfns, counts and list contents after each step.
 */
START_TEST(test_rmqueue_pcplist_batch_scales_with_order)
{
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);
	struct per_cpu_pages *pcp = pcp_of(m, 0);
	struct test_ev_log log;

	expect_pcp_alloc(m, GFP_HIGHUSER_MOVABLE, 3, 0, 8);
	test_expect_list(m, &pcp->lists[PINDEX(3, MIGRATE_MOVABLE)], 8);

	expect_pcp_alloc(m, GFP_HIGHUSER_MOVABLE, 1, 16, 20);
	test_expect_list(m, &pcp->lists[PINDEX(1, MIGRATE_MOVABLE)], 18, 20, 22, 24, 26, 28);

	expect_pcp_alloc(m, GFP_HIGHUSER_MOVABLE, 2, 32, 28);
	test_expect_list(m, &pcp->lists[PINDEX(2, MIGRATE_MOVABLE)], 36, 40);

	test_ev_attach(m, &log, LOCKED_ONLY);
	expect_pcp_alloc(m, GFP_HIGHUSER_MOVABLE, 4, 48, 28);
	ck_assert_uint_eq(log.n, 1);
	ck_assert(!log.ev[0].mm_page_alloc_zone_locked.percpu_refill);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), 65478);
	test_release(m);
}
END_TEST

/*
 * pcp_allowed_order(): pageblock_order (9) has its own pcp list whenever
 * the kernel is built with CONFIG_TRANSPARENT_HUGEPAGE, as the reference
 * kernel is; the runtime THP mode ("never" here) does not matter.
 *
 *   fresh 256M, batch 15: order 9 refills max(15 >> 9, 2) = 2 blocks:
 *   o10 at 0 split -> 0, then 512 -> returns 0, count 512, THP list [512];
 *   freeing it again puts it back on the THP list (count 1024 < high 1280,
 *   no drain; free_high only applies to orders 1..3).
 *
 * Expect pfn 0, count 512, NR_FREE_PAGES 65536 - 1024, then count 1024
 * with NR_FREE_PAGES unchanged by the free.
 */
START_TEST(test_pcp_thp_list_for_pageblock_order)
{
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);
	struct per_cpu_pages *pcp = pcp_of(m, 0);

	expect_pcp_alloc(m, GFP_HIGHUSER_MOVABLE, 9, 0, 512);
	test_expect_list(m, &pcp->lists[PINDEX_THP], 512);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), 65536 - 1024);
	test_free_pfn(m, 0, 9);
	ck_assert_int_eq(pcp->count, 1024);
	test_expect_list(m, &pcp->lists[PINDEX_THP], 0, 512);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), 65536 - 1024);
	test_release(m);
}
END_TEST

/*
 * free_unref_page_commit() adds at the list head and rmqueue_pcplist()
 * takes the head: the page just freed is the next one handed out (LIFO).
 * The free does not touch NR_FREE_PAGES (the page stays on the pcp list).
 *
 *   alloc -> 0 (refill 0..14); free 0 -> list 0, 1, ..., 14; alloc -> 0.
 *
 * Expect 0 twice, count 15 after the free, NR_FREE_PAGES 65521 throughout,
 * pgfree +1.
 */
START_TEST(test_pcp_lifo_reuse)
{
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);
	struct per_cpu_pages *pcp = pcp_of(m, 0);
	unsigned long pgfree0;

	ck_assert_uint_eq(test_alloc_pfn(m, GFP_HIGHUSER_MOVABLE, 0), 0);
	pgfree0 = m->vm_events[PGFREE];
	test_free_pfn(m, 0, 0);
	ck_assert_int_eq(pcp->count, 15);
	test_expect_list(m, &pcp->lists[PINDEX(0, MIGRATE_MOVABLE)],
			 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), 65521);
	ck_assert_uint_eq(m->vm_events[PGFREE] - pgfree0, 1);
	expect_pcp_alloc(m, GFP_HIGHUSER_MOVABLE, 0, 0, 14);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), 65521);
	test_release(m);
}
END_TEST

/*
 * rmqueue_bulk() through a fallback: an Unmovable refill on a fresh machine
 * steals one order-10 block once (change_pageblock_range: blocks 0 and 1)
 * and then takes all 15 pages from it.
 *
 * Expect pfn 0, one extfrag event, the Unmovable o0 pcp list 1..14,
 * blocks 0 and 1 Unmovable.
 */
START_TEST(test_rmqueue_bulk_unmovable_refill_steals_once)
{
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);
	struct per_cpu_pages *pcp = pcp_of(m, 0);
	struct test_ev_log log;

	test_ev_attach(m, &log, MM_EV_BIT(MM_EV_mm_page_alloc_extfrag));
	ck_assert_uint_eq(test_alloc_pfn(m, GFP_KERNEL, 0), 0);
	ck_assert_uint_eq(log.n, 1);
	ck_assert_int_eq(log.ev[0].mm_page_alloc_extfrag.fallback_order, 10);
	ck_assert_int_eq(pcp->count, 14);
	test_expect_list(m, &pcp->lists[PINDEX(0, MIGRATE_UNMOVABLE)],
			 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
	ck_assert_int_eq(get_pageblock_migratetype(m, 0), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 512), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 1024), MIGRATE_MOVABLE);
	test_release(m);
}
END_TEST

/* ======================================================================
 * free_unref_page_commit, nr_pcp_high, nr_pcp_free, free_pcppages_bulk
 * ====================================================================== */

/*
 * nr_pcp_free() (item 51): with high 100 and batch 10 (set by hand) and no
 * allocation in between, successive drains free batch << free_factor,
 * raising free_factor while that is below high - batch = 90, clamped to
 * [10, 90]: 10, 20, 40, 80, then 90. free_pcppages_bulk() takes the oldest
 * pages (list tail) first.
 *
 *   400 pages allocated (pfns 0..399, 40 refills of 10; count 0), then
 *   freed in pfn order: drains at the 100th, 110th, 130th, 170th, 250th
 *   free, leaving 90, 80, 60, 20, 10 on the list; free_factor 1, 2, 3, 4, 4.
 *   The 240 drained pages are pfns 0..239 in that order.
 *
 * Expect those counts, factors and drained totals at each drain,
 * and the drain events in pfn order 0..239.
 */
START_TEST(test_nr_pcp_free_growing_drains)
{
	static const int at[5] = { 100, 110, 130, 170, 250 };
	static const int left[5] = { 90, 80, 60, 20, 10 };
	static const int factor[5] = { 1, 2, 3, 4, 4 };
	static const unsigned int drained[5] = { 10, 30, 70, 150, 240 };
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);
	struct per_cpu_pages *pcp = pcp_of(m, 0);
	struct test_ev_log log;
	int step = 0;

	pcp->batch = 10;
	pcp->high = 100;
	for (pfn_t want = 0; want < 400; want++) {
		struct page *page = alloc_pages_node(m, 0, GFP_HIGHUSER_MOVABLE, 0);

		ck_assert_ptr_nonnull(page);
		ck_assert_uint_eq(page_to_pfn(m, page), want);
	}
	test_check(m);
	ck_assert_int_eq(pcp->count, 0);
	ck_assert_int_eq(pcp->free_factor, 0);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), 65536 - 400);

	test_ev_attach(m, &log, DRAIN_ONLY);
	for (int nr = 1; nr <= 250; nr++) {
		test_free_pfn(m, (pfn_t)nr - 1, 0);
		if (nr == at[step]) {
			ck_assert_int_eq(pcp->count, left[step]);
			ck_assert_int_eq(pcp->free_factor, factor[step]);
			ck_assert_uint_eq(log.n, drained[step]);
			ck_assert_uint_eq(zone_free_pages(test_normal0(m)),
					  65536 - 400 + drained[step]);
			step++;
		} else if (nr == 99) {
			ck_assert_int_eq(pcp->count, 99);
			ck_assert_uint_eq(log.n, 0);
		}
	}
	ck_assert_int_eq(step, 5);
	for (unsigned int i = 0; i < 240; i++) {
		ck_assert_uint_eq(log.ev[i].mm_page_pcpu_drain.pfn, i);
		ck_assert_uint_eq(log.ev[i].mm_page_pcpu_drain.order, 0);
		ck_assert_int_eq(log.ev[i].mm_page_pcpu_drain.migratetype, MIGRATE_MOVABLE);
	}
	test_release(m);
}
END_TEST

/*
 * nr_pcp_free() in the reference kernel (6.1.192): free_factor stops
 * growing at CONFIG_PCP_BATCH_SCALE_MAX = 5, so a free streak drains at
 * most batch << 5 at a time.  With high 1000 and batch 2 (by hand): drains
 * of 2, 4, 8, 16, 32, then 64 (factor 5), then 64 again where an unbounded
 * factor would drain 128.  Each drain comes when the count reaches 1000:
 * after 1000 frees, then 2, 4, 8, 16, 32 and 64 more.
 *
 * Expect each drain's size, free_factor 5 after the sixth, and 64 drained
 * by the seventh.
 */
START_TEST(test_nr_pcp_free_factor_capped)
{
	static const int at[7] = { 1000, 1002, 1006, 1014, 1030, 1062, 1126 };
	static const unsigned int size[7] = { 2, 4, 8, 16, 32, 64, 64 };
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);
	struct per_cpu_pages *pcp = pcp_of(m, 0);
	struct test_ev_log log;
	unsigned int drained = 0;
	int step = 0;

	pcp->batch = 2;
	pcp->high = 1000;
	for (pfn_t want = 0; want < 1126; want++)
		ck_assert_ptr_nonnull(alloc_pages_node(m, 0, GFP_HIGHUSER_MOVABLE, 0));
	test_ev_attach(m, &log, DRAIN_ONLY);
	for (int nr = 1; nr <= 1126; nr++) {
		test_free_pfn(m, (pfn_t)nr - 1, 0);
		if (nr != at[step])
			continue;
		drained += size[step];
		ck_assert_uint_eq(log.n, drained);
		ck_assert_int_eq(pcp->count, 1000 - (int)size[step]);
		step++;
	}
	ck_assert_int_eq(step, 7);
	ck_assert_int_eq(pcp->free_factor, 5);
	test_release(m);
}
END_TEST

/*
 * rmqueue_pcplist() halves free_factor on each allocation (item 51).
 *
 *   the state after the fifth drain above (count 10: pfns 249..240 head
 *   to tail, free_factor 4); one allocation takes 249 (count 9, factor 2);
 *   freeing 250..339 (90 pages, count 99) and then 249 reaches 100:
 *   10 << 2 = 40 < 90 -> factor 3, drain 40: the oldest are 240..248 then
 *   250..280.
 *
 * Expect count 60, free_factor 3, drained pfns 240..248, 250..280.
 */
START_TEST(test_nr_pcp_free_allocation_halves_factor)
{
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);
	struct per_cpu_pages *pcp = pcp_of(m, 0);
	struct test_ev_log log;
	unsigned int i;

	pcp->batch = 10;
	pcp->high = 100;
	for (int k = 0; k < 400; k++)
		ck_assert_ptr_nonnull(alloc_pages_node(m, 0, GFP_HIGHUSER_MOVABLE, 0));
	for (pfn_t pfn = 0; pfn < 250; pfn++)
		test_free_pfn(m, pfn, 0);
	ck_assert_int_eq(pcp->count, 10);
	ck_assert_int_eq(pcp->free_factor, 4);

	expect_pcp_alloc(m, GFP_HIGHUSER_MOVABLE, 0, 249, 9);
	ck_assert_int_eq(pcp->free_factor, 2);

	test_ev_attach(m, &log, DRAIN_ONLY);
	for (pfn_t pfn = 250; pfn < 340; pfn++)
		test_free_pfn(m, pfn, 0);
	ck_assert_int_eq(pcp->count, 99);
	ck_assert_uint_eq(log.n, 0);
	test_free_pfn(m, 249, 0);
	ck_assert_int_eq(pcp->count, 60);
	ck_assert_int_eq(pcp->free_factor, 3);
	ck_assert_uint_eq(log.n, 40);
	for (i = 0; i < 9; i++)
		ck_assert_uint_eq(log.ev[i].mm_page_pcpu_drain.pfn, 240 + i);
	for (; i < 40; i++)
		ck_assert_uint_eq(log.ev[i].mm_page_pcpu_drain.pfn, 250 + (i - 9));
	test_release(m);
}
END_TEST

/*
 * free_pcppages_bulk() (item 52): start with the list just freed to, empty
 * it tail first, then go up through pindex with wrap-around, skipping empty
 * lists. free_unref_page_commit(): with free_factor > 0 an order-1..3 free
 * sets free_high, nr_pcp_high() returns 0 and nr_pcp_free() everything.
 *
 *   batch 2, high 8 (by hand) on fresh 256M:
 *   a) 7 Movable order-0 allocs: refills of 2 -> 0..6 out, pindex 1 = [7]
 *   b) 1 Unmovable order-0: refill steals o10 1024 -> [1025] on pindex 0
 *   c) 1 Movable order-1: refill 2 blocks 8, 10 -> 8 out, pindex 4 = [10]
 *      count = 1 + 1 + 2 = 4
 *   d) free 0, 1, 2, 3: at count 8 drain nr_pcp_free = 2 (factor -> 1):
 *      pindex 1 = [3 2 1 0 7], tail first: 7, 0.  count 6
 *   e) free order-1 8: pindex 4 = [8 10], count 8, free_high: drain all 8:
 *      pindex 4: 10, 8; pindex 5..12 empty; wrap: pindex 0: 1025;
 *      pindex 1: 1, 2, 3.
 *
 * Expect those two drain sequences (pfn, order, type) and count 0 at the
 * end, NR_FREE_PAGES 65536 - 4 (4, 5, 6 and 1024 still allocated).
 */
START_TEST(test_free_pcppages_bulk_order_and_wrap)
{
	static const struct { pfn_t pfn; int order; int mt; } want[6] = {
		{ 10, 1, MIGRATE_MOVABLE }, { 8, 1, MIGRATE_MOVABLE },
		{ 1025, 0, MIGRATE_UNMOVABLE }, { 1, 0, MIGRATE_MOVABLE },
		{ 2, 0, MIGRATE_MOVABLE }, { 3, 0, MIGRATE_MOVABLE },
	};
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);
	struct per_cpu_pages *pcp = pcp_of(m, 0);
	struct test_ev_log log;

	pcp->batch = 2;
	pcp->high = 8;
	for (pfn_t want_pfn = 0; want_pfn < 7; want_pfn++)
		ck_assert_uint_eq(test_alloc_pfn(m, GFP_HIGHUSER_MOVABLE, 0), want_pfn);
	ck_assert_uint_eq(test_alloc_pfn(m, GFP_KERNEL, 0), 1024);
	expect_pcp_alloc(m, GFP_HIGHUSER_MOVABLE, 1, 8, 4);
	ck_assert_int_eq(pcp->free_factor, 0);

	test_ev_attach(m, &log, DRAIN_ONLY);
	for (pfn_t pfn = 0; pfn < 4; pfn++)
		test_free_pfn(m, pfn, 0);
	ck_assert_int_eq(pcp->count, 6);
	ck_assert_int_eq(pcp->free_factor, 1);
	ck_assert_uint_eq(log.n, 2);
	ck_assert_uint_eq(log.ev[0].mm_page_pcpu_drain.pfn, 7);
	ck_assert_uint_eq(log.ev[1].mm_page_pcpu_drain.pfn, 0);

	test_ev_attach(m, &log, DRAIN_ONLY);
	test_free_pfn(m, 8, 1);
	ck_assert_int_eq(pcp->count, 0);
	ck_assert_uint_eq(log.n, 6);
	for (int i = 0; i < 6; i++) {
		ck_assert_uint_eq(log.ev[i].mm_page_pcpu_drain.pfn, want[i].pfn);
		ck_assert_int_eq(log.ev[i].mm_page_pcpu_drain.order, want[i].order);
		ck_assert_int_eq(log.ev[i].mm_page_pcpu_drain.migratetype, want[i].mt);
	}
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), 65536 - 4);
	test_release(m);
}
END_TEST

/*
 * nr_pcp_high(): while the zone has ZONE_RECLAIM_ACTIVE, the effective high
 * is min(4 * batch, high) = min(40, 100) = 40.
 *
 *   batch 10, high 100 by hand; 50 pages allocated (count 0); the 40th free
 *   reaches 40 and drains nr_pcp_free(40, 10) = clamp(10, 10, 30) = 10.
 *
 * Expect count 39 after 39 frees, 30 after the 40th, free_factor 1.
 */
START_TEST(test_nr_pcp_high_reclaim_active)
{
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);
	struct per_cpu_pages *pcp = pcp_of(m, 0);

	pcp->batch = 10;
	pcp->high = 100;
	for (int k = 0; k < 50; k++)
		ck_assert_ptr_nonnull(alloc_pages_node(m, 0, GFP_HIGHUSER_MOVABLE, 0));
	ck_assert_int_eq(pcp->count, 0);
	test_normal0(m)->flags |= 1ul << ZONE_RECLAIM_ACTIVE;
	for (pfn_t pfn = 0; pfn < 39; pfn++)
		test_free_pfn(m, pfn, 0);
	ck_assert_int_eq(pcp->count, 39);
	test_free_pfn(m, 39, 0);
	ck_assert_int_eq(pcp->count, 30);
	ck_assert_int_eq(pcp->free_factor, 1);
	test_release(m);
}
END_TEST

/*
 * drain_all_pages(): every CPU's lists go back to the buddy.
 *
 *   256M, 2 CPUs (high 640 each, batch 15): CPU 0 allocates (refill
 *   0..14 -> 0), CPU 1 allocates (refill 15..29 -> 15): counts 14 and 14,
 *   NR_FREE_PAGES 65536 - 30.
 *
 * Expect after drain_all_pages(NULL): both counts 0, NR_FREE_PAGES
 * 65536 - 2, 28 mm_page_pcpu_drain events.
 */
START_TEST(test_drain_all_pages_every_cpu)
{
	struct machine *m = test_boot_node("256M", 2, PCP_KEYS);
	struct test_ev_log log;

	m->current_cpu = 0;
	ck_assert_uint_eq(test_alloc_pfn(m, GFP_HIGHUSER_MOVABLE, 0), 0);
	m->current_cpu = 1;
	ck_assert_uint_eq(test_alloc_pfn(m, GFP_HIGHUSER_MOVABLE, 0), 15);
	ck_assert_int_eq(pcp_of(m, 0)->count, 14);
	ck_assert_int_eq(pcp_of(m, 1)->count, 14);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), 65536 - 30);
	test_ev_attach(m, &log, DRAIN_ONLY);
	drain_all_pages(m, NULL);
	test_check(m);
	ck_assert_int_eq(pcp_of(m, 0)->count, 0);
	ck_assert_int_eq(pcp_of(m, 1)->count, 0);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), 65536 - 2);
	ck_assert_uint_eq(log.n, 28);
	test_release(m);
}
END_TEST

/*
 * free_unref_page(): a page whose pageblock is ISOLATE skips the pcp and
 * goes straight to the buddy's Isolate list, uncounted.
 *
 *   15 pages allocated (count 0); block 0 isolated the way
 *   set_migratetype_isolate() does it (type, count, free pages moved,
 *   NR_FREE_PAGES lowered); free pfn 5 (buddy 4 in use).
 *
 * Expect 5 an order-0 block on the Isolate list, pcp count 0,
 * NR_FREE_PAGES unchanged by the free.
 */
START_TEST(test_free_unref_page_isolate_bypasses_pcp)
{
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);
	struct zone *z = test_normal0(m);
	unsigned long nr_free;
	int moved;

	for (int k = 0; k < 15; k++)
		ck_assert_ptr_nonnull(alloc_pages_node(m, 0, GFP_HIGHUSER_MOVABLE, 0));
	ck_assert_int_eq(pcp_of(m, 0)->count, 0);
	set_pageblock_migratetype(m, 0, MIGRATE_ISOLATE);
	z->nr_isolate_pageblock = 1;
	moved = move_freepages_block(m, z, pfn_to_page(m, 0), MIGRATE_ISOLATE, NULL);
	ck_assert_int_eq(moved, 512 - 15);
	__mod_zone_page_state(z, NR_FREE_PAGES, -moved);
	test_check(m);
	nr_free = zone_free_pages(z);
	test_free_pfn(m, 5, 0);
	ck_assert(PageBuddy(pfn_to_page(m, 5)));
	ck_assert(test_on_free_list(m, z, pfn_to_page(m, 5), 0, MIGRATE_ISOLATE));
	ck_assert_int_eq(pcp_of(m, 0)->count, 0);
	ck_assert_uint_eq(zone_free_pages(z), nr_free);
	test_release(m);
}
END_TEST

/*
 * free_unref_page(): a page from a HighAtomic pageblock is kept on the
 * Movable pcp list but remembers its type; free_pcppages_bulk() frees it
 * with that cached type, onto the HighAtomic list.
 *
 *   15 pages allocated; block 0 -> HighAtomic; free pfn 5: head of pindex 1
 *   (order 0, Movable), count 1; drain_all_pages(): 5 (buddy 4 in use)
 *   becomes an order-0 block on the HighAtomic list, NR_FREE_PAGES + 1.
 *
 * Expect 5 on the Movable pcp list, then on the HighAtomic free list.
 */
START_TEST(test_free_unref_page_highatomic_uses_movable_list)
{
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);
	struct zone *z = test_normal0(m);
	unsigned long nr_free;

	for (int k = 0; k < 15; k++)
		ck_assert_ptr_nonnull(alloc_pages_node(m, 0, GFP_HIGHUSER_MOVABLE, 0));
	set_pageblock_migratetype(m, 0, MIGRATE_HIGHATOMIC);
	test_check(m);
	nr_free = zone_free_pages(z);
	test_free_pfn(m, 5, 0);
	ck_assert_int_eq(pcp_of(m, 0)->count, 1);
	test_expect_list(m, &pcp_of(m, 0)->lists[PINDEX(0, MIGRATE_MOVABLE)], 5);
	ck_assert_uint_eq(zone_free_pages(z), nr_free);
	drain_all_pages(m, NULL);
	test_check(m);
	ck_assert(test_on_free_list(m, z, pfn_to_page(m, 5), 0, MIGRATE_HIGHATOMIC));
	ck_assert_uint_eq(zone_free_pages(z), nr_free + 1);
	test_release(m);
}
END_TEST

/*
 * pgalloc and pgfree count pages, not calls, on the per-CPU path too: an
 * order-3 allocation through rmqueue_pcplist() adds 8 to pgalloc_normal
 * and its free through free_unref_page_commit() 8 to pgfree.  The early
 * 6.1 source counted 1; 6.1.y carries the stable fix "mm/page_alloc: fix
 * incorrect PGFREE and PGALLOC for high-order page", and the reference
 * kernel shows it (its pool of 256 order-9 pages moved pgalloc and pgfree
 * by more than 131072).  Expect 8 and 8.
 */
START_TEST(test_pcp_counts_pages_not_calls)
{
	struct machine *m = test_boot_node("256M", 1, PCP_KEYS);
	unsigned long alloc0 = m->vm_events[PGALLOC_NORMAL], free0 = m->vm_events[PGFREE];
	pfn_t pfn = test_alloc_pfn(m, TEST_GFP_MOV, 3);
	int count;

	ck_assert_int_gt(pcp_of(m, 0)->count, 0);	/* the refill's other blocks wait there */
	ck_assert_uint_eq(m->vm_events[PGALLOC_NORMAL] - alloc0, 8);
	count = pcp_of(m, 0)->count;
	test_free_pfn(m, pfn, 3);
	ck_assert_int_eq(pcp_of(m, 0)->count, count + 8);	/* it went to the pcp list */
	ck_assert_uint_eq(m->vm_events[PGFREE] - free0, 8);
	test_check(m);
	test_release(m);
}
END_TEST

/* Collected by the Makefile into the runner (tests/check_main.c). */
Suite *pcp_suite(void);

Suite *pcp_suite(void)
{
	Suite *s = suite_create("pcp");
	TCase *tc;

	tc = tcase_create("sizing");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_pcp_sizing_reference_dma32);
	tcase_add_test(tc, test_pcp_counts_pages_not_calls);
	tcase_add_test(tc, test_pcp_sizing_reference_dma);
	tcase_add_test(tc, test_zone_highsize_splits_over_node_cpus);
	tcase_add_test(tc, test_zone_highsize_at_least_four_batches);
	tcase_add_test(tc, test_zone_highsize_high_fraction);
	tcase_add_test(tc, test_pcp_high_follows_watermarks);
	suite_add_tcase(s, tc);

	tc = tcase_create("refill");
	tcase_add_test(tc, test_rmqueue_bulk_refills_batch_ascending);
	tcase_add_test(tc, test_rmqueue_pcplist_batch_scales_with_order);
	tcase_add_test(tc, test_pcp_thp_list_for_pageblock_order);
	tcase_add_test(tc, test_pcp_lifo_reuse);
	tcase_add_test(tc, test_rmqueue_bulk_unmovable_refill_steals_once);
	suite_add_tcase(s, tc);

	tc = tcase_create("drain");
	tcase_add_test(tc, test_nr_pcp_free_growing_drains);
	tcase_add_test(tc, test_nr_pcp_free_factor_capped);
	tcase_add_test(tc, test_nr_pcp_free_allocation_halves_factor);
	tcase_add_test(tc, test_free_pcppages_bulk_order_and_wrap);
	tcase_add_test(tc, test_nr_pcp_high_reclaim_active);
	tcase_add_test(tc, test_drain_all_pages_every_cpu);
	tcase_add_test(tc, test_free_unref_page_isolate_bypasses_pcp);
	tcase_add_test(tc, test_free_unref_page_highatomic_uses_movable_list);
	suite_add_tcase(s, tc);
	return s;
}
