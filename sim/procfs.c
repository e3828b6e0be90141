/*
 * sim/procfs.c - the kernel's /proc and debugfs text views of a machine:
 * buddyinfo, pagetypeinfo, zoneinfo, vmstat, extfrag/extfrag_index and
 * extfrag/unusable_index, byte for byte in Linux 6.1's layout (checked
 * against the reference kernel recordings in tests/data/oracle).
 *
 * Layout rules worth knowing before reading the code:
 *   - buddyinfo, pagetypeinfo and the debugfs files show populated zones
 *     only; zoneinfo shows every zone of every node, and an unpopulated
 *     zone stops after its "protection:" line.
 *   - pagetypeinfo has one column per migratetype of the kernel's ABI:
 *     without CONFIG_CMA there is no CMA column (5 types, not 6).
 *   - Many lines end in a space (every "%6lu " column); that is the kernel's.
 *   - Node stats appear in zoneinfo once per node, inside the node's first
 *     populated zone.
 * The views only read the machine.  The few numbers the kernel computes at
 * print time or keeps outside struct zone (the per-CPU vmstat threshold, the
 * dirty limits and the reserve they use) are derived here with the kernel's
 * formulas; everything the allocator owns (watermarks, lowmem_reserve, pcp
 * high and batch) is printed as found.
 *
 * Linux counterpart: mm/vmstat.c (frag_show, pagetypeinfo_show,
 * zoneinfo_show, vmstat_show, extfrag_show, unusable_show), v6.1.
 */
#include "sim/procfs.h"

#include "mm/internal.h"
#include "mm/vmstat.h"
#include "mm/writeback.h"

/* The kernel caps a pagetypeinfo free-list walk at this many blocks. */
#define PAGETYPEINFO_WALK_CAP	100000ul

/* The boot pageset a zone without per-CPU lists points at (Linux: boot_pageset). */
#define BOOT_PAGESET_HIGH	0
#define BOOT_PAGESET_BATCH	1

#define WRITEBACK_STAT_ITEM(e, s) e,
enum writeback_stat_item {
#include "mm/vmstat_items.h"
	NR_VM_WRITEBACK_STAT_ITEMS
};
#undef WRITEBACK_STAT_ITEM

#define WRITEBACK_STAT_ITEM(e, s) [e] = s,
static const char *const writeback_stat_names[NR_VM_WRITEBACK_STAT_ITEMS] = {
#include "mm/vmstat_items.h"
};
#undef WRITEBACK_STAT_ITEM

typedef void (*zone_print_fn)(FILE *f, const struct machine *m, const pg_data_t *pgdat,
			      const struct zone *zone);

/* Linux: walk_zones_in_node(), mm/vmstat.c */
static void walk_zones_in_node(FILE *f, const struct machine *m, const pg_data_t *pgdat,
			       bool populated_only, zone_print_fn print)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		const struct zone *zone = &pgdat->node_zones[zid];

		if (populated_only && !populated_zone(zone))
			continue;
		print(f, m, pgdat, zone);
	}
}

/* Every online node in turn, as the kernel's frag_start/frag_next do. */
static void walk_zones(FILE *f, const struct machine *m, bool populated_only, zone_print_fn print)
{
	for_each_online_node(m, nid) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		if (pgdat)
			walk_zones_in_node(f, m, pgdat, populated_only, print);
	}
}

static const char *zone_name(const struct zone *zone)
{
	return zone_names[zone_idx(zone)];
}

/* Linux: node_state(nid, N_MEMORY): the node has present memory. */
static bool node_has_memory(const pg_data_t *pgdat)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (populated_zone(&pgdat->node_zones[zid]))
			return true;
	return false;
}

/* ---- /proc/buddyinfo ------------------------------------------------------- */

/* Linux: frag_show_print(), mm/vmstat.c */
static void buddyinfo_zone(FILE *f, const struct machine *m, const pg_data_t *pgdat,
			   const struct zone *zone)
{
	fprintf(f, "Node %d, zone %8s ", pgdat->node_id, zone_name(zone));
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		fprintf(f, "%6lu ", zone->free_area[order].nr_free);
	fputc('\n', f);
}

void procfs_buddyinfo(FILE *f, const struct machine *m)
{
	walk_zones(f, m, true, buddyinfo_zone);
}

/* ---- /proc/pagetypeinfo ---------------------------------------------------- */

/* Linux: pagetypeinfo_showfree_print(), mm/vmstat.c */
static void pagetypeinfo_free_zone(FILE *f, const struct machine *m, const pg_data_t *pgdat,
				   const struct zone *zone)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		if (!migratetype_in_abi(m, mt))
			continue;
		fprintf(f, "Node %4d, zone %8s, type %12s ", pgdat->node_id, zone_name(zone),
			migratetype_names[mt]);
		for (unsigned int order = 0; order < MAX_ORDER; order++) {
			bool overflow;
			unsigned long nr_blocks = free_list_length_capped(m, zone, order, mt,
								 PAGETYPEINFO_WALK_CAP,
								 &overflow);

			fprintf(f, "%s%6lu ", overflow ? ">" : "", nr_blocks);
		}
		fputc('\n', f);
	}
}

