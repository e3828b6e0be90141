/*
 * tests/check_nodes.c - machines with nodes that have no CPUs (memory-only:
 * CXL memory, memory tiers) or no memory (CPU-only), booted through the
 * config loader, against what Linux 6.1 does on x86_64 for them: pcp sizes,
 * counter thresholds, zonelists, where a CPU of a node without memory gets
 * its pages and how the NUMA counters see it, memory policies, THP
 * faults, hugetlb, kswapd and the /proc views.
 *
 * The main machine, MIXED: node 0 (64M, CPU 0), node 1 (no memory, CPUs 1
 * and 2), node 2 (64M, no CPU), node 3 (64M, CPU 3); no DMA zones, nothing
 * reserved, so each memory node has one Normal zone of 16384 managed
 * pages.  SLIT:
 *
 *	     0   1   2   3
 *	0   10  20  25  30
 *	1   20  10  20  15
 *	2   25  20  10  25
 *	3   30  15  25  10
 *
 * Each test names the kernel function whose rule it checks; expected
 * values are worked out from those rules in the comments.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/sysctl.h"
#include "sim/engine.h"
#include "sim/procfs.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define MIXED_NODES							\
	"\"nodes\": [{\"mem\": \"64M\", \"cpus\": 1}, {\"mem\": \"0\", \"cpus\": 2},"	\
	" {\"mem\": \"64M\", \"cpus\": 0}, {\"mem\": \"64M\", \"cpus\": 1}],"	\
	" \"distance\": [[10, 20, 25, 30], [20, 10, 20, 15], [25, 20, 10, 25],"	\
	" [30, 15, 25, 10]]"

/* Per zone: pages_min = 4096 kB = 1024 pages, a third each: 341. */
#define K_MIXED		TEST_K_PLAIN ", \"min_free_kbytes\": 4096"

/* Every page can go, nothing is cached per CPU: a node fills up exactly. */
#define K_FILL		TEST_K_PLAIN ", \"min_free_kbytes\": 0, \"pcp\": false"

#define THP_BASE	((uint64_t)0x200000000)

static struct machine *boot_mixed(const char *kernel_keys)
{
	struct machine *m = test_boot_machine(MIXED_NODES, kernel_keys);

	ck_assert_uint_eq(m->nr_cpus, 4);
	ck_assert_int_eq(cpu_to_node(m, 1), 1);
	ck_assert_int_eq(cpu_to_node(m, 2), 1);
	ck_assert_int_eq(cpu_to_node(m, 3), 3);
	return m;
}

static struct zone *normal(struct machine *m, int nid)
{
	return test_zone(m, nid, ZONE_NORMAL);
}

static unsigned long numa_event(struct machine *m, int nid, enum numa_stat_item item)
{
	return normal(m, nid)->vm_numa_event[item];
}

/* The sum of one NUMA event over every zone of the machine. */
static unsigned long numa_total(struct machine *m, enum numa_stat_item item)
{
	unsigned long sum = 0;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			sum += test_zone(m, (int)nid, z)->vm_numa_event[item];
	return sum;
}

/* The nodes of a zonelist's zones, in order, as "3 2 0". */
static void zonelist_nodes(const pg_data_t *pgdat, int list, char *buf, size_t len)
{
	const struct zoneref *z = pgdat->node_zonelists[list]._zonerefs;
	size_t n = 0;

	buf[0] = '\0';
	for (; z->zone && n < len; z++)
		n += (size_t)snprintf(buf + n, len - n, "%s%d", n ? " " : "", z->zone->node);
}

/* ---- boot ---------------------------------------------------------------- */

/*
 * Linux: free_area_init() / free_area_init_node(): a node without memory
 * gets a pgdat whose zones are all empty and is not in N_MEMORY; a node
 * without CPUs is an ordinary memory node.  Expect node 1 with no present
 * page and no populated zone, the three others with 16384 managed pages,
 * every checker passing, and allocations from every CPU passing them too.
 */
