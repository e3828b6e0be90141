/*
 * mm/compaction_scan.c - compaction's two scanners and the pageblock skip
 * hints they leave for each other and for later runs.
 *
 * The migrate scanner (isolate_migratepages()) walks a zone upwards one
 * pageblock at a time and isolates what can move: LRU folios (not
 * compound: a THP or hugetlb page is skipped whole) and non-LRU movable
 * pages.  The free scanner (isolate_freepages()) walks downwards and
 * takes free buddy blocks out of the allocator, split into order-0 pages:
 * the destinations compaction_alloc() hands to migrate_pages().  Before
 * scanning linearly each first tries the free lists (fast_find_migrateblock(),
 * fast_isolate_freepages()) for a good place to start.
 *
 * Invariants: a page on cc->freepages is an allocated order-0 page (count
 * 1, not PageBuddy) counted out of NR_FREE_PAGES; a folio on
 * cc->migratepages is isolated (off its LRU with a reference and counted
 * in NR_ISOLATED_*, or PG_isolated).  cc->nr_* count their base pages.
 * The kernel's lock juggling (zone->lock, lru_lock, cond_resched) has no
 * counterpart: nothing runs concurrently, so every "recheck under the
 * lock" holds.
 *
 * Linux counterpart: mm/compaction.c (6.1): isolate_freepages_block() ..
 * compaction_free(), isolate_migratepages_block() .. isolate_migratepages(),
 * the skip-hint helpers.
 */
#include "mm/compaction_internal.h"

#include <errno.h>

#include "mm/bug.h"
#include "mm/explain.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/sparse.h"
#include "mm/swap.h"
#include "mm/vmscan.h"

/* Linux: pageblock_pfn_to_page() / __pageblock_pfn_to_page(), mm/page_alloc.c */
struct page *pageblock_pfn_to_page(const struct machine *m, pfn_t start_pfn, pfn_t end_pfn,
				   struct zone *zone)
{
	struct page *start_page, *end_page;

	end_pfn--;
	if (!pfn_valid(m, start_pfn) || !pfn_valid(m, end_pfn))
		return NULL;
	start_page = pfn_to_online_page(m, start_pfn);
	if (!start_page || page_zone(m, start_page) != zone)
		return NULL;
	end_page = pfn_to_page(m, end_pfn);
	if (page_zone(m, end_page) != zone)
		return NULL;
	return start_page;
}

/* ==================== skip hints and cached positions ==================== */

/* Linux: isolation_suitable(), mm/compaction.c */
static bool isolation_suitable(const struct machine *m, const struct compact_control *cc,
			       const struct page *page)
{
	return cc->ignore_skip_hint || !get_pageblock_skip(m, page_to_pfn(m, page));
}

/* Linux: reset_cached_positions(), mm/compaction.c */
void reset_cached_positions(struct machine *m, struct zone *zone)
{
	zone->compact_cached_migrate_pfn[0] = zone->zone_start_pfn;
	zone->compact_cached_migrate_pfn[1] = zone->zone_start_pfn;
	zone->compact_cached_free_pfn = pageblock_start_pfn(m, zone_end_pfn(zone) - 1);
}

/*
 * Linux: pageblock_skip_persistent(), mm/compaction.c: a block under a
 * compound page of at least pageblock order stays skipped: nothing there
 * to move or to take.
 */
static bool pageblock_skip_persistent(const struct machine *m, struct page *page)
{
	if (!PageCompound(page))
		return false;
	return compound_order(compound_head(m, page)) >= m->pageblock_order;
}

/*
 * Linux: __reset_isolation_pfn(), mm/compaction.c.  Clear the block's
 * hint if a sample (every 8th page) finds a page the scanner asking would
 * take: an LRU page for the migrate scanner, a free one for the free
 * scanner.
 */
static bool __reset_isolation_pfn(struct machine *m, struct zone *zone, pfn_t pfn,
				  bool check_source, bool check_target)
{
	struct page *page = pfn_to_online_page(m, pfn), *block_page, *end_page;
	pfn_t block_pfn;

	if (!page || zone != page_zone(m, page) || pageblock_skip_persistent(m, page))
		return false;
	if (check_source && check_target && !get_pageblock_skip(m, pfn))
		return true;
	if (!check_source && check_target &&
	    get_pageblock_migratetype(m, pfn) != MIGRATE_MOVABLE)
		return false;
	block_pfn = pageblock_start_pfn(m, pfn);
	if (block_pfn < zone->zone_start_pfn)
		block_pfn = zone->zone_start_pfn;
	block_page = pfn_to_online_page(m, block_pfn);
	if (block_page) {
		page = block_page;
		pfn = block_pfn;
	}
	block_pfn = pageblock_end_pfn(m, pfn) - 1;
	if (block_pfn > zone_end_pfn(zone) - 1)
		block_pfn = zone_end_pfn(zone) - 1;
	end_page = pfn_to_online_page(m, block_pfn);
	if (!end_page)
		return false;
	for (; page <= end_page; page += order_to_pages(PAGE_ALLOC_COSTLY_ORDER)) {
		if ((check_source && PageLRU(page)) || (check_target && PageBuddy(page))) {
			set_pageblock_skip(m, page_to_pfn(m, page), false);
			return true;
		}
	}
	return false;
}

/*
 * Linux: __reset_isolation_suitable(), mm/compaction.c: walk the zone
 * from both ends at once, clearing hints, and restart each scanner at
 * the first block it would use.
 */
