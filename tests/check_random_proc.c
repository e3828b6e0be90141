/*
 * tests/check_random_proc.c - random process workloads under the
 * checkers: spawn, fork, exit, mmap (anonymous, shared, file, hugetlb),
 * munmap, mprotect, madvise, mlock, set_mempolicy, mbind, touches, pins
 * THP splits (drop_slab) and, in the migrate runs, migrations of random
 * pages to random nodes in random modes, migrate_pages(2), move_pages(2),
 * mbind's moves and cpuset moves, in a seeded random order, with
 * machine_check() (buddy, pageblocks, LRU, rmap) after every step; at the
 * end every task exits and every pinned page is released: the machine's
 * free pages must return to what they were after boot, less what the page
 * cache and the zero pages keep.
 *
 * The assertions are the kernel's invariants (mm/rmap_check.c), not
 * values; the seeds make failures reproducible.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "mm/cpuset.h"
#include "mm/daemon.h"
#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/migrate.h"
#include "mm/rmap.h"
#include "mm/vmscan.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define NR_STEPS	1500
#define MAX_PINS	16
#define AREA_BASE	((uint64_t)0x400000000)
#define AREA_SIZE	((uint64_t)8 << 20)	/* small, so that calls meet each other's mappings */

struct rnd {
	uint64_t state;
};

static uint64_t rnd_next(struct rnd *r, uint64_t bound)
{
	r->state = r->state * 6364136223846793005ull + 1442695040888963407ull;
	return (r->state >> 33) % bound;
}

struct pin {
	struct page *page;
	unsigned int flags;
};

struct world {
	struct machine *m;
	struct rnd r;
	bool any_cpu;		/* spawn tasks on random CPUs (else CPU 0) */
	bool migrate;		/* mix migrations in */
	unsigned long migrated;	/* base pages migrate_pages() reported moved */
	int next_pid;
	struct pin pins[MAX_PINS];
	int nr_pins;
};

static struct task_struct *random_task(struct world *w)
{
	struct mm_procs *p = &w->m->procs;

	return p->nr_tasks ? p->tasks[rnd_next(&w->r, p->nr_tasks)] : NULL;
}

/* A page-aligned range inside the test area, up to 4 MiB long. */
static void random_range(struct world *w, uint64_t *addr, uint64_t *len)
{
	bool big = rnd_next(&w->r, 4) == 0;

	*addr = AREA_BASE + (rnd_next(&w->r, AREA_SIZE >> PAGE_SHIFT) << PAGE_SHIFT);
	*len = (1 + rnd_next(&w->r, big ? 1024 : 16)) << PAGE_SHIFT;
	/* Half the big ranges start on 2 MiB, so mappings can hold THPs. */
	if (big && rnd_next(&w->r, 2))
		*addr &= PMD_MASK;
}

static void step_mmap(struct world *w, struct task_struct *t)
{
	static const unsigned long kinds[] = {
		MAP_PRIVATE | MAP_ANONYMOUS, MAP_PRIVATE | MAP_ANONYMOUS,
		MAP_SHARED | MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_NORESERVE,
	};
	unsigned long flags = kinds[rnd_next(&w->r, 6)] | MAP_FIXED;
	struct address_space *file = NULL;
	uint64_t addr, len, out;

	random_range(w, &addr, &len);
	if (flags & MAP_HUGETLB) {
		addr &= ~(HPAGE_PMD_SIZE - 1);
		len = HPAGE_PMD_SIZE * (1 + rnd_next(&w->r, 2));
	} else if (!(flags & MAP_ANONYMOUS)) {
		file = file_lookup(w->m, rnd_next(&w->r, 2) ? "fileA" : "fileB");
	}
	do_mmap(w->m, t, addr, len, PROT_READ | PROT_WRITE, flags, file,
		rnd_next(&w->r, 64), &out);
}

static void step_touch(struct world *w, struct task_struct *t)
{
	uint64_t addr, len;
	bool write = rnd_next(&w->r, 3) != 0;

	random_range(w, &addr, &len);
	for (uint64_t a = addr; a < addr + len && a < AREA_BASE + AREA_SIZE; a += PAGE_SIZE)
		user_access(w->m, t, a, write);
}

