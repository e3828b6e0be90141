/*
 * tests/check_numa_balancing.c - automatic NUMA balancing against the
 * rules of Linux 6.1: the scanner on the scheduler tick (what it marks
 * PROT_NONE, what it skips, how far it goes, when it runs), the scan
 * period, hinting faults on PTEs and huge PMDs, the placement decision of
 * mpol_misplaced()/should_numa_migrate_memory() with its last_cpupid
 * filter, kernel.numa_balancing and its tunables, and bad input.
 *
 * Machines: two (or three) 32M nodes with one CPU each (CPU n on node
 * n, distance 20), nothing reserved, the scan delay 0 unless a test says
 * otherwise, so a task's first tick (4 ms, HZ 250) scans.  The clock runs
 * through mm_run_daemons(), as the engine runs it; the checkers run after
 * every step.  A task's pages are made remote by faulting them on CPU 0
 * and moving the task to CPU 1 (sched_set_cpu()).  Until page migration
 * exists nothing moves: the decision to move is read from
 * m->proc_stats.numa_misplaced[node], the calls of migrate_misplaced_page().
 *
 * Expected values come from the kernel's rules (each test names the
 * function), never from numasim's own output.
 *
 * Linux counterpart: kernel/sched/fair.c (task_tick_numa, task_numa_work,
 * task_scan_*, task_numa_fault, task_numa_placement,
 * update_task_scan_period, update_scan_period, should_numa_migrate_memory,
 * init_numa_balancing), mm/mprotect.c (change_pte_range, change_pmd_range
 * with MM_CP_PROT_NUMA), mm/huge_memory.c (change_huge_pmd,
 * do_huge_pmd_numa_page), mm/memory.c (do_numa_page, numa_migrate_prep),
 * mm/mempolicy.c (change_prot_numa, mpol_misplaced).
 */
#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/migrate_cost.h"
#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/numa_balancing.h"
#include "mm/rmap.h"
#include "mm/sched_tick.h"
#include "mm/sysctl.h"
#include "mm/vmscan.h"
#include "sim/engine.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define BASE		0x10000000ull	/* 2 MiB aligned */
#define MB		(1ull << 20)
#define PAGES(bytes)	((bytes) >> PAGE_SHIFT)

/* Nothing reserved, watermarks at zero. */
#define K_NUMAB		TEST_K_BASE ", \"reserved\": \"0\", \"min_free_kbytes\": 0"

/* Two 32M nodes; thp the THP mode, the scan delay, extra kernel keys (", ..." or ""). */
static struct machine *numab_boot_delay(const char *thp, unsigned int delay_ms, const char *extra)
{
	char keys[512];

	snprintf(keys, sizeof(keys), K_NUMAB ", \"transparent_hugepage\": \"%s\","
		 " \"numa_balancing_scan_delay_ms\": %u%s", thp, delay_ms, extra);
	return test_boot_node_pair("32M", "32M", keys);
}

/* ... with the scan delay 0: a task's first tick scans. */
static struct machine *numab_boot(const char *thp, const char *extra)
{
	return numab_boot_delay(thp, 0, extra);
}

/* Three 32M nodes, CPU n on node n, every remote distance 20. */
static struct machine *numab_boot3(void)
{
	return test_boot_machine("\"nodes\": [{\"mem\": \"32M\", \"cpus\": 1},"
				 " {\"mem\": \"32M\", \"cpus\": 1}, {\"mem\": \"32M\", \"cpus\": 1}],"
				 " \"distance\": [[10, 20, 20], [20, 10, 20], [20, 20, 10]]",
				 K_NUMAB ", \"transparent_hugepage\": \"never\","
				 " \"numa_balancing_scan_delay_ms\": 0");
}

static unsigned long ev(const struct machine *m, enum vm_event_item item)
{
	return m->vm_events[item];
}

/* Move the clock on by ns, running what is due on the way (the engine's step). */
static void run_for(struct machine *m, uint64_t ns)
{
	mm_run_daemons(m, m->clock_ns + ns);
	test_check(m);
}

/*
 * Tick by tick until t's address space is scanned once: task_numa_work()
 * sets mm->numa_next_scan when it scans (with the scan delay 0 also the
 * first time).  At most a simulated minute.
 */
static void scan_once(struct machine *m, struct task_struct *t)
{
	uint64_t before = t->mm->numa_next_scan;

	for (int i = 0; i < 60 * HZ && t->mm->numa_next_scan == before; i++)
		mm_run_daemons(m, m->clock_ns + TICK_NSEC);
	ck_assert_msg(t->mm->numa_next_scan != before, "pid %d was not scanned", t->pid);
	test_check(m);
}

/* PROT_NONE entries over [addr, addr + len) of t, a huge PMD counting its pages. */
static unsigned long nr_protnone(struct machine *m, struct task_struct *t, uint64_t addr,
				 uint64_t len)
{
	unsigned long nr = 0;

	for (uint64_t a = addr; a < addr + len; a += PAGE_SIZE) {
		pmd_t *pmd;
		pte_t *pte = follow_pte(m, t->mm, a, &pmd);

		if (pmd && pmd_trans_huge(*pmd))
			nr += pmd_protnone(*pmd);
		else if (pte)
			nr += pte_protnone(*pte);
	}
	return nr;
}

static pmd_t *pmd_at(struct machine *m, struct task_struct *t, uint64_t addr)
{
	pmd_t *pmd = mm_find_pmd(m, t->mm, addr, false);

	ck_assert_ptr_nonnull(pmd);
	return pmd;
}

/* An anonymous mapping at addr, shared or private, written page by page. */
static void map_written(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
			unsigned long share)
{
	uint64_t out = 0;

	ck_assert_int_eq(do_mmap(m, t, addr, len, PROT_READ | PROT_WRITE,
				 share | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, NULL, 0, &out), 0);
	proc_touch(m, t, addr, len, true);
	test_check(m);
}

/* A shared mapping of the file name at addr, read page by page: clean pages on t's node. */
static void map_file_read(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
			  const char *name)
{
	uint64_t out = 0;

	ck_assert_int_eq(do_mmap(m, t, addr, len, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_FIXED_NOREPLACE, file_lookup(m, name), 0, &out), 0);
	proc_touch(m, t, addr, len, false);
	test_check(m);
}

/* A task on CPU 0 whose len bytes of private memory at BASE sit on node 0, moved to CPU 1. */
static struct task_struct *remote_task(struct machine *m, int pid, uint64_t len)
{
	struct task_struct *t = proc_spawn_on(m, pid, 0);

	map_written(m, t, BASE, len, MAP_PRIVATE);
	sched_set_cpu(m, t, 1);
	return t;
}

/* A hinting fault of t on each page of [addr, addr + len), marked first unless its scan did. */
static void hint_faults(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len)
{
	unsigned long before = ev(m, NUMA_HINT_FAULTS);

	set_current(m, t);
	change_prot_numa(m, vma_lookup(t->mm, addr), addr, addr + len);
	proc_touch(m, t, addr, len, false);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS), before + PAGES(len));
	test_check(m);
}

/*
 * Three tasks sharing len bytes of a file at BASE: A (pid 1, CPU 0) reads
 * them (cached on node 0), forks B (pid 2) and C (pid 3), which run on
 * CPUs 1 and 2 and map the pages by read faults of their own (fork()
 * copies no page table of a shared file mapping).
 */
static void three_sharers(struct machine *m, uint64_t len, struct task_struct **a,
			  struct task_struct **b, struct task_struct **c)
{
	*a = proc_spawn_on(m, 1, 0);
	map_file_read(m, *a, BASE, len, "data");
	ck_assert_int_eq(task_fork(m, *a, 2, b), 0);
	ck_assert_int_eq(task_fork(m, *a, 3, c), 0);
	sched_set_cpu(m, *b, 1);
	sched_set_cpu(m, *c, 2);
	proc_touch(m, *b, BASE, len, false);
	proc_touch(m, *c, BASE, len, false);
	test_check(m);
}

/* ==================== the scan ==================== */

