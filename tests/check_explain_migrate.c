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
#include "mm/mempolicy.h"
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
	*t = proc_spawn(m, 1);
	return proc_anon_written(m, *t, 1);
}

/*
 * The migration events of the log (those with a sentence in the tables),
 * in order, must be want's; *at[i] gets the index of the i-th.
 */
static void expect_sequence(const struct test_explain_log *log, const char *const *want,
			    unsigned int nr_want, unsigned int *at)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < log->n; i++) {
		if (!test_explain_template(log->ev[i].name))
			continue;
		ck_assert_msg(n < nr_want, "event %u, %s, is one too many", n, log->ev[i].name);
		ck_assert_msg(!strcmp(log->ev[i].name, want[n]), "event %u is %s, not %s", n,
			      log->ev[i].name, want[n]);
		at[n++] = i;
	}
	ck_assert_uint_eq(n, nr_want);
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
	unsigned int at[TEST_ARRAY_SIZE(want)];
	struct test_explain_log *log;

	ck_assert_int_eq(task_fork(m, t, 2, &child), 0);
	log = test_explain_attach(m);
	ck_assert_int_eq(migrate_to_node1(m, old, MIGRATE_SYNC), 0);
	test_explain_detach(m);
	new = proc_page_at(m, t, addr);
	new_pfn = page_to_pfn(m, new);
	ck_assert_int_eq(page_to_nid(new), 1);
	expect_sequence(log, want, TEST_ARRAY_SIZE(want), at);
	ck_assert_int_eq(explain_field(&log->ev[at[0]], "ok"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[1]], "mode"), MIGRATE_SYNC);
	ck_assert_int_eq(explain_field(&log->ev[at[1]], "reason"), MR_SYSCALL);
	ck_assert_int_eq(explain_field(&log->ev[at[1]], "nr_pages"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[2]], "pass"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[2]], "max_passes"), 10);
	ck_assert_int_eq(explain_field(&log->ev[at[2]], "force"), 0);
	/* Two mappings and the isolation hold the page. */
	ck_assert_int_eq(explain_field(&log->ev[at[3]], "pfn"), (long)old_pfn);
	ck_assert_int_eq(explain_field(&log->ev[at[3]], "mapcount"), 2);
	ck_assert_int_eq(explain_field(&log->ev[at[3]], "refcount"), 3);
	ck_assert_int_eq(explain_field(&log->ev[at[3]], "anon"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[4]], "dst_pfn"), (long)new_pfn);
	ck_assert_int_eq(explain_field(&log->ev[at[4]], "dst_nid"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[5]], "nr_entries"), 2);
	ck_assert_int_eq(explain_field(&log->ev[at[5]], "still_mapped"), 0);
	ck_assert_int_eq(explain_field(&log->ev[at[6]], "expected"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[6]], "refcount"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[6]], "rc"), 0);
	ck_assert_int_eq(explain_field(&log->ev[at[7]], "cache"), 0);
	ck_assert_int_eq(explain_field(&log->ev[at[8]], "nr_pages"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[8]], "src_nid"), 0);
	ck_assert_int_eq(explain_field(&log->ev[at[8]], "dst_nid"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[9]], "dirty"), 1);	/* written */
	ck_assert_int_eq(explain_field(&log->ev[at[10]], "nr_entries"), 2);
	ck_assert_int_eq(explain_field(&log->ev[at[10]], "to_new"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[10]], "dst_pfn"), (long)new_pfn);
	ck_assert_int_eq(explain_field(&log->ev[at[11]], "rc"), 0);
	ck_assert_int_eq(explain_field(&log->ev[at[12]], "refcount"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[13]], "moved"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[14]], "rc"), 0);
	ck_assert_int_eq(explain_field(&log->ev[at[14]], "succeeded"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[14]], "failed"), 0);
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
	struct test_explain_log *log;
	const struct mm_explain_event *end;
	unsigned int at = 0;

	get_page(m, page);
	log = test_explain_attach(m);
	ck_assert_int_eq(migrate_to_node1(m, page, MIGRATE_SYNC), 1);
	test_explain_detach(m);
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
	unsigned int at[TEST_ARRAY_SIZE(want)];
	struct test_explain_log *log;
	const struct mm_explain_event *wb;

	folio_start_writeback(m, page);
	page_list_init(&list);
	ck_assert(isolate_folio_to_list(m, page, &list));
	log = test_explain_attach(m);
	ck_assert_int_eq(migrate_pages(m, &list, alloc_migration_target, NULL,
				       (unsigned long)&to_node1, MIGRATE_ASYNC, MR_SYSCALL, NULL), 1);
	putback_movable_pages(m, &list);
	test_explain_detach(m);
	expect_sequence(log, want, TEST_ARRAY_SIZE(want), at);
	wb = &log->ev[at[4]];
	ck_assert_int_eq(explain_field(wb, "mode"), MIGRATE_ASYNC);
	ck_assert_int_eq(explain_field(wb, "waited"), 0);
	ck_assert_int_eq(explain_field(wb, "rc"), -EBUSY);
	ck_assert_int_eq(explain_field(&log->ev[at[5]], "retry"), 0);
	ck_assert_int_eq(explain_field(&log->ev[at[6]], "failed"), 1);
	ck_assert_int_eq(explain_field(&log->ev[at[6]], "rc"), 1);
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
	struct test_explain_log *log;

	ck_assert_int_eq(gup_pages(m, t, addr, 1, FOLL_PIN | FOLL_WRITE, &pinned), 1);
	log = test_explain_attach(m);
	ck_assert_int_eq(migrate_to_node1(m, page, MIGRATE_SYNC), 1);
	test_explain_detach(m);
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

