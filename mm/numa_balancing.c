/*
 * mm/numa_balancing.c - automatic NUMA balancing, the scheduler's half
 * (see mm/numa_balancing.h): when and how much of a task's address space
 * is scanned, the statistics of its hinting faults, its preferred node,
 * and the last_cpupid filter that decides whether a page follows a task.
 *
 * The scan.  A task's tick, once the task's runtime has passed
 * node_stamp plus its scan period, moves node_stamp on by that period
 * and scans if the mm's next scan time (jiffies) has come: from
 * mm->numa_scan_offset, VMA by VMA, windows of up to scan_size_mb are
 * made PROT_NONE (change_prot_numa()); only windows that changed an
 * entry count against scan_size_mb, and at most eight times that much
 * address space is walked.  The mm's next scan then waits one scan
 * period; reaching the end of the address space starts a new pass
 * (numa_scan_seq).  A new address space waits scan_delay_ms first.
 *
 * The period.  task_scan_min/max() divide the period sysctls by the
 * task's RSS in scan_size windows (a large task scans more often, so
 * that it is covered in about the same time).  The first hinting fault
 * after a new pass re-derives the preferred node from decayed fault
 * counts and moves the period (update_task_scan_period()): longer when
 * most faults were local or private, or when a migration failed; shorter
 * otherwise.
 *
 * Simplified against 6.1 (docs/design.md, "NUMA balancing"): tasks form
 * no numa groups (the kernel groups tasks that fault on each other's
 * pages), so a task's CPU-side fault counts, which only groups read, are
 * not kept; and the scheduler never moves a task to its preferred node
 * (task_numa_migrate()): tasks run where the trace puts them.
 *
 * Invariants: a task's faults[] is NULL or holds NR_NUMA_HINT_FAULT_STATS
 * x nr_node_ids x NR_NUMA_HINT_FAULT_TYPES counts; node_stamp never
 * decreases.
 *
 * Linux counterpart: kernel/sched/fair.c (6.1): task_tick_numa(),
 * task_numa_work(), task_scan_min/start/max(), task_numa_fault(),
 * task_numa_placement(), update_task_scan_period(), update_scan_period(),
 * should_numa_migrate_memory(), init_numa_balancing(); kernel/sched/core.c:
 * sysctl_numa_balancing(); mm/migrate.c: migrate_misplaced_page().
 */
#include "mm/numa_balancing.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/sched_tick.h"

/* Never scan more than this many MB a second.  Linux: MAX_SCAN_WINDOW. */
#define MAX_SCAN_WINDOW		2560

/* update_task_scan_period() aims for 70% local faults.  Linux: NUMA_PERIOD_*. */
#define NUMA_PERIOD_SLOTS	10
#define NUMA_PERIOD_THRESHOLD	7

/* faults[]: the decayed counts and those since the last placement. */
enum { NUMA_MEM, NUMA_MEMBUF, NR_NUMA_HINT_FAULT_STATS };
#define NR_NUMA_HINT_FAULT_TYPES	2	/* shared, private */

static unsigned int min_uint(unsigned int a, unsigned int b) { return a < b ? a : b; }
static unsigned int max_uint(unsigned int a, unsigned int b) { return a > b ? a : b; }

/* Linux: task_faults_idx() */
static unsigned long *task_faults(const struct machine *m, const struct task_struct *p, int stat,
				  int nid, int priv)
{
	int idx = NR_NUMA_HINT_FAULT_TYPES * (stat * (int)m->nr_node_ids + nid) + priv;

	return &p->numab.faults[idx];
}

/* Linux: get_mm_rss(), include/linux/mm.h */
static unsigned long get_mm_rss(const struct mm_struct *mm)
{
	return (unsigned long)(mm->rss_stat[MM_FILEPAGES] + mm->rss_stat[MM_ANONPAGES] +
			       mm->rss_stat[MM_SHMEMPAGES]);
}

/*
 * The RSS in scan_size_mb windows, at least one.  The kernel rounds with
 * round_up(), exact for a power of two only; so does numasim.
 * Linux: task_nr_scan_windows().
 */
