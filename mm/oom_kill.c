/*
 * mm/oom_kill.c - the OOM killer: when the page allocator's slow path has
 * nothing left to try for an allocation that may not fail, pick the task
 * whose death frees the most memory within the allocation's domain and
 * kill it.
 *
 * The choice is 6.1's: constrained_alloc() decides the domain (a memory
 * policy's nodes, the allocating task's cpuset, or everything) and its
 * size in pages; select_bad_process() walks every task, skipping those
 * whose policy or cpuset cannot reach the domain, and keeps the one with
 * the highest oom_badness() (a later task with equal points replaces an
 * earlier one: the walk keeps the last of a tie).  A victim still
 * waiting to exit stops the walk: its memory is about to come back.
 *
 * The kill: the vmstat counter oom_kill, the victim marked
 * (tsk_is_oom_victim()), a record of what 6.1's "Out of memory: Killed
 * process" line prints (m->oom.kills, which sim/ turns into that line),
 * the oom tracepoints (mark_victim, wake_reaper, start_task_reaping,
 * finish_task_reaping; oom_score_adj_update on a write).  Then the memory comes back at once, by the
 * task's exit (what the oom reaper and the victim's own exit do in the
 * kernel, together; numasim has no threads, so nothing else holds the
 * mm).  The one exception is the allocating task itself: its fault or
 * system call is still running on its mm, so it only gets access to the
 * reserves (ALLOC_OOM) and exits when its event is over
 * (oom_exit_victims()), as the kernel's victim dies on its way back to
 * user space.
 *
 * Where 6.1 panics ("Out of memory and no killable processes"), numasim
 * counts the case (m->oom.no_killable) and the allocation fails.
 *
 * Invariants: a task with oom_victim set is the machine's current task
 * (any other victim has exited); m->oom.kills grows only.
 *
 * Linux counterpart: mm/oom_kill.c (6.1): oom_badness, constrained_alloc,
 * oom_cpuset_eligible, oom_evaluate_task, select_bad_process,
 * __oom_kill_process, out_of_memory, pagefault_out_of_memory; the
 * oom_score files of fs/proc/base.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/array.h"
#include "mm/cpuset.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/nodemask.h"
#include "mm/oom.h"
#include "mm/swap.h"

/* Pages to kB, as the kernel's K() in __oom_kill_process(). */
#define PAGES_TO_KB(nr_pages)	((unsigned long)(nr_pages) * (PAGE_SIZE >> 10))

/* Linux: get_mm_rss(), include/linux/mm.h */
static unsigned long get_mm_rss(const struct mm_struct *mm)
{
	return (unsigned long)(mm->rss_stat[MM_FILEPAGES] + mm->rss_stat[MM_ANONPAGES] +
			       mm->rss_stat[MM_SHMEMPAGES]);
}

/* Linux: oom_unkillable_task(): the global init (no kernel threads here). */
static bool oom_unkillable_task(const struct task_struct *p)
{
	return p->pid == 1;
}

/* Linux: oom_badness(), mm/oom_kill.c */
long oom_badness(const struct task_struct *p, unsigned long totalpages)
{
	long points, adj;

	if (oom_unkillable_task(p) || !p->mm)
		return LONG_MIN;
	adj = p->oom_score_adj;
	if (adj == OOM_SCORE_ADJ_MIN)
		return LONG_MIN;
	points = (long)get_mm_rss(p->mm) + p->mm->rss_stat[MM_SWAPENTS] +
		 (long)(p->mm->pgtables_bytes / PAGE_SIZE);
	/* oom_score_adj is in thousandths of the domain. */
	adj *= (long)(totalpages / 1000);
	return points + adj;
}

/* Linux: proc_oom_score(), fs/proc/base.c */
unsigned long oom_score(const struct machine *m, const struct task_struct *t)
{
	long totalpages = (long)(totalram_pages(m) + (unsigned long)total_swap_pages(m));
	long badness = oom_badness(t, (unsigned long)totalpages);

	if (badness == LONG_MIN || totalpages <= 0)
		return 0;
	return (unsigned long)((1000 + badness * 1000 / totalpages) * 2 / 3);
}