/*
 * migrate_pages(2) of 4 pages from node 0 to node 1, once by direct
 * migration (migrate_to_node() -> migrate_pages(): each page copied,
 * 4 copies) and once through swap as 2.6.16 did it: each page unmapped
 * into a swap entry (its one PTE), written (dirty: the task wrote it)
 * and freed after its write; nothing is copied to node 1, every page is
 * left for a swap-in fault.
 */
START_TEST(test_explain_migrate_direct_vs_swap)
{
	static const char *const k_swap = K_MIGRATE ", \"swap\": [{\"size\": \"8M\"}]";
	const nodemask_t from = { 0x1 }, to = { 0x2 };
	struct test_explain_log *direct, *swap;
	const struct mm_explain_event *ev;

	for (int via_swap = 0; via_swap <= 1; via_swap++) {
		struct machine *m = test_boot_node_pair("16M", "16M", k_swap);
		struct task_struct *t = proc_spawn(m, 1);
		struct test_explain_log *log;

		proc_anon_written(m, t, 4);
		log = test_explain_attach(m);
		ck_assert_int_eq(kernel_migrate_pages_via(m, t, &from, &to, true, via_swap), 0);
		test_explain_detach(m);
		test_check(m);
		*(via_swap ? &swap : &direct) = log;
		proc_exit_all(m);
		test_release(m);
	}
	ev = explain_get(direct, "migrate_to_node", 0);
	ck_assert_int_eq(explain_field(ev, "source"), 0);
	ck_assert_int_eq(explain_field(ev, "dest"), 1);
	ck_assert_int_eq(explain_field(ev, "via_swap"), 0);
	ck_assert_uint_eq(explain_count(direct, "migrate_copy"), 4);
	ck_assert_int_eq(explain_field(explain_get(direct, "migrate_pages_end", 0), "succeeded"), 4);
	ck_assert_uint_eq(explain_count(direct, "migrate_swap_begin"), 0);

	ck_assert_int_eq(explain_field(explain_get(swap, "migrate_to_node", 0), "via_swap"), 1);
	ck_assert_int_eq(explain_field(explain_get(swap, "migrate_swap_begin", 0), "nr_folios"), 4);
	ck_assert_uint_eq(explain_count(swap, "migrate_swap_unmap"), 4);
	ev = explain_get(swap, "migrate_swap_unmap", 0);
	ck_assert_int_eq(explain_field(ev, "nr_entries"), 1);
	ck_assert_int_eq(explain_field(ev, "still_mapped"), 0);
	ck_assert_int_eq(explain_field(ev, "dirty"), 1);
	ck_assert_uint_eq(explain_count(swap, "migrate_swap_folio"), 4);
	ck_assert_int_eq(explain_field(explain_get(swap, "migrate_swap_folio", 0), "swapped"), 1);
	ck_assert_uint_eq(explain_count(swap, "migrate_swap_freed"), 4);
	ck_assert_int_eq(explain_field(explain_get(swap, "migrate_swap_end", 0), "nr_left"), 0);
	ck_assert_uint_eq(explain_count(swap, "migrate_copy"), 0);
	ck_assert_uint_eq(explain_count(swap, "migrate_pages_begin"), 0);
	free(direct);
	free(swap);
}
END_TEST

