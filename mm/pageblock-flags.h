/*
 * mm/pageblock-flags.h - per-pageblock bits: the migratetype and the
 * compaction skip hint.
 *
 * The kernel keeps NR_PAGEBLOCK_BITS = 4 bits per pageblock in a per-section
 * bitmap (3 migratetype bits + PB_migrate_skip).  We keep one byte per
 * pageblock, also per section: in the section's usage (mm/sparse.h),
 * indexed by the pageblock's number within its section: bits 0-2 the
 * migratetype, bit 3 the skip hint.  Only pfns of valid sections have
 * pageblock flags.
 *
 * Linux counterpart: include/linux/pageblock-flags.h, get_pfnblock_flags_mask()
 * and set_pfnblock_flags_mask() in mm/page_alloc.c.
 */
#ifndef MM_PAGEBLOCK_FLAGS_H
#define MM_PAGEBLOCK_FLAGS_H

#include "mm/sparse.h"

#define PB_MIGRATETYPE_MASK	0x7u
#define PB_MIGRATE_SKIP		0x8u

/* Linux: get_pageblock_bitmap() + pfn_to_bitidx(), mm/page_alloc.c (SPARSEMEM). */
static inline uint8_t *pageblock_flags_ptr(const struct machine *m, pfn_t pfn)
{
	return &section_to_usemap(__pfn_to_section(m, pfn))[(pfn & ~PAGE_SECTION_MASK) >>
							     m->pageblock_order];
}

/* Linux: get_pageblock_migratetype(), include/linux/mmzone.h */
static inline int get_pageblock_migratetype(const struct machine *m, pfn_t pfn)
{
	return *pageblock_flags_ptr(m, pfn) & PB_MIGRATETYPE_MASK;
}

/* Linux: get_pageblock_skip(), mm/compaction.c */
static inline bool get_pageblock_skip(const struct machine *m, pfn_t pfn)
{
	return *pageblock_flags_ptr(m, pfn) & PB_MIGRATE_SKIP;
}

static inline void set_pageblock_skip(struct machine *m, pfn_t pfn, bool skip)
{
	uint8_t *p = pageblock_flags_ptr(m, pfn);

	*p = (uint8_t)(skip ? (*p | PB_MIGRATE_SKIP) : (*p & ~PB_MIGRATE_SKIP));
}

/*
 * Linux: set_pageblock_migratetype(), mm/page_alloc.c.  With mobility
 * grouping disabled every type below MIGRATE_PCPTYPES becomes UNMOVABLE.
 */
static inline void set_pageblock_migratetype(struct machine *m, pfn_t pfn, int mt)
{
	uint8_t *p = pageblock_flags_ptr(m, pfn);

	if (m->page_group_by_mobility_disabled && mt < MIGRATE_PCPTYPES)
		mt = MIGRATE_UNMOVABLE;
	*p = (uint8_t)((*p & ~PB_MIGRATETYPE_MASK) | (unsigned int)mt);
}

#endif /* MM_PAGEBLOCK_FLAGS_H */