void __reset_isolation_suitable(struct machine *m, struct zone *zone)
{
	pfn_t migrate_pfn = zone->zone_start_pfn, free_pfn = zone_end_pfn(zone) - 1;
	pfn_t reset_migrate = free_pfn, reset_free = migrate_pfn;
	bool source_set = false, free_set = false;

	if (!zone->compact_blockskip_flush)
		return;
	zone->compact_blockskip_flush = false;
	for (; migrate_pfn < free_pfn; migrate_pfn += pageblock_nr_pages(m),
	     free_pfn -= pageblock_nr_pages(m)) {
		if (__reset_isolation_pfn(m, zone, migrate_pfn, true, source_set) &&
		    migrate_pfn < reset_migrate) {
			source_set = true;
			reset_migrate = migrate_pfn;
			zone->compact_init_migrate_pfn = reset_migrate;
			zone->compact_cached_migrate_pfn[0] = reset_migrate;
			zone->compact_cached_migrate_pfn[1] = reset_migrate;
		}
		if (__reset_isolation_pfn(m, zone, free_pfn, free_set, true) && free_pfn > reset_free) {
			free_set = true;
			reset_free = free_pfn;
			zone->compact_init_free_pfn = reset_free;
			zone->compact_cached_free_pfn = reset_free;
		}
	}
	if (reset_migrate >= reset_free) {
		zone->compact_cached_migrate_pfn[0] = migrate_pfn;
		zone->compact_cached_migrate_pfn[1] = migrate_pfn;
		zone->compact_cached_free_pfn = free_pfn;
	}
}

/*
 * Linux: test_and_set_skip(), mm/compaction.c: claim a block for this
 * run (only at its first pfn); true when another run had claimed it.
 */
static bool test_and_set_skip(struct machine *m, const struct compact_control *cc, pfn_t pfn)
{
	bool skip;

	if (cc->ignore_skip_hint || !pageblock_aligned(m, pfn))
		return false;
	skip = get_pageblock_skip(m, pfn);
	if (!skip && !cc->no_set_skip_hint)
		set_pageblock_skip(m, pfn, true);
	return skip;
}

/* Linux: update_cached_migrate(), mm/compaction.c: the restart point only moves up. */
static void update_cached_migrate(struct machine *m, struct compact_control *cc, pfn_t pfn)
{
	struct zone *zone = cc->zone;

	pfn = pageblock_end_pfn(m, pfn);
	if (cc->no_set_skip_hint)
		return;
	if (pfn > zone->compact_cached_migrate_pfn[0])
		zone->compact_cached_migrate_pfn[0] = pfn;
	if (cc->mode != MIGRATE_ASYNC && pfn > zone->compact_cached_migrate_pfn[1])
		zone->compact_cached_migrate_pfn[1] = pfn;
}

/* Linux: update_pageblock_skip(), mm/compaction.c: the free scanner found nothing here. */
static void update_pageblock_skip(struct machine *m, struct compact_control *cc,
				  struct page *page, pfn_t pfn)
{
	if (cc->no_set_skip_hint || !page)
		return;
	set_pageblock_skip(m, page_to_pfn(m, page), true);
	if (pfn < cc->zone->compact_cached_free_pfn)
		cc->zone->compact_cached_free_pfn = pfn;
}

/* ==================== the free scanner ==================== */

static void trace_isolate(struct machine *m, enum mm_event_id id, pfn_t start_pfn, pfn_t end_pfn,
			  unsigned long nr_scanned, unsigned long nr_taken)
{
	struct mm_event ev = { .id = id };

	/* Both events share the isolate template's layout. */
	ev.mm_compaction_isolate_freepages.start_pfn = start_pfn;
	ev.mm_compaction_isolate_freepages.end_pfn = end_pfn;
	ev.mm_compaction_isolate_freepages.nr_scanned = nr_scanned;
	ev.mm_compaction_isolate_freepages.nr_taken = nr_taken;
	if (mm_event_enabled(&m->sink, id))
		mm_event_emit(&m->sink, &ev);
}

/*
 * Linux: isolate_freepages_block(), mm/compaction.c.  Take the free
 * blocks of [*start_pfn, end_pfn) onto freelist (their order in
 * private), every stride-th pfn, until the migrate side has enough;
 * strict (alloc_contig) takes every pfn and fails on the first that is
 * not free.  *start_pfn ends where the scan stopped.
 */
static unsigned long isolate_freepages_block(struct machine *m, struct compact_control *cc,
					     pfn_t *start_pfn, pfn_t end_pfn,
					     struct page_list *freelist, unsigned int stride,
					     bool strict)
{
	unsigned long nr_scanned = 0, total_isolated = 0;
	pfn_t blockpfn = *start_pfn;

	if (strict)
		stride = 1;
	for (; blockpfn < end_pfn; blockpfn += stride) {
		struct page *page = pfn_to_page(m, blockpfn);
		unsigned long isolated;
		unsigned int order;

		nr_scanned++;
		if (PageCompound(page)) {
			blockpfn += order_to_pages(compound_order(page)) - 1;
			goto isolate_fail;
		}
		if (!PageBuddy(page))
			goto isolate_fail;
		order = buddy_order(page);
		isolated = __isolate_free_page(m, page, order);
		if (!isolated)
			break;
		page->private = order;
		nr_scanned += isolated - 1;
		total_isolated += isolated;
		cc->nr_freepages += (unsigned int)isolated;
		page_list_add_tail(m, freelist, page);
		if (!strict && cc->nr_migratepages <= cc->nr_freepages) {
			blockpfn += isolated;
			break;
		}
		blockpfn += isolated - 1;
		continue;
isolate_fail:
		if (strict)
			break;
	}
	if (blockpfn > end_pfn)
		blockpfn = end_pfn;
	trace_isolate(m, MM_EV_mm_compaction_isolate_freepages, *start_pfn, blockpfn, nr_scanned,
		      total_isolated);
	*start_pfn = blockpfn;
	if (strict && blockpfn < end_pfn)
		total_isolated = 0;
	cc->total_free_scanned += nr_scanned;
	if (total_isolated)
		__count_vm_events(m, COMPACTISOLATED, total_isolated);
	return total_isolated;
}

