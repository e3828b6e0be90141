/*
 * sim/lab_zone_movable.c - lab 4, ZONE_MOVABLE and movablecore
 * (docs/labs/04-zone-movable.md): its seeded exercise.
 *
 * The lab's machine: one node of 32 MiB booted with movablecore=12M, so
 * find_zone_movable_pfns_for_nodes() gives the top 12 MiB to ZONE_MOVABLE
 * and the rest stays Normal.  The scenario: boosting off (so the
 * watermarks stay where zoneinfo shows them), a seeded number of order-9
 * unmovable allocations fill Normal and of movable ones fill Movable,
 * then five seeded allocations of mixed gfp flags and orders 7 to 9.
 * For each, the student decides from gfp_zone() which zones the zonelist
 * offers (Movable only to __GFP_MOVABLE with __GFP_HIGHMEM), and from the
 * watermarks and Normal's lowmem_reserve against Movable requests where
 * it lands, or that it fails.
 *
 * Orders of 7 and more bypass the per-CPU lists, so each allocation moves
 * one zone's free count by exactly its size.
 *
 * Invariant: the answers are read off the machine (each zone's free pages
 * before and after a command), never computed here.
 *
 * No kernel counterpart: the rules are mm/page_alloc.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/lab_internal.h"
#include "sim/lab_util_alloc.h"
#include "workloads/gen_random.h"

#define ZM_LAB_NR_ASKED		5
#define ZM_LAB_FILL_ORDER	9

static const char zm_lab_config[] =
	"{\n"
	"  \"machine\": { \"nodes\": [ {\"mem\": \"32M\", \"cpus\": 2} ] },\n"
	"  \"kernel\": { \"profile\": \"linux-6.1\", \"movablecore\": \"12M\" }\n"
	"}\n";

static const char *const zm_lab_gfp[] = {
	"GFP_KERNEL", "GFP_HIGHUSER_MOVABLE", "GFP_KERNEL|__GFP_MOVABLE", "GFP_HIGHUSER",
	"GFP_HIGHUSER_MOVABLE",
};

struct zm_lab {
	struct lab_session s;	/* first: lab_generate_on() */
	struct lab_sheet *sheet;
};

static struct zone *zm_lab_zone(struct zm_lab *l, int zid)
{
	return lab_zone(&l->s, 0, zid);
}

static int zm_lab_fill(struct zm_lab *l, const char *prefix, const char *gfp, unsigned int nr)
{
	for (unsigned int k = 1; k <= nr; k++)
		if (lab_run(&l->s, "alloc id=%s%u order=%d gfp=%s", prefix, k, ZM_LAB_FILL_ORDER, gfp))
			return -1;
	return 0;
}

static void zm_lab_ask_sizes(struct zm_lab *l)
{
	struct zone *n = zm_lab_zone(l, ZONE_NORMAL), *mv = zm_lab_zone(l, ZONE_MOVABLE);
	struct lab_question *q;

	q = lab_ask(l->sheet, "At boot: present and managed pages of zone Normal, then of zone\n"
		    "Movable (show zoneinfo)?");
	lab_answer(l->sheet, q, "%lu %lu %lu %lu", n->present_pages, n->managed_pages,
		   mv->present_pages, mv->managed_pages);
	lab_why(l->sheet, q, "find_zone_movable_pfns_for_nodes(): movablecore=12M leaves\n"
		"kernelcore = 32M - 12M = 20M for the kernel zones; the rest of the node,\n"
		"from its top down, becomes ZONE_MOVABLE (the boundary rounded up to\n"
		"MAX_ORDER_NR_PAGES). The memmap (%lu pages) is reserved at the node's top,\n"
		"as memblock allocates top-down, so Movable manages that much less.",
		mv->present_pages - mv->managed_pages);
}

static void zm_lab_why_zones(struct zm_lab *l, struct lab_question *q, const char *gfp,
			     bool movable_ok, unsigned long free_normal, unsigned long free_movable)
{
	struct zone *n = zm_lab_zone(l, ZONE_NORMAL), *mv = zm_lab_zone(l, ZONE_MOVABLE);

	if (!movable_ok) {
		lab_why(l->sheet, q, "gfp_zone(%s) is ZONE_NORMAL (no __GFP_MOVABLE with\n"
			"__GFP_HIGHMEM), so the zonelist offers Normal only, whatever Movable\n"
			"has free. Normal had %lu free: low %lu, min %lu.", gfp, free_normal,
			n->_watermark[WMARK_LOW], n->_watermark[WMARK_MIN]);
		return;
	}
	lab_why(l->sheet, q, "gfp_zone(%s) is ZONE_MOVABLE, so the zonelist is Movable, then\n"
		"Normal. The fast path (low marks) tries Movable (%lu free, low %lu), then\n"
		"Normal (%lu free, low %lu + lowmem_reserve %ld against Movable requests);\n"
		"if both fail, the slow path tries them again at min (Movable %lu, Normal\n"
		"%lu + %ld).", gfp, free_movable, mv->_watermark[WMARK_LOW], free_normal,
		n->_watermark[WMARK_LOW], n->lowmem_reserve[ZONE_MOVABLE], mv->_watermark[WMARK_MIN],
		n->_watermark[WMARK_MIN], n->lowmem_reserve[ZONE_MOVABLE]);
}

