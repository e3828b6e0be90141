/*
 * tests/check_migrate_syscalls.c - migrate_pages(2) and mbind(2)'s page
 * moves (mm/mempolicy_migrate.c, mm/mempolicy.c) against 6.1.192's rules:
 * do_migrate_pages()'s node remapping and its order, MPOL_MF_MOVE against
 * MPOL_MF_MOVE_ALL, the return value and the errors of
 * kernel_migrate_pages(), THP and hugetlb pages, and mbind's move,
 * move_all and strict as do_mbind() and queue_pages_range() have them.
 *
 * Machines of 16 MiB nodes with a CPU each; tasks run on CPU 0 (node 0).
 * The checkers run after every step.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "mm/cpuset.h"
#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/migrate.h"
#include "mm/rmap.h"
#include "mm/vmstat_counters.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define K_SYSCALLS	TEST_K_BASE ", \"reserved\": \"0\", \"pcp\": false, \"min_free_kbytes\": 0," \
			" \"transparent_hugepage\": \"always\""
#define NODE_16M	"{\"mem\": \"16M\", \"cpus\": 1}"
#define THP_BASE	((uint64_t)0x200000000)
#define MASK(bits)	(&(nodemask_t){ (bits) })

static struct machine *boot_pair(void)
{
	return test_boot_node_pair("16M", "16M", K_SYSCALLS);
}

static unsigned long ev(const struct machine *m, enum vm_event_item item)
{
	return m->vm_events[item];
}

/* Is each of the nr_pages pages at addr on node nid? */
static void expect_on(struct machine *m, struct task_struct *t, uint64_t addr,
		      unsigned long nr_pages, int nid)
{
	for (unsigned long i = 0; i < nr_pages; i++)
		ck_assert_msg(proc_nid_at(m, t, addr + i * PAGE_SIZE) == nid,
			      "page %lu at 0x%llx is on node %d, not %d", i,
			      (unsigned long long)(addr + i * PAGE_SIZE),
			      proc_nid_at(m, t, addr + i * PAGE_SIZE), nid);
}

/* ==================== migrate_pages(2) ==================== */

/*
 * Linux: do_migrate_pages(): {0,1} -> {1,2} maps 0 -> 1 and 1 -> 2
 * (node_remap()).  The scan keeps looking past (0,1) because 1 is still
 * a source in tmp, and takes (1,2): node 1 is emptied onto 2 first, then
 * 0 onto 1, so node 0's pages end on node 1 and are not carried on to 2.
 * Expect two migrate_pages() calls, node 1's 3 pages then node 0's 2.
 */
START_TEST(test_migrate_pages_overlapping_sets)
{
	struct machine *m = proc_boot_16m_nodes(3, K_SYSCALLS);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t a0 = proc_pages_on(m, t, 0, 2), a1 = proc_pages_on(m, t, 1, 3);
	struct test_ev_log *log = proc_migrate_log(m);

	ck_assert_int_eq(kernel_migrate_pages(m, t, MASK(0x3), MASK(0x6), true), 0);
	test_check(m);
	expect_on(m, t, a0, 2, 1);
	expect_on(m, t, a1, 3, 2);
	ck_assert_uint_eq(log->n, 2);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages.succeeded, 3);
	ck_assert_int_eq(log->ev[0].mm_migrate_pages.reason, MR_SYSCALL);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages.mode, MIGRATE_SYNC);
	ck_assert_uint_eq(log->ev[1].mm_migrate_pages.succeeded, 2);
	ck_assert_uint_eq(ev(m, PGMIGRATE_SUCCESS), 5);
	proc_exit_all(m);
	test_release(m);
	free(log);
}
END_TEST

/*
 * Linux: do_migrate_pages() with weights 4 and 1: a source that is in
 * "to" (node 2) is skipped, every other maps to node 2.  No destination
 * is ever free of sources, so each scan takes the last pair it saw:
 * node 3, then 1, then 0.  Expect their 3, 2 and 1 pages moved in that
 * order and node 2's 4 pages left alone (no fourth call).
 */
