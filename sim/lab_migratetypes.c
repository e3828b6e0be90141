/*
 * sim/lab_migratetypes.c - lab 2, migratetypes, pageblocks and fallback
 * (docs/labs/02-migratetypes.md): its seeded exercise.
 *
 * The scenario: on the shell's machine (eight Movable pageblocks), movable
 * order-7 blocks fill six pageblocks quarter by quarter (the partial last
 * pageblock is filled first, so every quarter is one order-7 block), then
 * a seeded pattern of frees leaves holes: exactly one pageblock keeps the
 * zone's largest free block (two buddy quarters, or a whole free pageblock
 * when the seed keeps one), the others at most two quarters that are not
 * buddies.  Three small unmovable or reclaimable allocations follow; none
 * finds a free block of its own type at first, so __rmqueue_fallback()
 * picks the largest foreign block and steal_suitable_fallback() decides
 * whether its pageblock changes type.  A last free of an order-0..3 block
 * lands on a per-CPU list, out of buddyinfo's sight.
 *
 * Free memory stays well above the boosted low watermark, so no
 * allocation leaves the fast path (no reclaim, no compaction: the fill
 * blocks are not compound and could not move anyway).
 *
 * Invariant: the answers are read off the machine after each command
 * (buddyinfo differences, the pageblocks' census, the extfrag event
 * counts, the pcp count), never computed here.
 *
 * No kernel counterpart: the rules are mm/page_alloc.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/vmstat.h"
#include "sim/lab_internal.h"
#include "sim/lab_util_alloc.h"
#include "workloads/gen_random.h"

#define MT_LAB_FILL_ORDER	7	/* a quarter pageblock */
#define MT_LAB_NR_FILL		24	/* six pageblocks of four quarters */
#define MT_LAB_NR_ALLOCS	3
#define MT_LAB_MAX_SMALL_ORDER	3	/* PAGE_ALLOC_COSTLY_ORDER: pcp orders */
#define MT_LAB_MIN_FREE_PAGES	1100	/* well above the boosted low mark */

struct mt_lab {
	struct lab_session s;	/* first: lab_generate_on() */
	struct lab_sheet *sheet;
	int pb_of[MT_LAB_NR_FILL];		/* fill block i's pageblock */
	int quarter_of[MT_LAB_NR_FILL];		/* and its quarter in it */
	struct pageblock_census before[LAB_MAX_PAGEBLOCKS];
	size_t nr_pb;
	unsigned long nr_free_before[MAX_ORDER];
};

static struct zone *mt_lab_zone(struct mt_lab *l)
{
	return lab_zone(&l->s, 0, ZONE_NORMAL);
}

static void mt_lab_save(struct mt_lab *l)
{
	struct zone *z = mt_lab_zone(l);

	l->nr_pb = lab_census(&l->s, z, l->before, LAB_MAX_PAGEBLOCKS);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		l->nr_free_before[o] = z->free_area[o].nr_free;
}

/* The pageblock whose frames used by mt grew since mt_lab_save(); -1 if none. */
static int mt_lab_grown_block(struct mt_lab *l, int mt)
{
	struct pageblock_census now[LAB_MAX_PAGEBLOCKS];
	size_t nr = lab_census(&l->s, mt_lab_zone(l), now, LAB_MAX_PAGEBLOCKS);

	for (size_t b = 0; b < nr && b < l->nr_pb; b++)
		if (now[b].used[mt] > l->before[b].used[mt])
			return (int)b;
	return -1;
}

/* The order whose free block count fell by one since mt_lab_save(); -1 if none. */
static int mt_lab_split_order(struct mt_lab *l)
{
	const struct zone *z = mt_lab_zone(l);

	for (int o = MAX_ORDER - 1; o >= 0; o--)
		if ((long)z->free_area[o].nr_free - (long)l->nr_free_before[o] == -1)
			return o;
	return -1;
}

