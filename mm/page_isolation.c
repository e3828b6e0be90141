/*
 * mm/page_isolation.c - making the pageblocks of a pfn range
 * MIGRATE_ISOLATE and back (the API and its contract: mm/page_isolation.h).
 *
 * Isolating a pageblock moves its free blocks onto the MIGRATE_ISOLATE
 * lists and takes them out of the free counters; the allocator never
 * takes from those lists, __free_one_page() keeps them from merging with
 * other types' blocks above pageblock order, and a free into the block
 * goes straight to them.  Undoing moves them back and counts them again.
 *
 * Invariants: zone->nr_isolate_pageblock is the number of the zone's
 * pageblocks of type MIGRATE_ISOLATE (pageblock_check() verifies it);
 * every failing call leaves no pageblock isolated that it isolated.
 * Nothing runs concurrently here, so the kernel's zone->lock sections and
 * its races (a block freed between two checks) have no counterpart.
 *
 * Linux counterpart: mm/page_isolation.c (6.1).
 */
#include "mm/page_isolation.h"

#include <errno.h>

#include "mm/bug.h"
#include "mm/explain.h"
#include "mm/compaction.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/page_alloc_contig.h"
#include "mm/sparse.h"

/* Linux: is_migrate_isolate_page(), include/linux/page-isolation.h */
bool is_migrate_isolate_page(const struct machine *m, const struct page *page)
{
	return get_pageblock_migratetype(m, page_to_pfn(m, page)) == MIGRATE_ISOLATE;
}

/*
 * The has_unmovable_pages() verdict on one compound page outside
 * ZONE_MOVABLE: a hugetlb page migrates (x86_64 migrates both its sizes:
 * hugepage_migration_supported()), any other compound page only when it
 * is on an LRU or movable.
 */
static bool compound_is_unmovable(struct machine *m, struct page *page)
{
	struct page *head = compound_head(m, page);

	if (PageHuge(m, page))
		return false;
	return !PageLRU(head) && !__PageMovable(head);
}

/* Linux: has_unmovable_pages(), mm/page_isolation.c */
struct page *has_unmovable_pages(struct machine *m, pfn_t start_pfn, pfn_t end_pfn,
				 int migratetype, int isol_flags)
{
	struct page *page = pfn_to_page(m, start_pfn);
	struct zone *zone = page_zone(m, page);

	MM_BUG_ON(pageblock_start_pfn(m, start_pfn) != pageblock_start_pfn(m, end_pfn - 1));
	/* Only CMA's own allocations may isolate a CMA pageblock. */
	if (get_pageblock_migratetype(m, start_pfn) == MIGRATE_CMA)
		return migratetype == MIGRATE_CMA ? NULL : page;
	for (pfn_t pfn = start_pfn; pfn < end_pfn; pfn++) {
		page = pfn_to_page(m, pfn);
		/* Holes and boot allocations: unmovable even in ZONE_MOVABLE. */
		if (PageReserved(page))
			return page;
		if (zone_idx(zone) == ZONE_MOVABLE)
			continue;
		if (PageCompound(page)) {
			struct page *head = compound_head(m, page);

			if (compound_is_unmovable(m, page))
				return page;
			pfn = page_to_pfn(m, head) + folio_nr_pages(head) - 1;
			continue;
		}
		if (!page_count(page)) {
			if (PageBuddy(page))
				pfn += order_to_pages(buddy_order(page)) - 1;
			continue;
		}
		if ((isol_flags & MEMORY_OFFLINE) && (PageHWPoison(page) || PageOffline(page)))
			continue;
		if (__PageMovable(page) || PageLRU(page))
			continue;
		return page;
	}
	return NULL;
}

/*
 * Linux: set_migratetype_isolate(), mm/page_isolation.c.  Isolate the
 * pageblock of page if the part of it inside [start_pfn, end_pfn) holds
 * nothing unmovable.  0 or -EBUSY (also when it is isolated already).
 */
