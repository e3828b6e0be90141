/*
 * mm/page_place.h - a followed replay: blocks placed where a traced kernel
 * put them, frees of blocks allocated before the trace began, and the
 * traced kernel's pageblock steals.
 *
 * A trace imported from a real kernel names the frames it allocated
 * (mm_page_alloc's pfn).  A followed replay makes the simulated memory
 * that kernel's own: each block is taken from wherever it lies free in
 * the simulation (any CPU's per-CPU list, or the buddy lists, a larger
 * free block split around it), so the buddy lists and pageblock types
 * evolve as the traced kernel's did, not as numasim's allocator would
 * have chosen.
 *
 * Every function checks the block first and changes nothing when the
 * trace and the simulated memory disagree: it counts the disagreement in
 * m->follow.inconsistent[kind] and returns the kind (enum follow_kind,
 * mm/mmzone.h); the caller reports it (mm/ never prints).
 *
 * No Linux counterpart as a whole: the kernel never allocates a frame
 * chosen in advance except for memory failure (take_page_off_buddy()),
 * whose splitting these functions share.
 */
#ifndef MM_PAGE_PLACE_H
#define MM_PAGE_PLACE_H

#include <stdbool.h>

#include "mm/gfp.h"
#include "mm/mmzone.h"

/* The names results.json and the messages give the kinds ("in_use", ...). */
extern const char *const follow_kind_names[NR_FOLLOW_KINDS];

/*
 * Allocate the block of 2^order frames at pfn for a request of gfp on the
 * current CPU with preferred node nid (NUMA_NO_NODE: the CPU's), counted
 * as the kernel counts an allocation.  FOLLOW_OK with *pagep the head, or
 * an inconsistency (*pagep NULL).
 */
enum follow_kind alloc_pages_at(struct machine *m, pfn_t pfn, unsigned int order, gfp_t gfp,
				int nid, struct page **pagep);

/*
 * A free of a block the trace never allocated: in use since before the
 * trace.  If the simulation holds the whole block free, take it off the
 * free lists (uncounted: it was never free in the traced kernel) and free
 * it with __free_pages() on the current CPU.
 */
enum follow_kind free_pages_at(struct machine *m, pfn_t pfn, unsigned int order);

/*
 * The traced kernel's mm_page_alloc_extfrag at pfn: counted and emitted
 * as numasim's own fallbacks are (extfrag_record()); with
 * change_ownership, the pageblocks of the fallback block take alloc_mt and
 * their free pages move to alloc_mt's lists (move_freepages_block()).
 */
enum follow_kind follow_extfrag(struct machine *m, pfn_t pfn, unsigned int alloc_order,
				unsigned int fallback_order, int alloc_mt, int fallback_mt,
				bool change_ownership);

#endif /* MM_PAGE_PLACE_H */
