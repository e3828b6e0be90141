/*
 * mm/vmscan_internal.h - what the files of reclaim share: the scan
 * control of one reclaim run and the folio list pass's tally.
 *
 * Linux counterpart: struct scan_control and struct reclaim_stat,
 * mm/vmscan.c and include/linux/vmstat.h (v6.1).
 */
#ifndef MM_VMSCAN_INTERNAL_H
#define MM_VMSCAN_INTERNAL_H

#include <stdbool.h>

#include "mm/vmscan.h"

/* Linux: struct scan_control, mm/vmscan.c */
struct scan_control {
	unsigned long nr_to_reclaim;	/* stop once this many are reclaimed */
	const nodemask_t *nodemask;	/* direct reclaim: the allocation's, or NULL */
	bool may_writepage;		/* may write dirty folios out */
	bool may_unmap;			/* may unmap mapped folios */
	bool may_swap;			/* may reclaim anonymous folios */
	bool kswapd;			/* run by kswapd: current_is_kswapd() */
	bool compaction_ready;		/* a zone could compact for the order now */
	bool file_is_tiny;		/* too little file memory left to reclaim from */
	bool may_deactivate_anon;	/* the inactive anon list is low */
	bool may_deactivate_file;	/* ... the inactive file list */
	bool force_deactivate;		/* age the active lists whatever their size */
	bool skipped_deactivate;	/* an active list was not aged this run */
	bool cache_trim_mode;		/* enough inactive file: reclaim only that */
	bool ignore_references;		/* shrink_folio_list()'s argument: no reference check */
	unsigned long anon_cost;	/* the node's lru_note_cost() figures, */
	unsigned long file_cost;	/* taken at the start of the round */
	int order;			/* the allocation's order */
	int priority;			/* scan lru_size >> priority */
	enum zone_type reclaim_idx;	/* the highest zone reclaimed from */
	gfp_t gfp_mask;
	unsigned long nr_scanned;
	unsigned long nr_reclaimed;
	/* What this round's shrink_inactive_list() calls found. */
	struct {
		unsigned long dirty, unqueued_dirty, congested, writeback, immediate, file_taken,
			      taken;
	} nr;
};

/* Linux: struct reclaim_stat, include/linux/vmstat.h: one shrink_folio_list() pass. */
struct reclaim_stat {
	unsigned long nr_dirty;
	unsigned long nr_unqueued_dirty;
	unsigned long nr_congested;
	unsigned long nr_writeback;
	unsigned long nr_immediate;
	unsigned long nr_pageout;
	unsigned int nr_activate[2];	/* [0] anon, [1] file */
	unsigned long nr_ref_keep;
	unsigned long nr_unmap_fail;
};

/* Linux: trace_reclaim_flags(), include/trace/events/vmscan.h (RECLAIM_WB_*). */
static inline int trace_reclaim_flags(bool file)
{
	return (file ? 0x2 : 0x1) | 0x8;	/* FILE or ANON, ASYNC */
}

/*
 * Linux: shrink_folio_list(), mm/vmscan.c (mm/vmscan_folio.c): decide
 * about each isolated folio of list (linked through its lru links, each
 * holding the isolation's reference): free it, or give it back on list,
 * PG_active set for those to activate.  Returns the pages reclaimed.
 */
unsigned long shrink_folio_list(struct machine *m, struct page_list *list, pg_data_t *pgdat,
				struct scan_control *sc, struct reclaim_stat *stat);

/*
 * Linux: shrink_node(), mm/vmscan.c: reclaim from the node's LRU lists
 * and its shrinkers at sc->priority; adds to sc->nr_scanned and
 * sc->nr_reclaimed.
 */
void shrink_node(struct machine *m, pg_data_t *pgdat, struct scan_control *sc);

/*
 * Linux: reclaim_throttle(pgdat, VMSCAN_THROTTLE_WRITEBACK) as kswapd
 * calls it from shrink_node() (mm/kswapd.c): kswapd stops balancing at
 * the end of this round and waits for writes to complete.
 */
void kswapd_throttle_writeback(struct machine *m, pg_data_t *pgdat);

/* Linux: age_active_anon(), mm/vmscan.c: age the active anon list when it is too big (swap only). */
void age_active_anon(struct machine *m, pg_data_t *pgdat, struct scan_control *sc);

/* Charge the simulated clock for nr_pages examined by reclaim (machine.migration_cost.scan_ns). */
static inline void reclaim_charge_scan(struct machine *m, unsigned long nr_pages)
{
	m->clock_ns += (uint64_t)nr_pages * m->hw.migrate_cost.scan_ns;
}

#endif /* MM_VMSCAN_INTERNAL_H */