/* Linux: pagetypeinfo_showblockcount_print(), mm/vmstat.c */
static void pagetypeinfo_blocks_zone(FILE *f, const struct machine *m, const pg_data_t *pgdat,
				     const struct zone *zone)
{
	unsigned long counts[MIGRATE_TYPES];

	pageblock_type_counts(m, zone, counts);
	fprintf(f, "Node %d, zone %8s ", pgdat->node_id, zone_name(zone));
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (migratetype_in_abi(m, mt))
			fprintf(f, "%12lu ", counts[mt]);
	fputc('\n', f);
}

/* Linux: pagetypeinfo_show(), mm/vmstat.c (no page_owner: no mixed-block table) */
static void pagetypeinfo_node(FILE *f, const struct machine *m, const pg_data_t *pgdat)
{
	fprintf(f, "Page block order: %u\n", m->pageblock_order);
	fprintf(f, "Pages per block:  %lu\n", pageblock_nr_pages(m));
	fputc('\n', f);

	fprintf(f, "%-43s ", "Free pages count per migrate type at order");
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		fprintf(f, "%6u ", order);
	fputc('\n', f);
	walk_zones_in_node(f, m, pgdat, true, pagetypeinfo_free_zone);

	fprintf(f, "\n%-23s", "Number of blocks type ");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (migratetype_in_abi(m, mt))
			fprintf(f, "%12s ", migratetype_names[mt]);
	fputc('\n', f);
	walk_zones_in_node(f, m, pgdat, true, pagetypeinfo_blocks_zone);
}

void procfs_pagetypeinfo(FILE *f, const struct machine *m)
{
	for_each_online_node(m, nid) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		if (pgdat && node_has_memory(pgdat))
			pagetypeinfo_node(f, m, pgdat);
	}
}

/* ---- /proc/zoneinfo -------------------------------------------------------- */

/* Linux: vmstat_item_print_in_thp(), include/linux/vmstat.h */
static bool node_stat_print_in_thp(enum node_stat_item item)
{
	return item == NR_ANON_THPS || item == NR_FILE_THPS || item == NR_SHMEM_THPS ||
	       item == NR_SHMEM_PMDMAPPED || item == NR_FILE_PMDMAPPED;
}

static unsigned long node_stat_shown(enum node_stat_item item, long pages)
{
	unsigned long value = pages < 0 ? 0 : (unsigned long)pages;

	return node_stat_print_in_thp(item) ? value / HPAGE_PMD_NR : value;
}

/* Linux: is_zone_first_populated(), mm/vmstat.c */
static bool zone_is_first_populated(const pg_data_t *pgdat, const struct zone *zone)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (populated_zone(&pgdat->node_zones[zid]))
			return zone == &pgdat->node_zones[zid];
	return false;
}

static void zoneinfo_node_stats(FILE *f, const pg_data_t *pgdat)
{
	fprintf(f, "\n  per-node stats");
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		fprintf(f, "\n      %-12s %lu", node_stat_names[i],
			node_stat_shown((enum node_stat_item)i, pgdat->vm_stat[i]));
}

/* "pages free" down to "protection:", printed for every zone. */
static void zoneinfo_zone_sizes(FILE *f, const struct zone *zone)
{
	fprintf(f,
		"\n  pages free     %lu"
		"\n        boost    %lu"
		"\n        min      %lu"
		"\n        low      %lu"
		"\n        high     %lu"
		"\n        spanned  %lu"
		"\n        present  %lu"
		"\n        managed  %lu"
		"\n        cma      %lu",
		zone_page_state(zone, NR_FREE_PAGES), zone->watermark_boost,
		min_wmark_pages(zone), low_wmark_pages(zone), high_wmark_pages(zone),
		zone->spanned_pages, zone->present_pages, zone->managed_pages, zone->cma_pages);
	fprintf(f, "\n        protection: (%ld", zone->lowmem_reserve[0]);
	for (int zid = 1; zid < MAX_NR_ZONES; zid++)
		fprintf(f, ", %ld", zone->lowmem_reserve[zid]);
	fputc(')', f);
}

