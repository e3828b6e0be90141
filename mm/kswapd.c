/*
 * mm/kswapd.c - the per-node reclaim daemon.
 *
 * An allocation that finds a zone below its low watermark, or that
 * boosted a watermark with a fallback, wakes the node's kswapd
 * (wakeup_kswapd()); it runs as a daemon (mm/daemon.h) at the time it
 * was woken, between trace events, as the kernel's runs once the
 * allocating task yields.  balance_pgdat() reclaims at priorities from
 * DEF_PRIORITY down until some eligible zone meets its high watermark
 * (nr_to_reclaim: the high marks of the eligible zones); a high-order
 * request falls back to order 0 once twice its size was reclaimed, so
 * fragmentation does not make kswapd reclaim everything.  A boosted
 * watermark is reclaimed for without writing or swapping, and the boost
 * is dropped at the end, waking kcompactd for a pageblock.
 *
 * Then kswapd_try_to_sleep(): if the node is balanced (or hopeless:
 * MAX_RECLAIM_RETRIES runs in a row reclaimed nothing), it resets
 * compaction's skip hints, wakes kcompactd for the order it was asked
 * for, and naps for HZ/10 (100 ms); woken during the nap it counts
 * kswapd_low_wmark_hit_quickly and reclaims again; still balanced at the
 * end it sleeps until woken (mm_vmscan_kswapd_sleep).  Not balanced
 * right after reclaiming, it counts kswapd_high_wmark_hit_quickly and
 * reclaims again.
 *
 * A round that met folios marked for immediate reclaim still under
 * writeback (sc->nr.immediate) throttles kswapd as shrink_node() does
 * (reclaim_throttle(), VMSCAN_THROTTLE_WRITEBACK): it ends its run and is
 * armed HZ/10 later, or woken as soon as more than SWAP_CLUSTER_MAX pages
 * were written meanwhile (acct_reclaim_writeback()), and balance_pgdat()
 * goes on from the state kept in pgdat->kswapd_balance.  It does not spin
 * over folios the devices have not written yet.
 *
 * Invariants: kswapd_order and kswapd_highest_zoneidx hold the largest
 * request since kswapd last took one (0 and MAX_NR_ZONES once taken);
 * kswapd_napping only while the daemon is armed for the nap's end.
 *
 * Linux counterpart: mm/vmscan.c (v6.1): wakeup_kswapd, pgdat_balanced,
 * pgdat_watermark_boosted, prepare_kswapd_sleep, kswapd_shrink_node,
 * balance_pgdat, kswapd_try_to_sleep, kswapd, kswapd_init (kswapd_run),
 * clear_pgdat_congested, reclaim_throttle (VMSCAN_THROTTLE_WRITEBACK),
 * __acct_reclaim_writeback.
 */
#include "mm/vmscan_internal.h"

#include "mm/compaction.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/trace_events.h"
#include "mm/workingset.h"

#define KSWAPD_NAP_NS	(NSEC_PER_SEC / 10)	/* HZ/10: the nap, and the writeback throttle's timeout */
#define VMSCAN_THROTTLE_WRITEBACK	0	/* enum vmscan_throttle_state's first */

/* Linux: pgdat_balanced(), mm/vmscan.c: some eligible zone meets its high mark. */
static bool pgdat_balanced(struct machine *m, pg_data_t *pgdat, int order, int highest_zoneidx)
{
	bool any_managed = false;

	for (int i = 0; i <= highest_zoneidx; i++) {
		struct zone *z = &pgdat->node_zones[i];

		if (!managed_zone(z))
			continue;
		any_managed = true;
		if (zone_watermark_ok_safe(m, z, (unsigned int)order, high_wmark_pages(z),
					   highest_zoneidx))
			return true;
	}
	return !any_managed;
}

/* Linux: pgdat_watermark_boosted(), mm/vmscan.c */
static bool pgdat_watermark_boosted(const pg_data_t *pgdat, int highest_zoneidx)
{
	for (int i = highest_zoneidx; i >= 0; i--)
		if (pgdat->node_zones[i].watermark_boost)
			return true;
	return false;
}

