/*
 * tests/check_contig.c - contiguous allocation (mm/page_alloc_contig.c)
 * and long-term pins (mm/gup.c) against 6.1's rules: alloc_contig_range()
 * migrating a process's pages out of the range and failing cleanly on a
 * pinned or unmovable page, the excess of the free blocks at an unaligned
 * range's ends given back, alloc_contig_pages()' aligned candidates,
 * free_contig_range(), check_and_migrate_movable_pages().
 *
 * Small machines with per-CPU lists off and nothing reserved, so every
 * free is in the buddy at once and the free counts are exact; the
 * checkers run after every step.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/page_alloc_contig.h"
#include "mm/page_isolation.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"
#include "tests/verbs_fixture.h"

#define K_CONTIG	TEST_K_BASE ", \"reserved\": \"0\", \"pcp\": false, \"transparent_hugepage\": \"never\""
#define NR_USER		1024ul

struct user_range {
	struct task_struct *t;
	uint64_t addr;
};

/* A task with NR_USER written anonymous pages (no THP). */
static struct user_range user_pages(struct machine *m)
{
	struct user_range u = { .t = proc_spawn(m, 1) };

	u.addr = proc_mmap_anon(m, u.t, NR_USER * PAGE_SIZE);
	proc_touch(m, u.t, u.addr, NR_USER * PAGE_SIZE, true);
	test_check(m);
	return u;
}

/* How many of the task's pages sit in [start, end). */
static unsigned long user_pages_in(struct machine *m, const struct user_range *u, pfn_t start,
				   pfn_t end)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < NR_USER; i++) {
		pfn_t pfn = page_to_pfn(m, proc_page_at(m, u->t, u->addr + i * PAGE_SIZE));

		n += pfn >= start && pfn < end;
	}
	return n;
}

/*
 * A Movable pageblock holding some of the task's pages and nothing
 * has_unmovable_pages() refuses: the range the tests allocate.
 */
static pfn_t movable_block_with_user_pages(struct machine *m, const struct user_range *u)
{
	struct zone *z = test_normal0(m);
	unsigned long nr = pageblock_nr_pages(m);

	for (pfn_t pb = z->zone_start_pfn; pb < zone_end_pfn(z); pb += nr)
		if (get_pageblock_migratetype(m, pb) == MIGRATE_MOVABLE &&
		    !has_unmovable_pages(m, pb, pb + nr, MIGRATE_MOVABLE, 0) &&
		    user_pages_in(m, u, pb, pb + nr) > nr / 2)
			return pb;
	ck_abort_msg("no movable pageblock holds the task's pages");
	return PFN_NONE;
}

/* Free frames of [start, end) (in free buddy blocks). */
static unsigned long free_frames_in(struct machine *m, pfn_t start, pfn_t end)
{
	unsigned long n = 0;

	for (pfn_t pfn = start; pfn < end; pfn++)
		n += is_free_buddy_page(m, pfn_to_page(m, pfn));
	return n;
}

/* Every frame of [start, end) is the caller's: one reference, not free. */
static void expect_taken(struct machine *m, pfn_t start, pfn_t end)
{
	for (pfn_t pfn = start; pfn < end; pfn++) {
		struct page *page = pfn_to_page(m, pfn);

		ck_assert_msg(page_count(page) == 1 && !is_free_buddy_page(m, page),
			      "pfn %lu: count %d", (unsigned long)pfn, page_count(page));
	}
}

/* File f's pages cached in [start, end): clean ones in *clean, dirty in *dirty. */
static void file_pages_in(struct machine *m, struct address_space *f, pfn_t start, pfn_t end,
			  unsigned long *clean, unsigned long *dirty)
{
	*clean = *dirty = 0;
	for (uint64_t i = 0; i < NR_USER; i++) {
		struct page *page = filemap_lookup(m, f, i);
		pfn_t pfn = page ? page_to_pfn(m, page) : PFN_NONE;

		if (page && pfn >= start && pfn < end)
			++*(PageFlag(page, PG_dirty) ? dirty : clean);
	}
}

/*
 * Linux: __alloc_contig_migrate_range() -> reclaim_clean_pages_from_list():
 * clean page cache in the range is dropped at once (unmapped, its
 * references ignored) instead of migrated; dirty page cache, which that
 * reclaim may not write, is migrated.
 */
