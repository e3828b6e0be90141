/*
 * mm/oom.h - the OOM killer: the interface the page allocator's slow path,
 * the trace verbs and the reports use.
 *
 * The machine's record of what the OOM killer did (struct oom_state) is
 * in mm/mmzone.h, inside struct machine; this header declares the
 * functions and the control structure of one invocation.
 *
 * Linux counterpart: include/linux/oom.h (struct oom_control,
 * enum oom_constraint, out_of_memory(), oom_badness()),
 * include/uapi/linux/oom.h (OOM_SCORE_ADJ_MIN/MAX).
 */
#ifndef MM_OOM_H
#define MM_OOM_H

#include <stdbool.h>

#include "mm/mmzone.h"

/* Linux: include/uapi/linux/oom.h */
#define OOM_SCORE_ADJ_MIN	(-1000)
#define OOM_SCORE_ADJ_MAX	1000

/* Linux: enum oom_constraint, include/linux/oom.h (no memory cgroups here). */
enum oom_constraint {
	CONSTRAINT_NONE,
	CONSTRAINT_CPUSET,
	CONSTRAINT_MEMORY_POLICY,
	CONSTRAINT_MEMCG,
};

struct zonelist;

/* Linux: struct oom_control, include/linux/oom.h */
struct oom_control {
	const nodemask_t *nodemask;	/* NULL: all nodes */
	gfp_t gfp_mask;
	int order;			/* -1: sysrq / forced */
	/* filled by out_of_memory(): */
	unsigned long totalpages;
	struct task_struct *chosen;
	long chosen_points;
	int constraint;			/* enum oom_constraint */
	/* The allocation's zonelist; NULL: no allocation context (constraint NONE). */
	struct zonelist *zonelist;
};

/*
 * Linux: out_of_memory(), mm/oom_kill.c.  true if a task was killed (its
 * memory is freed at once, as the oom reaper would free it, unless it is
 * the allocating task: see oom_exit_victims()) or the allocation should
 * be retried; false when the OOM killer cannot help (no killable task:
 * counted in m->oom.no_killable where 6.1 panics).
 */
bool out_of_memory(struct machine *m, struct oom_control *oc);

/*
 * Linux: oom_badness(), mm/oom_kill.c: rss + swap entries + page-table
 * pages, plus oom_score_adj * totalpages / 1000; LONG_MIN for a task that
 * may not be killed (init, no mm, oom_score_adj -1000).
 */
long oom_badness(const struct task_struct *p, unsigned long totalpages);

/*
 * Linux: proc_oom_score(), fs/proc/base.c: the badness the OOM killer
 * would give t with all of memory and swap as the domain, scaled to
 * 0..2000, as /proc/PID/oom_score shows it.
 */
unsigned long oom_score(const struct machine *m, const struct task_struct *t);

/*
 * Set t's oom_score_adj (OOM_SCORE_ADJ_MIN..MAX, else -EINVAL) and trace
 * it.  Linux: __set_oom_adj(), fs/proc/base.c (a write of
 * /proc/PID/oom_score_adj).
 */
int oom_set_score_adj(struct machine *m, struct task_struct *t, int oom_score_adj);

/* Linux: tsk_is_oom_victim(), include/linux/oom.h */
static inline bool tsk_is_oom_victim(const struct task_struct *t)
{
	return t && t->oom_victim;
}

/*
 * A victim that was the allocating task exits once its event is over
 * (the kernel's victim dies on its way back to user space): the caller
 * of mm/ calls this after every event.  Linux: do_exit() on SIGKILL.
 */
void oom_exit_victims(struct machine *m);

/* The last kill of pid (NULL: pid was never killed by the OOM killer). */
const struct oom_kill *oom_find_kill(const struct machine *m, int pid);

/*
 * Checker (mm/check.h): between events no task is an OOM victim (each has
 * exited), and every kill logged was counted in vmstat's oom_kill.
 */
int oom_check(const struct machine *m, char *msg, size_t msglen);

/* Free the kill log (machine release). */
void oom_release(struct machine *m);

/* Linux: pagefault_out_of_memory(), mm/oom_kill.c */
void pagefault_out_of_memory(struct machine *m);

#endif /* MM_OOM_H */