/*
 * Linux: split_map_pages(), mm/compaction.c: every isolated block becomes
 * order-0 allocated pages (post_alloc_hook() + split_page()); the list
 * ends in the kernel's order, each block's pages reversed.
 */
static void split_map_pages(struct machine *m, struct page_list *list)
{
	struct page_list tmp;
	struct page *page;

	page_list_init(&tmp);
	while ((page = page_list_first(m, list))) {
		unsigned int order = page->private;

		page_list_del(m, list, page);
		prep_new_page(m, page, order, __GFP_MOVABLE);
		if (order)
			split_page(m, page, order);
		for (uint64_t i = 0; i < order_to_pages(order); i++)
			page_list_add(m, &tmp, page + i);
	}
	*list = tmp;
}

/* Linux: suitable_migration_target(), mm/compaction.c */
static bool suitable_migration_target(const struct machine *m, const struct compact_control *cc,
				      const struct page *page)
{
	if (PageBuddy(page) && buddy_order(page) >= m->pageblock_order)
		return false;	/* a free pageblock is worth more whole */
	if (cc->ignore_block_suitable)
		return true;
	return is_migrate_movable(get_pageblock_migratetype(m, page_to_pfn(m, page)));
}

/* Linux: freelist_scan_limit(), mm/compaction.c: shorter after each failure. */
static unsigned int freelist_scan_limit(const struct compact_control *cc)
{
	unsigned int shift = cc->fast_search_fail < 31 ? cc->fast_search_fail : 31;

	return (COMPACT_CLUSTER_MAX >> shift) + 1;
}

/*
 * Rotate list so that page comes first (move_freelist_head()) or last
 * (move_freelist_tail()): the kernel cuts the part before (or up to) the
 * page and splices it at the tail, so a later search starts past it.
 */
static void rotate_to_first(struct machine *m, struct page_list *list, struct page *page)
{
	uint32_t idx = page_list_index(m, page);

	if (list->first == idx)
		return;
	pfn_to_page(m, list->last)->lru_next = list->first;
	pfn_to_page(m, list->first)->lru_prev = list->last;
	list->last = page->lru_prev;
	pfn_to_page(m, list->last)->lru_next = PAGE_LIST_NIL;
	page->lru_prev = PAGE_LIST_NIL;
	list->first = idx;
}

/* Linux: move_freelist_head(), mm/compaction.c */
static void move_freelist_head(struct machine *m, struct page_list *list, struct page *page)
{
	if (list->last != page_list_index(m, page))
		rotate_to_first(m, list, page);
}

/* Linux: move_freelist_tail(), mm/compaction.c */
static void move_freelist_tail(struct machine *m, struct page_list *list, struct page *page)
{
	if (list->first != page_list_index(m, page) && page->lru_next != PAGE_LIST_NIL)
		rotate_to_first(m, list, pfn_to_page(m, page->lru_next));
}

/* Linux: fast_isolate_around(), mm/compaction.c: the rest of the found block. */
static void fast_isolate_around(struct machine *m, struct compact_control *cc, pfn_t pfn)
{
	pfn_t start_pfn, end_pfn;
	struct page *page;

	if (cc->nr_freepages >= cc->nr_migratepages)
		return;
	if (cc->direct_compaction && cc->mode == MIGRATE_ASYNC)
		return;
	start_pfn = pageblock_start_pfn(m, pfn);
	if (start_pfn < cc->zone->zone_start_pfn)
		start_pfn = cc->zone->zone_start_pfn;
	end_pfn = pageblock_end_pfn(m, pfn);
	if (end_pfn > zone_end_pfn(cc->zone))
		end_pfn = zone_end_pfn(cc->zone);
	page = pageblock_pfn_to_page(m, start_pfn, end_pfn, cc->zone);
	if (!page)
		return;
	isolate_freepages_block(m, cc, &start_pfn, end_pfn, &cc->freepages, 1, false);
	if (cc->nr_freepages < cc->nr_migratepages)
		set_pageblock_skip(m, page_to_pfn(m, page), true);
}

/* Linux: next_search_order(), mm/compaction.c: orders round-robin, -1 when wrapped. */
static int next_search_order(struct compact_control *cc, int order)
{
	order--;
	if (order < 0)
		order = cc->order - 1;
	if (order == cc->search_order) {
		cc->search_order--;
		if (cc->search_order < 0)
			cc->search_order = (short)(cc->order - 1);
		return -1;
	}
	return order;
}

/* The state of one fast free search (fast_isolate_freepages()'s locals). */
struct fast_free_search {
	unsigned int limit, nr_scanned;
	pfn_t low_pfn, min_pfn, highest;
};

/*
 * One order's movable free list, from its tail, for a block at or above
 * s->low_pfn (else the highest above s->min_pfn); isolate it.  Returns
 * the page isolated, or NULL; *order may be pushed past the search's
 * start to end it.  Part of fast_isolate_freepages().
 */
static struct page *fast_free_search_order(struct machine *m, struct compact_control *cc,
					   struct fast_free_search *s, int *order)
{
	struct page_list *freelist = &cc->zone->free_area[*order].free_list[MIGRATE_MOVABLE];
	struct page *freepage, *page = NULL;
	unsigned int order_scanned = 0;
	pfn_t high_pfn = 0;