/* A remote task's private pages become PROT_NONE, their write bit kept. */
START_TEST(test_scan_marks_remote_ptes)
{
	/*
	 * Linux: task_numa_work() -> change_prot_numa() ->
	 * change_pte_range(MM_CP_PROT_NUMA): each present PTE of a page on
	 * another node than the task's becomes pte_modify(PAGE_NONE), with
	 * pte_mk_savedwrite() (pte_mkwrite on x86) when it was writable, and
	 * counts in numa_pte_updates.  The window (256 MB) covers the 4 MiB
	 * VMA, so the walk passes the last VMA: reset_ptenuma_scan() starts
	 * pass 1 at offset 0.
	 */
	struct machine *m = numab_boot("never", "");
	struct task_struct *t = remote_task(m, 1, 4 * MB);

	scan_once(m, t);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), PAGES(4 * MB));
	ck_assert_uint_eq(ev(m, NUMA_HUGE_PTE_UPDATES), 0);
	ck_assert_uint_eq(nr_protnone(m, t, BASE, 4 * MB), PAGES(4 * MB));
	for (uint64_t a = BASE; a < BASE + 4 * MB; a += PAGE_SIZE) {
		pte_t pte = *proc_pte_at(m, t, a);

		ck_assert(pte_write(pte) && !(pte.pte & _PAGE_PRESENT) && !(pte.pte & _PAGE_USER));
	}
	ck_assert_int_eq(t->mm->numa_scan_seq, 1);
	ck_assert_uint_eq(t->mm->numa_scan_offset, 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A single-threaded task's local private pages stay; a shared VMA's do not. */
START_TEST(test_scan_skips_local_private_pages)
{
	/*
	 * Linux: change_pte_range(): target_node = numa_node_id() for a VMA
	 * without VM_SHARED of an mm with one user, and a page already on
	 * target_node is skipped; a VM_SHARED VMA (a file's, its pages clean)
	 * has no target node.  Shared anonymous memory is not scanned at
	 * all: vma_policy_mof() asks the shmem object's shared policy
	 * (shmem_get_policy()), and it has none.
	 */
	struct machine *m = numab_boot("never", "");
	struct task_struct *t = proc_spawn_on(m, 1, 0);

	map_written(m, t, BASE, MB, MAP_PRIVATE);
	map_file_read(m, t, BASE + 2 * MB, MB, "data");
	map_written(m, t, BASE + 4 * MB, MB, MAP_SHARED);
	scan_once(m, t);
	ck_assert_uint_eq(nr_protnone(m, t, BASE, MB), 0);
	ck_assert_uint_eq(nr_protnone(m, t, BASE + 2 * MB, MB), PAGES(MB));
	ck_assert_uint_eq(nr_protnone(m, t, BASE + 4 * MB, MB), 0);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), PAGES(MB));
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* The VMAs task_numa_work() passes by: nothing of them is marked or counted. */
START_TEST(test_scan_skips_vmas)
{
	/*
	 * Linux: task_numa_work() skips a VMA whose policy does not want
	 * migrate-on-fault (!vma_policy_mof(): an mbind() policy), a hugetlb
	 * VMA, a read-only file mapping (shared libraries) and an
	 * inaccessible one (!vma_is_accessible()).  Only the plain private
	 * VMA at BASE gets marked.
	 */
	struct machine *m = numab_boot("never", "");
	struct task_struct *t = proc_spawn_on(m, 1, 0);
	struct address_space *lib = file_lookup(m, "lib.so");
	const nodemask_t node0 = { 1 };
	uint64_t out = 0;

	map_written(m, t, BASE, MB, MAP_PRIVATE);
	map_written(m, t, BASE + 2 * MB, MB, MAP_PRIVATE);
	ck_assert_int_eq(do_mbind(m, t, BASE + 2 * MB, MB, MPOL_BIND, &node0, 0), 0);
	map_written(m, t, BASE + 4 * MB, MB, MAP_PRIVATE);
	ck_assert_int_eq(do_mprotect(m, t, BASE + 4 * MB, MB, PROT_NONE), 0);
	ck_assert_int_eq(do_mmap(m, t, BASE + 6 * MB, MB, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE,
				 lib, 0, &out), 0);
	proc_touch(m, t, BASE + 6 * MB, MB, false);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 0, 1), 0);
	ck_assert_int_eq(do_mmap(m, t, BASE + 8 * MB, 2 * MB, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_FIXED_NOREPLACE,
				 NULL, 0, &out), 0);
	proc_touch(m, t, BASE + 8 * MB, PAGE_SIZE, true);
	sched_set_cpu(m, t, 1);
	scan_once(m, t);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), PAGES(MB));
	ck_assert_uint_eq(ev(m, NUMA_HUGE_PTE_UPDATES), 0);
	ck_assert_uint_eq(nr_protnone(m, t, BASE, MB), PAGES(MB));
	ck_assert_uint_eq(nr_protnone(m, t, BASE + 2 * MB, MB), 0);
	/* mprotect(PROT_NONE) made these PROT_NONE; the scan did not count them. */
	ck_assert_uint_eq(nr_protnone(m, t, BASE + 4 * MB, MB), PAGES(MB));
	ck_assert_uint_eq(nr_protnone(m, t, BASE + 6 * MB, MB), 0);
	ck_assert_uint_eq(nr_protnone(m, t, BASE + 8 * MB, 2 * MB), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A task with a policy of its own is not scanned at all. */
START_TEST(test_scan_skips_task_policy)
{
	/*
	 * Linux: vma_policy_mof() falls back to get_task_policy(): a policy
	 * set by set_mempolicy() has no MPOL_F_MOF (only
	 * MPOL_F_NUMA_BALANCING gives it), so every VMA is skipped; the scan
	 * still runs and ends its pass.
	 */
	struct machine *m = numab_boot("never", "");
	struct task_struct *t = proc_spawn_on(m, 1, 0);
	const nodemask_t both = { 3 };

	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_INTERLEAVE, &both), 0);
	map_written(m, t, BASE, MB, MAP_PRIVATE);
	sched_set_cpu(m, t, 1);
	scan_once(m, t);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 0);
	ck_assert_uint_eq(nr_protnone(m, t, BASE, MB), 0);
	ck_assert_int_eq(t->mm->numa_scan_seq, 1);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* The pages change_pte_range() leaves alone inside a scanned VMA. */
START_TEST(test_scan_skips_pages)
{
	/*
	 * Linux: change_pte_range(MM_CP_PROT_NUMA) skips the zero page
	 * (vm_normal_page() is NULL), a page of a CoW mapping referenced more
	 * than once (page_count() != 1: shared with the child), a dirty file
	 * page (page_is_file_lru() && PageDirty()), and an entry PROT_NONE
	 * already (a second scan counts nothing).  Anonymous pages 0-1 are
	 * read (zero page), 2-3 written and shared with a child by fork; the
	 * parent then writes page 3 (its own copy).  The shared file mapping:
	 * page 0 read (clean), page 1 written (dirty).  Marked: anonymous page
	 * 3 and file page 0.
	 */
	struct machine *m = numab_boot("never", "");
	struct task_struct *t = proc_spawn_on(m, 1, 0), *child = NULL;
	struct address_space *f = file_lookup(m, "data");
	uint64_t out = 0;

	ck_assert_int_eq(do_mmap(m, t, BASE, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, NULL, 0, &out), 0);
	proc_touch(m, t, BASE, 2 * PAGE_SIZE, false);
	proc_touch(m, t, BASE + 2 * PAGE_SIZE, 2 * PAGE_SIZE, true);
	ck_assert_int_eq(do_mmap(m, t, BASE + 2 * MB, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_FIXED_NOREPLACE, f, 0, &out), 0);
	proc_touch(m, t, BASE + 2 * MB, PAGE_SIZE, false);
	proc_touch(m, t, BASE + 2 * MB + PAGE_SIZE, PAGE_SIZE, true);
	ck_assert_int_eq(task_fork(m, t, 2, &child), 0);
	proc_touch(m, t, BASE + 3 * PAGE_SIZE, PAGE_SIZE, true);
	sched_set_cpu(m, t, 1);
	scan_once(m, t);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 2);
	ck_assert(!pte_protnone(*proc_pte_at(m, t, BASE)));
	ck_assert(!pte_protnone(*proc_pte_at(m, t, BASE + PAGE_SIZE)));
	ck_assert(!pte_protnone(*proc_pte_at(m, t, BASE + 2 * PAGE_SIZE)));
	ck_assert(pte_protnone(*proc_pte_at(m, t, BASE + 3 * PAGE_SIZE)));
	ck_assert(pte_protnone(*proc_pte_at(m, t, BASE + 2 * MB)));
	ck_assert(!pte_protnone(*proc_pte_at(m, t, BASE + 2 * MB + PAGE_SIZE)));
	/* The child is not scanned: it never ran (no event named it). */
	ck_assert_uint_eq(nr_protnone(m, child, BASE, 4 * PAGE_SIZE), 0);
	scan_once(m, t);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 2);
	ck_assert_int_eq(t->mm->numa_scan_seq, 2);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A THP is marked whole, wherever it is; the huge zero page is not. */
