/*
 * sim/report.c - the end-of-run report: summary table, results.json
 * (jansson) and the snapshot files (see report.h for the layout): the
 * machine's /proc views, one meminfo per node, one numa_maps per task.
 *
 * Determinism: every JSON object is built in a fixed order and dumped with
 * JSON_PRESERVE_ORDER; nothing host-dependent (time, pointers, paths) is
 * written.  Indices are reals with 6 significant digits, which prints the
 * kernel's thousandths exactly ("0.998", "-1.0").
 *
 * Two things are collected while the trace replays, through the engine's
 * callbacks (context: struct report_run): the machine-wide summary of each
 * snapshot, and the rows of timeseries.csv.  A timeseries row must stay
 * cheap, so it reads free-area counters and the pageblock bitmap only; the
 * mixed-pageblock count walks the memmap and is taken at snapshots and at
 * the end.
 *
 * Linux counterpart: none; the per-zone numbers are those of
 * /proc/buddyinfo, /proc/pagetypeinfo and debugfs extfrag (mm/vmstat.c),
 * and page_owner's mixed-block count (mm/page_owner.c).
 */
#include "sim/report.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "mm/memory_hotplug.h"
#include "mm/mempolicy.h"
#include "mm/mm_types.h"
#include "mm/slab.h"
#include "mm/swap.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"
#include "sim/config.h"
#include "sim/init_from.h"
#include "sim/metrics.h"
#include "sim/procfs.h"
#include "sim/report_internal.h"
#include "sim/snapshot_pageblocks.h"
#include "sim/sysfs_memory.h"
#include "sim/verbs.h"

#define JSON_FLAGS	(JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))
#define NSEC_PER_USEC	1000ull
#define NSEC_PER_SEC	1000000000ull

static unsigned long machine_present_pages(const struct machine *m)
{
	unsigned long nr_pages = 0;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		if (m->node_data[nid])
			nr_pages += m->node_data[nid]->node_present_pages;
	return nr_pages;
}

/* ---- machine-wide sums over the populated zones ---- */

void report_free_blocks(const struct machine *m, unsigned long nr_free[MAX_ORDER])
{
	const struct zone *zone;

	for (int order = 0; order < MAX_ORDER; order++)
		nr_free[order] = 0;
	for_each_report_zone(m, nid, zidx, zone)
		for (int order = 0; order < MAX_ORDER; order++)
			nr_free[order] += zone->free_area[order].nr_free;
}

/* Pageblocks by type: reads the pageblock bitmap, not the memmap. */
static void machine_pageblocks(const struct machine *m, unsigned long counts[MIGRATE_TYPES])
{
	unsigned long zone_counts[MIGRATE_TYPES];
	const struct zone *zone;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		counts[mt] = 0;
	for_each_report_zone(m, nid, zidx, zone) {
		pageblock_type_counts(m, zone, zone_counts);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			counts[mt] += zone_counts[mt];
	}
}

/* Mixed pageblocks of every type and zone: a walk over the whole memmap. */
unsigned long report_mixed_pageblocks(const struct machine *m)
{
	unsigned long counts[MIGRATE_TYPES], total = 0;
	const struct zone *zone;

	for_each_report_zone(m, nid, zidx, zone) {
		pageblock_mixed_counts(m, zone, counts);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			total += counts[mt];
	}
	return total;
}

static unsigned long sum_orders(const unsigned long v[MAX_ORDER])
{
	unsigned long sum = 0;

	for (int order = 0; order < MAX_ORDER; order++)
		sum += v[order];
	return sum;
}

/* "0.998", "-1.000": the kernel's debugfs spelling of an index in thousandths. */
static void print_index(FILE *f, int v)
{
	int a = v < 0 ? -v : v;

	fprintf(f, "%s%d.%03d", v < 0 ? "-" : "", a / 1000, a % 1000);
}

/* ---- the run's collections: snapshot summaries, timeseries.csv ---- */

void report_run_init(struct report_run *rr, struct output *out)
{
	memset(rr, 0, sizeof(*rr));
	rr->out = out;
}

void report_run_release(struct report_run *rr)
{
	for (size_t i = 0; i < rr->nr_snaps; i++)
		free(rr->snaps[i].name);
	free(rr->snaps);
	memset(rr, 0, sizeof(*rr));
}

/* Take the summary numbers of the snapshot name.  Returns 0 or -1 (memory). */
static int snapshot_remember(struct report_run *rr, const char *name, const struct machine *m)
{
	struct report_snapshot *snap;
	struct contig_page_info info;

	if (rr->nr_snaps == rr->snap_cap) {
		size_t cap = rr->snap_cap ? 2 * rr->snap_cap : 8;
		struct report_snapshot *snaps = realloc(rr->snaps, cap * sizeof(*snaps));

		if (!snaps)
			return -1;
		rr->snaps = snaps;
		rr->snap_cap = cap;
	}
	snap = &rr->snaps[rr->nr_snaps];
	memset(snap, 0, sizeof(*snap));
	snap->name = strdup(name);
	if (!snap->name)
		return -1;
	report_free_blocks(m, snap->free_blocks);
	fill_contig_info_from_counts(snap->free_blocks, 0, &info);
	snap->free_pages = info.free_pages;
	snap->mixed_pageblocks = report_mixed_pageblocks(m);
	snap->extfrag_events = m->stats.extfrag_events;
	snap->extfrag_fragmenting = m->stats.extfrag_fragmenting;
	snap->extfrag_change_ownership = m->stats.extfrag_change_ownership;
	rr->nr_snaps++;
	return 0;
}

