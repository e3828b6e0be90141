/*
 * mm/cma.h - the contiguous memory allocator: physical areas reserved at
 * boot whose pageblocks are MIGRATE_CMA, lent to movable allocations
 * while no driver needs them and taken back, by migration, when one does.
 *
 *	struct cma *cma = cma_find(m, "reserved");
 *	pfn_t pfn;
 *	if (cma_alloc(m, cma, nr_pages, align_order, false, &pfn) == 0)
 *		... frames [pfn, pfn + nr_pages), refcount 1 each ...
 *	cma_release(m, cma, pfn, nr_pages);
 *
 * Boot (mm/mm_init.c) declares the areas the boot parameters ask for
 * (cma_reserve_boot_areas(): cma_pernuma= per node, then cma=), keeps
 * their frames out of memblock_free_all(), and activates them before the
 * watermarks are computed (cma_init_reserved_areas(), a core_initcall in
 * the kernel), which makes every pageblock MIGRATE_CMA and frees it.
 *
 * Invariants: an area lies in one node's present memory, is pageblock
 * aligned and sized, and (once active) in one zone; bit b of its bitmap
 * set means frames [base + (b << order_per_bit), +2^order_per_bit) are
 * (being) handed out by cma_alloc(); m->cma.totalcma_pages is the sum of
 * the active areas' counts (CmaTotal).
 *
 * Linux counterpart: mm/cma.c, mm/cma.h, include/linux/cma.h (6.1),
 * kernel/dma/contiguous.c (the cma= and cma_pernuma= boot parameters).
 */
#ifndef MM_CMA_H
#define MM_CMA_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/mmzone.h"

struct mm_boot_params;

/* Linux: CMA_MAX_NAME, include/linux/cma.h */
#define CMA_MAX_NAME	64
/* Linux: MAX_CMA_AREAS = 1 + CONFIG_CMA_AREAS (19 with NUMA, the Kconfig default). */
#define MAX_CMA_AREAS	20

/* Linux: struct cma, mm/cma.h */
struct cma {
	pfn_t base_pfn;
	unsigned long count;		/* frames; 0: the area failed to activate */
	unsigned long *bitmap;		/* count >> order_per_bit bits */
	unsigned int order_per_bit;	/* one bit stands for 2^order_per_bit frames */
	char name[CMA_MAX_NAME];
	/* CONFIG_CMA_SYSFS: /sys/kernel/mm/cma/<name>/alloc_pages_{success,fail} */
	unsigned long nr_pages_succeeded;
	unsigned long nr_pages_failed;
};

/* The machine's areas (Linux: cma_areas[], cma_area_count, totalcma_pages). */
struct cma_state {
	struct cma areas[MAX_CMA_AREAS];
	unsigned int nr_areas;
	unsigned long totalcma_pages;
	/* Boot's declarations the kernel would refuse ("Failed to reserve"). */
	unsigned int nr_reserve_failed;
	/* Areas whose range crossed a zone ("could not be activated"). */
	unsigned int nr_activate_failed;
	/* cma_alloc_busy_retry: candidates alloc_contig_range() found busy. */
	unsigned long busy_retries;
};

/*
 * Reserve the boot parameters' areas: one per node with memory of
 * p->cma_pernuma_bytes ("pernuma<nid>"), then the global one of
 * p->cma_bytes ("reserved"), with p->cma_order_per_bit, placed as
 * memblock places them (cma_declare_contiguous_nid()).  An area that
 * does not fit is left out and counted (nr_reserve_failed).
 * Linux: dma_pernuma_cma_reserve(), dma_contiguous_reserve(),
 * kernel/dma/contiguous.c
 */
void cma_reserve_boot_areas(struct machine *m, const struct mm_boot_params *p);

/* Is pfn in an area declared at boot (kept out of memblock_free_all())? */
bool cma_reserved_pfn(const struct machine *m, pfn_t pfn);

/*
 * Activate every area: the whole range in one zone, then each pageblock
 * MIGRATE_CMA and freed; an area crossing zones gives its frames to the
 * buddy as ordinary pages and leaves CmaTotal.  -ENOMEM when the host
 * cannot hold a bitmap.
 * Linux: cma_init_reserved_areas() / cma_activate_area(), mm/cma.c
 */
int cma_init_reserved_areas(struct machine *m);

/* Free the bitmaps (machine_release()). */
void cma_release_areas(struct machine *m);

/* The area called name, or NULL.  Linux: cma_for_each_area() with a name match. */
struct cma *cma_find(struct machine *m, const char *name);

/*
 * Allocate count frames aligned to 2^align frames from cma: the first
 * free run of the bitmap at or after each candidate, alloc_contig_range()
 * with MIGRATE_CMA on it, the next candidate on -EBUSY.  0 with *pfn, or
 * -ENOMEM (no free run left; count 0; an inactive area) or the error
 * alloc_contig_range() gave; counted in cma_alloc_success / cma_alloc_fail
 * and the area's alloc_pages_success / alloc_pages_fail.
 * Linux: cma_alloc(), mm/cma.c
 */
int cma_alloc(struct machine *m, struct cma *cma, unsigned long count, unsigned int align,
	      bool no_warn, pfn_t *pfn);

/*
 * Give back count frames from pfn, allocated by cma_alloc(): drop their
 * references and clear their bits.  false if pfn is not in the area.
 * Linux: cma_release(), mm/cma.c
 */
bool cma_release(struct machine *m, struct cma *cma, pfn_t pfn, unsigned long count);

/*
 * The checker: each active area's pageblocks MIGRATE_CMA (or isolated),
 * the first frame of each set bit in use, and the zones' cma_pages, the
 * areas' counts and totalcma_pages equal.  Returns the number of
 * violations (0 or 1) with the first in msg.
 */
int cma_check(const struct machine *m, char *msg, size_t msglen);

/* Is bit b of the area's bitmap set? */
bool cma_bit_set(const struct cma *cma, unsigned long bit);

/* Linux: cma_bitmap_maxno(), mm/cma.h */
static inline unsigned long cma_bitmap_maxno(const struct cma *cma)
{
	return cma->count >> cma->order_per_bit;
}

#endif /* MM_CMA_H */
