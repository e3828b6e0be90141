/*
 * tests/check_balloon.c - the balloon device (mm/balloon_compaction.c),
 * the virtio balloon driver (mm/virtio_balloon.c) and the balloon verb
 * (sim/verbs_balloon.c), as 6.1 runs them.
 *
 * The kernel's rules under test:
 *   fill_balloon(): batches of at most VIRTIO_BALLOON_ARRAY_PFNS_MAX (256)
 *     pages from balloon_page_alloc(), pushed on a private list and popped
 *     (last allocated first) into the device, each
 *     adjust_managed_page_count(page, -1) without DEFLATE_ON_OOM; an
 *     allocation that fails ends the batch, and the driver sleeps 200 ms
 *     (msleep) before it gives the host that batch, then
 *     update_balloon_size_func() requeues itself and tries again;
 *   balloon_page_insert(): PageOffline, __SetPageMovable(balloon_mops),
 *     list_add at the head; balloon_page_list_dequeue() from the head;
 *     __count_vm_event(BALLOON_INFLATE / BALLOON_DEFLATE) per page;
 *   leak_balloon(): never more than num_pages; release_pages_balloon():
 *     adjust_managed_page_count(page, 1), put_page();
 *   balloon_mops: isolate (off the list, isolated_pages++), putback (back
 *     at the head), migrate (-EINVAL for MIGRATE_SYNC_NO_COPY, else
 *     virtballoon_migratepage(): newpage gets the balloon's reference and
 *     the list place, page is finalized and dropped, BALLOON_MIGRATE, the
 *     managed page follows a move across zones); a core that isolated a
 *     page holds a reference on it, as isolate_movable_page() takes one;
 *   meminfo_proc_show(): MemTotal is totalram_pages(), the managed pages.
 *
 * Machines: one 16M node (4096 pages) or two, per-CPU lists off and
 * watermarks 0 (so the balloon can take every free page), nothing
 * reserved.  test_check() after every step.
 *
 * Linux counterpart: drivers/virtio/virtio_balloon.c,
 * mm/balloon_compaction.c, include/linux/balloon_compaction.h.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/balloon_compaction.h"
#include "mm/rmap.h"
#include "mm/virtio_balloon.h"
#include "sim/engine.h"
#include "sim/procfs.h"
#include "tests/helpers.h"

#define K_EXACT	TEST_K_PLAIN ", \"pcp\": false, \"min_free_kbytes\": 0, \"watermark_scale_factor\": 1"

static struct machine *boot(void)
{
	return test_boot_node("16M", 1, K_EXACT);
}

/* The host sets the target; the work runs, as after the verb's event. */
static void balloon_set(struct machine *m, uint32_t target_pages)
{
	virtballoon_changed(m, target_pages, m->current_cpu);
	mm_run_daemons(m, m->clock_ns);
	test_check(m);
}

/* Let the clock run nr_ms milliseconds, daemons and all. */
static void advance_ms(struct machine *m, uint64_t nr_ms)
{
	mm_run_daemons(m, m->clock_ns + nr_ms * NSEC_PER_MSEC);
	test_check(m);
}

static struct balloon_dev_info *dev(struct machine *m)
{
	return &m->balloon.vb_dev_info;
}

/* Is page a balloon page as balloon_page_insert() makes one? */
static bool is_balloon_page(struct machine *m, const struct page *page)
{
	return PageOffline(page) && __PageMovable(page) &&
	       page_mapping_id(page) == dev(m)->mops_id && page_count(page) == 1;
}

/* The managed pages of node 0's Normal zone as /proc/zoneinfo prints them. */
static unsigned long zoneinfo_managed(const struct machine *m)
{
	char *text = test_render(procfs_zoneinfo, m);
	const char *p = strstr(text, "zone   Normal");
	unsigned long nr;

	ck_assert_ptr_nonnull(p);
	p = strstr(p, "managed");
	ck_assert_ptr_nonnull(p);
	nr = strtoul(p + strlen("managed"), NULL, 10);
	free(text);
	return nr;
}

/*
 * Inflating 300 pages takes them out of the managed pages one by one
 * (fill_balloon() without DEFLATE_ON_OOM): zoneinfo's managed and
 * totalram_pages() drop by 300, MemTotal by 1200 kB, the free pages by
 * 300; every page is a balloon page (PageOffline, __PageMovable with the
 * balloon's three operations, the balloon's one reference);
 * balloon_inflate counts 300.  Deflating to 0 gives every page back:
 * managed, MemTotal and the free pages as before, balloon_deflate 300,
 * no PageOffline frame left.
 */
