/*
 * mm/kcompactd.c - the per-node compaction daemon: compaction for kswapd's
 * high-order requests, and proactive compaction.
 *
 * kcompactd sleeps with a 500 ms timeout (HPAGE_FRAG_CHECK_INTERVAL_MSEC
 * of simulated time; none when vm.compaction_proactiveness is 0).  Woken
 * with work (wakeup_kcompactd(): an order a zone of the node could not
 * give, from kswapd), it compacts each zone up to the request's zone for
 * that order, SYNC_LIGHT, skip hints honoured, deferring zones as sync
 * direct compaction does.  Waking at its timeout instead, it compacts the
 * whole node proactively while the node's fragmentation score is above
 * the high threshold, until each zone is under the low one: score 0..100
 * is the share of free memory in blocks below the huge page order,
 * weighted by the zone's share of the node, and proactiveness p puts the
 * thresholds at max(100 - p, 5) and that plus 10.  A proactive pass that
 * does not lower the score waits 64 timeouts.
 *
 * Invariants: a node's kcompactd_max_order is 0 unless a request waits;
 * kcompactd_highest_zoneidx is the lowest zone index a waiting request
 * allows (nr_zones - 1 when none).
 *
 * Linux counterpart: mm/compaction.c (6.1): fragmentation_score_*(),
 * should_proactive_compact_node(), proactive_compact_node(),
 * kcompactd_*(), wakeup_kcompactd(), kcompactd(), kcompactd_run(),
 * compaction_proactiveness_sysctl_handler().
 */
#include "mm/compaction_internal.h"

#include "mm/daemon.h"
#include "mm/pgtable.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

/* The order the fragmentation score is about.  Linux: COMPACTION_HPAGE_ORDER */
#define COMPACTION_HPAGE_ORDER	HPAGE_PMD_ORDER

/* Linux: kswapd_is_running(): a woken kswapd is reclaiming; leave it be. */
bool kswapd_is_running(const pg_data_t *pgdat)
{
	return kswapd_woken(pgdat);
}

/* Linux: fragmentation_score_zone(), mm/compaction.c */
unsigned int fragmentation_score_zone(const struct machine *m, const struct zone *zone)
{
	(void)m;
	return extfrag_for_order(zone, COMPACTION_HPAGE_ORDER);
}

/*
 * Linux: fragmentation_score_zone_weighted(), mm/compaction.c: a small
 * zone (DMA32 beside a big Normal) barely moves its node's score.
 */
static unsigned int fragmentation_score_zone_weighted(const struct machine *m,
						      const struct zone *zone)
{
	uint64_t score = (uint64_t)zone->present_pages * fragmentation_score_zone(m, zone);

	return (unsigned int)(score / (zone->zone_pgdat->node_present_pages + 1));
}

/* Linux: fragmentation_score_node(), mm/compaction.c */
unsigned int fragmentation_score_node(const struct machine *m, const pg_data_t *pgdat)
{
	unsigned int score = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		score += fragmentation_score_zone_weighted(m, &pgdat->node_zones[z]);
	return score;
}

/* Linux: fragmentation_score_wmark(), mm/compaction.c */
unsigned int fragmentation_score_wmark(const struct machine *m, bool low)
{
	int wmark_low = 100 - m->vm.compaction_proactiveness;

	if (wmark_low < 5)
		wmark_low = 5;	/* proactiveness near 100 would compact without end */
	return low ? (unsigned int)wmark_low : (unsigned int)(wmark_low + 10 < 100 ? wmark_low + 10 : 100);
}

/* Linux: should_proactive_compact_node(), mm/compaction.c */
static bool should_proactive_compact_node(const struct machine *m, const pg_data_t *pgdat)
{
	if (!m->vm.compaction_proactiveness || kswapd_is_running(pgdat))
		return false;
	return fragmentation_score_node(m, pgdat) > fragmentation_score_wmark(m, false);
}

/* Linux: proactive_compact_node(), mm/compaction.c */
static void proactive_compact_node(struct machine *m, pg_data_t *pgdat)
{
	struct compact_control cc = {
		.order = -1, .mode = MIGRATE_SYNC_LIGHT, .ignore_skip_hint = true,
		.whole_zone = true, .gfp_mask = GFP_KERNEL, .proactive_compaction = true,
	};

	MM_EXPLAIN(&m->explain, "kcompactd_proactive", "proactive_compact_node", "mm/compaction.c",
		   { "nid", pgdat->node_id }, { "score", fragmentation_score_node(m, pgdat) },
		   { "wmark", fragmentation_score_wmark(m, false) });
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (!populated_zone(&pgdat->node_zones[z]))
			continue;
		cc.zone = &pgdat->node_zones[z];
		compact_zone(m, &cc, NULL);
	}
}

