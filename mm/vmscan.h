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

/*
 * A cache that gives memory back under pressure.  Linux: struct shrinker,
 * include/linux/shrinker.h (one pass, no count/scan split: the caches
 * modelled are small queues scanned whole).
 */
struct shrinker {
	const char *name;
	/* Free what can be freed; returns the objects freed. */
	unsigned long (*scan_objects)(struct machine *m);
};

/*
 * Linux: register_shrinker(): the owner of a cache registers it at boot,
 * so vmscan.c calls into it without knowing it.  0, or -ENOSPC when
 * MAX_SHRINKERS are registered.
 */
int register_shrinker(struct machine *m, const struct shrinker *s);

/*
 * Linux: drop_slab() -> shrink_slab(): run every shrinker once
 * (vm.drop_caches=2); counts drop_slab.  Returns the objects freed.
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
