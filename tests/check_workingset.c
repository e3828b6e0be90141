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
#include "mm/gfp.h"
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
	/* Exactly these pages: no read-around past them (filemap_fault()). */
	ck_assert_int_eq(do_madvise(m, t, addr, len, MADV_RANDOM), 0);
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
	/* One page read: no read-around bringing the neighbours' shadows back too. */
	ck_assert_int_eq(do_madvise(m, t, addr, PAGE_SIZE, MADV_RANDOM), 0);
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

/* A scan control as a direct reclaimer's round at priority sets it (the counters folded). */
static struct scan_control scan(struct machine *m, int priority)
{
	ck_assert_int_eq(mm_sysctl_write(m, "vm.stat_refresh", 1), 0);
	return (struct scan_control){
		.gfp_mask = GFP_KERNEL, .reclaim_idx = ZONE_NORMAL, .priority = priority,
		.nr_to_reclaim = SWAP_CLUSTER_MAX, .may_unmap = true, .may_writepage = true,
		.may_swap = true,
	};
}

/* One written anonymous page at its address, reclaimed to swap; its slot in *e. */
static void swap_out(struct machine *m, struct task_struct *t, uint64_t addr, swp_entry_t *e)
{
	struct page *folio = proc_page_at(m, t, addr);

	/* MADV_PAGEOUT puts it in the swap cache, unmaps it and starts the write. */
	ck_assert_int_eq(do_madvise(m, t, addr, PAGE_SIZE, MADV_PAGEOUT), 0);
	test_check(m);
	*e = pte_to_swp_entry(*proc_pte_at(m, t, addr));
	ck_assert_ptr_eq(lookup_swap_cache(m, *e), folio);
	mm_run_daemons(m, m->clock_ns + 1000000000ull);	/* the write completes */
	test_check(m);
	ck_assert(!PageFlag(folio, PG_writeback) && !PageFlag(folio, PG_dirty));
	/* Reclaim finds it clean in the swap cache: __remove_mapping() leaves a shadow. */
	ck_assert_uint_eq(reclaim_one(m, folio), 1);
	ck_assert_ptr_null(lookup_swap_cache(m, *e));
}

static uint64_t swap_shadow(const struct machine *m, swp_entry_t e)
{
	return m->swap.info[swp_type(e)]->shadow[swp_offset(e)];
}

/*
 * An anonymous page that shrink_active_list() aged out of the active
 * list carries PG_workingset; swapped out and reclaimed, its shadow
 * stays in the swap slot (__remove_mapping(): always for the swap cache
 * when reclaimed).  The fault reads it back: __read_swap_cache_async()
 * finds the shadow and workingset_refault() counts refault_anon; the
 * distance (its own eviction, 1) fits the anon workingset size (the
 * file lists, and active anon while swap is free: 32 inactive file
 * pages), so it activates, and with the workingset bit it is a restore
 * and keeps PG_workingset.
 */
