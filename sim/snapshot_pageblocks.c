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
 * The counting is mm/pageblock_census.c's (its invariants: the blocks are
 * pagetypeinfo's, the mixed flags add up to the mixed-pageblock count);
 * this file prints it.
 *
 * Kernel counterparts: pagetypeinfo_showblockcount_print() (mm/vmstat.c)
 * for the blocks walked, pagetypeinfo_showmixedcount_print()
 * (mm/page_owner.c) for the mixed flag.
 */
#include "sim/snapshot_pageblocks.h"

#include "mm/mmzone.h"
#include "mm/pageblock_census.h"
#include "mm/vmstat.h"

/* Where the lines go: the file, and the zone's node and name. */
struct census_out {
	FILE *f;
	int nid;
	const char *zone;
};

static void print_block(void *arg, const struct pageblock_census *b)
{
	const struct census_out *o = arg;

	fprintf(o->f, "%d %s %llu %s %d %lu %lu %lu %lu %lu %lu\n", o->nid, o->zone,
		(unsigned long long)b->start_pfn,
		b->migratetype < MIGRATE_TYPES ? migratetype_names[b->migratetype] : "Unknown",
		b->mixed, b->free, b->pcp, b->used[MIGRATE_UNMOVABLE], b->used[MIGRATE_MOVABLE],
		b->used[MIGRATE_RECLAIMABLE], b->other);
}

void snapshot_pageblocks(FILE *f, const struct machine *m)
{
	fputs("node zone start_pfn type mixed free pcp unmovable movable reclaimable other\n", f);
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		if (!m->node_data[nid])
			continue;
		for (int zidx = 0; zidx < MAX_NR_ZONES; zidx++) {
			const struct zone *zone = &m->node_data[nid]->node_zones[zidx];
			struct census_out o = { f, (int)nid, zone_names[zidx] };

			if (populated_zone(zone))
				pageblock_census_walk(m, zone, print_block, &o);
		}
	}
}
