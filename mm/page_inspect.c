/*
 * mm/page_inspect.c - a frame's state read for the views that show it
 * (the shell's `show page` and `show map`): sim/ presents, mm/ reads its
 * own page encoding here.  Reads the machine, never changes it.
 *
 * Linux counterpart: stable_page_flags() (fs/proc/page.c) and dump_page()
 * (mm/debug.c) read the same state.
 */
#include "mm/page_inspect.h"

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmstat.h"

void page_inspect(const struct machine *m, const struct page *page, struct page_info *info)
{
	info->flags = 0;
	for (int bit = 0; bit < __NR_PAGEFLAGS; bit++)
		info->flags |= (uint64_t)PageFlag(page, (enum pageflags)bit) << bit;
	info->buddy = PageBuddy(page);
	info->buddy_order = info->buddy ? buddy_order(page) : 0;
	info->reserved = PageReserved(page);
	info->hwpoison = PageHWPoison(page);
	info->offline = PageOffline(page);
	info->pinned = !info->buddy && page_maybe_dma_pinned(m, (struct page *)page);
	info->owner_mt = !info->buddy && (page->owner & PAGE_OWNER_VALID) ?
			 page_owner_migratetype(m, page) : -1;
	info->refcount = page->_refcount;
	info->mapcount = page->_mapcount >= -1 ? page->_mapcount + 1 : -1;
}

void zone_pcp_for_each_block(const struct machine *m, const struct zone *zone,
			     void (*fn)(void *arg, pfn_t pfn, uint64_t nr_pages), void *arg)
{
	struct page *page;

	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		for (unsigned int i = 0; i < NR_PCP_LISTS; i++)
			page_list_for_each(m, page, &zone->per_cpu_pageset[cpu].lists[i])
				fn(arg, page_to_pfn(m, page), order_to_pages(pindex_to_order(m, i)));
}
