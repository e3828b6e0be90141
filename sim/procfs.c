/*
 * sim/procfs.c - the kernel's /proc, sysfs and debugfs text views of a
 * machine: buddyinfo, pagetypeinfo, zoneinfo, vmstat, meminfo, the per-node
 * meminfo files, extfrag/extfrag_index and extfrag/unusable_index, and each
 * task's numa_maps, byte for byte in Linux 6.1's layout (checked against
 * the reference kernel recordings in tests/data/oracle).
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
 * The views only read the machine and lay out what mm/ computes: the
 * per-CPU vmstat threshold and the /proc/vmstat sequence (mm/vmstat.c),
 * the dirty limits (mm/page-writeback.c), meminfo and numa_maps
 * (mm/task_mmu.c); everything the allocator owns (watermarks,
 * lowmem_reserve, pcp high and batch) is printed as found.
 *
 * Linux counterpart: mm/vmstat.c (frag_show, pagetypeinfo_show,
 * zoneinfo_show, vmstat_show, extfrag_show, unusable_show),
 * fs/proc/meminfo.c, drivers/base/node.c (node_read_meminfo),
 * fs/proc/task_mmu.c (show_numa_map), v6.1.
 */
#include "sim/procfs.h"

#include <string.h>

#include "mm/mempolicy.h"
#include "mm/mm_types.h"
#include "mm/oom.h"
#include "mm/slab.h"
#include "mm/swap.h"
#include "mm/task_mmu.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"

/* The kernel caps a pagetypeinfo free-list walk at this many blocks. */
#define PAGETYPEINFO_WALK_CAP	100000ul

/* The boot pageset a zone without per-CPU lists points at (Linux: boot_pageset). */
#define BOOT_PAGESET_HIGH	0
#define BOOT_PAGESET_BATCH	1

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

		if (node_has_memory(m, nid))
			pagetypeinfo_node(f, m, pgdat);
	}
}

/* ---- /proc/zoneinfo -------------------------------------------------------- */