/* Fill block i: movable order 7; note which pageblock and quarter it took. */
static int mt_lab_fill(struct mt_lab *l, unsigned int i)
{
	int b;

	mt_lab_save(l);
	if (lab_run(&l->s, "alloc id=m%u order=%d gfp=GFP_HIGHUSER_MOVABLE", i + 1,
		    MT_LAB_FILL_ORDER))
		return -1;
	b = mt_lab_grown_block(l, MIGRATE_MOVABLE);
	l->pb_of[i] = b;
	l->quarter_of[i] = 0;
	for (unsigned int j = 0; j < i; j++)
		l->quarter_of[i] += l->pb_of[j] == b;
	return b < 0 ? -1 : 0;
}

/* Quarter sets (bit q: quarter q freed) with no two free buddies, and the keeper's. */
static const unsigned int mt_lab_loose[] = { 0x1, 0x2, 0x4, 0x8, 0x5, 0x9, 0x6, 0xa };
static const unsigned int mt_lab_keeper[] = { 0x3, 0xc, 0x7, 0xe };

static unsigned int popcount4(unsigned int v)
{
	return (v & 1) + (v >> 1 & 1) + (v >> 2 & 1) + (v >> 3 & 1);
}

/* Draw each filled pageblock's freed quarters (bit q of set[k]: quarter q of the k-th). */
static void mt_lab_draw_frees(uint64_t *rng, unsigned int set[6], unsigned int need)
{
	unsigned int keeper = (unsigned int)gen_random_range(rng, 0, 5), nr = 0;

	for (unsigned int k = 0; k < 6; k++) {
		set[k] = k == keeper ? mt_lab_keeper[gen_random_range(rng, 0, 3)]
				     : mt_lab_loose[gen_random_range(rng, 0, 7)];
		nr += popcount4(set[k]);
	}
	/* Too little free memory: make single holes pairs (still not buddies). */
	for (unsigned int k = 0; k < 6 && nr < need; k++)
		if (k != keeper && popcount4(set[k]) == 1) {
			set[k] |= (set[k] & 0x3) ? (set[k] << 2) : (set[k] >> 2);
			nr++;
		}
}

/* The pageblocks the fill took, in the order they were first used. */
static unsigned int mt_lab_filled_blocks(const struct mt_lab *l, int blocks[6])
{
	unsigned int nr = 0;

	for (unsigned int i = 0; i < MT_LAB_NR_FILL; i++)
		if (l->quarter_of[i] == 0 && nr < 6)
			blocks[nr++] = l->pb_of[i];
	return nr;
}

static int mt_lab_free_holes(struct mt_lab *l, uint64_t *rng, bool keep_free_block)
{
	unsigned int set[6], need;
	int blocks[6];

	if (mt_lab_filled_blocks(l, blocks) != 6)
		return snprintf(l->s.msg, sizeof(l->s.msg), "the fill did not take six pageblocks"), -1;
	need = (MT_LAB_MIN_FREE_PAGES - (keep_free_block ? 512 : 0)) >> MT_LAB_FILL_ORDER;
	mt_lab_draw_frees(rng, set, need + 1);
	for (unsigned int i = 0; i < MT_LAB_NR_FILL; i++)
		for (unsigned int k = 0; k < 6; k++)
			if (blocks[k] == l->pb_of[i] && (set[k] >> l->quarter_of[i] & 1) &&
			    lab_run(&l->s, "free id=m%u", i + 1))
				return -1;
	return 0;
}

static void mt_lab_print_blocks(struct mt_lab *l)
{
	struct zone *z = mt_lab_zone(l);
	char row[256];

	l->nr_pb = lab_census(&l->s, z, l->before, LAB_MAX_PAGEBLOCKS);
	lab_setup(l->sheet, "\nAfter the commands below up to the first small allocation, the\n"
		  "pageblocks (show block N) are:\n\n"
		  "  block  type      free  movable  other  largest free block\n");
	for (size_t b = 0; b < l->nr_pb; b++) {
		int largest = lab_largest_free_order(&l->s, z, b);

		lab_setup(l->sheet, "  %5zu  %-8s  %4lu  %7lu  %5lu  %s%.0d\n", b,
			  migratetype_names[l->before[b].migratetype], l->before[b].free,
			  l->before[b].used[MIGRATE_MOVABLE], l->before[b].other,
			  largest < 0 ? "none" : "order ", largest < 0 ? 0 : largest);
	}
	lab_buddyinfo_row(z, row, sizeof(row));
	lab_setup(l->sheet, "\nbuddyinfo: %s\nEvery free block is on a Movable list; the Unmovable\n"
		  "and Reclaimable lists are empty.\n", row);
}