int report_timeseries_open(struct report_run *rr, const struct machine *m, char *err,
			   size_t errlen)
{
	rr->timeseries = output_create_held(rr->out, REPORT_TIMESERIES_FILE, err, errlen);
	if (!rr->timeseries)
		return -1;
	fputs(REPORT_TIMESERIES_HEADER, rr->timeseries);
	metrics_timeseries_header(rr->timeseries, m);
	fputc('\n', rr->timeseries);
	return 0;
}

/* The time in seconds with microseconds, truncated as tracefs does. */
static void print_seconds(FILE *f, uint64_t now_ns)
{
	fprintf(f, "%llu.%06llu", (unsigned long long)(now_ns / NSEC_PER_SEC),
		(unsigned long long)(now_ns % NSEC_PER_SEC / NSEC_PER_USEC));
}

void report_sample(void *ctx, const struct machine *m, unsigned long nr_events,
		   uint64_t now_ns)
{
	static const int pb_columns[] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE,
		MIGRATE_RECLAIMABLE, MIGRATE_HIGHATOMIC, MIGRATE_ISOLATE };
	unsigned long nr_free[MAX_ORDER], pageblocks[MIGRATE_TYPES];
	const struct mm_sim_stats *s = &m->stats;
	struct report_run *rr = ctx;
	struct contig_page_info info;
	FILE *f = rr->timeseries;

	if (!f)
		return;
	report_free_blocks(m, nr_free);
	machine_pageblocks(m, pageblocks);
	fill_contig_info_from_counts(nr_free, m->pageblock_order, &info);
	fprintf(f, "%lu,", nr_events);
	print_seconds(f, now_ns);
	fprintf(f, ",%lu", info.free_pages);
	for (int order = 0; order < MAX_ORDER; order++)
		fprintf(f, ",%lu", nr_free[order]);
	for (size_t i = 0; i < sizeof(pb_columns) / sizeof(pb_columns[0]); i++)
		fprintf(f, ",%lu", pageblocks[pb_columns[i]]);
	fprintf(f, ",%lu,%lu,%lu,%lu,%lu,", s->extfrag_events, s->extfrag_fragmenting,
		s->extfrag_change_ownership, sum_orders(s->alloc_fail), s->kswapd_wakeups);
	print_index(f, __unusable_free_index(m->pageblock_order, &info));
	metrics_timeseries_row(f, m);
	fputc('\n', f);
}

/* ---- results.json ---- */

static json_t *json_ulong(unsigned long v)
{
	return json_integer((json_int_t)v);
}

/*
 * What made the run: the version, profile, seed and --set list (not the
 * config file's path: the same inputs give the same bytes wherever they lie).
 */
static json_t *results_header(const struct report_info *ri)
{
	json_t *sets = json_array();

	for (size_t i = 0; ri->sets && i < ri->sets->nr; i++)
		json_array_append_new(sets, json_string(ri->sets->arg[i]));
	return json_pack("{s:s, s:s, s:I, s:o}", "version", ri->version,
			 "profile", ri->profile, "seed", (json_int_t)ri->seed, "sets", sets);
}

static json_t *results_machine(const struct machine *m)
{
	json_t *nodes = json_array();

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		const pg_data_t *pgdat = m->node_data[nid];

		json_array_append_new(nodes, json_pack("{s:i, s:I, s:I, s:I, s:i}",
			"node", (int)nid,
			"start", (json_int_t)m->hw.node[nid].start,
			"bytes", (json_int_t)m->hw.node[nid].bytes,
			"present_pages", (json_int_t)(pgdat ? pgdat->node_present_pages : 0),
			"cpus", (int)m->hw.node[nid].nr_cpus));
	}
	return json_pack("{s:i, s:i, s:I, s:i, s:i, s:o}",
			 "nodes", (int)m->nr_node_ids, "cpus", (int)m->nr_cpus,
			 "memory_bytes", (json_int_t)(machine_present_pages(m) * PAGE_SIZE),
			 "pageblock_order", (int)m->pageblock_order,
			 "max_order", MAX_ORDER - 1, "node", nodes);
}

static void counter_to_json(void *obj, const char *name, unsigned long value)
{
	json_object_set_new(obj, name, json_ulong(value));
}

/* Every /proc/vmstat counter, in /proc/vmstat's order, with its values. */
static json_t *results_counters(const struct machine *m)
{
	json_t *c = json_object();

	vmstat_walk(m, counter_to_json, c);
	return c;
}

json_t *report_json_order_array(const unsigned long v[MAX_ORDER])
{
	json_t *a = json_array();

	for (int order = 0; order < MAX_ORDER; order++)
		json_array_append_new(a, json_ulong(v[order]));
	return a;
}

/* The percentiles the latency reports show (the proactive-compaction patch's, and 99). */
static const unsigned int latency_pcts[] = { 5, 10, 25, 50, 75, 90, 95, 99 };

/*
 * Each order's allocation latency in simulated time: count, percentiles
 * (a bucket's lower bound: mm/latency_hist.h) and max, for the orders
 * that had allocations.
 */
static json_t *results_alloc_latency(const struct machine *m)
{
	json_t *a = json_array();

	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		const struct latency_hist *h = &m->stats.alloc_latency[order];
		json_t *o;

		if (!h->count)
			continue;
		o = json_pack("{s:i, s:I, s:I}", "order", (int)order, "count", (json_int_t)h->count,
			      "max", (json_int_t)h->max_ns);
		for (size_t i = 0; i < NR_ELEMS(latency_pcts); i++) {
			char key[8];

			snprintf(key, sizeof(key), "p%u", latency_pcts[i]);
			json_object_set_new(o, key,
					    json_ulong(latency_hist_percentile(h, latency_pcts[i])));
		}
		json_array_append_new(a, o);
	}
	return a;
}