START_TEST(test_boot_mixed_machine)
{
	struct machine *m = boot_mixed(K_MIXED);
	struct page *pages[4];

	ck_assert_uint_eq(m->nr_node_ids, 4);
	ck_assert_uint_eq(NODE_DATA(m, 1)->node_present_pages, 0);
	ck_assert_uint_eq(NODE_DATA(m, 1)->node_spanned_pages, 0);
	ck_assert_int_eq(NODE_DATA(m, 1)->nr_zones, 0);
	ck_assert(!node_has_memory(m, 1));
	for (int z = 0; z < MAX_NR_ZONES; z++)
		ck_assert(!populated_zone(test_zone(m, 1, z)));
	for (int i = 0; i < 3; i++) {
		int nid = (int[]){ 0, 2, 3 }[i];

		ck_assert(node_has_memory(m, nid));
		ck_assert_uint_eq(normal(m, nid)->managed_pages, 16384);
	}
	ck_assert_uint_eq(test_managed_pages(m), 3 * 16384);
	test_check(m);
	for (int cpu = 0; cpu < 4; cpu++) {
		m->current_cpu = cpu;
		pages[cpu] = alloc_pages_node(m, NUMA_NO_NODE, GFP_KERNEL, (unsigned int)cpu);
		ck_assert_ptr_nonnull(pages[cpu]);
		test_check(m);
	}
	for (int cpu = 0; cpu < 4; cpu++)
		__free_pages(m, pages[cpu], (unsigned int)cpu);
	test_release(m);
}
END_TEST

/*
 * A machine of one node with CPUs and memory and one CPU-only node, the
 * shape of a VM whose second socket got vCPUs but no memory.  Expect it
 * to boot, pass every checker, and serve both CPUs from node 0.
 */
START_TEST(test_boot_cpu_only_node)
{
	struct machine *m = test_boot_machine("\"nodes\": [{\"mem\": \"64M\", \"cpus\": 1},"
					      " {\"mem\": \"0\", \"cpus\": 1}]", K_MIXED);

	test_check(m);
	for (int cpu = 0; cpu < 2; cpu++) {
		struct page *page;

		m->current_cpu = cpu;
		page = alloc_pages_node(m, NUMA_NO_NODE, GFP_KERNEL, 0);
		ck_assert_ptr_nonnull(page);
		ck_assert_int_eq(page_to_nid(page), 0);
		__free_pages(m, page, 0);
		test_check(m);
	}
	test_release(m);
}
END_TEST

/* ---- pcp high and batch -------------------------------------------------- */

/*
 * Linux: zone_highsize() splits the low watermark over the CPUs of the
 * zone's node (cpumask_weight(cpumask_of_node())), or over every online
 * CPU when the node has none; zone_batchsize() ignores CPUs.
 * __setup_per_zone_wmarks(): min = 1024 * 16384 / 49152 = 341, the gap
 * max(341 >> 2, 16384 * 10 / 10000) = 85, low = 426.  zone_batchsize():
 * min(16384 >> 10, 256) / 4 = 4, rounddown_pow_of_two(4 + 2) - 1 = 3.
 * Expect batch 3 everywhere; high 426 on nodes 0 and 3 (one CPU each)
 * and 426 / 4 = 106 on node 2 (no CPU, 4 online); at least 4 * batch.
 */
START_TEST(test_pcp_high_memory_only_node)
{
	struct machine *m = boot_mixed(K_MIXED);
	struct zone *z2 = normal(m, 2);

	ck_assert_uint_eq(low_wmark_pages(z2), 426);
	ck_assert_int_eq(z2->pageset_batch, 3);
	ck_assert_int_eq(z2->pageset_high, 426 / 4);
	ck_assert_int_eq(normal(m, 0)->pageset_high, 426);
	ck_assert_int_eq(normal(m, 3)->pageset_high, 426);
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
		ck_assert_int_eq(z2->per_cpu_pageset[cpu].high, 106);
		ck_assert_int_eq(z2->per_cpu_pageset[cpu].batch, 3);
	}
	test_release(m);
}
END_TEST

/*
 * Linux: zone_highsize() with vm.percpu_pagelist_high_fraction: managed /
 * fraction split the same way.  Fraction 8: 16384 / 8 = 2048; node 2
 * (no CPU): 2048 / 4 = 512; node 0 (one CPU): 2048.  Writing it back to 0
 * returns to the low watermark (106 and 426).
 */
START_TEST(test_pcp_high_fraction_memory_only_node)
{
	struct machine *m = boot_mixed(K_MIXED ", \"percpu_pagelist_high_fraction\": 8");

	ck_assert_int_eq(normal(m, 2)->pageset_high, 512);
	ck_assert_int_eq(normal(m, 0)->pageset_high, 2048);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.percpu_pagelist_high_fraction", 0), 0);
	ck_assert_int_eq(normal(m, 2)->pageset_high, 106);
	ck_assert_int_eq(normal(m, 0)->pageset_high, 426);
	test_release(m);
}
END_TEST

