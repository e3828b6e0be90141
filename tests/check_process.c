/*
 * tests/check_process.c - processes: page tables, anonymous faults, fork
 * and copy-on-write, mapcounts through fork and exit, munmap splitting
 * VMAs and freeing page tables, mprotect, madvise, mlock, pins, shared and
 * file mappings.  THP and hugetlb have their own files.
 *
 * Every test runs the whole-machine checkers (buddy, pageblocks, LRU,
 * rmap) after each step; each names the kernel function whose rule it
 * checks.
 */
#include <check.h>
#include <errno.h>

#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/vmstat_counters.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

/* A task spawned on a fresh machine takes its two PGD pages and nothing else. */
START_TEST(test_spawn_allocates_pgd)
{
	/* Linux: pgd_alloc() with page-table isolation: one order-1 block. Expect -2 pages. */
	struct machine *m = test_boot_node("64M", 2, "");
	unsigned long before = proc_free_pages(m);
	struct task_struct *t = proc_spawn(m, 1);

	ck_assert_uint_eq(before - proc_free_pages(m), 2);
	ck_assert_uint_eq(t->mm->pgtables_bytes, 0);
	test_check(m);
	task_exit(m, t);
	ck_assert_uint_eq(proc_free_pages(m), before);
	test_check(m);
	test_release(m);
}
END_TEST

/*
 * exec builds the new mm on the task's own CPU (pgd_alloc() -> the local
 * node under the default policy): a task spawned on CPU 1 (node 1) while
 * the previous event ran on CPU 0 gets its PGD from node 1, and is current
 * afterwards.
 */
START_TEST(test_spawn_pgd_on_the_tasks_node)
{
	struct machine *m = test_boot_node_pair("64M", "64M", TEST_K_PLAIN);
	struct task_struct *t;

	m->current_cpu = 0;
	t = proc_spawn_on(m, 1, 1);
	ck_assert_int_eq(page_to_nid(pfn_to_page(m, t->mm->pgd_pfn)), 1);
	ck_assert_ptr_eq(m->current, t);
	ck_assert_int_eq(m->current_cpu, 1);
	test_release(m);
}
END_TEST

/* A read of untouched anonymous memory maps the zero page; a write allocates. */
START_TEST(test_anon_read_zero_page_then_write)
{
	/* Linux: do_anonymous_page(): zero page on read; wp_page_copy() of it on write. */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, 4 * PAGE_SIZE);
	pmd_t *pmd;
	pte_t *pte;

	ck_assert_uint_eq(user_access(m, t, addr, false), 0);
	pte = follow_pte(m, t->mm, addr, &pmd);
	ck_assert(pte && pte_special(*pte) && pte_pfn(*pte) == m->zero_pfn);
	ck_assert(!pte_write(*pte));
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), 0);
	test_check(m);
	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	pte = follow_pte(m, t->mm, addr, &pmd);
	ck_assert(!pte_special(*pte) && pte_write(*pte) && pte_dirty(*pte) && pte_young(*pte));
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), 1);
	ck_assert_int_eq(t->mm->rss_stat[MM_ANONPAGES], 1);
	ck_assert_uint_eq(m->vm_events[PGFAULT], 2);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* The first write fault builds the tables: a PUD, a PMD and a PTE table. */
START_TEST(test_first_fault_allocates_tables)
{
	/*
	 * Linux: __handle_mm_fault(): pud_alloc, pmd_alloc, pte_alloc.  PMD and
	 * PTE tables carry the PageTable constructor (NR_PAGETABLE 2); all
	 * three count in pgtables_bytes.  munmap with no neighbour frees them
	 * (free_pgtables), the PGD stays.
	 */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *t = proc_spawn(m, 1);
	unsigned long before = proc_free_pages(m);
	uint64_t addr = proc_mmap_anon(m, t, PAGE_SIZE);

	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_PAGETABLE), 2);
	ck_assert_uint_eq(t->mm->pgtables_bytes, 3 * PAGE_SIZE);
	ck_assert_uint_eq(before - proc_free_pages(m), 4);
	test_check(m);
	ck_assert_int_eq(do_munmap(m, t, addr, PAGE_SIZE), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_PAGETABLE), 0);
	ck_assert_uint_eq(t->mm->pgtables_bytes, 0);
	ck_assert_uint_eq(proc_free_pages(m), before);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* After fork both sides share the page read-only; the child's write copies it. */
