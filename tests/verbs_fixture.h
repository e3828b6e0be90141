/*
 * tests/verbs_fixture.h - the fixture of the verb tests
 * (tests/check_verbs_proc.c, tests/check_verbs_numa.c): a machine with an
 * engine that runs the checkers after every event, replays of trace
 * bodies, the expected input errors, and lookups of tasks, mappings,
 * pages, files and node counters.  Static inline: each test file takes what it uses.
 *
 * No kernel counterpart: tests.
 */
#ifndef TESTS_VERBS_FIXTURE_H
#define TESTS_VERBS_FIXTURE_H

#include <check.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "sim/engine.h"
#include "sim/verbs.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

/* THP off (TEST_K_PLAIN) or "madvise", nothing reserved. */
#define K_PLAIN		TEST_K_PLAIN
#define K_THP_MADVISE	TEST_K_BASE ", \"reserved\": \"0\", \"transparent_hugepage\": \"madvise\""

#define BASE	0x10000000ull	/* where the tests map with fixed/noreplace */

struct fx {
	struct machine *m;
	struct engine e;
};

static inline void fx_boot_machine(struct fx *fx, struct machine *m)
{
	struct engine_opts opts = { .check_every = 1 };

	fx->m = m;
	engine_init(&fx->e, m, &opts);
}

/* One node of mem with two CPUs. */
static inline void fx_boot(struct fx *fx, const char *mem, const char *kernel_keys)
{
	fx_boot_machine(fx, test_boot_node(mem, 2, kernel_keys));
}

static inline void fx_release(struct fx *fx)
{
	engine_release(&fx->e);
	test_release(fx->m);
}

/* Replay "numasim-trace v1\n" + body as t.trace; then the checkers. */
static inline enum engine_status run(struct fx *fx, const char *body)
{
	enum engine_status st = test_replay_body(&fx->e, body);

	test_check(fx->m);
	return st;
}

#define run_ok(fx, body) do {								\
	enum engine_status st_ = run((fx), (body));					\
	ck_assert_msg(st_ == ENGINE_OK, "status %d: %s", st_, (fx)->e.msg);		\
} while (0)

/* The replay of body stops at an input error with exactly msg. */
static inline void expect_bad(struct fx *fx, const char *body, const char *msg)
{
	enum engine_status st = run(fx, body);

	ck_assert_msg(st == ENGINE_BAD_INPUT, "<<%s>>: status %d (%s), expected bad input",
		      body, st, fx->e.msg);
	ck_assert_str_eq(fx->e.msg, msg);
}

static inline struct task_struct *task(struct fx *fx, int pid)
{
	struct task_struct *t = find_task_by_pid(fx->m, pid);

	ck_assert_msg(t != NULL, "no task %d", pid);
	return t;
}

static inline struct vm_area_struct *vma_at(struct fx *fx, int pid, uint64_t addr)
{
	struct vm_area_struct *vma = vma_lookup(task(fx, pid)->mm, addr);

	ck_assert_msg(vma != NULL, "pid %d: no VMA at 0x%llx", pid, (unsigned long long)addr);
	return vma;
}

/* The address an "mmap id=name" bound. */
static inline uint64_t addr_of(struct fx *fx, const char *name)
{
	const struct name_entry *n = name_table_find(&proc_verbs_state(&fx->e)->addr_names, name);

	ck_assert_msg(n != NULL, "no address name '%s'", name);
	return n->addr;
}

/* The present PTE of addr in pid's address space, or NULL. */
static inline pte_t *pte_at(struct fx *fx, int pid, uint64_t addr)
{
	pmd_t *pmd;
	pte_t *pte = follow_pte(fx->m, task(fx, pid)->mm, addr, &pmd);

	return pte && pte_present(*pte) ? pte : NULL;
}

static inline struct page *page_at(struct fx *fx, int pid, uint64_t addr)
{
	pte_t *pte = pte_at(fx, pid, addr);

	ck_assert_msg(pte != NULL, "pid %d: nothing mapped at 0x%llx", pid,
		      (unsigned long long)addr);
	return pfn_to_page(fx->m, pte_pfn(*pte));
}

static inline long anon_rss(struct fx *fx, int pid)
{
	return task(fx, pid)->mm->rss_stat[MM_ANONPAGES];
}

/* Free pages of the machine, with every per-CPU list drained first. */
static inline unsigned long free_pages(struct machine *m)
{
	unsigned long sum = proc_free_pages(m);

	test_check(m);
	return sum;
}

/* The named file (made empty if new, as the verbs make it). */
static inline struct address_space *fx_file(struct fx *fx, const char *name)
{
	struct address_space *f = file_lookup(fx->m, name);

	ck_assert_ptr_nonnull(f);
	return f;
}

/* A node counter summed over the nodes, exactly (every CPU's diff folded in). */
static inline long fx_node_stat(struct fx *fx, enum node_stat_item item)
{
	long sum = 0;

	for_each_online_node(fx->m, nid)
		sum += __node_page_state_snapshot(NODE_DATA(fx->m, nid), item);
	return sum;
}

/* The most the shared node counters may lag the exact ones: every CPU's threshold. */
static inline unsigned long fx_node_stat_drift(struct fx *fx)
{
	unsigned long drift = 0;

	for_each_online_node(fx->m, nid)
		for (unsigned int cpu = 0; cpu < fx->m->nr_cpus; cpu++)
			drift += (unsigned long)NODE_DATA(fx->m, nid)->per_cpu_nodestats[cpu]
					 .stat_threshold;
	return drift;
}

#endif /* TESTS_VERBS_FIXTURE_H */
