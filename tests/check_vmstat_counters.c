/*
 * tests/check_vmstat_counters.c - the per-CPU counters and their upkeep
 * against Linux 6.1 mm/vmstat.c.
 *
 * The rules under test, each from the kernel function named:
 *   __mod_zone_page_state(): a CPU's diff moves into vm_stat only when its
 *     absolute value passes the CPU's stat_threshold, and then whole;
 *   calculate_normal_threshold(): 2 * fls(cpus) * (1 + fls(managed >> 15));
 *   refresh_zone_stat_thresholds(): a node's threshold is its largest
 *     populated zone's; percpu_drift_mark = high + cpus * threshold when
 *     that drift exceeds low - min;
 *   zone_watermark_ok_safe(): below the drift mark, the exact count;
 *   refresh_cpu_vm_stats(): folding a zone's diff arms its pcp expire at 3;
 *     each round counts it down; at 0 a remote zone's list gives back one
 *     batch (drain_zone_pages); a local zone's never does;
 *   vmstat_update()/vmstat_shepherd(): the work re-arms one stat_interval
 *     later while it changed something; the shepherd, every interval,
 *     queues a sleeping CPU's work when it holds diffs.
 *
 * Machines: two 512M nodes with one CPU each (CPU 0 on node 0, CPU 1 on
 * node 1): 131072 managed pages per Normal zone, threshold
 * 2 * fls(2) * (1 + fls(131072 >> 15 = 4)) = 2 * 2 * 4 = 16.
 *
 * Linux counterpart: mm/vmstat.c, include/linux/vmstat.h (v6.1).
 */
#include <check.h>
#include <errno.h>

#include "mm/daemon.h"
#include "mm/internal.h"
#include "mm/sysctl.h"
#include "mm/vmstat_counters.h"
#include "tests/helpers.h"

#define PAIR_THRESHOLD	16

static struct machine *boot_pair(void)
{
	return test_boot_node_pair("512M", "512M", TEST_K_PLAIN);
}

static struct zone *normal(struct machine *m, int nid)
{
	return test_zone(m, nid, ZONE_NORMAL);
}

static int8_t free_diff(struct machine *m, int nid, int cpu)
{
	return normal(m, nid)->per_cpu_zonestats[cpu].vm_stat_diff[NR_FREE_PAGES];
}

/*
 * vmstat_diff_add() is __mod_zone_page_state()'s arithmetic.  Threshold
 * 4: +1 four times stays in the diff (4 is not above 4); the fifth makes
 * +5, which moves whole: counter +5, diff 0.  -3 then stays; -2 makes -5,
 * which moves: counter 0.
 */
START_TEST(test_diff_folds_whole_past_threshold)
{
	int8_t diff = 0;
	long counter = 0;

	for (int i = 0; i < 4; i++)
		vmstat_diff_add(&diff, 4, &counter, 1);
	ck_assert_int_eq(diff, 4);
	ck_assert_int_eq(counter, 0);
	vmstat_diff_add(&diff, 4, &counter, 1);
	ck_assert_int_eq(diff, 0);
	ck_assert_int_eq(counter, 5);
	vmstat_diff_add(&diff, 4, &counter, -3);
	ck_assert_int_eq(counter, 5);
	vmstat_diff_add(&diff, 4, &counter, -2);
	ck_assert_int_eq(diff, 0);
	ck_assert_int_eq(counter, 0);
}
END_TEST

/*
 * calculate_normal_threshold() and refresh_zone_stat_thresholds() at boot:
 * 16 for each Normal zone and CPU, and the node's threshold is its zone's.
 */
START_TEST(test_boot_thresholds)
{
	struct machine *m = boot_pair();

	for (int nid = 0; nid < 2; nid++)
		for (int cpu = 0; cpu < 2; cpu++) {
			ck_assert_int_eq(normal(m, nid)->per_cpu_zonestats[cpu].stat_threshold,
					 PAIR_THRESHOLD);
			ck_assert_int_eq(NODE_DATA(m, nid)->per_cpu_nodestats[cpu].stat_threshold,
					 PAIR_THRESHOLD);
		}
	test_release(m);
}
END_TEST