START_TEST(test_fork_cow_sharing_and_breaking)
{
	/*
	 * Linux: copy_present_pte() write-protects both PTEs and adds a
	 * mapping; do_wp_page() copies for the child (the page has two
	 * references) and then reuses for the parent (one reference left).
	 */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *parent = proc_spawn(m, 1), *child;
	uint64_t addr = proc_mmap_anon(m, parent, PAGE_SIZE);
	struct page *page, *copy;

	ck_assert_uint_eq(user_access(m, parent, addr, true), 0);
	page = proc_page_at(m, parent, addr);
	ck_assert_int_eq(task_fork(m, parent, 2, &child), 0);
	test_check(m);
	ck_assert_int_eq(page_mapcount(page), 2);
	ck_assert_int_eq(page_count(page), 2);
	ck_assert(!pte_write(*proc_pte_at(m, parent, addr)));
	ck_assert(!pte_write(*proc_pte_at(m, child, addr)));
	ck_assert(proc_page_at(m, child, addr) == page);

	ck_assert_uint_eq(user_access(m, child, addr, true), 0);
	copy = proc_page_at(m, child, addr);
	ck_assert(copy != page);
	ck_assert_int_eq(page_mapcount(page), 1);
	ck_assert_int_eq(page_count(page), 1);
	ck_assert_uint_eq(m->proc_stats.cow_copies, 1);
	test_check(m);

	ck_assert_uint_eq(user_access(m, parent, addr, true), 0);
	ck_assert(proc_page_at(m, parent, addr) == page);
	ck_assert_uint_eq(m->proc_stats.cow_copies, 1);
	ck_assert_uint_eq(m->proc_stats.cow_reuses, 1);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Mapcounts follow fork and exit; the last exit frees everything. */
START_TEST(test_mapcounts_through_fork_and_exit)
{
	/* Linux: dup_mmap()/exit_mmap(): one mapping per process; no leak. Expect 3, 2, free. */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	unsigned long before = proc_free_pages(m);
	struct task_struct *p = proc_spawn(m, 1), *c1, *c2;
	uint64_t addr = proc_mmap_anon(m, p, 8 * PAGE_SIZE);
	struct page *page;

	proc_touch(m, p, addr, 8 * PAGE_SIZE, true);
	page = proc_page_at(m, p, addr + 3 * PAGE_SIZE);
	ck_assert_int_eq(task_fork(m, p, 2, &c1), 0);
	ck_assert_int_eq(task_fork(m, c1, 3, &c2), 0);
	ck_assert_int_eq(page_mapcount(page), 3);
	test_check(m);
	task_exit(m, c1);
	ck_assert_int_eq(page_mapcount(page), 2);
	test_check(m);
	task_exit(m, p);
	task_exit(m, c2);
	ck_assert_uint_eq(proc_free_pages(m), before);
	test_check(m);
	test_release(m);
}
END_TEST

/* A child's CoW copy is invisible to the parent's rmap walks. */
START_TEST(test_anon_vma_chains_across_fork)
{
	/*
	 * Linux: anon_vma_fork(): the child's new pages point at its own
	 * anon_vma, which the parent's VMA is not chained to; the parent's
	 * pages stay reachable from the child's VMA.
	 */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *p = proc_spawn(m, 1), *c;
	uint64_t addr = proc_mmap_anon(m, p, 2 * PAGE_SIZE);
	struct page *shared, *copy;

	proc_touch(m, p, addr, 2 * PAGE_SIZE, true);
	ck_assert_int_eq(task_fork(m, p, 2, &c), 0);
	ck_assert_uint_eq(user_access(m, c, addr, true), 0);
	copy = proc_page_at(m, c, addr);
	shared = proc_page_at(m, p, addr + PAGE_SIZE);
	ck_assert_uint_eq(rmap_count_mappings(m, copy), 1);
	ck_assert_uint_eq(rmap_count_mappings(m, shared), 2);
	ck_assert(page_anon_vma(m, copy) == vma_lookup(c->mm, addr)->anon_vma);
	ck_assert(page_anon_vma(m, copy) != vma_lookup(p->mm, addr)->anon_vma);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* munmap of the middle of a VMA leaves two VMAs with the right offsets. */
START_TEST(test_partial_munmap_splits_vma)
{
	/* Linux: __split_vma() twice, then the middle is unmapped; pages there are freed. */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, 4 * PAGE_SIZE);
	struct vm_area_struct *lo, *hi;

	proc_touch(m, t, addr, 4 * PAGE_SIZE, true);
	ck_assert_int_eq(do_munmap(m, t, addr + PAGE_SIZE, 2 * PAGE_SIZE), 0);
	ck_assert_uint_eq(t->mm->nr_vmas, 2);
	lo = t->mm->vmas[0];
	hi = t->mm->vmas[1];
	ck_assert_uint_eq(lo->vm_end, addr + PAGE_SIZE);
	ck_assert_uint_eq(hi->vm_start, addr + 3 * PAGE_SIZE);
	ck_assert_uint_eq(hi->vm_pgoff, lo->vm_pgoff + 3);
	ck_assert(lo->anon_vma == hi->anon_vma);
	ck_assert_int_eq(t->mm->rss_stat[MM_ANONPAGES], 2);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), 2);
	ck_assert_uint_eq(t->mm->total_vm, 2);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* An access outside every VMA is a SIGSEGV, counted, and the task lives on. */
