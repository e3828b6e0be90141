/*
 * mm/profile_contiguitas.c - the "contiguitas" profile: a research policy,
 * not a kernel's, and the worked example of docs/policies.md.
 *
 * The idea (after Contiguitas, ISCA 2023): unmovable memory scattered over
 * a node is what stops huge pages from being assembled, so keep it in one
 * region.  Here, simply: where the allocator chooses among the free blocks
 * of a list, an Unmovable or Reclaimable request takes the block of lowest
 * pfn, a Movable request the block of highest pfn.  Unmovable pageblocks
 * then gather at the low end of each zone (the fallback path picks the
 * same way, so blocks it steals for them are low ones too), and movable
 * memory fills from the top.  Everything else is linux-6.1's; the real
 * design's region resizing and hardware-assisted migration are not
 * modelled.
 *
 * Cost: a pick walks the whole list (linux-6.1 takes its head), so this
 * profile is slower on long free lists.
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

/* The lowest-pfn block for the kinds that pin memory, the highest for Movable. */
static struct page *pick_block_by_end(const struct machine *m, const struct page_list *list,
				      int request_mt)
{
	bool low = request_mt != MIGRATE_MOVABLE;
	struct page *page, *best = NULL;
	pfn_t best_pfn = 0;

	page_list_for_each(m, page, list) {
		pfn_t pfn = page_to_pfn(m, page);

		if (!best || (low ? pfn < best_pfn : pfn > best_pfn)) {
			best = page;
			best_pfn = pfn;
		}
	}
	return best;
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
		.rmqueue = __rmqueue,
		.free_one_page = __free_one_page,
		.pcp_free_mt = pcp_free_mt_6_1,
	},
};
