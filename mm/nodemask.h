/*
 * mm/nodemask.h - operations on sets of nodes (nodemask_t, mm/gfp.h):
 * the tests, the walks and the position-preserving remaps that memory
 * policies, cpusets and migrate_pages(2) use.
 *
 * A mask is one 64-bit word (MAX_NUMNODES <= 64); a walk that finds no
 * node answers MAX_NUMNODES, as the kernel's does.  node_isset() and
 * next_node_in() live in mm/mmzone.h beside the allocator that uses them.
 *
 * The remaps read a node by its position: the n-th set node of old
 * becomes the (n mod weight(new))-th set node of new.  A node not in old,
 * or an empty new, maps to itself.  With old = {0, 1}, new = {1, 2}:
 * 0 -> 1, 1 -> 2; with old = {0-3}, new = {2}: every node -> 2.
 *
 * Linux counterpart: include/linux/nodemask.h; the remaps are
 * bitmap_bitremap() and bitmap_remap() of lib/bitmap.c.
 */
#ifndef MM_NODEMASK_H
#define MM_NODEMASK_H

#include <stdbool.h>

#include "mm/mmzone.h"

/* Linux: nodes_empty() */
static inline bool nodes_empty(const nodemask_t *mask)
{
	return mask->bits == 0;
}

/* Linux: nodes_weight() */
static inline int nodes_weight(const nodemask_t *mask)
{
	return __builtin_popcountll(mask->bits);
}

/* Linux: nodes_equal() */
static inline bool nodes_equal(const nodemask_t *a, const nodemask_t *b)
{
	return a->bits == b->bits;
}

/* Linux: nodes_subset(): is every node of a in b? */
static inline bool nodes_subset(const nodemask_t *a, const nodemask_t *b)
{
	return (a->bits & ~b->bits) == 0;
}

/* Linux: nodes_intersects() */
static inline bool nodes_intersects(const nodemask_t *a, const nodemask_t *b)
{
	return (a->bits & b->bits) != 0;
}

/* Linux: first_node(): MAX_NUMNODES if mask is empty. */
static inline int first_node(const nodemask_t *mask)
{
	return mask->bits ? __builtin_ctzll(mask->bits) : MAX_NUMNODES;
}

/* Linux: next_node(): the lowest node above nid, or MAX_NUMNODES. */
static inline int next_node(int nid, const nodemask_t *mask)
{
	uint64_t above;

	if (nid + 1 >= MAX_NUMNODES)
		return MAX_NUMNODES;
	above = mask->bits & ~(((uint64_t)2 << nid) - 1);
	return above ? __builtin_ctzll(above) : MAX_NUMNODES;
}

#define for_each_node_mask(nid, mask) \
	for (int nid = first_node(mask); nid < MAX_NUMNODES; nid = next_node(nid, mask))

/*
 * The position of nid among the set nodes of mask (0 for the first), or
 * -1 if nid is not in it.  Linux: bitmap_pos_to_ord(), lib/bitmap.c.
 */
static inline int node_pos_in(int nid, const nodemask_t *mask)
{
	if (nid < 0 || nid >= MAX_NUMNODES || !node_isset(nid, mask))
		return -1;
	return __builtin_popcountll(mask->bits & (((uint64_t)1 << nid) - 1));
}

/* The pos-th set node of mask (pos < its weight).  Linux: find_nth_bit(). */
static inline int nth_node(int pos, const nodemask_t *mask)
{
	int nid = first_node(mask);

	while (pos-- > 0)
		nid = next_node(nid, mask);
	return nid;
}

/* Linux: node_remap() / bitmap_bitremap(): where nid goes from old to new. */
static inline int node_remap(int nid, const nodemask_t *old, const nodemask_t *new)
{
	int pos = node_pos_in(nid, old), weight = nodes_weight(new);

	if (pos < 0 || weight == 0)
		return nid;
	return nth_node(pos % weight, new);
}

/* Linux: nodes_remap() / bitmap_remap(): every node of src, each remapped. */
static inline nodemask_t nodes_remap(const nodemask_t *src, const nodemask_t *old,
				     const nodemask_t *new)
{
	nodemask_t out = { 0 };

	for_each_node_mask(nid, src)
		out.bits |= (uint64_t)1 << node_remap(nid, old, new);
	return out;
}

#endif /* MM_NODEMASK_H */
