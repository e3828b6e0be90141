/*
 * mm/page_alloc.c - the zoned buddy allocator, as Linux 6.1 runs it.
 *
 * Free memory of a zone sits on free_area[order].free_list[migratetype]:
 * blocks of 2^order naturally aligned frames whose head page is PageBuddy.
 * An allocation takes the smallest block of its own migratetype that is big
 * enough and splits off the unused upper halves (expand); a free merges the
 * block with its buddy as long as the buddy is free at the same order
 * (__free_one_page).  When a migratetype's lists are empty the allocator
 * falls back to another type's block, stealing more of that pageblock when
 * the heuristics allow (__rmqueue_fallback, mm/page_alloc_fallback.c); that
 * is where fragmentation is born, so those decisions go through
 * machine->profile (mm/profile.h).
 *
 * Orders 0..3 (and pageblock_order for THP) are cached per CPU on pcp lists
 * that are refilled and drained in batches; pages there count as allocated
 * in NR_FREE_PAGES, exactly as in the kernel.
 *
 * The slow path (kswapd, direct compaction and reclaim, the OOM killer)
 * is mm/page_alloc_slowpath.c.
 *
 * Invariants: see mm/mmzone.h; buddy_check() verifies them.
 *
 * Linux counterpart: mm/page_alloc.c (v6.1).
 */
#include "mm/gfp.h"
#include "mm/profile.h"
#include "mm/bug.h"
#include "mm/compaction.h"
#include "mm/cpuset.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/page_alloc_internal.h"
#include "mm/vmscan.h"
#include "mm/vmstat_counters.h"
#include "mm/writeback.h"

#include <errno.h>
#include <string.h>

/* ==================== free lists ==================== */

/* Linux: add_to_free_list(), mm/page_alloc.c */
void add_to_free_list(struct machine *m, struct page *page, struct zone *zone,
		      unsigned int order, int mt)
{
	struct free_area *area = &zone->free_area[order];

	page_list_add(m, &area->free_list[mt], page);
	set_buddy_list_mt(page, mt);
	area->nr_free++;
}

/* Linux: add_to_free_list_tail(), mm/page_alloc.c */
void add_to_free_list_tail(struct machine *m, struct page *page, struct zone *zone,
			   unsigned int order, int mt)
{
	struct free_area *area = &zone->free_area[order];

	page_list_add_tail(m, &area->free_list[mt], page);
	set_buddy_list_mt(page, mt);
	area->nr_free++;
}

/*
 * Linux: move_to_free_list(): to the tail, so moved pages are used last.
 * 6.10 (freelist hygiene): the move is counted from one type to the other.
 */
void move_to_free_list(struct machine *m, struct page *page, struct zone *zone,
		       unsigned int order, int mt)
{
	struct free_area *area = &zone->free_area[order];
	int old_mt = buddy_list_mt(page);

	page_list_del(m, &area->free_list[old_mt], page);
	page_list_add_tail(m, &area->free_list[mt], page);
	set_buddy_list_mt(page, mt);
	if (m->profile->alloc.freelist_accounting) {
		account_freepages(m, zone, -(long)order_to_pages(order), old_mt);
		account_freepages(m, zone, (long)order_to_pages(order), mt);
	}
}

/* Linux: del_page_from_free_list(), mm/page_alloc.c */
void del_page_from_free_list(struct machine *m, struct page *page, struct zone *zone,
			     unsigned int order)
{
	struct free_area *area = &zone->free_area[order];

	page_list_del(m, &area->free_list[buddy_list_mt(page)], page);
	__ClearPageBuddy(page);
	page->private = 0;
	area->nr_free--;
}

/* ==================== freeing ==================== */

/*
 * Linux: page_is_buddy(), mm/page_alloc.c.  A free block can merge with its
 * buddy only if the buddy heads a free block of the same order in the same
 * zone (a node or zone boundary may fall inside a MAX_ORDER block).
 */
static bool page_is_buddy(const struct page *page, const struct page *buddy,
			  unsigned int order)
{
	return PageBuddy(buddy) && buddy_order(buddy) == order &&
	       page_zonenum(page) == page_zonenum(buddy) &&
	       page_to_nid(page) == page_to_nid(buddy);
}

/*
 * Linux: find_buddy_page_pfn(), mm/internal.h.  NULL when the buddy is busy.
 * *buddy_pfn gets the buddy's pfn either way: __free_one_page() hands the
 * pfn of the buddy that stopped the merging to buddy_merge_likely().
 * The buddy needs no pfn_valid(): blocks go up to MAX_ORDER - 1 (4 MiB)
 * and sections (128 MiB) hold whole ones, so a buddy lies in its page's
 * section, whose memmap covers it (past end_pfn too: reserved frames).
 */
struct page *find_buddy_page_pfn(struct machine *m, struct page *page, pfn_t pfn,
				 unsigned int order, pfn_t *buddy_pfn)
{
	pfn_t bpfn = __find_buddy_pfn(pfn, order);
	struct page *buddy;

	MM_BUG_ON_EXPENSIVE(!pfn_valid(m, bpfn));
	buddy = pfn_to_page(m, bpfn);
	if (buddy_pfn)
		*buddy_pfn = bpfn;
	return page_is_buddy(page, buddy, order) ? buddy : NULL;
}

/*
 * Linux: buddy_merge_likely(), mm/page_alloc.c.  If the block we are about to
 * list could merge one level up as soon as its buddy is freed (the buddy of
 * the combined block is already free), queue it at the tail so it is not
 * handed out first.  Orders 9 and 10 never qualify (MAX_ORDER - 2).
 */
bool buddy_merge_likely(struct machine *m, pfn_t pfn, pfn_t buddy_pfn, struct page *page,
			unsigned int order)
{
	pfn_t higher_pfn;

	if (order >= MAX_ORDER - 2)
		return false;
	higher_pfn = buddy_pfn & pfn;
	if (!find_buddy_page_pfn(m, pfn_to_page(m, higher_pfn), higher_pfn, order + 1, NULL))
		return false;
	MM_EXPLAIN(&m->explain, "merge_likely", "buddy_merge_likely", "mm/page_alloc.c",
		   { "pfn", pfn }, { "order", order }, { "higher_pfn", higher_pfn },
		   { "higher_order", order + 1 },
		   { "higher_buddy_pfn", __find_buddy_pfn(higher_pfn, order + 1) });
	return true;
}

/*
 * Linux: task_capc() + compaction_capture(), mm/page_alloc.c.  A direct
 * compactor working on zone gets the first block of its order freed
 * there, unless the block is CMA or isolated, or a movable pageblock's
 * piece smaller than a pageblock (that would pollute it).
 */
bool compaction_capture(struct machine *m, struct zone *zone, struct page *page,
			unsigned int order, int mt)
{
	struct capture_control *capc = m->capture_control;

	if (!capc || capc->page || capc->cc->zone != zone || (int)order != capc->cc->order)
		return false;
	if (mt == MIGRATE_CMA || mt == MIGRATE_ISOLATE)
		return false;
	if (order < m->pageblock_order && mt == MIGRATE_MOVABLE)
		return false;
	capc->page = page;
	return true;
}

/*
 * Linux: __free_one_page(), mm/page_alloc.c.
 *
 * The buddy idea: a free block of order O at pfn P has exactly one partner,
 * the block at P ^ (1 << O).  If that partner is also free at order O, the
 * two are one free block of order O + 1 at P & partner; repeat.  At order >=
 * pageblock_order the two halves lie in different pageblocks, and blocks of
 * a type that must stay apart (isolate, CMA, highatomic) do not merge with
 * blocks of another type, so their accounting stays exact.
 */
