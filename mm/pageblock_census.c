/*
 * mm/pageblock_census.c - each pageblock of a zone counted frame by frame:
 * its type, whether it is mixed, and its frames by state (free in a buddy
 * block, on a per-CPU list, used by the gfp migratetype of their
 * allocation, other).  What the snapshot file `pageblocks`, the memory map
 * pictures and the shell's map show (sim/ prints them; this file counts).
 *
 * Invariants: the blocks walked are those pagetypeinfo counts (a block
 * whose pfn zone_start_pfn + k * pageblock_nr_pages has an online memmap
 * and, if present, belongs to the zone), so the blocks of each type are
 * pagetypeinfo's "Number of blocks type" count; the mixed flags add up to
 * the zone's mixed-pageblock count (pageblock_mixed_counts()).  Only page
 * heads carry a page_owner record here, so a used frame without one
 * belongs to the allocation whose head came last before it.  Reads the
 * machine, never changes it.
 *
 * Linux counterpart: none as a whole; pagetypeinfo_showblockcount_print()
 * (mm/vmstat.c) for the blocks walked, pagetypeinfo_showmixedcount_print()
 * (mm/page_owner.c) for the mixed flag.
 */
#include "mm/pageblock_census.h"

#include <stdlib.h>

#include "mm/internal.h"
#include "mm/pageblock-flags.h"
#include "mm/sparse.h"
#include "mm/vmstat.h"

/* A block on a per-CPU list: its first pfn and its frames. */
struct pcp_block {
	pfn_t pfn;
	uint64_t nr_pages;
};

/* The walk through one zone: the block being counted, and where the walk is. */
struct block_census {
	struct pageblock_census b;
	int kind;		/* the gfp migratetype of the last allocation head; -1: none yet */
	const struct pcp_block *pcp_blocks;
	size_t nr_pcp, next_pcp;	/* the pcp blocks, sorted, and the first not behind the walk */
};

static int cmp_pcp_block(const void *a, const void *b)
{
	const struct pcp_block *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

/* Every block on zone's per-CPU lists, by pfn; NULL (and *nr 0) when none or out of memory. */
static struct pcp_block *zone_pcp_blocks(const struct machine *m, const struct zone *zone,
					 size_t *nr)
{
	struct pcp_block *blocks = NULL, *bigger;
	size_t cap = 0;
	struct page *page;

	*nr = 0;
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		for (unsigned int i = 0; i < NR_PCP_LISTS; i++)
			page_list_for_each(m, page, &zone->per_cpu_pageset[cpu].lists[i]) {
				if (*nr == cap) {
					cap = cap ? 2 * cap : 64;
					bigger = realloc(blocks, cap * sizeof(*blocks));
					if (!bigger)
						goto out;
					blocks = bigger;
				}
				blocks[(*nr)++] = (struct pcp_block){
					page_to_pfn(m, page), order_to_pages(pindex_to_order(m, i)) };
			}
out:
	if (*nr)
		qsort(blocks, *nr, sizeof(*blocks), cmp_pcp_block);
	return blocks;
}

/* Frames from pfn on that lie in a pcp block (0 when pfn is in none). */
static uint64_t pcp_frames_at(struct block_census *c, pfn_t pfn)
{
	while (c->next_pcp < c->nr_pcp &&
	       c->pcp_blocks[c->next_pcp].pfn + c->pcp_blocks[c->next_pcp].nr_pages <= pfn)
		c->next_pcp++;
	if (c->next_pcp == c->nr_pcp || c->pcp_blocks[c->next_pcp].pfn > pfn)
		return 0;
	return c->pcp_blocks[c->next_pcp].pfn + c->pcp_blocks[c->next_pcp].nr_pages - pfn;
}

/*
 * Count one frame (or the rest of a free run starting at it) of a block
 * of type block_mt; returns the frames counted, never past end.
 */
static uint64_t census_frame(const struct machine *m, struct block_census *c, pfn_t pfn,
			     pfn_t end, int block_mt)
{
	const struct page *page = pfn_to_page(m, pfn);
	uint64_t run;

	if (PageBuddy(page)) {
		run = order_to_pages(buddy_order(page)) - (pfn & (order_to_pages(buddy_order(page)) - 1));
		run = run < end - pfn ? run : end - pfn;
		c->b.free += run;
		return run;
	}
	run = pcp_frames_at(c, pfn);
	if (run) {
		run = run < end - pfn ? run : end - pfn;
		c->b.pcp += run;
		return run;
	}
	if (!PageReserved(page) && (page->owner & PAGE_OWNER_VALID)) {
		c->kind = page_owner_migratetype(m, page);
		c->b.mixed |= c->kind != block_mt;
	}
	if (PageReserved(page) || c->kind < 0 || c->kind >= MIGRATE_PCPTYPES)
		c->b.other++;
	else
		c->b.used[c->kind]++;
	return 1;
}

/*
 * Frames from pfn on that lie in a free buddy block whose head comes
 * before pfn (a block larger than a pageblock: its later pageblocks start
 * inside it, on frames that are not PageBuddy); 0 when there is none.
 */
static uint64_t free_run_inside(const struct machine *m, pfn_t pfn)
{
	for (unsigned int order = 1; order < MAX_ORDER; order++) {
		pfn_t head = pfn & ~(order_to_pages(order) - 1);
		const struct page *page = pfn_to_online_page(m, head);

		if (head != pfn && page && PageBuddy(page) && buddy_order(page) >= order)
			return head + order_to_pages(buddy_order(page)) - pfn;
	}
	return 0;
}

/* Census the frames of zone in [start, end), a block of type block_mt. */
static void census_block(const struct machine *m, const struct zone *zone,
			 struct block_census *c, pfn_t start, pfn_t end, int block_mt)
{
	uint64_t inside = free_run_inside(m, start);

	inside = inside < end - start ? inside : end - start;
	c->b = (struct pageblock_census){ .start_pfn = pageblock_start_pfn(m, start),
					  .migratetype = block_mt, .free = inside };
	for (pfn_t pfn = start + inside; pfn < end;) {
		const struct page *page = pfn_to_online_page(m, pfn);

		if (!page || page_zone(m, page) != zone) {
			pfn++;
			continue;
		}
		pfn += census_frame(m, c, pfn, end, block_mt);
	}
}

int pageblock_census_walk(const struct machine *m, const struct zone *zone,
			  void (*fn)(void *arg, const struct pageblock_census *b), void *arg)
{
	struct block_census c = { .kind = -1 };
	struct pcp_block *pcp = zone_pcp_blocks(m, zone, &c.nr_pcp);
	pfn_t zone_end = zone_end_pfn(zone);

	c.pcp_blocks = pcp;
	for (pfn_t pfn = zone->zone_start_pfn; pfn < zone_end; pfn += pageblock_nr_pages(m)) {
		pfn_t end = pageblock_start_pfn(m, pfn) + pageblock_nr_pages(m);

		if (!zone_counts_pageblock(m, zone, pfn))
			continue;
		census_block(m, zone, &c, pfn, end < zone_end ? end : zone_end,
			     get_pageblock_migratetype(m, pfn));
		fn(arg, &c.b);
	}
	free(pcp);
	return 0;
}
