/*
 * tests/check_pgreuse.c - the pgreuse vm event: Linux 6.1 counts it in
 * wp_page_reuse(), mm/memory.c, that is on every write fault that keeps
 * the page it found and only makes the PTE writable:
 *   - do_wp_page() on an anonymous page that is PageAnonExclusive, or that
 *     nobody else references any more (page_move_anon_rmap());
 *   - wp_page_shared() on a shared file mapping whose PTEs start
 *     write-protected for dirty tracking (vma_wants_writenotify()).
 * It is not counted when the fault copies (wp_page_copy(): a page still
 * shared or referenced, the zero page, a private file page), when no
 * fault happens (mprotect upgrading a PTE, shmem mapped writable from the
 * start), nor by do_huge_pmd_wp_page(), which reuses a THP in place
 * without wp_page_reuse().  /proc/vmstat prints it as "pgreuse", between
 * "pgrefill" and "pgsteal_kswapd" (vm_event_item.h, vmstat_text[]).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mm/huge_mm.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "sim/procfs.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define K_NO_THP	"\"transparent_hugepage\": \"never\""
#define THP_BASE	((uint64_t)0x200000000)

static struct machine *boot_small(void)
{
	return test_boot_node("64M", 2, K_NO_THP);
}

/*
 * Task 1 writes one anonymous page at *addr, forks task 2, which exits:
 * the page is the parent's again, but no longer marked exclusive.
 */
static struct task_struct *parent_after_fork_exit(struct machine *m, uint64_t *addr)
{
	struct task_struct *p = proc_spawn(m, 1), *c;

	*addr = proc_mmap_anon(m, p, PAGE_SIZE);
	proc_touch(m, p, *addr, PAGE_SIZE, true);
	ck_assert_int_eq(task_fork(m, p, 2, &c), 0);
	ck_assert(!PageFlag(proc_page_at(m, p, *addr), PG_anon_exclusive));
	task_exit(m, c);
	return p;
}

/*
 * fork() shares the page and clears PageAnonExclusive
 * (page_try_dup_anon_rmap()); once the child has exited, the parent holds
 * the only reference.  do_wp_page(): not exclusive, but folio_ref_count()
 * is 1: page_move_anon_rmap(), reuse.  Expect the same page, writable,
 * exclusive again, pgreuse 1 and no copy.
 */
