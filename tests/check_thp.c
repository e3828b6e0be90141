/*
 * tests/check_thp.c - transparent huge pages: huge faults and their gfp,
 * the huge zero page, fallback to base pages under fragmentation, PMD
 * splitting by partial munmap, MADV_DONTNEED, mprotect and CoW after
 * fork.  The checkers (buddy, LRU, rmap) run after every step.
 */
#include <check.h>
#include <stdlib.h>

#include "mm/daemon.h"
#include "mm/huge_mm.h"
#include "mm/internal.h"
#include "mm/rmap.h"
#include "mm/vmscan.h"
#include "mm/vmstat_counters.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

/* A 2 MiB-aligned address in the middle of the user range. */
#define THP_BASE	((uint64_t)0x200000000)

static struct machine *thp_boot(void)
{
	struct machine *m = test_boot_node("32M", 2,
					   TEST_K_BASE ", \"reserved\": \"0\", \"min_free_kbytes\": 0,"
					   " \"transparent_hugepage\": \"always\"");

	ck_assert_int_eq(m->thp.enabled, THP_ENABLED_ALWAYS);
	return m;
}

/* The defrag modes' gfp masks, madvised or not.  Linux: vma_thp_gfp_mask() (6.1). */
START_TEST(test_thp_gfp_per_defrag_mode)
{
	struct machine *m = thp_boot();
	struct vm_area_struct plain = { .vm_flags = VM_READ | VM_WRITE };
	struct vm_area_struct adv = { .vm_flags = VM_READ | VM_WRITE | VM_HUGEPAGE };

	m->thp.defrag = THP_DEFRAG_ALWAYS;
	ck_assert_uint_eq(vma_thp_gfp_mask(m, &plain), GFP_TRANSHUGE | __GFP_NORETRY);
	ck_assert_uint_eq(vma_thp_gfp_mask(m, &adv), GFP_TRANSHUGE);
	m->thp.defrag = THP_DEFRAG_DEFER;
	ck_assert_uint_eq(vma_thp_gfp_mask(m, &adv), GFP_TRANSHUGE_LIGHT | __GFP_KSWAPD_RECLAIM);
	m->thp.defrag = THP_DEFRAG_DEFER_MADVISE;
	ck_assert_uint_eq(vma_thp_gfp_mask(m, &plain), GFP_TRANSHUGE_LIGHT | __GFP_KSWAPD_RECLAIM);
	ck_assert_uint_eq(vma_thp_gfp_mask(m, &adv), GFP_TRANSHUGE);
	m->thp.defrag = THP_DEFRAG_MADVISE;
	ck_assert_uint_eq(vma_thp_gfp_mask(m, &plain), GFP_TRANSHUGE_LIGHT);
	ck_assert_uint_eq(vma_thp_gfp_mask(m, &adv), GFP_TRANSHUGE);
	m->thp.defrag = THP_DEFRAG_NEVER;
	ck_assert_uint_eq(vma_thp_gfp_mask(m, &adv), GFP_TRANSHUGE_LIGHT);
	test_release(m);
}
END_TEST

/* A write fault in an aligned 2 MiB range maps one THP with one PMD. */
START_TEST(test_thp_write_fault_maps_pmd)
{
	/*
	 * Linux: __do_huge_pmd_anonymous_page(): thp_fault_alloc, 512 pages in
	 * AnonPages and AnonHugePages, a deposited PTE table (NR_PAGETABLE:
	 * the PMD table and the deposit).
	 */
	struct machine *m = thp_boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);
	struct page *head;

	ck_assert_uint_eq(user_access(m, t, addr + 5 * PAGE_SIZE, true), 0);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_ALLOC], 1);
	head = proc_page_at(m, t, addr);
	ck_assert(PageTransHuge(head));
	ck_assert_uint_eq(compound_order(head), HPAGE_PMD_ORDER);
	ck_assert_int_eq(compound_mapcount(head), 1);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_THPS), HPAGE_PMD_NR);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), HPAGE_PMD_NR);
	ck_assert_int_eq(node_stat(m, 0, NR_PAGETABLE), 2);
	ck_assert_int_eq(t->mm->rss_stat[MM_ANONPAGES], HPAGE_PMD_NR);
	ck_assert_int_eq(node_stat(m, 0, NR_INACTIVE_ANON), HPAGE_PMD_NR);
	test_check(m);
	proc_exit_all(m);
	test_check(m);
	test_release(m);
}
END_TEST

