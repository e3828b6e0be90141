/*
 * mm/page_alloc_fallback.c - the page allocator's fallback across
 * migratetypes, as Linux 6.1 runs it: when a request's own free lists are
 * empty, __rmqueue_fallback() takes a block of another type, largest
 * first, and steal_suitable_fallback() decides whether the pageblock it
 * came from changes owner (all of a large block's pageblocks; one when
 * free and alike pages fill half of it) and boosts the watermarks so
 * kswapd reclaims ahead of the next fragmenting fallback.  This is where
 * fragmentation is born, so the decisions go through machine->profile.
 *
 * Invariants: a pageblock changes type only here, in
 * change_pageblock_range() or through set_pageblock_migratetype() with
 * its free pages moved by move_freepages_block() (mm/page_alloc.c), so
 * each free block stays on its pageblock's list when it is whole.
 *
 * Linux counterpart: mm/page_alloc.c (v6.1): change_pageblock_range,
 * boost_watermark, steal_suitable_fallback, find_suitable_fallback,
 * __rmqueue_fallback.
 */
#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/page_alloc_internal.h"
#include "mm/profile.h"
#include "mm/vmstat_counters.h"

/* Linux: change_pageblock_range(): retype every pageblock of a big block. */
void change_pageblock_range(struct machine *m, pfn_t pfn, unsigned int order, int mt)
{
	unsigned long nr_pageblocks = 1ul << (order - m->pageblock_order);

	for (; nr_pageblocks--; pfn += pageblock_nr_pages(m)) {
		set_pageblock_migratetype(m, pfn, mt);
		m->stats.pageblock_steals++;
	}
}

/*
 * Linux: boost_watermark(), mm/page_alloc.c.  A fragmenting fallback raises
 * the zone's watermarks by a pageblock (capped at watermark_boost_factor
 * percent-of-10000 of the high mark) so kswapd reclaims ahead of the next one.
 */
bool boost_watermark(struct machine *m, struct zone *zone)
{
	unsigned long max_boost;

	if (!m->vm.watermark_boost_factor)
		return false;
	/* Tiny zones: boosting would only cause an immediate OOM. */
	if (pageblock_nr_pages(m) * 4 > zone->managed_pages)
		return false;
	max_boost = zone->_watermark[WMARK_HIGH] * (unsigned long)m->vm.watermark_boost_factor / 10000;
	if (!max_boost)
		return false;
	if (max_boost < pageblock_nr_pages(m))
		max_boost = pageblock_nr_pages(m);
	zone->watermark_boost += pageblock_nr_pages(m);
	if (zone->watermark_boost > max_boost)
		zone->watermark_boost = max_boost;
	MM_EXPLAIN(&m->explain, "watermark_boost", "boost_watermark", "mm/page_alloc.c",
		   { "nid", zone->node }, { "zid", zone_idx(zone) },
		   { "boost", (long)zone->watermark_boost }, { "max_boost", (long)max_boost },
		   { "pageblock_pages", (long)pageblock_nr_pages(m) },
		   { "factor", m->vm.watermark_boost_factor });
	return true;
}

void explain_steal(struct machine *m, const char *name, const char *function, pfn_t pfn,
		   int free_pages, int alike_pages, int old_mt, int start_mt)
{
	MM_EXPLAIN(&m->explain, name, function, "mm/page_alloc.c",
		   { "pfn", pageblock_start_pfn(m, pfn) }, { "free_pages", free_pages },
		   { "alike_pages", alike_pages }, { "sum", free_pages + alike_pages },
		   { "threshold", (long)m->alloc_knobs.claim_threshold_pages },
		   { "pageblock_pages", (long)pageblock_nr_pages(m) },
		   { "old_mt", old_mt }, { "start_mt", start_mt });
}

/*
 * Linux: steal_suitable_fallback(), mm/page_alloc.c.  page heads a free block
 * of a foreign type.  A block of pageblock order or more is taken over whole.
 * Otherwise, if the policy lets us steal the pageblock, all its free pages
 * move to start_type's lists and the block itself changes type when enough
 * of it is free or already "alike" (the claim rule).  Else only this page
 * moves, and the pageblock keeps its type.
 */
