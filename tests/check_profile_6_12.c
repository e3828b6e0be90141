/*
 * tests/check_profile_6_12.c - the linux-6.12 profile against the rules of
 * Debian's 6.12.118, each beside linux-6.1's where the two differ.
 *
 * The allocator: 6.10's freelist hygiene (free_pcppages_bulk() frees to
 * the pageblock's type, account_freepages() keeps per-type counts,
 * __zone_watermark_unusable_free() holds back nr_free_highatomic) and the
 * claim/steal split of __rmqueue() (try_to_steal_block(),
 * __rmqueue_claim(), __rmqueue_steal(), enum rmqueue_mode).  Migration:
 * 6.3's batched migrate_pages() (one deferred TLB flush per batch,
 * try_to_unmap_flush()).  And the command line end to end.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/migrate_cost.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/page_alloc_internal.h"
#include "mm/pageblock-flags.h"
#include "mm/profile.h"
#include "mm/writeback.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

/* Nothing reserved, THP "never", per-CPU lists off, watermarks all zero. */
#define K_EXACT	"\"reserved\": \"0\", \"transparent_hugepage\": \"never\", \"pcp\": false," \
		" \"min_free_kbytes\": 0, \"watermark_scale_factor\": 1"
#define P_6_12	", \"profile\": \"linux-6.12\""

/* The first pageblock of node 0's lowest zone with memory. */
static pfn_t first_block(struct machine *m)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *z = test_zone(m, 0, zid);

		if (z->managed_pages)
			return z->zone_start_pfn;
	}
	ck_abort_msg("node 0 has no memory");
	return 0;
}

/* Free pages on every list of type mt of zone. */
static unsigned long pages_on_lists(const struct machine *m, const struct zone *zone, int mt)
{
	unsigned long nr = 0;

	for (unsigned int order = 0; order < MAX_ORDER; order++)
		nr += test_nr_on_list(m, zone, order, mt) << order;
	return nr;
}

/*
 * Node 0 fully allocated, then its first pageblock made Unmovable and
 * freed but for its first page: 511 free pages on the Unmovable lists
 * (orders 0..8 at block + 1, + 2, ..., + 256), nothing else free.
 */
static pfn_t unmovable_block_free_but_first(struct machine *m)
{
	pfn_t block;

	test_take_all(m, 0);
	block = first_block(m);
	set_pageblock_migratetype(m, block, MIGRATE_UNMOVABLE);
	test_free_range(m, block + 1, pageblock_nr_pages(m) - 1);
	return block;
}

/* One order-0 Movable request on that node; its extfrag event recorded. */
static struct page *movable_fallback(struct machine *m, struct test_ev_log *log)
{
	struct page *page;

	test_ev_attach(m, log, MM_EV_BIT(MM_EV_mm_page_alloc_extfrag));
	page = alloc_pages_node(m, 0, TEST_GFP_MOV | __GFP_THISNODE, 0);
	ck_assert_ptr_nonnull(page);
	test_check(m);
	return page;
}

/*
 * __rmqueue_claim() + try_to_steal_block(): the largest foreign block
 * (order 8) may be taken whole (order 8 >= pageblock_order / 2,
 * can_steal_fallback()), and 511 free pages pass the claim rule (>= 256),
 * so the whole pageblock turns Movable with its free pages, and the
 * request is served by __rmqueue_smallest() from the Movable lists: the
 * order-0 block at block + 1.  The event names that page, the fallback
 * order 8, and the changed ownership.  (6.1 names the order-8 block it
 * took, block + 256: test_claim_threshold_decides_the_claim.)
 */
START_TEST(test_claim_takes_the_whole_block)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT P_6_12);
	pfn_t block = unmovable_block_free_but_first(m);
	struct test_ev_log log;
	struct page *page = movable_fallback(m, &log);

	ck_assert_uint_eq(page_to_pfn(m, page), block + 1);
	ck_assert_int_eq(get_pageblock_migratetype(m, block), MIGRATE_MOVABLE);
	ck_assert_uint_eq(pages_on_lists(m, test_normal0(m), MIGRATE_MOVABLE),
			  pageblock_nr_pages(m) - 2);
	ck_assert_uint_eq(pages_on_lists(m, test_normal0(m), MIGRATE_UNMOVABLE), 0);
	test_expect_extfrag(&log, block + 1, 0, 8, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE,
			    true, true);
	test_release(m);
}
END_TEST