START_TEST(test_segv_counted)
{
	/* Linux: do_user_addr_fault(): bad_area -> SIGSEGV. */
	struct machine *m = test_boot_node("64M", 2, "");
	struct task_struct *t = proc_spawn(m, 1);

	ck_assert_uint_eq(user_access(m, t, 0x1000000, false), VM_FAULT_SIGSEGV);
	ck_assert_uint_eq(t->nr_segv, 1);
	ck_assert_uint_eq(m->proc_stats.segv, 1);
	ck_assert_uint_eq(m->vm_events[PGFAULT], 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* mprotect(PROT_READ) makes writes fault with SIGSEGV; PROT_WRITE again restores. */
START_TEST(test_mprotect_write)
{
	/*
	 * Linux: access_error() refuses a write to a VMA without VM_WRITE;
	 * change_pte_range() with MM_CP_TRY_CHANGE_WRITABLE makes an
	 * exclusive anonymous page writable again without a fault, and
	 * vma_merge() joins the three VMAs again.
	 */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, 3 * PAGE_SIZE);

	proc_touch(m, t, addr, 3 * PAGE_SIZE, true);
	ck_assert_int_eq(do_mprotect(m, t, addr + PAGE_SIZE, PAGE_SIZE, PROT_READ), 0);
	ck_assert_uint_eq(t->mm->nr_vmas, 3);
	ck_assert(!pte_write(*proc_pte_at(m, t, addr + PAGE_SIZE)));
	ck_assert_uint_eq(user_access(m, t, addr + PAGE_SIZE, true), VM_FAULT_SIGSEGV);
	ck_assert_int_eq(do_mprotect(m, t, addr + PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
	ck_assert(pte_write(*proc_pte_at(m, t, addr + PAGE_SIZE)));
	/* Linux: mprotect_fixup() -> vma_merge(): equal again, one VMA again. */
	ck_assert_uint_eq(t->mm->nr_vmas, 1);
	ck_assert_int_eq(do_mprotect(m, t, addr + 8 * PAGE_SIZE, PAGE_SIZE, PROT_READ), -ENOMEM);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* MADV_DONTNEED frees the pages; the next read sees the zero page again. */
START_TEST(test_madvise_dontneed)
{
	/* Linux: madvise_dontneed_single_vma() -> zap_page_range(). */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, 4 * PAGE_SIZE);

	proc_touch(m, t, addr, 4 * PAGE_SIZE, true);
	ck_assert_int_eq(do_madvise(m, t, addr, 4 * PAGE_SIZE, MADV_DONTNEED), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), 0);
	ck_assert_int_eq(t->mm->rss_stat[MM_ANONPAGES], 0);
	ck_assert_uint_eq(user_access(m, t, addr, false), 0);
	ck_assert(pte_special(*proc_pte_at(m, t, addr)));
	ck_assert_int_eq(do_madvise(m, t, addr, 8 * PAGE_SIZE, MADV_DONTNEED), -ENOMEM);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* mlock moves the pages to the unevictable list; munlock moves them back. */
START_TEST(test_mlock_unevictable)
{
	/* Linux: mlock_fixup() + mlock_folio(): NR_MLOCK and the unevictable LRU. */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, 4 * PAGE_SIZE);

	ck_assert_int_eq(do_mlock(m, t, addr, 4 * PAGE_SIZE, 0), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_UNEVICTABLE), 4);
	ck_assert_int_eq(zone_page_state_snapshot(test_normal0(m), NR_MLOCK) +
			 zone_page_state_snapshot(test_zone(m, 0, ZONE_DMA32), NR_MLOCK), 4);
	ck_assert_uint_eq(t->mm->locked_vm, 4);
	test_check(m);
	ck_assert_int_eq(do_munlock(m, t, addr, 4 * PAGE_SIZE), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_UNEVICTABLE), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_INACTIVE_ANON), 4);
	ck_assert_uint_eq(m->vm_events[UNEVICTABLE_PGS_MUNLOCKED], 4);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A pinned exclusive page is copied for the child at fork, not shared. */
