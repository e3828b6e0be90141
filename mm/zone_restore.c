/*
 * mm/zone_restore.c - rebuild a freshly booted zone from a recorded
 * description (mm/zone_restore.h): so many pageblocks of each type, so
 * many free blocks of each order on each free list, so many pages on each
 * CPU's lists; every other managed frame allocated and held for good, as
 * kernel.in_use's pages are.
 *
 * The rules (docs/design.md, "Starting from a recorded state", says why):
 *   1. Pageblock types.  Each non-movable type (Unmovable, Reclaimable,
 *      HighAtomic) keeps the blocks boot gave it, fewest usable frames
 *      first (boot's reserved blocks, Unmovable on a real kernel as well),
 *      up to its count; what it still lacks it takes from the lowest
 *      addresses up, the blocks the kernel's first allocations and
 *      fallbacks take (boot lists free memory in ascending order and the
 *      allocator serves the head of a list).  Movable gets the rest.  A
 *      block changes type only when the counts demand it.  If that leaves
 *      some free block outside its type's pageblocks (rule 2), the lacking
 *      blocks are taken again fewest usable frames first (partly reserved
 *      blocks hold no large free block anyway), and the better of the two
 *      stays.
 *   2. Free blocks, largest order first, each inside pageblocks of its
 *      list's type, naturally aligned, and never the free buddy of another
 *      free block of its order that __free_one_page() would have merged it
 *      with: the highest whole piece of usable memory of that order whose
 *      buddy is not free, else the lower half of the highest of the
 *      smallest larger pieces split down, whose upper halves stay for
 *      smaller blocks (expand()'s split).  The highest, because the memory
 *      in use gathers at the lowest addresses of a type's blocks, for the
 *      reason rule 1 gives: the allocator serves the heads of lists that
 *      boot filled in ascending order.
 *      A block with no room in its type's pageblocks goes to another
 *      type's (6.1 allows a list type other than the pageblock's: fallbacks
 *      that do not claim leave such blocks); one with no room anywhere is
 *      left allocated.  The result counts both.
 *   3. Per-CPU pages: order-0 pages from what is left, Movable pageblocks
 *      first, each on the list of its pageblock's type and caching that
 *      type, as free_unref_page() leaves a page (highatomic on Movable's).
 *   4. Every other usable frame: an allocated order-0 page whose recorded
 *      gfp migratetype is its pageblock's (Unmovable in a highatomic block:
 *      GFP_ATOMIC's).
 *   5. When the description says how many allocated pages are on the LRU
 *      (the movable kind: user and page cache memory), the kinds follow
 *      that count: if the Movable pageblocks hold more allocated pages,
 *      the surplus, lowest addresses first, is of the unmovable kind (the
 *      kernel's unmovable allocations that fell back into Movable blocks
 *      without claiming them); if fewer, as many pages of the other types'
 *      blocks, lowest addresses first, are of the movable kind.  The
 *      result counts both: pageblocks that become mixed.
 * Pieces of usable memory are kept per pageblock type and order on stacks,
 * highest address on top.  The free lists are filled last, in ascending pfn
 * order, to the tail, as boot fills them; NR_FREE_PAGES is then what they
 * hold, with no per-CPU diff outstanding.
 *
 * Invariants afterwards: buddy_check() and pageblock_check() hold; the
 * zone's managed pages are its free, per-CPU and allocated pages.
 *
 * No kernel counterpart: a kernel is never started from a description.
 */
#include "mm/zone_restore.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/vmstat.h"

/* The types a restore places: those below ISOLATE and CMA. */
#define RESTORE_TYPES		(MIGRATE_HIGHATOMIC + 1)
/* block_mt[] of a pageblock pagetypeinfo does not count, or not yet typed. */
#define BLOCK_UNCOUNTED		0xffu
#define BLOCK_POOL		0xfeu

/* Pieces of usable memory not placed yet: pfns of blocks of one order. */
struct chunk_stack {
	pfn_t *pfn;
	size_t nr, cap;
};

