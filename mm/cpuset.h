/*
 * mm/cpuset.h - cpusets, as far as memory goes: which nodes a task may
 * allocate on, and moving a task between cpusets.
 *
 * numasim has no cgroup hierarchy: there is the top cpuset (every node
 * with memory, where every task starts) and, below it, one cpuset per set
 * of memory nodes a trace asked for, created on first use and kept for
 * the run, as if mounted from the legacy (v1) hierarchy with cpus set to
 * every CPU and mem_exclusive and mem_hardwall off.  A task's cpuset is
 * inherited across fork.
 *
 * What the allocator asks (inline: it runs on every allocation, and the
 * page allocator must not call into the process side):
 *   cpusets_enabled()             false until the first cpuset other than
 *                                 the top one exists; then
 *   cpuset_current_mems_allowed() the running task's mems_allowed (a
 *                                 kernel thread's: every node with memory)
 *   __cpuset_node_allowed()       may this request use that node?
 *
 * Linux counterpart: include/linux/cpuset.h, kernel/cgroup/cpuset.c.
 */
#ifndef MM_CPUSET_H
#define MM_CPUSET_H

#include <stdbool.h>

#include "mm/gfp.h"
#include "mm/mmzone.h"

/* Linux: cpusets_enabled(): some cpuset besides the top one exists. */
static inline bool cpusets_enabled(const struct machine *m)
{
	return m->procs.nr_cpusets != 0;
}

/*
 * Linux: cpuset_current_mems_allowed (current->mems_allowed).  The
 * daemons run as kernel threads, which stay in the top cpuset.
 */
static inline const nodemask_t *cpuset_current_mems_allowed(const struct machine *m)
{
	return m->current ? &m->current->mems_allowed : &m->procs.top_cpuset.effective_mems;
}

/*
 * Linux: __cpuset_node_allowed(), kernel/cgroup/cpuset.c.  A node of the
 * running task's mems_allowed, always; otherwise never for a
 * __GFP_HARDWALL request (GFP_USER, every user page), and for the others
 * (GFP_KERNEL) the nodes of the nearest mem_exclusive or mem_hardwall
 * ancestor: here always the top cpuset, every node with memory.
 */
static inline bool __cpuset_node_allowed(const struct machine *m, int nid, gfp_t gfp)
{
	if (node_isset(nid, cpuset_current_mems_allowed(m)))
		return true;
	if (gfp & __GFP_HARDWALL)
		return false;
	return node_isset(nid, &m->procs.top_cpuset.mems_allowed);
}

/* Linux: cpuset_zone_allowed(), include/linux/cpuset.h */
static inline bool cpuset_zone_allowed(const struct machine *m, const struct zone *zone, gfp_t gfp)
{
	return !cpusets_enabled(m) || __cpuset_node_allowed(m, zone->node, gfp);
}

/*
 * Linux: cpuset_nodemask_valid_mems_allowed(): does nodemask meet the
 * running task's mems_allowed?
 */
static inline bool cpuset_nodemask_valid_mems_allowed(const struct machine *m,
						      const nodemask_t *nodemask)
{
	return (nodemask->bits & cpuset_current_mems_allowed(m)->bits) != 0;
}

/*
 * The nodes with memory of t's cpuset (never empty: the top cpuset's if
 * its own have none).  Linux: cpuset_mems_allowed() /
 * guarantee_online_mems(), kernel/cgroup/cpuset.c.
 */
nodemask_t cpuset_mems_allowed(const struct machine *m, const struct task_struct *t);

/* The top cpuset at boot: every node with memory.  Linux: cpuset_init(), cpuset_init_smp(). */
void cpuset_init(struct machine *m);
/* Free the other cpusets (machine release). */
void cpuset_release(struct machine *m);

/* A new task starts in the top cpuset; a child in its parent's.  Linux: cpuset_fork(). */
void cpuset_task_init(struct machine *m, struct task_struct *t, const struct task_struct *parent);

/*
 * Move t into the cpuset whose mems are mems (created on first use, as
 * mkdir and a write of cpuset.mems would), after writing
 * memory_migrate to its cpuset.memory_migrate: t's mems_allowed and
 * memory policies are rebound to the new nodes and, with memory_migrate,
 * its pages follow from the nodes of its old cpuset, keeping their
 * relative placement (do_migrate_pages() with MPOL_MF_MOVE_ALL).  A task
 * already in that cpuset is left alone.  -EINVAL: mems holds a node
 * without memory, or none; -ENOMEM: no host memory for the cpuset.
 * Linux: update_nodemask(), update_flag(CS_MEMORY_MIGRATE), cpuset_attach(),
 * kernel/cgroup/cpuset.c.
 */
int cpuset_move_task(struct machine *m, struct task_struct *t, const nodemask_t *mems,
		     bool memory_migrate);

#endif /* MM_CPUSET_H */