/* Linux: kcompactd_work_requested(), mm/compaction.c */
static bool kcompactd_work_requested(const pg_data_t *pgdat)
{
	return pgdat->kcompactd_max_order > 0 || pgdat->proactive_compact_trigger;
}

/* Linux: kcompactd_node_suitable(), mm/compaction.c */
static bool kcompactd_node_suitable(struct machine *m, pg_data_t *pgdat)
{
	int highest_zoneidx = (int)pgdat->kcompactd_highest_zoneidx;

	for (int z = 0; z <= highest_zoneidx; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (populated_zone(zone) &&
		    compaction_suitable(m, zone, pgdat->kcompactd_max_order, 0,
					highest_zoneidx) == COMPACT_CONTINUE)
			return true;
	}
	return false;
}

static void trace_kcompactd(struct machine *m, enum mm_event_id id, int nid, int order,
			    int highest_zoneidx)
{
	struct mm_event ev = { .id = id };

	if (!mm_event_enabled(&m->sink, id))
		return;
	if (id == MM_EV_mm_compaction_kcompactd_sleep) {
		ev.mm_compaction_kcompactd_sleep.nid = nid;
	} else {
		/* _wake and wakeup_kcompactd share one layout. */
		ev.mm_compaction_kcompactd_wake.nid = nid;
		ev.mm_compaction_kcompactd_wake.order = order;
		ev.mm_compaction_kcompactd_wake.highest_zoneidx = (uint32_t)highest_zoneidx;
	}
	mm_event_emit(&m->sink, &ev);
}

/* One zone of kcompactd_do_work(): compact unless deferred or unsuitable. */
static void kcompactd_compact_zone(struct machine *m, struct compact_control *cc,
				   struct zone *zone, int zoneid)
{
	enum compact_result status;

	if (compaction_deferred(m, zone, cc->order) ||
	    compaction_suitable(m, zone, cc->order, 0, zoneid) != COMPACT_CONTINUE)
		return;
	cc->zone = zone;
	status = compact_zone(m, cc, NULL);
	if (status == COMPACT_SUCCESS) {
		compaction_defer_reset(m, zone, cc->order, false);
	} else if (status == COMPACT_PARTIAL_SKIPPED || status == COMPACT_COMPLETE) {
		/* Free pages stranded on the lists could merge to the order. */
		drain_all_pages(m, zone);
		defer_compaction(m, zone, cc->order);
	}
	__count_vm_events(m, KCOMPACTD_MIGRATE_SCANNED, cc->total_migrate_scanned);
	__count_vm_events(m, KCOMPACTD_FREE_SCANNED, cc->total_free_scanned);
}

/* Linux: kcompactd_do_work(), mm/compaction.c */
static void kcompactd_do_work(struct machine *m, pg_data_t *pgdat)
{
	struct compact_control cc = {
		.order = pgdat->kcompactd_max_order,
		.search_order = (short)pgdat->kcompactd_max_order,
		.highest_zoneidx = (int)pgdat->kcompactd_highest_zoneidx,
		.mode = MIGRATE_SYNC_LIGHT, .gfp_mask = GFP_KERNEL,
	};

	trace_kcompactd(m, MM_EV_mm_compaction_kcompactd_wake, pgdat->node_id, cc.order,
			cc.highest_zoneidx);
	__count_vm_events(m, KCOMPACTD_WAKE, 1);
	MM_EXPLAIN(&m->explain, "kcompactd_wake", "kcompactd_do_work", "mm/compaction.c",
		   { "nid", pgdat->node_id }, { "order", cc.order },
		   { "highest_zid", cc.highest_zoneidx });
	for (int z = 0; z <= cc.highest_zoneidx; z++)
		if (populated_zone(&pgdat->node_zones[z]))
			kcompactd_compact_zone(m, &cc, &pgdat->node_zones[z], z);
	/* A request that came in meanwhile for more stays for the next run. */
	if (pgdat->kcompactd_max_order <= cc.order)
		pgdat->kcompactd_max_order = 0;
	if ((int)pgdat->kcompactd_highest_zoneidx >= cc.highest_zoneidx)
		pgdat->kcompactd_highest_zoneidx = (enum zone_type)(pgdat->nr_zones - 1);
}

