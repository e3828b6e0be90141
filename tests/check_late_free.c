/*
 * tests/check_late_free.c - boot memory the kernel frees after it has set
 * the watermarks: the initrd and the init sections
 * (kernel.late_freed_ranges).
 *
 * The rules (Linux 6.1):
 *   - init_per_zone_wmark_min() (a postcore initcall) computes
 *     min_free_kbytes from the lowmem pages then managed (int_sqrt of
 *     lowmem_kbytes * 16) and each zone's share of it
 *     (__setup_per_zone_wmarks(): pages_min * managed / lowmem pages), and
 *     the pcp high marks from the low marks (zone_highsize());
 *   - free_initrd_mem() (a rootfs initcall) and free_initmem() (the end of
 *     kernel_init) free their pages later with free_reserved_area(): each
 *     page joins its zone's managed pages (adjust_managed_page_count())
 *     and goes through free_unref_page() onto the per-CPU list of the CPU
 *     doing the freeing, counted in PGFREE; nothing recomputes the marks.
 *
 * The machines: two nodes of 64 MiB (16384 frames), one CPU each (CPU N on
 * node N), one Normal zone per node, nothing else reserved, THP off (no
 * khugepaged raise of min_free_kbytes).
 *
 * No kernel counterpart: tests.
 */
#include <check.h>

#include "mm/internal.h"
#include "mm/vmstat_counters.h"
#include "tests/helpers.h"

/* 128 frames (512 KiB) at 4 MiB into node 1 (which starts at 64 MiB), on CPU 1. */
#define K_LATE(cpu)	TEST_K_PLAIN ", \"late_freed_ranges\": [{\"start\": \"68M\"," \
			" \"size\": \"512K\", \"cpu\": " #cpu "}]"
#define LATE_PAGES	128ul
#define NODE_PAGES	16384ul

/*
 * The marks come from the managed counts before the late frees: node 1's
 * zone had 16384 - 128 = 16256, lowmem 32640 pages = 130560 kB;
 * min_free_kbytes = int_sqrt(130560 * 16) = 1445 (1445^2 = 2088025 <=
 * 2088960 < 1446^2); pages_min = 1445 / 4 = 361; node 0's min = 361 *
 * 16384 / 32640 = 181, node 1's = 361 * 16256 / 32640 = 179.  Without the
 * late range boot would see 32768 pages: min_free_kbytes 1448, mins 181
 * and 181.  After boot node 1 manages all its 16384 frames.
 */
START_TEST(test_watermarks_before_late_frees)
{
	struct machine *m = test_boot_node_pair("64M", "64M", K_LATE(1));

	ck_assert_int_eq(m->vm.min_free_kbytes, 1445);
	ck_assert_uint_eq(test_zone(m, 0, ZONE_NORMAL)->_watermark[WMARK_MIN], 181);
	ck_assert_uint_eq(test_zone(m, 1, ZONE_NORMAL)->_watermark[WMARK_MIN], 179);
	ck_assert_uint_eq(test_zone(m, 1, ZONE_NORMAL)->managed_pages, NODE_PAGES);
	test_release(m);
}
END_TEST

/*
 * free_reserved_area() frees through the freeing CPU's list.  Node 1's low
 * mark is 179 + max(179 / 4, 16256 * 10 / 10000) = 223, its one CPU makes
 * high 223 (zone_highsize()), above the 128 pages, so no bulk free comes:
 * all 128 stay on CPU 1's list, none reach the buddy lists (NR_FREE_PAGES
 * 16256), and PGFREE counts every frame once (32640 at memblock_free_all(),
 * 128 late).  A drain then merges them back: 16384 free.
 */
START_TEST(test_late_pages_on_the_freeing_cpus_list)
{
	struct machine *m = test_boot_node_pair("64M", "64M", K_LATE(1));
	struct zone *z = test_zone(m, 1, ZONE_NORMAL);

	ck_assert_int_eq(z->per_cpu_pageset[1].high, 223);
	ck_assert_int_eq(z->per_cpu_pageset[1].count, LATE_PAGES);
	ck_assert_int_eq(z->per_cpu_pageset[0].count, 0);
	ck_assert_uint_eq(zone_free_pages(z), NODE_PAGES - LATE_PAGES);
	ck_assert_uint_eq(m->vm_events[PGFREE], 2 * NODE_PAGES);
	test_check(m);
	drain_all_pages(m, NULL);
	ck_assert_uint_eq(zone_free_pages(z), NODE_PAGES);
	test_release(m);
}
END_TEST

/* The CPU is the range's: the same range freed on CPU 0 lands on its list. */
START_TEST(test_late_pages_follow_the_cpu)
{
	struct machine *m = test_boot_node_pair("64M", "64M", K_LATE(0));
	struct zone *z = test_zone(m, 1, ZONE_NORMAL);

	ck_assert_int_eq(z->per_cpu_pageset[0].count, LATE_PAGES);
	ck_assert_int_eq(z->per_cpu_pageset[1].count, 0);
	test_release(m);
}
END_TEST

Suite *late_free_suite(void);

Suite *late_free_suite(void)
{
	Suite *s = suite_create("late_free");
	TCase *tc = tcase_create("late_free");

	tcase_add_test(tc, test_watermarks_before_late_frees);
	tcase_add_test(tc, test_late_pages_on_the_freeing_cpus_list);
	tcase_add_test(tc, test_late_pages_follow_the_cpu);
	suite_add_tcase(s, tc);
	return s;
}
