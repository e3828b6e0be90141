/*
 * tests/check_debug.c - the checkers themselves (mm/debug.c).
 *
 * Every other suite trusts buddy_check() and pageblock_check() to catch a
 * broken allocator; a checker that never complained would make them all
 * pass for nothing.  Each test here breaks exactly one invariant of
 * mm/mmzone.h by hand and expects the checker to name it.  The invariants
 * are the kernel's own: free_area[].nr_free counts the listed blocks,
 * PageBuddy marks exactly the listed heads (set_buddy_order /
 * del_page_from_free_list), __free_one_page() leaves no mergeable pair,
 * NR_FREE_PAGES counts the listed pages outside MIGRATE_ISOLATE, and
 * nr_isolate_pageblock counts the isolated pageblocks.
 */
#include <check.h>
#include <string.h>

#include "mm/check.h"
#include "mm/debug.h"
#include "mm/internal.h"
#include "mm/vmstat_counters.h"
#include "tests/helpers.h"

/* 16M: 4096 pages, four free order-10 Movable blocks after boot. */
#define DEBUG_KERNEL	TEST_K_PLAIN ", \"pcp\": false, \"min_free_kbytes\": 0"

static struct machine *boot_clean(void)
{
	struct machine *m = test_boot_node("16M", 1, DEBUG_KERNEL);
	char msg[256];

	ck_assert_int_eq(machine_check(m, msg, sizeof(msg)), 0);
	return m;
}

/* The checker must report at least one violation with text in its message. */
static void expect_violation(struct machine *m, const char *text)
{
	char msg[512] = "";

	ck_assert_int_gt(machine_check(m, msg, sizeof(msg)), 0);
	ck_assert_msg(strstr(msg, text) != NULL, "message '%s' lacks '%s'", msg, text);
}

/* Expect: an nr_free one above the list lengths is reported. */
START_TEST(test_nr_free_mismatch)
{
	struct machine *m = boot_clean();

	test_normal0(m)->free_area[10].nr_free++;
	expect_violation(m, "nr_free");
	test_release_unchecked(m);	/* broken on purpose */
}
END_TEST

/*
 * The registry (mm/check.c) runs every subsystem's checker; a violation
 * names the checker first.  Expect rows buddy, lru and rmap, and an
 * nr_free mismatch reported as "buddy: ...".
 */
START_TEST(test_registry_names_the_checker)
{
	struct machine *m = boot_clean();
	const char *want[] = { "buddy", "lru", "rmap" };
	char msg[512] = "";
	size_t n = 0;

	for (const struct mm_checker *c = mm_checkers; c->name; c++, n++) {
		ck_assert_ptr_nonnull(c->check);
		if (n < TEST_ARRAY_SIZE(want))
			ck_assert_str_eq(c->name, want[n]);
	}
	ck_assert_uint_ge(n, TEST_ARRAY_SIZE(want));
	test_normal0(m)->free_area[10].nr_free++;
	ck_assert_int_gt(machine_check(m, msg, sizeof(msg)), 0);
	ck_assert_msg(strncmp(msg, "buddy: ", 7) == 0, "message '%s'", msg);
	test_normal0(m)->free_area[10].nr_free--;
	test_release(m);
}
END_TEST

/* Expect: a PageBuddy head taken off its list (count kept right) is reported. */
START_TEST(test_buddy_page_on_no_list)
{
	struct machine *m = boot_clean();
	struct zone *z = test_normal0(m);
	struct free_area *area = &z->free_area[10];
	struct page *page = page_list_first(m, &area->free_list[MIGRATE_MOVABLE]);

	page_list_del(m, &area->free_list[MIGRATE_MOVABLE], page);
	area->nr_free--;
	__mod_zone_page_state(z, NR_FREE_PAGES, -1024);
	expect_violation(m, "on no free list");
	test_release_unchecked(m);	/* broken on purpose */
}
END_TEST

/*
 * Expect: two free order-0 buddies listed side by side, which
 * __free_one_page() would have merged, are reported.
 */
