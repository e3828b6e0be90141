/*
 * mm/page_alloc_hygiene.c - the buddy allocator's steps as Linux 6.12
 * (Debian 6.12.118) takes them, for the linux-6.12 profile: 6.10's
 * freelist migratetype hygiene and the claim/steal split of __rmqueue()
 * that Debian took from 6.15.
 *
 * Hygiene (6.10, Johannes Weiner's series): a free block always lies on
 * its pageblock's list.  6.1 let blocks live on another type's list (a
 * pcp page drained to the type it was cached with, a fallback moving one
 * block without retyping its pageblock); 6.10 frees to the pageblock's
 * type, moves whole pageblocks only and changes the pageblock's type
 * with the move, and the lists count themselves (account_freepages()):
 * NR_FREE_PAGES, NR_FREE_CMA_PAGES and zone->nr_free_highatomic follow
 * each list by its type.
 *
 * The split (6.15, in Debian 6.12): a fallback first looks, largest order
 * down, for a foreign block it may claim whole (__rmqueue_claim():
 * try_to_steal_block() retypes the pageblock, then the request is served
 * from its own lists); failing that, smallest order up, it takes one
 * foreign block and leaves its pageblock's type alone (__rmqueue_steal()),
 * never under ALLOC_NOFRAGMENT.  The caller keeps where it succeeded
 * (enum rmqueue_mode) so rmqueue_bulk() does not search again.
 *
 * Invariants (with freelist_accounting): every free block's list type is
 * the type of every pageblock it covers; NR_FREE_PAGES, NR_FREE_CMA_PAGES
 * and nr_free_highatomic equal the lists (buddy_check() verifies both).
 *
 * Linux counterpart: mm/page_alloc.c (Debian 6.12.118): account_freepages,
 * __free_one_page, page_del_and_expand, prep_move_freepages_block,
 * __move_freepages_block, try_to_steal_block, __rmqueue_claim,
 * __rmqueue_steal, __rmqueue.
 */
#include "mm/page_alloc_internal.h"
#include "mm/bug.h"
#include "mm/migrate.h"

/* Linux: account_freepages(), mm/page_alloc.c (6.10: freelist hygiene) */
void account_freepages(struct machine *m, struct zone *zone, long nr_pages, int mt)
{
	(void)m;
	if (mt == MIGRATE_ISOLATE)
		return;
	__mod_zone_page_state(zone, NR_FREE_PAGES, nr_pages);
	if (mt == MIGRATE_CMA)
		__mod_zone_page_state(zone, NR_FREE_CMA_PAGES, nr_pages);
	else if (mt == MIGRATE_HIGHATOMIC)
		zone->nr_free_highatomic += (unsigned long)nr_pages;
}

void account_freepage_state(struct machine *m, struct zone *zone, long nr_pages, int mt)
{
	if (m->profile->alloc.freelist_accounting)
		account_freepages(m, zone, nr_pages, mt);
	else
		mod_zone_freepage_state(zone, nr_pages, mt);
}

/* Linux: page_del_and_expand(), mm/page_alloc.c (6.10: freelist hygiene) */
void page_del_and_expand(struct machine *m, struct zone *zone, struct page *page,
			 unsigned int low, unsigned int high, int mt)
{
	unsigned long nr_pages = order_to_pages(high);

	del_page_from_free_list(m, page, zone, high);
	nr_pages -= expand(m, zone, page, low, high, mt);
	if (m->profile->alloc.freelist_accounting)
		account_freepages(m, zone, -(long)nr_pages, mt);
}

/* 6.10: the buddy merged in takes the freed block's type (not a fallback's steal). */
static void retype_merged_buddy(struct machine *m, pfn_t pfn, unsigned int order, int mt)
{
	for (unsigned long n = 1ul << (order - m->pageblock_order); n--; pfn += pageblock_nr_pages(m))
		set_pageblock_migratetype(m, pfn, mt);
}

/*
 * Linux: __free_one_page(), mm/page_alloc.c (6.12), with the type its
 * callers read (get_pfnblock_migratetype(), 6.10: freelist hygiene).  6.1's
 * callers pass the type a pcp page was cached with; this step reads the
 * pageblock's own, so a block always joins its pageblock's list.  When two
 * mergeable blocks of different types merge above pageblock order, the
 * buddy's pageblocks take the freed block's type, so the lists the merged
 * block is later split onto are its pageblocks' (6.10).
 */