void __free_one_page(struct machine *m, struct page *page, pfn_t pfn, struct zone *zone,
		     unsigned int order, int mt, unsigned int fpi_flags)
{
	pfn_t buddy_pfn = pfn;
	bool to_tail;

	MM_BUG_ON_PAGE(pfn & (order_to_pages(order) - 1), m, page);
	if (mt != MIGRATE_ISOLATE)
		mod_zone_freepage_state(zone, (long)order_to_pages(order), mt);

	while (order < MAX_ORDER - 1) {
		struct page *buddy;
		pfn_t combined_pfn;

		if (compaction_capture(m, zone, page, order, mt)) {
			MM_EXPLAIN(&m->explain, "free_captured", "compaction_capture",
				   "mm/page_alloc.c", { "pfn", pfn }, { "order", order });
			mod_zone_freepage_state(zone, -(long)order_to_pages(order), mt);
			return;
		}
		buddy = find_buddy_page_pfn(m, page, pfn, order, &buddy_pfn);
		if (!buddy) {
			explain_merge(m, "merge_buddy_busy", pfn, order, __find_buddy_pfn(pfn, order));
			break;
		}
		if (order >= m->pageblock_order) {
			int buddy_mt = get_pageblock_migratetype(m, buddy_pfn);

			if (mt != buddy_mt && (!migratetype_is_mergeable(mt) ||
					       !migratetype_is_mergeable(buddy_mt))) {
				MM_EXPLAIN(&m->explain, "merge_type_stop", "__free_one_page",
					   "mm/page_alloc.c", { "pfn", pfn }, { "order", order },
					   { "buddy_pfn", buddy_pfn }, { "mt", mt },
					   { "buddy_mt", buddy_mt });
				break;
			}
		}
		del_page_from_free_list(m, buddy, zone, order);
		combined_pfn = buddy_pfn & pfn;
		explain_merge(m, "merge", pfn, order, buddy_pfn);
		page = pfn_to_page(m, combined_pfn);
		pfn = combined_pfn;
		order++;
	}

	set_buddy_order(page, order);
	if (fpi_flags & FPI_TO_TAIL)
		to_tail = true;
	else
		to_tail = m->profile->alloc.free_to_tail(m, pfn, buddy_pfn, page, order);
	explain_free_placed(m, pfn, order, mt, to_tail, fpi_flags);
	if (to_tail)
		add_to_free_list_tail(m, page, zone, order, mt);
	else
		add_to_free_list(m, page, zone, order, mt);
}

/*
 * Linux: split_free_page(), mm/page_alloc.c.  The free block (free_page,
 * order) is cut at split_offset: each side is freed again in the largest
 * aligned pieces that fit, each piece onto its own pageblock's lists, so
 * a block crossing into an isolated pageblock leaves its other part
 * counted and allocatable.  -ENOENT if the block changed meanwhile.
 */
int split_free_page(struct machine *m, struct page *free_page, unsigned int order,
		    unsigned long split_offset)
{
	struct zone *zone = page_zone(m, free_page);
	pfn_t start = page_to_pfn(m, free_page), pfn;
	int mt;

	if (!split_offset)
		return 0;
	if (!PageBuddy(free_page) || buddy_order(free_page) != order)
		return -ENOENT;
	mt = get_pageblock_migratetype(m, start);
	if (mt != MIGRATE_ISOLATE)
		account_freepage_state(m, zone, -(long)order_to_pages(order), mt);
	del_page_from_free_list(m, free_page, zone, order);
	for (pfn = start; pfn < start + order_to_pages(order);) {
		unsigned int align = pfn ? (unsigned int)__builtin_ctzll(pfn) : order;
		unsigned int fit = 63u - (unsigned int)__builtin_clzll(split_offset);
		unsigned int piece = align < fit ? align : fit;

		m->profile->alloc.free_one_page(m, pfn_to_page(m, pfn), pfn, zone, piece,
						get_pageblock_migratetype(m, pfn), FPI_NONE);
		pfn += order_to_pages(piece);
		split_offset -= order_to_pages(piece);
		if (!split_offset)
			split_offset = order_to_pages(order) - (pfn - start);
	}
	return 0;
}

/*
 * Linux: __putback_isolated_page(), mm/page_alloc.c: a block taken with
 * __isolate_free_page() goes back, to the tail, merging on the way.
 */
void __putback_isolated_page(struct machine *m, struct page *page, unsigned int order, int mt)
{
	m->profile->alloc.free_one_page(m, page, page_to_pfn(m, page), page_zone(m, page), order,
					mt, FPI_SKIP_REPORT_NOTIFY | FPI_TO_TAIL);
}

/* Linux: trace_mm_page_free(), include/trace/events/kmem.h */
static void trace_page_free(struct machine *m, pfn_t pfn, unsigned int order)
{
	struct mm_event ev = {
		.id = MM_EV_mm_page_free, .mm_page_free = { .pfn = pfn, .order = order },
	};

	mm_event_emit(&m->sink, &ev);
}

/*
 * Clear what an allocated frame may carry; zone and node links stay, and
 * so does PG_hwpoison (6.1's PAGE_FLAGS_CHECK_AT_PREP leaves it out): a
 * poisoned frame inside a freed block keeps the block from being handed
 * out again (check_new_pages()).
 */
static void reset_free_frame(struct page *p)
{
	p->flags &= ~((1u << PAGE_ZONE_SHIFT) - 1) | (1u << PG_hwpoison);
	p->owner = 0;
	p->index = 0;
}

/*
 * Linux: free_pages_prepare(), mm/page_alloc.c.  Every free is traced here,
 * including those that only reach a pcp list.  The page must be clean: no
 * mapping, no extra reference, no state flags left behind.  A poisoned
 * single page never reaches a free list: false, and it stays where it is,
 * its page_owner record cleared (memory-failure.c then holds it).
 */
static bool free_pages_prepare(struct machine *m, struct page *page, unsigned int order)
{
	uint64_t nr_pages = order_to_pages(order);

	if (mm_event_enabled(&m->sink, MM_EV_mm_page_free))
		trace_page_free(m, page_to_pfn(m, page), order);
	if (PageHWPoison(page) && !order) {
		page->owner &= ~PAGE_OWNER_BITS;	/* reset_page_owner() */
		return false;
	}
	for (uint64_t i = 0; i < nr_pages; i++) {
		struct page *p = page + i;

		MM_BUG_ON_PAGE(p->_mapcount != -1, m, p);
		MM_BUG_ON_PAGE(p->_refcount != 0, m, p);
		MM_BUG_ON_PAGE(PageBuddy(p), m, p);
		reset_free_frame(p);
	}
	return true;
}

/* Linux: free_one_page(), mm/page_alloc.c */
static void free_one_page(struct machine *m, struct zone *zone, struct page *page,
			  pfn_t pfn, unsigned int order, int mt, unsigned int fpi_flags)
{
	if (zone->nr_isolate_pageblock || mt == MIGRATE_ISOLATE)
		mt = get_pageblock_migratetype(m, pfn);
	m->profile->alloc.free_one_page(m, page, pfn, zone, order, mt, fpi_flags);
}

/* The buddy half of __free_pages_ok(), for frames already prepared. */
static void free_prepared_to_buddy(struct machine *m, struct page *page, unsigned int order,
				   unsigned int fpi_flags)
{
	pfn_t pfn = page_to_pfn(m, page);

	free_one_page(m, page_zone(m, page), page, pfn, order,
		      get_pageblock_migratetype(m, pfn), fpi_flags);
	__count_vm_events(m, PGFREE, order_to_pages(order));
}

