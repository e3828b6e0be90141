/*
 * mm/migrate.h - what page migration needs from the pages it moves: the
 * interface through which a page that is not on an LRU list can still be
 * moved (non-LRU movable pages).  The modes are in mm/migrate_mode.h.
 *
 * A driver that owns pages nobody maps through page tables (a balloon,
 * zsmalloc, here the trace's raw allocations) can make them movable:
 * __SetPageMovable() points page->mapping at the driver's struct
 * movable_operations with the PAGE_MAPPING_MOVABLE bit set.  Compaction
 * and migration then isolate such a page through isolate_page(), ask
 * migrate_page() to move the driver's state to a new page, or give it
 * back with putback_page().  move_freepages() counts these pages as
 * movable beside LRU pages.
 *
 * In numasim page->mapping is the handle in page->owner (mm/mm_types.h):
 * the handle of a movable page names the registered movable_operations
 * (a mapping_id_alloc() slot), with PAGE_MAPPING_MOVABLE set and
 * PAGE_MAPPING_ANON clear.
 *
 * Linux counterpart: include/linux/migrate.h (struct movable_operations),
 * include/linux/migrate_mode.h, include/linux/page-flags.h (__PageMovable,
 * PG_isolated), mm/compaction.c (__SetPageMovable, __ClearPageMovable).
 */
#ifndef MM_MIGRATE_H
#define MM_MIGRATE_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/migrate_mode.h"
#include "mm/mm.h"

/* Linux: isolate_mode_t and its bits, include/linux/mmzone.h */
typedef unsigned int isolate_mode_t;
#define ISOLATE_UNMAPPED	0x2u
#define ISOLATE_ASYNC_MIGRATE	0x4u
#define ISOLATE_UNEVICTABLE	0x8u

/* migrate_page()'s success.  Linux: MIGRATEPAGE_SUCCESS, include/linux/migrate.h */
#define MIGRATEPAGE_SUCCESS	0

/*
 * Linux: struct movable_operations, include/linux/migrate.h (with the
 * machine, which the kernel reaches through globals).
 *   isolate_page   may the page be taken away for migration now?  The
 *                  core holds a reference and sets PG_isolated after.
 *   migrate_page   move the owner's state from src to dst (a free page
 *                  the core allocated, of src's size): the owner takes a
 *                  reference on dst and drops its own on src.  Returns
 *                  MIGRATEPAGE_SUCCESS or a negative errno.
 *   putback_page   migration gave up: src stays the owner's.
 */
struct movable_operations {
	bool (*isolate_page)(struct machine *m, struct page *page, isolate_mode_t mode);
	int (*migrate_page)(struct machine *m, struct page *dst, struct page *src,
			    enum migrate_mode mode);
	void (*putback_page)(struct machine *m, struct page *page);
};

/* Linux: __PageMovable(): mapping flags say "movable, not anon". */
static inline bool __PageMovable(const struct page *page)
{
	return (page->owner & PAGE_MAPPING_FLAGS) == PAGE_MAPPING_MOVABLE;
}

/*
 * Linux: __SetPageMovable(), mm/compaction.c.  mops_id is the handle the
 * owner got for its movable_operations from mapping_id_alloc().
 */
static inline void __SetPageMovable(struct page *page, uint32_t mops_id)
{
	page->owner = (page->owner & PAGE_OWNER_BITS) | PAGE_MAPPING_MOVABLE |
		      (mops_id << PAGE_MAPPING_ID_SHIFT);
}

/*
 * Linux: __ClearPageMovable(), mm/compaction.c: still of the movable kind
 * (the flag stays) but no longer movable: no operations behind it.
 */
static inline void __ClearPageMovable(struct page *page)
{
	page->owner = (page->owner & PAGE_OWNER_BITS) | PAGE_MAPPING_MOVABLE;
}

/* Linux: page_movable_ops(): the operations a movable page's mapping names. */
static inline const struct movable_operations *page_movable_ops(const struct machine *m,
								const struct page *page)
{
	return mapping_id_obj(m, page->owner >> PAGE_MAPPING_ID_SHIFT);
}

/* Linux: PG_isolated (an alias of PG_reclaim for non-LRU movable pages). */
static inline bool PageIsolated(const struct page *page)
{
	return (page->flags >> PG_reclaim) & 1;
}

#endif /* MM_MIGRATE_H */
