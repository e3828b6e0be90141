/*
 * sim/lab_watermarks.c - lab 3, watermarks, kswapd and direct reclaim
 * (docs/labs/03-watermarks.md): its seeded exercise.
 *
 * The scenario: on the shell's machine, the seed sets min_free_kbytes and
 * watermark_scale_factor (boosting off, so only the watermarks wake
 * kswapd), a task reads an 8 MiB file into the page cache (clean pages
 * reclaim can take), then order-7 unmovable allocations eat the free
 * memory 128 pages at a time after a seeded first one of order 4 to 6.
 * The questions: the three watermarks (__setup_per_zone_wmarks()), which
 * allocation first fails the fast path's low-watermark check and wakes
 * kswapd, whether that one also fails the min check and reclaims
 * directly, the watermarks after a second write of the scale factor, and
 * whether a last allocation wakes kswapd at the new low mark.
 *
 * Orders of 3 and more move NR_FREE_PAGES by more than the per-CPU stat
 * threshold, so the count the watermark checks read is exact (no drift),
 * and `sysctl vm.stat_refresh=1` folds what the page cache reads left.
 *
 * Invariant: the answers are read off the machine (zoneinfo's watermarks,
 * vmstat's pageoutrun and allocstall_normal around each command).
 *
 * No kernel counterpart: the rules are mm/page_alloc.c's and mm/vmscan.c's.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sim/lab_internal.h"
#include "sim/lab_util_alloc.h"
#include "workloads/gen_random.h"

#define WM_LAB_STEP_ORDER	7
#define WM_LAB_MAX_STEPS	40	/* far more than the free memory allows */

static const unsigned int wm_lab_min_free_kbytes[] = { 512, 768, 1024, 1280, 1536 };
static const unsigned int wm_lab_scale_factor[] = { 10, 100, 200, 400, 800 };

struct wm_lab {
	struct lab_session s;	/* first: lab_generate_on() */
	struct lab_sheet *sheet;
	unsigned int scale_factor;
};

static struct zone *wm_lab_zone(struct wm_lab *l)
{
	return lab_zone(&l->s, 0, ZONE_NORMAL);
}

static void wm_lab_ask_marks(struct wm_lab *l, const char *after, unsigned int min_free_kbytes)
{
	struct zone *z = wm_lab_zone(l);
	unsigned long gap = z->managed_pages * l->scale_factor / 10000;
	struct lab_question *q;

	q = lab_ask(l->sheet, "%s: the min, low and high watermarks of zone Normal\n"
		    "(show zoneinfo)?", after);
	lab_answer(l->sheet, q, "%lu %lu %lu", z->_watermark[WMARK_MIN], z->_watermark[WMARK_LOW],
		   z->_watermark[WMARK_HIGH]);
	lab_why(l->sheet, q, "__setup_per_zone_wmarks(): min is min_free_kbytes in pages (%u / 4),\n"
		"shared by the lowmem zones in proportion to their managed pages (one zone\n"
		"here: all of it). The step between min, low and high is the larger of\n"
		"min / 4 = %lu and managed x watermark_scale_factor / 10000 = %lu x %u /\n"
		"10000 = %lu.", min_free_kbytes, z->_watermark[WMARK_MIN] / 4, z->managed_pages,
		l->scale_factor, gap);
}

/* Why the low-mark check of an order-order request passed or failed. */
static void wm_lab_why_low(struct wm_lab *l, struct lab_question *q, unsigned int order,
			   unsigned long free_before, unsigned long blocks)
{
	unsigned long low = wm_lab_zone(l)->_watermark[WMARK_LOW];
	long left = (long)free_before - ((1l << order) - 1);

	if (left <= (long)low)
		lab_why(l->sheet, q, "%lu - %u = %ld <= %lu fails", free_before,
			(1u << order) - 1, left, low);
	else if (!blocks)
		lab_why(l->sheet, q, "%ld > %lu passes, but no free block of order %u\n"
			"or more is left: the check fails on fragmentation", left, low, order);
	else
		lab_why(l->sheet, q, "%ld > %lu and a block of order %u or more is free:\n"
			"the check passes, kswapd stays asleep.", left, low, order);
	if (left <= (long)low || !blocks)
		lab_why(l->sheet, q, ",\nso __alloc_pages_slowpath() calls wake_all_kswapds().");
}

