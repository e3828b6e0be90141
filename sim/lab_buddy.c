/*
 * sim/lab_buddy.c - lab 1, the buddy allocator: orders, splits and merges
 * (docs/labs/01-buddy.md): its seeded exercise.
 *
 * The scenario: on the shell's fresh machine, a seeded mix of movable
 * allocations of orders 4 to 8 and frees of them.  Those orders are above
 * PAGE_ALLOC_COSTLY_ORDER and below pageblock_order, so no per-CPU list
 * holds them (rmqueue() and __free_pages_ok() go straight to the buddy
 * lists), and the boot leaves far more free movable memory than the
 * scenario takes, so no allocation falls back to another migratetype:
 * the free block counts per order, which the exercise prints before the
 * first command, decide every answer.  A student works them out by hand
 * from __rmqueue_smallest(), expand() and __free_one_page().
 *
 * Invariant: the answers are read off the machine after each command,
 * as differences of /proc/buddyinfo rows, not computed by this file.
 *
 * No kernel counterpart: the rules are mm/page_alloc.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/page_inspect.h"
#include "sim/lab_internal.h"
#include "workloads/gen_random.h"

#define BUDDY_LAB_NR_OPS	6
#define BUDDY_LAB_MIN_ORDER	4	/* above PAGE_ALLOC_COSTLY_ORDER: no pcp */
#define BUDDY_LAB_MAX_ORDER	8	/* below pageblock_order: no pcp either */

struct buddy_lab {
	struct lab_session s;
	struct lab_sheet *sheet;
	unsigned long before[MAX_ORDER];	/* free blocks per order before a command */
	unsigned int order_of[BUDDY_LAB_NR_OPS];	/* allocation K's order */
	bool live[BUDDY_LAB_NR_OPS];
	unsigned int nr_allocs;
};

static struct zone *buddy_lab_zone(struct buddy_lab *b)
{
	return lab_zone(&b->s, 0, ZONE_NORMAL);
}

static void buddy_lab_save(struct buddy_lab *b)
{
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		b->before[o] = buddy_lab_zone(b)->free_area[o].nr_free;
}

/* The order whose count moved by delta (-1 or +1) since buddy_lab_save(); -1 if none. */
static int buddy_lab_moved(struct buddy_lab *b, long delta)
{
	const struct zone *z = buddy_lab_zone(b);

	for (int o = MAX_ORDER - 1; o >= 0; o--)
		if ((long)z->free_area[o].nr_free - (long)b->before[o] == delta)
			return o;
	return -1;
}

static int buddy_lab_alloc(struct buddy_lab *b, unsigned int order)
{
	unsigned int k = b->nr_allocs++;
	struct lab_question *q;
	int from;

	buddy_lab_save(b);
	if (lab_run(&b->s, "alloc id=b%u order=%u gfp=GFP_HIGHUSER_MOVABLE", k + 1, order))
		return -1;
	b->order_of[k] = order;
	b->live[k] = true;
	from = buddy_lab_moved(b, -1);
	q = lab_ask(b->sheet, "alloc id=b%u order=%u: from which order's free list does the\n"
		    "allocator take the block it hands out (whole or split)?", k + 1, order);
	lab_answer(b->sheet, q, "%d", from);
	lab_why(b->sheet, q, "__rmqueue_smallest() looks at the Movable lists from order %u up and\n"
		"takes the first block it finds: order %d.", order, from);
	if (from > (int)order)
		lab_why(b->sheet, q, "\nexpand() halves it %d times, giving back one block of each order\n"
			"%u to %d: those counts go up by one, order %d's goes down.",
			from - (int)order, order, from - 1, from);
	return 0;
}

static int buddy_lab_free(struct buddy_lab *b, unsigned int k)
{
	struct lab_question *q;
	int to;

	buddy_lab_save(b);
	if (lab_run(&b->s, "free id=b%u", k + 1))
		return -1;
	b->live[k] = false;
	to = buddy_lab_moved(b, +1);
	q = lab_ask(b->sheet, "free id=b%u (order %u): what is the order of the free block it\n"
		    "ends up in?", k + 1, b->order_of[k]);
	lab_answer(b->sheet, q, "%d", to);
	lab_why(b->sheet, q, "__free_one_page() merges the block with its buddy (pfn ^ (1 << order))\n"
		"for as long as the buddy is a free block of the same order.");
	if (to > (int)b->order_of[k])
		lab_why(b->sheet, q, " Here the buddies of\n"
			"orders %u to %d were free: each leaves its list, and one block of order %d\n"
			"goes on.", b->order_of[k], to - 1, to);
	else
		lab_why(b->sheet, q, " Here the order-%u buddy\n"
			"is in use, so the block goes on the order-%u list as it is.",
			b->order_of[k], b->order_of[k]);
	return 0;
}

