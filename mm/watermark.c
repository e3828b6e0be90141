/*
 * mm/watermark.c - the numbers the allocator is tuned by: min_free_kbytes,
 * the per-zone min/low/high watermarks, lowmem_reserve, per-CPU list
 * batch/high, and the vm sysctls that change them.
 *
 * Everything here is derived state: it is recomputed from managed pages and
 * the sysctls whenever either changes (boot, a sysctl write), in the order
 * the kernel recomputes it, so the values match a real 6.1 kernel's
 * /proc/zoneinfo for the same zone sizes.
 *
 * Invariants: min <= low <= high <= promo for every zone; pcp->high >= 4 *
 * pcp->batch (or high 0 for a zone without managed pages).
 *
 * Linux counterpart: mm/page_alloc.c (v6.1): calculate_min_free_kbytes(),
 * __setup_per_zone_wmarks(), setup_per_zone_lowmem_reserve(),
 * zone_batchsize(), zone_highsize(), nr_free_buffer_pages(), the vm sysctl
 * handlers; mm/khugepaged.c: set_recommended_min_free_kbytes().
 * This file is split out of page_alloc.c only to keep that file readable.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/sysctl.h"
#include "mm/vmstat_counters.h"

/* Linux: int_sqrt(), lib/math/int_sqrt.c */
static unsigned long int_sqrt(unsigned long x)
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
 * Linux: init_per_zone_wmark_min() at boot, followed by khugepaged's start
 * (hugepage_init -> start_stop_khugepaged) when THP is enabled.
 */
void init_per_zone_wmark_min(struct machine *m)
{
	calculate_min_free_kbytes(m);
	setup_per_zone_wmarks(m);
	refresh_zone_stat_thresholds(m);
	setup_per_zone_lowmem_reserve(m);
	if (m->thp_enabled)
		set_recommended_min_free_kbytes(m);
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
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int zid = 0; pgdat && zid < MAX_NR_ZONES; zid++) {
			const struct zone *zone = &pgdat->node_zones[zid];
			long max = 0;

			for (int j = zid; j < MAX_NR_ZONES; j++)
				if (zone->lowmem_reserve[j] > max)
					max = zone->lowmem_reserve[j];
			max += (long)zone->_watermark[WMARK_HIGH];
			if ((unsigned long)max > zone->managed_pages)
				max = (long)zone->managed_pages;
			reserve_pages += (unsigned long)max;
		}
	}
	m->totalreserve_pages = reserve_pages;
}

/* ---- vm sysctls ---- */

struct vm_sysctl {
	const char *name;
	long min, max;
	int (*write)(struct machine *m, long value);
};

/* Linux: min_free_kbytes_sysctl_handler(): the user's value sticks. */
static int write_min_free_kbytes(struct machine *m, long value)
{
	m->vm.min_free_kbytes = (int)value;
	m->vm.user_min_free_kbytes = (int)value;
	setup_per_zone_wmarks(m);
	return 0;
}

/* Linux: watermark_scale_factor_sysctl_handler() */
static int write_watermark_scale_factor(struct machine *m, long value)
{
	m->vm.watermark_scale_factor = (int)value;
	setup_per_zone_wmarks(m);
	return 0;
}

static int write_watermark_boost_factor(struct machine *m, long value)
{
	m->vm.watermark_boost_factor = (int)value;
	return 0;
}

/* Linux: percpu_pagelist_high_fraction_sysctl_handler(): 0, or at least 8. */
static int write_percpu_pagelist_high_fraction(struct machine *m, long value)
{
	if (value != 0 && value < 8)
		return -EINVAL;
	m->vm.percpu_pagelist_high_fraction = (int)value;
	zone_pcp_update_all(m);
	return 0;
}

static int write_extfrag_threshold(struct machine *m, long value)
{
	m->vm.extfrag_threshold = (int)value;
	return 0;
}

/* Linux: proc_dointvec_jiffies on sysctl_stat_interval: read at the next re-arm. */
static int write_stat_interval(struct machine *m, long value)
{
	m->vm.stat_interval = (int)value;
	return 0;
}

/* Linux: vmstat_refresh(): any write folds every CPU's counters now. */
static int write_stat_refresh(struct machine *m, long value)
{
	vmstat_refresh(m);
	return 0;
}

static const struct vm_sysctl vm_sysctls[] = {
	{ "vm.min_free_kbytes", 0, 0x7fffffff, write_min_free_kbytes },
	{ "vm.watermark_scale_factor", 1, 3000, write_watermark_scale_factor },
	{ "vm.watermark_boost_factor", 0, 0x7fffffff, write_watermark_boost_factor },
	{ "vm.percpu_pagelist_high_fraction", 0, 0x7fffffff, write_percpu_pagelist_high_fraction },
	{ "vm.extfrag_threshold", 0, 1000, write_extfrag_threshold },
	{ "vm.stat_interval", 1, 86400, write_stat_interval },
	{ "vm.stat_refresh", LONG_MIN, LONG_MAX, write_stat_refresh },
};

int mm_sysctl_write(struct machine *m, const char *name, long value)
{
	for (size_t i = 0; i < sizeof(vm_sysctls) / sizeof(vm_sysctls[0]); i++) {
		const struct vm_sysctl *s = &vm_sysctls[i];

		if (strcmp(s->name, name) != 0)
			continue;
		if (value < s->min || value > s->max)
			return -EINVAL;
		return s->write(m, value);
	}
	return -ENOENT;
}
