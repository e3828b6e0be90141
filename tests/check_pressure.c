/*
 * tests/check_pressure.c - memory pressure end to end: traces replayed by
 * the engine with every checker after every event, on machines several
 * times smaller than what the trace asks for.  Each scenario brings the
 * pieces of docs/reclaim.md together (kswapd and direct reclaim, page
 * cache writeback, swap, the slab shrinkers, mlock, the OOM killer) and
 * asserts what Linux 6.1 does there.
 *
 * The machines are one node of 64 MiB with two CPUs, THP off.  The last
 * tests are MADV_COLD and MADV_PAGEOUT (mm/madvise.c), reclaim on request.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/slab.h"
#include "mm/swap.h"
#include "mm/sysctl.h"
#include "mm/vmstat_counters.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"
#include "tests/verbs_fixture.h"

#define MiB		(1ull << 20)
#define K_SWAP128	K_PLAIN ", \"swap\": [{\"size\": \"128M\"}]"
#define K_SWAP256	K_PLAIN ", \"swap\": [{\"size\": \"256M\"}]"

static unsigned long ev(const struct fx *fx, enum vm_event_item item)
{
	return fx->m->vm_events[item];
}

/* A trace body built line by line (the scenarios repeat a verb per MiB). */
struct body {
	char *text;
	size_t len, cap;
};

static void add(struct body *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->text + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		ck_assert_int_ge(n, 0);
		if (b->len + (size_t)n < b->cap)
			break;
		b->cap = 2 * (b->cap + (size_t)n) + 4096;
		b->text = realloc(b->text, b->cap);
		ck_assert_ptr_nonnull(b->text);
	}
	b->len += (size_t)n;
}

/* Replay b (the checkers after every event), then forget it. */
static void run_body(struct fx *fx, struct body *b)
{
	run_ok(fx, b->text ? b->text : "");
	free(b->text);
	*b = (struct body){ 0 };
}

/* Nothing failed on the way: no OOM kill, no fault without memory. */
static void expect_no_oom(const struct fx *fx)
{
	ck_assert_uint_eq(fx->m->oom.nr_kills, 0);
	ck_assert_uint_eq(fx->m->oom.no_killable, 0);
	ck_assert_uint_eq(fx->m->proc_stats.fault_oom, 0);
}

/* pid writes len bytes of anonymous memory at @name a MiB per event. */
static void add_anon_writes(struct body *b, int pid, const char *name, uint64_t len)
{
	add(b, "mmap pid=%d len=%llu id=%s\n", pid, (unsigned long long)len, name);
	for (uint64_t off = 0; off < len; off += MiB)
		add(b, "touch pid=%d addr=@%s+%llu len=1M write\n", pid, name,
		    (unsigned long long)off);
}

/*
 * a. A page cache stream three times the machine: 96 MiB written, then
 * read back, then another 96 MiB file read, a MiB per call.  Linux:
 * wakeup_kswapd() from the allocator below the low watermark,
 * balance_pgdat() reclaiming the clean inactive file folios
 * (shrink_folio_list(), pgsteal_kswapd), balance_dirty_pages() and the
 * flusher (wb_writeback()) writing the dirty ones back so that reclaim
 * finds them clean.  Nothing fails and nobody is killed.
 */
START_TEST(test_page_cache_stream)
{
	struct fx fx;
	struct body b = { 0 };

	fx_boot(&fx, "64M", K_PLAIN);
	add(&b, "spawn pid=1\n");
	for (uint64_t off = 0; off < 96 * MiB; off += MiB)
		add(&b, "write pid=1 file=w off=%llu len=1M\n", (unsigned long long)off);
	for (uint64_t off = 0; off < 96 * MiB; off += MiB)
		add(&b, "read pid=1 file=w off=%llu len=1M\n", (unsigned long long)off);
	add(&b, "truncate pid=1 file=r len=96M\n");
	for (uint64_t off = 0; off < 96 * MiB; off += MiB)
		add(&b, "read pid=1 file=r off=%llu len=1M\n", (unsigned long long)off);
	run_body(&fx, &b);
	ck_assert_uint_gt(ev(&fx, PGSTEAL_KSWAPD), 0);
	ck_assert_uint_gt(ev(&fx, PGSTEAL_FILE), 0);
	for (int order = 0; order < MAX_ORDER; order++)
		ck_assert_uint_eq(fx.m->stats.alloc_fail[order], 0);
	expect_no_oom(&fx);
	/* Every page written reached the disk or is still dirty in the cache. */
	ck_assert_uint_ge(node_stat(fx.m, 0, NR_WRITTEN), (long)(64 * MiB / PAGE_SIZE));
	ck_assert_int_eq(node_stat(fx.m, 0, NR_WRITTEN) + node_stat(fx.m, 0, NR_FILE_DIRTY)
			 + node_stat(fx.m, 0, NR_WRITEBACK), (long)(96 * MiB / PAGE_SIZE));
	fx_release(&fx);
}
END_TEST