static unsigned int task_nr_scan_windows(const struct machine *m, const struct task_struct *p)
{
	unsigned long nr_scan_pages = m->numab.scan_size_mb << (20 - PAGE_SHIFT);
	unsigned long rss = get_mm_rss(p->mm);

	if (!rss)
		rss = nr_scan_pages;
	rss = ((rss - 1) | (nr_scan_pages - 1)) + 1;
	return (unsigned int)(rss / nr_scan_pages);
}

/* Linux: task_scan_min(): the period floor, at most MAX_SCAN_WINDOW MB a second. */
static unsigned int task_scan_min(const struct machine *m, const struct task_struct *p)
{
	unsigned int scan_size = m->numab.scan_size_mb, windows = 1;
	unsigned int floor, scan;

	if (scan_size < MAX_SCAN_WINDOW)
		windows = MAX_SCAN_WINDOW / scan_size;
	floor = 1000 / windows;
	scan = m->numab.scan_period_min_ms / task_nr_scan_windows(m, p);
	return max_uint(floor, scan);
}

/* Linux: task_scan_start(): the minimum, for a task in no numa group. */
static unsigned int task_scan_start(const struct machine *m, const struct task_struct *p)
{
	return task_scan_min(m, p);
}

/* Linux: task_scan_max(), for a task in no numa group. */
static unsigned int task_scan_max(const struct machine *m, const struct task_struct *p)
{
	unsigned int smin = task_scan_min(m, p);

	return max_uint(smin, m->numab.scan_period_max_ms / task_nr_scan_windows(m, p));
}

/* ---- the scan ---- */

/* Linux: reset_ptenuma_scan(): a new pass from the bottom of the address space. */
static void reset_ptenuma_scan(struct task_struct *p)
{
	p->mm->numa_scan_seq++;
	p->mm->numa_scan_offset = 0;
}

/*
 * Linux: the VMA tests of task_numa_work().  vma_migratable() holds for
 * every VMA numasim has (no VM_IO, VM_PFNMAP, VM_MIXEDMAP or DAX
 * mappings; files' pages are GFP_HIGHUSER_MOVABLE), so it is not asked.
 */
static bool vma_numa_scannable(struct machine *m, struct vm_area_struct *vma)
{
	if (!vma_policy_mof(m, vma) || (vma->vm_flags & VM_HUGETLB))
		return false;
	/* Shared libraries are expected to be cached everywhere: read-only files stay. */
	if (vma->vm_file && (vma->vm_flags & (VM_READ | VM_WRITE)) == VM_READ)
		return false;
	/* A PROT_NONE mapping's entries must not be taken for hinting entries. */
	return vma_is_accessible(vma);
}

/*
 * Linux: the window loop of task_numa_work(): from mm->numa_scan_offset,
 * mark windows of up to `pages` (2 MiB aligned at their end) until that
 * many pages were scanned in windows that changed something, or eight
 * times as many were walked.
 */
static void task_numa_scan(struct machine *m, struct task_struct *p)
{
	struct mm_struct *mm = p->mm;
	long pages = (long)m->numab.scan_size_mb << (20 - PAGE_SHIFT);
	long virtpages = pages * 8;
	uint64_t start = mm->numa_scan_offset, end, window;
	struct vm_area_struct *vma = find_vma(mm, start);

	if (!vma) {
		reset_ptenuma_scan(p);
		start = 0;
		vma = find_vma(mm, start);
	}
	for (; vma; vma = find_vma(mm, vma->vm_end)) {
		if (!vma_numa_scannable(m, vma))
			continue;
		do {
			if (start < vma->vm_start)
				start = vma->vm_start;
			window = (uint64_t)pages << PAGE_SHIFT;
			end = (start + window + HPAGE_PMD_SIZE - 1) & PMD_MASK;
			if (end > vma->vm_end)
				end = vma->vm_end;
			if (change_prot_numa(m, vma, start, end))
				pages -= (long)((end - start) >> PAGE_SHIFT);
			virtpages -= (long)((end - start) >> PAGE_SHIFT);
			start = end;
			if (pages <= 0 || virtpages <= 0)
				goto out;
		} while (end != vma->vm_end);
	}
out:
	/* A stop at the last VMA's end finds no VMA next time, and starts over then. */
	if (vma)
		mm->numa_scan_offset = start;
	else
		reset_ptenuma_scan(p);
}