/*
 * An allocation's NR_FREE_PAGES update lands in the running CPU's diff:
 * an order-4 block on CPU 0 (pcp off: straight from the buddy) leaves
 * diff -16 (not above 16), so zone_page_state() still shows every page
 * free and zone_page_state_snapshot() the truth.  A second order-4 block
 * makes -32, which folds: vm_stat drops by 32 and the diff is 0.
 */
START_TEST(test_allocation_lags_until_threshold)
{
	struct machine *m = test_boot_node_pair("512M", "512M", TEST_K_PLAIN ", \"pcp\": false");
	struct zone *z = normal(m, 0);
	unsigned long managed = z->managed_pages;

	m->current_cpu = 0;
	test_alloc_pfn(m, TEST_GFP_MOV | __GFP_THISNODE, 4);
	ck_assert_int_eq(free_diff(m, 0, 0), -16);
	ck_assert_uint_eq(zone_page_state(z, NR_FREE_PAGES), managed);
	ck_assert_uint_eq(zone_page_state_snapshot(z, NR_FREE_PAGES), managed - 16);
	test_alloc_pfn(m, TEST_GFP_MOV | __GFP_THISNODE, 4);
	ck_assert_int_eq(free_diff(m, 0, 0), 0);
	ck_assert_uint_eq(zone_page_state(z, NR_FREE_PAGES), managed - 32);
	test_release(m);
}
END_TEST

/*
 * refresh_zone_stat_thresholds() on one 16M node with 8 CPUs: threshold
 * 2 * fls(8) * (1 + fls(4096 >> 15)) = 2 * 4 * 1 = 8; min_free_kbytes
 * int_sqrt(16384 KiB * 16) = 512 KiB, so min 128, low 160, high 192
 * (gap max(128 / 4, 4) = 32); 8 CPUs drifting by 8 (64) exceed low - min
 * = 32, so the drift mark is high + 64 = 256.
 *
 * zone_watermark_ok_safe(): 220 pages free and folded, then 8 order-0
 * pages on CPU 0: the truth is 212, vm_stat still says 220 (diff -8).
 * Against a mark of 215: zone_watermark_ok() (vm_stat, 220 > 215) passes,
 * zone_watermark_ok_safe() (220 is below 256: the exact 212) fails.
 */
START_TEST(test_watermark_ok_safe_below_drift_mark)
{
	struct machine *m = test_boot_node("16M", 8, TEST_K_PLAIN ", \"pcp\": false");
	struct zone *z = normal(m, 0);

	ck_assert_int_eq(z->per_cpu_zonestats[0].stat_threshold, 8);
	test_expect_wmarks(z, 128, 160, 192);
	ck_assert_uint_eq(z->percpu_drift_mark, 256);
	m->current_cpu = 0;
	while (zone_free_pages(z) > 220)
		ck_assert_ptr_nonnull(alloc_pages_node(m, 0, TEST_GFP_MOV, 0));
	vmstat_refresh(m);
	ck_assert_uint_eq(zone_page_state(z, NR_FREE_PAGES), 220);
	for (int i = 0; i < 8; i++)
		test_alloc_pfn(m, TEST_GFP_MOV, 0);
	ck_assert_uint_eq(zone_page_state(z, NR_FREE_PAGES), 220);
	ck_assert_uint_eq(zone_free_pages(z), 212);
	ck_assert(zone_watermark_ok(m, z, 0, 215, ZONE_NORMAL, 0));
	ck_assert(!zone_watermark_ok_safe(m, z, 0, 215, ZONE_NORMAL));
	test_release(m);
}
END_TEST