/* Free one of the live allocations (seeded), or allocate when none is live. */
static int buddy_lab_step(struct buddy_lab *b, uint64_t *rng, unsigned int step)
{
	unsigned int live[BUDDY_LAB_NR_OPS], nr_live = 0;

	for (unsigned int k = 0; k < b->nr_allocs; k++)
		if (b->live[k])
			live[nr_live++] = k;
	if (step < 2 || nr_live == 0 || gen_random_range(rng, 0, 2) != 0)
		return buddy_lab_alloc(b, (unsigned int)gen_random_range(rng, BUDDY_LAB_MIN_ORDER,
									 BUDDY_LAB_MAX_ORDER));
	return buddy_lab_free(b, live[gen_random_range(rng, 0, nr_live - 1)]);
}

/* The zone's free blocks by pfn, "order O at pfn P", into the setup text. */
static void buddy_lab_layout(struct buddy_lab *b)
{
	const struct zone *z = buddy_lab_zone(b);
	struct page_info info;
	pfn_t pfn = z->zone_start_pfn;

	lab_setup(b->sheet, "Where they are (first pfn, order):");
	while (pfn < zone_end_pfn(z)) {
		page_inspect(&b->s.m, pfn_to_page(&b->s.m, pfn), &info);
		if (!info.buddy) {
			pfn++;
			continue;
		}
		lab_setup(b->sheet, " %llu (%u)", (unsigned long long)pfn, info.buddy_order);
		pfn += (pfn_t)1 << info.buddy_order;
	}
	lab_setup(b->sheet, ".\nEach list hands out its head first; a freed block goes to the head,\n"
		  "or to the tail when buddy_merge_likely() expects it to merge soon.\n");
}

static int buddy_lab_generate(struct lab_sheet *sheet, uint64_t seed, char *err, size_t err_len)
{
	struct buddy_lab *b = calloc(1, sizeof(*b));	/* struct machine is large */
	char row[256];
	uint64_t rng = seed;
	int ret = -1;

	if (!b)
		return snprintf(err, err_len, "out of memory"), -1;
	b->sheet = sheet;
	if (lab_session_boot(&b->s, NULL, sheet))
		goto out;
	lab_buddyinfo_row(buddy_lab_zone(b), row, sizeof(row));
	lab_setup(sheet, "The shell's machine: one node of 16 MiB, zone Normal, just booted.\n"
		  "Its free blocks per order 0 to 10 (show buddyinfo):\n\n  %s\n\n"
		  "Every allocation below is movable (GFP_HIGHUSER_MOVABLE), of order 4 to 8,\n"
		  "so it neither goes through a per-CPU list nor falls back to another\n"
		  "migratetype: the counts above, and the buddy rules, decide each answer.\n", row);
	buddy_lab_layout(b);
	for (unsigned int step = 0; step < BUDDY_LAB_NR_OPS; step++)
		if (buddy_lab_step(b, &rng, step))
			goto out;
	lab_buddyinfo_row(buddy_lab_zone(b), row, sizeof(row));
	lab_answer(sheet, lab_ask(sheet, "After all the commands: the free blocks per order 0 to 10\n"
				  "(the numbers of show buddyinfo)?"), "%s", row);
	lab_why(sheet, &sheet->q[sheet->nr - 1], "Each answer above changes the counts: a split\n"
		"adds one block at each order it passes, a merge removes one.");
	ret = 0;
out:
	if (ret)
		snprintf(err, err_len, "lab buddy: %s", b->s.msg);
	lab_session_release(&b->s);
	free(b);
	return ret;
}

const struct lab lab_buddy = {
	.name = "buddy",
	.title = "the buddy allocator: orders, splits and merges",
	.doc = "docs/labs/01-buddy.md",
	.generate = buddy_lab_generate,
};