static void steal_suitable_fallback(struct machine *m, struct zone *zone, struct page *page,
				    unsigned int alloc_flags, int start_type, bool whole_block)
{
	unsigned int current_order = buddy_order(page);
	pfn_t pfn = page_to_pfn(m, page);
	int old_block_type = get_pageblock_migratetype(m, pfn);
	int free_pages, movable_pages, alike_pages;

	if (old_block_type == MIGRATE_HIGHATOMIC) {
		MM_EXPLAIN(&m->explain, "steal_highatomic", "steal_suitable_fallback",
			   "mm/page_alloc.c", { "pfn", pfn }, { "order", current_order },
			   { "start_mt", start_type });
		goto single_page;
	}
	if (current_order >= m->pageblock_order) {
		MM_EXPLAIN(&m->explain, "steal_range", "steal_suitable_fallback", "mm/page_alloc.c",
			   { "pfn", pfn }, { "order", current_order }, { "old_mt", old_block_type },
			   { "start_mt", start_type },
			   { "nr_pageblocks", 1l << (current_order - m->pageblock_order) });
		change_pageblock_range(m, pfn, current_order, start_type);
		goto single_page;
	}
	if (m->profile->alloc.boost_on_fallback && boost_watermark(m, zone) &&
	    (alloc_flags & ALLOC_KSWAPD))
		zone->flags |= 1ul << ZONE_BOOSTED_WATERMARK;
	if (!whole_block) {
		MM_EXPLAIN(&m->explain, "steal_single", "steal_suitable_fallback", "mm/page_alloc.c",
			   { "pfn", pfn }, { "order", current_order }, { "old_mt", old_block_type },
			   { "start_mt", start_type });
		goto single_page;
	}

	free_pages = move_freepages_block(m, zone, page, start_type, &movable_pages);
	if (start_type == MIGRATE_MOVABLE)
		alike_pages = movable_pages;
	else if (old_block_type == MIGRATE_MOVABLE)
		alike_pages = (int)pageblock_nr_pages(m) - (free_pages + movable_pages);
	else
		alike_pages = 0;
	/* The whole-block move fails at a zone boundary. */
	if (!free_pages) {
		MM_EXPLAIN(&m->explain, "steal_boundary", "steal_suitable_fallback",
			   "mm/page_alloc.c", { "pfn", pfn }, { "order", current_order },
			   { "start_mt", start_type });
		goto single_page;
	}
	if (m->profile->alloc.claim_block(m, free_pages, alike_pages) ||
	    m->page_group_by_mobility_disabled) {
		explain_steal(m, "steal_claim", "steal_suitable_fallback", pfn, free_pages,
			      alike_pages, old_block_type, start_type);
		set_pageblock_migratetype(m, pfn, start_type);
		m->stats.pageblock_steals++;
	} else {
		explain_steal(m, "steal_no_claim", "steal_suitable_fallback", pfn, free_pages,
			      alike_pages, old_block_type, start_type);
	}
	return;

single_page:
	move_to_free_list(m, page, zone, current_order, start_type);
}

/*
 * Linux: find_suitable_fallback(), mm/page_alloc.c.  The first fallback type
 * with a free block at this order; -1 if none (or, with only_stealable, none
 * that may be stolen whole).
 */
int find_suitable_fallback(struct machine *m, struct free_area *area, unsigned int order,
			   int migratetype, bool only_stealable, bool *can_steal)
{
	const int *fallbacks = m->alloc_knobs.fallbacks[migratetype];

	if (area->nr_free == 0)
		return -1;
	*can_steal = false;
	for (int i = 0; fallbacks[i] != MIGRATE_TYPES; i++) {
		int fallback_mt = fallbacks[i];

		if (page_list_empty(&area->free_list[fallback_mt]))
			continue;
		if (m->profile->alloc.can_steal_fallback(m, order, migratetype))
			*can_steal = true;
		MM_EXPLAIN(&m->explain, "fallback_found", "find_suitable_fallback",
			   "mm/page_alloc.c", { "order", order }, { "fallback_mt", fallback_mt },
			   { "start_mt", migratetype }, { "can_steal", *can_steal },
			   { "steal_order", m->alloc_knobs.steal_order });
		if (!only_stealable || *can_steal)
			return fallback_mt;
	}
	return -1;
}

/*
 * Linux: trace_mm_page_alloc_extfrag(), include/trace/events/kmem.h, and
 * the totals of struct mm_sim_stats: a fallback's event, counted.
 */