	for (freepage = page_list_last(m, freelist); freepage;
	     freepage = freepage->lru_prev == PAGE_LIST_NIL ? NULL
							     : pfn_to_page(m, freepage->lru_prev)) {
		pfn_t pfn = page_to_pfn(m, freepage);

		order_scanned++;
		s->nr_scanned++;
		if (pfn >= s->highest) {
			s->highest = pageblock_start_pfn(m, pfn);
			if (s->highest < cc->zone->zone_start_pfn)
				s->highest = cc->zone->zone_start_pfn;
		}
		if (pfn >= s->low_pfn) {
			cc->fast_search_fail = 0;
			cc->search_order = (short)*order;
			page = freepage;
			break;
		}
		if (pfn >= s->min_pfn && pfn > high_pfn) {
			high_pfn = pfn;
			s->limit >>= 1;
		}
		if (order_scanned >= s->limit)
			break;
	}
	if (!page && high_pfn)
		freepage = page = pfn_to_page(m, high_pfn);
	if (freepage)
		move_freelist_head(m, freelist, freepage);
	if (page) {
		if (__isolate_free_page(m, page, (unsigned int)*order)) {
			unsigned long nr_isolated = order_to_pages((unsigned int)*order);

			page->private = (uint32_t)*order;
			s->nr_scanned += (unsigned int)nr_isolated - 1;
			cc->nr_freepages += (unsigned int)nr_isolated;
			page_list_add_tail(m, &cc->freepages, page);
			__count_vm_events(m, COMPACTISOLATED, nr_isolated);
		} else {
			*order = cc->search_order + 1;	/* isolation failed: end the search */
			page = NULL;
		}
	}
	if (order_scanned >= s->limit)
		s->limit = s->limit >> 1 ? s->limit >> 1 : 1;
	return page;
}

/*
 * Linux: fast_isolate_freepages(), mm/compaction.c.  Search the movable
 * free lists below the wanted order, tails first, for a block in the top
 * quarter of the space left between the scanners (the top half will do);
 * when starting a zone, settle for the highest block seen.  Returns the
 * pfn the free scanner should continue from.
 */
static pfn_t fast_isolate_freepages(struct machine *m, struct compact_control *cc)
{
	struct fast_free_search s = { .limit = freelist_scan_limit(cc) >> 1 };
	struct page *page = NULL;
	bool scan_start = false;
	pfn_t distance;

	if (cc->order <= 0)
		return cc->free_pfn;
	if (!s.limit)
		s.limit = 1;
	if (cc->free_pfn >= cc->zone->compact_init_free_pfn) {
		s.limit = (unsigned int)(pageblock_nr_pages(m) >> 1);
		scan_start = true;
	}
	distance = cc->free_pfn - cc->migrate_pfn;
	s.low_pfn = pageblock_start_pfn(m, cc->free_pfn - (distance >> 2));
	s.min_pfn = pageblock_start_pfn(m, cc->free_pfn - (distance >> 1));
	if (s.min_pfn > s.low_pfn)
		s.low_pfn = s.min_pfn;
	if (cc->search_order > cc->order - 1)
		cc->search_order = (short)(cc->order - 1);
	for (int order = cc->search_order; !page && order >= 0;
	     order = next_search_order(cc, order)) {
		if (cc->zone->free_area[order].nr_free)
			page = fast_free_search_order(m, cc, &s, &order);
	}
	if (!page) {
		cc->fast_search_fail++;
		if (scan_start) {
			if (s.highest >= s.min_pfn) {
				page = pfn_to_page(m, s.highest);
				cc->free_pfn = s.highest;
			} else if (cc->direct_compaction && pfn_valid(m, s.min_pfn)) {
				pfn_t end = pageblock_end_pfn(m, s.min_pfn);

				if (end > zone_end_pfn(cc->zone))
					end = zone_end_pfn(cc->zone);
				page = pageblock_pfn_to_page(m, s.min_pfn, end, cc->zone);
				cc->free_pfn = s.min_pfn;
			}
		}
	}
	if (s.highest && s.highest >= cc->zone->compact_cached_free_pfn)
		cc->zone->compact_cached_free_pfn = s.highest - pageblock_nr_pages(m);
	cc->total_free_scanned += s.nr_scanned;
	if (!page)
		return cc->free_pfn;
	fast_isolate_around(m, cc, page_to_pfn(m, page));
	return page_to_pfn(m, page);
}

/* May the free scanner take from this pageblock?  Told when it may not. */
static bool free_block_suitable(struct machine *m, const struct compact_control *cc,
				struct page *page, pfn_t block_pfn)
{
	if (!suitable_migration_target(m, cc, page)) {
		MM_EXPLAIN(&m->explain, "compact_free_unsuitable", "suitable_migration_target",
			   "mm/compaction.c", { "pfn", (long)block_pfn },
			   { "mt", get_pageblock_migratetype(m, block_pfn) },
			   { "free_order", PageBuddy(page) ? (long)buddy_order(page) : -1 });
		return false;
	}
	if (!isolation_suitable(m, cc, page)) {
		MM_EXPLAIN(&m->explain, "compact_free_skip_hint", "isolation_suitable",
			   "mm/compaction.c", { "pfn", (long)block_pfn });
		return false;
	}
	return true;
}

/*
 * Linux: isolate_freepages(), mm/compaction.c.  From cc->free_pfn down
 * to the block after the migrate scanner's, in suitable blocks not marked
 * skip, until as many free pages as pages to migrate are isolated.  ASYNC
 * starts sampling every 32nd pfn; otherwise the stride starts at 1 and
 * doubles (up to 32) after each block that gave nothing, back to 1 after
 * one that gave pages.
 */