static void mt_lab_why_claim(struct mt_lab *l, struct lab_question *q, int b, int start_mt,
			     int src_mt, int from_order)
{
	const struct pageblock_census *pb = &l->before[b];
	long half = (long)pageblock_nr_pages(&l->s.m) / 2;
	long alike = src_mt == MIGRATE_MOVABLE
		     ? (long)pageblock_nr_pages(&l->s.m) - (long)pb->free - (long)pb->used[MIGRATE_MOVABLE]
		     : 0;

	if (from_order >= (int)l->s.m.pageblock_order) {
		lab_why(l->sheet, q, "The block is a whole pageblock (order %d >= pageblock_order), so\n"
			"steal_suitable_fallback() retypes it at once (change_pageblock_range()).",
			from_order);
		return;
	}
	lab_why(l->sheet, q, "steal_suitable_fallback(): can_steal_fallback() lets a %s\n"
		"request take the pageblock, so move_freepages_block() moves its %lu free\n"
		"pages to the %s lists. Alike pages: %ld (%s).\n"
		"%lu + %ld %s %ld (half a pageblock), so the pageblock %s.", migratetype_names[start_mt], pb->free, migratetype_names[start_mt],
		alike, src_mt == MIGRATE_MOVABLE ? "512 - free - movable" : "none: the block is not Movable",
		pb->free, alike, (long)pb->free + alike >= half ? ">=" : "<", half,
		(long)pb->free + alike >= half ? "changes type" : "keeps its type");
}

/* After u1's fallback: did kswapd run for the boost? */
static void mt_lab_ask_kswapd(struct mt_lab *l, unsigned long pageoutrun_before, int from_order)
{
	struct lab_question *q;

	q = lab_ask(l->sheet, "How many times does kswapd run because of u1 (the growth of\n"
		    "pageoutrun in show vmstat)?");
	lab_answer(l->sheet, q, "%lu", lab_vmstat(&l->s, "pageoutrun") - pageoutrun_before);
	if (from_order >= (int)l->s.m.pageblock_order)
		lab_why(l->sheet, q, "A fallback that takes a whole pageblock fragments nothing:\n"
			"steal_suitable_fallback() retypes it and returns before boost_watermark(),\n"
			"so nothing wakes kswapd.");
	else
		lab_why(l->sheet, q, "A fallback that splits a foreign pageblock calls boost_watermark():\n"
			"the boost grows by a pageblock (%lu pages, at most max(high x\n"
			"watermark_boost_factor / 10000, a pageblock)), and with ALLOC_KSWAPD\n"
			"(GFP_KERNEL may wake kswapd) ZONE_BOOSTED_WATERMARK is set; rmqueue()\n"
			"then wakes kswapd, whose balance_pgdat() (one pageoutrun) reclaims what\n"
			"it can (nothing here) and drops the boost: zoneinfo shows boost 0 again.",
			pageblock_nr_pages(&l->s.m));
}

/* Pageblock b's migratetype now. */
static int mt_lab_block_type(struct mt_lab *l, int b)
{
	struct pageblock_census now[LAB_MAX_PAGEBLOCKS];

	lab_census(&l->s, mt_lab_zone(l), now, LAB_MAX_PAGEBLOCKS);
	return now[b].migratetype;
}

static void mt_lab_why_source(struct mt_lab *l, struct lab_question *q, int start_mt,
			      unsigned int order, const struct lab_extfrag *w, int split)
{
	if (!w->nr) {
		lab_why(l->sheet, q, "__rmqueue_smallest() finds a block on the request's own %s\n"
			"lists (an earlier fallback moved free pages there): the smallest of\n"
			"order %u or more is of order %d.", migratetype_names[start_mt], order, split);
		return;
	}
	lab_why(l->sheet, q, "The %s lists have no block of order %u or more, so\n"
		"__rmqueue_fallback() walks the orders from the top down, trying the\n"
		"fallbacks[] types in turn at each (Unmovable falls back to Reclaimable,\n"
		"then Movable; Reclaimable to Unmovable, then Movable), and picks the first\n"
		"block it finds: %s, order %d.", migratetype_names[start_mt], order,
		migratetype_names[w->fallback_mt], w->fallback_order);
	if (split != w->fallback_order)
		lab_why(l->sheet, q, "\nAfter the steal, __rmqueue_smallest() retries the %s lists and\n"
			"splits the smallest block there, of order %d (buddyinfo loses one of those).",
			migratetype_names[start_mt], split);
}

