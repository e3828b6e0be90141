/*
 * mm/profile_contiguitas.c - the "contiguitas" profile: a research policy,
 * not a kernel's, and the worked example of docs/policies.md.
 *
 * The idea (after Contiguitas, ISCA 2023): unmovable memory scattered over
 * a node is what stops huge pages from being assembled, so keep it in one
 * region.  Here, simply: keep each free list ordered low to high, roughly,
 * and serve the kinds that pin memory from its low end, Movable requests
 * from its high end.
 *   - pick_block: an Unmovable or Reclaimable request takes the head of a
 *     list (on its own type's list or falling back into another's), a
 *     Movable request the tail;
 *   - free_to_tail: a freed block joins the head of its list when it lies
 *     in the low half of its zone, the tail when in the high half.
 * Boot frees memory in pfn order to the lists' tails (FPI_TO_TAIL), so
 * every list starts sorted; the placement rule keeps its ends apart as
 * frees reorder it.  Unmovable pageblocks thus gather at the low end of
 * each zone (the blocks fallbacks claim for them are low ones too) and
 * movable memory fills from the top.  Everything else is linux-6.1's;
 * the real design's region resizing and hardware-assisted migration are
 * not modelled.
 *
 * Cost: none over linux-6.1 (both choices are O(1)); the ordering is
 * approximate within each half, which is what makes it cheap.
 *
 * Invariant: see mm/profile.h.
 *
 * Linux counterpart: none; the hook replaces get_page_from_free_area() in
 * __rmqueue_smallest() and __rmqueue_fallback(), mm/page_alloc.c (v6.1).
 */
#include "mm/profile.h"
#include "mm/internal.h"

/* Registered in mm/profile.c. */
extern const struct mm_profile mm_profile_contiguitas;

/* The head of the list for the kinds that pin memory, the tail for Movable. */
static struct page *pick_block_by_end(const struct machine *m, const struct page_list *list,
				      int list_mt, int request_mt)
{
	(void)list_mt;
	return request_mt == MIGRATE_MOVABLE ? page_list_last(m, list) : page_list_first(m, list);
}

/* A freed block in the high half of its zone goes to the tail, nearer the Movable end. */
static bool free_to_tail_by_half(struct machine *m, pfn_t pfn, pfn_t buddy_pfn,
				 struct page *page, unsigned int order)
{
	const struct zone *zone = page_zone(m, page);

	(void)buddy_pfn;
	(void)order;
	return pfn >= zone->zone_start_pfn + zone->spanned_pages / 2;
}

const struct mm_profile mm_profile_contiguitas = {
	.name = "contiguitas",
	.kernel = "Linux 6.1.192, unmovable allocations confined to the low end of each zone",
	.alloc = {
		.knob_defaults = alloc_knob_defaults_6_1,
		.can_steal_fallback = can_steal_fallback_6_1,
		.claim_block = claim_block_6_1,
		.boost_on_fallback = true,
		.pick_block = pick_block_by_end,
		.free_to_tail = free_to_tail_by_half,
		.rmqueue = __rmqueue,
		.free_one_page = __free_one_page,
		.pcp_free_mt = pcp_free_mt_6_1,
	},
};
