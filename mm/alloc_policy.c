/*
 * mm/alloc_policy.c - allocation policy profiles: the decision points of the
 * buddy allocator's fallback path, one table per kernel behaviour.
 *
 * "linux-6.1" is the default: the fallbacks[] table unchanged since 2.6,
 * can_steal_fallback() and the half-pageblock claim rule of
 * steal_suitable_fallback(), watermark boosting on fragmenting fallbacks.
 *
 * Invariant: every row of fallbacks[] ends with MIGRATE_TYPES and never
 * names HIGHATOMIC, CMA or ISOLATE (those are never fallback sources).
 *
 * Linux counterpart: mm/page_alloc.c (v6.1): fallbacks[], can_steal_fallback(),
 * steal_suitable_fallback().
 */
#include "mm/alloc_policy.h"

#include <string.h>

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

const struct alloc_policy alloc_policy_linux_6_1 = {
	.name = "linux-6.1",
	.fallbacks = {
		[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE,   MIGRATE_TYPES },
		[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, MIGRATE_TYPES },
		[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE,   MIGRATE_MOVABLE,   MIGRATE_TYPES },
	},
	.can_steal_fallback = can_steal_fallback_6_1,
	.claim_block = claim_block_6_1,
	.boost_on_fallback = true,
};

const char *const alloc_policy_names[] = { "linux-6.1", NULL };

static const struct alloc_policy *const policies[] = { &alloc_policy_linux_6_1 };

const struct alloc_policy *alloc_policy_find(const char *name)
{
	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++)
		if (strcmp(policies[i]->name, name) == 0)
			return policies[i];
	return NULL;
}