static void isolate_freepages(struct machine *m, struct compact_control *cc)
{
	struct zone *zone = cc->zone;
	pfn_t isolate_start_pfn, block_start_pfn, block_end_pfn, low_pfn;
	unsigned int stride;

	fast_isolate_freepages(m, cc);
	if (cc->nr_freepages)
		goto splitmap;
	isolate_start_pfn = cc->free_pfn;
	block_start_pfn = pageblock_start_pfn(m, isolate_start_pfn);
	block_end_pfn = block_start_pfn + pageblock_nr_pages(m);
	if (block_end_pfn > zone_end_pfn(zone))
		block_end_pfn = zone_end_pfn(zone);
	low_pfn = pageblock_end_pfn(m, cc->migrate_pfn);
	stride = cc->mode == MIGRATE_ASYNC ? COMPACT_CLUSTER_MAX : 1;
	for (; block_start_pfn >= low_pfn; block_end_pfn = block_start_pfn,
	     block_start_pfn -= pageblock_nr_pages(m), isolate_start_pfn = block_start_pfn) {
		struct page *page = pageblock_pfn_to_page(m, block_start_pfn, block_end_pfn, zone);
		unsigned long nr_isolated;

		if (!page || !free_block_suitable(m, cc, page, block_start_pfn))
			continue;
		nr_isolated = isolate_freepages_block(m, cc, &isolate_start_pfn, block_end_pfn,
						      &cc->freepages, stride, false);
		MM_EXPLAIN(&m->explain, "compact_free_block", "isolate_freepages", "mm/compaction.c",
			   { "pfn", (long)block_start_pfn }, { "nr_isolated", (long)nr_isolated },
			   { "nr_freepages", (long)cc->nr_freepages },
			   { "nr_migratepages", (long)cc->nr_migratepages });
		if (isolate_start_pfn == block_end_pfn)
			update_pageblock_skip(m, cc, page, block_start_pfn);
		if (cc->nr_freepages >= cc->nr_migratepages) {
			if (isolate_start_pfn >= block_end_pfn)
				isolate_start_pfn = block_start_pfn - pageblock_nr_pages(m);
			break;
		} else if (isolate_start_pfn < block_end_pfn) {
			break;	/* isolation failed early: the watermark */
		}
		if (nr_isolated) {
			stride = 1;
			continue;
		}
		stride = stride << 1 < COMPACT_CLUSTER_MAX ? stride << 1 : COMPACT_CLUSTER_MAX;
	}
	cc->free_pfn = isolate_start_pfn;
splitmap:
	split_map_pages(m, &cc->freepages);
}

/* Linux: compaction_alloc(), mm/compaction.c: a destination from our own free pages. */
struct page *compaction_alloc(struct machine *m, struct page *migratepage, unsigned long data)
{
	struct compact_control *cc = (struct compact_control *)data;
	struct page *freepage;

	(void)migratepage;
	if (page_list_empty(&cc->freepages)) {
		isolate_freepages(m, cc);
		if (page_list_empty(&cc->freepages))
			return NULL;
	}
	freepage = page_list_first(m, &cc->freepages);
	page_list_del(m, &cc->freepages, freepage);
	cc->nr_freepages--;
	return freepage;
}

/* Linux: compaction_free(), mm/compaction.c: an unused destination comes back. */
void compaction_free(struct machine *m, struct page *page, unsigned long data)
{
	struct compact_control *cc = (struct compact_control *)data;

	page_list_add(m, &cc->freepages, page);
	cc->nr_freepages++;
}

/* Linux: release_freepages(), mm/compaction.c */
pfn_t release_freepages(struct machine *m, struct page_list *list)
{
	pfn_t high_pfn = 0;
	struct page *page;

	while ((page = page_list_first(m, list))) {
		pfn_t pfn = page_to_pfn(m, page);

		page_list_del(m, list, page);
		__free_pages(m, page, 0);
		if (pfn > high_pfn)
			high_pfn = pfn;
	}
	return high_pfn;
}

/* ==================== the migrate scanner ==================== */

/*
 * Linux: too_many_isolated(), mm/compaction.c: more than half the node's
 * LRU pages isolated.  Only a run's own isolations count here (nothing
 * else isolates between events), so waiting for others, as the kernel's
 * sync compaction does, would wait forever: every mode backs off.
 */
static bool too_many_isolated(const pg_data_t *pgdat)
{
	unsigned long lru = node_page_state(pgdat, NR_INACTIVE_FILE) +
			    node_page_state(pgdat, NR_INACTIVE_ANON) +
			    node_page_state(pgdat, NR_ACTIVE_FILE) +
			    node_page_state(pgdat, NR_ACTIVE_ANON);
	unsigned long isolated = node_page_state(pgdat, NR_ISOLATED_FILE) +
				 node_page_state(pgdat, NR_ISOLATED_ANON);

	return isolated > lru / 2;
}

enum isolate_step { STEP_SUCCESS, STEP_FAIL, STEP_ABORT };

/*
 * isolate_migratepages_block()'s checks of an LRU page, then its
 * isolation: not pinned (an anonymous page referenced beyond its
 * mappings), file pages only for a compactor that may enter the
 * filesystem, unevictable pages only with ISOLATE_UNEVICTABLE, no
 * writeback under ISOLATE_ASYNC_MIGRATE (dirty pages are fine: every
 * numasim mapping can migrate a dirty folio, as ->migrate_folio does).
 * The first candidate of the call claims the block's skip hint; finding
 * it claimed by another run aborts.  The kernel counts its own extra
 * reference in the pinned test; numasim takes it only on isolation.
 */