START_TEST(test_unmerged_buddies)
{
	struct machine *m = boot_clean();
	struct zone *z = test_normal0(m);
	pfn_t a, b;

	test_take_all(m, 0);
	a = 100;
	b = __find_buddy_pfn(a, 0);
	for (pfn_t pfn = a; pfn <= b; pfn++) {
		struct page *page = pfn_to_page(m, pfn);

		page->_refcount = 0;
		page->owner = 0;
		ClearPageFlag(page, PG_lru);
		set_buddy_order(page, 0);
		add_to_free_list(m, page, z, 0, MIGRATE_MOVABLE);
		__mod_zone_page_state(z, NR_FREE_PAGES, 1);
	}
	expect_violation(m, "were not merged");
	test_release_unchecked(m);	/* broken on purpose */
}
END_TEST

/* Expect: NR_FREE_PAGES that disagrees with the lists is reported. */
START_TEST(test_nr_free_pages_mismatch)
{
	struct machine *m = boot_clean();

	__mod_zone_page_state(test_normal0(m), NR_FREE_PAGES, 1);
	expect_violation(m, "NR_FREE_PAGES");
	test_release_unchecked(m);	/* broken on purpose */
}
END_TEST

/* Expect: a listed block whose recorded order is wrong is reported. */
START_TEST(test_wrong_buddy_order)
{
	struct machine *m = boot_clean();
	struct zone *z = test_normal0(m);
	struct page *page = page_list_first(m, &z->free_area[10].free_list[MIGRATE_MOVABLE]);

	page->private = (page->private & ~0xffu) | 9;
	expect_violation(m, "order");
	test_release_unchecked(m);	/* broken on purpose */
}
END_TEST

/* Expect: a free page with a reference is reported. */
START_TEST(test_free_page_with_reference)
{
	struct machine *m = boot_clean();
	struct zone *z = test_normal0(m);

	page_list_first(m, &z->free_area[10].free_list[MIGRATE_MOVABLE])->_refcount = 1;
	expect_violation(m, "refcount");
	test_release_unchecked(m);	/* broken on purpose */
}
END_TEST

/* Expect: a page on the Isolate list of a pageblock that is not isolated is reported. */
START_TEST(test_isolate_list_outside_isolated_block)
{
	struct machine *m = boot_clean();
	struct zone *z = test_normal0(m);
	struct page *page = page_list_first(m, &z->free_area[10].free_list[MIGRATE_MOVABLE]);

	move_to_free_list(m, page, z, 10, MIGRATE_ISOLATE);
	__mod_zone_page_state(z, NR_FREE_PAGES, -1024);
	expect_violation(m, "Isolate list");
	test_release_unchecked(m);	/* broken on purpose */
}
END_TEST

/* Expect: an isolated pageblock not counted in nr_isolate_pageblock is reported. */
START_TEST(test_isolate_count_mismatch)
{
	struct machine *m = boot_clean();

	test_take_all(m, 0);
	set_pageblock_migratetype(m, 0, MIGRATE_ISOLATE);
	expect_violation(m, "nr_isolate_pageblock");
	test_release_unchecked(m);	/* broken on purpose */
}
END_TEST

/* Expect: a pcp count that disagrees with its lists is reported. */
START_TEST(test_pcp_count_mismatch)
{
	struct machine *m = test_boot_node("16M", 1, TEST_K_PLAIN ", \"min_free_kbytes\": 0");

	test_alloc_pfn(m, GFP_KERNEL, 0);
	test_normal0(m)->per_cpu_pageset[0].count++;
	expect_violation(m, "pcp count");
	test_release_unchecked(m);	/* broken on purpose */
}
END_TEST

Suite *debug_suite(void);

Suite *debug_suite(void)
{
	Suite *s = suite_create("debug");
	TCase *tc = tcase_create("checkers");

	tcase_add_test(tc, test_registry_names_the_checker);
	tcase_add_test(tc, test_nr_free_mismatch);
	tcase_add_test(tc, test_buddy_page_on_no_list);
	tcase_add_test(tc, test_unmerged_buddies);
	tcase_add_test(tc, test_nr_free_pages_mismatch);
	tcase_add_test(tc, test_wrong_buddy_order);
	tcase_add_test(tc, test_free_page_with_reference);
	tcase_add_test(tc, test_isolate_list_outside_isolated_block);
	tcase_add_test(tc, test_isolate_count_mismatch);
	tcase_add_test(tc, test_pcp_count_mismatch);
	suite_add_tcase(s, tc);
	return s;
}
