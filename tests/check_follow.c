/*
 * tests/check_follow.c - the records of a traced kernel's choices
 * (sim/verbs_follow.c, mm/page_place.c): followed replays that place
 * blocks at their traced pfn, pre-trace frees, split, extfrag, the
 * inconsistencies, and the comparison of a demand replay.
 *
 * Each test replays a small trace "t.trace" through engine_replay() with
 * the checkers on after every event.  Machines have no reserved memory,
 * so every frame starts free in the buddy, in blocks of MAX_ORDER - 1
 * (1024 frames) on the MOVABLE lists, and pageblocks of 512 frames.
 *
 * Linux counterpart: take_page_off_buddy()/break_down_buddy_pages(),
 * rmqueue_pcplist(), zone_statistics(), split_page(),
 * steal_suitable_fallback() and move_freepages_block(), mm/page_alloc.c.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/page_place.h"
#include "mm/raw_alloc.h"
#include "mm/vmstat_counters.h"
#include "sim/engine.h"
#include "sim/report_internal.h"
#include "sim/verbs.h"
#include "sim/verbs_page.h"
#include "tests/helpers.h"
#include "tests/verbs_fixture.h"

#define MOV	MIGRATE_MOVABLE
#define UNMOV	MIGRATE_UNMOVABLE

/* A followed replay's engine on m (follow_log: where inconsistencies go; may be NULL). */
static void ffx_boot(struct fx *fx, struct machine *m, FILE *follow_log)
{
	struct engine_opts opts = { .check_every = 1, .follow = true, .follow_log = follow_log };

	fx->m = m;
	engine_init(&fx->e, m, &opts);
}

static struct zone *normal(struct fx *fx, int nid)
{
	return test_zone(fx->m, nid, ZONE_NORMAL);
}

static unsigned long nr_free_pages(struct fx *fx, int nid)
{
	return zone_page_state_snapshot(normal(fx, nid), NR_FREE_PAGES);
}

/* The block at pfn is allocated: its head holds the one reference. */
static void expect_allocated(struct fx *fx, pfn_t pfn)
{
	struct page *page = pfn_to_page(fx->m, pfn);

	ck_assert_msg(page->_refcount == 1 && !PageBuddy(page), "pfn %lu: refcount %d%s",
		      (unsigned long)pfn, page->_refcount, PageBuddy(page) ? ", free" : "");
}

/*
 * Order 0 at 1001, cut out of the free block [0, 1024) as
 * break_down_buddy_pages() cuts: every half that does not hold the
 * target goes back, largest first: 0/9, 512/8, 768/7, 896/6, 960/5, then
 * the target sits in the lower half of [992, 1024): 1008/4, and on:
 * 992/3, 1004/2, 1002/1, 1000/0.  Counted as rmqueue() counts: one page of
 * pgalloc_normal, NR_FREE_PAGES one less, and a local hit (the CPU's
 * node is the preferred node and the page's: zone_statistics()).
 */
START_TEST(test_follow_order0_from_buddy)
{
	static const struct { pfn_t pfn; unsigned int order; } rest[] = {
		{ 0, 9 }, { 512, 8 }, { 768, 7 }, { 896, 6 }, { 960, 5 }, { 1008, 4 },
		{ 992, 3 }, { 1004, 2 }, { 1002, 1 }, { 1000, 0 },
	};
	struct fx fx;
	unsigned long free0, pgalloc0, hit0, local0;

	ffx_boot(&fx, test_boot_node("64M", 2, K_PLAIN), NULL);
	free0 = nr_free_pages(&fx, 0);
	pgalloc0 = fx.m->vm_events[PGALLOC_NORMAL];
	hit0 = normal(&fx, 0)->vm_numa_event[NUMA_HIT];
	local0 = normal(&fx, 0)->vm_numa_event[NUMA_LOCAL];
	run_ok(&fx, "alloc id=a order=0 gfp=GFP_KERNEL pfn=1001\n");
	expect_allocated(&fx, 1001);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(rest); i++)
		test_expect_free_block(fx.m, rest[i].pfn, rest[i].order, MOV);
	ck_assert_uint_eq(nr_free_pages(&fx, 0), free0 - 1);
	ck_assert_uint_eq(fx.m->vm_events[PGALLOC_NORMAL], pgalloc0 + 1);
	ck_assert_uint_eq(normal(&fx, 0)->vm_numa_event[NUMA_HIT], hit0 + 1);
	ck_assert_uint_eq(normal(&fx, 0)->vm_numa_event[NUMA_LOCAL], local0 + 1);
	ck_assert_uint_eq(fx.m->follow.placed_buddy, 1);
	ck_assert_uint_eq(fx.m->stats.alloc_success[0], 1);
	fx_release(&fx);
}
END_TEST

/*
 * Order 9 at 1536 with __GFP_COMP: the upper half of [1024, 2048), whose
 * lower half [1024, 1536) goes back at order 9.  A compound page
 * (prep_compound_page()), 512 pages of pgalloc_normal (6.1.y counts
 * pages), 512 fewer free pages.
 */
