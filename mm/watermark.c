/*
 * mm/watermark.c - the numbers the allocator is tuned by: min_free_kbytes,
 * the per-zone min/low/high watermarks, lowmem_reserve, per-CPU list
 * batch/high; and the checks of a
 * zone against its marks (__zone_watermark_ok and its callers), which the
 * allocator and kswapd both make.
 *
 * The numbers are derived state: they are recomputed from managed pages and
 * the sysctls whenever either changes (boot, a sysctl write, mm/sysctl.c), in the order
 * the kernel recomputes it, so the values match a real 6.1 kernel's
 * /proc/zoneinfo for the same zone sizes.
 *
 * Invariants: min <= low <= high <= promo for every zone; pcp->high >= 4 *
 * pcp->batch (or high 0 for a zone without managed pages).
 *
 * Linux counterpart: mm/page_alloc.c (v6.1): calculate_min_free_kbytes(),
 * __setup_per_zone_wmarks(), setup_per_zone_lowmem_reserve(),
 * zone_batchsize(), zone_highsize(), nr_free_buffer_pages(),
 * __zone_watermark_ok(), zone_watermark_ok(), _safe(), _fast();
 * mm/khugepaged.c: set_recommended_min_free_kbytes().
 * This file is split out of page_alloc.c only to keep that file readable.
 */
#include <errno.h>
#include <string.h>

#include "mm/huge_mm.h"
#include "mm/internal.h"
#include "mm/vmstat_counters.h"

