/*
 * mm/madvise.c - madvise(2): MADV_DONTNEED, MADV_HUGEPAGE, MADV_NOHUGEPAGE,
 * MADV_COLD, MADV_PAGEOUT, MADV_NORMAL, MADV_SEQUENTIAL, MADV_RANDOM.
 *
 * DONTNEED unmaps the range's pages (splitting huge PMDs that straddle
 * it); the next touch faults in fresh zero-filled anonymous pages or the
 * file's cached page.  HUGEPAGE/NOHUGEPAGE split the VMAs at the range's
 * ends and set or clear VM_HUGEPAGE/VM_NOHUGEPAGE, which decide THP
 * eligibility in "madvise" mode and the defrag gfp.  NORMAL, SEQUENTIAL
 * and RANDOM do the same with VM_SEQ_READ/VM_RAND_READ, the readahead
 * hint of file faults (mm/filemap_fault.c).  A hole in the range
 * does not stop the advice; the call then returns -ENOMEM, as the kernel
 * does.
 *
 * COLD and PAGEOUT act on the range's private folios, those this mapping
 * alone maps (mapcount 1; shared ones are left): their young bits and
 * PG_referenced are cleared, then COLD moves them to the inactive list
 * (folio_deactivate()) and PAGEOUT isolates them and has reclaim_pages()
 * (mm/vmscan.c) reclaim them at once: clean file folios dropped, anonymous
 * ones swapped out when there is swap, dirty file folios left to the
 * flusher.  A locked or hugetlb VMA refuses with -EINVAL.  A THP whose
 * PMD the range covers is handled whole; one it covers in part is split
 * first (left alone if it cannot be); a large folio mapped by PTEs is
 * skipped.
 *
 * Linux counterpart: mm/madvise.c (do_madvise, madvise_dontneed_free,
 * madvise_behavior, madvise_update_vma, madvise_cold, madvise_pageout,
 * madvise_cold_or_pageout_pte_range, can_madv_lru_vma),
 * mm/khugepaged.c (hugepage_madvise), 6.1.
 */
#include <errno.h>

#include "mm/huge_mm.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmscan.h"

/* Linux: madvise_dontneed_free_valid_vma(): mlocked VMAs refuse. */
static int madvise_dontneed(struct machine *m, struct vm_area_struct *vma, uint64_t start,
			    uint64_t end)
{
	if (vma->vm_flags & VM_LOCKED)
		return -EINVAL;
	if ((vma->vm_flags & VM_HUGETLB) &&
	    ((start | end) & (HPAGE_PMD_SIZE - 1)))
		return -EINVAL;
	zap_page_range(m, vma, start, end);
	return 0;
}

/* Linux: hugepage_madvise(), mm/khugepaged.c */
static void hugepage_madvise(struct vm_area_struct *vma, int advice)
{
	if (advice == MADV_HUGEPAGE) {
		vma->vm_flags &= ~VM_NOHUGEPAGE;
		vma->vm_flags |= VM_HUGEPAGE;
	} else {
		vma->vm_flags &= ~VM_HUGEPAGE;
		vma->vm_flags |= VM_NOHUGEPAGE;
	}
}

/* Linux: can_madv_lru_vma(), mm/madvise.c */
/*
 * Linux: the MADV_NORMAL, MADV_SEQUENTIAL and MADV_RANDOM arms of
 * madvise_behavior(): the readahead hint file faults follow
 * (do_sync_mmap_readahead()); each replaces the other.
 */
static void readahead_madvise(struct vm_area_struct *vma, int advice)
{
	vma->vm_flags &= ~(VM_SEQ_READ | VM_RAND_READ);
	if (advice == MADV_SEQUENTIAL)
		vma->vm_flags |= VM_SEQ_READ;
	else if (advice == MADV_RANDOM)
		vma->vm_flags |= VM_RAND_READ;
}

static bool can_madv_lru_vma(const struct vm_area_struct *vma)
{
	return !(vma->vm_flags & (VM_LOCKED | VM_HUGETLB));
}

/*
 * Linux: the per-folio part of madvise_cold_or_pageout_pte_range(): the
 * folio forgets its references, then goes to the inactive list (cold)
 * or onto list for reclaim_pages() (pageout; unevictable ones go back).
 */
static void cold_or_pageout_folio(struct machine *m, struct page *folio, bool pageout,
				  struct page_list *list)
{
	ClearPageFlag(folio, PG_referenced);
	if (!pageout) {
		folio_deactivate(m, folio);
		return;
	}
	if (folio_isolate_lru(m, folio))
		return;
	if (PageFlag(folio, PG_unevictable))
		folio_putback_lru(m, folio);
	else
		page_list_add(m, list, folio);
}

/*
 * Linux: the huge PMD branch of madvise_cold_or_pageout_pte_range(): a
 * THP the range covers whole and only this PMD maps is handled whole;
 * one covered in part is split (false: it could not be, skip the PMD).
 */