START_TEST(test_follow_order9_from_buddy)
{
	struct fx fx;
	unsigned long free0;

	ffx_boot(&fx, test_boot_node("64M", 2, K_PLAIN), NULL);
	free0 = nr_free_pages(&fx, 0);
	run_ok(&fx, "alloc id=t order=9 gfp=GFP_HIGHUSER_MOVABLE|__GFP_COMP pfn=1536\n");
	expect_allocated(&fx, 1536);
	ck_assert_uint_eq(compound_order(pfn_to_page(fx.m, 1536)), 9);
	test_expect_free_block(fx.m, 1024, 9, MOV);
	ck_assert_uint_eq(nr_free_pages(&fx, 0), free0 - 512);
	ck_assert_uint_eq(fx.m->vm_events[PGALLOC_NORMAL], 512);
	run_ok(&fx, "free id=t\n");
	fx_release(&fx);
}
END_TEST

/*
 * free id= goes the kernel's way: an order-0 block onto the freeing
 * CPU's per-CPU list (free_unref_page()).  The trace then allocates the
 * same frame on the other CPU: taken off CPU 0's list, not from the
 * buddy; the per-CPU frames already counted as allocated, so
 * NR_FREE_PAGES does not move.
 */
START_TEST(test_follow_realloc_from_pcp)
{
	struct per_cpu_pages *pcp0;
	unsigned long free_before;
	struct fx fx;

	ffx_boot(&fx, test_boot_node("64M", 2, K_PLAIN), NULL);
	pcp0 = &normal(&fx, 0)->per_cpu_pageset[0];
	run_ok(&fx, "alloc id=a order=0 gfp=GFP_KERNEL pfn=4000 cpu=0\n"
		    "free id=a cpu=0\n");
	ck_assert_int_eq(pcp0->count, 1);
	/* free_unref_page() files it by its pageblock's type. */
	test_expect_list(fx.m, &pcp0->lists[MOV], 4000);
	free_before = nr_free_pages(&fx, 0);
	run_ok(&fx, "alloc id=b order=0 gfp=GFP_HIGHUSER_MOVABLE pfn=4000 cpu=1\n");
	expect_allocated(&fx, 4000);
	ck_assert_int_eq(pcp0->count, 0);
	ck_assert_uint_eq(nr_free_pages(&fx, 0), free_before);
	ck_assert_uint_eq(fx.m->follow.placed_pcp, 1);
	ck_assert_uint_eq(fx.m->follow.placed_buddy, 1);
	fx_release(&fx);
}
END_TEST

/*
 * An order-9 block freed to the THP per-CPU list is taken back from
 * there.  The zone must be large enough that its pcp high exceeds 512
 * pages, or free_unref_page_commit() drains the block at once (a 64 MiB
 * zone's high is 320).
 */
START_TEST(test_follow_order9_from_pcp)
{
	struct per_cpu_pages *pcp;
	struct fx fx;

	ffx_boot(&fx, test_boot_node("1G", 2, K_PLAIN), NULL);
	pcp = &normal(&fx, 0)->per_cpu_pageset[0];
	run_ok(&fx, "alloc id=t order=9 gfp=GFP_HIGHUSER_MOVABLE|__GFP_COMP pfn=2048 cpu=0\n"
		    "free id=t cpu=0\n");
	ck_assert_msg(pcp->count == 512, "the block is not on the per-CPU list (count %d high %d)",
		      pcp->count, pcp->high);
	run_ok(&fx, "alloc id=u order=9 gfp=GFP_HIGHUSER_MOVABLE|__GFP_COMP pfn=2048 cpu=0\n");
	expect_allocated(&fx, 2048);
	ck_assert_int_eq(pcp->count, 0);
	ck_assert_uint_eq(fx.m->follow.placed_pcp, 1);
	fx_release(&fx);
}
END_TEST

/*
 * An order-1 block whose frame 4000 sits on a per-CPU list and 4001 in
 * the buddy: the per-CPU frame returns to the buddy first (merging with
 * 4001 as free_pcppages_bulk() would), then the block comes off the buddy.
 */
START_TEST(test_follow_pcp_and_buddy)
{
	struct fx fx;

	ffx_boot(&fx, test_boot_node("64M", 2, K_PLAIN), NULL);
	run_ok(&fx, "alloc id=a order=0 gfp=GFP_KERNEL pfn=4000\n"
		    "free id=a\n"
		    "alloc id=b order=1 gfp=GFP_KERNEL pfn=4000\n");
	expect_allocated(&fx, 4000);
	ck_assert_int_eq(normal(&fx, 0)->per_cpu_pageset[0].count, 0);
	ck_assert_uint_eq(fx.m->follow.placed_buddy, 2);
	run_ok(&fx, "free id=b\ndrain\n");
	/* Everything back: [3072, 4096) is one free block again. */
	test_expect_free_block(fx.m, 3072, 10, MOV);
	fx_release(&fx);
}
END_TEST

