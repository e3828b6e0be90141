/*
 * mm/fork.c - tasks: spawning, forking and exiting, and the per-machine
 * tables the process side keeps (tasks by pid, mapping handles).
 *
 * A fork copies the parent's address space the way dup_mmap() does: every
 * VMA is duplicated (except VM_DONTCOPY ones), anonymous VMAs get a new
 * anon_vma chained under the parent's (anon_vma_fork), file VMAs join the
 * file's i_mmap, mlock is not inherited, and the page tables of VMAs that
 * hold anonymous pages are copied with both sides write-protected
 * (copy_page_range), so the first write on either side copies (CoW).
 * The child's private writable VMAs (VM_ACCOUNT) are charged to the
 * committed memory again, so a fork can fail under strict overcommit;
 * exit refunds them.  Each new task gets its NUMA balancing state
 * (init_numa_balancing(): a fork also restarts the parent's scan), and
 * the task an event acts as runs on its CPU (set_current()).
 *
 * Invariants: m->procs.tasks is sorted by pid with no duplicates; every
 * task owns exactly one mm_struct; a mapping id names a live anon_vma or
 * address_space, or is on the free chain.
 *
 * Linux counterpart: kernel/fork.c (copy_process, dup_mm, dup_mmap),
 * kernel/exit.c (do_exit, exit_mm), mm/mmap.c (exit_mmap).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/array.h"
#include "mm/bug.h"
#include "mm/cpuset.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/numa_balancing.h"
#include "mm/rmap.h"
#include "mm/sched_tick.h"

/* The default mmap_base without randomisation: TASK_SIZE less the 128 MiB minimum gap. */
#define MMAP_MIN_GAP	((uint64_t)128 << 20)

/* ---- mapping handles (page->owner's mapping bits) ---- */

/* A free id is chained as an odd value: (next << 1) | 1. */
static bool map_slot_is_free(void *obj)
{
	return ((uintptr_t)obj & 1) != 0;
}

uint32_t mapping_id_alloc(struct machine *m, void *obj)
{
	struct mm_procs *p = &m->procs;
	uint32_t id = p->map_free;

	if (id) {
		p->map_free = (uint32_t)((uintptr_t)p->map_objs[id] >> 1);
		p->map_objs[id] = obj;
		return id;
	}
	if (p->nr_map_ids + 1 >= p->map_ids_cap) {
		uint32_t cap = p->map_ids_cap ? p->map_ids_cap * 2 : 256;
		void **objs;

		if (cap > (1u << (32 - PAGE_MAPPING_ID_SHIFT)))
			return 0;
		objs = realloc(p->map_objs, cap * sizeof(*objs));
		if (!objs)
			return 0;
		p->map_objs = objs;
		p->map_ids_cap = cap;
	}
	id = ++p->nr_map_ids;		/* id 0 means "no mapping" */
	p->map_objs[id] = obj;
	return id;
}

void mapping_id_free(struct machine *m, uint32_t id)
{
	struct mm_procs *p = &m->procs;

	MM_BUG_ON(id == 0 || map_slot_is_free(p->map_objs[id]));
	p->map_objs[id] = (void *)(((uintptr_t)p->map_free << 1) | 1);
	p->map_free = id;
}

/* ---- the task table ---- */

