/*
 * mm/mm_init.c - booting the memory manager: memmap, nodes, zones, zonelists,
 * and the hand-over of every free frame to the buddy allocator.
 *
 * Boot follows the kernel's order:
 *   0. sparse_init (mm/sparse.c): every 128 MiB section holding memory is
 *      marked present and gets its memmap; sections without memory get none;
 *   1. size the zones of every node (x86_64 limits: DMA below 16 MiB, DMA32
 *      below 4 GiB, Normal above, ZONE_MOVABLE carved from the top of each
 *      node by kernelcore=/movablecore=);
 *   2. memmap_init: one struct page per frame of a present section, every
 *      frame reserved with a reference held, zone and node in its flags;
 *      every pageblock whose first frame is present becomes MOVABLE, except
 *      that with deferred struct page init (on in 6.1's distribution
 *      kernels) a node's highest zone stops a section past its first 128
 *      MiB of memory (first_deferred_pfn) and the blocks from there become
 *      MOVABLE only where step 4 frees their first frame;
 *   3. build the zonelists (nodes by distance, zones high to low);
 *   4. memblock_free_all: every present frame not kept back by boot-time
 *      (memblock) reservations is freed at the largest order its alignment
 *      and the range allow, to the tail of the lists, bypassing the pcp;
 *   5. init_per_zone_wmark_min: min_free_kbytes, watermarks, lowmem_reserve,
 *      pcp batch/high; the per-CPU counter thresholds; khugepaged's raise
 *      when THP is on;
 *   6. the commit accounting's user and admin reserves, a share of the
 *      memory left free (init_user_reserve, init_admin_reserve);
 *   7. the kernel threads and periodic work (kswapd, vmstat_update) and
 *      the shrinkers.
 * Deferred init's frees are made in step 4 with the others: the kernel
 * makes them later, in pageblock-sized pieces, but to the tail of the lists
 * and in ascending order too, so the resulting lists are the same.
 *
 * Invariants after boot: managed = present - reserved per zone; every free
 * frame is in exactly one buddy block; NR_FREE_PAGES = managed.
 *
 * Linux counterpart: mm/mm_init.c (6.3+) and the boot half of mm/page_alloc.c
 * in 6.1 (free_area_init, find_zone_movable_pfns_for_nodes, memmap_init,
 * build_all_zonelists), mm/memblock.c (memblock_free_all, __free_pages_memory).
 */
#include "mm/mm_init.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/profile.h"
#include "mm/cma.h"
#include "mm/compaction.h"
#include "mm/internal.h"
#include "mm/huge_mm.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/numa_balancing.h"
#include "mm/oom.h"
#include "mm/raw_alloc.h"
#include "mm/sched_tick.h"
#include "mm/slab.h"
#include "mm/sparse.h"
#include "mm/swap.h"
#include "mm/virtio_balloon.h"
#include "mm/vmscan.h"
#include "mm/vmstat_counters.h"
#include "mm/writeback.h"

#define DMA_END_PFN	(((pfn_t)16 << 20) >> PAGE_SHIFT)	/* MAX_DMA_PFN */
#define DMA32_END_PFN	(((pfn_t)4 << 30) >> PAGE_SHIFT)	/* MAX_DMA32_PFN */
#define MAX_ORDER_NR_PAGES	((pfn_t)1 << (MAX_ORDER - 1))
/* Bytes of the kernel's own struct page, the default boot reservation per frame. */
#define KERNEL_STRUCT_PAGE_BYTES	64

void mm_boot_params_default(struct mm_boot_params *p, const struct hw_machine *hw)
{
	memset(p, 0, sizeof(*p));
	p->hw = *hw;
	/* A machine described without its migration costs gets the calibrated ones. */
	if (!p->hw.migrate_cost.copy_mbps[0][0])
		hw_migrate_cost_default(&p->hw.migrate_cost, &p->hw, MIGRATE_COPY_MBPS_AT_20);
	for (int nid = 0; nid < HW_MAX_NODES; nid++)
		p->reserved_bytes[nid] = UINT64_MAX;
	p->pageblock_order = 9;
	p->hotplug.block_size_bytes = MIN_MEMORY_BLOCK_SIZE;
	p->hotplug.default_online_type = MMOP_OFFLINE;
	p->mobility_grouping = true;
	p->pcp = true;
	p->deferred_struct_page_init = true;
	p->thp = THP_ALWAYS;
	p->thp_defrag = THP_DEFRAG_MADVISE;	/* the kernel's default */
	p->min_free_kbytes = -1;
	p->watermark_scale_factor = 10;
	p->watermark_boost_factor = 15000;
	p->profile = mm_profile_default()->name;
	p->policy.claim_threshold_pages = -1;
	p->policy.steal_order = -1;
	p->extfrag_threshold = 500;
	p->compaction_proactiveness = 20;
	p->numa_balancing = -1;
	p->numa_balancing_scan_delay_ms = NUMA_BALANCING_SCAN_DELAY_MS;
	p->numa_balancing_scan_period_min_ms = NUMA_BALANCING_SCAN_PERIOD_MIN_MS;
	p->numa_balancing_scan_period_max_ms = NUMA_BALANCING_SCAN_PERIOD_MAX_MS;
	p->numa_balancing_scan_size_mb = NUMA_BALANCING_SCAN_SIZE_MB;
}

uint64_t machine_memmap_bytes(const struct mm_boot_params *p)
{
	return sparse_memmap_bytes(&p->hw, p->pageblock_order ? p->pageblock_order : 9);
}

/* ---- zone sizing ---- */

/* The pfn limits of each zone type before nodes and ZONE_MOVABLE cut them. */
struct zone_limits {
	pfn_t low[MAX_NR_ZONES];
	pfn_t high[MAX_NR_ZONES];
	int movable_zone;	/* the zone ZONE_MOVABLE is taken from */
	pfn_t zone_movable_pfn[HW_MAX_NODES];
};

