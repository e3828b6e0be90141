/*
 * tests/check_move_pages.c - move_pages(2) (mm/move_pages.c) against
 * 6.1.192's do_pages_move(): the runs per target node, every status
 * add_page_for_migration() and its FOLL_DUMP lookup give, the return
 * value when a run does not migrate whole (and the statuses it leaves
 * alone), the call's own errors, THP and hugetlb pages, the query form.
 *
 * Machines of 16 MiB nodes with a CPU each; tasks run on CPU 0 (node 0).
 * The checkers run after every call.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "mm/cpuset.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/migrate.h"
#include "mm/numa_balancing.h"
#include "mm/rmap.h"
#include "mm/vmstat_counters.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define K_MOVE		TEST_K_BASE ", \"reserved\": \"0\", \"pcp\": false, \"min_free_kbytes\": 0," \
			" \"transparent_hugepage\": \"always\""
#define NODE_16M	"{\"mem\": \"16M\", \"cpus\": 1}"
#define THP_BASE	((uint64_t)0x200000000)
#define UNSET		12345	/* a status the call did not write keeps this */
#define MAX_ENTRIES	8

static struct machine *boot_pair(void)
{
	return test_boot_node_pair("16M", "16M", K_MOVE);
}

/* Nodes 0 and 1 of 16 MiB, node 2 with a CPU and no memory. */
static struct machine *boot_with_memoryless(void)
{
	return test_boot_machine("\"nodes\": [" NODE_16M ", " NODE_16M ", {\"mem\": \"0\", \"cpus\": 1}]",
				 K_MOVE);
}

/* One call: the statuses start UNSET; the checkers after. */
struct call {
	unsigned long nr;
	uint64_t pages[MAX_ENTRIES];
	int nodes[MAX_ENTRIES];
	int status[MAX_ENTRIES];
};

static int move(struct machine *m, struct task_struct *t, struct call *c, bool query, int flags)
{
	int ret;

	for (unsigned long i = 0; i < MAX_ENTRIES; i++)
		c->status[i] = UNSET;
	ret = kernel_move_pages(m, t, c->nr, c->pages, query ? NULL : c->nodes, c->status, flags);
	test_check(m);
	return ret;
}

/* Every entry to node nid. */
static void all_to(struct call *c, int nid)
{
	for (unsigned long i = 0; i < c->nr; i++)
		c->nodes[i] = nid;
}

/* Anonymous pages of t written on node 0; the call's entries are their addresses. */
static uint64_t local_pages(struct machine *m, struct task_struct *t, struct call *c,
			    unsigned long nr_pages)
{
	uint64_t addr = proc_mmap_anon(m, t, nr_pages * PAGE_SIZE);

	proc_touch(m, t, addr, nr_pages * PAGE_SIZE, true);
	c->nr = nr_pages;
	for (unsigned long i = 0; i < nr_pages; i++)
		c->pages[i] = addr + i * PAGE_SIZE;
	return addr;
}

/*
 * Four pages to node 1: one run, one migrate_pages() (MIGRATE_SYNC,
 * MR_SYSCALL) of 4, every status the node.  Linux: do_pages_move(),
 * move_pages_and_store_status().
 */
START_TEST(test_move_pages_one_run)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	struct call c;
	uint64_t addr = local_pages(m, t, &c, 4);
	struct test_ev_log *log = proc_migrate_log(m);

	all_to(&c, 1);
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), 0);
	for (unsigned long i = 0; i < 4; i++) {
		ck_assert_int_eq(c.status[i], 1);
		ck_assert_int_eq(proc_nid_at(m, t, addr + i * PAGE_SIZE), 1);
	}
	ck_assert_uint_eq(log->n, 1);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages.succeeded, 4);
	ck_assert_int_eq(log->ev[0].mm_migrate_pages.reason, MR_SYSCALL);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages.mode, MIGRATE_SYNC);
	proc_exit_all(m);
	test_release(m);
	free(log);
}
END_TEST

