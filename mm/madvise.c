/*
 * mm/madvise.c - madvise(2): MADV_DONTNEED, MADV_HUGEPAGE, MADV_NOHUGEPAGE.
 *
 * DONTNEED unmaps the range's pages (splitting huge PMDs that straddle
 * it); the next touch faults in fresh zero-filled anonymous pages or the
 * file's cached page.  HUGEPAGE/NOHUGEPAGE split the VMAs at the range's
 * ends and set or clear VM_HUGEPAGE/VM_NOHUGEPAGE, which decide THP
 * eligibility in "madvise" mode and the defrag gfp.  A hole in the range
 * does not stop the advice; the call then returns -ENOMEM, as the kernel
 * does.
 *
 * Linux counterpart: mm/madvise.c (do_madvise, madvise_dontneed_free,
 * madvise_update_vma), mm/khugepaged.c (hugepage_madvise), 6.1.
 */
#include <errno.h>

#include "mm/internal.h"
#include "mm/mm.h"

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

/* Linux: madvise_vma_behavior(), mm/madvise.c: one VMA's part [start, end). */
static int madvise_vma(struct machine *m, struct mm_struct *mm, struct vm_area_struct *vma,
		       uint64_t start, uint64_t end, int advice)
{
	int ret;

	if (advice == MADV_DONTNEED)
		return madvise_dontneed(m, vma, start, end);
	ret = vma_split_edges(m, mm, start, end);
	if (ret)
		return ret;
	vma = vma_lookup(mm, start);
	hugepage_madvise(vma, advice);
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

	if (advice != MADV_DONTNEED && advice != MADV_HUGEPAGE && advice != MADV_NOHUGEPAGE)
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
