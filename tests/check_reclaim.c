/*
 * tests/check_reclaim.c - the LRU lists and reclaim (mm/swap.c,
 * mm/vmscan.c, mm/vmscan_folio.c, mm/kswapd.c, mm/shrinker.c, the direct
 * reclaim of mm/page_alloc_slowpath.c): each rule of 6.1 on its own, the
 * checkers after every step.
 *
 * The machines are one 16 MiB node (4096 pages) without THP; page cache
 * comes from file mappings touched by a task, as `mmap file=` and `touch`
 * make it.  No swap is configured, so only file folios are reclaimable
 * (get_scan_count(): SCAN_FILE when get_nr_swap_pages() is 0).
 */
#include <check.h>
#include <errno.h>

#include "mm/daemon.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/sysctl.h"
#include "mm/vmscan_internal.h"
#include "mm/vmstat_counters.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"
#include "tests/verbs_fixture.h"

#define MiB	(1ull << 20)

static struct machine *boot16(void)
{
	return test_boot_node("16M", 1, TEST_K_PLAIN);
}

/* Map len bytes of the file name shared and read every page: page cache, mapped. */
static uint64_t map_file(struct machine *m, struct task_struct *t, const char *name,
			 uint64_t len, unsigned long flags)
{
	uint64_t addr = 0;

	ck_assert_int_eq(do_mmap(m, t, 0, len, PROT_READ, MAP_SHARED | flags,
				 file_lookup(m, name), 0, &addr), 0);
	proc_touch(m, t, addr, len, false);
	test_check(m);
	return addr;
}

/* Page cache of len bytes nobody maps any more (mapped, read, unmapped). */
static void cache_file(struct machine *m, struct task_struct *t, const char *name, uint64_t len)
{
	uint64_t addr = map_file(m, t, name, len, 0);

	ck_assert_int_eq(do_munmap(m, t, addr, len), 0);
	test_check(m);
}

/* Write len bytes of new anonymous memory a MiB at a time, the daemons running between. */
static void write_anon(struct machine *m, struct task_struct *t, uint64_t len)
{
	uint64_t anon = proc_mmap_anon(m, t, len);

	for (uint64_t off = 0; off < len; off += MiB) {
		proc_touch(m, t, anon + off, MiB, true);
		mm_run_daemons(m, m->clock_ns);
		test_check(m);
	}
}

static unsigned long ev(const struct machine *m, enum vm_event_item item)
{
	return m->vm_events[item];
}

/*
 * A scan control as kswapd's or a direct reclaimer's first round sets it.
 * The LRU sizes get_scan_count() reads lag by the CPUs' counter diffs,
 * which hide a few pages: fold them first (vm.stat_refresh).
 */
static struct scan_control scan(struct machine *m, bool kswapd, int priority)
{
	ck_assert_int_eq(mm_sysctl_write(m, "vm.stat_refresh", 1), 0);
	return (struct scan_control){
		.gfp_mask = GFP_KERNEL, .reclaim_idx = ZONE_NORMAL, .priority = priority,
		.nr_to_reclaim = SWAP_CLUSTER_MAX, .may_unmap = true, .may_writepage = true,
		.may_swap = true, .kswapd = kswapd,
	};
}

/*
 * folio_mark_accessed() (mm/swap.c): the first access sets
 * PG_referenced, the second moves the inactive folio to the active list
 * (folio_activate(): pgactivate) and clears PG_referenced; a third only
 * marks it again.
 */
START_TEST(test_two_touch_promotion)
{
	struct machine *m = boot16();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = map_file(m, t, "f", PAGE_SIZE, 0);
	struct page *page = proc_page_at(m, t, addr);

	ck_assert_int_eq(node_stat(m, 0, NR_INACTIVE_FILE), 1);
	folio_mark_accessed(m, page);
	test_check(m);
	ck_assert(PageFlag(page, PG_referenced) && !PageFlag(page, PG_active));
	ck_assert_uint_eq(ev(m, PGACTIVATE), 0);
	folio_mark_accessed(m, page);
	test_check(m);
	ck_assert(!PageFlag(page, PG_referenced) && PageFlag(page, PG_active));
	ck_assert_int_eq(node_stat(m, 0, NR_ACTIVE_FILE), 1);
	ck_assert_int_eq(node_stat(m, 0, NR_INACTIVE_FILE), 0);
	ck_assert_uint_eq(ev(m, PGACTIVATE), 1);
	folio_mark_accessed(m, page);
	ck_assert(PageFlag(page, PG_referenced) && PageFlag(page, PG_active));
	ck_assert_uint_eq(ev(m, PGACTIVATE), 1);
	/* folio_deactivate() (MADV_COLD): back to inactive, the mark forgotten. */
	folio_deactivate(m, page);
	test_check(m);
	ck_assert(!PageFlag(page, PG_referenced) && !PageFlag(page, PG_active));
	ck_assert_uint_eq(ev(m, PGDEACTIVATE), 1);
	test_release(m);
}
END_TEST