/*
 * Consecutive entries for one node make a run; a new node flushes it:
 * [1, 1, 2, 2, 1] gives three migrate_pages() calls of 2, 2 and 1.  A
 * page already on its target is not queued: its status (the node) is
 * stored at once and the run before it is flushed, so [1, 1(there), 1]
 * gives two calls of 1.  Linux: do_pages_move().
 */
START_TEST(test_move_pages_runs)
{
	struct machine *m = proc_boot_16m_nodes(3, K_MOVE);
	struct task_struct *t = proc_spawn(m, 1);
	struct call c;
	uint64_t addr = local_pages(m, t, &c, 5);
	struct test_ev_log *log = proc_migrate_log(m);
	static const int want[5] = { 1, 1, 2, 2, 1 };

	for (int i = 0; i < 5; i++)
		c.nodes[i] = want[i];
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), 0);
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(c.status[i], want[i]);
		ck_assert_int_eq(proc_nid_at(m, t, addr + (uint64_t)i * PAGE_SIZE), want[i]);
	}
	ck_assert_uint_eq(log->n, 3);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages.succeeded, 2);
	ck_assert_uint_eq(log->ev[1].mm_migrate_pages.succeeded, 2);
	ck_assert_uint_eq(log->ev[2].mm_migrate_pages.succeeded, 1);
	/* Pages 2 and 3 back to node 0 around page 0, which is on node 1. */
	c.nr = 3;
	c.pages[0] = addr + 2 * PAGE_SIZE;
	c.pages[1] = addr;
	c.pages[2] = addr + 3 * PAGE_SIZE;
	all_to(&c, 1);
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), 0);
	ck_assert_int_eq(c.status[0], 1);
	ck_assert_int_eq(c.status[1], 1);
	ck_assert_int_eq(c.status[2], 1);
	ck_assert_uint_eq(log->n, 5);
	ck_assert_uint_eq(log->ev[3].mm_migrate_pages.succeeded, 1);
	ck_assert_uint_eq(log->ev[4].mm_migrate_pages.succeeded, 1);
	proc_exit_all(m);
	test_release(m);
	free(log);
}
END_TEST

/*
 * What the FOLL_DUMP lookup gives, in the move and in the query form:
 * no VMA, an untouched anonymous page and the zero page are -EFAULT
 * (no_page_table() in an anonymous mapping; vm_normal_page() has no page
 * for the zero page); an uncached page of a file, of shared anonymous
 * memory or of a hugetlb mapping is -ENOENT (their VMAs fault); so is a
 * page under PROT_NONE (follow_page_pte() does not follow protnone
 * entries).  Linux: add_page_for_migration(), do_pages_stat_array(),
 * follow_page().
 */
