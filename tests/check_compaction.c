/*
 * tests/check_compaction.c - memory compaction (mm/compaction.c,
 * mm/compaction_scan.c, mm/kcompactd.c, the allocator's direct
 * compaction) against 6.1.192's rules: deferral arithmetic,
 * compaction_suitable()'s watermark and fragmentation-index tests, the
 * scanners meeting, what the migrate scanner may isolate (pinned and
 * unevictable pages), vm.compact_memory on a fragmented zone, direct
 * compaction with capture, kcompactd's proactive compaction.
 *
 * One 16 MiB node (4096 frames, 8 pageblocks of order 9), per-CPU lists
 * off so that frees reach the buddy at once.  Fragmented zones are made
 * the way a process does it: an anonymous mapping filled, then every
 * other page unmapped, so no freed page can merge with its buddy.  The
 * checkers run after every step.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/compaction.h"
#include "mm/compaction_internal.h"
#include "mm/internal.h"
#include "mm/sysctl.h"
#include "mm/vmstat.h"
#include "mm/writeback.h"
#include "sim/engine.h"
#include "workloads/gen_fragmenter.h"
#include "workloads/gen_memory.h"
#include "workloads/trace.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define K_COMPACT	TEST_K_BASE ", \"reserved\": \"0\", \"pcp\": false, \"transparent_hugepage\": \"never\""
#define PAGE_BYTES	((uint64_t)PAGE_SIZE)

static struct machine *boot(void)
{
	return test_boot_node("16M", 1, K_COMPACT);
}

/* Free pages of the zone in blocks of at least order. */
static unsigned long free_pages_at_least(const struct zone *z, unsigned int order)
{
	unsigned long n = 0;

	for (unsigned int o = order; o < MAX_ORDER; o++)
		n += z->free_area[o].nr_free << o;
	return n;
}

/*
 * Fill most of the zone with a process's anonymous pages (mlocked from
 * page mlock_from on), then unmap every other page: each freed page's
 * buddy stays mapped.  Returns the mapping's address; *nr_pages its
 * length in pages.
 */
static uint64_t fragment_locked(struct machine *m, struct task_struct *t, unsigned long *nr_pages,
				unsigned long mlock_from)
{
	struct zone *z = test_normal0(m);
	unsigned long n = zone_free_pages(z) - 2 * high_wmark_pages(z);
	uint64_t addr = proc_mmap_anon(m, t, n * PAGE_BYTES);

	/* Base pages only, whatever the THP mode. */
	ck_assert_int_eq(do_madvise(m, t, addr, n * PAGE_BYTES, MADV_NOHUGEPAGE), 0);

	/*
	 * In pieces, with kswapd let run between them as it would beside
	 * the task: the fallbacks' watermark boost lasts until kswapd runs.
	 */
	/*
	 * Page by page, with kswapd let run between them as it would beside
	 * the task: a fallback's watermark boost lasts until kswapd runs.
	 */
	for (unsigned long i = 0; i < n; i++) {
		ck_assert_uint_eq(user_access(m, t, addr + i * PAGE_BYTES, true), 0);
		mm_run_daemons(m, m->clock_ns);
	}
	if (mlock_from < n)
		ck_assert_int_eq(do_mlock(m, t, addr + mlock_from * PAGE_BYTES,
					  (n - mlock_from) * PAGE_BYTES, 0), 0);
	for (unsigned long i = 0; i < n; i += 2)
		ck_assert_int_eq(do_munmap(m, t, addr + i * PAGE_BYTES, PAGE_BYTES), 0);
	test_check(m);
	*nr_pages = n;
	return addr;
}

/* The length fragment() gives the mapping on a fresh machine. */
static unsigned long n_guess(struct machine *m)
{
	struct zone *z = test_normal0(m);

	return zone_free_pages(z) - 2 * high_wmark_pages(z);
}

static uint64_t fragment(struct machine *m, struct task_struct *t, unsigned long *nr_pages)
{
	return fragment_locked(m, t, nr_pages, ULONG_MAX);
}

