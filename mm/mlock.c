/*
 * mm/mlock.c - mlock(2)/munlock(2): keep a range's pages resident.
 *
 * mlock splits the VMAs at the range's ends, sets VM_LOCKED (or
 * VM_LOCKED|VM_LOCKONFAULT for MLOCK_ONFAULT), moves every mapped page to
 * the unevictable list (PG_mlocked, NR_MLOCK, unevictable_pgs_mlocked),
 * then faults the range in unless on-fault.  munlock clears the flags and
 * returns to the evictable lists the pages no other locked VMA maps
 * (unevictable_pgs_munlocked).  hugetlb VMAs are never locked.  As in
 * 6.1, the VMAs are changed in address order and a hole in the range
 * stops the call with -ENOMEM (the VMAs before it stay changed); and
 * mlock answers what faulting in met: EAGAIN when a fault found no
 * memory, ENOMEM when it could not fault (a PROT_NONE mapping, a hugetlb
 * fault without a huge page).
 *
 * Invariants: a small page is PG_mlocked iff some VM_LOCKED VMA maps it,
 * a THP iff some VM_LOCKED VMA maps it with a PMD: 6.1 never mlocks a
 * PTE-mapped large folio, so splitting an mlocked THP's PMD munlocks it.
 * (6.1 keeps an mlock_count; numasim asks the rmap instead.)
 *
 * Linux counterpart: mm/mlock.c (do_mlock, apply_vma_lock_flags,
 * mlock_fixup, __mlock_posix_error_return, mlock_folio, munlock_folio),
 * 6.1.
 */
#include <errno.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/vmstat_counters.h"

/* Linux: mlock_folio(), mm/mlock.c */
void mlock_folio(struct machine *m, struct page *head)
{
	if (PageFlag(head, PG_mlocked) || PageHuge(m, head))
		return;
	SetPageFlag(head, PG_mlocked);
	__mod_zone_page_state(page_zone(m, head), NR_MLOCK, folio_nr_pages(head));
	__count_vm_events(m, UNEVICTABLE_PGS_MLOCKED, folio_nr_pages(head));
	folio_set_unevictable(m, head, true);
}

/*
 * Does vma map the folio in a way 6.1 mlocks?  A small page by any PTE; a
 * THP only by its PMD: mlock_vma_folio() skips PTE-mapped large folios
 * (the "compound || !folio_test_large()" test), and mlock_pte_range()
 * skips them too.
 */
static bool vma_mlocks_folio(struct machine *m, struct page *head, struct vm_area_struct *vma,
			     uint64_t addr)
{
	pmd_t *pmd;

	if (!(vma->vm_flags & VM_LOCKED))
		return false;
	if (!PageFlag(head, PG_head))
		return folio_mappings_in_vma(m, head, vma, addr) != 0;
	if (addr & ~PMD_MASK || addr < vma->vm_start || addr >= vma->vm_end)
		return false;
	follow_pte(m, vma->vm_mm, addr, &pmd);
	return pmd && pmd_trans_huge(*pmd) && pmd_pfn(*pmd) == page_to_pfn(m, head);
}

/* rmap_one of folio_should_mlock(): stop at the first VMA that mlocks it. */
static bool find_locking_vma(struct machine *m, struct page *head, struct vm_area_struct *vma,
			     uint64_t addr, void *arg)
{
	bool *found = arg;

	if (vma_mlocks_folio(m, head, vma, addr)) {
		*found = true;
		return false;
	}
	return true;
}

/*
 * Should the folio be mlocked: does some VM_LOCKED VMA map it the way
 * 6.1 counts in its mlock_count?  (numasim asks the rmap instead of
 * keeping the count.)
 */
static bool folio_should_mlock(struct machine *m, struct page *head)
{
	bool found = false;
	struct rmap_walk_control rwc = { .rmap_one = find_locking_vma, .arg = &found };

	rmap_walk(m, head, &rwc);
	return found;
}

/* Bring PG_mlocked in line with the folio's mappings (after a split). */
void mlock_folio_update(struct machine *m, struct page *head)
{
	if (folio_should_mlock(m, head))
		mlock_folio(m, head);
	else
		munlock_folio(m, head);
}

/*
 * Linux: munlock_folio(), mm/mlock.c (6.1 counts mlocked mappings in
 * mlock_count; numasim asks the rmap whether a locked VMA still maps it).
 */
void munlock_folio(struct machine *m, struct page *head)
{
	if (!PageFlag(head, PG_mlocked) || folio_should_mlock(m, head))
		return;
	ClearPageFlag(head, PG_mlocked);
	__mod_zone_page_state(page_zone(m, head), NR_MLOCK, -(long)folio_nr_pages(head));
	__count_vm_events(m, UNEVICTABLE_PGS_MUNLOCKED, folio_nr_pages(head));
	folio_set_unevictable(m, head, false);
}

