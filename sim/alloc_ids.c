/*
 * sim/alloc_ids.c - allocation names to blocks (see alloc_ids.h for the
 * contract): a dense array for numbered names, a hash table for the rest.
 *
 * The dense array is a window of NUMBERED_WINDOW words that numbers wrap
 * around: number n lives in word n mod NUMBERED_WINDOW, so its host memory
 * stays the same however long the trace (a trace numbers its allocations
 * up to its length; the names live at once are bounded by the machine).
 * A numbered name's word: bit 63 set when live, bits 56-62 the name's
 * letter, bits 52-55 the order given at insertion, bits 32-51 the
 * number's wrap (n / NUMBERED_WINDOW), bits 0-31 the handle
 * (RAW_HANDLE_NONE: the allocation failed).  A new name whose word is
 * held by a live one (an older wrap, or another letter) takes the word,
 * and the old name moves to the hash table: names are freed more often
 * young than old.
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
 * The hash table grows by doubling when it would pass half full.
 *
 * No kernel counterpart.
 */
#include "sim/alloc_ids.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "workloads/trace.h"

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
	memset(t, 0, sizeof(*t));
}

void alloc_ids_release(struct alloc_ids *t)
{
	for (size_t i = 0; i < t->nr_slots; i++) {
		struct alloc_id *e = &t->slots[i];

		if (e->hash && e->len >= ALLOC_ID_INLINE)
			free(e->name.heap);
	}
	free(t->slots);
	if (t->numbered)
		munmap(t->numbered, t->nr_numbered * sizeof(uint64_t));
	alloc_ids_init(t);
}

static struct alloc_id *hash_find(const struct alloc_ids *t, const char *name, size_t len)
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