/*
 * A frame of node 1 allocated on CPU 0 (node 0): zone_statistics()
 * counts a miss and an "other" on node 1's zone, a foreign on node 0's
 * (the preferred zone).  With node=1 the same block is a hit, and still
 * "other" (the CPU is on node 0).
 */
START_TEST(test_follow_numa_counters)
{
	struct fx fx;
	char body[256];
	pfn_t p;

	ffx_boot(&fx, test_boot_node_pair("64M", "64M", K_PLAIN), NULL);
	p = normal(&fx, 1)->zone_start_pfn;
	snprintf(body, sizeof(body),
		 "alloc id=a order=0 gfp=GFP_KERNEL cpu=0 pfn=%lu\n"
		 "alloc id=b order=0 gfp=GFP_KERNEL cpu=0 node=1 pfn=%lu\n",
		 (unsigned long)p, (unsigned long)p + 1);
	run_ok(&fx, body);
	ck_assert_uint_eq(normal(&fx, 1)->vm_numa_event[NUMA_MISS], 1);
	ck_assert_uint_eq(normal(&fx, 1)->vm_numa_event[NUMA_HIT], 1);
	ck_assert_uint_eq(normal(&fx, 1)->vm_numa_event[NUMA_OTHER], 2);
	ck_assert_uint_eq(normal(&fx, 0)->vm_numa_event[NUMA_FOREIGN], 1);
	ck_assert_uint_eq(normal(&fx, 1)->vm_numa_event[NUMA_LOCAL], 0);
	fx_release(&fx);
}
END_TEST

/*
 * A followed replay of body on a fresh 64 MiB machine: how NR_FREE_PAGES
 * and pgfree changed.
 */
static void replay_counting(struct fx *fx, const char *body, long *free_delta,
			    unsigned long *pgfree_delta)
{
	unsigned long free0, pgfree0;

	ffx_boot(fx, test_boot_node("64M", 2, K_PLAIN), NULL);
	free0 = nr_free_pages(fx, 0);
	pgfree0 = fx->m->vm_events[PGFREE];
	run_ok(fx, body);
	*free_delta = (long)nr_free_pages(fx, 0) - (long)free0;
	*pgfree_delta = fx->m->vm_events[PGFREE] - pgfree0;
}

/*
 * A pre-trace free of a frame free in the simulation: it was in use
 * since the start, so it comes off the buddy (one free page less) and is
 * freed the kernel's way, onto the per-CPU list (still one less: per-CPU
 * frames count as allocated), one pgfree.  The trace's later alloc of
 * that frame finds it there.
 */
START_TEST(test_follow_pretrace_free_order0)
{
	unsigned long pgfree;
	struct fx fx;
	long dfree;

	replay_counting(&fx, "free pfn=77 order=0\n", &dfree, &pgfree);
	ck_assert_int_eq(dfree, -1);
	ck_assert_uint_eq(pgfree, 1);
	ck_assert_int_eq(normal(&fx, 0)->per_cpu_pageset[0].count, 1);
	ck_assert_uint_eq(fx.m->follow.pretrace_frees, 1);
	run_ok(&fx, "alloc id=a order=0 gfp=GFP_KERNEL pfn=77\n");
	ck_assert_uint_eq(fx.m->follow.placed_pcp, 1);
	fx_release(&fx);
}
END_TEST

/*
 * An order-5 pre-trace free (above the per-CPU orders) goes straight to
 * the buddy (__free_pages_ok()) and merges back: the free block [0, 1024)
 * is whole again, NR_FREE_PAGES as before, 32 pages of pgfree.
 */
START_TEST(test_follow_pretrace_free_order5)
{
	unsigned long pgfree;
	struct fx fx;
	long dfree;

	replay_counting(&fx, "free pfn=64 order=5\n", &dfree, &pgfree);
	test_expect_free_block(fx.m, 0, 10, MOV);
	ck_assert_int_eq(dfree, 0);
	ck_assert_uint_eq(pgfree, 32);
	fx_release(&fx);
}
END_TEST

/*
 * Frames the configured boot reservation holds (PG_reserved) that the
 * trace allocates or frees: the traced kernel had released them before
 * the trace (free_reserved_page(): reserved cleared, one more managed
 * page, freed).  An alloc of pfn 256 order 2 inside the reservation
 * [256, 272) releases its 4 frames and places the block, no
 * inconsistency; a pre-trace free of [264, 272) releases those 8 (they
 * were in use: that is the free).  A block mixing reserved frames with a
 * followed allocation's is in_use, and its reserved frames stay reserved.
 */