/*
 * try_to_steal_block() refuses the claim (511 < 512 with
 * kernel.policy.claim_threshold_pages = 512) and moves nothing, at every
 * order the claim pass tries; __rmqueue_steal() then takes the smallest
 * foreign block, order 0 at block + 1, alone.  The pageblock stays
 * Unmovable and its other 510 free pages stay on its Unmovable lists
 * (6.1 moves them all to the Movable lists of an Unmovable block).
 */
START_TEST(test_refused_claim_steals_one_block)
{
	const char *k = K_EXACT P_6_12 ", \"policy\": {\"claim_threshold_pages\": 512}";
	struct machine *m = test_boot_node("16M", 1, k);
	pfn_t block = unmovable_block_free_but_first(m);
	struct test_ev_log log;
	struct page *page = movable_fallback(m, &log);

	ck_assert_uint_eq(page_to_pfn(m, page), block + 1);
	ck_assert_int_eq(get_pageblock_migratetype(m, block), MIGRATE_UNMOVABLE);
	ck_assert_uint_eq(pages_on_lists(m, test_normal0(m), MIGRATE_UNMOVABLE),
			  pageblock_nr_pages(m) - 2);
	ck_assert_uint_eq(pages_on_lists(m, test_normal0(m), MIGRATE_MOVABLE), 0);
	test_expect_extfrag(&log, block + 1, 0, 0, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE,
			    true, false);
	test_release(m);

	/* linux-6.1 under the same knob: the free pages move, the block stays Unmovable. */
	m = test_boot_node("16M", 1, K_EXACT ", \"policy\": {\"claim_threshold_pages\": 512}");
	block = unmovable_block_free_but_first(m);
	movable_fallback(m, &log);
	ck_assert_int_eq(get_pageblock_migratetype(m, block), MIGRATE_UNMOVABLE);
	ck_assert_uint_eq(pages_on_lists(m, test_normal0(m), MIGRATE_MOVABLE),
			  pageblock_nr_pages(m) - 2);
	test_release(m);
}
END_TEST

/*
 * can_steal_fallback() false (kernel.policy.steal_order = 9, order 8 <
 * 9): __rmqueue_claim() stops at the first order it finds and
 * __rmqueue_steal() takes block + 1 alone, the block keeping its type.
 */
START_TEST(test_no_can_steal_steals_without_claim)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT P_6_12 ", \"policy\": {\"steal_order\": 9}");
	pfn_t block = unmovable_block_free_but_first(m);
	struct test_ev_log log;
	struct page *page = movable_fallback(m, &log);

	ck_assert_uint_eq(page_to_pfn(m, page), block + 1);
	ck_assert_int_eq(get_pageblock_migratetype(m, block), MIGRATE_UNMOVABLE);
	ck_assert_uint_eq(m->stats.pageblock_steals, 0);
	test_expect_extfrag(&log, block + 1, 0, 0, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE,
			    true, false);
	test_release(m);
}
END_TEST

/* Hand a block alloc.rmqueue took back, as an allocation of it would be freed. */
static void give_back(struct machine *m, struct page *page)
{
	prep_new_page(m, page, 0, TEST_GFP_MOV);
	__free_pages(m, page, 0);
	test_check(m);
}

/*
 * __rmqueue() under ALLOC_NOFRAGMENT: __rmqueue_claim() looks at
 * pageblock_order and up only (nothing foreign that big here) and
 * __rmqueue_steal() is not tried: no block, nothing moved.  Without the
 * flag the claim succeeds and the mode goes back to RMQUEUE_NORMAL.
 */
