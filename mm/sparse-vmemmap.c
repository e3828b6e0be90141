/*
 * mm/sparse-vmemmap.c - the vmemmap in host memory.
 *
 * The kernel maps a virtual array of struct pages for the whole physical
 * address space and backs with memory only the parts that describe present
 * sections, so pfn_to_page() is one addition.  numasim does the same with
 * the host's virtual memory: one PROT_NONE, MAP_NORESERVE reservation for
 * every frame up to the machine's end (address space only), made readable
 * and writable section by section as sections get a memmap.  A struct
 * page of a section without one is not backed: touching it faults
 * (SIGSEGV), which catches walks that forgot pfn_valid().
 *
 * Host pages: the reservation starts on a 2 MiB boundary and asks for
 * transparent huge pages, so two neighbouring sections' memmaps (1 MiB
 * each) can share one host TLB entry; replay touches frames at random.
 *
 * Invariants: m->vmemmap is NULL or the base of a reservation of
 * vmemmap_bytes(m); a range is accessible iff it was populated and not
 * freed since.
 *
 * Linux counterpart: mm/sparse-vmemmap.c (__populate_section_memmap,
 * vmemmap_populate), arch/x86/mm/init_64.c (vmemmap_populate, vmemmap_free).
 */
#include "mm/sparse-vmemmap.h"

#include <stdint.h>
#include <sys/mman.h>

#include "mm/debug.h"

#define HOST_HUGE_BYTES	((size_t)2 << 20)

static size_t vmemmap_bytes(const struct machine *m)
{
	return (size_t)SECTION_ALIGN_UP(m->end_pfn) * sizeof(struct page);
}

int vmemmap_reserve(struct machine *m)
{
	size_t bytes = vmemmap_bytes(m), slack = HOST_HUGE_BYTES;
	uintptr_t base, aligned;
	void *va;

	if (!bytes)
		return -1;
	va = mmap(NULL, bytes + slack, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (va == MAP_FAILED)
		return -1;
	/* Trim the reservation to start on a 2 MiB boundary. */
	base = (uintptr_t)va;
	aligned = (base + slack - 1) & ~(uintptr_t)(slack - 1);
	if (aligned > base)
		munmap(va, aligned - base);
	if (base + slack > aligned)
		munmap((void *)(aligned + bytes), base + slack - aligned);
	m->vmemmap = (struct page *)aligned;
	madvise(m->vmemmap, bytes, MADV_HUGEPAGE);
	return 0;
}

struct page *__populate_section_memmap(struct machine *m, pfn_t pfn, unsigned long nr_pages)
{
	struct page *map = pfn_to_page(m, pfn);

	MM_BUG_ON((pfn | nr_pages) & (PAGES_PER_SUBSECTION - 1));
	if (mprotect(map, nr_pages * sizeof(struct page), PROT_READ | PROT_WRITE))
		return NULL;
	return map;
}

void vmemmap_free(struct machine *m, pfn_t pfn, unsigned long nr_pages)
{
	struct page *map = pfn_to_page(m, pfn);
	size_t bytes = nr_pages * sizeof(struct page);

	MM_BUG_ON((pfn | nr_pages) & (PAGES_PER_SUBSECTION - 1));
	/* Drop the contents (the next populate finds zeroes), then the access. */
	madvise(map, bytes, MADV_DONTNEED);
	mprotect(map, bytes, PROT_NONE);
}

void vmemmap_release(struct machine *m)
{
	if (m->vmemmap)
		munmap(m->vmemmap, vmemmap_bytes(m));
	m->vmemmap = NULL;
}
