/*
 * mm/internal.h - declarations shared inside mm/ (and with tests and the
 * checkers), not part of the public allocator API in gfp.h.
 *
 * Linux counterpart: mm/internal.h, plus the PageBuddy helpers of
 * include/linux/page-flags.h.
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include "mm/mmzone.h"
#include "mm/pageblock-flags.h"
#include "mm/profile.h"
#include "mm/vmstat_counters.h"

/* ---- page flags and types ---- */

static inline bool PageFlag(const struct page *page, enum pageflags bit)
{
	return (page->flags >> bit) & 1;
}

static inline void SetPageFlag(struct page *page, enum pageflags bit)
{
	page->flags |= 1u << bit;
}

static inline void ClearPageFlag(struct page *page, enum pageflags bit)
{
	page->flags &= ~(1u << bit);
}

static inline bool PageReserved(const struct page *page) { return PageFlag(page, PG_reserved); }
static inline bool PageLRU(const struct page *page) { return PageFlag(page, PG_lru); }
static inline bool PageHWPoison(const struct page *page) { return PageFlag(page, PG_hwpoison); }

/* Linux: PageBuddy() via PAGE_TYPE_OPS(Buddy), include/linux/page-flags.h */
static inline bool PageBuddy(const struct page *page)
{
	return (page->page_type & (PAGE_TYPE_BASE | PG_buddy)) == PAGE_TYPE_BASE;
}

static inline void __SetPageBuddy(struct page *page)
{
	page->page_type &= ~PG_buddy;
}

static inline void __ClearPageBuddy(struct page *page)
{
	page->page_type |= PG_buddy;
}

/*
 * A poisoned page memory-failure.c took off the free lists itself carries
 * this in private.  Linux: MAGIC_HWPOISON, SetPageHWPoisonTakenOff(),
 * include/linux/page-flags.h, mm/memory-failure.c.
 */
#define MAGIC_HWPOISON	0x48575053u	/* "HWPS" */

static inline void SetPageHWPoisonTakenOff(struct page *page)
{
	page->private = MAGIC_HWPOISON;
}

static inline bool PageHWPoisonTakenOff(const struct page *page)
{
	return PageHWPoison(page) && page->private == MAGIC_HWPOISON;
}

/* Linux: PageCompound(): the head or a tail of a compound page. */
static inline bool PageCompound(const struct page *page)
{
	return page->flags & ((1u << PG_head) | (1u << PG_tail));
}

/* Linux: PageOffline() via PAGE_TYPE_OPS(Offline): a frame given away (a balloon's). */
static inline bool PageOffline(const struct page *page)
{
	return (page->page_type & (PAGE_TYPE_BASE | PG_offline)) == PAGE_TYPE_BASE;
}

static inline void __SetPageOffline(struct page *page)
{
	page->page_type &= ~PG_offline;
}

static inline void __ClearPageOffline(struct page *page)
{
	page->page_type |= PG_offline;
}

/* Buddy order and the list migratetype share page->private (see mm_types.h). */
static inline unsigned int buddy_order(const struct page *page)
{
	return page->private & 0xffu;
}

static inline int buddy_list_mt(const struct page *page)
{
	return (int)((page->private >> 8) & 0xfu);
}

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = (page->private & ~0xffu) | order;
	__SetPageBuddy(page);
}

static inline void set_buddy_list_mt(struct page *page, int mt)
{
	page->private = (page->private & ~0xf00u) | ((uint32_t)mt << 8);
}

/* The migratetype a page on a pcp list was cached with (page->index in 6.1). */
static inline int get_pcppage_migratetype(const struct page *page)
{
	return (int)(page->private & 0xfu);
}

static inline void set_pcppage_migratetype(struct page *page, int mt)
{
	page->private = (uint32_t)mt;
}

static inline int page_count(const struct page *page) { return page->_refcount; }
static inline int page_mapcount(const struct page *page) { return page->_mapcount + 1; }

/*
 * Linux: __find_buddy_pfn(), mm/internal.h.  A block of order O at pfn P has
 * its buddy at P ^ (1 << O): block 8's order-1 buddy is 10, block 10's is 8;
 * together they form the order-2 block at P & buddy = 8.
 */
static inline pfn_t __find_buddy_pfn(pfn_t pfn, unsigned int order)
{
	return pfn ^ ((pfn_t)1 << order);
}