/* Linux: __free_pages_ok(), mm/page_alloc.c: free straight to the buddy. */
static void __free_pages_ok(struct machine *m, struct page *page, unsigned int order,
			    unsigned int fpi_flags)
{
	MM_EXPLAIN(&m->explain, "free_direct", "__free_pages_ok", "mm/page_alloc.c",
		   { "order", order }, { "pcp_order", PAGE_ALLOC_COSTLY_ORDER },
		   { "pageblock_order", m->pageblock_order });
	if (free_pages_prepare(m, page, order))
		free_prepared_to_buddy(m, page, order, fpi_flags);
}

/* ---- per-CPU lists: pindex arithmetic (Linux: order_to_pindex) ---- */

/*
 * Linux: pcp_allowed_order().  The THP list exists whenever the kernel is
 * built with CONFIG_TRANSPARENT_HUGEPAGE (the Debian kernel is), whatever
 * the runtime THP mode.
 */
static bool pcp_allowed_order(const struct machine *m, unsigned int order)
{
	if (!m->pcp_enabled)
		return false;
	return order <= PAGE_ALLOC_COSTLY_ORDER || order == m->pageblock_order;
}

/* Linux: order_to_pindex(), mm/page_alloc.c */
static unsigned int order_to_pindex(int mt, unsigned int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return NR_LOWORDER_PCP_LISTS;
	return MIGRATE_PCPTYPES * order + (unsigned int)mt;
}

/* Linux: pindex_to_order(), mm/page_alloc.c */
unsigned int pindex_to_order(const struct machine *m, unsigned int pindex)
{
	if (pindex == NR_LOWORDER_PCP_LISTS)
		return m->pageblock_order;
	return pindex / MIGRATE_PCPTYPES;
}

static struct per_cpu_pages *this_cpu_pcp(const struct machine *m, struct zone *zone)
{
	return &zone->per_cpu_pageset[m->current_cpu];
}

/*
 * Linux: free_pcppages_bulk(), mm/page_alloc.c.  Return count pages to the
 * buddy, starting with the list just freed to (pindex) and walking the lists
 * round-robin upwards; each list is emptied oldest-first (from the tail)
 * before moving on.  Empty lists at the ends of the range are dropped from
 * the walk, as the kernel does.
 */
static void free_pcppages_bulk(struct machine *m, struct zone *zone, int count,
			       struct per_cpu_pages *pcp, int pindex)
{
	int min_pindex = 0, max_pindex = NR_PCP_LISTS - 1;
	bool isolated_pageblocks = zone->nr_isolate_pageblock != 0;

	if (count > pcp->count)
		count = pcp->count;
	pindex--;
	while (count > 0) {
		struct page_list *list;
		unsigned int order;

		do {
			if (++pindex > max_pindex)
				pindex = min_pindex;
			list = &pcp->lists[pindex];
			if (!page_list_empty(list))
				break;
			if (pindex == max_pindex)
				max_pindex--;
			if (pindex == min_pindex)
				min_pindex++;
		} while (1);

		order = pindex_to_order(m, (unsigned int)pindex);
		do {
			struct page *page = page_list_last(m, list);
			pfn_t pfn = page_to_pfn(m, page);
			int mt = m->profile->alloc.pcp_free_mt(m, page, pfn, isolated_pageblocks);

			page_list_del(m, list, page);
			count -= 1 << order;
			pcp->count -= 1 << order;
			m->profile->alloc.free_one_page(m, page, pfn, zone, order, mt, FPI_NONE);
			if (mm_event_enabled(&m->sink, MM_EV_mm_page_pcpu_drain)) {
				struct mm_event ev = { .id = MM_EV_mm_page_pcpu_drain,
					.mm_page_pcpu_drain = { .pfn = pfn, .order = order,
								.migratetype = mt } };
				mm_event_emit(&m->sink, &ev);
			}
		} while (count > 0 && !page_list_empty(list));
	}
}

/*
 * CONFIG_PCP_BATCH_SCALE_MAX of the reference kernel (Debian 6.1.192, the
 * 6.1.y backport of the pcp latency bound): a bulk free or drain moves at
 * most batch << 5 pages at a time.
 */
#define PCP_BATCH_SCALE_MAX	5

/*
 * Linux: nr_pcp_free(), mm/page_alloc.c.  Repeated frees without an
 * allocation in between drain batch, 2*batch, 4*batch, ... pages (up to
 * batch << PCP_BATCH_SCALE_MAX), always leaving at least batch on the
 * lists.
 */
static int nr_pcp_free(struct per_cpu_pages *pcp, int high, int batch, bool free_high)
{
	int min_nr_free, max_nr_free;

	if (free_high)
		return pcp->count;
	if (high < batch)
		return 1;
	min_nr_free = batch;
	max_nr_free = high - batch;
	batch <<= pcp->free_factor;
	if (batch < max_nr_free && pcp->free_factor < PCP_BATCH_SCALE_MAX)
		pcp->free_factor++;
	if (batch < min_nr_free)
		batch = min_nr_free;
	if (batch > max_nr_free)
		batch = max_nr_free;
	return batch;
}

/* Linux: nr_pcp_high(): a reclaiming zone keeps at most 4 batches cached. */
static int nr_pcp_high(const struct per_cpu_pages *pcp, const struct zone *zone, bool free_high)
{
	int high = pcp->high;

	if (!high || free_high)
		return 0;
	if (!(zone->flags & (1ul << ZONE_RECLAIM_ACTIVE)))
		return high;
	return pcp->batch * 4 < high ? pcp->batch * 4 : high;
}

/* Linux: free_unref_page_commit(), mm/page_alloc.c */
static void free_unref_page_commit(struct machine *m, struct zone *zone,
				   struct per_cpu_pages *pcp, struct page *page,
				   int mt, unsigned int order)
{
	unsigned int pindex = order_to_pindex(mt, order);
	bool free_high;
	int high;

	__count_vm_events(m, PGFREE, order_to_pages(order));	/* pages, as 6.1.y counts */
	page_list_add(m, &pcp->lists[pindex], page);
	pcp->count += 1 << order;
	/* High-order pcp pages fragment memory: drain them all on a free streak. */
	free_high = pcp->free_factor && order && order <= PAGE_ALLOC_COSTLY_ORDER;
	high = nr_pcp_high(pcp, zone, free_high);
	MM_EXPLAIN(&m->explain, "free_pcp", "free_unref_page_commit", "mm/page_alloc.c",
		   { "order", order }, { "mt", mt }, { "count", pcp->count }, { "high", high },
		   { "free_high", free_high });
	if (pcp->count >= high) {
		int count = nr_pcp_free(pcp, high, pcp->batch, free_high);

		MM_EXPLAIN(&m->explain, "pcp_drain_begin", "free_unref_page_commit",
			   "mm/page_alloc.c", { "count", count }, { "batch", pcp->batch },
			   { "high", high }, { "free_high", free_high },
			   { "free_factor", pcp->free_factor });
		free_pcppages_bulk(m, zone, count, pcp, (int)pindex);
		MM_EXPLAIN(&m->explain, "pcp_drain_end", "free_pcppages_bulk", "mm/page_alloc.c",
			   { "left", pcp->count });
	}
}