static void trace_nid_event(struct machine *m, enum mm_event_id id, int nid, int zid, int order,
			    gfp_t gfp)
{
	struct mm_event ev = { .id = id };

	if (!mm_event_enabled(&m->sink, id))
		return;
	if (id == MM_EV_mm_vmscan_kswapd_sleep)
		ev.mm_vmscan_kswapd_sleep.nid = nid;
	else if (id == MM_EV_mm_vmscan_kswapd_wake)
		ev.mm_vmscan_kswapd_wake = (struct mm_ev_mm_vmscan_kswapd_wake){
			.nid = nid, .zid = zid, .order = order };
	else
		ev.mm_vmscan_wakeup_kswapd = (struct mm_ev_mm_vmscan_wakeup_kswapd){
			.nid = nid, .zid = zid, .order = order, .gfp_flags = gfp };
	mm_event_emit(&m->sink, &ev);
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
	 * A hopeless node is left to direct reclaim; a balanced one needs no
	 * kswapd, though free memory may still be too fragmented for the
	 * order: kcompactd decides (compaction_suitable()).
	 */
	if (pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES ||
	    (pgdat_balanced(m, pgdat, (int)order, (int)highest_zoneidx) &&
	     !pgdat_watermark_boosted(pgdat, (int)highest_zoneidx))) {
		if (!(gfp & __GFP_DIRECT_RECLAIM))
			wakeup_kcompactd(m, pgdat, (int)order, (int)highest_zoneidx);
		return;
	}
	m->stats.kswapd_wakeups++;
	trace_nid_event(m, MM_EV_mm_vmscan_wakeup_kswapd, pgdat->node_id, (int)highest_zoneidx,
			(int)order, gfp);
	if (pgdat->kswapd_napping)
		pgdat->kswapd_nap_woken = true;
	mm_daemon_wake(m, &pgdat->kswapd);
}

/* Linux: prepare_kswapd_sleep(), mm/vmscan.c (with clear_pgdat_congested()). */
static bool prepare_kswapd_sleep(struct machine *m, pg_data_t *pgdat, int order,
				 int highest_zoneidx)
{
	if (pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES)
		return true;	/* hopeless: leave it to direct reclaim */
	if (pgdat_balanced(m, pgdat, order, highest_zoneidx)) {
		pgdat->reclaim_flags &= ~((1ul << PGDAT_DIRTY) | (1ul << PGDAT_WRITEBACK));
		return true;
	}
	return false;
}

/*
 * Linux: kswapd_shrink_node(), mm/vmscan.c: one round at sc->priority,
 * aiming at the high marks of the eligible zones.  true if it scanned
 * that much (no need to raise the priority).
 */
static bool kswapd_shrink_node(struct machine *m, pg_data_t *pgdat, struct scan_control *sc)
{
	sc->nr_to_reclaim = 0;
	for (int z = 0; z <= (int)sc->reclaim_idx; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (managed_zone(zone))
			sc->nr_to_reclaim += high_wmark_pages(zone) > SWAP_CLUSTER_MAX
					     ? high_wmark_pages(zone) : SWAP_CLUSTER_MAX;
	}
	shrink_node(m, pgdat, sc);
	/* Fragmentation may keep the order out of reach: recheck at order 0. */
	if (sc->order && sc->nr_reclaimed >= compact_gap((unsigned int)sc->order))
		sc->order = 0;
	return sc->nr_scanned >= sc->nr_to_reclaim;
}

/* The boosts of the eligible zones, kept to drop at the end; returns their sum. */
static unsigned long note_boosts(pg_data_t *pgdat, int highest_zoneidx, unsigned long *boosts)
{
	unsigned long total = 0;

	for (int i = 0; i <= highest_zoneidx; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		boosts[i] = managed_zone(zone) ? zone->watermark_boost : 0;
		total += boosts[i];
	}
	return total;
}

/*
 * Linux: the end of balance_pgdat(): a boost was reclaimed for, so drop
 * it and let kcompactd make whole pageblocks of the space.
 */
static void drop_boosts(struct machine *m, pg_data_t *pgdat, int highest_zoneidx,
			const unsigned long *boosts)
{
	for (int i = 0; i <= highest_zoneidx; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		zone->watermark_boost -= zone->watermark_boost < boosts[i] ? zone->watermark_boost
									   : boosts[i];
	}
	wakeup_kcompactd(m, pgdat, (int)m->pageblock_order, highest_zoneidx);
}

