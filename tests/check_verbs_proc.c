/*
 * tests/check_verbs_proc.c - the trace verbs of simulated processes
 * (sim/verbs_proc.c, sim/args.c, sim/verbs_sysfs.c) and the engine's flag
 * words (sim/engine.c).
 *
 * Each test replays a small in-memory trace "t.trace" (its body starts on
 * line 2, after the header) through engine_replay() with the checkers on
 * after every event, then looks at the machine: the VMAs, PTEs, counters
 * and pages the kernel's system calls would leave.  Bad input is checked
 * by its exact "t.trace:LINE: message" and ENGINE_BAD_INPUT.
 *
 * The machines are one or two small nodes with no reserved memory and THP
 * off unless a test says otherwise.
 *
 * Linux counterpart: the system calls the verbs stand for (mmap(2),
 * munmap(2), mprotect(2), madvise(2), mlock(2), fork(2), set_mempolicy(2),
 * mbind(2)), pin_user_pages(), and the sysfs/sysctl files of THP, hugetlb
 * and drop_caches.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"
#include "sim/engine.h"
#include "sim/procfs.h"
#include "sim/verbs.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"
#include "tests/verbs_fixture.h"
#include "workloads/trace.h"

/* ======================================================================
 * flag words (engine_match_keys)
 * ====================================================================== */

/*
 * A flag word of the verb's row is accepted bare (touch ... write), and a
 * write access is what the MMU then records.  Expect status OK, the page
 * mapped writable and dirty.
 */
START_TEST(test_flag_word_sets_flag)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 addr=0x10000000 len=4K noreplace\n"
		    "touch pid=1 addr=0x10000000 write\n");
	ck_assert(pte_write(*pte_at(&fx, 1, BASE)));
	ck_assert(pte_dirty(*pte_at(&fx, 1, BASE)));
	fx_release(&fx);
}
END_TEST

/*
 * The three ways a word can be wrong: a value given to a flag, a word no
 * row knows, and a bare word for a key that needs a value; a verb without
 * flags keeps its old message.  Expect each exact message.
 */
START_TEST(test_flag_word_errors)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n");
	expect_bad(&fx, "touch pid=1 addr=0x10000 write=1\n",
		   "t.trace:2: flag 'write' takes no value (got 'write=1')");
	expect_bad(&fx, "touch pid=1 addr=0x10000 wrte\n",
		   "t.trace:2: unknown flag 'wrte' for touch");
	expect_bad(&fx, "touch pid=1 addr\n",
		   "t.trace:2: unexpected word 'addr' for touch (expected key=value)");
	expect_bad(&fx, "alloc id=a order=0 gfp=GFP_KERNEL write\n",
		   "t.trace:2: unexpected word 'write' for alloc (expected key=value)");
	fx_release(&fx);
}
END_TEST

/* ======================================================================
 * tasks: spawn, fork, exit, sched
 * ====================================================================== */

/*
 * spawn makes a task with an empty address space on the named CPU (or the
 * CPU of the previous event) and makes it current; the name is the comm,
 * cut to TASK_COMM_LEN - 1 characters as set_task_comm() does.
 * Expect pid 1 on CPU 1 named "db", pid 2 on CPU 1 with a 15-char name.
 */
START_TEST(test_spawn)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1 cpu=1 name=db\n"
		    "spawn pid=2 name=a-very-long-process-name\n");
	ck_assert_int_eq(task(&fx, 1)->cpu, 1);
	ck_assert_str_eq(task(&fx, 1)->comm, "db");
	ck_assert_uint_eq(task(&fx, 1)->mm->nr_vmas, 0);
	ck_assert_int_eq(task(&fx, 2)->cpu, 1);
	ck_assert_str_eq(task(&fx, 2)->comm, "a-very-long-pro");
	ck_assert_ptr_eq(fx.m->current, task(&fx, 2));
	ck_assert_int_eq(fx.m->current_cpu, 1);
	fx_release(&fx);
}
END_TEST

/*
 * Bad spawns: a pid in use, pid 0, a CPU the machine lacks, a pid that is
 * not a number.  Expect each message and no new task.
 */
START_TEST(test_spawn_errors)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n");
	expect_bad(&fx, "spawn pid=1\n", "t.trace:2: pid 1 exists");
	expect_bad(&fx, "spawn pid=0\n", "t.trace:2: pid 0 out of range (1..2147483647)");
	expect_bad(&fx, "spawn pid=3 cpu=2\n", "t.trace:2: cpu 2 out of range (0..1)");
	expect_bad(&fx, "spawn pid=x\n", "t.trace:2: bad value 'x' for pid: not a number");
	ck_assert_uint_eq(fx.m->procs.nr_tasks, 1);
	fx_release(&fx);
}
END_TEST

/*
 * Every verb that names a task refuses a pid that does not exist.
 * Expect "unknown pid 7" for each.
 */
START_TEST(test_unknown_pid)
{
	static const char *const lines[] = {
		"fork pid=7 child=8\n", "exit pid=7\n", "sched pid=7 cpu=0\n",
		"mmap pid=7 len=4K\n", "munmap pid=7 addr=0x10000 len=4K\n",
		"mprotect pid=7 addr=0x10000 len=4K prot=r\n",
		"madvise pid=7 addr=0x10000 len=4K advice=dontneed\n",
		"mlock pid=7 addr=0x10000 len=4K\n", "munlock pid=7 addr=0x10000 len=4K\n",
		"touch pid=7 addr=0x10000\n", "pin id=p pid=7 addr=0x10000\n",
		"get id=p pid=7 addr=0x10000\n", "set_mempolicy pid=7 mode=local\n",
		"mbind pid=7 addr=0x10000 len=4K mode=local\n",
	};
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(lines); i++)
		expect_bad(&fx, lines[i], "t.trace:2: unknown pid 7");
	fx_release(&fx);
}
END_TEST

/*
 * fork shares the parent's anonymous pages write-protected (dup_mmap ->
 * copy_present_pte); the child's first write copies the shared page
 * (do_wp_page -> wp_page_copy), after which the parent's copy is mapped
 * once only and its write reuses it (wp_page_reuse).
 *
 *   parent: touch 4 pages  ->  fork  ->  child writes page 0 (copy)
 *                                     ->  parent writes page 0 (reuse)
 *
 * Expect the child to map the parent's 4 pages read-only after fork, then
 * one copy and one reuse, the parent keeping its frame.
 */
START_TEST(test_fork_cow)
{
	struct fx fx;
	pfn_t parent_pfn;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 len=16K id=buf\n"
		    "touch pid=1 addr=@buf len=16K write\n"
		    "fork pid=1 child=2\n");
	parent_pfn = pte_pfn(*pte_at(&fx, 1, addr_of(&fx, "buf")));
	ck_assert_uint_eq(vma_at(&fx, 2, addr_of(&fx, "buf"))->vm_end, addr_of(&fx, "buf") + 16384);
	ck_assert_uint_eq(pte_pfn(*pte_at(&fx, 2, addr_of(&fx, "buf"))), parent_pfn);
	ck_assert(!pte_write(*pte_at(&fx, 1, addr_of(&fx, "buf"))));
	ck_assert(!pte_write(*pte_at(&fx, 2, addr_of(&fx, "buf"))));
	ck_assert_int_eq(anon_rss(&fx, 2), 4);

	run_ok(&fx, "touch pid=2 addr=@buf write\n");
	ck_assert_uint_eq(fx.m->proc_stats.cow_copies, 1);
	ck_assert_uint_ne(pte_pfn(*pte_at(&fx, 2, addr_of(&fx, "buf"))), parent_pfn);
	run_ok(&fx, "touch pid=1 addr=@buf write\n");
	ck_assert_uint_eq(fx.m->proc_stats.cow_reuses, 1);
	ck_assert_uint_eq(pte_pfn(*pte_at(&fx, 1, addr_of(&fx, "buf"))), parent_pfn);
	ck_assert(pte_write(*pte_at(&fx, 1, addr_of(&fx, "buf"))));
	fx_release(&fx);
}
END_TEST

/*
 * exit unmaps everything and frees the page tables (exit_mmap): after a
 * parent and a forked child with private copies both exit, the free pages
 * are what they were before the first spawn, and no page is mapped.
 * Expect equal free page counts and NR_ANON_MAPPED 0.
 */
