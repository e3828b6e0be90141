/*
 * mm/sparse-vmemmap.h - the host side of the vmemmap: address space for
 * every struct page of the machine, host memory for the sections that have
 * a memmap.
 *
 * Linux counterpart: mm/sparse-vmemmap.c and x86's vmemmap_populate() /
 * vmemmap_free() (arch/x86/mm/init_64.c).
 */
#ifndef MM_SPARSE_VMEMMAP_H
#define MM_SPARSE_VMEMMAP_H

#include "mm/sparse.h"

/*
 * Reserve inaccessible host address space for the struct pages of
 * [0, SECTION_ALIGN_UP(m->end_pfn)) and set m->vmemmap.  0 or -1.
 */
int vmemmap_reserve(struct machine *m);

/*
 * Linux: __populate_section_memmap(), mm/sparse-vmemmap.c.  Back the
 * struct pages of [pfn, pfn + nr_pages) (subsection aligned) with zeroed
 * host memory.  Returns pfn's struct page, or NULL.
 */
struct page *__populate_section_memmap(struct machine *m, pfn_t pfn, unsigned long nr_pages);

/*
 * Linux: vmemmap_free() via depopulate_section_memmap().  Return the host
 * memory of those struct pages and make them fault again if touched.
 */
void vmemmap_free(struct machine *m, pfn_t pfn, unsigned long nr_pages);

/* Unmap the whole reservation. */
void vmemmap_release(struct machine *m);

#endif /* MM_SPARSE_VMEMMAP_H */
