/*
 * tests/check_workingset.c - workingset refault detection
 * (mm/workingset.c): shadow entries left by reclaim, the refault
 * distance against the workingset size, activation and restore, and
 * the shadows that truncation, invalidation, a write and a freed swap
 * slot drop.  Each expectation follows a rule of 6.1's
 * workingset_eviction()/workingset_refault(), named where it is used.
 *
 * Machines of one 16 MiB node without THP; an 8 MiB swap file where a
 * test needs anonymous reclaim.  Folios are evicted one at a time as
 * MADV_PAGEOUT's reclaim_pages() does (isolated, shrink_folio_list(),
 * __remove_mapping() with reclaimed set).  The checkers (workingset,
 * swap and lru among them) run after every step.
 */
#include <check.h>

#include "mm/daemon.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/sysctl.h"
#include "mm/vmscan_internal.h"
#include "mm/vmstat_counters.h"
#include "mm/workingset.h"
#include "mm/writeback.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define K_SWAP	TEST_K_PLAIN ", \"swap\": [{\"size\": \"8M\"}]"

static struct machine *boot(bool swap)
{
	return test_boot_node("16M", 1, swap ? K_SWAP : TEST_K_PLAIN);
}

/* nr_pages of file name in the page cache, clean, on the inactive list, unmapped. */
static struct address_space *cache_file(struct machine *m, struct task_struct *t,
					const char *name, unsigned long nr_pages)
{
	uint64_t addr = 0, len = nr_pages * PAGE_SIZE;
	struct address_space *f = file_lookup(m, name);

	ck_assert_int_eq(do_mmap(m, t, 0, len, PROT_READ, MAP_SHARED, f, 0, &addr), 0);
	proc_touch(m, t, addr, len, false);
	ck_assert_int_eq(do_munmap(m, t, addr, len), 0);
	test_check(m);
	ck_assert_uint_eq(f->nrpages, nr_pages);
	return f;
}

static struct page *cached(struct machine *m, struct address_space *f, uint64_t index)
{
	struct page *folio = filemap_lookup(m, f, index);

	ck_assert_ptr_nonnull(folio);
	return folio;
}

/* folio_mark_accessed() twice: the second access activates (and ages the clock). */
static void activate(struct machine *m, struct page *folio)
{
	folio_mark_accessed(m, folio);
	folio_mark_accessed(m, folio);
	ck_assert(PageFlag(folio, PG_active));
}

/* Reclaim one folio now, as reclaim_pages() does for MADV_PAGEOUT. */
static unsigned long reclaim_one(struct machine *m, struct page *folio)
{
	struct page_list list;
	unsigned long nr;

	page_list_init(&list);
	ck_assert_int_eq(folio_isolate_lru(m, folio), 0);
	page_list_add(m, &list, folio);
	nr = reclaim_pages(m, &list);
	test_check(m);
	return nr;
}

/* Evict pages first..first+nr-1 of f, each leaving a shadow. */
static void evict_range(struct machine *m, struct address_space *f, uint64_t first,
			unsigned long nr)
{
	for (uint64_t i = first; i < first + nr; i++)
		ck_assert_uint_eq(reclaim_one(m, cached(m, f, i)), 1);
}

/* Read page index of f back in (a fault of a shared mapping), then unmap it. */
static struct page *read_back(struct machine *m, struct task_struct *t, struct address_space *f,
			      uint64_t index)
{
	uint64_t addr = 0;
	struct page *folio;

	/* The LRU sizes workingset_refault() reads are the folded counters. */
	ck_assert_int_eq(mm_sysctl_write(m, "vm.stat_refresh", 1), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ, MAP_SHARED, f,
				 index, &addr), 0);
	proc_touch(m, t, addr, PAGE_SIZE, false);
	folio = proc_page_at(m, t, addr);
	ck_assert_int_eq(do_munmap(m, t, addr, PAGE_SIZE), 0);
	test_check(m);
	ck_assert_ptr_eq(folio, filemap_lookup(m, f, index));
	return folio;
}

