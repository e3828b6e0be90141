/*
 * mm/page_alloc_contig.h - contiguous allocation: a fixed pfn range, or
 * any suitable range of a size, taken out of the buddy allocator by
 * migrating what is in use there away.  What CMA, gigantic hugetlb pages
 * and (with the isolation of mm/page_isolation.h) memory offlining build on.
 *
 *	if (alloc_contig_range(m, start, end, MIGRATE_MOVABLE, GFP_KERNEL) == 0)
 *		... frames [start, end) are the caller's, refcount 1 each ...
 *	free_contig_range(m, start, end - start);
 *
 *	page = alloc_contig_pages(m, nr_pages, GFP_KERNEL | __GFP_THISNODE, nid, NULL);
 *
 * The frames are order-0 pages (not compound), each with a reference;
 * the caller may make them a compound page (gigantic hugetlb pages do).
 * Counted in m->stats.contig_*; the migrations in pgmigrate_* and
 * mm_migrate_pages with reason contig_range, the scanners in
 * compact_isolated and the compaction isolate events.
 *
 * Linux counterpart: include/linux/gfp.h (CONFIG_CONTIG_ALLOC), the
 * alloc_contig_range() family of mm/page_alloc.c (6.1).
 */
#ifndef MM_PAGE_ALLOC_CONTIG_H
#define MM_PAGE_ALLOC_CONTIG_H

#include "mm/gfp.h"
#include "mm/mmzone.h"

struct compact_control;

/*
 * Allocate exactly the frames [start, end), which lie in one zone and
 * need not be aligned.  migratetype is the type of the range's pageblocks
 * (MIGRATE_MOVABLE or MIGRATE_CMA); gfp is for the migration targets'
 * reclaim context.  Isolates the range, drains the per-CPU lists,
 * migrates the in-use pages away (MIGRATE_SYNC, MR_CONTIG_RANGE, five
 * tries per batch), checks that everything is free, takes it, frees what
 * the free blocks held beyond the range, and gives the pageblocks back
 * their type.  0, or -EBUSY (an unmovable or pinned page, a page that did
 * not migrate) or -ENOMEM (no migration target), the range as it was.
 * Linux: alloc_contig_range(), mm/page_alloc.c
 */
int alloc_contig_range(struct machine *m, pfn_t start, pfn_t end, int migratetype, gfp_t gfp);

/*
 * Find and allocate nr_pages contiguous frames in a zone of nid's zonelist
 * (within nodemask, NULL: any; gfp_zone(gfp) the highest zone), trying
 * the candidate ranges of each zone from its start: aligned to nr_pages
 * when it is a power of two, every frame online, of the zone, not
 * reserved and not hugetlb (pfn_range_valid_contig()).  The first page,
 * or NULL.  Linux: alloc_contig_pages(), mm/page_alloc.c
 */
struct page *alloc_contig_pages(struct machine *m, unsigned long nr_pages, gfp_t gfp, int nid,
				const nodemask_t *nodemask);

/*
 * Drop one reference of each frame [pfn, pfn + nr_pages); returns how
 * many frames had another reference (6.1 warns "pages are still in use").
 * Linux: free_contig_range(), mm/page_alloc.c
 */
unsigned long free_contig_range(struct machine *m, pfn_t pfn, unsigned long nr_pages);

/*
 * Migrate the movable pages of [start, end) (one zone: cc->zone) away to
 * any node, cc's mode, MR_CONTIG_RANGE: batches of the migrate scanner,
 * each retried up to five times.  0 when every batch went (what stays
 * may still be free by the time the caller checks), -EBUSY, -ENOMEM or
 * -EAGAIN; the pages not migrated are put back.
 * Linux: __alloc_contig_migrate_range(), mm/page_alloc.c
 */
int __alloc_contig_migrate_range(struct machine *m, struct compact_control *cc, pfn_t start,
				 pfn_t end);

#endif /* MM_PAGE_ALLOC_CONTIG_H */