START_TEST(test_inflate_and_deflate_move_managed_pages)
{
	struct machine *m = boot();
	struct zone *z = test_normal0(m);
	unsigned long managed = z->managed_pages, free_pages = zone_free_pages(z);
	unsigned long total_kb = test_meminfo_kb(m, "MemTotal:");
	const struct movable_operations *ops;
	const struct page *page;
	unsigned long nr = 0;

	ck_assert_uint_eq(zoneinfo_managed(m), managed);
	balloon_set(m, 300);
	ck_assert_uint_eq(m->balloon.num_pages, 300);
	ck_assert_uint_eq(z->managed_pages, managed - 300);
	ck_assert_uint_eq(zoneinfo_managed(m), managed - 300);
	ck_assert_uint_eq(test_managed_pages(m), managed - 300);
	ck_assert_uint_eq(test_meminfo_kb(m, "MemTotal:"), total_kb - 300 * 4);
	ck_assert_uint_eq(zone_free_pages(z), free_pages - 300);
	ck_assert_uint_eq(m->vm_events[BALLOON_INFLATE], 300);
	ops = page_movable_ops(m, page_list_first(m, &dev(m)->pages));
	ck_assert(ops->isolate_page && ops->migrate_page && ops->putback_page);
	page_list_for_each(m, page, &dev(m)->pages) {
		ck_assert_msg(is_balloon_page(m, page), "pfn %#llx",
			      (unsigned long long)page_to_pfn(m, page));
		ck_assert_ptr_eq(page_movable_ops(m, page), ops);
		nr++;
	}
	ck_assert_uint_eq(nr, 300);

	balloon_set(m, 0);
	ck_assert_uint_eq(m->balloon.num_pages, 0);
	ck_assert(page_list_empty(&dev(m)->pages));
	ck_assert_uint_eq(z->managed_pages, managed);
	ck_assert_uint_eq(test_meminfo_kb(m, "MemTotal:"), total_kb);
	ck_assert_uint_eq(zone_free_pages(z), free_pages);
	ck_assert_uint_eq(m->vm_events[BALLOON_DEFLATE], 300);
	for (pfn_t pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn++)
		ck_assert(!PageOffline(pfn_to_page(m, pfn)));
	test_release(m);
}
END_TEST

/*
 * The order of the list.  With per-CPU lists off the pages come out
 * ascending from the lowest pfn P; 300 pages are two batches, [P, P+256)
 * and [P+256, P+300).  Each batch is popped last-allocated first into the
 * head of the list, so the list reads P+256 .. P+299, then P .. P+255.
 * A deflate of one takes the head: P+256 is free again, P+257 is not.
 */
START_TEST(test_batches_and_the_list_order)
{
	struct machine *m = boot();
	struct page *page;
	pfn_t lowest = PFN_NONE, want;
	unsigned long i = 0;

	balloon_set(m, 300);
	page_list_for_each(m, page, &dev(m)->pages)
		if (page_to_pfn(m, page) < lowest)
			lowest = page_to_pfn(m, page);
	page_list_for_each(m, page, &dev(m)->pages) {
		want = i < 44 ? lowest + 256 + i : lowest + (i - 44);
		ck_assert_msg(page_to_pfn(m, page) == want, "list position %lu: pfn %#llx, want %#llx",
			      i, (unsigned long long)page_to_pfn(m, page), (unsigned long long)want);
		i++;
	}
	balloon_set(m, 299);
	ck_assert_uint_eq(m->vm_events[BALLOON_DEFLATE], 1);
	ck_assert(PageBuddy(pfn_to_page(m, lowest + 256)));
	ck_assert(is_balloon_page(m, pfn_to_page(m, lowest + 257)));
	ck_assert_uint_eq(page_to_pfn(m, page_list_first(m, &dev(m)->pages)), lowest + 257);
	test_release(m);
}
END_TEST

/*
 * The balloon verb: "balloon inflate=100" then "balloon deflate=250",
 * more than the balloon holds.  leak_balloon() never gives back more than
 * it took: the balloon ends empty, 100 pages deflated, the managed pages
 * as at boot; the replay goes on (no input error).
 */
