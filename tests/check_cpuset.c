/*
 * tests/check_cpuset.c - cpusets (mm/cpuset.c) and what they do to a
 * task's memory in 6.1: the allocator's cpuset check (the fast path's
 * mems_allowed mask, ALLOC_CPUSET and __GFP_HARDWALL in the slow path),
 * hugetlb pages from the allowed nodes, policies rebound on a move
 * (mpol_rebind_task(), mpol_rebind_mm()), memory_migrate moving the pages
 * with their relative placement (cpuset_migrate_mm() ->
 * do_migrate_pages()), fork, and the refusals.
 *
 * Machines of 16 MiB nodes with a CPU each; tasks run on CPU 0 (node 0).
 * The checkers run after every step.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "mm/cpuset.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/migrate.h"
#include "mm/vmstat_counters.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define K_CPUSET	TEST_K_BASE ", \"reserved\": \"0\", \"pcp\": false, \"min_free_kbytes\": 0," \
			" \"transparent_hugepage\": \"never\""
#define NODE_16M	"{\"mem\": \"16M\", \"cpus\": 1}"
#define MASK(bits)	(&(nodemask_t){ (bits) })

static struct machine *boot_pair(void)
{
	return test_boot_node_pair("16M", "16M", K_CPUSET);
}

/*
 * Nothing changes while no cpuset but the top one exists
 * (cpusets_enabled() is false); a task moved into cpuset {1} then takes
 * its user pages and its page tables from node 1 though it runs on node
 * 0: prepare_alloc_pages() gives an allocation without a mask of its own
 * the task's mems_allowed as its mask.  The task's mems_allowed is the
 * cpuset's.  Linux: cpuset_attach(), prepare_alloc_pages().
 */
START_TEST(test_cpuset_restricts_allocations)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t before = proc_mmap_anon(m, t, PAGE_SIZE), addr;
	pmd_t *pmd;

	ck_assert(!cpusets_enabled(m));
	ck_assert_uint_eq(t->mems_allowed.bits, 0x3);
	proc_touch(m, t, before, PAGE_SIZE, true);
	ck_assert_int_eq(proc_nid_at(m, t, before), 0);
	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0x2), false), 0);
	test_check(m);
	ck_assert(cpusets_enabled(m));
	ck_assert_uint_eq(t->mems_allowed.bits, 0x2);
	ck_assert_int_eq(proc_nid_at(m, t, before), 0);	/* no memory_migrate: it stays */
	/* A fresh 1 GiB-aligned range needs new page tables. */
	ck_assert_int_eq(do_mmap(m, t, (uint64_t)1 << 36, PAGE_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, NULL, 0, &addr), 0);
	proc_touch(m, t, addr, PAGE_SIZE, true);
	test_check(m);
	ck_assert_int_eq(proc_nid_at(m, t, addr), 1);
	follow_pte(m, t->mm, addr, &pmd);
	ck_assert_int_eq(page_to_nid(pfn_to_page(m, pmd_pfn(*pmd))), 1);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * With the cpuset's node full: a user page (GFP_HIGHUSER_MOVABLE,
 * __GFP_HARDWALL) may not go elsewhere, the fault fails (fault_oom); a
 * kernel allocation for the task (GFP_KERNEL, no __GFP_HARDWALL) fails
 * its fast path but its slow path may use the nodes of the nearest
 * hardwall ancestor, the top cpuset: node 0.  GFP_USER is hardwall: no
 * page.  Linux: __cpuset_node_allowed(), get_page_from_freelist()'s
 * ALLOC_CPUSET check, gfp_to_alloc_flags().
 */
START_TEST(test_cpuset_hardwall)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, 2 * PAGE_SIZE);
	struct page *page;

	proc_touch(m, t, addr, PAGE_SIZE, true);	/* the page tables, on node 0 */
	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0x2), false), 0);
	test_take_all(m, 1);
	ck_assert_uint_eq(user_access(m, t, addr + PAGE_SIZE, true), VM_FAULT_OOM);
	ck_assert_uint_eq(m->proc_stats.fault_oom, 1);
	set_current(m, t);
	page = alloc_pages_node(m, NUMA_NO_NODE, GFP_KERNEL, 0);
	ck_assert_ptr_nonnull(page);
	ck_assert_int_eq(page_to_nid(page), 0);
	__free_pages(m, page, 0);
	ck_assert_ptr_null(alloc_pages_node(m, NUMA_NO_NODE, GFP_USER, 0));
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * Once cpusets exist, the fast path runs as a __GFP_HARDWALL request and
 * the trace shows the gfp it used; a slow-path allocation shows the
 * caller's gfp.  Linux: __alloc_pages() (alloc_gfp), prepare_alloc_pages().
 */