START_TEST(test_migrate_pages_unequal_sets)
{
	struct machine *m = proc_boot_16m_nodes(4, K_SYSCALLS);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t a0 = proc_pages_on(m, t, 0, 1), a1 = proc_pages_on(m, t, 1, 2);
	uint64_t a2 = proc_pages_on(m, t, 2, 4), a3 = proc_pages_on(m, t, 3, 3);
	struct test_ev_log *log = proc_migrate_log(m);

	ck_assert_int_eq(kernel_migrate_pages(m, t, MASK(0xf), MASK(0x4), true), 0);
	test_check(m);
	expect_on(m, t, a0, 1, 2);
	expect_on(m, t, a1, 2, 2);
	expect_on(m, t, a2, 4, 2);
	expect_on(m, t, a3, 3, 2);
	ck_assert_uint_eq(log->n, 3);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages.succeeded, 3);
	ck_assert_uint_eq(log->ev[1].mm_migrate_pages.succeeded, 2);
	ck_assert_uint_eq(log->ev[2].mm_migrate_pages.succeeded, 1);
	proc_exit_all(m);
	test_release(m);
	free(log);
}
END_TEST

/*
 * The remap is by position: {0,1} -> {2,3} sends 0 to 2 and 1 to 3, and
 * with equal weights a source that is also a destination moves too:
 * {1,2} -> {2,3} sends 1 -> 2 and 2 -> 3 (the kernel's comment:
 * "[2,3,4] -> [3,4,5] moves everything").  Linux: node_remap(),
 * do_migrate_pages().
 */
START_TEST(test_migrate_pages_keeps_relative_placement)
{
	struct machine *m = proc_boot_16m_nodes(4, K_SYSCALLS);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t a0 = proc_pages_on(m, t, 0, 2), a1 = proc_pages_on(m, t, 1, 2);

	ck_assert_int_eq(kernel_migrate_pages(m, t, MASK(0x3), MASK(0xc), true), 0);
	expect_on(m, t, a0, 2, 2);
	expect_on(m, t, a1, 2, 3);
	ck_assert_int_eq(kernel_migrate_pages(m, t, MASK(0xc), MASK(0x3), true), 0);
	expect_on(m, t, a0, 2, 0);
	expect_on(m, t, a1, 2, 1);
	/* Equal weights: node 1 (also a destination) moves as well. */
	ck_assert_int_eq(kernel_migrate_pages(m, t, MASK(0x6), MASK(0xc), true), 0);
	expect_on(m, t, a0, 2, 0);
	expect_on(m, t, a1, 2, 2);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A page shared after fork: MPOL_MF_MOVE (a caller without CAP_SYS_NICE)
 * leaves it, silently: migrate_folio_add() does not queue a folio whose
 * first page is mapped twice, and nothing counts it (the call returns 0,
 * no migrate_pages() runs).  MPOL_MF_MOVE_ALL moves it, both mappings
 * following.  A page the parent wrote after the fork is its own and
 * moves under MPOL_MF_MOVE.  Linux: kernel_migrate_pages(),
 * migrate_folio_add(), folio_estimated_sharers().
 */
START_TEST(test_migrate_pages_move_vs_move_all)
{
	struct machine *m = boot_pair();
	struct task_struct *parent = proc_spawn(m, 1), *child;
	uint64_t shared = proc_mmap_anon(m, parent, PAGE_SIZE);
	uint64_t own = proc_mmap_anon(m, parent, PAGE_SIZE);
	struct test_ev_log *log;
	struct page *page;

	proc_touch(m, parent, shared, PAGE_SIZE, true);
	proc_touch(m, parent, own, PAGE_SIZE, true);
	ck_assert_int_eq(task_fork(m, parent, 2, &child), 0);
	proc_touch(m, parent, own, PAGE_SIZE, true);		/* CoW: the parent's copy */
	test_check(m);
	log = proc_migrate_log(m);
	ck_assert_int_eq(kernel_migrate_pages(m, parent, MASK(0x1), MASK(0x2), false), 0);
	test_check(m);
	expect_on(m, parent, shared, 1, 0);
	expect_on(m, parent, own, 1, 1);
	ck_assert_uint_eq(log->n, 1);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages.succeeded, 1);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages.failed, 0);
	ck_assert_int_eq(kernel_migrate_pages(m, parent, MASK(0x1), MASK(0x2), true), 0);
	test_check(m);
	page = proc_page_at(m, parent, shared);
	ck_assert_int_eq(page_to_nid(page), 1);
	ck_assert_ptr_eq(proc_page_at(m, child, shared), page);
	ck_assert_int_eq(page_mapcount(page), 2);
	proc_exit_all(m);
	test_release(m);
	free(log);
}
END_TEST

