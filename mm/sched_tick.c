/*
 * mm/sched_tick.c - the CPUs' current tasks, their runtime, and the tick
 * that calls task_tick_numa() (see mm/sched_tick.h for the rule).
 *
 * Invariants: rq[cpu].curr is NULL or a live task t with t->on_cpu ==
 * cpu == t->cpu; a task is current on at most one CPU (t->on_cpu, -1
 * when none); a tick daemon is asleep or due at a jiffy boundary.
 *
 * Linux counterpart: kernel/sched/core.c (scheduler_tick()),
 * kernel/sched/fair.c (update_curr(), task_tick_fair()).
 */
#include "mm/sched_tick.h"

#include <errno.h>
#include <stdlib.h>

#include "mm/mm.h"
#include "mm/numa_balancing.h"

/* Linux: update_curr(): charge the time since exec_start to the CPU's task. */
static void update_curr(struct machine *m, struct sched_rq *rq)
{
	rq->curr->sum_exec_runtime += m->clock_ns - rq->exec_start_ns;
	rq->exec_start_ns = m->clock_ns;
}

uint64_t task_sched_runtime(const struct machine *m, const struct task_struct *t)
{
	if (t->on_cpu < 0)
		return t->sum_exec_runtime;
	return t->sum_exec_runtime + (m->clock_ns - m->rq[t->on_cpu].exec_start_ns);
}

/*
 * Due at the first tick after now at which cpu's task will be past its
 * scan mark, if it is not due earlier already (a tick that finds nothing
 * to do re-arms).  Nothing to arm for an idle CPU, a task without an mm,
 * or with NUMA balancing off (the kernel then never calls task_tick_numa()).
 * Linux: none: the ticks in between, which the kernel runs, do nothing.
 */
static void sched_tick_arm(struct machine *m, unsigned int cpu)
{
	struct sched_rq *rq = &m->rq[cpu];
	const struct task_struct *t = rq->curr;
	uint64_t due, runtime, when;

	if (!t || !t->mm || !numa_balancing_enabled(m))
		return;
	due = task_numa_tick_due(t);
	runtime = task_sched_runtime(m, t);
	when = m->clock_ns + (due > runtime ? due - runtime : 0);
	when = (when + TICK_NSEC - 1) / TICK_NSEC * TICK_NSEC;
	if (when <= m->clock_ns)
		when = (m->clock_ns / TICK_NSEC + 1) * TICK_NSEC;
	mm_daemon_wake_at(m, &rq->tick, when);
}

void sched_tick_rearm(struct machine *m, const struct task_struct *t)
{
	if (t->on_cpu >= 0)
		sched_tick_arm(m, (unsigned int)t->on_cpu);
}

void sched_tick_arm_all(struct machine *m)
{
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		sched_tick_arm(m, cpu);
}

/*
 * Linux: scheduler_tick() -> task_tick_fair(): the runtime, then NUMA
 * balancing's part, run as the task on its CPU (its scan work runs when
 * the tick returns to user mode, at once).
 */
static void sched_tick(struct machine *m, struct mm_daemon *d)
{
	struct sched_rq *rq = &m->rq[d->cpu];
	struct task_struct *t = rq->curr;

	if (!t)
		return;
	update_curr(m, rq);
	if (numa_balancing_enabled(m)) {
		m->current = t;
		task_tick_numa(m, t);
		m->current = NULL;
	}
	sched_tick_arm(m, (unsigned int)d->cpu);
}

/* t stops running: its runtime is charged, its CPU idles.  Linux: put_prev_task_fair(). */
static void sched_dequeue(struct machine *m, struct task_struct *t)
{
	struct sched_rq *rq = &m->rq[t->on_cpu];

	update_curr(m, rq);
	rq->curr = NULL;
	t->on_cpu = -1;
}

void sched_switch_to(struct machine *m, struct task_struct *t)
{
	struct sched_rq *rq = &m->rq[t->cpu];

	if (rq->curr == t)
		return;
	if (t->on_cpu >= 0)
		sched_dequeue(m, t);
	if (rq->curr)
		sched_dequeue(m, rq->curr);
	rq->curr = t;
	rq->exec_start_ns = m->clock_ns;
	t->on_cpu = t->cpu;
	sched_tick_arm(m, (unsigned int)t->cpu);
}

void sched_task_exit(struct machine *m, struct task_struct *t)
{
	if (t->on_cpu >= 0)
		sched_dequeue(m, t);
}

void sched_set_cpu(struct machine *m, struct task_struct *t, int cpu)
{
	update_scan_period(m, t, cpu);
	t->cpu = cpu;
	set_current(m, t);
}

int sched_init(struct machine *m)
{
	m->rq = calloc(m->nr_cpus, sizeof(*m->rq));
	if (!m->rq)
		return -ENOMEM;
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
		m->rq[cpu].tick = (struct mm_daemon){
			.name = "sched_tick", .run = sched_tick,
			.next_ns = MM_DAEMON_ASLEEP, .cpu = (int)cpu, .id = (int)cpu,
		};
		if (mm_daemon_register(m, &m->rq[cpu].tick))
			return -ENOMEM;
	}
	return 0;
}

void sched_release(struct machine *m)
{
	free(m->rq);
	m->rq = NULL;
}
