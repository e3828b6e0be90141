/*
 * mm/pageblock_census.h - each pageblock of a zone counted frame by frame
 * (mm/pageblock_census.c): type, mixed flag, frames by state.
 *
 * Linux counterpart: none as a whole (pagetypeinfo's block walk and
 * page_owner's mixed count).
 */
#ifndef MM_PAGEBLOCK_CENSUS_H
#define MM_PAGEBLOCK_CENSUS_H

#include <stdbool.h>

#include "mm/mmzone.h"

/* One pageblock's frames of its zone, by state. */
struct pageblock_census {
	pfn_t start_pfn;		/* the whole block's, even where the zone starts inside it */
	int migratetype;		/* the block's (MIGRATE_TYPES or more: unknown) */
	bool mixed;			/* holds an allocation of another migratetype */
	unsigned long free;		/* in free buddy blocks */
	unsigned long pcp;		/* on per-CPU lists */
	unsigned long used[MIGRATE_PCPTYPES];	/* allocated, by gfp migratetype */
	unsigned long other;		/* allocated without a known kind (reserved, ...) */
};

/*
 * Call fn(arg, census) for each pageblock of zone pagetypeinfo counts, in
 * pfn order.  Returns 0.  (Under memory shortage the per-CPU lists' blocks
 * are not told apart and count as used.)
 */
int pageblock_census_walk(const struct machine *m, const struct zone *zone,
			  void (*fn)(void *arg, const struct pageblock_census *b), void *arg);

#endif /* MM_PAGEBLOCK_CENSUS_H */