/* The PTE of pid's addr, present or not. */
static pte_t *any_pte_at(struct fx *fx, int pid, uint64_t addr)
{
	pmd_t *pmd;
	pte_t *pte = follow_pte(fx->m, task(fx, pid)->mm, addr, &pmd);

	ck_assert_msg(pte != NULL, "no page table at 0x%llx", (unsigned long long)addr);
	return pte;
}

/*
 * b. 96 MiB of anonymous memory written on the 64 MiB machine with 256
 * MiB of swap (never half full, so vm_swap_full() frees no slot at
 * swap-in: should_try_to_free_swap()): reclaim swaps the oldest pages out (add_to_swap(),
 * try_to_unmap() leaving a swap entry in the PTE, pageout(): pswpout).
 * Reading them again faults them in (do_swap_page(): pgmajfault, pswpin)
 * and the PTE maps the swap cache folio of the very slot the page left
 * under, with the index of its place in the mapping (page_add_anon_rmap()
 * of the same anon_vma).
 */
START_TEST(test_anon_swap_out_and_in)
{
	enum { NR = 96 * MiB / PAGE_SIZE };
	struct fx fx;
	struct body b = { 0 };
	swp_entry_t *slot = calloc(NR, sizeof(*slot));
	uint64_t addr;
	unsigned long swapped = 0, maj;
	const struct vm_area_struct *vma;

	fx_boot(&fx, "64M", K_SWAP256);
	add(&b, "spawn pid=1\n");
	add_anon_writes(&b, 1, "a", 96 * MiB);
	run_body(&fx, &b);
	expect_no_oom(&fx);
	ck_assert_uint_gt(ev(&fx, PSWPOUT), 0);
	addr = addr_of(&fx, "a");
	vma = vma_at(&fx, 1, addr);
	for (unsigned long i = 0; i < NR; i++) {
		pte_t pte = *any_pte_at(&fx, 1, addr + i * PAGE_SIZE);

		if (is_swap_entry_pte(pte)) {
			slot[i] = pte_to_swp_entry(pte);
			swapped++;
		}
	}
	ck_assert_uint_gt(swapped, 0);
	ck_assert_int_eq(anon_rss(&fx, 1) + task(&fx, 1)->mm->rss_stat[MM_SWAPENTS], NR);
	ck_assert(!vm_swap_full(fx.m));
	maj = ev(&fx, PGMAJFAULT);
	/* Read back the first 8 MiB, the oldest, swapped first. */
	run_ok(&fx, "touch pid=1 addr=@a len=8M\n");
	ck_assert_uint_gt(ev(&fx, PSWPIN), 0);
	ck_assert_uint_gt(ev(&fx, PGMAJFAULT), maj);
	for (unsigned long i = 0; i < 8 * MiB / PAGE_SIZE; i++) {
		struct page *page;

		if (!slot[i].val)
			continue;
		page = page_at(&fx, 1, addr + i * PAGE_SIZE);
		ck_assert(PageAnon(page));
		ck_assert_msg(folio_test_swapcache(page), "page %lu left the swap cache", i);
		ck_assert_uint_eq(folio_swap_entry(page).val, slot[i].val);
		ck_assert_uint_eq(page->index, (uint32_t)(vma->vm_pgoff + i));
	}
	expect_no_oom(&fx);
	free(slot);
	fx_release(&fx);
}
END_TEST

