/*
 * mm/workingset.h - workingset refault detection: shadow entries left
 * behind by evicted folios, and the refault distance that decides
 * whether a folio read back in joins the active list.
 *
 * A shadow is a nonzero 64-bit value with bit 0 set (the kernel's
 * xa_mk_value()); 0 means "no shadow".
 *
 * Linux counterpart: include/linux/swap.h (workingset_*), mm/workingset.c.
 */
#ifndef MM_WORKINGSET_H
#define MM_WORKINGSET_H

#include <stddef.h>
#include <stdint.h>

#include "mm/mmzone.h"

/* Linux: workingset_age_nonresident(): evictions and activations move the clock. */
void workingset_age_nonresident(pg_data_t *pgdat, unsigned long nr_pages);
/* Linux: workingset_eviction(): the shadow of folio, being evicted now (off the LRU). */
uint64_t workingset_eviction(struct machine *m, struct page *folio);
/* Linux: workingset_refault(): folio, not yet on the LRU, replaces shadow. */
void workingset_refault(struct machine *m, struct page *folio, uint64_t shadow);
/* Linux: workingset_activation(): folio_mark_accessed() activated folio. */
void workingset_activation(struct machine *m, struct page *folio);
/* Linux: snapshot_refaults(), mm/vmscan.c: reclaim of pgdat is done. */
void snapshot_refaults(pg_data_t *pgdat);

/* ---- a file's shadow entries (the value entries of its i_pages) ---- */

/* Linux: XA_CHUNK_SHIFT: the indices one xarray node covers. */
#define SHADOW_NODE_SHIFT	6
#define SHADOW_NODE_SLOTS	(1u << SHADOW_NODE_SHIFT)

/* Linux: a struct xa_node of i_pages holding value entries. */
struct shadow_node {
	uint64_t first;			/* its first index, a multiple of 64 */
	unsigned int count;		/* nonzero slots */
	int nid;			/* the node whose workingset_nodes counts it */
	uint64_t slot[SHADOW_NODE_SLOTS];
};

/* Leave shadow at index (the slot's folio was just removed). */
void mapping_store_shadow(struct machine *m, struct address_space *mapping, uint64_t index,
			  uint64_t shadow);
/* The shadow at index, taken out (a folio takes the slot), or 0. */
uint64_t mapping_take_shadow(struct machine *m, struct address_space *mapping, uint64_t index);
/* Drop the shadows of indices first..last (truncation, invalidation, eviction of the file). */
void mapping_clear_shadows(struct machine *m, struct address_space *mapping, uint64_t first,
			   uint64_t last);
/* The shadows the file holds. */
unsigned long mapping_nr_shadows(const struct address_space *mapping);

/* The checker (mm/check.h): every file's shadow nodes, and workingset_nodes. */
int workingset_check(const struct machine *m, char *msg, size_t msglen);

#endif /* MM_WORKINGSET_H */