START_TEST(test_nofragment_refuses_steal)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT P_6_12);
	pfn_t block = unmovable_block_free_but_first(m);
	struct zone *zone = test_normal0(m);
	enum rmqueue_mode mode = RMQUEUE_NORMAL;
	struct page *page;

	page = m->profile->alloc.rmqueue(m, zone, 0, MIGRATE_MOVABLE, ALLOC_NOFRAGMENT, &mode);
	ck_assert_ptr_null(page);
	ck_assert_uint_eq(m->stats.extfrag_events, 0);
	ck_assert_int_eq(get_pageblock_migratetype(m, block), MIGRATE_UNMOVABLE);
	test_check(m);
	page = m->profile->alloc.rmqueue(m, zone, 0, MIGRATE_MOVABLE, 0, &mode);
	ck_assert_ptr_nonnull(page);
	ck_assert_int_eq(mode, RMQUEUE_NORMAL);
	ck_assert_int_eq(get_pageblock_migratetype(m, block), MIGRATE_MOVABLE);
	test_check(m);
	give_back(m, page);
	test_release(m);
}
END_TEST

/*
 * rmqueue_bulk() keeps __rmqueue()'s mode across its loop: once a call
 * stole (RMQUEUE_STEAL), the next starts at the steal pass and takes a
 * foreign block even though the request's own list has one now; a call
 * from RMQUEUE_NORMAL takes the own block.
 */
START_TEST(test_bulk_mode_stays_steal)
{
	const char *k = K_EXACT P_6_12 ", \"policy\": {\"claim_threshold_pages\": 512}";
	struct machine *m = test_boot_node("16M", 1, k);
	pfn_t block = unmovable_block_free_but_first(m);
	struct zone *zone = test_normal0(m);
	enum rmqueue_mode mode = RMQUEUE_NORMAL;
	pfn_t own = block + pageblock_nr_pages(m);	/* a Movable block's page */
	struct page *page;

	page = m->profile->alloc.rmqueue(m, zone, 0, MIGRATE_MOVABLE, 0, &mode);
	ck_assert_uint_eq(page_to_pfn(m, page), block + 1);
	ck_assert_int_eq(mode, RMQUEUE_STEAL);
	give_back(m, page);		/* back to its Unmovable block */
	__free_pages(m, pfn_to_page(m, own), 0);
	test_expect_free_block(m, own, 0, MIGRATE_MOVABLE);
	page = m->profile->alloc.rmqueue(m, zone, 0, MIGRATE_MOVABLE, 0, &mode);
	ck_assert_uint_eq(page_to_pfn(m, page), block + 1);
	ck_assert_int_eq(mode, RMQUEUE_STEAL);
	give_back(m, page);
	mode = RMQUEUE_NORMAL;
	page = m->profile->alloc.rmqueue(m, zone, 0, MIGRATE_MOVABLE, 0, &mode);
	ck_assert_uint_eq(page_to_pfn(m, page), own);
	give_back(m, page);
	test_release(m);
}
END_TEST

/*
 * free_pcppages_bulk(): a page freed to a pcp list while its pageblock
 * was Movable, whose pageblock then turned Unmovable, drains to the
 * Unmovable list under 6.12 (get_pfnblock_migratetype(), 6.10) and to
 * the Movable list it was cached with under 6.1.  A Movable request then
 * gets it: under 6.1 off its own list, from a pageblock of another type
 * (__rmqueue_smallest(): one alloc_type_mismatch), under 6.12 by a steal
 * (__rmqueue_steal(): a fallback, no mismatch).
 */
START_TEST(test_pcp_drain_follows_block_type)
{
	static const char *const kernels[] = {
		"\"reserved\": \"0\", \"transparent_hugepage\": \"never\", \"min_free_kbytes\": 0",
		"\"reserved\": \"0\", \"transparent_hugepage\": \"never\", \"min_free_kbytes\": 0"
		P_6_12,
	};
	static const int want[] = { MIGRATE_MOVABLE, MIGRATE_UNMOVABLE };
	static const unsigned long mismatches[] = { 1, 0 };

	for (int i = 0; i < 2; i++) {
		struct machine *m = test_boot_node("16M", 1, kernels[i]);
		unsigned long mismatch;
		struct page *page;
		pfn_t pfn;

		test_take_all(m, 0);
		drain_all_pages(m, NULL);
		test_take_all(m, 0);
		pfn = first_block(m) + 7;
		ck_assert_int_eq(get_pageblock_migratetype(m, pfn), MIGRATE_MOVABLE);
		__free_pages(m, pfn_to_page(m, pfn), 0);
		ck_assert(!PageBuddy(pfn_to_page(m, pfn)));	/* on the pcp list */
		set_pageblock_migratetype(m, pfn, MIGRATE_UNMOVABLE);
		drain_all_pages(m, NULL);
		test_expect_free_block(m, pfn, 0, want[i]);
		mismatch = m->stats.alloc_type_mismatch;
		page = alloc_pages_node(m, 0, TEST_GFP_MOV, 0);
		ck_assert_ptr_nonnull(page);
		ck_assert_uint_eq(page_to_pfn(m, page), pfn);
		ck_assert_uint_eq(m->stats.alloc_type_mismatch - mismatch, mismatches[i]);
		__free_pages(m, page, 0);
		test_release(m);
	}
}
END_TEST