/*
 * inactive_is_low() (mm/vmscan.c): inactive * int_sqrt(10 * GiB) < active,
 * the ratio 1 below 1 GiB of the two lists.  Counters alone decide, so a
 * bare pg_data_t with its counters set is enough.
 */
START_TEST(test_inactive_is_low_ratio)
{
	static pg_data_t pgdat;
	const unsigned long gib = 1ul << (30 - PAGE_SHIFT);
	static const struct {
		unsigned long active, inactive;	/* pages */
		bool low;
	} cases[] = {
		{ 101, 100, true },		/* < 1 GiB: ratio 1 */
		{ 100, 100, false },
	};

	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		pgdat.vm_stat[NR_INACTIVE_FILE] = (long)cases[i].inactive;
		pgdat.vm_stat[NR_ACTIVE_FILE] = (long)cases[i].active;
		ck_assert_int_eq(inactive_is_low(&pgdat, LRU_INACTIVE_FILE), cases[i].low);
	}
	/* 1 GiB: int_sqrt(10) = 3, so a quarter inactive is just enough. */
	pgdat.vm_stat[NR_INACTIVE_FILE] = (long)(gib / 4);
	pgdat.vm_stat[NR_ACTIVE_FILE] = (long)(gib - gib / 4);
	ck_assert(!inactive_is_low(&pgdat, LRU_INACTIVE_FILE));
	pgdat.vm_stat[NR_INACTIVE_FILE] = (long)(gib / 4 - 1);
	pgdat.vm_stat[NR_ACTIVE_FILE] = (long)(gib - gib / 4 + 1);
	ck_assert(inactive_is_low(&pgdat, LRU_INACTIVE_FILE));
	/* 10 GiB: int_sqrt(100) = 10: 1 GiB inactive, 9 active is not low ... */
	pgdat.vm_stat[NR_INACTIVE_ANON] = (long)gib;
	pgdat.vm_stat[NR_ACTIVE_ANON] = (long)(9 * gib);
	ck_assert(!inactive_is_low(&pgdat, LRU_INACTIVE_ANON));
	/* ... and 0.5 GiB inactive against 9.5 GiB active is (ratio 19 needed). */
	pgdat.vm_stat[NR_INACTIVE_ANON] = (long)(gib / 2);
	pgdat.vm_stat[NR_ACTIVE_ANON] = (long)(9 * gib + gib / 2);
	ck_assert(inactive_is_low(&pgdat, LRU_INACTIVE_ANON));
}
END_TEST

/*
 * folio_check_references() with folio_referenced() (mm/vmscan.c,
 * mm/rmap.c): a mapped folio whose PTE is young is kept on its first
 * scan (nr_ref_keep), its young bit cleared and PG_referenced set; used
 * again before the next scan, it is activated; not used, it is unmapped
 * and freed.
 */