static void step_pin(struct world *w, struct task_struct *t)
{
	uint64_t addr, len;
	unsigned int flags = rnd_next(&w->r, 2) ? FOLL_PIN | FOLL_LONGTERM : FOLL_GET;
	struct page *page;

	if (w->nr_pins == MAX_PINS) {
		struct pin *p = &w->pins[--w->nr_pins];

		gup_release(w->m, &p->page, 1, p->flags);
		return;
	}
	random_range(w, &addr, &len);
	if (gup_pages(w->m, t, addr, 1, flags | FOLL_WRITE, &page) == 1)
		w->pins[w->nr_pins++] = (struct pin){ page, flags };
}

static void step_range_call(struct world *w, struct task_struct *t, unsigned int which)
{
	uint64_t addr, len;

	random_range(w, &addr, &len);
	switch (which) {
	case 0:
		do_munmap(w->m, t, addr, len);
		break;
	case 1:
		do_mprotect(w->m, t, addr, len, rnd_next(&w->r, 2) ? PROT_READ :
			    PROT_READ | PROT_WRITE);
		break;
	case 2:
		do_madvise(w->m, t, addr, len, (int[]){ MADV_DONTNEED, MADV_HUGEPAGE,
							 MADV_NOHUGEPAGE }[rnd_next(&w->r, 3)]);
		break;
	case 3:
		do_mlock(w->m, t, addr, len, 0);
		break;
	default:
		do_munlock(w->m, t, addr, len);
		break;
	}
}

/* A random policy: default, bind/preferred/interleave over a random node set. */
static void step_policy(struct world *w, struct task_struct *t)
{
	static const int modes[] = { MPOL_DEFAULT, MPOL_BIND, MPOL_PREFERRED, MPOL_INTERLEAVE };
	int mode = modes[rnd_next(&w->r, 4)];
	uint64_t all = ((uint64_t)1 << w->m->nr_node_ids) - 1;
	nodemask_t nodes = { mode == MPOL_DEFAULT ? 0 : 1 + rnd_next(&w->r, all) };
	uint64_t addr, len;

	unsigned int flags = 0;

	if (rnd_next(&w->r, 2)) {
		do_set_mempolicy(w->m, t, mode, &nodes);
		return;
	}
	random_range(w, &addr, &len);
	/* In the migrate runs, mbind moves pages too (and is strict about them). */
	if (w->migrate)
		flags = (unsigned int)rnd_next(&w->r, MPOL_MF_VALID + 1);
	do_mbind(w->m, t, addr, len, mode, &nodes, flags);
}

/* A random non-empty set of the machine's nodes. */
static nodemask_t random_nodes(struct world *w)
{
	return (nodemask_t){ 1 + rnd_next(&w->r, ((uint64_t)1 << w->m->nr_node_ids) - 1) };
}

/*
 * The NUMA system calls on random nodes: migrate_pages(2), move_pages(2)
 * of a random range (up to 16 pages) to a random node, or a move into a
 * cpuset, with or without memory_migrate.  Each returns what the kernel
 * may return; move_pages stores in each entry a node, one of its errors,
 * or nothing.  Linux: kernel_migrate_pages(), kernel_move_pages(),
 * cpuset_attach().
 */
static void step_numa_call(struct world *w, struct task_struct *t)
{
	unsigned int which = (unsigned int)rnd_next(&w->r, 3);
	nodemask_t from = random_nodes(w), to = random_nodes(w);
	uint64_t addr, len, pages[16];
	int nodes[16], status[16], rc;
	unsigned long nr;

	if (which == 0) {
		rc = kernel_migrate_pages(w->m, t, &from, &to, rnd_next(&w->r, 2));
		ck_assert(rc >= 0 || rc == -EINVAL || rc == -EPERM || rc == -ENOMEM);
		return;
	}
	if (which == 1) {
		rc = cpuset_move_task(w->m, t, &to, rnd_next(&w->r, 2));
		ck_assert(rc == 0 || rc == -EINVAL);
		return;
	}
	random_range(w, &addr, &len);
	nr = len >> PAGE_SHIFT < 16 ? len >> PAGE_SHIFT : 16;
	for (unsigned long i = 0; i < nr; i++) {
		pages[i] = addr + i * PAGE_SIZE;
		nodes[i] = (int)rnd_next(&w->r, w->m->nr_node_ids);
		status[i] = 1000;
	}
	rc = kernel_move_pages(w->m, t, nr, pages, rnd_next(&w->r, 4) ? nodes : NULL, status,
			       rnd_next(&w->r, 2) ? MPOL_MF_MOVE_ALL : MPOL_MF_MOVE);
	ck_assert(rc >= 0 || rc == -ENODEV || rc == -EACCES || rc == -ENOMEM);
	for (unsigned long i = 0; i < nr; i++)
		ck_assert(status[i] == 1000 || (status[i] >= 0 && status[i] < (int)w->m->nr_node_ids) ||
			  status[i] == -EFAULT || status[i] == -ENOENT || status[i] == -EACCES ||
			  status[i] == -EBUSY);
}