/* Linux: int_sqrt(), lib/math/int_sqrt.c */
unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1ul << (sizeof(long) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

/* Linux: mult_frac(): x * n / d without overflowing x * n. */
static unsigned long mult_frac(unsigned long x, unsigned long n, unsigned long d)
{
	return (x / d) * n + ((x % d) * n) / d;
}

#define for_each_zone(m, zone)							\
	for (unsigned int __nid = 0; __nid < (m)->nr_node_ids; __nid++)		\
		for (struct zone *zone = (m)->node_data[__nid]->node_zones;		\
		     zone < (m)->node_data[__nid]->node_zones + MAX_NR_ZONES; zone++)

/*
 * Linux: nr_free_buffer_pages() -> nr_free_zone_pages(gfp_zone(GFP_USER)):
 * managed pages above the high watermark in every zone up to Normal of the
 * boot CPU's zonelist (which reaches every node).
 */
unsigned long nr_free_buffer_pages(struct machine *m)
{
	unsigned long sum = 0;

	for_each_zone(m, zone) {
		unsigned long size = zone->managed_pages, high = high_wmark_pages(zone);

		if (zone_idx(zone) <= ZONE_NORMAL && size > high)
			sum += size - high;
	}
	return sum;
}

/* Linux: calculate_min_free_kbytes(), mm/page_alloc.c */
static void calculate_min_free_kbytes(struct machine *m)
{
	unsigned long lowmem_kbytes = pages_to_kb(nr_free_buffer_pages(m));
	long new_min_free_kbytes = (long)int_sqrt(lowmem_kbytes * 16);

	/* A larger value written by the user wins. */
	if (new_min_free_kbytes > m->vm.user_min_free_kbytes) {
		if (new_min_free_kbytes < 128)
			new_min_free_kbytes = 128;
		if (new_min_free_kbytes > 262144)
			new_min_free_kbytes = 262144;
		m->vm.min_free_kbytes = (int)new_min_free_kbytes;
	}
}

/* Linux: __setup_per_zone_wmarks(), mm/page_alloc.c (no highmem on x86_64). */
static void __setup_per_zone_wmarks(struct machine *m)
{
	unsigned long pages_min = kb_to_pages((uint64_t)m->vm.min_free_kbytes);
	unsigned long lowmem_pages = 0;

	for_each_zone(m, zone)
		lowmem_pages += zone->managed_pages;
	for_each_zone(m, zone) {
		unsigned long min = lowmem_pages ? (unsigned long)((uint64_t)pages_min *
					zone->managed_pages / lowmem_pages) : 0;
		unsigned long gap = mult_frac(zone->managed_pages,
					      (unsigned long)m->vm.watermark_scale_factor, 10000);

		/* The gap between marks: a quarter of min, or the scale factor's share. */
		if (min >> 2 > gap)
			gap = min >> 2;
		zone->watermark_boost = 0;
		zone->_watermark[WMARK_MIN] = min;
		zone->_watermark[WMARK_LOW] = min + gap;
		zone->_watermark[WMARK_HIGH] = min + 2 * gap;
		zone->_watermark[WMARK_PROMO] = min + 3 * gap;
	}
	calculate_totalreserve_pages(m);
}

/* Linux: zone_batchsize(), mm/page_alloc.c: about 1/4 MiB... of pages, 2^n - 1. */
static int zone_batchsize(const struct zone *zone)
{
	unsigned long batch = zone->managed_pages >> 10;
	unsigned long pow2 = 1;

	/* At most a quarter of 1 MiB worth of pages per batch. */
	if (batch > (1ul << 20) / PAGE_SIZE)
		batch = (1ul << 20) / PAGE_SIZE;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	/* Odd batch sizes spread pages over the cache colours better. */
	batch += batch / 2;
	while (pow2 * 2 <= batch)
		pow2 *= 2;
	return (int)pow2 - 1;
}

/* Linux: zone_highsize(), mm/page_alloc.c */
static int zone_highsize(const struct machine *m, const struct zone *zone, int batch)
{
	unsigned long total_pages;
	unsigned int nr_split_cpus = m->hw.node[zone->node].nr_cpus;
	long high;

	if (!m->vm.percpu_pagelist_high_fraction)
		total_pages = low_wmark_pages(zone);
	else
		total_pages = zone->managed_pages / (unsigned long)m->vm.percpu_pagelist_high_fraction;
	/* A node without CPUs splits its high value over every CPU. */
	if (!nr_split_cpus)
		nr_split_cpus = m->nr_cpus;
	high = (long)(total_pages / nr_split_cpus);
	if (high < (long)batch << 2)
		high = (long)batch << 2;
	return (int)high;
}

/* Linux: zone_set_pageset_high_and_batch(), mm/page_alloc.c */
static void zone_set_pageset_high_and_batch(struct machine *m, struct zone *zone)
{
	int new_batch = zone_batchsize(zone), new_high;

	if (new_batch < 1)
		new_batch = 1;
	new_high = zone_highsize(m, zone, new_batch);
	zone->pageset_high = new_high;
	zone->pageset_batch = new_batch;
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
		zone->per_cpu_pageset[cpu].high = new_high;
		zone->per_cpu_pageset[cpu].batch = new_batch;
	}
}

/* Linux: zone_pcp_update() for every zone, mm/page_alloc.c */
void zone_pcp_update_all(struct machine *m)
{
	for_each_zone(m, zone)
		if (zone->per_cpu_pageset)
			zone_set_pageset_high_and_batch(m, zone);
}

/* Linux: setup_per_zone_wmarks(): marks, then pcp sizes that follow them. */
void setup_per_zone_wmarks(struct machine *m)
{
	__setup_per_zone_wmarks(m);
	zone_pcp_update_all(m);
}

/*
 * Linux: setup_per_zone_lowmem_reserve(), mm/page_alloc.c.  A lower zone
 * keeps back 1/ratio of the memory of the zones above it from allocations
 * that could have used those zones, so DMA32 is not eaten by Normal users.
 */
void setup_per_zone_lowmem_reserve(struct machine *m)
{
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		pg_data_t *pgdat = m->node_data[nid];

		for (int i = 0; i < MAX_NR_ZONES - 1; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = m->vm.lowmem_reserve_ratio[i];
			bool clear = !ratio || !zone->managed_pages;
			unsigned long managed_pages = 0;

			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				managed_pages += pgdat->node_zones[j].managed_pages;
				zone->lowmem_reserve[j] = clear ? 0 : (long)(managed_pages / (unsigned long)ratio);
			}
		}
	}
	calculate_totalreserve_pages(m);
}

