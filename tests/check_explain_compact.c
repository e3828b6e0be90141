/*
 * tests/check_explain_compact.c - the narration of compaction
 * (mm/compaction.c, mm/compaction_scan.c), CMA allocation (mm/cma.c,
 * mm/page_alloc_contig.c, mm/page_isolation.c) and memory offlining
 * (mm/memory_offline.c), read back through a collecting sink
 * (tests/explain_log.h) and held to 6.1's rules: where the scanners
 * start and why they skip a pageblock, why a run stops, the deferral
 * counters, the bitmap candidates of cma_alloc(), the steps of
 * offline_pages() and the page that stops it.
 *
 * Compaction: one 16 MiB node (4096 frames, 8 pageblocks of 512), per-CPU
 * lists off, fragmented the way a process does it (a mapping filled,
 * every other page unmapped).  CMA: a 48 MiB area on a 64 MiB node.
 * Offlining: two nodes of 128 MiB (one memory block each).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/cma.h"
#include "mm/compaction.h"
#include "mm/compaction_internal.h"
#include "mm/internal.h"
#include "mm/memory_hotplug.h"
#include "mm/mm.h"
#include "tests/explain_log.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define K_QUIET		TEST_K_BASE ", \"reserved\": \"0\", \"pcp\": false, " \
			"\"transparent_hugepage\": \"never\""
#define K_CMA		"\"dma\": false, \"dma32\": false, \"mobility_grouping\": true, " \
			"\"reserved\": \"0\", \"pcp\": false, \"transparent_hugepage\": \"never\", " \
			"\"cma\": true, \"cma_size\": \"48M\""

/*
 * nr_pages of a new anonymous mapping of t written, then every other one
 * unmapped (the even ones), so no freed page merges with its buddy.
 */
static void fragment(struct machine *m, struct task_struct *t, unsigned long nr_pages)
{
	uint64_t addr = proc_anon_written(m, t, nr_pages);

	for (unsigned long i = 0; i < nr_pages; i += 2)
		ck_assert_int_eq(do_munmap(m, t, addr + i * PAGE_SIZE, PAGE_SIZE), 0);
	test_check(m);
}

/* The compaction events' pageblock rules, over the whole log. */
static unsigned long migrated_in_rounds(const struct test_explain_log *log)
{
	unsigned long nr = 0;

	for (unsigned int i = explain_find(log, "compact_round", 0); i < log->n;
	     i = explain_find(log, "compact_round", i + 1)) {
		/* migrate_pages() moves only what the migrate scanner isolated. */
		ck_assert_int_le(explain_field(&log->ev[i], "nr_migrated"),
				 explain_field(&log->ev[i], "nr_isolated"));
		nr += (unsigned long)explain_field(&log->ev[i], "nr_migrated");
	}
	return nr;
}

/*
 * Async direct compaction for an order-9 movable allocation
 * (compact_zone_order(): MIGRATE_ASYNC, direct_compaction).  The first
 * pageblock holds 300 kernel pages (more than half: no movable fallback
 * claims it back), so it is UNMOVABLE: suitable_migration_source() lets
 * async direct compaction empty only movable (or CMA) blocks, and the
 * migrate scanner skips it.  __compaction_suitable(): costly order, so
 * the low watermark plus compact_gap() = 2 << 9 free pages must be
 * there; the fragmentation index must be above vm.extfrag_threshold
 * (500).  compact_zone() of a whole zone starts the migrate scanner at
 * the zone's start, the free scanner at its last pageblock.  The run
 * stops when __compact_finished() sees a free block of order 9 or more
 * on the movable list (COMPACT_SUCCESS) or when the scanners meet.
 */