/* defer_compaction() / compaction_deferred() / compaction_defer_reset() */
START_TEST(test_defer_arithmetic)
{
	struct machine *m = boot();
	struct zone *z = test_normal0(m);

	/* A fresh zone defers nothing: limit 1 << 0 is reached at once. */
	ck_assert(!compaction_deferred(m, z, 9));
	for (unsigned int shift = 1; shift <= 8; shift++) {
		unsigned int expect = shift < COMPACT_MAX_DEFER_SHIFT ? shift : COMPACT_MAX_DEFER_SHIFT;

		defer_compaction(m, z, 9);
		ck_assert_uint_eq(z->compact_defer_shift, expect);
		/* 2^shift - 1 attempts are skipped, the next one runs. */
		for (unsigned int i = 1; i < 1u << expect; i++)
			ck_assert(compaction_deferred(m, z, 9));
		ck_assert(!compaction_deferred(m, z, 9));
	}
	/* Orders below the lowest that failed are never deferred. */
	z->compact_order_failed = 9;
	defer_compaction(m, z, 9);
	ck_assert(!compaction_deferred(m, z, 8));
	ck_assert(compaction_deferred(m, z, 10));
	/* A success forgets the failures and raises the failed order past it. */
	compaction_defer_reset(m, z, 9, true);
	ck_assert_uint_eq(z->compact_defer_shift, 0);
	ck_assert_uint_eq(z->compact_considered, 0);
	ck_assert_int_eq(z->compact_order_failed, 10);
	/* An expected (not yet real) success keeps the shift. */
	defer_compaction(m, z, 10);
	compaction_defer_reset(m, z, 10, false);
	ck_assert_uint_eq(z->compact_defer_shift, 1);
	ck_assert_int_eq(z->compact_order_failed, 11);
	test_release(m);
}
END_TEST