struct restore {
	struct machine *m;
	struct zone *zone;
	const struct zone_restore_want *want;
	struct zone_restore_result *res;
	pfn_t first_block;		/* pageblock_start_pfn(zone_start_pfn) */
	size_t nr_blocks;		/* pageblocks from there to the zone's end */
	uint8_t *boot_mt;		/* [nr_blocks]: the type boot gave */
	uint8_t *block_mt;		/* [nr_blocks]: the type restored, or BLOCK_* */
	unsigned int *usable;		/* [nr_blocks]: managed frames of the zone in it */
	struct chunk_stack avail[RESTORE_TYPES][MAX_ORDER];
	/* Pieces whose buddy is a free block of their order: split them only. */
	struct chunk_stack blocked[RESTORE_TYPES][MAX_ORDER];
	struct chunk_stack heads;	/* the free blocks placed */
};

static int push(struct chunk_stack *s, pfn_t pfn)
{
	if (s->nr == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		pfn_t *bigger = realloc(s->pfn, cap * sizeof(*bigger));

		if (!bigger)
			return -ENOMEM;
		s->pfn = bigger;
		s->cap = cap;
	}
	s->pfn[s->nr++] = pfn;
	return 0;
}

static bool pop(struct chunk_stack *s, pfn_t *pfn)
{
	if (!s->nr)
		return false;
	*pfn = s->pfn[--s->nr];
	return true;
}

static size_t block_index(const struct restore *r, pfn_t pfn)
{
	return (size_t)((pfn - r->first_block) >> r->m->pageblock_order);
}

/* A managed frame of the zone: one the restore decides about. */
static bool usable_frame(const struct restore *r, const struct page *page)
{
	return page_zone(r->m, page) == r->zone && !PageReserved(page);
}

/* ---- preconditions ---- */

unsigned long zone_restore_nr_pageblocks(const struct machine *m, const struct zone *zone)
{
	unsigned long counts[MIGRATE_TYPES], nr = 0;

	pageblock_type_counts(m, zone, counts);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		nr += counts[mt];
	return nr;
}

/* Nothing but boot's own allocations may hold memory: they are overwritten. */
static bool machine_fresh(const struct machine *m)
{
	if (m->procs.nr_tasks || m->raw.nr_live || m->hstate.nr_huge_pages ||
	    m->hstate_gigantic.nr_huge_pages || m->huge_zero_page)
		return false;
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int lru = 0; m->node_data[nid] && lru < NR_LRU_LISTS; lru++)
			if (!page_list_empty(&m->node_data[nid]->lruvec.lists[lru]))
				return false;
	return true;
}

/* a + b, or limit + 1 once the sum passes limit: no overflow on any input. */
static unsigned long add_capped(unsigned long a, unsigned long b, unsigned long limit)
{
	return a > limit || b > limit - a ? limit + 1 : a + b;
}

