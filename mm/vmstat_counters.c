/*
 * mm/vmstat_counters.c - the upkeep of the per-CPU counters: thresholds,
 * folding, and the once-a-second work that folds them and drains remote
 * per-CPU page lists.
 *
 * Thresholds: every CPU's diffs of a zone fold at the zone's
 * calculate_normal_threshold(); a node's at the largest threshold of its
 * populated zones (refresh_zone_stat_thresholds(), at boot and whenever
 * the kernel recomputes them).
 *
 * Once a second (vm.stat_interval) each CPU's vmstat_update folds its
 * diffs into the shared counters (refresh_cpu_vm_stats).  A CPU that
 * changed a zone's counters arms that zone's pcp "expire" at 3; each later
 * round that finds nothing to fold for it counts it down, and at 0 the
 * CPU's pcp list of that zone gives back one batch to the buddy
 * (drain_zone_pages), unless the zone is on the CPU's own node.  The work
 * re-arms itself while it finds something to do; otherwise the shepherd,
 * which runs every interval, re-queues it once a CPU has diffs again.  So
 * pages a CPU cached for a remote node go back after about three quiet
 * seconds, which is why a real machine's nr_free_pages is higher than the
 * pcp lists alone would leave it.
 *
 * Simplifications: the kernel rounds the interval to whole seconds per CPU
 * (round_jiffies_relative); here every run is exactly stat_interval after
 * the last.  kswapd's smaller "pressure" threshold while it runs is not
 * modelled: our kswapd completes within one daemon run, so no counter
 * update happens under it.
 *
 * Invariants: see mm/vmstat_counters.h; a CPU's vmstat_update is pending
 * (armed) or the shepherd finds it asleep.
 *
 * Linux counterpart: mm/vmstat.c (v6.1): calculate_normal_threshold,
 * refresh_zone_stat_thresholds, refresh_cpu_vm_stats, fold_diff,
 * vmstat_update, need_update, vmstat_shepherd, start_shepherd_timer.
 */
#include "mm/vmstat_counters.h"

#include <string.h>

#include "mm/internal.h"
#include "mm/vmstat.h"

/* Rounds of vmstat_update without a fold before a remote pcp list drains. */
#define PCP_EXPIRE_ROUNDS	3

/* Linux: fls(): 1-based index of the highest set bit, 0 for 0. */
static int fls_ulong(unsigned long x)
{
	int bit = 0;

	while (x) {
		bit++;
		x >>= 1;
	}
	return bit;
}

/*
 * Linux: calculate_normal_threshold(), mm/vmstat.c.  How far a CPU's counter
 * delta may drift before it is folded: 2 * fls(cpus) * (1 + fls(managed in
 * 128 MiB units)), at most 125.  Two CPUs: 3840 pages -> 4, 511890 -> 20.
 */
int calculate_normal_threshold(const struct machine *m, const struct zone *zone)
{
	unsigned long mem = zone->managed_pages >> (27 - PAGE_SHIFT);
	int threshold = 2 * fls_ulong(m->nr_cpus) * (1 + fls_ulong(mem));

	return threshold < 125 ? threshold : 125;
}

/*
 * Linux: the drift check of refresh_zone_stat_thresholds().  If every CPU
 * drifting by its threshold could hide a fall below the min watermark
 * while the low one looks met, readers near the marks must add the diffs
 * (zone_watermark_ok_safe()).
 */
static void set_percpu_drift_mark(const struct machine *m, struct zone *zone, int threshold)
{
	unsigned long tolerate_drift = low_wmark_pages(zone) - min_wmark_pages(zone);
	unsigned long max_drift = (unsigned long)m->nr_cpus * (unsigned long)threshold;

	if (max_drift > tolerate_drift)
		zone->percpu_drift_mark = high_wmark_pages(zone) + max_drift;
}

/* Linux: refresh_zone_stat_thresholds(), mm/vmstat.c */
void refresh_zone_stat_thresholds(struct machine *m)
{
	for_each_online_node(m, nid)
		for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
			NODE_DATA(m, nid)->per_cpu_nodestats[cpu].stat_threshold = 0;
	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = &pgdat->node_zones[zid];
			int threshold;

			if (!populated_zone(zone))
				continue;
			threshold = calculate_normal_threshold(m, zone);
			for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
				struct per_cpu_nodestat *pn = &pgdat->per_cpu_nodestats[cpu];

				zone->per_cpu_zonestats[cpu].stat_threshold = (int8_t)threshold;
				if (threshold > pn->stat_threshold)
					pn->stat_threshold = (int8_t)threshold;
			}
			set_percpu_drift_mark(m, zone, threshold);
		}
	}
}

/*
 * Fold cpu's diffs of one zone into its counters; true if there were any.
 * Linux: the first loop of refresh_cpu_vm_stats().
 */
static bool fold_zone_diffs(struct zone *zone, unsigned int cpu, int *global_diff)
{
	int8_t *diff = zone->per_cpu_zonestats[cpu].vm_stat_diff;
	bool folded = false;

	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++) {
		if (!diff[i])
			continue;
		zone->vm_stat[i] += diff[i];
		global_diff[i] += diff[i];
		diff[i] = 0;
		folded = true;
	}
	return folded;
}

/*
 * The remote-drain half of refresh_cpu_vm_stats() for one zone: count the
 * zone's expire down and give back a batch when it reaches 0.  Returns 1
 * if pages were drained.
 */