/*
 * account_freepages(): reserving a pageblock for highatomic allocations
 * moves its 510 free pages (an order-1 block of it is in use) onto the
 * HIGHATOMIC lists and into zone->nr_free_highatomic; the 2 pages freed
 * join them.  __zone_watermark_unusable_free() holds back the free
 * highatomic pages under 6.12 (510 while the block is in use) and the
 * whole reserve (512) under 6.1: a mark 511 below the free pages passes
 * under 6.12 only.
 */
START_TEST(test_free_highatomic_accounting)
{
	static const char *const kernels[] = { K_EXACT, K_EXACT P_6_12 };

	for (int i = 0; i < 2; i++) {
		struct machine *m = test_boot_node("16M", 1, kernels[i]);
		struct zone *zone = test_normal0(m);
		pfn_t pfn = test_alloc_pfn(m, TEST_GFP_MOV, 1);
		long free_pages;

		reserve_highatomic_pageblock(m, pfn_to_page(m, pfn), 1, zone);
		ck_assert_uint_eq(zone->nr_reserved_highatomic, pageblock_nr_pages(m));
		ck_assert_uint_eq(pages_on_lists(m, zone, MIGRATE_HIGHATOMIC),
				  pageblock_nr_pages(m) - 2);
		free_pages = zone_page_state_snapshot(zone, NR_FREE_PAGES);
		ck_assert_int_eq(__zone_watermark_ok(m, zone, 0, (unsigned long)free_pages - 511,
						     zone_idx(zone), 0, free_pages), i == 1);
		if (i == 1)
			ck_assert_uint_eq(zone->nr_free_highatomic, pageblock_nr_pages(m) - 2);
		test_free_pfn(m, pfn, 1);
		if (i == 1)
			ck_assert_uint_eq(zone->nr_free_highatomic, pageblock_nr_pages(m));
		test_release(m);
	}
}
END_TEST

