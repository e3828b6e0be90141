/*
 * mm/workingset.c - workingset refault detection for the classic LRU.
 *
 * Each node's lruvec keeps a clock, nonresident_age, that moves by a
 * folio's pages whenever a folio is evicted or activated.  An evicted
 * folio leaves a shadow in its slot (the page cache slot of its index,
 * or the swap cache slot of its entry) that records the clock then, its
 * node and whether it was PG_workingset.  When the folio is read back
 * in, the clock's advance since then (the refault distance) is the
 * least number of extra pages the folio would have needed to stay
 * resident.  If the distance fits in the memory the workingset competes
 * for (the active file list, plus the anon lists when swap is free), the
 * folio was part of the workingset: it starts on the active list
 * (workingset_activate_*), and if it had been active before it counts
 * as a restore (workingset_restore_*) and its I/O is charged to its
 * kind (lru_note_cost()).  Every shadow found counts workingset_refault_*.
 *
 * Shadows of a file are kept beside its page cache, not in it: a sorted
 * array of shadow nodes, each covering 64 indices as an xarray node does
 * (XA_CHUNK_SHIFT 6), so no walker of the cache ever meets a shadow.  A
 * folio added at an index takes the shadow out; truncation, invalidation
 * and the file's death drop them.  Shadows of swap slots live in the
 * device's shadow array (mm/swap.h) and go when the slot is freed.
 *
 * Simplified: workingset_nodes counts the shadow nodes of page-cache
 * files, each on the node of the folio whose shadow made it, whether or
 * not the same 64 indices also hold folios (the kernel counts only the
 * xarray nodes that hold shadows alone, swap cache ones included); no
 * shadow node shrinker (count_shadow_nodes()/scan_shadow_nodes()), so
 * workingset_nodereclaim stays 0 and shadows live until refault,
 * truncation, invalidation or the file's death.  No memory cgroups:
 * the memcg id of the cookie is 0.
 *
 * Invariants: a shadow value has bit 0 set; a shadow node holds `count`
 * nonzero slots, count > 0; the file's nodes are sorted by first index;
 * a page-cache index has a folio or a shadow, never both.
 *
 * Linux counterpart: mm/workingset.c (v6.1): pack_shadow, unpack_shadow,
 * workingset_age_nonresident, workingset_eviction, workingset_refault,
 * workingset_activation, workingset_update_node (in part); mm/vmscan.c
 * snapshot_refaults.
 */
#include "mm/workingset.h"

#include <stdlib.h>

#include "mm/array.h"
#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/swap.h"
#include "mm/vmscan.h"
#include "mm/vmstat_counters.h"

/*
 * The cookie's layout as the reference kernel packs it: one bit of
 * PG_workingset, the node (its NODES_SHIFT, 10), the memcg id
 * (MEM_CGROUP_ID_SHIFT, 16) and the xarray's value tag; the eviction
 * clock gets the rest.
 */
#define WORKINGSET_SHIFT	1
#define SHADOW_NODES_SHIFT	10
#define MEM_CGROUP_ID_SHIFT	16
#define EVICTION_SHIFT		(1 + WORKINGSET_SHIFT + SHADOW_NODES_SHIFT + MEM_CGROUP_ID_SHIFT)
#define EVICTION_MASK		(~0ull >> EVICTION_SHIFT)
/*
 * workingset_init()'s bucket_order: the clock is coarsened only when
 * memory has more pages than the 36 clock bits count; a machine here has
 * at most 2^32 frames, so it is always 0.
 */
#define BUCKET_ORDER		0

/* Linux: pack_shadow() (memcg id 0) + xa_mk_value(). */
static uint64_t pack_shadow(int nid, uint64_t eviction, bool workingset)
{
	uint64_t v = eviction & EVICTION_MASK;

	v <<= MEM_CGROUP_ID_SHIFT;
	v = (v << SHADOW_NODES_SHIFT) | (uint64_t)nid;
	v = (v << WORKINGSET_SHIFT) | workingset;
	return (v << 1) | 1;
}

/* Linux: xa_to_value() + unpack_shadow(). */
static void unpack_shadow(uint64_t shadow, int *nid, uint64_t *eviction, bool *workingset)
{
	uint64_t v = shadow >> 1;

	*workingset = v & 1;
	v >>= WORKINGSET_SHIFT;
	*nid = (int)(v & ((1u << SHADOW_NODES_SHIFT) - 1));
	v >>= SHADOW_NODES_SHIFT + MEM_CGROUP_ID_SHIFT;
	*eviction = v;
}

