/*
 * mm/memory.c - user accesses, page faults, and the PTE-level halves of
 * unmapping (zap) and fork (copy).
 *
 * An access is first tried the way the MMU tries it: a present PTE (or
 * huge PMD) that allows it gets its accessed bit, and its dirty bit on a
 * write.  Otherwise the kernel's fault path runs:
 *   - no VMA, or a VMA that forbids the access: SIGSEGV (counted);
 *   - hugetlb VMAs: hugetlb_fault();
 *   - an empty PMD in a THP-eligible anonymous VMA: a huge fault;
 *   - an empty PTE: anonymous (the zero page on a read, a zeroed page on a
 *     write) or file (the page cache; CoW copy on a private write);
 *   - a migration entry: the task waits for the migration (counted);
 *   - a swap entry: do_swap_page(): the folio from the swap cache or
 *     read back from swap (mm/swap.h), mapped again;
 *   - a PROT_NONE PTE of an accessible VMA: a NUMA hinting fault
 *     (do_numa_page()): the protection back, the fault counted, the page
 *     perhaps asked to move (mm/numa_balancing.h);
 *   - a write to a write-protected PTE: do_wp_page(): reuse an exclusive
 *     anonymous page, otherwise copy it (CoW).
 * A fault may leave the access refused still (a hinting fault restores a
 * read-only PTE a write needs): the access is tried again, and faults
 * again, as the CPU retries it.
 *
 * Invariants: a PTE maps a page only with the page's mapcount and
 * refcount raised for it (the zero page, a special mapping, excepted);
 * a private VMA's PTEs are writable only for exclusive anonymous pages.
 *
 * Linux counterpart: mm/memory.c (6.1): handle_mm_fault, do_anonymous_page,
 * do_fault, do_wp_page, wp_page_copy, do_swap_page, do_numa_page, numa_migrate_prep,
 * zap_pte_range, copy_pte_range; arch/x86/mm/fault.c (access_error).
 */
#include <errno.h>

#include "mm/bug.h"
#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/numa_balancing.h"
#include "mm/oom.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/writeback.h"

/* Linux: fault_around_bytes (64 KiB): read faults map cached neighbours too. */
#define FAULT_AROUND_PAGES	16

/*
 * The faults one access can take at most: a NUMA hinting fault, then a
 * write fault, which may be retried once when reclaim took its page
 * meanwhile (wp_page_copy()).
 */
#define FAULTS_PER_ACCESS_MAX	3

/* Linux: mk_pte(), include/linux/mm.h */
static pte_t mk_pte(const struct machine *m, struct page *page, const struct vm_area_struct *vma)
{
	return pfn_pte(page_to_pfn(m, page), vma_page_prot(vma));
}

/* Linux: maybe_mkwrite(): writable only if the VMA is. */
static pte_t maybe_mkwrite(pte_t pte, const struct vm_area_struct *vma)
{
	return (vma->vm_flags & VM_WRITE) ? pte_mkwrite(pte) : pte;
}

/* Linux: vm_normal_page(): the page behind a present PTE, NULL for the zero page. */
static struct page *vm_normal_page(const struct machine *m, pte_t pte)
{
	if (pte_special(pte))
		return NULL;
	return pfn_to_page(m, pte_pfn(pte));
}

/* ---- anonymous faults ---- */

/* Linux: do_anonymous_page(), mm/memory.c */
static vm_fault_t do_anonymous_page(struct machine *m, struct vm_area_struct *vma,
				    uint64_t addr, pte_t *pte, unsigned int flags)
{
	struct page *page;
	pte_t entry;

	if (!(flags & FAULT_FLAG_WRITE) && get_zero_pfn(m) != PFN_NONE) {
		*pte = pte_set(pfn_pte(m->zero_pfn, vma_page_prot(vma)), _PAGE_SPECIAL);
		return 0;
	}
	if (anon_vma_prepare(m, vma))
		return VM_FAULT_OOM;
	page = vma_alloc_folio(m, GFP_HIGHUSER_MOVABLE | __GFP_ZERO, 0, vma, addr, false);
	if (!page)
		return VM_FAULT_OOM;
	entry = mk_pte(m, page, vma);
	if (vma->vm_flags & VM_WRITE)
		entry = pte_mkwrite(pte_mkdirty(entry));
	inc_mm_counter(vma->vm_mm, MM_ANONPAGES, 1);
	page_add_new_anon_rmap(m, page, vma, addr, false);
	folio_add_lru(m, page, vma);
	*pte = entry;
	return 0;
}

/* ---- file and shmem faults ---- */