START_TEST(test_pinned_page_copied_at_fork)
{
	/*
	 * Linux: copy_present_pte() -> page_try_dup_anon_rmap() fails for a
	 * maybe-DMA-pinned exclusive page -> copy_present_page().
	 */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *p = proc_spawn(m, 1), *c;
	uint64_t addr = proc_mmap_anon(m, p, PAGE_SIZE);
	struct page *pinned;

	ck_assert_int_eq(gup_pages(m, p, addr, 1, FOLL_PIN | FOLL_WRITE | FOLL_LONGTERM, &pinned), 1);
	ck_assert_int_eq(page_count(pinned), 1 + GUP_PIN_COUNTING_BIAS);
	ck_assert(page_maybe_dma_pinned(m, pinned));
	ck_assert_int_eq(task_fork(m, p, 2, &c), 0);
	ck_assert(proc_page_at(m, c, addr) != pinned);
	ck_assert_int_eq(page_mapcount(pinned), 1);
	ck_assert(pte_write(*proc_pte_at(m, p, addr)));
	test_check(m);
	gup_release(m, &pinned, 1, FOLL_PIN | FOLL_LONGTERM);
	ck_assert_int_eq(page_count(pinned), 1);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Shared anonymous memory is one shmem page for both sides of a fork. */
START_TEST(test_shared_anon_across_fork)
{
	/*
	 * Linux: shmem_zero_setup(); a shmem page counts in Shmem (NR_SHMEM),
	 * is mapped as a file page (nr_mapped) and in RssShmem.
	 */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	unsigned long before = proc_free_pages(m);
	struct task_struct *p = proc_spawn(m, 1), *c;
	uint64_t addr;

	ck_assert_int_eq(do_mmap(m, p, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, NULL, 0, &addr), 0);
	ck_assert_int_eq(task_fork(m, p, 2, &c), 0);
	ck_assert_uint_eq(user_access(m, c, addr, true), 0);
	ck_assert_uint_eq(user_access(m, p, addr, false), 0);
	ck_assert(proc_page_at(m, p, addr) == proc_page_at(m, c, addr));
	ck_assert_int_eq(node_stat(m, 0, NR_SHMEM), 1);
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_MAPPED), 1);
	ck_assert_int_eq(c->mm->rss_stat[MM_SHMEMPAGES], 1);
	test_check(m);
	task_exit(m, c);
	task_exit(m, p);
	ck_assert_int_eq(node_stat(m, 0, NR_SHMEM), 0);
	ck_assert_uint_eq(proc_free_pages(m), before);
	test_check(m);
	test_release(m);
}
END_TEST