START_TEST(test_exit_frees_everything)
{
	struct fx fx;
	unsigned long before;

	fx_boot(&fx, "16M", K_PLAIN);
	before = free_pages(fx.m);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 len=64K id=buf\n"
		    "touch pid=1 addr=@buf len=64K write\n"
		    "fork pid=1 child=2\n"
		    "touch pid=2 addr=@buf len=32K write\n"
		    "exit pid=2\n"
		    "exit pid=1\n");
	ck_assert_ptr_null(find_task_by_pid(fx.m, 1));
	ck_assert_ptr_null(find_task_by_pid(fx.m, 2));
	ck_assert_uint_eq(free_pages(fx.m), before);
	ck_assert_int_eq(NODE_DATA(fx.m, 0)->vm_stat[NR_ANON_MAPPED], 0);
	fx_release(&fx);
}
END_TEST

/*
 * sched moves a task to another CPU, which becomes the current one.
 * Expect t->cpu 1 and m->current_cpu 1.
 */
START_TEST(test_sched)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1 cpu=0\nsched pid=1 cpu=1\n");
	ck_assert_int_eq(task(&fx, 1)->cpu, 1);
	ck_assert_int_eq(fx.m->current_cpu, 1);
	expect_bad(&fx, "sched pid=1 cpu=5\n", "t.trace:2: cpu 5 out of range (0..1)");
	fx_release(&fx);
}
END_TEST

/* ======================================================================
 * mmap
 * ====================================================================== */

/*
 * The defaults: anonymous, private, read-write; the length rounds up to
 * pages; without an address the mapping goes at the top of the free area
 * below mmap_base (unmapped_area_topdown).
 * Expect one VMA [a, a + 8K) ending at mmap_base, VM_READ|VM_WRITE only.
 */
START_TEST(test_mmap_defaults)
{
	struct fx fx;
	struct vm_area_struct *vma;
	uint64_t a;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\nmmap pid=1 len=5000 id=a\n");
	a = addr_of(&fx, "a");
	vma = vma_at(&fx, 1, a);
	ck_assert_uint_eq(vma->vm_start, a);
	ck_assert_uint_eq(vma->vm_end, a + 2 * PAGE_SIZE);
	ck_assert_uint_eq(vma->vm_end, task(&fx, 1)->mm->mmap_base);
	ck_assert_uint_eq(vma->vm_flags & (VM_ACCESS_FLAGS | VM_SHARED), VM_READ | VM_WRITE);
	ck_assert_ptr_null(vma->vm_file);
	fx_release(&fx);
}
END_TEST

/*
 * prot= and a shared file mapping at an offset: the VMA maps the named
 * file from page off >> PAGE_SHIFT; a read fault caches one file page.
 * Expect VM_READ only, VM_SHARED, vm_pgoff 2, the file "data" with one
 * page; prot=none and prot=rwx give no access bits and all three.
 */
START_TEST(test_mmap_file_and_prot)
{
	struct fx fx;
	struct vm_area_struct *vma;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 len=16K file=data off=8K shared prot=r id=f\n"
		    "touch pid=1 addr=@f\n"
		    "mmap pid=1 len=4K prot=none id=n\n"
		    "mmap pid=1 len=4K prot=xwr id=x\n");
	vma = vma_at(&fx, 1, addr_of(&fx, "f"));
	ck_assert_uint_eq(vma->vm_flags & (VM_ACCESS_FLAGS | VM_SHARED), VM_READ | VM_SHARED);
	ck_assert_uint_eq(vma->vm_pgoff, 2);
	ck_assert_ptr_nonnull(vma->vm_file);
	ck_assert_str_eq(vma->vm_file->name, "data");
	ck_assert_uint_eq(vma->vm_file->nrpages, 1);
	ck_assert_uint_eq(vma_at(&fx, 1, addr_of(&fx, "n"))->vm_flags & VM_ACCESS_FLAGS, 0);
	ck_assert_uint_eq(vma_at(&fx, 1, addr_of(&fx, "x"))->vm_flags & VM_ACCESS_FLAGS,
			  VM_ACCESS_FLAGS);
	fx_release(&fx);
}
END_TEST

/*
 * fixed (MAP_FIXED) replaces what was mapped: the middle page of a written
 * 4-page mapping becomes a new read-only mapping, so the old VMA is split
 * around it and its page is freed (do_mmap -> do_munmap).
 *
 *   before: [rw rw rw rw]     after: [rw][r ][rw rw]
 *
 * Expect three VMAs, nothing mapped in the middle, 3 anonymous pages.
 */
START_TEST(test_mmap_fixed_replaces)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 addr=0x10000000 len=16K noreplace\n"
		    "touch pid=1 addr=0x10000000 len=16K write\n"
		    "mmap pid=1 addr=0x10001000 len=4K fixed prot=r\n");
	ck_assert_uint_eq(task(&fx, 1)->mm->nr_vmas, 3);
	ck_assert_uint_eq(vma_at(&fx, 1, BASE + PAGE_SIZE)->vm_flags & VM_ACCESS_FLAGS, VM_READ);
	ck_assert_ptr_null(pte_at(&fx, 1, BASE + PAGE_SIZE));
	ck_assert_int_eq(anon_rss(&fx, 1), 3);
	fx_release(&fx);
}
END_TEST

/*
 * populate faults the whole mapping in at once (MAP_POPULATE: a private
 * writable mapping gets its own pages); locked (MAP_LOCKED) also sets
 * VM_LOCKED and counts locked_vm.
 * Expect 4 pages each, VM_LOCKED and locked_vm 4 for the second.
 */
START_TEST(test_mmap_populate_locked)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 addr=0x10000000 len=16K noreplace populate\n");
	ck_assert_int_eq(anon_rss(&fx, 1), 4);
	run_ok(&fx, "mmap pid=1 addr=0x20000000 len=16K noreplace locked\n");
	ck_assert_int_eq(anon_rss(&fx, 1), 8);
	ck_assert(vma_at(&fx, 1, 0x20000000)->vm_flags & VM_LOCKED);
	ck_assert_uint_eq(task(&fx, 1)->mm->locked_vm, 4);
	fx_release(&fx);
}
END_TEST

/*
 * The ways an mmap line is wrong before the call, and the kernel's errors
 * after it: MAP_FIXED_NOREPLACE over a mapping is EEXIST, a zero length or
 * a misaligned fixed address EINVAL.  Expect each exact message.
 */
START_TEST(test_mmap_errors)
{
	static const struct {
		const char *line, *msg;
	} cases[] = {
		{ "mmap pid=1 addr=0x10000000 len=4K noreplace\n",
		  "mmap: EEXIST: range 0x10000000-0x10001000 overlaps an existing mapping" },
		{ "mmap pid=1 len=4K fixed\n", "fixed needs addr=" },
		{ "mmap pid=1 len=4K noreplace\n", "noreplace needs addr=" },
		{ "mmap pid=1 addr=0x20000000 len=4K fixed noreplace\n",
		  "fixed and noreplace exclude each other" },
		{ "mmap pid=1 len=4K anon file=f\n", "anon and file= exclude each other" },
		{ "mmap pid=1 len=4K off=4K\n", "off= needs file=" },
		{ "mmap pid=1 len=4K file=f off=100\n",
		  "off 0x64 is not a multiple of the page size (4096)" },
		{ "mmap pid=1 len=2M file=f hugetlb\n", "hugetlb maps anonymous memory (no file=)" },
		{ "mmap pid=1 len=4K id=a+b\n",
		  "bad id 'a+b': an address name may not contain '+'" },
		{ "mmap pid=1 len=0\n", "mmap: EINVAL: length 0" },
		{ "mmap pid=1 addr=0x20000010 len=4K fixed\n",
		  "mmap: EINVAL: address 0x20000010 is not aligned to the page size" },
		{ "mmap pid=1 len=12Q\n",
		  "bad value '12Q' for len: not a number (decimal or 0x hex, optional K, M, G or T)" },
		{ "mmap pid=1 len=4K prot=rwz\n",
		  "bad value 'rwz' for prot (none, or r, w and x each at most once, like rw)" },
		{ "mmap pid=1 len=4K prot=rr\n",
		  "bad value 'rr' for prot (none, or r, w and x each at most once, like rw)" },
		{ "mmap pid=1\n", "missing key 'len' for mmap" },
	};
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\nmmap pid=1 addr=0x10000000 len=4K noreplace\n");
	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		char msg[256];

		snprintf(msg, sizeof(msg), "t.trace:2: %s", cases[i].msg);
		expect_bad(&fx, cases[i].line, msg);
	}
	ck_assert_uint_eq(task(&fx, 1)->mm->nr_vmas, 1);
	fx_release(&fx);
}
END_TEST