START_TEST(test_follow_boot_reserved_frames)
{
	struct fx fx;
	unsigned long managed0;

	ffx_boot(&fx, test_boot_node("64M", 2, TEST_K_BASE ", \"reserved\": \"0\", "
				     "\"transparent_hugepage\": \"never\", \"reserved_ranges\": "
				     "[{\"start\": \"0x100000\", \"size\": \"64K\"}]"), NULL);
	ck_assert(PageReserved(pfn_to_page(fx.m, 256)) && PageReserved(pfn_to_page(fx.m, 271)));
	managed0 = normal(&fx, 0)->managed_pages;
	run_ok(&fx, "alloc id=a order=2 gfp=GFP_KERNEL pfn=256\n");
	expect_allocated(&fx, 256);
	ck_assert_uint_eq(fx.m->follow.reserved_released, 4);
	ck_assert_uint_eq(normal(&fx, 0)->managed_pages, managed0 + 4);
	run_ok(&fx, "free pfn=264 order=3\n");
	ck_assert_uint_eq(fx.m->follow.reserved_released, 12);
	ck_assert_uint_eq(fx.m->follow.pretrace_frees, 1);
	ck_assert(!PageReserved(pfn_to_page(fx.m, 264)) && page_count(pfn_to_page(fx.m, 264)) == 0);
	run_ok(&fx, "alloc id=c order=3 gfp=GFP_KERNEL pfn=256\n");
	ck_assert_uint_eq(fx.m->follow.inconsistent[FOLLOW_IN_USE], 1);
	ck_assert(PageReserved(pfn_to_page(fx.m, 260)));
	for (int k = FOLLOW_OK + 1; k < NR_FOLLOW_KINDS; k++)
		if (k != FOLLOW_IN_USE)
			ck_assert_uint_eq(fx.m->follow.inconsistent[k], 0);
	run_ok(&fx, "free id=a\nfree id=c\n");
	fx_release(&fx);
}
END_TEST

/* The count of kind after a replay of body that stays OK. */
static unsigned long kind_after(struct fx *fx, const char *body, enum follow_kind kind)
{
	run_ok(fx, body);
	return fx->m->follow.inconsistent[kind];
}

/*
 * Every kind is counted and the event skipped: allocating a frame held
 * (or a block overlapping one) is in_use, and the id is bound to nothing
 * (its free is accepted); a pfn past the memory, outside; a pfn not
 * aligned to its order or a free pfn= block partly free, order_mismatch;
 * free pfn= of a followed allocation's frame, free_in_use.
 */
START_TEST(test_follow_inconsistencies)
{
	struct fx fx;

	ffx_boot(&fx, test_boot_node("64M", 2, K_PLAIN), NULL);
	ck_assert_uint_eq(kind_after(&fx, "alloc id=a order=3 gfp=GFP_KERNEL pfn=800\n"
					  "alloc id=b order=0 gfp=GFP_KERNEL pfn=803\n"
					  "alloc id=c order=4 gfp=GFP_KERNEL pfn=800\n"
					  "free id=b\nfree id=c\n", FOLLOW_IN_USE), 2);
	ck_assert_uint_eq(fx.m->follow.placed_buddy, 1);
	ck_assert_uint_eq(kind_after(&fx, "alloc id=d order=0 gfp=GFP_KERNEL pfn=16384\n"
					  "free pfn=99999999 order=0\n"
					  "extfrag pfn=16384 alloc_order=0 fallback_order=0 alloc_mt=0 fallback_mt=1 change_ownership=1\n",
			 FOLLOW_OUTSIDE), 3);
	ck_assert_uint_eq(kind_after(&fx, "alloc id=e order=1 gfp=GFP_KERNEL pfn=901\n"
					  "free pfn=800 order=4\n", FOLLOW_ORDER_MISMATCH), 2);
	ck_assert_uint_eq(kind_after(&fx, "free pfn=800 order=3\nfree pfn=804 order=0\n",
				     FOLLOW_FREE_IN_USE), 2);
	/* The held block is still the trace's, whole. */
	expect_allocated(&fx, 800);
	run_ok(&fx, "free id=a\nfree id=d\nfree id=e\n");
	fx_release(&fx);
}
END_TEST

/*
 * The report: each inconsistency with its place and record, the first
 * five of a kind, the fifth saying the rest are only counted.
 */
START_TEST(test_follow_report_lines)
{
	char *log = NULL, *line;
	size_t len = 0;
	FILE *f = open_memstream(&log, &len);
	struct fx fx;
	int nr = 0;

	ffx_boot(&fx, test_boot_node("64M", 2, K_PLAIN), f);
	run_ok(&fx, "alloc id=a order=0 gfp=GFP_KERNEL pfn=5\n"
		    "alloc id=b1 order=0 gfp=GFP_KERNEL pfn=5\n"
		    "alloc id=b2 order=0 gfp=GFP_KERNEL pfn=5\n"
		    "alloc id=b3 order=0 gfp=GFP_KERNEL pfn=5\n"
		    "alloc id=b4 order=0 gfp=GFP_KERNEL pfn=5\n"
		    "alloc id=b5 order=0 gfp=GFP_KERNEL pfn=5\n"
		    "alloc id=b6 order=0 gfp=GFP_KERNEL pfn=5\n");
	fclose(f);
	ck_assert_uint_eq(fx.m->follow.inconsistent[FOLLOW_IN_USE], 6);
	ck_assert_msg(!strncmp(log, "t.trace:3: follow: in_use (a frame of the block is in use in the simulation), skipped: alloc id=b1 order=0 gfp=GFP_KERNEL pfn=5\n",
			       strlen("t.trace:3: follow: in_use (a frame of the block is in use in the simulation), skipped: alloc id=b1 order=0 gfp=GFP_KERNEL pfn=5\n")),
		      "log: %s", log);
	for (line = log; (line = strchr(line, '\n')); line++)
		nr++;
	ck_assert_int_eq(nr, 5);
	ck_assert_msg(strstr(log, "t.trace:7: follow: in_use") &&
		      strstr(log, "pfn=5 (further in_use are counted, not shown)\n"), "log: %s", log);
	ck_assert_ptr_null(strstr(log, "t.trace:8:"));
	free(log);
	fx_release(&fx);
}
END_TEST

