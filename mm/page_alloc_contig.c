/*
 * mm/page_alloc_contig.c - contiguous allocation (API: mm/page_alloc_contig.h).
 *
 * alloc_contig_range() empties a fixed pfn range and takes it: isolation
 * (mm/page_isolation.c) keeps the frames freed there from being handed
 * out again, the compaction machinery's migrate scanner and
 * migrate_pages() move the in-use pages elsewhere, and the compaction
 * free scanner's strict mode takes the now free range off the buddy.
 * alloc_contig_pages() finds a range worth trying.
 *
 * Invariants: on return every pageblock the range touches has its type
 * back and no page is left isolated for migration; on failure the range
 * holds what it held (less what migrated away), every checker green.
 * numasim runs one thread: the kernel's lru_cache_disable() (no per-CPU
 * LRU batches here) and fatal-signal checks have no counterpart, and the
 * clean page cache is migrated rather than dropped
 * (reclaim_clean_pages_from_list() is not modelled).
 *
 * Linux counterpart: mm/page_alloc.c (6.1): __alloc_contig_migrate_range(),
 * alloc_contig_range(), pfn_range_valid_contig(), zone_spans_last_pfn(),
 * alloc_contig_pages(), free_contig_range().
 */
#include "mm/page_alloc_contig.h"

#include <errno.h>

#include "mm/bug.h"
#include "mm/explain.h"
#include "mm/compaction_internal.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/page_isolation.h"
#include "mm/sparse.h"
#include "mm/vmscan.h"

/* Linux: __alloc_contig_migrate_range(), mm/page_alloc.c */
int __alloc_contig_migrate_range(struct machine *m, struct compact_control *cc, pfn_t start,
				 pfn_t end)
{
	struct migration_target_control mtc = {
		.nid = cc->zone->node,
		.gfp_mask = GFP_USER | __GFP_MOVABLE | __GFP_RETRY_MAYFAIL,
	};
	unsigned int tries = 0;
	pfn_t pfn = start;
	int ret = 0;

	while (pfn < end || !page_list_empty(&cc->migratepages)) {
		if (page_list_empty(&cc->migratepages)) {
			cc->nr_migratepages = 0;
			ret = isolate_migratepages_range(m, cc, pfn, end);
			if (ret && ret != -EAGAIN)
				break;
			/* numasim's scanner backs off instead of waiting: bound it. */
			if (ret == -EAGAIN && cc->migrate_pfn == pfn && ++tries == 5) {
				ret = -EBUSY;
				break;
			}
			if (cc->migrate_pfn != pfn)
				tries = 0;
			pfn = cc->migrate_pfn;
		} else if (++tries == 5) {
			ret = -EBUSY;
			break;
		}
		/* Clean page cache is dropped, not moved. */
		cc->nr_migratepages -= reclaim_clean_pages_from_list(m, cc->zone, &cc->migratepages);
		MM_EXPLAIN(&m->explain, "contig_migrate_round", "__alloc_contig_migrate_range",
			   "mm/page_alloc.c", { "pfn", (long)pfn },
			   { "nr_isolated", (long)cc->nr_migratepages }, { "tries", tries });
		ret = migrate_pages(m, &cc->migratepages, alloc_migration_target, NULL,
				    (unsigned long)&mtc, cc->mode, MR_CONTIG_RANGE, NULL);
		if (ret == -ENOMEM)
			break;
	}
	if (ret == -EBUSY)
		MM_EXPLAIN(&m->explain, "contig_migrate_busy", "__alloc_contig_migrate_range",
			   "mm/page_alloc.c", { "pfn", (long)pfn }, { "tries", tries },
			   { "rc", ret });
	if (ret < 0) {
		putback_movable_pages(m, &cc->migratepages);
		cc->nr_migratepages = 0;
		return ret;
	}
	return 0;
}

/*
 * alloc_contig_range()'s outer_start: the head of the free block that
 * holds start, if a free block does (the range then starts inside it);
 * else start.
 */
static pfn_t outer_start_of(const struct machine *m, pfn_t start)
{
	pfn_t outer = start;
	unsigned int order = 0;

	while (!PageBuddy(pfn_to_page(m, outer))) {
		if (++order >= MAX_ORDER)
			return start;
		outer &= ~(pfn_t)0 << order;
	}
	/* A small free block below start does not hold it. */
	if (outer != start && outer + order_to_pages(buddy_order(pfn_to_page(m, outer))) <= start)
		return start;
	return outer;
}

/*
 * The part of alloc_contig_range() after the migration: everything free
 * and isolated, then taken, the excess at both ends given back.
 */
static int take_isolated_range(struct machine *m, struct compact_control *cc, pfn_t start,
			       pfn_t end)
{
	pfn_t outer_start = outer_start_of(m, start), outer_end;

	if (test_pages_isolated(m, outer_start, end, 0, NULL))
		return -EBUSY;
	outer_end = isolate_freepages_range(m, cc, outer_start, end);
	if (!outer_end)
		return -EBUSY;
	MM_EXPLAIN(&m->explain, "contig_taken", "alloc_contig_range", "mm/page_alloc.c",
		   { "outer_start", (long)outer_start }, { "outer_end", (long)outer_end },
		   { "start_pfn", (long)start }, { "end_pfn", (long)end });
	if (start != outer_start)
		free_contig_range(m, outer_start, start - outer_start);
	if (end != outer_end)
		free_contig_range(m, end, outer_end - end);
	return 0;
}