static int set_migratetype_isolate(struct machine *m, struct page *page, int migratetype,
				   int isol_flags, pfn_t start_pfn, pfn_t end_pfn)
{
	struct zone *zone = page_zone(m, page);
	pfn_t pfn = page_to_pfn(m, page);
	pfn_t check_start = pfn > start_pfn ? pfn : start_pfn;
	pfn_t block_end = pageblock_start_pfn(m, pfn) + pageblock_nr_pages(m);
	pfn_t check_end = block_end < end_pfn ? block_end : end_pfn;
	struct page *unmovable;
	int mt, nr_pages;

	if (is_migrate_isolate_page(m, page))
		return -EBUSY;
	unmovable = has_unmovable_pages(m, check_start, check_end, migratetype, isol_flags);
	if (unmovable) {
		MM_EXPLAIN(&m->explain, "isolate_unmovable", "set_migratetype_isolate",
			   "mm/page_isolation.c", { "pfn", (long)page_to_pfn(m, unmovable) },
			   { "block_pfn", (long)pageblock_start_pfn(m, pfn) },
			   { "mt", get_pageblock_migratetype(m, pfn) }, { "rc", -EBUSY });
		if (isol_flags & REPORT_FAILURE)
			m->stats.isolate_unmovable_reported++;
		return -EBUSY;
	}
	mt = get_pageblock_migratetype(m, pfn);
	set_pageblock_migratetype(m, pfn, MIGRATE_ISOLATE);
	zone->nr_isolate_pageblock++;
	nr_pages = move_freepages_block(m, zone, page, MIGRATE_ISOLATE, NULL);
	/* 6.10 (freelist hygiene): the move counted itself. */
	if (!m->profile->alloc.freelist_accounting)
		mod_zone_freepage_state(zone, -(long)nr_pages, mt);
	return 0;
}

/*
 * A free block of pageblock order or more heading this isolated
 * pageblock whose buddy is free and not isolated: take it off so that
 * putting it back merges the two (move_freepages_block() never merges).
 */
static bool isolate_mergeable_block(struct machine *m, struct page *page, unsigned int *order)
{
	struct page *buddy;

	if (!PageBuddy(page))
		return false;
	*order = buddy_order(page);
	if (*order < m->pageblock_order || *order >= MAX_ORDER - 1)
		return false;
	buddy = find_buddy_page_pfn(m, page, page_to_pfn(m, page), *order, NULL);
	if (!buddy || is_migrate_isolate_page(m, buddy))
		return false;
	/* Watermarks do not apply to an isolated block: this cannot fail. */
	return __isolate_free_page(m, page, *order) != 0;
}

/* Linux: unset_migratetype_isolate(), mm/page_isolation.c */
static void unset_migratetype_isolate(struct machine *m, struct page *page, int migratetype)
{
	struct zone *zone = page_zone(m, page);
	pfn_t pfn = page_to_pfn(m, page);
	unsigned int order = 0;
	bool isolated_page;

	if (!is_migrate_isolate_page(m, page))
		return;
	isolated_page = isolate_mergeable_block(m, page, &order);
	if (!isolated_page) {
		int nr_pages = move_freepages_block(m, zone, page, migratetype, NULL);

		if (!m->profile->alloc.freelist_accounting)
			mod_zone_freepage_state(zone, nr_pages, migratetype);
	}
	set_pageblock_migratetype(m, pfn, migratetype);
	if (isolated_page)
		__putback_isolated_page(m, page, order, migratetype);
	zone->nr_isolate_pageblock--;
}

/* Linux: __first_valid_page(), mm/page_isolation.c: the first online frame. */
static struct page *first_valid_page(const struct machine *m, pfn_t pfn, unsigned long nr_pages)
{
	for (unsigned long i = 0; i < nr_pages; i++) {
		struct page *page = pfn_to_online_page(m, pfn + i);

		if (page)
			return page;
	}
	return NULL;
}

/*
 * The pfn of the free block that now holds pfn (a freed compound page's
 * frames merged into one), or PFN_NONE.  isolate_single_pageblock()'s
 * search after a migration.
 */
static pfn_t free_block_holding(const struct machine *m, pfn_t pfn)
{
	pfn_t outer = pfn;

	for (unsigned int order = 0; !PageBuddy(pfn_to_page(m, outer));) {
		if (++order >= MAX_ORDER)
			return PFN_NONE;
		outer &= ~(pfn_t)0 << order;
	}
	return outer;
}

/*
 * isolate_single_pageblock()'s step for an in-use compound page (head at
 * head_pfn) that crosses the boundary: migrate it away (its pageblock
 * isolated meanwhile so that nobody takes the freed frames), then return
 * where the free block it left starts.  PFN_NONE: it cannot move.
 */
