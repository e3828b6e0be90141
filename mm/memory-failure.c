/*
 * mm/memory-failure.c - soft offlining a page (see mm/memory-failure.h).
 *
 * soft_offline_page() as 6.1 runs it for the sysfs file:
 *   - no struct page: -ENXIO; not online: -EIO; poisoned already: 0;
 *   - get_hwpoison_page() drains the zone's per-CPU lists (with them off)
 *     and asks what the page is: free (in the buddy, or a free huge
 *     page), in use and of a kind it handles (an LRU page, a non-LRU
 *     movable page, a huge page: a reference is taken), or neither
 *     (-EIO: reserved, slab, page tables, unmovable allocations);
 *   - a free page: page_handle_poison() dissolves a free huge page into
 *     the buddy, drains again, takes the frame off the free lists
 *     (take_page_off_buddy(), mm/page_alloc.c) and poisons it; a page it
 *     could not take (all the free huge pages reserved) gets one more
 *     try, then -EBUSY;
 *   - a page in use: soft_offline_in_use_page() splits a THP, drops a
 *     clean unmapped page-cache page from its cache and poisons it, or
 *     else moves the page away by migration and poisons the frame left.
 *
 * Invariants (hwpoison_check(), the "hwpoison" checker): num_poisoned_pages
 * counts the PG_hwpoison frames; a frame taken off the free lists
 * (MAGIC_HWPOISON in private) holds its one reference for good.  A poisoned
 * frame may also sit inside a free block (a high-order block freed with a
 * poisoned subpage); the allocator drops such a block instead of handing it
 * out (check_new_pages(), mm/page_alloc.c), as 6.1 does.
 *
 * Left out: hwpoison_filter() (off unless configured through debugfs), the
 * page lock and mf_mutex (one thing runs at a time), unpoisoning, and the
 * retries 6.1 makes for pages that race with an allocation or a free.
 *
 * Linux counterpart: mm/memory-failure.c (6.1): soft_offline_page,
 * soft_offline_in_use_page, get_hwpoison_page, get_any_page,
 * __get_hwpoison_page, HWPoisonHandlable, page_handle_poison,
 * __page_handle_poison, try_to_split_thp_page, num_poisoned_pages_inc.
 */
#include "mm/memory-failure.h"

#include <errno.h>
#include <stdio.h>

#include "mm/bug.h"
#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/sparse.h"

/* Linux: num_poisoned_pages_inc(), include/linux/swapops.h */
static void num_poisoned_pages_inc(struct machine *m)
{
	m->num_poisoned_pages++;
}

/*
 * Linux: __page_handle_poison(): a free huge page back to the buddy, then
 * the frame off the free lists.  1 taken off, 0 not free in the buddy, <0
 * the huge page could not be dissolved.
 */
static int __page_handle_poison(struct machine *m, struct page *page)
{
	int ret = dissolve_free_huge_page(m, page);

	if (!ret) {
		drain_all_pages(m, page_zone(m, page));
		ret = take_page_off_buddy(m, page);
	}
	return ret;
}

/*
 * Linux: page_handle_poison(): poison page and keep it for good (a
 * reference no one will drop).  A free page must first come off the free
 * lists; release drops the reference memory failure held on a page in
 * use (its free stops at free_pages_prepare(): poisoned frames never
 * reach a free list).
 */
static bool page_handle_poison(struct machine *m, struct page *page, bool hugepage_or_freepage,
			       bool release)
{
	if (hugepage_or_freepage && __page_handle_poison(m, page) <= 0)
		return false;
	SetPageFlag(page, PG_hwpoison);
	if (release)
		put_page(m, page);
	page->_refcount++;
	num_poisoned_pages_inc(m);
	return true;
}

/*
 * Linux: HWPoisonHandlable(): a page memory failure knows how to handle:
 * on the LRU (the head's flag, as PageLRU() reads a tail), free in the
 * buddy, or, when soft offlining, a non-LRU movable page.
 */
static bool HWPoisonHandlable(const struct machine *m, struct page *page, int flags)
{
	if ((flags & MF_SOFT_OFFLINE) && __PageMovable(page))
		return true;
	return PageLRU(compound_head(m, page)) || is_free_buddy_page(m, page);
}

/*
 * Linux: __get_hwpoison_page(): 1 with a reference on the folio, 0 for a
 * free page (none taken), -EBUSY for a kind it cannot handle.
 */
static int __get_hwpoison_page(struct machine *m, struct page *page, int flags)
{
	struct page *head = compound_head(m, page);
	bool hugetlb;
	int ret = get_hwpoison_huge_page(m, head, &hugetlb);

	if (hugetlb)
		return ret;
	if (!HWPoisonHandlable(m, head, flags))
		return -EBUSY;
	if (!page_count(head))
		return 0;
	get_page(m, head);
	return 1;
}

/*
 * Linux: get_any_page() for a caller without a reference.  6.1 retries
 * three times what raced with an allocation, a free, or could turn
 * handlable after shake_page(), which drains the per-CPU LRU batches;
 * numasim has no such batch and nothing runs meanwhile, so the first
 * answer is the last: an unhandlable page is -EIO at once.
 */
