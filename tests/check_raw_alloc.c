/*
 * tests/check_raw_alloc.c - the trace's raw allocations as 6.1 would hold
 * them (mm/raw_alloc.c): movable ones are non-LRU movable pages.
 *
 * The kernel's rules under test:
 *   __SetPageMovable()/__PageMovable(): the mapping's low bits say
 *     "movable" (not anon), the rest names the movable_operations;
 *   move_freepages(): used pages count as movable when PageLRU() (a tail
 *     by its head) or __PageMovable();
 *   migration of a non-LRU movable page (move_to_new_folio() ->
 *     migrate_page(), the balloon's pattern): the owner takes dst, lets go
 *     of src, and src is freed when the core drops its isolation reference.
 *
 * Machine: one 16M node (4096 pages), per-CPU lists off, watermarks 0.
 *
 * Linux counterpart: mm/balloon_compaction.c, mm/migrate.c
 * (move_to_new_folio), mm/compaction.c (__SetPageMovable), mm/page_alloc.c
 * (move_freepages).
 */
#include <check.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/raw_alloc.h"
#include "mm/rmap.h"
#include "tests/helpers.h"

#define K_EXACT	TEST_K_PLAIN ", \"pcp\": false, \"min_free_kbytes\": 0, \"watermark_scale_factor\": 1"

static struct machine *boot(void)
{
	return test_boot_node("16M", 1, K_EXACT);
}

static raw_handle_t alloc_ok(struct machine *m, gfp_t gfp, unsigned int order)
{
	raw_handle_t h;

	ck_assert_int_eq(raw_alloc(m, 0, gfp, order, &h), 0);
	ck_assert_uint_ne(h, RAW_HANDLE_NONE);
	test_check(m);
	return h;
}

/* Is page marked movable with the raw table's operations for handle h? */
static bool marked_for(const struct machine *m, const struct page *page, raw_handle_t h)
{
	return __PageMovable(page) && page_mapping_id(page) == m->raw.mops_id &&
	       page->index == h;
}

/*
 * A movable order-0 block is a non-LRU movable page (not PG_lru, not
 * anon); an unmovable one is not marked.  Freeing gives the pages back and
 * the freed handle is the next one handed out.
 */
START_TEST(test_movable_page_marked_unmovable_not)
{
	struct machine *m = boot();
	unsigned long free_before = zone_free_pages(test_normal0(m));
	raw_handle_t mov = alloc_ok(m, TEST_GFP_MOV, 0);
	raw_handle_t unmov = alloc_ok(m, TEST_GFP_UNMOV, 0);
	struct page *page = raw_alloc_page(m, mov);

	ck_assert(marked_for(m, page, mov));
	ck_assert(!PageLRU(page));
	ck_assert(!PageAnon(page));
	ck_assert_ptr_nonnull(page_movable_ops(m, page));
	ck_assert(!__PageMovable(raw_alloc_page(m, unmov)));
	raw_free(m, mov);
	test_check(m);
	raw_free(m, unmov);
	test_check(m);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), free_before);
	ck_assert_uint_eq(alloc_ok(m, TEST_GFP_MOV, 0), unmov);
	test_release(m);
}
END_TEST

/*
 * Shapes: a compound block (__GFP_COMP) is marked at its head only, as
 * any compound page's mapping lives in the head; a non-compound order-2
 * block on every frame.  isolate_page() takes order 0 and compound
 * blocks and refuses the non-compound one (an order-0 destination could
 * not hold it).
 */
START_TEST(test_block_shapes_and_isolation)
{
	struct machine *m = boot();
	raw_handle_t comp = alloc_ok(m, TEST_GFP_MOV | __GFP_COMP, 3);
	raw_handle_t plain = alloc_ok(m, TEST_GFP_MOV, 2);
	raw_handle_t small = alloc_ok(m, TEST_GFP_MOV, 0);
	struct page *head = raw_alloc_page(m, comp), *p = raw_alloc_page(m, plain);
	const struct movable_operations *ops = page_movable_ops(m, head);

	ck_assert(marked_for(m, head, comp));
	for (int i = 1; i < 8; i++)
		ck_assert(!__PageMovable(head + i));
	for (int i = 0; i < 4; i++)
		ck_assert(marked_for(m, p + i, plain));
	ck_assert(ops->isolate_page(m, head, 0));
	ck_assert(!ops->isolate_page(m, p, 0));
	ck_assert(ops->isolate_page(m, raw_alloc_page(m, small), 0));
	ck_assert_uint_eq(raw_alloc_order(m, comp), 3);
	test_release(m);
}
END_TEST

/*
 * move_freepages_block() counts raw movable frames as movable, as it does
 * LRU pages (the same shape as test_move_freepages_block_moves_and_counts
 * with LRU pages): pageblock 1 [512, 1024) fully taken, then 16 freed at
 * 512 and 50 of its used pages held as raw movable pages at 800..849.
 * Expect 16 moved and num_movable 50.
 */