void __free_one_page_6_12(struct machine *m, struct page *page, pfn_t pfn, struct zone *zone,
			  unsigned int order, int mt_cached, unsigned int fpi_flags)
{
	int mt = get_pageblock_migratetype(m, pfn);
	pfn_t buddy_pfn = pfn;
	bool to_tail;

	(void)mt_cached;
	MM_BUG_ON_PAGE(pfn & (order_to_pages(order) - 1), m, page);
	account_freepages(m, zone, (long)order_to_pages(order), mt);
	while (order < MAX_ORDER - 1) {
		int buddy_mt = mt;
		struct page *buddy;
		pfn_t combined_pfn;

		if (compaction_capture(m, zone, page, order, mt)) {
			account_freepages(m, zone, -(long)order_to_pages(order), mt);
			return;
		}
		buddy = find_buddy_page_pfn(m, page, pfn, order, &buddy_pfn);
		if (!buddy) {
			explain_merge(m, "merge_buddy_busy", pfn, order, __find_buddy_pfn(pfn, order));
			break;
		}
		if (order >= m->pageblock_order) {
			buddy_mt = get_pageblock_migratetype(m, buddy_pfn);
			if (mt != buddy_mt && (!migratetype_is_mergeable(mt) ||
					       !migratetype_is_mergeable(buddy_mt)))
				break;
		}
		del_page_from_free_list(m, buddy, zone, order);
		if (buddy_mt != mt)
			retype_merged_buddy(m, buddy_pfn, order, mt);
		explain_merge(m, "merge", pfn, order, buddy_pfn);
		combined_pfn = buddy_pfn & pfn;
		page = pfn_to_page(m, combined_pfn);
		pfn = combined_pfn;
		order++;
	}
	set_buddy_order(page, order);
	to_tail = (fpi_flags & FPI_TO_TAIL) ||
		  m->profile->alloc.free_to_tail(m, pfn, buddy_pfn, page, order);
	explain_free_placed(m, pfn, order, mt, to_tail, fpi_flags);
	if (to_tail)
		add_to_free_list_tail(m, page, zone, order, mt);
	else
		add_to_free_list(m, page, zone, order, mt);
}

/*
 * Linux: prep_move_freepages_block(), mm/page_alloc.c (6.10).  False when
 * page's pageblock is not wholly in zone (the whole block moves or
 * nothing does); else its first pfn, and, if num_free, its free pages and
 * its used pages that look movable (LRU or non-LRU movable, not tried).
 */
static bool prep_move_freepages_block(struct machine *m, struct zone *zone, struct page *page,
				      pfn_t *start_pfn, int *num_free, int *num_movable)
{
	pfn_t start = pageblock_start_pfn(m, page_to_pfn(m, page));
	pfn_t end = start + pageblock_nr_pages(m);

	if (!zone_spans_pfn(zone, start) || !zone_spans_pfn(zone, end - 1))
		return false;
	*start_pfn = start;
	if (!num_free)
		return true;
	*num_free = *num_movable = 0;
	for (pfn_t pfn = start; pfn < end;) {
		struct page *p = pfn_to_page(m, pfn);

		if (PageBuddy(p)) {
			*num_free += 1 << buddy_order(p);
			pfn += order_to_pages(buddy_order(p));
			continue;
		}
		if (PageLRU(compound_head(m, p)) || __PageMovable(p))
			(*num_movable)++;
		pfn++;
	}
	return true;
}

/*
 * Linux: __move_freepages_block(), mm/page_alloc.c (6.10): every free
 * block of the pageblock at start_pfn onto new_mt's lists (counted by
 * move_to_free_list()), and the pageblock takes new_mt with them.
 */
static int __move_freepages_block(struct machine *m, struct zone *zone, pfn_t start_pfn,
				  int new_mt)
{
	int pages_moved = move_freepages(m, zone, start_pfn,
					 start_pfn + pageblock_nr_pages(m) - 1, new_mt, NULL);

	set_pageblock_migratetype(m, start_pfn, new_mt);
	return pages_moved;
}