static pfn_t migrate_straddling_page(struct machine *m, struct page *page, pfn_t pfn,
				     int isol_flags, gfp_t gfp)
{
	struct page *head = compound_head(m, page);
	pfn_t head_pfn = page_to_pfn(m, head);
	pfn_t end = head_pfn + folio_nr_pages(head);
	int page_mt = get_pageblock_migratetype(m, pfn);
	bool isolate_page = !is_migrate_isolate_page(m, page);
	struct compact_control cc = {
		.order = -1, .zone = page_zone(m, head), .mode = MIGRATE_SYNC,
		.ignore_skip_hint = true, .no_set_skip_hint = true, .gfp_mask = gfp,
		.alloc_contig = true,
	};
	int ret;

	if (!PageHuge(m, page) && !PageLRU(head) && !__PageMovable(head))
		return PFN_NONE;
	page_list_init(&cc.migratepages);
	page_list_init(&cc.freepages);
	if (isolate_page && set_migratetype_isolate(m, page, page_mt, isol_flags, head_pfn, end))
		return PFN_NONE;
	ret = __alloc_contig_migrate_range(m, &cc, head_pfn, end);
	if (isolate_page)
		unset_migratetype_isolate(m, page, page_mt);
	if (ret)
		return PFN_NONE;
	return free_block_holding(m, pfn);
}

/*
 * Linux: isolate_single_pageblock(), mm/page_isolation.c.  Isolate the
 * pageblock just below (isolate_before) or at boundary_pfn (unless
 * skip_isolation: the caller isolated it), then make sure no block
 * crosses the boundary from the MAX_ORDER-aligned start below it: a free
 * block is split there, an in-use compound page migrated away and its
 * free block split.  0 or -EBUSY (the pageblock given back).
 */
static int isolate_single_pageblock(struct machine *m, pfn_t boundary_pfn, int isol_flags,
				    gfp_t gfp, bool isolate_before, bool skip_isolation,
				    int migratetype)
{
	pfn_t block = isolate_before ? boundary_pfn - pageblock_nr_pages(m) : boundary_pfn;
	struct zone *zone = page_zone(m, pfn_to_page(m, block));
	pfn_t pfn = block & ~(pfn_t)(order_to_pages(MAX_ORDER - 1) - 1);

	MM_BUG_ON(pageblock_start_pfn(m, boundary_pfn) != boundary_pfn);
	if (pfn < zone->zone_start_pfn)
		pfn = zone->zone_start_pfn;
	if (!skip_isolation) {
		int ret = set_migratetype_isolate(m, pfn_to_page(m, block), migratetype, isol_flags,
						  block, block + pageblock_nr_pages(m));
		if (ret)
			return ret;
	}
	/* Nothing can cross a boundary with a frame offline on its other side. */
	if (!pfn_to_online_page(m, isolate_before ? boundary_pfn : boundary_pfn - 1))
		return 0;
	while (pfn < boundary_pfn) {
		struct page *page = first_valid_page(m, pfn, boundary_pfn - pfn);

		MM_BUG_ON(!page);
		pfn = page_to_pfn(m, page);
		if (PageBuddy(page)) {
			unsigned int order = buddy_order(page);

			if (pfn + order_to_pages(order) > boundary_pfn &&
			    split_free_page(m, page, order, boundary_pfn - pfn))
				continue;
			pfn += order_to_pages(order);
			continue;
		}
		if (PageCompound(page)) {
			struct page *head = compound_head(m, page);

			if (page_to_pfn(m, head) + folio_nr_pages(head) <= boundary_pfn) {
				pfn = page_to_pfn(m, head) + folio_nr_pages(head);
				continue;
			}
			pfn = migrate_straddling_page(m, page, pfn, isol_flags, gfp);
			if (pfn == PFN_NONE)
				goto failed;
			continue;
		}
		pfn++;
	}
	return 0;
failed:
	if (!skip_isolation)
		unset_migratetype_isolate(m, pfn_to_page(m, block), migratetype);
	return -EBUSY;
}

/* Linux: pageblock_align(), mm/internal.h: pfn rounded up to a pageblock. */
static pfn_t pageblock_align(const struct machine *m, pfn_t pfn)
{
	return pageblock_start_pfn(m, pfn + pageblock_nr_pages(m) - 1);
}

