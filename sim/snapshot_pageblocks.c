/*
 * sim/snapshot_pageblocks.c - snapshots/NAME/pageblocks: one line per
 * pageblock of every populated zone, what the physical memory map picture
 * (`numasim plot`) draws.  numasim's own file: the kernel has no view that
 * lists pageblocks one by one (pagetypeinfo only counts them).
 *
 * Layout (docs/cli.md, FILES): a header line naming the columns, then per
 * pageblock, by node, zone and pfn: node, zone name, start pfn (of the
 * whole block, even where the zone starts inside it), the block's
 * migratetype name (pagetypeinfo's), mixed (1 when it holds an allocation
 * of another migratetype, the rule of pageblock_mixed_counts()), and its
 * frames of the zone by state: free (in a free buddy block), pcp (on a
 * per-CPU list), used by the gfp migratetype of their allocation
 * (page_owner's: unmovable, movable, reclaimable), other (allocated
 * without a known kind: reserved frames and the like).
 *
 * Invariants: the blocks listed are those pagetypeinfo counts (a block
 * whose pfn zone_start_pfn + k * pageblock_nr_pages has an online memmap
 * and, if present, belongs to the zone), so the lines of each type are
 * pagetypeinfo's "Number of blocks type" count; the mixed flags add up to
 * the zone's mixed-pageblock count.  Only page heads carry a page_owner
 * record here, so a used frame without one belongs to the allocation whose
 * head came last before it.  Reads the machine, never changes it.
 *
 * Kernel counterparts: pagetypeinfo_showblockcount_print() (mm/vmstat.c)
 * for the blocks walked, pagetypeinfo_showmixedcount_print()
 * (mm/page_owner.c) for the mixed flag.
 */
#include "sim/snapshot_pageblocks.h"

#include <stdlib.h>

#include "mm/mmzone.h"

#include "mm/internal.h"
#include "mm/pageblock-flags.h"
#include "mm/sparse.h"
#include "mm/vmstat.h"

/* A block on a per-CPU list: its first pfn and its frames. */
struct pcp_block {
	pfn_t pfn;
	uint64_t nr_pages;
};

/* The state of one pageblock's frames, and of the walk through the zone. */
struct block_census {
	unsigned long free, pcp, used[MIGRATE_PCPTYPES], other;
	bool mixed;
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
		c->free += run;
		return run;
	}
	run = pcp_frames_at(c, pfn);
	if (run) {
		run = run < end - pfn ? run : end - pfn;
		c->pcp += run;
		return run;
	}
	if (!PageReserved(page) && (page->owner & PAGE_OWNER_VALID)) {
		c->kind = page_owner_migratetype(m, page);
		c->mixed |= c->kind != block_mt;
	}
	if (PageReserved(page) || c->kind < 0 || c->kind >= MIGRATE_PCPTYPES)
		c->other++;
	else
		c->used[c->kind]++;
	return 1;
}

/* Census the frames of zone in [start, end), a block of type block_mt. */
static void census_block(const struct machine *m, const struct zone *zone,
			 struct block_census *c, pfn_t start, pfn_t end, int block_mt)
{
	c->free = c->pcp = c->other = 0;
	for (int k = 0; k < MIGRATE_PCPTYPES; k++)
		c->used[k] = 0;
	c->mixed = false;
	for (pfn_t pfn = start; pfn < end;) {
		const struct page *page = pfn_to_online_page(m, pfn);

		if (!page || page_zone(m, page) != zone) {
			pfn++;
			continue;
		}
		pfn += census_frame(m, c, pfn, end, block_mt);
	}
}

static void zone_pageblocks(FILE *f, const struct machine *m, int nid, const struct zone *zone)
{
	struct block_census c = { .kind = -1 };
	struct pcp_block *pcp = zone_pcp_blocks(m, zone, &c.nr_pcp);

	c.pcp_blocks = pcp;
	for (pfn_t pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages(m)) {
		pfn_t block = pageblock_start_pfn(m, pfn), end = block + pageblock_nr_pages(m);
		int mt;

		if (!zone_counts_pageblock(m, zone, pfn))
			continue;
		mt = get_pageblock_migratetype(m, pfn);
		census_block(m, zone, &c, pfn, end < zone_end_pfn(zone) ? end : zone_end_pfn(zone),
			     mt);
		fprintf(f, "%d %s %llu %s %d %lu %lu %lu %lu %lu %lu\n", nid,
			zone_names[zone_idx(zone)], (unsigned long long)block,
			mt < MIGRATE_TYPES ? migratetype_names[mt] : "Unknown", c.mixed, c.free,
			c.pcp, c.used[MIGRATE_UNMOVABLE], c.used[MIGRATE_MOVABLE],
			c.used[MIGRATE_RECLAIMABLE], c.other);
	}
	free(pcp);
}

void snapshot_pageblocks(FILE *f, const struct machine *m)
{
	fputs("node zone start_pfn type mixed free pcp unmovable movable reclaimable other\n", f);
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		if (!m->node_data[nid])
			continue;
		for (int zidx = 0; zidx < MAX_NR_ZONES; zidx++) {
			const struct zone *zone = &m->node_data[nid]->node_zones[zidx];

			if (populated_zone(zone))
				zone_pageblocks(f, m, (int)nid, zone);
		}
	}
}