/* ---- counter thresholds -------------------------------------------------- */

/*
 * Linux: calculate_normal_threshold() takes num_online_cpus(), not the
 * node's CPUs: 2 * fls(4) * (1 + fls(16384 >> 15)) = 2 * 3 * 1 = 6 for
 * every zone, the memory-only node's too (by its own CPUs it would be 0).
 * refresh_zone_stat_thresholds() gives a node the largest threshold of its
 * populated zones, so the CPU-only node keeps 0.  The drift mark: 4 CPUs
 * * 6 = 24 is within low - min = 85, so no zone gets one.
 */
START_TEST(test_stat_thresholds_count_every_cpu)
{
	struct machine *m = boot_mixed(K_MIXED);

	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
		for (int nid = 0; nid < 4; nid++) {
			int want = nid == 1 ? 0 : 6;

			ck_assert_int_eq(NODE_DATA(m, nid)->per_cpu_nodestats[cpu].stat_threshold,
					 want);
			if (nid != 1)
				ck_assert_int_eq(normal(m, nid)->per_cpu_zonestats[cpu].stat_threshold,
						 6);
		}
	}
	ck_assert_uint_eq(normal(m, 2)->percpu_drift_mark, 0);
	test_release(m);
}
END_TEST

/* ---- zonelists ----------------------------------------------------------- */

/*
 * Linux: build_zonelists() / find_next_best_node(): the node itself first
 * (a node without memory adds no zone), then the nodes with memory by
 * distance + (n < node) + 1 if n has CPUs.  From node 1: node 3 at 15 + 1
 * = 16, node 2 at 20, node 0 at 20 + 1 + 1 = 22: 3 2 0.  From node 2: 2,
 * then node 3 at 25 + 1 = 26 before node 0 at 25 + 1 + 1 = 27: 2 3 0.
 * From node 0: 0 2 (25) 3 (31); from node 3: 3 2 (25 + 1) 0 (30 + 2).
 * Node 1's __GFP_THISNODE list is empty.
 */
START_TEST(test_zonelists_around_memoryless_node)
{
	static const char *const want[4] = { "0 2 3", "3 2 0", "2 3 0", "3 2 0" };
	struct machine *m = boot_mixed(K_MIXED);
	char got[64];

	for (int nid = 0; nid < 4; nid++) {
		zonelist_nodes(NODE_DATA(m, nid), ZONELIST_FALLBACK, got, sizeof(got));
		ck_assert_msg(!strcmp(got, want[nid]), "node %d: zonelist %s, expected %s", nid,
			      got, want[nid]);
	}
	zonelist_nodes(NODE_DATA(m, 1), ZONELIST_NOFALLBACK, got, sizeof(got));
	ck_assert_str_eq(got, "");
	zonelist_nodes(NODE_DATA(m, 2), ZONELIST_NOFALLBACK, got, sizeof(got));
	ck_assert_str_eq(got, "2");
	test_release(m);
}
END_TEST

/*
 * The sample CXL machine: two sockets 21 apart, each 17 from its own
 * memory-only node and 28 from the other's; the two memory-only nodes 28
 * apart.  find_next_best_node(): from node 0, node 2 (17) before node 1
 * (21 + 1 for its CPUs), then node 3 (28); from node 1, node 3 (17), node
 * 0 (21 + 1 lower + 1 CPUs), node 2 (28); from node 2, node 0 (17 + 2),
 * node 3 (28), node 1 (28 + 2); from node 3, node 1 (17 + 2), node 2
 * (28 + 1 lower), node 0 (28 + 2).
 */
START_TEST(test_sample_cxl_zonelists)
{
	static const char *const want[4] = { "0 2 1 3", "1 3 0 2", "2 0 3 1", "3 1 2 0" };
	struct mm_boot_params p;
	struct machine *m;
	char got[64];

	test_load_config_file("configs/cxl-4node.json", &p);
	m = test_boot_params(&p);
	ck_assert_uint_eq(m->nr_cpus, 4);
	ck_assert_int_eq(cpu_to_node(m, 3), 1);
	test_check(m);
	for (int nid = 0; nid < 4; nid++) {
		zonelist_nodes(NODE_DATA(m, nid), ZONELIST_FALLBACK, got, sizeof(got));
		ck_assert_msg(!strcmp(got, want[nid]), "node %d: zonelist %s, expected %s", nid,
			      got, want[nid]);
	}
	test_release(m);
}
END_TEST