/* A file page outlives its mapping in the cache until drop_caches. */
START_TEST(test_file_page_cache_and_drop)
{
	/*
	 * Linux: filemap_fault() reads a missing page (a major fault); the
	 * cache keeps it after munmap; invalidate_mapping_pages() frees it.
	 */
	struct machine *m = test_boot_node("64M", 2, "");
	unsigned long before = proc_free_pages(m);
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *f = file_lookup(m, "/data/file");
	uint64_t addr;

	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, f, 0, &addr), 0);
	ck_assert_uint_eq(user_access(m, t, addr, false), 0);
	ck_assert_uint_eq(m->vm_events[PGMAJFAULT], 1);
	ck_assert_uint_eq(t->maj_flt, 1);
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_PAGES), 1);
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_MAPPED), 1);
	test_check(m);
	ck_assert_int_eq(do_munmap(m, t, addr, PAGE_SIZE), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_PAGES), 1);
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_MAPPED), 0);
	ck_assert_uint_eq(drop_pagecache(m), 1);
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_PAGES), 0);
	task_exit(m, t);
	ck_assert_uint_eq(proc_free_pages(m), before);
	test_check(m);
	test_release(m);
}
END_TEST

/* A private write to a file page copies it into an anonymous page. */
START_TEST(test_private_file_write_cow)
{
	/* Linux: do_cow_fault(): the cache page stays clean and unmapped by this PTE. */
	struct machine *m = test_boot_node("64M", 2, "");
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *f = file_lookup(m, "lib.so");
	uint64_t addr;
	struct page *page;

	ck_assert_int_eq(do_mmap(m, t, 0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, f, 0,
				 &addr), 0);
	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	page = proc_page_at(m, t, addr);
	ck_assert(PageAnon(page));
	ck_assert(filemap_lookup(m, f, 0) != page);
	/* do_cow_fault() read the file page into the cache and left it clean, unmapped. */
	ck_assert_ptr_nonnull(filemap_lookup(m, f, 0));
	ck_assert(!PageAnon(filemap_lookup(m, f, 0)));
	ck_assert(!PageFlag(filemap_lookup(m, f, 0), PG_dirty));
	ck_assert_int_eq(page_mapcount(filemap_lookup(m, f, 0)), 0);
	ck_assert_int_eq(t->mm->rss_stat[MM_ANONPAGES], 1);
	ck_assert_int_eq(t->mm->rss_stat[MM_FILEPAGES], 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST


/* A hugetlb mapping reserves at mmap, consumes at fault, returns at exit. */
START_TEST(test_hugetlb_mapping_fault_and_exit)
{
	/*
	 * Linux: hugetlb_reserve_pages() at mmap (HugePages_Rsvd 2),
	 * hugetlb_no_page() takes a reserved page (Free 3, Rsvd 1), exit puts
	 * the page back in the pool and drops the unused reservation.
	 */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr;
	pmd_t *pmd;

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 4), 0);
	ck_assert_uint_eq(m->hstate.nr_huge_pages, 4);
	ck_assert_int_eq(do_mmap(m, t, 0, 2 * HPAGE_PMD_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, NULL, 0, &addr), 0);
	ck_assert_uint_eq(addr & (HPAGE_PMD_SIZE - 1), 0);
	ck_assert_uint_eq(m->hstate.resv_huge_pages, 2);
	ck_assert_uint_eq(user_access(m, t, addr + PAGE_SIZE, true), 0);
	follow_pte(m, t->mm, addr, &pmd);
	ck_assert(pmd && pmd_trans_huge(*pmd) && pmd_write(*pmd));
	ck_assert_uint_eq(m->hstate.free_huge_pages, 3);
	ck_assert_uint_eq(m->hstate.resv_huge_pages, 1);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), 0);
	test_check(m);
	task_exit(m, t);
	ck_assert_uint_eq(m->hstate.free_huge_pages, 4);
	ck_assert_uint_eq(m->hstate.resv_huge_pages, 0);
	test_check(m);
	test_release(m);
}
END_TEST

/* Private hugetlb memory is copied on write after fork; an empty pool is SIGBUS. */
START_TEST(test_hugetlb_fork_cow_and_sigbus)
{
	/*
	 * Linux: copy_hugetlb_page_range() shares the page write-protected;
	 * hugetlb_wp() copies it for the writer.  With the pool empty and no
	 * reservation (MAP_NORESERVE) hugetlb_no_page() fails: VM_FAULT_SIGBUS.
	 */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *p = proc_spawn(m, 1), *c;
	uint64_t addr;

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 2), 0);
	ck_assert_int_eq(do_mmap(m, p, 0, 2 * HPAGE_PMD_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_NORESERVE, NULL, 0,
				 &addr), 0);
	ck_assert_uint_eq(user_access(m, p, addr, true), 0);
	ck_assert_int_eq(task_fork(m, p, 2, &c), 0);
	ck_assert_int_eq(compound_mapcount(proc_page_at(m, p, addr)), 2);
	ck_assert_uint_eq(user_access(m, c, addr, true), 0);
	ck_assert(proc_page_at(m, c, addr) != proc_page_at(m, p, addr));
	ck_assert_uint_eq(m->hstate.free_huge_pages, 0);
	test_check(m);
	ck_assert_uint_eq(user_access(m, p, addr + HPAGE_PMD_SIZE, true), VM_FAULT_SIGBUS);
	ck_assert_uint_eq(m->proc_stats.sigbus, 1);
	test_check(m);
	proc_exit_all(m);
	ck_assert_uint_eq(m->hstate.free_huge_pages, 2);
	test_check(m);
	test_release(m);
}
END_TEST

