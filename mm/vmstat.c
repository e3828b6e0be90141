/*
 * mm/vmstat.c - the numbers behind the /proc and debugfs views: counter
 * names, machine-wide sums, free-list and pageblock census, and the
 * fragmentation indices compaction and the debugfs files use.
 *
 * Everything here only reads the machine.  The names come from the X-macro
 * table mm/vmstat_items.h, so they cannot drift from the enums.  The text
 * layouts are sim/procfs.c's business.
 *
 * Fragmentation indices, as the kernel defines them (integer arithmetic,
 * truncating at every step), for a zone whose free blocks are summarised by
 * fill_contig_page_info() at a requested order O (2^O pages):
 *   free_pages       all free base pages, sum of nr_free[o] << o;
 *   blocks_total     all free blocks, sum of nr_free[o];
 *   blocks_suitable  free blocks of size 2^O the zone could hand out,
 *                    sum over o >= O of nr_free[o] << (o - O).
 * fragmentation_index = 0 with no free block, -1000 if a suitable block
 * exists (the request would succeed), else
 *   1000 - (1000 + free_pages * 1000 / 2^O) / blocks_total.
 * Example: 1024 free order-0 pages, O = 9: 1000 - (1000 + 2000) / 1024 = 998,
 * close to 1: the allocation fails for fragmentation, not lack of memory.
 * unusable_free_index = (free_pages - blocks_suitable * 2^O) * 1000 / free_pages
 * (1000 with no free page): the share of free memory too fragmented for O.
 *
 * Counter units follow the kernel's internal ones: every node and zone
 * counter is kept in pages (the *_B slab items and the THP items too; the
 * views convert as the kernel does).
 *
 * Linux counterpart: mm/vmstat.c (vmstat_text, fill_contig_page_info,
 * __fragmentation_index, unusable_free_index, extfrag_for_order,
 * pagetypeinfo_showblockcount_print) and include/linux/vmstat.h.
 */
#include "mm/vmstat.h"

#include "mm/internal.h"
#include "mm/pageblock-flags.h"

/* ---- names ---------------------------------------------------------------- */

#define ZONE_STAT_ITEM(e, s) [e] = s,
const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = {
#include "mm/vmstat_items.h"
};
#undef ZONE_STAT_ITEM

#define NUMA_STAT_ITEM(e, s) [e] = s,
const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS] = {
#include "mm/vmstat_items.h"
};
#undef NUMA_STAT_ITEM

#define NODE_STAT_ITEM(e, s) [e] = s,
const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS] = {
#include "mm/vmstat_items.h"
};
#undef NODE_STAT_ITEM

#define VM_EVENT_ITEM(e, s) [e] = s,
const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
#include "mm/vmstat_items.h"
};
#undef VM_EVENT_ITEM

/* Linux: zone_names[], mm/page_alloc.c (x86_64, CONFIG_ZONE_DEVICE on) */
const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA",
	[ZONE_DMA32] = "DMA32",
	[ZONE_NORMAL] = "Normal",
	[ZONE_MOVABLE] = "Movable",
	[ZONE_DEVICE] = "Device",
};

/* Linux: migratetype_names[], mm/page_alloc.c ("CMA" exists only with CONFIG_CMA) */
const char *const migratetype_names[MIGRATE_TYPES] = {
	[MIGRATE_UNMOVABLE] = "Unmovable",
	[MIGRATE_MOVABLE] = "Movable",
	[MIGRATE_RECLAIMABLE] = "Reclaimable",
	[MIGRATE_HIGHATOMIC] = "HighAtomic",
	[MIGRATE_CMA] = "CMA",
	[MIGRATE_ISOLATE] = "Isolate",
};

/* ---- fragmentation indices ------------------------------------------------ */

/* Linux: fill_contig_page_info(), mm/vmstat.c */
void fill_contig_page_info(const struct zone *zone, unsigned int suitable_order,
			   struct contig_page_info *info)
{
	info->free_pages = 0;
	info->free_blocks_total = 0;
	info->free_blocks_suitable = 0;

	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		unsigned long blocks = zone->free_area[order].nr_free;

		info->free_blocks_total += blocks;
		info->free_pages += blocks << order;
		if (order >= suitable_order)
			info->free_blocks_suitable += blocks << (order - suitable_order);
	}
}

/* Linux: __fragmentation_index(), mm/vmstat.c */
static int __fragmentation_index(unsigned int order, const struct contig_page_info *info)
{
	unsigned long long requested = 1ull << order;
	unsigned long long scaled;

	/* The kernel warns and answers 0 for an order it cannot allocate. */
	if (order >= MAX_ORDER || info->free_blocks_total == 0)
		return 0;
	/* The index explains failures only: a suitable block means success. */
	if (info->free_blocks_suitable)
		return -1000;
	scaled = 1000 + (unsigned long long)info->free_pages * 1000ull / requested;
	return 1000 - (int)(scaled / info->free_blocks_total);
}

/* Linux: fragmentation_index(), mm/vmstat.c */
int fragmentation_index(const struct zone *zone, unsigned int order)
{
	struct contig_page_info info;

	fill_contig_page_info(zone, order, &info);
	return __fragmentation_index(order, &info);
}

/* Linux: unusable_free_index(), mm/vmstat.c */
int unusable_free_index(const struct zone *zone, unsigned int order)
{
	struct contig_page_info info;
	unsigned long usable_pages;

	fill_contig_page_info(zone, order, &info);
	/* No free memory at all counts as entirely unusable. */
	if (info.free_pages == 0)
		return 1000;
	usable_pages = info.free_blocks_suitable << order;
	return (int)((unsigned long long)(info.free_pages - usable_pages) * 1000ull /
		     info.free_pages);
}