/* Linux: linear_page_index(), include/linux/pagemap.h */
static uint64_t linear_page_index(const struct vm_area_struct *vma, uint64_t addr)
{
	return vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
}

/* Linux: do_set_pte() / finish_fault(): map a cached page. */
static void map_file_page(struct machine *m, struct vm_area_struct *vma, struct page *page,
			  pte_t *pte, bool write)
{
	pte_t entry = mk_pte(m, page, vma);

	if (write)
		entry = maybe_mkwrite(pte_mkdirty(entry), vma);
	get_page(m, page);
	inc_mm_counter(vma->vm_mm, mm_counter(m, page), 1);
	page_add_file_rmap(m, page, false);
	/* 6.1's page_add_file_rmap() mlocks a page mapped into a locked VMA. */
	if (vma->vm_flags & VM_LOCKED)
		mlock_folio(m, page);
	*pte = entry;
}

/*
 * Linux: do_fault_around() / filemap_map_pages(), mm/filemap.c: a read
 * fault first maps the already cached pages of the surrounding 64 KiB,
 * within the VMA and the PTE table, read-only and young (x86 does not
 * want prefaulted PTEs old), the faulting page too if it is ready.  True
 * when it mapped the faulting page (VM_FAULT_NOPAGE: the fault is done).
 */
static bool do_fault_around(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			    pte_t *pte)
{
	struct address_space *mapping = vma->vm_file;
	struct file_ra_state *ra = mapping->shmem ? NULL : file_ra_state_of(m, mapping);
	uint64_t span = (uint64_t)FAULT_AROUND_PAGES << PAGE_SHIFT;
	uint64_t start = addr & ~(span - 1), end;
	bool mapped = false;

	if (start < vma->vm_start)
		start = vma->vm_start;
	end = start + span < vma->vm_end ? start + span : vma->vm_end;
	for (uint64_t a = start; a < end; a += PAGE_SIZE) {
		pte_t *p = pte + (int64_t)((a >> PAGE_SHIFT) - (addr >> PAGE_SHIFT));
		struct page *page;

		if ((a & PMD_MASK) != (addr & PMD_MASK))
			continue;
		page = filemap_map_page(m, mapping, ra, linear_page_index(vma, a));
		if (!page || !pte_none(*p))
			continue;
		map_file_page(m, vma, page, p, false);
		mapped |= a == addr;
	}
	return mapped;
}

/*
 * The page of the file at addr: shmem's (shmem_fault()), or the page
 * cache's through filemap_fault(), read in if need be.
 */
static struct page *fault_file_page(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
				    vm_fault_t *ret)
{
	uint64_t index = linear_page_index(vma, addr);
	struct page *page;

	if (!vma->vm_file->shmem)
		return filemap_fault(m, vma, index, addr, ret);
	page = filemap_lookup(m, vma->vm_file, index);
	return page ? page : filemap_get_page(m, vma->vm_file, vma, index, addr, ret);
}

/*
 * Linux: fault_dirty_shared_page(), mm/memory.c: a write through a shared
 * mapping dirties the page, and a writer of a regular file (ext4 has
 * ->page_mkwrite) is throttled to the device's pace; shmem's backing
 * device does no writeback, so it never is.  6.1 throttles before the
 * CPU retries the store, which faults again if writeback cleaned the
 * page meanwhile; numasim throttles once the access is done
 * (faultin_page()), so that an access takes a bounded number of faults.
 */
static vm_fault_t fault_dirty_shared_page(struct machine *m, struct vm_area_struct *vma,
					  struct page *folio)
{
	folio_mark_dirty(m, folio);
	return mapping_can_writeback(vma->vm_file) ? VM_FAULT_BALANCE_DIRTY : 0;
}

/* Linux: do_cow_fault(): a private write to a file page copies it. */
static vm_fault_t do_cow_fault(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			       pte_t *pte)
{
	vm_fault_t ret = 0;
	struct page *src, *page;
	pte_t entry;

	if (anon_vma_prepare(m, vma))
		return VM_FAULT_OOM;
	/* The copy first, then the file page (__do_fault()), as 6.1 does. */
	page = vma_alloc_folio(m, GFP_HIGHUSER_MOVABLE, 0, vma, addr, false);
	if (!page)
		return VM_FAULT_OOM;
	src = fault_file_page(m, vma, addr, &ret);
	if (!src) {
		put_page(m, page);
		return ret;
	}
	entry = maybe_mkwrite(pte_mkdirty(mk_pte(m, page, vma)), vma);
	inc_mm_counter(vma->vm_mm, MM_ANONPAGES, 1);
	page_add_new_anon_rmap(m, page, vma, addr, false);
	folio_add_lru(m, page, vma);
	*pte = entry;
	return ret;
}

