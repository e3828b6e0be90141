/*
 * mm/sched_tick.h - which user task runs on each CPU, the tasks'
 * runtime, and the scheduler tick that drives NUMA balancing's scanner.
 *
 * numasim has no scheduler; its rule: the task a trace event acts as
 * becomes the current task of its CPU (set_current()) and stays so until
 * an event acts as another task on that CPU, the task moves to another
 * CPU (sched) or exits.  The time in between is the task's runtime, as
 * if it kept its CPU busy; a CPU no task was named on is idle.  Kernel
 * threads (kswapd, the vmstat work) take no time.
 *
 * The kernel ticks every CPU HZ times a second, and each tick of a task
 * with an mm calls task_tick_numa(), which acts only once the task's
 * runtime has passed a mark.  A CPU's tick daemon runs only at the tick
 * where it will act (the first jiffy boundary after which the current
 * task's runtime is past the mark): the same as running every tick,
 * without the ticks that do nothing.
 *
 * Linux counterpart: kernel/sched/core.c (scheduler_tick(),
 * set_task_cpu()), kernel/sched/fair.c (update_curr(), task_tick_fair(),
 * migrate_task_rq_fair()).
 */
#ifndef MM_SCHED_TICK_H
#define MM_SCHED_TICK_H

#include <stdint.h>

#include "mm/mmzone.h"

/* Boot: every CPU idle, its tick daemon registered and asleep.  0 or -ENOMEM. */
int sched_init(struct machine *m);
void sched_release(struct machine *m);

/* t runs on t->cpu from now on (what was current there stops).  Linux: __schedule(). */
void sched_switch_to(struct machine *m, struct task_struct *t);

/* t leaves its CPU for good (exit).  Linux: do_task_dead(). */
void sched_task_exit(struct machine *m, struct task_struct *t);

/*
 * Move t to cpu, which it then runs on.  Linux: set_task_cpu() ->
 * migrate_task_rq_fair() -> update_scan_period().
 */
void sched_set_cpu(struct machine *m, struct task_struct *t, int cpu);

/* t's runtime up to now, in ns.  Linux: task_sched_runtime(). */
uint64_t task_sched_runtime(const struct machine *m, const struct task_struct *t);

/* Re-arm the tick of t's CPU if t runs (its scan mark may have moved). */
void sched_tick_rearm(struct machine *m, const struct task_struct *t);

/* Re-arm every CPU's tick (NUMA balancing was turned on). */
void sched_tick_arm_all(struct machine *m);

#endif /* MM_SCHED_TICK_H */
