/*
 * tests/check_overcommit.c - committed memory and the overcommit policy
 * (mm/util.c and the charges of mm/mmap.c, mm/mprotect.c, mm/fork.c,
 * mm/filemap.c), and what populating a range answers (mm/gup.c, mm/mlock.c).
 *
 * Every expected value follows from 6.1's rules, named at each test:
 * vm_commit_limit() is (totalram - hugetlb) * ratio / 100 + swap (no swap
 * here), __vm_enough_memory() charges first and then refuses in mode 0 a
 * request larger than totalram + swap, in mode 2 unless the total stays
 * below CommitLimit less the reserves.  totalram is the sum of the zones'
 * managed pages, counted by the test itself (test_managed_pages).  The "commit" checker runs
 * after every step (test_check), so each state also proves that
 * Committed_AS equals what the live mappings were charged.
 *
 * Machines: one node, THP off, nothing reserved (TEST_K_PLAIN).
 */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/sysctl.h"
#include "mm/vmstat.h"
#include "sim/procfs.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define PROT_RW		(PROT_READ | PROT_WRITE)
#define ANON_PRIVATE	(MAP_PRIVATE | MAP_ANONYMOUS)
#define ANON_SHARED	(MAP_SHARED | MAP_ANONYMOUS)

#define TIB		((uint64_t)1 << 40)
#define GIB		((uint64_t)1 << 30)

static struct machine *boot(const char *mem)
{
	return test_boot_node(mem, 2, TEST_K_PLAIN);
}

/* do_mmap() of len bytes placed by the kernel; the address in *addr. */
static int map(struct machine *m, struct task_struct *t, uint64_t len, unsigned long prot,
	       unsigned long flags, uint64_t *addr)
{
	uint64_t dummy;

	return do_mmap(m, t, 0, len, prot, flags, NULL, 0, addr ? addr : &dummy);
}

static uint64_t pages(uint64_t nr_pages)
{
	return nr_pages << PAGE_SHIFT;
}

/* t exits (its memory freed, its charges refunded); a new task takes pid 1. */
static struct task_struct *respawn(struct machine *m, struct task_struct *t)
{
	task_exit(m, t);
	test_check(m);
	return proc_spawn(m, 1);
}

static void sysctl(struct machine *m, const char *name, long value)
{
	ck_assert_int_eq(mm_sysctl_write(m, name, value), 0);
}

/* ---- boot ---------------------------------------------------------------- */

/*
 * A 128 MiB machine after boot.  Expect CommitLimit = totalram * 50 / 100
 * (vm_commit_limit() with the default sysctl_overcommit_ratio 50, no
 * swap), Committed_AS 0, policy 0, and both reserves a 32nd of the free
 * memory in KiB (init_user_reserve(), init_admin_reserve(): below their
 * 128 MiB and 8 MiB caps); boot leaves every managed page free.
 */
START_TEST(test_boot_limit_and_reserves)
{
	struct machine *m = boot("128M");
	unsigned long free_kb = test_managed_pages(m) * (PAGE_SIZE >> 10);

	ck_assert_uint_eq(vm_commit_limit(m), test_managed_pages(m) * 50 / 100);
	ck_assert_uint_eq(vm_memory_committed(m), 0);
	ck_assert_int_eq(m->vm.overcommit_memory, OVERCOMMIT_GUESS);
	ck_assert_uint_eq(m->vm.user_reserve_kbytes, free_kb / 32);
	ck_assert_uint_eq(m->vm.admin_reserve_kbytes, free_kb / 32);
	test_release(m);
}
END_TEST

/*
 * A 6 GiB machine: a 32nd of its free memory (192 MiB) is above both
 * caps.  Expect user_reserve_kbytes 131072 and admin_reserve_kbytes 8192
 * (init_user_reserve(), init_admin_reserve()).
 */
START_TEST(test_boot_reserves_capped)
{
	struct machine *m = boot("6G");

	ck_assert_uint_gt(test_managed_pages(m) * (PAGE_SIZE >> 10) / 32, 131072);
	ck_assert_uint_eq(m->vm.user_reserve_kbytes, 131072);
	ck_assert_uint_eq(m->vm.admin_reserve_kbytes, 8192);
	test_release(m);
}
END_TEST

/* ---- the policies --------------------------------------------------------- */