/* An unaligned or too small range never gets a THP. */
START_TEST(test_thp_needs_aligned_range)
{
	/* Linux: transhuge_vma_suitable(): the 2 MiB block must lie inside the VMA. */
	struct machine *m = thp_boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE + PAGE_SIZE, HPAGE_PMD_SIZE, 0);

	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_ALLOC], 0);
	ck_assert(!PageFlag(proc_page_at(m, t, addr), PG_head));
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* In "madvise" mode only MADV_HUGEPAGE ranges get THPs. */
START_TEST(test_thp_madvise_mode)
{
	/* Linux: hugepage_vma_check(): enabled=madvise needs VM_HUGEPAGE. */
	struct machine *m = thp_boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, 2 * HPAGE_PMD_SIZE, 0);

	m->thp.enabled = THP_ENABLED_MADVISE;
	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_ALLOC], 0);
	ck_assert_int_eq(do_madvise(m, t, addr + HPAGE_PMD_SIZE, HPAGE_PMD_SIZE, MADV_HUGEPAGE), 0);
	ck_assert_uint_eq(t->mm->nr_vmas, 2);
	ck_assert_uint_eq(user_access(m, t, addr + HPAGE_PMD_SIZE, true), 0);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_ALLOC], 1);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A read maps the huge zero page; a write then splits the PMD and copies one page. */
START_TEST(test_thp_huge_zero_page)
{
	/*
	 * Linux: do_huge_pmd_anonymous_page() maps the huge zero page on a
	 * read (thp_zero_page_alloc once); do_huge_pmd_wp_page() on it splits
	 * the PMD into 512 zero-page PTEs (thp_split_pmd) and the write
	 * copies one page.
	 */
	struct machine *m = thp_boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);
	pmd_t *pmd;

	ck_assert_uint_eq(user_access(m, t, addr, false), 0);
	ck_assert_uint_eq(m->vm_events[THP_ZERO_PAGE_ALLOC], 1);
	follow_pte(m, t->mm, addr, &pmd);
	ck_assert(is_huge_zero_pmd(m, *pmd));
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), 0);
	test_check(m);
	ck_assert_uint_eq(user_access(m, t, addr + PAGE_SIZE, true), 0);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PMD], 1);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), 1);
	ck_assert(pte_special(*proc_pte_at(m, t, addr)));
	ck_assert(!pte_special(*proc_pte_at(m, t, addr + PAGE_SIZE)));
	ck_assert_uint_eq(m->vm_events[THP_ZERO_PAGE_ALLOC], 1);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * Take every free page, then give back one of each eight, so that no two
 * free pages are buddies.  The fallbacks on the way boost the
 * watermark; kswapd (which the engine runs between events) drops it again.
 */
static void fragment_node(struct machine *m)
{
	size_t nr = 0, cap = m->end_pfn;
	pfn_t *taken = malloc(cap * sizeof(*taken));
	struct page *page;

	ck_assert_ptr_nonnull(taken);
	for (;;) {
		page = alloc_pages_node(m, 0, GFP_HIGHUSER_MOVABLE | __GFP_THISNODE, 0);
		if (!page) {
			mm_run_daemons(m, m->clock_ns);
			page = alloc_pages_node(m, 0, GFP_HIGHUSER_MOVABLE | __GFP_THISNODE, 0);
		}
		if (!page)
			break;
		taken[nr++] = page_to_pfn(m, page);
	}
	for (size_t i = 0; i < nr; i++)
		if ((taken[i] & 7) == 0)
			test_free_pfn(m, taken[i], 0);
	free(taken);
	test_check(m);
}

/* With no free order-9 block a THP fault falls back to a base page. */
START_TEST(test_thp_fallback_under_fragmentation)
{
	/* Linux: do_huge_pmd_anonymous_page(): no folio -> thp_fault_fallback, then a PTE fault. */
	struct machine *m = thp_boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);

	fragment_node(m);
	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_FALLBACK], 1);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_ALLOC], 0);
	ck_assert(!PageFlag(proc_page_at(m, t, addr), PG_head));
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), 1);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Unmapping one page of a THP splits the PMD and the VMA; the rest stays mapped. */
START_TEST(test_thp_partial_munmap_splits)
{
	/*
	 * Linux: __split_vma() -> vma_adjust_trans_huge() splits the PMD
	 * (thp_split_pmd); the unmapped subpage leaves the folio partly
	 * mapped: deferred_split_huge_page() (thp_deferred_split_page).
	 * The folio is freed whole when its last subpage goes.
	 */
	struct machine *m = thp_boot();
	unsigned long before = proc_free_pages(m);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);
	struct page *head;

	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	head = proc_page_at(m, t, addr);
	ck_assert_int_eq(do_munmap(m, t, addr + 100 * PAGE_SIZE, PAGE_SIZE), 0);
	ck_assert_uint_eq(t->mm->nr_vmas, 2);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PMD], 1);
	ck_assert_uint_eq(m->vm_events[THP_DEFERRED_SPLIT_PAGE], 1);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_THPS), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), HPAGE_PMD_NR - 1);
	ck_assert_int_eq(t->mm->rss_stat[MM_ANONPAGES], HPAGE_PMD_NR - 1);
	ck_assert_int_eq(page_mapcount(head + 100), 0);
	ck_assert_int_eq(page_mapcount(head + 101), 1);
	ck_assert_int_eq(compound_mapcount(head), 0);
	test_check(m);
	task_exit(m, t);
	ck_assert_uint_eq(proc_free_pages(m), before);
	test_check(m);
	test_release(m);
}
END_TEST