/* The latency rows of the summary: orders whose allocations took simulated time. */
static void print_alloc_latency(FILE *f, const struct machine *m)
{
	bool header = false;

	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		const struct latency_hist *h = &m->stats.alloc_latency[order];

		if (!h->max_ns)
			continue;
		if (!header) {
			fprintf(f, "allocation latency, simulated us:");
			for (size_t i = 0; i < NR_ELEMS(latency_pcts); i++)
				fprintf(f, " %7s%u", "p", latency_pcts[i]);
			fprintf(f, "      max\n");
			header = true;
		}
		fprintf(f, "  order %2u (%9llu allocations)", order, (unsigned long long)h->count);
		for (size_t i = 0; i < NR_ELEMS(latency_pcts); i++)
			fprintf(f, " %8.1f", (double)latency_hist_percentile(h, latency_pcts[i]) / 1000);
		fprintf(f, " %8.1f\n", (double)h->max_ns / 1000);
	}
	if (header)
		fputc('\n', f);
}

/* Contiguous allocation: the kernel's answers (mm/page_alloc_contig.h). */
static json_t *results_contig(const struct mm_sim_stats *s)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}",
			 "pages_success", (json_int_t)s->contig_pages_success,
			 "pages_fail", (json_int_t)s->contig_pages_fail,
			 "range_success", (json_int_t)s->contig_range_success,
			 "range_fail", (json_int_t)s->contig_range_fail,
			 "test_pages_isolated_fail", (json_int_t)s->test_pages_isolated_fail);
}

/* {"Unmovable": n, ...} over the migratetypes of the machine's ABI. */
static json_t *json_type_counts(const struct machine *m, const unsigned long counts[MIGRATE_TYPES])
{
	json_t *o = json_object();

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (migratetype_in_abi(m, mt))
			json_object_set_new(o, migratetype_names[mt], json_ulong(counts[mt]));
	return o;
}

/*
 * The fallbacks (mm_page_alloc_extfrag events) by the type asked for and
 * the type whose free list served it: {"Unmovable": {"Movable": n, ...}, ...}
 * over the migratetypes of the machine's ABI.
 */
static json_t *results_fallbacks(const struct machine *m)
{
	json_t *o = json_object();

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (migratetype_in_abi(m, mt))
			json_object_set_new(o, migratetype_names[mt],
					    json_type_counts(m, m->stats.extfrag_by_type[mt]));
	return o;
}

static json_t *results_stats(const struct machine *m)
{
	const struct mm_sim_stats *s = &m->stats;

	return json_pack("{s:o, s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:o, s:I, s:I, s:I, s:o}",
			 "alloc_success", report_json_order_array(s->alloc_success),
			 "alloc_fail", report_json_order_array(s->alloc_fail),
			 "alloc_latency_ns", results_alloc_latency(m),
			 "extfrag_events", (json_int_t)s->extfrag_events,
			 "extfrag_fragmenting", (json_int_t)s->extfrag_fragmenting,
			 "extfrag_change_ownership", (json_int_t)s->extfrag_change_ownership,
			 "pageblock_steals", (json_int_t)s->pageblock_steals,
			 "alloc_type_mismatch", (json_int_t)s->alloc_type_mismatch,
			 "fallbacks", results_fallbacks(m),
			 "kswapd_wakeups", (json_int_t)s->kswapd_wakeups,
			 "kswapd_throttled", (json_int_t)s->kswapd_throttled,
			 "reclaim_throttled", (json_int_t)s->reclaim_throttled,
			 "contig", results_contig(s));
}

/*
 * The migrations and what they took: the counts (as /proc/vmstat's
 * pgmigrate_*), the folios and bytes moved, the clock time the cost
 * model charged (hw/migrate_cost.h), and the throughput that gives.
 */
static json_t *results_migration(const struct machine *m)
{
	const struct migrate_time *t = &m->migrate_time;

	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}",
			 "pgmigrate_success", (json_int_t)m->vm_events[PGMIGRATE_SUCCESS],
			 "pgmigrate_fail", (json_int_t)m->vm_events[PGMIGRATE_FAIL],
			 "folios", (json_int_t)t->folios, "bytes", (json_int_t)t->bytes,
			 "time_ns", (json_int_t)t->time_ns,
			 "throughput_mbps", (json_int_t)(t->time_ns ? t->bytes * 1000 / t->time_ns : 0));
}

/*
 * Swap (mm/swap.h): the slots, the page traffic and the device time, and
 * what migrate_pages through swap did (folios swapped out, those left and
 * why, the clock time the calls took).
 */
static json_t *results_swap(const struct machine *m)
{
	const struct swap_stats *s = &m->swap.stats;
	json_t *via = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}",
				"folios", (json_int_t)s->via_swap_folios,
				"refused_mlocked", (json_int_t)s->via_swap_refused_mlocked,
				"refused_pinned", (json_int_t)s->via_swap_refused_pinned,
				"refused_unswappable", (json_int_t)s->via_swap_refused_unswappable,
				"refused_noswap", (json_int_t)s->via_swap_refused_noswap,
				"time_ns", (json_int_t)s->via_swap_ns);

	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
			 "devices", (json_int_t)m->swap.nr_swapfiles,
			 "total_pages", (json_int_t)total_swap_pages(m),
			 "free_pages", (json_int_t)get_nr_swap_pages(m),
			 "pswpout", (json_int_t)m->vm_events[PSWPOUT],
			 "pswpin", (json_int_t)m->vm_events[PSWPIN],
			 "write_ns", (json_int_t)s->write_ns, "read_ns", (json_int_t)s->read_ns,
			 "read_wait_ns", (json_int_t)s->read_wait_ns,
			 "tag_waits", (json_int_t)s->tag_waits, "tag_wait_ns", (json_int_t)s->tag_wait_ns,
			 "via_swap", via);
}

