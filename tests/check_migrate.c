/*
 * tests/check_migrate.c - page migration (mm/migrate.c, mm/migrate_folio.c,
 * mm/rmap_migration.c) against 6.1.192's rules: what moves (anonymous,
 * file, shmem, THP whole, hugetlb, non-LRU movable pages), what the
 * migration entries give back, why a folio does not move and how the
 * kernel counts it, splitting THPs that find no huge destination, putback.
 * Two 16 MiB nodes, one CPU each; tasks run on CPU 0 (node 0) and the
 * target is node 1.  The checkers run after every step, including while
 * folios are isolated.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/raw_alloc.h"
#include "mm/rmap.h"
#include "mm/vmstat_counters.h"
#include "mm/writeback.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define K_MIGRATE	TEST_K_BASE ", \"reserved\": \"0\", \"pcp\": false, \"min_free_kbytes\": 0," \
			" \"transparent_hugepage\": \"always\""
#define THP_BASE	((uint64_t)0x200000000)

static struct machine *boot(void)
{
	return test_boot_node_pair("16M", "16M", K_MIGRATE);
}

/* The target every caller of the tests uses: node 1 only (migrate_pages(2)'s mask). */
static const struct migration_target_control to_node1 = {
	.nid = 1, .gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
};

/* No destination at all: alloc_migration_target() on a full node. */
static struct page *no_page(struct machine *m, struct page *page, unsigned long private)
{
	return NULL;
}

/* Small destinations only: no huge page to be had on the target. */
static struct page *small_only(struct machine *m, struct page *page, unsigned long private)
{
	if (PageFlag(compound_head(m, page), PG_head))
		return NULL;
	return alloc_migration_target(m, page, private);
}

/* Isolate the folio of page onto list (must work), checkers after. */
static void isolate(struct machine *m, struct page *page, struct page_list *list)
{
	ck_assert(isolate_folio_to_list(m, page, list));
	test_check(m);
}

/* Migrate list to node 1 with fn, put back what stays; checkers after. */
static int migrate_with(struct machine *m, struct page_list *list, new_page_t fn,
			enum migrate_mode mode, int reason, unsigned int *done)
{
	int rc = migrate_pages(m, list, fn, NULL, (unsigned long)&to_node1, mode, reason, done);

	test_check(m);
	if (!page_list_empty(list))
		putback_movable_pages(m, list);
	ck_assert(page_list_empty(list));
	test_check(m);
	return rc;
}

/* The folio of page alone to node 1 with alloc_migration_target(). */
static int migrate_one(struct machine *m, struct page *page, enum migrate_mode mode,
		       unsigned int *done)
{
	struct page_list list;

	page_list_init(&list);
	isolate(m, page, &list);
	return migrate_with(m, &list, alloc_migration_target, mode, MR_SYSCALL, done);
}

static unsigned long ev(const struct machine *m, enum vm_event_item item)
{
	return m->vm_events[item];
}

/* A task with one written anonymous page (no THP: a 4 KiB VMA). */
static uint64_t anon_page(struct machine *m, struct task_struct **t)
{
	uint64_t addr;

	*t = proc_spawn(m, 1);
	addr = proc_mmap_anon(m, *t, PAGE_SIZE);
	proc_touch(m, *t, addr, PAGE_SIZE, true);
	return addr;
}

/* An anonymous page moves to node 1; its PTE and counters follow. */
START_TEST(test_migrate_anon_page)
{
	/*
	 * Linux: migrate_folio_unmap() -> try_to_migrate(), then
	 * move_to_new_folio() -> migrate_folio() (no mapping: refcount 1,
	 * the isolation's), remove_migration_ptes(), migrate_folio_done()
	 * frees the source; migrate_pages() counts pgmigrate_success.
	 */
	struct machine *m = boot();
	struct task_struct *t;
	uint64_t addr = anon_page(m, &t);
	struct page *old = proc_page_at(m, t, addr), *new;
	unsigned int done = 0;
	struct test_ev_log *log = calloc(1, sizeof(*log));

	ck_assert_int_eq(page_to_nid(old), 0);
	test_ev_attach(m, log, mm_event_subsys_mask(MM_SYS_migrate));
	ck_assert_int_eq(migrate_one(m, old, MIGRATE_SYNC, &done), 0);
	ck_assert_uint_eq(done, 1);
	new = proc_page_at(m, t, addr);
	ck_assert_int_eq(page_to_nid(new), 1);
	ck_assert_int_eq(page_count(new), 1);
	ck_assert_int_eq(page_mapcount(new), 1);
	ck_assert(PageAnon(new) && PageFlag(new, PG_anon_exclusive) && PageLRU(new));
	ck_assert_int_eq(page_count(old), 0);			/* freed */
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), 0);
	ck_assert_int_eq(node_stat(m, 1, NR_ANON_MAPPED), 1);
	ck_assert_int_eq(node_stat(m, 1, NR_INACTIVE_ANON), 1);
	ck_assert_int_eq(t->mm->rss_stat[MM_ANONPAGES], 1);
	ck_assert_uint_eq(ev(m, PGMIGRATE_SUCCESS), 1);
	ck_assert_uint_eq(ev(m, PGMIGRATE_FAIL), 0);
	/* start, set_migration_pte, remove_migration_pte, mm_migrate_pages */
	ck_assert_uint_eq(log->n, 4);
	ck_assert_int_eq(log->ev[0].id, MM_EV_mm_migrate_pages_start);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages_start.mode, MIGRATE_SYNC);
	ck_assert_int_eq(log->ev[0].mm_migrate_pages_start.reason, MR_SYSCALL);
	ck_assert_int_eq(log->ev[1].id, MM_EV_set_migration_pte);
	ck_assert_uint_eq(log->ev[1].set_migration_pte.addr, addr);
	ck_assert_uint_eq(pte_swp_type(__pte(log->ev[1].set_migration_pte.pte)),
			  SWP_MIGRATION_WRITE);
	ck_assert_uint_eq(migration_entry_pfn(__pte(log->ev[1].set_migration_pte.pte)),
			  page_to_pfn(m, old));
	ck_assert_int_eq(log->ev[2].id, MM_EV_remove_migration_pte);
	ck_assert_uint_eq(log->ev[2].remove_migration_pte.pte, proc_pte_at(m, t, addr)->pte);
	ck_assert_int_eq(log->ev[3].id, MM_EV_mm_migrate_pages);
	ck_assert_uint_eq(log->ev[3].mm_migrate_pages.succeeded, 1);
	ck_assert_uint_eq(log->ev[3].mm_migrate_pages.failed, 0);
	m->sink.emit = NULL;
	free(log);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* The restored PTE has the write, young, dirty and soft-dirty bits the entry kept. */
