/*
 * tests/process_helpers.c - see process_helpers.h.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/mempolicy.h"
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

uint64_t proc_anon_written(struct machine *m, struct task_struct *t, unsigned long nr_pages)
{
	uint64_t addr = proc_mmap_anon(m, t, nr_pages * PAGE_SIZE);

	proc_touch(m, t, addr, nr_pages * PAGE_SIZE, true);
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

int proc_nid_at(struct machine *m, struct task_struct *t, uint64_t addr)
{
	return page_to_nid(proc_page_at(m, t, addr));
}

uint64_t proc_pages_on(struct machine *m, struct task_struct *t, int nid, unsigned long nr_pages)
{
	uint64_t addr = proc_mmap_anon(m, t, nr_pages * PAGE_SIZE);

	ck_assert_int_eq(do_mbind(m, t, addr, nr_pages * PAGE_SIZE, MPOL_BIND,
				  &(nodemask_t){ 1ull << nid }, 0), 0);
	proc_touch(m, t, addr, nr_pages * PAGE_SIZE, true);
	test_check(m);
	return addr;
}

struct test_ev_log *proc_migrate_log(struct machine *m)
{
	struct test_ev_log *log = calloc(1, sizeof(*log));

	ck_assert_ptr_nonnull(log);
	test_ev_attach(m, log, MM_EV_BIT(MM_EV_mm_migrate_pages));
	return log;
}

struct machine *proc_boot_16m_nodes(int nr_nodes, const char *kernel_keys)
{
	char keys[256] = "\"nodes\": [";

	ck_assert(nr_nodes >= 1 && nr_nodes <= 4);
	for (int i = 0; i < nr_nodes; i++)
		strcat(keys, i ? ", {\"mem\": \"16M\", \"cpus\": 1}" : "{\"mem\": \"16M\", \"cpus\": 1}");
	strcat(keys, "]");
	return test_boot_machine(keys, kernel_keys);
}
