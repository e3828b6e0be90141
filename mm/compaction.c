/*
 * mm/compaction.c - one compaction run over a zone, and who starts runs:
 * direct compaction for an allocation, the user's vm.compact_memory and
 * per-node compact file (kcompactd is mm/kcompactd.c; the scanners
 * mm/compaction_scan.c).
 *
 * compact_zone() alternates the migrate scanner's isolation with
 * migrate_pages() onto the free scanner's pages until __compact_finished()
 * says stop: the scanners met (COMPLETE when the whole zone was scanned,
 * else PARTIAL_SKIPPED), a page of the wanted order is free (SUCCESS),
 * or, for proactive runs, the zone's score reached the low threshold.
 * The scanners' positions are cached in the zone between runs.
 *
 * Deferral: a sync run that fails for an order makes the next
 * 1 << compact_defer_shift attempts at that order or above skip the zone
 * (the shift grows by one per failure, up to 6); a success resets it.
 *
 * Invariants: a run leaves nothing isolated (its free pages go back to
 * the allocator, its unmigrated folios to their lists); counters are the
 * kernel's (compact_migrate_scanned, compact_free_scanned,
 * compact_isolated; compact_stall/fail/success in the allocator).
 *
 * Linux counterpart: mm/compaction.c (6.1): defer_compaction() ..
 * compaction_restarting(), __compact_finished() .. compact_nodes().
 */
#include "mm/compaction_internal.h"

#include <errno.h>

#include "mm/bug.h"
#include "mm/explain.h"
#include "mm/migrate.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

/* ==================== deferral ==================== */

static void trace_defer(struct machine *m, enum mm_event_id id, struct zone *zone, int order)
{
	struct mm_event ev = { .id = id };

	if (!mm_event_enabled(&m->sink, id))
		return;
	/* The three deferral events share one layout. */
	ev.mm_compaction_deferred.nid = zone->node;
	ev.mm_compaction_deferred.idx = (uint32_t)zone_idx(zone);
	ev.mm_compaction_deferred.order = order;
	ev.mm_compaction_deferred.considered = zone->compact_considered;
	ev.mm_compaction_deferred.defer_shift = zone->compact_defer_shift;
	ev.mm_compaction_deferred.order_failed = zone->compact_order_failed;
	mm_event_emit(&m->sink, &ev);
}

/* Linux: defer_compaction(), mm/compaction.c */
void defer_compaction(struct machine *m, struct zone *zone, int order)
{
	zone->compact_considered = 0;
	zone->compact_defer_shift++;
	if (order < zone->compact_order_failed)
		zone->compact_order_failed = order;
	if (zone->compact_defer_shift > COMPACT_MAX_DEFER_SHIFT)
		zone->compact_defer_shift = COMPACT_MAX_DEFER_SHIFT;
	trace_defer(m, MM_EV_mm_compaction_defer_compaction, zone, order);
	MM_EXPLAIN(&m->explain, "defer_compaction", "defer_compaction", "mm/compaction.c",
		   { "nid", zone->node }, { "zid", zone_idx(zone) }, { "order", order },
		   { "defer_shift", zone->compact_defer_shift },
		   { "defer_limit", 1l << zone->compact_defer_shift },
		   { "order_failed", zone->compact_order_failed });
}

/* Linux: compaction_deferred(), mm/compaction.c: skip this attempt? */
bool compaction_deferred(struct machine *m, struct zone *zone, int order)
{
	unsigned long defer_limit = 1ul << zone->compact_defer_shift;
	bool deferred;

	if (order < zone->compact_order_failed)
		return false;
	deferred = ++zone->compact_considered < defer_limit;
	if (!deferred)
		zone->compact_considered = (unsigned int)defer_limit;
	MM_EXPLAIN(&m->explain, "compaction_deferred", "compaction_deferred", "mm/compaction.c",
		   { "nid", zone->node }, { "zid", zone_idx(zone) }, { "order", order },
		   { "considered", zone->compact_considered }, { "defer_limit", (long)defer_limit },
		   { "order_failed", zone->compact_order_failed }, { "deferred", deferred });
	if (deferred)
		trace_defer(m, MM_EV_mm_compaction_deferred, zone, order);
	return deferred;
}

