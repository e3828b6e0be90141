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

/*
 * Linux: can_steal_fallback(), mm/page_alloc.c.  A fallback may take over the
 * whole pageblock if the block found is big (at least half a pageblock), or
 * if the request is unmovable or reclaimable: such pages polluting a movable
 * block do lasting harm, so it is better to claim the block for them at once.
 */
static bool can_steal_fallback_6_1(const struct machine *m, unsigned int order, int start_mt)
{
	if (order >= m->pageblock_order)
		return true;
	return order >= m->pageblock_order / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE || m->page_group_by_mobility_disabled;
}

/*
 * The claim rule of steal_suitable_fallback(): the pageblock changes type when
 * at least half of it is free or already of the request's kind.
 */
static bool claim_block_6_1(const struct machine *m, int free_pages, int alike_pages)
{
	return free_pages + alike_pages >= (int)(pageblock_nr_pages(m) / 2);
}

const struct mm_profile mm_profile_linux_6_1 = {
	.name = "linux-6.1",
	.kernel = "Linux 6.1.192 (Debian 12)",
	.alloc = {
		.fallbacks = {
			[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE,   MIGRATE_TYPES },
			[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, MIGRATE_TYPES },
			[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE,   MIGRATE_MOVABLE,   MIGRATE_TYPES },
		},
		.can_steal_fallback = can_steal_fallback_6_1,
		.claim_block = claim_block_6_1,
		.boost_on_fallback = true,
		.rmqueue = __rmqueue,
		.free_one_page = __free_one_page,
	},
};