static void zoneinfo_zone_stats(FILE *f, const struct zone *zone)
{
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		fprintf(f, "\n      %-12s %lu", zone_stat_names[i],
			zone_page_state(zone, (enum zone_stat_item)i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		fprintf(f, "\n      %-12s %lu", numa_stat_names[i], zone->vm_numa_event[i]);
}

static void zoneinfo_pagesets(FILE *f, const struct machine *m, const struct zone *zone)
{
	int threshold = calculate_normal_threshold(m, zone);

	fprintf(f, "\n  pagesets");
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
		const struct per_cpu_pages *pcp =
			zone->per_cpu_pageset ? &zone->per_cpu_pageset[cpu] : NULL;

		fprintf(f,
			"\n    cpu: %u"
			"\n              count: %d"
			"\n              high:  %d"
			"\n              batch: %d",
			cpu, pcp ? pcp->count : 0, pcp ? pcp->high : BOOT_PAGESET_HIGH,
			pcp ? pcp->batch : BOOT_PAGESET_BATCH);
		fprintf(f, "\n  vm stats threshold: %d", threshold);
	}
}

/*
 * Linux: zoneinfo_show_print(), mm/vmstat.c.  node_unreclaimable is 0: the
 * model's kswapd never gives up on a node (no kswapd_failures).
 */
static void zoneinfo_zone(FILE *f, const struct machine *m, const pg_data_t *pgdat,
			  const struct zone *zone)
{
	fprintf(f, "Node %d, zone %8s", pgdat->node_id, zone_name(zone));
	if (zone_is_first_populated(pgdat, zone))
		zoneinfo_node_stats(f, pgdat);
	zoneinfo_zone_sizes(f, zone);
	if (!populated_zone(zone)) {
		fputc('\n', f);
		return;
	}
	zoneinfo_zone_stats(f, zone);
	zoneinfo_pagesets(f, m, zone);
	fprintf(f,
		"\n  node_unreclaimable:  %u"
		"\n  start_pfn:           %lu",
		0u, (unsigned long)zone->zone_start_pfn);
	fputc('\n', f);
}

void procfs_zoneinfo(FILE *f, const struct machine *m)
{
	walk_zones(f, m, false, zoneinfo_zone);
}

/* ---- /proc/vmstat ---------------------------------------------------------- */

static void vmstat_line(FILE *f, const char *name, unsigned long value)
{
	fprintf(f, "%s %lu\n", name, value);
}

/* Linux: vmstat_start() + vmstat_show(), mm/vmstat.c */
void procfs_vmstat(FILE *f, const struct machine *m)
{
	unsigned long limits[NR_VM_WRITEBACK_STAT_ITEMS];

	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		vmstat_line(f, zone_stat_names[i], global_zone_page_state(m, (enum zone_stat_item)i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		vmstat_line(f, numa_stat_names[i], global_numa_event_state(m, (enum numa_stat_item)i));
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		vmstat_line(f, node_stat_names[i],
			    node_stat_shown((enum node_stat_item)i,
					    (long)global_node_page_state(m, (enum node_stat_item)i)));

	global_dirty_limits(m, &limits[NR_DIRTY_BACKGROUND_THRESHOLD], &limits[NR_DIRTY_THRESHOLD]);
	for (int i = 0; i < NR_VM_WRITEBACK_STAT_ITEMS; i++)
		vmstat_line(f, writeback_stat_names[i], limits[i]);

	/* pgpgin/pgpgout are counted in 512-byte sectors and shown in KiB. */
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++) {
		unsigned long v = m->vm_events[i];

		vmstat_line(f, vm_event_names[i], i == PGPGIN || i == PGPGOUT ? v / 2 : v);
	}

	/* Deprecated counters the kernel still prints, always 0. */
#define LEGACY_STAT_ITEM(e, s) vmstat_line(f, s, 0);
#include "mm/vmstat_items.h"
#undef LEGACY_STAT_ITEM
}

/* ---- debugfs extfrag/ ------------------------------------------------------ */

/* Linux: unusable_show_print(), mm/vmstat.c */
static void unusable_index_zone(FILE *f, const struct machine *m, const pg_data_t *pgdat,
				const struct zone *zone)
{
	fprintf(f, "Node %d, zone %8s ", pgdat->node_id, zone_name(zone));
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		int index = unusable_free_index(zone, order);

		fprintf(f, "%d.%03d ", index / 1000, index % 1000);
	}
	fputc('\n', f);
}

/*
 * Linux: extfrag_show_print(), mm/vmstat.c.  The value is split with C's
 * truncating division, so -1000 prints "-1.000".
 */
static void extfrag_index_zone(FILE *f, const struct machine *m, const pg_data_t *pgdat,
			       const struct zone *zone)
{
	fprintf(f, "Node %d, zone %8s ", pgdat->node_id, zone_name(zone));
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		int index = fragmentation_index(zone, order);

		fprintf(f, "%2d.%03d ", index / 1000, index % 1000);
	}
	fputc('\n', f);
}

void procfs_unusable_index(FILE *f, const struct machine *m)
{
	walk_zones(f, m, true, unusable_index_zone);
}

void procfs_extfrag_index(FILE *f, const struct machine *m)
{
	walk_zones(f, m, true, extfrag_index_zone);
}