static long stat0(const struct machine *m, enum node_stat_item item)
{
	return node_stat(m, 0, item);
}

/*
 * __remove_mapping() with reclaimed set stores workingset_eviction()'s
 * shadow for a file-LRU folio: the slot has no folio but a shadow, one
 * shadow node (64 indices) holds it, and nonresident_age moved by the
 * folio's pages.  Invalidation (remove_mapping() without reclaimed)
 * leaves none.
 */
START_TEST(test_reclaim_leaves_shadow_invalidation_does_not)
{
	struct machine *m = boot(false);
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *f = cache_file(m, t, "f", 3);
	unsigned long age = NODE_DATA(m, 0)->lruvec.nonresident_age;

	evict_range(m, f, 0, 2);
	ck_assert_ptr_null(filemap_lookup(m, f, 0));
	ck_assert_uint_eq(mapping_nr_shadows(f), 2);
	ck_assert_uint_eq(NODE_DATA(m, 0)->lruvec.nonresident_age, age + 2);
	ck_assert_int_eq(stat0(m, WORKINGSET_NODES), 1);
	ck_assert_uint_eq(invalidate_mapping_pages(m, f, 2, 2), 1);
	test_check(m);
	ck_assert_uint_eq(f->nrpages, 0);
	ck_assert_uint_eq(mapping_nr_shadows(f), 2);
	ck_assert_uint_eq(NODE_DATA(m, 0)->lruvec.nonresident_age, age + 2);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * workingset_refault(): the distance is the clock's advance since the
 * eviction (the folio's own eviction, later evictions and activations);
 * a folio activates when distance <= workingset size, here the active
 * file list alone (no swap: anon does not compete).  With 4 active file
 * pages: evicted, then 3 more evicted after it, distance 4: activated
 * (which moves the clock once more, and makes 5 active); then evicted
 * with 5 more after it, distance 6 > 5: not.  Both count
 * workingset_refault_file.
 */
START_TEST(test_file_refault_distance)
{
	struct machine *m = boot(false);
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *hot = cache_file(m, t, "hot", 4);
	struct address_space *f = cache_file(m, t, "f", 2);
	struct address_space *stream = cache_file(m, t, "stream", 8);
	struct page *folio;

	for (uint64_t i = 0; i < 4; i++)
		activate(m, cached(m, hot, i));
	test_check(m);
	evict_range(m, f, 0, 1);
	evict_range(m, stream, 0, 3);
	folio = read_back(m, t, f, 0);
	ck_assert_int_eq(stat0(m, WORKINGSET_REFAULT_FILE), 1);
	ck_assert_int_eq(stat0(m, WORKINGSET_ACTIVATE_FILE), 1);
	ck_assert_int_eq(stat0(m, WORKINGSET_RESTORE_FILE), 0);
	ck_assert(PageFlag(folio, PG_active) && PageFlag(folio, PG_lru));
	ck_assert(!PageFlag(folio, PG_workingset));
	ck_assert_int_eq(stat0(m, NR_ACTIVE_FILE), 5);
	ck_assert_uint_eq(mapping_nr_shadows(f), 0);

	evict_range(m, f, 1, 1);
	evict_range(m, stream, 3, 5);
	folio = read_back(m, t, f, 1);
	ck_assert_int_eq(stat0(m, WORKINGSET_REFAULT_FILE), 2);
	ck_assert_int_eq(stat0(m, WORKINGSET_ACTIVATE_FILE), 1);
	ck_assert(!PageFlag(folio, PG_active));
	ck_assert_int_eq(stat0(m, NR_ACTIVE_FILE), 5);
	ck_assert_int_eq(stat0(m, NR_INACTIVE_FILE), 1);
	ck_assert_int_eq(stat0(m, WORKINGSET_REFAULT_ANON), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

Suite *workingset_suite(void);	/* collected into the runner by the Makefile */
Suite *workingset_suite(void)
{
	Suite *s = suite_create("workingset");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_reclaim_leaves_shadow_invalidation_does_not);
	tcase_add_test(tc, test_file_refault_distance);
	suite_add_tcase(s, tc);
	return s;
}
