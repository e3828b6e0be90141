/*
 * tests/check_explain_migrate.c - the narration of page migration
 * (mm/explain.h events of mm/migrate.c, mm/migrate_folio.c,
 * mm/rmap_migration.c) read back through a collecting sink
 * (tests/explain_log.h): the steps of Documentation/mm/page_migration.rst
 * in their order with the numbers 6.1's rules give, the failures with
 * their errno, and the sentence tables (sim/explain_migrate.c,
 * sim/explain_compact.c) checked against the events' fields.
 *
 * Two 16 MiB nodes, one CPU each, per-CPU lists off; tasks run on CPU 0
 * (node 0) and migrate to node 1.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/writeback.h"
#include "tests/explain_log.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define K_MIGRATE	TEST_K_BASE ", \"reserved\": \"0\", \"pcp\": false, \"min_free_kbytes\": 0," \
			" \"transparent_hugepage\": \"never\""

static const struct migration_target_control to_node1 = {
	.nid = 1, .gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
};

/* The folio of page isolated and migrated to node 1 in mode; what stays is put back. */
static int migrate_to_node1(struct machine *m, struct page *page, enum migrate_mode mode)
{
	struct page_list list;
	int rc;

	page_list_init(&list);
	ck_assert(isolate_folio_to_list(m, page, &list));
	rc = migrate_pages(m, &list, alloc_migration_target, NULL, (unsigned long)&to_node1, mode,
			   MR_SYSCALL, NULL);
	putback_movable_pages(m, &list);
	test_check(m);
	return rc;
}

/* A task with one written anonymous page; its address. */
static uint64_t anon_page(struct machine *m, struct task_struct **t)
{
	uint64_t addr;

	*t = proc_spawn(m, 1);
	addr = proc_mmap_anon(m, *t, PAGE_SIZE);
	proc_touch(m, *t, addr, PAGE_SIZE, true);
	return addr;
}

/* The names of the log's events from from on, in order, must be want's. */
static void expect_sequence(const struct explain_log *log, unsigned int from,
			    const char *const *want, unsigned int nr_want)
{
	ck_assert_uint_eq(log->n - from, nr_want);
	for (unsigned int i = 0; i < nr_want; i++)
		ck_assert_msg(!strcmp(log->ev[from + i].name, want[i]), "event %u is %s, not %s",
			      i, log->ev[from + i].name, want[i]);
}

/*
 * A mapped anonymous page shared by a parent and its child (fork: two
 * PTEs) moves to node 1 in the documented order
 * (Documentation/mm/page_migration.rst): isolate_lru_page, the call
 * (migrate_pages()), pass 1, a target on node 1, try_to_migrate() puts
 * a migration entry in both PTEs, folio_migrate_mapping()'s reference
 * check (an anonymous folio without swap cache expects 1, the
 * isolation's, once both mappings went), the anon_vma handle moves, the
 * copy (1 page, node 0 to 1), the flags, remove_migration_ptes() turns
 * both entries into PTEs of the new page, the unlock,
 * migrate_folio_done() drops the old page's last reference, the result.
 */
