/*
 * mm/gfp.h - allocation flags (gfp_t) and the page allocator's entry points.
 *
 * Bit values are those of Linux 6.1 on x86_64 (the tracefs gfp symbol table
 * of the reference kernel), so a gfp mask read from a real trace means the
 * same thing here.  gfp_zone() and gfp_migratetype() decide where an
 * allocation may come from and which free lists it prefers.
 *
 * Linux counterpart: include/linux/gfp_types.h, include/linux/gfp.h.
 */
#ifndef MM_GFP_H
#define MM_GFP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef unsigned int gfp_t;

#define __GFP_DMA		0x01u
#define __GFP_HIGHMEM		0x02u
#define __GFP_DMA32		0x04u
#define __GFP_MOVABLE		0x08u
#define __GFP_RECLAIMABLE	0x10u
#define __GFP_HIGH		0x20u
#define __GFP_IO		0x40u
#define __GFP_FS		0x80u
#define __GFP_ZERO		0x100u
#define __GFP_ATOMIC		0x200u
#define __GFP_DIRECT_RECLAIM	0x400u
#define __GFP_KSWAPD_RECLAIM	0x800u
#define __GFP_WRITE		0x1000u
#define __GFP_NOWARN		0x2000u
#define __GFP_RETRY_MAYFAIL	0x4000u
#define __GFP_NOFAIL		0x8000u
#define __GFP_NORETRY		0x10000u
#define __GFP_MEMALLOC		0x20000u
#define __GFP_COMP		0x40000u
#define __GFP_NOMEMALLOC	0x80000u
#define __GFP_HARDWALL		0x100000u
#define __GFP_THISNODE		0x200000u
#define __GFP_ACCOUNT		0x400000u
#define __GFP_ZEROTAGS		0x800000u
#define __GFP_BITS_SHIFT	24

#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_ZONEMASK		(__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)
#define GFP_MOVABLE_MASK	(__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT	3

#define GFP_ATOMIC		(__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT		(__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO		(__GFP_RECLAIM)
#define GFP_NOFS		(__GFP_RECLAIM | __GFP_IO)
#define GFP_USER		(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA			__GFP_DMA
#define GFP_DMA32		__GFP_DMA32
#define GFP_HIGHUSER		(GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE	(GFP_HIGHUSER | __GFP_MOVABLE)
#define GFP_TRANSHUGE_LIGHT	((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | \
				  __GFP_NOWARN) & ~__GFP_RECLAIM)
#define GFP_TRANSHUGE		(GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)

/* Linux: gfp_migratetype(), include/linux/gfp.h (grouping on; see below). */
static inline int gfp_migratetype(gfp_t gfp)
{
	return (int)((gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return (gfp & __GFP_DIRECT_RECLAIM) != 0;
}

/*
 * The highest zone an allocation may use.  Linux: gfp_zone(),
 * include/linux/gfp.h.  Returns an enum zone_type value; -1 for the invalid
 * combinations the kernel's GFP_ZONE_BAD table rejects.
 */
int gfp_zone(gfp_t gfp);

/*
 * Names of gfp masks, in the order the kernel's tracepoints try them
 * (composites first, then single bits): __def_gfpflag_names in
 * include/trace/events/mmflags.h.
 */
struct gfp_name {
	gfp_t mask;
	const char *name;
};
extern const struct gfp_name gfp_names[];
extern const size_t nr_gfp_names;

/*
 * Parse "GFP_KERNEL|__GFP_RECLAIMABLE" (any names from gfp_names, or hex
 * numbers, joined by '|').  Returns 0, or -1 if a part is unknown; *bad gets
 * the offending part's offset.
 */
int gfp_parse(const char *text, size_t len, gfp_t *out, size_t *bad);

/*
 * Format a mask as tracefs does (composite names first, "none" for 0).
 * Returns the length written (snprintf semantics).
 */
int gfp_format(char *buf, size_t buflen, gfp_t gfp);

/* ---- the page allocator's entry points (mm/page_alloc.c) ---- */

struct machine;
struct zone;
struct page;

/* A set of nodes (MAX_NUMNODES <= 64).  Linux: nodemask_t. */
typedef struct { uint64_t bits; } nodemask_t;

/*
 * Allocate 2^order contiguous frames.  preferred_nid is where the zonelist
 * starts (NUMA_NO_NODE: the current CPU's node); __GFP_THISNODE restricts the
 * allocation to it.  Returns the head page with refcount 1, or NULL.
 * Linux: __alloc_pages(), mm/page_alloc.c.
 */
struct page *__alloc_pages(struct machine *m, gfp_t gfp, unsigned int order,
			   int preferred_nid, const nodemask_t *nodemask);

/* Linux: alloc_pages_node(), include/linux/gfp.h. */
struct page *alloc_pages_node(struct machine *m, int nid, gfp_t gfp, unsigned int order);

/* Free 2^order frames starting at page.  Linux: __free_pages(). */
void __free_pages(struct machine *m, struct page *page, unsigned int order);

/*
 * Empty every CPU's per-CPU page lists of zone (NULL: of every zone) into
 * the buddy.  Linux: drain_all_pages(), include/linux/gfp.h.
 */
void drain_all_pages(struct machine *m, struct zone *zone);

/*
 * Add count (negative: take) to the managed pages of page's zone, and so
 * to totalram_pages() and MemTotal: a driver giving frames to, or taking
 * them back from, the hypervisor.  Linux: adjust_managed_page_count(),
 * mm/page_alloc.c.
 */
void adjust_managed_page_count(struct machine *m, struct page *page, long count);
/* Linux: free_reserved_page(): a boot-reserved frame joins the buddy. */
void free_reserved_page(struct machine *m, struct page *page);

#endif /* MM_GFP_H */