/* Linux: task_numa_work(), kernel/sched/fair.c */
static void task_numa_work(struct machine *m, struct task_struct *p)
{
	struct mm_struct *mm = p->mm;
	uint64_t now = jiffies(m);

	if (!mm->numa_next_scan)
		mm->numa_next_scan = now + msecs_to_jiffies(m->numab.scan_delay_ms);
	if (time_before(now, mm->numa_next_scan))
		return;
	if (p->numab.scan_period == 0) {
		p->numab.scan_period_max = task_scan_max(m, p);
		p->numab.scan_period = task_scan_start(m, p);
	}
	mm->numa_next_scan = now + msecs_to_jiffies(p->numab.scan_period);
	/* Let another thread of the mm scan next time (numasim's have none). */
	p->numab.node_stamp += 2 * TICK_NSEC;
	task_numa_scan(m, p);
	/* The scan takes no simulated time, so it adds nothing to node_stamp. */
}

void task_tick_numa(struct machine *m, struct task_struct *curr)
{
	uint64_t period_ns = (uint64_t)curr->numab.scan_period * NSEC_PER_MSEC;

	if (!curr->mm || curr->sum_exec_runtime <= curr->numab.node_stamp + period_ns)
		return;
	if (!curr->numab.node_stamp)
		curr->numab.scan_period = task_scan_start(m, curr);
	curr->numab.node_stamp += period_ns;
	if (!time_before(jiffies(m), curr->mm->numa_next_scan))
		task_numa_work(m, curr);
}

uint64_t task_numa_tick_due(const struct task_struct *curr)
{
	return curr->numab.node_stamp + (uint64_t)curr->numab.scan_period * NSEC_PER_MSEC + 1;
}

/* ---- the period ---- */

/*
 * Linux: update_task_scan_period(): slower (up to the maximum) if no
 * fault was local or shared, or a migration failed, else by tenths of
 * the period: slower when 70% or more of the faults were private (the
 * memory is where it belongs) or local, faster otherwise.
 */
static void update_task_scan_period(struct machine *m, struct task_struct *p,
				    unsigned long shared, unsigned long private)
{
	unsigned long remote = p->numab.faults_locality[0], local = p->numab.faults_locality[1];
	unsigned int period_slot;
	int lr_ratio, ps_ratio, diff;

	if (local + shared == 0 || p->numab.faults_locality[2]) {
		p->numab.scan_period = min_uint(p->numab.scan_period_max,
						p->numab.scan_period << 1);
		p->mm->numa_next_scan = jiffies(m) + msecs_to_jiffies(p->numab.scan_period);
		return;
	}
	period_slot = (p->numab.scan_period + NUMA_PERIOD_SLOTS - 1) / NUMA_PERIOD_SLOTS;
	lr_ratio = (int)((local * NUMA_PERIOD_SLOTS) / (local + remote));
	ps_ratio = (int)((private * NUMA_PERIOD_SLOTS) / (private + shared));
	if (ps_ratio >= NUMA_PERIOD_THRESHOLD) {
		int slot = ps_ratio - NUMA_PERIOD_THRESHOLD;

		diff = (slot ? slot : 1) * (int)period_slot;
	} else if (lr_ratio >= NUMA_PERIOD_THRESHOLD) {
		int slot = lr_ratio - NUMA_PERIOD_THRESHOLD;

		diff = (slot ? slot : 1) * (int)period_slot;
	} else {
		int ratio = lr_ratio > ps_ratio ? lr_ratio : ps_ratio;

		diff = -(NUMA_PERIOD_THRESHOLD - ratio) * (int)period_slot;
	}
	/* Unsigned, as the kernel's sum. */
	p->numab.scan_period = min_uint(max_uint(p->numab.scan_period + (unsigned int)diff,
						 task_scan_min(m, p)),
					task_scan_max(m, p));
	memset(p->numab.faults_locality, 0, sizeof(p->numab.faults_locality));
}

