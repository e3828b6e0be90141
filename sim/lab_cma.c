/*
 * sim/lab_cma.c - lab 9, the contiguous memory allocator (CMA)
 * (docs/labs/09-cma.md): its seeded exercise.
 *
 * The scenario: a 24 MiB machine whose upper half is the CMA area
 * `reserved` (cma=12M: six MIGRATE_CMA pageblocks).  A seeded mix of
 * movable (GFP_HIGHUSER_MOVABLE|__GFP_COMP, so they can migrate) and
 * unmovable (GFP_KERNEL) allocations of orders 6 to 8: no per-CPU list
 * serves those orders, so each goes through __rmqueue() once, and the
 * movable ones take CMA first whenever the zone's free CMA pages are
 * more than half its free pages.  Then two cma_alloc() calls: a small
 * one at the area's base, and a seeded count and alignment after it,
 * which cma_alloc() places first-fit in the area's bitmap and
 * alloc_contig_range() empties by migrating what the allocations left
 * there (or fails without migrating anything when the bitmap has no
 * room).
 *
 * Invariant: the answers are read off the machine (the mm_page_alloc
 * tracepoint's pfn and the pageblock's migratetype, meminfo's CmaFree,
 * pgmigrate_success, the area's bitmap), never computed here.
 *
 * No kernel counterpart: the rules are mm/cma.c's and mm/page_alloc.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/cma.h"
#include "mm/pageblock-flags.h"
#include "mm/vmstat_counters.h"
#include "sim/lab_internal.h"
#include "sim/lab_util_compact.h"
#include "workloads/gen_random.h"

#define CMA_LAB_NR_ALLOCS	6
#define CMA_LAB_MIN_ORDER	6	/* above PAGE_ALLOC_COSTLY_ORDER: no pcp */
#define CMA_LAB_MAX_ORDER	8	/* below pageblock_order: no THP pcp list either */
#define CMA_LAB_KERNEL_ORDER	10	/* a kernel buffer: takes non-CMA memory only */

static const char cma_lab_config[] =
	"{\n"
	"  \"machine\": { \"nodes\": [ {\"mem\": \"32M\", \"cpus\": 2} ] },\n"
	"  \"kernel\": { \"profile\": \"linux-6.1\", \"cma\": true, \"cma_size\": \"12M\" }\n"
	"}\n";

struct cma_lab {
	struct lab_session s;
	struct lab_sheet *sheet;
	struct lab_trace_watch w;
	char in_cma[128];	/* the allocations that landed in the area, "m1 m3" */
	char ranges[512];	/* the same with their pfn ranges */
};

static struct zone *cma_lab_zone(struct cma_lab *c)
{
	return lab_zone(&c->s, 0, ZONE_NORMAL);
}

static struct cma *cma_lab_area(struct cma_lab *c)
{
	return cma_find(&c->s.m, "reserved");
}

static unsigned long cma_lab_free(struct cma_lab *c)
{
	return zone_page_state(cma_lab_zone(c), NR_FREE_PAGES);
}

static unsigned long cma_lab_cma_free(struct cma_lab *c)
{
	return zone_page_state(cma_lab_zone(c), NR_FREE_CMA_PAGES);
}

static unsigned long cma_lab_kib(unsigned long nr_pages)
{
	return nr_pages * (PAGE_SIZE / 1024);
}

/* Note the allocation that landed at pfn in the area, by id and range. */
static void cma_lab_note(struct cma_lab *c, const char *id, pfn_t pfn, unsigned int order)
{
	size_t len = strlen(c->in_cma), rlen = strlen(c->ranges);

	snprintf(c->in_cma + len, sizeof(c->in_cma) - len, "%s%s", len ? " " : "", id);
	snprintf(c->ranges + rlen, sizeof(c->ranges) - rlen, "%s%s [%llu, %llu)", rlen ? ", " : "",
		 id, (unsigned long long)pfn, (unsigned long long)(pfn + (1ull << order)));
}

/*
 * One allocation: a kernel buffer of order 10 first (it drains the non-CMA
 * side), then mostly movable ones of order 6 to 8, some kernel buffers.
 */