START_TEST(test_referenced_folio_kept_then_activated)
{
	struct machine *m = boot16();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = map_file(m, t, "f", 2 * PAGE_SIZE, 0);
	struct page *used = proc_page_at(m, t, addr), *idle = proc_page_at(m, t, addr + PAGE_SIZE);
	struct scan_control sc = scan(m, false, 0);

	ck_assert(pte_young(*proc_pte_at(m, t, addr)));
	shrink_node(m, NODE_DATA(m, 0), &sc);
	test_check(m);
	ck_assert_uint_eq(sc.nr_reclaimed, 0);
	ck_assert(!pte_young(*proc_pte_at(m, t, addr)));
	ck_assert(PageFlag(used, PG_referenced) && PageFlag(idle, PG_referenced));
	proc_touch(m, t, addr, PAGE_SIZE, false);	/* only the first is used again */
	sc = scan(m, false, 0);
	shrink_node(m, NODE_DATA(m, 0), &sc);
	test_check(m);
	ck_assert(PageFlag(used, PG_active) && PageFlag(used, PG_lru));
	ck_assert_int_eq(node_stat(m, 0, NR_ACTIVE_FILE), 1);
	ck_assert_uint_eq(ev(m, PGACTIVATE), 1);
	/* The idle one (referenced once, by PG_referenced alone) went. */
	ck_assert_uint_eq(sc.nr_reclaimed, 1);
	ck_assert(pte_none(*proc_pte_at(m, t, addr + PAGE_SIZE)));
	ck_assert_uint_eq(ev(m, PGSTEAL_DIRECT), 1);
	ck_assert_uint_eq(ev(m, PGSTEAL_FILE), 1);
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_PAGES), 1);
	test_release(m);
}
END_TEST

/*
 * Linux: folio_referenced_one(): a young PTE in a mapping read with
 * MADV_SEQUENTIAL (VM_SEQ_READ) is cleared but is no reference, so a
 * streamed file does not keep itself; the same folio mapped normally
 * elsewhere counts as referenced.
 */
START_TEST(test_sequential_mapping_no_reference)
{
	struct machine *m = boot16();
	struct task_struct *a = proc_spawn(m, 1), *b = proc_spawn(m, 2);
	uint64_t addr_a = map_file(m, a, "f", PAGE_SIZE, 0), addr_b;
	struct page *page = proc_page_at(m, a, addr_a);
	unsigned long vm_flags;

	ck_assert_int_eq(do_madvise(m, a, addr_a, PAGE_SIZE, MADV_SEQUENTIAL), 0);
	proc_touch(m, a, addr_a, PAGE_SIZE, false);
	ck_assert_int_eq(folio_referenced(m, page, &vm_flags), 0);
	ck_assert(!pte_young(*proc_pte_at(m, a, addr_a)));
	addr_b = map_file(m, b, "f", PAGE_SIZE, 0);
	proc_touch(m, a, addr_a, PAGE_SIZE, false);
	ck_assert_int_eq(folio_referenced(m, page, &vm_flags), 1);	/* b's PTE only */
	test_check(m);
	(void)addr_b;
	test_release(m);
}
END_TEST

/*
 * shrink_folio_list() unmaps a mapped clean folio through the rmap
 * (try_to_unmap()): every PTE of every task that maps it goes (the
 * checkers' rmap_check() holds), RSS drops, the folio leaves the page
 * cache and is freed.
 */
START_TEST(test_mapped_folio_unmapped)
{
	struct machine *m = boot16();
	struct task_struct *a = proc_spawn(m, 1), *b = proc_spawn(m, 2);
	uint64_t addr_a = map_file(m, a, "f", PAGE_SIZE, 0);
	uint64_t addr_b = map_file(m, b, "f", PAGE_SIZE, 0);
	struct page *page = proc_page_at(m, a, addr_a);
	unsigned long free_before = proc_free_pages(m), vm_flags;
	struct scan_control sc = scan(m, true, 0);

	ck_assert_ptr_eq(proc_page_at(m, b, addr_b), page);
	ck_assert_int_eq(page_mapcount(page), 2);
	ck_assert_int_eq(folio_referenced(m, page, &vm_flags), 2);	/* both young: cleared */
	test_check(m);
	shrink_node(m, NODE_DATA(m, 0), &sc);
	test_check(m);
	ck_assert_uint_eq(sc.nr_reclaimed, 1);
	ck_assert(pte_none(*proc_pte_at(m, a, addr_a)) && pte_none(*proc_pte_at(m, b, addr_b)));
	ck_assert_int_eq(a->mm->rss_stat[MM_FILEPAGES] + b->mm->rss_stat[MM_FILEPAGES], 0);
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_MAPPED), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_PAGES), 0);
	ck_assert_uint_eq(proc_free_pages(m), free_before + 1);
	ck_assert_uint_eq(ev(m, PGSTEAL_KSWAPD), 1);
	ck_assert_uint_eq(ev(m, PGSCAN_KSWAPD), 1);
	/* Read again: a major fault brings a new page into the cache. */
	proc_touch(m, a, addr_a, PAGE_SIZE, false);
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_PAGES), 1);
	test_release(m);
}
END_TEST