START_TEST(test_move_pages_lookup_statuses)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t anon = proc_mmap_anon(m, t, 3 * PAGE_SIZE), file, shmem, huge, none;
	struct call c = { .nr = 7 };
	static const int want[7] = { -EFAULT, -EFAULT, -EFAULT, -ENOENT, -ENOENT, -ENOENT,
				     -ENOENT };

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 0, 1), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, file_lookup(m, "f"),
				 0, &file), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, NULL, 0, &shmem), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, HPAGE_PMD_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, NULL, 0, &huge), 0);
	ck_assert_int_eq(do_mmap(m, t, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0, &none), 0);
	ck_assert_int_eq(do_munmap(m, t, none, PAGE_SIZE), 0);
	proc_touch(m, t, anon + PAGE_SIZE, PAGE_SIZE, false);	/* the zero page */
	proc_touch(m, t, anon + 2 * PAGE_SIZE, PAGE_SIZE, true);
	ck_assert_int_eq(do_mprotect(m, t, anon + 2 * PAGE_SIZE, PAGE_SIZE, PROT_NONE), 0);
	c.pages[0] = none;
	c.pages[1] = anon;
	c.pages[2] = anon + PAGE_SIZE;
	c.pages[3] = file;
	c.pages[4] = shmem;
	c.pages[5] = huge + PAGE_SIZE;
	c.pages[6] = anon + 2 * PAGE_SIZE;
	all_to(&c, 1);
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), 0);
	for (int i = 0; i < 7; i++)
		ck_assert_msg(c.status[i] == want[i], "move entry %d: %d, not %d", i, c.status[i],
			      want[i]);
	ck_assert_int_eq(move(m, t, &c, true, 0), 0);
	for (int i = 0; i < 7; i++)
		ck_assert_msg(c.status[i] == want[i], "query entry %d: %d, not %d", i, c.status[i],
			      want[i]);
	ck_assert_uint_eq(m->vm_events[PGMIGRATE_SUCCESS], 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A page behind a NUMA balancing hinting entry (change_prot_numa() with
 * normal balancing on: the PTE made PROT_NONE; the pages are on node 1,
 * away from the task's node 0, so the scan does not skip them) is
 * -ENOENT in both forms and does not move: 6.1's follow_page_pte() does
 * not follow a protnone entry without FOLL_FORCE
 * (gup_can_follow_protnone()).  Its neighbour moves.
 */
START_TEST(test_move_pages_numa_hinting_entry)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_pages_on(m, t, 1, 2);
	struct call c = { .nr = 2, .pages = { addr, addr + PAGE_SIZE } };

	ck_assert_int_eq(numa_balancing_set_mode(m, NUMA_BALANCING_NORMAL), 0);
	ck_assert_int_eq(change_prot_numa(m, vma_lookup(t->mm, addr), addr, addr + PAGE_SIZE), 1);
	test_check(m);
	all_to(&c, 0);
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), 0);
	ck_assert_int_eq(c.status[0], -ENOENT);
	ck_assert_int_eq(c.status[1], 0);
	ck_assert_int_eq(move(m, t, &c, true, 0), 0);
	ck_assert_int_eq(c.status[0], -ENOENT);
	ck_assert_int_eq(c.status[1], 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * The query form stores each page's node: a page on node 0, one moved to
 * node 1, a THP's subpage (its folio's node).  Linux: do_pages_stat().
 */