START_TEST(test_reuse_after_partner_exits)
{
	struct machine *m = boot_small();
	uint64_t addr;
	struct task_struct *p = parent_after_fork_exit(m, &addr);
	struct page *page = proc_page_at(m, p, addr);

	ck_assert_uint_eq(m->vm_events[PGREUSE], 0);
	ck_assert_int_eq(page_count(page), 1);
	ck_assert_uint_eq(user_access(m, p, addr, true), 0);
	ck_assert(proc_page_at(m, p, addr) == page);
	ck_assert(pte_write(*proc_pte_at(m, p, addr)));
	ck_assert(PageFlag(page, PG_anon_exclusive));
	ck_assert_uint_eq(m->vm_events[PGREUSE], 1);
	ck_assert_uint_eq(m->proc_stats.cow_copies, 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * After fork the child's write copies (two references: wp_page_copy(),
 * no pgreuse); the parent's write then finds the only reference and
 * reuses (pgreuse 1).  A second child write hits a writable PTE: no fault.
 */
START_TEST(test_copy_then_reuse)
{
	struct machine *m = boot_small();
	struct task_struct *p = proc_spawn(m, 1), *c;
	uint64_t addr = proc_mmap_anon(m, p, PAGE_SIZE);

	proc_touch(m, p, addr, PAGE_SIZE, true);
	ck_assert_int_eq(task_fork(m, p, 2, &c), 0);
	ck_assert_uint_eq(user_access(m, c, addr, true), 0);
	ck_assert_uint_eq(m->proc_stats.cow_copies, 1);
	ck_assert_uint_eq(m->vm_events[PGREUSE], 0);
	ck_assert_uint_eq(user_access(m, p, addr, true), 0);
	ck_assert_uint_eq(m->vm_events[PGREUSE], 1);
	ck_assert_uint_eq(user_access(m, c, addr, true), 0);
	ck_assert_uint_eq(m->vm_events[PGREUSE], 1);
	ck_assert_uint_eq(m->vm_events[PGFAULT], 3);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * do_wp_page(): a page that is not exclusive and has another reference
 * (here a FOLL_GET read reference taken after the child exited) fails
 * folio_ref_count() > 1 and is copied.  Expect a new page, cow_copies 1,
 * pgreuse 0.
 */
START_TEST(test_extra_reference_copies)
{
	struct machine *m = boot_small();
	uint64_t addr;
	struct task_struct *p = parent_after_fork_exit(m, &addr);
	struct page *page = proc_page_at(m, p, addr), *ref;

	ck_assert_int_eq(gup_pages(m, p, addr, 1, FOLL_GET, &ref), 1);
	ck_assert(ref == page);
	ck_assert_int_eq(page_count(page), 2);
	ck_assert_uint_eq(user_access(m, p, addr, true), 0);
	ck_assert(proc_page_at(m, p, addr) != page);
	ck_assert_uint_eq(m->proc_stats.cow_copies, 1);
	ck_assert_uint_eq(m->vm_events[PGREUSE], 0);
	gup_release(m, &ref, 1, FOLL_GET);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A read fault maps the zero page (do_anonymous_page()); the write finds
 * no normal page (vm_normal_page() is NULL for it) and copies into a new
 * zeroed page (wp_page_copy()).  Expect pgreuse 0.
 */
START_TEST(test_zero_page_write_copies)
{
	struct machine *m = boot_small();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, PAGE_SIZE);

	ck_assert_uint_eq(user_access(m, t, addr, false), 0);
	ck_assert_uint_eq(pte_pfn(*proc_pte_at(m, t, addr)), m->zero_pfn);
	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	ck_assert_uint_ne(pte_pfn(*proc_pte_at(m, t, addr)), m->zero_pfn);
	ck_assert_uint_eq(m->vm_events[PGREUSE], 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * mprotect(PROT_READ) then PROT_READ|PROT_WRITE: change_pte_range() with
 * MM_CP_TRY_CHANGE_WRITABLE makes the dirty PTE of an exclusive page
 * writable at once (can_change_pte_writable()), so the write does not
 * fault.  Expect pgreuse 0 and one fault (the first write) in all.
 */
START_TEST(test_mprotect_upgrade_needs_no_fault)
{
	struct machine *m = boot_small();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, PAGE_SIZE);

	proc_touch(m, t, addr, PAGE_SIZE, true);
	ck_assert_int_eq(do_mprotect(m, t, addr, PAGE_SIZE, PROT_READ), 0);
	ck_assert_int_eq(do_mprotect(m, t, addr, PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
	ck_assert_uint_eq(user_access(m, t, addr, true), 0);
	ck_assert_uint_eq(m->vm_events[PGFAULT], 1);
	ck_assert_uint_eq(m->vm_events[PGREUSE], 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A shared file mapping starts write-protected (vma_wants_writenotify());
 * the write after a read fault goes do_wp_page() -> wp_page_shared() ->
 * wp_page_reuse(): pgreuse 1.  shmem is mapped writable by its read
 * fault, so its write does not fault: still 1.  A private file page is
 * copied on write (do_wp_page() -> wp_page_copy()): still 1.
 */
START_TEST(test_file_mappings)
{
	struct machine *m = boot_small();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t shared, shm, priv;

	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
				 file_lookup(m, "data"), 0, &shared), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, NULL, 0, &shm), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE,
				 file_lookup(m, "lib"), 0, &priv), 0);

	ck_assert_uint_eq(user_access(m, t, shared, false), 0);
	ck_assert_uint_eq(user_access(m, t, shared, true), 0);
	ck_assert_uint_eq(m->vm_events[PGREUSE], 1);

	ck_assert_uint_eq(user_access(m, t, shm, false), 0);
	ck_assert(pte_write(*proc_pte_at(m, t, shm)));
	ck_assert_uint_eq(user_access(m, t, shm, true), 0);
	ck_assert_uint_eq(m->vm_events[PGREUSE], 1);

	ck_assert_uint_eq(user_access(m, t, priv, false), 0);
	ck_assert_uint_eq(user_access(m, t, priv, true), 0);
	ck_assert(PageAnon(proc_page_at(m, t, priv)));
	ck_assert_uint_eq(m->proc_stats.cow_copies, 1);
	ck_assert_uint_eq(m->vm_events[PGREUSE], 1);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A THP shared by fork, the child gone: do_huge_pmd_wp_page() finds one
 * reference and reuses the PMD in place, which 6.1 does not count as
 * pgreuse.  Expect the same head page PMD-mapped and writable, no split,
 * pgreuse 0.
 */
START_TEST(test_thp_pmd_reuse_not_counted)
{
	struct machine *m = test_boot_node("32M", 2,
					   TEST_K_BASE ", \"reserved\": \"0\", \"min_free_kbytes\": 0,"
					   " \"transparent_hugepage\": \"always\"");
	struct task_struct *p = proc_spawn(m, 1), *c;
	uint64_t addr = proc_mmap_anon_at(m, p, THP_BASE, HPAGE_PMD_SIZE, 0);
	struct page *head;

	ck_assert_uint_eq(user_access(m, p, addr, true), 0);
	head = proc_page_at(m, p, addr);
	ck_assert(PageFlag(head, PG_head));
	ck_assert_int_eq(task_fork(m, p, 2, &c), 0);
	task_exit(m, c);
	ck_assert_uint_eq(user_access(m, p, addr + 5 * PAGE_SIZE, true), 0);
	ck_assert(proc_page_at(m, p, addr) == head);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PMD], 0);
	ck_assert_uint_eq(m->vm_events[PGREUSE], 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * vmstat_text[]: "pgreuse" follows "pgrefill" and precedes
 * "pgsteal_kswapd", and shows the count.  After one reuse, Expect the
 * three lines "pgrefill 0", "pgreuse 1", "pgsteal_kswapd 0" in a row.
 */
START_TEST(test_vmstat_line)
{
	struct machine *m = boot_small();
	uint64_t addr;
	struct task_struct *p = parent_after_fork_exit(m, &addr);
	char *text;

	ck_assert_uint_eq(user_access(m, p, addr, true), 0);
	text = test_render(procfs_vmstat, m);
	ck_assert_ptr_nonnull(strstr(text, "\npgrefill 0\npgreuse 1\npgsteal_kswapd 0\n"));
	free(text);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

Suite *pgreuse_suite(void);

Suite *pgreuse_suite(void)
{
	Suite *s = suite_create("pgreuse");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_reuse_after_partner_exits);
	tcase_add_test(tc, test_copy_then_reuse);
	tcase_add_test(tc, test_extra_reference_copies);
	tcase_add_test(tc, test_zero_page_write_copies);
	tcase_add_test(tc, test_mprotect_upgrade_needs_no_fault);
	tcase_add_test(tc, test_file_mappings);
	tcase_add_test(tc, test_thp_pmd_reuse_not_counted);
	tcase_add_test(tc, test_vmstat_line);
	suite_add_tcase(s, tc);
	return s;
}