/* Linux: extfrag_for_order(), mm/vmstat.c */
unsigned int extfrag_for_order(const struct zone *zone, unsigned int order)
{
	struct contig_page_info info;
	unsigned long usable_pages;

	fill_contig_page_info(zone, order, &info);
	if (info.free_pages == 0)
		return 0;
	usable_pages = info.free_blocks_suitable << order;
	return (unsigned int)((unsigned long long)(info.free_pages - usable_pages) * 100ull /
			      info.free_pages);
}

/* ---- migratetypes in the ABI ---------------------------------------------- */

/*
 * Without CONFIG_CMA the kernel's enum has no MIGRATE_CMA, so everything
 * after it moves down by one: ISOLATE is 4 there (the reference kernel's
 * traces and pagetypeinfo), 5 with CMA.
 */
bool migratetype_in_abi(const struct machine *m, int mt)
{
	if (mt < 0 || mt >= MIGRATE_TYPES)
		return false;
	return mt != MIGRATE_CMA || m->has_cma;
}

/* Returns -1 for a type the machine's kernel does not have. */
int migratetype_abi_number(const struct machine *m, int mt)
{
	if (!migratetype_in_abi(m, mt))
		return -1;
	if (!m->has_cma && mt > MIGRATE_CMA)
		return mt - 1;
	return mt;
}

/* ---- machine-wide sums ---------------------------------------------------- */

/*
 * The kernel keeps global copies of these counters; they always equal the
 * sum of the per-zone (per-node) ones, so summing is the same number.  A
 * transiently negative total reads as 0, as in the kernel.
 */

/* Linux: global_zone_page_state(), include/linux/vmstat.h */
unsigned long global_zone_page_state(const struct machine *m, enum zone_stat_item item)
{
	long sum = 0;

	for_each_online_node(m, nid) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int zid = 0; pgdat && zid < MAX_NR_ZONES; zid++)
			sum += pgdat->node_zones[zid].vm_stat[item];
	}
	return sum < 0 ? 0 : (unsigned long)sum;
}

/* Linux: global_numa_event_state(), include/linux/vmstat.h */
unsigned long global_numa_event_state(const struct machine *m, enum numa_stat_item item)
{
	unsigned long sum = 0;

	for_each_online_node(m, nid) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int zid = 0; pgdat && zid < MAX_NR_ZONES; zid++)
			sum += pgdat->node_zones[zid].vm_numa_event[item];
	}
	return sum;
}

/* Linux: global_node_page_state_pages(), include/linux/vmstat.h */
unsigned long global_node_page_state(const struct machine *m, enum node_stat_item item)
{
	long sum = 0;

	for_each_online_node(m, nid) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		if (pgdat)
			sum += pgdat->vm_stat[item];
	}
	return sum < 0 ? 0 : (unsigned long)sum;
}

/* ---- free lists and pageblocks -------------------------------------------- */

/* The whole length; the pagetypeinfo view applies the kernel's cap itself. */
unsigned long free_list_length(const struct machine *m, const struct zone *zone,
			       unsigned int order, int mt)
{
	const struct page_list *list = &zone->free_area[order].free_list[mt];
	const struct page *page;
	unsigned long nr_blocks = 0;

	page_list_for_each(m, page, list)
		nr_blocks++;
	return nr_blocks;
}

/*
 * Memory sections are brought online in 2 MiB subsections at boot: a
 * subsection with any RAM in it has a memmap the kernel trusts
 * (pfn_to_online_page() succeeds), one entirely in a hole has none.
 */
#define SUBSECTION_SHIFT	21
#define PAGES_PER_SUBSECTION	(1ul << (SUBSECTION_SHIFT - PAGE_SHIFT))

/* Is there RAM in the subsection holding pfn?  Linux: pfn_to_online_page(). */
static bool subsection_online(const struct machine *m, int nid, pfn_t pfn)
{
	pfn_t sub_start = pfn & ~(pfn_t)(PAGES_PER_SUBSECTION - 1);
	pfn_t sub_end = sub_start + PAGES_PER_SUBSECTION;
	size_t cursor = (size_t)sub_start;
	pfn_t start, end;

	if (!hw_node_next_present_range(&m->hw, (unsigned int)nid, &cursor, &start, &end))
		return false;
	return start < sub_end;
}

/*
 * Linux: pagetypeinfo_showblockcount_print(), mm/vmstat.c.  The kernel steps
 * from zone_start_pfn (not necessarily pageblock aligned: DMA starts at pfn
 * 1) by whole pageblocks, skips pfns without an online memmap and pfns of
 * another zone, and counts the type of the pageblock holding each pfn.
 * Frames in a hole inside an online subsection belong to the zone whose
 * span holds them (the kernel initialises their memmap that way), so only
 * present frames need the zone test.
 */
void pageblock_type_counts(const struct machine *m, const struct zone *zone,
			   unsigned long counts[MIGRATE_TYPES])
{
	int nid = zone->zone_pgdat->node_id;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		counts[mt] = 0;
	for (pfn_t pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages(m)) {
		const struct page *page = pfn_to_page(m, pfn);
		int mt;

		if (!subsection_online(m, nid, pfn))
			continue;
		if (hw_pfn_present(&m->hw, pfn) && page_zone(m, page) != zone)
			continue;
		mt = get_pageblock_migratetype(m, pfn);
		if (mt < MIGRATE_TYPES)
			counts[mt]++;
	}
}