START_TEST(test_move_pages_query)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	struct call c;
	uint64_t addr = local_pages(m, t, &c, 2);
	uint64_t thp = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);

	proc_touch(m, t, thp, PAGE_SIZE, true);
	c.nr = 1;
	c.pages[0] = addr + PAGE_SIZE;
	c.nodes[0] = 1;
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), 0);
	c.nr = 3;
	c.pages[0] = addr;
	c.pages[1] = addr + PAGE_SIZE;
	c.pages[2] = thp + 5 * PAGE_SIZE;
	ck_assert_int_eq(move(m, t, &c, true, 0), 0);
	ck_assert_int_eq(c.status[0], 0);
	ck_assert_int_eq(c.status[1], 1);
	ck_assert_int_eq(c.status[2], 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A page mapped twice (shared after fork) is -EACCES without
 * MPOL_MF_MOVE_ALL and moves with it (page_mapcount() > 1).  A hugetlb
 * page's subpage other than its head is -EACCES even with MOVE_ALL
 * (add_page_for_migration() isolates only the head and leaves the error
 * it set before), while the head moves.  Linux: add_page_for_migration().
 */
START_TEST(test_move_pages_eacces)
{
	struct machine *m = boot_pair();
	struct task_struct *parent = proc_spawn(m, 1), *child;
	struct call c;
	uint64_t addr = local_pages(m, parent, &c, 1), huge;

	ck_assert_int_eq(task_fork(m, parent, 2, &child), 0);
	all_to(&c, 1);
	ck_assert_int_eq(move(m, parent, &c, false, MPOL_MF_MOVE), 0);
	ck_assert_int_eq(c.status[0], -EACCES);
	ck_assert_int_eq(proc_nid_at(m, parent, addr), 0);
	ck_assert_int_eq(move(m, parent, &c, false, MPOL_MF_MOVE_ALL), 0);
	ck_assert_int_eq(c.status[0], 1);
	ck_assert_int_eq(proc_nid_at(m, child, addr), 1);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 0, 1), 0);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 1, 1), 0);
	ck_assert_int_eq(do_mmap(m, parent, 0, HPAGE_PMD_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, NULL, 0, &huge), 0);
	proc_touch(m, parent, huge, PAGE_SIZE, true);
	c.pages[0] = huge + PAGE_SIZE;
	ck_assert_int_eq(move(m, parent, &c, false, MPOL_MF_MOVE_ALL), 0);
	ck_assert_int_eq(c.status[0], -EACCES);
	ck_assert_int_eq(proc_nid_at(m, parent, huge), 0);
	c.pages[0] = huge;
	ck_assert_int_eq(move(m, parent, &c, false, MPOL_MF_MOVE), 0);
	ck_assert_int_eq(c.status[0], 1);
	ck_assert(PageHuge(m, proc_page_at(m, parent, huge)));
	ck_assert_int_eq(proc_nid_at(m, parent, huge), 1);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A THP's second subpage in the same run finds its folio isolated
 * already (isolate_lru_page() of the head fails): -EBUSY, and the run
 * is flushed, moving the THP whole; the third subpage then finds it on
 * node 1 (status 1, no migration).  Linux: add_page_for_migration().
 */
START_TEST(test_move_pages_thp_ebusy)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t thp = proc_mmap_anon_at(m, t, THP_BASE, HPAGE_PMD_SIZE, 0);
	struct call c = { .nr = 3 };
	struct test_ev_log *log;

	proc_touch(m, t, thp, PAGE_SIZE, true);
	for (int i = 0; i < 3; i++)
		c.pages[i] = thp + (uint64_t)i * PAGE_SIZE;
	all_to(&c, 1);
	log = proc_migrate_log(m);
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), 0);
	ck_assert_int_eq(c.status[0], 1);
	ck_assert_int_eq(c.status[1], -EBUSY);
	ck_assert_int_eq(c.status[2], 1);
	ck_assert(PageTransHuge(proc_page_at(m, t, thp)));
	ck_assert_int_eq(proc_nid_at(m, t, thp), 1);
	ck_assert_uint_eq(log->n, 1);
	ck_assert_uint_eq(log->ev[0].mm_migrate_pages.thp_succeeded, 1);
	proc_exit_all(m);
	test_release(m);
	free(log);
}
END_TEST

/*
 * A run that does not migrate whole ends the call: it returns the folios
 * not moved plus the entries after the run, less the entry whose status
 * flushed it, and stores no status for the run (the moved pages' too)
 * nor for what follows.  [p0, p1 pinned, no VMA, p3]: the -EFAULT of
 * entry 2 flushes {p0, p1}, p1 fails: 1 + (4 - 2) - 1 = 2.
 * Linux: move_pages_and_store_status(), do_pages_move().
 */