/* ---- where pages come from, and the NUMA counters ------------------------ */

/*
 * Linux: zone_statistics() with numa_node_id() the CPU's node.  On x86
 * (no CONFIG_HAVE_MEMORYLESS_NODES) a CPU of a memoryless node keeps that
 * node: numa_node_id() is 1 on CPU 1.  Its allocation starts down node 1's
 * zonelist, so the preferred zone is node 3's and the page comes from
 * there: numa_hit (the preferred zone's node) and numa_other (not node
 * 1), never numa_local.  CPU 3 then gets numa_hit and numa_local.
 * alloc_pages_node(2) from CPU 1: hit and other on node 2.  A
 * __GFP_THISNODE request on CPU 1 has an empty zonelist: no page, no
 * counter.
 */
START_TEST(test_numa_counters_cpu_of_memoryless_node)
{
	struct machine *m = boot_mixed(K_MIXED);
	struct page *a, *b, *c;

	m->current_cpu = 1;
	ck_assert_int_eq(numa_node_id(m), 1);
	a = alloc_pages_node(m, NUMA_NO_NODE, GFP_KERNEL, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(page_to_nid(a), 3);
	ck_assert_uint_eq(numa_event(m, 3, NUMA_HIT), 1);
	ck_assert_uint_eq(numa_event(m, 3, NUMA_OTHER), 1);
	ck_assert_uint_eq(numa_total(m, NUMA_LOCAL), 0);
	ck_assert_uint_eq(numa_total(m, NUMA_MISS), 0);
	ck_assert_uint_eq(numa_total(m, NUMA_FOREIGN), 0);

	m->current_cpu = 3;
	b = alloc_pages_node(m, NUMA_NO_NODE, GFP_KERNEL, 0);
	ck_assert_int_eq(page_to_nid(b), 3);
	ck_assert_uint_eq(numa_event(m, 3, NUMA_HIT), 2);
	ck_assert_uint_eq(numa_event(m, 3, NUMA_LOCAL), 1);
	ck_assert_uint_eq(numa_event(m, 3, NUMA_OTHER), 1);

	m->current_cpu = 1;
	c = alloc_pages_node(m, 2, GFP_KERNEL, 0);
	ck_assert_int_eq(page_to_nid(c), 2);
	ck_assert_uint_eq(numa_event(m, 2, NUMA_HIT), 1);
	ck_assert_uint_eq(numa_event(m, 2, NUMA_OTHER), 1);
	ck_assert_ptr_null(alloc_pages_node(m, NUMA_NO_NODE, GFP_KERNEL | __GFP_THISNODE, 0));
	ck_assert_uint_eq(numa_total(m, NUMA_HIT), 3);
	ck_assert_uint_eq(numa_total(m, NUMA_LOCAL) + numa_total(m, NUMA_OTHER), 3);
	test_check(m);
	__free_pages(m, a, 0);
	__free_pages(m, b, 0);
	__free_pages(m, c, 0);
	test_release(m);
}
END_TEST

/*
 * Linux: zone_statistics() when the preferred zone cannot serve.  Node 3,
 * first in node 1's zonelist, is emptied; CPU 1's next page comes from
 * node 2, the next in the list: numa_miss and numa_other in node 2's
 * zone, numa_foreign in node 3's (the preferred zone).  A request for node
 * 1 itself from CPU 0 (alloc_pages_node(1)) walks the same zonelist and is
 * counted the same way.
 */
START_TEST(test_numa_miss_from_memoryless_node)
{
	struct machine *m = boot_mixed(K_FILL);
	unsigned long hit3;
	struct page *page;

	m->current_cpu = 3;
	test_take_all(m, 3);
	hit3 = numa_event(m, 3, NUMA_HIT);
	m->current_cpu = 1;
	page = alloc_pages_node(m, NUMA_NO_NODE, GFP_KERNEL, 0);
	ck_assert_ptr_nonnull(page);
	ck_assert_int_eq(page_to_nid(page), 2);
	ck_assert_uint_eq(numa_event(m, 2, NUMA_MISS), 1);
	ck_assert_uint_eq(numa_event(m, 2, NUMA_OTHER), 1);
	ck_assert_uint_eq(numa_event(m, 2, NUMA_HIT), 0);
	ck_assert_uint_eq(numa_event(m, 3, NUMA_FOREIGN), 1);
	ck_assert_uint_eq(numa_event(m, 3, NUMA_HIT), hit3);
	m->current_cpu = 0;
	page = alloc_pages_node(m, 1, GFP_KERNEL, 0);
	ck_assert_int_eq(page_to_nid(page), 2);
	ck_assert_uint_eq(numa_event(m, 2, NUMA_MISS), 2);
	ck_assert_uint_eq(numa_event(m, 3, NUMA_FOREIGN), 2);
	test_release(m);
}
END_TEST

/*
 * A task on CPU 1.  Linux: get_task_policy() -> preferred_node_policy[1]
 * (the default), policy_node() with MPOL_LOCAL: both start at node 1's
 * zonelist, so the anonymous page, and the page tables, come from node 3.
 * mpol_set_nodemask() keeps only N_MEMORY nodes: bind or preferred to
 * node 1 alone is EINVAL; bind to nodes 1-2 is bind to node 2.
 */
START_TEST(test_task_on_cpu_of_memoryless_node)
{
	struct machine *m = boot_mixed(K_MIXED);
	struct task_struct *t = proc_spawn_on(m, 1, 1);
	uint64_t addr = proc_mmap_anon(m, t, 4 * PAGE_SIZE);
	nodemask_t n1 = { 1u << 1 }, n12 = { (1u << 1) | (1u << 2) };

	ck_assert_int_eq(page_to_nid(pfn_to_page(m, t->mm->pgd_pfn)), 3);
	proc_touch(m, t, addr, PAGE_SIZE, true);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr)), 3);
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_LOCAL, NULL), 0);
	proc_touch(m, t, addr + PAGE_SIZE, PAGE_SIZE, true);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr + PAGE_SIZE)), 3);
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_BIND, &n1), -EINVAL);
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_PREFERRED, &n1), -EINVAL);
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_BIND, &n12), 0);
	ck_assert_uint_eq(t->mempolicy->nodes.bits, 1u << 2);
	proc_touch(m, t, addr + 2 * PAGE_SIZE, PAGE_SIZE, true);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr + 2 * PAGE_SIZE)), 2);
	ck_assert_uint_eq(numa_total(m, NUMA_LOCAL), 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * Linux: vma_alloc_folio()'s hugepage branch tries the local node alone
 * (__GFP_THISNODE | __GFP_NORETRY): node 1 has nothing.  Only a gfp with
 * __GFP_DIRECT_RECLAIM retries down the zonelist.  With defrag "madvise"
 * a plain VMA has GFP_TRANSHUGE_LIGHT (no direct reclaim): the fault falls
 * back to a small page from node 3 (thp_fault_fallback).  A MADV_HUGEPAGE
 * range has GFP_TRANSHUGE: the retry gets a THP from node 3.
 */
START_TEST(test_thp_fault_on_cpu_of_memoryless_node)
{
	struct machine *m = boot_mixed(TEST_K_BASE ", \"reserved\": \"0\", \"min_free_kbytes\": 0,"
				       " \"transparent_hugepage\": \"always\"");
	struct task_struct *t;
	uint64_t addr;

	ck_assert_int_eq(m->thp.defrag, THP_DEFRAG_MADVISE);
	t = proc_spawn_on(m, 1, 1);
	addr = proc_mmap_anon_at(m, t, THP_BASE, 2 * HPAGE_PMD_SIZE, 0);
	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_FALLBACK], 1);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_ALLOC], 0);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr)), 3);
	ck_assert(!PageFlag(compound_head(m, proc_page_at(m, t, addr)), PG_head));
	ck_assert_int_eq(do_madvise(m, t, addr + HPAGE_PMD_SIZE, HPAGE_PMD_SIZE, MADV_HUGEPAGE), 0);
	ck_assert_uint_eq(user_access(m, t, addr + HPAGE_PMD_SIZE, true), 0);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_ALLOC], 1);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_FALLBACK], 1);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr + HPAGE_PMD_SIZE)), 3);
	ck_assert(PageFlag(proc_page_at(m, t, addr + HPAGE_PMD_SIZE), PG_head));
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * The trace's alloc verb is alloc_pages_node(): a node without memory is
 * a node like any other there (its zonelist starts at node 3); with
 * __GFP_THISNODE nothing can serve it, a counted failure, not bad input.
 * Its hugepages sysfs file exists.  A node the machine lacks is bad input.
 */
