/*
 * tests/process_helpers.h - building process states for tests: spawn,
 * map, touch, look up what a PTE maps, count free pages.
 */
#ifndef TESTS_PROCESS_HELPERS_H
#define TESTS_PROCESS_HELPERS_H

#include <stdint.h>

#include "mm/mm.h"
#include "tests/helpers.h"

/* task_spawn() on CPU 0 (or cpu); fails the test on error. */
struct task_struct *proc_spawn(struct machine *m, int pid);
struct task_struct *proc_spawn_on(struct machine *m, int pid, int cpu);

/* An anonymous private read-write mapping placed by the kernel's rules. */
uint64_t proc_mmap_anon(struct machine *m, struct task_struct *t, uint64_t len);

/* The same at a fixed address (MAP_FIXED_NOREPLACE). */
uint64_t proc_mmap_anon_at(struct machine *m, struct task_struct *t, uint64_t addr,
			   uint64_t len, unsigned long extra_flags);

/* user_access() of every page in [addr, addr+len); each must succeed. */
void proc_touch(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
		bool write);

/* nr_pages of a new anonymous mapping of t, each written (on t's local node); the address. */
uint64_t proc_anon_written(struct machine *m, struct task_struct *t, unsigned long nr_pages);

/* The PTE of addr (fails the test if none), and the page it maps. */
pte_t *proc_pte_at(struct machine *m, struct task_struct *t, uint64_t addr);
struct page *proc_page_at(struct machine *m, struct task_struct *t, uint64_t addr);

/* Free pages of the machine after draining the pcp lists. */
unsigned long proc_free_pages(struct machine *m);

/* A node counter. */
long node_stat(const struct machine *m, int nid, enum node_stat_item item);

/* task_exit() every task. */
void proc_exit_all(struct machine *m);

/* nr_nodes (at most 4) nodes of 16 MiB with a CPU each, booted with kernel_keys. */
struct machine *proc_boot_16m_nodes(int nr_nodes, const char *kernel_keys);

/* The node of the page mapped at addr (fails the test if none). */
int proc_nid_at(struct machine *m, struct task_struct *t, uint64_t addr);

/*
 * nr_pages written anonymous pages of t on node nid, at a fresh mapping
 * that an mbind to bind {nid} (no move) places there; their address.
 */
uint64_t proc_pages_on(struct machine *m, struct task_struct *t, int nid, unsigned long nr_pages);

/* A log (the caller frees it) of m's mm_migrate_pages events: one per migrate_pages() call. */
struct test_ev_log *proc_migrate_log(struct machine *m);

#endif /* TESTS_PROCESS_HELPERS_H */