/*
 * Linux: set_recommended_min_free_kbytes(), mm/khugepaged.c.  With THP on,
 * keep two free pageblocks per zone plus room for every migratetype to fall
 * back into another without mixing, but never more than 5% of lowmem.
 * With THP off, back to the plain formula.
 */
static void set_recommended_min_free_kbytes(struct machine *m)
{
	unsigned long nr_zones = 0, recommended_min;

	if (!m->thp_enabled) {
		calculate_min_free_kbytes(m);
		setup_per_zone_wmarks(m);
		return;
	}

	for_each_zone(m, zone)
		if (populated_zone(zone) && zone_idx(zone) <= ZONE_NORMAL)
			nr_zones++;
	recommended_min = pageblock_nr_pages(m) * nr_zones * 2;
	recommended_min += pageblock_nr_pages(m) * nr_zones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
	if (recommended_min > nr_free_buffer_pages(m) / 20)
		recommended_min = nr_free_buffer_pages(m) / 20;
	recommended_min = pages_to_kb(recommended_min);
	if (recommended_min > (unsigned long)m->vm.min_free_kbytes)
		m->vm.min_free_kbytes = (int)recommended_min;
	setup_per_zone_wmarks(m);
}

/*
 * Linux: start_stop_khugepaged(), mm/khugepaged.c: after every write to
 * the THP "enabled" file, khugepaged starts or stops and min_free_kbytes
 * is raised for THP or recomputed without it.
 */
void start_stop_khugepaged(struct machine *m)
{
	set_recommended_min_free_kbytes(m);
}

/*
 * Linux: init_per_zone_wmark_min() at boot, without its vmstat thresholds
 * (refresh_zone_stat_thresholds(), which only read the marks and come
 * next in machine_boot()).
 */
void init_per_zone_wmark_min(struct machine *m)
{
	calculate_min_free_kbytes(m);
	setup_per_zone_wmarks(m);
	setup_per_zone_lowmem_reserve(m);
}

/*
 * Linux: calculate_totalreserve_pages(), mm/page_alloc.c.  Per zone, the
 * largest lowmem_reserve it keeps against higher zones plus its high
 * watermark, capped at its managed pages, kept in m->totalreserve_pages.
 * The kernel computes this when the watermarks or the reserves are set up,
 * when any boost is 0, so the boost is left out.
 */
void calculate_totalreserve_pages(struct machine *m)
{
	unsigned long reserve_pages = 0;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		if (pgdat)
			pgdat->totalreserve_pages = 0;
		for (int zid = 0; pgdat && zid < MAX_NR_ZONES; zid++) {
			const struct zone *zone = &pgdat->node_zones[zid];
			long max = 0;

			for (int j = zid; j < MAX_NR_ZONES; j++)
				if (zone->lowmem_reserve[j] > max)
					max = zone->lowmem_reserve[j];
			max += (long)zone->_watermark[WMARK_HIGH];
			if ((unsigned long)max > zone->managed_pages)
				max = (long)zone->managed_pages;
			pgdat->totalreserve_pages += (unsigned long)max;
			reserve_pages += (unsigned long)max;
		}
	}
	m->totalreserve_pages = reserve_pages;
}

/* ---- checking a zone against its marks ---- */

/* Linux: __zone_watermark_unusable_free(), mm/page_alloc.c */
static long zone_watermark_unusable_free(const struct machine *m, const struct zone *z,
					 unsigned int order, unsigned int alloc_flags)
{
	long unusable_free = (1l << order) - 1;

	/* 6.10: only the reserve's free pages are out of reach (account_freepages()). */
	if (!(alloc_flags & (ALLOC_HARDER | ALLOC_OOM)))
		unusable_free += (long)(m->profile->alloc.freelist_accounting ?
					z->nr_free_highatomic : z->nr_reserved_highatomic);
	if (m->has_cma && !(alloc_flags & ALLOC_CMA))
		unusable_free += (long)zone_page_state(z, NR_FREE_CMA_PAGES);
	return unusable_free;
}

