/*
 * mm/vmstat_counters.h - the zone and node counters behind /proc/vmstat,
 * zoneinfo and meminfo, kept as the kernel keeps them: per-CPU deltas
 * folded into the shared counter only when they pass a threshold.
 *
 * An update on CPU c adds delta to c's diff for the item.  When the diff
 * passes the CPU's stat_threshold (say 4), the whole diff moves into the
 * zone's (or node's) vm_stat and the diff restarts at 0.  So vm_stat lags
 * the truth by up to nr_cpus * threshold, and that is what most readers
 * see, in the kernel and here: the watermark checks, zoneinfo, meminfo.
 * Example, threshold 4, one CPU: five order-0 frees leave diff +5 > 4, so
 * vm_stat jumps by 5 and the diff is 0; four more leave vm_stat where it
 * was and diff +4.  vmstat_update() (mm/vmstat.c) folds every diff once a
 * second; the _snapshot readers add the diffs for callers that need the
 * exact value (a checker, a watermark check close to the edge).
 *
 * Invariants: |diff| <= stat_threshold after every update; vm_stat plus
 * every CPU's diff is the exact count (what the checkers compare).
 *
 * Linux counterpart: include/linux/vmstat.h (zone_page_state,
 * zone_page_state_snapshot, global_*_page_state) and the update half of
 * mm/vmstat.c (__mod_zone_page_state, __mod_node_page_state).
 */
#ifndef MM_VMSTAT_COUNTERS_H
#define MM_VMSTAT_COUNTERS_H

#include "mm/mmzone.h"

/*
 * Linux: __mod_zone_page_state() / __mod_node_page_state(), mm/vmstat.c:
 * add delta to this CPU's diff, moving the whole diff to the shared
 * counter once it passes the threshold (no overstep: the mod_* variants).
 */
static inline void vmstat_diff_add(int8_t *diff, int threshold, long *counter, long delta)
{
	long x = delta + *diff;

	if (x > threshold || x < -threshold) {
		*counter += x;
		x = 0;
	}
	*diff = (int8_t)x;
}

static inline void __mod_zone_page_state(struct zone *zone, enum zone_stat_item item, long delta)
{
	struct per_cpu_zonestat *pzstats =
		&zone->per_cpu_zonestats[zone->zone_pgdat->machine->current_cpu];

	vmstat_diff_add(&pzstats->vm_stat_diff[item], pzstats->stat_threshold,
			&zone->vm_stat[item], delta);
}

static inline void __mod_node_page_state(pg_data_t *pgdat, enum node_stat_item item, long delta)
{
	struct per_cpu_nodestat *pnstats = &pgdat->per_cpu_nodestats[pgdat->machine->current_cpu];

	vmstat_diff_add(&pnstats->vm_node_stat_diff[item], pnstats->stat_threshold,
			&pgdat->vm_stat[item], delta);
}

/* Linux: __mod_lruvec_page_state() without memory cgroups: the page's node. */
static inline void mod_node_page_state(struct machine *m, const struct page *page,
				       enum node_stat_item item, long nr)
{
	__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), item, nr);
}

/* Linux: zone_page_state(): the shared counter, lagging; never below 0. */
static inline unsigned long zone_page_state(const struct zone *zone, enum zone_stat_item item)
{
	long x = zone->vm_stat[item];

	return x < 0 ? 0 : (unsigned long)x;
}

/* The shared counter plus every CPU's diff, unclamped: the exact count. */
static inline long __zone_page_state_snapshot(const struct zone *zone, enum zone_stat_item item)
{
	const struct machine *m = zone->zone_pgdat->machine;
	long x = zone->vm_stat[item];

	for (unsigned int cpu = 0; zone->per_cpu_zonestats && cpu < m->nr_cpus; cpu++)
		x += zone->per_cpu_zonestats[cpu].vm_stat_diff[item];
	return x;
}

/* Linux: zone_page_state_snapshot(): the exact count; never below 0. */
static inline unsigned long zone_page_state_snapshot(const struct zone *zone,
						     enum zone_stat_item item)
{
	long x = __zone_page_state_snapshot(zone, item);

