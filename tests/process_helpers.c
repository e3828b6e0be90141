/*
 * tests/process_helpers.c - see process_helpers.h.
 */
#include <check.h>

#include "mm/internal.h"
#include "mm/vmstat_counters.h"
#include "tests/process_helpers.h"

struct task_struct *proc_spawn_on(struct machine *m, int pid, int cpu)
{
	struct task_struct *t = NULL;

	ck_assert_int_eq(task_spawn(m, pid, cpu, "test", &t), 0);
	return t;
}

struct task_struct *proc_spawn(struct machine *m, int pid)
{
	return proc_spawn_on(m, pid, 0);
}

uint64_t proc_mmap_anon(struct machine *m, struct task_struct *t, uint64_t len)
{
	uint64_t addr = 0;

	ck_assert_int_eq(do_mmap(m, t, 0, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0, &addr), 0);
	return addr;
}

uint64_t proc_mmap_anon_at(struct machine *m, struct task_struct *t, uint64_t addr,
			   uint64_t len, unsigned long extra_flags)
{
	uint64_t out = 0;

	ck_assert_int_eq(do_mmap(m, t, addr, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | extra_flags,
				 NULL, 0, &out), 0);
	ck_assert_uint_eq(out, addr);
	return out;
}

void proc_touch(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
		bool write)
{
	for (uint64_t a = addr; a < addr + len; a += PAGE_SIZE)
		ck_assert_uint_eq(user_access(m, t, a, write), 0);
}

pte_t *proc_pte_at(struct machine *m, struct task_struct *t, uint64_t addr)
{
	pmd_t *pmd;
	pte_t *pte = follow_pte(m, t->mm, addr, &pmd);

	ck_assert_ptr_nonnull(pte);
	return pte;
}

struct page *proc_page_at(struct machine *m, struct task_struct *t, uint64_t addr)
{
	pmd_t *pmd;
	pte_t *pte = follow_pte(m, t->mm, addr, &pmd);

	if (pmd && pmd_trans_huge(*pmd))
		return pfn_to_page(m, pmd_pfn(*pmd) + ((addr & ~PMD_MASK) >> PAGE_SHIFT));
	ck_assert_ptr_nonnull(pte);
	ck_assert(pte_present(*pte));
	return pfn_to_page(m, pte_pfn(*pte));
}

unsigned long proc_free_pages(struct machine *m)
{
	unsigned long nr = 0;

	drain_all_pages(m, NULL);
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			nr += zone_free_pages(&m->node_data[nid]->node_zones[z]);
	return nr;
}

long node_stat(const struct machine *m, int nid, enum node_stat_item item)
{
	return __node_page_state_snapshot(m->node_data[nid], item);
}

void proc_exit_all(struct machine *m)
{
	while (m->procs.nr_tasks)
		task_exit(m, m->procs.tasks[0]);
}
