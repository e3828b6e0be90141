/*
 * mm/numa_balancing.h - automatic NUMA balancing: the scanner that makes
 * a running task's memory PROT_NONE a window at a time, the hinting
 * faults that follow, and the decision to move a page to the node of the
 * CPU that touched it.
 *
 * The pieces sit where the kernel has them: the scan's timing, the
 * task's fault statistics and should_numa_migrate_memory() in
 * mm/numa_balancing.c (kernel/sched/fair.c), the marking in
 * mm/mprotect.c (change_protection() with MM_CP_PROT_NUMA) and
 * mm/mempolicy.c (change_prot_numa(), mpol_misplaced()), the faults in
 * mm/memory.c (do_numa_page()) and mm/huge_memory.c
 * (do_huge_pmd_numa_page()), the tick that drives it all in
 * mm/sched_tick.c.
 *
 * Time: the scanner counts in jiffies (HZ 250, the reference kernel's)
 * and in the task's runtime; jiffies start at the kernel's
 * INITIAL_JIFFIES, so no jiffies value is 0 and 0 can mean "unset", as
 * the kernel's mm->numa_next_scan does.
 *
 * last_cpupid: the CPU and low pid bits of the task that last took a
 * hinting fault on a page (reset when the page is allocated for a user
 * mapping and by a write fault that reuses the page), in the layout of
 * the reference kernel: 8 pid bits under 13 CPU bits (NR_CPUS 8192).
 * The kernel keeps it in page->flags; numasim's struct page has no bit
 * to spare, so it lives in m->last_cpupid[pfn] (see mm/mmzone.h).
 *
 * Linux counterpart: include/linux/sched/numa_balancing.h, the cpupid
 * helpers of include/linux/mm.h, jiffies (include/linux/jiffies.h).
 */
#ifndef MM_NUMA_BALANCING_H
#define MM_NUMA_BALANCING_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/mmzone.h"

/* kernel.numa_balancing's bits.  Linux: include/linux/sched/sysctl.h */
#define NUMA_BALANCING_DISABLED		0x0
#define NUMA_BALANCING_NORMAL		0x1
#define NUMA_BALANCING_MEMORY_TIERING	0x2

/* The sysctl's range: 6.1's proc_dointvec_minmax with extra2 SYSCTL_FOUR. */
#define NUMA_BALANCING_MODE_MAX		4

/* Defaults, kernel/sched/fair.c (6.1). */
#define NUMA_BALANCING_SCAN_DELAY_MS	1000
#define NUMA_BALANCING_SCAN_PERIOD_MIN_MS	1000
#define NUMA_BALANCING_SCAN_PERIOD_MAX_MS	60000
#define NUMA_BALANCING_SCAN_SIZE_MB	256
/*
 * scan_size_mb from 2^24 wraps the kernel's 32-bit page count
 * (task_nr_scan_windows()), and 0 divides by zero there: refused.
 */
#define NUMA_BALANCING_SCAN_SIZE_MB_MAX	((1u << 24) - 1)

/* task_numa_fault()'s flags.  Linux: TNF_*, include/linux/sched/numa_balancing.h */
#define TNF_MIGRATED		0x01
#define TNF_NO_GROUP		0x02
#define TNF_SHARED		0x04
#define TNF_FAULT_LOCAL		0x08
#define TNF_MIGRATE_FAIL	0x10

/* ---- jiffies ---- */

#define HZ			250
#define TICK_NSEC		(NSEC_PER_SEC / HZ)
/* Linux: INITIAL_JIFFIES on 64-bit: five minutes before the 32-bit wrap. */
#define INITIAL_JIFFIES		((uint64_t)(uint32_t)(-300 * HZ))

static inline uint64_t jiffies(const struct machine *m)
{
	return INITIAL_JIFFIES + m->clock_ns / TICK_NSEC;
}

/*
 * Linux: msecs_to_jiffies() for HZ dividing 1000: rounded up; a value
 * that is negative as an int is the kernel's infinite timeout.
 */
static inline uint64_t msecs_to_jiffies(unsigned int msecs)
{
	if ((int)msecs < 0)
		return ((uint64_t)INT64_MAX >> 1) - 1;	/* MAX_JIFFY_OFFSET */
	return (msecs + (1000 / HZ) - 1) / (1000 / HZ);
}

/* Linux: time_before()/time_after(): a before b, wrap-safe. */
static inline bool time_before(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b) < 0;
}

static inline bool time_after(uint64_t a, uint64_t b)
{
	return time_before(b, a);
}

/* ---- last_cpupid ---- */

#define LAST__PID_SHIFT		8
#define LAST__PID_MASK		((1 << LAST__PID_SHIFT) - 1)
#define LAST__CPU_SHIFT		13
#define LAST__CPU_MASK		((1 << LAST__CPU_SHIFT) - 1)
#define LAST_CPUPID_SHIFT	(LAST__PID_SHIFT + LAST__CPU_SHIFT)
#define LAST_CPUPID_MASK	((1 << LAST_CPUPID_SHIFT) - 1)