/*
 * Linux: free_unref_page(), mm/page_alloc.c.  The pageblock's type is read
 * now and cached in the page; HIGHATOMIC and CMA pages go to the MOVABLE
 * list, ISOLATE pages straight to the buddy.
 */
static void free_unref_page(struct machine *m, struct page *page, unsigned int order)
{
	pfn_t pfn = page_to_pfn(m, page);
	struct zone *zone = page_zone(m, page);
	int mt;

	if (!free_pages_prepare(m, page, order))
		return;
	mt = get_pageblock_migratetype(m, pfn);
	set_pcppage_migratetype(page, mt);
	if (mt >= MIGRATE_PCPTYPES) {
		if (mt == MIGRATE_ISOLATE) {
			MM_EXPLAIN(&m->explain, "free_isolated", "free_unref_page",
				   "mm/page_alloc.c", { "pfn", pfn }, { "order", order });
			free_one_page(m, zone, page, pfn, order, mt, FPI_NONE);
			/* 6.1 counts no PGFREE on this path. */
			return;
		}
		mt = MIGRATE_MOVABLE;
	}
	free_unref_page_commit(m, zone, this_cpu_pcp(m, zone), page, mt, order);
}

/* Linux: free_the_page(): pcp-cacheable orders via the pcp, others direct. */
static void free_the_page(struct machine *m, struct page *page, unsigned int order)
{
	MM_EXPLAIN(&m->explain, "free_begin", "__free_pages", "mm/page_alloc.c",
		   { "pfn", page_to_pfn(m, page) }, { "order", order },
		   { "nid", page_to_nid(page) }, { "zid", page_zonenum(page) });
	if (pcp_allowed_order(m, order))
		free_unref_page(m, page, order);
	else
		__free_pages_ok(m, page, order, FPI_NONE);
	MM_EXPLAIN(&m->explain, "free_end", "__free_pages", "mm/page_alloc.c",
		   { "order", order });
}

/*
 * Linux: __free_pages(), mm/page_alloc.c.  Drops the caller's reference; the
 * frames go back only when it was the last one.  A non-compound high-order
 * block whose head is still referenced elsewhere gives back its upper parts.
 */
void __free_pages(struct machine *m, struct page *page, unsigned int order)
{
	bool head = PageFlag(page, PG_head);

	MM_BUG_ON_PAGE(page->_refcount <= 0, m, page);
	if (--page->_refcount == 0)
		free_the_page(m, page, order);
	else if (!head)
		while (order-- > 0)
			free_the_page(m, page + order_to_pages(order), order);
}

/*
 * Linux: drain_pages_zone(), mm/page_alloc.c: everything, in chunks of at
 * most batch << PCP_BATCH_SCALE_MAX pages (the kernel drops the pcp lock
 * between chunks).
 */
static void drain_pages_zone(struct machine *m, unsigned int cpu, struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

	while (pcp->count) {
		int chunk = pcp->batch << PCP_BATCH_SCALE_MAX;

		free_pcppages_bulk(m, zone, pcp->count < chunk ? pcp->count : chunk, pcp, 0);
	}
}

/* Linux: drain_local_pages(), mm/page_alloc.c */
void drain_local_pages(struct machine *m, struct zone *zone)
{
	drain_pages_zone(m, (unsigned int)m->current_cpu, zone);
}

/* Linux: drain_zone_pages(), mm/page_alloc.c: at most one batch. */
void drain_zone_pages(struct machine *m, struct zone *zone, struct per_cpu_pages *pcp)
{
	int to_drain = pcp->count < pcp->batch ? pcp->count : pcp->batch;

	if (to_drain > 0)
		free_pcppages_bulk(m, zone, to_drain, pcp, 0);
}

/* Linux: drain_all_pages(): empty every CPU's lists of zone (NULL: all). */
void drain_all_pages(struct machine *m, struct zone *zone)
{
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
		if (zone) {
			drain_pages_zone(m, cpu, zone);
			continue;
		}
		for_each_online_node(m, nid)
			for (int z = 0; z < MAX_NR_ZONES; z++)
				if (populated_zone(&NODE_DATA(m, nid)->node_zones[z]))
					drain_pages_zone(m, cpu, &NODE_DATA(m, nid)->node_zones[z]);
	}
}

/* ==================== allocation: the buddy ==================== */

/*
 * Linux: expand(), mm/page_alloc.c.  Splitting a block of order high for a
 * request of order low keeps the lowest-addressed 2^low frames and puts the
 * upper halves back: 2^(high-1) frames at offset 2^(high-1), then 2^(high-2)
 * at 2^(high-2), ... down to 2^low at offset 2^low.
 */
unsigned long expand(struct machine *m, struct zone *zone, struct page *page,
		     unsigned int low, unsigned int high, int mt)
{
	uint64_t size = order_to_pages(high), nr_added = size - order_to_pages(low);

	while (high > low) {
		high--;
		size >>= 1;
		MM_EXPLAIN(&m->explain, "split", "expand", "mm/page_alloc.c",
			   { "pfn", page_to_pfn(m, &page[size]) }, { "order", high },
			   { "nr_pages", (long)size }, { "mt", mt });
		add_to_free_list(m, &page[size], zone, high, mt);
		set_buddy_order(&page[size], high);
	}
	return (unsigned long)nr_added;
}

/* Linux: trace_mm_page_alloc_zone_locked(), include/trace/events/kmem.h */
static void trace_zone_locked(struct machine *m, struct page *page, unsigned int order, int mt)
{
	struct mm_event ev = {
		.id = MM_EV_mm_page_alloc_zone_locked, .mm_page_alloc_zone_locked = {
			.pfn = page_to_pfn(m, page), .order = order, .migratetype = mt,
			.percpu_refill = pcp_allowed_order(m, order) && mt < MIGRATE_PCPTYPES,
		},
	};

	mm_event_emit(&m->sink, &ev);
}

/* Linux: __rmqueue_smallest(), mm/page_alloc.c */
struct page *__rmqueue_smallest(struct machine *m, struct zone *zone, unsigned int order, int mt)
{
	for (unsigned int current_order = order; current_order < MAX_ORDER; current_order++) {
		struct free_area *area = &zone->free_area[current_order];
		struct page *page;

		if (page_list_empty(&area->free_list[mt]))
			continue;
		page = m->profile->alloc.pick_block(m, &area->free_list[mt], mt, mt);
		MM_EXPLAIN(&m->explain, "buddy_take", "__rmqueue_smallest", "mm/page_alloc.c",
			   { "pfn", page_to_pfn(m, page) }, { "order", order },
			   { "found_order", current_order }, { "mt", mt },
			   { "nid", zone->node }, { "zid", zone_idx(zone) });
		page_del_and_expand(m, zone, page, order, current_order, mt);
		m->stats.alloc_type_mismatch += get_pageblock_migratetype(m, page_to_pfn(m, page)) != mt;
		set_pcppage_migratetype(page, mt);
		if (mm_event_enabled(&m->sink, MM_EV_mm_page_alloc_zone_locked))
			trace_zone_locked(m, page, order, mt);
		return page;
	}
	MM_EXPLAIN(&m->explain, "buddy_empty", "__rmqueue_smallest", "mm/page_alloc.c",
		   { "order", order }, { "mt", mt });
	return NULL;
}

/*
 * Linux: move_freepages(), mm/page_alloc.c.  Every free buddy in
 * [start_pfn, end_pfn] moves to mt's lists (tail); used pages that could be
 * migrated are counted in *num_movable: LRU pages (a tail by its head, as
 * PageLRU() reads it) and non-LRU movable pages.  The kernel only assumes
 * they could be isolated; it does not try.
 */