/*
 * c. Unused dentries (8 MiB of them) and then page cache pressure: the
 * superblock shrinker runs from shrink_node()'s shrink_slab() in kswapd
 * and direct reclaim, do_shrink_slab() scanning a share of the cache at
 * each priority (slabs_scanned) and super_cache_scan() freeing dentries.
 * drop_caches is never written.
 */
START_TEST(test_slab_shrinks_under_pressure)
{
	enum { NR_DENTRIES = 8 * 21 * 256 };	/* 21 in a page: 8 MiB */
	struct fx fx;
	struct body b = { 0 };
	unsigned long before;

	fx_boot(&fx, "64M", K_PLAIN);
	for (int i = 0; i < NR_DENTRIES; i++)
		add(&b, "cache_alloc cache=dentry id=d%d\n", i);
	run_body(&fx, &b);
	before = slab_lru_count(fx.m, SLAB_LRU_DENTRY, 0);
	ck_assert_uint_eq(before, NR_DENTRIES);
	ck_assert_uint_eq(ev(&fx, SLABS_SCANNED), 0);
	add(&b, "spawn pid=1\ntruncate pid=1 file=r len=192M\n");
	for (uint64_t off = 0; off < 192 * MiB; off += MiB)
		add(&b, "read pid=1 file=r off=%llu len=1M\n", (unsigned long long)off);
	run_body(&fx, &b);
	ck_assert_uint_gt(ev(&fx, PGSTEAL_KSWAPD) + ev(&fx, PGSTEAL_DIRECT), 0);
	ck_assert_uint_gt(ev(&fx, SLABS_SCANNED), 0);
	ck_assert_uint_lt(slab_lru_count(fx.m, SLAB_LRU_DENTRY, 0), before);
	ck_assert_uint_gt(fx.m->slab->stats.reclaimed, 0);
	expect_no_oom(&fx);
	fx_release(&fx);
}
END_TEST

/*
 * d. 8 MiB of anonymous memory mlocked, then 96 MiB more written with
 * swap to go to: the locked folios sit on the unevictable list, which
 * shrink_lruvec() never scans, and try_to_unmap() would stop at a
 * VM_LOCKED VMA anyway.  Every locked page stays where it was, mlocked,
 * never swapped.
 */
START_TEST(test_mlocked_stay_resident)
{
	enum { NR_LOCKED = 8 * MiB / PAGE_SIZE };
	struct fx fx;
	struct body b = { 0 };
	struct page **first = calloc(NR_LOCKED, sizeof(*first));
	uint64_t locked;

	fx_boot(&fx, "64M", K_SWAP128);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 len=8M id=l\n"
		    "touch pid=1 addr=@l len=8M write\n"
		    "mlock pid=1 addr=@l len=8M\n");
	locked = addr_of(&fx, "l");
	/* Fold the CPUs' counter diffs first: meminfo reads the shared counters. */
	ck_assert_int_eq(mm_sysctl_write(fx.m, "vm.stat_refresh", 1), 0);
	for (unsigned long i = 0; i < NR_LOCKED; i++)
		first[i] = page_at(&fx, 1, locked + i * PAGE_SIZE);
	ck_assert_int_eq(test_meminfo_kb(fx.m, "Mlocked:"), 8 * 1024);
	add_anon_writes(&b, 1, "a", 96 * MiB);
	run_body(&fx, &b);
	ck_assert_uint_gt(ev(&fx, PSWPOUT), 0);
	for (unsigned long i = 0; i < NR_LOCKED; i++) {
		struct page *page = page_at(&fx, 1, locked + i * PAGE_SIZE);

		ck_assert_ptr_eq(page, first[i]);
		ck_assert(PageFlag(page, PG_mlocked));
		ck_assert(!folio_test_swapcache(page));
	}
	ck_assert_int_eq(mm_sysctl_write(fx.m, "vm.stat_refresh", 1), 0);
	ck_assert_int_eq(test_meminfo_kb(fx.m, "Mlocked:"), 8 * 1024);
	expect_no_oom(&fx);
	free(first);
	fx_release(&fx);
}
END_TEST