/*
 * A dirty file folio is written by kswapd only (6.1's shrink_folio_list()):
 * direct reclaim activates it and marks it PG_reclaim
 * (nr_vmscan_immediate_reclaim); without a writepage for the mapping,
 * pageout() activates it too (PAGE_ACTIVATE), so it stays cached.
 */
START_TEST(test_dirty_file_folio_not_reclaimed)
{
	struct machine *m = boot16();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = 0;
	struct page *page;
	struct scan_control sc;

	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
				 file_lookup(m, "f"), 0, &addr), 0);
	proc_touch(m, t, addr, PAGE_SIZE, true);
	page = proc_page_at(m, t, addr);
	ck_assert_int_eq(do_munmap(m, t, addr, PAGE_SIZE), 0);
	ck_assert(PageFlag(page, PG_dirty));
	test_check(m);
	sc = scan(m, false, 0);
	shrink_node(m, NODE_DATA(m, 0), &sc);
	test_check(m);
	ck_assert_uint_eq(sc.nr_reclaimed, 0);
	ck_assert(PageFlag(page, PG_active) && PageFlag(page, PG_reclaim));
	ck_assert_int_eq(node_stat(m, 0, NR_VMSCAN_IMMEDIATE_RECLAIM), 1);
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_PAGES), 1);
	test_release(m);
}
END_TEST

/*
 * kswapd (mm/kswapd.c): an allocation below the low watermark wakes it;
 * balance_pgdat() reclaims clean page cache until the zone meets its high
 * watermark (pageoutrun, pgsteal_kswapd), then it naps HZ/10 and, still
 * balanced, sleeps (mm_vmscan_kswapd_sleep).
 */
START_TEST(test_kswapd_reclaims_to_high_then_sleeps)
{
	struct machine *m = boot16();
	struct task_struct *t = proc_spawn(m, 1);
	struct zone *z = test_normal0(m);
	pg_data_t *pgdat = NODE_DATA(m, 0);
	struct test_ev_log log;

	cache_file(m, t, "f", 8 * MiB);
	test_ev_attach(m, &log, MM_EV_BIT(MM_EV_mm_vmscan_kswapd_wake) |
				MM_EV_BIT(MM_EV_mm_vmscan_kswapd_sleep));
	while (!kswapd_woken(pgdat))
		ck_assert_ptr_nonnull(alloc_pages_node(m, 0, GFP_KERNEL, 0));
	ck_assert_uint_le(zone_free_pages(z), low_wmark_pages(z));
	test_check(m);
	ck_assert(kswapd_woken(pgdat));
	mm_run_daemons(m, m->clock_ns);
	test_check(m);
	ck_assert_uint_ge(zone_free_pages(z), high_wmark_pages(z));
	ck_assert_uint_gt(ev(m, PGSTEAL_KSWAPD), 0);
	ck_assert_uint_eq(ev(m, PAGEOUTRUN), 1);
	ck_assert_uint_eq(ev(m, ALLOCSTALL_NORMAL), 0);
	ck_assert(!kswapd_woken(pgdat) && pgdat->kswapd_napping);
	ck_assert_uint_eq(log.n, 1);
	ck_assert_int_eq(log.ev[0].id, MM_EV_mm_vmscan_kswapd_wake);
	mm_run_daemons(m, m->clock_ns + NSEC_PER_SEC / 10);
	test_check(m);
	ck_assert(!mm_daemon_pending(&pgdat->kswapd));
	ck_assert_uint_eq(log.n, 2);
	ck_assert_int_eq(log.ev[1].id, MM_EV_mm_vmscan_kswapd_sleep);
	ck_assert_uint_eq(ev(m, KSWAPD_LOW_WMARK_HIT_QUICKLY) +
			  ev(m, KSWAPD_HIGH_WMARK_HIT_QUICKLY), 0);
	test_release(m);
}
END_TEST

/*
 * kswapd_try_to_sleep(): woken again during its nap, kswapd counts
 * kswapd_low_wmark_hit_quickly and reclaims at once.
 */