int move_freepages(struct machine *m, struct zone *zone, pfn_t start_pfn, pfn_t end_pfn,
		   int mt, int *num_movable)
{
	int pages_moved = 0;

	for (pfn_t pfn = start_pfn; pfn <= end_pfn;) {
		struct page *page = pfn_to_page(m, pfn);
		unsigned int order;

		if (!PageBuddy(page)) {
			if (num_movable && (PageLRU(compound_head(m, page)) || __PageMovable(page)))
				(*num_movable)++;
			pfn++;
			continue;
		}
		MM_BUG_ON_PAGE(page_zone(m, page) != zone, m, page);
		order = buddy_order(page);
		move_to_free_list(m, page, zone, order, mt);
		pfn += order_to_pages(order);
		pages_moved += 1 << order;
	}
	return pages_moved;
}

/* Linux: move_freepages_block(), mm/page_alloc.c */
int move_freepages_block(struct machine *m, struct zone *zone, struct page *page,
			 int mt, int *num_movable)
{
	pfn_t pfn = page_to_pfn(m, page);
	pfn_t start_pfn = pageblock_start_pfn(m, pfn);
	pfn_t end_pfn = start_pfn + pageblock_nr_pages(m) - 1;

	if (num_movable)
		*num_movable = 0;
	/* Do not cross zone boundaries. */
	if (!zone_spans_pfn(zone, start_pfn))
		start_pfn = pfn;
	if (!zone_spans_pfn(zone, end_pfn))
		return 0;
	return move_freepages(m, zone, start_pfn, end_pfn, mt, num_movable);
}

/*
 * Linux: __rmqueue(), mm/page_alloc.c.  Caller accounts NR_FREE_PAGES.
 * 6.1 searches from the request's own lists on every call: no mode.
 */
struct page *__rmqueue(struct machine *m, struct zone *zone, unsigned int order,
		       int mt, unsigned int alloc_flags, enum rmqueue_mode *mode)
{
	struct page *page;

	(void)mode;
	/* Balance movable allocations between CMA and the rest of the zone. */
	if ((alloc_flags & ALLOC_CMA) &&
	    zone_page_state(zone, NR_FREE_CMA_PAGES) > zone_page_state(zone, NR_FREE_PAGES) / 2) {
		page = __rmqueue_smallest(m, zone, order, MIGRATE_CMA);
		if (page)
			return page;
	}
	for (;;) {
		page = __rmqueue_smallest(m, zone, order, mt);
		if (page)
			return page;
		if (alloc_flags & ALLOC_CMA) {
			page = __rmqueue_smallest(m, zone, order, MIGRATE_CMA);
			if (page)
				return page;
		}
		if (!__rmqueue_fallback(m, zone, (int)order, mt, alloc_flags))
			return NULL;
	}
}

/*
 * Linux: check_new_pages() (with check_new_page_bad()), mm/page_alloc.c:
 * a block about to be handed out that holds a poisoned frame is dropped
 * instead; the caller takes another.  The dropped block is off the free
 * lists and counted allocated, and no one will ever free it: 6.1 loses it
 * as well.  No page was ever poisoned, no frame can be: the common case
 * reads nothing.  (6.1 also reports any other bad state here; numasim's
 * free paths leave none, and MM_DEBUG checks them where they free.)
 */
static bool check_new_pages(const struct machine *m, const struct page *page, unsigned int order)
{
	if (!m->num_poisoned_pages)
		return false;
	for (uint64_t i = 0; i < order_to_pages(order); i++)
		if (PageHWPoison(page + i))
			return true;
	return false;
}

/*
 * Linux: rmqueue_bulk(), mm/page_alloc.c.  Refill a pcp list with count
 * blocks, appended at the tail so a refill carved from one block comes out
 * in ascending pfn order.  Without CONFIG_DEBUG_VM, 6.1 checks a block for
 * poison here (check_pcp_refill()), not when the pcp list hands it out;
 * a dropped block still counts in NR_FREE_PAGES' decrease.  Returns the
 * blocks listed.
 */
static int rmqueue_bulk(struct machine *m, struct zone *zone, unsigned int order,
			int count, struct page_list *list, int mt, unsigned int alloc_flags)
{
	bool caller_counts = !m->profile->alloc.freelist_accounting;
	enum rmqueue_mode mode = RMQUEUE_NORMAL;
	int i, allocated = 0;

	for (i = 0; i < count; i++) {
		struct page *page = m->profile->alloc.rmqueue(m, zone, order, mt, alloc_flags, &mode);

		if (!page)
			break;
		if (check_new_pages(m, page, order))
			continue;
		page_list_add_tail(m, list, page);
		allocated++;
		if (caller_counts && get_pcppage_migratetype(page) == MIGRATE_CMA)
			__mod_zone_page_state(zone, NR_FREE_CMA_PAGES, -(1l << order));
	}
	if (caller_counts)
		__mod_zone_page_state(zone, NR_FREE_PAGES, -((long)i << order));
	return allocated;
}

/* Linux: zone_statistics(), mm/page_alloc.c */
static void zone_statistics(struct machine *m, struct zone *preferred_zone, struct zone *z)
{
	enum numa_stat_item local_stat = z->node == numa_node_id(m) ? NUMA_LOCAL : NUMA_OTHER;

	if (z->node == preferred_zone->node) {
		z->vm_numa_event[NUMA_HIT]++;
	} else {
		z->vm_numa_event[NUMA_MISS]++;
		preferred_zone->vm_numa_event[NUMA_FOREIGN]++;
	}
	z->vm_numa_event[local_stat]++;
}

/* Linux: __rmqueue_pcplist() + rmqueue_pcplist(), mm/page_alloc.c */
static struct page *rmqueue_pcplist(struct machine *m, struct zone *preferred_zone,
				    struct zone *zone, unsigned int order, int mt,
				    unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp = this_cpu_pcp(m, zone);
	struct page_list *list = &pcp->lists[order_to_pindex(mt, order)];
	struct page *page;

	/* An allocation ends a free streak: drain less next time. */
	pcp->free_factor >>= 1;
	bool refilled = page_list_empty(list);

	if (refilled) {
		int batch = pcp->batch, got;

		/* batch 1 marks a boot pageset or a tiny zone: keep nothing cached. */
		if (batch > 1)
			batch = (batch >> order) > 2 ? batch >> order : 2;
		MM_EXPLAIN(&m->explain, "pcp_refill_begin", "rmqueue_bulk", "mm/page_alloc.c",
			   { "nid", zone->node }, { "zid", zone_idx(zone) }, { "order", order },
			   { "mt", mt }, { "count", batch }, { "batch", pcp->batch });
		got = rmqueue_bulk(m, zone, order, batch, list, mt, alloc_flags);
		pcp->count += got << order;
		MM_EXPLAIN(&m->explain, "pcp_refill_end", "rmqueue_bulk", "mm/page_alloc.c",
			   { "got", got }, { "count", batch }, { "pcp_count", pcp->count });
		if (page_list_empty(list))
			return NULL;
	}
	page = page_list_first(m, list);
	page_list_del(m, list, page);
	pcp->count -= 1 << order;
	MM_EXPLAIN(&m->explain, refilled ? "pcp_take" : "pcp_hit", "rmqueue_pcplist",
		   "mm/page_alloc.c", { "nid", zone->node }, { "zid", zone_idx(zone) },
		   { "pfn", page_to_pfn(m, page) }, { "order", order }, { "mt", mt },
		   { "pcp_count", pcp->count });
	/*
	 * Pages, not allocations: 6.1.y counts 2^order here (the stable fix
	 * "mm/page_alloc: fix incorrect PGFREE and PGALLOC for high-order
	 * page"); the reference kernel's pool of 256 order-9 pages moved
	 * pgalloc by 131072.
	 */
	__count_vm_events(m, PGALLOC_DMA + page_zonenum(page), order_to_pages(order));
	zone_statistics(m, preferred_zone, zone);
	return page;
}