/*
 * Linux: compaction_defer_reset(), mm/compaction.c: order succeeded (or
 * should); only a real allocation success forgets the failures.
 */
void compaction_defer_reset(struct machine *m, struct zone *zone, int order, bool alloc_success)
{
	if (alloc_success) {
		zone->compact_considered = 0;
		zone->compact_defer_shift = 0;
	}
	if (order >= zone->compact_order_failed)
		zone->compact_order_failed = order + 1;
	trace_defer(m, MM_EV_mm_compaction_defer_reset, zone, order);
}

/* Linux: compaction_restarting(), mm/compaction.c: the longest deferral just ran out. */
static bool compaction_restarting(const struct zone *zone, int order)
{
	if (order < zone->compact_order_failed)
		return false;
	return zone->compact_defer_shift == COMPACT_MAX_DEFER_SHIFT &&
	       zone->compact_considered >= 1u << zone->compact_defer_shift;
}

/* Linux: reset_isolation_suitable(), mm/compaction.c */
void reset_isolation_suitable(struct machine *m, pg_data_t *pgdat)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (populated_zone(zone) && zone->compact_blockskip_flush)
			__reset_isolation_suitable(m, zone);
	}
}

/* ==================== is it worth it, is it done ==================== */

static void trace_zone_result(struct machine *m, enum mm_event_id id, const struct zone *zone,
			      int order, enum compact_result ret)
{
	struct mm_event ev = { .id = id };

	if (!mm_event_enabled(&m->sink, id))
		return;
	/* mm_compaction_suitable and _finished share one layout. */
	ev.mm_compaction_suitable.nid = zone->node;
	ev.mm_compaction_suitable.idx = (uint32_t)zone_idx(zone);
	ev.mm_compaction_suitable.order = order;
	ev.mm_compaction_suitable.ret = (int)ret;
	mm_event_emit(&m->sink, &ev);
}

/* The run may stop: a free block of order on mt's list serves the allocation. */
static enum compact_result suitable_page_found(struct machine *m, const struct compact_control *cc,
					       unsigned int order, int mt)
{
	MM_EXPLAIN(&m->explain, "compact_suitable_page", "__compact_finished", "mm/compaction.c",
		   { "order", order }, { "want_order", cc->order }, { "mt", mt },
		   { "start_mt", cc->migratetype }, { "migrate_pfn", (long)cc->migrate_pfn });
	return COMPACT_SUCCESS;
}

/*
 * Linux: __compact_finished(), mm/compaction.c.  For an allocation the
 * run stops at a pageblock boundary once a free block of the order is on
 * its migratetype's list (or on CMA's for movable, or one it may steal).
 */
static enum compact_result __compact_finished(struct machine *m, struct compact_control *cc)
{
	enum compact_result ret;

	if (compact_scanners_met(m, cc)) {
		MM_EXPLAIN(&m->explain, "compact_scanners_met", "__compact_finished",
			   "mm/compaction.c", { "migrate_pfn", (long)cc->migrate_pfn },
			   { "free_pfn", (long)cc->free_pfn }, { "whole_zone", cc->whole_zone });
		reset_cached_positions(m, cc->zone);
		/* Only an allocation's run asks kswapd to clear the hints. */
		if (cc->direct_compaction)
			cc->zone->compact_blockskip_flush = true;
		return cc->whole_zone ? COMPACT_COMPLETE : COMPACT_PARTIAL_SKIPPED;
	}
	if (cc->proactive_compaction) {
		if (kswapd_is_running(cc->zone->zone_pgdat))
			return COMPACT_PARTIAL_SKIPPED;
		ret = fragmentation_score_zone(m, cc->zone) > fragmentation_score_wmark(m, true)
			      ? COMPACT_CONTINUE : COMPACT_SUCCESS;
		return cc->contended ? COMPACT_CONTENDED : ret;
	}
	if (is_via_compact_memory(cc->order))
		return COMPACT_CONTINUE;
	if (!pageblock_aligned(m, cc->migrate_pfn))
		return COMPACT_CONTINUE;	/* finish the block: fewer fallbacks later */
	for (unsigned int order = (unsigned int)cc->order; order < MAX_ORDER; order++) {
		struct free_area *area = &cc->zone->free_area[order];
		bool can_steal;
		int fallback_mt;

		if (!page_list_empty(&area->free_list[cc->migratetype]))
			return suitable_page_found(m, cc, order, cc->migratetype);
		if (cc->migratetype == MIGRATE_MOVABLE && m->has_cma &&
		    !page_list_empty(&area->free_list[MIGRATE_CMA]))
			return suitable_page_found(m, cc, order, MIGRATE_CMA);
		fallback_mt = find_suitable_fallback(m, area, order, cc->migratetype, true,
						     &can_steal);
		if (fallback_mt != -1)
			return suitable_page_found(m, cc, order, fallback_mt);
	}
	return cc->contended ? COMPACT_CONTENDED : COMPACT_NO_SUITABLE_PAGE;
}