START_TEST(test_kswapd_low_wmark_hit_quickly)
{
	struct machine *m = boot16();
	struct task_struct *t = proc_spawn(m, 1);
	struct zone *z = test_normal0(m);
	pg_data_t *pgdat = NODE_DATA(m, 0);

	cache_file(m, t, "f", 12 * MiB);
	for (int round = 0; round < 2; round++) {
		while (!kswapd_woken(pgdat))
			ck_assert_ptr_nonnull(alloc_pages_node(m, 0, GFP_KERNEL, 0));
		ck_assert_uint_le(zone_free_pages(z), low_wmark_pages(z));
		mm_run_daemons(m, m->clock_ns);
		test_check(m);
	}
	ck_assert_uint_eq(ev(m, KSWAPD_LOW_WMARK_HIT_QUICKLY), 1);
	ck_assert_uint_eq(ev(m, PAGEOUTRUN), 2);
	test_release(m);
}
END_TEST

/*
 * Direct reclaim (__alloc_pages_direct_reclaim(), try_to_free_pages()):
 * once GFP_NOWAIT (no direct reclaim) fails, a GFP_KERNEL allocation
 * reclaims for itself,
 * counting allocstall_normal and pgsteal_direct, and succeeds; the
 * reclaim scanning advanced the simulated clock.
 */
START_TEST(test_direct_reclaim_counts_stall)
{
	struct machine *m = boot16();
	struct task_struct *t = proc_spawn(m, 1);
	struct zone *z = test_normal0(m);
	uint64_t before;

	cache_file(m, t, "f", 8 * MiB);
	while (alloc_pages_node(m, 0, GFP_NOWAIT | __GFP_NOWARN, 0))
		;
	test_check(m);
	ck_assert_uint_le(zone_free_pages(z), low_wmark_pages(z));
	before = m->clock_ns;
	ck_assert_ptr_nonnull(alloc_pages_node(m, 0, GFP_KERNEL, 0));
	test_check(m);
	ck_assert_uint_eq(ev(m, ALLOCSTALL_NORMAL), 1);
	ck_assert_uint_ge(ev(m, PGSTEAL_DIRECT), SWAP_CLUSTER_MAX);
	ck_assert_uint_eq(ev(m, PGSTEAL_KSWAPD), 0);
	ck_assert_uint_gt(m->clock_ns, before);
	test_release(m);
}
END_TEST

/*
 * Without direct reclaim (GFP_ATOMIC) the slow path cannot reclaim: the
 * same allocation below min fails, no stall counted.
 */
START_TEST(test_atomic_does_not_reclaim)
{
	struct machine *m = boot16();
	struct task_struct *t = proc_spawn(m, 1);

	cache_file(m, t, "f", 8 * MiB);
	while (alloc_pages_node(m, 0, GFP_ATOMIC | __GFP_NOWARN, 0))
		;
	test_check(m);
	ck_assert_uint_eq(ev(m, ALLOCSTALL_NORMAL), 0);
	ck_assert_uint_eq(ev(m, PGSTEAL_DIRECT), 0);
	ck_assert_int_gt(node_stat(m, 0, NR_FILE_PAGES), 0);
	test_release(m);
}
END_TEST

/*
 * A page-cache-heavy machine: 12 MiB of a 16 MiB node are file pages a
 * task maps; the task then writes 12 MiB of anonymous memory.  Every
 * fault succeeds: reclaim (direct and kswapd) frees the clean file pages,
 * unmapping them.  The file pages not reclaimed are still mapped where
 * they were.
 */
START_TEST(test_page_cache_gives_way_to_anon)
{
	struct machine *m = boot16();
	struct task_struct *t = proc_spawn(m, 1);

	map_file(m, t, "f", 12 * MiB, 0);
	write_anon(m, t, 12 * MiB);
	ck_assert_uint_eq(m->proc_stats.fault_oom, 0);
	ck_assert_int_eq(t->mm->rss_stat[MM_ANONPAGES], (long)(12 * MiB / PAGE_SIZE));
	ck_assert_uint_gt(ev(m, PGSTEAL_FILE), 0);
	ck_assert_int_lt(node_stat(m, 0, NR_FILE_PAGES), (long)(4 * MiB / PAGE_SIZE));
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_MAPPED), t->mm->rss_stat[MM_FILEPAGES]);
	test_release(m);
}
END_TEST