/* Isolate the folios mapped in a random range of t (at most 8). */
static void isolate_range(struct world *w, struct task_struct *t, struct page_list *list)
{
	uint64_t addr, len;
	int nr = 0;

	random_range(w, &addr, &len);
	for (uint64_t a = addr; a < addr + len && nr < 8; a += PAGE_SIZE) {
		pmd_t *pmd;
		pte_t *pte = follow_pte(w->m, t->mm, a, &pmd);
		pfn_t pfn;

		if (pmd && pmd_trans_huge(*pmd))
			pfn = pmd_pfn(*pmd);
		else if (pte && pte_present(*pte) && !pte_special(*pte))
			pfn = pte_pfn(*pte);
		else
			continue;
		nr += isolate_folio_to_list(w->m, pfn_to_page(w->m, pfn), list);
	}
}

/*
 * Migrate a random range's folios to a random node (one without memory
 * too: no destination) in a random mode and for a random reason; the
 * checkers run while they are isolated, and after.
 */
static void step_migrate(struct world *w, struct task_struct *t)
{
	static const int reasons[] = { MR_COMPACTION, MR_SYSCALL, MR_NUMA_MISPLACED };
	struct migration_target_control mtc = {
		.nid = (int)rnd_next(&w->r, w->m->nr_node_ids),
		.gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
	};
	unsigned long before = w->m->vm_events[PGMIGRATE_SUCCESS];
	struct page_list list;
	unsigned int done = 0;
	int rc;

	page_list_init(&list);
	isolate_range(w, t, &list);
	test_check(w->m);
	rc = migrate_pages(w->m, &list, alloc_migration_target, NULL, (unsigned long)&mtc,
			   (enum migrate_mode)rnd_next(&w->r, 3), reasons[rnd_next(&w->r, 3)], &done);
	ck_assert_int_ge(rc, -ENOMEM);
	/* Linux: migrate_pages(): a non-empty list means a non-zero return. */
	ck_assert(rc != 0 || page_list_empty(&list));
	ck_assert_uint_eq(w->m->vm_events[PGMIGRATE_SUCCESS] - before, done);
	w->migrated += done;
	test_check(w->m);
	putback_movable_pages(w->m, &list);
}

static void step(struct world *w)
{
	struct task_struct *t = random_task(w), *child;
	unsigned int op = (unsigned int)rnd_next(&w->r, w->migrate ? 27 : 22);

	if (!t || (op == 0 && w->m->procs.nr_tasks < 6)) {
		int cpu = w->any_cpu ? (int)rnd_next(&w->r, w->m->nr_cpus) : 0;

		proc_spawn_on(w->m, w->next_pid++, cpu);
		return;
	}
	if (op == 1 && w->m->procs.nr_tasks < 6)
		task_fork(w->m, t, w->next_pid++, &child);
	else if (op == 2 && w->m->procs.nr_tasks > 1)
		task_exit(w->m, t);
	else if (op <= 5)
		step_mmap(w, t);
	else if (op <= 12)
		step_touch(w, t);
	else if (op == 13)
		step_pin(w, t);
	else if (op == 20)
		step_policy(w, t);
	else if (op == 21)
		drop_slab(w->m);
	else if (op >= 25)
		step_numa_call(w, t);
	else if (op >= 22)
		step_migrate(w, t);
	else
		step_range_call(w, t, op - 14);
}

/* The file pages of every node: what drop_caches keeps (dirty pages). */
static unsigned long file_pages(const struct machine *m)
{
	long sum = 0;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		sum += node_stat(m, (int)nid, NR_FILE_PAGES);
	return (unsigned long)sum;
}

