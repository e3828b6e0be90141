/*
 * mm/page_alloc_slowpath.c - what an allocation does when the free lists
 * cannot serve it at the low watermark: wake kswapd, retry at min, compact
 * directly, "reclaim", compact again, give up.
 *
 * The order of 6.1's slow path: a costly request (order > 3), or a
 * non-movable one of order > 0, tries ASYNC direct compaction before
 * anything else, since it likely has enough base pages and needs them
 * contiguous; a THP fault (__GFP_NORETRY) gives up right there when
 * compaction was skipped or deferred, or when it is bound to its node.
 * After the reclaim step comes SYNC_LIGHT compaction (the default
 * priority; SYNC_FULL only when should_compact_retry() escalates, which
 * needs reclaim progress).
 *
 * Not modelled yet: reclaim (the step counts its stall, releases the
 * highatomic reserve and drains the per-CPU lists; progress is 0, so
 * should_compact_retry() and the OOM killer are never reached), and the
 * cpuset/zonelist restart races.
 *
 * Linux counterpart: mm/page_alloc.c (6.1): gfp_to_alloc_flags(),
 * wake_all_kswapds(), __alloc_pages_direct_compact(),
 * should_compact_retry(), __alloc_pages_slowpath().
 */
#include "mm/compaction.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/vmscan.h"

/* Linux: gfp_to_alloc_flags(), mm/page_alloc.c (6.1) */
static unsigned int gfp_to_alloc_flags(const struct machine *m, gfp_t gfp)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	/* __GFP_HIGH is ALLOC_HIGH and __GFP_KSWAPD_RECLAIM is ALLOC_KSWAPD. */
	alloc_flags |= gfp & (__GFP_HIGH | __GFP_KSWAPD_RECLAIM);
	if (gfp & __GFP_ATOMIC) {
		if (!(gfp & __GFP_NOMEMALLOC))
			alloc_flags |= ALLOC_HARDER;
		alloc_flags &= ~ALLOC_CPUSET;
	}
	if (m->has_cma && gfp_migratetype(gfp) == MIGRATE_MOVABLE)
		alloc_flags |= ALLOC_CMA;
	return alloc_flags;
}

/* Linux: wake_all_kswapds(), mm/page_alloc.c: once per node in the zonelist. */
static void wake_all_kswapds(struct machine *m, unsigned int order, gfp_t gfp,
			     const struct alloc_context *ac)
{
	struct zoneref *z = ac->zonelist->_zonerefs;
	pg_data_t *last_pgdat = NULL;
	struct zone *zone;

	for_next_zone_zonelist_nodemask(zone, z, ac->highest_zoneidx, ac->nodemask) {
		if (zone->zone_pgdat != last_pgdat)
			wakeup_kswapd(m, zone, gfp, order, ac->highest_zoneidx);
		last_pgdat = zone->zone_pgdat;
	}
}

/*
 * Linux: __alloc_pages_direct_reclaim(), mm/page_alloc.c, with nothing to
 * reclaim: count the stall, then release the highatomic reserve and drain
 * the pcp lists once, and retry.
 */
static struct page *direct_reclaim_nothing(struct machine *m, gfp_t gfp, unsigned int order,
					   unsigned int alloc_flags, const struct alloc_context *ac)
{
	__count_vm_events(m, ALLOCSTALL_DMA + ac->highest_zoneidx, 1);
	unreserve_highatomic_pageblock(m, ac, false);
	drain_all_pages(m, NULL);
	return get_page_from_freelist(m, gfp, order, alloc_flags, ac);
}

/*
 * Linux: __alloc_pages_direct_compact(), mm/page_alloc.c: compact, then
 * take the captured page or try the free lists.  A stall is counted
 * whenever some zone was not skipped.
 */
static struct page *__alloc_pages_direct_compact(struct machine *m, gfp_t gfp, unsigned int order,
						 unsigned int alloc_flags,
						 const struct alloc_context *ac,
						 enum compact_priority prio,
						 enum compact_result *compact_result)
{
	struct page *page = NULL;

	if (!order)
		return NULL;
	*compact_result = try_to_compact_pages(m, gfp, order, alloc_flags, ac, prio, &page);
	if (*compact_result == COMPACT_SKIPPED)
		return NULL;
	__count_vm_events(m, COMPACTSTALL, 1);
	if (page)
		prep_new_page(m, page, order, gfp);
	else
		page = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
	if (page) {
		struct zone *zone = page_zone(m, page);

		zone->compact_blockskip_flush = false;
		compaction_defer_reset(m, zone, (int)order, true);
		__count_vm_events(m, COMPACTSUCCESS, 1);
		return page;
	}
	__count_vm_events(m, COMPACTFAIL, 1);
	return NULL;
}

/* Linux: MAX_COMPACT_RETRIES, mm/page_alloc.c */
#define MAX_COMPACT_RETRIES	16

/*
 * Linux: should_compact_retry(), mm/page_alloc.c.  After reclaim made
 * progress: retry while compaction keeps succeeding (up to 16 times, 4
 * for costly orders); a failed or withdrawn run retries at the next
 * higher priority (SYNC_LIGHT for costly orders, SYNC_FULL otherwise)
 * with the count reset; a skipped one retries if some zone would have
 * enough free pages.  The reclaim step makes no progress yet, so the slow
 * path does not call it (see the top of the file).
 */