/* Linux: mlock_vma_pages_range() / mlock_pte_range(), mm/mlock.c */
static void mlock_vma_pages(struct machine *m, struct vm_area_struct *vma, bool lock)
{
	for (uint64_t a = vma->vm_start, next; a < vma->vm_end; a = next) {
		pmd_t *pmd;
		pte_t *pte = follow_pte(m, vma->vm_mm, a, &pmd);
		bool huge = pmd && pmd_trans_huge(*pmd);
		struct page *head;

		next = huge ? (a & PMD_MASK) + PMD_SIZE : a + PAGE_SIZE;
		if (huge)
			head = pfn_to_page(m, pmd_pfn(*pmd));
		else if (pte && pte_present(*pte) && !pte_special(*pte))
			head = compound_head(m, pfn_to_page(m, pte_pfn(*pte)));
		else
			continue;
		/* Linux: mlock_pte_range() leaves PTE-mapped large folios alone. */
		if ((!huge && PageFlag(head, PG_head)) || head == m->huge_zero_page)
			continue;
		if (lock)
			mlock_folio(m, head);
		else
			munlock_folio(m, head);
	}
}

/*
 * Linux: mlock_fixup(), mm/mlock.c: the part [start, end) of *vmap gets
 * newflags.  A hugetlb VMA, or one whose flags already are newflags, is
 * left alone: not split, not counted.  *vmap becomes the VMA that covers
 * the part afterwards (it may have joined a neighbour).
 */
static int mlock_fixup(struct machine *m, struct vm_area_struct **vmap, uint64_t start,
		       uint64_t end, unsigned long newflags)
{
	struct vm_area_struct *vma = *vmap;
	struct mm_struct *mm = vma->vm_mm;
	unsigned long oldflags = vma->vm_flags;
	unsigned long nr_pages = (end - start) >> PAGE_SHIFT;
	int ret;

	if (newflags == oldflags || (oldflags & VM_HUGETLB))
		return 0;
	ret = vma_split_edges(m, mm, start, end);
	if (ret)
		return ret;
	vma = vma_lookup(mm, start);
	if (!(newflags & VM_LOCKED))
		mm->locked_vm -= nr_pages;
	else if (!(oldflags & VM_LOCKED))
		mm->locked_vm += nr_pages;
	vma->vm_flags = newflags;
	/* Switching between VM_LOCKED and VM_LOCKED|VM_LOCKONFAULT mlocks nothing twice. */
	if ((newflags ^ oldflags) & VM_LOCKED)
		mlock_vma_pages(m, vma, newflags & VM_LOCKED);
	*vmap = vma_merge_neighbours(m, mm, vma);
	return 0;
}

/*
 * Linux: apply_vma_lock_flags(), mm/mlock.c: VMA by VMA from start; a
 * hole ends the walk with -ENOMEM, the VMAs before it keep their new
 * flags, as in the kernel.
 */
static int apply_vma_lock_flags(struct machine *m, struct task_struct *t, uint64_t start,
				uint64_t end, unsigned long flags)
{
	struct mm_struct *mm = t->mm;
	struct vm_area_struct *vma = vma_lookup(mm, start);

	for (uint64_t a = start; vma;) {
		uint64_t part_end = vma->vm_end < end ? vma->vm_end : end;
		int ret = mlock_fixup(m, &vma, a, part_end,
				      (vma->vm_flags & ~VM_LOCKED_MASK) | flags);

		if (ret)
			return ret;
		a = part_end > vma->vm_end ? part_end : vma->vm_end;
		if (a >= end)
			return 0;
		vma = find_vma(mm, vma->vm_end);
		if (vma && vma->vm_start != a)
			vma = NULL;
	}
	return -ENOMEM;
}

/* Linux: __mlock_posix_error_return(), mm/mlock.c: gup's errors as POSIX names them. */
static int mlock_posix_error_return(int ret)
{
	if (ret == -EFAULT)
		return -ENOMEM;
	if (ret == -ENOMEM)
		return -EAGAIN;
	return ret;
}

/*
 * Linux: do_mlock(), mm/mlock.c.  The lock is set first; then the range
 * is faulted in, and what that meets is the call's answer (the VMAs stay
 * locked).  RLIMIT_MEMLOCK: numasim models no resource limits, and its
 * tasks hold CAP_IPC_LOCK, for which 6.1 ignores the limit.
 */
int do_mlock(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
	     unsigned int flags)
{
	uint64_t start = addr & ~(PAGE_SIZE - 1);
	uint64_t end = page_align(addr + len);
	unsigned long vm_flags = VM_LOCKED | ((flags & MLOCK_ONFAULT) ? VM_LOCKONFAULT : 0);
	int ret;

	if (flags & ~(unsigned int)MLOCK_ONFAULT)
		return -EINVAL;
	if (end <= start)
		return end < start ? -EINVAL : 0;
	set_current(m, t);
	ret = apply_vma_lock_flags(m, t, start, end, vm_flags);
	if (ret)
		return ret;
	ret = __mm_populate(m, t, start, end - start, false);	/* nothing for onfault */
	return mlock_posix_error_return(ret);
}

/* Linux: sys_munlock(), mm/mlock.c */
int do_munlock(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len)
{
	uint64_t start = addr & ~(PAGE_SIZE - 1);
	uint64_t end = page_align(addr + len);

	if (end <= start)
		return end < start ? -EINVAL : 0;
	set_current(m, t);
	return apply_vma_lock_flags(m, t, start, end, 0);
}
