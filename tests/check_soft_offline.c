/*
 * tests/check_soft_offline.c - soft offlining a page (mm/memory-failure.c),
 * the allocator's side of poisoned frames (mm/page_alloc.c) and the sysfs
 * file devices/system/memory/soft_offline_page (sim/verbs_sysfs.c).
 *
 * The kernel's rules under test:
 *   soft_offline_page_store(): kstrtoull(buf, 0) of a physical address,
 *     shifted right by PAGE_SHIFT; -EINVAL for no number;
 *   soft_offline_page(): -ENXIO without pfn_valid(), -EIO when
 *     pfn_to_online_page() fails, 0 for a page PageHWPoison already;
 *   get_any_page(): -EIO for a page HWPoisonHandlable() refuses (reserved,
 *     an unmovable kernel allocation), 0 for a free page, 1 with a
 *     reference for an LRU, non-LRU movable or huge page in use;
 *   get_hwpoison_page(): zone_pcp_disable() drains the zone's pcp lists;
 *   page_handle_poison() -> take_page_off_buddy() / break_down_buddy_pages():
 *     the page leaves the free lists, the rest of its block stays free on
 *     the pageblock type's lists, NR_FREE_PAGES drops by one, the page is
 *     PG_hwpoison with one reference, num_poisoned_pages (HardwareCorrupted)
 *     one more; managed pages (MemTotal) are not touched;
 *   dissolve_free_huge_page(): a free huge page goes back to the buddy
 *     unless free_huge_pages == resv_huge_pages (-EBUSY, retried once);
 *   soft_offline_in_use_page(): a THP is split first; a clean unmapped
 *     page-cache page is invalidated and poisoned (its free stops at
 *     free_pages_prepare()); anything else is migrated
 *     (MR_MEMORY_FAILURE), -EBUSY when that fails;
 *   check_new_pages() (rmqueue_buddy(), and rmqueue_bulk() at pcp refill):
 *     a block holding a PG_hwpoison frame is dropped, never handed out.
 *
 * Machines: one 16M node (4096 pages), per-CPU lists off and watermarks
 * 0 unless a test says otherwise.  test_check() after every step.
 *
 * Linux counterpart: mm/memory-failure.c, mm/page_alloc.c
 * (take_page_off_buddy, check_new_pages), mm/hugetlb.c
 * (dissolve_free_huge_page), drivers/base/memory.c, fs/proc/meminfo.c.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/memory-failure.h"
#include "mm/raw_alloc.h"
#include "mm/rmap.h"
#include "sim/engine.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define K_EXACT	TEST_K_PLAIN ", \"pcp\": false, \"min_free_kbytes\": 0, \"watermark_scale_factor\": 1"

static struct machine *boot(void)
{
	return test_boot_node("16M", 1, K_EXACT);
}

static int offline(struct machine *m, pfn_t pfn)
{
	int ret = soft_offline_page(m, pfn, 0);

	test_check(m);
	return ret;
}

/* pfn was taken off the free lists and poisoned, as page_handle_poison() leaves it. */
static void expect_poisoned_off_buddy(struct machine *m, pfn_t pfn)
{
	struct page *page = pfn_to_page(m, pfn);

	ck_assert(PageHWPoison(page));
	ck_assert(PageHWPoisonTakenOff(page));
	ck_assert(!PageBuddy(page));
	ck_assert_int_eq(page_count(page), 1);
}

/*
 * Allocate every free page of node 0 at order 0, asserting avoid is never
 * one of them.  Returns how many.
 */
static unsigned long take_all_but(struct machine *m, pfn_t avoid)
{
	unsigned long nr = 0;
	struct page *page;

	while ((page = alloc_pages_node(m, 0, TEST_GFP_MOV | __GFP_THISNODE, 0))) {
		ck_assert_msg(page_to_pfn(m, page) != avoid, "pfn %#llx handed out",
			      (unsigned long long)avoid);
		nr++;
	}
	test_check(m);
	return nr;
}

/* The first pfn of the second free order-10 block of the zone: boot leaves it whole. */
static pfn_t second_max_block(struct machine *m)
{
	pfn_t start = test_normal0(m)->zone_start_pfn;
	pfn_t block = ((start + 1023) & ~(pfn_t)1023) + 1024;

	test_expect_free_block(m, block, 10, MIGRATE_MOVABLE);
	return block;
}