bool should_compact_retry(struct machine *m, const struct alloc_context *ac, unsigned int order,
			  unsigned int alloc_flags, enum compact_result compact_result,
			  enum compact_priority *compact_priority, int *compaction_retries)
{
	int max_retries = MAX_COMPACT_RETRIES;
	enum compact_priority min_priority;

	if (!order)
		return false;
	if (compaction_made_progress(compact_result))
		(*compaction_retries)++;
	if (compaction_needs_reclaim(compact_result))
		return compaction_zonelist_suitable(m, ac, (int)order, alloc_flags);
	if (!compaction_failed(compact_result) && !compaction_withdrawn(compact_result)) {
		if (order > PAGE_ALLOC_COSTLY_ORDER)
			max_retries /= 4;
		if (*compaction_retries <= max_retries)
			return true;
	}
	min_priority = order > PAGE_ALLOC_COSTLY_ORDER ? MIN_COMPACT_COSTLY_PRIORITY
						       : MIN_COMPACT_PRIORITY;
	if (*compact_priority > min_priority) {
		(*compact_priority)--;
		*compaction_retries = 0;
		return true;
	}
	return false;
}

/* Linux: gfp_pfmemalloc_allowed(), mm/page_alloc.c (no PF_MEMALLOC tasks here). */
static bool gfp_pfmemalloc_allowed(gfp_t gfp)
{
	return (gfp & __GFP_MEMALLOC) && !(gfp & __GFP_NOMEMALLOC);
}

/*
 * The first direct compaction of __alloc_pages_slowpath(): costly or
 * non-movable high-order requests.  *give_up: a THP-like request
 * (costly, __GFP_NORETRY) that should fail now.
 */
static struct page *compact_first(struct machine *m, gfp_t gfp, unsigned int order,
				  unsigned int alloc_flags, const struct alloc_context *ac,
				  enum compact_result *compact_result, bool *give_up)
{
	bool costly_order = order > PAGE_ALLOC_COSTLY_ORDER;
	struct page *page;

	*give_up = false;
	if (!(gfp & __GFP_DIRECT_RECLAIM) || !gfp_compaction_allowed(gfp) ||
	    !(costly_order || (order > 0 && ac->migratetype != MIGRATE_MOVABLE)) ||
	    gfp_pfmemalloc_allowed(gfp))
		return NULL;
	page = __alloc_pages_direct_compact(m, gfp, order, alloc_flags, ac, INIT_COMPACT_PRIORITY,
					    compact_result);
	if (page || !costly_order || !(gfp & __GFP_NORETRY))
		return page;
	/* Reclaim would hardly make whole pageblocks free: not for this. */
	if (*compact_result == COMPACT_SKIPPED || *compact_result == COMPACT_DEFERRED ||
	    (gfp & __GFP_THISNODE))
		*give_up = true;
	return NULL;
}

/*
 * Linux: __alloc_pages_slowpath(), mm/page_alloc.c, as far as this model
 * goes (see the top of the file).
 */
struct page *__alloc_pages_slowpath(struct machine *m, gfp_t gfp, unsigned int order,
				    struct alloc_context *ac)
{
	bool can_direct_reclaim = gfp & __GFP_DIRECT_RECLAIM;
	bool costly_order = order > PAGE_ALLOC_COSTLY_ORDER;
	enum compact_priority compact_priority = DEF_COMPACT_PRIORITY;
	enum compact_result compact_result = COMPACT_SKIPPED;
	unsigned int alloc_flags;
	struct page *page;
	bool give_up;

	if ((gfp & (__GFP_ATOMIC | __GFP_DIRECT_RECLAIM)) == (__GFP_ATOMIC | __GFP_DIRECT_RECLAIM))
		gfp &= ~__GFP_ATOMIC;
	alloc_flags = gfp_to_alloc_flags(m, gfp);
	ac->preferred_zoneref = next_zones_zonelist(ac->zonelist->_zonerefs,
						    ac->highest_zoneidx, ac->nodemask);
	if (!ac->preferred_zoneref->zone)
		return NULL;
	if (alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(m, order, gfp, ac);
	page = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
	if (page)
		return page;
	page = compact_first(m, gfp, order, alloc_flags, ac, &compact_result, &give_up);
	if (page || give_up)
		return page;
	if (costly_order && (gfp & __GFP_NORETRY))
		compact_priority = INIT_COMPACT_PRIORITY;	/* sync would cost too much */
	/* retry: */
	if (alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(m, order, gfp, ac);
	if (gfp_pfmemalloc_allowed(gfp))
		alloc_flags = ALLOC_NO_WATERMARKS | (alloc_flags & (ALLOC_CMA | ALLOC_KSWAPD));
	page = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
	if (page || !can_direct_reclaim)
		return page;
	page = direct_reclaim_nothing(m, gfp, order, alloc_flags, ac);
	if (page)
		return page;
	page = __alloc_pages_direct_compact(m, gfp, order, alloc_flags, ac, compact_priority,
					    &compact_result);
	if (page || (gfp & __GFP_NORETRY) || (costly_order && !(gfp & __GFP_RETRY_MAYFAIL)))
		return page;
	/*
	 * should_reclaim_retry() without progress: exhaust the highatomic
	 * reserve.  should_compact_retry() needs reclaim progress: not here.
	 */
	if (unreserve_highatomic_pageblock(m, ac, true))
		page = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
	return page;
}
