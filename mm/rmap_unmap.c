/*
 * mm/rmap_unmap.c - unmapping a folio from every page table that maps it,
 * for reclaim and for migration through swap: try_to_unmap().
 *
 * Each PTE mapping goes: an anonymous folio's becomes its swap entry
 * (the folio must be in the swap cache: one more count on the slot,
 * MM_ANONPAGES -> MM_SWAPENTS, "exclusive" kept in the entry, soft-dirty
 * too); a file or shmem folio's is just cleared (its RSS counter drops,
 * the dirty bit goes to the folio).  The mapcount and the mapping's
 * reference go either way.  The walk stops, leaving the folio mapped, at
 * a VM_LOCKED VMA (unless TTU_IGNORE_MLOCK; the folio is mlocked again),
 * at an exclusive anonymous page that may be DMA-pinned
 * (page_try_share_anon_rmap() refuses), or when the slot cannot take one
 * more count.  The caller checks folio_mapped() after.
 *
 * A THP's PMD mappings are split first with TTU_SPLIT_HUGE_PMD
 * (split_huge_pmd_address()), then each subpage's PTE goes as above; an
 * anonymous THP is never in the swap cache (add_to_swap() takes small
 * folios), so its PTEs stay.  Hugetlb folios are not reclaimed.
 *
 * Linux counterpart: mm/rmap.c (6.1): try_to_unmap, try_to_unmap_one
 * (its anonymous/swap and file arms; no MADV_FREE lazyfree, no hwpoison).
 */
#include "mm/bug.h"
#include "mm/huge_mm.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/writeback.h"

/*
 * The anonymous arm: pte (already cleared, was pteval) becomes the swap
 * entry of folio.  False (pte restored) if the slot or the pin refuses.
 */
static bool unmap_anon_pte(struct machine *m, struct vm_area_struct *vma, struct page *folio,
			   pte_t *pte, pte_t pteval)
{
	swp_entry_t entry = folio_swap_entry(folio);
	bool anon_exclusive = PageFlag(folio, PG_anon_exclusive);
	pte_t swp;

	if (!folio_test_swapcache(folio) || swap_duplicate(m, entry) < 0) {
		*pte = pteval;
		return false;
	}
	if (anon_exclusive && page_try_share_anon_rmap(m, folio)) {
		swap_free(m, entry);
		*pte = pteval;
		return false;
	}
	inc_mm_counter(vma->vm_mm, MM_ANONPAGES, -1);
	inc_mm_counter(vma->vm_mm, MM_SWAPENTS, 1);
	swp = mk_swap_pte(entry);
	if (anon_exclusive)
		swp = pte_swp_mkexclusive(swp);
	if (pte_soft_dirty(pteval))
		swp = pte_set(swp, _PAGE_SWP_SOFT_DIRTY);
	*pte = swp;
	return true;
}

/*
 * One PTE of the folio headed by folio: it goes (page i of the folio is
 * page).  False if it has to stay (the anonymous arm refused).
 * Linux: the loop body of try_to_unmap_one(), mm/rmap.c
 */
static bool unmap_one_pte(struct machine *m, struct vm_area_struct *vma, struct page *folio,
			  struct page *page, pte_t *pte)
{
	pte_t pteval = *pte;

	*pte = __pte(0);			/* ptep_clear_flush() */
	if (pte_dirty(pteval))
		folio_mark_dirty(m, folio);
	if (PageAnon(folio)) {
		if (!unmap_anon_pte(m, vma, folio, pte, pteval))
			return false;
	} else {
		inc_mm_counter(vma->vm_mm, mm_counter(m, folio), -1);
	}
	page_remove_rmap(m, page, false);
	if ((vma->vm_flags & VM_LOCKED) && PageFlag(folio, PG_mlocked))
		munlock_folio(m, folio);
	put_page(m, page);
	return true;
}

/* Linux: try_to_unmap_one(), mm/rmap.c (the page_vma_mapped_walk() over vma) */
static bool try_to_unmap_one(struct machine *m, struct page *folio, struct vm_area_struct *vma,
			     uint64_t addr, void *arg)
{
	unsigned int flags = *(unsigned int *)arg;

	if ((flags & TTU_SPLIT_HUGE_PMD) && PageFlag(folio, PG_head) && !PageHuge(m, folio))
		split_huge_pmd_address(m, vma, addr);
	for (unsigned int i = 0; i < folio_nr_pages(folio); i++) {
		pmd_t *pmd;
		pte_t *pte = subpage_pte(m, folio, vma, addr, i, &pmd);

		if (!pte)
			continue;
		if (!(flags & TTU_IGNORE_MLOCK) && (vma->vm_flags & VM_LOCKED)) {
			mlock_folio(m, folio);	/* restore the mlock that got missed */
			return false;
		}
		if (!unmap_one_pte(m, vma, folio, folio + i, pte))
			return false;
	}
	return true;
}

/* Linux: try_to_unmap(), mm/rmap.c */
void try_to_unmap(struct machine *m, struct page *folio, unsigned int flags)
{
	struct rmap_walk_control rwc = { .rmap_one = try_to_unmap_one, .arg = &flags };

	MM_BUG_ON_PAGE(PageFlag(folio, PG_tail), m, folio);
	rmap_walk(m, folio, &rwc);
}