/*
 * A free page, pfn B + 5 of a free order-10 block at B.
 * take_page_off_buddy() -> break_down_buddy_pages() keeps every half
 * without B + 5 free: B+512 (order 9), B+256 (8), B+128 (7), B+64 (6),
 * B+32 (5), B+16 (4), B+8 (3), B (2), B+6 (1), B+4 (0), on the Movable
 * lists: 1023 pages.  Expect B + 5 poisoned with one reference, one free
 * page less, HardwareCorrupted 4 kB, MemTotal as before.
 */
START_TEST(test_free_page_taken_off_the_lists)
{
	struct machine *m = boot();
	pfn_t b = second_max_block(m);
	unsigned long free_pages = zone_free_pages(test_normal0(m));
	unsigned long total_kb = test_meminfo_kb(m, "MemTotal:");
	static const struct { unsigned int off, order; } halves[] = {
		{ 512, 9 }, { 256, 8 }, { 128, 7 }, { 64, 6 }, { 32, 5 },
		{ 16, 4 }, { 8, 3 }, { 0, 2 }, { 6, 1 }, { 4, 0 },
	};

	ck_assert_int_eq(offline(m, b + 5), 0);
	expect_poisoned_off_buddy(m, b + 5);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(halves); i++)
		test_expect_free_block(m, b + halves[i].off, halves[i].order, MIGRATE_MOVABLE);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), free_pages - 1);
	ck_assert_uint_eq(m->num_poisoned_pages, 1);
	ck_assert_uint_eq(test_meminfo_kb(m, "HardwareCorrupted:"), 4);
	ck_assert_uint_eq(test_meminfo_kb(m, "MemTotal:"), total_kb);
	test_release(m);
}
END_TEST

/*
 * Offlined once more, the page poisoned already: soft_offline_page() says
 * 0 and does nothing (one poisoned page, the free pages as they were).
 * Then the poisoned page is never handed out again: allocating the whole
 * node page by page gets every free page but it, and nothing is left.
 */
START_TEST(test_poisoned_page_never_allocated)
{
	struct machine *m = boot();
	pfn_t pfn = second_max_block(m) + 5;
	unsigned long free_pages;

	ck_assert_int_eq(offline(m, pfn), 0);
	free_pages = zone_free_pages(test_normal0(m));
	ck_assert_int_eq(offline(m, pfn), 0);
	ck_assert_uint_eq(m->num_poisoned_pages, 1);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), free_pages);
	ck_assert_uint_eq(take_all_but(m, pfn), free_pages);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), 0);
	expect_poisoned_off_buddy(m, pfn);
	test_release(m);
}
END_TEST

/*
 * Frames that cannot be offlined: past the node's memory in its section
 * (a struct page, but not online: -EIO), in a section without memory
 * (no struct page: -ENXIO), reserved at boot (-EIO), an unmovable kernel
 * allocation (-EIO).  Nothing changes.
 */
START_TEST(test_invalid_and_unhandlable_frames)
{
	struct machine *m = test_boot_node("16M", 1, TEST_K_BASE ", \"reserved\": \"1M\","
					   " \"transparent_hugepage\": \"never\", \"pcp\": false");
	struct zone *z = test_normal0(m);
	pfn_t last = zone_end_pfn(z) - 1, kernel;
	unsigned long free_pages;

	ck_assert(PageReserved(pfn_to_page(m, last)));
	kernel = test_alloc_pfn(m, TEST_GFP_UNMOV, 0);
	free_pages = zone_free_pages(z);
	ck_assert_int_eq(offline(m, zone_end_pfn(z) + 100), -EIO);
	ck_assert_int_eq(offline(m, 40000), -ENXIO);
	ck_assert_int_eq(offline(m, last), -EIO);
	ck_assert_int_eq(offline(m, kernel), -EIO);
	ck_assert_int_eq(page_count(pfn_to_page(m, kernel)), 1);
	ck_assert_uint_eq(m->num_poisoned_pages, 0);
	ck_assert_uint_eq(zone_free_pages(z), free_pages);
	test_release(m);
}
END_TEST