/*
 * extfrag change_ownership=1 with a fallback block below pageblock order
 * claims the pageblock holding it (steal_suitable_fallback()): the
 * pageblock [2048, 2560) becomes Unmovable and its free blocks move to
 * the Unmovable lists (move_freepages_block()); the neighbouring
 * pageblock [2560, 3072) stays Movable with its free block.  Counted as
 * a fallback: fragmenting (3 < 9), change_ownership, one steal.
 */
START_TEST(test_follow_extfrag_claims_pageblock)
{
	struct fx fx;

	ffx_boot(&fx, test_boot_node("64M", 2, K_PLAIN), NULL);
	run_ok(&fx, "alloc id=a order=3 gfp=GFP_HIGHUSER_MOVABLE pfn=2056\n");
	test_expect_free_block(fx.m, 2048, 3, MOV);
	run_ok(&fx, "extfrag pfn=2064 alloc_order=0 fallback_order=4 alloc_mt=0 fallback_mt=1 change_ownership=1\n");
	ck_assert_int_eq(get_pageblock_migratetype(fx.m, 2048), UNMOV);
	ck_assert_int_eq(get_pageblock_migratetype(fx.m, 2560), MOV);
	test_expect_free_block(fx.m, 2048, 3, UNMOV);
	test_expect_free_block(fx.m, 2064, 4, UNMOV);
	test_expect_free_block(fx.m, 2304, 8, UNMOV);
	test_expect_free_block(fx.m, 2560, 9, MOV);
	ck_assert_uint_eq(fx.m->stats.extfrag_events, 1);
	ck_assert_uint_eq(fx.m->stats.extfrag_fragmenting, 1);
	ck_assert_uint_eq(fx.m->stats.extfrag_change_ownership, 1);
	ck_assert_uint_eq(fx.m->stats.extfrag_by_type[UNMOV][MOV], 1);
	ck_assert_uint_eq(fx.m->stats.pageblock_steals, 1);
	ck_assert_uint_eq(fx.m->follow.extfrag_applied, 1);
	fx_release(&fx);
}
END_TEST

/*
 * A fallback block of MAX_ORDER - 1 retypes both pageblocks it spans
 * (change_pageblock_range()) and its free block moves; change_ownership=0
 * changes no type (the kernel left the pageblock as it was).
 */
START_TEST(test_follow_extfrag_large_and_none)
{
	struct fx fx;

	ffx_boot(&fx, test_boot_node("64M", 2, K_PLAIN), NULL);
	run_ok(&fx, "extfrag pfn=4096 alloc_order=0 fallback_order=10 alloc_mt=2 fallback_mt=1 change_ownership=1\n"
		    "extfrag pfn=5120 alloc_order=0 fallback_order=10 alloc_mt=0 fallback_mt=1 change_ownership=0\n");
	ck_assert_int_eq(get_pageblock_migratetype(fx.m, 4096), MIGRATE_RECLAIMABLE);
	ck_assert_int_eq(get_pageblock_migratetype(fx.m, 4608), MIGRATE_RECLAIMABLE);
	test_expect_free_block(fx.m, 4096, 10, MIGRATE_RECLAIMABLE);
	ck_assert_int_eq(get_pageblock_migratetype(fx.m, 5120), MOV);
	test_expect_free_block(fx.m, 5120, 10, MOV);
	ck_assert_uint_eq(fx.m->stats.pageblock_steals, 2);
	ck_assert_uint_eq(fx.m->stats.extfrag_events, 2);
	ck_assert_uint_eq(fx.m->stats.extfrag_change_ownership, 1);
	ck_assert_uint_eq(fx.m->stats.extfrag_fragmenting, 0);
	fx_release(&fx);
}
END_TEST

/* Every order's free block count of zone. */
static void free_counts(struct zone *zone, unsigned long nr[MAX_ORDER])
{
	for (int o = 0; o < MAX_ORDER; o++)
		nr[o] = zone->free_area[o].nr_free;
}

/*
 * split_page() of a followed order-3 block, then its pieces freed one by
 * one (the checkers run after each): after a drain every piece has merged
 * back and the free lists are as before the allocation.
 */