/* Linux: rmqueue_buddy(), mm/page_alloc.c */
static struct page *rmqueue_buddy(struct machine *m, struct zone *preferred_zone,
				  struct zone *zone, unsigned int order,
				  unsigned int alloc_flags, int mt)
{
	struct page *page;

	do {
		page = NULL;
		if (order > 0 && (alloc_flags & ALLOC_HARDER))
			page = __rmqueue_smallest(m, zone, order, MIGRATE_HIGHATOMIC);
		if (!page) {
			enum rmqueue_mode mode = RMQUEUE_NORMAL;

			page = m->profile->alloc.rmqueue(m, zone, order, mt, alloc_flags, &mode);
			if (!page)
				return NULL;
		}
		if (!m->profile->alloc.freelist_accounting)
			mod_zone_freepage_state(zone, -(long)order_to_pages(order),
						get_pcppage_migratetype(page));
	} while (check_new_pages(m, page, order));
	__count_vm_events(m, PGALLOC_DMA + page_zonenum(page), order_to_pages(order));
	zone_statistics(m, preferred_zone, zone);
	return page;
}

/*
 * Linux: rmqueue(), mm/page_alloc.c.  Without CONFIG_CMA every pcp order goes
 * through the pcp; with it, a movable request that may not use CMA skips it.
 */
static struct page *rmqueue(struct machine *m, struct zone *preferred_zone, struct zone *zone,
			    unsigned int order, unsigned int alloc_flags, int mt)
{
	struct page *page = NULL;

	if (pcp_allowed_order(m, order) &&
	    (!m->has_cma || (alloc_flags & ALLOC_CMA) || mt != MIGRATE_MOVABLE))
		page = rmqueue_pcplist(m, preferred_zone, zone, order, mt, alloc_flags);
	if (!page)
		page = rmqueue_buddy(m, preferred_zone, zone, order, alloc_flags, mt);
	if (zone->flags & (1ul << ZONE_BOOSTED_WATERMARK)) {
		zone->flags &= ~(1ul << ZONE_BOOSTED_WATERMARK);
		wakeup_kswapd(m, zone, 0, 0, zone_idx(zone));
	}
	return page;
}

/* ==================== the allocation paths ==================== */

/* Linux: alloc_flags_nofragment(): Normal zones spare DMA32 from fallbacks. */
static unsigned int alloc_flags_nofragment(struct machine *m, struct zone *zone, gfp_t gfp)
{
	unsigned int alloc_flags = gfp & __GFP_KSWAPD_RECLAIM;	/* == ALLOC_KSWAPD */

	if (!m->has_zone_dma32 || !zone || zone_idx(zone) != ZONE_NORMAL)
		return alloc_flags;
	if (m->nr_node_ids > 1 && !populated_zone(zone - 1))
		return alloc_flags;
	return alloc_flags | ALLOC_NOFRAGMENT;
}

/*
 * Linux: prep_compound_page(), mm/page_alloc.c.  The layout is mm_types.h's:
 * the order in the head, the head's index in every tail, no PMD mapping
 * and no pins in page[1], the default destructor.
 */
static void prep_compound_page(struct machine *m, struct page *page, unsigned int order)
{
	uint32_t head = (uint32_t)page_to_pfn(m, page);

	SetPageFlag(page, PG_head);
	page->private = order;
	for (uint64_t i = 1; i < order_to_pages(order); i++) {
		SetPageFlag(page + i, PG_tail);
		page[i].lru_next = head;
	}
	page[1].private = (uint32_t)-1;
	page[1].lru_prev = 0;
	page[1].index = 1;	/* COMPOUND_PAGE_DTOR */
	if (order > 1)
		page[2].private = 0;
}

/* Linux: post_alloc_hook() + prep_new_page(), mm/page_alloc.c */
void prep_new_page(struct machine *m, struct page *page, unsigned int order, gfp_t gfp)
{
	page->private = 0;
	page->_refcount = 1;
	page->owner = PAGE_OWNER_VALID |
		      ((uint32_t)gfp_migratetype(gfp) & PAGE_OWNER_MT_MASK);
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(m, page, order);
}

/* Linux: split_page(), mm/page_alloc.c (split_page_owner(): each page keeps the record). */
void split_page(struct machine *m, struct page *page, unsigned int order)
{
	MM_BUG_ON_PAGE(PageFlag(page, PG_head) || !page_count(page), m, page);
	for (uint64_t i = 1; i < order_to_pages(order); i++) {
		page[i]._refcount = 1;
		page[i].owner = page->owner;
	}
}

/* Linux: __isolate_free_page(), mm/page_alloc.c */
unsigned long __isolate_free_page(struct machine *m, struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(m, page);
	pfn_t pfn = page_to_pfn(m, page);
	int mt = get_pageblock_migratetype(m, pfn);

	if (mt != MIGRATE_ISOLATE) {
		/* A raised order-0 check stands for the order's: the block exists. */
		unsigned long watermark = zone->_watermark[WMARK_MIN] + order_to_pages(order);

		if (!zone_watermark_ok(m, zone, 0, watermark, 0, ALLOC_CMA))
			return 0;
		account_freepage_state(m, zone, -(long)order_to_pages(order), mt);
	}
	del_page_from_free_list(m, page, zone, order);
	if (order >= m->pageblock_order - 1) {
		for (pfn_t p = pfn; p < pfn + order_to_pages(order) - 1; p += pageblock_nr_pages(m)) {
			int block_mt = get_pageblock_migratetype(m, p);

			if (migratetype_is_mergeable(block_mt))
				set_pageblock_migratetype(m, p, MIGRATE_MOVABLE);
		}
	}
	return order_to_pages(order);
}

/*
 * Linux: get_page_from_freelist(), mm/page_alloc.c.  Walk the zonelist from
 * the preferred zone; take the first zone whose watermark allows it.  Under
 * ALLOC_NOFRAGMENT, reaching another node restarts the walk without it:
 * locality matters more than fragmentation avoidance.
 */