/* Linux: do_fault() -> do_read_fault() / do_cow_fault() / do_shared_fault() */
static vm_fault_t do_fault(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			   pte_t *pte, unsigned int flags)
{
	bool write = flags & FAULT_FLAG_WRITE;
	vm_fault_t ret = 0;
	struct page *page;

	if (write && !(vma->vm_flags & VM_SHARED))
		return do_cow_fault(m, vma, addr, pte);
	/* do_read_fault(): fault-around first; it may map the page itself. */
	if (!write && do_fault_around(m, vma, addr, pte))
		return 0;
	page = fault_file_page(m, vma, addr, &ret);
	if (!page)
		return ret;
	map_file_page(m, vma, page, pte, write);
	if (write)
		ret |= fault_dirty_shared_page(m, vma, page);	/* do_shared_fault() */
	return ret;
}

/*
 * Linux: the present-page arm of zap_pte_range(), mm/memory.c.
 * Drop one PTE mapping of page: RSS, rmap, mlock (page_remove_rmap()
 * munlocks a page whose last locked mapping goes), the reference.
 */
static void zap_page(struct machine *m, struct vm_area_struct *vma, struct page *page)
{
	struct page *head = compound_head(m, page);

	inc_mm_counter(vma->vm_mm, mm_counter(m, head), -1);
	page_remove_rmap(m, page, false);
	if ((vma->vm_flags & VM_LOCKED) && PageFlag(head, PG_mlocked))
		munlock_folio(m, head);
	put_page(m, page);
}

/* ---- write-protect faults ---- */

/* Linux: wp_page_copy(), mm/memory.c: give this VMA its own copy. */
static vm_fault_t wp_page_copy(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			       pte_t *pte, struct page *old)
{
	gfp_t gfp = GFP_HIGHUSER_MOVABLE | (old ? 0 : __GFP_ZERO);
	struct page *page;

	if (anon_vma_prepare(m, vma))
		return VM_FAULT_OOM;
	/* do_wp_page()'s reference: the allocation's reclaim may unmap old. */
	if (old)
		get_page(m, old);
	page = vma_alloc_folio(m, gfp, 0, vma, addr, false);
	/* pte_same(): reclaim took the mapping meanwhile, so the fault is retried. */
	if (old && (!page || !pte_present(*pte) || pte_pfn(*pte) != page_to_pfn(m, old))) {
		if (page)
			put_page(m, page);
		put_page(m, old);
		return page ? 0 : VM_FAULT_OOM;
	}
	if (!page)
		return VM_FAULT_OOM;
	*pte = maybe_mkwrite(pte_mkdirty(mk_pte(m, page, vma)), vma);
	inc_mm_counter(vma->vm_mm, MM_ANONPAGES, 1);
	page_add_new_anon_rmap(m, page, vma, addr, false);
	folio_add_lru(m, page, vma);
	if (old) {
		zap_page(m, vma, old);
		put_page(m, old);
	}
	m->proc_stats.cow_copies++;
	return 0;
}

/*
 * Linux: wp_page_reuse(): the page is ours alone (or a shared mapping's);
 * just allow the write.  Every reuse counts pgreuse, the exclusive
 * anonymous page and the shared file page alike (6.1 counts it here, and
 * only for PTEs: a huge PMD reused in place does not).
 */
static vm_fault_t wp_page_reuse(struct machine *m, struct vm_area_struct *vma, pte_t *pte)
{
	struct page *page = vm_normal_page(m, *pte);

	/* Its NUMA fault history may be another task's: forget it. */
	if (page)
		page_cpupid_reset_last(m, page);
	*pte = maybe_mkwrite(pte_mkdirty(pte_mkyoung(*pte)), vma);
	m->proc_stats.cow_reuses++;
	__count_vm_events(m, PGREUSE, 1);
	return 0;
}

/*
 * Linux: do_wp_page(), mm/memory.c (6.1).  An anonymous page is reused if
 * it is marked exclusive, or if it is a small page nobody else holds a
 * reference to (it then becomes this VMA's: page_move_anon_rmap); any
 * other page, including every subpage of a THP, is copied.
 */