/*
 * Address names: @NAME is the start of the last mmap with id=NAME, and
 * @NAME+OFFSET (a size) lies inside it; a later mmap with the same id
 * rebinds the name.  Unknown names and bad offsets are input errors.
 * Expect the touched page at @a+8K, the name moved, and the messages.
 */
START_TEST(test_address_names)
{
	struct fx fx;
	uint64_t first;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\nmmap pid=1 len=16K id=a\ntouch pid=1 addr=@a+8K write\n");
	first = addr_of(&fx, "a");
	ck_assert_ptr_nonnull(pte_at(&fx, 1, first + 2 * PAGE_SIZE));
	ck_assert_ptr_null(pte_at(&fx, 1, first));
	run_ok(&fx, "mmap pid=1 len=4K prot=r id=a\n");
	ck_assert_uint_ne(addr_of(&fx, "a"), first);
	expect_bad(&fx, "touch pid=1 addr=@b\n",
		   "t.trace:2: unknown address name '@b' (no earlier mmap with id=b)");
	expect_bad(&fx, "touch pid=1 addr=@a+zz\n",
		   "t.trace:2: bad value 'zz' for addr: not a number (decimal or 0x hex, optional K, M, G or T)");
	expect_bad(&fx, "touch pid=1 addr=@\n",
		   "t.trace:2: bad value '@' for addr: expected @NAME or @NAME+OFFSET");
	fx_release(&fx);
}
END_TEST

/* ======================================================================
 * munmap, mprotect, madvise, mlock, munlock
 * ====================================================================== */

/*
 * munmap of the middle of a mapping splits it (__split_vma) and frees the
 * page there; unmapping a hole is not an error (the kernel returns 0); a
 * misaligned address or a zero length is EINVAL.
 * Expect two VMAs and 3 pages, then the two messages.
 */
START_TEST(test_munmap)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 addr=0x10000000 len=16K noreplace\n"
		    "touch pid=1 addr=0x10000000 len=16K write\n"
		    "munmap pid=1 addr=0x10001000 len=4K\n"
		    "munmap pid=1 addr=0x30000000 len=1M\n");
	ck_assert_uint_eq(task(&fx, 1)->mm->nr_vmas, 2);
	ck_assert_ptr_null(vma_lookup(task(&fx, 1)->mm, BASE + PAGE_SIZE));
	ck_assert_int_eq(anon_rss(&fx, 1), 3);
	expect_bad(&fx, "munmap pid=1 addr=0x10000001 len=4K\n",
		   "t.trace:2: munmap: EINVAL: address 0x10000001 is not page aligned");
	expect_bad(&fx, "munmap pid=1 addr=0x10000000 len=0\n",
		   "t.trace:2: munmap: EINVAL: length 0");
	fx_release(&fx);
}
END_TEST

/*
 * mprotect to read-only: a write is then a protection fault, which the
 * task takes as SIGSEGV (counted, not an error) while reads still work;
 * mprotect over a hole is ENOMEM.
 * Expect one SIGSEGV per task and machine, status OK, then the message.
 */
START_TEST(test_mprotect_and_segv)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 addr=0x10000000 len=8K noreplace\n"
		    "mprotect pid=1 addr=0x10000000 len=8K prot=r\n"
		    "touch pid=1 addr=0x10000000 write\n"
		    "touch pid=1 addr=0x10001000\n");
	ck_assert_uint_eq(vma_at(&fx, 1, BASE)->vm_flags & VM_ACCESS_FLAGS, VM_READ);
	ck_assert_uint_eq(task(&fx, 1)->nr_segv, 1);
	ck_assert_uint_eq(fx.m->proc_stats.segv, 1);
	ck_assert_ptr_nonnull(pte_at(&fx, 1, BASE + PAGE_SIZE));
	expect_bad(&fx, "mprotect pid=1 addr=0x10000000 len=1M prot=rw\n",
		   "t.trace:2: mprotect: ENOMEM: range 0x10000000-0x10100000 is not fully mapped");
	fx_release(&fx);
}
END_TEST

/*
 * MADV_DONTNEED zaps the pages (they go back to the allocator, the page
 * tables stay); MADV_HUGEPAGE / MADV_NOHUGEPAGE set the VMA's flags.
 * Expect 4 pages freed and rss 0, then VM_HUGEPAGE, then VM_NOHUGEPAGE
 * without VM_HUGEPAGE, and the messages of a bad advice and a hole.
 */
START_TEST(test_madvise)
{
	struct fx fx;
	unsigned long before;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 addr=0x10000000 len=16K noreplace\n"
		    "touch pid=1 addr=0x10000000 len=16K write\n");
	before = free_pages(fx.m);
	run_ok(&fx, "madvise pid=1 addr=0x10000000 len=16K advice=dontneed\n");
	ck_assert_int_eq(anon_rss(&fx, 1), 0);
	ck_assert_ptr_null(pte_at(&fx, 1, BASE));
	ck_assert_uint_eq(free_pages(fx.m), before + 4);
	run_ok(&fx, "madvise pid=1 addr=0x10000000 len=16K advice=hugepage\n");
	ck_assert(vma_at(&fx, 1, BASE)->vm_flags & VM_HUGEPAGE);
	run_ok(&fx, "madvise pid=1 addr=0x10000000 len=16K advice=nohugepage\n");
	ck_assert_uint_eq(vma_at(&fx, 1, BASE)->vm_flags & (VM_HUGEPAGE | VM_NOHUGEPAGE),
			  VM_NOHUGEPAGE);
	expect_bad(&fx, "madvise pid=1 addr=0x10000000 len=16K advice=free\n",
		   "t.trace:2: bad value 'free' for advice (dontneed, hugepage, "
		   "nohugepage, cold, pageout, normal, random or sequential)");
	expect_bad(&fx, "madvise pid=1 addr=0x10000000 len=32K advice=dontneed\n",
		   "t.trace:2: madvise: ENOMEM: range 0x10000000-0x10008000 is not fully mapped");
	fx_release(&fx);
}
END_TEST

/*
 * mlock sets VM_LOCKED, counts locked_vm and faults the range in
 * (__mm_populate); onfault (MLOCK_ONFAULT) locks without faulting; munlock
 * clears both flags and the count.
 * Expect 4 pages and locked_vm 4, then VM_LOCKONFAULT with no new pages,
 * then no lock flags and locked_vm 0.
 */
START_TEST(test_mlock_munlock)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 addr=0x10000000 len=16K noreplace\n"
		    "mmap pid=1 addr=0x20000000 len=16K noreplace\n"
		    "mlock pid=1 addr=0x10000000 len=16K\n");
	ck_assert(vma_at(&fx, 1, BASE)->vm_flags & VM_LOCKED);
	ck_assert_uint_eq(task(&fx, 1)->mm->locked_vm, 4);
	ck_assert_int_eq(anon_rss(&fx, 1), 4);
	run_ok(&fx, "mlock pid=1 addr=0x20000000 len=16K onfault\n");
	ck_assert_uint_eq(vma_at(&fx, 1, 0x20000000)->vm_flags & VM_LOCKED_MASK, VM_LOCKED_MASK);
	ck_assert_int_eq(anon_rss(&fx, 1), 4);
	run_ok(&fx, "munlock pid=1 addr=0x10000000 len=16K\n"
		    "munlock pid=1 addr=0x20000000 len=16K\n");
	ck_assert_uint_eq(vma_at(&fx, 1, BASE)->vm_flags & VM_LOCKED_MASK, 0);
	ck_assert_uint_eq(task(&fx, 1)->mm->locked_vm, 0);
	expect_bad(&fx, "mlock pid=1 addr=0x10000000 len=1M\n",
		   "t.trace:2: mlock: ENOMEM: range 0x10000000-0x10100000 is not fully mapped");
	fx_release(&fx);
}
END_TEST

/*
 * With THP "madvise", a write fault in a MADV_HUGEPAGE VMA whose aligned
 * 2 MiB around the address lies inside it maps one huge page with a PMD
 * (do_huge_pmd_anonymous_page); the same fault elsewhere maps 4 KiB.
 * Expect a huge PMD and thp_fault_alloc 1 after the madvised touch, a
 * 4 KiB PTE in the other mapping, and all memory back after exit.
 */