START_TEST(test_explain_migrate_anon_steps)
{
	static const char *const want[] = {
		"isolate_lru", "migrate_pages_begin", "migrate_pass", "migrate_folio_begin",
		"migrate_target", "migration_entries", "migrate_refcount", "migrate_mapping",
		"migrate_copy", "migrate_flags", "migration_entries_removed", "migrate_unlock",
		"migrate_old_freed", "migrate_folio_end", "migrate_pages_end",
	};
	struct machine *m = test_boot_node_pair("16M", "16M", K_MIGRATE);
	struct task_struct *t, *child;
	uint64_t addr = anon_page(m, &t);
	struct page *old = proc_page_at(m, t, addr), *new;
	pfn_t old_pfn = page_to_pfn(m, old), new_pfn;
	struct explain_log *log;

	ck_assert_int_eq(task_fork(m, t, 2, &child), 0);
	log = explain_log_attach(m);
	ck_assert_int_eq(migrate_to_node1(m, old, MIGRATE_SYNC), 0);
	explain_log_detach(m);
	new = proc_page_at(m, t, addr);
	new_pfn = page_to_pfn(m, new);
	ck_assert_int_eq(page_to_nid(new), 1);
	expect_sequence(log, 0, want, TEST_ARRAY_SIZE(want));
	ck_assert_int_eq(explain_field(&log->ev[0], "ok"), 1);
	ck_assert_int_eq(explain_field(&log->ev[1], "mode"), MIGRATE_SYNC);
	ck_assert_int_eq(explain_field(&log->ev[1], "reason"), MR_SYSCALL);
	ck_assert_int_eq(explain_field(&log->ev[1], "nr_pages"), 1);
	ck_assert_int_eq(explain_field(&log->ev[2], "pass"), 1);
	ck_assert_int_eq(explain_field(&log->ev[2], "max_passes"), 10);
	ck_assert_int_eq(explain_field(&log->ev[2], "force"), 0);
	/* Two mappings and the isolation hold the page. */
	ck_assert_int_eq(explain_field(&log->ev[3], "pfn"), (long)old_pfn);
	ck_assert_int_eq(explain_field(&log->ev[3], "mapcount"), 2);
	ck_assert_int_eq(explain_field(&log->ev[3], "refcount"), 3);
	ck_assert_int_eq(explain_field(&log->ev[3], "anon"), 1);
	ck_assert_int_eq(explain_field(&log->ev[4], "dst_pfn"), (long)new_pfn);
	ck_assert_int_eq(explain_field(&log->ev[4], "dst_nid"), 1);
	ck_assert_int_eq(explain_field(&log->ev[5], "nr_entries"), 2);
	ck_assert_int_eq(explain_field(&log->ev[5], "still_mapped"), 0);
	ck_assert_int_eq(explain_field(&log->ev[6], "expected"), 1);
	ck_assert_int_eq(explain_field(&log->ev[6], "refcount"), 1);
	ck_assert_int_eq(explain_field(&log->ev[6], "rc"), 0);
	ck_assert_int_eq(explain_field(&log->ev[7], "cache"), 0);
	ck_assert_int_eq(explain_field(&log->ev[8], "nr_pages"), 1);
	ck_assert_int_eq(explain_field(&log->ev[8], "src_nid"), 0);
	ck_assert_int_eq(explain_field(&log->ev[8], "dst_nid"), 1);
	ck_assert_int_eq(explain_field(&log->ev[9], "dirty"), 1);	/* written */
	ck_assert_int_eq(explain_field(&log->ev[10], "nr_entries"), 2);
	ck_assert_int_eq(explain_field(&log->ev[10], "to_new"), 1);
	ck_assert_int_eq(explain_field(&log->ev[10], "dst_pfn"), (long)new_pfn);
	ck_assert_int_eq(explain_field(&log->ev[11], "rc"), 0);
	ck_assert_int_eq(explain_field(&log->ev[12], "refcount"), 1);
	ck_assert_int_eq(explain_field(&log->ev[13], "moved"), 1);
	ck_assert_int_eq(explain_field(&log->ev[14], "rc"), 0);
	ck_assert_int_eq(explain_field(&log->ev[14], "succeeded"), 1);
	ck_assert_int_eq(explain_field(&log->ev[14], "failed"), 0);
	free(log);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * An extra reference (a get_page() nobody drops during the call) makes
 * folio_migrate_mapping()'s check fail: expected 1, found 2, -EAGAIN.
 * migrate_pages_batch() retries -EAGAIN for NR_MAX_MIGRATE_PAGES_RETRY
 * (10) passes, forcing from the fourth (pass > 2); each pass puts the
 * PTE back (remove_migration_ptes() to the old page); after the last the
 * folio counts as failed: one not migrated, one page failed.
 */
START_TEST(test_explain_migrate_extra_reference_retried)
{
	struct machine *m = test_boot_node_pair("16M", "16M", K_MIGRATE);
	struct task_struct *t;
	uint64_t addr = anon_page(m, &t);
	struct page *page = proc_page_at(m, t, addr);
	struct explain_log *log;
	const struct mm_explain_event *end;
	unsigned int at = 0;

	get_page(m, page);
	log = explain_log_attach(m);
	ck_assert_int_eq(migrate_to_node1(m, page, MIGRATE_SYNC), 1);
	explain_log_detach(m);
	ck_assert_uint_eq(explain_count(log, "migrate_pass"), 10);
	ck_assert_uint_eq(explain_count(log, "migrate_refcount"), 10);
	for (long pass = 1; pass <= 10; pass++) {
		const struct mm_explain_event *ev;

		at = explain_find(log, "migrate_pass", at);
		ck_assert_int_eq(explain_field(&log->ev[at], "pass"), pass);
		ck_assert_int_eq(explain_field(&log->ev[at], "force"), pass > 3);
		ck_assert_int_eq(explain_field(&log->ev[at], "retry"), pass == 1 ? 0 : 1);
		ev = explain_get(log, "migrate_refcount", at);
		ck_assert_int_eq(explain_field(ev, "expected"), 1);
		ck_assert_int_eq(explain_field(ev, "refcount"), 2);
		ck_assert_int_eq(explain_field(ev, "rc"), -EAGAIN);
		ev = explain_get(log, "migration_entries_removed", at);
		ck_assert_int_eq(explain_field(ev, "to_new"), 0);
		ck_assert_int_eq(explain_field(ev, "nr_entries"), 1);
		ev = explain_get(log, "migrate_folio_end", at);
		ck_assert_int_eq(explain_field(ev, "retry"), 1);
		ck_assert_int_eq(explain_field(ev, "rc"), -EAGAIN);
		at++;
	}
	end = explain_get(log, "migrate_pages_end", at);
	ck_assert_int_eq(explain_field(end, "rc"), 1);
	ck_assert_int_eq(explain_field(end, "succeeded"), 0);
	ck_assert_int_eq(explain_field(end, "failed"), 1);
	/* The caller puts the folio back. */
	ck_assert_int_eq(explain_field(explain_get(log, "migrate_putback", at), "lru"), 1);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr)), 0);
	put_page(m, page);
	free(log);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A page under writeback in MIGRATE_ASYNC: __migrate_folio_unmap() does
 * not wait (only MIGRATE_SYNC does, when forced) and answers -EBUSY, a
 * permanent failure: one pass only, no migration entry, the folio
 * failed.
 */