/* Run one allocation; how much pageoutrun and allocstall_normal grew. */
static int wm_lab_alloc(struct wm_lab *l, const char *id, unsigned int order,
			unsigned long *runs, unsigned long *stalls)
{
	unsigned long runs_before = lab_vmstat(&l->s, "pageoutrun");
	unsigned long stalls_before = lab_vmstat(&l->s, "allocstall_normal");

	if (lab_run(&l->s, "alloc id=%s order=%u gfp=GFP_KERNEL", id, order))
		return -1;
	*runs = lab_vmstat(&l->s, "pageoutrun") - runs_before;
	*stalls = lab_vmstat(&l->s, "allocstall_normal") - stalls_before;
	return 0;
}

/* The order-7 steps, until one wakes kswapd; asks about that one. */
static int wm_lab_steps(struct wm_lab *l)
{
	struct zone *z = wm_lab_zone(l);
	unsigned long runs = 0, stalls = 0, free_before = 0, blocks_before = 0;
	unsigned int k;
	struct lab_question *q;
	char id[16];

	for (k = 1; k <= WM_LAB_MAX_STEPS && !runs; k++) {
		free_before = lab_buddy_free_pages(z);
		blocks_before = lab_free_blocks_at_least(z, WM_LAB_STEP_ORDER);
		snprintf(id, sizeof(id), "k%u", k);
		if (wm_lab_alloc(l, id, WM_LAB_STEP_ORDER, &runs, &stalls))
			return -1;
	}
	if (!runs)
		return snprintf(l->s.msg, sizeof(l->s.msg), "kswapd never woke"), -1;
	q = lab_ask(l->sheet, "Which allocation is the first to wake kswapd (vmstat's pageoutrun\n"
		    "grows after it)?");
	lab_answer(l->sheet, q, "%s", id);
	lab_why(l->sheet, q, "The fast path checks the low mark (zone_watermark_fast(), then\n"
		"__zone_watermark_ok()): after taking 2^7 pages, more than low must stay\n"
		"free (free - 127 > %lu), and a free block of order 7 or more must exist.\n"
		"Before %s, %lu pages were free:\n", z->_watermark[WMARK_LOW], id, free_before);
	wm_lab_why_low(l, q, WM_LAB_STEP_ORDER, free_before, blocks_before);
	q = lab_ask(l->sheet, "Does %s also reclaim directly (vmstat's allocstall_normal grows)?", id);
	lab_answer(l->sheet, q, "%s", stalls ? "yes" : "no");
	lab_why(l->sheet, q, "The slow path retries at the min mark (ALLOC_WMARK_MIN): free - 127 =\n"
		"%ld %s min (%lu), so %s", (long)free_before - 127,
		(long)free_before - 127 > (long)z->_watermark[WMARK_MIN] ? ">" : "<=",
		z->_watermark[WMARK_MIN],
		stalls ? "it fails again;\ncompaction is skipped (too little free memory,\n"
			 "__compaction_suitable()), and __alloc_pages_direct_reclaim() reclaims\n"
			 "page cache itself (allocstall), then the retry succeeds."
		       : "it succeeds\nthere without reclaiming: kswapd does the reclaim in the background.");
	return 0;
}