/* The work of start_isolate_page_range(): 0 or -EBUSY, the range as it was on failure. */
static int isolate_page_range(struct machine *m, pfn_t start_pfn, pfn_t end_pfn,
			      int migratetype, int isol_flags, gfp_t gfp)
{
	pfn_t isolate_start = pageblock_start_pfn(m, start_pfn);
	pfn_t isolate_end = pageblock_align(m, end_pfn);
	unsigned long pb = pageblock_nr_pages(m);
	int ret;

	/* The end blocks first: pages may cross the range's boundaries there. */
	ret = isolate_single_pageblock(m, isolate_start, isol_flags, gfp, false, false,
				       migratetype);
	if (ret)
		return ret;
	ret = isolate_single_pageblock(m, isolate_end, isol_flags, gfp, true,
				       isolate_start == isolate_end - pb, migratetype);
	if (ret) {
		unset_migratetype_isolate(m, pfn_to_page(m, isolate_start), migratetype);
		return ret;
	}
	for (pfn_t pfn = isolate_start + pb; pfn < isolate_end - pb; pfn += pb) {
		struct page *page = first_valid_page(m, pfn, pb);

		if (page && set_migratetype_isolate(m, page, migratetype, isol_flags, start_pfn,
						    end_pfn)) {
			undo_isolate_page_range(m, isolate_start, pfn, migratetype);
			unset_migratetype_isolate(m, pfn_to_page(m, isolate_end - pb), migratetype);
			return -EBUSY;
		}
	}
	return 0;
}

/* Linux: start_isolate_page_range(), mm/page_isolation.c */
int start_isolate_page_range(struct machine *m, pfn_t start_pfn, pfn_t end_pfn,
			     int migratetype, int isol_flags, gfp_t gfp)
{
	int ret = isolate_page_range(m, start_pfn, end_pfn, migratetype, isol_flags, gfp);

	MM_EXPLAIN(&m->explain, "isolate_range", "start_isolate_page_range", "mm/page_isolation.c",
		   { "start_pfn", (long)start_pfn }, { "end_pfn", (long)end_pfn },
		   { "nr_blocks", (long)((pageblock_align(m, end_pfn) -
					  pageblock_start_pfn(m, start_pfn)) / pageblock_nr_pages(m)) },
		   { "rc", ret });
	return ret;
}

/* Linux: undo_isolate_page_range(), mm/page_isolation.c */
void undo_isolate_page_range(struct machine *m, pfn_t start_pfn, pfn_t end_pfn,
			     int migratetype)
{
	pfn_t isolate_end = pageblock_align(m, end_pfn);
	unsigned long pb = pageblock_nr_pages(m);

	for (pfn_t pfn = pageblock_start_pfn(m, start_pfn); pfn < isolate_end; pfn += pb) {
		struct page *page = first_valid_page(m, pfn, pb);

		if (page && is_migrate_isolate_page(m, page))
			unset_migratetype_isolate(m, page, migratetype);
	}
}

/*
 * Linux: __test_page_isolated_in_pageblock(), mm/page_isolation.c: the
 * first frame of [pfn, end_pfn) that is neither free nor (offlining)
 * poisoned or an unreferenced PageOffline frame.
 */
static pfn_t first_busy_pfn(const struct machine *m, pfn_t pfn, pfn_t end_pfn, int isol_flags)
{
	while (pfn < end_pfn) {
		struct page *page = pfn_to_page(m, pfn);

		if (PageBuddy(page))
			pfn += order_to_pages(buddy_order(page));
		else if ((isol_flags & MEMORY_OFFLINE) && PageHWPoison(page))
			pfn++;
		else if ((isol_flags & MEMORY_OFFLINE) && PageOffline(page) && !page_count(page))
			pfn++;
		else
			break;
	}
	return pfn;
}

/* Linux: test_pages_isolated(), mm/page_isolation.c */
int test_pages_isolated(struct machine *m, pfn_t start_pfn, pfn_t end_pfn, int isol_flags,
			pfn_t *fin_pfn)
{
	unsigned long pb = pageblock_nr_pages(m);
	pfn_t pfn;
	int ret;

	/* The types first: free blocks need not be pageblock-aligned. */
	for (pfn = start_pfn; pfn < end_pfn; pfn += pb) {
		struct page *page = first_valid_page(m, pfn, pb);

		if (page && !is_migrate_isolate_page(m, page))
			break;
	}
	if (pfn < end_pfn || !first_valid_page(m, start_pfn, end_pfn - start_pfn)) {
		ret = -EBUSY;
	} else {
		pfn = first_busy_pfn(m, start_pfn, end_pfn, isol_flags);
		ret = pfn < end_pfn ? -EBUSY : 0;
	}
	if (fin_pfn)
		*fin_pfn = pfn;
	MM_EXPLAIN(&m->explain, "test_pages_isolated", "test_pages_isolated", "mm/page_isolation.c",
		   { "start_pfn", (long)start_pfn }, { "end_pfn", (long)end_pfn },
		   { "busy_pfn", ret ? (long)pfn : -1 }, { "rc", ret });
	if (ret)
		m->stats.test_pages_isolated_fail++;
	return ret;
}