/* Linux: the arch_zone_lowest/highest_possible_pfn[] setup of free_area_init(), mm/page_alloc.c */
static void arch_zone_limits(const struct machine *m, pfn_t max_pfn, struct zone_limits *zl)
{
	pfn_t start = 0, max[MAX_NR_ZONES] = { 0 };

	max[ZONE_DMA] = m->has_zone_dma ? DMA_END_PFN : 0;
	max[ZONE_DMA32] = m->has_zone_dma32 ? DMA32_END_PFN : 0;
	max[ZONE_NORMAL] = max_pfn;
	memset(zl, 0, sizeof(*zl));
	for (int z = 0; z <= ZONE_NORMAL; z++) {
		pfn_t end = max[z] > start ? max[z] : start;

		if (end > max_pfn && z != ZONE_NORMAL)
			end = max_pfn > start ? max_pfn : start;
		zl->low[z] = start;
		zl->high[z] = end;
		start = end;
	}
	/* Linux: find_usable_zone_for_movable(): the highest populated kernel zone. */
	zl->movable_zone = ZONE_NORMAL;
	for (int z = ZONE_NORMAL; z >= 0; z--)
		if (zl->high[z] > zl->low[z]) {
			zl->movable_zone = z;
			break;
		}
}

/* Linux: get_pfn_range_for_nid(), mm/page_alloc.c */
static void node_pfn_range(const struct machine *m, unsigned int nid, pfn_t *start, pfn_t *end)
{
	size_t cursor = 0;
	pfn_t s, e;
	bool first = true;

	*start = *end = 0;
	while (hw_node_next_present_range(&m->hw, nid, &cursor, &s, &e)) {
		if (first)
			*start = s;
		*end = e;
		first = false;
	}
}

static unsigned long present_pages_in(const struct machine *m, unsigned int nid,
				      pfn_t start, pfn_t end)
{
	size_t cursor = 0;
	unsigned long nr = 0;
	pfn_t s, e;

	while (hw_node_next_present_range(&m->hw, nid, &cursor, &s, &e)) {
		pfn_t lo = s > start ? s : start, hi = e < end ? e : end;

		if (hi > lo)
			nr += (unsigned long)(hi - lo);
	}
	return nr;
}

/*
 * One node's share of kernelcore, taken from its lowest movable-capable
 * ranges.  As in the kernel's loop, every range below usable_startpfn is
 * kernel memory even once the share is used up, and a range above it
 * still marks where ZONE_MOVABLE begins (at its start, with a share of
 * 0); only a range that took part of the share ends the walk.
 */
static void spread_kernelcore_node(const struct machine *m, unsigned int nid,
				   struct zone_limits *zl, unsigned long kernelcore_node,
				   unsigned long *required_kernelcore)
{
	pfn_t usable_startpfn = zl->low[zl->movable_zone];
	unsigned long remaining = kernelcore_node;
	size_t cursor = 0;
	pfn_t start, end;

	while (hw_node_next_present_range(&m->hw, nid, &cursor, &start, &end)) {
		unsigned long size_pages;

		if (start < zl->zone_movable_pfn[nid])
			start = zl->zone_movable_pfn[nid];
		if (start >= end)
			continue;
		if (start < usable_startpfn) {
			/* Memory below the movable zone can only be kernel memory. */
			pfn_t kend = end < usable_startpfn ? end : usable_startpfn;
			unsigned long kernel_pages = (unsigned long)(kend - start);

			remaining -= kernel_pages < remaining ? kernel_pages : remaining;
			*required_kernelcore -= kernel_pages < *required_kernelcore ?
						kernel_pages : *required_kernelcore;
			if (end <= usable_startpfn) {
				zl->zone_movable_pfn[nid] = end;
				continue;
			}
			start = usable_startpfn;
		}
		size_pages = (unsigned long)(end - start);
		if (size_pages > remaining)
			size_pages = remaining;
		zl->zone_movable_pfn[nid] = start + size_pages;
		*required_kernelcore -= size_pages < *required_kernelcore ?
					size_pages : *required_kernelcore;
		remaining -= size_pages;
		if (!remaining)
			break;
	}
}

/*
 * Linux: find_zone_movable_pfns_for_nodes(), mm/page_alloc.c.  kernelcore is
 * spread evenly over the nodes, each node's share taken from its lowest
 * memory; what lies above becomes ZONE_MOVABLE, its start rounded up to a
 * MAX_ORDER block.  movablecore=X means kernelcore = total - X.  With
 * movable_node both are ignored: only memory the firmware marks hot-
 * pluggable would be movable, and numasim's boot memory never is.
 */
static void find_zone_movable_pfns_for_nodes(const struct machine *m,
					     const struct mm_boot_params *p,
					     struct zone_limits *zl)
{
	unsigned long totalpages = 0, required_kernelcore, required_movablecore;
	unsigned int usable_nodes = 0;

	if (p->hotplug.movable_node)
		return;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		pfn_t s, e;

