/*
 * tests/check_oom.c - the OOM killer (mm/oom_kill.c, the slow path's
 * __alloc_pages_may_oom()) and its trace verbs (sim/verbs_oom.c).
 *
 * Machines of 16 MiB nodes, THP off, nothing reserved, no watermarks
 * (nor boosts of them), no swap and no page cache: what tasks fault in can only come back by a kill.  The
 * memory is filled by test_take_all() (__GFP_THISNODE, which never calls
 * the OOM killer), so the next allocation that may invoke it does.  The
 * checkers run after every step.
 */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/cpuset.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/oom.h"
#include "mm/trace_schema.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"
#include "tests/verbs_fixture.h"

#define K_OOM		TEST_K_BASE ", \"reserved\": \"0\", \"pcp\": false, \"min_free_kbytes\": 0," \
			" \"watermark_boost_factor\": 0, \"transparent_hugepage\": \"never\""
#define MASK(bits)	(&(nodemask_t){ (bits) })

static struct machine *boot_one(void)
{
	return test_boot_node("16M", 1, K_OOM);
}

/* A task with nr_pages of anonymous memory faulted in (written). */
static struct task_struct *task_with(struct machine *m, int pid, unsigned long nr_pages)
{
	struct task_struct *t = proc_spawn(m, pid);
	uint64_t addr = proc_mmap_anon(m, t, nr_pages * PAGE_SIZE);

	proc_touch(m, t, addr, nr_pages * PAGE_SIZE, true);
	ck_assert_int_eq(t->mm->rss_stat[MM_ANONPAGES], (long)nr_pages);
	return t;
}

/* One more page for t, through its fault path: the OOM killer's caller. */
static vm_fault_t fault_one(struct machine *m, struct task_struct *t)
{
	uint64_t addr = proc_mmap_anon(m, t, PAGE_SIZE);

	return user_access(m, t, addr, true);
}

/*
 * oom_badness() as 6.1 computes it: rss (anon + file + shmem) + swap
 * entries + page-table bytes / PAGE_SIZE, plus oom_score_adj times
 * totalpages / 1000 (integer division first); LONG_MIN for
 * oom_score_adj -1000 and for init (pid 1).
 */
