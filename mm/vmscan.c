/*
 * mm/vmscan.c - reclaim.  What exists so far: kswapd as far as a machine
 * without reclaimable memory needs it, and drop_slab().
 *
 * kswapd: an allocation that boosted a watermark, or found its zones below
 * the low mark, wakes the node's kswapd (wakeup_kswapd); it runs as a
 * daemon at the time it was woken (between trace events, as the kernel's
 * runs once the allocating task yields).  With nothing reclaimable,
 * balance_pgdat() ends as the kernel's does when it gives up: it drops the
 * node's watermark boosts.  Reclaim itself (the LRU scan) is to come.
 *
 * drop_slab() runs every registered shrinker once.  The one shrinker
 * numasim has is THP's deferred split queue (registered by mm/huge_memory.c
 * at boot), so `vm.drop_caches=2` splits the THPs that partial munmap or
 * MADV_DONTNEED left half mapped and frees their unmapped pages, as on the
 * kernel.
 *
 * Invariants: kswapd_order and kswapd_highest_zoneidx hold the largest
 * request since kswapd last ran (0 and MAX_NR_ZONES once it ran).
 *
 * Isolation: folio_isolate_lru() takes a folio off its LRU list for
 * migration (or, later, reclaim) and folio_putback_lru() returns it.
 *
 * Linux counterpart: mm/vmscan.c (v6.1): folio_isolate_lru,
 * folio_putback_lru, wakeup_kswapd, pgdat_balanced,
 * pgdat_watermark_boosted, kswapd, balance_pgdat, drop_slab, shrink_slab;
 * register_shrinker() of mm/shrinker_debug.c's era (6.1 keeps it in
 * mm/vmscan.c).
 */
#include "mm/vmscan.h"

#include <errno.h>

#include "mm/bug.h"
#include "mm/compaction.h"
#include "mm/internal.h"
#include "mm/mm.h"

int register_shrinker(struct machine *m, const struct shrinker *s)
{
	if (m->nr_shrinkers == MAX_SHRINKERS)
		return -ENOSPC;
	m->shrinkers[m->nr_shrinkers++] = s;
	return 0;
}

/* placeholder: owned by piece A */
#define SHRINK_BATCH	128

/*
 * Linux: do_shrink_slab(), mm/vmscan.c, without the deferred work carried
 * between calls: scan freeable >> priority, times 4 / seeks, at most
 * twice the freeable objects, in batches.  Counts slabs_scanned.
 */
static unsigned long do_shrink_slab(struct machine *m, struct shrink_control *sc,
				    const struct shrinker *s, int priority)
{
	unsigned long batch = s->batch > 0 ? (unsigned long)s->batch : SHRINK_BATCH;
	unsigned long freeable, total_scan, freed = 0;

	freeable = s->count_objects(m, sc);
	if (freeable == 0 || freeable == SHRINK_EMPTY)
		return 0;
	total_scan = s->seeks ? (freeable >> priority) * 4 / (unsigned long)s->seeks
			      : freeable / 2;
	if (total_scan > 2 * freeable)
		total_scan = 2 * freeable;
	while (total_scan >= batch || total_scan >= freeable) {
		unsigned long ret;

		sc->nr_to_scan = total_scan < batch ? total_scan : batch;
		sc->nr_scanned = sc->nr_to_scan;
		ret = s->scan_objects(m, sc);
		if (ret == SHRINK_STOP)
			break;
		freed += ret;
		__count_vm_events(m, SLABS_SCANNED, sc->nr_scanned);
		total_scan -= sc->nr_scanned < total_scan ? sc->nr_scanned : total_scan;
		if (!total_scan)
			break;
	}
	return freed;
}

/* Linux: shrink_slab(), mm/vmscan.c: every shrinker, in registration order. */
static unsigned long shrink_slab(struct machine *m, gfp_t gfp, int nid, int priority)
{
	unsigned long freed = 0;

	for (unsigned int i = 0; i < m->nr_shrinkers; i++) {
		const struct shrinker *s = m->shrinkers[i];
		struct shrink_control sc = {
			.gfp_mask = gfp,
			.nid = (s->flags & SHRINKER_NUMA_AWARE) ? nid : 0,
		};

		freed += do_shrink_slab(m, &sc, s, priority);
	}
	return freed;
}

/* placeholder: owned by piece A */
/* Linux: drop_slab(), mm/vmscan.c: rounds over every node until one frees little. */
unsigned long drop_slab(struct machine *m)
{
	unsigned long total = 0, freed;
	int shift = 0;

	__count_vm_events(m, DROP_SLAB, 1);
	do {
		freed = 0;
		for_each_online_node(m, nid)
			freed += shrink_slab(m, GFP_KERNEL, nid, 0);
		total += freed;
	} while ((freed >> shift++) > 1);
	return total;
}

/* Linux: folio_isolate_lru(), mm/vmscan.c */
int folio_isolate_lru(struct machine *m, struct page *head)
{
	MM_BUG_ON_PAGE(head->_refcount <= 0, m, head);
	if (!PageLRU(head))
		return -EBUSY;
	get_page(m, head);
	folio_del_lru(m, head);
	return 0;
}

/* Linux: isolate_lru_page(), mm/folio-compat.c: never a tail. */
int isolate_lru_page(struct machine *m, struct page *page)
{
	if (PageFlag(page, PG_tail))
		return -EBUSY;
	return folio_isolate_lru(m, page);
}