		node_pfn_range(m, nid, &s, &e);
		totalpages += present_pages_in(m, nid, s, e);
		usable_nodes += e > s;
	}
	required_kernelcore = p->kernelcore_percent ?
		(unsigned long)(totalpages * p->kernelcore_percent / 100) :
		(unsigned long)(p->kernelcore_bytes >> PAGE_SHIFT);
	required_movablecore = p->movablecore_percent ?
		(unsigned long)(totalpages * p->movablecore_percent / 100) :
		(unsigned long)(p->movablecore_bytes >> PAGE_SHIFT);
	if (required_movablecore) {
		unsigned long corepages;

		/* Round up so ZONE_MOVABLE is at least as large as asked for. */
		required_movablecore = (required_movablecore + MAX_ORDER_NR_PAGES - 1) &
				       ~(unsigned long)(MAX_ORDER_NR_PAGES - 1);
		if (required_movablecore > totalpages)
			required_movablecore = totalpages;
		corepages = totalpages - required_movablecore;
		if (corepages > required_kernelcore)
			required_kernelcore = corepages;
	}
	if (!required_kernelcore || required_kernelcore >= totalpages)
		return;

	while (usable_nodes) {
		unsigned long kernelcore_node = required_kernelcore / usable_nodes;

		for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
			if (required_kernelcore < kernelcore_node)
				kernelcore_node = required_kernelcore / usable_nodes;
			spread_kernelcore_node(m, nid, zl, kernelcore_node, &required_kernelcore);
		}
		usable_nodes--;
		if (!usable_nodes || required_kernelcore <= usable_nodes)
			break;
	}
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		pfn_t s, e, pfn = zl->zone_movable_pfn[nid];

		pfn = (pfn + MAX_ORDER_NR_PAGES - 1) & ~(MAX_ORDER_NR_PAGES - 1);
		node_pfn_range(m, nid, &s, &e);
		zl->zone_movable_pfn[nid] = pfn >= e ? 0 : pfn;
	}
}

/*
 * Linux: zone_spanned_pages_in_node() + adjust_zone_range_for_zone_movable().
 * The span of zone type z on node nid, as [*start, *end).
 */
static void zone_range_in_node(const struct zone_limits *zl, unsigned int nid, int z,
			       pfn_t node_start, pfn_t node_end, pfn_t *start, pfn_t *end)
{
	pfn_t movable = zl->zone_movable_pfn[nid];
	pfn_t s, e;

	if (z == ZONE_DEVICE) {
		*start = *end = 0;
		return;
	}
	if (z == ZONE_MOVABLE) {
		s = movable ? movable : node_end;
		e = zl->high[zl->movable_zone] < node_end ? zl->high[zl->movable_zone] : node_end;
	} else {
		s = zl->low[z] < node_start ? node_start : (zl->low[z] > node_end ? node_end : zl->low[z]);
		e = zl->high[z] < node_start ? node_start : (zl->high[z] > node_end ? node_end : zl->high[z]);
		if (movable) {
			if (s < movable && e > movable)
				e = movable;
			else if (s >= movable)
				s = e;
		}
	}
	if (s >= e)
		s = e = 0;
	*start = s;
	*end = e;
}

/* ---- nodes, zones and the memmap ---- */

/*
 * Linux: setup_zone_pageset() + per_cpu_pages_init(), mm/page_alloc.c.
 * The counters' per-CPU diffs start at 0 with threshold 0 (every update
 * folds at once) until refresh_zone_stat_thresholds() sets them.
 */
static int alloc_zone_pagesets(struct machine *m, struct zone *zone)
{
	zone->per_cpu_pageset = calloc(m->nr_cpus, sizeof(*zone->per_cpu_pageset));
	zone->per_cpu_zonestats = calloc(m->nr_cpus, sizeof(*zone->per_cpu_zonestats));
	if (!zone->per_cpu_pageset || !zone->per_cpu_zonestats)
		return -1;
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		for (int i = 0; i < NR_PCP_LISTS; i++)
			page_list_init(&pcp->lists[i]);
		/* The boot pageset: nothing is cached until batch/high are set. */
		pcp->high = 0;
		pcp->batch = 1;
	}
	return 0;
}

