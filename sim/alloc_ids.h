/*
 * sim/alloc_ids.h - the names a trace gives its allocations.
 *
 * "alloc id=buf7 order=2" binds the name buf7 to the handle of the block
 * mm/ holds for it (mm/raw_alloc.h); "free id=buf7" looks it up and frees
 * that block, wherever it is by then.  The table maps each live name to a
 * handle, never to a frame: a block may move.  A failed allocation still
 * binds its name (to RAW_HANDLE_NONE), because the trace was written
 * without knowing it would fail and will free the name later.
 *
 * Two stores hold the names.  Names of the form LETTER + decimal number
 * without leading zeros ("m42", the shape generated traces use) live in a
 * dense array indexed by the number, one 8-byte word each: allocations then
 * append almost sequentially and a free costs one memory access.  The
 * array is a fixed window the numbers wrap around, so a replay's memory
 * does not grow with the trace's length.  Any other name, and a numbered
 * name whose word a younger one took, lives in an open-addressing hash
 * table.
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

#include "mm/mmzone.h"

/* Names shorter than this are stored in the slot itself (no malloc). */
#define ALLOC_ID_INLINE	16
/* Longest name: trace lines are far shorter (workloads/trace.c). */
#define ALLOC_ID_MAX_LEN	((1u << 24) - 1)

/* One slot: 32 bytes, so two share a cache line. */
struct alloc_id {
	raw_handle_t handle;	/* RAW_HANDLE_NONE: the allocation failed */
	uint32_t hash;		/* 0: the slot is empty */
	uint32_t len;		/* strlen of the name */
	uint32_t order;		/* given at insertion (alloc_ids_bind()) */
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

/*
 * The same for a name that, with word_readable, may be read eight bytes
 * at a time (a value of a record that is word_readable, workloads/trace.h):
 * a numbered name's digits are then read in one word, not one by one.
 */
void alloc_key_parse(struct alloc_key *k, const char *name, bool word_readable);

void alloc_ids_init(struct alloc_ids *t);
void alloc_ids_release(struct alloc_ids *t);

/* Look name up.  Returns true and fills *handle (may be NULL) if it is live. */
bool alloc_ids_get(const struct alloc_ids *t, const struct alloc_key *k, raw_handle_t *handle);

/* Look name up and forget it: like alloc_ids_get(), then removal. */
bool alloc_ids_take(struct alloc_ids *t, const struct alloc_key *k, raw_handle_t *handle);

/*
 * Start loading name's slot into the cache: replay looks a few records
 * ahead, so the lookup does not wait on memory when it comes.
 */
void alloc_ids_prefetch(const struct alloc_ids *t, const struct alloc_key *k);

/*
 * For look-ahead that spans several steps: a numbered key folded into one
 * word (0 for any other name), and the lookup of such a word in the dense
 * array alone (false when the name lives elsewhere or not at all).
 */
uint64_t alloc_key_word(const struct alloc_key *k);
bool alloc_ids_get_word(const struct alloc_ids *t, uint64_t word, raw_handle_t *handle);

/*
 * Bind name to handle (RAW_HANDLE_NONE for a failed allocation).  Returns
 * 0, -EEXIST if name is live already (the table is unchanged), -E2BIG if
 * name is longer than ALLOC_ID_MAX_LEN, or -ENOMEM.
 */
int alloc_ids_insert(struct alloc_ids *t, const struct alloc_key *k, raw_handle_t handle);

/*
 * alloc_ids_insert() that also keeps an order (0..255) with the name: a
 * failed allocation's, so that its split knows how many pieces to name.
 */
int alloc_ids_bind(struct alloc_ids *t, const struct alloc_key *k, raw_handle_t handle,
		   unsigned int order);

/*
 * alloc_ids_bind() of a name the caller has just found not live
 * (alloc_ids_get() false, nothing bound since), without looking again.
 */
int alloc_ids_bind_new(struct alloc_ids *t, const struct alloc_key *k, raw_handle_t handle,
		       unsigned int order);

/* The order name was bound with (0 by alloc_ids_insert()); false if not live. */
bool alloc_ids_order(const struct alloc_ids *t, const struct alloc_key *k, unsigned int *order);

#endif /* SIM_ALLOC_IDS_H */