static enum isolate_step isolate_lru_candidate(struct machine *m, struct compact_control *cc,
					       struct page *page, pfn_t pfn, isolate_mode_t mode,
					       bool *skip_updated)
{
	bool mapping;

	if (page_count(page) <= 0)
		return STEP_FAIL;	/* being freed: get_page_unless_zero() */
	/* page_mapping(): a swap cache folio's mapping is the swap cache. */
	mapping = page_mapping(m, page) || folio_test_swapcache(page);
	if (!mapping && page_count(page) > page_mapcount_total(m, page))
		return STEP_FAIL;
	if (!(cc->gfp_mask & __GFP_FS) && mapping)
		return STEP_FAIL;
	if (!(mode & ISOLATE_UNEVICTABLE) && PageFlag(page, PG_unevictable))
		return STEP_FAIL;
	if ((mode & ISOLATE_ASYNC_MIGRATE) && PageFlag(page, PG_writeback))
		return STEP_FAIL;
	if (!*skip_updated) {
		*skip_updated = true;
		if (test_and_set_skip(m, cc, pfn))
			return STEP_ABORT;
	}
	if (folio_isolate_lru(m, page))
		return STEP_FAIL;
	mod_node_page_state(m, page, PageFlag(page, PG_swapbacked) ? NR_ISOLATED_ANON
								   : NR_ISOLATED_FILE, 1);
	return STEP_SUCCESS;
}

/*
 * The per-pfn decision of isolate_migratepages_block(): skip a free
 * block or a compound page whole (*pfn moves to its last frame), take a
 * non-LRU movable page or an LRU page, or fail.
 */
static enum isolate_step isolate_candidate(struct machine *m, struct compact_control *cc,
					   pfn_t *pfn, isolate_mode_t mode, bool *skip_updated,
					   bool *free_block)
{
	struct page *page = pfn_to_page(m, *pfn);

	*free_block = false;
	if (PageBuddy(page)) {
		unsigned int order = buddy_order(page);

		if (order > 0 && order < MAX_ORDER)
			*pfn += order_to_pages(order) - 1;
		*free_block = true;
		return STEP_FAIL;
	}
	if (PageCompound(page) && !cc->alloc_contig) {
		*pfn += order_to_pages(compound_order(page)) - 1;
		return STEP_FAIL;
	}
	if (!PageLRU(page)) {
		if (__PageMovable(page) && !PageIsolated(page) &&
		    !isolate_movable_page(m, page, mode))
			return STEP_SUCCESS;
		return STEP_FAIL;
	}
	return isolate_lru_candidate(m, cc, page, *pfn, mode, skip_updated);
}

/*
 * Linux: isolate_migratepages_block(), mm/compaction.c.  Isolate what can
 * move in [low_pfn, end_pfn) (one pageblock) onto cc->migratepages, at
 * most COMPACT_CLUSTER_MAX pages unless the block is rescanned.  ASYNC
 * direct compaction works in blocks of the wanted order: one failure
 * gives back what the order block had and skips the rest of it.  A
 * block scanned to its end with nothing isolated (or rescanned) gets its
 * skip hint.  cc->migrate_pfn ends where the scan stopped.  0 or -EAGAIN.
 */
static int isolate_migratepages_block(struct machine *m, struct compact_control *cc,
				      pfn_t low_pfn, pfn_t end_pfn, isolate_mode_t mode)
{
	unsigned long nr_scanned = 0, nr_isolated = 0;
	pfn_t start_pfn = low_pfn, next_skip_pfn = 0;
	bool skip_on_failure = false, skip_updated = false;
	struct page *valid_page = NULL;

	cc->migrate_pfn = low_pfn;
	if (too_many_isolated(cc->zone->zone_pgdat)) {
		MM_EXPLAIN(&m->explain, "compact_too_many_isolated", "too_many_isolated",
			   "mm/compaction.c", { "pfn", (long)low_pfn }, { "nid", cc->zone->node },
			   { "rc", -EAGAIN });
		return -EAGAIN;
	}
	if (cc->direct_compaction && cc->mode == MIGRATE_ASYNC) {
		skip_on_failure = true;
		next_skip_pfn = block_end_pfn(low_pfn, cc->order);
	}
	for (; low_pfn < end_pfn; low_pfn++) {
		struct page *page = pfn_to_page(m, low_pfn);
		enum isolate_step step;
		bool free_block;

		if (skip_on_failure && low_pfn >= next_skip_pfn) {
			if (nr_isolated)
				break;	/* migrate the order block we have */
			next_skip_pfn = block_end_pfn(low_pfn, cc->order);
		}
		nr_scanned++;
		if (!valid_page && pageblock_aligned(m, low_pfn)) {
			if (!isolation_suitable(m, cc, page)) {
				low_pfn = end_pfn;
				goto isolate_abort;
			}
			valid_page = page;
		}
		step = isolate_candidate(m, cc, &low_pfn, mode, &skip_updated, &free_block);
		if (step == STEP_ABORT)
			goto isolate_abort;
		if (step == STEP_SUCCESS) {
			unsigned int nr = folio_nr_pages(page);

			page_list_add(m, &cc->migratepages, page);
			cc->nr_migratepages += nr;
			nr_isolated += nr;
			nr_scanned += nr - 1;
			if (cc->nr_migratepages >= COMPACT_CLUSTER_MAX && !cc->rescan &&
			    !cc->contended) {
				++low_pfn;
				break;
			}
			continue;
		}
		if (free_block || !skip_on_failure)
			continue;
		/* The order block cannot become free: give back what it gave. */
		if (nr_isolated) {
			putback_movable_pages(m, &cc->migratepages);
			cc->nr_migratepages = 0;
			nr_isolated = 0;
		}
		if (low_pfn < next_skip_pfn) {
			low_pfn = next_skip_pfn - 1;
			next_skip_pfn += order_to_pages((unsigned int)cc->order);
		}
	}
	if (low_pfn > end_pfn)
		low_pfn = end_pfn;
isolate_abort:
	if (low_pfn == end_pfn && (!nr_isolated || cc->rescan)) {
		if (valid_page && !skip_updated)
			set_pageblock_skip(m, page_to_pfn(m, valid_page), true);
		update_cached_migrate(m, cc, low_pfn);
	}
	trace_isolate(m, MM_EV_mm_compaction_isolate_migratepages, start_pfn, low_pfn, nr_scanned,
		      nr_isolated);
	MM_EXPLAIN(&m->explain, "compact_migrate_block", "isolate_migratepages_block",
		   "mm/compaction.c", { "start_pfn", (long)start_pfn }, { "end_pfn", (long)low_pfn },
		   { "nr_scanned", (long)nr_scanned }, { "nr_isolated", (long)nr_isolated },
		   { "mt", get_pageblock_migratetype(m, start_pfn) });
	cc->total_migrate_scanned += nr_scanned;
	if (nr_isolated)
		__count_vm_events(m, COMPACTISOLATED, nr_isolated);
	cc->migrate_pfn = low_pfn;
	return 0;
}