START_TEST(test_trace_names_memoryless_node)
{
	struct machine *m = boot_mixed(K_MIXED);
	struct engine_opts opts = { 0 };
	struct engine e;

	ck_assert_int_eq(engine_init(&e, m, &opts), ENGINE_OK);
	ck_assert_int_eq(test_replay_body(&e, "alloc id=a order=0 gfp=GFP_KERNEL node=1 cpu=0\n"
					  "alloc id=b order=0 gfp=GFP_KERNEL|__GFP_THISNODE node=1\n"
					  "sysfs path=devices/system/node/node1/hugepages/"
					  "hugepages-2048kB/nr_hugepages value=1\n"
					  "free id=a\nfree id=b\n"), ENGINE_OK);
	ck_assert_uint_eq(numa_event(m, 3, NUMA_HIT), 1);
	ck_assert_uint_eq(numa_event(m, 3, NUMA_OTHER), 1);
	ck_assert_uint_eq(m->stats.alloc_fail[0], 1);
	ck_assert_uint_eq(m->hstate.nr_huge_pages, 0);
	ck_assert_int_eq(test_replay_body(&e, "alloc id=c order=0 gfp=GFP_KERNEL node=4\n"),
			 ENGINE_BAD_INPUT);
	ck_assert_str_eq(e.msg, "t.trace:2: node 4 out of range (0..3)");
	engine_release(&e);
	test_release(m);
}
END_TEST