/* The present pages of the nodes of mask, plus swap: a constrained domain's size. */
static unsigned long domain_pages(const struct machine *m, const nodemask_t *mask)
{
	unsigned long nr_pages = (unsigned long)total_swap_pages(m);

	for (int nid = 0; nid < (int)m->nr_node_ids; nid++)
		if (node_isset(nid, mask) && m->node_data[nid])
			nr_pages += m->node_data[nid]->node_present_pages;
	return nr_pages;
}

/*
 * Linux: constrained_alloc(), mm/oom_kill.c: a node mask that leaves out
 * a node with memory is a memory policy's; a zone of the zonelist the
 * cpuset forbids makes it the cpuset's.
 */
static enum oom_constraint constrained_alloc(struct machine *m, struct oom_control *oc)
{
	nodemask_t memory = node_states_memory(m);
	enum zone_type highest_zoneidx = (enum zone_type)gfp_zone(oc->gfp_mask);
	bool cpuset_limited = false;
	struct zoneref *z;
	struct zone *zone;

	oc->totalpages = totalram_pages(m) + (unsigned long)total_swap_pages(m);
	if (!oc->zonelist || (oc->gfp_mask & __GFP_THISNODE))
		return CONSTRAINT_NONE;
	if (oc->nodemask && !nodes_subset(&memory, oc->nodemask)) {
		oc->totalpages = domain_pages(m, oc->nodemask);
		return CONSTRAINT_MEMORY_POLICY;
	}
	z = oc->zonelist->_zonerefs;
	for_next_zone_zonelist_nodemask(zone, z, highest_zoneidx, oc->nodemask)
		if (!cpuset_zone_allowed(m, zone, oc->gfp_mask))
			cpuset_limited = true;
	if (!cpuset_limited)
		return CONSTRAINT_NONE;
	oc->totalpages = domain_pages(m, cpuset_current_mems_allowed(m));
	return CONSTRAINT_CPUSET;
}

/* Linux: mempolicy_in_oom_domain(), mm/mempolicy.c: only a bind policy limits a task. */
static bool mempolicy_in_oom_domain(const struct task_struct *t, const nodemask_t *mask)
{
	const struct mempolicy *pol = t->mempolicy;

	return !pol || pol->mode != MPOL_BIND || nodes_intersects(&pol->nodes, mask);
}

/*
 * Linux: oom_cpuset_eligible(), mm/oom_kill.c: may killing t free memory
 * in the domain?  A policy OOM asks t's policy, any other t's cpuset
 * (cpuset_mems_allowed_intersects() with the allocating task's).
 */
static bool oom_cpuset_eligible(const struct machine *m, const struct task_struct *t,
				const struct oom_control *oc)
{
	if (oc->nodemask)
		return mempolicy_in_oom_domain(t, oc->nodemask);
	return nodes_intersects(cpuset_current_mems_allowed(m), &t->mems_allowed);
}

/* Linux: is_sysrq_oom(), mm/oom_kill.c */
static bool is_sysrq_oom(const struct oom_control *oc)
{
	return oc->order == -1;
}

/* A chosen value that stops the walk: a victim is still on its way out. */
#define OOM_CHOSEN_ABORT	((struct task_struct *)-1L)

/*
 * Linux: oom_evaluate_task(), mm/oom_kill.c.  Returns true to stop the
 * walk.  "points < chosen_points" skips a task, so with equal points the
 * later task of the walk wins.
 */
static bool oom_evaluate_task(const struct machine *m, struct task_struct *t,
			      struct oom_control *oc)
{
	long points;

	if (oom_unkillable_task(t) || !oom_cpuset_eligible(m, t, oc))
		return false;
	if (!is_sysrq_oom(oc) && tsk_is_oom_victim(t)) {
		oc->chosen = OOM_CHOSEN_ABORT;
		return true;
	}
	points = oom_badness(t, oc->totalpages);
	if (points == LONG_MIN || points < oc->chosen_points)
		return false;
	oc->chosen = t;
	oc->chosen_points = points;
	return false;
}

/* Linux: select_bad_process(), mm/oom_kill.c: every task, in pid order. */
static void select_bad_process(struct machine *m, struct oom_control *oc)
{
	oc->chosen_points = LONG_MIN;
	for (size_t i = 0; i < m->procs.nr_tasks; i++)
		if (oom_evaluate_task(m, m->procs.tasks[i], oc))
			break;
}

