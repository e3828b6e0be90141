/*
 * mm/page_alloc_highatomic.c - the highatomic reserve: pageblocks set
 * aside for high-order atomic allocations after one succeeds, and given
 * back before an allocation fails.
 *
 * A high-order ALLOC_HARDER success retypes its pageblock MIGRATE_HIGHATOMIC
 * (at most about 1% of the zone plus a pageblock, counted in
 * zone->nr_reserved_highatomic); only such requests take from it
 * (rmqueue_buddy()), and the slow path hands blocks back to the
 * requester's type before failing.
 *
 * With the profile's freelist_accounting (6.10, freelist hygiene) a block
 * of pageblock order or more is typed whole, every pageblock it covers,
 * so its free pieces stay on their pageblocks' lists, and the moves count
 * zone->nr_free_highatomic (move_to_free_list()).  6.1 types only the
 * first pageblock.
 *
 * Invariant: nr_reserved_highatomic counts the pages of the HIGHATOMIC
 * pageblocks reserved here, less those given back.
 *
 * Linux counterpart: reserve_highatomic_pageblock(),
 * unreserve_highatomic_pageblock(), mm/page_alloc.c (v6.1; Debian 6.12
 * under freelist_accounting).
 */
#include "mm/page_alloc_internal.h"

/*
 * Linux: reserve_highatomic_pageblock(), mm/page_alloc.c.  page is the
 * block of 2^order pages just allocated.
 */
void reserve_highatomic_pageblock(struct machine *m, struct page *page, unsigned int order,
				  struct zone *zone)
{
	unsigned long max_managed = zone->managed_pages / 100 + pageblock_nr_pages(m);
	pfn_t pfn = page_to_pfn(m, page);
	int mt;

	if (zone->nr_reserved_highatomic >= max_managed) {
		MM_EXPLAIN(&m->explain, "highatomic_full", "reserve_highatomic_pageblock",
			   "mm/page_alloc.c", { "reserved", (long)zone->nr_reserved_highatomic },
			   { "max", (long)max_managed });
		return;
	}
	mt = get_pageblock_migratetype(m, pfn);
	if (!migratetype_is_mergeable(mt))
		return;
	/* 6.10: freelist hygiene ("fix highatomic typing in multi-block buddies"). */
	if (m->profile->alloc.freelist_accounting && order >= m->pageblock_order) {
		for (unsigned long n = 1ul << (order - m->pageblock_order); n--;
		     pfn += pageblock_nr_pages(m))
			set_pageblock_migratetype(m, pfn, MIGRATE_HIGHATOMIC);
		zone->nr_reserved_highatomic += order_to_pages(order);
		return;
	}
	zone->nr_reserved_highatomic += pageblock_nr_pages(m);
	MM_EXPLAIN(&m->explain, "highatomic_reserve", "reserve_highatomic_pageblock",
		   "mm/page_alloc.c", { "pfn", pageblock_start_pfn(m, pfn) }, { "old_mt", mt },
		   { "reserved", (long)zone->nr_reserved_highatomic }, { "max", (long)max_managed });
	set_pageblock_migratetype(m, pfn, MIGRATE_HIGHATOMIC);
	move_freepages_block(m, zone, page, MIGRATE_HIGHATOMIC, NULL);
}

/*
 * Give the free HIGHATOMIC block page (order) back to mt; true if
 * something moved.  6.10 moves a block of pageblock order or more whole
 * and retypes each pageblock it covers; 6.1 retypes the first pageblock
 * and moves its free pages.
 */
static bool unreserve_block(struct machine *m, struct zone *zone, struct page *page,
			    unsigned int order, int mt)
{
	pfn_t pfn = page_to_pfn(m, page);

	if (m->profile->alloc.freelist_accounting && order >= m->pageblock_order) {
		move_to_free_list(m, page, zone, order, mt);
		for (unsigned long n = 1ul << (order - m->pageblock_order); n--;
		     pfn += pageblock_nr_pages(m))
			set_pageblock_migratetype(m, pfn, mt);
		return true;
	}
	set_pageblock_migratetype(m, pfn, mt);
	return move_freepages_block(m, zone, page, mt, NULL) != 0;
}

/*
 * Linux: unreserve_highatomic_pageblock(), mm/page_alloc.c.  Before failing
 * an allocation, hand a highatomic pageblock back to the requester's type
 * (keeping one unless forced).
 */
bool unreserve_highatomic_pageblock(struct machine *m, const struct alloc_context *ac, bool force)
{
	struct zoneref *z = ac->zonelist->_zonerefs;
	struct zone *zone;

	for_next_zone_zonelist_nodemask(zone, z, ac->highest_zoneidx, ac->nodemask) {
		if (!force && zone->nr_reserved_highatomic <= pageblock_nr_pages(m))
			continue;
		for (unsigned int order = 0; order < MAX_ORDER; order++) {
			struct free_area *area = &zone->free_area[order];
			struct page *page = page_list_first(m, &area->free_list[MIGRATE_HIGHATOMIC]);

			if (!page)
				continue;
			if (get_pageblock_migratetype(m, page_to_pfn(m, page)) == MIGRATE_HIGHATOMIC) {
				unsigned long size = pageblock_nr_pages(m);

				/* 6.10: a multi-block buddy gives back all its pageblocks. */
				if (m->profile->alloc.freelist_accounting && order_to_pages(order) > size)
					size = order_to_pages(order);
				zone->nr_reserved_highatomic -= size < zone->nr_reserved_highatomic ?
								size : zone->nr_reserved_highatomic;
			}
			if (unreserve_block(m, zone, page, order, ac->migratetype))
				return true;
		}
	}
	return false;
}
