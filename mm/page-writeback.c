/*
 * mm/page-writeback.c - the dirty-page limits.
 *
 * Nothing is written back yet; these are the thresholds /proc/vmstat shows
 * (nr_dirty_threshold, nr_dirty_background_threshold), computed from the
 * default vm.dirty_ratio and vm.dirty_background_ratio over the memory the
 * kernel would let become dirty.
 *
 * Linux counterpart: mm/page-writeback.c (v6.1): global_dirtyable_memory(),
 * global_dirty_limits(), domain_dirty_limits().
 */
#include "mm/writeback.h"

#include "mm/internal.h"
#include "mm/vmstat_counters.h"

/*
 * Linux: global_dirtyable_memory(), mm/page-writeback.c.  Free pages the
 * kernel does not keep in reserve, plus the file LRU; never 0.  (x86_64 has
 * no highmem to subtract.)
 */
static unsigned long global_dirtyable_memory(const struct machine *m)
{
	unsigned long free_pages = global_zone_page_state(m, NR_FREE_PAGES);
	unsigned long reserve_pages = m->totalreserve_pages;
	unsigned long x;

	x = free_pages - (free_pages < reserve_pages ? free_pages : reserve_pages);
	x += global_node_page_state(m, NR_INACTIVE_FILE);
	x += global_node_page_state(m, NR_ACTIVE_FILE);
	return x + 1;
}

/*
 * Linux: global_dirty_limits() / domain_dirty_limits(), mm/page-writeback.c.
 * The ratios become per-PAGE_SIZE fractions first (20% -> 819/4096), then
 * scale the dirtyable memory; the background limit stays below the other.
 * The reference kernel at boot: 936733 dirtyable pages -> 187300 and 93536.
 */
void global_dirty_limits(const struct machine *m, unsigned long *background_pages,
			 unsigned long *dirty_pages)
{
	unsigned long long avail = global_dirtyable_memory(m);
	unsigned long long ratio = VM_DIRTY_RATIO * PAGE_SIZE / 100;
	unsigned long long bg_ratio = DIRTY_BACKGROUND_RATIO * PAGE_SIZE / 100;
	unsigned long thresh = (unsigned long)(ratio * avail / PAGE_SIZE);
	unsigned long bg_thresh = (unsigned long)(bg_ratio * avail / PAGE_SIZE);

	if (bg_thresh >= thresh)
		bg_thresh = thresh / 2;
	*background_pages = bg_thresh;
	*dirty_pages = thresh;
}

/* placeholder: owned by piece C */
/*
 * No mapping has a writepage yet: pageout() treats that as the kernel
 * treats a mapping without ->writepage (the folio stays dirty and is
 * activated).
 */
int mapping_writepage(struct machine *m, struct page *folio, struct writeback_control *wbc)
{
	(void)m;
	(void)folio;
	(void)wbc;
	return AOP_WRITEPAGE_ACTIVATE;
}

/* placeholder: owned by piece C */
void folio_mark_dirty(struct machine *m, struct page *folio)
{
	(void)m;
	SetPageFlag(folio, PG_dirty);
}