START_TEST(test_verb_deflate_more_than_inflated)
{
	struct machine *m = boot();
	struct engine_opts opts = { .check_every = 1 };
	unsigned long managed = test_managed_pages(m);
	struct engine e;

	ck_assert_int_eq(engine_init(&e, m, &opts), ENGINE_OK);
	ck_assert_int_eq(test_replay_body(&e, "balloon inflate=100\n"), ENGINE_OK);
	ck_assert_uint_eq(m->balloon.num_pages, 100);
	ck_assert_uint_eq(test_managed_pages(m), managed - 100);
	ck_assert_int_eq(test_replay_body(&e, "balloon deflate=250\n"), ENGINE_OK);
	ck_assert_uint_eq(m->balloon.num_pages, 0);
	ck_assert_uint_eq(m->balloon.target_pages, 0);
	ck_assert_uint_eq(m->vm_events[BALLOON_DEFLATE], 100);
	ck_assert_uint_eq(test_managed_pages(m), managed);
	engine_release(&e);
	test_release(m);
}
END_TEST

/*
 * Inflating past free memory.  100 unmovable pages are taken first, F
 * pages stay free; the host asks for F + 500.  The balloon's gfp fails
 * quietly (no error, counted once in alloc_fail): the full batches, the
 * largest multiple of 256 below F, reach the host at once; the last F mod
 * 256 pages are allocated but wait out fill_balloon()'s 200 ms sleep (no
 * free page left, MemTotal not yet down by them).  After 200 ms they are
 * handed over and the work tries again, fails again (alloc_fail 2) and
 * sleeps.  50 of the 100 pages freed, the next try 200 ms later gets
 * exactly them, handed over after its own sleep: F + 50 in the balloon.
 */
START_TEST(test_inflate_short_of_memory)
{
	struct machine *m = boot();
	struct zone *z = test_normal0(m);
	pfn_t taken[100];
	unsigned long free_pages, managed;

	for (int i = 0; i < 100; i++)
		taken[i] = test_alloc_pfn(m, TEST_GFP_UNMOV, 0);
	free_pages = zone_free_pages(z);
	managed = z->managed_pages;
	balloon_set(m, (uint32_t)free_pages + 500);
	ck_assert_uint_eq(m->balloon.num_pages, free_pages / 256 * 256);
	ck_assert_uint_eq(m->balloon.fill_batch_pages, free_pages % 256);
	ck_assert_uint_eq(z->managed_pages, managed - free_pages / 256 * 256);
	ck_assert_uint_eq(zone_free_pages(z), 0);
	ck_assert_uint_eq(m->stats.alloc_fail[0], 1);

	advance_ms(m, 200);
	ck_assert_uint_eq(m->balloon.num_pages, free_pages);
	ck_assert_uint_eq(z->managed_pages, managed - free_pages);
	ck_assert_uint_eq(m->stats.alloc_fail[0], 2);

	for (int i = 0; i < 50; i++)
		test_free_pfn(m, taken[i], 0);
	advance_ms(m, 200);
	ck_assert_uint_eq(m->balloon.num_pages, free_pages);
	ck_assert_uint_eq(m->balloon.fill_batch_pages, 50);
	advance_ms(m, 200);
	ck_assert_uint_eq(m->balloon.num_pages, free_pages + 50);
	ck_assert_uint_eq(m->balloon.target_pages, free_pages + 500);
	ck_assert_uint_eq(m->vm_events[BALLOON_INFLATE], free_pages + 50);
	test_release(m);
}
END_TEST

/*
 * Migration of a balloon page through its operations, as the 6.1 core
 * drives it: a reference and isolate_page() (isolate_movable_page()),
 * PG_isolated; a destination on the other node; migrate_page(); the core
 * clears PG_isolated, drops its reference on the destination and on the
 * source (which frees it).  Expect: the destination heads the list as a
 * balloon page with one reference, the source free and plain, num_pages
 * unchanged, balloon_migrate 1, and the managed page moved from node 1's
 * zone back to node 0's (the move crossed zones).
 */
