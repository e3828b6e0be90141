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
 * Linux counterpart: mm/mprotect.c (do_mprotect_pkey, mprotect_fixup,
 * change_pte_range, can_change_pte_writable), 6.1.
 */
#include <errno.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/mman.h"
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

/* Linux: change_huge_pmd() / hugetlb_change_protection() for one PMD. */
static void change_huge_pmd(const struct vm_area_struct *vma, pmd_t *pmd)
{
	pmd->pmd = (pmd->pmd & (PROT_KEEP_BITS | _PAGE_PSE)) | (vma_page_prot(vma) & ~_PAGE_RW);
	if (!(vma->vm_flags & VM_WRITE))
		pmd->pmd &= ~_PAGE_RW;
	else if (vma_page_prot(vma) & _PAGE_RW)
		pmd->pmd |= _PAGE_RW;	/* shared memory: writable again */
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

/* Linux: change_protection() -> change_pmd_range(), mm/mprotect.c */
static void change_protection(struct machine *m, struct vm_area_struct *vma)
{
	for (uint64_t a = vma->vm_start; a < vma->vm_end;) {
		pmd_t *pmd;
		pte_t *pte = follow_pte(m, vma->vm_mm, a, &pmd);

		if (pmd && pmd_trans_huge(*pmd)) {
			change_huge_pmd(vma, pmd);
			a = (a & PMD_MASK) + PMD_SIZE;
			continue;
		}
		if (pte && pte_present(*pte))
			change_pte(m, vma, pte);
		a += PAGE_SIZE;
	}
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
	change_protection(m, vma);
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