/* ---- hugetlb and kswapd -------------------------------------------------- */

/*
 * Linux: hugetlb_register_all_nodes() walks the online nodes, so node 1
 * has its nr_hugepages file; set_max_huge_pages() with node 1 alone tries
 * one fresh page (alloc_buddy_huge_page(): htlb_buddy_alloc_fail), gets
 * none and returns 0.  vm.nr_hugepages spreads over N_MEMORY only.
 */
START_TEST(test_hugetlb_on_memoryless_node)
{
	struct machine *m = boot_mixed(K_MIXED);

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 1, 2), 0);
	ck_assert_uint_eq(m->hstate.nr_huge_pages, 0);
	ck_assert_uint_eq(m->vm_events[HTLB_BUDDY_ALLOC_FAIL], 1);
	ck_assert_uint_eq(m->vm_events[HTLB_BUDDY_ALLOC_SUCCESS], 0);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 3), 0);
	ck_assert_uint_eq(m->hstate.nr_huge_pages, 3);
	ck_assert_uint_eq(m->hstate.nr_huge_pages_node[1], 0);
	ck_assert_uint_eq(m->hstate.nr_huge_pages_node[0] + m->hstate.nr_huge_pages_node[2] +
			  m->hstate.nr_huge_pages_node[3], 3);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 0), 0);
	test_release(m);
}
END_TEST

/*
 * Linux: kswapd_init() starts one kswapd per N_MEMORY node: nodes 0, 2
 * and 3, none for node 1.
 */
START_TEST(test_kswapd_per_memory_node)
{
	struct machine *m = boot_mixed(K_MIXED);
	unsigned int seen = 0, nr = 0;

	for (size_t i = 0; i < m->daemons.nr; i++) {
		const struct mm_daemon *d = m->daemons.v[i];

		if (d->name && !strcmp(d->name, "kswapd")) {
			seen |= 1u << d->id;
			nr++;
		}
	}
	ck_assert_uint_eq(nr, 3);
	ck_assert_uint_eq(seen, (1u << 0) | (1u << 2) | (1u << 3));
	test_release(m);
}
END_TEST

/* ---- /proc views --------------------------------------------------------- */

static int count_substr(const char *text, const char *needle)
{
	int n = 0;

	for (const char *s = strstr(text, needle); s; s = strstr(s + 1, needle))
		n++;
	return n;
}

/*
 * Linux: walk_zones_in_node() via frag_start() walks the online nodes;
 * frag_show() passes populated zones only, pagetypeinfo_show() skips a
 * node not in N_MEMORY, zoneinfo_show() prints every zone and
 * zoneinfo_show_print() stops after "protection:" for an empty one, the
 * per-node stats going into a node's first populated zone (none on node
 * 1).  node_read_meminfo() shows zeros.  Expect: buddyinfo and
 * pagetypeinfo without node 1; zoneinfo with node 1's five zones, each
 * "protection: (0, 0, 0, 0, 0)" followed by the next zone, three "per-node
 * stats" in all; node 1's MemTotal and MemFree 0 kB.
 */