/* Did the run have swap, or try migration through it? */
static bool results_has_swap(const struct machine *m)
{
	const struct swap_stats *s = &m->swap.stats;

	return m->swap.nr_swapfiles || s->via_swap_refused_noswap || s->via_swap_refused_mlocked ||
	       s->via_swap_refused_pinned || s->via_swap_refused_unswappable;
}

/* {"0": {"Unmovable": n, ...}, ..., "10": {...}}: the pagetypeinfo table. */
static json_t *zone_free_area(const struct machine *m, const struct zone *zone)
{
	json_t *fa = json_object();

	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		json_t *types = json_object();
		char key[8];

		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (migratetype_in_abi(m, mt))
				json_object_set_new(types, migratetype_names[mt],
						    json_ulong(free_list_length(m, zone, order, mt)));
		snprintf(key, sizeof(key), "%u", order);
		json_object_set_new(fa, key, types);
	}
	return fa;
}

static json_t *zone_pageblocks(const struct machine *m, const struct zone *zone)
{
	unsigned long counts[MIGRATE_TYPES];

	pageblock_type_counts(m, zone, counts);
	return json_type_counts(m, counts);
}

static json_t *zone_mixed_pageblocks(const struct machine *m, const struct zone *zone)
{
	unsigned long counts[MIGRATE_TYPES];

	pageblock_mixed_counts(m, zone, counts);
	return json_type_counts(m, counts);
}

/* An index per order, in the kernel's thousandths turned into a real. */
static json_t *zone_index_array(const struct zone *zone,
				int (*index)(const struct zone *, unsigned int))
{
	json_t *a = json_array();

	for (unsigned int order = 0; order < MAX_ORDER; order++)
		json_array_append_new(a, json_real(index(zone, order) / 1000.0));
	return a;
}

static json_t *results_zone(const struct machine *m, int nid, const struct zone *zone)
{
	json_t *wmarks = json_pack("{s:I, s:I, s:I, s:I}",
		"min", (json_int_t)zone->_watermark[WMARK_MIN],
		"low", (json_int_t)zone->_watermark[WMARK_LOW],
		"high", (json_int_t)zone->_watermark[WMARK_HIGH],
		"boost", (json_int_t)zone->watermark_boost);

	return json_pack("{s:i, s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
		"node", nid, "zone", zone_names[zone_idx(zone)],
		"start_pfn", (json_int_t)zone->zone_start_pfn,
		"managed", (json_int_t)zone->managed_pages,
		"present", (json_int_t)zone->present_pages,
		"spanned", (json_int_t)zone->spanned_pages,
		"free_pages", (json_int_t)zone_free_pages(zone),
		"watermarks", wmarks,
		"free_area", zone_free_area(m, zone),
		"pageblocks", zone_pageblocks(m, zone),
		"mixed_pageblocks", zone_mixed_pageblocks(m, zone),
		"unusable_index", zone_index_array(zone, unusable_free_index),
		"fragmentation_index", zone_index_array(zone, fragmentation_index));
}

/* Per snapshot: its name and the machine-wide numbers taken then. */
static json_t *results_snapshot_summary(const struct report_info *ri)
{
	json_t *a = json_array();

	for (size_t i = 0; i < ri->nr_snapshot_summary; i++) {
		const struct report_snapshot *snap = &ri->snapshot_summary[i];

		json_array_append_new(a, json_pack("{s:s, s:o, s:I, s:I, s:I, s:I, s:I}",
			"name", snap->name,
			"free_blocks", report_json_order_array(snap->free_blocks),
			"free_pages", (json_int_t)snap->free_pages,
			"mixed_pageblocks", (json_int_t)snap->mixed_pageblocks,
			"extfrag_events", (json_int_t)snap->extfrag_events,
			"extfrag_fragmenting", (json_int_t)snap->extfrag_fragmenting,
			"extfrag_change_ownership", (json_int_t)snap->extfrag_change_ownership));
	}
	return a;
}

/* One task: its resident pages by kind, its page tables, faults and SIGSEGVs. */
static json_t *results_task(const struct task_struct *t)
{
	static const long no_rss[NR_MM_COUNTERS];
	const long *rss = t->mm ? t->mm->rss_stat : no_rss;
	json_t *comm = json_string(t->comm);

	if (!comm)			/* not UTF-8: JSON cannot carry it */
		comm = json_string("");
	return json_pack("{s:i, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			 "pid", t->pid, "comm", comm,
			 "rss_anon", (json_int_t)rss[MM_ANONPAGES],
			 "rss_file", (json_int_t)rss[MM_FILEPAGES],
			 "rss_shmem", (json_int_t)rss[MM_SHMEMPAGES],
			 "pgtables_bytes", (json_int_t)(t->mm ? t->mm->pgtables_bytes : 0),
			 "min_flt", (json_int_t)t->min_flt, "maj_flt", (json_int_t)t->maj_flt,
			 "segv", (json_int_t)t->nr_segv);
}