/*
 * Mode 0 (the default, OVERCOMMIT_GUESS) on 128 MiB.  __vm_enough_memory()
 * refuses only one request of more than totalram + swap pages.  Expect:
 * a private writable mapping of totalram + 1 pages ENOMEM (one refusal
 * counted, nothing charged, no VMA); of totalram pages fine, charged
 * totalram; one page more fine too (mode 0 ignores the total); 16 TiB
 * private writable ENOMEM; 16 TiB read-only, or writable with
 * MAP_NORESERVE (VM_NORESERVE: accountable_mapping() is false), fine and
 * not charged; 16 TiB shared anonymous ENOMEM (shmem_acct_size()), with
 * MAP_NORESERVE fine and not charged at setup.
 */
START_TEST(test_guess_refuses_more_than_ram)
{
	struct machine *m = boot("128M");
	struct task_struct *t = proc_spawn(m, 1);
	unsigned long ram = test_managed_pages(m);
	uint64_t addr;

	ck_assert_int_eq(map(m, t, pages(ram + 1), PROT_RW, ANON_PRIVATE, NULL), -ENOMEM);
	ck_assert_uint_eq(m->proc_stats.commit_refused, 1);
	ck_assert_uint_eq(vm_memory_committed(m), 0);
	ck_assert_uint_eq(t->mm->nr_vmas, 0);
	ck_assert_int_eq(map(m, t, pages(ram), PROT_RW, ANON_PRIVATE, NULL), 0);
	ck_assert_uint_eq(vm_memory_committed(m), ram);
	ck_assert_int_eq(map(m, t, pages(1), PROT_RW, ANON_PRIVATE, NULL), 0);
	ck_assert_uint_eq(vm_memory_committed(m), ram + 1);
	test_check(m);

	ck_assert_int_eq(map(m, t, 16 * TIB, PROT_RW, ANON_PRIVATE, NULL), -ENOMEM);
	ck_assert_int_eq(map(m, t, 16 * TIB, PROT_READ, ANON_PRIVATE, NULL), 0);
	ck_assert_int_eq(map(m, t, 16 * TIB, PROT_RW, ANON_PRIVATE | MAP_NORESERVE, &addr), 0);
	ck_assert(vma_lookup(t->mm, addr)->vm_flags & VM_NORESERVE);
	ck_assert(!(vma_lookup(t->mm, addr)->vm_flags & VM_ACCOUNT));
	ck_assert_int_eq(map(m, t, 16 * TIB, PROT_RW, ANON_SHARED, NULL), -ENOMEM);
	ck_assert_int_eq(map(m, t, 16 * TIB, PROT_RW, ANON_SHARED | MAP_NORESERVE, NULL), 0);
	ck_assert_uint_eq(vm_memory_committed(m), ram + 1);
	ck_assert_uint_eq(m->proc_stats.commit_refused, 3);
	test_check(m);
	proc_exit_all(m);
	ck_assert_uint_eq(vm_memory_committed(m), 0);
	test_release(m);
}
END_TEST

/*
 * Mode 1 (OVERCOMMIT_ALWAYS): __vm_enough_memory() charges and never
 * refuses.  Expect a 16 TiB private writable mapping on 128 MiB to
 * succeed, Committed_AS 2^32 pages, 17179869184 kB in /proc/meminfo; the
 * munmap refunds it all (remove_mt).
 */
START_TEST(test_always_never_refuses)
{
	struct machine *m = boot("128M");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr;
	char *text;

	sysctl(m, "vm.overcommit_memory", OVERCOMMIT_ALWAYS);
	ck_assert_int_eq(map(m, t, 16 * TIB, PROT_RW, ANON_PRIVATE, &addr), 0);
	ck_assert_uint_eq(vm_memory_committed(m), (uint64_t)1 << 32);
	text = test_render(procfs_meminfo, m);
	ck_assert_ptr_nonnull(strstr(text, "\nCommitted_AS:   17179869184 kB\n"));
	free(text);
	test_check(m);
	ck_assert_int_eq(do_munmap(m, t, addr, 16 * TIB), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 0);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * Mode 2 (OVERCOMMIT_NEVER) on 128 MiB; every task is privileged, so
 * only the user reserve applies: allowed = CommitLimit - min(total_vm /
 * 32, user_reserve_kbytes / 4), and a charge must leave the total
 * (including it) below allowed.  CL = totalram / 2.  Expect:
 *  - an empty process: CL pages refused, CL - 1 pages granted;
 *  - a process of 3200 pages (a read-only mapping, not charged): allowed
 *    is CL - 100, so CL - 100 refused and CL - 101 granted;
 *  - a process of 1 GiB read-only (262144 pages / 32 = 8192): the user
 *    reserve, a 32nd of the boot's free memory (init_user_reserve(): about
 *    1024 pages), caps the share, so CL - reserve refused and
 *    CL - reserve - 1 granted;
 * each process exits before the next (its charge refunded).
 */
