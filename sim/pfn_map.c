/*
 * sim/pfn_map.c - the importer's pfn -> live block map (pfn_map.h).
 *
 * Invariants: every used slot holds a pfn other than PFN_MAP_EMPTY and
 * sits at or after its home slot with no empty slot in between (linear
 * probing); nr < half the slots.
 *
 * No kernel counterpart.
 */
#include "sim/pfn_map.h"

#include <stdlib.h>

#define PFN_MAP_MIN_SLOTS	1024

/*
 * Frames of one group of PFN_MAP_GROUP_SHIFT aligned frames have
 * neighbouring home slots; the groups are scattered by a hash.  A trace
 * allocates and frees neighbouring frames one after the other (readahead,
 * a task's faults, the LRU's order), so most look-ups land in the cache
 * lines the one before loaded; a fully scattered hash made each one a miss.
 */
#define PFN_MAP_GROUP_SHIFT	4

static size_t home_slot(const struct pfn_map *map, uint64_t pfn)
{
	uint64_t group = pfn >> PFN_MAP_GROUP_SHIFT;
	uint64_t offset = pfn & ((UINT64_C(1) << PFN_MAP_GROUP_SHIFT) - 1);

	return (size_t)(((group * 0x9e3779b97f4a7c15ull) >> 32 << PFN_MAP_GROUP_SHIFT) | offset) &
	       map->mask;
}

static struct pfn_block *alloc_slots(size_t nr_slots)
{
	struct pfn_block *s = malloc(nr_slots * sizeof(*s));

	for (size_t i = 0; s && i < nr_slots; i++)
		s[i].pfn = PFN_MAP_EMPTY;
	return s;
}

int pfn_map_init(struct pfn_map *map)
{
	map->slots = alloc_slots(PFN_MAP_MIN_SLOTS);
	map->mask = PFN_MAP_MIN_SLOTS - 1;
	map->nr = 0;
	return map->slots ? 0 : -1;
}

void pfn_map_release(struct pfn_map *map)
{
	free(map->slots);
	map->slots = NULL;
}

struct pfn_block *pfn_map_find(const struct pfn_map *map, uint64_t pfn)
{
	for (size_t i = home_slot(map, pfn);; i = (i + 1) & map->mask) {
		if (map->slots[i].pfn == pfn)
			return &map->slots[i];
		if (map->slots[i].pfn == PFN_MAP_EMPTY)
			return NULL;
	}
}

static void insert_slot(struct pfn_map *map, const struct pfn_block *b)
{
	size_t i = home_slot(map, b->pfn);

	while (map->slots[i].pfn != PFN_MAP_EMPTY && map->slots[i].pfn != b->pfn)
		i = (i + 1) & map->mask;
	if (map->slots[i].pfn == PFN_MAP_EMPTY)
		map->nr++;
	map->slots[i] = *b;
}

static int grow(struct pfn_map *map)
{
	struct pfn_block *old = map->slots;
	size_t nr_old = map->mask + 1;

	map->slots = alloc_slots(2 * nr_old);
	if (!map->slots) {
		map->slots = old;
		return -1;
	}
	map->mask = 2 * nr_old - 1;
	map->nr = 0;
	for (size_t i = 0; i < nr_old; i++)
		if (old[i].pfn != PFN_MAP_EMPTY)
			insert_slot(map, &old[i]);
	free(old);
	return 0;
}

int pfn_map_put(struct pfn_map *map, const struct pfn_block *b)
{
	if (2 * (map->nr + 1) > map->mask + 1 && grow(map))
		return -1;
	insert_slot(map, b);
	return 0;
}

/* Is slot i's home in the cyclic range (hole, i]?  Then it may not move to hole. */
static int home_between(size_t hole, size_t home, size_t i)
{
	return hole <= i ? hole < home && home <= i : hole < home || home <= i;
}

void pfn_map_remove(struct pfn_map *map, struct pfn_block *b)
{
	size_t hole = (size_t)(b - map->slots);

	for (size_t i = (hole + 1) & map->mask; map->slots[i].pfn != PFN_MAP_EMPTY;
	     i = (i + 1) & map->mask) {
		if (home_between(hole, home_slot(map, map->slots[i].pfn), i))
			continue;
		map->slots[hole] = map->slots[i];
		hole = i;
	}
	map->slots[hole].pfn = PFN_MAP_EMPTY;
	map->nr--;
}

struct pfn_block *pfn_map_find_covering(const struct pfn_map *map, uint64_t pfn,
					unsigned int min_order, unsigned int max_order)
{
	for (unsigned int o = min_order + 1; o <= max_order; o++) {
		struct pfn_block *b = pfn_map_find(map, pfn & ~((UINT64_C(1) << o) - 1));

		if (b && b->piece < 0 && b->order >= o)
			return b;
	}
	return NULL;
}