static unsigned long node_stat_shown(enum node_stat_item item, long pages)
{
	unsigned long value = pages < 0 ? 0 : (unsigned long)pages;

	return vmstat_item_print_in_thp(item) ? value / HPAGE_PMD_NR : value;
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

static void vmstat_line(void *f, const char *name, unsigned long value)
{
	fprintf(f, "%s %lu\n", name, value);
}

/* Linux: vmstat_show(), mm/vmstat.c */
void procfs_vmstat(FILE *f, const struct machine *m)
{
	vmstat_walk(m, vmstat_line, f);
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

/* ---- /proc/meminfo --------------------------------------------------------- */

#define KB_PER_PAGE	(PAGE_SIZE >> 10)

/*
 * Linux: show_val_kb(), fs/proc/meminfo.c.  The label carries its own
 * padding to 16 columns, as the kernel's string literals do; the value is
 * right-aligned in 8 more and overflows rather than being cut.
 */
static void show_val_kb(FILE *f, const char *label, unsigned long nr_pages)
{
	fprintf(f, "%s%8lu kB\n", label, nr_pages * KB_PER_PAGE);
}

static void show_kb(FILE *f, const char *label, unsigned long kb)
{
	fprintf(f, "%s%8lu kB\n", label, kb);
}

static void meminfo_lru(FILE *f, const struct meminfo *mi)
{
	const unsigned long *lru = mi->lru;

	show_val_kb(f, "Active:         ", lru[LRU_ACTIVE_ANON] + lru[LRU_ACTIVE_FILE]);
	show_val_kb(f, "Inactive:       ", lru[LRU_INACTIVE_ANON] + lru[LRU_INACTIVE_FILE]);
	show_val_kb(f, "Active(anon):   ", lru[LRU_ACTIVE_ANON]);
	show_val_kb(f, "Inactive(anon): ", lru[LRU_INACTIVE_ANON]);
	show_val_kb(f, "Active(file):   ", lru[LRU_ACTIVE_FILE]);
	show_val_kb(f, "Inactive(file): ", lru[LRU_INACTIVE_FILE]);
	show_val_kb(f, "Unevictable:    ", lru[LRU_UNEVICTABLE]);
}

/* From KReclaimable to Percpu: kernel memory and the commit accounting. */
static void meminfo_kernel(FILE *f, const struct meminfo *mi)
{
	show_val_kb(f, "KReclaimable:   ", mi->kreclaimable);
	show_val_kb(f, "Slab:           ", mi->slab_reclaimable + mi->slab_unreclaimable);
	show_val_kb(f, "SReclaimable:   ", mi->slab_reclaimable);
	show_val_kb(f, "SUnreclaim:     ", mi->slab_unreclaimable);
	show_kb(f, "KernelStack:    ", mi->kernel_stack_kb);
	show_val_kb(f, "PageTables:     ", mi->pagetables);
	show_val_kb(f, "SecPageTables:  ", mi->sec_pagetables);
	show_val_kb(f, "NFS_Unstable:   ", mi->nfs_unstable);
	show_val_kb(f, "Bounce:         ", mi->bounce);
	show_val_kb(f, "WritebackTmp:   ", mi->writeback_tmp);
	show_val_kb(f, "CommitLimit:    ", mi->commit_limit);
	show_val_kb(f, "Committed_AS:   ", mi->committed_as);
	show_kb(f, "VmallocTotal:   ", mi->vmalloc_total_kb);
	show_val_kb(f, "VmallocUsed:    ", mi->vmalloc_used);
	show_val_kb(f, "VmallocChunk:   ", mi->vmalloc_chunk);
	show_val_kb(f, "Percpu:         ", mi->percpu);
	fprintf(f, "HardwareCorrupted: %5lu kB\n", mi->hardware_corrupted * KB_PER_PAGE);
}

/* THP lines, then Linux: hugetlb_report_meminfo() and x86's arch_report_meminfo(). */
static void meminfo_huge(FILE *f, const struct meminfo *mi)
{
	show_val_kb(f, "AnonHugePages:  ", mi->anon_thps);
	show_val_kb(f, "ShmemHugePages: ", mi->shmem_thps);
	show_val_kb(f, "ShmemPmdMapped: ", mi->shmem_pmdmapped);
	show_val_kb(f, "FileHugePages:  ", mi->file_thps);
	show_val_kb(f, "FilePmdMapped:  ", mi->file_pmdmapped);
	if (mi->has_cma) {
		show_val_kb(f, "CmaTotal:       ", mi->cma_total);
		show_val_kb(f, "CmaFree:        ", mi->cma_free);
	}
	fprintf(f,
		"HugePages_Total:   %5lu\n"
		"HugePages_Free:    %5lu\n"
		"HugePages_Rsvd:    %5lu\n"
		"HugePages_Surp:    %5lu\n",
		mi->huge_pages_total, mi->huge_pages_free, mi->huge_pages_rsvd,
		mi->huge_pages_surp);
	show_kb(f, "Hugepagesize:   ", mi->hugepagesize_kb);
	show_kb(f, "Hugetlb:        ", mi->hugetlb_kb);
	show_kb(f, "DirectMap4k:    ", mi->directmap_4k_kb);
	show_kb(f, "DirectMap2M:    ", mi->directmap_2m_kb);
	show_kb(f, "DirectMap1G:    ", mi->directmap_1g_kb);
}

/*
 * Linux: meminfo_proc_show(), fs/proc/meminfo.c, as the reference kernel
 * is configured: CONFIG_ZSWAP and CONFIG_MEMORY_FAILURE on, no HIGHMEM,
 * no shadow call stack; CmaTotal and CmaFree with CONFIG_CMA (kernel.cma).
 */
void procfs_meminfo(FILE *f, const struct machine *m)
{
	struct meminfo mi;

	meminfo_gather(m, &mi);
	show_val_kb(f, "MemTotal:       ", mi.totalram);
	show_val_kb(f, "MemFree:        ", mi.freeram);
	show_val_kb(f, "MemAvailable:   ", mi.available);
	show_val_kb(f, "Buffers:        ", mi.bufferram);
	show_val_kb(f, "Cached:         ", mi.cached);
	show_val_kb(f, "SwapCached:     ", mi.swapcached);
	meminfo_lru(f, &mi);
	show_val_kb(f, "Mlocked:        ", mi.mlocked);
	show_val_kb(f, "SwapTotal:      ", mi.totalswap);
	show_val_kb(f, "SwapFree:       ", mi.freeswap);
	show_kb(f, "Zswap:          ", mi.zswap_kb);
	show_val_kb(f, "Zswapped:       ", mi.zswapped);
	show_val_kb(f, "Dirty:          ", mi.dirty);
	show_val_kb(f, "Writeback:      ", mi.writeback);
	show_val_kb(f, "AnonPages:      ", mi.anon_pages);
	show_val_kb(f, "Mapped:         ", mi.mapped);
	show_val_kb(f, "Shmem:          ", mi.shmem);
	meminfo_kernel(f, &mi);
	meminfo_huge(f, &mi);
}

/* ---- /sys/devices/system/node/nodeN/meminfo --------------------------------- */

/* One "Node N LABEL VALUE kB" line; the label carries the kernel's padding. */
static void node_val_kb(FILE *f, int nid, const char *label, unsigned long nr_pages)
{
	fprintf(f, "Node %d %s%8lu kB\n", nid, label, nr_pages * KB_PER_PAGE);
}

static void node_meminfo_lru(FILE *f, int nid, const struct node_meminfo *ni)
{
	const unsigned long *lru = ni->lru;

	node_val_kb(f, nid, "Active:         ", lru[LRU_ACTIVE_ANON] + lru[LRU_ACTIVE_FILE]);
	node_val_kb(f, nid, "Inactive:       ", lru[LRU_INACTIVE_ANON] + lru[LRU_INACTIVE_FILE]);
	node_val_kb(f, nid, "Active(anon):   ", lru[LRU_ACTIVE_ANON]);
	node_val_kb(f, nid, "Inactive(anon): ", lru[LRU_INACTIVE_ANON]);
	node_val_kb(f, nid, "Active(file):   ", lru[LRU_ACTIVE_FILE]);
	node_val_kb(f, nid, "Inactive(file): ", lru[LRU_INACTIVE_FILE]);
	node_val_kb(f, nid, "Unevictable:    ", lru[LRU_UNEVICTABLE]);
}

/* From Dirty to SUnreclaim, the kernel's second block of lines. */
static void node_meminfo_usage(FILE *f, int nid, const struct node_meminfo *ni)
{
	node_val_kb(f, nid, "Dirty:          ", ni->dirty);
	node_val_kb(f, nid, "Writeback:      ", ni->writeback);
	node_val_kb(f, nid, "FilePages:      ", ni->file_pages);
	node_val_kb(f, nid, "Mapped:         ", ni->mapped);
	node_val_kb(f, nid, "AnonPages:      ", ni->anon_pages);
	node_val_kb(f, nid, "Shmem:          ", ni->shmem);
	fprintf(f, "Node %d KernelStack:    %8lu kB\n", nid, ni->kernel_stack_kb);
	node_val_kb(f, nid, "PageTables:     ", ni->pagetables);
	node_val_kb(f, nid, "SecPageTables:  ", ni->sec_pagetables);
	node_val_kb(f, nid, "NFS_Unstable:   ", ni->nfs_unstable);
	node_val_kb(f, nid, "Bounce:         ", ni->bounce);
	node_val_kb(f, nid, "WritebackTmp:   ", ni->writeback_tmp);
	node_val_kb(f, nid, "KReclaimable:   ", ni->kreclaimable);
	node_val_kb(f, nid, "Slab:           ", ni->slab_reclaimable + ni->slab_unreclaimable);
	node_val_kb(f, nid, "SReclaimable:   ", ni->slab_reclaimable);
	node_val_kb(f, nid, "SUnreclaim:     ", ni->slab_unreclaimable);
}

/*
 * Linux: node_read_meminfo(), drivers/base/node.c, and
 * hugetlb_report_node_meminfo().  The kernel's FileHugePages and
 * FilePmdMapped labels are one column short of the others; so are ours.
 */
void procfs_node_meminfo(FILE *f, const struct machine *m, int nid)
{
	struct node_meminfo ni;

	node_meminfo_gather(m, nid, &ni);
	node_val_kb(f, nid, "MemTotal:       ", ni.totalram);
	node_val_kb(f, nid, "MemFree:        ", ni.freeram);
	node_val_kb(f, nid, "MemUsed:        ", ni.totalram - ni.freeram);
	node_val_kb(f, nid, "SwapCached:     ", ni.swapcached);
	node_meminfo_lru(f, nid, &ni);
	node_val_kb(f, nid, "Mlocked:        ", ni.mlocked);
	node_meminfo_usage(f, nid, &ni);
	node_val_kb(f, nid, "AnonHugePages:  ", ni.anon_thps);
	node_val_kb(f, nid, "ShmemHugePages: ", ni.shmem_thps);
	node_val_kb(f, nid, "ShmemPmdMapped: ", ni.shmem_pmdmapped);
	node_val_kb(f, nid, "FileHugePages: ", ni.file_thps);
	node_val_kb(f, nid, "FilePmdMapped: ", ni.file_pmdmapped);
	fprintf(f,
		"Node %d HugePages_Total: %5lu\n"
		"Node %d HugePages_Free:  %5lu\n"
		"Node %d HugePages_Surp:  %5lu\n",
		nid, ni.huge_pages_total, nid, ni.huge_pages_free, nid, ni.huge_pages_surp);
}

/* ---- /proc/PID/numa_maps --------------------------------------------------- */

/*
 * Linux: seq_file_path() -> mangle_path(), fs/seq_file.c: each character
 * of esc in the path becomes a backslash and three octal digits.
 */
static void put_escaped_path(FILE *f, const char *path, const char *esc)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (strchr(esc, *p))
			fprintf(f, "\\%03o", *p);
		else
			fputc(*p, f);
	}
}