struct page *get_page_from_freelist(struct machine *m, gfp_t gfp, unsigned int order,
				    unsigned int alloc_flags, const struct alloc_context *ac)
{
	bool cpuset_check = (alloc_flags & ALLOC_CPUSET) && cpusets_enabled(m);
	const pg_data_t *last_pgdat = NULL;
	bool last_pgdat_dirty_ok = false;
	struct zoneref *z;
	struct zone *zone;
	bool no_fallback;

retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	z = ac->preferred_zoneref;
	MM_EXPLAIN(&m->explain, "zonelist_walk", "get_page_from_freelist", "mm/page_alloc.c",
		   { "nid", z->zone ? z->zone->node : -1 },
		   { "zid", z->zone ? (long)zone_idx(z->zone) : -1 }, { "order", order },
		   { "wmark", alloc_flags & ALLOC_WMARK_MASK },
		   { "no_watermarks", (alloc_flags & ALLOC_NO_WATERMARKS) != 0 },
		   { "nofragment", no_fallback }, { "highest_zid", ac->highest_zoneidx });
	for_next_zone_zonelist_nodemask(zone, z, ac->highest_zoneidx, ac->nodemask) {
		struct page *page;
		unsigned long mark;

		if (cpuset_check && !__cpuset_node_allowed(m, zone->node, gfp)) {
			MM_EXPLAIN(&m->explain, "zone_skip_cpuset", "get_page_from_freelist",
				   "mm/page_alloc.c", { "nid", zone->node }, { "zid", zone_idx(zone) });
			continue;
		}
		if (ac->spread_dirty_pages) {	/* a page about to be dirtied */
			if (last_pgdat != zone->zone_pgdat) {
				last_pgdat = zone->zone_pgdat;
				last_pgdat_dirty_ok = node_dirty_ok(m, zone->zone_pgdat);
			}
			if (!last_pgdat_dirty_ok) {
				MM_EXPLAIN(&m->explain, "zone_skip_dirty", "get_page_from_freelist",
					   "mm/page_alloc.c", { "nid", zone->node },
					   { "zid", zone_idx(zone) });
				continue;
			}
		}
		if (no_fallback && m->nr_node_ids > 1 && zone != ac->preferred_zoneref->zone &&
		    zone->node != ac->preferred_zoneref->zone->node) {
			MM_EXPLAIN(&m->explain, "nofragment_remote", "get_page_from_freelist",
				   "mm/page_alloc.c", { "nid", zone->node },
				   { "preferred_nid", ac->preferred_zoneref->zone->node });
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}
		mark = wmark_pages(zone, (enum zone_watermarks)(alloc_flags & ALLOC_WMARK_MASK));
		if (!zone_watermark_fast(m, zone, order, mark, ac->highest_zoneidx, alloc_flags, gfp) &&
		    !(alloc_flags & ALLOC_NO_WATERMARKS)) {
			MM_EXPLAIN(&m->explain, "zone_skip_watermark", "get_page_from_freelist",
				   "mm/page_alloc.c", { "nid", zone->node }, { "zid", zone_idx(zone) });
			continue;	/* node_reclaim is off by default (zone_reclaim_mode 0) */
		}

		page = rmqueue(m, ac->preferred_zoneref->zone, zone, order, alloc_flags,
			       ac->migratetype);
		if (!page)
			MM_EXPLAIN(&m->explain, "zone_no_page", "get_page_from_freelist",
				   "mm/page_alloc.c", { "nid", zone->node }, { "zid", zone_idx(zone) },
				   { "order", order });
		if (page) {
			prep_new_page(m, page, order, gfp);
			if (order && (alloc_flags & ALLOC_HARDER))
				reserve_highatomic_pageblock(m, page, order, zone);
			return page;
		}
	}
	if (no_fallback) {
		MM_EXPLAIN(&m->explain, "nofragment_retry", "get_page_from_freelist",
			   "mm/page_alloc.c", { "order", order });
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}

/* Linux: trace_mm_page_alloc(), include/trace/events/kmem.h */
static void trace_page_alloc(struct machine *m, struct page *page, unsigned int order,
			     gfp_t gfp, int mt)
{
	struct mm_event ev = {
		.id = MM_EV_mm_page_alloc, .mm_page_alloc = {
			.pfn = page ? page_to_pfn(m, page) : PFN_NONE, .order = order,
			.gfp_flags = gfp, .migratetype = mt,
		},
	};

	mm_event_emit(&m->sink, &ev);
}

/* The zone gfp_zone() names, folded onto the zones this kernel has. */
static enum zone_type highest_zoneidx_for(const struct machine *m, gfp_t gfp)
{
	int zidx = gfp_zone(gfp);

	if ((zidx == ZONE_DMA && !m->has_zone_dma) || (zidx == ZONE_DMA32 && !m->has_zone_dma32))
		zidx = ZONE_NORMAL;
	return (enum zone_type)zidx;
}

/*
 * Linux: the cpuset part of prepare_alloc_pages(), mm/page_alloc.c.  Once
 * cpusets exist, the fast path is a __GFP_HARDWALL request: without a
 * mask of its own it takes the task's mems_allowed as its mask, with one
 * it checks each zone against the cpuset (ALLOC_CPUSET).
 */
static void prepare_alloc_cpuset(const struct machine *m, struct alloc_context *ac,
				 gfp_t *alloc_gfp, unsigned int *alloc_flags)
{
	if (!cpusets_enabled(m))
		return;
	*alloc_gfp |= __GFP_HARDWALL;
	if (!ac->nodemask)
		ac->nodemask = cpuset_current_mems_allowed(m);
	else
		*alloc_flags |= ALLOC_CPUSET;
}

/* The narration's close of __alloc_pages(): where the block came from, or failure. */
static void explain_alloc_end(struct machine *m, struct page *page, unsigned int order)
{
	if (!page) {
		MM_EXPLAIN(&m->explain, "alloc_fail_end", "__alloc_pages", "mm/page_alloc.c",
			   { "order", order });
		return;
	}
	MM_EXPLAIN(&m->explain, "alloc_end", "__alloc_pages", "mm/page_alloc.c",
		   { "pfn", page_to_pfn(m, page) }, { "order", order },
		   { "nid", page_to_nid(page) }, { "zid", page_zonenum(page) });
}

/*
 * Linux: __alloc_pages() + prepare_alloc_pages(), mm/page_alloc.c.  The
 * slow path gets the caller's gfp and mask back; the trace shows the gfp
 * of the path that ended the call.
 */
struct page *__alloc_pages(struct machine *m, gfp_t gfp, unsigned int order,
			   int preferred_nid, const nodemask_t *nodemask)
{
	struct alloc_context ac = { 0 };
	unsigned int alloc_flags = ALLOC_WMARK_LOW;
	uint64_t start_ns = m->clock_ns;
	enum alloc_path outer_path = m->stats.alloc_path;	/* reclaim may allocate */
	struct page *page = NULL;
	gfp_t alloc_gfp = gfp;
	pg_data_t *pgdat;

	m->stats.alloc_path = ALLOC_PATH_FAST;
	MM_EXPLAIN(&m->explain, "alloc_begin", "__alloc_pages", "mm/page_alloc.c",
		   { "order", order }, { "gfp", (long)gfp },
		   { "nid", preferred_nid == NUMA_NO_NODE ? numa_node_id(m) : preferred_nid },
		   { "mt", gfp_migratetype(gfp) }, { "nr_pages", (long)order_to_pages(order) });

	if (order >= MAX_ORDER || gfp_zone(gfp) < 0)
		goto out;
	if (preferred_nid == NUMA_NO_NODE)
		preferred_nid = numa_node_id(m);
	pgdat = NODE_DATA(m, preferred_nid);
	ac.highest_zoneidx = highest_zoneidx_for(m, gfp);
	ac.zonelist = &pgdat->node_zonelists[(gfp & __GFP_THISNODE) ? ZONELIST_NOFALLBACK
								      : ZONELIST_FALLBACK];
	ac.nodemask = nodemask;
	ac.spread_dirty_pages = gfp & __GFP_WRITE;
	ac.migratetype = m->page_group_by_mobility_disabled ? MIGRATE_UNMOVABLE
							    : gfp_migratetype(gfp);
	prepare_alloc_cpuset(m, &ac, &alloc_gfp, &alloc_flags);
	if (m->has_cma && gfp_migratetype(gfp) == MIGRATE_MOVABLE)
		alloc_flags |= ALLOC_CMA;
	ac.preferred_zoneref = next_zones_zonelist(ac.zonelist->_zonerefs, ac.highest_zoneidx,
						   ac.nodemask);
	alloc_flags |= alloc_flags_nofragment(m, ac.preferred_zoneref->zone, gfp);
	if (ac.preferred_zoneref->zone)
		page = get_page_from_freelist(m, alloc_gfp, order, alloc_flags, &ac);
	if (!page) {
		alloc_gfp = gfp;
		ac.nodemask = nodemask;
		ac.spread_dirty_pages = false;
		m->stats.alloc_path = ALLOC_PATH_SLOW;
		MM_EXPLAIN(&m->explain, "slowpath_begin", "__alloc_pages_slowpath",
			   "mm/page_alloc.c", { "order", order }, { "gfp", (long)gfp });
		page = __alloc_pages_slowpath(m, gfp, order, &ac);
		MM_EXPLAIN(&m->explain, page ? "slowpath_end" : "slowpath_fail_end",
			   "__alloc_pages_slowpath", "mm/page_alloc.c", { "order", order });
	}
out:
	if (page) {
		m->stats.alloc_success[order]++;
		latency_hist_add(&m->stats.alloc_latency[order], m->clock_ns - start_ns);
		latency_hist_add(&m->stats.alloc_path_latency[m->stats.alloc_path],
				 m->clock_ns - start_ns);
	} else if (order < MAX_ORDER)
		m->stats.alloc_fail[order]++;
	m->stats.alloc_path = outer_path;
	explain_alloc_end(m, page, order);
	if (mm_event_enabled(&m->sink, MM_EV_mm_page_alloc))
		trace_page_alloc(m, page, order, alloc_gfp, ac.migratetype);
	return page;
}

/* Linux: alloc_pages_node(), include/linux/gfp.h */
struct page *alloc_pages_node(struct machine *m, int nid, gfp_t gfp, unsigned int order)
{
	return __alloc_pages(m, gfp, order, nid, NULL);
}

/* Linux: adjust_managed_page_count(), mm/page_alloc.c (totalram_pages() sums the zones). */
void adjust_managed_page_count(struct machine *m, struct page *page, long count)
{
	page_zone(m, page)->managed_pages += (unsigned long)count;
}

/*
 * Linux: free_reserved_page(), include/linux/mm.h: a frame reserved since
 * boot goes to the buddy (through the per-CPU list) and joins the managed
 * pages.
 */
void free_reserved_page(struct machine *m, struct page *page)
{
	ClearPageFlag(page, PG_reserved);
	page->_refcount = 1;
	__free_pages(m, page, 0);
	adjust_managed_page_count(m, page, 1);
}

/* ==================== boot-time freeing ==================== */

/*
 * Linux: __free_pages_core(), mm/page_alloc.c.  Hand frames that were
 * reserved since memmap init to the buddy: clear PG_reserved, drop the
 * initial reference, count them managed, free to the tail, bypassing the pcp.
 */
void __free_pages_core(struct machine *m, struct page *page, unsigned int order)
{
	uint64_t nr_pages = order_to_pages(order);

	/* One pass does what memmap init left and free_pages_prepare() checks. */
	for (uint64_t i = 0; i < nr_pages; i++) {
		page[i]._refcount = 0;
		reset_free_frame(&page[i]);
	}
	page_zone(m, page)->managed_pages += nr_pages;
	if (mm_event_enabled(&m->sink, MM_EV_mm_page_free))
		trace_page_free(m, page_to_pfn(m, page), order);
	free_prepared_to_buddy(m, page, order, FPI_TO_TAIL);
}

/*
 * Linux: init_cma_reserved_pageblock(), mm/page_alloc.c.  A pageblock of a
 * CMA area, reserved since boot, takes the type MIGRATE_CMA and is freed
 * whole the ordinary way (__free_pages(); at this point of boot the per-CPU
 * lists have no high mark yet and pass it straight to the buddy, onto the
 * CMA list, counted in NR_FREE_CMA_PAGES); it joins the managed pages and
 * the zone's cma_pages.
 */
void init_cma_reserved_pageblock(struct machine *m, struct page *page)
{
	unsigned long nr_pages = pageblock_nr_pages(m);

	for (unsigned long i = 0; i < nr_pages; i++) {
		ClearPageFlag(&page[i], PG_reserved);
		page[i]._refcount = 0;
	}
	set_pageblock_migratetype(m, page_to_pfn(m, page), MIGRATE_CMA);
	page->_refcount = 1;
	__free_pages(m, page, m->pageblock_order);
	adjust_managed_page_count(m, page, (long)nr_pages);
	page_zone(m, page)->cma_pages += nr_pages;
}

/* ==================== memory failure ==================== */

/*
 * Linux: __zone_set_pageset_high_and_batch(), mm/page_alloc.c: every
 * CPU's pcp limits of zone.
 */
static void zone_set_pcp_limits(struct machine *m, struct zone *zone, int high, int batch)
{
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
		zone->per_cpu_pageset[cpu].high = high;
		zone->per_cpu_pageset[cpu].batch = batch;
	}
}

