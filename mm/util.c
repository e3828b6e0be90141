/*
 * mm/util.c - committed memory: the total the mappings were charged
 * (Committed_AS), the overcommit policy that may refuse a charge, and the
 * limit it uses in strict mode (CommitLimit).  See mm/mman.h for who
 * charges what.
 *
 * The kernel keeps the total in a per-CPU counter whose batch grows with
 * memory in the loose modes, so its strict-mode check reads a value that
 * may lag; numasim keeps it exact (every charge lands at once), which is
 * what the kernel's counter holds once summed.
 *
 * Invariant: m->vm_committed_as equals the pages of every live VM_ACCOUNT
 * VMA plus each live shmem object's charge (its size, or one page per
 * cached page of a VM_NORESERVE object); vm_committed_check() proves it.
 *
 * Linux counterpart: mm/util.c (__vm_enough_memory, vm_commit_limit,
 * vm_memory_committed, the overcommit sysctl defaults), mm/mmap.c
 * (init_user_reserve, init_admin_reserve), security/commoncap.c
 * (cap_vm_enough_memory), v6.1.
 */
#include "mm/mman.h"

#include <errno.h>
#include <stdio.h>

#include "mm/hugetlb.h"
#include "mm/mm.h"
#include "mm/swap.h"
#include "mm/vmstat_counters.h"

#define KB_SHIFT		(PAGE_SHIFT - 10)	/* KiB -> pages */

void vm_acct_memory(struct machine *m, long nr_pages)
{
	m->vm_committed_as += nr_pages;
}

void vm_unacct_memory(struct machine *m, long nr_pages)
{
	vm_acct_memory(m, -nr_pages);
}

/* Linux: vm_commit_limit(), mm/util.c (the kernel's unsigned arithmetic, wrap included) */
unsigned long vm_commit_limit(const struct machine *m)
{
	unsigned long allowed;

	if (m->vm.overcommit_kbytes)
		allowed = m->vm.overcommit_kbytes >> KB_SHIFT;
	else
		allowed = (totalram_pages(m) - hugetlb_total_pages(m)) *
			  (unsigned long)m->vm.overcommit_ratio / 100;
	return allowed + (unsigned long)total_swap_pages(m);
}

/* Linux: vm_memory_committed() = percpu_counter_sum_positive(&vm_committed_as) */
unsigned long vm_memory_committed(const struct machine *m)
{
	return m->vm_committed_as < 0 ? 0 : (unsigned long)m->vm_committed_as;
}

/*
 * Strict mode's ceiling for mm's charge: CommitLimit, less the admin
 * reserve for an unprivileged task and less a 32nd of the process's
 * size, at most the user reserve (so one process cannot take it all).
 * Computed modulo 2^64 as the kernel's mixed signed/unsigned sums are.
 */
static long commit_allowed(const struct machine *m, const struct mm_struct *mm,
			   bool cap_sys_admin)
{
	unsigned long allowed = vm_commit_limit(m);

	if (!cap_sys_admin)
		allowed -= m->vm.admin_reserve_kbytes >> KB_SHIFT;
	if (mm) {
		long reserve = (long)(m->vm.user_reserve_kbytes >> KB_SHIFT);
		long share = (long)(mm->total_vm / 32);

		allowed -= (unsigned long)(share < reserve ? share : reserve);
	}
	return (long)allowed;
}

/*
 * Linux: __vm_enough_memory(), mm/util.c.  The charge is made first and
 * taken back on refusal; strict mode compares the total that already
 * includes it, and refuses unless it stays below the ceiling.
 */
int __vm_enough_memory(struct machine *m, const struct mm_struct *mm, long nr_pages,
		       bool cap_sys_admin)
{
	vm_acct_memory(m, nr_pages);
	switch (m->vm.overcommit_memory) {
	case OVERCOMMIT_ALWAYS:
		return 0;
	case OVERCOMMIT_GUESS:
		if ((unsigned long)nr_pages <= totalram_pages(m) + (unsigned long)total_swap_pages(m))
			return 0;
		break;
	default:
		if ((long)vm_memory_committed(m) < commit_allowed(m, mm, cap_sys_admin))
			return 0;
		break;
	}
	m->proc_stats.commit_refused++;		/* the kernel's rate-limited warning */
	vm_unacct_memory(m, nr_pages);
	return -ENOMEM;
}

/*
 * Linux: security_vm_enough_memory_mm() -> cap_vm_enough_memory(),
 * security/commoncap.c.  Every simulated task has CAP_SYS_ADMIN.
 */
int security_vm_enough_memory_mm(struct machine *m, const struct mm_struct *mm, long nr_pages)
{
	return __vm_enough_memory(m, mm, nr_pages, true);
}

/*
 * Linux: the defaults of sysctl_overcommit_memory/_ratio/_kbytes
 * (mm/util.c), mmap_init()'s empty counter, and init_user_reserve() /
 * init_admin_reserve() (mm/mmap.c): a 32nd of the free memory, at most
 * 128 MiB and 8 MiB.
 */
void vm_commit_init(struct machine *m)
{
	unsigned long free_kbytes = global_zone_page_state(m, NR_FREE_PAGES) << KB_SHIFT;

	m->vm.overcommit_memory = OVERCOMMIT_GUESS;
	m->vm.overcommit_ratio = 50;
	m->vm.overcommit_kbytes = 0;
	m->vm.user_reserve_kbytes = free_kbytes / 32 < (1ul << 17) ? free_kbytes / 32 : 1ul << 17;
	m->vm.admin_reserve_kbytes = free_kbytes / 32 < (1ul << 13) ? free_kbytes / 32 : 1ul << 13;
	m->vm_committed_as = 0;
}

/*
 * What a shmem object was charged, counted at the first VMA on its
 * i_mmap so that each live object counts once.
 */
static unsigned long shmem_object_charge(const struct vm_area_struct *vma)
{
	const struct address_space *mapping = vma->vm_file;

	if (!mapping || !mapping->shmem ||
	    list_entry(mapping->i_mmap.next, struct vm_area_struct, shared) != vma)
		return 0;
	return mapping->acct_pages + (mapping->acct_noreserve ? mapping->nrpages : 0);
}

int vm_committed_check(const struct machine *m, char *msg, size_t msglen)
{
	long nr_pages = 0;

	for (size_t i = 0; i < m->procs.nr_tasks; i++) {
		const struct mm_struct *mm = m->procs.tasks[i]->mm;

		for (size_t j = 0; mm && j < mm->nr_vmas; j++) {
			const struct vm_area_struct *vma = mm->vmas[j];

			if (vma->vm_flags & VM_ACCOUNT)
				nr_pages += (long)vma_pages(vma);
			nr_pages += (long)shmem_object_charge(vma);
		}
	}
	if (nr_pages == m->vm_committed_as)
		return 0;
	snprintf(msg, msglen, "vm_committed_as %ld pages, the mappings were charged %ld",
		 m->vm_committed_as, nr_pages);
	return 1;
}