/* The pcp list of CPU cpu in node nid's Normal zone. */
static struct per_cpu_pages *pcp_of(struct machine *m, int nid, int cpu)
{
	return &normal(m, nid)->per_cpu_pageset[cpu];
}

/*
 * CPU 0 takes pages of node 1: an order-0 page refills its pcp list of
 * node 1's zone with one batch (rmqueue_bulk(), -batch folds at once:
 * batch > 16) and leaves batch - 1 there; an order-4 block leaves diff -16
 * unfolded.
 */
static void cache_remote_pages(struct machine *m)
{
	int batch = pcp_of(m, 1, 0)->batch;

	ck_assert_int_gt(batch, PAIR_THRESHOLD);
	m->current_cpu = 0;
	test_alloc_pfn(m, TEST_GFP_MOV, 0);
	test_alloc_pfn(m, TEST_GFP_MOV, 4);
	ck_assert_ptr_nonnull(alloc_pages_node(m, 1, TEST_GFP_MOV | __GFP_THISNODE, 0));
	ck_assert_ptr_nonnull(alloc_pages_node(m, 1, TEST_GFP_MOV | __GFP_THISNODE, 4));
	ck_assert_int_eq(pcp_of(m, 1, 0)->count, batch - 1);
	ck_assert_int_eq(free_diff(m, 1, 0), -16);
}

/*
 * refresh_cpu_vm_stats(true) on CPU 0, round by round, with CPU 0 busy on
 * its own node in between (an order-4 block there each round, so there is
 * always something to fold): round 1 folds node 1's diff, arms its expire
 * at 3 and counts it to 2; round 2 to 1; round 3 to 0 and drains
 * min(count, batch) = batch - 1 pages.  Node 0's list is local: its
 * expire is cleared and it keeps its pages.
 */
START_TEST(test_remote_pcp_expires_after_three_rounds)
{
	struct machine *m = boot_pair();
	int batch = pcp_of(m, 1, 0)->batch, local_count;

	cache_remote_pages(m);
	local_count = pcp_of(m, 0, 0)->count;
	ck_assert_int_gt(local_count, 0);
	for (int round = 1; round <= 3; round++) {
		ck_assert_int_gt(refresh_cpu_vm_stats(m, 0, true), 0);
		ck_assert_int_eq(pcp_of(m, 1, 0)->expire, 3 - round);
		ck_assert_int_eq(pcp_of(m, 1, 0)->count, round < 3 ? batch - 1 : 0);
		ck_assert_int_eq(pcp_of(m, 0, 0)->expire, 0);
		ck_assert_int_eq(pcp_of(m, 0, 0)->count, local_count);
		test_check(m);
		test_alloc_pfn(m, TEST_GFP_MOV, 4);
	}
	test_release(m);
}
END_TEST

/*
 * Without anything to fold, the work stops (vmstat_update() does not
 * re-arm) and the shepherd does not queue it (need_update() is false), so
 * the countdown stops at 1: an idle CPU keeps its remote pages.
 *
 * With the daemons: the shepherd runs at 1 s, finds CPU 0's diffs and
 * queues its update, which folds (expire 3 -> 2) and re-arms for 2 s; at
 * 2 s nothing is left to fold (expire 2 -> 1) and it sleeps.  At 10 s the
 * pages are still cached.
 */
START_TEST(test_idle_cpu_keeps_remote_pages)
{
	struct machine *m = boot_pair();
	int batch = pcp_of(m, 1, 0)->batch;

	cache_remote_pages(m);
	mm_run_daemons(m, NSEC_PER_SEC);
	ck_assert_int_eq(pcp_of(m, 1, 0)->expire, 2);
	ck_assert(mm_daemon_pending(&m->vmstat_work[0]));
	mm_run_daemons(m, 10 * NSEC_PER_SEC);
	ck_assert_int_eq(pcp_of(m, 1, 0)->expire, 1);
	ck_assert(!mm_daemon_pending(&m->vmstat_work[0]));
	ck_assert_int_eq(pcp_of(m, 1, 0)->count, batch - 1);
	ck_assert_uint_eq(m->clock_ns, 10 * NSEC_PER_SEC);
	test_release(m);
}
END_TEST