/* Linux: compact_finished(), mm/compaction.c */
static enum compact_result compact_finished(struct machine *m, struct compact_control *cc)
{
	enum compact_result ret = __compact_finished(m, cc);

	trace_zone_result(m, MM_EV_mm_compaction_finished, cc->zone, cc->order, ret);
	return ret == COMPACT_NO_SUITABLE_PAGE ? COMPACT_CONTINUE : ret;
}

/*
 * Linux: __compaction_suitable(), mm/compaction.c.  Compaction needs
 * free order-0 pages to migrate into: the low watermark (min for cheap
 * orders) plus compact_gap() must hold with wmark_target free pages.
 */
static enum compact_result __compaction_suitable(struct machine *m, struct zone *zone, int order,
						 unsigned int alloc_flags, int highest_zoneidx,
						 unsigned long wmark_target)
{
	unsigned long watermark;
	bool ok;

	if (is_via_compact_memory(order))
		return COMPACT_CONTINUE;
	watermark = wmark_pages(zone, (enum zone_watermarks)(alloc_flags & ALLOC_WMARK_MASK));
	if (zone_watermark_ok(m, zone, (unsigned int)order, watermark, highest_zoneidx,
			      alloc_flags)) {
		MM_EXPLAIN(&m->explain, "compaction_not_needed", "__compaction_suitable",
			   "mm/compaction.c", { "nid", zone->node }, { "zid", zone_idx(zone) },
			   { "order", order }, { "watermark", (long)watermark },
			   { "free", (long)zone_page_state(zone, NR_FREE_PAGES) });
		return COMPACT_SUCCESS;
	}
	watermark = order > PAGE_ALLOC_COSTLY_ORDER ? low_wmark_pages(zone) : min_wmark_pages(zone);
	ok = __zone_watermark_ok(m, zone, 0, watermark + compact_gap((unsigned int)order),
				 highest_zoneidx, ALLOC_CMA, (long)wmark_target);
	MM_EXPLAIN(&m->explain, "compaction_suitable", "__compaction_suitable", "mm/compaction.c",
		   { "nid", zone->node }, { "zid", zone_idx(zone) }, { "order", order },
		   { "watermark", (long)watermark }, { "gap", (long)compact_gap((unsigned int)order) },
		   { "free", (long)wmark_target }, { "ok", ok });
	return ok ? COMPACT_CONTINUE : COMPACT_SKIPPED;
}

/*
 * Linux: compaction_suitable(), mm/compaction.c.  For costly orders the
 * fragmentation index must blame fragmentation: an index at or below
 * vm.extfrag_threshold (0..1000) means the failure is lack of memory.
 */
enum compact_result compaction_suitable(struct machine *m, struct zone *zone, int order,
					unsigned int alloc_flags, int highest_zoneidx)
{
	enum compact_result ret;

	ret = __compaction_suitable(m, zone, order, alloc_flags, highest_zoneidx,
				    zone_page_state(zone, NR_FREE_PAGES));
	if (ret == COMPACT_CONTINUE && order > PAGE_ALLOC_COSTLY_ORDER) {
		int fragindex = fragmentation_index(zone, (unsigned int)order);

		if (fragindex >= 0 && fragindex <= m->vm.extfrag_threshold)
			ret = COMPACT_NOT_SUITABLE_ZONE;
		MM_EXPLAIN(&m->explain, "compaction_fragindex", "compaction_suitable",
			   "mm/compaction.c", { "order", order }, { "fragindex", fragindex },
			   { "threshold", m->vm.extfrag_threshold },
			   { "ok", ret != COMPACT_NOT_SUITABLE_ZONE });
	}
	trace_zone_result(m, MM_EV_mm_compaction_suitable, zone, order, ret);
	return ret == COMPACT_NOT_SUITABLE_ZONE ? COMPACT_SKIPPED : ret;
}