static int zm_lab_asked(struct zm_lab *l, unsigned int k, const char *gfp, unsigned int order)
{
	struct zone *n = zm_lab_zone(l, ZONE_NORMAL), *mv = zm_lab_zone(l, ZONE_MOVABLE);
	unsigned long free_normal = lab_buddy_free_pages(n), free_movable = lab_buddy_free_pages(mv);
	struct lab_question *q;
	const char *where;

	if (lab_run(&l->s, "alloc id=q%u order=%u gfp=%s", k, order, gfp))
		return -1;
	where = lab_buddy_free_pages(mv) < free_movable ? "Movable"
	      : lab_buddy_free_pages(n) < free_normal ? "Normal" : "none";
	q = lab_ask(l->sheet, "alloc id=q%u order=%u gfp=%s: which zone does the block come\n"
		    "from (Normal, Movable, or none when it fails)?", k, order, gfp);
	lab_answer(l->sheet, q, "%s", where);
	zm_lab_why_zones(l, q, gfp, strstr(gfp, "MOVABLE") && strstr(gfp, "HIGHUSER"),
			 free_normal, free_movable);
	lab_why(l->sheet, q, "\nAfter taking %u pages, more than the mark must stay free\n"
		"(__zone_watermark_ok()), and a free block of order %u or more must exist.",
		1u << order, order);
	return 0;
}

static int zm_lab_run(struct zm_lab *l, uint64_t seed)
{
	uint64_t rng = seed;
	unsigned int nr_normal = (unsigned int)gen_random_range(&rng, 7, 9);
	unsigned int nr_movable = (unsigned int)gen_random_range(&rng, 3, 5);
	struct zone *n = zm_lab_zone(l, ZONE_NORMAL), *mv = zm_lab_zone(l, ZONE_MOVABLE);
	struct lab_question *q;

	zm_lab_ask_sizes(l);
	if (lab_run(&l->s, "sysctl vm.watermark_boost_factor=0") ||
	    zm_lab_fill(l, "n", "GFP_KERNEL", nr_normal) ||
	    zm_lab_fill(l, "m", "GFP_HIGHUSER_MOVABLE", nr_movable))
		return -1;
	lab_setup(l->sheet, "The lab's machine: one node of 32 MiB booted with movablecore=12M,\n"
		  "two CPUs. The commands turn watermark boosting off, fill zone Normal with\n"
		  "%u unmovable order-9 blocks (n1...) and zone Movable with %u movable ones\n"
		  "(m1...). Then zoneinfo shows:\n\n"
		  "  zone     free  min  low  high  protection against Movable requests\n"
		  "  Normal  %5lu %4lu %4lu %5lu  %ld\n"
		  "  Movable %5lu %4lu %4lu %5lu  0\n\n"
		  "Five more allocations follow (q1-q5), of orders 7 to 9.\n",
		  nr_normal, nr_movable, lab_buddy_free_pages(n), n->_watermark[WMARK_MIN],
		  n->_watermark[WMARK_LOW], n->_watermark[WMARK_HIGH], n->lowmem_reserve[ZONE_MOVABLE],
		  lab_buddy_free_pages(mv), mv->_watermark[WMARK_MIN], mv->_watermark[WMARK_LOW],
		  mv->_watermark[WMARK_HIGH]);
	for (unsigned int k = 1; k <= ZM_LAB_NR_ASKED; k++) {
		const char *gfp = zm_lab_gfp[gen_random_range(&rng, 0, 4)];

		if (zm_lab_asked(l, k, gfp, (unsigned int)gen_random_range(&rng, 7, 9)))
			return -1;
	}
	q = lab_ask(l->sheet, "After q5: the free pages of zone Normal, then of zone Movable?");
	lab_answer(l->sheet, q, "%lu %lu", lab_buddy_free_pages(n), lab_buddy_free_pages(mv));
	lab_why(l->sheet, q, "Each allocation above took 2^order pages from the zone it came from.");
	return 0;
}

static int zm_lab_run_state(void *state, void *seed_arg)
{
	uint64_t seed = *(const uint64_t *)seed_arg;
	struct zm_lab *l = state;

	l->sheet = l->s.sheet;
	return zm_lab_run(l, seed);
}

static int zm_lab_generate(struct lab_sheet *sheet, uint64_t seed, char *err, size_t err_len)
{
	return lab_generate_on(sheet, "zone-movable", zm_lab_config, sizeof(struct zm_lab), zm_lab_run_state, &seed,
				       err, err_len);
}

const struct lab lab_zone_movable = {
	.name = "zone-movable",
	.title = "ZONE_MOVABLE and movablecore",
	.doc = "docs/labs/04-zone-movable.md",
	.config_json = zm_lab_config,
	.generate = zm_lab_generate,
};
