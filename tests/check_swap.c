/*
 * tests/check_swap.c - swap (mm/swapfile.c, mm/swap_state.c,
 * mm/page_io.c, do_swap_page() of mm/memory.c, try_to_unmap() of
 * mm/rmap_unmap.c) and migration through swap (mm/migrate_swap.c):
 * slot allocation and priorities, swap-out and swap-in with the page's
 * identity, readahead, the swap cache, fork, zap, refusals, the I/O in
 * simulated time, meminfo and CommitLimit, the config and the verb.
 *
 * Machines of two 16 MiB nodes with a CPU each, THP off, an 8 MiB swap
 * file unless a test says otherwise.  The checkers (swap_check among
 * them) run after every step.
 */
#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/task_mmu.h"
#include "mm/vmscan.h"
#include "mm/vmscan_internal.h"
#include "mm/vmstat_counters.h"
#include "mm/writeback.h"
#include "sim/config.h"
#include "sim/procfs.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"
#include "tests/verbs_fixture.h"

#define K_NOSWAP	TEST_K_BASE ", \"reserved\": \"0\", \"pcp\": false, \"min_free_kbytes\": 0," \
			" \"transparent_hugepage\": \"never\""
#define K_SWAP		K_NOSWAP ", \"swap\": [{\"size\": \"8M\"}]"
#define MASK(bits)	(&(nodemask_t){ (bits) })
#define NR		16ul		/* pages of the test mappings */

static struct machine *boot_swap(const char *kernel_keys)
{
	return test_boot_node_pair("16M", "16M", kernel_keys);
}

static unsigned long ev(const struct machine *m, enum vm_event_item item)
{
	return m->vm_events[item];
}

/* NR written pages of t on node 0 with t bound to node 1 afterwards: their address. */
static uint64_t pages_then_bind1(struct machine *m, struct task_struct *t)
{
	uint64_t addr = proc_mmap_anon(m, t, NR * PAGE_SIZE);

	proc_touch(m, t, addr, NR * PAGE_SIZE, true);
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_BIND, MASK(0x2)), 0);
	test_check(m);
	return addr;
}

/* migrate_pages(2) through swap of t's node 0 pages (to node 1): every page goes. */
static void swap_out_all(struct machine *m, struct task_struct *t)
{
	ck_assert_int_eq(kernel_migrate_pages_via(m, t, MASK(0x1), MASK(0x2), true, true), 0);
	test_check(m);
}

/* Every page at addr is a swap entry now; their entries in e[]. */
static void expect_swapped(struct machine *m, struct task_struct *t, uint64_t addr,
			   swp_entry_t *e)
{
	for (unsigned long i = 0; i < NR; i++) {
		pte_t pte = *proc_pte_at(m, t, addr + i * PAGE_SIZE);

		ck_assert_msg(is_swap_entry_pte(pte), "page %lu is not a swap entry", i);
		if (e)
			e[i] = pte_to_swp_entry(pte);
	}
}

/* ==================== slots ==================== */

/* Release every slot the slot tests took (they hold SWAP_HAS_CACHE without a folio). */
static void put_all(struct machine *m, const swp_entry_t *e, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		put_swap_folio(m, e[i]);
}

/*
 * Linux: swapon's priorities and get_swap_pages()'s plist_requeue: two
 * devices of priority 5 take turns, each handing out its slots in order
 * from 1 (the header is slot 0, and a 1 MiB device is too small for a
 * SWAPFILE_CLUSTER run, so the scan goes on from cluster_next); the
 * device without a priority gets -2 (least_priority starts at -1) and
 * only serves once both are full.  A slot freed on a full device puts
 * it back in line, and the scan (cluster_next past highest_bit) restarts
 * at lowest_bit: the freed slot.
 */
START_TEST(test_swap_slot_order_and_priorities)
{
	struct machine *m = boot_swap(K_NOSWAP ", \"swap\": [{\"size\": \"1M\", \"priority\": 5},"
				      " {\"size\": \"1M\", \"priority\": 5}, {\"size\": \"1M\"},"
				      " {\"size\": \"1M\"}]");
	swp_entry_t e[512], x;

	ck_assert_int_eq(m->swap.info[0]->prio, 5);
	ck_assert_int_eq(m->swap.info[2]->prio, -2);
	ck_assert_int_eq(m->swap.info[3]->prio, -3);
	ck_assert_int_eq(total_swap_pages(m), 4 * 255);
	for (unsigned int i = 0; i < 510; i++) {
		e[i] = folio_alloc_swap(m);
		ck_assert_uint_eq(swp_type(e[i]), i % 2);
		ck_assert_uint_eq(swp_offset(e[i]), i / 2 + 1);
	}
	ck_assert_int_eq(get_nr_swap_pages(m), 2 * 255);
	e[510] = folio_alloc_swap(m);
	ck_assert_uint_eq(swp_type(e[510]), 2);
	ck_assert_uint_eq(swp_offset(e[510]), 1);
	put_swap_folio(m, e[8]);	/* device 0, slot 5 */
	x = folio_alloc_swap(m);
	ck_assert_uint_eq(swp_type(x), 0);
	ck_assert_uint_eq(swp_offset(x), 5);
	e[8] = x;
	put_all(m, e, 511);
	ck_assert_int_eq(get_nr_swap_pages(m), total_swap_pages(m));
	test_release(m);
}
END_TEST

/*
 * Linux: scan_swap_map_slots() on a rotational device: after
 * SWAPFILE_CLUSTER slots the next run starts at the first 256 free
 * slots in a row from lowest_bit, so a hole of 10 freed slots below is
 * passed over while such a run exists; when none does, the scan takes
 * the first free slot after cluster_next, wrapping to lowest_bit.
 * 4 MiB: 1023 usable slots.
 */