START_TEST(test_explain_compact_async_skips_unmovable_block)
{
	struct machine *m = test_boot_node("16M", 1, K_QUIET);
	struct zone *z = test_normal0(m);
	struct task_struct *t = proc_spawn(m, 100);
	struct compact_control cc = {
		.order = 9, .mode = MIGRATE_ASYNC, .whole_zone = true, .ignore_skip_hint = true,
		.direct_compaction = true, .gfp_mask = GFP_HIGHUSER_MOVABLE, .zone = z,
		.alloc_flags = ALLOC_WMARK_LOW, .highest_zoneidx = ZONE_NORMAL,
	};
	unsigned long free_before, migrated_before;
	const struct mm_explain_event *ev;
	struct test_explain_log *log;
	enum compact_result ret;

	for (int i = 0; i < 300; i++)
		test_alloc_pfn(m, GFP_KERNEL, 0);
	fragment(m, t, zone_free_pages(z) - 2 * high_wmark_pages(z));
	ck_assert_int_eq(get_pageblock_migratetype(m, z->zone_start_pfn), MIGRATE_UNMOVABLE);
	free_before = (unsigned long)zone_page_state(z, NR_FREE_PAGES);
	migrated_before = m->vm_events[PGMIGRATE_SUCCESS];
	log = test_explain_attach(m);
	ret = compact_zone(m, &cc, NULL);
	test_explain_detach(m);
	test_check(m);

	ev = explain_get(log, "compaction_suitable", 0);
	ck_assert_int_eq(explain_field(ev, "order"), 9);
	ck_assert_int_eq(explain_field(ev, "watermark"), (long)low_wmark_pages(z));
	ck_assert_int_eq(explain_field(ev, "gap"), 2l << 9);
	ck_assert_int_eq(explain_field(ev, "free"), (long)free_before);
	ck_assert_int_eq(explain_field(ev, "ok"), 1);
	ev = explain_get(log, "compaction_fragindex", 0);
	ck_assert_int_eq(explain_field(ev, "threshold"), 500);
	ck_assert_int_gt(explain_field(ev, "fragindex"), 500);

	ev = explain_get(log, "compact_zone_begin", 0);
	ck_assert_int_eq(explain_field(ev, "mode"), MIGRATE_ASYNC);
	ck_assert_int_eq(explain_field(ev, "migrate_pfn"), (long)z->zone_start_pfn);
	ck_assert_int_eq(explain_field(ev, "free_pfn"),
			 (long)pageblock_start_pfn(m, zone_end_pfn(z) - 1));
	ck_assert_int_eq(explain_field(ev, "start_pfn"), (long)z->zone_start_pfn);
	ck_assert_int_eq(explain_field(ev, "end_pfn"), (long)zone_end_pfn(z));

	/* The unmovable block: skipped, one line, never scanned. */
	ev = explain_get(log, "compact_migrate_unsuitable", 0);
	ck_assert_int_eq(explain_field(ev, "pfn"), (long)z->zone_start_pfn);
	ck_assert_int_eq(explain_field(ev, "mt"), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(explain_field(ev, "start_mt"), MIGRATE_MOVABLE);
	ck_assert_int_eq(explain_field(ev, "async"), 1);
	for (unsigned int i = explain_find(log, "compact_migrate_block", 0); i < log->n;
	     i = explain_find(log, "compact_migrate_block", i + 1)) {
		ck_assert_int_ne(explain_field(&log->ev[i], "start_pfn"), (long)z->zone_start_pfn);
		ck_assert_int_eq(explain_field(&log->ev[i], "mt"), MIGRATE_MOVABLE);
	}
	/* The free scanner takes from movable blocks only (suitable_migration_target()). */
	for (unsigned int i = explain_find(log, "compact_free_block", 0); i < log->n;
	     i = explain_find(log, "compact_free_block", i + 1))
		ck_assert_int_eq(get_pageblock_migratetype(m, explain_field(&log->ev[i], "pfn")),
				 MIGRATE_MOVABLE);
	ck_assert_uint_eq(migrated_in_rounds(log), m->vm_events[PGMIGRATE_SUCCESS] - migrated_before);

	/* Why it stopped, and the result it ended with. */
	ev = explain_get(log, "compact_zone_end", 0);
	ck_assert_int_eq(explain_field(ev, "result"), ret);
	if (ret == COMPACT_SUCCESS) {
		ev = explain_get(log, "compact_suitable_page", 0);
		ck_assert_int_ge(explain_field(ev, "order"), 9);
		ck_assert_int_eq(explain_field(ev, "mt"), MIGRATE_MOVABLE);
	} else {
		ck_assert_int_eq(ret, COMPACT_COMPLETE);
		ck_assert_uint_eq(explain_count(log, "compact_scanners_met"), 1);
	}
	free(log);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A whole-zone MIGRATE_SYNC run for vm.compact_memory (order -1): it
 * goes on until the scanners meet (__compact_finished():
 * compact_scanners_met(), the free scanner's pageblock at or below the
 * migrate scanner's) and ends COMPACT_COMPLETE.  Half the zone is used,
 * every other page of it freed: the untouched top of the zone has free
 * pageblocks, which suitable_migration_target() leaves whole: each one
 * the free scanner reaches is skipped with a line of its own.
 */
START_TEST(test_explain_compact_scanners_meet)
{
	struct machine *m = test_boot_node("16M", 1, K_QUIET);
	struct zone *z = test_normal0(m);
	struct task_struct *t = proc_spawn(m, 100);
	struct compact_control cc = {
		.order = -1, .mode = MIGRATE_SYNC, .ignore_skip_hint = true, .whole_zone = true,
		.gfp_mask = GFP_KERNEL, .zone = z,
	};
	bool block_free[64] = { false };
	const struct mm_explain_event *met, *begin, *end;
	struct test_explain_log *log;
	unsigned int nr_free_blocks_seen = 0;
	long free_end;

	fragment(m, t, zone_free_pages(z) / 2);
	for (pfn_t pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn += pageblock_nr_pages(m)) {
		struct page *page = pfn_to_page(m, pfn);

		block_free[pfn / pageblock_nr_pages(m)] =
			PageBuddy(page) && buddy_order(page) >= m->pageblock_order;
	}
	log = test_explain_attach(m);
	ck_assert_int_eq(compact_zone(m, &cc, NULL), COMPACT_COMPLETE);
	test_explain_detach(m);
	test_check(m);
	begin = explain_get(log, "compact_zone_begin", 0);
	ck_assert_int_eq(explain_field(begin, "mode"), MIGRATE_SYNC);
	ck_assert_int_eq(explain_field(begin, "whole_zone"), 1);
	met = explain_get(log, "compact_scanners_met", 0);
	ck_assert_int_le(pageblock_start_pfn(m, explain_field(met, "free_pfn")),
			 pageblock_start_pfn(m, explain_field(met, "migrate_pfn")));
	end = explain_get(log, "compact_zone_end", 0);
	ck_assert_int_eq(explain_field(end, "result"), COMPACT_COMPLETE);
	ck_assert_uint_eq(explain_count(log, "compact_suitable_page"), 0);
	/* Every free pageblock above where the free scanner ended was skipped, and only those. */
	free_end = explain_field(end, "free_pfn");
	for (pfn_t pfn = pageblock_end_pfn(m, free_end); pfn < zone_end_pfn(z);
	     pfn += pageblock_nr_pages(m)) {
		bool skipped = false;

		for (unsigned int i = explain_find(log, "compact_free_unsuitable", 0); i < log->n;
		     i = explain_find(log, "compact_free_unsuitable", i + 1))
			skipped |= explain_field(&log->ev[i], "pfn") == (long)pfn;
		ck_assert_int_eq(skipped, block_free[pfn / pageblock_nr_pages(m)]);
		nr_free_blocks_seen += skipped;
	}
	ck_assert_uint_gt(nr_free_blocks_seen, 0);
	free(log);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * defer_compaction() / compaction_deferred(): a failure at order 9
 * raises the shift to 1 (skip 2^1 - 1 attempts); order_failed only ever
 * goes down there, and a fresh zone's is 0 (every order deferred).  The
 * next attempt is the first of two and is skipped, the second runs.
 */
START_TEST(test_explain_compact_deferral)
{
	struct machine *m = test_boot_node("16M", 1, K_QUIET);
	struct zone *z = test_normal0(m);
	struct test_explain_log *log = test_explain_attach(m);
	const struct mm_explain_event *ev;

	defer_compaction(m, z, 9);
	ck_assert(compaction_deferred(m, z, 9));
	ck_assert(!compaction_deferred(m, z, 9));
	test_explain_detach(m);
	ck_assert_uint_eq(explain_count(log, "defer_compaction"), 1);
	ck_assert_uint_eq(explain_count(log, "compaction_deferred"), 2);
	ev = explain_get(log, "defer_compaction", 0);
	ck_assert_int_eq(explain_field(ev, "defer_shift"), 1);
	ck_assert_int_eq(explain_field(ev, "defer_limit"), 2);
	ck_assert_int_eq(explain_field(ev, "order_failed"), 0);
	ev = explain_get(log, "compaction_deferred", 0);
	ck_assert_int_eq(explain_field(ev, "considered"), 1);
	ck_assert_int_eq(explain_field(ev, "deferred"), 1);
	ev = explain_get(log, "compaction_deferred", explain_find(log, "compaction_deferred", 0) + 1);
	ck_assert_int_eq(explain_field(ev, "considered"), 2);
	ck_assert_int_eq(explain_field(ev, "deferred"), 0);
	free(log);
	test_release(m);
}
END_TEST

/* A task's pages written in the CMA area (the CMA half-free rule puts movable pages there). */
static uint64_t fill_cma(struct machine *m, struct task_struct *t, const struct cma *cma,
			 unsigned long nr_pages)
{
	uint64_t addr = proc_anon_written(m, t, nr_pages);

	for (unsigned long i = 0; i < nr_pages; i++) {
		pfn_t pfn = page_to_pfn(m, proc_page_at(m, t, addr + i * PAGE_SIZE));

		ck_assert(pfn >= cma->base_pfn && pfn < cma->base_pfn + cma->count);
	}
	return addr;
}

/*
 * cma_alloc() of the whole area: the one candidate is bit 0, the range
 * [base, base + count); alloc_contig_range() isolates its pageblocks
 * (start_isolate_page_range()), migrates the task's 16 pages out
 * (MR_CONTIG_RANGE), finds everything free and isolated
 * (test_pages_isolated()) and takes it.
 */
START_TEST(test_explain_cma_alloc)
{
	struct machine *m = test_boot_node("64M", 1, K_CMA);
	struct cma *cma = cma_find(m, "reserved");
	struct task_struct *t = proc_spawn(m, 100);
	const struct mm_explain_event *ev;
	struct test_explain_log *log;
	unsigned long moved = 0;
	pfn_t pfn;

	fill_cma(m, t, cma, 16);
	log = test_explain_attach(m);
	ck_assert_int_eq(cma_alloc(m, cma, cma->count, 0, false, &pfn), 0);
	test_explain_detach(m);
	test_check(m);
	ev = explain_get(log, "cma_alloc_begin", 0);
	ck_assert_int_eq(explain_field(ev, "count"), (long)cma->count);
	ck_assert_int_eq(explain_field(ev, "base_pfn"), (long)cma->base_pfn);
	ev = explain_get(log, "cma_range", 0);
	ck_assert_int_eq(explain_field(ev, "bit"), 0);
	ck_assert_int_eq(explain_field(ev, "start_pfn"), (long)cma->base_pfn);
	ck_assert_int_eq(explain_field(ev, "end_pfn"), (long)(cma->base_pfn + cma->count));
	ev = explain_get(log, "alloc_contig_range_begin", 0);
	ck_assert_int_eq(explain_field(ev, "mt"), MIGRATE_CMA);
	ev = explain_get(log, "isolate_range", 0);
	ck_assert_int_eq(explain_field(ev, "nr_blocks"), (long)(cma->count / pageblock_nr_pages(m)));
	ck_assert_int_eq(explain_field(ev, "rc"), 0);
	for (unsigned int i = explain_find(log, "migrate_pages_begin", 0); i < log->n;
	     i = explain_find(log, "migrate_pages_begin", i + 1))
		ck_assert_int_eq(explain_field(&log->ev[i], "reason"), MR_CONTIG_RANGE);
	for (unsigned int i = explain_find(log, "migrate_pages_end", 0); i < log->n;
	     i = explain_find(log, "migrate_pages_end", i + 1))
		moved += (unsigned long)explain_field(&log->ev[i], "succeeded");
	ck_assert_uint_eq(moved, 16);
	ev = explain_get(log, "test_pages_isolated", 0);
	ck_assert_int_eq(explain_field(ev, "rc"), 0);
	ck_assert_uint_eq(explain_count(log, "contig_taken"), 1);
	ck_assert_int_eq(explain_field(explain_get(log, "alloc_contig_range_end", 0), "rc"), 0);
	ev = explain_get(log, "cma_alloc_end", 0);
	ck_assert_int_eq(explain_field(ev, "rc"), 0);
	ck_assert_int_eq(explain_field(ev, "pfn"), (long)cma->base_pfn);
	ck_assert(cma_release(m, cma, pfn, cma->count));
	free(log);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A FOLL_PIN page in the area is never isolated
 * (isolate_migratepages_block(): an anonymous page with references
 * beyond its mappings is pinned): the range's migration takes the other
 * 15, test_pages_isolated() stops at the pinned pfn and
 * alloc_contig_range() answers -EBUSY; cma_alloc() gives the bits back
 * and tries bit 0 + mask + 1 = 1 (align 0), where no run of count clear
 * bits fits: the allocation fails with -EBUSY.
 */
START_TEST(test_explain_cma_busy_then_no_room)
{
	struct machine *m = test_boot_node("64M", 1, K_CMA);
	struct cma *cma = cma_find(m, "reserved");
	struct task_struct *t = proc_spawn(m, 100);
	uint64_t addr = fill_cma(m, t, cma, 16);
	const struct mm_explain_event *ev;
	struct test_explain_log *log;
	struct page *pinned;
	long nr_isolated = 0;
	pfn_t pfn;

	ck_assert_int_eq(gup_pages(m, t, addr, 1, FOLL_PIN | FOLL_WRITE, &pinned), 1);
	log = test_explain_attach(m);
	ck_assert_int_eq(cma_alloc(m, cma, cma->count, 0, false, &pfn), -EBUSY);
	test_explain_detach(m);
	test_check(m);
	for (unsigned int i = explain_find(log, "contig_migrate_round", 0); i < log->n;
	     i = explain_find(log, "contig_migrate_round", i + 1))
		nr_isolated += explain_field(&log->ev[i], "nr_isolated");
	ck_assert_int_eq(nr_isolated, 15);
	ev = explain_get(log, "test_pages_isolated", 0);
	ck_assert_int_eq(explain_field(ev, "rc"), -EBUSY);
	ck_assert_int_eq(explain_field(ev, "busy_pfn"), (long)page_to_pfn(m, pinned));
	ck_assert_int_eq(explain_field(explain_get(log, "alloc_contig_range_end", 0), "rc"), -EBUSY);
	ev = explain_get(log, "cma_busy_retry", 0);
	ck_assert_int_eq(explain_field(ev, "next_bit"), 1);
	ev = explain_get(log, "cma_bitmap_full", 0);
	ck_assert_int_eq(explain_field(ev, "start_bit"), 1);
	ck_assert_int_eq(explain_field(explain_get(log, "cma_alloc_end", 0), "rc"), -EBUSY);
	gup_release(m, &pinned, 1, FOLL_PIN);
	free(log);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

#define NODE_PAGES	32768ul		/* 128 MiB: one section, one memory block */

/*
 * offline_pages() of node 1's only block while a task has 64 pages
 * there: the range is isolated (64 pageblocks), do_migrate_range()
 * moves the 64 pages to node 0 in one pass (MIGRATE_SYNC,
 * MR_MEMORY_HOTPLUG), test_pages_isolated() passes, every frame is free
 * and comes off the free lists, and the zone ends with nothing managed
 * or present: node 1 has no memory left.
 */
START_TEST(test_explain_offline_ok)
{
	struct machine *m = test_boot_node_pair("128M", "128M", K_QUIET);
	struct task_struct *t = proc_spawn(m, 100);
	const pfn_t start = NODE_PAGES, end = 2 * NODE_PAGES;
	const struct mm_explain_event *ev;
	struct test_explain_log *log;

	proc_pages_on(m, t, 1, 64);
	log = test_explain_attach(m);
	ck_assert_int_eq(memory_block_store_state(m, 1, MMOP_OFFLINE), 0);
	test_explain_detach(m);
	test_check(m);
	ev = explain_get(log, "offline_pages_begin", 0);
	ck_assert_int_eq(explain_field(ev, "start_pfn"), (long)start);
	ck_assert_int_eq(explain_field(ev, "end_pfn"), (long)end);
	ck_assert_int_eq(explain_field(ev, "nid"), 1);
	ev = explain_get(log, "isolate_range", 0);
	ck_assert_int_eq(explain_field(ev, "nr_blocks"), (long)(NODE_PAGES / pageblock_nr_pages(m)));
	ck_assert_int_eq(explain_field(ev, "rc"), 0);
	ck_assert_uint_eq(explain_count(log, "offline_migrate_pass"), 1);
	ev = explain_get(log, "offline_migrate_pass", 0);
	ck_assert_int_eq(explain_field(ev, "pass"), 1);
	ck_assert_int_eq(explain_field(ev, "nr_moved"), 64);
	ck_assert_int_eq(explain_field(ev, "rc"), 0);
	ck_assert_int_eq(explain_field(explain_get(log, "migrate_pages_begin", 0), "reason"),
			 MR_MEMORY_HOTPLUG);
	ck_assert_int_eq(explain_field(explain_get(log, "migrate_target", 0), "dst_nid"), 0);
	ck_assert_int_eq(explain_field(explain_get(log, "test_pages_isolated", 0), "rc"), 0);
	ev = explain_get(log, "offline_taken", 0);
	ck_assert_int_eq(explain_field(ev, "nr_free"), (long)NODE_PAGES);
	ck_assert_int_eq(explain_field(ev, "nr_other"), 0);
	ev = explain_get(log, "offline_counters", 0);
	ck_assert_int_eq(explain_field(ev, "managed"), 0);
	ck_assert_int_eq(explain_field(ev, "present"), 0);
	ck_assert_int_eq(explain_field(ev, "node_gone"), 1);
	ck_assert_int_eq(explain_field(explain_get(log, "offline_pages_end", 0), "rc"), 0);
	free(log);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A kernel page (GFP_KERNEL, neither LRU nor movable) on node 1:
 * set_migratetype_isolate() finds it with has_unmovable_pages() and
 * refuses its pageblock, start_isolate_page_range() fails with -EBUSY
 * and offline_pages() with it, before any migration.
 */
START_TEST(test_explain_offline_unmovable)
{
	struct machine *m = test_boot_node_pair("128M", "128M", K_QUIET);
	struct page *page = alloc_pages_node(m, 1, GFP_KERNEL | __GFP_THISNODE, 0);
	pfn_t pfn = page_to_pfn(m, page);
	const struct mm_explain_event *ev;
	struct test_explain_log *log;

	ck_assert_ptr_nonnull(page);
	log = test_explain_attach(m);
	ck_assert_int_eq(memory_block_store_state(m, 1, MMOP_OFFLINE), -EBUSY);
	test_explain_detach(m);
	test_check(m);
	ev = explain_get(log, "isolate_unmovable", 0);
	ck_assert_int_eq(explain_field(ev, "pfn"), (long)pfn);
	ck_assert_int_eq(explain_field(ev, "block_pfn"), (long)pageblock_start_pfn(m, pfn));
	ck_assert_int_eq(explain_field(explain_get(log, "isolate_range", 0), "rc"), -EBUSY);
	ck_assert_uint_eq(explain_count(log, "offline_migrate_pass"), 0);
	ck_assert_int_eq(explain_field(explain_get(log, "offline_pages_end", 0), "rc"), -EBUSY);
	__free_pages(m, page, 0);
	free(log);
	test_release(m);
}
END_TEST

Suite *explain_compact_suite(void);

Suite *explain_compact_suite(void)
{
	Suite *s = suite_create("explain_compact");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_explain_compact_async_skips_unmovable_block);
	tcase_add_test(tc, test_explain_compact_scanners_meet);
	tcase_add_test(tc, test_explain_compact_deferral);
	tcase_add_test(tc, test_explain_cma_alloc);
	tcase_add_test(tc, test_explain_cma_busy_then_no_room);
	tcase_add_test(tc, test_explain_offline_ok);
	tcase_add_test(tc, test_explain_offline_unmovable);
	suite_add_tcase(s, tc);
	return s;
}
