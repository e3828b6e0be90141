/*
 * mm/cpuset.c - cpusets, the memory side: the top cpuset and one cpuset
 * per set of memory nodes a trace asks for, the nodes each task may
 * allocate on, and moving a task into a cpuset with its policies rebound
 * and, with memory_migrate, its pages after it.
 *
 * Model (see mm/cpuset.h): the legacy (v1) hierarchy, flat: every cpuset
 * but the top one is its child, with every CPU, mem_exclusive and
 * mem_hardwall off, so the nearest hardwall ancestor of any task is the
 * top cpuset.  A cpuset is made once, with its mems, and never changes
 * them (no update_nodemask() of a populated cpuset, no hotplug), so
 * update_tasks_nodemask() never runs on tasks; a cpuset is never removed.
 *
 * Invariants: the top cpuset's mems_allowed and effective_mems are the
 * nodes with memory; every task points at a cpuset of this machine, and
 * its mems_allowed is its cpuset's effective nodes with memory; no two
 * cpusets below the top have the same mems_allowed.
 *
 * Linux counterpart: kernel/cgroup/cpuset.c (cpuset_init, cpuset_init_smp,
 * guarantee_online_mems, cpuset_mems_allowed, update_nodemask,
 * cpuset_can_attach_check, cpuset_attach, cpuset_attach_task,
 * cpuset_change_task_nodemask, cpuset_migrate_mm, cpuset_migrate_mm_workfn).
 */
#include <errno.h>
#include <stdlib.h>

#include "mm/array.h"
#include "mm/cpuset.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/nodemask.h"

/*
 * The top cpuset: every node with memory.  Its old_mems_allowed is what
 * cpuset_init_smp() copies from mems_allowed, which the boot-time bind to
 * the default hierarchy has just set to node_possible_map: every node of
 * the machine, memoryless ones included.  It is where a task's pages are
 * taken from when it first leaves the top cpuset with memory_migrate.
 * Linux: cpuset_init(), cpuset_bind(), cpuset_init_smp().
 */
void cpuset_init(struct machine *m)
{
	struct cpuset *top = &m->procs.top_cpuset;

	top->mems_allowed = node_states_memory(m);
	top->effective_mems = top->mems_allowed;
	top->old_mems_allowed.bits = m->nr_node_ids >= 64 ? ~0ull :
				     ((uint64_t)1 << m->nr_node_ids) - 1;
	top->memory_migrate = false;
}

void cpuset_release(struct machine *m)
{
	struct mm_procs *p = &m->procs;

	for (size_t i = 0; i < p->nr_cpusets; i++)
		free(p->cpusets[i]);
	free(p->cpusets);
	p->cpusets = NULL;
	p->nr_cpusets = p->cpusets_cap = 0;
}

/*
 * The cpuset's effective nodes with memory, or its ancestors' if it has
 * none (here the top's).  Linux: guarantee_online_mems().
 */
static nodemask_t guarantee_online_mems(const struct machine *m, const struct cpuset *cs)
{
	nodemask_t memory = node_states_memory(m), mask;

	if (!nodes_intersects(&cs->effective_mems, &memory))
		cs = &m->procs.top_cpuset;
	mask.bits = cs->effective_mems.bits & memory.bits;
	return mask;
}

/* Linux: cpuset_mems_allowed(), kernel/cgroup/cpuset.c */
nodemask_t cpuset_mems_allowed(const struct machine *m, const struct task_struct *t)
{
	return guarantee_online_mems(m, t->cpuset);
}

/*
 * Linux: cpuset_fork() (the child stays in its parent's cpuset) and the
 * copy of mems_allowed in dup_task_struct(); a spawned task is a child of
 * a task of the top cpuset, which init set to the nodes with memory.
 */
void cpuset_task_init(struct machine *m, struct task_struct *t, const struct task_struct *parent)
{
	t->cpuset = parent ? parent->cpuset : &m->procs.top_cpuset;
	t->mems_allowed = parent ? parent->mems_allowed : m->procs.top_cpuset.effective_mems;
}

/* The cpuset below the top one whose mems are mems, or NULL. */
static struct cpuset *cpuset_lookup(const struct machine *m, const nodemask_t *mems)
{
	for (size_t i = 0; i < m->procs.nr_cpusets; i++)
		if (nodes_equal(&m->procs.cpusets[i]->mems_allowed, mems))
			return m->procs.cpusets[i];
	return NULL;
}

