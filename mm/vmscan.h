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

/* Register the kswapd of every node with memory, asleep (boot: kswapd_run()).  0 or -ENOMEM. */
int kswapd_init(struct machine *m);

#endif /* MM_VMSCAN_H */