START_TEST(test_cpuset_traced_gfp)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	struct test_ev_log *log = calloc(1, sizeof(*log));
	struct page *page;

	ck_assert_ptr_nonnull(log);
	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0x2), false), 0);
	test_ev_attach(m, log, MM_EV_BIT(MM_EV_mm_page_alloc));
	set_current(m, t);
	page = alloc_pages_node(m, NUMA_NO_NODE, GFP_KERNEL, 0);
	ck_assert_uint_eq(log->n, 1);
	ck_assert_uint_eq(log->ev[0].mm_page_alloc.gfp_flags, GFP_KERNEL | __GFP_HARDWALL);
	__free_pages(m, page, 0);
	test_take_all(m, 1);
	log->n = 0;
	page = alloc_pages_node(m, NUMA_NO_NODE, GFP_KERNEL, 0);
	ck_assert_int_eq(page_to_nid(page), 0);
	ck_assert_uint_eq(log->n, 1);
	ck_assert_uint_eq(log->ev[0].mm_page_alloc.gfp_flags, GFP_KERNEL);
	__free_pages(m, page, 0);
	proc_exit_all(m);
	test_release(m);
	free(log);
}
END_TEST

/*
 * Moving from the top cpuset ({0,1,2}) into {1,2} rebinds every policy:
 * a bind {0,1} made in the top cpuset keeps its positions, 0 -> 1 and
 * 1 -> 2 (nodes_remap() from the nodes it was made in); an interleave
 * {2} becomes {1} (position 2 mod 2); a static bind {0,2} keeps what is
 * left of its nodes, {2}; a relative bind {0} is the first node of the
 * new set, {1}; a preferred {0} keeps its node (mpol_rebind_preferred()
 * only remembers the new set).  Linux: cpuset_change_task_nodemask(),
 * mpol_rebind_task(), mpol_rebind_mm(), mpol_rebind_nodemask().
 */
START_TEST(test_cpuset_rebinds_policies)
{
	struct machine *m = proc_boot_16m_nodes(3, K_CPUSET);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t a = proc_mmap_anon(m, t, PAGE_SIZE), b = proc_mmap_anon(m, t, PAGE_SIZE);
	uint64_t c = proc_mmap_anon(m, t, PAGE_SIZE), d = proc_mmap_anon(m, t, PAGE_SIZE);

	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_BIND, MASK(0x3)), 0);
	ck_assert_int_eq(do_mbind(m, t, a, PAGE_SIZE, MPOL_INTERLEAVE, MASK(0x4), 0), 0);
	ck_assert_int_eq(do_mbind(m, t, b, PAGE_SIZE, MPOL_BIND | MPOL_F_STATIC_NODES, MASK(0x5), 0),
			 0);
	ck_assert_int_eq(do_mbind(m, t, c, PAGE_SIZE, MPOL_BIND | MPOL_F_RELATIVE_NODES,
				  MASK(0x1), 0), 0);
	ck_assert_int_eq(do_mbind(m, t, d, PAGE_SIZE, MPOL_PREFERRED, MASK(0x1), 0), 0);
	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0x6), false), 0);
	test_check(m);
	ck_assert_uint_eq(t->mempolicy->nodes.bits, 0x6);
	ck_assert_uint_eq(vma_lookup(t->mm, a)->vm_policy->nodes.bits, 0x2);
	ck_assert_uint_eq(vma_lookup(t->mm, b)->vm_policy->nodes.bits, 0x4);
	ck_assert_uint_eq(vma_lookup(t->mm, c)->vm_policy->nodes.bits, 0x2);
	ck_assert_uint_eq(vma_lookup(t->mm, d)->vm_policy->nodes.bits, 0x1);
	/* A new policy is limited to the cpuset: {0} alone is EINVAL. */
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_BIND, MASK(0x1)), -EINVAL);
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_BIND, MASK(0x3)), 0);
	ck_assert_uint_eq(t->mempolicy->nodes.bits, 0x2);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * memory_migrate: the task's pages follow.  Out of the top cpuset they
 * come from its old_mems_allowed, every node of the machine: {0,1} ->
 * {1} moves node 0's pages to node 1 (MPOL_MF_MOVE_ALL: the page shared
 * with the child too, MR_SYSCALL).  Back into {0}: from {1}, the nodes
 * the task took on.  Without memory_migrate nothing moves; a move into
 * the cpuset the task is in does nothing.  Linux: cpuset_attach(),
 * cpuset_migrate_mm(), cpuset_migrate_mm_workfn().
 */