START_TEST(test_madvise_hugepage_fault)
{
	struct fx fx;
	unsigned long before;
	pmd_t *pmd = NULL;

	fx_boot(&fx, "32M", K_THP_MADVISE);
	before = free_pages(fx.m);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 addr=0x40000000 len=4M noreplace id=huge\n"
		    "mmap pid=1 addr=0x50000000 len=4M noreplace id=small\n"
		    "madvise pid=1 addr=@huge len=4M advice=hugepage\n"
		    "touch pid=1 addr=@huge+4K write\n"
		    "touch pid=1 addr=@small write\n");
	follow_pte(fx.m, task(&fx, 1)->mm, 0x40000000, &pmd);
	ck_assert(pmd && pmd_trans_huge(*pmd));
	ck_assert_uint_eq(fx.m->vm_events[THP_FAULT_ALLOC], 1);
	ck_assert_ptr_nonnull(pte_at(&fx, 1, 0x50000000));
	run_ok(&fx, "exit pid=1\n");
	ck_assert_uint_eq(free_pages(fx.m), before);
	fx_release(&fx);
}
END_TEST

/* ======================================================================
 * touch
 * ====================================================================== */

/*
 * touch accesses every page that bytes [addr, addr + len) lie in: from
 * 0x10000800 for 8K that is pages 0, 1 and 2 of the mapping, each a minor
 * fault of its own.  Expect 3 pages, min_flt 3, page 3 untouched.
 */
START_TEST(test_touch_pages)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 addr=0x10000000 len=16K noreplace\n"
		    "touch pid=1 addr=0x10000800 len=8K write\n");
	ck_assert_int_eq(anon_rss(&fx, 1), 3);
	ck_assert_uint_eq(task(&fx, 1)->min_flt, 3);
	ck_assert_ptr_null(pte_at(&fx, 1, BASE + 3 * PAGE_SIZE));
	expect_bad(&fx, "touch pid=1 addr=0x10000000 len=0\n",
		   "t.trace:2: len 0: the range must hold at least one byte");
	expect_bad(&fx, "touch pid=1 addr=0xfffffffffffff000 len=8K\n",
		   "t.trace:2: range 0xfffffffffffff000+0x2000 wraps around");
	fx_release(&fx);
}
END_TEST

/*
 * An access with no VMA is a SIGSEGV for the task, counted, and the
 * replay goes on; a range running off the end of a mapping stops at the
 * first page outside it (the signal ends the program's loop).
 * Expect status OK, two SIGSEGVs, the last mapped page faulted in.
 */
START_TEST(test_touch_segv_counted)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "touch pid=1 addr=0x1000\n"
		    "mmap pid=1 addr=0x10000000 len=16K noreplace\n"
		    "touch pid=1 addr=0x10003000 len=12K write\n");
	ck_assert_uint_eq(task(&fx, 1)->nr_segv, 2);
	ck_assert_uint_eq(fx.m->proc_stats.segv, 2);
	ck_assert_ptr_nonnull(pte_at(&fx, 1, BASE + 3 * PAGE_SIZE));
	fx_release(&fx);
}
END_TEST

/*
 * A trace body of 4096 GFP_KERNEL allocations (as many as a 16 MiB
 * machine has pages, so the last ones fail), then tail.  Free it.
 */
static char *take_16m_then(const char *tail)
{
	size_t cap = 64 * 4096 + strlen(tail) + 1, used = 0;
	char *body = malloc(cap);

	ck_assert_ptr_nonnull(body);
	for (int i = 0; i < 4096; i++)
		used += (size_t)snprintf(body + used, cap - used,
					 "alloc id=k%d order=0 gfp=GFP_KERNEL\n", i);
	snprintf(body + used, cap - used, "%s", tail);
	return body;
}

/*
 * A fault that finds no memory (VM_FAULT_OOM) is counted, not an error:
 * with every free page above the min watermark taken by GFP_KERNEL
 * allocations (failures are counted too), a user page cannot be had
 * either, for each of the 4 pages touched.
 * Expect status OK, fault_oom 4, no page mapped.
 */
START_TEST(test_touch_oom_counted)
{
	struct fx fx;
	char *body = take_16m_then("touch pid=1 addr=0x10000000 len=16K write\n");

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\nmmap pid=1 addr=0x10000000 len=16K noreplace\n");
	run_ok(&fx, body);
	ck_assert_uint_eq(fx.m->proc_stats.fault_oom, 4);
	ck_assert_int_eq(anon_rss(&fx, 1), 0);
	free(body);
	fx_release(&fx);
}
END_TEST

/* ======================================================================
 * pin, get, unpin
 * ====================================================================== */

/*
 * A write pin faults the pages in (breaking CoW) and adds
 * GUP_PIN_COUNTING_BIAS to each small page's refcount, so
 * folio_maybe_dma_pinned() sees it; longterm pins are counted apart.
 * unpin takes the bias off again.
 * Expect refcount 1 + 1024 and pinned, 2 longterm pins; then refcount 1.
 */
START_TEST(test_pin_unpin)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 addr=0x10000000 len=8K noreplace\n"
		    "pin id=dma pid=1 addr=0x10000000 len=8K write longterm\n");
	for (int i = 0; i < 2; i++) {
		struct page *page = page_at(&fx, 1, BASE + (uint64_t)i * PAGE_SIZE);

		ck_assert_int_eq(page_count(page), 1 + GUP_PIN_COUNTING_BIAS);
		ck_assert(page_maybe_dma_pinned(fx.m, page));
	}
	ck_assert_uint_eq(fx.m->proc_stats.pins_longterm, 2);
	run_ok(&fx, "unpin id=dma\n");
	ck_assert_int_eq(page_count(page_at(&fx, 1, BASE)), 1);
	ck_assert(!page_maybe_dma_pinned(fx.m, page_at(&fx, 1, BASE)));
	ck_assert_uint_eq(proc_verbs_state(&fx.e)->pins.nr, 0);
	fx_release(&fx);
}
END_TEST

/*
 * get (FOLL_GET) takes one ordinary reference: not a DMA pin.
 * Expect refcount 2, not pinned, one reference counted; 1 after unpin.
 */
START_TEST(test_get_unpin)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 addr=0x10000000 len=4K noreplace\n"
		    "get id=ref pid=1 addr=0x10000000\n");
	ck_assert_int_eq(page_count(page_at(&fx, 1, BASE)), 2);
	ck_assert(!page_maybe_dma_pinned(fx.m, page_at(&fx, 1, BASE)));
	ck_assert_uint_eq(fx.m->proc_stats.pins, 1);
	run_ok(&fx, "unpin id=ref\n");
	ck_assert_int_eq(page_count(page_at(&fx, 1, BASE)), 1);
	fx_release(&fx);
}
END_TEST

/*
 * A pinned page outlives its process: exit drops the mapping's reference
 * but the pin keeps the page; unpin then frees it.
 * Expect one page fewer free after exit, all back after unpin.
 */
START_TEST(test_pin_outlives_exit)
{
	struct fx fx;
	unsigned long before;

	fx_boot(&fx, "16M", K_PLAIN);
	before = free_pages(fx.m);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 len=4K id=buf\n"
		    "pin id=p pid=1 addr=@buf write\n"
		    "exit pid=1\n");
	ck_assert_uint_eq(free_pages(fx.m), before - 1);
	run_ok(&fx, "unpin id=p\n");
	ck_assert_uint_eq(free_pages(fx.m), before);
	fx_release(&fx);
}
END_TEST

/*
 * Bad pins: an id still held, an unpin of an id never pinned, a pin of an
 * address with no mapping or a write pin of a read-only one (gup's
 * EFAULT), longterm on get.  Expect each message; nothing stays pinned
 * but the first pin.
 */