/*
 * Would __free_one_page() merge free blocks of this order at pfn and at its
 * buddy_pfn, both free?  Always below pageblock_order; from there on only
 * when the two pageblocks' types may merge (isolate, CMA and highatomic
 * blocks keep to their own type).  Needs pageblock_flags.h's reader.
 */
static inline bool buddies_would_merge(const struct machine *m, pfn_t pfn, pfn_t buddy_pfn,
				       unsigned int order)
{
	int mt, buddy_mt;

	if (order < m->pageblock_order)
		return true;
	mt = get_pageblock_migratetype(m, pfn);
	buddy_mt = get_pageblock_migratetype(m, buddy_pfn);
	return mt == buddy_mt || (migratetype_is_mergeable(mt) && migratetype_is_mergeable(buddy_mt));
}

/* ---- the zone free lists (mm/page_alloc.c) ---- */

/* Linux: __mod_zone_freepage_state(), include/linux/vmstat.h */
static inline void mod_zone_freepage_state(struct zone *zone, long nr_pages, int mt)
{
	__mod_zone_page_state(zone, NR_FREE_PAGES, nr_pages);
	if (mt == MIGRATE_CMA)
		__mod_zone_page_state(zone, NR_FREE_CMA_PAGES, nr_pages);
}

void add_to_free_list(struct machine *m, struct page *page, struct zone *zone,
		      unsigned int order, int mt);
void add_to_free_list_tail(struct machine *m, struct page *page, struct zone *zone,
			   unsigned int order, int mt);
void move_to_free_list(struct machine *m, struct page *page, struct zone *zone,
		       unsigned int order, int mt);
void del_page_from_free_list(struct machine *m, struct page *page, struct zone *zone,
			     unsigned int order);

static inline bool page_list_empty(const struct page_list *list)
{
	return list->first == PAGE_LIST_NIL;
}

static inline struct page *page_list_first(const struct machine *m, const struct page_list *list)
{
	return list->first == PAGE_LIST_NIL ? NULL : pfn_to_page(m, list->first);
}

static inline struct page *page_list_last(const struct machine *m, const struct page_list *list)
{
	return list->last == PAGE_LIST_NIL ? NULL : pfn_to_page(m, list->last);
}

static inline struct page *page_list_next(const struct machine *m, const struct page *page)
{
	return page->lru_next == PAGE_LIST_NIL ? NULL : pfn_to_page(m, page->lru_next);
}

static inline uint32_t page_list_index(const struct machine *m, const struct page *page)
{
	return (uint32_t)page_to_pfn(m, page);
}

/* Insert page at the head of list. */
static inline void page_list_add(struct machine *m, struct page_list *list, struct page *page)
{
	uint32_t idx = page_list_index(m, page);

	page->lru_prev = PAGE_LIST_NIL;
	page->lru_next = list->first;
	if (list->first != PAGE_LIST_NIL)
		pfn_to_page(m, list->first)->lru_prev = idx;
	else
		list->last = idx;
	list->first = idx;
}

/* Insert page at the tail of list. */
static inline void page_list_add_tail(struct machine *m, struct page_list *list, struct page *page)
{
	uint32_t idx = page_list_index(m, page);

	page->lru_next = PAGE_LIST_NIL;
	page->lru_prev = list->last;
	if (list->last != PAGE_LIST_NIL)
		pfn_to_page(m, list->last)->lru_next = idx;
	else
		list->first = idx;
	list->last = idx;
}

/* Unlink page from list (which must hold it). */
static inline void page_list_del(struct machine *m, struct page_list *list, struct page *page)
{
	if (page->lru_prev != PAGE_LIST_NIL)
		pfn_to_page(m, page->lru_prev)->lru_next = page->lru_next;
	else
		list->first = page->lru_next;
	if (page->lru_next != PAGE_LIST_NIL)
		pfn_to_page(m, page->lru_next)->lru_prev = page->lru_prev;
	else
		list->last = page->lru_prev;
	page->lru_next = page->lru_prev = PAGE_LIST_NIL;
}

static inline void page_list_init(struct page_list *list)
{
	list->first = list->last = PAGE_LIST_NIL;
}

#define page_list_for_each(m, page, list) \
	for ((page) = page_list_first((m), (list)); (page); (page) = page_list_next((m), (page)))