START_TEST(test_follow_split_merges_back)
{
	unsigned long before[MAX_ORDER], after[MAX_ORDER];
	struct fx fx;
	char body[512];
	size_t n = 0;

	ffx_boot(&fx, test_boot_node("64M", 2, K_PLAIN), NULL);
	free_counts(normal(&fx, 0), before);
	run_ok(&fx, "alloc id=a order=3 gfp=GFP_KERNEL pfn=3000\nsplit id=a\n");
	for (int i = 0; i < 8; i++)
		expect_allocated(&fx, 3000 + i);
	for (int i = 7; i >= 0; i--)
		n += (size_t)snprintf(body + n, sizeof(body) - n, "free id=a.%d\n", i);
	run_ok(&fx, body);
	run_ok(&fx, "drain\n");
	free_counts(normal(&fx, 0), after);
	for (int o = 0; o < MAX_ORDER; o++)
		ck_assert_msg(before[o] == after[o], "order %d: %lu free blocks, %lu before", o,
			      after[o], before[o]);
	ck_assert_uint_eq(fx.m->raw.nr_live, 0);
	fx_release(&fx);
}
END_TEST

/*
 * A demand replay splits too: a compound movable block (as a THP split by
 * split_huge_page()) becomes order-0 pages, each movable on its own; a
 * failed allocation's id splits into pieces bound to nothing, whose frees
 * are accepted.
 */
START_TEST(test_split_demand)
{
	struct fx fx;
	raw_handle_t h;
	struct alloc_key key;
	struct page *page;

	fx_boot(&fx, "64M", K_PLAIN);
	run_ok(&fx, "alloc id=t order=2 gfp=GFP_HIGHUSER_MOVABLE|__GFP_COMP\nsplit id=t\n");
	alloc_key_init(&key, "t.3");
	ck_assert(alloc_ids_get(&page_state(&fx.e)->ids, &key, &h));
	page = raw_alloc_page(fx.m, h);
	ck_assert(!PageFlag(page, PG_tail) && !PageFlag(page - 3, PG_head));
	ck_assert(__PageMovable(page) && page->_refcount == 1);
	ck_assert_uint_eq(raw_alloc_order(fx.m, h), 0);
	run_ok(&fx, "free id=t.0\nfree id=t.1\nfree id=t.2\nfree id=t.3\n");
	fx_release(&fx);

	ffx_boot(&fx, test_boot_node("64M", 2, K_PLAIN), NULL);
	run_ok(&fx, "alloc id=f order=2 gfp=GFP_KERNEL pfn=none\nsplit id=f\n"
		    "free id=f.3\nfree id=f.0\n");
	expect_bad(&fx, "free id=f\n", "t.trace:2: free of unknown id 'f' (never allocated, or freed already)");
	fx_release(&fx);
}
END_TEST

/* The records' input errors: FILE:LINE: message, nothing changed. */
START_TEST(test_follow_bad_input)
{
	struct fx fx;

	ffx_boot(&fx, test_boot_node("64M", 2, K_PLAIN), NULL);
	expect_bad(&fx, "alloc id=a order=0 gfp=GFP_KERNEL pfn=x1\n",
		   "t.trace:2: bad value 'x1' for pfn: not a number");
	expect_bad(&fx, "alloc id=a order=0 gfp=GFP_KERNEL pfn=-1\n",
		   "t.trace:2: pfn -1 out of range (0..4503599627370495)");
	expect_bad(&fx, "free pfn=5\n", "t.trace:2: free needs id=, or pfn= and order=");
	expect_bad(&fx, "free order=0\n", "t.trace:2: free needs id=, or pfn= and order=");
	expect_bad(&fx, "free id=a pfn=5 order=0\n",
		   "t.trace:2: free takes id= or pfn= with order=, not both");
	expect_bad(&fx, "free pfn=none order=0\n",
		   "t.trace:2: bad value 'none' for pfn: not a number");
	expect_bad(&fx, "free pfn=5 order=11\n", "t.trace:2: order 11 out of range (0..10)");
	expect_bad(&fx, "split id=zz\n",
		   "t.trace:2: split of unknown id 'zz' (never allocated, or freed already)");
	expect_bad(&fx, "alloc id=a order=0 gfp=GFP_KERNEL pfn=5\nsplit id=a\n",
		   "t.trace:3: split of 'a', an order-0 block");
	expect_bad(&fx, "alloc id=b order=1 gfp=GFP_KERNEL pfn=8\n"
			"alloc id=b.1 order=0 gfp=GFP_KERNEL pfn=20\nsplit id=b\n",
		   "t.trace:4: split of 'b': piece 'b.1' is already allocated");
	expect_bad(&fx, "extfrag pfn=5 alloc_order=0 fallback_order=1 alloc_mt=4 fallback_mt=1 change_ownership=1\n",
		   "t.trace:2: alloc_mt 4 out of range (0..3)");
	expect_bad(&fx, "extfrag pfn=5 alloc_order=0 fallback_order=11 alloc_mt=0 fallback_mt=1 change_ownership=1\n",
		   "t.trace:2: fallback_order 11 out of range (0..10)");
	expect_bad(&fx, "extfrag pfn=5 alloc_order=0 fallback_order=1 alloc_mt=0 fallback_mt=1 change_ownership=2\n",
		   "t.trace:2: change_ownership 2 out of range (0..1)");
	expect_bad(&fx, "extfrag pfn=5 alloc_order=0 fallback_order=1 alloc_mt=0 fallback_mt=1 change_ownership=1 cpu=9\n",
		   "t.trace:2: cpu 9 out of range (0..1)");
	expect_bad(&fx, "extfrag pfn=5 alloc_order=0 fallback_order=1 alloc_mt=0 change_ownership=1\n",
		   "t.trace:2: missing key 'fallback_mt' for extfrag");
	/* The failed records changed nothing: pfn 5's block is the one alloc a placed. */
	ck_assert_uint_eq(fx.m->follow.placed_buddy, 3);
	ck_assert_uint_eq(fx.m->stats.extfrag_events, 0);
	fx_release(&fx);
}
END_TEST

