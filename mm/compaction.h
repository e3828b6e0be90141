/*
 * mm/compaction.h - memory compaction: moving movable pages out of the
 * way so that free memory becomes contiguous.
 *
 * A compaction run works on one zone with two scanners.  The migrate
 * scanner walks up from the zone's start and isolates pages it can move
 * (on an LRU list, or non-LRU movable); the free scanner walks down from
 * the zone's end and isolates free pages as the destinations.
 * migrate_pages() moves the first onto the second; the run ends when the
 * scanners meet in the middle or, for an allocation, when a free block of
 * the wanted order exists.  Blocks where isolation failed get a skip hint
 * (pageblock-flags.h) that later runs honour until the hints are reset.
 *
 * Who compacts:
 *   - an allocation of order > 0 that failed its watermarks, in the slow
 *     path (try_to_compact_pages(), "direct compaction"), first ASYNC,
 *     then SYNC_LIGHT; a failed sync run defers the zone's next runs for
 *     that order (1, 2, 4 .. 64 attempts);
 *   - kcompactd, one per node (mm/kcompactd.c), woken by kswapd for a
 *     high-order request, and every 500 ms of simulated time for
 *     proactive compaction when the node's fragmentation score is above
 *     vm.compaction_proactiveness's threshold;
 *   - the user: vm.compact_memory (every node) and
 *     /sys/devices/system/node/nodeN/compact (one node), MIGRATE_SYNC over
 *     whole zones, skip hints ignored.
 *
 * Linux counterpart: include/linux/compaction.h, struct compact_control
 * and struct capture_control of mm/internal.h, mm/compaction.c (6.1).
 */
#ifndef MM_COMPACTION_H
#define MM_COMPACTION_H

#include <stdbool.h>

#include "mm/gfp.h"
#include "mm/migrate_mode.h"
#include "mm/mmzone.h"

struct alloc_context;

/*
 * How hard direct compaction tries: a lower number tries harder.
 * Linux: enum compact_priority, include/linux/compaction.h
 */
enum compact_priority {
	COMPACT_PRIO_SYNC_FULL,
	MIN_COMPACT_PRIORITY = COMPACT_PRIO_SYNC_FULL,
	COMPACT_PRIO_SYNC_LIGHT,
	MIN_COMPACT_COSTLY_PRIORITY = COMPACT_PRIO_SYNC_LIGHT,
	DEF_COMPACT_PRIORITY = COMPACT_PRIO_SYNC_LIGHT,
	COMPACT_PRIO_ASYNC,
	INIT_COMPACT_PRIORITY = COMPACT_PRIO_ASYNC
};

/*
 * What a compaction attempt came to; callers compare them, so the order
 * matters (a later value is "better").  The trace prints them by name
 * (mm/trace_schema.c).  Linux: enum compact_result, include/linux/compaction.h
 */
enum compact_result {
	COMPACT_NOT_SUITABLE_ZONE,	/* fragmentation index says: not fragmentation */
	COMPACT_SKIPPED,		/* too few free pages to work with */
	COMPACT_DEFERRED,		/* recently failed: not tried */
	COMPACT_NO_SUITABLE_PAGE,	/* internal: no page yet, go on */
	COMPACT_CONTINUE,		/* go on */
	COMPACT_COMPLETE,		/* the whole zone was scanned, no page */
	COMPACT_PARTIAL_SKIPPED,	/* the scanners met, not the whole zone scanned */
	COMPACT_CONTENDED,		/* gave up early (async, a signal) */
	COMPACT_SUCCESS,		/* a page of the order can be had */
};

/* Linux: COMPACT_CLUSTER_MAX (= SWAP_CLUSTER_MAX), include/linux/swap.h */
#define COMPACT_CLUSTER_MAX	32u
/* Linux: COMPACT_MAX_DEFER_SHIFT, mm/compaction.c: defer at most 64 attempts. */
#define COMPACT_MAX_DEFER_SHIFT	6u
/* Linux: HPAGE_FRAG_CHECK_INTERVAL_MSEC, mm/compaction.c */
#define HPAGE_FRAG_CHECK_INTERVAL_MSEC	500u

/*
 * One compaction run's state.  Linux: struct compact_control, mm/internal.h
 * (the same fields; the lists are numasim's page lists).
 */
struct compact_control {
	struct page_list freepages;	/* isolated free pages: migration targets */
	struct page_list migratepages;	/* isolated folios to migrate */
	unsigned int nr_freepages;
	unsigned int nr_migratepages;	/* base pages on migratepages */
	pfn_t free_pfn;			/* the free scanner's position */
	pfn_t migrate_pfn;		/* the migrate scanner's position */
	pfn_t fast_start_pfn;		/* where a linear scan may start; PFN_NONE: used */
	struct zone *zone;
	unsigned long total_migrate_scanned;
	unsigned long total_free_scanned;
	unsigned short fast_search_fail;	/* failed free list searches in a row */
	short search_order;		/* where the next fast free search starts */
	gfp_t gfp_mask;			/* a direct compactor's */
	int order;			/* the order wanted; -1: compact everything */
	int migratetype;		/* a direct compactor's */
	unsigned int alloc_flags;	/* a direct compactor's */
	int highest_zoneidx;		/* a direct compactor's */
	enum migrate_mode mode;
	bool ignore_skip_hint;		/* scan blocks marked skip */
	bool no_set_skip_hint;		/* leave the skip hints alone */
	bool ignore_block_suitable;	/* take free pages from any block type */
	bool direct_compaction;		/* an allocation's, not kcompactd's or the user's */
	bool proactive_compaction;	/* kcompactd's proactive run */
	bool whole_zone;		/* scan the whole zone */
	bool contended;			/* stop: async compaction met contention */
	bool rescan;			/* the migrate scanner is in the same block again */
	bool alloc_contig;		/* alloc_contig_range()'s (CMA) */
};

