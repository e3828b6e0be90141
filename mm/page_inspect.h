/*
 * mm/page_inspect.h - what a frame is, for the views that show one
 * (mm/page_inspect.c): the page flags, type and counts the kernel's
 * /proc/kpageflags, page_owner and dump_page() read, without reaching
 * into mm/'s private helpers.
 *
 * Linux counterpart: stable_page_flags() (fs/proc/page.c) and
 * dump_page() (mm/debug.c) read the same state.
 */
#ifndef MM_PAGE_INSPECT_H
#define MM_PAGE_INSPECT_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/mmzone.h"

/* One frame's state. */
struct page_info {
	uint64_t flags;			/* bit k set: page flag k (enum pageflags) */
	bool buddy;			/* the head of a free buddy block */
	unsigned int buddy_order;	/* its order, when buddy */
	bool reserved, hwpoison, offline;
	bool pinned;			/* page_maybe_dma_pinned(), allocated frames only */
	int owner_mt;			/* page_owner's gfp migratetype; -1: no record */
	int refcount;
	int mapcount;			/* -1 when the word holds a page type (buddy, offline) */
};

/* Fill *info for page. */
void page_inspect(const struct machine *m, const struct page *page, struct page_info *info);

/* Call fn(arg, pfn, nr_pages) for each block on zone's per-CPU lists. */
void zone_pcp_for_each_block(const struct machine *m, const struct zone *zone,
			     void (*fn)(void *arg, pfn_t pfn, uint64_t nr_pages), void *arg);

#endif /* MM_PAGE_INSPECT_H */