/* ---- allocator internals (mm/page_alloc.c) ---- */

/* alloc_flags, as in mm/internal.h (6.1 values). */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM		0x08
#define ALLOC_HARDER		0x10
#define ALLOC_HIGH		0x20
#define ALLOC_CPUSET		0x40
#define ALLOC_CMA		0x80
#define ALLOC_NOFRAGMENT	0x100
#define ALLOC_KSWAPD		0x800

/* What one allocation carries through the paths (Linux: struct alloc_context). */
struct alloc_context {
	struct zonelist *zonelist;
	const nodemask_t *nodemask;
	struct zoneref *preferred_zoneref;
	int migratetype;
	enum zone_type highest_zoneidx;
	/*
	 * __GFP_WRITE: skip nodes over their dirty limit (node_dirty_ok()).
	 * Set for the first attempt only: __alloc_pages() clears it before the
	 * slow path, where reclaim and throttling take over.
	 */
	bool spread_dirty_pages;
};

/* Linux: first_zones_zonelist() / next_zones_zonelist(). */
static inline struct zoneref *next_zones_zonelist(struct zoneref *z, enum zone_type highest_zoneidx,
					   const nodemask_t *nodes)
{
	for (; z->zone; z++)
		if (z->zone_idx <= (int)highest_zoneidx && (!nodes || node_isset(z->zone->node, nodes)))
			break;
	return z;
}

#define for_next_zone_zonelist_nodemask(zone, z, highidx, nodemask)			\
	for (z = next_zones_zonelist(z, highidx, nodemask), zone = z->zone;		\
	     zone; z = next_zones_zonelist(z + 1, highidx, nodemask), zone = z->zone)

/*
 * Linux: get_page_from_freelist(), mm/page_alloc.c: the first zone of
 * ac's zonelist whose watermark (alloc_flags) allows the block.
 */
struct page *get_page_from_freelist(struct machine *m, gfp_t gfp, unsigned int order,
				    unsigned int alloc_flags, const struct alloc_context *ac);

/* Linux: unreserve_highatomic_pageblock(), mm/page_alloc.c */
bool unreserve_highatomic_pageblock(struct machine *m, const struct alloc_context *ac, bool force);

/*
 * Linux: __alloc_pages_slowpath(), mm/page_alloc.c (numasim keeps it in
 * mm/page_alloc_slowpath.c).
 */
struct page *__alloc_pages_slowpath(struct machine *m, gfp_t gfp, unsigned int order,
				    struct alloc_context *ac);

/*
 * Linux: __isolate_free_page(), mm/page_alloc.c: take the free block
 * (head page, order) off the buddy for compaction, if the zone stays
 * above its min watermark; a block of at least half a pageblock turns its
 * pageblocks movable.  Returns 2^order, or 0.
 */
unsigned long __isolate_free_page(struct machine *m, struct page *page, unsigned int order);

/*
 * Linux: find_buddy_page_pfn(), mm/internal.h: the free buddy of the free
 * block (page at pfn, order) that could merge with it, or NULL.
 */
struct page *find_buddy_page_pfn(struct machine *m, struct page *page, pfn_t pfn,
				 unsigned int order, pfn_t *buddy_pfn);

/*
 * Linux: split_free_page(), mm/page_alloc.c: cut the free block at
 * split_offset frames, each side freed again onto its own pageblock's
 * lists.  0, or -ENOENT when the block is no longer free at order.
 */
int split_free_page(struct machine *m, struct page *free_page, unsigned int order,
		    unsigned long split_offset);

/* Linux: __putback_isolated_page(), mm/page_alloc.c: back to the tail, merging. */
void __putback_isolated_page(struct machine *m, struct page *page, unsigned int order, int mt);

/*
 * Linux: split_page(), mm/page_alloc.c: a non-compound allocated block
 * becomes 2^order order-0 pages, each with its own reference.
 */
void split_page(struct machine *m, struct page *page, unsigned int order);

/* Linux: drain_local_pages(), mm/page_alloc.c: this CPU's lists of zone. */
void drain_local_pages(struct machine *m, struct zone *zone);