START_TEST(test_pin_errors)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=1\n"
		    "mmap pid=1 addr=0x10000000 len=4K noreplace\n"
		    "mmap pid=1 addr=0x30000000 len=4K noreplace prot=r\n"
		    "pin id=p pid=1 addr=0x10000000\n");
	expect_bad(&fx, "pin id=p pid=1 addr=0x10000000\n",
		   "t.trace:2: pin id 'p' is already held");
	expect_bad(&fx, "unpin id=q\n",
		   "t.trace:2: unpin of unknown id 'q' (never pinned, or unpinned already)");
	expect_bad(&fx, "pin id=z pid=1 addr=0x20000000\n",
		   "t.trace:2: pin: EFAULT: no mapping at 0x20000000");
	expect_bad(&fx, "get id=w pid=1 addr=0x30000000 write\n",
		   "t.trace:2: get: EFAULT: 0x30000000 is not writable");
	expect_bad(&fx, "get id=g pid=1 addr=0x10000000 longterm\n",
		   "t.trace:2: unknown flag 'longterm' for get");
	ck_assert_uint_eq(proc_verbs_state(&fx.e)->pins.nr, 1);
	fx_release(&fx);
}
END_TEST

/* ======================================================================
 * set_mempolicy, mbind (the values; the policies are mm/mempolicy.c's)
 * ====================================================================== */

/*
 * Policy lines are checked before the call: the mode word, the node list
 * syntax of the kernel ("0-1,3"), nodes the machine has, and static with
 * relative (sanitize_mpol_flags() refuses both).
 * Expect each message on a two-node machine.
 */
START_TEST(test_policy_errors)
{
	static const struct {
		const char *line, *msg;
	} cases[] = {
		{ "set_mempolicy pid=1 mode=sometimes\n",
		  "bad value 'sometimes' for mode (default, preferred, bind, interleave, local or preferred_many)" },
		{ "set_mempolicy pid=1 mode=bind nodes=0-2\n",
		  "node 2 does not exist (the machine has nodes 0-1)" },
		{ "set_mempolicy pid=1 mode=bind nodes=1-0\n",
		  "bad value '1-0' for nodes: expected a node list like 0-1,3" },
		{ "set_mempolicy pid=1 mode=bind nodes=0,\n",
		  "bad value '0,' for nodes: expected a node list like 0-1,3" },
		{ "set_mempolicy pid=1 mode=bind nodes=a\n",
		  "bad value 'a' for nodes: expected a node list like 0-1,3" },
		{ "set_mempolicy pid=1 mode=bind nodes=0 static relative\n",
		  "static and relative exclude each other" },
		{ "mbind pid=1 addr=0x10000000 len=4K mode=interleave nodes=0,9\n",
		  "node 9 does not exist (the machine has nodes 0-1)" },
		{ "mbind pid=1 addr=0x10000000 len=4K mode=bind nodes=0 moved\n",
		  "unknown flag 'moved' for mbind" },
		{ "mbind pid=1 addr=0x10000000 mode=bind\n", "missing key 'len' for mbind" },
	};
	struct fx fx;

	fx_boot_machine(&fx, test_boot_node_pair("16M", "16M", K_PLAIN));
	run_ok(&fx, "spawn pid=1\nmmap pid=1 addr=0x10000000 len=4K noreplace\n");
	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		char msg[256];

		snprintf(msg, sizeof(msg), "t.trace:2: %s", cases[i].msg);
		expect_bad(&fx, cases[i].line, msg);
	}
	fx_release(&fx);
}
END_TEST

/*
 * The policy verbs reach mm/: set_mempolicy bind {1} from cpu 0 places
 * the task's pages on node 1; mbind interleave {0,1} of a VMA alternates
 * by page offset (offset_il_node(): even offsets on node 0, odd on 1).
 * Linux: do_set_mempolicy(), do_mbind(), vma_alloc_folio().
 */
START_TEST(test_policy_verbs_place_pages)
{
	struct fx fx;
	uint64_t a;

	fx_boot_machine(&fx, test_boot_node_pair("16M", "16M", K_PLAIN));
	run_ok(&fx, "spawn pid=1 cpu=0\n"
		    "set_mempolicy pid=1 mode=bind nodes=1\n"
		    "mmap pid=1 len=16K id=b\n"
		    "touch pid=1 addr=@b len=16K write\n"
		    "set_mempolicy pid=1 mode=default\n"
		    "mmap pid=1 len=16K id=i\n"
		    "mbind pid=1 addr=@i len=16K mode=interleave nodes=0-1\n"
		    "touch pid=1 addr=@i len=16K write\n");
	a = addr_of(&fx, "b");
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(page_to_nid(page_at(&fx, 1, a + (uint64_t)i * PAGE_SIZE)), 1);
	a = addr_of(&fx, "i");
	for (int i = 0; i < 4; i++) {
		struct vm_area_struct *vma = vma_at(&fx, 1, a);
		uint64_t off = vma->vm_pgoff + (uint64_t)i;

		ck_assert_int_eq(page_to_nid(page_at(&fx, 1, a + (uint64_t)i * PAGE_SIZE)),
				 (int)(off % 2));
	}
	fx_release(&fx);
}
END_TEST

/*
 * The hugetlb knobs reach the pool: vm.nr_hugepages=4 on two nodes gives
 * 2 + 2 (round robin); node 1's sysfs file set to 3 adds one there; a
 * hugetlb mapping reserves, a touch takes a reserved page from the local
 * node (HugePages_Rsvd falls), exit returns it.
 * Linux: set_max_huge_pages(), hugetlb_reserve_pages(), hugetlb_no_page().
 */
START_TEST(test_hugetlb_verbs)
{
	struct fx fx;
	const struct hstate *h;

	fx_boot_machine(&fx, test_boot_node_pair("32M", "32M", K_PLAIN));
	h = &fx.m->hstate;
	run_ok(&fx, "sysctl vm.nr_hugepages=4\n");
	ck_assert_uint_eq(h->nr_huge_pages_node[0], 2);
	ck_assert_uint_eq(h->nr_huge_pages_node[1], 2);
	run_ok(&fx, "sysfs path=devices/system/node/node1/hugepages/hugepages-2048kB/nr_hugepages "
		    "value=3\n");
	ck_assert_uint_eq(h->nr_huge_pages_node[1], 3);
	ck_assert_uint_eq(h->nr_huge_pages, 5);
	run_ok(&fx, "spawn pid=1 cpu=0\nmmap pid=1 len=4M hugetlb id=h\n");
	ck_assert_uint_eq(h->resv_huge_pages, 2);
	run_ok(&fx, "touch pid=1 addr=@h write\n");
	ck_assert_uint_eq(h->resv_huge_pages, 1);
	ck_assert_uint_eq(h->free_huge_pages_node[0], 1);
	run_ok(&fx, "exit pid=1\n");
	ck_assert_uint_eq(h->free_huge_pages, 5);
	ck_assert_uint_eq(h->resv_huge_pages, 0);
	fx_release(&fx);
}
END_TEST

/* ======================================================================
 * sysfs and the sysctl knobs of the process side
 * ====================================================================== */