void update_scan_period(struct machine *m, struct task_struct *p, int new_cpu)
{
	int src_nid = cpu_to_node(m, p->cpu), dst_nid = cpu_to_node(m, new_cpu);
	int preferred = p->numab.preferred_nid;

	if (!numa_balancing_enabled(m) || !p->mm || !p->numab.faults || src_nid == dst_nid)
		return;
	/*
	 * After a whole pass, keep the period when the task moves to its
	 * preferred node, or away from a node that was not its preferred one.
	 */
	if (p->numab.scan_seq &&
	    (dst_nid == preferred || (preferred != NUMA_NO_NODE && src_nid != preferred)))
		return;
	p->numab.scan_period = task_scan_start(m, p);
}

/* ---- the faults ---- */

/*
 * Halve nid's priv fault count and add those since the last placement;
 * returns the new count.  Linux: the body of task_numa_placement()'s loop.
 */
static unsigned long numa_faults_decay(const struct machine *m, struct task_struct *p, int nid,
				       int priv, unsigned long *fault_types)
{
	unsigned long *mem = task_faults(m, p, NUMA_MEM, nid, priv);
	unsigned long *membuf = task_faults(m, p, NUMA_MEMBUF, nid, priv);
	long diff = (long)(*membuf - *mem / 2);

	fault_types[priv] += *membuf;
	*membuf = 0;
	*mem += (unsigned long)diff;
	p->numab.total_faults += (unsigned long)diff;
	return *mem;
}

/*
 * A task cannot be placed on a node without CPUs: the nearest one with.
 * Linux: the N_CPU step of task_numa_placement().
 */
static int nearest_cpu_node(const struct machine *m, int nid)
{
	unsigned int best = UINT32_MAX;
	int near = nid;

	for_each_online_node(m, n) {
		if (m->hw.node[n].nr_cpus && m->hw.distance[nid][n] < best) {
			best = m->hw.distance[nid][n];
			near = n;
		}
	}
	return near;
}

/*
 * Linux: task_numa_placement(), for a task in no numa group: once per
 * pass, the node with the most (decayed) memory faults becomes the
 * preferred one (sched_setnuma()), and the scan period moves.
 */
static void task_numa_placement(struct machine *m, struct task_struct *p)
{
	unsigned long fault_types[NR_NUMA_HINT_FAULT_TYPES] = { 0, 0 }, max_faults = 0;
	int max_nid = NUMA_NO_NODE;

	if (p->numab.scan_seq == p->mm->numa_scan_seq)
		return;
	p->numab.scan_seq = p->mm->numa_scan_seq;
	p->numab.scan_period_max = task_scan_max(m, p);
	for_each_online_node(m, nid) {
		unsigned long faults = 0;

		for (int priv = 0; priv < NR_NUMA_HINT_FAULT_TYPES; priv++)
			faults += numa_faults_decay(m, p, nid, priv, fault_types);
		if (faults > max_faults) {
			max_faults = faults;
			max_nid = nid;
		}
	}
	if (max_nid != NUMA_NO_NODE && !m->hw.node[max_nid].nr_cpus)
		max_nid = nearest_cpu_node(m, max_nid);
	if (max_faults)
		p->numab.preferred_nid = max_nid;
	update_task_scan_period(m, p, fault_types[0], fault_types[1]);
}

/*
 * Linux: numa_migrate_preferred(): when to look at the placement again.
 * The kernel then moves the task to a CPU of its preferred node
 * (task_numa_migrate()); numasim's tasks stay where the trace puts them.
 */
static void numa_migrate_preferred(struct machine *m, struct task_struct *p)
{
	uint64_t interval = HZ;

	if (p->numab.preferred_nid == NUMA_NO_NODE || !p->numab.faults)
		return;
	if (msecs_to_jiffies(p->numab.scan_period) / 16 < interval)
		interval = msecs_to_jiffies(p->numab.scan_period) / 16;
	p->numab.migrate_retry = jiffies(m) + interval;
}

