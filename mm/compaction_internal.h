/*
 * mm/compaction_internal.h - what the three parts of compaction share:
 * the run (mm/compaction.c), its scanners and skip hints
 * (mm/compaction_scan.c) and kcompactd (mm/kcompactd.c).  The kernel
 * keeps all three in mm/compaction.c as static functions.
 *
 * Linux counterpart: mm/compaction.c (6.1).
 */
#ifndef MM_COMPACTION_INTERNAL_H
#define MM_COMPACTION_INTERNAL_H

#include "mm/compaction.h"
#include "mm/internal.h"

/* Linux: isolate_migrate_t, mm/compaction.c: what the migrate scanner found. */
typedef enum {
	ISOLATE_ABORT,		/* stop the run now */
	ISOLATE_NONE,		/* nothing isolated: scan on */
	ISOLATE_SUCCESS,	/* migrate what is isolated */
} isolate_migrate_t;

/* Linux: is_via_compact_memory(): order -1 is the user's full compaction. */
static inline bool is_via_compact_memory(int order)
{
	return order == -1;
}

/* Linux: pageblock_end_pfn(), mm/internal.h */
static inline pfn_t pageblock_end_pfn(const struct machine *m, pfn_t pfn)
{
	return pageblock_start_pfn(m, pfn) + pageblock_nr_pages(m);
}

static inline bool pageblock_aligned(const struct machine *m, pfn_t pfn)
{
	return !(pfn & (pageblock_nr_pages(m) - 1));
}

/*
 * Linux: block_start_pfn() / block_end_pfn(), mm/compaction.c: the
 * order-aligned block holding pfn (order -1 counts as 0).
 */
static inline pfn_t block_start_pfn(pfn_t pfn, int order)
{
	return pfn & ~(order_to_pages(order < 0 ? 0 : (unsigned int)order) - 1);
}

static inline pfn_t block_end_pfn(pfn_t pfn, int order)
{
	return block_start_pfn(pfn, order) + order_to_pages(order < 0 ? 0 : (unsigned int)order);
}

/*
 * Linux: compact_scanners_met(): the free scanner is in the migrate
 * scanner's pageblock or below it.
 */
static inline bool compact_scanners_met(const struct machine *m, const struct compact_control *cc)
{
	return (cc->free_pfn >> m->pageblock_order) <= (cc->migrate_pfn >> m->pageblock_order);
}

/* ---- mm/compaction_scan.c ---- */

/*
 * The first page of [start_pfn, end_pfn) if the range lies in zone, its
 * ends valid and online.  Linux: pageblock_pfn_to_page(), mm/page_alloc.c
 */
struct page *pageblock_pfn_to_page(const struct machine *m, pfn_t start_pfn, pfn_t end_pfn,
				   struct zone *zone);

/* Both scanners back to the zone's ends.  Linux: reset_cached_positions() */
void reset_cached_positions(struct machine *m, struct zone *zone);

/* Clear the zone's skip hints, if asked.  Linux: __reset_isolation_suitable() */
void __reset_isolation_suitable(struct machine *m, struct zone *zone);

/* The migrate scanner's step.  Linux: isolate_migratepages() */
isolate_migrate_t isolate_migratepages(struct machine *m, struct compact_control *cc);

/* migrate_pages()'s get_new_page / put_new_page.  Linux: compaction_alloc/free() */
struct page *compaction_alloc(struct machine *m, struct page *migratepage, unsigned long data);
void compaction_free(struct machine *m, struct page *page, unsigned long data);

/* Free every page of list; the highest pfn freed.  Linux: release_freepages() */
pfn_t release_freepages(struct machine *m, struct page_list *list);

/*
 * The migrate scanner over [start_pfn, end_pfn) for alloc_contig_range().
 * 0 or -EAGAIN.  Linux: isolate_migratepages_range(), mm/compaction.c
 */
int isolate_migratepages_range(struct machine *m, struct compact_control *cc, pfn_t start_pfn,
			       pfn_t end_pfn);

/*
 * Every frame of [start_pfn, end_pfn) off the free lists as allocated
 * order-0 pages; the pfn after the last taken, or 0 (nothing taken).
 * Linux: isolate_freepages_range(), mm/compaction.c
 */
pfn_t isolate_freepages_range(struct machine *m, struct compact_control *cc, pfn_t start_pfn,
			      pfn_t end_pfn);

/* ---- mm/kcompactd.c ---- */

/* Linux: fragmentation_score_zone(): extfrag at the huge page order. */
unsigned int fragmentation_score_zone(const struct machine *m, const struct zone *zone);

/* Linux: kswapd_is_running(), mm/compaction.c */
bool kswapd_is_running(const pg_data_t *pgdat);

#endif /* MM_COMPACTION_INTERNAL_H */