/*
 * The same through the daemons with CPU 0 busy on node 0 every second
 * (an order-4 block before each second ends): the update re-arms every
 * second, node 1's list expires at the third run (3 s) and gives back its
 * pages; CPU 1, with no diffs, is never queued.
 */
START_TEST(test_busy_cpu_drains_remote_pages_at_third_second)
{
	struct machine *m = boot_pair();
	int batch = pcp_of(m, 1, 0)->batch;

	cache_remote_pages(m);
	for (uint64_t s = 1; s <= 3; s++) {
		ck_assert_int_eq(pcp_of(m, 1, 0)->count, batch - 1);
		mm_run_daemons(m, s * NSEC_PER_SEC);
		m->current_cpu = 0;
		test_alloc_pfn(m, TEST_GFP_MOV, 4);
	}
	ck_assert_int_eq(pcp_of(m, 1, 0)->count, 0);
	ck_assert(!mm_daemon_pending(&m->vmstat_work[1]));
	test_check(m);
	test_release(m);
}
END_TEST

/*
 * vm.stat_refresh (vmstat_refresh(): refresh_cpu_vm_stats() on every CPU)
 * leaves no diff behind where nothing drains; vm.stat_interval takes
 * 1..86400 seconds and the next re-arm uses it.
 */
START_TEST(test_stat_refresh_and_interval_sysctls)
{
	struct machine *m = test_boot_node_pair("512M", "512M", TEST_K_PLAIN ", \"pcp\": false");

	m->current_cpu = 1;
	test_alloc_pfn(m, TEST_GFP_MOV, 4);
	ck_assert_int_eq(free_diff(m, 0, 1), -16);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.stat_refresh", 1), 0);
	ck_assert_int_eq(free_diff(m, 0, 1), 0);
	ck_assert_uint_eq(zone_page_state(normal(m, 0), NR_FREE_PAGES),
			  zone_free_pages(normal(m, 0)));
	ck_assert_int_eq(mm_sysctl_write(m, "vm.stat_interval", 0), -EINVAL);
	ck_assert_int_eq(mm_sysctl_write(m, "vm.stat_interval", 5), 0);
	test_alloc_pfn(m, TEST_GFP_MOV, 4);
	mm_run_daemons(m, NSEC_PER_SEC);	/* the shepherd was armed at boot for 1 s */
	ck_assert_uint_eq(m->vmstat_shepherd.next_ns, 6 * NSEC_PER_SEC);
	ck_assert_uint_eq(m->vmstat_work[1].next_ns, 6 * NSEC_PER_SEC);
	test_release(m);
}
END_TEST

/* Collected by the Makefile into the runner (tests/check_main.c). */

Suite *vmstat_counters_suite(void);

Suite *vmstat_counters_suite(void)
{
	Suite *s = suite_create("vmstat_counters");
	TCase *tc = tcase_create("counters");

	tcase_add_test(tc, test_diff_folds_whole_past_threshold);
	tcase_add_test(tc, test_boot_thresholds);
	tcase_add_test(tc, test_allocation_lags_until_threshold);
	tcase_add_test(tc, test_watermark_ok_safe_below_drift_mark);
	suite_add_tcase(s, tc);
	tc = tcase_create("vmstat_update");
	tcase_add_test(tc, test_remote_pcp_expires_after_three_rounds);
	tcase_add_test(tc, test_idle_cpu_keeps_remote_pages);
	tcase_add_test(tc, test_busy_cpu_drains_remote_pages_at_third_second);
	tcase_add_test(tc, test_stat_refresh_and_interval_sysctls);
	suite_add_tcase(s, tc);
	return s;
}