/* MADV_DONTNEED of half a THP splits the PMD but not the VMA. */
START_TEST(test_thp_partial_dontneed)
{
	/* Linux: zap_pmd_range(): a range not covering the PMD splits it first. */
	struct machine *m = thp_boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);

	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	ck_assert_int_eq(do_madvise(m, t, addr, HPAGE_PMD_SIZE / 2, MADV_DONTNEED), 0);
	ck_assert_uint_eq(t->mm->nr_vmas, 1);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PMD], 1);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), HPAGE_PMD_NR / 2);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* mprotect of part of a THP splits its PMD at the new VMA boundary. */
START_TEST(test_thp_mprotect_splits)
{
	/* Linux: mprotect_fixup() -> split_vma() -> vma_adjust_trans_huge(). */
	struct machine *m = thp_boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);

	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	ck_assert_int_eq(do_mprotect(m, t, addr, 16 * PAGE_SIZE, PROT_READ), 0);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PMD], 1);
	ck_assert_uint_eq(user_access(m, t, addr, true), VM_FAULT_SIGSEGV);
	ck_assert_uint_eq(user_access(m, t, addr + 16 * PAGE_SIZE, true), 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* After fork a write on either side splits that side's PMD and copies one subpage. */
START_TEST(test_thp_fork_cow_splits)
{
	/*
	 * Linux: copy_huge_pmd() shares the THP write-protected;
	 * do_huge_pmd_wp_page() of a shared THP splits the PMD (6.1 never
	 * copies a whole THP) and do_wp_page() copies the one subpage written.
	 */
	struct machine *m = thp_boot();
	struct task_struct *p = proc_spawn(m, 1), *c;
	uint64_t addr = proc_mmap_anon_at(m, p, THP_BASE, HPAGE_PMD_SIZE, 0);
	struct page *head;

	ck_assert_uint_eq(user_access(m, p, addr, true), 0);
	head = proc_page_at(m, p, addr);
	ck_assert_int_eq(task_fork(m, p, 2, &c), 0);
	ck_assert_int_eq(compound_mapcount(head), 2);
	ck_assert_int_eq(node_stat(m, 0, NR_PAGETABLE), 4);
	test_check(m);
	ck_assert_uint_eq(user_access(m, c, addr + 3 * PAGE_SIZE, true), 0);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PMD], 1);
	ck_assert_uint_eq(m->proc_stats.cow_copies, 1);
	ck_assert(proc_page_at(m, c, addr + 3 * PAGE_SIZE) != head + 3);
	ck_assert(proc_page_at(m, c, addr + 4 * PAGE_SIZE) == head + 4);
	ck_assert_int_eq(compound_mapcount(head), 1);
	/* head + 4: the child's PTE and the parent's PMD; head + 3: the PMD only. */
	ck_assert_int_eq(page_mapcount_total(m, head + 4), 2);
	ck_assert_int_eq(page_mapcount_total(m, head + 3), 1);
	test_check(m);
	ck_assert_uint_eq(user_access(m, p, addr, true), 0);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PMD], 2);
	ck_assert_uint_eq(m->proc_stats.cow_copies, 2);	/* the parent copies its subpage too */
	ck_assert(proc_page_at(m, p, addr) != head);
	test_check(m);
	proc_exit_all(m);
	test_check(m);
	test_release(m);
}
END_TEST

