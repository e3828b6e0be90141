/*
 * mm/profile_linux_6_1.c - the "linux-6.1" profile: the allocator's
 * decisions as Linux 6.1 makes them.
 *
 * The fallbacks[] table unchanged since 2.6.24, can_steal_fallback() and
 * the half-pageblock claim rule of steal_suitable_fallback(), watermark
 * boosting on fragmenting fallbacks, and 6.1's own __rmqueue() and
 * __free_one_page() as the steps that take and return blocks (both in
 * mm/page_alloc.c, shared with profiles that keep them).
 *
 * Invariant: see mm/profile.h (rows end with MIGRATE_TYPES, no callback
 * NULL).
 *
 * Linux counterpart: mm/page_alloc.c (v6.1): fallbacks[],
 * can_steal_fallback(), steal_suitable_fallback().
 */
#include "mm/profile.h"
#include "mm/internal.h"

#include <string.h>

/*
 * Linux: can_steal_fallback(), mm/page_alloc.c.  A fallback may take over the
 * whole pageblock if the block found is big (at least half a pageblock), or
 * if the request is unmovable or reclaimable: such pages polluting a movable
 * block do lasting harm, so it is better to claim the block for them at once.
 */
bool can_steal_fallback_6_1(const struct machine *m, unsigned int order, int start_mt)
{
	if (order >= m->pageblock_order)
		return true;
	return order >= m->alloc_knobs.steal_order || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE || m->page_group_by_mobility_disabled;
}

/*
 * The claim rule of steal_suitable_fallback(): the pageblock changes type when
 * enough of it (6.1: half) is free or already of the request's kind.
 */
bool claim_block_6_1(const struct machine *m, int free_pages, int alike_pages)
{
	return free_pages + alike_pages >= (int)m->alloc_knobs.claim_threshold_pages;
}

/*
 * Linux: get_page_from_free_area(), mm/page_alloc.c: the head of the list,
 * the block freed last (LIFO, for cache warmth) or placed there by
 * to_tail frees.
 */
struct page *free_list_head(const struct machine *m, const struct page_list *list,
			    int list_mt, int request_mt)
{
	(void)list_mt;
	(void)request_mt;
	return page_list_first(m, list);
}

/*
 * Linux: free_pcppages_bulk(), mm/page_alloc.c (v6.1): a page goes back
 * to the list of the type it was cached with when freed
 * (get_pcppage_migratetype()), unless the zone has isolated pageblocks,
 * when its pageblock's type decides (an isolated block must keep its
 * pages off the lists).
 */
int pcp_free_mt_6_1(const struct machine *m, const struct page *page, pfn_t pfn, bool isolated)
{
	return isolated ? get_pageblock_migratetype(m, pfn) : get_pcppage_migratetype(page);
}

/* Linux: fallbacks[], mm/page_alloc.c; unchanged since 2.6.24. */
static const int fallbacks_6_1[MIGRATE_PCPTYPES][MAX_FALLBACKS + 1] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE,   MIGRATE_TYPES },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, MIGRATE_TYPES },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE,   MIGRATE_MOVABLE,   MIGRATE_TYPES },
};

/*
 * 6.1's bars: steal_suitable_fallback() claims at half a pageblock
 * ("1 << (pageblock_order - 1)"), can_steal_fallback() steals whole blocks
 * from order pageblock_order / 2 up.
 */
void alloc_knob_defaults_6_1(const struct machine *m, struct alloc_knobs *k)
{
	memcpy(k->fallbacks, fallbacks_6_1, sizeof(k->fallbacks));
	k->claim_threshold_pages = (unsigned int)(pageblock_nr_pages(m) / 2);
	k->steal_order = m->pageblock_order / 2;
}

const struct mm_profile mm_profile_linux_6_1 = {
	.name = "linux-6.1",
	.kernel = "Linux 6.1.192 (Debian 12)",
	.alloc = {
		.knob_defaults = alloc_knob_defaults_6_1,
		.can_steal_fallback = can_steal_fallback_6_1,
		.claim_block = claim_block_6_1,
		.boost_on_fallback = true,
		.pick_block = free_list_head,
		.free_to_tail = buddy_merge_likely,
		.rmqueue = __rmqueue,
		.free_one_page = __free_one_page,
		.pcp_free_mt = pcp_free_mt_6_1,
	},
};