/*
 * A free page on a per-CPU list: get_hwpoison_page() drains the zone's
 * lists first (zone_pcp_disable()), so the page is in the buddy and goes;
 * the zone's lists are empty after, with their limits back.
 */
START_TEST(test_free_page_on_a_pcp_list)
{
	struct machine *m = test_boot_node("64M", 2, TEST_K_PLAIN);
	struct zone *z = test_normal0(m);
	pfn_t pfn[3];

	for (int i = 0; i < 3; i++)
		pfn[i] = test_alloc_pfn(m, TEST_GFP_MOV, 0);
	for (int i = 0; i < 3; i++)
		test_free_pfn(m, pfn[i], 0);
	ck_assert_int_gt(z->per_cpu_pageset[0].count, 0);
	ck_assert(!PageBuddy(pfn_to_page(m, pfn[1])));
	ck_assert_int_eq(offline(m, pfn[1]), 0);
	expect_poisoned_off_buddy(m, pfn[1]);
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
		ck_assert_int_eq(z->per_cpu_pageset[cpu].count, 0);
		ck_assert_int_eq(z->per_cpu_pageset[cpu].high, z->pageset_high);
		ck_assert_int_eq(z->per_cpu_pageset[cpu].batch, z->pageset_batch);
	}
	test_release(m);
}
END_TEST

/*
 * Huge pages.  A pool of two; offlining a frame of a free one dissolves
 * it (the pool one smaller, max_huge_pages too), its other 511 frames
 * free again, the frame poisoned.  The other free huge page reserved,
 * offlining one of its frames is -EBUSY (free == reserved, twice) and
 * changes nothing.
 */
START_TEST(test_free_huge_pages)
{
	struct machine *m = boot();
	struct hstate *h = &m->hstate;
	struct page *first, *second;
	unsigned long free_pages;

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 2), 0);
	test_check(m);
	ck_assert_uint_eq(h->free_huge_pages, 2);
	first = page_list_first(m, &h->hugepage_freelists[0]);
	second = page_list_next(m, first);
	free_pages = zone_free_pages(test_normal0(m));

	ck_assert_int_eq(offline(m, page_to_pfn(m, first) + 3), 0);
	expect_poisoned_off_buddy(m, page_to_pfn(m, first) + 3);
	ck_assert_uint_eq(h->nr_huge_pages, 1);
	ck_assert_uint_eq(h->free_huge_pages, 1);
	ck_assert_uint_eq(h->max_huge_pages, 1);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), free_pages + HPAGE_PMD_NR - 1);

	ck_assert_int_eq(hugetlb_reserve_pages(m, 1), 0);
	ck_assert_int_eq(offline(m, page_to_pfn(m, second) + 7), -EBUSY);
	ck_assert(!PageHWPoison(pfn_to_page(m, page_to_pfn(m, second) + 7)));
	ck_assert_uint_eq(h->nr_huge_pages, 1);
	ck_assert_uint_eq(m->num_poisoned_pages, 1);
	hugetlb_unreserve_pages(m, 1);
	test_release(m);
}
END_TEST

/*
 * Pages in use are migrated away (soft_offline_in_use_page():
 * migrate_pages(MIGRATE_SYNC, MR_MEMORY_FAILURE) to any node), then the
 * old frame is poisoned and kept: an anonymous page a task maps (its PTE
 * now names the new page) and a raw movable allocation (its handle
 * follows).  A pinned page cannot move (folio_migrate_mapping()'s
 * reference count): -EBUSY, still mapped where it was, not poisoned.
 */