/*
 * Linux: compaction_zonelist_suitable(), mm/compaction.c.  Reclaimable
 * pages count 1/order: reclaim is not worth its cost for one high-order
 * page otherwise.
 */
bool compaction_zonelist_suitable(struct machine *m, const struct alloc_context *ac, int order,
				  unsigned int alloc_flags)
{
	struct zoneref *z = ac->zonelist->_zonerefs;
	struct zone *zone;

	for_next_zone_zonelist_nodemask(zone, z, ac->highest_zoneidx, ac->nodemask) {
		unsigned long available = zone_reclaimable_pages(m, zone) / (unsigned long)order +
					  zone_page_state_snapshot(zone, NR_FREE_PAGES);

		if (__compaction_suitable(m, zone, order, alloc_flags, (int)ac->highest_zoneidx,
					  available) == COMPACT_CONTINUE)
			return true;
	}
	return false;
}

/* ==================== one run ==================== */

static void trace_begin_end(struct machine *m, enum mm_event_id id, const struct compact_control *cc,
			    pfn_t start_pfn, pfn_t end_pfn, bool sync, enum compact_result status)
{
	struct mm_event ev = { .id = id };

	if (!mm_event_enabled(&m->sink, id))
		return;
	if (id == MM_EV_mm_compaction_begin) {
		ev.mm_compaction_begin.zone_start = start_pfn;
		ev.mm_compaction_begin.migrate_pfn = cc->migrate_pfn;
		ev.mm_compaction_begin.free_pfn = cc->free_pfn;
		ev.mm_compaction_begin.zone_end = end_pfn;
		ev.mm_compaction_begin.sync = sync;
	} else {
		ev.mm_compaction_end.zone_start = start_pfn;
		ev.mm_compaction_end.migrate_pfn = cc->migrate_pfn;
		ev.mm_compaction_end.free_pfn = cc->free_pfn;
		ev.mm_compaction_end.zone_end = end_pfn;
		ev.mm_compaction_end.sync = sync;
		ev.mm_compaction_end.status = (int)status;
	}
	mm_event_emit(&m->sink, &ev);
}

/*
 * Where the scanners start: the zone's ends for a whole-zone run, else
 * the cached positions (reset when outside the zone); a migrate scanner
 * at or below the last reset point scans the whole zone after all.
 * Part of compact_zone().  As in the kernel, nothing initialises the
 * cached positions: in a zone starting at pfn 0 the first run from them
 * finds both scanners at 0 and ends at once (and resets them).
 */
static void compact_zone_start(struct machine *m, struct compact_control *cc, bool sync)
{
	struct zone *zone = cc->zone;
	pfn_t start_pfn = zone->zone_start_pfn, end_pfn = zone_end_pfn(zone);

	cc->fast_start_pfn = 0;
	if (cc->whole_zone) {
		cc->migrate_pfn = start_pfn;
		cc->free_pfn = pageblock_start_pfn(m, end_pfn - 1);
		return;
	}
	cc->migrate_pfn = zone->compact_cached_migrate_pfn[sync];
	cc->free_pfn = zone->compact_cached_free_pfn;
	if (cc->free_pfn < start_pfn || cc->free_pfn >= end_pfn) {
		cc->free_pfn = pageblock_start_pfn(m, end_pfn - 1);
		zone->compact_cached_free_pfn = cc->free_pfn;
	}
	if (cc->migrate_pfn < start_pfn || cc->migrate_pfn >= end_pfn) {
		cc->migrate_pfn = start_pfn;
		zone->compact_cached_migrate_pfn[0] = cc->migrate_pfn;
		zone->compact_cached_migrate_pfn[1] = cc->migrate_pfn;
	}
	if (cc->migrate_pfn <= zone->compact_init_migrate_pfn)
		cc->whole_zone = true;
}