/* machine_keys NULL: two 64M nodes with one CPU each, tasks on CPU 0. */
static void run_world(uint64_t seed, const char *machine_keys, const char *kernel_keys, bool thp,
		      bool migrate)
{
	struct world w = { .next_pid = 1, .r = { seed }, .any_cpu = machine_keys != NULL,
			   .migrate = migrate };
	unsigned long before;

	w.m = machine_keys ? test_boot_machine(machine_keys, kernel_keys) :
			     test_boot_node_pair("64M", "64M", kernel_keys);
	before = proc_free_pages(w.m);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(w.m, NUMA_NO_NODE, 4), 0);
	for (int i = 0; i < NR_STEPS; i++) {
		step(&w);
		mm_run_daemons(w.m, w.m->clock_ns);
		test_check(w.m);
	}
	/* The run exercised what it is for: forks, faults, CoW, pins. */
	ck_assert_int_gt(w.next_pid, 4);
	ck_assert_uint_gt(w.m->vm_events[PGFAULT], 1000);
	ck_assert_uint_gt(w.m->proc_stats.cow_copies + w.m->proc_stats.cow_reuses, 0);
	ck_assert_uint_gt(w.m->proc_stats.pins + w.m->proc_stats.pins_longterm, 0);
	if (thp)	/* huge faults tried: a THP, a fallback or the huge zero page */
		ck_assert_uint_gt(w.m->vm_events[THP_FAULT_ALLOC] + w.m->vm_events[THP_FAULT_FALLBACK] +
				  w.m->vm_events[THP_ZERO_PAGE_ALLOC], 0);
	if (migrate) {
		ck_assert_uint_gt(w.migrated, 0);
		ck_assert_uint_gt(w.m->procs.nr_cpusets, 0);
	}
	while (w.nr_pins) {
		struct pin *p = &w.pins[--w.nr_pins];

		gup_release(w.m, &p->page, 1, p->flags);
	}
	proc_exit_all(w.m);
	drop_pagecache(w.m);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(w.m, NUMA_NO_NODE, 0), 0);
	test_check(w.m);
	/*
	 * What stays allocated: the zero page (if taken), the huge zero page,
	 * and the page cache that drop_caches keeps (dirty pages: there is no
	 * writeback).
	 */
	ck_assert_uint_eq(before - proc_free_pages(w.m),
			  (w.m->zero_pfn != PFN_NONE ? 1 : 0) +
			  (w.m->huge_zero_page ? HPAGE_PMD_NR : 0) +
			  file_pages(w.m));
	test_release(w.m);
}

#define K_RANDOM TEST_K_BASE ", \"reserved\": \"0\", \"min_free_kbytes\": 0"

START_TEST(test_random_processes_thp_always)
{
	run_world(0x1234 + (uint64_t)_i, NULL, K_RANDOM ", \"transparent_hugepage\": \"always\"",
		  true, false);
}
END_TEST

START_TEST(test_random_processes_thp_never)
{
	run_world(0x9876 + (uint64_t)_i, NULL, K_RANDOM ", \"transparent_hugepage\": \"never\"",
		  false, false);
}
END_TEST

/*
 * Node 1 has CPUs and no memory, node 2 memory and no CPU: tasks on CPU 1
 * fault, fork and take policies (node 1 alone is EINVAL) with their
 * pages on nodes 0 and 2.
 */
START_TEST(test_random_processes_memoryless_nodes)
{
	run_world(0x4242 + (uint64_t)_i,
		  "\"nodes\": [{\"mem\": \"64M\", \"cpus\": 1}, {\"mem\": \"0\", \"cpus\": 1},"
		  " {\"mem\": \"64M\", \"cpus\": 0}]",
		  K_RANDOM ", \"transparent_hugepage\": \"always\"", true, false);
}
END_TEST

/* The same workloads with migrations mixed in, on two nodes and on the memoryless machine. */
START_TEST(test_random_processes_migrate)
{
	run_world(0x5151 + (uint64_t)_i, NULL, K_RANDOM ", \"transparent_hugepage\": \"always\"",
		  true, true);
}
END_TEST

START_TEST(test_random_processes_migrate_memoryless_nodes)
{
	run_world(0x4242 + (uint64_t)_i,
		  "\"nodes\": [{\"mem\": \"64M\", \"cpus\": 1}, {\"mem\": \"0\", \"cpus\": 1},"
		  " {\"mem\": \"64M\", \"cpus\": 0}]",
		  K_RANDOM ", \"transparent_hugepage\": \"always\"", true, true);
}
END_TEST

Suite *random_proc_suite(void);

Suite *random_proc_suite(void)
{
	Suite *s = suite_create("random_proc");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_random_processes_thp_always, 0, 3);
	tcase_add_loop_test(tc, test_random_processes_thp_never, 0, 2);
	tcase_add_loop_test(tc, test_random_processes_memoryless_nodes, 0, 2);
	tcase_add_loop_test(tc, test_random_processes_migrate, 0, 3);
	tcase_add_loop_test(tc, test_random_processes_migrate_memoryless_nodes, 0, 1);
	suite_add_tcase(s, tc);
	return s;
}