static int mt_lab_small_alloc(struct mt_lab *l, unsigned int k, int start_mt, unsigned int order)
{
	const char *gfp = start_mt == MIGRATE_RECLAIMABLE ? "GFP_KERNEL|__GFP_RECLAIMABLE" : "GFP_KERNEL";
	struct lab_extfrag w;
	struct lab_question *q;
	unsigned long pageoutrun;
	int split, b;

	mt_lab_save(l);
	pageoutrun = lab_vmstat(&l->s, "pageoutrun");
	lab_extfrag_watch(&l->s, &w);
	if (lab_run(&l->s, "alloc id=u%u order=%u gfp=%s", k + 1, order, gfp))
		return -1;
	lab_extfrag_unwatch(&l->s, &w);
	split = mt_lab_split_order(l);
	b = mt_lab_grown_block(l, start_mt);
	if (b < 0 || split < 0)
		return snprintf(l->s.msg, sizeof(l->s.msg), "u%u: no block taken", k + 1), -1;
	q = lab_ask(l->sheet, "alloc id=u%u order=%u gfp=%s: which free block does the\n"
		    "allocator pick first: its list's migratetype and its order (e.g. Movable 8)?",
		    k + 1, order, gfp);
	lab_answer(l->sheet, q, "%s %d", migratetype_names[w.nr ? w.fallback_mt : start_mt],
		   w.nr ? w.fallback_order : split);
	mt_lab_why_source(l, q, start_mt, order, &w, split);
	q = lab_ask(l->sheet, "Which pageblock holds u%u, and what is that pageblock's migratetype\n"
		    "after the allocation (e.g. 3 Movable)?", k + 1);
	lab_answer(l->sheet, q, "%d %s", b, migratetype_names[mt_lab_block_type(l, b)]);
	if (!w.nr)
		lab_why(l->sheet, q, "No fallback: the block came from the request's own list, and no\n"
			"pageblock changes type.");
	else
		mt_lab_why_claim(l, q, (int)(w.pfn / pageblock_nr_pages(&l->s.m)), start_mt,
				 w.fallback_mt, w.fallback_order);
	if (k == 0)
		mt_lab_ask_kswapd(l, pageoutrun, w.nr ? w.fallback_order : split);
	return 0;
}

/* Free u1 (order 0..3): it stays on CPU 0's per-CPU list. */
static int mt_lab_pcp_free(struct mt_lab *l, unsigned int order)
{
	struct zone *z = mt_lab_zone(l);
	unsigned long free_before = lab_buddy_free_pages(z);
	struct lab_question *q;

	if (lab_run(&l->s, "free id=u1"))
		return -1;
	q = lab_ask(l->sheet, "free id=u1 (order %u, on CPU 0): by how many pages does the total of\n"
		    "buddyinfo (blocks x 2^order) grow, and what is CPU 0's pcp count in\n"
		    "zoneinfo after it?", order);
	lab_answer(l->sheet, q, "%ld %d", (long)lab_buddy_free_pages(z) - (long)free_before,
		   z->per_cpu_pageset[0].count);
	lab_why(l->sheet, q, "Orders up to PAGE_ALLOC_COSTLY_ORDER (3) are freed through the per-CPU\n"
		"lists: free_unref_page() puts the block on CPU 0's list for its order and\n"
		"type, and free_unref_page_commit() hands blocks back to the buddy\n"
		"allocator only when the count reaches high (%d). buddyinfo does not see it.",
		z->per_cpu_pageset[0].high);
	return 0;
}

