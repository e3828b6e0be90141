/*
 * mm/mprotect.c - mprotect(2): change the access rights of a range.
 *
 * The range must be mapped throughout (else -ENOMEM, nothing changes).
 * VMAs are split at its ends; a private part made writable for the first
 * time is charged to the committed memory (VM_ACCOUNT; -ENOMEM if the
 * overcommit policy refuses, and the parts before it keep their new
 * rights, as in the kernel); each part gets the new VM_READ/WRITE/EXEC
 * bits, and its present PTEs are rewritten: removing write access
 * write-protects them; adding it gives shmem PTEs write access at once
 * (their protection has it) and makes writable the dirty PTEs
 * can_change_pte_writable() allows (6.1: a dirty PTE of an exclusive
 * anonymous page, or of a shared file page); every other PTE stays
 * read-only and takes a write fault first (CoW, or write-notify).
 *
 * Invariants: as mm/mmap.c; a private VMA never gets a writable PTE of a
 * page it shares.  Parts whose flags change join equal neighbours
 * (vma_merge), so mprotecting a range back leaves one VMA again.
 *
 * The same walk (change_protection()) makes ranges PROT_NONE for NUMA
 * balancing (MM_CP_PROT_NUMA, change_prot_numa()): the entries that could
 * tell where a task's memory should be, with their write bit kept; and
 * turns a writable migration entry into a readable one either way.
 *
 * Linux counterpart: mm/mprotect.c (do_mprotect_pkey, mprotect_fixup,
 * change_protection, change_pmd_range, change_pte_range,
 * can_change_pte_writable), mm/huge_memory.c (change_huge_pmd), 6.1.
 */
#include <errno.h>

#include "mm/huge_mm.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/numa_balancing.h"
#include "mm/rmap.h"

/* Linux: can_change_pte_writable(), mm/mprotect.c */
static bool can_change_pte_writable(const struct machine *m, const struct vm_area_struct *vma,
				    pte_t pte)
{
	struct page *page;

	/* 6.1: only dirty PTEs (6.2 drops this for exclusive anonymous pages). */
	if (!pte_dirty(pte))
		return false;
	if (vma->vm_flags & VM_SHARED)
		return true;
	if (pte_special(pte))
		return false;
	page = pfn_to_page(m, pte_pfn(pte));
	return PageAnon(compound_head(m, page)) && PageFlag(page, PG_anon_exclusive);
}

/* PTE bits mprotect keeps: the frame, the state the MMU and the kernel set. */
#define PROT_KEEP_BITS	(_PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_SOFT_DIRTY | \
			 _PAGE_SPECIAL | PTE_PFN_MASK)

/*
 * Linux: change_huge_pmd(), mm/huge_memory.c.  Returns what the kernel's
 * does: 0 (no huge PMD), 1 (left as it is), HPAGE_PMD_NR (changed).  A
 * NUMA scan leaves the huge zero page, a PMD marked already, and (with
 * only tiering on) every top-tier page alone; unlike a PTE's, a THP's
 * node and sharers do not matter.  The write bit survives the marking
 * (pmd_mk_savedwrite() is pmd_mkwrite() on x86).
 */
static int change_huge_pmd(struct machine *m, const struct vm_area_struct *vma, pmd_t *pmd,
			   unsigned long cp_flags)
{
	bool write;

	if (!(cp_flags & MM_CP_PROT_NUMA)) {
		pmd->pmd = (pmd->pmd & (PROT_KEEP_BITS | _PAGE_PSE)) |
			   (vma_page_prot(vma) & ~_PAGE_RW);
		if (!(vma->vm_flags & VM_WRITE))
			pmd->pmd &= ~_PAGE_RW;
		else if (vma_page_prot(vma) & _PAGE_RW)
			pmd->pmd |= _PAGE_RW;	/* shared memory: writable again */
		return HPAGE_PMD_NR;
	}
	if (is_huge_zero_pmd(m, *pmd) || pmd_protnone(*pmd) ||
	    !(m->numab.mode & NUMA_BALANCING_NORMAL))
		return 1;
	write = pmd_write(*pmd);
	*pmd = pmd_modify(*pmd, PAGE_NONE);
	if (write)
		pmd->pmd |= _PAGE_RW;
	return HPAGE_PMD_NR;
}