/*
 * A demand replay keeps the traced kernel's choices beside numasim's, on
 * two nodes of 64 MiB (node 1 from pfn 16384), CPU 0 on node 0:
 *   alloc a order 0, traced on node 1 (pfn 16400): traced ok[0], 1 page
 *     on node 1; numasim's default policy allocates on the CPU's node: 1
 *     page on node 0;
 *   alloc b order 2, traced pfn=none: traced failed[2]; numasim ok[2], 4
 *     pages on node 0;
 *   alloc c order 1 at pfn 40000 (past both nodes): traced ok[1], 2
 *     pages outside; numasim 2 pages on node 0;
 *   free pfn= : one pre-trace free, nothing replayed;
 *   two extfrag: Unmovable->Movable (fallback order 3: fragmenting) and
 *     Reclaimable->Movable (order 10, change_ownership).
 * numasim's side of the fallbacks is numasim's own (struct mm_sim_stats).
 */
START_TEST(test_demand_comparison)
{
	const struct traced_counts *t;
	struct fx fx;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	fx_boot_machine(&fx, test_boot_node_pair("64M", "64M", K_PLAIN));
	run_ok(&fx, "alloc id=a order=0 gfp=GFP_KERNEL cpu=0 pfn=16400\n"
		    "alloc id=b order=2 gfp=GFP_KERNEL pfn=none\n"
		    "alloc id=c order=1 gfp=GFP_KERNEL pfn=40000\n"
		    "free pfn=5 order=0\n"
		    "extfrag pfn=100 alloc_order=0 fallback_order=3 alloc_mt=0 fallback_mt=1 change_ownership=0\n"
		    "extfrag pfn=1024 alloc_order=0 fallback_order=10 alloc_mt=2 fallback_mt=1 change_ownership=1\n"
		    "free id=a\n");
	t = page_traced_counts(&fx.e);
	ck_assert(t->present);
	ck_assert_uint_eq(t->alloc[0], 1);
	ck_assert_uint_eq(t->alloc[1], 1);
	ck_assert_uint_eq(t->fail[2], 1);
	ck_assert_uint_eq(t->sim_alloc[0] + t->sim_alloc[1] + t->sim_alloc[2], 3);
	ck_assert_uint_eq(t->sim_fail[2], 0);
	ck_assert_uint_eq(t->zone_pages[1][ZONE_NORMAL], 1);
	ck_assert_uint_eq(t->zone_pages[0][ZONE_NORMAL], 0);
	ck_assert_uint_eq(t->outside_pages, 2);
	ck_assert_uint_eq(t->sim_zone_pages[0][ZONE_NORMAL], 7);
	ck_assert_uint_eq(t->sim_zone_pages[1][ZONE_NORMAL], 0);
	ck_assert_uint_eq(t->pretrace_frees, 1);
	ck_assert_uint_eq(t->extfrag[UNMOV][MOV], 1);
	ck_assert_uint_eq(t->extfrag[MIGRATE_RECLAIMABLE][MOV], 1);
	ck_assert_uint_eq(t->extfrag_fragmenting, 1);
	ck_assert_uint_eq(t->extfrag_change_ownership, 1);
	/* The traced records changed nothing: no pageblock is Reclaimable. */
	ck_assert_int_eq(get_pageblock_migratetype(fx.m, 1024), MOV);

	f = open_memstream(&text, &len);
	report_comparison_print(f, fx.m, t);
	fclose(f);
	ck_assert_msg(strstr(text, "  traced failed         0        0        1        0"),
		      "%s", text);
	ck_assert_msg(strstr(text, "  Reclaimable->Movable                  1          0\n"), "%s", text);
	ck_assert_msg(strstr(text, "  node 1 Normal                         1          0\n"), "%s", text);
	ck_assert_msg(strstr(text, "  outside this machine                  2          -\n"), "%s", text);
	ck_assert_msg(strstr(text, "  node 0                                0          7\n"), "%s", text);
	ck_assert_msg(strstr(text, "pre-trace frees: 1 "), "%s", text);
	free(text);
	fx_release(&fx);
}
END_TEST

