/*
 * tests/check_random.c - randomised allocator runs under the checkers.
 *
 * Each case boots a small machine of one shape (per-CPU lists on or off,
 * DMA zones, two nodes, a ZONE_MOVABLE, a machine too small for mobility
 * grouping, a hole of a whole memory section, nodes without CPUs or
 * memory, 4 MiB pageblocks) and drives it with a seeded random mix of
 * allocations of every migratetype and order 0..10, frees, __GFP_THISNODE
 * and GFP_ATOMIC requests, drains and sysctl writes.  After every step the
 * whole-structure checkers (buddy_check, pageblock_check) must pass, and
 * at the end, once everything is freed and the pcp lists drained, every
 * zone must hold all its managed pages free again: __free_one_page()
 * merges every buddy pair back, so nothing may leak.
 *
 * These are property tests of the kernel's rules (the invariants of
 * mm/mmzone.h), not of particular values.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "mm/daemon.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/sysctl.h"
#include "tests/helpers.h"

#define RANDOM_STEPS	8000
#define MAX_LIVE	8192

struct live_block {
	struct page *page;
	unsigned int order;
};

struct random_run {
	struct machine *m;
	uint64_t rng;
	struct live_block live[MAX_LIVE];
	unsigned int nr_live;
};

static uint64_t next_rand(struct random_run *r)
{
	uint64_t z = (r->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Mostly small orders, as real traffic is; now and then a big one. */
static unsigned int random_order(struct random_run *r)
{
	unsigned int roll = (unsigned int)(next_rand(r) % 100);

	if (roll < 60)
		return 0;
	if (roll < 85)
		return 1 + (unsigned int)(next_rand(r) % 3);
	return (unsigned int)(next_rand(r) % MAX_ORDER);
}

static gfp_t random_gfp(struct random_run *r)
{
	static const gfp_t gfps[] = {
		GFP_KERNEL, GFP_KERNEL | __GFP_RECLAIMABLE, GFP_HIGHUSER_MOVABLE,
		GFP_ATOMIC, GFP_NOWAIT, GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
		GFP_KERNEL | __GFP_THISNODE, GFP_TRANSHUGE_LIGHT, GFP_DMA32 | GFP_KERNEL,
		GFP_USER | __GFP_COMP,
	};

	return gfps[next_rand(r) % TEST_ARRAY_SIZE(gfps)];
}

static void random_alloc(struct random_run *r)
{
	struct machine *m = r->m;
	unsigned int order = random_order(r);
	gfp_t gfp = random_gfp(r);
	int nid = (int)(next_rand(r) % (m->nr_node_ids + 1)) - 1;
	struct page *page;

	if (r->nr_live == MAX_LIVE)
		return;
	m->current_cpu = (int)(next_rand(r) % m->nr_cpus);
	page = alloc_pages_node(m, nid, gfp, order);
	if (!page)
		return;
	ck_assert_int_eq(page->_refcount, 1);
	ck_assert_uint_eq(page_to_pfn(m, page) & (order_to_pages(order) - 1), 0);
	r->live[r->nr_live].page = page;
	r->live[r->nr_live].order = order;
	r->nr_live++;
}

static void random_free(struct random_run *r)
{
	unsigned int i;

	if (!r->nr_live)
		return;
	i = (unsigned int)(next_rand(r) % r->nr_live);
	r->m->current_cpu = (int)(next_rand(r) % r->m->nr_cpus);
	__free_pages(r->m, r->live[i].page, r->live[i].order);
	r->live[i] = r->live[--r->nr_live];
}

/* A sysctl write the kernel would accept; watermarks and pcp sizes follow. */
static void random_sysctl(struct random_run *r)
{
	switch (next_rand(r) % 3) {
	case 0:
		ck_assert_int_eq(mm_sysctl_write(r->m, "vm.min_free_kbytes",
						 (long)(next_rand(r) % 2048)), 0);
		break;
	case 1:
		ck_assert_int_eq(mm_sysctl_write(r->m, "vm.watermark_scale_factor",
						 1 + (long)(next_rand(r) % 1000)), 0);
		break;
	default:
		ck_assert_int_eq(mm_sysctl_write(r->m, "vm.percpu_pagelist_high_fraction",
						 (long)(next_rand(r) % 2) * 8), 0);
		break;
	}
}

static void random_step(struct random_run *r)
{
	unsigned int roll = (unsigned int)(next_rand(r) % 100);

	if (roll < 55)
		random_alloc(r);
	else if (roll < 97)
		random_free(r);
	else if (roll < 99)
		drain_all_pages(r->m, NULL);
	else
		random_sysctl(r);
	mm_run_daemons(r->m, r->m->clock_ns);
}

