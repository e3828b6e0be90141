/*
 * mm/raw_alloc.c - the table of raw allocations (see mm/raw_alloc.h for
 * what they stand for and the invariants).
 *
 * A slot is one 64-bit word, indexed by handle:
 *   bit 63     live
 *   bit 62     compound (__GFP_COMP, order > 0): the head is the unit
 *   bit 61     movable: marked with raw_movable_ops
 *   bits 32-39 order
 *   bits 0-31  pfn of the head
 * Freed handles wait on a stack of their own and are reused last-in
 * first-out.  Taking one reads only the stack's top: frees come in random
 * order, so the slot of the handle taken is often cold, and an allocation
 * only writes it (a store, which does not stall) instead of reading a
 * free chain through it.
 *
 * Linux counterpart: the page bookkeeping of a driver with non-LRU movable
 * pages (mm/balloon_compaction.c), here indexed instead of listed because
 * the trace names each block.
 */
#include "mm/raw_alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/page_place.h"
#include "mm/rmap.h"
#include "mm/sparse.h"

#define RAW_LIVE		(1ull << 63)
#define RAW_COMPOUND		(1ull << 62)
#define RAW_MOVABLE		(1ull << 61)
#define RAW_ORDER_SHIFT		32
#define RAW_PFN_MASK		0xffffffffull
#define RAW_MAX_HANDLES		0xfffffffeu

static pfn_t slot_pfn(uint64_t w)
{
	return (pfn_t)(w & RAW_PFN_MASK);
}

static unsigned int slot_order(uint64_t w)
{
	return (unsigned int)((w >> RAW_ORDER_SHIFT) & 0xff);
}

static uint64_t make_slot(pfn_t pfn, unsigned int order, uint64_t flags)
{
	return RAW_LIVE | flags | ((uint64_t)order << RAW_ORDER_SHIFT) | (uint64_t)pfn;
}

/* The frames a movable block marks: its head if compound, else all of them. */
static unsigned long marked_frames(uint64_t w)
{
	if (!(w & RAW_MOVABLE))
		return 0;
	return (w & RAW_COMPOUND) ? 1 : 1ul << slot_order(w);
}

static void mark_movable(struct machine *m, struct page *head, uint64_t w, raw_handle_t h)
{
	unsigned long nr = marked_frames(w);

	for (unsigned long i = 0; i < nr; i++) {
		__SetPageMovable(head + i, m->raw.mops_id);
		head[i].index = h;
	}
}

static void clear_movable(struct page *head, uint64_t w)
{
	unsigned long nr = marked_frames(w);

	for (unsigned long i = 0; i < nr; i++) {
		__ClearPageMovable(head + i);
		head[i].index = 0;
	}
}

/* ---- the movable operations ---- */

/*
 * Linux: balloon_page_isolate() and kin.  The trace keeps holding the
 * block; nothing to unlink.  A non-compound block of order > 0 is refused:
 * the core would migrate its head alone into an order-0 page.
 */
static bool raw_isolate_page(struct machine *m, struct page *page, isolate_mode_t mode)
{
	uint64_t w = m->raw.slots[page->index];

	return slot_order(w) == 0 || (w & RAW_COMPOUND);
}

/*
 * Linux: balloon_page_migrate() -> the driver's migratepage(): take a
 * reference on dst, make it the handle's page, let go of src (its
 * isolation reference keeps it until the core frees it).
 */
static int raw_migrate_page(struct machine *m, struct page *dst, struct page *src,
			    enum migrate_mode mode)
{
	raw_handle_t h = src->index;
	uint64_t *w = &m->raw.slots[h];

	MM_BUG_ON_PAGE(!__PageMovable(src) || slot_pfn(*w) != page_to_pfn(m, src), m, src);
	MM_BUG_ON_PAGE(compound_order(dst) != slot_order(*w), m, dst);
	get_page(m, dst);
	*w = make_slot(page_to_pfn(m, dst), slot_order(*w), *w & (RAW_COMPOUND | RAW_MOVABLE));
	mark_movable(m, dst, *w, h);
	clear_movable(src, *w);
	put_page(m, src);
	return MIGRATEPAGE_SUCCESS;
}

/* Linux: balloon_page_putback(): the block stays where it is. */
static void raw_putback_page(struct machine *m, struct page *page)
{
}

static const struct movable_operations raw_movable_ops = {
	.isolate_page = raw_isolate_page,
	.migrate_page = raw_migrate_page,
	.putback_page = raw_putback_page,
};

/* ---- the table ---- */

int raw_allocs_init(struct machine *m)
{
	m->raw.mops_id = mapping_id_alloc(m, (void *)(uintptr_t)&raw_movable_ops);
	return m->raw.mops_id ? 0 : -ENOMEM;
}

void raw_allocs_release(struct machine *m)
{
	free(m->raw.free);
	free(m->raw.slots);
	m->raw = (struct raw_allocs){ 0 };
}