START_TEST(test_scan_marks_huge_pmds)
{
	/*
	 * Linux: change_pmd_range(): a huge PMD the window covers whole goes
	 * to change_huge_pmd(MM_CP_PROT_NUMA), which skips neither a local nor
	 * a shared THP (only the huge zero page and a PMD PROT_NONE already,
	 * returning 1: handled, not counted); a changed one counts
	 * HPAGE_PMD_NR in numa_pte_updates and 1 in numa_huge_pte_updates.
	 * Two THPs on the task's own node, and the huge zero page.
	 */
	struct machine *m = numab_boot("always", "");
	struct task_struct *t = proc_spawn_on(m, 1, 0);

	proc_mmap_anon_at(m, t, BASE, 6 * MB, 0);
	proc_touch(m, t, BASE, 4 * MB, true);
	proc_touch(m, t, BASE + 4 * MB, PAGE_SIZE, false);
	ck_assert_uint_eq(ev(m, THP_FAULT_ALLOC), 2);
	ck_assert(is_huge_zero_pmd(m, *pmd_at(m, t, BASE + 4 * MB)));
	scan_once(m, t);
	ck_assert_uint_eq(ev(m, NUMA_HUGE_PTE_UPDATES), 2);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 2 * HPAGE_PMD_NR);
	ck_assert(pmd_protnone(*pmd_at(m, t, BASE)) && pmd_write(*pmd_at(m, t, BASE)));
	ck_assert(pmd_protnone(*pmd_at(m, t, BASE + 2 * MB)));
	ck_assert(!pmd_protnone(*pmd_at(m, t, BASE + 4 * MB)));
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Each scan goes on from where the last stopped, scan_size_mb at a time. */
START_TEST(test_scan_advances_by_scan_size)
{
	/*
	 * Linux: task_numa_work() with numa_balancing_scan_size_mb 1: pages
	 * = 256, virtpages = 2048; a window ends at ALIGN(start + 1 MiB,
	 * HPAGE_SIZE), 2 MiB (512 pages) here, and a window that changed
	 * something takes its length off pages, so one window ends the scan
	 * and numa_scan_offset keeps its end.  The 4 MiB VMA takes two scans;
	 * the third finds no VMA at the offset (a new pass, reset_ptenuma_scan())
	 * and walks the VMA again, all PROT_NONE already: nothing changed,
	 * 1024 of the 2048 virtpages used, the end of the VMAs reached: another
	 * pass.
	 */
	struct machine *m = numab_boot("never", ", \"numa_balancing_scan_size_mb\": 1");
	struct task_struct *t = remote_task(m, 1, 4 * MB);

	scan_once(m, t);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 512);
	ck_assert_uint_eq(nr_protnone(m, t, BASE, 2 * MB), 512);
	ck_assert_uint_eq(t->mm->numa_scan_offset, BASE + 2 * MB);
	ck_assert_int_eq(t->mm->numa_scan_seq, 0);
	scan_once(m, t);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 1024);
	ck_assert_uint_eq(t->mm->numa_scan_offset, BASE + 4 * MB);
	ck_assert_int_eq(t->mm->numa_scan_seq, 0);
	scan_once(m, t);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 1024);
	ck_assert_uint_eq(t->mm->numa_scan_offset, 0);
	ck_assert_int_eq(t->mm->numa_scan_seq, 2);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Through empty address space a scan walks eight windows' worth at most. */
START_TEST(test_scan_walks_at_most_eight_times_scan_size)
{
	/*
	 * Linux: task_numa_work(): virtpages = 8 * pages; every window walked
	 * takes its length off virtpages, whether or not it changed
	 * anything.  scan_size_mb 1: 2048 virtpages, four empty 2 MiB
	 * windows.  A 16 MiB VMA with only its last page present: the first
	 * scan stops after 8 MiB with nothing marked, the second marks the
	 * page in its fourth window.
	 */
	struct machine *m = numab_boot("never", ", \"numa_balancing_scan_size_mb\": 1");
	struct task_struct *t = proc_spawn_on(m, 1, 0);

	proc_mmap_anon_at(m, t, BASE, 16 * MB, 0);
	proc_touch(m, t, BASE + 16 * MB - PAGE_SIZE, PAGE_SIZE, true);
	sched_set_cpu(m, t, 1);
	scan_once(m, t);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 0);
	ck_assert_uint_eq(t->mm->numa_scan_offset, BASE + 8 * MB);
	scan_once(m, t);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 1);
	ck_assert_uint_eq(t->mm->numa_scan_offset, BASE + 16 * MB);
	ck_assert(pte_protnone(*proc_pte_at(m, t, BASE + 16 * MB - PAGE_SIZE)));
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* The scan runs on the task's runtime: a task that does not run is not scanned. */
START_TEST(test_scan_only_while_running)
{
	/*
	 * Linux: task_tick_numa() runs from the tick of the CPU the task is
	 * current on (task_tick_fair()), and compares the task's runtime,
	 * not the wall clock, with node_stamp + numa_scan_period.  Task 1 is
	 * remote and runs on CPU 1 until task 2 is named on CPU 1 at 1 ms,
	 * before the first tick (4 ms): task 1 never gets a tick, so its scan
	 * waits however long the clock runs; named again, it is scanned at
	 * its CPU's next tick.  Its runtime is the 1 ms and the time since.
	 */
	struct machine *m = numab_boot("never", "");
	struct task_struct *t1 = remote_task(m, 1, MB);
	struct task_struct *t2;

	run_for(m, NSEC_PER_MSEC);
	t2 = proc_spawn_on(m, 2, 1);
	run_for(m, 10 * NSEC_PER_SEC);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 0);
	ck_assert_uint_eq(t1->mm->numa_next_scan, 0);
	ck_assert_uint_eq(task_sched_runtime(m, t1), NSEC_PER_MSEC);
	ck_assert_uint_eq(task_sched_runtime(m, t2), 10 * NSEC_PER_SEC);
	set_current(m, t1);
	run_for(m, TICK_NSEC);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), PAGES(MB));
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* ==================== the scan period ==================== */

