/*
 * mm/zone_restore.h - start a zone from a recorded state instead of the
 * fresh boot: its pageblock types, its free blocks per order and free list,
 * the pages on each CPU's lists, and everything else allocated.
 *
 * The caller (sim/init_from.c, which reads a snapshot folder) describes
 * the zone it wants in a struct zone_restore_want; zone_restore() rebuilds
 * the zone of a freshly booted machine to match, as closely as the buddy
 * allocator's rules allow, and says in a struct zone_restore_result where
 * it could not.  The rules are at the top of mm/zone_restore.c.
 *
 * mm/ reads no file: the description is plain numbers.
 *
 * No kernel counterpart: a kernel is never started from a description.
 */
#ifndef MM_ZONE_RESTORE_H
#define MM_ZONE_RESTORE_H

#include <stddef.h>

#include "mm/mmzone.h"

/* What a zone should hold (the numbers of pagetypeinfo and zoneinfo). */
struct zone_restore_want {
	/* Pageblocks of each type; ISOLATE and CMA must be 0. */
	unsigned long pageblocks[MIGRATE_TYPES];
	/* Free blocks of each order on each type's free list; ISOLATE and CMA 0. */
	unsigned long nr_free[MAX_ORDER][MIGRATE_TYPES];
	/* Pages on each CPU's per-CPU lists (zoneinfo's "count"). */
	unsigned long pcp_pages[HW_MAX_CPUS];
	/*
	 * Pages on the zone's LRU lists (zoneinfo's nr_zone_* LRU counters):
	 * how much of the allocated memory is movable.  Without lru_known,
	 * every allocated page is of its pageblock's kind.
	 */
	unsigned long lru_pages;
	bool lru_known;
};

/* Where the rebuilt zone departs from its description. */
struct zone_restore_result {
	/* Pageblocks whose type differs from the one boot gave them. */
	unsigned long pageblocks_retyped;
	/* Free blocks placed in pageblocks of another type than their list's. */
	unsigned long foreign[MAX_ORDER][MIGRATE_TYPES];
	/* Free blocks that found no room at all (left allocated). */
	unsigned long unplaced[MAX_ORDER][MIGRATE_TYPES];
	/* Per-CPU pages that found no room (left allocated). */
	unsigned long pcp_unplaced;
	/* The zone's pages left allocated, held for good. */
	unsigned long used_pages;
	/* Of those, of the movable kind (the LRU pages; rule 5). */
	unsigned long used_movable;
	/* Allocated pages whose kind is not their pageblock's (rule 5). */
	unsigned long used_unmovable_in_movable;	/* in Movable pageblocks */
	unsigned long used_movable_elsewhere;		/* movable, in other pageblocks */
};

/*
 * Rebuild zone (of a machine just booted: no task, no raw allocation, no
 * hugetlb page, nothing on an LRU list) as want describes.  Returns 0, or
 * -EINVAL/-EBUSY with a message in err when want does not fit the zone or
 * the machine is not fresh (nothing changed then), or -ENOMEM (the zone is
 * then unusable: release the machine).
 */
int zone_restore(struct machine *m, struct zone *zone, const struct zone_restore_want *want,
		 struct zone_restore_result *res, char *err, size_t errlen);

/* The free blocks res counts outside their type's pageblocks or nowhere. */
unsigned long zone_restore_misplaced(const struct zone_restore_result *res);

/* Pageblocks pagetypeinfo counts for zone: what want->pageblocks must add up to. */
unsigned long zone_restore_nr_pageblocks(const struct machine *m, const struct zone *zone);

#endif /* MM_ZONE_RESTORE_H */