/* Linux: the loop body of change_pte_range(), mm/mprotect.c */
static void change_pte(const struct machine *m, const struct vm_area_struct *vma, pte_t *pte)
{
	pte->pte = (pte->pte & PROT_KEEP_BITS) | (vma_page_prot(vma) & ~_PAGE_RW);
	if (!(vma->vm_flags & VM_WRITE))
		*pte = pte_wrprotect(*pte);
	else if (!pte_write(*pte) && ((vma_page_prot(vma) & _PAGE_RW) ||
				       can_change_pte_writable(m, vma, *pte)))
		*pte = pte_mkwrite(*pte);	/* newprot writable (shmem), or upgraded */
}

/*
 * Linux: the MM_CP_PROT_NUMA tests of change_pte_range(): the PTEs a NUMA
 * scan leaves alone.  target_node is the node of a single-threaded task
 * scanning a private VMA (every numasim task: no threads), else
 * NUMA_NO_NODE.
 */
static bool prot_numa_skip(struct machine *m, const struct vm_area_struct *vma, pte_t pte,
			   int target_node)
{
	struct page *page, *head;

	/* Marked already; and the zero page, read-cached, has nothing to tell. */
	if (pte_protnone(pte) || pte_special(pte))
		return true;
	page = pfn_to_page(m, pte_pfn(pte));
	head = compound_head(m, page);
	/* CoW-shared: whose access would the fault report?  (THP subpages too.) */
	if (is_cow_mapping(vma->vm_flags) && page_count(head) != 1)
		return true;
	/* Asynchronous migration cannot move every dirty file page. */
	if (!PageFlag(head, PG_swapbacked) && PageFlag(head, PG_dirty))
		return true;
	if (page_to_nid(page) == target_node)
		return true;
	/* Without normal balancing only slower tiers are scanned; numasim has one tier. */
	return !(m->numab.mode & NUMA_BALANCING_NORMAL);
}

/*
 * Linux: the migration-entry arm of change_pte_range(), mm/mprotect.c: a
 * writable migration entry becomes a readable one (read-exclusive for an
 * anonymous page), whatever the new protection.  True if it changed.
 */
static bool change_migration_pte(struct machine *m, pte_t *pte)
{
	struct page *head;
	pte_t entry;

	if (pte_swp_type(*pte) != SWP_MIGRATION_WRITE)
		return false;
	head = compound_head(m, pfn_to_page(m, migration_entry_pfn(*pte)));
	entry = swp_entry_to_pte(PageAnon(head) ? SWP_MIGRATION_READ_EXCLUSIVE : SWP_MIGRATION_READ,
				 pte_swp_offset(*pte));
	if (pte_swp_soft_dirty(*pte))
		entry = pte_set(entry, _PAGE_SWP_SOFT_DIRTY);
	*pte = entry;
	return true;
}

/* One change_protection() call: what it changes and counts. */
struct cp_walk {
	struct machine *m;
	struct vm_area_struct *vma;
	unsigned long cp_flags;
	int target_node;		/* see prot_numa_skip() */
	long pages;			/* entries changed, a huge PMD as HPAGE_PMD_NR */
	unsigned long nr_huge;		/* huge PMDs changed */
};

/* Linux: change_pte_range(), mm/mprotect.c */
static void change_pte_range(struct cp_walk *w, pmd_t *pmd, uint64_t start, uint64_t end)
{
	bool prot_numa = w->cp_flags & MM_CP_PROT_NUMA;

	for (uint64_t a = start; a < end; a += PAGE_SIZE) {
		pte_t *pte = pte_offset_map(w->m, pmd, a);

		if (pte_none(*pte)) {
			continue;
		} else if (!pte_present(*pte)) {
			w->pages += change_migration_pte(w->m, pte);
		} else if (!prot_numa) {
			change_pte(w->m, w->vma, pte);
			w->pages++;
		} else if (!prot_numa_skip(w->m, w->vma, *pte, w->target_node)) {
			bool write = pte_write(*pte);

			*pte = pte_modify(*pte, PAGE_NONE);
			if (write)
				*pte = pte_mkwrite(*pte);	/* pte_mk_savedwrite() */
			w->pages++;
		}
	}
}

/*
 * Linux: change_pmd_range(), mm/mprotect.c: a huge PMD the range covers
 * whole is changed as one, one it covers in part is split first.
 */
static void change_pmd(struct cp_walk *w, pmd_t *pmd, uint64_t start, uint64_t end)
{
	if (pmd_trans_huge(*pmd)) {
		int nr;

		if (end - start != HPAGE_PMD_SIZE) {
			__split_huge_pmd(w->m, w->vma, pmd, start & PMD_MASK);
		} else if ((nr = change_huge_pmd(w->m, w->vma, pmd, w->cp_flags)) != 0) {
			if (nr == HPAGE_PMD_NR) {
				w->pages += HPAGE_PMD_NR;
				w->nr_huge++;
			}
			return;
		}
	}
	change_pte_range(w, pmd, start, end);
}