/* trace_wake_reaper(), trace_start_task_reaping(), ... (include/trace/events/oom.h) */
static void trace_oom_pid(struct machine *m, enum mm_event_id id, int pid)
{
	struct mm_event ev = { .id = id };

	if (!mm_event_enabled(&m->sink, id))
		return;
	switch (id) {
	case MM_EV_wake_reaper:
		ev.wake_reaper.pid = pid;
		break;
	case MM_EV_start_task_reaping:
		ev.start_task_reaping.pid = pid;
		break;
	default:
		ev.finish_task_reaping.pid = pid;
		break;
	}
	mm_event_emit(&m->sink, &ev);
}

/* Linux: trace_mark_victim(), called by mark_oom_victim(); every task is UID 0. */
static void trace_mark_victim(struct machine *m, const struct task_struct *t)
{
	const struct mm_struct *mm = t->mm;

	if (!mm_event_enabled(&m->sink, MM_EV_mark_victim))
		return;
	mm_event_emit(&m->sink, &(struct mm_event){
		.id = MM_EV_mark_victim,
		.mark_victim = {
			.pid = t->pid, .comm = t->comm,
			.total_vm = PAGES_TO_KB(mm->total_vm),
			.anon_rss = PAGES_TO_KB(mm->rss_stat[MM_ANONPAGES]),
			.file_rss = PAGES_TO_KB(mm->rss_stat[MM_FILEPAGES]),
			.shmem_rss = PAGES_TO_KB(mm->rss_stat[MM_SHMEMPAGES]),
			.uid = 0, .pgtables = mm->pgtables_bytes >> 10,
			.oom_score_adj = t->oom_score_adj,
		} });
}

/* What __oom_kill_process() prints of the victim, kept in the kill log. */
static int oom_record_kill(struct machine *m, const struct oom_control *oc,
			   const struct task_struct *victim)
{
	const struct mm_struct *mm = victim->mm;
	struct oom_kill k = {
		.pid = victim->pid,
		.time_ns = m->clock_ns,
		.total_vm_kb = PAGES_TO_KB(mm->total_vm),
		.anon_rss_kb = PAGES_TO_KB(mm->rss_stat[MM_ANONPAGES]),
		.file_rss_kb = PAGES_TO_KB(mm->rss_stat[MM_FILEPAGES]),
		.shmem_rss_kb = PAGES_TO_KB(mm->rss_stat[MM_SHMEMPAGES]),
		.pgtables_kb = mm->pgtables_bytes >> 10,
		.oom_score_adj = victim->oom_score_adj,
		.points = oc->chosen_points,
		.totalpages = oc->totalpages,
		.constraint = oc->constraint,
		.order = oc->order,
		.gfp_mask = oc->gfp_mask,
	};

	memcpy(k.comm, victim->comm, sizeof(k.comm));
	return array_insert(&m->oom.kills, sizeof(*m->oom.kills), &m->oom.nr_kills,
			    &m->oom.kills_cap, m->oom.nr_kills, &k);
}

/*
 * The victim's exit (the oom reaper's work and the victim's own exit),
 * run for another task's allocation or at the end of the victim's own
 * event: the current task, if it is not the victim, gets its CPU back.
 */
static void oom_reap_task(struct machine *m, struct task_struct *victim)
{
	struct task_struct *current = m->current;
	bool victim_was_current = victim == current;
	int current_cpu = m->current_cpu;
	int pid = victim->pid;

	trace_oom_pid(m, MM_EV_start_task_reaping, pid);
	task_exit(m, victim);
	trace_oom_pid(m, MM_EV_finish_task_reaping, pid);
	/* A victim that was current is gone: its CPU runs nobody now. */
	set_current(m, victim_was_current ? NULL : current);
	m->current_cpu = current_cpu;
}

/*
 * Linux: __oom_kill_process(), mm/oom_kill.c, with the reaper's work
 * done at once (see the top of the file).
 */