/*
 * mkdir of a new cpuset, then its cpuset.mems written: the nodes must be
 * nodes of the top cpuset (with memory), else -EINVAL.  Its effective
 * nodes are its own within the top's, and, with no task in it yet, its
 * old_mems_allowed becomes them (update_tasks_nodemask() on no task).
 * Linux: cpuset_css_alloc(), cpuset_css_online(), update_nodemask(),
 * update_nodemasks_hier(), kernel/cgroup/cpuset.c.
 */
static int cpuset_create(struct machine *m, const nodemask_t *mems, struct cpuset **out)
{
	struct mm_procs *p = &m->procs;
	struct cpuset *cs;

	if (!nodes_subset(mems, &p->top_cpuset.mems_allowed))
		return -EINVAL;
	cs = calloc(1, sizeof(*cs));
	if (!cs)
		return -ENOMEM;
	if (array_insert(&p->cpusets, sizeof(*p->cpusets), &p->nr_cpusets, &p->cpusets_cap,
			 p->nr_cpusets, &cs)) {
		free(cs);
		return -ENOMEM;
	}
	cs->mems_allowed = *mems;
	cs->effective_mems.bits = mems->bits & p->top_cpuset.effective_mems.bits;
	cs->old_mems_allowed = guarantee_online_mems(m, cs);
	*out = cs;
	return 0;
}

/*
 * Linux: cpuset_change_task_nodemask(): the policy is rebound while both
 * the old and the new nodes are allowed, then mems_allowed is the new.
 */
static void cpuset_change_task_nodemask(struct task_struct *t, const nodemask_t *newmems)
{
	t->mems_allowed.bits |= newmems->bits;
	mpol_rebind_task(t, newmems);
	t->mems_allowed = *newmems;
}

/*
 * Linux: cpuset_migrate_mm() and cpuset_migrate_mm_workfn(): queued on a
 * workqueue that cpuset_post_attach() flushes before the write returns,
 * so the pages have moved when the call ends.  The work runs as a kernel
 * thread (no current task, the top cpuset's nodes) with MPOL_MF_MOVE_ALL;
 * what it cannot move stays where it is, unreported.
 */
static void cpuset_migrate_mm(struct machine *m, struct mm_struct *mm, const nodemask_t *from,
			      const nodemask_t *to)
{
	struct task_struct *writer = m->current;

	if (nodes_equal(from, to))
		return;
	m->current = NULL;
	do_migrate_pages(m, mm, from, to, MPOL_MF_MOVE_ALL);
	m->current = writer;
}

/*
 * Linux: cpuset_attach() for one single-threaded task of the legacy
 * hierarchy (cpuset_attach_task(): its CPUs do not change, every cpuset
 * has them all).  The task is in cs already, as the cgroup core moves it
 * before calling ->attach.
 */
static void cpuset_attach(struct machine *m, struct task_struct *t, struct cpuset *oldcs,
			  struct cpuset *cs)
{
	bool mems_updated = !nodes_equal(&cs->effective_mems, &oldcs->effective_mems);
	nodemask_t to = guarantee_online_mems(m, cs);

	cpuset_change_task_nodemask(t, &to);
	to = cs->effective_mems;
	if (cs->memory_migrate || mems_updated) {
		mpol_rebind_mm(t->mm, &to);
		if (cs->memory_migrate)
			cpuset_migrate_mm(m, t->mm, &oldcs->old_mems_allowed, &to);
	}
	cs->old_mems_allowed = to;
}

/* Linux: echo N > cpuset.memory_migrate; echo PID > tasks (cgroup_attach_task()). */
int cpuset_move_task(struct machine *m, struct task_struct *t, const nodemask_t *mems,
		     bool memory_migrate)
{
	struct cpuset *cs = cpuset_lookup(m, mems), *oldcs = t->cpuset;
	int err;

	set_current(m, t);
	if (!cs) {
		err = cpuset_create(m, mems, &cs);
		if (err)
			return err;
	}
	cs->memory_migrate = memory_migrate;
	/* The cgroup core leaves a task that is in the cpuset already. */
	if (oldcs == cs)
		return 0;
	/* Linux: cpuset_can_attach_check(): v1 takes no task into a cpuset without mems. */
	if (nodes_empty(&cs->mems_allowed))
		return -ENOSPC;
	t->cpuset = cs;
	cpuset_attach(m, t, oldcs, cs);
	return 0;
}