/*
 * A direct compactor's claim on a page freed while it runs: the first
 * free of its order in its zone is handed to it instead of the buddy.
 * Linux: struct capture_control, mm/internal.h
 */
struct capture_control {
	struct compact_control *cc;
	struct page *page;
};

/* Linux: compact_gap(): free pages compaction needs above the watermark. */
static inline unsigned long compact_gap(unsigned int order)
{
	return 2ul << order;
}

/* Linux: compaction_made_progress() etc., include/linux/compaction.h */
static inline bool compaction_made_progress(enum compact_result r) { return r == COMPACT_SUCCESS; }
static inline bool compaction_failed(enum compact_result r) { return r == COMPACT_COMPLETE; }
static inline bool compaction_needs_reclaim(enum compact_result r) { return r == COMPACT_SKIPPED; }

static inline bool compaction_withdrawn(enum compact_result r)
{
	return r == COMPACT_DEFERRED || r == COMPACT_CONTENDED || r == COMPACT_PARTIAL_SKIPPED;
}

/* Linux: gfp_compaction_allowed(), include/linux/gfp.h: compaction may do I/O. */
static inline bool gfp_compaction_allowed(gfp_t gfp)
{
	return gfp & __GFP_IO;
}

/* ---- mm/compaction.c ---- */

/*
 * Compact zone for an allocation of order (-1: everything), as cc says.
 * capc (may be NULL) receives a page freed at the order.
 * Linux: compact_zone(), mm/compaction.c
 */
enum compact_result compact_zone(struct machine *m, struct compact_control *cc,
				 struct capture_control *capc);

/*
 * Is compacting zone for order worth it now?  COMPACT_SUCCESS: the
 * allocation would succeed already; COMPACT_SKIPPED: too few free pages
 * (or the fragmentation index blames lack of memory); COMPACT_CONTINUE.
 * Linux: compaction_suitable(), mm/compaction.c
 */
enum compact_result compaction_suitable(struct machine *m, struct zone *zone, int order,
					unsigned int alloc_flags, int highest_zoneidx);

/*
 * Would some zone the allocation may use pass the order-0 check of
 * compaction_suitable() with its reclaimable pages counted in?
 * Linux: compaction_zonelist_suitable(), mm/compaction.c
 */
bool compaction_zonelist_suitable(struct machine *m, const struct alloc_context *ac, int order,
				  unsigned int alloc_flags);

/*
 * Direct compaction for an allocation: every zone of ac's zonelist until
 * one reports success.  *capture gets a page captured for the caller.
 * Linux: try_to_compact_pages(), mm/compaction.c
 */
enum compact_result try_to_compact_pages(struct machine *m, gfp_t gfp, unsigned int order,
					 unsigned int alloc_flags, const struct alloc_context *ac,
					 enum compact_priority prio, struct page **capture);

/* Deferral of a zone's compaction after failures.  Linux: mm/compaction.c */
void defer_compaction(struct machine *m, struct zone *zone, int order);
bool compaction_deferred(struct machine *m, struct zone *zone, int order);
void compaction_defer_reset(struct machine *m, struct zone *zone, int order, bool alloc_success);

/*
 * Clear the skip hints of the node's zones where a full direct run asked
 * for it (kswapd going to sleep).  Linux: reset_isolation_suitable()
 */
void reset_isolation_suitable(struct machine *m, pg_data_t *pgdat);

/* Every zone of node nid, MIGRATE_SYNC, whole zones.  Linux: compact_node() */
void compact_node(struct machine *m, int nid);

/* vm.compact_memory: every node.  Linux: compact_nodes() */
void compact_nodes(struct machine *m);

/*
 * Should the allocation's slow path retry after a compaction that ended
 * in compact_result?  May raise *compact_priority and reset
 * *compaction_retries.  Linux: should_compact_retry(), mm/page_alloc.c
 * (numasim: mm/page_alloc_slowpath.c)
 */
bool should_compact_retry(struct machine *m, const struct alloc_context *ac, unsigned int order,
			  unsigned int alloc_flags, enum compact_result compact_result,
			  enum compact_priority *compact_priority, int *compaction_retries);

/* ---- mm/kcompactd.c ---- */

/* A kcompactd per node with memory.  0 or -ENOMEM.  Linux: kcompactd_init() */
int kcompactd_init(struct machine *m);
/* Linux: kcompactd_run(): node nid's kcompactd, started unless it runs.  0 or -ENOMEM. */
int kcompactd_run(struct machine *m, int nid);
/* Linux: kcompactd_stop(): node nid's kcompactd ends (its last memory went offline). */
void kcompactd_stop(struct machine *m, int nid);

/*
 * Ask node's kcompactd for a page of order in zones up to
 * highest_zoneidx.  Linux: wakeup_kcompactd(), mm/compaction.c
 */
void wakeup_kcompactd(struct machine *m, pg_data_t *pgdat, int order, int highest_zoneidx);

/*
 * vm.compaction_proactiveness was written: kcompactd of every node runs
 * its proactive check now.  Linux: compaction_proactiveness_sysctl_handler()
 */
void kcompactd_proactiveness_changed(struct machine *m);

/*
 * The node's fragmentation score, 0..100: its zones' extfrag_for_order()
 * at the huge page order, each weighted by its share of the node.
 * Linux: fragmentation_score_node(), mm/compaction.c
 */
unsigned int fragmentation_score_node(const struct machine *m, const pg_data_t *pgdat);

/* The score proactive compaction starts above (low false) and stops at (low true). */
unsigned int fragmentation_score_wmark(const struct machine *m, bool low);

#endif /* MM_COMPACTION_H */
