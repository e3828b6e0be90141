/*
 * sim/alloc_ids.c - open-addressing hash table from allocation names to
 * blocks (see alloc_ids.h for the contract).
 *
 * Algorithm: linear probing over a power-of-two array of slots.  A name's
 * home slot is its hash masked to the table size; a lookup walks forward
 * from there until it finds the name or an empty slot.  Removal does not
 * leave tombstones: it shifts later members of the same probe run back into
 * the hole ("backward-shift deletion"), so long replays that allocate and
 * free millions of names never degrade.  Example, 8 slots: a (home 2) sits
 * in 2, b (home 2) in 3, c (home 3) in 4.  Removing a empties 2; b may move
 * back to 2 (its home is 2), then c to 3 (home 3 lies at or before 3), and
 * slot 4 becomes the hole.
 *
 * The table grows by doubling when it would pass 70% full.
 *
 * No kernel counterpart.
 */
#include "sim/alloc_ids.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ALLOC_IDS_MIN_SLOTS	1024

_Static_assert(sizeof(struct alloc_id) == 32, "an alloc_id slot should stay 32 bytes");
#define HUGE_PAGE_BYTES		(2ul << 20)

/* FNV-1a, then a final mix so the low bits (the slot index) depend on every byte. */
static uint32_t alloc_id_hash(const char *name, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 0x100000001b3ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return (uint32_t)h ? (uint32_t)h : 1;	/* 0 marks an empty slot */
}

static const char *alloc_id_name(const struct alloc_id *e)
{
	return e->len < ALLOC_ID_INLINE ? e->name.inl : e->name.heap;
}

void alloc_ids_init(struct alloc_ids *t)
{
	t->slots = NULL;
	t->nr_slots = 0;
	t->nr_live = 0;
}

void alloc_ids_release(struct alloc_ids *t)
{
	for (size_t i = 0; i < t->nr_slots; i++) {
		struct alloc_id *e = &t->slots[i];

		if (e->hash && e->len >= ALLOC_ID_INLINE)
			free(e->name.heap);
	}
	free(t->slots);
	alloc_ids_init(t);
}

struct alloc_id *alloc_ids_find(const struct alloc_ids *t, const char *name, size_t len)
{
	uint32_t hash;
	size_t mask, i;

	if (!t->nr_slots)
		return NULL;
	hash = alloc_id_hash(name, len);
	mask = t->nr_slots - 1;
	for (i = hash & mask; t->slots[i].hash; i = (i + 1) & mask) {
		struct alloc_id *e = &t->slots[i];

		if (e->hash == hash && e->len == len && !memcmp(alloc_id_name(e), name, len))
			return e;
	}
	return NULL;
}

void alloc_ids_prefetch(const struct alloc_ids *t, const char *name, size_t len)
{
	if (t->nr_slots)
		__builtin_prefetch(&t->slots[alloc_id_hash(name, len) & (t->nr_slots - 1)]);
}

/* Place an entry (already owning its name) into its probe run. */
static void alloc_ids_place(struct alloc_id *slots, size_t nr_slots, const struct alloc_id *e)
{
	size_t mask = nr_slots - 1, i = e->hash & mask;

	while (slots[i].hash)
		i = (i + 1) & mask;
	slots[i] = *e;
}

/*
 * A zeroed slot array.  Lookups land on random slots, so a big table costs
 * a TLB miss per event; ask the host for huge pages to avoid most of them.
 */
static struct alloc_id *alloc_slots(size_t nr)
{
	size_t bytes = nr * sizeof(struct alloc_id);
	struct alloc_id *slots;

	if (bytes < HUGE_PAGE_BYTES)
		return calloc(nr, sizeof(struct alloc_id));
	slots = aligned_alloc(HUGE_PAGE_BYTES, bytes);
	if (!slots)
		return NULL;
	madvise(slots, bytes, MADV_HUGEPAGE);
	memset(slots, 0, bytes);
	return slots;
}

static int alloc_ids_grow(struct alloc_ids *t)
{
	size_t nr = t->nr_slots ? t->nr_slots * 2 : ALLOC_IDS_MIN_SLOTS;
	struct alloc_id *slots = alloc_slots(nr);

	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < t->nr_slots; i++)
		if (t->slots[i].hash)
			alloc_ids_place(slots, nr, &t->slots[i]);
	free(t->slots);
	t->slots = slots;
	t->nr_slots = nr;
	return 0;
}

int alloc_ids_insert(struct alloc_ids *t, const char *name, size_t len, pfn_t pfn,
		     unsigned int order)
{
	struct alloc_id e = { .pfn = pfn, .len = (uint32_t)len, .order = order & 0xffu };

	if (len > ALLOC_ID_MAX_LEN)
		return -E2BIG;
	if (alloc_ids_find(t, name, len))
		return -EEXIST;
	if ((t->nr_live + 1) * 10 > t->nr_slots * 7 && alloc_ids_grow(t))
		return -ENOMEM;
	e.hash = alloc_id_hash(name, len);
	if (len < ALLOC_ID_INLINE) {
		memcpy(e.name.inl, name, len);
		e.name.inl[len] = '\0';
	} else {
		e.name.heap = malloc(len + 1);
		if (!e.name.heap)
			return -ENOMEM;
		memcpy(e.name.heap, name, len);
		e.name.heap[len] = '\0';
	}
	alloc_ids_place(t->slots, t->nr_slots, &e);
	t->nr_live++;
	return 0;
}

/*
 * Does the entry whose home is home_idx, sitting at idx, have to stay put
 * when the hole is at hole_idx?  It may move back only if its home does not
 * lie strictly between the hole and itself (cyclically).
 */
static bool alloc_id_must_stay(size_t home_idx, size_t hole_idx, size_t idx)
{
	if (hole_idx <= idx)
		return hole_idx < home_idx && home_idx <= idx;
	return hole_idx < home_idx || home_idx <= idx;
}

void alloc_ids_remove(struct alloc_ids *t, struct alloc_id *e)
{
	size_t mask = t->nr_slots - 1;
	size_t hole = (size_t)(e - t->slots), i = hole;

	if (e->len >= ALLOC_ID_INLINE)
		free(e->name.heap);
	for (;;) {
		i = (i + 1) & mask;
		if (!t->slots[i].hash)
			break;
		if (alloc_id_must_stay(t->slots[i].hash & mask, hole, i))
			continue;
		t->slots[hole] = t->slots[i];
		hole = i;
	}
	memset(&t->slots[hole], 0, sizeof(t->slots[hole]));
	t->nr_live--;
}