/* drop_caches=2 splits a partly unmapped THP and frees what nobody maps. */
START_TEST(test_thp_deferred_split_frees_unmapped)
{
	/*
	 * Linux: deferred_split_scan() -> split_huge_page(): the folio left
	 * on the deferred split queue by a partial munmap becomes 512 pages
	 * (thp_split_page); the unmapped one goes back to the buddy, each
	 * other is a page of its own with one mapping and one reference.
	 */
	struct machine *m = thp_boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);
	unsigned long free_before;
	struct page *head;

	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	head = proc_page_at(m, t, addr);
	ck_assert_int_eq(do_munmap(m, t, addr + 7 * PAGE_SIZE, PAGE_SIZE), 0);
	free_before = proc_free_pages(m);
	ck_assert_uint_eq(drop_slab(m), 1);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PAGE], 1);
	ck_assert_uint_eq(proc_free_pages(m) - free_before, 1);
	ck_assert(!PageFlag(head, PG_head) && !PageFlag(head + 8, PG_tail));
	ck_assert_int_eq(page_count(head + 8), 1);
	ck_assert_int_eq(page_mapcount(head + 8), 1);
	ck_assert(proc_page_at(m, t, addr + 8 * PAGE_SIZE) == head + 8);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), HPAGE_PMD_NR - 1);
	ck_assert_int_eq(node_stat(m, 0, NR_INACTIVE_ANON), HPAGE_PMD_NR - 1);
	test_check(m);
	ck_assert_uint_eq(drop_slab(m), 0);
	proc_exit_all(m);
	test_check(m);
	test_release(m);
}
END_TEST

/* A pinned THP cannot be split; once unpinned it can. */
START_TEST(test_thp_split_refused_when_pinned)
{
	/*
	 * Linux: can_split_folio(): every reference but the splitter's must
	 * be a mapping, so a FOLL_PIN on a subpage makes split_huge_page()
	 * fail (thp_split_page_failed) and the folio stays queued.
	 */
	struct machine *m = thp_boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);
	struct page *pinned, *head;

	ck_assert_int_eq(gup_pages(m, t, addr + PAGE_SIZE, 1, FOLL_PIN | FOLL_WRITE, &pinned), 1);
	head = proc_page_at(m, t, addr);
	ck_assert_int_eq(do_madvise(m, t, addr + 100 * PAGE_SIZE, PAGE_SIZE, MADV_DONTNEED), 0);
	ck_assert_uint_eq(drop_slab(m), 0);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PAGE_FAILED], 1);
	ck_assert(PageTransHuge(head));
	test_check(m);
	gup_release(m, &pinned, 1, FOLL_PIN);
	ck_assert_uint_eq(drop_slab(m), 1);
	ck_assert(!PageFlag(head, PG_head));
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* An mlocked THP is mlocked by its PMD only: splitting the PMD munlocks it. */
START_TEST(test_thp_mlock_by_pmd_only)
{
	/*
	 * Linux 6.1: mlock_new_folio() mlocks a THP faulted into a locked VMA
	 * (512 in nr_mlock and on the unevictable list); __split_huge_pmd()'s
	 * page_remove_rmap(compound) munlocks it, and mlock_vma_folio() never
	 * mlocks a PTE-mapped large folio ("compound || !folio_test_large()").
	 */
	struct machine *m = thp_boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);
	struct page *head;

	ck_assert_int_eq(do_mlock(m, t, addr, HPAGE_PMD_SIZE, 0), 0);
	head = proc_page_at(m, t, addr);
	ck_assert(PageTransHuge(head) && PageFlag(head, PG_mlocked));
	ck_assert_int_eq(zone_page_state(test_normal0(m), NR_MLOCK), HPAGE_PMD_NR);
	ck_assert_int_eq(node_stat(m, 0, NR_UNEVICTABLE), HPAGE_PMD_NR);
	test_check(m);
	ck_assert_int_eq(do_mprotect(m, t, addr, PAGE_SIZE, PROT_READ), 0);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PMD], 1);
	ck_assert(!PageFlag(head, PG_mlocked));
	ck_assert_int_eq(zone_page_state(test_normal0(m), NR_MLOCK), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_UNEVICTABLE), 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

Suite *thp_suite(void);

Suite *thp_suite(void)
{
	Suite *s = suite_create("thp");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_thp_gfp_per_defrag_mode);
	tcase_add_test(tc, test_thp_write_fault_maps_pmd);
	tcase_add_test(tc, test_thp_needs_aligned_range);
	tcase_add_test(tc, test_thp_madvise_mode);
	tcase_add_test(tc, test_thp_huge_zero_page);
	tcase_add_test(tc, test_thp_fallback_under_fragmentation);
	tcase_add_test(tc, test_thp_partial_munmap_splits);
	tcase_add_test(tc, test_thp_partial_dontneed);
	tcase_add_test(tc, test_thp_mprotect_splits);
	tcase_add_test(tc, test_thp_fork_cow_splits);
	tcase_add_test(tc, test_thp_deferred_split_frees_unmapped);
	tcase_add_test(tc, test_thp_split_refused_when_pinned);
	tcase_add_test(tc, test_thp_mlock_by_pmd_only);
	suite_add_tcase(s, tc);
	return s;
}