/* Index of pid in the sorted table, or where it would go. */
static size_t task_slot(const struct mm_procs *p, int pid)
{
	size_t lo = 0, hi = p->nr_tasks;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (p->tasks[mid]->pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Linux: find_task_by_vpid(), kernel/pid.c */
struct task_struct *find_task_by_pid(const struct machine *m, int pid)
{
	const struct mm_procs *p = &m->procs;
	size_t i = task_slot(p, pid);

	return i < p->nr_tasks && p->tasks[i]->pid == pid ? p->tasks[i] : NULL;
}

static int task_table_insert(struct mm_procs *p, struct task_struct *t)
{
	return array_insert(&p->tasks, sizeof(*p->tasks), &p->nr_tasks, &p->tasks_cap,
			    task_slot(p, t->pid), &t);
}

static void task_table_remove(struct mm_procs *p, const struct task_struct *t)
{
	size_t i = task_slot(p, t->pid);

	MM_BUG_ON(i >= p->nr_tasks || p->tasks[i] != t);
	array_remove(p->tasks, sizeof(*p->tasks), &p->nr_tasks, i);
}

/* The kernel's current and its CPU: the task the event runs as, which runs on it from now. */
void set_current(struct machine *m, struct task_struct *t)
{
	m->current = t;
	if (t) {
		m->current_cpu = t->cpu;
		sched_switch_to(m, t);
	}
}

/* ---- mm_struct ---- */

/* Linux: mm_alloc() + mm_init() + pgd_alloc(). */
static struct mm_struct *mm_alloc(struct machine *m)
{
	struct mm_struct *mm = calloc(1, sizeof(*mm));

	if (!mm)
		return NULL;
	mm->pgd_pfn = PFN_NONE;
	mm->mmap_base = (TASK_SIZE - MMAP_MIN_GAP) & ~(PAGE_SIZE - 1);
	if (pgd_alloc(m, mm)) {
		free(mm);
		return NULL;
	}
	return mm;
}

/*
 * Linux: exit_mmap(), mm/mmap.c.  Unmap everything, free the page tables
 * of the whole address space, then the VMAs (refunding what they were
 * charged) and the PGD.
 */
static void exit_mmap(struct machine *m, struct mm_struct *mm)
{
	long nr_accounted = 0;

	for (size_t i = 0; i < mm->nr_vmas; i++)
		zap_page_range(m, mm->vmas[i], mm->vmas[i]->vm_start, mm->vmas[i]->vm_end);
	if (mm->nr_vmas)
		free_pgtables(m, mm, mm->vmas[0]->vm_start, mm->vmas[mm->nr_vmas - 1]->vm_end,
			      0, 0);
	for (size_t i = 0; i < mm->nr_vmas; i++) {
		if (mm->vmas[i]->vm_flags & VM_ACCOUNT)
			nr_accounted += (long)vma_pages(mm->vmas[i]);
		vm_area_free(m, mm->vmas[i]);
	}
	vm_unacct_memory(m, nr_accounted);
	free(mm->vmas);
	mm->vmas = NULL;
	mm->nr_vmas = 0;
	pgd_free(m, mm);
	free(mm);
}

/* ---- tasks ---- */

static struct task_struct *task_alloc(struct machine *m, int pid, int cpu, const char *comm)
{
	struct task_struct *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->pid = pid;
	t->cpu = cpu;
	t->on_cpu = -1;
	t->il_prev = MAX_NUMNODES - 1;	/* interleave starts at the first node */
	snprintf(t->comm, sizeof(t->comm), "%s", comm ? comm : "task");
	t->mm = mm_alloc(m);
	if (!t->mm) {
		free(t);
		return NULL;
	}
	t->mm->owner = t;
	return t;
}

/* A new task with its own empty mm (Linux: what exec leaves: mm_alloc()). */
int task_spawn(struct machine *m, int pid, int cpu, const char *comm, struct task_struct **out)
{
	struct task_struct *t;

	if (pid <= 0)
		return -EINVAL;
	if (cpu < 0 || (unsigned int)cpu >= m->nr_cpus)
		return -EINVAL;
	if (find_task_by_pid(m, pid))
		return -EEXIST;
	/* exec builds the new mm itself: on the task's CPU, under the default policy. */
	m->current = NULL;
	m->current_cpu = cpu;
	t = task_alloc(m, pid, cpu, comm);
	if (!t)
		return -ENOMEM;
	cpuset_task_init(m, t, NULL);
	init_numa_balancing(m, t, NULL);
	if (task_table_insert(&m->procs, t)) {
		task_exit(m, t);
		return -ENOMEM;
	}
	set_current(m, t);
	if (out)
		*out = t;
	return 0;
}

/* Append vma to mm's sorted array (dup_mmap copies in address order). */
static int mm_append_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	return array_insert(&mm->vmas, sizeof(*mm->vmas), &mm->nr_vmas, &mm->vmas_cap,
			    mm->nr_vmas, &vma);
}

/*
 * Linux: the per-VMA body of dup_mmap(), kernel/fork.c.  A VM_ACCOUNT VMA
 * is charged again for the child, with the parent's mm as the kernel
 * passes it; the charge is refunded unless the copy joined the child.
 */
static int dup_vma(struct machine *m, struct mm_struct *child_mm, struct vm_area_struct *src)
{
	long charge = (src->vm_flags & VM_ACCOUNT) ? (long)vma_pages(src) : 0;
	struct vm_area_struct *vma;

	if (charge && security_vm_enough_memory_mm(m, src->vm_mm, charge))
		return -ENOMEM;
	vma = calloc(1, sizeof(*vma));
	if (!vma) {
		vm_unacct_memory(m, charge);
		return -ENOMEM;
	}
	*vma = *src;
	vma->vm_mm = child_mm;
	vma->vm_flags &= ~VM_LOCKED_MASK;
	vma->anon_vma = NULL;
	vma->hugetlb_resv = 0;		/* Linux: hugetlb_dup_vma_private(): the parent's */
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	INIT_LIST_HEAD(&vma->shared);
	vma->vm_policy = src->vm_policy ? mpol_dup(src->vm_policy) : NULL;
	if (vma->vm_file) {
		mapping_get(vma->vm_file);
		list_add_tail(&vma->shared, &vma->vm_file->i_mmap);
	}
	if (mm_append_vma(child_mm, vma) || (src->anon_vma && anon_vma_fork(m, vma, src))) {
		if (child_mm->nr_vmas && child_mm->vmas[child_mm->nr_vmas - 1] == vma)
			child_mm->nr_vmas--;
		vm_area_free(m, vma);
		vm_unacct_memory(m, charge);
		return -ENOMEM;
	}
	/* Linux: vma_needs_copy(): only VMAs with anonymous pages copy their tables. */
	if (src->anon_vma)
		return copy_page_range(m, vma, src);
	return 0;
}

/* Linux: dup_mmap(), kernel/fork.c */
static int dup_mmap(struct machine *m, struct mm_struct *child_mm, struct mm_struct *parent_mm)
{
	child_mm->total_vm = parent_mm->total_vm;
	child_mm->mmap_base = parent_mm->mmap_base;
	for (size_t i = 0; i < parent_mm->nr_vmas; i++) {
		struct vm_area_struct *src = parent_mm->vmas[i];
		int ret;

		if (src->vm_flags & VM_DONTCOPY) {
			child_mm->total_vm -= vma_pages(src);
			continue;
		}
		ret = dup_vma(m, child_mm, src);
		if (ret)
			return ret;
	}
	return 0;
}

/* Linux: kernel_clone() -> copy_process() -> copy_mm(), kernel/fork.c */
int task_fork(struct machine *m, struct task_struct *parent, int child_pid,
	      struct task_struct **out)
{
	struct task_struct *child;

	if (child_pid <= 0)
		return -EINVAL;
	if (find_task_by_pid(m, child_pid))
		return -EEXIST;
	set_current(m, parent);
	child = task_alloc(m, child_pid, parent->cpu, parent->comm);
	if (!child)
		return -ENOMEM;
	init_numa_balancing(m, child, parent);
	child->mempolicy = parent->mempolicy ? mpol_dup(parent->mempolicy) : NULL;
	child->il_prev = parent->il_prev;
	child->oom_score_adj = parent->oom_score_adj;	/* copy_signal() */
	cpuset_task_init(m, child, parent);
	if (dup_mmap(m, child->mm, parent->mm) || task_table_insert(&m->procs, child)) {
		task_exit(m, child);
		set_current(m, parent);
		return -ENOMEM;
	}
	if (out)
		*out = child;
	return 0;
}

/* Linux: do_exit() -> exit_mm(), kernel/exit.c */
void task_exit(struct machine *m, struct task_struct *t)
{
	set_current(m, t);
	exit_mmap(m, t->mm);
	t->mm = NULL;
	sched_task_exit(m, t);
	task_numa_free(t);
	if (t->mempolicy)
		mpol_put(t->mempolicy);
	if (find_task_by_pid(m, t->pid) == t)
		task_table_remove(&m->procs, t);
	set_current(m, NULL);
	free(t);
}

/* ---- the machine's process side ---- */

/*
 * ZERO_PAGE lives in the kernel image, i.e. in reserved memory of the
 * first node: numasim takes the first reserved frame of a populated zone
 * (a machine configured with nothing reserved gets one on first use:
 * get_zero_pfn()).
 */
static pfn_t first_reserved_pfn(const struct machine *m, const struct zone *zone)
{
	for_each_valid_pfn_run(m, run, run_end, zone->zone_start_pfn, zone_end_pfn(zone))
		for (pfn_t pfn = run; pfn < run_end; pfn++)
			if (PageReserved(pfn_to_page(m, pfn)) &&
			    page_zonenum(pfn_to_page(m, pfn)) == zone_idx(zone))
				return pfn;
	return PFN_NONE;
}

static pfn_t find_zero_pfn(const struct machine *m)
{
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		const pg_data_t *pgdat = m->node_data[nid];

		if (!pgdat)
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			pfn_t pfn = first_reserved_pfn(m, &pgdat->node_zones[z]);

			if (pfn != PFN_NONE)
				return pfn;
		}
	}
	return PFN_NONE;
}