static int cma_lab_alloc(struct cma_lab *c, uint64_t *rng, unsigned int k)
{
	bool movable = k > 0 && gen_random_range(rng, 0, 9) < 7;
	unsigned int order = movable ? (unsigned int)gen_random_range(rng, CMA_LAB_MIN_ORDER,
									 CMA_LAB_MAX_ORDER)
				     : CMA_LAB_KERNEL_ORDER;
	const struct mm_event *ev;
	char id[16];
	int ret;

	snprintf(id, sizeof(id), "%c%u", movable ? 'm' : 'k', k + 1);
	lab_watch_start(&c->w, &c->s.m, MM_EV_BIT(MM_EV_mm_page_alloc));
	ret = lab_run(&c->s, "alloc id=%s order=%u gfp=%s", id, order,
		      movable ? "GFP_HIGHUSER_MOVABLE|__GFP_COMP" : "GFP_KERNEL");
	lab_watch_stop(&c->w);
	if (ret)
		return -1;
	ev = lab_watch_last(&c->w, MM_EV_mm_page_alloc);
	if (!ev || ev->mm_page_alloc.pfn == PFN_NONE) {
		snprintf(c->s.msg, sizeof(c->s.msg), "alloc %s got no page", id);
		return -1;
	}
	if (get_pageblock_migratetype(&c->s.m, ev->mm_page_alloc.pfn) == MIGRATE_CMA)
		cma_lab_note(c, id, ev->mm_page_alloc.pfn, order);
	return 0;
}

static void cma_lab_ask_allocs(struct cma_lab *c)
{
	struct lab_question *q;

	q = lab_ask(c->sheet, "Which of the allocations took their pages from the CMA area\n"
		    "(their ids, or none)?");
	lab_answer(c->sheet, q, "%s", c->in_cma[0] ? c->in_cma : "none");
	lab_why(c->sheet, q, "Only movable requests get ALLOC_CMA (gfp_to_alloc_flags_cma()), so the\n"
		"k allocations never do.  For a movable one, __rmqueue() takes from CMA\n"
		"first (__rmqueue_cma_fallback()) when the zone's free CMA pages are more\n"
		"than half of its free pages, i.e. when more of the free memory is CMA\n"
		"than not; otherwise from the Movable lists.  Each allocation of order n\n"
		"takes 2^n pages from one side, which decides the next one.");
	q = lab_ask(c->sheet, "CmaFree (meminfo, kB) after the allocations?");
	lab_answer(c->sheet, q, "%lu", cma_lab_kib(cma_lab_cma_free(c)));
	lab_why(c->sheet, q, "NR_FREE_CMA_PAGES: the area's free pages less those the allocations\n"
		"above took from it.");
}

/* The first pfn of the last cma_alloc, from the area's bitmap; PFN_NONE if it failed. */
static pfn_t cma_lab_cma_alloc(struct cma_lab *c, const char *id, unsigned long count,
			       unsigned int align)
{
	struct cma *area = cma_lab_area(c);
	unsigned long fails = c->s.m.vm_events[CMA_ALLOC_FAIL];
	pfn_t last = PFN_NONE;

	if (lab_run(&c->s, "cma_alloc id=%s count=%lu align=%u", id, count, align))
		return PFN_NONE;
	if (c->s.m.vm_events[CMA_ALLOC_FAIL] != fails)
		return PFN_NONE;
	/* This call's range lies after the earlier one's: its last bit is the last set. */
	for (unsigned long bit = 0; bit < area->count >> area->order_per_bit; bit++)
		if (cma_bit_set(area, bit))
			last = area->base_pfn + (bit << area->order_per_bit);
	return last + 1 - count;
}

static void cma_lab_ask_buf(struct cma_lab *c, unsigned long first, unsigned long count,
			    unsigned int align, pfn_t start)
{
	struct lab_question *q;

	q = lab_ask(c->sheet, "The area now holds %s.\n"
		    "cma_alloc id=fw count=%lu takes its start; then cma_alloc id=buf\n"
		    "count=%lu align=%u: the first pfn of buf, or \"fail\"?",
		    c->ranges[0] ? c->ranges : "no allocation", first, count, align);
	if (start == PFN_NONE)
		lab_answer(c->sheet, q, "fail");
	else
		lab_answer(c->sheet, q, "%llu", (unsigned long long)start);
	lab_why(c->sheet, q, "cma_alloc() looks in the area's bitmap (one bit a page: order_per_bit\n"
		"0) with bitmap_find_next_zero_area_off() for %lu clear bits from the\n"
		"first clear one, rounded up so that the pfn is a multiple of 2^%u\n"
		"(cma_bitmap_aligned_mask(), cma_bitmap_aligned_offset()); fw holds the\n"
		"first %lu bits.  ", count, align, first);
	if (start == PFN_NONE)
		lab_why(c->sheet, q, "No such run fits before the area's end: -ENOMEM, and\n"
			"cma_alloc_fail counts it; nothing is isolated or migrated.");
	else
		lab_why(c->sheet, q, "The range [%llu, %llu) fits.", (unsigned long long)start,
			(unsigned long long)(start + count));
}