static int get_any_page(struct machine *m, struct page *p, int flags)
{
	int ret = __get_hwpoison_page(m, p, flags);

	if (ret == -EBUSY)
		return -EIO;
	if (ret == 0) {
		MM_BUG_ON_PAGE(page_count(compound_head(m, p)) ||
			       (!PageHuge(m, p) && !is_free_buddy_page(m, p)), m, p);
		return 0;
	}
	if (PageHuge(m, p) || HWPoisonHandlable(m, p, flags))
		return 1;
	put_page(m, p);		/* the head was handlable, this tail is not */
	return -EIO;
}

/* Linux: get_hwpoison_page(): with the zone's per-CPU lists drained and off. */
static int get_hwpoison_page(struct machine *m, struct page *p, int flags)
{
	struct zone *zone = page_zone(m, p);
	int ret;

	zone_pcp_disable(m, zone);
	ret = get_any_page(m, p, flags);
	zone_pcp_enable(m, zone);
	return ret;
}

/*
 * Linux: try_to_split_thp_page(): split the THP holding page; the
 * reference taken on the THP stays with page, as split_huge_page() leaves
 * the splitter's.  On failure (pinned) the reference is dropped.
 */
static int try_to_split_thp_page(struct machine *m, struct page *page)
{
	struct page *head = compound_head(m, page);
	int ret = split_huge_page(m, head);

	if (ret) {
		put_page(m, head);
		return ret;
	}
	if (page != head) {
		get_page(m, page);
		put_page(m, head);
	}
	return 0;
}

/*
 * Linux: the isolate_page() + migrate_pages(..., MIGRATE_SYNC,
 * MR_MEMORY_FAILURE) step of soft_offline_in_use_page(): move hpage's
 * contents to a new page (alloc_migration_target() on any node,
 * GFP_USER | __GFP_MOVABLE | __GFP_RETRY_MAYFAIL), leaving the old frame
 * with the isolation reference for page_handle_poison() to keep; on
 * failure put the page back (putback_movable_pages()) and return -EBUSY.
 * Isolated or not, get_any_page()'s reference goes, as isolate_page()
 * drops it.
 */
static int soft_offline_migrate(struct machine *m, struct page *hpage)
{
	struct migration_target_control mtc = {
		.nid = NUMA_NO_NODE,
		.gfp_mask = GFP_USER | __GFP_MOVABLE | __GFP_RETRY_MAYFAIL,
	};
	struct page_list pagelist;
	bool isolated;
	int ret;

	page_list_init(&pagelist);
	isolated = isolate_folio_to_list(m, hpage, &pagelist);
	put_page(m, hpage);
	if (!isolated)
		return -EBUSY;
	ret = migrate_pages(m, &pagelist, alloc_migration_target, NULL, (unsigned long)&mtc,
			    MIGRATE_SYNC, MR_MEMORY_FAILURE, NULL);
	if (ret) {
		if (!page_list_empty(&pagelist))
			putback_movable_pages(m, &pagelist);
		if (ret > 0)
			ret = -EBUSY;
	}
	return ret;
}

/*
 * Linux: soft_offline_in_use_page(), for a page get_hwpoison_page() took a
 * reference on.  6.1 locks the page and looks for poison again; nothing
 * runs between here and soft_offline_page()'s look, so that cannot find any.
 */
static int soft_offline_in_use_page(struct machine *m, struct page *page)
{
	struct page *hpage = compound_head(m, page);
	bool huge = PageHuge(m, page);
	int ret;

	if (!huge && PageTransHuge(hpage)) {
		if (try_to_split_thp_page(m, page))
			return -EBUSY;
		hpage = page;
	}
	/* A clean page-cache page nobody maps is just dropped (no swap cache here). */
	if (!huge && PageLRU(page) && invalidate_inode_page(m, page)) {
		page_handle_poison(m, page, false, true);
		return 0;
	}
	ret = soft_offline_migrate(m, hpage);
	if (!ret && !page_handle_poison(m, page, huge, !huge))
		ret = -EBUSY;
	return ret;
}

int soft_offline_page(struct machine *m, pfn_t pfn, int flags)
{
	struct page *page;
	int ret = 0;

	if (!pfn_valid(m, pfn))
		return -ENXIO;
	page = pfn_to_online_page(m, pfn);
	if (!page)
		return -EIO;
	if (PageHWPoison(page))
		return 0;
	/* A free page the allocator took meanwhile gets one more look. */
	for (int pass = 0; pass < 2; pass++) {
		ret = get_hwpoison_page(m, page, flags | MF_SOFT_OFFLINE);
		if (ret > 0)
			return soft_offline_in_use_page(m, page);
		if (ret < 0 || page_handle_poison(m, page, true, false))
			return ret;
		ret = -EBUSY;
	}
	return ret;
}

/* ---- the checker ---- */

int hwpoison_check(const struct machine *m, char *msg, size_t msglen)
{
	unsigned long poisoned = 0;

	for_each_valid_pfn_run(m, run, run_end, 0, m->end_pfn)
		for (pfn_t pfn = run; pfn < run_end; pfn++) {
			const struct page *page = pfn_to_page(m, pfn);

			if (!PageHWPoison(page))
				continue;
			poisoned++;
			if (PageHWPoisonTakenOff(page) && (PageBuddy(page) || page_count(page) < 1)) {
				snprintf(msg, msglen, "pfn %#llx, taken off the free lists, is free again",
					 (unsigned long long)pfn);
				return 1;
			}
		}
	if (poisoned != m->num_poisoned_pages) {
		snprintf(msg, msglen, "%lu PG_hwpoison frames, num_poisoned_pages %lu", poisoned,
			 m->num_poisoned_pages);
		return 1;
	}
	return 0;
}