/* The trace of one migrate_pages() call of the run.  Linux: trace_mm_compaction_migratepages() */
static void trace_migratepages(struct machine *m, const struct compact_control *cc,
			       unsigned int nr_succeeded)
{
	struct mm_event ev = { .id = MM_EV_mm_compaction_migratepages };

	if (!mm_event_enabled(&m->sink, ev.id))
		return;
	ev.mm_compaction_migratepages.nr_migrated = nr_succeeded;
	ev.mm_compaction_migratepages.nr_failed = cc->nr_migratepages - nr_succeeded;
	mm_event_emit(&m->sink, &ev);
}

/*
 * Migrate what the scanner isolated onto the run's free pages.  An
 * error puts the rest back; out of targets before the scanners met ends
 * the run (CONTENDED); ASYNC direct compaction skips the rest of a
 * failed order block.  Returns COMPACT_CONTINUE or the run's end.
 */
static enum compact_result compact_migrate(struct machine *m, struct compact_control *cc,
					   pfn_t *last_migrated_pfn)
{
	unsigned int nr_succeeded = 0;
	int err;

	err = migrate_pages(m, &cc->migratepages, compaction_alloc, compaction_free,
			    (unsigned long)cc, cc->mode, MR_COMPACTION, &nr_succeeded);
	trace_migratepages(m, cc, nr_succeeded);
	MM_EXPLAIN(&m->explain, "compact_round", "compact_zone", "mm/compaction.c",
		   { "nr_isolated", (long)cc->nr_migratepages }, { "nr_migrated", (long)nr_succeeded },
		   { "nr_freepages", (long)cc->nr_freepages }, { "rc", err });
	cc->nr_migratepages = 0;
	if (!err)
		return COMPACT_CONTINUE;
	putback_movable_pages(m, &cc->migratepages);
	if (err == -ENOMEM && !compact_scanners_met(m, cc))
		return COMPACT_CONTENDED;
	if (cc->direct_compaction && cc->mode == MIGRATE_ASYNC) {
		cc->migrate_pfn = block_end_pfn(cc->migrate_pfn - 1, cc->order);
		*last_migrated_pfn = 0;
	}
	return COMPACT_CONTINUE;
}

/*
 * The loop of compact_zone(): isolate, migrate, and once the migrate
 * scanner has left the order block it migrated from, drain this CPU's
 * lists so the freed pages merge where __compact_finished() looks.
 */
static enum compact_result compact_zone_loop(struct machine *m, struct compact_control *cc,
					     struct capture_control *capc, bool update_cached)
{
	pfn_t last_migrated_pfn = 0;
	enum compact_result ret;

	while ((ret = compact_finished(m, cc)) == COMPACT_CONTINUE) {
		pfn_t iteration_start_pfn = cc->migrate_pfn;

		cc->rescan = pageblock_start_pfn(m, last_migrated_pfn) ==
			     pageblock_start_pfn(m, iteration_start_pfn);
		switch (isolate_migratepages(m, cc)) {
		case ISOLATE_ABORT:
			putback_movable_pages(m, &cc->migratepages);
			cc->nr_migratepages = 0;
			return COMPACT_CONTENDED;
		case ISOLATE_NONE:
			if (update_cached)
				cc->zone->compact_cached_migrate_pfn[1] =
					cc->zone->compact_cached_migrate_pfn[0];
			break;
		case ISOLATE_SUCCESS:
			update_cached = false;
			last_migrated_pfn = iteration_start_pfn;
			ret = compact_migrate(m, cc, &last_migrated_pfn);
			if (ret != COMPACT_CONTINUE)
				return ret;
			break;
		}
		if (cc->order > 0 && last_migrated_pfn &&
		    last_migrated_pfn < block_start_pfn(cc->migrate_pfn, cc->order)) {
			drain_local_pages(m, cc->zone);	/* lru_add_drain_cpu_zone() */
			last_migrated_pfn = 0;
		}
		if (capc && capc->page) {
			MM_EXPLAIN(&m->explain, "compaction_captured", "compaction_capture",
				   "mm/page_alloc.c", { "pfn", (long)page_to_pfn(m, capc->page) },
				   { "order", cc->order });
			return COMPACT_SUCCESS;
		}
	}
	return ret;
}