START_TEST(test_proc_views_memoryless_node)
{
	struct machine *m = boot_mixed(K_MIXED);
	char *buddy = test_render(procfs_buddyinfo, m);
	char *pti = test_render(procfs_pagetypeinfo, m);
	char *zi = test_render(procfs_zoneinfo, m);
	char *node1 = test_render_node(procfs_node_meminfo, m, 1);

	ck_assert_int_eq(count_substr(buddy, "Node 1,"), 0);
	ck_assert_int_eq(count_substr(buddy, "\nNode ") + (buddy[0] == 'N'), 3);
	ck_assert_int_eq(count_substr(pti, "Node    1,"), 0);
	ck_assert_int_eq(count_substr(pti, "Page block order: 9"), 3);
	ck_assert_int_eq(count_substr(zi, "Node 1, zone "), 5);
	ck_assert_int_eq(count_substr(zi, "per-node stats"), 3);
	ck_assert_ptr_nonnull(strstr(zi, "Node 1, zone      DMA\n  pages free     0\n"));
	ck_assert_ptr_nonnull(strstr(zi, "        protection: (0, 0, 0, 0, 0)\n"
				     "Node 1, zone    DMA32\n"));
	ck_assert_ptr_nonnull(strstr(zi, "Node 1, zone   Device\n  pages free     0\n"));
	ck_assert_ptr_nonnull(strstr(node1, "Node 1 MemTotal:              0 kB\n"));
	ck_assert_ptr_nonnull(strstr(node1, "Node 1 MemFree:               0 kB\n"));
	free(buddy);
	free(pti);
	free(zi);
	free(node1);
	test_release(m);
}
END_TEST

/*
 * Linux: zoneinfo_show_print() prints each online CPU's pageset: for node
 * 2's Normal zone high 106 and batch 3 on all four CPUs (see
 * test_pcp_high_memory_only_node), and "vm stats threshold: 6".
 */
START_TEST(test_zoneinfo_memory_only_node)
{
	struct machine *m = boot_mixed(K_MIXED);
	char *zi = test_render(procfs_zoneinfo, m);
	const char *node2 = strstr(zi, "Node 2, zone   Normal\n");
	const char *node3 = strstr(zi, "Node 3, zone      DMA\n");
	char want[160];

	ck_assert_ptr_nonnull(node2);
	ck_assert_ptr_nonnull(node3);
	ck_assert(node2 < node3);
	for (unsigned int cpu = 0; cpu < 4; cpu++) {
		const char *s;

		snprintf(want, sizeof(want), "    cpu: %u\n              count: 0\n"
			 "              high:  106\n              batch: 3\n"
			 "  vm stats threshold: 6\n", cpu);
		s = strstr(node2, want);
		ck_assert_msg(s && s < node3, "node 2, cpu %u: no \"%s\"", cpu, want);
	}
	free(zi);
	test_release(m);
}
END_TEST

Suite *nodes_suite(void);

Suite *nodes_suite(void)
{
	Suite *s = suite_create("nodes");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_boot_mixed_machine);
	tcase_add_test(tc, test_boot_cpu_only_node);
	tcase_add_test(tc, test_pcp_high_memory_only_node);
	tcase_add_test(tc, test_pcp_high_fraction_memory_only_node);
	tcase_add_test(tc, test_stat_thresholds_count_every_cpu);
	tcase_add_test(tc, test_zonelists_around_memoryless_node);
	tcase_add_test(tc, test_sample_cxl_zonelists);
	tcase_add_test(tc, test_numa_counters_cpu_of_memoryless_node);
	tcase_add_test(tc, test_numa_miss_from_memoryless_node);
	tcase_add_test(tc, test_task_on_cpu_of_memoryless_node);
	tcase_add_test(tc, test_thp_fault_on_cpu_of_memoryless_node);
	tcase_add_test(tc, test_trace_names_memoryless_node);
	tcase_add_test(tc, test_hugetlb_on_memoryless_node);
	tcase_add_test(tc, test_kswapd_per_memory_node);
	tcase_add_test(tc, test_proc_views_memoryless_node);
	tcase_add_test(tc, test_zoneinfo_memory_only_node);
	suite_add_tcase(s, tc);
	return s;
}
