/*
 * sim/alloc_ids.h - the names a trace gives its allocations.
 *
 * "alloc id=buf7 order=2" binds the name buf7 to the block the allocator
 * returned; "free id=buf7" looks it up and frees that block.  The table maps
 * each live name to {pfn, order}.  A failed allocation still binds its name
 * (to PFN_NONE), because the trace was written without knowing it would fail
 * and will free the name later.
 *
 * Invariants: names are unique among live entries; the table owns copies of
 * the names (the trace reader's buffer is reused line by line); the table is
 * at most 70% full, so a probe always ends at an empty slot.
 *
 * No kernel counterpart: the kernel's callers keep their struct page *.
 */
#ifndef SIM_ALLOC_IDS_H
#define SIM_ALLOC_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/types.h"

/* Names shorter than this are stored in the slot itself (no malloc). */
#define ALLOC_ID_INLINE	16
/* Longest name: trace lines are far shorter (workloads/trace.c). */
#define ALLOC_ID_MAX_LEN	((1u << 24) - 1)

/* One slot: 32 bytes, so two share a cache line. */
struct alloc_id {
	pfn_t pfn;		/* PFN_NONE: the allocation failed */
	uint32_t hash;		/* 0: the slot is empty */
	uint32_t len : 24;	/* strlen of the name */
	uint32_t order : 8;
	union {
		char inl[ALLOC_ID_INLINE];	/* len < ALLOC_ID_INLINE */
		char *heap;			/* otherwise, malloc'ed */
	} name;
};

struct alloc_ids {
	struct alloc_id *slots;
	size_t nr_slots;	/* a power of two, or 0 before the first insert */
	size_t nr_live;
};

void alloc_ids_init(struct alloc_ids *t);
void alloc_ids_release(struct alloc_ids *t);

/* The live entry called name, or NULL.  The pointer dies at the next insert. */
struct alloc_id *alloc_ids_find(const struct alloc_ids *t, const char *name, size_t len);

/*
 * Start loading the home slot of name into the cache: replay looks a few
 * records ahead, so the lookup does not wait on memory when it comes.
 */
void alloc_ids_prefetch(const struct alloc_ids *t, const char *name, size_t len);

/*
 * Bind name to {pfn, order}.  Returns 0, -EEXIST if name is live already
 * (the table is unchanged), -E2BIG if name is longer than ALLOC_ID_MAX_LEN,
 * or -ENOMEM.
 */
int alloc_ids_insert(struct alloc_ids *t, const char *name, size_t len, pfn_t pfn,
		     unsigned int order);

/* Forget the entry e (from alloc_ids_find()). */
void alloc_ids_remove(struct alloc_ids *t, struct alloc_id *e);

#endif /* SIM_ALLOC_IDS_H */