/* Linux: workingset_age_nonresident(), mm/workingset.c (no parent lruvecs here). */
void workingset_age_nonresident(pg_data_t *pgdat, unsigned long nr_pages)
{
	pgdat->lruvec.nonresident_age += nr_pages;
}

/* Linux: workingset_eviction(), mm/workingset.c */
uint64_t workingset_eviction(struct machine *m, struct page *folio)
{
	pg_data_t *pgdat = NODE_DATA(m, page_to_nid(folio));
	uint64_t eviction = pgdat->lruvec.nonresident_age >> BUCKET_ORDER;

	MM_BUG_ON_PAGE(PageFlag(folio, PG_lru), m, folio);
	workingset_age_nonresident(pgdat, folio_nr_pages(folio));
	return pack_shadow(pgdat->node_id, eviction, PageFlag(folio, PG_workingset));
}

/*
 * The memory a refaulting folio competes for on the node it was evicted
 * from, as workingset_refault() sums it: the active file list, the
 * inactive file list too for anon, and while swap has room the active
 * anon list and, for file, the inactive anon list.
 */
static unsigned long workingset_size(const struct machine *m, const pg_data_t *pgdat, bool file)
{
	unsigned long size = node_page_state(pgdat, NR_ACTIVE_FILE);

	if (!file)
		size += node_page_state(pgdat, NR_INACTIVE_FILE);
	if (get_nr_swap_pages(m) > 0) {
		size += node_page_state(pgdat, NR_ACTIVE_ANON);
		if (file)
			size += node_page_state(pgdat, NR_INACTIVE_ANON);
	}
	return size;
}

/* Linux: workingset_refault(), mm/workingset.c */
void workingset_refault(struct machine *m, struct page *folio, uint64_t shadow)
{
	bool file = folio_is_file_lru(folio), workingset;
	unsigned long nr = folio_nr_pages(folio);
	pg_data_t *pgdat = NODE_DATA(m, page_to_nid(folio)), *eviction_pgdat;
	uint64_t eviction, distance;
	int nid;

	unpack_shadow(shadow, &nid, &eviction, &workingset);
	eviction_pgdat = NODE_DATA(m, nid);
	eviction <<= BUCKET_ORDER;
	distance = (eviction_pgdat->lruvec.nonresident_age - eviction) & EVICTION_MASK;
	mod_node_page_state(m, folio, WORKINGSET_REFAULT_ANON + file, (long)nr);
	/* A folio that could not have stayed with all that memory is not the workingset. */
	if (distance > workingset_size(m, eviction_pgdat, file))
		return;
	SetPageFlag(folio, PG_active);
	workingset_age_nonresident(pgdat, nr);
	mod_node_page_state(m, folio, WORKINGSET_ACTIVATE_ANON + file, (long)nr);
	if (!workingset)
		return;
	/* Active before its eviction: reclaim took the workingset, an I/O cost of its kind. */
	SetPageFlag(folio, PG_workingset);
	lru_note_cost(m, pgdat, file, nr);
	mod_node_page_state(m, folio, WORKINGSET_RESTORE_ANON + file, (long)nr);
}

/* Linux: workingset_activation(), mm/workingset.c */
void workingset_activation(struct machine *m, struct page *folio)
{
	workingset_age_nonresident(NODE_DATA(m, page_to_nid(folio)), folio_nr_pages(folio));
}

/* Linux: snapshot_refaults(), mm/vmscan.c */
void snapshot_refaults(pg_data_t *pgdat)
{
	pgdat->lruvec.refaults[0] = node_page_state(pgdat, WORKINGSET_ACTIVATE_ANON);
	pgdat->lruvec.refaults[1] = node_page_state(pgdat, WORKINGSET_ACTIVATE_FILE);
}

/* ---- a file's shadow nodes ---- */

/* The position of the node covering index, or where it would go (*found false). */
static size_t shadow_node_pos(const struct address_space *mapping, uint64_t index, bool *found)
{
	uint64_t first = index & ~(uint64_t)(SHADOW_NODE_SLOTS - 1);
	size_t lo = 0, hi = mapping->nr_shadow_nodes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mapping->shadow_nodes[mid]->first < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < mapping->nr_shadow_nodes && mapping->shadow_nodes[lo]->first == first;
	return lo;
}