/*
 * Double the slot table and the free stack with it (the stack never holds
 * more handles than the table has).  Only when both succeed does the
 * table count as grown.
 */
static int slots_grow(struct raw_allocs *t)
{
	uint32_t cap = t->cap ? 2 * t->cap : 1024;
	uint64_t *slots;
	uint32_t *free;

	if (t->cap >= RAW_MAX_HANDLES / 2)
		return -ENOMEM;
	slots = realloc(t->slots, (size_t)cap * sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	t->slots = slots;
	free = realloc(t->free, (size_t)cap * sizeof(*free));
	if (!free)
		return -ENOMEM;
	t->free = free;
	t->cap = cap;
	return 0;
}

/* A free handle, the table grown if needed; RAW_HANDLE_NONE if it cannot grow. */
static raw_handle_t slot_take(struct raw_allocs *t)
{
	if (t->nr_free)
		return t->free[--t->nr_free];
	if (t->nr_slots + 1 >= t->cap && slots_grow(t))
		return RAW_HANDLE_NONE;
	return ++t->nr_slots;		/* handle 0 means none */
}

/* Put h back for reuse (the stack has room for every handle). */
static void slot_give_back(struct raw_allocs *t, raw_handle_t h)
{
	t->slots[h] = 0;
	t->free[t->nr_free++] = h;
}

/* Hold page, a fresh block of order for gfp, under the free handle h. */
static void hold_block(struct machine *m, raw_handle_t h, struct page *page, unsigned int order,
		       gfp_t gfp)
{
	uint64_t flags = 0;

	if (compound_order(page))
		flags |= RAW_COMPOUND;
	if (gfp_migratetype(gfp) == MIGRATE_MOVABLE)
		flags |= RAW_MOVABLE;
	m->raw.slots[h] = make_slot(page_to_pfn(m, page), order, flags);
	mark_movable(m, page, m->raw.slots[h], h);
	m->raw.nr_live++;
}

int raw_alloc(struct machine *m, int nid, gfp_t gfp, unsigned int order, raw_handle_t *handle)
{
	raw_handle_t h = slot_take(&m->raw);
	struct page *page;

	*handle = RAW_HANDLE_NONE;
	if (!h)
		return -ENOMEM;
	page = alloc_pages_node(m, nid, gfp, order);
	if (!page) {
		slot_give_back(&m->raw, h);
		return 0;
	}
	hold_block(m, h, page, order, gfp);
	*handle = h;
	return 0;
}

int raw_alloc_at(struct machine *m, pfn_t pfn, int nid, gfp_t gfp, unsigned int order,
		 raw_handle_t *handle)
{
	raw_handle_t h = slot_take(&m->raw);
	enum follow_kind kind;
	struct page *page;

	*handle = RAW_HANDLE_NONE;
	if (!h)
		return -ENOMEM;
	kind = alloc_pages_at(m, pfn, order, gfp, nid, &page);
	if (kind != FOLLOW_OK) {
		slot_give_back(&m->raw, h);
		return (int)kind;
	}
	hold_block(m, h, page, order, gfp);
	*handle = h;
	return 0;
}

/* Can the table hand out nr more handles without growing?  Grow it if not. */
static int slots_reserve(struct raw_allocs *t, unsigned long nr)
{
	for (;;) {
		unsigned long fresh = t->cap > t->nr_slots + 2 ? t->cap - t->nr_slots - 2 : 0;

		if (t->nr_free + fresh >= nr)
			return 0;
		if (slots_grow(t))
			return -ENOMEM;
	}
}

/*
 * Linux: the end of __split_huge_page(), for a compound block nobody maps:
 * every frame a page of its own, holding one reference, the head's
 * page_owner record copied (split_page_owner()).
 */
static void split_compound(struct page *head, unsigned long nr)
{
	head->flags &= ~(1u << PG_head);
	head->private = 0;
	for (unsigned long i = 1; i < nr; i++) {
		head[i].flags &= ~(1u << PG_tail);
		head[i]._refcount = 1;
		head[i].lru_next = head[i].lru_prev = PAGE_LIST_NIL;
		head[i].private = 0;
		head[i].index = 0;
		head[i].owner = head->owner;
	}
}

/*
 * Linux: split_page(), mm/page_alloc.c: the tails of a non-compound block
 * take a reference each and the head's page_owner record.
 */
static void split_plain(struct page *head, unsigned long nr)
{
	for (unsigned long i = 1; i < nr; i++) {
		head[i]._refcount = 1;
		head[i].owner = head->owner;
	}
}

int raw_split(struct machine *m, raw_handle_t h, raw_handle_t *pieces)
{
	uint64_t w = m->raw.slots[h];
	unsigned long nr = 1ul << slot_order(w);
	struct page *head = pfn_to_page(m, slot_pfn(w));
	uint64_t movable = w & RAW_MOVABLE;

	MM_BUG_ON(!(w & RAW_LIVE));
	if (nr == 1)
		return -EINVAL;
	if (slots_reserve(&m->raw, nr - 1))
		return -ENOMEM;
	clear_movable(head, w);
	if (w & RAW_COMPOUND)
		split_compound(head, nr);
	else
		split_plain(head, nr);
	for (unsigned long i = 0; i < nr; i++) {
		pieces[i] = i ? slot_take(&m->raw) : h;
		m->raw.slots[pieces[i]] = make_slot(slot_pfn(w) + i, 0, movable);
		mark_movable(m, head + i, m->raw.slots[pieces[i]], pieces[i]);
	}
	m->raw.nr_live += nr - 1;
	return 0;
}

void raw_free(struct machine *m, raw_handle_t h)
{
	uint64_t w = m->raw.slots[h];
	struct page *page = pfn_to_page(m, slot_pfn(w));

	MM_BUG_ON(!(w & RAW_LIVE));
	clear_movable(page, w);
	__free_pages(m, page, slot_order(w));
	slot_give_back(&m->raw, h);
	m->raw.nr_live--;
}

struct page *raw_alloc_page(const struct machine *m, raw_handle_t h)
{
	return pfn_to_page(m, slot_pfn(m->raw.slots[h]));
}

unsigned int raw_alloc_order(const struct machine *m, raw_handle_t h)
{
	return slot_order(m->raw.slots[h]);
}

void raw_alloc_prefetch(const struct machine *m, raw_handle_t h)
{
	if (h < m->raw.nr_slots + 1)
		__builtin_prefetch(&m->raw.slots[h]);
}

/* ---- the checker ---- */

/*
 * Is the live block of slot w, handle h, allocated and marked as its
 * slot says?  Returns an explanation, or NULL.
 */
static const char *check_block(const struct machine *m, uint64_t w, raw_handle_t h)
{
	struct page *head;

	if (slot_pfn(w) >= m->end_pfn || !pfn_valid(m, slot_pfn(w)))
		return "pfn beyond memory";
	head = pfn_to_page(m, slot_pfn(w));
	if (head->_refcount <= 0 || PageBuddy(head) || PageFlag(head, PG_tail))
		return "head not an allocated page";
	if (!!(w & RAW_COMPOUND) != (compound_order(head) == slot_order(w) && slot_order(w)))
		return "compound state differs from the slot";
	for (unsigned long i = 0; i < marked_frames(w); i++)
		if (!__PageMovable(head + i) || page_mapping_id(head + i) != m->raw.mops_id ||
		    head[i].index != h)
			return "frame not marked movable for its handle";
	if (!(w & RAW_MOVABLE) && __PageMovable(head))
		return "unmovable block marked movable";
	return NULL;
}

/* Does pfn lie in the block of live handle h? */
static bool in_block(const struct machine *m, raw_handle_t h, pfn_t pfn)
{
	uint64_t w;

	if (h == RAW_HANDLE_NONE || h > m->raw.nr_slots)
		return false;
	w = m->raw.slots[h];
	return (w & RAW_LIVE) && pfn >= slot_pfn(w) &&
	       pfn < slot_pfn(w) + ((uint64_t)1 << slot_order(w));
}

/* Frames marked with raw_movable_ops, each checked against its handle. */
static long count_marked_frames(const struct machine *m, char *msg, size_t msglen)
{
	long nr = 0;

	for_each_valid_pfn_run(m, run, run_end, 0, m->end_pfn)
		for (pfn_t pfn = run; pfn < run_end; pfn++) {
			const struct page *page = pfn_to_page(m, pfn);

			if (!__PageMovable(page) || page_mapping_id(page) != m->raw.mops_id)
				continue;
			if (!in_block(m, page->index, pfn)) {
				snprintf(msg, msglen, "pfn %#llx is marked for handle %u, which does not hold it",
					 (unsigned long long)pfn, page->index);
				return -1;
			}
			nr++;
		}
	return nr;
}

int raw_alloc_check(const struct machine *m, char *msg, size_t msglen)
{
	unsigned long live = 0;
	long marked = 0;

	for (raw_handle_t h = 1; h <= m->raw.nr_slots; h++) {
		uint64_t w = m->raw.slots[h];
		const char *why;

		if (!(w & RAW_LIVE))
			continue;
		live++;
		marked += (long)marked_frames(w);
		why = check_block(m, w, h);
		if (why) {
			snprintf(msg, msglen, "handle %u (pfn %#llx order %u): %s", h,
				 (unsigned long long)slot_pfn(w), slot_order(w), why);
			return 1;
		}
	}
	if (live != m->raw.nr_live || live + m->raw.nr_free != m->raw.nr_slots) {
		snprintf(msg, msglen, "%lu live handles, nr_live %lu, %u free of %u", live,
			 m->raw.nr_live, m->raw.nr_free, m->raw.nr_slots);
		return 1;
	}
	if (count_marked_frames(m, msg, msglen) != marked) {
		if (!msg[0])
			snprintf(msg, msglen, "movable frames differ from the live blocks' %ld", marked);
		return 1;
	}
	return 0;
}