/*
 * e. No swap, no page cache: tasks of 8, 24 and 16 MiB, then a fourth
 * writing 24 MiB more than the 64 MiB machine holds.  Reclaim finds
 * nothing (get_scan_count(): no swap, no file folios), so
 * __alloc_pages_may_oom() calls out_of_memory(), and select_bad_process()
 * takes the task of the highest oom_badness(): the 24 MiB one, not the
 * allocating task, which holds less at that moment.  The writer then
 * finishes.
 */
START_TEST(test_oom_kills_largest)
{
	struct fx fx;
	struct body b = { 0 };
	const struct oom_kill *k;

	fx_boot(&fx, "64M", K_PLAIN);
	add(&b, "spawn pid=1\nspawn pid=2\nspawn pid=3\nspawn pid=4\n"
		"oom_expect pid=2\noom_expect pid=3\noom_expect pid=4\n");
	add_anon_writes(&b, 2, "a2", 8 * MiB);
	add_anon_writes(&b, 3, "a3", 24 * MiB);
	add_anon_writes(&b, 4, "a4", 16 * MiB);
	add(&b, "spawn pid=5\n");
	add_anon_writes(&b, 5, "a5", 24 * MiB);
	run_body(&fx, &b);
	ck_assert_uint_eq(fx.m->oom.nr_kills, 1);
	k = &fx.m->oom.kills[0];
	ck_assert_int_eq(k->pid, 3);
	ck_assert_uint_ge(k->anon_rss_kb, 24 * 1024);
	ck_assert_uint_eq(ev(&fx, OOM_KILL), 1);
	ck_assert_uint_eq(ev(&fx, PGSTEAL_KSWAPD) + ev(&fx, PGSTEAL_DIRECT), 0);
	ck_assert_ptr_null(find_task_by_pid(fx.m, 3));
	ck_assert_int_eq(anon_rss(&fx, 5), (long)(24 * MiB / PAGE_SIZE));
	ck_assert_uint_eq(fx.m->proc_stats.fault_oom, 0);
	fx_release(&fx);
}
END_TEST

/*
 * kswapd and writeback: anonymous memory written faster than the swap
 * device takes it.  Once a kswapd round finds only folios under
 * writeback (PGDAT_WRITEBACK) and meets them again, marked PG_reclaim,
 * still being written (shrink_folio_list(): nr_immediate), shrink_node()
 * throttles it (reclaim_throttle(), VMSCAN_THROTTLE_WRITEBACK) until a
 * batch is written or HZ/10 passed, instead of scanning the same folios
 * round after round.  Its scans per reclaimed page stay low (unthrottled
 * it scanned hundreds per page), and the throttle never moves the clock:
 * kswapd runs as a daemon, re-armed for later.
 */
START_TEST(test_kswapd_throttled_on_writeback)
{
	struct fx fx;
	struct body b = { 0 };
	uint64_t clock_ns;

	fx_boot(&fx, "64M", K_SWAP256);
	add(&b, "spawn pid=1\n");
	add_anon_writes(&b, 1, "a", 160 * MiB);
	run_body(&fx, &b);
	expect_no_oom(&fx);
	ck_assert_uint_gt(fx.m->stats.kswapd_throttled, 0);
	ck_assert_uint_gt(ev(&fx, PGSTEAL_KSWAPD), 0);
	ck_assert_uint_lt(ev(&fx, PGSCAN_KSWAPD), 16 * ev(&fx, PGSTEAL_KSWAPD));
	/* A throttled kswapd's run ends where it started: only scanning costs time. */
	clock_ns = fx.m->clock_ns;
	if (NODE_DATA(fx.m, 0)->kswapd_throttled)
		ck_assert_uint_gt(NODE_DATA(fx.m, 0)->kswapd.next_ns, clock_ns);
	fx_release(&fx);
}
END_TEST

/* ==================== MADV_COLD and MADV_PAGEOUT ==================== */

/* Is every page of pid's [addr, addr + len) present (or, !present, a swap entry)? */
static bool all_pages(struct fx *fx, int pid, uint64_t addr, uint64_t len, bool present)
{
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		pte_t pte = *any_pte_at(fx, pid, addr + off);

		if (present ? !pte_present(pte) : !is_swap_entry_pte(pte))
			return false;
	}
	return true;
}

/*
 * madvise_pageout() on a private file mapping read in: the folios, mapped
 * here alone (madvise_cold_or_pageout_pte_range(): mapcount 1), are
 * isolated and reclaim_pages() runs shrink_folio_list() on them:
 * try_to_unmap() and __remove_mapping() drop the clean page cache.
 */