START_TEST(test_in_use_pages_migrated_away)
{
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, 2 * PAGE_SIZE);
	struct page *anon, *pinned, *raw, *got;
	raw_handle_t h;

	proc_touch(m, t, addr, 2 * PAGE_SIZE, true);
	anon = proc_page_at(m, t, addr);
	ck_assert_int_eq(offline(m, page_to_pfn(m, anon)), 0);
	ck_assert_ptr_ne(proc_page_at(m, t, addr), anon);
	ck_assert(PageHWPoison(anon) && page_count(anon) == 1 && !PageLRU(anon));
	ck_assert_uint_eq(m->vm_events[PGMIGRATE_SUCCESS], 1);
	ck_assert_uint_eq(m->num_poisoned_pages, 1);

	ck_assert_int_eq(raw_alloc(m, 0, TEST_GFP_MOV, 0, &h), 0);
	raw = raw_alloc_page(m, h);
	ck_assert_int_eq(offline(m, page_to_pfn(m, raw)), 0);
	ck_assert_ptr_ne(raw_alloc_page(m, h), raw);
	ck_assert(PageHWPoison(raw));
	ck_assert_uint_eq(m->num_poisoned_pages, 2);
	ck_assert_uint_eq(test_meminfo_kb(m, "HardwareCorrupted:"), 8);

	pinned = proc_page_at(m, t, addr + PAGE_SIZE);
	ck_assert_int_eq(gup_pages(m, t, addr + PAGE_SIZE, 1, FOLL_PIN | FOLL_WRITE, &got), 1);
	ck_assert_ptr_eq(got, pinned);
	ck_assert_int_eq(offline(m, page_to_pfn(m, pinned)), -EBUSY);
	ck_assert_ptr_eq(proc_page_at(m, t, addr + PAGE_SIZE), pinned);
	ck_assert(!PageHWPoison(pinned));
	ck_assert_uint_eq(m->vm_events[PGMIGRATE_FAIL], 1);
	ck_assert_uint_eq(m->num_poisoned_pages, 2);
	gup_release(m, &got, 1, FOLL_PIN);
	raw_free(m, h);
	task_exit(m, t);
	test_release(m);
}
END_TEST

/*
 * A clean page-cache page nobody maps any more is invalidated instead of
 * migrated: out of the cache (NR_FILE_PAGES 0), poisoned, held, not back
 * in the buddy.  While a task maps it, invalidate_inode_page() refuses
 * and it is migrated: the cache and the mapping name the new page.
 */
START_TEST(test_clean_unmapped_cache_page_invalidated)
{
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *f = file_lookup(m, "data");
	struct page *page;
	uint64_t addr;

	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, f, 0, &addr), 0);
	proc_touch(m, t, addr, PAGE_SIZE, false);
	page = filemap_lookup(m, f, 0);
	ck_assert_int_eq(offline(m, page_to_pfn(m, page)), 0);
	ck_assert(PageHWPoison(page));
	page = filemap_lookup(m, f, 0);
	ck_assert_ptr_eq(proc_page_at(m, t, addr), page);
	ck_assert(!PageHWPoison(page));
	ck_assert_int_eq(do_munmap(m, t, addr, PAGE_SIZE), 0);
	test_check(m);

	ck_assert_int_eq(offline(m, page_to_pfn(m, page)), 0);
	ck_assert_ptr_null(filemap_lookup(m, f, 0));
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_PAGES), 0);
	ck_assert(PageHWPoison(page) && !PageBuddy(page) && !PageLRU(page));
	ck_assert_int_eq(page_count(page), 1);
	ck_assert_uint_eq(test_meminfo_kb(m, "HardwareCorrupted:"), 8);
	task_exit(m, t);
	test_release(m);
}
END_TEST

/*
 * A frame of a THP: try_to_split_thp_page() splits it before migration
 * (thp_split_page 1), then the 4 KiB page alone migrates and its frame is
 * poisoned; the rest of the former THP stays where it was, PTE-mapped.
 */
START_TEST(test_thp_split_before_migration)
{
	struct machine *m = test_boot_node("32M", 2, TEST_K_BASE ", \"reserved\": \"0\","
					   " \"min_free_kbytes\": 0, \"transparent_hugepage\": \"always\"");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, 0x200000000ull, HPAGE_PMD_SIZE, 0);
	struct page *sub;

	proc_touch(m, t, addr, PAGE_SIZE, true);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_ALLOC], 1);
	sub = pfn_to_page(m, page_to_pfn(m, proc_page_at(m, t, addr)) + 5);
	ck_assert_int_eq(offline(m, page_to_pfn(m, sub)), 0);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PAGE], 1);
	ck_assert(!PageTransHuge(compound_head(m, sub)));
	ck_assert(PageHWPoison(sub));
	ck_assert_ptr_ne(proc_page_at(m, t, addr + 5 * PAGE_SIZE), sub);
	ck_assert_ptr_eq(proc_page_at(m, t, addr + 6 * PAGE_SIZE), sub + 1);
	ck_assert_uint_eq(m->vm_events[PGMIGRATE_SUCCESS], 1);
	task_exit(m, t);
	test_release(m);
}
END_TEST

