/*
 * mm/memory-failure.h - soft offlining: taking a frame that had corrected
 * memory errors out of use for good, before it fails outright, without
 * harming whoever uses it.
 *
 * A free frame is taken off the buddy allocator at once; a free huge page
 * goes back to the buddy first; a page in use is moved away by migration
 * (or, a clean unmapped page-cache page, dropped from the cache) and its
 * frame kept.  The frame is then PG_hwpoison, held for good, and counted
 * in num_poisoned_pages (meminfo's HardwareCorrupted); the allocator never
 * hands it out again.  Memory that is not online, and kernel pages
 * (reserved, slab, page tables, unmovable allocations) cannot be offlined.
 *
 * Linux counterpart: mm/memory-failure.c (soft_offline_page() and what it
 * calls), include/linux/mm.h (enum mf_flags).
 */
#ifndef MM_MEMORY_FAILURE_H
#define MM_MEMORY_FAILURE_H

#include <stddef.h>

#include "mm/mmzone.h"

/* Linux: enum mf_flags, include/linux/mm.h */
enum mf_flags {
	MF_COUNT_INCREASED = 1 << 0,	/* the caller holds a reference (madvise) */
	MF_ACTION_REQUIRED = 1 << 1,
	MF_MUST_KILL = 1 << 2,
	MF_SOFT_OFFLINE = 1 << 3,	/* non-LRU movable pages are handled too */
	MF_UNPOISON = 1 << 4,
	MF_SW_SIMULATED = 1 << 5,
	MF_NO_RETRY = 1 << 6,
};

/*
 * Linux: soft_offline_page(), mm/memory-failure.c, as the sysfs file
 * devices/system/memory/soft_offline_page calls it (flags 0;
 * MADV_SOFT_OFFLINE's MF_COUNT_INCREASED is not modelled).  Returns 0
 * (offlined, or poisoned already), -ENXIO (pfn has no struct page), -EIO
 * (not online memory, or a page of a kind memory failure cannot handle),
 * or -EBUSY (in use and not migrated away; a free huge page every one of
 * which is reserved).
 */
int soft_offline_page(struct machine *m, pfn_t pfn, int flags);

/*
 * The "hwpoison" row of the checker registry (mm/check.h): the PG_hwpoison
 * frames are num_poisoned_pages, and one memory failure took off the free
 * lists itself (PageHWPoisonTakenOff) is held, not free.
 */
int hwpoison_check(const struct machine *m, char *msg, size_t msglen);

#endif /* MM_MEMORY_FAILURE_H */
