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
 * Mixed pageblocks (the page_owner view of fragmentation): a pageblock is
 * mixed when it holds an allocated page whose gfp migratetype, recorded in
 * page->owner at allocation, differs from the pageblock's type.  A fallback
 * that took pages from a foreign block without claiming it leaves one
 * behind; so does a claim that retyped a block around older pages.
 *
 * Counter units follow the kernel's internal ones: every node and zone
 * counter is kept in pages (the *_B slab items and the THP items too; the
 * views convert as the kernel does).
 *
 * Linux counterpart: mm/vmstat.c (vmstat_text, fill_contig_page_info,
 * __fragmentation_index, unusable_free_index, extfrag_for_order,
 * pagetypeinfo_showblockcount_print), include/linux/vmstat.h, and
 * mm/page_owner.c (pagetypeinfo_showmixedcount_print).
 */
#include "mm/vmstat.h"

#include "mm/internal.h"
#include "mm/pageblock-flags.h"
#include "mm/writeback.h"

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

/*
 * The body of fill_contig_page_info() over a census of free blocks per
 * order, so a machine-wide sum of free areas gets the same arithmetic.
 */
void fill_contig_info_from_counts(const unsigned long nr_free[MAX_ORDER],
				  unsigned int suitable_order, struct contig_page_info *info)
{
	info->free_pages = 0;
	info->free_blocks_total = 0;
	info->free_blocks_suitable = 0;

	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		unsigned long blocks = nr_free[order];

		info->free_blocks_total += blocks;
		info->free_pages += blocks << order;
		if (order >= suitable_order)
			info->free_blocks_suitable += blocks << (order - suitable_order);
	}
}

/* Linux: fill_contig_page_info(), mm/vmstat.c */
void fill_contig_page_info(const struct zone *zone, unsigned int suitable_order,
			   struct contig_page_info *info)
{
	unsigned long nr_free[MAX_ORDER];