static unsigned long isqrt(unsigned long x)
{
	unsigned long r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

/*
 * Writing "enabled" runs start_stop_khugepaged() ->
 * set_recommended_min_free_kbytes() (6.1).  With THP on, min_free_kbytes
 * becomes max(itself, recommended), recommended = pageblock_nr_pages *
 * nr_zones * (2 + MIGRATE_PCPTYPES^2) pages, at most 5% of
 * nr_free_buffer_pages(), in KiB: one 512 MiB zone gives 512 * 11 * 4 =
 * 22528 KiB.  With THP off it is recomputed by calculate_min_free_kbytes():
 * isqrt(lowmem KiB * 16), clamped to 128..262144.  "/sys/" may prefix the
 * path.  Expect both values, computed from nr_free_buffer_pages() at the
 * time of each write.
 */
START_TEST(test_sysfs_thp_enabled)
{
	unsigned long rec, expect;
	struct fx fx;

	fx_boot(&fx, "512M", K_PLAIN);
	ck_assert_int_eq(fx.m->thp.enabled, THP_ENABLED_NEVER);
	rec = pageblock_nr_pages(fx.m) * 1 * (2 + MIGRATE_PCPTYPES * MIGRATE_PCPTYPES);
	if (rec > nr_free_buffer_pages(fx.m) / 20)
		rec = nr_free_buffer_pages(fx.m) / 20;
	rec = pages_to_kb(rec);
	expect = rec > (unsigned long)fx.m->vm.min_free_kbytes ? rec
							      : (unsigned long)fx.m->vm.min_free_kbytes;
	ck_assert_uint_eq(rec, 22528);
	run_ok(&fx, "sysfs path=/sys/kernel/mm/transparent_hugepage/enabled value=always\n");
	ck_assert_int_eq(fx.m->thp.enabled, THP_ENABLED_ALWAYS);
	ck_assert(fx.m->thp_enabled);
	ck_assert_int_eq(fx.m->vm.min_free_kbytes, (int)expect);

	expect = isqrt(pages_to_kb(nr_free_buffer_pages(fx.m)) * 16);
	expect = expect < 128 ? 128 : expect > 262144 ? 262144 : expect;
	run_ok(&fx, "sysfs path=kernel/mm/transparent_hugepage/enabled value=never\n");
	ck_assert_int_eq(fx.m->thp.enabled, THP_ENABLED_NEVER);
	ck_assert(!fx.m->thp_enabled);
	ck_assert_int_eq(fx.m->vm.min_free_kbytes, (int)expect);
	fx_release(&fx);
}
END_TEST

/*
 * defrag and use_zero_page take the kernel's words (defrag_store(),
 * single_hugepage_flag_store()).  Expect each mode stored.
 */
START_TEST(test_sysfs_thp_defrag_zero_page)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "sysfs path=kernel/mm/transparent_hugepage/defrag value=defer+madvise\n"
		    "sysfs path=kernel/mm/transparent_hugepage/use_zero_page value=0\n");
	ck_assert_int_eq(fx.m->thp.defrag, THP_DEFRAG_DEFER_MADVISE);
	ck_assert(!fx.m->thp.use_zero_page);
	run_ok(&fx, "sysfs path=kernel/mm/transparent_hugepage/defrag value=never\n"
		    "sysfs path=kernel/mm/transparent_hugepage/use_zero_page value=1\n");
	ck_assert_int_eq(fx.m->thp.defrag, THP_DEFRAG_NEVER);
	ck_assert(fx.m->thp.use_zero_page);
	fx_release(&fx);
}
END_TEST

/*
 * sysfs nodeN/compact (compact_store()) compacts node N only, and
 * sysctl cpu=N vm.compact_memory=1 (compact_nodes()) every node: two
 * nodes fragmented alike by raw movable pages (every other one freed)
 * gain free order-9 blocks only where compaction ran.
 */
START_TEST(test_compact_node_file)
{
	size_t cap = 200 * 4096, len = 0;
	char *body = malloc(cap);
	unsigned long blocks[2];
	struct fx fx;

	fx_boot_machine(&fx, test_boot_node_pair("16M", "16M", K_PLAIN));
	for (int nid = 0; nid < 2; nid++)
		for (int i = 0; i < 3000; i++)
			len += (size_t)snprintf(body + len, cap - len,
						"alloc id=n%dp%d order=0 gfp=GFP_HIGHUSER_MOVABLE node=%d\n",
						nid, i, nid);
	for (int nid = 0; nid < 2; nid++)
		for (int i = 0; i < 3000; i += 2)
			len += (size_t)snprintf(body + len, cap - len, "free id=n%dp%d\n", nid, i);
	/* The fill is no subject here: checkers once after it, not per event. */
	fx.e.opts.check_every = 0;
	ck_assert_int_eq(run(&fx, body), ENGINE_OK);
	fx.e.opts.check_every = 1;
	for (int nid = 0; nid < 2; nid++)
		blocks[nid] = test_zone(fx.m, nid, ZONE_NORMAL)->free_area[9].nr_free +
			      test_zone(fx.m, nid, ZONE_NORMAL)->free_area[10].nr_free;
	run_ok(&fx, "sysfs path=devices/system/node/node1/compact value=1\n");
	ck_assert_uint_eq(test_zone(fx.m, 0, ZONE_NORMAL)->free_area[9].nr_free +
			  test_zone(fx.m, 0, ZONE_NORMAL)->free_area[10].nr_free, blocks[0]);
	ck_assert_uint_gt(test_zone(fx.m, 1, ZONE_NORMAL)->free_area[9].nr_free +
			  test_zone(fx.m, 1, ZONE_NORMAL)->free_area[10].nr_free, blocks[1]);
	run_ok(&fx, "sysctl cpu=1 vm.compact_memory=1\n");
	ck_assert_int_eq(fx.m->current_cpu, 1);
	ck_assert_uint_gt(test_zone(fx.m, 0, ZONE_NORMAL)->free_area[9].nr_free +
			  test_zone(fx.m, 0, ZONE_NORMAL)->free_area[10].nr_free, blocks[0]);
	expect_bad(&fx, "sysctl cpu=2 vm.compact_memory=1\n", "t.trace:2: cpu 2 out of range (0..1)");
	free(body);
	fx_release(&fx);
}
END_TEST

/*
 * Refused sysfs writes: a value the store rejects, a file that does not
 * exist, a node directory of a node the machine lacks (hugetlb registers
 * nodes with memory only), a pool size that is not a number.  The pool
 * files of existing nodes are accepted.  Expect each message.
 */
START_TEST(test_sysfs_errors)
{
	struct fx fx;

	fx_boot_machine(&fx, test_boot_node_pair("16M", "16M", K_PLAIN));
	run_ok(&fx, "sysfs path=kernel/mm/hugepages/hugepages-2048kB/nr_hugepages value=0\n"
		    "sysfs path=kernel/mm/hugepages/hugepages-2048kB/nr_overcommit_hugepages value=0\n"
		    "sysfs path=devices/system/node/node1/hugepages/hugepages-2048kB/nr_hugepages value=0\n");
	expect_bad(&fx, "sysfs path=kernel/mm/transparent_hugepage/enabled value=sometimes\n",
		   "t.trace:2: bad value 'sometimes' for kernel/mm/transparent_hugepage/enabled (always, madvise or never)");
	expect_bad(&fx, "sysfs path=kernel/mm/transparent_hugepage/use_zero_page value=2\n",
		   "t.trace:2: bad value '2' for kernel/mm/transparent_hugepage/use_zero_page (0 or 1)");
	expect_bad(&fx, "sysfs path=kernel/mm/foo value=1\n",
		   "t.trace:2: unknown sysfs file 'kernel/mm/foo'");
	expect_bad(&fx, "sysfs path=devices/system/node/node2/hugepages/hugepages-2048kB/nr_hugepages value=1\n",
		   "t.trace:2: unknown sysfs file 'devices/system/node/node2/hugepages/hugepages-2048kB/nr_hugepages'");
	expect_bad(&fx, "sysfs path=devices/system/node/node2/compact value=1\n",
		   "t.trace:2: unknown sysfs file 'devices/system/node/node2/compact'");
	expect_bad(&fx, "sysfs path=kernel/mm/hugepages/hugepages-2048kB/nr_hugepages value=x\n",
		   "t.trace:2: bad value 'x' for kernel/mm/hugepages/hugepages-2048kB/nr_hugepages: not a number");
	fx_release(&fx);
}
END_TEST

/*
 * vm.drop_caches (drop_caches_sysctl_handler(), 1..4): bit 1 counts
 * drop_pagecache, bit 2 drop_slab, 4 neither; the hugetlb knobs take any
 * count >= 0.  Expect the counters 2 and 2 after 1, 2, 3, 4, and the
 * range messages.
 */
START_TEST(test_sysctl_proc_knobs)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "sysctl vm.drop_caches=1\nsysctl vm.drop_caches=2\n"
		    "sysctl vm.drop_caches=3\nsysctl vm.drop_caches=4\n"
		    "sysctl vm.nr_hugepages=0 vm.nr_overcommit_hugepages=0\n");
	ck_assert_uint_eq(fx.m->vm_events[DROP_PAGECACHE], 2);
	ck_assert_uint_eq(fx.m->vm_events[DROP_SLAB], 2);
	expect_bad(&fx, "sysctl vm.drop_caches=0\n",
		   "t.trace:2: value 0 out of range for vm.drop_caches");
	expect_bad(&fx, "sysctl vm.drop_caches=5\n",
		   "t.trace:2: value 5 out of range for vm.drop_caches");
	expect_bad(&fx, "sysctl vm.nr_hugepages=-1\n",
		   "t.trace:2: value -1 out of range for vm.nr_hugepages");
	fx_release(&fx);
}
END_TEST

/* ======================================================================
 * committed memory and populate errors
 * ====================================================================== */