START_TEST(test_migrate_entry_bits)
{
	/*
	 * Linux: try_to_migrate_one() keeps young and dirty in the entry,
	 * soft-dirty in its swap bit; remove_migration_pte() makes the PTE old
	 * unless young, dirty if the folio and the entry are, writable from a
	 * writable entry.
	 */
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, 2 * PAGE_SIZE);
	pte_t *pte;

	proc_touch(m, t, addr, 2 * PAGE_SIZE, true);
	/* Page 0: old and clean, not soft-dirty; page 1 as the write left it. */
	pte = proc_pte_at(m, t, addr);
	*pte = pte_clear_bits(*pte, _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_SOFT_DIRTY);
	ck_assert_int_eq(migrate_one(m, proc_page_at(m, t, addr), MIGRATE_SYNC, NULL), 0);
	ck_assert_int_eq(migrate_one(m, proc_page_at(m, t, addr + PAGE_SIZE), MIGRATE_SYNC, NULL), 0);
	pte = proc_pte_at(m, t, addr);
	ck_assert(pte_write(*pte) && !pte_young(*pte) && !pte_dirty(*pte) && !pte_soft_dirty(*pte));
	pte = proc_pte_at(m, t, addr + PAGE_SIZE);
	ck_assert(pte_write(*pte) && pte_young(*pte) && pte_dirty(*pte) && pte_soft_dirty(*pte));
	/* The dirty PTE dirtied its folio on the way (folio_mark_dirty()). */
	ck_assert(PageFlag(proc_page_at(m, t, addr + PAGE_SIZE), PG_dirty));
	ck_assert(!PageFlag(proc_page_at(m, t, addr), PG_dirty));
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A page shared copy-on-write after fork stays shared, both PTEs on the new page. */
START_TEST(test_migrate_cow_shared)
{
	/*
	 * Linux: the page is not exclusive, so try_to_migrate_one() makes
	 * readable entries; remove_migration_pte() restores them
	 * write-protected and not exclusive, so the next write still copies.
	 */
	struct machine *m = boot();
	struct task_struct *p, *c;
	uint64_t addr = anon_page(m, &p);
	struct page *new;

	ck_assert_int_eq(task_fork(m, p, 2, &c), 0);
	ck_assert_int_eq(migrate_one(m, proc_page_at(m, p, addr), MIGRATE_SYNC, NULL), 0);
	new = proc_page_at(m, p, addr);
	ck_assert_ptr_eq(proc_page_at(m, c, addr), new);
	ck_assert_int_eq(page_to_nid(new), 1);
	ck_assert_int_eq(page_mapcount(new), 2);
	ck_assert_int_eq(page_count(new), 2);
	ck_assert(!PageFlag(new, PG_anon_exclusive));
	ck_assert(!pte_write(*proc_pte_at(m, p, addr)) && !pte_write(*proc_pte_at(m, c, addr)));
	ck_assert_uint_eq(user_access(m, c, addr, true), 0);		/* CoW as before */
	ck_assert_ptr_ne(proc_page_at(m, c, addr), new);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A clean page-cache page moves: the cache slot, NR_FILE_PAGES and the mapping follow. */
START_TEST(test_migrate_file_page)
{
	/*
	 * Linux: fallback_migrate_folio() of a clean folio -> migrate_folio()
	 * -> folio_migrate_mapping(): refcount 1 + nr_pages (isolation and
	 * cache), the xarray slot replaced, NR_FILE_PAGES moved between nodes.
	 */
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *f = file_lookup(m, "/data/file");
	struct page *old, *new;
	uint64_t addr;

	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ, MAP_SHARED, f, 0, &addr), 0);
	proc_touch(m, t, addr, PAGE_SIZE, false);
	old = proc_page_at(m, t, addr);
	ck_assert_int_eq(migrate_one(m, old, MIGRATE_ASYNC, NULL), 0);
	new = proc_page_at(m, t, addr);
	ck_assert_int_eq(page_to_nid(new), 1);
	ck_assert_ptr_eq(filemap_lookup(m, f, 0), new);
	ck_assert_ptr_eq(page_mapping(m, new), f);
	ck_assert_int_eq(page_count(new), 2);			/* cache + PTE */
	ck_assert_int_eq(node_stat(m, 0, NR_FILE_PAGES), 0);
	ck_assert_int_eq(node_stat(m, 1, NR_FILE_PAGES), 1);
	ck_assert_int_eq(node_stat(m, 1, NR_FILE_MAPPED), 1);
	ck_assert_int_eq(node_stat(m, 1, NR_INACTIVE_FILE), 1);
	proc_exit_all(m);
	ck_assert_uint_eq(drop_pagecache(m), 1);
	test_release(m);
}
END_TEST