/* The counts after the name, in the kernel's order and with its conditions. */
static void numa_maps_counts(FILE *f, const struct machine *m, const struct vm_area_struct *vma,
			     const struct numa_maps *md)
{
	if (md->anon)
		fprintf(f, " anon=%lu", md->anon);
	if (md->dirty)
		fprintf(f, " dirty=%lu", md->dirty);
	if (md->pages != md->anon && md->pages != md->dirty)
		fprintf(f, " mapped=%lu", md->pages);
	if (md->mapcount_max > 1)
		fprintf(f, " mapmax=%lu", md->mapcount_max);
	if (md->swapcache)
		fprintf(f, " swapcache=%lu", md->swapcache);
	if (md->active < md->pages && !(vma->vm_flags & VM_HUGETLB))
		fprintf(f, " active=%lu", md->active);
	if (md->writeback)
		fprintf(f, " writeback=%lu", md->writeback);
	for_each_online_node(m, nid)
		if (md->node[nid])
			fprintf(f, " N%d=%lu", nid, md->node[nid]);
	fprintf(f, " kernelpagesize_kB=%lu", md->kernelpagesize_kb);
}

/*
 * Linux: show_numa_map(), fs/proc/task_mmu.c.  No VMA is a heap or a
 * stack: the model has no brk area and no stack VMA.
 */