START_TEST(test_oom_badness_formula)
{
	struct machine *m = boot_one();
	struct task_struct *t = task_with(m, 2, 10);
	struct task_struct *init = task_with(m, 1, 10);
	long base = 10 + (long)(t->mm->pgtables_bytes / PAGE_SIZE);

	ck_assert_uint_gt(t->mm->pgtables_bytes, 0);
	ck_assert_int_eq(oom_badness(t, 100000), base);
	ck_assert_int_eq(oom_set_score_adj(m, t, 500), 0);
	ck_assert_int_eq(oom_badness(t, 100000), base + 500 * 100);
	ck_assert_int_eq(oom_badness(t, 1999), base + 500 * 1);	/* 1999 / 1000 = 1 */
	ck_assert_int_eq(oom_badness(t, 999), base);		/* 999 / 1000 = 0 */
	ck_assert_int_eq(oom_set_score_adj(m, t, -300), 0);
	ck_assert_int_eq(oom_badness(t, 100000), base - 300 * 100);
	ck_assert_int_eq(oom_set_score_adj(m, t, OOM_SCORE_ADJ_MIN), 0);
	ck_assert_int_eq(oom_badness(t, 100000), LONG_MIN);
	ck_assert_int_eq(oom_set_score_adj(m, t, 1001), -EINVAL);
	ck_assert_int_eq(oom_set_score_adj(m, t, -1001), -EINVAL);
	ck_assert_int_eq(t->oom_score_adj, OOM_SCORE_ADJ_MIN);
	ck_assert_int_eq(oom_badness(init, 100000), LONG_MIN);
	/* proc_oom_score(): (1000 + points * 1000 / totalpages) * 2 / 3; 0 when unkillable. */
	ck_assert_uint_eq(oom_score(m, t), 0);
	ck_assert_int_eq(oom_set_score_adj(m, t, 0), 0);
	ck_assert_uint_eq(oom_score(m, t),
			  (unsigned long)((1000 + base * 1000 / (long)totalram_pages(m)) * 2 / 3));
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * With memory full, a fault of a small task kills the task with the most
 * memory (select_bad_process()), whose pages go back to the free lists
 * at once; the fault is retried and succeeds; oom_kill counts 1.
 */
START_TEST(test_oom_kills_largest)
{
	struct machine *m = boot_one();
	struct task_struct *small = task_with(m, 2, 100), *faulter;
	unsigned long free_before;

	task_with(m, 3, 1500);
	faulter = task_with(m, 4, 10);

	test_take_all(m, 0);
	free_before = proc_free_pages(m);
	ck_assert_uint_eq(fault_one(m, faulter), 0);
	ck_assert_ptr_null(find_task_by_pid(m, 3));
	ck_assert_ptr_eq(find_task_by_pid(m, 2), small);
	ck_assert_uint_eq(m->vm_events[OOM_KILL], 1);
	ck_assert_uint_eq(m->oom.nr_kills, 1);
	ck_assert_int_eq(m->oom.kills[0].pid, 3);
	ck_assert_uint_eq(m->oom.kills[0].anon_rss_kb, 1500 * (PAGE_SIZE >> 10));
	ck_assert_int_eq(m->oom.kills[0].constraint, CONSTRAINT_NONE);
	/* Its 1500 pages and its page tables, less the page the retry took. */
	ck_assert_uint_ge(proc_free_pages(m), free_before + 1500 - 1);
	ck_assert_uint_eq(faulter->mm->rss_stat[MM_ANONPAGES], 11);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * oom_score_adj: -1000 is never chosen, however large the task; +1000
 * adds a whole domain's worth of points (totalpages / 1000 * 1000), so
 * a small task with it goes before a large one.
 */
START_TEST(test_oom_score_adj_choice)
{
	struct machine *m = boot_one();
	struct task_struct *big = task_with(m, 2, 1500);
	struct task_struct *faulter = task_with(m, 4, 10);
	struct task_struct *smallest = task_with(m, 5, 50);

	task_with(m, 3, 100);
	ck_assert_int_eq(oom_set_score_adj(m, big, OOM_SCORE_ADJ_MIN), 0);
	ck_assert_int_eq(oom_set_score_adj(m, faulter, OOM_SCORE_ADJ_MIN), 0);
	test_take_all(m, 0);
	ck_assert_uint_eq(fault_one(m, faulter), 0);
	ck_assert_ptr_null(find_task_by_pid(m, 3));
	ck_assert_ptr_eq(find_task_by_pid(m, 2), big);
	ck_assert_uint_eq(m->oom.nr_kills, 1);
	test_check(m);

	ck_assert_int_eq(oom_set_score_adj(m, big, 0), 0);
	ck_assert_int_eq(oom_set_score_adj(m, smallest, OOM_SCORE_ADJ_MAX), 0);
	test_take_all(m, 0);
	ck_assert_uint_eq(fault_one(m, faulter), 0);
	ck_assert_ptr_null(find_task_by_pid(m, 5));
	ck_assert_ptr_eq(find_task_by_pid(m, 2), big);
	ck_assert_int_eq(m->oom.kills[1].pid, 5);
	/* 50 pages, its page tables, and 1000 thousandths of the domain. */
	ck_assert_int_eq(m->oom.kills[1].points,
			 50 + (long)(m->oom.kills[1].pgtables_kb * 1024 / PAGE_SIZE) +
			 (long)(m->oom.kills[1].totalpages / 1000) * 1000);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * oom_evaluate_task() skips a task only when its points are below the
 * best so far: of two tasks with equal points, the later one of the
 * walk (the higher pid) is chosen.
 */
START_TEST(test_oom_tie_later_wins)
{
	struct machine *m = boot_one();
	struct task_struct *faulter = task_with(m, 2, 10);

	task_with(m, 5, 500);
	task_with(m, 7, 500);
	ck_assert_int_eq(oom_badness(find_task_by_pid(m, 5), 4096),
			 oom_badness(find_task_by_pid(m, 7), 4096));
	test_take_all(m, 0);
	ck_assert_uint_eq(fault_one(m, faulter), 0);
	ck_assert_int_eq(m->oom.kills[0].pid, 7);
	ck_assert_ptr_nonnull(find_task_by_pid(m, 5));
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* Put t in a domain of the nodes of bits: its cpuset or a bind policy. */
typedef int (*confine_fn)(struct machine *m, struct task_struct *t, unsigned long bits);

static int confine_cpuset(struct machine *m, struct task_struct *t, unsigned long bits)
{
	return cpuset_move_task(m, t, MASK(bits), false);
}

static int confine_policy(struct machine *m, struct task_struct *t, unsigned long bits)
{
	return do_set_mempolicy(m, t, MPOL_BIND, MASK(bits));
}

/*
 * Two nodes; task 2 (2000 pages) confined to node 0, tasks 3 (500 pages)
 * and 4 to node 1.  With node 1 full, task 4's fault must kill task 3,
 * the larger task 2 being outside the domain, whose size is node 1's
 * present pages.
 */
static void expect_constrained_kill(confine_fn confine, int constraint)
{
	struct machine *m = proc_boot_16m_nodes(2, K_OOM);
	struct task_struct *a = proc_spawn(m, 2), *b = proc_spawn(m, 3), *c = proc_spawn(m, 4);
	uint64_t addr;

	ck_assert_int_eq(confine(m, a, 0x1), 0);
	ck_assert_int_eq(confine(m, b, 0x2), 0);
	ck_assert_int_eq(confine(m, c, 0x2), 0);
	addr = proc_mmap_anon(m, a, 2000 * PAGE_SIZE);
	proc_touch(m, a, addr, 2000 * PAGE_SIZE, true);
	addr = proc_mmap_anon(m, b, 500 * PAGE_SIZE);
	proc_touch(m, b, addr, 500 * PAGE_SIZE, true);
	ck_assert_int_eq(proc_nid_at(m, b, addr), 1);
	test_take_all(m, 1);
	ck_assert_uint_eq(fault_one(m, c), 0);
	ck_assert_uint_eq(m->oom.nr_kills, 1);
	ck_assert_int_eq(m->oom.kills[0].pid, 3);
	ck_assert_int_eq(m->oom.kills[0].constraint, constraint);
	ck_assert_uint_eq(m->oom.kills[0].totalpages, m->node_data[1]->node_present_pages);
	ck_assert_ptr_eq(find_task_by_pid(m, 2), a);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}

/*
 * CONSTRAINT_CPUSET (constrained_alloc()): the faulting task's cpuset
 * forbids node 0; only tasks whose cpuset meets {1}
 * (oom_cpuset_eligible()) may be chosen.
 */
START_TEST(test_oom_cpuset_constraint)
{
	expect_constrained_kill(confine_cpuset, CONSTRAINT_CPUSET);
}
END_TEST

/*
 * CONSTRAINT_MEMORY_POLICY: the faulting task is bound to node 1
 * (MPOL_BIND), so the allocation's node mask leaves out node 0; only
 * tasks whose bind policy meets {1}, or that have none
 * (mempolicy_in_oom_domain()), may be chosen.
 */
START_TEST(test_oom_mempolicy_constraint)
{
	expect_constrained_kill(confine_policy, CONSTRAINT_MEMORY_POLICY);
}
END_TEST

/*
 * __alloc_pages_may_oom() does not call the OOM killer for a costly
 * order, __GFP_RETRY_MAYFAIL or __GFP_THISNODE; __GFP_NORETRY gives up
 * before it; without __GFP_FS out_of_memory() kills nothing.  Each fails
 * and nobody is killed; then a plain GFP_KERNEL page kills.
 */
START_TEST(test_oom_not_invoked)
{
	static const struct { gfp_t gfp; unsigned int order; } no_kill[] = {
		{ GFP_KERNEL, PAGE_ALLOC_COSTLY_ORDER + 1 },
		{ GFP_KERNEL | __GFP_NORETRY, 0 },
		{ GFP_KERNEL | __GFP_RETRY_MAYFAIL, 0 },
		{ GFP_KERNEL | __GFP_THISNODE, 0 },
		{ GFP_NOFS, 0 },
	};
	struct machine *m = boot_one();
	struct page *page;

	task_with(m, 2, 1000);
	test_take_all(m, 0);
	set_current(m, NULL);
	for (size_t i = 0; i < sizeof(no_kill) / sizeof(no_kill[0]); i++) {
		page = alloc_pages_node(m, 0, no_kill[i].gfp, no_kill[i].order);
		ck_assert_msg(page == NULL, "case %zu: a page", i);
		ck_assert_msg(m->oom.nr_kills == 0, "case %zu: a kill", i);
		test_check(m);
	}
	ck_assert_uint_eq(m->vm_events[OOM_KILL], 0);
	page = alloc_pages_node(m, 0, GFP_KERNEL, 0);
	ck_assert_ptr_nonnull(page);
	ck_assert_uint_eq(m->oom.nr_kills, 1);
	ck_assert_ptr_null(find_task_by_pid(m, 2));
	__free_pages(m, page, 0);
	test_check(m);
	test_release(m);
}
END_TEST

/*
 * No killable task (only init, and a task with oom_score_adj -1000):
 * 6.1 panics; numasim counts it and the allocation fails.  A
 * __GFP_NOFAIL request that can never be served fails too, counted.
 */
START_TEST(test_oom_no_killable)
{
	struct machine *m = boot_one();
	struct task_struct *t = task_with(m, 2, 100);

	task_with(m, 1, 100);
	ck_assert_int_eq(oom_set_score_adj(m, t, OOM_SCORE_ADJ_MIN), 0);
	test_take_all(m, 0);
	ck_assert_uint_eq(fault_one(m, t), VM_FAULT_OOM);
	ck_assert_uint_eq(m->oom.no_killable, 1);
	ck_assert_uint_eq(m->proc_stats.fault_oom, 1);
	ck_assert_uint_eq(m->oom.nr_kills, 0);
	set_current(m, NULL);
	ck_assert_ptr_null(alloc_pages_node(m, 0, GFP_KERNEL | __GFP_NOFAIL, 0));
	ck_assert_uint_eq(m->oom.nofail_failed, 1);
	ck_assert_uint_eq(m->oom.no_killable, 2);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * The allocating task itself is the largest: it is marked a victim
 * (tsk_is_oom_victim()), tries the reserves (ALLOC_OOM), and exits when
 * its event is over (oom_exit_victims()); its memory returns then.
 */
START_TEST(test_oom_current_victim)
{
	struct machine *m = boot_one();
	struct task_struct *t = task_with(m, 2, 1500);
	unsigned long free_before;

	task_with(m, 3, 10);
	test_take_all(m, 0);
	free_before = proc_free_pages(m);
	fault_one(m, t);
	ck_assert_uint_eq(m->oom.nr_kills, 1);
	ck_assert_int_eq(m->oom.kills[0].pid, 2);
	ck_assert(tsk_is_oom_victim(t));
	ck_assert_ptr_eq(m->current, t);
	ck_assert_ptr_eq(find_task_by_pid(m, 2), t);
	test_check(m);
	oom_exit_victims(m);
	ck_assert_ptr_null(find_task_by_pid(m, 2));
	ck_assert_uint_ge(proc_free_pages(m), free_before + 1500 - 1);
	ck_assert_uint_eq(m->vm_events[OOM_KILL], 1);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/* ---- the trace side ---- */

/* oom_score_adj sets the task's value; bad input is refused, nothing changes. */
START_TEST(test_oom_verbs_bad_input)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "spawn pid=2\noom_score_adj pid=2 value=-1000\noom_expect pid=9\n");
	ck_assert_int_eq(task(&fx, 2)->oom_score_adj, -1000);
	run_ok(&fx, "oom_score_adj pid=2 value=1000\n");
	ck_assert_int_eq(task(&fx, 2)->oom_score_adj, 1000);
	expect_bad(&fx, "oom_score_adj pid=2 value=1001\n",
		   "t.trace:2: value 1001 out of range (-1000..1000)");
	expect_bad(&fx, "oom_score_adj pid=2 value=-1001\n",
		   "t.trace:2: value -1001 out of range (-1000..1000)");
	expect_bad(&fx, "oom_score_adj pid=2 value=x\n",
		   "t.trace:2: bad value 'x' for value: not a number");
	expect_bad(&fx, "oom_score_adj pid=3 value=0\n", "t.trace:2: unknown pid 3");
	expect_bad(&fx, "oom_score_adj pid=2\n",
		   "t.trace:2: missing key 'value' for oom_score_adj");
	expect_bad(&fx, "oom_expect pid=0\n", "t.trace:2: pid 0 out of range (1..2147483647)");
	expect_bad(&fx, "oom_expect\n", "t.trace:2: missing key 'pid' for oom_expect");
	ck_assert_int_eq(task(&fx, 2)->oom_score_adj, 1000);
	fx_release(&fx);
}
END_TEST

/*
 * The engine: 16 MiB, no swap, no page cache; two processes touch more
 * anonymous memory than exists.  When pid 3 runs out, pid 2 holds the
 * most and is killed; the replay goes on and pid 3 gets all it asked
 * for.  A later event of pid 2: skipped and counted when the trace said
 * it may be killed, an input error otherwise.
 */
#define TWO_HOGS								\
	"spawn pid=2\nspawn pid=3\n"						\
	"mmap pid=2 addr=0x10000000 len=12M\nmmap pid=3 addr=0x10000000 len=8M\n"	\
	"touch pid=3 addr=0x10000000 len=2M write\n"				\
	"touch pid=2 addr=0x10000000 len=10M write\n"				\
	"@2 touch pid=3 addr=0x10200000 len=6M write\n"

START_TEST(test_oom_engine_expected)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, "oom_expect pid=2\n" TWO_HOGS "touch pid=2 addr=0x10000000 len=4K\n"
		    "exit pid=2\nexit pid=3\n");
	ck_assert_uint_eq(fx.m->oom.nr_kills, 1);
	ck_assert_int_eq(fx.m->oom.kills[0].pid, 2);
	/*
	 * The fault at 2 s: direct reclaim found nothing even at priority 1
	 * and waited a jiffy (consider_reclaim_throttle(), 4 ms at HZ 250)
	 * before the OOM killer ran.
	 */
	ck_assert_uint_eq(fx.m->oom.kills[0].time_ns, 2 * NSEC_PER_SEC + NSEC_PER_SEC / 250);
	ck_assert_uint_eq(fx.m->stats.reclaim_throttled, 1);
	ck_assert_uint_eq(oom_skipped_events(&fx.e), 2);
	ck_assert_uint_eq(fx.m->proc_stats.fault_oom, 0);
	ck_assert_uint_eq(fx.m->procs.nr_tasks, 0);
	fx_release(&fx);
}
END_TEST

START_TEST(test_oom_engine_unexpected)
{
	struct fx fx;

	fx_boot(&fx, "16M", K_PLAIN);
	run_ok(&fx, TWO_HOGS);
	ck_assert_int_eq(task(&fx, 3)->mm->rss_stat[MM_ANONPAGES], 8 << (20 - PAGE_SHIFT));
	expect_bad(&fx, "exit pid=3\nexit pid=2\n",
		   "t.trace:3: pid 2 was killed by the OOM killer at 2.004000 s "
		   "(the trace did not expect it: oom_expect pid=2)");
	/* A new task may take the pid. */
	run_ok(&fx, "spawn pid=2\nexit pid=2\n");
	fx_release(&fx);
}
END_TEST


/*
 * numasim run: results.json's oom lists the kill with the kernel's line
 * (__oom_kill_process(): sizes in kB, UID 0), the summary prints it, and
 * a snapshot holds each task's oom_score_adj and oom_score.  The machine
 * and trace of test_oom_engine_*: pid 2 dies with its 10 MiB resident.
 */
START_TEST(test_oom_cli_results)
{
	static const char config[] = "{\"machine\": {\"nodes\": [{\"mem\": \"16M\", \"cpus\": 2}]}, "
				     "\"kernel\": {" K_PLAIN "}}";
	static const char trace[] = "numasim-trace v1\noom_expect pid=2\nspawn pid=4\n"
				    "oom_score_adj pid=4 value=-7\nsnapshot name=s\n" TWO_HOGS;
	char dir[128], out[8192], err[1024];
	char *results, *adj, *score;
	int status;

	test_scratch_dir(dir, sizeof(dir), "oom");
	test_write_file(test_path_in(dir, "m.json"), config, strlen(config));
	test_write_file(test_path_in(dir, "t.trace"), trace, strlen(trace));
	status = test_numasim_at(dir, out, sizeof(out), err, sizeof(err),
				 "run -c @/m.json -o @/out @/t.trace");
	ck_assert_msg(status == 0, "status %d: %s", status, err);
	ck_assert_ptr_nonnull(strstr(out, "OOM killer: 1 kill, 0 with no killable task"));
	results = test_read_file(test_path_in(dir, "out/results.json"));
	ck_assert_ptr_nonnull(strstr(results, "Out of memory: Killed process 2 (task) "
				     "total-vm:12288kB, anon-rss:10240kB, file-rss:0kB, "
				     "shmem-rss:0kB, UID:0 pgtables:"));
	ck_assert_ptr_nonnull(strstr(results, "\"constraint\": \"CONSTRAINT_NONE\""));
	adj = test_read_file(test_path_in(dir, "out/snapshots/s/4/oom_score_adj"));
	score = test_read_file(test_path_in(dir, "out/snapshots/s/4/oom_score"));
	ck_assert_str_eq(adj, "-7\n");
	/*
	 * proc_oom_score() of an empty mm, 4096 pages of RAM, no swap:
	 * badness -7 * (4096 / 1000) = -28; (1000 + -28 * 1000 / 4096) * 2 / 3
	 * = (1000 - 6) * 2 / 3 = 662.
	 */
	ck_assert_str_eq(score, "662\n");
	free(results);
	free(adj);
	free(score);
	test_remove_dir(dir);
}
END_TEST

/* ---- tracepoints ---- */

/*
 * The oom rows against include/trace/events/oom.h of 6.1, written out by
 * hand: TP_STRUCT__entry's field names, the TP_printk format, and the
 * field each conversion prints.
 */
START_TEST(test_oom_trace_rows)
{
	static const struct {
		enum mm_event_id id;
		const char *name, *fields, *fmt, *args;
	} oom_h[] = {
		{ MM_EV_oom_score_adj_update, "oom_score_adj_update", "pid comm oom_score_adj",
		  "pid=%d comm=%s oom_score_adj=%hd", "pid comm oom_score_adj" },
		{ MM_EV_reclaim_retry_zone, "reclaim_retry_zone",
		  "node zone_idx order reclaimable available min_wmark no_progress_loops wmark_check",
		  "node=%d zone=%-8s order=%d reclaimable=%lu available=%lu min_wmark=%lu "
		  "no_progress_loops=%d wmark_check=%d",
		  "node zone_idx order reclaimable available min_wmark no_progress_loops wmark_check" },
		{ MM_EV_mark_victim, "mark_victim",
		  "pid comm total_vm anon_rss file_rss shmem_rss uid pgtables oom_score_adj",
		  "pid=%d comm=%s total-vm=%lukB anon-rss=%lukB file-rss:%lukB shmem-rss:%lukB "
		  "uid=%u pgtables=%lukB oom_score_adj=%hd",
		  "pid comm total_vm anon_rss file_rss shmem_rss uid pgtables oom_score_adj" },
		{ MM_EV_wake_reaper, "wake_reaper", "pid", "pid=%d", "pid" },
		{ MM_EV_start_task_reaping, "start_task_reaping", "pid", "pid=%d", "pid" },
		{ MM_EV_finish_task_reaping, "finish_task_reaping", "pid", "pid=%d", "pid" },
		{ MM_EV_skip_task_reaping, "skip_task_reaping", "pid", "pid=%d", "pid" },
	};

	for (size_t i = 0; i < sizeof(oom_h) / sizeof(oom_h[0]); i++) {
		const struct tp_row *row = tp_row(oom_h[i].id);
		char fields[256] = "", args[256] = "";

		ck_assert_str_eq(row->name, oom_h[i].name);
		ck_assert_int_eq(row->subsys, MM_SYS_oom);
		ck_assert_str_eq(row->fmt, oom_h[i].fmt);
		for (unsigned int f = 0; f < row->nr_fields; f++) {
			strcat(fields, f ? " " : "");
			strcat(fields, row->fields[f].name);
		}
		for (unsigned int a = 0; a < row->nr_args; a++) {
			strcat(args, a ? " " : "");
			strcat(args, row->fields[row->args[a].field].name);
		}
		ck_assert_str_eq(fields, oom_h[i].fields);
		ck_assert_str_eq(args, oom_h[i].args);
	}
}
END_TEST

/* A sink that keeps the text of each event, "name: text" per line. */
struct oom_text_sink {
	const struct machine *m;
	char text[4096];
};

static void oom_text_emit(void *ctx, const struct mm_event *ev)
{
	struct oom_text_sink *t = ctx;
	const struct tp_row *row = tp_row(ev->id);
	uint64_t vals[TP_MAX_FIELDS];
	size_t n = strlen(t->text);

	mm_event_record(t->m, ev, vals);
	n += (size_t)snprintf(t->text + n, sizeof(t->text) - n, "%s: ", row->name);
	tp_format(t->text + n, sizeof(t->text) - n, row, vals, 9);
	n = strlen(t->text);
	snprintf(t->text + n, sizeof(t->text) - n, "\n");
}

/*
 * A kill traces mark_victim (the victim's sizes in kB, uid 0), then
 * wake_reaper, and start/finish_task_reaping around its exit; a write of
 * oom_score_adj traces oom_score_adj_update, printed with %hd.
 */
START_TEST(test_oom_tracepoints_emitted)
{
	struct machine *m = boot_one();
	struct oom_text_sink sink = { .m = m };
	struct task_struct *faulter = task_with(m, 2, 10), *big = task_with(m, 3, 1500);
	unsigned long pgtables_kb = big->mm->pgtables_bytes >> 10;
	char want[1024];

	m->sink = (struct mm_event_sink){ .emit = oom_text_emit, .ctx = &sink };
	mm_event_enable_subsys(&m->sink, MM_SYS_oom);
	ck_assert_int_eq(oom_set_score_adj(m, big, -17), 0);
	test_take_all(m, 0);
	ck_assert_uint_eq(fault_one(m, faulter), 0);
	snprintf(want, sizeof(want),
		 "oom_score_adj_update: pid=3 comm=test oom_score_adj=-17\n"
		 "mark_victim: pid=3 comm=test total-vm=6000kB anon-rss=6000kB file-rss:0kB "
		 "shmem-rss:0kB uid=0 pgtables=%lukB oom_score_adj=-17\n"
		 "wake_reaper: pid=3\nstart_task_reaping: pid=3\nfinish_task_reaping: pid=3\n",
		 pgtables_kb);
	ck_assert_str_eq(sink.text, want);
	m->sink = (struct mm_event_sink){ 0 };
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

Suite *oom_suite(void);

Suite *oom_suite(void)
{
	Suite *s = suite_create("oom");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_oom_badness_formula);
	tcase_add_test(tc, test_oom_kills_largest);
	tcase_add_test(tc, test_oom_score_adj_choice);
	tcase_add_test(tc, test_oom_tie_later_wins);
	tcase_add_test(tc, test_oom_cpuset_constraint);
	tcase_add_test(tc, test_oom_mempolicy_constraint);
	tcase_add_test(tc, test_oom_not_invoked);
	tcase_add_test(tc, test_oom_no_killable);
	tcase_add_test(tc, test_oom_current_victim);
	tcase_add_test(tc, test_oom_verbs_bad_input);
	tcase_add_test(tc, test_oom_engine_expected);
	tcase_add_test(tc, test_oom_engine_unexpected);
	tcase_add_test(tc, test_oom_cli_results);
	tcase_add_test(tc, test_oom_trace_rows);
	tcase_add_test(tc, test_oom_tracepoints_emitted);
	suite_add_tcase(s, tc);
	return s;
}