/* A shmem page moves through shmem's migrate_folio: NR_SHMEM follows it. */
START_TEST(test_migrate_shmem_page)
{
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1), *c;
	struct page *new;
	uint64_t addr;

	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, NULL, 0, &addr), 0);
	proc_touch(m, t, addr, PAGE_SIZE, true);
	ck_assert_int_eq(task_fork(m, t, 2, &c), 0);
	proc_touch(m, c, addr, PAGE_SIZE, false);	/* fork copied no PTE of a shared VMA */
	/* Dirty: shmem moves dirty folios in any mode (migrate_folio, no writeout). */
	ck_assert(PageFlag(proc_page_at(m, t, addr), PG_dirty));
	ck_assert_int_eq(migrate_one(m, proc_page_at(m, t, addr), MIGRATE_ASYNC, NULL), 0);
	new = proc_page_at(m, t, addr);
	ck_assert_ptr_eq(proc_page_at(m, c, addr), new);
	ck_assert_int_eq(page_to_nid(new), 1);
	ck_assert(PageFlag(new, PG_dirty) && PageFlag(new, PG_swapbacked));
	ck_assert_int_eq(page_count(new), 3);			/* cache + two PTEs */
	ck_assert_int_eq(node_stat(m, 0, NR_SHMEM), 0);
	ck_assert_int_eq(node_stat(m, 1, NR_SHMEM), 1);
	ck_assert_int_eq(node_stat(m, 1, NR_INACTIVE_ANON), 1);
	ck_assert(pte_write(*proc_pte_at(m, c, addr)));
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A PMD-mapped THP moves whole, with a PMD migration entry. */
START_TEST(test_migrate_thp_whole)
{
	/*
	 * Linux: set_pmd_migration_entry() / remove_migration_pmd();
	 * migrate_pages() counts thp_migration_success and 512 base pages in
	 * pgmigrate_success.
	 */
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);
	struct page *head;
	unsigned int done;
	pmd_t *pmd;

	proc_touch(m, t, addr, PAGE_SIZE, true);
	ck_assert(PageTransHuge(proc_page_at(m, t, addr)));
	ck_assert_int_eq(migrate_one(m, proc_page_at(m, t, addr), MIGRATE_SYNC, &done), 0);
	ck_assert_uint_eq(done, HPAGE_PMD_NR);
	head = proc_page_at(m, t, addr);
	ck_assert(PageTransHuge(head));
	ck_assert_int_eq(page_to_nid(head), 1);
	ck_assert_int_eq(compound_mapcount(head), 1);
	ck_assert(PageFlag(head, PG_anon_exclusive));
	follow_pte(m, t->mm, addr, &pmd);
	ck_assert(pmd_trans_huge(*pmd) && pmd_write(*pmd) && pmd_dirty(*pmd));
	ck_assert_int_eq(node_stat(m, 1, NR_ANON_THPS), HPAGE_PMD_NR);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_THPS), 0);
	ck_assert_uint_eq(ev(m, THP_MIGRATION_SUCCESS), 1);
	ck_assert_uint_eq(ev(m, PGMIGRATE_SUCCESS), HPAGE_PMD_NR);
	ck_assert_uint_eq(ev(m, THP_MIGRATION_SPLIT), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A THP with no huge page on the target is split; its pieces migrate. */
START_TEST(test_migrate_thp_split_when_no_huge_page)
{
	/*
	 * Linux: migrate_pages_batch(): -ENOMEM for a large folio (not a
	 * NUMA fault) -> try_split_folio(), thp_migration_fail and _split,
	 * the pieces in a second round that counts no failure; 6.1.192's
	 * migrate_pages() returns 0 when from ends empty.
	 */
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);
	struct page_list list;
	unsigned int done;

	proc_touch(m, t, addr, PAGE_SIZE, true);
	page_list_init(&list);
	isolate(m, proc_page_at(m, t, addr), &list);
	ck_assert_int_eq(node_stat(m, 0, NR_ISOLATED_ANON), HPAGE_PMD_NR);
	ck_assert_int_eq(migrate_with(m, &list, small_only, MIGRATE_SYNC, MR_SYSCALL, &done), 0);
	ck_assert_uint_eq(done, HPAGE_PMD_NR);
	ck_assert_uint_eq(ev(m, THP_MIGRATION_FAIL), 1);
	ck_assert_uint_eq(ev(m, THP_MIGRATION_SPLIT), 1);
	ck_assert_uint_eq(ev(m, THP_MIGRATION_SUCCESS), 0);
	ck_assert_uint_eq(ev(m, PGMIGRATE_SUCCESS), HPAGE_PMD_NR);
	ck_assert_uint_eq(ev(m, PGMIGRATE_FAIL), 0);	/* a split THP's pages are not failed pages */
	for (uint64_t a = addr; a < addr + HPAGE_PMD_SIZE; a += PAGE_SIZE)
		ck_assert_int_eq(page_to_nid(proc_page_at(m, t, a)), 1);
	ck_assert(!PageFlag(proc_page_at(m, t, addr), PG_head));
	ck_assert_int_eq(node_stat(m, 1, NR_ANON_MAPPED), HPAGE_PMD_NR);
	ck_assert_int_eq(node_stat(m, 0, NR_ISOLATED_ANON), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* NUMA-fault migration never splits: the THP's -ENOMEM ends the call. */
START_TEST(test_migrate_thp_numa_no_split)
{
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);
	struct page_list list;
	unsigned int done = 7;

	proc_touch(m, t, addr, PAGE_SIZE, true);
	page_list_init(&list);
	isolate(m, proc_page_at(m, t, addr), &list);
	ck_assert_int_eq(migrate_with(m, &list, small_only, MIGRATE_ASYNC, MR_NUMA_MISPLACED, &done),
			 -ENOMEM);
	ck_assert_uint_eq(done, 0);
	ck_assert_uint_eq(ev(m, THP_MIGRATION_FAIL), 1);
	ck_assert_uint_eq(ev(m, THP_MIGRATION_SPLIT), 0);
	ck_assert_uint_eq(ev(m, PGMIGRATE_FAIL), HPAGE_PMD_NR);
	ck_assert(PageTransHuge(proc_page_at(m, t, addr)) && PageLRU(proc_page_at(m, t, addr)));
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr)), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* No destination: -ENOMEM at once, the rest untried, everything put back. */
START_TEST(test_migrate_no_memory)
{
	/*
	 * Linux: migrate_folio_unmap() -> -ENOMEM; migrate_pages_batch()
	 * counts the folio (and those awaiting retry) failed and returns.
	 */
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, 3 * PAGE_SIZE);
	struct page_list list;
	unsigned int done = 7;

	proc_touch(m, t, addr, 3 * PAGE_SIZE, true);
	page_list_init(&list);
	for (int i = 0; i < 3; i++)
		isolate(m, proc_page_at(m, t, addr + (uint64_t)i * PAGE_SIZE), &list);
	ck_assert_int_eq(node_stat(m, 0, NR_ISOLATED_ANON), 3);
	ck_assert_int_eq(migrate_pages(m, &list, no_page, NULL, 0, MIGRATE_SYNC, MR_SYSCALL, &done),
			 -ENOMEM);
	ck_assert_uint_eq(done, 0);
	ck_assert_uint_eq(ev(m, PGMIGRATE_FAIL), 1);		/* only the folio tried */
	test_check(m);
	putback_movable_pages(m, &list);
	ck_assert_int_eq(node_stat(m, 0, NR_ISOLATED_ANON), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_INACTIVE_ANON), 3);
	for (int i = 0; i < 3; i++) {
		struct page *page = proc_page_at(m, t, addr + (uint64_t)i * PAGE_SIZE);

		ck_assert(PageLRU(page) && page_count(page) == 1 && page_to_nid(page) == 0);
	}
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Isolation and putback alone leave the folio as it was. */
START_TEST(test_migrate_putback_restores)
{
	/* Linux: folio_isolate_lru() + NR_ISOLATED_*, putback_movable_pages(). */
	struct machine *m = boot();
	struct task_struct *t;
	uint64_t addr = anon_page(m, &t);
	struct page *page = proc_page_at(m, t, addr);
	struct page_list list;

	page_list_init(&list);
	isolate(m, page, &list);
	ck_assert(!PageLRU(page));
	ck_assert_int_eq(page_count(page), 2);
	ck_assert_int_eq(node_stat(m, 0, NR_INACTIVE_ANON), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_ISOLATED_ANON), 1);
	/* Isolated twice is refused: the folio is on no LRU list. */
	ck_assert(!isolate_folio_to_list(m, page, &list));
	putback_movable_pages(m, &list);
	ck_assert(PageLRU(page));
	ck_assert_int_eq(page_count(page), 1);
	ck_assert_int_eq(node_stat(m, 0, NR_INACTIVE_ANON), 1);
	ck_assert_int_eq(node_stat(m, 0, NR_ISOLATED_ANON), 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A pinned page refuses every pass: -EAGAIN ten times, then one failure. */
START_TEST(test_migrate_pinned_page_fails)
{
	/*
	 * Linux: page_try_share_anon_rmap() refuses an exclusive page that
	 * may be DMA-pinned, so it stays mapped: -EAGAIN each of the
	 * NR_MAX_MIGRATE_PAGES_RETRY passes, then counted failed.
	 */
	struct machine *m = boot();
	struct task_struct *t;
	uint64_t addr = anon_page(m, &t);
	struct page *page = proc_page_at(m, t, addr), *pinned;
	unsigned int done = 7;
	struct test_ev_log *log = calloc(1, sizeof(*log));

	ck_assert_int_eq(gup_pages(m, t, addr, 1, FOLL_PIN | FOLL_WRITE, &pinned), 1);
	test_ev_attach(m, log, MM_EV_BIT(MM_EV_mm_migrate_pages));
	ck_assert_int_eq(migrate_one(m, page, MIGRATE_SYNC, &done), 1);
	ck_assert_uint_eq(done, 0);
	ck_assert_ptr_eq(proc_page_at(m, t, addr), page);
	ck_assert(PageFlag(page, PG_anon_exclusive) && pte_write(*proc_pte_at(m, t, addr)));
	ck_assert_uint_eq(ev(m, PGMIGRATE_FAIL), 1);
	ck_assert_uint_eq(log->n, 1);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages.failed, 1);
	ck_assert_uint_eq(m->proc_stats.migration_lock_waits, 0);
	m->sink.emit = NULL;
	free(log);
	gup_release(m, &pinned, 1, FOLL_PIN);
	ck_assert_int_eq(migrate_one(m, page, MIGRATE_SYNC, NULL), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A shared page with an extra reference unmaps but cannot move: -EAGAIN, restored. */
START_TEST(test_migrate_extra_reference_fails)
{
	/*
	 * Linux: folio_migrate_mapping(): the refcount must be the expected
	 * one (1 for an anonymous folio once unmapped); the get_user_pages
	 * reference keeps it at 2, so the move fails on every pass and
	 * remove_migration_ptes() restores the source.  migrate_pages()
	 * retries -EAGAIN for NR_MAX_MIGRATE_PAGES_RETRY (10) passes, each
	 * unmapping both mappings (parent and child) and restoring them: 20
	 * set_migration_pte and 20 remove_migration_pte events.
	 */
	struct machine *m = boot();
	struct task_struct *p, *c;
	uint64_t addr = anon_page(m, &p);
	struct page *page = proc_page_at(m, p, addr), *got;
	struct test_ev_log *log = calloc(1, sizeof(*log));
	unsigned int nr_set = 0, nr_remove = 0;

	ck_assert_int_eq(task_fork(m, p, 2, &c), 0);
	ck_assert_int_eq(gup_pages(m, p, addr, 1, FOLL_GET, &got), 1);
	ck_assert_ptr_eq(got, page);
	test_ev_attach(m, log, MM_EV_BIT(MM_EV_set_migration_pte) |
			       MM_EV_BIT(MM_EV_remove_migration_pte));
	ck_assert_int_eq(migrate_one(m, page, MIGRATE_SYNC, NULL), 1);
	m->sink.emit = NULL;
	for (unsigned int i = 0; i < log->n; i++) {
		nr_set += log->ev[i].id == MM_EV_set_migration_pte;
		nr_remove += log->ev[i].id == MM_EV_remove_migration_pte;
	}
	ck_assert_uint_eq(nr_set, 20);
	ck_assert_uint_eq(nr_remove, 20);
	free(log);
	ck_assert_ptr_eq(proc_page_at(m, p, addr), page);
	ck_assert_ptr_eq(proc_page_at(m, c, addr), page);
	ck_assert_int_eq(page_mapcount(page), 2);
	ck_assert_uint_eq(ev(m, PGMIGRATE_FAIL), 1);
	gup_release(m, &got, 1, FOLL_GET);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A locked page: ASYNC never waits; SYNC sleeps on the lock from the fourth pass. */
START_TEST(test_migrate_locked_page)
{
	/*
	 * Linux: __migrate_folio_unmap(): a failed trylock is -EAGAIN unless
	 * forced (pass > 2) and not MIGRATE_ASYNC; then folio_lock() sleeps
	 * until the holder unlocks (here at once, counted).
	 */
	struct machine *m = boot();
	struct task_struct *t;
	uint64_t addr = anon_page(m, &t);
	struct page *page = proc_page_at(m, t, addr);

	SetPageFlag(page, PG_locked);
	ck_assert_int_eq(migrate_one(m, page, MIGRATE_ASYNC, NULL), 1);
	ck_assert_uint_eq(ev(m, PGMIGRATE_FAIL), 1);
	ck_assert(PageFlag(page, PG_locked));
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr)), 0);
	ck_assert_int_eq(migrate_one(m, page, MIGRATE_SYNC_LIGHT, NULL), 0);
	ck_assert_uint_eq(m->proc_stats.migration_lock_waits, 1);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr)), 1);
	ck_assert(!PageFlag(proc_page_at(m, t, addr), PG_locked));
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Writeback: -EBUSY in ASYNC and SYNC_LIGHT (once, not retried); SYNC waits. */
START_TEST(test_migrate_writeback)
{
	/*
	 * Linux: __migrate_folio_unmap(): only MIGRATE_SYNC waits for
	 * writeback, and only when forced; -EBUSY is a permanent failure.
	 */
	struct machine *m = boot();
	struct task_struct *t;
	uint64_t addr = anon_page(m, &t);
	struct page *page = proc_page_at(m, t, addr);

	folio_start_writeback(m, page);
	ck_assert_int_eq(migrate_one(m, page, MIGRATE_ASYNC, NULL), 1);
	ck_assert_int_eq(migrate_one(m, page, MIGRATE_SYNC_LIGHT, NULL), 1);
	ck_assert_uint_eq(ev(m, PGMIGRATE_FAIL), 2);
	ck_assert_uint_eq(m->proc_stats.migration_writeback_waits, 0);
	ck_assert_int_eq(migrate_one(m, page, MIGRATE_SYNC, NULL), 0);
	ck_assert_uint_eq(m->proc_stats.migration_writeback_waits, 1);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr)), 1);
	ck_assert(!PageFlag(proc_page_at(m, t, addr), PG_writeback));
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A dirty file page: -EBUSY unless MIGRATE_SYNC, which writes it out and moves it clean. */
START_TEST(test_migrate_dirty_file_page)
{
	/*
	 * Linux: fallback_migrate_folio(): dirty -> -EBUSY in ASYNC and
	 * SYNC_LIGHT; SYNC -> writeout() (-EAGAIN, the folio clean), and the
	 * next pass moves it.
	 */
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *f = file_lookup(m, "data");
	struct page *page;
	uint64_t addr;

	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0,
				 &addr), 0);
	proc_touch(m, t, addr, PAGE_SIZE, true);
	page = proc_page_at(m, t, addr);
	ck_assert(PageFlag(page, PG_dirty));
	ck_assert_int_eq(migrate_one(m, page, MIGRATE_ASYNC, NULL), 1);
	ck_assert_int_eq(migrate_one(m, page, MIGRATE_SYNC_LIGHT, NULL), 1);
	ck_assert_uint_eq(ev(m, PGMIGRATE_FAIL), 2);
	ck_assert_ptr_eq(proc_page_at(m, t, addr), page);
	ck_assert(PageFlag(page, PG_dirty));
	ck_assert_int_eq(migrate_one(m, page, MIGRATE_SYNC, NULL), 0);
	page = proc_page_at(m, t, addr);
	ck_assert_int_eq(page_to_nid(page), 1);
	ck_assert(!PageFlag(page, PG_dirty) && !pte_dirty(*proc_pte_at(m, t, addr)));
	ck_assert_ptr_eq(filemap_lookup(m, f, 0), page);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A file folio's private data (buffers) is released before the move, with its reference. */
