/*
 * mm/raw_alloc.h - the blocks a trace's raw "alloc" verb holds, by handle.
 *
 * A trace line "alloc id=a1 order=0 gfp=GFP_HIGHUSER_MOVABLE" stands for
 * memory some kernel user took with alloc_pages() and will give back with
 * __free_pages().  The simulator does not know who: it keeps the block in
 * this table, the way a driver keeps the pages it allocated, and hands the
 * trace a handle.  The trace's names map to handles in sim/; a handle
 * resolves to the block's page here, in mm/, so whatever moves the block
 * (migration, compaction) moves what the handle names.
 *
 * Movable blocks are what 6.1 calls non-LRU movable pages, as the balloon
 * and zsmalloc drivers make them: __SetPageMovable() with this table's
 * struct movable_operations.  move_freepages() counts them as movable when
 * a fallback weighs claiming a pageblock; reclaim never sees them (they
 * are not on an LRU list: the trace, not the kernel, decides when they are
 * freed); migration moves them through raw_migrate_page(), which points
 * the handle at the new page.  Which blocks:
 *   - order 0: the page is movable;
 *   - compound (__GFP_COMP): the head is, as for any compound page, and
 *     the block moves whole (to a destination of its order);
 *   - order > 0 without __GFP_COMP: every frame is marked movable (so the
 *     fallback heuristics count the whole block, as they count LRU pages),
 *     but isolation refuses it: the migration core would give it an
 *     order-0 destination, and the kernel has no movable pages of this
 *     shape to say otherwise.
 * Unmovable and reclaimable blocks are held the same way, unmarked.
 *
 * Invariants (raw_alloc_check(), the "raw" checker): every live handle's
 * block is allocated (its head referenced, no frame free) and marked as
 * above with page->index = the handle; every frame marked with this
 * table's operations belongs to a live handle's block.
 *
 * Linux counterpart: a driver's page list with its movable_operations
 * (mm/balloon_compaction.c: balloon_page_alloc/_enqueue/_migrate), and
 * alloc_pages_node()/__free_pages() for the unmovable kinds.
 */
#ifndef MM_RAW_ALLOC_H
#define MM_RAW_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#include "mm/gfp.h"
#include "mm/mmzone.h"

/* raw_handle_t and struct raw_allocs (machine->raw) are in mm/mmzone.h. */

/* Register the movable operations (boot, after mm_procs_init()).  0 or -ENOMEM. */
int raw_allocs_init(struct machine *m);
void raw_allocs_release(struct machine *m);

/*
 * alloc_pages_node(m, nid, gfp, order) on the current CPU, held by a new
 * handle.  Returns 0 with *handle RAW_HANDLE_NONE when the allocator
 * failed (counted as usual), 0 with a handle, or -ENOMEM when the table
 * cannot grow (the block is freed again).
 */
int raw_alloc(struct machine *m, int nid, gfp_t gfp, unsigned int order, raw_handle_t *handle);

/*
 * A followed replay's allocation: alloc_pages_at(m, pfn, order, gfp, nid)
 * (mm/page_place.h) on the current CPU, held by a new handle.  Returns 0
 * with the handle, -ENOMEM when the table cannot grow (nothing changed),
 * or the inconsistency (enum follow_kind > 0; *handle RAW_HANDLE_NONE,
 * nothing changed but the count of that kind).
 */
int raw_alloc_at(struct machine *m, pfn_t pfn, int nid, gfp_t gfp, unsigned int order,
		 raw_handle_t *handle);

/*
 * split_page() of the block handle holds (a compound block is split as
 * split_huge_page() splits one nobody maps): 2^order order-0 blocks, each
 * held by its own handle, pieces[i] the one at offset i (pieces[0] is
 * handle).  pieces holds 2^order.  Returns 0, -EINVAL for an order-0
 * block, or -ENOMEM when the table cannot grow (nothing changed).
 */
int raw_split(struct machine *m, raw_handle_t handle, raw_handle_t *pieces);

/* __free_pages() of the block handle holds (on the current CPU), and forget it. */
void raw_free(struct machine *m, raw_handle_t handle);

/* The head page of the block handle holds now; handle must be live. */
struct page *raw_alloc_page(const struct machine *m, raw_handle_t handle);

/* Its order. */
unsigned int raw_alloc_order(const struct machine *m, raw_handle_t handle);

/* Start loading handle's slot into the cache (replay looks ahead). */
void raw_alloc_prefetch(const struct machine *m, raw_handle_t handle);

/* The "raw" row of the checker registry (mm/check.h). */
int raw_alloc_check(const struct machine *m, char *msg, size_t msglen);

#endif /* MM_RAW_ALLOC_H */
