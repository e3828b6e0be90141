/*
 * mm/page_alloc_slowpath.c - what an allocation does when the free lists
 * cannot serve it at the low watermark: wake kswapd, retry at min, compact
 * directly, reclaim directly, compact again, retry or give up.
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
 * Direct reclaim (try_to_free_pages(), mm/vmscan.c) counts its stall;
 * when it reclaimed something and the free lists still fail, the
 * highatomic reserve is released and the per-CPU lists drained once.
 * should_reclaim_retry() retries while reclaim progresses (a costly
 * order never counts as progress) and some zone would pass its min
 * watermark with all its reclaimable pages freed, up to
 * MAX_RECLAIM_RETRIES fruitless rounds; should_compact_retry() after
 * progress.  __GFP_NORETRY gives up after one round, a costly order too
 * unless __GFP_RETRY_MAYFAIL; __GFP_NOFAIL goes round again, but not
 * after reclaim and the OOM killer both failed (nothing else would free
 * memory meanwhile), and at most MAX_NOFAIL_ROUNDS times: a simulator
 * must not hang.
 *
 * When all that fails, __alloc_pages_may_oom() runs the OOM killer
 * (mm/oom_kill.c) and the slow path retries after a kill.
 *
 * Not modelled yet: the cpuset/zonelist restart races.
 *
 * Linux counterpart: mm/page_alloc.c (6.1): gfp_to_alloc_flags(),
 * wake_all_kswapds(), __alloc_pages_direct_compact(), __perform_reclaim(),
 * __alloc_pages_direct_reclaim(), should_reclaim_retry(),
 * should_compact_retry(), __alloc_pages_cpuset_fallback(),
 * __gfp_pfmemalloc_flags(), __alloc_pages_may_oom(), __alloc_pages_slowpath().
 */
#include "mm/compaction.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/oom.h"
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
		if (zone->zone_pgdat != last_pgdat) {
			MM_EXPLAIN(&m->explain, "kswapd_wake", "wake_all_kswapds", "mm/page_alloc.c",
				   { "nid", zone->node }, { "order", order },
				   { "highest_zid", ac->highest_zoneidx });
			wakeup_kswapd(m, zone, gfp, order, ac->highest_zoneidx);
		}
		last_pgdat = zone->zone_pgdat;
	}
}

/* Linux: __perform_reclaim(), mm/page_alloc.c: direct reclaim for the allocation. */
static unsigned long __perform_reclaim(struct machine *m, gfp_t gfp, unsigned int order,
				       const struct alloc_context *ac)
{
	return try_to_free_pages(m, ac->zonelist, (int)order, gfp, ac->nodemask,
				 ac->highest_zoneidx);
}

/*
 * Linux: __alloc_pages_direct_reclaim(), mm/page_alloc.c: reclaim, then
 * try the free lists; if that fails, the pages may sit in the highatomic
 * reserve or on other CPUs' lists: release and drain them, once.
 */
static struct page *__alloc_pages_direct_reclaim(struct machine *m, gfp_t gfp,
						 unsigned int order, unsigned int alloc_flags,
						 const struct alloc_context *ac,
						 unsigned long *did_some_progress)
{
	struct page *page;

	m->stats.alloc_path = ALLOC_PATH_RECLAIM;
	MM_EXPLAIN(&m->explain, "direct_reclaim_begin", "__alloc_pages_direct_reclaim",
		   "mm/page_alloc.c", { "order", order });
	*did_some_progress = __perform_reclaim(m, gfp, order, ac);
	MM_EXPLAIN(&m->explain, "direct_reclaim_end", "__alloc_pages_direct_reclaim",
		   "mm/page_alloc.c", { "nr_reclaimed", (long)*did_some_progress });
	if (!*did_some_progress)
		return NULL;
	page = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
	if (page)
		return page;
	MM_EXPLAIN(&m->explain, "direct_reclaim_drain", "__alloc_pages_direct_reclaim",
		   "mm/page_alloc.c", { "order", order });
	unreserve_highatomic_pageblock(m, ac, false);
	drain_all_pages(m, NULL);
	return get_page_from_freelist(m, gfp, order, alloc_flags, ac);
}