/* compaction_suitable(): watermarks, compact_gap(), the fragmentation index */
START_TEST(test_suitable)
{
	struct machine *m = boot();
	struct zone *z = test_normal0(m);
	struct task_struct *t = proc_spawn(m, 100);
	unsigned long n;

	/* Order -1 (vm.compact_memory) always runs. */
	ck_assert_int_eq(compaction_suitable(m, z, -1, 0, ZONE_NORMAL), COMPACT_CONTINUE);
	/* A fresh zone has order-9 blocks: the allocation would succeed. */
	ck_assert_int_eq(compaction_suitable(m, z, 9, ALLOC_WMARK_LOW, ZONE_NORMAL), COMPACT_SUCCESS);
	fragment(m, t, &n);
	/* Half the zone free, all of it order 0: fragmentation, not lack of memory. */
	ck_assert_int_gt(fragmentation_index(z, 9), m->vm.extfrag_threshold);
	ck_assert_int_eq(compaction_suitable(m, z, 9, ALLOC_WMARK_LOW, ZONE_NORMAL), COMPACT_CONTINUE);
	/* An index at or below vm.extfrag_threshold blames memory: skip. */
	ck_assert_int_eq(mm_sysctl_write(m, "vm.extfrag_threshold", 1000), 0);
	ck_assert_int_eq(compaction_suitable(m, z, 9, ALLOC_WMARK_LOW, ZONE_NORMAL), COMPACT_SKIPPED);
	/* ... but only for costly orders. */
	ck_assert_int_ne(compaction_suitable(m, z, 2, ALLOC_WMARK_LOW, ZONE_NORMAL), COMPACT_SKIPPED);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.extfrag_threshold", 500), 0);
	/* Without low + compact_gap(9) free order-0 pages there is nothing to migrate into. */
	proc_touch(m, t, proc_mmap_anon(m, t, (zone_free_pages(z) - low_wmark_pages(z) -
					       compact_gap(9) + 1) * PAGE_BYTES),
		   (zone_free_pages(z) - low_wmark_pages(z) - compact_gap(9) + 1) * PAGE_BYTES, true);
	ck_assert_int_eq(compaction_suitable(m, z, 9, ALLOC_WMARK_LOW, ZONE_NORMAL), COMPACT_SKIPPED);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * should_compact_retry(): a success counts a retry, and retries go on up
 * to 16 (4 for a costly order); a complete (failed) or withdrawn run
 * raises the priority once the retries are used, resetting the count,
 * down to SYNC_LIGHT for costly orders and SYNC_FULL otherwise; order 0
 * never retries.
 */
START_TEST(test_should_compact_retry)
{
	struct machine *m = boot();
	struct alloc_context ac = {
		.zonelist = &NODE_DATA(m, 0)->node_zonelists[ZONELIST_FALLBACK],
		.highest_zoneidx = ZONE_NORMAL, .migratetype = MIGRATE_MOVABLE,
	};
	enum compact_priority prio = DEF_COMPACT_PRIORITY;
	int retries = 0, n = 0;
	unsigned long n_pages;

	ck_assert(!should_compact_retry(m, &ac, 0, ALLOC_WMARK_MIN, COMPACT_SUCCESS, &prio,
					&retries));
	/* Order 2: 16 successful retries, then the priority rises to SYNC_FULL, once. */
	while (should_compact_retry(m, &ac, 2, ALLOC_WMARK_MIN, COMPACT_SUCCESS, &prio, &retries))
		if (++n > 100)
			break;
	ck_assert_int_eq(n, 16 + 1 + 16);
	ck_assert_int_eq(prio, COMPACT_PRIO_SYNC_FULL);
	/* Order 9 (costly): a complete run at SYNC_LIGHT is the end. */
	prio = DEF_COMPACT_PRIORITY;
	retries = 0;
	ck_assert(!should_compact_retry(m, &ac, 9, ALLOC_WMARK_MIN, COMPACT_COMPLETE, &prio,
					&retries));
	/* ... but an ASYNC one that withdrew moves up to SYNC_LIGHT. */
	prio = COMPACT_PRIO_ASYNC;
	ck_assert(should_compact_retry(m, &ac, 9, ALLOC_WMARK_MIN, COMPACT_DEFERRED, &prio,
				       &retries));
	ck_assert_int_eq(prio, COMPACT_PRIO_SYNC_LIGHT);
	/* 4 successful retries for a costly order. */
	n = 0;
	while (should_compact_retry(m, &ac, 9, ALLOC_WMARK_MIN, COMPACT_SUCCESS, &prio, &retries))
		if (++n > 100)
			break;
	ck_assert_int_eq(n, 4);
	/*
	 * Skipped: retry only if some zone would let compaction run
	 * (__compaction_suitable() CONTINUE): not a fresh zone, where the
	 * allocation succeeds as it is, but a fragmented one.
	 */
	ck_assert(!should_compact_retry(m, &ac, 9, ALLOC_WMARK_MIN, COMPACT_SKIPPED, &prio,
					&retries));
	fragment(m, proc_spawn(m, 100), &n_pages);
	ck_assert(should_compact_retry(m, &ac, 9, ALLOC_WMARK_MIN, COMPACT_SKIPPED, &prio,
				       &retries));
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A THP fault on a fragmented node (THP "always", defrag "madvise", the
 * default): in a MADV_HUGEPAGE region the fault may reclaim and compact
 * (vma_thp_gfp_mask(): __GFP_DIRECT_RECLAIM), so direct compaction makes
 * the huge page; elsewhere it may not, and the fault falls back to base
 * pages without a compaction stall.
 */
START_TEST(test_thp_fault_compacts_when_madvised)
{
	for (int madvised = 0; madvised <= 1; madvised++) {
		struct machine *m = test_boot_node("16M", 1, TEST_K_BASE ", \"reserved\": \"0\","
						   " \"pcp\": false, \"transparent_hugepage\": \"always\"");
		struct task_struct *t = proc_spawn(m, 100);
		struct zone *z = test_normal0(m);
		const uint64_t huge = 0x40000000;
		unsigned long n;

		fragment(m, t, &n);
		ck_assert_uint_eq(free_pages_at_least(z, 9), 0);
		proc_mmap_anon_at(m, t, huge, 2 << 20, 0);
		if (madvised)
			ck_assert_int_eq(do_madvise(m, t, huge, 2 << 20, MADV_HUGEPAGE), 0);
		proc_touch(m, t, huge, PAGE_BYTES, true);
		test_check(m);
		ck_assert_uint_eq(m->vm_events[THP_FAULT_ALLOC], (madvised ? 1 : 0));
		ck_assert_uint_eq(m->vm_events[THP_FAULT_FALLBACK], (madvised ? 0 : 1));
		if (madvised)
			ck_assert_uint_ge(m->vm_events[COMPACTSTALL], 1);
		else
			ck_assert_uint_eq(m->vm_events[COMPACTSTALL], 0);
		proc_exit_all(m);
		test_release(m);
	}
}
END_TEST

/*
 * kcompactd_do_work(): a zone compacted to the end without a page of the
 * order is drained on every CPU (free pages stranded on per-CPU lists
 * could merge to it) and deferred as sync direct compaction would be.
 * Per-CPU lists on; every page in use mlocked with
 * vm.compact_unevictable_allowed 0, so nothing can move.
 */
START_TEST(test_kcompactd_drains_and_defers)
{
	struct machine *m = test_boot_node("16M", 2, TEST_K_BASE ", \"reserved\": \"0\","
					   " \"transparent_hugepage\": \"never\"");
	struct task_struct *t = proc_spawn(m, 100);
	struct zone *z = test_normal0(m);
	unsigned long n;

	ck_assert_int_eq(mm_sysctl_write(m, "vm.compaction_proactiveness", 0), 0);
	fragment_locked(m, t, &n, 0);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.compact_unevictable_allowed", 0), 0);
	reset_cached_positions(m, z);	/* see test_kcompactd_woken_by_kswapd */
	m->current_cpu = 1;
	__free_pages(m, alloc_pages_node(m, 0, GFP_KERNEL, 0), 0);
	m->current_cpu = 0;
	ck_assert_int_gt(z->per_cpu_pageset[1].count, 0);
	wakeup_kcompactd(m, NODE_DATA(m, 0), 9, ZONE_NORMAL);
	mm_run_daemons(m, m->clock_ns);
	test_check(m);
	ck_assert_uint_eq(m->vm_events[KCOMPACTD_WAKE], 1);
	ck_assert_int_eq(z->per_cpu_pageset[0].count, 0);
	ck_assert_int_eq(z->per_cpu_pageset[1].count, 0);
	ck_assert_uint_eq(z->compact_defer_shift, 1);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Replay text (a numasim trace) on m; must succeed. */
static void replay_text(struct engine *e, const char *name, const char *text)
{
	struct trace_reader *r = trace_reader_open_memory(name, text, strlen(text));

	ck_assert_msg(engine_replay(e, r) == ENGINE_OK, "%s", e->msg);
	trace_reader_close(r);
}

/*
 * vm.compact_memory on a fragmented zone: the migrate scanner empties the
 * bottom, the free scanner fills the top, and the scanners meet; the
 * free memory ends in order-9 and order-10 blocks.  Every migrated page
 * was isolated twice (as a source, and its destination as a free page),
 * so compact_isolated is at least twice pgmigrate_success.
 */
START_TEST(test_compact_memory_fragmented)
{
	struct machine *m = boot();
	struct zone *z = test_normal0(m);
	struct task_struct *t = proc_spawn(m, 100);
	unsigned long n, migrated, before;
	uint64_t addr = fragment(m, t, &n);

	before = free_pages_at_least(z, 9);
	ck_assert_uint_lt(before * 10, zone_free_pages(z));
	ck_assert_int_eq(mm_sysctl_write(m, "vm.compact_memory", 1), 0);
	test_check(m);
	migrated = m->vm_events[PGMIGRATE_SUCCESS];
	ck_assert_uint_gt(migrated, n / 8);
	ck_assert_uint_ge(m->vm_events[COMPACTISOLATED], 2 * migrated);
	ck_assert_uint_ge(m->vm_events[COMPACTMIGRATE_SCANNED], migrated);
	ck_assert_uint_gt(m->vm_events[COMPACTFREE_SCANNED], 0);
	/* Only the allocator's compaction counts stalls. */
	ck_assert_uint_eq(m->vm_events[COMPACTSTALL], 0);
	/*
	 * The scanners meet near the middle: the movable blocks below it
	 * (half used) fit into the free halves above, so at least two whole
	 * pageblocks come free in this 8-block zone.
	 */
	ck_assert_uint_ge(free_pages_at_least(z, 9), before + 2 * pageblock_nr_pages(m));
	/* The data moved with the pages: every page left mapped still maps. */
	for (unsigned long i = 1; i < n; i += 2)
		ck_assert_ptr_nonnull(proc_page_at(m, t, addr + i * PAGE_BYTES));
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * The classic way to fragment a node on purpose (`numasim gen fragmenter`:
 * movable order-0 pages over 90% of free memory, every other one freed),
 * then vm.compact_memory.  Below the scanners' meeting point every page
 * moves into the holes above it, so the lower half of the node comes free
 * in whole pageblocks: more than three quarters of the free memory ends in
 * order-9 and order-10 blocks (the README shows a larger run: 99.8%).
 */
START_TEST(test_compact_memory_after_fragmenter)
{
	struct machine *m = test_boot_node("64M", 1, K_COMPACT);
	struct zone *z = test_normal0(m);
	struct gen_fragmenter_params p = {
		.order = 0, .gfp = "GFP_HIGHUSER_MOVABLE", .fraction_ppm = 900000,
		.free_pages = zone_free_pages(z),
	};
	struct engine_opts opts = { 0 };
	struct engine e;
	char *text;
	size_t len;

	ck_assert_int_eq(gen_write_memory(gen_fragmenter_writer, &p, &text, &len), 0);
	engine_init(&e, m, &opts);
	replay_text(&e, "fragmenter.trace", text);
	ck_assert_uint_lt(free_pages_at_least(z, 9) * 4, zone_free_pages(z));
	replay_text(&e, "compact.trace", "numasim-trace v1\nsysctl vm.compact_memory=1\n");
	test_check(m);
	ck_assert_uint_gt(free_pages_at_least(z, 9) * 4, zone_free_pages(z) * 3);
	engine_release(&e);
	free(text);
	test_release(m);
}
END_TEST

START_TEST(test_scanners_meet)
{
	struct machine *m = boot();
	struct zone *z = test_normal0(m);
	struct task_struct *t = proc_spawn(m, 100);
	struct compact_control cc = {
		.order = -1, .mode = MIGRATE_SYNC, .ignore_skip_hint = true, .whole_zone = true,
		.gfp_mask = GFP_KERNEL, .zone = z,
	};
	unsigned long n;

	fragment(m, t, &n);
	/* Linux: __compact_finished(): met scanners end a whole-zone run COMPLETE. */
	ck_assert_int_eq(compact_zone(m, &cc, NULL), COMPACT_COMPLETE);
	ck_assert(compact_scanners_met(m, &cc));
	/* reset_cached_positions(): the next run starts at the zone's ends. */
	ck_assert_uint_eq(z->compact_cached_migrate_pfn[0], z->zone_start_pfn);
	ck_assert_uint_eq(z->compact_cached_free_pfn,
			  pageblock_start_pfn(m, zone_end_pfn(z) - 1));
	ck_assert_uint_eq(cc.nr_freepages, 0);
	ck_assert_uint_eq(cc.nr_migratepages, 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* The pfn of every page of the mapping still present (odd indices). */
static void mapped_pfns(struct machine *m, struct task_struct *t, uint64_t addr,
			unsigned long n, pfn_t *pfns)
{
	for (unsigned long i = 1; i < n; i += 2)
		pfns[i / 2] = page_to_pfn(m, proc_page_at(m, t, addr + i * PAGE_BYTES));
}

/*
 * isolate_migratepages_block(): a pinned anonymous page (a reference
 * beyond its mappings) is left where it is; mlocked pages move only
 * while vm.compact_unevictable_allowed is 1.
 */
START_TEST(test_pinned_and_unevictable)
{
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 100);
	const unsigned long lock_from = 2 * n_guess(m) / 3;
	pfn_t before[2048], after[2048];
	unsigned long n, moved = 0, moved_locked = 0;
	uint64_t addr = fragment_locked(m, t, &n, lock_from);
	struct page *pinned = proc_page_at(m, t, addr + PAGE_BYTES);

	ck_assert_uint_le(n / 2, TEST_ARRAY_SIZE(before));
	get_page(m, pinned);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.compact_unevictable_allowed", 0), 0);
	mapped_pfns(m, t, addr, n, before);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.compact_memory", 1), 0);
	test_check(m);
	mapped_pfns(m, t, addr, n, after);
	ck_assert_uint_eq(before[0], after[0]);		/* pinned */
	for (unsigned long i = 1; i < n / 2; i++) {
		if (2 * i + 1 >= lock_from)
			ck_assert_uint_eq(before[i], after[i]);
		else
			moved += before[i] != after[i];
	}
	ck_assert_uint_gt(moved, 0);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.compact_unevictable_allowed", 1), 0);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.compact_memory", 1), 0);
	test_check(m);
	mapped_pfns(m, t, addr, n, after);
	ck_assert_uint_eq(before[0], after[0]);		/* still pinned */
	for (unsigned long i = 1; i < n / 2; i++)
		if (2 * i + 1 >= lock_from)
			moved_locked += before[i] != after[i];
	ck_assert_uint_gt(moved_locked, 0);
	put_page(m, pinned);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * An order-9 movable allocation on a fragmented zone: the slow path's
 * direct compaction makes the block (compact_stall, compact_success) and
 * captures it as it forms: a captured page never passes rmqueue, so
 * pgalloc_normal does not count it (compaction_capture()).
 */
START_TEST(test_direct_compaction_captures)
{
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 100);
	unsigned long n, pgalloc;
	struct page *page;

	fragment(m, t, &n);
	pgalloc = m->vm_events[PGALLOC_NORMAL];
	page = alloc_pages_node(m, 0, GFP_HIGHUSER_MOVABLE, 9);
	ck_assert_ptr_nonnull(page);
	ck_assert_uint_eq(page_to_pfn(m, page) & 511, 0);
	/*
	 * ASYNC first (it may fail: its free scanner samples every 32nd
	 * pfn, which here are all of one parity), then SYNC_LIGHT.
	 */
	ck_assert_uint_ge(m->vm_events[COMPACTSTALL], 1);
	ck_assert_uint_eq(m->vm_events[COMPACTSUCCESS], 1);
	ck_assert_uint_eq(m->vm_events[COMPACTFAIL], m->vm_events[COMPACTSTALL] - 1);
	ck_assert_uint_eq(m->vm_events[PGALLOC_NORMAL], pgalloc);
	/* compaction_defer_reset(alloc_success): nothing deferred. */
	ck_assert_uint_eq(test_normal0(m)->compact_defer_shift, 0);
	__free_pages(m, page, 9);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * kcompactd's proactive compaction: with proactiveness 100 the node
 * score's thresholds are 5 and 15; a fragmented node (score near 100)
 * is compacted at kcompactd's next 500 ms wake-up (whole zones, until
 * the low mark or the scanners meet), lowering its score.  With
 * proactiveness 0 kcompactd never wakes by itself.
 */
START_TEST(test_proactive_compaction)
{
	for (int proactiveness = 0; proactiveness <= 100; proactiveness += 100) {
		struct machine *m = boot();
		struct task_struct *t = proc_spawn(m, 100);
		pg_data_t *pgdat = NODE_DATA(m, 0);
		unsigned long n;

		unsigned int score;

		fragment(m, t, &n);
		score = fragmentation_score_node(m, pgdat);
		ck_assert_uint_gt(score, 90);
		ck_assert_int_eq(mm_sysctl_write(m, "vm.compaction_proactiveness", proactiveness), 0);
		mm_run_daemons(m, m->clock_ns + 2 * HPAGE_FRAG_CHECK_INTERVAL_MSEC * NSEC_PER_MSEC);
		test_check(m);
		if (proactiveness) {
			ck_assert_uint_lt(fragmentation_score_node(m, pgdat), score);
			ck_assert_uint_gt(m->vm_events[PGMIGRATE_SUCCESS], 0);
		} else {
			ck_assert_uint_eq(m->vm_events[PGMIGRATE_SUCCESS], 0);
		}
		proc_exit_all(m);
		test_release(m);
	}
}
END_TEST

/*
 * Skip hints: a direct run (hints honoured) that isolates nothing in a
 * block marks it skip (isolate_migratepages_block()), and a run whose
 * scanners met asks for a reset (compact_blockskip_flush); the next
 * run skips the marked blocks; reset_isolation_suitable() clears a
 * block's hint when its sample finds an LRU page (__reset_isolation_pfn()).
 * Every page in use is mlocked and vm.compact_unevictable_allowed is 0,
 * so nothing can be isolated.
 */
START_TEST(test_skip_hints_set_and_reset)
{
	struct machine *m = boot();
	struct zone *z = test_normal0(m);
	struct task_struct *t = proc_spawn(m, 100);
	struct compact_control cc = {
		.order = 9, .mode = MIGRATE_SYNC_LIGHT, .gfp_mask = GFP_HIGHUSER_MOVABLE,
		.direct_compaction = true, .zone = z, .highest_zoneidx = ZONE_NORMAL,
		.alloc_flags = ALLOC_WMARK_LOW, .search_order = 9, .whole_zone = true,
	};
	unsigned long n, scanned, marked = 0;

	fragment_locked(m, t, &n, 0);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.compact_unevictable_allowed", 0), 0);
	ck_assert_int_eq(compact_zone(m, &cc, NULL), COMPACT_COMPLETE);
	ck_assert_uint_eq(m->vm_events[PGMIGRATE_SUCCESS], 0);
	ck_assert(z->compact_blockskip_flush);
	for (pfn_t pfn = z->zone_start_pfn; pfn < cc.migrate_pfn; pfn += pageblock_nr_pages(m))
		marked += get_pageblock_skip(m, pfn);
	ck_assert_uint_gt(marked, 0);
	/* The next run passes the marked blocks by. */
	scanned = m->vm_events[COMPACTMIGRATE_SCANNED];
	cc.whole_zone = false;
	compact_zone(m, &cc, NULL);
	ck_assert_uint_lt(m->vm_events[COMPACTMIGRATE_SCANNED] - scanned, scanned);
	/*
	 * The reset samples every 8th page of a block: an LRU page there
	 * (or a free one, on the free scanner's side) clears the hint.
	 */
	marked = 0;
	for (pfn_t pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn += pageblock_nr_pages(m))
		marked += get_pageblock_skip(m, pfn);
	reset_isolation_suitable(m, NODE_DATA(m, 0));
	ck_assert(!z->compact_blockskip_flush);
	for (pfn_t pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn += pageblock_nr_pages(m))
		marked -= get_pageblock_skip(m, pfn);
	ck_assert_uint_gt(marked, 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * isolate_migratepages_block(): under ISOLATE_ASYNC_MIGRATE (every mode
 * but MIGRATE_SYNC) a page under writeback is not taken; MIGRATE_SYNC
 * (vm.compact_memory) takes it.
 */
START_TEST(test_async_skips_writeback)
{
	struct machine *m = boot();
	struct zone *z = test_normal0(m);
	struct task_struct *t = proc_spawn(m, 100);
	struct compact_control cc = {
		.order = -1, .mode = MIGRATE_ASYNC, .ignore_skip_hint = true, .whole_zone = true,
		.gfp_mask = GFP_KERNEL, .zone = z,
	};
	unsigned long n;
	uint64_t addr = fragment(m, t, &n);
	struct page *wb = proc_page_at(m, t, addr + PAGE_BYTES);
	pfn_t pfn = page_to_pfn(m, wb);

	folio_start_writeback(m, wb);
	compact_zone(m, &cc, NULL);
	test_check(m);
	ck_assert_uint_gt(m->vm_events[PGMIGRATE_SUCCESS], 0);
	ck_assert_uint_eq(page_to_pfn(m, proc_page_at(m, t, addr + PAGE_BYTES)), pfn);
	folio_end_writeback(m, wb);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * kcompactd woken through kswapd: an unmovable allocation that falls
 * back into a movable pageblock boosts the watermark and wakes kswapd
 * (steal_suitable_fallback(), rmqueue()); kswapd, done, wakes kcompactd
 * for a pageblock's order (balance_pgdat()), which compacts the
 * fragmented zone (compact_daemon_wake, its scanned counters).
 */
START_TEST(test_kcompactd_woken_by_kswapd)
{
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 100);
	unsigned long n;

	ck_assert_int_eq(mm_sysctl_write(m, "vm.compaction_proactiveness", 0), 0);
	fragment(m, t, &n);
	/*
	 * The kernel never initialises the cached scanner positions: in a
	 * zone starting at pfn 0 (this machine's) the first run from them
	 * meets at once.  Start from the zone's ends, as any earlier run
	 * would have left them.
	 */
	reset_cached_positions(m, test_normal0(m));
	while (!test_normal0(m)->watermark_boost) {
		ck_assert_uint_lt(m->stats.extfrag_events, 1000);
		ck_assert_ptr_nonnull(alloc_pages_node(m, 0, GFP_KERNEL, 0));
	}
	ck_assert_uint_eq(m->vm_events[KCOMPACTD_WAKE], 0);
	mm_run_daemons(m, m->clock_ns);
	test_check(m);
	ck_assert_uint_eq(m->vm_events[KCOMPACTD_WAKE], 1);
	ck_assert_uint_gt(m->vm_events[KCOMPACTD_MIGRATE_SCANNED], 0);
	ck_assert_uint_gt(m->vm_events[PGMIGRATE_SUCCESS], 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * The proactive-compaction patch's experiment, scaled down: fill a 256 MiB
 * node with movable pages, free about 3/4 of every 2 MiB block (which
 * pages: a fixed pseudo-random choice, so no scanner stride lines up with
 * them), stay idle 10 s, then ask for an order-9 page every 100 ms.  The
 * text of the two parts: fill in *fill, the requests in *requests.
 */
static void proactive_traces(struct machine *m, char **fill, char **requests)
{
	unsigned long n = zone_free_pages(test_normal0(m)) - 4 * high_wmark_pages(test_normal0(m));
	size_t cap = 64 * n + 4096, len = 0;
	uint32_t x = 2463534242u;
	char *t = malloc(cap);

	len += (size_t)sprintf(t + len, "numasim-trace v1\n");
	for (unsigned long i = 0; i < n; i++)
		len += (size_t)sprintf(t + len, "alloc id=p%lu order=0 gfp=GFP_HIGHUSER_MOVABLE\n", i);
	for (unsigned long i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		if (x % 4)
			len += (size_t)sprintf(t + len, "free id=p%lu\n", i);
	}
	*fill = t;
	t = malloc(4096 + 128 * 80);
	len = (size_t)sprintf(t, "numasim-trace v1\n");
	for (unsigned int k = 0; k < 80; k++)
		len += (size_t)sprintf(t + len, "@%u.%us alloc id=h%u order=9 "
				       "gfp=GFP_HIGHUSER_MOVABLE|__GFP_RETRY_MAYFAIL\n",
				       10 + k / 10, k % 10, k);
	*requests = t;
}

/*
 * Proactive compaction (vm.compaction_proactiveness 20) against none: in
 * the idle time kcompactd finds the node's score above the high mark (90)
 * and compacts until the zone is at or under the low mark (80), without
 * going further; the order-9 requests then find blocks ready, so fewer
 * stall in direct compaction, fewer fail, and their latency in simulated
 * time drops (the patch: 21 ms median without, 4 us with).
 */
START_TEST(test_proactive_latency)
{
	struct latency_hist hist[2];
	unsigned long stalls[2], fails[2];

	for (int run = 0; run < 2; run++) {
		struct machine *m = test_boot_node("256M", 2, K_COMPACT);
		pg_data_t *pgdat = NODE_DATA(m, 0);
		struct engine_opts opts = { 0 };
		char *fill, *requests;
		unsigned int score;
		struct engine e;

		proactive_traces(m, &fill, &requests);
		engine_init(&e, m, &opts);
		replay_text(&e, "fill.trace", fill);
		score = fragmentation_score_node(m, pgdat);
		ck_assert_int_eq(m->vm.compaction_proactiveness, 20);	/* the default */
		ck_assert_uint_gt(score, fragmentation_score_wmark(m, false));
		ck_assert_int_eq(mm_sysctl_write(m, "vm.compaction_proactiveness", run ? 20 : 0), 0);
		mm_run_daemons(m, 10 * NSEC_PER_SEC);
		test_check(m);
		if (run) {
			ck_assert_uint_le(fragmentation_score_zone(m, test_normal0(m)),
					  fragmentation_score_wmark(m, true));
			/* It stops at the low mark: not everything movable moved. */
			ck_assert_uint_ge(fragmentation_score_zone(m, test_normal0(m)),
					  fragmentation_score_wmark(m, true) - 10);
		} else {
			ck_assert_uint_eq(fragmentation_score_node(m, pgdat), score);
		}
		replay_text(&e, "requests.trace", requests);
		test_check(m);
		hist[run] = m->stats.alloc_latency[9];
		stalls[run] = m->vm_events[COMPACTSTALL];
		fails[run] = m->stats.alloc_fail[9];
		engine_release(&e);
		free(fill);
		free(requests);
		test_release(m);
	}
	ck_assert_uint_lt(stalls[1], stalls[0]);
	ck_assert_uint_le(fails[1], fails[0]);
	ck_assert_uint_gt(latency_hist_percentile(&hist[0], 50), 0);
	ck_assert_uint_lt(latency_hist_percentile(&hist[1], 50),
			  latency_hist_percentile(&hist[0], 50));
	ck_assert_uint_le(latency_hist_percentile(&hist[1], 90),
			  latency_hist_percentile(&hist[0], 90));
}
END_TEST

Suite *compaction_suite(void);

Suite *compaction_suite(void)
{
	Suite *s = suite_create("compaction");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_defer_arithmetic);
	tcase_add_test(tc, test_should_compact_retry);
	tcase_add_test(tc, test_suitable);
	tcase_add_test(tc, test_compact_memory_fragmented);
	tcase_add_test(tc, test_compact_memory_after_fragmenter);
	tcase_add_test(tc, test_scanners_meet);
	tcase_add_test(tc, test_pinned_and_unevictable);
	tcase_add_test(tc, test_direct_compaction_captures);
	tcase_add_test(tc, test_thp_fault_compacts_when_madvised);
	tcase_add_test(tc, test_proactive_compaction);
	tcase_add_test(tc, test_proactive_latency);
	tcase_add_test(tc, test_skip_hints_set_and_reset);
	tcase_add_test(tc, test_async_skips_writeback);
	tcase_add_test(tc, test_kcompactd_woken_by_kswapd);
	tcase_add_test(tc, test_kcompactd_drains_and_defers);
	suite_add_tcase(s, tc);
	return s;
}