/* The first tick sets the period from the RSS in scan windows. */
START_TEST(test_period_start_by_rss)
{
	/*
	 * Linux: task_tick_numa(): the first tick that acts (node_stamp 0)
	 * sets numa_scan_period = task_scan_start() = task_scan_min():
	 * max(1000 / (MAX_SCAN_WINDOW / scan_size), scan_period_min /
	 * task_nr_scan_windows()).  scan_size 1 MB: the floor is 1000 / 2560
	 * = 0; RSS 1024 pages in 256-page windows: 4; 1000 / 4 = 250 ms.
	 * task_numa_work() then sets the next scan msecs_to_jiffies(250) = 63
	 * jiffies after the tick (jiffies 1 of the run).
	 */
	struct machine *m = numab_boot("never", ", \"numa_balancing_scan_size_mb\": 1");
	struct task_struct *t = remote_task(m, 1, 4 * MB);

	scan_once(m, t);
	ck_assert_uint_eq(m->clock_ns, TICK_NSEC);
	ck_assert_uint_eq(t->numab.scan_period, 250);
	ck_assert_uint_eq(t->mm->numa_next_scan, INITIAL_JIFFIES + 1 + 63);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Local private faults slow the scan down by tenths of the period. */
START_TEST(test_period_slower_when_local_and_private)
{
	/*
	 * Linux: task_numa_fault() -> task_numa_placement() at the first
	 * fault of each pass, then update_task_scan_period().  One THP on the
	 * task's own node (scan_size 256 MB: one window, task_scan_start() =
	 * max(100, 1000 / 1) = 1000 ms, task_scan_max() = 60000 ms).
	 * Pass 1's first fault finds no statistics yet (they are added after
	 * the placement): local + shared == 0, the period doubles to 2000 ms.
	 * Pass 2's first fault sees pass 1's fault: 512 pages, local and
	 * private (a first fault on the page), so node 0 becomes the
	 * preferred node and ps_ratio = 10 >= 7: diff = (10 - 7) *
	 * DIV_ROUND_UP(2000, 10) = 600, the period 2600 ms.  The faults are
	 * local: mpol_misplaced() keeps the page without asking.
	 */
	struct machine *m = numab_boot("always", "");
	struct task_struct *t = proc_spawn_on(m, 1, 0);

	map_written(m, t, BASE, 2 * MB, MAP_PRIVATE);
	scan_once(m, t);
	ck_assert_uint_eq(t->numab.scan_period, 1000);
	ck_assert_uint_eq(user_access(m, t, BASE, false), 0);
	ck_assert_uint_eq(t->numab.scan_period, 2000);
	ck_assert_int_eq(t->numab.preferred_nid, NUMA_NO_NODE);
	scan_once(m, t);
	ck_assert_int_eq(t->mm->numa_scan_seq, 2);
	ck_assert_uint_eq(user_access(m, t, BASE, false), 0);
	ck_assert_uint_eq(t->numab.scan_period, 2600);
	ck_assert_int_eq(t->numab.preferred_nid, 0);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS), 2);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS_LOCAL), 2);
	ck_assert_uint_eq(m->proc_stats.numa_misplaced[0] + m->proc_stats.numa_misplaced[1], 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A failed migration slows the scan down, and (in 6.1) for good. */
START_TEST(test_period_doubles_after_failed_migration)
{
	/*
	 * Linux: do_numa_page(): a page that should move but does not gets
	 * TNF_MIGRATE_FAIL, and task_numa_fault() adds it to
	 * numa_faults_locality[2]; update_task_scan_period() then doubles the
	 * period (up to numa_scan_period_max) and puts the next scan one
	 * period away.  Only its other branch clears numa_faults_locality[],
	 * so from then on every pass doubles: 1000 -> 2000 (pass 1: nothing
	 * recorded yet) -> 4000 -> 8000 ms.  Node 1 is full, so every remote
	 * fault's migration fails (migrate_balanced_pgdat()).
	 */
	struct machine *m = numab_boot("never", "");
	struct task_struct *t = remote_task(m, 1, MB);

	test_take_all(m, 1);
	scan_once(m, t);
	ck_assert_uint_eq(t->numab.scan_period, 1000);
	for (unsigned int pass = 1, want = 2000; pass <= 3; pass++, want *= 2) {
		ck_assert_uint_eq(user_access(m, t, BASE, false), 0);
		ck_assert_uint_eq(t->numab.scan_period, want);
		ck_assert_uint_eq(t->mm->numa_next_scan, jiffies(m) + msecs_to_jiffies(want));
		ck_assert_uint_eq(t->numab.faults_locality[2], pass);
		scan_once(m, t);
	}
	ck_assert_uint_eq(m->proc_stats.numa_misplaced[1], 3);
	ck_assert_uint_eq(ev(m, NUMA_PAGES_MIGRATED), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Remote shared faults that may not move their page speed the scan up. */
START_TEST(test_period_faster_when_remote_and_shared)
{
	/*
	 * Linux: update_task_scan_period() with lr_ratio and ps_ratio both
	 * below NUMA_PERIOD_THRESHOLD (7): diff = -(7 - max(lr, ps)) *
	 * period_slot.  Four pages of a shared file on node 0; B (node 1)
	 * faults on them before each of C's passes, so C's faults (node 2) are remote,
	 * shared (another pid recorded) and refused by the last_cpupid
	 * filter (a record from node 1): no migration, none failed.  C's pass
	 * 1 doubles its period (1000 -> 2000 ms, nothing recorded yet);
	 * scan_period_min_ms is lowered to 100 so that task_scan_min() lets
	 * pass 2 show the step: 2000 - 7 * 200 = 600 ms.  The shorter period
	 * brings C's ticks closer: runtime 2016 ms (the mark after the pass 2
	 * scan, at 2.012 s) + 600 acts at 2.620 s, then every 600 ms, and the
	 * tick at 4.420 s is the first past the next scan time, 1003 jiffies
	 * (4.012 s).  B's first faults move the four pages to node 1
	 * (nothing recorded: migrate_misplaced_page()), which takes the
	 * clock the cost of four folios with three mappings each, two of
	 * them (A's, C's) on other CPUs than B's (hw/migrate_cost.h): every
	 * time after that is later by it.  B's second faults are local, and
	 * mpol_misplaced() leaves a page on the faulting node alone without
	 * recording anything (the task's preferred_node_policy holds that
	 * node), so C's pass 2 fault at BASE finds its own record and moves
	 * that page to node 2, its three mappings' flushes reaching A's and
	 * B's CPUs: the last time is later by that move too.
	 */
	struct machine *m = numab_boot3();
	struct task_struct *a, *b, *c;
	struct hw_migrate_folio folio = { .src_nid = 0, .dst_nid = 1, .bytes = PAGE_SIZE,
					  .nr_mappings = 3, .nr_ipi_cpus = 2 };
	uint64_t moved_ns;

	three_sharers(m, 4 * PAGE_SIZE, &a, &b, &c);
	moved_ns = 4 * hw_migrate_cost_ns(&m->hw.migrate_cost, &folio);
	hint_faults(m, b, BASE, 4 * PAGE_SIZE);
	ck_assert_uint_eq(ev(m, NUMA_PAGES_MIGRATED), 4);
	scan_once(m, c);
	proc_touch(m, c, BASE, 4 * PAGE_SIZE, false);
	ck_assert_uint_eq(c->numab.scan_period, 2000);
	ck_assert_uint_eq(m->proc_stats.numa_misplaced[2], 0);
	hint_faults(m, b, BASE, 4 * PAGE_SIZE);
	ck_assert_int_eq(mm_sysctl_write(m, "kernel.numa_balancing_scan_period_min_ms", 100), 0);
	scan_once(m, c);
	ck_assert_uint_eq(m->clock_ns, 2012 * NSEC_PER_MSEC + moved_ns);
	ck_assert_uint_eq(user_access(m, c, BASE, false), 0);
	ck_assert_uint_eq(c->numab.scan_period, 600);
	ck_assert_uint_eq(c->numab.faults_locality[2], 0);
	ck_assert_uint_eq(ev(m, NUMA_PAGES_MIGRATED), 5);
	ck_assert_int_eq(page_to_nid(proc_page_at(m, a, BASE)), 2);
	folio.src_nid = 1;
	folio.dst_nid = 2;
	moved_ns += hw_migrate_cost_ns(&m->hw.migrate_cost, &folio);
	scan_once(m, c);
	ck_assert_uint_eq(m->clock_ns, 4420 * NSEC_PER_MSEC + moved_ns);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Moving to another node restarts the period, unless it is towards the preferred node. */
START_TEST(test_period_restarts_on_move)
{
	/*
	 * Linux: update_scan_period(), from migrate_task_rq_fair(): for a
	 * task with fault statistics moving to another node, after a whole
	 * pass (numa_scan_seq != 0), the period stays when the task moves to
	 * its preferred node or away from a node that was not its preferred
	 * one; otherwise numa_scan_period = task_scan_start() (1000 ms).  The
	 * task's pages are on node 0 and node 1 is full, so they cannot move
	 * (migrate_balanced_pgdat() refuses: TNF_MIGRATE_FAIL doubles the
	 * period), and pass 2's placement makes node 0 its preferred node.
	 */
	struct machine *m = numab_boot("never", "");
	struct task_struct *t = remote_task(m, 1, MB);

	test_take_all(m, 1);
	for (int pass = 1; pass <= 2; pass++) {
		scan_once(m, t);
		ck_assert_uint_eq(user_access(m, t, BASE, false), 0);
	}
	ck_assert_int_eq(t->numab.preferred_nid, 0);
	ck_assert_uint_eq(t->numab.scan_period, 4000);
	sched_set_cpu(m, t, 0);		/* to the preferred node: kept */
	ck_assert_uint_eq(t->numab.scan_period, 4000);
	sched_set_cpu(m, t, 1);		/* away from it: restarted */
	ck_assert_uint_eq(t->numab.scan_period, 1000);
	ck_assert_uint_eq(ev(m, NUMA_PAGES_MIGRATED), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* ==================== hinting faults ==================== */

/* Each hinting fault counts, local ones apart; remote ones ask to move the page. */
START_TEST(test_hint_faults_local_and_remote)
{
	/*
	 * Linux: do_numa_page() -> numa_migrate_prep(): numa_hint_faults for
	 * every fault, numa_hint_faults_local when the page is on the
	 * faulting CPU's node; mpol_misplaced() with the default policy
	 * (preferred_node_policy[], MPOL_F_MORON) keeps a local page and
	 * sends a remote one to the CPU's node if should_numa_migrate_memory()
	 * agrees: it does for a task's first faults on pages nobody faulted
	 * on.  Private memory of node 0 (8 pages), a shared file mapping read
	 * on node 0 (4) and one read on node 1 (4, local, marked because
	 * shared VMAs have no target node); the task then runs on node 1.
	 * The 12 remote pages move there (migrate_misplaced_page()), and
	 * their PTEs come back as they were, on the new pages: present,
	 * writable, young (remove_migration_pte() restores what the entry
	 * kept of the hinting PTE).
	 */
	struct machine *m = numab_boot("never", "");
	struct task_struct *t = proc_spawn_on(m, 1, 0);

	map_written(m, t, BASE, 8 * PAGE_SIZE, MAP_PRIVATE);
	map_file_read(m, t, BASE + 2 * MB, 4 * PAGE_SIZE, "f0");
	sched_set_cpu(m, t, 1);
	map_file_read(m, t, BASE + 4 * MB, 4 * PAGE_SIZE, "f1");
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, BASE + 4 * MB)), 1);
	scan_once(m, t);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 16);
	proc_touch(m, t, BASE, 8 * PAGE_SIZE, false);
	proc_touch(m, t, BASE + 2 * MB, 4 * PAGE_SIZE, false);
	proc_touch(m, t, BASE + 4 * MB, 4 * PAGE_SIZE, false);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS), 16);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS_LOCAL), 4);
	ck_assert_uint_eq(m->proc_stats.numa_misplaced[1], 12);
	ck_assert_uint_eq(m->proc_stats.numa_misplaced[0], 0);
	ck_assert_uint_eq(ev(m, NUMA_PAGES_MIGRATED), 12);
	for (uint64_t a = BASE; a < BASE + 8 * PAGE_SIZE; a += PAGE_SIZE) {
		pte_t pte = *proc_pte_at(m, t, a);

		ck_assert(pte_present(pte) && !pte_protnone(pte) && pte_write(pte) && pte_young(pte));
		ck_assert_int_eq(page_to_nid(proc_page_at(m, t, a)), 1);
	}
	ck_assert_int_eq(page_to_nid(proc_page_at(m, t, BASE + 2 * MB)), 1);
	/* An access the restored PTE allows takes no fault at all. */
	ck_assert_uint_eq(user_access(m, t, BASE, true), 0);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS), 16);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A hinting fault on a huge PMD: one fault for the THP, the PMD restored. */
