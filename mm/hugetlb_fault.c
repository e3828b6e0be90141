/*
 * mm/hugetlb_fault.c - hugetlb VMAs: faults, unmapping and fork.  The pool
 * these pages come from is mm/hugetlb.c; the kernel keeps both halves in
 * one file.
 *
 * A hugetlb page is mapped by one PMD-level entry (PSE).  A private
 * mapping's pages are anonymous (the VMA's anon_vma) and copied on write
 * after fork; a shared mapping's pages live in the mapping's file at
 * their huge-page index, so every process sharing it maps the same page.
 * A fault first uses the VMA's reservation; when the pool has nothing the
 * task gets SIGBUS, as in the kernel.  Hugetlb pages count only in the
 * entire mapcount, never in NR_ANON_MAPPED/NR_FILE_MAPPED or RSS.
 *
 * Invariants: a hugetlb PMD maps the head of a PageHuge page whose entire
 * mapcount counts it and which holds one reference for it.
 *
 * Linux counterpart: mm/hugetlb.c (hugetlb_fault, hugetlb_no_page,
 * hugetlb_wp, __unmap_hugepage_range, copy_hugetlb_page_range), 6.1.
 */
#include <errno.h>

#include "mm/debug.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/rmap.h"

static pmd_t make_huge_pte(struct machine *m, struct vm_area_struct *vma, struct page *head,
			   bool writable)
{
	pmd_t entry = __pmd(((pteval_t)page_to_pfn(m, head) << PAGE_SHIFT) |
			    vm_get_page_prot(vma->vm_flags) | _PAGE_PSE);

	if (writable)
		entry.pmd |= _PAGE_RW | _PAGE_DIRTY | _PAGE_SOFT_DIRTY;
	else
		entry.pmd &= ~_PAGE_RW;
	return entry;
}

static uint64_t huge_index(const struct vm_area_struct *vma, uint64_t haddr)
{
	return vma->vm_pgoff + ((haddr - vma->vm_start) >> PAGE_SHIFT);
}

/* A new huge page for haddr, using the VMA's reservation when it has one. */
static struct page *hugetlb_alloc(struct machine *m, struct vm_area_struct *vma, uint64_t haddr)
{
	bool from_reserve = vma->hugetlb_resv > 0;
	struct page *head = alloc_huge_page(m, vma, haddr, from_reserve);

	if (head && from_reserve)
		vma->hugetlb_resv--;
	return head;
}

/* Linux: hugetlb_no_page(), mm/hugetlb.c */
static unsigned int hugetlb_no_page(struct machine *m, struct vm_area_struct *vma,
				    uint64_t haddr, pmd_t *pmd, bool write)
{
	bool shared = vma->vm_flags & VM_SHARED;
	uint64_t index = huge_index(vma, haddr);
	struct page *head = shared ? filemap_lookup(m, vma->vm_file, index) : NULL;

	if (!head) {
		if (!shared && anon_vma_prepare(m, vma))
			return VM_FAULT_OOM;
		head = hugetlb_alloc(m, vma, haddr);
		if (!head) {
			m->proc_stats.sigbus++;
			return VM_FAULT_SIGBUS;
		}
		if (shared && filemap_add_page(m, vma->vm_file, index, head)) {
			put_page(m, head);
			return VM_FAULT_OOM;
		}
		if (!shared) {
			/* Linux: hugepage_add_new_anon_rmap() */
			page_set_mapping(head, vma->anon_vma->id, true);
			head->index = (uint32_t)index;
			SetPageFlag(head, PG_anon_exclusive);
			head[1].private++;
			*pmd = make_huge_pte(m, vma, head, write && (vma->vm_flags & VM_WRITE));
			return 0;
		}
	}
	get_page(m, head);		/* the mapping's reference; the cache keeps its own */
	head[1].private++;		/* Linux: page_dup_file_rmap() */
	*pmd = make_huge_pte(m, vma, head, vma->vm_flags & VM_WRITE);
	return 0;
}

/* Linux: hugetlb_wp(), mm/hugetlb.c: reuse an exclusive page, else copy. */
static unsigned int hugetlb_wp(struct machine *m, struct vm_area_struct *vma, uint64_t haddr,
			       pmd_t *pmd)
{
	struct page *old = pfn_to_page(m, pmd_pfn(*pmd));
	struct page *head;

	if (PageFlag(old, PG_anon_exclusive) || page_count(old) == 1) {
		page_set_mapping(old, vma->anon_vma->id, true);
		SetPageFlag(old, PG_anon_exclusive);
		*pmd = make_huge_pte(m, vma, old, true);
		return 0;
	}
	head = hugetlb_alloc(m, vma, haddr);
	if (!head) {
		m->proc_stats.sigbus++;
		return VM_FAULT_SIGBUS;
	}
	page_set_mapping(head, vma->anon_vma->id, true);
	head->index = (uint32_t)huge_index(vma, haddr);
	SetPageFlag(head, PG_anon_exclusive);
	head[1].private++;
	old[1].private--;
	put_page(m, old);
	*pmd = make_huge_pte(m, vma, head, true);
	m->proc_stats.cow_copies++;
	return 0;
}

unsigned int hugetlb_fault(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			   unsigned int flags)
{
	uint64_t haddr = addr & PMD_MASK;
	bool write = flags & FAULT_FLAG_WRITE;
	pmd_t *pmd = mm_find_pmd(m, vma->vm_mm, haddr, true);

	if (!pmd)
		return VM_FAULT_OOM;
	if (pmd_none(*pmd))
		return hugetlb_no_page(m, vma, haddr, pmd, write);
	if (write && !pmd_write(*pmd))
		return hugetlb_wp(m, vma, haddr, pmd);
	pmd->pmd |= _PAGE_ACCESSED | (write ? _PAGE_DIRTY : 0);
	return 0;
}

/* Linux: __unmap_hugepage_range(), mm/hugetlb.c */
void unmap_hugepage_range(struct machine *m, struct vm_area_struct *vma, uint64_t start,
			  uint64_t end)
{
	for (uint64_t a = start & PMD_MASK; a < end; a += HPAGE_PMD_SIZE) {
		pmd_t *pmd = mm_find_pmd(m, vma->vm_mm, a, false);
		struct page *head;

		if (!pmd || pmd_none(*pmd))
			continue;
		head = pfn_to_page(m, pmd_pfn(*pmd));
		*pmd = __pmd(0);
		MM_BUG_ON_PAGE(compound_mapcount(head) <= 0, m, head);
		head[1].private--;
		put_page(m, head);
	}
}

/* Linux: copy_hugetlb_page_range(), mm/hugetlb.c */
int copy_hugetlb_page_range(struct machine *m, struct vm_area_struct *dst,
			    struct vm_area_struct *src)
{
	bool cow = (src->vm_flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;

	for (uint64_t a = src->vm_start; a < src->vm_end; a += HPAGE_PMD_SIZE) {
		pmd_t *spmd = mm_find_pmd(m, src->vm_mm, a, false);
		pmd_t *dpmd;
		struct page *head;

		if (!spmd || pmd_none(*spmd))
			continue;
		dpmd = mm_find_pmd(m, dst->vm_mm, a, true);
		if (!dpmd)
			return -ENOMEM;
		head = pfn_to_page(m, pmd_pfn(*spmd));
		get_page(m, head);
		head[1].private++;
		if (cow) {
			ClearPageFlag(head, PG_anon_exclusive);
			spmd->pmd &= ~_PAGE_RW;
		}
		*dpmd = *spmd;
	}
	return 0;
}