START_TEST(test_migrate_through_the_operations)
{
	struct machine *m = test_boot_node_pair("16M", "16M", K_EXACT);
	struct zone *z0 = test_zone(m, 0, ZONE_NORMAL), *z1 = test_zone(m, 1, ZONE_NORMAL);
	const struct movable_operations *ops;
	struct page *src, *dst;
	unsigned long managed0, managed1;
	pfn_t src_pfn;

	balloon_set(m, 2);
	src = page_list_first(m, &dev(m)->pages);
	src_pfn = page_to_pfn(m, src);
	ck_assert_int_eq(page_to_nid(src), 0);
	ops = page_movable_ops(m, src);
	managed0 = z0->managed_pages;
	managed1 = z1->managed_pages;

	get_page(m, src);
	ck_assert(ops->isolate_page(m, src, ISOLATE_UNEVICTABLE));
	SetPageFlag(src, PG_reclaim);
	ck_assert_uint_eq(dev(m)->isolated_pages, 1);
	ck_assert_ptr_ne(page_list_first(m, &dev(m)->pages), src);
	test_check(m);

	dst = alloc_pages_node(m, 1, TEST_GFP_MOV, 0);
	ck_assert_ptr_nonnull(dst);
	ck_assert_int_eq(ops->migrate_page(m, dst, src, MIGRATE_SYNC), MIGRATEPAGE_SUCCESS);
	ClearPageFlag(src, PG_reclaim);
	put_page(m, dst);
	put_page(m, src);
	test_check(m);

	ck_assert_ptr_eq(page_list_first(m, &dev(m)->pages), dst);
	ck_assert(is_balloon_page(m, dst));
	ck_assert(PageBuddy(pfn_to_page(m, src_pfn)));
	ck_assert(!PageOffline(pfn_to_page(m, src_pfn)));
	ck_assert_uint_eq(dev(m)->isolated_pages, 0);
	ck_assert_uint_eq(m->balloon.num_pages, 2);
	ck_assert_uint_eq(m->vm_events[BALLOON_MIGRATE], 1);
	ck_assert_uint_eq(z0->managed_pages, managed0 + 1);
	ck_assert_uint_eq(z1->managed_pages, managed1 - 1);

	balloon_set(m, 0);
	ck_assert_uint_eq(z0->managed_pages, managed0 + 2);
	ck_assert_uint_eq(z1->managed_pages, managed1);
	test_release(m);
}
END_TEST

/*
 * A migration in the same zone moves no managed page; one that asks for
 * MIGRATE_SYNC_NO_COPY is refused (-EINVAL) and changes nothing; a
 * putback puts the isolated page back at the head of the list.
 */
START_TEST(test_no_copy_refused_and_putback)
{
	struct machine *m = boot();
	struct zone *z = test_normal0(m);
	struct page *page, *other, *dst;
	const struct movable_operations *ops;
	unsigned long managed;

	balloon_set(m, 2);
	page = page_list_first(m, &dev(m)->pages);
	other = page_list_next(m, page);
	ops = page_movable_ops(m, page);
	get_page(m, page);
	ck_assert(ops->isolate_page(m, page, ISOLATE_UNEVICTABLE));
	SetPageFlag(page, PG_reclaim);
	dst = alloc_pages_node(m, 0, TEST_GFP_MOV, 0);
	ck_assert_int_eq(ops->migrate_page(m, dst, page, MIGRATE_SYNC_NO_COPY), -EINVAL);
	ck_assert(is_balloon_page(m, dst) == false && page_count(dst) == 1);
	ck_assert_uint_eq(m->vm_events[BALLOON_MIGRATE], 0);
	ops->putback_page(m, page);
	ClearPageFlag(page, PG_reclaim);
	put_page(m, page);
	__free_pages(m, dst, 0);
	test_check(m);
	ck_assert_ptr_eq(page_list_first(m, &dev(m)->pages), page);
	ck_assert_ptr_eq(page_list_next(m, page), other);
	ck_assert_uint_eq(dev(m)->isolated_pages, 0);

	managed = z->managed_pages;
	get_page(m, page);
	ck_assert(ops->isolate_page(m, page, ISOLATE_UNEVICTABLE));
	dst = alloc_pages_node(m, 0, TEST_GFP_MOV, 0);
	ck_assert_int_eq(ops->migrate_page(m, dst, page, MIGRATE_ASYNC), MIGRATEPAGE_SUCCESS);
	put_page(m, dst);
	put_page(m, page);
	test_check(m);
	ck_assert_uint_eq(z->managed_pages, managed);
	test_release(m);
}
END_TEST

/*
 * A deflate while the balloon's only page is isolated: balloon_page_dequeue()
 * finds the list empty with a page isolated and gives nothing back
 * (no BUG: the driver's count is right), so the page stays.  Once it is
 * put back, the next change of the target gives it back.
 */