/*
 * numasim run --follow twice on the same trace: the same summary and
 * results.json byte for byte, with the "follow" object; an inconsistency
 * reaches stderr with its record.
 */
START_TEST(test_follow_cli_deterministic)
{
	static const char trace[] =
		"numasim-trace v1\n"
		"alloc id=a order=0 gfp=GFP_KERNEL pfn=4096\n"
		"alloc id=b order=0 gfp=GFP_KERNEL pfn=4096\n"
		"free pfn=8192 order=2\n"
		"extfrag pfn=9000 alloc_order=0 fallback_order=2 alloc_mt=0 fallback_mt=1 change_ownership=1\n"
		"alloc id=c order=9 gfp=GFP_TRANSHUGE pfn=16384\n"
		"split id=c\nfree id=c.5\nfree id=a\n";
	static char out1[65536], out2[65536], err[4096];
	char dir[128], *r1, *r2;
	json_t *root, *fo;

	test_scratch_dir(dir, sizeof(dir), "follow");
	test_write_file(test_path_in(dir, "t.trace"), trace, sizeof(trace) - 1);
	ck_assert_int_eq(test_numasim_at(dir, out1, sizeof(out1), err, sizeof(err),
					 "run --follow --check=1 -o @/o1 @/t.trace"), 0);
	ck_assert_msg(strstr(err, "t.trace:3: follow: in_use"), "stderr: %s", err);
	ck_assert_int_eq(test_numasim_at(dir, out2, sizeof(out2), NULL, 0,
					 "run --follow --check=1 -o @/o2 @/t.trace"), 0);
	r1 = test_read_file(test_path_in(dir, "o1/results.json"));
	r2 = test_read_file(test_path_in(dir, "o2/results.json"));
	ck_assert_str_eq(r1, r2);
	/* The summaries differ only in the output directory they name last. */
	*strstr(out1, "\nwrote ") = *strstr(out2, "\nwrote ") = '\0';
	ck_assert_str_eq(out1, out2);
	ck_assert_msg(strstr(out1, "inconsistencies: 1, in_use 1,"), "%s", out1);
	root = json_loads(r1, 0, NULL);
	fo = json_object_get(root, "follow");
	ck_assert_ptr_nonnull(fo);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(fo, "inconsistencies"),
							    "in_use")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(fo, "pre_trace_frees")), 1);
	ck_assert_ptr_null(json_object_get(root, "comparison"));
	json_decref(root);
	free(r1);
	free(r2);

	/*
	 * The same trace as a demand replay: no "follow", a "comparison" of
	 * the three alloc records (two traced at order 0, one at order 9) and
	 * the one pre-trace free.
	 */
	ck_assert_int_eq(test_numasim_at(dir, out1, sizeof(out1), NULL, 0,
					 "run --check=1 -o @/o3 @/t.trace"), 0);
	r1 = test_read_file(test_path_in(dir, "o3/results.json"));
	root = json_loads(r1, 0, NULL);
	ck_assert_ptr_null(json_object_get(root, "follow"));
	fo = json_object_get(json_object_get(json_object_get(root, "comparison"), "allocations"),
			     "traced");
	ck_assert_int_eq(json_integer_value(json_array_get(fo, 0)), 2);
	ck_assert_int_eq(json_integer_value(json_array_get(fo, 9)), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(root, "comparison"),
							    "pre_trace_frees")), 1);
	ck_assert_msg(strstr(out1, "numasim vs the traced kernel"), "%s", out1);
	json_decref(root);
	free(r1);
	test_remove_dir(dir);
}
END_TEST

Suite *follow_suite(void);	/* called by the runner through suites.h */

Suite *follow_suite(void)
{
	Suite *s = suite_create("follow");
	TCase *tc = tcase_create("follow");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_follow_order0_from_buddy);
	tcase_add_test(tc, test_follow_order9_from_buddy);
	tcase_add_test(tc, test_follow_realloc_from_pcp);
	tcase_add_test(tc, test_follow_order9_from_pcp);
	tcase_add_test(tc, test_follow_pcp_and_buddy);
	tcase_add_test(tc, test_follow_numa_counters);
	tcase_add_test(tc, test_follow_pretrace_free_order0);
	tcase_add_test(tc, test_follow_pretrace_free_order5);
	tcase_add_test(tc, test_follow_boot_reserved_frames);
	tcase_add_test(tc, test_follow_inconsistencies);
	tcase_add_test(tc, test_follow_report_lines);
	tcase_add_test(tc, test_follow_extfrag_claims_pageblock);
	tcase_add_test(tc, test_follow_extfrag_large_and_none);
	tcase_add_test(tc, test_follow_split_merges_back);
	tcase_add_test(tc, test_split_demand);
	tcase_add_test(tc, test_follow_bad_input);
	tcase_add_test(tc, test_demand_comparison);
	tcase_add_test(tc, test_follow_cli_deterministic);
	suite_add_tcase(s, tc);
	return s;
}