START_TEST(test_swap_slot_clusters)
{
	struct machine *m = boot_swap(K_NOSWAP ", \"swap\": [{\"size\": \"4M\"}]");
	swp_entry_t *e = calloc(1024, sizeof(*e)), x;

	for (unsigned int i = 0; i < 512; i++)
		e[i] = folio_alloc_swap(m);
	ck_assert_uint_eq(swp_offset(e[511]), 512);
	for (unsigned int i = 9; i < 19; i++)
		put_swap_folio(m, e[i]);	/* slots 10..19 */
	x = folio_alloc_swap(m);
	ck_assert_uint_eq(swp_offset(x), 513);
	put_swap_folio(m, x);
	/*
	 * The run goes on from cluster_next (514; 513 stays free behind it) to
	 * its end at 768, the next search finds 255 free slots at most
	 * (769..1023) and the scan goes on from 769; then fewer than 256 are
	 * free at all, cluster_next (1024) is past highest_bit, and the scan
	 * restarts at lowest_bit: the hole.
	 */
	for (unsigned int i = 512; i < 1022; i++)
		e[i] = folio_alloc_swap(m);
	ck_assert_uint_eq(swp_offset(e[512]), 514);
	ck_assert_uint_eq(swp_offset(e[1021]), 1023);
	x = folio_alloc_swap(m);
	ck_assert_uint_eq(swp_offset(x), 10);
	put_swap_folio(m, x);
	for (unsigned int i = 0; i < 1022; i++)
		if (i < 9 || i >= 19)
			put_swap_folio(m, e[i]);
	ck_assert_int_eq(get_nr_swap_pages(m), 1023);
	free(e);
	test_release(m);
}
END_TEST

/* ==================== migration through swap, and back ==================== */

/*
 * migrate_pages via=swap: the 16 pages become swap entries (try_to_unmap(),
 * MM_ANONPAGES -> MM_SWAPENTS), each written once (pswpout), and freed
 * from the swap cache after the write; nothing moved by copy.  Touched
 * again in order, each page comes back on node 1 (the bind policy,
 * vma_alloc_folio()) at the same address, as the same page: the folio
 * mapped at each address is in the swap cache under the entry that
 * address held.  Readahead (swapin_nr_pages(), page-cluster 3): faults at
 * slots 1, 2, 4, 8 and 16 are major and read windows of 1, 2, 4, 8 and 8
 * slots (the last holds only slot 16), the 11 others are readahead hits:
 * 5 major faults, 16 reads, swap_ra = swap_ra_hit = 11.
 */