/* Linux: the allocation at the top of task_numa_fault(). */
static bool task_numa_faults_alloc(const struct machine *m, struct task_struct *p)
{
	if (p->numab.faults)
		return true;
	p->numab.faults = calloc((size_t)NR_NUMA_HINT_FAULT_STATS * NR_NUMA_HINT_FAULT_TYPES *
				 m->nr_node_ids, sizeof(*p->numab.faults));
	if (!p->numab.faults)
		return false;
	p->numab.total_faults = 0;
	memset(p->numab.faults_locality, 0, sizeof(p->numab.faults_locality));
	return true;
}

void task_numa_fault(struct machine *m, int last_cpupid, int mem_node, int pages, int flags)
{
	struct task_struct *p = m->current;
	int local = !!(flags & TNF_FAULT_LOCAL);
	int priv;

	if (!numa_balancing_enabled(m) || !p || !p->mm || !task_numa_faults_alloc(m, p))
		return;
	/*
	 * A first fault counts as private; else private means the same task.
	 * (A shared fault would make the two tasks a numa group: not modelled.)
	 */
	if (last_cpupid == (-1 & LAST_CPUPID_MASK))
		priv = 1;
	else
		priv = cpupid_match_pid(p, last_cpupid);
	if (time_after(jiffies(m), p->numab.migrate_retry)) {
		task_numa_placement(m, p);
		numa_migrate_preferred(m, p);
		/* A shorter period brings the next tick that acts closer. */
		sched_tick_rearm(m, p);
	}
	if (flags & TNF_MIGRATED)
		p->numab.pages_migrated += (unsigned long)pages;
	if (flags & TNF_MIGRATE_FAIL)
		p->numab.faults_locality[2] += (unsigned long)pages;
	*task_faults(m, p, NUMA_MEMBUF, mem_node, priv) += (unsigned long)pages;
	p->numab.faults_locality[local] += (unsigned long)pages;
}

/*
 * Linux: should_numa_migrate_memory(), kernel/sched/fair.c, for top-tier
 * memory (every node of numasim) and a task in no numa group.
 */
bool should_numa_migrate_memory(struct machine *m, struct task_struct *p, struct page *page,
				int src_nid, int dst_cpu)
{
	int dst_nid = cpu_to_node(m, dst_cpu);
	int last_cpupid = page_cpupid_xchg_last(m, page, cpu_pid_to_cpupid(dst_cpu, p->pid));

	(void)src_nid;		/* the kernel reads it only for memory tiers */
	/* Early in a task's life (four passes), its first and private faults move at once. */
	if ((p->numab.preferred_nid == NUMA_NO_NODE || p->numab.scan_seq <= 4) &&
	    (cpupid_pid_unset(last_cpupid) || cpupid_match_pid(p, last_cpupid)))
		return true;
	/*
	 * Two faults in a row from the destination node, or no move: the
	 * square of a task's share of a page's accesses, which drops the
	 * occasional ones.
	 */
	if (!cpupid_pid_unset(last_cpupid) && cpupid_to_nid(m, last_cpupid) != dst_nid)
		return false;
	/* Private, or (without a numa group to weigh) shared: move it. */
	return true;
}

/* ---- setup and the sysctl ---- */

void init_numa_balancing(struct machine *m, struct task_struct *p, struct task_struct *parent)
{
	if (parent) {
		parent->mm->numa_next_scan = jiffies(m) + msecs_to_jiffies(m->numab.scan_delay_ms);
		parent->mm->numa_scan_seq = 0;
		p->mm->numa_next_scan = parent->mm->numa_next_scan;
		p->mm->numa_scan_offset = parent->mm->numa_scan_offset;
		p->mm->numa_scan_seq = 0;
	}
	memset(&p->numab, 0, sizeof(p->numab));
	p->numab.scan_period = m->numab.scan_delay_ms;
	p->numab.preferred_nid = NUMA_NO_NODE;
}

void task_numa_free(struct task_struct *p)
{
	free(p->numab.faults);
	p->numab.faults = NULL;
}

int numa_balancing_set_mode(struct machine *m, long mode)
{
	if (mode < NUMA_BALANCING_DISABLED || mode > NUMA_BALANCING_MODE_MAX)
		return -EINVAL;
	m->numab.mode = (int)mode;
	if (numa_balancing_enabled(m))
		sched_tick_arm_all(m);
	return 0;
}