static vm_fault_t do_wp_page(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			     pte_t *pte)
{
	struct page *page = vm_normal_page(m, *pte);
	struct page *head;

	if (vma->vm_flags & VM_SHARED) {
		/* Linux: wp_page_shared(): reuse, then fault_dirty_shared_page(). */
		vm_fault_t ret = wp_page_reuse(m, vma, pte);

		if (page)
			ret |= fault_dirty_shared_page(m, vma, compound_head(m, page));
		return ret;
	}
	if (!page)
		return wp_page_copy(m, vma, addr, pte, NULL);
	head = compound_head(m, page);
	if (PageAnon(head)) {
		if (PageFlag(page, PG_anon_exclusive))
			return wp_page_reuse(m, vma, pte);
		if (!PageFlag(head, PG_head) && page_count(head) == 1) {
			/* Linux: page_move_anon_rmap() */
			page_set_mapping(head, vma->anon_vma->id, true);
			SetPageFlag(page, PG_anon_exclusive);
			return wp_page_reuse(m, vma, pte);
		}
	}
	return wp_page_copy(m, vma, addr, pte, page);
}

/* ---- swap faults ---- */

/*
 * Linux: should_try_to_free_swap(), mm/memory.c (no memcg: its
 * swap-full test is vm_swap_full()): free the slot of a folio just
 * swapped in when swap runs short, when it will stay locked in memory,
 * or when a write fault would otherwise find the cache's reference and
 * copy.
 */
static bool should_try_to_free_swap(const struct machine *m, struct page *folio,
				    const struct vm_area_struct *vma, unsigned int flags)
{
	if (!folio_test_swapcache(folio))
		return false;
	if (vm_swap_full(m) || (vma->vm_flags & VM_LOCKED) || PageFlag(folio, PG_mlocked))
		return true;
	return (flags & FAULT_FLAG_WRITE) && page_count(folio) == 2;
}

/*
 * Linux: page_add_anon_rmap() -> __page_set_anon_rmap(): a folio read in
 * fresh has no anon_vma yet and takes the VMA's (its root's if others
 * may share it); one already anonymous keeps its own.
 */
static void swapin_add_rmap(struct machine *m, struct page *folio, struct vm_area_struct *vma,
			    uint64_t addr, bool exclusive)
{
	if (!PageAnon(folio)) {
		const struct anon_vma *av = exclusive ? vma->anon_vma : vma->anon_vma->root;

		page_set_mapping(folio, av->id, true);
		folio->index = (uint32_t)linear_page_index(vma, addr);
	}
	page_add_anon_rmap(m, folio, false);
	if (exclusive)
		SetPageFlag(folio, PG_anon_exclusive);
	if (vma->vm_flags & VM_LOCKED)
		mlock_folio(m, folio);
}

/*
 * Linux: do_swap_page(), mm/memory.c (6.1): the folio of the swap entry,
 * from the swap cache (a minor fault) or read in (a major fault), mapped
 * back where the entry was; the swap lookup's reference becomes the
 * mapping's.  Writable at once if the entry was exclusive or nobody else
 * holds the folio, else a write continues as a write-protect fault.
 */
static vm_fault_t do_swap_page(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			       pte_t *pte, unsigned int flags)
{
	pte_t orig = *pte, entry;
	swp_entry_t swp = pte_to_swp_entry(orig);
	vm_fault_t ret = 0;
	struct page *folio;
	bool major, exclusive = pte_swp_exclusive(orig);

	if (!swp_swap_info(m, swp) || anon_vma_prepare(m, vma))
		return swp_swap_info(m, swp) ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	folio = swapin_readahead(m, swp, vma, addr, &major);
	if (!folio)
		return VM_FAULT_OOM;
	if (major) {
		ret = VM_FAULT_MAJOR;
		__count_vm_events(m, PGMAJFAULT, 1);
	}
	swap_free(m, swp);
	if (should_try_to_free_swap(m, folio, vma, flags))
		folio_free_swap(m, folio);
	inc_mm_counter(vma->vm_mm, MM_ANONPAGES, 1);
	inc_mm_counter(vma->vm_mm, MM_SWAPENTS, -1);
	entry = mk_pte(m, folio, vma);
	exclusive = exclusive || page_count(folio) == 1;
	if (exclusive && (flags & FAULT_FLAG_WRITE)) {
		entry = maybe_mkwrite(pte_mkdirty(entry), vma);
		flags &= ~FAULT_FLAG_WRITE;
	}
	if (pte_swp_soft_dirty(orig))
		entry = pte_set(entry, _PAGE_SOFT_DIRTY);
	swapin_add_rmap(m, folio, vma, addr, exclusive);
	*pte = entry;
	if (flags & FAULT_FLAG_WRITE)
		ret |= do_wp_page(m, vma, addr, pte);
	return ret;
}