static bool cold_or_pageout_pmd(struct machine *m, pmd_t *pmd, uint64_t addr, uint64_t next,
				bool pageout, struct page_list *list)
{
	struct page *head = pfn_to_page(m, pmd_pfn(*pmd));
	int err;

	if (is_huge_zero_pmd(m, *pmd) || total_mapcount(head) != 1)
		return false;
	if (next - addr == HPAGE_PMD_SIZE) {
		pmd->pmd &= ~_PAGE_ACCESSED;
		cold_or_pageout_folio(m, head, pageout, list);
		return false;
	}
	get_page(m, head);
	err = split_huge_page(m, head);
	put_page(m, head);
	return !err;
}

/* Linux: the PTE loop of madvise_cold_or_pageout_pte_range(). */
static void cold_or_pageout_pte(struct machine *m, pte_t *pte, bool pageout,
				struct page_list *list)
{
	struct page *folio;

	if (!pte || !pte_present(*pte) || pte_special(*pte))
		return;
	folio = pfn_to_page(m, pte_pfn(*pte));
	/* A large folio mapped by PTEs: 6.1 stops at it unless mapped once, which it cannot be. */
	if (PageFlag(folio, PG_head) || PageFlag(folio, PG_tail) || page_mapcount(folio) != 1)
		return;
	*pte = pte_mkold(*pte);
	cold_or_pageout_folio(m, folio, pageout, list);
}

/* Linux: madvise_cold() / madvise_pageout(), mm/madvise.c: one VMA's part [start, end). */
static int madvise_cold_or_pageout(struct machine *m, struct vm_area_struct *vma,
				   uint64_t start, uint64_t end, bool pageout)
{
	struct page_list list;

	if (!can_madv_lru_vma(vma))
		return -EINVAL;
	page_list_init(&list);
	for (uint64_t addr = start; addr < end;) {
		uint64_t next = (addr + HPAGE_PMD_SIZE) & ~(HPAGE_PMD_SIZE - 1);
		pmd_t *pmd;
		pte_t *pte = follow_pte(m, vma->vm_mm, addr, &pmd);

		next = next < end ? next : end;
		if (!pte && pmd && pmd_trans_huge(*pmd) &&
		    !cold_or_pageout_pmd(m, pmd, addr, next, pageout, &list)) {
			addr = next;
			continue;
		}
		for (; addr < next; addr += PAGE_SIZE)
			cold_or_pageout_pte(m, follow_pte(m, vma->vm_mm, addr, &pmd), pageout, &list);
	}
	if (pageout)
		reclaim_pages(m, &list);
	return 0;
}

/* Linux: madvise_vma_behavior(), mm/madvise.c: one VMA's part [start, end). */
static int madvise_vma(struct machine *m, struct mm_struct *mm, struct vm_area_struct *vma,
		       uint64_t start, uint64_t end, int advice)
{
	int ret;

	if (advice == MADV_DONTNEED)
		return madvise_dontneed(m, vma, start, end);
	if (advice == MADV_COLD || advice == MADV_PAGEOUT)
		return madvise_cold_or_pageout(m, vma, start, end, advice == MADV_PAGEOUT);
	ret = vma_split_edges(m, mm, start, end);
	if (ret)
		return ret;
	vma = vma_lookup(mm, start);
	if (advice == MADV_HUGEPAGE || advice == MADV_NOHUGEPAGE)
		hugepage_madvise(vma, advice);
	else
		readahead_madvise(vma, advice);
	vma_merge_neighbours(m, mm, vma);	/* Linux: madvise_update_vma() */
	return 0;
}

/* Linux: do_madvise(), mm/madvise.c */
int do_madvise(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
	       int advice)
{
	struct mm_struct *mm = t->mm;
	bool hole = false;
	uint64_t end;

	if (advice != MADV_DONTNEED && advice != MADV_HUGEPAGE && advice != MADV_NOHUGEPAGE &&
	    advice != MADV_COLD && advice != MADV_PAGEOUT && advice != MADV_NORMAL &&
	    advice != MADV_RANDOM && advice != MADV_SEQUENTIAL)
		return -EINVAL;
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	len = page_align(len);
	end = addr + len;
	if (end < addr)
		return -EINVAL;
	set_current(m, t);
	for (uint64_t a = addr; a < end;) {
		struct vm_area_struct *vma = find_vma(mm, a);
		uint64_t s, e;
		int ret;

		if (!vma || vma->vm_start >= end) {
			hole = true;
			break;
		}
		if (vma->vm_start > a)
			hole = true;
		s = vma->vm_start > a ? vma->vm_start : a;
		e = vma->vm_end < end ? vma->vm_end : end;
		ret = madvise_vma(m, mm, vma, s, e, advice);
		if (ret)
			return ret;
		a = e;
	}
	return hole ? -ENOMEM : 0;
}