/* Linux: alloc_contig_range(), mm/page_alloc.c */
int alloc_contig_range(struct machine *m, pfn_t start, pfn_t end, int migratetype, gfp_t gfp)
{
	struct compact_control cc = {
		.order = -1, .zone = page_zone(m, pfn_to_page(m, start)), .mode = MIGRATE_SYNC,
		.ignore_skip_hint = true, .no_set_skip_hint = true, .gfp_mask = gfp,
		.alloc_contig = true,
	};
	int ret;

	MM_BUG_ON(start >= end);
	MM_EXPLAIN(&m->explain, "alloc_contig_range_begin", "alloc_contig_range", "mm/page_alloc.c",
		   { "start_pfn", (long)start }, { "end_pfn", (long)end }, { "mt", migratetype },
		   { "nid", cc.zone->node }, { "zid", zone_idx(cc.zone) });
	page_list_init(&cc.migratepages);
	page_list_init(&cc.freepages);
	ret = start_isolate_page_range(m, start, end, migratetype, 0, gfp);
	if (ret)
		goto out;
	drain_all_pages(m, cc.zone);
	/* -EBUSY is not final: what stayed may be free by now. */
	ret = __alloc_contig_migrate_range(m, &cc, start, end);
	if (!ret || ret == -EBUSY)
		ret = take_isolated_range(m, &cc, start, end);
	undo_isolate_page_range(m, start, end, migratetype);
out:
	MM_EXPLAIN(&m->explain, "alloc_contig_range_end", "alloc_contig_range", "mm/page_alloc.c",
		   { "start_pfn", (long)start }, { "end_pfn", (long)end }, { "rc", ret });
	if (ret)
		m->stats.contig_range_fail++;
	else
		m->stats.contig_range_success++;
	return ret;
}

/* Linux: pfn_range_valid_contig(), mm/page_alloc.c */
static bool pfn_range_valid_contig(struct machine *m, struct zone *z, pfn_t start_pfn,
				   unsigned long nr_pages)
{
	for (pfn_t pfn = start_pfn; pfn < start_pfn + nr_pages; pfn++) {
		struct page *page = pfn_to_online_page(m, pfn);

		if (!page || page_zone(m, page) != z || PageReserved(page) || PageHuge(m, page))
			return false;
	}
	return true;
}

/* Linux: zone_spans_last_pfn(), mm/page_alloc.c */
static bool zone_spans_last_pfn(const struct zone *zone, pfn_t start_pfn, unsigned long nr_pages)
{
	return zone_spans_pfn(zone, start_pfn + nr_pages - 1);
}

/*
 * Linux: ALIGN(zone->zone_start_pfn, nr_pages), include/linux/align.h: the
 * kernel's mask arithmetic, exact for a power of two (the documented
 * alignment); for other sizes it is what the mask gives.
 */
static pfn_t contig_first_candidate(const struct zone *zone, unsigned long nr_pages)
{
	return (zone->zone_start_pfn + nr_pages - 1) & ~(pfn_t)(nr_pages - 1);
}

/* Linux: alloc_contig_pages(), mm/page_alloc.c */
struct page *alloc_contig_pages(struct machine *m, unsigned long nr_pages, gfp_t gfp, int nid,
				const nodemask_t *nodemask)
{
	pg_data_t *pgdat = NODE_DATA(m, nid == NUMA_NO_NODE ? numa_node_id(m) : nid);
	struct zonelist *zonelist = &pgdat->node_zonelists[(gfp & __GFP_THISNODE) ?
							   ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];
	struct zoneref *z = zonelist->_zonerefs;
	struct zone *zone;

	if (!nr_pages || gfp_zone(gfp) < 0)
		goto fail;
	for_next_zone_zonelist_nodemask(zone, z, (enum zone_type)gfp_zone(gfp), nodemask) {
		for (pfn_t pfn = contig_first_candidate(zone, nr_pages);
		     zone_spans_last_pfn(zone, pfn, nr_pages); pfn += nr_pages) {
			if (!pfn_range_valid_contig(m, zone, pfn, nr_pages))
				continue;
			if (!alloc_contig_range(m, pfn, pfn + nr_pages, MIGRATE_MOVABLE, gfp)) {
				m->stats.contig_pages_success++;
				return pfn_to_page(m, pfn);
			}
		}
	}
fail:
	m->stats.contig_pages_fail++;
	return NULL;
}

/* Linux: free_contig_range(), mm/page_alloc.c */
unsigned long free_contig_range(struct machine *m, pfn_t pfn, unsigned long nr_pages)
{
	unsigned long in_use = 0;

	for (; nr_pages--; pfn++) {
		struct page *page = pfn_to_page(m, pfn);

		in_use += page_count(page) != 1;
		__free_pages(m, page, 0);
	}
	return in_use;
}