/* Free everything, drain, and expect every managed page free again. */
static void expect_all_free(struct random_run *r)
{
	while (r->nr_live)
		random_free(r);
	drain_all_pages(r->m, NULL);
	test_check(r->m);
	for (unsigned int nid = 0; nid < r->m->nr_node_ids; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = test_zone(r->m, (int)nid, z);

			ck_assert_msg(zone_free_pages(zone) == zone->managed_pages,
				      "node %u %s: %lu of %lu managed pages free after freeing all",
				      nid, zone->name, zone_free_pages(zone), zone->managed_pages);
		}
}

static const struct {
	const char *machine;
	const char *kernel;
} shapes[] = {
	/* One node, per-CPU lists, small min_free_kbytes so memory runs short. */
	{ "\"nodes\": [{\"mem\": \"32M\", \"cpus\": 2}]",
	  "\"reserved\": \"0\", \"min_free_kbytes\": 128" },
	/* The same without per-CPU lists. */
	{ "\"nodes\": [{\"mem\": \"32M\", \"cpus\": 2}]",
	  "\"reserved\": \"0\", \"pcp\": false" },
	/* Two nodes, DMA and DMA32, an odd hole, default reservations. */
	{ "\"nodes\": [{\"mem\": \"24M\", \"cpus\": 1}, {\"mem\": \"16M\", \"cpus\": 2}],"
	  " \"holes\": [{\"start\": \"0\", \"size\": \"4K\"}, {\"start\": \"0x9f000\", \"size\": \"0x61000\"}]",
	  "\"dma\": true, \"dma32\": true" },
	/* ZONE_MOVABLE on both nodes: only movable requests may use it. */
	{ "\"nodes\": [{\"mem\": \"32M\", \"cpus\": 1}, {\"mem\": \"32M\", \"cpus\": 1}]",
	  "\"reserved\": \"0\", \"kernelcore\": \"24M\"" },
	/* Too small for mobility grouping (fewer than 5 pageblocks). */
	{ "\"nodes\": [{\"mem\": \"8M\", \"cpus\": 1}]",
	  "\"reserved\": \"0\", \"min_free_kbytes\": 0" },
	/*
	 * A section-sized hole: memory in [0, 16M) and [272M, 288M); section 1
	 * ([128M, 256M)) has no memmap, section 2 runs past the node's end.
	 */
	{ "\"nodes\": [{\"mem\": \"288M\", \"cpus\": 2}],"
	  " \"holes\": [{\"start\": \"16M\", \"size\": \"256M\"}]",
	  "\"reserved\": \"0\", \"min_free_kbytes\": 128, \"dma\": true" },
	/*
	 * A node with CPUs and memory, a CPU-only one (its CPUs allocate from
	 * the other nodes) and a memory-only one (its pcp high split over
	 * every CPU).
	 */
	{ "\"nodes\": [{\"mem\": \"24M\", \"cpus\": 1}, {\"mem\": \"0\", \"cpus\": 2},"
	  " {\"mem\": \"16M\", \"cpus\": 0}]",
	  "\"reserved\": \"0\", \"min_free_kbytes\": 128" },
	/* 4 MiB pageblocks, THP never, boosting off. */
	{ "\"nodes\": [{\"mem\": \"64M\", \"cpus\": 2}]",
	  "\"reserved\": \"0\", \"pageblock_order\": 10, \"transparent_hugepage\": \"never\","
	  " \"watermark_boost_factor\": 0" },
};

/*
 * For each machine shape and three seeds: RANDOM_STEPS random steps with
 * the checkers after each.  Expect the checkers to pass throughout, at
 * least one fallback (mm_page_alloc_extfrag) on the way, and all managed
 * memory to be free once everything is freed.
 */
START_TEST(test_random_steps_keep_invariants)
{
	struct random_run *r = calloc(1, sizeof(*r));
	int shape = _i / 3;

	r->rng = 0x5eed0000u + (uint64_t)_i;
	r->m = test_boot_machine(shapes[shape].machine, shapes[shape].kernel);
	test_check(r->m);
	for (int step = 0; step < RANDOM_STEPS; step++) {
		random_step(r);
		test_check(r->m);
	}
	/* The run must have reached the fallback path, or it proved little. */
	ck_assert_uint_gt(r->m->stats.extfrag_events, 0);
	expect_all_free(r);
	test_release(r->m);
	free(r);
}
END_TEST

Suite *random_suite(void);

Suite *random_suite(void)
{
	Suite *s = suite_create("random");
	TCase *tc = tcase_create("invariants");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_random_steps_keep_invariants, 0,
			    (int)TEST_ARRAY_SIZE(shapes) * 3);
	suite_add_tcase(s, tc);
	return s;
}