/* Linux: wakeup_kcompactd(), mm/compaction.c */
void wakeup_kcompactd(struct machine *m, pg_data_t *pgdat, int order, int highest_zoneidx)
{
	if (!order)
		return;
	if (pgdat->kcompactd_max_order < order)
		pgdat->kcompactd_max_order = order;
	if ((int)pgdat->kcompactd_highest_zoneidx > highest_zoneidx)
		pgdat->kcompactd_highest_zoneidx = (enum zone_type)highest_zoneidx;
	if (pgdat->kcompactd.next_ns <= m->clock_ns)
		return;	/* not waiting (already woken): it will see the request */
	if (!kcompactd_node_suitable(m, pgdat))
		return;
	trace_kcompactd(m, MM_EV_mm_compaction_wakeup_kcompactd, pgdat->node_id, order,
			highest_zoneidx);
	mm_daemon_wake(m, &pgdat->kcompactd);
}

/* Go back to waiting, for the timeout or a wake-up.  Part of kcompactd(). */
static void kcompactd_sleep(struct machine *m, pg_data_t *pgdat)
{
	trace_kcompactd(m, MM_EV_mm_compaction_kcompactd_sleep, pgdat->node_id, 0, 0);
	if (!m->vm.compaction_proactiveness)
		pgdat->kcompactd.next_ns = MM_DAEMON_ASLEEP;
	else
		mm_daemon_wake_at(m, &pgdat->kcompactd, m->clock_ns + pgdat->kcompactd_timeout_ns);
}

/*
 * Linux: kcompactd(), mm/compaction.c: one pass of its loop, from a wake-up
 * or the timeout to the next sleep.
 */
static void kcompactd(struct machine *m, struct mm_daemon *d)
{
	pg_data_t *pgdat = NODE_DATA(m, d->id);
	const uint64_t default_timeout_ns = HPAGE_FRAG_CHECK_INTERVAL_MSEC * NSEC_PER_MSEC;

	d->next_ns = MM_DAEMON_ASLEEP;
	pgdat->kcompactd_timeout_ns = default_timeout_ns;
	if (kcompactd_work_requested(pgdat) && !pgdat->proactive_compact_trigger) {
		kcompactd_do_work(m, pgdat);
	} else {
		if (should_proactive_compact_node(m, pgdat)) {
			unsigned int prev_score = fragmentation_score_node(m, pgdat);

			proactive_compact_node(m, pgdat);
			if (fragmentation_score_node(m, pgdat) >= prev_score)
				pgdat->kcompactd_timeout_ns = default_timeout_ns << COMPACT_MAX_DEFER_SHIFT;
		}
		pgdat->proactive_compact_trigger = false;
	}
	kcompactd_sleep(m, pgdat);
}

/* Linux: compaction_proactiveness_sysctl_handler(), mm/compaction.c */
void kcompactd_proactiveness_changed(struct machine *m)
{
	if (!m->vm.compaction_proactiveness)
		return;
	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		if (!node_has_memory(m, nid) || pgdat->proactive_compact_trigger)
			continue;
		pgdat->proactive_compact_trigger = true;
		mm_daemon_wake(m, &pgdat->kcompactd);
	}
}

/*
 * Linux: kcompactd_run(), mm/compaction.c: node nid's thread, on the
 * node's CPUs, waiting; nothing if it runs already.
 */
int kcompactd_run(struct machine *m, int nid)
{
	pg_data_t *pgdat = NODE_DATA(m, nid);
	int ret;

	if (pgdat->kcompactd.run)
		return 0;
	pgdat->kcompactd = (struct mm_daemon){
		.name = "kcompactd", .run = kcompactd, .next_ns = MM_DAEMON_ASLEEP,
		.cpu = node_daemon_cpu(m, nid), .id = nid,
	};
	pgdat->kcompactd_max_order = 0;
	pgdat->kcompactd_highest_zoneidx = (enum zone_type)(pgdat->nr_zones - 1);
	pgdat->kcompactd_timeout_ns = HPAGE_FRAG_CHECK_INTERVAL_MSEC * NSEC_PER_MSEC;
	ret = mm_daemon_register(m, &pgdat->kcompactd);
	if (!ret)
		kcompactd_sleep(m, pgdat);
	return ret;
}

/* Linux: kcompactd_stop(), mm/compaction.c: kcompactd_run() may start it again. */
void kcompactd_stop(struct machine *m, int nid)
{
	pg_data_t *pgdat = NODE_DATA(m, nid);

	if (!pgdat->kcompactd.run)
		return;
	mm_daemon_unregister(m, &pgdat->kcompactd);
	pgdat->kcompactd = (struct mm_daemon){ 0 };
}

/* Linux: kcompactd_init(), mm/compaction.c: a thread per node with memory, from boot. */
int kcompactd_init(struct machine *m)
{
	for_each_online_node(m, nid) {
		int ret = node_has_memory(m, nid) ? kcompactd_run(m, nid) : 0;

		if (ret)
			return ret;
	}
	return 0;
}