/* Linux: __free_one_page(); fpi_flags as in mm/page_alloc.c. */
#define FPI_NONE		0x0
#define FPI_SKIP_REPORT_NOTIFY	0x1
#define FPI_TO_TAIL		0x2
void __free_one_page(struct machine *m, struct page *page, pfn_t pfn, struct zone *zone,
		     unsigned int order, int mt, unsigned int fpi_flags);

/*
 * Linux: __rmqueue(), mm/page_alloc.c: one block of type mt, falling back
 * to other types through the profile's decisions.  The linux-6.1 profile's
 * alloc.rmqueue.
 */
struct page *__rmqueue(struct machine *m, struct zone *zone, unsigned int order, int mt,
		       unsigned int alloc_flags, enum rmqueue_mode *mode);

/* Linux: __rmqueue_smallest(), mm/page_alloc.c.  Caller holds zone->lock. */
struct page *__rmqueue_smallest(struct machine *m, struct zone *zone, unsigned int order, int mt);

/*
 * Linux: move_freepages_block(), mm/page_alloc.c.  Moves every free buddy of
 * the pageblock holding page onto mt's lists.  Returns the number of free
 * pages moved (0 if the block's end lies outside the zone); *num_movable
 * (may be NULL) counts in-use pages that are LRU or movable.
 */
int move_freepages_block(struct machine *m, struct zone *zone, struct page *page,
			 int mt, int *num_movable);

/* Linux: find_suitable_fallback(), mm/page_alloc.c. */
int find_suitable_fallback(struct machine *m, struct free_area *area, unsigned int order,
			   int migratetype, bool only_stealable, bool *can_steal);

/* Linux: __zone_watermark_ok() / zone_watermark_ok(), mm/page_alloc.c. */
bool __zone_watermark_ok(struct machine *m, struct zone *z, unsigned int order,
			 unsigned long mark, int highest_zoneidx, unsigned int alloc_flags,
			 long free_pages);
bool zone_watermark_ok(struct machine *m, struct zone *z, unsigned int order,
		       unsigned long mark, int highest_zoneidx, unsigned int alloc_flags);
/*
 * Linux: zone_watermark_fast(), mm/page_alloc.c: the allocation fast path's
 * check, with its order-0 shortcut and the GFP_ATOMIC boost allowance.
 */
bool zone_watermark_fast(struct machine *m, struct zone *z, unsigned int order,
			 unsigned long mark, int highest_zoneidx, unsigned int alloc_flags,
			 gfp_t gfp);

/* Linux: __free_pages_core(): boot/online frames enter the buddy (tail, no pcp). */
void __free_pages_core(struct machine *m, struct page *page, unsigned int order);

/* Linux: init_cma_reserved_pageblock(): a reserved pageblock becomes free MIGRATE_CMA. */
void init_cma_reserved_pageblock(struct machine *m, struct page *page);

/* Linux: setup_per_zone_wmarks(), setup_per_zone_lowmem_reserve(). */
void setup_per_zone_wmarks(struct machine *m);
void setup_per_zone_lowmem_reserve(struct machine *m);
/* Linux: calculate_min_free_kbytes() + khugepaged's set_recommended_min_free_kbytes(). */
void init_per_zone_wmark_min(struct machine *m);
/* Linux: zone_pcp_update() for every zone: batch and high from the watermarks. */
void zone_pcp_update_all(struct machine *m);


/* Linux: drain_zone_pages(): give back up to one batch of a pcp list of zone. */
void drain_zone_pages(struct machine *m, struct zone *zone, struct per_cpu_pages *pcp);

/*
 * Linux: zone_pcp_disable() / zone_pcp_enable(), mm/page_alloc.c: keep
 * nothing on zone's per-CPU lists (high 0, batch 1) and drain them, so a
 * free page is in the buddy while memory failure looks at it; then give
 * the lists their sizes back.
 */
void zone_pcp_disable(struct machine *m, struct zone *zone);
void zone_pcp_enable(struct machine *m, struct zone *zone);

/* Linux: is_free_buddy_page(), mm/page_alloc.c: does page lie in a free block? */
bool is_free_buddy_page(const struct machine *m, struct page *page);

/*
 * Linux: take_page_off_buddy(), mm/page_alloc.c: take the free page out
 * of its free block (the rest stays free) and mark it taken off, for
 * memory failure to poison.  False when page is not free in the buddy.
 */
bool take_page_off_buddy(struct machine *m, struct page *page);