START_TEST(test_move_pages_run_fails)
{
	struct machine *m = boot_pair();
	struct task_struct *t = proc_spawn(m, 1);
	struct call c;
	uint64_t addr = local_pages(m, t, &c, 4);
	struct page *pinned;

	ck_assert_int_eq(do_munmap(m, t, addr + 2 * PAGE_SIZE, PAGE_SIZE), 0);
	ck_assert_int_eq(gup_pages(m, t, addr + PAGE_SIZE, 1, FOLL_PIN | FOLL_WRITE, &pinned), 1);
	all_to(&c, 1);
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), 2);
	ck_assert_int_eq(c.status[0], UNSET);
	ck_assert_int_eq(c.status[1], UNSET);
	ck_assert_int_eq(c.status[2], -EFAULT);
	ck_assert_int_eq(c.status[3], UNSET);
	ck_assert_int_eq(proc_nid_at(m, t, addr), 1);
	ck_assert_int_eq(proc_nid_at(m, t, addr + PAGE_SIZE), 0);
	ck_assert_int_eq(proc_nid_at(m, t, addr + 3 * PAGE_SIZE), 0);
	/* The pinned page last: 1 failed + 0 after it. */
	c.nr = 2;
	c.pages[0] = addr + 3 * PAGE_SIZE;
	c.pages[1] = addr + PAGE_SIZE;
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), 1);
	ck_assert_int_eq(c.status[0], UNSET);
	ck_assert_int_eq(proc_nid_at(m, t, addr + 3 * PAGE_SIZE), 1);
	gup_release(m, &pinned, 1, FOLL_PIN);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * The call's own errors.  A node without memory (or past MAX_NUMNODES,
 * or negative) is -ENODEV, a node outside the task's cpuset -EACCES;
 * either ends the call after the run before it migrated and stored its
 * statuses.  A target node without a free page: migrate_pages() returns
 * -ENOMEM, and so does the call.  Flags other than the two moves are
 * -EINVAL.  Linux: kernel_move_pages(), do_pages_move().
 */
START_TEST(test_move_pages_errors)
{
	struct machine *m = boot_with_memoryless();
	struct task_struct *t = proc_spawn(m, 1);
	struct call c;
	uint64_t addr = local_pages(m, t, &c, 2);

	c.nodes[0] = 1;
	c.nodes[1] = 2;
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), -ENODEV);
	ck_assert_int_eq(c.status[0], 1);
	ck_assert_int_eq(c.status[1], UNSET);
	ck_assert_int_eq(proc_nid_at(m, t, addr), 1);
	c.nodes[1] = MAX_NUMNODES;
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), -ENODEV);
	c.nodes[1] = -1;
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), -ENODEV);
	ck_assert_int_eq(move(m, t, &c, false, 1 << 3), -EINVAL);
	ck_assert_int_eq(cpuset_move_task(m, t, &(nodemask_t){ 1 }, false), 0);
	c.nodes[0] = 0;
	c.nodes[1] = 1;
	/* Page 0 (on node 1 now) to node 0, then node 1 is outside {0}: page 0 moved first. */
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), -EACCES);
	ck_assert_int_eq(c.status[0], 0);
	ck_assert_int_eq(c.status[1], UNSET);
	ck_assert_int_eq(proc_nid_at(m, t, addr), 0);
	ck_assert_int_eq(cpuset_move_task(m, t, &(nodemask_t){ 3 }, false), 0);
	test_take_all(m, 1);
	c.nr = 1;
	c.pages[0] = addr + PAGE_SIZE;
	c.nodes[0] = 1;
	ck_assert_int_eq(move(m, t, &c, false, MPOL_MF_MOVE), -ENOMEM);
	ck_assert_int_eq(c.status[0], UNSET);
	ck_assert_int_eq(proc_nid_at(m, t, addr + PAGE_SIZE), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

Suite *move_pages_suite(void);

Suite *move_pages_suite(void)
{
	Suite *s = suite_create("move_pages");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_move_pages_one_run);
	tcase_add_test(tc, test_move_pages_runs);
	tcase_add_test(tc, test_move_pages_lookup_statuses);
	tcase_add_test(tc, test_move_pages_query);
	tcase_add_test(tc, test_move_pages_numa_hinting_entry);
	tcase_add_test(tc, test_move_pages_eacces);
	tcase_add_test(tc, test_move_pages_thp_ebusy);
	tcase_add_test(tc, test_move_pages_run_fails);
	tcase_add_test(tc, test_move_pages_errors);
	suite_add_tcase(s, tc);
	return s;
}