static void oom_kill_process(struct machine *m, struct oom_control *oc)
{
	struct task_struct *victim = oc->chosen;

	__count_vm_events(m, OOM_KILL, 1);
	victim->oom_victim = true;			/* mark_oom_victim() */
	trace_mark_victim(m, victim);
	/* Host memory for the log: the kill itself must happen regardless. */
	(void)oom_record_kill(m, oc, victim);
	trace_oom_pid(m, MM_EV_wake_reaper, victim->pid);	/* queue_oom_reaper() */
	if (victim != m->current)
		oom_reap_task(m, victim);
}

/* Victims left by an earlier event (a caller that never ran oom_exit_victims()). */
static void oom_reap_stale_victims(struct machine *m)
{
	for (size_t i = m->procs.nr_tasks; i-- > 0;) {
		struct task_struct *t = m->procs.tasks[i];

		if (t->oom_victim && t != m->current)
			oom_reap_task(m, t);
	}
}

/* Linux: out_of_memory(), mm/oom_kill.c (no notifiers, no memcg, no sysctl_oom_kill_allocating_task). */
bool out_of_memory(struct machine *m, struct oom_control *oc)
{
	oom_reap_stale_victims(m);
	/* task_will_free_mem(current): a victim dies soon; let it have the reserves. */
	if (tsk_is_oom_victim(m->current) && m->current->mm)
		return true;
	/* The OOM killer does not stand in for reclaim that could not do I/O. */
	if (oc->gfp_mask && !(oc->gfp_mask & __GFP_FS))
		return true;
	oc->constraint = constrained_alloc(m, oc);
	if (oc->constraint != CONSTRAINT_MEMORY_POLICY)
		oc->nodemask = NULL;
	oc->chosen = NULL;
	select_bad_process(m, oc);
	if (!oc->chosen) {
		m->oom.no_killable++;		/* 6.1: "System is deadlocked on memory" */
		return false;
	}
	if (oc->chosen != OOM_CHOSEN_ABORT)
		oom_kill_process(m, oc);
	return true;
}

void oom_exit_victims(struct machine *m)
{
	struct task_struct *current = m->current;

	if (tsk_is_oom_victim(current))
		oom_reap_task(m, current);
}

int oom_set_score_adj(struct machine *m, struct task_struct *t, int oom_score_adj)
{
	if (oom_score_adj < OOM_SCORE_ADJ_MIN || oom_score_adj > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	t->oom_score_adj = (short)oom_score_adj;
	if (mm_event_enabled(&m->sink, MM_EV_oom_score_adj_update))
		mm_event_emit(&m->sink, &(struct mm_event){
			.id = MM_EV_oom_score_adj_update,
			.oom_score_adj_update = { .pid = t->pid, .comm = t->comm,
						  .oom_score_adj = t->oom_score_adj } });
	return 0;
}

const struct oom_kill *oom_find_kill(const struct machine *m, int pid)
{
	for (size_t i = m->oom.nr_kills; i-- > 0;)
		if (m->oom.kills[i].pid == pid)
			return &m->oom.kills[i];
	return NULL;
}

int oom_check(const struct machine *m, char *msg, size_t msglen)
{
	for (size_t i = 0; i < m->procs.nr_tasks; i++) {
		const struct task_struct *t = m->procs.tasks[i];

		if (t->oom_victim && t != m->current) {
			snprintf(msg, msglen, "pid %d is an OOM victim that has not exited", t->pid);
			return 1;
		}
	}
	if (m->oom.nr_kills > m->vm_events[OOM_KILL]) {
		snprintf(msg, msglen, "%zu kills logged, oom_kill counts %lu", m->oom.nr_kills,
			 m->vm_events[OOM_KILL]);
		return 1;
	}
	return 0;
}

void oom_release(struct machine *m)
{
	free(m->oom.kills);
	m->oom.kills = NULL;
	m->oom.nr_kills = m->oom.kills_cap = 0;
}

/*
 * Linux: pagefault_out_of_memory(), mm/oom_kill.c.  In 6.1 a global OOM
 * is the allocation's business (its slow path ran the OOM killer, or
 * decided the killer could not help): a fault that still ends in
 * VM_FAULT_OOM kills nothing here; it is counted (the kernel logs "Huh
 * VM_FAULT_OOM leaked out to the #PF handler. Retrying PF"), and the
 * task's next access faults again.
 */
void pagefault_out_of_memory(struct machine *m)
{
	m->proc_stats.fault_oom++;
}