/*
 * Linux: change_protection() -> change_protection_range() ->
 * change_pmd_range(), mm/mprotect.c.  Every call that changes a huge PMD
 * counts numa_huge_pte_updates, a NUMA scan's or not, as 6.1's
 * change_pmd_range() does.
 */
long change_protection(struct machine *m, struct vm_area_struct *vma, uint64_t start,
		       uint64_t end, unsigned long cp_flags)
{
	struct cp_walk w = { .m = m, .vma = vma, .cp_flags = cp_flags,
			     .target_node = NUMA_NO_NODE };

	if ((cp_flags & MM_CP_PROT_NUMA) && !(vma->vm_flags & VM_SHARED))
		w.target_node = numa_node_id(m);
	for (uint64_t a = start; a < end;) {
		uint64_t next = (a & PMD_MASK) + PMD_SIZE;
		pmd_t *pmd = mm_find_pmd(m, vma->vm_mm, a, false);

		if (next > end)
			next = end;
		if (pmd && !pmd_none(*pmd))
			change_pmd(&w, pmd, a, next);
		a = next;
	}
	/* hugetlb_change_protection(), which hugetlb VMAs take instead, counts nothing. */
	if (w.nr_huge && !(vma->vm_flags & VM_HUGETLB))
		__count_vm_events(m, NUMA_HUGE_PTE_UPDATES, w.nr_huge);
	return w.pages;
}

/*
 * The part of mprotect_fixup() that charges a private mapping made
 * writable for the first time (mm/mman.h); it stays charged (VM_ACCOUNT)
 * if made read-only again.  hugetlb, shared and VM_NORESERVE mappings are
 * not charged.  0, or -ENOMEM when the overcommit policy refuses.
 */
static int mprotect_charge(struct machine *m, const struct vm_area_struct *vma,
			   unsigned long *new_flags)
{
	if (!(*new_flags & VM_WRITE) ||
	    (vma->vm_flags & (VM_ACCOUNT | VM_WRITE | VM_HUGETLB | VM_SHARED | VM_NORESERVE)))
		return 0;
	if (security_vm_enough_memory_mm(m, vma->vm_mm, (long)vma_pages(vma)))
		return -ENOMEM;
	*new_flags |= VM_ACCOUNT;
	return 0;
}

/*
 * Linux: mprotect_fixup(), mm/mprotect.c: new flags, the PTEs rewritten,
 * then the VMA joins equal neighbours.  *vmap becomes the VMA covering it.
 */
static int mprotect_fixup(struct machine *m, struct vm_area_struct **vmap, unsigned long prot)
{
	struct vm_area_struct *vma = *vmap;
	unsigned long new_flags = vma->vm_flags & ~VM_ACCESS_FLAGS;

	if (prot & PROT_READ)
		new_flags |= VM_READ;
	if (prot & PROT_WRITE)
		new_flags |= VM_WRITE;
	if (prot & PROT_EXEC)
		new_flags |= VM_EXEC;
	if ((new_flags & VM_WRITE) && !(vma->vm_flags & VM_MAYWRITE))
		return -EACCES;
	if (new_flags == vma->vm_flags)
		return 0;
	if (mprotect_charge(m, vma, &new_flags)) {
		/* The kernel charges before it splits: leave the VMA whole again. */
		*vmap = vma_merge_neighbours(m, vma->vm_mm, vma);
		return -ENOMEM;
	}
	vma->vm_flags = new_flags;
	change_protection(m, vma, vma->vm_start, vma->vm_end, 0);
	*vmap = vma_merge_neighbours(m, vma->vm_mm, vma);
	return 0;
}

/* Linux: do_mprotect_pkey(), mm/mprotect.c */
int do_mprotect(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
		unsigned long prot)
{
	struct mm_struct *mm = t->mm;
	uint64_t end;
	int ret;

	if ((addr & (PAGE_SIZE - 1)) || (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	len = page_align(len);
	end = addr + len;
	if (end < addr)
		return -ENOMEM;
	if (len == 0)
		return 0;
	set_current(m, t);
	if (vma_range_has_hole(mm, addr, end))
		return -ENOMEM;
	ret = vma_split_edges(m, mm, addr, end);
	for (uint64_t a = addr; !ret && a < end;) {
		struct vm_area_struct *vma = vma_lookup(mm, a);

		ret = mprotect_fixup(m, &vma, prot);
		a = vma->vm_end;
	}
	return ret;
}