START_TEST(test_migrate_private_released)
{
	/*
	 * Linux: fallback_migrate_folio() -> filemap_release_folio() ->
	 * try_to_free_buffers(): PG_private and the reference it held go;
	 * then migrate_folio() expects 1 + nr_pages (folio_expected_refs()).
	 */
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *f = file_lookup(m, "data");
	struct page *page;
	uint64_t addr;

	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ, MAP_SHARED, f, 0, &addr), 0);
	proc_touch(m, t, addr, PAGE_SIZE, false);
	page = proc_page_at(m, t, addr);
	SetPageFlag(page, PG_private);		/* folio_attach_private(): flag + reference */
	get_page(m, page);
	ck_assert_int_eq(migrate_one(m, page, MIGRATE_ASYNC, NULL), 0);
	ck_assert_int_eq(page_count(page), 0);
	ck_assert(!PageFlag(proc_page_at(m, t, addr), PG_private));
	ck_assert_int_eq(page_count(proc_page_at(m, t, addr)), 2);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Several folios: the return counts those not migrated, nr_succeeded the pages moved. */
START_TEST(test_migrate_counts)
{
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, 3 * PAGE_SIZE);
	struct page *pinned;
	struct page_list list;
	unsigned int done;

	proc_touch(m, t, addr, 3 * PAGE_SIZE, true);
	ck_assert_int_eq(gup_pages(m, t, addr + PAGE_SIZE, 1, FOLL_PIN | FOLL_WRITE, &pinned), 1);
	page_list_init(&list);
	for (int i = 0; i < 3; i++)
		isolate(m, proc_page_at(m, t, addr + (uint64_t)i * PAGE_SIZE), &list);
	ck_assert_int_eq(migrate_with(m, &list, alloc_migration_target, MIGRATE_SYNC, MR_SYSCALL,
				      &done), 1);
	ck_assert_uint_eq(done, 2);
	ck_assert_uint_eq(ev(m, PGMIGRATE_SUCCESS), 2);
	ck_assert_uint_eq(ev(m, PGMIGRATE_FAIL), 1);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr)), 1);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr + PAGE_SIZE)), 0);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr + 2 * PAGE_SIZE)), 1);
	gup_release(m, &pinned, 1, FOLL_PIN);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* An mlocked page moves and is mlocked on its new node. */