/* Linux: the top of balance_pgdat(): a new pass for order up to highest_zoneidx. */
static void balance_begin(struct machine *m, pg_data_t *pgdat, int order, int highest_zoneidx)
{
	struct kswapd_balance *bal = &pgdat->kswapd_balance;

	*bal = (struct kswapd_balance){ .alloc_order = order, .order = order,
					.priority = DEF_PRIORITY,
					.highest_zoneidx = (enum zone_type)highest_zoneidx };
	bal->nr_boost_reclaim = note_boosts(pgdat, highest_zoneidx, bal->boosts);
	bal->boosted = bal->nr_boost_reclaim;
	__count_vm_events(m, PAGEOUTRUN, 1);
}

/*
 * One round of balance_pgdat()'s loop at sc->priority.  false: the node
 * is balanced, or a boosted round reclaimed nothing (the loop ends).
 */
static bool balance_round(struct machine *m, pg_data_t *pgdat, struct kswapd_balance *bal,
			  struct scan_control *sc, bool *balanced_out)
{
	unsigned long nr_reclaimed = sc->nr_reclaimed;
	bool raise_priority = true;
	bool balanced = pgdat_balanced(m, pgdat, sc->order, (int)bal->highest_zoneidx);

	sc->reclaim_idx = bal->highest_zoneidx;
	/* Unbalanced: forget the boost, reclaim for the watermarks proper (restart). */
	if (!balanced && bal->nr_boost_reclaim) {
		bal->nr_boost_reclaim = 0;
		sc->priority = DEF_PRIORITY;
		return true;
	}
	*balanced_out = !bal->nr_boost_reclaim && balanced;
	if (*balanced_out)
		return false;
	if (bal->nr_boost_reclaim && sc->priority == DEF_PRIORITY - 2)
		raise_priority = false;
	/* Boosted reclaim relieves pressure: no I/O for it. */
	sc->may_writepage = !bal->nr_boost_reclaim;
	sc->may_swap = !bal->nr_boost_reclaim;
	age_active_anon(m, pgdat, sc);
	if (sc->priority < DEF_PRIORITY - 2)
		sc->may_writepage = true;
	if (kswapd_shrink_node(m, pgdat, sc))
		raise_priority = false;
	nr_reclaimed = sc->nr_reclaimed - nr_reclaimed;
	bal->nr_boost_reclaim -= bal->nr_boost_reclaim < nr_reclaimed ? bal->nr_boost_reclaim
								       : nr_reclaimed;
	if (bal->nr_boost_reclaim && !nr_reclaimed)
		return false;
	if (raise_priority || !nr_reclaimed)
		sc->priority--;
	return true;
}

/*
 * Linux: balance_pgdat(), mm/vmscan.c, going on from pgdat->kswapd_balance.
 * false: throttled on writeback mid-way (the state is kept for the rest);
 * true: done, bal->order the order it ended reclaiming for (0 after the
 * high-order fallback).
 */
static bool balance_pgdat(struct machine *m, pg_data_t *pgdat)
{
	struct kswapd_balance *bal = &pgdat->kswapd_balance;
	struct scan_control sc = { .gfp_mask = GFP_KERNEL, .order = bal->order, .may_unmap = true,
				   .kswapd = true, .priority = bal->priority,
				   .nr_reclaimed = bal->nr_reclaimed };
	bool balanced = false;

	while (sc.priority >= 1) {
		bool more = balance_round(m, pgdat, bal, &sc, &balanced);

		if (pgdat->kswapd_throttled) {
			/* The loop's state after this round, as the kernel's wakes to. */
			bal->order = sc.order;
			bal->priority = more ? sc.priority : 0;
			bal->nr_reclaimed = sc.nr_reclaimed;
			return false;
		}
		if (!more)
			break;
	}
	if (!balanced && !sc.nr_reclaimed)
		pgdat->kswapd_failures++;
	if (bal->boosted)
		drop_boosts(m, pgdat, (int)bal->highest_zoneidx, bal->boosts);
	snapshot_refaults(pgdat);
	bal->order = sc.order;
	return true;
}

/* Linux: kswapd_highest_zoneidx(), mm/vmscan.c: the request's zone, or prev without one. */
static enum zone_type kswapd_highest_zoneidx(const pg_data_t *pgdat, enum zone_type prev)
{
	return pgdat->kswapd_highest_zoneidx == MAX_NR_ZONES ? prev
							     : pgdat->kswapd_highest_zoneidx;
}

/*
 * Linux: the first half of kswapd_try_to_sleep(), mm/vmscan.c.  true:
 * balanced, kcompactd woken, napping HZ/10; false: reclaim again at once
 * (kswapd_high_wmark_hit_quickly).
 */