START_TEST(test_deflate_skips_isolated_pages)
{
	struct machine *m = boot();
	struct page *page;
	const struct movable_operations *ops;

	balloon_set(m, 1);
	page = page_list_first(m, &dev(m)->pages);
	ops = page_movable_ops(m, page);
	get_page(m, page);
	ck_assert(ops->isolate_page(m, page, ISOLATE_UNEVICTABLE));
	balloon_set(m, 0);
	ck_assert_uint_eq(m->balloon.num_pages, 1);
	ck_assert_uint_eq(m->vm_events[BALLOON_DEFLATE], 0);
	ops->putback_page(m, page);
	put_page(m, page);
	balloon_set(m, 0);
	ck_assert_uint_eq(m->balloon.num_pages, 0);
	ck_assert_uint_eq(m->vm_events[BALLOON_DEFLATE], 1);
	test_release(m);
}
END_TEST

/* The balloon checker: a listed page that lost its PageOffline mark is reported. */
START_TEST(test_checker_catches_a_damaged_page)
{
	struct machine *m = boot();
	struct page *page;
	char msg[256] = "";

	balloon_set(m, 3);
	page = page_list_first(m, &dev(m)->pages);
	__ClearPageOffline(page);
	ck_assert_int_gt(balloon_check(m, msg, sizeof(msg)), 0);
	ck_assert_msg(strstr(msg, "is not a balloon page") != NULL, "%s", msg);
	__SetPageOffline(page);
	m->balloon.num_pages++;
	ck_assert_int_gt(balloon_check(m, msg, sizeof(msg)), 0);
	ck_assert_msg(strstr(msg, "num_pages 4") != NULL, "%s", msg);
	m->balloon.num_pages--;
	test_release(m);
}
END_TEST

/* The replay of body stops with exactly msg (FILE:LINE: message). */
static void expect_bad(const char *body, const char *msg)
{
	struct machine *m = boot();
	struct engine_opts opts = { .check_every = 1 };
	struct engine e;

	ck_assert_int_eq(engine_init(&e, m, &opts), ENGINE_OK);
	ck_assert_int_eq(test_replay_body(&e, body), ENGINE_BAD_INPUT);
	ck_assert_str_eq(e.msg, msg);
	engine_release(&e);
	test_release(m);
}

/*
 * Bad balloon records: neither or both of inflate and deflate, a count
 * that is no number or outside 32 bits, an unknown key or CPU, and an
 * inflate that takes the target past the 32 bits of the config space.
 */
START_TEST(test_verb_bad_input)
{
	expect_bad("balloon\n", "t.trace:2: balloon needs inflate=PAGES or deflate=PAGES");
	expect_bad("balloon cpu=0\n", "t.trace:2: balloon needs inflate=PAGES or deflate=PAGES");
	expect_bad("balloon inflate=1 deflate=1\n", "t.trace:2: inflate and deflate exclude each other");
	expect_bad("balloon inflate=lots\n", "t.trace:2: bad value 'lots' for inflate: not a number");
	expect_bad("balloon deflate=-1\n", "t.trace:2: deflate -1 out of range (0..4294967295)");
	expect_bad("balloon inflate=4294967296\n",
		   "t.trace:2: inflate 4294967296 out of range (0..4294967295)");
	expect_bad("balloon inflate=1 node=0\n", "t.trace:2: unknown key 'node' for balloon");
	expect_bad("balloon inflate=1 cpu=1\n", "t.trace:2: cpu 1 out of range (0..0)");
	expect_bad("balloon inflate=4294967295\nballoon inflate=1\n",
		   "t.trace:3: inflate=1 takes the balloon's target (4294967295 pages) past "
		   "4294967295 pages");
}
END_TEST

/* Collected by the Makefile into the runner (tests/check_main.c). */

Suite *balloon_suite(void);

Suite *balloon_suite(void)
{
	Suite *s = suite_create("balloon");
	TCase *tc = tcase_create("balloon");

	tcase_add_test(tc, test_inflate_and_deflate_move_managed_pages);
	tcase_add_test(tc, test_batches_and_the_list_order);
	tcase_add_test(tc, test_verb_deflate_more_than_inflated);
	tcase_add_test(tc, test_inflate_short_of_memory);
	tcase_add_test(tc, test_migrate_through_the_operations);
	tcase_add_test(tc, test_no_copy_refused_and_putback);
	tcase_add_test(tc, test_deflate_skips_isolated_pages);
	tcase_add_test(tc, test_checker_catches_a_damaged_page);
	tcase_add_test(tc, test_verb_bad_input);
	suite_add_tcase(s, tc);
	return s;
}
