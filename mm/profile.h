/*
 * mm/profile.h - kernel profiles: the decision points that differ between
 * kernel versions (and research ideas), behind one structure per profile.
 *
 * The mechanism (buddy lists, split and merge, counters, pcp lists,
 * processes) is one; what later kernels changed is a handful of decisions
 * and a few whole steps.  A profile names them:
 *
 *   alloc.knob_defaults the fallback table and the claim and steal bars
 *                       (struct alloc_knobs in mm/mmzone.h), which the
 *                       config may override (kernel.policy.*);
 *   can_steal_fallback(), claim_block(),
 *   boost_on_fallback   the fallback decisions of 6.1's
 *                       __rmqueue_fallback()/steal_suitable_fallback();
 *   no_mobility_grouping
 *                       page_group_by_mobility_disabled forced on at boot
 *                       (the pre-2.6.24 allocator, as 6.1 models it);
 *   alloc.pick_block    which free block of a list a request takes (6.1:
 *                       the head, in __rmqueue_smallest() and
 *                       __rmqueue_fallback());
 *   alloc.free_to_tail  where a freed block goes on its list (6.1: the
 *                       tail when it may soon merge, buddy_merge_likely());
 *   alloc.rmqueue       the step that takes one block off the free lists
 *                       (6.1: __rmqueue(); Debian 6.12 splits it into a
 *                       claim pass and a steal pass);
 *   alloc.free_one_page the step that puts one block back and merges it
 *                       (6.1: __free_one_page(); 6.10's freelist hygiene
 *                       changes its accounting and expand()'s);
 *   alloc.freelist_accounting
 *                       who counts NR_FREE_PAGES for a block taken off
 *                       the lists: the callers, by the type cached in the
 *                       page (6.1), or the list operations themselves,
 *                       by the list's type (6.10: account_freepages());
 *   alloc.pcp_free_mt   the buddy list a page drained from a pcp list goes
 *                       to (6.1: the type cached when it was freed; 6.10:
 *                       its pageblock's type now);
 *   migrate.batch_unmap migrate_pages()'s batch: each folio unmapped and
 *                       moved in turn, one TLB flush per mapping (6.1), or
 *                       the whole batch unmapped under one deferred flush,
 *                       then moved, sync callers trying async first (6.3).
 *
 * Compaction and reclaim gain their own ops structures here, beside alloc
 * and migrate, when those subsystems need them; a profile then fills
 * each.  A new profile is one file
 * (mm/profile_NAME.c: its struct mm_profile, built from linux-6.1's
 * decisions below and the shared primitives of mm/internal.h) plus one
 * line in mm/profile.c's registry (docs/policies.md).
 *
 * Invariants: every fallbacks[] row ends with MIGRATE_TYPES and never names
 * HIGHATOMIC, CMA or ISOLATE (those are never fallback sources); no
 * callback is NULL.  With freelist_accounting, every free block lies on
 * its pageblock's list (buddy_check() verifies it).
 *
 * Linux counterpart: none as a structure; the fallbacks[] table,
 * can_steal_fallback(), steal_suitable_fallback(), __rmqueue() and
 * __free_one_page() of mm/page_alloc.c (v6.1) are what it abstracts.
 */
#ifndef MM_PROFILE_H
#define MM_PROFILE_H

#include <stdbool.h>
#include "mm/mmzone.h"

/*
 * Where __rmqueue() found a block, remembered across rmqueue_bulk()'s loop
 * so the next call starts there (Debian 6.12, from 6.15).  6.1 ignores it.
 */
enum rmqueue_mode {
	RMQUEUE_NORMAL,		/* the request's own lists first */
	RMQUEUE_CMA,		/* a movable request's CMA lists */
	RMQUEUE_CLAIM,		/* claim a whole foreign block (__rmqueue_claim()) */
	RMQUEUE_STEAL,		/* take one foreign block, claim nothing (__rmqueue_steal()) */
};