static int cma_lab_scenario(struct cma_lab *c, uint64_t *rng)
{
	static const unsigned int first_counts[] = { 64, 100, 200, 300 };
	static const unsigned int counts[] = { 512, 1024, 1536, 2048, 2560 };
	unsigned long first = first_counts[gen_random_range(rng, 0, 3)];
	unsigned long count = counts[gen_random_range(rng, 0, 4)];
	unsigned int align = (unsigned int)gen_random_range(rng, 4, 10);
	unsigned long migrated;
	struct lab_question *q;
	pfn_t start;

	for (unsigned int k = 0; k < CMA_LAB_NR_ALLOCS; k++)
		if (cma_lab_alloc(c, rng, k))
			return -1;
	cma_lab_ask_allocs(c);
	migrated = c->s.m.vm_events[PGMIGRATE_SUCCESS];
	if (cma_lab_cma_alloc(c, "fw", first, 0) == PFN_NONE) {
		snprintf(c->s.msg, sizeof(c->s.msg), "cma_alloc id=fw failed");
		return -1;
	}
	start = cma_lab_cma_alloc(c, "buf", count, align);
	if (c->s.msg[0])
		return -1;
	migrated = c->s.m.vm_events[PGMIGRATE_SUCCESS] - migrated;
	cma_lab_ask_buf(c, first, count, align, start);
	q = lab_ask(c->sheet, "How many pages do fw and buf migrate together (pgmigrate_success)?");
	lab_answer(c->sheet, q, "%lu", migrated);
	lab_why(c->sheet, q, "alloc_contig_range(MIGRATE_CMA) isolates the range's pageblocks and\n"
		"migrates every page in use in [start, end) (__alloc_contig_migrate_range());\n"
		"a compound allocation moves whole, even when only its head is inside.\n"
		"So every allocation listed above that overlaps fw's or buf's range\n"
		"moves: %lu pages.", migrated);
	q = lab_ask(c->sheet, "CmaFree (kB) at the end?");
	lab_answer(c->sheet, q, "%lu", cma_lab_kib(cma_lab_cma_free(c)));
	lab_why(c->sheet, q, "The ranges cma_alloc() took are no longer free.  The pages it migrated\n"
		"went where alloc_migration_target() found room: GFP_USER|__GFP_MOVABLE,\n"
		"the same __rmqueue() rule as above, counted while the range's pageblocks\n"
		"were isolated and out of NR_FREE_PAGES and NR_FREE_CMA_PAGES; a copy\n"
		"that landed in another part of the area keeps that part used.");
	return 0;
}

static int cma_lab_generate(struct lab_sheet *sheet, uint64_t seed, char *err, size_t err_len)
{
	struct cma_lab *c = calloc(1, sizeof(*c));
	uint64_t rng = seed;
	struct cma *area;
	int ret = -1;

	if (!c)
		return snprintf(err, err_len, "out of memory"), -1;
	c->sheet = sheet;
	if (lab_session_boot(&c->s, cma_lab_config, sheet))
		goto out;
	area = cma_lab_area(c);
	if (!area || !area->count) {
		snprintf(c->s.msg, sizeof(c->s.msg), "the lab's machine has no CMA area");
		goto out;
	}
	lab_setup(sheet, "A machine of one 32 MiB node (zone Normal) booted with cma=12M: the\n"
		  "area 'reserved' is pfns %llu to %llu, MIGRATE_CMA pageblocks, free.\n"
		  "The zone's free pages: %lu, of which CMA %lu (MemFree %lu kB, CmaFree\n"
		  "%lu kB).\n\n"
		  "Allocations mN are movable (GFP_HIGHUSER_MOVABLE|__GFP_COMP: compound,\n"
		  "so migration may move them) of order 6 to 8, kN kernel buffers\n"
		  "(GFP_KERNEL) of order 10; the per-CPU lists serve none of these orders.\n"
		  "Then a driver takes two buffers from the area with cma_alloc: fw at its\n"
		  "start, then buf.\n",
		  (unsigned long long)area->base_pfn,
		  (unsigned long long)(area->base_pfn + area->count - 1), cma_lab_free(c),
		  cma_lab_cma_free(c), cma_lab_kib(cma_lab_free(c)), cma_lab_kib(cma_lab_cma_free(c)));
	ret = cma_lab_scenario(c, &rng);
out:
	if (ret)
		snprintf(err, err_len, "lab cma: %s", c->s.msg);
	lab_session_release(&c->s);
	free(c);
	return ret;
}

const struct lab lab_cma = {
	.name = "cma",
	.title = "the contiguous memory allocator (CMA)",
	.doc = "docs/labs/09-cma.md",
	.config_json = cma_lab_config,
	.generate = cma_lab_generate,
};