START_TEST(test_migrate_mlocked_page)
{
	/* Linux: page_remove_rmap() munlocks the source, page_add_anon_rmap() mlocks the new page. */
	struct machine *m = boot();
	struct task_struct *t;
	uint64_t addr = anon_page(m, &t);
	struct page *page;

	ck_assert_int_eq(do_mlock(m, t, addr, PAGE_SIZE, 0), 0);
	ck_assert_int_eq(migrate_one(m, proc_page_at(m, t, addr), MIGRATE_SYNC, NULL), 0);
	page = proc_page_at(m, t, addr);
	ck_assert_int_eq(page_to_nid(page), 1);
	ck_assert(PageFlag(page, PG_mlocked) && PageFlag(page, PG_unevictable));
	ck_assert_int_eq(__zone_page_state_snapshot(page_zone(m, page), NR_MLOCK), 1);
	ck_assert_int_eq(node_stat(m, 1, NR_UNEVICTABLE), 1);
	ck_assert_int_eq(node_stat(m, 0, NR_UNEVICTABLE), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A hugetlb page moves to a free pool page of node 1. */
START_TEST(test_migrate_hugetlb_page)
{
	/*
	 * Linux: unmap_and_move_huge_page(), alloc_huge_page_nodemask()
	 * (a free pool page of the target), move_hugetlb_state(); the source
	 * goes back to its node's free list.
	 */
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1);
	struct page *old, *new;
	unsigned int done;
	uint64_t addr;

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 0, 1), 0);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 1, 1), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, HPAGE_PMD_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, NULL, 0, &addr), 0);
	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	old = proc_page_at(m, t, addr);
	ck_assert_int_eq(page_to_nid(old), 0);
	ck_assert_int_eq(migrate_one(m, old, MIGRATE_SYNC, &done), 0);
	ck_assert_uint_eq(done, HPAGE_PMD_NR);
	new = proc_page_at(m, t, addr);
	ck_assert(PageHuge(m, new));
	ck_assert_int_eq(page_to_nid(new), 1);
	ck_assert_int_eq(compound_mapcount(new), 1);
	ck_assert(PageFlag(new, PG_anon_exclusive));
	ck_assert_uint_eq(m->hstate.free_huge_pages_node[0], 1);
	ck_assert_uint_eq(m->hstate.free_huge_pages_node[1], 0);
	ck_assert_uint_eq(m->hstate.nr_huge_pages, 2);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* With no free pool page on the target, a temporary page is taken; the old one leaves the pool. */