/* The free and per-CPU pages want asks for, or managed + 1 for more than the zone has. */
static unsigned long wanted_pages(const struct zone *zone, const struct zone_restore_want *want)
{
	unsigned long limit = zone->managed_pages, pages = 0;

	for (unsigned int order = 0; order < MAX_ORDER; order++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			pages = add_capped(pages, want->nr_free[order][mt] > limit >> order ?
					   limit + 1 : want->nr_free[order][mt] << order, limit);
	for (unsigned int cpu = 0; cpu < HW_MAX_CPUS; cpu++)
		pages = add_capped(pages, want->pcp_pages[cpu], limit);
	return pages;
}

static int check_want(const struct machine *m, const struct zone *zone,
		      const struct zone_restore_want *want, char *err, size_t errlen)
{
	unsigned long blocks = 0, nr_blocks = zone_restore_nr_pageblocks(m, zone);

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		blocks = add_capped(blocks, want->pageblocks[mt], nr_blocks);
	for (int mt = RESTORE_TYPES; mt < MIGRATE_TYPES; mt++)
		for (unsigned int order = 0; order < MAX_ORDER; order++)
			if (want->pageblocks[mt] || want->nr_free[order][mt]) {
				snprintf(err, errlen, "%s: no %s pageblocks or free lists can be restored",
					 zone->name, migratetype_names[mt]);
				return -EINVAL;
			}
	for (unsigned int cpu = m->nr_cpus; cpu < HW_MAX_CPUS; cpu++)
		if (want->pcp_pages[cpu]) {
			snprintf(err, errlen, "%s: per-CPU pages of cpu %u, which the machine lacks",
				 zone->name, cpu);
			return -EINVAL;
		}
	if (blocks != nr_blocks) {
		snprintf(err, errlen, "%s: %s%lu pageblocks wanted, the zone has %lu", zone->name,
			 blocks > nr_blocks ? "more than " : "", blocks > nr_blocks ? nr_blocks : blocks,
			 nr_blocks);
		return -EINVAL;
	}
	if (wanted_pages(zone, want) > zone->managed_pages) {
		snprintf(err, errlen, "%s: more free and per-CPU pages wanted than the %lu the zone "
			 "manages", zone->name, zone->managed_pages);
		return -EINVAL;
	}
	return 0;
}

/* ---- 1. pageblock types ---- */

/* Each pageblock's boot type and usable frames; every managed frame seen once. */
static int scan_blocks(struct restore *r, char *err, size_t errlen)
{
	const struct machine *m = r->m;
	const struct zone *zone = r->zone;
	unsigned long nr_usable = 0;

	for (pfn_t pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages(m)) {
		size_t b = block_index(r, pfn);

		if (!zone_counts_pageblock(m, zone, pfn))
			continue;	/* maybe no memmap, no flags: a hole */
		r->boot_mt[b] = (uint8_t)get_pageblock_migratetype(m, pfn);
		r->block_mt[b] = BLOCK_POOL;
	}
	for_each_valid_pfn_run(m, run, run_end, zone->zone_start_pfn, zone_end_pfn(zone))
		for (pfn_t pfn = run; pfn < run_end; pfn++)
			if (usable_frame(r, pfn_to_page(m, pfn))) {
				r->usable[block_index(r, pfn)]++;
				nr_usable++;
			}
	if (nr_usable != zone->managed_pages) {
		snprintf(err, errlen, "%s: %lu frames usable, but the zone manages %lu", zone->name,
			 nr_usable, zone->managed_pages);
		return -EINVAL;
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static bool is_kept_type(int mt)
{
	return mt == MIGRATE_UNMOVABLE || mt == MIGRATE_RECLAIMABLE || mt == MIGRATE_HIGHATOMIC;
}

/* The order in which non-movable types take pageblocks they lack (rule 1). */
enum take_order {
	BY_ADDRESS,		/* lowest first */
	BY_USABLE,		/* fewest usable frames first, then lowest */
};

/*
 * Keys (usable << 32 | index) of the counted pageblocks, sorted: with
 * by_usable fewest usable frames first, else by address.
 */
static uint64_t *sorted_blocks(const struct restore *r, bool by_usable, size_t *n)
{
	uint64_t *keys = malloc(r->nr_blocks * sizeof(*keys));

	*n = 0;
	if (!keys)
		return NULL;
	for (size_t b = 0; b < r->nr_blocks; b++)
		if (r->block_mt[b] != BLOCK_UNCOUNTED)
			keys[(*n)++] = (by_usable ? (uint64_t)r->usable[b] << 32 : 0) | b;
	qsort(keys, *n, sizeof(*keys), cmp_u64);
	return keys;
}

/* Boot's blocks of each non-movable type, fewest usable frames first, up to its count. */
static void keep_boot_types(struct restore *r, const uint64_t *keys, size_t n,
			    unsigned long kept[RESTORE_TYPES])
{
	for (size_t i = 0; i < n; i++) {
		size_t b = (size_t)(keys[i] & 0xffffffffu);
		int mt = r->boot_mt[b];

		if (is_kept_type(mt) && kept[mt] < r->want->pageblocks[mt]) {
			r->block_mt[b] = (uint8_t)mt;
			kept[mt]++;
		}
	}
}

/* What the non-movable types still lack, in keys' order. */
static void take_lacking(struct restore *r, const uint64_t *keys, size_t n,
			 unsigned long kept[RESTORE_TYPES])
{
	static const int lacking_order[] = {
		MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_HIGHATOMIC
	};

	for (size_t t = 0, i = 0; t < sizeof(lacking_order) / sizeof(lacking_order[0]); t++) {
		int mt = lacking_order[t];

		for (; kept[mt] < r->want->pageblocks[mt] && i < n; i++) {
			size_t b = (size_t)(keys[i] & 0xffffffffu);

			if (r->block_mt[b] == BLOCK_POOL) {
				r->block_mt[b] = (uint8_t)mt;
				kept[mt]++;
			}
		}
	}
}

/* Rule 1: every counted pageblock gets its type; Movable the ones left. */
static int assign_types(struct restore *r, enum take_order take)
{
	unsigned long kept[RESTORE_TYPES] = { 0 };
	uint64_t *keys;
	size_t n;

	for (size_t b = 0; b < r->nr_blocks; b++)
		if (r->block_mt[b] != BLOCK_UNCOUNTED)
			r->block_mt[b] = BLOCK_POOL;
	if (!(keys = sorted_blocks(r, true, &n)))
		return -ENOMEM;
	keep_boot_types(r, keys, n, kept);
	if (take == BY_ADDRESS) {
		free(keys);
		if (!(keys = sorted_blocks(r, false, &n)))
			return -ENOMEM;
	}
	take_lacking(r, keys, n, kept);
	free(keys);
	for (size_t b = 0; b < r->nr_blocks; b++) {
		if (r->block_mt[b] == BLOCK_UNCOUNTED)
			continue;
		if (r->block_mt[b] == BLOCK_POOL)
			r->block_mt[b] = MIGRATE_MOVABLE;
		if (r->block_mt[b] != r->boot_mt[b])
			r->res->pageblocks_retyped++;
		set_pageblock_migratetype(r->m, r->first_block + (b << r->m->pageblock_order),
					  r->block_mt[b]);
	}
	return 0;
}

/* ---- 4 first: every usable frame allocated, the pieces of usable memory ---- */

/* Allocated, as prep_new_page() leaves an order-0 page of gfp migratetype mt. */
static void make_used(struct page *page, int mt)
{
	page->flags &= ~((1u << PAGE_ZONE_SHIFT) - 1);
	page->_refcount = 1;
	page->_mapcount = -1;
	page->private = 0;
	page->lru_next = page->lru_prev = PAGE_LIST_NIL;
	page->owner = PAGE_OWNER_VALID | ((uint32_t)mt & PAGE_OWNER_MT_MASK);
	page->index = 0;
}

/* [start, end) of one pageblock type: its largest naturally aligned pieces. */
static int add_run(struct restore *r, int mt, pfn_t start, pfn_t end)
{
	while (start < end) {
		unsigned int order = start ? (unsigned int)__builtin_ctzll(start) : MAX_ORDER - 1;

		if (order > MAX_ORDER - 1)
			order = MAX_ORDER - 1;
		while (start + order_to_pages(order) > end)
			order--;
		if (push(&r->avail[mt][order], start))
			return -ENOMEM;
		start += order_to_pages(order);
	}
	return 0;
}

/* The restored type of pfn's pageblock, or -1 where pagetypeinfo does not count it. */
static int frame_type(const struct restore *r, pfn_t pfn)
{
	uint8_t mt = r->block_mt[block_index(r, pfn)];

	return mt == BLOCK_UNCOUNTED ? -1 : mt;
}

/* Mark every usable frame allocated and cut the usable memory into pieces. */
static int reset_frames(struct restore *r)
{
	struct machine *m = r->m;
	pfn_t run_start = 0, run_end_pfn = 0;
	int run_mt = -1;

	for_each_valid_pfn_run(m, run, run_end, r->zone->zone_start_pfn, zone_end_pfn(r->zone))
		for (pfn_t pfn = run; pfn < run_end; pfn++) {
			struct page *page = pfn_to_page(m, pfn);
			int mt = frame_type(r, pfn);

			if (!usable_frame(r, page))
				continue;
			make_used(page, mt == MIGRATE_HIGHATOMIC ? MIGRATE_UNMOVABLE :
					mt >= 0 ? mt : get_pageblock_migratetype(m, pfn));
			if (mt == run_mt && pfn == run_end_pfn) {
				run_end_pfn++;
				continue;
			}
			if (run_mt >= 0 && add_run(r, run_mt, run_start, run_end_pfn))
				return -ENOMEM;
			run_mt = mt;
			run_start = pfn;
			run_end_pfn = pfn + 1;
		}
	return run_mt >= 0 ? add_run(r, run_mt, run_start, run_end_pfn) : 0;
}

/* Empty free lists and per-CPU lists: the pages are placed anew. */
static void reset_lists(struct machine *m, struct zone *zone)
{
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			page_list_init(&zone->free_area[order].free_list[mt]);
		zone->free_area[order].nr_free = 0;
	}
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		for (int i = 0; i < NR_PCP_LISTS; i++)
			page_list_init(&pcp->lists[i]);
		pcp->count = 0;
		pcp->free_factor = 0;
		pcp->expire = 0;
	}
}

/* ---- 2. free blocks ---- */

/* Is a free block of this order at pfn's buddy one __free_one_page() would merge with? */
static bool buddy_is_free(const struct restore *r, pfn_t pfn, unsigned int order)
{
	pfn_t buddy_pfn = __find_buddy_pfn(pfn, order);
	const struct page *buddy;

	if (order >= MAX_ORDER - 1 || !zone_spans_pfn(r->zone, buddy_pfn))
		return false;
	buddy = pfn_to_page(r->m, buddy_pfn);
	return PageBuddy(buddy) && buddy_order(buddy) == order &&
	       page_zone(r->m, buddy) == r->zone && buddies_would_merge(r->m, pfn, buddy_pfn, order);
}

/* A whole piece of this order in mt's pageblocks whose buddy is not free: 1, 0, or -ENOMEM. */
static int take_whole(struct restore *r, int mt, unsigned int order, pfn_t *pfn)
{
	while (pop(&r->avail[mt][order], pfn)) {
		if (!buddy_is_free(r, *pfn, order))
			return 1;
		if (push(&r->blocked[mt][order], *pfn))
			return -ENOMEM;
	}
	return 0;
}

/* The lower 2^order frames of the smallest larger piece; its upper halves stay. */
static int take_split(struct restore *r, int mt, unsigned int order, pfn_t *pfn)
{
	for (unsigned int high = order + 1; high < MAX_ORDER; high++) {
		if (!pop(&r->blocked[mt][high], pfn) && !pop(&r->avail[mt][high], pfn))
			continue;
		while (high-- > order)
			if (push(&r->avail[mt][high], *pfn + order_to_pages(high)))
				return -ENOMEM;
		return 1;
	}
	return 0;
}

/* Place one free block on list_mt's list inside block_mt's pageblocks: 1, 0 (no room), -ENOMEM. */
static int place_free(struct restore *r, int block_mt, unsigned int order, int list_mt)
{
	struct page *page;
	pfn_t pfn;
	int ret = take_whole(r, block_mt, order, &pfn);

	if (!ret)
		ret = take_split(r, block_mt, order, &pfn);
	if (ret <= 0)
		return ret;
	page = pfn_to_page(r->m, pfn);
	for (uint64_t i = 0; i < order_to_pages(order); i++) {
		page[i]._refcount = 0;
		page[i].owner = 0;
	}
	set_buddy_order(page, order);
	set_buddy_list_mt(page, list_mt);
	return push(&r->heads, pfn) ? -ENOMEM : 1;
}

/* Rule 2 for one order: own type first, then any other, else unplaced. */
static int place_order(struct restore *r, unsigned int order)
{
	static const int fallback_order[] = {
		MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_HIGHATOMIC
	};
	unsigned long left[RESTORE_TYPES];
	int ret;

	for (int mt = 0; mt < RESTORE_TYPES; mt++)
		for (left[mt] = r->want->nr_free[order][mt]; left[mt]; left[mt]--)
			if ((ret = place_free(r, mt, order, mt)) <= 0) {
				if (ret < 0)
					return ret;
				break;
			}
	for (int mt = 0; mt < RESTORE_TYPES; mt++)
		for (; left[mt]; left[mt]--) {
			ret = 0;
			for (int i = 0; i < RESTORE_TYPES && !ret; i++)
				if (fallback_order[i] != mt)
					ret = place_free(r, fallback_order[i], order, mt);
			if (ret < 0)
				return ret;
			if (!ret) {
				r->res->unplaced[order][mt] += left[mt];
				break;
			}
			r->res->foreign[order][mt]++;
		}
	return 0;
}

/* ---- 3. per-CPU pages ---- */

/* Walks the pieces left: Movable pageblocks first, small pieces first. */
struct leftover_cursor {
	unsigned int type_idx, order;
	bool blocked;
	pfn_t pfn, end;
};

static const int pcp_type_order[] = {
	MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_HIGHATOMIC
};

static bool next_leftover(struct restore *r, struct leftover_cursor *c, pfn_t *pfn)
{
	while (c->pfn == c->end) {
		int mt;

		if (c->type_idx == sizeof(pcp_type_order) / sizeof(pcp_type_order[0]))
			return false;
		mt = pcp_type_order[c->type_idx];
		if (pop(c->blocked ? &r->blocked[mt][c->order] : &r->avail[mt][c->order], &c->pfn)) {
			c->end = c->pfn + order_to_pages(c->order);
			continue;
		}
		c->blocked = !c->blocked;
		if (!c->blocked && ++c->order == MAX_ORDER) {
			c->order = 0;
			c->type_idx++;
		}
	}
	*pfn = c->pfn++;
	return true;
}

/* An order-0 page on cpu's list, as free_unref_page() leaves it. */
static void make_pcp(struct restore *r, struct per_cpu_pages *pcp, pfn_t pfn)
{
	struct page *page = pfn_to_page(r->m, pfn);
	int mt = get_pageblock_migratetype(r->m, pfn);

	page->_refcount = 0;
	page->owner = 0;
	set_pcppage_migratetype(page, mt);
	/* order_to_pindex(list type, 0) is the list type. */
	page_list_add_tail(r->m, &pcp->lists[mt < MIGRATE_PCPTYPES ? mt : MIGRATE_MOVABLE], page);
	pcp->count++;
}

static void place_pcp(struct restore *r)
{
	struct leftover_cursor c = { 0 };

	for (unsigned int cpu = 0; cpu < r->m->nr_cpus; cpu++) {
		unsigned long left = r->want->pcp_pages[cpu];
		pfn_t pfn;

		for (; left && r->m->pcp_enabled && next_leftover(r, &c, &pfn); left--)
			make_pcp(r, &r->zone->per_cpu_pageset[cpu], pfn);
		r->res->pcp_unplaced += left;
	}
}

/* ---- the lists and counters ---- */

/* The counter exactly: no CPU diff outstanding (as after a fold). */
static void zone_set_counter(struct machine *m, struct zone *zone, enum zone_stat_item item,
			     long value)
{
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		zone->per_cpu_zonestats[cpu].vm_stat_diff[item] = 0;
	zone->vm_stat[item] = value;
}

static void fill_free_lists(struct restore *r)
{
	struct machine *m = r->m;
	struct zone *zone = r->zone;
	unsigned long free_pages = 0, highatomic_pages = 0, pcp_pages = 0;

	if (r->heads.nr)
		qsort(r->heads.pfn, r->heads.nr, sizeof(*r->heads.pfn), cmp_u64);
	for (size_t i = 0; i < r->heads.nr; i++) {
		struct page *page = pfn_to_page(m, r->heads.pfn[i]);

		add_to_free_list_tail(m, page, zone, buddy_order(page), buddy_list_mt(page));
		free_pages += order_to_pages(buddy_order(page));
		if (buddy_list_mt(page) == MIGRATE_HIGHATOMIC)
			highatomic_pages += order_to_pages(buddy_order(page));
	}
	/* 6.10's per-type count, kept by profiles with freelist_accounting only. */
	zone->nr_free_highatomic = m->profile->alloc.freelist_accounting ? highatomic_pages : 0;
	zone_set_counter(m, zone, NR_FREE_PAGES, (long)free_pages);
	zone_set_counter(m, zone, NR_FREE_CMA_PAGES, 0);
	zone->nr_reserved_highatomic = r->want->pageblocks[MIGRATE_HIGHATOMIC] *
				       pageblock_nr_pages(m);
	zone->watermark_boost = 0;
	zone->flags &= ~(1ul << ZONE_BOOSTED_WATERMARK);
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		pcp_pages += (unsigned long)zone->per_cpu_pageset[cpu].count;
	r->res->used_pages = zone->managed_pages - free_pages - pcp_pages;
}

/* ---- 5: the kinds of the allocated pages ---- */

/* An allocated frame of the restore (rule 4), in a pageblock of a type in mask. */
static bool used_in(const struct restore *r, pfn_t pfn, unsigned int mask)
{
	const struct page *page = pfn_to_page(r->m, pfn);

	return usable_frame(r, page) && page_count(page) == 1 && (page->owner & PAGE_OWNER_VALID) &&
	       (mask & (1u << get_pageblock_migratetype(r->m, pfn)));
}

/*
 * Count the allocated frames in pageblocks of the types in mask and, up
 * to nr_relabel of them, lowest pfn first, record gfp migratetype mt.
 */
static unsigned long used_frames(struct restore *r, unsigned int mask, int mt,
				 unsigned long nr_relabel)
{
	unsigned long nr = 0;

	for_each_valid_pfn_run(r->m, run, run_end, r->zone->zone_start_pfn, zone_end_pfn(r->zone))
		for (pfn_t pfn = run; pfn < run_end; pfn++) {
			if (!used_in(r, pfn, mask))
				continue;
			if (nr < nr_relabel)
				pfn_to_page(r->m, pfn)->owner = PAGE_OWNER_VALID |
								((uint32_t)mt & PAGE_OWNER_MT_MASK);
			nr++;
		}
	return nr;
}

static void assign_used_kinds(struct restore *r)
{
	const unsigned int movable = 1u << MIGRATE_MOVABLE;
	const unsigned int others = ((1u << RESTORE_TYPES) - 1) & ~movable;
	unsigned long in_movable, lru = r->want->lru_pages;

	if (!r->want->lru_known)
		return;
	in_movable = used_frames(r, movable, MIGRATE_MOVABLE, 0);
	if (lru < in_movable) {
		r->res->used_unmovable_in_movable = in_movable - lru;
		used_frames(r, movable, MIGRATE_UNMOVABLE, in_movable - lru);
	} else if (lru > in_movable) {
		unsigned long in_others = used_frames(r, others, MIGRATE_MOVABLE, lru - in_movable);

		r->res->used_movable_elsewhere = in_others < lru - in_movable ? in_others :
						 lru - in_movable;
	}
	r->res->used_movable = in_movable - r->res->used_unmovable_in_movable +
			       r->res->used_movable_elsewhere;
}

/* ---- the whole ---- */

static void restore_release(struct restore *r)
{
	for (int mt = 0; mt < RESTORE_TYPES; mt++)
		for (unsigned int order = 0; order < MAX_ORDER; order++) {
			free(r->avail[mt][order].pfn);
			free(r->blocked[mt][order].pfn);
		}
	free(r->heads.pfn);
	free(r->boot_mt);
	free(r->block_mt);
	free(r->usable);
}

unsigned long zone_restore_misplaced(const struct zone_restore_result *res)
{
	unsigned long nr = 0;

	for (unsigned int order = 0; order < MAX_ORDER; order++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			nr += res->foreign[order][mt] + res->unplaced[order][mt];
	return nr;
}

/* Rules 1, 4 and 2 from scratch; returns the blocks misplaced, or -ENOMEM. */
static long restore_attempt(struct restore *r, enum take_order take)
{
	int ret;

	memset(r->res, 0, sizeof(*r->res));
	for (int mt = 0; mt < RESTORE_TYPES; mt++)
		for (unsigned int order = 0; order < MAX_ORDER; order++)
			r->avail[mt][order].nr = r->blocked[mt][order].nr = 0;
	r->heads.nr = 0;
	/* reset_frames() pushes in ascending order: the highest piece is on top. */
	if ((ret = assign_types(r, take)) || (ret = reset_frames(r)))
		return ret;
	reset_lists(r->m, r->zone);
	for (int order = MAX_ORDER - 1; order >= 0; order--)
		if ((ret = place_order(r, (unsigned int)order)))
			return ret;
	return (long)zone_restore_misplaced(r->res);
}

/*
 * Pageblocks taken by address first; if that leaves a free block outside
 * its type's pageblocks, by usable frames, and the better of the two.
 */
static int restore_steps(struct restore *r, char *err, size_t errlen)
{
	long by_address, by_usable = 0;
	int ret = scan_blocks(r, err, errlen);

	if (ret)
		return ret;
	by_address = restore_attempt(r, BY_ADDRESS);
	if (by_address > 0)
		by_usable = restore_attempt(r, BY_USABLE);
	if (by_address > 0 && by_usable >= by_address)
		by_usable = restore_attempt(r, BY_ADDRESS);
	if (by_address < 0 || by_usable < 0)
		return -ENOMEM;
	place_pcp(r);
	fill_free_lists(r);
	assign_used_kinds(r);
	return 0;
}

int zone_restore(struct machine *m, struct zone *zone, const struct zone_restore_want *want,
		 struct zone_restore_result *res, char *err, size_t errlen)
{
	struct restore r = { .m = m, .zone = zone, .want = want, .res = res };
	int ret;

	memset(res, 0, sizeof(*res));
	if (!machine_fresh(m)) {
		snprintf(err, errlen, "%s: the machine is not freshly booted", zone->name);
		return -EBUSY;
	}
	ret = check_want(m, zone, want, err, errlen);
	if (ret || !zone->spanned_pages)
		return ret;
	r.first_block = pageblock_start_pfn(m, zone->zone_start_pfn);
	r.nr_blocks = (size_t)((zone_end_pfn(zone) - 1 - r.first_block) >> m->pageblock_order) + 1;
	r.boot_mt = calloc(r.nr_blocks, sizeof(*r.boot_mt));
	r.block_mt = malloc(r.nr_blocks * sizeof(*r.block_mt));
	if (r.block_mt)
		memset(r.block_mt, BLOCK_UNCOUNTED, r.nr_blocks);
	r.usable = calloc(r.nr_blocks, sizeof(*r.usable));
	ret = r.boot_mt && r.block_mt && r.usable ? restore_steps(&r, err, errlen) : -ENOMEM;
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", zone->name);
	restore_release(&r);
	return ret;
}