void extfrag_record(struct machine *m, pfn_t pfn, unsigned int alloc_order,
		    unsigned int fallback_order, int alloc_mt, int fallback_mt,
		    bool change_ownership)
{
	struct mm_event ev = {
		.id = MM_EV_mm_page_alloc_extfrag, .mm_page_alloc_extfrag = {
			.pfn = pfn, .alloc_order = (int)alloc_order,
			.fallback_order = (int)fallback_order, .alloc_migratetype = alloc_mt,
			.fallback_migratetype = fallback_mt, .change_ownership = change_ownership,
		},
	};

	m->stats.extfrag_events++;
	m->stats.extfrag_fragmenting += fallback_order < m->pageblock_order;
	m->stats.extfrag_change_ownership += change_ownership;
	m->stats.extfrag_by_type[alloc_mt][fallback_mt]++;
	mm_event_emit(&m->sink, &ev);
}

/* The event of a fallback that just happened: did the pageblock take alloc_mt? */
void trace_extfrag(struct machine *m, struct page *page, unsigned int alloc_order,
		   unsigned int fallback_order, int alloc_mt, int fallback_mt)
{
	pfn_t pfn = page_to_pfn(m, page);

	extfrag_record(m, pfn, alloc_order, fallback_order, alloc_mt, fallback_mt,
		       get_pageblock_migratetype(m, pfn) == alloc_mt);
}

/*
 * Linux: __rmqueue_fallback(), mm/page_alloc.c.  Look for the largest free
 * block of a fallback type (a rough stand-in for "the pageblock with most
 * free pages"), from MAX_ORDER - 1 down to the request's order, or down to
 * pageblock_order only under ALLOC_NOFRAGMENT.  A movable request that may
 * not steal the whole block instead takes the smallest suitable block:
 * splitting a small foreign block does no lasting harm.  Returns true when
 * pages were moved onto start_mt's lists, so the caller retries there.
 */
bool __rmqueue_fallback(struct machine *m, struct zone *zone, int order,
			int start_mt, unsigned int alloc_flags)
{
	int min_order = order, current_order, fallback_mt = -1;
	struct free_area *area = NULL;
	bool can_steal = false;
	struct page *page;

	/*
	 * Under ALLOC_NOFRAGMENT, do not split foreign pageblocks: look at
	 * whole pageblocks only.  A request of pageblock order or more already
	 * does; lowering its floor to pageblock_order would retype pageblocks
	 * for blocks too small to serve it.
	 */
	if (order < (int)m->pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = (int)m->pageblock_order;
	MM_EXPLAIN(&m->explain, "fallback_search", "__rmqueue_fallback", "mm/page_alloc.c",
		   { "order", order }, { "start_mt", start_mt }, { "max_order", MAX_ORDER - 1 },
		   { "min_order", min_order },
		   { "nofragment", (alloc_flags & ALLOC_NOFRAGMENT) != 0 });

	for (current_order = MAX_ORDER - 1; current_order >= min_order; current_order--) {
		area = &zone->free_area[current_order];
		fallback_mt = find_suitable_fallback(m, area, (unsigned int)current_order,
						     start_mt, false, &can_steal);
		if (fallback_mt != -1)
			break;
	}
	if (fallback_mt == -1) {
		MM_EXPLAIN(&m->explain, "fallback_none", "__rmqueue_fallback", "mm/page_alloc.c",
			   { "min_order", min_order }, { "start_mt", start_mt });
		return false;
	}

	if (!can_steal && start_mt == MIGRATE_MOVABLE && current_order > order) {
		MM_EXPLAIN(&m->explain, "fallback_smallest", "__rmqueue_fallback",
			   "mm/page_alloc.c", { "order", order }, { "found_order", current_order });
		for (current_order = order; current_order < MAX_ORDER; current_order++) {
			area = &zone->free_area[current_order];
			fallback_mt = find_suitable_fallback(m, area, (unsigned int)current_order,
							     start_mt, false, &can_steal);
			if (fallback_mt != -1)
				break;
		}
		MM_BUG_ON(current_order == MAX_ORDER);
	}

	page = m->profile->alloc.pick_block(m, &area->free_list[fallback_mt], fallback_mt,
						 start_mt);
	MM_EXPLAIN(&m->explain, "fallback_take", "__rmqueue_fallback", "mm/page_alloc.c",
		   { "pfn", page_to_pfn(m, page) }, { "order", current_order },
		   { "fallback_mt", fallback_mt }, { "start_mt", start_mt },
		   { "can_steal", can_steal });
	steal_suitable_fallback(m, zone, page, alloc_flags, start_mt, can_steal);
	trace_extfrag(m, page, (unsigned int)order, (unsigned int)current_order,
		      start_mt, fallback_mt);
	return true;
}