START_TEST(test_migrate_hugetlb_temporary)
{
	/*
	 * Linux: alloc_migrate_huge_page() (HPageTemporary, not surplus);
	 * move_hugetlb_state() hands the temporary state to the source, which
	 * free_huge_page() then gives back to the buddy.
	 */
	struct machine *m = boot();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr;

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 0, 1), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, HPAGE_PMD_SIZE, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB, NULL, 0, &addr), 0);
	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	ck_assert_int_eq(migrate_one(m, proc_page_at(m, t, addr), MIGRATE_SYNC, NULL), 0);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr)), 1);
	ck_assert_uint_eq(m->hstate.nr_huge_pages, 1);
	ck_assert_uint_eq(m->hstate.nr_huge_pages_node[1], 1);
	ck_assert_uint_eq(m->hstate.free_huge_pages, 0);
	ck_assert_uint_eq(m->hstate.surplus_huge_pages, 0);
	ck_assert_uint_eq(ev(m, HTLB_BUDDY_ALLOC_SUCCESS), 2);
	/* The old pool page went back to the buddy: node 0 has no huge page left. */
	ck_assert_uint_eq(m->hstate.nr_huge_pages_node[0], 0);
	ck_assert_uint_eq(m->hstate.free_huge_pages_node[0], 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A raw movable allocation moves through its movable_operations: the handle follows. */
START_TEST(test_migrate_raw_movable)
{
	/*
	 * Linux: isolate_movable_page() (PG_isolated), move_to_new_folio() ->
	 * mops->migrate_page(); non-LRU pages are never in NR_ISOLATED_*.
	 */
	struct machine *m = boot();
	struct page *old, *new;
	raw_handle_t h;

	ck_assert_int_eq(raw_alloc(m, 0, GFP_HIGHUSER_MOVABLE, 0, &h), 0);
	old = raw_alloc_page(m, h);
	ck_assert_int_eq(page_to_nid(old), 0);
	ck_assert_int_eq(migrate_one(m, old, MIGRATE_ASYNC, NULL), 0);
	new = raw_alloc_page(m, h);
	ck_assert_int_eq(page_to_nid(new), 1);
	ck_assert_int_eq(page_count(new), 1);
	ck_assert_int_eq(page_count(old), 0);
	ck_assert(!PageIsolated(new) && __PageMovable(new));
	ck_assert_uint_eq(ev(m, PGMIGRATE_SUCCESS), 1);
	raw_free(m, h);
	test_release(m);
}
END_TEST

/*
 * Linux: migrate_pages()' batches of at most NR_MAX_BATCHED_MIGRATION
 * base pages hold no folio larger than that in 6.1; a raw compound block
 * of 1024 pages here is a batch of its own and moves whole, to a
 * destination of its order (the call returns: no empty batch forever).
 */
START_TEST(test_migrate_raw_compound_larger_than_batch)
{
	struct machine *m = boot();
	raw_handle_t h;

	ck_assert_int_eq(raw_alloc(m, 0, GFP_HIGHUSER_MOVABLE | __GFP_COMP, 10, &h), 0);
	ck_assert_int_eq(migrate_one(m, raw_alloc_page(m, h), MIGRATE_SYNC, NULL), 0);
	ck_assert_int_eq(page_to_nid(raw_alloc_page(m, h)), 1);
	ck_assert_uint_eq(ev(m, PGMIGRATE_SUCCESS), 1024);
	test_check(m);
	raw_free(m, h);
	test_release(m);
}
END_TEST

/* An isolated raw page put back is PG_isolated no more and its owner's again. */
START_TEST(test_migrate_raw_putback)
{
	struct machine *m = boot();
	struct page_list list;
	struct page *page;
	raw_handle_t h;

	ck_assert_int_eq(raw_alloc(m, 0, GFP_HIGHUSER_MOVABLE, 0, &h), 0);
	page = raw_alloc_page(m, h);
	page_list_init(&list);
	isolate(m, page, &list);
	ck_assert(PageIsolated(page));
	ck_assert_int_eq(page_count(page), 2);
	ck_assert(!isolate_folio_to_list(m, page, &list));	/* PG_isolated: refused */
	putback_movable_pages(m, &list);
	ck_assert(!PageIsolated(page));
	ck_assert_int_eq(page_count(page), 1);
	ck_assert_ptr_eq(raw_alloc_page(m, h), page);
	test_check(m);
	raw_free(m, h);
	test_release(m);
}
END_TEST

/* A folio freed while isolated counts as migrated, without a destination. */
START_TEST(test_migrate_freed_under_us)
{
	/* Linux: migrate_folio_unmap(): refcount 1 -> migrate_folio_done(), success. */
	struct machine *m = boot();
	struct task_struct *t;
	uint64_t addr = anon_page(m, &t);
	struct page_list list;
	unsigned int done;

	page_list_init(&list);
	isolate(m, proc_page_at(m, t, addr), &list);
	proc_exit_all(m);
	test_check(m);
	ck_assert_int_eq(migrate_pages(m, &list, no_page, NULL, 0, MIGRATE_ASYNC, MR_COMPACTION,
				       &done), 0);
	ck_assert_uint_eq(done, 1);
	ck_assert(page_list_empty(&list));
	test_check(m);
	test_release(m);
}
END_TEST

Suite *migrate_suite(void);

Suite *migrate_suite(void)
{
	Suite *s = suite_create("migrate");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_migrate_anon_page);
	tcase_add_test(tc, test_migrate_entry_bits);
	tcase_add_test(tc, test_migrate_cow_shared);
	tcase_add_test(tc, test_migrate_file_page);
	tcase_add_test(tc, test_migrate_shmem_page);
	tcase_add_test(tc, test_migrate_thp_whole);
	tcase_add_test(tc, test_migrate_thp_split_when_no_huge_page);
	tcase_add_test(tc, test_migrate_thp_numa_no_split);
	tcase_add_test(tc, test_migrate_no_memory);
	tcase_add_test(tc, test_migrate_putback_restores);
	tcase_add_test(tc, test_migrate_pinned_page_fails);
	tcase_add_test(tc, test_migrate_extra_reference_fails);
	tcase_add_test(tc, test_migrate_locked_page);
	tcase_add_test(tc, test_migrate_writeback);
	tcase_add_test(tc, test_migrate_dirty_file_page);
	tcase_add_test(tc, test_migrate_private_released);
	tcase_add_test(tc, test_migrate_counts);
	tcase_add_test(tc, test_migrate_mlocked_page);
	tcase_add_test(tc, test_migrate_hugetlb_page);
	tcase_add_test(tc, test_migrate_hugetlb_temporary);
	tcase_add_test(tc, test_migrate_raw_movable);
	tcase_add_test(tc, test_migrate_raw_compound_larger_than_batch);
	tcase_add_test(tc, test_migrate_raw_putback);
	tcase_add_test(tc, test_migrate_freed_under_us);
	suite_add_tcase(s, tc);
	return s;
}