/* A second scale factor, then one more allocation against the new low mark. */
static int wm_lab_rescale(struct wm_lab *l, uint64_t *rng, unsigned int min_free_kbytes)
{
	struct zone *z = wm_lab_zone(l);
	unsigned int nr = sizeof(wm_lab_scale_factor) / sizeof(wm_lab_scale_factor[0]);
	unsigned int old = l->scale_factor, order = (unsigned int)gen_random_range(rng, 6, 8);
	unsigned long runs, stalls, free_before, blocks_before;
	struct lab_question *q;
	char row[256];

	do
		l->scale_factor = wm_lab_scale_factor[gen_random_range(rng, 0, nr - 1)];
	while (l->scale_factor == old);
	if (lab_run(&l->s, "sysctl vm.watermark_scale_factor=%u", l->scale_factor))
		return -1;
	wm_lab_ask_marks(l, "After the second sysctl", min_free_kbytes);
	free_before = lab_buddy_free_pages(z);
	blocks_before = lab_free_blocks_at_least(z, order);
	lab_buddyinfo_row(z, row, sizeof(row));
	if (wm_lab_alloc(l, "last", order, &runs, &stalls))
		return -1;
	q = lab_ask(l->sheet, "zoneinfo now shows %lu pages free, and buddyinfo %s.\n"
		    "Does alloc id=last order=%u wake kswapd (yes/no)?", free_before, row, order);
	lab_answer(l->sheet, q, "%s", runs ? "yes" : "no");
	lab_why(l->sheet, q, "The fast path needs free - (2^%u - 1) > low, and a free block of\n"
		"order %u or more:\n", order, order);
	wm_lab_why_low(l, q, order, free_before, blocks_before);
	return 0;
}

static int wm_lab_run(struct wm_lab *l, uint64_t seed)
{
	unsigned int nr_min = sizeof(wm_lab_min_free_kbytes) / sizeof(wm_lab_min_free_kbytes[0]);
	unsigned int nr_scale = sizeof(wm_lab_scale_factor) / sizeof(wm_lab_scale_factor[0]);
	uint64_t rng = seed;
	unsigned int min_free_kbytes = wm_lab_min_free_kbytes[gen_random_range(&rng, 0, nr_min - 1)];
	unsigned int first_order = (unsigned int)gen_random_range(&rng, 4, 6);
	unsigned long runs, stalls;

	l->scale_factor = wm_lab_scale_factor[gen_random_range(&rng, 0, nr_scale - 1)];
	if (lab_run(&l->s, "sysctl vm.watermark_boost_factor=0 vm.min_free_kbytes=%u "
		    "vm.watermark_scale_factor=%u", min_free_kbytes, l->scale_factor) ||
	    lab_run(&l->s, "spawn pid=1") ||
	    lab_run(&l->s, "truncate pid=1 file=data len=8M") ||
	    lab_run(&l->s, "read pid=1 file=data off=0 len=8M") ||
	    lab_run(&l->s, "sysctl vm.stat_refresh=1"))
		return -1;
	lab_setup(l->sheet, "The shell's machine: one node of 16 MiB, zone Normal with %lu managed\n"
		  "pages. The commands set min_free_kbytes=%u and watermark_scale_factor=%u\n"
		  "(and turn watermark boosting off), read an 8 MiB file into the page cache,\n"
		  "and fold the counters: zoneinfo then shows %lu pages free.\n"
		  "Then unmovable allocations (GFP_KERNEL): a first of order %u, then one of\n"
		  "order 7 (128 pages) after another until one wakes kswapd; then a second\n"
		  "watermark_scale_factor, and one last allocation.\n"
		  "kswapd runs between commands and reclaims page cache when woken.\n",
		  wm_lab_zone(l)->managed_pages, min_free_kbytes, l->scale_factor,
		  lab_buddy_free_pages(wm_lab_zone(l)), first_order);
	wm_lab_ask_marks(l, "After the first sysctl", min_free_kbytes);
	if (wm_lab_alloc(l, "k0", first_order, &runs, &stalls) || wm_lab_steps(l))
		return -1;
	return wm_lab_rescale(l, &rng, min_free_kbytes);
}

static int wm_lab_run_state(void *state, void *seed_arg)
{
	uint64_t seed = *(const uint64_t *)seed_arg;
	struct wm_lab *l = state;

	l->sheet = l->s.sheet;
	return wm_lab_run(l, seed);
}

static int wm_lab_generate(struct lab_sheet *sheet, uint64_t seed, char *err, size_t err_len)
{
	return lab_generate_on(sheet, "watermarks", NULL, sizeof(struct wm_lab), wm_lab_run_state, &seed,
				       err, err_len);
}

const struct lab lab_watermarks = {
	.name = "watermarks",
	.title = "watermarks, kswapd and direct reclaim",
	.doc = "docs/labs/03-watermarks.md",
	.generate = wm_lab_generate,
};