/*
 * A failed charge is a failed system call, so an input error that names
 * the overcommit rule (__vm_enough_memory()).  On 128 MiB: mode 0 refuses
 * mmap of 16 TiB (more than totalram), mode 1 grants it; mode 2
 * (CommitLimit = totalram / 2, nothing committed) refuses an mmap of
 * CommitLimit pages, an mprotect that makes that much writable, and a
 * fork whose child would take the total to CommitLimit.  Expect each
 * exact message with the values meminfo would show.
 */
START_TEST(test_overcommit_refusals)
{
	struct fx fx;
	unsigned long ram, cl_kb;
	char body[256], msg[512];

	fx_boot(&fx, "128M", K_PLAIN);
	ram = test_managed_pages(fx.m);
	cl_kb = ram / 2 * (PAGE_SIZE >> 10);
	snprintf(msg, sizeof(msg), "t.trace:3: mmap: ENOMEM: the charge of 0x100000000000 bytes "
		 "is refused: vm.overcommit_memory=0 refuses a single charge larger than the RAM "
		 "(%lu pages; no swap)", ram);
	expect_bad(&fx, "spawn pid=1\nmmap pid=1 len=16T\n", msg);
	run_ok(&fx, "sysctl vm.overcommit_memory=1\nmmap pid=1 len=16T id=big\n"
		    "munmap pid=1 addr=@big len=16T\nsysctl vm.overcommit_memory=2\n");

	snprintf(body, sizeof(body), "mmap pid=1 len=%luK\n", cl_kb);
	snprintf(msg, sizeof(msg), "t.trace:2: mmap: ENOMEM: the charge of 0x%lx bytes is "
		 "refused: vm.overcommit_memory=2 keeps Committed_AS (0 kB) below CommitLimit "
		 "(%lu kB) less the reserves", cl_kb << 10, cl_kb);
	expect_bad(&fx, body, msg);
	snprintf(body, sizeof(body), "mmap pid=1 addr=0x10000000 len=%luK prot=r noreplace\n"
		 "mprotect pid=1 addr=0x10000000 len=%luK prot=rw\n", cl_kb, cl_kb);
	snprintf(msg, sizeof(msg), "t.trace:3: mprotect: ENOMEM: making 0x10000000-0x%lx "
		 "writable charges it, refused: vm.overcommit_memory=2 keeps Committed_AS (0 kB) "
		 "below CommitLimit (%lu kB) less the reserves", 0x10000000ul + (cl_kb << 10), cl_kb);
	expect_bad(&fx, body, msg);
	snprintf(body, sizeof(body), "mmap pid=1 len=%luK\nfork pid=1 child=2\n", cl_kb / 2);
	snprintf(msg, sizeof(msg), "t.trace:3: fork: ENOMEM: the copies of the private "
		 "writable mappings are charged again, and refused: vm.overcommit_memory=2 keeps "
		 "Committed_AS (%lu kB) below CommitLimit (%lu kB) less the reserves",
		 cl_kb / 2, cl_kb);
	expect_bad(&fx, body, msg);
	fx_release(&fx);
}
END_TEST

/*
 * The overcommit sysctls' ranges as the kernel's proc handlers check
 * them (overcommit_memory 0..2, overcommit_ratio an int, the kbytes knobs
 * not negative): out of range is an input error.
 */
START_TEST(test_overcommit_sysctl_errors)
{
	static const struct {
		const char *line, *msg;
	} cases[] = {
		{ "sysctl vm.overcommit_memory=3\n",
		  "t.trace:2: value 3 out of range for vm.overcommit_memory" },
		{ "sysctl vm.overcommit_memory=-1\n",
		  "t.trace:2: value -1 out of range for vm.overcommit_memory" },
		{ "sysctl vm.overcommit_ratio=2147483648\n",
		  "t.trace:2: value 2147483648 out of range for vm.overcommit_ratio" },
		{ "sysctl vm.overcommit_kbytes=-1\n",
		  "t.trace:2: value -1 out of range for vm.overcommit_kbytes" },
		{ "sysctl vm.user_reserve_kbytes=-1\n",
		  "t.trace:2: value -1 out of range for vm.user_reserve_kbytes" },
		{ "sysctl vm.admin_reserve_kbytes=-1\n",
		  "t.trace:2: value -1 out of range for vm.admin_reserve_kbytes" },
	};
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "sysctl vm.overcommit_memory=2 vm.overcommit_ratio=-5 "
		    "vm.overcommit_kbytes=1024 vm.user_reserve_kbytes=0 vm.admin_reserve_kbytes=0\n");
	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++)
		expect_bad(&fx, cases[i].line, cases[i].msg);
	fx_release(&fx);
}
END_TEST

/*
 * mlock answers what faulting the range in met (do_mlock() ->
 * __mm_populate(), __mlock_posix_error_return()); mmap's populate ignores
 * it.  Expect: mlock of a PROT_NONE mapping ENOMEM (gup's EFAULT); with
 * every page of the 16 MiB machine taken by alloc, mmap populate of 16K
 * fine (one fault found no memory), and mlock of it EAGAIN.
 */
START_TEST(test_mlock_populate_errors)
{
	struct fx fx;
	char *body = take_16m_then("mmap pid=1 addr=0x20000000 len=16K noreplace populate\n");

	fx_boot(&fx, "16M", K_PLAIN);
	expect_bad(&fx, "spawn pid=1\nmmap pid=1 addr=0x10000000 len=16K prot=none noreplace\n"
			"mlock pid=1 addr=0x10000000 len=16K\n",
		   "t.trace:4: mlock: ENOMEM: range 0x10000000-0x10004000 is locked, but not all "
		   "of it can be faulted in (a PROT_NONE mapping, or a hugetlb mapping without a "
		   "huge page)");
	run_ok(&fx, body);
	ck_assert_uint_eq(fx.m->proc_stats.fault_oom, 1);
	expect_bad(&fx, "mlock pid=1 addr=0x20000000 len=16K\n",
		   "t.trace:2: mlock: EAGAIN: range 0x20000000-0x20004000 is locked, but faulting "
		   "it in found no memory");
	free(body);
	fx_release(&fx);
}
END_TEST

/* ======================================================================
 * whole replays
 * ====================================================================== */

static const char determinism_trace[] =
	"spawn pid=1 cpu=0\n"
	"mmap pid=1 len=256K id=heap\n"
	"touch pid=1 addr=@heap len=256K write\n"
	"fork pid=1 child=2\n"
	"sched pid=2 cpu=1\n"
	"touch pid=2 addr=@heap+64K len=64K write\n"
	"pin id=p pid=2 addr=@heap len=16K write\n"
	"madvise pid=1 addr=@heap len=32K advice=dontneed\n"
	"munmap pid=1 addr=@heap+128K len=64K\n"
	"exit pid=1\n"
	"touch pid=2 addr=0x1000\n";

/*
 * The same trace on two machines booted alike gives the same machine:
 * the same /proc/vmstat, buddyinfo and zoneinfo text, the same frames
 * pinned at the same addresses.  Expect identical renderings and pfns.
 */
START_TEST(test_determinism)
{
	struct fx a, b;
	void (*views[])(FILE *, const struct machine *) = {
		procfs_vmstat, procfs_buddyinfo, procfs_zoneinfo,
	};
	fx_boot(&a, "16M", K_PLAIN);
	fx_boot(&b, "16M", K_PLAIN);
	run_ok(&a, determinism_trace);
	run_ok(&b, determinism_trace);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(views); i++) {
		char *ta = test_render(views[i], a.m), *tb = test_render(views[i], b.m);

		ck_assert_str_eq(ta, tb);
		free(ta);
		free(tb);
	}
	for (uint64_t off = 0; off < 16384; off += PAGE_SIZE) {
		struct page *pa = page_at(&a, 2, addr_of(&a, "heap") + off);
		struct page *pb = page_at(&b, 2, addr_of(&b, "heap") + off);

		ck_assert(page_maybe_dma_pinned(a.m, pa));
		ck_assert_uint_eq(page_to_pfn(a.m, pa), page_to_pfn(b.m, pb));
	}
	ck_assert_uint_eq(a.m->proc_stats.segv, 1);
	fx_release(&a);
	fx_release(&b);
}
END_TEST

/*
 * workloads/samples/fork-cow.trace replays on a small machine with the
 * checkers after every event, and leaves no task and no anonymous page.
 * Expect status OK.
 */
