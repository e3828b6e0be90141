/*
 * mm/page_alloc_internal.h - what the buddy allocator's files share
 * among themselves (mm/page_alloc.c, the 6.10 freelist steps of
 * mm/page_alloc_hygiene.c, the highatomic reserve of
 * mm/page_alloc_highatomic.c).  Not for the rest of mm/: mm/internal.h
 * is their interface.
 *
 * Linux counterpart: the static helpers of mm/page_alloc.c.
 */
#ifndef MM_PAGE_ALLOC_INTERNAL_H
#define MM_PAGE_ALLOC_INTERNAL_H

#include <stdbool.h>

#include "mm/internal.h"

/*
 * Linux: expand(), mm/page_alloc.c: the upper halves of a block of order
 * high put back on mt's lists down to order low; returns the pages put
 * back (6.10's expand() returns them for account_freepages()).
 */
unsigned long expand(struct machine *m, struct zone *zone, struct page *page,
		     unsigned int low, unsigned int high, int mt);

/*
 * Linux: move_freepages(), mm/page_alloc.c: every free block of [start_pfn,
 * end_pfn] onto mt's lists; the pages moved.  num_movable (may be NULL)
 * counts the used pages that look movable.
 */
int move_freepages(struct machine *m, struct zone *zone, pfn_t start_pfn, pfn_t end_pfn,
		   int mt, int *num_movable);

/* Linux: buddy_merge_likely(), mm/page_alloc.c */
bool buddy_merge_likely(struct machine *m, pfn_t pfn, pfn_t buddy_pfn, struct page *page,
			unsigned int order);

/*
 * Linux: task_capc() + compaction_capture(), mm/page_alloc.c: a direct
 * compactor takes the block freed (true: it is gone).
 */
bool compaction_capture(struct machine *m, struct zone *zone, struct page *page,
			unsigned int order, int mt);

/*
 * The narration of a fallback's claim decision (name: "steal_claim" or
 * "steal_no_claim"), taken in function: the block's free and alike pages
 * against the claim threshold.
 */
void explain_steal(struct machine *m, const char *name, const char *function, pfn_t pfn,
		   int free_pages, int alike_pages, int old_mt, int start_mt);

/*
 * The narration of __free_one_page() (either profile's): a merge step
 * (name "merge", or "merge_buddy_busy" where the buddy is not free), and
 * where the block finally goes.  Inline: without a sink, one NULL test.
 */
static inline void explain_merge(struct machine *m, const char *name, pfn_t pfn,
				 unsigned int order, pfn_t buddy_pfn)
{
	MM_EXPLAIN(&m->explain, name, "__free_one_page", "mm/page_alloc.c",
		   { "pfn", pfn }, { "order", order }, { "buddy_pfn", buddy_pfn },
		   { "combined_pfn", pfn & buddy_pfn }, { "new_order", order + 1 });
}

static inline void explain_free_placed(struct machine *m, pfn_t pfn, unsigned int order, int mt,
				       bool to_tail, unsigned int fpi_flags)
{
	MM_EXPLAIN(&m->explain, to_tail ? "free_to_tail" : "free_to_head", "__free_one_page",
		   "mm/page_alloc.c", { "pfn", pfn }, { "order", order }, { "mt", mt },
		   { "max", order == MAX_ORDER - 1 }, { "fpi_tail", (fpi_flags & FPI_TO_TAIL) != 0 });
}

/*
 * Linux: __rmqueue_fallback(), mm/page_alloc.c (mm/page_alloc_fallback.c):
 * true when a fallback moved pages onto start_mt's lists.
 */
bool __rmqueue_fallback(struct machine *m, struct zone *zone, int order, int start_mt,
			unsigned int alloc_flags);

/* Linux: boost_watermark(), mm/page_alloc.c */
bool boost_watermark(struct machine *m, struct zone *zone);

/* Linux: change_pageblock_range(), mm/page_alloc.c: a fallback's retype, counted. */
void change_pageblock_range(struct machine *m, pfn_t pfn, unsigned int order, int mt);

/* The extfrag event of a fallback that just took page (mm_page_alloc_extfrag). */
void trace_extfrag(struct machine *m, struct page *page, unsigned int alloc_order,
		   unsigned int fallback_order, int alloc_mt, int fallback_mt);

/*
 * Linux: account_freepages(), mm/page_alloc.c (6.10): nr_pages more (or
 * fewer) free pages on mt's lists: NR_FREE_PAGES unless isolated,
 * NR_FREE_CMA_PAGES for CMA, zone->nr_free_highatomic for HIGHATOMIC.
 */
void account_freepages(struct machine *m, struct zone *zone, long nr_pages, int mt);

/*
 * nr_pages of a free block of type mt leave (negative) or join the free
 * lists where 6.1 counts them at the call site (isolation, splitting):
 * 6.1's __mod_zone_freepage_state(), or with freelist_accounting 6.10's
 * account_freepages().
 */
void account_freepage_state(struct machine *m, struct zone *zone, long nr_pages, int mt);

/*
 * Linux: page_del_and_expand(), mm/page_alloc.c (6.10): the free block
 * page of order high off mt's list, split down to order low; with
 * freelist_accounting the 2^low pages taken are counted out here.
 */
void page_del_and_expand(struct machine *m, struct zone *zone, struct page *page,
			 unsigned int low, unsigned int high, int mt);

/*
 * The linux-6.12 profile's steps (mm/page_alloc_hygiene.c).
 * Linux: __free_one_page() and __rmqueue(), mm/page_alloc.c (Debian 6.12).
 */
void __free_one_page_6_12(struct machine *m, struct page *page, pfn_t pfn, struct zone *zone,
			  unsigned int order, int mt_cached, unsigned int fpi_flags);
struct page *__rmqueue_6_12(struct machine *m, struct zone *zone, unsigned int order, int mt,
			    unsigned int alloc_flags, enum rmqueue_mode *mode);

/* Linux: reserve_highatomic_pageblock(), mm/page_alloc.c */
void reserve_highatomic_pageblock(struct machine *m, struct page *page, unsigned int order,
				  struct zone *zone);

#endif /* MM_PAGE_ALLOC_INTERNAL_H */