/*
 * A poisoned frame inside a free block (6.1 frees a high-order block with
 * a poisoned subpage whole): an order-1 block at Q with Q + 1 poisoned,
 * freed.  Allocating the node page by page (the buddy path, and the pcp
 * refill on a machine with per-CPU lists) hands out every other page and
 * drops Q + 1 instead: off the lists, not referenced, counted out of the
 * free pages.
 */
static void check_poisoned_frame_dropped(const char *kernel_keys)
{
	struct machine *m = test_boot_node("16M", 1, kernel_keys);
	pfn_t q = test_alloc_pfn(m, TEST_GFP_UNMOV, 1);
	unsigned long free_pages;

	SetPageFlag(pfn_to_page(m, q + 1), PG_hwpoison);
	m->num_poisoned_pages++;
	__free_pages(m, pfn_to_page(m, q), 1);
	drain_all_pages(m, NULL);
	test_check(m);
	free_pages = zone_free_pages(test_normal0(m));
	ck_assert_uint_eq(take_all_but(m, q + 1), free_pages - 1);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), 0);
	ck_assert(!PageBuddy(pfn_to_page(m, q + 1)));
	ck_assert_int_eq(page_count(pfn_to_page(m, q + 1)), 0);
	test_release(m);
}

START_TEST(test_poisoned_frame_in_a_free_block_dropped)
{
	check_poisoned_frame_dropped(K_EXACT);
	check_poisoned_frame_dropped(TEST_K_PLAIN ", \"min_free_kbytes\": 0, \"watermark_scale_factor\": 1");
}
END_TEST

/* The checker: a poisoned frame num_poisoned_pages does not count is reported. */
START_TEST(test_checker_counts_poisoned_frames)
{
	struct machine *m = boot();
	pfn_t pfn = second_max_block(m) + 5;
	char msg[256] = "";

	ck_assert_int_eq(offline(m, pfn), 0);
	m->num_poisoned_pages = 2;
	ck_assert_int_gt(hwpoison_check(m, msg, sizeof(msg)), 0);
	ck_assert_msg(strstr(msg, "1 PG_hwpoison frames, num_poisoned_pages 2") != NULL, "%s", msg);
	m->num_poisoned_pages = 1;
	test_release(m);
}
END_TEST

/* ---- the sysfs file ---- */

struct fx {
	struct machine *m;
	struct engine e;
};

static void fx_boot(struct fx *fx)
{
	struct engine_opts opts = { .check_every = 1 };

	fx->m = boot();
	ck_assert_int_eq(engine_init(&fx->e, fx->m, &opts), ENGINE_OK);
}

static void fx_release(struct fx *fx)
{
	engine_release(&fx->e);
	test_release(fx->m);
}

#define SOFT_OFFLINE	"sysfs path=devices/system/memory/soft_offline_page value="

/*
 * The value is a physical address as kstrtoull(buf, 0) reads it: 0x hex,
 * 0 octal (020000 is 8192: pfn 2), decimal, a leading '+'; the store
 * shifts it to the pfn holding it.  Each poisons its page.
 */
START_TEST(test_sysfs_addresses)
{
	struct fx fx;

	fx_boot(&fx);
	ck_assert_int_eq(test_replay_body(&fx.e, SOFT_OFFLINE "0x3000\n"
					  SOFT_OFFLINE "020000\n"
					  SOFT_OFFLINE "+20479\n"
					  "sysfs path=/sys/devices/system/memory/soft_offline_page "
					  "value=0x3fff\n"), ENGINE_OK);
	ck_assert(PageHWPoison(pfn_to_page(fx.m, 3)));
	ck_assert(PageHWPoison(pfn_to_page(fx.m, 2)));
	ck_assert(PageHWPoison(pfn_to_page(fx.m, 4)));
	ck_assert_uint_eq(fx.m->num_poisoned_pages, 3);
	fx_release(&fx);
}
END_TEST