/* Linux: compact_zone(), mm/compaction.c */
enum compact_result compact_zone(struct machine *m, struct compact_control *cc,
				 struct capture_control *capc)
{
	struct zone *zone = cc->zone;
	pfn_t start_pfn = zone->zone_start_pfn, end_pfn = zone_end_pfn(zone);
	const bool sync = cc->mode != MIGRATE_ASYNC;
	enum compact_result ret;
	bool update_cached;

	cc->total_migrate_scanned = 0;
	cc->total_free_scanned = 0;
	cc->nr_migratepages = 0;
	cc->nr_freepages = 0;
	page_list_init(&cc->freepages);
	page_list_init(&cc->migratepages);
	cc->migratetype = gfp_migratetype(cc->gfp_mask);
	ret = compaction_suitable(m, zone, cc->order, cc->alloc_flags, cc->highest_zoneidx);
	if (ret == COMPACT_SUCCESS || ret == COMPACT_SKIPPED)
		return ret;
	if (compaction_restarting(zone, cc->order))
		__reset_isolation_suitable(m, zone);
	compact_zone_start(m, cc, sync);
	/* Until a block yields candidates, ASYNC keeps both cached positions together. */
	update_cached = !sync &&
		zone->compact_cached_migrate_pfn[0] == zone->compact_cached_migrate_pfn[1];
	trace_begin_end(m, MM_EV_mm_compaction_begin, cc, start_pfn, end_pfn, sync, ret);
	MM_EXPLAIN(&m->explain, "compact_zone_begin", "compact_zone", "mm/compaction.c",
		   { "nid", zone->node }, { "zid", zone_idx(zone) }, { "order", cc->order },
		   { "mode", cc->mode }, { "migrate_pfn", (long)cc->migrate_pfn },
		   { "free_pfn", (long)cc->free_pfn }, { "start_pfn", (long)start_pfn },
		   { "end_pfn", (long)end_pfn }, { "whole_zone", cc->whole_zone });
	ret = compact_zone_loop(m, cc, capc, update_cached);
	if (cc->nr_freepages > 0) {
		pfn_t free_pfn = pageblock_start_pfn(m, release_freepages(m, &cc->freepages));

		cc->nr_freepages = 0;
		/* Only back: the run may have reset the cached position already. */
		if (free_pfn > zone->compact_cached_free_pfn)
			zone->compact_cached_free_pfn = free_pfn;
	}
	__count_vm_events(m, COMPACTMIGRATE_SCANNED, cc->total_migrate_scanned);
	__count_vm_events(m, COMPACTFREE_SCANNED, cc->total_free_scanned);
	/* The scanning's time; the migrations charged theirs (hw/migrate_cost.h). */
	m->clock_ns += (uint64_t)(cc->total_migrate_scanned + cc->total_free_scanned) *
		       m->hw.migrate_cost.scan_ns;
	trace_begin_end(m, MM_EV_mm_compaction_end, cc, start_pfn, end_pfn, sync, ret);
	MM_EXPLAIN(&m->explain, "compact_zone_end", "compact_zone", "mm/compaction.c",
		   { "nid", zone->node }, { "zid", zone_idx(zone) }, { "result", ret },
		   { "migrate_pfn", (long)cc->migrate_pfn }, { "free_pfn", (long)cc->free_pfn },
		   { "migrate_scanned", (long)cc->total_migrate_scanned },
		   { "free_scanned", (long)cc->total_free_scanned });
	return ret;
}

/* ==================== direct compaction ==================== */

/*
 * Linux: compact_zone_order(), mm/compaction.c: one zone for an
 * allocation, with the capture armed so a freed page of the order goes
 * straight to the caller.
 */