START_TEST(test_never_user_reserve)
{
	struct machine *m = boot("128M");
	unsigned long cl = test_managed_pages(m) / 2, reserve = test_managed_pages(m) * 4 / 32 / 4;
	struct task_struct *t;

	ck_assert_uint_lt(reserve, GIB / PAGE_SIZE / 32);
	sysctl(m, "vm.overcommit_memory", OVERCOMMIT_NEVER);
	t = proc_spawn(m, 1);
	ck_assert_int_eq(map(m, t, pages(cl), PROT_RW, ANON_PRIVATE, NULL), -ENOMEM);
	ck_assert_int_eq(map(m, t, pages(cl - 1), PROT_RW, ANON_PRIVATE, NULL), 0);
	test_check(m);
	task_exit(m, t);

	t = proc_spawn(m, 2);
	ck_assert_int_eq(map(m, t, pages(3200), PROT_READ, ANON_PRIVATE, NULL), 0);
	ck_assert_int_eq(map(m, t, pages(cl - 100), PROT_RW, ANON_PRIVATE, NULL), -ENOMEM);
	ck_assert_int_eq(map(m, t, pages(cl - 101), PROT_RW, ANON_PRIVATE, NULL), 0);
	test_check(m);
	task_exit(m, t);

	t = proc_spawn(m, 3);
	ck_assert_int_eq(map(m, t, GIB, PROT_READ, ANON_PRIVATE, NULL), 0);
	ck_assert_int_eq(map(m, t, pages(cl - reserve), PROT_RW, ANON_PRIVATE, NULL), -ENOMEM);
	ck_assert_int_eq(map(m, t, pages(cl - reserve - 1), PROT_RW, ANON_PRIVATE, NULL), 0);
	test_check(m);
	task_exit(m, t);
	ck_assert_uint_eq(vm_memory_committed(m), 0);
	test_release(m);
}
END_TEST

/*
 * Mode 2 with no process (mm NULL) and nothing committed:
 * __vm_enough_memory() keeps the admin reserve from an unprivileged
 * caller only.  Expect CL - admin pages refused and CL - admin - 1 granted
 * without CAP_SYS_ADMIN, CL - admin granted with it; a refusal leaves
 * nothing charged.
 */
START_TEST(test_never_admin_reserve)
{
	struct machine *m = boot("128M");
	long cl = (long)test_managed_pages(m) / 2, admin = (long)m->vm.admin_reserve_kbytes / 4;

	sysctl(m, "vm.overcommit_memory", OVERCOMMIT_NEVER);
	ck_assert_int_eq(__vm_enough_memory(m, NULL, cl - admin, false), -ENOMEM);
	ck_assert_uint_eq(vm_memory_committed(m), 0);
	ck_assert_int_eq(__vm_enough_memory(m, NULL, cl - admin - 1, false), 0);
	vm_unacct_memory(m, cl - admin - 1);
	ck_assert_int_eq(__vm_enough_memory(m, NULL, cl - admin, true), 0);
	vm_unacct_memory(m, cl - admin);
	ck_assert_uint_eq(vm_memory_committed(m), 0);
	test_release(m);
}
END_TEST

/*
 * Mode 2: do_mmap() honours MAP_NORESERVE only while overcommit is
 * allowed, hugetlb always; hugetlb is never charged (accountable_mapping()
 * leaves hugetlbfs out).  Expect a MAP_NORESERVE private writable mapping
 * charged (VM_ACCOUNT, no VM_NORESERVE) and CL pages of it refused; a
 * MAP_HUGETLB|MAP_NORESERVE mapping with VM_NORESERVE, and a reserved
 * MAP_HUGETLB one, both leaving Committed_AS as it was.
 */