static int hash_insert(struct alloc_ids *t, const char *name, size_t len, raw_handle_t handle,
		       unsigned int order)
{
	struct alloc_id e = { .handle = handle, .len = (uint32_t)len, .order = order };

	if (len > ALLOC_ID_MAX_LEN)
		return -E2BIG;
	if ((t->nr_live + 1) * 2 > t->nr_slots && alloc_ids_grow(t))
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

static void hash_remove(struct alloc_ids *t, struct alloc_id *e)
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

/* ---- numbered names ---- */

#define NUMBERED_LIVE		(1ull << 63)
#define NUMBERED_LETTER_SHIFT	56
#define NUMBERED_WRAP_SHIFT	32
#define NUMBERED_WRAP_MASK	0xfffffull
#define NUMBERED_HANDLE_MASK	0xffffffffull
#define NUMBERED_ORDER_SHIFT	52
#define NUMBERED_ORDER_MASK	0xfull
/* Words of the window: 64 MiB of host memory at most, touched as numbers grow. */
#define NUMBERED_WINDOW_SHIFT	23
#define NUMBERED_WINDOW		(1ull << NUMBERED_WINDOW_SHIFT)
/* The longest numbered name (len <= 9) has a number below 10^9. */
#define NUMBERED_MAX		1000000000ull
_Static_assert((NUMBERED_MAX >> NUMBERED_WINDOW_SHIFT) <= NUMBERED_WRAP_MASK,
	       "every wrap of a numbered name fits its word");
_Static_assert(MAX_ORDER - 1 <= NUMBERED_ORDER_MASK, "every order fits its word");
/* Letter + up to 9 digits + NUL: an evicted name spelt out again. */
#define NUMBERED_NAME_BYTES	11

/* Is name (of length len, digits after its first byte) LETTER + number without a leading zero? */
static bool numbered_shape(const char *name, size_t len, uint64_t v)
{
	if (len < 2 || len > 9 || !((name[0] >= 'a' && name[0] <= 'z') ||
				    (name[0] >= 'A' && name[0] <= 'Z')))
		return false;
	return !(name[1] == '0' && len > 2) && v < NUMBERED_MAX;
}

/* k for name, of length len; digits: all after the first byte are, and make v. */
static inline void alloc_key_set(struct alloc_key *k, const char *name, size_t len, bool digits,
				 uint64_t v)
{
	k->name = name;
	k->len = len;
	k->numbered = digits && numbered_shape(name, len, v);
	k->letter = k->numbered ? (unsigned char)name[0] : 0;
	k->num = k->numbered ? (uint32_t)v : 0;
}

/*
 * One pass finds the length and the number after the first byte (replay
 * parses every name twice: once ahead, once in its turn).  v wraps for
 * long names, which are never numbered.
 */
void alloc_key_init(struct alloc_key *k, const char *name)
{
	const char *p = name + (name[0] != '\0');
	bool digits;
	uint64_t v = 0;
	unsigned int d;

	while ((d = (unsigned int)(unsigned char)*p - '0') < 10) {
		v = v * 10 + d;
		p++;
	}
	digits = *p == '\0';
	if (!digits)
		p += strlen(p);
	alloc_key_set(k, name, (size_t)(p - name), digits, v);
}

void alloc_key_parse(struct alloc_key *k, const char *name, bool word_readable)
{
	unsigned int nr_digits;
	uint64_t v;

	if (!word_readable || name[0] == '\0') {
		alloc_key_init(k, name);
		return;
	}
	nr_digits = trace_digits8(name + 1, &v);
	if (nr_digits == 0 || nr_digits == 8 || name[1 + nr_digits] != '\0') {
		alloc_key_init(k, name);
		return;
	}
	alloc_key_set(k, name, 1 + nr_digits, true, v);
}

static uint64_t *numbered_slot(const struct alloc_ids *t, const struct alloc_key *k)
{
	if (!k->numbered || !t->numbered)
		return NULL;
	return &t->numbered[k->num & (NUMBERED_WINDOW - 1)];
}

/* The word of a live name letter + num (bits 0-31 left for the handle). */
static uint64_t numbered_tag(unsigned int letter, uint32_t num)
{
	return NUMBERED_LIVE | ((uint64_t)letter << NUMBERED_LETTER_SHIFT) |
	       ((uint64_t)(num >> NUMBERED_WINDOW_SHIFT) << NUMBERED_WRAP_SHIFT);
}

static bool numbered_holds(uint64_t word, unsigned int letter, uint32_t num)
{
	uint64_t ignored = NUMBERED_HANDLE_MASK | (NUMBERED_ORDER_MASK << NUMBERED_ORDER_SHIFT);

	return (word & ~ignored) == numbered_tag(letter, num);
}

static void numbered_decode(uint64_t word, raw_handle_t *handle)
{
	if (handle)
		*handle = (raw_handle_t)(word & NUMBERED_HANDLE_MASK);
}

/*
 * The array is one lazily mapped range (NUMBERED_WINDOW words): the host
 * only backs the parts in use, and with 2 MiB pages, so a free's random
 * lookup rarely misses the TLB.
 */
static int numbered_map(struct alloc_ids *t)
{
	size_t bytes = NUMBERED_WINDOW * sizeof(uint64_t);
	void *map = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (map == MAP_FAILED)
		return -ENOMEM;
	madvise(map, bytes, MADV_HUGEPAGE);
	t->numbered = map;
	t->nr_numbered = NUMBERED_WINDOW;
	return 0;
}

/* The live name in word w (at index idx) moves to the hash table. */
static int numbered_evict(struct alloc_ids *t, uint64_t w, size_t idx)
{
	uint64_t wrap = (w >> NUMBERED_WRAP_SHIFT) & NUMBERED_WRAP_MASK;
	char name[NUMBERED_NAME_BYTES];
	int len = snprintf(name, sizeof(name), "%c%llu",
			   (char)((w >> NUMBERED_LETTER_SHIFT) & 0x7f),
			   (unsigned long long)((wrap << NUMBERED_WINDOW_SHIFT) | idx));

	return hash_insert(t, name, (size_t)len, (raw_handle_t)(w & NUMBERED_HANDLE_MASK),
			   (unsigned int)((w >> NUMBERED_ORDER_SHIFT) & NUMBERED_ORDER_MASK));
}

/* Store k in the array (its word's live name, if any, moves): 1, or -ENOMEM. */
static int numbered_insert(struct alloc_ids *t, const struct alloc_key *k, raw_handle_t handle,
			   unsigned int order)
{
	uint64_t *w;

	if (!k->numbered)
		return 0;
	if (!t->numbered && numbered_map(t))
		return -ENOMEM;
	w = numbered_slot(t, k);
	if ((*w & NUMBERED_LIVE) && numbered_evict(t, *w, (size_t)(w - t->numbered)))
		return -ENOMEM;
	*w = numbered_tag(k->letter, k->num) | handle |
	     ((uint64_t)(order & NUMBERED_ORDER_MASK) << NUMBERED_ORDER_SHIFT);
	return 1;
}

/* ---- the API ---- */

/* k in the hash table: *entry its slot.  Fills handle if given. */
__attribute__((noinline))
static bool hash_lookup(const struct alloc_ids *t, const struct alloc_key *k,
			struct alloc_id **entry, raw_handle_t *handle)
{
	struct alloc_id *e;

	if (!t->nr_live || !(e = hash_find(t, k->name, k->len)))
		return false;
	if (handle)
		*handle = e->handle;
	*entry = e;
	return true;
}

/*
 * Find k in whichever store holds it: *word is its array word, or *entry
 * its hash-table slot (the other is NULL).  Fills handle if given.  The
 * dense array's check is inline, the hash table's out of line: a
 * replay looks names up once or twice per event, and generated traces
 * find them all in the array.
 */
static inline bool alloc_ids_lookup(const struct alloc_ids *t, const struct alloc_key *k,
				    uint64_t **word, struct alloc_id **entry, raw_handle_t *handle)
{
	uint64_t *w = numbered_slot(t, k);

	*word = NULL;
	*entry = NULL;
	if (w && numbered_holds(*w, k->letter, k->num)) {
		numbered_decode(*w, handle);
		*word = w;
		return true;
	}
	return hash_lookup(t, k, entry, handle);
}

bool alloc_ids_get(const struct alloc_ids *t, const struct alloc_key *k, raw_handle_t *handle)
{
	struct alloc_id *e;
	uint64_t *w;

	return alloc_ids_lookup(t, k, &w, &e, handle);
}

bool alloc_ids_take(struct alloc_ids *t, const struct alloc_key *k, raw_handle_t *handle)
{
	struct alloc_id *e;
	uint64_t *w;

	if (!alloc_ids_lookup(t, k, &w, &e, handle))
		return false;
	if (w)
		*w = 0;
	else
		hash_remove(t, e);
	return true;
}

int alloc_ids_insert(struct alloc_ids *t, const struct alloc_key *k, raw_handle_t handle)
{
	return alloc_ids_bind(t, k, handle, 0);
}

int alloc_ids_bind_new(struct alloc_ids *t, const struct alloc_key *k, raw_handle_t handle,
		       unsigned int order)
{
	int ret;

	if (k->len > ALLOC_ID_MAX_LEN)
		return -E2BIG;
	ret = numbered_insert(t, k, handle, order);
	if (ret)
		return ret < 0 ? ret : 0;
	return hash_insert(t, k->name, k->len, handle, order);
}

int alloc_ids_bind(struct alloc_ids *t, const struct alloc_key *k, raw_handle_t handle,
		   unsigned int order)
{
	if (k->len > ALLOC_ID_MAX_LEN)
		return -E2BIG;
	if (alloc_ids_get(t, k, NULL))
		return -EEXIST;
	return alloc_ids_bind_new(t, k, handle, order);
}

bool alloc_ids_order(const struct alloc_ids *t, const struct alloc_key *k, unsigned int *order)
{
	struct alloc_id *e;
	uint64_t *w;

	if (!alloc_ids_lookup(t, k, &w, &e, NULL))
		return false;
	*order = w ? (unsigned int)((*w >> NUMBERED_ORDER_SHIFT) & NUMBERED_ORDER_MASK) : e->order;
	return true;
}

void alloc_ids_prefetch(const struct alloc_ids *t, const struct alloc_key *k)
{
	const uint64_t *w = numbered_slot(t, k);

	if (w)
		__builtin_prefetch(w);
	else if (t->nr_slots && t->nr_live)
		__builtin_prefetch(&t->slots[alloc_id_hash(k->name, k->len) & (t->nr_slots - 1)]);
}

#define KEY_WORD_NUMBERED	(1ull << 63)
#define KEY_WORD_LETTER_SHIFT	32

uint64_t alloc_key_word(const struct alloc_key *k)
{
	if (!k->numbered)
		return 0;
	return KEY_WORD_NUMBERED | ((uint64_t)k->letter << KEY_WORD_LETTER_SHIFT) | k->num;
}

bool alloc_ids_get_word(const struct alloc_ids *t, uint64_t word, raw_handle_t *handle)
{
	uint32_t num = (uint32_t)word;
	unsigned int letter = (unsigned int)((word >> KEY_WORD_LETTER_SHIFT) & 0x7f);
	uint64_t w;

	if (!(word & KEY_WORD_NUMBERED) || !t->numbered)
		return false;
	w = t->numbered[num & (NUMBERED_WINDOW - 1)];
	if (!numbered_holds(w, letter, num))
		return false;
	numbered_decode(w, handle);
	return true;
}
