/*
 * sim/pfn_map.h - the importer's map of the blocks live in a trace: a
 * block's first frame (pfn) to the id the import gave it.
 *
 * Open addressing with linear probing, removal by moving the followers
 * back (no tombstones), so memory is proportional to the blocks live at
 * once, never to the trace's length.  The table doubles past half full.
 *
 * No kernel counterpart.
 */
#ifndef SIM_PFN_MAP_H
#define SIM_PFN_MAP_H

#include <stddef.h>
#include <stdint.h>

/* A live block: a whole allocation, or one frame of a split one. */
struct pfn_block {
	uint64_t pfn;		/* the key; PFN_MAP_EMPTY marks a free slot */
	uint64_t id;		/* the import's number of the allocation */
	int32_t piece;		/* -1: the whole block; else its frame's offset after a split */
	uint8_t order;		/* 0 for a piece */
};

#define PFN_MAP_EMPTY	UINT64_MAX

struct pfn_map {
	struct pfn_block *slots;
	size_t mask;		/* nr slots - 1 (a power of two) */
	size_t nr;
};

int pfn_map_init(struct pfn_map *map);
void pfn_map_release(struct pfn_map *map);

/* The block that starts at pfn, or NULL; valid until the next change. */
struct pfn_block *pfn_map_find(const struct pfn_map *map, uint64_t pfn);

/* Add (or replace) the block at b->pfn.  Returns 0, or -1 out of memory. */
int pfn_map_put(struct pfn_map *map, const struct pfn_block *b);

/* Remove a block pfn_map_find() returned. */
void pfn_map_remove(struct pfn_map *map, struct pfn_block *b);

/*
 * The whole block (not a piece) of order above min_order whose frames
 * hold pfn, or NULL.  Blocks are naturally aligned (buddy blocks are), so
 * only the aligned starts below pfn are looked at.
 */
struct pfn_block *pfn_map_find_covering(const struct pfn_map *map, uint64_t pfn,
					unsigned int min_order, unsigned int max_order);

#endif /* SIM_PFN_MAP_H */
