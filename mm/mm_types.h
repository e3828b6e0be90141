/*
 * mm/mm_types.h - struct page: one per physical frame.
 *
 * The kernel's struct page is 64 bytes; ours is 32 so that a 1 TiB machine's
 * memmap fits in 8 GiB.  It keeps the fields the mechanisms need, with the
 * kernel's meaning:
 *
 *   flags       PG_* bits; the frame's zone and node sit in the top bits,
 *               as in the kernel's page->flags (page_zonenum, page_to_nid).
 *   _refcount   0 = free (in the buddy, on a pcp list) or a tail page;
 *               an allocation returns its head page at 1.
 *   _mapcount / page_type
 *               one word, as in the kernel: -1 means "not mapped"; a free
 *               buddy head is marked by the page_type PG_buddy (PageBuddy()
 *               is a page type, not a flag bit).
 *   private     buddy head: order (bits 0-7) and the migratetype of the list
 *               the block sits on (bits 8-11).  In 6.1 that list may differ
 *               from the pageblock's type ("foreign" pages left behind when a
 *               fallback did not claim the block); we record it because our
 *               lists are not circular and unlinking needs the list head.
 *               On a pcp list: the cached migratetype (the kernel keeps it in
 *               page->index).
 *   lru_next/lru_prev
 *               links of whichever list holds the page (buddy free list, pcp
 *               list, later the LRU), as pfns relative to the memmap, 32 bits
 *               each, PAGE_LIST_NIL at the ends.
 *   owner       page_owner-style record of the allocation: bit 3 set when
 *               valid, bits 0-2 the gfp migratetype it was allocated with;
 *               the upper bits are reserved for the allocating context.
 *   index       file offset / anon linear index (used from issue 3 on).
 *
 * Linux counterpart: struct page in include/linux/mm_types.h, the PG_* enum
 * in include/linux/page-flags.h.
 */
#ifndef MM_MM_TYPES_H
#define MM_MM_TYPES_H

#include <stdint.h>
#include "hw/types.h"

struct page {
	uint32_t flags;
	int32_t _refcount;
	union {
		int32_t _mapcount;
		uint32_t page_type;
	};
	uint32_t private;
	uint32_t lru_next;
	uint32_t lru_prev;
	uint32_t owner;
	uint32_t index;
};

_Static_assert(sizeof(struct page) == 32, "struct page must stay 32 bytes");

#define PAGE_LIST_NIL	UINT32_MAX

/* Page flag bits (a subset of the kernel's, same names). */
enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_active,
	PG_slab,
	PG_reserved,
	PG_private,
	PG_writeback,
	PG_head,
	PG_tail,	/* the kernel encodes this in compound_head bit 0 */
	PG_reclaim,	/* doubles as PG_isolated for non-LRU movable pages */
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	PG_hwpoison,
	__NR_PAGEFLAGS
};

/* Zone and node live in the top bits of flags, as in the kernel. */
#define PAGE_NODE_SHIFT		26
#define PAGE_NODE_BITS		6
#define PAGE_ZONE_SHIFT		23
#define PAGE_ZONE_BITS		3

_Static_assert(__NR_PAGEFLAGS <= PAGE_ZONE_SHIFT, "page flags overlap the zone bits");

/*
 * Page types share the _mapcount word.  A word of the form 0xf0000000 with
 * the type's bit *cleared* carries that type; -1 (all ones) is "no type, not
 * mapped".  Values as in Linux 6.1 include/linux/page-flags.h.
 */
#define PAGE_TYPE_BASE	0xf0000000u
#define PG_buddy	0x00000080u

/* page_owner-style record kept in page->owner. */
#define PAGE_OWNER_VALID	0x8u
#define PAGE_OWNER_MT_MASK	0x7u

#endif /* MM_MM_TYPES_H */
