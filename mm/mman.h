/*
 * mm/mman.h - committed memory: how much the tasks' mappings have promised
 * to back, the limit vm.overcommit_memory holds it to, and the charges and
 * refunds the system calls make (mm/util.c).
 *
 * A mapping that may come to need its own pages is charged its whole size
 * when it is made, whether or not it is ever touched: a private writable
 * mapping (VM_ACCOUNT), a shared anonymous object at its size, a private
 * mapping that mprotect makes writable; fork charges the child's
 * VM_ACCOUNT mappings again.  munmap and exit refund them.  Before a
 * charge, __vm_enough_memory() asks the policy:
 *   OVERCOMMIT_GUESS (0, the default): refuse one request larger than RAM
 *                     plus swap, nothing else;
 *   OVERCOMMIT_ALWAYS (1): never refuse;
 *   OVERCOMMIT_NEVER (2): refuse once the committed total would reach
 *                     CommitLimit less the reserves.
 * Swap is the swap devices' usable slots (total_swap_pages, mm/swap.h).
 *
 * Every task is privileged (CAP_SYS_ADMIN), as for the rest of the
 * process side, so mode 2 never keeps the admin reserve from it.
 *
 * Linux counterpart: include/linux/mman.h (vm_acct_memory,
 * OVERCOMMIT_*), mm/util.c (__vm_enough_memory, vm_commit_limit,
 * vm_memory_committed), security/commoncap.c (cap_vm_enough_memory).
 */
#ifndef MM_MMAN_H
#define MM_MMAN_H

#include <stdbool.h>
#include <stddef.h>

#include "mm/mmzone.h"

struct mm_struct;

/* vm.overcommit_memory.  Linux: include/uapi/linux/mman.h. */
#define OVERCOMMIT_GUESS	0
#define OVERCOMMIT_ALWAYS	1
#define OVERCOMMIT_NEVER	2

/* Linux: vm_acct_memory() / vm_unacct_memory(): add to or take from the total. */
void vm_acct_memory(struct machine *m, long nr_pages);
void vm_unacct_memory(struct machine *m, long nr_pages);

/*
 * Charge nr_pages for mm (NULL: no process) and ask the policy whether
 * they may be had.  0, or -ENOMEM with nothing charged (and
 * m->proc_stats.commit_refused counted: the kernel warns in its log).
 * Linux: __vm_enough_memory(), mm/util.c.
 */
int __vm_enough_memory(struct machine *m, const struct mm_struct *mm, long nr_pages,
		       bool cap_sys_admin);

/*
 * The same for a task of this machine, all privileged.  Linux:
 * security_vm_enough_memory_mm() -> cap_vm_enough_memory().
 */
int security_vm_enough_memory_mm(struct machine *m, const struct mm_struct *mm, long nr_pages);

/*
 * CommitLimit in pages: vm.overcommit_kbytes, else vm.overcommit_ratio
 * percent of the RAM not in the hugetlb pool, plus swap.
 * Linux: vm_commit_limit(), mm/util.c.
 */
unsigned long vm_commit_limit(const struct machine *m);

/* Committed_AS in pages, never negative.  Linux: vm_memory_committed(). */
unsigned long vm_memory_committed(const struct machine *m);

/*
 * Boot: the sysctls' defaults, and the user and admin reserves from the
 * free memory (3%, at most 128 MiB and 8 MiB).  Linux: the initialisers
 * in mm/util.c, init_user_reserve() and init_admin_reserve(), mm/mmap.c.
 */
void vm_commit_init(struct machine *m);

/*
 * The checker: the committed total equals what the live mappings and
 * shmem objects were charged.  0, or violations with a message.
 */
int vm_committed_check(const struct machine *m, char *msg, size_t msglen);

#endif /* MM_MMAN_H */