START_TEST(test_anon_refault_restore)
{
	struct machine *m = boot(true);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr;
	struct page *folio;
	struct scan_control sc;
	swp_entry_t e;

	cache_file(m, t, "f", 32);
	addr = proc_mmap_anon(m, t, PAGE_SIZE);
	proc_touch(m, t, addr, PAGE_SIZE, true);
	folio = proc_page_at(m, t, addr);
	activate(m, folio);
	/* age_active_anon(): swap exists and the inactive anon list is low. */
	sc = scan(m, DEF_PRIORITY);
	age_active_anon(m, NODE_DATA(m, 0), &sc);
	test_check(m);
	ck_assert(!PageFlag(folio, PG_active) && PageFlag(folio, PG_workingset));
	swap_out(m, t, addr, &e);
	ck_assert(swap_shadow(m, e) & 1);

	ck_assert_int_eq(mm_sysctl_write(m, "vm.stat_refresh", 1), 0);
	proc_touch(m, t, addr, PAGE_SIZE, false);
	test_check(m);
	folio = proc_page_at(m, t, addr);
	ck_assert_int_eq(stat0(m, WORKINGSET_REFAULT_ANON), 1);
	ck_assert_int_eq(stat0(m, WORKINGSET_ACTIVATE_ANON), 1);
	ck_assert_int_eq(stat0(m, WORKINGSET_RESTORE_ANON), 1);
	ck_assert_int_eq(stat0(m, WORKINGSET_REFAULT_FILE), 0);
	ck_assert(PageFlag(folio, PG_active) && PageFlag(folio, PG_lru));
	ck_assert(PageFlag(folio, PG_workingset));
	ck_assert_int_eq(stat0(m, NR_ACTIVE_ANON), 1);
	/* The folio took the slot again: no shadow beside it. */
	ck_assert_ptr_eq(lookup_swap_cache(m, e), folio);
	ck_assert_uint_eq(swap_shadow(m, e), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A page never aged out of the active list has no PG_workingset: its
 * refault activates (distance 1 within the 32 inactive file pages) but
 * is no restore.  And a slot whose last entry goes (munmap) is freed
 * with its shadow (swap_range_free() -> clear_shadow_from_swap_cache()).
 */
START_TEST(test_anon_refault_plain_and_slot_free)
{
	struct machine *m = boot(true);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr;
	swp_entry_t e0, e1;

	cache_file(m, t, "f", 32);
	addr = proc_mmap_anon(m, t, 2 * PAGE_SIZE);
	proc_touch(m, t, addr, 2 * PAGE_SIZE, true);
	swap_out(m, t, addr, &e0);
	swap_out(m, t, addr + PAGE_SIZE, &e1);
	ck_assert((swap_shadow(m, e0) & 1) && (swap_shadow(m, e1) & 1));

	ck_assert_int_eq(mm_sysctl_write(m, "vm.stat_refresh", 1), 0);
	proc_touch(m, t, addr, PAGE_SIZE, false);
	test_check(m);
	ck_assert_int_eq(stat0(m, WORKINGSET_REFAULT_ANON), 1);
	ck_assert_int_eq(stat0(m, WORKINGSET_ACTIVATE_ANON), 1);
	ck_assert_int_eq(stat0(m, WORKINGSET_RESTORE_ANON), 0);
	ck_assert(!PageFlag(proc_page_at(m, t, addr), PG_workingset));

	ck_assert_int_eq(do_munmap(m, t, addr + PAGE_SIZE, PAGE_SIZE), 0);
	test_check(m);
	ck_assert_uint_eq(m->swap.info[swp_type(e1)]->swap_map[swp_offset(e1)], 0);
	ck_assert_uint_eq(swap_shadow(m, e1), 0);
	ck_assert_int_eq(stat0(m, WORKINGSET_REFAULT_ANON), 1);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * Truncation drops the shadows past the new end
 * (truncate_folio_batch_exceptionals()); those before it still refault.
 * Invalidation (fadvise DONTNEED) drops those of its range
 * (invalidate_exceptional_entry()), drop_caches every one
 * (invalidate_mapping_pages(0, -1)), and an unlinked file's eviction
 * the rest: workingset_nodes goes back to 0.
 */
START_TEST(test_truncate_invalidate_unlink_drop_shadows)
{
	struct machine *m = boot(false);
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *f = cache_file(m, t, "f", 8), *g = cache_file(m, t, "g", 4);

	evict_range(m, f, 2, 6);
	ck_assert_uint_eq(mapping_nr_shadows(f), 6);
	truncate_setsize(m, f, 4 * PAGE_SIZE);
	test_check(m);
	ck_assert_uint_eq(mapping_nr_shadows(f), 2);
	read_back(m, t, f, 2);
	ck_assert_int_eq(stat0(m, WORKINGSET_REFAULT_FILE), 1);
	ck_assert_uint_eq(mapping_nr_shadows(f), 1);

	evict_range(m, g, 0, 3);
	ck_assert_int_eq(stat0(m, WORKINGSET_NODES), 2);
	invalidate_mapping_pages(m, g, 0, 0);
	test_check(m);
	ck_assert_uint_eq(mapping_nr_shadows(g), 2);
	drop_pagecache(m);	/* vm.drop_caches=1 */
	test_check(m);
	ck_assert_uint_eq(mapping_nr_shadows(g), 0);
	ck_assert_uint_eq(mapping_nr_shadows(f), 0);
	ck_assert_int_eq(stat0(m, WORKINGSET_NODES), 0);

	ck_assert_ptr_eq(cache_file(m, t, "f", 2), f);	/* drop_caches emptied it */
	evict_range(m, f, 0, 2);
	ck_assert_int_eq(stat0(m, WORKINGSET_NODES), 1);
	file_unlink(m, f);
	test_check(m);
	ck_assert_int_eq(stat0(m, WORKINGSET_NODES), 0);
	ck_assert_int_eq(stat0(m, WORKINGSET_REFAULT_FILE), 1);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * filemap_add_folio(): a folio cached to be written (__GFP_WRITE)
 * replaces the shadow without workingset_refault(): data about to be
 * overwritten is no sign of thrashing.
 */
START_TEST(test_write_replaces_shadow_without_refault)
{
	struct machine *m = boot(false);
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *f = cache_file(m, t, "f", 1);

	evict_range(m, f, 0, 1);
	ck_assert_uint_eq(mapping_nr_shadows(f), 1);
	ck_assert_ptr_nonnull(filemap_create_folio(m, f, 0, f->gfp_mask | __GFP_WRITE));
	test_check(m);
	ck_assert_uint_eq(mapping_nr_shadows(f), 0);
	ck_assert_int_eq(stat0(m, WORKINGSET_REFAULT_FILE), 0);
	ck_assert_int_eq(stat0(m, WORKINGSET_NODES), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * 5 active and 8 inactive file pages, the inactive list not low; one of
 * the 5 activated by a refault or all by accesses.  The folios one round
 * of reclaim at priority 0 deactivates.
 */
static unsigned long deactivated_in_round(bool refault)
{
	struct machine *m = boot(false);
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *hot = cache_file(m, t, "hot", 5);
	struct scan_control sc;
	unsigned long nr;

	snapshot_refaults(NODE_DATA(m, 0));	/* reclaim last finished here, before it all */
	for (uint64_t i = 0; i < 5; i++) {
		if (refault && i == 4) {
			evict_range(m, hot, 4, 1);
			ck_assert(PageFlag(read_back(m, t, hot, 4), PG_active));
		} else {
			activate(m, cached(m, hot, i));
		}
	}
	cache_file(m, t, "cold", 8);
	sc = scan(m, 0);
	ck_assert(!inactive_is_low(NODE_DATA(m, 0), LRU_INACTIVE_FILE));
	ck_assert_int_eq(stat0(m, WORKINGSET_ACTIVATE_FILE), refault);
	shrink_node(m, NODE_DATA(m, 0), &sc);
	test_check(m);
	nr = m->vm_events[PGDEACTIVATE];
	proc_exit_all(m);
	test_release(m);
	return nr;
}

/*
 * prepare_scan_count(): workingset activations since reclaim last
 * finished on the node (snapshot_refaults()) make reclaim age the active
 * file list although the inactive one is not low; without them it is
 * left alone.
 */
START_TEST(test_refault_activations_deactivate)
{
	ck_assert_uint_eq(deactivated_in_round(false), 0);
	ck_assert_uint_eq(deactivated_in_round(true), 5);
}
END_TEST

Suite *workingset_suite(void);	/* collected into the runner by the Makefile */
Suite *workingset_suite(void)
{
	Suite *s = suite_create("workingset");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_reclaim_leaves_shadow_invalidation_does_not);
	tcase_add_test(tc, test_file_refault_distance);
	tcase_add_test(tc, test_anon_refault_restore);
	tcase_add_test(tc, test_anon_refault_plain_and_slot_free);
	tcase_add_test(tc, test_truncate_invalidate_unlink_drop_shadows);
	tcase_add_test(tc, test_write_replaces_shadow_without_refault);
	tcase_add_test(tc, test_refault_activations_deactivate);
	suite_add_tcase(s, tc);
	return s;
}