/* How many used pages of the block are of start_type's kind (the claim rule's). */
static int alike_pages(const struct machine *m, int start_type, int block_type, int free_pages,
		       int movable_pages)
{
	if (start_type == MIGRATE_MOVABLE)
		return movable_pages;
	if (block_type == MIGRATE_MOVABLE)
		return (int)pageblock_nr_pages(m) - (free_pages + movable_pages);
	return 0;
}

/*
 * Linux: try_to_steal_block(), mm/page_alloc.c (Debian 6.12; 6.15 renames
 * it try_to_claim_block()).  page heads a free block of a foreign type at
 * current_order.  A block of pageblock order or more is taken whole and
 * split for the request.  Otherwise the pageblock is claimed (its free
 * blocks moved and its type changed) when the claim rule holds, and the
 * request is served from start_type's lists; NULL when it does not, the
 * block left as it was (6.1 would move this one block anyway).
 */
static struct page *try_to_steal_block(struct machine *m, struct zone *zone, struct page *page,
				       unsigned int current_order, unsigned int order,
				       int start_type, unsigned int alloc_flags)
{
	pfn_t pfn = page_to_pfn(m, page), start_pfn;
	int block_type = get_pageblock_migratetype(m, pfn);
	int free_pages, movable_pages, alike;

	if (block_type == MIGRATE_HIGHATOMIC)
		return NULL;
	if (current_order >= m->pageblock_order) {
		MM_EXPLAIN(&m->explain, "steal_range", "try_to_steal_block", "mm/page_alloc.c",
			   { "pfn", pfn }, { "order", current_order }, { "old_mt", block_type },
			   { "start_mt", start_type },
			   { "nr_pageblocks", 1l << (current_order - m->pageblock_order) });
		del_page_from_free_list(m, page, zone, current_order);
		account_freepages(m, zone, -(long)order_to_pages(current_order), block_type);
		change_pageblock_range(m, pfn, current_order, start_type);
		account_freepages(m, zone, (long)expand(m, zone, page, order, current_order,
							start_type), start_type);
		set_pcppage_migratetype(page, start_type);
		return page;
	}
	if (m->profile->alloc.boost_on_fallback && boost_watermark(m, zone) &&
	    (alloc_flags & ALLOC_KSWAPD))
		zone->flags |= 1ul << ZONE_BOOSTED_WATERMARK;
	if (!prep_move_freepages_block(m, zone, page, &start_pfn, &free_pages, &movable_pages))
		return NULL;
	alike = alike_pages(m, start_type, block_type, free_pages, movable_pages);
	if (!m->profile->alloc.claim_block(m, free_pages, alike) &&
	    !m->page_group_by_mobility_disabled) {
		explain_steal(m, "claim_refused", "try_to_steal_block", pfn, free_pages, alike,
			      block_type, start_type);
		return NULL;
	}
	explain_steal(m, "claim_block", "try_to_steal_block", pfn, free_pages, alike, block_type,
		      start_type);
	__move_freepages_block(m, zone, start_pfn, start_type);
	m->stats.pageblock_steals++;
	return __rmqueue_smallest(m, zone, order, start_type);
}

/*
 * Linux: __rmqueue_claim(), mm/page_alloc.c (6.15/Debian 6.12 backport).
 * The largest foreign block first (it stands for the pageblock with most
 * free pages), down to the request's order, or to pageblock_order under
 * ALLOC_NOFRAGMENT; the first order whose fallback may not be taken whole
 * (can_steal false) ends the search: smaller ones cannot either.
 */
