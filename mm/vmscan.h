/*
 * mm/vmscan.h - reclaim: the shrinker API, direct reclaim, kswapd.
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
 * The shrinker API.  Linux: struct shrink_control and struct shrinker,
 * include/linux/shrinker.h.  The struct shrinker is static const (its
 * callbacks only); the work each one deferred is machine state
 * (machine->shrinker_nr_deferred), per node for a SHRINKER_NUMA_AWARE
 * one, in node 0's slot otherwise, as the kernel keeps it.
 */
struct shrink_control {
	gfp_t gfp_mask;
	int nid;			/* the node being reclaimed */
	unsigned long nr_to_scan;	/* objects to scan this call */
	unsigned long nr_scanned;	/* objects scanned (the callee may change it) */
};

#define SHRINK_STOP	(~0UL)
#define SHRINK_EMPTY	(~0UL - 1)
#define DEFAULT_SEEKS	2
#define SHRINKER_NUMA_AWARE	(1u << 2)
#define SHRINK_BATCH	128

struct shrinker {
	const char *name;
	/* How many objects could be freed now (0 or SHRINK_EMPTY: none). */
	unsigned long (*count_objects)(struct machine *m, struct shrink_control *sc);
	/* Free up to sc->nr_to_scan; the objects freed, or SHRINK_STOP. */
	unsigned long (*scan_objects)(struct machine *m, struct shrink_control *sc);
	long batch;			/* 0: SHRINK_BATCH */
	int seeks;			/* DEFAULT_SEEKS, or 0 for "cheap to recreate" */
	unsigned int flags;		/* SHRINKER_NUMA_AWARE */
};

/*
 * Linux: register_shrinker(): the owner of a cache registers it at boot,
 * so vmscan.c calls into it without knowing it.  0, or -ENOSPC when
 * MAX_SHRINKERS are registered.
 */
int register_shrinker(struct machine *m, const struct shrinker *s);

/*
 * Linux: shrink_slab(), mm/vmscan.c: every shrinker for node nid, at
 * this reclaim priority (DEF_PRIORITY .. 0: scan freeable >> priority,
 * scaled by seeks; work not done is deferred to the next call).  Counts
 * slabs_scanned.  Returns the objects freed.
 */
unsigned long shrink_slab(struct machine *m, gfp_t gfp, int nid, int priority);

/*
 * Linux: drop_slab() -> drop_slab_node() on every node: shrink_slab() at
 * priority 0 until a round frees little (vm.drop_caches=2); counts
 * drop_slab.  Returns the objects freed.
 */
unsigned long drop_slab(struct machine *m);

/*
 * Linux: vfs_pressure_ratio(), include/linux/dcache.h: a shrinker's count
 * scaled by vm.vfs_cache_pressure (100: as is; 0: never reclaim).
 */
static inline unsigned long vfs_pressure_ratio(const struct machine *m, unsigned long val)
{
	return val / 100 * (unsigned long)m->vm.vfs_cache_pressure +
	       val % 100 * (unsigned long)m->vm.vfs_cache_pressure / 100;
}

/* ---- reclaim ---- */

#define DEF_PRIORITY		12	/* scan lru_size >> priority per round */
#define SWAP_CLUSTER_MAX	32ul	/* the batch of one isolation */
#define MAX_RECLAIM_RETRIES	16	/* of a stalled allocation, and of kswapd */

/* Linux: enum pgdat_flags, include/linux/mmzone.h (the bits of pgdat->reclaim_flags). */
enum pgdat_flags {
	PGDAT_DIRTY,		/* reclaim met dirty file folios not queued for I/O */
	PGDAT_WRITEBACK,	/* reclaim met many folios under writeback */
	PGDAT_RECLAIM_LOCKED,	/* someone is in shrink_node() */
};

/*
 * Linux: try_to_free_pages(), mm/vmscan.c: direct reclaim for an
 * allocation of order, from the nodes of zonelist (zones up to
 * reclaim_idx, the request's highest zone as the allocator folded it
 * onto this machine's zones; nodes in nodemask), priority DEF_PRIORITY
 * down to 0 until SWAP_CLUSTER_MAX pages are reclaimed.  Counts
 * allocstall_<zone>; emits mm_vmscan_direct_reclaim_begin/_end.
 * Returns the pages reclaimed (1 when it stood aside for compaction).
 */
unsigned long try_to_free_pages(struct machine *m, struct zonelist *zonelist, int order,
				gfp_t gfp, const nodemask_t *nodemask, enum zone_type reclaim_idx);

/*
 * Linux: inactive_is_low(), mm/vmscan.c: is the inactive list (anon or
 * file) smaller than its share, 1 / (1 + int_sqrt(10 * GiB of both))?
 */
bool inactive_is_low(const pg_data_t *pgdat, enum lru_list inactive_lru);

/*
 * Linux: zone_reclaimable_pages(), mm/vmscan.c: the file LRU pages of the
 * zone, plus the anon ones when swap space is left.
 */
unsigned long zone_reclaimable_pages(const struct machine *m, const struct zone *zone);

/* Linux: folio_is_file_lru(), include/linux/mm_inline.h */
static inline bool folio_is_file_lru(const struct page *head)
{
	return !(head->flags & (1u << PG_swapbacked));
}

/*
 * Linux: wakeup_kswapd(), mm/vmscan.c.  Record that an allocation of this
 * order, up to highest_zoneidx, wants zone's node balanced, and wake its
 * kswapd unless it is awake already or the node is balanced and not
 * boosted.  kswapd then runs as a daemon (mm/daemon.h): between trace
 * events, at the time it was woken.
 */
void wakeup_kswapd(struct machine *m, struct zone *zone, gfp_t gfp, unsigned int order,
		   enum zone_type highest_zoneidx);

/*
 * Linux: reclaim_pages(), mm/vmscan.c: reclaim the isolated folios of
 * list now (MADV_PAGEOUT), node by node through shrink_folio_list() with
 * unmapping, writing and swapping allowed; the rest go back to their
 * lists.  Returns the pages reclaimed.
 */
struct page_list;
unsigned long reclaim_pages(struct machine *m, struct page_list *list);

/*
 * Linux: reclaim_clean_pages_from_list(), mm/vmscan.c: of the folios
 * contiguous allocation isolated from zone onto list, drop the clean file
 * folios at once (unmapped, references ignored) instead of migrating
 * them; the others stay on list.  Returns the pages reclaimed.
 */
struct zone;
unsigned long reclaim_clean_pages_from_list(struct machine *m, struct zone *zone,
					    struct page_list *list);

/*
 * Linux: acct_reclaim_writeback(), mm/internal.h: folio's write just
 * ended; while the node's kswapd is throttled on writeback, count it
 * (NR_THROTTLED_WRITTEN) and wake kswapd once enough was written.
 */
void acct_reclaim_writeback(struct machine *m, const struct page *folio);

/*
 * Has the node's kswapd been woken and not yet gone back to sleep?  Its
 * short nap before sleeping for good counts as asleep (the kernel's
 * kswapd waits on its queue then).
 */
static inline bool kswapd_woken(const pg_data_t *pgdat)
{
	return mm_daemon_pending(&pgdat->kswapd) &&
	       (!pgdat->kswapd_napping || pgdat->kswapd_nap_woken);
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
/* Linux: kswapd_run(): node nid's kswapd, started unless it runs.  0 or -ENOMEM. */
int kswapd_run(struct machine *m, int nid);
/* Linux: kswapd_stop(): node nid's kswapd ends (its last memory went offline). */
void kswapd_stop(struct machine *m, int nid);

#endif /* MM_VMSCAN_H */
