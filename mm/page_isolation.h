/*
 * mm/page_isolation.h - page isolation: pageblocks of a pfn range made
 * MIGRATE_ISOLATE, so that nothing freed there is handed out again while a
 * caller (contiguous allocation, CMA, memory offlining) empties the range.
 *
 * How a caller uses it (6.1's contract):
 *
 *	ret = start_isolate_page_range(m, start, end, MIGRATE_MOVABLE, 0, gfp);
 *	if (ret)
 *		return ret;                    -EBUSY: nothing stays isolated
 *	drain_all_pages(m, zone);              pcp pages reach the isolate lists
 *	... migrate the range's in-use pages away ...
 *	if (test_pages_isolated(m, start, end, 0) == 0)
 *		... every frame is free: take them ...
 *	undo_isolate_page_range(m, start, end, MIGRATE_MOVABLE);
 *
 * While a pageblock is isolated its free blocks sit on the MIGRATE_ISOLATE
 * lists and out of NR_FREE_PAGES (and NR_FREE_CMA_PAGES), zone->
 * nr_isolate_pageblock counts it, frees into it go to the buddy directly
 * (never a pcp list) and its free blocks do not merge across the pageblock
 * boundary with blocks of another type (__free_one_page()).  The range
 * need not be pageblock-aligned; the isolated pageblocks are those it
 * touches, and start and end must lie in one zone.
 *
 * Linux counterpart: include/linux/page-isolation.h, mm/page_isolation.c.
 */
#ifndef MM_PAGE_ISOLATION_H
#define MM_PAGE_ISOLATION_H

#include <stdbool.h>

#include "mm/gfp.h"
#include "mm/mmzone.h"

/*
 * isol_flags.  MEMORY_OFFLINE: isolating to offline memory, so poisoned
 * (PageHWPoison) and PageOffline pages count as movable / as isolated.
 * REPORT_FAILURE: count the page that refused the isolation
 * (m->stats.isolate_unmovable_reported; 6.1 dumps it as "unmovable page").
 * Linux: include/linux/page-isolation.h.
 */
#define MEMORY_OFFLINE	0x1
#define REPORT_FAILURE	0x2

/* Linux: is_migrate_isolate_page(), include/linux/page-isolation.h */
bool is_migrate_isolate_page(const struct machine *m, const struct page *page);

/*
 * Isolate every pageblock that [start_pfn, end_pfn) touches.  A pageblock
 * with an unmovable page inside the range refuses (has_unmovable_pages());
 * at the range's unaligned ends a free block crossing the boundary is
 * split there, and an in-use compound page crossing it (THP, hugetlb,
 * movable) is migrated away with gfp first.  migratetype is what the
 * pageblocks go back to on failure (MIGRATE_MOVABLE or MIGRATE_CMA).
 * 0, or -EBUSY with nothing left isolated.
 * Linux: start_isolate_page_range(), mm/page_isolation.c
 */
int start_isolate_page_range(struct machine *m, pfn_t start_pfn, pfn_t end_pfn,
			     int migratetype, int isol_flags, gfp_t gfp);

/*
 * Give every isolated pageblock [start_pfn, end_pfn) touches back to
 * migratetype, its free blocks onto that type's lists and into
 * NR_FREE_PAGES; a free block of pageblock order or more is freed again so
 * that it merges with its free neighbours.
 * Linux: undo_isolate_page_range(), mm/page_isolation.c
 */
void undo_isolate_page_range(struct machine *m, pfn_t start_pfn, pfn_t end_pfn,
			     int migratetype);

/*
 * Is every pageblock of [start_pfn, end_pfn) isolated and every frame
 * free in the buddy (with MEMORY_OFFLINE: or poisoned, or PageOffline
 * with no reference)?  0 or -EBUSY; *fin_pfn (may be NULL) gets the first
 * frame that failed, end_pfn on success (the test_pages_isolated
 * tracepoint's fin_pfn).  The range lies in one zone.
 * Linux: test_pages_isolated(), mm/page_isolation.c
 */
int test_pages_isolated(struct machine *m, pfn_t start_pfn, pfn_t end_pfn, int isol_flags,
			pfn_t *fin_pfn);

/*
 * The first page of [start_pfn, end_pfn), one pageblock at most, that
 * makes the pageblock unisolatable for migratetype: reserved anywhere;
 * outside ZONE_MOVABLE also a hugetlb page whose size cannot migrate, a
 * compound page neither LRU nor movable, or an in-use page neither LRU
 * nor movable (nor, with MEMORY_OFFLINE, poisoned or PageOffline).  NULL
 * if none.  Racy by design in the kernel: passing it does not promise
 * that migration will succeed.
 * Linux: has_unmovable_pages(), mm/page_isolation.c
 */
struct page *has_unmovable_pages(struct machine *m, pfn_t start_pfn, pfn_t end_pfn,
				 int migratetype, int isol_flags);

#endif /* MM_PAGE_ISOLATION_H */