static void expect_bad(const char *body, const char *msg)
{
	struct fx fx;

	fx_boot(&fx);
	ck_assert_int_eq(test_replay_body(&fx.e, body), ENGINE_BAD_INPUT);
	ck_assert_str_eq(fx.e.msg, msg);
	fx_release(&fx);
}

/* A pinned page cannot be migrated away: the write fails with EBUSY. */
static void expect_pinned_busy(void)
{
	char body[128], msg[256];
	struct task_struct *t;
	struct fx fx;
	pfn_t pfn;

	fx_boot(&fx);
	ck_assert_int_eq(test_replay_body(&fx.e, "spawn pid=1\nmmap pid=1 len=4K id=x\n"
					  "pin id=p pid=1 addr=@x write longterm\n"), ENGINE_OK);
	t = find_task_by_pid(fx.m, 1);
	pfn = page_to_pfn(fx.m, proc_page_at(fx.m, t, find_vma(t->mm, 0)->vm_start));
	snprintf(body, sizeof(body), SOFT_OFFLINE "%#llx\n", (unsigned long long)pfn_to_phys(pfn));
	snprintf(msg, sizeof(msg), "t.trace:2: soft_offline_page: EBUSY: %#llx (pfn %#llx) is in "
		 "use and was not migrated away, or a free huge page of a fully reserved pool",
		 (unsigned long long)pfn_to_phys(pfn), (unsigned long long)pfn);
	ck_assert_int_eq(test_replay_body(&fx.e, body), ENGINE_BAD_INPUT);
	ck_assert_str_eq(fx.e.msg, msg);
	fx_release(&fx);
}

/*
 * Values the store refuses (-EINVAL: no number, a stray byte, an octal 8,
 * past 64 bits) and writes soft_offline_page() fails (-ENXIO, -EIO,
 * -EBUSY), each an input error naming the call and its errno.
 */
START_TEST(test_sysfs_bad_input)
{
	static const char bad[] = "t.trace:2: bad value '%s' for devices/system/memory/"
				  "soft_offline_page (a physical address: decimal, 0x hex or 0 octal, "
				  "at most 64 bits)";
	static const char *const values[] = { "page", "0x", "08", "12k", "-1",
					      "18446744073709551616" };
	char body[256], msg[512];

	for (size_t i = 0; i < TEST_ARRAY_SIZE(values); i++) {
		snprintf(body, sizeof(body), SOFT_OFFLINE "%s\n", values[i]);
		snprintf(msg, sizeof(msg), bad, values[i]);
		expect_bad(body, msg);
	}
	expect_bad(SOFT_OFFLINE "0x10000000\n", "t.trace:2: soft_offline_page: ENXIO: 0x10000000 "
		   "(pfn 0x10000) has no struct page");
	expect_bad(SOFT_OFFLINE "0x1100000\n", "t.trace:2: soft_offline_page: EIO: 0x1100000 "
		   "(pfn 0x1100) is not online memory, or a page memory failure cannot handle "
		   "(reserved, kernel, page table)");
	expect_pinned_busy();
}
END_TEST

/* Collected by the Makefile into the runner (tests/check_main.c). */

Suite *soft_offline_suite(void);

Suite *soft_offline_suite(void)
{
	Suite *s = suite_create("soft_offline");
	TCase *tc = tcase_create("soft_offline");

	tcase_add_test(tc, test_free_page_taken_off_the_lists);
	tcase_add_test(tc, test_poisoned_page_never_allocated);
	tcase_add_test(tc, test_invalid_and_unhandlable_frames);
	tcase_add_test(tc, test_free_page_on_a_pcp_list);
	tcase_add_test(tc, test_free_huge_pages);
	tcase_add_test(tc, test_in_use_pages_migrated_away);
	tcase_add_test(tc, test_clean_unmapped_cache_page_invalidated);
	tcase_add_test(tc, test_thp_split_before_migration);
	tcase_add_test(tc, test_poisoned_frame_in_a_free_block_dropped);
	tcase_add_test(tc, test_checker_counts_poisoned_frames);
	tcase_add_test(tc, test_sysfs_addresses);
	tcase_add_test(tc, test_sysfs_bad_input);
	suite_add_tcase(s, tc);
	return s;
}
