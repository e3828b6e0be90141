/*
 * mm/balloon_compaction.h - the pages of a balloon device, and how they
 * stay movable while the hypervisor holds them.
 *
 * A balloon driver takes frames from the allocator (balloon_page_alloc())
 * and hands them to the hypervisor; until it gives them back, the guest
 * must not touch them.  The pages sit on the device's list
 * (struct balloon_dev_info, mm/mmzone.h), linked through their lru links,
 * each one
 *   - allocated, with the balloon's one reference;
 *   - PageOffline (the page type that says "given away");
 *   - a non-LRU movable page: __SetPageMovable() with balloon_mops, so
 *     compaction and migration can move it through isolate_page(),
 *     migrate_page() (the driver's migratepage() makes the hypervisor
 *     swap the frames) and putback_page(), as they move the trace's raw
 *     allocations (mm/migrate.h);
 *   - page->private naming its device (BALLOON_DEV_PRIVATE).
 * An isolated page is off the list and counted in isolated_pages until
 * putback_page() or migrate_page() brings it (or its replacement) back.
 *
 * The driver (mm/virtio_balloon.c) decides how many pages and when, and
 * keeps the managed-page accounting; this file keeps the list.
 *
 * Linux counterpart: include/linux/balloon_compaction.h,
 * mm/balloon_compaction.c (6.1, CONFIG_BALLOON_COMPACTION=y).
 */
#ifndef MM_BALLOON_COMPACTION_H
#define MM_BALLOON_COMPACTION_H

#include <stddef.h>

#include "mm/internal.h"
#include "mm/migrate.h"

/* struct balloon_dev_info (machine->balloon.vb_dev_info) is in mm/mmzone.h. */

/*
 * page->private of a balloon page.  The kernel stores the device's
 * address; a machine has one device, so a mark that is neither 0 nor a
 * plausible order or migratetype names it.
 */
#define BALLOON_DEV_PRIVATE	0xba110000u

/*
 * Linux: balloon_devinfo_init(), and the registration that makes
 * balloon_mops reachable from a page's mapping (the kernel's is a global
 * const).  0 or -ENOMEM.
 */
int balloon_devinfo_init(struct machine *m, struct balloon_dev_info *b);

/* Linux: balloon_page_device(): the device a balloon page belongs to. */
static inline struct balloon_dev_info *balloon_page_device(struct machine *m,
							   const struct page *page)
{
	return page->private == BALLOON_DEV_PRIVATE ? &m->balloon.vb_dev_info : NULL;
}

/* Linux: balloon_mapping_gfp_mask(): movable, since the pages can be moved. */
#define BALLOON_MAPPING_GFP	GFP_HIGHUSER_MOVABLE

/*
 * Linux: balloon_page_insert(): give page to the device (the caller
 * counts it).  The page is new to the balloon: allocated, unlisted.
 */
static inline void balloon_page_insert(struct machine *m, struct balloon_dev_info *b,
				       struct page *page)
{
	__SetPageOffline(page);
	__SetPageMovable(page, b->mops_id);
	page->private = BALLOON_DEV_PRIVATE;
	page_list_add(m, &b->pages, page);
}

/*
 * Linux: balloon_page_finalize(): a page off the device's list becomes an
 * ordinary allocated page again, ready for put_page().
 */
static inline void balloon_page_finalize(struct page *page)
{
	__ClearPageMovable(page);
	page->private = 0;
	__ClearPageOffline(page);
}

/* Linux: balloon_page_push() / balloon_page_pop(): a driver's private list. */
static inline void balloon_page_push(struct machine *m, struct page_list *pages, struct page *page)
{
	page_list_add(m, pages, page);
}

static inline struct page *balloon_page_pop(struct machine *m, struct page_list *pages)
{
	struct page *page = page_list_first(m, pages);

	if (page)
		page_list_del(m, pages, page);
	return page;
}

/*
 * Linux: balloon_page_alloc(): one page with the balloon's gfp, which
 * gives up quietly and early when memory is short (__GFP_NORETRY,
 * __GFP_NOWARN) and never dips into the reserves (__GFP_NOMEMALLOC).
 * On the current CPU's node.  NULL when none.
 */
struct page *balloon_page_alloc(struct machine *m);

/* Linux: balloon_page_enqueue(): insert a page from balloon_page_alloc(). */
void balloon_page_enqueue(struct machine *m, struct balloon_dev_info *b, struct page *page);

/*
 * Linux: balloon_page_dequeue(): take one page off the device, finalized
 * (still holding the balloon's reference).  NULL when every page left is
 * isolated; the caller must know the device holds one.
 */
struct page *balloon_page_dequeue(struct machine *m, struct balloon_dev_info *b);

/* Linux: balloon_page_list_enqueue(): insert every page of pages; returns how many. */
size_t balloon_page_list_enqueue(struct machine *m, struct balloon_dev_info *b,
				 struct page_list *pages);

/*
 * Linux: balloon_page_list_dequeue(): move up to n_req_pages pages, newest
 * first, from the device to pages, finalized.  Returns how many.
 */
size_t balloon_page_list_dequeue(struct machine *m, struct balloon_dev_info *b,
				 struct page_list *pages, size_t n_req_pages);

#endif /* MM_BALLOON_COMPACTION_H */