/* ---- NUMA hinting faults ---- */

int numa_migrate_prep(struct machine *m, struct page *page, struct vm_area_struct *vma,
		      uint64_t addr, int page_nid, int *flags)
{
	get_page(m, page);
	__count_vm_events(m, NUMA_HINT_FAULTS, 1);
	if (page_nid == numa_node_id(m)) {
		__count_vm_events(m, NUMA_HINT_FAULTS_LOCAL, 1);
		*flags |= TNF_FAULT_LOCAL;
	}
	return mpol_misplaced(m, page, vma, addr);
}

/*
 * Linux: do_numa_page(), mm/memory.c (6.1).  The PTE gets the VMA's
 * protection back (young, writable if it was: the scan kept the write
 * bit).  A page that is not a small normal page (the zero page; 6.1 does
 * not handle PTE-mapped THPs yet) is just restored, unaccounted; any
 * other counts a hinting fault and may be asked to move.
 */
static vm_fault_t do_numa_page(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			       pte_t *pte)
{
	bool was_writable = pte_write(*pte);
	struct page *page = vm_normal_page(m, *pte);
	int page_nid = NUMA_NO_NODE, last_cpupid = 0, target_nid, flags = 0;

	if (!page || (page->flags & ((1u << PG_head) | (1u << PG_tail))))
		goto out_map;
	/* Read-only pages are likely shared read-mostly: no grouping on them. */
	if (!was_writable)
		flags |= TNF_NO_GROUP;
	if (page_mapcount(page) > 1 && (vma->vm_flags & VM_SHARED))
		flags |= TNF_SHARED;
	page_nid = page_to_nid(page);
	last_cpupid = page_cpupid_last(m, page);
	target_nid = numa_migrate_prep(m, page, vma, addr, page_nid, &flags);
	if (target_nid == NUMA_NO_NODE) {
		put_page(m, page);
		goto out_map;
	}
	m->proc_stats.numa_misplaced[target_nid]++;
	if (migrate_misplaced_page(m, page, vma, target_nid)) {
		task_numa_fault(m, last_cpupid, target_nid, 1, flags | TNF_MIGRATED);
		return 0;
	}
	flags |= TNF_MIGRATE_FAIL;
out_map:
	*pte = pte_mkyoung(pte_modify(*pte, vma_page_prot(vma)));
	if (was_writable)
		*pte = pte_mkwrite(*pte);
	if (page_nid != NUMA_NO_NODE)
		task_numa_fault(m, last_cpupid, page_nid, 1, flags);
	return 0;
}

/* ---- the fault entry ---- */

/* Linux: handle_pte_fault(), mm/memory.c */
static vm_fault_t handle_pte_fault(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
				   pte_t *pte, unsigned int flags)
{
	bool write = flags & FAULT_FLAG_WRITE;

	if (pte_none(*pte))
		return vma_is_anonymous(vma) ? do_anonymous_page(m, vma, addr, pte, flags) :
					       do_fault(m, vma, addr, pte, flags);
	if (!pte_present(*pte)) {
		if (is_migration_pte(*pte)) {
			/* Linux: migration_entry_wait(): sleep until the PTE is restored. */
			m->proc_stats.migration_entry_waits++;
			return VM_FAULT_RETRY;
		}
		if (is_swap_entry_pte(*pte))
			return do_swap_page(m, vma, addr, pte, flags);
		return VM_FAULT_SIGBUS;		/* a poisoned page's entry */
	}
	if (pte_protnone(*pte) && vma_is_accessible(vma))
		return do_numa_page(m, vma, addr, pte);
	if (write && !pte_write(*pte))
		return do_wp_page(m, vma, addr, pte);
	*pte = pte_mkyoung(*pte);
	if (write)
		*pte = pte_mkdirty(*pte);
	return 0;
}

/* Linux: __handle_mm_fault(): the PMD level, then the PTE level. */
static vm_fault_t __handle_mm_fault(struct machine *m, struct vm_area_struct *vma,
				    uint64_t addr, unsigned int flags)
{
	pmd_t *pmd = mm_find_pmd(m, vma->vm_mm, addr, true);
	vm_fault_t ret;

	if (!pmd)
		return VM_FAULT_OOM;
	if (pmd_none(*pmd) && thp_vma_suitable(m, vma, addr)) {
		ret = do_huge_pmd_anonymous_page(m, vma, addr, pmd, flags);
		if (!(ret & VM_FAULT_FALLBACK))
			return ret;
	} else if (pmd_trans_huge(*pmd)) {
		if (pmd_protnone(*pmd) && vma_is_accessible(vma))
			return do_huge_pmd_numa_page(m, vma, addr, pmd);
		if (!(flags & FAULT_FLAG_WRITE) || pmd_write(*pmd)) {
			huge_pmd_touch(pmd, flags & FAULT_FLAG_WRITE);
			return 0;
		}
		ret = do_huge_pmd_wp_page(m, vma, addr, pmd);
		if (!(ret & VM_FAULT_FALLBACK))
			return ret;
	}
	if (pte_alloc(m, vma->vm_mm, pmd))
		return VM_FAULT_OOM;
	return handle_pte_fault(m, vma, addr, pte_offset_map(m, pmd, addr), flags);
}