/* Which of zone's marks (boost included) mark is; NR_WMARK: none of them. */
static int wmark_which(const struct zone *z, unsigned long mark)
{
	for (int i = WMARK_MIN; i <= WMARK_HIGH; i++)
		if (mark == wmark_pages(z, (enum zone_watermarks)i))
			return i;
	return NR_WMARK;
}

/* The narration of the free-pages test of __zone_watermark_ok(). */
static void explain_watermark(struct machine *m, const struct zone *z, unsigned int order,
			      unsigned long mark, int highest_zoneidx, unsigned int alloc_flags,
			      long free_pages, long min, bool ok)
{
	bool harder = alloc_flags & (ALLOC_HARDER | ALLOC_OOM);
	long highatomic = harder ? 0 : (long)(m->profile->alloc.freelist_accounting ?
					      z->nr_free_highatomic : z->nr_reserved_highatomic);
	long cma = m->has_cma && !(alloc_flags & ALLOC_CMA) ?
		   (long)zone_page_state(z, NR_FREE_CMA_PAGES) : 0;

	MM_EXPLAIN(&m->explain, "watermark_check", "__zone_watermark_ok", "mm/page_alloc.c",
		   { "nid", z->node }, { "zid", zone_idx(z) }, { "order", order },
		   { "free_pages", free_pages },
		   { "unusable", zone_watermark_unusable_free(m, z, order, alloc_flags) },
		   { "highatomic", highatomic }, { "cma", cma },
		   { "wmark", wmark_which(z, mark) }, { "mark", (long)mark }, { "min", min },
		   { "reserve", z->lowmem_reserve[highest_zoneidx] }, { "ok", ok });
}

/*
 * The free-area part of __zone_watermark_ok(): a list of order o or more
 * the request may take from.  Each order looked at is narrated.
 */
static bool watermark_free_area_ok(struct machine *m, const struct zone *z, unsigned int order,
				   unsigned int alloc_flags, bool alloc_harder)
{
	for (unsigned int o = order; o < MAX_ORDER; o++) {
		const struct free_area *area = &z->free_area[o];
		int found = -1;

		for (int mt = 0; mt < MIGRATE_PCPTYPES && found < 0 && area->nr_free; mt++)
			if (!page_list_empty(&area->free_list[mt]))
				found = mt;
		if (found < 0 && area->nr_free && (alloc_flags & ALLOC_CMA) &&
		    !page_list_empty(&area->free_list[MIGRATE_CMA]))
			found = MIGRATE_CMA;
		if (found < 0 && area->nr_free && alloc_harder &&
		    !page_list_empty(&area->free_list[MIGRATE_HIGHATOMIC]))
			found = MIGRATE_HIGHATOMIC;
		if (found >= 0) {
			MM_EXPLAIN(&m->explain, "watermark_area_ok", "__zone_watermark_ok",
				   "mm/page_alloc.c", { "order", o }, { "mt", found },
				   { "nr_free", (long)area->nr_free });
			return true;
		}
		MM_EXPLAIN(&m->explain, "watermark_area_empty", "__zone_watermark_ok",
			   "mm/page_alloc.c", { "order", o }, { "nr_free", (long)area->nr_free });
	}
	MM_EXPLAIN(&m->explain, "watermark_area_fail", "__zone_watermark_ok", "mm/page_alloc.c",
		   { "order", order });
	return false;
}

/*
 * Linux: __zone_watermark_ok(), mm/page_alloc.c.  True if free pages stay
 * above mark plus the lowmem reserve held against highest_zoneidx, and (for
 * order > 0) some list the caller may use holds a block of that order.
 */