START_TEST(test_never_noreserve_and_hugetlb)
{
	struct machine *m = boot("128M");
	struct task_struct *t = proc_spawn(m, 1);
	unsigned long cl = test_managed_pages(m) / 2;
	uint64_t addr;

	sysctl(m, "vm.overcommit_memory", OVERCOMMIT_NEVER);
	ck_assert_int_eq(map(m, t, pages(cl), PROT_RW, ANON_PRIVATE | MAP_NORESERVE, NULL),
			 -ENOMEM);
	ck_assert_int_eq(map(m, t, pages(16), PROT_RW, ANON_PRIVATE | MAP_NORESERVE, &addr), 0);
	ck_assert_uint_eq(vma_lookup(t->mm, addr)->vm_flags & (VM_NORESERVE | VM_ACCOUNT),
			  VM_ACCOUNT);
	ck_assert_uint_eq(vm_memory_committed(m), 16);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 2), 0);
	ck_assert_int_eq(map(m, t, 2 * HPAGE_PMD_SIZE, PROT_RW,
			     ANON_PRIVATE | MAP_HUGETLB | MAP_NORESERVE, &addr), 0);
	ck_assert(vma_lookup(t->mm, addr)->vm_flags & VM_NORESERVE);
	ck_assert_int_eq(map(m, t, 2 * HPAGE_PMD_SIZE, PROT_RW, ANON_PRIVATE | MAP_HUGETLB,
			     NULL), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 16);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * The sysctls behind CommitLimit on 128 MiB (vm_commit_limit(), the
 * handlers of mm/util.c).  Expect: ratio 100 -> totalram; kbytes 4096 ->
 * 1024 pages, and the ratio zeroed (overcommit_kbytes_handler()); ratio 30
 * -> totalram * 30 / 100 and kbytes zeroed (overcommit_ratio_handler());
 * kbytes 0 -> the ratio zeroed again, so CommitLimit 0; ratio 50 with 4
 * huge pages in the pool -> (totalram - 4 * 512) / 2 (hugetlb_total_pages()
 * is left out).
 */
START_TEST(test_commit_limit_sysctls)
{
	struct machine *m = boot("128M");
	unsigned long ram = test_managed_pages(m);

	sysctl(m, "vm.overcommit_ratio", 100);
	ck_assert_uint_eq(vm_commit_limit(m), ram);
	sysctl(m, "vm.overcommit_kbytes", 4096);
	ck_assert_uint_eq(vm_commit_limit(m), 1024);
	ck_assert_int_eq(m->vm.overcommit_ratio, 0);
	sysctl(m, "vm.overcommit_ratio", 30);
	ck_assert_uint_eq(vm_commit_limit(m), ram * 30 / 100);
	ck_assert_uint_eq(m->vm.overcommit_kbytes, 0);
	sysctl(m, "vm.overcommit_kbytes", 0);
	ck_assert_uint_eq(vm_commit_limit(m), 0);
	sysctl(m, "vm.overcommit_ratio", 50);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 4), 0);
	ck_assert_uint_eq(vm_commit_limit(m), (ram - 4 * HPAGE_PMD_NR) * 50 / 100);
	test_release(m);
}
END_TEST

/*
 * The sysctls' ranges (the proc handlers of 6.1's vm_table): overcommit_memory
 * 0..2 (proc_dointvec_minmax), overcommit_ratio an int (proc_dointvec),
 * the kbytes knobs not negative (proc_doulongvec_minmax).  Expect -EINVAL
 * just outside each, 0 at each edge, and a refused write changing nothing.
 */
START_TEST(test_sysctl_ranges)
{
	struct machine *m = boot("16M");
	static const struct {
		const char *name;
		long bad, good;
	} cases[] = {
		{ "vm.overcommit_memory", 3, 2 },
		{ "vm.overcommit_memory", -1, 0 },
		{ "vm.overcommit_ratio", (long)INT_MAX + 1, INT_MAX },
		{ "vm.overcommit_ratio", (long)INT_MIN - 1, INT_MIN },
		{ "vm.overcommit_kbytes", -1, 0 },
		{ "vm.user_reserve_kbytes", -1, 0 },
		{ "vm.admin_reserve_kbytes", -1, 0 },
	};

	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		struct vm_sysctls before = m->vm;

		ck_assert_int_eq(mm_sysctl_write(m, cases[i].name, cases[i].bad), -EINVAL);
		ck_assert_int_eq(m->vm.overcommit_memory, before.overcommit_memory);
		ck_assert_int_eq(m->vm.overcommit_ratio, before.overcommit_ratio);
		ck_assert_uint_eq(m->vm.overcommit_kbytes, before.overcommit_kbytes);
		ck_assert_uint_eq(m->vm.user_reserve_kbytes, before.user_reserve_kbytes);
		ck_assert_uint_eq(m->vm.admin_reserve_kbytes, before.admin_reserve_kbytes);
		ck_assert_int_eq(mm_sysctl_write(m, cases[i].name, cases[i].good), 0);
	}
	test_release(m);
}
END_TEST