/* A migration entry has the value the reference kernel's trace shows. */
START_TEST(test_migration_entry_encoding)
{
	/*
	 * The recordings (migrate phase): the PTE restored after migration was
	 * 0x800000013c3e9867 (NX, frame 0x13c3e9, dirty, young, user, RW,
	 * present, soft-dirty); the entry that replaced the old frame 0x5b1f5
	 * was 0xeff9fffff49c1402: type SWP_MIGRATION_WRITE (29), the frame,
	 * young and dirty kept in the offset, soft-dirty in the RW position.
	 * Linux: try_to_migrate_one(), make_writable_migration_entry(),
	 * arch/x86 __swp_entry().
	 */
	pteval_t bits = 0x8000000000000867ull & ~PTE_PFN_MASK;	/* NX ... 0x867 */
	pte_t old = pfn_pte(0x5b1f5, bits);
	pte_t entry = make_migration_pte(old, true);

	ck_assert_uint_eq(entry.pte, 0xeff9fffff49c1402ull);
	ck_assert(is_migration_pte(entry));
	ck_assert_uint_eq(migration_entry_pfn(entry), 0x5b1f5);
	ck_assert_uint_eq(pte_swp_type(entry), SWP_MIGRATION_WRITE);
	ck_assert(pte_swp_soft_dirty(entry));
}
END_TEST

/* A fault on a migration entry waits for the migration and is counted. */
START_TEST(test_fault_on_migration_entry_waits)
{
	/*
	 * Linux: do_swap_page() -> migration_entry_wait(): the task sleeps
	 * until the PTE is restored; no page is allocated.  The entry is
	 * planted the way try_to_migrate_one() leaves it (mapping dropped, the
	 * migration's reference kept) and restored as remove_migration_pte().
	 */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, PAGE_SIZE);
	struct page *page;
	pte_t *pte, saved;
	unsigned long free_before;

	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	pte = proc_pte_at(m, t, addr);
	page = proc_page_at(m, t, addr);
	saved = *pte;
	*pte = make_migration_pte(saved, true);
	page_remove_rmap(m, page, false);	/* the RSS keeps counting it */
	free_before = proc_free_pages(m);
	ck_assert_uint_eq(user_access(m, t, addr, false), VM_FAULT_RETRY);
	ck_assert_uint_eq(m->proc_stats.migration_entry_waits, 1);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), 0);
	ck_assert_uint_eq(proc_free_pages(m), free_before);	/* nothing allocated */
	test_check(m);
	*pte = saved;
	page_add_anon_rmap(m, page, false);
	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A shared file mapping starts write-protected; the first write dirties the page. */
START_TEST(test_shared_file_write_notify)
{
	/*
	 * Linux: vma_wants_writenotify() keeps RW out of a shared file
	 * mapping's vm_page_prot; a read fault maps the page read-only, the
	 * write then faults (do_wp_page() -> wp_page_shared()) and marks the
	 * page dirty.  shmem needs no dirty tracking and maps RW at once.
	 */
	struct machine *m = test_boot_node("64M", 2, "");
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *f = file_lookup(m, "data");
	uint64_t addr;
	struct page *page;

	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0,
				 &addr), 0);
	ck_assert_uint_eq(user_access(m, t, addr, false), 0);
	ck_assert(!pte_write(*proc_pte_at(m, t, addr)));
	page = proc_page_at(m, t, addr);
	ck_assert(!PageFlag(page, PG_dirty));
	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	ck_assert_uint_eq(m->vm_events[PGFAULT], 2);
	ck_assert(pte_write(*proc_pte_at(m, t, addr)) && pte_dirty(*proc_pte_at(m, t, addr)));
	ck_assert(PageFlag(page, PG_dirty));
	ck_assert(proc_page_at(m, t, addr) == page);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* New mappings go into a free gap, also when every VMA lies below mmap_base. */
