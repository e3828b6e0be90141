/*
 * mm/vmscan.h - reclaim: kswapd and the shrinkers.
 *
 * Linux counterpart: mm/vmscan.c, include/linux/swap.h (wakeup_kswapd).
 */
#ifndef MM_VMSCAN_H
#define MM_VMSCAN_H

#include <stdbool.h>

#include "mm/gfp.h"
#include "mm/mmzone.h"

struct page;

/* placeholder: owned by piece A */
/*
 * A cache that gives memory back under pressure.  Linux: struct
 * shrink_control and struct shrinker, include/linux/shrinker.h.  The
 * struct shrinker is static const (the callbacks only); what changes per
 * node (nr_deferred) is machine state.
 */
struct shrink_control {
	gfp_t gfp_mask;
	int nid;			/* the node being reclaimed */
	unsigned long nr_to_scan;	/* objects to scan this call */
	unsigned long nr_scanned;	/* objects scanned (the callee may change it) */
};
#define SHRINK_STOP		(~0UL)
#define SHRINK_EMPTY		(~0UL - 1)
#define DEFAULT_SEEKS		2
#define SHRINKER_NUMA_AWARE	(1u << 2)

struct shrinker {
	const char *name;
	unsigned long (*count_objects)(struct machine *m, struct shrink_control *sc);
	unsigned long (*scan_objects)(struct machine *m, struct shrink_control *sc);
	long batch;			/* 0: SHRINK_BATCH, 128 */
	int seeks;			/* DEFAULT_SEEKS, or 0 for "cheap to recreate" */
	unsigned int flags;		/* SHRINKER_NUMA_AWARE */
};

/*
 * Linux: register_shrinker(): the owner of a cache registers it at boot,
 * so vmscan.c calls into it without knowing it.  0, or -ENOSPC when
 * MAX_SHRINKERS are registered.
 */
int register_shrinker(struct machine *m, const struct shrinker *s);

/* placeholder: owned by piece A */
/*
 * Linux: drop_slab() -> drop_slab_node() -> shrink_slab() at priority 0
 * (vm.drop_caches=2), until a round frees little; counts drop_slab.
 * Returns the objects freed.
 */
unsigned long drop_slab(struct machine *m);

/*
 * Linux: wakeup_kswapd(), mm/vmscan.c.  Record that an allocation of this
 * order, up to highest_zoneidx, wants zone's node balanced, and wake its
 * kswapd unless it is awake already or the node is balanced and not
 * boosted.  kswapd then runs as a daemon (mm/daemon.h): between trace
 * events, at the time it was woken.
 */
void wakeup_kswapd(struct machine *m, struct zone *zone, gfp_t gfp, unsigned int order,
		   enum zone_type highest_zoneidx);

/* Has the node's kswapd been woken and not yet run? */
static inline bool kswapd_woken(const pg_data_t *pgdat)
{
	return mm_daemon_pending(&pgdat->kswapd);
}

/*
 * Take a folio (head) off its LRU list for the caller, with a reference:
 * 0, or -EBUSY if it is on no list (already isolated, being freed).  The
 * caller counts it in NR_ISOLATED_ANON/FILE as 6.1's callers do.
 * Linux: folio_isolate_lru(), mm/vmscan.c; isolate_lru_page() for a
 * page, mm/folio-compat.c
 */
int folio_isolate_lru(struct machine *m, struct page *head);
int isolate_lru_page(struct machine *m, struct page *page);

/*
 * Give an isolated folio back to the LRU and drop the isolation's
 * reference (the caller has uncounted NR_ISOLATED_*).
 * Linux: folio_putback_lru(), mm/vmscan.c; putback_lru_page(), mm/folio-compat.c
 */
void folio_putback_lru(struct machine *m, struct page *head);
void putback_lru_page(struct machine *m, struct page *page);

/* Register the kswapd of every node with memory, asleep (boot: kswapd_run()).  0 or -ENOMEM. */
int kswapd_init(struct machine *m);

#endif /* MM_VMSCAN_H */