/*
 * mlocked folios are never reclaimed: they sit on the unevictable list,
 * which reclaim does not scan.  Under the same pressure as above, the 2
 * MiB of a locked file mapping keep their pages.
 */
START_TEST(test_mlocked_never_reclaimed)
{
	struct machine *m = boot16();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t locked = map_file(m, t, "locked", 2 * MiB, MAP_LOCKED);
	struct page *first = proc_page_at(m, t, locked);

	map_file(m, t, "f", 8 * MiB, 0);
	ck_assert_int_eq(node_stat(m, 0, NR_UNEVICTABLE), (long)(2 * MiB / PAGE_SIZE));
	write_anon(m, t, 10 * MiB);
	ck_assert_uint_gt(ev(m, PGSTEAL_FILE), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_UNEVICTABLE), (long)(2 * MiB / PAGE_SIZE));
	ck_assert_ptr_eq(proc_page_at(m, t, locked), first);
	for (uint64_t off = 0; off < 2 * MiB; off += PAGE_SIZE)
		ck_assert(PageFlag(proc_page_at(m, t, locked + off), PG_mlocked));
	test_release(m);
}
END_TEST

/*
 * wp_page_copy() (mm/memory.c) holds a reference on the page it copies
 * and checks the PTE after allocating (pte_same()): when that
 * allocation's direct reclaim unmapped the page (the oldest on the
 * inactive list), the fault is retried and, finding no PTE, copies the
 * file page in do_cow_fault().  The privately mapped file page has
 * been seen (young bit cleared, PG_referenced set), so reclaim takes it.
 */
START_TEST(test_cow_retried_when_reclaim_took_the_page)
{
	struct machine *m = boot16();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = 0;
	unsigned long vm_flags;
	struct page *old;

	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE,
				 file_lookup(m, "f"), 0, &addr), 0);
	proc_touch(m, t, addr, PAGE_SIZE, false);
	old = proc_page_at(m, t, addr);
	ck_assert_int_eq(folio_referenced(m, old, &vm_flags), 1);
	SetPageFlag(old, PG_referenced);
	cache_file(m, t, "g", 8 * MiB);
	while (alloc_pages_node(m, 0, GFP_NOWAIT | __GFP_NOWARN, 0))
		;
	test_check(m);
	proc_touch(m, t, addr, PAGE_SIZE, true);
	test_check(m);
	ck_assert_uint_gt(ev(m, ALLOCSTALL_MOVABLE), 0);
	/* wp_page_copy() gave up; the retried fault found no PTE: do_cow_fault(). */
	ck_assert_uint_eq(m->proc_stats.cow_copies, 0);
	ck_assert(PageAnon(proc_page_at(m, t, addr)));
	ck_assert_int_eq(t->mm->rss_stat[MM_ANONPAGES], 1);
	ck_assert_int_eq(t->mm->rss_stat[MM_FILEPAGES], 0);
	test_release(m);
}
END_TEST

/* ---- shrinkers ---- */

static unsigned long fake_freeable, fake_scanned, fake_calls;

static unsigned long fake_count(struct machine *m, struct shrink_control *sc)
{
	(void)m;
	(void)sc;
	return fake_freeable;
}

static unsigned long fake_scan(struct machine *m, struct shrink_control *sc)
{
	(void)m;
	fake_calls++;
	fake_scanned += sc->nr_to_scan;
	return sc->nr_to_scan / 2;	/* frees half of what it scans */
}

static const struct shrinker fake_shrinker = {
	.name = "fake", .count_objects = fake_count, .scan_objects = fake_scan,
	.seeks = DEFAULT_SEEKS,
};

static const struct shrinker cheap_shrinker = {
	.name = "cheap", .count_objects = fake_count, .scan_objects = fake_scan,
	.seeks = 0, .batch = 100,
};

static unsigned int register_fake(struct machine *m, const struct shrinker *s)
{
	fake_freeable = fake_scanned = fake_calls = 0;
	ck_assert_int_eq(register_shrinker(m, s), 0);
	return m->nr_shrinkers - 1;
}

