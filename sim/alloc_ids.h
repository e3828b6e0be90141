/*
 * sim/alloc_ids.h - the names a trace gives its allocations.
 *
 * "alloc id=buf7 order=2" binds the name buf7 to the block the allocator
 * returned; "free id=buf7" looks it up and frees that block.  The table maps
 * each live name to {pfn, order}.  A failed allocation still binds its name
 * (to PFN_NONE), because the trace was written without knowing it would fail
 * and will free the name later.
 *
 * Two stores hold the names.  Names of the form LETTER + decimal number
 * without leading zeros ("m42", the shape generated traces use) live in a
 * dense array indexed by the number, one 8-byte word each: allocations then
 * append almost sequentially and a free costs one memory access.  Any other
 * name, or a numbered name whose slot another letter holds, goes to an
 * open-addressing hash table.
 *
 * Invariants: names are unique among live entries, each in exactly one
 * store; the hash table owns copies of its names (the trace reader's buffer
 * is reused); it is at most half full, so a probe always ends at an empty
 * slot.
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
	/* the hash table */
	struct alloc_id *slots;
	size_t nr_slots;	/* a power of two, or 0 before the first insert */
	size_t nr_live;
	/* the numbered names: see alloc_ids.c for the word's layout */
	uint64_t *numbered;
	size_t nr_numbered;	/* capacity, in words */
};

/*
 * A name, parsed once: replay looks the same name up several times per
 * event (prefetch, duplicate check, insert), so the parse is kept.
 */
struct alloc_key {
	const char *name;
	size_t len;
	bool numbered;		/* LETTER + number: lives in the dense array */
	unsigned char letter;
	uint32_t num;
};

/* Parse name (NUL-terminated) into *k; k keeps a pointer to name. */
void alloc_key_init(struct alloc_key *k, const char *name);

void alloc_ids_init(struct alloc_ids *t);
void alloc_ids_release(struct alloc_ids *t);

/*
 * Look name up.  Returns true and fills *pfn and *order (either may be NULL)
 * if it is live.
 */
bool alloc_ids_get(const struct alloc_ids *t, const struct alloc_key *k,
		   pfn_t *pfn, unsigned int *order);

/* Look name up and forget it: like alloc_ids_get(), then removal. */
bool alloc_ids_take(struct alloc_ids *t, const struct alloc_key *k,
		    pfn_t *pfn, unsigned int *order);

/*
 * Start loading name's slot into the cache: replay looks a few records
 * ahead, so the lookup does not wait on memory when it comes.
 */
void alloc_ids_prefetch(const struct alloc_ids *t, const struct alloc_key *k);

/*
 * Bind name to {pfn, order}.  Returns 0, -EEXIST if name is live already
 * (the table is unchanged), -E2BIG if name is longer than ALLOC_ID_MAX_LEN,
 * or -ENOMEM.  pfn must be below 2^32 - 1 or PFN_NONE.
 */
int alloc_ids_insert(struct alloc_ids *t, const struct alloc_key *k, pfn_t pfn,
		     unsigned int order);

#endif /* SIM_ALLOC_IDS_H */