int mm_procs_init(struct machine *m)
{
	memset(&m->procs, 0, sizeof(m->procs));
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		if (m->node_data[nid])
			for (int lru = 0; lru < NR_LRU_LISTS; lru++)
				page_list_init(&m->node_data[nid]->lruvec.lists[lru]);
	m->zero_pfn = find_zero_pfn(m);
	hugetlb_init(m);
	cpuset_init(m);
	/* Fresh anonymous memory: only the frames of user pages ever get touched. */
	m->last_cpupid = calloc(m->end_pfn, sizeof(*m->last_cpupid));
	return m->last_cpupid ? 0 : -ENOMEM;
}

void mm_procs_release(struct machine *m)
{
	struct mm_procs *p = &m->procs;

	while (p->nr_tasks)
		task_exit(m, p->tasks[p->nr_tasks - 1]);
	files_release(m);
	cpuset_release(m);
	for (uint32_t s = 1; s <= p->nr_pt_slots; s++)
		free(p->pt_tables[s]);
	free(p->pt_tables);
	free(p->tasks);
	free(p->map_objs);
	memset(p, 0, sizeof(*p));
	free(m->last_cpupid);
	m->last_cpupid = NULL;
}

/*
 * The zero page's frame.  On a machine without reserved memory the first
 * read fault takes a frame for it (and keeps it), so the allocator's
 * state after boot stays exactly what the configuration says.
 */
pfn_t get_zero_pfn(struct machine *m)
{
	struct page *page;

	if (m->zero_pfn != PFN_NONE)
		return m->zero_pfn;
	page = alloc_pages_node(m, NUMA_NO_NODE, GFP_KERNEL | __GFP_ZERO, 0);
	if (!page)
		return PFN_NONE;
	SetPageFlag(page, PG_reserved);
	m->zero_pfn = page_to_pfn(m, page);
	return m->zero_pfn;
}