/*
 * do_shrink_slab() (mm/vmscan.c): delta = (freeable >> priority) * 4 /
 * seeks; total_scan = (deferred >> priority) + delta, at most 2 *
 * freeable; batches of 128 while total_scan >= 128 (or the whole cache
 * is to go); what is left of deferred + delta carries to the next call.
 * Not NUMA aware: node 1's call defers into node 0's slot.
 *   1000 objects, priority 2: delta 500, scans 3 x 128 = 384, defers 116;
 *   next call: total 29 + 500 = 529, scans 4 x 128 = 512, defers
 *   116 + 500 - 512 = 104.
 */
START_TEST(test_shrink_slab_delta_and_deferral)
{
	struct machine *m = test_boot_node_pair("16M", "16M", TEST_K_PLAIN);
	unsigned int i = register_fake(m, &fake_shrinker);

	fake_freeable = 1000;
	ck_assert_uint_eq(shrink_slab(m, GFP_KERNEL, 0, 2), 384 / 2);
	ck_assert_uint_eq(fake_calls, 3);
	ck_assert_uint_eq(ev(m, SLABS_SCANNED), 384);
	ck_assert_int_eq(m->shrinker_nr_deferred[i][0], 116);
	fake_scanned = 0;
	shrink_slab(m, GFP_KERNEL, 1, 2);
	ck_assert_uint_eq(fake_scanned, 512);
	ck_assert_int_eq(m->shrinker_nr_deferred[i][0], 104);
	ck_assert_int_eq(m->shrinker_nr_deferred[i][1], 0);
	/* DEF_PRIORITY on a small cache: (1000 >> 12) = 0 new work, 104 >> 12 = 0. */
	fake_scanned = 0;
	shrink_slab(m, GFP_KERNEL, 0, DEF_PRIORITY);
	ck_assert_uint_eq(fake_scanned, 0);
	ck_assert_int_eq(m->shrinker_nr_deferred[i][0], 104);
	test_release(m);
}
END_TEST

/*
 * do_shrink_slab() for seeks 0 ("cheap to recreate"): delta is half the
 * cache whatever the priority; a total below the batch is scanned when
 * it covers the whole cache (total_scan >= freeable).
 */
START_TEST(test_shrink_slab_cheap_objects)
{
	struct machine *m = boot16();
	unsigned int i = register_fake(m, &cheap_shrinker);

	fake_freeable = 150;	/* delta 75 < batch 100: nothing this time */
	shrink_slab(m, GFP_KERNEL, 0, DEF_PRIORITY);
	ck_assert_uint_eq(fake_scanned, 0);
	ck_assert_int_eq(m->shrinker_nr_deferred[i][0], 75);
	fake_freeable = 60;	/* delta 30, total min(0 + 30, 120) = 30 < 60 */
	shrink_slab(m, GFP_KERNEL, 0, DEF_PRIORITY);
	ck_assert_uint_eq(fake_scanned, 0);
	ck_assert_int_eq(m->shrinker_nr_deferred[i][0], 105);	/* 75 + 30, cap 120 */
	m->shrinker_nr_deferred[i][0] = 0;
	fake_freeable = 4;	/* priority 0: delta 2, total 2 < 4: still nothing */
	shrink_slab(m, GFP_KERNEL, 0, 0);
	ck_assert_uint_eq(fake_scanned, 0);
	m->shrinker_nr_deferred[i][0] = 8;	/* 8 >> 0 + 2 = 10, capped at 8 >= 4: scan */
	shrink_slab(m, GFP_KERNEL, 0, 0);
	ck_assert_uint_eq(fake_scanned, 8);
	test_release(m);
}
END_TEST

/*
 * drop_slab() -> drop_slab_node() (mm/vmscan.c): priority 0 rounds on
 * each node until a round frees no more than 2^round objects.  The fake
 * cache reports 1000 objects whatever it frees and frees half of what it
 * scans: each round's total is 2 x 1000 (delta 4000 / seeks 2, capped),
 * scanned in 15 batches of 128 (1920; the 80 left are deferred), freeing
 * 960; 960 >> 9 = 1 ends the loop after the tenth round.
 */
START_TEST(test_drop_slab_rounds)
{
	struct machine *m = boot16();

	register_fake(m, &fake_shrinker);
	fake_freeable = 1000;
	drop_slab(m);
	ck_assert_uint_eq(ev(m, DROP_SLAB), 1);
	ck_assert_uint_eq(fake_scanned, 10 * 1920ul);
	test_release(m);
}
END_TEST