START_TEST(test_swap_migrate_out_and_back)
{
	struct machine *m = boot_swap(K_SWAP);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = pages_then_bind1(m, t);
	const struct vm_area_struct *vma = find_vma(t->mm, addr);
	unsigned long maj = t->maj_flt;
	swp_entry_t e[NR];

	swap_out_all(m, t);
	test_check(m);
	expect_swapped(m, t, addr, e);
	ck_assert_int_eq(t->mm->rss_stat[MM_SWAPENTS], NR);
	ck_assert_int_eq(t->mm->rss_stat[MM_ANONPAGES], 0);
	ck_assert_uint_eq(ev(m, PSWPOUT), NR);
	ck_assert_uint_eq(ev(m, PGMIGRATE_SUCCESS), 0);
	ck_assert_uint_eq(m->swap.stats.via_swap_folios, NR);
	ck_assert_int_eq(get_nr_swap_pages(m), total_swap_pages(m) - (long)NR);
	ck_assert_uint_eq(test_meminfo_kb(m, "SwapCached:"), 0);
	for (unsigned long i = 0; i < NR; i++) {
		struct page *page;

		proc_touch(m, t, addr + i * PAGE_SIZE, PAGE_SIZE, false);
		test_check(m);
		page = proc_page_at(m, t, addr + i * PAGE_SIZE);
		ck_assert_int_eq(page_to_nid(page), 1);
		ck_assert(folio_test_swapcache(page));
		ck_assert_uint_eq(folio_swap_entry(page).val, e[i].val);
		ck_assert(PageAnon(page));
		ck_assert_uint_eq(page->index, (uint32_t)(vma->vm_pgoff + i +
				  ((addr - vma->vm_start) >> PAGE_SHIFT)));
	}
	ck_assert_uint_eq(ev(m, PSWPIN), NR);
	ck_assert_uint_eq(t->maj_flt - maj, 5);
	ck_assert_uint_eq(ev(m, SWAP_RA), 11);
	ck_assert_uint_eq(ev(m, SWAP_RA_HIT), 11);
	ck_assert_int_eq(t->mm->rss_stat[MM_SWAPENTS], 0);
	ck_assert_int_eq(t->mm->rss_stat[MM_ANONPAGES], NR);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * Linux: do_swap_page() -> should_try_to_free_swap(): a write fault on a
 * page only this mapping and the cache hold (refcount 2) frees the slot
 * and maps the page writable and dirty at once, no copy; a read fault
 * keeps the slot (the page stays clean in the cache, cheap to reclaim).
 */
START_TEST(test_swap_write_fault_frees_slot)
{
	struct machine *m = boot_swap(K_NOSWAP ", \"swap\": [{\"size\": \"8M\"}]");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = pages_then_bind1(m, t);
	long before;

	m->swap.page_cluster = 0;	/* vm.page-cluster=0: no readahead */
	swap_out_all(m, t);
	before = get_nr_swap_pages(m);
	proc_touch(m, t, addr, PAGE_SIZE, true);
	test_check(m);
	ck_assert(pte_write(*proc_pte_at(m, t, addr)) && pte_dirty(*proc_pte_at(m, t, addr)));
	ck_assert(!folio_test_swapcache(proc_page_at(m, t, addr)));
	ck_assert_int_eq(get_nr_swap_pages(m), before + 1);
	ck_assert_uint_eq(m->proc_stats.cow_copies, 0);
	proc_touch(m, t, addr + PAGE_SIZE, PAGE_SIZE, false);
	test_check(m);
	ck_assert(folio_test_swapcache(proc_page_at(m, t, addr + PAGE_SIZE)));
	ck_assert_int_eq(get_nr_swap_pages(m), before + 1);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * One mapped page added to the swap cache and referenced twice (a young
 * PTE and PG_referenced, folio_check_references(): FOLIOREF_ACTIVATE),
 * with swap more than half full (vm_swap_full()) if fill, put through
 * shrink_folio_list(): whether it still holds its slot afterwards.
 */
static bool activated_keeps_slot(bool fill)
{
	struct machine *m = boot_swap(K_NOSWAP ", \"swap\": [{\"size\": \"1M\"}]");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, PAGE_SIZE);
	struct scan_control sc = { .nr_to_reclaim = SWAP_CLUSTER_MAX, .may_writepage = true,
				   .may_unmap = true, .may_swap = true, .priority = DEF_PRIORITY,
				   .reclaim_idx = MAX_NR_ZONES - 1, .gfp_mask = GFP_KERNEL };
	struct reclaim_stat stat = { 0 };
	swp_entry_t taken[256];
	unsigned int nr_taken = 0;
	struct page_list list;
	struct page *folio;
	bool kept;

	proc_touch(m, t, addr, PAGE_SIZE, true);
	folio = proc_page_at(m, t, addr);
	ck_assert(add_to_swap(m, folio));
	while (fill && !vm_swap_full(m))
		ck_assert((taken[nr_taken++] = folio_alloc_swap(m)).val);
	ck_assert(vm_swap_full(m) == fill);
	SetPageFlag(folio, PG_referenced);
	proc_touch(m, t, addr, PAGE_SIZE, false);
	ck_assert_int_eq(folio_isolate_lru(m, folio), 0);
	page_list_init(&list);
	page_list_add(m, &list, folio);
	ck_assert_uint_eq(shrink_folio_list(m, &list, NODE_DATA(m, page_to_nid(folio)), &sc, &stat), 0);
	ck_assert(PageFlag(folio, PG_active));
	ck_assert_uint_eq(stat.nr_activate[0], 1);
	kept = folio_test_swapcache(folio);
	page_list_del(m, &list, folio);
	folio_putback_lru(m, folio);
	for (unsigned int i = 0; i < nr_taken; i++)
		put_swap_folio(m, taken[i]);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
	return kept;
}

/*
 * Linux: shrink_folio_list()'s activate_locked: a swap cache folio that
 * reclaim activates gives its slot back when swap is more than half full
 * (mem_cgroup_swap_full() -> vm_swap_full()): it is not going out soon,
 * and the slot is worth more to others.  Otherwise it keeps it.
 */
START_TEST(test_swap_activate_frees_slot_when_full)
{
	ck_assert(activated_keeps_slot(false));
	ck_assert(!activated_keeps_slot(true));
}
END_TEST

/*
 * Linux: copy_nonpresent_pte() duplicates the swap entry (count 2) and
 * clears its exclusive mark; the parent's fault reads the page (major),
 * the child's finds it in the swap cache (minor, no second read), and
 * neither may write it without a copy.  The folio is then mapped twice
 * and the slot held by the cache alone.
 */
START_TEST(test_swap_fork_shares_entries)
{
	struct machine *m = boot_swap(K_SWAP);
	struct task_struct *p = proc_spawn(m, 1), *c;
	uint64_t addr = pages_then_bind1(m, p);
	swp_entry_t e[NR];
	struct page *page;

	swap_out_all(m, p);
	expect_swapped(m, p, addr, e);
	ck_assert(pte_swp_exclusive(*proc_pte_at(m, p, addr)));
	ck_assert_int_eq(task_fork(m, p, 2, &c), 0);
	test_check(m);
	ck_assert_uint_eq(__swap_count(m, e[0]), 2);
	ck_assert(!pte_swp_exclusive(*proc_pte_at(m, p, addr)));
	ck_assert_int_eq(c->mm->rss_stat[MM_SWAPENTS], NR);
	proc_touch(m, p, addr, PAGE_SIZE, false);
	test_check(m);
	ck_assert_uint_eq(p->maj_flt, 1);
	ck_assert_uint_eq(ev(m, PSWPIN), 1);
	proc_touch(m, c, addr, PAGE_SIZE, false);
	test_check(m);
	ck_assert_uint_eq(c->maj_flt, 0);
	ck_assert_uint_eq(ev(m, PSWPIN), 1);
	page = proc_page_at(m, c, addr);
	ck_assert_ptr_eq(page, proc_page_at(m, p, addr));
	ck_assert_int_eq(page_mapcount(page), 2);
	ck_assert(!pte_write(*proc_pte_at(m, c, addr)));
	ck_assert_uint_eq(__swap_count(m, e[0]), 0);
	ck_assert_uint_eq(m->swap.info[0]->swap_map[swp_offset(e[0])], SWAP_HAS_CACHE);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * Linux: zap_pte_range() -> free_swap_and_cache(): munmap of half the
 * range gives back its 8 slots, MADV_DONTNEED 4 more, exit the rest:
 * SwapFree is SwapTotal again, MM_SWAPENTS followed each step.
 */
START_TEST(test_swap_zap_frees_slots)
{
	struct machine *m = boot_swap(K_SWAP);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = pages_then_bind1(m, t);
	long total = total_swap_pages(m);

	swap_out_all(m, t);
	ck_assert_int_eq(do_munmap(m, t, addr, 8 * PAGE_SIZE), 0);
	test_check(m);
	ck_assert_int_eq(get_nr_swap_pages(m), total - 8);
	ck_assert_int_eq(t->mm->rss_stat[MM_SWAPENTS], 8);
	ck_assert_int_eq(do_madvise(m, t, addr + 8 * PAGE_SIZE, 4 * PAGE_SIZE, MADV_DONTNEED), 0);
	test_check(m);
	ck_assert_int_eq(get_nr_swap_pages(m), total - 4);
	task_exit(m, t);
	test_check(m);
	ck_assert_int_eq(get_nr_swap_pages(m), total);
	ck_assert_uint_eq(test_meminfo_kb(m, "SwapFree:"), test_meminfo_kb(m, "SwapTotal:"));
	test_release(m);
}
END_TEST

/* ==================== what cannot go ==================== */

/*
 * try_to_unmap_one() stops at a VM_LOCKED VMA, and a maybe-pinned
 * exclusive page cannot be shared with a swap entry
 * (page_try_share_anon_rmap()): those pages stay mapped on node 0 and are
 * counted as not moved; their slots are given back.  The others go.
 */
START_TEST(test_swap_refuses_mlocked_and_pinned)
{
	struct machine *m = boot_swap(K_SWAP);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = pages_then_bind1(m, t);
	struct page *pinned;

	ck_assert_int_eq(do_mlock(m, t, addr, 2 * PAGE_SIZE, 0), 0);
	ck_assert_int_eq(gup_pages(m, t, addr + 2 * PAGE_SIZE, 1, FOLL_PIN | FOLL_WRITE, &pinned), 1);
	ck_assert_int_eq(kernel_migrate_pages_via(m, t, MASK(0x1), MASK(0x2), true, true), 3);
	test_check(m);
	for (unsigned long i = 0; i < 3; i++)
		ck_assert_int_eq(proc_nid_at(m, t, addr + i * PAGE_SIZE), 0);
	for (unsigned long i = 3; i < NR; i++)
		ck_assert(is_swap_entry_pte(*proc_pte_at(m, t, addr + i * PAGE_SIZE)));
	ck_assert_uint_eq(m->swap.stats.via_swap_refused_mlocked, 2);
	ck_assert_uint_eq(m->swap.stats.via_swap_refused_pinned, 1);
	ck_assert_int_eq(get_nr_swap_pages(m), total_swap_pages(m) - (long)(NR - 3));
	gup_release(m, &pinned, 1, FOLL_PIN);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * Without swap space add_to_swap() finds no slot for any page: every page
 * stays where it was, mapped, and the call returns them all as not moved
 * (the old kernel's migrate_pages() failed each page the same way).
 */
START_TEST(test_swap_none_configured)
{
	struct machine *m = boot_swap(K_NOSWAP);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = pages_then_bind1(m, t);

	ck_assert_int_eq(total_swap_pages(m), 0);
	ck_assert_int_eq(kernel_migrate_pages_via(m, t, MASK(0x1), MASK(0x2), true, true), NR);
	test_check(m);
	for (unsigned long i = 0; i < NR; i++)
		ck_assert_int_eq(proc_nid_at(m, t, addr + i * PAGE_SIZE), 0);
	ck_assert_uint_eq(m->swap.stats.via_swap_refused_noswap, NR);
	ck_assert_uint_eq(ev(m, PSWPOUT), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* ==================== the pieces reclaim uses ==================== */

/*
 * add_to_swap() + try_to_unmap() + swap_writepage(), as shrink_folio_list()
 * calls them: the folio is in the swap cache (SwapCached, PG_swapcache,
 * SWAP_HAS_CACHE plus the entry's count), under writeback (NR_WRITEBACK)
 * until the device's time for 4 KiB at 450 MB/s (9102 ns) has passed,
 * then clean and off writeback; delete_from_swap_cache() frees it.
 */
START_TEST(test_swap_writeback_in_simulated_time)
{
	struct machine *m = boot_swap(K_SWAP);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, PAGE_SIZE);
	struct page *folio;
	swp_entry_t e;
	uint64_t t0;

	proc_touch(m, t, addr, PAGE_SIZE, true);
	folio = proc_page_at(m, t, addr);
	get_page(m, folio);
	ck_assert(add_to_swap(m, folio));
	e = folio_swap_entry(folio);
	ck_assert(PageFlag(folio, PG_dirty) && folio_test_swapcache(folio));
	try_to_unmap(m, folio, 0);
	ck_assert(!folio_mapped(folio));
	ck_assert_uint_eq(m->swap.info[0]->swap_map[swp_offset(e)], SWAP_HAS_CACHE | 1);
	test_check(m);
	t0 = m->clock_ns;
	ck_assert_int_eq(swap_writepage(m, folio, NULL), 0);
	ck_assert(PageFlag(folio, PG_writeback) && !PageFlag(folio, PG_dirty));
	ck_assert_int_eq(__node_page_state_snapshot(NODE_DATA(m, 0), NR_WRITEBACK), 1);
	mm_run_daemons(m, t0 + 9101);
	ck_assert(PageFlag(folio, PG_writeback));
	mm_run_daemons(m, t0 + 9102);
	ck_assert(!PageFlag(folio, PG_writeback));
	test_check(m);
	delete_from_swap_cache(m, folio);	/* the cache's reference */
	ck_assert_uint_eq(m->swap.info[0]->swap_map[swp_offset(e)], 1);
	put_page(m, folio);			/* ours: the last */
	test_check(m);
	ck_assert_uint_eq(ev(m, PSWPOUT), 1);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* One page of t's mapping at addr put in the swap cache, unmapped and written. */
static struct page *write_one(struct machine *m, struct task_struct *t, uint64_t addr)
{
	struct page *folio = proc_page_at(m, t, addr);

	get_page(m, folio);
	ck_assert(add_to_swap(m, folio));
	try_to_unmap(m, folio, 0);
	ck_assert_int_eq(swap_writepage(m, folio, NULL), 0);
	put_page(m, folio);
	return folio;
}

static unsigned long nr_writeback(struct machine *m)
{
	return __node_page_state_snapshot(NODE_DATA(m, 0), NR_WRITEBACK);
}

/*
 * Linux: blk_mq_get_tag(): the queue's nr_requests requests are all the
 * writes in flight; a writer that needs one more sleeps until the oldest
 * completes.  With one-page requests (max_sectors_kb 4) and 4 requests,
 * four writes go at once; the fifth waits for the first (9102 ns of the
 * device at 450 MB/s), which has left writeback when it goes on, so at
 * most four pages are ever under writeback.
 */
START_TEST(test_swap_request_queue_depth)
{
	struct machine *m = boot_swap(K_NOSWAP ", \"swap\": [{\"size\": \"8M\", "
				      "\"nr_requests\": 4, \"max_sectors_kb\": 4}]");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, NR * PAGE_SIZE), t0;
	struct page *first;
	char msg[256];

	proc_touch(m, t, addr, NR * PAGE_SIZE, true);
	t0 = m->clock_ns;
	first = write_one(m, t, addr);
	for (unsigned long i = 1; i < 4; i++)
		write_one(m, t, addr + i * PAGE_SIZE);
	ck_assert_uint_eq(m->swap.stats.tag_waits, 0);
	ck_assert_uint_eq(m->clock_ns, t0);
	ck_assert_uint_eq(nr_writeback(m), 4);
	write_one(m, t, addr + 4 * PAGE_SIZE);
	ck_assert_uint_eq(m->swap.stats.tag_waits, 1);
	ck_assert_uint_eq(m->clock_ns, t0 + 9102);
	ck_assert(!PageFlag(first, PG_writeback));
	ck_assert_uint_eq(nr_writeback(m), 4);
	for (unsigned long i = 5; i < NR; i++) {
		write_one(m, t, addr + i * PAGE_SIZE);
		ck_assert_uint_le(nr_writeback(m), 4);
		test_check(m);
	}
	ck_assert_uint_eq(m->swap.stats.tag_waits, NR - 4);
	ck_assert_uint_eq(m->swap.stats.tag_wait_ns, (NR - 4) * 9102);
	/* swap_check() knows the bound: four requests in flight, three tags. */
	m->swap.info[0]->nr_requests = 3;
	ck_assert_int_ne(swap_check(m, msg, sizeof(msg)), 0);
	ck_assert_ptr_nonnull(strstr(msg, "more requests in flight than the queue's tags"));
	m->swap.info[0]->nr_requests = 4;
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * Linux: the back merge of a bio into the request before it
 * (blk_attempt_plug_merge(), the elevator's merge): writes to adjacent
 * slots share a request of up to max_sectors_kb while the device has not
 * started it, so 16 pages in 16 KiB requests take 4 of the 4 tags and
 * nobody waits; the 17th page needs a fifth and waits for the first
 * request (4 pages).  A swap read between two writes ends the merging.
 */
START_TEST(test_swap_request_merging)
{
	struct machine *m = boot_swap(K_NOSWAP ", \"swap\": [{\"size\": \"8M\", "
				      "\"nr_requests\": 4, \"max_sectors_kb\": 16}]");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, (NR + 1) * PAGE_SIZE), t0;
	swp_entry_t prev = { 0 };

	proc_touch(m, t, addr, (NR + 1) * PAGE_SIZE, true);
	t0 = m->clock_ns;
	for (unsigned long i = 0; i < NR; i++) {
		struct page *folio = write_one(m, t, addr + i * PAGE_SIZE);

		if (i)	/* the precondition of merging: adjacent slots */
			ck_assert_uint_eq(swp_offset(folio_swap_entry(folio)), swp_offset(prev) + 1);
		prev = folio_swap_entry(folio);
	}
	ck_assert_uint_eq(m->swap.stats.tag_waits, 0);
	ck_assert_uint_eq(nr_writeback(m), NR);
	write_one(m, t, addr + NR * PAGE_SIZE);
	ck_assert_uint_eq(m->swap.stats.tag_waits, 1);
	ck_assert_uint_eq(m->clock_ns, t0 + 4 * 9102);
	ck_assert_uint_eq(nr_writeback(m), NR + 1 - 4);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * Linux: folio_migrate_mapping() for a swap cache folio: the expected
 * references count the cache's, the cache slot follows the folio to its
 * new frame, NR_SWAPCACHE and NR_FILE_PAGES follow it to node 1.
 */
START_TEST(test_swap_cache_folio_migrates)
{
	struct machine *m = boot_swap(K_SWAP);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = pages_then_bind1(m, t);
	struct page *page;
	swp_entry_t e;

	m->swap.page_cluster = 0;
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_DEFAULT, NULL), 0);
	swap_out_all(m, t);
	proc_touch(m, t, addr, PAGE_SIZE, false);	/* back on node 0 (local), in the cache */
	page = proc_page_at(m, t, addr);
	e = folio_swap_entry(page);
	ck_assert_int_eq(page_to_nid(page), 0);
	ck_assert_int_eq(kernel_migrate_pages(m, t, MASK(0x1), MASK(0x2), true), 0);
	test_check(m);
	page = proc_page_at(m, t, addr);
	ck_assert_int_eq(page_to_nid(page), 1);
	ck_assert_ptr_eq(lookup_swap_cache(m, e), page);
	ck_assert_int_eq(__node_page_state_snapshot(NODE_DATA(m, 1), NR_SWAPCACHE), 1);
	ck_assert_int_eq(__node_page_state_snapshot(NODE_DATA(m, 0), NR_SWAPCACHE), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* ==================== the checker ==================== */

/* swap_check() sees a slot count that does not match the entries naming it. */
START_TEST(test_swap_check_catches_bad_count)
{
	struct machine *m = boot_swap(K_SWAP);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = pages_then_bind1(m, t);
	swp_entry_t e[NR];
	char msg[256] = "";

	swap_out_all(m, t);
	expect_swapped(m, t, addr, e);
	ck_assert_int_eq(swap_check(m, msg, sizeof(msg)), 0);
	m->swap.info[0]->swap_map[swp_offset(e[3])]++;
	ck_assert_int_ne(swap_check(m, msg, sizeof(msg)), 0);
	ck_assert_msg(strstr(msg, "slot count") != NULL, "%s", msg);
	m->swap.info[0]->swap_map[swp_offset(e[3])]--;
	m->swap.info[0]->slot_index[swp_offset(e[4])] ^= 1;
	ck_assert_int_ne(swap_check(m, msg, sizeof(msg)), 0);
	ck_assert_msg(strstr(msg, "another page") != NULL, "%s", msg);
	m->swap.info[0]->slot_index[swp_offset(e[4])] ^= 1;
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* ==================== meminfo and committed memory ==================== */

/*
 * meminfo: SwapTotal is the usable slots (8 MiB less the header page:
 * 8188 kB), SwapFree the free ones; CommitLimit is the RAM share plus
 * the swap (vm_commit_limit()); and the default overcommit policy
 * refuses one mapping larger than RAM plus swap (__vm_enough_memory()),
 * so 40 MiB fits with 8 MiB of swap on 32 MiB of RAM and not without.
 */
START_TEST(test_swap_meminfo_and_commit)
{
	struct machine *with = boot_swap(K_SWAP), *without = boot_swap(K_NOSWAP);
	struct task_struct *t = proc_spawn(with, 1), *u = proc_spawn(without, 1);
	uint64_t len = 36ull << 20, a = 0;

	ck_assert_uint_eq(test_meminfo_kb(with, "SwapTotal:"), 8188);
	ck_assert_uint_eq(test_meminfo_kb(with, "SwapFree:"), 8188);
	ck_assert_uint_eq(test_meminfo_kb(without, "SwapTotal:"), 0);
	ck_assert_uint_eq(test_meminfo_kb(with, "CommitLimit:") -
			  test_meminfo_kb(without, "CommitLimit:"), 8188);
	ck_assert_uint_gt(len >> PAGE_SHIFT, totalram_pages(without));
	ck_assert_int_eq(do_mmap(with, t, 0, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0, &a), 0);
	ck_assert_int_eq(do_mmap(without, u, 0, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0, &a), -ENOMEM);
	proc_exit_all(with);
	proc_exit_all(without);
	test_release(with);
	test_release(without);
}
END_TEST

/*
 * /proc/swaps as swap_show() prints it: a header, then per device in
 * swapon order its name padded to 40 columns, "file", the usable KiB and
 * the KiB in use (a tab more below 10000000), the priority.
 */
START_TEST(test_swap_proc_swaps)
{
	struct machine *m = boot_swap(K_NOSWAP ", \"swap\": [{\"size\": \"8M\"},"
				      " {\"size\": \"16M\", \"priority\": 7}]");
	swp_entry_t e = folio_alloc_swap(m);
	char *text = test_render(procfs_swaps, m);

	ck_assert_str_eq(text, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
			 "/swapfile0                              file\t\t8188\t\t0\t\t-2\n"
			 "/swapfile1                              file\t\t16380\t\t4\t\t7\n");
	free(text);
	put_swap_folio(m, e);
	test_release(m);
}
END_TEST

/* ==================== config and trace ==================== */

static int load(const char *json, struct mm_boot_params *p, char *err, size_t errlen)
{
	return sim_config_load_string("test.json", json, p, err, errlen);
}

/* Every bad swap key: "test.json: <path>: <why>". */
START_TEST(test_swap_bad_config)
{
	static const struct {
		const char *json, *msg;
	} cases[] = {
		{ "{\"kernel\": {\"swap\": {}}}",
		  "test.json: kernel.swap: expected an array of {\"size\"} objects" },
		{ "{\"kernel\": {\"swap\": [{}]}}",
		  "test.json: kernel.swap[0].size: missing: every swap device needs its size" },
		{ "{\"kernel\": {\"swap\": [{\"size\": \"4097\"}]}}",
		  "test.json: kernel.swap[0].size: not a multiple of the page size (4K)" },
		{ "{\"kernel\": {\"swap\": [{\"size\": \"36K\"}]}}",
		  "test.json: kernel.swap[0].size: must be between 40K and 512G (mkswap's smallest "
		  "area; the most slots a swap entry here can name)" },
		{ "{\"kernel\": {\"swap\": [{\"size\": \"1M\", \"priority\": 32768}]}}",
		  "test.json: kernel.swap[0].priority: must be between 0 and 32767, got 32768" },
		{ "{\"kernel\": {\"swap\": [{\"size\": \"1M\", \"read_mbps\": 0}]}}",
		  "test.json: kernel.swap[0].read_mbps: must be between 1 and 4294967295, got 0" },
		{ "{\"kernel\": {\"swap\": [{\"size\": \"1M\", \"write_mbps\": \"x\"}]}}",
		  "test.json: kernel.swap[0].write_mbps: expected an integer" },
		{ "{\"kernel\": {\"swap\": [{\"size\": \"1M\", \"prio\": 1}]}}",
		  "test.json: kernel.swap[0].prio: unknown key (known here: size, priority, "
		  "read_mbps, write_mbps, nr_requests, max_sectors_kb)" },
		{ "{\"kernel\": {\"swap\": [{\"size\": \"1M\", \"nr_requests\": 3}]}}",
		  "test.json: kernel.swap[0].nr_requests: must be between 4 and 65536, got 3" },
		{ "{\"kernel\": {\"swap\": [{\"size\": \"1M\", \"max_sectors_kb\": 2}]}}",
		  "test.json: kernel.swap[0].max_sectors_kb: must be between 4 and 65536, got 2" },
		{ "{\"kernel\": {\"migration\": {\"via\": \"copy\"}}}",
		  "test.json: kernel.migration.via: \"copy\" is not one of direct, swap" },
		{ "{\"kernel\": {\"migration\": {\"via\": 1}}}",
		  "test.json: kernel.migration.via: expected \"direct\" or \"swap\"" },
		{ "{\"kernel\": {\"migration\": {\"how\": \"swap\"}}}",
		  "test.json: kernel.migration.how: unknown key (known here: via)" },
		{ "{\"kernel\": {\"migration\": []}}", "test.json: kernel.migration: expected an object" },
	};
	char many[2048] = "{\"kernel\": {\"swap\": [";

	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		struct mm_boot_params p;
		char err[512] = "";

		ck_assert_int_eq(load(cases[i].json, &p, err, sizeof(err)), -1);
		ck_assert_str_eq(err, cases[i].msg);
	}
	for (int i = 0; i < 27; i++)
		strcat(many, i ? ", {\"size\": \"1M\"}" : "{\"size\": \"1M\"}");
	strcat(many, "]}}");
	{
		struct mm_boot_params p;
		char err[512] = "";

		ck_assert_int_eq(load(many, &p, err, sizeof(err)), -1);
		ck_assert_str_eq(err, "test.json: kernel.swap: 27 devices, at most 26 are supported");
	}
}
END_TEST

/* The config's keys reach the boot: sizes, priorities, bandwidths, the switch. */
START_TEST(test_swap_config_loads)
{
	struct mm_boot_params p;

	test_load_config("{\"kernel\": {\"swap\": [{\"size\": \"1G\", \"priority\": 3, "
			 "\"read_mbps\": 100, \"write_mbps\": 50, \"nr_requests\": 8, "
			 "\"max_sectors_kb\": 512}, {\"size\": \"64M\"}], "
			 "\"migration\": {\"via\": \"swap\"}}}", &p);
	ck_assert_uint_eq(p.nr_swap, 2);
	ck_assert_uint_eq(p.swap[0].size_bytes, 1ull << 30);
	ck_assert_int_eq(p.swap[0].prio, 3);
	ck_assert_uint_eq(p.swap[0].read_mbps, 100);
	ck_assert_uint_eq(p.swap[0].write_mbps, 50);
	ck_assert_int_eq(p.swap[1].prio, -1);
	ck_assert_uint_eq(p.swap[0].nr_requests, 8);
	ck_assert_uint_eq(p.swap[0].max_sectors_kb, 512);
	ck_assert_uint_eq(p.swap[1].read_mbps, SWAP_DEFAULT_READ_MBPS);
	ck_assert_uint_eq(p.swap[1].nr_requests, SWAP_DEFAULT_NR_REQUESTS);
	ck_assert_uint_eq(p.swap[1].max_sectors_kb, SWAP_DEFAULT_MAX_SECTORS_KB);
	ck_assert(p.migrate_via_swap);
	test_load_config("{}", &p);
	ck_assert_uint_eq(p.nr_swap, 0);
	ck_assert(!p.migrate_via_swap);
}
END_TEST

/*
 * The verb: via=swap swaps the pages out (they come back on node 1 when
 * touched, a major fault); kernel.migration.via=swap makes a plain
 * migrate_pages do the same, and via=direct overrides it; a bad via= is
 * an input error.
 */
START_TEST(test_swap_verb)
{
	struct fx fx;

	fx_boot_machine(&fx, boot_swap(K_NOSWAP ", \"swap\": [{\"size\": \"8M\"}], "
				       "\"migration\": {\"via\": \"swap\"}"));
	run_ok(&fx, "spawn pid=1 cpu=0\n"
		    "mmap pid=1 addr=0x10000000 len=16K noreplace id=b\n"
		    "touch pid=1 addr=@b len=16K write\n"
		    "set_mempolicy pid=1 mode=bind nodes=1\n"
		    "migrate_pages pid=1 from=0 to=1 all\n");
	ck_assert_uint_eq(ev(fx.m, PSWPOUT), 4);
	run_ok(&fx, "touch pid=1 addr=@b len=16K\n"
		    "migrate_pages pid=1 from=1 to=0 all via=direct\n");
	ck_assert_uint_eq(ev(fx.m, PSWPIN), 4);
	ck_assert_uint_eq(ev(fx.m, PGMIGRATE_SUCCESS), 4);
	ck_assert_int_eq(page_to_nid(page_at(&fx, 1, BASE)), 0);
	run_ok(&fx, "migrate_pages pid=1 from=0 to=1 all via=swap\n");
	ck_assert(is_swap_entry_pte(*proc_pte_at(fx.m, task(&fx, 1), BASE)));
	expect_bad(&fx, "migrate_pages pid=1 from=0 to=1 via=copy\n",
		   "t.trace:2: via=copy: expected via=direct or via=swap");
	fx_release(&fx);
}
END_TEST

/*
 * A run end to end: results.json's swap object counts the slots, the
 * page traffic and what migration through swap did (4 pages out, one
 * mlocked page left), and the snapshots hold /proc/swaps.  The write time
 * is the device's: 4 pages of 4 KiB at 450 MB/s, 9102 ns each.
 */
START_TEST(test_swap_results_json)
{
	char out[4096], err[1024], dir[128];
	json_t *root, *sw, *via;
	int status;
	char *swaps;

	test_scratch_dir(dir, sizeof(dir), "swap");
	test_sh_at(dir, "printf '%%s' '{\"machine\": {\"nodes\": [{\"mem\": \"64M\", \"cpus\": 1},"
		   " {\"mem\": \"64M\", \"cpus\": 1}]}, \"kernel\": {\"transparent_hugepage\":"
		   " \"never\", \"swap\": [{\"size\": \"16M\"}]}}' > @/m.json");
	test_sh_at(dir, "printf 'numasim-trace v1\\nspawn pid=1 cpu=0\\n"
		   "mmap pid=1 addr=0x10000000 len=20K noreplace\\n"
		   "touch pid=1 addr=0x10000000 len=20K write\\n"
		   "mlock pid=1 addr=0x10004000 len=4K\\n"
		   "migrate_pages pid=1 from=0 to=1 all via=swap\\n"
		   "snapshot name=s\\n' > @/t.trace");
	status = test_numasim_at(dir, out, sizeof(out), err, sizeof(err),
				 "run -c @/m.json -o @/out @/t.trace");
	ck_assert_msg(status == 0, "status %d: %s", status, err);
	root = json_load_file(test_path_in(dir, "out/results.json"), 0, NULL);
	ck_assert_ptr_nonnull(root);
	sw = json_object_get(root, "swap");
	ck_assert_int_eq(json_integer_value(json_object_get(sw, "devices")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(sw, "total_pages")), 4095);
	ck_assert_int_eq(json_integer_value(json_object_get(sw, "free_pages")), 4091);
	ck_assert_int_eq(json_integer_value(json_object_get(sw, "pswpout")), 4);
	ck_assert_int_eq(json_integer_value(json_object_get(sw, "write_ns")), 4 * 9102);
	via = json_object_get(sw, "via_swap");
	ck_assert_int_eq(json_integer_value(json_object_get(via, "folios")), 4);
	ck_assert_int_eq(json_integer_value(json_object_get(via, "refused_mlocked")), 1);
	ck_assert_int_ge(json_integer_value(json_object_get(via, "time_ns")), 4 * 9102);
	json_decref(root);
	swaps = test_read_file(test_path_in(dir, "out/snapshots/s/swaps"));
	ck_assert_ptr_nonnull(strstr(swaps, "/swapfile0"));
	free(swaps);
	test_remove_dir(dir);
}
END_TEST

/*
 * File pages are not swapped (shrink_folio_list() writes them back
 * through their own mapping instead): migrate_pages via=swap leaves them
 * where they are and counts them unswappable, while the anonymous pages
 * go.  mprotect leaves swap entries as they are (change_pte_range() only
 * rewrites migration entries among the non-present ones), and the page
 * comes back with the new protection.  And the overcommit refusal names
 * the swap it counted.
 */
START_TEST(test_swap_file_pages_and_mprotect)
{
	struct fx fx;
	pte_t before;
	char msg[256];

	fx_boot_machine(&fx, boot_swap(K_SWAP));
	run_ok(&fx, "spawn pid=1 cpu=0\n"
		    "mmap pid=1 addr=0x10000000 len=16K noreplace id=b\n"
		    "touch pid=1 addr=@b len=16K write\n"
		    "mmap pid=1 addr=0x20000000 len=8K file=f noreplace id=f\n"
		    "touch pid=1 addr=@f len=8K\n"
		    "migrate_pages pid=1 from=0 to=1 all via=swap\n");
	ck_assert_uint_eq(fx.m->swap.stats.via_swap_refused_unswappable, 2);
	ck_assert_uint_eq(fx.m->swap.stats.via_swap_folios, 4);
	ck_assert_int_eq(page_to_nid(page_at(&fx, 1, 0x20000000)), 0);
	before = *proc_pte_at(fx.m, task(&fx, 1), BASE);
	ck_assert(is_swap_entry_pte(before));
	run_ok(&fx, "mprotect pid=1 addr=@b len=16K prot=r\n");
	ck_assert_uint_eq(proc_pte_at(fx.m, task(&fx, 1), BASE)->pte, before.pte);
	run_ok(&fx, "touch pid=1 addr=@b len=4K\n");
	ck_assert(pte_present(*proc_pte_at(fx.m, task(&fx, 1), BASE)));
	ck_assert(!pte_write(*proc_pte_at(fx.m, task(&fx, 1), BASE)));
	snprintf(msg, sizeof(msg), "t.trace:2: mmap: ENOMEM: the charge of 0x10000000000 bytes is "
		 "refused: vm.overcommit_memory=0 refuses a single charge larger than the RAM and "
		 "swap (%lu + %ld pages)", totalram_pages(fx.m), total_swap_pages(fx.m));
	expect_bad(&fx, "mmap pid=1 len=0x10000000000\n", msg);
	fx_release(&fx);
}
END_TEST

Suite *swap_suite(void);

Suite *swap_suite(void)
{
	Suite *s = suite_create("swap");
	TCase *tc = tcase_create("slots");

	tcase_add_test(tc, test_swap_slot_order_and_priorities);
	tcase_add_test(tc, test_swap_slot_clusters);
	suite_add_tcase(s, tc);
	tc = tcase_create("swap_out_in");
	tcase_add_test(tc, test_swap_migrate_out_and_back);
	tcase_add_test(tc, test_swap_write_fault_frees_slot);
	tcase_add_test(tc, test_swap_fork_shares_entries);
	tcase_add_test(tc, test_swap_zap_frees_slots);
	tcase_add_test(tc, test_swap_refuses_mlocked_and_pinned);
	tcase_add_test(tc, test_swap_none_configured);
	tcase_add_test(tc, test_swap_writeback_in_simulated_time);
	tcase_add_test(tc, test_swap_cache_folio_migrates);
	tcase_add_test(tc, test_swap_check_catches_bad_count);
	suite_add_tcase(s, tc);
	tc = tcase_create("interfaces");
	tcase_add_test(tc, test_swap_meminfo_and_commit);
	tcase_add_test(tc, test_swap_proc_swaps);
	tcase_add_test(tc, test_swap_activate_frees_slot_when_full);
	tcase_add_test(tc, test_swap_request_queue_depth);
	tcase_add_test(tc, test_swap_request_merging);
	tcase_add_test(tc, test_swap_bad_config);
	tcase_add_test(tc, test_swap_config_loads);
	tcase_add_test(tc, test_swap_verb);
	tcase_add_test(tc, test_swap_results_json);
	tcase_add_test(tc, test_swap_file_pages_and_mprotect);
	suite_add_tcase(s, tc);
	return s;
}