START_TEST(test_hint_fault_on_huge_pmd)
{
	/*
	 * Linux: __handle_mm_fault() sends a PROT_NONE huge PMD of an
	 * accessible VMA to do_huge_pmd_numa_page(): one numa_hint_faults
	 * (and _local: the THP is on the CPU's node) for all 512 pages; the
	 * PMD gets the VMA's protection back, young, writable as it was.
	 * Moved to node 1, the next pass's fault is remote and, the first
	 * fault on the THP that recorded a task (local faults do not ask
	 * should_numa_migrate_memory()), asks to move it to node 1.
	 */
	struct machine *m = numab_boot("always", "");
	struct task_struct *t = proc_spawn_on(m, 1, 0);
	unsigned long faults;
	pmd_t pmd;

	map_written(m, t, BASE, 2 * MB, MAP_PRIVATE);
	scan_once(m, t);
	faults = ev(m, PGFAULT);
	ck_assert_uint_eq(user_access(m, t, BASE + 5 * PAGE_SIZE, true), 0);
	ck_assert_uint_eq(ev(m, PGFAULT), faults + 1);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS), 1);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS_LOCAL), 1);
	pmd = *pmd_at(m, t, BASE);
	ck_assert(pmd_trans_huge(pmd) && (pmd.pmd & _PAGE_PRESENT) && pmd_write(pmd) &&
		  pmd_young(pmd));
	sched_set_cpu(m, t, 1);
	scan_once(m, t);
	ck_assert_uint_eq(user_access(m, t, BASE, false), 0);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS), 2);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS_LOCAL), 1);
	ck_assert_uint_eq(m->proc_stats.numa_misplaced[1], 1);
	ck_assert_uint_eq(ev(m, NUMA_HUGE_PTE_UPDATES), 2);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Populating follows hinting entries as they are; pinning takes the fault. */
START_TEST(test_populate_follows_hinting_entries)
{
	/*
	 * Linux: populate_vma_page_range() walks with FOLL_FORCE, and
	 * gup_can_follow_protnone() lets such a walk take the page behind a
	 * PROT_NONE entry that allows the access: mlock() of marked memory
	 * locks its pages and takes no hinting fault.  pin_user_pages() has
	 * no FOLL_FORCE: follow_page_pte() goes to the fault,
	 * do_numa_page().
	 */
	struct machine *m = numab_boot("never", "");
	struct task_struct *t = remote_task(m, 1, 4 * PAGE_SIZE);
	struct page *pages[1];
	unsigned long faults;

	scan_once(m, t);
	faults = ev(m, PGFAULT);
	ck_assert_int_eq(do_mlock(m, t, BASE, 4 * PAGE_SIZE, 0), 0);
	ck_assert_uint_eq(ev(m, PGFAULT), faults);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS), 0);
	ck_assert_uint_eq(nr_protnone(m, t, BASE, 4 * PAGE_SIZE), 4);
	ck_assert(PageFlag(proc_page_at(m, t, BASE), PG_mlocked));
	ck_assert_int_eq(gup_pages(m, t, BASE, 1, FOLL_PIN, pages), 1);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS), 1);
	ck_assert(!pte_protnone(*proc_pte_at(m, t, BASE)));
	gup_release(m, pages, 1, FOLL_PIN);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* A hinting fault that leaves a write refused is followed by the write fault. */
START_TEST(test_hint_fault_then_write_fault)
{
	/*
	 * Linux: after fork() the parent's THP PMD is write-protected; the
	 * scan marks it all the same (change_huge_pmd() skips no shared
	 * THP).  The parent's write faults twice: do_huge_pmd_numa_page()
	 * restores a read-only PMD, the retried write faults again, and
	 * do_huge_pmd_wp_page() splits the shared PMD (thp_split_pmd) for
	 * do_wp_page() to copy one page.  Two pgfaults, one hinting fault.
	 */
	struct machine *m = numab_boot("always", "");
	struct task_struct *t = proc_spawn_on(m, 1, 0);
	unsigned long faults, min_flt;

	map_written(m, t, BASE, 2 * MB, MAP_PRIVATE);
	ck_assert_int_eq(task_fork(m, t, 2, NULL), 0);
	scan_once(m, t);
	ck_assert(pmd_protnone(*pmd_at(m, t, BASE)) && !pmd_write(*pmd_at(m, t, BASE)));
	faults = ev(m, PGFAULT);
	min_flt = t->min_flt;
	ck_assert_uint_eq(user_access(m, t, BASE, true), 0);
	ck_assert_uint_eq(ev(m, PGFAULT), faults + 2);
	ck_assert_uint_eq(t->min_flt, min_flt + 2);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS), 1);
	ck_assert_uint_eq(ev(m, THP_SPLIT_PMD), 1);
	ck_assert(pte_write(*proc_pte_at(m, t, BASE)));
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* ==================== the placement decision ==================== */

/* Mark the one PTE at addr of t PROT_NONE, as t's scan would. */
static void mark_page(struct machine *m, struct task_struct *t, uint64_t addr)
{
	set_current(m, t);
	ck_assert_int_eq(change_prot_numa(m, vma_lookup(t->mm, addr), addr, addr + PAGE_SIZE), 1);
}

/* Does a hinting fault of t at addr ask to move the page to t's node? */
static bool fault_asks_move(struct machine *m, struct task_struct *t, uint64_t addr)
{
	int nid = cpu_to_node(m, t->cpu);
	unsigned long before = m->proc_stats.numa_misplaced[nid];

	mark_page(m, t, addr);
	ck_assert_uint_eq(user_access(m, t, addr, false), 0);
	test_check(m);
	return m->proc_stats.numa_misplaced[nid] == before + 1;
}