static void mt_lab_intro(struct mt_lab *l, bool keep_free_block)
{
	char row[256];

	lab_buddyinfo_row(mt_lab_zone(l), row, sizeof(row));
	lab_setup(l->sheet, "The shell's machine: one node of 16 MiB, zone Normal, eight pageblocks\n"
		  "of 512 pages, all Movable at boot. buddyinfo: %s\n"
		  "(pageblock 7 holds the 64 reserved pages of the memmap).\n\n"
		  "First, movable allocations fill the last pageblock's free blocks (k1-k3),\n"
		  "then 24 movable order-7 blocks (m1-m24) fill six pageblocks, a quarter\n"
		  "each, in pfn order within a pageblock. Then some m's are freed.\n%s\n"
		  "Three small unmovable or reclaimable allocations follow (u1-u3), and u1\n"
		  "is freed.\n", row,
		  keep_free_block ? "The eighth pageblock stays free."
				  : "The eighth pageblock then goes to one movable order-9 block (big).");
}

static int mt_lab_prepare(struct mt_lab *l, uint64_t *rng, bool keep_free_block)
{
	static const unsigned int fill_last[] = { 8, 7, 6 };

	for (unsigned int i = 0; i < 3; i++)
		if (lab_run(&l->s, "alloc id=k%u order=%u gfp=GFP_HIGHUSER_MOVABLE", i + 1, fill_last[i]))
			return -1;
	for (unsigned int i = 0; i < MT_LAB_NR_FILL; i++)
		if (mt_lab_fill(l, i))
			return -1;
	if (mt_lab_free_holes(l, rng, keep_free_block))
		return -1;
	/* After the frees: before them, the zone could not spare a pageblock. */
	if (!keep_free_block && lab_run(&l->s, "alloc id=big order=9 gfp=GFP_HIGHUSER_MOVABLE"))
		return -1;
	return 0;
}

static int mt_lab_run(struct mt_lab *l, uint64_t seed)
{
	uint64_t rng = seed;
	bool keep_free_block = gen_random_range(&rng, 0, 2) == 0;
	unsigned int order[MT_LAB_NR_ALLOCS], reclaimable;
	struct lab_question *q;
	char row[64];

	mt_lab_intro(l, keep_free_block);
	if (mt_lab_prepare(l, &rng, keep_free_block))
		return -1;
	mt_lab_print_blocks(l);
	/* u1 unmovable; one of u2 and u3 reclaimable, the other unmovable. */
	reclaimable = (unsigned int)gen_random_range(&rng, 1, 2);
	for (unsigned int k = 0; k < MT_LAB_NR_ALLOCS; k++) {
		int mt = k == reclaimable ? MIGRATE_RECLAIMABLE : MIGRATE_UNMOVABLE;

		order[k] = (unsigned int)gen_random_range(&rng, 0, MT_LAB_MAX_SMALL_ORDER);
		if (mt_lab_small_alloc(l, k, mt, order[k]))
			return -1;
	}
	lab_block_types_row(&l->s, mt_lab_zone(l), row, sizeof(row));
	q = lab_ask(l->sheet, "After u3: pagetypeinfo's \"Number of blocks type\" for Unmovable,\n"
		    "Movable and Reclaimable?");
	lab_answer(l->sheet, q, "%s", row);
	lab_why(l->sheet, q, "Eight pageblocks, all Movable at boot; each pageblock that changed type\n"
		"above moved from one column to another.");
	return mt_lab_pcp_free(l, order[0]);
}

static int mt_lab_run_state(void *state, void *seed_arg)
{
	uint64_t seed = *(const uint64_t *)seed_arg;
	struct mt_lab *l = state;

	l->sheet = l->s.sheet;
	return mt_lab_run(l, seed);
}

static int mt_lab_generate(struct lab_sheet *sheet, uint64_t seed, char *err, size_t err_len)
{
	return lab_generate_on(sheet, "migratetypes", NULL, sizeof(struct mt_lab), mt_lab_run_state, &seed,
				       err, err_len);
}

const struct lab lab_migratetypes = {
	.name = "migratetypes",
	.title = "migratetypes, pageblocks and fallback",
	.doc = "docs/labs/02-migratetypes.md",
	.generate = mt_lab_generate,
};