static bool kswapd_try_to_sleep(struct machine *m, pg_data_t *pgdat, int alloc_order,
				int reclaim_order, enum zone_type highest_zoneidx)
{
	if (!prepare_kswapd_sleep(m, pgdat, reclaim_order, (int)highest_zoneidx)) {
		__count_vm_events(m, KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
		return false;
	}
	reset_isolation_suitable(m, pgdat);
	wakeup_kcompactd(m, pgdat, alloc_order, (int)highest_zoneidx);
	pgdat->kswapd_napping = true;
	pgdat->kswapd_nap_woken = false;
	pgdat->kswapd_reclaim_order = reclaim_order;
	pgdat->kswapd_last_zoneidx = highest_zoneidx;
	mm_daemon_wake_at(m, &pgdat->kswapd, m->clock_ns + KSWAPD_NAP_NS);
	return true;
}

/*
 * Linux: the second half of kswapd_try_to_sleep(): the nap ended.
 * true: sleep until woken; false: reclaim again.
 */
static bool kswapd_nap_over(struct machine *m, pg_data_t *pgdat)
{
	int reclaim_order = pgdat->kswapd_reclaim_order;
	enum zone_type idx = pgdat->kswapd_last_zoneidx;

	pgdat->kswapd_napping = false;
	if (pgdat->kswapd_nap_woken) {
		/* Woken early: keep the request, at least the order it reclaimed for. */
		pgdat->kswapd_highest_zoneidx = kswapd_highest_zoneidx(pgdat, idx);
		if (pgdat->kswapd_order < reclaim_order)
			pgdat->kswapd_order = reclaim_order;
		pgdat->kswapd_nap_woken = false;
		__count_vm_events(m, KSWAPD_LOW_WMARK_HIT_QUICKLY, 1);
		return false;
	}
	if (prepare_kswapd_sleep(m, pgdat, reclaim_order, (int)idx)) {
		trace_nid_event(m, MM_EV_mm_vmscan_kswapd_sleep, pgdat->node_id, 0, 0, 0);
		return true;
	}
	__count_vm_events(m, KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
	return false;
}

/*
 * Linux: reclaim_throttle() for VMSCAN_THROTTLE_WRITEBACK, mm/vmscan.c,
 * as kswapd meets it.  The kernel's kswapd sleeps there for up to HZ/10;
 * numasim's is a daemon and must not move the clock, so it ends its run
 * after this round and is armed for the end of the wait, to go on with
 * balance_pgdat() where it stopped.  Allocations meanwhile do not wake
 * it (kswapd_woken(): it is not on its wait queue).
 */
void kswapd_throttle_writeback(struct machine *m, pg_data_t *pgdat)
{
	if (pgdat->kswapd_throttled)
		return;
	pgdat->kswapd_throttled = true;
	pgdat->kswapd_throttle_start_ns = m->clock_ns;
	pgdat->nr_reclaim_start = node_page_state(pgdat, NR_THROTTLED_WRITTEN);
}

/* Linux: acct_reclaim_writeback() and __acct_reclaim_writeback(), mm/vmscan.c */
void acct_reclaim_writeback(struct machine *m, const struct page *folio)
{
	pg_data_t *pgdat = NODE_DATA(m, page_to_nid(folio));

	if (!pgdat->kswapd_throttled)
		return;
	__mod_node_page_state(pgdat, NR_THROTTLED_WRITTEN, folio_nr_pages(folio));
	/* One task throttled (kswapd): a batch written wakes it. */
	if (node_page_state(pgdat, NR_THROTTLED_WRITTEN) - pgdat->nr_reclaim_start >
	    SWAP_CLUSTER_MAX && pgdat->kswapd.next_ns > m->clock_ns)
		mm_daemon_wake(m, &pgdat->kswapd);
}

/* The end of the wait (mm_vmscan_throttled): woken early or timed out. */
static void kswapd_throttle_end(struct machine *m, pg_data_t *pgdat)
{
	uint64_t delayed_ns = m->clock_ns - pgdat->kswapd_throttle_start_ns;
	struct mm_event ev = { .id = MM_EV_mm_vmscan_throttled };

	pgdat->kswapd_throttled = false;
	m->stats.kswapd_throttled++;
	if (!mm_event_enabled(&m->sink, ev.id))
		return;
	ev.mm_vmscan_throttled = (struct mm_ev_mm_vmscan_throttled){
		.nid = pgdat->node_id, .usec_timeout = (int)(KSWAPD_NAP_NS / 1000),
		.usec_delayed = (int)(delayed_ns / 1000),
		.reason = 1 << VMSCAN_THROTTLE_WRITEBACK };
	mm_event_emit(&m->sink, &ev);
}

/* Take the request kswapd was woken for and start balancing for it. */
static void kswapd_take_request(struct machine *m, pg_data_t *pgdat, enum zone_type prev_idx)
{
	int alloc_order = pgdat->kswapd_order;
	enum zone_type idx = kswapd_highest_zoneidx(pgdat, prev_idx);

	pgdat->kswapd_order = 0;
	pgdat->kswapd_highest_zoneidx = MAX_NR_ZONES;
	trace_nid_event(m, MM_EV_mm_vmscan_kswapd_wake, pgdat->node_id, (int)idx, alloc_order, 0);
	balance_begin(m, pgdat, alloc_order, (int)idx);
}

/*
 * Linux: kswapd(), mm/vmscan.c: take the request and balance the node
 * until it may nap; a high-order request that fell back to order 0
 * tries to nap at once, handing the order to kcompactd.  A throttled
 * kswapd goes on with the balancing it left.
 */
static void kswapd(struct machine *m, struct mm_daemon *d)
{
	pg_data_t *pgdat = NODE_DATA(m, d->id);
	const struct kswapd_balance *bal = &pgdat->kswapd_balance;
	enum zone_type idx = pgdat->kswapd_last_zoneidx;
	bool resume = pgdat->kswapd_throttled;

	if (resume)
		kswapd_throttle_end(m, pgdat);
	else if (pgdat->kswapd_napping && kswapd_nap_over(m, pgdat))
		return;
	for (;;) {
		int alloc_order, reclaim_order;

		if (!resume)
			kswapd_take_request(m, pgdat, idx);
		resume = false;
		if (!balance_pgdat(m, pgdat)) {
			mm_daemon_wake_at(m, d, m->clock_ns + KSWAPD_NAP_NS);
			return;
		}
		alloc_order = bal->alloc_order;
		reclaim_order = bal->order;
		idx = bal->highest_zoneidx;
		if (reclaim_order >= alloc_order) {
			/* The loop's top: a request that came meanwhile is slept on. */
			alloc_order = reclaim_order = pgdat->kswapd_order;
			idx = kswapd_highest_zoneidx(pgdat, idx);
		}
		if (kswapd_try_to_sleep(m, pgdat, alloc_order, reclaim_order, idx))
			return;
	}
}

/*
 * Linux: kswapd_run(), mm/vmscan.c: start node nid's kswapd unless it
 * runs already (boot, or memory onlined on a node that had none).
 */
int kswapd_run(struct machine *m, int nid)
{
	pg_data_t *pgdat = NODE_DATA(m, nid);

	if (pgdat->kswapd.run)
		return 0;
	pgdat->kswapd = (struct mm_daemon){
		.name = "kswapd", .run = kswapd, .next_ns = MM_DAEMON_ASLEEP,
		.cpu = node_daemon_cpu(m, nid), .id = nid,
	};
	pgdat->kswapd_order = 0;
	pgdat->kswapd_highest_zoneidx = MAX_NR_ZONES;
	pgdat->kswapd_last_zoneidx = (enum zone_type)(MAX_NR_ZONES - 1);
	return mm_daemon_register(m, &pgdat->kswapd);
}

/* Linux: kswapd_stop(), mm/vmscan.c: kswapd_run() may start it again. */
void kswapd_stop(struct machine *m, int nid)
{
	pg_data_t *pgdat = NODE_DATA(m, nid);

	if (!pgdat->kswapd.run)
		return;
	mm_daemon_unregister(m, &pgdat->kswapd);
	pgdat->kswapd = (struct mm_daemon){ 0 };
}

/*
 * Linux: kswapd_init(), mm/vmscan.c: a kswapd for each node with memory
 * (N_MEMORY); a CPU-only node has nothing to reclaim and gets none.
 */
int kswapd_init(struct machine *m)
{
	for_each_online_node(m, nid) {
		int ret = node_has_memory(m, nid) ? kswapd_run(m, nid) : 0;

		if (ret)
			return ret;
	}
	return 0;
}
