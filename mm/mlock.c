/*
 * mm/mlock.c - mlock(2)/munlock(2): keep a range's pages resident.
 *
 * mlock splits the VMAs at the range's ends, sets VM_LOCKED (or
 * VM_LOCKED|VM_LOCKONFAULT for MLOCK_ONFAULT), faults the pages in unless
 * on-fault, and moves every mapped page to the unevictable list
 * (PG_mlocked, NR_MLOCK, unevictable_pgs_mlocked).  munlock clears the
 * flags and returns to the evictable lists the pages no other locked VMA
 * maps (unevictable_pgs_munlocked).  The range must be mapped throughout,
 * else -ENOMEM and nothing changes.
 *
 * Invariants: a small page is PG_mlocked iff some VM_LOCKED VMA maps it,
 * a THP iff some VM_LOCKED VMA maps it with a PMD: 6.1 never mlocks a
 * PTE-mapped large folio, so splitting an mlocked THP's PMD munlocks it.
 * (6.1 keeps an mlock_count; numasim asks the rmap instead.)
 *
 * Linux counterpart: mm/mlock.c (do_mlock, apply_vma_lock_flags,
 * mlock_fixup, mlock_folio, munlock_folio), 6.1.
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

/* Linux: apply_vma_lock_flags() + mlock_fixup(), mm/mlock.c */
static int apply_vma_lock_flags(struct machine *m, struct task_struct *t, uint64_t start,
				uint64_t end, unsigned long flags)
{
	struct mm_struct *mm = t->mm;
	int ret;

	if (vma_range_has_hole(mm, start, end))
		return -ENOMEM;
	ret = vma_split_edges(m, mm, start, end);
	for (uint64_t a = start; !ret && a < end;) {
		struct vm_area_struct *vma = vma_lookup(mm, a);
		bool was_locked = vma->vm_flags & VM_LOCKED;

		vma->vm_flags = (vma->vm_flags & ~VM_LOCKED_MASK) | flags;
		if (flags && !was_locked)
			mm->locked_vm += vma_pages(vma);
		else if (!flags && was_locked)
			mm->locked_vm -= vma_pages(vma);
		mlock_vma_pages(m, vma, flags != 0);
		vma = vma_merge_neighbours(m, mm, vma);	/* Linux: mlock_fixup() */
		a = vma->vm_end;
	}
	return ret;
}

/* Linux: do_mlock(), mm/mlock.c */
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
	if (!ret)
		mm_populate(m, t, start, end - start);	/* skips lock-on-fault VMAs */
	return ret;
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