/*
 * The return value counts the folios migrate_pages() could not move: a
 * pinned page (its expected reference count never matches,
 * folio_migrate_mapping() answers -EAGAIN on every pass) stays, is put
 * back, counts 1; the other pages move.  Linux: do_migrate_pages()'s
 * busy sum, migrate_pages().
 */
START_TEST(test_migrate_pages_returns_pages_not_moved)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_pages_on(m, t, 0, 3);
	struct page *pinned;

	ck_assert_int_eq(gup_pages(m, t, addr, 1, FOLL_PIN | FOLL_WRITE, &pinned), 1);
	ck_assert_int_eq(kernel_migrate_pages(m, t, MASK(0x1), MASK(0x2), true), 1);
	test_check(m);
	expect_on(m, t, addr, 1, 0);
	expect_on(m, t, addr + PAGE_SIZE, 2, 1);
	ck_assert_ptr_eq(proc_page_at(m, t, addr), pinned);
	ck_assert_uint_eq(ev(m, PGMIGRATE_FAIL), 1);
	ck_assert_uint_eq(ev(m, PGMIGRATE_SUCCESS), 2);
	gup_release(m, &pinned, 1, FOLL_PIN);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * Linux: kernel_migrate_pages(): new nodes are cut to the caller's
 * cpuset (here the task's own) and to nodes with memory: nothing left is
 * -EINVAL; without CAP_SYS_NICE, new nodes outside the task's cpuset are
 * -EPERM first.  A destination node with no free page: migrate_pages()
 * answers -ENOMEM for a small folio, and the call returns it.
 */
START_TEST(test_migrate_pages_errors)
{
	struct machine *m = test_boot_machine("\"nodes\": [" NODE_16M ", " NODE_16M ","
					      " {\"mem\": \"0\", \"cpus\": 1}]", K_SYSCALLS);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_pages_on(m, t, 0, 2);

	ck_assert_int_eq(kernel_migrate_pages(m, t, MASK(0x1), MASK(0x4), true), -EINVAL);
	ck_assert_int_eq(kernel_migrate_pages(m, t, MASK(0x1), MASK(0x4), false), -EPERM);
	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0x1), false), 0);
	ck_assert_int_eq(kernel_migrate_pages(m, t, MASK(0x1), MASK(0x2), false), -EPERM);
	ck_assert_int_eq(kernel_migrate_pages(m, t, MASK(0x1), MASK(0x2), true), -EINVAL);
	expect_on(m, t, addr, 2, 0);
	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0x3), false), 0);
	test_take_all(m, 1);
	ck_assert_int_eq(kernel_migrate_pages(m, t, MASK(0x1), MASK(0x2), false), -ENOMEM);
	test_check(m);
	expect_on(m, t, addr, 2, 0);
	ck_assert_uint_eq(ev(m, PGMIGRATE_SUCCESS), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A PMD-mapped THP moves whole (thp_migration_success, 512 base pages);
 * a hugetlb page moves to a free pool page of the target node.  Linux:
 * queue_folios_pmd(), queue_pages_hugetlb(), migrate_to_node() ->
 * alloc_migration_target() (GFP_TRANSHUGE; alloc_huge_page_nodemask()).
 */
START_TEST(test_migrate_pages_thp_and_hugetlb)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t thp = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0), huge;

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 0, 1), 0);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 1, 1), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, HPAGE_PMD_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, NULL, 0, &huge), 0);
	proc_touch(m, t, thp, PAGE_SIZE, true);
	proc_touch(m, t, huge, PAGE_SIZE, true);
	ck_assert(PageTransHuge(proc_page_at(m, t, thp)));
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, huge)), 0);
	ck_assert_int_eq(kernel_migrate_pages(m, t, MASK(0x1), MASK(0x2), true), 0);
	test_check(m);
	ck_assert(PageTransHuge(proc_page_at(m, t, thp)));
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, thp)), 1);
	ck_assert(PageHuge(m, proc_page_at(m, t, huge)));
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, huge)), 1);
	ck_assert_uint_eq(ev(m, THP_MIGRATION_SUCCESS), 1);
	ck_assert_uint_eq(ev(m, PGMIGRATE_SUCCESS), 2 * HPAGE_PMD_NR);
	ck_assert_uint_eq(m->hstate.free_huge_pages_node[0], 1);
	ck_assert_uint_eq(m->hstate.free_huge_pages_node[1], 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* ==================== mbind ==================== */

/*
 * Linux: do_mbind() with MPOL_MF_MOVE: queue_pages_range(MPOL_MF_INVERT)
 * takes the pages on no node of the new mask, mbind_range() sets the
 * policy, migrate_pages(new_page, MIGRATE_SYNC, MR_MEMPOLICY_MBIND) moves
 * them where the policy now allocates.  Expect the 4 pages on node 1.
 */
START_TEST(test_mbind_move)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_anon_written(m, t, 4);
	struct test_ev_log *log = proc_migrate_log(m);
	struct vm_area_struct *vma;

	ck_assert_int_eq(do_mbind(m, t, addr, 4 * PAGE_SIZE, MPOL_BIND, MASK(0x2), MPOL_MF_MOVE), 0);
	test_check(m);
	expect_on(m, t, addr, 4, 1);
	vma = vma_lookup(t->mm, addr);
	ck_assert(vma->vm_policy && vma->vm_policy->mode == MPOL_BIND);
	ck_assert_uint_eq(log->n, 1);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages.succeeded, 4);
	ck_assert_int_eq(log->ev[0].mm_migrate_pages.reason, MR_MEMPOLICY_MBIND);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages.mode, MIGRATE_SYNC);
	proc_exit_all(m);
	test_release(m);
	free(log);
}
END_TEST