static inline int cpu_pid_to_cpupid(int cpu, int pid)
{
	return ((cpu & LAST__CPU_MASK) << LAST__PID_SHIFT) | (pid & LAST__PID_MASK);
}

static inline int cpupid_to_pid(int cpupid) { return cpupid & LAST__PID_MASK; }
static inline int cpupid_to_cpu(int cpupid) { return (cpupid >> LAST__PID_SHIFT) & LAST__CPU_MASK; }

/* No task recorded (a pid whose low byte is 0xff looks the same, as in the kernel). */
static inline bool cpupid_pid_unset(int cpupid)
{
	return cpupid_to_pid(cpupid) == (-1 & LAST__PID_MASK);
}

static inline bool cpupid_match_pid(const struct task_struct *t, int cpupid)
{
	return (t->pid & LAST__PID_MASK) == cpupid_to_pid(cpupid);
}

/* Only called for a cpupid whose pid is set, hence whose CPU is one of the machine's. */
static inline int cpupid_to_nid(const struct machine *m, int cpupid)
{
	return cpu_to_node(m, cpupid_to_cpu(cpupid));
}

/* Linux: page_cpupid_last() */
static inline int page_cpupid_last(const struct machine *m, const struct page *page)
{
	return (int)(m->last_cpupid[page - m->vmemmap] ^ LAST_CPUPID_MASK);
}

/* Linux: page_cpupid_xchg_last(): store cpupid, return the one before. */
static inline int page_cpupid_xchg_last(struct machine *m, struct page *page, int cpupid)
{
	int last = page_cpupid_last(m, page);
	uint32_t stored = (uint32_t)((cpupid & LAST_CPUPID_MASK) ^ LAST_CPUPID_MASK);

	m->last_cpupid[page - m->vmemmap] = stored;
	return last;
}

/* Linux: page_cpupid_reset_last(): nobody has faulted on it. */
static inline void page_cpupid_reset_last(struct machine *m, struct page *page)
{
	m->last_cpupid[page - m->vmemmap] = 0;
}

/* ---- the scheduler's half (mm/numa_balancing.c) ---- */

/* Linux: the sched_numa_balancing static key: on for every mode but 0. */
static inline bool numa_balancing_enabled(const struct machine *m)
{
	return m->numab.mode != NUMA_BALANCING_DISABLED;
}

/*
 * Write kernel.numa_balancing (0..4; -EINVAL beyond); turning it on arms
 * the ticks of the CPUs that run tasks.  Linux: sysctl_numa_balancing().
 */
int numa_balancing_set_mode(struct machine *m, long mode);

/*
 * A new task's state.  A fork resets the parent's scan (6.1 calls this
 * before the child has an mm of its own), and the child's mm inherits
 * it; a spawned task's mm, a new exec's, starts unset.
 * Linux: init_numa_balancing(), kernel/sched/fair.c, and dup_mm().
 */
void init_numa_balancing(struct machine *m, struct task_struct *p, struct task_struct *parent);

/* Free the fault statistics (exit).  Linux: task_numa_free(). */
void task_numa_free(struct task_struct *p);

/*
 * One scheduler tick of curr, the current task of its CPU, its runtime
 * up to date: when the runtime passes node_stamp + the scan period and
 * the mm's next scan is due, scan (task_numa_work(), run at once: the
 * kernel runs it on the task's return to user mode).
 * Linux: task_tick_numa(), kernel/sched/fair.c.
 */
void task_tick_numa(struct machine *m, struct task_struct *curr);

/*
 * The runtime at which curr's next tick will act: the tick after it
 * passes node_stamp + the scan period.  Linux: none (task_tick_numa()'s
 * test, solved for the runtime).
 */
uint64_t task_numa_tick_due(const struct task_struct *curr);

/*
 * The task moves to new_cpu: moving to another node restarts its scan
 * period.  Linux: update_scan_period(), kernel/sched/fair.c.
 */
void update_scan_period(struct machine *m, struct task_struct *p, int new_cpu);

/*
 * A hinting fault of the current task on pages pages of mem_node (the
 * page's node, or where it moved); last_cpupid as the page held it
 * before the fault.  Linux: task_numa_fault(), kernel/sched/fair.c.
 */
void task_numa_fault(struct machine *m, int last_cpupid, int mem_node, int pages, int flags);

/*
 * Should the page, on src_nid, move to dst_cpu's node for p?  Records p
 * and dst_cpu as the page's last_cpupid: a page moves on the first fault
 * of a task young in NUMA terms, else when two faults in a row came
 * from the destination node.  Linux: should_numa_migrate_memory().
 */
bool should_numa_migrate_memory(struct machine *m, struct task_struct *p, struct page *page,
				int src_nid, int dst_cpu);


#endif /* MM_NUMA_BALANCING_H */