/* The live tasks by pid, and the machine's totals of what processes did. */
static json_t *results_processes(const struct machine *m)
{
	const struct mm_proc_stats *ps = &m->proc_stats;
	json_t *tasks = json_array(), *misplaced = json_array();

	for (size_t i = 0; i < m->procs.nr_tasks; i++)
		json_array_append_new(tasks, results_task(m->procs.tasks[i]));
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		json_array_append_new(misplaced, json_integer((json_int_t)ps->numa_misplaced[nid]));
	return json_pack("{s:I, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
			 "tasks", (json_int_t)m->procs.nr_tasks, "task", tasks,
			 "segv", (json_int_t)ps->segv, "sigbus", (json_int_t)ps->sigbus,
			 "fault_oom", (json_int_t)ps->fault_oom,
			 "migration_entry_waits", (json_int_t)ps->migration_entry_waits,
			 "cow_copies", (json_int_t)ps->cow_copies,
			 "cow_reuses", (json_int_t)ps->cow_reuses,
			 "pins", (json_int_t)ps->pins,
			 "pins_longterm", (json_int_t)ps->pins_longterm,
			 "numa_misplaced", misplaced);
}

/* {"0": n, "1": n, "-EFAULT": n, ..., "unset": n}: the statuses that occurred. */
static json_t *move_pages_statuses(const struct numa_call *c)
{
	json_t *o = json_object();
	char key[16];

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!c->on_node[nid])
			continue;
		snprintf(key, sizeof(key), "%d", nid);
		json_object_set_new(o, key, json_ulong(c->on_node[nid]));
	}
	for (int k = 0; k < NR_NUMA_STATUS; k++)
		if (c->errors[k])
			json_object_set_new(o, numa_status_names[k], json_ulong(c->errors[k]));
	if (c->unset)
		json_object_set_new(o, "unset", json_ulong(c->unset));
	return o;
}

static json_t *json_nodelist(const nodemask_t *mask)
{
	char list[192];

	nodelist_format(list, sizeof(list), mask);
	return json_string(list);
}

/* One named call: move_pages's entries, target and statuses, or migrate_pages's masks. */
static json_t *results_numa_call(const struct numa_call *c)
{
	if (!c->move_pages)
		return json_pack("{s:o, s:o, s:b, s:I}", "from", json_nodelist(&c->from),
				 "to", json_nodelist(&c->to), "all", c->all,
				 "return", (json_int_t)c->ret);
	return json_pack("{s:I, s:o, s:b, s:I, s:o}", "pages", (json_int_t)c->nr_pages,
			 "node", c->node == NUMA_NO_NODE ? json_null() : json_integer(c->node),
			 "all", c->all, "return", (json_int_t)c->ret,
			 "status", move_pages_statuses(c));
}

/* The named calls of one verb, by id in call order. */
static json_t *results_numa_calls(const struct report_info *ri, bool move_pages)
{
	json_t *o = json_object();

	for (size_t i = 0; i < ri->nr_numa_calls; i++) {
		const struct numa_call *c = &ri->numa_calls[i];

		if (c->move_pages == move_pages)
			json_object_set_new(o, c->id, results_numa_call(c));
	}
	return o;
}

/* The kernel object caches: what the trace's slab users did (mm/slab.h). */
static json_t *results_slab(const struct machine *m)
{
	const struct slab_sim_stats *st = &m->slab->stats;

	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			 "objects", (json_int_t)m->slab->nr_live,
			 "alloc_fail", (json_int_t)st->alloc_fail,
			 "large_alloc_fail", (json_int_t)st->large_alloc_fail,
			 "reclaimed", (json_int_t)st->reclaimed,
			 "freed_after_reclaim", (json_int_t)st->freed_after_reclaim,
			 "slabs_allocated", (json_int_t)st->slabs_allocated,
			 "slabs_freed", (json_int_t)st->slabs_freed);
}

static bool results_has_memory_hotplug(const struct machine *m)
{
	const struct memory_hotplug_stats *s = &m->hotplug->stats;

	return s->online_ok || s->online_refused || s->offline_ok || s->offline_refused ||
	       s->added || s->removed || s->remove_refused;
}

/* The summary's line of memory hotplug, the kernel's refusals included. */
static void print_memory_hotplug(FILE *f, const struct machine *m)
{
	const struct memory_hotplug_stats *s = &m->hotplug->stats;

	fprintf(f, "memory hotplug: %lu blocks onlined (%lu refused), %lu offlined (%lu refused), "
		"%lu added, %lu removed (%lu refused)\n\n", s->online_ok, s->online_refused,
		s->offline_ok, s->offline_refused, s->added, s->removed, s->remove_refused);
}

/* What memory hotplug did; the kernel's refusals are answers, counted here. */
static json_t *results_memory_hotplug(const struct machine *m)
{
	const struct memory_hotplug_stats *s = &m->hotplug->stats;

	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			 "online", (json_int_t)s->online_ok,
			 "online_refused", (json_int_t)s->online_refused,
			 "offline", (json_int_t)s->offline_ok,
			 "offline_refused", (json_int_t)s->offline_refused,
			 "notifier_refused", (json_int_t)s->notifier_refused,
			 "added", (json_int_t)s->added, "removed", (json_int_t)s->removed,
			 "remove_refused", (json_int_t)s->remove_refused);
}