bool __zone_watermark_ok(struct machine *m, struct zone *z, unsigned int order,
			 unsigned long mark, int highest_zoneidx, unsigned int alloc_flags,
			 long free_pages)
{
	bool alloc_harder = alloc_flags & (ALLOC_HARDER | ALLOC_OOM);
	long min = (long)mark;

	long all_free = free_pages;
	bool ok;

	free_pages -= zone_watermark_unusable_free(m, z, order, alloc_flags);
	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (alloc_harder)
		min -= (alloc_flags & ALLOC_OOM) ? min / 2 : min / 4;
	ok = free_pages > min + z->lowmem_reserve[highest_zoneidx];
	if (mm_explaining(&m->explain))
		explain_watermark(m, z, order, mark, highest_zoneidx, alloc_flags, all_free, min, ok);
	if (!ok)
		return false;
	if (!order)
		return true;
	if (mm_explaining(&m->explain))
		return watermark_free_area_ok(m, z, order, alloc_flags, alloc_harder);
	for (unsigned int o = order; o < MAX_ORDER; o++) {
		const struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!page_list_empty(&area->free_list[mt]))
				return true;
		if ((alloc_flags & ALLOC_CMA) && !page_list_empty(&area->free_list[MIGRATE_CMA]))
			return true;
		if (alloc_harder && !page_list_empty(&area->free_list[MIGRATE_HIGHATOMIC]))
			return true;
	}
	return false;
}

/* Linux: zone_watermark_ok(), mm/page_alloc.c */
bool zone_watermark_ok(struct machine *m, struct zone *z, unsigned int order,
		       unsigned long mark, int highest_zoneidx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(m, z, order, mark, highest_zoneidx, alloc_flags,
				   (long)zone_page_state(z, NR_FREE_PAGES));
}

/* Linux: zone_watermark_ok_safe(), mm/page_alloc.c */
bool zone_watermark_ok_safe(struct machine *m, struct zone *z, unsigned int order,
			    unsigned long mark, int highest_zoneidx)
{
	long free_pages = (long)zone_page_state(z, NR_FREE_PAGES);

	if (z->percpu_drift_mark && free_pages < (long)z->percpu_drift_mark)
		free_pages = (long)zone_page_state_snapshot(z, NR_FREE_PAGES);
	return __zone_watermark_ok(m, z, order, mark, highest_zoneidx, 0, free_pages);
}

/* Linux: zone_watermark_fast(), mm/page_alloc.c */
bool zone_watermark_fast(struct machine *m, struct zone *z, unsigned int order,
				unsigned long mark, int highest_zoneidx,
				unsigned int alloc_flags, gfp_t gfp)
{
	long free_pages = (long)zone_page_state(z, NR_FREE_PAGES);

	if (!order) {
		long reserved = zone_watermark_unusable_free(m, z, 0, alloc_flags);
		long usable_free = free_pages - (reserved < free_pages ? reserved : free_pages);

		if (usable_free > (long)mark + z->lowmem_reserve[highest_zoneidx]) {
			MM_EXPLAIN(&m->explain, "watermark_fast_ok", "zone_watermark_fast",
				   "mm/page_alloc.c", { "nid", z->node }, { "zid", zone_idx(z) },
				   { "free_pages", free_pages }, { "unusable", reserved },
				   { "wmark", wmark_which(z, mark) }, { "mark", (long)mark },
				   { "reserve", z->lowmem_reserve[highest_zoneidx] });
			return true;
		}
	}
	if (__zone_watermark_ok(m, z, order, mark, highest_zoneidx, alloc_flags, free_pages))
		return true;
	/* GFP_ATOMIC order-0 ignores the boost at the min mark. */
	if (!order && (gfp & __GFP_ATOMIC) && z->watermark_boost &&
	    (alloc_flags & ALLOC_WMARK_MASK) == WMARK_MIN) {
		MM_EXPLAIN(&m->explain, "watermark_atomic_unboost", "zone_watermark_fast",
			   "mm/page_alloc.c", { "boost", (long)z->watermark_boost },
			   { "mark", (long)z->_watermark[WMARK_MIN] });
		return __zone_watermark_ok(m, z, order, z->_watermark[WMARK_MIN],
					   highest_zoneidx, alloc_flags, free_pages);
	}
	return false;
}