/*
 * Linux: should_reclaim_retry(), mm/page_alloc.c.  Progress on a cheap
 * order resets the count of fruitless rounds; past MAX_RECLAIM_RETRIES
 * of them, or when no zone would pass its min watermark even with every
 * reclaimable page freed, stop (after the highatomic reserve is given
 * up, which earns one more round).
 */
static bool should_reclaim_retry(struct machine *m, gfp_t gfp, unsigned int order,
				 const struct alloc_context *ac, unsigned int alloc_flags,
				 bool did_some_progress, int *no_progress_loops)
{
	struct zoneref *z = ac->zonelist->_zonerefs;
	struct zone *zone;

	(void)gfp;
	if (did_some_progress && order <= PAGE_ALLOC_COSTLY_ORDER)
		*no_progress_loops = 0;
	else
		(*no_progress_loops)++;
	if (*no_progress_loops > MAX_RECLAIM_RETRIES)
		return unreserve_highatomic_pageblock(m, ac, true);
	for_next_zone_zonelist_nodemask(zone, z, ac->highest_zoneidx, ac->nodemask) {
		long available = (long)(zone_reclaimable_pages(m, zone) +
					zone_page_state_snapshot(zone, NR_FREE_PAGES));

		if (__zone_watermark_ok(m, zone, order, min_wmark_pages(zone),
					(int)ac->highest_zoneidx, alloc_flags, available))
			return true;
	}
	return unreserve_highatomic_pageblock(m, ac, true);
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
	MM_EXPLAIN(&m->explain, "direct_compact_begin", "__alloc_pages_direct_compact",
		   "mm/page_alloc.c", { "order", order }, { "prio", prio });
	*compact_result = try_to_compact_pages(m, gfp, order, alloc_flags, ac, prio, &page);
	MM_EXPLAIN(&m->explain, "direct_compact_end", "__alloc_pages_direct_compact",
		   "mm/page_alloc.c", { "result", *compact_result }, { "captured", page != NULL });
	if (*compact_result == COMPACT_SKIPPED)
		return NULL;
	if (m->stats.alloc_path < ALLOC_PATH_COMPACT)
		m->stats.alloc_path = ALLOC_PATH_COMPACT;
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
 * enough free pages.
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

/*
 * Linux: __gfp_pfmemalloc_flags(), mm/page_alloc.c (no PF_MEMALLOC tasks
 * here): __GFP_MEMALLOC may ignore the watermarks; an OOM victim may dip
 * into half of the min reserve (ALLOC_OOM, oom_reserves_allowed()).
 */
static unsigned int __gfp_pfmemalloc_flags(const struct machine *m, gfp_t gfp)
{
	if (gfp & __GFP_NOMEMALLOC)
		return 0;
	if (gfp & __GFP_MEMALLOC)
		return ALLOC_NO_WATERMARKS;
	if (tsk_is_oom_victim(m->current))
		return ALLOC_OOM;
	return 0;
}

/* Linux: gfp_pfmemalloc_allowed(), mm/page_alloc.c */
static bool gfp_pfmemalloc_allowed(const struct machine *m, gfp_t gfp)
{
	return __gfp_pfmemalloc_flags(m, gfp) != 0;
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
	    gfp_pfmemalloc_allowed(m, gfp))
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
 * A __GFP_NOFAIL allocation retries for ever in the kernel (the OOM
 * killer makes room); a simulator must not hang when nothing can: it
 * fails after this many rounds.
 */
#define MAX_NOFAIL_ROUNDS	64

/* Linux: __alloc_pages_cpuset_fallback(), mm/page_alloc.c: __GFP_NOFAIL's last resort. */
static struct page *__alloc_pages_cpuset_fallback(struct machine *m, gfp_t gfp,
						  unsigned int order, unsigned int alloc_flags,
						  const struct alloc_context *ac)
{
	struct page *page = get_page_from_freelist(m, gfp, order, alloc_flags | ALLOC_CPUSET, ac);

	return page ? page : get_page_from_freelist(m, gfp, order, alloc_flags, ac);
}

/*
 * The retry part of __alloc_pages_slowpath() for a request that may use
 * the reserves: the watermark flags give way, and the memory policy with
 * them (such requests serve the system, not the task's placement).
 */
static unsigned int use_reserves(unsigned int reserve_flags, unsigned int alloc_flags,
				 struct alloc_context *ac)
{
	ac->nodemask = NULL;
	ac->preferred_zoneref = next_zones_zonelist(ac->zonelist->_zonerefs, ac->highest_zoneidx,
						    NULL);
	return reserve_flags | (alloc_flags & (ALLOC_CMA | ALLOC_KSWAPD));
}

/*
 * Linux: __alloc_pages_may_oom(), mm/page_alloc.c.  One last try at the
 * high watermark (only a kill elsewhere could make it succeed), then the
 * OOM killer, except where it cannot help: costly orders,
 * __GFP_RETRY_MAYFAIL and __GFP_THISNODE callers (who have a fallback,
 * or need one node the killer cannot aim at), lowmem requests.
 * *did_some_progress: a task was killed or the request should retry; a
 * __GFP_NOFAIL request always retries, first with no watermarks at all.
 */
static struct page *__alloc_pages_may_oom(struct machine *m, gfp_t gfp, unsigned int order,
					  const struct alloc_context *ac, bool *did_some_progress)
{
	struct oom_control oc = { .zonelist = ac->zonelist, .nodemask = ac->nodemask,
				  .gfp_mask = gfp, .order = (int)order };
	struct page *page;

	*did_some_progress = false;
	MM_EXPLAIN(&m->explain, "may_oom", "__alloc_pages_may_oom", "mm/page_alloc.c",
		   { "order", order });
	page = get_page_from_freelist(m, (gfp | __GFP_HARDWALL) & ~__GFP_DIRECT_RECLAIM, order,
				      ALLOC_WMARK_HIGH | ALLOC_CPUSET, ac);
	if (page || order > PAGE_ALLOC_COSTLY_ORDER ||
	    (gfp & (__GFP_RETRY_MAYFAIL | __GFP_THISNODE)) || ac->highest_zoneidx < ZONE_NORMAL)
		return page;
	if (out_of_memory(m, &oc) || (gfp & __GFP_NOFAIL)) {
		*did_some_progress = true;
		if (gfp & __GFP_NOFAIL)
			page = __alloc_pages_cpuset_fallback(m, gfp, order, ALLOC_NO_WATERMARKS, ac);
	}
	return page;
}

/*
 * After __alloc_pages_may_oom(): retry as long as the OOM killer makes
 * progress.  A victim that already had the reserves stops (6.1's
 * tsk_is_oom_victim() check).  Progress without a new kill or a victim
 * (a request without __GFP_FS, a __GFP_NOFAIL one) is where 6.1 waits
 * for some other CPU to free memory; in a simulation nothing else runs
 * meanwhile, so the loop would never end: the request stops instead.
 */
static bool oom_should_retry(const struct machine *m, gfp_t gfp, unsigned int alloc_flags,
			     bool did_some_progress, size_t nr_kills_before)
{
	if (tsk_is_oom_victim(m->current) &&
	    ((alloc_flags & ALLOC_OOM) || (gfp & __GFP_NOMEMALLOC)))
		return false;
	if (!did_some_progress)
		return false;
	return m->oom.nr_kills != nr_kills_before || tsk_is_oom_victim(m->current);
}

/* The retry loop's state in __alloc_pages_slowpath(). */
struct slowpath_state {
	unsigned int alloc_flags;
	enum compact_priority compact_priority;
	enum compact_result compact_result;
	int compaction_retries;
	int no_progress_loops;
	unsigned long did_some_progress;
};

/*
 * One round of the retry: loop of __alloc_pages_slowpath(), up to the
 * direct compaction after reclaim.  *stop: give up now (no direct
 * reclaim, __GFP_NORETRY, or a costly order without
 * __GFP_RETRY_MAYFAIL).
 */
static struct page *slowpath_round(struct machine *m, gfp_t gfp, unsigned int order,
				   struct alloc_context *ac, struct slowpath_state *st,
				   bool *stop)
{
	unsigned int reserve_flags;
	struct page *page;

	*stop = true;
	if (st->alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(m, order, gfp, ac);
	reserve_flags = __gfp_pfmemalloc_flags(m, gfp);
	if (reserve_flags)
		st->alloc_flags = use_reserves(reserve_flags, st->alloc_flags, ac);
	page = get_page_from_freelist(m, gfp, order, st->alloc_flags, ac);
	if (page || !(gfp & __GFP_DIRECT_RECLAIM))
		return page;
	page = __alloc_pages_direct_reclaim(m, gfp, order, st->alloc_flags, ac,
					    &st->did_some_progress);
	if (page)
		return page;
	page = __alloc_pages_direct_compact(m, gfp, order, st->alloc_flags, ac,
					    st->compact_priority, &st->compact_result);
	if (page || (gfp & __GFP_NORETRY) ||
	    (order > PAGE_ALLOC_COSTLY_ORDER && !(gfp & __GFP_RETRY_MAYFAIL)))
		return page;
	*stop = false;
	return NULL;
}

/* Linux: the retry decisions after a fruitless round of __alloc_pages_slowpath(). */
static bool slowpath_should_retry(struct machine *m, gfp_t gfp, unsigned int order,
				  const struct alloc_context *ac, struct slowpath_state *st)
{
	if (should_reclaim_retry(m, gfp, order, ac, st->alloc_flags, st->did_some_progress > 0,
				 &st->no_progress_loops))
		return true;
	return st->did_some_progress > 0 &&
	       should_compact_retry(m, ac, order, st->alloc_flags, st->compact_result,
				    &st->compact_priority, &st->compaction_retries);
}

/*
 * Linux: __alloc_pages_slowpath(), mm/page_alloc.c (6.1): kswapd, the
 * first compaction, then rounds of reclaim and compaction while
 * should_reclaim_retry() or should_compact_retry() see a chance;
 * __GFP_NOFAIL goes round again from the failure exit.
 */
struct page *__alloc_pages_slowpath(struct machine *m, gfp_t gfp, unsigned int order,
				    struct alloc_context *ac)
{
	struct slowpath_state st = { .compact_priority = DEF_COMPACT_PRIORITY,
				     .compact_result = COMPACT_SKIPPED };
	struct page *page;
	bool give_up;

	if ((gfp & (__GFP_ATOMIC | __GFP_DIRECT_RECLAIM)) == (__GFP_ATOMIC | __GFP_DIRECT_RECLAIM))
		gfp &= ~__GFP_ATOMIC;
	st.alloc_flags = gfp_to_alloc_flags(m, gfp);
	ac->preferred_zoneref = next_zones_zonelist(ac->zonelist->_zonerefs,
						    ac->highest_zoneidx, ac->nodemask);
	if (!ac->preferred_zoneref->zone)
		return NULL;
	if (st.alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(m, order, gfp, ac);
	page = get_page_from_freelist(m, gfp, order, st.alloc_flags, ac);
	if (page)
		return page;
	page = compact_first(m, gfp, order, st.alloc_flags, ac, &st.compact_result, &give_up);
	if (page || give_up)
		return page;
	if (order > PAGE_ALLOC_COSTLY_ORDER && (gfp & __GFP_NORETRY))
		st.compact_priority = INIT_COMPACT_PRIORITY;	/* sync would cost too much */
	for (int nofail_rounds = 0; nofail_rounds < MAX_NOFAIL_ROUNDS;) {
		bool stop;

		page = slowpath_round(m, gfp, order, ac, &st, &stop);
		if (page)
			return page;
		if (!stop && slowpath_should_retry(m, gfp, order, ac, &st))
			continue;
		if (!stop) {
			size_t nr_kills = m->oom.nr_kills;
			bool oom_progress;

			page = __alloc_pages_may_oom(m, gfp, order, ac, &oom_progress);
			if (page)
				return page;
			if (oom_should_retry(m, gfp, st.alloc_flags, oom_progress, nr_kills)) {
				st.no_progress_loops = 0;
				continue;
			}
		}
		/* nopage: */
		if (!(gfp & __GFP_NOFAIL) || !(gfp & __GFP_DIRECT_RECLAIM))
			return NULL;
		page = __alloc_pages_cpuset_fallback(m, gfp, order, ALLOC_HARDER, ac);
		if (page)
			return page;
		/* Reclaim and the OOM killer both failed: nothing else runs to free memory. */
		if (!stop)
			break;
		nofail_rounds++;
	}
	m->oom.nofail_failed++;	/* 6.1 would retry for ever */
	return NULL;
}