START_TEST(test_explain_migrate_async_writeback_busy)
{
	static const char *const want[] = {
		"migrate_pages_begin", "migrate_pass", "migrate_folio_begin", "migrate_target",
		"migrate_folio_writeback", "migrate_folio_end", "migrate_pages_end",
		"migrate_putback",
	};
	struct machine *m = test_boot_node_pair("16M", "16M", K_MIGRATE);
	struct task_struct *t;
	uint64_t addr = anon_page(m, &t);
	struct page *page = proc_page_at(m, t, addr);
	struct page_list list;
	struct explain_log *log;
	const struct mm_explain_event *wb;

	folio_start_writeback(m, page);
	page_list_init(&list);
	ck_assert(isolate_folio_to_list(m, page, &list));
	log = explain_log_attach(m);
	ck_assert_int_eq(migrate_pages(m, &list, alloc_migration_target, NULL,
				       (unsigned long)&to_node1, MIGRATE_ASYNC, MR_SYSCALL, NULL), 1);
	putback_movable_pages(m, &list);
	explain_log_detach(m);
	expect_sequence(log, 0, want, TEST_ARRAY_SIZE(want));
	wb = &log->ev[4];
	ck_assert_int_eq(explain_field(wb, "mode"), MIGRATE_ASYNC);
	ck_assert_int_eq(explain_field(wb, "waited"), 0);
	ck_assert_int_eq(explain_field(wb, "rc"), -EBUSY);
	ck_assert_int_eq(explain_field(&log->ev[5], "retry"), 0);
	ck_assert_int_eq(explain_field(&log->ev[6], "failed"), 1);
	ck_assert_int_eq(explain_field(&log->ev[6], "rc"), 1);
	folio_end_writeback(m, page);
	test_check(m);
	free(log);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A FOLL_PIN'd exclusive anonymous page: try_to_migrate() cannot share
 * it with a migration entry (page_try_share_anon_rmap() refuses a page
 * that may be DMA-pinned), so no entry is installed and the page stays
 * mapped; __migrate_folio_unmap() gives up with -EAGAIN, retried for
 * the 10 passes, then counted failed.
 */
START_TEST(test_explain_migrate_pinned_page)
{
	struct machine *m = test_boot_node_pair("16M", "16M", K_MIGRATE);
	struct task_struct *t;
	uint64_t addr = anon_page(m, &t);
	struct page *page = proc_page_at(m, t, addr), *pinned;
	const struct mm_explain_event *ev;
	struct explain_log *log;

	ck_assert_int_eq(gup_pages(m, t, addr, 1, FOLL_PIN | FOLL_WRITE, &pinned), 1);
	log = explain_log_attach(m);
	ck_assert_int_eq(migrate_to_node1(m, page, MIGRATE_SYNC), 1);
	explain_log_detach(m);
	ck_assert_uint_eq(explain_count(log, "migrate_pass"), 10);
	ck_assert_uint_eq(explain_count(log, "migrate_still_mapped"), 10);
	ck_assert_uint_eq(explain_count(log, "migrate_refcount"), 0);
	ev = explain_get(log, "migration_entries", 0);
	ck_assert_int_eq(explain_field(ev, "nr_entries"), 0);
	ck_assert_int_eq(explain_field(ev, "still_mapped"), 1);
	ev = explain_get(log, "migrate_still_mapped", 0);
	ck_assert_int_eq(explain_field(ev, "mapcount"), 1);
	ck_assert_int_eq(explain_field(ev, "rc"), -EAGAIN);
	ck_assert_int_eq(explain_field(explain_get(log, "migrate_pages_end", 0), "failed"), 1);
	gup_release(m, &pinned, 1, FOLL_PIN);
	free(log);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

Suite *explain_migrate_suite(void);

Suite *explain_migrate_suite(void)
{
	Suite *s = suite_create("explain_migrate");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_explain_migrate_anon_steps);
	tcase_add_test(tc, test_explain_migrate_extra_reference_retried);
	tcase_add_test(tc, test_explain_migrate_async_writeback_busy);
	tcase_add_test(tc, test_explain_migrate_pinned_page);
	suite_add_tcase(s, tc);
	return s;
}