	return x < 0 ? 0 : (unsigned long)x;
}

/*
 * Pages free in the zone, exactly: NR_FREE_PAGES with every CPU's diff.
 * (The kernel's own readers, and zoneinfo, see zone_page_state(), which
 * lags by the diffs.)
 */
static inline unsigned long zone_free_pages(const struct zone *zone)
{
	return zone_page_state_snapshot(zone, NR_FREE_PAGES);
}

/* Linux: node_page_state_pages(): the node's shared counter; never below 0. */
static inline unsigned long node_page_state(const pg_data_t *pgdat, enum node_stat_item item)
{
	long x = pgdat->vm_stat[item];

	return x < 0 ? 0 : (unsigned long)x;
}

/* The node's counter plus every CPU's diff, unclamped: the exact count. */
static inline long __node_page_state_snapshot(const pg_data_t *pgdat, enum node_stat_item item)
{
	const struct machine *m = pgdat->machine;
	long x = pgdat->vm_stat[item];

	for (unsigned int cpu = 0; pgdat->per_cpu_nodestats && cpu < m->nr_cpus; cpu++)
		x += pgdat->per_cpu_nodestats[cpu].vm_node_stat_diff[item];
	return x;
}

/*
 * Linux: global_zone_page_state(), include/linux/vmstat.h.  The kernel
 * keeps the machine total in vm_zone_stat[], moved by the same folds; the
 * sum of the zones' shared counters is that total.  Never below 0.
 */
static inline unsigned long global_zone_page_state(const struct machine *m,
						   enum zone_stat_item item)
{
	long sum = 0;

	for_each_online_node(m, nid)
		for (int zid = 0; NODE_DATA(m, nid) && zid < MAX_NR_ZONES; zid++)
			sum += NODE_DATA(m, nid)->node_zones[zid].vm_stat[item];
	return sum < 0 ? 0 : (unsigned long)sum;
}

/* Linux: global_node_page_state_pages(), include/linux/vmstat.h. */
static inline unsigned long global_node_page_state(const struct machine *m,
						   enum node_stat_item item)
{
	long sum = 0;

	for_each_online_node(m, nid)
		if (NODE_DATA(m, nid))
			sum += NODE_DATA(m, nid)->vm_stat[item];
	return sum < 0 ? 0 : (unsigned long)sum;
}

/*
 * Linux: global_numa_event_state(), after fold_vm_numa_events(): every
 * reader of the NUMA events folds the per-CPU ones first, so they are kept
 * exact here.
 */
static inline unsigned long global_numa_event_state(const struct machine *m,
						    enum numa_stat_item item)
{
	unsigned long sum = 0;

	for_each_online_node(m, nid)
		for (int zid = 0; NODE_DATA(m, nid) && zid < MAX_NR_ZONES; zid++)
			sum += NODE_DATA(m, nid)->node_zones[zid].vm_numa_event[item];
	return sum;
}

/* ---- upkeep (mm/vmstat_counters.c) ---- */

/* Linux: calculate_normal_threshold(): a zone's per-CPU counter drift limit. */
int calculate_normal_threshold(const struct machine *m, const struct zone *zone);

/* Linux: refresh_zone_stat_thresholds(): every CPU's thresholds and drift marks. */
void refresh_zone_stat_thresholds(struct machine *m);

/*
 * Linux: refresh_cpu_vm_stats(): fold cpu's diffs into the shared counters;
 * with do_pagesets also count its remote pcp lists' expiry down and drain
 * those that expire.  Returns the number of changes (0: nothing to do).
 */
int refresh_cpu_vm_stats(struct machine *m, unsigned int cpu, bool do_pagesets);

/*
 * Linux: vmstat_refresh() (a write to /proc/sys/vm/stat_refresh): run
 * refresh_cpu_vm_stats(true) on every CPU, so the shared counters are
 * exact afterwards.
 */
void vmstat_refresh(struct machine *m);

/* Register the shepherd and every CPU's vmstat_update (boot).  0 or -ENOMEM. */
int vmstat_daemons_init(struct machine *m);

#endif /* MM_VMSTAT_COUNTERS_H */
