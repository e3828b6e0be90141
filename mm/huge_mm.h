/*
 * mm/huge_mm.h - transparent huge pages: which faults get one, the PMD
 * mappings, and splitting them back into PTEs.
 *
 * Linux counterpart: include/linux/huge_mm.h, mm/huge_memory.c.
 */
#ifndef MM_HUGE_MM_H
#define MM_HUGE_MM_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/mm.h"

/* May a fault at addr of vma map a THP?  Linux: hugepage_vma_check() + transhuge_vma_suitable(). */
bool thp_vma_suitable(const struct machine *m, const struct vm_area_struct *vma, uint64_t addr);

/* The gfp of a THP fault for the defrag mode.  Linux: vma_thp_gfp_mask(). */
gfp_t vma_thp_gfp_mask(const struct machine *m, const struct vm_area_struct *vma);

/* Linux: do_huge_pmd_anonymous_page(); VM_FAULT_FALLBACK: use base pages. */
vm_fault_t do_huge_pmd_anonymous_page(struct machine *m, struct vm_area_struct *vma,
				      uint64_t addr, pmd_t *pmd, unsigned int flags);
/* Linux: do_huge_pmd_wp_page(); VM_FAULT_FALLBACK after splitting the PMD. */
vm_fault_t do_huge_pmd_wp_page(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			       pmd_t *pmd);
/*
 * A NUMA hinting fault on a PROT_NONE huge PMD: the PMD's protection
 * back, the fault counted, the THP perhaps asked to move.
 * Linux: do_huge_pmd_numa_page().
 */
vm_fault_t do_huge_pmd_numa_page(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
				 pmd_t *pmd);
/* Linux: huge_pmd_set_accessed(). */
void huge_pmd_touch(pmd_t *pmd, bool write);

/* Linux: zap_huge_pmd(): unmap a whole huge PMD at haddr. */
void zap_huge_pmd(struct machine *m, struct vm_area_struct *vma, pmd_t *pmd, uint64_t haddr);
/* Linux: copy_huge_pmd() (fork). */
int copy_huge_pmd(struct machine *m, struct vm_area_struct *dst_vma,
		  struct vm_area_struct *src_vma, pmd_t *dst_pmd, pmd_t *src_pmd, uint64_t addr);
/* Linux: __split_huge_pmd(): replace a huge PMD by a table of 512 PTEs. */
void __split_huge_pmd(struct machine *m, struct vm_area_struct *vma, pmd_t *pmd, uint64_t haddr);
/* Linux: split_huge_pmd_address(): split the PMD that would straddle addr. */
void split_huge_pmd_address(struct machine *m, struct vm_area_struct *vma, uint64_t addr);

/*
 * Split an anonymous THP the caller holds a reference to into 512 pages.
 * 0, or -EBUSY if it is pinned.  Linux: split_huge_page().
 */
int split_huge_page(struct machine *m, struct page *head);
/*
 * The same for an isolated THP (off the LRU): the tails join list, each
 * with an isolation reference, as the head keeps the caller's.
 * Linux: split_huge_page_to_list() (split_folio_to_list()).
 */
int split_huge_page_to_list(struct machine *m, struct page *head, struct page_list *list);

/*
 * Linux: start_stop_khugepaged(), mm/khugepaged.c: the THP "enabled" mode
 * changed (m->thp_enabled set): khugepaged starts or stops, and
 * min_free_kbytes is raised for THP or recomputed without it
 * (mm/watermark.c).
 */
void start_stop_khugepaged(struct machine *m);

/*
 * Linux: hugepage_init(), mm/huge_memory.c: register the deferred split
 * shrinker (boot).  0 or a negative errno.
 */
int hugepage_init(struct machine *m);

/*
 * Take a THP off its node's deferred split queue (split, or freed) and
 * keep the node's queue length, the shrinker's count, in step.
 * Linux: the list_del_init(&folio->_deferred_list) of
 * __split_huge_page() and free_transhuge_page(), with split_queue_len--.
 */
static inline void deferred_split_dequeue(struct machine *m, struct page *head)
{
	if (!head[2].private)
		return;
	head[2].private = 0;
	NODE_DATA(m, page_to_nid(head))->deferred_split_queue_len--;
}

static inline bool is_huge_zero_pmd(const struct machine *m, pmd_t pmd)
{
	return m->huge_zero_page && pmd_trans_huge(pmd) &&
	       pmd_pfn(pmd) == page_to_pfn(m, m->huge_zero_page);
}

/* The PTEs and PMDs mapping the THP headed by head.  Linux: total_mapcount() (folio_mapcount()). */
int total_mapcount(const struct page *head);

#endif /* MM_HUGE_MM_H */
