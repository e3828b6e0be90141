/*
 * mm/vmstat.h - the numbers behind /proc/vmstat, buddyinfo, pagetypeinfo,
 * zoneinfo and debugfs extfrag: counter names and the fragmentation indices.
 * The text layouts themselves are produced in sim/procfs.c.
 *
 * Linux counterpart: mm/vmstat.c, include/linux/vmstat.h; the mixed
 * pageblock count comes from mm/page_owner.c.
 */
#ifndef MM_VMSTAT_H
#define MM_VMSTAT_H

#include "mm/mmzone.h"

extern const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS];
extern const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS];
extern const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS];
extern const char *const vm_event_names[NR_VM_EVENT_ITEMS];
extern const char *const zone_names[MAX_NR_ZONES];		/* "DMA", "DMA32", ... */
extern const char *const migratetype_names[MIGRATE_TYPES];	/* "Unmovable", ... */

/* Linux: struct contig_page_info / fill_contig_page_info(), mm/vmstat.c */
struct contig_page_info {
	unsigned long free_pages;
	unsigned long free_blocks_total;
	unsigned long free_blocks_suitable;
};
void fill_contig_page_info(const struct zone *zone, unsigned int suitable_order,
			   struct contig_page_info *info);

/* The same over free-block counts per order (e.g. summed over zones). */
void fill_contig_info_from_counts(const unsigned long nr_free[MAX_ORDER],
				  unsigned int suitable_order, struct contig_page_info *info);

/* Linux: __fragmentation_index(); -1000 when a suitable block exists. */
int fragmentation_index(const struct zone *zone, unsigned int order);

/* Linux: unusable_free_index(); 0..1000. */
int unusable_free_index(const struct zone *zone, unsigned int order);

/* The same over filled-in contig info (the kernel's own signature). */
int __unusable_free_index(unsigned int order, const struct contig_page_info *info);

/* Linux: extfrag_for_order(), 0..100 (the proactive-compaction score). */
unsigned int extfrag_for_order(const struct zone *zone, unsigned int order);

/*
 * Does the machine expose migratetype mt in its ABI (pagetypeinfo columns,
 * trace numbers)?  MIGRATE_CMA only with CONFIG_CMA.
 */
bool migratetype_in_abi(const struct machine *m, int mt);

/* The number the kernel prints for mt: without CMA, ISOLATE is 4. */
int migratetype_abi_number(const struct machine *m, int mt);


/* Blocks on one free list (the pagetypeinfo walk). */
unsigned long free_list_length(const struct machine *m, const struct zone *zone,
			       unsigned int order, int mt);

/*
 * The same walk stopped at max blocks (0: no limit), as pagetypeinfo's
 * is; *overflow tells whether it stopped early.
 */
unsigned long free_list_length_capped(const struct machine *m, const struct zone *zone,
				     unsigned int order, int mt, unsigned long max, bool *overflow);


/*
 * Does pagetypeinfo count, for zone, the pageblock holding pfn (one of the
 * pfns zone_start_pfn + k * pageblock_nr_pages)?  Its memmap must be online,
 * and a present first frame must belong to the zone.
 */
bool zone_counts_pageblock(const struct machine *m, const struct zone *zone, pfn_t pfn);

/* Pageblocks of each type whose start lies in the zone (pagetypeinfo). */
void pageblock_type_counts(const struct machine *m, const struct zone *zone,
			   unsigned long counts[MIGRATE_TYPES]);

/*
 * The migratetype of the allocation whose head is page (page->owner must
 * be valid), as page_owner derives it from the recorded gfp mask:
 * gfp_migratetype(), which answers Unmovable for every mask while mobility
 * grouping is disabled.  The kind the mixed-pageblock count compares with
 * the block's type.
 */
int page_owner_migratetype(const struct machine *m, const struct page *page);

/*
 * Mixed pageblocks of the zone by pageblock type: blocks holding an
 * allocated page (page->owner) of another gfp migratetype, each counted
 * once; CMA blocks count as MIGRATE_MOVABLE.  Walks the zone's memmap.
 * Linux: pagetypeinfo_showmixedcount_print(), mm/page_owner.c ("Number of
 * mixed blocks" in /proc/pagetypeinfo with page_owner on).
 */
void pageblock_mixed_counts(const struct machine *m, const struct zone *zone,
			    unsigned long counts[MIGRATE_TYPES]);

/*
 * Node counters /proc/vmstat and zoneinfo show in THPs rather than pages
 * (the count divided by HPAGE_PMD_NR).  Linux: vmstat_item_print_in_thp(),
 * include/linux/vmstat.h.
 */
bool vmstat_item_print_in_thp(enum node_stat_item item);

/*
 * Every /proc/vmstat line, in its order, as (name, value) through emit:
 * THP counters in THPs, the dirty limits, pgpgin/pgpgout in KiB, the
 * deprecated counters (0).  Linux: vmstat_start() + vmstat_show(),
 * mm/vmstat.c.
 */
typedef void (*vmstat_emit_fn)(void *ctx, const char *name, unsigned long value);
void vmstat_walk(const struct machine *m, vmstat_emit_fn emit, void *ctx);

#endif /* MM_VMSTAT_H */