START_TEST(test_pageout_drops_file_pages)
{
	struct fx fx;
	long before;

	fx_boot(&fx, "64M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 len=4M file=f prot=r id=f\n"
		    "touch pid=1 addr=@f len=4M\n");
	ck_assert_int_eq(mm_sysctl_write(fx.m, "vm.stat_refresh", 1), 0);
	before = node_stat(fx.m, 0, NR_FILE_PAGES);
	ck_assert_int_ge(before, (long)(4 * MiB / PAGE_SIZE));
	run_ok(&fx, "madvise pid=1 addr=@f len=4M advice=pageout\n");
	ck_assert_int_eq(mm_sysctl_write(fx.m, "vm.stat_refresh", 1), 0);
	ck_assert_int_eq(node_stat(fx.m, 0, NR_FILE_PAGES), before - (long)(4 * MiB / PAGE_SIZE));
	ck_assert_ptr_null(pte_at(&fx, 1, addr_of(&fx, "f")));
	ck_assert_int_eq(task(&fx, 1)->mm->rss_stat[MM_FILEPAGES], 0);
	fx_release(&fx);
}
END_TEST

/*
 * madvise_pageout() on written anonymous memory: with swap,
 * shrink_folio_list() gives each folio a slot (add_to_swap()), unmaps it
 * and writes it (pswpout); without swap the folios stay (activated, as
 * shrink_folio_list() does when add_to_swap() fails).
 */
START_TEST(test_pageout_swaps_anon)
{
	struct fx fx;

	fx_boot(&fx, "64M", K_SWAP128);
	run_ok(&fx, "spawn pid=1\nmmap pid=1 len=4M id=a\ntouch pid=1 addr=@a len=4M write\n"
		    "madvise pid=1 addr=@a len=4M advice=pageout\n");
	ck_assert(all_pages(&fx, 1, addr_of(&fx, "a"), 4 * MiB, false));
	ck_assert_uint_eq(ev(&fx, PSWPOUT), 4 * MiB / PAGE_SIZE);
	ck_assert_int_eq(task(&fx, 1)->mm->rss_stat[MM_SWAPENTS], (long)(4 * MiB / PAGE_SIZE));
	/*
	 * pageout() only started the writes: the folios stay in the swap
	 * cache until reclaim comes round again, so touching them again
	 * finds them there (do_swap_page(): minor faults, nothing read).
	 */
	run_ok(&fx, "touch pid=1 addr=@a len=4M\n");
	ck_assert(all_pages(&fx, 1, addr_of(&fx, "a"), 4 * MiB, true));
	ck_assert(folio_test_swapcache(page_at(&fx, 1, addr_of(&fx, "a"))));
	ck_assert_uint_eq(ev(&fx, PSWPIN), 0);
	ck_assert_uint_eq(ev(&fx, PGMAJFAULT), 0);
	fx_release(&fx);

	fx_boot(&fx, "64M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\nmmap pid=1 len=4M id=a\ntouch pid=1 addr=@a len=4M write\n"
		    "madvise pid=1 addr=@a len=4M advice=pageout\n");
	ck_assert(all_pages(&fx, 1, addr_of(&fx, "a"), 4 * MiB, true));
	ck_assert_uint_eq(ev(&fx, PSWPOUT), 0);
	fx_release(&fx);
}
END_TEST

/*
 * Pages another task maps too (a fork's copy-on-write sharing) are not
 * this process's to page out: madvise_cold_or_pageout_pte_range() skips
 * a folio whose mapcount is not 1.  The private ones of the same range go.
 */
START_TEST(test_pageout_skips_shared)
{
	struct fx fx;
	uint64_t a;

	fx_boot(&fx, "64M", K_SWAP128);
	run_ok(&fx, "spawn pid=1\nmmap pid=1 len=2M id=a\ntouch pid=1 addr=@a len=2M write\n"
		    "fork pid=1 child=2\n"
		    "touch pid=1 addr=@a+1M len=1M write\n"
		    "madvise pid=1 addr=@a len=2M advice=pageout\n");
	a = addr_of(&fx, "a");
	ck_assert(all_pages(&fx, 1, a, 1 * MiB, true));
	ck_assert(all_pages(&fx, 2, a, 2 * MiB, true));
	ck_assert(all_pages(&fx, 1, a + MiB, 1 * MiB, false));
	ck_assert_uint_eq(ev(&fx, PSWPOUT), MiB / PAGE_SIZE);
	fx_release(&fx);
}
END_TEST

