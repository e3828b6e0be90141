/*
 * mm/truncate.c - taking pages out of a file's page cache: truncation to
 * a new size, and the invalidation that fadvise(DONTNEED) asks for.
 *
 * Truncation is unconditional: the mappings of the pages past the new end
 * are zapped first (unmap_mapping_range()), then each folio past it leaves
 * the cache, waiting for its write in flight and dropping unwritten dirty
 * data; a folio someone still holds (a pin) lives on outside the cache.
 * Invalidation only takes what nobody uses: clean, not under writeback,
 * unmapped, held by the cache alone.
 *
 * Simplified: the page that holds the new end keeps its (untracked)
 * contents past the end; invalidation leaves the folios it cannot free
 * where they are on the LRU (6.1 deactivates them, deactivate_file_folio(),
 * which belongs to the LRU's side).
 *
 * Both drop the shadow entries of their range (mm/workingset.c): a page
 * read again after them is new, not a refault.
 *
 * Invariants: after truncate_setsize(), no cached folio lies wholly past
 * i_size, and no shadow entry either.
 *
 * Linux counterpart: mm/truncate.c (v6.1): truncate_setsize(),
 * truncate_pagecache(), truncate_inode_pages_range(),
 * invalidate_mapping_pages(), mapping_evict_folio(); mm/memory.c
 * unmap_mapping_range().
 */
#include "mm/writeback.h"

#include <stdlib.h>

#include "mm/internal.h"
#include "mm/list.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/workingset.h"

/*
 * Linux: unmap_mapping_range(mapping, holebegin, 0, 1): zap every
 * mapping of the file's pages from first on (private CoW copies too).
 */
static void unmap_mapping_from(struct machine *m, struct address_space *mapping, uint64_t first)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mapping->i_mmap, shared) {
		uint64_t nr_pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
		uint64_t skip = first > vma->vm_pgoff ? first - vma->vm_pgoff : 0;

		if (skip < nr_pages)
			zap_page_range(m, vma, vma->vm_start + (skip << PAGE_SHIFT), vma->vm_end);
	}
}

/* Linux: truncate_pagecache() -> truncate_inode_pages_range() from page first. */
static void truncate_inode_pages_from(struct machine *m, struct address_space *mapping,
				      uint64_t first)
{
	struct page **v;
	size_t nr;

	unmap_mapping_from(m, mapping, first);
	v = filemap_collect(m, mapping, first, UINT64_MAX, false, &nr);
	for (size_t i = 0; i < nr; i++) {
		if (page_mapping(m, v[i]) == mapping)
			filemap_remove_folio(m, v[i]);
		put_page(m, v[i]);
	}
	free(v);
	mapping_clear_shadows(m, mapping, first, UINT64_MAX);
}

void truncate_setsize(struct machine *m, struct address_space *mapping, uint64_t size)
{
	mapping->i_size = size;
	truncate_inode_pages_from(m, mapping, (size + PAGE_SIZE - 1) >> PAGE_SHIFT);
}

unsigned long invalidate_mapping_pages(struct machine *m, struct address_space *mapping,
				       uint64_t start, uint64_t end)
{
	unsigned long freed = 0;
	size_t nr;
	struct page **v = filemap_collect(m, mapping, start, end, false, &nr);

	for (size_t i = 0; i < nr; i++) {
		/* invalidate_inode_page() counts our reference as the caller's. */
		if (!page_mapcount(v[i]))
			freed += (unsigned long)invalidate_inode_page(m, v[i]);
		put_page(m, v[i]);
	}
	free(v);
	mapping_clear_shadows(m, mapping, start, end);	/* invalidate_exceptional_entry() */
	return freed;
}