/* The allocator's decisions and replaceable steps. */
struct alloc_ops {
	/*
	 * Fill k with the profile's fallback table and bars for machine m
	 * (they may depend on its pageblock_order); the config then
	 * overrides what it names.
	 */
	void (*knob_defaults)(const struct machine *m, struct alloc_knobs *k);
	/*
	 * May a request of start_mt, falling back at this order, take over the
	 * whole pageblock (move its free pages, maybe claim it)?
	 */
	bool (*can_steal_fallback)(const struct machine *m, unsigned int order, int start_mt);
	/*
	 * Having moved free_pages free pages of the block (alike_pages of its
	 * used pages are of the request's kind), does the block's type change?
	 */
	bool (*claim_block)(const struct machine *m, int free_pages, int alike_pages);
	/* Boost the watermark after a fragmenting fallback (boost_watermark). */
	bool boost_on_fallback;
	/* Group by mobility never, whatever the memory size. */
	bool no_mobility_grouping;
	/*
	 * Which block of a free list (of one order, of type list_mt, not
	 * empty) a request of type request_mt takes: on its own type's list
	 * (list_mt == request_mt) or as a fallback; 6.1: the list's head
	 * (free_list_head()).
	 */
	struct page *(*pick_block)(const struct machine *m, const struct page_list *list,
				   int list_mt, int request_mt);
	/*
	 * Does a freed block, merged up to order at pfn (its last buddy at
	 * buddy_pfn), go to the tail of its free list rather than the head?
	 * Not asked for FPI_TO_TAIL frees, which always go to the tail.
	 * 6.1: when it could soon merge further (buddy_merge_likely()).
	 */
	bool (*free_to_tail)(struct machine *m, pfn_t pfn, pfn_t buddy_pfn, struct page *page,
			     unsigned int order);
	/*
	 * Take one block of 2^order pages of type mt off zone's free lists,
	 * falling back to other types as the profile decides; NULL if none.
	 * The caller holds zone->lock and, unless freelist_accounting,
	 * accounts NR_FREE_PAGES.  *mode: where to start, updated to where
	 * the block was found (rmqueue_bulk() keeps it across its loop).
	 */
	struct page *(*rmqueue)(struct machine *m, struct zone *zone, unsigned int order,
				int mt, unsigned int alloc_flags, enum rmqueue_mode *mode);
	/*
	 * Put the free block at pfn (head page) of 2^order pages, whose
	 * pageblock type is mt, back on zone's lists, merging it with its
	 * buddies; account NR_FREE_PAGES.  fpi_flags: FPI_* of mm/internal.h.
	 */
	void (*free_one_page)(struct machine *m, struct page *page, pfn_t pfn,
			      struct zone *zone, unsigned int order, int mt,
			      unsigned int fpi_flags);
	/*
	 * The free lists count themselves (6.10, account_freepages()):
	 * taking a block off a list counts it out of NR_FREE_PAGES (and
	 * NR_FREE_CMA_PAGES, zone->nr_free_highatomic) by that list's type,
	 * so rmqueue_bulk() and rmqueue_buddy() count nothing, and the
	 * watermark check holds back the free highatomic pages rather than
	 * the whole reserve.  false (6.1): the callers count.
	 */
	bool freelist_accounting;
	/*
	 * The type of the buddy list free_pcppages_bulk() returns page (at
	 * pfn) to; isolated: the zone has isolated pageblocks.
	 */
	int (*pcp_free_mt)(const struct machine *m, const struct page *page, pfn_t pfn,
			   bool isolated);
};

/* The migration core's decisions (mm/migrate.c). */
struct migrate_ops {
	/*
	 * 6.3's migrate_pages_batch(): unmap every folio of a batch under
	 * one deferred TLB flush (TTU_BATCH_FLUSH), then move them, and a
	 * MIGRATE_SYNC call tries its batch in MIGRATE_ASYNC first, retrying
	 * the failures one folio at a time (migrate_pages_sync()).  false
	 * (Debian 6.1): each folio is unmapped, flushed per mapping and
	 * moved before the next.
	 */
	bool batch_unmap;
};

struct mm_profile {
	const char *name;	/* what -p and kernel.profile take: "linux-6.1" */
	const char *kernel;	/* the kernel source it follows */
	struct alloc_ops alloc;
	struct migrate_ops migrate;
};

extern const struct mm_profile mm_profile_linux_6_1;

/* linux-6.1's knobs and decisions, for profiles that keep some of them. */
void alloc_knob_defaults_6_1(const struct machine *m, struct alloc_knobs *k);
bool can_steal_fallback_6_1(const struct machine *m, unsigned int order, int start_mt);
bool claim_block_6_1(const struct machine *m, int free_pages, int alike_pages);
struct page *free_list_head(const struct machine *m, const struct page_list *list,
			    int list_mt, int request_mt);
bool buddy_merge_likely(struct machine *m, pfn_t pfn, pfn_t buddy_pfn, struct page *page,
			unsigned int order);
int pcp_free_mt_6_1(const struct machine *m, const struct page *page, pfn_t pfn, bool isolated);

/* The profile called name ("linux-6.1"); NULL if there is none. */
const struct mm_profile *mm_profile_find(const char *name);

/* The default profile (linux-6.1). */
const struct mm_profile *mm_profile_default(void);

/* The registry: every profile, NULL-terminated (help texts, errors, lookup). */
extern const struct mm_profile *const mm_profiles[];

#endif /* MM_PROFILE_H */