/*
 * Linux: suitable_migration_source(), mm/compaction.c: ASYNC direct
 * compaction only empties blocks of its own kind (movable: movable or
 * CMA), so it does not mix types.
 */
static bool suitable_migration_source(const struct machine *m, const struct compact_control *cc,
				      struct page *page)
{
	int block_mt;

	if (pageblock_skip_persistent(m, page))
		return false;
	if (cc->mode != MIGRATE_ASYNC || !cc->direct_compaction)
		return true;
	block_mt = get_pageblock_migratetype(m, page_to_pfn(m, page));
	if (cc->migratetype == MIGRATE_MOVABLE)
		return is_migrate_movable(block_mt);
	return block_mt == cc->migratetype;
}

/* Linux: update_fast_start_pfn(), mm/compaction.c: the lowest block the fast search chose. */
static void update_fast_start_pfn(struct compact_control *cc, pfn_t pfn)
{
	if (cc->fast_start_pfn == PFN_NONE)
		return;
	if (!cc->fast_start_pfn || pfn < cc->fast_start_pfn)
		cc->fast_start_pfn = pfn;
}

/* Linux: reinit_migrate_pfn(), mm/compaction.c: fall back to a linear scan from there. */
static pfn_t reinit_migrate_pfn(struct compact_control *cc)
{
	if (!cc->fast_start_pfn || cc->fast_start_pfn == PFN_NONE)
		return cc->migrate_pfn;
	cc->migrate_pfn = cc->fast_start_pfn;
	cc->fast_start_pfn = PFN_NONE;
	return cc->migrate_pfn;
}

/*
 * One order's movable free list, from its head, for a free block low in
 * the zone (below high_pfn) whose pageblock is not marked skip: the
 * block to empty next.  Part of fast_find_migrateblock().
 */
static bool fast_migrate_search_order(struct machine *m, struct compact_control *cc, int order,
				      pfn_t high_pfn, unsigned int limit,
				      unsigned int *nr_scanned, pfn_t *pfn)
{
	struct page_list *freelist = &cc->zone->free_area[order].free_list[MIGRATE_MOVABLE];
	struct page *freepage;

	page_list_for_each(m, freepage, freelist) {
		pfn_t free_pfn;

		if ((*nr_scanned)++ >= limit) {
			move_freelist_tail(m, freelist, freepage);
			return false;
		}
		free_pfn = page_to_pfn(m, freepage);
		if (free_pfn >= high_pfn || get_pageblock_skip(m, free_pfn))
			continue;
		move_freelist_tail(m, freelist, freepage);
		update_fast_start_pfn(cc, free_pfn);
		*pfn = pageblock_start_pfn(m, free_pfn);
		if (*pfn < cc->zone->zone_start_pfn)
			*pfn = cc->zone->zone_start_pfn;
		cc->fast_search_fail = 0;
		set_pageblock_skip(m, free_pfn, true);
		return true;
	}
	return false;
}

/*
 * Linux: fast_find_migrateblock(), mm/compaction.c.  For costly orders,
 * start the migrate scanner at a movable block that already has free
 * pages (fewer pages to move before it is empty), in the first half of
 * the space between the scanners, the first eighth once under way.
 */
static pfn_t fast_find_migrateblock(struct machine *m, struct compact_control *cc)
{
	unsigned int limit = freelist_scan_limit(cc), nr_scanned = 0;
	pfn_t pfn = cc->migrate_pfn, distance, high_pfn;
	bool found_block = false;

	if (cc->ignore_skip_hint)
		return pfn;
	if (pfn != cc->zone->zone_start_pfn && pfn != pageblock_start_pfn(m, pfn))
		return pfn;	/* continuing a block */
	if (cc->order <= PAGE_ALLOC_COSTLY_ORDER)
		return pfn;
	if (cc->direct_compaction && cc->migratetype != MIGRATE_MOVABLE)
		return pfn;
	distance = (cc->free_pfn - cc->migrate_pfn) >> 1;
	if (cc->migrate_pfn != cc->zone->zone_start_pfn)
		distance >>= 2;
	high_pfn = pageblock_start_pfn(m, cc->migrate_pfn + distance);
	for (int order = cc->order - 1;
	     order >= PAGE_ALLOC_COSTLY_ORDER && !found_block && nr_scanned < limit; order--) {
		if (cc->zone->free_area[order].nr_free)
			found_block = fast_migrate_search_order(m, cc, order, high_pfn, limit,
								&nr_scanned, &pfn);
	}
	cc->total_migrate_scanned += nr_scanned;
	if (!found_block) {
		cc->fast_search_fail++;
		pfn = reinit_migrate_pfn(cc);
	}
	return pfn;
}

/*
 * Linux: isolate_migratepages(), mm/compaction.c.  From where the fast
 * search or the last step left it, the first pageblock below the free
 * scanner that is suitable and not marked skip gets
 * isolate_migratepages_block().
 */