/*
 * vm.swappiness and vm.vfs_cache_pressure: the kernel's ranges (0..200,
 * >= 0); vfs_pressure_ratio() is mult_frac(count, pressure, 100).
 */
START_TEST(test_reclaim_sysctls)
{
	struct machine *m = boot16();

	ck_assert_int_eq(m->vm.swappiness, 60);
	ck_assert_int_eq(m->vm.vfs_cache_pressure, 100);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.swappiness", 200), 0);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.swappiness", 201), -EINVAL);
	ck_assert_int_eq(m->vm.swappiness, 200);
	ck_assert_uint_eq(vfs_pressure_ratio(m, 1234), 1234);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.vfs_cache_pressure", 150), 0);
	ck_assert_uint_eq(vfs_pressure_ratio(m, 1234), 1851);	/* 12 * 150 + 34 * 150 / 100 */
	ck_assert_int_eq(mm_sysctl_write(m, "vm.vfs_cache_pressure", -1), -EINVAL);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.vfs_cache_pressure", 0), 0);
	ck_assert_uint_eq(vfs_pressure_ratio(m, 1234), 0);
	test_release(m);
}
END_TEST

/* The two sysctls out of range in a trace: FILE:LINE errors. */
START_TEST(test_reclaim_sysctl_errors)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "sysctl vm.swappiness=0 vm.vfs_cache_pressure=1000\n");
	expect_bad(&fx, "sysctl vm.swappiness=201\n",
		   "t.trace:2: value 201 out of range for vm.swappiness");
	expect_bad(&fx, "sysctl vm.vfs_cache_pressure=-1\n",
		   "t.trace:2: value -1 out of range for vm.vfs_cache_pressure");
	fx_release(&fx);
}
END_TEST

/*
 * The engine end to end: file mappings read with `touch`, then anonymous
 * memory written beyond what is free; the replay runs to the end with
 * the checkers after every event.
 */
START_TEST(test_engine_page_cache_pressure)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 len=12M file=data shared prot=r id=f\n"
		    "touch pid=1 addr=@f len=12M\n"
		    "mmap pid=1 len=12M id=a\n"
		    "touch pid=1 addr=@a len=12M write\n");
	ck_assert_uint_eq(fx.m->proc_stats.fault_oom, 0);
	ck_assert_uint_gt(fx.m->vm_events[PGSTEAL_FILE], 0);
	fx_release(&fx);
}
END_TEST

Suite *reclaim_suite(void);	/* collected into the runner by the Makefile */
Suite *reclaim_suite(void)
{
	Suite *s = suite_create("reclaim");
	TCase *tc = tcase_create("lru");

	tcase_add_test(tc, test_two_touch_promotion);
	tcase_add_test(tc, test_sequential_mapping_no_reference);
	tcase_add_test(tc, test_inactive_is_low_ratio);
	tcase_add_test(tc, test_referenced_folio_kept_then_activated);
	tcase_add_test(tc, test_mapped_folio_unmapped);
	tcase_add_test(tc, test_dirty_file_folio_not_reclaimed);
	tcase_add_test(tc, test_kswapd_reclaims_to_high_then_sleeps);
	tcase_add_test(tc, test_kswapd_low_wmark_hit_quickly);
	tcase_add_test(tc, test_direct_reclaim_counts_stall);
	tcase_add_test(tc, test_atomic_does_not_reclaim);
	tcase_add_test(tc, test_page_cache_gives_way_to_anon);
	tcase_add_test(tc, test_mlocked_never_reclaimed);
	tcase_add_test(tc, test_cow_retried_when_reclaim_took_the_page);
	suite_add_tcase(s, tc);
	tc = tcase_create("shrinker");
	tcase_add_test(tc, test_shrink_slab_delta_and_deferral);
	tcase_add_test(tc, test_shrink_slab_cheap_objects);
	tcase_add_test(tc, test_drop_slab_rounds);
	tcase_add_test(tc, test_reclaim_sysctls);
	tcase_add_test(tc, test_reclaim_sysctl_errors);
	tcase_add_test(tc, test_engine_page_cache_pressure);
	suite_add_tcase(s, tc);
	return s;
}