	for (unsigned int order = 0; order < MAX_ORDER; order++)
		nr_free[order] = zone->free_area[order].nr_free;
	fill_contig_info_from_counts(nr_free, suitable_order, info);
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

/* Linux: unusable_free_index() (the static one taking the info), mm/vmstat.c */
int __unusable_free_index(unsigned int order, const struct contig_page_info *info)
{
	unsigned long usable_pages;

	/* No free memory at all counts as entirely unusable. */
	if (info->free_pages == 0)
		return 1000;
	usable_pages = info->free_blocks_suitable << order;
	return (int)((unsigned long long)(info->free_pages - usable_pages) * 1000ull /
		     info->free_pages);
}

/* Linux: unusable_free_index(), mm/vmstat.c, for one zone */
int unusable_free_index(const struct zone *zone, unsigned int order)
{
	struct contig_page_info info;

	fill_contig_page_info(zone, order, &info);
	return __unusable_free_index(order, &info);
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

/* ---- free lists and pageblocks -------------------------------------------- */

/* The whole length; the pagetypeinfo view applies the kernel's cap itself. */
unsigned long free_list_length_capped(const struct machine *m, const struct zone *zone,
				     unsigned int order, int mt, unsigned long max, bool *overflow)
{
	const struct page_list *list = &zone->free_area[order].free_list[mt];
	const struct page *page;
	unsigned long nr_blocks = 0;

	*overflow = false;
	page_list_for_each(m, page, list) {
		if (++nr_blocks >= max && max) {
			*overflow = true;
			break;
		}
	}
	return nr_blocks;
}

unsigned long free_list_length(const struct machine *m, const struct zone *zone,
			       unsigned int order, int mt)
{
	bool overflow;

	return free_list_length_capped(m, zone, order, mt, 0, &overflow);
}

/* One pfn of pagetypeinfo_showblockcount_print()'s walk (see below). */
bool zone_counts_pageblock(const struct machine *m, const struct zone *zone, pfn_t pfn)
{
	const struct page *page = pfn_to_online_page(m, pfn);

	return page && !(hw_pfn_present(&m->hw, pfn) && page_zone(m, page) != zone);
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
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		counts[mt] = 0;
	for (pfn_t pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages(m)) {
		int mt;

		if (!zone_counts_pageblock(m, zone, pfn))
			continue;
		mt = get_pageblock_migratetype(m, pfn);
		if (mt < MIGRATE_TYPES)
			counts[mt]++;
	}
}

/* ---- mixed pageblocks (page_owner) ---------------------------------------- */

/* The stride the kernel's page_owner walk takes past a pfn without a memmap. */
#define MAX_ORDER_NR_PAGES	((pfn_t)1 << (MAX_ORDER - 1))

/* Linux: gfp_migratetype() of page_owner's record, see mm/vmstat.h. */
int page_owner_migratetype(const struct machine *m, const struct page *page)
{
	if (m->page_group_by_mobility_disabled)
		return MIGRATE_UNMOVABLE;
	return (int)(page->owner & PAGE_OWNER_MT_MASK);
}

/*
 * Scan the frames of one pageblock, from *pfn up to block_end_pfn, for an
 * allocation whose gfp migratetype is not block_mt.  Free buddies are
 * stepped over whole (which may carry *pfn past block_end_pfn, into the
 * next block: it is free too).  Only the head of an allocation carries an
 * owner record; tails, reserved frames and pages on pcp lists have none.
 * Returns true, with *pfn at block_end_pfn, on the first foreign page.
 */
static bool pageblock_scan_foreign(const struct machine *m, const struct zone *zone,
				   pfn_t *pfn, pfn_t block_end_pfn, int block_mt)
{
	for (; *pfn < block_end_pfn; (*pfn)++) {
		const struct page *page = pfn_to_page(m, *pfn);

		if (page_zone(m, page) != zone)
			continue;
		if (PageBuddy(page)) {
			if (buddy_order(page) < MAX_ORDER)
				*pfn += order_to_pages(buddy_order(page)) - 1;
			continue;
		}
		if (PageReserved(page) || !(page->owner & PAGE_OWNER_VALID))
			continue;
		if (page_owner_migratetype(m, page) != block_mt) {
			*pfn = block_end_pfn;
			return true;
		}
	}
	return false;
}

/*
 * Linux: pagetypeinfo_showmixedcount_print(), mm/page_owner.c.  Walks the
 * zone from zone_start_pfn one pageblock at a time (the first and last may
 * be partial) and counts, under the block's type, each block holding at
 * least one allocation of another migratetype.  A CMA block counts as
 * Movable: movable pages are what CMA blocks are for.  A pfn without an
 * online memmap sends the walk to the next MAX_ORDER_NR_PAGES boundary, as
 * in the kernel.  Cost: one pass over the zone's memmap, less free blocks.
 */
void pageblock_mixed_counts(const struct machine *m, const struct zone *zone,
			    unsigned long counts[MIGRATE_TYPES])
{
	pfn_t end_pfn = zone_end_pfn(zone);
	pfn_t pfn = zone->zone_start_pfn;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		counts[mt] = 0;
	while (pfn < end_pfn) {
		pfn_t block_end_pfn;
		int block_mt;

		if (!pfn_to_online_page(m, pfn)) {
			pfn = (pfn + MAX_ORDER_NR_PAGES) & ~(MAX_ORDER_NR_PAGES - 1);
			continue;
		}
		block_end_pfn = pageblock_start_pfn(m, pfn) + pageblock_nr_pages(m);
		if (block_end_pfn > end_pfn)
			block_end_pfn = end_pfn;
		block_mt = get_pageblock_migratetype(m, pfn);
		if (pageblock_scan_foreign(m, zone, &pfn, block_end_pfn, block_mt) &&
		    block_mt < MIGRATE_TYPES)
			counts[block_mt == MIGRATE_CMA ? MIGRATE_MOVABLE : block_mt]++;
	}
}

/* ---- /proc/vmstat ---------------------------------------------------------- */

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

/* Linux: vmstat_item_print_in_thp(), include/linux/vmstat.h */
bool vmstat_item_print_in_thp(enum node_stat_item item)
{
	return item == NR_ANON_THPS || item == NR_FILE_THPS || item == NR_SHMEM_THPS ||
	       item == NR_SHMEM_PMDMAPPED || item == NR_FILE_PMDMAPPED;
}

/* Linux: vmstat_start() + vmstat_show(), mm/vmstat.c */
void vmstat_walk(const struct machine *m, vmstat_emit_fn emit, void *ctx)
{
	unsigned long limits[NR_VM_WRITEBACK_STAT_ITEMS];

	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		emit(ctx, zone_stat_names[i], global_zone_page_state(m, (enum zone_stat_item)i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		emit(ctx, numa_stat_names[i], global_numa_event_state(m, (enum numa_stat_item)i));
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
		unsigned long v = global_node_page_state(m, (enum node_stat_item)i);

		emit(ctx, node_stat_names[i],
		     vmstat_item_print_in_thp((enum node_stat_item)i) ? v / HPAGE_PMD_NR : v);
	}
	global_dirty_limits(m, &limits[NR_DIRTY_BACKGROUND_THRESHOLD], &limits[NR_DIRTY_THRESHOLD]);
	for (int i = 0; i < NR_VM_WRITEBACK_STAT_ITEMS; i++)
		emit(ctx, writeback_stat_names[i], limits[i]);
	/* pgpgin/pgpgout are counted in 512-byte sectors and shown in KiB. */
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++) {
		unsigned long v = m->vm_events[i];

		if (!m->has_cma && (i == CMA_ALLOC_SUCCESS || i == CMA_ALLOC_FAIL))
			continue;
		emit(ctx, vm_event_names[i], i == PGPGIN || i == PGPGOUT ? v / 2 : v);
	}
	/* Deprecated counters the kernel still prints, always 0. */
#define LEGACY_STAT_ITEM(e, s) emit(ctx, s, 0);
#include "mm/vmstat_items.h"
#include "mm/vmstat_counters.h"
#undef LEGACY_STAT_ITEM
}