START_TEST(test_range_drops_clean_page_cache)
{
	struct machine *m = test_boot_node("16M", 1, K_CONTIG);
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *f = file_lookup(m, "f");
	struct zone *z = test_normal0(m);
	unsigned long nr = pageblock_nr_pages(m), clean = 0, dirty = 0, migrated;
	uint64_t addr = 0;
	pfn_t pb;

	ck_assert_int_eq(do_mmap(m, t, 0, NR_USER * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
				 f, 0, &addr), 0);
	proc_touch(m, t, addr, NR_USER * PAGE_SIZE, false);
	for (unsigned long i = 0; i < NR_USER; i += 2)
		proc_touch(m, t, addr + i * PAGE_SIZE, PAGE_SIZE, true);
	test_check(m);
	for (pb = z->zone_start_pfn; pb < zone_end_pfn(z); pb += nr) {
		file_pages_in(m, f, pb, pb + nr, &clean, &dirty);
		if (get_pageblock_migratetype(m, pb) == MIGRATE_MOVABLE && clean && dirty &&
		    !has_unmovable_pages(m, pb, pb + nr, MIGRATE_MOVABLE, 0))
			break;
	}
	ck_assert_msg(pb < zone_end_pfn(z), "no pageblock holds clean and dirty file pages");
	migrated = m->vm_events[PGMIGRATE_SUCCESS];
	ck_assert_int_eq(alloc_contig_range(m, pb, pb + nr, MIGRATE_MOVABLE, GFP_KERNEL), 0);
	test_check(m);
	ck_assert_uint_eq(m->vm_events[PGMIGRATE_SUCCESS] - migrated, dirty);
	for (unsigned long i = 0; i < NR_USER; i++) {
		struct page *page = filemap_lookup(m, f, i);

		ck_assert(!page || page_to_pfn(m, page) < pb || page_to_pfn(m, page) >= pb + nr);
		if (i % 2)	/* clean: dropped if it was in the range, else still mapped */
			ck_assert(page ? !pte_none(*proc_pte_at(m, t, addr + i * PAGE_SIZE)) :
					 pte_none(*proc_pte_at(m, t, addr + i * PAGE_SIZE)));
		else
			ck_assert_ptr_nonnull(page);
	}
	ck_assert_uint_eq(f->nrpages, NR_USER - clean);
	free_contig_range(m, pb, nr);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * alloc_contig_range() + __alloc_contig_migrate_range(): the task's pages
 * in the range migrate out (MR_CONTIG_RANGE, counted in
 * pgmigrate_success), each address still maps a page, now outside; the
 * range is the caller's, its pageblocks Movable again, and
 * free_contig_range() gives it back.
 */
START_TEST(test_range_with_movable_pages)
{
	struct machine *m = test_boot_node("16M", 1, K_CONTIG);
	struct zone *z = test_normal0(m);
	struct user_range u = user_pages(m);
	pfn_t pb = movable_block_with_user_pages(m, &u), end = pb + pageblock_nr_pages(m);
	unsigned long n_user = user_pages_in(m, &u, pb, end);
	unsigned long n_free = free_frames_in(m, pb, end);
	unsigned long free_before = zone_free_pages(z);
	unsigned long migrated = m->vm_events[PGMIGRATE_SUCCESS];

	ck_assert_int_eq(alloc_contig_range(m, pb, end, MIGRATE_MOVABLE, GFP_KERNEL), 0);
	test_check(m);
	ck_assert_uint_eq(m->vm_events[PGMIGRATE_SUCCESS] - migrated, n_user);
	ck_assert_uint_eq(user_pages_in(m, &u, pb, end), 0);
	for (unsigned long i = 0; i < NR_USER; i++)
		ck_assert(PageLRU(proc_page_at(m, u.t, u.addr + i * PAGE_SIZE)));
	expect_taken(m, pb, end);
	ck_assert_int_eq(get_pageblock_migratetype(m, pb), MIGRATE_MOVABLE);
	ck_assert_int_eq(z->nr_isolate_pageblock, 0);
	/* The range's free frames and the migration targets left free memory. */
	ck_assert_uint_eq(zone_free_pages(z), free_before - n_free - n_user);
	ck_assert_uint_eq(m->stats.contig_range_success, 1);
	ck_assert_uint_eq(free_contig_range(m, pb, end - pb), 0);
	test_check(m);
	ck_assert_uint_eq(zone_free_pages(z), free_before - n_user + (end - pb) - n_free);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * alloc_contig_range(): a long-term pinned page cannot migrate, so the
 * range is not all free at test_pages_isolated() and the call fails
 * -EBUSY; the pin stays where it was, the pageblock Movable, nothing
 * isolated, free memory as before (what did move left as much free
 * memory in the range as its targets took outside).
 */
START_TEST(test_pinned_page_fails_cleanly)
{
	struct machine *m = test_boot_node("16M", 1, K_CONTIG);
	struct zone *z = test_normal0(m);
	struct user_range u = user_pages(m);
	pfn_t pb = movable_block_with_user_pages(m, &u), end = pb + pageblock_nr_pages(m);
	unsigned int flags = FOLL_PIN | FOLL_WRITE | FOLL_LONGTERM;
	unsigned long free_before, i;
	struct page *pinned = NULL;
	pfn_t pinned_pfn;

	for (i = 0; i < NR_USER; i++) {
		pfn_t pfn = page_to_pfn(m, proc_page_at(m, u.t, u.addr + i * PAGE_SIZE));

		if (pfn >= pb && pfn < end)
			break;
	}
	/* ZONE_NORMAL: folio_is_longterm_pinnable(), the pin stays put. */
	ck_assert_int_eq(gup_pages(m, u.t, u.addr + i * PAGE_SIZE, 1, flags, &pinned), 1);
	pinned_pfn = page_to_pfn(m, pinned);
	ck_assert(pinned_pfn >= pb && pinned_pfn < end);
	free_before = zone_free_pages(z);
	ck_assert_int_eq(alloc_contig_range(m, pb, end, MIGRATE_MOVABLE, GFP_KERNEL), -EBUSY);
	test_check(m);
	ck_assert_ptr_eq(proc_page_at(m, u.t, u.addr + i * PAGE_SIZE), pinned);
	ck_assert_int_eq(get_pageblock_migratetype(m, pb), MIGRATE_MOVABLE);
	ck_assert_int_eq(z->nr_isolate_pageblock, 0);
	ck_assert_uint_eq(zone_free_pages(z), free_before);
	ck_assert_uint_eq(m->stats.contig_range_fail, 1);
	gup_release(m, &pinned, 1, flags);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* alloc_contig_range() -> has_unmovable_pages(): a GFP_KERNEL page refuses at once. */
START_TEST(test_unmovable_page_fails)
{
	struct machine *m = test_boot_node("16M", 1, K_CONTIG);
	struct zone *z = test_normal0(m);
	pfn_t pfn = test_alloc_pfn(m, TEST_GFP_UNMOV, 0), pb = pageblock_start_pfn(m, pfn);
	unsigned long free_before = zone_free_pages(z);

	ck_assert_int_eq(alloc_contig_range(m, pb, pb + pageblock_nr_pages(m), MIGRATE_MOVABLE,
					    GFP_KERNEL), -EBUSY);
	test_check(m);
	ck_assert_uint_eq(zone_free_pages(z), free_before);
	ck_assert_int_eq(z->nr_isolate_pageblock, 0);
	test_free_pfn(m, pfn, 0);
	test_release(m);
}
END_TEST

/*
 * alloc_contig_range() of an unaligned range inside a free order-10
 * block: the whole block is taken (isolate_freepages_range() from
 * outer_start), the frames before start and after end freed again; only
 * the range leaves free memory.
 */
START_TEST(test_unaligned_range)
{
	struct machine *m = test_boot_node("16M", 1, K_CONTIG);
	struct zone *z = test_normal0(m);
	pfn_t base = z->zone_start_pfn, start = base + 100, end = base + 300;
	unsigned long free_before = zone_free_pages(z);

	test_expect_free_block(m, base, MAX_ORDER - 1, MIGRATE_MOVABLE);
	ck_assert_int_eq(alloc_contig_range(m, start, end, MIGRATE_MOVABLE, GFP_KERNEL), 0);
	test_check(m);
	expect_taken(m, start, end);
	ck_assert(is_free_buddy_page(m, pfn_to_page(m, start - 1)));
	ck_assert(is_free_buddy_page(m, pfn_to_page(m, end)));
	ck_assert_uint_eq(zone_free_pages(z), free_before - (end - start));
	ck_assert_uint_eq(free_contig_range(m, start, end - start), 0);
	test_check(m);
	test_expect_free_block(m, base, MAX_ORDER - 1, MIGRATE_MOVABLE);
	ck_assert_uint_eq(zone_free_pages(z), free_before);
	test_release(m);
}
END_TEST

/*
 * alloc_contig_pages(): candidates start at ALIGN(zone_start_pfn,
 * nr_pages) and step by nr_pages (zone_spans_last_pfn()); a power of two
 * comes out aligned to itself.  A candidate holding an unmovable page
 * fails alloc_contig_range() and the next is tried; so does one the
 * caller holds already (only reserved and hugetlb frames rule a candidate
 * out beforehand).
 */
START_TEST(test_contig_pages_aligned)
{
	struct machine *m = test_boot_node("16M", 1, K_CONTIG);
	struct zone *z = test_normal0(m);
	unsigned long free_before = zone_free_pages(z);
	pfn_t first = (z->zone_start_pfn + 1023) & ~(pfn_t)1023, a, b, bad;
	struct page *p;

	p = alloc_contig_pages(m, 1024, GFP_KERNEL, 0, NULL);
	ck_assert_ptr_nonnull(p);
	a = page_to_pfn(m, p);
	ck_assert_uint_eq(a, first);
	expect_taken(m, a, a + 1024);
	test_check(m);
	/* The next 1024 frames hold an unmovable page: the candidate after them wins. */
	bad = test_alloc_pfn(m, TEST_GFP_UNMOV, 0);
	ck_assert(bad >= a + 1024 && bad < a + 2048);
	p = alloc_contig_pages(m, 1024, GFP_KERNEL, 0, NULL);
	ck_assert_ptr_nonnull(p);
	b = page_to_pfn(m, p);
	ck_assert_uint_eq(b, a + 2048);
	ck_assert_uint_eq(m->stats.contig_pages_success, 2);
	/* pfn_range_valid_contig() passes the taken range too: both candidates fail. */
	ck_assert_uint_eq(m->stats.contig_range_fail, 2);
	/* Nothing of 4096 contiguous frames is left. */
	ck_assert_ptr_null(alloc_contig_pages(m, 4096, GFP_KERNEL, 0, NULL));
	ck_assert_uint_eq(m->stats.contig_pages_fail, 1);
	ck_assert_uint_eq(free_contig_range(m, a, 1024), 0);
	ck_assert_uint_eq(free_contig_range(m, b, 1024), 0);
	test_free_pfn(m, bad, 0);
	ck_assert_uint_eq(zone_free_pages(z), free_before);
	test_release(m);
}
END_TEST

/*
 * check_and_migrate_movable_pages(): a FOLL_LONGTERM pin of pages in
 * ZONE_MOVABLE migrates them out (MR_LONGTERM_PIN) and pins the new
 * pages in ZONE_NORMAL; a short-term pin leaves them where they are.
 */
START_TEST(test_longterm_pin_leaves_zone_movable)
{
	struct machine *m = test_boot_node("32M", 1, K_CONTIG ", \"movablecore\": \"16M\"");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, 8 * PAGE_SIZE);
	unsigned long migrated = m->vm_events[PGMIGRATE_SUCCESS];
	struct page *pages[8];

	proc_touch(m, t, addr, 8 * PAGE_SIZE, true);
	for (int i = 0; i < 8; i++)
		ck_assert_int_eq(page_zonenum(proc_page_at(m, t, addr + i * PAGE_SIZE)), ZONE_MOVABLE);
	ck_assert_int_eq(gup_pages(m, t, addr, 8, FOLL_PIN, pages), 8);
	ck_assert_int_eq(page_zonenum(pages[0]), ZONE_MOVABLE);
	gup_release(m, pages, 8, FOLL_PIN);
	test_check(m);
	ck_assert_int_eq(gup_pages(m, t, addr, 8, FOLL_PIN | FOLL_LONGTERM, pages), 8);
	test_check(m);
	ck_assert_uint_eq(m->vm_events[PGMIGRATE_SUCCESS] - migrated, 8);
	for (int i = 0; i < 8; i++) {
		ck_assert_int_eq(page_zonenum(pages[i]), ZONE_NORMAL);
		ck_assert_ptr_eq(proc_page_at(m, t, addr + i * PAGE_SIZE), pages[i]);
		ck_assert(page_maybe_dma_pinned(m, pages[i]));
	}
	gup_release(m, pages, 8, FOLL_PIN | FOLL_LONGTERM);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * The verbs: alloc_contig runs alloc_contig_pages() (a power of two comes
 * out aligned), free_contig gives the range back; a request no zone can
 * hold fails as the kernel's call does, counted, and its name is accepted
 * by free_contig.  Bad records are input errors that change nothing.
 */
START_TEST(test_verbs)
{
	static const struct { const char *line, *msg; } bad[] = {
		{ "alloc_contig id=a pages=0\n", "pages 0 out of range (1..4096: the machine's frames)" },
		{ "alloc_contig id=a pages=4097\n",
		  "pages 4097 out of range (1..4096: the machine's frames)" },
		{ "alloc_contig id=a pages=x\n", "bad value 'x' for pages: not a number" },
		{ "alloc_contig pages=5\n", "missing key 'id' for alloc_contig" },
		{ "alloc_contig id=a pages=5 node=7\n", "node 7 out of range (0..0)" },
		{ "free_contig id=zz\n",
		  "free_contig of unknown id 'zz' (never allocated, or freed already)" },
		{ "alloc_contig id=held pages=1\n", "id 'held' is already allocated" },
	};
	struct fx fx;
	struct zone *z;
	unsigned long free_before;

	fx_boot(&fx, "16M", K_CONTIG);
	z = test_normal0(fx.m);
	free_before = zone_free_pages(z);
	run_ok(&fx, "alloc_contig id=held pages=512 node=0\n");
	ck_assert_uint_eq(zone_free_pages(z), free_before - 512);
	ck_assert_uint_eq(fx.m->stats.contig_pages_success, 1);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(bad); i++) {
		char msg[200];

		snprintf(msg, sizeof(msg), "t.trace:2: %s", bad[i].msg);
		expect_bad(&fx, bad[i].line, msg);
	}
	ck_assert_uint_eq(zone_free_pages(z), free_before - 512);
	run_ok(&fx, "alloc_contig id=big pages=4096\nalloc_contig id=more pages=2048\n"
		    "free_contig id=more\nfree_contig id=big\nfree_contig id=held\n");
	/* 4096 frames fit only where the 512 held ones are. */
	ck_assert_uint_eq(fx.m->stats.contig_pages_fail, 1);
	ck_assert_uint_eq(fx.m->stats.contig_pages_success, 2);
	ck_assert_uint_eq(zone_free_pages(z), free_before);
	fx_release(&fx);
}
END_TEST

/*
 * The reference machine's node 1 (configs/oracle-2node.json): the
 * recordings asked it for one 1 GiB hugetlb page and got 0.  6.1's
 * alloc_gigantic_folio() calls alloc_contig_pages(262144, GFP_HIGHUSER |
 * __GFP_COMP | __GFP_THISNODE | __GFP_NOWARN, 1, ...): Normal's only
 * aligned candidate holds reserved frames (the node's memmap), DMA32's
 * two lie over the 3-4 GiB hole or have reserved frames, so
 * pfn_range_valid_contig() rejects every one and no range is even tried.
 */
START_TEST(test_oracle_node1_has_no_gigantic_range)
{
	struct mm_boot_params p;
	struct machine *m;

	test_load_config_file("configs/oracle-2node.json", &p);
	m = test_boot_params(&p);
	ck_assert_ptr_null(alloc_contig_pages(m, 262144, GFP_HIGHUSER | __GFP_COMP |
					      __GFP_THISNODE | __GFP_NOWARN, 1, NULL));
	ck_assert_uint_eq(m->stats.contig_pages_fail, 1);
	ck_assert_uint_eq(m->stats.contig_range_fail + m->stats.contig_range_success, 0);
	test_release(m);
}
END_TEST

Suite *contig_suite(void);

Suite *contig_suite(void)
{
	Suite *s = suite_create("contig");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_range_with_movable_pages);
	tcase_add_test(tc, test_range_drops_clean_page_cache);
	tcase_add_test(tc, test_pinned_page_fails_cleanly);
	tcase_add_test(tc, test_unmovable_page_fails);
	tcase_add_test(tc, test_unaligned_range);
	tcase_add_test(tc, test_contig_pages_aligned);
	tcase_add_test(tc, test_longterm_pin_leaves_zone_movable);
	tcase_add_test(tc, test_verbs);
	tcase_add_test(tc, test_oracle_node1_has_no_gigantic_range);
	suite_add_tcase(s, tc);
	return s;
}