/*
 * Only pages on no node of the mask are taken (queue_pages_required()
 * with MPOL_MF_INVERT): 4 pages on node 0 and an interleave over {0,1}
 * leave nothing to move or to be strict about.  Linux: do_mbind().
 */
START_TEST(test_mbind_move_skips_pages_on_the_nodes)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_anon_written(m, t, 4);

	ck_assert_int_eq(do_mbind(m, t, addr, 4 * PAGE_SIZE, MPOL_INTERLEAVE, MASK(0x3),
				  MPOL_MF_MOVE | MPOL_MF_STRICT), 0);
	test_check(m);
	expect_on(m, t, addr, 4, 0);
	ck_assert_uint_eq(ev(m, PGMIGRATE_SUCCESS), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * Shared pages: MPOL_MF_MOVE leaves them without a word, even with
 * MPOL_MF_STRICT (6.1.192's migrate_folio_add() returns 0 for a folio it
 * does not queue, so nothing marks it unmovable): 0, page on node 0,
 * policy set.  MPOL_MF_MOVE_ALL moves it.  Linux: migrate_folio_add().
 */
START_TEST(test_mbind_shared_page_move_all)
{
	struct machine *m = boot_pair();
	struct task_struct *parent = proc_spawn(m, 1), *child;
	uint64_t addr = proc_anon_written(m, parent, 1);

	ck_assert_int_eq(task_fork(m, parent, 2, &child), 0);
	ck_assert_int_eq(do_mbind(m, parent, addr, PAGE_SIZE, MPOL_BIND, MASK(0x2),
				  MPOL_MF_MOVE | MPOL_MF_STRICT), 0);
	test_check(m);
	expect_on(m, parent, addr, 1, 0);
	ck_assert_ptr_nonnull(vma_lookup(parent->mm, addr)->vm_policy);
	ck_assert_int_eq(do_mbind(m, parent, addr, PAGE_SIZE, MPOL_BIND, MASK(0x2),
				  MPOL_MF_MOVE_ALL), 0);
	test_check(m);
	expect_on(m, parent, addr, 1, 1);
	ck_assert_ptr_eq(proc_page_at(m, child, addr), proc_page_at(m, parent, addr));
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * MPOL_MF_STRICT alone: the walk stops at the first page on no node of
 * the mask (queue_folios_pte_range() breaks, -EIO) and do_mbind() returns
 * before mbind_range(): no policy, nothing moved.  With the pages on the
 * mask's nodes the call succeeds.  MPOL_DEFAULT drops MPOL_MF_STRICT.
 * Linux: do_mbind(), queue_pages_range().
 */
START_TEST(test_mbind_strict)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_anon_written(m, t, 2);

	ck_assert_int_eq(do_mbind(m, t, addr, 2 * PAGE_SIZE, MPOL_BIND, MASK(0x2), MPOL_MF_STRICT),
			 -EIO);
	ck_assert_ptr_null(vma_lookup(t->mm, addr)->vm_policy);
	expect_on(m, t, addr, 2, 0);
	ck_assert_int_eq(do_mbind(m, t, addr, 2 * PAGE_SIZE, MPOL_BIND, MASK(0x1), MPOL_MF_STRICT),
			 0);
	ck_assert_ptr_nonnull(vma_lookup(t->mm, addr)->vm_policy);
	ck_assert_int_eq(do_mbind(m, t, addr, 2 * PAGE_SIZE, MPOL_DEFAULT, NULL, MPOL_MF_STRICT),
			 0);
	ck_assert_ptr_null(vma_lookup(t->mm, addr)->vm_policy);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * The walk checks holes VMA by VMA as it goes (the hole after a VMA when
 * it comes to that VMA): with MPOL_MF_STRICT a misplaced page in the
 * first of two adjacent VMAs ends it with -EIO before it looks at the
 * second, which a hole follows; without a flag the hole is -EFAULT.
 * Linux: queue_pages_test_walk(), walk_page_range().
 */
START_TEST(test_mbind_strict_before_hole)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, PAGE_SIZE, 0), out;

	/* Read-only: not merged with the first; then a hole, then a third. */
	ck_assert_int_eq(do_mmap(m, t, THP_BASE + PAGE_SIZE, PAGE_SIZE, PROT_READ,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, NULL, 0, &out), 0);
	proc_mmap_anon_at(m, t, THP_BASE + 3 * PAGE_SIZE, PAGE_SIZE, 0);
	ck_assert_uint_eq(t->mm->nr_vmas, 3);
	proc_touch(m, t, addr, PAGE_SIZE, true);
	ck_assert_int_eq(do_mbind(m, t, addr, 4 * PAGE_SIZE, MPOL_BIND, MASK(0x2), MPOL_MF_STRICT),
			 -EIO);
	ck_assert_int_eq(do_mbind(m, t, addr, 4 * PAGE_SIZE, MPOL_BIND, MASK(0x2), 0), -EFAULT);
	ck_assert_ptr_null(vma_lookup(t->mm, addr)->vm_policy);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * MPOL_MF_MOVE | MPOL_MF_STRICT with a pinned page: it is queued, does
 * not migrate (nr_failed 1), is put back: -EIO, with the policy set and
 * the other page moved.  Linux: do_mbind().
 */
START_TEST(test_mbind_strict_move_pinned)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_anon_written(m, t, 2);
	struct page *pinned;

	ck_assert_int_eq(gup_pages(m, t, addr, 1, FOLL_PIN | FOLL_WRITE, &pinned), 1);
	ck_assert_int_eq(do_mbind(m, t, addr, 2 * PAGE_SIZE, MPOL_BIND, MASK(0x2),
				  MPOL_MF_MOVE | MPOL_MF_STRICT), -EIO);
	test_check(m);
	expect_on(m, t, addr, 1, 0);
	expect_on(m, t, addr + PAGE_SIZE, 1, 1);
	ck_assert_ptr_nonnull(vma_lookup(t->mm, addr)->vm_policy);
	/* Without MPOL_MF_STRICT the same failure is no error. */
	ck_assert_int_eq(do_mbind(m, t, addr, 2 * PAGE_SIZE, MPOL_BIND, MASK(0x2), MPOL_MF_MOVE), 0);
	expect_on(m, t, addr, 1, 0);
	gup_release(m, &pinned, 1, FOLL_PIN);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A PMD-mapped THP moves whole to a huge page that new_page() takes as a
 * THP fault would (vma_alloc_folio(GFP_TRANSHUGE, hugepage)).  Once its
 * PMD is split, the walk meets the folio at each of its 512 PTEs: the
 * first isolates it, the other 511 find it isolated already, which
 * MPOL_MF_STRICT counts as unmovable: -EIO, though the folio moved.
 * Linux: queue_folios_pmd(), queue_folios_pte_range(),
 * migrate_folio_add(), new_page().
 */
START_TEST(test_mbind_thp)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, THP_BASE, 2 * HPAGE_PMD_SIZE, 0);
	struct page *head;

	proc_touch(m, t, addr, PAGE_SIZE, true);
	proc_touch(m, t, addr + HPAGE_PMD_SIZE, PAGE_SIZE, true);
	ck_assert_int_eq(do_mbind(m, t, addr, HPAGE_PMD_SIZE, MPOL_BIND, MASK(0x2),
				  MPOL_MF_MOVE | MPOL_MF_STRICT), 0);
	test_check(m);
	head = proc_page_at(m, t, addr);
	ck_assert(PageTransHuge(head));
	ck_assert_int_eq(page_to_nid(head), 1);
	ck_assert_uint_eq(ev(m, THP_MIGRATION_SUCCESS), 1);
	/* The PMD that straddles an unaligned address is split: 512 PTEs. */
	split_huge_pmd_address(m, vma_lookup(t->mm, addr + HPAGE_PMD_SIZE),
			       addr + HPAGE_PMD_SIZE + PAGE_SIZE);
	test_check(m);
	ck_assert_ptr_nonnull(proc_pte_at(m, t, addr + HPAGE_PMD_SIZE));
	ck_assert_int_eq(do_mbind(m, t, addr + HPAGE_PMD_SIZE, HPAGE_PMD_SIZE, MPOL_BIND, MASK(0x2),
				  MPOL_MF_MOVE | MPOL_MF_STRICT), -EIO);
	test_check(m);
	head = compound_head(m, proc_page_at(m, t, addr + HPAGE_PMD_SIZE));
	ck_assert(PageTransHuge(head));
	ck_assert_int_eq(page_to_nid(head), 1);
	ck_assert_uint_eq(ev(m, THP_MIGRATION_SUCCESS), 2);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A hugetlb page moves to the node its VMA's new policy names
 * (alloc_huge_page_vma(): huge_node() + alloc_huge_page_nodemask()).
 * Linux: queue_pages_hugetlb(), new_page().
 */