START_TEST(test_mmap_topdown_gap_below_vmas)
{
	/*
	 * Linux: unmapped_area_topdown(): the highest gap below mmap_base
	 * that fits, bounded below by the VMA under it.  With one page
	 * mapped two pages below mmap_base, a 4-page mapping cannot use the
	 * one-page gap above it and goes right below it.
	 */
	struct machine *m = test_boot_node("64M", 2, "");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t fixed = t->mm->mmap_base - 2 * PAGE_SIZE, b;
	uint64_t a = proc_mmap_anon_at(m, t, fixed, PAGE_SIZE, 0);

	ck_assert_uint_eq(a, fixed);
	ck_assert_int_eq(do_mprotect(m, t, fixed, PAGE_SIZE, PROT_READ), 0);	/* no merge */
	b = proc_mmap_anon(m, t, 4 * PAGE_SIZE);
	ck_assert_uint_eq(b + 4 * PAGE_SIZE, fixed);
	ck_assert_uint_eq(t->mm->nr_vmas, 2);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * MAP_POPULATE and mlock of PROT_NONE memory fault nothing and signal
 * nothing; mmap ignores that, mlock reports it.
 */
START_TEST(test_populate_skips_inaccessible)
{
	/*
	 * Linux: populate_vma_page_range() without FOLL_FORCE on an
	 * inaccessible VMA: check_vma_flags() refuses with -EFAULT, no fault,
	 * no signal.  mm_populate() ignores it (mmap succeeds); do_mlock()
	 * returns it as __mlock_posix_error_return() names it, -ENOMEM, with
	 * the VMA locked (apply_vma_lock_flags() ran first).
	 */
	struct machine *m = test_boot_node("64M", 2, "");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr;

	ck_assert_int_eq(do_mmap(m, t, 0, 8 * PAGE_SIZE, PROT_NONE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, NULL, 0, &addr), 0);
	ck_assert_int_eq(do_mlock(m, t, addr, 8 * PAGE_SIZE, 0), -ENOMEM);
	ck_assert(vma_lookup(t->mm, addr)->vm_flags & VM_LOCKED);
	ck_assert_uint_eq(m->vm_events[PGFAULT], 0);
	ck_assert_uint_eq(t->nr_segv, 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A read pin of untouched anonymous memory pins the zero page. */
START_TEST(test_read_pin_takes_zero_page)
{
	/*
	 * Linux: faultin_page() without FOLL_WRITE maps the zero page and
	 * follow_page_pte() returns it (6.1): no private page is allocated.
	 */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr;
	struct page *page;
	int count;

	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
				 NULL, 0, &addr), 0);
	ck_assert_int_eq(gup_pages(m, t, addr, 1, FOLL_GET, &page), 1);
	ck_assert_uint_eq(page_to_pfn(m, page), m->zero_pfn);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), 0);
	ck_assert_uint_eq(t->nr_segv, 0);
	count = page_count(page);
	gup_release(m, &page, 1, FOLL_GET);
	ck_assert_int_eq(page_count(page), count - 1);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A child does not inherit the parent's hugetlb reservation. */
START_TEST(test_hugetlb_fork_keeps_reservation_with_parent)
{
	/*
	 * Linux: hugetlb_dup_vma_private(): the reserve map stays with the
	 * parent, so the child's exit gives nothing back (HugePages_Rsvd 2
	 * until the parent goes).
	 */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *p = proc_spawn(m, 1), *c;
	uint64_t addr;

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 2), 0);
	ck_assert_int_eq(do_mmap(m, p, 0, 2 * HPAGE_PMD_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, NULL, 0, &addr), 0);
	ck_assert_int_eq(task_fork(m, p, 2, &c), 0);
	task_exit(m, c);
	ck_assert_uint_eq(m->hstate.resv_huge_pages, 2);
	task_exit(m, p);
	ck_assert_uint_eq(m->hstate.resv_huge_pages, 0);
	test_check(m);
	test_release(m);
}
END_TEST