static int expire_remote_pcp(struct machine *m, struct zone *zone, unsigned int cpu)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

	if (!pcp->expire || !pcp->count)
		return 0;
	if (zone->node == cpu_to_node(m, (int)cpu)) {
		pcp->expire = 0;	/* never drain a zone local to the CPU */
		return 0;
	}
	if (--pcp->expire)
		return 0;
	drain_zone_pages(m, zone, pcp);
	return 1;
}

/* The number of items whose machine-wide total moved.  Linux: fold_diff(). */
static int count_changed(const int *zone_diff, const int *node_diff)
{
	int changes = 0;

	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		changes += zone_diff[i] != 0;
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		changes += node_diff[i] != 0;
	return changes;
}

/* Fold cpu's node diffs.  Linux: the pgdat loop of refresh_cpu_vm_stats(). */
static void fold_node_diffs(pg_data_t *pgdat, unsigned int cpu, int *global_diff)
{
	int8_t *diff = pgdat->per_cpu_nodestats[cpu].vm_node_stat_diff;

	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
		if (!diff[i])
			continue;
		pgdat->vm_stat[i] += diff[i];
		global_diff[i] += diff[i];
		diff[i] = 0;
	}
}

/*
 * Linux: refresh_cpu_vm_stats(), mm/vmstat.c.  Fold cpu's diffs; with
 * do_pagesets also age and drain its remote pcp lists.  Returns how much
 * changed (0: nothing to do, the work may sleep).
 */
int refresh_cpu_vm_stats(struct machine *m, unsigned int cpu, bool do_pagesets)
{
	int zone_diff[NR_VM_ZONE_STAT_ITEMS] = { 0 };
	int node_diff[NR_VM_NODE_STAT_ITEMS] = { 0 };
	int changes = 0;

	for_each_online_node(m, nid) {
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = &NODE_DATA(m, nid)->node_zones[zid];

			if (!populated_zone(zone))
				continue;
			if (fold_zone_diffs(zone, cpu, zone_diff))
				zone->per_cpu_pageset[cpu].expire = PCP_EXPIRE_ROUNDS;
			if (do_pagesets)
				changes += expire_remote_pcp(m, zone, cpu);
		}
	}
	for_each_online_node(m, nid)
		fold_node_diffs(NODE_DATA(m, nid), cpu, node_diff);
	return changes + count_changed(zone_diff, node_diff);
}

void vmstat_refresh(struct machine *m)
{
	int cpu = m->current_cpu;

	for (unsigned int c = 0; c < m->nr_cpus; c++) {
		m->current_cpu = (int)c;	/* schedule_on_each_cpu() */
		refresh_cpu_vm_stats(m, c, true);
	}
	m->current_cpu = cpu;
}

static uint64_t stat_interval_ns(const struct machine *m)
{
	return (uint64_t)m->vm.stat_interval * NSEC_PER_SEC;
}

/* Linux: vmstat_update(): fold, and keep running while there is work. */
static void vmstat_update(struct machine *m, struct mm_daemon *d)
{
	if (refresh_cpu_vm_stats(m, (unsigned int)d->id, true))
		mm_daemon_wake_at(m, d, m->clock_ns + stat_interval_ns(m));
}

/* Linux: need_update(): does cpu hold any diff? */
static bool need_update(const struct machine *m, unsigned int cpu)
{
	for_each_online_node(m, nid) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);
		const int8_t *node_diff = pgdat->per_cpu_nodestats[cpu].vm_node_stat_diff;

		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *zone = &pgdat->node_zones[zid];
			const int8_t *diff = zone->per_cpu_zonestats[cpu].vm_stat_diff;

			for (int i = 0; populated_zone(zone) && i < NR_VM_ZONE_STAT_ITEMS; i++)
				if (diff[i])
					return true;
		}
		for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
			if (node_diff[i])
				return true;
	}
	return false;
}

/* Linux: vmstat_shepherd(): wake the sleeping updates of CPUs with diffs. */
static void vmstat_shepherd(struct machine *m, struct mm_daemon *d)
{
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		if (!mm_daemon_pending(&m->vmstat_work[cpu]) && need_update(m, cpu))
			mm_daemon_wake(m, &m->vmstat_work[cpu]);
	mm_daemon_wake_at(m, d, m->clock_ns + stat_interval_ns(m));
}

/*
 * Linux: start_shepherd_timer() and the per-CPU vmstat_work: the shepherd
 * first runs one interval after boot; every CPU's update sleeps until it
 * queues them.  Returns 0 or -ENOMEM.
 */
int vmstat_daemons_init(struct machine *m)
{
	int ret;

	m->vmstat_shepherd = (struct mm_daemon){
		.name = "vmstat_shepherd", .run = vmstat_shepherd,
		.next_ns = m->clock_ns + stat_interval_ns(m), .cpu = 0, .id = 0,
	};
	ret = mm_daemon_register(m, &m->vmstat_shepherd);
	for (unsigned int cpu = 0; !ret && cpu < m->nr_cpus; cpu++) {
		m->vmstat_work[cpu] = (struct mm_daemon){
			.name = "vmstat_update", .run = vmstat_update,
			.next_ns = MM_DAEMON_ASLEEP, .cpu = (int)cpu, .id = (int)cpu,
		};
		ret = mm_daemon_register(m, &m->vmstat_work[cpu]);
	}
	return ret;
}