/* The last_cpupid filter: a page moves after two faults in a row from one node. */
START_TEST(test_two_stage_filter)
{
	/*
	 * Linux: mpol_misplaced() -> should_numa_migrate_memory(): the fault
	 * records its CPU and pid in the page (page_cpupid_xchg_last()) and
	 * looks at the previous record.  A task young in NUMA terms (no
	 * preferred node, or four passes at most) moves a page nobody or it
	 * itself faulted on last; otherwise a record from another node than
	 * the destination refuses the move.  One page of a shared file
	 * mapping, cached on node 0, of three tasks: B on node 1, C on node 2.  B's first fault moves it
	 * (nothing recorded); C's is refused (B's record, node 1); C's second
	 * moves it (its own record); B's next is refused (C's), its second
	 * moves it.  Each move is real (migrate_misplaced_page()), and the
	 * record travels with the data (folio_migrate_flags()).
	 */
	struct machine *m = numab_boot3();
	struct task_struct *a, *b, *c;
	struct page *page;

	three_sharers(m, PAGE_SIZE, &a, &b, &c);
	page = proc_page_at(m, a, BASE);
	ck_assert_int_eq(page_to_nid(page), 0);
	ck_assert_int_eq(page_cpupid_last(m, page), -1 & LAST_CPUPID_MASK);
	ck_assert(fault_asks_move(m, b, BASE));
	page = proc_page_at(m, a, BASE);
	ck_assert_int_eq(page_to_nid(page), 1);
	ck_assert_int_eq(page_cpupid_last(m, page), cpu_pid_to_cpupid(1, 2));
	ck_assert(!fault_asks_move(m, c, BASE));
	ck_assert_int_eq(page_cpupid_last(m, page), cpu_pid_to_cpupid(2, 3));
	ck_assert(fault_asks_move(m, c, BASE));
	ck_assert_int_eq(page_to_nid(proc_page_at(m, a, BASE)), 2);
	ck_assert(!fault_asks_move(m, b, BASE));
	ck_assert(fault_asks_move(m, b, BASE));
	ck_assert_int_eq(page_to_nid(proc_page_at(m, a, BASE)), 1);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS), 5);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS_LOCAL), 0);
	ck_assert_uint_eq(ev(m, NUMA_PAGES_MIGRATED), 3);
	ck_assert_uint_eq(ev(m, PGMIGRATE_SUCCESS), 3);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* For a task past its early passes, the node of the last record decides alone. */
START_TEST(test_filter_of_settled_task)
{
	/*
	 * Linux: should_numa_migrate_memory() for a task with a preferred
	 * node after more than four passes: no early move; a record from
	 * another node than the destination refuses; a record from the
	 * destination node, the task's own or another task's (a shared
	 * fault: without a numa group there is nothing to weigh), or none at
	 * all, moves.  Each call leaves its own record.
	 */
	struct machine *m = numab_boot3();
	struct task_struct *p = proc_spawn_on(m, 7, 1);
	struct page *page;

	map_written(m, p, BASE, PAGE_SIZE, MAP_PRIVATE);
	page = proc_page_at(m, p, BASE);
	p->numab.preferred_nid = 1;
	p->numab.scan_seq = 5;
	set_current(m, p);
	ck_assert(should_numa_migrate_memory(m, p, page, 0, 1));	/* none recorded */
	page_cpupid_xchg_last(m, page, cpu_pid_to_cpupid(2, 9));
	ck_assert(!should_numa_migrate_memory(m, p, page, 0, 1));	/* pid 9, node 2 */
	ck_assert(should_numa_migrate_memory(m, p, page, 0, 1));	/* its own, node 1 */
	page_cpupid_xchg_last(m, page, cpu_pid_to_cpupid(1, 9));
	ck_assert(should_numa_migrate_memory(m, p, page, 0, 1));	/* pid 9, node 1 */
	page_cpupid_xchg_last(m, page, cpu_pid_to_cpupid(2, 7));
	ck_assert(!should_numa_migrate_memory(m, p, page, 0, 1));	/* its own, node 2 */
	p->numab.scan_seq = 4;						/* still early */
	ck_assert(should_numa_migrate_memory(m, p, page, 0, 1));	/* its own record */
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* last_cpupid: reset for a new user page and on write reuse, kept by a THP split. */
START_TEST(test_last_cpupid_lifecycle)
{
	/*
	 * Linux: page_cpupid_reset_last() when a frame is freed (numasim: when
	 * it is allocated for a user mapping, the only pages whose record is
	 * read); wp_page_reuse() forgets the record (another task's history);
	 * __split_huge_page_tail() gives every subpage the head's.
	 */
	struct machine *m = numab_boot("always", "");
	struct task_struct *t = proc_spawn_on(m, 1, 0);
	const int unset = -1 & LAST_CPUPID_MASK, rec = cpu_pid_to_cpupid(1, 5);
	struct page *page, *head;
	pfn_t pfn;

	proc_mmap_anon_at(m, t, BASE + 4 * MB, PAGE_SIZE, 0);
	proc_touch(m, t, BASE + 4 * MB, PAGE_SIZE, true);
	page = proc_page_at(m, t, BASE + 4 * MB);
	pfn = page_to_pfn(m, page);
	page_cpupid_xchg_last(m, page, rec);
	ck_assert_int_eq(do_madvise(m, t, BASE + 4 * MB, PAGE_SIZE, MADV_DONTNEED), 0);
	proc_touch(m, t, BASE + 4 * MB, PAGE_SIZE, true);
	ck_assert_uint_eq(page_to_pfn(m, proc_page_at(m, t, BASE + 4 * MB)), pfn);
	ck_assert_int_eq(page_cpupid_last(m, page), unset);

	page_cpupid_xchg_last(m, page, rec);
	ck_assert_int_eq(task_fork(m, t, 2, NULL), 0);
	task_exit(m, find_task_by_pid(m, 2));
	proc_touch(m, t, BASE + 4 * MB, PAGE_SIZE, true);	/* do_wp_page() reuses it */
	ck_assert_uint_eq(page_to_pfn(m, proc_page_at(m, t, BASE + 4 * MB)), pfn);
	ck_assert_int_eq(page_cpupid_last(m, page), unset);

	map_written(m, t, BASE, 2 * MB, MAP_PRIVATE);
	head = proc_page_at(m, t, BASE);
	page_cpupid_xchg_last(m, head, rec);
	ck_assert_int_eq(do_munmap(m, t, BASE + MB, MB), 0);
	ck_assert_uint_eq(drop_slab(m), 1);
	for (unsigned int i = 0; i < HPAGE_PMD_NR / 2; i++)	/* the half still mapped */
		ck_assert_int_eq(page_cpupid_last(m, head + i), rec);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* ==================== kernel.numa_balancing and its tunables ==================== */

/* On by default with more than one node; the tunables' 6.1 defaults. */
START_TEST(test_defaults)
{
	/*
	 * Linux: check_numabalancing_enable() with
	 * CONFIG_NUMA_BALANCING_DEFAULT_ENABLED (the reference kernel's
	 * build): on when more than one node is online; kernel/sched/fair.c:
	 * scan delay 1000 ms, period 1000..60000 ms, 256 MB.  A config key
	 * wins.
	 */
	struct machine *one = test_boot_node("32M", 1, TEST_K_PLAIN);
	struct machine *two = test_boot_node_pair("32M", "32M", TEST_K_PLAIN);
	struct machine *set = test_boot_node_pair("32M", "32M", TEST_K_PLAIN
						  ", \"numa_balancing\": 3");

	ck_assert_int_eq(one->numab.mode, NUMA_BALANCING_DISABLED);
	ck_assert_int_eq(two->numab.mode, NUMA_BALANCING_NORMAL);
	ck_assert_int_eq(set->numab.mode, NUMA_BALANCING_NORMAL | NUMA_BALANCING_MEMORY_TIERING);
	ck_assert_uint_eq(two->numab.scan_delay_ms, 1000);
	ck_assert_uint_eq(two->numab.scan_period_min_ms, 1000);
	ck_assert_uint_eq(two->numab.scan_period_max_ms, 60000);
	ck_assert_uint_eq(two->numab.scan_size_mb, 256);
	test_release(one);
	test_release(two);
	test_release(set);
}
END_TEST

/* Off, the tick does nothing; on again, the scan comes back. */
START_TEST(test_sysctl_on_off)
{
	/*
	 * Linux: with sched_numa_balancing off, task_tick_fair() does not
	 * call task_tick_numa(): no scan however long the task runs.
	 * sysctl_numa_balancing() turns it on: the next tick scans.  Hinting
	 * entries left from before still fault when it is off (do_numa_page()
	 * does not look at the switch) but task_numa_fault() records nothing.
	 * Mode 2 (memory tiering alone) scans, but marks only pages of slower
	 * tiers, and every node here is top tier.
	 */
	struct machine *m = numab_boot("never", ", \"numa_balancing\": 0");
	struct task_struct *t = remote_task(m, 1, MB);

	run_for(m, 5 * NSEC_PER_SEC);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 0);
	ck_assert_uint_eq(t->mm->numa_next_scan, 0);
	ck_assert_int_eq(mm_sysctl_write(m, "kernel.numa_balancing", 1), 0);
	run_for(m, TICK_NSEC);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), PAGES(MB));
	ck_assert_int_eq(mm_sysctl_write(m, "kernel.numa_balancing", 0), 0);
	ck_assert_uint_eq(user_access(m, t, BASE, false), 0);
	ck_assert_uint_eq(ev(m, NUMA_HINT_FAULTS), 1);
	ck_assert_ptr_null(t->numab.faults);
	ck_assert_int_eq(mm_sysctl_write(m, "kernel.numa_balancing", 2), 0);
	scan_once(m, t);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), PAGES(MB));
	ck_assert(!pte_protnone(*proc_pte_at(m, t, BASE)));
	ck_assert_int_eq(mm_sysctl_write(m, "kernel.numa_balancing", 5), -EINVAL);
	ck_assert_int_eq(m->numab.mode, 2);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* The scan delay: a new program waits it out; a fork restarts its parent's. */