isolate_migrate_t isolate_migratepages(struct machine *m, struct compact_control *cc)
{
	const isolate_mode_t isolate_mode =
		(m->vm.compact_unevictable_allowed ? ISOLATE_UNEVICTABLE : 0) |
		(cc->mode != MIGRATE_SYNC ? ISOLATE_ASYNC_MIGRATE : 0);
	pfn_t low_pfn = fast_find_migrateblock(m, cc), block_start_pfn, block_end_pfn;
	bool fast_find_block;

	block_start_pfn = pageblock_start_pfn(m, low_pfn);
	if (block_start_pfn < cc->zone->zone_start_pfn)
		block_start_pfn = cc->zone->zone_start_pfn;
	fast_find_block = low_pfn != cc->migrate_pfn && !cc->fast_search_fail;
	block_end_pfn = pageblock_end_pfn(m, low_pfn);
	for (; block_end_pfn <= cc->free_pfn;
	     fast_find_block = false, cc->migrate_pfn = low_pfn = block_end_pfn,
	     block_start_pfn = block_end_pfn, block_end_pfn += pageblock_nr_pages(m)) {
		struct page *page = pageblock_pfn_to_page(m, block_start_pfn, block_end_pfn,
							  cc->zone);

		if (!page)
			continue;
		if (pageblock_aligned(m, low_pfn) && !fast_find_block &&
		    !isolation_suitable(m, cc, page)) {
			MM_EXPLAIN(&m->explain, "compact_migrate_skip_hint", "isolation_suitable",
				   "mm/compaction.c", { "pfn", (long)block_start_pfn });
			continue;
		}
		if (!suitable_migration_source(m, cc, page)) {
			MM_EXPLAIN(&m->explain, "compact_migrate_unsuitable",
				   "suitable_migration_source", "mm/compaction.c",
				   { "pfn", (long)block_start_pfn },
				   { "mt", get_pageblock_migratetype(m, block_start_pfn) },
				   { "start_mt", cc->migratetype }, { "async", cc->mode == MIGRATE_ASYNC });
			update_cached_migrate(m, cc, block_end_pfn);
			continue;
		}
		if (isolate_migratepages_block(m, cc, low_pfn, block_end_pfn, isolate_mode))
			return ISOLATE_ABORT;
		break;
	}
	return cc->nr_migratepages ? ISOLATE_SUCCESS : ISOLATE_NONE;
}

/* ==================== a fixed range (alloc_contig_range) ==================== */

/*
 * Linux: isolate_migratepages_range(), mm/compaction.c.  The migrate
 * scanner over [start_pfn, end_pfn) of cc->zone, pageblock by pageblock
 * (the first and last may be partial), unevictable pages included, until
 * COMPACT_CLUSTER_MAX pages are isolated.  cc->migrate_pfn ends where it
 * stopped.  0 or -EAGAIN.
 */
int isolate_migratepages_range(struct machine *m, struct compact_control *cc, pfn_t start_pfn,
			       pfn_t end_pfn)
{
	pfn_t pfn = start_pfn, block_start = pageblock_start_pfn(m, start_pfn);
	pfn_t block_end = pageblock_end_pfn(m, start_pfn);
	int ret = 0;

	if (block_start < cc->zone->zone_start_pfn)
		block_start = cc->zone->zone_start_pfn;
	for (; pfn < end_pfn; pfn = block_end, block_start = block_end,
	     block_end += pageblock_nr_pages(m)) {
		if (block_end > end_pfn)
			block_end = end_pfn;
		if (!pageblock_pfn_to_page(m, block_start, block_end, cc->zone))
			continue;
		ret = isolate_migratepages_block(m, cc, pfn, block_end, ISOLATE_UNEVICTABLE);
		if (ret || cc->nr_migratepages >= COMPACT_CLUSTER_MAX)
			break;
	}
	return ret;
}

/*
 * Linux: isolate_freepages_range(), mm/compaction.c.  Take every frame of
 * [start_pfn, end_pfn) off the free lists, strictly: the range's free
 * blocks become allocated order-0 pages (a block may reach past end_pfn:
 * its pages past it are taken too).  Returns the pfn after the last page
 * taken, or 0 with nothing taken when some frame was not free.
 */
pfn_t isolate_freepages_range(struct machine *m, struct compact_control *cc, pfn_t start_pfn,
			      pfn_t end_pfn)
{
	pfn_t pfn = start_pfn, block_start = pageblock_start_pfn(m, start_pfn);
	pfn_t block_end = pageblock_end_pfn(m, start_pfn);
	struct page_list freelist;
	unsigned long isolated;

	page_list_init(&freelist);
	if (block_start < cc->zone->zone_start_pfn)
		block_start = cc->zone->zone_start_pfn;
	for (; pfn < end_pfn; pfn += isolated, block_start = block_end,
	     block_end += pageblock_nr_pages(m)) {
		pfn_t isolate_start = pfn;

		if (block_end > end_pfn)
			block_end = end_pfn;
		/* A block above pageblock order carried pfn past the block. */
		if (pfn >= block_end) {
			block_start = pageblock_start_pfn(m, pfn);
			block_end = pageblock_end_pfn(m, pfn);
			if (block_end > end_pfn)
				block_end = end_pfn;
		}
		if (!pageblock_pfn_to_page(m, block_start, block_end, cc->zone))
			break;
		isolated = isolate_freepages_block(m, cc, &isolate_start, block_end, &freelist, 0,
						   true);
		if (!isolated)
			break;
	}
	split_map_pages(m, &freelist);
	if (pfn < end_pfn) {
		release_freepages(m, &freelist);
		return 0;
	}
	return pfn;
}