static struct page *__rmqueue_claim(struct machine *m, struct zone *zone, unsigned int order,
				    int start_mt, unsigned int alloc_flags)
{
	int min_order = (int)order;

	if (order < m->pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = (int)m->pageblock_order;
	MM_EXPLAIN(&m->explain, "claim_search", "__rmqueue_claim", "mm/page_alloc.c",
		   { "order", order }, { "start_mt", start_mt }, { "max_order", MAX_ORDER - 1 },
		   { "min_order", min_order });
	for (int current_order = MAX_ORDER - 1; current_order >= min_order; current_order--) {
		struct free_area *area = &zone->free_area[current_order];
		bool can_steal;
		int fallback_mt = find_suitable_fallback(m, area, (unsigned int)current_order,
							 start_mt, false, &can_steal);
		struct page *page;

		if (fallback_mt == -1)
			continue;
		if (!can_steal)
			break;
		page = m->profile->alloc.pick_block(m, &area->free_list[fallback_mt], fallback_mt,
							 start_mt);
		page = try_to_steal_block(m, zone, page, (unsigned int)current_order, order,
					  start_mt, alloc_flags);
		if (page) {
			trace_extfrag(m, page, order, (unsigned int)current_order, start_mt,
				      fallback_mt);
			return page;
		}
	}
	return NULL;
}

/*
 * Linux: __rmqueue_steal(), mm/page_alloc.c (6.15/Debian 6.12 backport).
 * The smallest foreign block that fits, split off its own list; its
 * pageblock keeps its type (a mixed block, which the claim pass refused).
 */
static struct page *__rmqueue_steal(struct machine *m, struct zone *zone, unsigned int order,
				    int start_mt)
{
	for (unsigned int current_order = order; current_order < MAX_ORDER; current_order++) {
		struct free_area *area = &zone->free_area[current_order];
		bool can_steal;
		int fallback_mt = find_suitable_fallback(m, area, current_order, start_mt, false,
							 &can_steal);
		struct page *page;

		if (fallback_mt == -1)
			continue;
		page = m->profile->alloc.pick_block(m, &area->free_list[fallback_mt], fallback_mt,
							 start_mt);
		MM_EXPLAIN(&m->explain, "steal_block", "__rmqueue_steal", "mm/page_alloc.c",
			   { "pfn", page_to_pfn(m, page) }, { "order", current_order },
			   { "fallback_mt", fallback_mt }, { "start_mt", start_mt });
		page_del_and_expand(m, zone, page, order, current_order, fallback_mt);
		set_pcppage_migratetype(page, fallback_mt);
		trace_extfrag(m, page, order, current_order, start_mt, fallback_mt);
		return page;
	}
	return NULL;
}

/*
 * Linux: __rmqueue(), mm/page_alloc.c (Debian 6.12, the rmqueue_mode of
 * 6.15).  Own lists, then CMA, then a claim, then a steal, in rising
 * risk of fragmentation, starting at *mode (rmqueue_bulk()'s lists do
 * not change between its calls, so a pass that found nothing before
 * finds nothing now) and leaving in *mode the pass that succeeded; a
 * claim refilled the own lists, so the next call starts there again.
 */
struct page *__rmqueue_6_12(struct machine *m, struct zone *zone, unsigned int order, int mt,
			    unsigned int alloc_flags, enum rmqueue_mode *mode)
{
	struct page *page;

	/* Balance movable allocations between CMA and the rest of the zone. */
	if ((alloc_flags & ALLOC_CMA) &&
	    zone_page_state(zone, NR_FREE_CMA_PAGES) > zone_page_state(zone, NR_FREE_PAGES) / 2) {
		page = __rmqueue_smallest(m, zone, order, MIGRATE_CMA);
		if (page)
			return page;
	}
	switch (*mode) {
	case RMQUEUE_NORMAL:
		page = __rmqueue_smallest(m, zone, order, mt);
		if (page)
			return page;
		/* fall through */
	case RMQUEUE_CMA:
		if (alloc_flags & ALLOC_CMA) {
			page = __rmqueue_smallest(m, zone, order, MIGRATE_CMA);
			if (page) {
				*mode = RMQUEUE_CMA;
				return page;
			}
		}
		/* fall through */
	case RMQUEUE_CLAIM:
		page = __rmqueue_claim(m, zone, order, mt, alloc_flags);
		if (page) {
			*mode = RMQUEUE_NORMAL;
			return page;
		}
		/* fall through */
	case RMQUEUE_STEAL:
		if (!(alloc_flags & ALLOC_NOFRAGMENT)) {
			page = __rmqueue_steal(m, zone, order, mt);
			if (page) {
				*mode = RMQUEUE_STEAL;
				return page;
			}
		}
	}
	return NULL;
}