/* ---- who charges what --------------------------------------------------- */

/*
 * Mode 0 on 64 MiB, Committed_AS after each step (the checker proves it
 * against the mappings each time):
 *  - 16 read-only private pages: 0 (accountable_mapping() wants write);
 *  - mprotect RW: 16, VM_ACCOUNT (mprotect_fixup()); RO again: still 16
 *    (no refund for making it read-only); RW again: 16 (already charged);
 *  - munmap of 8: 8 (remove_mt() refunds the VM_ACCOUNT pages);
 *  - fork: 16 (dup_mmap() charges the child's VM_ACCOUNT VMA); the
 *    child's exit: 8 (exit_mmap());
 *  - 32 shared anonymous pages: 40 (shmem_acct_size() at setup); fork
 *    charges no more (a shared VMA has no VM_ACCOUNT): 48 with the child's
 *    8 private, 40 after its exit; munmap of the shared mapping: 8 (the
 *    object dies, shmem_unacct_size());
 *  - MAP_FIXED of 4 writable pages over the charged 8: still 8 (the old 4
 *    refunded by the unmap, the new 4 charged);
 *  - 8 shared anonymous pages with MAP_NORESERVE: 8; writing 3 of them
 *    charges one each (shmem_acct_block()): 11;
 *  - a private writable file mapping of 4 pages: 15; a shared one: 15;
 *  - exit: 0.
 */
START_TEST(test_charges_follow_mappings)
{
	struct machine *m = boot("64M");
	struct task_struct *t = proc_spawn(m, 1);
	struct address_space *file = file_lookup(m, "data");
	uint64_t priv, shared, nores, got;

	ck_assert_int_eq(map(m, t, pages(16), PROT_READ, ANON_PRIVATE, &priv), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 0);
	ck_assert_int_eq(do_mprotect(m, t, priv, pages(16), PROT_RW), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 16);
	ck_assert(vma_lookup(t->mm, priv)->vm_flags & VM_ACCOUNT);
	ck_assert_int_eq(do_mprotect(m, t, priv, pages(16), PROT_READ), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 16);
	ck_assert_int_eq(do_mprotect(m, t, priv, pages(16), PROT_RW), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 16);
	ck_assert_int_eq(do_munmap(m, t, priv + pages(8), pages(8)), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 8);
	test_check(m);

	ck_assert_int_eq(task_fork(m, t, 2, NULL), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 16);
	task_exit(m, find_task_by_pid(m, 2));
	ck_assert_uint_eq(vm_memory_committed(m), 8);
	ck_assert_int_eq(map(m, t, pages(32), PROT_RW, ANON_SHARED, &shared), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 40);
	ck_assert_int_eq(task_fork(m, t, 2, NULL), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 48);
	test_check(m);
	task_exit(m, find_task_by_pid(m, 2));
	ck_assert_uint_eq(vm_memory_committed(m), 40);
	ck_assert_int_eq(do_munmap(m, t, shared, pages(32)), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 8);

	ck_assert_int_eq(do_mmap(m, t, priv + pages(2), pages(4), PROT_RW,
				 ANON_PRIVATE | MAP_FIXED, NULL, 0, &got), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 8);
	ck_assert_int_eq(map(m, t, pages(8), PROT_RW, ANON_SHARED | MAP_NORESERVE, &nores), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 8);
	proc_touch(m, t, nores, pages(3), true);
	ck_assert_uint_eq(vm_memory_committed(m), 11);
	ck_assert_int_eq(do_mmap(m, t, 0, pages(4), PROT_RW, MAP_PRIVATE, file, 0, &got), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 15);
	ck_assert_int_eq(do_mmap(m, t, 0, pages(4), PROT_RW, MAP_SHARED, file, 0, &got), 0);
	ck_assert_uint_eq(vm_memory_committed(m), 15);
	test_check(m);
	proc_exit_all(m);
	ck_assert_uint_eq(vm_memory_committed(m), 0);
	test_release(m);
}
END_TEST