void zone_pcp_disable(struct machine *m, struct zone *zone)
{
	if (!zone->per_cpu_pageset)
		return;
	zone_set_pcp_limits(m, zone, 0, 1);
	drain_all_pages(m, zone);
}

void zone_pcp_enable(struct machine *m, struct zone *zone)
{
	if (zone->per_cpu_pageset)
		zone_set_pcp_limits(m, zone, zone->pageset_high, zone->pageset_batch);
}

/*
 * The zone an allocation of gfp for node nid (NUMA_NO_NODE: the CPU's)
 * prefers: the first its zonelist allows, as __alloc_pages() picks
 * ac.preferred_zoneref (no cpuset: a kernel user's request).  NULL when
 * none is allowed (a __GFP_THISNODE request of a node without memory).
 */
static struct zone *preferred_zone_of(struct machine *m, gfp_t gfp, int nid)
{
	pg_data_t *pgdat = NODE_DATA(m, nid == NUMA_NO_NODE ? numa_node_id(m) : nid);
	struct zonelist *zl = &pgdat->node_zonelists[(gfp & __GFP_THISNODE) ? ZONELIST_NOFALLBACK
									 : ZONELIST_FALLBACK];

	return next_zones_zonelist(zl->_zonerefs, highest_zoneidx_for(m, gfp), NULL)->zone;
}

/*
 * No Linux twin: what rmqueue() and __alloc_pages() do once a block is
 * chosen, for a block placed where a traced kernel put it: the pgalloc
 * and NUMA counters (zone_statistics() against the zone gfp and nid
 * prefer; the block's own zone when none is allowed), the preparation
 * (post_alloc_hook(), prep_new_page()), the success count and the
 * mm_page_alloc event.
 */
void account_alloc_at(struct machine *m, struct page *page, unsigned int order, gfp_t gfp,
		      int nid)
{
	struct zone *zone = page_zone(m, page);
	struct zone *preferred = preferred_zone_of(m, gfp, nid);

	__count_vm_events(m, PGALLOC_DMA + page_zonenum(page), order_to_pages(order));
	zone_statistics(m, preferred ? preferred : zone, zone);
	prep_new_page(m, page, order, gfp);
	m->stats.alloc_success[order]++;
	if (mm_event_enabled(&m->sink, MM_EV_mm_page_alloc))
		trace_page_alloc(m, page, order, gfp,
				 m->page_group_by_mobility_disabled ? MIGRATE_UNMOVABLE
								    : gfp_migratetype(gfp));
}