START_TEST(test_move_freepages_counts_raw_movable)
{
	struct machine *m = boot();
	struct zone *z = test_normal0(m);
	int movable = -1;

	test_take_all(m, 0);
	test_free_range(m, 800, 50);
	for (int i = 0; i < 50; i++)
		alloc_ok(m, TEST_GFP_MOV, 0);
	for (pfn_t pfn = 800; pfn < 850; pfn++)
		ck_assert(__PageMovable(pfn_to_page(m, pfn)));
	test_free_range(m, 512, 16);
	ck_assert_int_eq(move_freepages_block(m, z, pfn_to_page(m, 512), MIGRATE_UNMOVABLE,
					      &movable), 16);
	ck_assert_int_eq(movable, 50);
	test_check(m);
	test_release(m);
}
END_TEST

/*
 * Migration of a raw movable page, as the 6.1 core would drive it
 * (isolate_movable_page(): a reference and isolate_page(); then
 * move_to_new_folio(): migrate_page(dst, src); then the core's
 * putback of src drops its reference and frees it).  Expect the handle to
 * name dst, dst marked and referenced once, src free again, and
 * raw_free() to free dst.
 */
START_TEST(test_migrate_moves_the_handle)
{
	struct machine *m = boot();
	raw_handle_t h = alloc_ok(m, TEST_GFP_MOV, 0);
	struct page *src = raw_alloc_page(m, h);
	pfn_t src_pfn = page_to_pfn(m, src);
	const struct movable_operations *ops = page_movable_ops(m, src);
	struct page *dst;
	unsigned long free_pages;

	src->_refcount++;				/* the isolation reference */
	ck_assert(ops->isolate_page(m, src, 0));
	dst = alloc_pages_node(m, 0, TEST_GFP_MOV, 0);
	ck_assert_ptr_nonnull(dst);
	ck_assert_int_eq(ops->migrate_page(m, dst, src, MIGRATE_SYNC), MIGRATEPAGE_SUCCESS);
	put_page(m, dst);				/* the core's reference on dst */
	free_pages = zone_free_pages(test_normal0(m));
	put_page(m, src);				/* ... and on src: freed */
	test_check(m);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), free_pages + 1);
	ck_assert_ptr_eq(raw_alloc_page(m, h), dst);
	ck_assert(marked_for(m, dst, h));
	ck_assert_int_eq(dst->_refcount, 1);
	ck_assert(PageBuddy(pfn_to_page(m, src_pfn)));
	raw_free(m, h);
	test_check(m);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), free_pages + 2);
	test_release(m);
}
END_TEST

/* A failed allocation gives no handle and leaves the table as it was. */
START_TEST(test_failed_allocation_holds_nothing)
{
	struct machine *m = boot();
	raw_handle_t h = 7;

	test_take_all(m, 0);
	ck_assert_int_eq(raw_alloc(m, 0, GFP_NOWAIT, 0, &h), 0);
	ck_assert_uint_eq(h, RAW_HANDLE_NONE);
	ck_assert_uint_eq(m->raw.nr_live, 0);
	test_check(m);
	test_release(m);
}
END_TEST

/*
 * The "raw" checker: a block freed behind the table's back, and a frame
 * marked for a handle that does not hold it, are both reported.
 */
START_TEST(test_checker_catches_stale_handles)
{
	struct machine *m = boot();
	raw_handle_t h = alloc_ok(m, TEST_GFP_MOV, 0);
	struct page *page = raw_alloc_page(m, h), *other;
	char msg[256] = "";

	__ClearPageMovable(page);
	ck_assert_int_gt(raw_alloc_check(m, msg, sizeof(msg)), 0);
	__SetPageMovable(page, m->raw.mops_id);
	ck_assert_int_eq(raw_alloc_check(m, msg, sizeof(msg)), 0);
	other = alloc_pages_node(m, 0, TEST_GFP_MOV, 0);
	__SetPageMovable(other, m->raw.mops_id);
	other->index = h;
	msg[0] = '\0';
	ck_assert_int_gt(raw_alloc_check(m, msg, sizeof(msg)), 0);
	ck_assert_msg(strstr(msg, "does not hold it") != NULL, "%s", msg);
	__ClearPageMovable(other);
	other->owner = 0;
	other->index = 0;
	__free_pages(m, other, 0);
	test_check(m);
	test_release(m);
}
END_TEST

/* Collected by the Makefile into the runner (tests/check_main.c). */

Suite *raw_alloc_suite(void);

Suite *raw_alloc_suite(void)
{
	Suite *s = suite_create("raw_alloc");
	TCase *tc = tcase_create("raw_alloc");

	tcase_add_test(tc, test_movable_page_marked_unmovable_not);
	tcase_add_test(tc, test_block_shapes_and_isolation);
	tcase_add_test(tc, test_move_freepages_counts_raw_movable);
	tcase_add_test(tc, test_migrate_moves_the_handle);
	tcase_add_test(tc, test_failed_allocation_holds_nothing);
	tcase_add_test(tc, test_checker_catches_stale_handles);
	suite_add_tcase(s, tc);
	return s;
}