/* Linux: handle_mm_fault(), mm/memory.c */
vm_fault_t handle_mm_fault(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			   unsigned int flags)
{
	__count_vm_events(m, PGFAULT, 1);
	if (vma->vm_flags & VM_HUGETLB)
		return hugetlb_fault(m, vma, addr, flags);
	return __handle_mm_fault(m, vma, addr, flags);
}

/* Linux: access_error(), arch/x86/mm/fault.c */
static bool access_error(const struct vm_area_struct *vma, bool write)
{
	if (write)
		return !(vma->vm_flags & VM_WRITE);
	return !(vma->vm_flags & VM_ACCESS_FLAGS);
}

/* What the MMU does on a permitted access: set accessed, and dirty on a write. */
static bool mmu_access(struct machine *m, struct mm_struct *mm, uint64_t addr, bool write)
{
	pmd_t *pmd;
	pte_t *pte = follow_pte(m, mm, addr, &pmd);

	if (pmd && pmd_trans_huge(*pmd)) {
		if (!(pmd->pmd & _PAGE_PRESENT) || (write && !pmd_write(*pmd)))
			return false;
		pmd->pmd |= _PAGE_ACCESSED | (write ? _PAGE_DIRTY : 0);
		return true;
	}
	if (!pte || !(pte->pte & _PAGE_PRESENT) || (write && !pte_write(*pte)))
		return false;
	pte->pte |= _PAGE_ACCESSED | (write ? _PAGE_DIRTY : 0);
	return true;
}

/*
 * One fault, accounted to t.  Linux: handle_mm_fault() with
 * mm_account_fault(), and pagefault_out_of_memory() (mm/oom_kill.c).
 */
static vm_fault_t fault_once(struct machine *m, struct task_struct *t, struct vm_area_struct *vma,
			     uint64_t addr, bool write)
{
	vm_fault_t ret = handle_mm_fault(m, vma, addr,
					 FAULT_FLAG_USER | (write ? FAULT_FLAG_WRITE : 0));

	if (ret & VM_FAULT_MAJOR)
		t->maj_flt++;
	else
		t->min_flt++;
	if (ret & VM_FAULT_OOM)
		pagefault_out_of_memory(m);
	return ret;
}

/*
 * Linux: faultin_page(), mm/gup.c, and the fault half of
 * do_user_addr_fault(): make an access vma permits possible, accounting
 * the faults to t.  A fault may leave the access refused still (a
 * hinting fault restores a read-only entry, and a write then faults
 * again): the CPU retries the access, as gup retries follow_page_mask().
 * A write that dirtied a file page is throttled after the access
 * (balance_dirty_pages_ratelimited(), see fault_dirty_shared_page()).
 * Returns the last fault's result (VM_FAULT_MAJOR masked).
 */
vm_fault_t faultin_page(struct machine *m, struct task_struct *t, struct vm_area_struct *vma,
			uint64_t addr, bool write)
{
	vm_fault_t ret = 0, all = 0;

	for (int faults = 0; !mmu_access(m, t->mm, addr, write); faults++) {
		/* A hinting fault, then a write fault, make the access possible. */
		MM_BUG_ON(faults == FAULTS_PER_ACCESS_MAX);
		ret = fault_once(m, t, vma, addr, write);
		all |= ret;
		if (ret & (VM_FAULT_ERROR | VM_FAULT_RETRY))
			break;
	}
	if (all & VM_FAULT_BALANCE_DIRTY)
		balance_dirty_pages_ratelimited(m);
	return ret & ~(VM_FAULT_MAJOR | VM_FAULT_BALANCE_DIRTY);
}

static vm_fault_t segv(struct machine *m, struct task_struct *t)
{
	t->nr_segv++;
	m->proc_stats.segv++;
	return VM_FAULT_SIGSEGV;
}