static json_t *results_json(const struct machine *m, const struct report_info *ri)
{
	json_t *zones = json_array(), *snaps = json_array(), *root, *rest;
	const struct zone *zone;

	for_each_report_zone(m, nid, zidx, zone)
		json_array_append_new(zones, results_zone(m, nid, zone));
	for (size_t i = 0; i < ri->nr_snapshots; i++)
		json_array_append_new(snaps, json_string(ri->snapshot_names[i]));
	root = json_pack("{s:o, s:o}", "numasim", results_header(ri),
			 "machine", results_machine(m));
	rest = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "events", (json_int_t)ri->nr_events,
			 "counters", results_counters(m), "stats", results_stats(m),
			 "migration", results_migration(m),
			 "zones", zones, "snapshots", snaps,
			 "snapshot_summary", results_snapshot_summary(ri),
			 "processes", results_processes(m),
			 "move_pages", results_numa_calls(ri, true),
			 "migrate_pages", results_numa_calls(ri, false));

	if (rest) {
		json_object_set_new(rest, "oom", report_oom_json(m, ri->oom_skipped_events));
		json_object_set_new(rest, "slab", results_slab(m));
		if (results_has_memory_hotplug(m))
			json_object_set_new(rest, "memory_hotplug", results_memory_hotplug(m));
		if (results_has_swap(m))
			json_object_set_new(rest, "swap", results_swap(m));
		if (m->cma)
			json_object_set_new(rest, "cma", report_cma_json(m));
	}
	/* A traced kernel's records: the comparison, or what following them did. */
	if (rest && ri->follow)
		json_object_set_new(rest, "follow", report_follow_json(m));
	else if (rest && ri->traced && ri->traced->present)
		json_object_set_new(rest, "comparison", report_comparison_json(m, ri->traced));
	/* Last: what a comparison of policies reads (sim/metrics.h). */
	if (rest)
		json_object_set_new(rest, "metrics", metrics_json(m));

	/* "init_from" goes between "machine" and "events". */
	if (root && ri->init_from)
		json_object_set_new(root, "init_from", init_from_json(ri->init_from));
	if (!root || !rest || json_object_update(root, rest)) {
		json_decref(root);
		root = NULL;
	}
	json_decref(rest);
	return root;
}

int report_write_results(struct output *o, const struct machine *m,
			 const struct report_info *ri, char *err, size_t errlen)
{
	json_t *root = results_json(m, ri);
	FILE *f;
	int ret;

	if (!root) {
		snprintf(err, errlen, "numasim: results.json: out of memory");
		return -1;
	}
	f = output_create(o, "results.json", err, errlen);
	if (!f) {
		json_decref(root);
		return -1;
	}
	ret = json_dumpf(root, f, JSON_FLAGS);
	fputc('\n', f);
	json_decref(root);
	if (output_fclose(f, "results.json", err, errlen) != 0)
		return -1;
	if (ret != 0) {
		snprintf(err, errlen, "numasim: results.json: write error");
		return -1;
	}
	return 0;
}

/* ---- snapshots ---- */

static const struct {
	const char *file;
	void (*show)(FILE *f, const struct machine *m);
} snapshot_views[] = {
	{ "buddyinfo", procfs_buddyinfo },
	{ "pagetypeinfo", procfs_pagetypeinfo },
	{ "vmstat", procfs_vmstat },
	{ "zoneinfo", procfs_zoneinfo },
	{ "extfrag_index", procfs_extfrag_index },
	{ "unusable_index", procfs_unusable_index },
	{ "meminfo", procfs_meminfo },
	{ "slabinfo", procfs_slabinfo },
	{ "memory_blocks.txt", sysfs_memory_blocks_digest },
	{ "sysfs_memory", sysfs_memory_tree },
	{ "pageblocks", snapshot_pageblocks },
};

/* snapshots/NAME/PID/numa_maps and shorter: snapshot names have at most 64 bytes. */
#define SNAPSHOT_REL_MAX	160

/*
 * Write snapshots/NAME/FILE with show(f, m, arg): arg is the node of a
 * node meminfo, the index in m->procs.tasks of a numa_maps.
 */
static int snapshot_write(struct report_run *rr, const char *rel, const struct machine *m,
			  void (*show)(FILE *f, const struct machine *m, int arg), int arg,
			  char *err, size_t errlen)
{
	FILE *f = output_create(rr->out, rel, err, errlen);

	if (!f)
		return -1;
	show(f, m, arg);
	return output_fclose(f, rel, err, errlen);
}

static void show_view(FILE *f, const struct machine *m, int i)
{
	snapshot_views[i].show(f, m);
}

/* /proc/swaps, in the snapshots of a machine with swap. */
static void show_swaps(FILE *f, const struct machine *m, int unused)
{
	(void)unused;
	procfs_swaps(f, m);
}

/* The per-task files of a snapshot: PID/FILE. */
static const struct {
	const char *file;
	void (*show)(FILE *f, const struct machine *m, const struct task_struct *t);
} task_views[] = {
	{ "numa_maps", procfs_numa_maps },
	{ "oom_score", procfs_oom_score },
	{ "oom_score_adj", procfs_oom_score_adj },
};

/* arg: the task's index in m->procs.tasks times the number of views, plus the view's. */
static void show_task_view(FILE *f, const struct machine *m, int arg)
{
	int nr_views = (int)(sizeof(task_views) / sizeof(task_views[0]));

	task_views[arg % nr_views].show(f, m, m->procs.tasks[arg / nr_views]);
}