START_TEST(test_scan_delay_and_fork)
{
	/*
	 * Linux: a new exec's mm has numa_next_scan 0: the first
	 * task_numa_work() (at the first tick past numa_scan_period = the
	 * delay, 500 ms) only sets it delay ahead; task_numa_work() then
	 * scans at the tick past another task_scan_start() (1000 ms).
	 * init_numa_balancing(), run by fork while the child still shares the
	 * parent's mm, sets that mm's next scan delay ahead and its pass to
	 * 0; dup_mm() copies the mm, scan fields and all.  The child starts
	 * with node_stamp 0, the delay as its period and no preferred node.
	 */
	struct machine *m = numab_boot_delay("never", 500, "");
	struct task_struct *t = remote_task(m, 1, MB), *child = NULL;

	run_for(m, 504 * NSEC_PER_MSEC);
	ck_assert_uint_eq(t->mm->numa_next_scan, INITIAL_JIFFIES + 126 + 125);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 0);
	run_for(m, 1000 * NSEC_PER_MSEC);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), PAGES(MB));
	ck_assert_int_eq(t->mm->numa_scan_seq, 1);
	ck_assert_int_eq(task_fork(m, t, 2, &child), 0);
	ck_assert_uint_eq(t->mm->numa_next_scan, jiffies(m) + 125);
	ck_assert_int_eq(t->mm->numa_scan_seq, 0);
	ck_assert_uint_eq(child->mm->numa_next_scan, t->mm->numa_next_scan);
	ck_assert_uint_eq(child->mm->numa_scan_offset, t->mm->numa_scan_offset);
	ck_assert_uint_eq(child->numab.node_stamp, 0);
	ck_assert_uint_eq(child->numab.scan_period, 500);
	ck_assert_int_eq(child->numab.preferred_nid, NUMA_NO_NODE);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* ==================== change_protection() beside the scan ==================== */