/* Linux: do_user_addr_fault(), arch/x86/mm/fault.c */
vm_fault_t user_access(struct machine *m, struct task_struct *t, uint64_t addr, bool write)
{
	struct vm_area_struct *vma;
	vm_fault_t ret;

	set_current(m, t);
	vma = vma_lookup(t->mm, addr);
	if (!vma || access_error(vma, write))
		return segv(m, t);
	ret = faultin_page(m, t, vma, addr, write);
	if (ret & VM_FAULT_SIGSEGV)
		segv(m, t);
	return ret;
}

/* ---- unmapping ---- */

/* Linux: zap_pte_range(), mm/memory.c */
static void zap_pte_range(struct machine *m, struct vm_area_struct *vma, pmd_t *pmd,
			  uint64_t start, uint64_t end)
{
	for (uint64_t a = start; a < end; a += PAGE_SIZE) {
		pte_t *pte = pte_offset_map(m, pmd, a);
		struct page *page;

		if (pte_none(*pte))
			continue;
		if (!pte_present(*pte)) {
			/* A migration entry: the migration holds the page. */
			if (is_migration_pte(*pte))
				inc_mm_counter(vma->vm_mm, mm_counter(m, compound_head(m,
					       pfn_to_page(m, migration_entry_pfn(*pte)))), -1);
			if (is_swap_entry_pte(*pte)) {
				inc_mm_counter(vma->vm_mm, MM_SWAPENTS, -1);
				free_swap_and_cache(m, pte_to_swp_entry(*pte));
			}
			*pte = __pte(0);
			continue;
		}
		page = vm_normal_page(m, *pte);
		if (pte_dirty(*pte) && page && !PageAnon(compound_head(m, page)))
			folio_mark_dirty(m, compound_head(m, page));
		*pte = __pte(0);
		if (page)
			zap_page(m, vma, page);
	}
}

/* Linux: zap_pmd_range() / unmap_page_range(), mm/memory.c */
void zap_page_range(struct machine *m, struct vm_area_struct *vma, uint64_t start, uint64_t end)
{
	if (vma->vm_flags & VM_HUGETLB) {
		unmap_hugepage_range(m, vma, start, end);
		return;
	}
	for (uint64_t a = start; a < end;) {
		uint64_t next = (a & PMD_MASK) + PMD_SIZE;
		pmd_t *pmd = mm_find_pmd(m, vma->vm_mm, a, false);

		if (next > end)
			next = end;
		if (pmd && pmd_trans_huge(*pmd)) {
			if (a == (a & PMD_MASK) && next - a == PMD_SIZE)
				zap_huge_pmd(m, vma, pmd, a);
			else
				__split_huge_pmd(m, vma, pmd, a & PMD_MASK);
		}
		if (pmd && !pmd_none(*pmd) && !pmd_trans_huge(*pmd))
			zap_pte_range(m, vma, pmd, a, next);
		a = next;
	}
}

/* ---- fork ---- */

/*
 * Linux: copy_present_page(): a pinned exclusive anonymous page cannot be
 * shared copy-on-write (the pin would see the parent's later writes go
 * elsewhere), so the child gets its own copy at fork.
 */
static int copy_present_page(struct machine *m, struct vm_area_struct *dst_vma, pte_t *dst,
			     const pte_t *src, uint64_t addr)
{
	struct page *page = vma_alloc_folio(m, GFP_HIGHUSER_MOVABLE, 0, dst_vma, addr, false);
	pte_t entry;

	if (!page)
		return -ENOMEM;
	entry = mk_pte(m, page, dst_vma);
	if (pte_dirty(*src))
		entry = pte_mkdirty(entry);
	inc_mm_counter(dst_vma->vm_mm, MM_ANONPAGES, 1);
	page_add_new_anon_rmap(m, page, dst_vma, addr, false);
	folio_add_lru(m, page, dst_vma);
	*dst = maybe_mkwrite(entry, dst_vma);
	return 0;
}

/* Linux: copy_present_pte(), mm/memory.c */
static int copy_present_pte(struct machine *m, struct vm_area_struct *dst_vma,
			    struct vm_area_struct *src_vma, pte_t *dst, pte_t *src, uint64_t addr)
{
	bool cow = is_cow_mapping(src_vma->vm_flags);
	struct page *page = vm_normal_page(m, *src);
	pte_t pte = *src;