START_TEST(test_sample_fork_cow)
{
	struct engine_opts opts = { .check_every = 1 };
	struct machine *m = test_boot_node("32M", 2, K_PLAIN);
	char err[512];
	struct trace_reader *r = trace_reader_open("workloads/samples/fork-cow.trace", err,
						   sizeof(err));
	struct engine e;
	enum engine_status st;

	ck_assert_msg(r != NULL, "%s (run the tests from the project root)", err);
	engine_init(&e, m, &opts);
	st = engine_replay(&e, r);
	ck_assert_msg(st == ENGINE_OK, "%s", e.msg);
	ck_assert_uint_eq(m->procs.nr_tasks, 0);
	ck_assert_int_eq(NODE_DATA(m, 0)->vm_stat[NR_ANON_MAPPED], 0);
	trace_reader_close(r);
	engine_release(&e);
	test_release(m);
}
END_TEST

/*
 * results.json's "migration" object after nr_pages base pages moved: the
 * counters as vmstat has them, the bytes those pages hold, at least one
 * folio per 2 MiB and at most one per page, a time the cost model
 * charged (hw/migrate_cost.c: never 0 for a move), and the throughput as
 * bytes per microsecond (decimal MB/s) of that time.
 */
static void expect_migration_object(const char *results, long nr_pages)
{
	json_error_t jerr;
	json_t *root = json_load_file(results, 0, &jerr), *mig;
	json_int_t bytes, time_ns, folios;

	ck_assert_msg(root != NULL, "%s", jerr.text);
	mig = json_object_get(root, "migration");
	ck_assert_ptr_nonnull(mig);
	bytes = json_integer_value(json_object_get(mig, "bytes"));
	time_ns = json_integer_value(json_object_get(mig, "time_ns"));
	folios = json_integer_value(json_object_get(mig, "folios"));
	ck_assert_int_eq(json_integer_value(json_object_get(mig, "pgmigrate_success")), nr_pages);
	ck_assert_int_eq(json_integer_value(json_object_get(mig, "pgmigrate_fail")), 0);
	ck_assert_int_eq(bytes, nr_pages * (json_int_t)PAGE_SIZE);
	ck_assert_int_ge(folios, nr_pages / HPAGE_PMD_NR);
	ck_assert_int_le(folios, nr_pages);
	ck_assert_int_gt(time_ns, 0);
	ck_assert_int_eq(json_integer_value(json_object_get(mig, "throughput_mbps")),
			 bytes * 1000 / time_ns);
	json_decref(root);
}

/*
 * workloads/samples/migrate.trace, the README's example, on the default
 * machine: the 64 MiB the task wrote from CPU 0 are all on node 0 (the
 * local policy), and migrate_pages from 0 to 1 with MPOL_MF_MOVE_ALL
 * moves every one of their 16384 pages (do_migrate_pages(): the only
 * source node, nothing shared).  Expect numa_maps N0=16384 before,
 * N1=16384 after and vmstat's pgmigrate_success 16384.
 */
START_TEST(test_sample_migrate)
{
	char out[4096], err[1024], dir[128];
	char *vmstat, *before, *after;
	int status;

	test_scratch_dir(dir, sizeof(dir), "verbs-migrate");
	status = test_numasim_at(dir, out, sizeof(out), err, sizeof(err),
				 "run -o @/out workloads/samples/migrate.trace");
	ck_assert_msg(status == 0, "status %d: %s", status, err);
	vmstat = test_read_file(test_path_in(dir, "out/snapshots/after/vmstat"));
	before = test_read_file(test_path_in(dir, "out/snapshots/before/1/numa_maps"));
	after = test_read_file(test_path_in(dir, "out/snapshots/after/1/numa_maps"));
	ck_assert_ptr_nonnull(strstr(vmstat, "\npgmigrate_success 16384\n"));
	ck_assert_ptr_nonnull(strstr(before, " N0=16384 "));
	ck_assert_ptr_null(strstr(before, " N1="));
	ck_assert_ptr_nonnull(strstr(after, " N1=16384 "));
	ck_assert_ptr_null(strstr(after, " N0="));
	expect_migration_object(test_path_in(dir, "out/results.json"), 16384);
	free(vmstat);
	free(before);
	free(after);
	test_remove_dir(dir);
}
END_TEST

/*
 * The command line: a process trace replays (exit 0), and a bad event
 * stops numasim with exit status 2 and "FILE:LINE: message" on stderr.
 * Expect both.
 */
START_TEST(test_cli)
{
	char out[4096], err[1024], dir[128], args[512];
	int status;

	test_scratch_dir(dir, sizeof(dir), "verbs-proc");
	snprintf(args, sizeof(args), "run -c tests/data/cli/small.json -o %s/ok tests/data/proc/good.trace",
		 dir);
	status = test_run_numasim(args, out, sizeof(out), err, sizeof(err));
	ck_assert_msg(status == 0, "status %d: %s", status, err);
	snprintf(args, sizeof(args), "run -c tests/data/cli/small.json -o %s/bad tests/data/proc/overlap.trace",
		 dir);
	status = test_run_numasim(args, out, sizeof(out), err, sizeof(err));
	ck_assert_int_eq(status, 2);
	ck_assert_str_eq(err, "tests/data/proc/overlap.trace:6: mmap: EEXIST: range 0x10002000-0x10006000 overlaps an existing mapping\n");
	test_remove_dir(dir);
}
END_TEST

Suite *verbs_proc_suite(void);	/* called by the runner through suites.h */
Suite *verbs_proc_suite(void)
{
	Suite *s = suite_create("verbs_proc");
	TCase *tc;

	tc = tcase_create("flags");
	tcase_add_test(tc, test_flag_word_sets_flag);
	tcase_add_test(tc, test_flag_word_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("tasks");
	tcase_add_test(tc, test_spawn);
	tcase_add_test(tc, test_spawn_errors);
	tcase_add_test(tc, test_unknown_pid);
	tcase_add_test(tc, test_fork_cow);
	tcase_add_test(tc, test_exit_frees_everything);
	tcase_add_test(tc, test_sched);
	suite_add_tcase(s, tc);

	tc = tcase_create("mmap");
	tcase_add_test(tc, test_mmap_defaults);
	tcase_add_test(tc, test_mmap_file_and_prot);
	tcase_add_test(tc, test_mmap_fixed_replaces);
	tcase_add_test(tc, test_mmap_populate_locked);
	tcase_add_test(tc, test_mmap_errors);
	tcase_add_test(tc, test_address_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("ranges");
	tcase_add_test(tc, test_munmap);
	tcase_add_test(tc, test_mprotect_and_segv);
	tcase_add_test(tc, test_madvise);
	tcase_add_test(tc, test_mlock_munlock);
	tcase_add_test(tc, test_madvise_hugepage_fault);
	suite_add_tcase(s, tc);

	tc = tcase_create("touch");
	tcase_add_test(tc, test_touch_pages);
	tcase_add_test(tc, test_touch_segv_counted);
	tcase_add_test(tc, test_touch_oom_counted);
	suite_add_tcase(s, tc);

	tc = tcase_create("pins");
	tcase_add_test(tc, test_pin_unpin);
	tcase_add_test(tc, test_get_unpin);
	tcase_add_test(tc, test_pin_outlives_exit);
	tcase_add_test(tc, test_pin_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("policy");
	tcase_add_test(tc, test_policy_errors);
	tcase_add_test(tc, test_policy_verbs_place_pages);
	tcase_add_test(tc, test_hugetlb_verbs);
	suite_add_tcase(s, tc);

	tc = tcase_create("sysfs");
	tcase_add_test(tc, test_sysfs_thp_enabled);
	tcase_add_test(tc, test_sysfs_thp_defrag_zero_page);
	tcase_add_test(tc, test_sysfs_errors);
	tcase_add_test(tc, test_compact_node_file);
	tcase_add_test(tc, test_sysctl_proc_knobs);
	suite_add_tcase(s, tc);

	tc = tcase_create("overcommit");
	tcase_add_test(tc, test_overcommit_refusals);
	tcase_add_test(tc, test_overcommit_sysctl_errors);
	tcase_add_test(tc, test_mlock_populate_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("replay");
	tcase_add_test(tc, test_determinism);
	tcase_add_test(tc, test_sample_fork_cow);
	tcase_add_test(tc, test_sample_migrate);
	tcase_add_test(tc, test_cli);
	suite_add_tcase(s, tc);
	return s;
}