/* The machine views, one nodeN.meminfo per node, PID/numa_maps, oom_score, oom_score_adj per task. */
static int snapshot_write_all(struct report_run *rr, const char *name, const struct machine *m,
			      char *err, size_t errlen)
{
	char rel[SNAPSHOT_REL_MAX];

	for (size_t i = 0; i < sizeof(snapshot_views) / sizeof(snapshot_views[0]); i++) {
		snprintf(rel, sizeof(rel), "snapshots/%s/%s", name, snapshot_views[i].file);
		if (snapshot_write(rr, rel, m, show_view, (int)i, err, errlen))
			return -1;
	}
	snprintf(rel, sizeof(rel), "snapshots/%s/swaps", name);
	if (m->swap.nr_swapfiles && snapshot_write(rr, rel, m, show_swaps, 0, err, errlen))
		return -1;
	for_each_online_node(m, nid) {
		snprintf(rel, sizeof(rel), "snapshots/%s/node%d.meminfo", name, nid);
		if (NODE_DATA(m, nid) &&
		    snapshot_write(rr, rel, m, procfs_node_meminfo, nid, err, errlen))
			return -1;
	}
	for (size_t i = 0; i < m->procs.nr_tasks; i++) {
		for (size_t v = 0; v < sizeof(task_views) / sizeof(task_views[0]); v++) {
			int arg = (int)(i * (sizeof(task_views) / sizeof(task_views[0])) + v);

			snprintf(rel, sizeof(rel), "snapshots/%s/%d/%s", name,
				 m->procs.tasks[i]->pid, task_views[v].file);
			if (snapshot_write(rr, rel, m, show_task_view, arg, err, errlen))
				return -1;
		}
	}
	return 0;
}

int report_snapshot(void *ctx, const char *name, const struct machine *m,
		    char *err, size_t errlen)
{
	struct report_run *rr = ctx;

	if (snapshot_write_all(rr, name, m, err, errlen))
		return -1;
	if (snapshot_remember(rr, name, m) != 0) {
		snprintf(err, errlen, "numasim: out of memory");
		return -1;
	}
	return 0;
}

/* ---- the layout of OUTDIR, for sim/output.c ---- */

/* The number of decimal digits s starts with. */
static size_t digits_len(const char *s)
{
	return strspn(s, "0123456789");
}

bool report_snapshot_file(const char *relpath)
{
	static const char dir[] = "snapshots/";
	const char *name_end, *rest;
	size_t n;

	if (strncmp(relpath, dir, sizeof(dir) - 1) != 0)
		return false;
	name_end = strchr(relpath + sizeof(dir) - 1, '/');
	if (!name_end)
		return false;	/* a snapshot's folder: kept unless this run took it */
	rest = name_end + 1;
	for (size_t i = 0; i < sizeof(snapshot_views) / sizeof(snapshot_views[0]); i++)
		if (!strcmp(rest, snapshot_views[i].file))
			return true;
	if (!strncmp(rest, "node", 4) && (n = digits_len(rest + 4)) &&
	    !strcmp(rest + 4 + n, ".meminfo"))
		return true;
	n = digits_len(rest);
	return n && (!rest[n] || !strcmp(rest + n, "/numa_maps"));
}

static const struct output_entry outdir_entries[] = {
	{ "results.json", "results", false },
	{ "snapshots", "snapshots", true },
	{ REPORT_TIMESERIES_FILE, "timeseries", false },	/* last: only with samples */
};

void report_output_spec(struct output_spec *spec, const char *outdir, bool timeseries)
{
	memset(spec, 0, sizeof(*spec));
	spec->dir = outdir;
	spec->entries = outdir_entries;
	spec->nr_entries = sizeof(outdir_entries) / sizeof(outdir_entries[0]) - !timeseries;
	spec->ours = report_snapshot_file;
}

/* ---- the summary table ---- */

void report_order_row(FILE *f, const char *label, const unsigned long v[MAX_ORDER])
{
	fprintf(f, "  %-14s", label);
	for (int order = 0; order < MAX_ORDER; order++)
		fprintf(f, " %8lu", v[order]);
	fputc('\n', f);
}

void report_order_header(FILE *f, const char *label)
{
	fprintf(f, "%-16s", label);
	for (int order = 0; order < MAX_ORDER; order++)
		fprintf(f, " %8d", order);
	fputc('\n', f);
}

/* "  LABEL: Unmovable n Movable n ...", over the machine's ABI types. */
static void print_type_counts(FILE *f, const struct machine *m, const char *label,
			      const unsigned long counts[MIGRATE_TYPES])
{
	fprintf(f, "  %s", label);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (migratetype_in_abi(m, mt))
			fprintf(f, " %s %lu", migratetype_names[mt], counts[mt]);
	fputc('\n', f);
}

static void print_zone(FILE *f, const struct machine *m, int nid, const struct zone *zone)
{
	unsigned long blocks[MAX_ORDER], counts[MIGRATE_TYPES];
	unsigned int pb_order = m->pageblock_order;

	fprintf(f, "Node %d, zone %8s: free %lu pages, watermarks min %lu low %lu high %lu boost %lu\n",
		nid, zone_names[zone_idx(zone)], zone_free_pages(zone),
		zone->_watermark[WMARK_MIN], zone->_watermark[WMARK_LOW],
		zone->_watermark[WMARK_HIGH], zone->watermark_boost);
	for (int order = 0; order < MAX_ORDER; order++)
		blocks[order] = zone->free_area[order].nr_free;
	report_order_row(f, "free blocks", blocks);
	pageblock_type_counts(m, zone, counts);
	print_type_counts(f, m, "pageblocks:      ", counts);
	pageblock_mixed_counts(m, zone, counts);
	print_type_counts(f, m, "mixed pageblocks:", counts);
	fprintf(f, "  order-%u indices: unusable ", pb_order);
	print_index(f, unusable_free_index(zone, pb_order));
	fprintf(f, ", fragmentation ");
	print_index(f, fragmentation_index(zone, pb_order));
	fputc('\n', f);
}