START_TEST(test_cpuset_memory_migrate)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1), *child;
	uint64_t addr = proc_mmap_anon(m, t, 3 * PAGE_SIZE);
	struct test_ev_log *log = calloc(1, sizeof(*log));

	ck_assert_ptr_nonnull(log);
	proc_touch(m, t, addr, 3 * PAGE_SIZE, true);
	ck_assert_int_eq(task_fork(m, t, 2, &child), 0);
	test_ev_attach(m, log, MM_EV_BIT(MM_EV_mm_migrate_pages));
	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0x2), true), 0);
	test_check(m);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(proc_nid_at(m, t, addr + (uint64_t)i * PAGE_SIZE), 1);
	ck_assert_int_eq(proc_nid_at(m, child, addr), 1);
	ck_assert_uint_eq(log->n, 1);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages.succeeded, 3);
	ck_assert_int_eq(log->ev[0].mm_migrate_pages.reason, MR_SYSCALL);
	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0x2), true), 0);
	ck_assert_uint_eq(log->n, 1);
	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0x1), true), 0);
	test_check(m);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(proc_nid_at(m, t, addr + (uint64_t)i * PAGE_SIZE), 0);
	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0x2), false), 0);
	test_check(m);
	ck_assert_int_eq(proc_nid_at(m, t, addr), 0);
	ck_assert_uint_eq(log->n, 2);
	proc_exit_all(m);
	test_release(m);
	free(log);
}
END_TEST

/*
 * Relative placement kept: pages on nodes 0 and 1, the task moved from
 * the top cpuset into {2,3}: from {0,1,2,3} (weight 4) to {2,3}
 * (weight 2), 2 and 3 are skipped as sources, 0 -> 2 and 1 -> 3.
 * Linux: do_migrate_pages(), node_remap().
 */
START_TEST(test_cpuset_memory_migrate_relative)
{
	struct machine *m = proc_boot_16m_nodes(4, K_CPUSET);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t a0 = proc_pages_on(m, t, 0, 2), a1 = proc_pages_on(m, t, 1, 2);

	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0xc), true), 0);
	test_check(m);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(proc_nid_at(m, t, a0 + (uint64_t)i * PAGE_SIZE), 2);
		ck_assert_int_eq(proc_nid_at(m, t, a1 + (uint64_t)i * PAGE_SIZE), 3);
	}
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A child stays in its parent's cpuset (cpuset_fork()) and allocates
 * there; a spawned task is in the top cpuset.  Hugetlb faults take pool
 * pages of the allowed nodes only (dequeue_huge_page_nodemask() checks
 * cpuset_zone_allowed()), and a reservation counts only their free pages
 * (allowed_mems_nr()).
 */
START_TEST(test_cpuset_fork_and_hugetlb)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1), *child, *other;
	uint64_t addr, huge;

	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0x2), false), 0);
	ck_assert_int_eq(task_fork(m, t, 2, &child), 0);
	other = proc_spawn(m, 3);
	ck_assert_ptr_eq(child->cpuset, t->cpuset);
	ck_assert_uint_eq(child->mems_allowed.bits, 0x2);
	ck_assert_ptr_eq(other->cpuset, &m->procs.top_cpuset);
	addr = proc_mmap_anon(m, child, PAGE_SIZE);
	proc_touch(m, child, addr, PAGE_SIZE, true);
	ck_assert_int_eq(proc_nid_at(m, child, addr), 1);
	/* The pool grows for a writer of nr_hugepages in the top cpuset. */
	set_current(m, NULL);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 0, 1), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, HPAGE_PMD_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, NULL, 0, &huge), -ENOMEM);
	set_current(m, NULL);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 1, 1), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, HPAGE_PMD_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, NULL, 0, &huge), 0);
	proc_touch(m, t, huge, PAGE_SIZE, true);
	ck_assert_int_eq(proc_nid_at(m, t, huge), 1);
	ck_assert_uint_eq(m->hstate.free_huge_pages_node[0], 1);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * Refusals: cpuset.mems with a node without memory is -EINVAL
 * (update_nodemask(): not within the top cpuset's mems); a cpuset with
 * no mems takes no task, -ENOSPC (cpuset_can_attach_check(), v1).  The
 * task stays where it was.
 */
START_TEST(test_cpuset_errors)
{
	struct machine *m = test_boot_machine("\"nodes\": [" NODE_16M ", " NODE_16M ","
					      " {\"mem\": \"0\", \"cpus\": 1}]", K_CPUSET);
	struct task_struct *t = proc_spawn(m, 1);

	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0x4), false), -EINVAL);
	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0x5), false), -EINVAL);
	ck_assert_int_eq(cpuset_move_task(m, t, MASK(0), false), -ENOSPC);
	ck_assert_ptr_eq(t->cpuset, &m->procs.top_cpuset);
	ck_assert_uint_eq(t->mems_allowed.bits, 0x3);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

Suite *cpuset_suite(void);

Suite *cpuset_suite(void)
{
	Suite *s = suite_create("cpuset");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_cpuset_restricts_allocations);
	tcase_add_test(tc, test_cpuset_hardwall);
	tcase_add_test(tc, test_cpuset_traced_gfp);
	tcase_add_test(tc, test_cpuset_rebinds_policies);
	tcase_add_test(tc, test_cpuset_memory_migrate);
	tcase_add_test(tc, test_cpuset_memory_migrate_relative);
	tcase_add_test(tc, test_cpuset_fork_and_hugetlb);
	tcase_add_test(tc, test_cpuset_errors);
	suite_add_tcase(s, tc);
	return s;
}