	if (page) {
		struct page *head = compound_head(m, page);

		if (PageAnon(head) && PageFlag(page, PG_anon_exclusive) &&
		    page_maybe_dma_pinned(m, page))
			return copy_present_page(m, dst_vma, dst, src, addr);
		get_page(m, page);
		if (PageAnon(head)) {
			ClearPageFlag(page, PG_anon_exclusive);
			page_add_anon_rmap(m, page, false);
		} else {
			page_add_file_rmap(m, page, false);
		}
		inc_mm_counter(dst_vma->vm_mm, mm_counter(m, head), 1);
	}
	if (cow) {
		*src = pte_wrprotect(*src);
		pte = pte_wrprotect(pte);
	}
	if (src_vma->vm_flags & VM_SHARED)
		pte = pte_mkclean(pte);
	*dst = pte_mkold(pte);
	return 0;
}

/*
 * Linux: copy_nonpresent_pte(), mm/memory.c: a migration entry is copied
 * (the child counts the page in its RSS); in a CoW mapping a writable one
 * becomes readable on both sides, so the restored PTEs are write-protected.
 */
static void copy_migration_pte(struct machine *m, struct vm_area_struct *dst_vma,
			       struct vm_area_struct *src_vma, pte_t *dst, pte_t *src)
{
	bool cow = is_cow_mapping(src_vma->vm_flags);
	struct page *head = compound_head(m, pfn_to_page(m, migration_entry_pfn(*src)));

	inc_mm_counter(dst_vma->vm_mm, mm_counter(m, head), 1);
	if (cow && pte_swp_type(*src) == SWP_MIGRATION_WRITE)
		*src = migration_pte_make_readable(*src);
	*dst = *src;
}

/*
 * Linux: the swap arm of copy_nonpresent_pte(), mm/memory.c: the child's
 * entry is one more count on the slot, and neither side is exclusive now.
 */
static int copy_swap_pte(struct machine *m, struct vm_area_struct *dst_vma, pte_t *dst,
			 pte_t *src)
{
	if (swap_duplicate(m, pte_to_swp_entry(*src)) < 0)
		return -ENOMEM;
	*src = pte_swp_clear_exclusive(*src);
	inc_mm_counter(dst_vma->vm_mm, MM_SWAPENTS, 1);
	*dst = *src;
	return 0;
}

/* Linux: copy_pte_range(), mm/memory.c */
static int copy_pte_range(struct machine *m, struct vm_area_struct *dst_vma,
			  struct vm_area_struct *src_vma, pmd_t *dst_pmd, pmd_t *src_pmd,
			  uint64_t start, uint64_t end)
{
	if (pte_alloc(m, dst_vma->vm_mm, dst_pmd))
		return -ENOMEM;
	for (uint64_t a = start; a < end; a += PAGE_SIZE) {
		pte_t *src = pte_offset_map(m, src_pmd, a);
		pte_t *dst = pte_offset_map(m, dst_pmd, a);

		if (pte_none(*src))
			continue;
		if (is_swap_entry_pte(*src)) {
			if (copy_swap_pte(m, dst_vma, dst, src))
				return -ENOMEM;
			continue;
		}
		if (!pte_present(*src)) {
			copy_migration_pte(m, dst_vma, src_vma, dst, src);
			continue;
		}
		if (copy_present_pte(m, dst_vma, src_vma, dst, src, a))
			return -ENOMEM;
	}
	return 0;
}

/* Linux: copy_page_range() -> copy_pmd_range(), mm/memory.c */
int copy_page_range(struct machine *m, struct vm_area_struct *dst_vma,
		    struct vm_area_struct *src_vma)
{
	if (src_vma->vm_flags & VM_HUGETLB)
		return copy_hugetlb_page_range(m, dst_vma, src_vma);
	for (uint64_t a = src_vma->vm_start; a < src_vma->vm_end;) {
		uint64_t next = (a & PMD_MASK) + PMD_SIZE;
		pmd_t *src_pmd = mm_find_pmd(m, src_vma->vm_mm, a, false);
		pmd_t *dst_pmd;

		if (next > src_vma->vm_end)
			next = src_vma->vm_end;
		if (!src_pmd || pmd_none(*src_pmd)) {
			a = next;
			continue;
		}
		dst_pmd = mm_find_pmd(m, dst_vma->vm_mm, a, true);
		if (!dst_pmd)
			return -ENOMEM;
		if (pmd_trans_huge(*src_pmd)) {
			int ret = copy_huge_pmd(m, dst_vma, src_vma, dst_pmd, src_pmd, a);

			if (ret && ret != -EAGAIN)
				return ret;
			if (!ret) {
				a = next;
				continue;
			}
		}
		if (copy_pte_range(m, dst_vma, src_vma, dst_pmd, src_pmd, a, next))
			return -ENOMEM;
		a = next;
	}
	return 0;
}