/*
 * One row per snapshot: its name, the machine's free blocks per order, the
 * free pages and the mixed pageblocks, so the drift of free memory toward
 * low orders reads top to bottom.
 */
static void print_snapshot_table(FILE *f, const struct report_info *ri)
{
	int width = (int)strlen("snapshot");

	if (!ri->nr_snapshot_summary)
		return;
	for (size_t i = 0; i < ri->nr_snapshot_summary; i++)
		if ((int)strlen(ri->snapshot_summary[i].name) > width)
			width = (int)strlen(ri->snapshot_summary[i].name);
	fprintf(f, "\nfree blocks by order at each snapshot\n  %-*s", width, "snapshot");
	for (int order = 0; order < MAX_ORDER; order++)
		fprintf(f, " %8d", order);
	fprintf(f, " %10s %8s\n", "free pages", "mixed");
	for (size_t i = 0; i < ri->nr_snapshot_summary; i++) {
		const struct report_snapshot *snap = &ri->snapshot_summary[i];

		fprintf(f, "  %-*s", width, snap->name);
		for (int order = 0; order < MAX_ORDER; order++)
			fprintf(f, " %8lu", snap->free_blocks[order]);
		fprintf(f, " %10lu %8lu\n", snap->free_pages, snap->mixed_pageblocks);
	}
}

/* Did the run have processes: a task alive, or one that faulted and left? */
static bool machine_ran_processes(const struct machine *m)
{
	const struct mm_proc_stats *ps = &m->proc_stats;

	return m->procs.nr_tasks || m->vm_events[PGFAULT] || ps->segv || ps->sigbus ||
	       ps->cow_copies || ps->cow_reuses || ps->pins || ps->pins_longterm;
}

/* One line per total: the live tasks' memory, the faults, CoW and pins. */
static void print_processes(FILE *f, const struct machine *m)
{
	const struct mm_proc_stats *ps = &m->proc_stats;
	long rss[NR_MM_COUNTERS] = { 0 };
	unsigned long pgtables_bytes = 0;

	for (size_t i = 0; i < m->procs.nr_tasks; i++) {
		const struct mm_struct *mm = m->procs.tasks[i]->mm;

		for (int c = 0; mm && c < NR_MM_COUNTERS; c++)
			rss[c] += mm->rss_stat[c];
		pgtables_bytes += mm ? mm->pgtables_bytes : 0;
	}
	fprintf(f, "processes: %zu task%s, resident %ld anon + %ld file + %ld shmem pages, "
		"page tables %lu KiB\n", m->procs.nr_tasks, m->procs.nr_tasks == 1 ? "" : "s",
		rss[MM_ANONPAGES], rss[MM_FILEPAGES], rss[MM_SHMEMPAGES], pgtables_bytes >> 10);
	fprintf(f, "faults: %lu (major %lu), SIGSEGV %lu, SIGBUS %lu, out of memory %lu, "
		"migration entry waits %lu\n", m->vm_events[PGFAULT], m->vm_events[PGMAJFAULT],
		ps->segv, ps->sigbus, ps->fault_oom, ps->migration_entry_waits);
	fprintf(f, "copy-on-write: copied %lu, reused %lu; pins %lu, long-term pins %lu\n\n",
		ps->cow_copies, ps->cow_reuses, ps->pins, ps->pins_longterm);
}

void report_print_summary(FILE *f, const struct machine *m, const struct report_info *ri)
{
	const struct mm_sim_stats *s = &m->stats;
	const struct zone *zone;

	fprintf(f, "numasim %s: profile %s, seed %llu\n", ri->version, ri->profile,
		(unsigned long long)ri->seed);
	fprintf(f, "machine: %u node%s, %llu MiB, %u CPU%s\n", m->nr_node_ids,
		m->nr_node_ids == 1 ? "" : "s",
		(unsigned long long)(machine_present_pages(m) * PAGE_SIZE >> 20), m->nr_cpus,
		m->nr_cpus == 1 ? "" : "s");
	fprintf(f, "events replayed: %lu\n\n", ri->nr_events);
	if (ri->init_from)
		init_from_print(f, ri->init_from);
	report_order_header(f, "allocations");
	report_order_row(f, "ok", s->alloc_success);
	report_order_row(f, "failed", s->alloc_fail);
	fprintf(f, "\nfallbacks (extfrag): %lu, fragmenting %lu, change_ownership %lu\n",
		s->extfrag_events, s->extfrag_fragmenting, s->extfrag_change_ownership);
	fprintf(f, "pageblock steals: %lu, kswapd wakeups: %lu\n\n", s->pageblock_steals,
		s->kswapd_wakeups);
	if (s->contig_pages_success || s->contig_pages_fail || s->contig_range_success ||
	    s->contig_range_fail)
		fprintf(f, "contiguous allocations: %lu ok, %lu failed (ranges tried: %lu ok, "
			"%lu failed)\n\n", s->contig_pages_success, s->contig_pages_fail,
			s->contig_range_success, s->contig_range_fail);
	print_alloc_latency(f, m);
	report_cma_print(f, m);
	if (ri->follow)
		report_follow_print(f, m);
	else if (ri->traced && ri->traced->present)
		report_comparison_print(f, m, ri->traced);
	if (machine_ran_processes(m))
		print_processes(f, m);
	report_oom_print(f, m, ri->oom_skipped_events);
	if (results_has_memory_hotplug(m))
		print_memory_hotplug(f, m);
	report_order_header(f, "zones");
	for_each_report_zone(m, nid, zidx, zone)
		print_zone(f, m, nid, zone);
	print_snapshot_table(f, ri);
}