/* Linux: workingset_update_node() of a node that gets its first or loses its last shadow. */
static void shadow_node_account(struct machine *m, const struct shadow_node *node, long delta)
{
	__mod_node_page_state(NODE_DATA(m, node->nid), WORKINGSET_NODES, delta);
}

static void shadow_node_free(struct machine *m, struct address_space *mapping, size_t pos)
{
	struct shadow_node *node = mapping->shadow_nodes[pos];

	shadow_node_account(m, node, -1);
	array_remove(mapping->shadow_nodes, sizeof(node), &mapping->nr_shadow_nodes, pos);
	free(node);
}

/* A new empty node for index at pos, counted on nid; NULL without host memory. */
static struct shadow_node *shadow_node_new(struct machine *m, struct address_space *mapping,
					   size_t pos, uint64_t index, int nid)
{
	struct shadow_node *node = calloc(1, sizeof(*node));

	if (!node)
		return NULL;
	node->first = index & ~(uint64_t)(SHADOW_NODE_SLOTS - 1);
	node->nid = nid;
	if (array_insert(&mapping->shadow_nodes, sizeof(node), &mapping->nr_shadow_nodes,
			 &mapping->shadow_nodes_cap, pos, &node)) {
		free(node);
		return NULL;
	}
	shadow_node_account(m, node, 1);
	return node;
}

/* The kernel's page_cache_delete() storing the shadow in the folio's slot. */
void mapping_store_shadow(struct machine *m, struct address_space *mapping, uint64_t index,
			  uint64_t shadow)
{
	int nid;
	uint64_t eviction;
	bool workingset, found;
	size_t pos = shadow_node_pos(mapping, index, &found);
	struct shadow_node *node;

	MM_BUG_ON(!(shadow & 1));
	unpack_shadow(shadow, &nid, &eviction, &workingset);
	node = found ? mapping->shadow_nodes[pos] : shadow_node_new(m, mapping, pos, index, nid);
	if (!node)
		return;	/* no host memory: the eviction is forgotten, as a failed node allocation */
	if (!node->slot[index % SHADOW_NODE_SLOTS])
		node->count++;
	node->slot[index % SHADOW_NODE_SLOTS] = shadow;
}

/* The shadow __filemap_add_folio() finds in the slot it fills. */
uint64_t mapping_take_shadow(struct machine *m, struct address_space *mapping, uint64_t index)
{
	bool found;
	size_t pos = shadow_node_pos(mapping, index, &found);
	struct shadow_node *node;
	uint64_t shadow;

	if (!found)
		return 0;
	node = mapping->shadow_nodes[pos];
	shadow = node->slot[index % SHADOW_NODE_SLOTS];
	if (!shadow)
		return 0;
	node->slot[index % SHADOW_NODE_SLOTS] = 0;
	if (!--node->count)
		shadow_node_free(m, mapping, pos);
	return shadow;
}

/*
 * Linux: truncate_folio_batch_exceptionals() and clear_shadow_entry(),
 * mm/truncate.c: truncation and invalidation drop the value entries of
 * their range; the file's eviction drops them all (and frees the array).
 */
void mapping_clear_shadows(struct machine *m, struct address_space *mapping, uint64_t first,
			   uint64_t last)
{
	bool found;
	size_t pos = shadow_node_pos(mapping, first, &found);

	while (pos < mapping->nr_shadow_nodes && mapping->shadow_nodes[pos]->first <= last) {
		struct shadow_node *node = mapping->shadow_nodes[pos];

		for (unsigned int i = 0; i < SHADOW_NODE_SLOTS; i++) {
			uint64_t index = node->first + i;

			if (node->slot[i] && index >= first && index <= last) {
				node->slot[i] = 0;
				node->count--;
			}
		}
		if (node->count)
			pos++;
		else
			shadow_node_free(m, mapping, pos);
	}
	if (!mapping->nr_shadow_nodes) {
		free(mapping->shadow_nodes);
		mapping->shadow_nodes = NULL;
		mapping->shadow_nodes_cap = 0;
	}
}

unsigned long mapping_nr_shadows(const struct address_space *mapping)
{
	unsigned long nr = 0;

	for (size_t i = 0; i < mapping->nr_shadow_nodes; i++)
		nr += mapping->shadow_nodes[i]->count;
	return nr;
}