/*
 * Mode 2 on 128 MiB, CL = totalram / 2 (even: 16384 pages).  A parent
 * holds P = CL / 2 writable private pages (granted: P < CL).  fork charges
 * the child's copy with the parent's mm (dup_mmap() passes oldmm): the
 * total would be 2P = CL, not below CL - min(P / 32, user reserve).
 * Expect fork ENOMEM, no child, Committed_AS P again.  Then a read-only
 * mapping of CL pages (not charged): mprotect RW of all of it, or of its
 * middle, is refused (mprotect_fixup() charges before it splits), and the
 * VMA stays read-only and whole.
 */
START_TEST(test_never_refuses_fork_and_mprotect)
{
	struct machine *m = boot("128M");
	struct task_struct *t = proc_spawn(m, 1);
	unsigned long cl = test_managed_pages(m) / 2;
	uint64_t ro;
	size_t nr_vmas;

	ck_assert_uint_eq(cl % 2, 0);
	sysctl(m, "vm.overcommit_memory", OVERCOMMIT_NEVER);
	ck_assert_int_eq(map(m, t, pages(cl / 2), PROT_RW, ANON_PRIVATE, NULL), 0);
	ck_assert_int_eq(task_fork(m, t, 2, NULL), -ENOMEM);
	ck_assert_ptr_null(find_task_by_pid(m, 2));
	ck_assert_uint_eq(vm_memory_committed(m), cl / 2);
	test_check(m);

	ck_assert_int_eq(map(m, t, pages(cl), PROT_READ, ANON_PRIVATE, &ro), 0);
	nr_vmas = t->mm->nr_vmas;
	ck_assert_int_eq(do_mprotect(m, t, ro, pages(cl), PROT_RW), -ENOMEM);
	ck_assert_int_eq(do_mprotect(m, t, ro + pages(16), pages(cl - 32), PROT_RW), -ENOMEM);
	ck_assert_uint_eq(t->mm->nr_vmas, nr_vmas);
	ck_assert_uint_eq(vma_lookup(t->mm, ro + pages(16))->vm_flags & VM_ACCESS_FLAGS, VM_READ);
	ck_assert_uint_eq(vm_memory_committed(m), cl / 2);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* ---- populating: mmap ignores what it meets, mlock answers it ------------ */

/*
 * 128 MiB, mode 0: a private writable mapping of exactly totalram pages
 * is granted (not more than totalram), but cannot all be faulted in.
 * Expect: MAP_POPULATE succeeds (mm_populate() ignores errors) after one
 * fault that found no memory; so does MAP_LOCKED (VM_LOCKED set); mlock of
 * such a mapping returns EAGAIN (__mm_populate() met -ENOMEM,
 * __mlock_posix_error_return()) with the VMA locked and one more failed
 * fault; mlock2(MLOCK_ONFAULT) of another returns 0 and faults nothing.
 */
START_TEST(test_populate_more_than_ram)
{
	struct machine *m = boot("128M");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t len = pages(test_managed_pages(m)), addr;
	unsigned long faults;

	ck_assert_int_eq(map(m, t, len, PROT_RW, ANON_PRIVATE | MAP_POPULATE, NULL), 0);
	ck_assert_uint_eq(m->proc_stats.fault_oom, 1);
	t = respawn(m, t);
	ck_assert_int_eq(map(m, t, len, PROT_RW, ANON_PRIVATE | MAP_LOCKED, &addr), 0);
	ck_assert_uint_eq(m->proc_stats.fault_oom, 2);
	ck_assert(vma_lookup(t->mm, addr)->vm_flags & VM_LOCKED);

	t = respawn(m, t);
	ck_assert_int_eq(map(m, t, len, PROT_RW, ANON_PRIVATE, &addr), 0);
	ck_assert_int_eq(do_mlock(m, t, addr, len, 0), -EAGAIN);
	ck_assert_uint_eq(m->proc_stats.fault_oom, 3);
	ck_assert(vma_lookup(t->mm, addr)->vm_flags & VM_LOCKED);
	ck_assert_uint_eq(t->mm->locked_vm, test_managed_pages(m));
	t = respawn(m, t);
	ck_assert_int_eq(map(m, t, len, PROT_RW, ANON_PRIVATE, &addr), 0);
	faults = m->vm_events[PGFAULT];
	ck_assert_int_eq(do_mlock(m, t, addr, len, MLOCK_ONFAULT), 0);
	ck_assert_uint_eq(m->vm_events[PGFAULT], faults);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * hugetlb and mlock (mlock_fixup() leaves hugetlb VMAs alone; populate
 * still faults them).  Expect: a MAP_NORESERVE hugetlb mapping with an
 * empty pool: mlock ENOMEM (hugetlb_no_page()'s SIGBUS is -EFAULT to gup,
 * ENOMEM to mlock), one SIGBUS counted, the VMA not locked, locked_vm 0;
 * with a pool of 2 and a reserved 4 MiB mapping: mlock of all but its
 * first and last 4 KiB returns 0 without splitting the VMA (no EINVAL for
 * an edge off 2 MiB), not locked, both huge pages faulted in.
 */
START_TEST(test_mlock_hugetlb)
{
	struct machine *m = boot("64M");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr;

	ck_assert_int_eq(map(m, t, 2 * HPAGE_PMD_SIZE, PROT_RW,
			     ANON_PRIVATE | MAP_HUGETLB | MAP_NORESERVE, &addr), 0);
	ck_assert_int_eq(do_mlock(m, t, addr, 2 * HPAGE_PMD_SIZE, 0), -ENOMEM);
	ck_assert_uint_eq(m->proc_stats.sigbus, 1);
	ck_assert(!(vma_lookup(t->mm, addr)->vm_flags & VM_LOCKED));
	ck_assert_uint_eq(t->mm->locked_vm, 0);
	ck_assert_int_eq(do_munmap(m, t, addr, 2 * HPAGE_PMD_SIZE), 0);

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 2), 0);
	ck_assert_int_eq(map(m, t, 2 * HPAGE_PMD_SIZE, PROT_RW, ANON_PRIVATE | MAP_HUGETLB,
			     &addr), 0);
	ck_assert_int_eq(do_mlock(m, t, addr + PAGE_SIZE, 2 * HPAGE_PMD_SIZE - 2 * PAGE_SIZE, 0),
			 0);
	ck_assert_uint_eq(t->mm->nr_vmas, 1);
	ck_assert(!(vma_lookup(t->mm, addr)->vm_flags & VM_LOCKED));
	ck_assert_uint_eq(m->hstate.free_huge_pages, 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * mlock over [A, A + 4 pages) mapped, a hole, [A + 8 pages, A + 12)
 * mapped.  apply_vma_lock_flags() walks the VMAs in order and stops at
 * the hole.  Expect ENOMEM, the first VMA locked (locked_vm 4), the
 * second not, nothing faulted.
 */
START_TEST(test_mlock_stops_at_hole)
{
	struct machine *m = boot("64M");
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t a = 0x10000000;

	proc_mmap_anon_at(m, t, a, pages(4), 0);
	proc_mmap_anon_at(m, t, a + pages(8), pages(4), 0);
	ck_assert_int_eq(do_mlock(m, t, a, pages(12), 0), -ENOMEM);
	ck_assert(vma_lookup(t->mm, a)->vm_flags & VM_LOCKED);
	ck_assert(!(vma_lookup(t->mm, a + pages(8))->vm_flags & VM_LOCKED));
	ck_assert_uint_eq(t->mm->locked_vm, 4);
	ck_assert_uint_eq(m->vm_events[PGFAULT], 0);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

Suite *overcommit_suite(void);

Suite *overcommit_suite(void)
{
	Suite *s = suite_create("overcommit");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_boot_limit_and_reserves);
	tcase_add_test(tc, test_boot_reserves_capped);
	tcase_add_test(tc, test_guess_refuses_more_than_ram);
	tcase_add_test(tc, test_always_never_refuses);
	tcase_add_test(tc, test_never_user_reserve);
	tcase_add_test(tc, test_never_admin_reserve);
	tcase_add_test(tc, test_never_noreserve_and_hugetlb);
	tcase_add_test(tc, test_commit_limit_sysctls);
	tcase_add_test(tc, test_sysctl_ranges);
	tcase_add_test(tc, test_charges_follow_mappings);
	tcase_add_test(tc, test_never_refuses_fork_and_mprotect);
	tcase_add_test(tc, test_populate_more_than_ram);
	tcase_add_test(tc, test_mlock_hugetlb);
	tcase_add_test(tc, test_mlock_stops_at_hole);
	suite_add_tcase(s, tc);
	return s;
}