static void numa_maps_vma(FILE *f, const struct machine *m, const struct task_struct *t,
			  struct vm_area_struct *vma)
{
	char policy[64];
	struct numa_maps md;

	mpol_to_str(policy, sizeof(policy), numa_maps_policy(t, vma));
	fprintf(f, "%08llx %s", (unsigned long long)vma->vm_start, policy);
	if (vma->vm_file) {
		fputs(" file=", f);
		put_escaped_path(f, vma->vm_file->name, "\n\t= ");
	}
	if (vma->vm_flags & VM_HUGETLB)
		fputs(" huge", f);
	gather_numa_maps(m, vma, &md);
	if (md.pages)
		numa_maps_counts(f, m, vma, &md);
	fputc('\n', f);
}

void procfs_numa_maps(FILE *f, const struct machine *m, const struct task_struct *t)
{
	for (size_t i = 0; t->mm && i < t->mm->nr_vmas; i++)
		numa_maps_vma(f, m, t, t->mm->vmas[i]);
}

/* ---- /proc/PID/oom_score, /proc/PID/oom_score_adj ---------------------------- */

/* Linux: proc_oom_score(), fs/proc/base.c */
void procfs_oom_score(FILE *f, const struct machine *m, const struct task_struct *t)
{
	fprintf(f, "%lu\n", oom_score(m, t));
}

/* Linux: oom_score_adj_read(), fs/proc/base.c */
void procfs_oom_score_adj(FILE *f, const struct machine *m, const struct task_struct *t)
{
	(void)m;
	fprintf(f, "%d\n", t->oom_score_adj);
}

/* ---- /proc/slabinfo ---------------------------------------------------------- */

/*
 * Linux: slabinfo_show(), mm/slab_common.c: the 2.1 header, then one line
 * per cache, newest first (caches are list_add()ed), objsize being the
 * size of an object in its slab (s->size), tunables and shared counts 0
 * under SLUB.
 */
void procfs_slabinfo(FILE *f, const struct machine *m)
{
	fputs("slabinfo - version: 2.1\n"
	      "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
	      " : tunables <limit> <batchcount> <sharedfactor>"
	      " : slabdata <active_slabs> <num_slabs> <sharedavail>\n", f);
	for (unsigned int i = m->slab->nr_caches; i-- > 0;) {
		const struct kmem_cache *s = m->slab->caches[i];
		struct slabinfo si;

		get_slabinfo(m, s, &si);
		fprintf(f, "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n",
			s->name, si.active_objs, si.num_objs, s->size, si.objects_per_slab,
			1 << si.cache_order, 0u, 0u, 0u, si.active_slabs, si.num_slabs, 0ul);
	}
}

/* ---- /proc/swaps ---------------------------------------------------------- */

/*
 * Linux: swap_show(), mm/swapfile.c: one line per swap device in swapon
 * order, sizes in KiB (the usable slots; the header page is not counted).
 * numasim names its swap files /swapfile0, /swapfile1, ... by type.
 */
void procfs_swaps(FILE *f, const struct machine *m)
{
	fputs("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n", f);
	for (unsigned int i = 0; i < m->swap.nr_swapfiles; i++) {
		const struct swap_info_struct *si = m->swap.info[i];
		unsigned long kb = si->pages << (PAGE_SHIFT - 10);
		unsigned long used = si->inuse_pages << (PAGE_SHIFT - 10);
		int len = fprintf(f, "/swapfile%u", i);

		fprintf(f, "%*s%s\t%lu\t%s%lu\t%s%d\n", len < 40 ? 40 - len : 1, " ", "file\t", kb,
			kb < 10000000 ? "\t" : "", used, used < 10000000 ? "\t" : "", si->prio);
	}
}