START_TEST(test_mbind_hugetlb)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr;

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 0, 1), 0);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 1, 1), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, HPAGE_PMD_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, NULL, 0, &addr), 0);
	proc_touch(m, t, addr, PAGE_SIZE, true);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr)), 0);
	ck_assert_int_eq(do_mbind(m, t, addr, HPAGE_PMD_SIZE, MPOL_BIND, MASK(0x2), MPOL_MF_MOVE),
			 0);
	test_check(m);
	ck_assert(PageHuge(m, proc_page_at(m, t, addr)));
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, addr)), 1);
	ck_assert_uint_eq(m->hstate.free_huge_pages_node[0], 1);
	ck_assert_uint_eq(m->hstate.free_huge_pages_node[1], 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

Suite *migrate_syscalls_suite(void);

Suite *migrate_syscalls_suite(void)
{
	Suite *s = suite_create("migrate_syscalls");
	TCase *tc = tcase_create("migrate_pages");

	tcase_add_test(tc, test_migrate_pages_overlapping_sets);
	tcase_add_test(tc, test_migrate_pages_unequal_sets);
	tcase_add_test(tc, test_migrate_pages_keeps_relative_placement);
	tcase_add_test(tc, test_migrate_pages_move_vs_move_all);
	tcase_add_test(tc, test_migrate_pages_returns_pages_not_moved);
	tcase_add_test(tc, test_migrate_pages_errors);
	tcase_add_test(tc, test_migrate_pages_thp_and_hugetlb);
	suite_add_tcase(s, tc);
	tc = tcase_create("mbind");
	tcase_add_test(tc, test_mbind_move);
	tcase_add_test(tc, test_mbind_move_skips_pages_on_the_nodes);
	tcase_add_test(tc, test_mbind_shared_page_move_all);
	tcase_add_test(tc, test_mbind_strict);
	tcase_add_test(tc, test_mbind_strict_before_hole);
	tcase_add_test(tc, test_mbind_strict_move_pinned);
	tcase_add_test(tc, test_mbind_thp);
	tcase_add_test(tc, test_mbind_hugetlb);
	suite_add_tcase(s, tc);
	return s;
}
