/*
 * mm/profile_linux_6_12.c - the "linux-6.12" profile: the allocator and
 * the migration core as Debian's 6.12.118 runs them, on the one mechanism
 * linux-6.1 also uses.
 *
 * What differs from linux-6.1, with the kernel each change comes from:
 *   - 6.10, freelist hygiene (Johannes Weiner's series): a free block is
 *     always on its pageblock's list.  A pcp page drains to its
 *     pageblock's type, not the one it was cached with
 *     (free_pcppages_bulk(): get_pfnblock_migratetype());
 *     __free_one_page() takes the pageblock's type and retypes a merged
 *     buddy; the free lists count themselves by type (account_freepages():
 *     NR_FREE_PAGES without isolated pages, NR_FREE_CMA_PAGES,
 *     zone->nr_free_highatomic), and the watermark check holds back
 *     nr_free_highatomic instead of the whole reserve
 *     (__zone_watermark_unusable_free());
 *   - 6.15, backported by Debian 6.12: a fallback either claims a whole
 *     foreign pageblock (__rmqueue_claim(), try_to_steal_block(): the
 *     block moves and changes type together, or nothing moves) or steals
 *     one block without claiming (__rmqueue_steal()), and never steals
 *     under ALLOC_NOFRAGMENT; rmqueue_bulk() keeps the pass that worked
 *     (enum rmqueue_mode).  6.1 moves a lone block to the request's list
 *     and leaves its pageblock's type behind;
 *   - 6.3, batched migrate_pages(): a batch is unmapped first under one
 *     deferred TLB flush (TTU_BATCH_FLUSH, try_to_unmap_flush()), then
 *     moved; a MIGRATE_SYNC call tries the batch in MIGRATE_ASYNC and
 *     retries its failures one folio at a time (migrate_pages_sync()).
 * The fallback table, can_steal_fallback() and the half-pageblock claim
 * rule are 6.1's, unchanged in 6.12.
 *
 * Invariant: see mm/profile.h (with freelist_accounting every free block
 * lies on its pageblock's list; buddy_check() verifies it).
 *
 * Linux counterpart: mm/page_alloc.c and mm/migrate.c (Debian 6.12.118).
 */
#include "mm/profile.h"
#include "mm/page_alloc_internal.h"

/* Registered in mm/profile.c. */
extern const struct mm_profile mm_profile_linux_6_12;

/*
 * Linux: free_pcppages_bulk(), mm/page_alloc.c (6.10: freelist hygiene):
 * each page to its pageblock's type as it is now, whatever type the
 * pcp list it sat on was.
 */
static int pcp_free_mt_6_12(const struct machine *m, const struct page *page, pfn_t pfn,
			    bool isolated)
{
	(void)page;
	(void)isolated;
	return get_pageblock_migratetype(m, pfn);
}

const struct mm_profile mm_profile_linux_6_12 = {
	.name = "linux-6.12",
	.kernel = "Linux 6.12.118 (Debian 13)",
	.alloc = {
		.knob_defaults = alloc_knob_defaults_6_1,	/* fallbacks[] and bars unchanged */
		.can_steal_fallback = can_steal_fallback_6_1,	/* unchanged in 6.12 */
		.claim_block = claim_block_6_1,			/* try_to_steal_block()'s rule */
		.boost_on_fallback = true,
		.pick_block = free_list_head,
		.free_to_tail = buddy_merge_likely,		/* unchanged in 6.12 */
		.rmqueue = __rmqueue_6_12,			/* 6.15/Debian 6.12 backport */
		.free_one_page = __free_one_page_6_12,		/* 6.10: freelist hygiene */
		.freelist_accounting = true,			/* 6.10: account_freepages() */
		.pcp_free_mt = pcp_free_mt_6_12,		/* 6.10: freelist hygiene */
	},
	.migrate = {
		.batch_unmap = true,				/* 6.3: batched migrate_pages() */
	},
};