/* xorshift64: the churn's own sequence, the same on every run. */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Random churn of Unmovable, Reclaimable and Movable blocks of orders 0
 * to 3 through the pcp lists until memory is short (so fallbacks claim
 * and steal), checked all along: buddy_check() holds every free block to
 * its pageblock's type and NR_FREE_PAGES, NR_FREE_CMA_PAGES and
 * nr_free_highatomic to the lists (6.10's invariants).
 */
START_TEST(test_churn_keeps_hygiene)
{
	static const gfp_t gfps[] = { TEST_GFP_UNMOV, TEST_GFP_RECL, TEST_GFP_MOV };
	struct machine *m = test_boot_node("32M", 2, "\"reserved\": \"0\", "
					   "\"transparent_hugepage\": \"never\"" P_6_12);
	enum { NR = 3000 };
	static struct page *held[NR];
	static unsigned int held_order[NR];
	uint64_t seed = 0x612;

	memset(held, 0, sizeof(held));
	for (int step = 0; step < 40000; step++) {
		int slot = (int)(next_rand(&seed) % NR);

		m->current_cpu = (int)(next_rand(&seed) % 2);
		if (held[slot]) {
			__free_pages(m, held[slot], held_order[slot]);
			held[slot] = NULL;
		} else {
			held_order[slot] = (unsigned int)(next_rand(&seed) % 4);
			held[slot] = alloc_pages_node(m, 0, gfps[next_rand(&seed) % 3] |
						      __GFP_NOWARN | __GFP_NORETRY,
						      held_order[slot]);
		}
		if (step % 2000 == 0)
			test_check(m);
	}
	test_check(m);
	ck_assert_uint_gt(m->stats.extfrag_events, 0);
	for (int i = 0; i < NR; i++)
		if (held[i])
			__free_pages(m, held[i], held_order[i]);
	test_release(m);
}
END_TEST

/* ---- migration: 6.3's batched unmap ---- */

#define K_MIGRATE	TEST_K_BASE ", \"reserved\": \"0\", \"pcp\": false, " \
			"\"min_free_kbytes\": 0, \"transparent_hugepage\": \"never\""

static const struct migration_target_control to_node1 = {
	.nid = 1, .gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
};

enum { NR_MAPPED = 64 };

/*
 * NR_MAPPED pages of one task running on another CPU, migrated to node 1
 * with migrate_pages(MIGRATE_SYNC); returns the clock time it took.
 */
static uint64_t migrate_mapped_pages(struct machine *m)
{
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, NR_MAPPED * PAGE_SIZE), clock;
	struct page_list list;
	unsigned int done = 0;

	proc_touch(m, t, addr, NR_MAPPED * PAGE_SIZE, true);
	m->current_cpu = t->cpu == 0 ? 1 : 0;
	page_list_init(&list);
	for (int i = 0; i < NR_MAPPED; i++)
		ck_assert(isolate_folio_to_list(m, proc_page_at(m, t, addr + i * PAGE_SIZE), &list));
	clock = m->clock_ns;
	ck_assert_int_eq(migrate_pages(m, &list, alloc_migration_target, NULL,
				       (unsigned long)&to_node1, MIGRATE_SYNC, MR_SYSCALL, &done), 0);
	ck_assert_uint_eq(done, NR_MAPPED);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr)), 1);
	test_check(m);
	task_exit(m, t);
	return m->clock_ns - clock;
}

/*
 * 6.1's try_to_migrate_one() flushes each migration entry it installs
 * (ptep_clear_flush()): NR_MAPPED flushes, each with an IPI to the task's
 * CPU.  6.12's migrate_pages_sync() first runs the batch in MIGRATE_ASYNC,
 * whose unmap defers the flushes (TTU_BATCH_FLUSH) to one
 * try_to_unmap_flush() for the batch: one flush, one IPI.  The clock
 * takes the per-folio cost without flush or IPI for each page, plus the
 * batch's flush.
 */
START_TEST(test_batch_charges_one_flush)
{
	struct hw_migrate_folio one = { .src_nid = 0, .dst_nid = 1, .bytes = PAGE_SIZE,
					.nr_mappings = 1, .nr_ipi_cpus = 1 };
	struct machine *m = test_boot_node_pair("16M", "16M", K_MIGRATE);
	uint64_t ns = migrate_mapped_pages(m);

	ck_assert_uint_eq(m->migrate_time.tlb_flushes, NR_MAPPED);
	ck_assert_uint_eq(m->migrate_time.tlb_ipis, NR_MAPPED);
	ck_assert_uint_eq(ns, NR_MAPPED * hw_migrate_cost_ns(&m->hw.migrate_cost, &one));
	test_release(m);

	m = test_boot_node_pair("16M", "16M", K_MIGRATE P_6_12);
	ns = migrate_mapped_pages(m);
	ck_assert_uint_eq(m->migrate_time.tlb_flushes, 1);
	ck_assert_uint_eq(m->migrate_time.tlb_ipis, 1);
	one.tlb_flush_deferred = true;
	ck_assert_uint_eq(ns, NR_MAPPED * hw_migrate_cost_ns(&m->hw.migrate_cost, &one) +
			      hw_migrate_batch_flush_ns(&m->hw.migrate_cost, 1));
	test_release(m);
}
END_TEST

/*
 * migrate_pages_sync(): a page under writeback cannot move in the async
 * try (MIGRATE_ASYNC gives up on writeback, -EBUSY) and is retried alone
 * in MIGRATE_SYNC, which waits for the write: it moves, and the failed
 * async try is not counted (pgmigrate_fail stays 0).
 */