/* Linux: free_area_init_core() / zone_init_free_lists() for one zone. */
static int init_zone(struct machine *m, pg_data_t *pgdat, int z, pfn_t start, pfn_t end)
{
	struct zone *zone = &pgdat->node_zones[z];
	static const char *const names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable", "Device" };

	zone->name = names[z];
	zone->node = pgdat->node_id;
	zone->zone_pgdat = pgdat;
	zone->zone_start_pfn = start;
	zone->spanned_pages = (unsigned long)(end - start);
	zone->present_pages = end > start ? present_pages_in(m, (unsigned int)pgdat->node_id, start, end) : 0;
	for (int o = 0; o < MAX_ORDER; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			page_list_init(&zone->free_area[o].free_list[mt]);
	return alloc_zone_pagesets(m, zone);
}

/*
 * Linux: defer_init(), mm/page_alloc.c.  With deferred struct page init,
 * boot initialises the memmap of a node's highest zone only for its first
 * section's worth of present frames, then stops at the next section
 * boundary: that frame is the node's first_deferred_pfn.  Lower zones are
 * always initialised whole (address-limited allocations need them early).
 * Frames are counted as the kernel walks them, memory range by memory
 * range, so holes do not count.  Returns PFN_NONE when nothing is deferred.
 */
static pfn_t first_deferred_pfn(const struct machine *m, const struct zone *zone, pfn_t node_end)
{
	pfn_t start = zone->zone_start_pfn, end = zone_end_pfn(zone), s, e;
	unsigned long nr_initialised = 0;
	size_t cursor = 0;

	if (!m->deferred_struct_page_init || end < node_end)
		return PFN_NONE;
	while (hw_node_next_present_range(&m->hw, (unsigned int)zone->node, &cursor, &s, &e)) {
		pfn_t first;

		s = s > start ? s : start;
		e = e < end ? e : end;
		if (s >= e)
			continue;
		/* The first frame whose count, itself included, passes a section... */
		first = s + (nr_initialised < PAGES_PER_SECTION ? PAGES_PER_SECTION - nr_initialised : 0);
		/* ...and the first section boundary from there. */
		first = (first + PAGES_PER_SECTION - 1) & PAGE_SECTION_MASK;
		if (first < e)
			return first;
		nr_initialised += (unsigned long)(e - s);
	}
	return PFN_NONE;
}

/* Linux: __init_single_page(): reserved, one reference, no mapping, in no list. */
static void init_single_page(struct page *page, int nid, enum zone_type zid)
{
	page->flags = ((uint32_t)nid << PAGE_NODE_SHIFT) | ((uint32_t)zid << PAGE_ZONE_SHIFT) |
		      (1u << PG_reserved);
	page->_refcount = 1;
	page->_mapcount = -1;
	page->lru_next = page->lru_prev = PAGE_LIST_NIL;
}

void memmap_init_range(struct machine *m, pfn_t start_pfn, unsigned long nr_pages, int nid,
		       enum zone_type zid, int migratetype)
{
	for (pfn_t pfn = start_pfn; pfn < start_pfn + nr_pages; pfn++) {
		init_single_page(pfn_to_page(m, pfn), nid, zid);
		if ((pfn & (pageblock_nr_pages(m) - 1)) == 0 && migratetype >= 0)
			set_pageblock_migratetype(m, pfn, migratetype);
	}
}

/*
 * Linux: memmap_init_range() / init_unavailable_range().  Every frame of the
 * zone's span that has a memmap gets its links; holes inside present
 * sections too, so pfn walks see the right zone.  Sections without memory
 * have no memmap and are stepped over.  Only pageblocks whose first frame
 * is present are marked MOVABLE: a block starting in a hole keeps type 0
 * (Unmovable), as on the reference kernel.  So does a block at or past the
 * node's first_deferred_pfn, unless deferred init frees its first frame
 * (deferred_free_range(), see free_pages_memory()).
 */
static void memmap_init_zone(struct machine *m, struct zone *zone, pfn_t deferred_pfn)
{
	for_each_valid_pfn_run(m, run, run_end, zone->zone_start_pfn, zone_end_pfn(zone)) {
		for (pfn_t pfn = run; pfn < run_end; pfn++) {
			init_single_page(pfn_to_page(m, pfn), zone->node, zone_idx(zone));
			if ((pfn & (pageblock_nr_pages(m) - 1)) == 0 && pfn < deferred_pfn &&
			    hw_pfn_present(&m->hw, pfn))
				set_pageblock_migratetype(m, pfn, MIGRATE_MOVABLE);
		}
	}
}

/* Linux: free_area_init_node(), mm/page_alloc.c */
static int init_node(struct machine *m, unsigned int nid, const struct zone_limits *zl)
{
	pg_data_t *pgdat = calloc(1, sizeof(*pgdat));
	pfn_t node_start, node_end;

	if (!pgdat)
		return -1;
	m->node_data[nid] = pgdat;
	pgdat->node_id = (int)nid;
	pgdat->machine = m;
	pgdat->per_cpu_nodestats = calloc(m->nr_cpus, sizeof(*pgdat->per_cpu_nodestats));
	if (!pgdat->per_cpu_nodestats)
		return -1;
	node_pfn_range(m, nid, &node_start, &node_end);
	pgdat->node_start_pfn = node_start;
	pgdat->node_spanned_pages = (unsigned long)(node_end - node_start);
	pgdat->node_present_pages = present_pages_in(m, nid, node_start, node_end);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		pfn_t s, e;

		zone_range_in_node(zl, nid, z, node_start, node_end, &s, &e);
		if (init_zone(m, pgdat, z, s, e))
			return -1;
		if (e > s)
			pgdat->nr_zones = z + 1;
	}
	pgdat->first_deferred_pfn = PFN_NONE;
	for (int z = 0; z < pgdat->nr_zones; z++) {
		struct zone *zone = &pgdat->node_zones[z];
		pfn_t deferred;

		if (!zone->spanned_pages)
			continue;
		deferred = first_deferred_pfn(m, zone, node_end);
		if (deferred != PFN_NONE)
			pgdat->first_deferred_pfn = deferred;
		memmap_init_zone(m, zone, deferred);
	}
	return 0;
}

static unsigned long frames_with_memmap(const struct machine *m, pfn_t start, pfn_t end)
{
	unsigned long nr = 0;

	for_each_valid_pfn_run(m, run, run_end, start, end)
		nr += (unsigned long)(run_end - run);
	return nr;
}

/*
 * Frames of present sections outside every zone (gaps between nodes, the
 * tail of the last section past the end of memory) stay reserved forever.
 * The kernel files such frames under a neighbouring zone
 * (init_unavailable_range()); no zone walk here reaches them.
 */
static void memmap_init_gaps(struct machine *m)
{
	pfn_t end = SECTION_ALIGN_UP(m->end_pfn);
	unsigned long in_zones = 0;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &m->node_data[nid]->node_zones[z];

			in_zones += frames_with_memmap(m, zone->zone_start_pfn, zone_end_pfn(zone));
		}
	if (in_zones == frames_with_memmap(m, 0, end))
		return;		/* the zones cover every frame */
	for_each_valid_pfn_run(m, run, run_end, 0, end) {
		for (pfn_t pfn = run; pfn < run_end; pfn++) {
			struct page *page = pfn_to_page(m, pfn);

			if (page->_mapcount == 0 && page->_refcount == 0 && page->flags == 0) {
				page->flags = 1u << PG_reserved;
				page->_refcount = 1;
				page->_mapcount = -1;
				page->lru_next = page->lru_prev = PAGE_LIST_NIL;
			}
		}
	}
}

/* ---- handing memory to the buddy ---- */

static unsigned int lowest_set_bit(pfn_t pfn)
{
	return pfn ? (unsigned int)__builtin_ctzll(pfn) : MAX_ORDER - 1;
}

/*
 * Linux: __free_pages_memory(), mm/memblock.c.  Free [start, end) in the
 * largest naturally aligned blocks that fit.
 */