/* mprotect() of a THP counts numa_huge_pte_updates, as 6.1 does. */
START_TEST(test_mprotect_counts_huge_updates)
{
	/*
	 * Linux: change_pmd_range() counts NUMA_HUGE_PTE_UPDATES for every
	 * huge PMD change_huge_pmd() changed, whoever asked: an mprotect()
	 * over a whole THP counts one even with NUMA balancing off.
	 * numa_pte_updates is change_prot_numa()'s alone.
	 */
	struct machine *m = numab_boot("always", ", \"numa_balancing\": 0");
	struct task_struct *t = proc_spawn_on(m, 1, 0);

	map_written(m, t, BASE, 2 * MB + 4 * PAGE_SIZE, MAP_PRIVATE);
	ck_assert_int_eq(do_mprotect(m, t, BASE, 2 * MB + 4 * PAGE_SIZE, PROT_READ), 0);
	ck_assert_uint_eq(ev(m, NUMA_HUGE_PTE_UPDATES), 1);
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 0);
	ck_assert(!pmd_write(*pmd_at(m, t, BASE)));
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* The scan makes a writable migration entry readable, and counts it. */
START_TEST(test_scan_makes_migration_entries_readable)
{
	/*
	 * Linux: change_pte_range()'s swap-entry arm runs for a NUMA scan as
	 * for mprotect(): a writable migration entry becomes a readable one,
	 * read-exclusive for an anonymous page, soft-dirty and the saved
	 * young/dirty bits kept, and counts as an update.  The entry is
	 * planted as try_to_migrate_one() leaves it and restored after.
	 */
	struct machine *m = numab_boot("never", "");
	struct task_struct *t = remote_task(m, 1, 2 * PAGE_SIZE);
	pte_t *pte = proc_pte_at(m, t, BASE);
	struct page *page = proc_page_at(m, t, BASE);
	pte_t saved = *pte, entry;

	*pte = make_migration_pte(saved, true);
	page_remove_rmap(m, page, false);
	scan_once(m, t);
	entry = *pte;
	ck_assert(is_migration_pte(entry));
	ck_assert_uint_eq(pte_swp_type(entry), SWP_MIGRATION_READ_EXCLUSIVE);
	ck_assert_uint_eq(pte_swp_offset(entry), pte_swp_offset(make_migration_pte(saved, true)));
	ck_assert(pte_swp_soft_dirty(entry));
	ck_assert_uint_eq(ev(m, NUMA_PTE_UPDATES), 2);
	*pte = saved;
	page_add_anon_rmap(m, page, false);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* ==================== traces ==================== */

static const char trace_config[] =
	"{\"machine\": {\"nodes\": [{\"mem\": \"64M\", \"cpus\": 1}, {\"mem\": \"64M\", \"cpus\": 1}],"
	" \"distance\": [[10, 20], [20, 10]]}, \"kernel\": {" TEST_K_BASE ", \"reserved\": \"0\"}}\n";

/*
 * A task writes 8M on node 0, moves to node 1 and reads it all at 3.5 s
 * and 8.5 s; snapshots at 3, 8 and 16 s.  run_trace() puts a line of its
 * own before it.
 */
static const char trace_body[] =
	"spawn pid=1 cpu=0 name=hog\n"
	"mmap pid=1 len=8M id=a\n"
	"madvise pid=1 addr=@a len=8M advice=nohugepage\n"
	"touch pid=1 addr=@a len=8M write\n"
	"sched pid=1 cpu=1\n"
	"@3s snapshot name=s3\n"
	"@3.5s touch pid=1 addr=@a len=8M\n"
	"@8s snapshot name=s8\n"
	"@8.5s touch pid=1 addr=@a len=8M\n"
	"@16s snapshot name=s16\n";

/* The value of counter in the vmstat file of snapshot snap under dir/out. */
static unsigned long snapshot_counter(const char *dir, const char *snap, const char *counter)
{
	char rel[128], key[64];
	char *text, *at;
	unsigned long value;

	snprintf(rel, sizeof(rel), "out/snapshots/%s/vmstat", snap);
	text = test_read_file(test_path_in(dir, rel));
	snprintf(key, sizeof(key), "\n%s ", counter);
	at = strstr(text, key);
	ck_assert_msg(at != NULL, "no %s in %s", counter, rel);
	value = strtoul(at + strlen(key), NULL, 10);
	free(text);
	return value;
}

/* results.json's processes.numa_misplaced[nid]. */
static long long results_misplaced(const char *dir, unsigned int nid)
{
	json_error_t jerr;
	json_t *root = json_load_file(test_path_in(dir, "out/results.json"), 0, &jerr);
	json_t *v;
	long long value;

	ck_assert_msg(root != NULL, "results.json: %s", jerr.text);
	v = json_array_get(json_object_get(json_object_get(root, "processes"), "numa_misplaced"),
			   nid);
	ck_assert_msg(json_is_integer(v), "no numa_misplaced[%u]", nid);
	value = json_integer_value(v);
	json_decref(root);
	return value;
}

/* Run the trace (first, then trace_body) on trace_config; 0 or the exit status. */
static int run_trace(const char *dir, const char *first, char *err, size_t errlen)
{
	char trace[1024];
	int n = snprintf(trace, sizeof(trace), "numasim-trace v1\n%s%s", first, trace_body);

	test_write_file(test_path_in(dir, "m.json"), trace_config, strlen(trace_config));
	test_write_file(test_path_in(dir, "t.trace"), trace, (size_t)n);
	test_sh_at(dir, "rm -rf @/out");
	return test_numasim_at(dir, NULL, 0, err, errlen, "run -q -c @/m.json -o @/out @/t.trace");
}

/* Over a traced run the scans add up; with kernel.numa_balancing=0 there are none. */
START_TEST(test_trace_counts_grow)
{
	/*
	 * Linux: the default delay and period (1000 ms, 256 MB): the first
	 * tick past 1 s of runtime only sets the mm's next scan a second
	 * ahead (a new exec's mm), the one past 2 s scans all 2048 PTEs.  The
	 * reads at 3.5 s take 2048 hinting faults, all remote, and each asks
	 * to move its page to node 1 (the task's own first faults while it is
	 * young): migrate_misplaced_page() moves every one (numa_pages_migrated
	 * 2048), so the task's pages are on its node.  change_pte_range()
	 * leaves a page alone when it already sits on the node of a
	 * single-threaded task running a private mapping (its target_node):
	 * the later scans mark nothing, and the reads at 8.5 s take no
	 * hinting fault.
	 */
	char dir[128], err[512] = "";

	test_scratch_dir(dir, sizeof(dir), "numab");
	ck_assert_msg(run_trace(dir, "", err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(snapshot_counter(dir, "s3", "numa_pte_updates"), 2048);
	ck_assert_uint_eq(snapshot_counter(dir, "s8", "numa_pte_updates"), 2048);
	ck_assert_uint_eq(snapshot_counter(dir, "s8", "numa_pages_migrated"), 2048);
	ck_assert_uint_eq(snapshot_counter(dir, "s8", "pgmigrate_success"), 2048);
	ck_assert_uint_eq(snapshot_counter(dir, "s16", "numa_pte_updates"), 2048);
	ck_assert_uint_eq(snapshot_counter(dir, "s16", "numa_hint_faults"), 2048);
	ck_assert_uint_eq(snapshot_counter(dir, "s16", "numa_hint_faults_local"), 0);
	ck_assert_uint_eq(snapshot_counter(dir, "s16", "numa_pages_migrated"), 2048);
	ck_assert_int_eq(results_misplaced(dir, 0), 0);
	ck_assert_int_eq(results_misplaced(dir, 1), 2048);
	ck_assert_msg(run_trace(dir, "sysctl kernel.numa_balancing=0\n", err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert_uint_eq(snapshot_counter(dir, "s3", "numa_pte_updates"), 0);
	ck_assert_uint_eq(snapshot_counter(dir, "s16", "numa_pte_updates"), 0);
	ck_assert_uint_eq(snapshot_counter(dir, "s16", "numa_hint_faults"), 0);
	test_remove_dir(dir);
}
END_TEST

/* Values the kernel's handlers refuse: FILE:LINE: message, exit 2. */
START_TEST(test_trace_bad_sysctl)
{
	/*
	 * Linux: kernel.numa_balancing takes 0..4 (extra2 SYSCTL_FOUR); the
	 * scan tunables are u32 debugfs files; scan_size_mb 0 would divide by
	 * zero in task_scan_min() (numasim refuses it, and from 2^24, where
	 * the kernel's page count wraps).
	 */
	static const char *const bad[][2] = {
		{ "kernel.numa_balancing=5", "value 5 out of range for kernel.numa_balancing" },
		{ "kernel.numa_balancing=-1", "value -1 out of range for kernel.numa_balancing" },
		{ "kernel.numa_balancing_scan_size_mb=0",
		  "value 0 out of range for kernel.numa_balancing_scan_size_mb" },
		{ "kernel.numa_balancing_scan_size_mb=16777216",
		  "value 16777216 out of range for kernel.numa_balancing_scan_size_mb" },
		{ "kernel.numa_balancing_scan_delay_ms=4294967296",
		  "value 4294967296 out of range for kernel.numa_balancing_scan_delay_ms" },
		{ "kernel.numa_balancing_scan_period_min_ms=-1",
		  "value -1 out of range for kernel.numa_balancing_scan_period_min_ms" },
		{ "kernel.numa_balancing_scan_period_max_ms=4294967296",
		  "value 4294967296 out of range for kernel.numa_balancing_scan_period_max_ms" },
	};
	char dir[128], first[128], want[256], err[512];

	test_scratch_dir(dir, sizeof(dir), "numab");
	for (size_t i = 0; i < TEST_ARRAY_SIZE(bad); i++) {
		snprintf(first, sizeof(first), "sysctl %s\n", bad[i][0]);
		snprintf(want, sizeof(want), "%s:2: %s\n", test_path_in(dir, "t.trace"), bad[i][1]);
		err[0] = '\0';
		ck_assert_int_eq(run_trace(dir, first, err, sizeof(err)), 2);
		ck_assert_str_eq(err, want);
	}
	snprintf(first, sizeof(first), "sysctl kernel.numa_balancing_scan_size_mb=16777215 "
		 "kernel.numa_balancing_scan_delay_ms=4294967295\n");
	ck_assert_msg(run_trace(dir, first, err, sizeof(err)) == 0, "%s", err);
	test_remove_dir(dir);
}
END_TEST

Suite *numa_balancing_suite(void);

Suite *numa_balancing_suite(void)
{
	Suite *s = suite_create("numa_balancing");
	TCase *tc;

	tc = tcase_create("scan");
	tcase_add_test(tc, test_scan_marks_remote_ptes);
	tcase_add_test(tc, test_scan_skips_local_private_pages);
	tcase_add_test(tc, test_scan_skips_vmas);
	tcase_add_test(tc, test_scan_skips_task_policy);
	tcase_add_test(tc, test_scan_skips_pages);
	tcase_add_test(tc, test_scan_marks_huge_pmds);
	tcase_add_test(tc, test_scan_advances_by_scan_size);
	tcase_add_test(tc, test_scan_walks_at_most_eight_times_scan_size);
	tcase_add_test(tc, test_scan_only_while_running);
	tcase_add_test(tc, test_scan_makes_migration_entries_readable);
	tcase_add_test(tc, test_mprotect_counts_huge_updates);
	suite_add_tcase(s, tc);

	tc = tcase_create("period");
	tcase_add_test(tc, test_period_start_by_rss);
	tcase_add_test(tc, test_period_slower_when_local_and_private);
	tcase_add_test(tc, test_period_faster_when_remote_and_shared);
	tcase_add_test(tc, test_period_doubles_after_failed_migration);
	tcase_add_test(tc, test_period_restarts_on_move);
	tcase_add_test(tc, test_scan_delay_and_fork);
	suite_add_tcase(s, tc);

	tc = tcase_create("faults");
	tcase_add_test(tc, test_hint_faults_local_and_remote);
	tcase_add_test(tc, test_hint_fault_on_huge_pmd);
	tcase_add_test(tc, test_hint_fault_then_write_fault);
	tcase_add_test(tc, test_populate_follows_hinting_entries);
	tcase_add_test(tc, test_two_stage_filter);
	tcase_add_test(tc, test_filter_of_settled_task);
	tcase_add_test(tc, test_last_cpupid_lifecycle);
	suite_add_tcase(s, tc);

	tc = tcase_create("sysctl");
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_sysctl_on_off);
	tcase_add_test(tc, test_trace_counts_grow);
	tcase_add_test(tc, test_trace_bad_sysctl);
	suite_add_tcase(s, tc);
	return s;
}