/* A shared hugetlb mapping made read-only and writable again takes writes. */
START_TEST(test_hugetlb_shared_mprotect_write)
{
	/*
	 * Linux: hugetlb_change_protection() gives the PMD the VMA's
	 * protection again; a write fault on a shared page (hugetlb_wp() with
	 * VM_MAYSHARE) just makes it writable: no copy.
	 */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr;
	struct page *page;

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 1), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, HPAGE_PMD_SIZE, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB, NULL, 0, &addr), 0);
	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	page = proc_page_at(m, t, addr);
	ck_assert_int_eq(do_mprotect(m, t, addr, HPAGE_PMD_SIZE, PROT_READ), 0);
	ck_assert_int_eq(do_mprotect(m, t, addr, HPAGE_PMD_SIZE, PROT_READ | PROT_WRITE), 0);
	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	ck_assert(proc_page_at(m, t, addr) == page);
	ck_assert_uint_eq(m->proc_stats.cow_copies, 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Neighbours faulted apart share one anon_vma, so they merge again later. */
START_TEST(test_anon_vma_reused_by_neighbour)
{
	/*
	 * Linux: anon_vma_prepare() -> find_mergeable_anon_vma(): a VMA split
	 * off by mprotect takes its never-forked neighbour's anon_vma at its
	 * first fault; when the mprotect is undone, vma_merge() finds the two
	 * anon_vmas equal and joins the VMAs (one numa_maps line again).
	 */
	struct machine *m = test_boot_node("64M", 2, "\"transparent_hugepage\": \"never\"");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, 2 * PAGE_SIZE);

	ck_assert_int_eq(do_mprotect(m, t, addr + PAGE_SIZE, PAGE_SIZE,
				     PROT_READ | PROT_WRITE | PROT_EXEC), 0);
	proc_touch(m, t, addr, 2 * PAGE_SIZE, true);
	ck_assert(t->mm->vmas[0]->anon_vma == t->mm->vmas[1]->anon_vma);
	ck_assert_int_eq(do_mprotect(m, t, addr + PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
	ck_assert_uint_eq(t->mm->nr_vmas, 1);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

Suite *process_suite(void);

Suite *process_suite(void)
{
	Suite *s = suite_create("process");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_spawn_allocates_pgd);
	tcase_add_test(tc, test_spawn_pgd_on_the_tasks_node);
	tcase_add_test(tc, test_anon_read_zero_page_then_write);
	tcase_add_test(tc, test_first_fault_allocates_tables);
	tcase_add_test(tc, test_fork_cow_sharing_and_breaking);
	tcase_add_test(tc, test_mapcounts_through_fork_and_exit);
	tcase_add_test(tc, test_anon_vma_chains_across_fork);
	tcase_add_test(tc, test_anon_vma_reused_by_neighbour);
	tcase_add_test(tc, test_partial_munmap_splits_vma);
	tcase_add_test(tc, test_segv_counted);
	tcase_add_test(tc, test_mprotect_write);
	tcase_add_test(tc, test_madvise_dontneed);
	tcase_add_test(tc, test_mlock_unevictable);
	tcase_add_test(tc, test_pinned_page_copied_at_fork);
	tcase_add_test(tc, test_shared_anon_across_fork);
	tcase_add_test(tc, test_file_page_cache_and_drop);
	tcase_add_test(tc, test_private_file_write_cow);
	tcase_add_test(tc, test_shared_file_write_notify);
	tcase_add_test(tc, test_hugetlb_mapping_fault_and_exit);
	tcase_add_test(tc, test_hugetlb_fork_cow_and_sigbus);
	tcase_add_test(tc, test_migration_entry_encoding);
	tcase_add_test(tc, test_mmap_topdown_gap_below_vmas);
	tcase_add_test(tc, test_populate_skips_inaccessible);
	tcase_add_test(tc, test_read_pin_takes_zero_page);
	tcase_add_test(tc, test_hugetlb_fork_keeps_reservation_with_parent);
	tcase_add_test(tc, test_hugetlb_shared_mprotect_write);
	tcase_add_test(tc, test_fault_on_migration_entry_waits);
	suite_add_tcase(s, tc);
	return s;
}
