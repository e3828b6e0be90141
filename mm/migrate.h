/*
 * mm/migrate.h - page migration: the interface through which a page
 * that is not on an LRU list can still be moved (non-LRU movable pages),
 * and the migration core's API (mm/migrate.c).  The modes and reasons
 * are in mm/migrate_mode.h.
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
 * How a caller migrates (the kernel's contract, 6.1):
 *
 *	struct page_list from;              one list of folio heads
 *	struct migration_target_control mtc = {
 *		.nid = target, .gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE };
 *	page_list_init(&from);
 *	isolate_folio_to_list(m, page, &from);       for each page wanted
 *	nr = migrate_pages(m, &from, alloc_migration_target, NULL,
 *			   (unsigned long)&mtc, MIGRATE_SYNC, MR_SYSCALL, &done);
 *	if (nr)
 *		putback_movable_pages(m, &from);
 *
 * Isolation takes a reference and takes the folio off its LRU list
 * (counted in NR_ISOLATED_ANON/FILE), marks a non-LRU movable page
 * PG_isolated, or takes a hugetlb page out of the migratable set; the
 * folio is then the caller's until migrate_pages() frees it (migrated)
 * or putback_movable_pages() returns it.  The list links are the head
 * page's lru links, free while a folio is isolated.
 *
 * Linux counterpart: include/linux/migrate.h (struct movable_operations,
 * migrate_pages, alloc_migration_target), include/linux/migrate_mode.h,
 * include/linux/page-flags.h (__PageMovable, PG_isolated),
 * mm/compaction.c (__SetPageMovable, __ClearPageMovable), mm/internal.h
 * (struct migration_target_control).
 */
#ifndef MM_MIGRATE_H
#define MM_MIGRATE_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/gfp.h"
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

static inline void SetPageIsolated(struct page *page)
{
	page->flags |= 1u << PG_reclaim;
}

static inline void ClearPageIsolated(struct page *page)
{
	page->flags &= ~(1u << PG_reclaim);
}

/* Linux: PageMovable(): movable and its owner still has operations behind it. */
static inline bool PageMovable(const struct page *page)
{
	return __PageMovable(page) && (page->owner >> PAGE_MAPPING_ID_SHIFT);
}

/* ---- the migration core (mm/migrate.c) ---- */

/*
 * The destination for the folio headed by page: a free folio of its
 * order (refcount 1), or NULL (the core then stops with -ENOMEM).
 * private is the caller's.  Linux: new_page_t, include/linux/migrate.h
 */
typedef struct page *(*new_page_t)(struct machine *m, struct page *page, unsigned long private);
/* Give back a destination the core did not use.  Linux: free_page_t. */
typedef void (*free_page_t)(struct machine *m, struct page *page, unsigned long private);

/*
 * Where alloc_migration_target() allocates: nid (NUMA_NO_NODE: the
 * source's node) first, nmask (NULL: any node) as the allowed nodes,
 * with gfp_mask (__GFP_THISNODE to stay on nid).
 * Linux: struct migration_target_control, mm/internal.h
 */
struct migration_target_control {
	int nid;
	const nodemask_t *nmask;
	gfp_t gfp_mask;
};

/*
 * Migrate every folio on from (isolated, see above) to a folio that
 * get_new_page returns.  Returns the number of folios not migrated (a
 * THP that had to be split counts 1, whatever became of its pieces), 0
 * when from ends empty, or -ENOMEM when a destination could not be had
 * (the rest is not tried).  Folios not migrated stay on from: the
 * caller puts them back with putback_movable_pages().  *ret_succeeded
 * (may be NULL) gets the base pages migrated.  Counts pgmigrate_success,
 * pgmigrate_fail (base pages), thp_migration_success / _fail / _split;
 * emits mm_migrate_pages_start and mm_migrate_pages.
 * Linux: migrate_pages(), mm/migrate.c
 */
int migrate_pages(struct machine *m, struct page_list *from, new_page_t get_new_page,
		  free_page_t put_new_page, unsigned long private, enum migrate_mode mode,
		  int reason, unsigned int *ret_succeeded);

/*
 * get_new_page for callers with a struct migration_target_control in
 * private: a hugetlb page from the target's pool (or a temporary fresh
 * one), a THP of the source's order (GFP_TRANSHUGE, no reclaim), or a
 * base page.  Linux: alloc_migration_target(), mm/migrate.c
 */
struct page *alloc_migration_target(struct machine *m, struct page *page, unsigned long private);

/*
 * Move page (mapped in vma; the caller's reference, which this drops) to
 * node, as a NUMA hinting fault decided: MIGRATE_ASYNC, MR_NUMA_MISPLACED,
 * a destination on node only without reclaim; numa_pages_migrated counts
 * what moved.  1 if it moved, 0 if not (a shared executable file page, a
 * dirty file page, a THP mapped more than once, a target node below its
 * high watermark plus the page, a failed isolation or migration).  The
 * faults count their calls in m->proc_stats.numa_misplaced[node].
 * Linux: migrate_misplaced_page(), mm/migrate.c
 */
int migrate_misplaced_page(struct machine *m, struct page *page, struct vm_area_struct *vma,
			   int node);

/*
 * Isolate the folio headed by page onto list for migration: an LRU
 * folio (counted in NR_ISOLATED_*), a non-LRU movable page, or a hugetlb
 * page.  False if it cannot be taken now (not on an LRU list, refused
 * by its owner, already isolated).
 * Linux: isolate_folio_to_list(), mm/migrate.c (6.12; 6.1's callers
 * open-code it: add_page_for_migration(), migrate_page_add()).
 */
bool isolate_folio_to_list(struct machine *m, struct page *page, struct page_list *list);

/*
 * Take a non-LRU movable page for migration: a reference and
 * PG_isolated, if its owner agrees.  0 or -EBUSY.
 * Linux: isolate_movable_page(), mm/migrate.c
 */
int isolate_movable_page(struct machine *m, struct page *page, isolate_mode_t mode);

/*
 * Return every isolated folio on l to where it was taken from (the LRU,
 * its movable owner, the hugetlb pool's active set), dropping the
 * isolation's reference.  Linux: putback_movable_pages(), mm/migrate.c
 */
void putback_movable_pages(struct machine *m, struct page_list *l);

/* ---- move_pages(2) (mm/move_pages.c) ---- */

struct task_struct;

/*
 * move_pages(2) by t on its own pages: pages[i] (any address in the
 * page) to node nodes[i], status[i] getting the node it is on after the
 * call or why not (-EFAULT, -ENOENT, -EACCES, -EBUSY: mm/move_pages.c
 * tells when); entries the call did not reach, and those of a run that
 * did not migrate whole, keep the value they had.  nodes NULL: only the
 * statuses (the node of each page, -EFAULT, -ENOENT).  flags:
 * MPOL_MF_MOVE, or MPOL_MF_MOVE_ALL to move pages other processes map too.
 * Returns 0, the number of pages not migrated (with every entry after
 * the failed run), or -EINVAL (flags), -ENODEV (a node without memory),
 * -EACCES (a node outside t's cpuset), -ENOMEM (a node full).
 * Linux: kernel_move_pages(), mm/migrate.c.
 */
int kernel_move_pages(struct machine *m, struct task_struct *t, unsigned long nr_pages,
		      const uint64_t *pages, const int *nodes, int *status, int flags);

#endif /* MM_MIGRATE_H */
