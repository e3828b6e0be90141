/*
 * mm/profile_no_grouping.c - the "no-grouping" profile: the page allocator
 * without grouping by mobility, the reference point of the papers that
 * introduced it (before 2.6.24, every free page was one kind).
 *
 * It is not a port of a 2.6.23 allocator: it is 6.1 with its own switch
 * for that case, page_group_by_mobility_disabled, forced on at boot
 * (6.1 sets it only when memory is smaller than a pageblock per type;
 * build_all_zonelists_init()).  With the switch set, 6.1 (and so this
 * profile):
 *   - types every request Unmovable (gfp_migratetype(), 2.6.24 on);
 *   - writes every pcp pageblock type as Unmovable
 *     (set_pageblock_migratetype(), 2.6.24 on);
 *   - lets every fallback take and claim its whole block
 *     (can_steal_fallback() and steal_suitable_fallback(), 4.13 on).
 * The pageblocks memmap init marked Movable before the switch was decided
 * stay Movable until first taken: each is claimed whole by its first
 * fallback, so fallbacks happen, at most once per block, and no block is
 * ever mixed.  Everything else is linux-6.1's.
 *
 * Invariant: see mm/profile.h.
 *
 * Linux counterpart: page_group_by_mobility_disabled, mm/page_alloc.c (v6.1).
 */
#include "mm/profile.h"
#include "mm/internal.h"

/* Registered in mm/profile.c. */
extern const struct mm_profile mm_profile_no_grouping;

const struct mm_profile mm_profile_no_grouping = {
	.name = "no-grouping",
	.kernel = "Linux 6.1.192 with page_group_by_mobility_disabled set",
	.alloc = {
		.knob_defaults = alloc_knob_defaults_6_1,
		.can_steal_fallback = can_steal_fallback_6_1,
		.claim_block = claim_block_6_1,
		.boost_on_fallback = true,
		.no_mobility_grouping = true,
		.pick_block = free_list_head,
		.free_to_tail = buddy_merge_likely,
		.rmqueue = __rmqueue,
		.free_one_page = __free_one_page,
		.pcp_free_mt = pcp_free_mt_6_1,
	},
};