START_TEST(test_sync_retries_async_failures)
{
	struct machine *m = test_boot_node_pair("16M", "16M", K_MIGRATE P_6_12);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, 2 * PAGE_SIZE);
	struct page_list list;
	unsigned int done = 0;
	struct page *busy;

	proc_touch(m, t, addr, 2 * PAGE_SIZE, true);
	busy = proc_page_at(m, t, addr);
	folio_start_writeback(m, busy);
	page_list_init(&list);
	ck_assert(isolate_folio_to_list(m, busy, &list));
	ck_assert(isolate_folio_to_list(m, proc_page_at(m, t, addr + PAGE_SIZE), &list));
	ck_assert_int_eq(migrate_pages(m, &list, alloc_migration_target, NULL,
				       (unsigned long)&to_node1, MIGRATE_SYNC, MR_SYSCALL, &done), 0);
	ck_assert_uint_eq(done, 2);
	ck_assert_uint_eq(m->vm_events[PGMIGRATE_FAIL], 0);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr)), 1);
	ck_assert_uint_eq(m->proc_stats.migration_writeback_waits, 1);
	task_exit(m, t);
	test_release(m);
}
END_TEST

/* ---- the command line ---- */

/*
 * numasim run -p linux-6.12 replays and records the profile; numasim
 * compare with linux-6.1 and linux-6.12 runs both and sets them side by
 * side, linux-6.1 the baseline.
 */
START_TEST(test_cli_run_and_compare)
{
	static const char m64[] = "{ \"machine\": { \"nodes\": [ { \"mem\": \"64M\", \"cpus\": 2 } ] } }";
	char work[64], out[8192], err[8192], *res, *cmp;

	test_scratch_dir(work, sizeof(work), "p612");
	test_write_file(test_path_in(work, "m64.json"), m64, strlen(m64));
	test_sh_at(work, "%s gen churn --events 4000 -c @/m64.json -o @/t.trace",
		   test_numasim_path());
	ck_assert_int_eq(test_numasim_at(work, out, sizeof(out), err, sizeof(err),
					 "run -q -p linux-6.12 --check=500 -c @/m64.json "
					 "-o @/r @/t.trace"), 0);
	res = test_read_file(test_path_in(work, "r/results.json"));
	ck_assert_ptr_nonnull(strstr(res, "\"profile\": \"linux-6.12\""));
	ck_assert_int_eq(test_numasim_at(work, out, sizeof(out), err, sizeof(err),
					 "compare @/t.trace -c @/m64.json -p linux-6.1 "
					 "-p linux-6.12 -j 1 -o @/c"), 0);
	ck_assert_ptr_nonnull(strstr(out, "vs linux-6.1"));
	cmp = test_read_file(test_path_in(work, "c/compare.json"));
	ck_assert_ptr_nonnull(strstr(cmp, "\"linux-6.12\""));
	free(test_read_file(test_path_in(work, "c/linux-6.12/results.json")));
	free(res);
	free(cmp);
	test_remove_dir(work);
}
END_TEST

Suite *profile_6_12_suite(void);

Suite *profile_6_12_suite(void)
{
	Suite *s = suite_create("profile_6_12");
	TCase *tc = tcase_create("alloc");

	tcase_add_test(tc, test_claim_takes_the_whole_block);
	tcase_add_test(tc, test_refused_claim_steals_one_block);
	tcase_add_test(tc, test_no_can_steal_steals_without_claim);
	tcase_add_test(tc, test_nofragment_refuses_steal);
	tcase_add_test(tc, test_bulk_mode_stays_steal);
	tcase_add_test(tc, test_pcp_drain_follows_block_type);
	tcase_add_test(tc, test_free_highatomic_accounting);
	tcase_add_test(tc, test_churn_keeps_hygiene);
	suite_add_tcase(s, tc);
	tc = tcase_create("migrate");
	tcase_add_test(tc, test_batch_charges_one_flush);
	tcase_add_test(tc, test_sync_retries_async_failures);
	suite_add_tcase(s, tc);
	tc = tcase_create("cli");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_cli_run_and_compare);
	suite_add_tcase(s, tc);
	return s;
}