/*
 * move_pages(2): add_page_for_migration() queues a page asked for
 * another node, and leaves one already on the node asked for (status:
 * that node).
 */
START_TEST(test_explain_move_pages_queue)
{
	struct machine *m = test_boot_node_pair("16M", "16M", K_MIGRATE);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_anon_written(m, t, 2);
	const uint64_t pages[2] = { addr, addr + PAGE_SIZE };
	const int nodes[2] = { 1, 0 };
	int status[2] = { -1, -1 };
	struct test_explain_log *log = test_explain_attach(m);
	unsigned int first;

	ck_assert_int_eq(kernel_move_pages(m, t, 2, pages, nodes, status, MPOL_MF_MOVE), 0);
	test_explain_detach(m);
	ck_assert_int_eq(status[0], 1);
	ck_assert_int_eq(status[1], 0);
	first = explain_find(log, "move_pages_queue", 0);
	ck_assert_uint_lt(first, log->n);
	ck_assert_int_eq(explain_field(&log->ev[first], "node"), 1);
	ck_assert_int_eq(explain_field(&log->ev[first], "queued"), 1);
	ck_assert_int_eq(explain_field(explain_get(log, "move_pages_queue", first + 1),
				       "already_there"), 1);
	free(log);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Is the FORMAT of a {key:FORMAT} (len characters at name) one sim/explain.h lists? */
static bool known_format(const char *name, size_t len)
{
	static const char *const formats[] = {
		"migratetype", "zone", "yesno", "okfail", "kb", "mode", "reason", "compact", "gfp",
		"errno", "wmark",
	};

	for (size_t f = 0; f < TEST_ARRAY_SIZE(formats); f++)
		if (strlen(formats[f]) == len && !strncmp(name, formats[f], len))
			return true;
	return false;
}

/* Each { closes before the next opens, no } stands alone, each format is known. */
static void check_placeholders(const struct explain_template *e)
{
	const char *open = NULL;

	for (const char *p = e->text; *p; p++) {
		if (*p == '{') {
			ck_assert_msg(!open, "%s: { inside {", e->name);
			open = p;
		} else if (*p == '}') {
			const char *colon = memchr(open ? open : p, ':', (size_t)(p - (open ? open : p)));

			ck_assert_msg(open && p > open + 1, "%s: } without {", e->name);
			ck_assert_msg(!colon || known_format(colon + 1, (size_t)(p - colon - 1)),
				      "%s: unknown format in %.*s", e->name, (int)(p - open + 1), open);
			open = NULL;
		}
	}
	ck_assert_msg(!open, "%s: { without }", e->name);
}

/*
 * The sentence tables themselves: every name once across the three
 * areas' tables, placeholders that close, and only the formats
 * sim/explain.h lists.  (Each sentence's keys are held to the fields of
 * the events the tests see: test_explain_check().)
 */
START_TEST(test_explain_templates_well_formed)
{
	const struct explain_template *tables[] = { explain_migrate_templates,
						    explain_compact_templates,
						    explain_alloc_templates };
	unsigned int nr = 0;

	for (size_t t = 0; t < TEST_ARRAY_SIZE(tables); t++) {
		for (const struct explain_template *e = tables[t]; e->name; e++, nr++) {
			for (size_t u = 0; u < TEST_ARRAY_SIZE(tables); u++)
				for (const struct explain_template *o = tables[u]; o->name; o++)
					ck_assert_msg(o == e || strcmp(o->name, e->name),
						      "%s has two sentences", e->name);
			check_placeholders(e);
		}
	}
	ck_assert_uint_gt(nr, 50);
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
	tcase_add_test(tc, test_explain_migrate_direct_vs_swap);
	tcase_add_test(tc, test_explain_move_pages_queue);
	tcase_add_test(tc, test_explain_templates_well_formed);
	suite_add_tcase(s, tc);
	return s;
}