static void free_pages_memory(struct machine *m, pfn_t start, pfn_t end, pfn_t deferred_pfn)
{
	unsigned long block_pages = pageblock_nr_pages(m);
	pfn_t block = deferred_pfn > start ? deferred_pfn : start;

	/*
	 * Linux: deferred_free_range().  Deferred init marks a pageblock MOVABLE
	 * when the block's first frame is among those it frees, just before
	 * freeing it; a block whose first frame is reserved keeps type 0.
	 */
	if (deferred_pfn < end)
		for (block = (block + block_pages - 1) & ~(pfn_t)(block_pages - 1); block < end;
		     block += block_pages)
			set_pageblock_migratetype(m, block, MIGRATE_MOVABLE);
	while (start < end) {
		unsigned int order = lowest_set_bit(start);

		if (order > MAX_ORDER - 1)
			order = MAX_ORDER - 1;
		while (start + order_to_pages(order) > end)
			order--;
		__free_pages_core(m, pfn_to_page(m, start), order);
		start += order_to_pages(order);
	}
}

static uint64_t node_reserved_pages(const struct machine *m, const struct mm_boot_params *p,
				    unsigned int nid)
{
	const pg_data_t *pgdat = m->node_data[nid];
	uint64_t bytes = p->reserved_bytes[nid];

	/* Default: what the kernel's own memmap for this node would occupy. */
	if (bytes == UINT64_MAX)
		bytes = (uint64_t)pgdat->node_spanned_pages * KERNEL_STRUCT_PAGE_BYTES;
	return (bytes + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

/* The ranges boot keeps back at given addresses, reserved or freed late. */
struct kept_ranges {
	unsigned int nr;
	struct hw_range range[2 * HW_MAX_HOLES];	/* sorted, disjoint */
};

static void kept_ranges_init(struct kept_ranges *k, const struct mm_boot_params *p)
{
	k->nr = 0;
	for (unsigned int i = 0; i < p->nr_reserved_ranges; i++)
		k->range[k->nr++] = p->reserved_range[i];
	for (unsigned int i = 0; i < p->nr_late_frees; i++)
		k->range[k->nr++] = p->late_free[i].range;
	for (unsigned int i = 1; i < k->nr; i++) {
		struct hw_range r = k->range[i];
		unsigned int j = i;

		for (; j > 0 && k->range[j - 1].start > r.start; j--)
			k->range[j] = k->range[j - 1];
		k->range[j] = r;
	}
}

/* Free [start, end) except what the kept ranges cover. */
static void free_range_around_reservations(struct machine *m, const struct kept_ranges *k,
					   pfn_t start, pfn_t end, pfn_t deferred_pfn)
{
	for (unsigned int i = 0; i < k->nr && start < end; i++) {
		pfn_t rs = phys_to_pfn(k->range[i].start);
		pfn_t re = phys_to_pfn(k->range[i].end);

		if (re <= start || rs >= end)
			continue;
		if (rs > start)
			free_pages_memory(m, start, rs, deferred_pfn);
		start = re;
	}
	if (start < end)
		free_pages_memory(m, start, end, deferred_pfn);
}

/*
 * Take the CMA areas out of a node's present ranges [ranges[i], ranges[i+1]):
 * setup_arch() reserves them before the memmap, which the node's
 * reservation stands for, is allocated below them.
 */
static size_t ranges_without_cma(const struct machine *m, pfn_t *ranges, size_t n, size_t cap)
{
	for (size_t i = 0; m->cma && i < n; i += 2)
		for (unsigned int a = 0; a < m->cma->nr_areas; a++) {
			pfn_t cs = m->cma->areas[a].base_pfn, ce = cs + m->cma->areas[a].count;

			if (ce <= ranges[i] || cs >= ranges[i + 1])
				continue;
			if (cs > ranges[i] && ce < ranges[i + 1] && n + 2 <= cap) {
				memmove(&ranges[i + 4], &ranges[i + 2], (n - i - 2) * sizeof(*ranges));
				ranges[i + 2] = ce;
				ranges[i + 3] = ranges[i + 1];
				ranges[i + 1] = cs;
				n += 2;
			} else if (cs <= ranges[i]) {
				ranges[i] = ce < ranges[i + 1] ? ce : ranges[i + 1];
			} else {
				ranges[i + 1] = cs;
			}
		}
	return n;
}

/*
 * Linux: memblock_free_all().  Boot allocations (memblock) are made top-down,
 * so the reserved pages of a node are its highest present frames; everything
 * below them is freed, range by range, in ascending order, except the
 * reservations the config places at given addresses and the memory freed
 * only after the watermarks are set (free_late_ranges()).
 */
static void memblock_free_all(struct machine *m, const struct mm_boot_params *p)
{
	struct kept_ranges kept;

	kept_ranges_init(&kept, p);
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		uint64_t keep = node_reserved_pages(m, p, nid);
		pfn_t ranges[2 * 64 + 2 + 2 * MAX_CMA_AREAS], s, e;
		size_t cursor = 0, n = 0;

		while (n + 2 <= 2 * 64 + 2 &&
		       hw_node_next_present_range(&m->hw, nid, &cursor, &s, &e)) {
			ranges[n++] = s;
			ranges[n++] = e;
		}
		n = ranges_without_cma(m, ranges, n, sizeof(ranges) / sizeof(ranges[0]));
		/* Carve the reservation off the top ranges. */
		for (size_t i = n; i >= 2 && keep; i -= 2) {
			uint64_t len = ranges[i - 1] - ranges[i - 2];
			uint64_t take = keep < len ? keep : len;

			ranges[i - 1] -= take;
			keep -= take;
		}
		for (size_t i = 0; i < n; i += 2)
			free_range_around_reservations(m, &kept, ranges[i], ranges[i + 1],
						       m->node_data[nid]->first_deferred_pfn);
	}
}

/*
 * Linux: free_reserved_area() / free_reserved_page(), mm/page_alloc.c, as
 * free_initrd_mem() and free_initmem() call it, after the initcalls that
 * set the watermarks, the pcp limits and the commit reserves: those keep
 * the smaller managed counts they were computed from.  Each page leaves
 * PG_reserved, joins its zone's managed pages (adjust_managed_page_count())
 * and is freed as any page is, through the per-CPU list of the CPU that
 * frees it, which holds it until the list passes its high mark.
 */
static void free_late_ranges(struct machine *m, const struct mm_boot_params *p)
{
	int boot_cpu = m->current_cpu;

	for (unsigned int i = 0; i < p->nr_late_frees; i++) {
		const struct mm_late_free *lf = &p->late_free[i];

		m->current_cpu = (int)lf->cpu;
		for (pfn_t pfn = phys_to_pfn(lf->range.start); pfn < phys_to_pfn(lf->range.end); pfn++) {
			struct page *page = pfn_to_page(m, pfn);

			ClearPageFlag(page, PG_reserved);
			page->_refcount = 1;
			page_zone(m, page)->managed_pages++;
			__free_pages(m, page, 0);
		}
	}
	m->current_cpu = boot_cpu;
}

/*
 * The memory the running system holds when the trace begins
 * (kernel.in_use).  No one kernel function: slab pages come from
 * allocate_slab(), page tables from __pte_alloc(), the ring buffer from
 * __rb_allocate_pages(), a shell's pages from its faults.  Each is an
 * order-0 allocation of its node's memory only (__GFP_THISNODE), on its
 * CPU, with the gfp of its mobility, so it goes through that CPU's per-CPU
 * list and falls back into, and steals, pageblocks of other types as the
 * real allocations did.  The pages are held for good.  Fails, naming the
 * entry, when a node cannot hold what it lists.
 */
static int alloc_in_use(struct machine *m, const struct mm_boot_params *p,
			char *err, size_t errlen)
{
	static const gfp_t gfp_of[MIGRATE_PCPTYPES] = {
		[MIGRATE_UNMOVABLE] = GFP_KERNEL,
		[MIGRATE_MOVABLE] = GFP_HIGHUSER_MOVABLE,
		[MIGRATE_RECLAIMABLE] = GFP_KERNEL | __GFP_RECLAIMABLE,
	};
	int boot_cpu = m->current_cpu;

	for (unsigned int i = 0; i < p->nr_in_use; i++) {
		const struct mm_in_use *u = &p->in_use[i];
		gfp_t gfp = gfp_of[u->migratetype] | __GFP_THISNODE | __GFP_NOWARN | __GFP_NORETRY;

		m->current_cpu = (int)u->cpu;
		for (uint64_t n = 0; n < u->nr_pages; n++) {
			if (alloc_pages_node(m, (int)u->nid, gfp, 0))
				continue;
			snprintf(err, errlen, "kernel.in_use[%u]: node %u ran out after %llu of %llu pages",
				 i, u->nid, (unsigned long long)n, (unsigned long long)u->nr_pages);
			return -1;
		}
	}
	m->current_cpu = boot_cpu;
	return 0;
}

/* ---- zonelists ---- */

/*
 * Linux: find_next_best_node(), mm/page_alloc.c.  The nearest node not yet
 * used; ties go to higher-numbered nodes after lower ones and to nodes
 * without CPUs, and node_load spreads equally distant nodes round-robin
 * between the zonelists of different nodes.
 */
static int find_next_best_node(const struct machine *m, int node, uint64_t *used,
			       unsigned long *node_load)
{
	unsigned long min_val = ~0ul;
	int best_node = -1;

	if (!(*used & (1ull << node))) {
		*used |= 1ull << node;
		return node;
	}
	for (int n = 0; n < (int)m->nr_node_ids; n++) {
		unsigned long val;

		if ((*used & (1ull << n)) || !m->node_data[n]->node_present_pages)
			continue;
		val = m->hw.distance[node][n];
		val += n < node;
		if (m->hw.node[n].nr_cpus)
			val += 1;	/* PENALTY_FOR_NODE_WITH_CPUS */
		val *= MAX_NUMNODES;
		val += node_load[n];
		if (val < min_val) {
			min_val = val;
			best_node = n;
		}
	}
	if (best_node >= 0)
		*used |= 1ull << best_node;
	return best_node;
}

/*
 * Linux: build_zonerefs_node(): a node's populated zones, highest first
 * (a zone whose pages are all reserved is listed; its watermark check
 * then fails).
 */
static int build_zonerefs_node(pg_data_t *pgdat, struct zoneref *zonerefs)
{
	int nr = 0;

	for (int z = MAX_NR_ZONES - 1; z >= 0; z--) {
		struct zone *zone = &pgdat->node_zones[z];

		if (populated_zone(zone)) {
			zonerefs[nr].zone = zone;
			zonerefs[nr].zone_idx = z;
			nr++;
		}
	}
	return nr;
}

/* Linux: build_zonelists() (node order) for one node. */
static void build_zonelists(struct machine *m, pg_data_t *pgdat, unsigned long *node_load)
{
	struct zoneref *fallback = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	struct zoneref *thisnode = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
	int local = pgdat->node_id, prev = local, node, nr = 0;
	uint64_t used = 0;

	while ((node = find_next_best_node(m, local, &used, node_load)) >= 0) {
		/* Penalise the first node of each distance group: round-robin. */
		if (m->hw.distance[local][node] != m->hw.distance[local][prev])
			node_load[node] += 1;
		nr += build_zonerefs_node(m->node_data[node], fallback + nr);
		prev = node;
	}
	fallback[nr].zone = NULL;
	fallback[nr].zone_idx = 0;
	nr = build_zonerefs_node(pgdat, thisnode);
	thisnode[nr].zone = NULL;
	thisnode[nr].zone_idx = 0;
}

/*
 * Linux: build_all_zonelists(), mm/page_alloc.c.  Also decides whether
 * grouping by mobility can work at all: with fewer pages than one pageblock
 * per migratetype there is nothing to group, and every pageblock becomes
 * Unmovable ("mobility grouping off" in the boot log).
 */
static unsigned long managed_pages_total(const struct machine *m)
{
	unsigned long nr_pages = 0;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			nr_pages += m->node_data[nid]->node_zones[z].managed_pages;
	return nr_pages;
}

/* Fewer pages than one pageblock per migratetype: nothing to group. */
static bool mobility_grouping_off(const struct machine *m, unsigned long vm_total_pages)
{
	int nr_types = m->has_cma ? MIGRATE_TYPES : MIGRATE_TYPES - 1;

	return vm_total_pages < pageblock_nr_pages(m) * (unsigned long)nr_types;
}

void build_all_zonelists(struct machine *m)
{
	unsigned long node_load[MAX_NUMNODES] = { 0 };

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		build_zonelists(m, m->node_data[nid], node_load);
	m->page_group_by_mobility_disabled = mobility_grouping_off(m, managed_pages_total(m));
}

/* ---- boot ---- */

/*
 * Linux: check_numabalancing_enable(), mm/mempolicy.c: with
 * CONFIG_NUMA_BALANCING_DEFAULT_ENABLED, on when more than one node is
 * online (every node of a numasim machine is).
 */
static void init_numa_balancing_sysctls(struct machine *m, const struct mm_boot_params *p)
{
	bool numa = m->nr_node_ids > 1;

	if (p->numa_balancing >= 0)
		m->numab.mode = p->numa_balancing;
	else
		m->numab.mode = numa ? NUMA_BALANCING_NORMAL : NUMA_BALANCING_DISABLED;
	m->numab.scan_delay_ms = p->numa_balancing_scan_delay_ms;
	m->numab.scan_period_min_ms = p->numa_balancing_scan_period_min_ms;
	m->numab.scan_period_max_ms = p->numa_balancing_scan_period_max_ms;
	m->numab.scan_size_mb = p->numa_balancing_scan_size_mb;
}

/* The profile's allocator knobs, then what the config overrides of them. */
static void init_alloc_knobs(struct machine *m, const struct alloc_knob_params *kp)
{
	struct alloc_knobs *k = &m->alloc_knobs;

	m->profile->alloc.knob_defaults(m, k);
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		if (kp->set_fallbacks[mt])
			memcpy(k->fallbacks[mt], kp->fallbacks[mt], sizeof(k->fallbacks[mt]));
	if (kp->claim_threshold_pages >= 0)
		k->claim_threshold_pages = (unsigned int)kp->claim_threshold_pages;
	if (kp->steal_order >= 0)
		k->steal_order = (unsigned int)kp->steal_order;
}

static int init_machine_settings(struct machine *m, const struct mm_boot_params *p,
				 char *err, size_t errlen)
{
	static const int ratios[MAX_NR_ZONES] = { 256, 256, 32, 0, 0 };

	m->hw = p->hw;
	m->nr_node_ids = p->hw.nr_nodes;
	m->nr_cpus = p->hw.nr_cpus;
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		m->cpu_to_node[cpu] = p->hw.cpu_to_node[cpu];
	m->pageblock_order = p->pageblock_order;
	m->pcp_enabled = p->pcp;
	m->thp_enabled = p->thp != THP_NEVER;
	m->thp.enabled = p->thp == THP_ALWAYS ? THP_ENABLED_ALWAYS :
			 p->thp == THP_MADVISE ? THP_ENABLED_MADVISE : THP_ENABLED_NEVER;
	m->thp.defrag = p->thp_defrag;
	m->thp.use_zero_page = true;
	m->has_cma = p->has_cma;
	m->deferred_struct_page_init = p->deferred_struct_page_init;
	m->has_zone_dma = p->zone_dma;
	m->has_zone_dma32 = p->zone_dma32;
	m->vm.min_free_kbytes = 1024;
	m->vm.user_min_free_kbytes = -1;
	m->vm.watermark_scale_factor = p->watermark_scale_factor;
	m->vm.watermark_boost_factor = p->watermark_boost_factor;
	m->vm.percpu_pagelist_high_fraction = p->percpu_pagelist_high_fraction;
	m->vm.extfrag_threshold = p->extfrag_threshold;
	m->vm.compaction_proactiveness = p->compaction_proactiveness;
	m->vm.compact_unevictable_allowed = 1;	/* CONFIG_COMPACT_UNEVICTABLE_DEFAULT */
	m->vm.stat_interval = 1;	/* HZ jiffies */
	m->vm.swappiness = 60;		/* vm_swappiness, mm/vmscan.c */
	m->vm.vfs_cache_pressure = 100;	/* sysctl_vfs_cache_pressure, fs/dcache.c */
	writeback_sysctls_init(m);
	memcpy(m->vm.lowmem_reserve_ratio, ratios, sizeof(ratios));
	init_numa_balancing_sysctls(m, p);
	m->profile = p->profile ? mm_profile_find(p->profile) : mm_profile_default();
	if (!m->profile) {
		snprintf(err, errlen, "unknown kernel profile '%s'", p->profile);
		return -1;
	}
	if (!m->pageblock_order || m->pageblock_order >= MAX_ORDER) {
		snprintf(err, errlen, "pageblock_order must be 1..%d", MAX_ORDER - 1);
		return -1;
	}
	init_alloc_knobs(m, &p->policy);
	return 0;
}

/*
 * The memmap of the present sections (mm/sparse.c).  List links are memmap
 * indices, so every frame below end_pfn needs one other than
 * PAGE_LIST_NIL; the only struct page that could be numbered
 * PAGE_LIST_NIL lies past end_pfn in the last section, reserved for good
 * and never linked.
 */
static int alloc_memmap(struct machine *m, char *err, size_t errlen)
{
	/* The vmemmap and the per-frame arrays also cover where DIMMs may come. */
	m->end_pfn = hw_addr_end_pfn(&m->hw);
	if (m->end_pfn >= PAGE_LIST_NIL) {
		snprintf(err, errlen, "physical memory ends above the simulator's limit of %u frames",
			 PAGE_LIST_NIL);
		return -1;
	}
	if (sparse_init(m)) {
		snprintf(err, errlen, "cannot allocate the memmap of %llu frames",
			 (unsigned long long)m->end_pfn);
		return -1;
	}
	return 0;
}

/*
 * The kernel threads and periodic work of a booted machine (kswapd_run(),
 * start_shepherd_timer()), all asleep or armed relative to time 0.
 */
static int start_daemons(struct machine *m)
{
	m->vmstat_work = calloc(m->nr_cpus, sizeof(*m->vmstat_work));
	if (!m->vmstat_work)
		return -ENOMEM;
	if (kswapd_init(m) || hugepage_init(m) || vmstat_daemons_init(m) || kcompactd_init(m) ||
	    writeback_init(m))
		return -ENOMEM;
	return sched_init(m);
}

int machine_boot(struct machine *m, const struct mm_boot_params *p, char *err, size_t errlen)
{
	struct zone_limits zl;

	memset(m, 0, sizeof(*m));
	m->daemons.next_ns = MM_DAEMON_ASLEEP;
	if (init_machine_settings(m, p, err, errlen) || alloc_memmap(m, err, errlen))
		goto fail;
	arch_zone_limits(m, m->end_pfn, &zl);
	find_zone_movable_pfns_for_nodes(m, p, &zl);
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		if (init_node(m, nid, &zl)) {
			snprintf(err, errlen, "out of host memory while building node %u", nid);
			goto fail;
		}
	memmap_init_gaps(m);
	cma_reserve_boot_areas(m, p);
	memblock_free_all(m, p);
	/*
	 * The kernel decides on mobility grouping here, after memmap init has
	 * marked the pageblocks MOVABLE; they stay so even when it is off.
	 */
	build_all_zonelists(m);
	/*
	 * The kernel's boot call counts the zones' managed pages as
	 * free_area_init() estimated them, which includes the frames reserved
	 * for CMA; here those reach managed_pages only when the areas are
	 * activated, below.  Count them, or a machine that is half CMA would
	 * boot with grouping off.
	 */
	if (m->cma)
		m->page_group_by_mobility_disabled =
			mobility_grouping_off(m, managed_pages_total(m) + m->cma->totalcma_pages);
	if (!p->mobility_grouping || m->profile->alloc.no_mobility_grouping)
		m->page_group_by_mobility_disabled = true;
	/* core_initcall(cma_init_reserved_areas), before the watermarks' postcore_initcall. */
	if (cma_init_reserved_areas(m)) {
		snprintf(err, errlen, "out of host memory for the CMA bitmaps");
		goto fail;
	}
	init_per_zone_wmark_min(m);
	refresh_zone_stat_thresholds(m);
	/* A later initcall: hugepage_init() -> start_stop_khugepaged(). */
	if (m->thp_enabled)
		start_stop_khugepaged(m);
	/* Subsystem initcalls: the reserves are a share of what boot left free. */
	vm_commit_init(m);
	/* rootfs_initcall (the initrd), then the end of kernel_init (init sections). */
	free_late_ranges(m, p);
	if (p->min_free_kbytes >= 0) {
		/* A configured value acts like a write to vm.min_free_kbytes after boot. */
		m->vm.min_free_kbytes = p->min_free_kbytes;
		m->vm.user_min_free_kbytes = p->min_free_kbytes;
		setup_per_zone_wmarks(m);
	}
	if (mm_procs_init(m) || raw_allocs_init(m) || slab_init(m)) {
		snprintf(err, errlen, "out of host memory for the process tables");
		goto fail;
	}
	if (start_daemons(m)) {
		snprintf(err, errlen, "out of host memory for the kernel threads");
		goto fail;
	}
	/* driver_init(): the memory block devices. */
	if (memory_dev_init(m, &p->hotplug)) {
		snprintf(err, errlen, "out of host memory for the memory blocks");
		goto fail;
	}
	/* The drivers: the balloon device, empty until the host asks. */
	if (virtio_balloon_probe(m)) {
		snprintf(err, errlen, "out of host memory for the balloon device");
		goto fail;
	}
	if (alloc_in_use(m, p, err, errlen))
		goto fail;
	/* The init scripts' swapon, in the config's order. */
	if (swap_boot(m, p)) {
		snprintf(err, errlen, "out of host memory for the swap devices");
		goto fail;
	}
	return 0;
fail:
	machine_release(m);
	return -1;
}

void machine_release(struct machine *m)
{
	if (m->vmemmap)
		mm_procs_release(m);
	for (unsigned int nid = 0; nid < HW_MAX_NODES; nid++) {
		pg_data_t *pgdat = m->node_data[nid];

		if (!pgdat)
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			free(pgdat->node_zones[z].per_cpu_pageset);
			free(pgdat->node_zones[z].per_cpu_zonestats);
		}
		free(pgdat->per_cpu_nodestats);
		free(pgdat);
		m->node_data[nid] = NULL;
	}
	raw_allocs_release(m);
	cma_release_areas(m);
	slab_release(m);
	writeback_release(m);
	swap_release(m);
	mm_daemons_release(m);
	oom_release(m);
	free(m->vmstat_work);
	m->vmstat_work = NULL;
	sched_release(m);
	memory_dev_release(m);
	sparse_release(m);
}