/*
 * Like take_page_off_buddy() for the block of 2^order frames at page,
 * unmarked and at refcount 0 (no Linux twin, see mm/page_alloc.c).
 */
bool take_block_off_buddy(struct machine *m, struct page *page, unsigned int order);

/*
 * Count and prepare a block a traced kernel allocated, as rmqueue() and
 * __alloc_pages() would have (no Linux twin, see mm/page_alloc.c).
 */
void account_alloc_at(struct machine *m, struct page *page, unsigned int order, gfp_t gfp,
		      int nid);

/* Linux: post_alloc_hook() + prep_new_page(), mm/page_alloc.c. */
void prep_new_page(struct machine *m, struct page *page, unsigned int order, gfp_t gfp);

/* Linux: pindex_to_order(), mm/page_alloc.c: the order of a pcp list. */
unsigned int pindex_to_order(const struct machine *m, unsigned int pindex);

/*
 * Linux: trace_mm_page_alloc_extfrag(), mm/page_alloc.c's caller: count a
 * fallback in struct mm_sim_stats and emit its event.
 */
void extfrag_record(struct machine *m, pfn_t pfn, unsigned int alloc_order,
		    unsigned int fallback_order, int alloc_mt, int fallback_mt,
		    bool change_ownership);

/* Linux: build_all_zonelists(), mm/page_alloc.c. */
void build_all_zonelists(struct machine *m);

/*
 * Linux: memmap_init_range() with MEMINIT_HOTPLUG, mm/mm_init.c: the
 * struct pages of [start_pfn, start_pfn + nr_pages) (which have a memmap)
 * reserved, one reference, node nid and zone zid in their flags, and every
 * pageblock starting there set to migratetype (-1: left as it is).
 */
void memmap_init_range(struct machine *m, pfn_t start_pfn, unsigned long nr_pages, int nid,
		       enum zone_type zid, int migratetype);

/*
 * Linux: calculate_totalreserve_pages(), mm/page_alloc.c: the pages kept
 * back in every zone (largest lowmem_reserve + high watermark), stored in
 * m->totalreserve_pages; run whenever watermarks or reserves change.
 */
void calculate_totalreserve_pages(struct machine *m);

/* Linux: nr_free_buffer_pages(), mm/page_alloc.c. */
unsigned long nr_free_buffer_pages(struct machine *m);

/*
 * Linux: zone_watermark_ok_safe(), mm/page_alloc.c: zone_watermark_ok()
 * on the exact free count when the zone is below its drift mark.
 */
bool zone_watermark_ok_safe(struct machine *m, struct zone *z, unsigned int order,
			    unsigned long mark, int highest_zoneidx);

/* Linux: int_sqrt(), lib/math/int_sqrt.c (mm/watermark.c): the floor of the square root. */
unsigned long int_sqrt(unsigned long x);

/* ---- the LRU lists (mm/swap.c) ---- */

/* Linux: folio_lru_list(), include/linux/mm_inline.h: the list the folio belongs on. */
enum lru_list folio_lru_list(const struct page *head);

/*
 * Linux: folio_mark_accessed(), mm/swap.c: the first access of a folio
 * sets PG_referenced, a second one moves an inactive folio to the active
 * list (pgactivate).  For accesses the page tables do not see (read(),
 * write() of the page cache).
 */
void folio_mark_accessed(struct machine *m, struct page *folio);

/* Linux: folio_activate(), mm/swap.c: an inactive LRU folio to its active list (pgactivate). */
void folio_activate(struct machine *m, struct page *folio);

/* Linux: folio_deactivate(), mm/swap.c: an active LRU folio to its inactive list (pgdeactivate). */
void folio_deactivate(struct machine *m, struct page *folio);

/*
 * Linux: folio_rotate_reclaimable(), mm/swap.c: a clean folio whose
 * writeback reclaim started (PG_reclaim) goes to the tail of its inactive
 * list, to be freed first (pgrotated).  Called at the end of writeback.
 */
void folio_rotate_reclaimable(struct machine *m, struct page *folio);

/* Linux: lru_note_cost(), mm/swap.c: the I/O that reclaiming a kind cost. */
void lru_note_cost(struct machine *m, pg_data_t *pgdat, bool file, unsigned long nr_pages);

#endif /* MM_INTERNAL_H */