/* Linux: folio_putback_lru(), mm/vmscan.c */
void folio_putback_lru(struct machine *m, struct page *head)
{
	folio_add_lru(m, head, NULL);
	put_page(m, head);
}

/* Linux: putback_lru_page(), mm/folio-compat.c */
void putback_lru_page(struct machine *m, struct page *page)
{
	folio_putback_lru(m, compound_head(m, page));
}

/* Linux: pgdat_balanced(), mm/vmscan.c: some eligible zone meets its high mark. */
static bool pgdat_balanced(struct machine *m, pg_data_t *pgdat, unsigned int order,
			   enum zone_type highest_zoneidx)
{
	bool any_managed = false;

	for (int i = 0; i <= (int)highest_zoneidx; i++) {
		struct zone *z = &pgdat->node_zones[i];

		if (!managed_zone(z))
			continue;
		any_managed = true;
		if (zone_watermark_ok_safe(m, z, order, high_wmark_pages(z), (int)highest_zoneidx))
			return true;
	}
	return !any_managed;
}

/* Linux: pgdat_watermark_boosted(), mm/vmscan.c */
static bool pgdat_watermark_boosted(const pg_data_t *pgdat, enum zone_type highest_zoneidx)
{
	for (int i = (int)highest_zoneidx; i >= 0; i--)
		if (pgdat->node_zones[i].watermark_boost)
			return true;
	return false;
}

void wakeup_kswapd(struct machine *m, struct zone *zone, gfp_t gfp, unsigned int order,
		   enum zone_type highest_zoneidx)
{
	pg_data_t *pgdat = zone->zone_pgdat;

	if (!managed_zone(zone))
		return;
	if (pgdat->kswapd_highest_zoneidx == MAX_NR_ZONES ||
	    pgdat->kswapd_highest_zoneidx < highest_zoneidx)
		pgdat->kswapd_highest_zoneidx = highest_zoneidx;
	if (pgdat->kswapd_order < (int)order)
		pgdat->kswapd_order = (int)order;
	if (kswapd_woken(pgdat))
		return;		/* not waiting: it will see the new request */
	/*
	 * A balanced node needs no kswapd; free memory may still be too
	 * fragmented for the order: kcompactd decides (compaction_suitable()).
	 */
	if (pgdat_balanced(m, pgdat, order, highest_zoneidx) &&
	    !pgdat_watermark_boosted(pgdat, highest_zoneidx)) {
		if (!(gfp & __GFP_DIRECT_RECLAIM))
			wakeup_kcompactd(m, pgdat, (int)order, (int)highest_zoneidx);
		return;
	}
	m->stats.kswapd_wakeups++;
	if (mm_event_enabled(&m->sink, MM_EV_mm_vmscan_wakeup_kswapd)) {
		struct mm_event ev = { .id = MM_EV_mm_vmscan_wakeup_kswapd,
			.mm_vmscan_wakeup_kswapd = { .nid = pgdat->node_id,
				.zid = (int)highest_zoneidx, .order = (int)order, .gfp_flags = gfp } };

		mm_event_emit(&m->sink, &ev);
	}
	mm_daemon_wake(m, &pgdat->kswapd);
}

/*
 * Linux: kswapd() -> balance_pgdat(), mm/vmscan.c.  Take the request, then
 * reclaim until balanced; with nothing reclaimable balance_pgdat() gives
 * up at once and, on its way out, clears the boosts it was asked to meet.
 */
static void kswapd(struct machine *m, struct mm_daemon *d)
{
	pg_data_t *pgdat = NODE_DATA(m, d->id);
	int order = pgdat->kswapd_order;
	enum zone_type highest_zoneidx = pgdat->kswapd_highest_zoneidx == MAX_NR_ZONES
					 ? (enum zone_type)(pgdat->nr_zones - 1)
					 : pgdat->kswapd_highest_zoneidx;
	bool boosted = pgdat_watermark_boosted(pgdat, highest_zoneidx);

	pgdat->kswapd_order = 0;
	pgdat->kswapd_highest_zoneidx = MAX_NR_ZONES;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		pgdat->node_zones[z].watermark_boost = 0;
	/* A boost was about fragmentation: compact a pageblock's worth. */
	if (boosted)
		wakeup_kcompactd(m, pgdat, (int)m->pageblock_order, (int)highest_zoneidx);
	/* kswapd_try_to_sleep(): a balanced node hands the order to kcompactd. */
	if (pgdat_balanced(m, pgdat, (unsigned int)order, highest_zoneidx)) {
		reset_isolation_suitable(m, pgdat);
		wakeup_kcompactd(m, pgdat, order, (int)highest_zoneidx);
	}
}

/*
 * Linux: kswapd_init(), mm/vmscan.c: a kswapd for each node with memory
 * (N_MEMORY); a CPU-only node has nothing to reclaim and gets none.
 */
int kswapd_init(struct machine *m)
{
	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);
		int ret;

		if (!node_has_memory(m, nid))
			continue;

		pgdat->kswapd = (struct mm_daemon){
			.name = "kswapd", .run = kswapd, .next_ns = MM_DAEMON_ASLEEP,
			.cpu = node_daemon_cpu(m, nid), .id = nid,
		};
		pgdat->kswapd_order = 0;
		pgdat->kswapd_highest_zoneidx = MAX_NR_ZONES;
		ret = mm_daemon_register(m, &pgdat->kswapd);
		if (ret)
			return ret;
	}
	return 0;
}
