/*
 * mm/hugetlb.h - the 2 MiB hugetlb pool: filling and shrinking it per node
 * (vm.nr_hugepages, the per-node sysfs files), reservations at mmap time,
 * and huge pages for faults.
 *
 * Counters (struct hstate in mmzone.h) mean what /proc/meminfo's
 * HugePages_* lines mean: Total = nr_huge_pages, Free = free_huge_pages,
 * Rsvd = resv_huge_pages, Surp = surplus_huge_pages.
 *
 * Linux counterpart: mm/hugetlb.c, include/linux/hugetlb.h.
 */
#ifndef MM_HUGETLB_H
#define MM_HUGETLB_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/mmzone.h"

struct vm_area_struct;

/* Set up the hstate of a booted machine (empty pool). */
void hugetlb_init(struct machine *m);

/*
 * Resize the pool to count huge pages: nid == NUMA_NO_NODE for
 * vm.nr_hugepages (spread over the nodes with memory, round robin from
 * next_nid_to_alloc), else the node's own sysfs nr_hugepages file.
 * Grows with fresh buddy allocations (htlb_buddy_alloc_success/fail),
 * shrinks by freeing free huge pages; in-use pages become surplus.
 * Returns 0; -EINVAL for a node without memory.
 * Linux: set_max_huge_pages(), mm/hugetlb.c.
 */
int hugetlb_set_nr_hugepages(struct machine *m, int nid, unsigned long count);

/* vm.nr_overcommit_hugepages.  Linux: hugetlb_overcommit_handler(). */
void hugetlb_set_overcommit(struct machine *m, unsigned long count);

/*
 * Reserve / release nr huge pages for a mapping (MAP_HUGETLB without
 * MAP_NORESERVE).  -ENOMEM if the pool (plus overcommit) cannot cover them.
 * Linux: hugetlb_reserve_pages() / hugetlb_unreserve_pages().
 */
int hugetlb_reserve_pages(struct machine *m, unsigned long nr);
void hugetlb_unreserve_pages(struct machine *m, unsigned long nr);

/*
 * A huge page for a fault at addr of vma: from the pool on the node the
 * VMA's memory policy picks (falling back along the zonelist nodes), using
 * a reservation if the mapping holds one (from_reserve), else a surplus
 * page if overcommit allows.  Returns the head page with refcount 1 on the
 * active list, or NULL.  Linux: alloc_hugetlb_folio() (6.1:
 * alloc_huge_page()).
 */
struct page *alloc_huge_page(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			     bool from_reserve);

/*
 * The last reference to a huge page went: back to its node's free list,
 * or to the buddy if the pool is over its size (a surplus page).
 * Linux: free_huge_page().
 */
void free_huge_page(struct machine *m, struct page *head);

/* ---- hugetlb VMAs (the fault half, mm/hugetlb_fault.c) ---- */

/* Linux: hugetlb_fault(), mm/hugetlb.c.  VM_FAULT_SIGBUS when no huge page is left. */
unsigned int hugetlb_fault(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			   unsigned int flags);
/* Linux: unmap_hugepage_range(), mm/hugetlb.c */
void unmap_hugepage_range(struct machine *m, struct vm_area_struct *vma, uint64_t start,
			  uint64_t end);
/* Linux: copy_hugetlb_page_range(), mm/hugetlb.c (fork) */
int copy_hugetlb_page_range(struct machine *m, struct vm_area_struct *dst,
			    struct vm_area_struct *src);

#endif /* MM_HUGETLB_H */