static enum compact_result compact_zone_order(struct machine *m, struct zone *zone, int order,
					      gfp_t gfp, enum compact_priority prio,
					      unsigned int alloc_flags, int highest_zoneidx,
					      struct page **capture)
{
	struct compact_control cc = {
		.order = order, .search_order = (short)order, .gfp_mask = gfp, .zone = zone,
		.mode = prio == COMPACT_PRIO_ASYNC ? MIGRATE_ASYNC : MIGRATE_SYNC_LIGHT,
		.alloc_flags = alloc_flags, .highest_zoneidx = highest_zoneidx,
		.direct_compaction = true,
		.whole_zone = prio == MIN_COMPACT_PRIORITY,
		.ignore_skip_hint = prio == MIN_COMPACT_PRIORITY,
		.ignore_block_suitable = prio == MIN_COMPACT_PRIORITY,
	};
	struct capture_control capc = { .cc = &cc, .page = NULL };
	enum compact_result ret;

	m->capture_control = &capc;
	ret = compact_zone(m, &cc, &capc);
	MM_BUG_ON(!page_list_empty(&cc.freepages) || !page_list_empty(&cc.migratepages));
	m->capture_control = NULL;
	*capture = capc.page;
	return *capture ? COMPACT_SUCCESS : ret;
}

static void trace_try_to_compact(struct machine *m, unsigned int order, gfp_t gfp,
				 enum compact_priority prio)
{
	struct mm_event ev = { .id = MM_EV_mm_compaction_try_to_compact_pages };

	if (!mm_event_enabled(&m->sink, ev.id))
		return;
	ev.mm_compaction_try_to_compact_pages.order = (int)order;
	ev.mm_compaction_try_to_compact_pages.gfp_mask = gfp;
	ev.mm_compaction_try_to_compact_pages.prio = (int)prio;
	mm_event_emit(&m->sink, &ev);
}

/*
 * Linux: try_to_compact_pages(), mm/compaction.c.  Zones deferred for
 * the order are skipped (except at the highest priority); a sync run that
 * scanned a zone to the end without success defers it.  The result is
 * the best any zone reached.
 */
enum compact_result try_to_compact_pages(struct machine *m, gfp_t gfp, unsigned int order,
					 unsigned int alloc_flags, const struct alloc_context *ac,
					 enum compact_priority prio, struct page **capture)
{
	enum compact_result rc = COMPACT_SKIPPED;
	struct zoneref *z = ac->zonelist->_zonerefs;
	struct zone *zone;

	*capture = NULL;
	if (!gfp_compaction_allowed(gfp))
		return COMPACT_SKIPPED;
	trace_try_to_compact(m, order, gfp, prio);
	for_next_zone_zonelist_nodemask(zone, z, ac->highest_zoneidx, ac->nodemask) {
		enum compact_result status;

		if (prio > MIN_COMPACT_PRIORITY && compaction_deferred(m, zone, (int)order)) {
			if (rc < COMPACT_DEFERRED)
				rc = COMPACT_DEFERRED;
			continue;
		}
		status = compact_zone_order(m, zone, (int)order, gfp, prio, alloc_flags,
					    (int)ac->highest_zoneidx, capture);
		if (status > rc)
			rc = status;
		if (status == COMPACT_SUCCESS) {
			compaction_defer_reset(m, zone, (int)order, false);
			break;
		}
		if (prio != COMPACT_PRIO_ASYNC &&
		    (status == COMPACT_COMPLETE || status == COMPACT_PARTIAL_SKIPPED))
			defer_compaction(m, zone, (int)order);
	}
	return rc;
}

/* ==================== the user's compaction ==================== */

/* Linux: compact_node(), mm/compaction.c: every zone, synchronously, whole. */
void compact_node(struct machine *m, int nid)
{
	pg_data_t *pgdat = NODE_DATA(m, nid);
	struct compact_control cc = {
		.order = -1, .mode = MIGRATE_SYNC, .ignore_skip_hint = true, .whole_zone = true,
		.gfp_mask = GFP_KERNEL,
	};

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (!populated_zone(zone))
			continue;
		cc.zone = zone;
		compact_zone(m, &cc, NULL);
		MM_BUG_ON(!page_list_empty(&cc.freepages) || !page_list_empty(&cc.migratepages));
	}
}

/* Linux: compact_nodes(), mm/compaction.c (lru_add_drain_all(): no LRU batches here). */
void compact_nodes(struct machine *m)
{
	for_each_online_node(m, nid)
		compact_node(m, nid);
}