/*
 * madvise_cold(): active folios mapped here alone go to the inactive
 * list (folio_deactivate(): pgdeactivate) and lose PG_referenced; nothing
 * is reclaimed.  The page cache read twice is active (folio_mark_accessed()).
 */
START_TEST(test_cold_deactivates)
{
	enum { NR = MiB / PAGE_SIZE };
	struct fx fx;
	struct page *page;

	fx_boot(&fx, "64M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\nwrite pid=1 file=f off=0 len=1M\nfsync pid=1 file=f\n"
		    "read pid=1 file=f off=0 len=1M\nread pid=1 file=f off=0 len=1M\n"
		    "mmap pid=1 len=1M file=f prot=r id=f\ntouch pid=1 addr=@f len=1M\n");
	page = page_at(&fx, 1, addr_of(&fx, "f"));
	ck_assert(PageFlag(page, PG_active));
	run_ok(&fx, "madvise pid=1 addr=@f len=1M advice=cold\n");
	ck_assert(!PageFlag(page, PG_active));
	ck_assert(!PageFlag(page, PG_referenced));
	ck_assert_uint_ge(ev(&fx, PGDEACTIVATE), NR);
	ck_assert(all_pages(&fx, 1, addr_of(&fx, "f"), MiB, true));
	ck_assert_uint_eq(ev(&fx, PGSTEAL_KSWAPD) + ev(&fx, PGSTEAL_DIRECT), 0);
	fx_release(&fx);
}
END_TEST

/*
 * can_madv_lru_vma(): a locked mapping refuses cold and pageout with
 * EINVAL (and keeps its pages); an unknown advice is an input error.
 */
START_TEST(test_cold_pageout_refusals)
{
	struct fx fx;
	struct task_struct *t;
	uint64_t l;

	fx_boot(&fx, "64M", K_SWAP128);
	run_ok(&fx, "spawn pid=1\nmmap pid=1 len=1M locked id=l\ntouch pid=1 addr=@l len=1M write\n");
	t = task(&fx, 1);
	l = addr_of(&fx, "l");
	ck_assert_int_eq(do_madvise(fx.m, t, l, MiB, MADV_PAGEOUT), -EINVAL);
	ck_assert_int_eq(do_madvise(fx.m, t, l, MiB, MADV_COLD), -EINVAL);
	test_check(fx.m);
	ck_assert(all_pages(&fx, 1, l, MiB, true));
	ck_assert_uint_eq(ev(&fx, PSWPOUT), 0);
	expect_bad(&fx, "madvise pid=1 addr=@l len=1M advice=sleep\n",
		   "t.trace:2: bad value 'sleep' for advice (dontneed, hugepage, "
		   "nohugepage, cold, pageout, normal, random or sequential)");
	fx_release(&fx);
}
END_TEST

Suite *pressure_suite(void);	/* collected into the runner by the Makefile */
Suite *pressure_suite(void)
{
	Suite *s = suite_create("pressure");
	TCase *tc = tcase_create("scenarios");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_page_cache_stream);
	tcase_add_test(tc, test_anon_swap_out_and_in);
	tcase_add_test(tc, test_slab_shrinks_under_pressure);
	tcase_add_test(tc, test_mlocked_stay_resident);
	tcase_add_test(tc, test_oom_kills_largest);
	tcase_add_test(tc, test_kswapd_throttled_on_writeback);
	suite_add_tcase(s, tc);
	tc = tcase_create("madvise");
	tcase_add_test(tc, test_pageout_drops_file_pages);
	tcase_add_test(tc, test_pageout_swaps_anon);
	tcase_add_test(tc, test_pageout_skips_shared);
	tcase_add_test(tc, test_cold_deactivates);
	tcase_add_test(tc, test_cold_pageout_refusals);
	suite_add_tcase(s, tc);
	return s;
}
